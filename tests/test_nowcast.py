"""Within-year nowcast, period weights and the real basis of "in step with growth"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jxforecast as jx
from jxforecast.feasibility import assess, build_target
from jxforecast.models.nowcast import BASE_EFFECT_YEARS, fit_nowcast, nowcast_backtest
from jxforecast.panel.nowcast import nowcast_histories, nowcast_history


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return jx.load_observations()


def test_backtest_intervals_narrow_through_the_year_and_cover(data) -> None:
    table = nowcast_backtest(nowcast_histories(data))
    assert list(table.index) == [3, 6, 9] and (table["n"] >= 15).all()
    assert table.loc[3, "width"] > table.loc[6, "width"] > table.loc[9, "width"]
    assert ((table["coverage"] >= 0.72) & (table["coverage"] <= 0.88)).all()
    assert table.loc[9, "brier"] < table.loc[3, "brier"]


def test_base_effect_years_are_left_out_and_nothing_later_is_used(data) -> None:
    history = nowcast_history(data, 6)
    assert {2020, 2021} <= set(history["year"])  # in the data ...
    fit = fit_nowcast(history, 6, before=2019)
    assert fit.years[1] <= 2018 and fit.n == int((~history["year"].isin(BASE_EFFECT_YEARS) & (history["year"] < 2019)).sum())


def test_within_year_intervals_narrow_from_q1_to_q1_3() -> None:
    """Jiaxing GDP 2023 "增长6.5%左右" with year-to-date growth 6.0 (the case that once widened at H1)."""
    target = build_target("jiaxing", "gdp", 2023, text="增长6.5%左右")
    widths = []
    for month in (3, 6, 9):
        a = assess(target, ytd=(month, 6.0), n_paths=4000)
        widths.append(a.interval["hi"] - a.interval["lo"])
        assert any("Within-year nowcast" in w and "Backtest" in w for w in a.warnings)
        assert a.required["ytd"]["weight_source"] == "data" and a.required["percentile"] is None
    assert widths[0] > widths[1] > widths[2] and widths[1] < 2.5


def test_half_a_year_at_1_5_leaves_a_7_percent_year_out_of_reach() -> None:
    a = assess(build_target("jiaxing", "gdp", 2022, text="增长7%左右"), ytd=(6, 1.5), n_paths=4000)
    assert a.required["value"] == pytest.approx(11.9, abs=0.3) and a.probability < 0.05
    assert 2.5 < a.median < 5 and a.interval["hi"] - a.interval["lo"] < 3


def test_income_in_step_with_growth_is_judged_real_with_real() -> None:
    """001-25: Jiaxing urban income 2021 +8.9% nominal; deflated by CPI it is below real GDP's 8.5%."""
    from jxforecast.targets.catalogue import get_target
    from jxforecast.targets.outcomes import judge

    ev = judge(get_target("001-25"))
    assert ev.reference_outcome == 8.5 and ev.outcome < 8.5 and ev.met_strict is False
    a = assess(get_target("001-25"), n_paths=2000)
    assert any("deflated by" in w and "real with real" in w for w in a.warnings)


def test_a_real_multiple_is_judged_on_real_growth() -> None:
    from jxforecast.targets.outcomes import find_outcome

    goal = build_target("jiaxing", "gdp", 2024, op=">=", value=1.3, measure="multiple", base_year=2020)
    outcome, how = find_outcome(goal)
    assert "compounded yoy_real" in how
    assert outcome == pytest.approx(np.prod([1.085, 1.025, 1.063, 1.056]), abs=1e-3)


def test_a_level_goal_chains_the_growth_published_after_its_last_level() -> None:
    """003-32, FAI ≥ 3300亿元 in 2024: the last level is 2017's; the growth published for
    2020–2023 carries it forward instead of seven years of forecasts."""
    from jxforecast.targets.catalogue import get_target

    a = assess(get_target("003-32"), n_paths=4000)
    assert any("carried to 2023" in w and "2020, 2021, 2022, 2023" in w for w in a.warnings)
    assert a.horizon == 7 and 3800 < a.median < 5000 and a.interval["hi"] - a.interval["lo"] < 1500


def test_the_deflator_of_a_money_goal_moves_little_with_one_more_year() -> None:
    from jxforecast.feasibility.goals import consistent_deflator

    data = jx.load_observations()
    means = []
    for as_of in (2020, 2021, 2022):
        real = jx.load_series("jiaxing", "gdp", "yoy_real", as_of=as_of, data=data)
        d = consistent_deflator(data, "jiaxing", "gdp", real, as_of)
        means.append(float(d[d.index.year > as_of - 8].mean()))
    assert max(means) - min(means) < 1.5


def test_the_trillion_goal_no_longer_swings_with_one_more_year() -> None:
    """004-02, GDP 1万亿元 by 2025: as of 2020, 2021, 2022 and 2023 the probability stays low
    and moves by less than 12 points a year (it went 0 -> 21 -> 8 % before the base-effect years
    were kept out of the long-horizon trend and the deflator's lasting part was limited to the
    uncertainty of its mean)."""
    from jxforecast.targets.catalogue import get_target

    goal = get_target("004-02")
    probs = [assess(goal, as_of=a, n_paths=4000).probability for a in (2020, 2021, 2022, 2023)]
    assert max(probs) < 0.25
    assert max(abs(a - b) for a, b in zip(probs, probs[1:])) < 0.12


def test_a_level_goal_asks_for_growth_from_the_level_reached() -> None:
    """003-32 (FAI ≥ 3300亿元 in 2024) as of 2023: the 2017 level is carried to 2023 with the
    growth published since, and what is still required is one year's growth from there."""
    from jxforecast.targets.catalogue import get_target

    a = assess(get_target("003-32"), n_paths=4000)
    assert a.required["kind"].startswith("average nominal growth a year 2024-2024 from about")
    money = assess(get_target("004-02"), as_of=2021, n_paths=4000)
    r = money.required
    assert r["kind"].startswith("average nominal growth a year 2022-2025 from 6355.28 (2021)")
    # the same requirement in real terms, at the deflator the paths assume
    assert r["real_equivalent"] == pytest.approx(100 * ((1 + r["value"] / 100) / (1 + r["deflator"] / 100) - 1))
    assert 0 < r["deflator"] < 5


def test_a_level_goal_without_a_consistent_deflator_is_refused_in_a_sentence() -> None:
    from jxforecast.errors import ModelError

    goal = build_target("zhejiang", "gdp", 2014, op=">=", value=40000, measure="level")
    with pytest.raises(ModelError, match="too few to model the deflator"):
        assess(goal, as_of=2012, n_paths=1000)
