"""The fit memo behind the backtest: the same numbers as fresh fits, reuse over successive as_of, bounded."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from jxforecast.feasibility import engine
from jxforecast.models import DEFAULT_MODELS, backtest, blend_simulate, calibrate, make_model
from jxforecast.models import family
from jxforecast.models.backtest import BacktestResult, clear_memos

# China real GDP growth, first releases 2000-2024, %.
CHINA_GDP = [8.0, 7.3, 8.0, 9.1, 9.5, 9.9, 10.7, 11.4, 9.0, 8.7, 10.3, 9.2, 7.8,
             7.7, 7.4, 6.9, 6.7, 6.9, 6.6, 6.1, 2.3, 8.1, 3.0, 5.2, 5.0]
# Jiaxing real GDP growth: 2005, then a gap (older points dropped), and 2015 missing (interpolated), %.
JIAXING_GDP = {2005: 14.0, 2011: 10.6, 2012: 8.7, 2013: 9.3, 2014: 7.5, 2016: 7.0, 2017: 7.8, 2018: 7.6,
               2019: 7.0, 2020: 3.5, 2021: 8.5, 2022: 2.5, 2023: 6.3, 2024: 5.6}


def china(last: int = 2024) -> pd.Series:
    y = pd.Series(CHINA_GDP, index=pd.period_range("2000", periods=len(CHINA_GDP), freq="Y"), name="china gdp")
    return y[y.index.year <= last]


def jiaxing(last: int = 2024) -> pd.Series:
    y = pd.Series(JIAXING_GDP, name="jiaxing gdp")
    y.index = pd.PeriodIndex([str(k) for k in JIAXING_GDP], freq="Y")
    return y[y.index.year <= last]


@pytest.fixture(autouse=True)
def _no_disk_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests count the fits computed in this process: none is read from disk."""
    monkeypatch.setattr(family, "DISK_MEMO", False)


@pytest.fixture(autouse=True)
def _empty_memos():
    clear_memos()
    engine._MEMO.clear()
    yield
    clear_memos()
    engine._MEMO.clear()


