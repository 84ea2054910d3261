"""Aliases declared in the text: 某某医院（以下简称“某院”）, （简称某院）.

The short form becomes an alias of the name just before the bracket, and every later
occurrence of it in the document is proposed as a mention of the same type.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.candidates import Candidate, candidates
from kgraph.extract.tokens import words

DECLARATION = re.compile(r"[（(]\s*(?:以下|下文)?(?:简称|统称|称)[为:：]?\s*[“\"]?(?P<alias>[^”\"）)，,\s]{2,12})[”\"]?\s*[）)]")


class AliasDeclarations:
    def __call__(self, doc: Doc) -> Doc:
        found = candidates(doc)
        aliases: dict[str, str] = {}
        labels: dict[str, str] = {}
        for m in DECLARATION.finditer(words(doc).text):
            before = [c for c in found if c.end == m.start() and c.label in ("ORG", "PLACE", "PROGRAM", "POLICY")]
            if not before:
                continue
            full = max(before, key=lambda c: (c.end - c.start, c.source != "ner"))
            alias = m.group("alias")
            aliases[alias] = words(doc).text[full.start : full.end]
            labels[alias] = full.label
        for alias, label in labels.items():
            for m in re.finditer(re.escape(alias), words(doc).text):
                found.append(Candidate(m.start(), m.end(), label, "alias"))
        doc._.aliases = aliases
        return doc


@Language.factory("kgraph_aliases")
def make_aliases(nlp: Language, name: str) -> AliasDeclarations:
    return AliasDeclarations()
