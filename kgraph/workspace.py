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
from pathlib import Path

from kgraph.model import DocumentExtraction
from kgraph.serialize import from_json, to_json
from kgraph.store.base import StoreError

DEFAULT_DIR = "kgraph-data"


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
    def manifest(self) -> dict[str, str]:
        if not self.manifest_path.exists():
            return {}
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))["files"]

    def save_manifest(self, files: dict[str, str]) -> None:
        _atomic_write(self.manifest_path, json.dumps({"files": dict(sorted(files.items()))}, ensure_ascii=False, indent=1))

    # --- extraction cache ----------------------------------------------------------
    def load_extraction(self, doc_id: str, fingerprint: str) -> DocumentExtraction | None:
        p = self.extraction_path(doc_id)
        if not p.exists():
            return None
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # a damaged cache entry is simply redone
        if data.get("pipeline") != fingerprint:
            return None
        return from_json(data["extraction"])

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
