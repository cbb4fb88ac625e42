"""The data layer: embedded figures, vintages, real-time cuts, users' files."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import jxforecast as jx
from jxforecast.errors import DataError, UnknownNameError
from tests.conftest import CORPUS

# Jiaxing real GDP growth, latest vintage, as published (2015 has no figure in the sources).
JIAXING_GDP_GROWTH = {
    2011: 10.6, 2012: 8.7, 2013: 9.3, 2014: 7.5, 2016: 7.0, 2017: 7.8, 2018: 7.6,
    2019: 7.0, 2020: 3.5, 2021: 8.5, 2022: 2.5, 2023: 6.3, 2024: 5.6,
}


def test_jiaxing_gdp_growth_2011_2024_with_sources() -> None:
    s = jx.load_series("jiaxing", "gdp", "yoy_real")
    assert isinstance(s.index, pd.PeriodIndex)
    got = {p.year: v for p, v in s.items() if 2011 <= p.year <= 2024}
    assert got == JIAXING_GDP_GROWTH
    sources = jx.series_sources(s)
    assert len(sources) == len(s)
    assert sources["source_url"].str.len().gt(0).all()
    assert not sources["derived"].any()
    assert "8.5" in sources.loc[sources["period"] == "2021", "quote"].iloc[0]


def test_gdp_2020_revision_first_vs_final() -> None:
    first = jx.load_series("jiaxing", "gdp", "level", vintage="first")
    latest = jx.load_series("jiaxing", "gdp", "level")
    assert first[pd.Period("2020", "Y")] == 5509.52
    assert latest[pd.Period("2020", "Y")] == 5563.58


def test_as_of_is_what_was_known_when_the_next_plan_was_written() -> None:
    as_2020 = jx.load_series("jiaxing", "gdp", "level", as_of=2020)
    assert as_2020.index.max() == pd.Period("2020", "Y")
    assert as_2020[pd.Period("2020", "Y")] == 5509.52  # first release, early 2021
    as_2022 = jx.load_series("jiaxing", "gdp", "level", as_of=2022)
    assert as_2022[pd.Period("2020", "Y")] == 5563.58  # final figure, out by early 2023
    assert as_2022.index.max() == pd.Period("2022", "Y")
    # nothing published after early 2023 leaks in
    src = jx.series_sources(as_2022)
    pub = jx.data.vintages.publication_year(src["vintage"], src["period"])
    assert (pub <= 2023).all()


def test_unknown_names_are_clear() -> None:
    with pytest.raises(UnknownNameError, match="Unknown indicator 'gpd'. Did you mean gdp"):
        jx.load_series("jiaxing", "gpd")
    with pytest.raises(UnknownNameError, match="Unknown region 'jiaxin'"):
        jx.load_series("jiaxin", "gdp")


def test_registry_directions() -> None:
    assert jx.get_indicator("cpi").direction == "lower"
    assert jx.get_indicator("unemployment_surveyed").direction == "lower"
    assert jx.get_indicator("gdp").basis == "real"
    assert jx.get_indicator("retail").basis == "nominal"
    assert {"jiaxing", "xiuzhou", "zhejiang", "china"} <= set(jx.regions())


def test_embedded_keys_are_unique_and_sourced() -> None:
    obs = jx.load_observations()
    key = ["region", "indicator", "freq", "period", "measure", "vintage"]
    assert not obs.duplicated(key).any()
    assert obs["source_url"].str.len().gt(0).all()
    assert len(obs) > 600


def test_user_long_file_adds_a_region(tmp_path) -> None:
    f = tmp_path / "mine.csv"
    f.write_text(
        "region,indicator,period,measure,value,unit,vintage,source_url\n"
        "haining,gdp,2022,yoy_real,3.1,pct,2023,https://example.org/h\n"
        "haining,gdp,2023,yoy_real,6.0,pct,2024,https://example.org/h\n",
        encoding="utf-8",
    )
    data = jx.load_observations(f)
    s = jx.load_series("haining", "gdp", data=data)
    assert s.tolist() == [3.1, 6.0]


def test_user_wide_yearbook_excel_overrides_embedded(tmp_path) -> None:
    wide = pd.DataFrame(
        {
            "region": ["jiaxing"], "indicator": ["gdp"], "measure": ["yoy_real"], "unit": ["pct"],
            "vintage": ["2025"], "source_url": ["年鉴2025"], "2023": [6.4], "2024": [""],
        }
    )
    f = tmp_path / "yearbook.xlsx"
    wide.to_excel(f, sheet_name="表1", index=False)
    data = jx.load_observations(f)
    s = jx.load_series("jiaxing", "gdp", data=data)
    assert s[pd.Period("2023", "Y")] == 6.4  # vintage 2025 beats 2024
    assert s[pd.Period("2024", "Y")] == 5.6  # blank cell: embedded figure kept


def test_env_folder_is_read(tmp_path, monkeypatch) -> None:
    shutil.copy(CORPUS / "bad_data" / "good_long.csv", tmp_path / "good.csv")
    monkeypatch.setenv("JXFORECAST_DATA", str(tmp_path))
    s = jx.load_series("jiaxing", "gdp", data=jx.load_observations())
    assert s[pd.Period("2030", "Y")] == 6.1


def test_excel_sheet_not_found(tmp_path) -> None:
    f = tmp_path / "book.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(f, sheet_name="数据", index=False)
    with pytest.raises(DataError, match="sheet '2024' not found; the workbook has 数据"):
        jx.read_observations(f, sheet="2024")


# ----------------------------------------------------------------------------- derived growth, units, sources
def test_growth_is_derived_from_levels_only_where_none_was_published() -> None:
    growth = jx.load_series("jiaxing", "budget_revenue", "yoy_nominal")
    sources = jx.series_sources(growth).set_index("period")
    assert growth[pd.Period("2023", "Y")] == pytest.approx(100 * (632 / 596.47 - 1), abs=0.01)
    assert bool(sources.loc["2023", "derived"]) and "632 (2023) / 596.47 (2022)" in sources.loc["2023", "quote"]
    assert growth[pd.Period("2022", "Y")] == -11.6 and not bool(sources.loc["2022", "derived"])  # published wins
    # GDP levels are nominal: no real growth is ever derived from them
    assert not jx.series_sources(jx.load_series("jiaxing", "gdp", "yoy_real"))["derived"].any()
    # a level rounded to 4.89万 would give growth off by more than a quarter point: not used
    income = jx.series_sources(jx.load_series("jiaxing", "income_rural", "yoy_nominal"))
    assert "2016" not in set(income["period"])


def test_levels_in_smaller_units_are_converted() -> None:
    jobs = jx.load_series("xiuzhou", "new_urban_jobs", "level")  # published as 15111 persons
    assert jobs[pd.Period("2022", "Y")] == pytest.approx(1.5111)


def test_every_figure_has_a_source_quality_and_users_are_rated_from_the_address(tmp_path) -> None:
    from jxforecast.data.sources import rate_source

    obs = jx.load_observations()
    assert set(obs["source_quality"]) <= {"official", "press", "secondary"}
    assert rate_source("http://www.stats.gov.cn/sj/zxfb/202302/t20230228_1919011.html") == "official"
    assert rate_source("https://www.xinhuanet.com/fortune/2024-01/17/c_1130064405.htm") == "press"
    assert rate_source("https://tradingeconomics.com/china/gdp-growth-annual") == "secondary"
    assert rate_source("seed:001_624f1c0b5e1e1e4b.txt") == "official"
    f = tmp_path / "mine.csv"
    f.write_text("region,indicator,year,measure,value,unit,vintage,source_url\n"
                 "jiaxing,pm25,2022,level,27,ug_m3,2023,http://sthjj.jiaxing.gov.cn/art/2023/1/1/a.html\n",
                 encoding="utf-8")
    mine = jx.read_observations(f)
    assert mine["source_quality"].tolist() == ["official"]


def test_no_china_or_zhejiang_figure_behind_the_report_cites_a_secondary_page_when_an_official_one_is_kept() -> None:
    """A figure the default report reads is never cited to a secondary page beside an official alternate.

    An official row of the same key in the alternates must be the loaded one; and the official or
    press shares of China's and Zhejiang's figures do not fall below those measured.
    """
    from jxforecast._paths import embedded_path
    from jxforecast.data.schema import KEY
    from jxforecast.data.sources import quality_shares
    from jxforecast.feasibility.inputs import figures_behind
    from jxforecast.report.dashboard import dashboard_targets

    targets, _ = dashboard_targets("all")
    behind = figures_behind(targets)
    ours = behind[behind["region"].isin(["china", "zhejiang"]) & (behind["source_quality"] == "secondary")]
    # several alternates may share a key: read as text, not validated as a table of unique keys
    alternates = pd.read_csv(embedded_path("observations_alternates.csv"), dtype=str, keep_default_na=False)
    official = alternates[alternates["source_quality"] == "official"]
    clash = ours.astype({k: str for k in KEY}).merge(official[KEY + ["source_url"]], on=KEY,
                                                      suffixes=("", "_official"))
    assert clash.empty, "cite the official page instead:\n" + clash[KEY + ["source_url_official"]].to_string()
    # measured with bench/coverage.py; raise these as figures are re-cited, never lower them
    floors = {"china": 0.94, "zhejiang": 0.53}
    for region, floor in floors.items():
        share = quality_shares(behind.loc[behind["region"] == region, "source_quality"])
        assert share["official"] + share["press"] >= floor, region


# figures whose page has not been found: the source column describes the publication instead
# of giving its address. Remove a row when its address is found; never add one.
WITHOUT_ADDRESS = {
    ("jiaxing", "fai", "A", "2009", "level"),
    ("jiaxing", "fai", "A", "2009", "yoy_nominal"),
    ("jiaxing", "fdi", "A", "2021", "level"),
    ("jiaxing", "income_rural", "A", "2021", "yoy_nominal"),
    ("jiaxing", "income_urban", "A", "2021", "yoy_nominal"),
    ("jiaxing", "retail", "A", "2024", "level"),
    ("jiaxing", "retail", "A", "2009", "yoy_nominal"),
    ("jiaxing", "retail", "M", "2024-12", "ytd_level"),
    ("jiaxing", "services_va", "A", "2009", "yoy_real"),
    ("zhejiang", "cpi", "A", "2025", "rate"),
    ("zhejiang", "fai", "A", "2025", "yoy_nominal"),
    ("zhejiang", "retail", "A", "2025", "yoy_nominal"),
}


def test_every_shipped_figure_cites_an_address_or_a_plan_document() -> None:
    from jxforecast._paths import embedded_path

    obs = pd.read_csv(embedded_path("observations.csv"), dtype=str, keep_default_na=False)
    described = obs[~obs["source_url"].str.match(r"^(https?://\S+|seed:\S+)$")]
    keys = set(described[["region", "indicator", "freq", "period", "measure"]].itertuples(index=False, name=None))
    assert keys <= WITHOUT_ADDRESS, f"a figure without an address: {sorted(keys - WITHOUT_ADDRESS)}"
    assert (described["source_quality"] == "secondary").all()  # a description is never more than secondary
