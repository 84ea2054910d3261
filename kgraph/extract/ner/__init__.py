"""Statistical NER: a linear-chain CRF over characters (see scripts/train_ner.py)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_MODEL = "ner_crf.crfsuite"


def default_model_path() -> Path:
    """The shipped model (here, not in crf_component: the import fingerprint needs the path
    without loading spaCy)."""
    return Path(str(resources.files("kgraph.extract").joinpath("models", DEFAULT_MODEL)))
