"""Rolling-origin backtest, blend weights, blend paths, spread calibration and gap distributions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jxforecast.errors import ModelError, ParameterError
from jxforecast.models import (
    MODEL_NAMES,
    backtest,
    blend_forecasts,
    blend_simulate,
    blend_weights,
    calibrate,
    calibration_from_pit,
    gap_distribution,
    make_model,
    spread_factor,
)

CHINA_GDP = [8.0, 7.3, 8.0, 9.1, 9.5, 9.9, 10.7, 11.4, 9.0, 8.7, 10.3, 9.2, 7.8,
             7.7, 7.4, 6.9, 6.7, 6.9, 6.6, 6.1, 2.3, 8.1, 3.0, 5.2, 5.0]
JIAXING_GDP_LEVEL = [2668.1, 2885.0, 3147.7, 3352.8, 3517.81, 3760.0, 4355.2, 4871.98,
                     5370.3, 5509.52, 6355.28, 6739.45, 7062.5, 7569.5]
# China GDP growth targets and first-release outcomes 2012-2024 (no target in 2020), pp.
CHINA_TARGETS = {2012: 7.5, 2013: 7.5, 2014: 7.5, 2015: 7.0, 2016: 6.5, 2017: 6.5, 2018: 6.5,
                 2019: 6.0, 2021: 6.0, 2022: 5.5, 2023: 5.0, 2024: 5.0}
CHINA_OUTCOMES = {2012: 7.8, 2013: 7.7, 2014: 7.4, 2015: 6.9, 2016: 6.7, 2017: 6.9, 2018: 6.6,
                  2019: 6.1, 2021: 8.1, 2022: 3.0, 2023: 5.2, 2024: 5.0}


def annual(values: list[float], start: int) -> pd.Series:
    return pd.Series(values, index=pd.period_range(str(start), periods=len(values), freq="Y"), name="y")


@pytest.fixture(scope="module")
def china_bt():
    return backtest(annual(CHINA_GDP, 2000), n_paths=1000, seed=0)


# --------------------------------------------------------------------------- hand-computed metrics
def test_naive_and_mean_metrics_equal_hand_computation() -> None:
    y = annual([1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 8.0, 7.0], 2010)
    bt = backtest(y, models=("naive", "mean"), min_train=5, n_paths=400, seed=0)
    assert bt.n_folds == 3 and bt.min_train == 5
    naive = bt.forecasts[bt.forecasts["model"] == "naive"]
    assert naive["origin_period"].tolist() == [pd.Period(str(k), "Y") for k in (2014, 2015, 2016)]
    assert naive["target"].tolist() == [pd.Period(str(k), "Y") for k in (2015, 2016, 2017)]
    assert naive["point"].tolist() == [4.0, 6.0, 8.0]
    assert naive["origin"].tolist() == [5, 6, 7]  # training points = position of the target
    assert naive["actual"].tolist() == [6.0, 8.0, 7.0]
    m = bt.metrics
    # naive errors 2, 2, -1; in-sample naive MAE of the series (2+1+3+1+2+2+1)/7 = 12/7
    assert m.loc["naive", "mae"] == pytest.approx(5 / 3)
    assert m.loc["naive", "rmse"] == pytest.approx(np.sqrt(3))
    assert m.loc["naive", "bias"] == pytest.approx(1.0)
    assert m.loc["naive", "mase"] == pytest.approx((5 / 3) / (12 / 7))
    # mean forecasts 15/5, 21/6, 29/7 -> errors 3, 4.5, 20/7
    errors = np.array([3.0, 4.5, 20 / 7])
    assert m.loc["mean", "mae"] == pytest.approx(errors.mean())
    assert m.loc["mean", "rmse"] == pytest.approx(np.sqrt(np.mean(errors**2)))
    assert m.loc["mean", "mase"] == pytest.approx(errors.mean() / (12 / 7))
    assert m.loc["mean", "n_folds"] == 3
    # the blend's first fold uses equal weights (no earlier folds)
    first_blend = bt.forecasts[bt.forecasts["model"] == "blend"].iloc[0]
    assert first_blend["point"] == pytest.approx((4.0 + 3.0) / 2)
    assert list(m.index) == ["naive", "mean", "blend"]


def test_blend_forecasts_with_fixed_weights() -> None:
    y = annual([1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 8.0, 7.0], 2010)
    bt = backtest(y, models=("naive", "mean"), min_train=5, n_paths=400, seed=0)
    rows = blend_forecasts(bt.forecasts, {"naive": 0.75, "mean": 0.25})
    assert rows["point"].tolist() == pytest.approx([0.75 * 4 + 0.25 * 3, 0.75 * 6 + 0.25 * 3.5, 0.75 * 8 + 0.25 * 29 / 7])
    assert rows["actual"].tolist() == [6.0, 8.0, 7.0] and rows["origin"].tolist() == [5, 6, 7]
    # with weights equal to the real-time ones of the first fold (equal), the approximate mixture
    # quantiles agree with the quantiles of the mixed paths
    equal = blend_forecasts(bt.forecasts, {"naive": 0.5, "mean": 0.5}).iloc[0]
    exact = bt.forecasts[bt.forecasts["model"] == "blend"].iloc[0]
    for col in ("lo_80", "median", "hi_80"):
        assert equal[col] == pytest.approx(exact[col], abs=0.25)
    assert list(rows.columns) == list(bt.forecasts.columns)


def test_blend_weights_formula() -> None:
    # lambda = 5 / (5 + 5) = 0.5: weights proportional to 1 ** -0.5 = 1 and 4 ** -0.5 = 0.5
    w = blend_weights({"a": 1.0, "b": 4.0}, n_folds=5)
    assert w == pytest.approx({"a": 2 / 3, "b": 1 / 3})
    # many folds: close to plain inverse-MSE weights 0.8 / 0.2
    assert blend_weights({"a": 1.0, "b": 4.0}, n_folds=995)["a"] == pytest.approx(0.8, abs=0.002)
    assert blend_weights({"a": 1.0, "b": 4.0}, n_folds=0) == pytest.approx({"a": 0.5, "b": 0.5})
    with pytest.raises(ParameterError):
        blend_weights({"a": -1.0}, n_folds=3)


# --------------------------------------------------------------------------- the China backtest
def test_china_backtest_frame_metrics_and_weights(china_bt) -> None:
    bt = china_bt
    assert bt.n_folds == 12 and bt.min_train == 13  # the latest 12 origins, 2012..2023
    f = bt.forecasts
    assert len(f) == 12 * 8
    assert f["pit"].between(0, 1).all()
    assert (f["lo_95"] <= f["lo_80"]).all() and (f["lo_80"] <= f["lo_50"]).all()
    assert (f["hi_50"] <= f["hi_80"]).all() and (f["hi_80"] <= f["hi_95"]).all()
    covid = f[(f["target"] == pd.Period("2020", "Y")) & (f["model"] == "naive")].iloc[0]
    assert covid["actual"] == 2.3 and covid["pit"] < 0.05  # nobody expected 2.3 %
    m = bt.metrics
    assert set(m.columns) >= {"mae", "rmse", "mase", "bias", "coverage_50", "coverage_80", "coverage_95", "n_folds"}
    assert (m["mae"] > 0.8).all() and (m["mae"] < 3).all()
    # growth decelerated 2012-2024: the mean of the past over-forecasts on average
    assert m.loc["mean", "bias"] < -0.5
    assert m.loc["blend", "mae"] < m.loc["mean", "mae"]
    assert sum(bt.weights.values()) == pytest.approx(1.0)
    assert bt.blend_mse == pytest.approx(m.loc["blend", "rmse"] ** 2)
    assert 0.4 <= m.loc["blend", "coverage_80"] <= 1.0


def test_weights_favour_the_lower_error_model() -> None:
    level = annual(JIAXING_GDP_LEVEL, 2011)
    bt = backtest(level, models=("mean", "naive", "rw_drift"), n_paths=500, seed=1)
    m = bt.metrics
    assert m.loc["naive", "rmse"] < m.loc["mean", "rmse"] / 3  # the mean is useless on a trending level
    assert bt.weights["naive"] > bt.weights["mean"] and bt.weights["rw_drift"] > bt.weights["mean"]
    best = m.drop(index="blend")["rmse"].idxmin()
    assert bt.weights[best] == max(bt.weights.values())
    assert sum(bt.weights.values()) == pytest.approx(1.0)


def test_all_folds_and_fallback_column() -> None:
    bt = backtest(annual(CHINA_GDP, 2000), models=("mean", "naive"), n_paths=200, seed=0, max_folds=None)
    assert bt.n_folds == 17 and bt.min_train == 8  # origins 2007..2023
    assert not bt.forecasts["fallback"].any()


def test_backtest_is_deterministic_with_the_seed() -> None:
    y = annual(CHINA_GDP[-12:], 2013)
    a = backtest(y, models=("mean", "theta"), n_paths=300, seed=4)
    b = backtest(y, models=("mean", "theta"), n_paths=300, seed=4)
    c = backtest(y, models=("mean", "theta"), n_paths=300, seed=5)
    pd.testing.assert_frame_equal(a.forecasts, b.forecasts)
    assert not np.allclose(a.forecasts["lo_80"], c.forecasts["lo_80"])
    assert a.forecasts["point"].tolist() == c.forecasts["point"].tolist()  # points do not depend on the seed


def test_multi_year_horizon_targets_two_years_ahead() -> None:
    y = annual(CHINA_GDP[-12:], 2013)
    bt = backtest(y, models=("naive",), horizon=2, n_paths=300, seed=0)
    f = bt.forecasts[bt.forecasts["model"] == "naive"]
    assert ((f["target"] - f["origin_period"]).map(lambda d: d.n) == 2).all()
    assert f["point"].tolist() == y.iloc[bt.min_train - 1 : len(y) - 2].tolist()


def test_short_series_reduce_min_train_and_cannot_be_calibrated() -> None:
    y = annual(CHINA_GDP[-10:], 2015)
    bt = backtest(y, models=("mean", "naive"), n_paths=300, seed=0)
    assert bt.min_train == 5 and bt.n_folds == 5
    assert any("min_train lowered from 8 to 5" in n for n in bt.notes)
    assert not bt.calibration.applied and bt.calibration.factor == 1.0
    assert bt.calibration.message.startswith("too short to calibrate: 5 backtest folds")


def test_backtest_bad_input() -> None:
    with pytest.raises(ModelError, match="too short to backtest"):
        backtest(annual(CHINA_GDP[-6:], 2019), horizon=2)
    with pytest.raises(ModelError):
        backtest(annual(CHINA_GDP[-4:], 2021))
    with pytest.raises(ParameterError):
        backtest(annual(CHINA_GDP, 2000), min_train=4)
    with pytest.raises(ParameterError):
        backtest(annual(CHINA_GDP, 2000), models=("mean", "prophet"))
    with pytest.raises(ParameterError):
        backtest(annual(CHINA_GDP, 2000), models=("mean", "mean"))


# --------------------------------------------------------------------------- blend paths
def test_blend_simulate_mixes_in_proportion_and_is_deterministic() -> None:
    high = make_model("mean").fit(annual([100.0, 101.0, 99.0, 100.5, 99.5, 100.0], 2019))
    low = make_model("mean").fit(annual([0.0, 1.0, -1.0, 0.5, -0.5, 0.0], 2019))
    fits = {"high": high, "low": low}
    paths = blend_simulate(fits, {"high": 0.3, "low": 0.7}, horizon=2, n_paths=10_000, seed=3)
    assert paths.shape == (10_000, 2)
    share_high = np.mean(paths[:, 0] > 50)
    assert share_high == pytest.approx(0.3, abs=0.02)
    assert np.array_equal(paths[:, 0] > 50, paths[:, 1] > 50)  # whole paths come from one model
    assert np.array_equal(paths, blend_simulate(fits, {"high": 0.3, "low": 0.7}, 2, 10_000, 3))
    assert not np.array_equal(paths, blend_simulate(fits, {"high": 0.3, "low": 0.7}, 2, 10_000, 4))
    # rows are shuffled: the first 1,000 paths are also about 30 % "high"
    assert np.mean(paths[:1000, 0] > 50) == pytest.approx(0.3, abs=0.06)
    with pytest.raises(ParameterError):
        blend_simulate(fits, {"high": 0.5, "other": 0.5}, 2, 100, 0)
    with pytest.raises(ParameterError):
        blend_simulate(fits, {"high": -0.5, "low": 1.5}, 2, 100, 0)


# --------------------------------------------------------------------------- calibration
def _folds(true_sd: float, n: int = 40, seed: int = 0) -> tuple[np.ndarray, ...]:
    """Folds whose claimed 80 % interval is N(0, 1)'s but whose outcomes have sd ``true_sd``."""
    rng = np.random.default_rng(seed)
    actual = true_sd * rng.standard_normal(n)
    z80 = 1.2815515655446004
    return actual, np.zeros(n), np.full(n, -z80), np.full(n, z80)


