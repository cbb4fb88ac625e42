"""The short-series models: three to five figures, irregular years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jxforecast.errors import ModelError
from jxforecast.models.short import PRIOR_SD, fit_short


def _series(values: dict[int, float]) -> pd.Series:
    return pd.Series(list(values.values()), index=pd.PeriodIndex([str(y) for y in values], freq="Y"), name="x")


def test_random_walk_with_drift_on_irregular_years() -> None:
    # Jiaxing's R&D intensity: 2.1 (2010), 2.7 (2015), 3.07 (2020)
    y = _series({2010: 2.1, 2015: 2.7, 2020: 3.07})
    fit = fit_short(y, "persistent", "linear")
    assert fit.drift == pytest.approx((3.07 - 2.1) / 10)  # WLS on gaps of five years: total change / span
    paths = fit.simulate(4, 20_000, seed=0)
    assert np.median(paths[:, -1]) == pytest.approx(3.07 + 4 * fit.drift, abs=0.02)
    widths = np.diff(np.quantile(paths, [0.1, 0.9], axis=0), axis=0).ravel()
    assert (np.diff(widths) > 0).all()  # uncertainty grows with the horizon
    assert fit.sigma >= PRIOR_SD["linear"] * np.sqrt(2 / (1 + 2)) - 1e-12  # the prior keeps it from zero


def test_mean_model_for_growth_rates_and_refusal_below_three() -> None:
    fit = fit_short(_series({2018: 6.0, 2020: 2.0, 2022: 7.0}), "mean")
    assert fit.drift == pytest.approx(5.0)
    draws = fit.simulate(1, 20_000, seed=1)[:, 0]
    assert np.median(draws) == pytest.approx(5.0, abs=0.1)
    assert np.quantile(draws, 0.9) - np.quantile(draws, 0.1) > 4  # three figures say little
    with pytest.raises(ModelError, match="at least 3"):
        fit_short(_series({2021: 1.0, 2022: 2.0}), "mean")
