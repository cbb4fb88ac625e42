"""From a series to calibrated simulated paths: fit, backtest, blend, calibrate, anchor.

The common currency is an array of simulated paths ``(n_paths, horizon)`` of the
forecast variable.  Steps:

1. backtest every model of the family on rolling origins (1 year ahead);
2. weight the models by their backtest errors and simulate the blend;
3. widen or narrow the blend's spread so that its backtest intervals cover as
   often as they claim (skipped, with a warning, when there are too few folds);
4. optionally (`mix_anchor`, after any shift or borrowed noise) mix in the
   *target-anchored* component — announced target plus
   the historical distribution of outcome − target gaps — with a weight from
   the same backtest errors: ``w_anchor = MSE_ts / (MSE_ts + MSE_anchor)``.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from jxforecast.caveats import LongHorizonWarning, MethodNote, ShortSeriesWarning, caveat
from jxforecast.errors import ModelError
from jxforecast.feasibility.config import Stream, current
from jxforecast.models import (
    DEFAULT_MODELS,
    backtest,
    blend_simulate,
    calibrate,
    gap_distribution,
    make_model,
)
from jxforecast.models.base import FittedModel, FloatArray, child_seed
from jxforecast.models.calibration import GapDistribution
from jxforecast.models.family import is_model_name
from jxforecast.models.provincial import IndicatorSpread, widen

MIN_OBS = 6
BACKTEST_COLUMNS = ("n_folds", "mae", "rmse", "bias", "coverage_80")


@dataclass
class PathForecast:
    """Simulated paths and how they were made."""

    paths: FloatArray
    weights: dict[str, float]
    calibration: dict[str, object]
    n_obs: int
    warnings: list[str] = field(default_factory=list)
    backtest_mse: float | None = None
    backtest: dict[str, dict[str, float]] = field(default_factory=dict)


def forecast_paths(
    y: pd.Series,
    horizon: int,
    n_paths: int,
    seed: int,
    *,
    models: tuple[str, ...] = DEFAULT_MODELS,
    shift: float = 0.0,
    spread: IndicatorSpread | None = None,
) -> PathForecast:
    """Calibrated, blended paths of ``y`` for the next ``horizon`` periods.

    ``shift`` is added to the paths (a region borrowing its parent's dynamics); the
    target-anchored component, the region's own, is mixed in afterwards by `mix_anchor`.
    ``spread``: the indicator's spread learned from provinces, used instead of the series'
    own backtest (`jxforecast.models.provincial`).
    """
    y = y.dropna()
    if len(y) < MIN_OBS:
        raise ModelError(
            f"{y.name}: {len(y)} observations, fewer than the {MIN_OBS} needed to fit and check a model."
        )
    base = _blend_paths(y, horizon, n_paths, seed, tuple(models), spread)
    paths = base.paths + shift
    warnings = list(base.warnings)
    if horizon > current().long_horizon:
        warnings.append(caveat(
            LongHorizonWarning,
            "Long horizon: {horizon} years ahead, but the backtest checks forecasts one year ahead; the spread "
            "over {horizon} years rests on the models' assumptions (random-walk models let growth drift far), "
            "so read the interval as indicative.", horizon=horizon,
        ))
    return PathForecast(paths, dict(base.weights), dict(base.calibration), len(y), warnings, base.backtest_mse,
                        {k: dict(v) for k, v in base.backtest.items()})


def mix_anchor(fc: PathForecast, mse_ts: float, n_paths: int, seed: int, *, anchor_value: float | None = None,
               anchor_gaps: pd.Series | None = None, anchor_dist: GapDistribution | None = None,
               anchor_label: str = "", higher_is_better: bool = True, min_sd: float = 0.0) -> None:
    """Mix the target-anchored component into ``fc``'s one-year-ahead paths (in place).

    The announced ``anchor_value`` plus the gap distribution (``anchor_dist``, or the one of
    ``anchor_gaps`` when there are ``anchor.min_gaps`` of them) takes a share
    ``w = mse_ts / (mse_ts + mse_anchor)`` of the paths, ``mse_ts`` being the time series'
    expected squared error.  The component is at least ``min_sd`` wide (its spread widened to
    it, its squared error no less than ``min_sd²``).  Nothing happens without an announced value
    or a distribution.
    """
    dist: GapDistribution | None = anchor_dist
    mse_anchor = math.nan
    if dist is not None:
        mse_anchor = dist.sd**2
    elif anchor_gaps is not None and len(anchor_gaps) >= current().anchor.min_gaps:
        dist = gap_distribution(anchor_gaps)
        mse_anchor = float(np.mean((anchor_gaps - anchor_gaps.median()) ** 2))
    if anchor_value is None or dist is None or not mse_ts:
        return
    if dist.sd < min_sd:
        dist = widened(dist, min_sd)
    mse_anchor = max(mse_anchor, min_sd**2)
    sign = 1.0 if higher_is_better else -1.0
    anchor_paths = anchor_value + sign * dist.simulate(n_paths, child_seed(seed, Stream.ANCHOR))
    w_anchor = mse_ts / (mse_ts + mse_anchor)
    rng = np.random.default_rng(child_seed(seed, Stream.ANCHOR_MIX))
    take = rng.random(n_paths) < w_anchor
    paths = np.array(fc.paths, dtype=float)  # a copy: the memo's paths are shared
    paths[take, 0] = anchor_paths[take]
    fc.paths = paths
    fc.weights = {k: v * (1 - w_anchor) for k, v in fc.weights.items()}
    fc.weights["target_anchor"] = w_anchor
    fc.calibration["anchor"] = anchor_label
    fc.backtest["target_anchor"] = {"n_folds": float(dist.n), "rmse": float(np.sqrt(mse_anchor))}


def widened(dist: GapDistribution, sd: float) -> GapDistribution:
    """``dist`` with its spread widened to standard deviation ``sd`` (its centre kept)."""
    if dist.method == "kernel":
        return replace(dist, scale=math.sqrt(max(sd**2 - float(np.var(dist.gaps)), dist.scale**2)))
    return replace(dist, scale=dist.scale * sd / dist.sd)


# Fitting, backtesting and simulating a series is most of an assessment's cost. The result
# depends only on the series (periods and values), the horizon, n_paths, the seed and the
# models, so the last MEMO_SIZE results are kept per process: repeated assessments in a
# notebook session, and the few targets that share a series and a horizon, fit once.
# Results over MEMO_MAX_BYTES of paths (huge n_paths) are not kept.
_MEMO: OrderedDict[tuple[Hashable, ...], PathForecast] = OrderedDict()
MEMO_SIZE = 16
MEMO_MAX_BYTES = 16 * 2**20
_MEMO_LOCK = threading.Lock()


def _blend_paths(y: pd.Series, horizon: int, n_paths: int, seed: int, models: tuple[str, ...],
                 spread: IndicatorSpread | None = None) -> PathForecast:
    """Backtest, fit, blend and calibrate: the calibrated blend's paths before any shift or anchor.

    With ``spread`` the blend is stretched by the factor provinces' forecasts of the indicator
    needed, and widened toward their error band when the series is too short to narrow it.
    """
    from jxforecast.models import prepare_series

    backtest_paths = current().backtest_paths
    key = (str(y.name), tuple(str(p) for p in y.index), y.to_numpy(dtype=float).tobytes(), horizon, n_paths,
           seed, models, backtest_paths, spread)
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]
    warnings: list[str] = []
    bt = backtest(y, models=models, horizon=1, n_paths=backtest_paths, seed=seed)
    weights = dict(bt.weights)
    # Fitting the prepared series gives what make_model(name).fit(y) gives, save the notes on
    # gaps (they come first in each fit's warnings, added back here), and the fit memo answers
    # it next time: it is the last backtest fold of the series one year longer.
    series, notes = prepare_series(y)
    fitted: dict[str, FittedModel] = {}
    for name in models:
        if not is_model_name(name) or weights.get(name, 0) <= 0:  # backtest refused unknown names
            continue
        fitted[name] = make_model(name).fit(series, memo=True)
        warnings.extend(notes)
        warnings.extend(fitted[name].warnings)
    cal = bt.calibration
    calibration: dict[str, object]
    if spread is None:
        paths = calibrate(blend_simulate(fitted, weights, horizon, n_paths, seed), cal.factor)
        if cal.message:
            warnings.append(caveat(ShortSeriesWarning, cal.message))
        calibration = {"factor": cal.factor, "folds": cal.folds, "applied": cal.applied, "method": cal.method}
    else:
        paths = calibrate(blend_simulate(fitted, weights, horizon, n_paths, seed), spread.factor)
        calibration = {"factor": spread.factor, "folds": spread.folds, "applied": True,
                       "method": spread.describe(), "own_factor": cal.factor, "own_folds": cal.folds}
        paths, ratio = widen(paths, spread.band80, len(y))
        if ratio > 1.0:
            calibration["widened"] = ratio
            warnings.append(caveat(ShortSeriesWarning, "{series}: {n} figures are too few to narrow the 80% interval "
                                   "below what provinces' one-year forecasts of the indicator miss by ({band80:.1f} "
                                   "points wide): the interval was widened {ratio:.2f} times.", series=str(y.name),
                                   n=len(y), band80=spread.band80, ratio=ratio))
        warnings.append(caveat(MethodNote, "Spread: {spread}, in place of the factor {factor:.2f} of the series' own "
                               "{folds} backtest folds.", spread=spread.describe(), factor=cal.factor,
                               folds=cal.folds))
    paths.flags.writeable = False  # shared by every caller of the memo
    scores = {str(m): {k: float(v) for k, v in row.items() if k in BACKTEST_COLUMNS}
              for m, row in bt.metrics.iterrows()}
    result = PathForecast(paths, weights, calibration, len(y), warnings, bt.blend_mse, scores)
    if paths.nbytes > MEMO_MAX_BYTES:
        return result
    with _MEMO_LOCK:
        _MEMO[key] = result
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return result
