"""Accuracy of one-year-ahead forecasts and calibration of target probabilities.

Prints (asserts nothing):

1. for real GDP growth (Jiaxing, Zhejiang, China) and every other annual series with at
   least 8 usable points: MAE over rolling origins of each model, of the blend, of the
   naive last value, of statsforecast's AutoETS and AutoTheta on the same folds, and of
   the announced target used as a forecast (on the folds that have one);
2. coverage of the blend's 80 % intervals, raw and calibrated out of sample (each fold's
   spread factor is computed from the earlier folds only);
3. the Brier score of ``probability_strict`` over every target with a known outcome,
   each assessed as of the year before its target year, against the base-rate Brier.

Goals (issue 3): blend MAE <= 0.8 x naive and below statsforecast; Brier below the base
rate; coverage within 72-88 %.

Run: .venv/bin/python bench/accuracy.py   (statsforecast is a bench-only dependency:
pip install -e ".[bench]")
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
from scipy import stats

import jxforecast as jx
from jxforecast.errors import JxError
from jxforecast.feasibility import assess
from jxforecast.models import backtest, calibration_from_pit, prepare
from jxforecast.targets import load_targets, outcomes_table, targets_from_table

warnings.filterwarnings("ignore")
MEASURES = ("yoy_real", "yoy_nominal", "rate", "share")
MIN_POINTS = 8


def _statsforecast_maes(values: np.ndarray, origins: list[int]) -> dict[str, float]:
    try:
        from statsforecast.models import AutoETS, AutoTheta
    except ImportError:
        return {"sf_autoets": np.nan, "sf_autotheta": np.nan}
    out = {}
    for name, make in (("sf_autoets", lambda: AutoETS(season_length=1)), ("sf_autotheta", lambda: AutoTheta(season_length=1))):
        errs = []
        for o in origins:
            try:
                fc = make().forecast(y=values[:o].astype(float), h=1)["mean"][0]
            except Exception:
                fc = values[o - 1]
            errs.append(abs(values[o] - fc))
        out[name] = float(np.mean(errs))
    return out


def _announced(region: str, indicator: str, measure: str) -> dict[int, float]:
    t = load_targets(region=region, indicator=indicator)
    t = t[(t["measure"] == measure) & t["operator"].isin(["~", ">=", "range", "ensure_strive"]) & t["value"].notna()]
    return {int(y): float(v) for y, v in zip(t["year"], t["value"])}


def _rolling_calibrated_coverage(forecasts: pd.DataFrame) -> float:
    """80 % coverage of the blend with each fold's spread factor from earlier folds only."""
    blend = forecasts.sort_values("origin")
    hits = []
    pits = []
    for _, row in blend.iterrows():
        cal = calibration_from_pit(np.array(pits))
        z = stats.norm.ppf(np.clip(row["pit"], 1e-6, 1 - 1e-6))
        hits.append(abs(z) <= stats.norm.ppf(0.9) * cal.factor)
        pits.append(row["pit"])
    return float(np.mean(hits))


