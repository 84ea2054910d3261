"""Running files through ingest and extraction: the cache first, then worker processes.

Extraction is per document, so N files go to N-at-a-time worker processes (forked after the
pipeline is loaded, so each starts with it in memory) and come back in file order: the
output is the same as with one worker. A file that fails only skips itself; a worker that
dies (killed, out of memory) fails the files it held, each named, and the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.ingest.encoding import IngestError, document_id, printable
from kgraph.safeio import in_forked_child, is_environmental

if TYPE_CHECKING:
    from spacy.language import Language

    from kgraph.model import DocumentExtraction
    from kgraph.workspace import Workspace


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass
class Outcome:
    """One file's result: its extraction, or the error that skipped it; ``product``: what
    the run's ``finish`` made of the extraction (in the worker that extracted it)."""

    path: Path
    extraction: DocumentExtraction | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    cached: bool = False
    product: Any = None


_NLP = None  # the pipeline of this process (a worker inherits the parent's)
_FINISH: tuple[Callable[[DocumentExtraction], Any], bool] | None = None  # (finish, keep the extraction)


def _extract_one(path: Path) -> Outcome:
    """Read and extract one file with this process's pipeline, then finish it."""
    from kgraph.ingest import read_raw

    try:
        raw = read_raw(path)
    except IngestError as e:
        return Outcome(path, error=str(e))
    out = extract_bytes(_NLP, path, raw)
    if _FINISH is not None and out.extraction is not None:
        finish, keep = _FINISH
        out.extraction.document.path = printable(path)
        out.product = finish(out.extraction)
        if not keep:  # the product is all the caller wants: less to send back
            out.extraction = None
    return out


def extract_bytes(nlp: Language, path: Path, raw: bytes) -> Outcome:
    """One file's bytes through ingest and the pipeline; an error is returned, never raised
    (except a full disk): a bug in one file must not cost the others their import."""
    from kgraph.extract import extract_document
    from kgraph.ingest import ingest_bytes

    try:
        doc, articles = ingest_bytes(path, raw)
        return Outcome(path, extract_document(nlp, doc, articles), warnings=list(doc.warnings))
    except IngestError as e:
        return Outcome(path, error=str(e))
    except Exception as e:
        if isinstance(e, OSError) and is_environmental(e):
            raise
        return Outcome(
            path, error=f"{printable(path)}: extraction failed ({type(e).__name__}: {e}); the file was skipped, please report this"
        )


def split_cached(files: list[Path], workspace: Workspace | None, fingerprint: str | None) -> list[Outcome | None]:
    """Per file: its Outcome when it needs no extraction (in the cache, made by this
    pipeline, or unreadable), None when it must be extracted. The cache is keyed by the
    file's bytes: a known file is not even decoded or laid out again."""
    from kgraph.ingest import read_raw

    out: list[Outcome | None] = []
    for f in files:
        if workspace is None:
            out.append(None)
            continue
        try:
            ex = workspace.load_extraction(document_id(read_raw(f)), fingerprint)
        except IngestError as e:
            out.append(Outcome(f, error=str(e)))
            continue
        out.append(None if ex is None else Outcome(f, ex, cached=True))
    return out


def extract_in_order(
    files: list[Path],
    rules_file: str | Path | None = None,
    workspace: Workspace | None = None,
    fingerprint: str | None = None,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
    finish: Callable[[DocumentExtraction], Any] | None = None,
) -> Iterator[Outcome]:
    """Yield one Outcome per file, in order, as soon as it and those before it are done.
    With a workspace, a file whose bytes were extracted by this pipeline comes from the
    cache, and new extractions are cached. ``finish`` (a module-level function) turns each
    new extraction into the Outcome's product where it was made, so that the workers share
    that work too; without a workspace the extraction itself then stays there."""
    global _NLP, _FINISH
    known = split_cached(files, workspace, fingerprint)
    cached = {i: out for i, out in enumerate(known) if out is not None}
    todo = [f for f, out in zip(files, known, strict=True) if out is None]
    if todo:  # loaded per run: the rules file may differ from the last one
        from kgraph.extract import load_pipeline

        _NLP = load_pipeline(rules_file)
    _FINISH = (finish, workspace is not None) if finish is not None else None
    done = iter(_run(todo, workers))
    try:
        for i, f in enumerate(files):
            out = cached.get(i) or next(done)
            if out.extraction is not None and not out.cached and workspace is not None:
                workspace.save_extraction(out.extraction, fingerprint or "")
            if out.extraction is not None:
                out.extraction.document.path = printable(f)
            if finish is not None and out.cached and out.extraction is not None:
                out.product = finish(out.extraction)
            if progress:
                progress(printable(f))
            yield out
    finally:
        _NLP = _FINISH = None  # not held between runs: the next run loads its own (its rules may differ)


def _run(todo: list[Path], workers: int) -> Iterator[Outcome]:
    if workers <= 1 or len(todo) < 2:
        yield from map(_extract_one, todo)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork: the workers start with the pipeline the parent just loaded
    pool = ProcessPoolExecutor(
        min(workers, len(todo)), mp_context=multiprocessing.get_context("fork"), initializer=in_forked_child, initargs=(os.getpid(),)
    )
    with pool:
        futures = [pool.submit(_extract_one, f) for f in todo]
        for f, fut in zip(todo, futures, strict=True):
            try:
                yield fut.result()
            except BrokenProcessPool:
                # a worker died and took the pool with it: which file did it is not known, so
                # each file not finished is tried again alone; the one that kills again is named
                yield _alone(f)


def _alone(path: Path) -> Outcome:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("fork"), initializer=in_forked_child, initargs=(os.getpid(),)
    ) as pool:
        try:
            return pool.submit(_extract_one, path).result()
        except BrokenProcessPool:
            return Outcome(path, error=f"{printable(path)}: the process extracting it died (out of memory?); the file was skipped")
