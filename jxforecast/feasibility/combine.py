"""One probability from the region's own time-series forecast and the target–outcome model.

The two are mixed with weights learned out of sample, then recalibrated.

For a one-year-ahead GDP growth target with an announced number:

1. the time-series blend (`engine.forecast_paths`) gives paths of the outcome;
2. the target–outcome model (`jxforecast.models.gaps`) fitted as of ``as_of`` gives
   ``target + gap`` with the coming year's common shock in its spread;
3. the two are mixed, a share ``weight_gap`` of the paths coming from the
   target–outcome model; the weight was learned on earlier years' out-of-sample
   predictions of the city panel by log score (`gaps.fit_combination`);
4. the mixture's probability is recalibrated (Platt or isotonic, whichever scored best) when that scored better out of
   sample on earlier years, otherwise published as it is.

`fit_panel` builds the whole set from a panel of targets and outcomes: pairs,
one model per ``as_of`` year, the out-of-sample predictions of both components
for every pair, and the combination learned on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from jxforecast.caveats import MethodNote, caveat
from jxforecast.errors import ModelError
from jxforecast.feasibility.config import Stream, current
from jxforecast.feasibility.engine import PathForecast
from jxforecast.i18n import N_
from jxforecast.models.base import FloatArray, child_seed
from jxforecast.models.gaps import (
    Combination,
    GapModel,
    GapModelSet,
    ambition,
    calibrate_outcomes,
    fit_combination,
    fit_gap_models,
    level_of,
    log_score,
    pairs_from_panel,
    panel_histories,
    pit_cdf,
)
from jxforecast.panel.pairs import project_pairs
from jxforecast.targets.semantics import probability

if TYPE_CHECKING:
    from jxforecast.feasibility.context import Context

PANEL_PATHS = 2000  # paths per time-series forecast when learning the combination
MIN_TS_POINTS = 6
DEFAULT_WEIGHT = 0.5  # target–outcome share before enough years exist to learn it


@dataclass(frozen=True)
class GapEvidence:
    """The target–outcome component of one assessment."""

    model: GapModel
    ambition: float
    level: str
    mean: float
    sd: float
    record: pd.DataFrame | None = None
    """The region's earlier targets (`jxforecast.feasibility.record.region_record`), when the model reads them."""

    def sentence(self, lang: str = "en") -> str | None:
        """The evidence of similar targets in words (``lang``: ``en`` or ``zh``)."""
        return self.model.evidence_sentence(self.ambition, self.level, lang)

    def to_dict(self) -> dict[str, object]:
        """The JSON-ready dictionary of the component."""
        effect, _, n = self.model.region_effect(self.record) if self.model.use_region else (0.0, 0.0, 0)
        return {"as_of": self.model.as_of, "ambition": self.ambition, "level": self.level,
                "ambition_used": self.model.bounded(self.ambition), "drift": self.model.drift
                if self.model.use_drift else 0.0, "region_effect": effect, "region_targets": n,
                "gap_mean": self.mean, "gap_sd": self.sd, "fitted_on_pairs": self.model.n_pairs,
                "fitted_on_years": list(self.model.years), "evidence": self.sentence("en"),
                "evidence_zh": self.sentence("zh")}


def gap_evidence(models: GapModelSet, as_of: int, target_value: float, year: int, history: pd.Series,
                 level: str, record: Callable[[], pd.DataFrame] | None = None) -> GapEvidence | None:
    """The target–outcome component for a target of ``year`` set with ``history`` known.

    ``record`` gives the region's earlier targets, read only when the model keeps region
    effects.  None when no model was fitted by ``as_of`` or the history has none of the three
    years before.
    """
    model = models.for_as_of(as_of)
    if model is None:
        return None
    amb = ambition(target_value, history, year)
    if amb is None:
        return None
    own = record() if record is not None and model.use_region and level_of(level) == "city" else None
    mean, sd = model.predict(amb, level, own)
    return GapEvidence(model, amb, level_of(level), mean, sd, own)


