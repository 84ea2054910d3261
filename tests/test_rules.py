"""Every registered rule, pinned by its own examples: through the rule alone and through the
whole pipeline (where the kept entity must be the rule's, or the trace must name the rule)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kgraph.extract import extract_document, load_pipeline
from kgraph.extract.document import document_drops
from kgraph.extract.explain import apply_rule
from kgraph.extract.registry import ORDER, Example, Rule, all_ids, registered
from kgraph.ingest import document_articles
from kgraph.model import Document

RULES = registered()
EXAMPLES = [
    pytest.param(r.id, ex, id=f"{r.id}-{k}{'+' if ex.positive else '-'}") for r in RULES.values() for k, ex in enumerate(r.examples)
]


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
        doc = Document("example", "example.txt", "utf-8", ex.text)
        before = extract_document(nlp, doc, document_articles(doc), document_rules=False)
        dropped = [(m.text, m.label) for m, by in document_drops(before.mentions) if by.id == r.id]
        assert ((ex.name, ex.label) in dropped) == ex.positive, dropped
        if ex.positive:
            assert any((m.text, m.label) == (ex.name, ex.label) for m in before.mentions)
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
    """The outcome the rule stands for holds in the whole pipeline. Where the trace shows the
    rule at work on the example, it must be the step that made the outcome."""
    r: Rule = RULES[rule_id]
    nlp = pipeline_for(ex.rules, rules_dir)
    if r.id in ORDER["document"]:
        found = {(m.text, m.label) for m in _run_document(nlp, ex.text).mentions}
        assert ((ex.name, ex.label) in found) != ex.positive
        return
    doc = nlp(ex.text)
    final = {(e.text, e.label_) for e in doc.ents}
    if r.kind == "propose":
        assert ((ex.name, ex.label) in final) == ex.positive, final
    elif r.kind == "drop":
        assert ((ex.name, ex.label) in final) != ex.positive, final
    elif ex.positive:
        assert ex.outcome in final, final
    else:
        assert (ex.name, ex.label) in final, final


def test_the_readme_shows_the_order_as_declared():
    """python scripts/rules_table.py rewrites it."""
    from kgraph.extract.registry import order_table

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"<!-- rules:begin -->\n{order_table()}\n<!-- rules:end -->" in readme
