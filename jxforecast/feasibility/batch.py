"""Assess many targets at once; refusals become rows that say why.

`assess_many` returns one `BatchItem` per target (the `Assessment`, or the sentence of
the refusal); `batch_table` turns items into the table that dashboards and the CLI show;
`assess_table` is the two in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from jxforecast.errors import JxError
from jxforecast.feasibility.assess import assess
from jxforecast.feasibility.assessment import Assessment
from jxforecast.targets.target import Target

BATCH_COLUMNS = [
    "target_id", "region", "year", "indicator", "operator", "value", "value_high", "as_of", "probability",
    "probability_strict", "verdict", "median", "lo", "hi", "required", "outcome", "met_strict", "met_tolerant",
    "n_obs", "evidence", "evidence_zh", "note", "quote",
]

# warnings worth a column in a table: short history, borrowed dynamics, long horizons
NOTE_WORDS = ("Stale data", "Short series", "short", "dynamics", "Long horizon")


@dataclass(frozen=True)
class BatchItem:
    """One target of a batch: its `Assessment`, or why it was refused, or why it failed.

    ``as_of`` is the real-time cut that was asked for (``None``: the latest data); the
    assessment's own ``as_of`` is the year it actually used. ``refusal`` is an expected
    answer (too little history...); ``error`` a run that failed (a bug, a lost worker).
    """

    target: Target
    as_of: int | None
    assessment: Assessment | None = None
    refusal: str | None = None
    error: str | None = None

    @property
    def key(self) -> tuple[str | None, int | None]:
        """``(target_id, as_of used)``: how reports find an item again."""
        used = self.assessment.as_of if self.assessment is not None else self.as_of
        return self.target.target_id, used


def planning_cut(target: Target, as_of: int | str | None = None) -> int | None:
    """The real-time cut of *target* in a batch.

    ``None``: as the target looked when its plan was written — the year before an annual
    target, the base year of a multi-year goal. ``"latest"``: everything in the data
    (``None`` is returned). A year: that year, but never the target year or later.
    """
    if as_of == "latest":
        return None
    if as_of is not None:
        return min(int(as_of), target.year - 1)
    return target.base_year if target.base_year is not None else target.year - 1


def assess_many(
    targets: Iterable[Target],
    as_of: int | str | None = None,
    n_paths: int = 2000,
    seed: int = 0,
    data: pd.DataFrame | None = None,
    progress: Callable[[Target], None] | None = None,
) -> list[BatchItem]:
    """`assess` every target at its `planning_cut`; a refusal (`JxError`) is kept as a sentence.

    Parameters
    ----------
    targets
        Targets to assess.
    as_of
        ``None`` (each target as of when its plan was written), ``"latest"``, or a year.
    n_paths, seed, data
        As in `assess`.
    progress
        Called after each target (e.g. to advance a progress bar).
    """
    items = []
    for t in targets:
        cut = planning_cut(t, as_of)
        try:
            items.append(BatchItem(t, cut, assess(t, as_of=cut, n_paths=n_paths, seed=seed, data=data)))
        except JxError as err:
            items.append(BatchItem(t, cut, refusal=str(err)))
        if progress is not None:
            progress(t)
    return items


def batch_table(items: Iterable[BatchItem]) -> pd.DataFrame:
    """One row per item: probability, verdict, interval, outcome — or the reason for a refusal."""
    rows = []
    for item in items:
        t, a = item.target, item.assessment
        row = {"target_id": t.target_id, "region": t.region, "year": t.year, "indicator": t.indicator,
               "operator": t.operator, "value": t.value, "value_high": t.value_high, "quote": t.quote}
        if a is None and item.error is not None:
            row.update({"as_of": item.as_of, "verdict": "failed", "note": item.error})
        elif a is None:
            row.update({"as_of": item.as_of, "verdict": "refused", "note": item.refusal})
        else:
            row.update({
                "as_of": a.as_of, "probability": a.probability, "probability_strict": a.probability_strict,
                "verdict": a.verdict, "median": a.median, "lo": a.interval["lo"], "hi": a.interval["hi"],
                "required": (a.required or {}).get("value"), "outcome": a.outcome,
                "met_strict": None if a.met is None else a.met["strict"],
                "met_tolerant": None if a.met is None else a.met["tolerant"],
                "n_obs": a.n_obs,
                "evidence": (a.evidence or {}).get("evidence"), "evidence_zh": (a.evidence or {}).get("evidence_zh"),
                "note": "; ".join(w for w in a.warnings if any(k in w for k in NOTE_WORDS)),
            })
        rows.append(row)
    return pd.DataFrame(rows, columns=BATCH_COLUMNS)


def assess_table(
    targets: Iterable[Target],
    as_of: int | str | None = None,
    n_paths: int = 2000,
    seed: int = 0,
    data: pd.DataFrame | None = None,
    progress: Callable[[Target], None] | None = None,
) -> pd.DataFrame:
    """`batch_table` of `assess_many`: one row per target (parameters as in `assess_many`)."""
    return batch_table(assess_many(targets, as_of=as_of, n_paths=n_paths, seed=seed, data=data, progress=progress))
