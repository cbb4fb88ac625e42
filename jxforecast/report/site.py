"""The HTML report's names, from where they were first imported (a thin re-export).

The report lives in three modules: `jxforecast.report.dashboard` (what the notebooks
call: a dashboard's jobs and items, its summary table, the track record's targets and
Brier scores), `jxforecast.report.index` (the index page) and `jxforecast.report.build`
(`build_report`: the assessments, the pages in parallel and the atomic folder swap).
"""

from __future__ import annotations

from jxforecast.report.build import ReportResult, build_report, check_report_folder
from jxforecast.report.dashboard import (
    SEED_DOC,
    SUMMARY_COLUMNS,
    BrierScores,
    Job,
    assess_jobs,
    brier_scores,
    dashboard_items,
    dashboard_jobs,
    dashboard_targets,
    keep_items,
    summary_table,
    track_record_targets,
)
from jxforecast.report.index import Page, index_html

__all__ = [
    "SEED_DOC",
    "SUMMARY_COLUMNS",
    "BrierScores",
    "Job",
    "Page",
    "ReportResult",
    "assess_jobs",
    "brier_scores",
    "build_report",
    "check_report_folder",
    "dashboard_items",
    "dashboard_jobs",
    "dashboard_targets",
    "index_html",
    "keep_items",
    "summary_table",
    "track_record_targets",
]
