"""Article recovery on small pages written for the test (layout rules, not seed text)."""

from __future__ import annotations

from kgraph.ingest.articles import build_articles
from kgraph.ingest.blocks import to_blocks
from kgraph.ingest.cleantext import CleanText
from kgraph.ingest.titles import best_partition, change_point, similarity


def articles(page: str):
    return build_articles("doc", to_blocks(CleanText.of(page)))


ORCHARD = (
    "青山县果园合作社今年苹果丰收，合作社社员采摘苹\n果三万斤，苹果销往全国各地。\n\n"
    "合作社负责人介绍，苹果品质提升得益于合作社引进\n的新品种和果园管理技术，苹果亩产明显增加。\n\n"
)
BRIDGE = (
    "本报河东讯（通讯员 钱立新）近日，河东大桥建成通\n车，大桥全长两千米，大桥连接河东河西两岸。\n\n"
    "大桥建设历时三年，施工单位克服汛期困难，确保大\n桥按期通车，两岸群众出行时间大幅缩短。\n\n"
)


def test_title_printed_after_its_article_and_a_news_lead_starts_the_next():
    page = ORCHARD + "青山苹果丰收\n\n" + BRIDGE + "河东大桥通车\n"
    arts = articles(page)
    assert [a.title for a in arts] == ["青山苹果丰收", "河东大桥通车"]
    assert arts[1].byline.people == ["钱立新"] and arts[1].body.startswith("近日，河东大桥")


def test_title_printed_before_its_article_with_byline():
    page = "青山苹果丰收\n□赵小红\n\n" + ORCHARD + "河东大桥通车\n□孙大伟\n\n" + BRIDGE.replace("本报河东讯（通讯员 钱立新）", "")
    arts = articles(page)
    assert [(a.title, a.byline.people) for a in arts] == [("青山苹果丰收", ["赵小红"]), ("河东大桥通车", ["孙大伟"])]


def test_section_heads_stay_inside_the_article():
    page = ORCHARD + "品种更新\n\n" + ORCHARD.replace("今年", "去年") + "苹果丰收\n"
    arts = articles(page)
    assert len(arts) == 1 and arts[0].title == "苹果丰收" and "品种更新" in arts[0].body


def test_stacked_titles_go_to_the_articles_they_name():
    page = (
        ORCHARD + "■乡村振兴专栏\n\n" + BRIDGE.replace("本报河东讯（通讯员 钱立新）", "") + "河东大桥\n\n通车\n\n青山合作社\n\n苹果丰收\n"
    )
    arts = articles(page)
    assert [a.title for a in arts] == ["青山合作社 苹果丰收", "河东大桥 通车"]


def test_doubled_headlines_and_double_spaced_columns():
    lines = ["合作社负责人介绍，苹果品质提升得益于合作社", "引进的新品种和果园管理技术，苹果亩产明显增", "加，社员收入也随之提高。"]
    page = "\n\n".join(lines) + "\n\n丰收丰收 喜悦喜悦\n"
    arts = articles(page)
    assert arts[0].title == "丰收 喜悦"
    assert arts[0].body == "".join(lines)  # the blanks after full lines were wraps


def test_wrap_before_the_tail_of_a_clause_in_a_double_spaced_column():
    # the second line has no clause punctuation of its own, but the third goes on with it
    lines = ["合作社负责人介绍，今年五个村的果农共同组建了", "青山镇苹果种植和果品加工技术服务联", "盟，社员收入也随之提高了很多很多。"]
    arts = articles("\n\n".join(lines) + "\n\n苹果丰收\n")
    assert "服务联盟，社员" in arts[0].body
    # a paragraph may open with two characters and a comma: a section head before it stays apart
    lines = [
        "合作社负责人介绍，今年五个村的果农共同组建了服务联盟，社员收入也随之提高了很多。",
        "精准发力精准发力 推进果园提质增效推进果园提质增效",
        "去年，合作社引进新品种，社员收入随之提高了很多很多。",
    ]
    arts = articles("\n\n".join(lines) + "\n\n苹果丰收\n")
    assert "精准发力 推进果园提质增效\n去年，" in arts[0].body


