"""Charts for the reports: fan chart, scenario curve, calibration diagram, series comparison.

Every function returns a `matplotlib.figure.Figure` drawn on the Agg canvas, never through
pyplot's global figure list (so a batch of pages leaks no figures, and nothing pops up).
Text is in Chinese (``lang="zh"``, with the packaged CJK font) or English. Sizes suit a
phone screen: 7 × 4 in at 110 dpi. `fig_to_base64_png` embeds a figure in HTML.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from jxforecast.errors import ParameterError, UnknownNameError
from jxforecast.feasibility.quantity import is_gap, quantity_name
from jxforecast.labels import (
    Lang,
    check_lang,
    indicator_label,
    label,
    measure_label,
    region_label,
    verdict_label,
)
from jxforecast.report.fonts import use_cjk_font

if TYPE_CHECKING:
    from jxforecast.feasibility.assessment import Assessment

FIGSIZE = (7.0, 4.0)
DPI = 110
BANDS = (0.95, 0.8, 0.5)  # widest first, so narrower bands are drawn on top
_BAND_ALPHA = {0.95: 0.15, 0.8: 0.25, 0.5: 0.4}
FAN_COLOR = "#1f77b4"
TARGET_COLOR = "#d62728"
OUTCOME_COLOR = "#2ca02c"
HISTORY_COLOR = "#333333"
# measures whose simulated outcome is not on the scale of the history (yoy growth)
_OFF_SCALE = ("multiple", "change_pct")


# ----------------------------------------------------------------------------- helpers
def _figure(figsize: tuple[float, float] = FIGSIZE) -> Figure:
    use_cjk_font()
    fig = Figure(figsize=figsize, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def fig_to_png_bytes(fig: Figure, dpi: int | None = None) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, bbox_inches="tight")
    return buf.getvalue()


def fig_to_base64_png(fig: Figure, dpi: int | None = None) -> str:
    """The figure as base64 PNG text, for ``<img src="data:image/png;base64,...">``."""
    return base64.b64encode(fig_to_png_bytes(fig, dpi)).decode("ascii")


def _x_positions(index: pd.Index) -> np.ndarray:
    """Fractional years for a PeriodIndex/DatetimeIndex/year index (annual periods at the year)."""
    if isinstance(index, pd.PeriodIndex):
        freq = index.freqstr or ""
        if freq.startswith(("Y", "A")):
            return np.asarray(index.year, dtype=float)
        start = index.start_time
        return np.asarray(start.year + (start.dayofyear - 1) / 365.25, dtype=float)
    if isinstance(index, pd.DatetimeIndex):
        return np.asarray(index.year + (index.dayofyear - 1) / 365.25, dtype=float)
    return np.asarray(pd.to_numeric(pd.Index(index), errors="coerce"), dtype=float)


def _clean_series(series: pd.Series | None) -> tuple[np.ndarray, np.ndarray]:
    if series is None or len(series) == 0:
        return np.array([]), np.array([])
    x = _x_positions(series.index)
    y = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    order = np.argsort(x[keep])
    return x[keep][order], y[keep][order]


def _with_gaps(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Annual points with NaN at missing years, so that no line is drawn across a gap."""
    if not len(x) or not np.allclose(x, np.round(x)):
        return x, y
    years = np.arange(int(round(x[0])), int(round(x[-1])) + 1, dtype=float)
    full = np.full(len(years), np.nan)
    full[np.searchsorted(years, np.round(x))] = y
    return years, full


def _finite_paths(assessment: Assessment) -> np.ndarray:
    paths = getattr(assessment, "paths", None)
    if paths is None:
        return np.array([])
    arr: npt.NDArray[np.float64] = np.asarray(paths, dtype=float).ravel()
    finite: npt.NDArray[np.float64] = arr[np.isfinite(arr)]
    return finite