def mix(ts_outcomes: np.ndarray, gap_outcomes: np.ndarray, weight_gap: float, seed: int) -> FloatArray:
    """Mixture of two equally long arrays of simulated outcomes.

    Each path is taken from the target–outcome model with probability ``weight_gap``.
    """
    take = np.random.default_rng(seed).random(len(ts_outcomes)) < weight_gap
    return np.where(take, gap_outcomes, ts_outcomes)


def combine_with_evidence(ctx: Context, anchor_value: float, evidence: GapEvidence, fc: PathForecast,
                          ts_outcomes: FloatArray) -> FloatArray:
    """Mix the time-series outcomes with the target–outcome model's, as learned (see the module).

    Records the components' probabilities, the evidence and the combination on ``ctx`` and
    updates ``fc``'s weights, calibration and backtest.
    """
    target, n_paths, seed = ctx.target, ctx.n_paths, ctx.seed
    model = evidence.model
    comb = model.combination
    gap_outcomes = model.simulate(anchor_value, evidence.ambition, evidence.level, n_paths,
                                  child_seed(seed, Stream.GAP_MODEL), record=evidence.record)
    if ctx.raw_level == "district":
        # the weight is learned on city targets: of districts the panel says nothing, so their
        # own time series keeps its share
        w = current().default_weight
        how = N_("equal weights: the panel has no district targets to learn a weight on")
    elif comb is not None:
        w = comb.weight_gap
        how = N_("weight {w:.2f} learned by log score on {n_pairs} earlier targets ({first}–{last}); a weight "
                 "learned on earlier years is kept only where it beat the target–outcome model alone in real "
                 "time").format(w=w, n_pairs=comb.n_pairs, first=comb.years[0], last=comb.years[1])
    else:
        w = current().default_weight
        how = N_("equal weights: too few earlier years to learn one as of {as_of}").format(as_of=model.as_of)
    outcomes = mix(ts_outcomes, gap_outcomes, w, child_seed(seed, Stream.MIXTURE))
    ctx.mixture_outcomes = outcomes
    if comb is not None and comb.recalibration == "pit" and comb.pit_knots:
        # the published distribution is the mixture recalibrated as a whole (PIT), so that its
        # median, interval and probability are one calibrated distribution
        outcomes = calibrate_outcomes(outcomes, comb.pit_knots)
        fc.calibration.update({"applied": True, "method": f"PIT recalibration of the mixture on {comb.n_pairs} "
                               f"earlier targets ({comb.years[0]}–{comb.years[1]})"})
    fc.weights = {**{k: v * (1 - w) for k, v in fc.weights.items()}, "target_outcome": w}
    fc.calibration["anchor"] = (f"target–outcome model as of {model.as_of}: {model.n_pairs} targets of "
                                f"{model.years[0]}–{model.years[1]}")
    fc.backtest["target_outcome"] = {"n_folds": float(model.n_pairs), "rmse": evidence.sd}
    ctx.evidence = evidence
    ctx.combination = comb
    ctx.components = {
        "time_series": {"weight": 1 - w, "probability_strict": probability(target, ts_outcomes)},
        "target_outcome": {"weight": w, "probability_strict": probability(target, gap_outcomes)},
    }
    as_city = ""
    if ctx.raw_level == "district":
        as_city = N_(" (a district is treated as a city: the panel has no district targets)")
    if comb is not None and comb.recalibration != "none":
        ctx.note(caveat(MethodNote, "Probability combines the region's time-series forecast with the target–outcome "
                        "model of {level} GDP targets{as_city} ({how}), then recalibrated ({recalibration}) as "
                        "earlier years' evidence favoured.", level=evidence.level, as_city=as_city, how=how,
                        recalibration=comb.recalibration))
    else:
        ctx.note(caveat(MethodNote, "Probability combines the region's time-series forecast with the target–outcome "
                        "model of {level} GDP targets{as_city} ({how}).", level=evidence.level, as_city=as_city,
                        how=how))
    return outcomes


