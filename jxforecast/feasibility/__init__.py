"""Feasibility: probability that a target is met, verdict, and the growth it would take."""

from jxforecast.feasibility.assess import assess
from jxforecast.feasibility.assessment import Assessment, Component, Interval, Met, Requirement
from jxforecast.feasibility.batch import AssessmentSet, BatchItem, assess_many, assess_table, batch_table, planning_cut
from jxforecast.feasibility.build import build_target, format_assessment, model_table
from jxforecast.feasibility.combine import fit_panel
from jxforecast.feasibility.scenarios import attainable_values, scenario_curve
from jxforecast.feasibility.summary import Summary
from jxforecast.feasibility.verdict import VerdictBands
from jxforecast.registry import default_measure

__all__ = [
    "Assessment", "AssessmentSet", "BatchItem", "VerdictBands", "assess", "assess_many", "assess_table",
    "attainable_values",
    "batch_table", "build_target", "default_measure", "fit_panel", "format_assessment", "model_table", "planning_cut",
    "scenario_curve", "Component", "Interval", "Met", "Requirement", "Summary",
]
