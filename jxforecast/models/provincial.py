"""What 31 provinces teach every indicator: how wide a forecast must be, how far outcomes land from targets.

A region's own series of an indicator holds 6–15 figures: too few to learn from its own
backtest how wide an 80 % interval must be, and, for most indicators, no target–outcome
record at all.  Provinces have the same short series, thirty-one of them.

Spreads (`IndicatorSpread`)
    The model family's blend was backtested one year ahead on every provincial series of
    the indicator (NBS provincial data, 2008–2019; each origin forecast from earlier years
    only).  For each fold the stretch ratio ``r`` (the factor by which the blend's 80 %
    interval would have to be stretched around its median to reach the outcome; see
    `jxforecast.models.calibration`) is recorded; the **factor** is the 0.8 quantile of the
    ratios of folds whose target year is ``as_of`` or earlier, pooled over provinces.  It
    replaces the per-series factor that a region's own 4–12 folds give.  **band80** is the
    width of the central 80 % of the pooled out-of-sample errors: a region whose own history
    is too short to narrow it gets an interval whose width is shrunk toward it, with
    ``PRIOR_YEARS`` years of weight (`widen`).

Target gaps (`IndicatorGaps`)
    Outcome − target gaps (signed: positive is better) of subnational targets — provincial
    work-report targets, and the Zhejiang, Jiaxing and Xiuzhou targets of the catalogue —
    by indicator, as known at ``as_of``: the median shrunk toward zero and the spread shrunk
    toward the provinces' forecast errors of the indicator, each with ``PRIOR_PAIRS`` pairs of
    weight.  Their tails are a t fitted in real time to the gaps of every indicator, each
    standardised by what was known the year before (`fit_tails`).  They replace the national
    targets' gaps (met by a hair) as the anchor of a subnational target.  National targets
    keep their own record.

`scripts/fit_provincial_model.py` refits both from the province panel and ships the
parameters in ``data/provincial_model.json`` (no province rows).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jxforecast._jsonio import json_ready, write_text_atomically
from jxforecast._paths import embedded_path
from jxforecast.errors import DataError
from jxforecast.i18n import N_
from jxforecast.models.base import FloatArray
from jxforecast.models.calibration import GapDistribution

PROVINCIAL_MODEL_FILE = "provincial_model.json"
PRIOR_YEARS = 6.0  # years of own history worth as much as the provinces' band (chosen on provincial folds)
PRIOR_PAIRS = 3.0  # pairs of weight of the priors of a gap's centre (zero) and spread (forecast errors)
MIN_FOLDS = 30  # pooled folds before a factor is learned
MIN_PAIRS = 3  # subnational pairs of an indicator before its gaps are used
T_DF = 5.0
MIN_TAIL = 20  # standardised gaps before the tails are learned
MIN_DF = 3.0  # the learned t keeps a finite variance
MEASURES = {"gdp": "yoy_real", "cpi": "rate"}  # the provincial series' measure; every other one is nominal growth
Z80 = 2.5631  # width of a normal's central 80 % in standard deviations


def stretch_ratios(actual: FloatArray, median: FloatArray, lo: FloatArray, hi: FloatArray) -> FloatArray:
    """The factor by which each interval ``[lo, hi]`` must be stretched around ``median`` to hold ``actual``."""
    up = (actual - median) / np.maximum(hi - median, 1e-9)
    down = (median - actual) / np.maximum(median - lo, 1e-9)
    ratios: FloatArray = np.where(actual >= median, up, down)
    return ratios


@dataclass(frozen=True)
class IndicatorSpread:
    """The spread of one-year-ahead forecasts of an indicator, learned from provinces.

    Attributes
    ----------
    indicator, as_of
        The indicator and the last target year of the folds used.
    factor
        Multiply the blend's deviations from its median by this.
    band80
        Width of the central 80 % of the blend's out-of-sample errors (points).
    folds, provinces, years
        The folds it was learned on: how many, of how many provinces, first and last target year.
    coverage80, coverage50
        Out-of-sample coverage of the stretched 80 % and 50 % intervals, each year stretched by
        the factor learned on the years before it (NaN when too few years).
    """

    indicator: str
    as_of: int
    factor: float
    band80: float
    folds: int
    provinces: int
    years: tuple[int, int]
    coverage80: float = math.nan
    coverage50: float = math.nan

    def describe(self) -> str:
        """One sentence for the page."""
        return N_("spread factor {factor:.2f} learned from {folds} one-year-ahead forecasts of {indicator} in "
                  "{provinces} provinces ({first}–{last})").format(factor=self.factor, folds=self.folds,
                                                                  indicator=self.indicator, provinces=self.provinces,
                                                                  first=self.years[0], last=self.years[1])


@dataclass(frozen=True)
class IndicatorGaps:
    """How far subnational outcomes of an indicator landed from their targets (signed: positive is better).

    Attributes
    ----------
    indicator, as_of
        The indicator and the last target year of the pairs used.
    center, sd
        The gap's centre and the spread of the gaps about it (points, a standard deviation of
        the pairs), each shrunk toward its prior; the t of `distribution` is scaled by it.
    n, met_share, years
        Pairs used, the share met, first and last target year.
    df, scale, tails_from
        The tails: a t with ``df`` degrees of freedom and scale ``scale · sd``, learned on
        ``tails_from`` earlier gaps of every indicator standardised in real time (`fit_tails`);
        without enough of them (0), a t with `T_DF` degrees of freedom and standard deviation ``sd``.
    """

    indicator: str
    as_of: int
    center: float
    sd: float
    n: int
    met_share: float
    years: tuple[int, int]
    df: float = T_DF
    scale: float = math.sqrt((T_DF - 2) / T_DF)
    tails_from: int = 0

    def distribution(self) -> GapDistribution:
        """The gap as a Student t with ``df`` degrees of freedom and scale ``scale · sd``."""
        return GapDistribution(self.center, self.scale * self.sd, self.n, "t", self.df)

    def describe(self) -> str:
        """One sentence for the page."""
        return N_("{n} subnational {indicator} targets of {first}–{last} (provinces' work reports, Zhejiang, "
                  "Jiaxing), {share:.0%} met").format(n=self.n, indicator=self.indicator, first=self.years[0],
                                                       last=self.years[1], share=self.met_share)

    def sentence(self, lang: str = "en") -> str:
        """How similar targets fared, for the page ("Of 20 subnational budget revenue growth targets ...")."""
        from jxforecast.registry import get_indicator

        info = get_indicator(self.indicator)
        name = info.name_en[:1].lower() + info.name_en[1:] if info.name_en[1:2].islower() else info.name_en
        years, share = f"{self.years[0]}–{self.years[1]}", round(100 * self.met_share)
        if lang == "zh":
            return (f"{years}年各省及浙江、嘉兴{info.name_zh}目标中，有结果的{self.n}个，{share}%实现；"
                    f"实际值一般比目标{'高' if self.center >= 0 else '低'}{abs(self.center):.1f}个百分点，"
                    f"标准差{self.sd:.1f}个百分点。")
        return (f"Of {self.n} {name} targets of {years} set by provinces, Zhejiang and Jiaxing, "
                f"{share}% were met; outcomes typically landed {abs(self.center):.1f} points "
                f"{'above' if self.center >= 0 else 'below'} the target, with a spread (sd) of {self.sd:.1f} points.")

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dictionary of the evidence, with its sentence in both languages."""
        return {**json_ready(asdict(self), 6), "years": list(self.years), "source": "provincial target gaps",
                "evidence": self.sentence("en"), "evidence_zh": self.sentence("zh")}


