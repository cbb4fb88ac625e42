"""Assess many targets at once; refusals become rows that say why."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from jxforecast.errors import JxError
from jxforecast.feasibility.assess import assess
from jxforecast.targets.target import Target

BATCH_COLUMNS = [
    "target_id", "region", "year", "indicator", "operator", "value", "value_high", "as_of", "probability",
    "probability_strict", "verdict", "median", "lo", "hi", "required", "outcome", "met_strict", "met_tolerant",
    "n_obs", "note", "quote",
]


def assess_table(
    targets: Iterable[Target],
    as_of: int | str | None = None,
    n_paths: int = 2000,
    seed: int = 0,
    data: pd.DataFrame | None = None,
    progress: Callable[[Target], None] | None = None,
) -> pd.DataFrame:
    """One row per target: probability, verdict, interval, outcome — or the reason for a refusal.

    Parameters
    ----------
    targets
        Targets to assess.
    as_of
        Real-time cut for every target; default: each target as it looked when its plan
        was written — the year before an annual target, the base year of a multi-year goal.
        ``"latest"``: everything in the data.
    n_paths, seed, data
        As in `assess`.
    progress
        Called after each target (e.g. to advance a progress bar).
    """
    rows = []
    for t in targets:
        row = {"target_id": t.target_id, "region": t.region, "year": t.year, "indicator": t.indicator,
               "operator": t.operator, "value": t.value, "value_high": t.value_high, "quote": t.quote}
        if as_of == "latest":
            cut = None
        elif as_of is not None:
            cut = min(int(as_of), t.year - 1)
        else:
            cut = t.base_year if t.base_year is not None else t.year - 1
        try:
            a = assess(t, as_of=cut, n_paths=n_paths, seed=seed, data=data)
            row.update({
                "as_of": a.as_of, "probability": a.probability, "probability_strict": a.probability_strict,
                "verdict": a.verdict, "median": a.median, "lo": a.interval["lo"], "hi": a.interval["hi"],
                "required": (a.required or {}).get("value"), "outcome": a.outcome,
                "met_strict": None if a.met is None else a.met["strict"],
                "met_tolerant": None if a.met is None else a.met["tolerant"],
                "n_obs": a.n_obs, "note": "; ".join(w for w in a.warnings if "short" in w or "dynamics" in w),
            })
        except JxError as err:
            row.update({"as_of": cut, "verdict": "refused", "note": str(err)})
        rows.append(row)
        if progress is not None:
            progress(t)
    return pd.DataFrame(rows, columns=BATCH_COLUMNS)
