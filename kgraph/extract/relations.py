"""Explicit relations stated by the text's own grammar.

- AFFILIATED_WITH  ORG + title(s) + PERSON: "某医院党委书记 李明", "某中心主任李明",
                   "某局副局长、某处处长李明" (titles joined by 、 are kept together); people
                   listed after the first share its body, and a unit named bare after it is
                   the body's ("某院院长甲、刑二庭审判员乙、丙" → 乙, 丙 of 某院刑二庭)
- AFFILIATED_WITH  PERSON(、PERSON) + 入选/加入 + ORG, with no title ("甲、乙入选某讲师团")
- AFFILIATED_WITH  该院/该局/该校 + title + PERSON: the body of that kind the article named last
                   ("某县人民医院……。该院院长李明" → 李明 of 某县人民医院, 院长)
- PART_OF          ORG whose name is another organization name + an organization head
                   ("某大学附属医院党委" → "某大学附属医院")
- LOCATED_IN       ORG whose name begins with a place name ("某市第一医院" → "某市")
- both for an office stationed elsewhere: 某省人民政府驻某市办事处 → part of 某省人民政府, in 某市
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.data import word_list
from kgraph.extract.gazetteer import starts_with_place
from kgraph.extract.names import PLACES_WITH_BODIES, STATIONED, admin_chars, stationed_at
from kgraph.extract.tokens import words


@dataclass(frozen=True)
class FoundRelation:
    """A relation the text states, in the Doc's character offsets (the document lifts them
    to file offsets and to the model's Relation)."""

    kind: str  # AFFILIATED_WITH | PART_OF | LOCATED_IN
    source: str
    source_label: str
    target: str
    target_label: str
    title: str
    start: int
    end: int


_SEP = "、及和 "


