"""Average growth (``cagr``) or a multiple (翻一番) over several years.

The years already published are compounded as they are (shifted when the series is a
stand-in); the years still to come along the forecast paths.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jxforecast.errors import ModelError, TargetError
from jxforecast.feasibility import goals
from jxforecast.feasibility.context import Context
from jxforecast.feasibility.forecast import forecast
from jxforecast.feasibility.inputs import series_with_fallback
from jxforecast.feasibility.kinds import KindResult
from jxforecast.i18n import N_

__all__ = ["compound_goal"]


def compound_goal(ctx: Context) -> KindResult:
    """Average growth (``cagr``) or a multiple (``翻一番``) over base_year..year."""
    target, as_of, n_paths, seed, data = ctx.target, ctx.as_of, ctx.n_paths, ctx.seed, ctx.data
    info = target.info
    if target.base_year is None:
        raise TargetError(f"Target {target.label()}: a {target.measure} goal needs a base year.")
    measure = "yoy_real" if info.basis == "real" else "yoy_nominal"
    y, shift, notes = series_with_fallback(target.region, target.indicator, measure, as_of, data)
    ctx.note(*notes)
    last = int(y.index.max().year)
    base = target.base_year
    known_years = range(base + 1, min(last, as_of) + 1)
    found = [y.get(pd.Period(str(k), "Y")) for k in known_years]
    # a year in the series with no value (NaN) is as missing as an absent one
    missing = [str(k) for k, v in zip(known_years, found, strict=True) if v is None or pd.isna(v)]
    if missing:
        raise ModelError(N_("{region} {measure} of {indicator} is missing for {years}; the goal's path so far "
                            "cannot be compounded.").format(region=target.region, measure=measure,
                                                            indicator=target.indicator, years=", ".join(missing)))
    known = [float(v) for v in found if v is not None]
    known_factor = float(np.prod([1 + (v + shift) / 100 for v in known])) if known else 1.0
    horizon = target.year - (known_years.stop - 1 if known else base)
    fc = forecast(y, horizon, n_paths, seed, measure)
    factor = known_factor * goals.compound(fc.paths + shift)
    span = target.year - base
    if target.measure == "multiple":
        outcomes = factor
        need = 100 * ((target.value / known_factor) ** (1 / horizon) - 1) if target.value else None
    else:
        outcomes = 100 * (factor ** (1 / span) - 1)
        need = 100 * (((1 + target.value / 100) ** span / known_factor) ** (1 / horizon) - 1) if target.value else None
    required = {
        "value": need,
        "kind": f"average {measure} a year {target.year - horizon + 1}-{target.year}",
        "basis": info.basis,
        "so_far": {"years": f"{base + 1}-{known_years.stop - 1}" if known else "", "factor": known_factor},
        "percentile": (goals.percentile_like_for_like(need, y, horizon)
                       if need is not None and "borrowed_from" not in y.attrs else None),
    }
    return KindResult(fc, outcomes, required, horizon, len(y), info.basis)
