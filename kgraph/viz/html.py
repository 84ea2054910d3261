"""Interactive HTML explorer of the entity graph: one self-contained UTF-8 file, offline.

What it shows is decided here, in Python, so every load looks the same: the view's
connected groups are laid out (community by community for large ones) and packed close
together, largest first; pieces of up to four entities are kept aside, behind a toggle, so
the page does not open on a ring of specks. Every node carries its label, and vis-network
shows a label once it is large enough to read, so the important names are readable at first
load and the others appear as one zooms in.

Clicking an entity opens a side panel (type, aliases, mentions, relations with titles, and
evidence sentences with file, article title and date); clicking a link shows the sentences
that support it. The search covers every entity of the graph, drawn or not. vis-network is
inlined from the copy shipped inside pyvis; all data is JSON with <, > and & escaped and is
put on the page as text, never as markup.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Template

from kgraph.graph.builder import entity_subgraph
from kgraph.graph.cards import entity_card, named, suggestions
from kgraph.model import ENTITY_TYPES
from kgraph.safeio import atomic_write
from kgraph.viz.layout import communities, community_layout, induced

TYPE_COLORS = {"ORG": "#4e79a7", "PERSON": "#e15759", "PLACE": "#59a14f", "PROGRAM": "#f28e2b", "POLICY": "#b07aa1"}
TYPE_NAMES = {"ORG": "机构 ORG", "PERSON": "人物 PERSON", "PLACE": "地点 PLACE", "PROGRAM": "项目 PROGRAM", "POLICY": "政策 POLICY"}
COMMUNITY_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
PHYSICS_LIMIT = 250  # above this many nodes a group is laid out community by community
SMALL_PIECE = 4  # groups of at most this many entities are kept aside (behind a toggle)
EVIDENCE_SHOWN = 4
DEFAULT_TOP = 300  # entities drawn unless asked otherwise


class ViewError(ValueError):
    """A view that cannot be drawn as asked (unknown type, no such entity); says why."""


def check_types(types: list[str] | None) -> list[str] | None:
    """Entity types as the user typed them (any case); ViewError naming the valid ones."""
    if not types:
        return None
    out = [t.strip().upper() for t in types if t.strip()]
    bad = [t for t in out if t not in ENTITY_TYPES]
    if bad:
        raise ViewError(f"unknown type {', '.join(bad)}: use {', '.join(ENTITY_TYPES)}")
    return out


def select_view(
    h: nx.Graph,
    top: int | None = DEFAULT_TOP,
    min_weight: int = 1,
    types: list[str] | None = None,
    around: str | None = None,
    hops: int = 1,
    rank: str = "degree",
) -> nx.Graph:
    """Reduce the entity graph to what a person can read: filter by type and edge weight,
    an ego view around a named entity, then the ``top`` entities by weighted degree or
    PageRank."""
    if top is not None and top < 0:
        raise ViewError(f"--top must be 0 (all) or more, not {top}")
    types = check_types(types)
    h = h.copy()
    if types:
        h.remove_nodes_from([n for n, d in h.nodes(data=True) if d["type"] not in types])
    h.remove_edges_from([(a, b) for a, b, d in h.edges(data=True) if d.get("weight", 1) < min_weight])
    if around:
        seeds = named(h.nodes(data=True), around)
        if not seeds:
            near = suggestions(h.nodes(data=True), around)
            hint = f"; did you mean {'、'.join(near)}?" if near else " (names and aliases are searched)"
            raise ViewError(f"no entity named {around!r}{hint}")
        keep = set()
        for s in seeds:
            keep |= set(nx.single_source_shortest_path_length(h, s, cutoff=hops))
        h = induced(h, keep)
        h.graph["focus"] = seeds
    else:
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0 and h.nodes[n].get("derived")])
    if top and h.number_of_nodes() > top:
        if rank == "pagerank":
            score = nx.pagerank(h, weight="weight") if h.number_of_edges() else {n: 0.0 for n in h}
        elif rank == "degree":
            score = dict(h.degree(weight="weight"))
        else:
            raise ViewError("rank must be degree or pagerank")
        ranked = sorted(h.nodes, key=lambda n: (score[n], h.nodes[n].get("mentions", 0), n), reverse=True)
        focus = h.graph.get("focus", [])
        h = induced(h, set(ranked[:top]) | set(focus))
        h.graph["focus"] = focus
    return h


# --- layout: groups packed close, small pieces aside ----------------------------------


def _group_layout(h: nx.Graph, nodes: list[str], membership: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Positions of one connected group around (0, 0), about 60 units between neighbours."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    sub = induced(h, nodes)
    if len(nodes) > PHYSICS_LIMIT:
        return community_layout(sub, {n: membership[n] for n in nodes})
    pos = nx.spring_layout(sub, seed=7, weight="weight", iterations=80)
    scale = 90.0 * math.sqrt(len(nodes))
    return {n: (float(x * scale), float(y * scale)) for n, (x, y) in pos.items()}


def _pack(boxes: list[tuple[list[str], dict[str, tuple[float, float]]]], width: float) -> dict[str, tuple[float, float]]:
    """Shelf packing: groups left to right in rows of about ``width``, largest first."""
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for _, pos in boxes:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        left, top = min(xs), min(ys)
        w, hgt = max(xs) - left + 80, max(ys) - top + 80
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for n, (px, py) in pos.items():
            out[n] = (x + px - left + 40, y + py - top + 40)
        x += w
        row_h = max(row_h, hgt)
    return out


def layout(h: nx.Graph, membership: dict[str, int] | None = None) -> tuple[dict[str, tuple[float, float]], set[str]]:
    """(positions of every node, the nodes of small pieces kept aside); ``membership``: the
    communities already found for the colours, reused to lay out large groups."""
    membership = membership if membership is not None else communities(h)
    groups = sorted((sorted(c) for c in nx.connected_components(h)), key=lambda c: (-len(c), c))
    big = [g for g in groups if len(g) > SMALL_PIECE] or groups[:1]
    small = [g for g in groups if g not in big]
    boxes = [(g, _group_layout(h, g, membership)) for g in big]
    area = sum((max(p[0] for p in pos.values()) - min(p[0] for p in pos.values()) + 80) ** 2 for _, pos in boxes)
    pos = _pack(boxes, max(600.0, math.sqrt(area) * 1.3))
    right = max((p[0] for p in pos.values()), default=0.0) + 200
    cols = max(1, int(math.sqrt(len(small))))
    aside = {n for g in small for n in g}
    for k, g in enumerate(small):  # a grid to the right, shown on demand
        cx, cy = right + (k % cols) * 140, (k // cols) * 70
        for j, n in enumerate(g):
            pos[n] = (cx + j * 60, cy)
    return pos, aside


# --- what the panels say ----------------------------------------------------------------


class _Sources:
    """File, article title and date for evidence items and mentions."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.docs = {n: d for n, d in g.nodes(data=True) if d.get("kind") == "Document"}
        self.articles = {n: d for n, d in g.nodes(data=True) if d.get("kind") == "Article"}

    def evidence(self, items: list) -> list[dict]:
        out = []
        for raw in items:
            try:
                ev = json.loads(raw) if isinstance(raw, str) else dict(raw)
            except (ValueError, TypeError):
                continue
            doc = self.docs.get(ev.get("doc"), {})
            art = self.articles.get(ev.get("article"), {})
            out.append(
                {
                    "sentence": ev.get("sentence", ""),
                    "file": doc.get("path", ""),
                    "title": art.get("title", ""),
                    "date": ev.get("date") or doc.get("date", ""),
                    "page": ev.get("page", 0),
                }
            )
        return out


