"""Tables as an economist reads them.

Headers in the page's language (from the message catalogue, `jxforecast.i18n`),
probabilities as percentages, a dash where a number is not known, no index column, verdict
colours, widths that fit Chinese text.
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
from jxforecast.i18n import DASH, N_, decimal, percent, render, translate
from jxforecast.i18n.words import WORDS
from jxforecast.labels import Lang, indicator_label, label, region_label, verdict_label

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    from jxforecast.feasibility.assessment import Assessment

# column -> message id of its header
_HEADER_IDS = {c: f"col_{c}" for c in ("target_id", "year", "indicator", "quote", "as_of", "probability", "verdict",
                                       "median", "interval", "outcome", "met", "evidence", "strict")}


def _headers(ids: Mapping[str, str], lang: str) -> dict[str, str]:
    return {k: translate(v, lang) for k, v in ids.items()}  # type: ignore[arg-type]


def __getattr__(name: str) -> Any:
    """``HEADERS``, ``SOURCE_HEADERS``, ``MODEL_HEADERS`` (``{lang: {column: header}}``) and ``QUALITY_ZH``."""
    tables = {"HEADERS": _HEADER_IDS, "SOURCE_HEADERS": _SOURCE_IDS, "MODEL_HEADERS": _MODEL_IDS}
    if name in tables:
        return {lang: _headers(tables[name], lang) for lang in ("zh", "en")}
    if name == "QUALITY_ZH":
        return {q: translate(f"quality_{q}", "zh") for q in ("official", "press", "secondary")}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


VERDICT_COLOURS = {"likely": "#1a7f37", "attainable": "#4d7c0f", "stretch": "#b45309", "unlikely": "#b91c1c"}


def _pct(p: Any, missing: str = "") -> str:
    """A share (a coverage rate, a weight) in whole per cent; ``missing`` when not known (never ``nan%``)."""
    return percent(p, missing=missing)


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
    h = _headers(_HEADER_IDS, lang)
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
    h = _headers(_HEADER_IDS, lang)
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


_SOURCE_IDS = {c: f"col_{c}" for c in ("period", "value", "vintage", "source_quality", "derived", "source_url")}
_SOURCE_IDS["source"] = "col_source_publisher"
_SOURCE_IDS["quote"] = "col_source_quote"
_MODEL_IDS = {c: f"col_{c}" for c in ("model", "weight", "n_folds", "mae", "rmse", "bias", "coverage_80")}


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
    table = table.assign(
        vintage=[translate("vintage_final", lang) if v == "final" else v for v in table["vintage"]],
        source_quality=[translate(f"quality_{q}", lang) if isinstance(q, str) and q else "" for q in
                        table["source_quality"]],
        derived=table["derived"].map({True: translate("yes", lang), False: ""}))
    view = table.rename(columns=_headers(_SOURCE_IDS, lang)).reset_index(drop=True)
    view.attrs["shares"] = shares
    return view


def _figure(value: object) -> str:
    """A published figure as printed in its source: 7, 5509.52, -0.3 (a dash when missing)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return DASH if number != number else f"{number:.10g}"


def sources_table(history: pd.Series, lang: Lang = "zh") -> Styler:
    """`sources_view` as shown on a page: each source a link named by publisher and title, the shares under it."""
    from html import escape

    view = sources_view(history, lang)
    h = _headers(_SOURCE_IDS, lang)
    links = [f'<a href="{escape(u, quote=True)}">{escape(name or u)}</a>' if u.startswith("http") else escape(name or u)
             for name, u in zip(view[h["source"]], view[h["source_url"]], strict=True)]
    shown = view.drop(columns=[h["source_url"]]).assign(**{h["source"]: links})
    return (shown.style.hide(axis="index")
            .format({h["quote"]: lambda v: escape(str(v)), h["value"]: _figure})
            .set_caption(escape(view.attrs["shares"]))
            .set_properties(subset=[h["quote"]], **{"white-space": "normal", "min-width": "16em"})
            .set_table_styles([{"selector": "caption", "props": "caption-side:bottom;text-align:left;font-size:90%"},
                               {"selector": "th", "props": "text-align:left"},
                               {"selector": "td", "props": "vertical-align:top;text-align:left"}]))



