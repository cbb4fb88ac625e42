"""A target for one year: growth, a rate, a level or a share in the target year.

The outcome is the last year of the forecast paths.  When the year's announced target is
known, its evidence informs the outcome:

- a city's GDP growth: the target–outcome model of 2,000 city targets is mixed in
  (`jxforecast.feasibility.combine.combine_with_evidence`);
- another indicator of a subnational region: how far provinces' targets of the indicator
  landed from them gives the outcome alone (`jxforecast.models.provincial`);
- otherwise, one year ahead: the nation's or province's own record of targets anchors the
  forecast (`jxforecast.feasibility.anchor`).

A year-to-date figure turns the outcome into a within-year check (`ytd`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from jxforecast.caveats import FallbackWarning, LongHorizonWarning, MethodNote, caveat
from jxforecast.feasibility import goals
from jxforecast.feasibility.anchor import target_gaps
from jxforecast.feasibility.combine import GapEvidence, combine_with_evidence, gap_evidence
from jxforecast.feasibility.context import Context
from jxforecast.feasibility.forecast import forecast
from jxforecast.feasibility.inputs import GROWTH, SeriesInput, cap_to_own_history, from_scale, series_input, stale
from jxforecast.feasibility.kinds import KindResult
from jxforecast.feasibility.kinds.ytd import within_year
from jxforecast.feasibility.record import region_record
from jxforecast.models.calibration import GapDistribution
from jxforecast.targets.semantics import threshold

__all__ = ["annual"]


@dataclass
class _Anchor:
    """What the announced target contributes to the forecast."""

    value: float | None = None
    gaps: pd.Series | None = None
    label: str = ""
    evidence: GapEvidence | None = None
    distribution: GapDistribution | None = None
    only: bool = False
    """The outcome comes from the anchor alone (provinces' gaps for other indicators)."""
    spread: float | None = None
    """The gaps' spread about their centre, shown as the component's RMSE (the sentence's sd)."""


def annual(ctx: Context) -> KindResult:
    """The outcome distribution of a one-year target (and, with ``ctx.ytd``, a within-year check)."""
    target, as_of = ctx.target, ctx.as_of
    measure = target.measure
    inp = series_input(target.region, target.indicator, measure, as_of, ctx.data)
    y = inp.series
    told = len(ctx.caveats)  # the borrowing's notes go here, once it is known whether a model reads the series
    ctx.series = {"region": y.attrs.get("borrowed_from", target.region), "measure": measure, "scale": inp.scale,
                  "shift": inp.shift, "borrowed": inp.borrowed}
    last_year = int(y.index.max().year)
    horizon = target.year - last_year
    if last_year < as_of and inp.shift == 0.0:
        ctx.note(caveat(LongHorizonWarning, "The {measure} series ends in {last_year}: the forecast runs {horizon} "
                        "years ahead.", measure=measure, last_year=last_year, horizon=horizon))
    own_end = int(inp.own.index.max().year) if len(inp.own.dropna()) else None
    ctx.series["data_end"] = own_end
    old = stale(own_end if own_end is not None else last_year, as_of, target.region)
    if old is not None:
        ctx.note_first(old)
        told += 1
    history = inp.history()
    anchor = _anchor(ctx, history, horizon)
    if not (anchor.only and horizon == 1):  # else no model reads the series (`forecast`): nothing borrowed
        ctx.caveats[told:told] = inp.notes
    # a subnational region's forecast is as wide as provinces' forecasts of the indicator need to be
    spread = (ctx.provincial.spread(target.indicator, as_of, measure)
              if inp.scale == "linear" and ctx.level != "nation" else None)
    fc = forecast(
        inp.modelled(), horizon, ctx.n_paths, ctx.seed, measure, inp.scale, anchor_value=anchor.value,
        anchor_gaps=anchor.gaps, anchor_label=anchor.label, higher_is_better=target.higher_is_better,
        shift=inp.shift, spread=spread, anchor_dist=anchor.distribution, anchor_only=anchor.only,
    )
    if anchor.spread is not None and "target_anchor" in fc.backtest:
        # the t fitted to the gaps has heavier tails than the gaps' own spread: the table shows
        # the spread the page's sentence states, not the t's variance
        fc.backtest["target_anchor"]["rmse"] = anchor.spread
    if inp.scale != "linear":
        fc.paths = from_scale(fc.paths, inp.scale)
    outcomes = fc.paths[:, -1]
    if inp.borrowed and measure in GROWTH + ("rate",) and not anchor.only:
        outcomes = cap_to_own_history(outcomes, inp.own, ctx)
    if anchor.evidence is not None and anchor.value is not None:  # evidence needs an announced value
        outcomes = combine_with_evidence(ctx, anchor.value, anchor.evidence, fc, outcomes)
    required = None
    if ctx.ytd is not None:
        outcomes, required = within_year(ctx, outcomes, history, prior=anchor.value)
        fc.weights = {"ytd_rest_of_year": 1.0}
    elif target.operator != "sync":
        required = _required(ctx, inp, history)
    return KindResult(fc, outcomes, required, horizon, len(y), target.basis)


def _anchor(ctx: Context, history: pd.Series, horizon: int) -> _Anchor:
    """The announced target's contribution, by region level and indicator (see the module)."""
    target, as_of, measure = ctx.target, ctx.as_of, ctx.target.measure
    one_year_ahead = target.year - as_of == 1  # the series may end earlier (last year's figure missing)
    if not (measure in GROWTH + ("rate",) and (horizon == 1 or one_year_ahead)):
        return _Anchor()
    ctx.announced_used = ctx.announced
    anchor = _Anchor(value=ctx.announced.value)
    if anchor.value is None:
        return anchor
    if target.indicator == "gdp" and measure == "yoy_real" and ctx.ytd is None and ctx.level == "city":
        anchor.evidence = gap_evidence(ctx.gap_models, as_of, anchor.value, target.year, history, ctx.level,
                                       record=lambda: region_record(target.region, as_of, ctx.data))
        evidence = anchor.evidence
        if evidence is not None and evidence.model.bounded(evidence.ambition) != evidence.ambition:
            lo, hi = evidence.model.ambition_range
            ctx.note(caveat(FallbackWarning, "The announced {anchor_value:g}% is {ambition:+.1f} points from the "
                            "last three years' average growth, outside the {lo:+.1f} to {hi:+.1f} points of the "
                            "targets the target–outcome model was fitted on: it is read as {bounded:+.1f}, the "
                            "nearest ambition with evidence.", anchor_value=anchor.value, ambition=evidence.ambition,
                            lo=lo, hi=hi, bounded=evidence.model.bounded(evidence.ambition)))
    if anchor.evidence is not None:
        return anchor
    regional = ctx.provincial.gap(target.indicator, as_of, measure) if ctx.level != "nation" else None
    if regional is not None:
        # on provinces' own targets, in real time, how far similar targets landed from their
        # targets scored better than the region's time series or a mixture (bench/provinces.py)
        anchor.distribution, anchor.label, anchor.only = regional.distribution(), regional.describe(), True
        anchor.spread = regional.sd
        ctx.evidence = regional  # how similar targets fared, shown on the page
        ctx.note(caveat(MethodNote, "Probability from how far {label} landed from their targets: on provinces' own "
                        "targets, each assessed as of the year before, this scored better than the region's time "
                        "series or a mixture of the two.", label=anchor.label))
    elif horizon == 1:
        anchor.gaps, anchor.label = target_gaps(target.indicator, measure, before=as_of + 1)
    return anchor


def _required(ctx: Context, inp: SeriesInput, history: pd.Series) -> dict[str, object]:
    """The target's threshold, where it falls among the region's own years."""
    target = ctx.target
    need = threshold(target)
    return {
        "value": need,
        "kind": f"{target.measure} in {target.year}",
        "basis": target.basis,
        # the region's own single years only: a borrowed series is another region's history
        "percentile": (goals.percentile_like_for_like(need, history)
                       if need is not None and not inp.borrowed else None),
        "history_years": f"{history.index.min().year}-{history.index.max().year}",
    }
