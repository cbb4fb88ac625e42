"""The model family on real annual series: shapes, determinism, guards, fallbacks, bad input."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.statespace.sarimax import SARIMAX
from statsmodels.tsa.statespace.structural import UnobservedComponents

from jxforecast.errors import ModelError, ParameterError
from jxforecast.models import MODEL_NAMES, FittedModel, make_model, prepare, prepare_series
from jxforecast.models import statespace
from jxforecast.models.benchmarks import DriftFit
from jxforecast.models.statespace import state_space_paths

# China real GDP growth, first releases 2000-2024 (NBS statistical communiqués), %.
CHINA_GDP = [8.0, 7.3, 8.0, 9.1, 9.5, 9.9, 10.7, 11.4, 9.0, 8.7, 10.3, 9.2, 7.8,
             7.7, 7.4, 6.9, 6.7, 6.9, 6.6, 6.1, 2.3, 8.1, 3.0, 5.2, 5.0]
# Jiaxing real GDP growth, first releases; 2015 is missing in the sources, %.
JIAXING_GDP = {2011: 10.6, 2012: 8.7, 2013: 9.3, 2014: 7.5, 2016: 7.0, 2017: 7.8, 2018: 7.6,
               2019: 7.0, 2020: 3.5, 2021: 8.5, 2022: 2.5, 2023: 6.3, 2024: 5.6}
# Jiaxing GDP level, first releases 2011-2024, 100m yuan (a trending level series).
JIAXING_GDP_LEVEL = [2668.1, 2885.0, 3147.7, 3352.8, 3517.81, 3760.0, 4355.2, 4871.98,
                     5370.3, 5509.52, 6355.28, 6739.45, 7062.5, 7569.5]
# China CPI inflation 2001-2024, first releases, % (a rate series).
CHINA_CPI = [0.7, -0.8, 1.2, 3.9, 1.8, 1.5, 4.8, 5.9, -0.7, 3.3, 5.4, 2.6, 2.6, 2.0,
             1.4, 2.0, 1.6, 2.1, 2.9, 2.5, 0.9, 2.0, 0.2, 0.2]


def annual(values: list[float], start: int, name: str = "series") -> pd.Series:
    return pd.Series(values, index=pd.period_range(str(start), periods=len(values), freq="Y"), name=name)


def china(n: int = 25) -> pd.Series:
    """The last ``n`` years of China's GDP growth up to 2024."""
    return annual(CHINA_GDP[-n:], 2025 - n, "china gdp")


def jiaxing() -> pd.Series:
    idx = pd.PeriodIndex([str(k) for k in JIAXING_GDP], freq="Y")
    return pd.Series(list(JIAXING_GDP.values()), index=idx, name="jiaxing gdp")


@pytest.fixture(scope="module")
def china_fits() -> dict[str, FittedModel]:
    return {name: make_model(name).fit(china()) for name in MODEL_NAMES}


# --------------------------------------------------------------------------- shapes and determinism
@pytest.mark.parametrize("name", MODEL_NAMES)
def test_simulate_shape_forecast_and_attributes(name: str, china_fits: dict[str, FittedModel]) -> None:
    fitted = china_fits[name]
    assert fitted.name == name and fitted.n_obs == 25 and not fitted.fallback
    for horizon in (1, 5):
        paths = fitted.simulate(horizon, 3000, seed=1)
        assert paths.shape == (3000, horizon)
        assert np.isfinite(paths).all()
        point = fitted.forecast(horizon)
        assert point.shape == (horizon,)
        # the point forecast sits inside the simulated 80 % band
        lo, hi = np.quantile(paths, [0.1, 0.9], axis=0)
        assert np.all((lo <= point) & (point <= hi))


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_same_seed_same_paths_different_seed_different(name: str, china_fits: dict[str, FittedModel]) -> None:
    fitted = china_fits[name]
    a = fitted.simulate(3, 500, seed=7)
    assert np.array_equal(a, fitted.simulate(3, 500, seed=7))
    assert np.array_equal(a, make_model(name).fit(china()).simulate(3, 500, seed=7))  # refit: same paths
    assert not np.allclose(a, fitted.simulate(3, 500, seed=8))


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_china_one_year_80pct_interval_is_sane(name: str, china_fits: dict[str, FittedModel]) -> None:
    paths = china_fits[name].simulate(1, 10_000, seed=0)[:, 0]
    lo, med, hi = np.quantile(paths, [0.1, 0.5, 0.9])
    assert 0.5 < hi - lo < 15
    assert 2.0 < med < 9.0  # 2025 growth: somewhere between the 2020 low and the 2000s


