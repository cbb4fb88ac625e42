"""Build a `Target` from command-line or notebook parameters, and describe a result in words."""

from __future__ import annotations

import pandas as pd

from jxforecast.errors import TargetError
from jxforecast.feasibility.assessment import Assessment
from jxforecast.registry import default_measure, get_indicator, get_region
from jxforecast.targets.parse import parse_target_text
from jxforecast.targets.target import DEFAULT_TOLERANCE, Target


def build_target(
    region: str,
    indicator: str,
    year: int | None = None,
    *,
    text: str | float | None = None,
    op: str | None = None,
    value: float | None = None,
    value_high: float | None = None,
    measure: str | None = None,
    base_year: int | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    as_of: int | None = None,
    data: pd.DataFrame | None = None,
) -> Target:
    """A `Target` from its wording (``text="增长6%左右"``) or from ``op`` and ``value``."""
    info = get_indicator(indicator)
    if data is not None:
        get_region(region, extra=tuple(data["region"].unique()))
    else:
        get_region(region)
    if text is not None and op is not None:
        raise TargetError("Give the target either as text (--target) or as --op/--value, not both.")
    parsed = None
    if text is not None:
        parsed = parse_target_text(text)
        op, value, value_high = parsed.operator, parsed.value, parsed.value_high
    if op is None:
        raise TargetError("No target given: use --target '增长6%左右' or --op '>=' --value 6.")
    if value is None and op != "sync":
        raise TargetError(f"Operator '{op}' needs --value.")
    measure = measure or default_measure(indicator)
    if parsed is not None and parsed.unit_text and measure in ("yoy_real", "yoy_nominal", "rate", "share", "cagr"):
        raise TargetError(
            f"'{text}' gives a number in {parsed.unit_text}, but a {measure} target of {indicator} is in %: "
            f"write a percentage (e.g. '增长6%左右') or give --measure level for a target in {parsed.unit_text}."
        )
    if year is None:
        year = (as_of + 1) if as_of is not None else _next_year(region, indicator, data)
    unit = "pct" if measure in ("yoy_real", "yoy_nominal", "rate", "cagr") else info.unit
    if measure == "multiple":
        unit = "ratio"
    return Target(
        region=region, indicator=indicator, year=int(year), operator=op,  # type: ignore[arg-type]
        value=value, value_high=value_high, measure=measure,  # type: ignore[arg-type]
        unit=unit, basis={"yoy_real": "real", "yoy_nominal": "nominal"}.get(measure, info.basis),
        base_year=base_year, reference="gdp" if op == "sync" else None, tolerance=tolerance,
        quote=str(text) if text is not None else "",
    )


def _next_year(region: str, indicator: str, data: pd.DataFrame | None) -> int:
    from jxforecast.data.loader import load_observations

    obs = load_observations() if data is None else data
    rows = obs[(obs["region"] == region) & (obs["indicator"] == indicator) & (obs["freq"] == "A")]
    if rows.empty:
        raise TargetError(f"No data for {region} {indicator}; give --year.")
    return int(pd.to_numeric(rows["period"]).max()) + 1


def _pct(p: float | None) -> str:
    return "n/a" if p is None else f"{100 * p:.0f}%"


def format_assessment(a: Assessment) -> str:
    """A readable multi-line summary of an assessment."""
    t = a.target
    info = get_indicator(t.indicator)
    unit = "%" if t.unit in ("pct", "pct_of_gdp") else f" {t.unit}"
    lines = [
        f"{t.region} · {info.name_zh} ({info.name_en}) · {t.year}: {t.quote or t.label()}",
        f"  as of {a.as_of} ({a.horizon} year(s) ahead, {a.n_obs} observations, basis {a.basis})",
        f"  probability met: {_pct(a.probability)}"
        + (f" (within {t.tolerance:g} of the target)  ·  strict: {_pct(a.probability_strict)}"
           if t.operator in ("~", "sync") else "")
        + (f"  ·  strive level: {_pct(a.probability_strive)}" if a.probability_strive is not None else ""),
        f"  verdict: {a.verdict}" + "".join(f" — {w.split(':')[0].lower()}: {w.split(': ', 1)[1].split(';')[0]}"
                                            for w in a.warnings[:1] if w.startswith("Stale data")),
        f"  median {a.median:.2f}{unit}, {a.interval['level']:.0%} interval {a.interval['lo']:.2f} to {a.interval['hi']:.2f}",
    ]
    if a.required and a.required.get("value") is not None:
        r = a.required
        pct = r.get("percentile")
        reached = (100 - pct if t.higher_is_better else pct) if pct is not None else None
        span = "years" if "average" not in r["kind"] else "spans of as many years"
        where = f" — reached in {reached:.0f}% of the region's past {span}" if reached is not None else ""
        lines.append(f"  required: {r['value']:.2f} ({r['kind']}, {r['basis']}){where}")
    if a.components:
        parts = [f"{name.replace('_', ' ')} {_pct(c.get('probability_strict'))}"
                 + (f" (weight {c['weight']:.2f})" if c.get("weight") is not None else "")
                 for name, c in a.components.items()]
        lines.append("  components (strict): " + ", ".join(parts))
    if a.evidence and a.evidence.get("evidence"):
        lines.append(f"  evidence: {a.evidence['evidence']}")
    lines.append("  models: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(a.models.items(), key=lambda kv: -kv[1])))
    if a.outcome is not None and a.met is not None:
        met = "met" if a.met.get("tolerant") else "missed"
        lines.append(f"  outcome: {a.outcome:g} → {met} (strict: {'met' if a.met.get('strict') else 'missed'})")
    for w in a.warnings:
        lines.append(f"  note: {w}")
    return "\n".join(lines)


def model_table(a: Assessment) -> pd.DataFrame:
    """The blend behind an assessment: each component's weight beside its backtest scores.

    One row per model (``blend`` last, with no weight of its own): ``weight``, then the
    one-year-ahead rolling-origin scores ``n_folds``, ``mae``, ``rmse``, ``bias`` and
    ``coverage_80`` (share of actual outcomes inside the model's 80 % interval).
    """
    names = list(dict.fromkeys([*a.models, *a.backtest]))
    names = [n for n in names if not n.endswith("blend")] + [n for n in names if n.endswith("blend")]
    table = pd.DataFrame(
        [{"model": n, "weight": a.models.get(n), **a.backtest.get(n, {})} for n in names],
        columns=["model", "weight", "n_folds", "mae", "rmse", "bias", "coverage_80"],
    ).set_index("model")
    table["n_folds"] = table["n_folds"].astype("Int64")
    return table.sort_values("weight", ascending=False, na_position="last", kind="stable")
