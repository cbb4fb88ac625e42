"""statsmodels state-space models: a small SARIMAX grid and the local linear trend.

``arima``
    SARIMAX fitted on the grid (0,0,0)+c, (1,0,0)+c, (0,1,0), (0,1,1), (1,1,0)
    and chosen by AICc.  Below 8 points only (0,0,0)+c and (0,1,0) are tried.
    AICc across differencing orders is only approximately comparable
    (statsmodels drops the first, diffuse observation of d=1 models from the
    likelihood); with this little data there is no better selector.
``llt``
    ``UnobservedComponents(y, "local linear trend")``.

Fits stop at the filter: ``fit(return_params=True)`` then ``filter(params, cov_type="none")``
gives the parameters, likelihood, AICc, forecasts and last predicted state of
``fit()``, bit for bit, without the smoother pass and the outer-product-of-gradients
covariance of the parameters (one more likelihood per parameter and observation) that
``fit()`` adds and nothing here reads: a third of a fit's time.

Paths are simulated from the fitted state-space form exactly as statsmodels'
``results.simulate(anchor="end")`` would (initial state drawn from the
one-step predicted state distribution, Gaussian state and measurement
shocks), but vectorised over paths in numpy: statsmodels loops over
repetitions and needs 0.3–10 s for 10,000 paths; this needs milliseconds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from statsmodels.tsa.statespace.sarimax import SARIMAX
from statsmodels.tsa.statespace.structural import UnobservedComponents

from jxforecast.models.base import FloatArray, ResultsFit

ARIMA_GRID: tuple[tuple[tuple[int, int, int], str], ...] = (
    ((0, 0, 0), "c"),
    ((1, 0, 0), "c"),
    ((0, 1, 0), "n"),
    ((0, 1, 1), "n"),
    ((1, 1, 0), "n"),
)
SHORT_GRID = (((0, 0, 0), "c"), ((0, 1, 0), "n"))


def _matrix(value: np.ndarray, ndim: int) -> FloatArray:
    """The last time slice of a (possibly time-varying) system matrix."""
    a = np.asarray(value, dtype=float)
    return a[..., -1] if a.ndim == ndim + 1 else a


def _psd_sqrt(cov: np.ndarray) -> FloatArray:
    """A matrix ``L`` with ``L Lᵀ = cov`` for a positive semi-definite ``cov``."""
    w, v = np.linalg.eigh((cov + cov.T) / 2)
    root: FloatArray = v * np.sqrt(np.clip(w, 0.0, None))
    return root


def fit_filtered(model: Any, **fit_kwargs: Any) -> Any:
    """``model.fit(disp=False, **fit_kwargs)`` without the smoother and the parameters' covariance.

    Parameters
    ----------
    model
        A statsmodels ``MLEModel`` (SARIMAX, UnobservedComponents).
    fit_kwargs
        Passed to ``model.fit`` (e.g. ``start_params``).

    Returns
    -------
    MLEResults
        Filtered results at the maximum-likelihood parameters (``cov_type="none"``).
    """
    return model.filter(ml_params(model, **fit_kwargs), cov_type="none")


def ml_params(model: Any, **fit_kwargs: Any) -> FloatArray:
    """The maximum-likelihood parameters of ``model`` (constrained), as ``model.fit().params`` has them."""
    params: FloatArray = np.asarray(model.fit(disp=False, return_params=True, **fit_kwargs), dtype=float)
    return params


def state_space_paths(results: Any, horizon: int, n_paths: int, rng: np.random.Generator) -> FloatArray:
    """Simulate ``(n_paths, horizon)`` future observations of a univariate statsmodels state-space fit.

    Parameters
    ----------
    results
        An ``MLEResults`` (SARIMAX, UnobservedComponents) with time-invariant
        system matrices over the forecast period.
    horizon, n_paths
        Steps ahead and number of paths.
    rng
        Random generator.

    Returns
    -------
    numpy.ndarray
        Simulated observations; their mean and variance match ``get_forecast``.
    """
    fr = results.filter_results
    z = _matrix(fr.design, 2)[0]
    d = float(_matrix(fr.obs_intercept, 1)[0])
    h = float(_matrix(fr.obs_cov, 2)[0, 0])
    t = _matrix(fr.transition, 2)
    c = _matrix(fr.state_intercept, 1)
    r = _matrix(fr.selection, 2)
    q = _matrix(fr.state_cov, 2)
    scale = float(results.scale) if fr.filter_concentrated else 1.0
    k = len(z)
    state = fr.predicted_state[:, -1] + rng.standard_normal((n_paths, k)) @ _psd_sqrt(
        fr.predicted_state_cov[:, :, -1] * scale
    ).T
    shock = _psd_sqrt(q * scale)
    out = np.empty((n_paths, horizon))
    for step in range(horizon):
        out[:, step] = state @ z + d + np.sqrt(max(h * scale, 0.0)) * rng.standard_normal(n_paths)
        state = state @ t.T + c + (rng.standard_normal((n_paths, q.shape[0])) @ shock.T) @ r.T
    return out


class StateSpaceFit(ResultsFit):
    """A fitted statsmodels state-space model (SARIMAX or UnobservedComponents)."""

    def _raw_paths(self, horizon: int, n_paths: int, rng: np.random.Generator) -> FloatArray:
        return state_space_paths(self.results, horizon, n_paths, rng)


def fit_arima(name: str, y: pd.Series, warnings: list[str]) -> StateSpaceFit:
    """SARIMAX on the grid, chosen by AICc (module docstring)."""
    values = y.to_numpy(dtype=float)
    grid = ARIMA_GRID if len(values) >= 8 else SHORT_GRID
    best: tuple[float, str, object] | None = None
    for order, trend in grid:
        try:
            res = fit_filtered(SARIMAX(values, order=order, trend=trend))
        except (ValueError, np.linalg.LinAlgError):
            continue
        aicc = float(res.aicc)
        if np.isfinite(aicc) and (best is None or aicc < best[0]):
            best = (aicc, f"SARIMAX{order}" + ("+c" if trend == "c" else ""), res)
    if best is None:
        raise ValueError("no SARIMAX of the grid could be fitted")
    return StateSpaceFit(name, y, f"{best[1]}, AICc {best[0]:.1f}", best[2], warnings)


def fit_llt(name: str, y: pd.Series, warnings: list[str]) -> StateSpaceFit:
    """Local linear trend by maximum likelihood."""
    res = fit_filtered(UnobservedComponents(y.to_numpy(dtype=float), "local linear trend"))
    return StateSpaceFit(name, y, "local linear trend (UnobservedComponents)", res, warnings)
