"""Growth over long horizons (four to fifteen years).

A damped robust trend with errors measured on history.

Random walks, which serve one year ahead, carry a one-off dip (2020) or a boom for
fifteen years.  Five-year and 2035 goals instead use:

**Point forecast.**  Over the last ``WINDOW`` years (gaps allowed), a robust linear trend
of growth (statsmodels ``RLM``, Huber weights, so a single 2020 does not bend it):
``g_t = a + b·(t − T) + u_t``.  Growth ``k`` years ahead is the trend's end value, moved by a
share ``c`` of the slope common to all regions at the origin (``S_T``, the median of the
panel cities' trend slopes: the shared slowdown, less noisy than one region's own slope),
plus the last deviation decaying::

    ĝ(T+k) = a + c·S_T·(1 + ρ + … + ρ^(k−1)) + φ^k·u_T

so growth reverts toward a slowly moving trend instead of wandering, and the shared
slope fades (by ``ρ`` a year: a slowdown does not go on for ever at the same pace).  ``c``,
``ρ`` and ``φ`` are learned from history (`fit_long_run`: the values that minimise the
five- and ten-year-ahead errors of average growth over a panel of city GDP series);
``S_T`` is stored for every origin year and uses only figures up to ``T``.

**Spread.**  Not from the model's assumptions: the errors of this same forecaster on
history.  For every region and origin of the panel, the realised average growth over the
next ``h`` years minus the forecast, divided by the region's error unit (`spread`: its
robust scale of deviations from its trend combined with ``LEVEL_SHARE`` of the forecast
growth), gives a standardised error; its quantiles by horizon are stored
(`LongRunModel.quantiles`).  A region's paths are its forecast plus its own error unit
times errors drawn from those quantiles, so a volatile region gets a wider fan and the
coverage is what history gave.  A horizon is measured only when forecasts made in at least
``MIN_ORIGINS`` different years reach it (one origin is one episode, not a distribution);
longer horizons use the longest measured, and the page says so.  The most extreme 1 % of
errors at each end are clipped: they are statistical breaks (a city's GDP restated), not
forecast errors.

All that is needed is the region's growth series; the parameters and error quantiles come
from ``data/long_run.json`` (`load_long_run`), refitted by ``scripts/fit_long_run.py``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from jxforecast._paths import embedded_path
from jxforecast.errors import ModelError
from jxforecast.models.base import BASE_EFFECT_YEARS, FloatArray

WINDOW = 10  # years of history behind the trend
MIN_YEARS = 5  # figures needed in the window
MIN_SCALE = 0.5  # points: the smallest scale of deviations (a very smooth series is not certain)
LEVEL_SHARE = 0.3  # κ: the part of the error unit that grows with the level of growth forecast
QUANTILE_GRID = np.linspace(0.005, 0.995, 199)
MIN_ORIGINS = 5  # error quantiles at a horizon need forecasts made in this many different years


@dataclass(frozen=True)
class Trend:
    """A region's robust trend at the origin: end value, slope, last deviation, scale.

    ``deviation_lag`` is how many years before the origin the last deviation was measured:
    0, or more when the last years are base-effect years (`BASE_EFFECT_YEARS`, 2020–21),
    whose dip and rebound say nothing about the years after them.
    """

    origin: int
    level: float
    slope: float
    last_deviation: float
    scale: float
    n: int
    deviation_lag: int = 0


def robust_trend(y: pd.Series, origin: int | None = None, window: int = WINDOW) -> Trend:
    """The robust linear trend of growth over the ``window`` years up to ``origin``.

    Parameters
    ----------
    y
        Annual growth rates (``PeriodIndex`` or integer years as index); gaps allowed.
    origin
        The last year used (default: the last year of ``y``).
    """
    years = np.array([p.year if hasattr(p, "year") else int(p) for p in y.index])
    values = y.to_numpy(dtype=float)
    keep = np.isfinite(values)
    years, values = years[keep], values[keep]
    origin = int(years.max()) if origin is None else origin
    inside = (years <= origin) & (years > origin - window)
    # the base-effect years (the 2020 dip and 2021 rebound) neither bend the trend nor set the
    # deviation that fades into the coming years, when enough other years remain
    ordinary = inside & ~np.isin(years, BASE_EFFECT_YEARS)
    if ordinary.sum() >= MIN_YEARS:
        inside = ordinary
    t, g = years[inside] - origin, values[inside]
    if len(g) < MIN_YEARS:
        raise ModelError(f"{y.name}: {len(g)} growth figures in the {window} years to {origin}; "
                         f"a long-horizon trend needs {MIN_YEARS}.")
    # the robust module alone: statsmodels.api would import every model and data set (0.2 s)
    from statsmodels.robust.norms import HuberT
    from statsmodels.robust.robust_linear_model import RLM
    from statsmodels.tools.tools import add_constant

    res = RLM(g, add_constant(t.astype(float)), M=HuberT()).fit()
    a, b = float(res.params[0]), float(res.params[1])
    last = g[np.argmax(t)] - (a + b * t.max())
    return Trend(origin, a + b * t.max(), b, float(last), max(float(res.scale), MIN_SCALE), len(g),
                 int(-t.max()))


def spread(trend: Trend, forecast: float) -> float:
    """The unit errors are measured in: ``sqrt(scale² + (κ·forecast)²)``.

    The region's own short-run volatility and a share of the growth it is forecast to have (slowdowns of a
    12 % economy are larger in points than those of a 5 % one).
    """
    return float(np.hypot(trend.scale, LEVEL_SHARE * max(forecast, 0.0)))


@dataclass
class LongRunModel:
    """The damped robust trend's parameters and its standardised errors by horizon."""

    slope_weight: float = 0.5  # c: share of the common slope that continues
    fade: float = 0.7  # ρ: how much of the slope is left each further year
    persistence: float = 0.5  # φ: how much of the last deviation is left each further year
    common_slopes: dict[int, float] = field(default_factory=dict)  # origin year -> S_T (points a year)
    quantiles: dict[int, list[float]] = field(default_factory=dict)  # horizon -> QUANTILE_GRID quantiles
    backtest: dict[str, dict[str, float]] = field(default_factory=dict)  # what the errors were measured on

    def common_slope(self, origin: int) -> float:
        """S_T for the origin year (the nearest earlier year stored; 0 before any)."""
        known = [y for y in self.common_slopes if y <= origin]
        return self.common_slopes[max(known)] if known else 0.0

    def path(self, trend: Trend, horizon: int) -> FloatArray:
        """Point forecast of growth for years 1..horizon after the origin."""
        k = np.arange(1, horizon + 1)
        slope = self.slope_weight * self.common_slope(trend.origin)
        rho = self.fade
        steps = (1 - rho ** k) / (1 - rho) if rho < 1 else k.astype(float)
        return trend.level + slope * steps + self.persistence ** (k + trend.deviation_lag) * trend.last_deviation

    def errors(self, horizon: int) -> FloatArray:
        """Standardised error quantiles of average growth over ``horizon`` years."""
        if not self.quantiles:
            raise ModelError("The long-horizon model has no measured errors; refit it (scripts/fit_long_run.py).")
        measured = sorted(self.quantiles)
        h = min(max(horizon, measured[0]), measured[-1])
        h = max(m for m in measured if m <= h)
        return np.asarray(self.quantiles[h], dtype=float)

    def simulate(self, y: pd.Series, horizon: int, n_paths: int, seed: int) -> tuple[FloatArray, Trend]:
        """`simulate_from` the robust trend of ``y``; also returns the trend."""
        trend = robust_trend(y)
        return self.simulate_from(trend, horizon, n_paths, seed), trend

    def simulate_from(self, trend: Trend, horizon: int, n_paths: int, seed: int) -> FloatArray:
        """Paths ``(n_paths, horizon)`` of yearly growth.

        Their average over the horizon has the measured error distribution around the forecast
        (each path grows at its average every year).
        """
        mean = float(self.path(trend, horizon).mean())
        rng = np.random.default_rng(seed)
        q = self.errors(horizon)
        z = np.interp(rng.random(n_paths), QUANTILE_GRID, q)
        average = mean + spread(trend, mean) * z
        return np.repeat(average[:, None], horizon, axis=1)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dictionary of the model (keys of the horizons as text)."""
        return {**asdict(self), "quantiles": {str(k): v for k, v in self.quantiles.items()},
                "common_slopes": {str(k): v for k, v in self.common_slopes.items()}}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LongRunModel:
        """The model `to_dict` described."""
        return cls(d["slope_weight"], d["fade"], d["persistence"],
                   {int(k): float(v) for k, v in d["common_slopes"].items()},
                   {int(k): list(v) for k, v in d["quantiles"].items()}, d.get("backtest", {}))


def trends(histories: dict[str, pd.Series], origins: range) -> dict[tuple[str, int], Trend]:
    """Every region's robust trend at every origin where it has enough figures."""
    out = {}
    for key, y in histories.items():
        years = {p.year if hasattr(p, "year") else int(p) for p in y.dropna().index}
        for origin in origins:
            if origin in years:
                try:
                    out[(key, origin)] = robust_trend(y, origin)
                except ModelError:
                    continue
    return out


