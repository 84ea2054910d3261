"""An import that costs what it changes: the graph's difference when documents come or go.

A full build resolves every document's names together and assembles the whole graph. When
a few documents are added or removed, most of that is already right: an entity changes only
if a changed document names it, if its names now join or leave another entity's, or if the
corpus-wide suffix rule (济宁 ~ 济宁市) turns for one of its places. ``graph_delta`` finds
those entities through the index (kgraph.graph.index). One whose names stay as they are
(decided from the index alone) is changed by counts: the stored row, plus what the documents
that come add, minus what those that go gave. The others are resolved again from the
documents that name them and assembled from the documents that mention or refer to them.
The store then drops the old rows of those entities and documents and writes the new ones
(kgraph.store.ladybug_store.LadybugStore.apply). The result is the full build's graph, row
for row (tested on random sequences of imports, removals and edits).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from kgraph.graph.builder import EVIDENCE_CAP, assemble, cap_evidence
from kgraph.graph.index import DERIVED, GraphIndex, decode, encode, references
from kgraph.graph.names import match_key
from kgraph.graph.resolve import DocumentNames, Node, document_names, entity_name, entity_of, resolve_names, suffix_partners
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
    drop_edges: set[tuple[str, str, str]] = field(default_factory=set)  # (type, from, to) whose last window went


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
    (entity rows by id, edge rows by key). With it, an entity whose names the change leaves
    as they are gets the counts of the documents that come added to its rows and those of
    the documents that go taken off (kgraph.graph.delta._sum_counts); only entities whose
    names join, part or change are assembled again from the documents that mention them."""
    imported = imported or {}
    new = {ex.document.id: ex for ex in added}
    new_names = {d: document_names(ex) for d, ex in new.items()}
    new_refs = {d: references(ex) for d, ex in new.items()}
    arriving = {encode(n) for dn in new_names.values() for n in dn.nodes()}

    # what the change touches, read before the index forgets the removed documents
    touched = index.names_of(removed) | arriving
    refs = index.references_of(removed).union(*new_refs.values())
    derived = {r[len(DERIVED) :] for r in refs if r.startswith(DERIVED)}
    ref_nodes = {r for r in refs if not r.startswith(DERIVED)}
    partners = _suffix_partners(touched)
    seen_before = {p for p in partners if index.is_named(p)}
    old_entities = index.entities_of(touched | ref_nodes | seen_before) | {e for e in derived if index.is_entity(e)}
    gone = [load(d) for d in sorted(removed)] if stored is not None else []
    counting = stored is not None and all(ex is not None for ex in gone)
    names_before = _names_before(index, old_entities - derived) if counting else {}
    left = None
    if counting and gone:  # what the documents that go contributed, under the resolution they had
        left = assemble(gone, index.entity_of_node, _placeholders(names_before), window, evidence_cap, imported, is_entity=index.is_entity)

    index.begin()
    index.drop_documents(removed)
    for d, dn in new_names.items():
        index.add_document(dn, new_refs[d], 0)  # its windows are counted below
    partners = seen_before | {p for p in partners if index.is_named(p)}
    old_entities |= index.entities_of(partners)
    stable: dict[str, list[str]] = {}
    if counting:
        stable = _names_kept(index, names_before, arriving)
        for eid in _retitled(index, list(new.values()), set(stable), stored) | _uncountable(left, set(stable), stored, evidence_cap):
            stable.pop(eid, None)
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
        node_entity, entities = resolve_names(names, index.is_named_place)
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
            known[node] = index.entity_of_node(node)
        return known[node]

    assembled = assemble(
        exs, entity_of_node, {e: entities[e] for e in new_entities}, window, evidence_cap, imported, is_entity=index.is_entity
    )
    part = _changed_part(assembled, changed, set(new))
    dropped: set[tuple[str, str, str]] = set()
    if stable:
        arrived = assemble(
            list(new.values()), entity_of_node, _placeholders(stable), window, evidence_cap, imported, is_entity=index.is_entity
        )
        naming = {e: index.docs_naming(nodes) for e, nodes in stable.items()}
        first_import = {e: min(imported.get(d, 0) for d in docs) for e, docs in naming.items() if docs}
        dropped = _sum_counts(part, arrived, left, set(stable), stored, evidence_cap, first_import)
        windows = arrived.graph["document_windows"]
    else:
        windows = assembled.graph["document_windows"]
    index.set_windows({d: windows.get(d, 0) for d in new})
    index.write_meta(window)
    index.commit()
    return GraphDelta(part, changed, set(removed), index.windows(), len(docs - new.keys()), dropped)


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
            ends = [
                entity_of(index.entity_of_node, ex.document.id, label, text)
                for label, text in ((r.source_label, r.source), (r.target_label, r.target))
            ]
            if ends[0] in stable and ends[1] in stable and ends[0] != ends[1]:
                found[(r.kind, ends[0], ends[1])] = ends[0]
    if not found:
        return set()
    _, edges = stored(set(), set(found))
    return {found[key] for key in edges}


def _edges(g: nx.MultiDiGraph | None, ends: set[str]) -> dict[tuple[str, str, str], dict]:
    """The entity–entity edges of ``g`` between two of ``ends``, by (type, from, to)."""
    if g is None:
        return {}
    return {(d["type"], a, b): d for a, b, d in g.edges(data=True) if d["type"] != "MENTIONS" and a in ends and b in ends}


