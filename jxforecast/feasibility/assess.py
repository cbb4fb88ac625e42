"""`assess`: how likely a target is to be met, and what it would take."""

from __future__ import annotations

from typing import Any, Literal, TypeAlias, cast, overload

import numpy as np
import pandas as pd
from scipy import stats

from jxforecast.caveats import (
    DataGapWarning,
    FallbackWarning,
    LongHorizonWarning,
    MethodNote,
    ShortSeriesWarning,
    StaleDataWarning,
    as_caveat,
    caveat,
    emit,
    of_class,
)
from jxforecast.data.deflate import cpi_for, deflate, describe_cpi
from jxforecast.data.loader import load_observations, load_series
from jxforecast.errors import ModelError, ParameterError, TargetError
from jxforecast.feasibility import goals, within_year
from jxforecast.feasibility.anchor import target_gaps
from jxforecast.feasibility.announced import Announced, announced_target
from jxforecast.feasibility.assessment import Assessment, Interval, Met, Requirement
from jxforecast.feasibility.combine import GapEvidence, gap_evidence, mix
from jxforecast.feasibility.config import AssessConfig, Stream, current, using
from jxforecast.feasibility.engine import MIN_OBS, PathForecast, forecast_paths
from jxforecast.feasibility.record import region_record
from jxforecast.feasibility.verdict import VerdictBands
from jxforecast.models import prepare
from jxforecast.models.base import BASE_EFFECT_YEARS, FloatArray, child_seed
from jxforecast.models.calibration import GapDistribution
from jxforecast.models.gaps import GapModelSet, calibrate_outcomes, level_of, load_gap_models
from jxforecast.models.longrun import Trend, load_long_run, robust_trend
from jxforecast.models.nowcast import fit_nowcast, nowcast_backtest, nowcast_history
from jxforecast.models.provincial import load_provincial_model
from jxforecast.models.short import MIN_SHORT, ShortKind, fit_short
from jxforecast.registry import get_indicator, get_region
from jxforecast.targets.catalogue import get_target
from jxforecast.targets.outcomes import judge
from jxforecast.targets.semantics import reaches, threshold
from jxforecast.targets.target import Target

GROWTH = ("yoy_real", "yoy_nominal")
# a component's growth may stand in on the growth of the whole (same region), shifted by their mean gap
RELATED = {"services_va": "gdp", "va_primary": "gdp", "va_secondary": "gdp", "industry_va_total": "industry_va",
           "manufacturing_investment": "fai"}
Scale = Literal["linear", "log", "logit"]


