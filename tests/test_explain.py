"""kgraph explain: why a name was found, changed or dropped (CLI and kgraph.api)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kgraph import api
from kgraph.cli import main
from kgraph.extract.registry import registered

ROOT = Path(__file__).resolve().parent.parent


def test_explain_text_shows_proposer_steps_and_decision():
    text = "云溪县人民医院党委书记程明出席。"
    found = api.explain(text=text)
    cands = found[0]["candidates"]
    trimmed = next(c for c in cands if c["name"] == "云溪县人民医院党委")
    assert trimmed["proposer"] in registered() and trimmed["purpose"]
    assert [s["rule"] for s in trimmed["steps"]][:1] == ["trim.title-tail"]
    assert trimmed["steps"][0]["reason"] == "title_follows" and trimmed["steps"][0]["after"] == "云溪县人民医院/ORG"
    kept = [c for c in cands if c["decision"] == "kept"]
    assert {c["final"] for c in kept} == {"云溪县人民医院/ORG", "程明/PERSON"}
    assert [c["start"] for c in cands] == sorted(c["start"] for c in cands)  # reading order


def test_explain_a_drop_names_the_rule_and_reason():
    found = api.explain(text="这几年带动了本地和周边地区的旅游业发展。", name="周边地区")
    (c,) = found[0]["candidates"]
    assert c["decision"] == "dropped" and c["steps"][-1]["rule"] == "drop.region-kind" and c["steps"][-1]["reason"] == "kind_of_region"


def test_explain_cli_on_a_seed_page_with_name_and_json():
    page = ROOT / "seeds" / "003_078d080faa042a24.txt"
    runner = CliRunner()
    out = runner.invoke(main, ["explain", str(page), "--name", "齐鲁", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    text = page.read_text(encoding="utf-8")
    for art in data:
        for c in art["candidates"]:
            assert "齐鲁" in text[c["start"] - 2 : c["end"] + 2] or "齐鲁" in c["name"]
            assert c["decision"] in ("kept", "dropped", "overlapped")
    plain = runner.invoke(main, ["explain", str(page), "--name", "齐鲁"])
    assert "proposed by" in plain.output and "→" in plain.output


def test_explain_says_when_nothing_proposed_a_name():
    out = CliRunner().invoke(main, ["explain", "-e", "今天天气很好，我们去公园散步。", "--name", "公园散步"])
    assert out.exit_code == 0 and "no rule or model proposed anything where '公园散步' occurs" in out.output
    missing = CliRunner().invoke(main, ["explain", "-e", "今天天气很好。", "--name", "青山"])
    assert "'青山' does not occur" in missing.output


def test_explain_needs_a_file_or_a_text_and_reports_bad_files(tmp_path: Path):
    runner = CliRunner()
    assert runner.invoke(main, ["explain"]).exit_code == 2
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = runner.invoke(main, ["explain", str(empty)])
    assert out.exit_code == 2 and "empty file" in out.output and "Traceback" not in out.output


def test_document_level_drop_is_explained():
    text = "钱塘宏达电气有限公司今年扩产。宏达的产品销往海外。宏达电气有限公司"
    found = api.explain(text=text, name="宏达")
    steps = [s["rule"] for a in found for c in a["candidates"] for s in c["steps"]]
    assert "drop.stem-of-longer-name" in steps
