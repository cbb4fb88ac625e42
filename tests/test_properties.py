"""Invariants of `assess` checked on generated inputs (hypothesis).

Each property runs a handful of examples (assessments cost a fraction of a second each);
the seeds and path counts are fixed, so a failure is reproducible from its example.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxforecast.feasibility import assess, build_target
from jxforecast.data.loader import load_observations

N = 500
FEW = settings(max_examples=8, deadline=None, derandomize=True,
               suppress_health_check=[HealthCheck.function_scoped_fixture])


@FEW
@given(low=st.floats(2.0, 9.0), step=st.floats(0.1, 3.0))
def test_probability_falls_as_the_target_rises(low: float, step: float) -> None:
    """A higher growth floor is never more likely to be met (same paths, same seed)."""
    lo = assess(build_target("jiaxing", "retail", 2024, op=">=", value=low), as_of=2023, n_paths=N)
    hi = assess(build_target("jiaxing", "retail", 2024, op=">=", value=low + step), as_of=2023, n_paths=N)
    assert hi.probability <= lo.probability + 1e-9


@FEW
@given(value=st.floats(5.0, 30.0), year=st.sampled_from([2023, 2024]))
def test_counts_never_go_below_zero(value: float, year: int) -> None:
    """New jobs are a count: every simulated path stays positive, and the interval holds the median."""
    a = assess(build_target("jiaxing", "new_urban_jobs", year, op=">=", value=value), n_paths=N)
    assert (np.asarray(a.paths) > 0).all()
    assert a.interval["lo"] <= a.median <= a.interval["hi"]


@FEW
@given(value=st.floats(2.0, 4.5))
def test_shares_stay_between_0_and_100(value: float) -> None:
    a = assess(build_target("jiaxing", "rd_share", 2025, op=">=", value=value), as_of=2024, n_paths=N)
    paths = np.asarray(a.paths)
    assert ((paths > 0) & (paths < 100)).all()
    assert a.interval["lo"] <= a.median <= a.interval["hi"]


@FEW
@given(factor=st.floats(0.5, 2.0), shift=st.floats(-3.0, 3.0))
def test_as_of_never_sees_a_later_figure(factor: float, shift: float) -> None:
    """Perturbing every figure of a later year leaves an assessment as of 2019 unchanged."""
    obs = load_observations()
    later = pd.to_numeric(obs["period"].str[:4]) > 2019
    moved = obs.copy()
    moved.loc[later, "value"] = moved.loc[later, "value"] * factor + shift
    moved.loc[later & (moved["measure"] == "level"), "value"] = obs.loc[later, "value"] * factor
    target = build_target("jiaxing", "gdp", 2020, op="~", value=6.5)
    a = assess(target, as_of=2019, n_paths=N, data=obs)
    b = assess(target, as_of=2019, n_paths=N, data=moved)
    assert a.probability == b.probability and a.median == b.median


@pytest.mark.parametrize("scale", [10.0, 0.1])
def test_borrowing_a_level_does_not_depend_on_the_size_of_the_lender(scale: float) -> None:
    """Jiaxing's job count borrows China's dynamics as a ratio: China ten times larger (or
    smaller) gives the same forecast for Jiaxing."""
    obs = load_observations()
    big = obs.copy()
    rows = (big["region"] == "china") & (big["indicator"] == "new_urban_jobs")
    big.loc[rows, "value"] = big.loc[rows, "value"] * scale
    target = build_target("jiaxing", "new_urban_jobs", 2024, op=">=", value=15)
    a = assess(target, as_of=2023, n_paths=2000, data=obs)
    b = assess(target, as_of=2023, n_paths=2000, data=big)
    assert b.median == pytest.approx(a.median, rel=0.02)
    assert b.probability == pytest.approx(a.probability, abs=0.03)


def test_pinned_cases_give_sane_ranges() -> None:
    """Cases that once gave absurd numbers (a job count shifted by China's; a budget
    revenue interval of -32 to +20; a 1% FAI median from one year's gap)."""
    from jxforecast.targets.catalogue import get_target

    jobs = assess(get_target("003-11"), n_paths=2000)  # 11万 new urban jobs, Jiaxing 2024
    assert 8 < jobs.interval["lo"] < jobs.median < jobs.interval["hi"] < 30
    revenue = assess(get_target("003-07"), n_paths=2000)  # budget revenue +6%, Jiaxing 2024
    assert -10 < revenue.interval["lo"] and revenue.interval["hi"] < 20
    fai = assess(build_target("jiaxing", "fai", 2017, op="~", value=10), as_of=2016, n_paths=2000)
    assert 4 < fai.median < 16  # Jiaxing's outcome: 11.2


def test_a_borrowed_spread_is_bounded_by_the_regions_own_history() -> None:
    from jxforecast.targets.catalogue import get_target

    # Jiaxing FAI 2024 >= 6%, China's dynamics borrowed: the time series alone is bounded
    a = assess(get_target("003-04"), n_paths=4000, announced="none")
    assert any("drawn toward the median" in w for w in a.warnings)
    assert a.interval["hi"] - a.interval["lo"] < 14 and -5 < a.interval["lo"]
    # with the plan's 6%, the outcome is how far subnational FAI targets landed from theirs
    plan = assess(get_target("003-04"), n_paths=4000)
    assert plan.models["target_anchor"] == 1.0 and "subnational fai targets" in plan.calibration["anchor"]
    assert 8 < plan.interval["hi"] - plan.interval["lo"] < 16


# ----------------------------------------------------------------------------- the value checked
# With the announced target fixed (Jiaxing's 2024 GDP: the plan's 6%, 003-01; or a number the
# user gives), the forecast is one distribution: the value checked reads a threshold off it.
def _checked(value: float, announced: float | None = None, region: str = "jiaxing", indicator: str = "gdp"):
    goal = build_target(region, indicator, 2024, op=">=", value=value)
    return assess(goal, as_of=2023, n_paths=N, announced=announced)


@FEW
@given(v=st.floats(-15.0, 20.0), step=st.floats(0.05, 8.0),
       announced=st.one_of(st.none(), st.floats(2.0, 12.0)))
def test_the_value_checked_only_reads_the_forecast(v: float, step: float, announced: float | None) -> None:
    """P(>= v) never rises with v; the median and the interval do not depend on v."""
    lo, hi = _checked(v, announced), _checked(v + step, announced)
    assert hi.probability_strict <= lo.probability_strict + 1e-12
    assert lo.median == hi.median and lo.interval == hi.interval
    assert lo.announced == hi.announced
    assert lo.announced["source"] == ("catalogue" if announced is None else "user")


@FEW
@given(announced=st.one_of(st.none(), st.floats(2.0, 12.0)),
       indicator=st.sampled_from(["gdp", "retail"]))
def test_a_value_five_spreads_below_the_median_is_almost_sure(announced: float | None, indicator: str) -> None:
    """The probability of reaching a value five spreads below the median is at least 95%."""
    first = _checked(0.0, announced, indicator=indicator)
    spread = float(np.std(first.paths))
    far_below = _checked(first.median - 5 * spread, announced, indicator=indicator)
    assert far_below.probability_strict >= 0.95
