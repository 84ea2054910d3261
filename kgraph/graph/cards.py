"""What a reader wants to know about one entity of the graph, in one place: its names, counts
and the relations the text states (used by `kgraph show` and the explorer's side panel)."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kgraph.graph.names import match_key

TYPED = ("AFFILIATED_WITH", "PART_OF", "LOCATED_IN")


def typed_relations(g: nx.MultiDiGraph, n: str) -> list[dict]:
    """Affiliations (with titles), part-of and located-in, both directions, sorted."""
    out = []
    for a, b, e in [*g.out_edges(n, data=True), *g.in_edges(n, data=True)]:
        other = b if a == n else a
        if e.get("type") in TYPED and g.nodes[other].get("kind") == "Entity":
            out.append(
                {
                    "type": e["type"],
                    "direction": "out" if a == n else "in",
                    "other": g.nodes[other]["name"],
                    "otherId": other,
                    "title": e.get("title", ""),
                }
            )
    return sorted(out, key=lambda r: (r["type"], r["other"]))


def entity_card(g: nx.MultiDiGraph, n: str) -> dict:
    d = g.nodes[n]
    return {
        "name": d["name"],
        "type": d["type"],
        "aliases": d.get("aliases") or [],
        "mentions": d.get("mentions", 0),
        "documents": d.get("documents", 0),
        "derived": bool(d.get("derived")),
        "relations": typed_relations(g, n),
    }


def named(nodes: Iterable[tuple[str, dict]], name: str) -> list[str]:
    """The entities whose name or an alias is ``name`` (matched as kgraph matches names)."""
    key = match_key(name)
    return [
        n
        for n, d in nodes
        if d.get("kind", "Entity") == "Entity" and key in {match_key(d["name"]), *map(match_key, d.get("aliases") or [])}
    ]


def suggestions(nodes: Iterable[tuple[str, dict]], name: str, k: int = 5) -> list[str]:
    """Entity names that contain ``name`` (or an alias that does), best known first."""
    key = match_key(name)
    hits = [
        (d.get("mentions", 0), d["name"])
        for _, d in nodes
        if d.get("kind", "Entity") == "Entity"
        and key
        and (key in match_key(d["name"]) or any(key in match_key(a) for a in d.get("aliases") or []))
    ]
    return [n for _, n in sorted(hits, reverse=True)[:k]]
