"""Which article a headline belongs to, judged by what it shares with the text.

A headline repeats words of its own article, so the share of its character bigrams that
occur in a stretch of body text says how well they belong together. Used to decide whether
a headline run closes the article before it (headlines printed after the body) or opens a
section of the article that follows, to split a run of stacked headlines among the
articles before them, and to find where an article without any cue begins.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from itertools import pairwise, permutations


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in pairwise(chars)}


def coverage(title: str, body: str) -> float:
    """Share of the title's bigrams found in the body (0..1)."""
    tb = bigrams(title)
    if not tb:
        return 0.0
    return sum(map(body.__contains__, tb)) / len(tb)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two texts' bigram counts: the same article keeps talking
    about the same things, a new article does not."""
    va, vb = _counts(a), _counts(b)
    num = sum(v * vb[k] for k, v in va.items())
    den = math.sqrt(sum(v * v for v in va.values())) * math.sqrt(sum(v * v for v in vb.values()))
    return num / den if den else 0.0


def _counts(text: str) -> Counter:
    chars = "".join(filter(str.isalnum, text))
    return Counter(map(operator.add, chars, chars[1:]))


def best_partition(
    lines: list[str], bodies: list[str], max_parts: int = 3, costs: list[float] | None = None, floors: list[float] | None = None
) -> list[tuple[int, int, int]]:
    """Split headline lines into contiguous parts, each matched to a distinct body.

    Returns [(first_line, end_line, body_index)]; the split is chosen by length-weighted
    coverage, so more parts win only when each matches its own body better; ``costs`` adds a
    price for using a body (one that already has a title must be split to take another) and
    ``floors`` the least coverage a part needs to be given to that body.
    """
    costs = costs or [0.0] * len(bodies)
    floors = floors or [0.0] * len(bodies)
    n = len(lines)
    total = len(" ".join(lines)) or 1
    best: tuple[float, list[tuple[int, int, int]]] = (-1.0, [])
    for parts in range(1, min(max_parts, n, len(bodies)) + 1):
        for cuts in _cuts(n, parts):
            spans = list(zip((0, *cuts), (*cuts, n), strict=False))
            for assign in permutations(range(len(bodies)), parts):
                score = 0.0
                for (a, b), k in zip(spans, assign, strict=False):
                    text = " ".join(lines[a:b])
                    cov = coverage(text, bodies[k])
                    if cov < floors[k]:
                        score = float("-inf")
                        break
                    score += cov * len(text) / total
                # a small preference for fewer parts and for nearer bodies breaks ties
                score -= 0.02 * (parts - 1) + 0.001 * sum(len(bodies) - 1 - k for k in assign) + sum(costs[k] for k in assign)
                if score > best[0]:
                    best = (score, [(a, b, k) for (a, b), k in zip(spans, assign, strict=False)])
    return best[1]


def _cuts(n: int, parts: int) -> list[tuple[int, ...]]:
    if parts == 1:
        return [()]
    out = []
    for first in range(1, n - parts + 2):
        for rest in _cuts(n - first, parts - 1):
            out.append((first, *(first + r for r in rest)))
    return out


def change_point(paragraphs: list[str], first_title: str, second_title: str) -> int:
    """Index of the paragraph where the article of second_title begins, if the paragraphs
    hold the article of first_title followed by that of second_title.

    Each title bigram counts 1/(its frequency in these paragraphs) per occurrence, so words
    every article uses (发展, 工作) weigh little and the words that name a topic decide.
    """
    whole = "".join(paragraphs)
    weights: dict[str, float] = {}
    for sign, title in ((1.0, first_title), (-1.0, second_title)):
        for b in bigrams(title):
            n = whole.count(b)
            if n:
                weights[b] = weights.get(b, 0.0) + sign / n
    gains = [sum(w * p.count(b) for b, w in weights.items()) for p in paragraphs]
    best_at, best = 1, float("-inf")
    for at in range(1, len(paragraphs)):
        score = sum(gains[:at]) - sum(gains[at:])
        if score > best:
            best_at, best = at, score
    return best_at
