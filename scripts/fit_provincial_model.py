"""Refit the shipped provincial model (``data/provincial_model.json``) from the province panel.

The panel (NBS provincial annual outcomes 2008–2019 of 31 provinces and work-report targets
of 24) is research input that the project may not redistribute; what is shipped is what
this script derives from it: per indicator and ``as_of`` year, the spread factor and error
band of one-year-ahead forecasts, and the centre and spread of subnational target gaps
(`jxforecast.models.provincial`).  Prints the real-time coverage by indicator.

Run: .venv/bin/python scripts/fit_provincial_model.py [PANEL_FOLDER] [--folds FILE] [--workers N]
     (default PANEL_FOLDER: ../shared/data/province_panel beside the checkout)
"""

from __future__ import annotations

import argparse
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jxforecast.models.provincial import ProvincialModel, fit_gaps, fit_spreads, load_provincial_model

ROOT = Path(__file__).resolve().parents[1]
# the panel's indicators by the project's names (total trade is not an indicator of the project)
INDICATORS = {"gdp": "gdp", "fai": "fai", "retail": "retail", "budget_revenue": "budget_revenue", "cpi": "cpi",
              "urban_income": "income_urban", "rural_income": "income_rural", "exports": "exports"}
LOWER_IS_BETTER = {"cpi"}
PLAUSIBLE = (-60.0, 200.0)  # % a year; outside: a break in the levels the growth was derived from
AS_OF = range(2008, 2026)


def _backtest(job: tuple[str, str, tuple[int, ...], tuple[float, ...]]) -> list[dict[str, Any]]:
    """The blend's one-year-ahead backtest folds of one provincial series."""
    from jxforecast.errors import JxError
    from jxforecast.models import backtest

    warnings.filterwarnings("ignore")
    province, indicator, years, values = job
    y = pd.Series(values, index=pd.PeriodIndex([str(v) for v in years], freq="Y"), name=f"{province}.{indicator}")
    try:
        bt = backtest(y, horizon=1, n_paths=1000, seed=0)
    except JxError:
        return []
    blend = bt.forecasts[bt.forecasts["model"] == "blend"]
    return [{"province": province, "indicator": indicator, "target": int(str(r.target)[:4]), "origin": int(r.origin),
             "actual": r.actual, "median": r.median, "lo_50": r.lo_50, "hi_50": r.hi_50, "lo_80": r.lo_80,
             "hi_80": r.hi_80} for r in blend.itertuples(index=False)]


def provincial_folds(outcomes: pd.DataFrame, workers: int) -> pd.DataFrame:
    """Backtest folds of every provincial series with seven figures or more."""
    jobs = []
    for (province, indicator), g in outcomes.groupby(["region_zh", "indicator"]):
        g = g.drop_duplicates("year").sort_values("year")
        g = g[g["value"].between(*PLAUSIBLE)]
        if len(g) >= 7:
            jobs.append((str(province), str(indicator), tuple(int(v) for v in g["year"]),
                         tuple(float(v) for v in g["value"])))
    with ProcessPoolExecutor(workers) as pool:
        return pd.DataFrame([row for rows in pool.map(_backtest, jobs) for row in rows])


