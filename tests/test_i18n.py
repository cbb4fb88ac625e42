"""One language per page: the message catalogue is complete, and a page reads in the language asked for.

- every message of the code (``make messages`` extracts them) has a non-empty entry in both
  ``zh_CN`` and ``en``, and the template ``jxforecast.pot`` is up to date;
- a Chinese target page and a Chinese summary show no English sentence of the catalogue,
  no ``nan%`` and no pandas index column;
- an English page shows no Chinese outside what it quotes: the plan's wording of the target
  (the sentence the page assesses, quoted as written) and the source documents' excerpts in
  the table of figures and sources.
"""

from __future__ import annotations

import pickle
import re
import warnings
from pathlib import Path

import nbformat
import pytest

import jxforecast as jx
from jxforecast.caveats import Caveat, DataGapWarning, caveat
from jxforecast.i18n import LOCALE_DIR, _literal, catalogue, parse, percent, po_path, points, render, translate
from jxforecast.report.render import notebook_path, run_notebook

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"N_": None, "translate": None, "render": None, "_": None, "caveat": (2,), "label": None}
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
N_PATHS = 500


def _read(path: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id}


# ----------------------------------------------------------------------------- the catalogue
def test_every_message_has_both_languages() -> None:
    pot = _read(LOCALE_DIR / "jxforecast.pot")
    zh, en = _read(po_path("zh")), _read(po_path("en"))
    assert pot, "empty template: run make messages"
    for lang, po in (("zh_CN", zh), ("en", en)):
        missing = sorted(m for m in pot if not po.get(m, "").strip())
        assert not missing, f"{lang} lacks a translation of {missing[:10]}"
        stale = sorted(set(po) - set(pot))
        assert not stale, f"{lang} has messages the code no longer uses: {stale[:10]} (run make messages)"


def test_the_template_holds_every_message_of_the_code() -> None:
    """A caveat, header or sentence added to the code without a catalogue entry fails here."""
    from babel.messages.extract import extract_from_dir

    method_map = [("**.py", "python")]
    found = {str(m[2] if isinstance(m[2], str) else m[2][0])
             for m in extract_from_dir(str(ROOT / "jxforecast"), method_map, keywords=KEYWORDS)}
    pot = _read(LOCALE_DIR / "jxforecast.pot")
    assert found - set(pot) == set(), "messages missing from the catalogue: run make messages and translate them"


def test_chinese_entries_are_chinese_and_keep_their_fields() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    fields = re.compile(r"\{(\w+)")
    for msgid, text in zh.items():
        assert set(fields.findall(text)) == set(fields.findall(en[msgid])), msgid
        if fields.search(msgid):
            assert set(fields.findall(en[msgid])) == set(fields.findall(msgid)), msgid
        if " " in msgid and _literal(msgid).strip(" .;:,()%") and re.search(r"[a-z]{3}", _literal(msgid)):
            assert CJK.search(text), f"the Chinese entry of {msgid!r} has no Chinese"


def test_numbers_per_language() -> None:
    assert percent(0.366, "zh") == percent(0.366, "en") == "37%"
    assert percent(float("nan"), "zh") == "—" and percent(None, "en") == "—"
    assert points(2.44, "zh") == "+2.4个百分点" and points(-1.0, "en") == "-1.0 pp"


# ----------------------------------------------------------------------------- caveats
def test_a_caveat_is_its_english_sentence_and_keeps_its_template() -> None:
    c = caveat(DataGapWarning, "{series}: points before {year} dropped (a gap of {gap} missing years).",
               series="jiaxing.gdp.yoy_real", year=2011, gap=5)
    assert str(c) == "jiaxing.gdp.yoy_real: points before 2011 dropped (a gap of 5 missing years)."
    assert c.text("en") == str(c)
    assert c.text("zh") == "嘉兴市地区生产总值实际增速：2011年以前的数据点未用（缺 5 年）。"
    back = pickle.loads(pickle.dumps(c))
    assert back == c and back.template == c.template and back.params == c.params and back.category is DataGapWarning


def test_a_sentence_without_its_template_is_read_back() -> None:
    """A caveat read from JSON (or still written as an f-string) finds its template in the catalogue."""
    plain = Caveat("Only 7 observations: probabilities rest on a short history; read them as rough.")
    template = "Only {n_obs} observations: probabilities rest on a short history; read them as rough."
    assert parse(str(plain)) == (template, {"n_obs": "7"})
    assert plain.text("zh") == "仅 7 个观测值：概率依据的历史较短，仅供粗略参考。"
    assert render("{measure} in {year}", {"measure": "yoy_real", "year": 2024}, "zh") == "2024年实际增速"


