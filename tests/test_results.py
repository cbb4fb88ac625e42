"""The results object: typed parts, summary views, exact JSON round trip, named caveats."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import jxforecast as jx
from jxforecast.caveats import Caveat, of_class
from jxforecast.feasibility import Assessment, AssessmentSet, Interval, Met, Requirement, assess_many

N = 2000


@pytest.fixture(scope="module")
def retail() -> Assessment:
    """003-05, Jiaxing retail sales 2024 "增长5.5%以上", as of 2023: borrowed dynamics, an outcome."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jx.JxWarning)
        return jx.assess(jx.get_target("003-05"), as_of=2023, n_paths=N, seed=0)


def test_parts_are_typed_and_read_like_their_json(retail: Assessment) -> None:
    a = retail
    assert isinstance(a.interval, Interval) and a.interval.level == 0.8
    assert a.interval["lo"] == a.interval.lo < a.median < a.interval.hi
    assert a.interval.width == pytest.approx(a.interval.hi - a.interval.lo)
    assert isinstance(a.required, Requirement) and a.required.value == 5.5 and a.required.basis == "nominal"
    assert isinstance(a.met, Met) and a.met == {"strict": False, "tolerant": False, "strive": None}
    assert a.outcome == 5.3 and a.verdict in ("likely", "attainable", "stretch", "unlikely")
    assert all(isinstance(w, Caveat) for w in a.warnings)


def test_json_round_trip_is_exact(retail: Assessment) -> None:
    d = retail.to_dict(paths=True)
    back = Assessment.from_dict(json.loads(json.dumps(d)))
    assert back == retail and back.to_dict(paths=True) == d
    assert np.array_equal(back.paths, retail.paths)
    assert [w.category for w in back.warnings] == [w.category for w in retail.warnings]
    assert d["format"] == "jxforecast-assessment-1" and "paths" not in retail.to_dict()


def test_summary_text_html_and_markdown(retail: Assessment) -> None:
    text = str(retail.summary())
    assert text.splitlines()[0].strip() == "Target assessment: 社会消费品零售总额增长5.5%以上。"
    assert "003-05 jiaxing retail 2024 >= 5.5" in text and "Verdict:" in text and "80% interval:" in text
    assert "Outcome:" in text and "5.3% × missed" in text
    assert "[1] " in text and "(MethodNote)" in text  # numbered caveats with their classes
    html = retail._repr_html_()
    assert html.startswith("<div class='jx-summary'>") and "<ol class='jx-summary-caveats'>" in html
    assert html.count("<li>") == len(retail.warnings)
    md = retail.summary().as_markdown()
    assert "| Probability |" in md and "1. " in md
    zh = str(retail.summary("zh"))
    assert "结论" in zh and "概率" in zh


def test_to_frame_is_one_row_of_the_batch_table(retail: Assessment) -> None:
    row = retail.to_frame()
    assert len(row) == 1 and row.loc[0, "target_id"] == "003-05"
    assert row.loc[0, "probability"] == pytest.approx(retail.probability)
    assert row.loc[0, "lo"] == pytest.approx(retail.interval.lo)


def test_caveats_are_warned_by_class() -> None:
    # the time series alone (announced "none") borrows China's dynamics and says so
    with pytest.warns(jx.FallbackWarning, match="the model uses china's dynamics") as record:
        jx.assess(jx.get_target("003-05"), as_of=2023, n_paths=500, seed=0, announced="none")
    assert all(issubclass(r.category, jx.JxWarning) for r in record)
    # a method note is recorded on the result but not raised
    assert not any(r.category is jx.MethodNote for r in record)


def test_stale_data_warns_and_comes_first() -> None:
    with pytest.warns(jx.StaleDataWarning, match="Stale data: jiaxing's last"):
        a = jx.assess(jx.get_target("003-32"), as_of=2019, n_paths=500, seed=0)
    assert a.warnings[0].category is jx.StaleDataWarning


