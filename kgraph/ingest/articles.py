"""Blocks → articles: title, byline, body paragraphs and sentences, all with offsets.

Pages come in two conventions, read from the page's first block: headlines printed before
their article, or after it (the PDF text order of many regional papers).

Strong cues end an article: a byline block, a news lead (本报某地讯), a bracketed byline at
the end of a paragraph, a column label (■ + words). A headline run (consecutive headline
blocks) is a title when a strong cue follows it (photo captions in between do not count),
when it ends the page, when a bracketed byline precedes it, or, for headlines printed after
the body, when its words belong to the text before it more than to the text after it;
otherwise it is a section head and stays in the body. Titles printed after the body are then
matched to the untitled articles before them by shared words (see titles.py): a stacked run
is split among several articles, and an article that holds two topics is split where the
second begins.
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field

from kgraph.ingest.blocks import Block
from kgraph.ingest.bylines import parse_block_byline, parse_lead, parse_trailing
from kgraph.ingest.cleantext import CleanText
from kgraph.ingest.repair import SENTENCE_END
from kgraph.ingest.sentences import split_sentences
from kgraph.ingest.titles import best_partition, change_point, coverage, similarity
from kgraph.model import Article, Byline, Sentence

# in pages that print titles after their articles: below this bigram cosine between the
# article so far and the next section, the headline run between them ends an article
# (measured on such pages: new articles 0.00-0.06, sections of one article 0.09 and up; in a
# page printing titles first, sections of one feature went as low as 0.046, so the test is
# not used there)
_NEW_TOPIC = 0.07
_MIN_TEXT = 150
# taking a second title splits an article in two: only for a title that clearly belongs there
_SPLIT_COST = 0.15
_SPLIT_FLOOR = 0.6


@dataclass
class _Draft:
    heads: list[CleanText] = field(default_factory=list)
    byline: Byline | None = None
    body: list[CleanText] = field(default_factory=list)
    closed_by_byline: bool = False
    byline_block: bool = False  # the byline is a block of its own (本报记者 某某), not a lead

    @property
    def has_body(self) -> bool:
        return any(len(p) >= 20 for p in self.body)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.body)

    def tail(self, chars: int = 400) -> str:
        """The last paragraphs, at least ``chars`` long: the context a new headline follows."""
        out: list[str] = []
        for p in reversed(self.body):
            out.insert(0, p.text)
            if sum(map(len, out)) >= chars:
                break
        return "".join(out)


@dataclass
class _TitleGroup:
    lines: list[CleanText]
    byline: Byline | None
    closes: _Draft  # the draft that was open when the run was printed
    opens: _Draft | None = None  # the draft begun after it


def _is_caption(b: Block) -> bool:
    t = b.text.text
    return b.kind == "body" and b.lines <= 2 and len(t) <= 70 and not any(c in t for c in SENTENCE_END)


def _merge_bylines(first: Byline, more: Byline) -> None:
    """Two byline lines of one article read as one byline."""
    first.text = f"{first.text} {more.text}"
    first.people += [p for p in more.people if p not in first.people]
    first.outlet += more.outlet
    first.end = max(first.end, more.end)
    if not first.org and more.org:
        first.org, first.title, first.members = more.org, more.title, more.members
    elif first.org and first.members is None:
        first.members = [p for p in first.people if p not in more.people]


def _unnamed(byline: Byline | None) -> bool:
    """No byline yet, or one that names nobody (本报讯, 新华社北京5月3日电)."""
    return byline is None or not byline.people


def _byline_of(b: Block) -> Byline | None:
    return parse_block_byline(b.text.text, *b.text.span(0, len(b.text)))


class _Assembler:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        first = next((b for b in blocks if b.kind != "byline"), None)
        self.titles_after = first is not None and first.kind == "body"
        self.drafts: list[_Draft] = [_Draft()]
        self.groups: list[_TitleGroup] = []

    @property
    def cur(self) -> _Draft:
        return self.drafts[-1]

    def close(self) -> _Draft:
        if self.cur.has_body or self.cur.heads:
            self.drafts.append(_Draft())
        return self.cur

    def next_section(self, start: int) -> str:
        """Body text after a headline run, up to the next headline or byline."""
        out = []
        for b in self.blocks[start:]:
            if b.kind != "body":
                if out:
                    break
                continue
            out.append(b.text.text)
        return "".join(out)

    def run(self) -> list[_Draft]:
        blocks, i = self.blocks, 0
        while i < len(blocks):
            b = blocks[i]
            if b.kind == "head":
                i = self.headline_run(i)
            elif b.kind == "byline":
                byline = _byline_of(b)
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                if byline is None or not byline.people:  # a column label: a boundary only
                    self.close()
                elif self.cur.byline is not None and self.cur.byline_block and not self.cur.has_body and blocks[i - 1].kind == "byline":
                    _merge_bylines(self.cur.byline, byline)  # 本报记者 某某 / 通讯员 某某 on two lines
                elif self.cur.has_body and _unnamed(self.cur.byline) and (nxt is None or nxt.kind == "head"):
                    self._closing_byline(byline)  # a byline that closes its article
                else:
                    draft = self.cur if self.cur.byline is None and not self.cur.has_body else self.close()
                    draft.byline, draft.byline_block = byline, True
                i += 1
            else:
                self.body_block(b)
                i += 1
        if self.titles_after:
            self.assign_titles()
        drafts = _keep_orphan_lines(self.drafts)
        return drafts if self.titles_after else _headed_at_the_end(drafts)

    def body_block(self, b: Block) -> None:
        lead, n = parse_lead(b.text.text)
        text = b.text
        if lead is not None:
            if self.cur.has_body:
                self.close()
            lead.start, lead.end = b.text.span(0, n)
            if self.cur.byline is None:
                self.cur.byline = lead
            text = b.text[n:].strip()
        trail, at = parse_trailing(text.text)
        if trail is not None:
            trail.start, trail.end = text.span(at, len(text))
            text = text[:at].strip()
        if text.text:
            self.cur.body.append(text)
        if trail is not None and _unnamed(self.cur.byline):
            self._closing_byline(trail)

    def _closing_byline(self, byline: Byline) -> None:
        """The reporters named at the end of an article join what its lead said (本报讯, a
        dateline with no names), so neither is lost."""
        if self.cur.byline is None:
            self.cur.byline = byline
        else:
            _merge_bylines(self.cur.byline, byline)
        self.cur.closed_by_byline = True

    def _topic_changes(self, j: int) -> bool:
        """Do the text before a headline run and the text after it talk about different things?"""
        before, after = self.cur.tail(), self.next_section(j)
        return len(before) >= _MIN_TEXT and len(after) >= _MIN_TEXT and similarity(before, after) < _NEW_TOPIC

    def headline_run(self, i: int) -> int:
        blocks = self.blocks
        j = i
        while j < len(blocks) and blocks[j].kind == "head":
            j += 1
        run = [b.text for b in blocks[i:j]]
        k = j
        while k < len(blocks) and _is_caption(blocks[k]):
            k += 1
        nxt = blocks[k] if k < len(blocks) else None
        cue_after = nxt is None or nxt.kind == "byline" or parse_lead(nxt.text.text)[0] is not None
        if not self.titles_after:
            # no topic test here: sections of one feature can share few words (measured 0.046)
            if cue_after or self.cur.closed_by_byline or (not self.cur.has_body and not self.cur.heads):
                self.close().heads = run
            else:
                self.cur.body.extend(run)
            return j
        is_title = cue_after or self.cur.closed_by_byline or (self.cur.has_body and self._topic_changes(j))
        if not is_title or (not self.cur.has_body and not any(d.has_body for d in self.drafts)):
            self.cur.body.extend(run)
            return j
        byline = None
        if j == k and nxt is not None and nxt.kind == "byline":
            byline = _byline_of(nxt)
            if byline is not None and byline.people:
                k += 1  # the byline printed with the title belongs to it
            else:
                byline = None
        group = _TitleGroup(run, byline, self.cur)
        self.groups.append(group)
        self.cur.body.extend(blocks[x].text for x in range(j, k) if _is_caption(blocks[x]))
        group.opens = self.close()
        return k

    def assign_titles(self) -> None:
        for g in self.groups:
            upto = self.drafts.index(g.closes) + 1
            window = [d for d in self.drafts[:upto] if d.has_body][-3:]
            if not window:
                g.closes.body.extend(g.lines)  # no article to title: the lines stay as text
                continue
            lines = [x.text for x in g.lines]
            costs = [_SPLIT_COST if d.heads else 0.0 for d in window]
            floors = [_SPLIT_FLOOR if d.heads else 0.0 for d in window]
            parts = best_partition(lines, [d.text for d in window], costs=costs, floors=floors)
            for n, (a, b, k) in enumerate(parts):
                target = window[k]
                heads = g.lines[a:b]
                if target.heads:
                    split = self.split(target, heads)
                    if split is None:
                        target.body.extend(heads)  # not a title after all: a section head, kept as text
                        continue
                    target = split
                target.heads = heads
                if n == len(parts) - 1 and g.byline is not None and target.byline is None:
                    target.byline, g.byline = g.byline, None
            # a byline after a title whose article has its own opens the next article
            if g.byline is not None and g.opens is not None and g.opens.byline is None:
                g.opens.byline = g.byline

    def split(self, draft: _Draft, new_heads: list[CleanText]) -> _Draft | None:
        """The draft holds two articles; carve out the one the new title names."""
        if len(draft.body) < 2:
            return None
        new_title = " ".join(h.text for h in new_heads)
        old_title = " ".join(h.text for h in draft.heads)
        paras = [p.text for p in draft.body]
        at_new_first = change_point(paras, new_title, old_title)
        at_old_first = change_point(paras, old_title, new_title)
        score_new_first = coverage(new_title, "".join(paras[:at_new_first])) + coverage(old_title, "".join(paras[at_new_first:]))
        score_old_first = coverage(old_title, "".join(paras[:at_old_first])) + coverage(new_title, "".join(paras[at_old_first:]))
        carved = _Draft()
        idx = self.drafts.index(draft)
        if score_new_first >= score_old_first:
            carved.body, draft.body = draft.body[:at_new_first], draft.body[at_new_first:]
            if draft.byline is not None and draft.byline.start < carved.body[-1].origin[-1]:
                carved.byline, draft.byline = draft.byline, None
            self.drafts.insert(idx, carved)
        else:
            draft.body, carved.body = draft.body[:at_old_first], draft.body[at_old_first:]
            self.drafts.insert(idx + 1, carved)
        return carved


def _keep_orphan_lines(drafts: list[_Draft]) -> list[_Draft]:
    """The drafts with text. Short lines that no text followed (page furniture such as
    本文来源：某某 after the last article, read as a headline) are not dropped: they join the
    article before them as paragraphs (or the first article, when none is before). A file
    of such lines only (one line without an end mark, a list of names) is one article of
    them: its text is read, not lost."""
    out: list[_Draft] = []
    waiting: list[CleanText] = []
    for d in drafts:
        if d.body:
            d.body[:0] = waiting
            waiting = []
            out.append(d)
        elif out:
            out[-1].body.extend(d.heads)
        else:
            waiting.extend(d.heads)
    if waiting:
        out.append(_Draft(body=waiting))
    return out


def _headed_at_the_end(drafts: list[_Draft]) -> list[_Draft]:
    """A feature page whose title block came out last: one long text without a byline, then
    a title with its own byline block and a single lead paragraph (the PDF order put the
    title, byline and lead of the page after its sections). The page is one article under
    that title; its first headline was a section head."""
    if len(drafts) != 2:
        return drafts
    text, head = drafts
    lead = [p for p in head.body if len(p) >= 20]
    if (
        text.byline is not None
        or len(text.body) < 3
        or not head.heads
        or not head.byline_block
        or len(lead) != 1
        or sum(len(p) for p in head.body) > 600
    ):
        return drafts
    merged = _Draft(heads=head.heads, byline=head.byline, byline_block=True)
    merged.body = [*text.heads, *text.body, *head.body]
    return [merged]


def assemble(blocks: list[Block]) -> list[_Draft]:
    return _Assembler(blocks).run()


def make_article(doc_id: str, index: int, heads: list[CleanText], body_parts: list[CleanText], byline: Byline | None) -> Article:
    """An Article from its title lines, body paragraphs and byline (text with offsets)."""
    body = CleanText.join(body_parts, sep="\n")
    sentences = []
    for para_index, para in enumerate(body_parts):
        for s in split_sentences(para):
            start, end = s.span(0, len(s))
            sentences.append(Sentence(s.text, start, end, para_index))
    aid = hashlib.sha256(f"{doc_id}:{index}:{body.text[:64]}".encode()).hexdigest()[:16]
    art = Article(
        id=aid,
        doc_id=doc_id,
        index=index,
        title=" ".join(h.text for h in heads),
        body=body.text,
        offsets=array("l", body.origin),  # 8 bytes a character, not a Python int object each
        sentences=sentences,
        byline=byline,
    )
    if heads:
        art.title_start = heads[0].origin[0]
        art.title_end = heads[-1].origin[-1] + 1
    return art


def build_articles(doc_id: str, blocks: list[Block]) -> list[Article]:
    return [make_article(doc_id, i, d.heads, d.body, d.byline) for i, d in enumerate(assemble(blocks))]


PIECE_CHARS = 20_000  # no news article is this long; a text dump with no structure can be


def split_long_articles(articles: list[Article], limit: int = PIECE_CHARS) -> list[Article]:
    """Articles longer than ``limit`` cut into pieces at paragraph (else sentence) ends, so
    that a whole book in one file is read piece by piece, in bounded memory and time; every
    piece keeps the title, offsets into the original and the sentences it holds."""
    out: list[Article] = []
    for a in articles:
        if len(a.body) <= limit:
            out.append(a)
            continue
        for k, (s, e) in enumerate(_cuts(a.body, limit)):
            lo, hi = a.offsets[s], a.offsets[e - 1] + 1
            out.append(
                Article(
                    id=hashlib.sha256(f"{a.id}:{k}".encode()).hexdigest()[:16],
                    doc_id=a.doc_id,
                    index=0,
                    title=a.title,
                    body=a.body[s:e],
                    offsets=a.offsets[s:e],
                    sentences=[x for x in a.sentences if lo <= x.start < hi],
                    byline=a.byline if k == 0 else None,
                    title_start=a.title_start,
                    title_end=a.title_end,
                )
            )
    for i, a in enumerate(out):
        a.index = i
    return out


def _cuts(body: str, limit: int) -> list[tuple[int, int]]:
    cuts, s = [], 0
    while len(body) - s > limit:
        window = body[s + limit // 2 : s + limit]
        at = window.rfind("\n")
        if at < 0:
            at = max(window.rfind(c) for c in "。！？!?；;")
        e = s + limit // 2 + at + 1 if at >= 0 else s + limit
        cuts.append((s, e))
        s = e
    cuts.append((s, len(body)))
    return cuts
