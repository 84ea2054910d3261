"""Why a name was found, changed or dropped: the trace of every candidate, in reading order.

``explain_doc`` turns a processed Doc's trace into one record per candidate: its span and
type as proposed, the rule or model that proposed it, every step that changed it (with the
reason code) and the final decision. ``apply_rule`` runs one rule alone on a text, which is
how each rule's own examples are tested.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.candidates import Candidate, Decision, Origin, candidates, trace
from kgraph.extract.registry import Rule, registered


@dataclass
class Step:
    rule: str
    action: str  # trim | extend | split | relabel | drop | overlap
    reason: str
    before: str  # "name/LABEL" before the step
    after: str  # "name/LABEL" after it ("" for a drop)


@dataclass
class Explanation:
    """One candidate's life: proposed, changed, and kept or not."""

    name: str  # as proposed
    label: str
    start: int
    end: int
    proposer: str
    purpose: str  # the proposer's one-line purpose
    steps: list[Step] = field(default_factory=list)
    decision: str = ""  # kept | dropped | overlapped
    final: str = ""  # the final name/LABEL when kept
    offset: int = 0  # added to start/end for file offsets
    kept: tuple[int, int, str] | None = None  # the kept entity's span and label (Doc offsets)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "label": self.label,
            "start": self.start + self.offset,
            "end": self.end + self.offset,
            "proposer": self.proposer,
            "purpose": self.purpose,
            "steps": [s.__dict__ for s in self.steps],
            "decision": self.decision,
            "final": self.final,
        }


def _shown(text: str, start: int, end: int, label: str) -> str:
    return f"{text[start:end]}/{label}"


def explain_decision(text: str, d: Decision) -> Explanation:
    c = d.candidate
    first = c.history[0].before if c.history else (c.start, c.end, c.label)
    rules = registered()
    proposer = rules.get(c.proposer)
    e = Explanation(text[first[0] : first[1]], first[2], first[0], first[1], c.proposer, proposer.purpose if proposer else "")
    states = [ch.before for ch in c.history] + [(c.start, c.end, c.label)]
    for ch, after in zip(c.history, states[1:], strict=True):
        e.steps.append(Step(ch.step, ch.action, ch.reason, _shown(text, *ch.before), _shown(text, *after)))
    now = _shown(text, c.start, c.end, c.label)
    if d.outcome == "dropped":
        e.steps.append(Step(d.step, "drop", d.reason, now, ""))
    elif d.outcome == "overlapped" and d.winner is not None:
        w = d.winner
        e.steps.append(Step(d.step, "overlap", f"{d.reason}: {_shown(text, w.start, w.end, w.label)} by {w.proposer}", now, ""))
    else:
        e.final, e.kept = now, (c.start, c.end, c.label)
    e.decision = d.outcome
    return e


def explain_doc(doc: Doc) -> list[Explanation]:
    """Every candidate of a processed Doc, in reading order (then longest first)."""
    text = doc.text
    out = [explain_decision(text, d) for d in trace(doc)]
    return sorted(out, key=lambda e: (e.start, -(e.end - e.start), e.proposer))


def _doc_before(nlp: Language, text: str, component: str) -> Doc:
    """The Doc as the pipeline leaves it just before ``component`` runs."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == component:
            break
        doc = proc(doc)
    return doc


class RuleSwitchedOff(RuntimeError):
    """The rule asked for is not in the pipeline's active rules."""


def component_of(rule_id: str) -> str:
    from kgraph.extract.registry import ORDER

    return next(comp for comp, ids in ORDER.items() if rule_id in ids)


