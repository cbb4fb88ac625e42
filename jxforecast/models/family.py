"""The model family behind one interface: ``make_model(name).fit(y).simulate(horizon, n_paths, seed)``.

========== ============================================================== ==================
name       model                                                          module
========== ============================================================== ==================
mean       historical mean, Student-t errors                               `benchmarks`
naive      last value, random-walk errors                                  `benchmarks`
rw_drift   random walk with empirically-Bayes shrunk drift                 `benchmarks`
arima      SARIMAX grid chosen by AICc                                     `statespace`
ets        ETSModel, additive damped trend (no trend below 10 points)      `smoothing`
llt        UnobservedComponents local linear trend                         `statespace`
theta      ThetaModel                                                      `smoothing`
========== ============================================================== ==================

Input rules (gaps, minimum length) and the guards on simulated paths are in
`jxforecast.models.base`.  The ``mean`` model stands in when the series is
constant, or when a statsmodels fit raises or gives a non-finite forecast or
trial simulation: the fitted object then has ``name = "mean"``,
``requested`` = the name asked for, ``fallback = True``, ``spec = "mean
(fallback for <name>)"`` and a sentence in ``warnings``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, get_args

import numpy as np
import pandas as pd

from jxforecast.errors import ParameterError
from jxforecast.models.base import FittedModel, prepare_series, quiet
from jxforecast.models.benchmarks import DriftFit, MeanFit, NaiveFit
from jxforecast.models.smoothing import fit_ets, fit_theta
from jxforecast.models.statespace import fit_arima, fit_llt

ModelName = Literal["mean", "naive", "rw_drift", "arima", "ets", "llt", "theta"]
MODEL_NAMES: tuple[str, ...] = get_args(ModelName)
DEFAULT_MODELS: tuple[str, ...] = MODEL_NAMES
Fitted = FittedModel  # older name, kept for callers written against it

_FITTERS: dict[str, Callable[[str, pd.Series, list[str]], FittedModel]] = {
    "mean": lambda name, y, notes: MeanFit(name, y, warnings=notes),
    "naive": NaiveFit,
    "rw_drift": DriftFit,
    "arima": fit_arima,
    "ets": fit_ets,
    "llt": fit_llt,
    "theta": fit_theta,
}
_STATSMODELS = {"arima", "ets", "llt", "theta"}


class Model:
    """An unfitted model of the family.

    Parameters
    ----------
    name
        One of `MODEL_NAMES`.
    """

    def __init__(self, name: ModelName) -> None:
        if name not in MODEL_NAMES:
            raise ParameterError(f"Unknown model '{name}'; choose one of {', '.join(MODEL_NAMES)}.")
        self.name: str = name

    def __repr__(self) -> str:
        return f"Model({self.name!r})"

    def fit(self, y: pd.Series | np.ndarray | Sequence[float]) -> FittedModel:
        """Fit the model to an annual series.

        Parameters
        ----------
        y
            Annual series (see `jxforecast.models.base.prepare_series` for gaps and index rules).

        Returns
        -------
        FittedModel
            With ``simulate``, ``forecast``, ``n_obs``, ``name``, ``spec`` and ``warnings``.

        Raises
        ------
        ModelError
            If the series is unusable (fewer than 5 points, non-finite, constant).
        """
        series, notes = prepare_series(y)
        if np.ptp(series.to_numpy()) == 0:
            return self._fallback(series, notes, "the series is constant")
        if self.name not in _STATSMODELS:
            return _FITTERS[self.name](self.name, series, notes)
        try:
            with quiet():
                fitted = _FITTERS[self.name](self.name, series, list(notes))
                _check(fitted)
            return fitted
        except Exception as exc:  # statsmodels raises many types on degenerate data
            reason = f"the fit failed ({type(exc).__name__}: {exc}".strip().rstrip(".")[:120] + ")"
            return self._fallback(series, notes, reason)

    def _fallback(self, series: pd.Series, notes: list[str], reason: str) -> FittedModel:
        fitted = MeanFit("mean", series, spec=f"mean (fallback for {self.name})", warnings=notes)
        fitted.requested, fitted.fallback = self.name, True
        fitted.warnings.append(f"{self.name}: {reason}; the historical mean stands in.")
        return fitted


def _check(fitted: FittedModel) -> None:
    """Raise if the fit gives non-finite forecasts or paths (the caller falls back)."""
    point = fitted._point(2)
    paths = fitted._raw_paths(2, 16, np.random.Generator(np.random.PCG64(0)))
    if not (np.isfinite(point).all() and np.isfinite(paths).all()):
        raise ValueError("non-finite forecast")


def make_model(name: ModelName) -> Model:
    """The model ``name`` of the family, unfitted.

    Parameters
    ----------
    name
        ``"mean"``, ``"naive"``, ``"rw_drift"``, ``"arima"``, ``"ets"``, ``"llt"`` or ``"theta"``.

    Returns
    -------
    Model
        Call ``.fit(y)`` to get a `FittedModel`.

    Raises
    ------
    ParameterError
        For an unknown name.
    """
    return Model(name)
