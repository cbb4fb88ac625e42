"""Charts, labels, the packaged CJK font and the Excel writer (jxforecast.report)."""

from __future__ import annotations

import base64
import io
import os
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import jxforecast as jx
from jxforecast.errors import JxError, ParameterError, UnknownNameError
from jxforecast.feasibility import assess, build_target, scenario_curve
from jxforecast.report import excel as excel_mod
from jxforecast.report.charts import (
    calibration_chart,
    calibration_table,
    fan_chart,
    fig_to_base64_png,
    fig_to_png_bytes,
    scenario_chart,
    series_chart,
)
from jxforecast.report.excel import sheet_name, write_excel
from jxforecast.report.fonts import cjk_font_path, use_cjk_font
from jxforecast.labels import LABELS, indicator_label, label, measure_label, unit_label

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _glyph_warnings(record: list[warnings.WarningMessage]) -> list[str]:
    return [
        str(w.message)
        for w in record
        if "missing from" in str(w.message) or "Glyph" in str(w.message)
    ]


def _png(fig: Figure) -> bytes:
    """Render to PNG, failing on any missing-glyph warning."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        data = fig_to_png_bytes(fig)
    assert _glyph_warnings(record) == []
    return data


def _texts(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


@pytest.fixture(scope="module")
def annual():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = assess(
            build_target("jiaxing", "gdp", 2024, text="增长6%左右"),
            as_of=2023,
            n_paths=1000,
            seed=0,
        )
    history = jx.load_series("jiaxing", "gdp", "yoy_real", as_of=2023)
    return a, history


@pytest.fixture(scope="module")
def five_year():
    """A level goal five years ahead: GDP of 1万亿元 in 2025, as set in 2020."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = build_target(
            "jiaxing", "gdp", 2025, op=">=", value=10000, measure="level", base_year=2020
        )
        a = assess(t, as_of=2020, n_paths=500, seed=0)
    return a, jx.load_series("jiaxing", "gdp", "level", as_of=2020)


# ----------------------------------------------------------------------------- font
def test_cjk_font_is_packaged_and_registered():
    path = cjk_font_path()
    assert path.is_file() and path.stat().st_size > 1_000_000
    family = use_cjk_font()
    assert "Noto Sans CJK" in family
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert use_cjk_font() == family  # idempotent
    assert matplotlib.rcParams["font.sans-serif"].count(family) == 1


def test_chinese_text_renders_without_missing_glyphs():
    use_cjk_font()
    fig = Figure(figsize=(4, 2))
    ax = fig.add_subplot()
    ax.plot([-2, 1], [-1, 3])
    ax.set_title("地区生产总值 增长6%左右 −5")
    ax.set_xlabel("年份")
    assert len(_png(fig)) > 2000


def test_missing_glyph_check_does_detect_tofu():
    """Control: with only DejaVu Sans the same text does warn, so the check above means something."""
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"], "font.family": ["sans-serif"]}):
        fig = Figure(figsize=(4, 2))
        fig.add_subplot().set_title("地区生产总值")
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            fig.savefig(io.BytesIO(), format="png")
    assert _glyph_warnings(record)


# ----------------------------------------------------------------------------- labels
def test_labels_zh_en():
    assert label("probability", "zh") == "概率"
    assert label("probability", "en") == "Probability"
    assert label("target", "zh") == "目标"
    assert [label(v, "zh") for v in ("likely", "attainable", "stretch", "unlikely")] == [
        "大概率实现",
        "可以实现",
        "需努力",
        "难以实现",
    ]
    assert label("verdict_likely", "zh") == "大概率实现"
    assert indicator_label("gdp", "zh") == "地区生产总值"
    assert indicator_label("gdp", "en") == "Gross domestic product"
    assert unit_label("100m_yuan", "zh") == "亿元"
    assert "亿元" in measure_label("level", "zh", "100m_yuan")
    assert set(LABELS["zh"]) == set(LABELS["en"])


def test_labels_errors():
    with pytest.raises(ParameterError, match="Unknown language"):
        label("probability", "fr")
    with pytest.raises(ParameterError):
        indicator_label("gdp", "de")
    with pytest.raises(UnknownNameError):
        label("no_such_key", "zh")
    with pytest.raises(UnknownNameError):
        indicator_label("no_such_indicator", "zh")
    with pytest.raises(ParameterError):
        fan_chart(None, None, "fr")  # the language is checked before anything else


