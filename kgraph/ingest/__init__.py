"""Ingest: files → decoded documents → clean articles with sentences and bylines."""

from __future__ import annotations

from pathlib import Path

from kgraph.ingest.articles import build_articles
from kgraph.ingest.blocks import to_blocks
from kgraph.ingest.cleantext import CleanText
from kgraph.ingest.dates import page_date
from kgraph.ingest.encoding import IngestError, decode, discover, document_id
from kgraph.ingest.html_text import html_to_text
from kgraph.model import Article, Document

__all__ = ["IngestError", "discover", "document_articles", "ingest_file", "read_document"]


def read_document(path: Path) -> Document:
    """Read and decode one file; raises IngestError with the file named."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise IngestError(f"{path}: cannot read ({e.strerror or e})") from e
    text, encoding = decode(raw, str(path))
    return Document(id=document_id(raw), path=str(path), encoding=encoding, text=text, date=page_date(str(path), text))


def document_articles(doc: Document) -> list[Article]:
    ct = html_to_text(doc.text) if Path(doc.path).suffix.lower() in {".html", ".htm"} else CleanText.of(doc.text)
    return build_articles(doc.id, to_blocks(ct))


def ingest_file(path: Path) -> tuple[Document, list[Article]]:
    doc = read_document(path)
    return doc, document_articles(doc)
