"""Write the stored reference results that ``tests/test_reference_results.py`` compares against.

One assessment of each kind of target, at fixed seeds and path counts, on the embedded data,
saved as `Assessment.to_dict` (every field but the paths) in
``tests/reference/assessments.json``.  Rerun after a deliberate change to the numbers, and
say in the commit why they moved:

    python scripts/make_reference_results.py
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import jxforecast as jx
from jxforecast.targets.target import Target

OUT = Path(__file__).resolve().parents[1] / "tests" / "reference" / "assessments.json"
N_PATHS = 2000
SEED = 7

# (name, target id or builder arguments, assess keyword arguments)
CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("growth_around_gdp", {"id": "003-01"}, {}),
    ("growth_at_least_nominal", {"id": "003-05"}, {"as_of": 2023}),
    ("ensure_strive", {"id": "002-03"}, {}),
    ("range_china", {"id": "ref-china-2019-gdp"}, {}),
    ("rate_at_most", {"id": "003-12"}, {}),
    ("share_around", {"id": "001-41"}, {}),
    ("money_level_goal", {"id": "004-02"}, {"as_of": 2021}),
    ("multiple_by_2035", {"id": "004-08"}, {"as_of": 2020}),
    ("in_step_with_growth", {"id": "001-25"}, {}),
    ("within_year_h1", {"region": "jiaxing", "indicator": "gdp", "year": 2023, "text": "增长6.5%左右"},
     {"ytd": (6, 6.0)}),
    # a value checked far below the plan's 6%: the forecast is the plan's (003-01), the threshold is 0
    ("checked_below_announced", {"region": "jiaxing", "indicator": "gdp", "year": 2024, "op": ">=", "value": 0.0},
     {"as_of": 2023}),
    ("announced_none", {"id": "003-01"}, {"announced": "none"}),
]


def target_of(spec: dict[str, Any]) -> Target:
    if "id" in spec:
        return jx.get_target(spec["id"])
    if "text" in spec:
        return jx.build_target(spec["region"], spec["indicator"], spec["year"], text=spec["text"])
    return jx.build_target(spec["region"], spec["indicator"], spec["year"], op=spec["op"], value=spec["value"])


def reference_results() -> dict[str, dict[str, Any]]:
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jx.JxWarning)
        for name, spec, kwargs in CASES:
            a = jx.assess(target_of(spec), n_paths=N_PATHS, seed=SEED, **kwargs)
            out[name] = a.to_dict()
    return out


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(reference_results(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(CASES)} reference assessments written to {OUT}")


if __name__ == "__main__":
    main()
