"""Name normalization for matching (display keeps the original form)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import zhconv

_STRIP = set(" \t\r\n\u3000\u00a0“”‘’\"'「」『』《》〈〉")


@lru_cache(maxsize=65536)
def match_key(name: str) -> str:
    """Fold width, case and traditional → simplified; drop spaces, quotes and 《》."""
    s = "".join(ch for ch in unicodedata.normalize("NFKC", name) if ch not in _STRIP)
    return zhconv.convert(s, "zh-cn").lower()


def display_name(name: str) -> str:
    return " ".join(name.split())


def is_abbreviation(short: str, full: str) -> bool:
    """Chinese abbreviations keep characters of the full name in order, with the same
    first character and the same final head character (卫健委 ⊂ 卫生健康委员会)."""
    if len(short) >= len(full) or len(short) < 2 or short[0] != full[0]:
        return False
    last_ok = short[-1] == full[-1] or (short[-1] == "委" and full.endswith("委员会"))
    if not last_ok:
        return False
    it = iter(full)
    return all(ch in it for ch in short)
