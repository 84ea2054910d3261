"""Co-mention counting: entities in the same window (sentence, paragraph or article)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

WINDOWS = ("sentence", "paragraph", "article")


@dataclass
class PairStats:
    windows: int = 0
    articles: set[str] = field(default_factory=set)
    evidence: list[dict] = field(default_factory=list)


def npmi(n_ab: int, n_a: int, n_b: int, n: int) -> float:
    """Normalized pointwise mutual information in [-1, 1]; 1 = always together."""
    if n_ab == 0 or n == 0:
        return -1.0
    p_ab, p_a, p_b = n_ab / n, n_a / n, n_b / n
    if p_ab >= 1.0:
        return 1.0
    return math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)


def count_pairs(
    units: dict[tuple, dict[int, tuple[dict, set[str]]]],
) -> tuple[dict[tuple[str, str], PairStats], dict[str, int], int, dict[str, int]]:
    """units: window key → {sentence index: (evidence record, entity ids in that sentence)}.

    Two entities co-occur once per window that holds both. The evidence for the pair is the
    first sentence of the window that names both, else the first that names either (in a
    paragraph or article window they may sit in different sentences). Returns pair stats,
    per-entity window counts, the number of windows and the windows of each document."""
    pairs: dict[tuple[str, str], PairStats] = defaultdict(PairStats)
    single: dict[str, int] = defaultdict(int)
    per_document: dict[str, int] = defaultdict(int)
    for sentences in units.values():
        ordered_sentences = [sentences[k] for k in sorted(sentences)]
        per_document[ordered_sentences[0][0]["doc"]] += 1
        ids = sorted(set().union(*(found for _, found in ordered_sentences)))
        for e in ids:
            single[e] += 1
        alone = ordered_sentences[0][0] if len(ordered_sentences) == 1 else None  # a sentence window
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                evidence = alone or _first_evidence(ordered_sentences, a, b)
                st = pairs[(a, b)]
                st.windows += 1
                st.articles.add(evidence["article"])
                st.evidence.append(evidence)
    return pairs, single, len(units), dict(per_document)


def _first_evidence(ordered_sentences: list[tuple[dict, set[str]]], a: str, b: str) -> dict:
    both = next((ev for ev, found in ordered_sentences if a in found and b in found), None)
    return both or next(ev for ev, found in ordered_sentences if a in found or b in found)
