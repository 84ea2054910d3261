"""Choose the final entities among overlapping candidates and write ``doc.ents``."""

from __future__ import annotations

import re
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.extract.candidates import PRIORITY, Candidate, candidates, word_list

_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


class EntityChooser:
    @cached_property
    def stoplist(self) -> frozenset[str]:
        return frozenset(word_list("stoplist.txt"))

    def keep(self, text: str, c: Candidate) -> bool:
        t = text.strip("“”\"《》 ")
        if len(t) < 2 or t in self.stoplist or not _HAS_CJK.search(t):
            return False
        if c.label == "PERSON" and len(t) > 4 and "·" not in t:
            return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        cands = [c for c in candidates(doc) if self.keep(text[c.start : c.end], c)]
        # user rules first, then longer spans, then the more trusted source
        cands.sort(key=lambda c: (c.source == "user", c.end - c.start, PRIORITY[c.source]), reverse=True)
        taken = bytearray(len(text))
        chosen: list[Candidate] = []
        for c in cands:
            if any(taken[c.start : c.end]):
                continue
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
        _split_tokens_at(doc, {x for c in chosen for x in (c.start, c.end)})
        spans = []
        for c in sorted(chosen, key=lambda c: c.start):
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="strict")
            if span is not None:
                spans.append(span)
        doc.ents = spans
        for span in doc.ents:
            span.id_ = ""
        doc.user_data["entity_sources"] = {(c.start, c.end): c.source for c in chosen}
        return doc


def _split_tokens_at(doc: Doc, boundaries: set[int]) -> None:
    """Split tokens so that every boundary falls between tokens."""
    with doc.retokenize() as retok:
        for token in doc:
            cuts = [b - token.idx for b in boundaries if token.idx < b < token.idx + len(token)]
            if not cuts:
                continue
            cuts = sorted(cuts)
            pieces, last = [], 0
            for cut in [*cuts, len(token)]:
                pieces.append(token.text[last:cut])
                last = cut
            retok.split(token, pieces, heads=[(token, 0)] * len(pieces))


def entity_source(doc: Doc, span: Span) -> str:
    return doc.user_data.get("entity_sources", {}).get((span.start_char, span.end_char), "ner")


@Language.factory("kgraph_entities")
def make_entities(nlp: Language, name: str) -> EntityChooser:
    return EntityChooser()
