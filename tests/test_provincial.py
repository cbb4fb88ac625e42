"""What provinces teach the other indicators: spreads of forecasts and subnational target gaps.

The shipped ``data/provincial_model.json`` was fitted by ``scripts/fit_provincial_model.py`` on
NBS provincial data of 31 provinces (2008–2019) and provincial work-report targets.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from jxforecast.feasibility import assess, build_target
from jxforecast.models.provincial import (
    IndicatorSpread,
    ProvincialModel,
    fit_gaps,
    fit_spreads,
    load_provincial_model,
    standardised_gaps,
    stretch_ratios,
    widen,
)
from jxforecast.targets.catalogue import get_target

MODEL = load_provincial_model()


def test_the_shipped_spreads_are_learned_from_many_provinces() -> None:
    budget = MODEL.spread("budget_revenue", 2023, "yoy_nominal")
    assert budget is not None and budget.folds >= 100 and budget.provinces >= 20
    # provinces' one-year forecasts of budget revenue growth miss widely: a 16-point band
    assert 14 < budget.band80 < 20
    # stretched by the factor learned on earlier years, the 80% intervals covered 75–85% in real time
    assert 0.75 <= budget.coverage80 <= 0.85
    assert MODEL.spread("budget_revenue", 2023, "level") is None  # a level is not a growth rate
    assert MODEL.spread("cpi", 2023, "rate") is not None
    assert MODEL.spread("budget_revenue", 2007, "yoy_nominal") is None  # nothing known that early


def test_subnational_targets_are_met_less_often_than_national_ones() -> None:
    retail = MODEL.gap("retail", 2025, "yoy_nominal")
    assert retail is not None and retail.n >= 10 and retail.met_share < 0.5
    budget = MODEL.gap("budget_revenue", 2025, "yoy_nominal")
    assert budget is not None and budget.sd > 4  # misses by many points are part of the record


def test_budget_revenue_looks_as_volatile_as_it_is() -> None:
    """003-07 (一般公共预算收入增长6%左右, outcome 1.1%): a wide band, no longer 'likely'."""
    a = assess(get_target("003-07"), as_of=2023, n_paths=4000)
    # provinces' budget revenue forecasts miss by a 16-point 80% band; the target's gaps, heavy-tailed
    assert a.interval.hi - a.interval.lo > 15
    assert a.probability_strict < 0.7
    assert a.models["target_anchor"] == 1.0
    # the page says how similar targets fared, in both languages, from the pairs known at the time
    gaps = MODEL.gap("budget_revenue", 2023, "yoy_nominal")
    assert gaps is not None and a.evidence is not None
    assert a.evidence["n"] == gaps.n and a.evidence["years"][1] <= 2023
    assert a.evidence["evidence"].startswith(f"Of {gaps.n} general public budget revenue targets")
    assert f"{round(100 * gaps.met_share)}%实现" in a.evidence["evidence_zh"]


def test_a_national_target_keeps_its_own_record() -> None:
    a = assess(build_target("china", "retail", 2019, op=">=", value=8.0), as_of=2018, n_paths=2000)
    assert "subnational" not in str(a.calibration.get("anchor", ""))
    assert a.evidence is None  # provinces' gaps say nothing of national targets


def test_widen_only_widens_and_keeps_the_median() -> None:
    rng = np.random.default_rng(0)
    paths = rng.normal(5.0, 1.0, size=(4000, 1))  # 80% width about 2.56
    wide, ratio = widen(paths, band80=10.0, n_obs=6)
    assert ratio > 1 and np.median(wide) == pytest.approx(np.median(paths))
    lo, hi = np.quantile(wide[:, 0], [0.1, 0.9])
    assert hi - lo == pytest.approx(math.sqrt((6 * 2.563**2 + 6 * 10.0**2) / 12), rel=0.05)
    same, one = widen(paths, band80=1.0, n_obs=6)
    assert one == 1.0 and same is paths


def test_stretch_ratios() -> None:
    r = stretch_ratios(np.array([12.0, 4.0, 10.0]), np.array([10.0, 10.0, 10.0]), np.array([6.0, 6.0, 6.0]),
                       np.array([14.0, 14.0, 14.0]))
    assert r.tolist() == [0.5, 1.5, 0.0]


def test_fit_and_round_trip() -> None:
    rng = np.random.default_rng(1)
    folds = pd.DataFrame({"province": np.repeat([f"p{i}" for i in range(10)], 8),
                          "indicator": "retail", "target": np.tile(np.arange(2012, 2020), 10)})
    folds["median"] = 10.0
    folds["actual"] = 10.0 + rng.normal(0, 2.0, len(folds))
    folds["lo_80"], folds["hi_80"] = 10.0 - 5.0, 10.0 + 5.0  # too wide for errors of sd 2
    folds["lo_50"], folds["hi_50"] = 10.0 - 2.0, 10.0 + 2.0
    spreads = fit_spreads(folds, range(2015, 2020))
    s = spreads["retail"][2019]
    assert s.factor < 1 and s.folds == 80 and s.provinces == 10
    pairs = pd.DataFrame({"indicator": "retail", "year": [2014, 2015, 2016, 2017], "gap": [-1.0, -2.0, 0.5, -1.5]})
    pairs["met"] = (pairs["gap"] >= 0).astype(float)
    gaps = fit_gaps(pairs, spreads, range(2016, 2018))
    assert set(gaps["retail"]) == {2016, 2017} and gaps["retail"][2017].n == 4
    model = ProvincialModel(spreads, gaps, "test")
    again = ProvincialModel.from_json(model.to_json())
    back = again.spread("retail", 2019, "yoy_nominal")
    assert isinstance(back, IndicatorSpread) and back.folds == s.folds and back.years == s.years
    assert back.factor == pytest.approx(s.factor, abs=1e-6) and back.band80 == pytest.approx(s.band80, abs=1e-6)
    assert again.gap("retail", 2017, "yoy_nominal").center == pytest.approx(gaps["retail"][2017].center, abs=1e-6)


def test_the_gaps_tails_are_learned_in_real_time() -> None:
    # before twenty standardised gaps are known: a t with five degrees of freedom and the spread as its sd
    early = MODEL.gap("budget_revenue", 2014, "yoy_nominal")
    assert early is not None and early.tails_from == 0 and early.df == 5.0
    assert early.distribution().sd == pytest.approx(early.sd)
    late = MODEL.gap("budget_revenue", 2023, "yoy_nominal")
    assert late is not None and late.tails_from >= 40 and late.df < 5  # heavier than a t5: misses by 3 sd happen
    assert late.distribution().sd > late.sd
    # the same tails for every indicator of a year: they are learned on all of them
    retail = MODEL.gap("retail", 2023, "yoy_nominal")
    assert retail is not None and (retail.df, retail.scale) == (late.df, late.scale)


def test_fit_tails_finds_heavy_tails_and_waits_for_enough_gaps() -> None:
    rng = np.random.default_rng(3)
    years = np.repeat(np.arange(2010, 2022), 6)
    pairs = pd.DataFrame({"indicator": "fai", "year": years, "gap": 2.0 * rng.standard_t(3, len(years))})
    pairs["met"] = (pairs["gap"] >= 0).astype(float)
    gaps = fit_gaps(pairs, {}, range(2010, 2022))
    z = standardised_gaps(gaps, pairs)
    assert z["year"].min() >= 2011  # a pair is standardised by the gaps of the years before it only
    early = sum(z["year"] <= 2013)
    assert early < 20 and gaps["fai"][2013].tails_from == 0
    last = gaps["fai"][2021]
    assert last.tails_from == len(z) and 3.0 <= last.df < 8
    # with well-behaved (normal) gaps the learned tails are light
    pairs["gap"] = 2.0 * rng.standard_normal(len(years))
    light = fit_gaps(pairs, {}, range(2010, 2022))["fai"][2021]
    assert light.df > 2 * last.df


def test_a_short_series_is_informed_by_the_announced_target() -> None:
    """Zhejiang's surveyed unemployment (ceiling 5%, outcome 4.6%) borrows China's three figures."""
    a = assess(get_target("ref-zhejiang-2023-unemployment_surveyed"), as_of=2022, n_paths=4000)
    assert 0 < a.models["target_anchor"] < 1 and "short_persistent" in a.models
    # the evidence is of unemployment ceilings (registered and surveyed), not of growth or CPI targets
    assert a.calibration["anchor"] == "12 unemployment rate targets before 2023 (only 3 for unemployment_surveyed)"
    assert 0.7 < a.probability_strict < 0.9  # was 0.23 from China's 5.6% of 2022 alone
    assert a.interval.lo < 4.6 < a.interval.hi  # the outcome


def test_an_anchor_is_never_sharper_than_provinces_forecasts() -> None:
    """`mix_anchor`'s floor: the announced target's evidence widened to ``min_sd``, its weight cut."""
    from jxforecast.feasibility.engine import PathForecast, mix_anchor, widened
    from jxforecast.models.calibration import GapDistribution

    tight = GapDistribution(0.5, 0.3, 20, "t", 5.0)
    assert widened(tight, 2.0).sd == pytest.approx(2.0) and widened(tight, 2.0).center == 0.5
    kernel = GapDistribution(0.5, 0.2, 4, "kernel", gaps=(0.1, 0.4, 0.6, 0.9))
    assert widened(kernel, 2.0).sd == pytest.approx(2.0)

    def mixed(min_sd: float) -> PathForecast:
        fc = PathForecast(np.random.default_rng(0).normal(8.0, 3.0, (20000, 1)), {"short_mean": 1.0}, {}, 4)
        mix_anchor(fc, 9.0, 20000, 0, anchor_value=6.0, anchor_dist=tight, anchor_label="test", min_sd=min_sd)
        return fc

    sharp, floored = mixed(0.0), mixed(2.0)
    # without a floor the target's tight gaps take nearly every path; with one, about 9 / (9 + 4)
    assert sharp.weights["target_anchor"] == pytest.approx(9.0 / (9.0 + tight.sd**2))
    assert floored.weights["target_anchor"] == pytest.approx(9.0 / 13.0)
    assert floored.backtest["target_anchor"]["rmse"] == pytest.approx(2.0)
    width = {k: np.subtract(*np.quantile(fc.paths[:, 0], [0.9, 0.1])) for k, fc in (("sharp", sharp),
                                                                                      ("floored", floored))}
    assert width["floored"] > 2 * width["sharp"]
