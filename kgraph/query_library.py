"""The query library: Cypher files with a comment header, shipped in kgraph/queries/ (and a
`queries/` folder in the working directory, for a team's own), found by name or path.

A header says what the query answers, which engines run it and, for every parameter, an
example value (`// @param org = "某某医院"`). A parameter the user does not give takes its
example, so every query answers when run bare; a value of the wrong type is refused with the
example that shows the right one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent / "queries"


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

    @property
    def needs(self) -> list[str]:
        """The parameters the Cypher uses, in order of first use."""
        from kgraph.store.guard import parameters

        return parameters(self.text)


def query_dirs() -> list[Path]:
    """A `queries/` folder in the working directory first (a team's own), then the library."""
    return [Path.cwd() / "queries", PACKAGE_DIR]


def list_queries() -> list[QueryFile]:
    seen: dict[str, QueryFile] = {}
    for d in query_dirs():
        if d.is_dir():
            for p in sorted(d.glob("*.cypher")):
                seen.setdefault(p.stem, QueryFile(p.stem, p, p.read_text(encoding="utf-8")))
    return sorted(seen.values(), key=lambda q: q.name)


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


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, list):
        return "a JSON list"
    return "text"


def _fits(value: object, example: object) -> bool:
    if isinstance(example, bool) or isinstance(value, bool):
        return isinstance(value, bool) == isinstance(example, bool)
    if isinstance(example, (int, float)):
        return isinstance(value, (int, float)) and (isinstance(example, float) or isinstance(value, int))
    if isinstance(example, list):
        return isinstance(value, list)
    return isinstance(value, str)


def bind_params(q: QueryFile, given: dict[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    """(the parameters to run with, the examples used for those not given). A parameter with
    no value and no example, an unknown one, or a value of the wrong type is a QueryFileError
    naming each with an example."""
    examples = q.params
    unknown = sorted(set(given) - set(q.needs))
    if unknown:
        raise QueryFileError(f"{q.name}: no parameter {', '.join(unknown)}; it takes {_usage(q)}")
    missing = [n for n in q.needs if n not in given and n not in examples]
    if missing:
        raise QueryFileError(f"{q.name}: give {', '.join(f'-p {n}=VALUE' for n in missing)} (it takes {_usage(q)})")
    for name, value in given.items():
        if name in examples and not _fits(value, examples[name]):
            example = json.dumps(examples[name], ensure_ascii=False)
            raise QueryFileError(f"{q.name}: {name} must be {_kind(examples[name])}, like -p {name}={example}; got {value!r}")
    used = {n: examples[n] for n in q.needs if n not in given}
    return {**used, **{n: v for n, v in given.items()}}, used


def _usage(q: QueryFile) -> str:
    if not q.needs:
        return "no parameters"
    ex = q.params
    return ", ".join(f"{n}" + (f" (e.g. {json.dumps(ex[n], ensure_ascii=False)})" if n in ex else "") for n in q.needs)


def describe(q: QueryFile) -> str:
    """One line for `kgraph query --list`: name, purpose, parameters with examples."""
    return f"{q.name:22s} {q.summary}\n{'':22s}   parameters: {_usage(q)}"
