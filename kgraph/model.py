"""Plain dataclasses passed between pipeline stages (ingest → extract → graph → store).

Every piece of text carries provenance: the document id and character offsets into the
decoded original file, so any node or edge can be traced back to what the page said.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("ORG", "PERSON", "PLACE", "PROGRAM", "POLICY")


@dataclass
class Document:
    """One input file, decoded."""

    id: str  # content hash of the raw bytes: stable across renames and re-runs
    path: str
    encoding: str
    text: str  # the decoded original text; all offsets point into it
    date: str | None = None


@dataclass
class Sentence:
    text: str  # cleaned text
    start: int  # offsets into Document.text
    end: int
    paragraph: int = 0  # index of the body paragraph that holds it


@dataclass
class Byline:
    text: str
    people: list[str] = field(default_factory=list)
    org: str = ""
    title: str = ""
    place: str = ""
    outlet: list[str] = field(default_factory=list)  # 本报, 通讯员, 记者 ...
    start: int = 0
    end: int = 0


@dataclass
class Article:
    id: str
    doc_id: str
    index: int
    title: str
    body: str  # cleaned body text (paragraphs joined by "\n")
    offsets: list[int]  # offsets[i] = position in Document.text of body[i]
    sentences: list[Sentence] = field(default_factory=list)
    byline: Byline | None = None
    title_start: int = -1
    title_end: int = -1


@dataclass
class Mention:
    text: str  # surface form as cleaned
    label: str
    doc_id: str
    article_id: str
    sentence: int  # index into Article.sentences
    start: int  # offsets into Document.text
    end: int
    source: str = "ner"  # ner | rule | list | gazetteer | alias | byline | user
    surface: str = ""  # as printed (traditional script, full-width forms), when it differs from text


@dataclass
class Relation:
    """A typed relation stated explicitly in the text."""

    kind: str  # AFFILIATED_WITH | PART_OF | LOCATED_IN
    source: str  # surface names; resolved to entity ids by the graph builder
    target: str
    source_label: str
    target_label: str
    doc_id: str
    article_id: str
    sentence: str
    start: int
    end: int
    title: str = ""


@dataclass
class DocumentExtraction:
    """Everything kgraph learned from one document; the unit that is cached and re-imported."""

    document: Document
    articles: list[Article]
    mentions: list[Mention]
    relations: list[Relation]
    aliases: dict[str, str]  # declared alias -> full name, from this document
