"""Lines → paragraph blocks, each classified as headline, byline or body."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kgraph.ingest.bylines import looks_like_byline, parse_lead, parse_trailing
from kgraph.ingest.cleantext import CleanText
from kgraph.ingest.repair import (
    SENTENCE_END,
    ends_clause,
    ends_sentence,
    fold_script,
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
    if ends_clause(text.rstrip('”’"')) and not text.endswith(("”", "’")):
        return False
    if ends_sentence(text):
        return False
    inner = text.rstrip("”’」）)")
    return not any(c in SENTENCE_END for c in inner)


def _local_widths(lines: list[CleanText], radius: int = 12) -> list[float]:
    """The typical line width around each line: pages mix columns of different widths."""
    lengths = [len(ln.text.strip()) for ln in lines]
    out = []
    for i in range(len(lines)):
        near = [n for n in lengths[max(0, i - radius) : i + radius + 1] if n >= 8]
        out.append(statistics.median(near) if near else 20.0)
    return out


# a line that opens with the tail of a clause: one character, then clause punctuation ("盟，…";
# two are a paragraph opener as often: "去年，…")
_CONTINUES = re.compile(r"[^\s，、；：。][，、；：。）”]")


def _quote_runs_on(prev: str, following: str) -> bool:
    """The line leaves a quotation open and the next line closes it before opening another."""
    if prev.count("“") <= prev.count("”"):
        return False
    close, opening = following.find("”"), following.find("“")
    return 0 <= close <= 12 and (opening == -1 or close < opening)


# characters that end no headline and no paragraph (…人大和|, …的|), and that begin none (|的基础上)
_JOINING_END = "和与及的在对将把为是或并"
_JOINING_START = "的地得了着过们，、。；：）”"


def _wraps_across_blank(prev: str, width: float, following: str = "") -> bool:
    """In a double-spaced column a blank follows every line. The blank is a wrap when the
    line before it fills the column, reads as prose (has clause punctuation: headlines
    rarely do, or the line after goes on with the clause: "盟，举办…") and stops
    mid-sentence (on a character, comma or opening quote). Whatever the widths (some pages
    come out with lines of any length), it is a wrap when a quotation left open closes at
    the start of the next line, when the line ends on a joining word (…和) or the next begins
    with one (的…), and when both lines are prose and the first stops mid-sentence."""
    if not following or ends_sentence(prev):
        return False
    if _quote_runs_on(prev, following) or prev[-1] in _JOINING_END or following[0] in _JOINING_START:
        return True
    prose = any(c in "，、；：。" for c in prev)
    if prose and len(prev) >= 30 and any(c in "，、；：。" for c in following) and (prev[-1].isalnum() or prev[-1] in "，、；："):
        return True  # a prose line that stops mid-sentence, on a page of irregular line lengths
    if len(prev) < 0.88 * width:
        return False
    if not prose and not _CONTINUES.match(following):
        return False
    last = prev[-1]
    return last.isalnum() or last in "，、；：“‘《（"


def _closes_with_byline(line: str) -> bool:
    """The line ends its paragraph with the reporter's name in brackets (……。（某某）): what
    follows is another block, not the rest of this paragraph."""
    return line.endswith((")", "）")) and parse_trailing(line)[0] is not None


# page furniture that ends a story: 【栏目|标题】责编：某某, 责任编辑：某某
_EDITOR_CREDIT = re.compile(r"(?:责任编辑|责编|编辑|校对|审核|美编)\s*[:：]\s*\S{1,12}$")


def to_blocks(ct: CleanText) -> list[Block]:
    """Group the lines of a decoded page into blocks and repair each block's text.

    A blank line ends a paragraph, except in double-spaced columns, where a blank follows
    every wrapped line: there a blank after a full-width line that does not end a sentence
    is a wrap. An indented line after an unindented one starts a paragraph; so does the line
    after a short line that ends a sentence.
    """
    lines = split_lines(fold_script(fold_width(ct)))
    width = _local_widths(lines)
    groups: list[list[CleanText]] = []
    cur: list[CleanText] = []

    def flush() -> None:
        nonlocal cur
        if cur:
            groups.append(cur)
        cur = []

    prev_text, prev_width, prev_indented = "", 20.0, False
    for i, ln in enumerate(lines):
        stripped = ln.text.strip()
        if not stripped:
            following = next((x.text.strip() for x in lines[i + 1 : i + 3] if x.text.strip()), "")
            if not (cur and _wraps_across_blank(prev_text, prev_width, following)):
                flush()
            continue
        indented = ln.text[:1] == " "
        if (indented and not prev_indented) or looks_like_byline(stripped) or stripped[0] in "□■" or parse_lead(stripped)[0] is not None:
            flush()  # a byline, a marker or a news lead (某某网5月3日讯) begins a block
        cur.append(ln)
        if looks_like_byline(stripped) or (ends_sentence(stripped) and len(stripped) < 0.8 * width[i]) or _closes_with_byline(stripped):
            flush()
        prev_text, prev_width, prev_indented = stripped, width[i], indented
    flush()

    blocks: list[Block] = []
    for g in groups:
        text = squeeze_spaces(join_wrapped(g)).strip()
        if not text.text:
            continue
        if looks_like_byline(text.text):
            kind = "byline"
        elif _EDITOR_CREDIT.search(text.text) and len(text.text) <= 80:
            kind = "body"  # an editor's credit: text of the page (the editor is named), never a title
        elif _is_headline(text.text, len(g)):
            kind = "head"
            text = undouble(text)
        else:
            kind = "body"
        blocks.append(Block(kind, text, len(g)))
    return blocks
