"""Targets: the `Target` shape, the catalogue of seed targets, met/missed semantics."""

from jxforecast.targets.catalogue import get_target, load_targets, read_targets, targets_from_table
from jxforecast.targets.outcomes import find_outcome, judge, outcomes_table
from jxforecast.targets.semantics import Evaluation, evaluate, threshold
from jxforecast.targets.target import DEFAULT_TOLERANCE, OPERATORS, Target

__all__ = [
    "DEFAULT_TOLERANCE", "OPERATORS", "Evaluation", "Target", "evaluate", "find_outcome",
    "get_target", "judge", "load_targets", "outcomes_table", "read_targets", "targets_from_table", "threshold",
]
