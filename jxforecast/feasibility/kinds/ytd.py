"""A within-year check: an annual growth target read from year-to-date growth.

The annual outcome is year-to-date growth combined with paths of the rest of the year
(`jxforecast.models.within_year` holds the arithmetic of period weights):

1. the nowcast (`jxforecast.models.nowcast`) when the data hold enough years of this
   indicator's year-to-date and annual growth, its prior guess the announced target;
2. otherwise the gap between the rest of the year and its start seen in past years
   (2020–21 left out), of this indicator or, with fewer than five years, of all;
3. otherwise the annual forecast's spread scaled to the part of the year still to come.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from jxforecast.caveats import FallbackWarning, MethodNote, ShortSeriesWarning, caveat
from jxforecast.errors import ModelError
from jxforecast.feasibility.config import Stream, current
from jxforecast.feasibility.context import Context
from jxforecast.i18n import N_
from jxforecast.models import within_year as within_year_math
from jxforecast.models.base import BASE_EFFECT_YEARS, FloatArray, child_seed
from jxforecast.models.nowcast import fit_nowcast, nowcast_backtest
from jxforecast.panel.nowcast import nowcast_history
from jxforecast.targets.semantics import threshold
from jxforecast.targets.target import Target

__all__ = ["within_year"]


def within_year(ctx: Context, model_outcomes: FloatArray, history: pd.Series, prior: float | None = None
                ) -> tuple[FloatArray, dict[str, Any]]:
    """The annual outcome from year-to-date growth and paths of the rest of the year, and what it requires.

    ``model_outcomes`` is the annual forecast made without the year-to-date figure; ``prior``
    the announced target, the nowcast's prior guess when known.
    """
    target, data, n_paths, seed = ctx.target, ctx.data, ctx.n_paths, ctx.seed
    if ctx.ytd is None:
        raise ValueError("within_year needs a year-to-date figure (ctx.ytd).")
    month, g_ytd = int(ctx.ytd[0]), float(ctx.ytd[1])
    w = within_year_math.ytd_weight(data, target.region, target.indicator, month, target.year,
                                   current().within_year.weight_lookback)
    if w.source == "fallback":
        ctx.note(caveat(FallbackWarning, "No year-to-date level for month {month} for {region} or its province or "
                        "nation: the first {month} months are taken as {month}/12 of the year (last resort).",
                        month=month, region=target.region))
    elif w.region != target.region:
        ctx.note(caveat(MethodNote, "Period weight {weight:.3f}: the first {month} months' share of {year} in "
                        "{region}'s first-release levels ({target_region} has none).", weight=w.weight, month=month,
                        year=w.year, region=w.region, target_region=target.region))
    past = data[pd.to_numeric(data["period"].str[:4], errors="coerce") < target.year]
    nowcast = _nowcast(ctx, month, g_ytd, w, past, model_outcomes, prior)
    if nowcast is not None:
        outcomes = within_year_math.annual_from_rest(g_ytd, nowcast, w.weight)
        return outcomes, _ytd_required(target, month, g_ytd, w, history)
    gaps = _outside_base_effects(within_year_math.rest_minus_ytd_history(past, month, (target.indicator,)))
    pool = N_("{n} {indicator} years").format(n=len(gaps), indicator=target.indicator)
    if len(gaps) < 5:
        gaps = _outside_base_effects(within_year_math.rest_minus_ytd_history(past, month))
        pool = N_("{n} region-indicator-years of all indicators").format(n=len(gaps))
    rng = np.random.default_rng(child_seed(seed, Stream.REST_OF_YEAR))
    if len(gaps) >= 5:
        center = float(gaps.median())
        scale = max(float(stats.median_abs_deviation(gaps, scale="normal")), 0.5)
        rest = g_ytd + center + scale * rng.standard_t(4, n_paths) / np.sqrt(2)
        ctx.note(caveat(MethodNote, "Rest-of-year growth: year-to-date {g_ytd:g}% plus the gap seen in {pool} "
                        "(2020–21 left out: base effects; median {center:+.2f}, robust sd {scale:.2f}).", g_ytd=g_ytd,
                        pool=pool, center=center, scale=scale))
    else:
        # the part of the annual uncertainty left after w of the year: sd·sqrt(1 − w) for the year,
        # so sd / sqrt(1 − w) for the rest of it (which weighs 1 − w)
        spread = float(np.std(model_outcomes)) / np.sqrt(1 - w.weight)
        rest = g_ytd + max(spread, 0.5) * rng.standard_normal(n_paths)
        ctx.note(caveat(ShortSeriesWarning, "Too few past years ({n}) to measure how the rest of a year departs "
                        "from its start: the annual forecast's spread is scaled to the part of the year still to "
                        "come.", n=len(gaps)))
    outcomes = within_year_math.annual_from_rest(g_ytd, rest, w.weight)
    return outcomes, _ytd_required(target, month, g_ytd, w, history)


def _outside_base_effects(gaps: pd.Series) -> pd.Series:
    """Rest-minus-year-to-date gaps without the base-effect years (2020–21)."""
    if gaps.empty:
        return gaps
    years = gaps.index.get_level_values(-1)
    return gaps[~np.isin(years, BASE_EFFECT_YEARS)]


def _ytd_required(target: Target, month: int, g_ytd: float, w: within_year_math.PeriodWeight, history: pd.Series
                  ) -> dict[str, Any]:
    need = threshold(target)
    value = within_year_math.required_rest_of_year(need, g_ytd, w.weight) if need is not None else None
    return {
        "value": value,
        "kind": f"growth in months {month + 1}-12 of {target.year}",
        "basis": target.basis,
        "ytd": {"month": month, "growth": g_ytd, "weight": w.weight, "weight_source": w.source, "weight_year": w.year,
                "weight_region": w.region},
        "percentile": None,  # a part of a year has no like-for-like annual history
    }


def _nowcast(ctx: Context, month: int, g_ytd: float, w: within_year_math.PeriodWeight, past: pd.DataFrame,
             model_outcomes: FloatArray, prior: float | None = None) -> FloatArray | None:
    """Rest-of-year paths from the nowcast (`jxforecast.models.nowcast`), or None.

    None when the data hold too few years of this indicator's year-to-date and annual growth.
    """
    target, n_paths, seed = ctx.target, ctx.n_paths, ctx.seed
    history = nowcast_history(past, month, target.indicator, f"ytd_{target.measure}",
                              current().within_year.weight_lookback)
    try:
        fit = fit_nowcast(history, month, before=target.year)
    except ModelError:
        return None
    announced = prior is not None
    prior = prior if prior is not None else float(np.median(model_outcomes))
    rest = fit.rest_of_year(g_ytd, prior, n_paths, child_seed(seed, Stream.REST_OF_YEAR))
    bt = nowcast_backtest({month: history})
    record = ""
    if len(bt):
        r = bt.iloc[0]
        record = N_(" Backtest, each year nowcast from the others: 80% intervals {width:.1f} points wide, covering "
                    "{coverage:.0%} of {n} region-years; median missed by {mae:.1f}.").format(
                        width=r["width"], coverage=r["coverage"], n=int(r["n"]), mae=r["mae"])
    template = (N_("Within-year nowcast at month {month}: {fit} (2020–21 left out: base effects); the prior guess is "
                   "the announced target, {prior:g}.{record}") if announced else
                N_("Within-year nowcast at month {month}: {fit} (2020–21 left out: base effects); the prior guess is "
                   "the model median, {prior:g}.{record}"))
    ctx.note(caveat(MethodNote, template, month=month, fit=fit.describe(), prior=prior, record=record))
    return rest
