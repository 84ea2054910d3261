"""The extraction cache's JSON form: what is written is what is read back."""

from __future__ import annotations

import json
from array import array
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kgraph.ingest import ingest_bytes
from kgraph.model import DocumentExtraction
from kgraph.serialize import from_json, offset_runs, offsets_from_runs, to_json

# an invented page: a wrapped line, a dateline and a second story, so offsets jump
PAGE = "青松县农机站\n举办培训班\n\n本报讯 青松县农机站日前为\n八十名农户讲解了新式播种机。\n\n柳河镇修路\n柳河镇今年修通了三条村道。\n"


def _extraction() -> DocumentExtraction:
    doc, articles = ingest_bytes(Path("page.txt"), PAGE.encode("utf-8"))
    return DocumentExtraction(document=doc, articles=articles, mentions=[], relations=[], aliases={"农机站": "青松县农机站"})


def test_an_extraction_survives_the_json_round_trip():
    ex = _extraction()
    assert any(list(a.offsets) != list(range(a.offsets[0], a.offsets[0] + len(a.offsets))) for a in ex.articles)
    back = from_json(json.loads(json.dumps(to_json(ex), ensure_ascii=False)))
    assert back == ex
    assert all(isinstance(a.offsets, array) for a in back.articles)


def test_offsets_are_stored_as_runs_and_older_plain_lists_still_read():
    data = to_json(_extraction())
    assert all("offsets" not in a and len(a["offset_runs"]) < len(a["body"]) for a in data["articles"])
    older = json.loads(json.dumps(data))
    for a in older["articles"]:
        a["offsets"] = list(offsets_from_runs(a.pop("offset_runs")))
    assert from_json(older) == from_json(data)


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=60))
def test_runs_give_back_any_offsets(offsets: list[int]):
    assert list(offsets_from_runs(offset_runs(offsets))) == offsets
