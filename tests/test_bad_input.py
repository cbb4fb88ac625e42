"""Bad input: one file per failure mode, each a one-line error, exit 2, file untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from jxforecast.cli import app
from tests.conftest import CORPUS

BAD = CORPUS / "bad_data"

# file -> fragment the one-line message must contain
CASES = {
    "non_numeric_value.csv": "row 2, column 'value': 'abc' is not a number",
    "missing_column.csv": "missing column 'source_url'",
    "extra_column.csv": "unexpected column 'colour'",
    "duplicate_key.csv": "rows 2, 3: duplicate key",
    "unknown_indicator.csv": "row 2, column 'indicator': unknown indicator 'gross_output'",
    "bad_region_id.csv": "row 2, column 'region'",
    "unknown_unit.csv": "row 2, column 'unit': unknown unit 'percent'",
    "unknown_measure.csv": "row 2, column 'measure': unknown measure 'growth'",
    "year_out_of_range.csv": "row 2, column 'period': year out of range",
    "implausible_growth.csv": "row 2: implausible value for its measure (yoy_real 612)",
    "empty.csv": "the file is empty",
    "header_only.csv": "has a header but no rows",
    "gbk_encoded.csv": "not UTF-8 text at byte 136 (it looks like GBK/GB18030)",
    "malformed_quote.csv": "malformed CSV",
    "wide_missing_source.csv": "wide layout is missing column 'source_url'",
    "bom_only.csv": "the file is empty",
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_corpus_file_has_a_case() -> None:
    files = {p.name for p in BAD.glob("*.csv")} - {"good_long.csv"}
    assert files == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_one_line_and_exit_2(runner, name: str) -> None:
    path = BAD / name
    before = _digest(path)
    result = runner.invoke(app, ["data", "list", "--data", str(path)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert str(path) in lines[0]
    assert CASES[name] in lines[0]
    assert "Traceback" not in result.output
    assert _digest(path) == before


def test_good_control_file_loads(runner) -> None:
    result = runner.invoke(app, ["data", "show", "jiaxing", "gdp", "--data", str(BAD / "good_long.csv"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "2030,6.1" in result.output


def test_missing_file(runner, tmp_path) -> None:
    result = runner.invoke(app, ["data", "list", "--data", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "nope.csv: file not found." in result.output


def test_excel_sheet_not_found_cli(runner, tmp_path) -> None:
    f = tmp_path / "book.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(f, sheet_name="Sheet1", index=False)
    from jxforecast.data import read_observations
    from jxforecast.errors import DataError

    with pytest.raises(DataError, match="sheet 'missing' not found"):
        read_observations(f, sheet="missing")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["data", "show", "atlantis", "gdp"], "Unknown region 'atlantis'"),
        (["data", "show", "jiaxing", "gpd"], "Unknown indicator 'gpd'. Did you mean gdp?"),
        (["data", "show", "jiaxing", "gdp", "--measure", "growth"], "Unknown measure 'growth'"),
        (["targets", "list", "--doc", "999"], "Unknown document '999'"),
        (["targets", "outcomes", "--tolerance", "-1"], "--tolerance must be zero or positive"),
        (["targets", "outcomes", "--tolerance", "nan"], "--tolerance must be zero or positive"),
        # any other word matched no figure: every outcome silently unknown
        (["targets", "outcomes", "--vintage", "lastest"], "--vintage must be first or latest, not 'lastest'"),
        # any other format printed a table
        (["targets", "list", "--format", "xml"], "--format must be table, csv or json, not 'xml'"),
        (["data", "list", "--format", "yaml"], "--format must be table, csv or json, not 'yaml'"),
        # the summary takes the HTML report's documents: a document outside them printed nothing
        (["report", "--summary", "--doc", "china_zhejiang_targets_outcomes.csv"],
         "Unknown document 'china_zhejiang_targets_outcomes.csv'"),
    ],
)
def test_bad_names_and_parameters(runner, args: list[str], fragment: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_real_console_script_prints_no_traceback() -> None:
    """The installed entry point, as a user runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "jxforecast.cli", "data", "list", "--data", str(BAD / "gbk_encoded.csv")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "GBK" in proc.stderr
    assert "Traceback" not in proc.stderr


