"""Scoring probabilities against outcomes: Brier, log score, calibration error, reliability.

Used by ``bench/calibration.py``, ``scripts/fit_gap_model.py`` (which ships the
aggregate table ``data/gap_model_evaluation.csv``) and the ``track_record`` notebook.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import numpy as np
import pandas as pd

from jxforecast.i18n import N_, check_lang, render, translate
from jxforecast.models.gaps import log_score

BINS = 10
METHODS = ("combined", "target_outcome", "time_series", "ambition_normal", "past_share", "always_50")
METHOD_LABELS = {  # the English names, message ids of the catalogue (`jxforecast.i18n`)
    "combined": N_("combined and recalibrated (published)"),
    "target_outcome": N_("target–outcome model alone"),
    "time_series": N_("time-series blend alone"),
    "ambition_normal": N_("normal gap model on ambition alone"),
    "past_share": N_("share of targets met in earlier years"),
    "always_50": N_("always 50%"),
}


def method_label(method: str, lang: str = "en") -> str:
    """The reader's name of a scoring method (``combined``, ``past_share``, …)."""
    return translate(METHOD_LABELS[method], check_lang(lang)) if method in METHOD_LABELS else method


def brier(p: np.ndarray, met: np.ndarray) -> float:
    """Mean squared difference between probability and outcome (0 = perfect, 0.25 = always 50%)."""
    return float(np.mean((np.asarray(p, float) - np.asarray(met, float)) ** 2))


def reliability(p: np.ndarray, met: np.ndarray, bins: int = BINS) -> pd.DataFrame:
    """Per probability bin: number of targets, mean probability, share met."""
    p = np.asarray(p, float)
    b = np.minimum((p * bins).astype(int), bins - 1)
    df = pd.DataFrame({"bin": b, "p": p, "met": np.asarray(met, float)})
    g = df.groupby("bin").agg(n=("p", "size"), mean_p=("p", "mean"), met=("met", "mean")).reset_index()
    g["lo"] = g["bin"] / bins
    g["hi"] = (g["bin"] + 1) / bins
    return g[["lo", "hi", "n", "mean_p", "met"]]


def calibration_error(p: np.ndarray, met: np.ndarray, bins: int = BINS) -> float:
    """Expected calibration error: |mean probability − share met| averaged over bins, weighted by size."""
    r = reliability(p, met, bins)
    return float((r["n"] * (r["mean_p"] - r["met"]).abs()).sum() / r["n"].sum()) if len(r) else float("nan")


def score(p: np.ndarray, met: np.ndarray) -> dict[str, float]:
    """Brier, log score and calibration error of probabilities ``p`` for outcomes ``met``."""
    return {"n": float(len(p)), "mean_p": float(np.mean(p)), "met": float(np.mean(met)), "brier": brier(p, met),
            "log_score": log_score(p, met), "ece": calibration_error(p, met)}


def reference_probabilities(preds: pd.DataFrame) -> pd.DataFrame:
    """Add the published probability and the reference forecasters, each using earlier years only.

    ``preds`` has ``year, ambition, target, outcome, met`` and the probabilities it has of
    ``p_gap`` (target–outcome model), ``p_ts`` (time series) and ``p_combined`` (published).
    """
    out = preds.copy().sort_values("year")
    out["p_always_50"] = 0.5
    past_share, amb_normal = [], []
    from scipy import stats

    for y, g in out.groupby("year", sort=True):
        past = out[out["year"] < y]
        past_share.append(pd.Series(past["met"].mean() if len(past) else 0.5, index=g.index))
        if len(past) >= 30:
            gap = past["outcome"] - past["target"]
            slope, intercept = np.polyfit(past["ambition"], gap, 1)
            resid = gap - (intercept + slope * past["ambition"])
            mu = intercept + slope * g["ambition"]
            amb_normal.append(pd.Series(stats.norm.sf(0, mu, resid.std(ddof=2)), index=g.index))
        else:
            amb_normal.append(pd.Series(0.5, index=g.index))
    out["p_past_share"] = pd.concat(past_share)
    out["p_ambition_normal"] = pd.concat(amb_normal)
    for column, method in (("p_gap", "p_target_outcome"), ("p_ts", "p_time_series")):
        if column in out:
            out[method] = out[column]
    return out


