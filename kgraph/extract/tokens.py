"""Plain arrays of a Doc's words (start, end, text, tag), made once by the tokenizer.

Walking a spaCy Doc creates a Python Token object per word on every pass; the rule
components make several passes, so they read these arrays instead.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from spacy.tokens import Doc

KEY = "kgraph_words"


@dataclass(frozen=True)
class Words:
    text: str  # Doc.text rebuilds the string from Token objects on every access
    starts: list[int]
    ends: list[int]
    texts: list[str]
    tags: list[str]

    def index_at(self, char: int) -> int | None:
        """Index of the word that starts at ``char``."""
        i = bisect.bisect_left(self.starts, char)
        return i if i < len(self.starts) and self.starts[i] == char else None

    def index_ending_at(self, char: int) -> int | None:
        i = bisect.bisect_left(self.ends, char)
        return i if i < len(self.ends) and self.ends[i] == char else None

    def covering(self, start: int, end: int) -> range:
        """Indices of the words that overlap [start, end)."""
        return range(bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end))


def split_words(doc: Doc, cuts: dict[int, list[int]]) -> None:
    """Keep the arrays in step after word ``i`` is split at the offsets ``cuts[i]`` (relative
    to the word); each piece keeps the word's tag."""
    w = words(doc)
    texts: list[str] = []
    tags: list[str] = []
    for i, (word, tag) in enumerate(zip(w.texts, w.tags, strict=True)):
        bounds = [0, *sorted(cuts.get(i, ())), len(word)]
        for a, b in itertools.pairwise(bounds):
            texts.append(word[a:b])
            tags.append(tag)
    set_words(doc, texts, tags)


def words(doc: Doc) -> Words:
    cached = doc.user_data.get(KEY)
    if cached is None:
        cached = Words(doc.text, [t.idx for t in doc], [t.idx + len(t) for t in doc], [t.text for t in doc], [t.tag_ for t in doc])
        doc.user_data[KEY] = cached
    return cached


def set_words(doc: Doc, texts: list[str], tags: list[str]) -> None:
    ends = list(itertools.accumulate(map(len, texts)))
    starts = [0, *ends[:-1]] if ends else []
    doc.user_data[KEY] = Words("".join(texts), starts, ends, texts, tags)
