"""DocumentExtraction ↔ JSON, for the per-document cache that makes imports incremental."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kgraph.model import Article, Box, Byline, Document, DocumentExtraction, Mention, Relation, Sentence


def to_json(ex: DocumentExtraction) -> dict[str, Any]:
    return asdict(ex)


def from_json(data: dict[str, Any]) -> DocumentExtraction:
    articles = []
    for a in data["articles"]:
        a = dict(a)
        a["sentences"] = [Sentence(**s) for s in a["sentences"]]
        a["byline"] = Byline(**a["byline"]) if a["byline"] else None
        articles.append(Article(**a))
    return DocumentExtraction(
        document=Document(**{**data["document"], "boxes": [Box(**b) for b in data["document"].get("boxes", [])]}),
        articles=articles,
        mentions=[Mention(**m) for m in data["mentions"]],
        relations=[Relation(**r) for r in data["relations"]],
        aliases=dict(data["aliases"]),
    )
