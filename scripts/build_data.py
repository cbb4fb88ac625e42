"""Build the embedded tables in ``data/`` from the researched reference figures.

Run once by a maintainer (``python scripts/build_data.py ../shared/data``); the
package never reads the reference folder at run time.  Inputs:

- ``<shared>/jiaxing_annual.csv``, ``china_zhejiang_annual.csv``: annual figures;
- ``<shared>/ytd_cumulative.csv``: year-to-date cumulative figures;
- ``<shared>/china_zhejiang_targets_outcomes.csv``: announced targets and outcomes;
- ``data/transcriptions/targets_*.csv`` and ``outcomes_*.csv``: targets and
  outcomes transcribed from the five seed plan documents (quotes verified
  against ``data/seeds/``).

Outputs: ``data/observations.csv`` (one row per region, indicator, freq,
period, measure and vintage), ``data/observations_alternates.csv`` (other
sources for the same key: kept, not loaded) and ``data/targets.csv``.

Since that first build, ``data/observations.csv`` is maintained as data: figures have
been added from statistics bulletins and news reports, secondary sources replaced by
official or press pages that state the same figure (the old address kept in
``alternate_url``) and every source rated (``source_quality``).  Rerunning this script
would drop that work; use it to rebuild ``data/targets.csv`` only (``--targets-only``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

INDICATOR_MAP = {
    "va_industry_above_scale": "industry_va",
    "general_budget_revenue": "budget_revenue",
    "va_tertiary": "services_va",
    "fdi_actual": "fdi",
    "population_resident": "population",
    "income_all": "income_per_capita",
    "va_industry_total": "industry_va_total",
    # china_zhejiang_targets_outcomes.csv
    "gdp_growth": "gdp",
    "gdp_level": "gdp",
    "fai_growth": "fai",
    "retail_growth": "retail",
    "fiscal_revenue_growth": "budget_revenue",
}
# measure of each indicator in china_zhejiang_targets_outcomes.csv
TO_MEASURE = {
    "gdp_growth": "yoy_real",
    "gdp_level": "level",
    "fai_growth": "yoy_nominal",
    "retail_growth": "yoy_nominal",
    "fiscal_revenue_growth": "yoy_nominal",
    "cpi": "rate",
    "unemployment_surveyed": "rate",
    "unemployment_registered": "rate",
    "new_urban_jobs": "level",
}
OBS_COLUMNS = [
    "region", "indicator", "freq", "period", "measure", "value", "unit",
    "vintage", "source_url", "quote", "derived", "note",
]
KEY = ["region", "indicator", "freq", "period", "measure", "vintage"]
OFFICIAL = re.compile(r"stats\.gov\.cn|jiaxing\.gov\.cn|gov\.cn|seed:")
# quotes that flag a weaker figure: another ministry's count, an estimate, a doubtful source
WEAK = re.compile(r"not NBS|estimate|预计|預計|\[FLAG\]")
FINAL = re.compile(r"最终核实|最終核實|修订|修訂|revised")


def _annual(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["indicator"] = df["indicator"].replace(INDICATOR_MAP)
    # CPI is an inflation rate everywhere (some sources file it as yoy_nominal)
    df.loc[df["indicator"] == "cpi", "measure"] = "rate"
    df["freq"] = "A"
    df["period"] = df["year"]
    df["derived"] = "false"
    df["note"] = ""
    return df


def _ytd(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["indicator"] = df["indicator"].replace(INDICATOR_MAP)
    month = df["period_end_month"].astype(int)
    year = df["year"].astype(int)
    df["freq"] = "M"
    df["period"] = [f"{y}-{m:02d}" for y, m in zip(year, month)]
    # published the month after the period ends: full-year figures in January of Y+1
    df["vintage"] = [
        "final" if FINAL.search(q) else (str(y + 1) if m == 12 else str(y))
        for y, m, q in zip(year, month, df["quote"])
    ]
    df["derived"] = "false"
    df["note"] = "vintage inferred from the period (published about a month after it ends)"
    return df


def _outcomes_from_targets_file(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = df[df["kind"] == "outcome"].copy()
    df["measure"] = df["indicator"].map(TO_MEASURE)
    df["indicator"] = df["indicator"].replace(INDICATOR_MAP)
    df["freq"] = "A"
    df["period"] = df["year"]
    df["vintage"] = [
        str(int(y) + 1) if v == "first" else v for y, v in zip(df["year"], df["vintage"])
    ]
    df["quote"] = df["text"]
    df["derived"] = "false"
    df["note"] = ""
    return df


def _seed_outcomes() -> pd.DataFrame:
    frames = []
    for path in sorted((DATA / "transcriptions").glob("outcomes_*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        blank = df["value"].str.strip() == ""
        if blank.any():
            print(f"  {path.name}: {int(blank.sum())} outcome(s) blanked out in the source, not loaded")
        df = df[~blank].copy()
        df["derived"] = "false"
        frames.append(df)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=OBS_COLUMNS)


def _precision(value: str) -> int:
    return len(value.split(".")[1]) if "." in value else 0


def _same(a: float, b: float, unit: str) -> bool:
    if unit.startswith("pct"):
        return abs(a - b) <= 0.051
    return abs(a - b) <= max(0.0015 * max(abs(a), abs(b)), 0.051)


def _deduplicate(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per key: the most precise official figure; the rest go to alternates."""
    keep, alternates = [], []
    for _, group in df.groupby(KEY, sort=False):
        if len(group) == 1:
            keep.append(group.iloc[0])
            continue
        ranked = group.assign(
            _quality=~group["quote"].str.contains(WEAK),
            _official=group["source_url"].str.contains(OFFICIAL).astype(int),
            _prec=group["value"].map(_precision),
        ).sort_values(["_quality", "_official", "_prec"], ascending=False, kind="stable")
        best = ranked.iloc[0]
        keep.append(best)
        for _, other in ranked.iloc[1:].iterrows():
            same = _same(float(best["value"]), float(other["value"]), best["unit"])
            other = other.copy()
            other["note"] = (
                "same figure as the loaded row (rounding or another outlet)"
                if same
                else f"disagrees with the loaded row ({best['value']} from {best['source_url']})"
            )
            alternates.append(other)
    cols = OBS_COLUMNS
    kept = pd.DataFrame(keep)[cols].reset_index(drop=True)
    alt = pd.DataFrame(alternates, columns=df.columns)[cols] if alternates else pd.DataFrame(columns=cols)
    return kept, alt


