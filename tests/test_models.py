"""The model family, backtest, blend weights and calibration, on real and hand-made series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jxforecast.errors import ModelError, ParameterError
from jxforecast.models import (
    MODEL_NAMES,
    backtest,
    blend_simulate,
    blend_weights,
    calibrate,
    calibration_from_pit,
    gap_distribution,
    make_model,
    prepare,
)

# China real GDP growth 2000-2024, first releases (data/observations.csv)
CHINA_GDP = [8.0, 7.3, 8.0, 9.1, 9.5, 9.9, 10.7, 11.4, 9.0, 8.7, 10.3, 9.2, 7.8, 7.7, 7.4, 6.9, 6.7, 6.9, 6.6,
             6.1, 2.3, 8.1, 3.0, 5.2, 5.0]


def series(values: list[float], start: int = 2000) -> pd.Series:
    return pd.Series(values, index=pd.period_range(str(start), periods=len(values), freq="Y"), name="test")


@pytest.mark.parametrize("name", MODEL_NAMES)
@pytest.mark.parametrize("n", [8, 25])
def test_every_model_on_short_and_long_series(name: str, n: int) -> None:
    fitted = make_model(name).fit(series(CHINA_GDP[-n:]))
    paths = fitted.simulate(3, 4000, seed=0)
    assert paths.shape == (4000, 3)
    assert np.isfinite(paths).all()
    lo, hi = np.quantile(paths[:, 0], [0.1, 0.9])
    assert 0.3 < hi - lo < 15  # neither degenerate nor blown up
    assert -10 < np.median(paths[:, 0]) < 15


def test_same_seed_same_paths() -> None:
    fitted = make_model("ets").fit(series(CHINA_GDP))
    a, b, c = (fitted.simulate(2, 500, s) for s in (1, 1, 2))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_bad_series_are_refused() -> None:
    with pytest.raises(ModelError, match="fewer than the 5"):
        make_model("arima").fit(series([5.0, 6.0, 7.0]))
    with pytest.raises(ModelError, match="fewer than the 5"):
        make_model("mean").fit(series([5.0, np.nan, np.nan, 6.0, 7.0]))
    with pytest.raises(ParameterError, match="Unknown model"):
        make_model("prophet")
    with pytest.raises(ParameterError):
        make_model("mean").fit(series(CHINA_GDP)).simulate(0, 10, 0)


def test_gaps_interpolated_and_old_points_dropped() -> None:
    s = pd.Series([14.0, 10.6, 8.7, 9.3, 7.5, 7.0, 7.8],
                  index=pd.PeriodIndex(["2005", "2011", "2012", "2013", "2014", "2016", "2017"], freq="Y"), name="x")
    values, notes = prepare(s)
    assert values.tolist() == [10.6, 8.7, 9.3, 7.5, 7.25, 7.0, 7.8]
    assert any("2015 filled" in n for n in notes) and any("before 2011 dropped" in n for n in notes)


def test_constant_series_falls_back_to_mean() -> None:
    fitted = make_model("arima").fit(series([5.0] * 10))
    assert fitted.name == "mean"
    assert np.std(fitted.simulate(1, 1000, 0)) > 0  # floor keeps the interval open


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
