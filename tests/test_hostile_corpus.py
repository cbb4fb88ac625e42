"""The hostile-input corpus: one command per failure mode, through the real CLI.

Every case gives either the right answer (exit 0 and the expected output) or one
``error:`` line naming what is wrong and where (exit 2), never a traceback.  For every
case, every file of the corpus is byte-identical afterwards and nothing is left in the
output folder but what a successful command writes.  Files are in
``tests/corpus/hostile`` (and the older ``bad_data``, ``bad_targets`` and ``plans``
folders); Excel workbooks are written by the `workbooks` fixture below.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from jxforecast.cli import app
from tests.conftest import CORPUS

H = CORPUS / "hostile"
CHECK = ["check", "--region", "jiaxing", "--indicator", "gdp", "--year", "2024", "--n-paths", "200"]
SHOW = ["data", "show", "jiaxing", "retail", "--measure", "yoy_nominal", "--format", "csv"]

# (case, arguments, exit code, fragment of the output); {h}: the hostile folder, {c}: the
# corpus, {x}: the generated workbooks, {tmp}: an empty folder for outputs
CASES: list[tuple[str, list[str], int, str]] = [
    # --- numbers on the command line, as people type them
    ("year in Chinese numerals", [*CHECK[:5], "--year", "二〇二四", "--target", "6%左右", "--n-paths", "200"], 0, "Probability:"),
    ("year in full-width digits", [*CHECK[:5], "--year", "２０２４", "--target", "6%左右", "--n-paths", "200"], 0, "Probability:"),
    ("year with 年", [*CHECK[:5], "--year", "2024年", "--target", "6%左右", "--n-paths", "200"], 0, "Probability:"),
    ("year half Chinese", [*CHECK[:5], "--year", "二〇二x", "--target", "6"], 2, "--year: '二〇二x' is not a year"),
    ("year with five digits", [*CHECK[:5], "--year", "20245", "--target", "6"], 2, "is not a year"),
    ("year as a word", [*CHECK[:5], "--year", "next", "--target", "6"], 2, "is not a year"),
    ("year with decimals", [*CHECK[:5], "--year", "2024.5", "--target", "6"], 2, "is not a year"),
    ("value in full-width digits", [*CHECK, "--op", "~", "--value", "６"], 0, "Probability:"),
    ("value with a percent sign", [*CHECK, "--op", "~", "--value", "6%"], 0, "Probability:"),
    ("value as a word", [*CHECK, "--op", "~", "--value", "six"], 2, "--value: 'six' is not a number"),
    ("value nan", [*CHECK, "--op", "~", "--value", "nan"], 2, "is not a finite number"),
    ("value inf", [*CHECK, "--op", "~", "--value", "inf"], 2, "is not a finite number"),
    ("value minus inf", [*CHECK, "--op", "~", "--value=-inf"], 2, "is not a finite number"),
    ("value overflowing", [*CHECK, "--op", "~", "--value", "1e309"], 2, "is not a finite number"),
    ("value as a range", [*CHECK, "--op", "~", "--value", "6-7"], 2, "is not a number"),
    ("high value nan", [*CHECK, "--op", "range", "--value", "6", "--value-high", "nan"], 2, "--value-high"),
    ("range backwards", [*CHECK, "--op", "range", "--value", "7", "--value-high", "6"], 2, "error:"),
    ("operator unknown", [*CHECK, "--op", "about", "--value", "6"], 2, "about"),
    ("value without operator", [*CHECK, "--value", "6"], 2, "--op"),
    ("tolerance inf", [*CHECK, "--target", "6%左右", "--tolerance", "inf"], 2, "Tolerance must be a finite number"),
    ("tolerance negative", [*CHECK, "--target", "6%左右", "--tolerance=-1"], 2, "olerance"),
    ("tolerance a word", [*CHECK, "--target", "6%左右", "--tolerance", "half"], 2, "--tolerance"),
    ("ytd period H1", [*CHECK, "--target", "6%左右", "--ytd-period", "H1", "--ytd-value", "5.8"], 0, "months 7-12"),
    ("ytd period 上半年", [*CHECK, "--target", "6%左右", "--ytd-period", "上半年", "--ytd-value", "5.8"], 0, "months 7-12"),
    ("ytd period Q1-3", [*CHECK, "--target", "6%左右", "--ytd-period", "Q1-3", "--ytd-value", "5.8"], 0, "months 10-12"),
    ("ytd period H7", [*CHECK, "--target", "6%左右", "--ytd-period", "H7", "--ytd-value", "5"], 2, "not a year-to-date period"),
    ("ytd period 12", [*CHECK, "--target", "6%左右", "--ytd-period", "12", "--ytd-value", "5"], 2, "a month 1-11"),
    ("ytd period 0", [*CHECK, "--target", "6%左右", "--ytd-period", "0", "--ytd-value", "5"], 2, "a month 1-11"),
    ("ytd value nan", [*CHECK, "--target", "6%左右", "--ytd-period", "6", "--ytd-value", "nan"], 2, "--ytd-value"),
    ("ytd value alone", [*CHECK, "--target", "6%左右", "--ytd-value", "5"], 2, "error:"),
    ("ytd on a level goal", [*CHECK[:5], "--year", "2025", "--target", "达到10000亿元", "--ytd-period", "6",
                             "--ytd-value", "5"], 2, "gives a number in 亿元"),
    ("n-paths too few", [*CHECK[:7], "--target", "6%左右", "--n-paths", "5"], 2, "n_paths"),
    ("n-paths too many", [*CHECK[:7], "--target", "6%左右", "--n-paths", "100000000"], 2, "n_paths"),
    ("n-paths a word", [*CHECK[:7], "--target", "6%左右", "--n-paths", "many"], 2, "--n-paths"),
    ("seed negative", [*CHECK, "--target", "6%左右", "--seed=-1"], 2, "seed"),
    ("as-of after the target year", [*CHECK, "--target", "6%左右", "--as-of", "2030"], 2, "not before the target year"),
    ("as-of a word", [*CHECK, "--target", "6%左右", "--as-of", "last"], 2, "--as-of"),
    ("as-of in Chinese numerals", [*CHECK, "--target", "6%左右", "--as-of", "二〇二二"], 0, "As of:           2022"),
    ("base year a word", [*CHECK[:5], "--year", "2035", "--target", "翻一番", "--base-year", "then"], 2, "--base-year"),
    ("unknown option", [*CHECK, "--targte", "6"], 2, "No such option"),
    ("missing option value", [*CHECK, "--target"], 2, "requires an argument"),
    ("format unknown", [*CHECK, "--target", "6%左右", "--format", "pdf"], 2, "pdf"),
    # --- names
    ("unknown region", ["check", "--region", "jiaxin", "--indicator", "gdp", "--year", "2024", "--target", "6"], 2,
     "Unknown region 'jiaxin'"),
    ("unknown indicator", ["check", "--region", "jiaxing", "--indicator", "retial", "--year", "2024", "--target", "6"],
     2, "Did you mean retail?"),
    ("unknown target id", ["check", "--target-id", "009-99"], 2, "009-99"),
    ("blanked target", ["check", "--target-id", "004-01"], 2, "blanked out"),
    ("unknown measure", [*SHOW[:4], "--measure", "growth"], 2, "Unknown measure 'growth'"),
    ("region with spaces", ["check", "--region", " jiaxing ", "--indicator", "gdp", "--year", "2024", "--target", "6",
                            "--n-paths", "200"], 2, "region"),
    ("report language unknown", ["report", "--lang", "xx", "--out", "{tmp}/r"], 2, "--lang must be zh or en"),
    ("summary language unknown", ["report", "--summary", "--doc", "003", "--lang", "xx"], 2,
     "--lang must be zh or en"),
    ("year after 2100", [*CHECK[:5], "--year", "2200", "--target", "6%左右"], 2, "outside the years"),
    ("year before 1949", [*CHECK[:5], "--year", "1900", "--target", "6%左右"], 2, "outside the years"),
    ("region level unknown", [*CHECK, "--target", "6%左右", "--region-level", "town"], 2, "town"),
    # --- target wording
    ("two numbers with a space", [*CHECK, "--target", "6 7"], 2, "several numbers separated by a space"),
    ("money on a growth target", [*CHECK, "--target", "增长6亿元左右"], 2, "gives a number in 亿元"),
    ("people on GDP", [*CHECK, "--target", "达到3.55万人"], 2, "gives a number in 万人"),
    ("cut off after 力争", [*CHECK, "--target", "确保6%、力争"], 2, "stops after 力争"),
    ("empty wording", [*CHECK, "--target", ""], 2, "empty"),
    ("wording without a number", [*CHECK, "--target", "稳中求进"], 2, "Cannot read a target"),
    ("wording of 10,000 characters", [*CHECK, "--target", "增长" * 5000], 2, "characters long"),
    ("ensure and strive", [*CHECK, "--target", "确保6%、力争6.5%"], 0, "Strive level:"),
    ("full-width wording", [*CHECK, "--target", "增长６％左右"], 0, "Probability:"),
    ("range wording", [*CHECK, "--target", "增长6-7%"], 0, "Probability:"),
    # --- users' data files
    *[(f"data file {p.stem}", [*SHOW, "--data", f"{{c}}/bad_data/{p.name}"], 0 if p.stem == "good_long" else 2,
       "period,value" if p.stem == "good_long" else p.name)
      for p in sorted((CORPUS / "bad_data").glob("*.csv"))],
    ("data good", [*SHOW, "--data", "{h}/good.csv"], 0, "http://tjj.jiaxing.gov.cn/a"),
    ("data tab separated", [*SHOW, "--data", "{h}/tab_separated.csv"], 0, "2019,8.5"),
    ("data UTF-16", [*SHOW, "--data", "{h}/utf16.csv"], 0, "2019,8.5"),
    ("data years with 年", [*SHOW, "--data", "{h}/wide_year_suffix.csv"], 0, "2019,8.5"),
    ("data full-width years", [*SHOW, "--data", "{h}/wide_fullwidth_years.csv"], 0, "2019,8.5"),
    ("data Chinese-numeral years", [*SHOW, "--data", "{h}/wide_chinese_years.csv"], 0, "2019,8.5"),
    ("data thousands separator", [*SHOW, "--data", "{h}/thousands_separator.csv"], 2, "implausible"),
    ("data infinite value", [*SHOW, "--data", "{h}/infinite_value.csv"], 2, "infinite_value.csv, row 2"),
    ("data percent sign in a value", [*SHOW, "--data", "{h}/percent_in_value.csv"], 2, "'6%' is not a number"),
    ("data empty value", [*SHOW, "--data", "{h}/empty_value.csv"], 2, "empty_value.csv, row 2, column 'value'"),
    ("data bad quarter", [*SHOW, "--data", "{h}/bad_quarter.csv"], 2, "bad_quarter.csv"),
    ("data bad vintage", [*SHOW, "--data", "{h}/bad_vintage.csv"], 2, "vintage"),
    ("data share over 100", [*SHOW, "--data", "{h}/share_over_100.csv"], 2, "implausible"),
    ("data missing source", [*SHOW, "--data", "{h}/missing_source.csv"], 2, "source_url"),
    ("data derived maybe", [*SHOW, "--data", "{h}/bad_derived_flag.csv"], 2, "column 'derived'"),
    ("data source quality unknown", [*SHOW, "--data", "{h}/bad_source_quality.csv"], 2, "source_quality"),
    ("data region level unknown", [*CHECK[:7], "--target", "6%左右", "--data", "{h}/bad_region_level.csv"], 2,
     "column 'region_level'"),
    ("data wide without source", [*SHOW, "--data", "{h}/wide_missing_source_url.csv"], 2, "source_url"),
    ("data duplicated header", [*SHOW, "--data", "{h}/duplicated_header.csv"], 2, "duplicated_header.csv"),
    ("data semicolons", [*SHOW, "--data", "{h}/semicolon_separated.csv"], 2, "semicolon_separated.csv"),
    ("data an HTML page", [*SHOW, "--data", "{h}/html_page.csv"], 2, "html_page.csv"),
    ("data duplicate key", [*SHOW, "--data", "{h}/duplicate_key.csv"], 2, "duplicate key"),
    ("data growth rate in 亿元", [*SHOW[:4], "--measure", "yoy_real", "--data", "{h}/growth_in_yuan.csv"], 2,
     "unit '100m_yuan' does not fit the measure yoy_real"),
    ("data long file with 2019年", [*SHOW, "--data", "{h}/long_year_suffix.csv"], 0, "2020,-2.3"),
    ("data long file with a bad period", [*SHOW, "--data", "{h}/long_bad_period.csv"], 2,
     "period '2019x' does not match freq A"),
    ("data year 1850", [*SHOW, "--data", "{h}/year_1850.csv"], 2, "year out of range"),
    ("data ragged row", [*SHOW, "--data", "{h}/ragged_row.csv"], 2, "row 2: 9 fields but the header has 8"),
    ("data text named xlsx", [*SHOW, "--data", "{h}/fake_workbook.xlsx"], 2, "not a readable Excel workbook"),
    ("data unsupported type", [*SHOW, "--data", "{h}/data_with_json_suffix.json"], 2, "unsupported file type"),
    ("data missing file", [*SHOW, "--data", "{h}/no_such_file.csv"], 2, "file not found"),
    ("data a folder", [*SHOW, "--data", "{h}"], 2, "is a folder"),
    ("excel cover sheet", [*SHOW, "--data", "{x}/cover.xlsx"], 0, "reading sheet '数据'"),
    ("excel sheet by number", [*SHOW, "--data", "{x}/cover.xlsx", "--sheet", "2"], 0, "2019,8.5"),
    ("excel sheet by name", [*SHOW, "--data", "{x}/cover.xlsx", "--sheet", "数据"], 0, "2019,8.5"),
    ("excel sheet out of range", [*SHOW, "--data", "{x}/cover.xlsx", "--sheet", "5"], 2, "sheet 5 does not exist"),
    ("excel sheet unknown name", [*SHOW, "--data", "{x}/cover.xlsx", "--sheet", "2019"], 2, "sheet '2019' not found"),
    ("excel the cover sheet chosen", [*SHOW, "--data", "{x}/cover.xlsx", "--sheet", "1"], 2, "also has 数据"),
    ("excel formula without value", [*SHOW, "--data", "{x}/formula.xlsx"], 2, "cell E3: a formula"),
    ("excel only a cover", [*SHOW, "--data", "{x}/only_cover.xlsx"], 2, "choose one with --sheet"),
    ("excel empty data sheet", [*SHOW, "--data", "{x}/empty_sheet.xlsx", "--sheet", "1"], 2, "no rows under its header"),
    # --- target files
    *[(f"target file {p.stem}", ["report", "--target-file", f"{{c}}/bad_targets/{p.name}", "--out", "{tmp}/r",
                                  "--summary", "--n-paths", "200"], 0 if p.stem == "good_targets" else 2,
       "assessments" if p.stem == "good_targets" else p.name)
      for p in sorted((CORPUS / "bad_targets").glob("*.csv"))],
    ("targets with the README columns only", ["report", "--target-file", "{h}/targets_readme_columns.csv", "--summary",
                                              "--n-paths", "200"], 0, "retail"),
    ("targets unknown indicator", ["report", "--target-file", "{h}/targets_unknown_indicator.csv", "--summary"], 2,
     "gpd"),
    ("targets year in words", ["report", "--target-file", "{h}/targets_bad_year.csv", "--summary"], 2, "column 'year'"),
    ("targets operator unknown", ["report", "--target-file", "{h}/targets_bad_operator.csv", "--summary"], 2, "about"),
    ("targets value a word", ["report", "--target-file", "{h}/targets_word_value.csv", "--summary"], 2, "'six'"),
    ("targets value nan", ["report", "--target-file", "{h}/targets_nan_value.csv", "--summary"], 2, "column 'value'"),
    ("targets header only", ["report", "--target-file", "{h}/targets_header_only.csv", "--summary"], 2, "no rows"),
    ("targets empty file", ["report", "--target-file", "{h}/targets_empty.csv", "--summary"], 2, "empty"),
    ("targets missing columns", ["report", "--target-file", "{h}/targets_missing_columns.csv", "--summary"], 2,
     "missing column"),
    ("targets unknown region", ["report", "--target-file", "{h}/targets_unknown_region.csv", "--summary"], 0,
     "Unknown region 'atlantis'"),  # listed as that target's refusal
    ("targets multiple without base year", ["report", "--target-file", "{h}/targets_multiple_without_base.csv",
                                            "--summary", "--n-paths", "200"], 0, "base year"),
    # --- plan documents
    *[(f"plan {p.stem}", ["targets", "extract", f"{{c}}/plans/{p.name}", "--region", "jiaxing", "--year", "2024"],
       2 if p.stem in ("binary", "empty", "blank_lines") else 0,
       "error:" if p.stem in ("binary", "empty", "blank_lines") else "")
      for p in sorted((CORPUS / "plans").glob("*.txt"))],
    ("plan cut off after 力争", ["targets", "extract", "{h}/plan_cut_off.txt", "--format", "csv"], 0,
     "cut off after 力争"),
    ("plan GDP without 增长", ["targets", "extract", "{h}/plan_gdp_without_growth.txt", "--region", "jiaxing",
                               "--year", "2024", "--format", "csv"], 0, "gdp,yoy_real,>=,6.0"),
    ("plan without numbers", ["targets", "extract", "{h}/plan_no_numbers.txt"], 0, "No targets found"),
    ("plan missing", ["targets", "extract", "{h}/no_plan.txt"], 2, "no_plan.txt"),
    # --- outputs
    ("report over a user's file", ["report", "--doc", "000", "--out", "{h}/good.csv"], 2, "existing file"),
    ("report into a user's folder", ["report", "--doc", "000", "--out", "{c}/plans"], 2,
     "does not hold a jxforecast report"),
    ("template for a new region", ["data", "template", "atlantis", "gdp", "--out", "{tmp}/t.csv"], 0,
     "Template written"),  # a region only in the user's data is allowed
    ("template unknown indicator", ["data", "template", "jiaxing", "gpd", "--out", "{tmp}/t.csv"], 2, "gpd"),
    ("template years backwards", ["data", "template", "jiaxing", "gdp", "--first", "2024", "--last", "2010",
                                  "--out", "{tmp}/t.csv"], 2, "run forward"),
    ("template over a user's file", ["data", "template", "jiaxing", "gdp", "--out", "{h}/good.csv"], 2, "good.csv"),
    # --- notebooks
    ("run unknown parameter", ["run", "feasibility", "-p", "taget=7", "--out", "{tmp}/n"], 2,
     "Unknown parameter 'taget' (did you mean target?)"),
    ("run parameter without =", ["run", "feasibility", "-p", "target", "--out", "{tmp}/n"], 2, "name=value"),
    ("run unknown notebook", ["run", "forecast", "--out", "{tmp}/n"], 2, "forecast"),
    ("run missing notebook file", ["run", "{h}/none.ipynb", "--out", "{tmp}/n"], 2, "notebook not found"),
]


def _fill(args: list[str], tmp: Path, workbooks: Path) -> list[str]:
    return [a.replace("{h}", str(H)).replace("{c}", str(CORPUS)).replace("{x}", str(workbooks))
            .replace("{tmp}", str(tmp)) for a in args]


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Excel cases, written with openpyxl."""
    from openpyxl import Workbook

    folder = tmp_path_factory.mktemp("workbooks")
    book = Workbook()
    book.active.title = "封面"
    book.active["A1"] = "嘉兴统计数据"
    data = book.create_sheet("数据")
    data.append(["region", "indicator", "measure", "unit", "vintage", "source_url", "2019年", "2020年"])
    data.append(["jiaxing", "retail", "yoy_nominal", "pct", "2021", "http://tjj.jiaxing.gov.cn/a", "8.5", "-2.3"])
    book.save(folder / "cover.xlsx")
    book = Workbook()
    sheet = book.active
    sheet.append(["region", "indicator", "period", "measure", "value", "unit", "vintage", "source_url"])
    sheet.append(["jiaxing", "retail", "2019", "yoy_nominal", 8.5, "pct", "2020", "http://x.gov.cn/a"])
    sheet.append(["jiaxing", "retail", "2020", "yoy_nominal", "=E2-10.8", "pct", "2021", "http://x.gov.cn/a"])
    book.save(folder / "formula.xlsx")
    book = Workbook()
    book.active["A1"] = "说明"
    book.save(folder / "only_cover.xlsx")
    book = Workbook()
    book.active.append(["region", "indicator", "period", "measure", "value", "unit", "vintage", "source_url"])
    book.save(folder / "empty_sheet.xlsx")
    return folder


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 100 and len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_hostile_case(runner, tmp_path: Path, workbooks: Path, case) -> None:
    name, args, code, fragment = case
    before, books = _digest(CORPUS), _digest(workbooks)
    result = runner.invoke(app, _fill(args, tmp_path, workbooks))
    output = result.output
    assert result.exit_code == code, f"{name}: {output[-2000:]}"
    assert "Traceback" not in output and result.exception is None or isinstance(result.exception, SystemExit)
    assert fragment in output, f"{name}: {output[-2000:]}"
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    if code == 2:
        assert len(errors) == 1 and len(errors[0]) <= 420, output
    else:
        assert not errors, output
    assert _digest(CORPUS) == before and _digest(workbooks) == books  # inputs untouched
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file()]
    if code != 0:
        assert not leftovers, f"{name}: partial output {leftovers}"


def test_an_interrupted_report_exits_130_and_keeps_the_previous_one(runner, tmp_path, monkeypatch) -> None:
    """Ctrl-C during a report: one line, exit 130, and the report folder as it was."""
    out = tmp_path / "r"
    out.mkdir()
    (out / "index.html").write_text("previous report", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("jxforecast.report.build.build_report", interrupted)
    result = runner.invoke(app, ["report", "--doc", "000", "--out", str(out), "--n-paths", "200"])
    assert result.exit_code == 130
    assert result.output.strip().splitlines()[-1].startswith("error: interrupted")
    assert (out / "index.html").read_text(encoding="utf-8") == "previous report"
    assert pd.Series([p.name for p in tmp_path.iterdir()]).tolist() == ["r"]
