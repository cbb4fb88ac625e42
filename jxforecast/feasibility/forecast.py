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
from jxforecast.feasibility.engine import MIN_OBS, PathForecast, forecast_paths, mix_anchor
from jxforecast.feasibility.inputs import GROWTH
from jxforecast.i18n import N_
from jxforecast.models.base import child_seed
from jxforecast.models.calibration import GapDistribution
from jxforecast.models.longrun import Trend, load_long_run, robust_trend
from jxforecast.models.provincial import Z80
from jxforecast.models.short import fit_short
from jxforecast.typing import Scale, ShortKind

__all__ = ["forecast", "long_run_trend"]


def forecast(y: pd.Series, horizon: int, n_paths: int, seed: int, measure: str, scale: Scale = "linear",
              **kwargs: Any) -> PathForecast:
    """Simulated paths of ``y`` (on its modelling ``scale``) ``horizon`` years past its end.

    - a growth rate more than ``long_horizon`` (`config`) years ahead: the long-horizon model
      (`jxforecast.models.longrun`: damped robust trend, errors measured on history);
    - a series marked ``attrs["short"]`` by `~jxforecast.feasibility.inputs.series_with_fallback`: the short models
      (`jxforecast.models.short`), one year ahead mixed with the announced target's anchor as the
      family's blend is (`~jxforecast.feasibility.engine.mix_anchor`, the short model's spread
      standing for its squared error);
    - otherwise the model family (`forecast_paths`: backtest, blend, calibration, anchor).

    A borrowed series' ``attrs["borrow_spread"]`` (the region's own departures from it) is
    added to every path of the series' forecast; the announced target's anchor, the region's
    own, is mixed in after it (`~jxforecast.feasibility.engine.mix_anchor`).
    """
    shift = kwargs.get("shift", 0.0)
    higher_is_better = kwargs.pop("higher_is_better", True)
    anchor_only = kwargs.pop("anchor_only", False)
    if anchor_only:  # the target year's outcome comes from the anchor alone: the series need not carry it
        anchor = {k: kwargs.pop(k) for k in ("anchor_value", "anchor_dist", "anchor_label", "anchor_gaps")}
        if horizon == 1:  # nothing of the series' forecast would be read: no model is fitted
            return _anchor_only(anchor, len(y.dropna()), n_paths, seed, higher_is_better)
    # the announced target's anchor is mixed in last, after a borrowed series' noise: the anchor
    # is the region's own target, not the stand-in's
    anchor_args = {k: kwargs.pop(k) for k in ("anchor_value", "anchor_gaps", "anchor_dist", "anchor_label")
                   if k in kwargs}
    mse_ts: float | None = None
    min_sd = 0.0
    trend = long_run_trend(y) if measure in GROWTH and horizon > current().long_horizon else None
    if trend is not None:
        fc = _long_run(y, trend, horizon, n_paths, seed, shift)
    elif not y.attrs.get("short"):
        fc = forecast_paths(y, horizon, n_paths, seed, **kwargs)
        mse_ts = fc.backtest_mse
    else:
        kind: ShortKind = "mean" if measure in GROWTH else "persistent"
        fit = fit_short(y, kind, scale)
        paths = fit.simulate(horizon, n_paths, seed) + shift
        who = y.attrs.get("borrowed_from")
        if who:  # a borrowed series: whose figures they are
            note = caveat(ShortSeriesWarning, "Short series: {who}'s {n} figures, too few or too scattered for the "
                          "model family (at least {min_obs} in a row, gaps of a year allowed) or a backtest; a "
                          "{description}, with a t spread and a prior that keep the interval wide. Read the "
                          "probability as rough; add earlier figures with --data to do better.", who=who,
                          n=len(y.dropna()), min_obs=MIN_OBS, description=fit.description)
        else:
            note = caveat(ShortSeriesWarning, "Short series: {whose}{n} figures, too few or too scattered for the "
                          "model family (at least {min_obs} in a row, gaps of a year allowed) or a backtest; a "
                          "{description}, with a t spread and a prior that keep the interval wide. Read the "
                          "probability as rough; add earlier figures with --data to do better.", whose="",
                          n=len(y.dropna()), min_obs=MIN_OBS, description=fit.description)
        fc = PathForecast(paths, {f"short_{kind}": 1.0}, {"applied": False, "method": "none", "factor": 1.0},
                          fit.n, [note])
        # a short series has no backtest: its own spread stands for its expected squared error,
        # so the announced target's evidence weighs as it would against a backtested blend; the
        # evidence is never sharper than provinces' one-year forecasts of the indicator (the
        # gaps may be of national targets, met by a hair)
        lo, hi = np.quantile(paths[:, 0], [0.1, 0.9])
        mse_ts = float(((hi - lo) / Z80) ** 2)
        provincial = kwargs.get("spread")
        min_sd = provincial.band80 / Z80 if provincial is not None else 0.0
    if anchor_only:
        dist: GapDistribution = anchor["anchor_dist"]
        sign = 1.0 if higher_is_better else -1.0
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
        fc.warnings.append(caveat(FallbackWarning, "The region's own departures from the borrowed series (sd "
                                  "{spread:.2g} on the {scale} scale) are added to every path.", spread=spread,
                                  scale=scale))
    if horizon == 1 and mse_ts and not anchor_only:
        mix_anchor(fc, mse_ts, n_paths, seed, higher_is_better=higher_is_better,
                   min_sd=min_sd, **anchor_args)
    return fc


def _anchor_only(anchor: dict[str, Any], n_obs: int, n_paths: int, seed: int, higher_is_better: bool
                 ) -> PathForecast:
    """The target year's outcomes from how far similar targets landed from theirs, the series unmodelled."""
    dist: GapDistribution = anchor["anchor_dist"]
    sign = 1.0 if higher_is_better else -1.0
    outcomes = anchor["anchor_value"] + sign * dist.simulate(n_paths, child_seed(seed, Stream.ANCHOR))
    return PathForecast(outcomes[:, None], {"target_anchor": 1.0},
                        {"applied": False, "method": "none", "factor": 1.0, "anchor": anchor["anchor_label"]},
                        n_obs, [], backtest={"target_anchor": {"n_folds": float(dist.n), "rmse": dist.sd}})


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
    beyond = (N_(" (up to {measured} years ahead; beyond, the {measured}-year errors)").format(measured=measured)
              if horizon > measured else "")
    record = (N_(". Five years ahead, out of sample, on {n_panel} city forecasts it missed average growth by "
                 "{mae_panel:.1f} points on average and its 80% intervals covered {cover_panel:.0%}; on China's GDP "
                 "({n_china} forecasts) by {mae_china:.1f} points, covering {cover_china:.0%}").format(
                     n_panel=panel["n"], mae_panel=panel["mae"], cover_panel=panel["coverage_80"], n_china=china["n"],
                     mae_china=china["mae"], cover_china=china["coverage_80"])
              if panel.get("n") and china.get("n") else "")
    note = caveat(LongHorizonWarning, "Long horizon ({horizon} years): growth reverts to its robust trend of the "
                  "last {n} figures ({level:.1f} at {origin}; the latest deviation fades by {persistence:g} a year), "
                  "with the spread of the errors this method made on history{beyond}{record}; growth kept slowing "
                  "after most origins, so read the upper end with care.", horizon=horizon, n=trend.n,
                  level=trend.level, origin=trend.origin, persistence=model.persistence, beyond=beyond, record=record)
    return PathForecast(paths + shift, {"long_run_trend": 1.0},
                        {"applied": True, "method": "long-horizon errors on history", "factor": 1.0},
                        len(y.dropna()), [note])