def test_title_matching_helpers():
    assert similarity("苹果丰收苹果", "苹果丰收") > similarity("苹果丰收", "大桥通车")
    parts = best_partition(["大桥通车", "苹果丰收"], ["苹果丰收了很多苹果", "大桥通车了"])
    assert sorted((a, k) for a, _, k in parts) == [(0, 1), (1, 0)]
    paras = ["苹果丰收，苹果香。", "果园苹果多。", "大桥通车，大桥长。", "大桥连两岸。"]
    assert change_point(paras, "苹果丰收", "大桥通车") == 2


def test_a_feature_page_whose_title_block_came_out_last():
    # sections under section heads first, then the page's title, byline block and lead
    section = ORCHARD.replace("\n\n", "\n")
    page = (
        "果园兴旺果园兴旺 品种更新品种更新\n\n" + section + "\n" + section + "\n"
        "管理升级管理升级 技术进园技术进园\n\n" + section + "\n"
        "青山果业走在前\n——青山县果园合作社成长纪事\n\n本报记者 赵小红 本报通讯员 孙大伟\n\n"
        "一年来，青山县果园合作社带领社员种好果树，苹果产量和品质双双提升，社员收入稳步增长。\n\n"
        "（图片由合作社提供）\n"
    )
    arts = articles(page)
    assert len(arts) == 1
    assert arts[0].title.startswith("青山果业走在前") and arts[0].byline.people == ["赵小红", "孙大伟"]
    assert arts[0].body.startswith("果园兴旺 品种更新") and "一年来，青山县" in arts[0].body


def test_a_short_last_article_with_a_news_lead_stays_apart():
    page = "青山苹果丰收\n\n" + ORCHARD + ORCHARD + "河东大桥通车\n\n" + BRIDGE.split("\n\n")[0] + "\n"
    arts = articles(page)
    assert [a.title for a in arts] == ["青山苹果丰收", "河东大桥通车"]


def test_wraps_across_blanks_on_pages_of_irregular_line_lengths():
    lines = [
        "青山县果园合作社今年苹果丰收，合作社社员采摘苹果三万斤，合作社打造“青山红·果香",
        "满园”特色品牌，苹果销往全国各地，评价结果上报县人大和",
        "县政府，作为决策参考。合作社负责人介绍，苹果品质提升得益于合作社引进的新品种和管理技术，苹果",
        "的亩产明显增加，推行“果树认养”计划，各生产小组组长全部由种植能手担任，社员收入",
        "也随之提高，果园的规模逐年扩大。",
    ]
    arts = articles("\n\n".join(lines) + "\n\n青山苹果丰收\n")
    assert len(arts) == 1 and arts[0].body == "".join(lines)


def test_a_byline_after_a_title_whose_article_has_one_opens_the_next_article():
    page = BRIDGE + "河东大桥通车\n\n■本报通讯员 赵小红 孙大伟\n\n" + ORCHARD + "青山苹果丰收\n"
    arts = articles(page)
    assert [(a.title, a.byline.people) for a in arts] == [("河东大桥通车", ["钱立新"]), ("青山苹果丰收", ["赵小红", "孙大伟"])]


def test_a_dateline_names_its_outlet_and_the_reporters_paper():
    from kgraph.ingest.bylines import parse_lead

    b, n = parse_lead("东山网6月2日讯 (南川晚报记者 韩东 通讯员 魏然)近日，大桥通车。")
    assert b.site == "东山网" and b.org == "南川晚报" and b.title == "记者"
    assert b.people == ["韩东", "魏然"] and b.members == ["韩东"]  # the 通讯员 is not the paper's
    assert "近日" not in b.text and n == len(b.text)


def test_a_sentence_holding_bao_and_dian_is_no_dateline():
    from kgraph.ingest.bylines import parse_lead

    assert parse_lead("青山县已有类似报警电话三百部。") == (None, 0)  # 报|警|电: one character, no date
    b, _ = parse_lead("本报青山5月2日电 大桥今天通车。")
    assert b.place == "青山"


def test_a_byline_after_the_text_closes_its_article_and_two_byline_lines_are_one():
    closing = "青山苹果丰收\n\n" + ORCHARD + "记者 赵小红 通讯员 孙大伟\n"
    (art,) = articles(closing)
    assert art.byline.people == ["赵小红", "孙大伟"]
    two_lines = "青山苹果丰收\n\n本报记者 赵小红\n通讯员 孙大伟 钱立新\n" + ORCHARD
    (art,) = articles(two_lines)
    assert art.byline.people == ["赵小红", "孙大伟", "钱立新"] and art.body.startswith("青山县果园合作社")


