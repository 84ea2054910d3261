"""The library behind the CLI: every command is one call here, usable from a notebook.

from kgraph.api import build, query
summary = build(["seeds/"])
query("MATCH (e:Entity) RETURN e.name LIMIT 5")
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph import __version__
from kgraph.extract import extract_document, load_pipeline
from kgraph.extract.ner.crf_component import default_model_path
from kgraph.graph.builder import build_graph
from kgraph.ingest import IngestError, discover, document_articles, read_document
from kgraph.model import DocumentExtraction
from kgraph.store import QueryResult, open_store
from kgraph.store.ladybug_store import LadybugStore
from kgraph.viz.html import render_html
from kgraph.workspace import DEFAULT_DIR, Workspace

Progress = Callable[[str], None]


@dataclass
class BuildSummary:
    files: int = 0
    documents: int = 0
    articles: int = 0
    extracted: int = 0  # documents run through the pipeline this time (others came from cache)
    entities: Counter = field(default_factory=Counter)
    edges: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    store: str = ""
    html: str = ""


def pipeline_fingerprint(rules_file: str | Path | None = None) -> str:
    """Changes whenever anything that shapes extraction changes: code version, model, rules."""
    h = hashlib.sha256(__version__.encode())
    data = resources.files("kgraph.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".txt")):
        h.update(data.joinpath(name).read_bytes())
    h.update(resources.files("kgraph.extract").joinpath("pipeline.cfg").read_bytes())
    model = default_model_path()
    if model.exists():
        st = model.stat()
        h.update(f"{st.st_size}:{int(st.st_mtime)}".encode())
    if rules_file:
        h.update(Path(rules_file).read_bytes())
    return h.hexdigest()[:16]


def extract_files(
    paths: Iterable[str | Path],
    rules_file: str | Path | None = None,
    workspace: Workspace | None = None,
    progress: Progress | None = None,
) -> tuple[list[tuple[str, DocumentExtraction]], list[str], int]:
    """Read and extract every file under paths; returns ((path, extraction) list, errors,
    number of documents run through the pipeline rather than taken from the cache).

    With a workspace, unchanged documents come from its cache and new ones are cached.
    """
    files, errors = discover([Path(p) for p in paths])
    fingerprint = pipeline_fingerprint_cached(rules_file) if workspace else ""
    nlp = None
    out = []
    n_extracted = 0
    for f in files:
        try:
            doc = read_document(f)
            ex = workspace.load_extraction(doc.id, fingerprint) if workspace else None
            if ex is None:
                nlp = nlp or load_pipeline(rules_file)
                ex = extract_document(nlp, doc, document_articles(doc))
                n_extracted += 1
                if workspace:
                    workspace.save_extraction(ex, fingerprint)
            ex.document.path = str(f)
            out.append((str(f.resolve()), ex))
        except IngestError as e:
            errors.append(str(e))
        finally:
            if progress:
                progress(str(f))
    return out, errors, n_extracted


def count_files(paths: Iterable[str | Path]) -> int:
    return len(discover([Path(p) for p in paths])[0])


_FP: dict[str, str] = {}


def pipeline_fingerprint_cached(rules_file: str | Path | None = None) -> str:
    key = str(rules_file or "")
    if key not in _FP:
        _FP[key] = pipeline_fingerprint(rules_file)
    return _FP[key]


def build(
    paths: Iterable[str | Path],
    data_dir: str | Path = DEFAULT_DIR,
    rules_file: str | Path | None = None,
    neo4j_uri: str | None = None,
    html: bool = True,
    window: str = "sentence",
    progress: Progress | None = None,
) -> BuildSummary:
    """Import files into the workspace's graph (idempotent and incremental) and write it out."""
    ws = Workspace(data_dir)
    summary = BuildSummary()
    with ws.writing():
        _FP.clear()
        results, errors, summary.extracted = extract_files(paths, rules_file, ws, progress)
        summary.errors = errors
        summary.files = len(results)
        files = ws.manifest()
        fresh = {}
        for path, ex in results:
            files[path] = ex.document.id
            fresh[path] = ex
        # a cached extraction made under other rules is redone for the whole manifest
        missing = [p for p, d in files.items() if ws.load_extraction(d, pipeline_fingerprint_cached(rules_file)) is None and p not in fresh]
        if missing:
            redo, more_errors, n = extract_files(missing, rules_file, ws)
            summary.extracted += n
            summary.errors += more_errors
            for path, ex in redo:
                files[path] = ex.document.id
        exs = [ws.load_extraction(d, pipeline_fingerprint_cached(rules_file)) for d in sorted(set(files.values()))]
        exs = [e for e in exs if e is not None]
        graph = build_graph(exs, window=window)
        _write(graph, ws, neo4j_uri, summary, html)
        ws.save_manifest(files)
    return summary


