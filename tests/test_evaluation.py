"""Scoring probabilities: Brier, log score, calibration error, and the shipped panel evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from jxforecast.feasibility.evaluation import (
    brier,
    calibration_error,
    method_label,
    panel_reliability,
    panel_scores,
    reading,
    reliability,
)
from jxforecast.models.gaps import log_score


def test_scores_of_simple_forecasters():
    met = np.array([1, 0, 1, 1], dtype=float)
    assert brier(np.full(4, 0.5), met) == pytest.approx(0.25)
    assert brier(met, met) == 0.0
    assert log_score(np.full(4, 0.5), met) == pytest.approx(np.log(2))
    # a constant equal to the share met is perfectly calibrated
    assert calibration_error(np.full(4, 0.75), met) == pytest.approx(0.0)
    r = reliability(np.array([0.05, 0.15, 0.95, 0.95]), met)
    assert r["n"].tolist() == [1, 1, 2] and r["met"].tolist() == [1.0, 0.0, 1.0]


def test_shipped_panel_evaluation_beats_the_past_share_met():
    scores = panel_scores("all").set_index("method")["brier"]
    published = scores[method_label("combined")]
    assert published < scores[method_label("past_share")]
    assert published < scores[method_label("always_50")]
    rel = panel_reliability("combined")
    assert rel["n"].sum() > 1500 and rel["p"].between(0, 1).all()
    assert set(panel_scores("level")["level"]) >= {"city", "nation"}


def test_reading_says_what_a_brier_score_means():
    assert "more information" in reading(0.20, 0.25, "always 50%")
    assert "indicative" in reading(0.29, 0.25, "always 50%")
    assert "不比简单参照更好" in reading(0.29, 0.25, "始终回答50%", "zh")
