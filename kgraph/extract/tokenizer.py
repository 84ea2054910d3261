"""spaCy tokenizer backed by rjieba (jieba-rs): words plus jieba's part-of-speech tags."""

from __future__ import annotations

from functools import cache

import rjieba
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from kgraph.data import word_list
from kgraph.extract.tokens import set_words


class RJiebaTokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        teach_names()

    def __call__(self, text: str) -> Doc:
        tagged = rjieba.tag(text) if text else []
        words = [w for w, _ in tagged]
        tags = [t for _, t in tagged]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words), tags=tags)
        set_words(doc, words, tags)
        return doc

    # the tokenizer has no state of its own; these let nlp.to_disk / from_disk work
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> RJiebaTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> RJiebaTokenizer:
        return self


@cache
def teach_names() -> None:
    """Teach the dictionary names it lacks, so that they are words of their own: the full
    names of China's divisions (兖州区) as places and recent departments' short names (人社局)
    as organizations. Without them a name glues to a neighbour (兖州|区新|驿镇, 市人|社局) and
    no whole-word match can find it."""
    from kgraph.extract.gazetteer import place_names

    full, _ = place_names()
    for name, tag in [*((n, "ns") for n in sorted(full) if len(n) >= 3), *((n, "nt") for n in word_list("department_short_names.txt"))]:
        if not rjieba.has_word(name):
            rjieba.add_word(name, None, tag)


@registry.tokenizers("kgraph.rjieba_tokenizer.v1")
def create_rjieba_tokenizer():
    def make(nlp):
        return RJiebaTokenizer(nlp.vocab)

    return make
