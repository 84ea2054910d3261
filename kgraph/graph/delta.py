"""An import that costs what it changes: the graph's difference when documents come or go.

A full build resolves every document's names together and assembles the whole graph. When
a few documents are added or removed, most of that is already right: an entity changes only
if a changed document names it, if its names now join or leave another entity's, or if the
corpus-wide suffix rule (济宁 ~ 济宁市) turns for one of its places. ``graph_delta`` finds
those entities through the index (kgraph.graph.index), resolves again only the documents
that name them, and assembles only the documents that mention them or refer to them; the
store then drops the old rows of those entities and documents and writes the new ones
(kgraph.store.ladybug_store.LadybugStore.apply). The result is the full build's graph, row
for row (tested on random sequences of imports and removals).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from kgraph.graph.builder import EVIDENCE_CAP, assemble, cap_evidence
from kgraph.graph.index import DERIVED, GraphIndex, decode, encode, references
from kgraph.graph.names import match_key
from kgraph.graph.resolve import ADMIN_CHARS, DocumentNames, Node, document_names, entity_name, resolve_names, suffix_partners
from kgraph.model import DocumentExtraction


@dataclass
class GraphDelta:
    """What changes in the stored graph: the entities and documents whose rows go, and the
    rows that replace them (``part``: nodes to write, every edge to write, and bare nodes
    for the ends the store already has)."""

    part: nx.MultiDiGraph
    drop_entities: set[str]
    drop_documents: set[str]
    windows: int  # co-mention windows of the whole new corpus
    documents_read: int = 0  # documents read again to make it


def full_graph(
    extractions: list[DocumentExtraction],
    index: GraphIndex,
    window: str = "sentence",
    imported: dict[str, int] | None = None,
    evidence_cap: int = EVIDENCE_CAP,
) -> nx.MultiDiGraph:
    """The whole graph of these documents (as kgraph.graph.builder.build_graph), and its
    index written to ``index`` for the imports that follow."""
    names = [document_names(ex) for ex in extractions]
    node_entity, entities = resolve_names(names)
    graph = assemble(extractions, node_entity.get, entities, window, evidence_cap, imported)
    windows = graph.graph["document_windows"]
    index.begin()
    for ex, dn in zip(extractions, names, strict=True):
        index.add_document(dn, references(ex), windows.get(ex.document.id, 0))
    index.set_resolution({encode(n) for dn in names for n in dn.nodes()}, node_entity)
    index.write_meta(window)
    index.commit()
    return graph


StoredRows = Callable[[set[str], set[tuple[str, str, str]]], tuple[dict[str, dict], dict[tuple[str, str, str], dict]]]


def graph_delta(
    index: GraphIndex,
    added: list[DocumentExtraction],
    removed: set[str],
    load: Callable[[str], DocumentExtraction | None],
    window: str = "sentence",
    imported: dict[str, int] | None = None,
    evidence_cap: int = EVIDENCE_CAP,
    stored: StoredRows | None = None,
) -> GraphDelta | None:
    """The change to the graph when ``added`` documents come and ``removed`` ones go, and
    the index changed to match; None when a document it needs cannot be loaded (the caller
    then builds the whole graph). ``load`` reads a document's extraction from the cache.

    ``stored`` reads rows of the committed graph: (entity ids, (type, from, to) edges) →
    (entity rows by id, edge rows by key). With it, documents that only come (nothing is
    removed) change an entity whose names they do not change by adding counts to its rows
    (kgraph.graph.delta._add_counts); only entities whose names join, leave or change are
    assembled again from the documents that mention them."""
    imported = imported or {}
    new = {ex.document.id: ex for ex in added}
    new_names = {d: document_names(ex) for d, ex in new.items()}
    new_refs = {d: references(ex) for d, ex in new.items()}

    # what the change touches, read before the index forgets the removed documents
    touched = index.names_of(removed) | {encode(n) for dn in new_names.values() for n in dn.nodes()}
    refs = index.references_of(removed).union(*new_refs.values())
    derived = {r[len(DERIVED) :] for r in refs if r.startswith(DERIVED)}
    ref_nodes = {r for r in refs if not r.startswith(DERIVED)}
    partners = _suffix_partners(touched)
    seen_before = {p for p in partners if index.is_named(p)}
    new_places = {n for n in touched if _is_corpus_place(n) and not index.is_named(n)}
    old_entities = index.entities_of(touched | ref_nodes | seen_before) | {e for e in derived if index.is_entity(e)}
    stable: dict[str, list[str]] = {}
    if stored is not None and not removed and not _turns_a_suffix(new_places, index, new_names):
        stable = _unchanged_names(index, old_entities - derived, list(new_names.values()))
        for eid in _retitled(index, list(new.values()), set(stable), stored):
            del stable[eid]

    index.begin()
    index.drop_documents(removed)
    for d, dn in new_names.items():
        index.add_document(dn, new_refs[d], 0)  # its windows are counted below
    partners = seen_before | {p for p in partners if index.is_named(p)}
    old_entities |= index.entities_of(partners)
    kept = {m for members in stable.values() for m in members}  # nodes of entities that stay as they are
    affected = (index.members(old_entities - stable.keys()) | touched | partners) - kept

    cache: dict[str, DocumentExtraction] = dict(new)

    def read(docs: set[str]) -> list[DocumentExtraction] | None:
        for d in docs - cache.keys():
            ex = load(d)
            if ex is None:
                return None
            cache[d] = ex
        return [cache[d] for d in sorted(docs)]

    names_cache: dict[str, DocumentNames] = dict(new_names)
    while True:  # until the entities resolved again are whole: none reaches a node outside
        docs = index.docs_naming(affected) | new.keys()
        exs = read(docs)
        if exs is None:
            index.commit()  # the caller discards this generation's index and builds in full
            return None
        names = [names_cache.setdefault(ex.document.id, document_names(ex)) for ex in exs]
        node_entity, entities = resolve_names(names, lambda key: index.is_named(encode(("*", "PLACE", key))))
        new_entities = {node_entity[n] for n in map(decode, affected) if n in node_entity}
        beyond = {encode(m) for e in new_entities for m in entities[e]["members"]} - affected
        beyond |= index.members(new_entities) - affected  # an entity of the same id elsewhere
        # a place decides its suffix rule with every form it may join (大同 with 大同市, 大同县)
        beyond |= {n for n in _suffix_partners(affected) - affected if index.is_named(n)}
        if not beyond:
            break
        grown = index.entities_of(beyond)
        for e in grown & stable.keys():
            del stable[e]  # not as it was after all: assembled again with the rest
        affected |= beyond | index.members(grown)

    changed = (old_entities - stable.keys()) | derived | new_entities
    index.set_resolution(affected, node_entity)
    docs |= index.docs_referring(affected | {DERIVED + e for e in changed})
    exs = read(docs)
    if exs is None:
        index.commit()
        return None
    known: dict[Node, str | None] = {}

    def entity_of_node(node: Node) -> str | None:  # the index now holds the new resolution
        if node not in known:
            known[node] = index.entity(encode(node))
        return known[node]

    assembled = assemble(
        exs, entity_of_node, {e: entities[e] for e in new_entities}, window, evidence_cap, imported, is_entity=index.is_entity
    )
    part = _changed_part(assembled, changed, set(new))
    if stable:
        placeholders = {e: {"id": e, "name": "", "type": "", "aliases": []} for e in stable}
        arrived = assemble(list(new.values()), entity_of_node, placeholders, window, evidence_cap, imported, is_entity=index.is_entity)
        _add_counts(part, arrived, set(stable), stored, evidence_cap)
        windows = arrived.graph["document_windows"]
    else:
        windows = assembled.graph["document_windows"]
    for d in new:
        index.db.execute("UPDATE document SET windows = ? WHERE id = ?", (windows.get(d, 0), d))
    index.write_meta(window)
    index.commit()
    return GraphDelta(part, changed, set(removed), index.windows(), len(docs - new.keys()))


def _retitled(index: GraphIndex, arriving: list[DocumentExtraction], stable: set[str], stored: StoredRows) -> set[str]:
    """Sources of the arriving relations with a title between two entities that keep their
    names, where the graph already has that edge: its title joins every title with 、, and a
    title may hold 、 itself (副局长、处长), so the sum cannot be taken from the stored text;
    the source is assembled again instead."""
    found: dict[tuple[str, str, str], str] = {}
    for ex in arriving:
        for r in ex.relations:
            if not r.title:
                continue
            ends = []
            for label, text in ((r.source_label, r.source), (r.target_label, r.target)):
                k = match_key(text)
                ends.append(index.entity(encode((ex.document.id, label, k))) or index.entity(encode(("*", label, k))))
            if ends[0] in stable and ends[1] in stable and ends[0] != ends[1]:
                found[(r.kind, ends[0], ends[1])] = ends[0]
    if not found:
        return set()
    _, edges = stored(set(), set(found))
    return {found[key] for key in edges}


def _add_counts(part: nx.MultiDiGraph, arrived: nx.MultiDiGraph, stable: set[str], stored: StoredRows, evidence_cap: int) -> None:
    """Rows for the entities that keep their names: the stored row plus what the arriving
    documents add (mentions, documents, windows, the earliest import), their co-mentions
    and relations with each other summed the same way (evidence: the first of both), and
    the mentions of the new articles."""
    ids = {n for n in stable if arrived.nodes[n].get("mentions") or arrived.degree(n)}
    keys = {(d["type"], a, b) for a, b, d in arrived.edges(data=True) if a in stable and b in stable and d["type"] != "MENTIONS"}
    rows, edges = stored(ids, keys)
    for eid in ids:
        row, add = dict(rows[eid]), arrived.nodes[eid]
        if add["mentions"]:
            row["first_import"] = min(row["first_import"], add["first_import"]) if row["mentions"] else add["first_import"]
        for count in ("mentions", "documents", "windows"):
            row[count] += add[count]
        part.add_node(eid, kind="Entity", **row)
    for a, b, key, d in arrived.edges(keys=True, data=True):
        if b not in stable:
            continue
        if d["type"] == "MENTIONS":
            part.add_edge(a, b, key=key, **d)
            continue
        if a not in stable:
            continue
        row = dict(d)
        old = edges.get((d["type"], a, b))
        if old is not None:
            row["weight"] += old["weight"]
            row["evidence"] = cap_evidence([json.loads(e) for e in old["evidence"] + d["evidence"]], evidence_cap)
            if d["type"] == "CO_MENTIONED":
                row["articles"] += old["articles"]
            else:
                row["title"] = old["title"] or d["title"]  # both set: the source was assembled again (_retitled)
        part.add_edge(a, b, key=key, **row)


def _is_corpus_place(node: str) -> bool:
    scope, label, _ = decode(node)
    return scope == "*" and label == "PLACE"


def _turns_a_suffix(new_places: set[str], index: GraphIndex, new_names: dict[str, DocumentNames]) -> bool:
    """Would a place named for the first time split a place from the one suffixed form it
    joined (济宁 ~ 济宁市, then 济宁县 arrives)? Counts cannot follow that: the entity of 济宁
    leaves the one of 济宁市."""
    arriving = {n for dn in new_names.values() for n in map(encode, dn.nodes())}
    for node in new_places:
        key = decode(node)[2]
        if len(key) > 1 and key[-1] in ADMIN_CHARS:
            short = encode(("*", "PLACE", key[:-1]))
            if index.is_named(short) or short in arriving:
                return True
    return False


def _unchanged_names(index: GraphIndex, entities: set[str], arriving: list[DocumentNames]) -> dict[str, list[str]]:
    """The entities (with their nodes) whose names the arriving documents leave as they are:
    the same nodes, the same name and the same aliases. Each entity is resolved again as one
    document holding all its nodes and printed forms, beside the arriving documents; for
    documents that only come, that is the resolution of the whole corpus for these names."""
    members: dict[str, list[str]] = {}
    for node, eid in index.db.execute(
        f"SELECT node, entity FROM resolved WHERE entity IN ({','.join('?' * len(entities))})", sorted(entities)
    ):
        members.setdefault(eid, []).append(node)
    forms = index.forms({n for ms in members.values() for n in ms})
    as_documents = []
    for eid, nodes in members.items():
        nodes = sorted(nodes, key=decode)
        first = decode(nodes[0])
        as_documents.append(
            DocumentNames(
                "\x00" + eid,  # before every real document id
                {decode(n): forms[n] for n in nodes if n in forms},
                [(first, decode(n)) for n in nodes[1:]],
            )
        )
    _, resolved = resolve_names(as_documents + arriving, lambda key: index.is_named(encode(("*", "PLACE", key))))
    before = {dn.doc_id[1:]: dn for dn in as_documents}
    out = {}
    for eid, dn in before.items():
        now = resolved.get(eid)
        if now is None or set(now["members"]) != set(dn.surfaces) | {m for link in dn.links for m in link}:
            continue
        old = entity_name(sorted(now["members"]), defaultdict(dict, dn.surfaces))
        if (
            old is not None
            and old[0] == eid
            and old[1] == now["name"]
            and sorted(f for f in old[2] if match_key(f) != match_key(old[1])) == now["aliases"]
        ):
            out[eid] = [encode(m) for m in now["members"]]
    return out


def _suffix_partners(nodes: set[str]) -> set[str]:
    """The corpus place nodes whose suffix rule a change to these nodes may turn."""
    out = set()
    for n in nodes:
        scope, label, key = decode(n)
        if scope == "*" and label == "PLACE":
            out.update(encode(("*", "PLACE", p)) for p in suffix_partners(key))
    return out


def _changed_part(g: nx.MultiDiGraph, changed: set[str], new_docs: set[str]) -> nx.MultiDiGraph:
    """The rows to write: changed entities, new documents with their articles, and every edge
    that touches them (its other end as a bare node when the store already has it)."""
    part = nx.MultiDiGraph()
    new_articles = {n for n, d in g.nodes(data=True) if d.get("kind") == "Article" and d["doc_id"] in new_docs}
    for n, d in g.nodes(data=True):
        if (d.get("kind") == "Entity" and n in changed) or n in new_docs or n in new_articles:
            part.add_node(n, **d)
    for a, b, k, d in g.edges(keys=True, data=True):
        if a in changed or b in changed or a in new_docs:
            part.add_edge(a, b, key=k, **d)
    return part
