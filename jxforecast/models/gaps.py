"""Target–outcome model: how far outcomes land from announced growth targets.

For a target set for year ``t`` by a region of a given level of government::

    gap = outcome − target = b0 + b1 · ambition + b_level + u_t + e

- ``ambition`` = target − mean of the region's last three published outcomes
  (years t−1 … t−3, those that exist): how far the target reaches beyond the
  region's recent growth;
- ``b_level`` shifts nation and province targets against city targets (targets
  escalate down the hierarchy: a city target is met far less often than a
  national one); districts and regions of unknown level are treated as cities;
- ``u_t ~ N(0, σ²_year)`` is the common shock of the target year, shared by
  every region, and unknown when targets are set;
- ``e ~ N(0, σ²)`` is the region's own luck, part of which is the region's lasting
  tendency to land above or below its targets: a random effect ``v_r ~ N(0, τ²)``,
  estimated from the region's own earlier targets and shrunk toward the panel
  (``τ²/(τ² + σ²_e/n)`` of its mean residual over ``n`` targets);
- the coming year's shock is centred on the *drift*, the mean of the last
  ``DRIFT_YEARS`` years' common effects, when that scored better in real time.

The ambition a model is asked about is held inside the 1st–99th percentile of the
ambitions it was fitted on: a linear effect is no evidence far outside its data.

It is fitted with statsmodels' `MixedLM` (REML, a random intercept per target
year) on the pairs of the ``WINDOW`` most recent target years whose outcome
was known at ``as_of``.  A new target's gap is predicted with
``N(x'b, σ²_year + σ² + x'Σx)``: the coming year's shock is part of every
probability.  "Met" is strict (outcome ≥ target), as the panel records the
number without its qualifier (左右, 以上).

One model is fitted per ``as_of`` year (real time) and shipped in
``data/gap_model.json`` with a summary of the pairs it was fitted on, the
evidence table (how often targets of similar ambition were met) and the
weights that combine it with the region's own time-series forecast
(`Combination`).  ``scripts/fit_gap_model.py`` refits them; ``jxforecast
gap-model fit`` refits from a user's panel with the same columns.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy import stats

from jxforecast._jsonio import json_ready, write_text_atomically
from jxforecast._paths import embedded_path
from jxforecast.errors import DataError, ModelError
from jxforecast.models.base import FloatArray
from jxforecast.typing import Level, Recalibration

WINDOW = 8  # target years per fit: recent enough to follow the slowing trend of growth
MIN_PAIRS = 30
MIN_YEARS = 3
TREND_YEARS = 3
DRIFT_YEARS = 5  # common year effects averaged into the drift
AMBITION_QUANTILES = (0.01, 0.99)  # the range of ambitions a model answers for
LEVEL_PRIOR_PAIRS = 5  # pseudo-pairs at the city spread when estimating a level's own spread
LEVELS = ("nation", "province", "city")
AMBITION_BINS = (-math.inf, -1.0, 0.0, 1.0, 2.0, math.inf)
USABLE_FLAGS = ("ok", "two_decimals", "")
PLAUSIBLE_TARGET = (2.0, 30.0)  # % a year; outside: screened out and counted
PLAUSIBLE_OUTCOME = (-30.0, 40.0)
GAP_MODEL_FILE = "gap_model.json"



def level_of(region_level: str | None) -> Level:
    """Map a region's level (``country``, ``province``, ``city``, ``district``, …) to the model's levels."""
    text = (region_level or "city").strip().lower()
    if text in ("country", "nation", "national", "china"):
        return "nation"
    if text in ("province", "provincial", "省"):
        return "province"
    return "city"


def ambition(target: float, history: pd.Series, year: int) -> float | None:
    """Target minus the mean of the outcomes of years ``year−1 … year−3`` found in ``history``.

    ``history`` is indexed by year (int or annual Period); missing years are skipped.
    Returns None when none of the three years is there.
    """
    years = [int(p.year) if hasattr(p, "year") else int(p) for p in history.index]
    values = dict(zip(years, history.to_numpy(dtype=float), strict=True))
    recent = [values[k] for k in range(year - TREND_YEARS, year) if k in values and np.isfinite(values[k])]
    if not recent:
        return None
    return float(target - np.mean(recent))


# ----------------------------------------------------------------------------- pairs
def pairs_from_panel(targets: pd.DataFrame, outcomes: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Target–outcome pairs with their ambition, from a panel in the city-panel layout.

    Parameters
    ----------
    targets
        Columns ``region, year, target_value`` and optionally ``region_level``
        (default ``city``), ``province``, ``indicator`` (default ``gdp``), ``city_code``.
    outcomes
        Columns ``region, year, value`` and optionally ``measure`` (only ``yoy_real``
        rows are used), ``quality_flag`` (only ``ok``/``two_decimals``/empty rows are
        real outcomes), ``city_code``.

    Returns
    -------
    (pairs, screened)
        ``pairs``: region, level, province, indicator, year, target, outcome, ambition, gap,
        met; ``screened``: how many rows were set aside, by reason.
    """
    need_t = {"region", "year", "target_value"}
    need_o = {"region", "year", "value"}
    if missing := need_t - set(targets.columns):
        raise DataError(f"Target panel: missing column(s) {', '.join(sorted(missing))}.")
    if missing := need_o - set(outcomes.columns):
        raise DataError(f"Outcome panel: missing column(s) {', '.join(sorted(missing))}.")
    key = "city_code" if "city_code" in targets.columns and "city_code" in outcomes.columns else "region"
    history, screened = _outcome_histories(outcomes, key)
    t = targets.copy()
    t["target_value"] = pd.to_numeric(t["target_value"], errors="coerce")
    t = t.dropna(subset=["target_value", "year"]).astype({"year": int})
    implausible = ~t["target_value"].between(*PLAUSIBLE_TARGET)
    screened["implausible target"] = int(implausible.sum())
    t = t[~implausible]
    rows = []
    no_outcome = no_history = 0
    for r in t.to_dict("records"):
        h = history.get(str(r[key]))
        if h is None or r["year"] not in h.index:
            no_outcome += 1
            continue
        amb = ambition(r["target_value"], h[h.index < r["year"]], r["year"])
        if amb is None:
            no_history += 1
            continue
        outcome = float(h.loc[r["year"]])
        rows.append({
            "key": str(r[key]),
            "region": str(r["region"]),
            "level": level_of(r.get("region_level")),
            "province": str(r.get("province", "") or ""),
            "indicator": str(r.get("indicator", "gdp") or "gdp"),
            "year": int(r["year"]),
            "target": float(r["target_value"]),
            "outcome": outcome,
            "ambition": amb,
        })
    screened["no usable outcome"] = no_outcome
    screened["no outcome in the three years before"] = no_history
    pairs = pd.DataFrame(rows, columns=["key", "region", "level", "province", "indicator", "year", "target", "outcome",
                                        "ambition"])
    pairs["gap"] = pairs["outcome"] - pairs["target"]
    pairs["met"] = (pairs["gap"] >= -1e-9).astype(float)
    pairs = pairs.drop_duplicates(["region", "indicator", "year"]).reset_index(drop=True)
    return pairs, screened


