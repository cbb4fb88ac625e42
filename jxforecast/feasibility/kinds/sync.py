"""Growth in step with GDP: "incomes grow in step with the economy" (同步).

Both series are forecast, drawn jointly at the correlation of their surprises (year-on-year
changes) shrunk toward independence, and the outcome is the gap between the two growth
rates; a nominal income series is deflated by CPI first, to compare real with real as
official practice does.
"""

from __future__ import annotations

import numpy as np

from jxforecast.caveats import MethodNote, ShortSeriesWarning, caveat
from jxforecast.data.deflate import cpi_for, deflate, describe_cpi
from jxforecast.errors import ModelError
from jxforecast.feasibility.config import Stream, current
from jxforecast.feasibility.context import Context
from jxforecast.feasibility.engine import PathForecast
from jxforecast.feasibility.forecast import forecast
from jxforecast.feasibility.inputs import GROWTH, series_with_fallback
from jxforecast.feasibility.kinds import KindResult, shrunk_correlation, year_on_year_changes
from jxforecast.i18n import N_
from jxforecast.models.base import child_seed
from jxforecast.models.short import MIN_SHORT

__all__ = ["sync"]


def sync(ctx: Context) -> KindResult:
    """The gap between the indicator's growth and the reference's (GDP) in the target year."""
    target, as_of, n_paths, seed, data = ctx.target, ctx.as_of, ctx.n_paths, ctx.seed, ctx.data
    reference = target.reference or "gdp"
    measure = target.measure if target.measure in GROWTH else "yoy_nominal"
    y1, s1, n1 = series_with_fallback(target.region, target.indicator, measure, as_of, data)
    y2, s2, n2 = series_with_fallback(target.region, reference, "yoy_real", as_of, data)
    ctx.note(*n1, *n2)
    if measure == "yoy_nominal":  # official practice: real income growth against real GDP growth
        cpi, whose = cpi_for(target.region, data, as_of)
        attrs = dict(y1.attrs)
        y1 = deflate(y1 + s1, cpi)
        y1.attrs = {k: v for k, v in attrs.items() if k != "short"} | ({"short": True} if attrs.get("short") else {})
        s1, measure = 0.0, "yoy_real"
        if len(y1.dropna()) < MIN_SHORT:
            raise ModelError(N_("{region}: too few years with both {indicator} growth and CPI inflation to compare "
                                "real income growth with real GDP growth.").format(region=target.region,
                                                                                   indicator=target.indicator))
        ctx.note(caveat(MethodNote, "{indicator} growth is nominal in the data: deflated by {cpi} to compare real "
                        "with real, as official practice does.", indicator=target.indicator,
                        cpi=describe_cpi(whose, [p.year for p in y1.index], target.region)))
    h1 = target.year - int(y1.index.max().year)
    h2 = target.year - int(y2.index.max().year)
    f1 = forecast(y1, h1, n_paths, seed, measure)
    f2 = forecast(y2, h2, n_paths, child_seed(seed, Stream.SECOND_SERIES), "yoy_real")
    a, b = f1.paths[:, -1] + s1, f2.paths[:, -1] + s2
    # the correlation of surprises, not of levels (two growth rates that share a downtrend look
    # correlated): year-on-year changes, i.e. the errors of a no-change forecast, of both series
    e1, e2 = year_on_year_changes(y1, y2)
    rho = 0.0
    if len(e1) >= 5:
        raw = float(np.corrcoef(e1, e2)[0, 1])
        rho = shrunk_correlation(raw, len(e1), current().correlation_prior_pairs, 0.95)
        ctx.note(caveat(MethodNote, "Joint simulation with correlation {rho:.2f}: that of the two series' "
                        "year-on-year changes (their surprises), {raw:.2f} over {n} pairs of consecutive years, "
                        "shrunk toward independence by {prior_pairs:g} pseudo-pairs.", rho=rho, raw=raw, n=len(e1),
                        prior_pairs=current().correlation_prior_pairs))
    else:
        ctx.note(caveat(ShortSeriesWarning, "Only {n} pairs of consecutive years with {reference}: simulated as "
                        "independent.", n=len(e1), reference=reference))
    rng = np.random.default_rng(child_seed(seed, Stream.JOINT))
    z = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=n_paths)
    a = np.sort(a)[np.argsort(np.argsort(z[:, 0]))]
    b = np.sort(b)[np.argsort(np.argsort(z[:, 1]))]
    gap = a - b
    fc = PathForecast(np.column_stack([a, b]), {**{f"{target.indicator}:{k}": v for k, v in f1.weights.items()}},
                      f1.calibration, f1.n_obs, f1.warnings + f2.warnings,
                      backtest={f"{target.indicator}:{k}": v for k, v in f1.backtest.items()})
    required = {"value": float(np.median(b)),
                "kind": f"{measure} of {target.indicator} to match median {reference} growth",
                "basis": measure.split("_")[1], "percentile": None}
    return KindResult(fc, gap, required, max(h1, h2), min(f1.n_obs, f2.n_obs), target.basis)
