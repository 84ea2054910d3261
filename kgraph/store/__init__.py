"""Store: the embedded Ladybug database by default, Neo4j when a URI is given."""

from __future__ import annotations

from pathlib import Path

from kgraph.store.base import GraphStore, QueryResult, StoreError
from kgraph.store.ladybug_store import LadybugStore
from kgraph.store.neo4j_store import Neo4jStore, neo4j_settings

__all__ = ["GraphStore", "LadybugStore", "Neo4jStore", "QueryResult", "StoreError", "neo4j_settings", "open_store"]


def open_store(db_path: str | Path, neo4j_uri: str | None = None) -> GraphStore:
    """Neo4j when a URI is given (argument or NEO4J_URI), else the embedded store at db_path."""
    settings = neo4j_settings(neo4j_uri)
    if settings:
        return Neo4jStore(settings["uri"], settings["user"], settings["password"], settings["database"])
    return LadybugStore(db_path)