def _outcome_histories(outcomes: pd.DataFrame, key: str) -> tuple[dict[str, pd.Series], dict[str, int]]:
    """Real growth outcomes by region (keyed by ``str(key)``) and year, and the rows set aside.

    Set aside: other measures, quality-flagged values (not real outcomes), implausible values.
    """
    o = outcomes.copy()
    if "measure" in o.columns:
        o = o[o["measure"].astype(str) == "yoy_real"]
    screened: dict[str, int] = {}
    if "quality_flag" in o.columns:
        flag = o["quality_flag"].fillna("").astype(str)
        screened["outcome not a real figure (quality flag)"] = int((~flag.isin(USABLE_FLAGS)).sum())
        o = o[flag.isin(USABLE_FLAGS)]
    o = o.assign(value=pd.to_numeric(o["value"], errors="coerce"), year=pd.to_numeric(o["year"], errors="coerce"))
    bad = ~o["value"].between(*PLAUSIBLE_OUTCOME)
    screened["implausible outcome"] = int(bad.sum())
    o = o[~bad].dropna(subset=["year"]).astype({"year": int})
    return {str(k): g.set_index("year")["value"].sort_index() for k, g in o.groupby(key)}, screened


def panel_histories(outcomes: pd.DataFrame, key: str = "region") -> dict[str, pd.Series]:
    """Each region's usable real growth outcomes by year, screened as `pairs_from_panel` does."""
    return _outcome_histories(outcomes, key)[0]