def test_calibration_widens_undercovering_and_narrows_overcovering_intervals() -> None:
    wide = spread_factor(*_folds(true_sd=2.0))
    assert wide.applied and wide.coverage_before < 0.65
    assert 1.4 < wide.factor < 2.6 and wide.coverage_after > wide.coverage_before
    narrow = spread_factor(*_folds(true_sd=0.5))
    assert narrow.applied and narrow.coverage_before > 0.9 and 0.5 <= narrow.factor < 0.8


def test_calibration_hand_example() -> None:
    # stretch ratios 0.5, 1, 1.5, ..., 3.5 (7 folds); type-8 0.8 quantile = 2.9; lambda = 7/12
    r = np.arange(1, 8) * 0.5
    cal = spread_factor(actual=r, median=np.zeros(7), lo=-np.ones(7), hi=np.ones(7))
    raw = np.quantile(r, 0.8, method="median_unbiased")
    assert cal.raw_factor == pytest.approx(raw)
    assert cal.factor == pytest.approx(np.exp(7 / 12 * np.log(raw)))
    assert cal.coverage_before == pytest.approx(2 / 7)


def test_pit_calibration_agrees_with_interval_calibration_for_normal_paths() -> None:
    from scipy import stats

    actual, median, lo, hi = _folds(true_sd=2.0)
    from_pit = calibration_from_pit(stats.norm.cdf(actual))
    assert from_pit.factor == pytest.approx(spread_factor(actual, median, lo, hi).factor, rel=1e-6)
    assert from_pit.method.startswith("PIT")


