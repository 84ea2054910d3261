"""The query library in queries/: files with a comment header, found by name or path."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import kgraph


class QueryFileError(ValueError):
    pass


@dataclass
class QueryFile:
    name: str
    path: Path
    text: str

    @property
    def header(self) -> list[str]:
        out = []
        for line in self.text.splitlines():
            if not line.startswith("//"):
                break
            out.append(line[2:].strip())
        return out

    @property
    def summary(self) -> str:
        return self.header[0] if self.header else ""

    @property
    def params(self) -> dict[str, object]:
        """Example parameter values from `// @param name = value` header lines."""
        out: dict[str, object] = {}
        for line in self.header:
            if line.startswith("@param "):
                name, _, value = line[len("@param ") :].partition("=")
                out[name.strip()] = _parse_value(value.strip())
        return out


def query_dirs() -> list[Path]:
    return [Path.cwd() / "queries", Path(kgraph.__file__).resolve().parent.parent / "queries"]


def list_queries() -> list[QueryFile]:
    for d in query_dirs():
        if d.is_dir():
            return [QueryFile(p.stem, p, p.read_text(encoding="utf-8")) for p in sorted(d.glob("*.cypher"))]
    return []


def find_query(ref: str) -> QueryFile:
    p = Path(ref)
    if p.is_file():
        return QueryFile(p.stem, p, p.read_text(encoding="utf-8"))
    for q in list_queries():
        if q.name == ref or q.name == p.stem:
            return q
    raise QueryFileError(f"{ref}: no such query file (see `kgraph query --list`)")


def _parse_value(value: str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return value


def parse_params(items: tuple[str, ...] | list[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryFileError(f"--param {item!r}: expected name=value")
        out[name.strip()] = _parse_value(value)
    return out