# ----------------------------------------------------------------------------- model
@dataclass(frozen=True)
class Combination:
    """How the target–outcome model and the region's own time-series forecast are combined.

    Attributes
    ----------
    weight_gap
        Share of the target–outcome model in the mixture (the time-series blend has the rest),
        chosen to maximise the log score of out-of-sample predictions of earlier years, and 1
        (the target–outcome model alone) unless a weight learned on the years before each year
        beat the model alone on that year, over the years up to ``as_of``.
    recalibration
        ``"pit"`` (the whole predictive distribution recalibrated, below), ``"platt"``
        (``logit p = a + b·logit p_mix``), ``"isotonic"`` (a monotone step function,
        interpolated between its knots) or ``"none"``, whichever scored best out of sample
        on earlier years (each year recalibrated with a map fitted on the years before it).
    a, b
        Platt coefficients (0 and 1 unless ``recalibration="platt"``).
    knots
        Isotonic map as ``[[p_mix, p], ...]`` (empty unless ``recalibration="isotonic"``).
    n_pairs, years
        The out-of-sample predictions the weights were learned on.
    log_score
        Mean log score of each candidate on those pairs (lower is better).
    pit_knots
        The distribution of the mixture's probability integral transforms (PIT: the share of the
        predictive distribution below the outcome) on those pairs, as knots ``[[u, G(u)], ...]``
        of its CDF ``G``, shrunk toward the uniform with `PIT_PRIOR` pseudo-pairs.  A calibrated
        forecast has ``G(u) = u``; the recalibrated forecast has CDF ``G(F_mix(y))``
        (`calibrate_outcomes`), so that its probability of meeting a target ``T`` is
        ``1 − G(F_mix(T))`` and its intervals cover as often as they claim at every level, not
        at one band only.  Empty when no PIT values were available.
    """

    weight_gap: float
    recalibration: Recalibration = "none"
    a: float = 0.0
    b: float = 1.0
    n_pairs: int = 0
    years: tuple[int, int] = (0, 0)
    log_score: dict[str, float] = field(default_factory=dict)
    knots: list[list[float]] = field(default_factory=list)
    pit_knots: list[list[float]] = field(default_factory=list)

    def recalibrate(self, p: float) -> float:
        """The published probability for a mixture probability ``p`` of meeting a target."""
        if self.recalibration == "none":
            return float(p)
        if self.recalibration == "pit":
            return float(1.0 - pit_cdf(self.pit_knots, 1.0 - np.asarray(p, float)))
        if self.recalibration == "isotonic":
            x, y = zip(*self.knots, strict=True)
            return float(np.interp(p, x, y))
        q = min(max(p, 1e-4), 1 - 1e-4)
        z = self.a + self.b * math.log(q / (1 - q))
        return float(1 / (1 + math.exp(-z)))


