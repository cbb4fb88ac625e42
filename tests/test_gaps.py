"""The target–outcome model: pairs, real-time fits, storage, and its place in `assess`.

The panel used here is the one shipped with the project: the GDP growth targets and
outcomes of Zhejiang's eleven prefecture-level cities (``data/peers_zhejiang_gdp_*.csv``).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from jxforecast._paths import embedded_path
from jxforecast.errors import DataError, ModelError
from jxforecast.feasibility import assess, build_target
from jxforecast.feasibility.combine import combined_probability, fit_panel
from jxforecast.models.gaps import (
    Combination,
    GapModelSet,
    ambition,
    fit_combination,
    fit_gap_model,
    level_of,
    load_gap_models,
    pairs_from_panel,
)


@pytest.fixture(scope="module")
def panel() -> tuple[pd.DataFrame, pd.DataFrame]:
    return (pd.read_csv(embedded_path("peers_zhejiang_gdp_targets.csv")),
            pd.read_csv(embedded_path("peers_zhejiang_gdp_outcomes.csv")))


@pytest.fixture(scope="module")
def pairs(panel) -> pd.DataFrame:
    return pairs_from_panel(*panel)[0]


def test_ambition_uses_the_three_years_before_and_skips_gaps():
    history = pd.Series([8.0, 7.0, 6.0, 99.0], index=[2015, 2016, 2018, 2019])
    assert ambition(7.5, history, 2019) == pytest.approx(7.5 - (7.0 + 6.0) / 2)  # 2017 missing, 2019 not before
    assert ambition(7.5, history, 2030) is None


def test_pairs_screen_flagged_outcomes_and_count_them(panel, pairs):
    targets, outcomes = panel
    screened = pairs_from_panel(targets, outcomes)[1]
    assert screened["outcome not a real figure (quality flag)"] > 0
    # 2013 and 2017 outcomes are interpolated in the source: never a pair
    assert not pairs["year"].isin([2013, 2017]).any()
    # Hangzhou 2019: target 7.0, first-release outcome 6.8 -> missed (strict)
    row = pairs[(pairs["region"] == "hangzhou") & (pairs["year"] == 2019)].iloc[0]
    assert (row["target"], row["met"]) == (7.0, 0.0)
    assert 120 <= len(pairs) <= 165
    assert set(pairs["level"]) == {"city"}


def test_fit_is_real_time(pairs):
    """A model as of 2016 does not move when every later outcome is changed."""
    m = fit_gap_model(pairs, 2016, window=8)
    later = pairs.assign(gap=np.where(pairs["year"] > 2016, pairs["gap"] + 5, pairs["gap"]))
    m2 = fit_gap_model(later, 2016, window=8)
    assert m.coef == pytest.approx(m2.coef)
    assert m.years[1] <= 2016
    # more ambitious targets are met less often
    assert m.coef["ambition"] < 0


def test_too_few_pairs_is_a_clear_error(pairs):
    with pytest.raises(ModelError, match="pairs"):
        fit_gap_model(pairs, 2009)


def test_probability_falls_as_the_target_rises(pairs):
    m = fit_gap_model(pairs, 2019)
    p = [m.probability(t, t, ambition=t - 7.0, level="city") for t in (5.0, 6.0, 7.0, 8.0, 9.0)]
    assert all(a > b for a, b in zip(p, p[1:]))
    # the common year shock is part of every probability: never near-certain one point away
    assert 0.1 < p[2] < 0.9


def test_nation_targets_are_met_more_often_than_city_targets():
    shipped = load_gap_models()
    m = shipped.for_as_of(2019)
    assert m is not None and m.coef.get("nation", 0) > 0
    assert m.probability(6.0, 6.0, 0.0, "nation") > m.probability(6.0, 6.0, 0.0, "city")


def test_json_round_trip_is_exact():
    shipped = load_gap_models()
    again = GapModelSet.from_json(shipped.to_json())
    assert again.to_json() == shipped.to_json()
    assert again.models.keys() == shipped.models.keys()


def test_shipped_models_cover_the_years_and_say_what_they_were_fitted_on():
    shipped = load_gap_models()
    assert min(shipped.models) <= 2009 and max(shipped.models) >= 2023
    assert "prefecture-level cities" in shipped.fitted_on
    learned = [m.combination for m in shipped.models.values() if m.combination is not None]
    assert learned, "the combination weights must be learned for recent as_of years"
    assert all(0.0 <= c.weight_gap <= 1.0 for c in learned)
    for m in shipped.models.values():
        assert sum(m.levels.values()) == m.n_pairs
        assert all(r["n"] >= 0 for r in m.evidence)


def test_unreadable_model_file_is_one_sentence(tmp_path):
    bad = tmp_path / "gm.json"
    bad.write_text('{"models": [{"as_of": 2019}]}', encoding="utf-8")
    with pytest.raises(DataError, match="not a target–outcome model file"):
        load_gap_models(bad)
    with pytest.raises(DataError, match="no such"):
        load_gap_models(tmp_path / "missing.json")


def _predictions(rng: np.random.Generator, years: np.ndarray, truth: np.ndarray, p_gap: np.ndarray,
                 p_ts: np.ndarray) -> pd.DataFrame:
    """Synthetic out-of-sample predictions: outcomes drawn with probability ``truth``."""
    met = (rng.random(len(truth)) < truth).astype(float)
    return pd.DataFrame({"year": years, "met": met, "p_gap": p_gap, "p_ts": p_ts})


def test_combination_weight_follows_the_evidence():
    """With a useless time-series component, the learned weight goes to the model that scores."""
    rng = np.random.default_rng(0)
    n = 600
    p_gap = rng.uniform(0.05, 0.95, n)
    preds = _predictions(rng, np.repeat(np.arange(2010, 2020), n // 10), p_gap, p_gap, rng.uniform(0, 1, n))
    comb = fit_combination(preds, 2019)
    assert comb is not None and comb.weight_gap >= 0.8
    assert comb.log_score["mixture"] <= comb.log_score["time_series"]


def test_recalibration_is_monotone():
    comb = Combination(weight_gap=0.6, recalibration="platt", a=-0.3, b=0.7)
    ps = [comb.recalibrate(p) for p in np.linspace(0.01, 0.99, 30)]
    assert all(a < b for a, b in zip(ps, ps[1:]))
    assert combined_probability(0.2, float("nan"), comb) == pytest.approx(comb.recalibrate(0.2))
    iso = Combination(weight_gap=1.0, recalibration="isotonic", knots=[[0.1, 0.2], [0.5, 0.4], [0.9, 0.7]])
    qs = [iso.recalibrate(p) for p in np.linspace(0.0, 1.0, 30)]
    assert all(a <= b for a, b in zip(qs, qs[1:])) and iso.recalibrate(0.3) == pytest.approx(0.3)


def test_recalibration_is_chosen_out_of_sample():
    """A map fitted on earlier years is kept only if it scored better on the years after them."""
    rng = np.random.default_rng(1)
    n = 900
    truth = rng.uniform(0.2, 0.8, n)
    overconfident = 1 / (1 + np.exp(-3 * np.log(truth / (1 - truth))))
    comb = fit_combination(_predictions(rng, np.repeat(np.arange(2010, 2019), n // 9), truth, overconfident,
                                        overconfident), 2018)
    assert comb is not None and comb.recalibration in ("platt", "isotonic")
    assert comb.log_score[f"recalibrated_{comb.recalibration}_oos"] < comb.log_score["recalibrated_none_oos"]


def test_level_names():
    assert [level_of(x) for x in ("country", "province", "city", "district", "user", None)] == [
        "nation", "province", "city", "city", "city", "city"]


def test_refit_from_a_panel_without_combination(panel):
    models, preds = fit_panel(*panel, include_project=False, combine=False)
    # the target–outcome model's own predictions, and no time series
    assert preds["p_ts"].isna().all() and preds["p_gap"].notna().sum() > 100
    assert "p_combined" not in preds
    assert max(models.models) == 2022
    assert all(m.levels["city"] == m.n_pairs for m in models.models.values())


# ----------------------------------------------------------------------------- in assess
def _city_frame(region: str) -> pd.DataFrame:
    o = pd.read_csv(embedded_path("peers_zhejiang_gdp_outcomes.csv"))
    h = o[(o["region"] == "huzhou") & (o["measure"] == "yoy_real") & o["quality_flag"].isin(["ok", "two_decimals"])]
    return pd.DataFrame({
        "region": region, "indicator": "gdp", "freq": "A", "period": h["year"].astype(str), "measure": "yoy_real",
        "value": h["value"], "unit": "pct", "vintage": "undated", "source_url": "city yearbook", "quote": "",
        "derived": False, "note": "",
    })


@pytest.fixture(scope="module")
def city_data() -> pd.DataFrame:
    from jxforecast.data.loader import load_observations

    return load_observations(_city_frame("mycity"))


def test_a_city_only_in_the_users_data_gets_the_combined_probability(city_data):
    goal = build_target("mycity", "gdp", 2019, op=">=", value=7.5, data=city_data)
    a = assess(goal, as_of=2018, n_paths=2000, data=city_data)
    assert a.region_level == "city"
    assert set(a.components) >= {"time_series", "target_outcome"}
    w = a.components["target_outcome"]["weight"]
    assert 0 < w <= 1 and a.models["target_outcome"] == pytest.approx(w)
    assert math.isclose(sum(a.models.values()), 1.0, abs_tol=1e-9)
    assert a.evidence is not None and a.evidence["as_of"] <= 2018
    assert "city GDP growth targets" in a.evidence["evidence"]
    assert 0.0 < a.probability_strict < 1.0
    # the series has gaps (2001, 2013, 2017): handled, not refused
    assert any("interpolation" in w for w in a.warnings)
    d = a.to_dict()
    assert json.dumps(d) and d["components"] and d["region_level"] == "city"


def test_region_level_changes_the_probability(city_data):
    goal = build_target("mycity", "gdp", 2019, op=">=", value=7.5, data=city_data)
    city = assess(goal, as_of=2018, n_paths=2000, data=city_data)
    nation = assess(goal, as_of=2018, n_paths=2000, data=city_data, region_level="nation")
    assert nation.region_level == "nation"
    assert nation.probability_strict > city.probability_strict


def test_without_models_the_previous_anchor_is_used(city_data):
    goal = build_target("mycity", "gdp", 2019, op=">=", value=7.5, data=city_data)
    a = assess(goal, as_of=2018, n_paths=2000, data=city_data, gap_models=GapModelSet({}))
    assert "target_outcome" not in a.models and a.evidence is None


def test_six_figures_with_long_gaps_are_assessed_not_refused():
    from jxforecast.data.loader import load_observations

    years = [2009, 2010, 2011, 2014, 2015, 2018]
    frame = pd.DataFrame({
        "region": "newcity", "indicator": "gdp", "freq": "A", "period": [str(y) for y in years],
        "measure": "yoy_real", "value": [8.1, 7.9, 7.5, 7.2, 6.9, 6.8], "unit": "pct", "vintage": "undated",
        "source_url": "city yearbook", "quote": "", "derived": False, "note": "",
    })
    obs = load_observations(frame)
    a = assess(build_target("newcity", "gdp", 2019, op=">=", value=7.0, data=obs), as_of=2018, n_paths=1000,
               data=obs)
    assert 0.0 <= a.probability_strict <= 1.0
    assert any("2012, 2013, 2016, 2017" in w for w in a.warnings)


# ----------------------------------------------------------------------------- CLI
def _cli(*args: str):
    from typer.testing import CliRunner

    from jxforecast.cli import app

    return CliRunner().invoke(app, list(args))


def test_check_a_city_only_in_the_users_file(tmp_path):
    path = tmp_path / "city.csv"
    _city_frame("mycity").to_csv(path, index=False)
    before = path.read_bytes()
    r = _cli("check", "--data", str(path), "--region", "mycity", "--indicator", "gdp", "--year", "2019",
             "--op", ">=", "--value", "7.5", "--as-of", "2018", "--n-paths", "2000", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["region_level"] == "city" and "target_outcome" in d["components"]
    assert d["evidence"]["as_of"] == 2018
    assert path.read_bytes() == before


def test_region_level_from_the_file_and_from_the_option(tmp_path):
    path = tmp_path / "city.csv"
    _city_frame("mycity").assign(region_level="province").to_csv(path, index=False)
    args = ["check", "--data", str(path), "--region", "mycity", "--indicator", "gdp", "--year", "2019",
            "--op", ">=", "--value", "7.5", "--as-of", "2018", "--n-paths", "2000", "--format", "json"]
    assert json.loads(_cli(*args).output)["region_level"] == "province"
    assert json.loads(_cli(*args, "--region-level", "city").output)["region_level"] == "city"
    bad = _cli(*args, "--region-level", "village")
    assert bad.exit_code == 2 and "--region-level must be" in bad.output


def test_bad_region_level_in_the_file_is_one_line(tmp_path):
    path = tmp_path / "city.csv"
    _city_frame("mycity").assign(region_level="county town").to_csv(path, index=False)
    r = _cli("check", "--data", str(path), "--region", "mycity", "--indicator", "gdp", "--year", "2019",
             "--op", ">=", "--value", "7.5", "--as-of", "2018")
    assert r.exit_code == 2 and "column 'region_level'" in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_gap_model_fit_from_a_users_panel(tmp_path):
    out = tmp_path / "gm.json"
    r = _cli("gap-model", "fit", str(embedded_path("peers_zhejiang_gdp_targets.csv")),
             str(embedded_path("peers_zhejiang_gdp_outcomes.csv")), "--out", str(out), "--no-combination")
    assert r.exit_code == 0, r.output
    models = load_gap_models(out)
    assert max(models.models) >= 2022 and "peers_zhejiang_gdp_targets.csv" in models.fitted_on
    bad = tmp_path / "bad.csv"
    bad.write_text("region,year\nhuzhou,2019\n", encoding="utf-8")
    r = _cli("gap-model", "fit", str(bad), str(bad), "--out", str(out), "--no-combination")
    assert r.exit_code == 2 and "missing column(s) target_value" in r.output


def test_data_template_is_accepted_by_data_once_filled(tmp_path):
    out = tmp_path / "services.csv"
    r = _cli("data", "template", "jiaxing", "services_va", "--first", "2015", "--last", "2022", "--out", str(out))
    assert r.exit_code == 0 and out.exists()
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert table.loc[0, "measure"] == "yoy_real" and list(table.columns[-8:]) == [str(y) for y in range(2015, 2023)]
    table.loc[0, ["vintage", "source_url", "2016", "2017", "2019"]] = ["2023", "statistics bureau", "9.1", "8.8", "7.5"]
    table.to_csv(out, index=False)
    r = _cli("data", "show", "jiaxing", "services_va", "--data", str(out), "--format", "csv")
    assert r.exit_code == 0 and "9.1" in r.output and "statistics bureau" in r.output
    again = _cli("data", "template", "jiaxing", "services_va", "--out", str(out))
    assert again.exit_code == 2 and "already exists" in again.output


def _pit_predictions(rng, n: int, spread: float) -> pd.DataFrame:
    """Pairs whose forecasts are N(m, 1) while outcomes are N(m, spread²): PITs
    bunch in the middle (spread < 1: too wide) or pile at the ends (spread > 1: too narrow)."""
    from scipy import stats

    years = np.repeat(np.arange(2010, 2020), n // 10)
    target = np.full(n, 6.0)
    forecast = target + 0.5 * rng.standard_normal(n)  # the forecasts' centres
    outcome = forecast + spread * rng.standard_normal(n)
    p = stats.norm.sf(target - forecast)  # P(outcome ≥ target) under N(forecast, 1)
    pit = stats.norm.cdf(outcome - forecast)
    return pd.DataFrame({"year": years, "met": (outcome >= target).astype(float), "p_gap": p, "p_ts": p,
                         "pit_gap": pit, "pit_ts": pit})


def test_whole_distribution_recalibration_narrows_a_too_wide_forecast():
    from jxforecast.models.gaps import calibrate_outcomes

    comb = fit_combination(_pit_predictions(np.random.default_rng(3), 1000, 0.5), 2019)
    assert comb is not None and comb.pit_knots and "recalibrated_pit_oos" in comb.log_score
    g = np.array(comb.pit_knots)
    assert g[0].tolist() == [0.0, 0.0] and g[-1].tolist() == [1.0, 1.0] and np.all(np.diff(g[:, 1]) > 0)
    draws = np.random.default_rng(4).standard_normal(20_000)  # the N(0, 1) forecast
    calibrated = calibrate_outcomes(draws, comb.pit_knots)
    lo, hi = np.quantile(calibrated, [0.1, 0.9])
    assert 0.5 * 2.5631 * 0.85 < hi - lo < 0.5 * 2.5631 * 1.2  # about the outcomes' own 80% width
    assert abs(np.median(calibrated)) < 0.05
    # each path keeps its position: the order of the draws is unchanged
    assert np.array_equal(np.argsort(calibrated, kind="stable"), np.argsort(draws, kind="stable"))


def test_the_whole_distribution_map_gives_the_probability_it_implies():
    comb = Combination(weight_gap=1.0, recalibration="pit",
                       pit_knots=[[0.0, 0.0], [0.25, 0.1], [0.5, 0.5], [0.75, 0.9], [1.0, 1.0]])
    # a mixture probability of 0.75 (F(T) = 0.25) becomes 1 − G(0.25) = 0.9
    assert comb.recalibrate(0.75) == pytest.approx(0.9)
    assert comb.recalibrate(0.5) == pytest.approx(0.5)


def test_interval_coverage_is_measured_on_the_published_distribution():
    from jxforecast.feasibility.evaluation import interval_rows, panel_intervals

    rows = pd.DataFrame(interval_rows(pd.DataFrame({"pit_combined": [0.05, 0.3, 0.5, 0.6, 0.95],
                                                    "pit_gap": [0.5] * 5})))
    cov = rows[rows["method"] == "combined"].set_index("value")["coverage"]
    assert cov["coverage_80"] == pytest.approx(0.6) and cov["coverage_50"] == pytest.approx(0.6)
    shipped = panel_intervals()
    published = shipped.iloc[0]
    assert published["n"] > 1000 and 0.7 < published["coverage_80"] < 0.85  # out of sample, as measured
