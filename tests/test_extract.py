"""The spaCy pipeline on sentences written for the test (not taken from the seeds)."""

from __future__ import annotations

from pathlib import Path

from kgraph.extract import extract_document, load_pipeline
from kgraph.ingest import document_articles, read_document
from kgraph.model import Document


def ents(nlp, text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in nlp(text).ents}


def affiliations(nlp, text: str, titles: bool = True) -> set[tuple[str, ...]]:
    """(person, org, title) of every affiliation the text states; (person, org) without titles."""
    rels = [r for r in nlp(text)._.relations if r.kind == "AFFILIATED_WITH"]
    return {(r.source, r.target, r.title) if titles else (r.source, r.target) for r in rels}


def test_pipeline_is_one_visible_config(nlp):
    assert nlp.pipe_names == [
        "kgraph_crf_ner",
        "kgraph_gazetteer",
        "kgraph_rules",
        "kgraph_user_rules",
        "kgraph_aliases",
        "kgraph_entities",
        "kgraph_relations",
    ]
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "kgraph.rjieba_tokenizer.v1"


def test_policy_in_book_title_marks(nlp):
    assert ("《关于加强基层治理的实施意见》", "POLICY") in ents(nlp, "会议学习了《关于加强基层治理的实施意见》。")
    found = ents(nlp, "职工观看了微电影《追光的人》，参加《青春筑梦行动》。")
    assert not any(t == "《追光的人》" for t, _ in found)  # a film title is not a policy
    assert ("《青春筑梦行动》", "PROGRAM") in found


def test_quoted_program_with_head(nlp):
    found = ents(nlp, "该院实施“青苗成长”培育工程，并举办“县长杯”创新设计大赛。")
    assert ("“青苗成长”培育工程", "PROGRAM") in found
    assert ("“县长杯”创新设计大赛", "PROGRAM") in found


def test_numbered_working_method(nlp):
    assert ("2468工作法", "PROGRAM") in ents(nlp, "医院推行2468工作法，成效明显。")


def test_alias_declaration_links_short_form(nlp):
    doc = nlp("潍坊市东方红机械厂（以下简称“东方红机械”）成立于1990年。东方红机械生产农机。")
    assert doc._.aliases == {"东方红机械": "潍坊市东方红机械厂"}
    labels = [(e.text, e.label_) for e in doc.ents]
    assert ("潍坊市东方红机械厂", "ORG") in labels
    assert sum(1 for t, lab in labels if t == "东方红机械" and lab == "ORG") == 2


def test_affiliation_with_title(nlp):
    doc = nlp("临沂市人民医院党委书记王建国出席会议。")
    rels = [r for r in doc._.relations if r.kind == "AFFILIATED_WITH"]
    assert rels and rels[0].source == "王建国" and rels[0].target == "临沂市人民医院" and rels[0].title == "党委书记"


