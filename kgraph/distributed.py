"""Extraction beyond one machine, on Ray (`pip install -e '.[ray]'`).

Extraction is per document, so the files of an import can be extracted as Ray tasks on a
cluster: each task receives a file's bytes (no shared file system needed), runs the same
ingest and pipeline as a local import, and returns the extraction, which lands in the
workspace's cache under the same pipeline fingerprint. `kgraph build` then assembles the
graph from the cache as always — the graph is the same as a local build's (tested on a local
Ray instance). The store side beyond one machine is Neo4j (the neo4j-admin export).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kgraph.ingest.encoding import IngestError, discover, printable

_PIPELINES: dict[str, Any] = {}  # in each Ray worker: rules text hash → loaded pipeline


def _extract_task(name: str, raw: bytes, rules_text: str | None) -> tuple[str, Any, list[str]]:
    """On a Ray worker: ("ok", extraction as JSON, warnings) or ("error", message, [])."""
    import tempfile

    from kgraph.extract import load_pipeline
    from kgraph.jobs import extract_bytes
    from kgraph.serialize import to_json

    key = hashlib.sha256((rules_text or "").encode()).hexdigest()
    if key not in _PIPELINES:
        if rules_text is None:
            _PIPELINES[key] = load_pipeline()
        else:  # the rules travel as text: the worker need not see the client's files
            with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as f:
                f.write(rules_text)
            _PIPELINES[key] = load_pipeline(f.name)
    out = extract_bytes(_PIPELINES[key], Path(name), raw)
    if out.extraction is None:
        return "error", out.error, []
    return "ok", to_json(out.extraction), out.warnings


def extract_on_ray(
    paths: list[str | Path],
    workspace: Any,
    fingerprint: str,
    rules_file: str | Path | None = None,
    address: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[int, list[str], list[str]]:
    """Extract the files not in the cache as Ray tasks and cache the results. Returns
    (documents extracted, errors, warnings). ``address``: a cluster ("ray://host:10001" or
    "auto"); None starts a local Ray instance for this call."""
    try:
        import ray
    except ImportError as e:
        raise RuntimeError("Ray is not installed: pip install -e '.[ray]'") from e
    from kgraph.ingest import read_raw
    from kgraph.jobs import split_cached
    from kgraph.serialize import from_json

    found = discover([Path(p) for p in paths])
    errors, warnings = list(found.problems), list(found.skipped)
    todo = []
    for f, known in zip(found.files, split_cached(found.files, workspace, fingerprint), strict=True):
        if known is None:
            todo.append(f)
        else:
            errors += [known.error] if known.error else []
            if progress:
                progress(printable(f))
    if not todo:
        return 0, errors, warnings
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        rules_text = Path(rules_file).read_text(encoding="utf-8") if rules_file else None
        task = ray.remote(_extract_task)
        pending = {}
        for f in todo:
            try:
                pending[task.remote(printable(f), read_raw(f), rules_text)] = f
            except IngestError as e:  # changed or gone since it was looked up
                errors.append(str(e))
        done = 0
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            f = pending.pop(ready[0])
            status, payload, notes = ray.get(ready[0])
            warnings += notes
            if status == "ok":
                workspace.save_extraction(from_json(payload), fingerprint)
                done += 1
            else:
                errors.append(payload)
            if progress:
                progress(printable(f))
        return done, errors, warnings
    finally:
        if started:
            ray.shutdown()
