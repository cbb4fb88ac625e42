"""Calibrating the spread of simulated paths from backtest evidence; the outcome − target gap distribution.

Spread factor
-------------
For each backtest fold with actual ``a``, path median ``m`` and central 80 %
interval ``[lo, hi]``, the interval stretched by ``c`` around the median,
``[m − c(m − lo), m + c(hi − m)]``, covers ``a`` exactly when ``c ≥ r`` with::

    r = (a − m) / (hi − m)   if a ≥ m,      r = (m − a) / (m − lo)   otherwise.

The factor that would have made the 80 % intervals cover 80 % of the folds is
the 0.8 quantile of the ``r`` (Hyndman–Fan type 8, approximately median
unbiased).  It is noisy with few folds, so it is shrunk toward 1 on the log
scale with the same weight as the blend weights, ``λ = F / (F + 5)``, and
clamped to ``[0.5, 3]``::

    factor = clip(exp(λ · log q₀.₈(r)), 0.5, 3)

`calibrate` applies it to every horizon around the per-horizon median (the
factor is estimated one year ahead).  With fewer than ``MIN_FOLDS`` (6) folds
nothing is estimated: the factor is 1 and ``message`` says
``"too short to calibrate: N backtest folds ..."`` for the caller's warnings.

Gap distribution
----------------
`gap_distribution` fits the historical outcome − target gaps of an indicator.
``method="t"`` (default): Student-t with ``df = 5``, location = median of the
gaps, scale from the median absolute deviation (``MAD / t₅.ppf(0.75)``, which
is consistent for a t₅ sample), floored at ``floor``.  ``method="kernel"``:
the empirical distribution smoothed with a Gaussian kernel (Silverman's
bandwidth on a robust spread, floored at ``floor / 2``) — keeps the skew of a
few large misses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from jxforecast.errors import ModelError, ParameterError
from jxforecast.models.base import FloatArray, check_positive, make_rng

MIN_FOLDS = 6
SHRINK_FOLDS = 5.0
FACTOR_RANGE = (0.5, 3.0)
GAP_MIN_POINTS = 3


@dataclass(frozen=True)
class Calibration:
    """The spread factor from a backtest and the evidence behind it.

    Attributes
    ----------
    factor
        Multiply the paths' deviations from their median by this (1 when not applied).
    folds
        Number of backtest folds used.
    applied
        False when there were too few folds.
    method
        Short description of the method.
    message
        Empty, or the sentence for the caller's warnings (too few folds).
    raw_factor
        Unshrunk, unclamped 0.8 quantile of the stretch ratios (NaN when not estimated).
    coverage_before, coverage_after
        Backtest coverage of the 80 % intervals with factor 1 and with ``factor``.
    """

    factor: float
    folds: int
    applied: bool
    method: str = "80% interval stretch ratio, type-8 quantile, shrunk toward 1"
    message: str = ""
    raw_factor: float = float("nan")
    coverage_before: float = float("nan")
    coverage_after: float = float("nan")


def stretch_ratios(
    actual: ArrayLike, median: ArrayLike, lo: ArrayLike, hi: ArrayLike
) -> FloatArray:
    """The factor each fold's interval would need to cover its actual (module docstring)."""
    a, m, lo, hi = (np.asarray(v, dtype=float) for v in (actual, median, lo, hi))
    up = np.maximum(hi - m, 1e-12)
    down = np.maximum(m - lo, 1e-12)
    ratios: FloatArray = np.where(a >= m, (a - m) / up, (m - a) / down)
    return ratios


def spread_factor(
    actual: ArrayLike,
    median: ArrayLike,
    lo: ArrayLike,
    hi: ArrayLike,
    level: float = 0.8,
    min_folds: int = MIN_FOLDS,
) -> Calibration:
    """Spread factor that makes backtest intervals at ``level`` cover as often as they claim.

    Parameters
    ----------
    actual, median, lo, hi
        Per fold: outcome, median of the paths and the central ``level`` interval.
    level
        Nominal coverage of ``[lo, hi]`` (0 < level < 1).
    min_folds
        Below this many folds nothing is estimated (factor 1, with a message).

    Returns
    -------
    Calibration
    """
    if not 0 < level < 1:
        raise ParameterError(f"level must be between 0 and 1, not {level}.")
    r = stretch_ratios(actual, median, lo, hi)
    r = r[np.isfinite(r)]
    folds = len(r)
    before = float(np.mean(r <= 1)) if folds else float("nan")
    if folds < min_folds:
        return Calibration(
            1.0, folds, False, message=(
                f"too short to calibrate: {folds} backtest folds (at least {min_folds} needed); "
                "intervals are the models' own."
            ), coverage_before=before, coverage_after=before,
        )
    raw = float(np.quantile(r, level, method="median_unbiased"))
    lam = folds / (folds + SHRINK_FOLDS)
    factor = float(np.clip(np.exp(lam * np.log(max(raw, 1e-6))), *FACTOR_RANGE))
    return Calibration(
        factor, folds, True, raw_factor=raw, coverage_before=before, coverage_after=float(np.mean(r <= factor))
    )


