"""Growth rates derived from published levels (rows marked ``derived``).

Many series are denser in levels than in growth rates: budget revenue, retail sales
and incomes are published as amounts every year, their growth only in some sources.
For a money indicator measured at current prices (registry basis ``nominal``), the
nominal growth of year ``t`` is ``100 * (L_t / L_{t-1} - 1)`` where

- ``L_t`` is a published level of year ``t`` (each of its vintages gives one derived row,
  with the same vintage, so the real-time ``as_of`` cut treats it like the level), and
- ``L_{t-1}`` is the previous year's level *as it was known when L_t was published*
  (the latest vintage published no later than ``L_t``), which is how a statistics bureau
  computes the growth in its own bulletin.

A published growth rate for year ``t`` always wins: nothing is derived for that year.
Real-basis indicators (GDP, value added) are not derived: growth of levels at current
prices is not real growth.  Levels rounded so coarsely that the growth would be off by
more than ``MAX_ROUNDING_PP`` points are not used.
"""

from __future__ import annotations

from collections.abc import Set

import numpy as np
import pandas as pd

from jxforecast.data.vintages import publication_year
from jxforecast.registry import indicators

MAX_ROUNDING_PP = 0.25  # largest growth error (points) that the levels' rounding may cause


def _decimals(value: float) -> float:
    """Half the last significant unit of a published number (``48900`` -> 50, ``596.47`` -> 0.005)."""
    text = f"{value:.10g}"
    if "." in text:
        return 0.5 * 10.0 ** -len(text.split(".")[1])
    digits = text.lstrip("-")
    zeros = len(digits) - len(digits.rstrip("0"))
    return 0.5 * 10.0 ** zeros


def derive_growth(obs: pd.DataFrame) -> pd.DataFrame:
    """Derived ``yoy_nominal`` rows for annual levels of nominal-basis indicators.

    Parameters
    ----------
    obs
        Observations (the schema of `jxforecast.data.schema`).

    Returns
    -------
    pandas.DataFrame
        New rows only (possibly empty), with ``derived=True`` and a quote that names both
        levels; the caller appends them.
    """
    nominal = {i.id for i in indicators().values() if i.basis == "nominal"}
    levels = obs[(obs["freq"] == "A") & (obs["measure"] == "level") & obs["indicator"].isin(nominal)]
    published = obs[(obs["freq"] == "A") & (obs["measure"] == "yoy_nominal")]
    have = set(zip(published["region"], published["indicator"], published["period"], strict=True))
    return growth_from_levels(levels, skip=have)


def growth_from_levels(levels: pd.DataFrame, skip: Set[tuple[str, str, str]] = frozenset()) -> pd.DataFrame:
    """Nominal growth rows from annual level rows (any indicator), one per level and vintage.

    The rule is the module docstring's; ``skip`` holds ``(region, indicator, period)`` keys
    left out (years with a published growth rate).
    """
    levels = levels[levels["value"] > 0]
    if levels.empty:
        return levels.iloc[:0].copy()
    source = levels  # the output has its columns and types
    levels = levels.assign(_pub=publication_year(levels["vintage"], levels["period"]),
                           _year=pd.to_numeric(levels["period"]).astype(int))
    rows = []
    for (region, indicator), group in levels.groupby(["region", "indicator"], sort=False):
        by_year: dict[int, pd.DataFrame] = {}
        for y, g in group.groupby("_year"):
            assert isinstance(y, int | np.integer)  # _year is an int column
            by_year[int(y)] = g.sort_values("_pub", kind="stable")
        for year, current in by_year.items():
            prev = by_year.get(year - 1)
            if prev is None or (region, indicator, str(year)) in skip:
                continue
            for _, now in current.iterrows():
                known = prev[prev["_pub"] <= now["_pub"]]
                if known.empty:
                    continue
                before = known.iloc[-1]
                growth = 100.0 * (now["value"] / before["value"] - 1.0)
                err = 100.0 * (_decimals(now["value"]) / now["value"] + _decimals(before["value"]) / before["value"])
                if err > MAX_ROUNDING_PP or not np.isfinite(growth):
                    continue
                rows.append({
                    "region": region, "indicator": indicator, "freq": "A", "period": str(year),
                    "measure": "yoy_nominal", "value": round(growth, 2), "unit": "pct",
                    "vintage": now["vintage"], "source_url": now["source_url"],
                    "quote": f"derived: {now['value']:g} ({year}) / {before['value']:g} ({year - 1}) - 1",
                    "derived": True,
                    "source_quality": now.get("source_quality", ""), "alternate_url": "",
                    "note": (f"growth derived from two published levels; the {year - 1} level "
                             f"(vintage {before['vintage']}) is from {before['source_url']}"),
                })
    out = pd.DataFrame(rows, columns=source.columns)
    return out.astype({c: source[c].dtype for c in source.columns}) if len(out) else source.iloc[:0].copy()
