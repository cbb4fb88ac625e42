"""Provinces' own targets, assessed as a user would: each province's history handed to `assess`.

For every provincial work-report target with a known outcome (the province panel, non-GDP
indicators and GDP), the province's own series of the indicator up to the year before is
handed to `assess` as a user's ``--data`` file (a region the registry does not know, at
``region_level="province"``), and the target is assessed as of the year before: the
provincial spreads and target gaps used were learned from earlier years only.  Prints
Brier, log score and calibration error of the strict probability against always 50 % and
the share of the panel's pairs met in earlier years, by indicator, and the project's own
non-GDP targets with outcomes (each as of the year before) against the past share met and
the base rate.  Asserts nothing.

Run: .venv/bin/python bench/provinces.py [PANEL_FOLDER]
     (default PANEL_FOLDER: ../shared/data/province_panel beside the checkout)
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from fit_provincial_model import INDICATORS, LOWER_IS_BETTER  # noqa: E402

from jxforecast.errors import JxError, JxWarning  # noqa: E402
from jxforecast.feasibility import assess, build_target  # noqa: E402
from jxforecast.feasibility.evaluation import score  # noqa: E402
from jxforecast.models.provincial import MEASURES, load_provincial_model  # noqa: E402

N_PATHS = 2000
warnings.simplefilter("ignore", JxWarning)


def _frame(region: str, indicator: str, history: pd.DataFrame) -> pd.DataFrame:
    measure = MEASURES.get(indicator, "yoy_nominal")
    return pd.DataFrame({
        "region": region, "indicator": indicator, "freq": "A", "period": history["year"].astype(str),
        "measure": measure, "value": history["value"].to_numpy(float), "unit": "pct", "vintage": "undated",
        "source_url": "NBS provincial annual data", "quote": "", "derived": False, "note": "",
    })


def provincial_targets(panel: Path) -> pd.DataFrame:
    """Each provincial target with a known outcome, assessed as of the year before."""
    from jxforecast.data.loader import load_observations

    d = pd.read_csv(panel / "province_targets_outcomes.csv")
    d["value"] = pd.to_numeric(d["value"], errors="coerce")
    d = d.dropna(subset=["value"])
    targets = d[(d["kind"] == "target") & d["indicator"].isin(INDICATORS)]
    targets = targets[~targets["quote"].fillna("").str.contains("(real)", regex=False)]
    outcomes = d[d["kind"] == "outcome"].drop_duplicates(["region_zh", "year", "indicator"])
    codes = {p: f"prov{i:02d}" for i, p in enumerate(sorted(d["region_zh"].unique()))}
    rows = []
    for t in targets.itertuples(index=False):
        series = outcomes[(outcomes["region_zh"] == t.region_zh) & (outcomes["indicator"] == t.indicator)]
        actual = series[series["year"] == t.year]
        history = series[series["year"] < t.year].sort_values("year")
        if actual.empty or len(history) < 3:
            continue
        indicator = INDICATORS[t.indicator]
        region = codes[t.region_zh]
        outcome = float(actual["value"].iloc[0])
        lower = t.indicator in LOWER_IS_BETTER
        op = "<=" if lower else ">="
        met = outcome <= t.value + 1e-9 if lower else outcome >= t.value - 1e-9
        row = {"province": t.region_zh, "indicator": indicator, "year": int(t.year), "target": float(t.value),
               "outcome": outcome, "met": float(met)}
        try:
            data = load_observations(_frame(region, indicator, history))
            goal = build_target(region, indicator, int(t.year), op=op, value=float(t.value),
                                measure=MEASURES.get(indicator, "yoy_nominal"), data=data)
            a = assess(goal, as_of=int(t.year) - 1, n_paths=N_PATHS, data=data, region_level="province")
            ts = assess(goal, as_of=int(t.year) - 1, n_paths=N_PATHS, data=data, region_level="province",
                        announced="none")
            gaps = load_provincial_model().gap(indicator, int(t.year) - 1, MEASURES.get(indicator, "yoy_nominal"))
            p_gap = np.nan
            if gaps is not None:
                dist = gaps.distribution()
                p_gap = float(stats.t.sf(-dist.center / dist.scale, dist.df))
            row.update(p=a.probability_strict, p_ts=ts.probability_strict, p_gap=p_gap, median=a.median,
                       lo=a.interval.lo, hi=a.interval.hi)
        except JxError as exc:
            row.update(p=np.nan, refused=str(exc))
        rows.append(row)
    return pd.DataFrame(rows).sort_values("year").reset_index(drop=True)


def _print(df: pd.DataFrame, title: str, refs: list[str]) -> None:
    print(f"\n{title}")
    print(f"{'method':34s} {'n':>4s} {'mean p':>7s} {'met':>5s} {'Brier':>6s} {'log':>6s} {'ECE':>6s}")
    for name in ["p", *refs]:
        s = score(df[name].to_numpy(float), df["met"].to_numpy(float))
        label = {"p": "published (strict)", "p_50": "always 50%", "p_past": "share met in earlier years",
                 "p_base": "base rate (in-sample share met)", "p_ts": "time series alone",
                 "p_gap": "subnational target gaps alone", "p_mixed": "mixed model, indicator effect"}[name]
        print(f"{label:34s} {int(s['n']):4d} {s['mean_p']:7.3f} {s['met']:5.2f} {s['brier']:6.3f} "
              f"{s['log_score']:6.3f} {s['ece']:6.3f}")


def _references(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["p_50"] = 0.5
    df["p_past"] = [df.loc[df["year"] < y, "met"].mean() for y in df["year"]]
    df["p_past"] = df["p_past"].fillna(0.5)
    df["p_base"] = df["met"].mean()
    return df


def own_targets() -> pd.DataFrame:
    """The project's own non-GDP growth and rate targets with an outcome, each as of the year before."""
    from jxforecast.targets.catalogue import load_targets
    from jxforecast.targets.target import Target

    table = load_targets()
    table = table[(table["indicator"] != "gdp") & table["measure"].isin(["yoy_nominal", "yoy_real", "rate"])
                  & table["operator"].isin(["~", ">=", "<=", "range", "ensure_strive"]) & (table["status"] == "ok")]
    rows = []
    for r in table.to_dict("records"):
        goal = Target.from_row(r)
        try:
            a = assess(goal, as_of=goal.year - 1, n_paths=N_PATHS)
        except JxError:
            continue
        if a.met is None or a.probability_strict is None:
            continue
        rows.append({"id": goal.target_id, "indicator": goal.indicator, "year": goal.year,
                     "p": a.probability_strict, "met": float(a.met.strict)})
    return pd.DataFrame(rows).sort_values("year").reset_index(drop=True)