def test_user_rules_win_over_the_model(tmp_path: Path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("entities:\n  - {name: 青山湖论坛, type: PROGRAM, aliases: [青山湖会]}\nstop: [临沂市人民医院]\n", encoding="utf-8")
    nlp = load_pipeline(rules)
    found = ents(nlp, "临沂市人民医院参加青山湖论坛。")
    assert ("青山湖论坛", "PROGRAM") in found
    assert ("临沂市人民医院", "ORG") not in found


def test_mentions_point_into_the_original_file(tmp_path: Path, nlp):
    f = tmp_path / "page.txt"
    original = "近日，临沂市人民医\n院党委书记王建国在\n会上讲话。\n"
    f.write_text(original, encoding="gb18030")
    doc = read_document(f)
    ex = extract_document(nlp, doc, document_articles(doc))
    for m in ex.mentions:
        assert doc.text[m.start : m.end].replace("\n", "") == m.text
    assert {"王建国", "临沂市人民医院"} <= {m.text for m in ex.mentions}


def test_gazetteer_places_and_tagged_places_need_a_real_place(nlp):
    found = ents(nlp, "代表团先后到访烟台和北京。")
    assert ("烟台", "PLACE") in found and ("北京", "PLACE") in found
    from kgraph.extract.entities import real_place

    assert real_place("临沂市兰山区") and real_place("幸福里社区") and real_place("法国")
    assert not real_place("海归") and not real_place("碳达峰")


def test_composed_place_with_district_and_street(nlp):
    found = ents(nlp, "活动在临沂市兰山区银雀山街道举行。")
    assert ("临沂市兰山区银雀山街道", "PLACE") in found


def test_list_closed_by_a_kind_of_organization(nlp):
    found = ents(nlp, "全市培育青松机械、远航纺织、长风电气等企业30家。")
    assert {("青松机械", "ORG"), ("远航纺织", "ORG"), ("长风电气", "ORG")} <= found


def test_names_stop_before_verbs_and_prepositions(nlp):
    found = ents(nlp, "由临沂市东风化工有限公司承担的项目获奖。")
    assert ("临沂市东风化工有限公司", "ORG") in found
    assert not any(t.startswith("由") for t, _ in found)


def test_generic_descriptions_and_pronouns_are_not_organizations(nlp):
    found = ents(nlp, "我们公司和医院的工会都参加了。")
    assert not any(lab == "ORG" for _, lab in found)


def test_quoted_programs_by_context(nlp):
    found = ents(nlp, "该院推出“暖心驿站”“健康小屋”等服务，实施“三查两访”，并秉持“患者至上”理念。")
    assert {("“暖心驿站”", "PROGRAM"), ("“健康小屋”", "PROGRAM"), ("“三查两访”", "PROGRAM")} <= found
    assert ("“患者至上”", "PROGRAM") not in found  # a motto: followed by 理念


def test_designation_word_is_not_part_of_the_name(nlp):
    found = ents(nlp, "医院荣获“全省文明单位”称号。")
    assert ("“全省文明单位”", "PROGRAM") in found


def test_composed_program_with_scope_and_head(nlp):
    found = ents(nlp, "他参加了全国青年创新创业大赛，获得一等奖。")
    assert ("全国青年创新创业大赛", "PROGRAM") in found


def test_coordinated_posts_give_two_affiliations(nlp):
    doc = nlp("青州市卫生健康委员会党委书记、主任，青州市中医药管理局副局长王建国表示。")
    got = {(r.target, r.title) for r in doc._.relations if r.kind == "AFFILIATED_WITH" and r.source == "王建国"}
    assert got == {("青州市卫生健康委员会", "党委书记、主任"), ("青州市中医药管理局", "副局长")}


def test_traditional_page_matches_in_simplified_and_displays_as_printed(tmp_path: Path, nlp):
    from kgraph.export.scorer import extraction_record

    f = tmp_path / "trad.txt"
    f.write_text("臺北市立醫院與高雄醫學大學簽訂合作協議。\n", encoding="utf-8")
    doc = read_document(f)
    ex = extract_document(nlp, doc, document_articles(doc))
    names = {e["name"] for e in extraction_record(ex)["entities"]}
    assert any("醫" in n for n in names)  # shown as printed
    assert ex.mentions and all("醫" not in m.text for m in ex.mentions)  # matched in simplified
    assert any("醫" in m.surface for m in ex.mentions)


def test_a_city_stays_a_place_next_to_bodies_named_after_it(tmp_path: Path, nlp):
    f = tmp_path / "page.txt"
    f.write_text("近年来，青州市大力发展文旅产业。青州市第三人民医院参加义诊。\n", encoding="utf-8")
    doc = read_document(f)
    ex = extract_document(nlp, doc, document_articles(doc))
    assert ("青州市", "PLACE") in {(m.text, m.label) for m in ex.mentions}


def test_government_names_with_a_conjunction_compose(nlp):
    found = ents(nlp, "请登录临沂市住房和城乡建设局网站查询。")
    assert ("临沂市住房和城乡建设局", "ORG") in found


def test_organization_words_without_a_name_are_dropped():
    from kgraph.extract.entities import _generic

    assert _generic("企业工会") and _generic("常务委员会")
    assert not _generic("临沂大学") and not _generic("鲁铝公司") and not _generic("省总商会")


def test_national_strategy_named_after_china(nlp):
    assert ("平安中国战略", "PROGRAM") in ents(nlp, "各地深入实施平安中国战略。")


def test_two_organizations_read_as_one_are_split(nlp):
    found = ents(nlp, "青州市东方红工匠学院获青州市总工会大力扶持。")
    assert {("青州市东方红工匠学院", "ORG"), ("青州市总工会", "ORG")} <= found


def test_short_words_that_look_like_organizations(nlp):
    assert not any(lab == "ORG" for _, lab in ents(nlp, "构建乡村发展新格局。"))
    assert ("人大和监委", "ORG") not in ents(nlp, "接受人大和监委监督。")


def test_quantities_and_cut_quotations_are_not_names(nlp):
    found = ents(nlp, "临沂市多处银行网点参加培训。")
    assert not any(lab == "ORG" and "多处" in t for t, lab in found)
    assert ("先锋”医院", "ORG") not in ents(nlp, "作为先锋”医院的代表。")


def test_designations_and_honours_are_programs(nlp):
    found = ents(nlp, "该厂获评省级智能制造示范工厂，入选国家级智能工厂名单。")
    assert ("省级智能制造示范工厂", "PROGRAM") in found
    assert not any(label == "ORG" for _, label in found)
    found = ents(nlp, "五年来，该市培养全国纺织行业技术能手 6 人、省纺织工匠12人。")
    assert {("全国纺织行业技术能手", "PROGRAM"), ("省纺织工匠", "PROGRAM")} <= found
    found = ents(nlp, "该医院党支部获市级文明单位称号。")
    assert ("市级文明单位", "PROGRAM") in found


def test_national_designation_versus_national_body(nlp):
    found = ents(nlp, "医院牵头建设国家儿童医学研究中心，并接受国家民族事务委委属医院考核。")
    assert ("国家儿童医学研究中心", "PROGRAM") in found
    assert ("国家民族事务委", "ORG") in found
    assert not any("委属" in t for t, _ in found)


def test_kinds_of_organizations_are_not_names(nlp):
    found = ents(nlp, "我们要建设创新型医院，坚持“科技兴院”，在各县成立工会联合会。")
    assert not any(label == "ORG" for _, label in found)


def test_founded_bodies_and_bracketed_places(nlp):
    found = ents(nlp, "去年，几家水厂共同成立全市水务行业青年和技能工匠创新工作室联盟。")
    assert ("水务行业青年和技能工匠创新工作室联盟", "ORG") in found
    found = ents(nlp, "近日，海丰重工（青岛）有限公司与正在建设的北海云（烟台）实验室签约。")
    assert {("海丰重工（青岛）有限公司", "ORG"), ("北海云（烟台）实验室", "ORG")} <= found
    found = ents(nlp, "该区正在建设星河云（烟台）实验室。")
    assert ("星河云（烟台）实验室", "ORG") in found


def test_list_closed_by_a_designation(nlp):
    found = ents(nlp, "全市累计培育华通客车、东岳机械、长河纺织省级技术中心3家。")
    assert {("华通客车", "ORG"), ("东岳机械", "ORG")} <= found
    assert ("省级技术中心", "PROGRAM") in found


def test_people_who_join_a_body(nlp):
    got = affiliations(nlp, "近年来，赵明远、钱学军等基层宣讲骨干入选市委讲师团，孙立平参观了市委讲师团。")
    assert got == {("赵明远", "市委讲师团", ""), ("钱学军", "市委讲师团", "")}


def test_designations_run_back_to_their_verb(nlp):
    found = ents(nlp, "该院入选全省县级医院服务提升优秀案例，并获批青州市首批绿色低碳制造示范企业。")
    assert ("全省县级医院服务提升优秀案例", "PROGRAM") in found
    assert ("青州市首批绿色低碳制造示范企业", "PROGRAM") in found
    found = ents(nlp, "该院深入实施乡村振兴战略，参与建设国家儿童区域医疗中心。")
    assert {("乡村振兴战略", "PROGRAM"), ("国家儿童区域医疗中心", "PROGRAM")} <= found
    found = ents(nlp, "小区获评潍坊市优秀住宅小区。")
    assert ("潍坊市优秀住宅小区", "PROGRAM") in found


def test_lists_of_platforms_and_of_departments(nlp):
    found = ents(nlp, "医院利用红帆在线、东岳学堂等平台组织学习。")
    assert {("红帆在线", "PROGRAM"), ("东岳学堂", "PROGRAM")} <= found
    found = ents(nlp, "站里主动联系税务、政务审批服务、住房和建设、生态环境及东岳能源等多家部门和公司。")
    orgs = {t for t, label in found if label == "ORG"}
    assert "东岳能源" in orgs
    assert not orgs & {"政务审批服务", "住房和建设", "生态环境", "生态环境及东岳能源"}


def test_names_do_not_run_into_verb_phrases_or_conjunctions(nlp):
    found = ents(nlp, "青州市第三人民医院充分利用带头示范作用。")
    assert ("青州市第三人民医院", "ORG") in found
    doc = nlp("市总工会常务副主席王振及市工商联负责人出席仪式。")
    assert ("王振", "PERSON") in {(e.text, e.label_) for e in doc.ents}


def test_a_quotation_that_ends_in_a_program_head_is_a_program(nlp):
    found = ents(nlp, "全县聚力“强链补链工程”，推动产业升级。")
    assert ("“强链补链工程”", "PROGRAM") in found


def test_a_conferred_title_follows_its_recipients(nlp):
    doc = nlp("省里决定，授予青河区综治办等12个单位“全省平安建设先进集体”荣誉称号，授予周明远等8名个人“全省平安建设先进工作者”称号。")
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("“全省平安建设先进集体”", "PROGRAM"), ("“全省平安建设先进工作者”", "PROGRAM")} <= found
    assert ("周明远", "PERSON") in found
    assert not any("等" in t for t, _ in found)


