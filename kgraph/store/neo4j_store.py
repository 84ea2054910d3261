"""Neo4j store through the official driver: the same schema and Cypher as the embedded one.

A write runs in one managed transaction (the driver retries transient errors): constraints
first, then UNWIND batches with MERGE, then removal of whatever the previous import had and
this graph lacks, so re-imports are idempotent and a failure leaves the old graph in place.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import networkx as nx

from kgraph.store.base import QueryResult, StoreError
from kgraph.store.schema import NODES, NPMI_UPDATE, RELS, graph_rows

BATCH = 2000


def neo4j_settings(uri: str | None = None, user: str | None = None, password: str | None = None) -> dict | None:
    """Connection settings from arguments or NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD; None when no URI."""
    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return {
        "uri": uri,
        "user": user or os.environ.get("NEO4J_USER", "neo4j"),
        "password": password or os.environ.get("NEO4J_PASSWORD", ""),
        "database": os.environ.get("NEO4J_DATABASE") or None,
    }


def schema_statements() -> list[str]:
    out = [f"CREATE CONSTRAINT {t.name.lower()}_id IF NOT EXISTS FOR (n:{t.name}) REQUIRE n.id IS UNIQUE" for t in NODES]
    out.append(
        "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.alias_text] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    )
    return out


class Neo4jStore:
    engine = "neo4j"

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None) -> None:
        import neo4j

        self._neo4j = neo4j
        self.database = database
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
            self.driver.verify_connectivity()
        except Exception as e:  # the driver raises several unrelated types here
            raise StoreError(f"cannot reach Neo4j at {uri}: {e}") from e

    def write(self, graph: nx.MultiDiGraph, mode: str = "auto", batch: int = BATCH) -> None:
        """One managed transaction of MERGEs whatever the mode (Neo4j has no bulk path online)."""
        rows = graph_rows(graph)
        for row in rows["Entity"]:
            row["alias_text"] = " ".join(row["aliases"] or [])
        run = uuid.uuid4().hex
        with self.driver.session(database=self.database) as s:
            for stmt in schema_statements():
                s.run(stmt).consume()
            s.execute_write(self._write_all, rows, run, batch, graph.graph.get("windows"))

    @staticmethod
    def _write_all(tx, rows: dict[str, list[dict]], run: str, batch: int, windows: int | None) -> None:
        for t in NODES:
            data = rows[t.name]
            for i in range(0, len(data), batch):
                tx.run(
                    f"UNWIND $rows AS r MERGE (n:{t.name} {{id: r.id}}) SET n += r, n._import = $run",
                    rows=data[i : i + batch],
                    run=run,
                ).consume()
        for t in RELS:
            data = rows[t.name]
            a, b = t.ends
            for i in range(0, len(data), batch):
                tx.run(
                    f"UNWIND $rows AS r MATCH (a:{a} {{id: r.`from`}}) MATCH (b:{b} {{id: r.`to`}}) "
                    f"MERGE (a)-[e:{t.name}]->(b) SET e += r.props, e._import = $run",
                    rows=[
                        {"from": r["from"], "to": r["to"], "props": {k: v for k, v in r.items() if k not in ("from", "to")}}
                        for r in data[i : i + batch]
                    ],
                    run=run,
                ).consume()
        labels = "|".join(t.name for t in NODES)
        rels = "|".join(t.name for t in RELS)
        tx.run(f"MATCH ()-[e:{rels}]->() WHERE e._import <> $run DELETE e", run=run).consume()
        tx.run(f"MATCH (n:{labels}) WHERE n._import <> $run DETACH DELETE n", run=run).consume()
        if windows:
            tx.run(NPMI_UPDATE, windows=windows).consume()

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        def read(tx) -> tuple[list[str], list]:
            res = tx.run(cypher, params or {})
            return list(res.keys()), list(res)

        try:  # a read transaction: the server refuses any write in it
            with self.driver.session(database=self.database, default_access_mode=self._neo4j.READ_ACCESS) as s:
                keys, records = s.execute_read(read)
        except self._neo4j.exceptions.Neo4jError as e:
            raise StoreError(f"query failed: {e.message}") from e
        return QueryResult(keys, [[_plain(r[k]) for k in keys] for r in records])

    def close(self) -> None:
        self.driver.close()


def _plain(v: Any) -> Any:
    if hasattr(v, "items") and hasattr(v, "element_id"):
        return {k: _plain(x) for k, x in v.items() if not k.startswith("_") and k != "alias_text"}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v
