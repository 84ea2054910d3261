"""Read files as text: detect the encoding, refuse binaries, strip HTML to text."""

from __future__ import annotations

import hashlib
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


def decode(raw: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding). UTF-8 is tried first, then BOMs, then the detector."""
    if not raw.strip():
        raise IngestError(f"{path}: empty file")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return raw.decode(enc), enc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if raw.startswith(b"%PDF-"):
        raise IngestError(f"{path}: a PDF named as a text file; rename it to .pdf to read it with its layout")
    if raw.startswith(b"PK\x03\x04"):
        raise IngestError(f"{path}: a zip archive (a .docx?), not text; a Word file must be named .docx to be read")
    if b"\x00" in raw[:4096] and not _looks_utf16(raw):
        raise IngestError(f"{path}: binary file, not text (kgraph reads .txt/.md/.html, text-layer .pdf and .docx)")
    from charset_normalizer import from_bytes  # only files that are not UTF-8 need it

    best = from_bytes(raw).best()
    if best is None:
        raise IngestError(f"{path}: cannot detect a text encoding (binary file?)")
    enc = best.encoding
    # GBK/GB2312 detections are decoded as their superset GB18030, which never loses characters.
    if enc.replace("_", "").lower() in {"gbk", "gb2312", "cp936", "hz"}:
        enc = "gb18030"
    text = raw.decode(enc, errors="strict")
    if _control_ratio(text) > 0.05:
        raise IngestError(f"{path}: binary file, not text")
    return text, enc


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:4096]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\r\n\t\f")
    return bad / max(1, len(sample))


def discover(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to read under the given paths (folders recursively), and problems found."""
    files: list[Path] = []
    problems: list[str] = []
    for p in paths:
        if p.is_dir():
            # a dangling link is listed too, so that it is reported rather than skipped
            found = sorted(f for f in p.rglob("*") if (f.is_file() or f.is_symlink()) and f.suffix.lower() in INPUT_SUFFIXES)
            if not found:
                problems.append(f"{p}: no .txt/.md/.html/.pdf/.docx files in this folder")
            files.extend(found)
        elif p.is_file() or p.is_symlink():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return files, problems
