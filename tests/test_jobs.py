"""Extraction in worker processes: the same output as one worker, failures skip one file."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from click.testing import CliRunner

from kgraph import api
from kgraph.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_two_workers_write_what_one_writes(seed_copy: Path, tmp_path: Path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("extract", str(seed_copy), "-o", str(one), "--workers", "1").exit_code == 0
    assert run("extract", str(seed_copy), "-o", str(two), "--workers", "2").exit_code == 0
    assert one.read_bytes() == two.read_bytes() and len(one.read_text().splitlines()) == len(list(seed_copy.glob("*.txt")))


def test_a_build_with_workers_is_the_build_with_one(seed_copy: Path, tmp_path: Path):
    api.build([seed_copy], tmp_path / "a", html=False, workers=1)
    api.build([seed_copy], tmp_path / "b", html=False, workers=2)
    g1, g2 = api.load_graph(tmp_path / "a"), api.load_graph(tmp_path / "b")
    assert sorted(g1.nodes(data="name")) == sorted(g2.nodes(data="name"))
    assert sorted((a, b, d["type"], d.get("weight")) for a, b, d in g1.edges(data=True)) == sorted(
        (a, b, d["type"], d.get("weight")) for a, b, d in g2.edges(data=True)
    )


def test_a_failing_file_skips_only_itself_in_a_worker(seed_copy: Path, tmp_path: Path, monkeypatch):
    import kgraph.extract.document

    real = kgraph.extract.document.extract_document

    def failing(nlp, doc, articles):  # inherited by the forked workers
        if "003_" in doc.path:
            raise IndexError("list index out of range")
        return real(nlp, doc, articles)

    monkeypatch.setattr(kgraph.extract.document, "extract_document", failing)
    r = run("build", str(seed_copy), "--data-dir", str(tmp_path / "ws"), "--no-html", "--workers", "2")
    assert r.exit_code == 1 and "documents in graph: 4" in r.stdout
    assert any("003_" in line and "extraction failed (IndexError" in line for line in r.stderr.splitlines())


def test_a_worker_that_dies_fails_its_file_not_the_run(seed_copy: Path, monkeypatch):
    import kgraph.extract.document

    real = kgraph.extract.document.extract_document

    def dying(nlp, doc, articles):
        if "002_" in doc.path:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does when memory runs out
        return real(nlp, doc, articles)

    monkeypatch.setattr(kgraph.extract.document, "extract_document", dying)
    result = api.extract_files([seed_copy], workers=2)
    assert [e for e in result.errors if "died" in e] == [e for e in result.errors if "002_" in e] and len(result.errors) == 1
    assert len(result.results) == len(list(seed_copy.glob("*.txt"))) - 1


def _names_of(ex) -> list[str]:
    return sorted({m.text for m in ex.mentions})


def test_finish_runs_where_the_file_was_extracted(seed_copy: Path):
    """The product is made in the worker; without a workspace the extraction stays there."""
    files = sorted(seed_copy.glob("*.txt"))[:3]
    parent = os.getpid()

    def where(ex) -> int:
        return os.getpid()

    by_worker = list(api.iter_extractions(files, workers=2, finish=where))
    assert all(o.product != parent for o in by_worker) and all(o.extraction is None for o in by_worker)
    alone = list(api.iter_extractions(files, workers=1, finish=_names_of))
    assert [o.product for o in list(api.iter_extractions(files, workers=2, finish=_names_of))] == [o.product for o in alone]
    assert all(o.product for o in alone)
