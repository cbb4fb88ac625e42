"""Calibration of target probabilities on targets the project has never seen.

For every usable pair of the city panel (announced GDP growth target, first-release
outcome), the city's own growth history is handed to `assess` exactly as a user's
``--data`` file would be (the city is a region unknown to the registry), and the
target is assessed as of the year before: the shipped models for that ``as_of`` were
fitted only on earlier years' outcomes.  Prints, for the published probability and for
the references (always 50%, the share of targets met in earlier years, a normal gap
model on ambition alone, each component alone, and with ``--before`` the model before
the target–outcome model: time series plus the national/provincial anchor):
Brier, log score, expected calibration error, the reliability table, per-year
figures, and seconds per assessment.  Then the same for the project's own China,
Zhejiang and Jiaxing GDP targets.  Asserts nothing.

Run: .venv/bin/python bench/calibration.py [PANEL_FOLDER] [--before] [--limit N] [--own-only]
     (default PANEL_FOLDER: ../shared/data/city_panel beside the checkout)
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from jxforecast.errors import JxError, JxWarning
from jxforecast.feasibility import assess, build_target
from jxforecast.feasibility.evaluation import METHOD_LABELS, reference_probabilities, reliability, score
from jxforecast.models.gaps import GapModelSet, load_gap_models, pairs_from_panel, panel_histories
from jxforecast.panel.pairs import project_pairs

ROOT = Path(__file__).resolve().parents[1]
N_PATHS = 2000

# the caveats are in each result; a benchmark prints its table, not one warning per assessment
warnings.simplefilter("ignore", JxWarning)


def _city_frame(region: str, history: pd.Series) -> pd.DataFrame:
    """The city's growth history in the long layout a user's --data file has."""
    return pd.DataFrame({
        "region": region, "indicator": "gdp", "freq": "A", "period": [str(int(y)) for y in history.index],
        "measure": "yoy_real", "value": history.to_numpy(dtype=float), "unit": "pct", "vintage": "undated",
        "source_url": "city panel", "quote": "", "derived": False, "note": "",
    })


def _assess_city(job: tuple[str, pd.Series, list[tuple[int, float]], bool]) -> list[dict]:
    from jxforecast.data.loader import load_observations

    warnings.filterwarnings("ignore")
    region, history, targets, before = job
    obs = load_observations(_city_frame(region, history))
    rows = []
    for year, value in targets:
        row = {"region": region, "year": year}
        t0 = time.perf_counter()
        try:
            goal = build_target(region, "gdp", year, op=">=", value=value, data=obs)
            a = assess(goal, as_of=year - 1, n_paths=N_PATHS, data=obs)
            row.update(p_combined=a.probability_strict, refused=None)
        except JxError as exc:
            row.update(p_combined=np.nan, refused=str(exc))
        row["seconds"] = time.perf_counter() - t0
        if before:
            try:
                old = assess(goal, as_of=year - 1, n_paths=N_PATHS, data=obs, gap_models=GapModelSet({}))
                row["p_before"] = old.probability_strict
            except JxError:
                row["p_before"] = np.nan
        rows.append(row)
    return rows


def _print_scores(df: pd.DataFrame, methods: list[str], title: str) -> None:
    print(f"\n{title}")
    print(f"{'method':48s} {'n':>5s} {'mean p':>7s} {'met':>5s} {'Brier':>6s} {'log':>6s} {'ECE':>6s}")
    for m in methods:
        s = score(df[f"p_{m}"].to_numpy(), df["met"].to_numpy())
        print(f"{METHOD_LABELS.get(m, m):48s} {int(s['n']):5d} {s['mean_p']:7.3f} {s['met']:5.2f} "
              f"{s['brier']:6.3f} {s['log_score']:6.3f} {s['ece']:6.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("panel", nargs="?", default=str(ROOT.parent / "shared" / "data" / "city_panel"))
    ap.add_argument("--before", action="store_true", help="also score the model before the target–outcome model")
    ap.add_argument("--limit", type=int, default=0, help="only the first N cities (quick look)")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--own-only", action="store_true", help="only the project's own targets")
    args = ap.parse_args()
    if args.own_only:
        _own_targets()
        return
    panel = Path(args.panel)
    targets = pd.read_csv(panel / "city_gdp_targets.csv")
    outcomes = pd.read_csv(panel / "city_gdp_outcomes.csv")
    pairs, screened = pairs_from_panel(targets, outcomes)
    histories = panel_histories(outcomes, "city_code")
    keys = sorted(pairs["key"].unique())
    if args.limit:
        keys = keys[: args.limit]
    pairs = pairs[pairs["key"].isin(keys)]
    print(f"{len(pairs)} usable pairs of {pairs['key'].nunique()} cities, {pairs['year'].min()}–{pairs['year'].max()}; "
          f"set aside: {screened}")
    jobs = [(f"city{k}", histories[k], [(int(y), float(v)) for y, v in zip(g["year"], g["target"])], args.before)
            for k, g in pairs.groupby("key")]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        rows = [r for chunk in pool.map(_assess_city, jobs) for r in chunk]
    wall = time.perf_counter() - t0
    got = pd.DataFrame(rows)
    pairs = pairs.assign(region=[f"city{k}" for k in pairs["key"]]).merge(got, on=["region", "year"])
    refused = pairs["refused"].notna().sum()
    print(f"{len(pairs)} assessments through assess() in {wall:.0f} s wall on {args.workers} workers "
          f"({pairs['seconds'].mean():.2f} s per assessment in a worker); refused: {refused}")
    if refused:
        print("  e.g.", pairs.loc[pairs["refused"].notna(), "refused"].iloc[0])
    # the components, as of the year before, from the shipped models
    models = load_gap_models()
    p_gap, p_ts = [], []
    for r in pairs.itertuples(index=False):
        m = models.models.get(int(r.year) - 1)
        p_gap.append(m.probability(r.target, r.target, r.ambition, r.level) if m else np.nan)
    pairs["p_gap"] = p_gap
    df = reference_probabilities(pairs)
    methods = ["combined", "target_outcome", "ambition_normal", "past_share", "always_50"]
    if args.before:
        methods.append("before")
        METHOD_LABELS["before"] = "before: time series + national anchor"
    scored = df.dropna(subset=[f"p_{m}" for m in methods])
    _print_scores(scored, methods, f"City panel, each year predicted from earlier years ({len(scored)} pairs "
                                   f"with a published probability; years {scored['year'].min()}–{scored['year'].max()})")
    print("\nReliability of the published probability")
    print(reliability(scored["p_combined"].to_numpy(), scored["met"].to_numpy()).round(3).to_string(index=False))
    print("\nBy target year: share met, mean published probability, Brier (published / past share)")
    for y, g in scored.groupby("year"):
        print(f"  {y}: {len(g):4d} targets, met {g['met'].mean():.2f}, p {g['p_combined'].mean():.2f}, "
              f"Brier {score(g['p_combined'].to_numpy(), g['met'].to_numpy())['brier']:.3f} / "
              f"{score(g['p_past_share'].to_numpy(), g['met'].to_numpy())['brier']:.3f}")
    _own_targets()


def _own_targets() -> None:
    """The project's own GDP growth targets (China, Zhejiang, Jiaxing) as of the year before."""
    own = project_pairs()
    rows = []
    for r in own.itertuples(index=False):
        try:
            goal = build_target(r.region, "gdp", int(r.year), op=">=", value=float(r.target))
            a = assess(goal, as_of=int(r.year) - 1, n_paths=N_PATHS)
            b = assess(goal, as_of=int(r.year) - 1, n_paths=N_PATHS, gap_models=GapModelSet({}))
        except JxError:
            continue
        rows.append({"year": r.year, "met": r.met, "p_combined": a.probability_strict,
                     "p_before": b.probability_strict})
    df = pd.DataFrame(rows).sort_values("year")
    base = [df.loc[df["year"] < y, "met"].mean() for y in df["year"]]
    df["p_past_share"] = pd.Series(base, index=df.index).fillna(0.5)
    df["p_always_50"] = 0.5
    df["p_base_rate"] = df["met"].mean()
    METHOD_LABELS.update({"before": "before: time series + national anchor",
                          "base_rate": "base rate (in-sample share met)"})
    _print_scores(df.dropna(), ["combined", "before", "past_share", "base_rate", "always_50"],
                  f"Project's own GDP growth targets (China, Zhejiang, Jiaxing; {len(df)} targets)")
    _jiaxing_record()
    _scenario_table()