def mixed_model_comparison(panel: Path) -> None:
    """Gap centres from a statsmodels mixed model with an indicator effect, against the shipped ones.

    For each pair with gaps known the year before, the pairs up to then, each divided by its
    indicator's forecast error (the provinces' ``band80 / 2.56``), are fitted by `MixedLM` (a
    common mean and a random indicator effect, REML); the centre is the indicator's
    prediction times its forecast error.  Both centres are read with the shipped tails.
    """
    import statsmodels.formula.api as smf
    from fit_provincial_model import subnational_pairs

    from jxforecast.models.provincial import Z80

    d = pd.read_csv(panel / "province_targets_outcomes.csv")
    d["value"] = pd.to_numeric(d["value"], errors="coerce")
    pairs = subnational_pairs(d.dropna(subset=["value"]))
    model = load_provincial_model()
    rows = []
    for r in pairs.itertuples(index=False):
        a = int(r.year) - 1
        gaps = model.gap(str(r.indicator), a, MEASURES.get(str(r.indicator), "yoy_nominal"))
        spreads = {i: model.spread(i, a, MEASURES.get(i, "yoy_nominal")) for i in pairs["indicator"].unique()}
        if gaps is None or spreads[r.indicator] is None:
            continue
        error = {i: s.band80 / Z80 for i, s in spreads.items() if s is not None}
        past = pairs[(pairs["year"] <= a) & pairs["indicator"].isin(list(error))].copy()
        past["z"] = past["gap"] / past["indicator"].map(error)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = smf.mixedlm("z ~ 1", past, groups=past["indicator"]).fit(reml=True)
        effect = fit.random_effects.get(r.indicator)
        centre = (fit.fe_params["Intercept"] + (float(effect.iloc[0]) if effect is not None else 0.0)) \
            * error[str(r.indicator)]
        dist = gaps.distribution()
        rows.append({"met": float(r.gap >= -1e-9), "p_shipped": float(stats.t.sf(-gaps.center / dist.scale, dist.df)),
                     "p_mixed": float(stats.t.sf(-centre / dist.scale, dist.df))})
    df = pd.DataFrame(rows).assign(p_50=0.5)
    _print(df.rename(columns={"p_shipped": "p"}), f"Subnational pairs with gaps known the year before ({len(df)}), read from the gaps "
           "alone: first row the shipped centres (shrunk toward zero), then a mixed model with an indicator effect",
           ["p_mixed", "p_50"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("panel", nargs="?", default=str(ROOT.parent / "shared" / "data" / "province_panel"))
    ap.add_argument("--mixed", action="store_true", help="also compare the gap centres with a mixed model")
    args = ap.parse_args()
    if args.mixed:
        mixed_model_comparison(Path(args.panel))
    df = provincial_targets(Path(args.panel))
    scored = _references(df.dropna(subset=["p"]))
    print(f"{len(df)} provincial targets with an outcome and three earlier figures; refused: {df['p'].isna().sum()}")
    _print(scored, "Provinces' targets, each as of the year before (the province's own history as a user's file)",
           ["p_ts", "p_50", "p_past"])
    non_gdp = scored[scored["indicator"] != "gdp"]
    _print(non_gdp, f"  of which non-GDP ({len(non_gdp)})", ["p_ts", "p_50", "p_past"])
    with_gaps = non_gdp.dropna(subset=["p_gap"])
    _print(with_gaps, f"  non-GDP with subnational gaps known at the time ({len(with_gaps)})",
           ["p_gap", "p_ts", "p_50", "p_past"])
    print("\nBy indicator: n, met, mean p, Brier (published / always 50%)")
    for ind, g in scored.groupby("indicator"):
        b = score(g["p"].to_numpy(float), g["met"].to_numpy(float))["brier"]
        print(f"  {ind:16s} {len(g):3d} {g['met'].mean():5.2f} {g['p'].mean():6.2f} {b:6.3f} / "
              f"{score(np.full(len(g), 0.5), g['met'].to_numpy(float))['brier']:.3f}")
    inside = (scored["outcome"] >= scored["lo"]) & (scored["outcome"] <= scored["hi"])
    gdp = scored["indicator"] == "gdp"
    print("\nOutcomes inside the published 80% interval: "
          f"GDP {inside[gdp].mean():.0%} of {gdp.sum()}, non-GDP {inside[~gdp].mean():.0%} of {(~gdp).sum()} "
          f"(with subnational gaps known {inside[~gdp & scored['p_gap'].notna()].mean():.0%} of "
          f"{(~gdp & scored['p_gap'].notna()).sum()})")
    own = _references(own_targets())
    _print(own, f"The project's own non-GDP targets with an outcome ({len(own)}), each as of the year before",
           ["p_past", "p_base", "p_50"])


if __name__ == "__main__":
    main()
