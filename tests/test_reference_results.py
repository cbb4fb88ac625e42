"""Every field of one assessment of each kind of target against stored reference results.

What is exact (words, ids, counts, years, verdicts) is compared exactly; what comes out of an
optimiser or a simulation is compared to a relative 1e-4 (absolute 1e-6 near zero), a
tolerance that holds across CPUs and BLAS kernels, which differ in the 7th digit.

The reference file ``tests/reference/assessments.json`` is written by
``scripts/make_reference_results.py`` (the cases, seeds and path counts are there); a
deliberate change to the numbers reruns it and says why in the commit.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_reference_results import CASES, reference_results  # noqa: E402

REL_TOL = 1e-4  # fitted and simulated numbers differ in the 7th digit from one BLAS kernel to another
ABS_TOL = 1e-6
STORED = json.loads((ROOT / "tests" / "reference" / "assessments.json").read_text(encoding="utf-8"))


def _compare(got: Any, want: Any, where: str) -> None:
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), f"{where}: keys {sorted(got)} != {sorted(want)}"
        for k in want:
            _compare(got[k], want[k], f"{where}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{where}: length"
        for i, (g, w) in enumerate(zip(got, want)):
            _compare(g, w, f"{where}[{i}]")
    elif isinstance(want, float) and not isinstance(want, bool):
        assert isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=REL_TOL, abs_tol=ABS_TOL), \
            f"{where}: {got} != {want}"
    else:
        assert got == want, f"{where}: {got!r} != {want!r}"


@pytest.fixture(scope="module")
def current() -> dict[str, dict[str, Any]]:
    return reference_results()


def test_the_cases_cover_every_kind_of_target() -> None:
    kinds = {STORED[name]["target"]["operator"] + "/" + STORED[name]["target"]["measure"] for name, _, _ in CASES}
    assert {"~/yoy_real", ">=/yoy_nominal", "ensure_strive/yoy_real", "range/yoy_real", "<=/rate", "~/share",
            ">=/level", ">=/multiple", "sync/yoy_nominal"} <= kinds
    assert any(STORED[name]["parameters"]["ytd"] for name, _, _ in CASES)  # a within-year check
    # the value checked is not the announced target: the plan's 6% informs the forecast
    assert STORED["checked_below_announced"]["announced"] == {"value": 6.0, "source": "catalogue",
                                                              "target_id": "003-01"}
    assert STORED["announced_none"]["announced"]["source"] == "none"


def test_a_value_checked_reads_the_same_forecast_as_the_plan_target() -> None:
    plan, checked = STORED["growth_around_gdp"], STORED["checked_below_announced"]
    assert checked["median"] == plan["median"] and checked["interval"] == plan["interval"]
    assert checked["probability_strict"] >= 0.95


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_every_field_matches_the_reference(current: dict[str, dict[str, Any]], name: str) -> None:
    _compare(current[name], STORED[name], name)