# --------------------------------------------------------------------------- short and long, levels and rates
@pytest.mark.parametrize("n", [8, 25])
@pytest.mark.parametrize("name", MODEL_NAMES)
def test_every_model_behaves_on_8_and_25_points(name: str, n: int) -> None:
    y = china(n)
    fitted = make_model(name).fit(y)
    paths = fitted.simulate(5, 2000, seed=3)
    sd = np.std(y.to_numpy(), ddof=1)
    spread = paths.std(axis=0)
    assert np.all(spread <= 4 * sd * 1.001)  # capped
    assert np.all(spread >= 0.1 * sd * 0.999)  # floored
    lo, hi = fitted.bounds(5)
    assert np.all(paths >= lo - 1e-9) and np.all(paths <= hi + 1e-9)
    # growth rates have no trend worth extrapolating: the range is the historical one +- 2 sd
    assert lo == pytest.approx([y.min() - 2 * sd] * 5) and hi == pytest.approx([y.max() + 2 * sd] * 5)


def test_bounds_follow_a_trending_level() -> None:
    fitted = make_model("naive").fit(annual(JIAXING_GDP_LEVEL, 2011))
    sd = np.std(JIAXING_GDP_LEVEL, ddof=1)
    lo, hi = fitted.bounds(10)
    assert lo == pytest.approx([min(JIAXING_GDP_LEVEL) - 2 * sd] * 10)
    assert hi[0] > max(JIAXING_GDP_LEVEL) + 2 * sd and np.all(np.diff(hi) > 300)  # moves ~377 a year


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_level_and_rate_series(name: str) -> None:
    level = make_model(name).fit(annual(JIAXING_GDP_LEVEL, 2011, "jiaxing gdp level"))
    cpi = make_model(name).fit(annual(CHINA_CPI, 2001, "china cpi"))
    for fitted in (level, cpi):
        paths = fitted.simulate(3, 2000, seed=0)
        assert np.isfinite(paths).all() and paths.std(axis=0).min() > 0
    # a trending level: every model but the mean expects 2025 above the 2024 level's 90 % of it
    if name != "mean":
        assert level.forecast(1)[0] > 0.9 * JIAXING_GDP_LEVEL[-1]


def test_mean_model_is_the_historical_mean_with_t_errors() -> None:
    fitted = make_model("mean").fit(china())
    assert fitted.forecast(2) == pytest.approx([np.mean(CHINA_GDP)] * 2)
    paths = fitted.simulate(1, 40_000, seed=0)[:, 0]
    # predictive sd of a t(24) scaled by s·sqrt(1 + 1/25): s·sqrt(1.04)·sqrt(24/22)
    expected = np.std(CHINA_GDP, ddof=1) * np.sqrt(1 + 1 / 25) * np.sqrt(24 / 22)
    assert paths.std() == pytest.approx(expected, rel=0.03)


def test_naive_is_last_value_with_random_walk_spread() -> None:
    fitted = make_model("naive").fit(china())
    assert fitted.forecast(3) == pytest.approx([5.0, 5.0, 5.0])
    paths = fitted.simulate(4, 40_000, seed=0)
    sigma = np.sqrt(np.mean(np.diff(CHINA_GDP) ** 2))
    # random-walk spread grows like sqrt(h) (until the 4 sd cap, not reached here at h <= 2)
    assert paths[:, 0].std() == pytest.approx(sigma, rel=0.03)
    assert paths[:, 1].std() == pytest.approx(sigma * np.sqrt(2), rel=0.03)