# ----------------------------------------------------------------------------- pages
def _page_text(ipynb: Path, drop_sources: bool = True) -> tuple[str, list[str]]:
    """The text a reader sees (HTML outputs stripped of tags) and the HTML tables."""
    nb = nbformat.read(ipynb, as_version=4)
    texts, tables = [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/html" in data:
                html = "".join(data["text/html"])
                tables += re.findall(r"<table.*?</table>", html, flags=re.S)
                if drop_sources and ("col_source_url" in html or "来源类别" in html or ">source<" in html):
                    continue  # the figures' sources: addresses and excerpts quoted as published
                texts.append(html)
            elif "text/markdown" in data:
                texts.append("".join(data["text/markdown"]))
            elif "text" in out:
                texts.append("".join(out["text"]))
    import html as html_lib

    text = " ".join(texts)
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text), tables


def _english_fragments() -> list[str]:
    """The words of each English sentence of the catalogue, in pieces long enough to be telling."""
    zh, en = catalogue("zh"), catalogue("en")
    out = []
    for msgid, text in en.items():
        if zh.get(msgid) == text:
            continue
        for piece in re.split(r"\{[^{}]*\}", text):
            piece = piece.strip(" .;:,()")
            if len(piece) >= 12 and re.search(r"[A-Za-z]{3,} [A-Za-z]{2,}", piece):
                out.append(piece)
    return out


def _check_no_index_and_no_nan(text: str, tables: list[str]) -> None:
    assert "nan%" not in text and "NaN" not in text and "n/a" not in text
    for table in (t for t in tables if 'class="dataframe"' in t):  # the frames pandas wrote
        body = table.split("<tbody>", 1)[-1]
        assert "<th" not in body, "a table shows its pandas index"


@pytest.fixture(scope="module")
def zh_page(default_report: Path) -> Path:
    """003-01's page of the default report (in Chinese, the report's language)."""
    return default_report / "target_003-01_asof2023.ipynb"


@pytest.fixture(scope="module")
def en_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("en")
    return run_notebook(notebook_path("feasibility"), out, {"target_id": "003-01", "n_paths": N_PATHS,
                                                            "lang": "en"}).ipynb


@pytest.fixture(scope="module")
def a003():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jx.JxWarning)
        return jx.assess(jx.get_target("003-01"), as_of=2023, n_paths=N_PATHS, seed=0)


def test_chinese_page_reads_in_chinese(zh_page: Path) -> None:
    text, tables = _page_text(zh_page)
    _check_no_index_and_no_nan(text, tables)
    left = [f for f in _english_fragments() if f in text]
    assert not left, f"English on the Chinese page: {left[:5]}"
    prose = re.sub(r"`[^`]*`|jxforecast run .*?）", " ", text)  # the command to rerun the page is code
    prose = re.sub(r"(名称 参数).*?(数据：)", r"\2", prose)  # parameter names and values are code
    words = re.findall(r"[A-Za-z]{3,}(?:[ '’-][A-Za-z]{2,}){2,}", prose)
    assert not words, f"English words on the Chinese page: {words[:5]}"
    for english in ("time series", "target outcome", "yoy_real in", "points before", "DataGapWarning", "MethodNote"):
        assert english not in text


def test_chinese_summary_reads_in_chinese(a003) -> None:
    for rendering in (str(a003.summary("zh")), a003.summary("zh").as_html(), a003.summary("zh").as_markdown()):
        _check_no_index_and_no_nan(rendering, [])
        left = [f for f in _english_fragments() if f in rendering]
        assert not left, f"English in the Chinese summary: {left[:5]}"
    assert "时间序列" in str(a003.summary("zh")) and "(数据缺口)" in str(a003.summary("zh"))


def test_english_page_reads_in_english(en_page: Path, a003) -> None:
    text, tables = _page_text(en_page)
    _check_no_index_and_no_nan(text.replace("n/a", ""), tables)
    quote = " ".join((a003.target.quote or "").split())
    assert quote and quote in text  # the plan's own wording is quoted as written
    prose = text.replace(quote, " ")
    assert not CJK.search(prose), f"Chinese on the English page: {CJK.findall(prose)[:10]}"


def test_english_summary_is_unchanged_in_form(a003) -> None:
    text = str(a003.summary("en"))
    assert "Combined from:" in text and "time series" in text and "(w 1.00)" in text
    assert "[1] jiaxing.gdp.yoy_real: points before 2011 dropped (a gap of 5 missing years). (DataGapWarning)" in text
    assert translate("Verdict", "en") == "Verdict"


# ----------------------------------------------------------------------------- the dashboard and the index
DASHBOARD_DOC = "003"  # the seed document of the default report
DASHBOARD_PATHS = 300
ENGLISH_RUN = re.compile(r"[A-Za-z]{3,}(?:[ '’-][A-Za-z]{2,}){2,}")