def evaluation_table(preds: pd.DataFrame) -> pd.DataFrame:
    """Scores of every method by ``all``, ``year`` and ``level``, and the reliability bins.

    Only pairs where every method has a probability are scored, so the figures compare
    like with like.
    """
    df = reference_probabilities(preds)
    cols = [f"p_{m}" for m in METHODS]
    df = df.dropna(subset=cols)
    rows = []
    for m in METHODS:
        p = df[f"p_{m}"].to_numpy()
        met = df["met"].to_numpy()
        rows.append({"group": "all", "value": "all", "method": m, **score(p, met)})
        for key in ("year", "level"):
            for v, g in df.groupby(key):
                rows.append({"group": key, "value": str(v), "method": m,
                             **score(g[f"p_{m}"].to_numpy(), g["met"].to_numpy())})
        for r in cast("Iterable[Any]", reliability(p, met).itertuples(index=False)):  # numeric fields
            rows.append({"group": "bin", "value": f"{r.lo:.1f}-{r.hi:.1f}", "method": m, "n": float(r.n),
                         "mean_p": r.mean_p, "met": r.met})
    rows += interval_rows(preds)
    return pd.DataFrame(rows)


PIT_COLUMNS = {"combined": "pit_combined", "target_outcome": "pit_gap", "time_series": "pit_ts"}


def interval_rows(preds: pd.DataFrame) -> list[dict[str, object]]:
    """Calibration of whole predictive distributions, out of sample.

    For each method with PIT values (the share of its distribution below the outcome), the share
    of outcomes inside its
    central 50 % and 80 % intervals (``coverage``; 0.5 and 0.8 when calibrated) and the mean
    PIT (0.5 when unbiased; below: outcomes fell short of the forecasts).  Rows of group
    ``interval``, ``value`` ``coverage_50``, ``coverage_80`` or ``mean_pit``.
    """
    rows: list[dict[str, object]] = []
    for method, column in PIT_COLUMNS.items():
        if column not in preds:
            continue
        u = preds[column].dropna().to_numpy(dtype=float)
        if not len(u):
            continue
        for name, value in (("coverage_50", np.mean((u >= 0.25) & (u <= 0.75))),
                            ("coverage_80", np.mean((u >= 0.1) & (u <= 0.9))), ("mean_pit", np.mean(u))):
            rows.append({"group": "interval", "value": name, "method": method, "n": float(len(u)),
                         "coverage": float(value)})
    return rows


def panel_intervals(lang: str = "en") -> pd.DataFrame:
    """Out-of-sample coverage of each method's 50 % and 80 % intervals on the city panel.

    With its mean PIT (`interval_rows`), one row per method.
    """
    ev = panel_evaluation()
    if "coverage" not in ev or not (ev["group"] == "interval").any():
        return pd.DataFrame(columns=["method", "n", "coverage_50", "coverage_80", "mean_pit"])
    rows = ev[ev["group"] == "interval"].pivot_table(index="method", columns="value", values="coverage")
    n = ev[ev["group"] == "interval"].groupby("method")["n"].first()
    out = rows.join(n).reset_index()
    order = {m: i for i, m in enumerate(PIT_COLUMNS)}
    out = out.sort_values("method", key=lambda c: c.map(order)).reset_index(drop=True)
    out["method"] = out["method"].map(lambda m: method_label(m, lang))
    out = out[["method", "n", "coverage_50", "coverage_80", "mean_pit"]]
    if lang == "zh":  # the English table keeps its column names (what code reads)
        out = out.rename(columns={c: translate(f"col_{c}", "zh") for c in ("method", "n", "coverage_50",
                                                                            "coverage_80", "mean_pit")})
    return out