def _num(x: float) -> str:
    """A value for a legend: 6.6, 2.1, 10,000, 6,431."""
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _pct(p: float | None) -> str:
    from jxforecast.feasibility.quantity import probability_text

    return probability_text(p, "—")


def _legend(ax: Axes, **kwargs: Any) -> None:
    """A legend of the labelled artists of ``ax``; none when nothing on it is labelled."""
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        ax.legend(**kwargs)


def _title(assessment: Assessment, lang: Lang, last_data_year: int | None = None) -> str:
    """Title and subtitle.

    The subtitle gives the last year of data drawn, and the assessment's ``as_of`` when the
    data end earlier.
    """
    t = assessment.target
    try:
        ind = indicator_label(t.indicator, lang)
    except UnknownNameError:  # an indicator the registry does not know: keep its id
        ind = t.indicator
    head = f"{region_label(t.region, lang)} · {ind} · {t.year}"
    quote = (t.quote or "").strip()
    if quote and lang == "zh" and len(quote) <= 24:
        head += f"：{quote}"
    last = last_data_year if last_data_year is not None else assessment.as_of
    sub = (
        f"{label('probability', lang)} {_pct(assessment.probability)} · "
        f"{verdict_label(assessment.verdict, lang)} · {label('as_of', lang)} {last}"
    )
    if last != assessment.as_of:
        sub += f" · {label('assessed_as_of', lang)} {assessment.as_of}"
    return f"{head}\n{sub}"


def _target_lines(ax: Axes, assessment: Assessment, lang: Lang) -> None:
    t = assessment.target
    if t.value is not None and math.isfinite(t.value):
        ax.axhline(
            t.value,
            color=TARGET_COLOR,
            ls="--",
            lw=1.2,
            label=f"{label('target', lang)} {_num(t.value)}",
        )
    if t.value_high is not None and math.isfinite(t.value_high):
        ax.axhline(
            t.value_high,
            color=TARGET_COLOR,
            ls=":",
            lw=1.2,
            label=f"{label('target_high', lang)} {_num(t.value_high)}",
        )


def _outcome_marker(ax: Axes, x: float, assessment: Assessment, lang: Lang) -> None:
    outcome = getattr(assessment, "outcome", None)
    if outcome is not None and math.isfinite(outcome):
        ax.plot(
            [x],
            [outcome],
            marker="*",
            ms=13,
            color=OUTCOME_COLOR,
            ls="none",
            zorder=5,
            label=f"{label('outcome', lang)} {_num(outcome)}",
        )


def _bands(values: np.ndarray) -> dict[float, tuple[float, float]]:
    return {
        lv: (float(np.quantile(values, (1 - lv) / 2)), float(np.quantile(values, 1 - (1 - lv) / 2)))
        for lv in BANDS
    }


# ----------------------------------------------------------------------------- fan chart
def _draw_fan(
    ax: Axes, xs: tuple[float, float], bands: dict[float, tuple[float, float]], median: float, lang: Lang,
    start: float | None = None,
) -> None:
    """Interval bands and the median line over ``xs``.

    A fan from ``start`` (the last observation) when given, flat blocks otherwise.
    """
    for lv in BANDS:
        lo, hi = bands[lv]
        lower, upper = ([start, lo], [start, hi]) if start is not None else (lo, hi)
        ax.fill_between(list(xs), lower, upper, color=FAN_COLOR, alpha=_BAND_ALPHA[lv], lw=0,
                        label=label(f"interval_{int(lv * 100)}", lang))
    ax.plot(list(xs), [median if start is None else start, median], color=FAN_COLOR, ls="--", lw=1.2,
            label=f"{label('median', lang)} {_num(median)}")


