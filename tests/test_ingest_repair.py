"""Each repair on small examples written for the test."""

from __future__ import annotations

from kgraph.ingest.cleantext import CleanText
from kgraph.ingest.repair import fold_script, fold_width, join_wrapped, split_lines, squeeze_spaces, undouble, unspace_letters
from kgraph.ingest.sentences import split_sentences


def ct(s: str) -> CleanText:
    return CleanText.of(s)


def test_numbers_lose_stray_spaces():
    assert squeeze_spaces(ct("营收 34 . 5 亿元")).text == "营收34.5亿元"
    assert squeeze_spaces(ct("共 1 8 个项目")).text == "共18个项目"
    assert squeeze_spaces(ct("增长 25 . 7 万项，（CMI ）")).text == "增长25.7万项，（CMI）"


def test_spaces_between_words_survive_once():
    assert squeeze_spaces(ct("通讯员  王小明")).text == "通讯员 王小明"
    assert squeeze_spaces(ct("big  data")).text == "big data"


def test_wrapped_lines_join_inside_chinese_and_keep_latin_words_apart():
    lines = split_lines(ct("某某市第一人民医\n院召开会议\nhello\nworld"))
    assert join_wrapped(lines).text == "某某市第一人民医院召开会议hello world"


def test_letter_spaced_lines_lose_their_spacing_but_keep_word_gaps():
    spread = ct("青 山 县 人 民 医 院   举 办 义 诊")
    assert unspace_letters(spread).text == "青山县人民医院   举办义诊"  # squeeze_spaces makes the gap one space
    assert squeeze_spaces(unspace_letters(spread)).text == "青山县人民医院 举办义诊"
    byline = ct("记 者   赵 小 红   通 讯 员   孙 大 伟")
    assert squeeze_spaces(unspace_letters(byline)).text == "记者 赵小红 通讯员 孙大伟"
    for normal in ("记者 赵小红 通讯员 孙大伟", "本报讯（记者 赵小红）近日，某镇举办义诊。", "王 群"):
        assert unspace_letters(ct(normal)).text == normal  # words spaced as words, or too short to tell
    got = unspace_letters(spread)
    i = got.text.index("人民医院")
    start, end = got.span(i, i + 4)
    assert spread.text[start:end] == "人 民 医 院"  # offsets still point at the page


def test_a_letter_spaced_page_reads_as_the_same_text():
    from kgraph.ingest.articles import build_articles
    from kgraph.ingest.blocks import to_blocks

    page = "青山县举办农民丰收节\n\n近日，青山县举办农民丰收节，各村合作社带来特色农产品参展。（赵小红）\n"
    spaced = "\n".join(" ".join(line) for line in page.split("\n"))
    (plain,) = build_articles("a", to_blocks(ct(page)))
    (art,) = build_articles("b", to_blocks(ct(spaced)))
    assert (
        (art.title, art.body, art.byline.people)
        == (plain.title, plain.body, plain.byline.people)
        == (
            "青山县举办农民丰收节",
            "近日，青山县举办农民丰收节，各村合作社带来特色农产品参展。",
            ["赵小红"],
        )
    )


def test_doubled_headline_parts_are_undoubled():
    assert undouble(ct("团结奋进团结奋进 再创佳绩再创佳绩")).text == "团结奋进 再创佳绩"
    assert undouble(ct("好好学习")).text == "好好学习"  # a real word is not a doubled one


def test_full_width_ascii_folds_but_chinese_punctuation_stays():
    assert fold_width(ct("ＡＢＣ１２３，（）")).text == "ABC123，（）"


def test_offsets_survive_every_repair():
    original = "开头\n某某市第一人民医\n院 34 . 5 亿元"
    lines = split_lines(ct(original))
    cleaned = squeeze_spaces(join_wrapped(lines))
    assert cleaned.text == "开头某某市第一人民医院34.5亿元"
    i = cleaned.text.index("人民医院")
    start, end = cleaned.span(i, i + 4)
    assert original[start:end].replace("\n", "") == "人民医院"


def test_sentences_end_after_closing_quotes_and_ellipsis():
    s = split_sentences(ct("他说：“好。”然后离开了！真的吗？是的……再见；明天见"))
    assert [x.text for x in s] == ["他说：“好。”", "然后离开了！", "真的吗？", "是的……", "再见；", "明天见"]


def test_traditional_characters_fold_to_simplified_one_for_one():
    folded = fold_script(ct("臺灣醫院與廣東大學"))
    assert folded.text == "台湾医院与广东大学"
    assert folded.origin == list(range(9))


def test_simplified_text_keeps_characters_that_are_traditional_elsewhere():
    # 乾 and 崑 are traditional forms of 干 and 昆, and also characters of names in
    # simplified text: a simplified text is not folded, a traditional one is
    assert fold_script(ct("会上，王振乾和李崑生发了言，他们说")).text == "会上，王振乾和李崑生发了言，他们说"
    assert fold_script(ct("會上，王振乾發了言，他們說")).text == "会上，王振干发了言，他们说"
