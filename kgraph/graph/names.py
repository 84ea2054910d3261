"""Name normalization for matching (display keeps the original form)."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import rjieba
import zhconv

_STRIP = set(" \t\r\n\u3000\u00a0“”‘’\"'「」『』《》〈〉")


@lru_cache(maxsize=65536)
def match_key(name: str) -> str:
    """Fold width, case and traditional → simplified; drop spaces, quotes and 《》."""
    s = "".join(ch for ch in unicodedata.normalize("NFKC", name) if ch not in _STRIP)
    return zhconv.convert(s, "zh-cn").lower()


@lru_cache(maxsize=65536)
def is_abbreviation(short: str, full: str) -> bool:
    """Chinese abbreviations keep a leading part of every word of the full name, in order:
    卫生|健康|委员会 → 卫健委, 交通|运输|管理|中心 → 交运管理中心. Dropping a whole word
    (中国|科学|技术|研究|中心 ↛ 中国技术中心) makes another name, and so does a prefix,
    which names the parent body (某大学 ⊂ 某大学附属医院)."""
    if len(short) >= len(full) or len(short) < 2 or short[0] != full[0]:
        return False
    # four-character compounds are two words for abbreviation (社会保障 → 社会|保障 → 社保)
    words = [part for w in rjieba.cut(full) for part in ((w[:2], w[2:]) if len(w) == 4 else (w,))]

    @cache
    def fits(i: int, k: int) -> bool:  # short[i:] from words[k:]
        if k == len(words):
            return i == len(short)
        word = words[k]
        return any(short.startswith(word[:n], i) and fits(i + n, k + 1) for n in range(len(word), 0, -1))

    return fits(0, 0)
