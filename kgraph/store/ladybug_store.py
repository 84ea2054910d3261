"""Embedded store: LadybugDB (Cypher with no server, one file on disk).

Writes are bulk COPYs into a fresh database file beside the live one, which then replaces
it with an atomic rename: a failed or killed import leaves the old file untouched, and a
reader never sees half an import. One writer at a time is enforced by the workspace lock
(see kgraph.workspace); Ladybug's own file lock guards against anything else.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import ladybug
import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from kgraph.store.base import QueryResult, StoreError
from kgraph.store.schema import NODES, RELS, TABLES, graph_rows

_ARROW = {
    "STRING": pa.string(),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "STRING[]": pa.list_(pa.string()),
    "INT64[]": pa.list_(pa.int64()),
}


def _ddl() -> list[str]:
    out = []
    for t in NODES:
        cols = ", ".join(f"{p} {typ}" for p, typ in t.props)
        out.append(f"CREATE NODE TABLE {t.name}({cols}, PRIMARY KEY(id))")
    for t in RELS:
        cols = "".join(f", {p} {typ}" for p, typ in t.props)
        out.append(f"CREATE REL TABLE {t.name}(FROM {t.ends[0]} TO {t.ends[1]}{cols})")
    return out


class LadybugStore:
    engine = "ladybug"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db: ladybug.Database | None = None
        self._conn: ladybug.Connection | None = None

    # --- writing -------------------------------------------------------------------
    def write(self, graph: nx.MultiDiGraph) -> None:
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        rows = graph_rows(graph)
        with tempfile.TemporaryDirectory(prefix=".kgraph-import-", dir=self.path.parent) as tmp:
            tmp_db = Path(tmp) / "graph.lbug"
            db = ladybug.Database(str(tmp_db))
            conn = ladybug.Connection(db)
            try:
                for stmt in _ddl():
                    conn.execute(stmt)
                for t in TABLES:
                    if not rows[t.name]:
                        continue
                    cols = ([("from", "STRING"), ("to", "STRING")] if t.is_rel else []) + list(t.props)
                    schema = pa.schema([(c, _ARROW[typ]) for c, typ in cols])
                    table = pa.Table.from_pylist(rows[t.name], schema=schema)
                    pfile = Path(tmp) / f"{t.name}.parquet"
                    pq.write_table(table, pfile)
                    conn.execute(f"COPY {t.name} FROM '{pfile.as_posix()}'")
                conn.execute("CHECKPOINT")
            finally:
                conn.close()
                db.close()
            if Path(str(tmp_db) + ".wal").exists():
                raise StoreError(f"{self.path}: import did not checkpoint cleanly; the old store is kept")
            os.replace(tmp_db, self.path)  # atomic on POSIX: readers see old or new, never half

    # --- reading -------------------------------------------------------------------
    def _connect(self) -> ladybug.Connection:
        if self._conn is None:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no graph store here yet; run `kgraph build PATH` first")
            try:
                self._db = ladybug.Database(str(self.path), read_only=True)
            except RuntimeError as e:
                raise StoreError(f"{self.path}: cannot open the store ({str(e).splitlines()[0]})") from e
            self._conn = ladybug.Connection(self._db)
        return self._conn

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        conn = self._connect()
        try:
            res = conn.execute(cypher, params or {})
        except RuntimeError as e:
            raise StoreError(f"query failed: {str(e).splitlines()[0]}") from e
        if isinstance(res, list):
            res = res[-1]
        cols = res.get_column_names()
        rows = []
        while res.has_next():
            rows.append([_plain(v) for v in res.get_next()])
        return QueryResult(cols, rows)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._db is not None:
            self._db.close()
            self._db = None


def _plain(v: Any) -> Any:
    """Nodes and relationships come back as dicts with internal keys; drop those."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items() if not k.startswith("_")}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v
