"""Read files as text: detect the encoding, refuse binaries, strip HTML to text."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".html", ".htm"}
LAYOUT_SUFFIXES = {".pdf", ".docx"}  # read with their layout, not decoded as text
INPUT_SUFFIXES = TEXT_SUFFIXES | LAYOUT_SUFFIXES
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class IngestError(Exception):
    """A file that cannot be read as text; the message names the file and the reason."""


def document_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def decode(raw: bytes, path: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings). UTF-8 is tried first, then BOMs, UTF-16 without a
    BOM, then the detector. UTF-8 with a few broken bytes (a page cut mid-character, CESU
    surrogates) is kept with U+FFFD in their place and a warning, not refused."""
    if not raw.strip():
        raise IngestError(f"{path}: empty file")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return raw.decode(enc, errors="replace"), enc, []
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if raw.startswith(b"%PDF-"):
        raise IngestError(f"{path}: a PDF named as a text file; rename it to .pdf to read it with its layout")
    if raw.startswith(b"PK\x03\x04"):
        raise IngestError(f"{path}: a zip archive (a .docx?), not text; a Word file must be named .docx to be read")
    mostly = _mostly_utf8(raw)
    if mostly is not None:
        text, bad = mostly
        return text, "utf-8", [f"{path}: {bad} byte(s) that are not valid UTF-8 were replaced with \ufffd"]
    if b"\x00" in raw[:4096]:
        utf16 = _utf16_without_bom(raw)
        if utf16 is not None:
            return utf16
        raise IngestError(f"{path}: binary file, not text (kgraph reads .txt/.md/.html, text-layer .pdf and .docx)")
    from charset_normalizer import from_bytes  # only files that are not UTF-8 need it

    best = from_bytes(raw).best()
    if best is None:
        mixed = _line_by_line(raw)
        if mixed is not None:
            text, n = mixed
            return (
                text,
                "utf-8+gb18030",
                [f"{path}: {n} line(s) in GB18030 among UTF-8 lines (a file pasted together); each line decoded as it is"],
            )
        raise IngestError(f"{path}: cannot detect a text encoding (binary file?)")
    enc = best.encoding
    # GBK/GB2312 detections are decoded as their superset GB18030, which never loses characters.
    if enc.replace("_", "").lower() in {"gbk", "gb2312", "cp936", "hz"}:
        enc = "gb18030"
    text = raw.decode(enc, errors="replace")
    if _control_ratio(text) > 0.05:
        raise IngestError(f"{path}: binary file, not text")
    return text, enc, []


