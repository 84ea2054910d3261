"""Import jobs through the library: idempotent, incremental = rebuild, removable, locked."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph import api
from kgraph.store import StoreError
from kgraph.workspace import Workspace


def snapshot(ws: Path) -> dict:
    r = api.query("MATCH (a:Entity)-[c:CO_MENTIONED]->(b:Entity) RETURN a.id, b.id, c.weight, c.evidence ORDER BY a.id, b.id", data_dir=ws)
    n = api.query("MATCH (e:Entity) RETURN e.id, e.name, e.aliases, e.mentions ORDER BY e.id", data_dir=ws)
    return {"edges": r.rows, "nodes": n.rows}


def test_rebuild_is_idempotent_and_incremental_equals_full(seed_halves: tuple[Path, Path], tmp_path: Path):
    part_a, part_b = seed_halves
    files = sorted([*part_a.glob("*.txt"), *part_b.glob("*.txt")])
    full = api.build([part_a, part_b], tmp_path / "full", html=False)
    inc = tmp_path / "inc"
    api.build([part_a], inc, html=False)
    s2 = api.build([part_b], inc, html=False)
    assert s2.extracted == len(files) - 2
    assert snapshot(inc) == snapshot(tmp_path / "full")
    again = api.build([part_a, part_b], inc, html=False)
    assert again.extracted == 0 and snapshot(inc) == snapshot(tmp_path / "full")
    assert full.documents == len(files)

    # removing B gives the graph of A alone
    api.remove([part_b], inc, html=False)
    only_a = tmp_path / "only_a"
    api.build([part_a], only_a, html=False)
    assert snapshot(inc) == snapshot(only_a)


def test_changed_file_replaces_its_old_contribution(tmp_path: Path):
    page = tmp_path / "p.txt"
    page.write_text("临沂大学与临沂市人民医院合作。\n", encoding="utf-8")
    ws = tmp_path / "ws"
    api.build([page], ws, html=False)
    page.write_text("潍坊学院与潍坊市人民医院合作。\n", encoding="utf-8")
    api.build([page], ws, html=False)
    names = {r[0] for r in api.query("MATCH (e:Entity) RETURN e.name", data_dir=ws).rows}
    assert "潍坊学院" in names and "临沂大学" not in names
    assert api.query("MATCH (d:Document) RETURN count(d)", data_dir=ws).rows == [[1]]


def test_a_second_writer_is_told_the_store_is_busy(tmp_path: Path):
    ws = Workspace(tmp_path / "ws")
    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    page.write_text("青州市第一中学举行运动会。\n", encoding="utf-8")
    with ws.writing(), pytest.raises(StoreError, match="another kgraph process"):
        api.build([page.parent], ws.root, html=False)


def test_the_collector_is_paused_only_while_assembling():
    import gc

    assert gc.isenabled()
    with pytest.raises(RuntimeError), api._without_cycle_collection():
        assert not gc.isenabled()
        raise RuntimeError("an import that fails half-way")
    assert gc.isenabled()
    gc.disable()
    try:
        with api._without_cycle_collection():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_a_relative_workspace_keeps_its_committed_generation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The default workspace is the relative path kgraph-data: cleaning after a commit
    compared the resolved current generation with relative folder names and deleted it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("青川县人民医院召开职工大会。院长赵小红出席。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("白石镇卫生院开展义诊活动。\n", encoding="utf-8")
    api.build(["a.txt"], data_dir="kgraph-data", html=False)
    assert (tmp_path / "kgraph-data" / "current").resolve().is_dir()
    assert api.stats("kgraph-data")["documents"] == 1
    api.build(["b.txt"], data_dir="kgraph-data", html=False)
    ws = Workspace("kgraph-data")
    assert [n for n, _ in ws.generations()] == [1, 2] and ws.state().files
    assert api.stats("kgraph-data")["documents"] == 2
