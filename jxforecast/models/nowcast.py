"""Within-year nowcast: the annual outcome given a year-to-date figure.

With year-to-date growth ``g`` over the first ``m`` months, the period's weight ``w`` in the
year, and the rest of the year's growth ``r``, annual growth is ``G ≈ w·g + (1 − w)·r``.
Before the year starts, the best single guess of growth is the announced target ``T`` (or,
without one, the average of the last three years): outcomes cluster near targets.  Once
``g`` is known, the rest of the year is nowcast as the prior guess updated by the
year-to-date surprise::

    r = T + λ_m·(g − T) + e,      e ~ t(ν) with scale s_m

``λ_m`` (how much of the surprise carries on into the rest of the year) and ``s_m`` are
estimated for each period (``m`` = 3, 6, 9: Q1, H1, Q1–3) by least squares (statsmodels
OLS, no intercept) over every region and year of the data with both the year-to-date and
the annual growth, leaving out the base-effect years (``BASE_EFFECT_YEARS``: 2020 and
2021, when year-to-date growth swung by ten points and more) and every year not before
the one assessed.  Since ``1 − w`` shrinks as the year goes on, the interval of ``G``
narrows from Q1 to Q1–3 unless the rest of the year has been much less predictable late
in the year.  `nowcast_backtest` measures it: each year predicted from the other years.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS

from jxforecast.errors import ModelError
from jxforecast.i18n import N_
from jxforecast.models.base import BASE_EFFECT_YEARS, FloatArray

MIN_YEARS = 5  # region-years needed for a period's fit
PERIODS = (3, 6, 9)


@dataclass(frozen=True)
class NowcastFit:
    """λ_m, s_m and what they were estimated on."""

    month: int
    carry: float  # λ_m
    scale: float  # s_m, points of rest-of-year growth
    df: float
    n: int
    years: tuple[int, int]

    def rest_of_year(self, ytd_growth: float, prior: np.ndarray | float, n_paths: int, seed: int) -> FloatArray:
        """Rest-of-year growth paths given the year-to-date growth and the prior guess."""
        rng = np.random.default_rng(seed)
        t = rng.standard_t(self.df, n_paths) if np.isfinite(self.df) else rng.standard_normal(n_paths)
        prior = np.asarray(prior, dtype=float)
        return prior + self.carry * (ytd_growth - prior) + self.scale * t

    def describe(self) -> str:
        """The fitted nowcast in words."""
        return N_("rest of the year = prior guess + {carry:.2f} × the year-to-date surprise, spread {scale:.2f} "
                  "points, estimated on {n} region-years {first}–{last}").format(
                      carry=self.carry, scale=self.scale, n=self.n, first=self.years[0], last=self.years[1])


def fit_nowcast(history: pd.DataFrame, month: int, before: int | None = None) -> NowcastFit:
    """λ_m and s_m from ``history`` (`jxforecast.panel.nowcast.nowcast_history`).

    Using years before ``before`` and leaving out `BASE_EFFECT_YEARS`.
    """
    h = history[~history["year"].isin(BASE_EFFECT_YEARS)]
    if before is not None:
        h = h[h["year"] < before]
    if len(h) < MIN_YEARS:
        raise ModelError(f"{len(h)} region-years with year-to-date growth at month {month} and the annual outcome "
                         f"(outside {', '.join(map(str, BASE_EFFECT_YEARS))}); a nowcast needs {MIN_YEARS}.")
    y = (h["rest"] - h["prior"]).to_numpy()
    x = (h["ytd"] - h["prior"]).to_numpy()
    res = OLS(y, x).fit()
    carry = float(np.clip(res.params[0], 0.0, 1.5))
    resid = y - carry * x
    df = max(len(h) - 1, 1)
    scale = max(float(np.sqrt(np.sum(resid ** 2) / df)), 0.3)
    return NowcastFit(month, carry, scale, float(max(df, 3)), len(h), (int(h["year"].min()), int(h["year"].max())))


def nowcast_backtest(histories: Mapping[int, pd.DataFrame], level: float = 0.8) -> pd.DataFrame:
    """Each region-year (outside the base-effect years) nowcast from the other years.

    ``histories`` holds each period's region-years by month
    (`jxforecast.panel.nowcast.nowcast_history`).  The interval's width and coverage, and the
    Brier score of "annual growth reaches the prior guess" (the target where there was one),
    by period.
    """
    rows = []
    for month, history in histories.items():
        usable = history[~history["year"].isin(BASE_EFFECT_YEARS)]
        for i, row in usable.iterrows():
            try:
                fit = fit_nowcast(history.drop(index=i), month)
            except ModelError:
                continue
            rest = fit.rest_of_year(row["ytd"], row["prior"], 4000, seed=int(row["year"]))
            annual = row["weight"] * row["ytd"] + (1 - row["weight"]) * rest
            lo, hi = np.quantile(annual, [(1 - level) / 2, (1 + level) / 2])
            p = float(np.mean(annual >= row["prior"] - 1e-9))
            met = float(row["annual"] >= row["prior"] - 1e-9)
            rows.append({"month": month, "region": row["region"], "year": int(row["year"]), "width": hi - lo,
                         "covered": bool(lo <= row["annual"] <= hi), "brier": (p - met) ** 2,
                         "error": float(np.median(annual)) - row["annual"]})
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.groupby("month").agg(n=("year", "size"), width=("width", "mean"), coverage=("covered", "mean"),
                                      brier=("brier", "mean"), mae=("error", lambda e: e.abs().mean()))
