"""Reliability: text kept, inputs that cannot stall a run, one line for every machine
failure, read-only queries, a workspace that changes all at once, and the fault suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph import api
from kgraph.cli import main
from kgraph.extract.rules_file import RulesFileError, UserRules
from kgraph.ingest import IngestError, discover, ingest_file, read_document
from kgraph.ingest.articles import split_long_articles
from kgraph.store.guard import QueryRefused, check_query
from kgraph.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
PAGE = "某某县人民医院召开会议，研究部署医疗服务工作。\n会议由院长甲乙主持，某某县卫生健康局有关负责人参加。\n"


def run(*args: str, **kw):
    return CliRunner().invoke(main, list(args), **kw)


# --- keeping text --------------------------------------------------------------------------
def test_a_page_cut_in_its_last_character_is_kept_with_a_warning(tmp_path: Path):
    f = tmp_path / "cut.txt"
    f.write_bytes(PAGE.encode()[:-2])  # the newline and half of 。... cut inside a character
    doc = read_document(f)
    assert doc.text.startswith(PAGE[:40]) and doc.text.endswith("\ufffd")
    assert doc.warnings and "replaced" in doc.warnings[0] and str(f) in doc.warnings[0]


def test_cesu_surrogates_are_replaced_not_refused(tmp_path: Path):
    f = tmp_path / "cesu.txt"
    f.write_bytes(PAGE.encode() + b"\xed\xa0\xbd\xed\xb8\x80" + PAGE.encode())
    doc = read_document(f)
    assert doc.text.count("某某县人民医院") == 2 and doc.warnings


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path: Path, encoding: str):
    f = tmp_path / "u16.txt"
    f.write_bytes(PAGE.encode(encoding))
    assert read_document(f).text == PAGE


def test_a_file_pasted_together_from_utf8_and_gb18030_lines(tmp_path: Path):
    f = tmp_path / "mixed.txt"
    first, second = PAGE.splitlines(keepends=True)
    f.write_bytes(first.encode() + second.encode("gb18030"))
    doc = read_document(f)
    assert doc.text == PAGE and "GB18030" in doc.warnings[0]


def test_random_bytes_are_still_refused(tmp_path: Path):
    import random

    f = tmp_path / "noise.txt"
    f.write_bytes(random.Random(1).randbytes(4000))
    with pytest.raises(IngestError, match=r"binary|encoding"):
        read_document(f)


def test_a_very_long_article_is_read_in_pieces_with_exact_offsets(tmp_path: Path):
    f = tmp_path / "dump.txt"
    text = PAGE * 3000  # about 150k characters with no headlines: one long article
    f.write_text(text, encoding="utf-8")
    doc, articles = ingest_file(f)
    assert len(articles) > 1 and all(len(a.body) <= 20_000 for a in articles)
    for a in articles:
        assert len(a.offsets) == len(a.body)
        assert all(doc.text[o] == c for o, c in zip(a.offsets, a.body, strict=True) if c not in "\n ")
        assert all(a.offsets[0] <= s.start < a.offsets[-1] + 1 for s in a.sentences)
    assert sum(len(a.sentences) for a in articles) >= 6000


def test_pieces_cut_at_paragraph_ends():
    from kgraph.model import Article

    body = "\n".join("第" + str(i) + "段。" + "字" * 95 for i in range(50))
    art = Article("a", "d", 0, "标题", body, list(range(len(body))))
    pieces = split_long_articles([art], limit=1000)
    assert "".join(p.body for p in pieces) == body
    assert all(p.body.endswith("\n") for p in pieces[:-1]) and [p.index for p in pieces] == list(range(len(pieces)))


# --- inputs that must not stall a run ------------------------------------------------------
def test_fifos_devices_and_dangling_links_are_named_and_never_read(tmp_path: Path):
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink(tmp_path / "pipe.txt", tmp_path / "to_pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    os.symlink(tmp_path / "none.txt", tmp_path / "dangling.txt")
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    found = discover([tmp_path])
    assert [f.name for f in found.files] == ["good.txt"]
    said = "\n".join(found.problems)
    assert "pipe.txt: not a regular file (a FIFO)" in said and "to_pipe.txt: not a regular file" in said
    assert "zero.txt: not a regular file (a device)" in said and "dangling.txt: a link to nothing" in said
    assert any("scan.jpg: skipped" in s for s in found.skipped)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("KGRAPH_MAX_FILE_MB", "0.01")
    f = tmp_path / "big.txt"
    f.write_text(PAGE * 200, encoding="utf-8")
    assert "over the 0 MB limit" in discover([f]).problems[0] or "limit" in discover([f]).problems[0]
    with pytest.raises(IngestError, match="limit"):
        read_document(f)


def test_a_file_name_that_is_not_utf8_is_imported_and_shown(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"\xff\xfepage.txt"), "wb") as f:
        f.write(PAGE.encode())
    ws = tmp_path / "ws"
    r = run("build", str(folder), "--data-dir", str(ws), "--no-html")
    assert r.exit_code == 0, r.output
    paths = api.query("MATCH (d:Document) RETURN d.path", data_dir=ws).rows
    assert paths and paths[0][0].endswith("\\xff\\xfepage.txt")


# --- rules files ---------------------------------------------------------------------------
BAD_RULES = {
    "empty_list.yaml": "[]",
    "a_string.yaml": "just words",
    "unknown_top.yaml": "entity: []",
    "entities_map.yaml": "entities: {name: 某某公司}",
    "entity_string.yaml": "entities: [某某公司]",
    "no_name.yaml": "entities: [{type: ORG}]",
    "name_list.yaml": "entities: [{name: [a, b], type: ORG}]",
    "name_map.yaml": "entities: [{name: {a: 1}, type: ORG}]",
    "name_empty.yaml": "entities: [{name: '', type: ORG}]",
    "bad_type.yaml": "entities: [{name: 某某公司, type: COMPANY}]",
    "typo_key.yaml": "entities: [{name: 某某公司, type: ORG, alias: [某某]}]",
    "aliases_string.yaml": "entities: [{name: 某某公司, type: ORG, aliases: 某某}]",
    "alias_map.yaml": "entities: [{name: 某某公司, type: ORG, aliases: [{x: 1}]}]",
    "conflict.yaml": "entities:\n  - {name: 某某, type: ORG}\n  - {name: 某某, type: PERSON}",
    "stop_string.yaml": "stop: 智慧",
    "stop_nested.yaml": "stop: [[智慧]]",
    "tab_indent.yaml": "entities:\n\t- {name: x, type: ORG}",
    "not_utf8.yaml": "entities: [{name: 某某公司, type: ORG}]".encode("gb18030"),
    "bad.json": '{"entities": [',
    "deep.json": "[" * 50000,
    "anchors.yaml": "a: &a [x, x]\nb: [*a, *a]\nentities: []",
}


@pytest.mark.parametrize("name", sorted(BAD_RULES))
def test_every_bad_rules_file_is_one_line(tmp_path: Path, name: str):
    f = tmp_path / name
    content = BAD_RULES[name]
    f.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(RulesFileError) as err:
        UserRules.load(f)
    assert str(f) in str(err.value) and "\n" not in str(err.value)


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path):
    import time

    levels = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    levels += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join(levels) + "\nentities: [{name: *a8, type: ORG}]\n", encoding="utf-8")
    t = time.perf_counter()
    r = run("extract", str(ROOT / "seeds"), "--rules", str(f))
    assert r.exit_code == 2 and "anchors and aliases" in r.output and time.perf_counter() - t < 5


# --- queries read, nothing else ------------------------------------------------------------
@pytest.mark.parametrize(
    "cypher",
    [
        "COPY (MATCH (e:Entity) RETURN e.name) TO '/tmp/out.csv'",
        "LOAD FROM '/etc/passwd' RETURN *",
        "ATTACH '/tmp/other.lbug' AS other",
        "INSTALL json",
        "EXPORT DATABASE '/tmp/dump'",
    ],
)
def test_file_access_is_refused_unless_allowed(cypher: str):
    with pytest.raises(QueryRefused, match="--allow-files"):
        check_query(cypher)


@pytest.mark.parametrize("cypher", ["CREATE (:Entity {id: 'x'})", "MATCH (e:Entity) SET e.name = 'x'", "MATCH (e) DETACH DELETE e"])
def test_writes_are_refused(cypher: str):
    with pytest.raises(QueryRefused, match="only read"):
        check_query(cypher)


def test_words_inside_strings_and_properties_are_not_clauses():
    check_query("MATCH (e:Entity) WHERE e.name = 'COPY 或 LOAD' // CREATE\nRETURN e.set, e.name")


def test_parameters_must_match_the_query():
    check_query("MATCH (e:Entity {name: $name}) RETURN e", {"name": "x"})
    with pytest.raises(QueryRefused, match=r"uses \$nmae and not name"):
        check_query("MATCH (e:Entity {name: $nmae}) RETURN e", {"name": "x"})
    with pytest.raises(QueryRefused, match="give -p name"):
        check_query("MATCH (e:Entity {name: $name}) RETURN e")
    with pytest.raises(QueryRefused, match="does not use parameter limit"):
        check_query("MATCH (e:Entity) RETURN e", {"limit": 3})


def test_cli_query_refuses_copy_and_allows_it_when_asked(seed_workspace: Path, tmp_path: Path):
    out = tmp_path / "names.csv"
    q = f"COPY (MATCH (e:Entity) RETURN e.name) TO '{out}'"
    r = run("query", "-e", q, "--data-dir", str(seed_workspace))
    assert r.exit_code == 2 and "refused" in r.output and not out.exists()
    r = run("query", "-e", q, "--allow-files", "--data-dir", str(seed_workspace))
    assert r.exit_code == 0 and out.exists()


# --- one line for the machine's failures ---------------------------------------------------
def _one_line(r) -> str:
    errors = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert r.exit_code == 2 and len(errors) == 1 and "Traceback" not in r.output, r.output
    return errors[0]


def test_a_lock_that_is_a_folder_and_a_workspace_under_a_file(tmp_path: Path):
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    (tmp_path / "ws" / ".lock").mkdir(parents=True)
    assert "is a folder" in _one_line(run("build", str(page), "--data-dir", str(tmp_path / "ws")))
    assert "not a folder" in _one_line(run("build", str(page), "--data-dir", str(page / "ws")))


@pytest.mark.parametrize("content", ["[1, 2]", "{not json", '{"files": [1]}'])
def test_a_damaged_manifest_is_one_line_and_nothing_changes(tmp_path: Path, content: str):
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    ws = tmp_path / "ws"
    assert run("build", str(page), "--data-dir", str(ws), "--no-html").exit_code == 0
    manifest = ws / "current" / "manifest.json"
    manifest.write_text(content, encoding="utf-8")
    assert "manifest is damaged" in _one_line(run("build", str(page), "--data-dir", str(ws)))
    assert "manifest is damaged" in _one_line(run("stats", "--data-dir", str(ws)))
    assert manifest.read_text(encoding="utf-8") == content


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_output_to_a_full_device_is_one_line(seed_workspace: Path):
    assert "disk is full" in _one_line(run("export", "--format", "jsonl", "-o", "/dev/full", "--data-dir", str(seed_workspace)))
    assert "disk is full" in _one_line(run("viz", "-o", "/dev/full", "--data-dir", str(seed_workspace)))


def test_a_simulated_full_disk_keeps_the_previous_graph(tmp_path: Path, seed_copy: Path):
    """Writes past a file-size limit fail as on a full disk (no tmpfs needed)."""
    ws = tmp_path / "ws"
    first = sorted(seed_copy.glob("*.txt"))[0]
    assert run("build", str(first), "--data-dir", str(ws)).exit_code == 0
    before = api.query("MATCH (e:Entity) RETURN count(e)", data_dir=ws).rows
    code = "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    code += "resource.setrlimit(resource.RLIMIT_FSIZE, (400000, 400000)); from kgraph.cli import main; sys.argv[0] = 'kgraph'; main()"
    r = subprocess.run([sys.executable, "-c", code, "build", str(seed_copy), "--data-dir", str(ws)], capture_output=True, text=True)
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert r.returncode == 2 and len(errors) == 1 and "previous graph is kept" in errors[0], r.stderr
    assert api.query("MATCH (e:Entity) RETURN count(e)", data_dir=ws).rows == before
    assert [p.name for p in ws.glob("gen-*")] == [os.readlink(ws / "current")]


# --- the workspace changes all at once -----------------------------------------------------
def test_leftovers_of_a_killed_import_are_cleaned_and_one_previous_generation_kept(tmp_path: Path, seed_halves):
    a, b = seed_halves
    ws = tmp_path / "ws"
    api.build([a], ws, html=False)
    api.build([b], ws, html=False)
    (ws / "gen-000099").mkdir()  # as an import killed before its commit leaves it
    (ws / "extractions" / ".x.json.123.tmp").write_text("half", encoding="utf-8")
    (a / "new.txt").write_text(PAGE, encoding="utf-8")
    api.build([a, b], ws, html=False)
    gens = sorted(p.name for p in ws.glob("gen-*"))
    assert gens == ["gen-000002", "gen-000003"] and os.readlink(ws / "current") == "gen-000003"
    assert not list((ws / "extractions").glob(".*.tmp"))


def test_a_workspace_written_before_generations_is_read_and_moved_on(tmp_path: Path, seed_halves):
    a, b = seed_halves
    ws = tmp_path / "ws"
    api.build([a], ws, html=False)
    gen = ws / os.readlink(ws / "current")
    for name in ("manifest.json", "graph.lbug"):  # the old layout: files at the top
        (ws / name).unlink()
        os.replace(gen / name, ws / name)
    (ws / "current").unlink()
    (gen / "index.sqlite").unlink()  # that layout had no graph index either
    gen.rmdir()
    n = api.query("MATCH (d:Document) RETURN count(d)", data_dir=ws).rows[0][0]
    assert n == len(Workspace(ws).manifest()) == 2
    api.build([b], ws, html=False)
    assert (ws / "current").is_symlink() and (ws / "graph.lbug").is_symlink()
    assert api.query("MATCH (d:Document) RETURN count(d)", data_dir=ws).rows[0][0] == len(list(b.glob("*.txt"))) + 2


def test_a_repeat_import_writes_nothing_new(tmp_path: Path, seed_halves):
    a, _ = seed_halves
    ws = tmp_path / "ws"
    first = api.build([a], ws, html=False)
    again = api.build([a], ws, html=False)
    assert sorted(p.name for p in ws.glob("gen-*")) == ["gen-000001"]
    assert (again.entities, again.edges, again.documents, again.extracted) == (first.entities, first.edges, first.documents, 0)
    api.build([a], ws, html=True)  # the view was not there: now it is written
    assert (ws / "graph.html").is_file()


def test_a_missing_cache_entry_is_extracted_again_so_store_and_manifest_agree(tmp_path: Path, seed_halves):
    a, b = seed_halves
    ws = tmp_path / "ws"
    api.build([a], ws, html=False)
    for f in (ws / "extractions").glob("*.json"):
        f.unlink()
    summary = api.build([b], ws, html=False)
    docs = {r[0] for r in api.query("MATCH (d:Document) RETURN d.id", data_dir=ws).rows}
    assert docs == set(Workspace(ws).manifest().values()) and summary.refreshed == 2


# --- the fault suite's small run -----------------------------------------------------------
@pytest.mark.slow
def test_fault_suite_small_run_meets_its_targets(tmp_path: Path):
    out = tmp_path / "faults.json"
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "faults.py"), "--quick", "--json", str(out)], capture_output=True, text=True, timeout=900
    )
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(out.read_text())
    assert report["inputs_tried"] >= 40 and not report["inputs_lost"]
    assert report["kills"] >= 3 and report["kills_consistent"] == report["kills"]
    assert report["disk_full_runs"] >= 4 and report["disk_full_clear"] == report["disk_full_runs"]
    assert report["reads"] > 0 and not report["reader_errors"] and not report["tracebacks"] and not report["fuzz_failures"]


def test_a_read_only_workspace_is_one_line_and_queries_still_work(tmp_path: Path):
    """As a user: chmod takes the write permission away; as root (who ignores it), the
    workspace lives on a file system mounted read-only."""
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    ws = tmp_path / "ro" / "ws"
    ws.parent.mkdir()
    mounted = False
    if os.geteuid() == 0:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(ws.parent)], capture_output=True).returncode:
            pytest.skip("running as root where tmpfs cannot be mounted: no way to make a folder read-only")
        mounted = True
    try:
        assert run("build", str(page), "--data-dir", str(ws), "--no-html").exit_code == 0
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(ws.parent)], check=True)
        else:
            for p in [ws, *ws.rglob("*")]:
                if p.is_dir() and not p.is_symlink():
                    p.chmod(0o555)
        line = _one_line(run("build", str(page), str(ROOT / "seeds"), "--data-dir", str(ws)))
        assert "read-only" in line or "permission denied" in line
        r = run("query", "-e", "MATCH (d:Document) RETURN count(d)", "--data-dir", str(ws))
        assert r.exit_code == 0 and "1" in r.output
    finally:
        if mounted:
            subprocess.run(["umount", str(ws.parent)], capture_output=True)
        else:
            for p in [ws, *ws.rglob("*")]:
                if p.is_dir() and not p.is_symlink():
                    p.chmod(0o755)
