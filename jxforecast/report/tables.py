"""Tables as an economist reads them: headers in the page's language, probabilities as
percentages, verdict colours, widths that fit Chinese text."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from jxforecast.report.labels import indicator_label, verdict_label

HEADERS = {
    "zh": {"target_id": "编号", "year": "年份", "indicator": "指标", "quote": "目标原文", "as_of": "评估基期",
           "probability": "实现概率", "verdict": "判断", "median": "预测中位数", "interval": "80%区间",
           "outcome": "实际", "met": "实现", "evidence": "同类目标经验", "strict": "严格口径"},
    "en": {"target_id": "id", "year": "year", "indicator": "indicator", "quote": "target (as written)",
           "as_of": "as of", "probability": "probability", "verdict": "verdict", "median": "median",
           "interval": "80% interval", "outcome": "outcome", "met": "met", "evidence": "similar targets",
           "strict": "strict reading"},
}
VERDICT_COLOURS = {"likely": "#1a7f37", "attainable": "#4d7c0f", "stretch": "#b45309", "unlikely": "#b91c1c"}


def _pct(p: Any) -> str:
    return "" if p is None or (isinstance(p, float) and math.isnan(p)) else f"{100 * float(p):.0f}%"


def _num(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = float(x)
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.1f}"


def readable_summary(summary: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The dashboard's assessed rows (`jxforecast.report.site.summary_table`) with one
    probability (the one the verdict follows; the strict reading beside it only when it
    differs), numbers rounded as an economist writes them and headers in ``lang``."""
    h = HEADERS["zh" if lang == "zh" else "en"]
    done = summary[~summary["verdict"].isin(["refused", "failed"])]
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    strict = [_pct(s) if _pct(s) != _pct(p) else "" for p, s in zip(done["probability"], done["probability_strict"])]
    view = pd.DataFrame({
        h["target_id"]: done["target_id"],
        h["indicator"]: [indicator_label(i, lang) for i in done["indicator"]],
        h["quote"]: done["quote"],
        h["as_of"]: done["as_of"].astype("Int64"),
        h["probability"]: [_pct(p) for p in done["probability"]],
        h["strict"]: strict,
        h["verdict"]: [verdict_label(v, lang) for v in done["verdict"]],
        h["median"]: [_num(m) for m in done["median"]],
        h["interval"]: done["interval"],
        h["outcome"]: [_num(o) for o in done["outcome"]],
        h["met"]: ["" if m is None or (isinstance(m, float) and math.isnan(m)) else (yes if m else no)
                   for m in done["met"]],
        h["evidence"]: done["evidence"],
    })
    view.attrs["verdicts"] = list(done["verdict"])
    return view.reset_index(drop=True)


def styled_summary(summary: pd.DataFrame, lang: str = "zh"):
    """`readable_summary` as a pandas Styler: verdict colours, no index, the quote and the
    evidence wide enough for Chinese text (about 16 and 22 characters a line)."""
    view = readable_summary(summary, lang)
    h = HEADERS["zh" if lang == "zh" else "en"]
    verdicts = view.attrs.get("verdicts", [])

    def colour(column: pd.Series) -> list[str]:
        return [f"color:{VERDICT_COLOURS.get(v, 'inherit')};font-weight:600" for v in verdicts]

    return (view.style.hide(axis="index")
            .apply(colour, subset=[h["verdict"], h["probability"]])
            .set_properties(subset=[h["quote"]], **{"min-width": "16em", "white-space": "normal"})
            .set_properties(subset=[h["evidence"]], **{"min-width": "22em", "white-space": "normal",
                                                        "font-size": "90%"})
            .set_table_styles([{"selector": "th", "props": "text-align:left;white-space:nowrap"},
                               {"selector": "td", "props": "vertical-align:top;padding:3px 6px"}]))
