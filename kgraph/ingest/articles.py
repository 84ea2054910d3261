"""Blocks → articles: title, byline, body paragraphs and sentences, all with offsets.

Pages come in two conventions: headlines printed before their article, or after it
(the PDF text order of many regional papers). The page's convention is read from its
first block; strong cues (bylines, news leads) split articles, and headline groups next to
those cues become titles. Other headline-like blocks inside an article are section heads
and stay in the body as their own paragraphs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kgraph.ingest.blocks import Block
from kgraph.ingest.bylines import parse_block_byline, parse_lead, parse_trailing
from kgraph.ingest.cleantext import CleanText
from kgraph.ingest.sentences import split_sentences
from kgraph.model import Article, Byline, Sentence


@dataclass
class _Draft:
    heads: list[Block] = field(default_factory=list)
    byline: Byline | None = None
    body: list[CleanText] = field(default_factory=list)

    @property
    def has_body(self) -> bool:
        return any(len(p) >= 20 for p in self.body)


def _is_lead(block: Block) -> bool:
    return block.kind == "body" and parse_lead(block.text.text)[0] is not None


def assemble(blocks: list[Block]) -> list[_Draft]:
    first = next((b for b in blocks if b.kind != "byline"), None)
    titles_after = first is not None and first.kind == "body"
    drafts: list[_Draft] = [_Draft()]
    pending: list[Block] = []  # headline blocks not yet placed

    def cur() -> _Draft:
        return drafts[-1]

    def new() -> _Draft:
        if cur().has_body or cur().heads:
            drafts.append(_Draft())
        return cur()

    def place_pending(strong_cue_follows: bool) -> None:
        """Decide what the headline blocks just seen are: a title or section heads."""
        nonlocal pending
        if not pending:
            return
        if titles_after and cur().has_body and not cur().heads and strong_cue_follows:
            cur().heads = pending
            new()
        elif not titles_after and strong_cue_follows:
            d = new()
            d.heads = pending
        elif not cur().has_body and not cur().heads:
            cur().heads = pending
        else:
            cur().body.extend(b.text for b in pending)
        pending = []

    for k, b in enumerate(blocks):
        if b.kind == "head":
            pending.append(b)
            continue
        if b.kind == "byline":
            byline = parse_block_byline(b.text.text, *b.text.span(0, len(b.text)))
            place_pending(True)
            if cur().byline is None and not (titles_after and cur().has_body and cur().heads):
                cur().byline = byline
            else:
                d = new()
                d.byline = byline
            continue
        # body block
        lead, n = parse_lead(b.text.text)
        if lead is not None:
            place_pending(True)
            if cur().has_body:
                new()
            lead.start, lead.end = b.text.span(0, n)
            if cur().byline is None:
                cur().byline = lead
            text = b.text[n:].strip()
        else:
            place_pending(False)
            text = b.text
        trail, at = parse_trailing(text.text)
        if trail is not None:
            trail.start, trail.end = text.span(at, len(text))
            text = text[:at].strip()
            if cur().byline is None:
                cur().byline = trail
        if text.text:
            cur().body.append(text)
        if trail is not None and k + 1 < len(blocks) and blocks[k + 1].kind == "body":
            new()
    if pending:
        if titles_after and cur().has_body and not cur().heads:
            cur().heads = pending
        else:
            cur().body.extend(b.text for b in pending)
    return [d for d in drafts if d.body]


def build_articles(doc_id: str, blocks: list[Block]) -> list[Article]:
    articles = []
    for i, d in enumerate(assemble(blocks)):
        body = CleanText.join(d.body, sep="\n")
        title = " ".join(h.text.text for h in d.heads)
        sentences = []
        for para_index, para in enumerate(d.body):
            for s in split_sentences(para):
                start, end = s.span(0, len(s))
                sentences.append(Sentence(s.text, start, end, para_index))
        aid = hashlib.sha256(f"{doc_id}:{i}:{body.text[:64]}".encode()).hexdigest()[:16]
        art = Article(
            id=aid,
            doc_id=doc_id,
            index=i,
            title=title,
            body=body.text,
            offsets=body.origin,
            sentences=sentences,
            byline=d.byline,
        )
        if d.heads:
            art.title_start = d.heads[0].text.origin[0]
            art.title_end = d.heads[-1].text.origin[-1] + 1
        articles.append(art)
    return articles
