"""One JSON record per file in the format of the evaluation scorer (plus mention offsets)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from kgraph.graph.names import match_key
from kgraph.graph.resolve import entity_of, resolve
from kgraph.model import DocumentExtraction


def scorer_line(ex: DocumentExtraction) -> str:
    """The record as one line of JSON."""
    return json.dumps(extraction_record(ex), ensure_ascii=False) + "\n"


def extraction_record(ex: DocumentExtraction) -> dict:
    node_entity, entities = resolve([ex])
    doc_id = ex.document.id
    mentions: dict[str, list[dict]] = defaultdict(list)

    def eid_of(label: str, text: str) -> str | None:
        return entity_of(node_entity.get, doc_id, label, text)

    for m in ex.mentions:
        eid = eid_of(m.label, m.text)
        if eid:
            mentions[eid].append({"text": m.text, "start": m.start, "end": m.end})
    out_entities = []
    for eid, e in sorted(entities.items(), key=lambda kv: min((x["start"] for x in mentions[kv[0]]), default=0)):
        out_entities.append(
            {"name": e["name"], "type": e["type"], "aliases": e["aliases"], "mentions": sorted(mentions[eid], key=lambda x: x["start"])}
        )
    names = {match_key(e["name"]) for e in out_entities}
    for r in ex.relations:
        if r.kind in ("PART_OF", "LOCATED_IN") and match_key(r.target) not in names and eid_of(r.target_label, r.target) is None:
            names.add(match_key(r.target))
            out_entities.append({"name": r.target, "type": r.target_label, "aliases": [], "mentions": [], "derived": True})
    affiliations = []
    seen = set()
    for r in ex.relations:
        if r.kind != "AFFILIATED_WITH":
            continue
        person = entities.get(eid_of("PERSON", r.source) or "", {}).get("name", r.source)
        org = entities.get(eid_of("ORG", r.target) or "", {}).get("name", r.target)
        if (person, org) in seen:
            continue
        seen.add((person, org))
        affiliations.append({"person": person, "org": org, "title": r.title})
    return {
        "doc": Path(ex.document.path).name,
        "path": ex.document.path,
        "doc_id": doc_id,
        "encoding": ex.document.encoding,
        "articles": [{"title": a.title, "byline": a.byline.text if a.byline else "", "first_words": a.body[:16]} for a in ex.articles],
        "entities": out_entities,
        "affiliations": affiliations,
    }
