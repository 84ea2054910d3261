"""Writing files so that a kill or a full disk never leaves half of one, and saying why a
write failed in one line.

Every file kgraph writes goes to a temporary name in the same folder, is flushed to disk,
and is renamed over the target (atomic on POSIX): a reader sees the old file or the new,
never a truncated one.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path

TMP_SUFFIX = ".tmp"

# the OSErrors that are the machine's state, not a bug: each gets one line
_PLAIN = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EFBIG: "a file would grow over the size the system allows (ulimit -f, or the file system's limit)",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted (an immutable or protected file?)",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENAMETOOLONG: "the path is longer than the system allows",
    errno.EEXIST: "something is already there",
    errno.EIO: "an input/output error (failing disk?)",
}


def plain_os_error(e: OSError) -> str:
    """An OSError as a short reason a user can act on."""
    return _PLAIN.get(e.errno or -1, e.strerror or str(e))


def reason(e: BaseException) -> str | None:
    """Why the machine failed, in words a user can act on; None when ``e`` is not the
    machine's doing (a bug, a bad input). The embedded store and SQLite (the graph index)
    report disk trouble as text."""
    if isinstance(e, OSError):
        return plain_os_error(e) if e.errno in _PLAIN else None
    text = str(e).lower()
    if "no space left" in text or "disk full" in text or "disk is full" in text:
        return "the disk is full"
    if "disk i/o error" in text:
        return "the graph index could not be written to disk (is the disk full?)"
    if "readonly database" in text:
        return "the file system is read-only"
    if "io exception" in text:  # the engine cannot read back what it wrote: almost always a full disk
        return "the store could not be written to disk (is the disk full?)"
    if "read-only file system" in text:
        return "the file system is read-only"
    if "permission denied" in text:
        return "permission denied"
    return None


def is_environmental(e: BaseException) -> bool:
    """An error that comes from the disk or the permissions, not from kgraph."""
    return reason(e) is not None


def tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")


def atomic_write(path: str | Path, data: str | bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` all at once (a temporary file renamed over it). A
    target that is not a regular file (a device, a FIFO) is written to directly."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if path.exists() and not path.is_file():
        with open(path, "wb") as f:
            f.write(payload)
        return
    tmp = tmp_name(path)
    try:
        with open(tmp, "wb") as f:
            f.write(payload)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def fsync_path(path: Path) -> None:
    """Flush a file or a folder (its entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_tmp(folder: Path) -> int:
    """Delete temporary files that killed writers left behind (call only under the lock)."""
    n = 0
    if folder.is_dir():
        for f in folder.glob(f".*{TMP_SUFFIX}"):
            f.unlink(missing_ok=True)
            n += 1
    return n


class ChildCrashed(RuntimeError):
    """Native code died in the child (an abort, a signal); the message is its last words."""


def run_in_child(fn: Callable[[], None]) -> None:
    """Run ``fn`` in a forked child and wait for it. An exception there is raised here; a
    crash of native code (the embedded store aborts the process when the disk fills up)
    becomes ChildCrashed with its message instead of ending this process. The child dies
    with its parent, so a killed import leaves no writer behind."""
    import gc
    import pickle
    import signal
    import tempfile

    with tempfile.TemporaryFile() as errlog:
        r, w = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 0
            # a collection in the child would walk, and so copy, the parent's whole heap
            gc.disable()
            try:
                os.close(r)
                in_forked_child(parent)
                os.dup2(errlog.fileno(), 2)
                fn()
            except BaseException as e:
                code = 1
                try:
                    payload = pickle.dumps(e)
                except Exception:
                    payload = pickle.dumps(RuntimeError(f"{type(e).__name__}: {e}"))
                with os.fdopen(w, "wb") as out:
                    out.write(payload)
            os._exit(code)
        os.close(w)
        with os.fdopen(r, "rb") as inp:
            payload = inp.read()
        _, status = os.waitpid(pid, 0)
        if payload:
            raise pickle.loads(payload)
        if os.waitstatus_to_exitcode(status) != 0:
            errlog.seek(0)
            lines = [ln.strip() for ln in errlog.read().decode("utf-8", "replace").splitlines() if ln.strip()]
            why = next((ln for ln in reversed(lines) if "exception" in ln.lower() or "error" in ln.lower()), lines[-1] if lines else "")
            sig = -os.waitstatus_to_exitcode(status)
            name = signal.Signals(sig).name if sig > 0 else f"exit {os.waitstatus_to_exitcode(status)}"
            raise ChildCrashed(f"the store writer died ({name}): {why}" if why else f"the store writer died ({name})")


PARENT_ONLY_FDS: set[int] = set()  # descriptors a forked child must not keep (the writer's lock)


def in_forked_child(parent: int) -> None:
    """Call first thing in a forked child: it dies with its parent ``parent`` (Linux), and
    closes the parent's lock, so that a child outliving a killed import can never keep the
    workspace locked."""
    for fd in list(PARENT_ONLY_FDS):
        with contextlib.suppress(OSError):
            os.close(fd)
    PARENT_ONLY_FDS.clear()
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above: nothing to do here
        os._exit(1)
