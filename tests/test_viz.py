"""The HTML view: self-contained, UTF-8, escaped; and in a real headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

from kgraph.viz.html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, (name, typ) in enumerate([("<script>alert(1)</script>", "ORG"), ("李明", "PERSON"), ("某某市", "PLACE")]):
        g.add_node(
            f"e{i}",
            kind="Entity",
            id=f"e{i}",
            name=name,
            type=typ,
            aliases=["<img src=x onerror=alert(2)>"],
            mentions=1,
            documents=1,
            derived=False,
        )
    ev = json.dumps({"doc": "d", "article": "a", "start": 0, "end": 5, "sentence": "<img src=x onerror=alert(3)>"}, ensure_ascii=False)
    g.add_edge("e0", "e1", key="CO_MENTIONED", type="CO_MENTIONED", weight=2, articles=1, npmi=0.5, evidence=[ev])
    g.add_edge("e1", "e2", key="CO_MENTIONED", type="CO_MENTIONED", weight=1, articles=1, npmi=0.1, evidence=[ev])
    return g


def test_html_is_self_contained_utf8_and_escaped(tmp_path: Path):
    out = tmp_path / "g.html"
    info = render_html(hostile_graph(), out)
    page = out.read_bytes().decode("utf-8")
    assert info["nodes"] == 3 and info["edges"] == 2
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "李明" in page


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Debian chromium is not installed (.ci/run installs it)")
def test_page_in_headless_chromium(seed_workspace: Path, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    html = seed_workspace / "graph.html"
    shots = Path(os.environ.get("KGRAPH_ARTIFACTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        ctx = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        errors, requests = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        page.goto(html.as_uri())
        page.wait_for_function("window.kgraph && window.kgraph.ready", timeout=60_000)
        counts = page.evaluate("[window.kgraph.nodes.length, window.kgraph.edges.length]")
        expected = re.search(r"(\d+) nodes · (\d+) edges", html.read_text(encoding="utf-8"))
        assert counts == [int(expected.group(1)), int(expected.group(2))] and counts[0] > 10
        hits = page.evaluate("window.kgraph.search('医院')")
        drawn = page.evaluate("(ids) => ids.filter(id => window.kgraph.nodes.get(id)).length", hits)
        assert hits and drawn and page.evaluate("window.kgraph.network.getSelectedNodes().length") == drawn
        page.screenshot(path=str(shots / "graph.png"))
        browser.close()
    assert errors == [] and requests == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Debian chromium is not installed (.ci/run installs it)")
def test_hostile_text_stays_text_in_the_browser(tmp_path: Path):
    from playwright.sync_api import sync_playwright

    out = tmp_path / "hostile.html"
    render_html(hostile_graph(), out)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(out.as_uri())
        page.wait_for_function("window.kgraph && window.kgraph.ready", timeout=30_000)
        # hover every node so vis-network renders each tooltip into the page
        for pos in page.evaluate("Object.values(window.kgraph.network.getPositions()).map(p => window.kgraph.network.canvasToDOM(p))"):
            page.mouse.move(pos["x"], pos["y"])
            page.wait_for_timeout(200)
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 2  # vis-network and the page's own
        assert "<script>alert(1)</script>" in page.evaluate("window.kgraph.nodes.get('e0').name")
        browser.close()
    assert dialogs == []


def test_views_top_rank_types_and_ego_by_alias():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from benchmark_viz import synthetic

    from kgraph.graph.builder import entity_subgraph
    from kgraph.viz.html import select_view
    from kgraph.viz.layout import communities, community_layout

    h = entity_subgraph(synthetic(300))
    assert select_view(h, top=50).number_of_nodes() == 50
    assert select_view(h, top=50, rank="pagerank").number_of_nodes() == 50
    only = select_view(h, top=None, types=["ORG"])
    assert {d["type"] for _, d in only.nodes(data=True)} == {"ORG"}
    ego = select_view(h, top=None, around="别名7", hops=1)  # found through an alias
    assert "e7" in ego and all(n == "e7" or h.has_edge("e7", n) for n in ego)
    membership = communities(h)
    assert len(set(membership.values())) >= 4  # six planted communities of 50
    pos = community_layout(h, membership)
    assert len(pos) == 300 and all(isinstance(x, float) for p in pos.values() for x in p)


def test_big_view_is_laid_out_in_python_with_physics_off(tmp_path: Path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from benchmark_viz import synthetic

    out = tmp_path / "big.html"
    info = render_html(synthetic(600), out, top=None)
    page = out.read_text(encoding="utf-8")
    assert info["nodes"] == 600 and '"physics": {"enabled": false' in page and '"x": ' in page


DATED_PAGE = """青州市举办职工技能大赛

本报记者 韩东

近日，青州市总工会和青州市人力资源和社会保障局联合举办职工技能大赛，青州市第一中学承办。

