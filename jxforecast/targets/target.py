"""The `Target` shape: one quantitative goal of a plan document."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from jxforecast.errors import TargetError
from jxforecast.registry import Indicator, get_indicator
from jxforecast.typing import OPERATORS as OPERATORS
from jxforecast.typing import TARGET_MEASURES as TARGET_MEASURES
from jxforecast.typing import Operator as Operator
from jxforecast.typing import TargetMeasure as TargetMeasure
from jxforecast.typing import TargetStatus
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
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
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
        if not (0 <= self.tolerance < math.inf):
            raise TargetError(f"Tolerance must be a finite number, zero or positive, not {self.tolerance}.")

    # ------------------------------------------------------------------ helpers
    @property
    def info(self) -> Indicator:
        """The registry entry of the target's indicator."""
        return get_indicator(self.indicator)

    @property
    def higher_is_better(self) -> bool:
        return self.info.higher_is_better

    @property
    def is_percent(self) -> bool:
        return self.unit in PERCENT_UNITS

    @property
    def known(self) -> bool:
        """False when the document blanked the number out."""
        return self.status == "ok"

    def with_tolerance(self, tolerance: float) -> Target:
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
        out = asdict(self)
        out.pop("extra")
        return out

    @classmethod
    def from_row(cls, row: dict[str, Any], tolerance: float = DEFAULT_TOLERANCE) -> Target:
        """Build a target from one row of ``data/targets.csv`` (or a user's target file)."""
        try:
            return cls(
                region=str(row["region"]),
                indicator=str(row["indicator"]),
                year=int(_year(row["year"])),  # type: ignore[arg-type]
                operator=str(row["operator"]),  # type: ignore[arg-type]
                value=_num(row.get("value")),
                measure=_text(row.get("measure")) or "yoy_real",  # type: ignore[arg-type]
                value_high=_num(row.get("value_high")),
                unit=_text(row.get("unit")) or "pct",
                basis=_text(row.get("basis")) or "none",
                base_year=_year(row.get("base_year")),
                reference=_text(row.get("reference")) or None,
                tolerance=tolerance,
                status=_text(row.get("status")) or "ok",  # type: ignore[arg-type]
                target_id=_text(row.get("target_id")),
                source_doc=_text(row.get("source_doc")),
                quote=_text(row.get("quote")),
                responsible=_text(row.get("responsible")),
                note=_text(row.get("note")),
            )
        except (KeyError, ValueError, TypeError) as err:
            raise TargetError(f"Target row {row.get('target_id', '')!s} is malformed: {err}.") from None