def build_observations(shared: Path) -> None:
    frames = [
        _annual(shared / "jiaxing_annual.csv"),
        _annual(shared / "china_zhejiang_annual.csv"),
        _ytd(shared / "ytd_cumulative.csv"),
        _outcomes_from_targets_file(shared / "china_zhejiang_targets_outcomes.csv"),
        _seed_outcomes(),
    ]
    df = pd.concat([f.reindex(columns=OBS_COLUMNS) for f in frames], ignore_index=True).fillna("")
    # sub-national levels of other cities: GDP 2015 in china_zhejiang_targets_outcomes
    kept, alt = _deduplicate(df)
    order = ["region", "indicator", "freq", "period", "measure", "vintage"]
    kept = kept.sort_values(order, kind="stable")
    alt = alt.sort_values(order, kind="stable")
    kept.to_csv(DATA / "observations.csv", index=False)
    alt.to_csv(DATA / "observations_alternates.csv", index=False)
    disagree = alt[alt["note"].str.startswith("disagrees")]
    print(f"observations: {len(kept)} rows; alternates: {len(alt)} ({len(disagree)} disagreeing)")
    for _, r in disagree.iterrows():
        print("  disagree:", r["region"], r["indicator"], r["period"], r["measure"], r["vintage"], r["value"], "|", r["note"][:80])


