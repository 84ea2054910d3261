"""What a reader wants to know about one entity of the graph, in one place: its names, counts
and the relations the text states (used by `kgraph show` and the explorer's side panel)."""

from __future__ import annotations

import networkx as nx

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
