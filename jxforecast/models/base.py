"""What every model of the family shares: input checks, the fitted-model interface, the guards.

Input
-----
A model is fitted to an annual ``pandas.Series`` (``PeriodIndex`` with an
annual frequency, or an integer index of years); any other index, or a plain
array, is taken as consecutive years in the given order.  In a series with
years, a NaN value is a missing year (like an absent index entry); without
years, NaN is refused.  Gaps are handled by `prepare_series` (`prepare`
returns the plain values):

* a single missing year (``MAX_GAP = 1``) inside the series is filled by
  linear interpolation (Jiaxing's missing 2015 growth rate becomes the mean of
  2014 and 2016), and a note says so;
* before a longer gap the older points are dropped (a note says so): they
  belong to another regime of the statistics, and interpolating two or more
  years of growth rates would invent a path;
* fewer than ``MIN_POINTS`` (5) usable points, infinite values, NaN without
  years or duplicated years raise `ModelError`.  A constant series is accepted;
  `jxforecast.models.family.Model.fit` gives it the mean model.

Guards on simulated paths
-------------------------
Statistical models fitted to 8–25 annual points can produce absurd spreads
(explosive trends, unit roots) or degenerate ones (zero estimated variance).
`FittedModel.simulate` therefore rescales each horizon's paths around their
median so that their standard deviation lies in
``[max(SPREAD_FLOOR·sd, abs_floor), SPREAD_CAP·sd]`` where ``sd`` is the
historical standard deviation of the series (``SPREAD_FLOOR = 0.1``,
``SPREAD_CAP = 4``, ``abs_floor = 0.01·max(1, |mean|)``, which is also the
smallest ``sd`` used), and clips paths to
the historical range widened by ``CLIP = 2`` sd and moved along the series'
shrunk drift (`shrunk_drift`): at step ``h``,
``[min(y) − CLIP·sd + min(0, h·δ̃), max(y) + CLIP·sd + max(0, h·δ̃)]``.  For a
growth rate ``δ̃`` is 0 and random walks compounded over many years cannot
wander far outside anything observed; a trending level keeps its trend.
Every intervention is recorded once in ``fitted.warnings``.
"""

from __future__ import annotations

import warnings as _warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from functools import cache, cached_property
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from jxforecast.caveats import DataGapWarning, MethodNote, caveat
from jxforecast.errors import ModelError, ParameterError

BASE_EFFECT_YEARS = (2020, 2021)  # the pandemic dip and its rebound: growth against an abnormal base
MIN_POINTS = 5
MAX_GAP = 1
ABS_FLOOR = 0.01
SPREAD_CAP = 4.0
SPREAD_FLOOR = 0.1
CLIP = 2.0
CLIP_NOTE_SHARE = 0.01  # clipping more than this share of paths at some step is noted

FloatArray: TypeAlias = NDArray[np.float64]
"""An array of floats: values, forecasts, simulated paths."""


@cache
def _blas_controller() -> Any:
    """A threadpoolctl controller of the loaded BLAS libraries, if threadpoolctl is installed."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # optional: without it BLAS keeps its default threads
        return None
    return ThreadpoolController()


@contextmanager
def quiet() -> Iterator[None]:
    """Run statsmodels quietly and on one BLAS thread.

    Warnings (convergence, start parameters, ...) are silenced: short series
    trigger many of them, and failures that matter are caught as exceptions or
    non-finite results and recorded in ``fitted.warnings``.  BLAS is limited to
    one thread (when ``threadpoolctl`` is available): the matrices are at most
    3×3, and multithreaded OpenBLAS on a busy machine costs ~10 ms per call
    instead of microseconds, i.e. seconds per fit.
    """
    controller = _blas_controller()
    limit = controller.limit(limits=1, user_api="blas") if controller is not None else nullcontext()
    with _warnings.catch_warnings(), np.errstate(all="ignore"), limit:
        _warnings.simplefilter("ignore")
        yield


def make_rng(seed: int | np.random.SeedSequence) -> np.random.Generator:
    """``numpy.random.Generator(PCG64(seed))``; a negative or non-integer seed is a `ParameterError`."""
    if isinstance(seed, np.random.SeedSequence):
        return np.random.Generator(np.random.PCG64(seed))
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, not {seed!r}.")
    return np.random.Generator(np.random.PCG64(int(seed)))


def child_seed(seed: int, *keys: int) -> int:
    """A deterministic integer seed derived from ``seed`` and integer ``keys`` (independent streams)."""
    return int(np.random.SeedSequence([int(seed), *map(int, keys)]).generate_state(1)[0])


def check_positive(value: int, what: str) -> int:
    """``value`` as an int, or `ParameterError` if it is not a positive integer."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ParameterError(f"{what} must be a positive integer, not {value!r}.")
    return int(value)


