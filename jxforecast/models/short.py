"""Forecasts from a few figures (three to five), when no longer series can stand in.

The model family needs six figures to fit and to check itself; a region that has three
to five figures of an indicator, and no parent, peer or related series to borrow, gets
the simplest models that such a history can support, with the uncertainty of their
estimates in the predictive distribution (Student t) and a prior spread so that two or
three changes cannot claim near certainty:

``persistent`` (levels, shares, rates, on the scale where they are modelled)
    a random walk with drift on irregularly spaced years: the change over a gap of ``g``
    years is ``g·δ + e`` with ``var(e) = g·σ²``, estimated by weighted least squares
    (statsmodels WLS).  ``h`` years after the last figure the forecast is
    ``y_T + h·δ`` with variance ``h·σ² + h²·se(δ)²``.
``mean`` (growth rates)
    independent draws around the mean of the figures of the last ``MEAN_WINDOW`` years
    (all figures when fewer than three fall in it): ``ȳ`` with variance ``σ²·(1 + 1/n)``.

``σ²`` is pooled with a prior spread (``PRIOR_SD``, on the modelling scale) worth
``PRIOR_WEIGHT`` pseudo-observations; the t distribution has the pooled degrees of
freedom.  Nothing here is backtested (there is nothing to backtest on): results from a
short series are labelled as such in every assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS, WLS

from jxforecast.errors import ModelError
from jxforecast.i18n import N_
from jxforecast.models.base import FloatArray
from jxforecast.typing import ShortKind

MIN_SHORT = 3
MEAN_WINDOW = 10  # the mean model uses the figures of the last ten years when three or more are there
# prior sd of one year's change (persistent) or of growth around its mean (mean), on the
# modelling scale: logs (levels, counts), logits (shares), points (rates, growth rates)
PRIOR_SD = {"log": 0.08, "logit": 0.08, "linear": 0.5, "growth": 2.0}
PRIOR_WEIGHT = 2.0


@dataclass(frozen=True)
class ShortFit:
    """A short-series fit: centre, spread and degrees of freedom of the forecast."""

    kind: ShortKind
    n: int
    last_year: int
    last: float
    drift: float
    drift_se: float
    sigma: float
    df: float
    description: str

    def simulate(self, horizon: int, n_paths: int, seed: int) -> FloatArray:
        """Paths ``(n_paths, horizon)``: year 1..horizon after the last figure."""
        rng = np.random.default_rng(seed)
        h = np.arange(1, horizon + 1, dtype=float)
        if self.kind == "persistent":
            steps = self.sigma * rng.standard_normal((n_paths, horizon))
            drift = self.drift + self.drift_se * rng.standard_normal((n_paths, 1))
            # t tails: one chi-square draw per path scales the whole path
            scale = np.sqrt(self.df / rng.chisquare(self.df, (n_paths, 1)))
            paths: FloatArray = self.last + h * drift + scale * np.cumsum(steps, axis=1)
            return paths
        scale = np.sqrt(self.df / rng.chisquare(self.df, (n_paths, horizon)))
        flat: FloatArray = self.drift + self.sigma * np.sqrt(1 + 1 / self.n) * scale * rng.standard_normal(
            (n_paths, horizon)
        )
        return flat


def fit_short(y: pd.Series, kind: ShortKind, scale: str = "linear") -> ShortFit:
    """Fit the short-series model of ``kind`` to an annual series with three to five figures.

    Parameters
    ----------
    y
        Annual series (``PeriodIndex``), on the modelling scale, gaps allowed.
    kind
        ``"persistent"`` or ``"mean"`` (see the module docstring).
    scale
        ``"log"``, ``"logit"`` or ``"linear"``: picks the prior spread.

    Returns
    -------
    ShortFit
    """
    y = y.dropna().sort_index()
    if len(y) < MIN_SHORT:
        raise ModelError(f"{y.name}: {len(y)} figure(s); at least {MIN_SHORT} are needed even for a rough forecast.")
    years = np.array([p.year for p in y.index], dtype=float)
    values = y.to_numpy(dtype=float)
    n = len(values)
    if kind == "persistent":
        gaps = np.diff(years)
        changes = np.diff(values)
        res = WLS(changes, gaps, weights=1.0 / gaps).fit()
        resid_df = max(len(changes) - 1, 0)
        ss = float(np.sum(res.wresid ** 2))
        prior = PRIOR_SD[scale]
        sigma2 = (ss + PRIOR_WEIGHT * prior ** 2) / (resid_df + PRIOR_WEIGHT)
        drift = float(res.params[0])
        drift_se = float(np.sqrt(sigma2 / np.sum(gaps)))
        desc = N_("random walk with drift fitted to {n} figures ({first}–{last}): drift {drift:+.3g} a year").format(
            n=n, first=int(years[0]), last=int(years[-1]), drift=drift)
        return ShortFit(kind, n, int(years[-1]), float(values[-1]), drift, drift_se, float(np.sqrt(sigma2)),
                        resid_df + PRIOR_WEIGHT, desc)
    recent = years > years[-1] - MEAN_WINDOW  # growth from another era says little of the next year
    if recent.sum() >= MIN_SHORT:
        years, values = years[recent], values[recent]
        n = len(values)
    res = OLS(values, np.ones(n)).fit()
    prior = PRIOR_SD["growth"]
    sigma2 = (float(np.sum(res.resid ** 2)) + PRIOR_WEIGHT * prior ** 2) / (n - 1 + PRIOR_WEIGHT)
    desc = N_("mean of {n} figures ({first}–{last}): {mean:.3g}").format(n=n, first=int(years[0]), last=int(years[-1]),
                                                                         mean=float(res.params[0]))
    return ShortFit(kind, n, int(years[-1]), float(values[-1]), float(res.params[0]), 0.0, float(np.sqrt(sigma2)),
                    n - 1 + PRIOR_WEIGHT, desc)
