"""The publication date of a page, where the file says it: in its name (2024-09-29,
20240929) or in a dated masthead line at the top of the page (2024年9月29日 星期日)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

_NAME = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_MASTHEAD = re.compile(r"(20\d{2}|19\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _valid(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def page_date(path: str, text: str) -> str | None:
    m = _NAME.search(Path(path).name)
    if m and (found := _valid(*m.groups())):
        return found
    for line in text.lstrip("\ufeff").splitlines()[:3]:
        line = line.strip()
        m = _MASTHEAD.search(line)
        if m and len(line) <= 30 and (found := _valid(*m.groups())):
            return found
    return None
