"""Places outside China, in Chinese, from maintained sources: the Unicode CLDR (through
babel: countries, regions and continents, and the cities CLDR names for time zones) and
ISO 3166-2 (through pycountry: states and provinces, where a Chinese translation exists).

Two-character names that the dictionary knows as common words (万象 is also "everything")
are left out: such a name is a place only when the model says so in context.
"""

from __future__ import annotations

import gettext
import re
from functools import cache

import rjieba

from kgraph.extract.candidates import COMMON_POS

_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
# CLDR's long forms of the special regions of China (中国澳门特别行政区) are China's own
# divisions, which the division gazetteer already has
_CHINA_SAR = "特别行政区"


@cache
def world_places() -> frozenset[str]:
    """Chinese names of countries, regions, world cities and foreign states/provinces."""
    names: set[str] = set()
    from babel import Locale

    zh = Locale.parse("zh_Hans")
    names.update(v for v in zh.territories.values() if _CHINA_SAR not in v)
    names.update(v["city"] for v in zh.time_zones.values() if "city" in v)
    import pycountry

    for domain, items in (("iso3166-1", pycountry.countries), ("iso3166-2", pycountry.subdivisions)):
        try:
            tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["zh_CN"])
        except OSError:
            continue
        for item in items:
            if getattr(item, "country_code", "") == "CN":
                continue  # China's own divisions come from the division gazetteer
            name = tr.gettext(item.name)
            if name != item.name:
                names.add(name)
    return frozenset(n for n in names if _HAN.fullmatch(n) and not _common_word(n))


def _common_word(name: str) -> bool:
    if len(name) > 2:
        return False
    tags = [tag for _, tag in rjieba.tag(name)]
    return len(tags) == 1 and tags[0] in COMMON_POS
