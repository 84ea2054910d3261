"""What `kgraph query` lets through: reading the graph, nothing else.

The stores are opened read-only, but an engine can still reach the file system from a
read-only connection (Ladybug's COPY … TO writes a file, LOAD FROM reads any file;
Neo4j has LOAD CSV). Such clauses are refused unless the caller allows file access, and
clauses that would change the graph are refused with the way to change it. Parameters are
checked against the ones the query uses, so a misspelled one is an error, not 0 rows.
"""

from __future__ import annotations

import re

from kgraph.store.base import StoreError

# strings, backquoted names and comments hold no clauses: blanked before looking
_OPAQUE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_WORD = re.compile(r"(?<![.$\w])([A-Za-z_][A-Za-z0-9_]*)")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

FILE_CLAUSES = {  # word → what it does; each reads or writes files or changes the engine
    "COPY": "COPY reads or writes files",
    "LOAD": "LOAD reads files or loads extensions",
    "ATTACH": "ATTACH opens another database file",
    "INSTALL": "INSTALL downloads an extension",
    "EXPORT": "EXPORT writes files",
    "IMPORT": "IMPORT reads files",
}
WRITE_CLAUSES = {"CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DROP", "ALTER", "DETACH", "RENAME"}


class QueryRefused(StoreError):
    """A query that would write, touch files, or does not match its parameters."""


def _visible(cypher: str) -> str:
    return _OPAQUE.sub(lambda m: "''" if m.group(0)[0] in "'\"" else " ", cypher)


def parameters(cypher: str) -> list[str]:
    """The $parameters a query uses, in order of first use (not those inside strings)."""
    return list(dict.fromkeys(_PARAM.findall(_visible(cypher))))


def check_query(cypher: str, params: dict | None = None, allow_files: bool = False) -> None:
    """QueryRefused when the query writes, touches files (unless allowed), needs a parameter
    it is not given or is given one it does not use."""
    words = [w.upper() for w in _WORD.findall(_visible(cypher))]
    writes = sorted({w for w in words if w in WRITE_CLAUSES} - ({"DETACH"} if "DELETE" in words else set()))
    if writes:
        raise QueryRefused(f"queries only read the graph: {', '.join(writes)} would change it (the graph is written by kgraph build)")
    if not allow_files:
        files = [w for w in dict.fromkeys(words) if w in FILE_CLAUSES]
        if files:
            why = "; ".join(FILE_CLAUSES[w] for w in files)
            raise QueryRefused(f"refused: {why}; pass --allow-files (api: allow_files=True) to run it anyway")
    used = parameters(cypher)
    given = dict(params or {})
    missing = [p for p in used if p not in given]
    unused = sorted(set(given) - set(used))
    if missing and unused:
        raise QueryRefused(f"the query uses {', '.join('$' + p for p in missing)} and not {', '.join(unused)}: misspelled?")
    if missing:
        raise QueryRefused(f"the query uses {', '.join('$' + p for p in missing)}: give -p {missing[0]}=VALUE")
    if unused:
        uses = ", ".join("$" + p for p in used) or "none"
        raise QueryRefused(f"the query does not use parameter {', '.join(unused)} (misspelled? it uses: {uses})")
