"""What the dashboard and track-record notebooks call: their targets, assessments and tables.

`dashboard_jobs` lists the assessments a plan dashboard makes (`Job`), `assess_jobs` runs
them and `keep_items` drops the repeats; `dashboard_items` is the three in one call (or
the items the report builder saved). `summary_table` is the dashboard's table,
`track_record_targets` and `brier_scores` what the track-record page scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

import pandas as pd

from jxforecast.labels import verdict_label
from jxforecast.typing import AsOf, Lang

if TYPE_CHECKING:
    from jxforecast.feasibility.batch import BatchItem
    from jxforecast.targets.target import Target

SEED_DOC = r"^\d{3}_"
SUMMARY_COLUMNS = ["target_id", "year", "indicator", "quote", "as_of", "probability", "probability_strict",
                   "verdict", "verdict_text", "quantity", "median", "lo", "hi", "interval", "outcome", "met",
                   "met_strict", "outcome_state", "outcome_text", "evidence", "note", "measure", "unit",
                   "operator", "value", "reference"]


def _core(table: pd.DataFrame) -> pd.DataFrame:
    from jxforecast.registry import indicators

    core = {k for k, v in indicators().items() if v.core}
    return table[table["indicator"].isin(core)]


def dashboard_targets(
    doc: str = "all", core_only: bool = True, target_file: str | Path | None = None
) -> tuple[list[Target], list[Target]]:
    """The targets of one document (or of every seed document with ``doc="all"``).

    Returns ``(targets, multi_year)``: every assessable target (status ok), and the
    multi-year goals among them, which the dashboard also assesses on the latest data.
    """
    from jxforecast.targets.catalogue import load_targets, targets_from_table

    table = load_targets(target_file, doc=None if doc == "all" else doc)
    if doc == "all" and target_file is None:
        table = table[table["source_doc"].str.match(SEED_DOC)]
    if core_only:
        table = _core(table)
    table = table[table["status"] == "ok"]
    targets = targets_from_table(table)
    return targets, [t for t in targets if t.base_year is not None]


class Job(NamedTuple):
    """One assessment a dashboard makes.

    ``as_of`` is what `assess_many` takes: a year, ``None`` (as of when the plan was
    written) or ``"latest"``. ``extra`` marks a multi-year goal assessed again on the
    latest data: shown only when it can be assessed and is not the first one again.
    """

    target: Target
    as_of: AsOf
    extra: bool = False


def dashboard_jobs(doc: str = "all", as_of: AsOf = None, core_only: bool = True,
                   target_file: str | Path | None = None) -> list[Job]:
    """The assessments a dashboard makes, in its order.

    Every target at *as_of* (default: as of when its plan was written, see `planning_cut`);
    with ``as_of=None`` the multi-year goals once more on the latest data (``extra``).
    """
    targets, multi = dashboard_targets(doc, core_only=core_only, target_file=target_file)
    jobs = [Job(t, as_of) for t in targets]
    if as_of is None:
        jobs += [Job(t, "latest", extra=True) for t in multi]
    return jobs


def assess_jobs(jobs: Iterable[Job], n_paths: int = 2000, seed: int = 0,
                data: pd.DataFrame | None = None) -> list[BatchItem]:
    """One `BatchItem` per job, in order (see `keep_items` for what a dashboard shows)."""
    from jxforecast.feasibility.batch import assess_many

    return [assess_many([job.target], job.as_of, n_paths=n_paths, seed=seed, data=data)[0] for job in jobs]


def keep_items(items: list[BatchItem], jobs: list[Job]) -> list[BatchItem]:
    """The items a dashboard shows: an ``extra`` one only if assessed and not a repeat.

    A five-year goal whose base year is also the latest year in the data would otherwise
    appear twice with the same numbers.
    """
    seen: set[tuple[str | None, int | None]] = set()
    kept = []
    for item, job in zip(items, jobs, strict=False):
        if job.extra and (item.assessment is None or item.key in seen):
            continue
        seen.add(item.key)
        kept.append(item)
    return kept


def dashboard_items(params: Mapping[str, Any], data: pd.DataFrame | None = None) -> list[BatchItem]:
    """The `BatchItem` list behind a plan dashboard (validated ``plan_dashboard`` parameters).

    Read from ``params["assessments_path"]`` when the report builder saved them, else
    assessed here (`dashboard_jobs`, `assess_jobs`).
    """
    if params.get("assessments_path"):
        from jxforecast.report.saved import load_items, shared_parameters

        keys = dict(shared_parameters(params), doc=params["doc"], as_of=params["as_of"],
                    core_only=params["core_only"])
        return load_items(params["assessments_path"], keys)
    jobs = dashboard_jobs(params["doc"], params["as_of"], params["core_only"], params["target_file"])
    return keep_items(assess_jobs(jobs, params["n_paths"], params["seed"], data), jobs)


def summary_table(table: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """The dashboard's table.

    Target, quote, probability, verdict, median, interval, outcome, and how similar targets
    fared (``evidence``, in ``lang``) where the target–outcome model was used.
    """
    from jxforecast.feasibility.quantity import (
        TargetRow,
        interval_text,
        outcome_state,
        outcome_text,
        quantity_name,
    )

    evidence = table["evidence_zh" if lang == "zh" else "evidence"] if "evidence" in table else None
    rows = [TargetRow.from_row(r) for r in table.to_dict("records")]
    met_strict = table["met_strict"] if "met_strict" in table else pd.Series([None] * len(table), index=table.index)
    out = pd.DataFrame({
        "target_id": table["target_id"],
        "year": table["year"],
        "indicator": table["indicator"],
        "quote": table["quote"].astype(str).str.replace(r"\s+", " ", regex=True).str.strip(),
        "as_of": table["as_of"],
        "probability": pd.to_numeric(table["probability"], errors="coerce").round(3),
        "probability_strict": pd.to_numeric(table["probability_strict"], errors="coerce").round(3),
        "verdict": table["verdict"],
        "verdict_text": [verdict_label(str(v), lang) for v in table["verdict"]],
        "quantity": [quantity_name(r, lang) for r in rows],
        "median": pd.to_numeric(table["median"], errors="coerce").round(4),
        "lo": pd.to_numeric(table["lo"], errors="coerce").round(4),
        "hi": pd.to_numeric(table["hi"], errors="coerce").round(4),
        "interval": [interval_text(lo, hi, r, lang) for lo, hi, r in zip(table["lo"], table["hi"], rows, strict=True)],
        "outcome": pd.to_numeric(table["outcome"], errors="coerce"),
        "met": table["met_tolerant"],
        "met_strict": met_strict,
        "outcome_state": [outcome_state(t, m) for t, m in zip(table["met_tolerant"], met_strict, strict=True)],
        "outcome_text": [outcome_text(o, t, m, r, lang) for o, t, m, r
                         in zip(table["outcome"], table["met_tolerant"], met_strict, rows, strict=True)],
        "evidence": evidence.fillna("") if evidence is not None else "",
        "note": table["note"].fillna(""),
        "measure": [r.measure for r in rows],
        "unit": [r.unit for r in rows],
        "operator": [r.operator for r in rows],
        "value": [r.value for r in rows],
        "reference": [r.reference for r in rows],
    })
    return out.sort_values(["target_id", "as_of"], kind="stable").reset_index(drop=True)


def track_record_targets(doc: str = "all", region: str | None = None, core_only: bool = True,
                         data: pd.DataFrame | None = None) -> list[Target]:
    """Past targets whose outcome is in the data (optionally of one document or region)."""
    from jxforecast.targets.catalogue import load_targets, targets_from_table
    from jxforecast.targets.outcomes import outcomes_table

    table = load_targets(doc=None if doc == "all" else doc)
    if region is not None:
        table = table[table["region"] == region]
    if core_only:
        table = _core(table)
    table = table[table["status"] == "ok"]
    known = outcomes_table(table, data)
    return targets_from_table(table[table["target_id"].isin(known["target_id"])])


class BrierScores(TypedDict):
    """`brier_scores`: the count, the share met, the model's and the base rate's Brier score."""

    n: int
    base_rate: float
    brier: float
    brier_base_rate: float
    skill: float


def brier_scores(p: Iterable[float], met: Iterable[bool]) -> BrierScores:
    """Brier score of probabilities *p* against outcomes *met*, beside the base rate's.

    ``skill`` is ``1 - brier / brier_base_rate``: positive when the model beats always
    answering the share of targets met.
    """
    prob = pd.Series(list(p), dtype=float)
    y = pd.Series(list(met), dtype=float)
    n = len(prob)
    if n == 0:
        return {"n": 0, "base_rate": float("nan"), "brier": float("nan"), "brier_base_rate": float("nan"),
                "skill": float("nan")}
    base = float(y.mean())
    brier = float(((prob - y) ** 2).mean())
    brier_base = float(((base - y) ** 2).mean())
    skill = 1 - brier / brier_base if brier_base > 0 else float("nan")
    return {"n": n, "base_rate": base, "brier": brier, "brier_base_rate": brier_base, "skill": skill}