def test_a_kind_of_region_is_not_a_place_but_a_named_region_is(nlp):
    found = ents(nlp, "医生走进偏远地区巡诊，企业开拓亚太地区市场。")
    assert ("偏远地区", "PLACE") not in found
    assert ("亚太地区", "PLACE") in found


def test_a_place_inside_a_word_does_not_break_the_rules(nlp):
    # the tagger finds 中华 inside the word 振兴中华; no rule may assume a place starts a word
    assert nlp("为振兴中华而努力奋斗，致力振兴中华。").ents is not None


def test_stationed_offices_departments_and_quoted_projects(nlp):
    found = ents(nlp, "河北省人民政府驻天津办事处主任李文华出席活动。")
    assert ("河北省人民政府驻天津办事处", "ORG") in found
    found = ents(nlp, "专家来自心内科、麻醉科和神经外科。")
    assert not any(label == "ORG" for _, label in found)
    found = ents(nlp, "医院成为“山区留守儿童视力筛查项目”合作医院，骨科入选国家临床重点专科。")
    assert {("“山区留守儿童视力筛查项目”", "PROGRAM"), ("国家临床重点专科", "PROGRAM")} <= found


def test_a_county_short_form_needs_a_locative_cue(nlp):
    found = ents(nlp, "专家组赴汶上开展义诊，当地资源丰富。")
    assert ("汶上", "PLACE") in found
    assert ("资源", "PLACE") not in found  # 资源县 shares its short form with a common word


