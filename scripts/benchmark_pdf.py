"""PDF ingest benchmark (not a test): pages per second and peak memory on a 20-page PDF.

    python scripts/benchmark_pdf.py make /tmp/paper20.pdf      # typeset the test PDF once
    python scripts/benchmark_pdf.py ingest /tmp/paper20.pdf    # kgraph's layout reading
    python scripts/benchmark_pdf.py plain /tmp/paper20.pdf     # baseline: pdfplumber's extract_text
    python scripts/benchmark_pdf.py extract /tmp/paper20.pdf   # layout reading + the whole extraction

Time them as whole processes, in alternation, with farm-bench, e.g.
    farm-bench -n 5 --vs 'python scripts/benchmark_pdf.py plain /tmp/paper20.pdf' -- python scripts/benchmark_pdf.py ingest /tmp/paper20.pdf

The pages are typeset by tests/pdfmaker.py from the invented test stories: per page a
three-column story, two one-column stories beside each other (one with a caption and a
picture, one with its title printed below its text).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def make(path: Path, pages: int = 20) -> None:
    from pdf_stories import first_page
    from pdfmaker import make_pdf

    make_pdf(path, [first_page() for _ in range(pages)])


def main() -> None:
    what, path = sys.argv[1], Path(sys.argv[2])
    if what == "make":
        make(path)
        return
    t0 = time.perf_counter()
    if what == "plain":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            n = len([p.extract_text() for p in pdf.pages])
    elif what == "ingest":
        from kgraph.ingest import ingest_file

        doc, _ = ingest_file(path)
        n = max(b.page for b in doc.boxes)
    else:
        from kgraph.api import extract_files

        results = extract_files([path]).results
        n = max(b.page for b in results[0][1].document.boxes)
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{what}: {n} pages in {secs:.2f} s = {n / secs:.1f} pages/s, peak {peak:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