def _mostly_utf8(raw: bytes) -> tuple[str, int] | None:
    """(text, bytes replaced) when ``raw`` is UTF-8 with a little damage: valid multi-byte
    characters far outnumber the broken sequences (a GB18030 page has almost none valid)."""
    text = raw.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - raw.count("\ufffd".encode())
    bad = len(raw) - (len(text.encode("utf-8")) - 3 * replaced)
    valid_wide = sum(1 for c in text if ord(c) > 0x7F) - text.count("\ufffd")
    broken_runs = len(re.findall("\ufffd+", text)) - raw.count("\ufffd".encode())  # one per damaged place
    if replaced and valid_wide >= 20 * broken_runs and bad <= max(16, len(raw) // 100):
        return text, bad
    return None


def _line_by_line(raw: bytes) -> tuple[str, int] | None:
    """A file put together from UTF-8 and GB18030 pieces: each line in whichever of the two
    reads it strictly (None when a line reads in neither, or the result is not text)."""
    out, gb = [], 0
    for line in raw.splitlines(keepends=True):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                out.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                return None
            gb += 1
    text = "".join(out)
    return (text, gb) if gb and _control_ratio(text) <= 0.05 else None


def _utf16_without_bom(raw: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 text with no byte-order mark: the byte order whose reading is text (CJK,
    ASCII, punctuation, whitespace); binary read as UTF-16 is a third CJK at best."""
    even = raw[: len(raw) - len(raw) % 2]
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = even.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _texty(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None or best[0] < 0.9:
        return None
    return best[1], best[2], []


def _texty(text: str) -> float:
    sample = text[:4096]

    def ok(c: str) -> bool:
        o = ord(c)
        return 0x20 <= o < 0x7F or c in "\r\n\t" or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF

    return sum(map(ok, sample)) / max(1, len(sample))


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\r\n\t\f")
    return bad / max(1, len(sample))


def printable(path: str | Path) -> str:
    """A path as text that can be written anywhere: bytes of a file name that are not UTF-8
    become \\xNN escapes (Python keeps them as lone surrogates, which no encoder takes)."""
    return os.fsencode(str(path)).decode("utf-8", errors="backslashreplace")


def max_file_bytes() -> int:
    """The largest input file read (KGRAPH_MAX_FILE_MB, default 200 MB): a limit, so that a
    link to an endless device or a stray disk image cannot exhaust memory."""
    return int(float(os.environ.get("KGRAPH_MAX_FILE_MB", "200")) * 2**20)


# kinds users keep beside their pages that kgraph does not read: named, not silently passed over
UNSUPPORTED = {
    **dict.fromkeys((".doc", ".wps", ".rtf", ".odt"), "a word-processor format kgraph does not read; save it as .docx"),
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".bmp", ".webp"), "an image; a scanned page needs OCR first"),
    **dict.fromkeys((".zip", ".rar", ".7z", ".gz", ".tar", ".bz2", ".xz"), "an archive; unpack it first"),
    **dict.fromkeys((".xls", ".xlsx", ".ppt", ".pptx", ".csv", ".json", ".xml"), "not a page of text kgraph reads"),
    **dict.fromkeys((".caj", ".epub", ".mobi", ".djvu"), "an e-book format kgraph does not read; convert it to PDF or text"),
}


@dataclass
class Discovered:
    files: list[Path] = field(default_factory=list)  # regular files to read, in order
    problems: list[str] = field(default_factory=list)  # inputs that cannot be read: errors
    skipped: list[str] = field(default_factory=list)  # files of kinds kgraph does not read: named


def discover(paths: list[Path]) -> Discovered:
    """Files to read under the given paths (folders recursively, links to folders not
    followed). Only regular files are read: a FIFO, a device or a dangling link is a problem
    named with its reason, as is a file over the size limit or a path the system cannot
    open; nothing here blocks or reads without limit."""
    out = Discovered()
    for p in paths:
        try:
            is_dir, exists = p.is_dir(), os.path.lexists(p)
        except OSError as e:
            out.problems.append(f"{printable(p)}: cannot use this path ({e.strerror or e})")
            continue
        if is_dir:  # a folder named on the command line is read even through a link
            before = len(out.files)
            _walk(p, out)
            if len(out.files) == before and not any(x.startswith(printable(p)) for x in out.problems):
                out.problems.append(f"{printable(p)}: no .txt/.md/.html/.pdf/.docx files in this folder")
        elif exists:
            problem = check_file(p)
            if problem:
                out.problems.append(problem)
            else:
                out.files.append(p)
        else:
            out.problems.append(f"{printable(p)}: no such file or folder")
    return out


def _walk(root: Path, out: Discovered) -> None:
    def failed(e: OSError) -> None:
        where = printable(e.filename or root)
        if len(where) > 200:
            where = f"{where[:90]}…{where[-90:]} ({len(where)} characters)"
        out.problems.append(f"{where}: cannot list this folder ({e.strerror or e}); files under it were not read")

    for folder, dirs, names in os.walk(root, onerror=failed):
        dirs.sort()
        for d in dirs:
            if os.path.islink(os.path.join(folder, d)):
                out.skipped.append(f"{printable(os.path.join(folder, d))}: a link to a folder, not followed")
        for name in sorted(names):
            f = Path(folder, name)
            suffix = f.suffix.lower()
            if suffix in INPUT_SUFFIXES:
                problem = check_file(f)
                if problem:
                    out.problems.append(problem)
                else:
                    out.files.append(f)
            elif suffix in UNSUPPORTED:
                out.skipped.append(f"{printable(f)}: skipped, {UNSUPPORTED[suffix]}")


def check_file(f: Path) -> str | None:
    """Why this path cannot be read as an input file, or None when it can."""
    try:
        st = f.stat()  # follows links: what would be read
    except FileNotFoundError:
        return f"{printable(f)}: a link to nothing (dangling symlink)"
    except OSError as e:
        return f"{printable(f)}: cannot read ({e.strerror or e})"
    if stat.S_ISDIR(st.st_mode):
        return f"{printable(f)}: a folder named like a file"
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket"
        return f"{printable(f)}: not a regular file ({kind}); only files are read"
    if st.st_size > max_file_bytes():
        return f"{printable(f)}: {st.st_size / 2**20:.0f} MB is over the {max_file_bytes() / 2**20:.0f} MB limit for one file (KGRAPH_MAX_FILE_MB)"
    return None
