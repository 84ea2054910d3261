"""Page layout → stories: printed lines grouped into blocks, blocks read in column order and
gathered into one story per headline.

The input is what a PDF says about each printed line (text, position, font size, weight), so
nothing here guesses from line lengths as the plain-text path must:

- **blocks**: lines of one column set in one size, each close below the one before;
- **kinds**: a headline is set clearly larger than the body text of the file (the size most
  characters have), a kicker or subtitle somewhat larger and stacked against a headline, a
  caption smaller, a byline follows the byline grammar; a short line set larger or bold inside
  a story is a section head;
- **reading order**: a recursive XY-cut. A region is cut at its column gutters when a gutter
  runs through the whole region, otherwise at its widest horizontal gap; stories are
  separated by more space than a headline from its own text, so the widest gap falls between
  stories whether a page prints titles above or below their text;
- **stories**: a region holding at most one headline is one story; text regions without a
  headline continue the story before them (the next column), or, where titles are printed
  below their text, belong to the title that follows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kgraph.ingest.bylines import looks_like_byline
from kgraph.ingest.repair import SENTENCE_END, ends_sentence

HEAD_RATIO = 1.25  # a headline is set at least this much larger than the body text
SUBHEAD_RATIO = 1.08  # kickers, subtitles and section heads
CAPTION_RATIO = 0.93  # captions are set smaller
_BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold|hei", re.IGNORECASE)


@dataclass
class TextLine:
    """One printed line (or the part of it inside one column) of a page."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # font size in points
    bold: bool = False


@dataclass
class Block:
    """Lines of one column and size, read together; ``kind`` says what they are."""

    lines: list[TextLine]
    kind: str = "body"  # head | subhead | byline | caption | body
    picture: tuple[float, float, float, float] | None = None  # a caption's picture, part of its extent

    def _extent(self, k: int) -> list[float]:
        out = [(ln.x0, ln.top, ln.x1, ln.bottom)[k] for ln in self.lines]
        return [*out, self.picture[k]] if self.picture else out

    @property
    def x0(self) -> float:
        return min(self._extent(0))

    @property
    def x1(self) -> float:
        return max(self._extent(2))

    @property
    def top(self) -> float:
        return min(self._extent(1))

    @property
    def bottom(self) -> float:
        return max(self._extent(3))

    @property
    def size(self) -> float:
        return max(ln.size for ln in self.lines)

    @property
    def text(self) -> str:
        return join_lines(ln.text for ln in self.lines)


@dataclass
class Story:
    """The blocks of one article in reading order."""

    blocks: list[Block] = field(default_factory=list)

    @property
    def has_head(self) -> bool:
        return any(b.kind == "head" for b in self.blocks)


def join_lines(texts: Iterable[str]) -> str:
    """Lines of one paragraph joined: Chinese runs on without a space, Latin words keep one."""
    out = ""
    for t in texts:
        t = t.strip()
        if out and t and out[-1].isascii() and out[-1].isalnum() and t[0].isascii() and t[0].isalnum():
            out += " "
        out += t
    return out


def is_bold(fontname: str) -> bool:
    return bool(_BOLD_FONT.search(fontname.split("+")[-1]))


