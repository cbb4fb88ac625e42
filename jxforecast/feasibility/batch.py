"""Assess many targets at once; refusals become rows that say why.

`assess_many` returns one `BatchItem` per target (the `Assessment`, or the sentence of
the refusal); `batch_table` turns items into the table that dashboards and the CLI show;
`assess_table` is the two in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload

import pandas as pd

from jxforecast.caveats import (
    FallbackWarning,
    JxWarning,
    LongHorizonWarning,
    ShortSeriesWarning,
    StaleDataWarning,
    of_class,
)
from jxforecast.errors import JxError
from jxforecast.feasibility.assessment import Assessment
from jxforecast.targets.target import Target

BATCH_COLUMNS = [
    "target_id", "region", "year", "indicator", "operator", "value", "value_high", "as_of", "probability",
    "probability_strict", "verdict", "median", "lo", "hi", "required", "outcome", "met_strict", "met_tolerant",
    "n_obs", "evidence", "evidence_zh", "note", "quote", "measure", "unit", "reference",
]

# caveats worth a column in a table: stale data, short history, borrowed dynamics, long horizons
NOTE_CLASSES: tuple[type[JxWarning], ...] = (StaleDataWarning, ShortSeriesWarning, FallbackWarning,
                                              LongHorizonWarning)
State = Literal["assessed", "refused", "failed"]


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

    @property
    def state(self) -> State:
        """``assessed``, ``refused`` (an expected answer: too little history...) or ``failed``."""
        if self.assessment is not None:
            return "assessed"
        return "failed" if self.error is not None else "refused"

    def to_dict(self, paths: bool = False) -> dict[str, Any]:
        """JSON-ready; `from_dict` rebuilds an equal item."""
        return {"target": self.target.to_dict(), "as_of": self.as_of, "state": self.state,
                "assessment": None if self.assessment is None else self.assessment.to_dict(paths=paths),
                "refusal": self.refusal, "error": self.error}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BatchItem:
        """The item `to_dict` described."""
        target = Target.from_dict(d["target"])
        a = d.get("assessment")
        return cls(target, d.get("as_of"), None if a is None else Assessment.from_dict(a), d.get("refusal"),
                   d.get("error"))


class AssessmentSet(Sequence[BatchItem]):
    """Many results: each a `BatchItem` whose ``state`` is assessed, refused or failed.

    ``to_frame()`` is the dashboard table (`batch_table`); ``assessed``, ``refused`` and
    ``failed`` select by state; ``caveats(cls)`` collects the caveats of one warning class.
    """

    def __init__(self, items: Iterable[BatchItem]) -> None:
        self._items = list(items)

    @overload
    def __getitem__(self, i: int) -> BatchItem: ...
    @overload
    def __getitem__(self, i: slice) -> AssessmentSet: ...
    def __getitem__(self, i: int | slice) -> BatchItem | AssessmentSet:
        """An item, or a set of the items of a slice."""
        return AssessmentSet(self._items[i]) if isinstance(i, slice) else self._items[i]

    def __len__(self) -> int:
        """Number of items."""
        return len(self._items)

    def __repr__(self) -> str:
        """The number of items by state."""
        counts = {s: sum(1 for it in self._items if it.state == s) for s in ("assessed", "refused", "failed")}
        return f"<AssessmentSet: {len(self)} targets, " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ">"

    @property
    def assessed(self) -> list[Assessment]:
        """The assessments of the items assessed."""
        return [it.assessment for it in self._items if it.assessment is not None]

    @property
    def refused(self) -> list[BatchItem]:
        """The items refused (a target that cannot be assessed)."""
        return [it for it in self._items if it.state == "refused"]

    @property
    def failed(self) -> list[BatchItem]:
        """The items whose assessment failed."""
        return [it for it in self._items if it.state == "failed"]

    def caveats(self, category: type[JxWarning] = JxWarning) -> list[tuple[BatchItem, str]]:
        """Every caveat of class ``category`` (or a subclass), with its item."""
        return [(it, c) for it in self._items if it.assessment is not None
                for c in of_class(it.assessment.warnings, category)]

    def to_frame(self) -> pd.DataFrame:
        """One row per item (`batch_table`)."""
        return batch_table(self._items)

    def _repr_html_(self) -> str:
        # pandas-stubs omit DataFrame._repr_html_ (the attribute reads as a column)
        html: str = self.to_frame()._repr_html_()  # type: ignore[operator]
        return html

    def to_dict(self, paths: bool = False) -> dict[str, Any]:
        """The JSON-ready dictionary of the items; with ``paths`` their simulated outcomes too."""
        return {"format": "jxforecast-assessment-set-1", "items": [it.to_dict(paths) for it in self._items]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AssessmentSet:
        """The set `to_dict` described."""
        return cls(BatchItem.from_dict(it) for it in d["items"])


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
) -> AssessmentSet:
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
    from jxforecast.feasibility.assess import assess  # the models, on first use: a page reading saved items needs none

    items: list[BatchItem] = []
    for t in targets:
        cut = planning_cut(t, as_of)
        try:
            items.append(BatchItem(t, cut, assess(t, as_of=cut, n_paths=n_paths, seed=seed, data=data)))
        except JxError as err:
            items.append(BatchItem(t, cut, refusal=str(err)))
        if progress is not None:
            progress(t)
    return AssessmentSet(items)


def batch_table(items: Iterable[BatchItem]) -> pd.DataFrame:
    """One row per item: probability, verdict, interval, outcome — or the reason for a refusal."""
    rows = []
    for item in items:
        t, a = item.target, item.assessment
        row = {"target_id": t.target_id, "region": t.region, "year": t.year, "indicator": t.indicator,
               "operator": t.operator, "value": t.value, "value_high": t.value_high, "quote": t.quote,
               "measure": t.measure, "unit": t.unit, "reference": t.reference}
        if a is None and item.error is not None:
            row.update({"as_of": item.as_of, "verdict": "failed", "note": item.error})
        elif a is None:
            row.update({"as_of": item.as_of, "verdict": "refused", "note": item.refusal})
        else:
            row.update({
                "as_of": a.as_of, "probability": a.probability, "probability_strict": a.probability_strict,
                "verdict": a.verdict, "median": a.median, "lo": a.interval["lo"], "hi": a.interval["hi"],
                "required": None if a.required is None else a.required.get("value"), "outcome": a.outcome,
                "met_strict": None if a.met is None else a.met["strict"],
                "met_tolerant": None if a.met is None else a.met["tolerant"],
                "n_obs": a.n_obs,
                "evidence": (a.evidence or {}).get("evidence"), "evidence_zh": (a.evidence or {}).get("evidence_zh"),
                "note": "; ".join(w for w in a.warnings if issubclass(w.category, NOTE_CLASSES)),
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
