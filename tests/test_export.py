"""Exports from the seed workspace, read back with the tools that consume them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.ingest.dates import page_date


def export(ws: Path, fmt: str, out: Path) -> None:
    r = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out), "--data-dir", str(ws)])
    assert r.exit_code == 0, r.output


def entity_count(ws: Path) -> int:
    from kgraph import api

    return api.query("MATCH (e:Entity) RETURN count(e)", data_dir=ws).rows[0][0]


def test_gexf_and_graphml_open_in_networkx(seed_workspace: Path, tmp_path: Path):
    for fmt in ("gexf", "graphml"):
        out = tmp_path / f"g.{fmt}"
        export(seed_workspace, fmt, out)
        g = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
        entities = [n for n, d in g.nodes(data=True) if d.get("kind") == "Entity"]
        assert len(entities) == entity_count(seed_workspace)
        assert any(d.get("relation") == "CO_MENTIONED" for _, _, d in g.edges(data=True))


def test_jsonl_has_every_node_and_edge(seed_workspace: Path, tmp_path: Path):
    out = tmp_path / "g.jsonl"
    export(seed_workspace, "jsonl", out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum(1 for r in rows if r["element"] == "node" and r["kind"] == "Entity") == entity_count(seed_workspace)
    assert all(isinstance(r["evidence"], list) for r in rows if r.get("type") == "CO_MENTIONED")


def test_neo4j_admin_csvs_match_their_headers(seed_workspace: Path, tmp_path: Path):
    out = tmp_path / "n4j"
    export(seed_workspace, "neo4j-admin", out)
    script = (out / "import.sh").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in script and "--nodes=Entity=Entity-header.csv,Entity.csv" in script
    for header in out.glob("*-header.csv"):
        cols = next(csv.reader(header.open(encoding="utf-8")))
        data = list(csv.reader((out / header.name.replace("-header", "")).open(encoding="utf-8")))
        assert all(len(row) == len(cols) for row in data), header.name
    ids = {r[0] for r in csv.reader((out / "Entity.csv").open(encoding="utf-8"))}
    assert all(r[0] in ids and r[1] in ids for r in csv.reader((out / "CO_MENTIONED.csv").open(encoding="utf-8")))


def test_page_dates_from_file_name_or_masthead():
    assert page_date("paper/2024-09-29_p3.txt", "正文") == "2024-09-29"
    assert page_date("paper/20240929.txt", "正文") == "2024-09-29"
    assert page_date("p.txt", "某某日报\n2024年9月29日 星期日\n正文") == "2024-09-29"
    assert page_date("p.txt", "近日，2024年9月29日上午召开的会议上，代表们围绕发展问题深入讨论。") is None
    assert page_date("2024-13-45.txt", "") is None
