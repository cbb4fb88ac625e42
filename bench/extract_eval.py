"""Precision and recall of `extract_targets` against the hand transcriptions.

Usage (from the repository root)::

    .venv/bin/python bench/extract_eval.py [--truth data/targets.csv] [--detail] [--timing]

For each seed document in ``data/seeds`` the extracted rows are matched with
the transcribed rows of ``data/targets.csv`` (column ``source_doc`` = seed file
name).  A match needs the same ``source_doc``, ``indicator`` and ``value``
(equal within 1e-6, or both blank); each transcribed row is matched at most
once.  Operators are compared separately on the matched pairs (operator
accuracy).  Scores are given for core registry indicators (``core=true``) and
for all rows (unclassified extractions count as false positives in "all").
``--timing`` also times a synthetic 5 MB document.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jxforecast.registry import indicators  # noqa: E402
from jxforecast.targets.extract import extract_targets, read_plan_text  # noqa: E402


def _num(x) -> float | None:
    if x is None or x == "":
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _same(a, b) -> bool:
    a, b = _num(a), _num(b)
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-6


def match(truth: pd.DataFrame, got: pd.DataFrame) -> list[tuple[int | None, int | None]]:
    """Pairs (truth row, extracted row); None on one side for a miss / a false positive."""
    pairs: list[tuple[int | None, int | None]] = []
    free = set(truth.index)
    for gi, g in got.iterrows():
        hit = None
        for ti in sorted(free):
            t = truth.loc[ti]
            if t["indicator"] == g["indicator"] and _same(t["value"], g["value"]):
                hit = ti
                break
        if hit is None:
            pairs.append((None, gi))
        else:
            free.discard(hit)
            pairs.append((hit, gi))
    pairs.extend((ti, None) for ti in sorted(free))
    return pairs


def _pr(tp: int, fp: int, fn: int) -> tuple[str, str]:
    p = f"{100 * tp / (tp + fp):5.1f}%" if tp + fp else "   n/a"
    r = f"{100 * tp / (tp + fn):5.1f}%" if tp + fn else "   n/a"
    return p, r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", default=str(ROOT / "data" / "targets.csv"))
    ap.add_argument("--seeds", default=str(ROOT / "data" / "seeds"))
    ap.add_argument("--detail", action="store_true", help="list misses and false positives (core)")
    ap.add_argument("--timing", action="store_true", help="time a synthetic 5 MB document")
    args = ap.parse_args(argv)

    truth_all = pd.read_csv(args.truth, dtype=str, keep_default_na=False)
    core = {i for i, ind in indicators().items() if ind.core}
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    totals = {"core": [0, 0, 0], "all": [0, 0, 0]}
    op_ok = op_n = 0
    per_ind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    print(f"{'document':32s} {'scope':5s} {'truth':>5s} {'found':>5s} {'TP':>4s} {'precision':>9s} {'recall':>7s}")
    for seed in seeds:
        truth = truth_all[truth_all["source_doc"] == seed.name].reset_index(drop=True)
        got = extract_targets(read_plan_text(seed), source=seed.name)
        for scope in ("core", "all"):
            t = truth if scope == "all" else truth[truth["indicator"].isin(core)]
            g = got if scope == "all" else got[got["indicator"].isin(core)]
            pairs = match(t.reset_index(drop=True), g.reset_index(drop=True))
            tp = sum(1 for a, b in pairs if a is not None and b is not None)
            fp = sum(1 for a, b in pairs if a is None)
            fn = sum(1 for a, b in pairs if b is None)
            for k, v in zip(range(3), (tp, fp, fn)):
                totals[scope][k] += v
            p, r = _pr(tp, fp, fn)
            note = "" if len(truth) else "  (no transcription)"
            print(f"{seed.name:32s} {scope:5s} {len(t):5d} {len(g):5d} {tp:4d} {p:>9s} {r:>7s}{note}")
            if scope == "core":
                tr, gr = t.reset_index(drop=True), g.reset_index(drop=True)
                for a, b in pairs:
                    ind = tr.loc[a, "indicator"] if a is not None else gr.loc[b, "indicator"]
                    per_ind[ind][0 if a is not None and b is not None else (1 if a is None else 2)] += 1
                    if a is not None and b is not None:
                        op_n += 1
                        op_ok += tr.loc[a, "operator"] == gr.loc[b, "operator"]
                        if args.detail and tr.loc[a, "operator"] != gr.loc[b, "operator"]:
                            print(f"    operator {ind}: truth {tr.loc[a, 'operator']} got {gr.loc[b, 'operator']}"
                                  f"  «{gr.loc[b, 'quote'][:60]}»")
                    elif args.detail and a is None:
                        print(f"    FP {gr.loc[b, 'indicator']} {gr.loc[b, 'value']} «{gr.loc[b, 'quote'][:70]}»")
                    elif args.detail:
                        print(f"    FN {tr.loc[a, 'indicator']} {tr.loc[a, 'value']} «{tr.loc[a, 'quote'][:70]}»")
    print()
    print(f"{'indicator (core)':32s} {'TP':>4s} {'FP':>4s} {'FN':>4s} {'precision':>9s} {'recall':>7s}")
    for ind in sorted(per_ind):
        tp, fp, fn = per_ind[ind]
        p, r = _pr(tp, fp, fn)
        print(f"{ind:32s} {tp:4d} {fp:4d} {fn:4d} {p:>9s} {r:>7s}")
    print()
    for scope, (tp, fp, fn) in totals.items():
        p, r = _pr(tp, fp, fn)
        print(f"OVERALL {scope:5s}: TP {tp} FP {fp} FN {fn}  precision {p}  recall {r}")
    if op_n:
        print(f"operator accuracy on matched core targets: {op_ok}/{op_n} = {100 * op_ok / op_n:.1f}%")
    if args.timing:
        base = "".join(read_plan_text(s) for s in seeds)
        big = (base * (5_000_000 // len(base.encode()) + 1))
        big = big[: len(big) * 5_000_000 // len(big.encode())]
        t0 = time.perf_counter()
        out = extract_targets(big, source="synthetic")
        dt = time.perf_counter() - t0
        print(f"synthetic document: {len(big.encode()) / 1e6:.1f} MB, {len(out)} rows in {dt:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
