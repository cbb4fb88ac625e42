"""The observation table's schema (pandera) and the one-sentence error it raises.

One row is one published figure: ``region, indicator, freq, period, measure,
value, unit, vintage, source_url, quote, derived, note, source_quality,
alternate_url``: ``source_quality`` rates the source (`jxforecast.data.sources`; rated
from the address when left empty) and ``alternate_url`` keeps an earlier address of the
same figure.  The key
``(region, indicator, freq, period, measure, vintage)`` is unique.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from jxforecast.data.sources import QUALITIES
from jxforecast.errors import DataError
from jxforecast.registry import indicators
from jxforecast.typing import FREQS as _FREQS
from jxforecast.typing import MEASURES as _MEASURES
from jxforecast.typing import Freq, Measure

if TYPE_CHECKING:  # pandera is imported when a table is validated (about 0.3 s)
    import pandera.pandas as pa

COLUMNS = [
    "region", "indicator", "freq", "period", "measure", "value", "unit",
    "vintage", "source_url", "quote", "derived", "note", "source_quality", "alternate_url",
]
KEY = ["region", "indicator", "freq", "period", "measure", "vintage"]
MEASURES: list[Measure] = list(_MEASURES)
UNITS = [
    "pct", "pct_of_gdp", "pp", "100m_yuan", "10k_yuan", "yuan", "100m_usd", "10k_usd",
    "10k_persons", "persons", "10k_kw", "mw", "count", "ug_m3", "days", "years",
    "10k_tce", "10k_sqm", "km", "ratio", "mu", "10k_mu", "100m_jin", "10k_yuan_per_mu", "rank", "ha",
    "persons_per_100m_yuan", "10k_count", "m3_per_10k_yuan",
]
FREQS: list[Freq] = list(_FREQS)
FIRST_YEAR, LAST_YEAR = 1949, 2100
_PERIOD = r"^\d{4}$|^\d{4}Q[1-4]$|^\d{4}-(0[1-9]|1[0-2])$"
_GROWTH = ["yoy_real", "yoy_nominal", "ytd_yoy_real", "ytd_yoy_nominal", "cagr", "change_pct"]
_PERCENT_UNITS = ("pct", "pct_of_gdp", "pp")
UNITS_OF_MEASURE: dict[str, tuple[str, ...]] = {
    **{m: ("pct",) for m in _GROWTH},
    "share": _PERCENT_UNITS, "rate": _PERCENT_UNITS,
}
"""The units a growth rate, share or rate may be given in; a level takes any unit but a percentage."""


def _period_year(period: pd.Series) -> pd.Series:
    return pd.to_numeric(period.str[:4], errors="coerce")


def _period_matches_freq(df: pd.DataFrame) -> pd.Series:
    patterns = {"A": r"^\d{4}$", "Q": r"^\d{4}Q[1-4]$", "M": r"^\d{4}-\d{2}$"}
    pattern = [patterns.get(f) if isinstance(f, str) else None for f in df["freq"]]
    return pd.Series(
        [p is not None and bool(pd.Series([v]).str.match(p).iloc[0])
         for v, p in zip(df["period"], pattern, strict=True)],
        index=df.index,
    )


def _unit_fits_measure(df: pd.DataFrame) -> pd.Series:
    """A growth rate in per cent, a share or rate in per cent (or of GDP), a level not in per cent.

    An unknown unit passes here: the column check names it.
    """
    fits = [True if unit not in UNITS else unit in UNITS_OF_MEASURE[m] if m in UNITS_OF_MEASURE
            else not (m in ("level", "ytd_level") and unit in _PERCENT_UNITS)
            for m, unit in zip(df["measure"], df["unit"], strict=True)]
    return pd.Series(fits, index=df.index, dtype=bool)


def _plausible(df: pd.DataFrame) -> pd.Series:
    """Growth rates within −60..+150 %; shares and rates of core indicators within −20..100 %.

    Document-specific ratios such as plan completion rates may exceed 100 %.
    """
    v = df["value"]
    growth = df["measure"].isin(_GROWTH)
    core = {k for k, i in indicators().items() if i.core}
    share = df["measure"].isin(["share", "rate"]) & df["indicator"].isin(core)
    ok = pd.Series(True, index=df.index)
    ok &= ~growth | v.between(-60, 150)
    ok &= ~share | v.between(-20, 100)
    ok &= ~(df["measure"].isin(["level", "ytd_level"])) | (v >= 0)
    return ok


def observation_schema() -> pa.DataFrameSchema:
    """The pandera schema every observation table (embedded or a user's) must satisfy."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "region": pa.Column(
                str,
                pa.Check.str_matches(r"^[a-z][a-z0-9_]*$", error="region ids are lower-case letters, digits and _"),
                nullable=False,
            ),
            "indicator": pa.Column(str, pa.Check.isin(sorted(indicators())), nullable=False),
            "freq": pa.Column(str, pa.Check.isin(FREQS), nullable=False),
            "period": pa.Column(
                str,
                [
                    pa.Check.str_matches(_PERIOD, error="period must look like 2024, 2024Q2 or 2024-06"),
                    pa.Check(
                        lambda s: _period_year(s).between(FIRST_YEAR, LAST_YEAR),
                        error=f"year out of range {FIRST_YEAR}-{LAST_YEAR}",
                    ),
                ],
                nullable=False,
            ),
            "measure": pa.Column(str, pa.Check.isin(MEASURES), nullable=False),
            "value": pa.Column(float, pa.Check(lambda s: s.abs() < float("inf"), error="finite"), nullable=False),
            "unit": pa.Column(str, pa.Check.isin(UNITS), nullable=False),
            "vintage": pa.Column(
                str,
                pa.Check.str_matches(r"^(\d{4}|final|undated)$", error="vintage must be a year, final or undated"),
                nullable=False,
            ),
            "source_url": pa.Column(str, pa.Check.str_length(min_value=1), nullable=False),
            "quote": pa.Column(str, nullable=False),
            "derived": pa.Column(bool, nullable=False),
            "note": pa.Column(str, nullable=False),
            "source_quality": pa.Column(str, pa.Check.isin(list(QUALITIES)), nullable=False),
            "alternate_url": pa.Column(str, nullable=False),
        },
        checks=[
            pa.Check(_period_matches_freq, error="period does not match freq"),
            pa.Check(_plausible, error="implausible value for its measure"),
            pa.Check(_unit_fits_measure, error="unit does not fit the measure"),
        ],
        unique=KEY,
        strict=True,
        ordered=False,
    )


