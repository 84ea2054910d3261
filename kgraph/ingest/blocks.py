"""Lines → paragraph blocks, each classified as headline, byline or body."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from kgraph.ingest.bylines import looks_like_byline
from kgraph.ingest.cleantext import CleanText
from kgraph.ingest.repair import (
    SENTENCE_END,
    ends_clause,
    ends_sentence,
    fold_width,
    join_wrapped,
    split_lines,
    squeeze_spaces,
    undouble,
)

MAX_HEADLINE = 48


@dataclass
class Block:
    kind: str  # "head" | "byline" | "body"
    text: CleanText
    lines: int


def _is_headline(text: str, n_lines: int) -> bool:
    if not text or len(text) > MAX_HEADLINE or n_lines > 3:
        return False
    if ends_clause(text.rstrip("”’\"")) and not text.endswith(("”", "’")):
        return False
    if ends_sentence(text):
        return False
    inner = text.rstrip("”’」）)")
    return not any(c in SENTENCE_END for c in inner)


def to_blocks(ct: CleanText) -> list[Block]:
    """Group the lines of a decoded page into blocks and repair each block's text."""
    lines = split_lines(fold_width(ct))
    widths = [len(ln.text.strip()) for ln in lines if len(ln.text.strip()) >= 8]
    typical = statistics.median(widths) if widths else 20
    groups: list[list[CleanText]] = []
    cur: list[CleanText] = []

    def flush() -> None:
        nonlocal cur
        if cur:
            groups.append(cur)
        cur = []

    for ln in lines:
        stripped = ln.text.strip()
        if not stripped:
            flush()
            continue
        indented = ln.text[:1] == " "
        if indented or looks_like_byline(stripped) or stripped[0] in "□■":
            flush()
        cur.append(ln)
        if looks_like_byline(stripped) and stripped[0] in "□■":
            flush()
        elif ends_sentence(stripped) and len(stripped) < 0.8 * typical:
            flush()
    flush()

    blocks: list[Block] = []
    for g in groups:
        text = squeeze_spaces(join_wrapped(g)).strip()
        if not text.text:
            continue
        if looks_like_byline(text.text):
            kind = "byline"
        elif _is_headline(text.text, len(g)):
            kind = "head"
            text = undouble(text)
        else:
            kind = "body"
        blocks.append(Block(kind, text, len(g)))
    return blocks
