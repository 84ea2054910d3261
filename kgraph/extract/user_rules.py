"""A user's rules file wins over the model: extra names, aliases and a stop-list.

YAML (or JSON) shape::

    entities:
      - {name: 某某市卫生健康委员会, type: ORG, aliases: [某某市卫健委, 市卫健委]}
    stop: [智慧, 满意度]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.candidates import Candidate, candidates
from kgraph.extract.tokens import words
from kgraph.model import ENTITY_TYPES


class RulesFileError(ValueError):
    pass


@dataclass
class UserRules:
    names: dict[str, str] = field(default_factory=dict)  # surface form -> type
    canonical: dict[str, str] = field(default_factory=dict)  # surface form -> canonical name
    stop: set[str] = field(default_factory=set)

    @staticmethod
    def load(path: str | Path | None) -> UserRules:
        rules = UserRules()
        if not path:
            return rules
        p = Path(path)
        try:
            raw = p.read_text(encoding="utf-8")
            data = json.loads(raw) if p.suffix == ".json" else yaml.safe_load(raw)
        except (OSError, yaml.YAMLError, json.JSONDecodeError) as e:
            raise RulesFileError(f"{p}: cannot read rules file ({e})") from e
        data = data or {}
        for k, ent in enumerate(data.get("entities") or []):
            if not isinstance(ent, dict) or "name" not in ent or ent.get("type") not in ENTITY_TYPES:
                raise RulesFileError(f"{p}: entities[{k}] needs a name and a type among {', '.join(ENTITY_TYPES)}")
            for form in [ent["name"], *(ent.get("aliases") or [])]:
                rules.names[str(form)] = ent["type"]
                rules.canonical[str(form)] = str(ent["name"])
        rules.stop = {str(s) for s in data.get("stop") or []}
        return rules


class UserRuleMatcher:
    def __init__(self, path: str) -> None:
        self.rules = UserRules.load(path)
        forms = sorted(self.rules.names, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, forms))) if forms else None

    def __call__(self, doc: Doc) -> Doc:
        found = candidates(doc)
        if self.rules.stop:
            found[:] = [c for c in found if words(doc).text[c.start : c.end] not in self.rules.stop]
        if self.pattern is not None:
            for m in self.pattern.finditer(words(doc).text):
                found.append(Candidate(m.start(), m.end(), self.rules.names[m.group()], "user"))
        return doc


@Language.factory("kgraph_user_rules", default_config={"path": ""})
def make_user_rules(nlp: Language, name: str, path: str) -> UserRuleMatcher:
    return UserRuleMatcher(path)