TARGET_CASES = {
    "unknown_operator.csv": "row 2, column 'operator': unknown operator '=>'",
    "missing_operator.csv": "missing column 'operator'",
    "range_backwards.csv": "row 2: value missing, or value_high below value",
    "year_not_number.csv": "row 2, column 'year': 'twenty' is not a finite number",
    "unclosed_quote.csv": "malformed CSV (EOF inside string starting at row 1); check for an unclosed quote",
    "infinite_value.csv": "row 2, column 'value': 'inf' is not a finite number",
    "announced_not_a_number.csv": "row 2, column 'announced': 'six' is neither a number nor 'none'",
}


@pytest.mark.parametrize("name", sorted(TARGET_CASES))
def test_bad_target_file(runner, name: str) -> None:
    path = CORPUS / "bad_targets" / name
    before = _digest(path)
    result = runner.invoke(app, ["targets", "list", "--file", str(path)])
    assert result.exit_code == 2, result.output
    assert TARGET_CASES[name] in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _digest(path) == before


def test_good_target_file_lists(runner) -> None:
    result = runner.invoke(app, ["targets", "list", "--file", str(CORPUS / "bad_targets" / "good_targets.csv"),
                                 "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "good_targets-001" in result.output and "retail" in result.output


def test_target_file_with_integer_base_years_loads(tmp_path) -> None:
    """A column of whole-number base years (read as int64) is as good as one with blanks."""
    from jxforecast.targets.catalogue import read_targets

    path = tmp_path / "goals.csv"
    path.write_text("region,year,indicator,operator,value,measure,base_year\n"
                    "jiaxing,2027,gdp,>=,1.2,multiple,2024\n", encoding="utf-8")
    table = read_targets(path)
    assert table.loc[0, "base_year"] == 2024 and table.loc[0, "measure"] == "multiple"


# ----------------------------------------------------------------------------- hostile numbers and outputs
HOSTILE_CHECKS = {
    "nan value": (["--op", ">=", "--value", "nan"], "--value: 'nan' is not a finite number"),
    "overflowing value": (["--op", ">=", "--value", "1e309"], "is not a finite number"),
    "infinite tolerance": (["--target", "6%左右", "--tolerance", "inf"], "Tolerance must be a finite number"),
    "nan year-to-date": (["--op", ">=", "--value", "6", "--ytd-period", "6", "--ytd-value", "nan"],
                         "--ytd-value: 'nan' is not a finite number"),
    "year-to-date month 12": (["--op", ">=", "--value", "6", "--ytd-period", "12", "--ytd-value", "5"],
                              "a month 1-11, or Q1, H1, Q1-3"),
    "two numbers with a space": (["--target", "6 7"], "several numbers separated by a space"),
    "money on a growth target": (["--target", "增长6亿元左右"], "gives a number in 亿元, but a yoy_real target"),
    "people on GDP": (["--target", "达到3.55万人"], "gives a number in 万人"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_CHECKS))
def test_impossible_numbers_are_refused_in_one_line(runner, case: str) -> None:
    args, fragment = HOSTILE_CHECKS[case]
    result = runner.invoke(app, ["check", "--indicator", "gdp", "--year", "2024", "--n-paths", "500", *args])
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_report_never_replaces_a_users_file_or_folder(runner, tmp_path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    folder = tmp_path / "mydocs"
    folder.mkdir()
    (folder / "a.txt").write_text("keep", encoding="utf-8")
    for out, fragment in ((notes, "existing file"), (folder, "does not hold a jxforecast report")):
        result = runner.invoke(app, ["report", "--out", str(out), "--doc", "000"])
        assert result.exit_code == 2 and fragment in result.output
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert (folder / "a.txt").read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mydocs", "notes.txt"]


def test_unknown_names_and_huge_targets_give_a_short_line(runner) -> None:
    result = runner.invoke(app, ["data", "show", "jiaxing", "nosuch"])
    assert result.exit_code == 2 and "indicators are known; see data/indicators.csv" in result.output
    assert len(result.output) < 200
    result = runner.invoke(app, ["check", "--target", "增" * 10_000])
    assert result.exit_code == 2 and "10,000 characters long" in result.output
    assert len(result.output) < 300
