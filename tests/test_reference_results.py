"""Every field of one assessment of each kind of target against stored reference results.

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
        assert isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-7, abs_tol=1e-9), \
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


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_every_field_matches_the_reference(current: dict[str, dict[str, Any]], name: str) -> None:
    _compare(current[name], STORED[name], name)
