"""Rolling-origin (expanding window) backtest of the model family and of its blend.

Folds
-----
The series is prepared once (`jxforecast.models.base.prepare_series`: gaps
interpolated or cut).  Fold ``o`` fits every model on the first ``o`` points
and simulates ``n_paths`` paths ``horizon`` years ahead; the last column is
compared with the actual value ``horizon`` years after the origin.  Origins
run from ``min_train`` to ``n − horizon``; ``min_train`` is lowered for short
series (never below 5) so that there are up to ``MIN_FOLDS`` (6) folds, and
``max_folds`` (default 12) keeps only the latest origins — the recent regime,
and bounded cost (12 folds × 7 models ≈ 0.5–1 s).  Fits go through the fit
memo (``Model.fit(train, memo=True)``, see `jxforecast.models.family`): a
backtest of the same series one year longer (the next ``as_of`` of a panel)
fits only its newest origin, and costs ≈ 0.1 s.  Fold ``f`` of the kept origins
simulates model ``i`` with seed ``child_seed(seed, f, i)``.

Backtest memo
-------------
A backtest depends only on the series (values, years, name) and its arguments, so the
last ``BACKTEST_MEMO_SIZE`` results are kept per process (`clear_memos` empties them) and
handed out as copies (their tables copied, so a caller may change them): targets that
read one series with different horizons or numbers of paths (a level goal and a growth
target of one indicator, the report's pages and a ``check``) backtest it once.

Per-fold columns (``BacktestResult.forecasts``)
    ``origin`` (number of training points, i.e. the position of the first
    forecast year in the prepared series: ``values[:origin]`` is the training
    set), ``origin_period`` (last training year), ``target`` (forecast year), ``model``,
    ``actual``, ``point`` (the model's point forecast), ``median``,
    ``lo_50/hi_50/lo_80/hi_80/lo_95/hi_95`` (central interval quantiles of the
    paths), ``pit`` (share of paths below the actual, ties counted half) and
    ``fallback`` (the mean model stood in).

Metrics per model (``BacktestResult.metrics``), with error ``e = actual − point``
    ``mae``, ``rmse``, ``bias = mean(e)`` (positive: forecasts too low),
    ``mase = MAE / q`` where ``q`` is the in-sample MAE of the one-step naive
    forecast over the whole prepared series (one scale for all folds and
    models, so MASE ranks models exactly as MAE does), coverage of the
    50/80/95 % intervals, ``n_folds``.

Blend
-----
``weights`` are `blend_weights` of the models' backtest MSEs over all folds —
for use on the full series.  The blend's *own* backtest rows (model
``"blend"``) use, at each fold, weights computed from the earlier folds only
(equal weights at the first), so its metrics are out of sample.  Its paths are
a mixture of the models' fold paths (`jxforecast.models.blend`), its point
forecast the weighted mean of the models' point forecasts.  ``calibration`` is
`spread_factor` on the blend's rows.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np
import pandas as pd

from jxforecast.errors import ModelError, ParameterError
from jxforecast.models.base import MIN_POINTS, check_positive, child_seed, make_rng, prepare_series
from jxforecast.models.blend import blend_simulate, blend_weights, mixture_counts
from jxforecast.models.calibration import MIN_FOLDS, Calibration, spread_factor
from jxforecast.models.family import (
    DEFAULT_MODELS,
    MODEL_NAMES,
    clear_fit_memo,
    is_model_name,
    make_model,
    series_key,
)
from jxforecast.typing import ModelName

LEVELS = (0.5, 0.8, 0.95)
METRIC_COLUMNS = ["n_folds", "mae", "rmse", "mase", "bias", "coverage_50", "coverage_80", "coverage_95"]

__all__ = ["BacktestResult", "backtest", "blend_forecasts", "blend_simulate", "blend_weights", "metrics_table"]


@dataclass
class BacktestResult:
    """Everything a backtest produced.

    Attributes
    ----------
    forecasts
        One row per fold and model (including ``"blend"``); columns in the module docstring.
    metrics
        One row per model (index ``model``, ``"blend"`` last); columns `METRIC_COLUMNS`.
    weights
        Blend weights from all folds (sum to 1).
    calibration
        Spread factor from the blend's folds.
    n_folds, min_train, horizon
        Folds run, training points before the first origin, years ahead.
    notes
        Sentences on gaps, reduced ``min_train`` and fallbacks.
    """

    forecasts: pd.DataFrame
    metrics: pd.DataFrame
    weights: dict[str, float]
    calibration: Calibration
    n_folds: int
    min_train: int
    horizon: int
    notes: list[str] = field(default_factory=list)

    def copy(self) -> BacktestResult:
        """A copy whose tables, weights and notes can be changed without touching this one."""
        return replace(self, forecasts=self.forecasts.copy(), metrics=self.metrics.copy(),
                       weights=dict(self.weights), notes=list(self.notes))

    @property
    def blend_mse(self) -> float:
        """Out-of-sample mean squared error of the blend's point forecast."""
        return float(cast(float, self.metrics.loc["blend", "rmse"]) ** 2)