def test_a_name_the_segmenter_does_not_know_after_a_title(nlp):
    found = ents(nlp, "该院药师亓玉暖在比赛中获奖。院长致辞，书记在会上讲话，主任一人到场。")
    assert ("亓玉暖", "PERSON") in found
    assert {t for t, label in found if label == "PERSON"} == {"亓玉暖"}


def test_a_department_before_a_post_is_not_cut_into_a_name(nlp):
    found = ents(nlp, "另有心血管内科主任医师2名，眼科列入特色专科。")
    assert not any(label == "ORG" for _, label in found)


def test_an_office_stationed_elsewhere_is_part_of_its_body_and_located_there(nlp):
    doc = nlp("河北省人民政府驻天津办事处召开会议。")
    got = {(r.kind, r.target) for r in doc._.relations if r.source == "河北省人民政府驻天津办事处"}
    assert got == {("PART_OF", "河北省人民政府"), ("LOCATED_IN", "天津")}


def test_coined_programs_brand_lists_and_organizers(nlp):
    found = ents(nlp, "医院通过扬才计划、校园招聘等渠道引进人才，推出惠民义诊日、U+服务等品牌活动，并制定工作计划。")
    assert {("扬才计划", "PROGRAM"), ("惠民义诊日", "PROGRAM"), ("U+服务", "PROGRAM")} <= found
    assert ("工作计划", "PROGRAM") not in found
    found = ents(nlp, "近日，山东省泓泰医院2024年职工春季趣味运动会在院内举行。")
    assert {("山东省泓泰医院", "ORG"), ("2024年职工春季趣味运动会", "PROGRAM")} <= found


def test_units_named_after_their_body_and_news_sites(nlp):
    found = ents(nlp, "西山县人民医院“雷锋式党支部”获表彰，东海集团716所参与研制。")
    assert {("西山县人民医院“雷锋式党支部”", "ORG"), ("东海集团716所", "ORG")} <= found
    found = ents(nlp, "短视频在东工网展播，职工通过互联网和单位官网观看。")
    assert {t for t, label in found if label == "ORG"} == {"东工网"}


