"""Hand-computed cases of the feasibility arithmetic (no simulation)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jxforecast as jx
from jxforecast.errors import ParameterError
from jxforecast.feasibility import VerdictBands, goals
from jxforecast.models import within_year


def test_required_rest_of_year_by_hand() -> None:
    # H1 growth 5.1 %, H1 was 48 % of last year's total, annual target 6 %:
    # (1.06 - 0.48 * 1.051) / 0.52 - 1 = 0.068308 -> 6.83 %
    assert within_year.required_rest_of_year(6.0, 5.1, 0.48) == pytest.approx(6.8308, abs=1e-4)
    # and back: the annual growth implied by that rest-of-year growth is the target
    assert within_year.annual_from_rest(5.1, np.array([6.8308]), 0.48)[0] == pytest.approx(6.0, abs=1e-4)


def test_period_weight_from_data_and_fallback() -> None:
    data = jx.load_observations()
    w = within_year.ytd_weight(data, "zhejiang", "gdp", 6, 2024)
    assert w.source == "data" and w.year == 2023
    assert 0.44 < w.weight < 0.47  # H1 is a little under half of the year
    up = within_year.ytd_weight(data, "xiuzhou", "gdp", 9, 2024)  # no Xiuzhou levels: Jiaxing's or Zhejiang's
    assert up.source == "data" and up.region in ("jiaxing", "zhejiang") and 0.70 < up.weight < 0.74
    fb = within_year.ytd_weight(data, "xiuzhou", "gdp", 5, 2024)  # nobody has May levels: the last resort
    assert (fb.source, fb.weight, fb.region) == ("fallback", 5 / 12, None)
    with pytest.raises(ParameterError):
        within_year.ytd_weight(data, "jiaxing", "gdp", 12, 2024)


def test_required_cagr_for_a_level_goal() -> None:
    # 1 trillion yuan (10000亿元) by 2025 from 7062.5亿元 in 2023: (10000/7062.5)^(1/2) - 1
    assert goals.required_cagr(7062.5, 10000, 2) == pytest.approx(18.99, abs=0.01)
    # doubling in 15 years needs 4.73 % a year
    assert goals.required_cagr(1.0, 2.0, 15) == pytest.approx(4.729, abs=1e-3)
    with pytest.raises(ParameterError):
        goals.required_cagr(100, 200, 0)


def test_deflator_from_levels_and_real_growth() -> None:
    idx = pd.period_range("2019", "2021", freq="Y")
    levels = pd.Series([100.0, 106.0, 115.0], index=idx)
    real = pd.Series([5.0, 3.0, 6.0], index=idx)
    d = goals.implied_deflator(levels, real)
    assert d.round(4).tolist() == [round(100 * (1.06 / 1.03 - 1), 4), round(100 * ((115 / 106) / 1.06 - 1), 4)]


def test_percentile_in_history() -> None:
    assert goals.percentile_in_history(7.0, pd.Series([5.0, 6.0, 8.0, 9.0])) == 50.0
    assert goals.percentile_in_history(7.0, pd.Series([], dtype=float)) is None


def test_verdict_bands() -> None:
    bands = VerdictBands()
    assert [bands.verdict(p) for p in (0.95, 0.8, 0.6, 0.3, 0.1, None)] == [
        "likely", "likely", "attainable", "stretch", "unlikely", "unknown"
    ]
    assert VerdictBands(0.9, 0.6, 0.3).verdict(0.85) == "attainable"
    with pytest.raises(ParameterError):
        VerdictBands(0.5, 0.8, 0.2)
