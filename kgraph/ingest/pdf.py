"""PDF pages → printed lines with positions, sizes and weights (pdfplumber / pdfminer.six).

pdfplumber gives every character with its box, font name and size; lines are rebuilt here:
characters of one size whose vertical centres agree form a row, and a row is cut where a
gap wider than a character opens (a column gutter), so each line belongs to one column.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

from kgraph.ingest.encoding import IngestError
from kgraph.ingest.layout import TextLine, is_bold

_MAX_ROWS_BACK = 12  # a character joins one of the last rows opened (rows come top to bottom)


@dataclass
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    lines: list[TextLine]
    images: list[tuple[float, float, float, float]]  # (x0, top, x1, bottom) of pictures


def read_pdf(raw: bytes, path: str) -> list[PdfPage]:
    """The pages of a text-layer PDF; IngestError (one line, the file named) for an
    encrypted, damaged or scanned (image-only) file."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    pages: list[PdfPage] = []
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            for page in pdf.pages:
                images = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
                lines = page_lines(page.chars, page.page_number)
                pages.append(PdfPage(page.page_number, float(page.width), float(page.height), lines, images))
    except Exception as e:  # pdfminer's parser errors have no common base class
        # pdfplumber wraps pdfminer's errors: the original is its first argument
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise IngestError(f"{path}: encrypted PDF, cannot be read without its password (decrypt it first, e.g. qpdf --decrypt)") from e
        detail = str(cause) or type(cause).__name__
        raise IngestError(f"{path}: damaged PDF, cannot be read ({detail})") from e
    if not pages:
        raise IngestError(f"{path}: damaged PDF, it has no pages")
    if not any(p.lines for p in pages):
        raise IngestError(f"{path}: no text layer (a scanned PDF needs OCR first, e.g. ocrmypdf)")
    return pages


def page_lines(chars: list[dict], page: int) -> list[TextLine]:
    """Characters → lines, each inside one column. A gap wider than 0.8 of a character (of
    the body text, for larger type: a headline's gutter is no wider than the body's) is a
    column gutter."""
    sizes = Counter(round(c["size"]) for c in chars if c["size"] > 0)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    rows: list[list[dict]] = []
    centres: list[float] = []
    keep = [c for c in chars if c.get("upright", True) and c["text"] and c["size"] > 0]
    for c in sorted(keep, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        centre, size = (c["top"] + c["bottom"]) / 2, c["size"]
        for k in range(len(rows) - 1, max(-1, len(rows) - 1 - _MAX_ROWS_BACK), -1):
            ref = rows[k][0]["size"]
            if abs(centres[k] - centre) <= 0.3 * min(ref, size) and 0.85 <= size / ref <= 1.18:
                rows[k].append(c)
                break
        else:
            rows.append([c])
            centres.append(centre)
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        piece: list[dict] = []
        for c in row:
            if piece and c["x0"] - piece[-1]["x1"] > 0.8 * min(c["size"], body):
                lines.append(_line(piece, page))
                piece = []
            piece.append(c)
        lines.append(_line(piece, page))
    return [ln for ln in lines if ln.text.strip()]


def _line(chars: list[dict], page: int) -> TextLine:
    while len(chars) > 1 and chars[0]["text"].isspace():
        chars = chars[1:]  # an indent drawn with spaces: the line begins at its first letter
    while len(chars) > 1 and chars[-1]["text"].isspace():
        chars = chars[:-1]
    text = ""
    for i, c in enumerate(chars):
        if i and c["text"] != " " and text and text[-1] != " ":
            gap = c["x0"] - chars[i - 1]["x1"]
            if gap > 0.2 * c["size"] and text[-1].isascii() and c["text"].isascii():
                text += " "  # a word space the PDF drew as a gap
        text += c["text"]
    bold = sum(1 for c in chars if is_bold(c.get("fontname", ""))) * 2 > len(chars)
    sizes = sorted(c["size"] for c in chars)
    return TextLine(
        text=text.strip(),
        page=page,
        x0=min(c["x0"] for c in chars),
        top=min(c["top"] for c in chars),
        x1=max(c["x1"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        size=round(sizes[len(sizes) // 2], 2),
        bold=bold,
    )
