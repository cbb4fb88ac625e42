"""How long the report machinery takes: a bare Jupyter kernel, the imports, each notebook.

Prints (asserts nothing):

1. start-up of a bare ``python3`` kernel through jupyter_client (start, ready, one
   ``1 + 1``, shutdown), best of ``--repeat``;
2. in that kind of kernel, the time to import ``jxforecast.feasibility`` and
   ``jxforecast.report`` (what every report notebook pays before its first chart);
3. if ``jxforecast.report.render.run_notebook`` exists, the wall time of each report
   notebook in ``notebooks/`` with small parameters (``--n-paths``), rendered into a
   scratch folder that is removed afterwards. A failing notebook prints its one-line error;
4. with ``--report``, the README's main job: ``build_report`` on the embedded data with
   its defaults (2,000 paths), once with warm kernels (the default) and once with a fresh
   kernel per page, with the number of pages. The issue's goal is under 60 s on 2 cores.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/report_speed.py [--repeat 3] [--n-paths 1000]
     [--only feasibility,explore] [--report]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# small parameters per notebook; n_paths is filled in from --n-paths where the notebook takes it
BENCH_PARAMS: dict[str, dict[str, object]] = {
    "feasibility": {
        "region": "jiaxing",
        "indicator": "gdp",
        "year": 2024,
        "target": "增长6%左右",
        "as_of": 2023,
        "n_paths": None,
    },
    "plan_dashboard": {"doc": "003", "n_paths": None},
    "explore": {"regions": "china,zhejiang,jiaxing", "indicators": "gdp"},
    "track_record": {"n_paths": None},
}


def _kernel_round_trip(code: str = "1 + 1", timeout: float = 120) -> tuple[float, float]:
    """(seconds to a ready kernel, seconds to run ``code`` in it); the kernel is shut down."""
    from jupyter_client.manager import start_new_kernel

    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=timeout)
    ready = time.perf_counter() - t0
    try:
        t1 = time.perf_counter()
        reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
        ran = time.perf_counter() - t1
        if reply["content"].get("status") != "ok":
            content = reply["content"]
            raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return ready, ran


def bench_kernel(repeat: int) -> None:
    starts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ready, ran = _kernel_round_trip("1 + 1")
        starts.append((time.perf_counter() - t0, ready, ran))
    best = min(starts)
    print(
        f"bare kernel: start+ready {best[1]:.2f} s, '1 + 1' {best[2] * 1000:.0f} ms, "
        f"round trip incl. shutdown {best[0]:.2f} s (best of {repeat})"
    )
    _, imports = _kernel_round_trip("import jxforecast.feasibility, jxforecast.report")
    print(f"import jxforecast.feasibility + jxforecast.report in a kernel: {imports:.2f} s")


def bench_notebooks(n_paths: int, only: set[str] | None) -> None:
    try:
        from jxforecast.report import render
    except ImportError:
        print("jxforecast.report.render is missing: notebooks not timed")
        return
    run_notebook = getattr(render, "run_notebook", None)
    if run_notebook is None:
        print("jxforecast.report.render.run_notebook is missing: notebooks not timed")
        return
    folder = getattr(render, "NOTEBOOK_DIR", ROOT / "notebooks")
    names = sorted(p.stem for p in Path(folder).glob("*.ipynb"))
    if only:
        names = [n for n in names if n in only]
    scratch = Path(tempfile.mkdtemp(prefix="jx-report-speed-"))
    try:
        for name in names:
            params = {
                k: (n_paths if k == "n_paths" else v) for k, v in BENCH_PARAMS.get(name, {}).items()
            }
            t0 = time.perf_counter()
            try:
                run_notebook(name, scratch / name, params, name=name)
                status = "ok"
            except Exception as err:  # noqa: BLE001 - a bench reports and goes on
                status = "failed: " + " ".join(str(err).split())[:200]
            print(f"notebook {name:<15} {time.perf_counter() - t0:6.2f} s  {status}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bench_report() -> None:
    from jxforecast.report.build import build_report

    for fresh in (False, True):
        scratch = Path(tempfile.mkdtemp(prefix="jx-report-"))
        try:
            t0 = time.perf_counter()
            result = build_report(scratch / "reports", quiet=True, fresh_kernels=fresh)
            seconds = time.perf_counter() - t0
            kind = "a fresh kernel per page" if fresh else "warm kernels (default)"
            failed = f", {len(result.failures)} FAILED" if result.failures else ""
            print(f"full report, {kind:<24}: {seconds:6.1f} s for {result.pages} pages on {os.cpu_count()} CPUs"
                  f"{failed}")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=3, help="bare kernel start-ups to time (best is shown)"
    )
    parser.add_argument(
        "--n-paths", type=int, default=1000, help="simulated paths in the notebooks"
    )
    parser.add_argument("--only", default="", help="comma-separated notebook names (default: all)")
    parser.add_argument("--no-notebooks", action="store_true", help="time the kernel only")
    parser.add_argument("--report", action="store_true", help="also time the whole default report")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    bench_kernel(max(1, args.repeat))
    if not args.no_notebooks:
        only = {s.strip() for s in args.only.split(",") if s.strip()} or None
        bench_notebooks(args.n_paths, only)
    if args.report:
        bench_report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