# the central intervals' bounds, in the order of their columns, and their probabilities
_BOUND_COLUMNS = [f"{side}_{round(level * 100)}" for level in LEVELS for side in ("lo", "hi")]
_BOUND_PROBS = [p for level in LEVELS for p in ((1 - level) / 2, (1 + level) / 2)]


def _row(actual: float, point: float, sample: np.ndarray) -> dict[str, float]:
    row = {
        "actual": actual,
        "point": point,
        "median": float(np.median(sample)),
        "pit": float(np.mean(sample < actual) + 0.5 * np.mean(sample == actual)),
    }
    row.update(zip(_BOUND_COLUMNS, np.quantile(sample, _BOUND_PROBS), strict=True))
    return row


def metrics_table(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Per-model metrics of backtest rows (needs a ``scale`` column: the naive in-sample MAE).

    Parameters
    ----------
    forecasts
        Rows as in ``BacktestResult.forecasts`` plus ``scale``.

    Returns
    -------
    pandas.DataFrame
        Index ``model`` in order of appearance, columns `METRIC_COLUMNS`.
    """
    out = {}
    names = forecasts["model"].to_numpy()
    columns = {c: forecasts[c].to_numpy(dtype=float) for c in ("actual", "point", "scale", *_BOUND_COLUMNS)}
    for model in pd.unique(names):  # numpy on each model's rows, in order of appearance (no groupby)
        g = {c: v[names == model] for c, v in columns.items()}
        e = g["actual"] - g["point"]
        mae = np.nanmean(np.abs(e))  # NaN skipped, as pandas does
        row = {
            "n_folds": len(e),
            "mae": float(mae),
            "rmse": float(np.sqrt(np.nanmean(e**2))),
            "mase": float(mae / g["scale"][0]) if g["scale"][0] > 0 else float("nan"),
            "bias": float(np.nanmean(e)),
        }
        for level in LEVELS:
            k = round(level * 100)
            row[f"coverage_{k}"] = float(np.mean((g["actual"] >= g[f"lo_{k}"]) & (g["actual"] <= g[f"hi_{k}"])))
        out[model] = row
    table = pd.DataFrame.from_dict(out, orient="index")[METRIC_COLUMNS]
    table.index.name = "model"
    return table


_QUANTILE_COLUMNS = (
    (0.025, "lo_95"), (0.1, "lo_80"), (0.25, "lo_50"), (0.5, "median"), (0.75, "hi_50"), (0.9, "hi_80"),
    (0.975, "hi_95"),
)


def _mixture_quantiles(group: pd.DataFrame, w: np.ndarray, probs: list[float]) -> list[float]:
    """Quantiles of a mixture whose components are known by 7 quantiles each (piecewise-linear CDFs)."""
    qs = np.array([0.0] + [q for q, _ in _QUANTILE_COLUMNS] + [1.0])
    knots = group[[c for _, c in _QUANTILE_COLUMNS]].to_numpy(dtype=float)
    knots = np.maximum.accumulate(knots, axis=1)
    # tails: extend each CDF linearly to 0 and 1 beyond its 2.5 % and 97.5 % quantiles
    lo = knots[:, 0] - (knots[:, 1] - knots[:, 0]) / 3
    hi = knots[:, -1] + (knots[:, -1] - knots[:, -2]) / 3
    knots = np.column_stack([lo, knots, hi])
    grid = np.linspace(knots.min(), knots.max(), 2001)
    cdf = sum(wi * np.interp(grid, k + np.arange(len(k)) * 1e-12, qs) for wi, k in zip(w, knots, strict=True))
    return [float(np.interp(p, cdf + np.arange(len(cdf)) * 1e-15, grid)) for p in probs]


def blend_forecasts(forecasts: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """Backtest rows of the mixture of the models with fixed ``weights`` (e.g. ``BacktestResult.weights``).

    A cheap way to score other weights on the same folds, without refitting:
    ``point`` is the weighted mean of the models' points, ``pit`` the weighted
    mean of their PITs (exact for a mixture), and the median and interval
    columns are quantiles of the mixture of the models' piecewise-linear CDFs
    through their seven backtest quantiles (an approximation).  The
    ``"blend"`` rows of `backtest` (real-time weights, quantiles of mixed
    paths) remain the reference evaluation.

    Parameters
    ----------
    forecasts
        ``BacktestResult.forecasts``.
    weights
        Weight per model; models without a positive weight are ignored.

    Returns
    -------
    pandas.DataFrame
        One row per origin with the columns of ``BacktestResult.forecasts``
        (``model = "blend"``, ``fallback`` False).
    """
    names = [m for m, v in weights.items() if v > 0]
    rows = forecasts[forecasts["model"].isin(names)]
    if rows.empty:
        raise ParameterError("No weighted model has backtest rows.")
    out = []
    for origin, g in rows.groupby("origin", sort=True):
        w = g["model"].map(weights).to_numpy(dtype=float)
        w = w / w.sum()
        row = {
            "origin": origin, "origin_period": g["origin_period"].iloc[0], "target": g["target"].iloc[0],
            "model": "blend", "actual": float(g["actual"].iloc[0]), "point": float(w @ g["point"].to_numpy()),
            "pit": float(w @ g["pit"].to_numpy()), "fallback": False,
        }
        values = _mixture_quantiles(g, w, [q for q, _ in _QUANTILE_COLUMNS])
        row.update({c: v for (_, c), v in zip(_QUANTILE_COLUMNS, values, strict=True)})
        out.append(row)
    return pd.DataFrame(out)[list(forecasts.columns)]


def _first_origin(n: int, horizon: int, min_train: int) -> int:
    """``min_train`` lowered (not below 5) so that up to ``MIN_FOLDS`` folds fit in ``n`` points."""
    return max(MIN_POINTS, min(min_train, n - horizon + 1 - MIN_FOLDS))


def backtest(
    y: pd.Series | np.ndarray,
    models: Sequence[str] = DEFAULT_MODELS,
    horizon: int = 1,
    min_train: int = 8,
    n_paths: int = 2000,
    seed: int = 0,
    max_folds: int | None = 12,
) -> BacktestResult:
    """Rolling-origin backtest of ``models`` and of their blend (module docstring).

    Parameters
    ----------
    y
        Annual series (gaps handled by `jxforecast.models.base.prepare_series`).
    models
        Names from `MODEL_NAMES`, at least one, no duplicates.
    horizon
        Years ahead of each origin (≥ 1).
    min_train
        Points before the first origin (≥ 5; lowered for short series).
    n_paths
        Paths per fold and model.
    seed
        Same seed, same result.
    max_folds
        Keep only the latest ``max_folds`` origins (None: all).

    Returns
    -------
    BacktestResult

    Raises
    ------
    ModelError
        The series has fewer than ``5 + horizon`` usable points.
    ParameterError
        Unknown or duplicated models, ``min_train < 5``, non-positive sizes.
    """
    models = list(models)
    unknown = [m for m in models if m not in MODEL_NAMES]
    if not models or unknown or len(set(models)) != len(models):
        raise ParameterError(f"Models must be distinct names from {', '.join(MODEL_NAMES)}; got {models}.")
    names = [m for m in models if is_model_name(m)]  # all of them, checked above
    horizon = check_positive(horizon, "horizon")
    n_paths = check_positive(n_paths, "n_paths")
    if min_train < MIN_POINTS:
        raise ParameterError(f"min_train must be at least {MIN_POINTS}, not {min_train}.")
    if max_folds is not None:
        max_folds = check_positive(max_folds, "max_folds")
    make_rng(seed)  # validates the seed
    key = series_key(y) if isinstance(y, pd.Series) else None
    if key is not None:
        key = (*key, tuple(models), horizon, min_train, n_paths, seed, max_folds)
        with _BACKTEST_LOCK:
            stored = _BACKTESTS.get(key)
            if stored is not None:
                _BACKTESTS.move_to_end(key)
        if stored is not None:
            return stored.copy()
    result = _backtest(y, models, names, horizon, min_train, n_paths, seed, max_folds)
    if key is not None:
        with _BACKTEST_LOCK:
            _BACKTESTS[key] = result.copy()
            while len(_BACKTESTS) > BACKTEST_MEMO_SIZE:
                _BACKTESTS.popitem(last=False)
    return result


# Last BACKTEST_MEMO_SIZE backtests, by series and arguments: see "Backtest memo" in the module docstring.
BACKTEST_MEMO_SIZE = 64
_BACKTESTS: OrderedDict[tuple[Hashable, ...], BacktestResult] = OrderedDict()
_BACKTEST_LOCK = threading.Lock()


def _backtest(
    y: pd.Series | np.ndarray, models: list[str], names: list[ModelName], horizon: int, min_train: int,
    n_paths: int, seed: int, max_folds: int | None,
) -> BacktestResult:
    """`backtest` after its checks, without the memo."""
    series, notes = prepare_series(y)
    n = len(series)
    first = _first_origin(n, horizon, min_train)
    origins = list(range(first, n - horizon + 1))
    scale = float(np.mean(np.abs(np.diff(series.to_numpy()))))
    if not origins:
        raise ModelError(
            f"{n} usable points: too short to backtest {horizon} year(s) ahead (at least {MIN_POINTS + horizon})."
        )
    if max_folds is not None:
        origins = origins[-max_folds:]
    if first < min_train:
        notes.append(f"min_train lowered from {min_train} to {first} for a series of {n} points.")

    rows: list[dict[str, Any]] = []
    samples = np.empty((len(origins), len(models), n_paths))
    points = np.empty((len(origins), len(models)))
    fallbacks = dict.fromkeys(models, 0)
    for f, origin in enumerate(origins):
        train = series.iloc[:origin]
        target = origin + horizon - 1
        actual = float(series.iloc[target])
        for i, name in enumerate(models):
            fitted = make_model(names[i]).fit(train, memo=True)
            sample = fitted.simulate(horizon, n_paths, child_seed(seed, f, i))[:, -1]
            samples[f, i] = sample
            points[f, i] = point = float(fitted.forecast(horizon)[-1])
            fallbacks[name] += fitted.fallback
            rows.append({
                "fold": f, "origin": origin, "origin_period": series.index[origin - 1],
                "target": series.index[target], "model": name, **_row(actual, point, sample),
                "scale": scale, "fallback": fitted.fallback,
            })
    notes += [f"{m}: the mean model stood in on {k} of {len(origins)} folds." for m, k in fallbacks.items() if k]

    rows += _blend_rows(rows[:: len(models)], samples, points, models, seed)
    forecasts = pd.DataFrame(rows)
    metrics = metrics_table(forecasts)
    weights = blend_weights(
        {m: float(cast(float, metrics.loc[m, "rmse"]) ** 2) for m in models}, len(origins)
    )
    blend = forecasts[forecasts["model"] == "blend"]
    calibration = spread_factor(blend["actual"], blend["median"], blend["lo_80"], blend["hi_80"])
    return BacktestResult(
        forecasts.drop(columns=["fold", "scale"]), metrics, weights, calibration, len(origins), origins[0], horizon,
        notes,
    )


def _blend_rows(
    firsts: list[dict[str, Any]], samples: np.ndarray, points: np.ndarray, models: list[str], seed: int
) -> list[dict[str, Any]]:
    """The blend's fold rows, each with weights from the earlier folds only.

    Parameters
    ----------
    firsts
        The first model's row of each fold (fold, origin, periods, actual, scale).
    samples, points
        Each fold's and model's last-step paths ``(folds, models, n_paths)`` and point forecasts.
    models, seed
        As given to `backtest`.
    """
    rows = []
    n_paths = samples.shape[2]
    actuals = np.array([row["actual"] for row in firsts])
    # squared errors by model, each model's folds contiguous (the MSEs sum them in fold order)
    squared = np.ascontiguousarray(((actuals[:, None] - points) ** 2).T)
    for f, first in enumerate(firsts):
        if f:
            w = blend_weights({m: float(np.mean(squared[i, :f])) for i, m in enumerate(models)}, f)
        else:
            w = {m: 1 / len(models) for m in models}
        wv = np.array([w[m] for m in models])
        counts = mixture_counts(wv, n_paths, make_rng(child_seed(seed, f, len(models))))
        mix = np.concatenate([samples[f, i, :c] for i, c in enumerate(counts)])
        rows.append({
            "fold": f, "origin": int(first["origin"]), "origin_period": first["origin_period"],
            "target": first["target"], "model": "blend",
            **_row(first["actual"], float(wv @ points[f]), mix),
            "scale": first["scale"], "fallback": False,
        })
    return rows


def clear_memos() -> None:
    """Empty the per-process memos behind `backtest` (for timing from scratch, or to free memory)."""
    clear_fit_memo()
    with _BACKTEST_LOCK:
        _BACKTESTS.clear()
