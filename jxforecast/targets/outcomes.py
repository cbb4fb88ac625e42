"""Outcomes of targets: look the outcome up in the data and judge it."""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd

from jxforecast.data.loader import data_key, load_observations, select_all
from jxforecast.data.vintages import VintageChoice
from jxforecast.registry import get_indicator
from jxforecast.targets.catalogue import load_targets, targets_from_table
from jxforecast.targets.semantics import Evaluation, evaluate
from jxforecast.targets.target import DEFAULT_TOLERANCE, Target

OUTCOME_COLUMNS = [
    "target_id", "source_doc", "region", "year", "indicator", "measure", "operator", "value", "value_high",
    "outcome", "reference_outcome", "met_strict", "met_tolerant", "met_strive", "detail", "quote",
]
_OBS_MEASURE = {
    "yoy_real": "yoy_real", "yoy_nominal": "yoy_nominal", "level": "level", "share": "share", "rate": "rate",
}


_Series = dict[int, tuple[float, str]]
"""One annual series: value and source address by year."""
_CACHE_SIZE = 16
_ANNUAL: OrderedDict[tuple[str, str], dict[tuple[str, str, str], _Series]] = OrderedDict()
_ANNUAL_LOCK = threading.Lock()


def _annual(data: pd.DataFrame, key: str, vintage: VintageChoice) -> dict[tuple[str, str, str], _Series]:
    """Every annual series of ``data`` (content digest ``key``) in ``vintage``, by (region, indicator, measure).

    Built in one pass over the observations (`jxforecast.data.loader.select_all`: the rows
    `load_series` would return) and kept for the process, keyed by the data's digest and the
    vintage, so a user's data never sees another dataset's series.
    """
    cache_key = (key, str(vintage))
    with _ANNUAL_LOCK:  # report pages and Dask workers assess in threads
        found = _ANNUAL.get(cache_key)
        if found is not None:
            _ANNUAL.move_to_end(cache_key)
            return found
    series: dict[tuple[str, str, str], _Series] = {}
    rows = select_all(data, "A", vintage)
    for region, indicator, measure, period, value, url in zip(
        rows["region"], rows["indicator"], rows["measure"], rows["period"], rows["value"], rows["source_url"],
        strict=True,
    ):
        series.setdefault((region, indicator, measure), {})[int(str(period)[:4])] = (float(value), url)
    with _ANNUAL_LOCK:
        _ANNUAL[cache_key] = series
        while len(_ANNUAL) > _CACHE_SIZE:
            _ANNUAL.popitem(last=False)
    return series


def clear_cache() -> None:
    """Empty the per-process cache of annual series (`find_outcome`, `outcomes_table`)."""
    with _ANNUAL_LOCK:
        _ANNUAL.clear()


class _Lookup:
    """The annual series of one dataset, read by (region, indicator, measure, vintage)."""

    def __init__(self, data: pd.DataFrame) -> None:
        self.data = data
        self.key = data_key(data)
        self.regions = set(data["region"])
        self._cpi: dict[str, tuple[pd.Series, dict[int, str]]] = {}

    def series(self, region: str, indicator: str, measure: str, vintage: VintageChoice) -> _Series:
        """Values and source addresses by year (empty when the data has none)."""
        get_indicator(indicator)  # an unknown indicator is an error, as in `load_series`
        return _annual(self.data, self.key, vintage).get((region, indicator, measure), {})

    def cpi(self, region: str) -> tuple[pd.Series, dict[int, str]]:
        """`jxforecast.data.deflate.cpi_for` of ``region``, once per lookup."""
        if region not in self._cpi:
            from jxforecast.data.deflate import cpi_for

            self._cpi[region] = cpi_for(region, self.data)
        return self._cpi[region]


def _values(series: _Series, years: range) -> list[float] | None:
    """The series' values of *years*, or ``None`` when one of them is missing."""
    values = [series[y][0] for y in years if y in series]
    return values if len(values) == len(years) else None


def _compound(rates: list[float]) -> float:
    """The factor that growth rates (%) of successive years compound to."""
    factor = 1.0
    for r in rates:
        factor *= 1 + r / 100
    return factor


def find_outcome(
    target: Target, data: pd.DataFrame | None = None, vintage: VintageChoice = "first"
) -> tuple[float | None, str]:
    """The target's outcome in the data and its source (``(None, "")`` when unknown).

    Growth, level, share and rate targets read the same measure for the target year
    (first releases by default: what the government reported against the plan);
    ``multiple`` divides the target year's level by the base year's (one vintage), or, for a
    real-basis multiple (GDP doubling), compounds the real growth rates in between;
    ``cagr`` compounds the yearly growth rates from the base year on.
    """
    return _find(target, _Lookup(load_observations() if data is None else data), vintage)


