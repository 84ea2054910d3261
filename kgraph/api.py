"""The library behind the CLI: every command is one call here, usable from a notebook.

Heavy parts (the spaCy pipeline, networkx, the stores) are imported inside the calls that
use them, so `kgraph --help` and `kgraph query` start fast.

from kgraph.api import build, query
summary = build(["seeds/"])
query("MATCH (e:Entity) RETURN e.name LIMIT 5")
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph import __version__
from kgraph.ingest.encoding import discover, printable
from kgraph.safeio import run_in_child
from kgraph.store.base import QueryResult, StoreError
from kgraph.workspace import DEFAULT_DIR, Generation, State, Workspace

if TYPE_CHECKING:  # the pipeline, the graph and the stores load when a command needs them
    import networkx as nx

    from kgraph.jobs import Outcome
    from kgraph.model import DocumentExtraction

Progress = Callable[[str], None]


class InputError(ValueError):
    """Nothing to work on (no input file at all, a missing path): one line, nothing written."""


def check_inputs(paths: Iterable[str | Path], rules_file: str | Path | None = None) -> list[Path]:
    """The files to read; InputError when there is none at all, RulesFileError for a bad
    rules file. Called before anything is written."""
    from kgraph.extract.rules_file import UserRules

    UserRules.load(rules_file)
    found = discover([Path(p) for p in paths])
    if not found.files:
        raise InputError("nothing to import: " + "; ".join(found.problems or found.skipped or ["no paths given"]))
    return found.files


@dataclass
class ExtractRun:
    """What extract_files did: the extractions (by resolved path), errors (files not read),
    warnings (files read with a repair, files of kinds not read) and how many documents ran
    through the pipeline rather than coming from the cache."""

    results: list[tuple[str, DocumentExtraction]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extracted: int = 0


@dataclass
class BuildSummary:
    files: int = 0
    documents: int = 0
    articles: int = 0
    extracted: int = 0  # documents run through the pipeline this time (others came from cache)
    entities: Counter = field(default_factory=Counter)
    derived: Counter = field(default_factory=Counter)  # entities named only inside longer names
    edges: Counter = field(default_factory=Counter)
    removed: list[str] = field(default_factory=list)  # files retracted by remove()
    refreshed: int = 0  # documents already in the graph, redone because the pipeline changed
    by_difference: bool = False  # the graph was changed by what the files changed, not rebuilt
    reread: int = 0  # documents already in the graph whose cached extraction that change read
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    store: str = ""
    html: str = ""


def pipeline_fingerprint(rules_file: str | Path | None = None) -> str:
    """Changes whenever anything that shapes extraction changes: the ingest and extract
    code, word lists, pipeline config, model and user rules."""
    from kgraph.extract.ner import default_model_path

    h = hashlib.sha256(__version__.encode())
    data = resources.files("kgraph.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".txt")):
        h.update(data.joinpath(name).read_bytes())
    h.update(resources.files("kgraph.extract").joinpath("pipeline.cfg").read_bytes())
    package = Path(__file__).parent
    for source in sorted([*package.glob("ingest/*.py"), *package.glob("extract/**/*.py"), package / "model.py"]):
        h.update(source.read_bytes())
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
    fingerprint: str | None = None,
    workers: int = 1,
) -> ExtractRun:
    """Read and extract every file under paths (``workers`` processes at a time; the result
    is the same with one).

    With a workspace, unchanged documents come from its cache and new ones are cached.
    A file that cannot be read, or whose extraction fails, is named in ``errors`` and the
    others go on; a full or read-only disk stops the run (OSError).
    """
    run = ExtractRun()
    for out in iter_extractions(paths, rules_file, workspace, progress, fingerprint, workers, run):
        if out.extraction is not None:
            run.results.append((str(out.path.resolve()), out.extraction))
    return run


def iter_extractions(
    paths: Iterable[str | Path],
    rules_file: str | Path | None = None,
    workspace: Workspace | None = None,
    progress: Progress | None = None,
    fingerprint: str | None = None,
    workers: int = 1,
    run: ExtractRun | None = None,
    finish: Callable[[DocumentExtraction], Any] | None = None,
) -> Iterator[Outcome]:
    """The files' outcomes one at a time, in order (for output that streams: memory holds
    one document, not the corpus). Errors, warnings and counts are added to ``run``.
    ``finish``: made of each extraction in the worker process (``Outcome.product``)."""
    from kgraph.extract.rules_file import UserRules
    from kgraph.jobs import extract_in_order

    UserRules.load(rules_file)  # a bad rules file is one error before any file is read
    run = run if run is not None else ExtractRun()
    found = discover([Path(p) for p in paths])
    run.errors += found.problems
    run.warnings += found.skipped
    if workspace and fingerprint is None:
        fingerprint = pipeline_fingerprint(rules_file)
    for out in extract_in_order(found.files, rules_file, workspace, fingerprint, workers, progress, finish):
        run.warnings += out.warnings
        if out.error:
            run.errors.append(out.error)
        elif not out.cached:
            run.extracted += 1
        yield out


def explain(
    path: str | Path | None = None, text: str | None = None, name: str | None = None, rules_file: str | Path | None = None
) -> list[dict]:
    """Why each name in a file (or a text) was found, changed or dropped: every candidate in
    reading order with its span, type, proposer, the steps that touched it (rule id, reason
    code) and the final decision. ``name`` keeps the candidates that overlap where it occurs."""
    from kgraph.extract import load_pipeline
    from kgraph.extract.explain import explain_document
    from kgraph.ingest import document_articles, ingest_file
    from kgraph.model import Document

    if (path is None) == (text is None):
        raise ValueError("give a file or a text, not both")
    if text is not None:
        doc = Document("text", "-e", "utf-8", text)
        articles = document_articles(doc)
    else:
        doc, articles = ingest_file(Path(path))
    found = explain_document(load_pipeline(rules_file), doc, articles, name)
    return [{"article": a.index + 1, "title": a.title, "candidates": [c.as_dict() for c in a.candidates]} for a in found]


def build(
    paths: Iterable[str | Path],
    data_dir: str | Path = DEFAULT_DIR,
    rules_file: str | Path | None = None,
    neo4j_uri: str | None = None,
    html: bool = True,
    window: str | None = None,
    progress: Progress | None = None,
    mode: str = "auto",
    workers: int = 1,
    ray: str | None = None,
) -> BuildSummary:
    """Import files into the workspace's graph (idempotent and incremental) and write it out.

    ``window`` changes the co-mention window for the whole graph (default: as before);
    ``mode`` picks the embedded store's write path: "copy" (bulk load into a fresh file),
    "merge" (apply the difference in one transaction) or "auto" (copy first, then merge);
    ``workers`` extraction processes run at a time (the graph is the same with one);
    ``ray``: extract on a Ray cluster first ("local" starts one on this machine, else an
    address such as "auto" or "ray://host:10001"), then assemble from the cache.
    """
    check_inputs(paths, rules_file)
    ws = Workspace(data_dir)
    summary = BuildSummary()
    with ws.writing() as gen:
        fingerprint = pipeline_fingerprint(rules_file)
        state = ws.state()
        before = dict(state.files)
        on_ray = 0
        if ray:
            from kgraph.distributed import extract_on_ray

            # errors are reported by the pass below, which tries a failed file once more here
            on_ray, _, _ = extract_on_ray(list(paths), ws, fingerprint, rules_file, None if ray == "local" else ray, progress)
            progress = None
        run = extract_files(paths, rules_file, ws, progress, fingerprint, workers)
        summary.errors, summary.warnings, summary.extracted = run.errors, run.warnings, run.extracted + on_ray
        summary.files = len(run.results)
        extractions = {}
        for path, ex in run.results:
            state.files[path] = ex.document.id
            extractions[ex.document.id] = ex
        if _unchanged(ws, state, before, fingerprint, window, html, neo4j_uri):
            from kgraph.store.ladybug_store import LadybugStore

            store = LadybugStore(ws.db_path)  # a repeat import: the committed graph stands
            try:
                _count_stored(store.counts(), summary)
            finally:
                store.close()
            summary.store, summary.html = str(ws.root / "graph.lbug"), str(ws.root / "graph.html") if html else ""
            return summary
        by_difference = state.pipeline == fingerprint and (window or state.window) == state.window
        state.pipeline = fingerprint
        state.window = window or state.window
        with _without_cycle_collection():
            if not (by_difference and _change_by_difference(gen, state, before, extractions, summary, html, mode, neo4j_uri, fingerprint)):
                _complete(ws, state, extractions, summary, rules_file, fingerprint, workers)
                _number_new_documents(state)
                in_graph = [extractions[d] for d in sorted(set(state.files.values())) if d in extractions]
                _write(_full_graph(in_graph, gen, state), gen, neo4j_uri, summary, html, mode)
        gen.save_state(state)
        gen.commit()
    return summary


def _number_new_documents(state: State) -> None:
    """Record the import that first added each document new to the graph."""
    new_docs = sorted(set(state.files.values()) - set(state.imported))
    if new_docs:
        state.imports += 1
        state.imported.update({d: state.imports for d in new_docs})


def _full_graph(in_graph: list[DocumentExtraction], gen: Generation, state: State) -> nx.MultiDiGraph:
    """The whole graph from every document's extraction, and its index for the next import."""
    from kgraph.graph.delta import full_graph
    from kgraph.graph.index import GraphIndex

    gen.index_path.unlink(missing_ok=True)
    index = GraphIndex(gen.index_path)
    try:
        return full_graph(in_graph, index, window=state.window, imported=state.imported)
    finally:
        index.close()


