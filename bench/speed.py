"""Speed of one assessment (10,000 paths), after imports.  Prints figures; asserts nothing.

Run: .venv/bin/python bench/speed.py
"""

from __future__ import annotations

import statistics
import time

import jxforecast  # noqa: F401  (imports are not timed)
from jxforecast.feasibility import assess, build_target
from jxforecast.targets import get_target

CASES = {
    "jiaxing gdp 2024 ~6 (anchored)": lambda: build_target("jiaxing", "gdp", 2024, text="增长6%左右"),
    "china gdp 2024 ~5 (24 obs)": lambda: get_target("ref-china-2024-gdp"),
    "jiaxing gdp 2024, H1 5.1%": None,
    "GDP 1万亿元 by 2025 (level goal)": lambda: get_target("004-02"),
    "GDP doubled by 2035 (h=11)": lambda: get_target("004-08"),
}


def main() -> None:
    warm = build_target("jiaxing", "gdp", 2024, text="6")
    assess(warm, n_paths=1000)  # first call loads data and caches tables
    print(f"{'case':40s} {'median s':>9s} {'min s':>7s}  (5 runs, 10,000 paths)")
    for name, make in CASES.items():
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            if make is None:
                assess(build_target("jiaxing", "gdp", 2024, text="6"), ytd=(6, 5.1), n_paths=10_000)
            else:
                assess(make(), n_paths=10_000)
            times.append(time.perf_counter() - t0)
        print(f"{name:40s} {statistics.median(times):9.3f} {min(times):7.3f}")
    print("goal: under 1 second per assessment after imports")


if __name__ == "__main__":
    main()