@pytest.fixture
def fit_count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the fits actually computed (not answered by the memo)."""
    count = [0]
    real = family.Model.fit

    def counting(self, y, *, memo=False):
        if not memo:
            count[0] += 1
        return real(self, y, memo=memo)

    monkeypatch.setattr(family.Model, "fit", counting)
    return count


def assert_same_backtest(a: BacktestResult, b: BacktestResult) -> None:
    pd.testing.assert_frame_equal(a.forecasts, b.forecasts, check_exact=True)
    pd.testing.assert_frame_equal(a.metrics, b.metrics, check_exact=True)
    assert a.weights == b.weights and repr(a.calibration) == repr(b.calibration)
    assert (a.n_folds, a.min_train, a.horizon, a.notes) == (b.n_folds, b.min_train, b.horizon, b.notes)


def assert_same_paths(a: engine.PathForecast, b: engine.PathForecast) -> None:
    np.testing.assert_array_equal(a.paths, b.paths)
    assert a.weights == b.weights and a.calibration == b.calibration and a.warnings == b.warnings
    assert a.backtest_mse == b.backtest_mse and a.backtest == b.backtest and a.n_obs == b.n_obs


def reference_blend_paths(
    y: pd.Series, horizon: int, n_paths: int, seed: int
) -> tuple[BacktestResult, engine.PathForecast]:
    """`engine._blend_paths` as it was before the memo (final fits on the raw series), and its backtest."""
    bt = backtest(y, models=DEFAULT_MODELS, horizon=1, n_paths=1000, seed=seed)
    fitted = {m: make_model(m).fit(y) for m in DEFAULT_MODELS if bt.weights.get(m, 0) > 0}
    warnings = [w for f in fitted.values() for w in f.warnings]
    cal = bt.calibration
    paths = calibrate(blend_simulate(fitted, bt.weights, horizon, n_paths, seed), cal.factor)
    if cal.message:
        warnings.append(cal.message)
    calibration = {"factor": cal.factor, "folds": cal.folds, "applied": cal.applied, "method": cal.method}
    scores = {str(m): {k: float(v) for k, v in row.items() if k in engine.BACKTEST_COLUMNS}
              for m, row in bt.metrics.iterrows()}
    return bt, engine.PathForecast(paths, dict(bt.weights), calibration, len(y), warnings, bt.blend_mse, scores)


# --------------------------------------------------------------------------- same numbers
@pytest.mark.parametrize(("series", "years"), [(china, range(2019, 2022)), (jiaxing, range(2020, 2023))])
def test_successive_as_of_reuse_fits_and_give_the_fresh_numbers(series, years, fit_count: list[int]) -> None:
    # one year after the other, as a panel does; China has 20..22 points: the kept origins
    # (the latest 12) start to shift with the series' end at 21 points
    warm, fits = [], []
    for year in years:
        before = fit_count[0]
        pf = engine._blend_paths(series(year), 2, 500, 3, DEFAULT_MODELS)  # backtest, then final fits
        warm.append((backtest(series(year), n_paths=1000, seed=3), pf))
        fits.append(fit_count[0] - before)
    # after the first year only the full series is new, for each model: the backtest's newest
    # origin is the previous year's full series
    assert fits[1:] == [len(DEFAULT_MODELS)] * (len(fits) - 1) and fits[0] > 5 * len(DEFAULT_MODELS)
    for year, (bt, pf) in zip(years, warm):
        clear_memos()  # from scratch, and the final fits as before the memo
        fresh_bt, fresh_pf = reference_blend_paths(series(year), 2, 500, 3)
        assert_same_backtest(bt, fresh_bt)
        assert_same_paths(pf, fresh_pf)
    assert any("filled by linear interpolation" in w for w in warm[-1][1].warnings) == (series is jiaxing)


def test_memo_fit_equals_a_fresh_fit() -> None:
    y = china(2019)
    for name in DEFAULT_MODELS:
        fresh = make_model(name).fit(y)
        first = make_model(name).fit(y, memo=True)
        again = make_model(name).fit(y, memo=True)
        assert again is not first and again.warnings is not first.warnings
        for fitted in (first, again):
            assert (fitted.name, fitted.spec, fitted.warnings, fitted.fallback) == (
                fresh.name, fresh.spec, fresh.warnings, fresh.fallback)
        expected = (fresh.forecast(3), fresh.simulate(3, 200, 7), list(fresh.warnings))
        for fitted in (first, again):
            np.testing.assert_array_equal(fitted.forecast(3), expected[0])
            np.testing.assert_array_equal(fitted.simulate(3, 200, 7), expected[1])
            assert fitted.warnings == expected[2]  # guard notes of its own simulation


def test_memo_copies_are_private() -> None:
    y = china(2019)
    a = make_model("arima").fit(y, memo=True)
    a.warnings.append("a note of this copy only")
    a.forecast(2)[:] = 99.0  # a caller's array, not the cached forecast
    b = make_model("arima").fit(y, memo=True)
    assert "a note of this copy only" not in b.warnings
    assert b.forecast(2).flags.writeable and not np.any(b.forecast(2) == 99.0)


def test_memo_keys_tell_series_apart() -> None:
    y = china(2019)
    make_model("mean").fit(y, memo=True)
    renamed, shifted, changed = y.rename("other"), y.copy(), y.copy()
    shifted.index = shifted.index + 1
    changed.iloc[-1] += 0.1  # a revised last value
    for other in (renamed, shifted, changed):
        make_model("mean").fit(other, memo=True)
    assert len(family._FIT_MEMO) == 4
    # input the memo does not key (plain values, an integer year index) is fitted afresh
    plain = make_model("mean").fit(list(y), memo=True)
    years = make_model("mean").fit(pd.Series(y.to_numpy(), index=y.index.year), memo=True)
    assert len(family._FIT_MEMO) == 4
    assert plain.forecast(1) == years.forecast(1) == make_model("mean").fit(y).forecast(1)


# --------------------------------------------------------------------------- bounded, thread-safe
def test_memo_stays_bounded_and_keeps_the_latest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(family, "FIT_MEMO_SIZE", 10)
    models = ("mean", "naive", "theta")
    bt = backtest(china(2020), models=models, n_paths=300, seed=1)  # 12 folds x 3 models = 36 fits
    assert len(family._FIT_MEMO) == 10
    newest = {(m, len(china(2019))) for m in models}  # the last fold's fits are the most recent
    kept = {(key[0], len(np.frombuffer(key[-1]))) for key in family._FIT_MEMO}
    assert newest <= kept
    clear_memos()
    assert not family._FIT_MEMO
    assert_same_backtest(bt, backtest(china(2020), models=models, n_paths=300, seed=1))


def test_threads_share_the_memo_safely() -> None:
    models = ("mean", "rw_drift", "ets", "theta")
    years = [2016, 2017, 2018, 2019] * 2
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda year: backtest(china(year), models=models, n_paths=300, seed=2), years))
    assert len(family._FIT_MEMO) <= family.FIT_MEMO_SIZE
    for year, bt in zip(years[:4], results[:4]):
        clear_memos()
        fresh = backtest(china(year), models=models, n_paths=300, seed=2)
        for same in results[years.index(year)::4]:
            assert_same_backtest(same, fresh)


def test_fits_read_from_disk_give_the_same_numbers(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new process reads the fits of a series seen before (the disk memo): same backtest, same paths."""
    monkeypatch.setenv("JXFORECAST_CACHE", str(tmp_path))
    monkeypatch.setattr(family, "DISK_MEMO", True)
    fresh = backtest(jiaxing(2023), n_paths=500, seed=3)
    assert len(list((tmp_path / "fits").glob("*.pkl"))) >= 4  # the statsmodels fits
    clear_memos()  # as in a new process: only the disk knows the fits
    calls = []
    real = family.Model.fit

    def counting(self, y, *, memo=False):
        if not memo:
            calls.append(self.name)
        return real(self, y, memo=memo)

    monkeypatch.setattr(family.Model, "fit", counting)
    again = backtest(jiaxing(2023), n_paths=500, seed=3)
    assert set(calls) == {"mean", "naive", "rw_drift"}  # fitted faster than read: not kept on disk
    assert_same_backtest(fresh, again)
    make_model("llt").fit(jiaxing(2023), memo=True)
    clear_memos()
    calls.clear()
    fitted = make_model("llt").fit(jiaxing(2023), memo=True)
    assert calls == []
    monkeypatch.setattr(family, "DISK_MEMO", False)
    own = make_model("llt").fit(jiaxing(2023))
    np.testing.assert_array_equal(fitted.simulate(3, 200, seed=1), own.simulate(3, 200, seed=1))


def test_backtest_memo_hands_out_copies_of_one_backtest(fit_count: list[int]) -> None:
    first = backtest(china(2019), n_paths=400, seed=2)
    fits = fit_count[0]
    again = backtest(china(2019), n_paths=400, seed=2)
    assert fit_count[0] == fits  # nothing refitted: the memo answered
    assert_same_backtest(first, again)
    again.forecasts.loc[:, "point"] = 0.0
    again.weights["mean"] = 1.0
    assert_same_backtest(first, backtest(china(2019), n_paths=400, seed=2))  # the memo's copy is untouched
    other = backtest(china(2019), n_paths=400, seed=3)  # another argument, another backtest (fits from the fit memo)
    assert not other.forecasts["median"].equals(first.forecasts["median"])
    clear_memos()
    assert_same_backtest(first, backtest(china(2019), n_paths=400, seed=2))
