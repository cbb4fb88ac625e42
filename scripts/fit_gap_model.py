"""Refit the shipped target–outcome models (``data/gap_model.json``) from the city panel.

The panel of announced GDP growth targets and outcomes of prefecture-level cities is
research input that the project may not redistribute; what is shipped is what this
script derives from it: fitted parameters per ``as_of`` year, aggregate evidence
tables, the combination weights, and ``data/gap_model_evaluation.csv`` (out-of-sample
probabilities summarised by year and level, no city rows).

Run: .venv/bin/python scripts/fit_gap_model.py [PANEL_FOLDER] [--no-combination]
     (default PANEL_FOLDER: ../shared/data/city_panel beside the checkout)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from jxforecast.feasibility.combine import fit_panel
from jxforecast.feasibility.evaluation import evaluation_table

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("panel", nargs="?", default=str(ROOT.parent / "shared" / "data" / "city_panel"))
    ap.add_argument("--no-combination", action="store_true", help="skip the time-series forecasts (fast)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--predictions", help="also write the per-pair out-of-sample predictions here (not shipped)")
    args = ap.parse_args()
    panel = Path(args.panel)
    targets = pd.read_csv(panel / "city_gdp_targets.csv")
    outcomes = pd.read_csv(panel / "city_gdp_outcomes.csv")
    t0 = time.perf_counter()
    bar = tqdm(desc="time-series forecasts", unit="pair")
    models, preds = fit_panel(
        targets, outcomes, workers=args.workers, progress=bar.update, combine=not args.no_combination,
        fitted_on="Announced GDP growth targets of 155 prefecture-level cities in 18 provinces (2008–2022) "
                  "with first-release real growth outcomes from the cities' statistical yearbooks, "
                  "plus the China and Zhejiang targets of data/targets.csv",
    )
    bar.close()
    models.save(ROOT / "data" / "gap_model.json")
    if args.predictions and not preds.empty:
        preds.to_csv(args.predictions, index=False)
    if "p_combined" in preds:
        evaluation_table(preds).to_csv(ROOT / "data" / "gap_model_evaluation.csv", index=False)
    print(f"{len(models.models)} models (as_of {min(models.models)}–{max(models.models)}), "
          f"{len(preds)} pairs, {time.perf_counter() - t0:.0f} s")
    for a, m in sorted(models.models.items()):
        c = m.combination
        print(f"as_of {a}: {m.n_pairs} pairs {m.years}, ambition {m.coef['ambition']:+.2f}, "
              f"sd year {m.sigma_year:.2f} within {m.sigma_within:.2f}; "
              + (f"w_gap {c.weight_gap:.2f} {c.recalibration}" if c else "no combination"))


if __name__ == "__main__":
    main()
