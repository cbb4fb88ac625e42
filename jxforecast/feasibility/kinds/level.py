"""A money level by a future year: "GDP above 1 trillion yuan by 2025".

The last published level is carried forward with the growth published after it, then
compounded along the forecast paths of real (or nominal) growth; a goal in current prices
converts real paths with deflator paths drawn jointly with them (`_deflator_paths`).  What is
still required is the average nominal growth from the level reached by the last year with
published growth, over the years left, with its real equivalent at the assumed deflator.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from jxforecast.caveats import MethodNote, caveat
from jxforecast.data.loader import load_series
from jxforecast.errors import ModelError
from jxforecast.feasibility import goals
from jxforecast.feasibility.config import Stream, current
from jxforecast.feasibility.context import Context
from jxforecast.feasibility.forecast import forecast
from jxforecast.feasibility.inputs import series_with_fallback, stale
from jxforecast.feasibility.kinds import KindResult, shrunk_correlation, year_on_year_changes
from jxforecast.i18n import N_
from jxforecast.models.base import FloatArray, child_seed

__all__ = ["level_goal"]


def _deflator_paths(ctx: Context, real_paths: FloatArray) -> FloatArray:
    """Deflator growth paths for a nominal level goal, drawn jointly with ``real_paths``.

    Each year: the window's mean deflator, plus the path's own error in that mean (sd/√n: the
    mean of n years is known only so well), plus an AR(1) deviation with the window's sd and
    ``deflator.persistence`` (`config`), whose shocks are correlated with the real growth paths' deviations
    as the two series' year-on-year changes (the errors of a no-change forecast) were.
    """
    target, as_of, data, seed = ctx.target, ctx.as_of, ctx.data, ctx.seed
    real = load_series(target.region, target.indicator, "yoy_real", as_of=as_of, data=data)
    deflator = goals.consistent_deflator(data, target.region, target.indicator, real, as_of)
    settings, prior_pairs = current().deflator, current().correlation_prior_pairs
    deflator = deflator[cast(pd.PeriodIndex, deflator.index).year > as_of - settings.years]
    if len(deflator) < settings.min_years:
        raise ModelError(N_(
            "{region} {indicator}: {n} years with both levels and real growth up to {as_of}, too few to model the "
            "deflator a nominal level goal needs.").format(region=target.region, indicator=target.indicator,
                                                            n=len(deflator), as_of=as_of))
    # the mean, not the median: deflators swing between PPI deflation and booms, and a median
    # of such a split sample jumps from one side to the other as a year is added
    n = len(deflator)
    center = float(deflator.mean())
    scale = max(float(deflator.std(ddof=1)), 0.3)
    d_changes, g_changes = year_on_year_changes(deflator, real)
    rho = 0.0
    if len(d_changes) >= 3 and min(d_changes.std(), g_changes.std()) > 0:
        raw = float(np.corrcoef(d_changes, g_changes)[0, 1])
        rho = shrunk_correlation(raw, len(d_changes), prior_pairs, 0.9)
    ctx.note(caveat(
        MethodNote,
        "Level goal in current prices: real growth paths are converted with a deflator of mean {center:.1f}% a "
        "year (sd {scale:.1f}; that mean is known to ±{mean_error:.1f}) implied by the last {n} years of nominal "
        "growth (each year's first-release level over the previous year's level as known then: no census jump) "
        "and real growth; a year's deviation carries {persistence:.0%} into the next, and its shocks move with "
        "real growth's at correlation {rho:.2f} (that of the two series' year-on-year changes, shrunk toward 0).",
        center=center, scale=scale, mean_error=scale / np.sqrt(n), n=n, persistence=settings.persistence, rho=rho,
    ))
    rng = np.random.default_rng(child_seed(seed, Stream.DEFLATOR))
    # the real paths' own year-on-year changes (from the common last figure in the first year),
    # standardised: the same kind of quantity the correlation was measured on
    real_paths = np.asarray(real_paths, dtype=float)
    changes_real = np.diff(real_paths, axis=1, prepend=np.median(real_paths[:, :1]))
    spread = changes_real.std(axis=0)
    z_real = np.divide(changes_real - changes_real.mean(axis=0), spread,
                       out=np.zeros_like(real_paths), where=spread > 1e-12)
    shocks = rho * z_real + np.sqrt(1 - rho**2) * rng.standard_normal(real_paths.shape)
    phi = settings.persistence
    deviation = np.empty_like(real_paths)
    deviation[:, 0] = scale * shocks[:, 0]
    for t in range(1, real_paths.shape[1]):
        deviation[:, t] = phi * deviation[:, t - 1] + np.sqrt(1 - phi**2) * scale * shocks[:, t]
    mean_error = scale / np.sqrt(n) * rng.standard_normal((real_paths.shape[0], 1))
    paths: FloatArray = center + mean_error + deviation
    return paths


def level_goal(ctx: Context) -> KindResult:
    """A money level by a future year (e.g. GDP above 1 trillion yuan by 2025), in current prices."""
    target, as_of, n_paths, seed, data = ctx.target, ctx.as_of, ctx.n_paths, ctx.seed, ctx.data
    info = target.info
    levels = load_series(target.region, target.indicator, "level", as_of=as_of, data=data)
    if levels.empty:
        raise ModelError(N_("No {indicator} level for {region} up to {as_of}: a level goal needs one; `jxforecast "
                            "data template {command}` writes a file to fill and pass with --data.").format(
            indicator=target.indicator, region=target.region, as_of=as_of,
            command=f"{target.region} {target.indicator} --measure level"))
    start_year, start = int(levels.index.max().year), float(levels.iloc[-1])
    horizon = target.year - start_year
    growth_measure = "yoy_real" if info.basis == "real" else "yoy_nominal"
    y, shift, notes = series_with_fallback(target.region, target.indicator, growth_measure, as_of, data)
    ctx.note(*notes)
    # chain the last published level forward with the growth published after it (the region's
    # own figures, else the stand-in series the model uses), then forecast from there
    own = load_series(target.region, target.indicator, growth_measure, as_of=as_of, data=data)
    chained: list[float] = []
    published: list[int] = []
    estimated: list[int] = []
    for year in range(start_year + 1, min(int(y.index.max().year), as_of) + 1):
        key = pd.Period(str(year), "Y")
        mine, stand_in = own.get(key), y.get(key)  # None when the year is not in the series
        if mine is not None and pd.notna(mine):
            chained.append(float(mine))
            published.append(year)
        elif stand_in is not None and pd.notna(stand_in):
            chained.append(float(stand_in) + shift)
            estimated.append(year)
        else:
            break
    last = start_year + len(chained)
    old = stale(last if published else start_year, as_of, target.region, what="level or growth figure")
    if old is not None:
        ctx.note_first(old)
    if chained:
        stand_in = (N_(" and the model's stand-in series for {years}").format(years=", ".join(map(str, estimated)))
                    if estimated else "")
        ctx.note(caveat(MethodNote, "The {start_year} level is carried to {last} with the {growth_measure} published "
                        "for {published}{stand_in}.", start_year=start_year, last=last, growth_measure=growth_measure,
                        published=", ".join(map(str, published)) or N_("no year"), stand_in=stand_in))
    fc = forecast(y, target.year - last, n_paths, seed, growth_measure)
    g = np.column_stack([np.tile(chained, (n_paths, 1)), fc.paths + shift]) if chained else fc.paths + shift
    deflator = None
    if info.basis == "real":
        deflator = _deflator_paths(ctx, g)
        g = goals.nominal_from_real(g, deflator)
    outcomes = start * goals.compound(g)
    # what is still required: from the level reached by the last year with published growth
    # (its median: in current prices, the deflator of those years is not known), over the years left
    reached = float(np.median(start * goals.compound(g[:, :len(chained)]))) if chained else start
    to_go = target.year - last
    need = goals.required_cagr(reached, target.value, to_go) if target.value else None
    consecutive = np.r_[False, np.diff([p.year for p in levels.index]) == 1]
    nominal_history = (100 * (levels / levels.shift(1) - 1))[consecutive]
    origin = (N_("from {start:g} ({start_year})").format(start=start, start_year=start_year) if not chained else
              N_("from about {reached:.0f} in {last} (the {start_year} level carried forward)").format(
                  reached=reached, last=last, start_year=start_year))
    required = {
        "value": need,
        "kind": f"average nominal growth a year {last + 1}-{target.year} {origin}",
        "basis": "nominal",
        "percentile": goals.percentile_like_for_like(need, nominal_history, to_go) if need is not None else None,
    }
    if deflator is not None and need is not None:
        # the same requirement in real terms, at the deflator the paths assume
        d = float(np.mean(deflator[:, len(chained):]))
        required["real_equivalent"] = 100 * ((1 + need / 100) / (1 + d / 100) - 1)
        required["deflator"] = d
    return KindResult(fc, outcomes, required, horizon, len(y), "nominal")
