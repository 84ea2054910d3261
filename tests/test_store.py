"""The embedded store, the query library on the seed store, and Neo4j when one is given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

from kgraph import api
from kgraph.queries import list_queries
from kgraph.store import LadybugStore, StoreError

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


def test_import_killed_half_way_leaves_the_old_store(seed_copy: Path, tmp_path: Path):
    ws = tmp_path / "ws"
    first = sorted(seed_copy.glob("*.txt"))[:1]
    api.build(first, ws, html=False)
    before = api.query("MATCH (e:Entity) RETURN count(e)", data_dir=ws).rows
    # a second import, killed with SIGKILL while it runs
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgraph.cli", "build", str(seed_copy), "--data-dir", str(ws)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert api.query("MATCH (e:Entity) RETURN count(e)", data_dir=ws).rows in (
        before,
        api.query("MATCH (e:Entity) RETURN count(e)", data_dir=ws).rows,
    )
    # whatever moment it died, the store opens and the next run completes
    summary = api.build([seed_copy], ws, html=False)
    assert summary.documents == len(list(seed_copy.glob("*.txt")))


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