青州市总工会主席孙立表示，青州市总工会将继续支持青州市第一中学开展技能培训。
"""


def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Debian chromium is not installed (.ci/run installs it)")
def test_explorer_panel_search_filters_and_small_pieces(tmp_path: Path):
    """Clicking an entity shows its evidence with file, title and date; search finds every
    entity, edgeless ones included; type filters and the small-pieces toggle hide and show."""
    from click.testing import CliRunner
    from playwright.sync_api import sync_playwright

    from kgraph.cli import main

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "2024-03-05-青州日报.txt").write_text(DATED_PAGE, encoding="utf-8")
    ws = tmp_path / "ws"
    r = CliRunner().invoke(main, ["build", str(folder), "--data-dir", str(ws)])
    assert r.exit_code == 0, r.output
    html = ws / "graph.html"
    assert "<title>kgraph · 全图 whole graph" in html.read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html.as_uri())
        page.wait_for_function("window.kgraph && window.kgraph.ready", timeout=30_000)
        # click the node of 青州市总工会 on the canvas
        target = page.evaluate(
            "(() => { const n = window.kgraph.nodes.get({filter: n => n.name === '青州市总工会'})[0];"
            " const pos = window.kgraph.network.getPositions([n.id])[n.id]; return window.kgraph.network.canvasToDOM(pos); })()"
        )
        page.mouse.click(target["x"], target["y"])
        page.wait_for_selector("#panel .evidence li")
        panel = page.inner_text("#panel")
        assert "青州市总工会" in panel and "2024-03-05" in panel and "2024-03-05-青州日报.txt" in panel
        assert "青州市举办职工技能大赛" in panel  # the article's title
        assert "孙立" in panel  # an affiliation with its title
        # the reporter of the byline has no co-mention edge: search still finds it
        hits = page.evaluate("window.kgraph.search('韩东')")
        assert hits and "韩东" in page.inner_text("#panel h2")
        # a type filter hides that type's nodes
        page.evaluate("window.kgraph.setType('ORG', false)")
        assert page.evaluate("window.kgraph.nodes.get({filter: n => n.kind === 'ORG' && !n.hidden}).length") == 0
        page.evaluate("window.kgraph.setType('ORG', true)")
        assert page.evaluate("window.kgraph.nodes.get({filter: n => n.kind === 'ORG' && !n.hidden}).length") > 0
        browser.close()
    assert errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Debian chromium is not installed (.ci/run installs it)")
def test_around_view_highlights_its_focus_and_lays_out_the_same_every_time(seed_workspace: Path, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    from kgraph.api import viz

    out = tmp_path / "around.html"
    info = viz(seed_workspace, out, around="济宁市公共卫生医疗中心", hops=1)
    assert "around 济宁市公共卫生医疗中心" in info["title"]
    first = out.read_text(encoding="utf-8")
    viz(seed_workspace, out, around="济宁市公共卫生医疗中心", hops=1)
    assert out.read_text(encoding="utf-8") == first  # positions are computed, not random
    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page()
        page.goto(out.as_uri())
        page.wait_for_function("window.kgraph && window.kgraph.ready", timeout=30_000)
        focus = page.evaluate("window.kgraph.nodes.get({filter: n => n.focus}).map(n => n.name)")
        assert focus == ["济宁市公共卫生医疗中心"]
        page.wait_for_timeout(100)
        assert page.evaluate("window.kgraph.network.getSelectedNodes().length") == 1
        browser.close()


def test_the_same_graph_is_drawn_the_same_in_every_process(seed_workspace: Path, tmp_path: Path):
    """The page an import writes and the pages `kgraph viz` draws later from the store, in
    processes with different string hashing, are byte for byte one page: set orders and the
    store's row order must not move entities, communities or panel contents."""
    import os
    import subprocess
    import sys

    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"view{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-m", "kgraph.cli", "viz", "--data-dir", str(seed_workspace), "-o", str(out)]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    assert pages[0] == (seed_workspace / "graph.html").read_bytes()


def test_small_pieces_are_kept_aside_and_groups_packed():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from kgraph.viz.html import layout

    h = nx.Graph()
    nx.add_path(h, [f"a{i}" for i in range(8)])
    nx.add_path(h, [f"b{i}" for i in range(6)])
    h.add_edge("c0", "c1")
    h.add_node("d0")
    pos, aside = layout(h)
    assert aside == {"c0", "c1", "d0"}
    xs = [pos[n][0] for n in h if n not in aside]
    ys = [pos[n][1] for n in h if n not in aside]
    assert max(xs) - min(xs) < 2000 and max(ys) - min(ys) < 2000  # packed, not flung apart
    assert min(pos[n][0] for n in aside) > max(xs)  # kept aside, to the right


def test_view_errors_name_the_problem():
    from kgraph.graph.builder import entity_subgraph
    from kgraph.viz.html import ViewError, select_view

    h = entity_subgraph(hostile_graph())
    with pytest.raises(ViewError, match="unknown type PERSN"):
        select_view(h, types=["PERSN"])
    assert select_view(h, types=["person"]).number_of_nodes() == 1
    with pytest.raises(ViewError, match="--top must be"):
        select_view(h, top=-5)
    with pytest.raises(ViewError, match="did you mean 某某市"):
        select_view(h, around="某某")