class RelationFinder:
    @cached_property
    def title_run(self) -> re.Pattern[str]:
        return re.compile(rf"^\s*(?P<titles>{_posts()})\s*$")

    @cached_property
    def place_prefix(self) -> re.Pattern[str]:
        sfx = "|".join(re.escape(s) for s in word_list("place_suffixes.txt") if len(s) <= 2)
        return re.compile(rf"^(?P<place>[\u4e00-\u9fff]{{1,6}}?(?:{sfx}))")

    def __call__(self, doc: Doc) -> Doc:
        rels: list[FoundRelation] = []
        ents = list(doc.ents)
        text = words(doc).text
        for k, (a, b) in enumerate(itertools.pairwise(ents)):
            if _holds_posts(a) and b.label_ == "PERSON":
                m = self.title_run.match(text[a.end_char : b.start_char])
                if not m:
                    rels.extend(self._post_and_unit_post(a, b, text))
                    rels.extend(self._unit_then_post(a, b, text))
                    continue
                title = m.group("titles").replace(" ", "")
                parent = self._unit_of(ents, k, rels, text)
                if parent:  # 某院院长甲、民二庭审判员乙: the chamber is that court's
                    rels.append(_rel("AFFILIATED_WITH", b, None, title, _unit_name(parent, a.text), "ORG"))
                    rels.extend(self._colleagues(ents, k + 1, a, title, text, _unit_name(parent, a.text)))
                    continue
                parent = self._unit_after_post(ents, k, text)
                if parent:  # 某医院党委委员、护理部主任 甲: the department is the hospital's
                    rels.append(_rel("AFFILIATED_WITH", b, None, title, _unit_name(parent, a.text), "ORG"))
                else:
                    rels.append(_rel("AFFILIATED_WITH", b, a, title))
                # coordinated posts: 甲委员会党组书记、主任，乙局局长 某某 → both posts
                j = k
                while j > 0 and ents[j - 1].label_ == "ORG":
                    between = text[ents[j - 1].end_char : ents[j].start_char]
                    if not between or between[-1] not in "，,、" or not (m2 := self.title_run.match(between[:-1])):
                        break
                    rels.append(_rel("AFFILIATED_WITH", b, ents[j - 1], m2.group("titles").replace(" ", "")))
                    j -= 1
                rels.extend(self._colleagues(ents, k + 1, a, title, text))
        rels.extend(self._memberships(ents, text))
        rels.extend(self._referred_bodies(ents, text, rels))
        org_heads = word_list("org_heads.txt")
        parent_heads = tuple(h for h in org_heads if len(h) >= 2)
        for e in ents:
            if e.label_ != "ORG":
                continue
            name = e.text
            at = stationed_at(name)
            if at >= 0:  # 某省人民政府驻某市办事处: part of the body, located where it is stationed
                place = STATIONED.fullmatch(name, at).group("place")
                rels.append(_rel("PART_OF", e, None, target=name[:at], target_label="ORG"))
                rels.append(_rel("LOCATED_IN", e, None, target=place, target_label="PLACE"))
                continue
            for head in org_heads:  # longest first; a shorter head may leave a valid parent
                parent = name[: -len(head)]
                if name.endswith(head) and len(parent) >= 4 and parent.endswith(parent_heads):
                    rels.append(_rel("PART_OF", e, None, target=parent, target_label="ORG"))
                    break
            m = self.place_prefix.match(name)
            if m and len(m.group("place")) < len(name) - 1:
                rels.append(_rel("LOCATED_IN", e, None, target=m.group("place"), target_label="PLACE"))
        doc._.relations = rels
        return doc

    @cached_property
    def unit_post(self) -> re.Pattern[str]:
        """、 + a unit named bare (刑二庭, 心内科) + its post(s): a unit of the body just named."""
        return re.compile(rf"^[、，,]\s*(?P<unit>{_unit_shape(False).pattern})\s*(?P<titles>{_posts()})\s*$")

    @cached_property
    def post_then_unit(self) -> re.Pattern[str]:
        """Post(s) of the body, 、, one of its units named bare and the post there: 常委、宣传部部长.
        A party committee's departments end in 部 (宣传部, 组织部), which is no unit head
        elsewhere (外经贸部 is a ministry): after a post of the same body it can only be its own."""
        return re.compile(rf"^\s*(?P<posts>{_posts()})、(?P<unit>{_unit_shape(True).pattern})(?P<titles>{_posts()})\s*$")

    def _post_and_unit_post(self, org: Span, person: Span, text: str) -> list[FoundRelation]:
        """某县委常委、宣传部部长 甲: a post in the body and one in its unit, both the person's."""
        m = self.post_then_unit.match(text[org.end_char : person.start_char])
        if not m or not _unit_in(m.group("unit"), org.text, _unit_shape(True)):
            return []
        return [
            _rel("AFFILIATED_WITH", person, org, m.group("posts").replace(" ", "")),
            _rel("AFFILIATED_WITH", person, None, m.group("titles").replace(" ", ""), _unit_name(org.text, m.group("unit")), "ORG"),
        ]

    @cached_property
    def unit_then_titles(self) -> re.Pattern[str]:
        """A unit of the body named bare, then the post there: 某医院|心血管内科|主任医师 甲."""
        return re.compile(rf"^\s*(?P<unit>{_unit_shape(False).pattern})\s*(?P<titles>{_posts()})\s*$")

    def _unit_then_post(self, org: Span, person: Span, text: str) -> list[FoundRelation]:
        """某医院心血管内科主任医师 甲: the person holds the post in the body's unit (a unit named
        bare, 心血管内科; the unit is no entity of its own, the body + unit is the post's place,
        as 某院刑一庭 审判员)."""
        if org.label_ != "ORG":
            return []
        m = self.unit_then_titles.match(text[org.end_char : person.start_char])
        if not m or not _unit_in(m.group("unit"), org.text, _unit_shape(False)):
            return []
        return [_rel("AFFILIATED_WITH", person, None, m.group("titles").replace(" ", ""), _unit_name(org.text, m.group("unit")), "ORG")]

    def _unit_after_post(self, ents: list[Span], k: int, text: str) -> str:
        """The body whose unit ``ents[k]`` is when a post in that body comes just before it
        (某医院党委委员、|护理部主任 甲; the unit may end in 部 there: a party committee's
        department); '' otherwise."""
        if k == 0 or ents[k - 1].label_ != "ORG" or not _unit_in(ents[k].text, ents[k - 1].text, _unit_shape(True)):
            return ""
        between = text[ents[k - 1].end_char : ents[k].start_char]
        return ents[k - 1].text if between.endswith("、") and self.title_run.match(between[:-1]) else ""

    def _unit_of(self, ents: list[Span], k: int, rels: list[FoundRelation], text: str) -> str:
        """The body whose unit the organization ``ents[k]`` is, when it is named bare (a unit
        head, no level: 民二庭, 心内科) right after a person of that body (某院院长甲、|民二庭):
        that body's name; '' otherwise."""
        unit = ents[k].text
        if k == 0 or ents[k - 1].label_ != "PERSON" or not _unit_shape(False).fullmatch(unit) or not _bare_unit(unit):
            return ""
        if text[ents[k - 1].end_char : ents[k].start_char].strip() not in ("、", "，", ","):
            return ""
        person = ents[k - 1]
        return next(
            (r.target for r in reversed(rels) if r.kind == "AFFILIATED_WITH" and r.start <= person.start_char and r.source == person.text),
            "",
        )

    def _colleagues(self, ents: list[Span], k: int, org: Span, title: str, text: str, org_name: str = "") -> list[FoundRelation]:
        """People listed after the first one share its post (审判员甲、乙); after 、 or a comma
        (and what the first one did: 主持会议，), a new title with no body of its own keeps the
        body (某医院党委书记甲、院长乙; 某院检察长甲，检察员乙、丙; 某医院院长甲主持会议，副院长
        乙致辞). A unit named bare before a new post is the body's unit (某院院长甲、刑二庭审判员
        乙、丙: 乙 and 丙 are of 某院刑二庭; unit heads in kgraph/data/unit_heads.txt). A post that
        opens with a level (市长, 县委书记) belongs to that level's own body and ends the run."""
        out = []
        unit = ""  # the body's unit the people from here on belong to
        body = org_name or org.text
        while k + 1 < len(ents) and ents[k + 1].label_ == "PERSON":
            between = text[ents[k].end_char : ents[k + 1].start_char]
            cut = max(between.rfind("，"), between.rfind(","))
            said, comma, after = (between[:cut], between[cut], between[cut + 1 :]) if cut >= 0 else (between, "", "")
            person = ents[k + 1]
            if between.strip() in ("、", "和", "及", "") and between:
                pass
            elif comma and _PREDICATE.fullmatch(said) and (m := self.title_run.match(after)) and not _other_level(after, body):
                title = m.group("titles").replace(" ", "")
            elif between[:1] == "、" and (m := self.title_run.match(between[1:])) and not _other_level(between[1:], body):
                title = m.group("titles").replace(" ", "")  # 某医院党委书记甲、院长乙: a colleague's own post
            elif (u := self.unit_post.match(between)) and not self.title_run.match(between[1:]) and _bare_unit(u.group("unit")):
                unit, title = u.group("unit"), u.group("titles").replace(" ", "")
            else:
                break
            if unit or org_name:
                out.append(_rel("AFFILIATED_WITH", person, None, title, target=_unit_name(body, unit), target_label="ORG"))
            else:
                out.append(_rel("AFFILIATED_WITH", person, org, title))
            k += 1
        return out

    @cached_property
    def referred_post(self) -> re.Pattern[str]:
        """该院 + post(s) right before a person: the body the article named last of that kind."""
        kinds = "|".join(_REFERRED_KINDS)
        return re.compile(rf"(?:该|本)(?P<kind>{kinds})\s*(?P<titles>{_posts()})\s*$")

    def _referred_bodies(self, ents: list[Span], text: str, rels: list[FoundRelation]) -> list[FoundRelation]:
        """该院院长甲, 该局副局长乙, 该校校长丙: 该 + the kind of a body the article has named
        refers to the last body of that kind named before (某县人民医院…。该院院长甲 → 甲 of
        某县人民医院). A person already given a body here keeps it."""
        placed = {r.source for r in rels if r.kind == "AFFILIATED_WITH"}
        out = []
        for k, person in enumerate(ents):
            if person.label_ != "PERSON" or person.text in placed:
                continue
            m = self.referred_post.search(text, max(0, person.start_char - 24), person.start_char)
            if not m:
                continue
            endings = _REFERRED_KINDS[m.group("kind")]
            body = next((e for e in reversed(ents[:k]) if e.label_ == "ORG" and e.end_char <= m.start() and e.text.endswith(endings)), None)
            if body is not None:
                out.append(_rel("AFFILIATED_WITH", person, body, m.group("titles").replace(" ", "")))
        return out

    def _memberships(self, ents: list[Span], text: str) -> list[FoundRelation]:
        """People who join a body: "甲、乙等一线宣讲员入选某讲师团" → both, with no title."""
        out = []
        for k in range(1, len(ents)):
            org, person = ents[k], ents[k - 1]
            if org.label_ != "ORG" or person.label_ != "PERSON":
                continue
            if not _JOINS.fullmatch(text[person.end_char : org.start_char]):
                continue
            j = k - 1
            while True:
                out.append(_rel("AFFILIATED_WITH", ents[j], org, ""))
                if j == 0 or ents[j - 1].label_ != "PERSON" or text[ents[j - 1].end_char : ents[j].start_char] not in ("、", "和", "与"):
                    break
                j -= 1
        return out


