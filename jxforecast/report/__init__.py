"""Reports: charts, the CJK font, Excel output and parallel batches."""

from jxforecast.labels import indicator_label, label
from jxforecast.report.batch import JobResult, run_jobs
from jxforecast.report.charts import (
    calibration_chart,
    fan_chart,
    fig_to_base64_png,
    scenario_chart,
    series_chart,
)
from jxforecast.report.excel import write_excel
from jxforecast.report.fonts import use_cjk_font

__all__ = [
    "JobResult",
    "calibration_chart",
    "fan_chart",
    "fig_to_base64_png",
    "indicator_label",
    "label",
    "run_jobs",
    "scenario_chart",
    "series_chart",
    "use_cjk_font",
    "write_excel",
]
