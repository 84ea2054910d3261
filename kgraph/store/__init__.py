"""Store: the embedded Ladybug database by default, Neo4j when a URI is given.

The engines' drivers load when a store is opened, not when this package is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kgraph.store.base import GraphStore, QueryResult, StoreError

__all__ = ["GraphStore", "LadybugStore", "Neo4jStore", "QueryResult", "StoreError", "neo4j_settings", "open_store"]


def open_store(db_path: str | Path, neo4j_uri: str | None = None) -> GraphStore:
    """Neo4j when a URI is given (argument or NEO4J_URI), else the embedded store at db_path."""
    from kgraph.store.neo4j_store import Neo4jStore, neo4j_settings

    settings = neo4j_settings(neo4j_uri)
    if settings:
        return Neo4jStore(settings["uri"], settings["user"], settings["password"], settings["database"])
    from kgraph.store.ladybug_store import LadybugStore

    return LadybugStore(db_path)


def __getattr__(name: str) -> Any:
    if name == "LadybugStore":
        from kgraph.store.ladybug_store import LadybugStore

        return LadybugStore
    if name in ("Neo4jStore", "neo4j_settings"):
        from kgraph.store import neo4j_store

        return getattr(neo4j_store, name)
    raise AttributeError(name)