def figures_behind(targets: list[Target], data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The published (not derived) figures an assessment of *targets* can read.

    Every figure of each target's indicator (and the component that may stand in on it, `RELATED`)
    in its region and the regions above it: the rows whose sources a report on these targets cites.
    """
    obs = load_observations() if data is None else data
    used: set[tuple[str, str]] = set()
    for t in targets:
        region: str | None = t.region
        while region is not None:
            used.update((region, i) for i in (t.indicator, RELATED.get(t.indicator)) if i)
            region = get_region(region).parent
    published = obs[~obs["derived"].astype(bool)]
    return published[[(r, i) in used for r, i in zip(published["region"], published["indicator"], strict=True)]]


# ----------------------------------------------------------------------------- helpers
def _check_parameters(n_paths: int, seed: int, interval: float) -> None:
    if not 100 <= n_paths <= 1_000_000:
        raise ParameterError(f"n_paths must be between 100 and 1,000,000, not {n_paths}.")
    if seed < 0:
        raise ParameterError(f"seed must be zero or positive, not {seed}.")
    if not 0 < interval < 1:
        raise ParameterError(f"interval must lie strictly between 0 and 1, not {interval}.")


def _prob(outcomes: np.ndarray, target: Target, tolerant: bool = False, level: str = "value") -> float | None:
    bound = threshold(target, tolerant=tolerant, level=level)
    if bound is None:
        return None
    return float(np.mean(reaches(target, outcomes, bound)))


def _usable(y: pd.Series) -> int:
    try:
        return len(prepare(y)[0])
    except ModelError:
        return 0


def _long_enough(series: pd.Series) -> tuple[pd.Series | None, list[str]]:
    """The series if the model family can fit it, else with its gaps filled, else None.

    Gaps of a single year are filled by the models; longer gaps are filled by interpolation as
    long as the filled years do not outnumber the real ones (said in a note).
    """
    n = len(series.dropna())
    if n >= MIN_OBS and _usable(series) >= MIN_OBS:
        return series, []
    index = cast(pd.PeriodIndex, series.index)  # a series of years
    if n >= MIN_OBS and index.freqstr.startswith("Y"):
        span = index.max().year - index.min().year + 1
        if span - n <= n:  # never more invented years than real ones
            return _fill_gaps(series)
    return None, []


def _series_with_fallback(
    region: str, indicator: str, measure: str, as_of: int, data: pd.DataFrame, scale: Scale = "linear",
    own: pd.Series | None = None,
) -> tuple[pd.Series, float, list[str]]:
    """The region's own series, or the nearest stand-in with enough history moved onto its figures.

    Stand-ins, in order: for a growth rate of a component of GDP (services, industry), the
    region's own GDP (industrial) growth (`RELATED`); then the region's ancestors (parent,
    grandparent, ...).  When none has six usable figures, a series of three to five figures
    (the region's own first) is modelled by the short-series models
    (`jxforecast.models.short`; ``series.attrs["short"]`` is set).

    A borrowed growth rate or rate (``scale="linear"``) is shifted by the region's mean gap to
    the stand-in over all common years, shrunk toward zero with ``borrow.shift_prior_years`` (`config`)
    pseudo-years (one common year says little). A borrowed level or count (``"log"``) or share
    (``"logit"``) is scaled by the mean log (logit) ratio over the common years, never shifted
    by a constant difference; without a common year it cannot be scaled and is refused.

    Returns the series to model (on its own scale, untransformed), the shift to apply to
    its simulated values on the transformed ``scale``, and warnings that say what was borrowed.
    """
    if own is None:
        own = load_series(region, indicator, measure, as_of=as_of, data=data)
    series, notes = _long_enough(own)
    if series is not None:
        return series, 0.0, notes
    extra = tuple(data["region"].unique())
    candidates: list[tuple[str, str]] = []
    if measure in GROWTH and indicator in RELATED:
        candidates.append((region, RELATED[indicator]))
    ancestor = get_region(region, extra=extra).parent
    while ancestor is not None:
        candidates.append((ancestor, indicator))
        ancestor = get_region(ancestor, extra=extra).parent
    tried = [f"{region} ({len(own)})"]
    loaded = []
    for where, what in candidates:
        base = load_series(where, what, measure, as_of=as_of, data=data)
        loaded.append((where, what, base))
        long, fill_notes = _long_enough(base)
        if long is not None:
            return _borrow(own, long, region, indicator, where, what, measure, as_of, scale, fill_notes,
                           _proxies(loaded[:-1], indicator))
        tried.append(f"{where}{'' if what == indicator else ' ' + what} ({len(base)})")
    if len(own.dropna()) >= MIN_SHORT:
        short = own.copy()
        short.attrs["short"] = True
        return short, 0.0, []
    for i, (where, what, base) in enumerate(loaded):
        if len(base.dropna()) >= MIN_SHORT:
            base = base.copy()
            base.attrs["short"] = True
            return _borrow(own, base, region, indicator, where, what, measure, as_of, scale, [],
                           _proxies(loaded[:i], indicator))
    name = get_indicator(indicator).name_en
    raise ModelError(
        f"Too little {measure} history of {name} up to {as_of} to model: "
        f"{', '.join(tried)} figures (at least {MIN_SHORT} are needed); add {region}'s figures with --data "
        f"(`jxforecast data template {region} {indicator} --measure {measure}` writes a file to fill)."
    )


def _proxies(loaded: list[tuple[str, str, pd.Series]], indicator: str) -> list[tuple[str, pd.Series]]:
    """Nearer ancestors' own series of the indicator, nearest first (see `_borrow`)."""
    return [(where, series) for where, what, series in loaded if what == indicator and len(series.dropna())]


def _common(a: pd.Series, b: pd.Series) -> pd.Index:
    """Years where both have a figure (interpolated years of ``b`` do not count)."""
    filled = set(b.attrs.get("filled_years", []))
    common = a.index.intersection(b.index) if len(a) else a.index[:0]
    common = common[[str(p.year) not in filled for p in common]] if len(common) else common
    return common[a[common].notna().to_numpy() & b[common].notna().to_numpy()] if len(common) else common


def _borrow(own: pd.Series, base: pd.Series, region: str, indicator: str, where: str, what: str, measure: str,
            as_of: int, scale: Scale, notes: list[str], proxies: list[tuple[str, pd.Series]] | None = None,
            ) -> tuple[pd.Series, float, list[str]]:
    """``base`` (another region's series, or another indicator's) moved onto ``own``'s figures.

    When a growth rate or rate of ``own`` has no year in common with ``base``, the gap of the
    nearest ancestor in ``proxies`` that has one stands in (a city without a figure takes its
    province's relation to the nation), and the note says so.  Never for levels: a district's
    size is not its city's.
    """
    name = get_indicator(indicator).name_en
    source = f"{where}'s" if what == indicator else f"{where}'s {get_indicator(what).name_en} ({what})"
    shift = 0.0
    note = f"{region} has {len(own)} {measure} figure(s) of {name}: the model uses {source} dynamics"
    common = _common(own, base)
    if not len(common) and scale == "linear":  # a level's ratio is the region's own: no stand-in
        for proxy, series in proxies or []:
            if len(_common(series, base)):
                own, common = series, _common(series, base)
                note += f" ({region} has no figure in a year {where} has: {proxy}'s relation to {where} stands in)"
                region = proxy
                break
    if scale != "linear" and not len(common):
        raise ModelError(
            f"{region} has {len(own)} {measure} figure(s) of {name} up to {as_of}, none in a year that "
            f"{where} also has, so {source} series cannot be scaled to {region}; add {region}'s figures "
            "with --data."
        )
    base = base.copy()
    base.attrs["borrowed_from"] = where
    base.attrs["borrowed_indicator"] = what
    gap_to = where if what == indicator else what
    if len(common):
        diffs = to_scale(own[common], scale) - to_scale(base[common], scale)
        if len(common) >= 2:  # the region's own departures from the stand-in: added to every path
            base.attrs["borrow_spread"] = float(np.std(diffs, ddof=1)) * np.sqrt(1 + 1 / len(common))
        else:  # one year's gap (ratio) says nothing of how it moves: a prior spread
            b = current().borrow
            base.attrs["borrow_spread"] = (b.prior_sd if scale != "linear" else
                                           b.prior_points_rate if measure == "rate" else b.prior_points_growth)
        years = f"{len(common)} common year{'s' if len(common) > 1 else ''}"
        if scale == "linear":
            shift = float(diffs.mean()) * len(common) / (len(common) + current().borrow.shift_prior_years)
            note += (f", shifted by {region}'s mean gap to {gap_to} over {years} "
                     f"({float(diffs.mean()):+.1f}, shrunk toward zero to {shift:+.1f})")
        else:
            shift = float(diffs.mean())
            what_ratio = "ratio" if scale == "log" else "odds ratio"
            note += f", scaled by {region}'s mean {what_ratio} to {gap_to} over {years} ({np.exp(shift):.3g})"
    else:
        note += f"; {region}'s figures do not overlap {gap_to}'s, so no shift is applied"
    return base, shift, [*notes, caveat(FallbackWarning, note + ".")]


@overload
def to_scale(values: pd.Series, scale: Scale) -> pd.Series: ...
@overload
def to_scale(values: FloatArray, scale: Scale) -> FloatArray: ...
def to_scale(values: pd.Series | FloatArray, scale: Scale) -> pd.Series | FloatArray:
    """Values on the scale they are modelled on: as they are, logs (levels, counts) or logits (shares, %)."""
    if scale == "log":
        return np.log(values)
    if scale == "logit":
        q = np.asarray(values, dtype=float) / 100.0
        out = np.log(q / (1 - q))
        return pd.Series(out, index=values.index) if isinstance(values, pd.Series) else out
    return values


@overload
def from_scale(values: pd.Series, scale: Scale) -> pd.Series: ...
@overload
def from_scale(values: FloatArray, scale: Scale) -> FloatArray: ...
def from_scale(values: pd.Series | FloatArray, scale: Scale) -> pd.Series | FloatArray:
    """Inverse of `to_scale`."""
    if scale == "log":
        return np.exp(values)
    if scale == "logit":
        out = 100.0 / (1.0 + np.exp(-np.asarray(values, dtype=float)))
        return pd.Series(out, index=values.index, name=values.name) if isinstance(values, pd.Series) else out
    return values


def _scale_for(measure: str, values: pd.Series) -> Scale:
    """Levels and counts are modelled in logs, shares in logits, when every figure allows it."""
    v = values.dropna()
    if not len(v):  # nothing of the region's own: decided by what the measure is
        return "log" if measure == "level" else "logit" if measure == "share" else "linear"
    if measure == "level" and (v > 0).all():
        return "log"
    if measure == "share" and ((v > 0) & (v < 100)).all():
        return "logit"
    return "linear"


def _fill_gaps(series: pd.Series) -> tuple[pd.Series, list[str]]:
    """Every missing year filled by linear interpolation so that all the figures are used.

    A note says so.
    """
    full = pd.period_range(series.index.min(), series.index.max(), freq="Y")
    filled = series.reindex(full).interpolate(method="linear")
    missing = [str(p.year) for p in full if p not in series.index]
    filled.name, filled.attrs = series.name, {**series.attrs, "filled_years": missing}
    who = str(series.name).split(".")[0]
    return filled, [caveat(
        DataGapWarning,
        f"{who}'s {str(series.name).split('.')[-1]} series has gaps longer than a year ({', '.join(missing)}): "
        f"they are filled by linear interpolation so that all {len(series.dropna())} figures are used; "
        "read the interval as rough.",
    )]


def _forecast(y: pd.Series, horizon: int, n_paths: int, seed: int, measure: str, scale: Scale = "linear",
              **kwargs: Any) -> PathForecast:
    """Simulated paths of ``y`` (on its modelling ``scale``) ``horizon`` years past its end.

    - a growth rate more than ``long_horizon`` (`config`) years ahead: the long-horizon model
      (`jxforecast.models.longrun`: damped robust trend, errors measured on history);
    - a series marked ``attrs["short"]`` by `_series_with_fallback`: the short-series models
      (`jxforecast.models.short`);
    - otherwise the model family (`forecast_paths`: backtest, blend, calibration, anchor).

    A borrowed series' ``attrs["borrow_spread"]`` (the region's own departures from it) is
    added to every path.
    """
    shift = kwargs.get("shift", 0.0)
    anchor_only = kwargs.pop("anchor_only", False)
    if anchor_only:  # the target year's outcome comes from the anchor alone: the series need not carry it
        anchor = {k: kwargs.pop(k) for k in ("anchor_value", "anchor_dist", "anchor_label", "anchor_gaps")}
    trend = _long_run_trend(y) if measure in GROWTH and horizon > current().long_horizon else None
    if trend is not None:
        fc = _long_run(y, trend, horizon, n_paths, seed, shift)
    elif not y.attrs.get("short"):
        fc = forecast_paths(y, horizon, n_paths, seed, **kwargs)
    else:
        kind: ShortKind = "mean" if measure in GROWTH else "persistent"
        fit = fit_short(y, kind, scale)
        paths = fit.simulate(horizon, n_paths, seed) + shift
        who = y.attrs.get("borrowed_from")
        whose = f"{who}'s " if who else ""
        note = (f"Short series: {whose}{len(y.dropna())} figures, too few or too scattered for the model family "
                f"(at least {MIN_OBS} in a row, gaps of a year allowed) or a backtest; a {fit.description}, with a "
                "t spread and a prior that keep the interval wide. "
                "Read the probability as rough; add earlier figures with --data to do better.")
        fc = PathForecast(paths, {f"short_{kind}": 1.0}, {"applied": False, "method": "none", "factor": 1.0},
                          fit.n, [caveat(ShortSeriesWarning, note)])
    if anchor_only:
        dist: GapDistribution = anchor["anchor_dist"]
        sign = 1.0 if kwargs.get("higher_is_better", True) else -1.0
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
        fc.warnings.append(caveat(FallbackWarning, f"The region's own departures from the borrowed series (sd "
                                  f"{spread:.2g} on the {scale} scale) are added to every path."))
    return fc


def _long_run_trend(y: pd.Series) -> Trend | None:
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
    note = (f"Long horizon ({horizon} years): growth reverts to its robust trend of the last {trend.n} figures "
            f"({trend.level:.1f} at {trend.origin}; the latest deviation fades by {model.persistence:g} a year), "
            f"with the spread of the errors this method made on history"
            + (f" (up to {measured} years ahead; beyond, the {measured}-year errors)" if horizon > measured else "")
            + (f". Five years ahead, out of sample, on {panel['n']} city forecasts it missed average growth by "
               f"{panel['mae']:.1f} points on average and its 80% intervals covered {panel['coverage_80']:.0%}; "
               f"on China's GDP ({china['n']} forecasts) by {china['mae']:.1f} points, covering "
               f"{china['coverage_80']:.0%}" if panel.get("n") and china.get("n") else "")
            + "; growth kept slowing after most origins, so read the upper end with care.")
    return PathForecast(paths + shift, {"long_run_trend": 1.0},
                        {"applied": True, "method": "long-horizon errors on history", "factor": 1.0},
                        len(y.dropna()), [caveat(LongHorizonWarning, note)])




def _stale(data_end: int, as_of: int, region: str, warns: list[str], what: str = "figure") -> None:
    """Put first among the warnings, and so beside the verdict, that the data are old."""
    if as_of - data_end >= current().stale_years:
        warns.insert(0, caveat(StaleDataWarning, f"Stale data: {region}'s last {what} is for {data_end}, "
                                f"{as_of - data_end} years before {as_of}; the verdict rests on a forecast that "
                                f"starts {as_of - data_end} years early."))




def _cap_to_own_history(outcomes: np.ndarray, own: pd.Series, as_of: int, region: str,
                        warns: list[str]) -> FloatArray:
    """Bound a borrowed forecast's spread by the region's own recent figures.

    A forecast borrowed from another region (or indicator) carries that series' volatility
    (China's FAI in 2009); the region's own recent figures bound it: paths are drawn toward
    their median until the spread is at most ``borrow.history_cap`` times the sd of the region's
    own figures of the last ``borrow.history_cap_years`` years (when it has four or more).
    """
    cap, cap_years = current().borrow.history_cap, current().borrow.history_cap_years
    recent = own.dropna()
    recent = recent[cast(pd.PeriodIndex, recent.index).year > as_of - cap_years]
    if len(recent) < 4:
        return outcomes
    limit = cap * float(np.std(recent, ddof=1))
    spread = float(np.std(outcomes))
    if limit <= 0 or spread <= limit:
        return outcomes
    centre = float(np.median(outcomes))
    warns.append(caveat(FallbackWarning, f"The borrowed series' spread (sd {spread:.1f}) is more than {cap:g} "
                 f"times that of {region}'s own {len(recent)} figures of the last {cap_years} years (sd "
                 f"{limit / cap:.1f}): paths are drawn toward the median to sd {limit:.1f}."))
    return centre + (outcomes - centre) * (limit / spread)


def _interval(outcomes: np.ndarray, level: float) -> Interval:
    lo, hi = np.quantile(outcomes, [(1 - level) / 2, (1 + level) / 2])
    return Interval(float(lo), float(hi), float(level))


def _default_as_of(target: Target, data: pd.DataFrame, measure: str) -> int:
    """The last year before the target year with a figure of the indicator.

    For the region or one of its ancestors (whose series it may borrow), so that nothing known
    is left out.
    """
    extra = tuple(data["region"].unique())
    chain: list[str] = []
    region: str | None = target.region
    while region is not None:
        chain.append(region)
        region = get_region(region, extra=extra).parent
    indicators = [target.indicator, *([RELATED[target.indicator]] if target.indicator in RELATED else [])]
    rows = data[data["region"].isin(chain) & data["indicator"].isin(indicators) & (data["freq"] == "A")]
    years = pd.to_numeric(rows["period"]).astype(int)
    years = years[years < target.year]
    return int(years.max()) if len(years) else target.year - 1


# ----------------------------------------------------------------------------- kinds
_Kind: TypeAlias = tuple[PathForecast, FloatArray, dict[str, Any] | None, int, int]
"""What each kind of target gives: forecast, outcomes, what is required, horizon, observations."""
_Goal: TypeAlias = tuple[PathForecast, FloatArray, dict[str, Any] | None, int, int, str]
"""`_Kind` and the basis of a goal's outcomes."""


def _annual(target: Target, as_of: int, ytd: tuple[int, float] | None, n_paths: int, seed: int, data: pd.DataFrame,
            warns: list[str], ctx: dict[str, Any] | None = None) -> _Kind:
    measure = target.measure
    own = load_series(target.region, target.indicator, measure, as_of=as_of, data=data)
    scale = _scale_for(measure, own)
    y, shift, notes = _series_with_fallback(target.region, target.indicator, measure, as_of, data, scale, own)
    if scale != "linear" and _scale_for(measure, y) != scale:  # the borrowed series does not allow it
        scale, (y, shift, notes) = "linear", _series_with_fallback(
            target.region, target.indicator, measure, as_of, data, own=own)
    if scale != "linear":
        notes.append(caveat(MethodNote, f"The {measure} is modelled in {'logs' if scale == 'log' else 'logits'}, "
                     f"so that {'it stays positive' if scale == 'log' else 'it stays between 0 and 100%'}."))
    warns += notes
    ctx = {} if ctx is None else ctx
    ctx["series"] = {"region": y.attrs.get("borrowed_from", target.region), "measure": measure, "scale": scale,
                     "shift": shift, "borrowed": "borrowed_from" in y.attrs}
    last_year = int(y.index.max().year)
    horizon = target.year - last_year
    if last_year < as_of and shift == 0.0:
        warns.append(caveat(LongHorizonWarning, f"The {measure} series ends in {last_year}: the forecast runs "
                            f"{horizon} years ahead."))
    own_end = int(own.index.max().year) if len(own.dropna()) else None
    ctx["series"]["data_end"] = own_end
    _stale(own_end if own_end is not None else last_year, as_of, target.region, warns)
    anchor_value, gaps, label, evidence = None, None, "", None
    anchor_dist: GapDistribution | None = None
    anchor_only = False
    provincial = ctx["provincial"]
    history = from_scale(to_scale(y, scale) + shift, scale)
    if scale != "linear":
        history.name, history.attrs = y.name, dict(y.attrs)
    one_year_ahead = target.year - as_of == 1  # the series may end earlier (last year's figure missing)
    if measure in GROWTH + ("rate",) and (horizon == 1 or one_year_ahead):
        announced: Announced = ctx["announced"]
        ctx["announced_used"] = announced
        anchor_value = announced.value
        if (anchor_value is not None and target.indicator == "gdp" and measure == "yoy_real" and ytd is None
                and ctx["level"] == "city"):
            evidence = gap_evidence(ctx["gap_models"], as_of, anchor_value, target.year, history, ctx["level"],
                                    record=lambda: region_record(target.region, as_of, data))
            if evidence is not None and evidence.model.bounded(evidence.ambition) != evidence.ambition:
                lo, hi = evidence.model.ambition_range
                warns.append(caveat(FallbackWarning, f"The announced {anchor_value:g}% is {evidence.ambition:+.1f} "
                             f"points from the last three years' average growth, outside the {lo:+.1f} to "
                             f"{hi:+.1f} points of the targets the target–outcome model was fitted on: it is read "
                             f"as {evidence.model.bounded(evidence.ambition):+.1f}, the nearest ambition with "
                             "evidence."))
        regional = (provincial.gap(target.indicator, as_of, measure)
                    if anchor_value is not None and evidence is None and ctx["level"] != "nation" else None)
        if regional is not None:
            # on provinces' own targets, in real time, how far similar targets landed from their
            # targets scored better than the region's time series or a mixture (bench/provinces.py)
            anchor_dist, label, anchor_only = regional.distribution(), regional.describe(), True
            warns.append(caveat(MethodNote, f"Probability from how far {label} landed from their targets: on "
                                "provinces' own targets, each assessed as of the year before, this scored better "
                                "than the region's time series or a mixture of the two."))
        elif anchor_value is not None and evidence is None and horizon == 1:
            gaps, label = target_gaps(target.indicator, measure, before=as_of + 1)
    # a subnational region's forecast is as wide as provinces' forecasts of the indicator need to be
    spread = (provincial.spread(target.indicator, as_of, measure)
              if scale == "linear" and ctx["level"] != "nation" else None)
    if scale == "linear":
        modelled = y
    else:
        modelled = to_scale(y, scale)
        modelled.name = y.name
    modelled.attrs = dict(y.attrs)
    fc = _forecast(
        modelled, horizon, n_paths, seed, measure, scale, anchor_value=anchor_value, anchor_gaps=gaps,
        anchor_label=label, higher_is_better=target.higher_is_better, shift=shift, spread=spread,
        anchor_dist=anchor_dist, anchor_only=anchor_only,
    )
    if scale != "linear":
        fc.paths = from_scale(fc.paths, scale)
    outcomes = fc.paths[:, -1]
    if "borrowed_from" in y.attrs and measure in GROWTH + ("rate",) and not anchor_only:
        outcomes = _cap_to_own_history(outcomes, own, as_of, target.region, warns)
    if evidence is not None and anchor_value is not None:  # evidence needs an announced value
        outcomes = _combine(target, anchor_value, evidence, fc, outcomes, n_paths, seed, ctx, warns)
    required = None
    if ytd is not None:
        outcomes, required = _within_year(target, ytd, data, outcomes, history, n_paths, seed, warns,
                                          prior=anchor_value)
        fc.weights = {"ytd_rest_of_year": 1.0}
    elif target.operator != "sync":
        need = threshold(target)
        required = {
            "value": need,
            "kind": f"{measure} in {target.year}",
            "basis": target.basis,
            # the region's own single years only: a borrowed series is another region's history
            "percentile": (goals.percentile_like_for_like(need, history)
                           if need is not None and "borrowed_from" not in y.attrs else None),
            "history_years": f"{history.index.min().year}-{history.index.max().year}",
        }
    return fc, outcomes, required, horizon, len(y)


def _combine(target: Target, anchor_value: float, evidence: GapEvidence, fc: PathForecast, ts_outcomes: FloatArray,
             n_paths: int, seed: int, ctx: dict[str, Any], warns: list[str]) -> FloatArray:
    """Mix the time-series paths with the target–outcome model's (see `feasibility.combine`)."""
    model = evidence.model
    comb = model.combination
    gap_outcomes = model.simulate(anchor_value, evidence.ambition, evidence.level, n_paths,
                                  child_seed(seed, Stream.GAP_MODEL), record=evidence.record)
    if ctx.get("raw_level") == "district":
        # the weight is learned on city targets: of districts the panel says nothing, so their
        # own time series keeps its share
        w = current().default_weight
        how = "equal weights: the panel has no district targets to learn a weight on"
    elif comb is not None:
        w = comb.weight_gap
        how = (f"weight {w:.2f} learned by log score on {comb.n_pairs} earlier targets "
               f"({comb.years[0]}–{comb.years[1]}); a weight learned on earlier years is kept only where "
               "it beat the target–outcome model alone in real time")
    else:
        w = current().default_weight
        how = f"equal weights: too few earlier years to learn one as of {model.as_of}"
    outcomes = mix(ts_outcomes, gap_outcomes, w, child_seed(seed, Stream.MIXTURE))
    ctx["mixture_outcomes"] = outcomes
    if comb is not None and comb.recalibration == "pit" and comb.pit_knots:
        # the published distribution is the mixture recalibrated as a whole (PIT), so that its
        # median, interval and probability are one calibrated distribution
        outcomes = calibrate_outcomes(outcomes, comb.pit_knots)
        fc.calibration.update({"applied": True, "method": f"PIT recalibration of the mixture on {comb.n_pairs} "
                               f"earlier targets ({comb.years[0]}–{comb.years[1]})"})
    fc.weights = {**{k: v * (1 - w) for k, v in fc.weights.items()}, "target_outcome": w}
    fc.calibration["anchor"] = (f"target–outcome model as of {model.as_of}: {model.n_pairs} targets of "
                                f"{model.years[0]}–{model.years[1]}")
    fc.backtest["target_outcome"] = {"n_folds": float(model.n_pairs), "rmse": evidence.sd}
    ctx["evidence"] = evidence
    ctx["combination"] = comb
    ctx["components"] = {
        "time_series": {"weight": 1 - w, "probability_strict": _prob(ts_outcomes, target)},
        "target_outcome": {"weight": w, "probability_strict": _prob(gap_outcomes, target)},
    }
    as_city = ""
    if ctx.get("raw_level") == "district":
        as_city = " (a district is treated as a city: the panel has no district targets)"
    warns.append(caveat(MethodNote, "Probability combines the region's time-series forecast with the target–outcome "
                 f"model of {evidence.level} GDP targets{as_city} ({how})"
                 + (f", then recalibrated ({comb.recalibration}) as earlier years' evidence favoured."
                    if comb is not None and comb.recalibration != "none" else ".")))
    return outcomes


def _within_year(target: Target, ytd: tuple[int, float], data: pd.DataFrame, model_outcomes: FloatArray,
                 history: pd.Series, n_paths: int, seed: int, warns: list[str], prior: float | None = None
                 ) -> tuple[FloatArray, dict[str, Any]]:
    month, g_ytd = int(ytd[0]), float(ytd[1])
    w = within_year.ytd_weight(data, target.region, target.indicator, month, target.year)
    if w.source == "fallback":
        warns.append(caveat(FallbackWarning,
            f"No year-to-date level for month {month} for {target.region} or its province or nation: the first "
            f"{month} months are taken as {month}/12 of the year (last resort)."
        ))
    elif w.region != target.region:
        warns.append(caveat(MethodNote, f"Period weight {w.weight:.3f}: the first {month} months' share of {w.year} "
                     f"in {w.region}'s first-release levels ({target.region} has none)."))
    past = data[pd.to_numeric(data["period"].str[:4], errors="coerce") < target.year]
    nowcast = _nowcast(target, month, g_ytd, w, past, model_outcomes, n_paths, seed, warns, prior)
    if nowcast is not None:
        outcomes = within_year.annual_from_rest(g_ytd, nowcast, w.weight)
        return outcomes, _ytd_required(target, month, g_ytd, w, history)
    gaps = _outside_base_effects(within_year.rest_minus_ytd_history(past, month, (target.indicator,)))
    pool = f"{len(gaps)} {target.indicator} years"
    if len(gaps) < 5:
        gaps = _outside_base_effects(within_year.rest_minus_ytd_history(past, month))
        pool = f"{len(gaps)} region-indicator-years of all indicators"
    rng = np.random.default_rng(child_seed(seed, Stream.REST_OF_YEAR))
    if len(gaps) >= 5:
        center = float(gaps.median())
        scale = max(float(stats.median_abs_deviation(gaps, scale="normal")), 0.5)
        rest = g_ytd + center + scale * rng.standard_t(4, n_paths) / np.sqrt(2)
        warns.append(caveat(MethodNote, f"Rest-of-year growth: year-to-date {g_ytd:g}% plus the gap seen in {pool} "
                     f"(2020–21 left out: base effects; median {center:+.2f}, robust sd {scale:.2f})."))
    else:
        # the part of the annual uncertainty left after w of the year: sd·sqrt(1 − w) for the year,
        # so sd / sqrt(1 − w) for the rest of it (which weighs 1 − w)
        spread = float(np.std(model_outcomes)) / np.sqrt(1 - w.weight)
        rest = g_ytd + max(spread, 0.5) * rng.standard_normal(n_paths)
        warns.append(caveat(ShortSeriesWarning, f"Too few past years ({len(gaps)}) to measure how the rest of a year "
                     "departs from its start: the annual forecast's spread is scaled to the part of the year "
                     "still to come."))
    outcomes = within_year.annual_from_rest(g_ytd, rest, w.weight)
    return outcomes, _ytd_required(target, month, g_ytd, w, history)


def _outside_base_effects(gaps: pd.Series) -> pd.Series:
    """Rest-minus-year-to-date gaps without the base-effect years (2020–21)."""
    if gaps.empty:
        return gaps
    years = gaps.index.get_level_values(-1)
    return gaps[~np.isin(years, BASE_EFFECT_YEARS)]


def _ytd_required(target: Target, month: int, g_ytd: float, w: within_year.PeriodWeight, history: pd.Series
                  ) -> dict[str, Any]:
    need = threshold(target)
    value = within_year.required_rest_of_year(need, g_ytd, w.weight) if need is not None else None
    return {
        "value": value,
        "kind": f"growth in months {month + 1}-12 of {target.year}",
        "basis": target.basis,
        "ytd": {"month": month, "growth": g_ytd, "weight": w.weight, "weight_source": w.source, "weight_year": w.year,
                "weight_region": w.region},
        "percentile": None,  # a part of a year has no like-for-like annual history
    }


def _nowcast(target: Target, month: int, g_ytd: float, w: within_year.PeriodWeight, past: pd.DataFrame,
             model_outcomes: FloatArray, n_paths: int, seed: int, warns: list[str],
             prior: float | None = None) -> FloatArray | None:
    """Rest-of-year paths from the nowcast (`jxforecast.models.nowcast`), or None.

    None when the data hold too few years of this indicator's year-to-date and annual growth.
    """
    history = nowcast_history(past, month, target.indicator, f"ytd_{target.measure}")
    try:
        fit = fit_nowcast(history, month, before=target.year)
    except ModelError:
        return None
    announced = prior is not None
    prior = prior if prior is not None else float(np.median(model_outcomes))
    rest = fit.rest_of_year(g_ytd, prior, n_paths, child_seed(seed, Stream.REST_OF_YEAR))
    note = (f"Within-year nowcast at month {month}: {fit.describe()} (2020–21 left out: base effects); the prior "
            f"guess is {'the announced target' if announced else 'the model median'}, {prior:g}.")
    bt = nowcast_backtest(past, (month,), history=history)
    if len(bt):
        r = bt.iloc[0]
        note += (f" Backtest, each year nowcast from the others: 80% intervals {r['width']:.1f} points wide, "
                 f"covering {r['coverage']:.0%} of {int(r['n'])} region-years; median missed by {r['mae']:.1f}.")
    warns.append(caveat(MethodNote, note))
    return rest




def _year_on_year_changes(a: pd.Series, b: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Both series' changes from one year to the next, over the consecutive years both have.

    These are the errors of a no-change forecast, i.e. their surprises (not their levels,
    which may share a trend).
    """
    common = a.dropna().index.intersection(b.dropna().index)
    steps = np.r_[False, np.diff([p.year for p in common]) == 1]
    return a[common].diff()[steps], b[common].diff()[steps]


def _shrunk_correlation(raw: float, pairs: int, prior_pairs: float, limit: float) -> float:
    """A correlation from ``pairs`` observations shrunk toward 0 by ``prior_pairs``, within ±limit."""
    return float(np.clip(raw * pairs / (pairs + prior_pairs), -limit, limit))


def _deflator_paths(target: Target, as_of: int, data: pd.DataFrame, real_paths: np.ndarray, seed: int,
                    warns: list[str]) -> FloatArray:
    """Deflator growth paths for a nominal level goal, drawn jointly with ``real_paths``.

    Each year: the window's mean deflator, plus the path's own error in that mean (sd/√n: the
    mean of n years is known only so well), plus an AR(1) deviation with the window's sd and
    ``deflator.persistence`` (`config`), whose shocks are correlated with the real growth paths' deviations
    as the two series' year-on-year changes (the errors of a no-change forecast) were.
    """
    real = load_series(target.region, target.indicator, "yoy_real", as_of=as_of, data=data)
    deflator = goals.consistent_deflator(data, target.region, target.indicator, real, as_of)
    settings, prior_pairs = current().deflator, current().correlation_prior_pairs
    deflator = deflator[cast(pd.PeriodIndex, deflator.index).year > as_of - settings.years]
    if len(deflator) < settings.min_years:
        raise ModelError(
            f"{target.region} {target.indicator}: {len(deflator)} years with both levels and real growth "
            f"up to {as_of}, too few to model the deflator a nominal level goal needs."
        )
    # the mean, not the median: deflators swing between PPI deflation and booms, and a median
    # of such a split sample jumps from one side to the other as a year is added
    n = len(deflator)
    center = float(deflator.mean())
    scale = max(float(deflator.std(ddof=1)), 0.3)
    d_changes, g_changes = _year_on_year_changes(deflator, real)
    rho = 0.0
    if len(d_changes) >= 3 and min(d_changes.std(), g_changes.std()) > 0:
        raw = float(np.corrcoef(d_changes, g_changes)[0, 1])
        rho = _shrunk_correlation(raw, len(d_changes), prior_pairs, 0.9)
    warns.append(caveat(MethodNote,
        f"Level goal in current prices: real growth paths are converted with a deflator of mean "
        f"{center:.1f}% a year (sd {scale:.1f}; that mean is known to ±{scale / np.sqrt(n):.1f}) implied by the "
        f"last {n} years of nominal growth (each year's first-release level over the previous year's level as "
        f"known then: no census jump) and real growth; a year's deviation carries {settings.persistence:.0%} into "
        f"the next, and its shocks move with real growth's at correlation {rho:.2f} (that of the two series' "
        "year-on-year changes, shrunk toward 0)."
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


def _level_goal(target: Target, as_of: int, n_paths: int, seed: int, data: pd.DataFrame, warns: list[str]) -> _Goal:
    """A money level by a future year (e.g. GDP above 1 trillion yuan by 2025), in current prices."""
    info = target.info
    levels = load_series(target.region, target.indicator, "level", as_of=as_of, data=data)
    if levels.empty:
        raise ModelError(f"No {target.indicator} level for {target.region} up to {as_of}: a level goal needs one; "
                         f"`jxforecast data template {target.region} {target.indicator} --measure level` writes "
                         "a file to fill and pass with --data.")
    start_year, start = int(levels.index.max().year), float(levels.iloc[-1])
    horizon = target.year - start_year
    growth_measure = "yoy_real" if info.basis == "real" else "yoy_nominal"
    y, shift, notes = _series_with_fallback(target.region, target.indicator, growth_measure, as_of, data)
    warns += notes
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
    _stale(last if published else start_year, as_of, target.region, warns, what="level or growth figure")
    if chained:
        warns.append(caveat(MethodNote, f"The {start_year} level is carried to {last} with the {growth_measure} "
                     "published for "
                     + (", ".join(map(str, published)) or "no year")
                     + (f" and the model's stand-in series for {', '.join(map(str, estimated))}" if estimated else "")
                     + "."))
    fc = _forecast(y, target.year - last, n_paths, seed, growth_measure)
    g = np.column_stack([np.tile(chained, (n_paths, 1)), fc.paths + shift]) if chained else fc.paths + shift
    deflator = None
    if info.basis == "real":
        deflator = _deflator_paths(target, as_of, data, g, seed, warns)
        g = goals.nominal_from_real(g, deflator)
    outcomes = start * goals.compound(g)
    # what is still required: from the level reached by the last year with published growth
    # (its median: in current prices, the deflator of those years is not known), over the years left
    reached = float(np.median(start * goals.compound(g[:, :len(chained)]))) if chained else start
    to_go = target.year - last
    need = goals.required_cagr(reached, target.value, to_go) if target.value else None
    consecutive = np.r_[False, np.diff([p.year for p in levels.index]) == 1]
    nominal_history = (100 * (levels / levels.shift(1) - 1))[consecutive]
    origin = (f"from {start:g} ({start_year})" if not chained else
              f"from about {reached:.0f} in {last} (the {start_year} level carried forward)")
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
    return fc, outcomes, required, horizon, len(y), "nominal"


def _compound_goal(target: Target, as_of: int, n_paths: int, seed: int, data: pd.DataFrame, warns: list[str]
                   ) -> _Goal:
    """Average growth (``cagr``) or a multiple (``翻一番``) over base_year..year."""
    info = target.info
    if target.base_year is None:
        raise TargetError(f"Target {target.label()}: a {target.measure} goal needs a base year.")
    measure = "yoy_real" if info.basis == "real" else "yoy_nominal"
    y, shift, notes = _series_with_fallback(target.region, target.indicator, measure, as_of, data)
    warns += notes
    last = int(y.index.max().year)
    base = target.base_year
    known_years = range(base + 1, min(last, as_of) + 1)
    found = [y.get(pd.Period(str(k), "Y")) for k in known_years]
    # a year in the series with no value (NaN) is as missing as an absent one
    missing = [str(k) for k, v in zip(known_years, found, strict=True) if v is None or pd.isna(v)]
    if missing:
        raise ModelError(f"{target.region} {measure} of {target.indicator} is missing for {', '.join(missing)}; "
                         "the goal's path so far cannot be compounded.")
    known = [float(v) for v in found if v is not None]
    known_factor = float(np.prod([1 + (v + shift) / 100 for v in known])) if known else 1.0
    horizon = target.year - (known_years.stop - 1 if known else base)
    fc = _forecast(y, horizon, n_paths, seed, measure)
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
    return fc, outcomes, required, horizon, len(y), info.basis


def _sync(target: Target, as_of: int, n_paths: int, seed: int, data: pd.DataFrame, warns: list[str]) -> _Kind:
    reference = target.reference or "gdp"
    measure = target.measure if target.measure in GROWTH else "yoy_nominal"
    y1, s1, n1 = _series_with_fallback(target.region, target.indicator, measure, as_of, data)
    y2, s2, n2 = _series_with_fallback(target.region, reference, "yoy_real", as_of, data)
    warns += n1 + n2
    if measure == "yoy_nominal":  # official practice: real income growth against real GDP growth
        cpi, whose = cpi_for(target.region, data, as_of)
        attrs = dict(y1.attrs)
        y1 = deflate(y1 + s1, cpi)
        y1.attrs = {k: v for k, v in attrs.items() if k != "short"} | ({"short": True} if attrs.get("short") else {})
        s1, measure = 0.0, "yoy_real"
        if len(y1.dropna()) < MIN_SHORT:
            raise ModelError(f"{target.region}: too few years with both {target.indicator} growth and CPI inflation "
                             "to compare real income growth with real GDP growth.")
        warns.append(caveat(MethodNote, f"{target.indicator} growth is nominal in the data: deflated by "
                     f"{describe_cpi(whose, [p.year for p in y1.index], target.region)} to compare real with real, "
                     "as official practice does."))
    h1 = target.year - int(y1.index.max().year)
    h2 = target.year - int(y2.index.max().year)
    f1 = _forecast(y1, h1, n_paths, seed, measure)
    f2 = _forecast(y2, h2, n_paths, child_seed(seed, Stream.SECOND_SERIES), "yoy_real")
    a, b = f1.paths[:, -1] + s1, f2.paths[:, -1] + s2
    # the correlation of surprises, not of levels (two growth rates that share a downtrend look
    # correlated): year-on-year changes, i.e. the errors of a no-change forecast, of both series
    e1, e2 = _year_on_year_changes(y1, y2)
    rho = 0.0
    if len(e1) >= 5:
        raw = float(np.corrcoef(e1, e2)[0, 1])
        rho = _shrunk_correlation(raw, len(e1), current().correlation_prior_pairs, 0.95)
        warns.append(caveat(MethodNote, f"Joint simulation with correlation {rho:.2f}: that of the two series' "
                     f"year-on-year changes (their surprises), {raw:.2f} over {len(e1)} pairs of consecutive years, "
                     f"shrunk toward independence by {current().correlation_prior_pairs:g} pseudo-pairs."))
    else:
        warns.append(caveat(ShortSeriesWarning, f"Only {len(e1)} pairs of consecutive years with {reference}: "
                            "simulated as independent."))
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
    return fc, gap, required, max(h1, h2), min(f1.n_obs, f2.n_obs)


# ----------------------------------------------------------------------------- API
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
        return _assess(target, as_of, ytd, n_paths, seed, data, bands, interval, region_level, gap_models, cfg,
                       announced)


def _assess(target: Target | str, as_of: int | None, ytd: tuple[int, float] | None, n_paths: int, seed: int,
            data: pd.DataFrame | None, bands: VerdictBands | None, interval: float, region_level: str | None,
            gap_models: GapModelSet | None, cfg: AssessConfig, announced: float | str | None = None
            ) -> Assessment:
    _check_parameters(n_paths, seed, interval)
    bands = bands or VerdictBands()
    if isinstance(target, str):
        target = get_target(target)
    if not target.known:
        raise TargetError(f"Target {target.target_id or target.label()}: its number is blanked out in the source, "
                          "so there is nothing to assess.")
    data = load_observations() if data is None else data
    warns: list[str] = []
    if ytd is not None:
        if len(ytd) != 2 or not all(np.isfinite(float(v)) for v in ytd):
            raise ParameterError(f"ytd must be (month, year-to-date growth) with finite numbers, not {tuple(ytd)}.")
        if int(ytd[0]) != float(ytd[0]) or not 1 <= int(ytd[0]) <= 11:
            raise ParameterError(f"The year-to-date period must be a month from 1 to 11, not {ytd[0]}.")
        if target.measure not in GROWTH:
            raise ParameterError("A year-to-date check needs an annual growth target (yoy_real or yoy_nominal).")
        if as_of is not None and as_of != target.year - 1:
            raise ParameterError(f"A within-year check uses as_of = {target.year - 1}, the year before the target.")
        as_of = target.year - 1
    if as_of is None:
        as_of = _default_as_of(target, data, target.measure)
    if as_of >= target.year:
        raise ParameterError(f"as_of {as_of} is not before the target year {target.year}.")
    basis = target.basis
    extra = tuple(data["region"].unique())
    level = region_level or get_region(target.region, extra=extra).level
    ctx: dict[str, Any] = {"gap_models": load_gap_models() if gap_models is None else gap_models,
                 "level": level_of(level), "raw_level": str(level).lower(), "extra": extra,
                 "announced": announced_target(target, announced), "provincial": load_provincial_model()}
    p_strict: float | None
    p_tol: float | None
    if target.operator == "sync":
        fc, outcomes, required, horizon, n_obs = _sync(target, as_of, n_paths, seed, data, warns)
        p_strict = float(np.mean(reaches(target, outcomes, 0.0)))
        p_tol = float(np.mean(reaches(target, outcomes, -target.tolerance)))
    else:
        money_level = target.measure == "level" and target.info.basis in ("real", "nominal")
        if target.measure in ("cagr", "multiple"):
            fc, outcomes, required, horizon, n_obs, basis = _compound_goal(target, as_of, n_paths, seed, data, warns)
        elif money_level and ytd is None:
            fc, outcomes, required, horizon, n_obs, basis = _level_goal(target, as_of, n_paths, seed, data, warns)
        else:
            fc, outcomes, required, horizon, n_obs = _annual(target, as_of, ytd, n_paths, seed, data, warns, ctx)
        p_strict = _prob(outcomes, target)
        p_tol = _prob(outcomes, target, tolerant=True)
        comb = ctx.get("combination")
        if comb is not None and p_strict is not None and p_tol is not None:
            mixed = ctx["mixture_outcomes"]
            ctx["components"]["mixture"] = {"weight": None, "probability_strict": _prob(mixed, target)}
            if comb.recalibration != "pit" or not comb.pit_knots:
                # an event map (Platt, isotonic) recalibrates the mixture's probability itself
                p_strict = comb.recalibrate(_prob(mixed, target))
                p_tol = comb.recalibrate(_prob(mixed, target, tolerant=True))
    p_strive = _prob(outcomes, target, level="value_high") if target.operator == "ensure_strive" else None
    stale = of_class(warns, StaleDataWarning)
    notes = [as_caveat(w) for w in stale + fc.warnings + [w for w in warns if w not in stale]]
    if n_obs < current().short_history:
        notes.append(caveat(ShortSeriesWarning, f"Only {n_obs} observations: probabilities rest on a short "
                                                "history; read them as rough."))
    notes = list(dict.fromkeys(notes))
    emit(notes, stacklevel=4)  # the caller of assess(): emit → _assess → assess → caller
    ev = judge(target, data)
    return Assessment(
        target=target,
        as_of=as_of,
        probability=p_tol,
        probability_strict=p_strict,
        probability_strive=p_strive,
        verdict=bands.verdict(p_tol),
        median=float(np.median(outcomes)),
        interval=_interval(outcomes, interval),
        required=Requirement.from_dict(required),
        n_obs=n_obs,
        models={k: float(v) for k, v in fc.weights.items()},
        calibration=fc.calibration,
        backtest=fc.backtest,
        outcome=ev.outcome,
        met=None if ev.outcome is None else Met(ev.met_strict, ev.met_tolerant, ev.met_strive),
        basis=basis,
        horizon=horizon,
        warnings=notes,
        parameters={"n_paths": n_paths, "seed": seed, "interval": interval, "ytd": list(ytd) if ytd else None,
                    "announced": announced,
                    "bands": [bands.likely, bands.attainable, bands.stretch], "config": cfg.to_dict()},
        paths=outcomes,
        components=ctx.get("components", {}),
        evidence=ctx["evidence"].to_dict() if ctx.get("evidence") is not None else None,
        region_level=ctx["level"],
        series=ctx.get("series"),
        announced=ctx["announced_used"].to_dict() if ctx.get("announced_used") is not None else None,
    )
