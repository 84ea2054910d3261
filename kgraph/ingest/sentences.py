"""Sentence splitting that respects Chinese punctuation and closing quotes."""

from __future__ import annotations

import re

from kgraph.ingest.cleantext import CleanText

# A sentence ends at 。！？；!? or an ellipsis, together with any closing quotes or
# brackets that follow; a line break (paragraph end) also ends it.
_END = re.compile(r"(?:[。！？!?；;]+|…{1,2}|\.{3,6})[”’」』）)]*|\n")


def split_sentences(ct: CleanText) -> list[CleanText]:
    out: list[CleanText] = []
    start = 0
    for m in _END.finditer(ct.text):
        piece = ct[start : m.end()].strip()
        if piece.text and piece.text != "\n":
            out.append(piece)
        start = m.end()
    tail = ct[start:].strip()
    if tail.text:
        out.append(tail)
    return out