BY_DIFFERENCE_SHARE = 0.25  # at most this share of the archive's documents changed: by difference


def _change_by_difference(
    gen: Generation,
    state: State,
    before: dict[str, str],
    extractions: dict[str, DocumentExtraction],
    summary: BuildSummary,
    html: bool,
    mode: str,
    neo4j_uri: str | None,
    fingerprint: str | None = None,
) -> bool:
    """Change the committed graph by what the documents that came or went make different
    (kgraph.graph.delta), into this generation. False, with nothing written, when this import
    has to build the whole graph instead: a bulk copy was asked for, Neo4j is written too, the
    committed generation has no index or no store to start from, the manifest and the index
    disagree, a file's document is shared or renamed, a document it needs is not in the cache,
    or more than a quarter of the documents changed (a large change is rebuilt and bulk-copied,
    as every import was before)."""
    from kgraph.graph.delta import graph_delta
    from kgraph.graph.index import GraphIndex
    from kgraph.store import neo4j_settings
    from kgraph.store.ladybug_store import LadybugStore

    old_docs, new_docs = set(before.values()), set(state.files.values())
    added, removed = new_docs - old_docs, old_docs - new_docs
    if (
        mode == "copy"
        or neo4j_settings(neo4j_uri)
        or not (added or removed)
        or len(added) + len(removed) > BY_DIFFERENCE_SHARE * max(len(new_docs), len(old_docs))
        or not _one_path_each(before, state.files)
        or not gen.start_from_previous_index()
    ):
        return False
    index = GraphIndex(gen.index_path)
    try:
        delta = None
        if index.usable_for(state.window) and index.documents() == old_docs:
            _number_new_documents(state)
            paths = {d: p for p, d in state.files.items()}

            def load(d: str) -> DocumentExtraction | None:
                ex = gen.workspace.load_extraction(d, fingerprint) if fingerprint else gen.workspace.cached(d)[1]
                return _at(ex, paths[d]) if d in paths else ex  # a document that goes: only its counts are read

            committed = LadybugStore(gen.previous_store()) if gen.previous_store() else None
            try:
                delta = graph_delta(
                    index,
                    [extractions[d] for d in sorted(added)],
                    removed,
                    load,
                    state.window,
                    state.imported,
                    stored=committed.rows_of if committed else None,
                )
            finally:
                if committed:
                    committed.close()
    finally:
        index.close()
    if delta is None or not gen.start_from_previous_store():
        gen.index_path.unlink(missing_ok=True)
        return False
    _write_delta(delta, gen, summary, html)
    summary.by_difference, summary.reread = True, delta.documents_read
    return True