def common_slopes(fitted: dict[tuple[str, int], Trend], min_regions: int = 20) -> dict[int, float]:
    """S_T: the median trend slope over the regions with a trend at each origin year."""
    by_year: dict[int, list[float]] = {}
    for (_, origin), trend in fitted.items():
        by_year.setdefault(origin, []).append(trend.slope)
    return {y: float(np.median(b)) for y, b in sorted(by_year.items()) if len(b) >= min_regions}


def average_errors(histories: dict[str, pd.Series], model: LongRunModel, horizons: range,
                   origins: range, fitted: dict[tuple[str, int], Trend] | None = None) -> pd.DataFrame:
    """Realised minus forecast average growth over ``h`` years for every region and origin.

    Those with enough history (the origin's own figure included) and at least three quarters of the
    ``h`` outcomes (the average is over the years known); ``z`` is the error over the
    region's scale.  ``fitted``: trends from `trends`, to reuse.
    """
    fitted = trends(histories, origins) if fitted is None else fitted
    rows = []
    for key, y in histories.items():
        years = {int(cast(int, getattr(p, "year", p))): float(v) for p, v in y.dropna().items()}
        for origin in origins:
            trend = fitted.get((key, origin))
            if trend is None:
                continue
            for h in horizons:
                future = [years.get(origin + k) for k in range(1, h + 1)]
                known = [k for k, v in enumerate(future) if v is not None]
                if h - len(known) > h // 4:  # a quarter of the years may be missing (2013, 2017 in the panel)
                    continue
                err = float(np.mean([future[k] for k in known])) - float(model.path(trend, h)[known].mean())
                rows.append({"key": key, "origin": origin, "horizon": h, "error": err,
                             "z": err / spread(trend, float(model.path(trend, h).mean()))})
    return pd.DataFrame(rows, columns=["key", "origin", "horizon", "error", "z"])


