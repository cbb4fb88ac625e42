"""The report notebooks rendered to HTML: content, failures, parameters, the site."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import jxforecast as jx
from jxforecast.errors import JxError, ParameterError, UnknownNameError
from jxforecast.report.params import validate_parameters
from jxforecast.report.render import RenderResult, notebook_path, run_notebook

BAD = Path(__file__).parent / "corpus" / "bad_notebooks"
N_PATHS = 500


@pytest.fixture(scope="module")
def feasibility(tmp_path_factory) -> tuple[RenderResult, str]:
    out = tmp_path_factory.mktemp("site") / "out"
    # papermill's command line turns `-p target 6` into the int 6 and `-p value "None"` into a string
    result = run_notebook(notebook_path("feasibility"), out, {"n_paths": N_PATHS, "target": 6, "value": "None"})
    return result, result.html.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- a good page
def test_page_and_notebook_written(feasibility):
    result, _ = feasibility
    assert result.html.is_file() and result.ipynb.is_file()
    assert not any(p.name.startswith(".") for p in result.html.parent.parent.iterdir())  # scratch removed
    assert not list(result.html.parent.glob("*.failed.ipynb"))


def test_page_has_verdict_chinese_and_inline_charts(feasibility):
    _, html = feasibility
    assert re.search(r"判断：(大概率实现|可以实现|需努力|难以实现)", html)  # the check lines, in the page's language
    assert "地区生产总值" in html and "嘉兴" in html
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', html)) >= 2


def test_page_is_self_contained_and_code_hidden(feasibility):
    _, html = feasibility
    assert not re.search(r'<img[^>]+src="(?!data:)', html)  # no external or file images
    assert 'name="viewport"' in html
    assert "validate_parameters(" not in html  # inputs hidden
    assert "assess_from_parameters" not in html


def test_page_has_no_error_or_missing_glyph(feasibility):
    result, html = feasibility
    assert "Traceback" not in html and "ename" not in html
    nb = nbformat.read(result.ipynb, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error"
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                assert "Glyph" not in out["text"] and "missing from" not in out["text"], out["text"]


def test_int_target_from_papermill_is_read_as_text(feasibility):
    result, _ = feasibility
    nb = nbformat.read(result.ipynb, as_version=4)
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                   for c in nb.cells for o in c.get("outputs", []))
    assert re.search(r"(Target assessment: |目标可行性评估：)6\n", text)  # the target's wording, as given


def test_reproducibility_footer(feasibility):
    _, html = feasibility
    for package in ("jxforecast", "statsmodels", "pandas", "numpy"):
        assert package in html
    assert re.search(r"sha256 [0-9a-f]{64}", html)


# ----------------------------------------------------------------------------- failures
def test_unknown_indicator_fails_in_one_line_and_keeps_partial(tmp_path):
    with pytest.raises(JxError) as info:
        run_notebook(notebook_path("feasibility"), tmp_path, {"indicator": "gdpx", "n_paths": N_PATHS})
    message = str(info.value)
    assert "\n" not in message
    assert "UnknownNameError: Unknown indicator 'gdpx'" in message and "gdp" in message
    assert (tmp_path / "feasibility.failed.ipynb").is_file()
    assert not (tmp_path / "feasibility.html").exists() and not (tmp_path / "feasibility.ipynb").exists()


@pytest.mark.parametrize("path", sorted(BAD.glob("*.ipynb")), ids=lambda p: p.stem)
def test_bad_notebook_corpus(path, tmp_path):
    expect = nbformat.read(path, as_version=4).metadata["jxforecast_expect"]
    params = {"indicator": "gdpx"} if path.stem == "bad_parameter" else {}
    with pytest.raises(JxError) as info:
        run_notebook(path, tmp_path, params)
    message = str(info.value)
    assert "\n" not in message
    assert expect["error"] in message
    if path.stem != "kernel_dies":  # a dead kernel leaves no notebook behind
        assert (tmp_path / f"{path.stem}.failed.ipynb").is_file()
    assert not (tmp_path / f"{path.stem}.html").exists()


def test_unknown_notebook_name():
    with pytest.raises(JxError, match="No report notebook 'nope'"):
        notebook_path("nope")


# ----------------------------------------------------------------------------- parameters
def test_parameters_coerced_from_papermill_guesses():
    p = validate_parameters("feasibility", {"target": 6, "as_of": "2023", "year": 2024.0, "value": "None",
                                            "n_paths": "500", "ytd_period": "", "data_path": "none"})
    assert p["target"] == "6" and p["as_of"] == 2023 and p["year"] == 2024 and p["n_paths"] == 500
    assert p["value"] is None and p["ytd_period"] is None and p["data_path"] is None
    p = validate_parameters("feasibility", {"op": ">=", "value": "6", "target": "增长6%左右"})
    assert p["value"] == 6.0 and p["target"] is None  # op/value replace the default wording
    # `papermill ... -p indicator retail -p value 7`: a plain figure, about 7, not the default 6 % wording
    p = validate_parameters("feasibility", {"indicator": "retail", "value": 7, "target": "增长6%左右"})
    assert (p["op"], p["value"], p["target"]) == ("~", 7.0, None)
    assert validate_parameters("plan_dashboard", {"doc": 3})["doc"] == "003"
    assert validate_parameters("feasibility", {"target_id": "003-05"})["indicator"] == "retail"


@pytest.mark.parametrize(
    ("kind", "params", "error", "words"),
    [
        ("feasibility", {"indicator": "gdpx"}, UnknownNameError, "indicators with data for jiaxing: "),
        ("feasibility", {"region": "mars"}, UnknownNameError, "Unknown region 'mars'"),
        ("feasibility", {"n_paths": 5}, ParameterError, "n_paths"),
        ("feasibility", {"lang": "fr"}, ParameterError, "zh, en"),
        ("feasibility", {"value": "six", "op": ">="}, ParameterError, "must be a number"),
        ("feasibility", {"ytd_period": 6}, ParameterError, "go together"),
        ("feasibility", {"as_of": 2024, "year": 2024}, ParameterError, "before the target year"),
        ("feasibility", {"op": "=="}, ParameterError, "Parameter 'op'"),
        ("feasibility", {"data_path": "/no/such/file.csv"}, ParameterError, "no such file"),
        ("feasibility", {"target_id": "999-99"}, UnknownNameError, "999-99"),
        ("plan_dashboard", {"doc": "777"}, UnknownNameError, "Documents:"),
        ("explore", {"regions": "jiaxing,atlantis"}, UnknownNameError, "atlantis"),
        ("nope", {}, ParameterError, "feasibility"),
    ],
)
def test_bad_parameters_one_sentence(kind, params, error, words):
    with pytest.raises(error) as info:
        validate_parameters(kind, params)
    assert words in str(info.value) and "\n" not in str(info.value)


# ----------------------------------------------------------------------------- site
def test_index_html_lists_pages_and_refusals():
    from jxforecast.report.index import Page, index_html

    dash = Page("plan_dashboard", "dashboard_003", {}, "003_x.txt")
    ok = Page("feasibility", "target_003-01_asof2023", {}, "003_x.txt",
              {"target_id": "003-01", "quote": "地区生产总值增长6%左右。", "year": 2024, "as_of": 2023,
               "probability": 0.83, "verdict": "likely", "outcome": 5.6})
    refused = Page("feasibility", "", {}, "003_x.txt",
                   {"target_id": "003-06", "quote": "研发投入强度达到3.55%。", "year": 2024, "as_of": 2023,
                    "verdict": "refused", "note": "Too little history"})
    page = index_html([dash], [ok, refused], "zh")
    assert 'href="dashboard_003.html"' in page and 'href="target_003-01_asof2023.html"' in page
    assert "83%" in page and "大概率实现" in page and "历史数据不足" in page
    assert 'name="viewport"' in page


def test_brier_scores():
    from jxforecast.report.dashboard import brier_scores

    s = brier_scores([0.9, 0.8, 0.2], [True, True, False])
    assert s["n"] == 3 and s["brier"] == pytest.approx((0.01 + 0.04 + 0.04) / 3)
    assert s["base_rate"] == pytest.approx(2 / 3) and s["skill"] > 0


@pytest.mark.slow
def test_build_report_one_document(default_report: Path):
    """Document 000 of the default report (`conftest.default_report`, built once per run)."""
    out = default_report
    index = out / "index.html"
    names = {p.name for p in out.iterdir()}
    table = pd.read_csv(out / "dashboard_000.csv", dtype={"target_id": str})
    assessed = int((table["verdict"] != "refused").sum())
    pages = {p for p in names if p.startswith("target_000-") and p.endswith(".html")}
    assert assessed >= 5 and len(pages) == assessed  # a page per assessed target (and the dashboard)
    assert not [p for p in names if p.endswith((".failed.ipynb", ".kernel.log"))]  # every page rendered
    assert "stale.html" not in names  # the earlier report was replaced as a whole
    assert {"dashboard_000.html", "dashboard_000.xlsx", "target_000-03_asof2022.html"} <= names
    page = index.read_text(encoding="utf-8")
    assert 'href="target_000-10_asof2022.html"' in page
    refused = any((pd.read_csv(t)["verdict"] == "refused").any() for t in out.glob("dashboard_*.csv"))
    assert ("历史数据不足" in page) == refused  # refusals are listed
    assert "生成失败" not in page  # no page failed
    assert not [p for p in out.parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
    # the dashboard's workbook: the analyst's four sheets, formatted numbers, no scratch path
    from openpyxl import load_workbook

    from jxforecast.report.excel import PROBABILITY_FORMAT

    book = load_workbook(out / "dashboard_000.xlsx")
    assert book.sheetnames == ["汇总", "评估明细", "数据来源", "说明"]
    summary = book["汇总"]
    assert [c.value for c in summary[1]][4] == "实现概率" and summary["E2"].number_format == PROBABILITY_FORMAT
    assert book["数据来源"].max_row > 10
    assert all(".tmp-" not in str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row)
    dashboard = (out / "dashboard_000.html").read_text(encoding="utf-8")
    assert ".tmp-" not in dashboard and "No artists with labels" not in dashboard


def test_every_page_says_how_to_reproduce_it() -> None:
    from jxforecast.report.params import reproduction

    P = validate_parameters("feasibility", {"region": "jiaxing", "indicator": "retail", "year": 2024,
                                            "target": "增长5.5%以上"})
    text = reproduction("feasibility", P, jx.load_observations())
    assert "`jxforecast run feasibility" in text and "-p indicator=retail" in text
    assert "-p target='增长5.5%以上'" in text and "(the embedded data)" in text and "newest vintage" in text


def test_the_dashboard_table_reads_like_a_report() -> None:
    from jxforecast.report.dashboard import summary_table
    from jxforecast.report.tables import readable_summary, styled_summary

    table = pd.DataFrame([
        {"target_id": "003-01", "year": 2024, "indicator": "gdp", "quote": "地区生产总值增长6%左右。", "as_of": 2023,
         "probability": 0.384, "probability_strict": 0.3, "verdict": "stretch", "median": 4.81, "lo": 1.86,
         "hi": 7.67, "outcome": 5.6, "met_tolerant": True, "evidence_zh": "…", "evidence": "…", "note": ""},
        {"target_id": "003-02", "year": 2024, "indicator": "industry_va", "quote": "规上工业增加值增长6%以上。",
         "as_of": 2023, "probability": 0.63, "probability_strict": 0.63, "verdict": "attainable", "median": 6.84,
         "lo": 3.4, "hi": 10.4, "outcome": None, "met_tolerant": None, "evidence_zh": "", "evidence": "", "note": ""},
    ])
    view = readable_summary(summary_table(table, "zh"), "zh")
    assert list(view.columns[:5]) == ["编号", "指标", "目标原文", "评估基期", "实现概率"]
    assert view["实现概率"].tolist() == ["38%", "63%"] and view["严格口径"].tolist() == ["30%", ""]
    assert view["判断"].tolist()[0] == "需努力" and view["实现"].tolist() == ["✓ 实现", ""]
    assert view["预测中位数"].tolist() == ["4.8%", "6.8%"] and view["80%区间"].tolist()[0] == "1.9 – 7.7%"
    assert view["实际"].tolist() == ["5.6%", ""]
    html = styled_summary(summary_table(table, "zh"), "zh").to_html()
    assert "#b45309" in html and "地区生产总值" in html and "#1a7f37" in html  # verdict and outcome coloured


def test_outcomes_are_judged_and_probabilities_never_certain() -> None:
    """Met, met only within the tolerance, missed; a finite simulation never prints 100% or 0%."""
    from jxforecast.feasibility.quantity import TargetRow, outcome_text, probability_text, value_text
    from jxforecast.report.dashboard import summary_table
    from jxforecast.report.tables import readable_summary

    assert [probability_text(p) for p in (0.9995, 1.0, 0.99, 0.366, 0.01, 0.004, 0.0)] == [
        ">99%", ">99%", "99%", "37%", "1%", "<1%", "<1%"]
    growth = TargetRow("budget_revenue", "~", "yoy_nominal", "pct", 6.0)
    assert outcome_text(1.06, False, False, growth, "zh") == "1.1% × 未实现"
    assert outcome_text(5.6, True, False, growth, "en") == "5.6% ✓ met within tolerance"
    assert outcome_text(7.92864, True, True, growth, "en") == "7.9% ✓ met"
    assert value_text(1128.9352, TargetRow("fai", ">=", "level", "100m_yuan", 1100.0), "zh") == "1,129亿元"
    assert value_text(2.4137, TargetRow("income_urban", "sync", "yoy_nominal", "pct", None, "gdp"), "zh") == "+2.4个百分点"
    in_step = TargetRow("income_urban", "sync", "yoy_nominal", "pct", None, "gdp")
    assert outcome_text(7.92864, False, False, in_step, "zh") == "7.9% × 未实现"  # the income's own real growth
    table = pd.DataFrame([
        {"target_id": "003-07", "year": 2024, "indicator": "budget_revenue", "quote": "一般公共预算收入增长6%左右。",
         "as_of": 2023, "probability": 0.8495, "probability_strict": 0.757, "verdict": "likely", "median": 7.09,
         "lo": 5.1, "hi": 9.1, "outcome": 1.06, "met_tolerant": False, "met_strict": False, "operator": "~",
         "value": 6.0, "measure": "yoy_nominal", "unit": "pct", "evidence": "", "evidence_zh": "", "note": ""},
        {"target_id": "003-32", "year": 2024, "indicator": "fai", "quote": "全年完成投资3300亿元以上",
         "as_of": 2023, "probability": 0.9995, "probability_strict": 0.9995, "verdict": "likely", "median": 4289.9,
         "lo": 3937.7, "hi": 4668.6, "outcome": None, "met_tolerant": None, "met_strict": None, "operator": ">=",
         "value": 3300.0, "measure": "level", "unit": "100m_yuan", "evidence": "", "evidence_zh": "", "note": ""},
    ])
    view = readable_summary(summary_table(table, "zh"), "zh")
    assert view["实现概率"].tolist() == ["85%", ">99%"] and view["实现"].tolist() == ["× 未实现", ""]
    assert view["实际"].tolist() == ["1.1%", ""] and view["80%区间"].tolist()[1] == "3,938 – 4,669亿元"


def test_tables_on_the_feasibility_page_speak_the_page_language() -> None:
    from jxforecast.feasibility import assess, build_target, model_table
    from jxforecast.report.tables import models_view, required_sentence, sources_view

    a = assess(build_target("jiaxing", "retail", 2024, text="增长5.5%以上"), n_paths=500)
    history = jx.load_series("jiaxing", "retail", "yoy_nominal", as_of=2023)
    assert list(sources_view(history, "zh").columns[:4]) == ["年份", "数值", "发布年份", "来源类别"]
    models = models_view(model_table(a), "zh")
    # the blend has no weight of its own: a dash, never nan%
    assert "权重" in models.columns and all(str(w).endswith("%") or w == "—" for w in models["权重"])
    assert "nan" not in models.to_string() and list(models.index) == list(range(len(models)))
    assert required_sentence(a, "zh").startswith("需要：名义增速 5.50%") and required_sentence(a, "en").startswith(
        "Required: nominal growth of 5.50%")


def test_a_sources_table_puts_official_sources_first_named_by_publisher_with_the_shares_under_it() -> None:
    from jxforecast.report.tables import sources_table, sources_view

    history = jx.load_series("china", "services_va", "yoy_real")
    view = sources_view(history, "zh")
    order = {"官方": 0, "媒体": 1, "转载": 2}
    ranks = [order[q] for q in view["来源类别"]]
    assert ranks == sorted(ranks)
    first = view.iloc[0]
    assert first["来源类别"] == "官方" and first["来源"].startswith("国家统计局 · ")
    assert view.attrs["shares"].startswith(f"以上 {len(view)} 个数据中，官方来源 ")
    html = sources_table(history, "en").to_html()
    assert '<a href="https://www.stats.gov.cn/' in html and ">National Bureau of Statistics · " in html
    assert "caption-side: bottom" in html and f"Of these {len(view)} figures" in html
    # figures as their sources print them (7.8, not 7.800000)
    assert "00000<" not in html and f">{history.dropna().iloc[-1]:.10g}<" in html


def test_pages_embed_the_cjk_font_for_their_characters() -> None:
    """A subset of the shipped Noto Sans CJK with the page's own characters, as a WOFF data URI."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from jxforecast.report.fonts import embed_cjk_font

    page = "<html><head><title>t</title></head><body><p>嘉兴 GDP 增长6%左右 ✓</p></body></html>"
    out = embed_cjk_font(page)
    found = re.search(r'@font-face\{font-family:"jxforecast CJK";src:url\("data:font/woff;base64,([^"]+)"\)', out)
    assert found and out.index("@font-face") < out.index("</head>")
    font = TTFont(io.BytesIO(base64.b64decode(found.group(1))))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "嘉兴增长左右✓") and ord("汉") not in cmap and ord("G") not in cmap
    assert len(out) - len(page) < 40_000  # a few characters, a few kilobytes
    assert embed_cjk_font("<html><head></head><body>GDP</body></html>") == "<html><head></head><body>GDP</body></html>"


