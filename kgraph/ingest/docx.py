"""Word (.docx) files → stories (python-docx).

A .docx has no page geometry to read, but it says what each paragraph is: its style
(Title, Heading 1 → headline; Subtitle, lower headings → section heads; Caption) and its
font size. Paragraphs come in reading order, so a headline opens each story. Tables are not
read.
"""

from __future__ import annotations

import io
import zipfile

from kgraph.ingest.bylines import looks_like_byline
from kgraph.ingest.encoding import IngestError
from kgraph.ingest.layout import HEAD_RATIO, Block, Story, TextLine, body_size

_HEAD_STYLES = ("title", "heading 1")
_SUBHEAD_STYLES = ("subtitle", "heading")


def read_docx(raw: bytes, path: str) -> list[Story]:
    """The stories of a .docx; IngestError for a damaged file or one with no text."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IngestError(f"{path}: damaged .docx, cannot be read ({type(e).__name__})") from e
    paragraphs = []
    for p in document.paragraphs:
        text = p.text.strip()
        if not text:
            continue
        sizes = [r.font.size.pt for r in p.runs if r.font.size is not None]
        style_size = p.style.font.size.pt if p.style is not None and p.style.font.size is not None else None
        size = max(sizes) if sizes else (style_size or 10.5)
        bold = bool(p.runs) and all(r.bold for r in p.runs if r.text.strip())
        style = (p.style.name if p.style is not None else "").lower()
        paragraphs.append((text, size, bold, style))
    if not paragraphs:
        raise IngestError(f"{path}: no text in this .docx")
    body = body_size(TextLine(t, 0, 0, 0, 0, 0, size) for t, size, _, _ in paragraphs)
    stories: list[Story] = []
    for text, size, bold, style in paragraphs:
        block = Block([TextLine(text, 0, 0.0, 0.0, 0.0, 0.0, size, bold)], _kind(text, size / body, bold, style))
        if block.kind == "head" and not (stories and stories[-1].blocks and all(b.kind == "head" for b in stories[-1].blocks)):
            stories.append(Story())
        if not stories:
            stories.append(Story())
        stories[-1].blocks.append(block)
    return stories


def _kind(text: str, ratio: float, bold: bool, style: str) -> str:
    if style.startswith(_HEAD_STYLES) or ratio >= HEAD_RATIO:
        return "head"
    if style.startswith("caption") or style.startswith("题注"):
        return "caption"
    if len(text) <= 60 and looks_like_byline(text):
        return "byline"
    if style.startswith(_SUBHEAD_STYLES) or (bold and len(text) <= 30):
        return "subhead"
    return "body"