def test_a_listed_company_whose_trade_name_reads_as_a_verb(nlp):
    found = ents(nlp, "截至目前，远达汽车、三和纺织、金穗粮油等省级技术中心31家。鼓励青州大学、青州职业学院等院校加强合作。")
    assert {("远达汽车", "ORG"), ("青州大学", "ORG")} <= found
    assert not any(t.startswith("鼓励") for t, _ in found)


def test_quoted_programs_take_their_scope_and_annual_titles_their_year(nlp):
    found = ents(nlp, "3名职工晋级首届全国“金锤杯”班组长大赛，社区获评河北省“美丽社区”，全省“十佳职工书屋”名单公布。")
    assert {("首届全国“金锤杯”班组长大赛", "PROGRAM"), ("河北省“美丽社区”", "PROGRAM")} <= found
    found = ents(nlp, "该项目入选2023年全国医院志愿服务优秀案例。")
    assert ("2023年全国医院志愿服务优秀案例", "PROGRAM") in found
    found = ents(nlp, "医院接入“河北省门诊费用结算信息系统”。")
    assert ("“河北省门诊费用结算信息系统”", "PROGRAM") in found


def test_list_items_after_an_aspect_particle_and_quoted_places_are_not_units(nlp):
    found = ents(nlp, "病区打造了护理先锋队、暖心陪护等支部品牌。专家赴嘉祥“方舱医院”指导，并完成会展中心方舱医院扩建工程。")
    assert {("护理先锋队", "PROGRAM"), ("暖心陪护", "PROGRAM"), ("嘉祥", "PLACE")} <= found
    assert not any("“" in t for t, label in found if label == "ORG")
    assert ("扩建工程", "PROGRAM") not in found


def test_an_ending_shared_by_two_names_is_a_kind_not_a_body(nlp):
    doc = nlp("全市启用青州城东方舱医院和寿光方舱医院，保障方舱医院平稳运行。")
    orgs = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert "方舱医院" not in orgs and {"青州城东方舱医院", "寿光方舱医院"} <= orgs


def test_tag_spans_reads_bio_and_bioes_alike():
    from kgraph.extract.ner.crf_component import tag_spans

    bio = ["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG", "I-ORG", "I-LOC", "O"]
    bioes = ["B-PER", "E-PER", "O", "S-LOC", "B-ORG", "I-ORG", "E-ORG", "S-LOC", "O"]
    expected = [(0, 2, "PER"), (3, 4, "LOC"), (4, 7, "ORG"), (7, 8, "LOC")]
    assert tag_spans(bio) == expected and tag_spans(bioes) == expected


def test_outlets_in_a_dateline_and_only_the_papers_own_reporters_affiliated(nlp):
    doc = Document("d", "d.txt", "utf-8", "南桥新闻网5月3日讯（东江日报记者 韩东 通讯员 魏然）近日，南桥大桥建成通车，市民出行更方便。\n")
    ex = extract_document(nlp, doc, document_articles(doc))
    orgs = {m.text for m in ex.mentions if m.label == "ORG"}
    assert {"南桥新闻网", "东江日报"} <= orgs
    affs = {(r.source, r.target, r.title) for r in ex.relations if r.kind == "AFFILIATED_WITH"}
    assert affs == {("韩东", "东江日报", "记者")}


def test_the_place_a_dateline_was_filed_from_is_mentioned(nlp):
    doc = Document("d", "d.txt", "utf-8", "本报烟台5月3日电 近日，一座新桥建成通车，市民出行更方便。\n")
    ex = extract_document(nlp, doc, document_articles(doc))
    (place,) = [m for m in ex.mentions if m.label == "PLACE"]
    assert (place.text, doc.text[place.start : place.end], place.source) == ("烟台", "烟台", "byline")


def test_colleagues_share_a_post_and_a_new_title_keeps_the_body(nlp):
    got = affiliations(nlp, "青州市检察院检察长赵平，检察员孙立、周雪出庭支持公诉。")
    assert got == {("赵平", "青州市检察院", "检察长"), ("孙立", "青州市检察院", "检察员"), ("周雪", "青州市检察院", "检察员")}


