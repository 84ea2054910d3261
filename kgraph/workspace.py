"""The folder where kgraph keeps one corpus, and the one way it changes: all at once.

    kgraph-data/
      current -> gen-000007   the committed generation (a symlink, switched atomically)
      gen-000007/             manifest.json, graph.lbug, graph.html, index.sqlite of the last import
      gen-000006/             the one before, kept for readers that opened it just before
      graph.lbug, graph.html, manifest.json -> current/…   stable names for people and tools
      extractions/ID.json     what kgraph learned from each document (content-addressed cache)
      .lock                   held by the one process that writes

An import (or a removal) writes a whole new generation beside the current one — the store
is copied and changed there, or bulk-loaded fresh — and commits by renaming one symlink.
A kill, a full disk or an error at any moment before that rename leaves the previous
generation current and untouched; the half-written one is deleted by the next writer.
Readers open the current generation's files, which no writer ever changes, so they see
the old graph or the new one and never a store being written. Cache entries are keyed by
the file's bytes and written atomically, so one left by a killed import is simply reused.

An import changes the graph by the difference its files make (kgraph.graph.delta) or
rebuilds it from the cached extractions of the files in the manifest; either way importing
A then B gives exactly the graph of importing A∪B, re-importing changes nothing, and
removing a file retracts its contribution.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.model import DocumentExtraction
from kgraph.safeio import PARENT_ONLY_FDS, ChildCrashed, atomic_write, fsync_path, plain_os_error, reason, remove_stale_tmp, tmp_name
from kgraph.serialize import from_json, to_json
from kgraph.store.base import StoreError

DEFAULT_DIR = "kgraph-data"
FILES = ("manifest.json", "graph.lbug", "graph.html")  # what a generation holds, linked at the top
INDEX = "index.sqlite"  # and the graph's index, for the import that follows (kgraph.graph.index)
_GEN = re.compile(r"gen-(\d{6})$")


class WorkspaceError(StoreError):
    """The workspace cannot be read or written (permissions, a full disk, a damaged
    manifest): one line, and the previous workspace is kept."""


@dataclass
class State:
    """What is in the graph and how it is built."""

    files: dict[str, str] = field(default_factory=dict)  # path → document id
    window: str = "sentence"  # co-mention window the graph was built with
    imports: int = 0  # imports that added documents so far
    imported: dict[str, int] = field(default_factory=dict)  # document id → the import that first added it
    pipeline: str = ""  # fingerprint of the pipeline every document in the graph was extracted by


class Workspace:
    def __init__(self, root: str | Path = DEFAULT_DIR) -> None:
        self.root = Path(root)

    # --- the committed generation -------------------------------------------------
    def current(self) -> Path | None:
        """The folder of the committed generation; the root itself for a workspace written
        by kgraph before generations; None when nothing was imported."""
        link = self.root / "current"
        if link.is_symlink() or link.is_dir():
            return link.resolve()
        if (self.root / "manifest.json").is_file():
            return self.root
        return None

    @property
    def db_path(self) -> Path:
        return (self.current() or self.root) / "graph.lbug"

    @property
    def html_path(self) -> Path:
        return (self.current() or self.root) / "graph.html"

    @property
    def manifest_path(self) -> Path:
        return (self.current() or self.root) / "manifest.json"

    def extraction_path(self, doc_id: str) -> Path:
        return self.root / "extractions" / f"{doc_id}.json"

    # --- manifest ------------------------------------------------------------------
    def state(self) -> State:
        path = self.manifest_path
        try:
            if not path.exists():
                return State()
            data = json.loads(path.read_text(encoding="utf-8"))
            state = State(
                data["files"], data.get("window", "sentence"), data.get("imports", 0), data.get("imported", {}), data.get("pipeline", "")
            )
        except OSError as e:
            raise WorkspaceError(f"{path}: cannot read the manifest ({plain_os_error(e)})") from e
        except (ValueError, KeyError, TypeError) as e:
            raise WorkspaceError(
                f"{path}: the manifest is damaged ({type(e).__name__}); the workspace cannot be trusted: "
                f"build into a new --data-dir (the extraction cache in {self.root / 'extractions'} can be copied over)"
            ) from e
        if not (isinstance(state.files, dict) and isinstance(state.imported, dict) and isinstance(state.imports, int)):
            raise WorkspaceError(f"{path}: the manifest is damaged (wrong shape); build into a new --data-dir")
        return state

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

    def save_extraction(self, ex: DocumentExtraction, fingerprint: str) -> None:
        payload = {"pipeline": fingerprint, "extraction": to_json(ex)}
        path = self.extraction_path(ex.document.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(payload, ensure_ascii=False), durable=False)  # a cache: redone if lost

    # --- writing: one writer, one generation, one commit --------------------------
    @contextmanager
    def writing(self) -> Iterator[Generation]:
        """Hold the writer's lock and give a fresh generation to fill; it becomes current
        only by ``commit()``. Anything that goes wrong before leaves the old one current."""
        with self._locked():
            self._clean()
            gen = Generation(self, self.root / f"gen-{self._next_number():06d}", self.current())
            try:
                gen.dir.mkdir()
            except OSError as e:
                raise WorkspaceError(f"{gen.dir}: cannot write to the workspace ({plain_os_error(e)})") from e
            try:
                yield gen
            except BaseException as e:
                if not gen.committed:
                    shutil.rmtree(gen.dir, ignore_errors=True)
                if isinstance(e, ChildCrashed) and reason(e) is None:
                    raise WorkspaceError(f"{self.root}: {e}; nothing was changed, the previous graph is kept") from e
                why = reason(e)
                if why is not None and not isinstance(e, StoreError):
                    raise WorkspaceError(f"{self.root}: {why}; nothing was changed, the previous graph is kept") from e
                raise
            if not gen.committed:
                shutil.rmtree(gen.dir, ignore_errors=True)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        lock = self.root / ".lock"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            where = lock if self.root.is_dir() else self.root
            raise WorkspaceError(f"{where}: cannot write to this workspace ({plain_os_error(e)}); nothing was changed") from e
        PARENT_ONLY_FDS.add(fd)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
                raise StoreError(
                    f"{self.root}: another kgraph process (pid {holder}) is writing to this store; wait for it to finish and run again"
                ) from None
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode(), 0)
            except OSError:
                pass  # the pid is only a courtesy to the user who finds the store busy
            yield
        finally:
            PARENT_ONLY_FDS.discard(fd)
            os.close(fd)

    def generations(self) -> list[tuple[int, Path]]:
        """The generation folders, as resolved paths: what ``current()`` gives is compared
        with them, and a relative workspace (the default ``kgraph-data``) must not make the
        committed generation look like another one, to be cleaned away."""
        found = ((_GEN.match(p.name), p) for p in self.root.iterdir()) if self.root.is_dir() else iter(())
        return sorted((int(m.group(1)), p.resolve()) for m, p in found if m)

    def _next_number(self) -> int:
        gens = self.generations()
        return gens[-1][0] + 1 if gens else 1

    def _clean(self) -> None:
        """Under the lock: drop what killed writers left (uncommitted generations, temporary
        files) and generations older than the one before the current."""
        current = self.current()
        keep = {current}
        older = [p for _, p in self.generations() if current is not None and p != current and _number(p) < _number(current)]
        if older:
            keep.add(older[-1])
        for _, p in self.generations():
            if p not in keep:
                shutil.rmtree(p, ignore_errors=True)
        for folder in (self.root, self.root / "extractions", *(p for p in keep if p)):
            remove_stale_tmp(folder)
        for leftover in self.root.glob(".kgraph-import-*"):
            shutil.rmtree(leftover, ignore_errors=True)


@dataclass
class Generation:
    """One import's output, written beside the committed one; current after ``commit()``."""

    workspace: Workspace
    dir: Path
    previous: Path | None  # the generation that is current while this one is written
    committed: bool = False

    @property
    def db_path(self) -> Path:
        return self.dir / "graph.lbug"

    @property
    def html_path(self) -> Path:
        return self.dir / "graph.html"

    @property
    def index_path(self) -> Path:
        return self.dir / INDEX

    def start_from_previous_index(self) -> bool:
        """Copy the committed generation's graph index here; False when it has none."""
        src = self.previous / INDEX if self.previous else None
        if src is None or not src.is_file():
            return False
        shutil.copyfile(src, self.index_path)
        return True

    def previous_store(self) -> Path | None:
        """The committed store file, when there is one to start from."""
        p = self.previous / "graph.lbug" if self.previous else None
        return p if p is not None and p.is_file() else None

    def start_from_previous_store(self) -> bool:
        """Copy the committed store here so it can be changed by difference; False when there
        is none, or it has an unfinished log beside it (it is then rebuilt, not copied)."""
        src = self.previous_store()
        if src is None or Path(f"{src}.wal").exists():
            return False
        shutil.copyfile(src, self.db_path)
        return True

    def save_state(self, state: State) -> None:
        data = {
            "files": dict(sorted(state.files.items())),
            "window": state.window,
            "imports": state.imports,
            "imported": dict(sorted(state.imported.items())),
            "pipeline": state.pipeline,
        }
        # ASCII escapes: a file name that is not valid UTF-8 still round-trips
        atomic_write(self.dir / "manifest.json", json.dumps(data, indent=1))

    def commit(self) -> None:
        """Make this generation current: flush its files, then switch the one symlink."""
        if Path(f"{self.db_path}.wal").exists():
            raise WorkspaceError(f"{self.db_path}: the store did not finish writing; nothing was changed, the previous graph is kept")
        for name in (*FILES, INDEX):
            if (self.dir / name).is_file():
                fsync_path(self.dir / name)
        fsync_path(self.dir)
        root = self.workspace.root
        _replace_symlink(root / "current", self.dir.name)
        fsync_path(root)
        self.committed = True
        # the stable names; a kill here is harmless: they are fixed by the next commit
        for name in FILES:
            link = root / name
            if not link.is_symlink():
                _replace_symlink(link, f"current/{name}")
        Path(root / "graph.lbug.wal").unlink(missing_ok=True)  # from a store written before generations
        self.workspace._clean()


def _replace_symlink(link: Path, target: str) -> None:
    tmp = tmp_name(link)
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _number(p: Path) -> int:
    m = _GEN.match(p.name)
    return int(m.group(1)) if m else 0