# 该 + a kind of body → the endings of the names of that kind (该校: 某中学, 某大学, 某学校)
_REFERRED_KINDS: dict[str, tuple[str, ...]] = {
    "院": ("院",),
    "局": ("局",),
    "校": ("校", "学", "学院"),
    "公司": ("公司",),
    "集团": ("集团",),
    "行": ("行",),
    "所": ("所",),
    "中心": ("中心",),
    "厂": ("厂",),
    "社": ("社",),
    "站": ("站",),
}

# what a person named with a post did before the comma that introduces a colleague: nothing,
# or a short predicate with no sentence break (主持会议, 介绍了情况)
_PREDICATE = re.compile(r"[^，,。；;！？!?：:“”、]{0,10}")

# between the last person and the body: 等 + a short description + a verb of joining
_JOINS = re.compile(r"(?:等)?(?:\d+名|[一二三四五六七八九十两]名)?[^，。；：！？“”\d]{0,8}?(?:入选|加入|当选为|当选|受聘为|受聘于|入职)")


@cache
def _posts() -> str:
    """One post or several joined by 、 (党委副书记、院长), as a pattern."""
    titles = "|".join(re.escape(t) for t in word_list("titles.txt"))
    post = rf"(?:{_POST_PREFIXES})?(?:{titles})"  # 常务副主席, 专职副主席: a post with its standing
    return rf"{post}(?:[、\s]*{post})*"