def fit_long_run(histories: dict[str, pd.Series], horizons: range = range(1, 16),
                 origins: range = range(2008, 2023), tune_horizon: int = 5) -> LongRunModel:
    """Learn the common slopes, the slope weight, its fade and the persistence, then the errors.

    The parameters give the least mean absolute error at ``tune_horizon`` and twice that, on a
    grid; then the standardised error quantiles are measured at every
    horizon, over forecasts made at ``origins`` (by default the fifteen most recent years:
    the regime that matters now, after the boom years whose rising trends did not last).
    """
    best = None
    fitted = trends(histories, origins)
    slopes = common_slopes(fitted)
    tune = range(tune_horizon, 2 * tune_horizon + 1, tune_horizon)
    for c in (0.0, 0.25, 0.5, 0.75, 1.0):
        for rho in (0.5, 0.7, 0.85, 1.0):
            for phi in (0.0, 0.25, 0.5, 0.75):
                errs = average_errors(histories, LongRunModel(c, rho, phi, slopes), tune, origins, fitted)
                score = float(errs.groupby("horizon")["error"].apply(lambda e: e.abs().mean()).mean()) \
                    if len(errs) else np.inf
                if best is None or score < best[0]:
                    best = (score, c, rho, phi)
    assert best is not None
    model = LongRunModel(best[1], best[2], best[3], slopes)
    errs = average_errors(histories, model, horizons, origins, fitted)
    for h, group in errs.groupby("horizon"):
        # errors from fewer origin years are one episode, not a distribution
        if len(group) >= 30 and group["origin"].nunique() >= MIN_ORIGINS:
            z = group["z"].clip(*group["z"].quantile([0.01, 0.99]))  # statistical breaks are not forecast errors
            model.quantiles[int(cast(int, h))] = [float(v) for v in np.quantile(z, QUANTILE_GRID)]
    return model


@cache
def _shipped(path: str) -> LongRunModel:
    return LongRunModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def load_long_run(path: str | Path | None = None) -> LongRunModel:
    """The shipped long-horizon model (``data/long_run.json``) or one saved by the fit script."""
    return _shipped(str(path or embedded_path("long_run.json")))
