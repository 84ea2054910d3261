"""Document extractions → one networkx graph (the store layer knows nothing of NLP).

Nodes carry ``kind`` (Entity, Document, Article); edges carry ``type`` (HAS_ARTICLE,
MENTIONS, CO_MENTIONED, AFFILIATED_WITH, PART_OF, LOCATED_IN). The same extractions always
give the same graph, whatever order they arrive in: that is what makes imports repeatable.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable

import networkx as nx

from kgraph.graph.cooccurrence import WINDOWS, count_pairs
from kgraph.graph.names import match_key
from kgraph.graph.resolve import Node, entity_id, entity_of, resolve
from kgraph.model import DocumentExtraction

EVIDENCE_CAP = 5


def _evidence_key(ev: dict) -> tuple:
    return (ev["doc"], ev["start"])


def cap_evidence(evidence: list[dict], cap: int, as_json: dict[int, str] | None = None) -> list[str]:
    """The first ``cap`` distinct evidence records as JSON. ``as_json`` remembers each record's
    JSON by identity: one sentence is evidence for every pair of the names in it."""
    uniq = {(_evidence_key(e)): e for e in evidence}
    out = []
    for k in sorted(uniq)[:cap]:
        e = uniq[k]
        text = as_json.get(id(e)) if as_json is not None else None
        if text is None:
            text = json.dumps(e, ensure_ascii=False, sort_keys=True)
            if as_json is not None:
                as_json[id(e)] = text
        out.append(text)
    return out


def build_graph(
    extractions: list[DocumentExtraction],
    window: str = "sentence",
    evidence_cap: int = EVIDENCE_CAP,
    imported: dict[str, int] | None = None,
) -> nx.MultiDiGraph:
    """The whole graph of these documents. ``imported`` maps a document id to the import that
    first added it; an entity's first_import is the earliest import of the documents that
    mention it."""
    node_entity, entities = resolve(extractions)
    return assemble(extractions, node_entity.get, entities, window, evidence_cap, imported)


def assemble(
    extractions: list[DocumentExtraction],
    entity_of_node: Callable[[Node], str | None],
    entities: dict[str, dict],
    window: str = "sentence",
    evidence_cap: int = EVIDENCE_CAP,
    imported: dict[str, int] | None = None,
    is_entity: Callable[[str], bool] | None = None,
) -> nx.MultiDiGraph:
    """The graph of these documents once their names are resolved: ``entity_of_node`` gives a
    mention node's entity, ``entities`` the entities to write as nodes. ``is_entity`` says
    whether an id is a resolved entity anywhere in the corpus (default: in ``entities``); a
    relation's target that is not one becomes a derived entity.

    Entities carry ``windows`` (the co-mention windows that name them) and the graph
    ``graph["windows"]`` (all windows) and ``graph["document_windows"]``: the counts a store
    computes each co-mention's NPMI from, so that a later import can add to them."""
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {', '.join(WINDOWS)}")
    extractions = sorted(extractions, key=lambda ex: ex.document.id)
    imported = imported or {}
    resolved = is_entity or entities.__contains__
    entities = dict(entities)
    g = nx.MultiDiGraph()
    mention_count: dict[str, int] = defaultdict(int)
    entity_docs: dict[str, set[str]] = defaultdict(set)
    mentions_edge: dict[tuple[str, str], list[int]] = defaultdict(list)
    units: dict[tuple, dict[int, tuple[dict, set[str]]]] = {}  # window → sentence → (evidence, ids)

    def eid_of(doc_id: str, label: str, text: str) -> str | None:
        return entity_of(entity_of_node, doc_id, label, text)

    for ex in extractions:
        d = ex.document
        g.add_node(
            d.id,
            kind="Document",
            id=d.id,
            path=d.path,
            encoding=d.encoding,
            chars=len(d.text),
            date=d.date or "",
            imported=imported.get(d.id, 0),
        )
        arts = {a.id: a for a in ex.articles}
        for a in ex.articles:
            byline = a.byline.text if a.byline else ""
            g.add_node(a.id, kind="Article", id=a.id, doc_id=d.id, position=a.index, title=a.title, byline=byline)
            g.add_edge(d.id, a.id, key="HAS_ARTICLE", type="HAS_ARTICLE")
        for m in ex.mentions:
            eid = eid_of(d.id, m.label, m.text)
            if eid is None:
                continue
            mention_count[eid] += 1
            entity_docs[eid].add(d.id)
            mentions_edge[(m.article_id, eid)].append(m.start)
            if m.sentence < 0:
                continue  # bylines: affiliations, not co-mentions
            art = arts[m.article_id]
            sent = art.sentences[m.sentence] if art.sentences else None
            ev = {
                "doc": d.id,
                "article": m.article_id,
                "start": sent.start if sent else 0,
                "end": sent.end if sent else 0,
                "sentence": sent.text if sent else "",
                "date": d.date or "",
            }
            if sent is not None and sent.page:
                ev["page"] = sent.page
            if window == "sentence" and sent is not None:
                ukey: tuple = (m.article_id, m.sentence)
            elif window == "paragraph" and sent is not None:
                ukey = (m.article_id, "p", sent.paragraph)
            else:
                ukey = (m.article_id,)
            units.setdefault(ukey, {}).setdefault(m.sentence, (ev, set()))[1].add(eid)

    # typed relations; their endpoints may be names found only inside longer names (derived)
    typed: dict[tuple[str, str, str], dict] = {}
    for ex in extractions:
        for r in ex.relations:
            src = eid_of(ex.document.id, r.source_label, r.source)
            if src is None:
                continue
            tgt = eid_of(ex.document.id, r.target_label, r.target)
            if tgt is None:
                tgt = entity_id(r.target_label, match_key(r.target))
                if tgt not in entities and not resolved(tgt):
                    entities[tgt] = {"id": tgt, "name": r.target, "type": r.target_label, "aliases": [], "derived": True}
            if src == tgt:
                continue
            rec = typed.setdefault((r.kind, src, tgt), {"titles": set(), "evidence": []})
            if r.title:
                rec["titles"].add(r.title)
            item = {
                "doc": r.doc_id,
                "article": r.article_id,
                "start": r.start,
                "end": r.end,
                "sentence": r.sentence,
                "date": ex.document.date or "",
            }
            if ex.document.boxes:
                item["page"] = ex.document.page_at(r.start)
            rec["evidence"].append(item)

    pairs, single, n_units, per_document = count_pairs(units)
    g.graph["windows"] = n_units
    g.graph["document_windows"] = per_document
    for eid, e in entities.items():
        g.add_node(
            eid,
            kind="Entity",
            id=eid,
            name=e["name"],
            type=e["type"],
            aliases=e["aliases"],
            mentions=mention_count.get(eid, 0),
            documents=len(entity_docs.get(eid, ())),
            derived=bool(e.get("derived")) and mention_count.get(eid, 0) == 0,
            first_import=min((imported.get(d, 0) for d in entity_docs.get(eid, ())), default=0),
            windows=single.get(eid, 0),
        )
    for (aid, eid), starts in mentions_edge.items():
        g.add_edge(aid, eid, key="MENTIONS", type="MENTIONS", count=len(starts), offsets=sorted(starts))

    as_json: dict[int, str] = {}  # the records stay alive in ``units`` meanwhile
    for (a, b), st in pairs.items():
        # NPMI is not set here: it depends on every window of the corpus, so the store
        # computes it from the counts (kgraph.store.schema.NPMI_UPDATE)
        g.add_edge(
            a,
            b,
            key="CO_MENTIONED",
            type="CO_MENTIONED",
            weight=st.windows,
            articles=len(st.articles),
            evidence=cap_evidence(st.evidence, evidence_cap, as_json),
        )
    for (kind, src, tgt), rec in typed.items():
        g.add_edge(
            src,
            tgt,
            key=kind,
            type=kind,
            title="、".join(sorted(rec["titles"])),
            weight=len(rec["evidence"]),
            evidence=cap_evidence(rec["evidence"], evidence_cap),
        )
    return g


def entity_subgraph(g: nx.MultiDiGraph) -> nx.Graph:
    """Undirected entity–entity view (co-mentions and typed relations) for layout and metrics,
    in id order: the same page whether the graph was just built or read back from a store."""
    h = nx.Graph()
    for n, data in sorted(g.nodes(data=True), key=lambda nd: nd[0]):
        if data.get("kind") == "Entity":
            h.add_node(n, **data)
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["type"])):
        if a in h and b in h:
            w = data.get("weight", 1)
            if h.has_edge(a, b):
                h[a][b]["weight"] += w
                h[a][b].setdefault("types", []).append(data["type"])
            else:
                h.add_edge(a, b, weight=w, types=[data["type"]], evidence=data.get("evidence", []), title=data.get("title", ""))
    return h
