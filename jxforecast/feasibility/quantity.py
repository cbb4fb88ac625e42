"""What a printed number measures, in which unit, and whether an outcome met its target.

Every page, table and workbook prints an assessment's numbers through these helpers, so a
median, an interval, a requirement and an outcome always say what they are:

- `probability_text`: a probability in whole per cent, ``>99%`` and ``<1%`` at the ends;
- `quantity_name`: what the median, interval and outcome measure (``实际增速（%）``, the
  income-minus-GDP growth gap in points, a level in 亿元);
- `value_text`: a number rounded as an economist writes it, with its unit;
- `outcome_state` and `outcome_text`: met, met only within the tolerance, or missed.
"""

from __future__ import annotations

import math
from typing import Any, Literal, NamedTuple, Protocol

from jxforecast.i18n import N_, check_lang, is_missing, render, translate


class Target(Protocol):
    """What the helpers read of a target (`jxforecast.targets.target.Target` has it all)."""

    @property
    def indicator(self) -> str: ...  # noqa: D102
    @property
    def operator(self) -> str: ...  # noqa: D102
    @property
    def measure(self) -> str: ...  # noqa: D102
    @property
    def unit(self) -> str: ...  # noqa: D102
    @property
    def value(self) -> float | None: ...  # noqa: D102
    @property
    def reference(self) -> str | None: ...  # noqa: D102


class TargetRow(NamedTuple):
    """The fields of a target a table row carries (`Target` for a row of a results table)."""

    indicator: str
    operator: str
    measure: str
    unit: str
    value: float | None
    reference: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> TargetRow:
        """From a mapping with ``indicator``, ``operator``, ``value`` and, when known, ``measure``, ``unit``."""
        from jxforecast.registry import get_indicator

        measure, unit = row.get("measure"), row.get("unit")
        if _missing_text(measure):  # an older table: the indicator's usual growth rate
            basis = get_indicator(str(row["indicator"])).basis
            measure, unit = {"real": "yoy_real", "nominal": "yoy_nominal"}.get(basis, "rate"), "pct"
        value = row.get("value")
        ref = row.get("reference")
        return cls(str(row["indicator"]), str(row.get("operator") or ""), str(measure), str(unit or ""),
                   None if is_missing(value) else float(value), None if _missing_text(ref) else str(ref))


def _missing_text(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) == ""

OutcomeState = Literal["met", "tolerance", "missed"]
"""``met`` (as written), ``tolerance`` (met only within the tolerance of a ``~`` target), ``missed``."""

OUTCOME_COLOURS: dict[str, str] = {"met": "#1a7f37", "tolerance": "#4d7c0f", "missed": "#b91c1c"}
OUTCOME_SYMBOLS: dict[str, str] = {"met": "✓", "tolerance": "✓", "missed": "×"}
_OUTCOME_WORDS: dict[str, str] = {  # message ids of the catalogue (`jxforecast.i18n`)
    "met": N_("outcome_met"),
    "tolerance": N_("outcome_tolerance"),
    "missed": N_("outcome_missed"),
}
_PERCENT_MEASURES = ("yoy_real", "yoy_nominal", "share", "rate", "change_pct", "cagr")


def probability_text(p: float | None, missing: str = "n/a") -> str:
    """A probability in whole per cent, never a certainty a finite simulation cannot show.

    Above 99 % it reads ``>99%`` and below 1 % ``<1%``: a share of simulated paths near
    0 or 1 says only that the outcome lies beyond what the paths resolve.

    >>> probability_text(0.366), probability_text(1.0), probability_text(0.001)
    ('37%', '>99%', '<1%')
    """
    if is_missing(p):
        return missing
    q = float(p)  # type: ignore[arg-type]
    if q > 0.99:
        return ">99%"
    if q < 0.01:
        return "<1%"
    return f"{100 * q:.0f}%"


def is_gap(target: Target) -> bool:
    """Whether the target's numbers are a growth gap (an in-step goal: income growth minus GDP growth)."""
    return target.operator == "sync"


def quantity_name(target: Target, lang: str = "zh") -> str:
    """What the median, interval and outcome of *target* measure, with the unit.

    ``实际增速（%）`` / ``real growth (%)``; for an in-step goal the gap of the indicator's
    growth over its reference's in points; for a level its unit (``总量（亿元）``).
    """
    from jxforecast.labels import indicator_label, measure_label

    language = check_lang(lang)
    zh = language == "zh"
    if is_gap(target):
        income = target.indicator.startswith("income")
        a = translate("word_income", language) if income else indicator_label(target.indicator, language)
        b = "GDP" if (target.reference or "gdp") == "gdp" else indicator_label(str(target.reference), language)
        return render("{a} growth minus {b} growth (percentage points)", {"a": a, "b": b}, language)
    text = measure_label(target.measure, language, target.unit)
    return text.replace(" (", "（").replace(")", "）") if zh else text[:1].lower() + text[1:]


def digits_for(target: Target, x: float | None = None) -> int:
    """Decimals to print a value of *target* with.

    One for rates and growth (two when the target itself is written with two, 3.55%);
    for a level none from 100 up, else one.
    """
    if is_gap(target) or target.measure in _PERCENT_MEASURES:
        v = target.value
        return 2 if v is not None and abs(round(v, 1) - v) > 1e-9 else 1
    if target.measure == "multiple":
        return 2
    return 0 if x is not None and abs(x) >= 100 else 1


