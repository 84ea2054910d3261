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
- ``wide2``: ``wide`` plus the words two away on either side, the word's first character
  and the tag trigram around it (farther context for long names).
- ``gaz``: ``wide`` plus matches against a lexicon of the entity names seen in the training
  data (longest match, with the name's majority type). While training, each sentence sees
  only names from the other folds, so the model learns how far such a match can be trusted
  on names it has never seen.
- ``lex``: ``base`` plus the part-of-speech of the containing word and of its neighbours
  (jieba's lexicon tags nr/ns/nt are strong name cues), and the word's last character
  (organization heads such as 院/局/会 end the word that carries them).
"""

from __future__ import annotations

import os
from functools import lru_cache

import rjieba

DESIGNS = ("base", "lex", "wide", "dict", "gaz", "wide2")
_PAD = "<s>"
_END = "</s>"


def char_class(ch: str) -> str:
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


class Lexicon:
    """Name → tag, with every proper prefix kept so a scan can stop as soon as it leaves it."""

    def __init__(self, entries: dict[str, str], max_len: int = 12) -> None:
        self.entries = {k: v for k, v in entries.items() if 2 <= len(k) <= max_len}
        self.prefixes = {k[:i] for k in self.entries for i in range(1, len(k))}

    def marks(self, text: str, key: str) -> list[list[str]]:
        """Longest entry starting at each position, left to right, as begin/inside/end marks."""
        n = len(text)
        out: list[list[str]] = [[] for _ in range(n)]
        entries, prefixes = self.entries, self.prefixes
        i = 0
        while i < n:
            best = 0
            j = i + 1
            while j <= n:
                piece = text[i:j]
                if piece in entries:
                    best = j
                if piece not in prefixes:
                    break
                j += 1
            if best:
                tag = entries[text[i:best]]
                out[i].append(key + "B=" + tag)
                for k in range(i + 1, best - 1):
                    out[k].append(key + "I=" + tag)
                out[best - 1].append(key + "E=" + tag)
            i += 1
        return out

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Lexicon:
        with open(path, encoding="utf-8") as f:
            return cls(dict(line.rstrip("\n").split("\t") for line in f if "\t" in line))

    def write(self, path: str | os.PathLike[str]) -> None:
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(f"{k}\t{v}\n" for k, v in sorted(self.entries.items()))


@lru_cache(maxsize=1)
def name_lexicon() -> Lexicon:
    """Proper-name entries of jieba's dictionary (2–8 characters) → their tag."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] in _NAME_TAGS and 2 <= len(parts[0]) <= 8:
                out[parts[0]] = parts[2][:2]
    return Lexicon(out, max_len=8)


def sentence_features(text: str, design: str = "lex", names: Lexicon | None = None) -> list[list[str]]:
    """Return one list of feature strings per character of ``text``.

    ``names`` is the entity lexicon of the ``gaz`` design (learned from training data).
    """
    n = len(text)
    if n == 0:
        return []
    tagged = rjieba.tag(text)
    lex = design in ("lex", "wide", "dict", "gaz", "wide2")
    wide = design in ("wide", "dict", "gaz", "wide2")
    far = design == "wide2"
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
            if far:
                f += ["wp2=" + (tagged[k - 2][0] if k > 1 else _PAD), "wn2=" + (tagged[k + 2][0] if k + 1 < last_k else _END)]
                f += ["wf=" + word[0] + b, "tt=" + prev_t + "|" + tag + "|" + next_t]
            per_char.append(f)
    chars = [_PAD, _PAD, *text, _END, _END]
    cls = ["B", "B", *(char_class(c) for c in text), "E", "E"]
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
        for f, marks in zip(out, name_lexicon().marks(text, "d"), strict=True):
            f.extend(marks)
    elif design == "gaz" and names is not None:
        for f, marks in zip(out, names.marks(text, "g"), strict=True):
            f.extend(marks)
    return out