def test_drift_is_shrunk_away_on_growth_rates_but_kept_on_a_trending_level() -> None:
    growth = make_model("rw_drift").fit(china())
    level = make_model("rw_drift").fit(annual(JIAXING_GDP_LEVEL, 2011))
    assert isinstance(growth, DriftFit) and isinstance(level, DriftFit)
    assert growth.shrink < 0.5  # mean change -0.125 pp/year, t ~ -0.3: no drift
    assert level.shrink > 0.9  # +377 per year, t ~ 7
    mean_step = np.mean(np.diff(JIAXING_GDP_LEVEL))
    assert level.forecast(1)[0] == pytest.approx(7569.5 + level.shrink * mean_step)
    assert abs(growth.forecast(1)[0] - 5.0) < 0.1


def test_short_series_ets_drops_the_trend() -> None:
    assert make_model("ets").fit(china(8)).spec.startswith("ETS(A,N,N)")
    assert make_model("ets").fit(china(12)).spec == "ETS(A,Ad,N)"


@pytest.mark.parametrize(
    "results",
    [
        lambda y: SARIMAX(y, order=(1, 1, 0)).fit(disp=False),
        lambda y: SARIMAX(y, order=(1, 0, 0), trend="c").fit(disp=False),
        lambda y: UnobservedComponents(y, "local linear trend").fit(disp=False),
    ],
)
def test_state_space_paths_match_statsmodels_forecast_moments(results) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = results(np.array(CHINA_GDP))
    paths = state_space_paths(res, 3, 40_000, np.random.default_rng(0))
    fc = res.get_forecast(3)
    mean, var = np.asarray(fc.predicted_mean), np.asarray(fc.var_pred_mean)
    assert paths.mean(axis=0) == pytest.approx(mean, abs=4 * np.sqrt(var.max() / 40_000))
    assert paths.var(axis=0) == pytest.approx(var, rel=0.04)


# --------------------------------------------------------------------------- gaps
def test_constant_series_gets_the_mean_model_with_a_floored_spread() -> None:
    fitted = make_model("ets").fit(annual([3.5] * 9, 2016))  # e.g. a registered unemployment rate
    assert fitted.name == "mean" and fitted.requested == "ets" and fitted.fallback
    assert any("constant" in w for w in fitted.warnings)
    paths = fitted.simulate(2, 4000, seed=0)
    # floor of 1 % of the level, normal draws clipped at +-2 of those: sd a little under 0.035
    assert np.all((paths.std(axis=0) > 0.03) & (paths.std(axis=0) <= 0.035))
    assert np.median(paths) == pytest.approx(3.5, abs=0.01)


def test_nan_in_a_year_indexed_series_is_a_missing_year() -> None:
    y = annual([6.6, 6.1, np.nan, 8.1, 3.0, 5.2], 2018)
    fitted = make_model("mean").fit(y)
    assert fitted.n_obs == 6 and fitted.y.iloc[2] == pytest.approx((6.1 + 8.1) / 2)
    assert any("2020" in w for w in fitted.warnings)


def test_jiaxing_missing_2015_is_interpolated_and_noted() -> None:
    fitted = make_model("mean").fit(jiaxing())
    assert fitted.n_obs == 14
    assert fitted.y.loc[pd.Period("2015", "Y")] == pytest.approx((7.5 + 7.0) / 2)
    assert any("2015" in w and "interpolation" in w for w in fitted.warnings)


def test_points_before_a_long_gap_are_dropped() -> None:
    y = pd.concat([pd.Series([14.0], index=pd.PeriodIndex(["2005"], freq="Y")), jiaxing()])
    series, notes = prepare_series(y)
    assert series.index[0] == pd.Period("2011", "Y") and len(series) == 14
    assert any("before 2011 dropped" in n for n in notes)
    values, _ = prepare(y)
    assert isinstance(values, np.ndarray) and values[0] == 10.6 and values[4] == pytest.approx(7.25)