def _jiaxing_record() -> None:
    """Median at Jiaxing's announced GDP targets 2011–2024, each as of the year before.

    The targets are the shipped peers file's (to 2022) and the seed documents' (2023–2024); the
    median is the published forecast's, the announced target being that year's target.
    """
    from jxforecast.data.loader import load_series
    from jxforecast.targets.catalogue import load_targets

    peers = pd.read_csv(ROOT / "data" / "peers_zhejiang_gdp_targets.csv")
    announced = {int(y): float(v) for y, v in zip(peers.loc[peers["region"] == "jiaxing", "year"],
                                                   peers.loc[peers["region"] == "jiaxing", "target_value"])}
    seeds = load_targets(region="jiaxing", indicator="gdp")
    seeds = seeds[(seeds["measure"] == "yoy_real") & seeds["operator"].isin(["~", ">="])]
    announced.update({int(y): float(v) for y, v in zip(seeds["year"], seeds["value"])})
    outcome = load_series("jiaxing", "gdp", "yoy_real", vintage="first")
    rows = []
    for year in range(2011, 2025):
        if year not in announced or pd.Period(str(year), "Y") not in outcome.index:
            continue
        goal = build_target("jiaxing", "gdp", year, op=">=", value=announced[year])
        a = assess(goal, as_of=year - 1, n_paths=N_PATHS, announced=announced[year])
        last = load_series("jiaxing", "gdp", "yoy_real", as_of=year - 1)
        rows.append({"year": year, "target": announced[year], "outcome": float(outcome[str(year)]),
                     "median": a.median, "last": float(last.iloc[-1]) if len(last) else np.nan,
                     "p": a.probability_strict})
    df = pd.DataFrame(rows)
    out = df["outcome"]
    print(f"\nJiaxing's announced GDP targets {df['year'].min()}–{df['year'].max()} ({len(df)}), "
          f"each as of the year before: MAE of the median {np.mean(np.abs(df['median'] - out)):.2f}, "
          f"of the target itself {np.mean(np.abs(df['target'] - out)):.2f}, "
          f"of last year's growth {np.nanmean(np.abs(df['last'] - out)):.2f}; met {int((out >= df['target']).sum())}")
    print(df.round(2).to_string(index=False))


def _scenario_table() -> None:
    """Jiaxing 2024 GDP checked at several values as of 2023: one forecast, thresholds read off it."""
    print("\nJiaxing 2024 GDP, as of 2023, checked at V (the announced 6% of 003-01 informs the forecast)")
    print(f"{'V':>5s} {'p':>6s} {'median':>7s} {'80% interval':>14s}")
    for v in (0, 3, 5, 6, 7, 9, 12):
        a = assess(build_target("jiaxing", "gdp", 2024, op=">=", value=float(v)), as_of=2023, n_paths=10_000)
        print(f"{v:5d} {a.probability_strict:6.1%} {a.median:7.2f} {a.interval.lo:6.2f} – {a.interval.hi:5.2f}")


if __name__ == "__main__":
    main()
