"""Embedded store: LadybugDB (Cypher with no server, one file on disk).

Writes are bulk COPYs into a fresh database file beside the live one, which then replaces
it with an atomic rename: a failed or killed import leaves the old file untouched, and a
reader never sees half an import. One writer at a time is enforced by the workspace lock
(see kgraph.workspace); Ladybug's own file lock guards against anything else.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ladybug
import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from kgraph.store.base import QueryResult, StoreError
from kgraph.store.schema import NODES, NPMI_UPDATE, RELS, TABLES, graph_rows, written

if TYPE_CHECKING:
    from kgraph.graph.delta import GraphDelta

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
    def write(self, graph: nx.MultiDiGraph, mode: str = "copy") -> None:
        """Make the store hold exactly ``graph``.

        "copy": bulk COPY into a fresh file that atomically replaces the old one (first
        imports, large changes). "merge": apply only the difference to the existing store
        in one transaction, MERGE per node and edge (increments). "auto": merge when a
        store exists and the difference is small, else copy (MERGE costs about four times
        a bulk COPY per row, and a new document changes the NPMI of every co-mention).
        Both give the same graph.
        """
        if mode not in ("copy", "merge", "auto"):
            raise ValueError(f"unknown write mode {mode!r}")
        rows = graph_rows(graph)
        windows = graph.graph.get("windows")  # None: a graph that brings its own NPMI
        if mode == "copy" or not self.path.exists():
            self._copy(rows, windows)
        elif not self.has_current_schema():
            if mode == "merge":
                raise StoreError(f"{self.path}: the store has another schema (an older kgraph wrote it); rebuild it with --mode copy")
            self._copy(rows, windows)
        else:
            conn = self._connect()
            try:
                stored_docs = {row[0] for row in conn.execute("MATCH (d:Document) RETURN d.id").get_all()}
                if mode == "auto" and stored_docs != {r["id"] for r in rows["Document"]}:
                    # documents came or went: every co-mention's NPMI changes, so most rows
                    # differ and a bulk copy wins without reading them
                    self.close()
                    self._copy(rows, windows)
                    return
                old = {t.name: self._existing(conn, t)[1] for t in TABLES}
            finally:
                self.close()
            changed = sum(_difference(t, old[t.name], rows[t.name]) for t in TABLES)
            if mode == "auto" and changed > MERGE_SHARE * max(1, sum(map(len, rows.values()))):
                self._copy(rows, windows)
            else:
                self._merge(rows, old, windows)

    def apply(self, delta: GraphDelta) -> None:
        """Change the store by ``delta`` in one transaction: the entities and documents it
        drops go with their edges, its nodes and edges are written, and every co-mention's
        NPMI is recomputed from the new window counts. Rows it does not name are not read."""
        if not self.path.exists() or not self.has_current_schema():
            raise StoreError(f"{self.path}: no store of this schema to change; rebuild it with --mode copy")
        rows = graph_rows(delta.part)
        with self._transaction() as conn:
            documents = sorted(delta.drop_documents)
            if documents:
                conn.execute("UNWIND $ids AS i MATCH (d:Document {id: i})-[:HAS_ARTICLE]->(a:Article) DETACH DELETE a", {"ids": documents})
                conn.execute("UNWIND $ids AS i MATCH (d:Document {id: i}) DETACH DELETE d", {"ids": documents})
            if delta.drop_entities:
                conn.execute("UNWIND $ids AS i MATCH (n:Entity {id: i}) DETACH DELETE n", {"ids": sorted(delta.drop_entities)})
            for kind in sorted({k for k, _, _ in delta.drop_edges}):
                pairs = [{"f": a, "t": b} for k, a, b in sorted(delta.drop_edges) if k == kind]
                conn.execute(
                    f"UNWIND $pairs AS r MATCH (x:Entity {{id: r.f}}) MATCH (y:Entity {{id: r.t}}) MATCH (x)-[e:{kind}]->(y) DELETE e",
                    {"pairs": pairs},
                )
            for t in NODES + RELS:
                self._upsert(conn, t, {}, rows[t.name])
            conn.execute(NPMI_UPDATE, {"windows": delta.windows})

    @contextmanager
    def _transaction(self) -> Iterator[ladybug.Connection]:
        """A write connection to the store in one transaction: committed and checkpointed
        when the block ends, rolled back when it raises."""
        try:
            db = ladybug.Database(str(self.path))
        except RuntimeError as e:
            raise StoreError(f"{self.path}: cannot open the store for writing ({str(e).splitlines()[0]})") from e
        conn = ladybug.Connection(db)
        try:
            conn.execute("BEGIN TRANSACTION")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
            db.close()

    def has_current_schema(self) -> bool:
        """Do the stored tables have exactly the properties of kgraph.store.schema?"""
        conn = self._connect()
        try:
            for t in TABLES:
                info = conn.execute(f"CALL TABLE_INFO('{t.name}') RETURN *").get_all()
                if [row[1] for row in info] != [p for p, _ in t.props]:
                    return False
            return True
        except RuntimeError:
            return False  # a table is missing
        finally:
            self.close()

    def _copy(self, rows: dict[str, list[dict]], windows: int | None) -> None:
        self.close()
        for leftover in self.path.parent.glob(".kgraph-import-*"):  # from imports that were killed
            shutil.rmtree(leftover, ignore_errors=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
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
                if windows:
                    conn.execute(NPMI_UPDATE, {"windows": windows})
                conn.execute("CHECKPOINT")
            finally:
                conn.close()
                db.close()
            if Path(str(tmp_db) + ".wal").exists():
                raise StoreError(f"{self.path}: import did not checkpoint cleanly; the old store is kept")
            os.replace(tmp_db, self.path)  # atomic on POSIX: readers see old or new, never half

    def _merge(self, rows: dict[str, list[dict]], old: dict[str, dict[tuple, dict]], windows: int | None) -> None:
        with self._transaction() as conn:
            for t in RELS:  # stale edges first, then stale nodes
                self._delete_stale(conn, t, old[t.name], rows[t.name])
            for t in NODES:
                self._delete_stale(conn, t, old[t.name], rows[t.name])
            for t in NODES:
                self._upsert(conn, t, old[t.name], rows[t.name])
            for t in RELS:
                self._upsert(conn, t, old[t.name], rows[t.name])
            if windows:
                conn.execute(NPMI_UPDATE, {"windows": windows})

    @classmethod
    def _existing(cls, conn: ladybug.Connection, t) -> tuple[list[str], dict[tuple, dict]]:
        rows = cls._rows(conn, t)
        return _columns(t), {_key(t, r): r for r in rows}

    @staticmethod
    def _delete_stale(conn: ladybug.Connection, t, old: dict, new_rows: list[dict]) -> None:
        keep = {_key(t, r) for r in new_rows}
        stale = [k for k in old if k not in keep]
        if not stale:
            return
        if t.is_rel:
            a, b = t.ends
            conn.execute(
                f"UNWIND $rows AS r MATCH (x:{a} {{id: r.f}}) MATCH (y:{b} {{id: r.t}}) MATCH (x)-[e:{t.name}]->(y) DELETE e",
                {"rows": [{"f": f, "t": to} for f, to in stale]},
            )
        else:
            conn.execute(f"UNWIND $ids AS i MATCH (n:{t.name} {{id: i}}) DETACH DELETE n", {"ids": [k[0] for k in stale]})

    @staticmethod
    def _upsert(conn: ladybug.Connection, t, old: dict, new_rows: list[dict]) -> None:
        changed = [r for r in new_rows if _changed(t, old.get(_key(t, r)), r)]
        if not changed:
            return
        props = [p for p, _ in t.props if p != "id"]
        for i in range(0, len(changed), 2000):
            batch = changed[i : i + 2000]
            if t.is_rel:
                a, b = t.ends
                sets = ", ".join(f"e.{p} = r.{p}" for p in props)
                # two separate MATCH clauses: the comma form is ~60x slower in Ladybug
                conn.execute(
                    f"UNWIND $rows AS r MATCH (x:{a} {{id: r.`from`}}) MATCH (y:{b} {{id: r.`to`}}) "
                    f"MERGE (x)-[e:{t.name}]->(y)" + (f" SET {sets}" if sets else ""),
                    {"rows": batch},
                )
            else:
                sets = ", ".join(f"n.{p} = r.{p}" for p in props)
                conn.execute(f"UNWIND $rows AS r MERGE (n:{t.name} {{id: r.id}}) SET {sets}", {"rows": batch})

    # --- reading -------------------------------------------------------------------
    def read_graph(self) -> nx.MultiDiGraph:
        """The stored graph as kgraph.graph.builder makes it (node ``kind``, edge ``type``
        and the schema's properties): what views and exports read, instead of rebuilding
        the graph from every cached extraction."""
        conn = self._connect()
        g = nx.MultiDiGraph()
        for t in NODES:
            for row in self._rows(conn, t):
                g.add_node(row["id"], kind=t.name, **row)
        for t in RELS:
            for row in self._rows(conn, t):
                a, b = row.pop("from"), row.pop("to")
                g.add_edge(a, b, type=t.name, **row)
        return g

    def rows_of(self, entities: set[str], edges: set[tuple[str, str, str]]) -> tuple[dict[str, dict], dict[tuple[str, str, str], dict]]:
        """Stored rows of these entities (by id) and of these edges ((type, from id, to id))
        that exist, with every property of the schema: what an import that only adds counts
        starts from, without reading the rest of the graph."""
        conn = self._connect()
        entity = NODES[0]
        cols = ", ".join(f"n.{p} AS {p}" for p, _ in entity.props)
        found = conn.execute(f"UNWIND $ids AS i MATCH (n:Entity {{id: i}}) RETURN {cols}", {"ids": sorted(entities)})
        rows = {r["id"]: r for r in found.get_as_arrow().to_pylist()} if entities else {}
        out: dict[tuple[str, str, str], dict] = {}
        by_type: dict[str, list[dict]] = {}
        for kind, a, b in sorted(edges):
            by_type.setdefault(kind, []).append({"f": a, "t": b})
        tables = {t.name: t for t in RELS}
        for kind, pairs in by_type.items():
            props = ", ".join(f"e.{p} AS {p}" for p, _ in tables[kind].props)
            res = conn.execute(
                f"UNWIND $pairs AS r MATCH (x:Entity {{id: r.f}}) MATCH (y:Entity {{id: r.t}}) MATCH (x)-[e:{kind}]->(y) "
                f"RETURN x.id AS `from`, y.id AS `to`, {props}",
                {"pairs": pairs},
            )
            for r in res.get_as_arrow().to_pylist():
                out[(kind, r.pop("from"), r.pop("to"))] = r
        return rows, out

    def counts(self) -> dict[str, Any]:
        """How many of each thing the store holds: entities by (type, derived), documents,
        articles and relationships by type, without reading the rows."""
        conn = self._connect()
        entities = {(t, bool(d)): n for t, d, n in conn.execute("MATCH (e:Entity) RETURN e.type, e.derived, count(*)").get_all()}
        out: dict[str, Any] = {"entities": entities}
        for t in NODES[1:]:
            out[t.name] = conn.execute(f"MATCH (n:{t.name}) RETURN count(n)").get_all()[0][0]
        out["edges"] = {t.name: conn.execute(f"MATCH ()-[r:{t.name}]->() RETURN count(r)").get_all()[0][0] for t in RELS}
        return out

    @staticmethod
    def _rows(conn: ladybug.Connection, t) -> list[dict]:
        cols = [p for p, _ in t.props]
        if t.is_rel:
            a, b = t.ends
            proj = ", ".join(["x.id AS `from`", "y.id AS `to`"] + [f"e.{p} AS {p}" for p in cols])
            cypher = f"MATCH (x:{a})-[e:{t.name}]->(y:{b}) RETURN {proj} ORDER BY `from`, `to`"
        else:
            cypher = f"MATCH (n:{t.name}) RETURN " + ", ".join(f"n.{p} AS {p}" for p in cols) + " ORDER BY id"
        # in a fixed order: the engine scans in parallel, and the views list things in the
        # order the graph holds them
        return conn.execute(cypher).get_as_arrow().to_pylist()

    def _connect(self) -> ladybug.Connection:
        if self._conn is None:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no graph store here yet; run `kgraph build PATH` first")
            try:
                self._db = ladybug.Database(str(self.path), read_only=True)
            except RuntimeError as e:
                if "recovery is pending" not in str(e):
                    raise StoreError(f"{self.path}: cannot open the store ({str(e).splitlines()[0]})") from e
                self._recover()
                self._db = ladybug.Database(str(self.path), read_only=True)
            self._conn = ladybug.Connection(self._db)
        return self._conn

    def _recover(self) -> None:
        """A store written before workspaces had generations, whose writer died mid-import:
        opening read-write replays the log, which keeps only committed transactions. (A
        committed generation never has a log: its writer checkpoints before the commit.)"""
        try:
            db = ladybug.Database(str(self.path))
        except RuntimeError as e:
            raise StoreError(f"{self.path}: an import is writing to this store; try again when it finishes") from e
        db.close()

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


MERGE_SHARE = 0.1  # "auto" merges when at most this share of the rows differs


def _difference(t, old: dict[tuple, dict], new_rows: list[dict]) -> int:
    """Rows to delete, add or change to turn ``old`` into ``new_rows``."""
    keys = {_key(t, r) for r in new_rows}
    return sum(1 for k in old if k not in keys) + sum(1 for r in new_rows if _changed(t, old.get(_key(t, r)), r))


def _changed(t, old: dict | None, new: dict) -> bool:
    """Does the row differ from the stored one in what is written (not what is computed)?"""
    return old is None or written(t.name, old) != written(t.name, new)


def _columns(t) -> list[str]:
    return (["from", "to"] if t.is_rel else []) + [p for p, _ in t.props]


def _key(t, row: dict) -> tuple:
    return (row["from"], row["to"]) if t.is_rel else (row["id"],)


def _plain(v: Any) -> Any:
    """Nodes and relationships come back as dicts with internal keys; drop those."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items() if not k.startswith("_")}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v
