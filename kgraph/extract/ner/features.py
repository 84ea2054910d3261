"""Character features for the CRF tagger.

Speed matters more than elegance here: ~90% of CRF tagging time is spent building these
strings, so the function works on plain lists and avoids per-character calls.
Two designs are kept so the training script can compare them:

- ``base``: characters ±2, character bigrams, character classes, word-boundary tags
  (BMES + word length) from the rjieba segmenter.
- ``wide``: ``lex`` plus the identity of the containing word and its neighbours, a
  character trigram and a skip bigram (more context for long organization names).
- ``dict``: ``wide`` plus dictionary matches: every entry of jieba's lexicon tagged as a
  place, organization, person or other proper name (ns/nt/nr/nz) found at this position,
  whatever segmentation was chosen, as begin/inside/end marks with the entry's tag.
- ``lex``: ``base`` plus the part-of-speech of the containing word and of its neighbours
  (jieba's lexicon tags nr/ns/nt are strong name cues), and the word's last character
  (organization heads such as 院/局/会 end the word that carries them).
"""

from __future__ import annotations

import os
from functools import lru_cache

import rjieba

DESIGNS = ("base", "lex", "wide", "dict")
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


_NAME_TAGS = {"ns", "nt", "nr", "nz", "nrt", "nrfg"}


@lru_cache(maxsize=1)
def name_lexicon() -> dict[str, str]:
    """Proper-name entries of jieba's dictionary (2–8 characters) → their tag."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] in _NAME_TAGS and 2 <= len(parts[0]) <= 8:
                out[parts[0]] = parts[2][:2]
    return out


def _dictionary_marks(text: str) -> list[list[str]]:
    lex = name_lexicon()
    n = len(text)
    marks: list[list[str]] = [[] for _ in range(n)]
    for i in range(n):
        for length in range(min(8, n - i), 1, -1):
            tag = lex.get(text[i : i + length])
            if tag:
                marks[i].append("dB=" + tag)
                for j in range(i + 1, i + length - 1):
                    marks[j].append("dI=" + tag)
                marks[i + length - 1].append("dE=" + tag)
                break
    return marks


def sentence_features(text: str, design: str = "lex") -> list[list[str]]:
    """Return one list of feature strings per character of ``text``."""
    n = len(text)
    if n == 0:
        return []
    tagged = rjieba.tag(text)
    lex = design in ("lex", "wide", "dict")
    wide = design in ("wide", "dict")
    # word-level strings, built once per word and position letter (B/M/E/S)
    per_char: list[list[str]] = []
    tags = [t for _, t in tagged]
    last_k = len(tagged) - 1
    for k, (word, tag) in enumerate(tagged):
        m = len(word)
        ln = str(m) if m < 5 else "5"
        prev_t = tags[k - 1] if k else _PAD
        next_t = tags[k + 1] if k < last_k else _END
        prev_w = tagged[k - 1][0] if k else _PAD
        next_w = tagged[k + 1][0] if k < last_k else _END
        last = word[-1]
        for j in range(m):
            b = "S" if m == 1 else "B" if j == 0 else "E" if j == m - 1 else "M"
            f = ["w=" + b + ln]
            if lex:
                bt = b + tag
                f += ["p=" + bt, "pp=" + prev_t + "|" + bt, "pn=" + bt + "|" + next_t, "wl=" + last + b]
            if wide:
                f += ["wi=" + word + "|" + b, "wp=" + prev_w, "wn=" + next_w]
            per_char.append(f)
    chars = [_PAD, _PAD, *text, _END, _END]
    cls = ["B", "B", *(_char_class(c) for c in text), "E", "E"]
    out: list[list[str]] = []
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
        ]
        f += per_char[i]
        if wide:
            f.append("tri=" + cm1 + c0 + cp1)
            f.append("skip=" + cm1 + cp1)
        out.append(f)
    if design == "dict":
        for f, marks in zip(out, _dictionary_marks(text), strict=True):
            f.extend(marks)
    return out
