"""assess(): every kind of target, determinism, monotonicity, refusals, the CLI contract."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from jxforecast.cli import app
from jxforecast.errors import ModelError, ParameterError, TargetError
from jxforecast.feasibility import assess, attainable_values, build_target, scenario_curve
from jxforecast.models import within_year
from jxforecast.feasibility.assessment import Assessment
from jxforecast.targets import Target, get_target
from jxforecast.targets.semantics import probability

N = 2000  # paths: enough for the assertions, fast for the suite


@pytest.fixture(scope="module")
def gdp_2024() -> Assessment:
    return assess(build_target("jiaxing", "gdp", 2024, text="增长6%左右"), as_of=2023, n_paths=N, seed=0)


def test_known_normal_gives_known_probability() -> None:
    rng = np.random.default_rng(1)
    outcomes = rng.normal(5.0, 1.0, 200_000)
    t = Target("jiaxing", "gdp", 2024, "~", 6.0)
    assert probability(t, outcomes) == pytest.approx(0.1587, abs=0.005)  # P(X >= 6)
    assert probability(t, outcomes, tolerant=True) == pytest.approx(0.3085, abs=0.005)  # P(X >= 5.5)
    cpi = Target("china", "cpi", 2024, "~", 6.0, measure="rate")
    assert probability(cpi, outcomes) == pytest.approx(0.8413, abs=0.005)  # lower is better: P(X <= 6)


def test_growth_target_result_shape(gdp_2024: Assessment) -> None:
    a = gdp_2024
    assert a.as_of == 2023 and a.horizon == 1
    assert 0 <= a.probability_strict <= a.probability <= 1
    assert a.interval["lo"] < a.median < a.interval["hi"]
    assert a.interval["level"] == 0.8
    assert a.required["value"] == 6.0
    assert sum(a.models.values()) == pytest.approx(1.0)
    # GDP growth: the announced 2024 target (003-01) enters through the target–outcome model
    assert "target_outcome" in a.models and set(a.components) >= {"time_series", "target_outcome"}
    assert a.region_level == "city" and a.evidence is not None
    assert a.outcome == 5.6 and a.met == {"strict": False, "tolerant": True, "strive": None}
    assert a.n_obs >= 13
    assert a.verdict in ("likely", "attainable", "stretch", "unlikely")


def test_same_seed_same_numbers_other_seed_other_numbers(gdp_2024: Assessment) -> None:
    again = assess(build_target("jiaxing", "gdp", 2024, text="增长6%左右"), as_of=2023, n_paths=N, seed=0)
    assert again.to_dict() == gdp_2024.to_dict()
    other = assess(build_target("jiaxing", "gdp", 2024, text="增长6%左右"), as_of=2023, n_paths=N, seed=1)
    assert other.probability != gdp_2024.probability


def test_higher_target_lower_probability(gdp_2024: Assessment) -> None:
    curve = scenario_curve(gdp_2024, np.arange(3.0, 9.01, 0.5))
    assert (np.diff(curve["probability_strict"]) <= 0).all()
    assert curve["probability_strict"].iloc[0] > curve["probability_strict"].iloc[-1]
    values = attainable_values(gdp_2024)
    assert values[0.8] < values[0.5]  # a surer target is a lower one
    assert float(np.mean(gdp_2024.paths >= values[0.5])) == pytest.approx(0.5, abs=0.01)


def test_lower_is_better_curve_rises() -> None:
    a = assess(get_target("ref-china-2024-cpi"), n_paths=N)
    curve = scenario_curve(a, [1.0, 2.0, 3.0, 4.0])
    assert (np.diff(curve["probability_strict"]) >= 0).all()


def test_ensure_strive_reports_both_levels_and_region_fallback() -> None:
    a = assess(get_target("002-03"), n_paths=N)  # 秀洲: 确保6%以上, 力争8%
    assert a.probability_strive is not None and a.probability_strive < a.probability_strict
    assert any("jiaxing's dynamics" in w for w in a.warnings)


def test_range_target() -> None:
    a = assess(get_target("ref-china-2019-gdp"), n_paths=N)  # 6-6.5 %
    assert a.target.operator == "range"
    assert a.required["value"] == 6.0  # the lower end is what must be reached
    assert a.outcome == 6.1 and a.met["strict"] is True


def test_within_year_required_growth_uses_period_weights() -> None:
    t = build_target("jiaxing", "gdp", 2024, text="6")
    a = assess(t, ytd=(6, 5.1), n_paths=N)
    ytd = a.required["ytd"]
    assert ytd["weight_source"] == "data"
    assert a.required["value"] == pytest.approx(within_year.required_rest_of_year(6.0, 5.1, ytd["weight"]))
    assert a.models == {"ytd_rest_of_year": 1.0}
    # better first-half growth -> higher probability
    better = assess(t, ytd=(6, 6.5), n_paths=N)
    assert better.probability > a.probability


def test_level_goal_trillion_by_2025_as_set_in_2020_and_now() -> None:
    goal = get_target("004-02")  # GDP 1万亿元 by 2025
    then = assess(goal, as_of=2020, n_paths=N)
    now = assess(goal, as_of=2024, n_paths=N)
    assert then.basis == "nominal" and then.horizon == 5
    assert then.required["value"] == pytest.approx(100 * ((10000 / 5509.52) ** (1 / 5) - 1), abs=1e-6)
    assert now.required["value"] == pytest.approx(100 * (10000 / 7569.5 - 1), abs=1e-6)
    assert now.probability < 0.05  # 32 % nominal growth in one year
    assert any("deflator" in w for w in now.warnings)


def test_doubling_by_2035() -> None:
    a = assess(get_target("004-08"), as_of=2020, n_paths=N)  # 翻一番 from 2020
    assert a.target.measure == "multiple"
    assert a.required["value"] == pytest.approx(100 * (2 ** (1 / 15) - 1), abs=1e-6)  # 4.73 %
    assert 1.0 < a.median < 4.0


def test_multi_year_uses_growth_so_far() -> None:
    a = assess(get_target("004-08"), as_of=2024, n_paths=N)
    known = a.required["so_far"]["factor"]
    assert known == pytest.approx(1.085 * 1.025 * 1.063 * 1.056, rel=1e-9)  # 2021-2024
    assert a.horizon == 11


def test_sync_target_joint_simulation() -> None:
    t = build_target("china", "income_urban", 2024, op="sync", measure="yoy_real")
    a = assess(t, n_paths=N)
    assert a.target.reference == "gdp"
    assert 0 < a.probability_strict <= a.probability <= 1
    assert any("correlation" in w for w in a.warnings)


def test_as_of_uses_only_what_was_known() -> None:
    t = build_target("china", "gdp", 2015, text="7%左右")
    a = assess(t, as_of=2014, n_paths=N)
    assert a.n_obs == 15  # 2000-2014
    with pytest.raises(ParameterError, match="not before the target year"):
        assess(t, as_of=2015)


def test_refusals_are_clear() -> None:
    with pytest.raises(ModelError, match="Too little yoy_nominal history of Industrial output.*data template"):
        assess(get_target("002-08"), n_paths=N)  # no figure of industrial output growth anywhere
    with pytest.raises(ModelError, match="none in a year that china also has"):
        assess(get_target("001-28"), n_paths=N)  # no Jiaxing job count up to 2019 to scale China's by
    with pytest.raises(TargetError, match="blanked out"):
        assess(get_target("004-01"))
    with pytest.raises(ParameterError, match="n_paths"):
        assess(get_target("003-01"), n_paths=5)


def test_cli_check_json_contract(runner) -> None:
    result = runner.invoke(app, [
        "check", "--region", "jiaxing", "--indicator", "gdp", "--year", "2024", "--target", "增长6%左右",
        "--as-of", "2023", "--format", "json", "--n-paths", str(N),
    ])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    for key in ("probability", "probability_strict", "verdict", "median", "interval", "required", "n_obs",
                "models", "outcome", "met", "warnings"):
        assert key in out
    assert set(out["interval"]) == {"lo", "hi", "level"}
    assert out["outcome"] == 5.6


def test_cli_check_op_value_and_ytd(runner) -> None:
    result = runner.invoke(app, ["check", "--indicator", "gdp", "--year", "2024", "--op", ">=", "--value", "6",
                                 "--ytd-period", "6", "--ytd-value", "5.1", "--n-paths", str(N)])
    assert result.exit_code == 0, result.output
    assert "growth in months 7-12 of 2024" in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--target", "abc"], "no number found"),
        (["--target", "6", "--op", ">="], "either as text"),
        (["--ytd-period", "6"], "go together"),
        (["--indicator", "gdpp", "--target", "6"], "Unknown indicator 'gdpp'"),
        (["--target", "6", "--n-paths", "0"], "n_paths"),
        (["--target", "6", "--as-of", "2030", "--year", "2024"], "not before the target year"),
    ],
)
def test_cli_check_bad_input(runner, args: list[str], fragment: str) -> None:
    result = runner.invoke(app, ["check", *args])
    assert result.exit_code == 2
    assert fragment in result.output
    assert len(result.output.strip().splitlines()) == 1


# ----------------------------------------------------------------------------- batches and the memo
def test_assess_many_items_match_table_and_single_assessments() -> None:
    from jxforecast.feasibility import assess_many, assess_table, batch_table, planning_cut

    targets = [get_target("001-38"), get_target("003-05"), get_target("004-02")]
    assert [planning_cut(t) for t in targets] == [2020, 2023, 2020]  # year before; base year of a goal
    assert planning_cut(targets[0], "latest") is None and planning_cut(targets[0], 2030) == 2020
    from jxforecast.feasibility import engine

    items = assess_many(targets, n_paths=N, seed=0)
    table = assess_table(targets, n_paths=N, seed=0)
    assert batch_table(items).equals(table)
    engine._MEMO.clear()
    single = assess(targets[0], as_of=2020, n_paths=N, seed=0)
    assert items[0].assessment.probability == single.probability and items[0].key == ("001-38", 2020)
    assert table.loc[0, "outcome"] == 8.5 and bool(table.loc[0, "met_tolerant"])  # GDP 2021 ~8 → 8.5


def test_refusal_is_an_item_with_its_sentence() -> None:
    from jxforecast.feasibility import assess_many, batch_table

    short = get_target("001-02")  # Jiaxing FDI 2021: one figure, and two of China's before 2021
    (item,) = assess_many([short], n_paths=N)
    assert item.assessment is None and "Too little yoy_nominal history" in item.refusal
    assert item.key == ("001-02", 2020)
    row = batch_table([item]).iloc[0]
    assert row["verdict"] == "refused" and row["note"] == item.refusal


def test_memo_gives_the_numbers_of_a_fresh_fit() -> None:
    from jxforecast.feasibility import engine

    target = build_target("zhejiang", "gdp", 2024, text="增长5%左右")
    engine._MEMO.clear()
    first = assess(target, as_of=2023, n_paths=N, seed=3)
    assert len(engine._MEMO) == 1
    again = assess(target, as_of=2023, n_paths=N, seed=3)  # from the memo
    engine._MEMO.clear()
    fresh = assess(target, as_of=2023, n_paths=N, seed=3)
    assert first.probability == again.probability == fresh.probability
    np.testing.assert_array_equal(again.paths, fresh.paths)
    cached = next(iter(engine._MEMO.values())).paths
    assert not cached.flags.writeable  # the memo's own copy cannot be changed by a caller
    other = assess(target, as_of=2023, n_paths=N, seed=4)
    assert other.probability != first.probability and len(engine._MEMO) == 2


def test_model_table_weights_follow_backtest_errors(gdp_2024: Assessment) -> None:
    from jxforecast.feasibility import model_table

    table = model_table(gdp_2024)
    assert table.index[-1] == "blend" and pd.isna(table.loc["blend", "weight"])
    assert table["weight"].sum() == pytest.approx(1.0)
    ts = table.drop(index=[m for m in ("blend", "target_anchor", "target_outcome") if m in table.index])
    assert (ts["n_folds"] >= 6).all() and ts["coverage_80"].between(0, 1).all()
    # inverse-MSE weights (tempered): a lower backtest RMSE never gets a lower weight
    ordered = ts.sort_values("rmse")
    assert ordered["weight"].is_monotonic_decreasing
    assert set(gdp_2024.to_dict()["backtest"]) == set(table.index)


def test_long_horizon_says_its_interval_is_indicative() -> None:
    from jxforecast.feasibility import assess_table

    table = assess_table([get_target("004-08"), get_target("001-38")], n_paths=N)  # 2035 goal; 2021 target
    note = table.loc[0, "note"]
    assert "Long horizon (15 years): growth reverts to its robust trend" in note
    assert "Five years ahead, out of sample" in note and "covered" in note
    assert "Long horizon" not in (table.loc[1, "note"] or "")


# ----------------------------------------------------------------------------- borrowing with scale
def test_borrowed_counts_are_scaled_not_shifted() -> None:
    """城镇新增就业11万人 (003-11): Jiaxing's two job counts scale China's (about 1,200万) by their ratio,
    and Jiaxing's own departures (18.9万 then 14.6万) widen every path; counts stay positive.
    """
    a = assess("003-11", as_of=2023, n_paths=2000)
    assert 12 < a.median < 20
    assert 8 < a.interval["lo"] < a.median < a.interval["hi"] < 30
    assert (a.paths > 0).all()
    assert any("scaled by jiaxing's mean ratio to china" in w for w in a.warnings)


def test_borrowed_growth_uses_every_common_year_shrunk() -> None:
    """Jiaxing FAI growth for 2017 as of 2016 (outcome 11.2%): China's series moved by Jiaxing's mean
    gap over the common years, shrunk toward zero — no longer by one year's gap (median was 1.0%).
    """
    goal = build_target("jiaxing", "fai", 2017, op=">=", value=10)
    a = assess(goal, as_of=2016, n_paths=2000, announced="none")  # the time series alone borrows
    assert 2 < a.median < 15
    assert any("mean gap to china over" in w and "shrunk toward zero" in w for w in a.warnings)


def test_a_count_borrowed_without_a_common_year_is_refused() -> None:
    from jxforecast.data.loader import load_observations

    extra = pd.DataFrame({
        "region": "xiuzhou", "indicator": "new_urban_jobs", "freq": "A", "period": ["2010"], "measure": "level",
        "value": [1.2], "unit": "10k_persons", "vintage": "undated", "source_url": "district yearbook",
        "quote": "", "derived": False, "note": "",
    })
    obs = load_observations(extra)
    obs = obs[~((obs["region"] == "xiuzhou") & (obs["indicator"] == "new_urban_jobs") & (obs["period"] != "2010"))]
    goal = build_target("xiuzhou", "new_urban_jobs", 2024, op=">=", value=1.5, data=obs)
    with pytest.raises(ModelError, match="cannot be scaled"):
        assess(goal, as_of=2023, n_paths=1000, data=obs)
