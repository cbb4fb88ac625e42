"""Within-year arithmetic: what the rest of the year must grow to reach an annual target.

With year-to-date (cumulative) growth ``g_ytd`` over the first ``m`` months and the
share ``w`` of those months in last year's annual total,

    1 + G = w (1 + g_ytd) + (1 - w) (1 + g_rest)

so the rest of the year must grow ``g_rest = ((1 + G) - w (1 + g_ytd)) / (1 - w) - 1``.

``w`` comes from the data (year-to-date level over the annual level of the
latest earlier year that has both, first releases), the region's own or else its
province's or the nation's; when none has such a pair the documented fallback is
``w = m / 12`` (months spread evenly), flagged in the result.  GDP quarters are cumulated the
same way (``m`` = 3, 6, 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from jxforecast.errors import ParameterError
from jxforecast.models.base import FloatArray

WEIGHT_LOOKBACK = 7
"""How many years back a period weight is looked for (``AssessConfig.within_year.weight_lookback``)."""


@dataclass(frozen=True)
class PeriodWeight:
    """Share of the first ``month`` months in the annual total, and where it came from."""

    month: int
    weight: float
    year: int | None
    source: str  # "data" or "fallback"
    region: str | None = None  # whose levels gave it (the region's own, or an ancestor's)




def _own_weight(data: pd.DataFrame, region: str, indicator: str, month: int, before_year: int, lookback: int
                ) -> PeriodWeight | None:
    rows = data[(data["region"] == region) & (data["indicator"] == indicator)]
    ytd = rows[(rows["freq"] == "M") & (rows["measure"] == "ytd_level")]
    annual = rows[(rows["freq"] == "A") & (rows["measure"] == "level")]
    for year in range(before_year - 1, before_year - 1 - lookback, -1):
        part = ytd[ytd["period"] == f"{year}-{month:02d}"].sort_values("vintage")
        whole = ytd[ytd["period"] == f"{year}-12"].sort_values("vintage")
        if whole.empty:
            whole = annual[annual["period"] == str(year)].sort_values("vintage")
        if not part.empty and not whole.empty:
            # first releases of both: the part and the whole as published at the time, one vintage
            w = float(part["value"].iloc[0]) / float(whole["value"].iloc[0])
            if 0 < w < 1:
                return PeriodWeight(month, w, year, "data", region)
    return None


def ytd_weight(data: pd.DataFrame, region: str, indicator: str, month: int, before_year: int,
               lookback: int = WEIGHT_LOOKBACK) -> PeriodWeight:
    """Period weight from the latest year before ``before_year`` with the levels it needs.

    That year is at most ``lookback`` years back and has a
    year-to-date level for ``month`` and an annual level (or a December
    year-to-date level), both first releases: the region's own, else its province's, else the
    nation's; ``month / 12`` only as a last resort (``source="fallback"``).
    """
    if not 1 <= month <= 11:
        raise ParameterError(f"The year-to-date period must end in months 1 to 11, not {month}.")
    from jxforecast.errors import UnknownNameError
    from jxforecast.registry import get_region

    where: str | None = region
    while where is not None:
        found = _own_weight(data, where, indicator, month, before_year, lookback)
        if found is not None:
            return found
        try:
            where = get_region(where, extra=tuple(data["region"].unique())).parent
        except UnknownNameError:
            where = None
    return PeriodWeight(month, month / 12, None, "fallback", None)


def required_rest_of_year(annual_target: float, ytd_growth: float, weight: float) -> float:
    """Growth (%) the remaining months need for the year to reach ``annual_target`` (%).

    >>> round(required_rest_of_year(6.0, 5.1, 0.48), 3)
    6.831
    """
    if not 0 < weight < 1:
        raise ParameterError(f"The period weight must lie strictly between 0 and 1, not {weight}.")
    return 100 * (((1 + annual_target / 100) - weight * (1 + ytd_growth / 100)) / (1 - weight) - 1)


def annual_from_rest(ytd_growth: float, rest_growth: np.ndarray, weight: float) -> FloatArray:
    """Annual growth (%) implied by year-to-date growth and rest-of-year growth paths (%)."""
    return 100 * (weight * (1 + ytd_growth / 100) + (1 - weight) * (1 + np.asarray(rest_growth) / 100) - 1)


def rest_minus_ytd_history(data: pd.DataFrame, month: int, indicators: tuple[str, ...] | None = None) -> pd.Series:
    """Historical gaps between rest-of-year and year-to-date growth for period ``month``.

    For every region, indicator and year where the data has the year-to-date growth
    at ``month``, the full-year growth and the period weight, the implied rest-of-year
    growth minus the year-to-date growth.  This is the evidence for how much the
    rest of a year departs from its start.
    """
    m = data[(data["freq"] == "M") & data["measure"].isin(["ytd_yoy_real", "ytd_yoy_nominal"])]
    if indicators is not None:
        m = m[m["indicator"].isin(indicators)]
    gaps = {}
    for key, rows in m.groupby(["region", "indicator", "measure"]):
        region, indicator, measure = cast("tuple[str, str, str]", key)
        by_period = rows.groupby("period")["value"].last()
        for label, g_ytd in by_period.items():
            period = str(label)
            year, mon = int(period[:4]), int(period[5:])
            if mon != month:
                continue
            full = by_period.get(f"{year}-12")
            if full is None:
                annual = data[
                    (data["region"] == region) & (data["indicator"] == indicator) & (data["freq"] == "A")
                    & (data["measure"] == measure.removeprefix("ytd_")) & (data["period"] == str(year))
                ]
                full = float(annual["value"].iloc[-1]) if not annual.empty else None
            if full is None:
                continue
            w = ytd_weight(data, region, indicator, month, year)
            rest = required_rest_of_year(float(full), float(g_ytd), w.weight)
            gaps[(region, indicator, year)] = rest - float(g_ytd)
    return pd.Series(gaps, name=f"rest_minus_ytd_m{month}", dtype=float)