_POST_PREFIXES = "常务|专职|执行"


@cache
def _unit_shape(party: bool) -> re.Pattern[str]:
    """A unit's name: a few characters and a unit head (kgraph/data/unit_heads.txt); with
    ``party``, also a department in 部 (宣传部), which only a post of the same body makes a
    unit (elsewhere 某部 is a ministry)."""
    heads = "|".join(re.escape(h) for h in (*word_list("unit_heads.txt"), *(("部",) if party else ())))
    return re.compile(rf"[\u4e00-\u9fff]{{1,5}}?(?:{heads})")


def _bare_unit(name: str) -> bool:
    """A unit named without its body (民二庭, 心内科, 办公室), not a body of its own: one that
    names a level (市卫健委办公室, 某县体检中心), opens with a national or scope word (国家信息中心,
    全国…) or a place is some other body's, or its own."""
    openings = (*word_list("national_prefixes.txt"), *word_list("scope_words.txt"))
    return not any(ch in admin_chars() for ch in name) and not name.startswith(openings) and not starts_with_place(name)


def _unit_name(body: str, unit: str) -> str:
    """The name of ``body``'s unit. A place's government office named after a post in the
    place's party committee is the place's, not the committee's: 某街道党工委书记甲、办事处主任乙
    → 某街道办事处; 某镇党委书记甲、镇长乙 stays with the level rules."""
    for committee in _PLACE_COMMITTEES:
        place = body[: -len(committee)]
        if unit in _PLACE_OFFICES and body.endswith(committee) and place.endswith(PLACES_WITH_BODIES):
            return place + unit
    return body + unit


_PLACE_COMMITTEES = ("党工委", "党委")
_PLACE_OFFICES = frozenset(("办事处", "政府", "人民政府"))


def _unit_in(unit: str, body: str, shape: re.Pattern[str]) -> bool:
    """``unit`` (of the ``shape`` of a unit) can be a unit of ``body``: named bare, and not a
    部 beside a 部 (中宣部副部长、文化部部长: two ministries, not one inside the other)."""
    return bool(shape.fullmatch(unit)) and _bare_unit(unit) and not (unit.endswith("部") and body.endswith("部"))


def _holds_posts(ent: Span) -> bool:
    """A body, or a village, town or community whose own bodies a post names (某村党支部书记,
    某镇党委书记, 某社区居委会主任: the post is held in the place)."""
    return ent.label_ == "ORG" or (ent.label_ == "PLACE" and ent.text.endswith(PLACES_WITH_BODIES))


def _other_level(post: str, body: str) -> bool:
    """A post of a level's own body (副市长) other than the level the body is (某镇 … 镇长)."""
    m = _level_post().match(post.strip())
    return bool(m) and not body.endswith(m.group()[-1])


@cache
def _level_post() -> re.Pattern[str]:
    """A post of a level's own body: 市长, 副县长, 常务副区长, 镇党委书记."""
    return re.compile(f"(?:常务)?(?:副|代)?[{admin_chars()}]")


def _rel(kind: str, src: Span, tgt: Span | None, title: str = "", target: str = "", target_label: str = "") -> FoundRelation:
    start = min(src.start_char, tgt.start_char) if tgt is not None else src.start_char
    end = max(src.end_char, tgt.end_char) if tgt is not None else src.end_char
    return FoundRelation(
        kind,
        src.text,
        src.label_,
        tgt.text if tgt is not None else target,
        tgt.label_ if tgt is not None else target_label,
        title,
        start,
        end,
    )


@Language.factory("kgraph_relations")
def make_relations(nlp: Language, name: str) -> RelationFinder:
    return RelationFinder()
