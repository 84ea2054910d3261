"""Stories read from a layout (PDF, .docx) → a Document and its Articles.

The document's text is written from the stories: one line per title, byline, paragraph and
caption, a blank line between stories and a form feed between pages. Every printed line
keeps a Box (page and position) pointing at its stretch of that text, so a sentence, a
mention or a piece of evidence can say on which page and where it was printed. The
Articles are the same model the plain-text path produces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgraph.ingest.articles import make_article
from kgraph.ingest.bylines import parse_block_byline, parse_lead, parse_trailing
from kgraph.ingest.cleantext import CleanText
from kgraph.ingest.layout import Block, Story, TextLine
from kgraph.ingest.repair import ends_sentence, fold_script, fold_width, squeeze_spaces
from kgraph.model import Article, Box, Byline, Document


@dataclass
class _Writer:
    """Appends units of lines to the document text and records where each line went."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    boxes: list[Box] = field(default_factory=list)
    page: int = 0

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def unit(self, lines: list[TextLine]) -> CleanText:
        """Write lines that read as one run of text (a paragraph, a title); its clean text."""
        if lines and lines[0].page and self.page and lines[0].page != self.page:
            self.write("\f\n")
        start = self.pos
        text = ""
        for ln in lines:
            t = ln.text.strip()
            if text and t and text[-1].isascii() and text[-1].isalnum() and t[0].isascii() and t[0].isalnum():
                text += " "
            at = start + len(text)
            text += t
            if ln.page:
                self.boxes.append(Box(at, at + len(t), ln.page, round(ln.x0, 1), round(ln.top, 1), round(ln.x1, 1), round(ln.bottom, 1)))
                self.page = ln.page
        self.write(text + "\n")
        return squeeze_spaces(fold_script(fold_width(CleanText.of(text, start)))).strip()

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _has_geometry(ln: TextLine) -> bool:
    return ln.x1 > ln.x0


def _paragraphs(blocks: list[Block]) -> list[list[TextLine]]:
    """Body lines → paragraphs. A paragraph begins at an indented line or after a short line
    that ends a sentence; it runs on into the next block (the next column) when its last line
    fills the column and the next block's first line is not indented."""
    paras: list[list[TextLine]] = []
    open_para = False
    for b in blocks:
        if b.kind == "subhead" or not _has_geometry(b.lines[0]):
            paras.append(list(b.lines))
            open_para = False
            continue
        left, right = b.x0, b.x1
        for i, ln in enumerate(b.lines):
            indented = ln.x0 - left >= 1.2 * ln.size
            if indented or not open_para or (i == 0 and not paras):
                paras.append([ln])
            else:
                paras[-1].append(ln)
            short = ln.x1 < right - 1.5 * ln.size
            open_para = not (short and ends_sentence(ln.text))
        open_para = open_para and not ends_sentence(b.lines[-1].text) and len(b.lines) > 1
    return paras


def _title_runs(block: Block) -> list[list[TextLine]]:
    """A title block's lines split where the size changes (kicker | headline | subtitle)."""
    runs: list[list[TextLine]] = []
    for ln in block.lines:
        if runs and abs(runs[-1][-1].size - ln.size) <= 0.1 * ln.size:
            runs[-1].append(ln)
        else:
            runs.append([ln])
    return runs


def _article(w: _Writer, doc_id: str, index: int, story: Story) -> Article | None:
    heads: list[CleanText] = []
    byline: Byline | None = None
    body_blocks = [b for b in story.blocks if b.kind in ("body", "subhead")]
    captions = [b for b in story.blocks if b.kind == "caption"]
    for b in story.blocks:
        if b.kind == "head":
            heads.extend(w.unit(run) for run in _title_runs(b))
        elif b.kind == "byline":
            ct = w.unit(b.lines)
            found = parse_block_byline(ct.text, *ct.span(0, len(ct)))
            if found is not None and found.people and byline is None:
                byline = found
    body = [w.unit(p) for p in _paragraphs(body_blocks)]
    body += [w.unit(b.lines) for b in captions]
    body = [p for p in body if p.text]
    w.write("\n")
    if not body:
        return None  # a masthead, a page furniture line: no article
    lead, n = parse_lead(body[0].text)
    if lead is not None:
        lead.start, lead.end = body[0].span(0, n)
        body[0] = body[0][n:].strip()
        byline = byline or lead
    trail, at = parse_trailing(body[-1].text)
    if trail is not None:
        trail.start, trail.end = body[-1].span(at, len(body[-1]))
        body[-1] = body[-1][:at].strip()
        byline = byline or trail
    body = [p for p in body if p.text]
    if not body:
        return None
    return make_article(doc_id, index, heads, body, byline)


def paged_document(doc_id: str, path: str, encoding: str, stories: list[Story], date_of) -> tuple[Document, list[Article]]:
    """The Document (text written from the stories, with its boxes) and its Articles.
    ``date_of(path, text)`` reads the page date."""
    w = _Writer()
    articles: list[Article] = []
    for story in stories:
        art = _article(w, doc_id, len(articles), story)
        if art is not None:
            articles.append(art)
    doc = Document(id=doc_id, path=path, encoding=encoding, text=w.text, boxes=w.boxes)
    doc.date = date_of(path, doc.text)
    locate_sentences(doc, articles)
    return doc, articles


def locate_sentences(doc: Document, articles: list[Article]) -> None:
    """Give each sentence the page it begins on and the box of its lines on that page."""
    for a in articles:
        for s in a.sentences:
            s.page, s.box = doc.where(s.start, s.end)
