"""Every series a target needs as of ``as_of``: own, stand-in, borrowed, scale, gaps — decided once.

The borrowing rules live here:

- a series the model family can fit is used as it is; gaps longer than a year are filled by
  interpolation when the filled years do not outnumber the real ones (`series_with_fallback`);
- otherwise the nearest stand-in with enough history: for a component of GDP the region's
  own GDP (`RELATED`), then the region's ancestors, moved onto the region's figures by its
  mean gap (growth, rates) or mean log (logit) ratio (levels, shares);
- a series of three to five figures is marked for the short-series models;
- a borrowed forecast's spread is bounded by the region's own recent figures
  (`cap_to_own_history`).

`series_input` makes the decision for a target's own measure, scale included, and returns a
`SeriesInput` with the caveats the decision raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast, overload

import numpy as np
import pandas as pd

from jxforecast.caveats import Caveat, DataGapWarning, FallbackWarning, MethodNote, StaleDataWarning, caveat
from jxforecast.data.loader import load_observations, load_series
from jxforecast.errors import ModelError, ParameterError
from jxforecast.feasibility.config import current
from jxforecast.feasibility.engine import MIN_OBS
from jxforecast.i18n import N_
from jxforecast.models import prepare
from jxforecast.models.base import FloatArray
from jxforecast.models.short import MIN_SHORT
from jxforecast.registry import get_indicator, get_region
from jxforecast.targets.target import Target
from jxforecast.typing import Scale

if TYPE_CHECKING:
    from jxforecast.feasibility.context import Context

__all__ = [
    "GROWTH", "RELATED", "SeriesInput", "cap_to_own_history", "default_as_of", "figures_behind", "from_scale",
    "real_time_cut", "scale_for", "series_input", "series_with_fallback", "stale", "to_scale",
]

GROWTH = ("yoy_real", "yoy_nominal")
# a component's growth may stand in on the growth of the whole (same region), shifted by their mean gap
RELATED = {"services_va": "gdp", "va_primary": "gdp", "va_secondary": "gdp", "industry_va_total": "industry_va",
           "manufacturing_investment": "fai"}


@dataclass(frozen=True)
class SeriesInput:
    """The series a target's forecast is made from, as decided by the borrowing rules.

    Attributes
    ----------
    own
        The region's own figures of the measure (possibly empty).
    series
        The series to model, on its own scale: ``own``, or a stand-in (``attrs["borrowed_from"]``).
    shift
        What moves the stand-in's simulated values onto the region's, on the ``scale``.
    scale
        ``linear``, ``log`` (levels, counts) or ``logit`` (shares).
    notes
        The caveats the decision raises.
    """

    own: pd.Series
    series: pd.Series
    shift: float
    scale: Scale
    notes: list[str] = field(default_factory=list)

    @property
    def borrowed(self) -> bool:
        """Whether the series is another region's (or indicator's)."""
        return "borrowed_from" in self.series.attrs

    def history(self) -> pd.Series:
        """The modelled series moved onto the region's figures, on its own scale."""
        history = from_scale(to_scale(self.series, self.scale) + self.shift, self.scale)
        if self.scale != "linear":
            history.name, history.attrs = self.series.name, dict(self.series.attrs)
        return history

    def modelled(self) -> pd.Series:
        """The series on the scale it is modelled on, with its attributes."""
        if self.scale == "linear":
            modelled = self.series
        else:
            modelled = to_scale(self.series, self.scale)
            modelled.name = self.series.name
        modelled.attrs = dict(self.series.attrs)
        return modelled