@dataclass(frozen=True)
class ProvincialModel:
    """Spreads and target gaps by indicator and ``as_of`` year."""

    spreads: dict[str, dict[int, IndicatorSpread]] = field(default_factory=dict)
    gaps: dict[str, dict[int, IndicatorGaps]] = field(default_factory=dict)
    fitted_on: str = ""
    prior_years: float = PRIOR_YEARS

    def spread(self, indicator: str, as_of: int, measure: str) -> IndicatorSpread | None:
        """The indicator's spread learned from folds up to ``as_of`` (the latest before it), or None.

        None too when ``measure`` is not the provincial series' (`MEASURES`).
        """
        if measure != MEASURES.get(indicator, "yoy_nominal"):
            return None
        found: IndicatorSpread | None = _latest(self.spreads.get(indicator, {}), as_of)
        return found

    def gap(self, indicator: str, as_of: int, measure: str) -> IndicatorGaps | None:
        """The indicator's subnational target gaps known at ``as_of``, or None (or another ``measure``)."""
        if measure != MEASURES.get(indicator, "yoy_nominal"):
            return None
        found: IndicatorGaps | None = _latest(self.gaps.get(indicator, {}), as_of)
        return found

    def to_json(self) -> str:
        """The model as JSON text."""
        body = {
            "fitted_on": self.fitted_on, "prior_years": self.prior_years,
            "spreads": [json_ready(asdict(s), 6) for by in self.spreads.values() for s in by.values()],
            "gaps": [json_ready(asdict(g), 6) for by in self.gaps.values() for g in by.values()],
        }
        return json.dumps(body, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str, where: str = "provincial model file") -> ProvincialModel:
        """The model of JSON text; `DataError` naming ``where`` when it is not one."""
        try:
            body = json.loads(text)
            spreads: dict[str, dict[int, IndicatorSpread]] = {}
            for s in body["spreads"]:
                coverage = {k: math.nan if s[k] is None else s[k] for k in ("coverage80", "coverage50")}
                item = IndicatorSpread(**{**s, "years": tuple(s["years"]), **coverage})
                spreads.setdefault(item.indicator, {})[item.as_of] = item
            gaps: dict[str, dict[int, IndicatorGaps]] = {}
            for g in body["gaps"]:
                gap = IndicatorGaps(**{**g, "years": tuple(g["years"])})
                gaps.setdefault(gap.indicator, {})[gap.as_of] = gap
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"{where}: not a provincial model file ({type(exc).__name__}: {exc}).") from exc
        return cls(spreads, gaps, str(body.get("fitted_on", "")), float(body.get("prior_years", PRIOR_YEARS)))

    def save(self, path: str | Path) -> None:
        """Write atomically (a temporary file renamed over the target)."""
        write_text_atomically(path, self.to_json() + "\n")