@dataclass(frozen=True)
class GapModel:
    """The target–outcome model fitted on what was known at ``as_of``.

    Attributes
    ----------
    as_of
        Pairs whose target year is ``as_of`` or earlier (outcome known early in ``as_of + 1``).
    coef, cov
        Fixed effects (``const``, ``ambition``, ``nation``, ``province``) and their covariance.
    sigma_year, sigma_within
        Standard deviations of the common year shock and of the region's own deviation.
    n_pairs, years, levels, met_share
        What it was fitted on: pairs, first and last target year, pairs per level, share met.
    sigma_level
        For nation and province targets: the spread of their own gaps around the model's mean
        (their outcomes track targets more closely than cities'), shrunk toward the city spread
        with ``LEVEL_PRIOR_PAIRS`` pseudo-pairs; the year shock is part of it.
    level_record
        For nation and province targets: ``(targets, met)`` in the window. National and
        provincial outcomes tend to land just above their targets, which a symmetric gap
        cannot express: the probability of meeting the target at this level is the level's
        record shrunk toward the model's probability with ``LEVEL_PRIOR_PAIRS`` pseudo-targets,
        and the gap's mean is moved to give that probability.
    evidence
        Rows ``level, lo, hi, n, met``: how many targets of each level with ambition in
        ``[lo, hi)`` were fitted on, and the share met.
    combination
        Weights and recalibration learned out of sample (None: not learned for this year).
    """

    as_of: int
    coef: dict[str, float]
    cov: list[list[float]]
    sigma_year: float
    sigma_within: float
    n_pairs: int
    years: tuple[int, int]
    levels: dict[str, int]
    met_share: float
    evidence: list[dict[str, Any]] = field(default_factory=list)
    combination: Combination | None = None
    sigma_level: dict[str, float] = field(default_factory=dict)
    level_record: dict[str, tuple[int, int]] = field(default_factory=dict)
    year_effects: dict[int, float] = field(default_factory=dict)
    sigma_region: float = 0.0
    drift: float = 0.0
    ambition_range: tuple[float, float] = (-math.inf, math.inf)
    use_region: bool = False
    use_drift: bool = False

    def bounded(self, ambition: float) -> float:
        """``ambition`` held inside the range the model was fitted on (`ambition_range`)."""
        lo, hi = self.ambition_range
        return float(min(max(ambition, lo), hi))

    def region_effect(self, record: pd.DataFrame | None) -> tuple[float, float, int]:
        """The region's own effect: mean, variance, and the number of its targets it rests on.

        ``record`` holds the region's earlier targets (columns ``year, ambition, gap``); only
        those of years with a known common effect (the model's window) are used.  The mean
        residual after the fixed and year effects is shrunk toward zero (the panel) by
        ``τ² / (τ² + σ²_e / n)``.
        """
        if record is None or record.empty or self.sigma_region <= 0:
            return 0.0, self.sigma_region**2, 0
        rows = record[record["year"].astype(int).isin(list(self.year_effects))]
        rows = rows.dropna(subset=["gap", "ambition"])
        if rows.empty:
            return 0.0, self.sigma_region**2, 0
        beta = np.array(list(self.coef.values()))
        years = rows["year"].to_numpy(dtype=int)
        gaps = rows["gap"].to_numpy(dtype=float)
        ambitions = rows["ambition"].to_numpy(dtype=float)
        resid = [g - float(self.design(self.bounded(a), "city") @ beta) - self.year_effects[int(y)]
                 for y, g, a in zip(years, gaps, ambitions, strict=True)]
        n = len(resid)
        tau2 = self.sigma_region**2
        e2 = max(self.sigma_within**2 - tau2, 1e-6)
        shrink = tau2 / (tau2 + e2 / n)
        return float(shrink * np.mean(resid)), float(tau2 * e2 / (e2 + n * tau2)), n

    def design(self, ambition: float, level: str) -> FloatArray:
        """The regressors of a target of ``ambition`` at ``level``, in the order of the coefficients."""
        lv = level_of(level)
        x = {"const": 1.0, "ambition": ambition, "nation": float(lv == "nation"), "province": float(lv == "province")}
        return np.array([x[k] for k in self.coef])

    def predict(self, ambition: float, level: str, record: pd.DataFrame | None = None) -> tuple[float, float]:
        """Mean and standard deviation of the predictive distribution of the gap (outcome − target).

        ``record``: the region's earlier targets (``year, ambition, gap``), read when the model
        keeps region effects (`use_region`, city level only; a nation's or province's own
        record is its level's).
        """
        x = self.design(self.bounded(ambition), level)
        beta = np.array(list(self.coef.values()))
        lv = level_of(level)
        spread = self.sigma_level.get(lv)
        base = spread**2 if spread is not None else self.sigma_year**2 + self.sigma_within**2
        mean = float(x @ beta)
        if self.use_drift:
            mean += self.drift
        if self.use_region and lv == "city":
            effect, var, n = self.region_effect(record)
            if n:
                base += var - self.sigma_region**2  # the region's effect is partly known
                mean += effect
        # a degenerate fit (no year variance, few pairs) can leave a covariance that is not
        # positive semi-definite: its uncertainty about the mean is then counted as none
        sd = math.sqrt(base + max(float(x @ np.asarray(self.cov) @ x), 0.0))
        level_record = self.level_record.get(lv)
        if level_record is not None and lv != "city":
            # few targets of this level: its own record of meeting targets, shrunk toward the model
            n, met = level_record
            p_model = float(stats.norm.sf(0.0, mean, sd))
            p = (met + LEVEL_PRIOR_PAIRS * p_model) / (n + LEVEL_PRIOR_PAIRS)
            mean = sd * float(stats.norm.ppf(min(max(p, 1e-4), 1 - 1e-4)))
        return mean, float(sd)

    def probability(self, target: float, threshold: float, ambition: float, level: str,
                    higher_is_better: bool = True, record: pd.DataFrame | None = None) -> float:
        """Probability that the outcome reaches ``threshold`` for a target ``target``."""
        mu, sd = self.predict(ambition, level, record)
        z = (threshold - target - mu) / sd
        return float(stats.norm.sf(z) if higher_is_better else stats.norm.cdf(z))

    def simulate(self, target: float, ambition: float, level: str, n_paths: int, seed: int,
                 record: pd.DataFrame | None = None) -> FloatArray:
        """Simulated outcomes ``target + gap``."""
        mu, sd = self.predict(ambition, level, record)
        return target + mu + sd * np.random.default_rng(seed).standard_normal(n_paths)

    def evidence_sentence(self, ambition: float, level: str, lang: str = "en") -> str | None:
        """How similar targets fared, e.g. "of 312 city GDP targets set 1–2 points above ...": None if no rows."""
        lv = level_of(level)
        for row in self.evidence:
            if row["level"] == lv and row["lo"] <= ambition < row["hi"] and row["n"] > 0:
                span = _span(row["lo"], row["hi"], lang)
                share = round(100 * row["met"])
                if lang == "zh":
                    name = {"nation": "全国", "province": "省级", "city": "地级市"}[lv]
                    return (f"{self.years[0]}–{self.years[1]}年{name}GDP增长目标中，目标{span}的{row['n']}个，"
                            f"{share}%实现。")
                return (f"Of {row['n']} {lv} GDP growth targets of {self.years[0]}–{self.years[1]} set {span}, "
                        f"{share}% were met.")
        return None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dictionary of the model."""
        d = asdict(self)
        d["years"] = list(self.years)
        d["year_effects"] = {str(k): v for k, v in self.year_effects.items()}
        d["ambition_range"] = list(self.ambition_range)
        if self.combination is not None:
            d["combination"]["years"] = list(self.combination.years)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GapModel:
        """The model `to_dict` described."""
        comb = d.get("combination")
        return cls(
            as_of=int(d["as_of"]), coef={k: float(v) for k, v in d["coef"].items()}, cov=d["cov"],
            sigma_year=float(d["sigma_year"]), sigma_within=float(d["sigma_within"]), n_pairs=int(d["n_pairs"]),
            years=tuple(d["years"]), levels=dict(d["levels"]), met_share=float(d["met_share"]),
            evidence=list(d.get("evidence", [])),
            sigma_level={k: float(v) for k, v in d.get("sigma_level", {}).items()},
            level_record={k: (int(v[0]), int(v[1])) for k, v in d.get("level_record", {}).items()},
            year_effects={int(k): float(v) for k, v in d.get("year_effects", {}).items()},
            sigma_region=float(d.get("sigma_region", 0.0)), drift=float(d.get("drift", 0.0)),
            ambition_range=cast("tuple[float, float]", tuple(float(v) for v in d.get("ambition_range",
                                                                                   [-math.inf, math.inf]))),
            use_region=bool(d.get("use_region", False)), use_drift=bool(d.get("use_drift", False)),
            combination=None if comb is None else Combination(**{**comb, "years": tuple(comb["years"])}),
        )


_AVG = {"zh": "近三年平均增速", "en": "the last three years' average growth"}
_SPANS = {  # below-open, above-open, below-closed, above-closed
    "zh": ("低于{avg}{a}个百分点以上", "高于{avg}{a}个百分点以上",
           "低于{avg}{a}–{b}个百分点", "高于{avg}{a}–{b}个百分点"),
    "en": ("more than {a} point{s} below {avg}", "more than {a} point{s} above {avg}",
           "{a}–{b} points below {avg}", "{a}–{b} points above {avg}"),
}


def _span(lo: float, hi: float, lang: str) -> str:
    """Words for an ambition bin ``[lo, hi)``, in points against the last three years' average growth."""
    below_open, above_open, below, above = _SPANS["zh" if lang == "zh" else "en"]
    avg = _AVG["zh" if lang == "zh" else "en"]

    def f(v: float) -> str:
        return f"{abs(v) + 0.0:g}"

    if math.isinf(lo):
        return below_open.format(a=f(hi), s="s" if abs(hi) != 1 else "", avg=avg)
    if math.isinf(hi):
        return above_open.format(a=f(lo), s="s" if abs(lo) != 1 else "", avg=avg)
    return (below.format(a=f(hi), b=f(lo), avg=avg) if hi <= 0 else above.format(a=f(lo), b=f(hi), avg=avg))


