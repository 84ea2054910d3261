"""Entity candidates shared by the extraction components, with the record of what happened
to each.

Components propose character spans on ``doc._.candidates``; the ``kgraph_entities``
component alone decides which become ``doc.ents``. Keeping candidates as character offsets
lets a character-level tagger and word-level rules work on one Doc without fighting over
token boundaries. Every candidate names the rule or model that proposed it and carries the
changes later steps made to it; every final decision is written to the Doc's trace (see
``trace``), which is what ``kgraph explain`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache, lru_cache

import rjieba
from spacy.tokens import Doc

from kgraph.data import word_list


class Origin(Enum):
    """What kind of evidence proposed a candidate; it decides which filters apply (each
    filter declares the origins it judges) and which of two equal spans wins (``trust``).
    The values are the ``Mention.source`` strings."""

    MODEL = "ner"
    GAZETTEER = "gazetteer"
    RULE = "rule"
    LIST = "list"
    FOUNDED = "founded"
    BYLINE = "byline"
    ALIAS = "alias"
    USER = "user"

    # members are singletons compared by identity: hash them so too (Enum's own hash runs
    # Python code, and origins are looked up in sets for every candidate and rule)
    __hash__ = object.__hash__

    @property
    def trust(self) -> int:
        """Higher wins when two candidates have the same extent."""
        return {Origin.USER: 4, Origin.ALIAS: 3, Origin.MODEL: 1}.get(self, 2)


@dataclass(frozen=True)
class Change:
    """One step's change to a candidate: what it was before and why it changed."""

    step: str  # the id of the rule that changed it
    action: str  # trim | extend | split | relabel
    reason: str  # a reason code
    before: tuple[int, int, str]  # (start, end, label) before the change


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str
    proposer: str  # id of the rule or model that proposed it
    origin: Origin
    history: tuple[Change, ...] = field(default=(), compare=False)

    @property
    def source(self) -> str:
        return self.origin.value

    def changed(
        self, step: str, action: str, reason: str, *, start: int | None = None, end: int | None = None, label: str | None = None
    ) -> Candidate:
        """A copy with a new extent or label and the change recorded; self when nothing changes."""
        new = (self.start if start is None else start, self.end if end is None else end, self.label if label is None else label)
        if new == (self.start, self.end, self.label):
            return self
        change = Change(step, action, reason, (self.start, self.end, self.label))
        return replace(self, start=new[0], end=new[1], label=new[2], history=(*self.history, change))


@dataclass(frozen=True)
class Decision:
    """The final word on one candidate: kept (it is an entity), dropped by a step, or lost
    to an overlapping candidate that was chosen instead."""

    candidate: Candidate
    outcome: str  # kept | dropped | overlapped
    step: str = ""  # the rule that dropped it (or the chooser for overlaps)
    reason: str = ""
    winner: Candidate | None = None


for _name, _default in (("candidates", None), ("aliases", None), ("relations", None), ("trace", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def candidates(doc: Doc) -> list[Candidate]:
    if doc._.candidates is None:
        doc._.candidates = []
    return doc._.candidates


def propose(doc: Doc, rule, spans) -> None:
    """Add a proposal rule's (start, end, label) spans to the Doc's candidates, each naming the rule."""
    candidates(doc).extend(Candidate(s, e, label, rule.id, rule.origin) for s, e, label in spans)


def trace(doc: Doc) -> list[Decision]:
    """Every decision made on the Doc's candidates, in the order they were made."""
    if doc._.trace is None:
        doc._.trace = []
    return doc._.trace


def head_of(name: str, heads: tuple[str, ...]) -> str:
    """The longest of ``heads`` that ends ``name`` ('' when none)."""
    found, longest = _head_index(heads)
    for k in range(min(len(name), longest), 0, -1):
        if name[-k:] in found:
            return name[-k:]
    return ""


@lru_cache(maxsize=64)
def _head_index(heads: tuple[str, ...]) -> tuple[frozenset[str], int]:
    return frozenset(heads), max(map(len, heads), default=0)


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
COMMON_POS = frozenset(
    ["n", "v", "vn", "vd", "a", "ad", "an", "b", "d", "f", "q", "l", "i", "r", "p", "c", "u", "t", "s", "z", "ng", "vg", "ag", "m"]
)


@lru_cache(maxsize=65536)
def common_words(text: str) -> bool:
    """Only common dictionary words (no name, number or unknown word) in ``text``."""
    return all(tag in COMMON_POS and rjieba.has_word(word) for word, tag in rjieba.tag(text))