def _latest(by_year: dict[int, Any], as_of: int) -> Any:
    usable = [a for a in by_year if a <= as_of]
    return by_year[max(usable)] if usable else None


def widen(paths: FloatArray, band80: float, n_obs: int, prior_years: float = PRIOR_YEARS) -> tuple[FloatArray, float]:
    """Paths whose first year's 80 % width is shrunk toward ``band80`` with ``prior_years`` of weight.

    Only ever widens: ``w² = (n·w_own² + k·band80²) / (n + k)``; every horizon's deviations from
    its median are stretched by the same ratio.  Returns the paths and the ratio (1: unchanged).
    """
    first = paths[:, 0]
    lo, hi = np.quantile(first, [0.1, 0.9])
    own = float(hi - lo)
    if own <= 0 or n_obs <= 0:
        return paths, 1.0
    target = math.sqrt((n_obs * own**2 + prior_years * band80**2) / (n_obs + prior_years))
    ratio = target / own
    if ratio <= 1.0:
        return paths, 1.0
    median = np.median(paths, axis=0)
    widened: FloatArray = median + (paths - median) * ratio
    return widened, float(ratio)


# ----------------------------------------------------------------------------- fitting
def fit_spreads(folds: pd.DataFrame, as_of_years: range) -> dict[str, dict[int, IndicatorSpread]]:
    """Spreads by indicator and ``as_of`` from the blend's backtest folds of provincial series.

    Parameters
    ----------
    folds
        Columns ``province, indicator, target, actual, median, lo_50, hi_50, lo_80, hi_80``.
    """
    f = folds.dropna(subset=["actual", "median", "lo_80", "hi_80"]).copy()
    f["r80"] = stretch_ratios(f["actual"].to_numpy(float), f["median"].to_numpy(float), f["lo_80"].to_numpy(float),
                              f["hi_80"].to_numpy(float))
    f["r50"] = stretch_ratios(f["actual"].to_numpy(float), f["median"].to_numpy(float), f["lo_50"].to_numpy(float),
                              f["hi_50"].to_numpy(float))
    f["error"] = f["actual"] - f["median"]
    out: dict[str, dict[int, IndicatorSpread]] = {}
    for indicator, x in f.groupby("indicator"):
        years = sorted(int(y) for y in x["target"].unique())
        # real-time coverage: each year stretched by the factor learned on the years before it
        hits80: list[bool] = []
        hits50: list[bool] = []
        for y in years:
            past, now = x[x["target"] < y], x[x["target"] == y]
            if len(past) >= MIN_FOLDS:
                c = float(np.quantile(past["r80"], 0.8))
                hits80 += list(now["r80"] <= c)
                hits50 += list(now["r50"] <= c)
        for a in as_of_years:
            used = x[x["target"] <= a]
            if len(used) < MIN_FOLDS:
                continue
            errors = used["error"].to_numpy(float)
            out.setdefault(str(indicator), {})[int(a)] = IndicatorSpread(
                indicator=str(indicator), as_of=int(a), factor=float(np.quantile(used["r80"], 0.8)),
                band80=float(np.quantile(errors, 0.9) - np.quantile(errors, 0.1)), folds=len(used),
                provinces=int(used["province"].nunique()),
                years=(int(used["target"].min()), int(used["target"].max())),
                coverage80=float(np.mean(hits80)) if hits80 else math.nan,
                coverage50=float(np.mean(hits50)) if hits50 else math.nan,
            )
    return out