def describe_failure(
    err: pa.errors.SchemaErrors, where: str, row_offset: int = 2, df: pd.DataFrame | None = None
) -> str:
    """Turn pandera's failure table into one sentence: what is wrong and where.

    ``row_offset`` converts the frame index into the file's line number (2 for a CSV
    with a header line, the header row + 1 for a spreadsheet).
    """
    cases = err.failure_cases
    first = cases.iloc[0]
    check = str(first["check"])
    frame_check = first["schema_context"] == "DataFrameSchema" and check != "multiple_fields_uniqueness"
    column = first["column"] if isinstance(first["column"], str) and not frame_check else None
    index = first["index"]
    row = f"row {int(index) + row_offset}" if pd.notna(index) else None
    value = first["failure_case"]
    more = len(cases) - 1
    if check == "multiple_fields_uniqueness":
        what = "duplicate key (region, indicator, freq, period, measure, vintage)"
        column = None
        dup = cases[cases["check"] == check]["index"].dropna().astype(int) + row_offset
        row = "rows " + ", ".join(str(i) for i in sorted(set(dup))[:6])
        more = 0
    elif check.startswith("isin"):
        what = f"unknown {column} '{value}'"
    elif check == "column_in_dataframe":
        what = f"missing column '{value}'"
        row = None
    elif check == "column_in_schema":
        what = f"unexpected column '{value}'"
        row = None
    elif frame_check:
        what = check
        if df is not None and pd.notna(index) and index in df.index and "measure" in df.columns:
            row_data = df.loc[index]
            row_data = row_data.iloc[0] if isinstance(row_data, pd.DataFrame) else row_data
            if check == "period does not match freq":
                what = (f"period '{row_data['period']}' does not match freq {row_data['freq']} (annual: 2024 "
                        "or 2024年, quarterly: 2024Q2, monthly: 2024-06)")
            elif check == "unit does not fit the measure":
                allowed = UNITS_OF_MEASURE.get(str(row_data["measure"]))
                what = (f"unit '{row_data['unit']}' does not fit the measure {row_data['measure']} "
                        + (f"(use {' or '.join(allowed)})" if allowed else "(a level is not in per cent)"))
            else:
                what += f" ({row_data['measure']} {row_data['value']:g})"
        more = cases.loc[cases["check"] == check, "index"].nunique() - 1 + int((cases["check"] != check).any())
    else:
        what = f"{check} (got {value!r})"
    named = column and check not in ("column_in_dataframe", "column_in_schema")
    parts = [where] + [p for p in (row, f"column '{column}'" if named else None) if p]
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
    return f"{', '.join(parts)}: {what}{tail}."


def validate_observations(df: pd.DataFrame, where: str, row_offset: int = 2) -> pd.DataFrame:
    """Validate an observation table; raise `DataError` with one sentence on failure."""
    import pandera.pandas as pa

    try:
        return observation_schema().validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise DataError(describe_failure(err, where, row_offset, df)) from None
