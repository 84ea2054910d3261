"""Load the spaCy pipeline described by pipeline.cfg."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

# importing the modules registers the tokenizer and component factories
from kgraph.extract import aliases, entities, gazetteer, relations, rules, tokenizer, user_rules  # noqa: F401
from kgraph.extract.ner import crf_component  # noqa: F401

CONFIG = Path(str(resources.files("kgraph.extract").joinpath("pipeline.cfg")))


def load_pipeline(rules_file: str | Path | None = None, model_path: str | Path | None = None) -> Language:
    overrides = {}
    if rules_file:
        overrides["components.kgraph_user_rules.path"] = str(rules_file)
    if model_path:
        overrides["components.kgraph_crf_ner.model_path"] = str(model_path)
    config = spacy.util.load_config(CONFIG, overrides=overrides, interpolate=False)
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