def _years(index: pd.Index) -> np.ndarray | None:
    """Calendar years of an annual index, or None when the index is not one."""
    if isinstance(index, pd.PeriodIndex):
        if not index.freqstr.upper().startswith(("Y", "A")):
            raise ModelError(f"An annual series is needed, not one with frequency '{index.freqstr}'.")
        return np.asarray(index.year, dtype=int)
    if pd.api.types.is_integer_dtype(index.dtype) and len(index) and 1800 <= index.min() and index.max() <= 2200:
        return np.asarray(index, dtype=int)
    return None


def shrunk_drift(values: np.ndarray) -> tuple[float, float, float, float]:
    """Mean first difference shrunk toward zero by the empirical-Bayes factor ``max(0, 1 − 1/t²)``.

    Parameters
    ----------
    values
        The series (at least 3 points).

    Returns
    -------
    drift, shrink, se2, sd
        Shrunk drift ``λ·mean(Δy)``, the factor ``λ``, the squared standard error
        of ``mean(Δy)`` and the standard deviation of ``Δy``.
    """
    d = np.diff(np.asarray(values, dtype=float))
    mean, sd = float(np.mean(d)), float(np.std(d, ddof=1))
    se2 = sd**2 / len(d)
    if mean == 0:
        return 0.0, 0.0, se2, sd
    shrink = 1.0 if se2 == 0 else max(0.0, 1.0 - se2 / mean**2)
    return shrink * mean, shrink, se2, sd


def prepare(y: pd.Series | np.ndarray | Sequence[float]) -> tuple[FloatArray, list[str]]:
    """`prepare_series` returning plain values: ``(values in time order, notes)``."""
    series, notes = prepare_series(y)
    return series.to_numpy(dtype=float), notes


def prepare_series(y: pd.Series | np.ndarray | Sequence[float]) -> tuple[pd.Series, list[str]]:
    """Check a series and return it contiguous (gaps filled or cut) with notes on what was done.

    Parameters
    ----------
    y
        Annual series; see the module docstring for the rules.

    Returns
    -------
    series
        Float values on a contiguous annual ``PeriodIndex`` (or a ``RangeIndex``
        when ``y`` had no year index), in time order.
    notes
        Sentences on interpolated or dropped years (empty when nothing was done).

    Raises
    ------
    ModelError
        Fewer than 5 usable points, infinite values, NaN without years, duplicated years.
    """
    label = f"{y.name}: " if isinstance(y, pd.Series) and y.name is not None else ""
    s = y.copy() if isinstance(y, pd.Series) else pd.Series(np.asarray(y, dtype=float))
    try:
        s = s.astype(float)
    except (TypeError, ValueError) as exc:
        raise ModelError(f"{label}the series has non-numeric values.") from exc
    if np.isinf(s.to_numpy()).any():
        raise ModelError(f"{label}the series has infinite values.")
    notes: list[str] = []
    years = _years(s.index)
    if years is None:
        if s.isna().any():
            raise ModelError(f"{label}the series has missing values and no years to place them; drop them first.")
        s = pd.Series(s.to_numpy(), index=pd.RangeIndex(len(s)), name=s.name)
    else:
        keep = s.notna().to_numpy()
        s, years = s[keep], years[keep]
        order = np.argsort(years, kind="stable")
        s, years = s.iloc[order], years[order]
        if len(years) != len(np.unique(years)):
            raise ModelError(f"{label}the series has duplicated years.")
        if len(years) > 1:
            gaps = np.diff(years) - 1
            long_gaps = np.flatnonzero(gaps > MAX_GAP)
            if len(long_gaps):
                cut = long_gaps[-1] + 1
                dropped = {"year": int(years[cut]), "gap": int(gaps[cut - 1])}
                notes.append(
                    caveat(DataGapWarning, "{series}: points before {year} dropped (a gap of {gap} missing years).",
                           series=label[:-2], **dropped) if label else
                    caveat(DataGapWarning, "points before {year} dropped (a gap of {gap} missing years).", **dropped)
                )
                s, years = s.iloc[cut:], years[cut:]
        if not len(years):
            raise ModelError(f"{label}0 usable points, fewer than the {MIN_POINTS} a model needs.")
        full = pd.Series(s.to_numpy(), index=years).reindex(range(years[0], years[-1] + 1))
        missing = full.index[full.isna()].tolist()
        if missing:
            filled = {"years": ", ".join(map(str, missing))}
            notes.append(
                caveat(DataGapWarning, "{series}: missing year(s) {years} filled by linear interpolation for fitting.",
                       series=label[:-2], **filled) if label else
                caveat(DataGapWarning, "missing year(s) {years} filled by linear interpolation for fitting.", **filled)
            )
            full = full.interpolate()
        index = pd.period_range(str(years[0]), periods=len(full), freq="Y")
        s = pd.Series(full.to_numpy(dtype=float), index=index, name=s.name)
    if len(s) < MIN_POINTS:
        raise ModelError(f"{label}{len(s)} usable points, fewer than the {MIN_POINTS} a model needs.")
    return s, notes


