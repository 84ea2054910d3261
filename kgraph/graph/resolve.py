"""Resolve mentions to one canonical entity per real-world thing across the corpus.

Within a document: declared aliases (以下简称), short forms that drop the place
(市卫健委, 省纺织工会 → the document's full name), abbreviations (卫健委 ⊂ 卫生健康委员会) and
forms that drop an administrative character (江苏纺织工会 ~ 江苏省纺织工会).
Across documents: equal match keys (width, script and quote folding) are one entity.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from kgraph.data import chars
from kgraph.graph.names import is_abbreviation, match_key
from kgraph.model import DocumentExtraction

_ADMIN = chars("admin_short_form_chars.txt")
_ADMIN_SET = frozenset(_ADMIN)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def entity_id(label: str, key: str) -> str:
    return hashlib.sha256(f"{label}:{key}".encode()).hexdigest()[:16]


def _local_links(label: str, keys: set[str], declared: dict[str, str], relative: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Pairs of match keys in one document that name the same thing. ``relative``: keys named
    relative to the document's place (县委), short as they are, join the one fuller form."""
    links = []
    for alias, full in declared.items():
        a, f = match_key(alias), match_key(full)
        if a in keys and f in keys:
            links.append((a, f))
    if label not in ("ORG", "PLACE"):
        return links
    index = _FullNames(keys)
    # longer short forms are linked first (江苏纺织工会 → 江苏省纺织工会), so that a shorter one
    # matching both (纺织工会) sees a single entity
    root: dict[str, str] = {}

    def find(k: str) -> str:
        while k in root:
            k = root[k]
        return k

    for short in sorted(keys, key=lambda k: (-len(k), k)):
        suffixed = [short + ch for ch in _ADMIN if short + ch in keys] if label == "PLACE" else []
        if len(suffixed) == 1:
            links.append((short, find(suffixed[0])))  # 聊城 ~ 聊城市: a place without its suffix
            root[short] = find(suffixed[0])
            continue
        if len(short) < 3 and short not in relative:
            continue
        targets = {find(c) for c in index.fuller_forms(short, label)} - {find(short)}
        if len(targets) == 1:
            target = targets.pop()
            links.append((short, target))
            root[short] = target
    return links


class _FullNames:
    """The keys of one document and label, indexed so that the fuller forms of a short name
    are found by lookups, not by comparing it with every longer key (a book-length file has
    thousands of names)."""

    def __init__(self, keys: set[str]) -> None:
        self.keys = keys
        self.by_start: dict[str, list[str]] = defaultdict(list)  # first two characters → keys
        self.by_admin_next: dict[tuple[str, str], list[str]] = defaultdict(list)  # (省, 纺) → 江苏省纺织工会
        self.by_admin_tail: dict[str, list[str]] = defaultdict(list)  # 纺织工会 → 江苏省纺织工会
        for full in keys:
            self.by_start[full[:2]].append(full)
            for ch in set(full) & _ADMIN_SET:
                at = full.find(ch)
                if 0 < at <= 4 and at + 1 < len(full):
                    rest = full[at + 1 :]
                    for first in {rest[0], rest.replace("人民政府", "政府")[0]}:
                        self.by_admin_next[(ch, first)].append(full)
            for k in range(1, len(full)):
                if full[k - 1] in _ADMIN:
                    self.by_admin_tail[full[k:]].append(full)

    def fuller_forms(self, short: str, label: str) -> set[str]:
        """Keys longer than ``short`` that it shortens: the part after an administrative
        character (市卫健委 in 某市卫生健康委员会), an abbreviation (卫健委), the same name
        without its administrative character (江苏纺织工会), or its ending after one
        (纺织工会 of 江苏省纺织工会; 鼓楼区 of 南京市鼓楼区)."""
        out = set()
        if label == "ORG":
            if short[0] in _ADMIN:
                for full in self.by_admin_next.get((short[0], short[1]), ()):
                    at = full.find(short[0])
                    rest = full[at + 1 :].replace("人民政府", "政府")  # 省政府… ~ 某省人民政府…
                    if len(full) > len(short) and (rest == short[1:] or is_abbreviation(short[1:], full[at + 1 :])):
                        out.add(full)
            out.update(f for f in self.by_start.get(short[:2], ()) if is_abbreviation(short, f))
        out.update(c for i in (2, 3) for ch in _ADMIN if (c := short[:i] + ch + short[i:]) in self.keys)
        if label == "PLACE" or len(short) >= 4:
            out.update(self.by_admin_tail.get(short, ()))
        return out


Node = tuple[str, str, str]  # (document id, or "*" for the corpus; label; match key)


@dataclass
class DocumentNames:
    """What one document contributes to resolution: its mention nodes with the surface forms
    printed for each, and the links its own text makes (a short form to its full name). It
    depends on that document alone, so an import computes it only for the documents it reads."""

    doc_id: str
    surfaces: dict[Node, dict[str, int]] = field(default_factory=dict)
    links: list[tuple[Node, Node]] = field(default_factory=list)  # (corpus node of the full name, the short form's node)

    def nodes(self) -> set[Node]:
        return set(self.surfaces).union(*self.links) if self.links else set(self.surfaces)