def body_size(lines: Iterable[TextLine]) -> float:
    """The size most characters are set in: the body text."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def to_blocks(lines: list[TextLine]) -> list[Block]:
    """Group one page's lines into blocks: a line joins the block whose last line stands just
    above it in the same column, set in the same size and weight."""
    blocks: list[Block] = []
    for ln in sorted(lines, key=lambda x: (x.top, x.x0)):
        if looks_like_byline(ln.text):
            blocks.append(Block([ln], "byline"))  # a byline line stands alone, however close the text below
            continue
        for b in reversed(blocks):
            if b.kind == "byline":
                continue
            last = b.lines[-1]
            gap = ln.top - last.bottom
            narrow = min(ln.x1 - ln.x0, last.x1 - last.x0)
            if (
                -0.3 * ln.size <= gap <= 0.8 * max(ln.size, last.size)
                and abs(ln.size - last.size) <= 0.1 * last.size
                and ln.bold == last.bold
                and _overlap(ln.x0, ln.x1, b.x0, b.x1) >= 0.5 * narrow
            ):
                b.lines.append(ln)
                break
        else:
            blocks.append(Block([ln]))
    return blocks


def classify(blocks: list[Block], body: float, images: list[tuple[float, float, float, float]] = ()) -> None:
    """Set each block's kind from its size relative to the body text, its weight, the byline
    grammar, and pictures next to it (a short block against a picture is its caption)."""
    for b in blocks:
        text, n = b.text, len(b.lines)
        ratio = b.size / body
        clause = any(c in SENTENCE_END for c in text.rstrip("”’」）)。！？"))
        if ratio >= HEAD_RATIO and n <= 4:
            b.kind = "head"
        elif len(text) <= 60 and looks_like_byline(text):
            b.kind = "byline"
        elif ratio >= SUBHEAD_RATIO and n <= 3 and not clause and not ends_sentence(text):
            b.kind = "subhead"
        elif (ratio <= CAPTION_RATIO and n <= 4) or (n <= 3 and _picture_of(b, images)):
            b.kind = "caption"
            b.picture = _picture_of(b, images)
        elif all(ln.bold for ln in b.lines) and n <= 2 and len(text) <= 30 and not ends_sentence(text):
            b.kind = "subhead"
        else:
            b.kind = "body"
    _stack_titles(blocks)


def _picture_of(b: Block, images: Iterable[tuple[float, float, float, float]]) -> tuple[float, float, float, float] | None:
    """The picture a block is printed against (just above or below it, same column)."""
    near = 1.5 * b.size
    for box in images:
        x0, top, x1, bottom = box
        if _overlap(b.x0, b.x1, x0, x1) > 0 and (0 <= b.top - bottom <= near or 0 <= top - b.bottom <= near):
            return box
    return None


def _stack_titles(blocks: list[Block]) -> None:
    """A kicker above a headline and a subtitle below it are part of the title: fold each
    headline or subhead stacked against a headline (within a line's height, same column)
    into it, until no more are."""
    changed = True
    while changed:
        changed = False
        for h in blocks:
            if h.kind != "head" or not h.lines:
                continue
            for b in blocks:
                if b is h or b.kind not in ("head", "subhead") or not b.lines:
                    continue
                near = 1.2 * min(b.size, h.size)
                stacked = -0.3 * b.size <= h.top - b.bottom <= near or -0.3 * b.size <= b.top - h.bottom <= near
                if stacked and _overlap(b.x0, b.x1, h.x0, h.x1) > 0:
                    h.lines = sorted([*h.lines, *b.lines], key=lambda x: x.top)
                    b.lines = []
                    changed = True
    blocks[:] = [b for b in blocks if b.lines]


@dataclass
class _Region:
    blocks: list[Block]
    children: list[_Region] = field(default_factory=list)
    horizontal: bool = False  # children stacked top to bottom (else side by side)


def _gaps(spans: list[tuple[float, float]], least: float) -> list[tuple[float, float]]:
    """The empty stretches (at least ``least`` wide) between the merged spans."""
    out = []
    spans = sorted(spans)
    reach = spans[0][1]
    for a, b in spans[1:]:
        if a - reach >= least:
            out.append((reach, a))
        reach = max(reach, b)
    return out


def _split(blocks: list[Block], cuts: list[float], key) -> list[list[Block]]:
    parts: list[list[Block]] = [[] for _ in range(len(cuts) + 1)]
    for b in blocks:
        parts[sum(1 for c in cuts if key(b) >= c)].append(b)
    return [p for p in parts if p]


def xy_cut(blocks: list[Block], body: float) -> _Region:
    """Recursive XY-cut: column gutters first, then the widest horizontal gap."""
    region = _Region(blocks)
    if len(blocks) <= 1:
        return region
    gutters = _gaps([(b.x0, b.x1) for b in blocks], 0.5 * body)
    if gutters:
        parts = _split(blocks, [(a + b) / 2 for a, b in gutters], key=lambda b: b.x0)
    else:
        gaps = _gaps([(b.top, b.bottom) for b in blocks], 0.05 * body)
        if not gaps:
            return region
        widest = max(b - a for a, b in gaps)
        cuts = [(a + b) / 2 for a, b in gaps if b - a >= 0.9 * widest]
        parts = _split(blocks, cuts, key=lambda b: b.top)
        region.horizontal = True
    region.children = [xy_cut(p, body) for p in parts]
    return region


def _in_order(region: _Region) -> list[Block]:
    if not region.children:
        return sorted(region.blocks, key=lambda b: (b.top, b.x0))
    return [b for c in region.children for b in _in_order(c)]


def _heads(blocks: list[Block]) -> int:
    return sum(1 for b in blocks if b.kind == "head")


def _one_story(blocks: list[Block]) -> bool:
    """No headline, or one that opens the text (bylines may stand before it) or closes it."""
    kinds = [b.kind for b in blocks]
    if "head" not in kinds:
        return True
    if kinds.count("head") > 1:
        return False
    first_text = next(k for k in kinds if k != "byline")
    return first_text == "head" or kinds[-1] == "head"


def _stories(region: _Region) -> list[Story]:
    order = _in_order(region)
    if _one_story(order) or (not region.children and _heads(order) <= 1):
        return [Story(order)]
    # blocks that overlap and cannot be cut: one part per block, top to bottom
    parts = [s for c in region.children for s in _stories(c)] if region.children else [Story([b]) for b in _in_order(region)]
    return _gather(parts)


def _gather(parts: list[Story]) -> list[Story]:
    """Give each part without a headline to a story: the one before it (the text continues in
    the next column), or where titles are printed below their text (the first part has no
    headline and each headline closes its part) the one whose title follows it."""
    titles_below = not parts[0].has_head and all(p.blocks[-1].kind == "head" for p in parts if p.has_head)
    out: list[Story] = []
    pending: list[Block] = []
    for p in parts:
        if titles_below:
            pending.extend(p.blocks)
            if p.has_head:
                out.append(Story(pending))
                pending = []
        elif p.has_head or not out:
            out.append(Story(list(p.blocks)))
        else:
            out[-1].blocks.extend(p.blocks)
    if pending:
        if out:
            out[-1].blocks.extend(pending)
        else:
            out.append(Story(pending))
    return out


def page_stories(lines: list[TextLine], body: float, images: list[tuple[float, float, float, float]] = ()) -> list[Story]:
    """One page's lines → its stories in reading order."""
    if not lines:
        return []
    blocks = to_blocks(lines)
    classify(blocks, body, images)
    return _stories(xy_cut(blocks, body))
