"""The embedded store, the query library on the seed store, and Neo4j when one is given."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest

from kgraph import api
from kgraph.query_library import list_queries
from kgraph.store import LadybugStore, StoreError
from kgraph.store.schema import TABLES

QUERIES = list_queries()


def test_there_are_at_least_twelve_queries_with_headers():
    assert len(QUERIES) >= 12
    for q in QUERIES:
        assert q.summary and any("Runs on" in line for line in q.header), q.name


@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_every_query_runs_on_the_seed_store(seed_workspace: Path, q):
    result = api.query(q.text, q.params, data_dir=seed_workspace)
    assert result.columns
    if q.name in {
        "top_entities",
        "strongest_pairs",
        "entity_search",
        "org_hierarchy",
        "policies_by_document",
        "bridges",
        "neighbours",
        "orgs_of_place",
    }:
        assert result.rows, f"{q.name} found nothing in the seeds"


def test_store_write_is_atomic_when_it_fails(tmp_path: Path, monkeypatch):
    g = nx.MultiDiGraph()
    g.add_node("e1", kind="Entity", id="e1", name="甲", type="ORG", aliases=[], mentions=1, documents=1, derived=False)
    store = LadybugStore(tmp_path / "graph.lbug")
    store.write(g)
    bad = g.copy()
    bad.add_node("e2", kind="Entity", id="e2", name="乙", type="ORG", aliases=["x"], mentions="not a number", documents=1, derived=False)
    with pytest.raises(Exception):  # noqa: B017 - pyarrow rejects the row; which error does not matter
        store.write(bad)
    assert store.query("MATCH (e:Entity) RETURN e.name").rows == [["甲"]]
    store.close()


def _entity_count(ws: Path) -> int:
    return api.query("MATCH (e:Entity) RETURN count(e)", data_dir=ws).rows[0][0]


def test_merge_and_copy_paths_give_the_same_store(seed_halves: tuple[Path, Path], tmp_path: Path):
    a, b = seed_halves
    first = sorted(a.glob("*.txt"))[0]
    for ws, mode in ((tmp_path / "m", "merge"), (tmp_path / "c", "copy")):
        api.build([a], ws, html=False, mode="copy")
        api.build([b], ws, html=False, mode=mode)
    api.remove([first], tmp_path / "m", html=False)
    api.remove([first], tmp_path / "c", html=False)

    def dump(ws: Path) -> dict:
        store = LadybugStore(ws / "graph.lbug")
        rows = {t.name: sorted(map(repr, store._existing(store._connect(), t)[1].values())) for t in TABLES}
        store.close()
        return rows

    m, c = dump(tmp_path / "m"), dump(tmp_path / "c")
    assert all(m[t] for t in ("Entity", "CO_MENTIONED", "MENTIONS"))
    assert m == c


def test_missing_store_is_a_clear_error(tmp_path: Path):
    with pytest.raises(StoreError, match="run `kgraph build"):
        api.query("MATCH (n) RETURN n", data_dir=tmp_path / "none")


neo4j_uri = os.environ.get("NEO4J_URI")


@pytest.mark.neo4j
@pytest.mark.skipif(not neo4j_uri, reason="NEO4J_URI not set: no Neo4j server to test against (docker compose up starts one)")
def test_neo4j_gets_the_same_graph_and_answers_the_same_queries(seed_workspace: Path):
    from kgraph.store import Neo4jStore, neo4j_settings

    s = neo4j_settings()
    store = Neo4jStore(s["uri"], s["user"], s["password"], s["database"])
    g = api.load_graph(seed_workspace)
    store.write(g)
    store.write(g)  # idempotent
    for q in QUERIES:
        emb = api.query(q.text, q.params, data_dir=seed_workspace)
        neo = store.query(q.text, q.params)
        assert neo.columns == emb.columns, q.name
        assert len(neo.rows) == len(emb.rows), q.name
    store.close()


def test_a_store_with_an_older_schema_is_rebuilt_not_merged(tmp_path: Path):
    import ladybug

    path = tmp_path / "graph.lbug"
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Entity(id STRING, name STRING, PRIMARY KEY(id))")
    conn.close()
    db.close()
    g = nx.MultiDiGraph()
    g.add_node("e1", kind="Entity", id="e1", name="甲", type="ORG", aliases=[], mentions=1, documents=1, derived=False, first_import=1)
    store = LadybugStore(path)
    with pytest.raises(StoreError, match="another schema"):
        store.write(g, mode="merge")
    store.write(g, mode="auto")
    assert store.query("MATCH (e:Entity) RETURN e.name, e.first_import").rows == [["甲", 1]]
    store.close()


def test_a_repeat_import_over_a_store_an_older_kgraph_wrote_rebuilds_it(tmp_path: Path, seed_halves):
    import ladybug

    a, _ = seed_halves
    ws = tmp_path / "ws"
    api.build([a], ws, html=False)
    stored = (ws / "graph.lbug").resolve()
    stored.unlink()  # as an older version left it: the same files, a schema without windows
    db = ladybug.Database(str(stored))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Entity(id STRING, name STRING, PRIMARY KEY(id))")
    conn.close()
    db.close()
    assert not LadybugStore(stored).has_current_schema()
    again = api.build([a], ws, html=False)
    assert again.extracted == 0 and LadybugStore(ws / "graph.lbug").has_current_schema()
    assert api.query("MATCH (e:Entity) RETURN count(e)", data_dir=ws).rows[0][0] == sum(again.entities.values()) + sum(
        again.derived.values()
    )
