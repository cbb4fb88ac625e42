"""Exponential smoothing models: ETS with an additive damped trend, and the Theta method.

``ets``
    ``ETSModel(error="add", trend="add", damped_trend=True)`` from 10 points
    on; below 10 points a damped trend (five parameters) is not identified and
    simple exponential smoothing ``ETS(A,N,N)`` is fitted instead (noted in
    ``spec``).  Paths come from statsmodels' own ``ETSResults.simulate``
    (vectorised, fast).
``theta``
    statsmodels ``ThetaModel`` (no deseasonalising; annual data).  It has no
    ``simulate``: paths are its point forecast plus Gaussian errors with the
    error structure of simple exponential smoothing with smoothing parameter
    ``α``: ``e_h = ε_h + α·(ε_1 + … + ε_{h−1})``, ``ε ~ N(0, σ²)``, so that
    ``Var e_h = σ²(1 + (h−1)α²)`` (Hyndman & Billah 2003).  statsmodels'
    ``prediction_intervals`` uses ``1 + (h−1)(1 + (α−1)²)`` instead, which
    widens the intervals as ``α → 0``, i.e. exactly for a stable series; the
    SES form is used here deliberately.  ``σ²`` is what statsmodels' ``sigma2``
    estimates (an ARIMA(0,1,1) with drift by maximum likelihood), fitted here without the
    smoother and covariance pass statsmodels' ``fit()`` adds
    (`jxforecast.models.statespace.ml_params`): the same number, a third faster.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel
from statsmodels.tsa.statespace.sarimax import SARIMAX

from jxforecast.models.base import FittedModel, FloatArray, ResultsFit
from jxforecast.models.statespace import ml_params

ETS_TREND_MIN_POINTS = 10


class EtsFit(ResultsFit):
    """A fitted statsmodels ``ETSModel``."""

    def _raw_paths(self, horizon: int, n_paths: int, rng: np.random.Generator) -> FloatArray:
        sims = self.results.simulate(horizon, anchor="end", repetitions=n_paths, rng=rng)
        return np.asarray(sims, dtype=float).reshape(horizon, n_paths).T


class ThetaFit(FittedModel):
    """A fitted statsmodels ``ThetaModel`` with SES-structured Gaussian errors."""

    def __init__(self, name: str, y: pd.Series, results: Any, warnings: list[str] | None = None,
                 sigma2: float | None = None) -> None:
        self.alpha = float(results.params["alpha"])
        self.sigma = float(np.sqrt(results.sigma2 if sigma2 is None else sigma2))
        super().__init__(name, y, f"Theta (alpha {self.alpha:.2f})", warnings)
        self.results = results

    def _point(self, horizon: int) -> FloatArray:
        return np.asarray(self.results.forecast(horizon), dtype=float)

    def _raw_paths(self, horizon: int, n_paths: int, rng: np.random.Generator) -> FloatArray:
        eps = self.sigma * rng.standard_normal((n_paths, horizon))
        past = np.cumsum(eps, axis=1) - eps
        return self._point(horizon) + eps + self.alpha * past


def fit_ets(name: str, y: pd.Series, warnings: list[str]) -> EtsFit:
    """ETS(A,Ad,N), or ETS(A,N,N) below ``ETS_TREND_MIN_POINTS`` points."""
    series = pd.Series(y.to_numpy(dtype=float))
    if len(series) >= ETS_TREND_MIN_POINTS:
        model, spec = ETSModel(series, error="add", trend="add", damped_trend=True), "ETS(A,Ad,N)"
    else:
        model, spec = ETSModel(series, error="add"), "ETS(A,N,N) (too short for a damped trend)"
    return EtsFit(name, y, spec, model.fit(disp=False), warnings)


def fit_theta(name: str, y: pd.Series, warnings: list[str]) -> ThetaFit:
    """A statsmodels ``ThetaModel`` without deseasonalising."""
    values = y.to_numpy(dtype=float)
    res = ThetaModel(values, period=1, deseasonalize=False).fit()
    # statsmodels' ThetaModelResults.sigma2, without its fit's smoother and covariance pass
    sigma2 = float(ml_params(SARIMAX(values, order=(0, 1, 1), trend="c"))[-1])
    return ThetaFit(name, y, res, warnings, sigma2=sigma2)
