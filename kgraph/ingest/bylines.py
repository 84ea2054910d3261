"""Byline grammar of Chinese newspapers.

Shapes handled (examples are made up for the docs, the grammar is general):
  "□李明"                        marker + person
  "■某市人民医院 李明"            marker + organization + person
  "□某大学附属医院党委书记 李明"   marker + organization + title + person
  "本报某地讯（通讯员 李明）"       news lead at the start of a paragraph
  "某某网10月3日讯(某某报记者 李明 通讯员 王芳)"  a dateline naming the outlet; the reporter's paper
  "本报记者 李明 本报通讯员 王芳"   role words + people
  "李明 某地报道"                  people + place + 报道
  "文/李明 图/王芳"                text and photo credits
  "（李明 王芳）"                  people in brackets at the end of an article
  "……。 ■通讯员 李明 王芳 摄"       a photo credit at the end of a paragraph
"""

from __future__ import annotations

import re

from kgraph.data import word_list
from kgraph.model import Byline

_CJK = r"[\u4e00-\u9fff]"
_NAME = rf"{_CJK}{{2,4}}"
ROLE_WORDS = ("本报记者", "本报通讯员", "特约记者", "见习记者", "记者", "通讯员", "实习生", "摄影", "本报")
_ROLE = "|".join(ROLE_WORDS)

# outlets: 本报, a news agency, or a name ending in a kind of outlet (某某网, 某某日报, 某某电视台)
_OUTLET = rf"本报|本刊|新华社|中新社|{_CJK}{{2,10}}?(?:网|报|电视台|广播电台|客户端)"
LEAD = re.compile(
    rf"^(?P<outlet>{_OUTLET})(?P<place>{_CJK}{{0,8}}?)(?P<date>\d{{1,2}}月\d{{1,2}}日)?(?:讯|电)\s*"
    rf"(?:[（(](?P<inner>[^）)]{{2,60}})[）)])?"
)
MARKER = re.compile(r"^[□■◆●]\s*(?P<rest>[^。！？，]{2,60})$")
REPORT = re.compile(rf"^(?P<names>(?:{_NAME}\s+){{1,4}})(?P<place>{_CJK}{{2,6}}?)报道$")
CREDITS = re.compile(rf"^(?:(?:文|图|文图|文/图|摄影)\s*[/／:：]\s*(?:{_NAME}\s*){{1,4}})+$")
ROLES_ONLY = re.compile(rf"^(?:(?:{_ROLE})\s*(?:{_NAME}\s*){{1,5}})+$")
TRAILING = re.compile(
    rf"(?:[（(]\s*(?P<inner>(?:(?:{_ROLE})\s*)?(?:{_NAME}\s*){{1,5}})[）)]"
    rf"|[□■]\s*(?P<credit>(?:(?:{_ROLE})\s*)?(?:{_NAME}\s+){{0,4}}{_NAME})\s*摄?)\s*$"
)


def titles() -> tuple[str, ...]:
    return word_list("titles.txt")


def looks_like_byline(text: str) -> bool:
    """A whole block that is a byline (not a news lead, which begins a body paragraph)."""
    t = text.strip()
    if len(t) > 60:
        return False
    return bool(MARKER.match(t) or REPORT.match(t) or ROLES_ONLY.match(t) or CREDITS.match(t))


def split_title(prefix: str) -> tuple[str, str]:
    """ "某大学附属医院党委书记" → ("某大学附属医院", "党委书记")."""
    for t in titles():
        if prefix.endswith(t) and t not in ROLE_WORDS:
            return prefix[: -len(t)], t
    return prefix, ""


_OUTLET_ROLE = re.compile(
    rf"^(?P<org>{_CJK}{{2,12}}?(?:网|报|电视台|广播电台|客户端|杂志社|通讯社))(?P<role>记者|特约记者|见习记者|通讯员|编辑|摄影记者)$"
)