def _one_path_each(before: dict[str, str], after: dict[str, str]) -> bool:
    """Does every document come from one file, the same one before and after?"""
    paths_before = {d: p for p, d in before.items()}
    paths_after = {d: p for p, d in after.items()}
    return (
        len(paths_before) == len(before)
        and len(paths_after) == len(after)
        and all(paths_after[d] == p for d, p in paths_before.items() if d in paths_after)
    )


def _write_delta(delta: Any, gen: Generation, summary: BuildSummary, html: bool) -> None:
    """Apply the difference to this generation's copy of the committed store (in a child
    process, as every store write), then draw the view from the store."""
    from kgraph.store.ladybug_store import LadybugStore
    from kgraph.viz.html import render_html

    def apply() -> None:
        local = LadybugStore(gen.db_path)
        try:
            local.apply(delta)
        finally:
            local.close()

    run_in_child(apply)
    summary.store = str(gen.workspace.root / "graph.lbug")
    store = LadybugStore(gen.db_path)
    try:
        counts = store.counts()
        graph = store.read_graph() if html else None  # the view shows (and searches) every entity
    finally:
        store.close()
    _count_stored(counts, summary)
    if graph is not None:
        render_html(graph, gen.html_path)
        summary.html = str(gen.workspace.root / "graph.html")


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Assembling the graph from every cached extraction (or laying out a whole stored
    graph) makes millions of small objects and no reference cycles worth collecting; the
    cyclic collector's repeated full passes over that growing heap were a third of adding
    one page to 5,000 documents. Garbage is still freed by reference counting; the
    collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _unchanged(
    ws: Workspace, state: State, before: dict[str, str], fingerprint: str, window: str | None, html: bool, neo4j_uri: str | None
) -> bool:
    """Would this import write exactly the committed graph? The same files with the same
    bytes, all extracted by this pipeline (the manifest records which), the same window,
    and the committed generation has what was asked for, in the store schema of this
    version (a store an older kgraph wrote is rebuilt)."""
    from kgraph.store import neo4j_settings
    from kgraph.store.ladybug_store import LadybugStore

    current = ws.current()
    return (
        state.files == before
        and state.pipeline == fingerprint
        and (window or state.window) == state.window
        and current is not None
        and (current / "graph.lbug").is_file()
        and (not html or (current / "graph.html").is_file())
        and not neo4j_settings(neo4j_uri)
        and LadybugStore(current / "graph.lbug").has_current_schema()
    )