def test_a_set_has_typed_states_and_selects_caveats_by_class() -> None:
    targets = [jx.get_target("003-05"), jx.get_target("004-02")]
    blanked = jx.build_target("xiuzhou", "gdp", 2024, op=">=", value=6.0, as_of=2023)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jx.JxWarning)
        items = assess_many([*targets, blanked], n_paths=500)
    assert isinstance(items, AssessmentSet) and len(items) == 3
    assert {it.state for it in items} <= {"assessed", "refused", "failed"}
    assert len(items.assessed) + len(items.refused) + len(items.failed) == 3
    fallbacks = items.caveats(jx.FallbackWarning)
    assert fallbacks and all(issubclass(c.category, jx.FallbackWarning) for _, c in fallbacks)
    frame = items.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) == 3
    back = AssessmentSet.from_dict(json.loads(json.dumps(items.to_dict())))
    assert [it.state for it in back] == [it.state for it in items]
    assert back.to_frame().equals(frame)


def test_of_class_never_reads_words() -> None:
    notes = [Caveat("Stale data in words only", jx.MethodNote), Caveat("old figures", jx.StaleDataWarning)]
    assert of_class(notes, jx.StaleDataWarning) == ["old figures"]


def test_one_configuration_is_validated_recorded_and_used() -> None:
    from jxforecast.feasibility.config import AssessConfig, DeflatorSettings

    with pytest.raises(jx.ParameterError, match="deflator.persistence must be in"):
        DeflatorSettings(persistence=1.2)
    with pytest.raises(jx.ParameterError, match="Unknown configuration setting.*stale_yeras"):
        AssessConfig.from_dict({"stale_yeras": 3})
    cfg = AssessConfig(stale_years=9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jx.JxWarning)
        default = jx.assess(jx.get_target("003-32"), as_of=2019, n_paths=500)
        relaxed = jx.assess(jx.get_target("003-32"), as_of=2019, n_paths=500, config=cfg)
    assert default.warnings[0].category is jx.StaleDataWarning
    assert not of_class(relaxed.warnings, jx.StaleDataWarning)  # 2017 data are not stale under 9 years
    assert AssessConfig.from_dict(relaxed.parameters["config"]) == cfg
    assert default.parameters["config"] == AssessConfig().to_dict()


def test_one_definition_of_met() -> None:
    from jxforecast.targets.semantics import evaluate, reaches

    gdp = jx.build_target("jiaxing", "gdp", 2024, op="~", value=6.0)
    cpi = jx.build_target("china", "cpi", 2024, op="<=", value=3.0)
    assert reaches(gdp, 6.0, 6.0) is True and reaches(gdp, 5.99, 6.0) is False
    assert reaches(cpi, 2.9, 3.0) is True and reaches(cpi, 3.1, 3.0) is False
    assert reaches(gdp, np.array([5.0, 6.0, 7.0]), 6.0).tolist() == [False, True, True]
    assert evaluate(gdp, 5.6).met_tolerant is True and evaluate(gdp, 5.6).met_strict is False


def test_refusals_view_says_why_in_the_pages_language() -> None:
    from jxforecast.report.tables import refusals_view

    summary = pd.DataFrame({"target_id": ["003-40", "003-05"], "indicator": ["gdp", "retail"],
                            "verdict": ["refused", "attainable"], "quote": ["增长6%", "增长5.5%以上"],
                            "note": ["Too little history; `jxforecast data template` writes a file.", None]})
    zh = refusals_view(summary, "zh")
    assert list(zh.columns) == ["编号", "指标", "判断", "目标原文", "原因及补充数据的方法"]
    assert zh.iloc[0].tolist()[:3] == ["003-40", "地区生产总值", "未评估"] and len(zh) == 1
    assert refusals_view(summary, "en").iloc[0]["why, and what to add"].startswith("Too little history")
