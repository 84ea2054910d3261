"""Train the CRF tagger that ships in kgraph/extract/models/ (reproducible from the data).

    python scripts/train_ner.py --design wide --scheme bioes --iterations 500 --c1 0.1 --c2 0.01 \
        --data ../shared/data/ner/msra --out kgraph/extract/models/ner_crf.crfsuite

Uses msra/train.bio minus its last 5% for training, that 5% for model selection, and
msra/test.bio only for the reported number. With ``--cluener PATH`` (train.jsonl of
CLUENER2020) its first 90% is added to the training data and its last 10% is a second
holdout (the same slice scripts/quality.py scores). Label mapping: name → PER; company,
government, organization → ORG; address, scene → LOC; position, book, game and movie → O.
Writes a JSON report beside the model.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

import pycrfsuite

from kgraph.extract.ner.array_tagger import ArrayTagger
from kgraph.extract.ner.crf_component import tag_spans
from kgraph.extract.ner.features import DESIGNS, Lexicon, sentence_features


def read_bio(path: Path) -> list[tuple[str, list[str]]]:
    sents, chars, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if chars:
                sents.append(("".join(chars), tags))
                chars, tags = [], []
            continue
        if len(parts) == 1:  # a space character in the text
            continue
        chars.append(parts[0][0])
        tags.append(parts[1])
    if chars:
        sents.append(("".join(chars), tags))
    return sents


CLUENER_LABELS = {"name": "PER", "company": "ORG", "government": "ORG", "organization": "ORG", "address": "LOC", "scene": "LOC"}
CLUENER_HOLDOUT = 0.10


def read_cluener(
    path: Path, complete_with: pycrfsuite.Tagger | None = None, design: str = "wide"
) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """(train, holdout) of CLUENER as BIO sentences in MSRA's three types.

    CLUENER leaves many places unlabelled (a country named in passing), which would teach the
    model that they are not names. With ``complete_with`` (a model trained on MSRA), the
    training slice is completed: a place that model finds where CLUENER labelled nothing of
    any kind is added, so both sources speak one convention about places. Only places: CLUENER
    labels people and bodies thoroughly, and where it labelled none the model is more often
    wrong (a club's nickname read as a person). The holdout is never completed.
    """
    sents = []
    lines = path.read_text(encoding="utf-8").splitlines()
    cut = int(len(lines) * (1 - CLUENER_HOLDOUT))
    for n, line in enumerate(lines):
        rec = json.loads(line)
        text = rec["text"]
        tags = ["O"] * len(text)
        covered = [False] * len(text)
        for kind, names in rec["label"].items():
            label = CLUENER_LABELS.get(kind)
            for places in names.values():
                for start, end in places:
                    covered[start : end + 1] = [True] * (end + 1 - start)
                    if label is not None and all(t == "O" for t in tags[start : end + 1]):
                        tags[start] = "B-" + label
                        for k in range(start + 1, end + 1):
                            tags[k] = "I-" + label
        if complete_with is not None and n < cut and text.strip():
            for start, end, label in spans(complete_with.tag(sentence_features(text, design))):
                if label == "LOC" and not any(covered[start:end]) and not any(ch.isspace() for ch in text[start:end]):
                    tags[start:end] = ["B-" + label] + ["I-" + label] * (end - start - 1)
        keep = [i for i, ch in enumerate(text) if not ch.isspace()]  # as read_bio: no space characters
        sents.append(("".join(text[i] for i in keep), [tags[i] for i in keep]))
    return sents[:cut], sents[cut:]


def to_bioes(tags: list[str]) -> list[str]:
    """B-X I-X I-X → B-X I-X E-X; a lone B-X → S-X (the tagger reads both schemes)."""
    out = list(tags)
    for i, t in enumerate(tags):
        nxt = tags[i + 1] if i + 1 < len(tags) else "O"
        ends = nxt != "I-" + t[2:]
        if t.startswith("B-") and ends:
            out[i] = "S-" + t[2:]
        elif t.startswith("I-") and ends:
            out[i] = "E-" + t[2:]
    return out


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    return set(tag_spans(tags))


FOLDS = 5


def entity_lexicon(sents) -> Lexicon:
    """Every entity string of the annotated sentences, with its most frequent type."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for text, tags in sents:
        for start, end, label in spans(tags):
            seen[text[start:end]][label] += 1
    return Lexicon({name: labels.most_common(1)[0][0] for name, labels in seen.items()})


def evaluate(tagger: pycrfsuite.Tagger, sents, design: str, names: Lexicon | None = None) -> dict:
    tp = n_pred = n_gold = 0
    per = {}
    chars = 0
    t0 = time.perf_counter()
    preds = []
    for text, _ in sents:
        preds.append(tagger.tag(sentence_features(text, design, names)))
        chars += len(text)
    secs = time.perf_counter() - t0
    for (_, gold), pred in zip(sents, preds, strict=False):
        g, p = spans(gold), spans(pred)
        tp += len(g & p)
        n_pred += len(p)
        n_gold += len(g)
        for lab in ("PER", "LOC", "ORG"):
            d = per.setdefault(lab, [0, 0, 0])
            d[0] += len({x for x in g & p if x[2] == lab})
            d[1] += len({x for x in p if x[2] == lab})
            d[2] += len({x for x in g if x[2] == lab})

    def f1(a, b, c):
        pr, rc = (a / b if b else 0), (a / c if c else 0)
        return round(2 * pr * rc / (pr + rc), 4) if pr + rc else 0.0

    return {
        "f1": f1(tp, n_pred, n_gold),
        "per_type": {k: f1(*v) for k, v in per.items()},
        "chars_per_s": round(chars / secs),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data/ner/msra"))
    ap.add_argument("--design", choices=DESIGNS, default="lex")
    ap.add_argument("--iterations", type=int, default=250)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.005)
    ap.add_argument("--minfreq", type=float, default=2)
    ap.add_argument("--scheme", choices=("bio", "bioes"), default="bio", help="tag scheme to train on")
    ap.add_argument("--cluener", type=Path, help="CLUENER2020 train.jsonl: add its first 90%% to training")
    ap.add_argument(
        "--complete-cluener",
        type=Path,
        help="a model trained on MSRA: add what it finds where CLUENER's training slice labels nothing",
    )
    ap.add_argument("--evaluate", type=Path, help="only evaluate this model on the holdouts and MSRA test")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    train = read_bio(args.data / "train.bio")
    cut = int(len(train) * 0.95)
    train, held = train[:cut], train[cut:]
    test = read_bio(args.data / "test.bio")
    completer = None
    if args.complete_cluener:
        completer = pycrfsuite.Tagger()
        completer.open(str(args.complete_cluener))
    cluener_train, cluener_held = read_cluener(args.cluener, completer) if args.cluener else ([], [])
    if args.evaluate:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(args.evaluate))
        report = {"holdout": evaluate(tagger, held, args.design), "msra_test": evaluate(tagger, test, args.design)}
        if cluener_held:
            report["cluener_holdout"] = evaluate(tagger, cluener_held, args.design)
        print(json.dumps(report, indent=1))
        return
    train = train + cluener_train

    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.perf_counter()
    names = fold_names = None
    if args.design == "gaz":
        # jackknife: each sentence is featurised with the names of the other folds only
        names = entity_lexicon(train)
        fold_names = [entity_lexicon([s for i, s in enumerate(train) if i % FOLDS != k]) for k in range(FOLDS)]
    for i, (text, tags) in enumerate(train):
        lexicon = fold_names[i % FOLDS] if fold_names else None
        trainer.append(sentence_features(text, args.design, lexicon), to_bioes(tags) if args.scheme == "bioes" else tags)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    train_secs = time.perf_counter() - t0

    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.out))
    report = {
        "design": args.design,
        "scheme": args.scheme,
        "iterations": args.iterations,
        "c1": args.c1,
        "c2": args.c2,
        "minfreq": args.minfreq,
        "train_sentences": len(train),
        "train_seconds": round(train_secs),
        "holdout": evaluate(tagger, held, args.design, names),
        "msra_test": evaluate(tagger, test, args.design, names),
        "model_bytes": args.out.stat().st_size,
    }
    if cluener_held:
        report["cluener_train_sentences"] = len(cluener_train)
        report["cluener_holdout"] = evaluate(tagger, cluener_held, args.design, names)
    if args.design == "wide":  # the weights the numpy tagger reads (kgraph.extract.ner.array_tagger)
        ArrayTagger.from_crfsuite(tagger).save(args.out)
    if names is not None:
        names.write(args.out.with_suffix(".names.tsv"))
        report["lexicon_bytes"] = args.out.with_suffix(".names.tsv").stat().st_size
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