def subnational_pairs(panel: pd.DataFrame) -> pd.DataFrame:
    """Signed gaps of provincial targets (panel) and of the catalogue's subnational non-GDP targets."""
    from jxforecast.data.loader import load_observations
    from jxforecast.feasibility.anchor import gap_table_from_outcomes
    from jxforecast.targets.catalogue import load_targets
    from jxforecast.targets.outcomes import outcomes_table

    targets = panel[panel["kind"] == "target"]
    # an income target on a real basis is not comparable with the nominal outcomes
    targets = targets[~targets["quote"].fillna("").str.contains("(real)", regex=False)]
    outcomes = panel[panel["kind"] == "outcome"].drop_duplicates(["region_zh", "year", "indicator"])
    pairs = targets.merge(outcomes[["region_zh", "year", "indicator", "value"]],
                          on=["region_zh", "year", "indicator"], suffixes=("_target", "_outcome"))
    pairs = pairs[pairs["indicator"].isin(INDICATORS) & (pairs["indicator"] != "gdp")]
    sign = np.where(pairs["indicator"].isin(LOWER_IS_BETTER), -1.0, 1.0)
    province = pd.DataFrame({"region": pairs["region_zh"], "indicator": pairs["indicator"].map(INDICATORS),
                             "year": pairs["year"].astype(int),
                             "gap": sign * (pairs["value_outcome"] - pairs["value_target"])})
    catalogue = gap_table_from_outcomes(outcomes_table(load_targets(), load_observations()))
    catalogue = catalogue[(catalogue["region"] != "china") & (catalogue["indicator"] != "gdp")
                          & catalogue["indicator"].isin(INDICATORS.values())]
    both = pd.concat([province, catalogue[["region", "indicator", "year", "gap"]]], ignore_index=True)
    both = both.drop_duplicates(["region", "indicator", "year"])
    return both.assign(met=(both["gap"] >= -1e-9).astype(float))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("panel", nargs="?", default=str(ROOT.parent / "shared" / "data" / "province_panel"))
    ap.add_argument("--folds", help="read the backtest folds from this CSV (written by an earlier run) or write them")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep-spreads", action="store_true",
                    help="keep the shipped spreads (no backtest) and refit the target gaps only")
    args = ap.parse_args()
    panel = pd.read_csv(Path(args.panel) / "province_targets_outcomes.csv")
    panel["value"] = pd.to_numeric(panel["value"], errors="coerce")
    panel = panel.dropna(subset=["value"])
    t0 = time.perf_counter()
    if args.keep_spreads:
        folds = pd.DataFrame(columns=["indicator"])
    elif args.folds and Path(args.folds).is_file():
        folds = pd.read_csv(args.folds)
    else:
        outcomes = panel[(panel["kind"] == "outcome") & panel["indicator"].isin(INDICATORS)]
        folds = provincial_folds(outcomes.assign(indicator=outcomes["indicator"].map(INDICATORS)), args.workers)
        if args.folds:
            folds.to_csv(args.folds, index=False)
    folds = folds[folds["indicator"].isin(INDICATORS.values())]
    shipped = load_provincial_model()
    spreads = shipped.spreads if args.keep_spreads else fit_spreads(folds, AS_OF)
    n_folds = sum(max(by.values(), key=lambda s: s.as_of).folds for by in spreads.values()) if args.keep_spreads \
        else len(folds)
    pairs = subnational_pairs(panel)
    gaps = fit_gaps(pairs, spreads, AS_OF)
    model = ProvincialModel(
        spreads, gaps,
        fitted_on=(f"NBS provincial annual data of 31 provinces 2008–2019 ({n_folds} one-year-ahead backtest "
                   f"folds of the model family's blend) and {len(pairs)} subnational target–outcome pairs "
                   "(provincial government work reports; the Zhejiang, Jiaxing and Xiuzhou targets of "
                   "data/targets.csv)"))
    model.save(ROOT / "data" / "provincial_model.json")
    print(f"{n_folds} folds, {len(pairs)} pairs, {time.perf_counter() - t0:.0f} s")
    print(f"{'indicator':16s} {'folds':>5s} {'factor':>6s} {'band80':>6s} {'cov80':>6s} {'cov50':>6s} "
          f"{'pairs':>5s} {'centre':>6s} {'sd':>5s} {'met':>5s}")
    for indicator in sorted(spreads):
        s = model.spreads[indicator].get(2025)
        g = model.gaps.get(indicator, {}).get(2025)
        if s is None:
            continue
        gap = f"{g.n:5d} {g.center:6.2f} {g.sd:5.2f} {g.met_share:5.2f}" if g else f"{'':5s} {'':6s} {'':5s} {'':5s}"
        print(f"{indicator:16s} {s.folds:5d} {s.factor:6.2f} {s.band80:6.2f} {s.coverage80:6.2f} "
              f"{s.coverage50:6.2f} {gap}")


if __name__ == "__main__":
    main()
