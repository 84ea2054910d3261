"""Reading files: encodings, bad input, articles and bylines, offsets into the original."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.ingest import IngestError, discover, ingest_file, read_document
from kgraph.ingest.bylines import parse_block_byline, parse_lead, parse_trailing

PAGE = "某某县人民医院召开会议，研究部署工作。\n会议由院长主持。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(tmp_path: Path, encoding: str):
    f = tmp_path / "page.txt"
    f.write_bytes(PAGE.encode(encoding))
    doc = read_document(f)
    assert doc.text.lstrip("\ufeff") == PAGE


def test_document_id_is_the_content_hash(tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PAGE, encoding="utf-8")
    b.write_text(PAGE, encoding="gb18030")
    assert read_document(a).id == read_document(a).id
    assert read_document(a).id != read_document(b).id  # different bytes, different document


def test_binary_and_empty_files_are_refused_with_the_file_named(tmp_path: Path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"   \n")
    for f in (binary, empty):
        with pytest.raises(IngestError, match=str(f)):
            read_document(f)


def test_empty_folder_is_reported(tmp_path: Path):
    found = discover([tmp_path])
    assert found.files == [] and "no .txt/.md/.html/.pdf/.docx files" in found.problems[0]


def test_html_text_keeps_offsets_into_the_source(tmp_path: Path):
    f = tmp_path / "p.html"
    src = "<html><body><h1>标题</h1><p>某某市第一人民医院&amp;某某大学召开会议。</p><script>var x='<b>';</script></body></html>"
    f.write_text(src, encoding="utf-8")
    _doc, articles = ingest_file(f)
    body = articles[0].body
    assert "var x" not in body and "某某市第一人民医院&某某大学" in body
    i = body.index("某某大学")
    start = articles[0].offsets[i]
    assert src[start : start + 4] == "某某大学"


@pytest.mark.parametrize(
    ("text", "people", "org", "title"),
    [
        ("□李明", ["李明"], "", ""),
        ("■某某市第二人民医院 李明", ["李明"], "某某市第二人民医院", ""),
        ("□某某大学附属医院党委书记 王芳", ["王芳"], "某某大学附属医院", "党委书记"),
        ("□ 李明 王芳", ["李明", "王芳"], "", ""),
        ("本报记者 李明 本报通讯员 王芳 赵强", ["李明", "王芳", "赵强"], "", ""),
        ("李明 某地报道", ["李明"], "", ""),
        ("文/李明 图/王芳", ["李明", "王芳"], "", ""),
    ],
)
def test_block_bylines(text, people, org, title):
    b = parse_block_byline(text)
    assert b is not None
    assert (b.people, b.org, b.title) == (people, org, title)


def test_lead_and_trailing_bylines():
    b, _n = parse_lead("本报某县讯（通讯员 李明）近日，某某活动举行。")
    assert b is not None and b.people == ["李明"] and b.place == "某县" and "通讯员" in b.outlet
    b, _at = parse_trailing("工作取得实效。   （李明 王芳）")
    assert b is not None and b.people == ["李明", "王芳"]


def test_offsets_of_every_sentence_point_into_the_original(seed_copy: Path):
    for f in sorted(seed_copy.glob("*.txt")):
        doc, articles = ingest_file(f)
        for a in articles:
            for s in a.sentences:
                raw = doc.text[s.start : s.end]
                squeezed = "".join(raw.split())
                assert "".join(s.text.split()) == _fold(squeezed) or _undoubled(squeezed, s.text), (f.name, s.text, raw)


def _fold(s: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" and c not in "（），：；！？" else c for c in s)


def _undoubled(raw: str, text: str) -> bool:
    return len(raw) > len(text.replace(" ", ""))


def test_seed_pages_give_articles_with_titles(seed_copy: Path):
    _doc, articles = ingest_file(seed_copy / "001_99c59b03b0842fe1.txt")
    assert len(articles) == 2
    assert all(a.title and a.byline for a in articles)
