"""Positions and communities for large views, computed in Python so the browser only draws.

A force layout of the whole graph costs O(n²) per step (13 s for 3,000 nodes here). Here a
force layout only ever runs on at most ``LIMIT`` nodes: a larger graph is split into its
communities (Louvain), the communities are placed as the nodes of a smaller graph (the same
way, recursively), and each community is laid out around its own centre (recursively too).
The cost grows with the number of nodes times LIMIT, not with its square, and each community
stays visibly together.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

LIMIT = 150  # the largest graph given to a force layout


def communities(h: nx.Graph, seed: int = 7) -> dict:
    """Louvain communities, numbered by size (0 = largest)."""
    if h.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(h, key=str))}
    groups = nx.community.louvain_communities(h, weight="weight", seed=seed)
    groups = sorted(groups, key=lambda c: (-len(c), min(map(str, c))))
    return {n: i for i, c in enumerate(groups) for n in sorted(c, key=str)}


def induced(h: nx.Graph, nodes: Iterable) -> nx.Graph:
    """The subgraph on ``nodes``, with ``h``'s order of nodes and edges. networkx's own
    subgraph views walk a set of the nodes, in an order that changes from run to run, and the
    communities and the layout depend on the order: the same graph would be drawn differently
    each time."""
    keep = set(nodes)
    out = nx.Graph()
    out.graph.update(h.graph)
    order = [n for n in h if n in keep]
    out.add_nodes_from((n, h.nodes[n]) for n in order)
    out.add_edges_from((a, b, d) for a in order for b, d in h.adj[a].items() if b in keep)
    return out


def community_layout(h: nx.Graph, membership: dict | None = None, seed: int = 7, spacing: float = 60.0) -> dict:
    """Positions about ``spacing`` apart between neighbours, communities kept together."""
    unit = _unit_layout(h, membership, seed)
    world = spacing * math.sqrt(max(1, len(h))) * 1.2
    return {n: (float(x * world), float(y * world)) for n, (x, y) in unit.items()}


def _unit_layout(h: nx.Graph, membership: dict | None, seed: int) -> dict:
    """Positions within [-1, 1]²."""
    n = len(h)
    if n == 1:
        return {next(iter(h)): (0.0, 0.0)}
    if n <= LIMIT:
        return _normalised(nx.spring_layout(h, seed=seed, weight="weight", iterations=50))
    membership = membership or communities(h, seed)
    groups: dict = {}
    for node, c in membership.items():
        groups.setdefault(c, []).append(node)
    if len(groups) == 1:  # no community structure to use: a spiral keeps the cost linear
        return _spiral(sorted(h, key=lambda x: -h.degree(x, weight="weight")))
    meta = nx.Graph()
    meta.add_nodes_from(groups)
    for a, b, d in h.edges(data=True):
        ca, cb = membership[a], membership[b]
        if ca != cb:
            w = meta.get_edge_data(ca, cb, {"weight": 0})["weight"] + d.get("weight", 1)
            meta.add_edge(ca, cb, weight=w)
    centres = _unit_layout(meta, None, seed)
    pos = {}
    for c, members in groups.items():
        cx, cy = centres[c]
        # a community's share of the square follows its size; the centres are about that far apart
        radius = 0.9 * math.sqrt(len(members) / n)
        local = _unit_layout(induced(h, members), None, seed) if len(members) > 1 else {members[0]: (0.0, 0.0)}
        for node, (x, y) in local.items():
            pos[node] = (cx + x * radius, cy + y * radius)
    return _normalised(pos)


def _normalised(pos: dict) -> dict:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {k: (float((x - mx) * 2 / span), float((y - my) * 2 / span)) for k, (x, y) in pos.items()}


def _spiral(nodes: list) -> dict:
    """Nodes on a sunflower spiral, the first in the middle."""
    golden = math.pi * (3 - math.sqrt(5))
    pos = {n: (math.sqrt(i + 0.5) * math.cos(i * golden), math.sqrt(i + 0.5) * math.sin(i * golden)) for i, n in enumerate(nodes)}
    return _normalised(pos)
