"""Character features for the CRF tagger.

Speed matters more than elegance here: ~90% of CRF tagging time is spent building these
strings, so the function works on plain lists and avoids per-character calls.
Two designs are kept so the training script can compare them:

- ``base``: characters ±2, character bigrams, character classes, word-boundary tags
  (BMES + word length) from the rjieba segmenter.
- ``wide``: ``lex`` plus the identity of the containing word and its neighbours, a
  character trigram and a skip bigram (more context for long organization names).
- ``lex``: ``base`` plus the part-of-speech of the containing word and of its neighbours
  (jieba's lexicon tags nr/ns/nt are strong name cues), and the word's last character
  (organization heads such as 院/局/会 end the word that carries them).
"""

from __future__ import annotations

import rjieba

DESIGNS = ("base", "lex", "wide")
_PAD = "<s>"
_END = "</s>"


def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "D"
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "S"
    return "P"


def sentence_features(text: str, design: str = "lex") -> list[list[str]]:
    """Return one list of feature strings per character of ``text``."""
    n = len(text)
    if n == 0:
        return []
    tagged = rjieba.tag(text)
    bmes = [""] * n
    pos = [""] * n
    wlast = [""] * n
    wpos_prev = [""] * n
    wpos_next = [""] * n
    wid = [""] * n
    wprev = [""] * n
    wnext = [""] * n
    i = 0
    tags = [t for _, t in tagged]
    for k, (word, tag) in enumerate(tagged):
        m = len(word)
        ln = str(m) if m < 5 else "5"
        prev_t = tags[k - 1] if k else _PAD
        next_t = tags[k + 1] if k + 1 < len(tags) else _END
        last = word[-1]
        pw = tagged[k - 1][0] if k else _PAD
        nw = tagged[k + 1][0] if k + 1 < len(tagged) else _END
        for j in range(m):
            if m == 1:
                b = "S"
            elif j == 0:
                b = "B"
            elif j == m - 1:
                b = "E"
            else:
                b = "M"
            bmes[i + j] = b + ln
            pos[i + j] = b + tag
            wlast[i + j] = last
            wpos_prev[i + j] = prev_t
            wpos_next[i + j] = next_t
            wid[i + j] = word
            wprev[i + j] = pw
            wnext[i + j] = nw
        i += m
    chars = [_PAD, _PAD, *text, _END, _END]
    cls = [_char_class(c) for c in text]
    cls = ["B", "B", *cls, "E", "E"]
    out: list[list[str]] = []
    lex = design in ("lex", "wide")
    wide = design == "wide"
    for i in range(n):
        p = i + 2
        c0 = chars[p]
        cm1, cm2, cp1, cp2 = chars[p - 1], chars[p - 2], chars[p + 1], chars[p + 2]
        f = [
            "bias",
            "c0=" + c0,
            "c-1=" + cm1,
            "c+1=" + cp1,
            "c-2=" + cm2,
            "c+2=" + cp2,
            "b-1=" + cm1 + c0,
            "b+1=" + c0 + cp1,
            "b-2=" + cm2 + cm1,
            "b+2=" + cp1 + cp2,
            "t=" + cls[p - 1] + cls[p] + cls[p + 1],
            "w=" + bmes[i],
        ]
        if lex:
            f.append("p=" + pos[i])
            f.append("pp=" + wpos_prev[i] + "|" + pos[i])
            f.append("pn=" + pos[i] + "|" + wpos_next[i])
            f.append("wl=" + wlast[i] + bmes[i][0])
        if wide:
            f.append("wi=" + wid[i] + "|" + bmes[i][0])
            f.append("wp=" + wprev[i])
            f.append("wn=" + wnext[i])
            f.append("tri=" + cm1 + c0 + cp1)
            f.append("skip=" + cm1 + cp1)
        out.append(f)
    return out
