"""The target catalogue: ``data/targets.csv`` (or a user's target file), validated."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from jxforecast._diskcache import cached
from jxforecast._paths import embedded_path
from jxforecast.data.files import check_columns, read_text
from jxforecast.data.schema import UNITS, describe_failure
from jxforecast.errors import DataError, UnknownNameError
from jxforecast.registry import default_measure, get_indicator, indicators
from jxforecast.targets.documents import match_documents
from jxforecast.targets.target import DEFAULT_TOLERANCE, OPERATORS, TARGET_MEASURES, Target

if TYPE_CHECKING:  # pandera is imported when a table is validated
    import pandera.pandas as pa

TARGET_COLUMNS = [
    "target_id", "source_doc", "region", "year", "base_year", "indicator", "measure",
    "operator", "value", "value_high", "unit", "basis", "reference", "status",
    "responsible", "quote", "source_url", "note", "announced",
]
REQUIRED = ["region", "year", "indicator", "operator", "value"]


def _value_consistent(df: pd.DataFrame) -> pd.Series:
    blank = df["status"] == "blanked"
    needs_value = ~blank & (df["operator"] != "sync")
    ok = ~needs_value | df["value"].notna()
    ok &= ~blank | df["value"].isna()
    two = df["operator"].isin(["range", "ensure_strive"]) & ~blank
    ok &= ~two | (df["value_high"].notna() & (df["value_high"] >= df["value"]))
    return ok


def target_schema() -> pa.DataFrameSchema:
    """Schema of a target table."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "target_id": pa.Column(str, unique=True),
            "source_doc": pa.Column(str),
            "region": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
            "year": pa.Column(int, pa.Check.in_range(1949, 2100)),
            "base_year": pa.Column(float, pa.Check.in_range(1949, 2100), nullable=True),
            "indicator": pa.Column(str, pa.Check.isin(sorted(indicators()))),
            "measure": pa.Column(str, pa.Check.isin(list(TARGET_MEASURES))),
            "operator": pa.Column(str, pa.Check.isin(list(OPERATORS))),
            "value": pa.Column(float, nullable=True),
            "value_high": pa.Column(float, nullable=True),
            "unit": pa.Column(str, pa.Check.isin(UNITS)),
            "basis": pa.Column(str, pa.Check.isin(["real", "nominal", "none"])),
            "reference": pa.Column(str),
            "status": pa.Column(str, pa.Check.isin(["ok", "blanked"])),
            "responsible": pa.Column(str),
            "quote": pa.Column(str),
            "source_url": pa.Column(str),
            "note": pa.Column(str),
            # the target announced for the year, when it is not the checked value: a number or "none"
            "announced": pa.Column(str),
        },
        checks=[pa.Check(_value_consistent, error="value missing, or value_high below value")],
        strict=True,
    )


def read_targets(path: str | Path) -> pd.DataFrame:
    """Read and validate a target table.

    A CSV with the columns of ``data/targets.csv``; only ``region, year, indicator, operator,
    value`` are required.
    """
    from io import StringIO

    path = Path(path)
    where = str(path)
    try:
        raw = pd.read_csv(StringIO(read_text(path)), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        detail = " ".join(str(err).split()).replace("Error tokenizing data. C error: ", "")
        raise DataError(f"{path}: malformed CSV ({detail}); check for an unclosed quote.") from None
    if raw.empty:
        raise DataError(f"{path}: has a header but no rows.")
    check_columns(raw, REQUIRED, TARGET_COLUMNS, where)
    df = raw.reindex(columns=TARGET_COLUMNS, fill_value="")
    known = df["indicator"].isin(list(indicators()))  # an unknown one is refused by the schema below
    blank = (df["measure"] == "") & known
    df.loc[blank, "measure"] = df.loc[blank, "indicator"].map(default_measure)  # retail: nominal growth
    df["measure"] = df["measure"].replace("", "yoy_real")
    levels = (df["unit"] == "") & df["measure"].isin(["level"]) & known
    df.loc[levels, "unit"] = df.loc[levels, "indicator"].map(lambda i: get_indicator(i).unit)
    df["unit"] = df["unit"].replace("", "pct")
    df["basis"] = df["basis"].replace("", "none")
    df["status"] = df["status"].replace("", "ok")
    df["announced"] = df["announced"].str.strip().replace({"None": "none", "NONE": "none"})
    numbers = pd.to_numeric(df["announced"].str.rstrip("%"), errors="coerce")
    bad = ~df["announced"].isin(["", "none"]) & (numbers.isna() | numbers.isin([float("inf"), float("-inf")]))
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DataError(f"{where}, row {i + 2}, column 'announced': '{df['announced'].iloc[i]}' is neither a "
                        "number nor 'none'.")
    df["source_doc"] = df["source_doc"].replace("", path.name)  # a file of targets is one document
    if (df["target_id"] == "").any():
        df["target_id"] = [t or f"{path.stem}-{i:03d}" for i, t in enumerate(df["target_id"], 1)]
    for column in ("year", "base_year", "value", "value_high"):
        numbers = pd.to_numeric(df[column].str.strip(), errors="coerce")
        bad = (numbers.isna() & (df[column].str.strip() != "")) | numbers.isin([float("inf"), float("-inf")])
        if column == "year":
            bad |= numbers.isna()
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise DataError(f"{where}, row {i + 2}, column '{column}': '{df[column].iloc[i]}' is not a finite number.")
        df[column] = numbers if column == "year" else numbers.astype(float)  # all-integer columns too
    df["year"] = df["year"].astype(int)
    import pandera.pandas as pa

    try:
        return target_schema().validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise DataError(describe_failure(err, where)) from None


@cache
def _embedded_targets() -> pd.DataFrame:
    return cached("targets", lambda: read_targets(embedded_path("targets.csv")))


def load_targets(
    path: str | Path | None = None,
    *,
    doc: str | None = None,
    region: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
) -> pd.DataFrame:
    """The target table, optionally filtered.

    Parameters
    ----------
    path
        A user's target file; default the embedded ``data/targets.csv``.
    doc
        Source document: a seed file name or its 3-digit prefix (``"003"``, ``"3"``).
    region, year, indicator
        Filters.
    """
    df = _embedded_targets() if path is None else read_targets(path)
    if doc is not None:
        docs = sorted(df["source_doc"].unique())
        match = match_documents(docs, doc)
        if not match:
            raise UnknownNameError(f"Unknown document '{doc}'. Documents: {', '.join(docs)}.")
        df = df[df["source_doc"].isin(match)]
    if region is not None:
        df = df[df["region"] == region]
    if year is not None:
        df = df[df["year"] == year]
    if indicator is not None:
        df = df[df["indicator"] == indicator]
    return df.reset_index(drop=True)


def targets_from_table(df: pd.DataFrame, tolerance: float = DEFAULT_TOLERANCE) -> list[Target]:
    """`Target` objects, one per row."""
    return [Target.from_row({str(k): v for k, v in row.items()}, tolerance) for row in df.to_dict("records")]


def get_target(target_id: str, tolerance: float = DEFAULT_TOLERANCE) -> Target:
    """One embedded target by id (e.g. ``"003-01"``)."""
    df = _embedded_targets()
    rows = df[df["target_id"] == target_id]
    if rows.empty:
        raise UnknownNameError(f"Unknown target id '{target_id}' (see `jxforecast targets list`).")
    return Target.from_row({str(k): v for k, v in rows.iloc[0].to_dict().items()}, tolerance)
