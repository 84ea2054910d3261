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


def count_pairs(units: dict[tuple, tuple[set[str], dict]]) -> tuple[dict[tuple[str, str], PairStats], dict[str, int], int]:
    """units: window key → (entity ids in it, evidence record). Returns pair stats,
    per-entity window counts and the number of windows."""
    pairs: dict[tuple[str, str], PairStats] = defaultdict(PairStats)
    single: dict[str, int] = defaultdict(int)
    for ids, evidence in units.values():
        for e in ids:
            single[e] += 1
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                st = pairs[(a, b)]
                st.windows += 1
                st.articles.add(evidence["article"])
                st.evidence.append(evidence)
    return pairs, single, len(units)