def calibration_from_pit(pit: np.ndarray, level: float = 0.8, min_folds: int = MIN_FOLDS) -> Calibration:
    """Spread factor from PIT values alone, for roughly symmetric, bell-shaped paths.

    With ``z = Φ⁻¹(PIT)`` a fold's actual lies ``|z|`` standard normal units
    from the median, so the stretch ratio of the central ``level`` interval is
    ``|z| / Φ⁻¹((1 + level)/2)``; the factor is then estimated as in
    `spread_factor`.  Prefer `spread_factor` when the interval bounds are known.

    Parameters
    ----------
    pit
        Share of each fold's paths below the actual.
    level, min_folds
        As in `spread_factor`.

    Returns
    -------
    Calibration
    """
    if not 0 < level < 1:
        raise ParameterError(f"level must be between 0 and 1, not {level}.")
    z = np.abs(stats.norm.ppf(np.clip(np.asarray(pit, dtype=float), 1e-4, 1 - 1e-4)))
    q = stats.norm.ppf((1 + level) / 2)
    cal = spread_factor(z, np.zeros_like(z), -np.full_like(z, q), np.full_like(z, q), level, min_folds)
    return Calibration(**{**cal.__dict__, "method": "PIT normal scores, type-8 quantile, shrunk toward 1"})


def calibrate(paths: np.ndarray, factor: float) -> FloatArray:
    """Stretch (``factor > 1``) or shrink the paths' spread around each horizon's median.

    Parameters
    ----------
    paths
        Simulated paths ``(n_paths, horizon)`` (a 1-d array is one horizon).
    factor
        Positive spread factor, e.g. ``Calibration.factor``.

    Returns
    -------
    numpy.ndarray
        New array of the same shape; the per-horizon medians are unchanged.
    """
    if not np.isfinite(factor) or factor <= 0:
        raise ParameterError(f"The calibration factor must be positive, not {factor}.")
    paths = np.asarray(paths, dtype=float)
    center = np.median(paths, axis=0)
    stretched: FloatArray = center + (paths - center) * factor
    return stretched


@dataclass(frozen=True)
class GapDistribution:
    """Fitted distribution of outcome − target gaps (see the module docstring).

    Attributes
    ----------
    center, scale
        Location (median) and scale (t scale, or kernel bandwidth for ``"kernel"``).
    n
        Number of gaps.
    method
        ``"t"`` or ``"kernel"``.
    df
        Degrees of freedom of the t.
    gaps
        The gaps themselves (used by ``"kernel"``).
    """

    center: float
    scale: float
    n: int
    method: str
    df: float = 5.0
    gaps: tuple[float, ...] = ()

    @property
    def sd(self) -> float:
        """Standard deviation of the gap: the t's ``scale·√(df/(df−2))``, or the kernel mixture's."""
        if self.method == "kernel":
            return float(np.sqrt(np.var(self.gaps) + self.scale**2))
        return float(self.scale * np.sqrt(self.df / (self.df - 2)))

    def simulate(self, n_paths: int, seed: int) -> FloatArray:
        """``n_paths`` draws of the gap, reproducible with ``seed``; shape ``(n_paths,)``."""
        n_paths = check_positive(n_paths, "n_paths")
        rng = make_rng(seed)
        if self.method == "kernel":
            base = np.asarray(self.gaps)[rng.integers(0, self.n, n_paths)]
            return base + self.scale * rng.standard_normal(n_paths)
        return self.center + self.scale * rng.standard_t(self.df, n_paths)

    def sf(self, x: float) -> float:
        """Probability that the gap exceeds ``x``."""
        if self.method == "kernel":
            return float(np.mean(stats.norm.sf(x, np.asarray(self.gaps), self.scale)))
        return float(stats.t.sf(x, self.df, self.center, self.scale))


def gap_distribution(
    gaps: pd.Series | np.ndarray, method: Literal["t", "kernel"] = "t", floor: float = 0.25, df: float = 5.0
) -> GapDistribution:
    """Fit the distribution of outcome − target gaps.

    Parameters
    ----------
    gaps
        Historical gaps (NaN = outcome unknown, dropped).
    method
        ``"t"`` (robust Student-t) or ``"kernel"`` (smoothed empirical).
    floor
        Smallest scale, in the gaps' unit (0.25 percentage points by default).
    df
        Degrees of freedom of the t (> 2).

    Returns
    -------
    GapDistribution

    Raises
    ------
    ModelError
        Fewer than 3 gaps, or infinite values.
    """
    if method not in ("t", "kernel"):
        raise ParameterError(f"Unknown gap method '{method}'; use 't' or 'kernel'.")
    if not floor > 0 or not df > 2:
        raise ParameterError("floor must be positive and df greater than 2.")
    g = pd.Series(np.asarray(gaps, dtype=float)).dropna().to_numpy()
    if not np.isfinite(g).all():
        raise ModelError("The outcome - target gaps contain infinite values.")
    if len(g) < GAP_MIN_POINTS:
        raise ModelError(f"{len(g)} outcome - target gaps, fewer than the {GAP_MIN_POINTS} needed to fit them.")
    mad = float(np.median(np.abs(g - np.median(g))))
    if method == "t":
        scale = max(mad / stats.t.ppf(0.75, df), floor)
        return GapDistribution(float(np.median(g)), float(scale), len(g), "t", df, tuple(g))
    spread = min(float(np.std(g, ddof=1)), 1.4826 * mad) or float(np.std(g, ddof=1))
    bandwidth = max(0.9 * spread * len(g) ** (-0.2), floor / 2)
    return GapDistribution(float(np.median(g)), float(bandwidth), len(g), "kernel", df, tuple(g))
