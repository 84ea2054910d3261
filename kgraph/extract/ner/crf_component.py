"""Statistical NER: a linear-chain CRF over characters (see scripts/train_ner.py)."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pycrfsuite
from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.candidates import Origin, body_heads, propose
from kgraph.extract.ner import default_model_path
from kgraph.extract.ner.array_tagger import ArrayTagger
from kgraph.extract.ner.features import Lexicon, sentence_features
from kgraph.extract.registry import neg, ordered, pos, rule
from kgraph.extract.tokens import Words, words
from kgraph.extract.world import country_initial_at

LABELS = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}
# The tagger sees one clause-sized window at a time, as in training (MSRA sentences).
BATCH_CHARS = 32_000  # per numpy pass: about 7 MB of scores
_WINDOW = re.compile(r"[^。！？；\n]+[。！？；]?")


def tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the entities in a tag sequence, BIO or BIOES."""
    out: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, t in enumerate([*tags, "O"]):
        kind, typ = t[:1], t[2:]
        if start is not None and (kind in "OBS" or typ != label):
            out.append((start, i, label))
            start = None
        if kind in "BS" or (kind in "IE" and start is None):
            start, label = i, typ
        if kind in "ES" and start is not None:
            out.append((start, i + 1, label))
            start = None
    return out


class CRFTagger:
    def __init__(self, model_path: Path) -> None:
        if not model_path.exists():
            raise FileNotFoundError(f"NER model not found at {model_path}; train it with scripts/train_ner.py")
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))
        meta = model_path.with_suffix(".json")
        self.design = json.loads(meta.read_text(encoding="utf-8"))["design"] if meta.exists() else "lex"
        # the gaz design reads the training names the script wrote beside the model
        self.names = Lexicon.read(model_path.with_suffix(".names.tsv")) if self.design == "gaz" else None
        # the shipped design is decoded in numpy: the same tags, without feature strings
        self.arrays = ArrayTagger.for_model(model_path, self.tagger) if self.design == "wide" else None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        return self.spans_of_many([text])[0]

    def spans_of_many(self, texts: list[str], segmented: list[Words] | None = None) -> list[list[tuple[int, int, str]]]:
        """The entity spans of each text; the texts' clauses are tagged in one batch.
        ``segmented``: the texts' words as the tokenizer tagged them (a clause is segmented
        alike alone or within its text: its ends are no word characters), else each clause
        is segmented again."""
        windows = [(k, m.start(), m.group()) for k, text in enumerate(texts) for m in _WINDOW.finditer(text) if m.group().strip()]
        if self.arrays is not None:
            given = [_words_within(segmented[k], s, s + len(piece)) if segmented else None for k, s, piece in windows]
            labels = self.arrays.labels
            outside = labels.index("O")
            # most clauses name nobody: all O needs no reading
            ids_of = self.arrays.label_ids([p for _, _, p in windows], given)
            tagged = [[labels[i] for i in ids] if ids.count(outside) != len(ids) else None for ids in ids_of]
        else:
            tagged = [self.tagger.tag(sentence_features(piece, self.design, self.names)) for _, _, piece in windows]
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for (k, start, _), tags in zip(windows, tagged, strict=True):
            if tags:
                out[k].extend((start + s, start + e, LABELS[label]) for s, e, label in tag_spans(tags))
        return out


def _words_within(w: Words, start: int, end: int) -> list[tuple[str, str]] | None:
    """The (word, tag) pairs that make up text[start:end], None when a word crosses its ends."""
    i, j = bisect.bisect_left(w.starts, start), bisect.bisect_left(w.starts, end)
    if i == j or w.starts[i] != start or w.ends[j - 1] != end:
        return None
    return list(zip(w.texts[i:j], w.tags[i:j], strict=True))


class CRFEntityRecognizer:
    def __init__(self, model_path: str) -> None:
        self.tagger = CRFTagger(Path(model_path) if model_path else default_model_path())
        self.rules = ordered("kgraph_crf_ner")
        self._tagged: dict[int, list[tuple[int, int, str]]] = {}  # spans of the batch in hand

    def __call__(self, doc: Doc) -> Doc:
        for r in self.rules:
            propose(doc, r, r.fn(self, doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Tag articles together, up to ``batch_size`` of them or BATCH_CHARS characters (one
        numpy pass instead of one per article; memory bounded whatever the input)."""
        batch: list[Doc] = []
        chars = 0
        for doc in docs:
            batch.append(doc)
            chars += len(words(doc).text)  # (Doc.text rebuilds the string from Token objects)
            if len(batch) >= batch_size or chars >= BATCH_CHARS:
                yield from self._run(batch)
                batch, chars = [], 0
        yield from self._run(batch)

    def _run(self, batch: list[Doc]) -> Iterator[Doc]:
        segmented = [words(d) for d in batch]
        for doc, spans in zip(batch, self.tagger.spans_of_many([w.text for w in segmented], segmented), strict=True):
            self._tagged[id(doc)] = spans
            try:
                yield self(doc)
            finally:
                self._tagged.pop(id(doc), None)

    def spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        found = self._tagged.get(id(doc))
        if found is None:
            w = words(doc)
            found = self.tagger.spans_of_many([w.text], [w])[0]
        return found


@rule(
    "ner.crf",
    "propose",
    "The character CRF (kgraph/extract/models) tags people, places and organizations anywhere in the text.",
    [pos("昨天上午，孟繁宇在操场上跑步。", "孟繁宇", "PERSON"), neg("昨天上午天气很好。", "上午", "PERSON")],
    labels=("ORG", "PERSON", "PLACE"),
    origin=Origin.MODEL,
)
def _crf_spans(ner: CRFEntityRecognizer, doc: Doc) -> list[tuple[int, int, str]]:
    """The tagger's spans, without quotes or brackets it took in at the edges, and without a
    count that follows a name (某某工匠 2 人)."""
    text = words(doc).text
    out = []
    for start, end, label in ner.spans(doc):
        # the tagger sometimes takes an opening quote or bracket into the name
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        opening = text.rfind("“", start, end)
        if opening > start and text.startswith("”", end) and text[start:opening].endswith(body_heads()):
            end += 1  # 某医院“某某党支部|” : the closing quote of a quoted unit belongs to the name
        gap = re.search(r"\s\d", text[start:end])  # 某某工匠 2 人: a count is not in the name
        if gap:
            end = start + gap.start()
        if end - start >= 2 or (label == "PLACE" and end - start == 1 and country_initial_at(text, start)):  # 中美: drop.not-a-word
            out.append((start, end, label))
    return out


@Language.factory("kgraph_crf_ner", default_config={"model_path": ""})
def make_crf_ner(nlp: Language, name: str, model_path: str) -> CRFEntityRecognizer:
    return CRFEntityRecognizer(model_path)
