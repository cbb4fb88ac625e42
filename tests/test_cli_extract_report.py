"""CLI: targets extract, report --plan-text, and the main report."""

from __future__ import annotations

import json
from pathlib import Path

from jxforecast.cli import app
from tests.conftest import CORPUS

SEEDS = Path(__file__).parents[1] / "data" / "seeds"
PLANS = CORPUS / "plans"


def test_extract_json_has_quotes_and_offsets(runner) -> None:
    path = SEEDS / "003_329468910c44fa33.txt"
    result = runner.invoke(app, ["targets", "extract", str(path), "--year", "2024", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    text = path.read_text(encoding="utf-8")
    gdp = next(r for r in rows if r["indicator"] == "gdp")
    assert (gdp["operator"], gdp["value"], gdp["year"]) == ("~", 6.0, 2024)
    assert text[gdp["start"]:gdp["end"]] == gdp["quote"] == "地区生产总值增长6%左右"


def test_extract_gbk_file_is_read(runner) -> None:
    result = runner.invoke(app, ["targets", "extract", str(PLANS / "gbk_encoded.txt"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "gdp" in result.output


def test_extract_no_targets_is_not_an_error(runner) -> None:
    result = runner.invoke(app, ["targets", "extract", str(PLANS / "no_targets.txt")])
    assert result.exit_code == 0
    assert "No targets found" in result.output


def test_extract_bad_files(runner) -> None:
    for name, fragment in (("empty.txt", "is empty"), ("binary.txt", "binary")):
        result = runner.invoke(app, ["targets", "extract", str(PLANS / name)])
        assert result.exit_code == 2, result.output
        assert fragment in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_report_plan_text_extracts_and_assesses(runner) -> None:
    path = SEEDS / "003_329468910c44fa33.txt"
    result = runner.invoke(app, ["report", "--plan-text", str(path), "--year", "2024", "--region", "jiaxing",
                                 "--n-paths", "1000", "--summary"])
    assert result.exit_code == 0, result.output
    assert "地区生产总值增长6%左右" in result.output
    assert "16 assessments" in result.output and "制造业投资1100亿元以上" in result.output


def test_run_notebook_cli(runner, tmp_path) -> None:
    result = runner.invoke(app, ["run", "feasibility", "-p", "target=6", "-p", "n_paths=500", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "feasibility.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in html and "Traceback" not in html


def test_run_notebook_cli_bad_parameter(runner, tmp_path) -> None:
    result = runner.invoke(app, ["run", "feasibility", "-p", "indicator=gdpx", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "Unknown indicator 'gdpx'" in result.output
    assert list(tmp_path.glob("*.failed.ipynb"))  # the partial notebook is kept
    bad = runner.invoke(app, ["run", "feasibility", "-p", "target"])
    assert bad.exit_code == 2 and "name=value" in bad.output