def combined_probability(p_gap: float, p_ts: float | None, comb: Combination | None,
                         default: float = DEFAULT_WEIGHT) -> float:
    """The published probability from the two components' probabilities.

    A linear pool, then recalibration; ``default`` is the target–outcome weight when none was
    learned.
    """
    w = comb.weight_gap if comb is not None else default
    p = p_gap if p_ts is None or not np.isfinite(p_ts) else w * p_gap + (1 - w) * p_ts
    return comb.recalibrate(p) if comb is not None else float(p)


def _published(model: GapModel | None, p_gap: float, p_ts: float) -> float:
    if model is None or not np.isfinite(p_gap):
        return float("nan")
    return combined_probability(p_gap, p_ts, model.combination)


def _published_pit(model: GapModel | None, pit_gap: float, pit_ts: float) -> tuple[float, float]:
    """The outcome's PIT under the mixture and under the published (recalibrated) distribution."""
    comb = model.combination if model is not None else None
    if comb is None or not (np.isfinite(pit_gap) and np.isfinite(pit_ts)):
        return float("nan"), float("nan")
    u = comb.weight_gap * pit_gap + (1 - comb.weight_gap) * pit_ts
    return float(u), float(published_pit(comb, u))


def published_pit(comb: Combination, u: float) -> float:
    """PIT under the published distribution for a mixture PIT ``u``.

    The map ``G`` when the distribution is recalibrated (``"pit"`` won out of sample), else ``u``.
    """
    if comb.recalibration != "pit" or not comb.pit_knots:
        return float(u)
    return float(pit_cdf(comb.pit_knots, np.asarray(u, dtype=float)))


# ----------------------------------------------------------------------------- fitting
TsJob = tuple[str, tuple[int, ...], tuple[float, ...], int, float, float, int]


def _ts_probabilities(jobs: list[TsJob]) -> list[tuple[float, float]]:
    """P(outcome ≥ target) and the outcome's PIT for each job of one region.

    The jobs come in year order, so that the backtest's folds are shared between years. The
    probability is from the time-series blend of the region's growth history, the probability
    integral transform is the share of paths below the outcome (ties counted half).
    """
    from jxforecast.feasibility.engine import forecast_paths

    out = []
    for name, years, values, year, target, outcome, seed in jobs:
        if len(years) < MIN_TS_POINTS:
            out.append((float("nan"), float("nan")))
            continue
        y = pd.Series(values, index=pd.PeriodIndex([str(v) for v in years], freq="Y"), name=name)
        try:
            fc = forecast_paths(y, year - int(years[-1]), PANEL_PATHS, seed)
        except ModelError:
            out.append((float("nan"), float("nan")))
            continue
        last = fc.paths[:, -1]
        pit = float(np.mean(last < outcome) + 0.5 * np.mean(last == outcome)) if np.isfinite(outcome) else np.nan
        out.append((float(np.mean(last >= target - 1e-9)), pit))
    return out


