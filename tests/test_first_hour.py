"""What an analyst does first: queries that answer or say why, readable evidence, one entity
and a summary, clean one-line failures, a fast start."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_queries_without_parameters_use_their_examples(seed_workspace: Path):
    r = run("query", "top_entities", "--data-dir", str(seed_workspace))
    assert r.exit_code == 0 and "(0 rows)" not in r.output
    assert "using the example parameters of top_entities" in r.output
    listing = run("query", "--list").output
    assert "people_of_org" in listing and "parameters: org (e.g." in listing and "parameters: no parameters" in listing


def test_query_parameters_missing_mistyped_or_unknown_are_named(seed_workspace: Path, tmp_path: Path, monkeypatch):
    r = run("query", "strongest_pairs", "-p", "min_weight=abc", "--data-dir", str(seed_workspace))
    assert r.exit_code == 2 and "min_weight must be a whole number, like -p min_weight=1" in r.output
    r = run("query", "people_of_org", "-p", "organisation=某某", "--data-dir", str(seed_workspace))
    assert r.exit_code == 2 and "no parameter organisation; it takes org (e.g." in r.output
    own = tmp_path / "queries"
    own.mkdir()
    (own / "by_type.cypher").write_text(
        "// Entities of one type.\nMATCH (e:Entity) WHERE e.type = $kind RETURN e.name LIMIT 3\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)  # a team's own queries/ folder is found beside the library
    r = run("query", "by_type", "--data-dir", str(seed_workspace))
    assert r.exit_code == 2 and "give -p kind=VALUE" in r.output
    assert run("query", "by_type", "-p", "kind=ORG", "--data-dir", str(seed_workspace)).exit_code == 0


def test_evidence_reads_sentence_first_with_file_and_is_json_objects(seed_workspace: Path):
    table = run("query", "people_of_org", "-p", "org=山东大学齐鲁医院", "--data-dir", str(seed_workspace)).output
    assert "「" in table and "seeds/" in table and '\\"' not in table
    data = json.loads(run("query", "people_of_org", "--format", "json", "--data-dir", str(seed_workspace)).stdout)
    ev = data[0]["evidence"][0]
    assert isinstance(ev, dict) and ev["sentence"] and ev["file"].endswith(".txt") and "date" in ev


def test_show_one_entity_and_suggestions(seed_workspace: Path):
    r = run("show", "济宁市公共卫生医疗中心", "--data-dir", str(seed_workspace))
    assert r.exit_code == 0 and "aliases:" in r.output and "in context:" in r.output and "「" in r.output and "seeds/" in r.output
    data = json.loads(run("show", "济宁市公卫医疗中心", "--format", "json", "--data-dir", str(seed_workspace)).output)
    assert data["name"] == "济宁市公共卫生医疗中心"  # found by an alias
    assert any(r["type"] == "LOCATED_IN" for r in data["relations"]) and data["in_context"][0]["sentence"]
    missing = run("show", "齐鲁", "--data-dir", str(seed_workspace))
    assert missing.exit_code == 2 and "did you mean 山东大学齐鲁医院" in missing.output


def test_stats_summarise_the_graph(seed_workspace: Path):
    s = json.loads(run("stats", "--format", "json", "--data-dir", str(seed_workspace)).output)
    assert s["documents"] == 5 and s["articles"] > 5 and s["entities"]["ORG"] > 10 and s["derived"]
    assert s["edges"]["CO_MENTIONED"] > 0 and len(s["top"]) == 10
    text = run("stats", "--data-dir", str(seed_workspace)).output
    assert "top entities" in text and "derived" in text


def test_clean_failures_write_nothing(tmp_path: Path, seed_copy: Path, seed_workspace: Path):
    ws = tmp_path / "ws"
    r = run("build", str(tmp_path / "seedz"), "--data-dir", str(ws))
    assert r.exit_code == 2 and "nothing to import" in r.output and not ws.exists()
    bad = tmp_path / "rules.yaml"
    bad.write_text("entities:\n  - {name: 甲乙公司, type: ORG}\n  - {name: 丙丁, type: PERSN}\n", encoding="utf-8")
    r = run("build", str(seed_copy), "--rules", str(bad), "--data-dir", str(ws))
    assert r.exit_code == 2 and "line 3" in r.output and "PERSN" in r.output and "please report" not in r.output
    assert not ws.exists()
    assert run("extract", str(seed_copy), "--rules", str(bad)).exit_code == 2
    for args, message in [
        (["export", "--format", "gexf", "-o", str(tmp_path / "no" / "g.gexf")], "no such folder"),
        (["export", "--format", "gexf", "-o", str(tmp_path)], "is a folder"),
        (["viz", "--types", "PERSN"], "unknown type PERSN"),
        (["viz", "--top", "-5"], "--top must be"),
        (["viz", "--around", "齐鲁"], "did you mean"),
    ]:
        r = run(*args, "--data-dir", str(seed_workspace))
        assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output, (args, r.output)
    assert run("viz", "--types", "org", "-o", str(tmp_path / "orgs.html"), "--data-dir", str(seed_workspace)).exit_code == 0


def test_remove_says_what_it_removed(seed_copy: Path, tmp_path: Path):
    ws = tmp_path / "ws"
    assert run("build", str(seed_copy), "--data-dir", str(ws), "--no-html").exit_code == 0
    one = seed_copy / "004_a39425cff97a2816.txt"
    r = run("remove", str(one), "--data-dir", str(ws))
    assert r.exit_code == 0 and f"removed: {one.resolve()}" in r.output and "1 file(s) removed" in r.output


def test_help_does_not_load_the_pipeline_and_names_kgraph_data():
    code = "import sys, kgraph.cli; print(sorted(m for m in ('spacy', 'networkx', 'real_ladybug') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert "KGRAPH_DATA" in run("build", "--help").output


@pytest.mark.slow
def test_the_query_library_ships_in_the_package(tmp_path: Path):
    """A normal (non-editable) install has the queries: build the wheel, install it alone."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)], check=True)
    (wheel,) = tmp_path.glob("kgraph-*.whl")
    assert any(n.startswith("kgraph/queries/") and n.endswith(".cypher") for n in zipfile.ZipFile(wheel).namelist())
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True)
    code = "from kgraph.query_library import list_queries, PACKAGE_DIR; print(PACKAGE_DIR); print(len(list_queries()))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": ""}
    )
    folder, count = out.stdout.split()
    assert folder.startswith(str(target)) and int(count) >= 16


def test_show_tells_apart_bodies_of_the_same_name_in_different_files(tmp_path: Path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("县委召开常委会议，研究部署春耕备耕工作。县委要求各部门抓好落实。\n", encoding="utf-8")
    (pages / "b.txt").write_text("县委举办理论学习中心组集体学习会。\n", encoding="utf-8")
    ws = str(tmp_path / "ws")
    assert run("build", str(pages), "--data-dir", ws, "--no-html").exit_code == 0
    r = run("show", "县委", "--data-dir", ws)
    # each file's 县委 is that file's own county committee: the other one is named with its file
    assert r.exit_code == 0 and "mentions 2" in r.output
    assert f"also named so: 县委 [ORG] ({pages / 'b.txt'})" in r.output
