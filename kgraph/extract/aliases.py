"""Aliases the text makes: a short form declared in brackets, 某某医院（以下简称“某院”）, and a
surname with a post for a person named in full in the same article (王立群 … 王书记).

The alias is proposed as a mention of the same type wherever it occurs in the article, and
the document's alias table links it to the full name.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.data import word_list, word_set
from kgraph.extract.candidates import Candidate, Origin, candidates
from kgraph.extract.registry import Rule, neg, ordered, pos, rule
from kgraph.extract.tokens import words

DECLARATION = re.compile(r"[（(]\s*(?:以下|下文)?(?:简称|统称|称)[为:：]?\s*[“\"]?(?P<alias>[^”\"）)，,\s]{2,12})[”\"]?\s*[）)]")


class AliasDeclarations:
    def __init__(self) -> None:
        self.rules = ordered("kgraph_aliases")

    def __call__(self, doc: Doc) -> Doc:
        doc._.aliases = {}  # each rule adds its own
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
    doc._.aliases = {**(doc._.aliases or {}), **aliases}


@rule(
    "alias.surname-title",
    "propose",
    "A surname and a post (王书记, 李院长) stand for the person of that surname the article names in full (王立群), when it names only one: an alias (guidelines R3); never without the full name.",
    [
        pos("县委书记王立群主持会议。会后，王书记来到车间。", "王书记", "PERSON"),
        neg("王书记来到车间。", "王书记", "PERSON"),
        neg("书记王立群、副书记王海涛出席。会后，王书记来到车间。", "王书记", "PERSON"),
    ],
    labels=("PERSON",),
    origin=Origin.ALIAS,
)
def _surname_title(doc: Doc, r: Rule) -> None:
    found = candidates(doc)
    w = words(doc)
    full: dict[str, set[str]] = {}  # surname → the full names the article gives it
    for c in found:
        name = w.text[c.start : c.end]
        if c.label == "PERSON" and c.origin is Origin.MODEL and 2 <= len(name) <= 4 and not surname_and_address(name):
            surname = _surname(name)
            if len(name) > len(surname):
                full.setdefault(surname, set()).add(name)
    if not full:
        return
    word_starts = set(w.starts)
    titles = _address_titles()
    aliases = {}
    for surname, names in full.items():
        if len(names) != 1:
            continue  # 王立群 and 王海涛: 王书记 could be either
        for m in re.finditer(rf"{re.escape(surname)}(?:{titles})", w.text):
            if m.start() in word_starts:
                found.append(Candidate(m.start(), m.end(), "PERSON", r.id, Origin.ALIAS))
                aliases[m.group()] = next(iter(names))
    doc._.aliases = {**(doc._.aliases or {}), **aliases}


def surname_and_address(name: str) -> bool:
    """A surname and a post or a form of address (王书记, 张女士): no name of its own."""
    surname = _surname(name)
    return len(name) > len(surname) and name[len(surname) :] in word_set("address_titles.txt")


def _surname(name: str) -> str:
    """A name's surname: its first two characters when they are a compound surname (欧阳)."""
    return name[:2] if name[:2] in word_set("compound_surnames.txt") else name[:1]


@cache
def _address_titles() -> str:
    return "|".join(re.escape(t) for t in sorted(word_list("address_titles.txt"), key=len, reverse=True))


@Language.factory("kgraph_aliases")
def make_aliases(nlp: Language, name: str) -> AliasDeclarations:
    return AliasDeclarations()
