"""The announced target of a target year: what informs the forecast, apart from the value checked.

A target year has at most one announced target.  The forecast of the outcome depends on it
(the target–outcome model reads how far outcomes land from announced targets; the national
anchor of other indicators reads it too), never on the value a user happens to check: every
probability, scenario and attainable value is read off that one distribution.

The announced target is taken, in this order:

1. from the user (``announced=`` in `build_target` or `assess`, ``--announced`` on the CLI,
   an ``announced`` column in a target file, a notebook parameter); ``"none"`` asks for no
   target information (the time-series forecast alone);
2. from the catalogue: the embedded target of the same region, indicator, measure and year;
3. otherwise the checked value itself (a user checking a plan of their own).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from jxforecast.i18n import N_, check_lang, translate
from jxforecast.targets.target import Target

AnnouncedSource = Literal["user", "catalogue", "checked", "none"]

# operators whose number is an announced growth target or level
_OWN_OPERATORS = ("~", ">=", "<=", "ensure_strive", "range", "level")
# catalogue rows that announce a number for the year (a ceiling such as CPI <= 3 is a limit, not a forecast)
_CATALOGUE_OPERATORS = ("~", ">=", "ensure_strive", "range")

# what the announced number is, in words: message ids of the catalogue (`jxforecast.i18n`)
_SOURCE_WORDS = {
    "user": N_("given by the user"),
    "catalogue": N_("the plan's target"),
    "checked": N_("the value checked (no announced target known)"),
    "none": N_("none used: the time-series forecast alone"),
}


@dataclass(frozen=True)
class Announced:
    """The announced target that informs a forecast.

    Attributes
    ----------
    value
        The announced number (None when ``source == "none"``).
    source
        ``user``, ``catalogue`` (an embedded target), ``checked`` (the checked value stands in)
        or ``none`` (no target information asked for).
    target_id
        The catalogue target's id when ``source == "catalogue"``.
    """

    value: float | None
    source: AnnouncedSource
    target_id: str = ""

    def describe(self, lang: str = "en") -> str:
        """In words, e.g. ``6 (003-01, the plan's target)``."""
        words = translate(_SOURCE_WORDS[self.source], check_lang(lang))
        if self.value is None:
            return words
        sep = "," if lang == "zh" else ", "
        ident = f"{self.target_id}{sep}" if self.target_id else ""
        return f"{self.value:g} ({ident}{words})"

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dictionary."""
        return {"value": self.value, "source": self.source, "target_id": self.target_id}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Announced:
        """The `Announced` `to_dict` described."""
        value = d.get("value")
        return cls(None if value is None else float(value), d["source"], str(d.get("target_id", "")))


def parse_announced(value: float | str) -> float:
    """A finite announced number from ``value``; `ParameterError` naming it otherwise."""
    from jxforecast.errors import ParameterError

    try:
        number = float(str(value).strip().rstrip("%")) if isinstance(value, str) else float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ParameterError(f"The announced target must be a finite number or 'none', not '{value}'.")
    return number


def _number(target: Target) -> float | None:
    """The single number a target announces: the midpoint of a range, else its value."""
    if target.value is None:
        return None
    if target.operator == "range" and target.value_high is not None:
        return (target.value + target.value_high) / 2
    return target.value


def announced_target(target: Target, announced: float | str | None = None) -> Announced:
    """The announced target informing the forecast of ``target``'s outcome.

    Parameters
    ----------
    target
        The target checked.
    announced
        A number, ``"none"`` (no target information) or None (``target.announced``, then the
        catalogue, then the checked value).
    """
    given = target.announced if announced is None else announced
    if isinstance(given, str) and given.strip().lower() == "none":
        return Announced(None, "none")
    if given is not None:
        return Announced(parse_announced(given), "user")
    from jxforecast.targets.catalogue import load_targets

    table = load_targets(region=target.region, year=target.year, indicator=target.indicator)
    table = table[(table["measure"] == target.measure) & table["value"].notna() & (table["status"] == "ok")]
    own = table[table["target_id"] == target.target_id] if target.target_id else table.iloc[0:0]
    if not own.empty and target.operator in _OWN_OPERATORS and own["value"].iloc[0] == target.value:
        return Announced(_number(target), "catalogue", target.target_id)
    table = table[table["operator"].isin(_CATALOGUE_OPERATORS)]
    if not table.empty:
        row = Target.from_row({str(k): v for k, v in table.iloc[0].to_dict().items()})
        return Announced(_number(row), "catalogue", row.target_id)
    if target.operator in _OWN_OPERATORS and target.value is not None:
        return Announced(_number(target), "checked")
    return Announced(None, "none")
