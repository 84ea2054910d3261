"""Interactive HTML view of the entity graph: one self-contained UTF-8 file, offline.

pyvis builds the vis-network node/edge data and options; our own template inlines
vis-network (shipped inside pyvis) so the page makes no network request, and we write the
file ourselves as UTF-8. Tooltips are plain strings, which vis-network shows as text, and
the data is embedded as JSON with <, > and & escaped, so document text can never become
markup or script.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Template
from pyvis.network import Network

from kgraph.graph.builder import entity_subgraph
from kgraph.graph.names import match_key
from kgraph.viz.layout import communities, community_layout

TYPE_COLORS = {"ORG": "#4e79a7", "PERSON": "#e15759", "PLACE": "#59a14f", "PROGRAM": "#f28e2b", "POLICY": "#b07aa1"}
TYPE_NAMES = {"ORG": "机构 ORG", "PERSON": "人物 PERSON", "PLACE": "地点 PLACE", "PROGRAM": "项目 PROGRAM", "POLICY": "政策 POLICY"}
COMMUNITY_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
PHYSICS_LIMIT = 250  # above this many nodes the layout is computed in Python and frozen


def select_view(
    h: nx.Graph,
    top: int | None = 300,
    min_weight: int = 1,
    types: list[str] | None = None,
    around: str | None = None,
    hops: int = 1,
    rank: str = "degree",
) -> nx.Graph:
    """Reduce the entity graph to what a person can read: filter by type and edge weight,
    an ego view around a named entity, then the ``top`` entities by weighted degree or
    PageRank."""
    h = h.copy()
    if types:
        h.remove_nodes_from([n for n, d in h.nodes(data=True) if d["type"] not in types])
    h.remove_edges_from([(a, b) for a, b, d in h.edges(data=True) if d.get("weight", 1) < min_weight])
    if around:
        key = match_key(around)
        seeds = [n for n, d in h.nodes(data=True) if key in {match_key(d["name"]), *map(match_key, d.get("aliases") or [])}]
        if not seeds:
            raise KeyError(f"no entity named {around!r} (names and aliases are searched)")
        keep = set()
        for s in seeds:
            keep |= set(nx.single_source_shortest_path_length(h, s, cutoff=hops))
        h = h.subgraph(keep).copy()
    else:
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0 and h.nodes[n].get("derived")])
    if top and h.number_of_nodes() > top:
        if rank == "pagerank":
            score = nx.pagerank(h, weight="weight") if h.number_of_edges() else {n: 0.0 for n in h}
        elif rank == "degree":
            score = dict(h.degree(weight="weight"))
        else:
            raise ValueError("rank must be degree or pagerank")
        ranked = sorted(h.nodes, key=lambda n: (score[n], h.nodes[n].get("mentions", 0), n), reverse=True)
        h = h.subgraph(ranked[:top]).copy()
    return h


def _evidence_lines(evidence: list[str], k: int = 3) -> str:
    out = []
    for item in evidence[:k]:
        try:
            out.append("· " + json.loads(item)["sentence"][:120])
        except (ValueError, KeyError, TypeError):
            continue
    return "\n".join(out)


def _network(h: nx.Graph, color_by: str = "type") -> tuple[Network, list[dict]]:
    """vis-network data for the view, and the legend of its communities."""
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    degree = dict(h.degree(weight="weight"))
    big = h.number_of_nodes() > PHYSICS_LIMIT
    membership = communities(h)
    pos = community_layout(h, membership) if big else {}
    label_cut = sorted(degree.values(), reverse=True)[min(len(degree) - 1, 60)] if degree else 0
    for n, d in h.nodes(data=True):
        aliases = d.get("aliases") or []
        tip = f"{d['name']}\n类型 type: {d['type']}\n提及 mentions: {d.get('mentions', 0)} · 文档 documents: {d.get('documents', 0)}"
        if aliases:
            tip += "\n别名 aliases: " + "、".join(aliases)
        tip += f"\n社区 community: {membership[n] + 1}"
        kw = {"x": pos[n][0], "y": pos[n][1]} if big else {}
        color = COMMUNITY_COLORS[membership[n] % len(COMMUNITY_COLORS)] if color_by == "community" else TYPE_COLORS.get(d["type"], "#999")
        net.add_node(
            n,
            label=d["name"],
            show_label=not big or degree.get(n, 0) >= label_cut,
            title=tip,
            color=color,
            value=1 + degree.get(n, 0),
            name=d["name"],
            aliases=aliases,
            kind=d["type"],
            community=membership[n],
            **kw,
        )
    for a, b, d in h.edges(data=True):
        tip = f"{h.nodes[a]['name']} — {h.nodes[b]['name']}\n{'/'.join(d.get('types', []))} · weight {d.get('weight', 1)}"
        if d.get("title"):
            tip += f" · {d['title']}"
        ev = _evidence_lines(d.get("evidence") or [])
        if ev:
            tip += "\n" + ev
        if big:  # thin fixed lines draw several times faster than scaled ones
            net.add_edge(a, b, width=1 if d.get("weight", 1) < 3 else 2, title=tip)
        else:
            net.add_edge(a, b, value=d.get("weight", 1), title=tip)
    for node in net.nodes:  # only the important nodes carry a label in big views
        if not node.pop("show_label"):
            node.pop("label", None)
    net.options = {
        "nodes": {"shape": "dot", "scaling": {"min": 6, "max": 40}, "font": {"size": 14}},
        "edges": {"color": {"color": "#bbb", "highlight": "#333"}, "scaling": {"min": 1, "max": 8}, "smooth": False},
        "interaction": {"hover": not big, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
        "physics": {"enabled": not big, "solver": "barnesHut", "stabilization": {"iterations": 300, "fit": True}},
        "layout": {"improvedLayout": not big},
    }
    groups: dict[int, list[str]] = {}
    for n, c in membership.items():
        groups.setdefault(c, []).append(n)
    legend = []
    for c in sorted(groups)[:10]:
        top_names = sorted(groups[c], key=lambda n: -degree.get(n, 0))[:3]
        legend.append(
            {
                "id": c,
                "label": "、".join(h.nodes[n]["name"] for n in top_names),
                "count": len(groups[c]),
                "color": COMMUNITY_COLORS[c % len(COMMUNITY_COLORS)] if color_by == "community" else "#888",
            }
        )
    return net, legend


def _safe_json(obj: object) -> str:
    return (
        json.dumps(obj, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_html(g: nx.MultiDiGraph, path: str | Path, title: str = "kgraph", color_by: str = "type", **view: object) -> dict:
    """Write the HTML view; returns counts of what it shows."""
    h = select_view(entity_subgraph(g), **view)  # type: ignore[arg-type]
    net, community_legend = _network(h, color_by)
    counts: dict[str, int] = {}
    for _, d in h.nodes(data=True):
        counts[d["type"]] = counts.get(d["type"], 0) + 1
    legend = [
        {"label": TYPE_NAMES[t], "color": c if color_by == "type" else "#888", "count": counts.get(t, 0)} for t, c in TYPE_COLORS.items()
    ]
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options, "legend": legend, "communities": community_legend}
    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    template = Template(resources.files("kgraph.viz").joinpath("template.html").read_text(encoding="utf-8"), autoescape=True)
    from markupsafe import Markup

    page = template.render(
        title=title,
        summary=f"{h.number_of_nodes()} nodes · {h.number_of_edges()} edges (of {g.number_of_nodes()} graph nodes)",
        vis_js=Markup((lib / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")),
        vis_css=Markup((lib / "vis-network.css").read_text(encoding="utf-8")),
        data_json=Markup(_safe_json(data)),
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return {"nodes": h.number_of_nodes(), "edges": h.number_of_edges(), "path": str(out)}