def fan_chart(assessment: Assessment, history: pd.Series | None, lang: Lang = "zh") -> Figure:
    """History, the fan of simulated outcomes for the target year, the target and the outcome.

    Only the target year's outcomes are simulated, so the 50/80/95 % bands are drawn at the
    target year and joined to the last observation. For targets whose outcome is on another
    scale than the history (a multiple of the base year, a cumulative change) the outcome
    distribution gets its own panel on the right.
    """
    check_lang(lang)
    t = assessment.target
    fig = _figure()
    hx, hy = _clean_series(history)
    paths = _finite_paths(assessment)
    year = float(t.year)
    gap = is_gap(t)  # an in-step goal: the paths are the growth gap, on a scale of their own
    same_scale = t.measure not in _OFF_SCALE and not gap

    if same_scale:
        ax = fig.add_subplot(1, 1, 1)
        out_ax = ax
    else:
        grid = fig.add_gridspec(1, 2, width_ratios=(3, 1.2), wspace=0.35)
        ax = fig.add_subplot(grid[0, 0])
        out_ax = fig.add_subplot(grid[0, 1])

    if len(hx):
        gx, gy = _with_gaps(hx, hy)
        borrowed = (history.attrs.get("borrowed_from") if history is not None else None)
        if borrowed and history is not None:  # the series the model used: an ancestor's, moved onto the region
            name = label("borrowed_series", lang).format(
                source=region_label(borrowed, lang), region=region_label(history.attrs["borrowed_for"], lang))
            ax.plot(gx, gy, color=HISTORY_COLOR, marker="o", ms=3, lw=1.4, ls="--", label=name)
        else:
            ax.plot(gx, gy, color=HISTORY_COLOR, marker="o", ms=3, lw=1.4, label=label("history", lang))

    if len(paths):
        bands = _bands(paths)
        median = float(np.median(paths))
        if same_scale and len(hx) and hx[-1] < year:
            _draw_fan(ax, (hx[-1], year), bands, median, lang, start=hy[-1])
        elif same_scale:  # no observation before the target year: bands at the target year only
            _draw_fan(ax, (year - 0.3, year + 0.3), bands, median, lang)
        else:
            _draw_fan(out_ax, (-0.4, 0.4), bands, median, lang)

    if same_scale:
        _target_lines(ax, assessment, lang)
        _outcome_marker(ax, year, assessment, lang)
    else:
        _target_lines(out_ax, assessment, lang)
        if gap:  # in step: a gap of zero (the outcome is the indicator's own growth, not a gap)
            out_ax.axhline(0.0, color=TARGET_COLOR, ls="--", lw=1.2, label=f"{label('target', lang)} 0")
        else:
            _outcome_marker(out_ax, 0.0, assessment, lang)
        out_ax.set_xlim(-1, 1)
        out_ax.set_xticks([0])
        out_ax.set_xticklabels([str(t.year)])
        out_ax.set_ylabel(quantity_name(t, lang) if gap else measure_label(t.measure, lang, t.unit), fontsize=9)
        out_ax.set_title(label("outcome_distribution", lang), fontsize=9)
        out_ax.grid(axis="y", alpha=0.3)
        _legend(out_ax, fontsize=7, loc="best", framealpha=0.8)

    ax.set_xlabel(label("year", lang))
    hist_measure = _series_measure(history)
    ax.set_ylabel(
        measure_label(t.measure if same_scale else (hist_measure or t.measure), lang, t.unit)
    )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.grid(alpha=0.3)
    _legend(ax, fontsize=7, loc="best", framealpha=0.8, ncol=2 if same_scale else 1)
    last = int(round(hx[-1])) if len(hx) and np.isclose(hx[-1], round(hx[-1])) else None
    fig.suptitle(_title(assessment, lang, last), fontsize=10)
    fig.subplots_adjust(top=0.84, bottom=0.13, left=0.1, right=0.97)
    return fig


def _series_measure(series: pd.Series | None) -> str | None:
    """The measure in a loaded series' name (``jiaxing.gdp.yoy_real``), if any."""
    name = getattr(series, "name", None)
    if isinstance(name, str) and name.count(".") >= 2:
        return name.rsplit(".", 1)[1]
    return None