# ----------------------------------------------------------------------------- charts
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fan_chart(annual, lang):
    a, history = annual
    before = plt.get_fignums()
    fig = fan_chart(a, history, lang)
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before  # not registered with pyplot
    assert tuple(fig.get_size_inches()) == (7.0, 4.0)
    data = _png(fig)
    assert data.startswith(PNG_MAGIC) and len(data) > 20_000
    ax = fig.axes[0]
    assert ax.get_xlabel() == ("年份" if lang == "zh" else "Year")
    assert ax.get_ylabel() == ("实际增速 (%)" if lang == "zh" else "Real growth (%)")
    text = _texts(fig)
    assert ("地区生产总值" in text) == (lang == "zh")
    assert ("目标 6" if lang == "zh" else "Target 6") in text
    assert ("实际结果 5.6" if lang == "zh" else "Outcome 5.6") in text  # 2024 outcome is known
    # the 95 % band ends at the target year, on the simulated quantiles
    lo, hi = np.quantile(a.paths, [0.025, 0.975])
    ys = np.concatenate([c.get_paths()[0].vertices[:, 1] for c in ax.collections if c.get_paths()])
    assert ys.min() == pytest.approx(lo) and ys.max() == pytest.approx(hi)


def test_fan_chart_multi_year_and_edge_cases(five_year, annual):
    a, history = five_year
    assert a.horizon == 5
    fig = fan_chart(a, history, "zh")
    xs = np.concatenate([c.get_paths()[0].vertices[:, 0] for c in fig.axes[0].collections])
    assert xs.min() == pytest.approx(2020) and xs.max() == pytest.approx(
        2025
    )  # joined to the last obs
    assert "亿元" in fig.axes[0].get_ylabel()
    assert len(_png(fig)) > 20_000
    # no history, no paths: still a chart
    b, _ = annual
    empty = fan_chart(b, pd.Series(dtype=float), "en")
    assert len(_png(empty)) > 5_000


def test_scenario_chart(annual):
    a, _ = annual
    curve = scenario_curve(a)
    for lang, ylabel in (("zh", "概率"), ("en", "Probability")):
        fig = scenario_chart(curve, a, lang)
        ax = fig.axes[0]
        assert ax.get_ylabel() == ylabel
        # the actual target is marked: a vertical line at 6
        assert any(
            len(line.get_xdata()) == 2 and np.allclose(line.get_xdata(), [6, 6])
            for line in ax.get_lines()
        )
        assert ("50% 概率" if lang == "zh" else "50% probability") in _texts(fig)
        assert len(_png(fig)) > 15_000
    with pytest.raises(ParameterError):
        scenario_chart(pd.DataFrame({"x": [1]}), a, "zh")


def test_calibration_chart():
    rng = np.random.default_rng(1)
    p = rng.uniform(size=40)
    df = pd.DataFrame({"p": p, "met": rng.uniform(size=40) < p})
    table = calibration_table(df, bins=5)
    assert table["n"].sum() == 40 and len(table) == 5
    for lang, xlabel in (("zh", "预测概率"), ("en", "Forecast probability")):
        fig = calibration_chart(df, lang, bins=5)
        assert fig.axes[-1].get_xlabel() == xlabel
        assert "n=" in _texts(fig)
        assert len(_png(fig)) > 15_000
    assert len(_png(calibration_chart(df.iloc[:0], "zh"))) > 5_000  # empty: still a chart
    with pytest.raises(ParameterError):
        calibration_chart(pd.DataFrame({"p": [0.5]}), "zh")
    with pytest.raises(ParameterError):
        calibration_chart(df, "zh", bins=0)


def test_series_chart_and_base64():
    series = {r: jx.load_series(r, "gdp", "yoy_real", as_of=2023) for r in ("jiaxing", "zhejiang")}
    zh = series_chart(series, "zh", "地区生产总值")
    en = series_chart(series, "en", "GDP")
    assert [t.get_text() for t in zh.axes[0].get_legend().get_texts()] == ["嘉兴市", "浙江省"]
    assert en.axes[0].get_xlabel() == "Year" and zh.axes[0].get_xlabel() == "年份"
    assert zh.axes[0].get_ylabel() == "实际增速 (%)"
    _png(zh)
    text = fig_to_base64_png(en)
    assert base64.b64decode(text).startswith(PNG_MAGIC) and len(text) > 10_000


# ----------------------------------------------------------------------------- Excel
def _tables() -> dict[str, pd.DataFrame]:
    summary = pd.DataFrame(
        {
            "target_id": ["003-01", "003-02"],
            "指标": ["地区生产总值", "一般公共预算收入"],
            "probability": [0.81, 0.42],
            "interval": [{"lo": 4.9, "hi": 8.0}, None],
            "quote": ["地区生产总值增长6%左右" * 3, "增长5%"],
        }
    )
    history = jx.load_series("jiaxing", "gdp", "yoy_real", as_of=2023).to_frame("value")
    return {"summary": summary, "history": history}


