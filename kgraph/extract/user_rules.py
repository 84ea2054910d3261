"""A user's rules file wins over the model: extra names, aliases and a stop-list.

YAML (or JSON) shape::

    entities:
      - {name: 某某市卫生健康委员会, type: ORG, aliases: [某某市卫健委, 市卫健委]}
    stop: [智慧, 满意度]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.candidates import Candidate, Decision, Origin, candidates, trace
from kgraph.extract.registry import Rule, neg, ordered, pos, rule
from kgraph.extract.rules_file import RulesFileError, UserRules
from kgraph.extract.tokens import words

__all__ = ["RulesFileError", "UserRuleMatcher", "UserRules"]


class UserRuleMatcher:
    def __init__(self, path: str) -> None:
        self.rules = UserRules.load(path)
        forms = sorted(self.rules.names, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, forms))) if forms else None
        self.steps = ordered("kgraph_user_rules")

    def __call__(self, doc: Doc) -> Doc:
        for r in self.steps:
            r.fn(self, doc, r)
        return doc


@rule(
    "user.stop-list",
    "drop",
    "A name on the rules file's stop-list is dropped, whoever proposed it.",
    [
        pos("邻县的柏林镇举办灯会。", "柏林镇", "PLACE", rules="stop: [柏林镇]\n"),
        neg("邻县的柏林镇举办灯会。", "柏林镇", "PLACE", rules="stop: [灯会]\n"),
    ],
    reason="user_stop_list",
)
def _stop_list(m: UserRuleMatcher, doc: Doc, r: Rule) -> None:
    found = candidates(doc)
    if not m.rules.stop:
        return
    text = words(doc).text
    kept = []
    for c in found:
        if text[c.start : c.end] in m.rules.stop:
            trace(doc).append(Decision(c, "dropped", r.id, r.reason))
        else:
            kept.append(c)
    found[:] = kept


@rule(
    "user.names",
    "propose",
    "Every occurrence of a name or alias in the rules file is proposed with the type it gives; user names win over everything.",
    [
        pos("两位代表出席了青禾论坛。", "青禾论坛", "PROGRAM", rules="entities:\n  - {name: 青禾论坛, type: PROGRAM}\n"),
        neg("两位代表出席了青禾论坛。", "青禾论坛", "PROGRAM", rules="entities:\n  - {name: 白禾论坛, type: PROGRAM}\n"),
    ],
    origin=Origin.USER,
)
def _user_names(m: UserRuleMatcher, doc: Doc, r: Rule) -> None:
    if m.pattern is not None:
        for hit in m.pattern.finditer(words(doc).text):
            candidates(doc).append(Candidate(hit.start(), hit.end(), m.rules.names[hit.group()], r.id, Origin.USER))


@Language.factory("kgraph_user_rules", default_config={"path": ""})
def make_user_rules(nlp: Language, name: str, path: str) -> UserRuleMatcher:
    return UserRuleMatcher(path)
