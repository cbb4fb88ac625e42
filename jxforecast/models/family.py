"""The model family: one interface, ``make_model(name).fit(y).simulate(h, n_paths, seed)``.

All models take an annual series (``pandas.Series`` with a ``PeriodIndex``) of
8–25 points — growth rates, rates, shares or levels — and return simulated
future paths ``(n_paths, horizon)``.

Benchmarks (closed form): ``mean`` (historical mean, Student-t predictive),
``naive`` (last value, random-walk errors), ``rw_drift`` (random walk with drift).
statsmodels models: ``arima`` (small SARIMAX grid chosen by AICc), ``ets``
(ETSModel, additive damped trend), ``llt`` (UnobservedComponents local linear
trend), ``theta`` (ThetaModel).

Guards for short series: every path set is re-scaled so that its spread lies
between 0.1× and 4× (× √h) the series' historical standard deviation, values
are clipped to the historical range widened by two standard deviations (random
walks compounded over ten or more years otherwise wander far outside anything
observed), and a
statsmodels fit that fails falls back to the ``mean`` model with a warning.
One-step-ahead forecasts are simulated from the model's Gaussian predictive
distribution; longer horizons use statsmodels' own ``simulate`` (1,000
repetitions, resampled to ``n_paths`` with the seed).
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

# imported here, not inside `quiet()`: statsmodels installs "always" warning filters on import
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel
from statsmodels.tsa.statespace.sarimax import SARIMAX
from statsmodels.tsa.statespace.structural import UnobservedComponents

from jxforecast.errors import ModelError, ParameterError

ModelName = Literal["mean", "naive", "rw_drift", "arima", "ets", "llt", "theta"]
MODEL_NAMES: tuple[str, ...] = ("mean", "naive", "rw_drift", "arima", "ets", "llt", "theta")
DEFAULT_MODELS: tuple[str, ...] = MODEL_NAMES
MIN_POINTS = 5
SIM_REPS = 1000
_SPREAD_CAP, _SPREAD_FLOOR = 4.0, 0.1
_RANGE_MARGIN = 2.0  # paths are clipped to the historical range widened by 2 sd


@contextmanager
def quiet() -> Iterator[None]:
    """Silence statsmodels' convergence and estimation warnings (short series trigger many)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def prepare(y: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Values in time order: single missing years are filled by linear interpolation,
    points before a longer gap are dropped.  Returns the values and notes."""
    if not isinstance(y, pd.Series):
        raise ModelError("A model needs a pandas Series.")
    s = y.dropna().sort_index()
    notes: list[str] = []
    if isinstance(s.index, pd.PeriodIndex) and len(s) > 1:
        years = np.array([p.year for p in s.index])
        gaps = np.diff(years)
        long_gap = np.where(gaps > 2)[0]
        if len(long_gap):
            cut = long_gap[-1] + 1
            notes.append(f"{y.name}: points before {years[cut]} dropped (gap of {gaps[cut - 1] - 1} years).")
            s, years = s.iloc[cut:], years[cut:]
        full = pd.Series(s.to_numpy(), index=years).reindex(range(years[0], years[-1] + 1))
        if full.isna().any():
            filled = [str(int(k)) for k in full.index[full.isna()]]
            notes.append(f"{y.name}: missing {', '.join(filled)} filled by linear interpolation for fitting.")
            full = full.interpolate()
        values = full.to_numpy(dtype=float)
    else:
        values = s.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise ModelError(f"{y.name}: the series has non-finite values.")
    if len(values) < MIN_POINTS:
        raise ModelError(f"{y.name}: {len(values)} usable points, fewer than the {MIN_POINTS} a model needs.")
    return values, notes


@dataclass
class Fitted(ABC):
    """A fitted model: point forecasts and simulated paths."""

    name: str
    y: np.ndarray
    warnings: list[str] = field(default_factory=list)

    @property
    def n_obs(self) -> int:
        return len(self.y)

    @property
    def scale(self) -> float:
        """Historical standard deviation of the series (floor 0.1)."""
        return max(float(np.std(self.y, ddof=1)), 0.1)

    @abstractmethod
    def predictive(self) -> tuple[float, float, float]:
        """One step ahead: mean, standard deviation, degrees of freedom (inf = normal)."""

    @abstractmethod
    def _paths(self, horizon: int, n: int, rng: np.random.Generator) -> np.ndarray:
        """Raw simulated paths ``(n, horizon)``."""

    def forecast(self, horizon: int) -> np.ndarray:
        """Point forecasts (median of 2,000 simulated paths, seed 0)."""
        return np.median(self.simulate(horizon, 2000, 0), axis=0)

    def simulate(self, horizon: int, n_paths: int, seed: int) -> np.ndarray:
        """Simulated future paths ``(n_paths, horizon)``, reproducible with ``seed``."""
        if horizon < 1:
            raise ParameterError(f"horizon must be at least 1, not {horizon}.")
        if n_paths < 1:
            raise ParameterError(f"n_paths must be at least 1, not {n_paths}.")
        rng = np.random.default_rng(seed)
        if horizon == 1:
            mean, sd, df = self.predictive()
            draws = rng.standard_t(df, n_paths) if np.isfinite(df) else rng.standard_normal(n_paths)
            paths = (mean + sd * draws)[:, None]
        else:
            paths = self._paths(horizon, n_paths, rng)
        return self._guard(paths)

    def _guard(self, paths: np.ndarray) -> np.ndarray:
        center = np.median(paths, axis=0)
        spread = np.std(paths, axis=0)
        steps = np.sqrt(np.arange(1, paths.shape[1] + 1))
        hi, lo = _SPREAD_CAP * self.scale * steps, _SPREAD_FLOOR * self.scale
        factor = np.ones_like(spread)
        big, small = spread > hi, spread < lo
        factor[big] = hi[big] / spread[big]
        factor[small] = lo / np.maximum(spread[small], 1e-12)
        if big.any():
            self.warnings.append(f"{self.name}: simulated spread capped at {_SPREAD_CAP:g}x the historical sd.")
        paths = center + (paths - center) * factor
        lo_bound = self.y.min() - _RANGE_MARGIN * self.scale
        hi_bound = self.y.max() + _RANGE_MARGIN * self.scale
        return np.clip(paths, lo_bound, hi_bound)


# ----------------------------------------------------------------------------- closed form
@dataclass
class MeanModel(Fitted):
    def predictive(self) -> tuple[float, float, float]:
        n = self.n_obs
        return float(np.mean(self.y)), self.scale * np.sqrt(1 + 1 / n), n - 1

    def _paths(self, horizon: int, n: int, rng: np.random.Generator) -> np.ndarray:
        mean, sd, df = self.predictive()
        return mean + sd * rng.standard_t(df, (n, horizon))


@dataclass
class NaiveModel(Fitted):
    drift: bool = False

    def _step(self) -> tuple[float, float]:
        d = np.diff(self.y)
        mu = float(np.mean(d)) if self.drift else 0.0
        sd = max(float(np.sqrt(np.mean((d - mu) ** 2))), 0.05 * self.scale)
        return mu, sd

    def predictive(self) -> tuple[float, float, float]:
        mu, sd = self._step()
        n = self.n_obs
        inflate = np.sqrt(1 + 1 / (n - 1)) if self.drift else 1.0
        return float(self.y[-1] + mu), sd * inflate, np.inf

    def _paths(self, horizon: int, n: int, rng: np.random.Generator) -> np.ndarray:
        mu, sd = self._step()
        return self.y[-1] + np.cumsum(mu + sd * rng.standard_normal((n, horizon)), axis=1)


# ----------------------------------------------------------------------------- statsmodels
@dataclass
class StatsmodelsModel(Fitted):
    result: object = None

    def predictive(self) -> tuple[float, float, float]:
        with quiet():
            return self._predictive()

    def _predictive(self) -> tuple[float, float, float]:
        res = self.result
        if self.name == "theta":
            mean = float(np.asarray(res.forecast(1))[0])
            lo, hi = np.asarray(res.prediction_intervals(1, alpha=0.05)).ravel()[:2]
            return mean, max(float(hi - lo) / (2 * 1.959964), 1e-6), np.inf
        if self.name == "ets":
            pred = res.get_prediction(start=self.n_obs, end=self.n_obs)
            frame = pred.summary_frame(alpha=0.05)
            mean = float(frame["mean"].iloc[0])
            sd = float(frame["pi_upper"].iloc[0] - frame["pi_lower"].iloc[0]) / (2 * 1.959964)
            return mean, max(sd, 1e-6), np.inf
        fc = res.get_forecast(1)
        return float(np.asarray(fc.predicted_mean)[0]), float(np.sqrt(np.asarray(fc.var_pred_mean)[0])), np.inf

    def _paths(self, horizon: int, n: int, rng: np.random.Generator) -> np.ndarray:
        with quiet():
            return self._simulate(horizon, n, rng)

    def _simulate(self, horizon: int, n: int, rng: np.random.Generator) -> np.ndarray:
        res = self.result
        if self.name == "theta":
            mean = np.asarray(res.forecast(horizon), dtype=float)
            bands = np.asarray(res.prediction_intervals(horizon, alpha=0.05), dtype=float)
            sd = (bands[:, 1] - bands[:, 0]) / (2 * 1.959964)
            z = np.cumsum(rng.standard_normal((n, horizon)), axis=1) / np.sqrt(np.arange(1, horizon + 1))
            return mean + sd * z
        reps = min(n, SIM_REPS)
        sim_rng = np.random.default_rng(int(rng.integers(0, 2**31 - 1)))
        sims = res.simulate(horizon, repetitions=reps, anchor="end", rng=sim_rng)
        sims = np.asarray(sims, dtype=float).reshape(horizon, reps).T
        return sims[rng.integers(0, reps, n)]


def _aicc(res: object) -> float:
    value = getattr(res, "aicc", np.nan)
    return float(value) if np.isfinite(value) else np.inf


ARIMA_GRID: tuple[tuple[tuple[int, int, int], str], ...] = (
    ((0, 0, 0), "c"), ((1, 0, 0), "c"), ((0, 1, 0), "n"), ((0, 1, 1), "n"), ((1, 1, 0), "n"),
)


def _fit_statsmodels(name: str, y: np.ndarray, arima_spec: tuple | None = None):
    index = pd.period_range("2000", periods=len(y), freq="Y")
    series = pd.Series(y, index=index)
    if name == "arima":
        grid = [arima_spec] if arima_spec is not None else ARIMA_GRID
        fits = []
        for order, trend in grid:
            if order[1] == 0 and len(y) < 8 and order != (0, 0, 0):
                continue
            res = SARIMAX(y, order=order, trend=trend).fit(disp=False)
            res.jx_spec = (order, trend)
            fits.append((_aicc(res), order, res))
        return min(fits, key=lambda f: f[0])[2]
    if name == "ets":
        damped = len(y) >= 10
        model = ETSModel(series, error="add", trend="add" if damped else None, damped_trend=damped)
        return model.fit(disp=False)
    if name == "llt":
        return UnobservedComponents(y, "local linear trend").fit(disp=False)
    if name == "theta":
        return ThetaModel(series, deseasonalize=False).fit()
    raise ModelError(f"Unknown model '{name}'.")


class Model:
    """An unfitted model of the family; ``Model("ets").fit(y)`` returns a `Fitted`.

    ``arima_spec=((p, d, q), trend)`` fixes the ARIMA order instead of searching the grid
    (the backtest selects the order once on the full sample, then refits it per fold).
    """

    def __init__(self, name: str, arima_spec: tuple | None = None) -> None:
        if name not in MODEL_NAMES:
            raise ParameterError(f"Unknown model '{name}'; choose from {', '.join(MODEL_NAMES)}.")
        self.name = name
        self.arima_spec = arima_spec

    def fit(self, y: pd.Series | np.ndarray) -> Fitted:
        if isinstance(y, pd.Series):
            values, notes = prepare(y)
        else:
            values, notes = np.asarray(y, dtype=float), []
            if len(values) < MIN_POINTS or not np.isfinite(values).all():
                raise ModelError(f"A model needs at least {MIN_POINTS} finite values.")
        if np.ptp(values) == 0:
            notes.append("The series is constant: only the mean model applies.")
            return MeanModel("mean", values, notes)
        if self.name == "mean":
            return MeanModel("mean", values, notes)
        if self.name in ("naive", "rw_drift"):
            return NaiveModel(self.name, values, notes, drift=self.name == "rw_drift")
        try:
            with quiet():
                result = _fit_statsmodels(self.name, values, self.arima_spec)
            fitted = StatsmodelsModel(self.name, values, notes, result=result)
            mean, sd, _ = fitted.predictive()
            if not (np.isfinite(mean) and np.isfinite(sd)):
                raise ValueError("non-finite forecast")
            return fitted
        except Exception as exc:  # statsmodels raises many types on degenerate data
            notes.append(f"{self.name}: fit failed ({type(exc).__name__}); the mean model stands in.")
            return MeanModel(self.name, values, notes)


def make_model(name: str, arima_spec: tuple | None = None) -> Model:
    """A model of the family by name (``mean``, ``naive``, ``rw_drift``, ``arima``, ``ets``, ``llt``, ``theta``)."""
    return Model(name, arima_spec)


def arima_spec_of(fitted: Fitted) -> tuple | None:
    """The ARIMA order and trend a fitted ``arima`` model chose (None for other models)."""
    return getattr(getattr(fitted, "result", None), "jx_spec", None)