def test_reporters_named_at_the_end_join_a_lead_that_names_nobody():
    page = (
        "某某区教育局开展节日慰问活动\n本报讯 秋高气爽，某某区领导一行走访慰问一线教师。\n"
        "区领导表示，要把老师的冷暖放在心上。\n记者 王小明 通讯员 赵晓红 孙立\n"
    )
    (art,) = articles(page)
    assert art.byline.people == ["王小明", "赵晓红", "孙立"] and "通讯员" in art.byline.text
    assert "王小明" not in art.body  # the names are the byline's, not the story's


def test_a_bracketed_name_closing_the_last_paragraph_is_the_byline():
    (art,) = articles("某某镇开展义诊\n本报讯 近日，某某镇卫生院开展义诊活动，服务群众二百余人次。(李向东 )\n")
    assert art.byline.people == ["李向东"] and art.body.endswith("人次。")


def test_a_short_last_line_after_the_byline_is_kept_not_dropped():
    page = "某镇发展特色产业\n\n合作社规模扩大以后，社员收入逐年提高，各项指标均创新高。（王小明）\n\n本文来源：某某区融媒体中心\n"
    (art,) = articles(page)
    assert art.body.endswith("本文来源：某某区融媒体中心") and art.byline.people == ["王小明"]


def test_a_bracketed_byline_ends_its_paragraph_and_the_editor_credit_is_no_title():
    page = (
        "某镇发展特色产业\n\n合作社规模扩大以后，社员收入逐年提高，各项指标均创新高 。 (王小明 )\n【某某客户端|某镇:产业兴旺】责编:赵六\n"
    )
    (art,) = articles(page)
    assert art.title == "某镇发展特色产业" and art.byline.people == ["王小明"]
    assert art.body.endswith("【某某客户端|某镇:产业兴旺】责编:赵六")  # kept as text: the editor is named there


def test_a_file_of_short_lines_only_is_read_not_lost():
    one = articles("青山县农机站站长赵小红\n")  # one line, no end mark: no body would follow a headline
    assert len(one) == 1 and one[0].body == "青山县农机站站长赵小红" and one[0].sentences
    names = articles("青山县农机站\n\n河东大桥管理处\n\n白石镇卫生院\n")
    assert len(names) == 1 and all(n in names[0].body for n in ("青山县农机站", "河东大桥管理处", "白石镇卫生院"))


# Columns wrap bylines wherever the width runs out. Each page below is one story with its
# byline broken over two lines the way a narrow column breaks it.
STORY = "近日，白石镇举办农民丰收节，各村合作社带来特色农产品参展，吸引游客三千余人次。\n"


def test_a_dateline_wrapped_inside_its_bracket_stays_one_byline():
    indented = "某某网9月2日讯(某某晚报记者 赵小红\n 通讯员 孙大伟)" + STORY
    (art,) = articles(indented)  # the next line is indented, yet the bracket is still open
    assert art.byline.people == ["赵小红", "孙大伟"] and art.byline.org == "某某晚报"
    assert art.body.startswith("近日") and art.title == ""
    outlet_cut = "某某网9月2日讯(某某晚\n报记者 赵小红 孙大伟)" + STORY
    (art,) = articles(outlet_cut)
    assert art.byline.people == ["赵小红", "孙大伟"] and art.byline.org == "某某晚报"
    two_wraps = "某某网9月2日讯(某\n某晚报记者 赵小红 通讯员\n 孙大伟)" + STORY  # still open after the first wrap
    (art,) = articles(two_wraps)
    assert art.byline.people == ["赵小红", "孙大伟"] and art.byline.org == "某某晚报"


def test_a_space_printed_at_a_wrap_separates_two_names():
    (art,) = articles("某某网9月2日讯(某某晚报记者 赵小红 \n孙大伟)" + STORY)
    assert art.byline.people == ["赵小红", "孙大伟"]  # not one name 赵小红孙大伟
    (art,) = articles("青山县果园合作社今年苹果丰收，合作社社员采摘苹\n果三万斤。\n")
    assert art.body == "青山县果园合作社今年苹果丰收，合作社社员采摘苹果三万斤。"  # no space printed, none added


def test_a_name_glued_to_the_next_role_word_is_read_apart():
    (art,) = articles("本报讯（记者 赵小红通讯员 孙大伟）" + STORY)
    assert art.byline.people == ["赵小红", "孙大伟"]


