"""Scale benchmark: archives of distinct pages made from MSRA and CLUENER train sentences
(so the entity graph grows with the archive), each built, grown by one page, shrunk by one,
viewed and queried with the real CLI as separate processes.

    python scripts/benchmark_scale.py                 # 50, 500 and 5000 documents
    python scripts/benchmark_scale.py --sizes 50 500  # fewer
    python scripts/benchmark_scale.py --json docs/scale.json

Each figure is one whole process (start-up included): wall seconds, CPU seconds (user +
system of the process and its children) and peak resident memory of the largest process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "ner"
KGRAPH = [sys.executable, "-m", "kgraph.cli"]
SENTENCES_PER_PAGE = 10


def sentences() -> list[str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from quality import _bio_sentences, _cluener

    out = [s for s, _ in _bio_sentences(SHARED / "msra" / "train.bio")]
    out += [s for s, _ in _cluener(SHARED / "cluener" / "train.jsonl")]
    return [s for s in out if len(s) >= 8]


def make_archive(folder: Path, n_docs: int, pool: list[str]) -> int:
    """n_docs pages of SENTENCES_PER_PAGE sentences each (paragraphs of 3–4), a headline
    from the first sentence; returns the characters written."""
    folder.mkdir(parents=True)
    chars = 0
    for d in range(n_docs):
        part = [pool[(d * SENTENCES_PER_PAGE + k) % len(pool)] for k in range(SENTENCES_PER_PAGE)]
        title = part[0][:18].rstrip("，。、；：")
        paras = ["".join(part[i : i + 3]) for i in range(0, len(part), 3)]
        text = title + "\n" + "\n".join(paras) + "\n"
        (folder / f"page{d:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def timed(*args: str) -> dict:
    """Run one kgraph command; wall, CPU and peak RSS of the process tree it waited for."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*KGRAPH, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"kgraph {' '.join(args)} failed: {err[-500:]}")
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "peak_mib": round(usage.ru_maxrss / 1024)}


def one_size(n: int, pool: list[str], tmp: Path, workers: int) -> dict:
    pages = tmp / f"pages-{n}"
    chars = make_archive(pages, n, pool)
    extra = tmp / f"extra-{n}"
    make_archive(extra, 1, pool[::-1])
    new_page = extra / "page00000.txt"
    ws = tmp / f"ws-{n}"
    row: dict = {"documents": n, "chars": chars}
    first = timed("build", str(pages), "--data-dir", str(ws), "--no-html", "--workers", str(workers))
    row["first_build"] = {**first, "chars_per_s": round(chars / first["wall_s"])}
    store = Path(os.path.realpath(ws / "graph.lbug"))
    row["store_mib"] = round(store.stat().st_size / 2**20, 1)
    stats = subprocess.run([*KGRAPH, "stats", "--format", "json", "--data-dir", str(ws)], capture_output=True, text=True, cwd=ROOT)
    s = json.loads(stats.stdout)
    row["entities"] = sum(s["entities"].values())
    row["edges"] = sum(s["edges"].values())
    row["add_one_page"] = timed("build", str(new_page), "--data-dir", str(ws), "--no-html", "--workers", "1")
    row["remove_one_page"] = timed("remove", str(new_page), "--data-dir", str(ws), "--no-html")
    row["view_all"] = timed("viz", "--top", "0", "-o", str(tmp / f"all-{n}.html"), "--data-dir", str(ws))
    row["queries"] = {q: timed("query", q, "--data-dir", str(ws)) for q in ("top_entities", "strongest_pairs", "entity_search")}
    shutil.rmtree(ws)
    return row


def table(rows: list[dict]) -> str:
    out = [
        "| documents | chars | entities | edges | first build (wall / CPU) | chars/s | peak | store | add one page | remove one | view all | 3 queries (each) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        fb = r["first_build"]
        q = " / ".join(f"{v['wall_s']:.1f}" for v in r["queries"].values())
        out.append(
            f"| {r['documents']:,} | {r['chars']:,} | {r['entities']:,} | {r['edges']:,} | {fb['wall_s']:.1f} s / {fb['cpu_s']:.1f} s | "
            f"{fb['chars_per_s']:,} | {fb['peak_mib']} MiB | {r['store_mib']} MiB | {r['add_one_page']['wall_s']:.1f} s "
            f"({r['add_one_page']['peak_mib']} MiB) | {r['remove_one_page']['wall_s']:.1f} s | {r['view_all']['wall_s']:.1f} s | {q} s |"
        )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    pool = sentences()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kgraph-scale-") as tmp:
        for n in args.sizes:
            rows.append(one_size(n, pool, Path(tmp), args.workers))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
