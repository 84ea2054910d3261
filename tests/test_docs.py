"""The command reference in docs/ is the commands' own --help, not a hand-kept copy."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from cli_docs import DOC, render


def test_cli_reference_is_current():
    assert DOC.read_text(encoding="utf-8") == render(), "run: python scripts/cli_docs.py"
