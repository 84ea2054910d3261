"""Fault suite: odd inputs, kills at random moments, a full disk, readers during writes,
ingest fuzzed with generated text. Prints one table (and --json); exit status 1 when a
target is missed.

    python scripts/faults.py            # the full run (about 40 kills; a few minutes)
    python scripts/faults.py --quick    # the small run the test suite does

Targets: every odd input imported or refused with one clear line naming it; every kill
leaves a consistent workspace (store, manifest and HTML of one generation, old or new);
no reader error; no traceback anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
KGRAPH = [sys.executable, "-m", "kgraph.cli"]


@dataclass
class Report:
    inputs_tried: int = 0
    inputs_imported: int = 0
    inputs_refused_clearly: int = 0
    inputs_lost: list[str] = field(default_factory=list)  # neither imported nor named
    good_pages_as_clean_build: bool = False
    kills: int = 0
    kills_consistent: int = 0
    kill_problems: list[str] = field(default_factory=list)
    disk_full_runs: int = 0
    disk_full_clear: int = 0
    disk_full_problems: list[str] = field(default_factory=list)
    disk_full_how: str = ""
    reads: int = 0
    reader_errors: list[str] = field(default_factory=list)
    fuzz_examples: int = 0
    fuzz_failures: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def kgraph(*args: str, env: dict | None = None, preexec=None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*KGRAPH, *args], capture_output=True, text=True, errors="replace", env=env, preexec_fn=preexec, timeout=timeout, cwd=ROOT
    )


def _note_traceback(report: Report, what: str, r: subprocess.CompletedProcess) -> None:
    if "Traceback" in r.stderr or "Traceback" in r.stdout:
        report.tracebacks.append(f"{what}: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else '?'}")


# --- 1. odd inputs ---------------------------------------------------------------------
def odd_inputs(folder: Path, quick: bool) -> dict[str, str]:
    """Write the odd files; returns name → what is expected ("import" or "refuse")."""
    page = SEEDS[0].read_bytes()
    text = page.decode("utf-8")
    kinds: dict[str, str] = {}

    def put(name: str | bytes, data: bytes, expect: str) -> None:
        target = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
        with open(target, "wb") as f:
            f.write(data)
        kinds[os.fsdecode(target)] = expect

    for seed in SEEDS:  # the good pages
        put(seed.name, seed.read_bytes(), "import")
    put("cut_mid_character.txt", page[:-1] if page[-1] >= 0x80 else (text + "中").encode()[:-1], "import")
    put("cesu_surrogates.txt", text.encode() + b"\xed\xa0\xbd\xed\xb8\x80", "import")  # U+1F600 as two encoded surrogates
    put("utf16le_no_bom.txt", text.encode("utf-16-le"), "import")
    put("utf16be_no_bom.txt", text.encode("utf-16-be"), "import")
    put("utf16_bom.txt", text.encode("utf-16"), "import")
    put("gb18030.txt", text.encode("gb18030"), "import")
    put("big5.txt", "臺北市某某區公所今日召開會議，研究部署社區治理工作。\n會議由區長主持。\n".encode("big5"), "import")
    put("crlf.txt", text.replace("\n", "\r\n").encode(), "import")
    put("cr_only.txt", text.replace("\n", "\r").encode(), "import")
    put("nul_inside.txt", (text[:200] + "\x00" + text[200:]).encode(), "import")
    put("control_chars.txt", (text[:100] + "\x07\x1b[0m" + text[100:]).encode(), "import")
    put("one_long_line.txt", (text.replace("\n", "") * (3 if quick else 30)).encode(), "import")
    big = (text + "\n") * (20 if quick else 230)  # about 1.3M characters in the full run
    put("huge_article.txt", big.encode(), "import")
    put("only_punctuation.txt", ("。，、；：？！“”（）《》……——\n" * 20).encode(), "import")
    put("only_digits.txt", ("2024 10 01 123456789\n" * 50).encode(), "import")
    put("emoji.txt", ("某某市某某区志愿者协会🎉组织活动👍，服务群众。\n" * 5).encode(), "import")
    put("traditional.txt", "某某縣人民醫院召開會議，研究部署醫療服務工作。\n".encode(), "import")
    put(
        "script.html",
        b"<html><body><h1>\xe6\xa0\x87\xe9\xa2\x98</h1><script>alert(1)</script><p>" + page[:600] + b"</p></body></html>",
        "import",
    )
    put("unclosed.html", b"<html><body><p>" + page[:600] + b"<div><span>", "import")
    put("notes.md", b"# \xe6\xa0\x87\xe9\xa2\x98\n\n" + page[:900], "import")
    put("bom_utf8.txt", b"\xef\xbb\xbf" + page, "import")
    put("mixed_halves.txt", text[: len(text) // 2].encode() + text[len(text) // 2 :].encode("gb18030"), "import")
    put("zero_width.txt", text.replace("医院", "医\u200b院").encode(), "import")
    put("rtl_combining.txt", ("某某市第一中学 مرحبا e\u0301\u0301 召开会议。\n" * 5).encode(), "import")
    put("名字是中文.txt", page, "import")
    put(b"\xff\xfe_not_utf8_name.txt", page, "import")
    put(".hidden_page.txt", page, "import")
    put("with space and 'quote.txt", page, "import")
    put("empty.txt", b"", "refuse")
    put("whitespace.txt", b" \n\t\n  \r\n", "refuse")
    put("random_bytes.txt", random.Random(7).randbytes(5000), "refuse")
    put("program.txt", Path(sys.executable).resolve().read_bytes()[:20000], "refuse")
    put("pdf_named_txt.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "refuse")
    put("zip_named_txt.txt", b"PK\x03\x04" + bytes(200), "refuse")
    put("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "refuse")
    put("not_a_pdf.pdf", page[:500], "refuse")
    put("damaged.docx", random.Random(3).randbytes(3000), "refuse")
    buf = Path(folder / "empty_zip.docx")
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "no document here")
    kinds[str(buf)] = "refuse"
    _real_docx(folder / "real.docx")
    kinds[str(folder / "real.docx")] = "import"
    try:
        sys.path.insert(0, str(ROOT / "tests"))
        from pdf_stories import first_page
        from pdfmaker import make_pdf, make_scanned_pdf

        make_pdf(folder / "real.pdf", [first_page()])
        kinds[str(folder / "real.pdf")] = "import"
        make_scanned_pdf(folder / "scanned.pdf")
        kinds[str(folder / "scanned.pdf")] = "refuse"
        make_pdf(folder / "encrypted.pdf", [first_page()], encrypt="secret")
        kinds[str(folder / "encrypted.pdf")] = "refuse"
    except ImportError:  # reportlab comes with the test extras
        pass
    os.mkfifo(folder / "fifo.txt")
    kinds[str(folder / "fifo.txt")] = "refuse"
    os.symlink(folder / "fifo.txt", folder / "link_to_fifo.txt")
    kinds[str(folder / "link_to_fifo.txt")] = "refuse"
    os.symlink("/dev/zero", folder / "link_to_dev_zero.txt")
    kinds[str(folder / "link_to_dev_zero.txt")] = "refuse"
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    kinds[str(folder / "dangling.txt")] = "refuse"
    os.symlink(folder / "loop_b.txt", folder / "loop_a.txt")
    os.symlink(folder / "loop_a.txt", folder / "loop_b.txt")
    kinds[str(folder / "loop_a.txt")] = kinds[str(folder / "loop_b.txt")] = "refuse"
    (folder / "folder_named.txt").mkdir()  # a folder is walked whatever its name
    put("folder_named.txt/inside.txt", page, "import")
    put("over_the_size_cap.txt", (text * (1 + 9 * 2**20 // len(page))).encode()[: 9 * 2**20], "refuse")  # KGRAPH_MAX_FILE_MB=8
    deep = folder / "deep"
    cur = os.fsencode(deep)
    os.makedirs(cur, exist_ok=True)
    fd = os.open(cur, os.O_RDONLY)
    for _ in range(30):  # a path longer than PATH_MAX, made relative to each folder
        os.mkdir("d" * 200, dir_fd=fd)
        nfd = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    with open(os.open("too_deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as f:
        f.write(page)
    os.close(fd)
    kinds[str(deep)] = "refuse"
    for name, why in (("old_word.doc", b"\xd0\xcf\x11\xe0"), ("scan.jpg", b"\xff\xd8\xff"), ("pages.zip", b"PK\x03\x04")):
        put(name, why + bytes(100), "refuse")
    return kinds


def _real_docx(path: Path) -> None:
    from docx import Document

    d = Document()
    d.add_heading("某某县举办职业技能大赛", level=1)
    d.add_paragraph("本报讯 某某县总工会近日举办职业技能大赛，来自某某县人民医院等单位的选手参赛。")
    d.save(str(path))


def run_odd_inputs(report: Report, tmp: Path, quick: bool) -> None:
    folder = tmp / "odd"
    folder.mkdir()
    kinds = odd_inputs(folder, quick)
    ws = tmp / "ws-odd"
    env = {**os.environ, "KGRAPH_MAX_FILE_MB": "8"}
    r = kgraph("build", str(folder), "--data-dir", str(ws), "--no-html", env=env)
    if os.environ.get("FAULTS_VERBOSE"):
        print(r.stderr, r.stdout)
    _note_traceback(report, "build of the odd folder", r)
    manifest = json.loads((ws / "manifest.json").read_text()) if (ws / "manifest.json").exists() else {"files": {}}
    imported = {os.path.realpath(p) for p in manifest["files"]}
    said = [ln for ln in r.stderr.splitlines() if ln.startswith(("error:", "warning:"))]
    report.inputs_tried = len(kinds)
    for path in kinds:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        if os.path.realpath(path) in imported or any(os.path.realpath(path) == os.path.realpath(p) for p in imported):
            report.inputs_imported += 1
        elif any(shown in ln or (os.path.basename(shown) in ln) for ln in said):
            report.inputs_refused_clearly += 1
        else:
            report.inputs_lost.append(os.path.basename(shown))
    # the good pages: the same entities as a build of them alone
    clean = tmp / "ws-clean"
    kgraph("build", *map(str, SEEDS), "--data-dir", str(clean), "--no-html")
    report.good_pages_as_clean_build = _seed_entities(clean) == _seed_entities(ws)


def _seed_entities(ws: Path) -> set:
    from kgraph.workspace import Workspace

    ids = {p.name: d for p, d in ((Path(k), v) for k, v in Workspace(ws).manifest().items())}
    wanted = sorted({ids[s.name] for s in SEEDS if s.name in ids})
    out = set()
    for doc_id in wanted:
        ex = Workspace(ws).load_extraction(doc_id)
        out |= {(doc_id, m.text, m.label, m.start) for m in ex.mentions}
    return out


# --- 2. kills ----------------------------------------------------------------------------
def consistent(ws: Path, expected_docs: set[int]) -> str | None:
    """None when the workspace is one whole generation holding one of the expected states."""
    from kgraph import api
    from kgraph.workspace import Workspace

    w = Workspace(ws)
    try:
        files = w.manifest()
        store_docs = {row[0] for row in api.query("MATCH (d:Document) RETURN d.id", data_dir=ws).rows}
    except Exception as e:
        return f"cannot open: {type(e).__name__}: {str(e)[:200]}"
    if set(files.values()) != store_docs:
        return f"manifest ({len(set(files.values()))} documents) and store ({len(store_docs)}) disagree"
    index_path = w.current() / "index.sqlite" if w.current() else None
    if index_path is not None and index_path.exists():  # what the next import changes by difference
        from kgraph.graph.index import GraphIndex

        index = GraphIndex(index_path)
        try:
            if index.documents() != store_docs:
                return f"index ({len(index.documents())} documents) and store ({len(store_docs)}) disagree"
        finally:
            index.close()
    if len(store_docs) not in expected_docs:
        return f"{len(store_docs)} documents, expected one of {sorted(expected_docs)}"
    html = w.html_path
    if html.exists() and not html.read_bytes().rstrip().endswith(b"</html>"):
        return "graph.html is truncated"
    return None


def run_kills(report: Report, tmp: Path, quick: bool) -> None:
    """Alternate imports of all pages and removals of all but one, each SIGKILLed at a random
    moment of its run; after every kill the workspace must be one whole generation, old or new."""
    rng = random.Random(11)
    pages = tmp / "pages"
    pages.mkdir()
    for s in SEEDS:
        shutil.copy(s, pages)
    files = sorted(pages.glob("*.txt"))
    n = len(files)
    per_mode = 3 if quick else 14
    for mode in ("copy", "merge") if quick else ("copy", "merge", "auto"):
        ws = tmp / f"ws-kill-{mode}"
        kgraph("build", str(files[0]), "--data-dir", str(ws), "--mode", mode)
        t0 = time.perf_counter()
        kgraph("build", str(pages), "--data-dir", str(ws), "--mode", mode)
        import_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        kgraph("remove", *map(str, files[1:]), "--data-dir", str(ws))
        remove_s = time.perf_counter() - t0
        docs = 1
        for _ in range(per_mode):
            if docs == 1:  # an import of the other pages, with extraction to do
                shutil.rmtree(ws / "extractions", ignore_errors=True)
                args, delay, what = ["build", str(pages), "--data-dir", str(ws), "--mode", mode], rng.uniform(0.2, import_s), mode
            else:
                args, delay, what = ["remove", *map(str, files[1:]), "--data-dir", str(ws)], rng.uniform(0.2, remove_s), f"remove/{mode}"
            docs = _kill_at(report, ws, args, delay, {1, n}, what)
        _after_kills(report, ws, pages, mode, n)
    # one page out and back in: imports and removals that change the graph by difference
    ws = tmp / "ws-kill-difference"
    kgraph("build", str(pages), "--data-dir", str(ws))
    t0 = time.perf_counter()
    kgraph("remove", str(files[-1]), "--data-dir", str(ws))
    remove_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    kgraph("build", str(files[-1]), "--data-dir", str(ws))
    add_s = time.perf_counter() - t0
    docs = n
    for _ in range(per_mode):
        if docs == n:
            args, delay = ["remove", str(files[-1]), "--data-dir", str(ws)], rng.uniform(0.2, remove_s)
        else:
            args, delay = ["build", str(files[-1]), "--data-dir", str(ws)], rng.uniform(0.2, add_s)
        docs = _kill_at(report, ws, args, delay, {n - 1, n}, f"{args[0]} by difference")
    _after_kills(report, ws, pages, "auto", n)


def _after_kills(report: Report, ws: Path, pages: Path, mode: str, n: int) -> None:
    """The next import after the kills completes and leaves every page in the graph."""
    r = kgraph("build", str(pages), "--data-dir", str(ws), "--mode", mode)
    _note_traceback(report, f"build after kills ({mode})", r)
    problem = consistent(ws, {n})
    if r.returncode != 0 or problem:
        said = " | ".join(ln for ln in r.stderr.splitlines() if ln.startswith(("error", "warning")))
        report.kill_problems.append(f"{mode}: the run after the kills (exit {r.returncode}): {problem or ''} {said}")


def _kill_at(report: Report, ws: Path, args: list[str], delay: float, expected: set[int], what: str) -> int:
    """SIGKILL the command after ``delay`` seconds; check the workspace; its document count."""
    from kgraph.workspace import Workspace

    proc = subprocess.Popen([*KGRAPH, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(0.05)  # the store writer (a child) dies with it
    report.kills += 1
    problem = consistent(ws, expected)
    if problem:
        report.kill_problems.append(f"{what} killed at {delay:.2f}s: {problem}")
        return min(expected)
    report.kills_consistent += 1
    return len(set(Workspace(ws).manifest().values()))


# --- 3. a full disk ----------------------------------------------------------------------
def run_disk_full(report: Report, tmp: Path, quick: bool) -> None:
    levels = [64, 1800] if quick else [16, 64, 200, 600, 1000, 1400, 1800, 2400, 3000, 4000, 6000]
    small = tmp / "small"
    small.mkdir()
    mounted = (
        os.geteuid() == 0
        and not os.environ.get("FAULTS_NO_TMPFS")
        and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(small)], capture_output=True).returncode == 0
    )
    report.disk_full_how = "a 24 MB tmpfs filled to N KB free" if mounted else "ulimit -f (RLIMIT_FSIZE): writes past N KB fail"
    try:
        ws = small / "ws"
        kgraph("build", str(SEEDS[0]), "--data-dir", str(ws))
        for mode in ("copy", "merge", "difference"):
            # copy and merge: all pages onto one; difference: the last page onto the others
            base, pages = (1, SEEDS) if mode != "difference" else (len(SEEDS) - 1, SEEDS[-1:])
            if mode == "difference":
                kgraph("build", *map(str, SEEDS[:-1]), "--data-dir", str(ws))
            for free_kb in levels:
                if not quick:  # the full run fills the disk during extraction too
                    shutil.rmtree(ws / "extractions", ignore_errors=True)
                fill = small / "fill"
                fill.unlink(missing_ok=True)
                preexec = None
                if mounted:
                    avail = shutil.disk_usage(small).free // 1024
                    with open(fill, "wb") as f:
                        os.posix_fallocate(f.fileno(), 0, max(0, avail - free_kb) * 1024)
                else:

                    def preexec(limit: int = free_kb * 1024) -> None:
                        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

                how = ["--mode", mode] if mode != "difference" else []
                r = kgraph("build", *map(str, pages), "--data-dir", str(ws), *how, preexec=preexec)
                fill.unlink(missing_ok=True)
                report.disk_full_runs += 1
                _note_traceback(report, f"disk full ({mode}, {free_kb} KB)", r)
                errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
                problem = consistent(ws, {base} if r.returncode else {len(SEEDS)})
                if (r.returncode == 0 and not problem) or (r.returncode == 2 and len(errors) == 1 and not problem):
                    report.disk_full_clear += 1
                else:
                    report.disk_full_problems.append(f"{mode} {free_kb} KB: exit {r.returncode}, {problem or errors or r.stderr[-200:]}")
                if r.returncode == 0:  # it fitted: back to where the level started
                    kgraph("remove", *map(str, SEEDS[1:] if mode != "difference" else pages), "--data-dir", str(ws))
    finally:
        if mounted:
            subprocess.run(["umount", str(small)], capture_output=True)


# --- 4. readers during writes -----------------------------------------------------------
READER = """
import sys, time
from kgraph import api
ws, stop = sys.argv[1], sys.argv[2]
import os
reads = errors = 0
seen = []
while not os.path.exists(stop):
    try:
        api.query("MATCH (d:Document) RETURN count(d)", data_dir=ws)
        reads += 1
    except Exception as e:
        errors += 1
        seen.append(f"{type(e).__name__}: {str(e)[:160]}")
