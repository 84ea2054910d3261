"""Rule layer: names composed by general Chinese naming patterns.

All vocabularies (organization heads, program heads, titles, place suffixes) are data files
in kgraph/data; this module only knows the shapes:

- POLICY   《…》
- PROGRAM  “quoted name” + optional words + program head (“X”培育工程, “X”工业设计大赛),
           an ordinal edition + name + head (第八届…文化节), a number + 工作法
- ORG      a place or organization + name words + organization head
           (place + 第二人民医院, 大学 + 附属医院 + 党委); a title that follows is not swallowed
- PROGRAM  honours: a title conferred by a verb (获…称号, 荣获“…”称号) and a scoped honour
           counted in people (全国…工匠 8 人)
- PERSON   title + name (主任王芳, 通讯员 李明)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, cached_property

import rjieba
from spacy.language import Language
from spacy.tokens import Doc

from kgraph.data import chars, word_list, word_set
from kgraph.extract.candidates import COMMON_POS, Origin, body_heads, candidates, common_words, head_of, propose, title_overlap
from kgraph.extract.gazetteer import county_short_forms, is_known_place, starts_with_place
from kgraph.extract.names import LEVEL_WORDS, STATIONED, four_char_phrase
from kgraph.extract.registry import Rule, neg, ordered, pos, rule
from kgraph.extract.tokens import Words, words

Found = tuple[int, int, str]  # (start, end, label) proposed by a rule

_CJK = "\u4e00-\u9fff"
# Parts of speech allowed inside a composed organization name (nouns, names, numerals,
# abbreviations, distinguishing words); a verb or a function word ends the name.
_NAME_POS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "m", "mq", "j", "b", "an", "vn", "eng", "f", "g", "ng", "s", "q", "a", "k", "z"}
_LIST_ITEM_POS = {"n", "nr", "nrt", "nz", "ns", "nt", "j", "eng", "nrfg", "l", "b"}
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff\w（）()]+")
_CJK_WORD = re.compile(rf"[{_CJK}]+")
_YEAR_BEFORE = re.compile(r"(?<!\d)\d{4}年度?$")
_NUMBERED_UNIT = re.compile(r"\d{2,4}(?:所|厂|院|研究所)")
_QUOTED_UNIT = re.compile(rf"“[{_CJK}]{{2,10}}(?:党支部|支部|党委|党总支|工作室|服务队|突击队)”")
# a court's numbered chambers (刑一庭, 民二庭) and a school's campuses (东校区, 分校)
_CHAMBER = re.compile(r"(?:[刑民行商][一二三四五六七八九十]庭|立案庭|执行局|[东南西北新老本主]校区|分校)")
_ZH_NUMBER = "一二三四五六七八九十百"
_LARGE_NUMERALS = frozenset("百千万")
# 在某某网展播, 据某某网报道: a news site (not 互联网, 电网, 官网: kgraph/data/network_words.txt)
_SITE = re.compile(rf"(?:在|据|登录|通过|经)(?P<name>[{_CJK}]{{1,4}}网)(?![{_CJK}]?[络站页点民友格])")
_RECIPIENTS = re.compile(r"等[\d０-９一二三四五六七八九十百]*[个名位家所]?(?:单位|个人|同志|人)?")
_COUNT = re.compile(r"[\d一二三四五六七八九十两]+[个家项名所座支]")  # 30个…: a count, not a name


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


@cache
def _introducing_verbs() -> frozenset[str]:
    """Verbs that introduce a name and so stand before it, never inside (建设|某某实验室,
    获批|某某示范企业, 成立|某某联盟)."""
    lists = ("program_verbs.txt", "program_breaks.txt", "founding_verbs.txt", "honor_verbs.txt")
    return frozenset(w for name in lists for w in word_set(name))


def _left_edge(w: Words, i: int | None, end: int, budget: int, takes: Callable[[int], bool]) -> int | None:
    """Walking back from word ``i``, where the run of words that ``takes`` accepts begins,
    within ``budget`` characters of ``end``; None when not even word ``i`` is taken."""
    start = None
    while i is not None and i >= 0 and end - w.starts[i] <= budget and takes(i):
        start = w.starts[i]
        i -= 1
    return start


def _in_row(text: str, quotes: list[re.Match[str]], a: int, b: int) -> bool:
    """Quotations in a row, touching or separated by 、, form one list."""
    return text[quotes[a].end() : quotes[b].start()] in ("", "、")


def _before_quotation_run(w: Words, quotes: list[re.Match[str]], k: int) -> str:
    """The few characters before the run of quotations that holds quotation ``k`` and the
    scope, edition and place words opening it (荣获|“甲”“乙”, 实施|全省“某某”): where the verb
    that introduces them stands."""
    first = k
    while first > 0 and _in_row(w.text, quotes, first - 1, first):
        first -= 1
    opening = _scope_start(w, quotes[first].start())
    return w.text[max(0, opening - 6) : opening]


def _scope_start(w: Words, at: int, places_only: bool = False) -> int:
    """Where the scope, edition and place words that end at ``at`` begin (首届|全国|“…”大赛,
    第八届|“…”节, 某省|“…”); ``at`` when there are none. ``places_only``: a quoted title
    without a head takes its place (某省“某某社区”) but not a scope (全省“十佳…”)."""

    def takes(k: int) -> bool:
        word = w.texts[k]
        scope = word in word_set("scope_words.txt") or (word.startswith("第") and word.endswith("届"))
        return (scope and not places_only) or is_known_place(word)

    start = _left_edge(w, w.index_ending_at(at), at, 12, takes)
    return at if start is None else start


def name_ends_school(name: str) -> bool:
    """Schools have campuses; courts and bureaus have chambers."""
    return name.endswith(("学校", "小学", "中学", "大学", "学院", "中"))


def _list_word(w: Words, k: int) -> bool:
    """Can word ``k`` stand in a listed name? Nouns and names; a numeral tag only on a word
    without numbers (the segmenter tags 日 of 某某服务日 as one)."""
    word, tag = w.texts[k], w.tags[k]
    return tag in _LIST_ITEM_POS or (tag == "m" and not any(ch.isdigit() or ch in chars("numerals.txt") for ch in word))


def _no_clause(text: str) -> bool:
    """No adverb, preposition or pronoun in ``text``: a name, not a statement (“两岸均坚持某原则”);
    verbs stand in names (某某献血费用减免信息系统)."""
    return not any(tag in ("d", "p", "ad", "r") for _, tag in rjieba.tag(text))


@cache
def _strict_program_heads() -> tuple[str, ...]:
    """Program heads that may end a name (without the loose ones: 平台, 模式 …)."""
    loose = word_set("program_heads_loose.txt")
    return tuple(h for h in word_list("program_heads.txt") if h not in loose)


# composed names start where the model or the gazetteer found a place or a body
_TAGGED = (Origin.MODEL, Origin.GAZETTEER)


class RuleRecognizer:
    """Runs the registered proposal rules of this component in the declared order."""

    def __init__(self, max_org_chars: int = 24) -> None:
        self.max_org_chars = max_org_chars
        self.rules: list[Rule] = ordered("kgraph_rules")

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        prog = _alternation(word_list("program_heads.txt"))
        titles = _alternation(word_list("titles.txt"))
        return {
            "policy": re.compile(r"《[^《》\n]{2,40}》"),
            "quote": re.compile(r"[“‘]([^“”‘’\n]{2,24})[”’]"),  # double or single quotes: ‘小水滴’计划
            "head_after": re.compile(rf"(?P<between>[{_CJK}\w+]{{0,6}}?)(?P<head>{prog})"),
            # 县委八届五次全会, 十三届全国人大四次会议: a numbered session of a body
            "session": re.compile(
                rf"(?:[省市县区镇]委|党委|中央)?[一二三四五六七八九十]{{1,3}}届(?:[{_CJK}]{{0,8}}?)[一二三四五六七八九十]{{1,3}}次(?:全会|全体会议|会议|代表大会)"
            ),
            # 评选出最美某某20位、最佳某某30个: an honour named by a superlative, counted
            "superlative_title": re.compile(
                rf"(?:{_alternation(word_list('superlative_markers.txt'))})[{_CJK}]{{2,10}}?(?=\s?\d+\s?[位个名家项支])"
            ),
            # 第40个植树节, 第十个国家宪法日: the Nth observance of a day or festival
            "numbered_day": re.compile(rf"第[一二三四五六七八九十百\d]{{1,4}}个[{_CJK}]{{1,8}}?(?:节|日|周)"),
            # a place in brackets may stand inside (第五届中国（某市）…节)
            "edition_program": re.compile(rf"第[一二三四五六七八九十百\d]{{1,4}}届(?:[{_CJK}“”\w]|（[{_CJK}]{{2,8}}）){{2,18}}?(?:{prog})"),
            "method": re.compile(r"\d{2,6}(?:工作法|工程|模式)"),
            # national strategies are named "<word>中国": 平安中国战略, 美丽中国行动
            "national": re.compile(rf"[{_CJK}]{{2}}中国(?:战略|行动)"),
            "title_person": re.compile(rf"(?:{titles})\s?(?P<name>[{_CJK}]{{2,3}})"),
            # a name the segmenter does not know, closed by punctuation or a verb of speech
            "title_unknown_person": re.compile(
                rf"(?:{titles})\s?(?P<name>[{_CJK}]{{2,3}})(?=[，。、；：（\s]|在|表示|说|介绍|指出|强调|认为|告诉)"
            ),
            # 获市级文明单位称号, 荣获首批“某某示范医院”称号
            "conferred": re.compile(
                rf"(?:{_alternation(word_list('honor_verbs.txt'))})了?(?:首批)?(?!得)(?P<name>[{_CJK}\w“”（）·]{{4,30}}?)(?:荣誉)?称号"
            ),
            # 实施乡村振兴战略: a strategy named by the verb that carries it out
            "strategy": re.compile(rf"(?:实施|落实|贯彻|推进|服务)(?P<name>[{_CJK}]{{3,10}}?战略)"),
            # 全国某行业工匠 8 人, 省某某能手28 名
            "counted_honour": re.compile(rf"(?:{_alternation(word_list('honor_heads.txt'))})(?=\s?\d+\s?[人名位])"),
            # …试点医院, …示范企业, …优秀案例: a marker and what it is conferred on
            "designation": re.compile(
                rf"(?:{_alternation(word_list('designation_markers.txt'))})[{_CJK}]{{0,4}}?(?:{_alternation(word_list('designation_heads.txt'))})"
            ),
            # 国家 + common words + a centre, base, laboratory or specialty: 国家工程研究中心, 国家重点专科
            "national_designation": re.compile(
                rf"国家(?P<mid>[{_CJK}]{{2,8}}?)(?:{_alternation(tuple(h for h in word_list('designation_heads.txt') if h.endswith(word_list('national_designation_heads.txt'))))})"
            ),
            # 某某银行某县支行, 建行某市某县支行
            "bank_branch": re.compile(
                rf"(?:[{_CJK}]{{2,8}}?银行|{_alternation(word_list('bank_short_names.txt'))})(?P<place>[{_CJK}]{{2,8}}?)(?:支行|分行|分理处|营业部)"
            ),
            # 二十一中, 七中(东校区), 第五幼儿园 standing in a list
            "numbered_school": re.compile(
                rf"(?:[{_ZH_NUMBER}]{{1,3}}中|第[{_ZH_NUMBER}]{{1,3}}(?:{_alternation(word_list('numbered_school_heads.txt'))}))(?=[、，,。；;和及与]|[东南西北新老]校区|$)"
            ),
            # 某某船舶（某市）有限公司
            "bracketed_place": re.compile(rf"（(?P<place>[{_CJK}]{{2,8}}?)）(?:{_alternation(word_list('org_heads.txt'))})"),
        }

    def __call__(self, doc: Doc) -> Doc:
        for r in self.rules:
            propose(doc, r, r.fn(self, doc))
        return doc

    def _quoted_programs(self, doc: Doc) -> list[Found]:
        """A quoted name is a program when a program head follows it (“某某”培育工程) or ends
        it (“某某工程”), when it is listed before 等 (“甲”“乙”等活动), when a program verb
        introduces it (实施“某某”), or when it is a numbered formula (“五个坚持”, “三查两访”).
        A quotation holding a clause (、，), or followed by 的 or a slogan noun (理念, 精神), is
        a slogan; one the dictionary lists as a word (“雪中送炭”) is a figure of speech, and
        quotations listed before 等问题 name faults."""
        w = words(doc)
        text = w.text
        out: list[Found] = []
        quotes = list(self.patterns["quote"].finditer(text))
        for k, m in enumerate(quotes):
            inner, end = m.group(1), m.end()
            # scope, edition and place words just before the quote belong to the name
            # (首届全国“某某杯”大赛, 某省“某某社区”); not after another quote of a run
            adjacent = k > 0 and quotes[k - 1].end() == m.start()
            start = m.start() if adjacent else _scope_start(w, m.start())
            bare_start = m.start() if adjacent else _scope_start(w, m.start(), places_only=True)
            if any(c in inner for c in "，,。；：") or text.startswith(("）", ")"), end):
                continue
            after = text[end : end + 6]
            if after.startswith("的") or after.startswith(word_list("slogan_nouns.txt")):
                continue
            head = self.patterns["head_after"].match(text, end)
            # “某某”培育工程 joins its head; not across a verb or 等 (“某某”获…奖, “甲”“乙”等活动);
            # a loose head (模式, 体系, 品牌) only when at most two characters come between
            # (“某某”多元模式, but “跨某某”协同创新平台 is a description)
            if (
                head
                and not any(ch in word_set("function_chars.txt") for ch in head.group("between"))
                and (head.group("head") not in word_list("program_heads_loose.txt") or len(head.group("between")) <= 2)
            ):
                stop = head.end()
                more = self.patterns["head_after"].match(text, stop)
                if more and not more.group("between"):
                    stop = more.end()  # “某某”创新项目|大赛: heads run on
                out.append((start, stop, "PROGRAM"))
                continue
            if "、" in inner:
                continue  # a list of clauses names something only with its head: “甲、乙”机制
            if inner.endswith(word_list("program_heads.txt")) and len(inner) >= 4 and _no_clause(inner):
                out.append((start, end, "PROGRAM"))  # “某某工程”, “某某救助项目”
                continue
            product = inner[-1:] in chars("quoted_product_endings.txt") and not any(ch in chars("numerals.txt") for ch in inner)
            if product and len(inner) >= 3 and _no_clause(inner) and not rjieba.has_word(inner):
                out.append((m.start(), end, "PROGRAM"))  # a product: “某某贷”, “某某惠民保”
                continue
            before = _before_quotation_run(w, quotes, k)
            honoured = before.endswith(word_list("honor_verbs.txt"))
            if len(inner) >= 3 and rjieba.has_word(inner) and rjieba.tag(inner)[0][1] != "m" and not honoured:
                continue  # an idiom or set phrase the dictionary lists (“雪中送炭”, “一站式”): a figure of speech; a number (“十四五”) names a plan; an honour conferred (荣获“五一劳动奖章”) is one
            # a run of adjacent quotations ends with 等 → every one of them is listed
            j = k
            while j + 1 < len(quotes) and _in_row(text, quotes, j, j + 1):
                j += 1
            # “甲”“乙”等活动 lists programs; “甲”“乙”等问题 lists faults
            listed = text.startswith("等", quotes[j].end()) and not text.startswith(word_list("fault_nouns.txt"), quotes[j].end() + 1)
            introduced = honoured or before.endswith(word_list("program_verbs.txt"))
            numbered = (
                3 <= len(inner) <= 8
                and (
                    inner[0] in chars("numerals.txt")
                    # 百/千/万 open a formula only with a second count inside: 千企万户, 百县千乡
                    # (百年老店 is a phrase)
                    or (inner[0] in _LARGE_NUMERALS and any(ch in _LARGE_NUMERALS for ch in inner[1:]))
                )
            )
            if listed or introduced or numbered:
                out.append((bare_start, end, "PROGRAM"))
        return out

    def _coined_programs(self, doc: Doc) -> list[Found]:
        """A coined word + a program head: 优才|计划, 强基|工程, 暖心|行动. The coinage is a
        word the dictionary lacks (or tags as a proper name); a common word before the head
        (工作|计划, 民生|工程) makes a plain description."""
        w = words(doc)
        heads = word_set("coined_program_heads.txt")
        out = []
        for i in [k for k, word in enumerate(w.texts) if k and word in heads]:
            prev = w.texts[i - 1]
            coined = not rjieba.has_word(prev) or w.tags[i - 1] == "nz"
            if len(prev) >= 2 and _CJK_WORD.fullmatch(prev) and coined:
                out.append((w.starts[i - 1], w.ends[i], "PROGRAM"))
        return out

    def _counted_honours(self, doc: Doc) -> list[Found]:
        """An honour counted in people (培养全国某行业工匠 8 人): from the head back through
        name words to a scope (全国, 省, 中国) or a place; an unscoped one (行业工匠 85 人) is a
        plain description, not a named honour."""
        w = words(doc)
        text = w.text
        scopes = (*word_list("scope_words.txt"), *chars("admin_short_form_chars.txt"), *word_list("designation_levels.txt"))
        out = []
        for m in self.patterns["counted_honour"].finditer(text):
            i = w.index_ending_at(m.end())
            if i is None:
                continue

            def takes(k: int, last: int = i) -> bool:
                return k == last or (w.tags[k] in _NAME_POS and bool(_NAME_CHARS.fullmatch(w.texts[k])))

            first = _left_edge(w, i, m.end(), 16, takes)
            # the name starts at its farthest scope word or place
            start = next(
                (
                    w.starts[k]
                    for k in w.covering(first, m.end())
                    if w.texts[k].startswith(scopes) or w.tags[k] == "ns" or is_known_place(w.texts[k])
                ),
                None,
            )
            if start is not None and m.end() - start > len(m.group()):
                out.append((start, m.end(), "PROGRAM"))
        return out

    def _national_designations(self, doc: Doc) -> list[Found]:
        """国家 + common words + a centre, base, laboratory or specialty (国家工程研究中心)."""
        w = words(doc)
        out = []
        for m in self.patterns["national_designation"].finditer(w.text):
            if w.index_at(m.start()) is not None and w.index_ending_at(m.end()) is not None and common_words(m.group("mid")):
                out.append((m.start(), m.end(), "PROGRAM"))
        return out

    def _designations(self, doc: Doc) -> list[Found]:
        """A designation ends in a marker and what it is conferred on (…试点医院, …示范企业,
        …优秀案例); its name runs back through name words (nouns, 高质量|发展, 首批) to
        punctuation, a conjunction, a verb or a function word."""
        w = words(doc)
        text = w.text
        introducing = _introducing_verbs()
        out = []
        for m in self.patterns["designation"].finditer(text):
            end_word = w.index_ending_at(m.end())
            i = w.index_at(m.start())
            if end_word is None or i is None:
                continue
            if any(w.tags[k] == "v" for k in range(i + 1, end_word)):
                continue  # 优秀职工|兼任|企业…: a clause, not a title

            def takes(k: int) -> bool:
                # verbs may stand inside (服务型|制造|示范企业, 文化|建设|优秀案例) but not the
                # verbs that introduce a designation (获批, 入选, 打造); nor counts (1|个)
                word, tag = w.texts[k], w.tags[k]
                if word in "“”" or word.startswith("首"):
                    return True
                if (word in introducing and tag != "vn") or tag in ("q", "m", "mq") or word[0] in word_set("function_chars.txt"):
                    return False
                return (tag in _NAME_POS or tag.startswith("v")) and bool(_NAME_CHARS.fullmatch(word))

            start = _left_edge(w, i - 1, m.start(), 24, takes)
            start = m.start() if start is None else start
            opening = text.rfind("“", start, m.start())
            if opening >= 0 and "”" not in text[opening : m.start()]:
                start = opening  # the marker stands inside a quotation: the quotation is the name
            year = _YEAR_BEFORE.search(text, max(0, start - 7), start)
            if year:
                start = year.start()  # 2023年|某某优秀案例: the year of an annual title is part of it
            if m.end() - start >= len(m.group()) + 2 and text[start : m.end()].count("“") == text[start : m.end()].count("”"):
                out.append((start, m.end(), "PROGRAM"))
        return out

    @cached_property
    def enumeration(self) -> re.Pattern[str]:
        kinds = _alternation((*word_list("enumeration_kinds.txt"), *word_list("enumeration_program_kinds.txt")))
        item = rf"[{_CJK}A-Za-z0-9（）+]{{2,16}}"
        levels = _alternation(word_list("designation_levels.txt"))
        # closed by 等 + a kind, perhaps counted (甲、乙等企业, 甲、乙等12家企业; not 甲、乙等地的企业: places) or by
        # the designation they hold, counted
        # (甲、乙国家级…中心3家)
        return re.compile(
            rf"(?P<items>{item}(?:、{item})+)(?:等(?!地)(?:\d+\s?)?(?:[{_CJK}]{{0,8}}?)(?P<kind>{kinds})|(?<![等及和与])等?(?=(?:{levels})[{_CJK}]{{2,12}}?\d+\s?[家个所]))"
        )

    def _enumerated_orgs(self, doc: Doc) -> list[Found]:
        """ "甲公司、乙集团、丙纺织等企业": every item of a list closed by 等 + an
        organization kind is an organization. The first item's left edge is the word
        boundary after the last verb or function word."""
        out = []
        w = words(doc)
        program_kinds = word_set("enumeration_program_kinds.txt")
        verbs = word_set("program_verbs.txt")
        for m in self.enumeration.finditer(words(doc).text):
            label = "PROGRAM" if m.group("kind") in program_kinds else "ORG"  # 甲、乙等平台
            pos = m.start("items")
            items = m.group("items").split("、")
            first = items[0]
            # trim the first item to the name words just before the first 、
            end = pos + len(first)

            company = first.endswith(word_list("industry_words.txt"))

            def takes(k: int, company: bool = company) -> bool:
                if w.texts[k] in verbs:
                    return False
                if _list_word(w, k):
                    return True
                if not w.tags[k].startswith("v") or len(w.texts[k]) != 2 or k == 0:
                    return False
                # a verb-like word opens the object of 打造了|急救…, or a company's trade
                # name at the start of a clause: ，力得|汽车、…
                before = w.texts[k - 1]
                return w.tags[k - 1] in ("ul", "uz", "ug") or before in verbs or (company and not _NAME_CHARS.fullmatch(before))

            start = _left_edge(w, w.index_ending_at(end), end, 10, takes)
            if start is not None and end - start >= 2:
                out.append((start, end, label))
            at = end + 1
            for it in items[1:]:
                # 甲及乙 inside one item: two items
                parts = re.split("(?<=..)[及和与](?=..)", it) if label == "ORG" else [it]
                part_at = at
                for part in parts:
                    if w.index_at(part_at) is not None and len(part) >= 2 and not _COUNT.match(part):
                        out.append((part_at, part_at + len(part), label))
                    part_at += len(part) + 1
                at += len(it) + 1
        return out

    def _name_token(self, word: str, tag: str, first: bool) -> bool:
        """Can this word stand inside a composed name?"""
        if not first and tag not in _NAME_POS and word not in "（）()":
            return False
        if not _NAME_CHARS.fullmatch(word):
            return False
        if tag in ("m", "mq") and not (word.startswith("第") or word.isdigit()):
            return False  # ordinals and numbers name things (第二人民医院); 多处, 五届 do not
        if not first and len(word) == 2 and word[0] in chars("numerals.txt") and word[1] in chars("admin_chars.txt"):
            return False  # 某某|三省, 两市: a count of divisions, whatever the tagger says
        if not first and word.startswith(word_list("manner_adverbs.txt")):
            return False  # 某医院|充分发挥: a verb phrase, whatever the tagger says
        if not first and word in word_set("joint_action_words.txt"):
            return False  # 某纪委|会同|某纪委: two bodies acting together, whatever the tagger says
        if not first and word in word_set("descriptive_words.txt"):
            return False  # 某国|著名|学府…: a description, not part of the name
        return not (not first and word[0] in word_set("function_chars.txt"))

    def _ends_with_head(self, word: str, tag: str, piece: str, heads: tuple[str, ...]) -> bool:
        """The name ends with a head, and the head is a word of its own, not the last
        character of a common word (格局 is not a 局, 部署 not a 署)."""
        head = head_of(piece, heads)
        if not head:
            return False
        if len(head) > 1 or len(word) == 1 or len(word) >= 3:
            return True
        return word[0] in chars("admin_chars.txt") or tag in ("nt", "ns", "nz")

    def _composed(
        self,
        doc: Doc,
        heads: tuple[str, ...],
        label: str,
        starts: set[int] | None = None,
        verbs_inside: bool = False,
    ) -> list[Found]:
        """From a place (or a tagged organization, or the given ``starts``) extend through
        name words to the farthest head: place + name + head. ``verbs_inside``: verbs and
        time words may stand inside the name (创新工作室, 青年… of a founded body)."""
        w = words(doc)
        if starts is None:
            starts = {c.start for c in candidates(doc) if c.origin in _TAGGED and c.label in ("PLACE", "ORG")}
            # a word the lexicon tags as a place, unless it is the quoted phrase's first word
            # (“大江大河”: a figure of speech, not a name)
            starts |= {w.starts[i] for i, tag in enumerate(w.tags) if tag == "ns" and not (i > 0 and w.texts[i - 1] in "“‘")}
        text = words(doc).text
        out = []
        long_heads = body_heads()
        head_words = {h for h in heads if len(h) > 1}  # 所 alone is also a particle (所确定的)
        one_char_heads = set(heads) - head_words
        for s in sorted(starts):
            first = w.index_at(s)
            if first is None or text[s] in word_set("function_chars.txt"):
                continue
            best = None
            i = first
            while i < len(w.starts) and w.ends[i] - s <= self.max_org_chars:
                word, tag = w.texts[i], w.tags[i]
                joins = word == "和" and best is None and i > first and label == "ORG" and w.tags[i - 1] in ("n", "vn", "t")
                if verbs_inside and tag in ("v", "vn", "t"):
                    tag = "n"
                elif label == "ORG" and tag == "v" and i > first and i + 1 < len(w.texts) and w.texts[i + 1] in one_char_heads:
                    tag = "vn"  # a body named by what it does: 投资|促进|局, 矛盾|调解|站
                # a head of two characters or more is a word of the name whatever its tag (合作社
                # is tagged as a set phrase)
                set_head = tag == "l" and _set_phrase_head(word, heads)  # 活动中心 read as one set phrase
                if not joins and word not in head_words and not set_head and not self._name_token(word, tag, i == first):
                    break  # 住房|和|城乡建设局 composes; 某医院|和|某大学 (a head already reached) does not
                if label == "PLACE" and i > first and word.endswith(long_heads):
                    break  # 某研究院|落户某大厦: a place name does not run through an organization
                end = w.ends[i]
                piece = text[s:end]
                if self._ends_with_head(word, tag, piece, heads) and not title_overlap(text, end, piece):
                    best = end
                i += 1
            if best is not None and best - s >= 3:
                out.append((s, best, label))
        return out

    def _founded_orgs(self, doc: Doc) -> list[Found]:
        """What is founded is a body: 成立|某行业劳模和工匠人才创新工作室联盟, 组建|某宣讲团.
        Such names are often made of common words only, so instead of the generic-name test
        they need three words or more before the head (成立|工会联合会 and 组建|劳模宣讲团
        name no particular body). A scope word (全省) or a count (5 家, 首家) after the verb
        is not part of the name."""
        w = words(doc)
        verbs = word_set("founding_verbs.txt")
        skip = word_set("founding_skips.txt") | {" "}
        starts = set()
        for i, word in enumerate(w.texts):
            if word not in verbs:
                continue
            j = i + 1
            while j < len(w.texts) and (w.texts[j] in skip or w.tags[j] == "m"):
                j += 1
            if j < len(w.texts):
                starts.add(w.starts[j])
        heads = tuple(h for h in word_list("org_heads.txt") if h != "团队")  # 组建|某某管理团队 is a team, not a body
        out = []
        for s, e, label in self._composed(doc, heads, "ORG", starts, verbs_inside=True):
            if len(w.covering(s, e - len(head_of(w.text[s:e], heads)))) >= 3:
                out.append((s, e, label))
        return out

    def _stationed_offices(self, doc: Doc) -> list[Found]:
        """An office stationed elsewhere continues its body's name (某省人民政府|驻某市办事处)."""
        text = words(doc).text
        out = []
        for c in list(candidates(doc)):
            m = STATIONED.match(text, c.end) if c.label == "ORG" else None
            if m and is_known_place(m.group("place")):
                out.append((c.start, m.end(), "ORG"))
        return out

    def _attached_units(self, doc: Doc) -> list[Found]:
        """Units named after their body continue its name: a numbered institute
        (某集团|716所), a quoted branch (某医院|“某某式党支部”)."""
        text = words(doc).text
        heads = word_list("org_heads.txt")
        out = []
        for c in list(candidates(doc)):
            if c.label != "ORG":
                continue
            chamber = _CHAMBER.match(text, c.end)
            if chamber and (chamber.group().endswith(("校区", "分校")) == name_ends_school(text[c.start : c.end])):
                out.append((c.start, chamber.end(), "ORG"))
                continue
            m = _NUMBERED_UNIT.match(text, c.end) or _QUOTED_UNIT.match(text, c.end)
            if m and m.group().strip("“”").endswith(heads):
                out.append((c.start, m.end(), "ORG"))
        return out

    def _bank_branches(self, doc: Doc) -> list[Found]:
        """A bank, a place and 支行/分行: 某某银行某县支行, 建行某市某县支行 (short bank names
        from kgraph/data/bank_short_names.txt). The place part must begin with a known place."""
        w = words(doc)
        out = []
        for m in self.patterns["bank_branch"].finditer(w.text):
            middle = m.group("place")
            if not (starts_with_place(middle) or middle[:2] in county_short_forms() or is_known_place(middle)):
                continue
            # the bank's name is the run of name words before the place (来到|工商银行…)
            first = w.index_ending_at(m.start("place"))
            start = _left_edge(
                w, first, m.start("place"), 10, lambda k: w.tags[k] in _NAME_POS or w.texts[k] in word_set("bank_short_names.txt")
            )
            if start is not None and m.start("place") - start >= 2:
                out.append((max(start, m.start()), m.end(), "ORG"))
        return out

    def _numbered_schools(self, doc: Doc) -> list[Found]:
        """Schools named by a number in lists and after a verb of going: 某某、七中、第三幼儿园、…
        (一中, 七十四中; 第二小学) — a number alone is their name."""
        text = words(doc).text
        out = []
        for m in self.patterns["numbered_school"].finditer(text):
            before = text[max(0, m.start() - 4) : m.start()].rstrip("了")
            if m.start() == 0 or before[-1:] in "、，,：:" or before.endswith(word_list("visit_verbs.txt")):
                out.append((m.start(), m.end(), "ORG"))
        return out

    def _bracketed_place_orgs(self, doc: Doc) -> list[Found]:
        """Name + （place） + head: 某某船舶（某市）有限公司, 某某云（某市）实验室. The name runs back
        from the bracket through name words to punctuation, a verb or a function word."""
        w = words(doc)
        text = w.text
        introducing = _introducing_verbs()

        def takes(k: int) -> bool:
            word, tag = w.texts[k], w.tags[k]
            if word in introducing or word in "（）()":
                return False  # 建设|某某云（某地）实验室
            # trade names may read as verbs (远航, 日发)
            return self._name_token(word, "n" if tag.startswith("v") else tag, False)

        out = []
        for m in self.patterns["bracketed_place"].finditer(text):
            if not is_known_place(m.group("place")):
                continue
            start = _left_edge(w, w.index_ending_at(m.start()), m.start(), 12, takes)
            if start is not None and m.start() - start >= 2:
                out.append((start, m.end(), "ORG"))
        return out

    def _composed_programs(self, doc: Doc) -> list[Found]:
        """Place or scope word + name words + program head: 全国…大赛, 某市首届…大赛,
        某省…竞赛. Program names take verbs (赋能, 发展), so any word but punctuation,
        的 and function words may stand inside; quotations are left to the quote rule."""
        w = words(doc)
        heads = _strict_program_heads()
        opening = frozenset(word_list("program_starts.txt"))
        starts = {c.start for c in candidates(doc) if c.label == "PLACE" and c.origin in _TAGGED}
        starts |= {w.starts[i] for i, t in enumerate(w.texts) if t in opening}
        levels = word_set("designation_levels.txt")
        # a level opens a designation, which may end like a body: 省级|技术|中心
        # (a level with a contest is a plain description: 市级劳动竞赛)
        bodies = body_heads()
        level_heads = (*word_list("designation_heads.txt"), *bodies)
        out = []
        for s in sorted(starts | {w.starts[i] for i, t in enumerate(w.texts) if t in levels}):
            i = first_i = w.index_at(s)
            if first_i is None:
                continue  # a place inside a word
            ends = level_heads if w.texts[first_i] in levels else heads
            if ends is level_heads and first_i + 1 < len(w.texts) and w.texts[first_i + 1] in ("以上", "以下", "及"):
                continue  # 市级以上…: a range of levels, not one designation
            best = organizer = None
            while i is not None and i < len(w.texts) and w.ends[i] - s <= 24:
                word = w.texts[i]
                if ends is heads and i > first_i and word.endswith(bodies) and organizer is None:
                    # 某省某某医院|2024年…运动会: a named body opens the program; it organizes it
                    name = w.text[w.ends[first_i] : w.ends[i] - len(head_of(word, bodies))]
                    if not name:
                        break  # 某地|支行: the place names a body, which opens no program
                    if name.startswith("第") or not common_words(name):  # 第二人民医院 is a name
                        organizer = w.ends[i]
                if (
                    not _NAME_CHARS.fullmatch(word)
                    or word in ("的", "（", "）")
                    or (w.starts[i] > s and word[0] in word_set("function_chars.txt"))
                ):
                    break
                if w.starts[i] > s and (word in word_set("program_breaks.txt") or word in word_set("titles.txt")):
                    break  # 某大学|举办|论坛: the verb that introduces a program is not inside it, nor a post
                head = head_of(word, ends)
                if head == "战略" and i + 1 < len(w.texts) and w.texts[i + 1].startswith("合作"):
                    break  # 战略|合作: strategic cooperation, a manner of working together, names no strategy
                if head and w.ends[i] - len(head) - w.ends[first_i] >= 2:
                    best = w.ends[i]  # the nearest head with a name before it: 全国某某大赛|选拔赛
                    break
                i += 1
            if best is not None and organizer is not None and not common_words(w.text[organizer:best]):
                out.append((s, organizer, "ORG"))
                out.append((organizer, best, "PROGRAM"))
            elif best is not None:
                out.append((s, best, "PROGRAM"))
        return out


