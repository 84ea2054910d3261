"""PDF and .docx input: pages typeset here from invented stories, read back with their layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdf_stories import BRIDGE, CANTEEN, CLINIC, FARM, QUADRANTS, first_page, second_page, side_by_side_page, titles_below_page
from pdfmaker import StoryLayout, make_pdf, make_scanned_pdf

from kgraph.api import extract_files
from kgraph.cli import main
from kgraph.ingest import IngestError, discover, ingest_file
from kgraph.ingest.layout import Block, TextLine, classify, page_stories, to_blocks


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf") / "paper.pdf", [first_page(), second_page()])


def _body(s: StoryLayout) -> list[str]:
    return list(s.paragraphs)


def test_articles_come_out_exactly(paper: Path) -> None:
    doc, articles = ingest_file(paper)
    assert doc.encoding == "pdf"
    got = [(a.title, a.byline.people if a.byline else [], a.body.split("\n")) for a in articles]
    canteen_body = [*CANTEEN.paragraphs[:-1], CANTEEN.paragraphs[-1].removesuffix("（记者 林溪）")]
    bridge_body = [BRIDGE.paragraphs[0].removeprefix("本报江州讯（记者 杜若飞）"), BRIDGE.paragraphs[1]]
    assert got == [
        (FARM.title, ["孟书言"], _body(FARM)),  # three columns, paragraphs running across them
        (f"{CLINIC.kicker} {CLINIC.title}", ["苏晓岚", "韩立"], [*_body(CLINIC), CLINIC.caption]),  # kicker, byline block, caption
        (CANTEEN.title, ["林溪"], canteen_body),  # title printed below its text, byline in brackets at the end
        (BRIDGE.title, ["杜若飞"], bridge_body),  # page 2, a news lead
    ]
    # a long organization name wrapped at a line end comes out whole
    assert "青禾县现代农业产业园区农机专业合作社联合会" in articles[0].body


def test_pages_and_boxes_kept(paper: Path) -> None:
    doc, articles = ingest_file(paper)
    assert [a.sentences[0].page for a in articles] == [1, 1, 1, 2]
    for a in articles:
        for s in a.sentences:
            x0, top, x1, bottom = s.box
            assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 842
            # the sentence's characters are the ones printed in its boxes
            assert s.text.replace(" ", "") in "".join(doc.text[b.start : b.end] for b in doc.boxes_in(s.start, s.end))
    clinic = articles[1]
    assert clinic.sentences[0].box[0] == pytest.approx(CLINIC.x, abs=0.5)
    assert doc.page_at(articles[3].sentences[0].start) == 2


def test_headlines_below_and_side_by_side(tmp_path: Path) -> None:
    _, articles = ingest_file(make_pdf(tmp_path / "grid.pdf", [side_by_side_page(), titles_below_page()]))
    got = [(a.sentences[0].page, a.title, a.body.split("\n")) for a in articles]
    by_title = {s.title: list(s.paragraphs) for s in QUADRANTS}
    side = [(1, s.title, by_title[s.title]) for s in QUADRANTS[:3]]
    # the grid is read column by column: left column top and bottom, then the right one
    below = [(2, QUADRANTS[k].title, by_title[QUADRANTS[k].title]) for k in (0, 2, 1, 3)]
    assert got == side + below


def test_extraction_same_as_clean_text(paper: Path, tmp_path: Path) -> None:
    """The stories as clean text and as a PDF page give the same entities."""
    # a clean text page: title, byline and paragraphs each a paragraph of their own
    text = "\n\n".join(part for s in (FARM, CLINIC, CANTEEN, BRIDGE) for part in (s.title, s.byline, *s.paragraphs, s.caption) if part)
    clean = tmp_path / "clean.txt"
    clean.write_text(text, encoding="utf-8")
    run = extract_files([paper, clean])
    results, errors = run.results, run.errors
    assert errors == []
    found = [{(m.label, m.text) for m in ex.mentions} for _, ex in results]
    # everything the clean text gives, the PDF gives; the PDF also knows the canteen story's
    # headline by its size, so its closing byline (记者 林溪) is not lost to the story before,
    # as it is when the text path reads that headline as a section head
    assert found[1] <= found[0]
    assert found[0] - found[1] == {("PERSON", "林溪")}
    assert ("ORG", "青禾县现代农业产业园区农机专业合作社联合会") in found[0]
    pdf_mentions = results[0][1].mentions
    assert {m.page for m in pdf_mentions} == {1, 2}
    farm = next(m for m in pdf_mentions if m.text.startswith("青禾县现代农业"))
    assert farm.box[0] < farm.box[2] and farm.box[1] < farm.box[3]  # the box of the wrapped name spans its two lines
    assert farm.box[3] - farm.box[1] > 20
    assert all(m.page == 0 and m.box is None for m in results[1][1].mentions)


def test_scanned_encrypted_and_damaged_pdfs(tmp_path: Path, paper: Path) -> None:
    scanned = make_scanned_pdf(tmp_path / "scan.pdf")
    locked = make_pdf(tmp_path / "locked.pdf", [second_page()], encrypt="secret")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(paper.read_bytes()[:2000])
    with pytest.raises(IngestError, match=r"scan\.pdf: no text layer \(.*needs OCR"):
        ingest_file(scanned)
    with pytest.raises(IngestError, match=r"locked\.pdf: encrypted PDF"):
        ingest_file(locked)
    with pytest.raises(IngestError, match=r"cut\.pdf: damaged PDF"):
        ingest_file(cut)


def test_folder_of_pdfs_imports_the_good_ones(tmp_path: Path, paper: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "good.pdf").write_bytes(paper.read_bytes())
    make_scanned_pdf(folder / "scan.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really")
    assert len(discover([folder]).files) == 3
    ws = tmp_path / "ws"
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(folder), "--data-dir", str(ws), "--no-html"])
    assert first.exit_code == 1
    assert "scan.pdf: no text layer" in first.output and "broken.pdf: damaged PDF" in first.output
    assert "Traceback" not in first.output
    manifest = json.loads((ws / "manifest.json").read_text())
    assert [Path(p).name for p in manifest["files"]] == ["good.pdf"]
    store = runner.invoke(main, ["query", "-e", "MATCH (d:Document) RETURN d.encoding, d.chars", "--format", "json", "--data-dir", str(ws)])
    assert json.loads(store.output)[0]["d.encoding"] == "pdf"
    # a second import takes the PDF from the cache and changes nothing
    again = runner.invoke(main, ["build", str(folder / "good.pdf"), "--data-dir", str(ws), "--no-html"])
    assert again.exit_code == 0, again.output
    assert "extracted now: 0, from cache: 1" in again.output


def test_evidence_names_the_page(tmp_path: Path, paper: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(paper), "--data-dir", str(ws), "--no-html"]).exit_code == 0
    out = runner.invoke(
        main, ["query", "-e", "MATCH (a:Entity)-[r:CO_MENTIONED]->(b:Entity) RETURN r.evidence", "--format", "json", "--data-dir", str(ws)]
    )
    items = [json.loads(e) if isinstance(e, str) else e for row in json.loads(out.output) for e in row["r.evidence"]]
    assert items and {it["page"] for it in items} == {1, 2}


def test_ingest_command_shows_pdf_articles(paper: Path) -> None:
    out = CliRunner().invoke(main, ["ingest", str(paper)])
    assert out.exit_code == 0, out.output
    assert "4 articles" in out.output and FARM.title in out.output and "page 2" in out.output


def test_docx_articles(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for s in (FARM, BRIDGE):
        d.add_heading(s.title, level=1)
        if s.byline:
            d.add_paragraph(s.byline)
        for k, p in enumerate(s.paragraphs):
            if k == 1:
                d.add_heading("现场直击", level=2)  # a section head stays in the body
            d.add_paragraph(p)
    path = tmp_path / "paper.docx"
    d.save(str(path))
    doc, articles = ingest_file(path)
    assert doc.encoding == "docx" and doc.boxes == []
    assert [a.title for a in articles] == [FARM.title, BRIDGE.title]
    assert articles[0].byline.people == ["孟书言"]
    assert articles[0].body.split("\n") == [FARM.paragraphs[0], "现场直击", *FARM.paragraphs[1:]]
    assert articles[1].byline.people == ["杜若飞"]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(IngestError, match=r"broken\.docx: damaged \.docx"):
        ingest_file(broken)


def _line(text: str, x0: float, top: float, size: float = 10.0, width: float | None = None) -> TextLine:
    return TextLine(text, 1, x0, top, x0 + (width or size * len(text)), top + size, size)


def test_blocks_kinds_and_titles_below_by_proximity() -> None:
    """Unit: lines → blocks by column and spacing; a headline closer to the text above it
    than to the text below closes that text."""
    lines = [
        _line("甲" * 20, 40, 100),
        _line("乙" * 20, 40, 114),
        _line("标题在下面的文章", 40, 132, size=18),
        _line("丙" * 20, 40, 190),
        _line("丁" * 20, 40, 204),
        _line("另一篇的标题", 40, 222, size=18),
    ]
    blocks = to_blocks(lines)
    assert [len(b.lines) for b in blocks] == [2, 1, 2, 1]
    classify(blocks, 10.0)
    assert [b.kind for b in blocks] == ["body", "head", "body", "head"]
    stories = page_stories(lines, 10.0)
    assert [[b.text[:1] for b in s.blocks] for s in stories] == [["甲", "标"], ["丙", "另"]]


def test_caption_and_byline_kinds() -> None:
    blocks = [
        Block([_line("本报记者 某某某", 40, 100)]),
        Block([_line("图为某地新建的桥梁。", 40, 300, size=8)]),
        Block([_line("这是正文的一句话，写得很长很长很长。", 40, 400)]),
    ]
    classify(blocks, 10.0)
    assert [b.kind for b in blocks] == ["byline", "caption", "body"]
