"""Speed of one assessment (10,000 paths), after imports.  Prints figures; asserts nothing.

Columns: ``cold s``, the first run with every per-process memo emptied (what a new
series costs: backtest, fits, simulation); ``median s`` and ``min s`` of 5 runs after it
(the engine's memo answers repeats).  The last line is the panel case: China's GDP
target of each year 2008..2022 assessed as of the year before, in a row, from empty
memos (each assessment backtests a series one year longer than the previous one).

Run: .venv/bin/python bench/speed.py
"""

from __future__ import annotations

import importlib
import statistics
import time

import jxforecast  # noqa: F401  (imports are not timed)
from jxforecast.feasibility import assess, build_target, engine
from jxforecast.targets import get_target

CASES = {
    "jiaxing gdp 2024 ~6 (anchored)": lambda: build_target("jiaxing", "gdp", 2024, text="增长6%左右"),
    "china gdp 2024 ~5 (24 obs)": lambda: get_target("ref-china-2024-gdp"),
    "jiaxing gdp 2024, H1 5.1%": None,
    "GDP 1万亿元 by 2025 (level goal)": lambda: get_target("004-02"),
    "GDP doubled by 2035 (h=11)": lambda: get_target("004-08"),
}
PANEL_YEARS = range(2008, 2023)


def clear_memos() -> None:
    """Empty the engine's memo and the backtest's fit and fold memos (when this version has them)."""
    engine._MEMO.clear()
    clear = getattr(importlib.import_module("jxforecast.models.backtest"), "clear_memos", None)
    if clear is not None:
        clear()


def run(name: str, make) -> None:
    """Assess one case (``make`` None: the Jiaxing target with a first-half figure)."""
    if make is None:
        assess(build_target("jiaxing", "gdp", 2024, text="6"), ytd=(6, 5.1), n_paths=10_000)
    else:
        assess(make(), n_paths=10_000)


def main() -> None:
    warm = build_target("jiaxing", "gdp", 2024, text="6")
    assess(warm, n_paths=1000)  # first call loads data and caches tables
    print(f"{'case':40s} {'cold s':>7s} {'median s':>9s} {'min s':>7s}  (1 cold + 5 runs, 10,000 paths)")
    for name, make in CASES.items():
        clear_memos()
        t0 = time.perf_counter()
        run(name, make)
        cold = time.perf_counter() - t0
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            run(name, make)
            times.append(time.perf_counter() - t0)
        print(f"{name:40s} {cold:7.3f} {statistics.median(times):9.3f} {min(times):7.3f}")
    targets = [build_target("china", "gdp", year, text="增长6%左右") for year in PANEL_YEARS]
    clear_memos()
    t0 = time.perf_counter()
    for target in targets:
        assess(target, as_of=target.year - 1, n_paths=2000)
    per = (time.perf_counter() - t0) / len(targets)
    label = f"china gdp {PANEL_YEARS[0]}..{PANEL_YEARS[-1]}, as_of year-1"
    print(f"{label:40s} {per:7.3f}  (mean of {len(targets)} in a row, 2,000 paths)")
    print("goal: under 1 second per assessment after imports; under 0.25 s in the panel case")


if __name__ == "__main__":
    main()