def interval_reading(lang: str = "en") -> str:
    """One sentence on how well the published intervals covered outcomes on the city panel."""
    table = panel_intervals("en")
    if table.empty:
        return ""
    row = table.iloc[0]
    c50, c80, pit, n = (float(row["coverage_50"]), float(row["coverage_80"]), float(row["mean_pit"]),
                        int(row["n"]))
    return render("Out of sample on {n} city targets the published 80% intervals held {c80:.0%} of outcomes and "
                  "the 50% intervals {c50:.0%} (80% and 50% when calibrated); the mean PIT is {pit:.2f} (below "
                  "0.5: outcomes fell short of the forecasts more often than not).",
                  {"n": n, "c80": c80, "c50": c50, "pit": pit}, check_lang(lang))


# ----------------------------------------------------------------------------- shipped evaluation
EVALUATION_FILE = "gap_model_evaluation.csv"


def panel_evaluation() -> pd.DataFrame:
    """The shipped out-of-sample evaluation on the city panel (``data/gap_model_evaluation.csv``).

    Scores by method for ``all`` pairs, by ``year`` and ``level``, and reliability ``bin`` rows.
    """
    from jxforecast._paths import embedded_path

    path = embedded_path(EVALUATION_FILE)
    if not path.is_file():
        return pd.DataFrame(columns=["group", "value", "method", "n", "mean_p", "met", "brier", "log_score", "ece",
                                     "coverage"])
    return pd.read_csv(path, dtype={"value": str})


def panel_scores(group: str = "all", lang: str = "en") -> pd.DataFrame:
    """Scores of every method on the city panel, one row per method (and group value)."""
    ev = panel_evaluation()
    out = ev[ev["group"] == group].copy()
    out["method"] = out["method"].map(lambda m: method_label(m, lang))
    cols = ["value", "method", "n", "mean_p", "met", "brier", "log_score", "ece"]
    return out[cols].rename(columns={"value": group}).reset_index(drop=True)


def panel_reliability(method: str = "combined") -> pd.DataFrame:
    """Reliability bins of one method on the city panel: ``lo, hi, n, p, met``."""
    ev = panel_evaluation()
    b = ev[(ev["group"] == "bin") & (ev["method"] == method)].copy()
    lohi = b["value"].str.split("-", expand=True).astype(float) if len(b) else pd.DataFrame(columns=[0, 1])
    return pd.DataFrame({"lo": lohi[0].to_numpy(), "hi": lohi[1].to_numpy(), "n": b["n"].to_numpy(),
                         "p": b["mean_p"].to_numpy(), "met": b["met"].to_numpy()})


def reading(brier_model: float, brier_reference: float, reference: str, lang: str = "en") -> str:
    """One sentence saying what a Brier score against a reference means for the reader."""
    better = brier_model < brier_reference
    template = (N_("The model's Brier score {brier_model:.3f} is below the {brier_reference:.3f} of {rule}: its "
                   "probabilities carry more information than that simple rule.") if better else
                N_("The model's Brier score {brier_model:.3f} is not below the {brier_reference:.3f} of {rule}: "
                   "on these targets its probabilities did no better than that simple rule, so read them as "
                   "indicative."))
    return render(template, {"brier_model": brier_model, "brier_reference": brier_reference, "rule": reference},
                  check_lang(lang))


def panel_reading(lang: str = "en") -> str:
    """One sentence comparing the published probability with the best simple reference on the panel."""
    scores = panel_scores("all", lang)
    if scores.empty:
        return ""
    ours = scores.iloc[0]
    simple = [method_label(m, lang) for m in ("ambition_normal", "past_share", "always_50")]
    best = scores[scores["method"].isin(simple)].sort_values("brier").iloc[0]
    return reading(float(ours["brier"]), float(best["brier"]), str(best["method"]), lang)
