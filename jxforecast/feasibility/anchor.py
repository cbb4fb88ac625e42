"""Target-anchored evidence: how far outcomes have landed from announced targets.

Chinese outcomes cluster near their announced targets (targets are set with
knowledge of the economy, and reported outcomes track them).  The history of
``outcome − target`` gaps in the data (China, Zhejiang, and the seed
documents' targets whose outcome is known) is evidence about the coming
outcome.  Gaps are signed so that positive is better (for CPI and unemployment,
``target − outcome``), and only targets with a single number to reach
(``~``, ``>=``, ``<=``, the lower end of ``range``, the ensured level) are used.
"""

from __future__ import annotations

import pandas as pd

from jxforecast._diskcache import load_entry, store_entry
from jxforecast.data.loader import data_key, load_observations
from jxforecast.registry import get_indicator
from jxforecast.targets.catalogue import load_targets
from jxforecast.targets.outcomes import outcomes_table

_USABLE = ("~", ">=", "<=", "range", "ensure_strive", "level")
_GROWTH = ("yoy_real", "yoy_nominal", "rate")


_GAPS: dict[str, pd.DataFrame] = {}


def _gap_table() -> pd.DataFrame:
    """The gaps of the catalogue's targets in the observations (embedded + ``JXFORECAST_DATA``).

    Computed once per process and dataset (the observations' content digest), and kept on
    disk under the same key (`jxforecast._diskcache`: the embedded targets and the code are in
    its digest), so a new process reads it.
    """
    obs = load_observations()
    key = data_key(obs)
    table = _GAPS.get(key)
    if table is None:
        stored = load_entry("tables", f"gap table {key}".encode())
        if isinstance(stored, pd.DataFrame):
            table = stored
        else:
            table = gap_table_from_outcomes(outcomes_table(load_targets(), obs))
            store_entry("tables", f"gap table {key}".encode(), table)
        _GAPS.clear()  # one dataset at a time (a race of two threads computes it twice: harmless)
        _GAPS[key] = table
    return table


def gap_table_from_outcomes(table: pd.DataFrame) -> pd.DataFrame:
    """Signed gaps (positive = better than target) from an outcomes table."""
    if table.empty:
        return pd.DataFrame(columns=["region", "indicator", "measure", "year", "gap"])
    t = table[table["operator"].isin(_USABLE) & table["measure"].isin(_GROWTH)].copy()
    t = t[t["value"].notna() & t["outcome"].notna()]
    sign = t["indicator"].map(lambda i: 1.0 if get_indicator(i).higher_is_better else -1.0)
    t["gap"] = sign * (t["outcome"] - t["value"])
    t = t.drop_duplicates(["region", "indicator", "measure", "year"])
    return t[["region", "indicator", "measure", "year", "value", "outcome", "gap"]].reset_index(drop=True)


def current_min_gaps() -> int:
    """The fewest gaps a distribution is fitted to (`config`: ``anchor.min_gaps``)."""
    from jxforecast.feasibility.config import current

    return current().anchor.min_gaps


def target_gaps(indicator: str, measure: str, before: int, min_own: int | None = None) -> tuple[pd.Series, str]:
    """Gaps known before year ``before`` (no look-ahead).

    For the indicator if it has ``min_own`` of them, else pooled: a rate over the rates of its
    kind (registered and surveyed unemployment) when they have ``anchor.min_gaps``, else over
    every rate of the same direction; a growth rate over every growth target.

    Returns
    -------
    (pandas.Series, str)
        The gaps (index: region, indicator, year) and a description of the pool.
    """
    if min_own is None:
        from jxforecast.feasibility.config import current

        min_own = current().anchor.min_own
    gaps = _gap_table()
    gaps = gaps[gaps["year"] < before]
    own = gaps[(gaps["indicator"] == indicator) & (gaps["measure"] == measure)]
    if len(own) >= min_own:
        pool, label = own, f"{len(own)} {indicator} targets before {before}"
    elif measure == "rate":
        # a rate lands from its ceiling as its kin do (registered and surveyed unemployment), not as
        # growth does; rates of other kinds (CPI) only when the kin have too few gaps for a distribution
        family = indicator.split("_")[0]
        rates = gaps[gaps["measure"] == "rate"]
        kin = rates[rates["indicator"].str.split("_").str[0] == family]
        if len(kin) >= current_min_gaps():
            pool, label = kin, f"{len(kin)} {family} rate targets before {before} (only {len(own)} for {indicator})"
        else:
            lower = not get_indicator(indicator).higher_is_better
            same = [(not get_indicator(i).higher_is_better) == lower for i in rates["indicator"]]
            pool = rates[pd.Series(same, index=rates.index, dtype=bool)]
            label = f"{len(pool)} rate targets of all indicators before {before} (only {len(own)} for {indicator})"
    else:
        pool = gaps[gaps["measure"].isin(["yoy_real", "yoy_nominal"])]
        label = f"{len(pool)} growth targets of all indicators before {before} (only {len(own)} for {indicator})"
    series = pool.set_index(["region", "indicator", "year"])["gap"]
    return series, label
