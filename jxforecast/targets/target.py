"""The `Target` shape: one quantitative goal of a plan document."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from jxforecast.errors import TargetError
from jxforecast.registry import Indicator, get_indicator
from jxforecast.typing import OPERATORS as OPERATORS
from jxforecast.typing import TARGET_MEASURES as TARGET_MEASURES
from jxforecast.typing import TARGET_STATUSES, TargetStatus
from jxforecast.typing import Operator as Operator
from jxforecast.typing import TargetMeasure as TargetMeasure

DEFAULT_TOLERANCE = 0.5
PERCENT_UNITS = ("pct", "pct_of_gdp", "pp")


def _num(x: Any) -> float | None:
    if x is None or (isinstance(x, str) and not x.strip()):
        return None
    value = float(x)
    return None if math.isnan(value) else value


def _text(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return str(x)


def _year(x: Any) -> int | None:
    value = _num(x)
    return None if value is None else int(value)


def _required_year(x: Any) -> int:
    value = _year(x)
    if value is None:
        raise ValueError("no year")
    return value


def _operator(x: Any) -> Operator:
    if (text := str(x)) in OPERATORS:
        return text
    raise TargetError(f"Unknown operator '{text}'; use one of {', '.join(OPERATORS)}.")


def _measure(x: Any) -> TargetMeasure:
    if (text := _text(x) or "yoy_real") in TARGET_MEASURES:
        return text
    raise TargetError(f"Unknown target measure '{text}'; use one of {', '.join(TARGET_MEASURES)}.")


def _announced(x: Any, label: str) -> float | str | None:
    """``none``, a finite number, or None (blank); `TargetError` otherwise."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, str) and not x.strip()):
        return None
    if isinstance(x, str) and x.strip().lower() == "none":
        return "none"
    try:
        value = float(str(x).strip().rstrip("%")) if isinstance(x, str) else float(x)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        raise TargetError(f"Target {label}: the announced target must be a number or 'none', not '{x}'.")
    return value


def _status(x: Any) -> TargetStatus:
    if (text := _text(x) or "ok") in TARGET_STATUSES:
        return text
    raise ValueError(f"status '{text}' is not one of {', '.join(TARGET_STATUSES)}")


@dataclass(frozen=True)
class Target:
    """A quantitative target: *indicator* of *region* must satisfy *operator value* in *year*.

    ``value`` is ``None`` when the source document blanked the number out
    (``status="blanked"``).  For ``range`` and ``ensure_strive`` the second number is
    ``value_high`` (the upper end, or the "strive" level).  ``sync`` targets compare
    the indicator's growth with ``reference``'s (GDP by default).
    """

    region: str
    indicator: str
    year: int
    operator: Operator
    value: float | None
    measure: TargetMeasure = "yoy_real"
    value_high: float | None = None
    unit: str = "pct"
    basis: str = "real"
    base_year: int | None = None
    reference: str | None = None
    tolerance: float = DEFAULT_TOLERANCE
    status: TargetStatus = "ok"
    target_id: str = ""
    source_doc: str = ""
    quote: str = ""
    responsible: str = ""
    note: str = ""
    announced: float | str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Check the target: a known indicator and operator, finite values, a sane range."""
        get_indicator(self.indicator)
        if self.operator not in OPERATORS:
            raise TargetError(f"Unknown operator '{self.operator}'; use one of {', '.join(OPERATORS)}.")
        if self.measure not in TARGET_MEASURES:
            raise TargetError(f"Unknown target measure '{self.measure}'; use one of {', '.join(TARGET_MEASURES)}.")
        if self.status == "ok" and self.operator != "sync" and self.value is None:
            raise TargetError(f"Target {self.label()} has no value.")
        for name in ("value", "value_high"):
            number = getattr(self, name)
            if number is not None and not math.isfinite(number):
                raise TargetError(f"Target {self.label()}: {name} must be a finite number, not {number}.")
        if self.operator in ("range", "ensure_strive"):
            if self.value_high is None and self.status == "ok":
                raise TargetError(f"Target {self.label()}: operator '{self.operator}' needs value_high.")
            if self.value is not None and self.value_high is not None and self.value_high < self.value:
                raise TargetError(
                    f"Target {self.label()}: value_high {self.value_high} is below value {self.value}."
                )
        if self.base_year is not None and self.base_year >= self.year:
            raise TargetError(f"Target {self.label()}: base_year {self.base_year} is not before year {self.year}.")
        if self.announced is not None:
            object.__setattr__(self, "announced", _announced(self.announced, self.label()))
        if not (0 <= self.tolerance < math.inf):
            raise TargetError(f"Tolerance must be a finite number, zero or positive, not {self.tolerance}.")

    # ------------------------------------------------------------------ helpers
    @property
    def info(self) -> Indicator:
        """The registry entry of the target's indicator."""
        return get_indicator(self.indicator)

    @property
    def higher_is_better(self) -> bool:
        """True when a higher outcome is better (the indicator's direction)."""
        return self.info.higher_is_better

    @property
    def is_percent(self) -> bool:
        """True for a target in per cent or percentage points."""
        return self.unit in PERCENT_UNITS

    @property
    def known(self) -> bool:
        """False when the document blanked the number out."""
        return self.status == "ok"

    def with_tolerance(self, tolerance: float) -> Target:
        """The same target with another tolerance for ``~`` and ``sync``."""
        return replace(self, tolerance=tolerance)

    def label(self) -> str:
        """Short English label, e.g. ``jiaxing gdp 2024 ~ 6``."""
        value = "?" if self.value is None else f"{self.value:g}"
        if self.operator in ("range", "ensure_strive") and self.value_high is not None:
            value += f"/{self.value_high:g}"
        if self.operator == "sync":
            value = f"in step with {self.reference or 'gdp'}"
        return f"{self.region} {self.indicator} {self.year} {self.operator} {value}"

    def to_dict(self) -> dict[str, Any]:
        """The target's fields (without ``extra``) as a dict."""
        out = asdict(self)
        out.pop("extra")
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Target:
        """The target `to_dict` described (keys it does not know are ignored)."""
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d and f.name != "extra"})

    @classmethod
    def from_row(cls, row: dict[str, Any], tolerance: float = DEFAULT_TOLERANCE) -> Target:
        """Build a target from one row of ``data/targets.csv`` (or a user's target file)."""
        try:
            return cls(
                region=str(row["region"]),
                indicator=str(row["indicator"]),
                year=_required_year(row["year"]),
                operator=_operator(row["operator"]),
                value=_num(row.get("value")),
                measure=_measure(row.get("measure")),
                value_high=_num(row.get("value_high")),
                unit=_text(row.get("unit")) or "pct",
                basis=_text(row.get("basis")) or "none",
                base_year=_year(row.get("base_year")),
                reference=_text(row.get("reference")) or None,
                tolerance=tolerance,
                status=_status(row.get("status")),
                target_id=_text(row.get("target_id")),
                source_doc=_text(row.get("source_doc")),
                quote=_text(row.get("quote")),
                responsible=_text(row.get("responsible")),
                note=_text(row.get("note")),
                announced=row.get("announced"),
            )
        except (KeyError, ValueError, TypeError) as err:
            raise TargetError(f"Target row {row.get('target_id', '')!s} is malformed: {err}.") from None
