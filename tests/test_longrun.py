"""The long-horizon growth model: a robust trend, fading deviations, errors measured on history."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jxforecast.data.loader import load_series
from jxforecast.errors import ModelError
from jxforecast.models.longrun import load_long_run, robust_trend, spread


def test_a_single_dip_does_not_bend_the_trend() -> None:
    y = load_series("china", "gdp", "yoy_real", as_of=2020)  # ... 6.0 (2019), 2.3 (2020)
    trend = robust_trend(y)
    assert trend.origin == 2020 and 5.0 < trend.level < 7.0  # not dragged to 2.3
    # 2020 is a base-effect year: the deviation that fades is 2019's, not the pandemic dip
    assert trend.deviation_lag == 1 and abs(trend.last_deviation) < 1.0
    model = load_long_run()
    path = model.path(trend, 15)
    assert abs(path[-1] - trend.level) < 0.1  # growth returns to the trend
    assert path[0] > 4.5  # 2021 is not forecast from the 2.3 of 2020


def test_the_2021_rebound_does_not_lift_the_next_years() -> None:
    """As of 2020 and as of 2021 the long-horizon forecast is nearly the same: the dip and the
    rebound against it are both base effects (2019's deviation fades in both)."""
    model = load_long_run()
    paths = []
    for as_of in (2020, 2021):
        trend = robust_trend(load_series("china", "gdp", "yoy_real", as_of=as_of))
        assert trend.deviation_lag == as_of - 2019
        paths.append(model.path(trend, 2025 - as_of)[-1])
    assert abs(paths[0] - paths[1]) < 0.5


def test_paths_have_the_measured_errors_and_are_reproducible() -> None:
    model = load_long_run()
    y = load_series("jiaxing", "gdp", "yoy_real", as_of=2024)
    a, trend = model.simulate(y, 5, 20_000, seed=3)
    b, _ = model.simulate(y, 5, 20_000, seed=3)
    assert a.shape == (20_000, 5) and (a == b).all()
    assert (a[:, 0] == a[:, -1]).all()  # each path grows at its average every year
    q = np.asarray(model.quantiles[5])
    mean = float(model.path(trend, 5).mean())
    expected = mean + spread(trend, mean) * np.interp(0.5, np.linspace(0.005, 0.995, len(q)), q)
    assert np.median(a[:, 0]) == pytest.approx(expected, abs=0.05)
    assert model.backtest["panel_5y"]["n"] > 500 and 0.5 < model.backtest["panel_5y"]["coverage_80"] <= 1


def test_too_few_figures_in_the_window() -> None:
    y = pd.Series([5.0, 6.0, 7.0], index=pd.PeriodIndex(["2020", "2021", "2022"], freq="Y"), name="x")
    with pytest.raises(ModelError, match="needs 5"):
        robust_trend(y)
