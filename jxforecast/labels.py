"""Chinese and English words for chart and table text, read from the message catalogue.

`label(key, lang)` looks a word key up in the catalogue (`jxforecast.i18n`; the keys are
listed in `jxforecast.i18n.words`); `indicator_label`, `region_label`, `unit_label` and
`measure_label` read the registry and the unit/measure words.  Verdicts are available both
as ``likely`` and ``verdict_likely``.  ``LABELS`` and ``VERDICT_WORDS`` are the same words
as dictionaries, built from the catalogue when first asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jxforecast.errors import UnknownNameError
from jxforecast.i18n import check_lang as check_lang
from jxforecast.i18n import translate
from jxforecast.i18n.words import VERDICTS, WORDS
from jxforecast.typing import LANGS as LANGS
from jxforecast.typing import Lang as Lang

__all__ = [
    "LANGS", "Lang", "check_lang", "field_text", "indicator_label", "label",
    "measure_label", "measure_word", "region_label", "unit_label", "verdict_label",
]


def __getattr__(name: str) -> Any:
    """``LABELS`` (``{lang: {key: word}}``) and ``VERDICT_WORDS`` (``{verdict: (zh, en)}``)."""
    if name == "LABELS":
        return {lang: {k: translate(k, lang) for k in WORDS} for lang in LANGS}
    if name == "VERDICT_WORDS":
        return {v: (translate(v, "zh"), translate(v, "en")) for v in VERDICTS}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def label(key: str, lang: Lang = "zh") -> str:
    """The ``lang`` word for ``key`` (e.g. ``label("probability", "zh") == "概率"``).

    An unknown language raises `ParameterError`, an unknown key `UnknownNameError`.
    """
    check_lang(lang)
    if key not in WORDS:
        raise UnknownNameError(f"No label '{key}'.")
    return translate(key, lang)


def _word(key: str, lang: Lang, default: str) -> str:
    return translate(key, lang) if key in WORDS else default


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
    return _word(f"unit_{unit}", lang, unit)


def measure_label(measure: str, lang: Lang = "zh", unit: str | None = None) -> str:
    """Axis text for a measure; levels carry their unit (``总量（亿元）``)."""
    check_lang(lang)
    text = _word(f"measure_{measure}", lang, measure)
    if measure in ("level", "ytd_level") and unit:
        u = unit_label(unit, lang)
        text = f"{text}（{u}）" if lang == "zh" else f"{text} ({u})"
    return text


def measure_word(measure: str, lang: Lang = "zh") -> str:
    """A measure in running text, without a unit (``实际增速`` / ``real growth``)."""
    check_lang(lang)
    return _word(f"word_{measure}", lang, measure)


def verdict_label(verdict: str, lang: Lang = "zh") -> str:
    """The verdict in words; an unknown verdict is returned as given."""
    check_lang(lang)
    return _word(verdict, lang, verdict)


def _series_text(name: str, lang: Lang) -> str:
    """A series' name (``jiaxing.gdp.yoy_real``) in words: 嘉兴市地区生产总值实际增速."""
    from jxforecast.registry import indicators

    parts = name.split(".")
    if len(parts) != 3 or parts[1] not in indicators():
        return name
    region, indicator, measure = parts
    sep = "" if lang == "zh" else " "
    return sep.join((region_label(region, lang), indicator_label(indicator, lang), measure_word(measure, lang)))


# the fields of a caveat's template that hold a word, and how to write the word in another language
def _indicator_by_english_name(name: str, lang: Lang) -> str:
    from jxforecast.registry import indicators

    found = [i for i in indicators().values() if i.name_en == name]
    return found[0].name_zh if lang == "zh" and found else name


def _region_or_indicator(value: str, lang: Lang) -> str:
    from jxforecast.registry import regions

    return region_label(value, lang) if value in regions() else indicator_label(value, lang)


_WORD_FIELDS: dict[str, Callable[[str, Lang], str]] = {
    "measure": measure_word, "growth_measure": measure_word,
    "region": region_label, "who": region_label, "where": region_label, "source_region": region_label,
    "proxy": region_label, "target_region": region_label, "other": region_label,
    "indicator": indicator_label, "reference": indicator_label,
    "indicator_name": _indicator_by_english_name, "other_name": _indicator_by_english_name,
    "gap_to": _region_or_indicator,
}


def field_text(name: str, value: Any, lang: Lang) -> Any:
    """A caveat field's ``value`` in ``lang``: a word field in words, a series by name, a message translated."""
    if lang == "en" or not isinstance(value, str):
        return value
    if name in _WORD_FIELDS:
        try:
            return _WORD_FIELDS[name](value, lang)
        except Exception:  # noqa: BLE001 (a name the registry does not know is shown as written)
            return value
    if name == "series" or name.endswith("_series"):
        return _series_text(value, lang)
    key = f"{name}_{value}"
    if key in WORDS:
        return translate(key, lang)
    if value in WORDS or translate(value, lang) != value:
        return translate(value, lang)
    from jxforecast.i18n import parse, render

    parsed = parse(value)
    return render(parsed[0], parsed[1], lang) if parsed else value