def panel_predictions(pairs: pd.DataFrame, histories: dict[str, pd.Series], models: dict[int, GapModel],
                      seed: int = 0, workers: int = 1,
                      progress: Callable[[int], object] | None = None, time_series: bool = True) -> pd.DataFrame:
    """Out-of-sample probabilities of both components for every pair (each as of the year before).

    The target–outcome model's are given for each of its `VARIANTS` (``p_gap_base``,
    ``p_gap_region``, …; ``p_gap`` is the base one until `fit_panel` chooses), the region
    effect read from the region's own earlier pairs.

    Parameters
    ----------
    pairs
        From `gaps.pairs_from_panel`.
    histories
        Each region's growth history by year (int index), the outcomes known to the panel.
    models
        Target–outcome models by ``as_of`` year.
    """
    pairs = pairs.sort_values(["key", "year"]).reset_index(drop=True)
    rows: list[dict[str, Any]] = []
    groups: dict[str, list[tuple[int, TsJob]]] = {}
    records = {k: g[["year", "ambition", "gap"]] for k, g in pairs.groupby("key")}
    # the rows' fields are typed loosely by the stubs: key, region and level are str, year an int
    for i, r in enumerate(cast("Iterable[Any]", pairs.itertuples(index=False))):
        h = histories.get(r.key)
        model = models.get(r.year - 1)
        row = {"key": r.key, "region": r.region, "level": r.level, "year": r.year, "target": r.target,
               "outcome": r.outcome, "ambition": r.ambition, "met": r.met}
        record = records[r.key]
        record = record[record["year"] < r.year]  # outcomes known when the target was set
        for variant, (region, drift) in VARIANTS.items():
            m = replace(model, use_region=region, use_drift=drift) if model is not None else None
            row[f"p_gap_{variant}"] = (m.probability(r.target, r.target, r.ambition, r.level, record=record)
                                       if m is not None else np.nan)
            # PIT of the outcome under the target–outcome model: P(target + gap ≤ outcome)
            row[f"pit_gap_{variant}"] = (1 - m.probability(r.target, r.outcome, r.ambition, r.level, record=record)
                                         if m is not None else np.nan)
        rows.append(row)
        past = h[h.index < r.year].dropna() if h is not None else pd.Series(dtype=float)
        groups.setdefault(r.key, []).append((i, (f"{r.region}.gdp.yoy_real", tuple(int(k) for k in past.index),
                                                 tuple(float(v) for v in past.to_numpy()), int(r.year),
                                                 float(r.target), float(r.outcome), seed)))
    out = pd.DataFrame(rows)
    p_ts = np.full(len(out), np.nan)
    pit_ts = np.full(len(out), np.nan)
    batches = list(groups.values()) if time_series else []
    work = [[job for _, job in batch] for batch in batches]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = pool.map(_ts_probabilities, work)
            for batch, probs in zip(batches, results, strict=True):
                for (i, _), (p, u) in zip(batch, probs, strict=True):
                    p_ts[i], pit_ts[i] = p, u
                if progress:
                    progress(len(batch))
    else:
        for batch, jobs in zip(batches, work, strict=True):
            for (i, _), (p, u) in zip(batch, _ts_probabilities(jobs), strict=True):
                p_ts[i], pit_ts[i] = p, u
            if progress:
                progress(len(batch))
    out["p_ts"] = p_ts
    out["pit_ts"] = pit_ts
    out["p_gap"], out["pit_gap"] = out["p_gap_base"], out["pit_gap_base"]
    return out


VARIANTS: dict[str, tuple[bool, bool]] = {
    "base": (False, False), "region": (True, False), "drift": (False, True), "both": (True, True),
}
"""The target–outcome model's variants: (region effects, drift of the common effect)."""
VARIANTS_NAME = {v: k for k, v in VARIANTS.items()}
MIN_VARIANT_YEARS = 7
VARIANT_MARGIN = 0.005  # log score a variant must gain over the base model: more than the noise of choosing


def choose_variant(preds: pd.DataFrame, as_of: int) -> tuple[str, dict[str, float]]:
    """The variant of the target–outcome model that scored best on the predictions of years ≤ ``as_of``.

    Each prediction was made as of the year before its target (real time); a variant other
    than ``base`` is kept only when its log score is lower by ``VARIANT_MARGIN``, and only once
    ``MIN_VARIANT_YEARS`` target years have been predicted.  On the city panel this rule, itself
    run in real time, kept the base model in every year (docs/benchmarks.md, "Calibration"): switching on
    smaller gains scored worse than never switching.
    """
    df = preds[preds["year"] <= as_of].dropna(subset=[f"p_gap_{v}" for v in VARIANTS])
    if df["year"].nunique() < MIN_VARIANT_YEARS:
        return "base", {}
    scores = {}
    for variant in VARIANTS:
        scores[variant] = log_score(df[f"p_gap_{variant}"].to_numpy(), df["met"].to_numpy())
    best = min(scores, key=lambda k: (scores[k], k != "base"))
    return (best if scores[best] < scores["base"] - VARIANT_MARGIN else "base"), scores