print(reads, errors)
for s in seen[:5]:
    print(s)
"""


def run_readers(report: Report, tmp: Path, quick: bool) -> None:
    ws = tmp / "ws-readers"
    kgraph("build", str(SEEDS[0]), "--data-dir", str(ws))
    stop = tmp / "stop-readers"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(ws), str(stop)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(1.0)
    for _ in range(1 if quick else 6):
        for mode in ("merge",) if quick else ("merge", "copy"):
            kgraph("build", *map(str, SEEDS), "--data-dir", str(ws), "--mode", mode)
            kgraph("remove", *map(str, SEEDS[1:]), "--data-dir", str(ws))
    stop.touch()
    out = reader.communicate(timeout=60)[0].splitlines()
    reads, errors = map(int, out[0].split())
    report.reads += reads
    report.reader_errors += out[1:] if errors else []


# --- 5. ingest fuzzed --------------------------------------------------------------------
def run_fuzz(report: Report, tmp: Path, quick: bool) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from kgraph.extract import extract_document, load_pipeline
    from kgraph.ingest import IngestError, ingest_file

    nlp = load_pipeline()
    chars = st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from(list("。，、；：？！“”（）《》\n\n \t　—…·0123456789abcXYZ市县区镇村委会局院校公司")),
        st.characters(),
    )
    body = st.one_of(st.text(chars, max_size=1500).map(lambda s: ("utf-8", s)), st.binary(max_size=600).map(lambda b: ("bytes", b)))
    encodings = st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-16-le", "utf-8-sig"])
    path = tmp / "fuzz.txt"

    @settings(max_examples=30 if quick else 300, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(body, encodings)
    def case(item: tuple[str, object], encoding: str) -> None:
        kind, value = item
        try:
            data = value if kind == "bytes" else str(value).encode(encoding)
        except UnicodeEncodeError:
            data = str(value).encode("utf-8", "surrogatepass")
        path.write_bytes(data)
        report.fuzz_examples += 1
        try:
            doc, articles = ingest_file(path)
        except IngestError:
            return
        try:
            ex = extract_document(nlp, doc, articles)
            n = len(doc.text)
            for a in articles:
                assert len(a.offsets) == len(a.body), "offsets and body differ in length"
                assert all(0 <= o < n for o in a.offsets), "an offset outside the text"
            for m in ex.mentions:
                assert 0 <= m.start < m.end <= n, f"mention {m.text} outside the text"
        except Exception as e:
            report.fuzz_failures.append(f"{type(e).__name__}: {str(e)[:120]} on {data[:60]!r}")

    case()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="the small run (a few kills, a few disk levels)")
    ap.add_argument("--json", type=Path, help="also write the report as JSON here")
    ap.add_argument("--only", nargs="*", choices=["inputs", "kills", "disk", "readers", "fuzz"], help="run only these parts")
    args = ap.parse_args()
    report = Report()
    parts = {"inputs": run_odd_inputs, "kills": run_kills, "disk": run_disk_full, "readers": run_readers, "fuzz": run_fuzz}
    with tempfile.TemporaryDirectory(prefix="kgraph-faults-") as tmp:
        for name, fn in parts.items():
            if args.only and name not in args.only:
                continue
            t0 = time.perf_counter()
            folder = Path(tmp) / name
            folder.mkdir()
            fn(report, folder, args.quick)
            report.seconds[name] = round(time.perf_counter() - t0, 1)
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=1))
    return 0 if met(report) else 1


def met(r: Report) -> bool:
    return (
        not r.inputs_lost
        and (r.inputs_tried == 0 or r.good_pages_as_clean_build)
        and r.kills_consistent == r.kills
        and not r.kill_problems
        and r.disk_full_clear == r.disk_full_runs
        and not r.reader_errors
        and not r.fuzz_failures
        and not r.tracebacks
    )


def table(r: Report) -> str:
    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.0f}%" if b else "–"

    rows = [
        (
            "odd inputs: tried / imported / refused with a clear line",
            f"{r.inputs_tried} / {r.inputs_imported} / {r.inputs_refused_clearly}",
            pct(r.inputs_imported + r.inputs_refused_clearly, r.inputs_tried),
            "100%",
        ),
        ("good pages beside them = a clean build", str(r.good_pages_as_clean_build), "", "True"),
        ("kills survived with a consistent workspace", f"{r.kills_consistent} / {r.kills}", pct(r.kills_consistent, r.kills), "100%"),
        (
            f"full disk ({r.disk_full_how}): one line, previous kept",
            f"{r.disk_full_clear} / {r.disk_full_runs}",
            pct(r.disk_full_clear, r.disk_full_runs),
            "100%",
        ),
        ("reader errors during imports", f"{len(r.reader_errors)} in {r.reads} reads", "", "0"),
        ("ingest + extract fuzzed: failures", f"{len(r.fuzz_failures)} in {r.fuzz_examples} examples", "", "0"),
        ("tracebacks", str(len(r.tracebacks)), "", "0"),
    ]
    out = ["| check | result | | target |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    for label, items in (
        ("lost inputs", r.inputs_lost),
        ("kill problems", r.kill_problems),
        ("disk-full problems", r.disk_full_problems),
        ("reader errors", r.reader_errors),
        ("fuzz failures", r.fuzz_failures),
        ("tracebacks", r.tracebacks),
    ):
        for it in items[:10]:
            out.append(f"{label}: {it}")
    out.append("seconds: " + ", ".join(f"{k} {v}" for k, v in r.seconds.items()))
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
