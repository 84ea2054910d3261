"""Choose the final entities among overlapping candidates and write ``doc.ents``."""

from __future__ import annotations

import re
from functools import cache

import rjieba
from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.extract.candidates import PRIORITY, Candidate, body_heads, candidates, common_words, title_overlap, word_list, word_set
from kgraph.extract.gazetteer import is_known_place, starts_with_place
from kgraph.extract.tokens import Words, split_words, words

_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


# 某部委属（管）医院, 教育部直属高校: a class of bodies under a named one, not a name
_UNDER_BODY = re.compile(r"(?P<body>.{2,}?[委部局厅])(?:[委部省市]属|直属|所属|下属)(?:（.{1,2}）)?(?:医院|高校|院校|学校|企业|单位|机构)$")
# 人才兴院, 科技强企: a four-character slogan (noun + verb + the institution it serves)
_SLOGAN = re.compile(r"[\u4e00-\u9fff]{2}[兴强立建治活富护]{1}[院校企省市县区国]")


def _shared_endings(names: set[str]) -> set[str]:
    """Organization words that end two different names of the text (方舱医院 of 甲地方舱医院
    and 乙地方舱医院): a kind of body, not one body's short form."""
    prefixes: dict[str, set[str]] = {}
    for n in names:
        for k in range(2, len(n) - 2):
            if n[k:] in names and n[k:].endswith(body_heads()) and not starts_with_place(n[k:]):
                prefixes.setdefault(n[k:], set()).add(n[:k])
    # 甲地方舱医院 and 地方舱医院 are one name read twice, and so are 某市建材工会 and 某建材工会
    kinds = set()
    for t, ps in prefixes.items():
        keys = {p.rstrip("省市县区") for p in ps}
        if len({k for k in keys if not any(q != k and q.endswith(k) for q in keys)}) >= 2:
            kinds.add(t)
    return kinds


@cache
def _body_endings() -> tuple[str, ...]:
    """Endings that make a listed name a body: organization heads and industry words."""
    return (*word_list("org_heads.txt"), *word_list("industry_words.txt"))


def _kind_not_name(name: str) -> bool:
    """A kind of organization rather than one organization: a bare head (工会联合会), a type
    (研究型医院, 创新型企业) or a slogan (人才兴院)."""
    if name in word_set("org_heads.txt") or _SLOGAN.fullmatch(name):
        return True
    head = next((h for h in word_list("org_heads.txt") if name.endswith(h)), "")
    return bool(head) and name[: -len(head)].endswith("型") and not starts_with_place(name)