def test_the_base_font_holds_every_character_of_the_embedded_data_the_font_draws() -> None:
    """Pages are cut from the base font, not the whole 16 MB one (0.15 s instead of 0.5 s a page).

    Sources' titles come in Chinese and in Japanese, Korean or Russian editions: every
    character of the shipped tables and translations that Noto Sans CJK can draw must be
    in the base, and a page with one that is not still gets it (cut from the whole font).
    """
    from fontTools.ttLib import TTFont

    from jxforecast._paths import data_dir
    from jxforecast.report.fonts import _common_characters, cjk_font_path, page_characters, subset_woff

    drawn = TTFont(str(cjk_font_path()), lazy=True).getBestCmap()
    texts = [p.read_text(encoding="utf-8") for p in sorted(data_dir().glob("*.csv"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(Path(jx.__file__).parent.joinpath("i18n").rglob("*.po"))]
    wanted = {c for text in texts for c in page_characters(text) if ord(c) in drawn}
    assert {"値", "増", "ě", "И"} <= wanted  # the test reads real titles
    missing = wanted - set(_common_characters())
    assert not missing, f"not in the base font: {''.join(sorted(missing))}"
    import io

    cut = TTFont(io.BytesIO(subset_woff("똠嘉")))  # 똠 is not in KS X 1001, nor the base: cut from the whole font
    assert "똠" not in _common_characters() and {ord("똠"), ord("嘉")} <= set(cut.getBestCmap())


def test_a_font_cut_is_read_back_as_made_and_keyed_by_what_made_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's font from the cache folder is the bytes a fresh cut gives; another fontTools, another key."""
    import fontTools

    from jxforecast.report import fonts

    characters = fonts.page_characters("嘉兴 地区生产总值 増 ≈")
    first, again = fonts.subset_woff(characters), fonts.subset_woff(characters)  # the second from the cache
    base, _, _ = fonts._base_font()
    assert first == again == fonts._subset(base, characters, hinted=False)
    key = fonts._cut_key()
    monkeypatch.setattr(fontTools, "version", "0.0")
    assert fonts._cut_key() != key and "fontTools 0.0" in fonts._cut_key()
