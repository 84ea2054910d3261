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

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from kgraph.graph.builder import EVIDENCE_CAP, assemble
from kgraph.graph.index import DERIVED, GraphIndex, decode, encode, references
from kgraph.graph.resolve import DocumentNames, Node, document_names, resolve_names, suffix_partners
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


def graph_delta(
    index: GraphIndex,
    added: list[DocumentExtraction],
    removed: set[str],
    load: Callable[[str], DocumentExtraction | None],
    window: str = "sentence",
    imported: dict[str, int] | None = None,
    evidence_cap: int = EVIDENCE_CAP,
) -> GraphDelta | None:
    """The change to the graph when ``added`` documents come and ``removed`` ones go, and
    the index changed to match; None when a document it needs cannot be loaded (the caller
    then builds the whole graph). ``load`` reads a document's extraction from the cache."""
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

    index.begin()
    index.drop_documents(removed)
    for d, dn in new_names.items():
        index.add_document(dn, new_refs[d], 0)  # its windows are counted below
    partners = seen_before | {p for p in partners if index.is_named(p)}
    old_entities = index.entities_of(touched | ref_nodes | partners) | {e for e in derived if index.is_entity(e)}
    affected = index.members(old_entities) | touched | partners

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
        docs = index.docs_naming(affected)
        exs = read(docs)
        if exs is None:
            index.commit()  # the caller discards this generation's index and builds in full
            return None
        names = [names_cache.setdefault(ex.document.id, document_names(ex)) for ex in exs]
        node_entity, entities = resolve_names(names, lambda key: index.is_named(encode(("*", "PLACE", key))))
        new_entities = {node_entity[n] for n in map(decode, affected) if n in node_entity}
        beyond = {encode(m) for e in new_entities for m in entities[e]["members"]} - affected
        beyond |= index.members(new_entities) - affected  # an entity of the same id elsewhere
        if not beyond:
            break
        affected |= beyond | index.members(index.entities_of(beyond))

    changed = old_entities | derived | new_entities
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
    for d in new:
        index.db.execute("UPDATE document SET windows = ? WHERE id = ?", (assembled.graph["document_windows"].get(d, 0), d))
    index.write_meta(window)
    index.commit()
    return GraphDelta(_changed_part(assembled, changed, set(new)), changed, set(removed), index.windows(), len(docs) - len(new))


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
