"""Rewrite the rule-order table in README.md from kgraph/extract/registry.py (run after
adding a rule or changing ORDER; a test checks the README matches)."""

from __future__ import annotations

import re
from pathlib import Path

from kgraph.extract.registry import order_table

README = Path(__file__).resolve().parent.parent / "README.md"

text = README.read_text(encoding="utf-8")
new = re.sub(
    r"<!-- rules:begin -->\n.*?\n<!-- rules:end -->",
    lambda _: f"<!-- rules:begin -->\n{order_table()}\n<!-- rules:end -->",
    text,
    flags=re.S,
)
README.write_text(new, encoding="utf-8")
