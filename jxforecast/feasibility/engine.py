"""From a series to calibrated simulated paths: fit, backtest, blend, calibrate, anchor.

The common currency is an array of simulated paths ``(n_paths, horizon)`` of the
forecast variable.  Steps:

1. backtest every model of the family on rolling origins (1 year ahead);
2. weight the models by their backtest errors and simulate the blend;
3. widen or narrow the blend's spread so that its backtest intervals cover as
   often as they claim (skipped, with a warning, when there are too few folds);
4. optionally mix in the *target-anchored* component — announced target plus
   the historical distribution of outcome − target gaps — with a weight from
   the same backtest errors: ``w_anchor = MSE_ts / (MSE_ts + MSE_anchor)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jxforecast.errors import ModelError
from jxforecast.models import (
    DEFAULT_MODELS,
    backtest,
    blend_simulate,
    calibrate,
    gap_distribution,
    make_model,
)

MIN_OBS = 6


@dataclass
class PathForecast:
    """Simulated paths and how they were made."""

    paths: np.ndarray
    weights: dict[str, float]
    calibration: dict[str, object]
    n_obs: int
    warnings: list[str] = field(default_factory=list)
    backtest_mse: float | None = None


def forecast_paths(
    y: pd.Series,
    horizon: int,
    n_paths: int,
    seed: int,
    *,
    anchor_value: float | None = None,
    anchor_gaps: pd.Series | None = None,
    anchor_label: str = "",
    models: tuple[str, ...] = DEFAULT_MODELS,
    higher_is_better: bool = True,
    shift: float = 0.0,
) -> PathForecast:
    """Calibrated, blended paths of ``y`` for the next ``horizon`` periods.

    ``shift`` is added to the time-series paths (a region borrowing its parent's
    dynamics) before the target-anchored component, which is the region's own, is mixed in.
    """
    y = y.dropna()
    if len(y) < MIN_OBS:
        raise ModelError(
            f"{y.name}: {len(y)} observations, fewer than the {MIN_OBS} needed to fit and check a model."
        )
    warnings: list[str] = []
    bt = backtest(y, models=models, horizon=1, n_paths=1000, seed=seed)
    weights = dict(bt.weights)
    fitted = {}
    for name in models:
        if weights.get(name, 0) <= 0:
            continue
        fitted[name] = make_model(name).fit(y)
        warnings.extend(fitted[name].warnings)
    paths = blend_simulate(fitted, weights, horizon, n_paths, seed)
    cal = bt.calibration
    paths = calibrate(paths, cal.factor) + shift
    if cal.message:
        warnings.append(cal.message)
    calibration = {"factor": cal.factor, "folds": cal.folds, "applied": cal.applied, "method": cal.method}
    mse_ts = bt.blend_mse
    if anchor_value is not None and anchor_gaps is not None and len(anchor_gaps) >= 5 and horizon == 1 and mse_ts:
        dist = gap_distribution(anchor_gaps)
        sign = 1.0 if higher_is_better else -1.0
        anchor_paths = anchor_value + sign * dist.simulate(n_paths, seed + 1)
        mse_anchor = float(np.mean((anchor_gaps - anchor_gaps.median()) ** 2))
        w_anchor = mse_ts / (mse_ts + mse_anchor)
        rng = np.random.default_rng(seed + 2)
        take = rng.random(n_paths) < w_anchor
        paths = paths.copy()
        paths[take, 0] = anchor_paths[take]
        weights = {k: v * (1 - w_anchor) for k, v in weights.items()}
        weights["target_anchor"] = w_anchor
        calibration["anchor"] = anchor_label
    return PathForecast(paths, weights, calibration, len(y), warnings, mse_ts)
