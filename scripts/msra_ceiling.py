"""How far the rule layer lets MSRA test go with a perfect model (not a test: a number for the
README and the closing note).

    python scripts/msra_ceiling.py [--shared ../shared]

Runs MSRA test through kgraph's ingest and extraction exactly as `scripts/quality.py` does,
but with the CRF's tags replaced by MSRA's own gold spans. What is still lost is what the
project's guidelines (eval/GUIDELINES.md, CONSISTENCY.md) ask for and MSRA annotates
otherwise: nested names (中国 inside 中国政府 is no standalone place, R1), a place written
with its parent (广西平果县 is one place, R2), regions with no source (两岸, 中华, 亚太),
one-character forms (日, 港, 华). The row it prints is the most a better model could reach
under those guidelines.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from quality import ROOT, _bio_sentences, span_set

Span = tuple[int, int, str]


def gold_tagger(sentences: list[tuple[str, set[Span]]]):
    """A stand-in for CRFTagger.spans_of_many that answers with the gold spans of the sentence
    being extracted. The ingest may hand the tagger a text that differs from the sentence (a
    headline split off, spaces dropped); then the gold names are found in it by their text."""
    current: dict[str, object] = {"text": "", "gold": set()}

    def spans_of_many(self, texts: list[str], segmented=None) -> list[list[Span]]:
        sentence, gold = current["text"], current["gold"]
        out = []
        for t in texts:
            at = sentence.find(t)
            if at >= 0:
                out.append([(s - at, e - at, label) for s, e, label in gold if at <= s and e <= at + len(t)])
                continue
            found: list[Span] = []
            for s, e, label in sorted(gold, key=lambda g: g[0] - g[1]):  # longest first
                for m in re.finditer(re.escape(sentence[s:e]), t):
                    if not any(m.start() < b and a < m.end() for a, b, _ in found):
                        found.append((m.start(), m.end(), label))
            out.append(found)
        return out

    class Sentences(list):
        """The sentences, telling the stand-in which one is being extracted."""

        def __iter__(self):
            for text, gold in super().__iter__():
                current["text"], current["gold"] = text, gold
                yield text, gold

    return spans_of_many, Sentences(sentences)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (data/)")
    args = ap.parse_args()
    from kgraph.extract.ner import crf_component

    sentences = _bio_sentences(Path(args.shared) / "data" / "ner" / "msra" / "test.bio")
    oracle, ordered = gold_tagger(sentences)
    crf_component.CRFTagger.spans_of_many = oracle
    rows = span_set("msra", ordered)["rows"]
    print(
        "| MSRA test, gold spans in place of the model | "
        + " | ".join(f"{t} {rows[t][2]:.3f} ({rows[t][0]:.2f}/{rows[t][1]:.2f})" for t in ("ORG", "PERSON", "PLACE", "core"))
        + " |"
    )


if __name__ == "__main__":
    main()