def _complete(
    ws: Workspace,
    state: State,
    extractions: dict[str, DocumentExtraction],
    summary: BuildSummary,
    rules_file: str | Path | None = None,
    fingerprint: str | None = None,
    workers: int = 1,
) -> None:
    """Add the extraction of every other document in the manifest, from the cache. One whose
    cache entry is missing or damaged — or, given the pipeline's fingerprint, was made by an
    older pipeline — is extracted again from its file; one with neither cache nor file is
    dropped from the manifest with a warning, so manifest and store always agree."""
    redo = []
    for path, doc_id in list(state.files.items()):
        if doc_id in extractions:
            continue
        made_by, ex = ws.cached(doc_id)
        if ex is not None:
            extractions[doc_id] = _at(ex, path)
        if (ex is None or (fingerprint is not None and made_by != fingerprint)) and Path(path).exists():
            redo.append(path)
        elif ex is None:
            del state.files[path]
            summary.warnings.append(f"{printable(path)}: its cached extraction is gone and so is the file; dropped from the graph")
    if not redo:
        return
    again = extract_files(redo, rules_file, ws, fingerprint=fingerprint, workers=workers)
    summary.errors += again.errors
    summary.warnings += again.warnings
    summary.refreshed += again.extracted
    done = set()
    for path, ex in again.results:
        state.files[path] = ex.document.id
        extractions[ex.document.id] = ex
        done.add(path)
    for path in redo:  # could not be read again: out of the graph, its error said above
        if path not in done and state.files.get(path) not in extractions:
            state.files.pop(path, None)