def apply_rule(nlp: Language, rule: Rule, text: str, name: str, label: str) -> list[tuple[str, str]] | bool:
    """Run one rule of the active pipeline alone on ``text`` (RuleSwitchedOff when it is
    switched off). A proposer: the (name, label) pairs it proposes. A
    change step: the (name, label) pairs the candidate ``name``/``label`` becomes. A drop: True
    when it drops that candidate. The candidate gets the first origin the rule judges."""
    from kgraph.extract.entities import context
    from kgraph.extract.registry import ordered

    component = component_of(rule.id)
    if rule.id not in {r.id for r in ordered(component)}:
        raise RuleSwitchedOff(f"{rule.id} is switched off (KGRAPH_DISABLE_RULES)")
    if rule.kind == "propose":
        doc = _doc_before(nlp, text, component)
        before = len(candidates(doc))
        if component == "kgraph_rules":
            pipe = nlp.get_pipe("kgraph_rules")
            for earlier in pipe.rules[: [r.id for r in pipe.rules].index(rule.id)]:  # what it reads
                candidates(doc).extend(Candidate(s, e, lab, earlier.id, earlier.origin) for s, e, lab in earlier.fn(pipe, doc))
            out = rule.fn(pipe, doc)
        elif component == "kgraph_crf_ner":
            out = rule.fn(nlp.get_pipe("kgraph_crf_ner"), doc)
        elif component == "kgraph_gazetteer":
            out = rule.fn(doc)
        elif component == "kgraph_aliases":
            rule.fn(doc, rule)
            out = [(c.start, c.end, c.label) for c in candidates(doc)[before:]]
        else:
            rule.fn(nlp.get_pipe(component), doc, rule)
            out = [(c.start, c.end, c.label) for c in candidates(doc)[before:]]
        return [(doc.text[s:e], lab) for s, e, lab in out]
    at = text.find(name)
    if at < 0:
        raise ValueError(f"{name!r} is not in {text!r}")
    origin = next(o for o in Origin if o in rule.applies_to)
    c = Candidate(at, at + len(name), label, "example", origin)
    if component == "kgraph_user_rules":  # the stop-list: does it take the candidate away?
        doc = _doc_before(nlp, text, component)
        candidates(doc).append(c)
        rule.fn(nlp.get_pipe(component), doc, rule)
        return c not in candidates(doc)
    doc = _doc_before(nlp, text, "kgraph_entities")
    if rule.kind == "drop":
        ctx = context(doc, [*candidates(doc), c])
        return bool(rule.fn(ctx, ctx.name(c), c))
    return [(text[p.start : p.end], p.label) for p in rule.fn(context(doc), c, rule)]


@dataclass
class ArticleExplanation:
    index: int
    title: str
    candidates: list[Explanation]


def explain_document(nlp: Language, doc, articles, name: str | None = None) -> list[ArticleExplanation]:
    """Every candidate of every article of a document in file offsets, with the
    document-level drops applied; ``name``: only the candidates that overlap an occurrence of
    it (none at all tells the user that nothing proposed it)."""
    from kgraph.extract.document import document_drops, extract_document

    sdocs = list(nlp.pipe([a.body for a in articles]))
    mentions = extract_document(nlp, doc, articles, document_rules=False, sdocs=sdocs).mentions
    doc_drops = {(m.start, m.end, m.label): r for m, r in document_drops(mentions)}
    out = []
    for article, sdoc in zip(articles, sdocs, strict=True):
        found = []
        for e in explain_doc(sdoc):
            if name and not _touches(sdoc.text, e, name):
                continue
            e.offset = article.offsets[e.start] - e.start
            if e.kept is not None:
                s, t, label = e.kept
                r = doc_drops.get((article.offsets[s], article.offsets[t - 1] + 1, label))
                if r is not None:
                    e.steps.append(Step(r.id, "drop", r.reason, e.final, ""))
                    e.decision, e.final = "dropped", ""
            found.append(e)
        if found or not name:
            out.append(ArticleExplanation(article.index, article.title, found))
    return out


def _touches(text: str, e: Explanation, name: str) -> bool:
    """Does the candidate overlap an occurrence of ``name``?"""
    at = text.find(name)
    while at >= 0:
        if e.start < at + len(name) and at < e.end:
            return True
        at = text.find(name, at + 1)
    return False
