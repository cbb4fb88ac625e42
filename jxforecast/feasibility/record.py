"""A region's own record: its earlier announced GDP growth targets and how far outcomes landed from them.

The target–outcome model reads it when it keeps region effects (`GapModel.use_region`):
a region that has landed above its targets year after year is expected to do so again,
shrunk toward the panel by how many targets the record holds.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from jxforecast._paths import embedded_path
from jxforecast.data.loader import load_series
from jxforecast.errors import JxError
from jxforecast.models.gaps import ambition
from jxforecast.targets.catalogue import load_targets

PEERS_TARGETS = "peers_zhejiang_gdp_targets.csv"
_ANNOUNCING = ("~", ">=", "range", "ensure_strive")


@cache
def _peer_targets() -> pd.DataFrame:
    path = embedded_path(PEERS_TARGETS)
    if not path.is_file():
        return pd.DataFrame(columns=["region", "year", "target_value"])
    return pd.read_csv(path, usecols=["region", "year", "target_value"])


def announced_gdp_targets(region: str) -> dict[int, float]:
    """The region's announced real GDP growth targets by year (shipped peers file, then the catalogue).

    A range counts as its midpoint, as in the panel the target–outcome model was fitted on.
    """
    peers = _peer_targets()
    rows = peers[peers["region"] == region]
    values = rows["target_value"].to_numpy(dtype=float)
    out = {int(y): float(v) for y, v in zip(rows["year"].to_numpy(dtype=int), values, strict=True) if np.isfinite(v)}
    table = load_targets(region=region, indicator="gdp")
    table = table[(table["measure"] == "yoy_real") & table["operator"].isin(_ANNOUNCING) & table["value"].notna()]
    low, high = table["value"].to_numpy(dtype=float), table["value_high"].to_numpy(dtype=float)
    ranged = (table["operator"] == "range").to_numpy() & np.isfinite(high)
    mid = np.where(ranged, (low + np.where(ranged, high, low)) / 2, low)
    out.update({int(y): float(v) for y, v in zip(table["year"].to_numpy(dtype=int), mid, strict=True)})
    return dict(sorted(out.items()))


def region_record(region: str, as_of: int, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The region's GDP targets of years up to ``as_of`` with their outcomes as known at ``as_of``.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, target, outcome, ambition, gap``; empty when the region has no record.
    """
    columns = ["year", "target", "outcome", "ambition", "gap"]
    targets = {y: v for y, v in announced_gdp_targets(region).items() if y <= as_of}
    if not targets:
        return pd.DataFrame(columns=columns)
    try:
        outcomes = load_series(region, "gdp", "yoy_real", as_of=as_of, data=data)
    except JxError:
        return pd.DataFrame(columns=columns)
    known = outcomes.dropna()
    years = [int(p.year) for p in pd.PeriodIndex(known.index)]
    by_year = dict(zip(years, known.to_numpy(dtype=float), strict=True))
    rows = []
    for year, target in targets.items():
        if year not in by_year:
            continue
        before = known[[y < year for y in years]]
        amb = ambition(target, before, year)
        if amb is None:
            continue
        rows.append({"year": year, "target": target, "outcome": by_year[year], "ambition": amb,
                     "gap": by_year[year] - target})
    return pd.DataFrame(rows, columns=columns)
