"""Every registered rule, pinned by its own examples: through the rule alone and through the
whole pipeline (where the kept entity must be the rule's, or the trace must name the rule)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kgraph.extract import extract_document, load_pipeline
from kgraph.extract.entities import entity_candidate
from kgraph.extract.explain import apply_rule, explain_doc
from kgraph.extract.registry import ORDER, Example, Rule, all_ids, registered
from kgraph.ingest import document_articles
from kgraph.model import Document

RULES = registered()
EXAMPLES = [pytest.param(r.id, ex, id=f"{r.id}-{k}{'+' if ex.positive else '-'}") for r in RULES.values() for k, ex in enumerate(r.examples)]


@cache
def pipeline_for(rules_text: str, folder: str):
    if not rules_text:
        return load_pipeline()
    path = Path(folder) / f"rules-{abs(hash(rules_text))}.yaml"
    path.write_text(rules_text, encoding="utf-8")
    return load_pipeline(path)


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("rules"))


def test_every_rule_is_in_the_one_order_with_a_purpose_and_examples():
    ids = all_ids()
    assert len(ids) == len(set(ids)), "a rule is listed twice in ORDER"
    assert set(ids) == set(RULES), f"not ordered: {set(RULES) - set(ids)}; not registered: {set(ids) - set(RULES)}"
    for r in RULES.values():
        assert r.purpose.strip() and r.kind
        if r.core:
            continue
        kinds = {ex.positive for ex in r.examples}
        assert kinds == {True, False}, f"{r.id} needs positive and negative examples"
    assert ORDER["kgraph_entities"][-1] == "choose.overlap"


def _run_document(nlp, text: str):
    doc = Document("example", "example.txt", "utf-8", text)
    return extract_document(nlp, doc, document_articles(doc))


@pytest.mark.parametrize(("rule_id", "ex"), EXAMPLES)
def test_example_through_the_rule(rule_id: str, ex: Example, rules_dir: str):
    r: Rule = RULES[rule_id]
    nlp = pipeline_for(ex.rules, rules_dir)
    if r.id in ORDER["document"]:
        ex_doc = _run_document(nlp, ex.text)
        mentions = [m for m in ex_doc.mentions if (m.text, m.label) == (ex.name, ex.label)]
        from kgraph.extract.document import document_drops

        assert bool(mentions) != ex.positive or not mentions  # dropped ones are gone
        return
    got = apply_rule(nlp, r, ex.text, ex.name, ex.label)
    if r.kind == "propose":
        assert ((ex.name, ex.label) in got) == ex.positive, got
    elif r.kind == "drop":
        assert got == ex.positive
    elif ex.positive:
        assert ex.outcome in got and got != [(ex.name, ex.label)], got
    else:
        assert got == [(ex.name, ex.label)], got


@pytest.mark.parametrize(("rule_id", "ex"), EXAMPLES)
def test_example_through_the_pipeline(rule_id: str, ex: Example, rules_dir: str):
    r: Rule = RULES[rule_id]
    nlp = pipeline_for(ex.rules, rules_dir)
    if r.id in ORDER["document"]:
        found = {(m.text, m.label): m for m in _run_document(nlp, ex.text).mentions}
        assert ((ex.name, ex.label) in found) != ex.positive
        return
    doc = nlp(ex.text)
    final = {(e.text, e.label_): entity_candidate(doc, e) for e in doc.ents}
    story = explain_doc(doc)
    if r.kind == "propose":
        if ex.positive:
            assert (ex.name, ex.label) in final, final.keys()
            assert final[ex.name, ex.label].proposer == r.id, final[ex.name, ex.label].proposer
        else:
            assert (ex.name, ex.label) not in final
    elif r.kind == "drop":
        if ex.positive:
            assert (ex.name, ex.label) not in final
            drops = [e.steps[-1] for e in story if e.decision == "dropped"]
            assert any(s.rule == r.id and s.before == f"{ex.name}/{ex.label}" for s in drops), [(s.rule, s.before) for s in drops]
        else:
            assert (ex.name, ex.label) in final, final.keys()
    else:
        if ex.positive:
            assert ex.outcome in final, final.keys()
            # the step made the outcome (an equal span from another proposer may have won the overlap)
            made = [e for e in story if any(s.rule == r.id and s.after == "/".join(ex.outcome) for s in e.steps)]
            assert made, [(e.name, [(s.rule, s.after) for s in e.steps]) for e in story]
        else:
            assert (ex.name, ex.label) in final, final.keys()
            assert r.id not in [ch.step for ch in final[ex.name, ex.label].history]
