"""extract_targets / read_plan_text on the seed documents and on variants in tests/corpus/plans."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from jxforecast.errors import DataError
from jxforecast.registry import indicators
from jxforecast.targets.extract import COLUMNS, UNCLASSIFIED, extract_targets, read_plan_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
PLANS = Path(__file__).parent / "corpus" / "plans"


@pytest.fixture(scope="module")
def seed():
    cache: dict[str, tuple[str, pd.DataFrame]] = {}

    def get(prefix: str) -> tuple[str, pd.DataFrame]:
        if prefix not in cache:
            path = next(SEEDS.glob(f"{prefix}_*.txt"))
            text = read_plan_text(path)
            cache[prefix] = (text, extract_targets(text, source=path.name))
        return cache[prefix]

    return get


def _row(df: pd.DataFrame, indicator: str, value=None, **eq) -> pd.Series:
    sel = df[df["indicator"] == indicator]
    if value is not None:
        sel = sel[[v is not None and not pd.isna(v) and abs(v - value) < 1e-9 for v in sel["value"]]]
    for k, v in eq.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"{indicator} {value} {eq}: {len(sel)} rows\n{df[df['indicator'] == indicator]}"
    return sel.iloc[0]


def _offsets_hold(text: str, df: pd.DataFrame) -> None:
    assert list(df.columns) == COLUMNS
    for s, e, q in zip(df["start"], df["end"], df["quote"]):
        assert text[s:e] == q


# ---------------------------------------------------------------------------------------- seeds


def test_task_list_table_with_responsible_units(seed):
    text, df = seed("003")
    _offsets_hold(text, df)
    gdp = _row(df, "gdp", 6.0)
    assert (gdp.measure, gdp.operator, gdp.unit, gdp.basis) == ("yoy_real", "~", "pct", "real")
    assert gdp.quote == "地区生产总值增长6%左右" and gdp.responsible == "市发展改革委"
    assert gdp.start == text.index("地区生产总值增长6%左右")
    assert (gdp.region, gdp.source_doc) == ("jiaxing", "003_329468910c44fa33.txt")
    assert pd.isna(gdp.year)  # the task list never states its year ...
    assert set(extract_targets(text, year=2024)["year"]) == {2024}  # ... so the caller gives it
    jobs = _row(df, "new_urban_jobs", 11.0)
    assert (jobs.unit, jobs.measure, jobs.responsible) == ("10k_persons", "level", "市人力社保局")
    unemp = _row(df, "unemployment_surveyed", 5.0)
    assert (unemp.operator, unemp.measure, unemp.quote) == ("<=", "rate", "调查失业率控制在5%以内")
    assert _row(df, "rd_share", 3.55).operator == "level"
    assert _row(df, "rd_share", 3.55).unit == "pct_of_gdp"
    assert _row(df, "cpi", 3.0).measure == "rate"
    assert _row(df, "retail", 5.5).operator == ">="
    sync = df[df["operator"] == "sync"]
    assert sorted(sync["indicator"]) == ["income_rural", "income_urban"]
    assert set(sync["reference"]) == {"gdp"} and sync["value"].isna().all()


def test_traditional_work_report_keeps_original_quotes(seed):
    text, df = seed("002")
    _offsets_hold(text, df)
    gdp = _row(df, "gdp", 6.0)
    assert (gdp.operator, gdp.value_high, gdp.region, gdp.year) == ("ensure_strive", 8.0, "xiuzhou", 2023)
    assert gdp.quote == "地區生產總值增長確保6%以上,力爭8%"
    assert _row(df, "budget_revenue", 3.0).quote == "一般公共預算收入增長3%"
    pm = _row(df, "pm25", 28.0)
    assert (pm.operator, pm.unit, pm.quote) == ("<=", "ug_m3", "確保PM2.5均值不超過28微克/立方米")
    fdi = _row(df, "fdi", 3.6)
    assert (fdi.operator, fdi.value_high, fdi.unit) == ("ensure_strive", 3.8, "100m_usd")
    assert _row(df, "fai", 20.0).operator == ">="
    # 2022 outcomes in the review section are not targets
    assert not any(abs(v - 622.31) < 1e-9 for v in df["value"].dropna())
    assert not any(abs(v - 4.3) < 1e-9 for v in df["value"].dropna())
    # the lead repeats the 600亿元 target of the body: recorded once
    assert (df["value"] == 600).sum() == 1


def test_five_year_proposal_blanks_and_horizons(seed):
    text, df = seed("004")
    _offsets_hold(text, df)
    gdp = df[(df["indicator"] == "gdp") & (df["measure"] == "level")]
    blank = gdp[gdp["status"] == "blanked"]
    assert len(blank) == 1 and pd.isna(blank.iloc[0]["value"]) and blank.iloc[0]["operator"] == ">="
    strive = _row(df, "gdp", 10000.0)
    assert (strive.unit, strive.operator, strive.year, strive.base_year) == ("100m_yuan", ">=", 2025, 2020)
    assert "x10000" in strive.note
    water = _row(df, "water_quality")
    assert water.status == "blanked" and pd.isna(water.value)
    double = _row(df, "gdp", 2.0, measure="multiple")
    assert (double.year, double.base_year, double.unit) == (2035, 2020, "ratio")
    assert "base year blanked" in double.note
    assert _row(df, "rd_share", 3.5).year == 2025
    # the 十三五 review (突破亿元, R&D 3.07%) is history, not a target
    assert not any(abs(v - 3.07) < 1e-9 for v in df["value"].dropna())
    assert not (df["indicator"] == "fiscal_total_revenue").any()


def test_attachment_table_cells_on_separate_lines(seed):
    text, df = seed("001")
    _offsets_hold(text, df)
    gdp = _row(df, "gdp", 8.0)
    assert gdp.quote.startswith("地区生产总值") and gdp.quote.endswith("增长8%左右") and gdp.operator == "~"
    assert _row(df, "rd_share", 3.24).measure == "share"
    assert _row(df, "water_quality", 85.0).operator == ">="
    fdi = _row(df, "fdi", 28.0, operator="ensure_strive")
    assert fdi.value_high == 30.0 and fdi.quote == "实际利用外资确保28亿美元、力争30亿美元"
    # stated in the prose and again in the attachment: once
    assert len(df[df["indicator"] == "unemployment_registered"]) == 1
    assert _row(df, "pm25", 32.0).operator == "<="


def test_plan_prose_measures(seed):
    text, df = seed("000")
    energy = _row(df, "energy_intensity", -4.0)
    assert (energy.measure, energy.operator) == ("change_pct", "<=")  # 下降4%以上: change <= -4
    solar = df[(df["value"] == 40.0) & (df["unit"] == "10k_kw")].iloc[0]  # 新增光伏装机容量40万千瓦以上
    assert solar.indicator.startswith("solar_capacity") and solar.operator == ">="
    assert _row(df, "water_quality", 95.0).operator == ">="
    assert _row(df, "services_va", 5.0).measure == "yoy_real"
    assert _row(df, "fai", 10.0).measure == "yoy_nominal"
    # 生产性服务业占服务业增加值比重: the share of something else, not services value added
    assert not (df[df["value"] == 55]["indicator"] == "services_va").any()
    # 出口名牌企业 is not exports
    assert not ((df["indicator"] == "exports") & (df["value"] == 135)).any()
    hte = df[df["value"] == 500].iloc[0]  # counts of firms: a document-specific (non-core) indicator
    assert hte.quote == "新增高新技术企业500家" and hte.unit == "count" and hte.operator == "~"


# ---------------------------------------------------------------------------------------- variants


def _core_tuples(df: pd.DataFrame) -> list[tuple]:
    out = []
    for r in df.itertuples():
        v = None if pd.isna(r.value) else round(float(r.value), 6)
        h = None if r.value_high is None or (isinstance(r.value_high, float) and math.isnan(r.value_high)) \
            else round(float(r.value_high), 6)
        out.append((r.indicator, r.measure, r.operator, v, h, r.unit, r.year))
    return sorted(out, key=str)


def test_reordered_prose_with_wording_variants():
    text = read_plan_text(PLANS / "reordered_prose.txt")
    df = extract_targets(text, source="reordered_prose.txt")
    _offsets_hold(text, df)
    assert set(df["region"]) == {"huzhou"} and set(df["year"]) == {2024}
    assert _row(df, "rd_share", 3.3).quote == "研发经费支出占GDP比重达到3.3%"
    retail = _row(df, "retail", 5.0)
    assert (retail.operator, retail.value_high) == ("range", 6.0)
    assert _row(df, "budget_revenue", 4.0).operator == "~"
    assert _row(df, "industry_va", 7.0).measure == "yoy_real"
    assert _row(df, "gdp", 5.5).operator == "ensure_strive"
    cpi = _row(df, "cpi", 3.0)
    assert cpi.operator == "<=" and "strive" not in cpi.note
    jobs = _row(df, "new_urban_jobs", 8.0)  # 不少于八万人 (Chinese numeral)
    assert (jobs.operator, jobs.unit) == (">=", "10k_persons")
    assert _row(df, "energy_intensity", -3.0).measure == "change_pct"
    assert _row(df, "fdi", 20.0).operator == ">="
    assert _row(df, "pm25", 30.0).operator == "<="
    assert sorted(df[df["operator"] == "sync"]["indicator"]) == ["income_rural", "income_urban"]
    # the 2023 review section gives outcomes, not targets
    assert not any(abs(v - 6.1) < 1e-9 for v in df["value"].dropna())
    assert _row(df, UNCLASSIFIED, 2000.0).quote.startswith("建成5G基站2000个")
    hte = df[df["value"] == 300].iloc[0]  # 三百家 (Chinese numeral), a registry indicator that is not core
    assert hte.unit == "count" and hte.quote == "新增國家高新技術企業三百家".replace("國", "国").replace("術", "术").replace("業", "业")
    assert hte.indicator == UNCLASSIFIED or not indicators()[hte.indicator].core


@pytest.mark.parametrize("name", ["traditional_fullwidth.txt", "gbk_encoded.txt", "utf16_bom.txt", "utf8_bom.txt"])
def test_variants_give_the_same_targets(name):
    base = extract_targets(read_plan_text(PLANS / "reordered_prose.txt"))
    text = read_plan_text(PLANS / name)
    df = extract_targets(text)
    _offsets_hold(text, df)
    assert _core_tuples(df) == _core_tuples(base)


def test_traditional_quote_is_original_text():
    text = read_plan_text(PLANS / "traditional_fullwidth.txt")
    df = extract_targets(text)
    rd = _row(df, "rd_share", 3.3)
    assert rd.quote == "研發經費支出佔GDP比重達到３．３％"
    assert text[rd.start:rd.end] == rd.quote


def test_five_year_variant():
    text = read_plan_text(PLANS / "five_year.txt")
    df = extract_targets(text, source="five_year.txt")
    _offsets_hold(text, df)
    gdp = _row(df, "gdp", 12000.0)
    assert (gdp.unit, gdp.year, gdp.base_year, gdp.operator) == ("100m_yuan", 2025, 2020, "level")
    assert _row(df, "population", 1000.0).year == 2025  # 到“十四五”末
    assert _row(df, "budget_revenue", 6.0).measure == "cagr"
    double = _row(df, "gdp", 2.0)
    assert (double.measure, double.year, double.base_year) == ("multiple", 2035, 2020)
    out = _row(df, "industry_output")
    assert out.status == "blanked" and pd.isna(out.value) and out.quote == "工业总产值力争达到*亿元"
    assert df["target_id"].iloc[0] == "five_year-01"


def test_pipe_table_responsible():
    text = read_plan_text(PLANS / "pipe_table.txt")
    df = extract_targets(text, region="ningbo", year=2022)
    assert set(df["region"]) == {"ningbo"} and set(df["year"]) == {2022}
    assert _row(df, "industry_va", 6.5).responsible == "市经信局"
    assert _row(df, "cpi", 3.0).responsible == "市发展改革委、市统计局"
    assert _row(df, "new_urban_jobs", 9.0).responsible == "市人力社保局"
    assert not (df["value"] == 1).any() and not (df["value"] == 4).any()  # serial numbers


def test_tab_table():
    text = read_plan_text(PLANS / "tab_table.txt")
    df = extract_targets(text)
    _offsets_hold(text, df)
    assert _row(df, "gdp", 7.0).operator == "~"
    assert _row(df, "budget_revenue", 6.0).measure == "yoy_nominal"
    assert _row(df, "unemployment_registered", 3.5).operator == "<="
    assert _row(df, "pm25", 30.0).unit == "ug_m3"
    pp = df[df["unit"] == "pp"].iloc[0]
    assert pp.value == 1.0 and pp.quote == "常住人口城镇化率\t提高1个百分点"


def test_no_targets_gives_empty_frame():
    df = extract_targets(read_plan_text(PLANS / "no_targets.txt"))
    assert df.empty and list(df.columns) == COLUMNS


@pytest.mark.parametrize(("name", "fragment"), [("empty.txt", "is empty"), ("blank_lines.txt", "is empty"),
                                                ("binary.txt", "binary"), ("missing.txt", "does not exist")])
def test_read_plan_text_errors(name, fragment):
    with pytest.raises(DataError, match=fragment):
        read_plan_text(PLANS / name)


def test_one_megabyte_document():
    filler = "坚持稳中求进工作总基调，深入推进改革创新，持续优化营商环境，不断增进民生福祉。" * 8
    blocks = [f"第{i}部分工作安排\n{filler}\n全市地区生产总值增长{1 + i / 10000:.4f}%左右，新建公园{i + 1}个。\n"
              for i in range(3000)]
    text = "".join(blocks)
    assert len(text.encode()) > 1_000_000
    df = extract_targets(text, region="jiaxing", year=2025)
    gdp = df[df["indicator"] == "gdp"]
    assert len(gdp) == 3000 and (gdp["operator"] == "~").all()
    assert len(df[df["indicator"] == UNCLASSIFIED]) == 3000
    row = gdp.iloc[1234]
    assert row.value == pytest.approx(1.1234) and row.quote == "地区生产总值增长1.1234%左右"
    assert text[row.start:row.end] == row.quote
    assert row.start == text.index("地区生产总值增长1.1234%左右")


def test_held_out_work_report():
    """A report written after the rules were fixed: other wording, a review section, a 其中 clause."""
    text = read_plan_text(PLANS / "heldout_prose.txt")
    df = extract_targets(text)
    _offsets_hold(text, df)
    got = {(r.indicator, r.measure, r.operator, r.value) for r in df.itertuples() if not pd.isna(r.value)}
    assert got == {
        ("gdp", "yoy_real", ">=", 7.0), ("industry_va", "yoy_real", "~", 8.0),
        ("retail", "yoy_nominal", "~", 6.5), ("exports", "yoy_nominal", ">=", 5.0),
        ("fdi", "level", "~", 8.0), ("unemployment_surveyed", "rate", "<=", 5.5), ("cpi", "rate", "~", 3.0),
        ("energy_intensity", "change_pct", "<=", -3.0), ("fai", "yoy_nominal", "~", 10.0),
        ("manufacturing_investment", "yoy_nominal", ">=", 15.0), ("rd_share", "share", "level", 2.6),
        ("new_urban_jobs", "level", ">=", 3.0), ("pm25", "level", "<=", 22.0),
        ("water_quality", "share", "level", 90.0),
    }
    assert _row(df, "income_per_capita").operator == "sync"
    assert set(df["region"]) == {"zhoushan"} and set(df["year"]) == {2022}
    assert _row(df, "gdp", 7.0).quote == "GDP增长7%以上"