def figures_behind(targets: list[Target], data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The published (not derived) figures an assessment of ``targets`` can read.

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


def series_input(region: str, indicator: str, measure: str, as_of: int, data: pd.DataFrame) -> SeriesInput:
    """The series a forecast of ``measure`` needs, its scale chosen by the measure and the figures.

    Levels and counts are modelled in logs and shares in logits when every figure (the
    region's own and the stand-in's) allows it; otherwise as they are.
    """
    own = load_series(region, indicator, measure, as_of=as_of, data=data)
    scale = scale_for(measure, own)
    y, shift, notes = series_with_fallback(region, indicator, measure, as_of, data, scale, own)
    if scale != "linear" and scale_for(measure, y) != scale:  # the borrowed series does not allow it
        scale, (y, shift, notes) = "linear", series_with_fallback(region, indicator, measure, as_of, data, own=own)
    if scale != "linear":
        template = (N_("The {measure} is modelled in logs, so that it stays positive.") if scale == "log" else
                    N_("The {measure} is modelled in logits, so that it stays between 0 and 100%."))
        notes.append(caveat(MethodNote, template, measure=measure))
    return SeriesInput(own, y, shift, scale, notes)


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


def series_with_fallback(
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
    raise ModelError(N_(
        "Too little {measure} history of {indicator_name} up to {as_of} to model: {tried} figures (at least "
        "{min_short} are needed); add {region}'s figures with --data (`jxforecast data template {command}` writes "
        "a file to fill).").format(
            measure=measure, indicator_name=name, as_of=as_of, tried=", ".join(tried), min_short=MIN_SHORT,
            region=region, command=f"{region} {indicator} --measure {measure}"))


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
    shift = 0.0
    told = {"region": region, "n": len(own), "measure": measure, "indicator_name": name, "where": where,
            "proxy_note": "", "adjustment": ""}
    common = _common(own, base)
    if not len(common) and scale == "linear":  # a level's ratio is the region's own: no stand-in
        for proxy, series in proxies or []:
            if len(_common(series, base)):
                own, common = series, _common(series, base)
                told["proxy_note"] = N_(" ({region} has no figure in a year {where} has: {proxy}'s relation to "
                                        "{where} stands in)").format(region=region, where=where, proxy=proxy)
                region = proxy
                break
    if scale != "linear" and not len(common):
        template = (N_("{region} has {n} {measure} figure(s) of {indicator_name} up to {as_of}, none in a year that "
                       "{where} also has, so {where}'s series cannot be scaled to {region}; add {region}'s figures "
                       "with --data.") if what == indicator else
                    N_("{region} has {n} {measure} figure(s) of {indicator_name} up to {as_of}, none in a year that "
                       "{where} also has, so {where}'s {other_name} series cannot be scaled to {region}; add "
                       "{region}'s figures with --data."))
        raise ModelError(template.format(region=region, n=len(own), measure=measure, indicator_name=name,
                                         as_of=as_of, where=where, other_name=get_indicator(what).name_en))
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
        years = (N_("{n} common years") if len(common) > 1 else N_("{n} common year")).format(n=len(common))
        if scale == "linear":
            shift = float(diffs.mean()) * len(common) / (len(common) + current().borrow.shift_prior_years)
            told["adjustment"] = N_(", shifted by {region}'s mean gap to {gap_to} over {years} ({raw:+.1f}, shrunk "
                                    "toward zero to {shift:+.1f})").format(region=region, gap_to=gap_to, years=years,
                                                                           raw=float(diffs.mean()), shift=shift)
        else:
            shift = float(diffs.mean())
            ratio = (N_(", scaled by {region}'s mean ratio to {gap_to} over {years} ({ratio:.3g})") if scale == "log"
                     else N_(", scaled by {region}'s mean odds ratio to {gap_to} over {years} ({ratio:.3g})"))
            told["adjustment"] = ratio.format(region=region, gap_to=gap_to, years=years, ratio=np.exp(shift))
    else:
        told["adjustment"] = N_("; {region}'s figures do not overlap {gap_to}'s, so no shift is applied").format(
            region=region, gap_to=gap_to)
    if what == indicator:
        note = caveat(FallbackWarning, "{region} has {n} {measure} figure(s) of {indicator_name}: the model uses "
                      "{where}'s dynamics{proxy_note}{adjustment}.", **told)
    else:
        note = caveat(FallbackWarning, "{region} has {n} {measure} figure(s) of {indicator_name}: the model uses "
                      "{where}'s {other_name} dynamics{proxy_note}{adjustment}.", **told,
                      other_name=get_indicator(what).name_en)
    return base, shift, [*notes, note]


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


def scale_for(measure: str, values: pd.Series) -> Scale:
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
        "{who}'s {measure} series has gaps longer than a year ({missing}): they are filled by linear "
        "interpolation so that all {n} figures are used; read the interval as rough.",
        who=who, measure=str(series.name).split(".")[-1], missing=", ".join(missing), n=len(series.dropna()),
    )]


def stale(data_end: int, as_of: int, region: str, what: str = "figure") -> Caveat | None:
    """That the data are old, when they are (`Context.note_first` puts it beside the verdict)."""
    if as_of - data_end < current().stale_years:
        return None
    return caveat(StaleDataWarning, "Stale data: {region}'s last {what} is for {data_end}, {lag} years before "
                  "{as_of}; the verdict rests on a forecast that starts {lag} years early.", region=region,
                  what=N_("figure") if what == "figure" else N_("level or growth figure"), data_end=data_end,
                  lag=as_of - data_end, as_of=as_of)


def cap_to_own_history(outcomes: FloatArray, own: pd.Series, ctx: Context) -> FloatArray:
    """Bound a borrowed forecast's spread by the region's own recent figures.

    A forecast borrowed from another region (or indicator) carries that series' volatility
    (China's FAI in 2009); the region's own recent figures bound it: paths are drawn toward
    their median until the spread is at most ``borrow.history_cap`` times the sd of the region's
    own figures of the last ``borrow.history_cap_years`` years (when it has four or more).
    """
    as_of, region = ctx.as_of, ctx.target.region
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
    ctx.note(caveat(FallbackWarning, "The borrowed series' spread (sd {spread:.1f}) is more than {cap:g} times "
                    "that of {region}'s own {n} figures of the last {cap_years} years (sd {own_sd:.1f}): paths are "
                    "drawn toward the median to sd {limit:.1f}.", spread=spread, cap=cap, region=region,
                    n=len(recent), cap_years=cap_years, own_sd=limit / cap, limit=limit))
    return centre + (outcomes - centre) * (limit / spread)


def default_as_of(target: Target, data: pd.DataFrame) -> int:
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


def real_time_cut(target: Target, as_of: int | None, ytd: tuple[int, float] | None, data: pd.DataFrame) -> int:
    """The year ``as_of`` whose knowledge an assessment uses, checked.

    As asked; for a within-year check the year before the target; by default the last year
    before the target year with a figure (`default_as_of`).
    """
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
        as_of = default_as_of(target, data)
    if as_of >= target.year:
        raise ParameterError(f"as_of {as_of} is not before the target year {target.year}.")
    return as_of
