"""Throughput and memory benchmarks (not tests): numbers for the README.

    python scripts/benchmark.py [--repeat 20]

Measures on the seed corpus, one process, one core:
- jieba.posseg alone (the baseline the extractor must match or beat),
- the CRF NER step alone,
- the whole `kgraph extract` path (ingest + spaCy pipeline), characters per second,
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


def rate(chars: int, secs: float) -> int:
    return round(chars / secs) if secs else 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10, help="copies of the seed corpus for the build benchmark")
    args = ap.parse_args()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    chars = sum(len(t) for t in texts)
    out: dict[str, object] = {"corpus_chars": chars, "files": len(seeds)}

    import jieba
    import jieba.posseg

    jieba.initialize()
    t = time.perf_counter()
    for text in texts:
        list(jieba.posseg.cut(text))
    out["jieba_posseg_chars_per_s"] = rate(chars, time.perf_counter() - t)

    from kgraph.extract.ner.crf_component import CRFTagger, default_model_path

    tagger = CRFTagger(default_model_path())
    t = time.perf_counter()
    for text in texts:
        tagger.spans(text)
    out["crf_ner_chars_per_s"] = rate(chars, time.perf_counter() - t)

    from kgraph.api import extract_files

    extract_files(seeds[:1])  # load the pipeline once, as a long run would
    t = time.perf_counter()
    extract_files(seeds)
    secs = time.perf_counter() - t
    out["kgraph_extract_chars_per_s"] = rate(chars, secs)

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