class FittedModel(ABC):
    """A fitted model of the family: point forecasts and reproducible simulated paths.

    Attributes
    ----------
    name
        The model actually used: the requested one, or ``"mean"`` when it stood in.
    requested
        The model that was asked for.
    spec
        What was fitted, e.g. ``"SARIMAX(1, 0, 0)+c, AICc 93.4"`` or ``"mean (fallback for arima)"``.
    y
        The contiguous series the model was fitted on (after `prepare_series`).
    warnings
        Sentences on fallbacks, interpolations and guard interventions.
    fallback
        True when the requested model failed and the mean model stands in.
    """

    def __init__(self, name: str, y: pd.Series, spec: str, warnings: list[str] | None = None) -> None:
        self.name = name
        self.requested = name
        self.spec = spec
        self.y = y
        self.values: FloatArray = y.to_numpy(dtype=float)
        self.warnings: list[str] = list(warnings or [])
        self.fallback = False
        # point forecasts by horizon (deterministic, so computed once; shared by shallow copies)
        self._forecasts: dict[int, np.ndarray] = {}

    def __repr__(self) -> str:
        """The class, name, specification and number of observations."""
        return f"<{type(self).__name__} {self.name}: {self.spec}, n_obs={self.n_obs}>"

    @property
    def n_obs(self) -> int:
        """Number of points the model was fitted on (interpolated years included)."""
        return len(self.values)

    # scale, abs_floor and the drift of the bounds depend only on the fitted values: computed once
    @cached_property
    def scale(self) -> float:
        """Historical standard deviation of the series (ddof=1, at least ``abs_floor``): the guards' unit."""
        return max(float(np.std(self.values, ddof=1)), self.abs_floor)

    @cached_property
    def abs_floor(self) -> float:
        """Smallest spread of simulated values: ``ABS_FLOOR·max(1, |mean|)``."""
        return ABS_FLOOR * max(1.0, abs(float(np.mean(self.values))))

    @cached_property
    def _bounds_drift(self) -> float:
        """The shrunk drift of the series (`shrunk_drift`) that moves `bounds` along."""
        return shrunk_drift(self.values)[0]

    def bounds(self, horizon: int) -> tuple[FloatArray, FloatArray]:
        """Plausible range of future values at steps 1..horizon (module docstring).

        Returns
        -------
        lo, hi
            Arrays of shape ``(horizon,)``.
        """
        trend = self._bounds_drift * np.arange(1, horizon + 1)
        lo = self.values.min() - CLIP * self.scale + np.minimum(trend, 0.0)
        hi = self.values.max() + CLIP * self.scale + np.maximum(trend, 0.0)
        return lo, hi

    def _note(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    @abstractmethod
    def _point(self, horizon: int) -> FloatArray:
        """Model point forecasts (conditional means) for steps 1..horizon."""

    @abstractmethod
    def _raw_paths(self, horizon: int, n_paths: int, rng: np.random.Generator) -> FloatArray:
        """Unguarded simulated paths ``(n_paths, horizon)``."""

    def forecast(self, horizon: int) -> FloatArray:
        """Point forecasts for the next ``horizon`` years (the model's conditional mean, clipped).

        Computed once per horizon (a fit is deterministic); each call returns a new array.

        Parameters
        ----------
        horizon
            Number of years ahead (≥ 1).

        Returns
        -------
        numpy.ndarray
            Shape ``(horizon,)``.
        """
        horizon = check_positive(horizon, "horizon")
        cache: dict[int, FloatArray] = self.__dict__.setdefault("_forecasts", {})  # a subclass may skip __init__
        point = cache.get(horizon)
        if point is None:
            with quiet():
                point = np.asarray(self._point(horizon), dtype=float).reshape(horizon)
            if not np.isfinite(point).all():
                raise ModelError(f"{self.name}: the point forecast is not finite.")
            point = np.clip(point, *self.bounds(horizon))
            point.flags.writeable = False
            cache[horizon] = point
        return point.copy()

    def simulate(self, horizon: int, n_paths: int, seed: int) -> FloatArray:
        """Simulated future paths, reproducible with ``seed``.

        Parameters
        ----------
        horizon
            Number of years ahead (≥ 1).
        n_paths
            Number of paths (≥ 1).
        seed
            Seed of ``numpy.random.Generator(PCG64(seed))``; same seed, same paths.

        Returns
        -------
        numpy.ndarray
            Shape ``(n_paths, horizon)``; column ``h-1`` is the value ``h`` years
            after the last observation.  Guarded as described in the module docstring.
        """
        horizon = check_positive(horizon, "horizon")
        n_paths = check_positive(n_paths, "n_paths")
        rng = make_rng(seed)
        with quiet():
            paths = np.asarray(self._raw_paths(horizon, n_paths, rng), dtype=float).reshape(n_paths, horizon)
        if not np.isfinite(paths).all():
            raise ModelError(f"{self.name}: simulated paths are not finite.")
        return self._guard(paths, rng)

    def _guard(self, paths: FloatArray, rng: np.random.Generator) -> FloatArray:
        """Cap and floor the per-horizon spread, then clip to `bounds` (module docstring)."""
        paths = paths.copy()
        if paths.shape[0] > 1:
            sd = self.scale
            cap = SPREAD_CAP * sd
            floor = max(SPREAD_FLOOR * sd, self.abs_floor)
            center = np.median(paths, axis=0)
            spread = paths.std(axis=0)
            for j in np.flatnonzero(spread > cap):
                paths[:, j] = center[j] + (paths[:, j] - center[j]) * (cap / spread[j])
                self._note(caveat(MethodNote, "{model}: simulated spread capped at {cap:g}x the historical sd.",
                                  model=self.name, cap=SPREAD_CAP))
            for j in np.flatnonzero(spread < floor):
                if spread[j] < 1e-12:
                    paths[:, j] = center[j] + floor * rng.standard_normal(paths.shape[0])
                else:
                    paths[:, j] = center[j] + (paths[:, j] - center[j]) * (floor / spread[j])
                self._note(caveat(MethodNote, "{model}: simulated spread raised to the floor of {floor:g}x the "
                                  "historical sd.", model=self.name, floor=SPREAD_FLOOR))
        lo, hi = self.bounds(paths.shape[1])
        outside = ((paths < lo) | (paths > hi)).mean(axis=0)
        if outside.max() > CLIP_NOTE_SHARE:
            self._note(caveat(MethodNote, "{model}: {share:.0%} of paths clipped to the historical range widened by "
                              "{clip:g} sd.", model=self.name, share=float(outside.max()), clip=CLIP))
        return np.clip(paths, lo, hi)


class ResultsFit(FittedModel):
    """A fitted model backed by a statsmodels results object whose ``forecast`` gives the points."""

    def __init__(
        self, name: str, y: pd.Series, spec: str, results: Any, warnings: list[str] | None = None
    ) -> None:
        super().__init__(name, y, spec, warnings)
        self.results = results

    def _point(self, horizon: int) -> FloatArray:
        return np.asarray(self.results.forecast(horizon), dtype=float)