def models_view(model_table: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """`jxforecast.feasibility.build.model_table` as read: models in words, weights in per cent, errors in points.

    The models are a column (no index column reaches the page); a weight the blend does
    not have (the blend itself) is a dash, never ``nan%``.
    """
    from jxforecast.feasibility.summary import component_name

    out = model_table.copy()
    if "model" not in out.columns:
        out = out.rename_axis("model").reset_index()
    out["model"] = [component_name(str(m), lang) for m in out["model"]]
    out["weight"] = [_pct(w, DASH) for w in out["weight"]]
    for column in ("mae", "rmse", "bias"):
        if column in out:
            out[column] = [_num(v) if abs(v) < 1000 else "" for v in out[column].fillna(float("nan"))]
    if "coverage_80" in out:
        out["coverage_80"] = [_pct(v) for v in out["coverage_80"]]
    if "n_folds" in out:  # a count, or a dash where a component was not backtested
        out["n_folds"] = [DASH if pd.isna(v) else str(int(v)) for v in out["n_folds"]]
    return out.rename(columns=_headers(_MODEL_IDS, lang)).reset_index(drop=True)


def required_sentence(assessment: Assessment, lang: Lang = "zh") -> str:
    """What the target needs, in one sentence, with the like-for-like comparison when there is one."""
    from jxforecast.feasibility.summary import kind_text

    r: Mapping[str, Any] = assessment.required or {}
    if r.get("value") is None:
        return translate("No single number is required.", lang)
    value, kind, pct = float(r["value"]), r.get("kind", ""), r.get("percentile")
    higher = assessment.target.higher_is_better
    reached = (100 - pct if higher else pct) if pct is not None else None
    real = r.get("real_equivalent")
    what = required_text(value, kind, assessment.target, lang)
    text = render("Required: {what} ({kind}).", {"what": what, "kind": kind_text(kind, lang)}, lang)
    if real is not None:
        text += render(" At the deflator the paths assume (about {deflator:.1f}% a year) that is about "
                       "{real:.1f}% real growth.", {"deflator": r["deflator"], "real": real}, lang)
    if reached is not None:
        text += render(" The region reached it in {reached:.0f}% of comparable past periods.",
                       {"reached": reached}, lang)
    return text


def track_view(scored: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """Past targets beside the probability they were given at the time and what happened."""
    yes, no = translate("yes", lang), translate("no", lang)
    h = _headers(_HEADER_IDS, lang)

    def flag(m: Any) -> str:
        return "" if m is None or (isinstance(m, float) and math.isnan(m)) else (yes if bool(m) else no)

    return pd.DataFrame({
        h["target_id"]: scored["target_id"],
        translate("col_region", lang): [region_label(r, lang) for r in scored["region"]],
        h["year"]: scored["year"],
        h["indicator"]: [indicator_label(i, lang) for i in scored["indicator"]],
        h["quote"]: scored["quote"].astype(str).str.replace(r"\s+", " ", regex=True),
        h["as_of"]: scored["as_of"].astype("Int64"),
        translate("col_probability_then", lang):
            [_prob(p) for p in scored["probability_strict"]],
        h["verdict"]: [verdict_label(v, lang) for v in scored["verdict"]],
        h["outcome"]: [outcome_value_text(o, TargetRow.from_row(r), lang)
                       for o, r in zip(scored["outcome"], scored.to_dict("records"), strict=True)],
        translate("col_met_strict", lang): [flag(m) for m in scored["met_strict"]],
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
        return translate("The outcome is not yet in the data.", lang)
    judged = outcome_text(a.outcome, a.met["tolerant"], a.met["strict"], a.target, lang)
    return render("Outcome: {judged}.", {"judged": judged}, lang)


def refusals_view(summary: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """The dashboard's targets without a number: each with its wording and why (what to add)."""
    h = _headers(_HEADER_IDS, lang)
    why = translate("col_why", lang)
    rows = summary[summary["verdict"].isin(["refused", "failed"])]
    return pd.DataFrame({
        h["target_id"]: rows["target_id"],
        h["indicator"]: [indicator_label(i, lang) for i in rows["indicator"]],
        h["verdict"]: [translate("not assessed", lang) if v == "refused" else translate("failed", lang)
                       for v in rows["verdict"]],
        h["quote"]: rows["quote"],
        why: [refusal_text(n, lang) for n in rows["note"]],
    }).reset_index(drop=True)


def refusal_text(note: Any, lang: Lang = "zh") -> str:
    """Why a target has no number, in ``lang`` (a sentence of the catalogue, read back when needed)."""
    from jxforecast.caveats import caveat_text

    return "" if note is None or (isinstance(note, float) and math.isnan(note)) else caveat_text(str(note), lang)


def attainable_view(assessment: Assessment, values: Mapping[float, float], lang: Lang = "zh") -> pd.DataFrame:
    """The target value met with each probability (`attainable_values`), in the target's unit.

    One row per probability (a column, not an index); the other column says what the
    values measure (growth %, the points of a gap, 亿元).
    """
    t = assessment.target
    column = render("target value met: {quantity}", {"quantity": quantity_name(t, lang)}, lang)
    return pd.DataFrame({translate("col_probability", lang): [probability_text(p) for p in values],
                         column: [value_text(v, t, lang) for v in values.values()]})


def heading(key: str, lang: Lang = "zh", level: int = 2) -> str:
    """A page section's heading as Markdown (``## 预测扇形图``), in the page's language."""
    return f"{'#' * level} {label(f'heading_{key}', lang)}"


def section(key: str, lang: Lang = "zh", level: int = 3) -> str:
    """A section's heading and the paragraph that says what it shows (word ``text_<key>``), as Markdown."""
    return f"{heading(key, lang, level)}\n\n{label(f'text_{key}', lang)}"


def page_intro(kind: str, lang: Lang = "zh") -> str:
    """A page's title and what it shows, as Markdown."""
    return f"# {label(f'title_{kind}', lang)}\n\n{label(f'intro_{kind}', lang)}"


def table_html(frame: pd.DataFrame) -> str:
    """A table as HTML without its index column (what a page shows of a frame)."""
    return frame.to_html(index=False, na_rep=DASH, escape=True)


def check_lines(assessment: Assessment, lang: Lang = "zh") -> str:
    """The verdict, the probabilities, the median and the interval in three lines (what nbval checks)."""
    a, t = assessment, assessment.target
    return "\n".join((
        render("verdict: {verdict}", {"verdict": verdict_label(a.verdict, lang) if lang == "zh" else a.verdict},
               lang),
        render("probability: {probability} (strict {strict})",
               {"probability": probability_text(a.probability), "strict": probability_text(a.probability_strict)},
               lang),
        render("median: {median}, interval: {interval}",
               {"median": value_text(a.median, t, lang),
                "interval": interval_text(a.interval["lo"], a.interval["hi"], t, lang)}, lang),
    ))


# ----------------------------------------------------------------------------- the plan dashboard
def dashboard_counts(table: pd.DataFrame, assessments: Mapping[Any, Any], lang: Lang = "zh") -> str:
    """How many targets the dashboard lists and how many assessments it shows, in one line."""
    return render("{targets} targets, {assessments} assessments",
                  {"targets": table["target_id"].nunique(), "assessments": len(assessments)}, lang)


def summary_check_lines(summary: pd.DataFrame, lang: Lang = "zh") -> str:
    """The dashboard's ids, probabilities and verdicts as plain text (what nbval checks)."""
    if lang == "en":
        view = pd.DataFrame({"target_id": summary["target_id"],
                             "probability": summary["probability"].map(probability_text),
                             "verdict": summary["verdict"]})
    else:
        view = pd.DataFrame({translate("col_target_id", lang): summary["target_id"],
                             translate("col_probability", lang): [probability_text(p, DASH)
                                                                  for p in summary["probability"]],
                             translate("col_verdict", lang): [verdict_label(str(v), lang) for v in summary["verdict"]]})
    return view.to_string(index=False)


def refusals_html(summary: pd.DataFrame, lang: Lang = "zh") -> str:
    """`refusals_view` as HTML, or a sentence saying that every target has a number."""
    view = refusals_view(summary, lang)
    if len(view):
        return table_html(view)
    return "<p>" + translate("Every target was assessed.", lang) + "</p>"


# ----------------------------------------------------------------------------- exploring the series
_AVAILABLE_IDS = {c: f"col_{c}" for c in ("region", "indicator", "freq", "measure", "first", "last", "periods",
                                           "rows")}


def available_view(available: pd.DataFrame, regions: list[str], indicators: list[str],
                   lang: Lang = "zh") -> pd.DataFrame:
    """`jxforecast.list_series` for ``regions`` and ``indicators``: names in ``lang``, no index column."""
    from jxforecast.labels import measure_word

    rows = available[available["region"].isin(regions) & available["indicator"].isin(indicators)]
    view = rows[list(_AVAILABLE_IDS)].assign(
        region=[region_label(r, lang) for r in rows["region"]],
        indicator=[indicator_label(i, lang) for i in rows["indicator"]],
        freq=[translate(f"freq_{f}", lang) if f in ("A", "Q", "M") else f for f in rows["freq"]],
        measure=[measure_word(m, lang) for m in rows["measure"]])
    return view.rename(columns=_headers(_AVAILABLE_IDS, lang)).reset_index(drop=True)


def comparison_title(indicator: str, measure: str, lang: Lang = "zh") -> str:
    """A comparison chart's title: the indicator in words and its measure (``地区生产总值（实际增速）``)."""
    from jxforecast.labels import measure_word

    if lang == "en":
        return f"{indicator_label(indicator, lang)} ({measure})"
    return f"{indicator_label(indicator, lang)}（{measure_word(measure, lang)}）"


def missing_series_line(indicator: str, measure: str, regions: list[str], lang: Lang = "zh") -> str:
    """That no region has figures of the indicator's measure."""
    from jxforecast.i18n import join

    where = ", ".join(regions) if lang == "en" else join([region_label(r, lang) for r in regions], lang)
    return render("{indicator}: no {measure} figures for {regions}",
                  {"indicator": indicator, "measure": measure, "regions": where}, lang)


def series_heading(region: str, indicator: str, lang: Lang = "zh") -> str:
    """A series' name in bold Markdown (``**嘉兴市 · 地区生产总值**``)."""
    return f"**{region_label(region, lang)} · {indicator_label(indicator, lang)}**"


def series_check_lines(series: Mapping[str, Mapping[str, pd.Series]], lang: Lang = "zh") -> str:
    """Each series' count, span and last figure, one line each (what nbval checks)."""
    return "\n".join(
        render("{region} {indicator}: {n} figures {first}-{last}, last {value:.1f}",
               {"region": r, "indicator": ind, "n": len(s), "first": s.index.min(), "last": s.index.max(),
                "value": float(s.iloc[-1])}, lang)
        for ind, group in series.items() for r, s in group.items())


# ----------------------------------------------------------------------------- the track record
def track_counts(n_targets: int, table: pd.DataFrame, scored: pd.DataFrame, lang: Lang = "zh") -> str:
    """How many past targets have an outcome, how many were assessed and how many refused."""
    return render("{n} targets with an outcome, {assessed} assessed, {refused} refused",
                  {"n": n_targets, "assessed": len(scored), "refused": len(table) - len(scored)}, lang)


def brier_lines(scores: Mapping[str, Any], lang: Lang = "zh") -> str:
    """`jxforecast.report.dashboard.brier_scores` one per line, and what they mean (what nbval checks)."""
    from jxforecast.feasibility.evaluation import reading

    lines = []
    for key, val in scores.items():
        name = key if lang == "en" else translate(f"score_{key}", lang)
        number = f"{val:.3f}" if isinstance(val, float) else f"{val}"
        if lang != "en" and isinstance(val, float) and math.isnan(val):
            number = DASH
        lines.append(f"{name}: {number}" if lang == "en" else f"{name}：{number}")
    if scores["n"]:
        rule = translate(N_("always answering the base rate"), lang)
        lines.append(reading(scores["brier"], scores["brier_base_rate"], rule, lang))
    return "\n".join(lines)


_PANEL_IDS = {c: f"col_{c}" for c in ("year", "level", "method", "n", "mean_p", "brier", "log_score", "ece",
                                       "coverage_50", "coverage_80", "mean_pit")}
_PANEL_IDS["met"] = "col_share_met"


def _three(x: Any) -> str:
    return decimal(x, "en", 3)


def panel_view(scores: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """`jxforecast.feasibility.evaluation.panel_scores` as read: headers and groups in ``lang``, no index."""
    out = scores.copy()
    group = str(out.columns[0])
    if group == "all":
        out = out.drop(columns=[group])
    elif group == "level":
        out[group] = [translate(f"level_{v}", lang) if f"level_{v}" in WORDS else v for v in out[group]]
    out["n"] = out["n"].astype("Int64")
    for column in ("mean_p", "met", "brier", "log_score", "ece"):
        out[column] = [_three(v) for v in out[column]]
    return out.rename(columns=_headers(_PANEL_IDS, lang)).reset_index(drop=True)


def panel_year_view(scores: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """The Brier score of each method by year (`panel_scores` of group ``year``): a year column, no index."""
    wide = scores.pivot(index="year", columns="method", values="brier")
    wide = wide[list(dict.fromkeys(scores["method"]))]  # the methods in the order of the scores
    out = wide.map(_three).reset_index().rename(columns={"year": translate("col_year", lang)})
    out.columns.name = None
    return out


def intervals_view(intervals: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """`jxforecast.feasibility.evaluation.panel_intervals` as read: coverage in per cent, headers in ``lang``."""
    out = intervals.copy()
    out.columns = ["method", "n", "coverage_50", "coverage_80", "mean_pit"]
    out["n"] = out["n"].astype("Int64")
    out["coverage_50"] = [_pct(v, DASH) for v in out["coverage_50"]]
    out["coverage_80"] = [_pct(v, DASH) for v in out["coverage_80"]]
    out["mean_pit"] = [decimal(v, "en", 2) for v in out["mean_pit"]]
    return out.rename(columns=_headers(_PANEL_IDS, lang)).reset_index(drop=True)