def fit_gaps(pairs: pd.DataFrame, spreads: dict[str, dict[int, IndicatorSpread]],
             as_of_years: range) -> dict[str, dict[int, IndicatorGaps]]:
    """Subnational target gaps by indicator and ``as_of``.

    Parameters
    ----------
    pairs
        Columns ``indicator, year, gap`` (signed: positive is better) and ``met``.
    spreads
        From `fit_spreads`: the prior of a gap's spread is the indicator's forecast error
        (``band80 / 2.56``); without one, the pairs' own spread.
    """
    out: dict[str, dict[int, IndicatorGaps]] = {}
    for indicator, x in pairs.groupby("indicator"):
        for a in as_of_years:
            used = x[x["year"] <= a]
            n = len(used)
            if n < MIN_PAIRS:
                continue
            g = used["gap"].to_numpy(float)
            # the plain standard deviation: the large misses (budget revenue 28% on a 9% target) are
            # what a subnational target risks; the tails fitted on top (`fit_tails`) keep more of them
            own_sd = float(np.std(g, ddof=1))
            spread = _latest(spreads.get(str(indicator), {}), a)
            prior_sd = spread.band80 / Z80 if spread is not None else own_sd
            sd = math.sqrt((n * own_sd**2 + PRIOR_PAIRS * prior_sd**2) / (n + PRIOR_PAIRS))
            out.setdefault(str(indicator), {})[int(a)] = IndicatorGaps(
                indicator=str(indicator), as_of=int(a), center=float(n * np.median(g) / (n + PRIOR_PAIRS)),
                sd=max(sd, 0.25), n=n, met_share=float(used["met"].mean()),
                years=(int(used["year"].min()), int(used["year"].max())),
            )
    return fit_tails(out, pairs, as_of_years)


def standardised_gaps(gaps: dict[str, dict[int, IndicatorGaps]], pairs: pd.DataFrame) -> pd.DataFrame:
    """Each pair's gap standardised by what was known the year before: ``(gap − centre) / sd``.

    Pairs of an indicator with no gaps fitted by the year before are left out.  Columns
    ``indicator, year, z``.
    """
    rows = []
    for indicator, year, gap in zip(pairs["indicator"].astype(str), pairs["year"].astype(int),
                                    pairs["gap"].astype(float), strict=True):
        known = _latest(gaps.get(indicator, {}), year - 1)
        if known is not None:
            rows.append({"indicator": indicator, "year": year, "z": (gap - known.center) / known.sd})
    return pd.DataFrame(rows, columns=["indicator", "year", "z"])


def fit_tails(gaps: dict[str, dict[int, IndicatorGaps]], pairs: pd.DataFrame,
              as_of_years: range) -> dict[str, dict[int, IndicatorGaps]]:
    """The gaps' tails by ``as_of``: a t fitted by maximum likelihood to the standardised gaps known then.

    Subnational gaps are heavy-tailed: a budget revenue target missed or beaten by twice the
    spread of the earlier gaps is not rare.  The gaps of every indicator, each standardised
    with the centre and spread known the year before (`standardised_gaps`), are pooled; with
    `MIN_TAIL` of them up to ``as_of``, a t's degrees of freedom (at least `MIN_DF`) and scale
    (in units of ``sd``) are fitted to them and given to every indicator's gaps of that year.
    """
    from scipy import optimize, stats

    z = standardised_gaps(gaps, pairs)
    out: dict[str, dict[int, IndicatorGaps]] = {k: dict(v) for k, v in gaps.items()}
    for a in as_of_years:
        x = z.loc[z["year"] <= a, "z"].to_numpy(float)
        if len(x) < MIN_TAIL:
            continue

        def nll(theta: FloatArray, x: FloatArray = x) -> float:
            return float(-stats.t.logpdf(x, MIN_DF + math.exp(theta[0]), 0.0, math.exp(theta[1])).sum())

        fit = optimize.minimize(nll, np.array([0.0, 0.0]), method="Nelder-Mead",
                                options={"xatol": 1e-6, "fatol": 1e-9, "maxiter": 2000})
        df, scale = MIN_DF + math.exp(fit.x[0]), math.exp(fit.x[1])
        for by in out.values():
            if a in by:
                by[a] = replace(by[a], df=round(df, 4), scale=round(scale, 4), tails_from=len(x))
    return out


def load_provincial_model(path: str | Path | None = None) -> ProvincialModel:
    """The shipped model (``data/provincial_model.json``) or a user's refit."""
    if path is None:
        return _embedded()
    p = Path(path)
    if not p.is_file():
        raise DataError(f"{p}: no such provincial model file.")
    return ProvincialModel.from_json(p.read_text(encoding="utf-8"), str(p))


@cache
def _embedded() -> ProvincialModel:
    p = embedded_path(PROVINCIAL_MODEL_FILE)
    if not p.is_file():
        return ProvincialModel()
    return ProvincialModel.from_json(p.read_text(encoding="utf-8"), str(p))
