"""Rolling-origin backtest, error metrics, blend weights and the blend itself.

For each origin ``o`` (the last ``max_folds`` origins with at least ``min_train``
points before them) every model is fitted on ``y[:o]`` and forecasts ``y[o]``
one step ahead from its predictive distribution.  Metrics per model: MAE,
RMSE, MASE (scaled by the in-sample MAE of the naive forecast), bias (mean of
actual − forecast) and the coverage of the 50/80/95 % intervals.

Blend weights are inverse-MSE weights shrunk toward equal weights when folds
are few: ``w = λ · w_invMSE + (1 − λ) / k`` with ``λ = F / (F + 5)`` for ``F``
folds and ``k`` models.  The blend simulates a mixture: each path comes from
one model, drawn with probability equal to its weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from jxforecast.errors import ModelError
from jxforecast.models.calibration import Calibration, calibration_from_pit
from jxforecast.models.family import DEFAULT_MODELS, Fitted, arima_spec_of, make_model, prepare

LEVELS = (0.5, 0.8, 0.95)
SHRINK_FOLDS = 5


@dataclass
class BacktestResult:
    """Per-origin forecasts, per-model metrics, blend weights and the blend's calibration."""

    forecasts: pd.DataFrame
    metrics: pd.DataFrame
    weights: dict[str, float]
    calibration: Calibration
    blend_mse: float | None
    n_folds: int
    notes: list[str] = field(default_factory=list)


def _metrics(df: pd.DataFrame, scale: float) -> dict[str, float]:
    err = df["actual"] - df["point"]
    out = {
        "n_folds": float(len(df)),
        "mae": float(err.abs().mean()),
        "rmse": float(np.sqrt((err**2).mean())),
        "mase": float(err.abs().mean() / scale) if scale > 0 else np.nan,
        "bias": float(err.mean()),
    }
    for level in LEVELS:
        k = int(level * 100)
        out[f"coverage_{k}"] = float(((df["actual"] >= df[f"lo_{k}"]) & (df["actual"] <= df[f"hi_{k}"])).mean())
    return out


def _row(model: str, origin: int, actual: float, mean: float, sd: float, df: float) -> dict[str, float]:
    dist = stats.t(df, mean, sd) if np.isfinite(df) else stats.norm(mean, sd)
    row = {"model": model, "origin": origin, "actual": actual, "point": mean, "sd": sd, "pit": float(dist.cdf(actual))}
    for level in LEVELS:
        k = int(level * 100)
        row[f"lo_{k}"], row[f"hi_{k}"] = (float(v) for v in dist.interval(level))
    return row


def backtest(
    y: pd.Series,
    models: tuple[str, ...] = DEFAULT_MODELS,
    horizon: int = 1,
    min_train: int = 8,
    max_folds: int = 12,
    n_paths: int = 2000,
    seed: int = 0,
) -> BacktestResult:
    """Rolling-origin, one-step-ahead backtest of every model and of their blend.

    Parameters
    ----------
    y
        Annual series (gaps handled as in `jxforecast.models.family.prepare`).
    models
        Model names.
    horizon
        Forecast horizon; only 1 is supported (annual targets are one year ahead;
        multi-year goals reuse the one-step calibration).
    min_train
        Points before the first origin (reduced to ``max(5, n // 2)`` for short series).
    max_folds
        At most this many (latest) origins.
    n_paths, seed
        Kept for the interface; the one-step predictive distributions are analytic.

    Returns
    -------
    BacktestResult
    """
    if horizon != 1:
        raise ModelError("Only one-step-ahead backtests are supported.")
    values, notes = prepare(y)
    n = len(values)
    first = max(min(min_train, max(5, n // 2)), 5)
    origins = list(range(max(first, n - max_folds), n))
    rows = []
    spec = arima_spec_of(make_model("arima").fit(values)) if "arima" in models else None
    for origin in origins:
        train = values[:origin]
        for name in models:
            fitted = make_model(name, spec if name == "arima" else None).fit(train)
            mean, sd, df = fitted.predictive()
            rows.append(_row(name, origin, float(values[origin]), mean, sd, df))
    forecasts = pd.DataFrame(rows)
    naive_scale = float(np.mean(np.abs(np.diff(values)))) if n > 1 else np.nan
    if forecasts.empty:
        metrics = pd.DataFrame(columns=["model", "n_folds", "mae", "rmse", "mase", "bias"])
        weights = {m: 1 / len(models) for m in models}
        return BacktestResult(forecasts, metrics, weights, calibration_from_pit(np.array([])), None, 0, notes)
    metrics = pd.DataFrame(
        [{"model": m, **_metrics(g, naive_scale)} for m, g in forecasts.groupby("model", sort=False)]
    ).set_index("model")
    weights = blend_weights(metrics["rmse"] ** 2, len(origins))
    blend = blend_forecasts(forecasts, weights)
    metrics.loc["blend"] = _metrics(blend, naive_scale)
    calibration = calibration_from_pit(blend["pit"].to_numpy())
    return BacktestResult(
        forecasts, metrics, weights, calibration, float(((blend["actual"] - blend["point"]) ** 2).mean()),
        len(origins), notes,
    )


def blend_weights(mse: pd.Series, n_folds: int) -> dict[str, float]:
    """Inverse-MSE weights shrunk toward equal weights (see the module docstring)."""
    inv = 1 / mse.clip(lower=1e-8)
    w = inv / inv.sum()
    lam = n_folds / (n_folds + SHRINK_FOLDS)
    w = lam * w + (1 - lam) / len(w)
    return {str(k): float(v) for k, v in w.items()}


def blend_forecasts(forecasts: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """The blend's one-step forecasts per origin: mixture mean, mixture quantiles and PIT."""
    rows = []
    for origin, g in forecasts.groupby("origin"):
        g = g.set_index("model")
        w = np.array([weights.get(m, 0.0) for m in g.index])
        mean = float(np.sum(w * g["point"]))
        actual = float(g["actual"].iloc[0])
        pit = float(np.sum(w * g["pit"]))
        grid = np.linspace((g["point"] - 6 * g["sd"]).min(), (g["point"] + 6 * g["sd"]).max(), 2001)
        cdf = sum(wi * stats.norm.cdf(grid, mu, sd) for wi, mu, sd in zip(w, g["point"], g["sd"]))
        row = {"model": "blend", "origin": origin, "actual": actual, "point": mean, "pit": pit}
        for level in LEVELS:
            k = int(level * 100)
            row[f"lo_{k}"] = float(np.interp((1 - level) / 2, cdf, grid))
            row[f"hi_{k}"] = float(np.interp((1 + level) / 2, cdf, grid))
        rows.append(row)
    return pd.DataFrame(rows)


def blend_simulate(
    fitted: dict[str, Fitted], weights: dict[str, float], horizon: int, n_paths: int, seed: int
) -> np.ndarray:
    """Paths of the blend: each path drawn from one model with probability = its weight."""
    names = [m for m in fitted if weights.get(m, 0) > 0]
    if not names:
        raise ModelError("No model has a positive weight.")
    w = np.array([weights[m] for m in names], dtype=float)
    w /= w.sum()
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n_paths, w)
    parts = [
        fitted[m].simulate(horizon, int(c), seed + 101 * (i + 1)) for i, (m, c) in enumerate(zip(names, counts)) if c
    ]
    paths = np.vstack(parts)
    return paths[rng.permutation(n_paths)]
