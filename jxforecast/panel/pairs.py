"""Target–outcome pairs of the embedded regions, assembled from the catalogue and the data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import pandas as pd

from jxforecast.data.loader import load_observations, load_series
from jxforecast.models.gaps import ambition, level_of
from jxforecast.registry import get_region
from jxforecast.targets.catalogue import load_targets
from jxforecast.targets.outcomes import outcomes_table

__all__ = ["project_pairs"]


def project_pairs() -> pd.DataFrame:
    """GDP growth pairs of the embedded regions (China, Zhejiang, Jiaxing, …).

    From the embedded targets and first-release outcomes, with ambition as known at the time.
    """
    table = outcomes_table(load_targets(indicator="gdp"), load_observations())
    table = table[(table["measure"] == "yoy_real") & table["operator"].isin(["~", ">=", "range", "ensure_strive"])]
    table = table[table["value"].notna() & table["outcome"].notna()]
    rows = []
    # the rows' fields are typed loosely by the stubs: region is a str, year an int, value and outcome floats
    for r in cast("Iterable[Any]", table.itertuples(index=False)):
        history = load_series(r.region, "gdp", "yoy_real", as_of=int(r.year) - 1)
        # a range is announced as its midpoint, as the panel records it
        value = (float(r.value) + float(r.value_high)) / 2 if r.operator == "range" else float(r.value)
        amb = ambition(value, history, int(r.year))
        if amb is None:
            continue
        rows.append({"key": r.region, "region": r.region, "level": level_of(get_region(r.region).level), "province": "",
                     "indicator": "gdp", "year": int(r.year), "target": value,
                     "outcome": float(r.outcome), "ambition": amb,
                     "met": float(float(r.outcome) >= float(r.value) - 1e-9)})  # a range is met from its low end
    pairs = pd.DataFrame(rows)
    pairs["gap"] = pairs["outcome"] - pairs["target"]
    return pairs.drop_duplicates(["region", "indicator", "year"]).reset_index(drop=True)