def fit_panel(targets: pd.DataFrame, outcomes: pd.DataFrame, *, include_project: bool = True,
              combine: bool = True, as_of_years: range | None = None, seed: int = 0, workers: int = 1,
              fitted_on: str = "", progress: Callable[[int], object] | None = None
              ) -> tuple[GapModelSet, pd.DataFrame]:
    """Fit the target–outcome models per ``as_of`` year and, with ``combine``, the combination.

    The combination with the time-series blend is learned from out-of-sample predictions.

    Returns
    -------
    (GapModelSet, pandas.DataFrame)
        The models, and the out-of-sample predictions (one row per pair) they were judged on.
    """
    pairs, screened = pairs_from_panel(targets, outcomes)
    key = "city_code" if "city_code" in targets.columns and "city_code" in outcomes.columns else "region"
    histories = panel_histories(outcomes, key)
    if include_project:
        own = project_pairs()
        own = own[~own.set_index(["region", "year"]).index.isin(pairs.set_index(["region", "year"]).index)]
        # a region of the panel keeps its panel key, so that its record is one record
        panel_keys = pairs.drop_duplicates("region").set_index("region")["key"]
        own = own.assign(key=[str(panel_keys.get(r, k)) for r, k in zip(own["region"], own["key"], strict=True)])
        pairs = pd.concat([pairs, own], ignore_index=True)
        from jxforecast.data.loader import load_series

        for region in own["region"].unique():
            if region not in histories:
                s = load_series(region, "gdp", "yoy_real", vintage="first")
                histories[region] = pd.Series(s.to_numpy(), index=[p.year for p in s.index])
    if pairs.empty:
        raise ModelError("No usable target–outcome pairs in the panel.")
    years = as_of_years or range(int(pairs["year"].min()), int(pairs["year"].max()) + 1)
    models = fit_gap_models(pairs, years)
    preds = panel_predictions(pairs, histories, models, seed=seed, workers=workers, progress=progress,
                              time_series=combine)
    # each year's model keeps the variant that scored best on the years before it; the
    # predictions of a year are those of the model (and variant) of the year before
    for a, m in list(models.items()):
        variant, _ = choose_variant(preds, a)
        region, drift = VARIANTS[variant]
        models[a] = replace(m, use_region=region, use_drift=drift)
    chosen = [VARIANTS_NAME[(models[int(y) - 1].use_region, models[int(y) - 1].use_drift)]
              if int(y) - 1 in models else "base" for y in preds["year"]]
    preds["variant"] = chosen
    for column in ("p_gap", "pit_gap"):
        table = preds[[f"{column}_{v}" for v in VARIANTS]].to_numpy(dtype=float)
        pick = np.array([list(VARIANTS).index(v) for v in chosen], dtype=int)
        preds[column] = table[np.arange(len(preds)), pick] if len(preds) else np.array([], dtype=float)
    if combine:
        for a, m in list(models.items()):
            comb: Combination | None = fit_combination(preds, a)
            models[a] = GapModel(**{**m.__dict__, "combination": comb})
    if combine:
        preds["p_combined"] = [_published(models.get(int(y) - 1), pg, pt)
                               for y, pg, pt in zip(preds["year"], preds["p_gap"], preds["p_ts"], strict=True)]
        preds["pit_mixture"], preds["pit_combined"] = zip(*[
            _published_pit(models.get(int(y) - 1), ug, ut)
            for y, ug, ut in zip(preds["year"], preds["pit_gap"], preds["pit_ts"], strict=True)
        ], strict=True) if len(preds) else ((), ())
    levels = pairs["level"].value_counts().to_dict()
    note = (f"{len(pairs)} target–outcome pairs ({', '.join(f'{v} {k}' for k, v in levels.items())}), "
            f"target years {int(pairs['year'].min())}–{int(pairs['year'].max())}")
    return GapModelSet(models, f"{fitted_on}: {note}" if fitted_on else note, screened), preds
