"""Extract: a spaCy pipeline (rjieba tokens, CRF NER, rules, aliases, relations).

The pipeline loads on first use (``extract_document``, ``load_pipeline``), so that modules
of this package without spaCy (the rules file, the registry's data) import fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["extract_document", "load_pipeline"]


def __getattr__(name: str) -> Any:
    if name == "extract_document":
        from kgraph.extract.document import extract_document

        return extract_document
    if name == "load_pipeline":
        from kgraph.extract.pipeline import load_pipeline

        return load_pipeline
    raise AttributeError(name)
