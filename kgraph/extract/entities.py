"""Choose the final entities among the candidates and write ``doc.ents``.

Every step is a registered rule (see registry.py for the order): first the steps that change
a candidate (split, trim, extend, relabel), then the drops, then the overlap choice. Each
change is recorded on the candidate and each final decision in the Doc's trace.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import rjieba
from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.data import chars, word_list, word_set
from kgraph.extract.aliases import surname_and_address
from kgraph.extract.candidates import Candidate, Decision, Origin, candidates, common_words, head_of, title_overlap, trace
from kgraph.extract.gazetteer import county_form, is_known_place, level_bodies, starts_with_national_body, starts_with_place
from kgraph.extract.names import DIVISION_KINDS, LEVEL_WORDS, PLACES_WITH_BODIES, admin_chars, four_char_phrase
from kgraph.extract.registry import ALL_ORIGINS, GUESSED, Rule, neg, ordered, pos, rule
from kgraph.extract.tokens import Words, split_words, words
from kgraph.extract.world import country_initial_at, country_initials, transliterated, world_places

_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
# 某部委属（管）医院, 教育部直属高校: a class of bodies under a named one, not a name
_UNDER_BODY = re.compile(r"(?P<body>.{2,}?[委部局厅])(?:[委部省市]属|直属|所属|下属)(?:（.{1,2}）)?(?:医院|高校|院校|学校|企业|单位|机构)$")
# 人才兴院, 科技强企: a four-character slogan (noun + verb + the institution it serves)
_SLOGAN = re.compile(r"[\u4e00-\u9fff]{2}[兴强立建治活富护]{1}[院校企省市县区国]")
_TAGGED_OR_RULE = frozenset((Origin.MODEL, Origin.RULE))
_TAGGED_RULE_LIST = frozenset((Origin.MODEL, Origin.RULE, Origin.LIST))
_MODEL = frozenset((Origin.MODEL,))
_NOT_DECLARED = ALL_ORIGINS - {Origin.USER, Origin.ALIAS}


@dataclass
class Context:
    """What the steps read about the Doc: its text and words, where verbs start, and the
    endings of the organization names proposed in it."""

    text: str
    w: Words
    verb_at: set[int]
    short_forms: set[str]

    def tokens(self, c: Candidate) -> list[tuple[str, str]]:
        """(word, tag) of the words the candidate overlaps, in order."""
        return [(self.w.texts[i], self.w.tags[i]) for i in self.w.covering(c.start, c.end)]

    def name(self, c: Candidate) -> str:
        return self.text[c.start : c.end].strip('“”"《》 ')

    def know(self, cands: list[Candidate]) -> None:
        """Record the endings of the organization names proposed (after the change steps)."""
        org_names = {self.text[c.start : c.end] for c in cands if c.label == "ORG"}
        self.short_forms = {n[k:] for n in org_names for k in range(1, len(n) - 1)}


def context(doc: Doc, cands: list[Candidate] | None = None) -> Context:
    w = words(doc)
    # where a verb (or a function word) starts; a word before an aspect particle 了/着/过
    # is a verb whatever its dictionary tag says
    verb_at = {w.starts[i] for i, tag in enumerate(w.tags) if tag.startswith("v") or tag in ("p", "d", "c", "u", "ad")}
    verb_at |= {w.starts[i] for i in range(len(w.tags) - 1) if w.tags[i + 1] in ("ul", "uz", "ug")}
    ctx = Context(w.text, w, verb_at, set())
    if cands is not None:
        ctx.know(cands)
    return ctx


# --- splits, trims, extensions -----------------------------------------------------------


@rule(
    "split.joined-orgs",
    "split",
    "The model read 甲学院|获|乙工会 as one name: a function word or a word of acting together (联合, 会同) between two parts that each end in a head splits them.",
    [
        pos("青川职业学院与白石镇卫生院签订协议。", "青川职业学院与白石镇卫生院", "ORG", after="白石镇卫生院"),
        pos("县医保局联合县卫健局开展专项行动。", "县医保局联合县卫健局", "ORG", after="县卫健局"),
        neg("青川职业学院图书馆开放了。", "青川职业学院图书馆", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_MODEL,
    reason="two_heads_joined_by_function_word",
)
def _split_joined(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    heads, joiners, joint = word_list("org_heads.txt"), word_set("function_chars.txt"), word_set("joint_action_words.txt")
    text = ctx.text
    for at in range(c.start + 3, c.end - 3):
        gap = 1 if text[at] in joiners else 2 if text[at : at + 2] in joint else 0
        if gap and text[c.start : at].endswith(heads) and text[at + gap : c.end].endswith(heads):
            return [c.changed(r.id, "split", r.reason, end=at), c.changed(r.id, "split", r.reason, start=at + gap)]
    return [c]


@rule(
    "split.level-bodies",
    "split",
    "A level's party committee and government written together (县委县政府, 市委市政府) are two bodies.",
    [
        pos("这项工作得到了县委县政府的大力支持。", "县委县政府", "ORG", after="县委"),
        pos("这项工作得到了县委县政府的大力支持。", "县委县政府", "ORG", after="县政府"),
        neg("这项工作得到了县委的大力支持。", "县委", "ORG"),
    ],
    labels=("ORG",),
    applies_to=GUESSED,
    reason="two_level_bodies_together",
)
def _split_level_bodies(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    bodies = level_bodies()
    text = ctx.text[c.start : c.end]
    if len(text) < 4 or not text.startswith(_level_body_openings()):
        return [c]
    cuts = _cuts_into(text, bodies)
    if len(cuts) < 2:
        return [c]
    return [c.changed(r.id, "split", r.reason, start=c.start + a, end=c.start + b) for a, b in cuts]


@cache
def _level_body_openings() -> tuple[str, ...]:
    return tuple({b[:2] for b in level_bodies()})


def _cuts_into(text: str, parts: frozenset[str]) -> list[tuple[int, int]]:
    """``text`` cut into members of ``parts`` (longest first), or [] when it is not made of them."""
    cuts, at = [], 0
    while at < len(text):
        end = next((e for e in range(len(text), at, -1) if text[at:e] in parts), 0)
        if not end:
            return []
        cuts.append((at, end))
        at = end
    return cuts


@rule(
    "trim.leading-preposition",
    "trim",
    "A name does not begin with a preposition or conjunction standing where a verb phrase starts: 由|某公司 → 某公司.",
    [
        pos("工程由龙湾建工集团有限公司承建。", "由龙湾建工集团有限公司", "ORG", after="龙湾建工集团有限公司"),
        neg("工程由龙湾建工集团有限公司承建。", "龙湾建工集团有限公司", "ORG"),
    ],
    applies_to=_NOT_DECLARED,
    reason="leading_function_word",
)
def _trim_function_char(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    if ctx.text[c.start] in word_set("function_chars.txt") and c.end - c.start >= 4 and c.start in ctx.verb_at:
        return [c.changed(r.id, "trim", r.reason, start=c.start + 1)]
    return [c]


@rule(
    "trim.leading-verb-or-count",
    "trim",
    "An organization or place does not begin with a verb, an adverb or a count: 2家|某学院 → 某学院, 打造|某工会 → 某工会.",
    [
        pos("两家单位联合走访北川县民政局。", "走访北川县民政局", "ORG", after="北川县民政局"),
        neg("两家单位联合走访北川县民政局。", "北川县民政局", "ORG"),
    ],
    labels=("ORG", "PLACE"),
    applies_to=_NOT_DECLARED - {Origin.LIST},
    reason="leading_verb_or_count",
)
def _trim_leading_verb(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    w = ctx.w
    first = w.covering(c.start, c.start + 1)
    if not first or w.starts[first[0]] != c.start or w.ends[first[0]] >= c.end - 1:
        return [c]
    if w.texts[first[0]] in word_set("bank_short_names.txt"):
        return [c]  # 建行 reads as a verb to the segmenter but names a bank
    tag = w.tags[first[0]]
    if tag == "m" and ctx.text[w.ends[first[0]] : w.ends[first[0]] + 1] in admin_chars():
        return [c]  # 二七区, 八一镇: a division named by a number
    if tag in ("v", "vd", "p", "c", "d") or (tag == "m" and not w.texts[first[0]].startswith("第")):
        start = w.ends[first[0]]
        nxt = w.covering(start, start + 1)
        if nxt and w.tags[nxt[0]] == "q":  # 2|家|… : the measure word goes too
            start = w.ends[nxt[0]]
        return [c.changed(r.id, "trim", r.reason, start=start)]
    return [c]


@rule(
    "trim.person-conjunction",
    "trim",
    "A three-character person ending in 及/等 took the conjunction in: 王某及… → 王某.",
    [pos("会议由常委卢勇及各部门负责人参加。", "卢勇及", "PERSON", after="卢勇"), neg("会议由副县长卢家勇主持。", "卢家勇", "PERSON")],
    labels=("PERSON",),
    applies_to=_NOT_DECLARED,
    reason="conjunction_after_name",
)
def _trim_person_conjunction(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    if c.end - c.start == 3 and ctx.text[c.end - 1] in "及等":
        return [c.changed(r.id, "trim", r.reason, end=c.end - 1)]
    return [c]


@rule(
    "trim.org-run-on",
    "trim",
    "An organization name ends at its head when a verb, a function word or an adverb follows (某市卫健委|部署 → 某市卫健委); a model's name also when the rest ends in no head.",
    [
        pos("青州市农业农村局部署秋收工作。", "青州市农业农村局部署", "ORG", after="青州市农业农村局"),
        neg("甘肃省人民政府驻西安办事处举行推介会。", "甘肃省人民政府驻西安办事处", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_NOT_DECLARED,
    reason="runs_on_past_head",
)
def _trim_run_on(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    heads = word_list("org_heads.txt")
    whole = len(name) - len(head_of(name, heads))  # where the head that ends the whole name begins
    for cut in range(2, len(name)):
        if not name[:cut].endswith(heads) or cut > whole:
            continue  # 某管委|会: a cut inside the final head (管委会) is no run-on
        rest = name[cut:]
        if rest.startswith("驻") or not rest.strip("“”"):
            continue  # 某省人民政府|驻某市办事处: an office stationed elsewhere belongs to the name
        if (
            c.start + cut in ctx.verb_at
            or rest[0] in word_set("function_chars.txt")
            or rest.startswith(word_list("manner_adverbs.txt"))
            or (c.origin is Origin.MODEL and not rest.strip("“”").endswith(heads))
        ):
            return [c.changed(r.id, "trim", r.reason, end=c.start + cut)]
    return [c]


@rule(
    "trim.quote-after-body",
    "trim",
    "A body's name does not run into a quotation after it: 某总工会|“某某驿站” is the body and what it runs, so the name ends before the quotation (not a unit the body names so: 某医院“某某式党支部”).",
    [
        pos("市总工会“职工驿站”建设经验在全省推广。", "市总工会“职工驿站”", "ORG", after="市总工会"),
        neg("市总工会开展“送温暖”活动。", "市总工会", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_MODEL,
    reason="quotation_after_body",
)
def _trim_quote_after_body(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    at = name.find("“")
    if at >= 3 and name.endswith("”") and name[:at].endswith(word_list("org_heads.txt")) and not name[:-1].endswith(_NAMED_UNITS):
        return [c.changed(r.id, "trim", r.reason, end=c.start + at)]
    return [c]


# units a body names with a quoted nickname, which belong to the name (某医院“某某式党支部”)
_NAMED_UNITS = ("支部", "党总支", "党委", "党小组", "工作室", "班组", "车间")


@rule(
    "trim.organizing-verb",
    "trim",
    "组织 right before a verb is the verb 'organize' (某街道|组织开展), not a body's head: the name ends before it, and a name that then ends in a place suffix (街道, 社区, 镇) is the place that organizes.",
    [
        pos("青山区东城街道组织开展志愿服务活动。", "青山区东城街道组织", "ORG", after="青山区东城街道", after_label="PLACE"),
        pos("青山县总工会组织召开劳模座谈会。", "青山县总工会组织", "ORG", after="青山县总工会"),
        neg("世界卫生组织发布了年度报告。", "世界卫生组织", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_MODEL,
    reason="organize_is_a_verb",
)
def _trim_organizing_verb(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    if not name.endswith("组织") or len(name) < 4 or c.end not in ctx.verb_at:
        return [c]
    rest = name[:-2]
    if rest.endswith(word_list("org_heads.txt")):
        return [c.changed(r.id, "trim", r.reason, end=c.end - 2)]
    if head_of(rest, word_list("place_suffixes.txt")) and len(rest) >= 3:
        return [c.changed(r.id, "trim", r.reason, end=c.end - 2, label="PLACE")]
    return [c]


@rule(
    "extend.bracketed-place",
    "extend",
    "An organization name continues through a bracketed known place: 某大学（某市）.",
    [
        pos("东岭理工大学（威海）举办开放日活动。", "东岭理工大学", "ORG", after="东岭理工大学（威海）"),
        neg("青山机械厂（原农机修造厂）扩建了车间。", "青山机械厂", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_NOT_DECLARED,
    reason="bracketed_place_after_name",
)
def _extend_bracketed_place(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    if ctx.text.startswith("（", c.end):
        close = ctx.text.find("）", c.end, c.end + 8)
        if close > c.end and is_known_place(ctx.text[c.end + 1 : close]):
            return [c.changed(r.id, "extend", r.reason, end=close + 1)]
    return [c]


@rule(
    "relabel.family-village",
    "relabel",
    "A surname + 家 + a village word (李家庄, 王家村, 张家屯) names a village, not a person.",
    [
        pos("工作队住进了李家庄。", "李家庄", "PERSON", after_label="PLACE"),
        neg("李家庆在会上发言。", "李家庆", "PERSON"),
    ],
    labels=("PERSON",),
    applies_to=_MODEL,
    reason="family_village",
)
def _family_village(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    if family_village(ctx.text[c.start : c.end]):
        return [c.changed(r.id, "relabel", r.reason, label="PLACE")]
    return [c]


def family_village(name: str) -> bool:
    """李家庄, 王家村: a surname, 家 and a village word (after a word of place or size: 后李家庄)."""
    if len(name) == 4 and name[0] in _VILLAGE_PREFIXES:
        name = name[1:]
    return len(name) == 3 and name[1] == "家" and name[2] in _VILLAGE_ENDINGS


@rule(
    "extend.village-prefix",
    "extend",
    "A village named by a family often opens with a word of place or size written alone before it (小|王庄村, 前|刘庄, 东|李家村): the name begins there.",
    [
        pos("工作组先后来到小王庄村和柳树屯。", "王庄村", "PLACE", after="小王庄村"),
        neg("村东王家庄的麦子熟了。", "王家庄", "PLACE"),
    ],
    labels=("PLACE",),
    applies_to=_NOT_DECLARED,
    reason="village_prefix",
)
def _extend_village_prefix(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    if c.start < 1 or ctx.text[c.end - 1] not in _VILLAGE_ENDINGS or ctx.text[c.start - 1] not in _VILLAGE_PREFIXES:
        return [c]
    w = ctx.w
    k = w.index_at(c.start - 1)
    # the prefix is a word of its own, after a verb, a preposition, a mark or nothing (来到|小|王庄村)
    if (
        k is None
        or w.ends[k] != c.start
        or (k > 0 and not (w.tags[k - 1].startswith(("v", "p", "c", "x", "u")) or w.texts[k - 1] in "，。、；：“"))
    ):
        return [c]
    return [c.changed(r.id, "extend", r.reason, start=c.start - 1)]


_VILLAGE_ENDINGS = frozenset("村庄屯寨营堡")
_VILLAGE_PREFIXES = frozenset("东西南北前后上下大小中")


@rule(
    "extend.joined-field",
    "extend",
    "A ministry or bureau named by two fields joined with 和 begins at the first field, not after 和: 工业和|信息化局 → 工业和信息化局 (not 海军和|海军陆战队, 总理和|某国政府: two names).",
    [
        pos("工业和信息化部印发了方案。", "信息化部", "ORG", after="工业和信息化部"),
        pos("今年以来，县粮食和物资储备局多措并举。", "物资储备局", "ORG", after="县粮食和物资储备局"),
        neg("总理和商务部官员会见了代表团。", "商务部", "ORG"),
        neg("项目得到市政府和市教育局的支持。", "市教育局", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_NOT_DECLARED,
    reason="field_joined_before",
)
def _extend_joined_field(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    k = ctx.w.index_at(c.start)
    if k is None or k < 2 or ctx.w.texts[k - 1] != "和" or ctx.name(c)[-1] not in chars("field_body_heads.txt"):
        return [c]
    field, tag = ctx.w.texts[k - 2], ctx.w.tags[k - 2]
    before = ctx.w.tags[k - 3] if k >= 3 else "x"
    fields_only = tag in ("n", "vn", "l") and ctx.w.tags[k] in ("n", "vn", "l", "nt")  # not 联合国|… or 加拿大|…: names of their own
    if (
        len(field) >= 2
        and fields_only
        and field[-1] not in chars("field_body_heads.txt")
        and field not in word_set("titles.txt")
        and not head_of(field, word_list("org_heads.txt"))  # 市政府|和|市卫健委: two bodies
    ):
        if k >= 3 and ctx.w.texts[k - 3] in LEVEL_WORDS:  # 市|粮食和物资储备局: the level's bureau
            return [c.changed(r.id, "extend", r.reason, start=ctx.w.starts[k - 3])]
        if before not in _NAME_TAGS:
            return [c.changed(r.id, "extend", r.reason, start=ctx.w.starts[k - 2])]
    return [c]


_NAME_TAGS = ("n", "vn", "nz", "nt", "nr", "ns", "j")


@rule(
    "trim.repeated-tail",
    "trim",
    "A name never repeats its last part: 某镇青石社区|青石社区 (a heading glued to the line that begins with its own name) ends at the first.",
    [
        pos("柳溪镇青石社区青石社区位于镇中心以东。", "柳溪镇青石社区青石社区", "PLACE", after="柳溪镇青石社区"),
        neg("柳溪镇青石社区位于镇中心以东。", "柳溪镇青石社区", "PLACE"),
    ],
    labels=("ORG", "PLACE", "PROGRAM"),
    applies_to=_NOT_DECLARED,
    reason="last_part_repeated",
)
def _trim_repeated(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    for k in range(len(name) // 2, 1, -1):
        if name[-k:] == name[-2 * k : -k]:
            return [c.changed(r.id, "trim", r.reason, end=c.end - k)]
    return [c]


@rule(
    "trim.division-count",
    "trim",
    "A place does not run on into a count of divisions after it: 甲、乙、丙|三县 names three counties, so the last place ends before the count.",
    [
        pos("东岭、西塘、青川三县今年粮食增产。", "青川三县", "PLACE", after="青川"),
        neg("青川县今年粮食增产。", "青川县", "PLACE"),
    ],
    labels=("PLACE",),
    applies_to=_MODEL,
    reason="count_of_divisions",
)
def _trim_division_count(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    m = _TRAILING_DIVISION_COUNT.search(ctx.text, c.start, c.end)
    if m and m.end() == c.end and m.start() - c.start >= 2:
        return [c.changed(r.id, "trim", r.reason, end=m.start())]
    return [c]


# a count of divisions at a name's end: 三县, 两市, 四区县
# (one numeral: 二七区, 十八区 are divisions named by numbers)
_TRAILING_DIVISION_COUNT = re.compile(rf"(?<![一二三四五六七八九十两])[两二三四五六七八九十](?:{DIVISION_KINDS})")


@rule(
    "trim.title-tail",
    "trim",
    "An organization name does not end inside a title the text completes: 某医院党委|书记 → 某医院; a village, town or community left (某村|党支部书记) is a place.",
    [
        pos("云溪县人民医院党委书记程明出席。", "云溪县人民医院党委", "ORG", after="云溪县人民医院"),
        neg("云溪县人民医院党委召开会议。", "云溪县人民医院党委", "ORG"),
        neg("云溪县公安局长程明出席。", "云溪县公安局", "ORG"),
        pos("柳溪村党支部书记程明说。", "柳溪村党支部", "ORG", after="柳溪村", after_label="PLACE"),
    ],
    labels=("ORG",),
    reason="title_follows",
)
def _trim_title(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    k = title_overlap(ctx.text, c.end, ctx.text[c.start : c.end])
    if not k or ctx.text[c.end - k] == "科":
        return [c]  # 某某科|主任: a department and its head, not a name cut short
    if k == 1 and ctx.text.startswith("长", c.end):
        return [c]  # 某某公安局|长, 外交部|长: the body's last character is shared with its head's title
    # 某村|党支部书记: what is left names the village, a place
    label = "PLACE" if ctx.text[c.start : c.end - k].endswith(PLACES_WITH_BODIES) else None
    return [c.changed(r.id, "trim", r.reason, end=c.end - k, label=label)]


@rule(
    "trim.title-ending",
    "trim",
    "An organization name does not end in a post held there: 某某公司|董事长 → 某某公司, 市委|常委 → 市委.",
    [
        pos("青禾农机有限公司董事长程明出席。", "青禾农机有限公司董事长", "ORG", after="青禾农机有限公司"),
        neg("临江市政协委员会召开全体会议。", "临江市政协委员会", "ORG"),
    ],
    labels=("ORG",),
    applies_to=GUESSED,
    reason="post_at_end",
)
def _trim_title_ending(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    title = head_of(name, word_list("titles.txt"))
    rest = name[: len(name) - len(title)]
    if title and len(rest) >= 2 and head_of(rest, word_list("org_heads.txt")):  # 市委, 县政府 end in a head too
        return [c.changed(r.id, "trim", r.reason, end=c.end - len(title))]
    return [c]


# --- designations and honours read like bodies but are titles a programme confers ------


@rule(
    "relabel.designated-place",
    "relabel",
    "A place name carrying a designation marker is a conferred title: 某市优秀住宅小区 → PROGRAM.",
    [
        pos("这里被评为南屏市示范住宅小区。", "南屏市示范住宅小区", "PLACE", after_label="PROGRAM"),
        neg("他住在南屏市滨江住宅小区。", "南屏市滨江住宅小区", "PLACE"),
    ],
    labels=("PLACE",),
    applies_to=_TAGGED_RULE_LIST,
    reason="designation_marker_in_place",
)
def _designated_place(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    at = [name.find(m) for m in word_list("designation_markers.txt")]
    if c.end - c.start >= 2 and any(k > 0 and common_words(name[k:]) for k in at):
        return [c.changed(r.id, "relabel", r.reason, label="PROGRAM")]
    return [c]


@rule(
    "trim.class-under-body",
    "trim",
    "A class of bodies under a named one is not a name; the named one is: 某委委属医院 → 某委.",
    [pos("教育部直属高校都派出了代表。", "教育部直属高校", "ORG", after="教育部"), neg("教育部派出工作组。", "教育部", "ORG")],
    labels=("ORG",),
    applies_to=_TAGGED_RULE_LIST,
    reason="class_of_bodies_under",
)
def _under_body(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    under = _UNDER_BODY.match(ctx.text[c.start : c.end])
    return [c.changed(r.id, "trim", r.reason, end=c.start + under.end("body"))] if under else [c]


@rule(
    "relabel.level-designation",
    "relabel",
    "A level word (国家级, 省级, 市级) starts a designation: alone it is PROGRAM; after a company's name, the company stays ORG.",
    [
        pos("学校获批省级现代学徒制试点单位。", "省级现代学徒制试点单位", "ORG", after_label="PROGRAM"),
        neg("衡山机床厂扩建了车间。", "衡山机床厂", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_TAGGED_RULE_LIST,
    reason="level_word",
)
def _level(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    for level in word_list("designation_levels.txt"):
        at = name.find(level)
        if at == 0:
            return [c.changed(r.id, "relabel", r.reason, label="PROGRAM")]
        if at >= 2:
            return [
                c.changed(r.id, "split", r.reason, end=c.start + at),
                c.changed(r.id, "split", r.reason, start=c.start + at, label="PROGRAM"),
            ]
    return [c]


@rule(
    "relabel.honour",
    "relabel",
    "A name ending in an honour head (工匠, 能手, 标兵 …) or a specialty (专科, 学科) is an honour, not a body.",
    [pos("他被授予青州工匠称号。", "青州工匠", "ORG", after_label="PROGRAM"), neg("青州工匠学院今年招生。", "青州工匠学院", "ORG")],
    labels=("ORG",),
    applies_to=_TAGGED_RULE_LIST,
    reason="honour_head",
)
def _honour(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    if name.endswith(word_list("honor_heads.txt")) or rjieba.cut(name)[-1] in ("专科", "学科"):  # not 医学|科
        return [c.changed(r.id, "relabel", r.reason, label="PROGRAM")]
    return [c]


@rule(
    "relabel.station",
    "relabel",
    "A railway or bus station named by its place (某地北站, 某地火车站, 某地汽车站) is a place, a named venue, not a body.",
    [
        pos("东岭北站今年发送旅客120万人次。", "东岭北站", "ORG", after_label="PLACE"),
        neg("东岭县农机服务站为农户检修农机。", "东岭县农机服务站", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_TAGGED_RULE_LIST,
    reason="station_of_a_place",
)
def _station(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    if len(name) > 2 and name.endswith(_STATIONS):
        return [c.changed(r.id, "relabel", r.reason, label="PLACE")]
    return [c]


_STATIONS = ("北站", "南站", "东站", "西站", "火车站", "高铁站", "汽车站", "客运站")


@rule(
    "relabel.marked-designation",
    "relabel",
    "A marker (示范, 试点, 先进) followed by common words only marks a designation: 某某示范医院 → PROGRAM.",
    [
        pos("金沙县人民医院入选胸痛救治示范医院。", "胸痛救治示范医院", "ORG", after_label="PROGRAM"),
        neg("金沙县人民医院扩建了病房。", "金沙县人民医院", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_TAGGED_RULE_LIST,
    reason="designation_marker",
)
def _marked(ctx: Context, c: Candidate, r: Rule) -> list[Candidate]:
    name = ctx.text[c.start : c.end]
    for marker in word_list("designation_markers.txt"):
        at = name.rfind(marker)
        if at > 0 and common_words(name[at + len(marker) :]):
            return [c.changed(r.id, "relabel", r.reason, label="PROGRAM")]
    return [c]


# --- drops: what is not a name -------------------------------------------------------------

Drop = Callable[[Context, str, Candidate], bool]


@rule(
    "drop.not-a-word",
    "drop",
    "One character, or no Chinese character at all, is no name; except a place the model tagged that is the one-character form of a country named by that character and 国, beside another such form or before 方 (中美 → 中国, 美国; 美方; the mention is named by the country; 美军 is not).",
    [
        pos("乡党委书记邵红梅带队检查。", "乡", "ORG"),
        neg("青石乡党委书记邵红梅带队检查。", "青石乡", "PLACE"),
        neg("中德两国企业在会上签约。", "德", "PLACE"),
        pos("青山影院今晚放映一部美军题材的电影。", "美", "PLACE"),
        pos("中德产业园今年新引进企业十二家。", "德", "PLACE"),
    ],
    reason="too_short_or_not_chinese",
)
def _not_a_word(ctx: Context, t: str, c: Candidate) -> bool:
    if len(t) == 1 and c.label == "PLACE" and c.origin in _MODEL and country_initial_at(ctx.text, c.start):
        return False
    return len(t) < 2 or not _HAS_CJK.search(t)


@rule(
    "drop.stop-list",
    "drop",
    "Generic words that are never names on their own (医院, 该院, 党委 …; kgraph/data/stoplist.txt).",
    [pos("党支部已成立工作专班。", "党支部", "ORG"), neg("临江市委已成立工作专班。", "临江市委", "ORG")],
    reason="generic_word",
)
def _stop_listed(ctx: Context, t: str, c: Candidate) -> bool:
    return t in word_set("stoplist.txt")


@rule(
    "drop.clause",
    "drop",
    "A list or a clause (、，。；：) is not one name.",
    [
        pos("中国、秘鲁联合考古队完成了发掘。", "中国、秘鲁联合考古队", "ORG"),
        neg("中国秘鲁联合考古队完成了发掘。", "中国秘鲁联合考古队", "ORG"),
    ],
    labels=("ORG", "PLACE", "PERSON"),
    reason="punctuation_inside",
)
def _clause(ctx: Context, t: str, c: Candidate) -> bool:
    return any(p in t for p in "、，,。；;：:")


def _generic(name: str) -> bool:
    """An organization word with no name in it: the words before its head are all common
    dictionary words (企业|工会, 培育|医院). A place, a scope (省, 国家), a proper name, a word
    the dictionary lacks, a number or a Latin letter makes it a name."""
    head = head_of(name, word_list("org_heads.txt"))
    if not head or len(name) == len(head) or starts_with_national_body(name):
        return False  # a national body (公安部) is one in the whole country, and so its offices
    rest = name[: -len(head)]
    if rest[0] in chars("scope_initials.txt") or rest.startswith(word_list("national_prefixes.txt")) or starts_with_place(rest):
        return False
    if any(ch.isdigit() or ch.isascii() for ch in rest) or (rest[0] == "第" and rest[1:2] in chars("numerals.txt")):
        return False  # numbers and ordinals name things (第三幼儿园)
    heads = word_set("org_heads.txt")
    if any(name[k] in admin_chars() and name[k + 1 :] in heads for k in range(2, len(name) - 1)):
        return False  # 某某区|委, 某某县|政府: the body of a division, whatever words name the division
    if head in _REGISTERED_HEADS:
        # a registered company's name: one the dictionary lists whole (华为技术有限公司), or a
        # trade name it reads as common words (中铁|十四|局|集团), is still a name; one field
        # word alone (科技有限公司) or industry words only (工程机械股份有限公司) describe a kind
        if rjieba.tag(name) == [(name, "nt")]:
            return False
        parts = [word for word, _ in rjieba.tag(rest)]
        return common_words(rest) and (len(parts) == 1 or all(p in word_set("industry_words.txt") for p in parts))
    return common_words(rest)  # a word the dictionary does not know (垚森) is most likely part of a name


_REGISTERED_HEADS = frozenset(("有限公司", "股份有限公司", "有限责任公司"))


@rule(
    "drop.generic-org",
    "drop",
    "An organization word whose words before the head are all common words names no body (企业工会), unless it is the short form of a longer name in the text.",
    [pos("青石县民政局、林业局领导来到现场。", "林业局", "ORG"), neg("青石县民政局、林业局领导来到现场。", "青石县民政局", "ORG")],
    labels=("ORG",),
    applies_to=_TAGGED_OR_RULE,
    reason="common_words_before_head",
)
def _generic_org(ctx: Context, t: str, c: Candidate) -> bool:
    return _generic(t) and t not in ctx.short_forms


def _kind_not_name(name: str) -> bool:
    """A kind of organization rather than one organization: a bare head (工会联合会), a type
    (研究型医院, 创新型企业) or a slogan (人才兴院)."""
    if name in word_set("org_heads.txt") or _SLOGAN.fullmatch(name):
        return True
    head = head_of(name, word_list("org_heads.txt"))
    return bool(head) and name[: -len(head)].endswith("型") and not starts_with_place(name)


@rule(
    "drop.kind-not-name",
    "drop",
    "A kind of organization rather than one: a bare head, a type (研究型医院), a slogan (人才兴院).",
    [pos("纪念馆的工作人员忙着布展。", "纪念馆", "ORG"), neg("青山烈士纪念馆的工作人员忙着布展。", "青山烈士纪念馆", "ORG")],
    labels=("ORG",),
    applies_to=_TAGGED_RULE_LIST,
    reason="kind_of_body",
)
def _kind(ctx: Context, t: str, c: Candidate) -> bool:
    return _kind_not_name(t)


@rule(
    "drop.department",
    "drop",
    "A department every hospital has (神经外科, 麻醉科) is not a named body.",
    [pos("他被提拔为财务科副科长。", "财务科", "ORG"), neg("临江市科技局发布通知。", "临江市科技局", "ORG")],
    labels=("ORG",),
    applies_to=_MODEL,
    reason="department",
)
def _department(ctx: Context, t: str, c: Candidate) -> bool:
    return t.endswith(("科", "科室")) and len(t) <= 6 and not starts_with_place(t)


@cache
def _body_endings() -> tuple[str, ...]:
    """Endings that make a listed name a body: organization heads and industry words."""
    return (*word_list("org_heads.txt"), *word_list("industry_words.txt"))


@rule(
    "drop.list-field",
    "drop",
    "A listed item made of common words without a body ending, or a department's field by its short name (住建 of 住建局), is a field, not a name (财政、住建等部门).",
    [
        pos("在网上销售家电、服装、玩具等产品的公司越来越多。", "服装", "ORG"),
        pos("联合人社、住建、交通运输等部门开展检查。", "住建", "ORG"),
        neg("华禾农业、青木纺织、金穗粮油等企业参加了展会。", "青木纺织", "ORG"),
    ],
    labels=("ORG",),
    applies_to=frozenset((Origin.LIST,)),
    reason="field_not_body",
)
def _list_field(ctx: Context, t: str, c: Candidate) -> bool:
    return not t.endswith(_body_endings()) and (common_words(t) or _department_field(t))


def _department_field(name: str) -> bool:
    """The field of a department named by its short name (住建 of 住建局, 人社 of 人社厅)."""
    return any(name + head in word_set("department_short_names.txt") for head in "局厅委部")


@rule(
    "drop.place-plus-generic",
    "drop",
    "A place or scope and a generic word (全国|公立医院) names no body.",
    [pos("全国公立医院都在推进改革。", "全国公立医院", "ORG"), neg("临江市人民医院在推进改革。", "临江市人民医院", "ORG")],
    labels=("ORG",),
    applies_to=_NOT_DECLARED,
    reason="place_and_generic_word",
)
def _place_plus_generic(ctx: Context, t: str, c: Candidate) -> bool:
    place = starts_with_place(t) or next((w for w in word_list("program_starts.txt") if t.startswith(w)), "")
    rest = t[len(place) :]
    return bool(place) and len(rest) >= 4 and rest in word_set("stoplist.txt")


@rule(
    "drop.not-one-body",
    "drop",
    "Where, or a whole class, rather than one body: a head followed by a location word (城中心|地带, 市场|附近) or a place's schools of two kinds at once (某市中小学).",
    [
        pos("新建的图书馆坐落在平阴县城中心地带。", "平阴县城中心", "PLACE"),
        pos("今年济南中小学及幼儿园推迟开学。", "济南中小学", "ORG"),
        neg("平阴县城市管理服务中心今天揭牌。", "平阴县城市管理服务中心", "ORG"),
    ],
    labels=("ORG", "PLACE"),
    applies_to=_NOT_DECLARED,
    reason="location_or_class",
)
def _not_one_body(ctx: Context, t: str, c: Candidate) -> bool:
    after = next((w for w in word_set("location_words.txt") if ctx.text.startswith(w, c.end)), "")
    if after and head_of(t, word_list("org_heads.txt")):
        return True
    place = starts_with_place(t)
    return bool(place) and t[len(place) :] in word_set("school_kinds_together.txt")


@rule(
    "drop.unit-not-person",
    "drop",
    "A measure word (张次, 人次: the tokenizer's lexicon tags it so) or a numbered unit (刑二庭, 审一科) is not a person.",
    [
        pos("全年代办各类证件三百张次，群众满意。", "张次", "PERSON"),
        pos("市中院刑二庭公开审理了此案。", "刑二庭", "PERSON"),
        neg("会上，主任刘建华作了报告。", "刘建华", "PERSON"),
    ],
    labels=("PERSON",),
    applies_to=_MODEL,
    reason="unit_not_person",
)
def _unit_not_person(ctx: Context, t: str, c: Candidate) -> bool:
    tags = rjieba.tag(t)
    if len(tags) == 1 and tags[0][1] in ("q", "mq"):
        return True
    return len(t) == 3 and t[1] in chars("numerals.txt") and t[2] in "庭科处室所队组"


@rule(
    "drop.long-person",
    "drop",
    "A person's name has at most four characters unless it is a transliteration with ·.",
    [pos("石田东太郎就要告别生活了四十年的家人。", "石田东太郎", "PERSON"), neg("会上，主任刘建华作了报告。", "刘建华", "PERSON")],
    labels=("PERSON",),
    reason="too_long_for_a_name",
)
def _long_person(ctx: Context, t: str, c: Candidate) -> bool:
    return len(t) > 4 and "·" not in t and not (c.origin in _MODEL and transliterated(t))


@rule(
    "drop.four-char-person",
    "drop",
    "Four characters without a two-character surname are a phrase, not a person (某创英才).",
    [pos("日本知名学者石川正雄先生曾撰文说，造像令人惊叹。", "石川正雄", "PERSON"), neg("欧阳明月在会上发言。", "欧阳明月", "PERSON")],
    labels=("PERSON",),
    applies_to=_MODEL,
    reason="four_chars_without_compound_surname",
)
def _four_char_person(ctx: Context, t: str, c: Candidate) -> bool:
    return four_char_phrase(t)


@rule(
    "drop.half-bracket",
    "drop",
    "A bracket cut in half is no name (某领导小组(指挥部).",
    [
        pos("成立了防汛领导小组（指挥部）。", "防汛领导小组（指挥部", "ORG"),
        neg("东岭理工大学（威海）举办开放日活动。", "东岭理工大学（威海）", "ORG"),
    ],
    labels=("ORG", "PLACE"),
    reason="unbalanced_bracket",
)
def _half_bracket(ctx: Context, t: str, c: Candidate) -> bool:
    return t.count("（") != t.count("）") or t.count("(") != t.count(")")


@rule(
    "drop.abstract-person",
    "drop",
    "Abstract nouns and departments (成就感, 满意度, 呼吸科) are not given names.",
    [pos("群众的幸福感和安全感明显增强。", "幸福感", "PERSON"), neg("昨天上午，孟繁宇在操场上跑步。", "孟繁宇", "PERSON")],
    labels=("PERSON",),
    applies_to=_MODEL,
    reason="abstract_noun",
)
def _abstract_person(ctx: Context, t: str, c: Candidate) -> bool:
    return t[-1] in chars("abstract_suffixes.txt")


@rule(
    "drop.surname-address",
    "drop",
    "A surname and a form of address or a post (张女士, 刘大爷, 王书记) names nobody on its own: it is an alias of a person the article names in full, or no entity (guidelines R3).",
    [
        pos("张女士告诉记者，孩子今年上小学。", "张女士", "PERSON"),
        neg("市民张丽华告诉记者，孩子今年上小学。", "张丽华", "PERSON"),
    ],
    labels=("PERSON",),
    applies_to=_MODEL,
    reason="surname_and_address",
)
def _surname_address(ctx: Context, t: str, c: Candidate) -> bool:
    return surname_and_address(t)


@rule(
    "drop.quoted-person",
    "drop",
    "A quoted word is a nickname or a slogan, not a person's name.",
    [pos("她被队友们称为“阿敏”。", "阿敏", "PERSON"), neg("她的队友阿敏来了。", "阿敏", "PERSON")],
    labels=("PERSON",),
    reason="quoted",
)
def _quoted_person(ctx: Context, t: str, c: Candidate) -> bool:
    return ctx.text[c.start - 1 : c.start] == "“" and ctx.text[c.end : c.end + 1] == "”"


@rule(
    "drop.region-kind",
    "drop",
    "Common words + 地区 name a kind of region (偏远地区), not a place; so does a determiner before common words (各乡镇, 每个村).",
    [
        pos("这几年带动了本地和周边地区的旅游业发展。", "周边地区", "PLACE"),
        pos("各乡镇都设立了便民服务站。", "各乡镇", "PLACE"),
        neg("他们去了亚太地区的几个国家。", "亚太地区", "PLACE"),
    ],
    labels=("PLACE",),
    applies_to=frozenset((Origin.RULE,)),
    reason="kind_of_region",
)
def _region_kind(ctx: Context, t: str, c: Candidate) -> bool:
    if t[0] in _DETERMINERS and len(t) > 1 and common_words(t[1:]):
        return True
    return t.endswith("地区") and common_words(t[:-2])


# each, every, this, that, its: what follows is a kind of place, not a name (全 is left out:
# 全椒县 is a county)
_DETERMINERS = frozenset("各每本该此这那其")


def real_place(name: str) -> bool:
    """A tagged place is kept when the gazetteer knows it (or it begins with a known place),
    when the tokenizer's lexicon lists it as a place, when it ends with a place suffix
    (街道, 社区, 广场 …), or names a country."""
    if is_known_place(name) or starts_with_place(name) or name in world_places() or _lexicon_place(name) or transliterated(name):
        return True
    if name.endswith("地区"):
        return False  # 边远地区, 沿海地区: a region word, unless a known place begins it (above)
    suffix = head_of(name, word_list("place_suffixes.txt"))
    if suffix in _VENUES and common_words(name[: -len(suffix)]):
        return False  # 国际|机场, 新建|水库: a kind of venue, not one named
    if len(name) >= 3 and suffix and (len(suffix) > 1 or not _common_last_word(name)):
        return True
    return 2 <= len(name) <= 5 and name[-1] in "国洲"


# venues named by a place or a name before them (某地北站, 某某水库)
_VENUES = frozenset((*_STATIONS, "大桥", "水库", "机场", "码头"))


def _lexicon_place(name: str) -> bool:
    """The tokenizer's lexicon (jieba's dictionary, which lists places at home and abroad:
    华盛顿, 马萨诸塞州) has the whole name as one word tagged as a place name. Two-character
    words are left out: the lexicon tags common words so too (宜居, 滨江)."""
    tags = rjieba.tag(name)
    return len(name) >= 3 and len(tags) == 1 and tags[0][1] == "ns"


def _common_last_word(name: str) -> bool:
    """The name ends in a common word that only ends in a suffix character (齐鲁|道路, 大江|大河)."""
    last, tag = rjieba.tag(name)[-1]
    return len(last) > 1 and rjieba.has_word(last) and tag not in ("ns", "nz", "nt", "nr")


@rule(
    "drop.unknown-place",
    "drop",
    "A place the model tagged is kept only when a gazetteer knows it, the tokenizer's lexicon has it as one place word of three or more characters (华盛顿; two-character ones there include common words), it ends in a place suffix (路, 街道, 公园; a one-character one as a word of its own, not the end of 道路), names a country, is a country's one-character form (中美), a county's short form (曲阜 of 曲阜市; not one read as a verb, 延长) or a two-character river, lake or mountain (漓江).",
    [
        pos("画中山水又蒙江南雨露滋润，令人神往。", "江南", "PLACE"),
        neg("代表团先后到访烟台和北京。", "北京", "PLACE"),
        neg("代表团昨天飞抵华盛顿，开始访问。", "华盛顿", "PLACE"),
        neg("他们在滨江大道上跑步。", "滨江大道", "PLACE"),
        neg("游客们从曲阜出发，一路向东。", "曲阜", "PLACE"),
        neg("一行人沿着漓江顺流而下。", "漓江", "PLACE"),
    ],
    labels=("PLACE",),
    applies_to=_MODEL,
    reason="not_a_known_place",
)
def _unknown_place(ctx: Context, t: str, c: Candidate) -> bool:
    return not real_place(t) and t not in country_initials() and not county_form(t) and not _landform(t) and not family_village(t)


def _landform(name: str) -> bool:
    """A river, lake, sea, mountain or island named in two characters (a one-word place name
    in the dictionary ending in 江, 湖, 山 …): the model and the dictionary agree."""
    return len(name) == 2 and name[-1] in _LANDFORM_ENDINGS and rjieba.tag(name) == [(name, "ns")]


_LANDFORM_ENDINGS = frozenset("江河湖海山峰岭峡岛")


@rule(
    "drop.pronoun-org",
    "drop",
    "A pronoun phrase (我们公司, 该院) is not a name.",
    [pos("我们青山公司今年效益很好。", "我们青山公司", "ORG"), neg("青山公司今年效益很好。", "青山公司", "ORG")],
    labels=("ORG",),
    applies_to=_TAGGED_RULE_LIST,
    reason="pronoun",
)
def _pronoun_org(ctx: Context, t: str, c: Candidate) -> bool:
    tokens = ctx.tokens(c)
    return bool(tokens) and tokens[0][1] == "r"


@rule(
    "drop.two-char-org",
    "drop",
    "Two characters that are a common word (汽车, 业主) or stand in quotes (a typhoon, a nickname) are not an organization's name; a school named by its number (七中) or an abbreviation (北大) is.",
    [
        pos("学校与“红星”合作办学。", "红星", "ORG"),
        neg("他先入燕京，后入北大。", "北大", "ORG"),
        neg("他先入燕京，后入东岭大学。", "东岭大学", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_TAGGED_RULE_LIST,
    reason="two_characters",
)
def _two_char_org(ctx: Context, t: str, c: Candidate) -> bool:
    # 七中: a school named by its number; 北大, 中共: abbreviations the dictionary knows as names
    quoted = ctx.text[c.start - 1 : c.start] in "“‘" and ctx.text[c.end : c.end + 1] in "”’"
    return len(t) <= 2 and t[0] not in chars("numerals.txt") and (common_words(t) or quoted)


@rule(
    "drop.three-char-head-word",
    "drop",
    "A three-character common word that ends in a head-like character (新格局, 现场办) is not a body; a level and a commission's short name (县|纪委, 市|教委) is one.",
    [
        pos("入门处的显要地方站着两个男子。", "入门处", "ORG"),
        neg("县公安局的干警来了。", "县公安局", "ORG"),
        neg("区纪委的同志来了。", "区纪委", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_TAGGED_RULE_LIST,
    reason="common_word_with_head_char",
)
def _three_char_head_word(ctx: Context, t: str, c: Candidate) -> bool:
    if len(t) != 3 or t[-1] not in chars("head_like_chars.txt") or t[-2] in admin_chars():
        return False
    return not (t[0] in admin_chars() and _commission(t[1:]))  # 县|纪委, 市|教委: a level's commission


def _commission(word: str) -> bool:
    """A commission's short name: one dictionary word ending in 委 (纪委, 教委, 团委), not a
    post (常委)."""
    return word.endswith("委") and rjieba.has_word(word) and word not in word_set("titles.txt")


@rule(
    "drop.half-quote",
    "drop",
    "A quotation cut in half is no name (国家队”医院).",
    [
        pos("博物馆附设的“星空咖啡”酒吧凌晨还亮着灯。", "星空咖啡”酒吧", "ORG"),
        neg("青山医院“红烛党支部”成立了。", "青山医院“红烛党支部”", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_TAGGED_OR_RULE,
    reason="unbalanced_quote",
)
def _half_quote(ctx: Context, t: str, c: Candidate) -> bool:
    raw = ctx.text[c.start : c.end]
    return raw.count("“") != raw.count("”")


@rule(
    "drop.verb-phrase-org",
    "drop",
    "A model's organization with a verb and no proper-name word is a verb phrase (谋划推进医院).",
    [
        pos("镇经营所、村民理财小组对账目实施监督。", "村民理财小组", "ORG"),
        neg("临江市规划设计研究院发布方案。", "临江市规划设计研究院", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_MODEL,
    reason="verb_phrase",
)
def _verb_phrase_org(ctx: Context, t: str, c: Candidate) -> bool:
    tags = [tag for _, tag in ctx.tokens(c)]
    return any(x == "v" for x in tags) and not any(x in ("ns", "nt", "nz", "j") for x in tags)


@rule(
    "drop.quantity-org",
    "drop",
    "A model's organization holding a quantity (某市多处银行) is not a name; ordinals and numbers name things (第二医院).",
    [
        pos("城区多处银行网点延长了营业时间。", "城区多处银行", "ORG"),
        neg("临江市第二人民医院扩建了病房。", "临江市第二人民医院", "ORG"),
        neg("三八区委组织了一次培训。", "三八区委", "ORG"),
    ],
    labels=("ORG",),
    applies_to=_MODEL,
    reason="quantity",
)
def _quantity_org(ctx: Context, t: str, c: Candidate) -> bool:
    tokens = ctx.tokens(c)
    for k, (word, tag) in enumerate(tokens):
        named = word.startswith("第") or word.isdigit() or (k + 1 < len(tokens) and tokens[k + 1][0][:1] in admin_chars())
        if tag == "m" and not named:
            return True  # 二七|区委: a division named by a number is a name
    return False


@rule(
    "choose.overlap",
    "choose",
    "Among overlapping candidates the user's names win, then the longer span, then the more trusted origin.",
    reason="overlapped_by_chosen",
    core=True,
)
def _choose(cands: list[Candidate]) -> tuple[list[Candidate], list[tuple[Candidate, Candidate]]]:
    """(chosen, [(loser, the chosen candidate it overlaps)])."""
    order = sorted(cands, key=lambda c: (c.origin is Origin.USER, c.end - c.start, c.origin.trust), reverse=True)
    owner: dict[int, Candidate] = {}
    chosen: list[Candidate] = []
    lost: list[tuple[Candidate, Candidate]] = []
    for c in order:
        hit = next((owner[i] for i in range(c.start, c.end) if i in owner), None)
        if hit is not None:
            lost.append((c, hit))
            continue
        for i in range(c.start, c.end):
            owner[i] = c
        chosen.append(c)
    return chosen, lost


class EntityChooser:
    def __init__(self) -> None:
        steps = ordered("kgraph_entities")
        self.changes = [r for r in steps if r.kind in ("split", "trim", "extend", "relabel")]
        self.drops = [r for r in steps if r.kind == "drop"]
        self._applicable: dict[tuple[str, Origin], list[Rule]] = {}
        self._change_steps: dict[tuple[str, Origin], list[int]] = {}

    def change(self, ctx: Context, c: Candidate) -> list[Candidate]:
        """Run the change steps in order; a split's parts go through the steps after it."""
        parts = [c]
        k = 0  # the next step to run
        while len(parts) == 1:  # the usual case: one candidate, and the steps that judge it
            p = parts[0]
            if p.end <= p.start:
                return parts
            steps = self._changes_for(p.label, p.origin)
            at = bisect.bisect_left(steps, k)
            if at == len(steps):
                return parts
            k = steps[at]
            r = self.changes[k]
            parts = r.fn(ctx, p, r)
            k += 1
        for r in self.changes[k:]:  # a split's parts go through the steps after it
            parts = [out for p in parts for out in (r.fn(ctx, p, r) if r.judges(p.label, p.origin) and p.end > p.start else [p])]
        return parts

    def _changes_for(self, label: str, origin: Origin) -> list[int]:
        key = (label, origin)
        if key not in self._change_steps:
            self._change_steps[key] = [k for k, r in enumerate(self.changes) if r.judges(label, origin)]
        return self._change_steps[key]

    def _drops_for(self, label: str, origin: Origin) -> list[Rule]:
        key = (label, origin)
        if key not in self._applicable:
            self._applicable[key] = [r for r in self.drops if r.judges(label, origin)]
        return self._applicable[key]

    def dropped_by(self, ctx: Context, c: Candidate) -> Rule | None:
        """The first drop step that rejects the candidate, None when it is kept."""
        if c.end <= c.start:
            return DROP_EMPTY
        t = ctx.name(c)
        for r in self._drops_for(c.label, c.origin):
            if r.fn(ctx, t, c):
                return r
        return None

    def __call__(self, doc: Doc) -> Doc:
        ctx = context(doc)
        cands = [part for c in candidates(doc) for part in self.change(ctx, c)]
        ctx.know(cands)
        log = trace(doc)
        kept = []
        for c in cands:
            r = self.dropped_by(ctx, c)
            if r is None:
                kept.append(c)
            else:
                log.append(Decision(c, "dropped", r.id, r.reason))
        chosen, lost = _choose(kept)
        log.extend(Decision(c, "overlapped", "choose.overlap", "overlapped_by_chosen", winner) for c, winner in lost)
        log.extend(Decision(c, "kept") for c in chosen)
        _split_tokens_at(doc, {x for c in chosen for x in (c.start, c.end)})
        spans = []
        for c in sorted(chosen, key=lambda c: c.start):
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="strict")
            if span is not None:
                spans.append(span)
        doc.ents = spans
        doc.user_data["entity_candidates"] = {(c.start, c.end): c for c in chosen}
        return doc