def _evidence(pairs: pd.DataFrame) -> list[dict[str, Any]]:
    """Targets of each level by ambition bin ``[lo, hi)`` (open ends are ±inf) and the share met."""
    rows = []
    for lv in LEVELS:
        sub = pairs[pairs["level"] == lv]
        for lo, hi in zip(AMBITION_BINS[:-1], AMBITION_BINS[1:], strict=True):
            s = sub[(sub["ambition"] >= lo) & (sub["ambition"] < hi)]
            rows.append({"level": lv, "lo": lo, "hi": hi, "n": int(len(s)),
                         "met": float(s["met"].mean()) if len(s) else math.nan})
    return rows


def fit_gap_model(pairs: pd.DataFrame, as_of: int, window: int = WINDOW) -> GapModel:
    """Fit the target–outcome model on the pairs known at ``as_of`` (target years ``as_of−window+1 … as_of``).

    Raises
    ------
    ModelError
        Fewer than ``MIN_PAIRS`` pairs or ``MIN_YEARS`` target years in the window.
    """
    import statsmodels.api as sm

    train = pairs[(pairs["year"] <= as_of) & (pairs["year"] > as_of - window)].dropna(subset=["gap", "ambition"])
    n_years = train["year"].nunique()
    if len(train) < MIN_PAIRS or n_years < MIN_YEARS:
        raise ModelError(f"Only {len(train)} target–outcome pairs in {n_years} years up to {as_of}: "
                         f"the target–outcome model needs {MIN_PAIRS} pairs in {MIN_YEARS} years.")
    columns = {"const": np.ones(len(train)), "ambition": train["ambition"].to_numpy()}
    for lv in ("nation", "province"):
        if (train["level"] == lv).any() and (train["level"] != lv).any():
            columns[lv] = (train["level"] == lv).to_numpy(dtype=float)
    exog = pd.DataFrame(columns, index=train.index)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # MixedLM's convergence chatter; checked below
        result = sm.MixedLM(train["gap"].to_numpy(), exog, groups=train["year"].to_numpy()).fit(reml=True)
    names = list(exog.columns)
    beta = np.asarray(result.fe_params, dtype=float)
    cov = np.asarray(result.cov_params(), dtype=float)[: len(names), : len(names)]
    sigma_year = float(math.sqrt(max(float(np.asarray(result.cov_re)[0, 0]), 0.0)))
    sigma_within = float(math.sqrt(result.scale))
    if not (np.all(np.isfinite(beta)) and np.all(np.isfinite(cov)) and np.isfinite(sigma_within)):
        raise ModelError(f"The target–outcome model as of {as_of} did not converge to finite estimates.")
    fitted = exog.to_numpy() @ beta
    resid = train["gap"].to_numpy() - fitted
    year_effects = {int(k): float(np.asarray(v)[0]) for k, v in result.random_effects.items()}
    last = sorted(year_effects)[-DRIFT_YEARS:]
    drift = float(np.mean([year_effects[k] for k in last]))
    within = resid - train["year"].map(year_effects).to_numpy(dtype=float)
    sigma_region = _region_spread(within, train["key"].to_numpy() if "key" in train else train["region"].to_numpy())
    sigma_region = min(sigma_region, 0.95 * sigma_within)  # a part of the region's own luck, never all of it
    lo, hi = np.quantile(train["ambition"].to_numpy(dtype=float), AMBITION_QUANTILES)
    city_var = sigma_year**2 + sigma_within**2
    sigma_level: dict[str, float] = {}
    level_record: dict[str, tuple[int, int]] = {}
    for lv in ("nation", "province"):
        mask = (train["level"] == lv).to_numpy()
        n = int(mask.sum())
        if n:
            var = (float(np.sum(resid[mask] ** 2)) + LEVEL_PRIOR_PAIRS * city_var) / (n + LEVEL_PRIOR_PAIRS)
            sigma_level[lv] = float(math.sqrt(var))
            level_record[lv] = (n, int(train["met"].to_numpy()[mask].sum()))
    return GapModel(
        as_of=as_of,
        sigma_level=sigma_level,
        level_record=level_record,
        coef=dict(zip(names, beta.tolist(), strict=True)),
        cov=cov.tolist(),
        sigma_year=sigma_year,
        sigma_within=sigma_within,
        n_pairs=len(train),
        years=(int(train["year"].min()), int(train["year"].max())),
        levels={lv: int((train["level"] == lv).sum()) for lv in LEVELS},
        met_share=float(train["met"].mean()),
        evidence=_evidence(train),
        year_effects=year_effects,
        sigma_region=sigma_region,
        drift=drift,
        ambition_range=(float(lo), float(hi)),
    )


