"""Ensemble weights from backtest errors, and the blend as a mixture of simulated paths.

Weights
-------
Inverse-MSE weights shrunk toward equal weights when the backtest has few folds,
by tempering (shrinking the log-weights toward equal)::

    w_i = MSE_i^(−λ) / Σ_j MSE_j^(−λ),      λ = F / (F + F₀)

with ``F`` folds and ``F₀ = SHRINK_FOLDS = 5``: ``λ = 0`` gives equal
weights, ``λ → 1`` plain inverse-MSE weights; with 5 folds a model with 4×
the MSE of another gets half its weight instead of a quarter.  MSEs are
floored at 1e-12.  Equal weights are a hard benchmark in forecast combination
(the "forecast combination puzzle") and MSEs from a handful of folds are
noisy, hence the shrinkage; tempering rather than a linear mix with equal
weights keeps a model that is off by an order of magnitude (the historical
mean of a trending level) near zero weight even with few folds.

Blend
-----
The blend's predictive distribution is the mixture ``Σ w_i · F_i``: whole
paths are drawn from model ``i`` with probability ``w_i`` (multinomial
counts), then shuffled, so paths stay internally coherent over the horizon.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from jxforecast.errors import ParameterError
from jxforecast.models.base import FittedModel, FloatArray, check_positive, child_seed, make_rng

SHRINK_FOLDS = 5.0


def blend_weights(
    mse: Mapping[str, float] | pd.Series, n_folds: int, shrink_folds: float = SHRINK_FOLDS
) -> dict[str, float]:
    """Inverse-MSE weights shrunk toward equal weights (module docstring).

    Parameters
    ----------
    mse
        Backtest mean squared error per model (a mapping or a Series indexed by model).
    n_folds
        Number of backtest folds ``F`` behind the MSEs (0 gives equal weights).
    shrink_folds
        ``F₀``: the number of folds at which error-based and equal weights count equally.

    Returns
    -------
    dict
        Weight per model, summing to 1.
    """
    mse = dict(mse)  # also accepts a pandas Series indexed by model
    if not mse:
        raise ParameterError("At least one model is needed to compute weights.")
    if n_folds < 0 or shrink_folds < 0:
        raise ParameterError("n_folds and shrink_folds must not be negative.")
    names = list(mse)
    values = np.array([mse[m] for m in names], dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        raise ParameterError("MSEs must be finite and non-negative.")
    lam = n_folds / (n_folds + shrink_folds) if n_folds + shrink_folds > 0 else 1.0
    log_w = -lam * np.log(np.maximum(values, 1e-12))
    w = np.exp(log_w - log_w.max())
    return {m: float(v) for m, v in zip(names, w / w.sum(), strict=True)}


def mixture_counts(weights: np.ndarray, n_paths: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """How many of ``n_paths`` mixture draws come from each component (multinomial)."""
    counts: NDArray[np.int64] = rng.multinomial(n_paths, weights / weights.sum())
    return counts


def _normalised(names: list[str], weights: Mapping[str, float]) -> FloatArray:
    w: FloatArray = np.array([float(weights.get(m, 0.0)) for m in names])
    if not np.isfinite(w).all() or (w < 0).any():
        raise ParameterError("Blend weights must be finite and non-negative.")
    if w.sum() <= 0:
        raise ParameterError("At least one blend weight must be positive.")
    normalised: FloatArray = w / w.sum()
    return normalised


def blend_simulate(
    fitted_models: Mapping[str, FittedModel],
    weights: Mapping[str, float],
    horizon: int,
    n_paths: int,
    seed: int,
) -> FloatArray:
    """Paths of the blend: a mixture of the models' simulated paths in proportion to ``weights``.

    Parameters
    ----------
    fitted_models
        Fitted models by name.
    weights
        Weight per name; names absent from ``weights`` weigh 0, and weights of
        names absent from ``fitted_models`` must be 0.  Renormalised to sum to 1.
    horizon, n_paths
        Shape of the result.
    seed
        Same seed, same paths; each model draws from its own derived stream.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_paths, horizon)``, rows in random order.
    """
    horizon = check_positive(horizon, "horizon")
    n_paths = check_positive(n_paths, "n_paths")
    missing = [m for m, v in weights.items() if v > 0 and m not in fitted_models]
    if missing:
        raise ParameterError(f"Weights given for models that were not fitted: {', '.join(missing)}.")
    names = list(fitted_models)
    w = _normalised(names, weights)
    rng = make_rng(child_seed(seed, 0))
    counts = mixture_counts(w, n_paths, rng)
    parts = [
        fitted_models[m].simulate(horizon, int(c), child_seed(seed, 1, i))
        for i, (m, c) in enumerate(zip(names, counts, strict=True))
        if c > 0
    ]
    paths = np.vstack(parts)
    return paths[rng.permutation(n_paths)]
