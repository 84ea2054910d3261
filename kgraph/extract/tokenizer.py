"""spaCy tokenizer backed by rjieba (jieba-rs): words plus jieba's part-of-speech tags."""

from __future__ import annotations

import rjieba
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from kgraph.extract.tokens import set_words


class RJiebaTokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

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


@registry.tokenizers("kgraph.rjieba_tokenizer.v1")
def create_rjieba_tokenizer():
    def make(nlp):
        return RJiebaTokenizer(nlp.vocab)

    return make
