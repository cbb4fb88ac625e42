"""The outcomes of catalogue targets computed in one pass, cached by the data's content."""

from __future__ import annotations

import pandas as pd
import pytest

from jxforecast.data import load_observations, load_series
from jxforecast.data.loader import data_key, select_all
from jxforecast.targets import get_target, judge, outcomes_table
from jxforecast.targets.outcomes import clear_cache


@pytest.mark.parametrize(("freq", "vintage", "as_of"),
                         [("A", "first", None), ("A", "latest", None), ("A", "latest", 2019), ("A", "2023", None),
                          ("M", "latest", None), ("M", "first", 2023)])
def test_select_all_gives_every_series_load_series_gives(freq: str, vintage: str, as_of: int | None) -> None:
    obs = load_observations()
    table = select_all(obs, freq, vintage, as_of)
    series = obs[obs["freq"] == freq][["region", "indicator", "measure"]].drop_duplicates()
    assert len(series) > 5
    for region, indicator, measure in series.itertuples(index=False):
        one = load_series(region, indicator, measure, freq, vintage, as_of, obs)
        rows = table[(table["region"] == region) & (table["indicator"] == indicator) & (table["measure"] == measure)]
        assert list(rows["value"]) == pytest.approx(list(one), nan_ok=True), (region, indicator, measure)
        assert [str(p) for p in one.index] == [str(pd.Period(p, freq=one.index.freq)) for p in rows["period"]]
        assert [r["source_url"] for r in one.attrs["sources"]] == list(rows["source_url"])
        assert set(rows["unit"]) <= {one.attrs["unit"]}


def test_data_key_follows_content_not_identity() -> None:
    obs = load_observations()
    assert data_key(obs) == data_key(obs.copy())
    changed = obs.copy()
    changed.loc[changed.index[0], "value"] += 1
    assert data_key(changed) != data_key(obs)
    assert data_key(obs.iloc[:-1]) != data_key(obs)


def test_a_users_data_never_sees_cached_outcomes_of_other_data() -> None:
    target = get_target("003-05")  # jiaxing retail 2024
    obs = load_observations()
    assert judge(target).outcome == pytest.approx(5.3)
    mine = obs.copy()
    row = ((mine["region"] == "jiaxing") & (mine["indicator"] == "retail") & (mine["period"] == "2024")
           & (mine["measure"] == "yoy_nominal"))
    assert row.any()
    mine.loc[row, "value"] = 9.0
    assert judge(target, mine).outcome == pytest.approx(9.0)
    assert judge(target).outcome == pytest.approx(5.3)
    mine.loc[row, "value"] = 1.0  # changed in place: a new key
    assert judge(target, mine).outcome == pytest.approx(1.0)
    table = outcomes_table(data=mine).set_index("target_id")
    assert table.loc["003-05", "outcome"] == pytest.approx(1.0)
    assert outcomes_table().set_index("target_id").loc["003-05", "outcome"] == pytest.approx(5.3)


def test_outcomes_are_the_same_from_a_cold_cache_and_between_vintages() -> None:
    clear_cache()
    first = outcomes_table()
    latest = outcomes_table(vintage="latest")
    clear_cache()
    pd.testing.assert_frame_equal(outcomes_table(vintage="latest"), latest)
    pd.testing.assert_frame_equal(outcomes_table(), first)


def test_load_series_memo_hands_out_copies_and_follows_the_data() -> None:
    obs = load_observations()
    first = load_series("jiaxing", "gdp", data=obs)
    first.iloc[0] = -99.0
    first.attrs["sources"].clear()
    again = load_series("jiaxing", "gdp", data=obs)
    assert again.iloc[0] != -99.0
    assert len(again.attrs["sources"]) == len(again)
    mine = obs.copy()
    row = (mine["region"] == "jiaxing") & (mine["indicator"] == "gdp") & (mine["measure"] == "yoy_real")
    mine.loc[row, "value"] = 1.25
    assert (load_series("jiaxing", "gdp", data=mine) == 1.25).all()
    assert not (load_series("jiaxing", "gdp", data=obs) == 1.25).all()
    early = load_series("jiaxing", "gdp", as_of=2015, data=obs)
    assert early.index.max().year <= 2015 < load_series("jiaxing", "gdp", data=obs).index.max().year  # a key


def test_gap_table_follows_the_users_data_folder(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jxforecast.data.loader import _embedded_published
    from jxforecast.feasibility.anchor import target_gaps

    before, _ = target_gaps("gdp", "yoy_real", before=2025)
    pub = _embedded_published()
    row = pub[(pub["region"] == "china") & (pub["indicator"] == "gdp") & (pub["period"] == "2023")
              & (pub["measure"] == "yoy_real")].copy()
    assert len(row)
    row["value"] = row["value"] + 3.0  # every vintage of China's 2023 growth, 3 points higher
    row.to_csv(tmp_path / "mine.csv", index=False)
    monkeypatch.setenv("JXFORECAST_DATA", str(tmp_path))
    mine, _ = target_gaps("gdp", "yoy_real", before=2025)
    assert mine.loc[("china", "gdp", 2023)] == pytest.approx(before.loc[("china", "gdp", 2023)] + 3.0)
    monkeypatch.delenv("JXFORECAST_DATA")
    again, _ = target_gaps("gdp", "yoy_real", before=2025)
    pd.testing.assert_series_equal(again, before)
