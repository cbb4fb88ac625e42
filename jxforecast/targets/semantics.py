"""Was a target met?  One place for the meaning of every operator.

Two readings are always given side by side:

- **strict**: the outcome reaches the number as written — ``outcome >= value``
  for indicators where higher is better, ``outcome <= value`` for CPI and
  unemployment;
- **tolerant**: ``~`` (左右, "around") targets count as met when the outcome is no
  worse than the value by more than ``tolerance`` (percentage points for
  growth rates and rates, per cent of the value for levels and shares).  ``>=``, ``<=``,
  ``level`` and the "ensure" level of ``ensure_strive`` are floors or ceilings:
  the tolerant reading equals the strict one.

``range`` (X–Y%) is met when the outcome reaches the end that matters (the lower
end when higher is better; overshooting a growth range is not a miss);
``ensure_strive`` also reports whether the "strive" level was reached;
``sync`` compares the indicator's growth with the reference indicator's growth
(GDP) of the same region and year, the tolerance applying as for ``~``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from jxforecast.targets.target import Target


@dataclass(frozen=True)
class Evaluation:
    """The verdict on one target given its outcome (``None`` where it cannot be told)."""

    outcome: float | None
    met_strict: bool | None
    met_tolerant: bool | None
    met_strive: bool | None = None
    reference_outcome: float | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The evaluation's fields as a dict."""
        return asdict(self)


def threshold(target: Target, tolerant: bool = False, level: str = "value") -> float | None:
    """The outcome a target needs, signed by direction.

    Reach it from below (higher is better) or stay at or under it (lower is better).

    Parameters
    ----------
    target
        The target.
    tolerant
        Apply the tolerance of ``~`` and ``sync`` targets.
    level
        ``"value"`` or ``"value_high"`` (the strive level of ``ensure_strive``).
    """
    if target.operator == "sync":
        return None
    value = target.value_high if level == "value_high" else target.value
    if value is None:
        return None
    higher = _needs_higher(target)
    if target.operator == "range":
        value = target.value if higher else target.value_high
        if value is None:  # a range without the end that matters cannot be judged
            return None
    if tolerant and target.operator == "~":
        # points for growth rates and rates; per cent of the value for levels and shares (a
        # 0.5-point slack on an R&D intensity of 3.2% would be a sixth of it)
        in_points = target.is_percent and target.measure != "share"
        slack = target.tolerance if in_points else abs(value) * target.tolerance / 100
        value = value - slack if higher else value + slack
    return value


def _needs_higher(target: Target) -> bool:
    """True when the outcome must be at least the threshold, False when at most."""
    if target.operator == ">=":
        return True
    if target.operator == "<=":
        return False
    return target.higher_is_better


EPS = 1e-9  # an outcome equal to the bound (up to float noise) meets it


def reaches(target: Target, outcomes: Any, bound: float) -> Any:
    """Tell which outcomes meet ``bound``: the one definition of "met".

    Outcomes at least ``bound`` when the target needs higher (``>=``, or ``~`` of an
    indicator where higher is better), at most ``bound`` otherwise. Works on a number
    (gives a bool) and on an array of simulated outcomes (gives a mask);
    for ``sync`` targets the outcomes are gaps to the reference's growth.
    """
    values = np.asarray(outcomes, dtype=float)
    hit = values >= bound - EPS if _needs_higher(target) else values <= bound + EPS
    return bool(hit) if hit.ndim == 0 else hit


def probability(target: Target, outcomes: Any, tolerant: bool = False, level: str = "value") -> float | None:
    """The share of simulated ``outcomes`` that meet the target (None when it has no number).

    ``tolerant`` reads ``~`` with its tolerance; ``level="value_high"`` asks for the "strive"
    level of ``ensure_strive``.
    """
    bound = threshold(target, tolerant=tolerant, level=level)
    if bound is None:
        return None
    return float(np.mean(reaches(target, outcomes, bound)))


def _meets(target: Target, outcome: float, bound: float) -> bool:
    return bool(reaches(target, outcome, bound))


def evaluate(target: Target, outcome: float | None, reference_outcome: float | None = None) -> Evaluation:
    """Judge a target against its outcome.

    Parameters
    ----------
    target
        The target.
    outcome
        The indicator's outcome in the target year, in the target's measure and unit
        (for ``multiple`` the ratio to the base year, for ``cagr`` the average growth).
    reference_outcome
        For ``sync`` targets, the reference indicator's growth (GDP) that year.

    Returns
    -------
    Evaluation
        Strict and tolerant verdicts (``None`` when the outcome or the target value is unknown).
    """
    if not target.known:
        return Evaluation(outcome, None, None, detail="the target's number is blanked out in the source")
    if outcome is None:
        return Evaluation(None, None, None, detail="no outcome in the data")
    if target.operator == "sync":
        if reference_outcome is None:
            return Evaluation(outcome, None, None, detail=f"no {target.reference or 'gdp'} growth to compare with")
        gap = outcome - reference_outcome
        return Evaluation(
            outcome,
            met_strict=_meets(target, gap, 0.0),
            met_tolerant=_meets(target, gap, -target.tolerance),
            reference_outcome=reference_outcome,
            detail=f"growth {outcome:g} vs {target.reference or 'gdp'} {reference_outcome:g}",
        )
    bound, tolerant_bound = threshold(target), threshold(target, tolerant=True)
    if bound is None or tolerant_bound is None:
        return Evaluation(outcome, None, None, detail="the target has no number to compare with")
    strict = _meets(target, outcome, bound)
    tolerant = _meets(target, outcome, tolerant_bound)
    strive = None
    if target.operator == "ensure_strive" and target.value_high is not None:
        strive = _meets(target, outcome, target.value_high)
    detail = ""
    if target.operator == "range" and target.value is not None and target.value_high is not None:
        inside = target.value <= outcome <= target.value_high
        detail = "inside the range" if inside else "outside the range"
    return Evaluation(outcome, strict, tolerant, strive, detail=detail)
