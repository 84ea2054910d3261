"""Throughput and memory benchmarks (not tests): numbers for the README.

    python scripts/benchmark.py [--repeat 20]

Measures on the seed corpus read N times (``--repeat``), one process, one core, in seven
alternating rounds of CPU time (medians, and the per-round ratio to jieba):
- jieba.posseg alone (the baseline the extractor must match or beat),
- the CRF NER step alone,
- the whole `kgraph extract` path (ingest + spaCy pipeline, loaded once), characters per second,
- `kgraph build` of the corpus repeated N times under different ids (graph + store + HTML),
- peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 7


def rate(chars: int, secs: float) -> int:
    return round(chars / secs) if secs else 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10, help="copies of the seed corpus (throughput runs and the build)")
    args = ap.parse_args()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    chars = sum(len(t) for t in texts)
    out: dict[str, object] = {"corpus_chars": chars, "files": len(seeds)}
    raws = [p.read_bytes() for p in seeds] * args.repeat  # the throughput runs read the corpus N times
    run_chars = chars * args.repeat

    import jieba
    import jieba.posseg

    from kgraph.extract import extract_document, load_pipeline
    from kgraph.extract.ner.crf_component import CRFTagger, default_model_path
    from kgraph.ingest import ingest_bytes

    jieba.initialize()
    tagger = CRFTagger(default_model_path())
    nlp = load_pipeline()  # loaded once, as in a long import

    def jieba_run() -> float:
        t = time.process_time()
        for raw in raws:
            list(jieba.posseg.cut(raw.decode("utf-8")))
        return time.process_time() - t

    def crf_run() -> float:
        t = time.process_time()
        for raw in raws:
            tagger.spans(raw.decode("utf-8"))
        return time.process_time() - t

    def extract_run() -> float:
        t = time.process_time()
        for path, raw in zip(seeds * args.repeat, raws, strict=True):
            doc, articles = ingest_bytes(path, raw)
            extract_document(nlp, doc, articles)
        return time.process_time() - t

    # seven alternating rounds of CPU time: the machine's speed drifts, the ratio within a round holds
    rounds = [(jieba_run(), crf_run(), extract_run()) for _ in range(ROUNDS)]
    jieba_s, crf_s, extract_s = (sorted(r[k] for r in rounds)[ROUNDS // 2] for k in range(3))
    out["throughput_chars"] = run_chars
    out["jieba_posseg_chars_per_s"] = rate(run_chars, jieba_s)
    out["crf_ner_chars_per_s"] = rate(run_chars, crf_s)
    out["kgraph_extract_chars_per_s"] = rate(run_chars, extract_s)
    out["extract_vs_jieba"] = sorted(round(j / e, 2) for j, _, e in rounds)  # per round
    out["extract_vs_jieba_median"] = out["extract_vs_jieba"][ROUNDS // 2]

    from kgraph.api import build

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(args.repeat):
            for p in seeds:
                # a marker line makes each copy a distinct document (distinct content hash)
                (corpus / f"{i:04d}_{p.name}").write_text(f"第{i}版\n\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
        t = time.perf_counter()
        s = build([corpus], Path(tmp) / "ws")
        first = time.perf_counter() - t
        t = time.perf_counter()
        build([corpus], Path(tmp) / "ws")
        again = time.perf_counter() - t
        out["build"] = {
            "documents": s.documents,
            "chars": chars * args.repeat,
            "first_import_s": round(first, 2),
            "first_import_chars_per_s": rate(chars * args.repeat, first),
            "repeat_import_s": round(again, 2),
            "entities": sum(s.entities.values()),
            "edges": sum(s.edges.values()),
        }
        shutil.rmtree(corpus)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
