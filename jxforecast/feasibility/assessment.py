"""`Assessment`: the result of `assess`, whose `to_dict` is exactly the CLI's JSON."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jxforecast.targets.target import Target


def _clean(x: Any) -> Any:
    if isinstance(x, float):
        return None if math.isnan(x) else round(x, 6)
    if isinstance(x, (np.floating,)):
        return _clean(float(x))
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.bool_,)):
        return bool(x)
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


@dataclass
class Assessment:
    """How likely a target is to be met, and what it would take.

    Attributes
    ----------
    probability
        Probability that the target is met under the tolerant reading (``~`` targets
        within the tolerance); calibrated against the backtest where history allows.
    probability_strict
        Probability that the number as written is reached.
    probability_strive
        For ``ensure_strive`` targets, the probability of the strive level.
    verdict
        ``likely``, ``attainable``, ``stretch``, ``unlikely`` (from ``probability``).
    median, interval
        Median and central interval (``lo``, ``hi``, ``level``) of the simulated outcome,
        in the target's measure (growth %, level, ratio, ...).
    required
        What it would take: the growth needed (``value``), what kind (annual, rest of
        the year, average per year to a level goal), its ``basis`` (real/nominal) and
        ``percentile``: where it sits in the region's own history (share of past years
        that grew less).
    n_obs
        Observations the models were fitted on.
    models
        Weight of each component in the blend (time-series models and ``target_anchor``).
    calibration
        Spread factor applied from the backtest, number of folds, and whether it was applied.
    backtest
        Per model (and ``blend``): one-year-ahead rolling-origin backtest scores on the
        series — ``n_folds``, ``mae``, ``rmse``, ``bias``, ``coverage_80``; for
        ``target_anchor``, the spread (``rmse``) of past outcome − target gaps.
    outcome, met
        The outcome and whether it met the target, when the data has it.
    warnings
        Plain sentences: short series, fallbacks, blanked numbers.
    components
        For targets assessed by more than one component (time-series blend and
        target–outcome model): each one's ``weight`` and ``probability_strict``, and the
        ``mixture``'s probability before recalibration.
    evidence
        The target–outcome model's inputs and how similar targets fared (``evidence``,
        ``evidence_zh`` sentences), or None.
    region_level
        Level of government the target was treated as (``nation``, ``province``, ``city``).
    series
        The series the time-series models used: ``region`` (an ancestor's when ``borrowed``),
        ``measure``, ``scale`` (``linear``, ``log``, ``logit``) and the ``shift`` on that scale
        that moved it onto the target's region.
    """

    target: Target
    as_of: int
    probability: float | None
    probability_strict: float | None
    verdict: str
    median: float | None
    interval: dict[str, float | None]
    required: dict[str, Any] | None
    n_obs: int
    models: dict[str, float]
    calibration: dict[str, Any]
    backtest: dict[str, dict[str, float]] = field(default_factory=dict)
    outcome: float | None = None
    met: dict[str, bool | None] | None = None
    probability_strive: float | None = None
    basis: str = "real"
    horizon: int = 1
    warnings: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    paths: np.ndarray | None = field(default=None, repr=False)
    components: dict[str, dict[str, float | None]] = field(default_factory=dict)
    evidence: dict[str, Any] | None = None
    region_level: str = "city"
    series: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dictionary printed by ``jxforecast check --format json``."""
        t = self.target
        return _clean(
            {
                "target": {
                    "region": t.region,
                    "indicator": t.indicator,
                    "year": t.year,
                    "base_year": t.base_year,
                    "operator": t.operator,
                    "value": t.value,
                    "value_high": t.value_high,
                    "measure": t.measure,
                    "unit": t.unit,
                    "tolerance": t.tolerance,
                    "target_id": t.target_id,
                    "quote": t.quote,
                },
                "as_of": self.as_of,
                "horizon": self.horizon,
                "basis": self.basis,
                "probability": self.probability,
                "probability_strict": self.probability_strict,
                "probability_strive": self.probability_strive,
                "verdict": self.verdict,
                "median": self.median,
                "interval": self.interval,
                "required": self.required,
                "n_obs": self.n_obs,
                "region_level": self.region_level,
                "series": self.series,
                "models": self.models,
                "components": self.components,
                "evidence": self.evidence,
                "calibration": self.calibration,
                "backtest": self.backtest,
                "outcome": self.outcome,
                "met": self.met,
                "warnings": list(self.warnings),
                "parameters": self.parameters,
            }
        )
