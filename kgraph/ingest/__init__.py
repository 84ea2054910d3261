"""Ingest: files → decoded documents → clean articles with sentences and bylines.

Text files (.txt, .md, .html) are decoded and repaired; PDFs and .docx files are read with
their layout (see layout.py) and give the same Articles.
"""

from __future__ import annotations

from pathlib import Path

from kgraph.ingest.dates import page_date
from kgraph.ingest.encoding import LAYOUT_SUFFIXES, IngestError, decode, discover, document_id
from kgraph.model import Article, Document

__all__ = ["IngestError", "discover", "document_articles", "ingest_bytes", "ingest_file", "read_document", "read_raw"]


def read_raw(path: Path) -> bytes:
    """The file's bytes; IngestError with the file named when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as e:
        raise IngestError(f"{path}: cannot read ({e.strerror or e})") from e


def read_document(path: Path) -> Document:
    """Read and decode one text file; raises IngestError with the file named."""
    return _text_document(path, read_raw(path))


def _text_document(path: Path, raw: bytes) -> Document:
    text, encoding = decode(raw, str(path))
    return Document(id=document_id(raw), path=str(path), encoding=encoding, text=text, date=page_date(str(path), text))


def document_articles(doc: Document) -> list[Article]:
    from kgraph.ingest.articles import build_articles  # the repairs load zhconv: only when text is read
    from kgraph.ingest.blocks import to_blocks
    from kgraph.ingest.cleantext import CleanText
    from kgraph.ingest.html_text import html_to_text

    ct = html_to_text(doc.text) if Path(doc.path).suffix.lower() in {".html", ".htm"} else CleanText.of(doc.text)
    return build_articles(doc.id, to_blocks(ct))


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

        pages = read_pdf(raw, str(path))
        body = body_size(ln for p in pages for ln in p.lines)
        stories = [s for p in pages for s in page_stories(p.lines, body, p.images)]
        encoding = "pdf"
    else:
        from kgraph.ingest.docx import read_docx

        stories = read_docx(raw, str(path))
        encoding = "docx"
    return paged_document(document_id(raw), str(path), encoding, stories, page_date)


def ingest_file(path: Path) -> tuple[Document, list[Article]]:
    return ingest_bytes(path, read_raw(path))
