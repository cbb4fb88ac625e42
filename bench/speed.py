"""Speed: the command line, one assessment, the panel; the report and the suite on request.

Prints figures and asserts nothing.  Timings on a shared machine fluctuate: each figure is
compared with a reference measured in the same run (ratios), and repeated timings are
medians.  Sections:

1. **Shell.** ``python -c "import pandas, statsmodels.tsa.api, scipy.stats"`` (the
   reference), ``jxforecast --help`` and ``jxforecast check --target-id 003-05``, each a
   new process, interleaved ``--repeat`` times (median).  Goals: check ≤ 1.5× the
   reference, help ≤ 0.5 s.  The first check of a new checkout also writes the disk cache
   of the embedded tables (`jxforecast._diskcache`); it is run once before timing and its
   time printed.
2. **Seed targets.** Every assessable seed-document target of a core indicator (the
   default report's), each assessed as when its plan was written (10,000 paths): cold
   (every per-process memo emptied and the disk memo of fits not read: what a series new
   to the machine costs: backtest, fits, simulation), with the memos emptied but its fits
   on disk (a series seen by an earlier process), and warm (the same call again).  Goal:
   median ≤ 0.25 s.
   With statsforecast installed (``pip install -e ".[bench]"``), the same backtest
   origins with AutoETS + AutoTheta as a reference ratio.
3. **Cases and panel.** The earlier cases (cold, then median of 5) and China's GDP target
   of each year 2008..2022 assessed as of the year before, in a row.
4. ``--profile``: where the time of one ``check`` goes (cProfile, in this process after the
   imports, memos empty).
5. ``--report``: the default report (`jxforecast.report.build.build_report`), its seconds
   and pages.  Goal ≤ 25 s on 2 cores.  ``--suite``: ``pytest -n 2 -q`` and the notebook
   cells as ``make test`` runs them.  Goal ≤ 150 s.  ``--panel``: the panel evaluation
   (``bench/calibration.py`` on the city panel).  Goal ≤ 120 s.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/speed.py [--repeat 3] [--seeds N] [--profile]
     [--report] [--suite] [--panel]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import jxforecast  # noqa: E402  (imports are not timed)
from jxforecast.errors import JxWarning  # noqa: E402
from jxforecast.feasibility import assess, build_target, engine  # noqa: E402
from jxforecast.targets import get_target  # noqa: E402

warnings.simplefilter("ignore", JxWarning)
REFERENCE_IMPORTS = "import pandas, statsmodels.tsa.api, scipy.stats"
CHECK = ["check", "--target-id", "003-05"]
CASES: dict[str, Callable[[], object] | None] = {
    "jiaxing gdp 2024 ~6 (anchored)": lambda: build_target("jiaxing", "gdp", 2024, text="增长6%左右"),
    "china gdp 2024 ~5 (24 obs)": lambda: get_target("ref-china-2024-gdp"),
    "jiaxing gdp 2024, H1 5.1%": None,
    "GDP 1万亿元 by 2025 (level goal)": lambda: get_target("004-02"),
    "GDP doubled by 2035 (h=11)": lambda: get_target("004-08"),
}
PANEL_YEARS = range(2008, 2023)


def clear_memos() -> None:
    """Empty the engine's memo, the backtest's fit memo and the series memo (where this version has them).

    The fits kept on disk stay (``family.DISK_MEMO`` says whether they are read).
    """
    engine._MEMO.clear()
    memos = (("jxforecast.models.backtest", "clear_memos"), ("jxforecast.data.loader", "clear_series_memo"))
    for module, name in memos:
        clear = getattr(importlib.import_module(module), name, None)
        if clear is not None:
            clear()


def _seconds(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def shell(repeat: int) -> None:
    """Section 1: new processes, interleaved, medians."""
    py = sys.executable
    cli = [py, "-m", "jxforecast.cli"]
    first = _seconds([*cli, *CHECK])
    runs: dict[str, list[float]] = {"imports": [], "help": [], "check": []}
    for _ in range(repeat):
        runs["imports"].append(_seconds([py, "-c", REFERENCE_IMPORTS]))
        runs["help"].append(_seconds([*cli, "--help"]))
        runs["check"].append(_seconds([*cli, *CHECK]))
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"1. shell, median of {repeat} new processes (interleaved)")
    print(f"   {REFERENCE_IMPORTS:58s} {med['imports']:6.2f} s  (reference)")
    print(f"   {'jxforecast --help':58s} {med['help']:6.2f} s  (goal ≤ 0.5 s)")
    print(f"   {'jxforecast ' + ' '.join(CHECK):58s} {med['check']:6.2f} s  = {med['check'] / med['imports']:.2f}× "
          "the reference (goal ≤ 1.5×)")
    print(f"   (first check of this run, disk cache as found: {first:.2f} s)")


def _seed_targets(limit: int | None) -> list[Any]:
    from jxforecast.registry import indicators
    from jxforecast.targets import load_targets, targets_from_table

    core = {k for k, v in indicators().items() if v.core}
    table = load_targets()
    table = table[table["source_doc"].str.match(r"^\d{3}_") & table["indicator"].isin(core) & (table["status"] == "ok")]
    targets: list[Any] = list(targets_from_table(table))
    return targets[:limit] if limit else targets


def seeds(limit: int | None) -> list[tuple[Any, Any]]:
    """Section 2: every seed target cold, from the disk memo, and warm; returns the (target, result) pairs."""
    from jxforecast.models import family

    targets = _seed_targets(limit)
    times: dict[str, list[float]] = {"cold": [], "disk": [], "warm": []}
    done = []
    for target in targets:
        clear_memos()
        family.DISK_MEMO = False
        t0 = time.perf_counter()
        try:
            result = assess(target)
        except jxforecast.JxError:
            continue  # refused: too little history
        finally:
            family.DISK_MEMO = True
        times["cold"].append(time.perf_counter() - t0)
        assess(target)  # the fits go to disk (the engine's memo answers; this writes them)
        for name in ("disk", "warm"):
            if name == "disk":
                clear_memos()
            t0 = time.perf_counter()
            assess(target)
            times[name].append(time.perf_counter() - t0)
        done.append((target, result))
    print(f"2. {len(done)} seed targets (of {len(targets)}), one assessment each as of its plan year, 10,000 paths")
    labels = {"cold": "cold (memos empty, nothing on disk)", "disk": "memos empty, fits on disk",
              "warm": "warm (same call again)"}
    for name, values in times.items():
        q = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
        print(f"   {labels[name]:36s} median {statistics.median(values):.3f} s, quartiles {q[0]:.3f}–{q[2]:.3f} s, "
              f"max {max(values):.3f} s, total {sum(values):5.1f} s")
    print("   (goal: median ≤ 0.25 s)")
    reference(done, statistics.median(times["cold"]), statistics.median(times["disk"]))
    return done


def reference(done: list[tuple[Any, Any]], cold: float, disk: float) -> None:
    """AutoETS + AutoTheta (statsforecast) over the same backtest origins (last 12, one year ahead), if installed."""
    try:
        from statsforecast.models import AutoETS, AutoTheta  # type: ignore[import-not-found]
    except ImportError:
        print("   reference: statsforecast is not installed (pip install -e '.[bench]'); ratio not measured")
        return
    import numpy as np

    from jxforecast.data import load_series

    warnings.simplefilter("ignore", RuntimeWarning)  # statsforecast on short series
    seconds = []
    for target, _ in done:
        observed = target.measure in ("yoy_real", "yoy_nominal", "rate", "share", "level")
        measure = target.measure if observed else "yoy_real"
        try:
            y = load_series(target.region, target.indicator, measure, as_of=target.year - 1).dropna().to_numpy(float)
        except jxforecast.JxError:
            continue
        if len(y) < 6:
            continue
        origins = range(max(10, len(y) - 12), len(y))  # statsforecast's ETS refuses fewer points
        if not origins:
            continue
        if not seconds:  # the first calls compile (numba): not timed
            for model in (AutoETS(season_length=1), AutoTheta(season_length=1)):
                with contextlib.suppress(NotImplementedError, ValueError):
                    model.fit(np.asarray(y)).predict(h=1, level=[80])
        t0 = time.perf_counter()
        try:
            for o in origins:
                for model in (AutoETS(season_length=1), AutoTheta(season_length=1)):
                    model.fit(np.asarray(y[:o])).predict(h=1, level=[80])
        except (NotImplementedError, ValueError):  # "tiny datasets": the series is left out
            continue
        seconds.append(time.perf_counter() - t0)
    if not seconds:
        print("   reference: statsforecast fitted none of the series at every origin")
        return
    ref = statistics.median(seconds)
    print(f"   reference: statsforecast AutoETS + AutoTheta over the same origins ({len(seconds)} series it fits at "
          f"every origin), median {ref:.3f} s a series "
          f"(after its first call); cold assessment {cold / ref:.1f}×, fits on disk {disk / ref:.1f}× the reference")


def cases_and_panel() -> None:
    """Section 3: the earlier cases and the China GDP panel."""
    warm_target = build_target("jiaxing", "gdp", 2024, text="6")
    assess(warm_target, n_paths=1000)
    print(f"3. {'case':40s} {'cold s':>7s} {'median s':>9s} {'min s':>7s}  (1 cold + 5 runs, 10,000 paths)")
    for name, make in CASES.items():
        def run(make: Callable[[], object] | None = make) -> None:
            if make is None:
                assess(build_target("jiaxing", "gdp", 2024, text="6"), ytd=(6, 5.1), n_paths=10_000)
            else:
                assess(make(), n_paths=10_000)  # type: ignore[arg-type]

        clear_memos()
        t0 = time.perf_counter()
        run()
        cold = time.perf_counter() - t0
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            run()
            times.append(time.perf_counter() - t0)
        print(f"   {name:40s} {cold:7.3f} {statistics.median(times):9.3f} {min(times):7.3f}")
    targets = [build_target("china", "gdp", year, text="增长6%左右") for year in PANEL_YEARS]
    clear_memos()
    t0 = time.perf_counter()
    for target in targets:
        assess(target, as_of=target.year - 1, n_paths=2000)
    per = (time.perf_counter() - t0) / len(targets)
    label = f"china gdp {PANEL_YEARS[0]}..{PANEL_YEARS[-1]}, as_of year-1"
    print(f"   {label:40s} {per:7.3f}  (mean of {len(targets)} in a row, 2,000 paths)")


def profile() -> None:
    """Section 4: cProfile of one check in this process, memos empty."""
    from jxforecast.cli import app

    clear_memos()
    prof = cProfile.Profile()
    prof.enable()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        app([*CHECK], standalone_mode=False)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).sort_stats("cumulative")
    stats.print_stats(r"jxforecast|statsmodels/(tsa/statespace/mlemodel|base/model)\.py", 28)
    lines = [ln for ln in out.getvalue().splitlines() if ln.strip() and "{" not in ln]
    print("4. profile of one check after imports (cumulative s, own code and the statsmodels fits):")
    for line in lines[-30:]:
        print("   " + line.replace(str(ROOT) + "/", ""))


def report() -> None:
    """Section 5a: the default report."""
    from jxforecast.report.build import build_report

    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        built = build_report(Path(out))
        seconds = time.perf_counter() - t0
    print(f"5. default report: {seconds:.1f} s for {built.pages} pages ({seconds / max(built.pages, 1):.2f} s a page; "
          f"goal ≤ 25 s), {len(built.failures)} failures")


def suite() -> None:
    """Section 5b: ``make test``'s pytest run (the tests and the notebooks' cells under nbval)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadfile", "-q", "-p", "no:cacheprovider"],
                   cwd=ROOT, check=False)
    print(f"5. make test: {time.perf_counter() - t0:.0f} s (tests and notebook cells; goal ≤ 150 s)")


def panel() -> None:
    """Section 5c: the panel evaluation."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "bench/calibration.py"], cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    print(f"5. panel evaluation (bench/calibration.py): {time.perf_counter() - t0:.0f} s (goal ≤ 120 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=None, help="only the first N seed targets")
    parser.add_argument("--skip-cases", action="store_true")
    for flag in ("profile", "report", "suite", "panel"):
        parser.add_argument(f"--{flag}", action="store_true")
    args = parser.parse_args()
    shell(args.repeat)
    seeds(args.seeds)
    if not args.skip_cases:
        cases_and_panel()
    if args.profile:
        profile()
    if args.report:
        report()
    if args.suite:
        suite()
    if args.panel:
        panel()


if __name__ == "__main__":
    main()
