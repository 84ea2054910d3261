"""The graph schema both stores share: node and relationship tables with typed properties."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class Table:
    name: str
    props: tuple[tuple[str, str], ...]  # (property, Ladybug type); Neo4j infers the same
    ends: tuple[str, str] | None = None  # (from label, to label) for relationship tables

    @property
    def is_rel(self) -> bool:
        return self.ends is not None


_EVIDENCE = (("weight", "INT64"), ("title", "STRING"), ("evidence", "STRING[]"))

NODES = (
    Table(
        "Entity",
        (
            ("id", "STRING"),
            ("name", "STRING"),
            ("type", "STRING"),
            ("aliases", "STRING[]"),
            ("mentions", "INT64"),
            ("documents", "INT64"),
            ("derived", "BOOLEAN"),
            ("first_import", "INT64"),
            ("windows", "INT64"),
        ),
    ),
    Table(
        "Document",
        (("id", "STRING"), ("path", "STRING"), ("encoding", "STRING"), ("chars", "INT64"), ("date", "STRING"), ("imported", "INT64")),
    ),
    Table("Article", (("id", "STRING"), ("doc_id", "STRING"), ("position", "INT64"), ("title", "STRING"), ("byline", "STRING"))),
)
RELS = (
    Table("HAS_ARTICLE", (), ("Document", "Article")),
    Table("MENTIONS", (("count", "INT64"), ("offsets", "INT64[]")), ("Article", "Entity")),
    Table("CO_MENTIONED", (("weight", "INT64"), ("articles", "INT64"), ("npmi", "DOUBLE"), ("evidence", "STRING[]")), ("Entity", "Entity")),
    Table("AFFILIATED_WITH", _EVIDENCE, ("Entity", "Entity")),
    Table("PART_OF", _EVIDENCE, ("Entity", "Entity")),
    Table("LOCATED_IN", _EVIDENCE, ("Entity", "Entity")),
)
TABLES = NODES + RELS
COMPUTED = {"CO_MENTIONED": ("npmi",)}  # set by the store from counts (NPMI_UPDATE), not written

# Normalized PMI of every co-mention, from the windows that name both (weight), each
# (Entity.windows) and all windows of the corpus ($windows): computed where the counts are,
# so that adding a document (which changes every pair's NPMI through $windows) rewrites no
# row but this one statement's column. The ratio of two logarithms does not depend on their
# base; log10 is spelled the same in Ladybug and Neo4j.
NPMI_UPDATE = (
    "MATCH (a:Entity)-[c:CO_MENTIONED]->(b:Entity) "
    "WITH c, 1.0 * c.weight / $windows AS pab, 1.0 * a.windows / $windows AS pa, 1.0 * b.windows / $windows AS pb "
    "SET c.npmi = CASE WHEN pab >= 1.0 THEN 1.0 ELSE round(log10(pab / (pa * pb)) / -log10(pab), 6) END"
)


def graph_rows(g: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Rows per table; relationship rows carry ``from`` and ``to`` node ids first."""
    rows: dict[str, list[dict]] = {t.name: [] for t in TABLES}
    by_name = {t.name: t for t in TABLES}
    for _, data in sorted(g.nodes(data=True), key=lambda nd: nd[0]):
        if "kind" not in data:
            continue  # only the end of an edge written here (a node the store already has)
        t = by_name[data["kind"]]
        rows[t.name].append({p: data.get(p) for p, _ in t.props})
    defaults = {t.name: [(p, _default(typ)) for p, typ in t.props] for t in RELS}
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (e[2]["type"], e[0], e[1])):
        kind = data["type"]
        row = {"from": a, "to": b}
        row.update({p: data.get(p, d) for p, d in defaults[kind]})
        rows[kind].append(row)
    return rows


def _default(typ: str):
    return [] if typ.endswith("[]") else ("" if typ == "STRING" else 0)


def written(table: str, row: dict) -> dict:
    """The row without the columns the store computes: what tells two rows apart."""
    computed = COMPUTED.get(table, ())
    return {k: v for k, v in row.items() if k not in computed} if computed else row