def _region_spread(within: FloatArray, regions: np.ndarray) -> float:
    """Standard deviation of the regions' lasting effects, by one-way analysis of variance.

    ``within``: residuals after the fixed and the year effects.  ``τ² = (MSB − MSW) / n₀``,
    zero when the regions' means differ no more than their own luck explains.
    """
    df = pd.DataFrame({"r": within, "g": regions})
    sizes = df.groupby("g")["r"].size()
    sizes = sizes[sizes >= 2]
    df = df[df["g"].isin(sizes.index)]
    k, n = len(sizes), int(sizes.sum())
    if k < 3:
        return 0.0
    means = df.groupby("g")["r"].mean()
    grand = float(df["r"].mean())
    msb = float((sizes * (means - grand) ** 2).sum()) / (k - 1)
    msw = float(((df["r"] - df["g"].map(means)) ** 2).sum()) / (n - k)
    n0 = (n - float((sizes**2).sum()) / n) / (k - 1)
    return float(math.sqrt(max((msb - msw) / n0, 0.0)))


def fit_gap_models(pairs: pd.DataFrame, as_of_years: Iterable[int], window: int = WINDOW) -> dict[int, GapModel]:
    """One model per ``as_of`` year; years without enough pairs are skipped."""
    out = {}
    for a in as_of_years:
        try:
            out[int(a)] = fit_gap_model(pairs, int(a), window)
        except ModelError:
            continue
    return out


# ----------------------------------------------------------------------------- combination
def _logit(p: np.ndarray) -> FloatArray:
    q = np.clip(p, 1e-4, 1 - 1e-4)
    logit: FloatArray = np.log(q / (1 - q))
    return logit


def log_score(p: np.ndarray, met: np.ndarray) -> float:
    """Mean negative log likelihood of binary outcomes (lower is better); p clipped to [0.001, 0.999]."""
    q = np.clip(np.asarray(p, float), 1e-3, 1 - 1e-3)
    m = np.asarray(met, float)
    return float(-np.mean(m * np.log(q) + (1 - m) * np.log(1 - q)))


