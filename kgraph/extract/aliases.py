"""Aliases declared in the text: 某某医院（以下简称“某院”）, （简称某院）.

The short form becomes an alias of the name just before the bracket, and every later
occurrence of it in the document is proposed as a mention of the same type.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.candidates import Candidate, Origin, candidates
from kgraph.extract.registry import Rule, neg, ordered, pos, rule
from kgraph.extract.tokens import words

DECLARATION = re.compile(r"[（(]\s*(?:以下|下文)?(?:简称|统称|称)[为:：]?\s*[“\"]?(?P<alias>[^”\"）)，,\s]{2,12})[”\"]?\s*[）)]")


class AliasDeclarations:
    def __init__(self) -> None:
        self.rules = ordered("kgraph_aliases")

    def __call__(self, doc: Doc) -> Doc:
        doc._.aliases = {}
        for r in self.rules:
            r.fn(doc, r)
        return doc


@rule(
    "alias.declared",
    "propose",
    "A short form declared in brackets after a name （以下简称“某某”） is an alias; each later occurrence is a mention of the same type.",
    [
        pos("青松山矿泉水厂（以下简称“青松山矿泉”）今年扩产，青松山矿泉新建了两条产线。", "青松山矿泉", "ORG"),
        neg("他说起青松山矿泉的往事。", "青松山矿泉", "ORG"),
    ],
    labels=("ORG", "PLACE", "PROGRAM", "POLICY"),
    origin=Origin.ALIAS,
)
def _declared_aliases(doc: Doc, r: Rule) -> None:
    found = candidates(doc)
    text = words(doc).text
    aliases: dict[str, str] = {}
    labels: dict[str, str] = {}
    for m in DECLARATION.finditer(text):
        before = [c for c in found if c.end == m.start() and c.label in ("ORG", "PLACE", "PROGRAM", "POLICY")]
        if not before:
            continue
        full = max(before, key=lambda c: (c.end - c.start, c.origin is not Origin.MODEL))
        alias = m.group("alias")
        aliases[alias] = text[full.start : full.end]
        labels[alias] = full.label
    for alias, label in labels.items():
        for m in re.finditer(re.escape(alias), text):
            found.append(Candidate(m.start(), m.end(), label, r.id, Origin.ALIAS))
    doc._.aliases = aliases


@Language.factory("kgraph_aliases")
def make_aliases(nlp: Language, name: str) -> AliasDeclarations:
    return AliasDeclarations()
