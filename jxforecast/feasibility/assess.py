"""`assess`: how likely a target is to be met, and what it would take.

The assessment is a pipeline, one module per stage, with one `Context` collecting the
caveats:

1. `jxforecast.feasibility.inputs`: every series the target needs as of ``as_of`` (own,
   stand-in, borrowed, scale), decided once;
2. `jxforecast.feasibility.forecast`: paths for the horizon (model family, short series,
   long run);
3. `jxforecast.feasibility.kinds`: one module per target kind turns paths into the outcome
   distribution in the target's measure (annual, within-year, money level, average growth
   or multiple, in step with GDP);
4. `jxforecast.feasibility.combine`: the announced target's evidence mixed in;
5. here: the probabilities, the verdict and the `Assessment`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np
import pandas as pd

from jxforecast.caveats import ShortSeriesWarning, StaleDataWarning, as_caveat, caveat, emit, of_class
from jxforecast.data.loader import load_observations
from jxforecast.errors import ParameterError, TargetError
from jxforecast.feasibility.announced import announced_target
from jxforecast.feasibility.assessment import Assessment, Interval, Met, Requirement
from jxforecast.feasibility.config import AssessConfig, current, using
from jxforecast.feasibility.context import Context
from jxforecast.feasibility.inputs import real_time_cut
from jxforecast.feasibility.kinds import KindResult
from jxforecast.feasibility.kinds.annual import annual
from jxforecast.feasibility.kinds.compound import compound_goal
from jxforecast.feasibility.kinds.level import level_goal
from jxforecast.feasibility.kinds.sync import sync
from jxforecast.feasibility.verdict import VerdictBands
from jxforecast.models.gaps import GapModelSet, level_of, load_gap_models
from jxforecast.models.provincial import load_provincial_model
from jxforecast.registry import get_region
from jxforecast.targets.catalogue import get_target
from jxforecast.targets.outcomes import judge
from jxforecast.targets.semantics import probability, reaches
from jxforecast.targets.target import Target

__all__ = ["assess"]


def assess(
    target: Target | str,
    as_of: int | None = None,
    ytd: tuple[int, float] | None = None,
    n_paths: int = 10_000,
    seed: int = 0,
    *,
    data: pd.DataFrame | None = None,
    bands: VerdictBands | None = None,
    interval: float = 0.8,
    region_level: str | None = None,
    gap_models: GapModelSet | None = None,
    config: AssessConfig | None = None,
    announced: float | str | None = None,
) -> Assessment:
    """How likely ``target`` is to be met, and what it would take.

    Parameters
    ----------
    target
        A `Target` or the id of an embedded target (``"003-01"``).
    as_of
        Use only what was known early in ``as_of + 1`` (see the user guide, "Data"); default: all data
        before the target year.  Within-year checks use ``target.year - 1``.
    ytd
        ``(month, growth)``: year-to-date cumulative growth through ``month`` (3 = Q1,
        6 = H1, 9 = Q1–3), for a within-year check of an annual growth target.
    n_paths, seed
        Simulated paths and the seed that makes them reproducible.
    data
        Observations (default: the embedded data).
    bands
        Verdict bands (default 0.8 / 0.5 / 0.2).
    interval
        Central interval level (default 0.8).
    region_level
        ``nation``, ``province``, ``city`` or ``district`` (default: the registry's level; a
        region known only from ``data`` is taken as a prefecture-level city).
    gap_models
        Target–outcome models by ``as_of`` year (default: the shipped ones,
        `jxforecast.models.gaps.load_gap_models`).
    config
        Tuning numbers (`jxforecast.feasibility.config.AssessConfig`; default: the documented
        defaults), recorded in ``Assessment.parameters["config"]``.
    announced
        The target announced for the year, which informs the forecast (the target–outcome
        model, the anchor): a number, ``"none"`` for the time-series forecast alone, or None
        for ``target.announced``, else the catalogue's target of the same region, indicator,
        measure and year, else the checked value (`jxforecast.feasibility.announced`).  The
        value checked never moves the forecast when an announced target is known.

    Returns
    -------
    Assessment
    """
    with using(config) as cfg:
        _check_parameters(n_paths, seed, interval)
        target = _known(get_target(target) if isinstance(target, str) else target)
        data = load_observations() if data is None else data
        as_of = real_time_cut(target, as_of, ytd, data)
        level = region_level or get_region(target.region, extra=tuple(data["region"].unique())).level
        ctx = Context(target, as_of, data, n_paths, seed, level_of(level), str(level).lower(),
                      announced_target(target, announced), load_gap_models() if gap_models is None else gap_models,
                      load_provincial_model(), ytd=ytd)
        result = _kind(ctx)(ctx)
        p_strict, p_tol = _probabilities(ctx, result)
        return _assessment(ctx, result, p_strict, p_tol, bands or VerdictBands(), interval, announced, cfg)


def _check_parameters(n_paths: int, seed: int, interval: float) -> None:
    if not 100 <= n_paths <= 1_000_000:
        raise ParameterError(f"n_paths must be between 100 and 1,000,000, not {n_paths}.")
    if seed < 0:
        raise ParameterError(f"seed must be zero or positive, not {seed}.")
    if not 0 < interval < 1:
        raise ParameterError(f"interval must lie strictly between 0 and 1, not {interval}.")


def _known(target: Target) -> Target:
    if not target.known:
        raise TargetError(f"Target {target.target_id or target.label()}: its number is blanked out in the source, "
                          "so there is nothing to assess.")
    return target


def _kind(ctx: Context) -> Callable[[Context], KindResult]:
    """The module that reads this kind of target off the paths."""
    target = ctx.target
    if target.operator == "sync":
        return sync
    if target.measure in ("cagr", "multiple"):
        return compound_goal
    if target.measure == "level" and target.info.basis in ("real", "nominal") and ctx.ytd is None:
        return level_goal
    return annual


def _probabilities(ctx: Context, result: KindResult) -> tuple[float | None, float | None]:
    """The strict and tolerant probabilities that the target is met."""
    target, outcomes = ctx.target, result.outcomes
    if target.operator == "sync":
        return (float(np.mean(reaches(target, outcomes, 0.0))),
                float(np.mean(reaches(target, outcomes, -target.tolerance))))
    p_strict, p_tol = probability(target, outcomes), probability(target, outcomes, tolerant=True)
    comb, mixed = ctx.combination, ctx.mixture_outcomes
    if comb is not None and mixed is not None and p_strict is not None and p_tol is not None:
        p_mixed = cast(float, probability(target, mixed))  # the target has a number: p_strict has one
        ctx.components["mixture"] = {"weight": None, "probability_strict": p_mixed}
        if comb.recalibration != "pit" or not comb.pit_knots:
            # an event map (Platt, isotonic) recalibrates the mixture's probability itself
            p_strict = comb.recalibrate(p_mixed)
            p_tol = comb.recalibrate(cast(float, probability(target, mixed, tolerant=True)))
    return p_strict, p_tol


def _assessment(ctx: Context, result: KindResult, p_strict: float | None, p_tol: float | None, bands: VerdictBands,
                interval: float, announced: float | str | None, cfg: AssessConfig) -> Assessment:
    target, outcomes, fc = ctx.target, result.outcomes, result.forecast
    p_strive = probability(target, outcomes, level="value_high") if target.operator == "ensure_strive" else None
    stale = of_class(ctx.caveats, StaleDataWarning)
    notes = [as_caveat(w) for w in stale + fc.warnings + [w for w in ctx.caveats if w not in stale]]
    if result.n_obs < current().short_history:
        notes.append(caveat(ShortSeriesWarning, "Only {n_obs} observations: probabilities rest on a short history; "
                            "read them as rough.", n_obs=result.n_obs))
    notes = list(dict.fromkeys(notes))
    emit(notes, stacklevel=4)  # the caller of assess(): emit → _assessment → assess → caller
    ev = judge(target, ctx.data)
    lo, hi = np.quantile(outcomes, [(1 - interval) / 2, (1 + interval) / 2])
    return Assessment(
        target=target, as_of=ctx.as_of, probability=p_tol, probability_strict=p_strict, probability_strive=p_strive,
        verdict=bands.verdict(p_tol), median=float(np.median(outcomes)),
        interval=Interval(float(lo), float(hi), float(interval)), required=Requirement.from_dict(result.required),
        n_obs=result.n_obs, models={k: float(v) for k, v in fc.weights.items()}, calibration=fc.calibration,
        backtest=fc.backtest, outcome=ev.outcome,
        met=None if ev.outcome is None else Met(ev.met_strict, ev.met_tolerant, ev.met_strive),
        basis=result.basis, horizon=result.horizon, warnings=notes,
        parameters={"n_paths": ctx.n_paths, "seed": ctx.seed, "interval": interval,
                    "ytd": list(ctx.ytd) if ctx.ytd else None, "announced": announced,
                    "bands": [bands.likely, bands.attainable, bands.stretch], "config": cfg.to_dict()},
        paths=outcomes, components=cast(dict[str, Any], ctx.components),
        evidence=ctx.evidence.to_dict() if ctx.evidence is not None else None, region_level=ctx.level,
        series=ctx.series, announced=ctx.announced_used.to_dict() if ctx.announced_used is not None else None,
    )