def remove(
    paths: Iterable[str | Path], data_dir: str | Path = DEFAULT_DIR, neo4j_uri: str | None = None, html: bool = True
) -> BuildSummary:
    """Retract files from the graph; their contribution (mentions, weights, evidence) goes."""
    ws = Workspace(data_dir)
    summary = BuildSummary()
    with ws.writing():
        files = ws.manifest()
        targets = {str(Path(p).resolve()) for p in paths}
        unknown = sorted(t for t in targets if t not in files and not any(f.startswith(t.rstrip("/") + "/") for f in files))
        summary.errors = [f"{t}: not in the graph" for t in unknown]
        files = {f: d for f, d in files.items() if f not in targets and not any(f.startswith(t.rstrip("/") + "/") for t in targets)}
        fp = pipeline_fingerprint_cached()
        exs = [e for e in (ws.load_extraction(d, fp) for d in sorted(set(files.values()))) if e is not None]
        graph = build_graph(exs)
        _write(graph, ws, neo4j_uri, summary, html)
        ws.save_manifest(files)
    return summary


def _write(graph: nx.MultiDiGraph, ws: Workspace, neo4j_uri: str | None, summary: BuildSummary, html: bool) -> None:
    store = open_store(ws.db_path, neo4j_uri)
    try:
        store.write(graph)
    finally:
        store.close()
    summary.store = f"neo4j ({neo4j_uri or 'NEO4J_URI'})" if store.engine == "neo4j" else str(ws.db_path)
    if store.engine == "neo4j":  # keep the embedded copy too, so viz/query work offline
        LadybugStore(ws.db_path).write(graph)
    for _, d in graph.nodes(data=True):
        if d["kind"] == "Entity" and not d.get("derived"):
            summary.entities[d["type"]] += 1
        elif d["kind"] == "Document":
            summary.documents += 1
        elif d["kind"] == "Article":
            summary.articles += 1
    for _, _, d in graph.edges(data=True):
        summary.edges[d["type"]] += 1
    if html:
        render_html(graph, ws.html_path, title=f"kgraph · {summary.documents} documents")
        summary.html = str(ws.html_path)


def load_graph(data_dir: str | Path = DEFAULT_DIR) -> nx.MultiDiGraph:
    ws = Workspace(data_dir)
    fp = pipeline_fingerprint_cached()
    exs = [e for e in (ws.load_extraction(d, fp) for d in sorted(set(ws.manifest().values()))) if e is not None]
    return build_graph(exs)


def viz(data_dir: str | Path = DEFAULT_DIR, output: str | Path | None = None, **view: Any) -> dict:
    ws = Workspace(data_dir)
    if not ws.manifest():
        from kgraph.store import StoreError

        raise StoreError(f"{ws.root}: nothing imported yet; run `kgraph build PATH` first")
    return render_html(load_graph(data_dir), output or ws.html_path, **view)


def query(
    cypher: str, params: dict[str, Any] | None = None, data_dir: str | Path = DEFAULT_DIR, neo4j_uri: str | None = None
) -> QueryResult:
    store = open_store(Workspace(data_dir).db_path, neo4j_uri)
    try:
        return store.query(cypher, params)
    finally:
        store.close()
