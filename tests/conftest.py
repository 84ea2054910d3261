from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real CLI run once on the real seed corpus; tests read the store it leaves."""
    ws = tmp_path_factory.mktemp("ws") / "kg"
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--data-dir", str(ws)])
    assert result.exit_code == 0, result.output
    return ws


@pytest.fixture()
def seed_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "seeds"
    shutil.copytree(SEEDS, dst)
    return dst


@pytest.fixture(scope="session")
def nlp():
    from kgraph.extract import load_pipeline

    return load_pipeline()


@pytest.fixture()
def seed_halves(seed_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The seed pages split into two folders: the first two files, and the rest."""
    files = sorted(seed_copy.glob("*.txt"))
    halves = (tmp_path / "a", tmp_path / "b")
    for folder, part in zip(halves, (files[:2], files[2:]), strict=True):
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder)
    return halves