def _details(g: nx.MultiDiGraph, entities: list[str], src: _Sources) -> dict[str, dict]:
    """Per entity: what its side panel shows."""
    out = {}
    for n in entities:
        evidence, files = [], {}
        for a, b, e in [*g.out_edges(n, data=True), *g.in_edges(n, data=True)]:
            other = b if a == n else a
            if e.get("type") == "MENTIONS" and g.nodes[other].get("kind") == "Article":
                art = g.nodes[other]
                doc = src.docs.get(art.get("doc_id"), {})
                path = doc.get("path", "")
                seen_at = files.get(path)
                if seen_at is None or art.get("position", 0) < seen_at["position"]:  # the file's first article naming it
                    files[path] = {
                        "file": path,
                        "title": art.get("title", ""),
                        "date": doc.get("date", ""),
                        "position": art.get("position", 0),
                    }
            elif g.nodes[other].get("kind") == "Entity":
                evidence.extend(e.get("evidence") or [])
        seen, items = set(), []
        for raw in sorted(set(evidence)):  # read one at a time: a hub has thousands, four are shown
            for ev in src.evidence([raw]):
                if ev["sentence"] and ev["sentence"] not in seen:
                    seen.add(ev["sentence"])
                    items.append(ev)
            if len(items) == EVIDENCE_SHOWN:
                break
        card = entity_card(g, n)
        for r in card["relations"]:
            r["out"] = r["direction"] == "out"
        out[n] = {
            **card,
            "evidence": items,
            "files": [{k: v for k, v in f.items() if k != "position"} for _, f in sorted(files.items())[:5]],
        }
    return out


def _edge_details(g: nx.MultiDiGraph, a: str, b: str, src: _Sources) -> dict:
    kinds, titles, evidence = [], [], []
    for u, v in ((a, b), (b, a)):
        for _, e in (g.get_edge_data(u, v) or {}).items():
            kinds.append(e.get("type"))
            if e.get("title"):
                titles.append(e["title"])
            evidence.extend(e.get("evidence") or [])
    return {
        "a": g.nodes[a]["name"],
        "b": g.nodes[b]["name"],
        "types": sorted(set(kinds)),
        "title": "、".join(sorted(set(titles))),
        "evidence": src.evidence(sorted(set(evidence)))[:EVIDENCE_SHOWN],
    }


