"""DocumentExtraction ↔ JSON, for the per-document cache that makes imports incremental."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from typing import Any

from kgraph.model import Article, Box, Byline, Document, DocumentExtraction, Mention, Relation, Sentence


def to_json(ex: DocumentExtraction) -> dict[str, Any]:
    """The extraction as plain data (what dataclasses.asdict gives, without deep-copying every
    list of offsets: a third of an import's time went there). An article's offsets are
    stored as runs (``offset_runs``: start, length), as body text mostly maps to consecutive
    positions: the cache is read whole at every import, and a list of one int per character
    was most of its bytes and of its reading time."""
    data = _plain(ex)
    for a in data["articles"]:
        a["offset_runs"] = offset_runs(a.pop("offsets"))
    return data


def offset_runs(offsets: Sequence[int]) -> list[int]:
    """[start, length, start, length, …] of the consecutive stretches of ``offsets``."""
    runs: list[int] = []
    prev = None
    for o in offsets:
        if prev is not None and o == prev + 1:
            runs[-1] += 1
        else:
            runs += [o, 1]
        prev = o
    return runs


def offsets_from_runs(runs: Sequence[int]) -> array:
    out = array("l")
    for i in range(0, len(runs), 2):
        out.extend(range(runs[i], runs[i] + runs[i + 1]))
    return out


def _plain(obj: Any) -> Any:
    if is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list) and obj and is_dataclass(obj[0]):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, array):
        return obj.tolist()
    return obj


def from_json(data: dict[str, Any]) -> DocumentExtraction:
    articles = []
    for a in data["articles"]:
        a = dict(a)
        a["sentences"] = [Sentence(**s) for s in a["sentences"]]
        a["byline"] = Byline(**a["byline"]) if a["byline"] else None
        # caches written before runs hold the plain list: still read, not redone
        a["offsets"] = offsets_from_runs(a.pop("offset_runs")) if "offset_runs" in a else array("l", a["offsets"])
        articles.append(Article(**a))
    return DocumentExtraction(
        document=Document(**{**data["document"], "boxes": [Box(**b) for b in data["document"].get("boxes", [])]}),
        articles=articles,
        mentions=[Mention(**m) for m in data["mentions"]],
        relations=[Relation(**r) for r in data["relations"]],
        aliases=dict(data["aliases"]),
    )
