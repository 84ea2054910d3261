"""What a later import needs to know about the graph without reading every document again.

One SQLite file per generation (``index.sqlite`` beside the store), written by a full build
and changed by an import that follows only its change (kgraph.graph.delta):

- ``document``: every document in the graph and its co-mention windows (NPMI counts them all);
- ``name``: the resolution nodes each document contributes (its mentions and the ends of the
  short-form links its text makes) with the forms it prints each in, so the documents where
  a name occurs are one lookup, and an entity's names are known without reading them;
- ``link``: the short forms each document's text links to a full name (市卫健委 → 某市卫生健康
  委员会), so an entity's resolution can be redone from the index alone;
- ``reference``: the nodes a document's relations look their ends up by, and the id a
  relation target gets when no mention resolves it (a derived entity);
- ``resolved``: the entity of every resolution node, and so the nodes of every entity.

A node is stored as its three parts joined by U+001F, a character no name keeps.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from kgraph.graph.names import match_key
from kgraph.graph.resolve import DocumentNames, Node, entity_id
from kgraph.model import DocumentExtraction

SEP = "\x1f"
DERIVED = "#"  # a reference row naming the id a derived target would have, not a node
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS document(id TEXT PRIMARY KEY, windows INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS name(doc TEXT NOT NULL, node TEXT NOT NULL, forms TEXT NOT NULL, PRIMARY KEY(doc, node)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS name_by_node ON name(node);
CREATE TABLE IF NOT EXISTS link(doc TEXT NOT NULL, full_node TEXT NOT NULL, short_node TEXT NOT NULL, PRIMARY KEY(doc, full_node, short_node)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_by_full ON link(full_node);
CREATE INDEX IF NOT EXISTS link_by_short ON link(short_node);
CREATE TABLE IF NOT EXISTS reference(doc TEXT NOT NULL, node TEXT NOT NULL, PRIMARY KEY(doc, node)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reference_by_node ON reference(node);
CREATE TABLE IF NOT EXISTS resolved(node TEXT PRIMARY KEY, entity TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS resolved_by_entity ON resolved(entity);
"""
VERSION = "3"


def encode(node: Node) -> str:
    return SEP.join(node)


def decode(text: str) -> Node:
    doc, label, key = text.split(SEP)
    return doc, label, key


def references(ex: DocumentExtraction) -> set[str]:
    """The index rows of a document's relations: the nodes each end is looked up by, and
    the derived id of each target."""
    out = set()
    d = ex.document.id
    for r in ex.relations:
        for label, text in ((r.source_label, r.source), (r.target_label, r.target)):
            k = match_key(text)
            out.add(encode((d, label, k)))
            out.add(encode(("*", label, k)))
        out.add(DERIVED + entity_id(r.target_label, match_key(r.target)))
    return out


