"""Paths for the horizon: the model family, the short-series models or the long-horizon model.

`forecast` chooses by the series and the horizon and returns a `PathForecast` (simulated
paths, ``(n_paths, horizon)``, the common currency of every target kind).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from jxforecast.caveats import FallbackWarning, LongHorizonWarning, ShortSeriesWarning, caveat
from jxforecast.errors import ModelError
from jxforecast.feasibility.config import Stream, current
from jxforecast.feasibility.engine import MIN_OBS, PathForecast, forecast_paths
from jxforecast.feasibility.inputs import GROWTH
from jxforecast.models.base import child_seed
from jxforecast.models.calibration import GapDistribution
from jxforecast.models.longrun import Trend, load_long_run, robust_trend
from jxforecast.models.short import fit_short
from jxforecast.typing import Scale, ShortKind

__all__ = ["forecast", "long_run_trend"]


def forecast(y: pd.Series, horizon: int, n_paths: int, seed: int, measure: str, scale: Scale = "linear",
              **kwargs: Any) -> PathForecast:
    """Simulated paths of ``y`` (on its modelling ``scale``) ``horizon`` years past its end.

    - a growth rate more than ``long_horizon`` (`config`) years ahead: the long-horizon model
      (`jxforecast.models.longrun`: damped robust trend, errors measured on history);
    - a series marked ``attrs["short"]`` by `~jxforecast.feasibility.inputs.series_with_fallback`: the short models
      (`jxforecast.models.short`);
    - otherwise the model family (`forecast_paths`: backtest, blend, calibration, anchor).

    A borrowed series' ``attrs["borrow_spread"]`` (the region's own departures from it) is
    added to every path.
    """
    shift = kwargs.get("shift", 0.0)
    anchor_only = kwargs.pop("anchor_only", False)
    if anchor_only:  # the target year's outcome comes from the anchor alone: the series need not carry it
        anchor = {k: kwargs.pop(k) for k in ("anchor_value", "anchor_dist", "anchor_label", "anchor_gaps")}
    trend = long_run_trend(y) if measure in GROWTH and horizon > current().long_horizon else None
    if trend is not None:
        fc = _long_run(y, trend, horizon, n_paths, seed, shift)
    elif not y.attrs.get("short"):
        fc = forecast_paths(y, horizon, n_paths, seed, **kwargs)
    else:
        kind: ShortKind = "mean" if measure in GROWTH else "persistent"
        fit = fit_short(y, kind, scale)
        paths = fit.simulate(horizon, n_paths, seed) + shift
        who = y.attrs.get("borrowed_from")
        whose = f"{who}'s " if who else ""
        note = (f"Short series: {whose}{len(y.dropna())} figures, too few or too scattered for the model family "
                f"(at least {MIN_OBS} in a row, gaps of a year allowed) or a backtest; a {fit.description}, with a "
                "t spread and a prior that keep the interval wide. "
                "Read the probability as rough; add earlier figures with --data to do better.")
        fc = PathForecast(paths, {f"short_{kind}": 1.0}, {"applied": False, "method": "none", "factor": 1.0},
                          fit.n, [caveat(ShortSeriesWarning, note)])
    if anchor_only:
        dist: GapDistribution = anchor["anchor_dist"]
        sign = 1.0 if kwargs.get("higher_is_better", True) else -1.0
        fc.paths = np.array(fc.paths, dtype=float)  # a copy: the memo's paths are shared
        fc.paths[:, -1] = anchor["anchor_value"] + sign * dist.simulate(n_paths, child_seed(seed, Stream.ANCHOR))
        fc.weights = {**{k: 0.0 for k in fc.weights}, "target_anchor": 1.0}
        fc.calibration["anchor"] = anchor["anchor_label"]
        fc.backtest["target_anchor"] = {"n_folds": float(dist.n), "rmse": dist.sd}
        return fc
    spread = float(y.attrs.get("borrow_spread", 0.0))
    if spread > 0:
        noise = spread * np.random.default_rng(child_seed(seed, Stream.BORROW_NOISE)).standard_normal((n_paths, 1))
        fc.paths = fc.paths + noise
        fc.warnings.append(caveat(FallbackWarning, f"The region's own departures from the borrowed series (sd "
                                  f"{spread:.2g} on the {scale} scale) are added to every path."))
    return fc


def long_run_trend(y: pd.Series) -> Trend | None:
    """The series' robust trend, or None when it has too few recent figures for one."""
    try:
        return robust_trend(y)
    except ModelError:
        return None


def _long_run(y: pd.Series, trend: Trend, horizon: int, n_paths: int, seed: int, shift: float) -> PathForecast:
    model = load_long_run()
    paths = model.simulate_from(trend, horizon, n_paths, seed)
    bt = model.backtest
    panel, china = bt.get("panel_5y", {}), bt.get("china_5y", {})
    measured = max(model.quantiles)
    note = (f"Long horizon ({horizon} years): growth reverts to its robust trend of the last {trend.n} figures "
            f"({trend.level:.1f} at {trend.origin}; the latest deviation fades by {model.persistence:g} a year), "
            f"with the spread of the errors this method made on history"
            + (f" (up to {measured} years ahead; beyond, the {measured}-year errors)" if horizon > measured else "")
            + (f". Five years ahead, out of sample, on {panel['n']} city forecasts it missed average growth by "
               f"{panel['mae']:.1f} points on average and its 80% intervals covered {panel['coverage_80']:.0%}; "
               f"on China's GDP ({china['n']} forecasts) by {china['mae']:.1f} points, covering "
               f"{china['coverage_80']:.0%}" if panel.get("n") and china.get("n") else "")
            + "; growth kept slowing after most origins, so read the upper end with care.")
    return PathForecast(paths + shift, {"long_run_trend": 1.0},
                        {"applied": True, "method": "long-horizon errors on history", "factor": 1.0},
                        len(y.dropna()), [caveat(LongHorizonWarning, note)])
