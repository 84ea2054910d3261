"""Browser benchmark for the HTML view (not a test): time until the page is interactive and
the frame rate while panning and zooming, for synthetic graphs of 300 and 3,000 entities.

    python scripts/benchmark_viz.py [--sizes 300 3000]

Needs Debian's chromium (headless, software rendering: frame rates are a lower bound).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

import networkx as nx

from kgraph.viz.html import render_html

TYPES = ["ORG", "PERSON", "PLACE", "PROGRAM", "POLICY"]


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """Communities of ~50 entities, dense inside, sparse between: like a news corpus."""
    rng = random.Random(seed)
    sizes = [50] * (n // 50)
    h = nx.random_partition_graph(sizes, 0.08, 0.5 / n, seed=seed)
    g = nx.MultiDiGraph()
    for v in h:
        g.add_node(
            f"e{v}",
            kind="Entity",
            id=f"e{v}",
            name=f"实体{v}号机构",
            type=rng.choice(TYPES),
            aliases=[f"别名{v}"],
            mentions=rng.randint(1, 30),
            documents=1,
            derived=False,
        )
    for a, b in h.edges():
        ev = json.dumps(
            {"doc": "d", "article": "a", "start": 0, "end": 9, "sentence": f"实体{a}与实体{b}共同出现的句子。"}, ensure_ascii=False
        )
        g.add_edge(f"e{a}", f"e{b}", key="CO_MENTIONED", type="CO_MENTIONED", weight=rng.randint(1, 5), articles=1, npmi=0.5, evidence=[ev])
    return g


def measure(html: Path) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-background-networking", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        t0 = time.perf_counter()
        page.goto(html.as_uri())
        page.wait_for_function("window.kgraph && window.kgraph.ready", timeout=300_000, polling=50)
        wall = time.perf_counter() - t0
        ready_ms = page.evaluate("window.kgraph.readyAt")
        # real user input (wheel zoom, then drag); vis-network hides edges of big views while
        # the view moves. Each redraw is timed, so the result is the frame rate the page can
        # sustain, not the rate at which the test sends events.
        page.evaluate(
            """() => { const k = window.kgraph; k.draws = []; let t = 0;
            k.network.on('beforeDrawing', () => { t = performance.now(); });
            k.network.on('afterDrawing', () => { k.draws.push(performance.now() - t); }); }"""
        )
        page.mouse.move(640, 450)
        for k in range(30):
            page.mouse.wheel(0, -120 if k < 15 else 120)
            page.wait_for_timeout(30)
        zoom = page.evaluate("() => { const d = window.kgraph.draws; window.kgraph.draws = []; return d; }")
        page.mouse.down()
        for k in range(30):
            page.mouse.move(640 + 8 * k, 450 + 4 * k)
            page.wait_for_timeout(30)
        page.mouse.up()
        drag = page.evaluate("() => window.kgraph.draws")
        still = page.evaluate(
            """() => { const k = window.kgraph; k.draws = []; for (let i = 0; i < 10; i++) k.network.redraw();
            return k.draws; }"""
        )
        browser.close()

    def fps(draws: list[float]) -> float:
        draws = sorted(draws)[len(draws) // 10 :] or [0.0]  # drop the fastest tenth (cached frames)
        return round(1000 / (sum(draws) / len(draws)), 1) if sum(draws) else 0.0

    return {
        "ready_ms_in_page": round(ready_ms),
        "load_to_ready_s": round(wall, 2),
        "fps_zooming": fps(zoom),
        "fps_dragging": fps(drag),
        "fps_full_redraw_with_edges": fps(still),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    args = ap.parse_args()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            g = synthetic(n)
            html = Path(tmp) / f"g{n}.html"
            t = time.perf_counter()
            info = render_html(g, html, top=None)
            render_s = time.perf_counter() - t
            out[n] = {"nodes": info["nodes"], "edges": info["edges"], "python_render_s": round(render_s, 2), **measure(html)}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