def test_too_short_to_calibrate() -> None:
    cal = spread_factor(*(a[:4] for a in _folds(true_sd=3.0)))
    assert not cal.applied and cal.factor == 1.0 and cal.folds == 4
    assert cal.message.startswith("too short to calibrate: 4 backtest folds")


def test_calibrate_scales_around_the_median() -> None:
    paths = make_model("mean").fit(annual(CHINA_GDP, 2000)).simulate(3, 5000, seed=0)
    wider = calibrate(paths, 2.0)
    assert np.median(wider, axis=0) == pytest.approx(np.median(paths, axis=0))
    iqr = lambda p: np.subtract(*np.quantile(p, [0.75, 0.25], axis=0))  # noqa: E731
    assert iqr(wider) == pytest.approx(2 * iqr(paths), rel=1e-6)
    for bad in (0.0, -1.0, np.nan):
        with pytest.raises(ParameterError):
            calibrate(paths, bad)


# --------------------------------------------------------------------------- gap distribution
def _china_gaps() -> pd.Series:
    return pd.Series({k: CHINA_OUTCOMES[k] - CHINA_TARGETS[k] for k in CHINA_TARGETS})


def test_gap_distribution_t_is_robust_and_reproducible() -> None:
    dist = gap_distribution(_china_gaps())
    assert dist.n == 12 and dist.method == "t"
    assert dist.center == pytest.approx(0.15)  # median of the 12 gaps
    assert dist.scale >= 0.25
    draws = dist.simulate(20_000, seed=0)
    assert draws.shape == (20_000,)
    assert np.array_equal(draws, dist.simulate(20_000, seed=0))
    assert np.median(draws) == pytest.approx(0.15, abs=0.03)
    assert np.mean(draws >= 0) == pytest.approx(dist.sf(0.0), abs=0.01)
    assert dist.sf(0.0) > 0.6  # China's targets were mostly met