def _platt(p: np.ndarray, met: np.ndarray) -> tuple[float, float]:
    import statsmodels.api as sm

    x = sm.add_constant(_logit(p))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.Logit(np.asarray(met, float), x).fit(disp=0)
    a, b = (float(v) for v in res.params)
    return a, max(b, 0.0)


def _isotonic(p: np.ndarray, met: np.ndarray) -> list[list[float]]:
    """Knots of the isotonic regression of ``met`` on ``p`` (block means, kept inside [0.01, 0.99])."""
    from scipy.optimize import isotonic_regression

    order = np.argsort(p, kind="stable")
    fit = isotonic_regression(np.asarray(met, float)[order]).x
    x = np.asarray(p, float)[order]
    knots: list[list[float]] = []
    for value in np.unique(fit):
        sel = fit == value
        knots.append([float(np.mean(x[sel])), float(np.clip(value, 0.01, 0.99))])
    return knots


def _apply_isotonic(knots: list[list[float]], p: np.ndarray) -> FloatArray:
    x, y = zip(*knots, strict=True)
    fitted: FloatArray = np.interp(p, x, y)
    return fitted


PIT_GRID = 50  # knots of the PIT distribution's CDF
PIT_PRIOR = 20.0  # pseudo-pairs of a uniform PIT (a calibrated forecast) the empirical CDF is shrunk toward


def _pit_knots(pit: np.ndarray) -> list[list[float]]:
    """CDF of the PIT values on a grid, shrunk toward the uniform (strictly increasing)."""
    u = np.linspace(0.0, 1.0, PIT_GRID + 1)
    pit = np.asarray(pit, float)
    pit = pit[np.isfinite(pit)]
    counts = np.searchsorted(np.sort(pit), u, side="right")
    g = (counts + PIT_PRIOR * u) / (len(pit) + PIT_PRIOR)
    g[0], g[-1] = 0.0, 1.0
    return [[round(float(a), 4), round(float(b), 4)] for a, b in zip(u, g, strict=True)]


def pit_cdf(knots: list[list[float]], u: np.ndarray) -> FloatArray:
    """The PIT distribution's CDF ``G`` at ``u``, interpolated between its knots."""
    x, y = zip(*knots, strict=True)
    cdf: FloatArray = np.interp(u, x, y)
    return cdf


def calibrate_outcomes(outcomes: np.ndarray, knots: list[list[float]]) -> FloatArray:
    """Simulated outcomes of the recalibrated distribution ``G(F(y))`` from draws of ``F``.

    The draw of rank ``i`` (plotting position ``u = (i − ½)/n``) is replaced by the quantile of
    the draws at ``G⁻¹(u)``; each path keeps its position, so the paths stay paired with anything
    drawn alongside them.
    """
    y = np.asarray(outcomes, float)
    if not knots or len(y) < 2:
        return y.copy()
    x, g = (np.asarray(v) for v in zip(*knots, strict=True))
    order = np.argsort(y, kind="stable")
    u = (np.arange(len(y)) + 0.5) / len(y)
    out = np.empty_like(y)
    out[order] = np.quantile(y, np.interp(u, g, x))
    return out