def _dashboard_page(out: Path, lang: str) -> Path:
    params = {"doc": DASHBOARD_DOC, "n_paths": DASHBOARD_PATHS, "lang": lang, "max_charts": 1}
    return run_notebook(notebook_path("plan_dashboard"), out, params).ipynb


@pytest.fixture(scope="module")
def zh_dashboard(default_report: Path) -> Path:
    """The seed document's dashboard of the default report (in Chinese, the report's language)."""
    return default_report / f"dashboard_{DASHBOARD_DOC}.ipynb"


@pytest.fixture(scope="module")
def en_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _dashboard_page(tmp_path_factory.mktemp("en_dashboard"), "en")


@pytest.fixture(scope="module")
def dashboard_pages():
    """The index's rows of the seed document, as the report builder makes them."""
    from jxforecast.report.build import _feasibility_pages
    from jxforecast.report.dashboard import dashboard_items
    from jxforecast.report.index import Page
    from jxforecast.report.params import validate_parameters

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jx.JxWarning)
        items = dashboard_items(validate_parameters("plan_dashboard", {"doc": DASHBOARD_DOC,
                                                                       "n_paths": DASHBOARD_PATHS}))
    dashboard = Page("plan_dashboard", f"dashboard_{DASHBOARD_DOC}", {}, DASHBOARD_DOC)
    return dashboard, _feasibility_pages(DASHBOARD_DOC, items, {})


def _quotes() -> list[str]:
    """The plan's wording of the seed document's targets: quoted as written on every page."""
    from jxforecast.targets.catalogue import load_targets

    quotes = load_targets(doc=DASHBOARD_DOC)["quote"].dropna().astype(str)
    return sorted({" ".join(q.split()) for q in quotes if q.strip()}, key=len, reverse=True)


def _without_quotes(text: str) -> str:
    for quote in _quotes():
        text = text.replace(quote, " ")
    return text


def _markdown_text(ipynb: Path) -> str:
    """The Markdown cells a page shows (a cell tagged remove-cell is the notebook reader's)."""
    nb = nbformat.read(ipynb, as_version=4)
    return " ".join(c.source for c in nb.cells
                    if c.cell_type == "markdown" and "remove-cell" not in c.get("metadata", {}).get("tags", []))


def _check_chinese(text: str, tables: list[str], where: str) -> None:
    _check_no_index_and_no_nan(text, tables)
    left = [f for f in _english_fragments() if f in text]
    assert not left, f"English on the Chinese {where}: {left[:5]}"
    prose = re.sub(r"`[^`]*`|jxforecast run .*?）", " ", text)  # the command to rerun the page is code
    prose = re.sub(r"(名称 参数).*?(数据：)", r"\2", prose)  # parameter names and values are code
    words = ENGLISH_RUN.findall(_without_quotes(prose))
    assert not words, f"English words on the Chinese {where}: {words[:5]}"


def _check_english(text: str, tables: list[str], where: str) -> None:
    _check_no_index_and_no_nan(text.replace("n/a", ""), tables)
    prose = _without_quotes(text)
    assert not CJK.search(prose), f"Chinese on the English {where}: {CJK.findall(prose)[:10]}"


def _index_text(page: str) -> tuple[str, list[str]]:
    import html as html_lib

    body = re.sub(r"<style.*?</style>|<head>.*?</head>", " ", page, flags=re.S)
    tables = re.findall(r"<table.*?</table>", body, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"\s+", " ", text), tables


def test_chinese_dashboard_reads_in_chinese(zh_dashboard: Path) -> None:
    text, tables = _page_text(zh_dashboard)
    text += " " + _markdown_text(zh_dashboard)
    assert "计划目标总览" in text and "汇总表" in text
    assert "Summary table" not in text and "Fan charts" not in text
    _check_chinese(text, tables, "dashboard")


def test_english_dashboard_reads_in_english(en_dashboard: Path) -> None:
    text, tables = _page_text(en_dashboard)
    text += " " + _markdown_text(en_dashboard)
    assert "Plan dashboard" in text and "Summary table" in text
    _check_english(text, tables, "dashboard")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_index_reads_in_one_language(dashboard_pages, lang: str) -> None:
    from jxforecast.report.index import index_html

    dashboard, pages = dashboard_pages
    text, tables = _index_text(index_html([dashboard], pages, lang, seconds=12.0))
    assert len(pages) > 5 and all(p.row.get("target_id") in text for p in pages)
    if lang == "zh":
        assert "嘉兴计划目标可行性报告" in text and "Plan target feasibility report" not in text
        _check_chinese(text, tables, "index")
        assert not re.search(r"\d s\b", text)
    else:
        assert "Plan target feasibility report" in text
        _check_english(text, tables, "index")
