"""The region-years the within-year nowcast learns from, assembled from the data and the catalogue."""

from __future__ import annotations

from typing import cast

import pandas as pd

from jxforecast.models.nowcast import PERIODS
from jxforecast.models.within_year import WEIGHT_LOOKBACK, required_rest_of_year, ytd_weight
from jxforecast.targets.catalogue import load_targets

__all__ = ["nowcast_histories", "nowcast_history"]


def nowcast_history(data: pd.DataFrame, month: int, indicator: str = "gdp", measure: str = "ytd_yoy_real",
                    lookback: int = WEIGHT_LOOKBACK) -> pd.DataFrame:
    """Every region and year with the year-to-date growth at ``month`` and the annual growth.

    Columns ``region, year, ytd, annual, weight, prior, rest`` (``rest`` implied by the three);
    the prior guess is the region's announced target of the year where the catalogue has one,
    else the average of the last three years.  ``lookback`` bounds how old a period weight
    may be (`jxforecast.models.within_year.ytd_weight`).
    """
    annual_measure = measure.removeprefix("ytd_")
    rows = data[(data["indicator"] == indicator) & (data["freq"] == "M") & (data["measure"] == measure)
                & data["period"].str.endswith(f"-{month:02d}")]
    annual = data[(data["indicator"] == indicator) & (data["freq"] == "A") & (data["measure"] == annual_measure)]
    ytd_dec = data[(data["indicator"] == indicator) & (data["freq"] == "M") & (data["measure"] == measure)
                   & data["period"].str.endswith("-12")]
    targets = load_targets(indicator=indicator)
    targets = targets[(targets["measure"] == annual_measure) & targets["operator"].isin(["~", ">=", "ensure_strive"])]
    out = []
    for key, group in rows.groupby(["region", "period"]):
        region, period = cast("tuple[str, str]", key)
        year = int(period[:4])
        g = float(group["value"].iloc[-1])
        full = annual[(annual["region"] == region) & (annual["period"] == str(year))]
        if full.empty:
            full = ytd_dec[(ytd_dec["region"] == region) & (ytd_dec["period"] == f"{year}-12")]
        if full.empty:
            continue
        G = float(full.sort_values("vintage")["value"].iloc[0])  # the first release, as the year was judged
        w = ytd_weight(data, region, indicator, month, year, lookback).weight
        t = targets[(targets["region"] == region) & (targets["year"] == year)]
        if len(t):
            prior = float(t["value"].iloc[0])
        else:
            past = annual[(annual["region"] == region) & annual["period"].isin([str(year - k) for k in (1, 2, 3)])]
            if past["period"].nunique() < 3:
                continue
            prior = float(past.groupby("period")["value"].first().mean())
        out.append({"region": region, "year": year, "ytd": g, "annual": G, "weight": w, "prior": prior,
                    "rest": required_rest_of_year(G, g, w)})
    return pd.DataFrame(out, columns=["region", "year", "ytd", "annual", "weight", "prior", "rest"])


def nowcast_histories(data: pd.DataFrame, months: tuple[int, ...] = PERIODS) -> dict[int, pd.DataFrame]:
    """`nowcast_history` of GDP for each period, by month (what `nowcast_backtest` scores)."""
    return {month: nowcast_history(data, month) for month in months}
