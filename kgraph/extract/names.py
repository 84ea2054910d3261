"""Shapes of Chinese names that several extraction steps share, defined once."""

from __future__ import annotations

import re

from kgraph.data import chars, word_list
from kgraph.extract.world import transliterated

CJK = "\u4e00-\u9fff"

# 某省人民政府驻某市办事处: an office a body keeps elsewhere; part of the body, located there
STATIONED = re.compile(rf"驻(?P<place>[{CJK}]{{2,6}}?)(?:办事处|代表处|联络处|办公室|工作站)")


def admin_chars() -> str:
    """Characters that end an administrative division (省, 市, 县, 区, 镇, 乡, 村, 州, 盟, 旗)."""
    return chars("admin_chars.txt")


# the levels of government, written alone before a department's name (市|粮食和物资储备局)
LEVEL_WORDS = frozenset("省市县区镇乡")

# the kinds of division a count names (三县, 两县市, 四区县), longest first
DIVISION_KINDS = "县市区|县市|区县|县|市|区|省|镇|乡"

# places whose own party committee and government a post names (某村党支部书记, 某镇党委书记,
# 某社区居委会主任, 某街道办事处主任)
PLACES_WITH_BODIES = ("村", "社区", "镇", "乡", "街道")


def stationed_at(name: str) -> int:
    """Where ``驻某地办事处`` begins in ``name`` (after a body's name of 4+ characters); -1 if not."""
    at = name.find("驻")
    return at if at >= 4 and STATIONED.fullmatch(name, at) else -1


def four_char_phrase(name: str) -> bool:
    """Four characters without a two-character surname (欧阳, 司马) read as a phrase (某创英才),
    not a person's name, unless written by sound (a foreign name)."""
    return len(name) == 4 and not name.startswith(word_list("compound_surnames.txt")) and not transliterated(name)
