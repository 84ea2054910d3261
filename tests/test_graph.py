"""Graph building: weights, NPMI, evidence, determinism, resolution."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from kgraph.extract import extract_document
from kgraph.graph.builder import build_graph
from kgraph.graph.cooccurrence import npmi
from kgraph.graph.names import is_abbreviation, match_key
from kgraph.ingest import document_articles, read_document

PAGE_A = "临沂市人民医院与临沂大学签订协议。临沂市人民医院党委书记王建国出席。王建国表示，临沂大学将派出专家。\n"
PAGE_B = "临沂大学举办论坛。临沂市人民医院派员参加，王建国出席。\n"


def extraction(tmp_path: Path, name: str, text: str, nlp):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    doc = read_document(f)
    return extract_document(nlp, doc, document_articles(doc))


def edges(g: nx.MultiDiGraph, kind: str) -> dict:
    names = nx.get_node_attributes(g, "name")
    return {frozenset((names[a], names[b])): d for a, b, d in g.edges(data=True) if d["type"] == kind}


def test_co_mention_weight_counts_sentences_with_evidence(tmp_path, nlp):
    g = build_graph([extraction(tmp_path, "a.txt", PAGE_A, nlp), extraction(tmp_path, "b.txt", PAGE_B, nlp)])
    co = edges(g, "CO_MENTIONED")
    assert co[frozenset(("临沂市人民医院", "临沂大学"))]["weight"] == 1  # one shared sentence
    pair = co[frozenset(("临沂市人民医院", "王建国"))]  # one sentence in each page
    assert pair["weight"] == 2 and pair["articles"] == 2
    ev = [json.loads(e) for e in pair["evidence"]]
    assert all(e["sentence"] for e in ev) and ev == sorted(ev, key=lambda e: (e["doc"], e["start"]))
    # the counts a store computes NPMI from: every window once, each entity's windows
    assert g.graph["windows"] == sum(g.graph["document_windows"].values()) >= pair["weight"]
    windows = {d["name"]: d["windows"] for _, d in g.nodes(data=True) if d["kind"] == "Entity"}
    assert windows["王建国"] >= pair["weight"] and windows["临沂市人民医院"] >= pair["weight"]


def test_the_store_computes_npmi_from_the_window_counts(tmp_path, nlp):
    from kgraph.store import LadybugStore

    g = build_graph([extraction(tmp_path, "a.txt", PAGE_A, nlp), extraction(tmp_path, "b.txt", PAGE_B, nlp)])
    store = LadybugStore(tmp_path / "graph.lbug")
    store.write(g, mode="copy")
    stored = store.query("MATCH (a:Entity)-[c:CO_MENTIONED]->(b:Entity) RETURN a.id, b.id, c.npmi").rows
    store.close()
    n = g.graph["windows"]
    assert len(stored) == len(edges(g, "CO_MENTIONED")) > 1
    for a, b, value in stored:
        weight = g.edges[a, b, "CO_MENTIONED"]["weight"]
        assert value == round(npmi(weight, g.nodes[a]["windows"], g.nodes[b]["windows"], n), 6)
        assert -1 <= value <= 1


def test_affiliation_and_part_of_edges(tmp_path, nlp):
    g = build_graph([extraction(tmp_path, "a.txt", PAGE_A, nlp)])
    aff = edges(g, "AFFILIATED_WITH")[frozenset(("王建国", "临沂市人民医院"))]
    assert aff["title"] == "党委书记" and "王建国" in json.loads(aff["evidence"][0])["sentence"]


def test_same_input_any_order_same_graph(tmp_path, nlp):
    a, b = extraction(tmp_path, "a.txt", PAGE_A, nlp), extraction(tmp_path, "b.txt", PAGE_B, nlp)
    g1, g2 = build_graph([a, b]), build_graph([b, a])
    assert nx.utils.graphs_equal(g1, g2)
    assert sorted(g1.edges(data=True), key=str) == sorted(g2.edges(data=True), key=str)


def test_npmi_bounds():
    assert npmi(5, 5, 5, 100) == 1.0 or abs(npmi(5, 5, 5, 100) - 1.0) < 1e-9
    assert npmi(1, 50, 50, 100) < 0


def test_names_fold_width_script_and_quotes():
    assert match_key("《河道管理法》") == match_key("河道管理法")
    assert match_key("ＡＢＣ醫院") == match_key("abc医院")
    assert is_abbreviation("卫健委", "卫生健康委员会")
    assert not is_abbreviation("卫健局", "卫生健康委员会")
    assert not is_abbreviation("临沂大学", "临沂大学附属医院")  # a prefix is the parent, not a short form
    assert is_abbreviation("临沂市公卫医疗中心", "临沂市公共卫生医疗中心")
    assert not is_abbreviation("国家工程中心", "国家工程技术研究中心")  # drops whole words
    assert not is_abbreviation("临沂市委", "临沂市卫生健康委")


def test_short_form_with_the_place_dropped_joins_the_full_name(tmp_path, nlp):
    text = "潍坊市卫生健康委员会召开会议。会上，市卫健委部署了工作。\n"
    g = build_graph([extraction(tmp_path, "c.txt", text, nlp)])
    orgs = {d["name"]: d for _, d in g.nodes(data=True) if d.get("type") == "ORG"}
    assert "潍坊市卫生健康委员会" in orgs and "市卫健委" in orgs["潍坊市卫生健康委员会"]["aliases"]


def test_a_short_form_matching_two_variants_of_one_name_joins_them(tmp_path, nlp):
    text = "临沂市建材工会召开会议。临沂建材工会负责人介绍，建材工会将举办比赛。\n"
    g = build_graph([extraction(tmp_path, "d.txt", text, nlp)])
    orgs = {d["name"]: d for _, d in g.nodes(data=True) if d.get("type") == "ORG"}
    assert set(orgs["临沂市建材工会"]["aliases"]) >= {"临沂建材工会", "建材工会"}


def test_a_district_named_with_its_city_absorbs_the_bare_district(tmp_path, nlp):
    text = "临沂市兰山区召开会议。兰山区将推进改革。\n"
    g = build_graph([extraction(tmp_path, "e.txt", text, nlp)])
    places = {d["name"]: d for _, d in g.nodes(data=True) if d.get("type") == "PLACE"}
    assert "兰山区" in places["临沂市兰山区"]["aliases"] and "兰山区" not in places


def test_a_place_without_its_suffix_is_the_suffixed_place_in_a_document_and_across(tmp_path, nlp):
    one = extraction(tmp_path, "g.txt", "日照市举办论坛。日照港口繁忙。\n", nlp)
    other = extraction(tmp_path, "h.txt", "游客来到日照观光。\n", nlp)
    g = build_graph([one, other])
    places = {d["name"]: d for _, d in g.nodes(data=True) if d.get("type") == "PLACE"}
    assert "日照" not in places and "日照" in places["日照市"]["aliases"]


def test_the_provincial_government_short_form_joins_the_full_name(tmp_path, nlp):
    text = "河北省人民政府驻天津办事处召开会议。省政府驻天津办事处负责人出席。\n"
    g = build_graph([extraction(tmp_path, "i.txt", text, nlp)])
    orgs = {d["name"]: d for _, d in g.nodes(data=True) if d.get("type") == "ORG"}
    assert "省政府驻天津办事处" in orgs["河北省人民政府驻天津办事处"]["aliases"]


def test_a_level_body_without_its_place_is_its_documents_own(tmp_path, nlp):
    one = extraction(tmp_path, "j.txt", "秋粮收购期间，县委、县政府派出督导组。\n", nlp)
    other = extraction(tmp_path, "k.txt", "县委县政府召开专题会议部署防汛。\n", nlp)
    named = extraction(tmp_path, "l.txt", "青川县委召开全会。会上，县委部署了全年工作。\n", nlp)
    assert all(m.relative for m in one.mentions if m.text in ("县委", "县政府"))
    g = build_graph([one, other, named])
    orgs = [d for _, d in g.nodes(data=True) if d.get("type") == "ORG"]
    bare = sorted(d["name"] for d in orgs if d["name"] in ("县委", "县政府"))
    assert bare == ["县委", "县委", "县政府", "县政府"]  # one per document that names no county
    assert all(d["documents"] == 1 for d in orgs if d["name"] in ("县委", "县政府"))
    assert "县委" in next(d for d in orgs if d["name"] == "青川县委")["aliases"]


def test_paragraph_window_counts_once_and_prefers_a_sentence_naming_both(tmp_path, nlp):
    text = "临沂大学召开会议。王建国出席并讲话，临沂大学与王建国签约。\n"
    ex = extraction(tmp_path, "f.txt", text, nlp)
    sentence = edges(build_graph([ex]), "CO_MENTIONED")
    paragraph = edges(build_graph([ex], window="paragraph"), "CO_MENTIONED")
    pair = frozenset(("临沂大学", "王建国"))
    assert sentence[pair]["weight"] == 1 and paragraph[pair]["weight"] == 1
    assert "签约" in json.loads(paragraph[pair]["evidence"][0])["sentence"]


def test_a_surname_with_a_post_joins_the_person_named_in_full(tmp_path, nlp):
    """R3: 李院长 is an alias of 李红梅, the only 李 the article names; the entity keeps the full
    name (equal in length to the alias) and gets both mentions."""
    text = "青川县人民医院院长李红梅介绍了情况。李院长说，医院今年新增床位200张。\n"
    g = build_graph([extraction(tmp_path, "s.txt", text, nlp)])
    people = {d["name"]: d for _, d in g.nodes(data=True) if d.get("type") == "PERSON"}
    assert set(people) == {"李红梅"} and people["李红梅"]["aliases"] == ["李院长"]
