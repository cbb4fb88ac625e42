"""Chinese and English words for chart and table text.

`label(key, lang)` looks a key up in `LABELS`; `indicator_label`, `region_label`,
`unit_label` and `measure_label` read the registry and the unit/measure vocabularies.
Verdicts are available both as ``likely`` and ``verdict_likely``.
"""

from __future__ import annotations

from jxforecast.errors import ParameterError, UnknownNameError
from jxforecast.typing import LANGS as LANGS
from jxforecast.typing import Lang as Lang

# the verdicts in words, (Chinese, English): the one vocabulary of every page, table and summary
VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "likely": ("大概率实现", "Likely"),
    "attainable": ("可以实现", "Attainable"),
    "stretch": ("需努力", "Stretch"),
    "unlikely": ("难以实现", "Unlikely"),
    "unknown": ("无法判断", "Unknown"),
}

# key: (zh, en)
_PAIRS: dict[str, tuple[str, str]] = {
    # quantities and table headers
    "probability": ("概率", "Probability"),
    "probability_strict": ("严格口径概率", "Probability (strict)"),
    "probability_strive": ("力争目标概率", "Probability (strive level)"),
    "target": ("目标", "Target"),
    "target_high": ("目标上限", "Target (upper end)"),
    "target_value": ("目标值", "Target value"),
    "actual_target": ("实际目标", "Actual target"),
    "verdict": ("判断", "Verdict"),
    "median": ("中位数", "Median"),
    "interval": ("区间", "Interval"),
    "interval_50": ("50% 区间", "50% interval"),
    "interval_80": ("80% 区间", "80% interval"),
    "interval_95": ("95% 区间", "95% interval"),
    "history": ("历史数据", "History"),
    "outcome": ("实际结果", "Outcome"),
    "forecast": ("预测", "Forecast"),
    "required": ("所需增速", "Required growth"),
    "year": ("年份", "Year"),
    "as_of": ("数据截至", "Data as of"),
    "assessed_as_of": ("评估时点", "assessed as of"),
    "borrowed_series": ("借用{source}序列(按{region}换算)", "{source}'s series, moved onto {region}"),
    "region": ("地区", "Region"),
    "indicator": ("指标", "Indicator"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "quote": ("原文", "Quote"),
    "note": ("说明", "Note"),
    "evidence": ("同类目标的历史", "How similar targets fared"),
    "met": ("已实现", "Met"),
    "missed": ("未实现", "Missed"),
    "unknown": ("未知", "Unknown"),
    "refused": ("历史数据不足，未评估", "Too little history, not assessed"),
    "n_obs": ("观测数", "Observations"),
    "models": ("模型", "Models"),
    "horizon": ("预测期（年）", "Horizon (years)"),
    # chart titles and axes
    "fan_title": ("预测分布与目标", "Forecast distribution and target"),
    "scenario_title": ("不同目标值的实现概率", "Probability of meeting each target value"),
    "calibration_title": (
        "校准图：预测概率与实际结果",
        "Calibration: forecast probability vs outcome",
    ),
    "series_title": ("历史数据", "History"),
    "prob_50": ("50% 概率", "50% probability"),
    "prob_80": ("80% 概率", "80% probability"),
    "forecast_probability": ("预测概率", "Forecast probability"),
    "observed_frequency": ("实际实现比例", "Observed frequency met"),
    "perfect_calibration": ("完全校准", "Perfect calibration"),
    "count": ("数量", "Count"),
    "n": ("个数", "n"),
    "outcome_distribution": ("结果分布", "Outcome distribution"),
    # verdicts: jxforecast.feasibility.verdict.VERDICT_WORDS, added below
    # measures
    "measure_yoy_real": ("实际增速 (%)", "Real growth (%)"),
    "measure_yoy_nominal": ("名义增速 (%)", "Nominal growth (%)"),
    "measure_level": ("总量", "Level"),
    "measure_share": ("比重 (%)", "Share (%)"),
    "measure_rate": ("比率 (%)", "Rate (%)"),
    "measure_cagr": ("年均增速 (%)", "Average annual growth (%)"),
    "measure_multiple": ("倍数（相对基期）", "Multiple of the base year"),
    "measure_change_pct": ("累计变化 (%)", "Cumulative change (%)"),
    "measure_ytd_yoy_real": ("累计实际增速 (%)", "Year-to-date real growth (%)"),
    "measure_ytd_yoy_nominal": ("累计名义增速 (%)", "Year-to-date nominal growth (%)"),
    "measure_ytd_level": ("累计总量", "Year-to-date level"),
    # units
    "unit_pct": ("%", "%"),
    "unit_pct_of_gdp": ("占GDP %", "% of GDP"),
    "unit_pp": ("百分点", "pp"),
    "unit_100m_yuan": ("亿元", "100 million yuan"),
    "unit_10k_yuan": ("万元", "10,000 yuan"),
    "unit_yuan": ("元", "yuan"),
    "unit_100m_usd": ("亿美元", "100 million USD"),
    "unit_10k_usd": ("万美元", "10,000 USD"),
    "unit_10k_persons": ("万人", "10,000 persons"),
    "unit_persons": ("人", "persons"),
    "unit_10k_kw": ("万千瓦", "10,000 kW"),
    "unit_mw": ("兆瓦", "MW"),
    "unit_count": ("个", "count"),
    "unit_ug_m3": ("微克/立方米", "µg/m³"),
    "unit_days": ("天", "days"),
    "unit_years": ("岁", "years"),
    "unit_10k_tce": ("万吨标准煤", "10,000 tce"),
    "unit_10k_sqm": ("万平方米", "10,000 m²"),
    "unit_km": ("公里", "km"),
    "unit_ratio": ("倍", "ratio"),
    "unit_mu": ("亩", "mu"),
    "unit_10k_mu": ("万亩", "10,000 mu"),
    "unit_100m_jin": ("亿斤", "100 million jin"),
    "unit_10k_yuan_per_mu": ("万元/亩", "10,000 yuan per mu"),
    "unit_rank": ("位次", "rank"),
    "unit_ha": ("公顷", "ha"),
    "unit_persons_per_100m_yuan": ("人/亿元", "persons per 100 million yuan"),
    "unit_10k_count": ("万个", "10,000"),
    "unit_m3_per_10k_yuan": ("立方米/万元", "m³ per 10,000 yuan"),
}
_PAIRS.update(VERDICT_WORDS)
for _v in ("likely", "attainable", "stretch", "unlikely"):
    _PAIRS[f"verdict_{_v}"] = _PAIRS[_v]
_PAIRS["verdict_refused"] = _PAIRS["refused"]

LABELS: dict[str, dict[str, str]] = {
    "zh": {k: v[0] for k, v in _PAIRS.items()},
    "en": {k: v[1] for k, v in _PAIRS.items()},
}


def check_lang(lang: str) -> Lang:
    """``lang`` if it is ``zh`` or ``en``; otherwise `ParameterError`."""
    if lang not in LANGS:
        raise ParameterError(f"Unknown language '{lang}'; use one of: {', '.join(LANGS)}.")
    return lang


def label(key: str, lang: Lang = "zh") -> str:
    """The ``lang`` word for ``key`` (e.g. ``label("probability", "zh") == "概率"``).

    An unknown language raises `ParameterError`, an unknown key `UnknownNameError`.
    """
    table = LABELS[check_lang(lang)]
    try:
        return table[key]
    except KeyError:
        raise UnknownNameError(f"No label '{key}'.") from None


def indicator_label(indicator_id: str, lang: Lang = "zh") -> str:
    """The indicator's name from the registry (``gdp`` -> 地区生产总值 / Gross domestic product)."""
    from jxforecast.registry import get_indicator

    check_lang(lang)
    info = get_indicator(indicator_id)
    return info.name_zh if lang == "zh" else info.name_en


def region_label(region_id: str, lang: Lang = "zh") -> str:
    """The region's name from the registry; a region the registry does not know keeps its id."""
    from jxforecast.registry import regions

    check_lang(lang)
    reg = regions().get(region_id)
    if reg is None:
        return region_id
    return reg.name_zh if lang == "zh" else reg.name_en


def unit_label(unit: str | None, lang: Lang = "zh") -> str:
    """The unit in words (``100m_yuan`` -> 亿元); an unknown unit is returned as given."""
    check_lang(lang)
    if not unit:
        return ""
    return LABELS[lang].get(f"unit_{unit}", unit)


def measure_label(measure: str, lang: Lang = "zh", unit: str | None = None) -> str:
    """Axis text for a measure; levels carry their unit (``总量（亿元）``)."""
    check_lang(lang)
    text = LABELS[lang].get(f"measure_{measure}", measure)
    if measure in ("level", "ytd_level") and unit:
        u = unit_label(unit, lang)
        text = f"{text}（{u}）" if lang == "zh" else f"{text} ({u})"
    return text


def verdict_label(verdict: str, lang: Lang = "zh") -> str:
    """The verdict in words; an unknown verdict is returned as given."""
    check_lang(lang)
    return LABELS[lang].get(verdict, verdict)