def _at(ex: DocumentExtraction | None, path: str) -> DocumentExtraction | None:
    """A cached extraction as the document at ``path`` in the manifest: the cache keeps the
    path the bytes were first read from, which may be another file with the same bytes."""
    if ex is not None and str(Path(ex.document.path).resolve()) != path:
        ex.document.path = printable(path)
    return ex


def remove(
    paths: Iterable[str | Path], data_dir: str | Path = DEFAULT_DIR, neo4j_uri: str | None = None, html: bool = True, mode: str = "auto"
) -> BuildSummary:
    """Retract files from the graph; their contribution (mentions, weights, evidence) goes.
    ``mode`` as for build: "copy" rebuilds the whole graph and store."""
    ws = Workspace(data_dir)
    summary = BuildSummary()
    with ws.writing() as gen:
        state = ws.state()
        targets = sorted({str(Path(p).resolve()) for p in paths})

        def under(f: str, t: str) -> bool:  # the file itself, or a file in that folder
            return f == t or f.startswith(t.rstrip("/") + "/")

        summary.errors = [f"{t}: not in the graph" for t in targets if not any(under(f, t) for f in state.files)]
        summary.removed = sorted(f for f in state.files if any(under(f, t) for t in targets))
        before = dict(state.files)
        state.files = {f: d for f, d in state.files.items() if not any(under(f, t) for t in targets)}
        extractions: dict[str, DocumentExtraction] = {}
        with _without_cycle_collection():
            if not _change_by_difference(gen, state, before, extractions, summary, html, mode, neo4j_uri):
                _complete(ws, state, extractions, summary)
                in_graph = [extractions[d] for d in sorted(set(state.files.values()))]
                _write(_full_graph(in_graph, gen, state), gen, neo4j_uri, summary, html, mode)
        gen.save_state(state)
        gen.commit()
    return summary


def _write(graph: nx.MultiDiGraph, gen: Generation, neo4j_uri: str | None, summary: BuildSummary, html: bool, mode: str) -> None:
    """Write the graph into the new generation: the embedded store (changed from a copy of
    the committed one, or loaded fresh), Neo4j when asked, and the HTML view."""
    from kgraph.store import neo4j_settings, open_store
    from kgraph.store.ladybug_store import LadybugStore
    from kgraph.viz.html import render_html

    if mode != "copy" and not gen.start_from_previous_store():
        mode = "copy"  # nothing committed to change by difference

    def write_embedded() -> None:
        local = LadybugStore(gen.db_path)
        try:
            local.write(graph, mode=mode)
        finally:
            local.close()

    if neo4j_settings(neo4j_uri):
        store = open_store(gen.db_path, neo4j_uri)
        try:
            store.write(graph, mode=mode)
        finally:
            store.close()
        summary.store = f"neo4j ({neo4j_uri or 'NEO4J_URI'})"
    else:
        summary.store = str(gen.workspace.root / "graph.lbug")
    # the embedded store always (with Neo4j too, so viz and query work offline), in a child
    # process: the engine aborts its process when the disk fills, and this one must say so
    run_in_child(write_embedded)
    _count(graph, summary)
    if html:
        render_html(graph, gen.html_path)
        summary.html = str(gen.workspace.root / "graph.html")


def _count(graph: nx.MultiDiGraph, summary: BuildSummary) -> None:
    for _, d in graph.nodes(data=True):
        if d["kind"] == "Entity":
            (summary.derived if d.get("derived") else summary.entities)[d["type"]] += 1
        elif d["kind"] == "Document":
            summary.documents += 1
        elif d["kind"] == "Article":
            summary.articles += 1
    for _, _, d in graph.edges(data=True):
        summary.edges[d["type"]] += 1


def _count_stored(counts: dict[str, Any], summary: BuildSummary) -> None:
    """The summary's counts from LadybugStore.counts(): what _count gives for the same graph."""
    for (kind, derived), n in counts["entities"].items():
        (summary.derived if derived else summary.entities)[kind] += n
    summary.documents, summary.articles = counts["Document"], counts["Article"]
    summary.edges.update({k: n for k, n in counts["edges"].items() if n})