def _unglued(tok: str) -> list[str]:
    """A name glued to the role word after it (甲通讯员 乙: the space lost at a wrap) is two
    tokens; an outlet's role (某某报记者) stays one."""
    if _OUTLET_ROLE.match(tok):
        return [tok]
    for role in ROLE_WORDS:
        at = tok.find(role, 2)
        if 2 <= at <= 4 and re.fullmatch(_NAME, tok[:at]) and not tok[:at].endswith(("报", "网", "台", "社")):
            return [tok[:at], *_unglued(tok[at:])]
    return [tok]


def _people_and_roles(inner: str) -> tuple[list[str], list[str], str, str, list[str] | None]:
    """Names and role words of a byline body; a leading non-name part is org + title.
    An outlet with a role (某某报记者) names the org of the people after it, until the next
    role word (通讯员 …) starts people of other units: those are the org's members."""
    people: list[str] = []
    outlet: list[str] = []
    members: list[str] | None = None
    in_org = False
    org = title = ""
    tokens = [piece for tok in inner.split() for piece in _unglued(tok)]
    for k, tok in enumerate(tokens):
        m = _OUTLET_ROLE.match(tok)
        if m and not org:
            org, title, in_org, members = m.group("org"), m.group("role"), True, []
            outlet.append(m.group("role"))
            continue
        role = next((r for r in ROLE_WORDS if tok.startswith(r)), None)
        if role:
            outlet.append(role)
            in_org = False
            tok = tok[len(role) :]
            if not tok:
                continue
        if re.fullmatch(_NAME, tok) and not split_title(tok)[1] and (k > 0 or len(tokens) == 1 or len(tok) <= 3):
            people.append(tok)
            if in_org and members is not None:
                members.append(tok)
        elif not people and len(tok) > 4:
            org, title = split_title(tok)
            if org and len(org) < 3:
                org, title = "", tok
    return people, outlet, org, title, members


def parse_block_byline(text: str, start: int = 0, end: int = 0) -> Byline | None:
    t = text.strip()
    m = MARKER.match(t)
    if m:
        rest = m.group("rest").strip()
        if rest.endswith("摄"):
            rest = rest[:-1].strip()
        people, outlet, org, title, members = _people_and_roles(rest)
        if not people and re.fullmatch(_NAME, rest.replace(" ", "")[:4]) and len(rest) <= 4:
            people = [rest]
        return Byline(t, people, org, title, "", outlet, start, end, members) if people else None
    m = REPORT.match(t)
    if m:
        return Byline(t, m.group("names").split(), "", "", m.group("place"), [], start, end)
    if ROLES_ONLY.match(t):
        people, outlet, org, title, members = _people_and_roles(t)
        return Byline(t, people, org, title, "", outlet, start, end, members)
    if CREDITS.match(t):  # 文/李明 图/王芳
        people = re.findall(_NAME, re.sub(r"(?:文|图|文图|摄影)\s*[/／:：]", " ", t))
        return Byline(t, people, "", "", "", [], start, end)
    return None


def parse_lead(text: str) -> tuple[Byline | None, int]:
    """A news lead at the start of a paragraph; returns the byline and its length."""
    m = LEAD.match(text)
    if not m or (len(m.group("place")) == 1 and not m.group("date")):
        # a one-character place without a date is a sentence that happens to hold 报…电
        # (某地已有类似报|警|电话), not a dateline
        return None, 0
    people: list[str] = []
    outlet = [m.group("outlet")]
    org = title = ""
    members = None
    if m.group("inner"):
        p, roles, org, title, members = _people_and_roles(m.group("inner"))
        people, outlet = p, outlet + roles
    site = m.group("outlet") if m.group("outlet") not in ("本报", "本刊") else ""
    return Byline(m.group(), people, org, title, m.group("place"), outlet, members=members, site=site), m.end()


def parse_trailing(text: str) -> tuple[Byline | None, int]:
    """ "……。（李明 王芳）" at the end of a paragraph; returns the byline and where it starts."""
    m = TRAILING.search(text)
    if not m or (m.start() == 0 and len(text) > 30):
        return None, len(text)
    before = text[: m.start()].rstrip()
    if before and before[-1] not in "。！？”":
        return None, len(text)
    people, outlet, _, _, _ = _people_and_roles(m.group("inner") or m.group("credit"))
    if not people:
        return None, len(text)
    return Byline(m.group().strip(), people, "", "", "", outlet), m.start()
