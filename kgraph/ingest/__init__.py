"""Ingest: files → decoded documents → clean articles with sentences and bylines.

Text files (.txt, .md, .html) are decoded and repaired; PDFs and .docx files are read with
their layout (see layout.py) and give the same Articles.
"""

from __future__ import annotations

from pathlib import Path

from kgraph.ingest.dates import page_date
from kgraph.ingest.encoding import LAYOUT_SUFFIXES, IngestError, check_file, decode, discover, document_id, max_file_bytes, printable
from kgraph.model import Article, Document

__all__ = ["IngestError", "discover", "document_articles", "ingest_bytes", "ingest_file", "read_document", "read_raw"]


def read_raw(path: Path) -> bytes:
    """The file's bytes; IngestError with the file named when it cannot be read, is not a
    regular file or is over the size limit (checked again here: a file can change)."""
    problem = check_file(path)
    if problem:
        raise IngestError(problem)
    limit = max_file_bytes()
    try:
        with open(path, "rb") as f:
            raw = f.read(limit + 1)
    except OSError as e:
        raise IngestError(f"{printable(path)}: cannot read ({e.strerror or e})") from e
    if len(raw) > limit:
        raise IngestError(f"{printable(path)}: over the {limit / 2**20:.0f} MB limit for one file (KGRAPH_MAX_FILE_MB)")
    return raw


def read_document(path: Path) -> Document:
    """Read and decode one text file; raises IngestError with the file named."""
    return _text_document(path, read_raw(path))


def _text_document(path: Path, raw: bytes) -> Document:
    text, encoding, warnings = decode(raw, printable(path))
    doc = Document(id=document_id(raw), path=printable(path), encoding=encoding, text=text, date=page_date(printable(path), text))
    doc.warnings = warnings
    return doc


def document_articles(doc: Document) -> list[Article]:
    from kgraph.ingest.articles import build_articles, split_long_articles  # the repairs load zhconv: only when read
    from kgraph.ingest.blocks import to_blocks
    from kgraph.ingest.cleantext import CleanText
    from kgraph.ingest.html_text import html_to_text

    ct = html_to_text(doc.text) if Path(doc.path).suffix.lower() in {".html", ".htm"} else CleanText.of(doc.text)
    return split_long_articles(build_articles(doc.id, to_blocks(ct)))


def ingest_bytes(path: Path, raw: bytes) -> tuple[Document, list[Article]]:
    """One file's bytes → its Document and Articles, by the reader its suffix calls for."""
    suffix = path.suffix.lower()
    if suffix not in LAYOUT_SUFFIXES:
        doc = _text_document(path, raw)
        return doc, document_articles(doc)
    from kgraph.ingest.paged import paged_document

    if suffix == ".pdf":
        from kgraph.ingest.layout import body_size, page_stories
        from kgraph.ingest.pdf import read_pdf

        pages = read_pdf(raw, printable(path))
        body = body_size(ln for p in pages for ln in p.lines)
        stories = [s for p in pages for s in page_stories(p.lines, body, p.images)]
        encoding = "pdf"
    else:
        from kgraph.ingest.docx import read_docx

        stories = read_docx(raw, printable(path))
        encoding = "docx"
    from kgraph.ingest.articles import split_long_articles

    doc, articles = paged_document(document_id(raw), printable(path), encoding, stories, page_date)
    return doc, split_long_articles(articles)


def ingest_file(path: Path) -> tuple[Document, list[Article]]:
    return ingest_bytes(path, read_raw(path))
