"""Extraction quality on every shared set, in one table (not a test: numbers for the README).

    python scripts/quality.py [--shared ../shared] [--json out.json] [--quick]

- seed dev gold: `kgraph extract` on the seed pages that have gold, scored with the shared
  `eval/score.py` (entities per type, core = ORG+PERSON+PLACE, all types, affiliations);
- news dev gold: the same on `eval/news/texts` against `eval/news/gold`;
- news in narrow columns: the same news texts with every line cut after 12 characters, as a
  newspaper column wraps them in a PDF's text (names, datelines and bylines broken over
  lines): what the ingest repairs must give the same graph as the unbroken text;
- news in double-spaced columns: as narrow columns, with a blank line after every line (the
  blank after a paragraph's last line looks the same);
- news letter-spaced: the same texts with a space after every character, as some PDFs'
  text comes out (a space printed in the text becomes a wider gap);
- MSRA test: every sentence run through kgraph's ingest and extraction as a document of its
  own, PERSON/PLACE/ORG spans against the BIO gold (exact span and type);
- CLUENER holdout: the last 10 % of `data/ner/cluener/train.jsonl` (never used for
  training), name → PERSON, company/government/organization → ORG, address → PLACE, the
  same span scoring.

Run it after every change to the rules or the model: a change that lifts one set and lowers
another is not progress. ``KGRAPH_DISABLE_RULES`` applies, so one rule's effect can be
measured by switching it off.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLUENER_HOLDOUT = 0.10  # the last tenth of the file
CLUENER_TYPES = {"name": "PERSON", "company": "ORG", "government": "ORG", "organization": "ORG", "address": "PLACE"}
MSRA_TYPES = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}


def _bio_sentences(path: Path) -> list[tuple[str, set[tuple[int, int, str]]]]:
    out, chars, tags = [], [], []

    def flush() -> None:
        if chars:
            spans, start, kind = set(), None, None
            for i, t in enumerate([*tags, "O"]):
                if start is not None and not (t.startswith("I-") and t[2:] == kind):
                    spans.add((start, i, MSRA_TYPES[kind]))
                    start = None
                if t.startswith("B-") or (t.startswith("I-") and start is None):
                    start, kind = i, t[2:]
            out.append(("".join(chars), spans))
        chars.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            flush()
            continue
        chars.append(parts[0] if len(parts) > 1 else " ")
        tags.append(parts[-1])
    flush()
    return out


def _cluener(path: Path) -> list[tuple[str, set[tuple[int, int, str]]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines[int(len(lines) * (1 - CLUENER_HOLDOUT)) :]:
        rec = json.loads(line)
        spans = {
            (s, e + 1, CLUENER_TYPES[kind])
            for kind, names in rec["label"].items()
            if kind in CLUENER_TYPES
            for places in names.values()
            for s, e in places
        }
        out.append((rec["text"], spans))
    return out


def span_set(name: str, sentences: list[tuple[str, set[tuple[int, int, str]]]]) -> dict:
    """Each sentence through ingest + extraction as a document; exact spans per type."""
    from kgraph.extract import extract_document, load_pipeline
    from kgraph.ingest import ingest_bytes

    nlp = load_pipeline()
    tp, pred, gold = Counter(), Counter(), Counter()
    for k, (text, gold_spans) in enumerate(sentences):
        doc, articles = ingest_bytes(Path(f"s{k}.txt"), text.encode("utf-8"))
        ex = extract_document(nlp, doc, articles)
        found = {(m.start, m.end, m.label) for m in ex.mentions if m.label in ("PERSON", "PLACE", "ORG")}
        for s in found:
            pred[s[2]] += 1
            tp[s[2]] += s in gold_spans
        for s in gold_spans:
            gold[s[2]] += 1
    rows = {}
    for t in ("ORG", "PERSON", "PLACE", "core"):
        keys = ("ORG", "PERSON", "PLACE") if t == "core" else (t,)
        a, p, g = (sum(c[x] for x in keys) for c in (tp, pred, gold))
        rows[t] = _prf(a, p, g)
    return {"set": name, "rows": rows}


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def scorer_rows(shared: Path, texts: list[Path], gold_dir: Path) -> dict[str, tuple[float, float, float]]:
    """Run the shared scorer as its README says, and read its JSON."""
    import subprocess

    from kgraph.api import extract_files
    from kgraph.export.scorer import extraction_record

    run = extract_files(texts)
    results, errors = run.results, run.errors
    for e in errors:
        print(e, file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text("".join(json.dumps(extraction_record(ex), ensure_ascii=False) + "\n" for _, ex in results), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(shared / "eval" / "score.py"), str(pred), str(gold_dir), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    scores = json.loads(out.stdout)["scores"]
    names = {"core": "core(ORG+PERSON+PLACE)", "all": "all types"}
    rows = {}
    for col in ("ORG", "PERSON", "PLACE", "PROGRAM", "POLICY", "core", "all", "affiliations"):
        s = scores[names.get(col, col)]
        rows[col] = (s["p"], s["r"], s["f1"])
    return rows


COLUMN_WIDTH = 12  # characters a line in a narrow newspaper column


def in_columns(line: str, width: int = COLUMN_WIDTH) -> list[str]:
    """The line cut after every ``width`` characters."""
    return [line[k : k + width] for k in range(0, max(len(line), 1), width)]


def double_spaced(line: str) -> list[str]:
    """The line cut into a narrow column with a blank line after every piece."""
    return [x for piece in in_columns(line) for x in (piece, "")]


def letter_spaced(line: str) -> list[str]:
    """The line with a space after every character."""
    return [" ".join(line)]


def rewritten(texts: list[Path], folder: Path, how) -> list[Path]:
    """Copies of ``texts`` in ``folder``, each line rewritten by ``how`` (line → lines)."""
    out = []
    for p in texts:
        lines = [new for line in p.read_text(encoding="utf-8").split("\n") for new in how(line)]
        (folder / p.name).write_text("\n".join(lines), encoding="utf-8")
        out.append(folder / p.name)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (eval/, data/)")
    ap.add_argument("--json", help="also write the table as JSON here")
    ap.add_argument("--quick", action="store_true", help="only the first 500 MSRA and CLUENER sentences")
    args = ap.parse_args()
    shared = Path(args.shared)
    table: dict[str, dict[str, tuple[float, float, float]]] = {}
    seed_gold = shared / "eval" / "gold"
    seeds = [ROOT / "seeds" / (p.stem + ".txt") for p in sorted(seed_gold.glob("*.json"))]
    table["seed dev gold"] = scorer_rows(shared, [p for p in seeds if p.exists()], seed_gold)
    news = shared / "eval" / "news"
    table["news dev gold"] = scorer_rows(shared, sorted((news / "texts").glob("*.txt")), news / "gold")
    distortions = (
        ("news in narrow columns", in_columns),
        ("news in double-spaced columns", double_spaced),
        ("news letter-spaced", letter_spaced),
    )
    for row, how in distortions:
        with tempfile.TemporaryDirectory() as tmp:
            table[row] = scorer_rows(shared, rewritten(sorted((news / "texts").glob("*.txt")), Path(tmp), how), news / "gold")
    limit = 500 if args.quick else None
    table["MSRA test"] = span_set("msra", _bio_sentences(shared / "data" / "ner" / "msra" / "test.bio")[:limit])["rows"]
    table["CLUENER holdout"] = span_set("cluener", _cluener(shared / "data" / "ner" / "cluener" / "train.jsonl")[:limit])["rows"]
    cols = ["ORG", "PERSON", "PLACE", "PROGRAM", "POLICY", "core", "all", "affiliations"]
    print("| set | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for name, rows in table.items():
        cells = []
        for c in cols:
            p, r, f = rows.get(c, (float("nan"),) * 3)
            cells.append("–" if f != f else f"{f:.3f} ({p:.2f}/{r:.2f})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\ncells: F1 (precision/recall); MSRA and CLUENER: exact spans of PERSON/PLACE/ORG")
    if args.json:
        Path(args.json).write_text(json.dumps(table, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