def _safe_json(obj: object) -> str:
    return (
        json.dumps(obj, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def view_title(around: str | None = None, hops: int = 1, types: list[str] | None = None, top: int | None = None, documents: int = 0) -> str:
    """What the page shows, for its title."""
    parts = [f"围绕 around {around} ({hops} hop{'s' if hops != 1 else ''})" if around else "全图 whole graph"]
    if types:
        parts.append("/".join(t.upper() for t in types))
    if top:
        parts.append(f"top {top}")
    if documents:
        parts.append(f"{documents} documents")
    return "kgraph · " + " · ".join(parts)


def render_html(g: nx.MultiDiGraph, path: str | Path, title: str | None = None, color_by: str = "type", **view: object) -> dict:
    """Write the explorer page; returns counts of what it shows."""
    full = entity_subgraph(g)
    h = select_view(full, **view)  # type: ignore[arg-type]
    focus = set(h.graph.get("focus", []))
    if title is None:
        docs = sum(1 for _, d in g.nodes(data=True) if d.get("kind") == "Document")
        title = view_title(view.get("around"), view.get("hops", 1), view.get("types"), view.get("top", DEFAULT_TOP), docs)  # type: ignore[arg-type]
    membership = communities(h) if h.number_of_nodes() else {}
    pos, aside = layout(h, membership) if h.number_of_nodes() else ({}, set())
    degree = dict(h.degree(weight="weight"))
    nodes = []
    for n, d in h.nodes(data=True):
        color = COMMUNITY_COLORS[membership[n] % len(COMMUNITY_COLORS)] if color_by == "community" else TYPE_COLORS.get(d["type"], "#999")
        node = {
            "id": n,
            "label": d["name"],
            "name": d["name"],
            "aliases": d.get("aliases") or [],
            "kind": d["type"],
            "community": membership[n],
            "value": 1 + degree.get(n, 0),
            "color": color,
            "x": round(pos[n][0], 1),
            "y": round(pos[n][1], 1),
            "hidden": n in aside,
            "aside": n in aside,
        }
        if n in focus:
            node.update(
                {"borderWidth": 5, "color": {"background": color, "border": "#111"}, "font": {"size": 22, "bold": True}, "focus": True}
            )
        nodes.append(node)
    edges = []
    for k, (a, b, d) in enumerate(h.edges(data=True)):
        edges.append(
            {
                "id": f"l{k}",
                "from": a,
                "to": b,
                "value": d.get("weight", 1),
                "hidden": a in aside or b in aside,
                "title": f"{h.nodes[a]['name']} — {h.nodes[b]['name']} · {'/'.join(sorted(set(d.get('types', []))))} · weight {d.get('weight', 1)}",
            }
        )
    entity_ids = sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "Entity")
    src = _Sources(g)
    details = _details(g, entity_ids, src)
    edge_info = {e["id"]: _edge_details(g, e["from"], e["to"], src) for e in edges}
    index = [
        {"id": n, "name": details[n]["name"], "aliases": details[n]["aliases"], "type": details[n]["type"], "shown": n in h}
        for n in entity_ids
    ]
    counts = {t: sum(1 for _, d in h.nodes(data=True) if d["type"] == t) for t in TYPE_COLORS}
    big = h.number_of_nodes() > PHYSICS_LIMIT
    options = {
        "nodes": {
            "shape": "dot",
            "scaling": {"min": 8, "max": 44, "label": {"enabled": True, "min": 12, "max": 40, "maxVisible": 40, "drawThreshold": 7}},
            "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {"color": {"color": "#c8c8c8", "highlight": "#333"}, "scaling": {"min": 1, "max": 8}, "smooth": False},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    groups: dict[int, list[str]] = {}
    for n, c in membership.items():
        groups.setdefault(c, []).append(n)
    community_legend = [
        {
            "id": c,
            "label": "、".join(h.nodes[n]["name"] for n in sorted(groups[c], key=lambda n: -degree.get(n, 0))[:3]),
            "count": len(groups[c]),
            "color": COMMUNITY_COLORS[c % len(COMMUNITY_COLORS)] if color_by == "community" else "#888",
        }
        for c in sorted(groups)[:10]
    ]
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "types": [{"type": t, "label": TYPE_NAMES[t], "color": c, "count": counts.get(t, 0)} for t, c in TYPE_COLORS.items()],
        "communities": community_legend,
        "details": details,
        "edgeDetails": edge_info,
        "index": index,
        "aside": len(aside),
        "focus": sorted(focus),
    }
    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    template = Template(resources.files("kgraph.viz").joinpath("template.html").read_text(encoding="utf-8"), autoescape=True)
    from markupsafe import Markup

    shown = h.number_of_nodes() - len(aside)
    summary = f"{h.number_of_nodes()} nodes · {h.number_of_edges()} edges (of {g.number_of_nodes()} graph nodes)"
    page = template.render(
        title=title,
        summary=summary,
        shown=shown,
        vis_js=Markup((lib / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")),
        vis_css=Markup((lib / "vis-network.css").read_text(encoding="utf-8")),
        data_json=Markup(_safe_json(data)),
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, page)  # a page being viewed is never seen half-written
    return {"nodes": h.number_of_nodes(), "edges": h.number_of_edges(), "aside": len(aside), "path": str(out), "title": title}
