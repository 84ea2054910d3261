"""Extract: a spaCy pipeline (rjieba tokens, CRF NER, rules, aliases, relations)."""

from kgraph.extract.document import extract_document
from kgraph.extract.pipeline import load_pipeline

__all__ = ["extract_document", "load_pipeline"]
