"""No test sentence or rule example is copied from the seed pages or the shared evaluation
texts: none shares 8 or more consecutive characters with them (names and sentences are
written for the tests)."""

from __future__ import annotations

import ast
from pathlib import Path

from kgraph.extract.registry import registered

ROOT = Path(__file__).resolve().parent.parent
RUN = 8
# the evaluation texts live beside the project where they are shared; CI may not have them
EVAL_TEXTS = ROOT.parent / "shared" / "eval" / "news" / "texts"


def _grams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i : i + RUN] for i in range(len(text) - RUN + 1)}


def _reference() -> set[str]:
    out: set[str] = set()
    for f in [*sorted((ROOT / "seeds").glob("*")), *sorted(EVAL_TEXTS.glob("*.txt"))]:
        out |= _grams(f.read_text(encoding="utf-8", errors="ignore"))
    return out


def _sentence(s: str) -> bool:
    """Text fed to the extractor: Chinese with punctuation, or long. (A bare name is how a
    test asks the store built from the seed pages about one of its entities.)"""
    han = sum("\u4e00" <= c <= "\u9fff" for c in s)
    return han > 0 and (any(p in s for p in "。，、！？；：") or han > 20)


def _test_strings() -> list[tuple[str, str]]:
    out = []
    for f in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _sentence(node.value):
                out.append((f.name, node.value))
    for r in registered().values():
        out.extend((r.id, ex.text) for ex in r.examples)
    return out


def test_no_test_sentence_shares_eight_characters_with_seed_or_eval_text():
    reference = _reference()
    copied = [(where, sorted(_grams(s) & reference)[:2]) for where, s in _test_strings() if _grams(s) & reference]
    assert not copied, copied