def _matches(r: RuleRecognizer, doc: Doc, key: str, label: str) -> list[Found]:
    return [(m.start(), m.end(), label) for m in r.patterns[key].finditer(words(doc).text)]


def _book_titles(r: RuleRecognizer, doc: Doc, heads: tuple[str, ...], label: str) -> list[Found]:
    return [(m.start(), m.end(), label) for m in r.patterns["policy"].finditer(words(doc).text) if m.group()[1:-1].endswith(heads)]


@rule(
    "policy.book-title",
    "propose",
    "A title in 《》 that ends in a policy head (意见, 办法, 条例, 方案 …) is a policy.",
    [
        pos("全县干部学习了《关于推进乡村道路养护的实施意见》。", "《关于推进乡村道路养护的实施意见》", "POLICY"),
        neg("晚上大家观看了电影《远山的回声》。", "《远山的回声》", "POLICY"),
    ],
    labels=("POLICY",),
    origin=Origin.RULE,
)
def _policy_in_book_title(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return _book_titles(r, doc, word_list("policy_heads.txt"), "POLICY")


@rule(
    "program.book-title",
    "propose",
    "A title in 《》 that ends in a program head (行动, 计划, 工程 …) is a program.",
    [
        pos("团委发起《青春护河行动》，吸引青年参加。", "《青春护河行动》", "PROGRAM"),
        neg("他写了一本书叫《河边的树》。", "《河边的树》", "PROGRAM"),
    ],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _program_in_book_title(r: RuleRecognizer, doc: Doc) -> list[Found]:
    policy = word_list("policy_heads.txt")
    return [
        f for f in _book_titles(r, doc, _strict_program_heads(), "PROGRAM") if not words(doc).text[f[0] + 1 : f[1] - 1].endswith(policy)
    ]


@rule(
    "program.edition",
    "propose",
    "An ordinal edition + a name + a program head: 第三届…文化节, 第十二届…运动会; a place in brackets may stand inside (第五届中国（某市）…节).",
    [
        pos("第七届山茶花文化节开幕，游客很多。", "第七届山茶花文化节", "PROGRAM"),
        pos("第五届中国（东岭）牡丹文化节开幕。", "第五届中国（东岭）牡丹文化节", "PROGRAM"),
        neg("他第七次来到这个小镇。", "第七次", "PROGRAM"),
    ],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _edition_program(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return _matches(r, doc, "edition_program", "PROGRAM")


@rule(
    "program.superlative-title",
    "propose",
    "An honour named by a superlative and counted (评出最美乡村教师10位、最佳社区课堂5个) is a conferred title.",
    [pos("今年评出最美乡村教师10位、最佳社区课堂5个。", "最美乡村教师", "PROGRAM"), neg("这是最美的风景之一。", "最美的风景", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _superlative_title(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return _matches(r, doc, "superlative_title", "PROGRAM")


@rule(
    "program.session",
    "propose",
    "A numbered session of a body (届 and 次) is a named event: 县委八届五次全会, 十三届全国人大四次会议.",
    [
        pos("全县上下认真学习县委八届五次全会精神。", "县委八届五次全会", "PROGRAM"),
        neg("他第五次参加这个会议。", "第五次参加这个会议", "PROGRAM"),
    ],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _session(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return _matches(r, doc, "session", "PROGRAM")


@rule(
    "program.numbered-day",
    "propose",
    "The Nth observance of a day or festival is a named occasion: 第40个植树节, 第十个国家宪法日.",
    [pos("在第40个植树节到来之际，师生们种下了树苗。", "第40个植树节", "PROGRAM"), neg("这是他第三个工作日。", "第三个工作日", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _numbered_day(r: RuleRecognizer, doc: Doc) -> list[Found]:
    w = words(doc)
    out = []
    for f in _matches(r, doc, "numbered_day", "PROGRAM"):
        name = w.text[f[0] : f[1]]
        # the day is a word of its own (not 日|子), a name has no 的, a weekday or a holiday in general is no occasion
        if w.index_ending_at(f[1]) is not None and "的" not in name and not name.endswith(("工作日", "周日", "节日")):
            out.append(f)
    return out


@rule(
    "program.numbered-method",
    "propose",
    "A number + 工作法/工程/模式 names a method: 3456工作法.",
    [pos("车间推行3579工作法，效率提高。", "3579工作法", "PROGRAM"), neg("车间有35名工人。", "35名", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _numbered_method(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return _matches(r, doc, "method", "PROGRAM")


@rule(
    "program.national-strategy",
    "propose",
    "National strategies are named <two characters>中国 + 战略/行动: 美丽中国行动.",
    [pos("各地响应书香中国行动，开展读书会。", "书香中国行动", "PROGRAM"), neg("他出生在中国北方的小城。", "中国北方", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _national_strategy(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return _matches(r, doc, "national", "PROGRAM")


@rule(
    "program.quoted",
    "propose",
    "A quoted name with a program head after or inside it, a quoted product (“某某贷”, “某某保”), listed before 等 (not 等问题: faults), introduced by a program verb, or a numbered formula (“三查两访”; 百/千/万 with a second count: “千村万户”); not an idiom or set phrase the dictionary lists (“雪中送炭”).",
    [
        pos("学校实施“小荷初绽”成长计划，受到家长欢迎。", "“小荷初绽”成长计划", "PROGRAM"),
        pos("街道开展“邻里守望”“银龄互助”等活动。", "“银龄互助”", "PROGRAM"),
        pos("社区推出‘小水滴’计划，帮扶困难家庭。", "‘小水滴’计划", "PROGRAM"),
        pos("该村先后获得“省级卫生村”、“市级文明村”等荣誉。", "“市级文明村”", "PROGRAM"),
        neg("他说“明天再来”，然后走了。", "“明天再来”", "PROGRAM"),
        neg("他们着力解决“庸懒散”“中梗阻”等问题。", "“中梗阻”", "PROGRAM"),
        neg("他们实施“雪中送炭”，帮助困难企业。", "“雪中送炭”", "PROGRAM"),
        pos("他先后荣获“全国五一劳动奖章”“省级劳动模范”。", "“全国五一劳动奖章”", "PROGRAM"),
        pos("全县深入落实“十四五”各项任务。", "“十四五”", "PROGRAM"),
        pos("银行员工持续走访“百村千户”，摸清农户需求。", "“百村千户”", "PROGRAM"),
        pos("该行推出的“青禾助农贷”已发放贷款2亿元。", "“青禾助农贷”", "PROGRAM"),
        neg("这家“百年老字号”焕发新活力。", "“百年老字号”", "PROGRAM"),
    ],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _quoted(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._quoted_programs(doc)


def _named_by_verb(r: RuleRecognizer, doc: Doc, key: str) -> list[Found]:
    """A title or strategy named after the verb that confers or carries it out; recipients
    listed before it (授予甲等10个单位“某某”称号) are not part of it, a quotation is."""
    text = words(doc).text
    out = []
    for m in r.patterns[key].finditer(text):
        start = m.start("name")
        recipients = list(_RECIPIENTS.finditer(text, start, m.end("name")))
        if recipients:
            start = recipients[-1].end()
        quote = text.rfind("“", start, m.end("name"))
        if quote > start:
            start = quote
        if m.end("name") - start >= 4 and text[start] not in word_set("function_chars.txt"):
            out.append((start, m.end("name"), "PROGRAM"))
    return out


@rule(
    "program.conferred-title",
    "propose",
    "A title conferred by a verb: 获…称号, 荣获“…”荣誉称号.",
    [pos("这家书店荣获“最美城市书房”称号。", "“最美城市书房”", "PROGRAM"), neg("他获得了大家的称赞。", "大家的称赞", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _conferred(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return _named_by_verb(r, doc, "conferred")


@rule(
    "program.strategy",
    "propose",
    "A strategy named by the verb that carries it out: 实施…战略, 推进…战略.",
    [pos("全县深入实施生态立县战略，关停了一批小厂。", "生态立县战略", "PROGRAM"), neg("这是一场战略转移。", "战略转移", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _strategy(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return _named_by_verb(r, doc, "strategy")


@rule(
    "program.national-designation",
    "propose",
    "国家 + common words + a centre, base, laboratory or specialty is a national designation.",
    [pos("学院建有国家工程技术研究中心，承担课题。", "国家工程技术研究中心", "PROGRAM"), neg("国家鼓励青年创业。", "国家鼓励", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _national_designation(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._national_designations(doc)


@rule(
    "program.designation",
    "propose",
    "A marker (示范, 试点, 先进, 优秀) and what it is conferred on, back to the verb: …示范企业, …优秀案例.",
    [pos("金沙县人民医院入选胸痛救治示范医院。", "胸痛救治示范医院", "PROGRAM"), neg("优秀的工人受到表扬。", "优秀的工人", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _designation(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._designations(doc)


@rule(
    "program.coined",
    "propose",
    "A coined word the dictionary lacks + 计划/工程/行动: 暖巢行动 (工作计划 is a description).",
    [pos("社区推出暖巢行动，为独居老人装呼叫器。", "暖巢行动", "PROGRAM"), neg("我们制定了工作计划。", "工作计划", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _coined(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._coined_programs(doc)


@rule(
    "org.news-site",
    "propose",
    "A news site named after 在/据/登录/通过: 据某某网报道 (not 互联网, 电网, 官网).",
    [pos("据南溪新闻网报道，大桥通车了。", "南溪新闻网", "ORG"), neg("通过互联网报名的人很多。", "互联网", "ORG")],
    labels=("ORG",),
    origin=Origin.RULE,
)
def _news_site(r: RuleRecognizer, doc: Doc) -> list[Found]:
    out = []
    for m in _SITE.finditer(words(doc).text):
        name = m.group("name")
        if len(name) >= 3 and not name.endswith(word_list("network_words.txt")):
            out.append((m.start("name"), m.end("name"), "ORG"))
    return out


@rule(
    "program.counted-honour",
    "propose",
    "A scoped honour counted in people: 全国…工匠 8 人 (an unscoped one is a description).",
    [pos("近年来培养全省技术能手12人。", "全省技术能手", "PROGRAM"), neg("车间里有技术能手12人。", "技术能手", "PROGRAM")],
    labels=("PROGRAM",),
    origin=Origin.RULE,
)
def _counted_honour(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._counted_honours(doc)


@rule(
    "person.after-title",
    "propose",
    "A title followed by a word the segmenter tags as a person's name: 主任 + 名.",
    [
        pos("会上，主任刘建华作了报告。", "刘建华", "PERSON"),
        pos("新建的大桥正式通车（记者郑宏摄）。", "郑宏", "PERSON"),
        neg("主任会议明天召开。", "会议", "PERSON"),
    ],
    labels=("PERSON",),
    origin=Origin.RULE,
)
def _person_after_title(r: RuleRecognizer, doc: Doc) -> list[Found]:
    w = words(doc)
    text = w.text
    model_people = {(c.start, c.end) for c in candidates(doc) if c.label == "PERSON" and c.origin is Origin.MODEL}
    out = []
    for m in r.patterns["title_person"].finditer(text):
        s, e = m.start("name"), m.end("name")
        i = w.index_at(s)
        if i is not None and w.ends[i] == e and w.tags[i] in {"nr", "nrfg", "nrt"}:
            if e - s == 3 and (text[e - 1] in "及和与等" or (text[e - 1] in word_set("function_chars.txt") and (s, e - 1) in model_people)):
                e -= 1  # 张某及…, 王某于…: the segmenter took the conjunction or preposition into the name
            elif e - s >= 3 and text[e - 1] in "摄图" and text[e : e + 1] in ("）", ")", "", " ", "\n"):
                e -= 1  # （记者王某摄）: a photo credit's mark, not the name's last character
            out.append((s, e, "PERSON"))
    return out


@rule(
    "person.unknown-after-title",
    "propose",
    "A title followed by two or three characters the dictionary does not know, closed by punctuation or a verb of speech.",
    [pos("药师 隋昕玥 在窗口值班。", "隋昕玥", "PERSON"), neg("主任委员会议明天召开。", "委员会", "PERSON")],
    labels=("PERSON",),
    origin=Origin.RULE,
)
def _unknown_person_after_title(r: RuleRecognizer, doc: Doc) -> list[Found]:
    w = words(doc)
    out = []
    for m in r.patterns["title_unknown_person"].finditer(w.text):
        name, s, e = m.group("name"), m.start("name"), m.end("name")
        inside = w.covering(s, e)
        if (
            w.index_at(s) is not None  # the title and the name are words of their own (not 长|期…)
            and w.index_ending_at(e) is not None
            and not any(w.tags[k] in ("uj", "ul", "d", "p", "c", "m", "v", "r", "q") for k in inside)
            and name[0] not in word_set("function_chars.txt")
            and name[0] not in chars("numerals.txt")
            and name[0] not in chars("body_tail_chars.txt")  # 某委员会|委员: the tail of a body, not a name
            and not any(t in name for t in word_list("titles.txt"))
            and not rjieba.has_word(name)
            and not rjieba.has_word(name[:2])
        ):
            out.append((s, e, "PERSON"))
    return out


@rule(
    "org.composed",
    "propose",
    "From a tagged place or body, a level written alone (市|粮食和物资储备局) or a studio's leader (某某劳模创新工作室), through name words to the farthest organization head: 某县 + 第二 + 人民医院; a verb before a one-character head names what the body does (投资促进|局); a word of acting together (会同, 携手) ends the name.",
    [
        pos("昨天，柳河县第三人民医院开展义诊。", "柳河县第三人民医院", "ORG"),
        pos("柳河县投资促进局组织了招商推介。", "柳河县投资促进局", "ORG"),
        pos("会上，县住房和城乡建设局作了发言。", "县住房和城乡建设局", "ORG"),
        pos("张建国劳模创新工作室成立于2018年。", "张建国劳模创新工作室", "ORG"),
        neg("柳河县的风景很美。", "柳河县的风景", "ORG"),
        neg("柳河县纪委会同市审计局开展专项检查。", "柳河县纪委会同市审计局", "ORG"),
        neg("他考入青州著名学府东岭大学。", "青州著名学府东岭大学", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.RULE,
)
def _composed_orgs(r: RuleRecognizer, doc: Doc) -> list[Found]:
    found = r._composed(doc, word_list("org_heads.txt"), "ORG")
    # a level written alone opens its own department (市|粮食和物资储备局, 县|疾病预防控制中心):
    # a government department's head, no count inside (11 市|34 家工会), not after a number;
    # the department's name may hold verbs (预防, 控制) but does not begin with one (县|召开…)
    w = words(doc)
    levels = {
        w.starts[i]
        for i, word in enumerate(w.texts)
        if word in LEVEL_WORDS and not _after_number(w, i) and i + 1 < len(w.texts) and not w.tags[i + 1].startswith("v")
    }
    for s, e, label in r._composed(doc, word_list("org_heads.txt"), "ORG", starts=levels, verbs_inside=True):
        name = w.text[s:e]
        head = head_of(name, _DEPARTMENT_HEADS)
        if head and len(name) - len(head) >= 3 and not name.endswith(("党委", "团委", "工委")) and not _COUNTED.search(name):
            found.append((s, e, label))
    # a studio named after its leader: 某某劳模创新工作室, 某某技能大师工作室
    people = {c.start for c in candidates(doc) if c.label == "PERSON" and c.origin is Origin.MODEL}
    found.extend(f for f in r._composed(doc, ("工作室",), "ORG", starts=people, verbs_inside=True) if f[1] - f[0] >= 6)
    return found


def _set_phrase_head(word: str, heads: tuple[str, ...]) -> bool:
    """A set phrase that is an activity + a head of two characters or more (活动|中心,
    控制|中心): a name's head, though the dictionary lists it whole. Not 总揽全|局 (one
    character: the end of an idiom) or 各级|党委 (a determiner, not an activity)."""
    head = head_of(word, heads)
    if len(head) < 2 or len(word) == len(head):
        return False
    tags = rjieba.tag(word[: -len(head)])
    return len(tags) == 1 and tags[0][1] in ("n", "v", "vn")


def _after_number(w: Words, i: int) -> bool:
    """The word before (spaces aside) is a number: 11 市 is a count of cities."""
    k = i - 1
    while k >= 0 and not w.texts[k].strip():
        k -= 1
    return k >= 0 and w.tags[k] == "m"


# a level's departments, offices and centres (not 市|中心: the middle of a city)
_DEPARTMENT_HEADS = ("委员会", "办公室", "中心", "局", "厅", "委", "办")
_COUNTED = re.compile(r"[\d一二三四五六七八九十两]\s*[家个所名位]")


@rule(
    "org.founded",
    "propose",
    "What a founding verb founds is a body, three words or more before its head: 成立|…联盟.",
    [
        pos("全市成立乡村骑行运动爱好者协会，会员一百人。", "乡村骑行运动爱好者协会", "ORG"),
        pos("村里成立青禾园果蔬种植专业合作社，带动农户增收。", "青禾园果蔬种植专业合作社", "ORG"),
        neg("他们成立了工会委员会。", "工会委员会", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.FOUNDED,
)
def _founded(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._founded_orgs(doc)


@rule(
    "org.bracketed-place",
    "propose",
    "Name + （known place） + organization head: 某某船舶（某市）有限公司.",
    [
        pos("远帆航运（宁波）有限公司签下订单。", "远帆航运（宁波）有限公司", "ORG"),
        neg("会场设在二楼（东侧）会议室。", "二楼（东侧）会议室", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.RULE,
)
def _bracketed_place(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._bracketed_place_orgs(doc)


@rule(
    "org.stationed-office",
    "propose",
    "An office stationed in a known place continues its body's name: 某省人民政府|驻某市办事处.",
    [
        pos("甘肃省人民政府驻西安办事处举行推介会。", "甘肃省人民政府驻西安办事处", "ORG"),
        neg("甘肃省人民政府驻地在兰州。", "甘肃省人民政府驻地", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.RULE,
)
def _stationed(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._stationed_offices(doc)


@rule(
    "org.attached-unit",
    "propose",
    "A numbered institute or a quoted branch continues its body's name: 某集团|603所, 某医院|“某某党支部”.",
    [
        pos("中国船舶集团有限公司713所研制成功。", "中国船舶集团有限公司713所", "ORG"),
        neg("中国船舶集团有限公司713名职工参加。", "中国船舶集团有限公司713名", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.RULE,
)
def _attached(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._attached_units(doc)


@rule(
    "org.bank-branch",
    "propose",
    "A bank (某某银行 or a short bank name), a known place and 支行/分行: 建行某市某县支行.",
    [
        pos("建行湖州德清支行为农户发放贷款。", "建行湖州德清支行", "ORG"),
        pos("专班负责人来到农业银行德清支行了解情况。", "农业银行德清支行", "ORG"),
        neg("银行里的支行经理很忙。", "支行经理", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.RULE,
)
def _bank_branch(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._bank_branches(doc)


@rule(
    "org.numbered-school",
    "propose",
    "A school named by its number alone (七中, 二十一中, 第三幼儿园) standing in a list or after a verb of going.",
    [pos("他们先后走访了二十一中、第三幼儿园和实验小学。", "二十一中", "ORG"), neg("其中一中一外的组合很常见。", "一中", "ORG")],
    labels=("ORG",),
    origin=Origin.RULE,
)
def _numbered_school(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._numbered_schools(doc)


@rule(
    "org.place-numbered-school",
    "propose",
    "A place and a school's number (某地|一中, 某县|十一|中) name that place's numbered middle school.",
    [
        pos("东岭一中2024年高考本科上线率达95%。", "东岭一中", "ORG"),
        pos("青州七中校长王强介绍。", "青州七中", "ORG"),
        neg("东岭一中心小学开学了。", "东岭一中", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.RULE,
)
def _place_numbered_schools(r: RuleRecognizer, doc: Doc) -> list[Found]:
    w = words(doc)
    out = []
    for i in range(len(w.texts) - 1):
        if not (w.tags[i] == "ns" or is_known_place(w.texts[i]) or w.texts[i] in county_short_forms()):
            continue
        number = w.texts[i + 1]
        if _SCHOOL_NUMBER.fullmatch(number):  # 一中 as one word
            out.append((w.starts[i], w.ends[i + 1], "ORG"))
        elif i + 2 < len(w.texts) and w.texts[i + 2] == "中" and _NUMBER_WORD.fullmatch(number):  # 十一|中
            out.append((w.starts[i], w.ends[i + 2], "ORG"))
    return out


_SCHOOL_NUMBER = re.compile(rf"[{_ZH_NUMBER}]{{1,3}}中")
_NUMBER_WORD = re.compile(rf"[{_ZH_NUMBER}]{{1,3}}")


@rule(
    "org.company-name",
    "propose",
    "A company's registered name ends in 有限公司 (股份有限公司, 有限责任公司) and runs back over its words to a mark, a function word or a pronoun (由|某某工程机械股份有限公司); a trade name may hold a verb (某地|如意|纺织有限公司), a clause's verb ends it unless a place comes before.",
    [
        pos("在高新区，山推工程机械股份有限公司的车间里一片繁忙。", "山推工程机械股份有限公司", "ORG"),
        pos("该项目由中铁十四局集团有限公司承建。", "中铁十四局集团有限公司", "ORG"),
        neg("这家有限公司去年成立。", "这家有限公司", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.RULE,
)
def _company_names(r: RuleRecognizer, doc: Doc) -> list[Found]:
    w = words(doc)
    out = []
    for i, word in enumerate(w.texts):
        if not word.endswith(_COMPANY_HEADS):
            continue

        def takes(k: int, i: int = i) -> bool:
            word, tag = w.texts[k], w.tags[k]
            if k == i:
                return True
            if not _NAME_CHARS.fullmatch(word) or tag in _COMPANY_STOPS or word in ("的", "和", "与", "及", "等", "原", "现"):
                return False
            if tag.startswith("v") and len(word) >= 2 and not (k > 0 and w.tags[k - 1] == "ns"):
                return False  # 签约|某某有限公司; not 某地|如意|纺织有限公司
            if tag == "m":  # a number names a unit (中铁|十四|局); a count (一家, 3 家) ends the name
                return not any(ch.isdigit() for ch in word) and k + 1 < len(w.texts) and w.texts[k + 1][:1] in "局处厂所院队"
            return True

        start = _left_edge(w, i, w.ends[i], 24, takes)
        if start is not None and w.text[start] in word_set("function_chars.txt") and start < w.ends[i] - 1:
            start += 1  # 由迪|沙…: a preposition the segmenter glued to the name's first character
        head = head_of(w.text[start : w.ends[i]], _COMPANY_HEADS) if start is not None else ""
        if start is not None and w.ends[i] - start - len(head) >= 2:
            out.append((start, w.ends[i], "ORG"))
    return out


_COMPANY_HEADS = ("股份有限公司", "有限责任公司", "有限公司")
# what a company's name does not run back over: prepositions, conjunctions, particles,
# pronouns (这家), adverbs, time words, measure words
_COMPANY_STOPS = frozenset(("p", "c", "uj", "ul", "uz", "ug", "uv", "ud", "r", "d", "ad", "t", "q", "f", "x"))


@rule(
    "place.composed",
    "propose",
    "From a tagged place through name words to a place suffix: 某区 + 某某 + 街道. A word only the lexicon tags as a place opens one outside quotes only (“大江大河” is a figure of speech).",
    [
        pos("苏州市姑苏区双塔街道开展垃圾分类。", "苏州市姑苏区双塔街道", "PLACE"),
        pos("市民沿着东兴区青禾路散步。", "东兴区青禾路", "PLACE"),
        neg("苏州市的街道很干净。", "苏州市的街道", "PLACE"),
        neg("他把小微企业比作“大江大河”里的水滴。", "大江大河", "PLACE"),
    ],
    labels=("PLACE",),
    origin=Origin.RULE,
)
def _composed_places(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._composed(doc, word_list("place_suffixes.txt"), "PLACE")


@rule(
    "program.composed",
    "propose",
    "A place or scope word + name words + a program head (全国…大赛); a named body that opens it is its organizer, and a place that names a body (某地|支行) opens no program.",
    [
        pos("全国青年木工技能大赛在这里举行。", "全国青年木工技能大赛", "PROGRAM"),
        neg("全国各地的游客来到这里。", "全国各地", "PROGRAM"),
        neg("凤冈县一家茶厂急需资金，农业银行凤冈支行员工知道后马上行动。", "凤冈支行员工知道后马上行动", "PROGRAM"),
    ],
    labels=("ORG", "PROGRAM"),
    origin=Origin.RULE,
)
def _composed_programs(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._composed_programs(doc)


@rule(
    "list.items",
    "propose",
    "Every item of a list closed by 等 + an organization kind is an organization (甲公司、乙集团等企业); 等平台 gives programs.",
    [pos("华禾农业、青木纺织、金穗粮油等企业参加了展会。", "青木纺织", "ORG"), neg("苹果、梨子、桃子等水果都很甜。", "梨子", "ORG")],
    labels=("ORG", "PROGRAM"),
    origin=Origin.LIST,
)
def _list_items(r: RuleRecognizer, doc: Doc) -> list[Found]:
    return r._enumerated_orgs(doc)


def _one_common_word(name: str) -> bool:
    """The dictionary reads the whole of ``name`` as one common word (主任, 先进); names are
    often read as two (钱|立新), which says nothing."""
    tags = rjieba.tag(name)
    return len(tags) == 1 and tags[0][1] in COMMON_POS and rjieba.has_word(name)


# five or more items of two to four characters, one space apart, alone on their stretch of text
_ROSTER = re.compile(rf"(?<![{_CJK}\w])(?:[{_CJK}]{{2,4}} ){{4,}}[{_CJK}]{{2,4}}(?![{_CJK}\w])")
_ROSTER_PEOPLE_SHARE = 0.6  # of its items the model found as people


@rule(
    "person.roster",
    "propose",
    "A roster (five or more names of two to four characters one space apart, most of them people the model found: 名单, 获奖者, 出席者) lists people, so its other items are people too; not one common word (主任), a place, or four characters without a two-character surname.",
    [
        pos("青山县表彰名单：王小明 孙大伟 李向东 钱立新 张丽华 周晓光", "钱立新", "PERSON"),
        neg("青山县表彰名单：王小明 孙大伟 李向东 张丽华 主任 委员", "主任", "PERSON"),
        neg("沿线站点：白石 河东 青山 柳林 桃园 杏花", "柳林", "PERSON"),
    ],
    labels=("PERSON",),
    origin=Origin.LIST,
)
def _roster(r: RuleRecognizer, doc: Doc) -> list[Found]:
    text = words(doc).text
    people = {(c.start, c.end) for c in candidates(doc) if c.label == "PERSON" and c.origin is Origin.MODEL}
    out = []
    for m in _ROSTER.finditer(text):
        items = [(m.start() + k.start(), m.start() + k.end()) for k in _CJK_WORD.finditer(m.group())]
        if sum(item in people for item in items) < _ROSTER_PEOPLE_SHARE * len(items):
            continue
        for start, end in items:
            name = text[start:end]
            if (start, end) in people or _one_common_word(name) or is_known_place(name) or four_char_phrase(name):
                continue
            out.append((start, end, "PERSON"))
    return out


@Language.factory("kgraph_rules", default_config={"max_org_chars": 24})
def make_rules(nlp: Language, name: str, max_org_chars: int) -> RuleRecognizer:
    return RuleRecognizer(max_org_chars)