def _uncountable(left: nx.MultiDiGraph | None, stable: set[str], stored: StoredRows, evidence_cap: int) -> set[str]:
    """Entities whose edges cannot lose the documents that go by subtraction: an edge whose
    stored evidence (the first five) holds one of their sentences while it has more than five
    (which comes next is not stored: the entity with fewer documents is assembled again), or a
    relation whose title they gave (titles are joined with 、, which a title may hold)."""
    gone = _edges(left, stable)
    if not gone:
        return set()
    rows, edges = stored({e for _, a, b in gone for e in (a, b)}, set(gone))
    out = set()
    for key, d in gone.items():
        kind, a, b = key
        old = edges.get(key)
        if old is None:
            continue
        if kind != "CO_MENTIONED" and d["title"]:
            out.add(a)
        elif old["weight"] > evidence_cap and set(old["evidence"]) & set(d["evidence"]):
            out.add(min((a, b), key=lambda e: (rows[e]["documents"], e)))
    return out


def _sum_counts(
    part: nx.MultiDiGraph,
    arrived: nx.MultiDiGraph,
    left: nx.MultiDiGraph | None,
    stable: set[str],
    stored: StoredRows,
    evidence_cap: int,
    first_import: dict[str, int],
) -> set[tuple[str, str, str]]:
    """Rows for the entities that keep their names: the stored row plus what the documents
    that come add (``arrived``) minus what those that go gave (``left``) — mentions,
    documents, windows; their co-mentions and relations with each other summed the same way
    (evidence: the first of what remains); the mentions of the new articles. Returns the
    edges left with no window, to delete. ``first_import``: over the documents naming each."""
    came, went = _edges(arrived, stable), _edges(left, stable)
    ids = {n for n in stable if arrived.nodes[n]["mentions"] or arrived.degree(n)}
    if left is not None:
        ids |= {n for n in stable if left.nodes[n]["mentions"] or left.degree(n)}
    rows, edges = stored(ids, set(came) | set(went))
    for eid in ids:
        row = dict(rows[eid])
        for count in ("mentions", "documents", "windows"):
            row[count] += arrived.nodes[eid][count] - (left.nodes[eid][count] if left is not None else 0)
        row["first_import"] = first_import.get(eid, row["first_import"])
        part.add_node(eid, kind="Entity", **row)
    for a, b, key, d in arrived.edges(keys=True, data=True):
        if d["type"] == "MENTIONS" and b in stable:
            part.add_edge(a, b, key=key, **d)
    dropped = set()
    for key in set(came) | set(went):
        kind, a, b = key
        old, add, sub = edges.get(key), came.get(key), went.get(key)
        weight = (old["weight"] if old else 0) + (add["weight"] if add else 0) - (sub["weight"] if sub else 0)
        if weight <= 0:
            if old is not None:
                dropped.add(key)
            continue
        out = {"weight": weight}
        gone = set(sub["evidence"]) if sub else set()
        kept = [e for e in (old["evidence"] if old else []) if e not in gone] + (add["evidence"] if add else [])
        out["evidence"] = cap_evidence([json.loads(e) for e in kept], evidence_cap)
        if kind == "CO_MENTIONED":
            out["articles"] = (old["articles"] if old else 0) + (add["articles"] if add else 0) - (sub["articles"] if sub else 0)
        else:  # a title that comes to a stored one, or one that goes, made the source _retitled/_uncountable
            out["title"] = (old["title"] if old else "") or (add["title"] if add else "")
        part.add_edge(a, b, key=kind, type=kind, **out)
    return dropped


def _names_before(index: GraphIndex, entities: set[str]) -> dict[str, tuple[set[str], str, list[str]]]:
    """Each entity's nodes, name and aliases as the index has them now (before a change)."""
    members = index.members_by_entity(entities)
    forms = defaultdict(dict, {decode(n): f for n, f in index.forms({n for ms in members.values() for n in ms}).items()})
    out = {}
    for eid, nodes in members.items():
        named = entity_name(sorted(map(decode, nodes)), forms)
        if named is not None and named[0] == eid:
            name, seen = named[1], named[2]
            out[eid] = (nodes, name, sorted(f for f in seen if match_key(f) != match_key(name)))
    return out


def _names_kept(index: GraphIndex, before: dict[str, tuple[set[str], str, list[str]]], arriving: set[str]) -> dict[str, list[str]]:
    """The entities whose names the change leaves as they are: the same nodes, the same name
    and the same aliases, now that the index holds the change. Their nodes and the arriving
    ones are resolved again from the index alone (forms and links of every document that
    names them). A place whose suffix rule turns with the change (济宁 when 济宁县 comes) is
    not decided here: graph_delta's closure reaches it from the place that came or went."""
    nodes = set(arriving).union(*(m for m, _, _ in before.values()))
    forms = index.forms(nodes)
    links = index.links_among(nodes)
    outside = {n for f, sh in links for n in (f, sh) if n not in nodes}
    whole = DocumentNames(
        "",
        {decode(n): f for n, f in forms.items()},
        [(decode(f), decode(sh)) for f, sh in links if f in nodes and sh in nodes],
    )
    node_entity, resolved = resolve_names([whole], index.is_named_place)
    unsure = {node_entity.get(decode(n)) for n in outside} | {eid for eid, (m, _, _) in before.items() if m & outside}
    out = {}
    for eid, (members, name, aliases) in before.items():
        now = resolved.get(eid)
        if now is None or eid in unsure:
            continue
        if {encode(m) for m in now["members"]} == members and now["name"] == name and now["aliases"] == aliases:
            out[eid] = sorted(members)
    return out


def _placeholders(ids: Iterable[str]) -> dict[str, dict]:
    """Entities for assemble to count without naming them (their names are stored already)."""
    return {e: {"id": e, "name": "", "type": "", "aliases": []} for e in ids}


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
