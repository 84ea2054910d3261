"""The word lists kgraph's rules read: general vocabulary of Chinese naming, no names.

One loader for every list: a UTF-8 file with one entry per line, ``#`` comments allowed.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def word_list(name: str) -> tuple[str, ...]:
    """A packaged word list from kgraph/data, longest first."""
    text = resources.files("kgraph.data").joinpath(name).read_text(encoding="utf-8")
    words = {w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")}
    return tuple(sorted(words, key=len, reverse=True))


@cache
def word_set(name: str) -> frozenset[str]:
    """A packaged word list as a set, for membership tests."""
    return frozenset(word_list(name))


@cache
def chars(name: str) -> str:
    """A packaged list of single characters as one string (for ``ch in chars(...)``)."""
    return "".join(sorted(w for w in word_list(name) if len(w) == 1))