def test_gap_distribution_kernel_keeps_the_big_miss() -> None:
    t = gap_distribution(_china_gaps(), method="t").simulate(20_000, seed=1)
    kernel = gap_distribution(_china_gaps(), method="kernel").simulate(20_000, seed=1)
    # one of 12 years (2022) missed by 2.5 pp: the kernel keeps that mass, the robust t does not
    assert np.mean(kernel < -2.0) == pytest.approx(1 / 12, abs=0.02)
    assert np.mean(t < -2.0) < 0.02


def test_gap_distribution_bad_input() -> None:
    with pytest.raises(ModelError, match="fewer than the 3"):
        gap_distribution(pd.Series([0.1, np.nan, -0.2]))
    with pytest.raises(ParameterError):
        gap_distribution(_china_gaps(), method="normal")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- first version of this file
# (the lead's original tests, kept as written)
def series(values: list[float], start: int = 2000) -> pd.Series:
    return pd.Series(values, index=pd.period_range(str(start), periods=len(values), freq="Y"), name="test")


def test_backtest_naive_mae_by_hand() -> None:
    values = [1.0, 2.0, 4.0, 3.0, 5.0, 4.0, 6.0, 5.0]
    bt = backtest(series(values), models=("naive", "mean"), min_train=5)
    # origins 5, 6, 7: naive forecasts the previous value
    hand = np.mean([abs(4.0 - 5.0), abs(6.0 - 4.0), abs(5.0 - 6.0)])
    assert bt.metrics.loc["naive", "mae"] == pytest.approx(hand)
    assert bt.metrics.loc["naive", "n_folds"] == 3
    assert bt.metrics.loc["naive", "mase"] == pytest.approx(hand / np.mean(np.abs(np.diff(values))))
    assert bt.calibration.applied is False and "too short to calibrate: 3 backtest folds" in bt.calibration.message.lower()