def _require_import(data_dir: str | Path) -> None:
    ws = Workspace(data_dir)
    if not ws.manifest():
        raise StoreError(f"{ws.root}: nothing imported yet; run `kgraph build PATH` first")


def load_graph(data_dir: str | Path = DEFAULT_DIR) -> nx.MultiDiGraph:
    """The workspace's graph, read from its embedded store (what the last import wrote)."""
    from kgraph.store.ladybug_store import LadybugStore

    store = LadybugStore(Workspace(data_dir).db_path)
    try:
        return store.read_graph()
    finally:
        store.close()


def viz(data_dir: str | Path = DEFAULT_DIR, output: str | Path | None = None, **view: Any) -> dict:
    from kgraph.viz.html import render_html

    _require_import(data_dir)
    with _without_cycle_collection():
        return render_html(load_graph(data_dir), output or Workspace(data_dir).html_path, **view)


def query(
    cypher: str,
    params: dict[str, Any] | None = None,
    data_dir: str | Path = DEFAULT_DIR,
    neo4j_uri: str | None = None,
    allow_files: bool = False,
) -> QueryResult:
    """Run a read-only Cypher query on the store. Clauses that write, or that read or write
    files (unless ``allow_files``), and parameters that do not match the query are refused
    (QueryRefused) before the store is opened."""
    from kgraph.store import open_store
    from kgraph.store.guard import check_query

    check_query(cypher, params, allow_files)
    store = open_store(Workspace(data_dir).db_path, neo4j_uri)
    try:
        result = store.query(cypher, params)
        if any(_is_evidence(v) for row in result.rows for v in row):
            paths = dict(store.query("MATCH (d:Document) RETURN d.id, d.path").rows)
            result.rows = [[_readable_evidence(v, paths) if _is_evidence(v) else v for v in row] for row in result.rows]
        return result
    finally:
        store.close()


def _is_evidence(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(x, str) and x.startswith("{") and '"sentence"' in x for x in value)


def _readable_evidence(items: list[str], paths: dict[str, str]) -> list[dict]:
    """Evidence items as objects, sentence first, with the source file's path."""
    out = []
    for raw in items:
        ev = json.loads(raw)
        out.append({"sentence": ev.get("sentence", ""), "file": paths.get(ev.get("doc"), ev.get("doc")), "date": ev.get("date", ""), **ev})
    return out


def export(fmt: str, output: str | Path, data_dir: str | Path = DEFAULT_DIR) -> list[Path]:
    """Write the workspace's graph as graphml, gexf, jsonl or neo4j-admin CSVs."""
    from kgraph.export import export_graph

    out = Path(output)
    if fmt == "neo4j-admin":
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out}: is a file; neo4j-admin export writes a folder of CSV files")
    elif out.is_dir():
        raise ExportError(f"{out}: is a folder; give a file name, e.g. {out / ('graph.' + fmt)}")
    elif not out.parent.is_dir():
        raise ExportError(f"{out.parent}: no such folder (create it first)")
    _require_import(data_dir)
    return export_graph(load_graph(data_dir), fmt, output)


class ExportError(ValueError):
    """An output path that cannot be written; one line, nothing written."""


