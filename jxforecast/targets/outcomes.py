"""Outcomes of targets: look the outcome up in the data and judge it."""

from __future__ import annotations

import pandas as pd

from jxforecast.data.loader import load_observations, load_series
from jxforecast.data.vintages import VintageChoice
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


def _value(series: pd.Series, year: int) -> float | None:
    key = pd.Period(str(year), freq="Y")
    # pandas-stubs refuse a Period as a key, which a PeriodIndex takes
    return float(series[key]) if key in series.index else None  # type: ignore[call-overload]


def _values(series: pd.Series, years: range) -> list[float] | None:
    """The series' values of *years*, or ``None`` when one of them is missing."""
    values = [_value(series, y) for y in years]
    known = [v for v in values if v is not None]
    return known if len(known) == len(values) else None


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
    data = load_observations() if data is None else data
    if target.region not in set(data["region"]):
        return None, ""
    if target.measure in _OBS_MEASURE:
        s = load_series(target.region, target.indicator, _OBS_MEASURE[target.measure], vintage=vintage, data=data)
        value = _value(s, target.year)
        if value is None:
            return None, ""
        src = [r["source_url"] for r in s.attrs["sources"] if r["period"] == str(target.year)]
        return value, src[0]
    if target.measure == "multiple" and target.base_year is not None and target.basis == "real":
        # a real multiple (GDP doubling) compounds real growth: nominal levels would count inflation
        s = load_series(target.region, target.indicator, "yoy_real", vintage=vintage, data=data)
        rates = _values(s, range(target.base_year + 1, target.year + 1))
        if rates is None:
            return None, ""
        return _compound(rates), f"compounded yoy_real {target.base_year + 1}-{target.year}"
    if target.measure == "multiple" and target.base_year is not None:
        s = load_series(target.region, target.indicator, "level", vintage="latest", data=data)
        end, start = _value(s, target.year), _value(s, target.base_year)
        if end is None or not start:
            return None, ""
        return end / start, "levels, latest vintage"
    if target.measure == "cagr" and target.base_year is not None:
        measure = "yoy_real" if target.basis == "real" else "yoy_nominal"
        s = load_series(target.region, target.indicator, measure, vintage=vintage, data=data)
        years = range(target.base_year + 1, target.year + 1)
        rates = _values(s, years)
        if rates is None:
            return None, ""
        growth = _compound(rates) ** (1 / len(rates)) - 1
        return 100 * growth, f"compounded {measure} {years.start}-{years.stop - 1}"
    return None, ""


def judge(target: Target, data: pd.DataFrame | None = None, vintage: VintageChoice = "first") -> Evaluation:
    """Find the outcome of ``target`` and evaluate it (sync targets also look up GDP growth)."""
    data = load_observations() if data is None else data
    outcome, _ = find_outcome(target, data, vintage)
    reference = None
    if target.operator == "sync" and outcome is not None:
        ref = Target(target.region, target.reference or "gdp", target.year, "~", 0.0, measure="yoy_real")
        reference, _ = find_outcome(ref, data, vintage)
        if target.measure == "yoy_nominal":  # real with real: income deflated by the year's CPI
            from jxforecast.data.deflate import cpi_for

            cpi, whose = cpi_for(target.region, data)
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
    data = load_observations() if data is None else data
    rows = []
    for target in targets_from_table(targets, tolerance):
        ev = judge(target, data, vintage)
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