# ----------------------------------------------------------------------------- scenario chart
def scenario_chart(curve: pd.DataFrame, assessment: Assessment, lang: Lang = "zh") -> Figure:
    """Probability of meeting the target as a function of the target value (`scenario_curve`)."""
    check_lang(lang)
    missing = {"value", "probability"} - set(curve.columns)
    if missing:
        raise ParameterError(
            f"The scenario curve lacks the column(s) {', '.join(sorted(missing))}."
        )
    t = assessment.target
    fig = _figure()
    ax = fig.add_subplot(1, 1, 1)
    data = curve.sort_values("value")
    ax.plot(
        data["value"],
        data["probability"],
        color=FAN_COLOR,
        lw=1.8,
        label=label("probability", lang),
    )
    if "probability_strict" in data and not np.allclose(
        data["probability_strict"].to_numpy(float),
        data["probability"].to_numpy(float),
        equal_nan=True,
    ):
        ax.plot(
            data["value"],
            data["probability_strict"],
            color=FAN_COLOR,
            lw=1.2,
            ls="--",
            label=label("probability_strict", lang),
        )
    for p, style in ((0.5, "-."), (0.8, ":")):
        ax.axhline(p, color="grey", ls=style, lw=1, label=label(f"prob_{int(p * 100)}", lang))
    if t.value is not None and math.isfinite(t.value):
        ax.axvline(
            t.value,
            color=TARGET_COLOR,
            ls="--",
            lw=1.2,
            label=f"{label('actual_target', lang)} {_num(t.value)}",
        )
        if assessment.probability is not None:
            ax.plot(
                [t.value], [assessment.probability], marker="o", color=TARGET_COLOR, ms=7, zorder=5
            )
            ax.annotate(
                _pct(assessment.probability),
                (t.value, assessment.probability),
                textcoords="offset points",
                xytext=(6, 6),
                fontsize=9,
                color=TARGET_COLOR,
            )
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    what = quantity_name(t, lang) if is_gap(t) else measure_label(t.measure, lang, t.unit)
    ax.set_xlabel(f"{label('target_value', lang)}: {what}")
    ax.set_ylabel(label("probability", lang))
    ax.grid(alpha=0.3)
    _legend(ax, fontsize=7, loc="best", framealpha=0.8)
    fig.suptitle(
        f"{label('scenario_title', lang)}\n{_title(assessment, lang).splitlines()[0]}", fontsize=10
    )
    fig.subplots_adjust(top=0.84, bottom=0.14, left=0.1, right=0.97)
    return fig


# ----------------------------------------------------------------------------- calibration chart
def calibration_table(df: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """Per probability bin: mean forecast ``p``, observed share ``met``, count ``n``."""
    if bins < 1:
        raise ParameterError(f"bins must be at least 1, not {bins}.")
    missing = {"p", "met"} - set(df.columns)
    if missing:
        raise ParameterError(
            f"The calibration table lacks the column(s) {', '.join(sorted(missing))}."
        )
    p = pd.to_numeric(df["p"], errors="coerce")
    met = df["met"]
    keep = p.notna() & met.notna()
    p, met = p[keep].clip(0, 1).astype(float), met[keep].astype(bool).astype(float)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p.to_numpy(), edges[1:-1], right=False), 0, bins - 1)
    rows = []
    for b in range(bins):
        sel = which == b
        n = int(sel.sum())
        rows.append(
            {
                "lo": edges[b],
                "hi": edges[b + 1],
                "n": n,
                "p": float(p.to_numpy()[sel].mean()) if n else np.nan,
                "met": float(met.to_numpy()[sel].mean()) if n else np.nan,
            }
        )
    return pd.DataFrame(rows)