def test_write_excel_round_trip(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "out" / "report.xlsx"
    assert write_excel(_tables(), path) == path
    assert sorted(os.listdir(path.parent)) == ["report.xlsx"]  # no temporary file left
    wb = load_workbook(path)
    assert wb.sheetnames == ["summary", "history"]
    ws = wb["summary"]
    assert [c.value for c in ws[1]] == ["target_id", "指标", "probability", "interval", "quote"]
    assert ws.freeze_panes == "A2"
    assert ws["B2"].value == "地区生产总值"
    assert ws["D2"].value == '{"lo": 4.9, "hi": 8.0}'
    assert ws.column_dimensions["E"].width > ws.column_dimensions["C"].width >= 6
    hist = wb["history"]
    assert [c.value for c in hist[1]] == ["period", "value"] and hist["A2"].value == "2005"
    assert (path.stat().st_mode & 0o777) == 0o644


def test_write_excel_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "report.xlsx"
    write_excel({"a": pd.DataFrame({"x": [1]})}, path)
    before = path.read_bytes()

    def boom(ws, df):
        raise RuntimeError("disk full")

    monkeypatch.setattr(excel_mod, "_format_sheet", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        write_excel(_tables(), path)
    assert path.read_bytes() == before  # the previous workbook is untouched
    assert os.listdir(tmp_path) == ["report.xlsx"]  # and the temporary file is gone
    with pytest.raises(RuntimeError):
        write_excel(_tables(), tmp_path / "new.xlsx")
    assert os.listdir(tmp_path) == ["report.xlsx"]  # no half-written new file either


def test_write_excel_errors_and_sheet_names(tmp_path):
    with pytest.raises(ParameterError, match=r"\.xlsx"):
        write_excel({"a": pd.DataFrame()}, tmp_path / "x.csv")
    with pytest.raises(ParameterError):
        write_excel({}, tmp_path / "x.xlsx")
    with pytest.raises(ParameterError):
        write_excel({"a": [1, 2]}, tmp_path / "x.xlsx")
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(JxError):
        write_excel({"a": pd.DataFrame({"x": [1]})}, blocker / "x.xlsx")
    taken: set[str] = set()
    assert sheet_name("a/b:c", taken) == "a_b_c"
    assert sheet_name("A/B:C", taken) == "A_B_C_2"  # Excel sheet names are case-insensitive
    assert len(sheet_name("长" * 40, taken)) == 31


def test_fan_chart_draws_no_line_across_a_missing_year(annual):
    a, history = annual  # Jiaxing real GDP growth has no 2015 figure
    assert pd.Period("2015", "Y") not in history.index
    fig = fan_chart(a, history, "en")
    line = next(ln for ln in fig.axes[0].get_lines() if ln.get_label() == label("history", "en"))
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    assert np.isnan(y[x == 2015]).all() and np.isfinite(y[x == 2016]).all()
    plt.close(fig)


def test_subtitle_gives_the_last_year_of_data_drawn(annual):
    a, history = annual
    fig = fan_chart(a, history[history.index.year <= 2019], "en")
    assert "Data as of 2019 · assessed as of 2023" in _texts(fig)
    plt.close(fig)
    fig = fan_chart(a, history, "en")
    assert "Data as of 2023" in _texts(fig) and "assessed as of" not in _texts(fig)
    plt.close(fig)


def test_a_borrowed_series_is_drawn_and_labelled():
    from jxforecast.report.params import history_for

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = assess("003-11", as_of=2023, n_paths=500)
    assert a.series["borrowed"] and a.series["region"] == "china" and a.series["scale"] == "log"
    h = history_for(a)
    assert h.attrs["borrowed_from"] == "china" and 10 < float(h.iloc[-1]) < 25  # China's ~1,200万 scaled to Jiaxing
    fig = fan_chart(a, h, "en")
    assert "moved onto" in _texts(fig)
    plt.close(fig)


def test_an_in_step_goal_draws_its_gap_on_a_panel_of_its_own():
    """Income growth 'in step with' GDP: the fan is of the gap (points), not of the income's growth."""
    from jxforecast.feasibility import attainable_values
    from jxforecast.report.tables import attainable_view

    a = assess(build_target("jiaxing", "income_urban", 2024, op="sync", measure="yoy_nominal"), as_of=2023,
               n_paths=300)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # no 'No artists with labels' on either panel
        fig = fan_chart(a, jx.load_series("jiaxing", "income_urban", "yoy_nominal", as_of=2023), "zh")
    left, right = fig.axes
    assert right.get_ylabel() == "收入增速减GDP增速（百分点）" and left.get_ylabel() == "名义增速 (%)"
    assert "目标 0" in [t.get_text() for t in right.get_legend().get_texts()]
    scenario = scenario_chart(scenario_curve(a), a, "zh")
    assert "收入增速减GDP增速" in scenario.axes[0].get_xlabel()
    view = attainable_view(a, attainable_values(a), "zh")
    assert list(view.iloc[:, 0]) == ["50%", "80%"] and all("个百分点" in v for v in view.iloc[:, 1])
    plt.close("all")
