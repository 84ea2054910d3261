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
        data, lines = _read(p)
        if not isinstance(data, dict) or set(data) - {"entities", "stop"}:
            extra = (
                ", ".join(map(str, sorted(set(data) - {"entities", "stop"}, key=str))) if isinstance(data, dict) else type(data).__name__
            )
            raise RulesFileError(f"{p}: a rules file has `entities:` and `stop:` only (found: {extra})")
        entities = data.get("entities") or []
        if not isinstance(entities, list):
            raise RulesFileError(f"{p}: entities must be a list, e.g. entities: [{{name: 某某公司, type: ORG}}]")
        first_seen: dict[str, tuple[str, str]] = {}  # form → (type, where)
        for k, ent in enumerate(entities):
            where = f", line {lines[k]}" if k in lines else f", entities[{k}]"
            if not isinstance(ent, dict) or "name" not in ent:
                raise RulesFileError(f"{p}{where}: an entity needs a name, e.g. {{name: 某某公司, type: ORG}}")
            unknown = sorted(map(str, set(ent) - ENTITY_KEYS))
            if unknown:
                raise RulesFileError(f"{p}{where}: unknown key {', '.join(unknown)} (an entity has name, type, aliases)")
            name = _text(ent["name"], p, where, "the name")
            if ent.get("type") not in ENTITY_TYPES:
                raise RulesFileError(f"{p}{where}: type {ent.get('type')!r} of {name} is not one of {', '.join(ENTITY_TYPES)}")
            aliases = ent.get("aliases") or []
            if not isinstance(aliases, list):
                raise RulesFileError(f"{p}{where}: aliases of {name} must be a list, e.g. [某某, 某某某]")
            for form in [name, *(_text(a, p, where, f"an alias of {name}") for a in aliases)]:
                seen = first_seen.setdefault(form, (ent["type"], where))
                if seen[0] != ent["type"]:
                    raise RulesFileError(f"{p}{where}: {form} is {ent['type']} here but {seen[0]} at{seen[1].lstrip(',')}")
                rules.names[form] = ent["type"]
                rules.canonical[form] = name
        stop = data.get("stop") or []
        if not isinstance(stop, list):
            raise RulesFileError(f"{p}: stop must be a list of names, e.g. stop: [智慧, 满意度]")
        rules.stop = {_text(x, p, "", "a stop-list entry") for x in stop}
        return rules


ENTITY_KEYS = {"name", "type", "aliases"}
MAX_BYTES = 10 * 2**20  # far more names than anyone types; a limit, so a stray big file is refused fast


def _read(p: Path) -> tuple[object, dict[int, int]]:
    """The parsed file and the line of each entity; anchors and aliases are refused (a few
    hundred bytes of them expand to gigabytes), as are files over the size limit."""
    try:
        if not p.is_file():
            raise RulesFileError(f"{p}: not a file")
        if p.stat().st_size > MAX_BYTES:
            raise RulesFileError(f"{p}: over the {MAX_BYTES // 2**20} MB limit for a rules file")
        raw = p.read_bytes().decode("utf-8")
    except OSError as e:
        raise RulesFileError(f"{p}: cannot read rules file ({e.strerror or e})") from e
    except UnicodeDecodeError as e:
        line = e.object[: e.start].count(b"\n") + 1
        raise RulesFileError(f"{p}, line {line}: not UTF-8 text (save the rules file as UTF-8)") from e
    try:
        if p.suffix.lower() == ".json":
            return json.loads(raw), {}
        for event in yaml.parse(raw, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise RulesFileError(f"{p}, line {mark.line + 1}: anchors and aliases (&name, *name) are not allowed in a rules file")
        return yaml.safe_load(raw), _entity_lines(raw)
    except json.JSONDecodeError as e:
        raise RulesFileError(f"{p}, line {e.lineno}: not valid JSON ({e.msg})") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise RulesFileError(f"{p}{where}: not valid YAML ({getattr(e, 'problem', None) or e})") from e
    except RecursionError as e:
        raise RulesFileError(f"{p}: nested too deeply to be a rules file") from e


def _text(value: object, p: Path, where: str, what: str) -> str:
    """A name as text: strings and numbers are names; a list, a map or an empty string is not."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RulesFileError(f"{p}{where}: {what} must be text, not {type(value).__name__}")
    text = str(value).strip()
    if not text or "\n" in text or len(text) > 200:
        raise RulesFileError(f"{p}{where}: {what} must be one line of text, 1 to 200 characters")
    return text


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
