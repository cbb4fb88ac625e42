"""One configuration of the feasibility layer: every tuning number, named, documented, validated.

``assess(target, config=AssessConfig(stale_years=3))`` uses it for that call (and records it in
``Assessment.parameters["config"]``); ``AssessConfig()`` holds the defaults the pages quote.
While `assess` runs, its configuration is the `current` one, so that the helpers it calls read
the same settings without passing them down through every signature.

Random streams: every simulation of an assessment draws from ``child_seed(seed, Stream.X)``,
one named, independent stream per purpose, so that adding a stream never shifts another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, fields
from enum import IntEnum
from typing import Any

from jxforecast.errors import ParameterError
from jxforecast.models.within_year import WEIGHT_LOOKBACK


class Stream(IntEnum):
    """The independent random streams of one assessment (`jxforecast.models.base.child_seed`)."""

    ANCHOR = 1  # the target-anchored component's gaps
    ANCHOR_MIX = 2  # which paths come from the anchor
    SECOND_SERIES = 3  # the reference series of a relative (sync) goal
    JOINT = 4  # the joint draw of a relative goal's two series
    REST_OF_YEAR = 5  # the rest of the year after a year-to-date figure
    DEFLATOR = 6  # the deflator of a money-level goal
    GAP_MODEL = 7  # the target–outcome model's outcomes
    MIXTURE = 8  # which paths come from the target–outcome model
    BORROW_NOISE = 9  # a region's own departures from a borrowed series


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ParameterError(message)


@dataclass(frozen=True)
class BorrowSettings:
    """A region with too short a series borrowing a stand-in's dynamics.

    Attributes
    ----------
    shift_prior_years
        Pseudo-years of zero gap a borrowed growth series' shift is shrunk toward.
    prior_sd
        Log (logit) spread of a level's (share's) ratio to the stand-in known from one year.
    prior_points_growth, prior_points_rate
        Likewise for a gap in points of a growth rate or a rate.
    history_cap
        A borrowed growth forecast's spread is at most this many times the sd of the region's own
        recent figures.
    history_cap_years
        "Recent": the figures of the last this many years (at least four of them).
    """

    shift_prior_years: float = 2.0
    prior_sd: float = 0.15
    prior_points_growth: float = 1.0
    prior_points_rate: float = 0.3
    history_cap: float = 1.5
    history_cap_years: int = 10

    def __post_init__(self) -> None:
        """Check the settings."""
        _check(self.shift_prior_years >= 0, "borrow.shift_prior_years must be 0 or more.")
        _check(min(self.prior_sd, self.prior_points_growth, self.prior_points_rate) > 0,
               "borrow prior spreads must be positive.")
        _check(self.history_cap >= 1, "borrow.history_cap must be at least 1 (a cap never narrows below own history).")
        _check(self.history_cap_years >= 4, "borrow.history_cap_years must be at least 4.")


@dataclass(frozen=True)
class AnchorSettings:
    """The target-anchored component of indicators without a panel (`feasibility.anchor`).

    Attributes
    ----------
    min_gaps
        Outcome − target gaps needed before the anchor is mixed in.
    min_own
        Gaps of the indicator itself needed before they are used alone (else pooled).
    """

    min_gaps: int = 5
    min_own: int = 8

    def __post_init__(self) -> None:
        """Check the settings."""
        _check(self.min_gaps >= 3, "anchor.min_gaps must be at least 3 (a spread needs them).")
        _check(self.min_own >= self.min_gaps, "anchor.min_own must be at least anchor.min_gaps.")


@dataclass(frozen=True)
class DeflatorSettings:
    """The deflator that turns real growth into a money level.

    Attributes
    ----------
    years
        The deflator is read from this many last years of nominal and real growth.
    min_years
        Fewer years with both: the goal is refused.
    persistence
        Share of a year's deflator deviation left the next year.
    """

    years: int = 8
    min_years: int = 4
    persistence: float = 0.5

    def __post_init__(self) -> None:
        """Check the settings."""
        _check(self.years >= self.min_years >= 3, "deflator.years >= deflator.min_years >= 3 is required.")
        _check(0 <= self.persistence < 1, "deflator.persistence must be in [0, 1).")


@dataclass(frozen=True)
class WithinYearSettings:
    """Within-year checks.

    Attributes
    ----------
    weight_lookback
        Years: an older pair of year-to-date and annual levels is not used for a period weight.
    """

    weight_lookback: int = WEIGHT_LOOKBACK

    def __post_init__(self) -> None:
        """Check the settings."""
        _check(self.weight_lookback >= 1, "within_year.weight_lookback must be at least 1.")


@dataclass(frozen=True)
class AssessConfig:
    """Every tuning number of an assessment, with the defaults the documentation and pages describe.

    Attributes
    ----------
    stale_years
        Data ending this many years or more before ``as_of`` make the verdict say so.
    short_history
        Fewer observations than this: the result says to read the probability as rough.
    correlation_prior_pairs
        Pseudo-pairs of independence a correlation from a few years is shrunk toward.
    long_horizon
        Years ahead beyond which growth comes from the long-horizon model.
    backtest_paths
        Paths per model and fold in the rolling-origin backtest.
    default_weight
        Target–outcome share of a GDP mixture before enough years exist to learn one, and for a
        district (the panel has no district targets).
    borrow, anchor, deflator, within_year
        The settings of each part (`BorrowSettings`, `AnchorSettings`, `DeflatorSettings`,
        `WithinYearSettings`).
    """

    stale_years: int = 2
    short_history: int = 10
    correlation_prior_pairs: float = 5.0
    long_horizon: int = 3
    backtest_paths: int = 1000
    default_weight: float = 0.5
    borrow: BorrowSettings = field(default_factory=BorrowSettings)
    anchor: AnchorSettings = field(default_factory=AnchorSettings)
    deflator: DeflatorSettings = field(default_factory=DeflatorSettings)
    within_year: WithinYearSettings = field(default_factory=WithinYearSettings)

    def __post_init__(self) -> None:
        """Check the settings."""
        _check(self.stale_years >= 1, "stale_years must be at least 1.")
        _check(self.short_history >= 1, "short_history must be at least 1.")
        _check(self.correlation_prior_pairs >= 0, "correlation_prior_pairs must be 0 or more.")
        _check(self.long_horizon >= 1, "long_horizon must be at least 1.")
        _check(self.backtest_paths >= 100, "backtest_paths must be at least 100.")
        _check(0 <= self.default_weight <= 1, "default_weight must be between 0 and 1.")

    def to_dict(self) -> dict[str, Any]:
        """The configuration as nested dicts."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AssessConfig:
        """The configuration `to_dict` described."""
        parts = {"borrow": BorrowSettings, "anchor": AnchorSettings, "deflator": DeflatorSettings,
                 "within_year": WithinYearSettings}
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ParameterError(f"Unknown configuration setting(s): {', '.join(sorted(unknown))}; "
                                 f"known: {', '.join(sorted(known))}.")
        kwargs = {k: (parts[k](**v) if k in parts and isinstance(v, dict) else v) for k, v in d.items()}
        return cls(**kwargs)


DEFAULT = AssessConfig()
_CURRENT: ContextVar[AssessConfig] = ContextVar("jxforecast_config", default=DEFAULT)


def current() -> AssessConfig:
    """The configuration of the assessment running now (the defaults outside one)."""
    return _CURRENT.get()


@contextmanager
def using(config: AssessConfig | None) -> Iterator[AssessConfig]:
    """Make ``config`` (None: the defaults) the `current` one inside the ``with`` block."""
    if config is not None and not isinstance(config, AssessConfig):
        raise ParameterError(f"config must be an AssessConfig, not {type(config).__name__}.")
    token = _CURRENT.set(config or DEFAULT)
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)
