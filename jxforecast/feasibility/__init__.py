"""Feasibility: probability that a target is met, verdict, and the growth it would take."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jxforecast._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from jxforecast.feasibility.assess import assess
    from jxforecast.feasibility.assessment import Assessment, Component, Interval, Met, Requirement
    from jxforecast.feasibility.batch import (
        AssessmentSet,
        BatchItem,
        assess_many,
        assess_table,
        batch_table,
        planning_cut,
    )
    from jxforecast.feasibility.build import build_target, format_assessment, model_table
    from jxforecast.feasibility.combine import fit_panel
    from jxforecast.feasibility.scenarios import attainable_values, scenario_curve
    from jxforecast.feasibility.summary import Summary
    from jxforecast.feasibility.verdict import VerdictBands
    from jxforecast.registry import default_measure

# every name is imported on first use: a page that reads saved assessments needs neither
# statsmodels nor the backtest
_LAZY = {
    "assess": "jxforecast.feasibility.assess",
    "Assessment": "jxforecast.feasibility.assessment",
    "Component": "jxforecast.feasibility.assessment",
    "Interval": "jxforecast.feasibility.assessment",
    "Met": "jxforecast.feasibility.assessment",
    "Requirement": "jxforecast.feasibility.assessment",
    "AssessmentSet": "jxforecast.feasibility.batch",
    "BatchItem": "jxforecast.feasibility.batch",
    "assess_many": "jxforecast.feasibility.batch",
    "assess_table": "jxforecast.feasibility.batch",
    "batch_table": "jxforecast.feasibility.batch",
    "planning_cut": "jxforecast.feasibility.batch",
    "build_target": "jxforecast.feasibility.build",
    "format_assessment": "jxforecast.feasibility.build",
    "model_table": "jxforecast.feasibility.build",
    "fit_panel": "jxforecast.feasibility.combine",
    "attainable_values": "jxforecast.feasibility.scenarios",
    "scenario_curve": "jxforecast.feasibility.scenarios",
    "Summary": "jxforecast.feasibility.summary",
    "VerdictBands": "jxforecast.feasibility.verdict",
    "default_measure": "jxforecast.registry",
}


if not TYPE_CHECKING:  # mypy checks every imported name against the imports above
    __getattr__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "Assessment", "AssessmentSet", "BatchItem", "VerdictBands", "assess", "assess_many", "assess_table",
    "attainable_values",
    "batch_table", "build_target", "default_measure", "fit_panel", "format_assessment", "model_table", "planning_cut",
    "scenario_curve", "Component", "Interval", "Met", "Requirement", "Summary",
]