def series_table() -> pd.DataFrame:
    obs = jx.load_observations()
    annual = obs[(obs["freq"] == "A") & obs["measure"].isin(MEASURES)]
    keys = annual[["region", "indicator", "measure"]].drop_duplicates().itertuples(index=False)
    rows = []
    for region, indicator, measure in keys:
        y = jx.load_series(region, indicator, measure)
        try:
            values, _ = prepare(y)
        except JxError:
            continue
        if len(values) < MIN_POINTS:
            continue
        bt = backtest(y)
        f = bt.forecasts
        origins = sorted(f["origin"].unique())
        mae = f.assign(err=(f["actual"] - f["point"]).abs()).groupby("model")["err"].mean()
        from jxforecast.models.backtest import blend_forecasts

        blend = blend_forecasts(f, bt.weights)
        row = {"series": f"{region}.{indicator}.{measure}", "n": len(values), "folds": len(origins)}
        row.update({m: float(v) for m, v in mae.items()})
        row["blend"] = float((blend["actual"] - blend["point"]).abs().mean())
        row.update(_statsforecast_maes(values, origins))
        # announced target as a forecast, on the folds whose year has one
        last_year = y.dropna().index.max().year
        years = {o: last_year - (len(values) - 1 - o) for o in origins}
        announced = _announced(region, indicator, measure)
        pairs = [(o, announced[years[o]]) for o in origins if years[o] in announced]
        if pairs:
            b = blend.set_index("origin")
            row["target_mae"] = float(np.mean([abs(values[o] - v) for o, v in pairs]))
            row["blend_on_target_folds"] = float(np.mean([abs(b.loc[o, "actual"] - b.loc[o, "point"]) for o, _ in pairs]))
            row["target_folds"] = len(pairs)
        lo, hi = blend["lo_80"], blend["hi_80"]
        row["cov80_raw"] = float(((blend["actual"] >= lo) & (blend["actual"] <= hi)).mean())
        row["cov80_cal"] = _rolling_calibrated_coverage(blend)
        rows.append(row)
    return pd.DataFrame(rows)


def brier_table() -> pd.DataFrame:
    table = outcomes_table()
    targets = {t.target_id: t for t in targets_from_table(load_targets())}
    rows = []
    for r in table.itertuples(index=False):
        t = targets[r.target_id]
        if t.operator == "sync" or r.met_strict is None:
            continue
        try:
            a = assess(t, as_of=t.year - 1, n_paths=2000, seed=0)
        except JxError as err:
            rows.append({"target_id": t.target_id, "skipped": str(err)[:80]})
            continue
        rows.append({
            "target_id": t.target_id, "indicator": t.indicator, "year": t.year, "value": t.value,
            "outcome": r.outcome, "p_strict": a.probability_strict, "met_strict": bool(r.met_strict),
        })
    return pd.DataFrame(rows)


def main() -> None:
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 30)
    s = series_table()
    cols = ["series", "n", "folds", "mean", "naive", "rw_drift", "arima", "ets", "llt", "theta", "blend",
            "sf_autoets", "sf_autotheta", "target_mae", "blend_on_target_folds", "cov80_raw", "cov80_cal"]
    print("== One-year-ahead MAE (percentage points) and 80% coverage, rolling origins")
    print(s.reindex(columns=cols).round(2).to_string(index=False))
    gdp = s[s["series"].isin(["jiaxing.gdp.yoy_real", "zhejiang.gdp.yoy_real", "china.gdp.yoy_real"])]
    for label, part in (("GDP (3 series)", gdp), (f"all ({len(s)} series)", s)):
        ratio = (part["blend"] / part["naive"]).mean()
        beats_sf = ((part["blend"] < part["sf_autoets"]) & (part["blend"] < part["sf_autotheta"])).mean()
        print(f"{label}: mean blend/naive MAE ratio {ratio:.2f} (goal <= 0.80); blend below both "
              f"statsforecast models in {beats_sf:.0%} of series; mean 80% coverage raw "
              f"{part['cov80_raw'].mean():.0%}, calibrated {part['cov80_cal'].mean():.0%} (goal 72-88%)")
    with_t = s.dropna(subset=["target_mae"])
    if len(with_t):
        print(f"announced target as forecast: MAE {with_t['target_mae'].mean():.2f} vs blend "
              f"{with_t['blend_on_target_folds'].mean():.2f} on the same {int(with_t['target_folds'].sum())} folds")
    b = brier_table()
    ok = b.dropna(subset=["p_strict"]) if "p_strict" in b else b
    print(f"\n== Brier score of probability_strict, {len(ok)} targets with a known outcome "
          f"(each assessed as of the year before; {len(b) - len(ok)} skipped: too little history)")
    if len(ok):
        y = ok["met_strict"].astype(float)
        brier = float(((ok["p_strict"] - y) ** 2).mean())
        base = float(y.mean())
        print(f"Brier {brier:.3f} vs base-rate Brier {base * (1 - base):.3f} (base rate {base:.2f}); goal: below")
        print(ok.round(3).to_string(index=False))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
