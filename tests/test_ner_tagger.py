"""The numpy decoder gives crfsuite's own tags for the shipped model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.extract.ner import default_model_path
from kgraph.extract.ner.array_tagger import ArrayTagger
from kgraph.extract.ner.crf_component import _WINDOW, CRFTagger
from kgraph.extract.ner.features import sentence_features

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# invented odd inputs: digits, Latin, full-width forms, spaces, a character outside the
# basic plane, one-character and empty-looking clauses
ODD = ["𠀋家村委会主任王小明说：", "ABC公司2023年营收12亿元；", "Ａ", "青 山 县", "“好”", "\t电话：0531-1234567"]


@pytest.fixture(scope="module")
def crfsuite_tagger() -> pycrfsuite.Tagger:
    t = pycrfsuite.Tagger()
    t.open(str(default_model_path()))
    return t


@pytest.fixture(scope="module")
def array_tagger(crfsuite_tagger: pycrfsuite.Tagger) -> ArrayTagger:
    return ArrayTagger.for_model(default_model_path(), crfsuite_tagger)


def _windows() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return [m.group() for m in _WINDOW.finditer(text) if m.group().strip()] + ODD


def test_same_tags_as_crfsuite_on_every_seed_clause(crfsuite_tagger: pycrfsuite.Tagger):
    windows = _windows()
    assert len(windows) > 500
    expected = [crfsuite_tagger.tag(sentence_features(w, "wide")) for w in windows]
    got = ArrayTagger.for_model(default_model_path(), crfsuite_tagger).tag_windows(windows)
    assert got == expected
    assert sum(t != "O" for tags in got for t in tags) > 1000  # names were found, not only O


def test_the_shipped_weights_belong_to_the_shipped_model(crfsuite_tagger: pycrfsuite.Tagger):
    """scripts/train_ner.py writes them; a model retrained without them would be read from
    crfsuite at every start (0.5 s) instead of 0.1 s."""
    fresh = ArrayTagger.from_crfsuite(crfsuite_tagger)
    shipped = ArrayTagger.for_model(default_model_path(), crfsuite_tagger)
    assert np.array_equal(fresh.weights, shipped.weights) and np.array_equal(fresh.transitions, shipped.transitions)
    with np.load(default_model_path().with_suffix(".weights.npz")) as z:
        assert z["weights"].shape == fresh.weights[:-1].shape


def test_stale_weights_are_not_used(tmp_path: Path, crfsuite_tagger: pycrfsuite.Tagger):
    model = tmp_path / "m.crfsuite"
    model.write_bytes(default_model_path().read_bytes())
    saved = ArrayTagger.from_crfsuite(crfsuite_tagger)
    saved.weights[:-1] = 0.0  # weights that belong to no model
    saved.save(model)
    model.write_bytes(model.read_bytes() + b"\0")  # the model changed after they were written
    fresh = ArrayTagger.for_model(model, crfsuite_tagger)
    assert np.abs(fresh.weights).sum() > 0


def test_batched_spans_equal_one_text_at_a_time():
    tagger = CRFTagger(default_model_path())
    texts = ["青山县人民医院院长王小明到柳河镇调研。", "", "东岭大学与南川市政府签约；李华出席。"]
    assert tagger.spans_of_many(texts) == [tagger.spans(t) for t in texts]
    assert tagger.spans(texts[0])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from([*"青山县人民医院王李张主任书记中美德公司大学路街道社区１２3aB ，、“”（）·\t", "𠀋", "é", "\u3000"]),
            min_size=1,
            max_size=40,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_same_tags_as_crfsuite_on_generated_clauses(crfsuite_tagger: pycrfsuite.Tagger, array_tagger: ArrayTagger, clauses: list[str]):
    windows = [c for c in clauses if c.strip()]
    expected = [crfsuite_tagger.tag(sentence_features(w, "wide")) for w in windows]
    assert array_tagger.tag_windows(windows) == expected