def fit_combination(preds: pd.DataFrame, as_of: int, min_pairs: int = 100) -> Combination | None:
    """Learn the mixture weight and the recalibration from out-of-sample predictions of years ≤ ``as_of``.

    Parameters
    ----------
    preds
        Columns ``year, met, p_gap, p_ts``: for each pair, the target–outcome model's and the
        time-series blend's probabilities, each made as of the year before the target.
    """
    df = preds[(preds["year"] <= as_of)].dropna(subset=["p_gap", "p_ts", "met"])
    if len(df) < min_pairs or df["year"].nunique() < 2:
        return None
    grid = np.round(np.linspace(0, 1, 21), 2)
    met = df["met"].to_numpy()
    scores = {float(w): log_score(w * df["p_gap"].to_numpy() + (1 - w) * df["p_ts"].to_numpy(), met) for w in grid}
    w = min(scores, key=lambda k: (scores[k], -k))
    # the weight must earn its place in real time: each year mixed with the weight learned on the
    # years before it, against the target–outcome model alone; where the mixture loses, it is dropped
    learned, alone, judged = [], [], []
    for y in sorted(df["year"].unique())[2:]:
        past, now = df[df["year"] < y], df[df["year"] == y]
        s_past = {float(v): log_score(v * past["p_gap"].to_numpy() + (1 - v) * past["p_ts"].to_numpy(),
                                      past["met"].to_numpy()) for v in grid}
        w_y = min(s_past, key=lambda k: (s_past[k], -k))
        learned.append(w_y * now["p_gap"].to_numpy() + (1 - w_y) * now["p_ts"].to_numpy())
        alone.append(now["p_gap"].to_numpy())
        judged.append(now["met"].to_numpy())
    if not judged or log_score(np.concatenate(learned), np.concatenate(judged)) >= log_score(
            np.concatenate(alone), np.concatenate(judged)):
        w = 1.0
    mix = w * df["p_gap"].to_numpy() + (1 - w) * df["p_ts"].to_numpy()
    # the mixture's PIT: its CDF at the outcome is the weighted CDFs of the components
    has_pit = {"pit_gap", "pit_ts"} <= set(df.columns)
    pit = (w * df["pit_gap"].to_numpy() + (1 - w) * df["pit_ts"].to_numpy()) if has_pit else None
    # recalibration: each map fitted on earlier years, scored on each later year (nested, out of sample)
    years = sorted(df["year"].unique())
    oos: dict[Recalibration, list[np.ndarray]] = {"platt": [], "isotonic": [], "none": []}
    if pit is not None:
        oos["pit"] = []
    oos_met = []
    for y in years[2:]:
        past = (df["year"] < y).to_numpy()
        now = (df["year"] == y).to_numpy()
        a, b = _platt(mix[past], met[past])
        oos["platt"].append(1 / (1 + np.exp(-(a + b * _logit(mix[now])))))
        oos["isotonic"].append(_apply_isotonic(_isotonic(mix[past], met[past]), mix[now]))
        oos["none"].append(mix[now])
        if pit is not None:
            oos["pit"].append(1.0 - pit_cdf(_pit_knots(pit[past]), 1.0 - mix[now]))
        oos_met.append(met[now])
    method: Recalibration = "none"
    a, b, knots = 0.0, 1.0, []
    ls = {"time_series": scores[0.0], "target_outcome": scores[1.0], "mixture": scores[w]}
    if oos_met:
        m = np.concatenate(oos_met)
        by_method = {k: log_score(np.concatenate(v), m) for k, v in oos.items()}
        ls.update({f"recalibrated_{k}_oos": v for k, v in by_method.items()})
        method = min(by_method, key=lambda k: (by_method[k], k != "none"))
        if method == "platt":
            a, b = _platt(mix, met)
        elif method == "isotonic":
            knots = _isotonic(mix, met)
    return Combination(weight_gap=float(w), recalibration=method, a=a, b=b, n_pairs=len(df),
                       years=(int(min(years)), int(max(years))), log_score=ls, knots=knots,
                       pit_knots=_pit_knots(pit) if pit is not None else [])


# ----------------------------------------------------------------------------- storage
@dataclass(frozen=True)
class GapModelSet:
    """Target–outcome models by ``as_of`` year, with what they were fitted on."""

    models: dict[int, GapModel]
    fitted_on: str = ""
    screened: dict[str, int] = field(default_factory=dict)

    def for_as_of(self, as_of: int) -> GapModel | None:
        """The model fitted on what was known at ``as_of`` (the latest one before, if none that year)."""
        usable = [a for a in self.models if a <= as_of]
        return self.models[max(usable)] if usable else None

    def to_json(self) -> str:
        """The set as JSON text."""
        body = {"fitted_on": self.fitted_on, "screened": self.screened,
                "models": [m.to_dict() for _, m in sorted(self.models.items())]}
        return json.dumps(json_ready(body), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str, where: str = "gap model file") -> GapModelSet:
        """The set of JSON text; `DataError` naming ``where`` when the text is not one."""
        try:
            body = json.loads(text)
            models = {int(m["as_of"]): GapModel.from_dict(_json_restore(m)) for m in body["models"]}
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"{where}: not a target–outcome model file ({type(exc).__name__}: {exc}).") from exc
        return cls(models, str(body.get("fitted_on", "")), dict(body.get("screened", {})))

    def save(self, path: str | Path) -> None:
        """Write atomically (a temporary file renamed over the target)."""
        write_text_atomically(path, self.to_json() + "\n")


def _json_restore(x: Any) -> Any:
    if x == "inf":
        return math.inf
    if x == "-inf":
        return -math.inf
    if isinstance(x, dict):
        return {k: _json_restore(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_json_restore(v) for v in x]
    return x


def load_gap_models(path: str | Path | None = None) -> GapModelSet:
    """The shipped target–outcome models (``data/gap_model.json``) or a user's refit."""
    if path is None:
        return _embedded()
    p = Path(path)
    if not p.is_file():
        raise DataError(f"{p}: no such target–outcome model file.")
    return GapModelSet.from_json(p.read_text(encoding="utf-8"), str(p))


@cache
def _embedded() -> GapModelSet:
    p = embedded_path(GAP_MODEL_FILE)
    if not p.is_file():
        return GapModelSet({})
    return GapModelSet.from_json(p.read_text(encoding="utf-8"), str(p))