# a step may trim a candidate to nothing; that is recorded as a drop by the step's own id
DROP_EMPTY = Rule("drop.empty", "drop", "A candidate trimmed to nothing.", lambda *a: True, (), reason="empty_after_trim")


def _split_tokens_at(doc: Doc, boundaries: set[int]) -> None:
    """Split tokens so that every boundary falls between tokens."""
    w = words(doc)
    inside: dict[int, list[int]] = {}
    for b in boundaries:
        for i in w.covering(b, b + 1):
            if w.starts[i] < b < w.ends[i]:
                inside.setdefault(i, []).append(b - w.starts[i])
    if not inside:
        return
    with doc.retokenize() as retok:
        for i, cuts in inside.items():
            token = doc[i]
            cuts = sorted(cuts)
            pieces, last = [], 0
            for cut in [*cuts, len(token)]:
                pieces.append(token.text[last:cut])
                last = cut
            retok.split(token, pieces, heads=[(token, 0)] * len(pieces))
    split_words(doc, inside)


def entity_candidate(doc: Doc, span: Span) -> Candidate | None:
    """The candidate a final entity came from (its proposer, origin and changes)."""
    return doc.user_data.get("entity_candidates", {}).get((span.start_char, span.end_char))


@Language.factory("kgraph_entities")
def make_entities(nlp: Language, name: str) -> EntityChooser:
    return EntityChooser()