def test_a_colleague_named_after_what_the_first_one_did_keeps_the_body(nlp):
    got = affiliations(nlp, "东营市儿童医院党委书记韩立新主持会议，党委委员、副院长许文涛讲话。")
    assert got == {("韩立新", "东营市儿童医院", "党委书记"), ("许文涛", "东营市儿童医院", "党委委员、副院长")}
    # a post that opens with a level is that level's own body's, not the hospital's
    got = affiliations(nlp, "东营市儿童医院院长韩立新主持会议，副市长许文涛讲话。", titles=False)
    assert ("许文涛", "东营市儿童医院") not in got
    # a new sentence starts afresh
    got = affiliations(nlp, "东营市儿童医院院长韩立新主持会议。副院长许文涛讲话。", titles=False)
    assert ("许文涛", "东营市儿童医院") not in got


def test_a_unit_named_bare_after_its_body_is_that_bodys_unit(nlp):
    got = affiliations(nlp, "合议庭由青州市法院院长赵平、民二庭审判员孙立、周雪组成。")
    assert got == {("赵平", "青州市法院", "院长"), ("孙立", "青州市法院民二庭", "审判员"), ("周雪", "青州市法院民二庭", "审判员")}
    got = affiliations(nlp, "东营市儿童医院院长韩立新、心内科主任许文涛带队义诊。")
    assert ("许文涛", "东营市儿童医院心内科", "主任") in got
    # a unit that opens with a level is that level's body's, not the hospital's
    got = affiliations(nlp, "东营市儿童医院院长韩立新、市卫健委办公室主任许文涛带队义诊。", titles=False)
    assert not any(person == "许文涛" and org.startswith("东营市儿童医院") for person, org in got)
    # a ministry after a ministry's person is a body of its own
    got = affiliations(nlp, "会见时在座的有商务部副部长赵平、外经贸部副部长孙立。", titles=False)
    assert ("孙立", "商务部外经贸部") not in got


def test_a_colleague_after_a_list_mark_with_a_post_of_their_own_keeps_the_body(nlp):
    got = affiliations(nlp, "东营市儿童医院党委书记韩立新、院长许文涛出席活动。")
    assert got == {("韩立新", "东营市儿童医院", "党委书记"), ("许文涛", "东营市儿童医院", "院长")}
    got = affiliations(nlp, "东营市儿童医院院长韩立新、副市长许文涛出席活动。", titles=False)  # a level's post: that level's own body
    assert ("许文涛", "东营市儿童医院") not in got


def test_foreign_names_written_by_sound_are_kept(nlp):
    from kgraph.extract.world import transliterated

    assert transliterated("普里马科夫") and transliterated("波士顿")
    assert not transliterated("齐鲁道路") and not transliterated("陈思宇") and not transliterated("宜居")
    found = ents(nlp, "克雷蒂安总理昨天抵达波士顿访问。")
    assert ("克雷蒂安", "PERSON") in found
    assert ("波士顿", "PLACE") in found


def test_a_pair_of_country_initials_names_both_countries(tmp_path: Path, nlp):
    from kgraph.extract.world import country_initial_at

    assert country_initial_at("中美关系", 1) == "美国" and country_initial_at("英法两国", 0) == "英国"
    assert country_initial_at("美军基地", 0) is None  # alone, 美 is not the country
    assert country_initial_at("中德产业园", 1) is None  # the pair opens a place's name
    f = tmp_path / "p.txt"
    f.write_text("青山县农机企业参加中德两国经贸洽谈会，德方代表介绍了新机型。\n", encoding="utf-8")
    doc = read_document(f)
    ex = extract_document(nlp, doc, document_articles(doc))
    countries = sorted((m.text, doc.text[m.start : m.end]) for m in ex.mentions if m.label == "PLACE" and m.end - m.start == 1)
    assert countries == [("中国", "中"), ("德国", "德"), ("德国", "德")]


def test_bodies_in_cldrs_territory_list_are_not_places(nlp):
    from kgraph.extract.world import world_places

    assert {"联合国", "欧盟", "欧元区"}.isdisjoint(world_places()) and {"冰岛", "欧洲"} <= world_places()
    assert ("联合国", "PLACE") not in ents(nlp, "代表团出席了联合国会议。")


def test_countries_official_and_former_names_are_places():
    from kgraph.extract.world import world_places

    places = world_places()
    assert {"法兰西共和国", "中华人民共和国", "南斯拉夫社会主义联邦共和国"} <= places
    # ISO 3166-3's neutral zone is a common phrase; China's own regions come from the divisions
    assert {"中立区", "中国台湾省", "中国香港特别行政区"}.isdisjoint(places)


