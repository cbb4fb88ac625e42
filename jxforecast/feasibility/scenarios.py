"""Scenario sweep: probability as a function of the target value."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from jxforecast.feasibility.assessment import Assessment
from jxforecast.targets.semantics import _needs_higher, reaches, threshold


def scenario_curve(assessment: Assessment, values: np.ndarray | list[float] | None = None) -> pd.DataFrame:
    """Probability that the target would be met for other target values, same paths.

    Parameters
    ----------
    assessment
        A result of `assess` (its simulated outcomes are reused; nothing is refitted).
    values
        Target values to try (default: 41 values across the 2nd–98th percentiles).

    Returns
    -------
    pandas.DataFrame
        Columns ``value``, ``probability`` (tolerant reading), ``probability_strict``.
    """
    outcomes = assessment.paths
    if outcomes is None:
        raise ValueError("This assessment carries no simulated paths.")
    if values is None:
        lo, hi = np.quantile(outcomes, [0.02, 0.98])
        values = np.round(np.linspace(lo, hi, 41), 2)
    target = assessment.target
    rows = []
    for v in values:
        t = replace(target, operator=target.operator if target.operator in ("~", ">=", "<=", "level") else "~",
                    value=float(v), value_high=None)
        out = {"value": float(v)}
        for key, tolerant in (("probability", True), ("probability_strict", False)):
            bound = threshold(t, tolerant=tolerant)
            if bound is None:  # never: t has a value and a one-sided operator
                raise ValueError(f"No threshold for the scenario value {v}.")
            hit = reaches(t, outcomes, bound)
            out[key] = float(np.mean(hit))
        rows.append(out)
    return pd.DataFrame(rows)


def attainable_values(assessment: Assessment, probabilities: tuple[float, ...] = (0.5, 0.8)) -> dict[float, float]:
    """The target value (strict reading) met with each probability: e.g. ``{0.5: 6.1, 0.8: 5.2}``."""
    outcomes = assessment.paths
    if outcomes is None:
        raise ValueError("This assessment carries no simulated paths.")
    higher = _needs_higher(assessment.target) if assessment.target.operator != "sync" else True
    return {
        p: float(np.quantile(outcomes, 1 - p if higher else p)) for p in probabilities
    }
