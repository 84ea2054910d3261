"""The rule registry: every proposal rule and every trim, split, relabel and drop step, by id,
in the one order the pipeline runs them.

A rule is a small function registered with ``@rule(...)`` next to its code: an id, a
one-line purpose, what it applies to (labels and the origins of the candidates it judges)
and examples written for it (invented names, never seed or evaluation text). ``ORDER``
below is the only place that says when each runs; a rule missing from it, or an id in it
that names no rule, is an error the tests catch.

``KGRAPH_DISABLE_RULES=id,id`` switches rules off (for ``scripts/mutation_check.py`` and for
a user who wants to see what one rule does); the overlap choice is core and cannot be.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from kgraph.extract.candidates import Origin

ALL_LABELS = frozenset(("ORG", "PERSON", "PLACE", "PROGRAM", "POLICY"))
ALL_ORIGINS = frozenset(Origin)
# who may be judged by the general filters: what a model or a rule guessed, not what the user
# or the text itself declared
GUESSED = frozenset((Origin.MODEL, Origin.GAZETTEER, Origin.RULE, Origin.LIST, Origin.FOUNDED))
KINDS = ("propose", "trim", "extend", "split", "relabel", "drop", "choose")


@dataclass(frozen=True)
class Example:
    """``text`` with ``name`` in it. For a proposer: positive = the rule proposes ``name`` as
    ``label`` and the pipeline keeps it as the rule's; negative = it does not, and the name is
    no entity. For a step: positive = the step acts on ``name`` (drops it, or turns it into
    ``after``) and the pipeline shows that; negative = the step leaves it alone."""

    text: str
    name: str
    label: str
    positive: bool = True
    after: str = ""  # trims, extensions, splits: the name after the step
    after_label: str = ""  # relabels and splits: the label after the step
    rules: str = ""  # a user rules file (YAML) the example needs

    @property
    def outcome(self) -> tuple[str, str]:
        return (self.after or self.name, self.after_label or self.label)


def pos(text: str, name: str, label: str, after: str = "", after_label: str = "", rules: str = "") -> Example:
    return Example(text, name, label, True, after, after_label, rules)


def neg(text: str, name: str, label: str, rules: str = "") -> Example:
    return Example(text, name, label, False, rules=rules)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # one of KINDS
    purpose: str
    fn: Callable
    examples: tuple[Example, ...]
    labels: frozenset[str] = ALL_LABELS  # labels it proposes, or judges
    origin: Origin | None = None  # proposers: the origin of what they propose
    applies_to: frozenset[Origin] = ALL_ORIGINS  # steps: origins of the candidates they judge
    reason: str = ""  # steps: the reason code recorded with each change or drop
    core: bool = False  # cannot be switched off

    def judges(self, label: str, origin: Origin) -> bool:
        return label in self.labels and origin in self.applies_to


REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    kind: str,
    purpose: str,
    examples: list[Example] | tuple[Example, ...] = (),
    labels: tuple[str, ...] | frozenset[str] = ALL_LABELS,
    origin: Origin | None = None,
    applies_to: frozenset[Origin] | tuple[Origin, ...] = ALL_ORIGINS,
    reason: str = "",
    core: bool = False,
) -> Callable[[Callable], Callable]:
    """Register the decorated function as rule ``id``."""
    if kind not in KINDS:
        raise ValueError(f"rule {id}: kind must be one of {KINDS}")

    def register(fn: Callable) -> Callable:
        if id in REGISTRY:
            raise ValueError(f"rule {id} registered twice")
        REGISTRY[id] = Rule(id, kind, purpose, fn, tuple(examples), frozenset(labels), origin, frozenset(applies_to), reason or id, core)
        return fn

    return register


# The order the pipeline runs them, by component. Proposers that read earlier candidates
# (composed names start at tagged places; attached units continue found bodies) come after
# the rules they read.
ORDER: dict[str, tuple[str, ...]] = {
    "kgraph_crf_ner": ("ner.crf",),
    "kgraph_gazetteer": (
        "place.gazetteer",
        "place.world",
        "place.county-after-cue",
        "place.county-named-in-full",
        "place.county-in-list",
        "place.province-initials",
        "org.national-body",
        "org.level-body",
    ),
    "kgraph_rules": (
        "policy.book-title",
        "program.book-title",
        "program.edition",
        "program.superlative-title",
        "program.session",
        "program.numbered-day",
        "program.numbered-method",
        "program.national-strategy",
        "program.quoted",
        "program.conferred-title",
        "program.strategy",
        "program.national-designation",
        "program.designation",
        "program.coined",
        "org.news-site",
        "program.counted-honour",
        "person.after-title",
        "person.unknown-after-title",
        "org.composed",
        "org.founded",
        "org.bracketed-place",
        "org.stationed-office",
        "org.bank-branch",
        "org.numbered-school",
        "org.place-numbered-school",
        "org.company-name",
        "org.attached-unit",
        "place.composed",
        "program.composed",
        "list.items",
        "person.roster",
    ),
    "kgraph_user_rules": ("user.stop-list", "user.names"),
    "kgraph_aliases": ("alias.declared", "alias.surname-title"),
    "kgraph_entities": (
        "split.joined-orgs",
        "split.level-bodies",
        "trim.leading-preposition",
        "trim.leading-verb-or-count",
        "trim.person-conjunction",
        "trim.org-run-on",
        "trim.organizing-verb",
        "trim.quote-after-body",
        "extend.bracketed-place",
        "relabel.family-village",
        "extend.village-prefix",
        "extend.joined-field",
        "trim.repeated-tail",
        "trim.division-count",
        "trim.title-tail",
        "trim.title-ending",
        "relabel.designated-place",
        "trim.class-under-body",
        "relabel.level-designation",
        "relabel.honour",
        "relabel.station",
        "relabel.marked-designation",
        "drop.not-a-word",
        "drop.stop-list",
        "drop.clause",
        "drop.generic-org",
        "drop.kind-not-name",
        "drop.department",
        "drop.list-field",
        "drop.place-plus-generic",
        "drop.not-one-body",
        "drop.unit-not-person",
        "drop.long-person",
        "drop.four-char-person",
        "drop.half-bracket",
        "drop.abstract-person",
        "drop.quoted-person",
        "drop.surname-address",
        "drop.region-kind",
        "drop.unknown-place",
        "drop.pronoun-org",
        "drop.two-char-org",
        "drop.three-char-head-word",
        "drop.half-quote",
        "drop.verb-phrase-org",
        "drop.quantity-org",
        "choose.overlap",
    ),
    "document": ("drop.stem-of-longer-name", "drop.kind-of-named-bodies"),
}


@dataclass
class Switches:
    """Which rules are off (from KGRAPH_DISABLE_RULES, read when a pipeline is built)."""

    off: frozenset[str] = field(default_factory=frozenset)

    @staticmethod
    def from_env() -> Switches:
        ids = frozenset(x.strip() for x in os.environ.get("KGRAPH_DISABLE_RULES", "").split(",") if x.strip())
        unknown = sorted(ids - set(all_ids()))
        if unknown:
            raise ValueError(f"KGRAPH_DISABLE_RULES names no rule: {', '.join(unknown)}")
        core = sorted(i for i in ids if REGISTRY[i].core)
        if core:
            raise ValueError(f"KGRAPH_DISABLE_RULES: {', '.join(core)} cannot be switched off")
        return Switches(ids)


def all_ids() -> list[str]:
    return [i for ids in ORDER.values() for i in ids]


def ordered(component: str, switches: Switches | None = None) -> list[Rule]:
    """The rules a component runs, in the declared order, without the switched-off ones."""
    _load_all()
    switches = switches or Switches.from_env()
    missing = [i for i in ORDER[component] if i not in REGISTRY]
    if missing:
        raise KeyError(f"ORDER names rules that are not registered: {', '.join(missing)}")
    return [REGISTRY[i] for i in ORDER[component] if i not in switches.off]


def _load_all() -> None:
    """Import every module that registers rules (they register on import)."""
    from kgraph.extract import aliases, document, entities, gazetteer, rules, user_rules  # noqa: F401
    from kgraph.extract.ner import crf_component  # noqa: F401


def registered() -> dict[str, Rule]:
    _load_all()
    return REGISTRY


def order_table() -> str:
    """The declared order as the README's Markdown table."""
    rows = ["| component | rules, in order |", "|---|---|"]
    rows += [f"| `{comp}` | " + " → ".join(f"`{i}`" for i in ids) + " |" for comp, ids in ORDER.items()]
    return "\n".join(rows)