class EntityChooser:
    def real_place(self, name: str) -> bool:
        """A tagged place is kept when the gazetteer knows it (or it begins with a known
        place), when it ends with a place suffix (街道, 社区, 广场 …), or names a country."""
        if is_known_place(name) or starts_with_place(name):
            return True
        if name.endswith("地区"):
            return False  # 边远地区, 沿海地区: a region word, unless a known place begins it (above)
        if len(name) >= 3 and any(name.endswith(s) for s in word_list("place_suffixes.txt")):
            return True
        return 2 <= len(name) <= 5 and name[-1] in "国洲"

    def generic(self, name: str) -> bool:
        """An organization word with no name in it: the words before its head are all common
        dictionary words (企业|工会, 培育|医院, 常务|委员会). A place, a scope (省, 国家), a
        person's or a proper name, a word the dictionary lacks, a number or a Latin letter
        makes it a name."""
        head = next((h for h in word_list("org_heads.txt") if name.endswith(h)), None)
        if head is None or len(name) == len(head):
            return False
        rest = name[: -len(head)]
        if (
            rest[0] in "省市县区国全"
            or rest.startswith(("中国", "中共", "中央", "中华"))
            or starts_with_place(rest)
            or any(c.isdigit() or c.isascii() for c in rest)
        ):
            return False
        # a word the dictionary does not know (垚森, 珑湖) is most likely part of a name
        return common_words(rest)

    def keep(
        self,
        text: str,
        c: Candidate,
        doc_text: str = "",
        tokens: list[tuple[str, str]] | None = None,
        short_forms: set[str] | None = None,
    ) -> bool:
        """``tokens``: (word, tag) of the words the candidate overlaps. ``short_forms``: endings of longer organization names in the same text (纺织工会 of
        某省纺织工会), which stand for those names however generic they look."""
        t = text.strip('“”"《》 ')
        tags = [tag for _, tag in tokens or ()]
        if len(t) < 2 or t in word_set("stoplist.txt") or not _HAS_CJK.search(t):
            return False
        if c.label in ("ORG", "PLACE", "PERSON") and any(p in t for p in "、，,。；;：:"):
            return False  # a list or a clause, not one name
        if c.label == "ORG" and c.source in ("ner", "rule") and self.generic(t) and t not in (short_forms or ()):
            return False
        if c.label == "ORG" and c.source in ("ner", "rule", "list") and _kind_not_name(t):
            return False
        if c.label == "ORG" and c.source == "ner" and t.endswith(("科", "科室")) and len(t) <= 6 and not starts_with_place(t):
            return False  # 神经外科, 麻醉科: a department every hospital has, not a named body
        if c.label == "ORG" and c.source == "list" and not t.endswith(_body_endings()) and common_words(t):
            return False  # 财政、行政审批服务等部门: a field, not a name (青松机械 is a company)
        if c.label == "ORG" and c.source not in ("user", "alias"):
            place = starts_with_place(t) or next((w for w in word_list("program_starts.txt") if t.startswith(w)), "")
            rest = t[len(place) :]
            if place and len(rest) >= 4 and rest in word_set("stoplist.txt"):
                return False  # 全国|公立医院, 某省|医院: a place and a generic word
        if c.label == "PERSON" and len(t) > 4 and "·" not in t:
            return False
        if c.label == "PERSON" and c.source == "ner" and len(t) == 4 and not t.startswith(word_list("compound_surnames.txt")):
            return False  # 某创英才: four characters without a two-character surname are a phrase
        if c.label in ("ORG", "PLACE") and (t.count("（") != t.count("）") or t.count("(") != t.count(")")):
            return False  # 某领导小组(指挥部: a bracket cut in half is no name
        if c.label == "PERSON" and c.source == "ner" and t[-1] in "感性化度率式型类科":
            return False  # 成就感, 满意度, 呼吸科: abstract nouns and departments, not given names
        if c.label == "PERSON" and doc_text and doc_text[c.start - 1 : c.start] == "“" and doc_text[c.end : c.end + 1] == "”":
            return False  # a quoted word is a nickname or slogan, not a person's name
        if c.label == "PLACE" and c.source == "rule" and t.endswith("地区") and common_words(t[:-2]):
            return False  # 偏远地区, 沿海地区: a kind of region (亚太地区 is a name)
        if c.source == "ner" and c.label == "PLACE" and not self.real_place(t):
            return False
        if c.label == "ORG" and c.source in ("ner", "rule", "list"):
            if tags and tags[0] == "r":
                return False  # 我们公司, 该院: a pronoun, not a name
            if len(t) <= 2:
                return False  # 汽车, 业主: two characters are a word, not an organization's name
            if len(t) == 3 and t[-1] in "局厅委处站所办" and t[-2] not in "省市县区镇乡村":
                return False  # 新格局, 现场办 (jieba even tags the first as an organization)
        if c.label == "ORG" and c.source in ("ner", "rule") and text.count("“") != text.count("”"):
            return False  # 国家队”医院: a quotation cut in half is no name
        if c.label == "ORG" and c.source == "ner" and tags:
            if len(t) == 4 and t[-1] in "局厅委处站所" and tags[-1] not in ("nt", "ns", "nz") and t[-2] not in "省市县区镇乡村":
                return False  # 卓越开新局: a common word ending in a head-like character
            if any(x == "v" for x in tags) and not any(x in ("ns", "nt", "nz", "j") for x in tags):
                return False  # a verb phrase (谋划推进医院), not a name
            if any(tag == "m" and not (word.startswith("第") or word.isdigit()) for word, tag in tokens or ()):
                return False  # 某市多处银行: a quantity, not part of a name
        return True

    def _designated(self, text: str, c: Candidate) -> list[Candidate]:
        """Designations and honours read like organizations but are titles a programme
        confers: 省级技术中心, 某某示范医院, 国家工程研究中心, 全国技术能手. They become
        PROGRAM; a company named before a level word keeps its own name (甲公司|国家级…中心)."""
        if c.label not in ("ORG", "PLACE") or c.source not in ("ner", "rule", "list") or c.end - c.start < 2:
            return [c]
        name = text[c.start : c.end]
        if c.label == "PLACE":  # 某市优秀住宅小区: a title conferred on a place
            at = [name.find(m) for m in word_list("designation_markers.txt")]
            marked = any(k > 0 and common_words(name[k:]) for k in at)
            return [Candidate(c.start, c.end, "PROGRAM", c.source)] if marked else [c]
        under = _UNDER_BODY.match(name)
        if under:
            return [Candidate(c.start, c.start + under.end("body"), "ORG", c.source)]
        for level in word_list("designation_levels.txt"):
            at = name.find(level)
            if at == 0:
                return [Candidate(c.start, c.end, "PROGRAM", c.source)]
            if at >= 2:
                return [Candidate(c.start, c.start + at, "ORG", c.source), Candidate(c.start + at, c.end, "PROGRAM", c.source)]
        if name.endswith(word_list("honor_heads.txt")) or rjieba.cut(name)[-1] in ("专科", "学科"):  # not 医学|科
            return [Candidate(c.start, c.end, "PROGRAM", c.source)]
        for marker in word_list("designation_markers.txt"):
            at = name.rfind(marker)
            if at > 0 and common_words(name[at + len(marker) :]):
                return [Candidate(c.start, c.end, "PROGRAM", c.source)]
        head = next((h for h in word_list("designation_heads.txt") if name.endswith(h)), None)
        if head and name.startswith("国家") and common_words(name[2 : -len(head)]):
            return [Candidate(c.start, c.end, "PROGRAM", c.source)]
        return [c]

    @staticmethod
    def _untitled(text: str, c: Candidate) -> Candidate:
        """An organization name does not end inside a title: 某医院党委|书记 → 某医院."""
        if c.label != "ORG":
            return c
        k = title_overlap(text, c.end, text[c.start : c.end])
        if k and text[c.end - k] == "科":
            return c  # 某某科|主任: a department and its head, not a name cut short (keep() judges it)
        return Candidate(c.start, c.end - k, c.label, c.source) if k else c

    @staticmethod
    def _split_joined(text: str, c: Candidate) -> list[Candidate]:
        """The tagger sometimes reads 甲学院|获|乙总工会 or 甲大学|与|乙医院 as one name: when a
        function word stands between two parts that each end in an organization head, the
        parts are two organizations."""
        if c.label != "ORG" or c.source != "ner":
            return [c]
        heads, joiners = word_list("org_heads.txt"), word_set("function_chars.txt")
        for at in range(c.start + 3, c.end - 3):
            if text[at] in joiners and text[c.start : at].endswith(heads) and text[at + 1 : c.end].endswith(heads):
                return [Candidate(c.start, at, "ORG", "ner"), Candidate(at + 1, c.end, "ORG", "ner")]
        return [c]

    def _unverbed(self, text: str, c: Candidate, verb_at: set[int], w: Words) -> Candidate:
        """A name does not run on into a verb or begin with a preposition, a verb or a count:
        某市卫健委|部署 → 某市卫健委, 某学院|获… → 某学院, 由|某公司 → 某公司, 打造|某工会 → 某工会,
        2家|某学院 → 某学院, 某研究院|落户某地 → 某研究院 (the rest ends in no organization head).
        An organization name continues through a bracketed place: 某大学（某市）."""
        if c.source in ("user", "alias"):
            return c
        start, end = c.start, c.end
        if text[start] in word_set("function_chars.txt") and end - start >= 4 and start in verb_at:
            start += 1
        first = w.covering(start, start + 1)
        if c.label in ("ORG", "PLACE") and c.source != "list" and first and w.starts[first[0]] == start and w.ends[first[0]] < end - 1:
            tag = w.tags[first[0]]
            if tag in ("v", "vd", "p", "c", "d") or (tag == "m" and not w.texts[first[0]].startswith("第")):
                start = w.ends[first[0]]
                nxt = w.covering(start, start + 1)
                if nxt and w.tags[nxt[0]] == "q":  # 2|家|… : the measure word goes too
                    start = w.ends[nxt[0]]
        if c.label == "PERSON" and end - start == 3 and text[end - 1] in "及等":
            end -= 1  # 王某及…, 李某等…: a conjunction, not a given name
        if c.label != "ORG":
            return Candidate(start, end, c.label, c.source) if (start, end) != (c.start, c.end) else c
        name = text[start:end]
        for cut in range(2, len(name)):
            if not name[:cut].endswith(word_list("org_heads.txt")):
                continue
            rest = name[cut:]
            if rest.startswith("驻") or not rest.strip("“”"):
                continue  # 某省人民政府|驻某市办事处: an office stationed elsewhere belongs to the name
            if (
                start + cut in verb_at
                or rest[0] in word_set("function_chars.txt")
                or rest.startswith(word_list("manner_adverbs.txt"))
                or (c.source == "ner" and not rest.strip("“”").endswith(word_list("org_heads.txt")))
            ):
                end = start + cut
                break
        if text.startswith("（", end):
            close = text.find("）", end, end + 8)
            if close > end and is_known_place(text[end + 1 : close]):
                end = close + 1
        return Candidate(start, end, c.label, c.source) if (start, end) != (c.start, c.end) else c

    def __call__(self, doc: Doc) -> Doc:
        w = words(doc)
        text = w.text
        # where a verb (or a function word) starts; a word before an aspect particle 了/着/过
        # is a verb whatever its dictionary tag says
        verb_at = {w.starts[i] for i, tag in enumerate(w.tags) if tag.startswith("v") or tag in ("p", "d", "c", "u", "ad")}
        verb_at |= {w.starts[i] for i in range(len(w.tags) - 1) if w.tags[i + 1] in ("ul", "uz", "ug")}
        raw = [part for c in candidates(doc) for part in self._split_joined(text, c)]
        cands = [self._untitled(text, self._unverbed(text, c, verb_at, w)) for c in raw]
        cands = [part for c in cands for part in self._designated(text, c)]

        def tokens(c: Candidate) -> list[tuple[str, str]]:
            """(word, tag) of the words the candidate overlaps, in order."""
            return [(w.texts[i], w.tags[i]) for i in w.covering(c.start, c.end)]

        org_names = {text[c.start : c.end] for c in cands if c.label == "ORG"}
        short_forms = {n[k:] for n in org_names for k in range(1, len(n) - 1)}
        kinds = _shared_endings(org_names)
        cands = [
            c
            for c in cands
            if c.end > c.start
            and self.keep(text[c.start : c.end], c, text, tokens(c), short_forms)
            and not (c.label == "ORG" and c.source in ("ner", "rule", "list") and text[c.start : c.end] in kinds)
        ]
        # user rules first, then longer spans, then the more trusted source
        cands.sort(key=lambda c: (c.source == "user", c.end - c.start, PRIORITY[c.source]), reverse=True)
        taken = bytearray(len(text))
        chosen: list[Candidate] = []
        for c in cands:
            if any(taken[c.start : c.end]):
                continue
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
        _split_tokens_at(doc, {x for c in chosen for x in (c.start, c.end)})
        spans = []
        for c in sorted(chosen, key=lambda c: c.start):
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="strict")
            if span is not None:
                spans.append(span)
        doc.ents = spans
        doc.user_data["entity_sources"] = {(c.start, c.end): c.source for c in chosen}
        return doc


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


def entity_source(doc: Doc, span: Span) -> str:
    return doc.user_data.get("entity_sources", {}).get((span.start_char, span.end_char), "ner")


@Language.factory("kgraph_entities")
def make_entities(nlp: Language, name: str) -> EntityChooser:
    return EntityChooser()