def test_a_byline_outlet_broken_over_two_lines_is_still_found(tmp_path: Path, nlp):
    f = tmp_path / "page.txt"
    f.write_text("青禾网9月2日讯(青禾晚\n报记者 赵小红 孙大伟)近日，白石镇举办农民丰收节，游客三千余人次。\n", encoding="utf-8")
    doc = read_document(f)
    ex = extract_document(nlp, doc, document_articles(doc))
    outlet = [m for m in ex.mentions if (m.text, m.label) == ("青禾晚报", "ORG")]
    assert outlet and doc.text[outlet[0].start : outlet[0].end] == "青禾晚\n报"  # points at the page's characters
    assert {(r.source, r.target) for r in ex.relations} >= {("赵小红", "青禾晚报"), ("孙大伟", "青禾晚报")}


def test_a_post_in_the_body_and_one_in_its_unit_are_both_the_persons(nlp):
    got = affiliations(nlp, "青州市委常委、宣传部部长赵平出席开幕式并致辞。")
    assert got == {("赵平", "青州市委", "常委"), ("赵平", "青州市委宣传部", "部长")}
    got = affiliations(nlp, "东营市儿童医院党委委员、护理部主任许文涛介绍情况。")
    assert got == {("许文涛", "东营市儿童医院", "党委委员"), ("许文涛", "东营市儿童医院护理部", "主任")}
    got = affiliations(nlp, "中宣部副部长、文化部部长孙立在会上讲话。", titles=False)
    assert ("孙立", "中宣部文化部") not in got  # a 部 beside a 部: two ministries


def test_names_the_dictionary_lacks_are_words(nlp):
    """A district's full name and a recent department's short name are found whatever the
    character after them (the dictionary alone reads 兖州|区新|驿镇 and 市人|社局)."""
    assert ("兖州区新驿镇", "PLACE") in ents(nlp, "在兖州区新驿镇，一排排光伏板整齐排列。")
    found = ents(nlp, "市发改委、市人社局、市住建局联合印发了通知。")
    assert {("市人社局", "ORG"), ("市住建局", "ORG")} <= found


def test_county_short_forms_in_a_list_of_places(nlp):
    assert {("平度", "PLACE"), ("莱西", "PLACE")} <= ents(nlp, "平度、莱西两地的农民合作社联合办展。")
    found = ents(nlp, "金乡、鱼台、嘉祥三县今年粮食增产。")
    assert {("金乡", "PLACE"), ("鱼台", "PLACE"), ("嘉祥", "PLACE")} <= found
    assert not any(t.endswith("三县") for t, _ in found)
    # 等地 closes a list of places, not of companies
    found = ents(nlp, "邹城、曲阜、泗水等地的企业参加了招聘会。")
    assert ("邹城", "PLACE") in found and not any(lab == "ORG" for _, lab in found)


def test_an_agreement_signed_is_no_program(nlp):
    """签署 introduces an agreement, and 战略合作 is a way of working together: neither is
    inside a program's name (the composed program ran 某县|签署战略)."""
    found = ents(nlp, "东岭师范学院与青川县签署战略合作协议。")
    assert not any(lab == "PROGRAM" for _, lab in found), found
    assert ("乡村振兴战略", "PROGRAM") in ents(nlp, "全市深入实施乡村振兴战略。")


def test_a_post_of_the_body_referred_to_by_its_kind(nlp):
    """该院院长甲: the body of that kind the article named last (not another kind named later)."""
    text = "青川县税务局和青川县人民医院签订协议。该院院长李明远说，合作将持续。该局副局长赵强也出席。"
    assert affiliations(nlp, text) == {("李明远", "青川县人民医院", "院长"), ("赵强", "青川县税务局", "副局长")}
    assert affiliations(nlp, "该院院长李明远介绍了情况。") == set()  # no body named: nobody to refer to


def test_a_level_written_alone_opens_its_department(nlp):
    found = ents(nlp, "会上，县住房和城乡建设局、县疾病预防控制中心作了发言，市妇女儿童活动中心承办活动。")
    assert {("县住房和城乡建设局", "ORG"), ("县疾病预防控制中心", "ORG"), ("市妇女儿童活动中心", "ORG")} <= found
    assert not any(lab == "ORG" for _, lab in ents(nlp, "他住在市中心。县召开安全生产委员会全体会议。"))


