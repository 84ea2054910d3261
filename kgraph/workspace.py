"""The folder where kgraph keeps one corpus: cached extractions, the store and the HTML.

    kgraph-data/
      manifest.json          which files are in the graph (path → document id)
      extractions/ID.json    what kgraph learned from each document (reused while unchanged)
      graph.lbug             the embedded graph database
      graph.html             the interactive view
      .lock                  held by the one process that writes

Because the graph is always rebuilt from the cached extractions of the files in the
manifest, importing A then B gives exactly the graph of importing A∪B, re-importing
changes nothing, and removing a file retracts its contribution.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.model import DocumentExtraction
from kgraph.serialize import from_json, to_json
from kgraph.store.base import StoreError

DEFAULT_DIR = "kgraph-data"


@dataclass
class State:
    """What is in the graph and how it is built."""

    files: dict[str, str] = field(default_factory=dict)  # path → document id
    window: str = "sentence"  # co-mention window the graph was built with
    imports: int = 0  # imports that added documents so far
    imported: dict[str, int] = field(default_factory=dict)  # document id → the import that first added it


class Workspace:
    def __init__(self, root: str | Path = DEFAULT_DIR) -> None:
        self.root = Path(root)

    @property
    def db_path(self) -> Path:
        return self.root / "graph.lbug"

    @property
    def html_path(self) -> Path:
        return self.root / "graph.html"

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def extraction_path(self, doc_id: str) -> Path:
        return self.root / "extractions" / f"{doc_id}.json"

    # --- manifest ------------------------------------------------------------------
    def state(self) -> State:
        if not self.manifest_path.exists():
            return State()
        data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        return State(data["files"], data.get("window", "sentence"), data.get("imports", 0), data.get("imported", {}))

    def save_state(self, state: State) -> None:
        data = {
            "files": dict(sorted(state.files.items())),
            "window": state.window,
            "imports": state.imports,
            "imported": dict(sorted(state.imported.items())),
        }
        _atomic_write(self.manifest_path, json.dumps(data, ensure_ascii=False, indent=1))

    def manifest(self) -> dict[str, str]:
        return self.state().files

    # --- extraction cache ----------------------------------------------------------
    def cached(self, doc_id: str) -> tuple[str | None, DocumentExtraction | None]:
        """(fingerprint of the pipeline that made it, the cached extraction); Nones if absent."""
        p = self.extraction_path(doc_id)
        if not p.exists():
            return None, None
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            return data.get("pipeline"), from_json(data["extraction"])
        except (OSError, ValueError, KeyError, TypeError):
            return None, None  # a damaged cache entry is simply redone

    def load_extraction(self, doc_id: str, fingerprint: str | None = None) -> DocumentExtraction | None:
        """The cached extraction; with a fingerprint, only one made by that pipeline."""
        made_by, ex = self.cached(doc_id)
        return None if fingerprint is not None and made_by != fingerprint else ex

    def extractions(self, files: dict[str, str] | None = None) -> list[DocumentExtraction]:
        """What the graph is built from: the cached extraction of every imported document."""
        files = self.manifest() if files is None else files
        found = (self.load_extraction(d) for d in sorted(set(files.values())))
        return [e for e in found if e is not None]

    def save_extraction(self, ex: DocumentExtraction, fingerprint: str) -> None:
        payload = {"pipeline": fingerprint, "extraction": to_json(ex)}
        _atomic_write(self.extraction_path(ex.document.id), json.dumps(payload, ensure_ascii=False))

    # --- the one-writer lock -------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        lock = self.root / ".lock"
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
                raise StoreError(
                    f"{self.root}: another kgraph process (pid {holder}) is writing to this store; wait for it to finish and run again"
                ) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
