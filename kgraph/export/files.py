"""Graph → files. In GraphML and GEXF an edge's relationship type is the attribute
"relation" (GEXF reserves "type"). Lists (aliases, evidence, offsets) become JSON strings in GraphML/GEXF,
which allow only scalar attributes; JSON Lines and the neo4j-admin CSVs keep them as lists."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from kgraph.store.schema import NODES, RELS, graph_rows

FORMATS = ("graphml", "gexf", "jsonl", "neo4j-admin")
ARRAY_DELIMITER = "¦"  # unlikely in news text; any occurrence inside a value is replaced
_NEO4J_TYPES = {"STRING": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean", "STRING[]": "string[]", "INT64[]": "long[]"}


def _scalar_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        out.add_node(n, **{k: _scalar(v) for k, v in d.items()}, label=d.get("name") or d.get("title") or d.get("path") or n)
    for a, b, k, d in g.edges(keys=True, data=True):
        # GEXF reserves an edge's "type" (directed/undirected): the relationship is "relation"
        attrs = {("relation" if k2 == "type" else k2): _scalar(v) for k2, v in d.items()}
        out.add_edge(a, b, key=k, label=d["type"], **attrs)
    return out


def _scalar(v: object) -> object:
    if isinstance(v, (list, tuple, set, dict)):
        return json.dumps(list(v) if isinstance(v, set) else v, ensure_ascii=False)
    return "" if v is None else v


def export_graph(g: nx.MultiDiGraph, fmt: str, out: str | Path) -> list[Path]:
    """Write the graph in one format; returns the files written."""
    out = Path(out)
    if fmt == "graphml":
        nx.write_graphml(_scalar_graph(g), out, encoding="utf-8")
        return [out]
    if fmt == "gexf":
        nx.write_gexf(_scalar_graph(g), out, encoding="utf-8")
        return [out]
    if fmt == "jsonl":
        with open(out, "w", encoding="utf-8") as f:
            for n, d in sorted(g.nodes(data=True)):
                f.write(json.dumps({"element": "node", "id": n, **d}, ensure_ascii=False) + "\n")
            for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[2]["type"], e[0], e[1])):
                f.write(json.dumps({"element": "edge", "from": a, "to": b, **d}, ensure_ascii=False) + "\n")
        return [out]
    if fmt == "neo4j-admin":
        return _neo4j_admin(g, out)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def _cell(v: object, typ: str) -> str:
    if typ.endswith("[]"):
        return ARRAY_DELIMITER.join(str(x).replace(ARRAY_DELIMITER, "|") for x in (v or []))
    if typ == "BOOLEAN":
        return "true" if v else "false"
    return "" if v is None else str(v)


def _neo4j_admin(g: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """CSV data files with separate header files for `neo4j-admin database import full`."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = graph_rows(g)
    written: list[Path] = []
    for t in NODES:
        header = [f"id:ID({t.name})"] + [f"{p}:{_NEO4J_TYPES[typ]}" for p, typ in t.props if p != "id"]
        written += _write(folder, t.name, header, ([_cell(r[p], typ) for p, typ in t.props] for r in rows[t.name]))
    for t in RELS:
        a, b = t.ends
        header = [f":START_ID({a})", f":END_ID({b})"] + [f"{p}:{_NEO4J_TYPES[typ]}" for p, typ in t.props]
        written += _write(folder, t.name, header, ([r["from"], r["to"]] + [_cell(r[p], typ) for p, typ in t.props] for r in rows[t.name]))
    script = folder / "import.sh"
    nodes = " ".join(f"--nodes={t.name}={t.name}-header.csv,{t.name}.csv" for t in NODES)
    rels = " ".join(f"--relationships={t.name}={t.name}-header.csv,{t.name}.csv" for t in RELS)
    script.write_text(
        "#!/bin/sh\n# Run from this folder with Neo4j stopped; DATABASE defaults to neo4j.\n"
        f'neo4j-admin database import full "${{DATABASE:-neo4j}}" --overwrite-destination '
        f"--array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true {nodes} {rels}\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return [*written, script]


def _write(folder: Path, name: str, header: list[str], rows) -> list[Path]:
    head, data = folder / f"{name}-header.csv", folder / f"{name}.csv"
    with open(head, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(header)
    with open(data, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return [head, data]
