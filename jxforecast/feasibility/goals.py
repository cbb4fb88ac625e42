"""Arithmetic of multi-year goals: required average growth, compounding, deflators."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jxforecast.errors import ParameterError
from jxforecast.models.base import FloatArray


def required_cagr(start_level: float, goal_level: float, years: int) -> float:
    """Average annual growth (%) that takes ``start_level`` to ``goal_level`` in ``years``.

    >>> round(required_cagr(7062.5, 10000, 2), 2)
    18.99
    """
    if years <= 0:
        raise ParameterError(f"A multi-year goal needs at least one year to go, not {years}.")
    if start_level <= 0 or goal_level <= 0:
        raise ParameterError("Levels must be positive to compute a required growth rate.")
    return float(100 * ((goal_level / start_level) ** (1 / years) - 1))


def compound(growth_paths: np.ndarray) -> FloatArray:
    """Cumulative growth factor of each path: ``prod(1 + g/100)`` over the horizon."""
    factors: FloatArray = np.prod(1 + np.asarray(growth_paths) / 100, axis=1)
    return factors


def nominal_from_real(real_paths: np.ndarray, deflator_paths: np.ndarray) -> FloatArray:
    """Nominal growth (%) from real growth and deflator growth paths (%)."""
    return 100 * ((1 + real_paths / 100) * (1 + deflator_paths / 100) - 1)


def implied_deflator(levels: pd.Series, real_growth: pd.Series) -> pd.Series:
    """Deflator growth (%) implied by nominal levels and real growth of consecutive years.

    Only years where both this and the previous year's level exist are used;
    a level series that mixes vintages across a census revision produces a jump,
    so callers should summarise it robustly (median, MAD).
    """
    lv = levels.sort_index()
    nominal = 100 * (lv / lv.shift(1) - 1)
    nominal = nominal[lv.index.to_series().diff().map(lambda d: getattr(d, "n", None) == 1).to_numpy()]
    joined = pd.concat([nominal.rename("nominal"), real_growth.rename("real")], axis=1, join="inner").dropna()
    return (100 * ((1 + joined["nominal"] / 100) / (1 + joined["real"] / 100) - 1)).rename("deflator")


def consistent_deflator(data: pd.DataFrame, region: str, indicator: str, real_growth: pd.Series,
                        as_of: int | None = None) -> pd.Series:
    """Deflator growth (%) from nominal growth of one vintage and real growth.

    Nominal growth of year ``t`` is its first-release level over year ``t − 1``'s level as
    it was known when ``t``'s was published (`jxforecast.data.derive`), so a census
    revision of earlier levels does not show up as a year of inflation.
    """
    from jxforecast.data.derive import growth_from_levels
    from jxforecast.data.vintages import select_vintage

    rows = data[(data["region"] == region) & (data["indicator"] == indicator) & (data["freq"] == "A")
                & (data["measure"] == "level")]
    if rows.empty:
        return pd.Series(dtype=float, name="deflator", index=pd.PeriodIndex([], freq="Y"))
    nominal = select_vintage(growth_from_levels(rows), "first", as_of)
    if nominal.empty:
        return pd.Series(dtype=float, name="deflator", index=pd.PeriodIndex([], freq="Y"))
    index = pd.PeriodIndex(nominal["period"], freq="Y")
    nominal_growth = pd.Series(nominal["value"].to_numpy(dtype=float), index=index)
    joined = pd.concat([nominal_growth.rename("nominal"), real_growth.rename("real")], axis=1, join="inner").dropna()
    return (100 * ((1 + joined["nominal"] / 100) / (1 + joined["real"] / 100) - 1)).rename("deflator")


def percentile_in_history(required: float, history: pd.Series) -> float | None:
    """Share of past values below ``required``, in percent (``None`` without history).

    A required growth at the 90th percentile was beaten in only one year in ten.
    """
    h = pd.Series(history).dropna()
    if h.empty:
        return None
    return float(100 * (h < required).mean())


MIN_WINDOWS = 5  # past windows needed for a like-for-like comparison


def percentile_like_for_like(required: float, history: pd.Series, span: int = 1) -> float | None:
    """`percentile_in_history` against what is comparable.

    The region's own average growth over every ``span`` consecutive past years (single years
    when ``span`` is 1); ``None``
    with fewer than `MIN_WINDOWS` such windows (then no comparison is shown).
    """
    h = pd.Series(history).dropna()
    if h.empty:
        return None
    years = [p.year if hasattr(p, "year") else int(p) for p in h.index]
    values = dict(zip(years, h.to_numpy(dtype=float), strict=True))
    windows = []
    for end in years:
        span_years = range(end - span + 1, end + 1)
        if all(y in values for y in span_years):
            windows.append(100 * (np.prod([1 + values[y] / 100 for y in span_years]) ** (1 / span) - 1))
    if len(windows) < MIN_WINDOWS:
        return None
    return float(100 * (np.asarray(windows) < required).mean())
