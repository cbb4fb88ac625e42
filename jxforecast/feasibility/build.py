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
    announced: float | str | None = None,
) -> Target:
    """A `Target` from its wording (``text="增长6%左右"``) or from ``op`` and ``value``.

    ``announced``: the target announced for the year when it is not the value checked (a
    number, or ``"none"`` for no target information); see `jxforecast.feasibility.announced`.
    """
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
        announced=announced,
    )


def _next_year(region: str, indicator: str, data: pd.DataFrame | None) -> int:
    from jxforecast.data.loader import load_observations

    obs = load_observations() if data is None else data
    rows = obs[(obs["region"] == region) & (obs["indicator"] == indicator) & (obs["freq"] == "A")]
    if rows.empty:
        raise TargetError(f"No data for {region} {indicator}; give --year.")
    return int(pd.to_numeric(rows["period"]).max()) + 1


def format_assessment(a: Assessment, lang: str = "en") -> str:
    """The assessment's summary as text (`Assessment.summary`), as ``jxforecast check`` prints it."""
    return a.summary(lang).as_text()


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
