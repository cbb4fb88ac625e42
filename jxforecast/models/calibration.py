"""Calibration of simulated spreads from backtest evidence, and the gap distribution.

**Spread calibration.** The blend's one-step backtest gives a PIT value per
fold (the share of the predictive distribution below the actual).  If the
model is calibrated, PITs are uniform; if intervals are too narrow, PITs pile
up near 0 and 1.  The spread factor is the one that makes the backtest's
central 80 % interval cover 80 %: with ``z_i = Φ⁻¹(PIT_i)`` the normal score of
each fold, ``factor = q_{0.8}(|z|) / 1.2816`` (split-conformal scaling at the
plain 80 % level: the finite-sample level ⌈0.8 (F + 1)⌉ / F over-widens badly
with ten or so folds).  It is clamped to [0.6, 3] and
applied around the median of the paths.  With fewer than ``MIN_FOLDS`` folds
the series is too short to calibrate: the factor stays 1 and a message says so.

**Gap distribution** (target-anchored component): outcome − target gaps are
summarised robustly (median, MAD-based scale with a 0.25 floor) and simulated
from a Student-t with 5 degrees of freedom scaled to that spread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

MIN_FOLDS = 6
_Z80 = stats.norm.ppf(0.9)


@dataclass(frozen=True)
class Calibration:
    """Spread factor from the backtest and whether it was applied."""

    factor: float
    folds: int
    applied: bool
    method: str = "conformal 80% on PIT normal scores"
    message: str = ""


def calibration_from_pit(pit: np.ndarray, min_folds: int = MIN_FOLDS) -> Calibration:
    """Spread factor that makes the backtest's 80 % intervals cover 80 % (module docstring)."""
    pit = np.asarray(pit, dtype=float)
    folds = len(pit)
    if folds < min_folds:
        return Calibration(1.0, folds, False, message=(
            f"Too short to calibrate: {folds} backtest folds (at least {min_folds} needed); "
            "intervals are model-based only."
        ))
    z = np.abs(stats.norm.ppf(np.clip(pit, 1e-4, 1 - 1e-4)))
    factor = float(np.quantile(z, 0.8) / _Z80)
    return Calibration(float(np.clip(factor, 0.6, 3.0)), folds, True)


def calibrate(paths: np.ndarray, factor: float) -> np.ndarray:
    """Widen (``factor > 1``) or narrow the paths' spread around their median, per step."""
    center = np.median(paths, axis=0)
    return center + (paths - center) * factor


@dataclass(frozen=True)
class GapDistribution:
    """Robust location/scale summary of outcome − target gaps, simulated as a scaled t(5)."""

    center: float
    scale: float
    n: int
    df: float = 5.0

    def simulate(self, n_paths: int, seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        t_sd = math.sqrt(self.df / (self.df - 2))
        return self.center + self.scale * rng.standard_t(self.df, n_paths) / t_sd


def gap_distribution(gaps: pd.Series | np.ndarray, floor: float = 0.25) -> GapDistribution:
    """Fit the gap distribution (median and 1.4826·MAD, at least ``floor``)."""
    g = np.asarray(pd.Series(gaps).dropna(), dtype=float)
    if len(g) == 0:
        raise ValueError("No gaps to fit.")
    scale = float(stats.median_abs_deviation(g, scale="normal")) if len(g) > 1 else floor
    return GapDistribution(float(np.median(g)), max(scale, floor), len(g))
