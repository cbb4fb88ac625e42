"""Closed-form benchmarks: historical mean, naive (random walk) and random walk with shrunk drift.

``mean``
    ``y[T+h] = ȳ + s·√(1 + 1/n)·t(n−1)``, independent over ``h`` — the
    predictive distribution of a new draw from an i.i.d. normal series with
    unknown mean and variance.  On annual growth rates it is hard to beat.
``naive``
    ``y[T+h] = y[T] + σ·(ε₁ + … + ε_h)``, ``σ² = mean(Δy²)`` (no drift).
``rw_drift``
    Random walk with drift ``δ``.  A drift estimated from 8–25 growth rates
    mostly extrapolates noise, so it is shrunk toward zero by the empirical
    Bayes (positive-part James–Stein) factor ``λ = max(0, 1 − 1/t²)`` where
    ``t = mean(Δy) / (sd(Δy)/√m)`` is the drift's t statistic on ``m``
    differences: ``δ̃ = λ·mean(Δy)``.  Each path draws its own drift from
    ``N(δ̃, λ·sd(Δy)²/m)`` (parameter uncertainty), then adds random-walk
    shocks with standard deviation ``sd(Δy)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jxforecast.models.base import FittedModel, FloatArray, shrunk_drift


class MeanFit(FittedModel):
    """Historical mean with Student-t predictive errors."""

    def __init__(
        self, name: str, y: pd.Series, spec: str = "historical mean, t errors", warnings: list[str] | None = None
    ) -> None:
        super().__init__(name, y, spec, warnings)
        n = self.n_obs
        self.mu = float(np.mean(self.values))
        self.sd = float(np.std(self.values, ddof=1) * np.sqrt(1 + 1 / n))
        self.df = n - 1

    def _point(self, horizon: int) -> FloatArray:
        return np.full(horizon, self.mu)

    def _raw_paths(self, horizon: int, n_paths: int, rng: np.random.Generator) -> FloatArray:
        paths: FloatArray = self.mu + self.sd * rng.standard_t(self.df, (n_paths, horizon))
        return paths


class NaiveFit(FittedModel):
    """Last value; random-walk errors with the root mean square of the first differences."""

    def __init__(self, name: str, y: pd.Series, warnings: list[str] | None = None) -> None:
        super().__init__(name, y, "last value, random-walk errors", warnings)
        d = np.diff(self.values)
        self.sigma = float(np.sqrt(np.mean(d**2)))

    def _point(self, horizon: int) -> FloatArray:
        return np.full(horizon, self.values[-1])

    def _raw_paths(self, horizon: int, n_paths: int, rng: np.random.Generator) -> FloatArray:
        return float(self.values[-1]) + np.cumsum(self.sigma * rng.standard_normal((n_paths, horizon)), axis=1)


class DriftFit(FittedModel):
    """Random walk with an empirically-Bayes shrunk drift (module docstring)."""

    def __init__(self, name: str, y: pd.Series, warnings: list[str] | None = None) -> None:
        self.drift, self.shrink, se2, self.sigma = shrunk_drift(y.to_numpy(dtype=float))
        self.drift_sd = float(np.sqrt(self.shrink * se2))
        super().__init__(name, y, f"random walk, drift {self.drift:.3g} (shrunk by {self.shrink:.2f})", warnings)

    def _point(self, horizon: int) -> FloatArray:
        return float(self.values[-1]) + self.drift * np.arange(1, horizon + 1, dtype=float)

    def _raw_paths(self, horizon: int, n_paths: int, rng: np.random.Generator) -> FloatArray:
        drift = self.drift + self.drift_sd * rng.standard_normal((n_paths, 1))
        steps = drift + self.sigma * rng.standard_normal((n_paths, horizon))
        return float(self.values[-1]) + np.cumsum(steps, axis=1)