def test_unsorted_and_integer_year_index_are_accepted() -> None:
    y = china(10)
    shuffled = y.iloc[::-1]
    as_int = pd.Series(y.to_numpy(), index=[p.year for p in y.index])
    expected = make_model("mean").fit(y).simulate(2, 100, seed=0)
    assert np.array_equal(make_model("mean").fit(shuffled).simulate(2, 100, seed=0), expected)
    assert np.array_equal(make_model("mean").fit(as_int).simulate(2, 100, seed=0), expected)


# --------------------------------------------------------------------------- guards and fallback
class _Wild(FittedModel):
    """A toy model whose raw paths have a chosen spread (to exercise the guards)."""

    def __init__(self, y: pd.Series, spread: float) -> None:
        super().__init__("wild", y, "test")
        self.spread = spread

    def _point(self, horizon: int) -> np.ndarray:
        return np.full(horizon, 6.0)

    def _raw_paths(self, horizon: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        return 6.0 + self.spread * rng.standard_normal((n_paths, horizon))


def test_guard_caps_blown_up_and_floors_degenerate_spreads() -> None:
    y = china()
    sd = np.std(CHINA_GDP, ddof=1)
    wide_model = _Wild(y, spread=100 * sd)
    wide = wide_model.simulate(2, 5000, seed=0)
    assert np.all(wide.std(axis=0) <= 4 * sd * 1.0001)
    assert np.all(wide.std(axis=0) >= 2.5 * sd)  # rescaled to the cap, then clipped to the range +- 2 sd
    lo, hi = wide_model.bounds(2)
    assert wide.min() == pytest.approx(lo[0]) and wide.max() == pytest.approx(hi[0])
    assert any("capped" in w for w in wide_model.warnings) and any("clipped" in w for w in wide_model.warnings)
    narrow_model = _Wild(y, spread=0.0)
    narrow = narrow_model.simulate(2, 5000, seed=0)
    assert narrow.std(axis=0) == pytest.approx([0.1 * sd] * 2, rel=0.05)
    assert any("floor" in w for w in narrow_model.warnings)


def test_failed_fit_falls_back_to_the_mean(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise np.linalg.LinAlgError("singular matrix")

    monkeypatch.setattr(statespace, "SARIMAX", broken)
    fitted = make_model("arima").fit(china())
    assert fitted.fallback and fitted.name == "mean" and fitted.requested == "arima"
    assert fitted.spec == "mean (fallback for arima)"
    assert any(w.startswith("arima: the fit failed") and "mean stands in" in w for w in fitted.warnings)
    assert fitted.forecast(1)[0] == pytest.approx(np.mean(CHINA_GDP))
    assert fitted.simulate(2, 100, seed=0).shape == (100, 2)


def test_statsmodels_warnings_do_not_leak() -> None:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in MODEL_NAMES:
            make_model(name).fit(china(9)).simulate(3, 200, seed=0)
    assert caught == []


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "y, fragment",
    [
        (annual([6.1, 2.3, 8.1], 2019), "3 usable points"),
        (annual([6.6, 6.1, np.nan, np.nan, 3.0, 5.2, 5.0], 2018), "3 usable points"),  # 2 missing years: cut
        (pd.Series([6.6, 6.1, np.nan, 8.1, 3.0, 5.2]), "no years"),
        (np.array([6.6, 6.1, np.nan, 8.1, 3.0, 5.2]), "no years"),
        (annual([6.6, 6.1, np.inf, 8.1, 3.0, 5.2], 2018), "infinite"),
        (pd.Series([1.0] * 6, index=pd.PeriodIndex(["2020", "2020", "2021", "2022", "2023", "2024"], freq="Y")),
         "duplicated"),
        (pd.Series(np.arange(8.0), index=pd.period_range("2020Q1", periods=8, freq="Q")), "annual"),
        (pd.Series(["a", "b", "c", "d", "e"]), "non-numeric"),
    ],
)
def test_unusable_series_raise_model_error(y: pd.Series, fragment: str) -> None:
    with pytest.raises(ModelError, match=fragment):
        make_model("ets").fit(y)


def test_impossible_parameters_raise_parameter_error(china_fits: dict[str, FittedModel]) -> None:
    with pytest.raises(ParameterError, match="Unknown model"):
        make_model("prophet")  # type: ignore[arg-type]
    fitted = china_fits["theta"]
    for kwargs in ({"horizon": 0}, {"n_paths": 0}, {"seed": -1}, {"seed": 1.5}):
        args = {"horizon": 2, "n_paths": 10, "seed": 0} | kwargs
        with pytest.raises(ParameterError):
            fitted.simulate(**args)
    with pytest.raises(ParameterError):
        fitted.forecast(0)


# --------------------------------------------------------------------------- speed
def test_all_models_fit_and_simulate_10000_paths_quickly() -> None:
    y = jiaxing()
    for name in MODEL_NAMES:  # warm-up (imports, first-call overheads)
        make_model(name).fit(y).simulate(5, 100, seed=0)
    start = time.process_time()
    for name in MODEL_NAMES:
        make_model(name).fit(y).simulate(5, 10_000, seed=0)
    assert time.process_time() - start < 2.0  # about 0.2-0.4 s of CPU; generous for loaded CI machines


# --------------------------------------------------------------------------- first version of this file
# (the lead's original tests, kept as written)
def series(values: list[float], start: int = 2000) -> pd.Series:
    return pd.Series(values, index=pd.period_range(str(start), periods=len(values), freq="Y"), name="test")


@pytest.mark.parametrize("name", MODEL_NAMES)
@pytest.mark.parametrize("n", [8, 25])
def test_every_model_on_short_and_long_series(name: str, n: int) -> None:
    fitted = make_model(name).fit(series(CHINA_GDP[-n:]))
    paths = fitted.simulate(3, 4000, seed=0)
    assert paths.shape == (4000, 3)
    assert np.isfinite(paths).all()
    lo, hi = np.quantile(paths[:, 0], [0.1, 0.9])
    assert 0.3 < hi - lo < 15  # neither degenerate nor blown up
    assert -10 < np.median(paths[:, 0]) < 15


def test_same_seed_same_paths() -> None:
    fitted = make_model("ets").fit(series(CHINA_GDP))
    a, b, c = (fitted.simulate(2, 500, s) for s in (1, 1, 2))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_bad_series_are_refused() -> None:
    with pytest.raises(ModelError, match="fewer than the 5"):
        make_model("arima").fit(series([5.0, 6.0, 7.0]))
    with pytest.raises(ModelError, match="fewer than the 5"):
        make_model("mean").fit(series([5.0, np.nan, np.nan, 6.0, 7.0]))
    with pytest.raises(ParameterError, match="Unknown model"):
        make_model("prophet")
    with pytest.raises(ParameterError):
        make_model("mean").fit(series(CHINA_GDP)).simulate(0, 10, 0)


def test_gaps_interpolated_and_old_points_dropped() -> None:
    s = pd.Series([14.0, 10.6, 8.7, 9.3, 7.5, 7.0, 7.8],
                  index=pd.PeriodIndex(["2005", "2011", "2012", "2013", "2014", "2016", "2017"], freq="Y"), name="x")
    values, notes = prepare(s)
    assert values.tolist() == [10.6, 8.7, 9.3, 7.5, 7.25, 7.0, 7.8]
    assert any("2015 filled" in n for n in notes) and any("before 2011 dropped" in n for n in notes)


def test_constant_series_falls_back_to_mean() -> None:
    fitted = make_model("arima").fit(series([5.0] * 10))
    assert fitted.name == "mean"
    assert np.std(fitted.simulate(1, 1000, 0)) > 0  # floor keeps the interval open