def unit_text(target: Target, lang: str = "zh") -> str:
    """The unit printed after a value of *target*: ``%``, ``个百分点``/`` pp``, ``亿元``, ``倍``."""
    from jxforecast.labels import unit_label

    zh = lang == "zh"
    if is_gap(target):
        return "个百分点" if zh else " pp"
    if target.measure in _PERCENT_MEASURES:
        return "%"
    if target.measure == "multiple":
        return "倍" if zh else "×"
    unit = unit_label(target.unit, "zh" if zh else "en")
    return unit if zh else f" ({unit})" if unit else ""


def value_text(x: float | None, target: Target, lang: str = "zh", missing: str = "") -> str:
    """*x*, a value of *target*'s quantity, rounded with its unit: ``5.6%``, ``+2.4个百分点``, ``1,129亿元``."""
    if is_missing(x):
        return missing
    v = float(x)  # type: ignore[arg-type]
    d = digits_for(target, v)
    # a gap, or a change that a target may ask to fall (能耗强度下降4%: -4%), is signed: +3.4% is a rise
    sign = "+" if (is_gap(target) or target.measure == "change_pct") and v > 0 else ""
    return f"{sign}{v:,.{d}f}{unit_text(target, lang)}"


def _flag(x: Any) -> bool | None:
    return None if is_missing(x) else bool(x)


def outcome_value_text(x: float | None, target: Target, lang: str = "zh", missing: str = "") -> str:
    """An outcome with its unit; that of an in-step goal is the indicator's own real growth (``7.9%``)."""
    if is_gap(target):
        return missing if is_missing(x) else f"{float(x):.1f}%"  # type: ignore[arg-type]
    return value_text(x, target, lang, missing)


def outcome_state(met_tolerant: Any, met_strict: Any) -> OutcomeState | None:
    """Met, met only within the tolerance, missed; None when the outcome is not known."""
    tolerant = _flag(met_tolerant)
    if tolerant is None:
        return None
    if not tolerant:
        return "missed"
    return "tolerance" if _flag(met_strict) is False else "met"


def outcome_word(state: OutcomeState, lang: str = "zh") -> str:
    """The state in words: 实现 / met, 未实现 / missed, or met within the tolerance."""
    return translate(_OUTCOME_WORDS[state], check_lang(lang))


def outcome_text(outcome: Any, met_tolerant: Any, met_strict: Any, target: Target, lang: str = "zh") -> str:
    """The outcome rounded with its unit and judged: ``5.6% ✓ 实现（容差内）``, ``1.1% × 未实现``.

    Empty when the outcome is not in the data.
    """
    state = outcome_state(met_tolerant, met_strict)
    if is_missing(outcome) or state is None:
        return ""
    return f"{outcome_value_text(outcome, target, lang)} {OUTCOME_SYMBOLS[state]} {outcome_word(state, lang)}"


def required_text(value: float | None, kind: str, target: Target, lang: str = "zh") -> str:
    """A requirement with what it measures: ``实际增速 6.00%``, ``average nominal growth 5.6% a year``.

    The requirement of a level goal is the growth a year it takes (not a level); that of
    an in-step goal the indicator's growth that matches the median growth of its reference.
    """
    if is_missing(value):
        return ""
    v, language = float(value), check_lang(lang)  # type: ignore[arg-type]
    k = str(kind)
    if "to match median" in k:
        return render("real income growth of {v:.2f}% (the median GDP growth: a gap of 0)", {"v": v}, language)
    if k.startswith(("level", "ytd_level")):
        return f"{v:,.{0 if abs(v) >= 100 else 1}f}{unit_text(target, lang)}"
    if k.startswith("average") or "growth" in k or k.startswith(("yoy", "cagr", "change_pct", "ytd")):
        basis = "real" if "real" in k else "nominal" if "nominal" in k else ""
        if k.startswith("average"):
            return render(_AVERAGE_GROWTH[basis], {"v": v}, language)
        return render(_GROWTH[basis], {"v": v}, language)
    words = {"share": N_("a share of {v:.2f}%"), "rate": N_("a rate of {v:.2f}%")}.get(k.split()[0] if k else "")
    return render(words, {"v": v}, language) if words else f"{v:.2f}%"


# a requirement in words, by the basis of its growth: message ids of the catalogue
_AVERAGE_GROWTH = {"real": N_("{v:.2f}% real growth a year"), "nominal": N_("{v:.2f}% nominal growth a year"),
                   "": N_("{v:.2f}% growth a year")}
_GROWTH = {"real": N_("real growth of {v:.2f}%"), "nominal": N_("nominal growth of {v:.2f}%"),
           "": N_("growth of {v:.2f}%")}


def interval_text(lo: float | None, hi: float | None, target: Target, lang: str = "zh", missing: str = "") -> str:
    """An interval with its unit once, at the end: ``1.7 – 7.7%``, ``3,938 – 4,669亿元``, ``-3.3 – +8.0 pp``."""
    if is_missing(lo) or is_missing(hi):
        return missing
    unit = unit_text(target, lang)
    left = value_text(lo, target, lang)
    return f"{left[: len(left) - len(unit)] if unit else left} – {value_text(hi, target, lang)}"
