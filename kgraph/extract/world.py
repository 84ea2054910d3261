"""Places outside China, in Chinese, from maintained sources: the Unicode CLDR (through
babel: countries, regions and continents, and the cities CLDR names for time zones) and
ISO 3166 (through pycountry, where a Chinese translation exists: countries' official names,
states and provinces, former countries).

Two-character names that the dictionary knows as common words (万象 is also "everything")
are left out: such a name is a place only when the model says so in context.
"""

from __future__ import annotations

import gettext
import re
from functools import cache

import rjieba

from kgraph.data import word_list
from kgraph.extract.candidates import COMMON_POS, head_of

_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
# CLDR's long forms of the special regions of China (中国澳门特别行政区) are China's own
# divisions, which the division gazetteer already has
_CHINA_SAR = "特别行政区"
# CLDR's territory list also holds bodies (联合国, 欧盟), a currency area (欧元区), pseudo
# regions for testing (伪地区) and the unknown region: none is a place
_NOT_PLACES = frozenset({"UN", "EU", "EZ", "XA", "XB", "ZZ"})
# ISO 3166-1 lists these parts of China as countries; the division gazetteer has them
_CHINA_REGIONS = frozenset({"HK", "MO", "TW"})
# ISO 3166-3's neutral zone (中立区, also a common phrase) and metropolitan France (法国的欧洲部分,
# a phrase) name no place a text would write so
_NOT_FORMER_COUNTRIES = frozenset({"NTHH", "FXFR"})


@cache
def _territories() -> dict[str, str]:
    """CLDR's territory code → Chinese name (countries, regions, continents)."""
    from babel import Locale

    return dict(Locale.parse("zh_Hans").territories)


@cache
def world_places() -> frozenset[str]:
    """Chinese names of countries, regions, world cities and foreign states/provinces."""
    names: set[str] = set()
    names.update(v for k, v in _territories().items() if k not in _NOT_PLACES and _CHINA_SAR not in v)
    from babel import Locale

    names.update(v["city"] for v in Locale.parse("zh_Hans").time_zones.values() if "city" in v)
    import pycountry

    for domain, items in (
        ("iso3166-1", pycountry.countries),
        ("iso3166-2", pycountry.subdivisions),
        ("iso3166-3", pycountry.historic_countries),
    ):
        try:
            tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["zh_CN"])
        except OSError:
            continue
        for item in items:
            if (
                getattr(item, "country_code", "") == "CN"
                or getattr(item, "alpha_2", "") in _CHINA_REGIONS
                or getattr(item, "alpha_4", "") in _NOT_FORMER_COUNTRIES
            ):
                continue  # China's own divisions come from the division gazetteer
            # a country's name and its official one (法兰西共和国, 中华人民共和国); a former
            # country's (ISO 3166-3) as given (南斯拉夫社会主义联邦共和国)
            for english in (item.name, getattr(item, "official_name", None)):
                name = tr.gettext(english) if english else ""
                if name and name != english:
                    names.add(name)
    return frozenset(n for n in names if _HAN.fullmatch(n) and not _common_word(n))


def _common_word(name: str) -> bool:
    if len(name) > 2:
        return False
    tags = [tag for _, tag in rjieba.tag(name)]
    return len(tags) == 1 and tags[0] in COMMON_POS


# a character is taken as phonetic when at least this many foreign place names use it: the
# rare ones there are words, not sounds (冰岛, 圣诞岛)
_PHONETIC_MIN_NAMES = 3
_PROPER_POS = frozenset({"nr", "nrt", "nrfg", "ns", "nz", "nt"})


@cache
def phonetic_chars() -> frozenset[str]:
    """The characters Chinese writes foreign names with by sound (斯, 尔, 克, 顿, 拉 …),
    read off the foreign place names above rather than listed by hand."""
    counts: dict[str, int] = {}
    for name in world_places():
        for ch in set(name):
            counts[ch] = counts.get(ch, 0) + 1
    return frozenset(ch for ch, n in counts.items() if n >= _PHONETIC_MIN_NAMES)


def transliterated(name: str) -> bool:
    """A foreign name written by sound (波士顿, 克雷蒂安, 普里马科夫): the tokenizer's lexicon has
    the whole name as one transliterated name (nrt) of three characters or more, or it has
    three characters or more, each a phonetic one, and no common word inside (齐鲁|道路 has
    one). The model's context says whether it is a person or a place."""
    if len(name) < 3:
        return False
    tags = rjieba.tag(name)
    if len(tags) == 1 and tags[0][1] == "nrt":
        return True
    chars = phonetic_chars()
    return all(ch in chars for ch in name) and all(len(w) == 1 or tag in _PROPER_POS for w, tag in tags)


@cache
def country_initials() -> dict[str, str]:
    """One character that stands for a country in compounds (中美, 英法两国, 中德合作): the
    countries whose Chinese name is that character and 国 (美国, 德国), read off CLDR. Other
    countries' one-character forms (俄, 日) are conventions no source lists, and a first
    character alone is ambiguous (亚 is Asia far more often than Armenia)."""
    return {v[0]: v for k, v in _territories().items() if len(k) == 2 and k.isalpha() and len(v) == 2 and v[1] == "国"}


@cache
def _territory_initials() -> frozenset[str]:
    return frozenset(v[0] for v in _territories().values())


def country_initial_at(text: str, i: int) -> str | None:
    """The country that the one character text[i] stands for, when it stands in a pair or
    run of such characters (中美, 中俄两国, 英法德) or for a side (美方): it is X of a country
    named X国, and a neighbour begins a country's or region's name, or 方 follows. Alone it
    is too often something else (美军 is the army, 中式 a style); before a word ending in a
    place suffix the pair opens that place's name (中韩自贸区), not a mention of the two."""
    country = country_initials().get(text[i : i + 1])
    if country is None:
        return None
    initials = _territory_initials()
    before, after = text[i - 1 : i] if i > 0 else "", text[i + 1 : i + 2]
    if not (before in initials or after in initials or after == "方"):
        return None
    end = i + 1
    while end < len(text) and end - i < 4 and text[end] in initials:
        end += 1
    following = rjieba.cut(text[end : end + 12])
    if following and head_of(following[0], word_list("place_suffixes.txt")):
        return None  # 中韩|自贸区, 中德|产业园: the pair opens the name of a place
    return country
