"""What every store offers: replace its content with a graph, answer Cypher."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import networkx as nx


class StoreError(RuntimeError):
    """A store problem worth one clear line to the user (busy, missing, unreachable)."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=False)) for r in self.rows]


WRITE_MODES = ("auto", "copy", "merge")


class GraphStore(Protocol):
    engine: str

    def write(self, graph: nx.MultiDiGraph, mode: str = "auto") -> None:
        """Make the store hold exactly this graph (idempotent, all or nothing). ``mode`` is a
        hint on how (one of WRITE_MODES); a store with one way of writing ignores it."""

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult: ...

    def close(self) -> None: ...
