"""Entity candidates shared by the extraction components.

Components propose character spans on ``doc._.candidates``; the ``kgraph_entities``
component alone decides which become ``doc.ents``. Keeping candidates as character offsets
lets a character-level tagger and word-level rules work on one Doc without fighting over
token boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import rjieba
from spacy.tokens import Doc

# Higher wins when two candidates overlap with the same extent.
PRIORITY = {"user": 4, "alias": 3, "rule": 2, "list": 2, "founded": 2, "byline": 2, "gazetteer": 2, "ner": 1}


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str
    source: str


for _name, _default in (("candidates", None), ("aliases", None), ("relations", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def candidates(doc: Doc) -> list[Candidate]:
    if doc._.candidates is None:
        doc._.candidates = []
    return doc._.candidates


@cache
def word_list(name: str) -> tuple[str, ...]:
    """A packaged word list from kgraph/data, longest first."""
    text = resources.files("kgraph.data").joinpath(name).read_text(encoding="utf-8")
    words = {w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")}
    return tuple(sorted(words, key=len, reverse=True))


@cache
def _title_splits() -> dict[str, tuple[str, ...]]:
    """Every proper prefix of a title → the rests that complete it (党委 → 书记, 副书记 …)."""
    out: dict[str, set[str]] = {}
    for t in word_list("titles.txt"):
        for k in range(1, len(t)):
            out.setdefault(t[:k], set()).add(t[k:])
    return {p: tuple(r) for p, r in out.items()}


@cache
def body_heads() -> tuple[str, ...]:
    """Organization heads of two characters or more (医院, 委员会, 有限公司 …)."""
    return tuple(h for h in word_list("org_heads.txt") if len(h) > 1)


@cache
def word_set(name: str) -> frozenset[str]:
    """A packaged word list as a set, for membership tests."""
    return frozenset(word_list(name))


def title_overlap(text: str, end: int, name: str) -> int:
    """How many final characters of ``name`` (ending at ``end``) begin a title that the
    text completes: "某医院党委" + "书记" → 2 (党委 belongs to 党委书记). 0 when none."""
    splits = _title_splits()
    for k in range(min(len(name), 6), 0, -1):
        rests = splits.get(name[-k:])
        if rests and text.startswith(rests, end):
            return k
    return 0


# part-of-speech tags of common words (not names): nouns, verbs, adjectives, function words
COMMON_POS = {
    "n",
    "v",
    "vn",
    "vd",
    "a",
    "ad",
    "an",
    "b",
    "d",
    "f",
    "q",
    "l",
    "i",
    "r",
    "p",
    "c",
    "u",
    "t",
    "s",
    "z",
    "ng",
    "vg",
    "ag",
    "m",
}


@lru_cache(maxsize=65536)
def common_words(text: str) -> bool:
    """Only common dictionary words (no name, number or unknown word) in ``text``."""
    return all(tag in COMMON_POS and rjieba.has_word(word) for word, tag in rjieba.tag(text))
