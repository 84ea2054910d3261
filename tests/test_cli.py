"""The real CLI on real text: build, query, extract, ingest, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kgraph.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_prints_a_summary_and_leaves_store_and_html(seed_workspace: Path):
    assert (seed_workspace / "graph.lbug").is_file()
    assert (seed_workspace / "graph.html").is_file()
    r = run("build", str(Path(__file__).parent.parent / "seeds"), "--data-dir", str(seed_workspace))
    assert r.exit_code == 0, r.output
    assert "files read: 5 (extracted now: 0, from cache: 5)" in r.output
    assert "entities:" in r.output and "CO_MENTIONED" in r.output


def test_installed_command_runs_as_a_process(seed_workspace: Path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "kgraph.cli",
            "query",
            "-e",
            "MATCH (d:Document) RETURN count(d) AS docs",
            "--format",
            "json",
            "--data-dir",
            str(seed_workspace),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == [{"docs": 5}]


def test_query_formats_and_params(seed_workspace: Path):
    r = run("query", "entity_search", "-p", "text=医院", "--format", "csv", "--data-dir", str(seed_workspace))
    assert r.exit_code == 0 and r.output.startswith("name,type,aliases,mentions,documents")
    r = run("query", "-e", "MATCH (e:Entity) WHERE e.mentions >= $n RETURN count(e) AS c", "-p", "n=1", "--data-dir", str(seed_workspace))
    assert r.exit_code == 0 and "(1 rows)" in r.output
    r = run("query", "--list")
    assert "top_entities" in r.output


def test_query_errors_are_one_line(seed_workspace: Path):
    r = run("query", "-e", "MATCH (n RETURN n", "--data-dir", str(seed_workspace))
    assert r.exit_code == 2 and r.output.startswith("error: query failed")
    r = run("query", "no_such_query", "--data-dir", str(seed_workspace))
    assert r.exit_code == 2 and "no such query file" in r.output


def test_extract_writes_scorer_records_with_mention_offsets(tmp_path: Path, seed_copy: Path):
    out = tmp_path / "x.jsonl"
    r = run("extract", str(seed_copy), "-o", str(out))
    assert r.exit_code == 0, r.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5
    for rec in records:
        text = (seed_copy / rec["doc"]).read_text(encoding="utf-8")
        assert rec["articles"] and {"title", "byline"} <= set(rec["articles"][0])
        for e in rec["entities"]:
            assert e["type"] in {"ORG", "PERSON", "PLACE", "PROGRAM", "POLICY"}
            for m in e["mentions"]:
                assert "".join(text[m["start"] : m["end"]].split()) == "".join(m["text"].split())


def test_bad_input_is_named_and_the_rest_goes_on(tmp_path: Path, seed_copy: Path):
    (seed_copy / "broken.txt").write_bytes(bytes(range(256)) * 10)
    (seed_copy / "empty.txt").write_bytes(b"")
    (seed_copy / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # unreadable
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    r = run("build", str(seed_copy), str(empty_dir), "--data-dir", str(tmp_path / "ws"), "--no-html")
    assert r.exit_code == 1
    errors = [line for line in r.output.splitlines() if line.startswith("error:")]
    assert any("broken.txt: binary file" in e for e in errors)
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("gone.txt: a link to nothing" in e for e in errors)
    assert any("nothing: no .txt/.md/.html/.pdf/.docx files" in e for e in errors)
    assert "documents in graph: 5" in r.output


def test_a_failure_inside_extraction_skips_that_file_only(tmp_path: Path, seed_copy: Path, monkeypatch):
    # fault injection: extraction of one file raises, as a bug in a rule would
    import kgraph.extract.document

    real = kgraph.extract.document.extract_document

    def failing(nlp, doc, articles):
        if "003_" in doc.path:
            raise IndexError("list index out of range")
        return real(nlp, doc, articles)

    monkeypatch.setattr(kgraph.extract.document, "extract_document", failing)
    r = run("build", str(seed_copy), "--data-dir", str(tmp_path / "ws"), "--no-html")
    assert r.exit_code == 1
    assert any("003_" in line and "extraction failed (IndexError" in line for line in r.output.splitlines())
    assert "documents in graph: 4" in r.output


def test_ingest_show_lists_articles(seed_copy: Path):
    r = run("ingest", str(seed_copy / "001_99c59b03b0842fe1.txt"))
    assert r.exit_code == 0 and "2 articles" in r.output and "byline:" in r.output


def test_viz_writes_views_and_names_a_missing_entity(seed_workspace: Path, tmp_path: Path):
    r = run("viz", "--data-dir", str(seed_workspace))
    assert r.exit_code == 0 and "graph.html" in r.output
    out = tmp_path / "ego.html"
    r = run("viz", "--data-dir", str(seed_workspace), "--around", "齐鲁医院", "--hops", "1", "--color", "community", "-o", str(out))
    assert r.exit_code == 0 and out.is_file(), r.output
    r = run("viz", "--data-dir", str(seed_workspace), "--around", "不存在的机构")
    assert r.exit_code == 2 and "no entity named" in r.output


def test_aliases_table(seed_workspace: Path):
    r = run("aliases", "--format", "json", "--data-dir", str(seed_workspace))
    rows = json.loads(r.output)
    assert r.exit_code == 0 and rows and all(row["aliases"] for row in rows)
    assert any(row["name"] == "山东大学齐鲁医院" and "齐鲁医院" in row["aliases"] for row in rows)


def test_remove_names_a_path_that_is_not_in_the_graph(tmp_path: Path, seed_copy: Path):
    ws = str(tmp_path / "ws")
    assert run("build", str(seed_copy), "--data-dir", ws, "--no-html").exit_code == 0
    one = sorted(seed_copy.glob("*.txt"))[0]
    r = run("remove", str(one), str(tmp_path / "never.txt"), "--data-dir", ws)
    assert r.exit_code == 1 and "never.txt: not in the graph" in r.output
    assert "documents in graph: 4" in r.output


def test_remove_by_difference_without_the_view(tmp_path: Path, seed_copy: Path):
    ws = tmp_path / "ws"
    assert run("build", str(seed_copy), "--data-dir", str(ws), "--no-html").exit_code == 0
    one = sorted(seed_copy.glob("*.txt"))[-1]
    r = run("remove", str(one), "--data-dir", str(ws), "--no-html")
    assert r.exit_code == 0 and "graph changed by difference" in r.output and "html:" not in r.output
    assert not (ws / "graph.html").exists()
