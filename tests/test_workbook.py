"""The dashboard's workbook as an analyst opens it: formats, headers, colours, sources and notes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import jxforecast as jx
from jxforecast.feasibility import assess, batch_table, build_target
from jxforecast.feasibility.batch import BatchItem
from jxforecast.report.dashboard import summary_table
from jxforecast.report.excel import PROBABILITY_FORMAT, dashboard_workbook
from jxforecast.report.params import validate_parameters


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    obs = jx.load_observations()
    targets = [replace(build_target("jiaxing", "retail", 2024, text="增长5.5%以上"), target_id="t-01"),
               replace(build_target("jiaxing", "gdp", 2024, text="增长6%左右"), target_id="t-02")]
    items = [BatchItem(t, 2023, assess(t, as_of=2023, n_paths=500, data=obs)) for t in targets]
    table = batch_table(items)
    assessments = {item.key: item.assessment for item in items}
    params = validate_parameters("plan_dashboard", {"doc": "003", "n_paths": 500})
    path = tmp_path_factory.mktemp("book") / "dashboard.xlsx"
    return dashboard_workbook(path, summary_table(table, "zh"), table, assessments, obs, params, "zh")


def test_summary_sheet_has_chinese_headers_and_number_formats(book: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    assert wb.sheetnames == ["汇总", "评估明细", "数据来源", "说明"]
    ws = wb["汇总"]
    head = [c.value for c in ws[1]]
    assert head[:8] == ["编号", "指标", "目标原文", "评估基期", "实现概率", "严格口径概率", "判断", "数值含义"]
    assert head[8:13] == ["预测中位数", "80%区间下限", "80%区间上限", "实际结果", "是否实现"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == f"A1:N{ws.max_row}"
    retail = next(r for r in ws.iter_rows(min_row=2) if r[2].value == "增长5.5%以上")
    prob, median, lo, hi, outcome, met = retail[4], retail[8], retail[9], retail[10], retail[11], retail[12]
    assert isinstance(prob.value, float) and 0 < prob.value < 1 and prob.number_format == PROBABILITY_FORMAT
    assert isinstance(median.value, float) and median.number_format == '#,##0.0"%"'
    assert lo.value < median.value < hi.value and lo.number_format == hi.number_format == '#,##0.0"%"'
    assert outcome.value == pytest.approx(5.3) and met.value == "× 未实现"  # retail grew 5.3% in 2024
    assert retail[7].value == "名义增速（%）"
    gdp = next(r for r in ws.iter_rows(min_row=2) if r[2].value == "增长6%左右")
    assert gdp[12].value == "✓ 实现（容差内）"  # 5.6% against "about 6%"
    # verdict and outcome coloured as on the page, by conditional formatting
    rules = {str(rng.sqref): [r.dxf.font.color.rgb for r in rng.rules] for rng in ws.conditional_formatting}
    assert any(k.startswith("G2") and any("1A7F37" in str(c) for c in v) for k, v in rules.items())
    assert any(k.startswith("M2") and any("B91C1C" in str(c) for c in v) for k, v in rules.items())
    assert ws.column_dimensions["B"].width >= 12  # 社会消费品零售总额 fits


def test_sources_and_notes_sheets(book: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    sources = wb["数据来源"]
    head = [c.value for c in sources[1]]
    assert head == ["编号", "地区", "指标", "年份", "数值", "单位", "发布年份", "来源类别", "推算", "来源", "原文"]
    rows = list(sources.iter_rows(min_row=2, values_only=True))
    assert len(rows) > 20 and {r[0] for r in rows} == {"t-01", "t-02"} and {r[2] for r in rows} == {"社会消费品零售总额", "地区生产总值"}
    assert all(str(r[9]).startswith("http") for r in rows) and {r[7] for r in rows} <= {"官方", "媒体", "转载"}
    notes = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert "jxforecast run plan_dashboard" in notes["复现命令"] and "-p doc=003" in notes["复现命令"]
    assert notes["评估基期"] == "2023" and notes["数据截至（最新发布年份）"].isdigit()
    assert ">99%" in notes["方法"]
    assert all(".tmp" not in str(v) for row in wb["说明"].iter_rows(values_only=True) for v in row)