def test_a_byline_list_wrapped_at_the_end_of_the_article_keeps_every_name():
    printed_space = "青山苹果丰收\n\n" + ORCHARD + "记者 赵小红 通讯员 孙大伟 钱立新 \n周晓光 吴明\n"
    (art,) = articles(printed_space)
    assert art.byline.people == ["赵小红", "孙大伟", "钱立新", "周晓光", "吴明"]
    cut_name = "青山苹果丰收\n\n" + ORCHARD + "记者 赵小红 通讯员 孙大伟 钱\n立新 周晓光\n"
    (art,) = articles(cut_name)
    assert art.byline.people == ["赵小红", "孙大伟", "钱立新", "周晓光"]
    cut_then_names = "青山苹果丰收\n\n" + ORCHARD + "记者 赵小红 通讯员 孙大\n伟 钱立新\n"
    (art,) = articles(cut_then_names)
    assert art.byline.people == ["赵小红", "孙大伟", "钱立新"]
    last_char = "青山苹果丰收\n\n" + ORCHARD + "记者 赵小红 通讯员 孙大伟 钱立\n新\n"
    (art,) = articles(last_char)
    assert art.byline.people == ["赵小红", "孙大伟", "钱立新"] and not art.body.endswith("新")
    two_and_two = "青山苹果丰收\n\n" + ORCHARD + "记者 赵小红 通讯员 孙伟\n李强 周明\n"
    (art,) = articles(two_and_two)
    assert "孙伟李强" not in art.byline.people  # two names of two whose space was lost are no one name
    headline_next = ORCHARD + "记者 赵小红\n河东大桥通车\n\n" + BRIDGE
    assert articles(headline_next)[0].byline.people == ["赵小红"]  # no space, no cut name: a new block


def test_a_bracketed_name_cut_at_the_wrap_still_closes_the_paragraph():
    page = (
        "某镇发展特色产业\n\n合作社规模扩大以后，社员收入逐年提高，各项指标均创新高。(李\n向东 )\n【某某客户端|某镇:产业兴旺】责编:赵六\n"
    )
    (art,) = articles(page)
    assert art.byline.people == ["李向东"] and art.body.endswith("责编:赵六") and "李向东" not in art.body


def test_a_source_credit_is_text_not_a_title():
    page = ORCHARD + "合作社规模扩大以后，社员收入逐年提\n高。\n来源:某某县农业农村局\n"
    (art,) = articles(page)
    assert art.title == "" and art.body.endswith("来源:某某县农业农村局")


def test_a_double_spaced_narrow_column_with_ascii_punctuation_is_one_paragraph():
    lines = ["白石镇举办农民丰收节,各", "村合作社带来特色农产品参", "展,吸引游客三千余人次。"]
    (art,) = articles("\n\n".join(lines) + "\n")
    assert art.body == "".join(lines)  # the comma is ASCII, as pages copied from the web write it
    no_mark = ["白石镇举办农民丰收节,各", "村合作社带来特色农产品参", "展吸引游客三千余人次和各", "地客商。"]
    (art,) = articles("\n\n".join(no_mark) + "\n")
    assert art.body == "".join(no_mark)  # a full line without a mark goes on a paragraph that reads as prose


def test_a_byline_wrapped_in_a_double_spaced_column_stays_one():
    page = "某某网9月2日讯(某某晚\n\n报记者 赵小红 孙大伟)近日，白石镇举办农民丰收节，游客三千余人次。\n"
    (art,) = articles(page)
    assert art.byline.people == ["赵小红", "孙大伟"] and art.byline.org == "某某晚报"
    closing = "青山苹果丰收\n\n" + ORCHARD + "记者 赵小红 通讯员 孙大\n\n伟 钱立新\n"
    (art,) = articles(closing)
    assert art.byline.people == ["赵小红", "孙大伟", "钱立新"]


def test_a_document_title_wrapped_in_a_double_spaced_column_stays_in_its_paragraph():
    lines = ["近日，某县文化和旅游局印发", "《某县文化和旅游局关于开展", "2024年全域旅游推广活动的通", "知》，部署全县各项工作。"]
    (art,) = articles("\n\n".join(lines) + "\n")
    assert art.body == "".join(lines)
    alone = [*lines[1:3], "知》"]  # the title mark left open runs on over the blanks
    (art,) = articles("\n\n".join(alone) + "\n")
    assert art.body == "".join(alone) and art.title == ""
