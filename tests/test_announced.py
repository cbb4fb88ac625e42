"""The announced target informs the forecast; the value checked only reads a threshold off it.

Jiaxing's 2024 GDP growth, as of 2023: the plan announced 6% (003-01).  Whatever value a user
checks, the forecast (median, interval, paths) is the one the 6% informs; a user may give
another announced target, or none (the time series alone).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from jxforecast.cli import app
from jxforecast.errors import ParameterError
from jxforecast.feasibility import assess, build_target
from jxforecast.feasibility.announced import Announced, announced_target
from jxforecast.targets.catalogue import load_targets

N = 1000
CHECK = ["check", "--region", "jiaxing", "--indicator", "gdp", "--year", "2024", "--op", ">=", "--as-of", "2023",
         "--n-paths", str(N), "--format", "json"]


def _json(*extra: str) -> dict:
    result = CliRunner().invoke(app, [*CHECK, *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_value_checked_does_not_move_the_forecast() -> None:
    zero, six, twelve = (_json("--value", v) for v in ("0", "6", "12"))
    assert zero["median"] == six["median"] == twelve["median"]
    assert zero["interval"] == six["interval"] == twelve["interval"]
    assert zero["announced"] == {"value": 6.0, "source": "catalogue", "target_id": "003-01"}
    # Jiaxing grew 6.3% in 2023: growth at all is near certain, 12% is not
    assert zero["probability_strict"] >= 0.9 > six["probability_strict"] > twelve["probability_strict"]
    assert twelve["probability_strict"] <= 0.05


def test_the_summary_says_which_announced_target_informs_the_forecast() -> None:
    result = CliRunner().invoke(app, [*CHECK[:-2], "--value", "0"])
    assert result.exit_code == 0, result.output
    assert "Announced:       6 (003-01, the plan's target)" in result.output


def test_announced_none_is_the_time_series_alone() -> None:
    none = _json("--value", "0", "--announced", "none")
    assert none["announced"]["source"] == "none" and none["announced"]["value"] is None
    assert "target_outcome" not in none["models"]
    plan = _json("--value", "0")
    assert none["median"] != plan["median"]


def test_an_announced_target_given_by_the_user_replaces_the_plans() -> None:
    plan, higher = _json("--value", "5"), _json("--value", "5", "--announced", "8")
    assert higher["announced"] == {"value": 8.0, "source": "user", "target_id": ""}
    # a more ambitious target pulls the forecast up, but by less than the 2 points (cities fall short)
    assert 0 < higher["median"] - plan["median"] < 2.0


@pytest.mark.parametrize("bad", ["six", "nan", "inf"])
def test_an_announced_target_that_is_not_a_number_is_one_line(bad: str) -> None:
    result = CliRunner().invoke(app, [*CHECK, "--value", "5", "--announced", bad])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "--announced" in result.output


def test_a_region_without_a_plan_target_uses_the_value_checked() -> None:
    goal = build_target("zhejiang", "gdp", 2030, op=">=", value=4.5)
    assert announced_target(goal) == Announced(4.5, "checked")
    assert announced_target(goal, "none") == Announced(None, "none")
    with pytest.raises(ParameterError, match="finite number"):
        announced_target(goal, "soon")


def test_a_range_is_announced_as_its_midpoint() -> None:
    china = load_targets(region="china", year=2019, indicator="gdp")
    china = china[china["measure"] == "yoy_real"]
    assert list(china[["value", "value_high"]].iloc[0]) == [6.0, 6.5]
    goal = build_target("china", "gdp", 2019, op=">=", value=6.0)
    assert announced_target(goal).value == pytest.approx(6.25)


def test_a_target_file_carries_its_announced_target(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("region,year,indicator,operator,value,announced\n"
                    "jiaxing,2024,gdp,>=,7,5.5\njiaxing,2024,gdp,>=,7,none\njiaxing,2024,gdp,>=,7,\n", encoding="utf-8")
    rows = load_targets(path)
    from jxforecast.targets.target import Target

    targets = [Target.from_row(r) for r in rows.to_dict("records")]
    assert [t.announced for t in targets] == [5.5, "none", None]
    sources = [assess(t, as_of=2023, n_paths=N).announced for t in targets]
    assert [s["source"] for s in sources] == ["user", "none", "catalogue"]


def test_paths_are_the_same_for_every_value_checked() -> None:
    a = assess(build_target("jiaxing", "gdp", 2024, op=">=", value=0.0), as_of=2023, n_paths=N)
    b = assess(build_target("jiaxing", "gdp", 2024, op="~", value=9.0), as_of=2023, n_paths=N)
    assert np.array_equal(a.paths, b.paths)