def test_weights_sum_to_one_and_favour_lower_error() -> None:
    w = blend_weights(pd.Series({"good": 1.0, "bad": 4.0}), n_folds=20)
    assert sum(w.values()) == pytest.approx(1.0)
    assert w["good"] > w["bad"]
    few = blend_weights(pd.Series({"good": 1.0, "bad": 4.0}), n_folds=1)
    assert abs(few["good"] - 0.5) < abs(w["good"] - 0.5)  # shrunk toward equal with few folds


def test_backtest_on_china_gdp() -> None:
    bt = backtest(series(CHINA_GDP))
    assert bt.n_folds == 12
    assert set(MODEL_NAMES) | {"blend"} == set(bt.metrics.index)
    assert bt.metrics.loc["blend", "mae"] < bt.metrics.loc["mean", "mae"]
    assert bt.calibration.applied and 0.6 <= bt.calibration.factor <= 3.0


def test_calibration_widens_when_intervals_undercover() -> None:
    rng = np.random.default_rng(0)
    # actual errors twice as wide as the model believed -> PITs pile up near 0 and 1
    from scipy import stats

    pit = stats.norm.cdf(2.0 * rng.standard_normal(400))
    cal = calibration_from_pit(pit)
    assert cal.factor == pytest.approx(2.0, abs=0.2)
    uniform = calibration_from_pit(rng.uniform(size=400))
    assert uniform.factor == pytest.approx(1.0, abs=0.1)
    paths = rng.standard_normal((1000, 1))
    assert np.std(calibrate(paths, 2.0)) == pytest.approx(2 * np.std(paths), rel=1e-9)


def test_blend_simulate_mixture_shares() -> None:
    y = series(CHINA_GDP)
    fitted = {"mean": make_model("mean").fit(y), "naive": make_model("naive").fit(y)}
    paths = blend_simulate(fitted, {"mean": 0.75, "naive": 0.25}, 1, 8000, 0)
    assert paths.shape == (8000, 1)
    assert np.array_equal(paths, blend_simulate(fitted, {"mean": 0.75, "naive": 0.25}, 1, 8000, 0))
    # mixture median between the two components' medians
    assert 5.0 < np.median(paths) < 7.9


def test_gap_distribution_is_robust() -> None:
    gaps = pd.Series([0.5, 0.8, 1.0, 1.2, 0.9, -6.0])  # one outlier year
    dist = gap_distribution(gaps)
    assert dist.center == pytest.approx(0.85)
    assert dist.scale < 1.0
    draws = dist.simulate(20000, 0)
    assert np.median(draws) == pytest.approx(0.85, abs=0.03)
