"""The user's rules file: extra names with their types and aliases, and a stop-list.

YAML (or JSON) shape::

    entities:
      - {name: 某某市卫生健康委员会, type: ORG, aliases: [某某市卫健委, 市卫健委]}
    stop: [智慧, 满意度]

Read and checked once, before any extraction: a mistake is one error naming the line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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
        """Read and check a rules file; RulesFileError names the file and the line."""
        rules = UserRules()
        if not path:
            return rules
        p = Path(path)
        try:
            raw = p.read_text(encoding="utf-8")
        except OSError as e:
            raise RulesFileError(f"{p}: cannot read rules file ({e.strerror or e})") from e
        lines: dict[int, int] = {}  # entities[k] → its line in the file
        try:
            if p.suffix == ".json":
                data = json.loads(raw)
            else:
                data = yaml.safe_load(raw)
                lines = _entity_lines(raw)
        except json.JSONDecodeError as e:
            raise RulesFileError(f"{p}, line {e.lineno}: not valid JSON ({e.msg})") from e
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f", line {mark.line + 1}" if mark is not None else ""
            raise RulesFileError(f"{p}{where}: not valid YAML ({getattr(e, 'problem', None) or e})") from e
        data = data or {}
        if not isinstance(data, dict) or set(data) - {"entities", "stop"}:
            extra = ", ".join(sorted(set(data) - {"entities", "stop"})) if isinstance(data, dict) else type(data).__name__
            raise RulesFileError(f"{p}: a rules file has `entities:` and `stop:` only (found: {extra})")
        for k, ent in enumerate(data.get("entities") or []):
            where = f", line {lines[k]}" if k in lines else f", entities[{k}]"
            if not isinstance(ent, dict) or "name" not in ent:
                raise RulesFileError(f"{p}{where}: an entity needs a name, e.g. {{name: 某某公司, type: ORG}}")
            if ent.get("type") not in ENTITY_TYPES:
                raise RulesFileError(f"{p}{where}: type {ent.get('type')!r} of {ent['name']} is not one of {', '.join(ENTITY_TYPES)}")
            aliases = ent.get("aliases") or []
            if not isinstance(aliases, list):
                raise RulesFileError(f"{p}{where}: aliases of {ent['name']} must be a list, e.g. [某某, 某某某]")
            for form in [ent["name"], *aliases]:
                rules.names[str(form)] = ent["type"]
                rules.canonical[str(form)] = str(ent["name"])
        stop = data.get("stop") or []
        if not isinstance(stop, list):
            raise RulesFileError(f"{p}: stop must be a list of names, e.g. stop: [智慧, 满意度]")
        rules.stop = {str(s) for s in stop}
        return rules


def _entity_lines(raw: str) -> dict[int, int]:
    """The 1-based line of each item of the YAML file's `entities` list."""
    try:
        node = yaml.compose(raw)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    for key, value in node.value:
        if key.value == "entities" and isinstance(value, yaml.SequenceNode):
            return {k: item.start_mark.line + 1 for k, item in enumerate(value.value)}
    return {}