def _find(target: Target, lookup: _Lookup, vintage: VintageChoice) -> tuple[float | None, str]:
    """`find_outcome` over series already looked up."""
    if target.region not in lookup.regions:
        return None, ""
    if target.measure in _OBS_MEASURE:
        s = lookup.series(target.region, target.indicator, _OBS_MEASURE[target.measure], vintage)
        return s.get(target.year, (None, ""))
    if target.measure == "multiple" and target.base_year is not None and target.basis == "real":
        # a real multiple (GDP doubling) compounds real growth: nominal levels would count inflation
        s = lookup.series(target.region, target.indicator, "yoy_real", vintage)
        rates = _values(s, range(target.base_year + 1, target.year + 1))
        if rates is None:
            return None, ""
        return _compound(rates), f"compounded yoy_real {target.base_year + 1}-{target.year}"
    if target.measure == "multiple" and target.base_year is not None:
        s = lookup.series(target.region, target.indicator, "level", "latest")
        end, start = s.get(target.year, (None, ""))[0], s.get(target.base_year, (None, ""))[0]
        if end is None or not start:
            return None, ""
        return end / start, "levels, latest vintage"
    if target.measure == "cagr" and target.base_year is not None:
        measure = "yoy_real" if target.basis == "real" else "yoy_nominal"
        s = lookup.series(target.region, target.indicator, measure, vintage)
        years = range(target.base_year + 1, target.year + 1)
        rates = _values(s, years)
        if rates is None:
            return None, ""
        growth = _compound(rates) ** (1 / len(rates)) - 1
        return 100 * growth, f"compounded {measure} {years.start}-{years.stop - 1}"
    return None, ""


def judge(target: Target, data: pd.DataFrame | None = None, vintage: VintageChoice = "first") -> Evaluation:
    """Find the outcome of ``target`` and evaluate it (sync targets also look up GDP growth)."""
    return _judge(target, _Lookup(load_observations() if data is None else data), vintage)


def _judge(target: Target, lookup: _Lookup, vintage: VintageChoice) -> Evaluation:
    """`judge` over series already looked up."""
    outcome, _ = _find(target, lookup, vintage)
    reference = None
    if target.operator == "sync" and outcome is not None:
        ref = Target(target.region, target.reference or "gdp", target.year, "~", 0.0, measure="yoy_real")
        reference, _ = _find(ref, lookup, vintage)
        if target.measure == "yoy_nominal":  # real with real: income deflated by the year's CPI
            cpi, whose = lookup.cpi(target.region)
            key = pd.Period(str(target.year), freq="Y")
            if key not in cpi.index:
                return evaluate(target, None, reference)
            inflation = float(cpi[key])  # type: ignore[call-overload]  # stubs: a Period key
            outcome = 100 * ((1 + outcome / 100) / (1 + inflation / 100) - 1)
    return evaluate(target, outcome, reference)


def outcomes_table(
    targets: pd.DataFrame | None = None,
    data: pd.DataFrame | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    vintage: VintageChoice = "first",
) -> pd.DataFrame:
    """Every target whose outcome is in the data, with met/missed (strict and tolerant).

    Returns
    -------
    pandas.DataFrame
        Columns: target_id, source_doc, region, year, indicator, operator, value,
        value_high, outcome, reference_outcome, met_strict, met_tolerant, met_strive,
        detail, quote.
    """
    targets = load_targets() if targets is None else targets
    lookup = _Lookup(load_observations() if data is None else data)
    rows = []
    for target in targets_from_table(targets, tolerance):
        ev = _judge(target, lookup, vintage)
        if ev.outcome is None:
            continue
        rows.append(
            {
                "target_id": target.target_id,
                "source_doc": target.source_doc,
                "region": target.region,
                "year": target.year,
                "indicator": target.indicator,
                "measure": target.measure,
                "operator": target.operator,
                "value": target.value,
                "value_high": target.value_high,
                "outcome": ev.outcome,
                "reference_outcome": ev.reference_outcome,
                "met_strict": ev.met_strict,
                "met_tolerant": ev.met_tolerant,
                "met_strive": ev.met_strive,
                "detail": ev.detail,
                "quote": target.quote,
            }
        )
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