class NotFound(KeyError):
    """No entity by that name; carries suggestions (names and aliases that contain it)."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(name)
        self.name, self.suggestions = name, suggestions

    def __str__(self) -> str:
        hint = f"; did you mean {'、'.join(self.suggestions)}?" if self.suggestions else ""
        return f"no entity named {self.name!r}{hint}"


def show(name: str, data_dir: str | Path = DEFAULT_DIR, limit: int = 10) -> dict:
    """One entity: type, aliases, counts, its relations (with titles) and its mentions in
    context (sentence, file, date), from the workspace. NotFound lists near names."""
    from kgraph.graph.cards import entity_card, named, suggestions

    _require_import(data_dir)
    ws = Workspace(data_dir)
    g = load_graph(data_dir)
    hits = named(g.nodes(data=True), name)
    if not hits:
        raise NotFound(name, suggestions(g.nodes(data=True), name))
    n = max(hits, key=lambda x: g.nodes[x].get("mentions", 0))
    mentions = []
    extractions: dict[str, DocumentExtraction | None] = {}  # only the documents that mention it
    for article, _, e in sorted(g.in_edges(n, data=True), key=lambda t: t[0]):
        if e["type"] != "MENTIONS":
            continue
        art = g.nodes[article]
        doc = g.nodes[art["doc_id"]]
        if art["doc_id"] not in extractions:
            extractions[art["doc_id"]] = ws.load_extraction(art["doc_id"])
        ex = extractions[art["doc_id"]]
        sentences = next((a.sentences for a in ex.articles if a.id == article), []) if ex else []
        for at in e.get("offsets", []):
            sent = next((s for s in sentences if s.start <= at < s.end), None)
            context = sent.text if sent else (art.get("byline") or art.get("title") or "")
            mentions.append(
                {
                    "sentence": context,
                    "file": doc["path"],
                    "title": art.get("title", ""),
                    "date": doc.get("date", ""),
                    "page": sent.page if sent else 0,
                }
            )
    return {
        **entity_card(g, n),
        "in_context": mentions[:limit],
        "more_mentions": max(0, len(mentions) - limit),
        "other_matches": [_told_apart(g, x) for x in hits if x != n],
    }


def _told_apart(g: nx.MultiDiGraph, eid: str) -> str:
    """An entity's name with what tells it from others so named: its type and its one file,
    or how many files name it (the 县委 of one county's report is not another's)."""
    d = g.nodes[eid]
    docs = sorted({g.nodes[a]["doc_id"] for a, _, e in g.in_edges(eid, data=True) if e["type"] == "MENTIONS"})
    where = g.nodes[docs[0]]["path"] if len(docs) == 1 else f"{len(docs)} files"
    return f"{d['name']} [{d['type']}] ({where})"


def stats(data_dir: str | Path = DEFAULT_DIR, top: int = 10) -> dict:
    """A summary of the graph: documents, articles, entities per type (derived apart), edges
    per type, and the entities with the most co-mention weight."""
    from collections import defaultdict

    _require_import(data_dir)
    g = load_graph(data_dir)
    kinds: Counter = Counter(d.get("kind") for _, d in g.nodes(data=True))
    entities: Counter = Counter()
    derived: Counter = Counter()
    for _, d in g.nodes(data=True):
        if d.get("kind") == "Entity":
            (derived if d.get("derived") else entities)[d["type"]] += 1
    edges: Counter = Counter(d["type"] for _, _, d in g.edges(data=True))
    strength: dict[str, int] = defaultdict(int)
    for a, b, d in g.edges(data=True):
        if d["type"] == "CO_MENTIONED":
            strength[a] += d.get("weight", 1)
            strength[b] += d.get("weight", 1)
    ranked = sorted(strength, key=lambda n: (-strength[n], g.nodes[n]["name"]))[:top]
    return {
        "documents": kinds.get("Document", 0),
        "articles": kinds.get("Article", 0),
        "entities": dict(sorted(entities.items())),
        "derived": dict(sorted(derived.items())),
        "edges": dict(sorted(edges.items())),
        "top": [{"name": g.nodes[n]["name"], "type": g.nodes[n]["type"], "strength": strength[n]} for n in ranked],
    }


ALIAS_TABLE = """
MATCH (e:Entity)
WHERE size(e.aliases) > 0 AND ($type = '' OR e.type = $type)
RETURN e.name AS name, e.type AS type, e.aliases AS aliases, e.documents AS documents
ORDER BY type, name
"""


def aliases(entity_type: str = "", data_dir: str | Path = DEFAULT_DIR, neo4j_uri: str | None = None) -> QueryResult:
    """Every entity known under more than one name (declared aliases, short forms,
    width/script variants), with its other names."""
    return query(ALIAS_TABLE, {"type": entity_type}, data_dir, neo4j_uri)
