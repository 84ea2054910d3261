"""A small newspaper typesetter for tests and benchmarks: invented stories → PDF pages.

Stories are set with reportlab in its built-in Chinese CID font (STSong-Light, no font file
needed): a headline set larger across the story's columns (or below its text), a byline
block, body paragraphs indented two characters and balanced over the columns, and an
optional picture with a smaller caption under it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
BODY, LEADING, HEAD, KICKER, CAPTION = 10.0, 14.0, 20.0, 13.0, 8.0
GUTTER = 14.0
if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass
class StoryLayout:
    title: str
    paragraphs: list[str]
    byline: str = ""
    kicker: str = ""  # a smaller line over the headline (引题)
    caption: str = ""  # a picture with this caption after the text
    columns: int = 2
    title_below: bool = False  # the headline printed under its text
    x: float = 40.0  # the story's frame on the page
    width: float = 515.0
    top: float = 60.0  # distance from the page's top edge


@dataclass
class PageLayout:
    stories: list[StoryLayout] = field(default_factory=list)
    masthead: str = ""


def _wrap(text: str, width: float, size: float, indent: bool) -> list[str]:
    lines, cur, used = [], "", 2 * size if indent else 0.0
    for ch in text:
        w = pdfmetrics.stringWidth(ch, FONT, size)
        if cur and used + w > width:
            lines.append(cur)
            cur, used = "", 0.0
        cur += ch
        used += w
    if cur:
        lines.append(cur)
    return lines


def _picture() -> io.BytesIO:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 24), (120, 140, 160)).save(buf, format="PNG")
    buf.seek(0)
    return buf


def _set_story(c: canvas.Canvas, s: StoryLayout, page_height: float) -> None:
    y = s.top  # distance from the top, growing downwards

    def text(x: float, y_top: float, line: str, size: float) -> None:
        c.setFont(FONT, size)
        c.drawString(x, page_height - y_top - size * 0.88, line)

    def heading() -> float:
        yy = y
        if s.kicker:
            text(s.x, yy, s.kicker, KICKER)
            yy += KICKER * 1.4
        for line in _wrap(s.title, s.width, HEAD, False):
            text(s.x, yy, line, HEAD)
            yy += HEAD * 1.3
        return yy + 8

    if not s.title_below:
        y = heading()
    if s.byline:
        text(s.x, y, s.byline, BODY)
        y += LEADING + 4
    col_w = (s.width - GUTTER * (s.columns - 1)) / s.columns
    lines: list[tuple[float, str]] = []
    for p in s.paragraphs:
        for k, line in enumerate(_wrap(p, col_w, BODY, True)):
            lines.append((2 * BODY if k == 0 else 0.0, line))
    per_col = -(-len(lines) // s.columns)
    for col in range(s.columns):
        x = s.x + col * (col_w + GUTTER)
        for row, (indent, line) in enumerate(lines[col * per_col : (col + 1) * per_col]):
            text(x + indent, y + row * LEADING, line, BODY)
    y += per_col * LEADING + 6
    if s.caption:
        c.drawImage(_image_reader(), s.x, page_height - y - 60, width=100, height=60)
        y += 64
        text(s.x, y, s.caption, CAPTION)
        y += CAPTION * 1.4 + 6
    if s.title_below:
        y += 2
        y = heading()


def _image_reader():
    from reportlab.lib.utils import ImageReader

    return ImageReader(_picture())


def make_pdf(path: Path, pages: list[PageLayout], encrypt: str | None = None) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    _, height = A4
    for page in pages:
        if page.masthead:
            c.setFont(FONT, 28)
            c.drawString(40, height - 45, page.masthead)
        for s in page.stories:
            _set_story(c, s, height)
        c.showPage()
    c.save()
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A page that holds only a picture: what a scanner without OCR gives."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(_image_reader(), 40, 300, width=500, height=400)
    c.showPage()
    c.save()
    return path


def story_height(s: StoryLayout) -> float:
    """How far down the page a story reaches below its top, for stacking stories."""
    col_w = (s.width - GUTTER * (s.columns - 1)) / s.columns
    n = sum(len(_wrap(p, col_w, BODY, True)) for p in s.paragraphs)
    h = len(_wrap(s.title, s.width, HEAD, False)) * HEAD * 1.3 + 8 + (KICKER * 1.4 if s.kicker else 0)
    h += (LEADING + 4 if s.byline else 0) + -(-n // s.columns) * LEADING + 6
    h += 64 + CAPTION * 1.4 + 6 if s.caption else 0
    return h
