"""The CRF's decoding in numpy, on integer-coded features (the ``wide`` design).

crfsuite's own tagger wants every feature of every character as a string (about 25 per
character: ``c0=院``, ``b-1=医院``, ``wi=医院|E`` …), and building and looking up those strings
was half of an extraction's time. This tagger reads the trained weights once, gives every
character, word and part-of-speech tag of the model's vocabulary a number, finds each
template's weight row for a whole batch of clauses with array lookups, and runs Viterbi over
all the clauses at once. It computes what crfsuite computes (the sum of the weights of the
features present, plus the label transitions; the highest-scoring label sequence) and gives
the same tags (tests compare the two on MSRA sentences).

The features are those of ``kgraph.extract.ner.features.sentence_features(text, "wide")``;
any other design is tagged by crfsuite itself.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pycrfsuite
import rjieba

from kgraph.extract.ner.features import char_class

_PAD, _END = "<s>", "</s>"
_SYMBOL = re.compile(r"<s>|</s>|.", re.S)
_LETTERS = "BMES"
_CLASSES = "BEDHLSP"  # window start and end pads, then the character classes of features.py
_CHAR_TEMPLATES = {"c0": (0,), "c-1": (-1,), "c+1": (1,), "c-2": (-2,), "c+2": (2,)}
_CHAR_TEMPLATES |= {"b-1": (-1, 0), "b+1": (0, 1), "b-2": (-2, -1), "b+2": (1, 2), "tri": (-1, 0, 1), "skip": (-1, 1)}
_WORD_TEMPLATES = ("w", "p", "pp", "pn", "wl", "wi", "wp", "wn", "t")
_CELLS = 1 << 16  # characters × windows decoded together, padding included (memory bound)


_DENSE_LIMIT = 1 << 22  # key spaces up to this size are looked up in a plain array


@dataclass
class _Table:
    """One template's attributes: integer keys and their rows in the weight matrix, as an
    array indexed by key when the key space is small, else sorted keys to search."""

    keys: np.ndarray
    rows: np.ndarray
    dense: np.ndarray | None = None

    @classmethod
    def build(cls, keys: np.ndarray, rows: np.ndarray, space: int, missing: int) -> _Table:
        order = np.argsort(keys, kind="stable")
        table = cls(keys[order], rows[order])
        if space <= _DENSE_LIMIT:
            table.dense = np.full(space, missing, dtype=np.int64)
            table.dense[keys] = rows
        return table

    def lookup(self, query: np.ndarray, missing: int) -> np.ndarray:
        if self.dense is not None:
            return self.dense[query]
        if not len(self.keys):
            return np.full(len(query), missing, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.keys, query), len(self.keys) - 1)
        return np.where(self.keys[at] == query, self.rows[at], missing)


class _Codes:
    """Numbers for the symbols of one kind (characters, words, tags); 0 is 'not in the model'."""

    def __init__(self, fixed: tuple[str, ...] = ()) -> None:
        self.ids: dict[str, int] = {}
        for s in fixed:
            self.id(s)

    def id(self, symbol: str) -> int:
        return self.ids.setdefault(symbol, len(self.ids) + 1)

    def get(self, symbol: str) -> int:
        return self.ids.get(symbol, 0)

    @property
    def size(self) -> int:
        return len(self.ids) + 1


class ArrayTagger:
    """Built from a model's weights: its labels, the transition matrix (from × to) and the
    state weights (one row per attribute, one column per label)."""

    def __init__(self, labels: list[str], transitions: np.ndarray, attrs: list[str], weights: np.ndarray) -> None:
        self.labels = labels
        self.transitions = transitions
        n = len(labels)
        self.weights = np.vstack([weights, np.zeros((1, n))])  # the last row: a feature the model lacks
        row_of = {a: k for k, a in enumerate(attrs)}
        self.missing = len(attrs)
        self.attrs = attrs
        self.bias = row_of.get("bias", self.missing)
        self.chars, self.words, self.tags = _Codes((_PAD, _END)), _Codes((_PAD, _END)), _Codes((_PAD, _END))
        parsed: dict[str, list[tuple[tuple, int]]] = {t: [] for t in (*_CHAR_TEMPLATES, *_WORD_TEMPLATES)}
        for a, row in row_of.items():
            name, _, value = a.partition("=")
            if name in parsed:
                key = self._parse(name, value)
                if key is not None:
                    parsed[name].append((key, row))
        self.tables = {name: self._table(name, items) for name, items in parsed.items()}
        self._char_index = {ch: self.chars.ids[ch] for ch in self.chars.ids if len(ch) == 1}
        self._bmp_ids = np.zeros(0x10000, dtype=np.int64)
        for ch, k in self._char_index.items():
            if ord(ch) < 0x10000:
                self._bmp_ids[ord(ch)] = k
        self._bmp_classes = _bmp_classes()

    @classmethod
    def from_crfsuite(cls, tagger: pycrfsuite.Tagger) -> ArrayTagger:
        info = tagger.info()  # about 0.4 s: hence the cache below
        labels = list(tagger.labels())
        li = {lab: k for k, lab in enumerate(labels)}
        transitions = np.zeros((len(labels), len(labels)))
        for (a, b), w in info.transitions.items():
            transitions[li[a], li[b]] = w
        attrs = sorted({a for a, _ in info.state_features})
        row_of = {a: k for k, a in enumerate(attrs)}
        weights = np.zeros((len(attrs), len(labels)))
        for (a, lab), w in info.state_features.items():
            weights[row_of[a], li[lab]] = w
        return cls(labels, transitions, attrs, weights)

    @classmethod
    def for_model(cls, model_path: Path, tagger: pycrfsuite.Tagger) -> ArrayTagger:
        """From the weights saved beside the model (``<model>.weights.npz``, written by
        scripts/train_ner.py) when they belong to this very model file, else read afresh."""
        cached = model_path.with_suffix(".weights.npz")
        digest = _digest(model_path)
        if cached.exists():
            with np.load(cached, allow_pickle=False) as z:
                if str(z["model_sha256"]) == digest:
                    return cls(z["labels"].tolist(), z["transitions"], z["attrs"].tolist(), z["weights"])
        return cls.from_crfsuite(tagger)

    def save(self, model_path: Path) -> Path:
        """Write the weights beside the model, for ``for_model``."""
        out = model_path.with_suffix(".weights.npz")
        np.savez_compressed(
            out,
            model_sha256=np.array(_digest(model_path)),
            labels=np.array(self.labels),
            transitions=self.transitions,
            attrs=np.array(self.attrs),
            weights=self.weights[:-1],
        )
        return out

    # --- reading the model's attributes ------------------------------------------------
    def _parse(self, name: str, value: str) -> tuple | None:
        if name in _CHAR_TEMPLATES:
            symbols = _SYMBOL.findall(value)
            return tuple(self.chars.id(s) for s in symbols) if len(symbols) == len(_CHAR_TEMPLATES[name]) else None
        if name == "t":
            return tuple(_CLASSES.index(c) for c in value) if len(value) == 3 and set(value) <= set(_CLASSES) else None
        if name == "w":
            return (_LETTERS.index(value[0]), int(value[1:])) if len(value) == 2 and value[0] in _LETTERS else None
        if name == "p":
            return (_LETTERS.index(value[0]), self.tags.id(value[1:])) if value[:1] in _LETTERS else None
        if name == "pp":
            prev, _, bt = value.partition("|")
            return (self.tags.id(prev), _LETTERS.index(bt[0]), self.tags.id(bt[1:])) if bt[:1] in _LETTERS else None
        if name == "pn":
            bt, _, nxt = value.partition("|")
            return (_LETTERS.index(bt[0]), self.tags.id(bt[1:]), self.tags.id(nxt)) if bt[:1] in _LETTERS else None
        if name == "wl":
            symbols = _SYMBOL.findall(value)
            return (self.chars.id(symbols[0]), _LETTERS.index(symbols[1])) if len(symbols) == 2 and symbols[1] in _LETTERS else None
        if name == "wi":
            word, _, letter = value.rpartition("|")
            return (self.words.id(word), _LETTERS.index(letter)) if letter in _LETTERS and word else None
        return (self.words.id(value),)  # wp, wn

    def _radices(self, name: str) -> tuple[int, ...]:
        """The number of values of each part of a template's key (a mixed-radix number)."""
        nc, nw, nt = self.chars.size, self.words.size, self.tags.size
        if name in _CHAR_TEMPLATES:
            return (nc,) * len(_CHAR_TEMPLATES[name])
        return {
            "t": (len(_CLASSES),) * 3,
            "w": (4, 8),
            "p": (4, nt),
            "pp": (nt, 4, nt),
            "pn": (4, nt, nt),
            "wl": (nc, 4),
            "wi": (nw, 4),
            "wp": (nw,),
            "wn": (nw,),
        }[name]

    def _table(self, name: str, items: list[tuple[tuple, int]]) -> _Table:
        radices = self._radices(name)
        keys = np.zeros(len(items), dtype=np.int64)
        for k, radix in enumerate(radices):
            keys = keys * radix + np.array([parts[k] for parts, _ in items], dtype=np.int64)
        rows = np.array([r for _, r in items], dtype=np.int64)
        return _Table.build(keys, rows, int(np.prod(radices, dtype=np.float64)), self.missing)

    # --- tagging -----------------------------------------------------------------------
    def tag_windows(self, windows: list[str], words: list[list[tuple[str, str]] | None] | None = None) -> list[list[str]]:
        """The label sequence of each clause, as crfsuite would tag it. ``words``: each
        clause's (word, part of speech) as rjieba tags it, where the caller has them."""
        return [[self.labels[k] for k in path] for path in self.label_ids(windows, words)]

    def label_ids(self, windows: list[str], words: list[list[tuple[str, str]] | None] | None = None) -> list[list[int]]:
        """As ``tag_windows``, the labels as indices into ``self.labels``."""
        if not windows:
            return []
        emissions, lengths = self._emissions(windows, words or [None] * len(windows))
        offsets = np.cumsum([0, *lengths])
        # longest first, in groups of bounded padded size: at each step the windows still
        # running are a prefix of the group
        order = sorted(range(len(windows)), key=lambda k: -lengths[k])
        paths: list[list[int]] = [[] for _ in windows]
        k = 0
        while k < len(order):
            size = max(1, min(len(order) - k, _CELLS // lengths[order[k]]))
            group = order[k : k + size]
            rows = np.concatenate([np.arange(offsets[g], offsets[g + 1]) for g in group])
            for g, path in zip(group, self._viterbi(emissions[rows], [lengths[g] for g in group]), strict=True):
                paths[g] = path
            k += size
        return paths

    def _emissions(self, windows: list[str], words: list[list[tuple[str, str]] | None]) -> tuple[np.ndarray, list[int]]:
        lengths = [len(w) for w in windows]
        total = sum(lengths)
        # characters as numbers, each window padded with two start and two end symbols
        codes = np.frombuffer("".join(windows).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        bmp = codes < 0x10000
        ids = np.where(bmp, self._bmp_ids[np.where(bmp, codes, 0)], 0)
        cls = np.where(bmp, self._bmp_classes[np.where(bmp, codes, 0)], 0)
        for k in np.flatnonzero(~bmp):  # beyond the basic plane: rare, and never in the model
            cls[k] = _class_index(chr(codes[k]))
        starts = np.cumsum([0, *[n + 4 for n in lengths[:-1]]]).astype(np.int64)
        window_of = np.repeat(np.arange(len(lengths)), lengths)
        pos = np.arange(total, dtype=np.int64) + 2 + 4 * window_of
        sym = np.full(total + 4 * len(lengths), self.chars.get(_END), dtype=np.int64)
        cls_padded = np.ones(total + 4 * len(lengths), dtype=np.int64)
        for s in (0, 1):
            sym[starts + s] = self.chars.get(_PAD)
            cls_padded[starts + s] = 0
        sym[pos] = ids
        cls_padded[pos] = cls
        rows: list[np.ndarray] = []
        nc = self.chars.size
        for name, offsets in _CHAR_TEMPLATES.items():
            key = np.zeros(total, dtype=np.int64)
            for o in offsets:
                key = key * nc + sym[pos + o]
            rows.append(self.tables[name].lookup(key, self.missing))
        nclass = len(_CLASSES)
        c = cls_padded
        rows.append(self.tables["t"].lookup((c[pos - 1] * nclass + c[pos]) * nclass + c[pos + 1], self.missing))
        rows += self._word_rows(windows, words, total)
        emissions = np.empty((total, len(self.labels)))
        emissions[:] = self.weights[self.bias]  # the same for every character
        part = np.empty_like(emissions)
        for r in rows:
            np.take(self.weights, r, axis=0, out=part)
            emissions += part
        return emissions, lengths

    def _word_rows(self, windows: list[str], words: list[list[tuple[str, str]] | None], total: int) -> list[np.ndarray]:
        wpad, wend, tpad, tend = self.words.get(_PAD), self.words.get(_END), self.tags.get(_PAD), self.tags.get(_END)
        words_get, tags_get, char_get = self.words.ids.get, self.tags.ids.get, self._char_index.get
        tagged = [given if given is not None else rjieba.tag(w) for w, given in zip(windows, words, strict=True)]
        flat = [pair for pairs in tagged for pair in pairs]
        wid = np.array([words_get(word, 0) for word, _ in flat], dtype=np.int64)
        tid = np.array([tags_get(tag, 0) for _, tag in flat], dtype=np.int64)
        m = np.array([len(word) for word, _ in flat], dtype=np.int64)
        last = np.array([char_get(word[-1], 0) for word, _ in flat], dtype=np.int64)
        # a window's first word has no word before it, its last none after it
        counts = np.array([len(pairs) for pairs in tagged], dtype=np.int64)
        first = np.zeros(len(flat), dtype=bool)
        first[np.cumsum(counts) - counts] = True
        final = np.zeros(len(flat), dtype=bool)
        final[np.cumsum(counts) - 1] = True
        prev_w, prev_t = np.where(first, wpad, np.roll(wid, 1)), np.where(first, tpad, np.roll(tid, 1))
        next_w, next_t = np.where(final, wend, np.roll(wid, -1)), np.where(final, tend, np.roll(tid, -1))
        per_char = [np.repeat(v, m) for v in (wid, tid, prev_w, next_w, prev_t, next_t, last)]
        c_wid, c_tid, c_pw, c_nw, c_pt, c_nt, c_last = per_char
        c_len = np.repeat(m, m)
        word_start = np.repeat(np.cumsum(m) - m, m)
        j = np.arange(total, dtype=np.int64) - word_start
        letter = np.where(c_len == 1, 3, np.where(j == 0, 0, np.where(j == c_len - 1, 2, 1)))  # B M E S
        ln = np.minimum(c_len, 5)
        ntags = self.tags.size
        t = self.tables
        return [
            t["w"].lookup(letter * 8 + ln, self.missing),
            t["p"].lookup(letter * ntags + c_tid, self.missing),
            t["pp"].lookup((c_pt * 4 + letter) * ntags + c_tid, self.missing),
            t["pn"].lookup((letter * ntags + c_tid) * ntags + c_nt, self.missing),
            t["wl"].lookup(c_last * 4 + letter, self.missing),
            t["wi"].lookup(c_wid * 4 + letter, self.missing),
            t["wp"].lookup(c_pw, self.missing),
            t["wn"].lookup(c_nw, self.missing),
        ]

    def _viterbi(self, emissions: np.ndarray, lengths: list[int]) -> list[list[int]]:
        """Best label sequence of every window at once; ``lengths`` run longest first, so
        the windows still going at step t are the first ``running[t]`` ones."""
        n_labels = len(self.labels)
        batch, longest = len(lengths), lengths[0]
        lens = np.array(lengths)
        window_of = np.repeat(np.arange(batch), lengths)
        step = np.arange(len(window_of)) - np.repeat(np.cumsum(lens) - lens, lens)
        scores = np.zeros((longest, batch, n_labels))
        scores[step, window_of] = emissions
        running = np.searchsorted(-lens, -np.arange(longest), side="left")  # windows longer than t
        back = np.zeros((longest, batch, n_labels), dtype=np.int64)
        delta = scores[0].copy()
        into = self.transitions.T[None]  # (1, to, from): the reductions run along memory
        flat, rows = np.arange(batch * n_labels), np.arange(batch)
        for t in range(1, longest):
            b = running[t]
            cand = (delta[:b, None, :] + into).reshape(-1, n_labels)
            came_from = cand.argmax(axis=1)
            back[t, :b] = came_from.reshape(b, n_labels)
            delta[:b] = cand[flat[: b * n_labels], came_from].reshape(b, n_labels) + scores[t, :b]
        best = np.zeros((longest, batch), dtype=np.int64)
        best[lens - 1, rows] = delta.argmax(axis=1)
        for t in range(longest - 1, 0, -1):
            b = running[t]  # windows whose label at t is known: step back from it
            best[t - 1, :b] = back[t, rows[:b], best[t, :b]]
        return [best[:n, k].tolist() for k, n in enumerate(lengths)]


def _class_index(ch: str) -> int:
    return _CLASSES.index(char_class(ch))  # the class features.py gives the character


@cache
def _bmp_classes() -> np.ndarray:
    """The class of every character of the basic plane, made when a tagger is first built."""
    return np.array([_class_index(chr(c)) if not 0xD800 <= c < 0xE000 else 6 for c in range(0x10000)], dtype=np.int64)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
