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

TYPE_COLORS = {"ORG": "#4e79a7", "PERSON": "#e15759", "PLACE": "#59a14f", "PROGRAM": "#f28e2b", "POLICY": "#b07aa1"}
TYPE_NAMES = {"ORG": "机构 ORG", "PERSON": "人物 PERSON", "PLACE": "地点 PLACE", "PROGRAM": "项目 PROGRAM", "POLICY": "政策 POLICY"}
PHYSICS_LIMIT = 250  # above this many nodes the layout is computed in Python and frozen


def select_view(
    h: nx.Graph,
    top: int | None = 300,
    min_weight: int = 1,
    types: list[str] | None = None,
    around: str | None = None,
    hops: int = 1,
) -> nx.Graph:
    """Reduce the entity graph to what a person can read."""
    h = h.copy()
    if types:
        h.remove_nodes_from([n for n, d in h.nodes(data=True) if d["type"] not in types])
    h.remove_edges_from([(a, b) for a, b, d in h.edges(data=True) if d.get("weight", 1) < min_weight])
    if around:
        from kgraph.graph.names import match_key

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
        ranked = sorted(h.nodes, key=lambda n: (h.degree(n, weight="weight"), h.nodes[n].get("mentions", 0), n), reverse=True)
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


def _network(h: nx.Graph) -> Network:
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    degree = dict(h.degree(weight="weight"))
    big = h.number_of_nodes() > PHYSICS_LIMIT
    pos = nx.spring_layout(h, seed=7, k=None, iterations=50, weight="weight") if big else {}
    scale = 40 * max(1.0, h.number_of_nodes() ** 0.5)
    label_cut = sorted(degree.values(), reverse=True)[min(len(degree) - 1, 60)] if degree else 0
    for n, d in h.nodes(data=True):
        aliases = d.get("aliases") or []
        tip = f"{d['name']}\n类型 type: {d['type']}\n提及 mentions: {d.get('mentions', 0)} · 文档 documents: {d.get('documents', 0)}"
        if aliases:
            tip += "\n别名 aliases: " + "、".join(aliases)
        kw = {}
        if big:
            x, y = pos[n]
            kw = {"x": float(x * scale), "y": float(y * scale)}
        net.add_node(
            n,
            label=d["name"] if (not big or degree.get(n, 0) >= label_cut) else " ",
            title=tip,
            color=TYPE_COLORS.get(d["type"], "#999"),
            value=1 + degree.get(n, 0),
            name=d["name"],
            aliases=aliases,
            kind=d["type"],
            **kw,
        )
    for a, b, d in h.edges(data=True):
        tip = f"{h.nodes[a]['name']} — {h.nodes[b]['name']}\n{'/'.join(d.get('types', []))} · weight {d.get('weight', 1)}"
        if d.get("title"):
            tip += f" · {d['title']}"
        ev = _evidence_lines(d.get("evidence") or [])
        if ev:
            tip += "\n" + ev
        net.add_edge(a, b, value=d.get("weight", 1), title=tip)
    options = {
        "nodes": {"shape": "dot", "scaling": {"min": 6, "max": 40}, "font": {"size": 14}},
        "edges": {"color": {"color": "#bbb", "highlight": "#333"}, "scaling": {"min": 1, "max": 8}, "smooth": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big},
        "physics": {"enabled": not big, "solver": "barnesHut", "stabilization": {"iterations": 300, "fit": True}},
        "layout": {"improvedLayout": not big},
    }
    net.options = options
    return net


def _safe_json(obj: object) -> str:
    return (
        json.dumps(obj, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_html(g: nx.MultiDiGraph, path: str | Path, title: str = "kgraph", **view: object) -> dict:
    """Write the HTML view; returns counts of what it shows."""
    h = select_view(entity_subgraph(g), **view)  # type: ignore[arg-type]
    net = _network(h)
    counts: dict[str, int] = {}
    for _, d in h.nodes(data=True):
        counts[d["type"]] = counts.get(d["type"], 0) + 1
    legend = [{"label": TYPE_NAMES[t], "color": c, "count": counts.get(t, 0)} for t, c in TYPE_COLORS.items()]
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options, "legend": legend}
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
