"""`Assessment`: the result of `assess`, a results object in the statsmodels tradition.

Typed parts (`Interval`, `Requirement`, `Met`, `Component`, the `Verdict`, the caveats),
``summary()`` as text, HTML or Markdown with a numbered footer of caveats, ``_repr_html_``
so that a notebook cell ending in an assessment shows that summary, ``to_frame()`` (one
row, the columns of the batch tables), and ``to_dict()`` / ``from_dict()``, which
round-trip exactly through JSON (``to_dict`` is also the CLI's ``--format json``).

The small parts also read like the dictionaries they replace (``a.interval["lo"]``,
``a.required.get("value")``), so that code written against the JSON shape keeps working.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from jxforecast.caveats import CATEGORIES, Caveat, as_caveat
from jxforecast.models.base import FloatArray
from jxforecast.targets.target import Target
from jxforecast.typing import Verdict

if TYPE_CHECKING:  # pragma: no cover
    from jxforecast.feasibility.summary import Summary

FORMAT = "jxforecast-assessment-1"


def _clean(x: Any) -> Any:
    """JSON-ready: NaN → None, numpy scalars → Python; floats are kept exactly."""
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (float, np.floating)):
        return None if math.isnan(float(x)) else float(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, Mapping):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return [_clean(v) for v in x.tolist()]
    return x


class _Part(Mapping[str, Any]):
    """Read access by key (``part["lo"]``, ``part.get("value")``) for a dataclass part."""

    def __getitem__(self, key: str) -> Any:
        if key not in self._keys():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def _keys(self) -> list[str]:
        # the fields that hold something: a requirement without a within-year part has no "ytd"
        return [f.name for f in fields(self) if getattr(self, f.name) is not None  # type: ignore[arg-type]
                or f.name in getattr(self, "_ALWAYS", ())]

    def to_dict(self) -> dict[str, Any]:
        return _clean({k: getattr(self, k) for k in self._keys()})  # type: ignore[no-any-return]


@dataclass(frozen=True, eq=False)  # equality of the Mapping: a part equals its dict
class Interval(_Part):
    """Central interval of the simulated outcome: ``lo``, ``hi`` at ``level`` (0.8: 80 %)."""

    lo: float | None
    hi: float | None
    level: float = 0.8

    _ALWAYS: ClassVar[tuple[str, ...]] = ("lo", "hi", "level")

    @property
    def width(self) -> float | None:
        """``hi - lo``, or None when an end is missing."""
        return None if self.lo is None or self.hi is None else self.hi - self.lo


@dataclass(frozen=True, eq=False)  # equality of the Mapping: a part equals its dict
class Requirement(_Part):
    """What the target needs.

    Attributes
    ----------
    value
        The growth (or level) needed, in the unit of ``kind``; None when there is no single number.
    kind
        What ``value`` is: ``"yoy_real in 2024"``, the rest of the year, an average a year to a goal.
    basis
        ``real`` or ``nominal``.
    percentile
        Share of comparable past periods of the region that grew less (None: no like-for-like history).
    history_years
        The span of history the percentile was read from.
    real_equivalent, deflator
        For a money level: the same requirement in real terms at the deflator the paths assume.
    ytd
        For a within-year check: ``month``, ``growth`` so far and the period ``weight`` with
        where it came from (``weight_source``, ``weight_year``, ``weight_region``).
    so_far
        For a multi-year goal: the ``years`` already published and their compounded ``factor``.
    """

    value: float | None
    kind: str = ""
    basis: str = ""
    percentile: float | None = None
    history_years: str | None = None
    real_equivalent: float | None = None
    deflator: float | None = None
    ytd: dict[str, Any] | None = None
    so_far: dict[str, Any] | None = None

    _ALWAYS: ClassVar[tuple[str, ...]] = ("value", "kind", "basis", "percentile")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Requirement | None:
        """The requirement of a dict (its unknown keys ignored), or None for None."""
        if d is None:
            return None
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass(frozen=True, eq=False)  # equality of the Mapping: a part equals its dict
class Met(_Part):
    """Whether the outcome met the target.

    As written (``strict``), within the tolerance of "around" (``tolerant``), and the strive
    level of an ``ensure_strive`` target.
    """

    strict: bool | None
    tolerant: bool | None
    strive: bool | None = None

    _ALWAYS: ClassVar[tuple[str, ...]] = ("strict", "tolerant", "strive")


@dataclass(frozen=True, eq=False)  # equality of the Mapping: a part equals its dict
class Component(_Part):
    """One component of a combined probability: its ``weight`` and ``probability_strict``."""

    weight: float | None
    probability_strict: float | None

    _ALWAYS: ClassVar[tuple[str, ...]] = ("weight", "probability_strict")


def _float(x: Any) -> float | None:
    return None if x is None else float(x)


@dataclass(eq=False)
class Assessment:
    """How likely a target is to be met, and what it would take.

    Attributes
    ----------
    target
        The `Target` assessed.
    as_of
        The last year of data used (real time: only what was known then).
    probability
        Probability that the target is met under the tolerant reading (``~`` targets
        within the tolerance).
    probability_strict
        Probability that the number as written is reached.
    probability_strive
        For ``ensure_strive`` targets, the probability of the strive level.
    verdict
        ``likely``, ``attainable``, ``stretch``, ``unlikely`` (from ``probability``).
    median, interval
        Median and central `Interval` of the simulated outcome, in the target's measure.
    required
        What it would take (`Requirement`), or None.
    n_obs
        Observations the models were fitted on.
    models
        Weight of each component in the blend.
    calibration
        How the spread was calibrated: ``factor``, ``folds``, ``applied``, ``method``, ``anchor``.
    backtest
        Per model: one-year-ahead rolling-origin scores (``n_folds``, ``mae``, ``rmse``, ``bias``,
        ``coverage_80``).
    outcome, met
        The outcome and whether it met the target (`Met`), when the data have it.
    basis, horizon
        ``real``/``nominal``; years from the last figure to the target year.
    warnings
        The caveats (`jxforecast.caveats.Caveat`: a sentence with its warning class).
    parameters
        ``n_paths``, ``seed``, ``interval``, ``ytd`` and the verdict ``bands``.
    paths
        The simulated outcomes (not in ``to_dict`` unless asked for).
    components
        For a combined probability: each `Component`, and the ``mixture`` before recalibration.
    evidence
        The target–outcome model's inputs and how similar targets fared, or None.
    region_level
        Level of government the target was treated as (``nation``, ``province``, ``city``).
    series
        The series the time-series models used (``region``, ``measure``, ``scale``, ``shift``, ...).
    announced
        The announced target that informed the forecast: ``value``, ``source`` (``user``,
        ``catalogue``, ``checked`` or ``none``) and ``target_id``
        (`jxforecast.feasibility.announced.Announced`); None where no announced target is read
        (multi-year goals, levels, in-step goals).
    """

    target: Target
    as_of: int
    probability: float | None
    probability_strict: float | None
    verdict: Verdict
    median: float | None
    interval: Interval
    required: Requirement | None
    n_obs: int
    models: dict[str, float]
    calibration: dict[str, Any]
    backtest: dict[str, dict[str, float]] = field(default_factory=dict)
    outcome: float | None = None
    met: Met | None = None
    probability_strive: float | None = None
    basis: str = "real"
    horizon: int = 1
    warnings: list[Caveat] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    paths: FloatArray | None = field(default=None, repr=False)
    components: dict[str, Component] = field(default_factory=dict)
    evidence: dict[str, Any] | None = None
    region_level: str = "city"
    series: dict[str, Any] | None = None
    announced: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        """Turn the JSON shapes of the parts (dicts, plain strings) into typed parts."""
        # accept the JSON shapes too (dicts, plain strings), so every constructor gives typed parts
        # (the fields are read as Any here: a JSON shape is a dict, not the declared part)
        interval: Any = self.interval
        if not isinstance(interval, Interval):
            iv = dict(interval)
            self.interval = Interval(_float(iv.get("lo")), _float(iv.get("hi")), float(iv.get("level", 0.8)))
        required: Any = self.required
        if required is not None and not isinstance(required, Requirement):
            self.required = Requirement.from_dict(required)
        met: Any = self.met
        if met is not None and not isinstance(met, Met):
            self.met = Met(**dict(met))
        self.components = {k: v if isinstance(v, Component) else Component(**dict(v))
                           for k, v in self.components.items()}
        self.warnings = [as_caveat(w) for w in self.warnings]

    def __repr__(self) -> str:
        """A one-line view: target, as-of year, probability and verdict."""
        t = self.target
        p = "n/a" if self.probability is None else f"{self.probability:.2f}"
        return (f"<Assessment {t.target_id or t.label()!s}: {t.region} {t.indicator} {t.year} as of {self.as_of}, "
                f"probability {p}, {self.verdict}, {len(self.warnings)} caveat(s)>")

    def __eq__(self, other: object) -> bool:
        """Equal when the JSON dictionaries with the paths are equal."""
        return isinstance(other, Assessment) and self.to_dict(paths=True) == other.to_dict(paths=True)

    # ------------------------------------------------------------------ views
    def summary(self, lang: str = "en") -> Summary:
        """A statsmodels-style summary: ``print(a.summary())``, ``.as_html()``, ``.as_markdown()``."""
        from jxforecast.feasibility.summary import Summary

        return Summary(self, lang)

    def _repr_html_(self) -> str:
        return self.summary().as_html()

    def to_frame(self) -> pd.DataFrame:
        """One row: the columns of the batch tables (`jxforecast.feasibility.batch.BATCH_COLUMNS`)."""
        from jxforecast.feasibility.batch import BatchItem, batch_table

        return batch_table([BatchItem(self.target, self.as_of, self)])

    # ------------------------------------------------------------------ JSON
    def to_dict(self, paths: bool = False) -> dict[str, Any]:
        """The JSON-ready dictionary (``jxforecast check --format json``).

        With ``paths`` the simulated outcomes too. `from_dict` rebuilds an equal assessment.
        """
        out = {
            "format": FORMAT,
            "target": self.target.to_dict(),
            "as_of": self.as_of,
            "horizon": self.horizon,
            "basis": self.basis,
            "probability": self.probability,
            "probability_strict": self.probability_strict,
            "probability_strive": self.probability_strive,
            "verdict": self.verdict,
            "median": self.median,
            "interval": self.interval.to_dict(),
            "required": None if self.required is None else self.required.to_dict(),
            "n_obs": self.n_obs,
            "region_level": self.region_level,
            "series": self.series,
            "announced": self.announced,
            "models": self.models,
            "components": {k: v.to_dict() for k, v in self.components.items()},
            "evidence": self.evidence,
            "calibration": self.calibration,
            "backtest": self.backtest,
            "outcome": self.outcome,
            "met": None if self.met is None else self.met.to_dict(),
            "warnings": [str(w) for w in self.warnings],
            "warning_categories": [w.category.__name__ for w in self.warnings],
            # the catalogue message each caveat was written from, so that a page reads it in its language
            "warning_templates": [{"template": w.template, "params": w.params} if w.params else None
                                  for w in self.warnings],
            "parameters": self.parameters,
        }
        if paths and self.paths is not None:
            out["paths"] = np.asarray(self.paths, dtype=float).tolist()
        return _clean(out)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Assessment:
        """The assessment `to_dict` described (exactly: ``from_dict(a.to_dict()) == a``)."""
        target = Target.from_dict(d["target"])
        categories = d.get("warning_categories") or ["MethodNote"] * len(d.get("warnings", []))
        messages = list(d.get("warnings", []))
        templates = d.get("warning_templates") or [None] * len(messages)
        warns = [Caveat(m, CATEGORIES.get(c, CATEGORIES["JxWarning"]), *((t["template"], t["params"]) if t else ()))
                 for m, c, t in zip(messages, categories, templates, strict=False)]
        paths = d.get("paths")
        return cls(
            target=target, as_of=int(d["as_of"]), probability=d.get("probability"),
            probability_strict=d.get("probability_strict"), verdict=d["verdict"], median=d.get("median"),
            interval=d["interval"], required=d.get("required"), n_obs=int(d["n_obs"]), models=dict(d["models"]),
            calibration=dict(d.get("calibration") or {}), backtest=dict(d.get("backtest") or {}),
            outcome=d.get("outcome"), met=d.get("met"), probability_strive=d.get("probability_strive"),
            basis=d.get("basis", "real"), horizon=int(d.get("horizon", 1)), warnings=warns,
            parameters=dict(d.get("parameters") or {}),
            paths=None if paths is None else np.asarray(paths, dtype=float),
            components=dict(d.get("components") or {}), evidence=d.get("evidence"),
            region_level=d.get("region_level", "city"), series=d.get("series"), announced=d.get("announced"),
        )