def calibration_chart(df: pd.DataFrame | None, lang: Lang = "zh", bins: int = 5,
                      table: pd.DataFrame | None = None) -> Figure:
    """Reliability diagram: forecast probability vs how often targets were met, with counts.

    ``df`` holds one row per target (``p``, ``met``); or pass ``table``, already binned
    (``lo``, ``hi``, ``n``, ``p``, ``met``: e.g. the city panel's shipped evaluation).
    """
    check_lang(lang)
    if table is None:
        table = calibration_table(df if df is not None else pd.DataFrame(columns=["p", "met"]), bins)
    else:
        bins = len(table)
    fig = _figure((7.0, 4.6))
    grid = fig.add_gridspec(2, 1, height_ratios=(3, 1), hspace=0.08)
    ax = fig.add_subplot(grid[0, 0])
    cax = fig.add_subplot(grid[1, 0], sharex=ax)
    ax.plot([0, 1], [0, 1], color="grey", ls="--", lw=1, label=label("perfect_calibration", lang))
    used = table[table["n"] > 0]
    if len(used):
        sizes = 20 + 180 * used["n"] / used["n"].max()
        ax.plot(used["p"], used["met"], color=FAN_COLOR, lw=1.2)
        ax.scatter(
            used["p"],
            used["met"],
            s=sizes,
            color=FAN_COLOR,
            zorder=5,
            label=label("observed_frequency", lang),
        )
        for _, row in used.iterrows():
            ax.annotate(
                f"n={int(row['n'])}",
                (row["p"], row["met"]),
                textcoords="offset points",
                xytext=(6, -12),
                fontsize=8,
            )
    else:
        ax.text(0.5, 0.5, "—", ha="center", va="center", fontsize=14, color="grey")
    width = 1.0 / bins
    cax.bar(table["lo"] + width / 2, table["n"], width=width * 0.9, color=FAN_COLOR, alpha=0.5)
    for _, row in table.iterrows():
        if row["n"]:
            cax.annotate(
                str(int(row["n"])),
                (row["lo"] + width / 2, row["n"]),
                ha="center",
                va="bottom",
                fontsize=8,
            )
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.03, 1.03)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.tick_params(labelbottom=False)
    ax.set_ylabel(label("observed_frequency", lang))
    ax.grid(alpha=0.3)
    _legend(ax, fontsize=7, loc="upper left", framealpha=0.8)
    cax.set_xlabel(label("forecast_probability", lang))
    cax.set_ylabel(label("count", lang))
    cax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    if len(table):
        cax.set_ylim(0, max(1, int(table["n"].max())) * 1.35)
    total = int(table["n"].sum())
    fig.suptitle(f"{label('calibration_title', lang)} ({label('n', lang)}={total})", fontsize=10)
    fig.subplots_adjust(top=0.9, bottom=0.12, left=0.12, right=0.97)
    return fig


# ----------------------------------------------------------------------------- series chart
def series_chart(series: Mapping[str, pd.Series], lang: Lang = "zh", title: str = "") -> Figure:
    """Several series on one chart (e.g. one indicator for several regions); keys name the lines."""
    check_lang(lang)
    fig = _figure()
    ax = fig.add_subplot(1, 1, 1)
    drawn = 0
    for name, s in series.items():
        x, y = _clean_series(s)
        if not len(x):
            continue
        ax.plot(x, y, marker="o", ms=3, lw=1.4, label=region_label(str(name), lang))
        drawn += 1
    if not drawn:
        ax.text(
            0.5,
            0.5,
            "—",
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontsize=14,
            color="grey",
        )
    measures = {_series_measure(s) for s in series.values()}
    only = measures.pop() if len(measures) == 1 else None
    if only is not None:
        ax.set_ylabel(measure_label(only, lang))
    ax.set_xlabel(label("year", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.grid(alpha=0.3)
    if drawn:
        _legend(ax, fontsize=8, loc="best", framealpha=0.8)
    fig.suptitle(title or label("series_title", lang), fontsize=10)
    fig.subplots_adjust(top=0.9, bottom=0.13, left=0.1, right=0.97)
    return fig
