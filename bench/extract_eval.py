"""Precision and recall of `extract_targets` against the hand transcriptions.

Usage (from the repository root)::

    .venv/bin/python bench/extract_eval.py [--truth data/targets.csv] [--detail] [--timing]

For each seed document in ``data/seeds`` the extracted rows are matched with
the transcribed rows of ``data/targets.csv`` (column ``source_doc`` = seed file
name) by ``jxforecast.targets.extract.score``.  A match needs the same ``source_doc``, ``indicator`` and ``value``
(equal within 1e-6, or both blank); each transcribed row is matched at most
once.  Operators are compared separately on the matched pairs (operator
accuracy).  Scores are given for core registry indicators (``core=true``) and
for all rows (unclassified extractions count as false positives in "all").
``--timing`` also times a synthetic 5 MB document.

Held-out: the plan texts of other places in ``tests/corpus/plans/heldout``, each
scored against the key beside it (``name.csv``), with the share of extracted rows
that carry the right plan year.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jxforecast.targets.extract import extract_targets, read_plan_text  # noqa: E402
from jxforecast.targets.extract.score import (  # noqa: E402
    Counts,
    plan_year_share,
    score_keyed,
    score_seeds,
    totals,
)


def _pr(c: Counts) -> tuple[str, str]:
    p = f"{100 * c.precision:5.1f}%" if c.precision is not None else "   n/a"
    r = f"{100 * c.recall:5.1f}%" if c.recall is not None else "   n/a"
    return p, r


def _heldout(folder: str, detail: bool) -> None:
    """Print the held-out scores: per document, overall, and the plan-year share."""
    scores = list(score_keyed(folder))
    if not scores:
        return
    print()
    print(f"{'held-out document':32s} {'scope':5s} {'truth':>5s} {'found':>5s} {'TP':>4s} {'precision':>9s}"
          f" {'recall':>7s} {'year right':>10s}")
    right = rows = 0
    for doc in scores:
        p, r = _pr(doc.counts)
        yr = ""
        if doc.scope == "all":
            k, n = plan_year_share(doc)
            right, rows = right + k, rows + n
            yr = f"{k}/{n}"
        print(f"{doc.document:32s} {doc.scope:5s} {len(doc.truth):5d} {len(doc.got):5d} {doc.counts.tp:4d}"
              f" {p:>9s} {r:>7s} {yr:>10s}")
        if detail and doc.scope == "all":
            for a, b in doc.pairs:
                if a is None and b is not None:
                    g = doc.got.loc[b]
                    print(f"    FP {g['indicator']} {g['value']} «{g['quote'][:70]}»")
                elif b is None and a is not None:
                    t = doc.truth.loc[a]
                    print(f"    FN {t['indicator']} {t['value']} «{t['quote'][:70]}»")
    for scope, c in totals(scores).items():
        p, r = _pr(c)
        print(f"HELD-OUT {scope:5s}: TP {c.tp} FP {c.fp} FN {c.fn}  precision {p}  recall {r}")
    share = f"{100 * right / rows:5.1f}%" if rows else "  n/a"
    print(f"HELD-OUT rows with the right plan year: {right}/{rows} = {share}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", default=str(ROOT / "data" / "targets.csv"))
    ap.add_argument("--seeds", default=str(ROOT / "data" / "seeds"))
    ap.add_argument("--heldout", default=str(ROOT / "tests" / "corpus" / "plans" / "heldout"))
    ap.add_argument("--detail", action="store_true", help="list misses and false positives (core)")
    ap.add_argument("--timing", action="store_true", help="time a synthetic 5 MB document")
    args = ap.parse_args(argv)

    truth_all = pd.read_csv(args.truth, dtype=str, keep_default_na=False)
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    op_ok = op_n = 0
    per_ind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    print(f"{'document':32s} {'scope':5s} {'truth':>5s} {'found':>5s} {'TP':>4s} {'precision':>9s} {'recall':>7s}")
    scores = list(score_seeds(args.seeds, truth_all))
    for doc in scores:
        t, g, pairs = doc.truth, doc.got, doc.pairs
        p, r = _pr(doc.counts)
        note = "" if doc.transcribed else "  (no transcription)"
        print(f"{doc.document:32s} {doc.scope:5s} {len(t):5d} {len(g):5d} {doc.counts.tp:4d} {p:>9s} {r:>7s}{note}")
        if doc.scope == "core":
            for a, b in pairs:
                ind = t.loc[a, "indicator"] if a is not None else g.loc[b, "indicator"]
                per_ind[ind][0 if a is not None and b is not None else (1 if a is None else 2)] += 1
                if a is not None and b is not None:
                    op_n += 1
                    op_ok += t.loc[a, "operator"] == g.loc[b, "operator"]
                    if args.detail and t.loc[a, "operator"] != g.loc[b, "operator"]:
                        print(f"    operator {ind}: truth {t.loc[a, 'operator']} got {g.loc[b, 'operator']}"
                              f"  «{g.loc[b, 'quote'][:60]}»")
                elif args.detail and a is None:
                    print(f"    FP {g.loc[b, 'indicator']} {g.loc[b, 'value']} «{g.loc[b, 'quote'][:70]}»")
                elif args.detail:
                    print(f"    FN {t.loc[a, 'indicator']} {t.loc[a, 'value']} «{t.loc[a, 'quote'][:70]}»")
    print()
    print(f"{'indicator (core)':32s} {'TP':>4s} {'FP':>4s} {'FN':>4s} {'precision':>9s} {'recall':>7s}")
    for ind in sorted(per_ind):
        c = Counts(*per_ind[ind])
        p, r = _pr(c)
        print(f"{ind:32s} {c.tp:4d} {c.fp:4d} {c.fn:4d} {p:>9s} {r:>7s}")
    print()
    for scope, c in totals(scores).items():
        p, r = _pr(c)
        print(f"OVERALL {scope:5s}: TP {c.tp} FP {c.fp} FN {c.fn}  precision {p}  recall {r}")
    if op_n:
        print(f"operator accuracy on matched core targets: {op_ok}/{op_n} = {100 * op_ok / op_n:.1f}%")
    _heldout(args.heldout, args.detail)
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