TARGET_COLUMNS = [
    "target_id", "source_doc", "region", "year", "base_year", "indicator", "measure",
    "operator", "value", "value_high", "unit", "basis", "reference", "status",
    "responsible", "quote", "source_url", "note",
]
BASIS = {"yoy_real": "real", "yoy_nominal": "nominal"}


def build_targets(shared: Path) -> None:
    frames = []
    for path in sorted((DATA / "transcriptions").glob("targets_*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df["source_url"] = "seed:" + df["source_doc"]
        frames.append(df)
    ref = pd.read_csv(shared / "china_zhejiang_targets_outcomes.csv", dtype=str, keep_default_na=False)
    ref = ref[ref["kind"] == "target"].copy()
    # "与经济增长基本同步" has no number: a sync target; rows that say no target was set are dropped
    sync = (ref["operator"] == "") & ref["text"].str.contains("同步")
    ref.loc[sync, "operator"] = "sync"
    ref = ref[ref["operator"] != ""].copy()
    ref["measure"] = ref["indicator"].map(TO_MEASURE)
    ref["indicator"] = ref["indicator"].replace(INDICATOR_MAP)
    is_pct_growth = ref["measure"].isin(["yoy_real", "yoy_nominal"])
    note = []
    ops = []
    for op, growth in zip(ref["operator"], is_pct_growth):
        if op == "=":
            ops.append("~" if growth else "level")
            note.append("plain figure without qualifier in the source: read as " + ("around (~)" if growth else "reach (level)"))
        else:
            ops.append(op)
            note.append("")
    ref["operator"] = ops
    ref["note"] = note
    ref["basis"] = ref["measure"].map(BASIS).fillna("none")
    ref["source_doc"] = "china_zhejiang_targets_outcomes.csv"
    ref["quote"] = ref["text"]
    ref["status"] = "ok"
    ref["base_year"] = ""
    ref["reference"] = ref["operator"].map({"sync": "gdp"}).fillna("")
    ref["responsible"] = ""
    ref = ref.sort_values(["region", "year", "indicator"], kind="stable").reset_index(drop=True)
    # stable ids: ref-<region>-<year>-<indicator>[-n]
    base = "ref-" + ref["region"] + "-" + ref["year"] + "-" + ref["indicator"]
    n = base.groupby(base).cumcount()
    ref["target_id"] = [b if k == 0 else f"{b}-{k + 1}" for b, k in zip(base, n)]
    frames.append(ref)
    out = pd.concat([f.reindex(columns=TARGET_COLUMNS) for f in frames], ignore_index=True).fillna("")
    out.to_csv(DATA / "targets.csv", index=False)
    print(f"targets: {len(out)} rows")
    print(out.groupby("source_doc").size().to_string())


def build_registry() -> None:
    """Append the indicator ids the transcriptions introduced (``core=false``) to the registry."""
    registry = pd.read_csv(DATA / "indicators.csv", dtype=str, keep_default_na=False)
    registry = registry[registry["core"] == "true"]
    extra = []
    for path in sorted((DATA / "transcriptions").glob("new_indicators_*.csv")):
        extra.append(pd.read_csv(path, dtype=str, keep_default_na=False))
    if extra:
        new = pd.concat(extra, ignore_index=True).drop_duplicates("id")
        new = new[~new["id"].isin(registry["id"])].assign(synonyms=lambda d: d["name_zh"], core="false")
        registry = pd.concat([registry, new[registry.columns]], ignore_index=True)
    registry.to_csv(DATA / "indicators.csv", index=False)
    print(f"registry: {len(registry)} indicators ({int((registry['core'] == 'true').sum())} core)")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--targets-only"]
    shared_dir = Path(args[0] if args else ROOT.parent / "shared" / "data")
    if "--targets-only" not in sys.argv:
        sys.exit("observations.csv is maintained as data now (see the docstring): run with --targets-only.")
    build_registry()
    build_targets(shared_dir)
