"""Tables as an economist reads them.

Headers in the page's language, probabilities as percentages, verdict colours, widths that
fit Chinese text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from jxforecast.feasibility.quantity import (
    OUTCOME_COLOURS,
    OUTCOME_SYMBOLS,
    TargetRow,
    interval_text,
    outcome_state,
    outcome_text,
    outcome_value_text,
    outcome_word,
    probability_text,
    quantity_name,
    required_text,
    value_text,
)
from jxforecast.labels import Lang, indicator_label, label, region_label, verdict_label

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    from jxforecast.feasibility.assessment import Assessment

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
    """A share (a coverage rate, a weight) in whole per cent."""
    return "" if p is None or (isinstance(p, float) and math.isnan(p)) else f"{100 * float(p):.0f}%"


def _prob(p: Any) -> str:
    """A probability: whole per cent, ``>99%`` and ``<1%`` at the ends (`probability_text`)."""
    return probability_text(p, "")


def _met_text(state: Any, lang: Lang) -> str:
    """The outcome judged: ``✓ 实现``, ``× 未实现`` (empty when not known)."""
    if state not in OUTCOME_COLOURS:
        return ""
    return f"{OUTCOME_SYMBOLS[state]} {outcome_word(state, lang)}"


def _num(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = float(x)
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.1f}"


def readable_summary(summary: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """The dashboard's assessed rows (`jxforecast.report.dashboard.summary_table`), readable.

    One probability (the one the verdict follows; the strict reading beside it only when it
    differs), numbers rounded as an economist writes them and headers in ``lang``.
    """
    h = HEADERS["zh" if lang == "zh" else "en"]
    done = summary[~summary["verdict"].isin(["refused", "failed"])]
    strict = [_prob(s) if _prob(s) != _prob(p) else ""
              for p, s in zip(done["probability"], done["probability_strict"], strict=True)]
    rows = [TargetRow.from_row(r) for r in done.to_dict("records")]
    states = (list(done["outcome_state"]) if "outcome_state" in done
              else [outcome_state(m, None) for m in done["met"]])
    view = pd.DataFrame({
        h["target_id"]: done["target_id"],
        h["indicator"]: [indicator_label(i, lang) for i in done["indicator"]],
        h["quote"]: done["quote"],
        h["as_of"]: done["as_of"].astype("Int64"),
        h["probability"]: [_prob(p) for p in done["probability"]],
        h["strict"]: strict,
        h["verdict"]: [verdict_label(v, lang) for v in done["verdict"]],
        h["median"]: [value_text(m, r, lang) for m, r in zip(done["median"], rows, strict=True)],
        h["interval"]: done["interval"],
        h["outcome"]: [outcome_value_text(o, r, lang) for o, r in zip(done["outcome"], rows, strict=True)],
        h["met"]: [_met_text(state, lang) for state in states],
        h["evidence"]: done["evidence"],
    })
    view.attrs["verdicts"] = list(done["verdict"])
    view.attrs["outcomes"] = states
    return view.reset_index(drop=True)


def styled_summary(summary: pd.DataFrame, lang: Lang = "zh") -> Styler:
    """`readable_summary` as a pandas Styler.

    Verdict colours, no index, the quote and the evidence wide enough for Chinese text
    (about 16 and 22 characters a line).
    """
    view = readable_summary(summary, lang)
    h = HEADERS["zh" if lang == "zh" else "en"]
    verdicts = view.attrs.get("verdicts", [])
    outcomes = view.attrs.get("outcomes", [])

    def colour(column: pd.Series) -> list[str]:
        return [f"color:{VERDICT_COLOURS.get(v, 'inherit')};font-weight:600" for v in verdicts]

    def judged(column: pd.Series) -> list[str]:
        return [f"color:{OUTCOME_COLOURS[s]};font-weight:600" if s in OUTCOME_COLOURS else "" for s in outcomes]

    return (view.style.hide(axis="index")
            .apply(colour, subset=[h["verdict"], h["probability"]])
            .apply(judged, subset=[h["outcome"], h["met"]])
            .set_properties(subset=[h["indicator"]], **{"width": "7em", "min-width": "7em"})
            .set_properties(subset=[h["quote"]], **{"width": "11em", "min-width": "11em", "white-space": "normal"})
            .set_properties(subset=[h["evidence"]], **{"width": "16em", "min-width": "16em", "white-space": "normal",
                                                        "font-size": "85%"})
            .set_properties(subset=[h["target_id"], h["as_of"], h["probability"], h["strict"], h["verdict"],
                                    h["median"], h["interval"], h["outcome"]], **{"white-space": "nowrap"})
            .set_properties(subset=[h["met"]], **{"width": "5em", "min-width": "5em"})
            .set_table_styles([{"selector": "", "props": "font-size:90%"},
                               {"selector": "th", "props": "text-align:left;white-space:nowrap"},
                               {"selector": "td", "props": "vertical-align:top;padding:3px 5px;text-align:left"}]))


SOURCE_HEADERS = {
    "zh": {"period": "年份", "value": "数值", "vintage": "发布年份", "source_quality": "来源类别", "derived": "推算",
           "source": "来源", "source_url": "网址", "quote": "原文"},
    "en": {"period": "year", "value": "value", "vintage": "vintage", "source_quality": "source", "derived": "derived",
           "source": "published by", "source_url": "address", "quote": "quote"},
}
QUALITY_ZH = {"official": "官方", "press": "媒体", "secondary": "转载"}
MODEL_HEADERS = {
    "zh": {"weight": "权重", "n_folds": "回测次数", "mae": "平均绝对误差", "rmse": "均方根误差", "bias": "偏差",
           "coverage_80": "80%区间覆盖率"},
    "en": {"weight": "weight", "n_folds": "backtest folds", "mae": "MAE", "rmse": "RMSE", "bias": "bias",
           "coverage_80": "80% coverage"},
}


def sources_view(history: pd.Series, lang: Lang = "zh") -> pd.DataFrame:
    """The figures behind a chart with their sources, official sources first, headers in ``lang``.

    Each source is named by its publisher and title (``国家统计局 · 2016年国民经济和社会发展统计公报``)
    beside its address; ``attrs["shares"]`` holds the sentence on the share of official, press
    and secondary figures that `sources_table` puts under the table.
    """
    from jxforecast.data.loader import series_sources
    from jxforecast.data.sources import QUALITIES, publisher, shares_sentence

    table = series_sources(history).assign(value=history.to_numpy())
    table = table.assign(source=[" · ".join(p for p in (publisher(u, lang), t) if p)
                                 for u, t in zip(table["source_url"], table["title"], strict=True)])
    rank = {q: i for i, q in enumerate(QUALITIES)}
    table = table.iloc[sorted(range(len(table)), key=lambda i: rank.get(table["source_quality"].iloc[i], len(rank)))]
    shares = shares_sentence(table["source_quality"], lang)
    table = table[["period", "value", "vintage", "source_quality", "derived", "source", "source_url", "quote"]]
    zh = lang == "zh"
    if zh:
        table = table.assign(source_quality=table["source_quality"].map(QUALITY_ZH).fillna(table["source_quality"]),
                             derived=table["derived"].map({True: "是", False: ""}))
    view = table.rename(columns=SOURCE_HEADERS["zh" if zh else "en"]).reset_index(drop=True)
    view.attrs["shares"] = shares
    return view


def sources_table(history: pd.Series, lang: Lang = "zh") -> Styler:
    """`sources_view` as shown on a page: each source a link named by publisher and title, the shares under it."""
    from html import escape

    view = sources_view(history, lang)
    h = SOURCE_HEADERS["zh" if lang == "zh" else "en"]
    links = [f'<a href="{escape(u, quote=True)}">{escape(name or u)}</a>' if u.startswith("http") else escape(name or u)
             for name, u in zip(view[h["source"]], view[h["source_url"]], strict=True)]
    shown = view.drop(columns=[h["source_url"]]).assign(**{h["source"]: links})
    return (shown.style.hide(axis="index")
            .format({h["quote"]: lambda v: escape(str(v))})
            .set_caption(escape(view.attrs["shares"]))
            .set_properties(subset=[h["quote"]], **{"white-space": "normal", "min-width": "16em"})
            .set_table_styles([{"selector": "caption", "props": "caption-side:bottom;text-align:left;font-size:90%"},
                               {"selector": "th", "props": "text-align:left"},
                               {"selector": "td", "props": "vertical-align:top;text-align:left"}]))


def models_view(model_table: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """`jxforecast.feasibility.build.model_table` as read: weights in per cent, errors in points."""
    out = model_table.copy()
    out["weight"] = [f"{100 * w:.0f}%" for w in out["weight"]]
    for column in ("mae", "rmse", "bias"):
        if column in out:
            out[column] = [_num(v) if abs(v) < 1000 else "" for v in out[column].fillna(float("nan"))]
    if "coverage_80" in out:
        out["coverage_80"] = [_pct(v) for v in out["coverage_80"]]
    if "n_folds" in out:
        out["n_folds"] = out["n_folds"].astype("Int64")
    return out.rename(columns=MODEL_HEADERS["zh" if lang == "zh" else "en"])


def required_sentence(assessment: Assessment, lang: Lang = "zh") -> str:
    """What the target needs, in one sentence, with the like-for-like comparison when there is one."""
    r: Mapping[str, Any] = assessment.required or {}
    if r.get("value") is None:
        return "无单一数值要求。" if lang == "zh" else "No single number is required."
    value, kind, pct = float(r["value"]), r.get("kind", ""), r.get("percentile")
    higher = assessment.target.higher_is_better
    reached = (100 - pct if higher else pct) if pct is not None else None
    real = r.get("real_equivalent")
    what = required_text(value, kind, assessment.target, lang)
    if lang == "zh":
        text = f"需要：{what}（{kind}）。"
        if real is not None:
            text += f"按模型假定的价格指数（年均约{r['deflator']:.1f}%），相当于实际增长约{real:.1f}%。"
        if reached is not None:
            text += f"本地区过去可比时期中约 {reached:.0f}% 达到过这一水平。"
        return text
    text = f"Required: {what} ({kind})."
    if real is not None:
        text += (f" At the deflator the paths assume (about {r['deflator']:.1f}% a year) that is about "
                 f"{real:.1f}% real growth.")
    if reached is not None:
        text += f" The region reached it in {reached:.0f}% of comparable past periods."
    return text


def track_view(scored: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """Past targets beside the probability they were given at the time and what happened."""
    zh = lang == "zh"
    yes, no = ("是", "否") if zh else ("yes", "no")
    h = HEADERS["zh" if zh else "en"]

    def flag(m: Any) -> str:
        return "" if m is None or (isinstance(m, float) and math.isnan(m)) else (yes if bool(m) else no)

    return pd.DataFrame({
        h["target_id"]: scored["target_id"],
        ("地区" if zh else "region"): [region_label(r, lang) for r in scored["region"]],
        h["year"]: scored["year"],
        h["indicator"]: [indicator_label(i, lang) for i in scored["indicator"]],
        h["quote"]: scored["quote"].astype(str).str.replace(r"\s+", " ", regex=True),
        h["as_of"]: scored["as_of"].astype("Int64"),
        ("当时概率（严格口径）" if zh else "probability then (strict)"):
            [_prob(p) for p in scored["probability_strict"]],
        h["verdict"]: [verdict_label(v, lang) for v in scored["verdict"]],
        h["outcome"]: [outcome_value_text(o, TargetRow.from_row(r), lang)
                       for o, r in zip(scored["outcome"], scored.to_dict("records"), strict=True)],
        ("严格实现" if zh else "met (strict)"): [flag(m) for m in scored["met_strict"]],
        h["met"]: [flag(m) for m in scored["met_tolerant"]],
    }).reset_index(drop=True)


def headline(assessment: Assessment, lang: Lang = "zh") -> str:
    """The answer in one Markdown heading and line: probability, verdict, median and 80% interval."""
    a = assessment
    prob = probability_text(a.probability)
    interval = interval_text(a.interval["lo"], a.interval["hi"], a.target, lang, "n/a")
    median = value_text(a.median, a.target, lang, "n/a")
    what = quantity_name(a.target, lang)
    return (f"### {label('probability', lang)}: {prob} · {label('verdict', lang)}: {verdict_label(a.verdict, lang)}"
            f"\n\n{what}: {label('median', lang)} {median}, {label('interval_80', lang)} {interval}")


def outcome_sentence(assessment: Assessment, lang: Lang = "zh") -> str:
    """Whether the target was met, in one sentence (or that the outcome is not yet known)."""
    a = assessment
    if a.outcome is None or a.met is None:
        return "结果尚未公布。" if lang == "zh" else "The outcome is not yet in the data."
    judged = outcome_text(a.outcome, a.met["tolerant"], a.met["strict"], a.target, lang)
    return f"实际结果：{judged}。" if lang == "zh" else f"Outcome: {judged}."


def refusals_view(summary: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """The dashboard's targets without a number: each with its wording and why (what to add)."""
    h = HEADERS["zh" if lang == "zh" else "en"]
    why = "原因及补充数据的方法" if lang == "zh" else "why, and what to add"
    rows = summary[summary["verdict"].isin(["refused", "failed"])]
    return pd.DataFrame({
        h["target_id"]: rows["target_id"],
        h["indicator"]: [indicator_label(i, lang) for i in rows["indicator"]],
        h["verdict"]: [("未评估" if lang == "zh" else "not assessed") if v == "refused"
                       else ("运行失败" if lang == "zh" else "failed") for v in rows["verdict"]],
        h["quote"]: rows["quote"],
        why: rows["note"],
    }).reset_index(drop=True)


def attainable_view(assessment: Assessment, values: Mapping[float, float], lang: Lang = "zh") -> pd.DataFrame:
    """The target value met with each probability (`attainable_values`), in the target's unit.

    Indexed by the probability; the column says what the values measure (growth %, the
    points of a gap, 亿元).
    """
    t = assessment.target
    zh = lang == "zh"
    column = (f"可达到的目标值：{quantity_name(t, lang)}" if zh
              else f"target value met: {quantity_name(t, lang)}")
    index = pd.Index([probability_text(p) for p in values], name="实现概率" if zh else "probability")
    return pd.DataFrame({column: [value_text(v, t, lang) for v in values.values()]}, index=index)
