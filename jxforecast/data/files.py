"""Read observation files: the embedded table and users' CSV or Excel files.

Two layouts are accepted:

- **long**: one figure per row with the columns of `jxforecast.data.schema`
  (``freq``, ``quote``, ``derived``, ``note``, ``source_quality`` and ``alternate_url``
  may be left out; ``year`` may
  stand for ``period``);
- **wide** (statistical-yearbook layout): one row per series, the columns
  ``region, indicator, measure, unit, vintage, source_url`` and one column
  per year (``2019, 2020, ...``); empty cells are gaps.

Files are only ever read.  Every problem raises `DataError` with one sentence
naming the file, row and column.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from jxforecast.data.schema import COLUMNS, validate_observations
from jxforecast.data.sources import rate_source
from jxforecast.errors import DataError
from jxforecast.typing import REGION_LEVELS, RegionLevel

_YEAR_COLUMN = re.compile(r"^\d{4}$")
_WIDE_ID_COLUMNS = ["region", "indicator", "measure", "unit", "vintage", "source_url"]
_OPTIONAL = {"freq": "A", "quote": "", "derived": "false", "note": "", "source_quality": "", "alternate_url": ""}


def check_columns(df: pd.DataFrame, required: list[str], allowed: list[str], where: str) -> None:
    """Raise `DataError` naming the first missing required column or unexpected column."""
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(f"{where}: missing column '{missing[0]}'.")
    extra = [c for c in df.columns if c not in allowed]
    if extra:
        raise DataError(f"{where}: unexpected column '{extra[0]}'.")


def read_text(path: Path) -> str:
    """The file's text (UTF-8, with or without BOM); `DataError` if missing, empty or not UTF-8."""
    if not path.exists():
        raise DataError(f"{path}: file not found.")
    return _decode(path)


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark (Excel's "Unicode text")
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(f"{path}: starts as UTF-16 text but is not; save it as UTF-8 and try again.") from None
        if not text.strip():
            raise DataError(f"{path}: the file is empty.")
        return text
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():
        raise DataError(f"{path}: the file is empty.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            raw.decode("gb18030")
            guess = "it looks like GBK/GB18030"
        except UnicodeDecodeError:
            guess = "it is not text"
        raise DataError(
            f"{path}: not UTF-8 text at byte {err.start} ({guess}); save it as UTF-8 and try again."
        ) from None


def read_table(path: str | Path) -> pd.DataFrame:
    """A user's CSV table as text columns (UTF-8, with or without BOM).

    `DataError` in one sentence if it is missing, empty, not UTF-8 or malformed.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found.")
    return _read_csv(path)


def _read_csv(path: Path) -> pd.DataFrame:
    from io import StringIO

    text = _decode(path)
    sep = "\t" if "\t" in text.split("\n", 1)[0] and "," not in text.split("\n", 1)[0] else ","
    _check_row_lengths(path, text, sep)
    try:
        return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True, sep=sep)
    except pd.errors.ParserError as err:
        raise DataError(f"{path}: malformed CSV ({' '.join(str(err).split())}).") from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file has no header row.") from None


def _check_row_lengths(path: Path, text: str, sep: str) -> None:
    """Refuse a row with more fields than the header, naming the row.

    Such a row would shift every value one column (pandas takes the first as an index).
    """
    import csv
    from io import StringIO

    try:
        rows = csv.reader(StringIO(text), delimiter=sep)
        header = next(rows, [])
        for i, row in enumerate(rows, start=2):
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                raise DataError(f"{path}, row {i}: {len(row)} fields but the header has {len(header)}; "
                                "check for an extra comma or an unquoted number such as 1,234.")
    except csv.Error:
        return  # pandas reports malformed quoting in its own words


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as err:  # openpyxl raises several unrelated types for a bad file
        raise DataError(f"{path}: not a readable Excel workbook ({type(err).__name__}).") from None
    names = [str(n) for n in book.sheet_names]  # openpyxl's sheet names are text
    if isinstance(sheet, str) and sheet.strip().isdigit() and sheet not in names and int(sheet) <= 99:
        sheet = int(sheet)  # --sheet 2: the second sheet (a sheet named "2024" is found by its name)
    if isinstance(sheet, int):
        if not 1 <= sheet <= len(names):
            raise DataError(f"{path}: sheet {sheet} does not exist; the workbook has {len(names)} sheet(s): "
                            f"{', '.join(names)} (number them from 1 or give the name).")
        sheet = names[sheet - 1]
    elif isinstance(sheet, str) and sheet not in names:
        raise DataError(f"{path}: sheet '{sheet}' not found; the workbook has {', '.join(names)}.")
    elif sheet is None:
        sheet = _data_sheet(book, path)
    df = pd.read_excel(book, sheet_name=sheet, dtype=str, keep_default_na=False)
    df.columns = [str(c).strip() for c in df.columns]
    if df.empty:
        others = [n for n in names if n != sheet]
        hint = f"; the workbook also has {', '.join(others)} (choose with --sheet)" if others else ""
        raise DataError(f"{path}: sheet '{sheet}' has no rows under its header{hint}.")
    _check_formulas(path, sheet)
    return df


def _looks_like_data(columns: list[str]) -> bool:
    names = {_year_header(c) or c.strip().lower() for c in columns}
    return "region" in names and ("indicator" in names or any(_year_header(c) for c in columns))


def _data_sheet(book: pd.ExcelFile, path: Path) -> str:
    """The first sheet whose header looks like observations.

    A cover or notes sheet before it is skipped (said on stderr, naming the sheet used).
    """
    import sys

    names = [str(n) for n in book.sheet_names]  # openpyxl's sheet names are text
    for name in names:
        head = pd.read_excel(book, sheet_name=name, dtype=str, keep_default_na=False, nrows=0)
        if _looks_like_data([str(c) for c in head.columns]):
            if name != names[0]:
                print(f"note: {path}: sheet '{names[0]}' has no data header; reading sheet '{name}' "
                      "(choose another with --sheet).", file=sys.stderr)
            return name
    raise DataError(f"{path}: no sheet has a header with region and indicator (or year) columns; the workbook "
                    f"has {', '.join(names)}: choose one with --sheet.")


def _check_formulas(path: Path, sheet: str) -> None:
    """Refuse a formula cell saved without its value, naming the cell.

    Written by a program and never opened in Excel, it would read as empty.
    """
    from openpyxl import load_workbook

    values = load_workbook(path, read_only=True, data_only=True)[sheet]
    formulas = load_workbook(path, read_only=True, data_only=False)[sheet]
    # the same sheet read twice: with saved values, and with formulas
    for row_v, row_f in zip(values.iter_rows(), formulas.iter_rows(), strict=False):
        for cell_v, cell_f in zip(row_v, row_f, strict=False):
            if cell_v.value is None and isinstance(cell_f.value, str) and cell_f.value.startswith("="):
                raise DataError(f"{path}, sheet '{sheet}', cell {cell_f.coordinate}: a formula ({cell_f.value[:40]}) "
                                "without a saved value; open and save the file in Excel, or paste the values.")


def _year_header(column: object) -> str | None:
    """A yearbook column header as a year: ``2021``, ``2021年``, ``２０２１`` or ``二〇二一年``."""
    from jxforecast.errors import ParameterError
    from jxforecast.inputs import read_year

    text = str(column).strip()
    if not text or len(text) > 6:
        return None
    try:
        return str(read_year(text, bounded=False))
    except ParameterError:
        return None


def _wide_to_long(df: pd.DataFrame, where: str) -> pd.DataFrame:
    years_read = {c: _year_header(c) for c in df.columns}
    df = df.rename(columns={c: y for c, y in years_read.items() if y and y != c})
    years = [c for c in df.columns if _YEAR_COLUMN.match(str(c))]
    missing = [c for c in _WIDE_ID_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"{where}: wide layout is missing column '{missing[0]}'.")
    extra = [c for c in df.columns
             if c not in years and c not in _WIDE_ID_COLUMNS and c not in ("quote", "note", "region_level")]
    if extra:
        raise DataError(f"{where}: unexpected column '{extra[0]}' in the wide layout.")
    df = df.assign(_row=range(len(df)))
    long = df.melt(
        id_vars=[c for c in df.columns if c not in years],
        value_vars=years,
        var_name="period",
        value_name="value",
    )
    long = long[long["value"].astype(str).str.strip() != ""]
    long = long.sort_values(["_row", "period"], kind="stable")
    return long


def _coerce(df: pd.DataFrame, where: str, row_offset: int) -> pd.DataFrame:
    df = df.copy()
    df.columns = [str(c).strip() for c in df.columns]
    if "period" not in df.columns and "year" in df.columns:
        df = df.rename(columns={"year": "period"})
    if "period" not in df.columns and any(_year_header(c) for c in df.columns):
        df = _wide_to_long(df, where)
        row_index = df.pop("_row")
    else:
        row_index = pd.Series(range(len(df)), index=df.index)
    for column, default in _OPTIONAL.items():
        if column not in df.columns:
            df[column] = default
    df = df.drop(columns=[c for c in ("region_level",) if c in df.columns])  # read by `region_levels`
    check_columns(df, COLUMNS, COLUMNS, where)
    for column in COLUMNS:
        df[column] = df[column].astype(str).str.strip()
    value = pd.to_numeric(df["value"].str.replace(",", "", regex=False), errors="coerce")
    bad = value.isna()
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DataError(
            f"{where}, row {int(row_index.iloc[i]) + row_offset}, column 'value': "
            f"'{df['value'].iloc[i]}' is not a number."
        )
    df["value"] = value.astype(float)
    derived = df["derived"].str.lower()
    if not derived.isin(["true", "false", "1", "0", ""]).all():
        i = int((~derived.isin(["true", "false", "1", "0", ""])).to_numpy().argmax())
        raise DataError(f"{where}, row {int(row_index.iloc[i]) + row_offset}, column 'derived': must be true or false.")
    df["derived"] = derived.isin(["true", "1"])
    df["freq"] = df["freq"].replace("", "A")
    # an annual period is read as a yearbook header is: 2024年, ２０２４, 二〇二四
    annual = (df["freq"] == "A") & ~df["period"].str.fullmatch(r"[0-9]{4}")
    if annual.any():
        df.loc[annual, "period"] = [_year_header(p) or p for p in df.loc[annual, "period"]]
    unrated = df["source_quality"] == ""
    df.loc[unrated, "source_quality"] = df.loc[unrated, "source_url"].map(rate_source)
    df.index = pd.Index(row_index.to_numpy())
    return df[COLUMNS]


def read_observations(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """Read and validate one observation file (``.csv``, ``.xlsx``).

    Parameters
    ----------
    path
        The file, in long or wide (yearbook) layout.
    sheet
        For Excel files, the sheet name or position (default: the first sheet).

    Returns
    -------
    pandas.DataFrame
        Validated rows with the columns of `jxforecast.data.schema.COLUMNS`.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found.")
    if path.is_dir():
        raise DataError(f"{path}: is a folder, not a data file.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw, offset = _read_excel(path, sheet), 2
    elif suffix in (".csv", ".txt", ""):
        raw, offset = _read_csv(path), 2
    else:
        raise DataError(f"{path}: unsupported file type '{suffix}' (use .csv or .xlsx).")
    if raw.empty:
        raise DataError(f"{path}: has a header but no rows.")
    df = _coerce(raw, str(path), offset)
    out = validate_observations(df, str(path), offset)
    return out.reset_index(drop=True)


LEVELS: tuple[RegionLevel, ...] = REGION_LEVELS


def region_levels(path: str | Path, sheet: str | int | None = None) -> dict[str, str]:
    """The optional ``region_level`` column of a user's observation file: level by region.

    A region assessed from the file is treated as a city unless the column says otherwise
    (``nation``, ``province``, ``city`` or ``district``).
    """
    path = Path(path)
    df = _read_excel(path, sheet) if path.suffix.lower() in (".xlsx", ".xlsm") else _read_csv(path)
    df.columns = [str(c).strip() for c in df.columns]
    if "region_level" not in df.columns or "region" not in df.columns:
        return {}
    levels: dict[str, str] = {}
    for i, (region, level) in enumerate(zip(df["region"].astype(str).str.strip(),
                                            df["region_level"].astype(str).str.strip().str.lower(),
                                            strict=True)):
        if not level:
            continue
        if level not in LEVELS:
            raise DataError(f"{path}, row {i + 2}, column 'region_level': '{level}' is not one of "
                            f"{', '.join(LEVELS)}.")
        if levels.setdefault(region, level) != level:
            raise DataError(f"{path}, row {i + 2}, column 'region_level': {region} is given two levels, "
                            f"'{levels[region]}' and '{level}'.")
    return levels


def series_template(region: str, indicator: str, measure: str, unit: str, first: int, last: int) -> pd.DataFrame:
    """A ready-to-fill file in the yearbook (wide) layout that ``--data`` reads.

    One row for the series, one empty column per year from ``first`` to ``last``.  Fill the
    years you have, the ``vintage`` (year of the publication) and the ``source_url``; empty
    years are gaps.
    """
    if not 1949 <= first <= last <= 2100:
        raise DataError(f"The template's years must run forward between 1949 and 2100, not {first}–{last}.")
    row: dict[str, str] = {"region": region, "indicator": indicator, "measure": measure, "unit": unit,
                           "vintage": "", "source_url": "", "quote": "", "note": ""}
    row.update({str(y): "" for y in range(first, last + 1)})
    return pd.DataFrame([row])
