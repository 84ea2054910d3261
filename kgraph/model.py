"""Plain dataclasses passed between pipeline stages (ingest → extract → graph → store).

Every piece of text carries provenance: the document id and character offsets into the
decoded original file, so any node or edge can be traced back to what the page said.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

ENTITY_TYPES = ("ORG", "PERSON", "PLACE", "PROGRAM", "POLICY")


@dataclass
class Box:
    """Where a stretch of Document.text was printed: a line of a PDF page."""

    start: int  # offsets into Document.text
    end: int
    page: int  # 1-based page number
    x0: float  # PDF points from the page's top-left corner
    top: float
    x1: float
    bottom: float


@dataclass
class Document:
    """One input file, decoded.

    For a text file ``text`` is the decoded file. For a PDF or .docx it is the text read
    from the layout (one line per title, byline, paragraph and caption, a blank line between
    stories) and ``boxes`` maps it back to the page and position of each printed line.
    """

    id: str  # content hash of the raw bytes: stable across renames and re-runs
    path: str
    encoding: str  # utf-8, gb18030, … or "pdf" / "docx"
    text: str  # the decoded original text; all offsets point into it
    date: str | None = None
    boxes: list[Box] = field(default_factory=list)  # sorted by start; empty for text files
    warnings: list[str] = field(default_factory=list)  # what reading it had to repair (bytes replaced)

    def page_at(self, offset: int) -> int:
        """The page that printed ``offset`` (1-based); 0 for a text file."""
        hits = self.boxes_in(offset, offset + 1)
        return hits[0].page if hits else 0

    def boxes_in(self, start: int, end: int) -> list[Box]:
        """The printed lines that hold any of ``[start, end)`` (boxes are sorted by start)."""
        k = max(0, bisect.bisect_right(self.boxes, start, key=lambda b: b.start) - 1)
        out = []
        while k < len(self.boxes) and self.boxes[k].start < end:
            if self.boxes[k].end > start:
                out.append(self.boxes[k])
            k += 1
        return out

    def where(self, start: int, end: int) -> tuple[int, list[float] | None]:
        """(page, [x0, top, x1, bottom]) of the lines that printed ``[start, end)`` on the page
        where it begins; (0, None) for a text file."""
        hits = self.boxes_in(start, end)
        if not hits:
            return 0, None
        on_page = [b for b in hits if b.page == hits[0].page]
        return hits[0].page, [
            min(b.x0 for b in on_page),
            min(b.top for b in on_page),
            max(b.x1 for b in on_page),
            max(b.bottom for b in on_page),
        ]


@dataclass
class Sentence:
    text: str  # cleaned text
    start: int  # offsets into Document.text
    end: int
    paragraph: int = 0  # index of the body paragraph that holds it
    page: int = 0  # 1-based page of a PDF where the sentence begins; 0 for text files
    box: list[float] | None = None  # [x0, top, x1, bottom] of its lines on that page


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
    members: list[str] | None = None  # the people who belong to ``org`` (None: all of them)
    site: str = ""  # the outlet a dateline names (某某网10月3日讯), an organization of its own


@dataclass
class Article:
    id: str
    doc_id: str
    index: int
    title: str
    body: str  # cleaned body text (paragraphs joined by "\n")
    offsets: Sequence[int]  # offsets[i] = position in Document.text of body[i] (an array of ints)
    sentences: list[Sentence] = field(default_factory=list)
    byline: Byline | None = None
    title_start: int = -1
    title_end: int = -1


@dataclass
class Mention:
    text: str  # the name as cleaned (a country's one-character form in 中美 goes by the country: 美国)
    label: str
    doc_id: str
    article_id: str
    sentence: int  # index into Article.sentences
    start: int  # offsets into Document.text
    end: int
    source: str = "ner"  # ner | rule | list | gazetteer | alias | byline | user
    surface: str = ""  # as printed (traditional script, full-width forms), when it differs from text
    page: int = 0  # 1-based page of a PDF; 0 for text files
    box: list[float] | None = None  # [x0, top, x1, bottom] where it was printed on that page
    proposer: str = ""  # id of the rule or model that proposed it (kgraph explain tells why)
    # named relative to the place the text is about (县委, 市政府): one entity within its
    # document, never the same as another document's 县委
    relative: bool = False


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