def document_names(ex: DocumentExtraction) -> DocumentNames:
    out = DocumentNames(ex.document.id)
    by_label: dict[str, set[str]] = defaultdict(set)
    for m in ex.mentions:
        by_label[m.label].add(match_key(m.text))
    relative = frozenset(match_key(m.text) for m in ex.mentions if m.relative)
    local: set[tuple[str, str]] = set()
    for label, keys in by_label.items():
        for short, full in _local_links(label, keys, ex.aliases, relative):
            local.add((label, short))
            out.links.append((("*", label, full), (ex.document.id, label, short)))
    surfaces: dict[Node, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m in ex.mentions:
        k = match_key(m.text)
        # a short form linked to its full name, or a body named relative to the place
        # the text is about (县委): a node of this document only
        node = (ex.document.id, m.label, k) if (m.label, k) in local or m.relative else ("*", m.label, k)
        surfaces[node][" ".join((m.surface or m.text).split())] += 1
    out.surfaces = {n: dict(forms) for n, forms in surfaces.items()}
    return out


def suffix_partners(key: str) -> set[str]:
    """Corpus place keys whose presence decides whether ``key`` joins another place by the
    administrative-suffix rule (济宁 ~ 济宁市): its suffixed forms, and itself without one."""
    out = {key + ch for ch in _ADMIN}
    if len(key) > 1 and key[-1] in _ADMIN_SET:
        out.add(key[:-1])
    return out


def resolve_names(
    names: list[DocumentNames], corpus_places: Callable[[str], bool] | None = None
) -> tuple[dict[Node, str], dict[str, dict]]:
    """Return (mention node → entity id, entity id → {id, name, type, aliases}) for the
    documents' names. ``corpus_places`` says whether a place key is named anywhere in the
    corpus (default: in these documents) — an import that resolves only the documents whose
    names meet its new ones still applies the corpus-wide suffix rule to the whole corpus."""
    uf = _UnionFind()
    surface: dict[Node, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for dn in sorted(names, key=lambda d: d.doc_id):
        for full, short in dn.links:
            uf.union(full, short)
        for node, forms in dn.surfaces.items():
            for s, n in forms.items():
                surface[node][s] += n
            uf.find(node)
    # across the corpus too, a place without its suffix is the suffixed one (济宁 ~ 济宁市)
    places = {node[2] for node in uf.parent if node[0] == "*" and node[1] == "PLACE"}
    known = corpus_places or places.__contains__
    for short in places:
        suffixed = [short + ch for ch in _ADMIN if known(short + ch)]
        if len(suffixed) == 1 and suffixed[0] in places:
            uf.union(("*", "PLACE", suffixed[0]), ("*", "PLACE", short))
    groups: dict = defaultdict(list)
    for node in list(uf.parent):
        groups[uf.find(node)].append(node)
    # the entity of each group; groups whose names give the same id are one entity (a name
    # printed two ways that fold to one key), whatever order the documents came in
    by_id: dict[str, list[Node]] = defaultdict(list)
    for members in groups.values():
        named = entity_name(members, surface)
        if named is not None:
            by_id[named[0]].extend(members)
    node_entity: dict[Node, str] = {}
    entities: dict[str, dict] = {}
    for eid, members in by_id.items():
        name, forms = entity_name(members, surface)[1:]
        entities[eid] = {
            "id": eid,
            "name": name,
            "type": members[0][1],
            "aliases": sorted({f for f in forms if match_key(f) != match_key(name)}),
            "members": sorted(members),
        }
        for m in members:
            node_entity[m] = eid
    return node_entity, entities


def entity_name(members: list[Node], surface: dict[Node, dict[str, int]]) -> tuple[str, str, dict[str, int]] | None:
    """(entity id, name, surface forms with counts) of a group of nodes; None without forms."""
    forms: dict[str, int] = defaultdict(int)
    corpus_forms: set[str] = set()  # forms printed as names of their own, not as a short form linked in one document
    for m in members:
        for s, n in surface[m].items():
            forms[s] += n
            if m[0] == "*":
                corpus_forms.add(s)
    if not forms:
        return None
    # a name of its own before a short form linked to it (李红梅, not 李院长); then the fullest
    # form; frequency breaks ties
    name = max(forms, key=lambda f: (f in corpus_forms, len(match_key(f)), forms[f], f))
    # an entity known only within one document (县委 of a county never named) is that
    # document's own: the same name elsewhere is another body
    scope = "*" if any(m[0] == "*" for m in members) else members[0][0]
    label = members[0][1]
    return entity_id(label, match_key(name) if scope == "*" else f"{scope}/{match_key(name)}"), name, forms


def resolve(extractions: list[DocumentExtraction]) -> tuple[dict[Node, str], dict[str, dict]]:
    """Resolve every document's names together (see resolve_names).

    A mention node is (doc_id, label, key) for a short form linked inside its document or a
    name relative to the document's place (县委), else ("*", label, key) with
    key = match_key(text).
    """
    return resolve_names([document_names(ex) for ex in extractions])


def entity_of(entity_of_node: Callable[[Node], str | None], doc_id: str, label: str, text: str) -> str | None:
    """The entity of a name in a document: its document's own node first (a short form
    linked there, a body named relative to its place), else the corpus's."""
    k = match_key(text)
    return entity_of_node((doc_id, label, k)) or entity_of_node(("*", label, k))