def test_posts_with_their_standing_and_a_place_office(nlp):
    assert affiliations(nlp, "县总工会党组书记、常务副主席王丽出席。") == {("王丽", "县总工会", "党组书记、常务副主席")}
    # the office is the sub-district's, not its party committee's
    rels = affiliations(nlp, "青山街道党工委书记刘芳、办事处主任陈刚参加活动。")
    assert ("陈刚", "青山街道办事处", "主任") in rels


def test_posts_held_in_a_village_or_town(nlp):
    """某村党支部书记甲: the village is a place (not an organization named 某村), and the post is
    held there; a town's own head after its party secretary stays with the town."""
    text = "柳溪村党支部书记、村委会主任王长贵带领村民种植黄桃。"
    assert ("柳溪村", "PLACE") in ents(nlp, text) and ("柳溪村", "ORG") not in ents(nlp, text)
    assert affiliations(nlp, text) == {("王长贵", "柳溪村", "党支部书记、村委会主任")}
    assert affiliations(nlp, "青山镇党委书记张明、镇长刘强出席。") == {("张明", "青山镇", "党委书记"), ("刘强", "青山镇", "镇长")}
    assert affiliations(nlp, "青山医院院长张明、副市长刘强出席。") == {("张明", "青山医院", "院长")}


def test_registered_company_names(nlp):
    """A name in 有限公司 runs back to a mark, a preposition or a pronoun, and a trade name the
    dictionary reads as common words (中铁|十四|局|集团) is still a name."""
    found = ents(nlp, "在高新区，山推工程机械股份有限公司的车间里一片繁忙。该项目由中铁十四局集团有限公司承建。")
    assert {("山推工程机械股份有限公司", "ORG"), ("中铁十四局集团有限公司", "ORG")} <= found
    assert ("东岭如意纺织有限公司", "ORG") in ents(nlp, "他创办了东岭如意纺织有限公司。")
    assert not any(lab == "ORG" for _, lab in ents(nlp, "他在一家科技有限公司上班。这家有限公司去年成立。"))


def test_honours_the_dictionary_lists_and_studios_named_after_people(nlp):
    found = ents(nlp, "他先后荣获“全国五一劳动奖章”“省级劳动模范”。")
    assert {("“全国五一劳动奖章”", "PROGRAM"), ("“省级劳动模范”", "PROGRAM")} <= found
    assert ("张建国劳模创新工作室", "ORG") in ents(nlp, "张建国劳模创新工作室成立于2018年。")
    assert ("市总工会", "ORG") in ents(nlp, "市总工会“职工驿站”建设经验在全省推广。")


def test_venues_are_places(nlp):
    """Stations, bridges, reservoirs and airports named by a place are places; not a kind of
    venue (国际机场) and not a body's service station."""
    found = ents(nlp, "东岭北站改造完工，新建的青川大桥通车，他们在尼山水库巡查，南湖湿地公园吸引了候鸟。")
    assert {("东岭北站", "PLACE"), ("青川大桥", "PLACE"), ("尼山水库", "PLACE"), ("南湖湿地公园", "PLACE")} <= found
    assert ("东岭县农机服务站", "ORG") in ents(nlp, "东岭县农机服务站为农户检修农机。")
    assert not any(t == "国际机场" for t, _ in ents(nlp, "专机降落在首都国际机场。"))


def test_a_surname_and_a_form_of_address_is_only_an_alias(nlp):
    """R3: 张女士 names nobody on its own; after 张丽华 it is her."""
    assert not any(lab == "PERSON" for _, lab in ents(nlp, "张女士告诉记者，孩子今年上小学。患者刘大爷今年72岁。"))
    found = ents(nlp, "市民张丽华前来咨询。张女士告诉记者，孩子今年上小学。")
    assert {("张丽华", "PERSON"), ("张女士", "PERSON")} <= found


def test_a_post_in_a_unit_named_after_the_body(nlp):
    """某医院心血管内科主任医师甲: the post is held in the body's unit (as 某院刑一庭 审判员)."""
    got = affiliations(nlp, "东岭医学院附属医院心血管内科主任医师王海涛介绍。东岭县人民法院民一庭庭长赵强说。")
    assert got == {("王海涛", "东岭医学院附属医院心血管内科", "主任医师"), ("赵强", "东岭县人民法院民一庭", "庭长")}
