"""Lines → paragraph blocks, each classified as headline, byline or body."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kgraph.data import word_list
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
    unspace_letters,
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
_CONTINUES = re.compile(r"[^\s，、；：。,;:][，、；：。,;:）)”]")
# clause punctuation, full-width or as ASCII (pages copied from the web often use ASCII)
_CLAUSE_MARKS = "，、；：。,;:"


def _quote_runs_on(prev: str, following: str) -> bool:
    """The line leaves a quotation open and the next line closes it before opening another."""
    if prev.count("“") <= prev.count("”"):
        return False
    close, opening = following.find("”"), following.find("“")
    return 0 <= close <= 12 and (opening == -1 or close < opening)


_OPENERS, _CLOSERS = "（(《", "）)》"


def _bracket_runs_on(so_far: str, following: str) -> bool:
    """The block so far leaves a bracket or a title mark open and the next line closes it (or
    goes on inside it), within a byline's or a document title's length, before opening
    another: one paragraph (a dateline's （某报记者 甲 | 乙）, a 《某某关于…|…的通知》 wrapped,
    even twice), however the next line is indented."""
    opened = max(so_far.rfind(ch) for ch in _OPENERS)
    if opened < 0 or any(ch in so_far[opened:] for ch in _CLOSERS):
        return False
    inside = len(so_far) - opened
    close = min((i for i in map(following.find, _CLOSERS) if i >= 0), default=-1)
    opening = min((i for i in map(following.find, _OPENERS) if i >= 0), default=-1)
    if close >= 0:
        return inside + close <= 60 and (opening == -1 or close < opening)
    return opening == -1 and inside + len(following) <= 60


# characters that end no headline and no paragraph (…人大和|, …的|), and that begin none (|的基础上)
_JOINING_END = "和与及的在对将把为是或并"
_JOINING_START = "的地得了着过们，、。；：）”,;:)"


def _wraps_across_blank(prev: str, width: float, following: str = "", prose_before: bool = False) -> bool:
    """In a double-spaced column a blank follows every line. The blank is a wrap when the
    line before it fills the column, reads as prose (it or the lines of its paragraph before
    it have clause punctuation, full-width or ASCII: headlines rarely do; or the line after
    goes on with the clause: "盟，举办…") and stops
    mid-sentence (on a character, comma or opening quote). Whatever the widths (some pages
    come out with lines of any length), it is a wrap when a quotation left open closes at
    the start of the next line, when the line ends on a joining word (…和) or the next begins
    with one (的…), and when both lines are prose and the first stops mid-sentence."""
    if not following or ends_sentence(prev):
        return False
    if _quote_runs_on(prev, following) or prev[-1] in _JOINING_END or following[0] in _JOINING_START:
        return True
    prose = prose_before or any(c in _CLAUSE_MARKS for c in prev)
    if prose and len(prev) >= 30 and any(c in _CLAUSE_MARKS for c in following) and (prev[-1].isalnum() or prev[-1] in "，、；：,;:"):
        return True  # a prose line that stops mid-sentence, on a page of irregular line lengths
    if len(prev) < 0.88 * width:
        return False
    if not prose and not _CONTINUES.match(following):
        return False
    last = prev[-1]
    return last.isalnum() or last in "，、；：“‘《（,;:("


def _closes_with_byline(line: str) -> bool:
    """The line ends its paragraph with the reporter's name in brackets (……。（某某）): what
    follows is another block, not the rest of this paragraph."""
    return line.endswith((")", "）")) and parse_trailing(line)[0] is not None


def _joined(lines: list[CleanText]) -> str:
    return squeeze_spaces(join_wrapped(lines)).text.strip()


# page furniture that ends a story: 【栏目|标题】责编：某某, 责任编辑：某某, 来源：某某局
_EDITOR_CREDIT = re.compile(r"(?:责任编辑|责编|编辑|校对|审核|美编|来源|稿源|供稿)\s*[:：]\s*\S{1,12}$")

# what a wrapped byline leaves on the next line: more names, the first perhaps the end of a
# name cut in two
_NAMES_LEFT = re.compile(r"^[\u4e00-\u9fff]{1,4}(?:\s+[\u4e00-\u9fff]{2,4}){0,4}$")


def _byline_goes_on(so_far: str, raw: str, raw_next: str) -> bool:
    """A byline (``so_far``: the block up to this line) wrapped in its list of names. The next
    line holds only names, and the wrap says the list goes on: a space the page printed there
    (the line ends with one, or the next begins with one), or a name cut in two (乙 丙|丁 戊:
    the last piece and the next line's first make a name of three characters, or four with a
    two-character surname; two pieces of two are as likely two names whose space was lost). A one-character next line is always
    the rest of a cut name: a one-character line is no headline."""
    following = raw_next.strip()
    if not following or not looks_like_byline(so_far):
        return False
    if len(following) == 1:
        return "\u4e00" <= following <= "\u9fff"
    if not _NAMES_LEFT.match(following):
        return False
    printed_space = raw != raw.rstrip() or raw_next[:1].isspace()
    piece = raw.split()[-1] + following.split()[0]
    cut_name = len(piece) <= 3 or (len(piece) == 4 and piece.startswith(word_list("compound_surnames.txt")))
    return printed_space or cut_name


def to_blocks(ct: CleanText) -> list[Block]:
    """Group the lines of a decoded page into blocks and repair each block's text.

    A blank line ends a paragraph, except in double-spaced columns, where a blank follows
    every wrapped line: there a blank after a full-width line that does not end a sentence
    is a wrap. An indented line after an unindented one starts a paragraph; so does the line
    after a short line that ends a sentence.
    """
    lines = [unspace_letters(ln) for ln in split_lines(fold_script(fold_width(ct)))]
    width = _local_widths(lines)
    groups: list[list[CleanText]] = []
    cur: list[CleanText] = []

    def flush() -> None:
        nonlocal cur, cur_chars, cur_prose
        if cur:
            groups.append(cur)
        cur, cur_chars, cur_prose = [], 0, False

    cur_chars, cur_prose = 0, False  # the block's length, and whether a line of it reads as prose

    prev_text, prev_width, prev_indented, goes_on, so_far = "", 20.0, False, False, ""
    for i, ln in enumerate(lines):
        stripped = ln.text.strip()
        if not stripped:
            following = next((x.text.strip() for x in lines[i + 1 : i + 3] if x.text.strip()), "")
            # in a double-spaced column the blank may stand inside a byline or a bracket too
            runs_on = goes_on or _bracket_runs_on(so_far, following)
            if not (cur and (runs_on or _wraps_across_blank(prev_text, prev_width, following, cur_prose))):
                flush()
            continue
        indented = ln.text[:1] == " "
        if cur and (goes_on or _bracket_runs_on(so_far, stripped)):
            pass  # the names of a byline, or a bracket the block opened, go on here
        elif (indented and not prev_indented) or looks_like_byline(stripped) or stripped[0] in "□■" or parse_lead(stripped)[0] is not None:
            flush()  # a byline, a marker or a news lead (某某网5月3日讯) begins a block
        cur.append(ln)
        cur_chars += len(stripped)
        cur_prose = cur_prose or any(c in _CLAUSE_MARKS for c in stripped)
        # a byline wrapped over lines (通讯员 甲 乙 | 丙; ……。（某 | 某某）) is read joined, as a
        # one-line one is: a short block, or the last lines of one with a bracket in them
        wrapped = len(cur) > 1 and (cur_chars <= 90 or any(b in x.text for x in cur[-2:] for b in _OPENERS))
        so_far = _joined(cur[-4:]) if wrapped else stripped
        raw_next = next((x.text for x in lines[i + 1 : i + 3] if x.text.strip()), "")  # (across a blank)
        goes_on = _byline_goes_on(so_far, ln.text, raw_next)
        if goes_on:
            pass  # the names go on on the next line
        elif (
            looks_like_byline(stripped)
            or (ends_sentence(stripped) and len(stripped) < 0.8 * width[i])
            or _closes_with_byline(stripped)
            or (wrapped and (looks_like_byline(so_far) or _closes_with_byline(so_far)))
        ):
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
