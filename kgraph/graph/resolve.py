"""Resolve mentions to one canonical entity per real-world thing across the corpus.

Within a document: declared aliases (以下简称), short forms that drop the place
(市卫健委, 省纺织工会 → the document's full name), abbreviations (卫健委 ⊂ 卫生健康委员会) and
forms that drop an administrative character (江苏纺织工会 ~ 江苏省纺织工会).
Across documents: equal match keys (width, script and quote folding) are one entity.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from kgraph.data import chars
from kgraph.graph.names import is_abbreviation, match_key
from kgraph.model import DocumentExtraction

_ADMIN = chars("admin_short_form_chars.txt")


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


def _local_links(label: str, keys: set[str], declared: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of match keys in one document that name the same thing."""
    links = []
    for alias, full in declared.items():
        a, f = match_key(alias), match_key(full)
        if a in keys and f in keys:
            links.append((a, f))
    if label not in ("ORG", "PLACE"):
        return links
    longer = sorted(keys, key=len, reverse=True)
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
        if len(short) < 3:
            continue
        cands = []
        for full in longer:
            if len(full) <= len(short):
                break
            if short[0] in _ADMIN and label == "ORG":
                # 市卫健委 / 省纺织工会: the part after the admin character, within a full name
                at = full.find(short[0])
                rest = full[at + 1 :].replace("人民政府", "政府")  # 省政府… ~ 某省人民政府…
                if 0 < at <= 4 and (rest == short[1:] or is_abbreviation(short[1:], full[at + 1 :])):
                    cands.append(full)
                    continue
            if label == "ORG" and (is_abbreviation(short, full) and short[:2] == full[:2]):
                cands.append(full)
            elif any(full == short[:i] + ch + short[i:] for i in range(2, 4) for ch in _ADMIN):
                cands.append(full)  # 江苏纺织工会 ~ 江苏省纺织工会
            elif full.endswith(short) and full[: len(full) - len(short)][-1:] in _ADMIN and (label == "PLACE" or len(short) >= 4):
                cands.append(full)  # 纺织工会 ~ 江苏省纺织工会; 鼓楼区 ~ 南京市鼓楼区
        targets = {find(c) for c in cands} - {find(short)}
        if len(targets) == 1:
            target = targets.pop()
            links.append((short, target))
            root[short] = target
    return links


def resolve(extractions: list[DocumentExtraction]) -> tuple[dict[tuple[str, str, str], str], dict[str, dict]]:
    """Return (mention node → entity id, entity id → {id, name, type, aliases}).

    A mention node is (doc_id, label, key) for a short form linked inside its document,
    else ("*", label, key) with key = match_key(text).
    """
    uf = _UnionFind()
    surface: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for ex in extractions:
        by_label: dict[str, set[str]] = defaultdict(set)
        for m in ex.mentions:
            by_label[m.label].add(match_key(m.text))
        local: set[tuple[str, str]] = set()
        for label, keys in by_label.items():
            for short, full in _local_links(label, keys, ex.aliases):
                local.add((label, short))
                uf.union(("*", label, full), (ex.document.id, label, short))
        for m in ex.mentions:
            k = match_key(m.text)
            node = (ex.document.id, m.label, k) if (m.label, k) in local else ("*", m.label, k)
            surface[node][" ".join((m.surface or m.text).split())] += 1
            uf.find(node)
    # across the corpus too, a place without its suffix is the suffixed one (济宁 ~ 济宁市)
    places = {node[2] for node in uf.parent if node[0] == "*" and node[1] == "PLACE"}
    for short in places:
        suffixed = [short + ch for ch in _ADMIN if short + ch in places]
        if len(suffixed) == 1:
            uf.union(("*", "PLACE", suffixed[0]), ("*", "PLACE", short))
    groups: dict = defaultdict(list)
    for node in list(uf.parent):
        groups[uf.find(node)].append(node)
    node_entity: dict[tuple[str, str, str], str] = {}
    entities: dict[str, dict] = {}
    for members in groups.values():
        label = members[0][1]
        forms: dict[str, int] = defaultdict(int)
        for m in members:
            for s, n in surface[m].items():
                forms[s] += n
        if not forms:
            continue
        # the fullest form names the entity; frequency breaks ties
        name = max(forms, key=lambda f: (len(match_key(f)), forms[f], f))
        eid = entity_id(label, match_key(name))
        entities[eid] = {
            "id": eid,
            "name": name,
            "type": label,
            "aliases": sorted({f for f in forms if match_key(f) != match_key(name)}),
        }
        for m in members:
            node_entity[m] = eid
    return node_entity, entities


def entity_of(mention_entity: dict, doc_id: str, label: str, text: str) -> str | None:
    """The entity of a mention: its document's own short-form link first, else the corpus."""
    k = match_key(text)
    return mention_entity.get((doc_id, label, k)) or mention_entity.get(("*", label, k))