class GraphIndex:
    """The index of one generation's graph (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")  # the generation is the journal: a failed import deletes it
        self.db.execute("PRAGMA synchronous=OFF")  # the workspace fsyncs the file before it commits
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # --- whole-index facts ------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def usable_for(self, window: str) -> bool:
        """Was this index written by this version for a graph with this co-mention window?"""
        return self.meta("version") == VERSION and self.meta("window") == window

    def windows(self) -> int:
        return self.db.execute("SELECT coalesce(sum(windows), 0) FROM document").fetchone()[0]

    def documents(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM document")}

    # --- lookups ---------------------------------------------------------------------
    def names_of(self, docs: Iterable[str]) -> set[str]:
        return self._many("SELECT node FROM name WHERE doc IN ({})", docs)

    def references_of(self, docs: Iterable[str]) -> set[str]:
        return self._many("SELECT node FROM reference WHERE doc IN ({})", docs)

    def docs_naming(self, nodes: Iterable[str]) -> set[str]:
        return self._many("SELECT doc FROM name WHERE node IN ({})", nodes)

    def docs_referring(self, rows: Iterable[str]) -> set[str]:
        return self._many("SELECT doc FROM reference WHERE node IN ({})", rows)

    def entities_of(self, nodes: Iterable[str]) -> set[str]:
        return self._many("SELECT entity FROM resolved WHERE node IN ({})", nodes)

    def members(self, entities: Iterable[str]) -> set[str]:
        return self._many("SELECT node FROM resolved WHERE entity IN ({})", entities)

    def members_by_entity(self, entities: Iterable[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for node, eid in self._rows("SELECT node, entity FROM resolved WHERE entity IN ({})", entities):
            out[eid].add(node)
        return dict(out)

    def forms(self, nodes: Iterable[str]) -> dict[str, dict[str, int]]:
        """Each node's printed forms with their counts over the whole corpus."""
        out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for node, forms in self._rows("SELECT node, forms FROM name WHERE node IN ({})", nodes):
            for form, n in json.loads(forms).items():
                out[node][form] += n
        return {node: dict(f) for node, f in out.items()}

    def links_among(self, nodes: set[str]) -> list[tuple[str, str]]:
        """The links (full, short) of any document that touch these nodes."""
        found: set[tuple[str, str]] = set()
        for column in ("full_node", "short_node"):
            found.update(self._rows(f"SELECT full_node, short_node FROM link WHERE {column} IN ({{}})", nodes))
        return sorted(found)

    def entity(self, node: str) -> str | None:
        row = self.db.execute("SELECT entity FROM resolved WHERE node = ?", (node,)).fetchone()
        return row[0] if row else None

    def entity_of_node(self, node: Node) -> str | None:
        return self.entity(encode(node))

    def is_entity(self, eid: str) -> bool:
        return self.db.execute("SELECT 1 FROM resolved WHERE entity = ? LIMIT 1", (eid,)).fetchone() is not None

    def is_named_place(self, key: str) -> bool:
        """Does any document name this corpus place (the suffix rule asks for 济宁市)?"""
        return self.is_named(encode(("*", "PLACE", key)))

    def is_named(self, node: str) -> bool:
        return self.db.execute("SELECT 1 FROM name WHERE node = ? LIMIT 1", (node,)).fetchone() is not None

    def _many(self, sql: str, values: Iterable[str]) -> set[str]:
        return {row[0] for row in self._rows(sql, values)}

    def _rows(self, sql: str, values: Iterable[str]) -> Iterator[tuple]:
        """The rows of ``sql`` (its ``{}`` a list of parameters) for all ``values``, asked
        in chunks: SQLite limits the parameters of one statement."""
        values = sorted(values)
        for i in range(0, len(values), 500):
            chunk = values[i : i + 500]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    # --- changes ---------------------------------------------------------------------
    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def write_meta(self, window: str) -> None:
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [("version", VERSION), ("window", window)])

    def add_document(self, names: DocumentNames, refs: set[str], windows: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO document VALUES (?, ?)", (names.doc_id, windows))
        self.db.executemany(
            "INSERT OR IGNORE INTO name VALUES (?, ?, ?)",
            [(names.doc_id, encode(n), json.dumps(names.surfaces.get(n, {}), ensure_ascii=False)) for n in names.nodes()],
        )
        self.db.executemany("INSERT OR IGNORE INTO reference VALUES (?, ?)", [(names.doc_id, r) for r in refs])
        self.db.executemany(
            "INSERT OR IGNORE INTO link VALUES (?, ?, ?)", [(names.doc_id, encode(full), encode(short)) for full, short in names.links]
        )

    def set_windows(self, windows: dict[str, int]) -> None:
        self.db.executemany("UPDATE document SET windows = ? WHERE id = ?", [(n, d) for d, n in windows.items()])

    def drop_documents(self, docs: Iterable[str]) -> None:
        docs = sorted(docs)
        for table, column in (("document", "id"), ("name", "doc"), ("reference", "doc"), ("link", "doc")):
            self.db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(d,) for d in docs])

    def set_resolution(self, nodes: Iterable[str], node_entity: dict[Node, str]) -> None:
        """Forget what ``nodes`` resolved to; record ``node_entity`` for them."""
        nodes = list(nodes)
        self.db.executemany("DELETE FROM resolved WHERE node = ?", [(n,) for n in nodes])
        self.db.executemany(
            "INSERT INTO resolved VALUES (?, ?)",
            [(n, node_entity[decode(n)]) for n in nodes if decode(n) in node_entity],
        )
