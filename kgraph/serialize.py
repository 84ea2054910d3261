"""DocumentExtraction ↔ JSON, for the per-document cache that makes imports incremental."""

from __future__ import annotations

from array import array
from dataclasses import fields, is_dataclass
from typing import Any

from kgraph.model import Article, Box, Byline, Document, DocumentExtraction, Mention, Relation, Sentence


def to_json(ex: DocumentExtraction) -> dict[str, Any]:
    """The extraction as plain data (what dataclasses.asdict gives, without deep-copying every
    list of offsets: a third of an import's time went there)."""
    return _plain(ex)


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
        a["offsets"] = array("l", a["offsets"])
        articles.append(Article(**a))
    return DocumentExtraction(
        document=Document(**{**data["document"], "boxes": [Box(**b) for b in data["document"].get("boxes", [])]}),
        articles=articles,
        mentions=[Mention(**m) for m in data["mentions"]],
        relations=[Relation(**r) for r in data["relations"]],
        aliases=dict(data["aliases"]),
    )
