"""Target semantics: every operator, strict beside tolerant, direction from the registry."""

from __future__ import annotations

import pytest

from jxforecast.errors import TargetError
from jxforecast.targets import Target, evaluate


def T(indicator: str = "gdp", op: str = "~", value: float | None = 6.0, **kw) -> Target:
    return Target("jiaxing", indicator, 2024, op, value, **kw)


@pytest.mark.parametrize(
    ("outcome", "strict", "tolerant"),
    [(8.5, True, True), (6.0, True, True), (5.6, False, True), (5.5, False, True), (5.4, False, False)],
)
def test_around_higher_is_better(outcome: float, strict: bool, tolerant: bool) -> None:
    ev = evaluate(T(value=6.0), outcome)
    assert (ev.met_strict, ev.met_tolerant) == (strict, tolerant)


@pytest.mark.parametrize(
    ("outcome", "strict", "tolerant"), [(0.2, True, True), (3.0, True, True), (3.4, False, True), (3.6, False, False)]
)
def test_around_lower_is_better_cpi(outcome: float, strict: bool, tolerant: bool) -> None:
    ev = evaluate(T("cpi", "~", 3.0, measure="rate"), outcome)
    assert (ev.met_strict, ev.met_tolerant) == (strict, tolerant)


def test_tolerance_is_a_parameter() -> None:
    target = T(value=6.0, tolerance=1.0)
    assert evaluate(target, 5.1).met_tolerant is True
    assert evaluate(target.with_tolerance(0.0), 5.9).met_tolerant is False


def test_floor_and_ceiling_have_no_tolerance() -> None:
    ev = evaluate(T("retail", ">=", 5.5, measure="yoy_nominal"), 5.3)
    assert (ev.met_strict, ev.met_tolerant) == (False, False)
    ev = evaluate(T("unemployment_surveyed", "<=", 5.0, measure="rate"), 5.2)
    assert (ev.met_strict, ev.met_tolerant) == (False, False)
    assert evaluate(T("unemployment_surveyed", "<=", 5.0, measure="rate"), 4.6).met_strict is True


def test_range_reaches_the_lower_end_and_says_if_inside() -> None:
    target = T(op="range", value=6.0, value_high=6.5)
    assert evaluate(target, 6.1).met_strict is True
    assert evaluate(target, 6.1).detail == "inside the range"
    assert evaluate(target, 7.0).met_strict is True
    assert evaluate(target, 7.0).detail == "outside the range"
    assert evaluate(target, 5.9).met_strict is False


def test_ensure_strive_reports_both_levels() -> None:
    target = T(op="ensure_strive", value=6.0, value_high=8.0)
    ev = evaluate(target, 7.0)
    assert (ev.met_strict, ev.met_tolerant, ev.met_strive) == (True, True, False)
    assert evaluate(target, 8.2).met_strive is True
    assert evaluate(target, 5.9).met_strict is False


def test_sync_compares_with_gdp_growth() -> None:
    target = T("income_per_capita", "sync", None, measure="yoy_nominal", reference="gdp")
    assert evaluate(target, 5.8, reference_outcome=5.6).met_strict is True
    ev = evaluate(target, 5.3, reference_outcome=5.6)
    assert (ev.met_strict, ev.met_tolerant) == (False, True)
    assert evaluate(target, 5.8).met_strict is None


def test_level_goal_direction() -> None:
    assert evaluate(T("rd_share", "level", 3.55, measure="share", unit="pct_of_gdp"), 3.6).met_strict is True
    assert evaluate(T("rd_share", "level", 3.55, measure="share", unit="pct_of_gdp"), 3.5).met_strict is False
    assert evaluate(T("pm25", "level", 30, measure="level", unit="ug_m3"), 28).met_strict is True


def test_around_a_level_uses_relative_tolerance() -> None:
    target = T("new_urban_jobs", "~", 1200.0, measure="level", unit="10k_persons")
    assert evaluate(target, 1195.0).met_tolerant is True  # within 0.5 %
    assert evaluate(target, 1190.0).met_tolerant is False


def test_blanked_target_is_unknown_not_guessed() -> None:
    target = T("fiscal_total_revenue", ">=", None, measure="level", unit="100m_yuan", status="blanked")
    ev = evaluate(target, 1000.0)
    assert ev.met_strict is None and "blanked" in ev.detail


def test_impossible_targets_are_refused() -> None:
    with pytest.raises(TargetError, match="value_high 5.0 is below value 6.0"):
        T(op="range", value=6.0, value_high=5.0)
    with pytest.raises(TargetError, match="Unknown operator"):
        T(op="=>")
    with pytest.raises(TargetError, match="base_year 2025 is not before year 2024"):
        T(base_year=2025)
