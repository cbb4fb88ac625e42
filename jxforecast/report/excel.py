"""Write tables to one Excel workbook, atomically.

`write_excel` writes every table to its own sheet (frozen, bold header row, an auto-filter
and column widths fitted to the text, Chinese characters counted double) into a temporary
file in the destination folder, and only then moves it over ``path`` with `os.replace`. A
failure at any point removes the temporary file and leaves an existing ``path`` untouched:
a reader never sees a half-written workbook.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from jxforecast.errors import JxError, ParameterError

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_SHEET_NAME = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
MIN_WIDTH, MAX_WIDTH = 6, 60


def sheet_name(name: Any, taken: set[str] | None = None) -> str:
    r"""A valid, unique Excel sheet name: no ``[]:*?/\``, at most 31 characters."""
    text = _BAD_SHEET_CHARS.sub("_", str(name)).strip("'").strip() or "Sheet"
    text = text[:MAX_SHEET_NAME]
    taken = taken if taken is not None else set()
    candidate, i = text, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"_{i}"
        candidate = text[: MAX_SHEET_NAME - len(suffix)] + suffix
        i += 1
    taken.add(candidate)
    return candidate


def _display_width(value: Any) -> int:
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    longest = 0
    for line in text.splitlines() or [""]:
        longest = max(
            longest, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        )
    return longest


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list, tuple, set)):
        try:
            return json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, np.ndarray):
        return json.dumps(value.tolist(), ensure_ascii=False, default=str)
    if isinstance(value, pd.Period):
        return str(value)
    return value


def _prepare(table: pd.DataFrame) -> pd.DataFrame:
    """A copy openpyxl can write: nested values as JSON text, periods as text, naive datetimes."""
    df = table.copy()
    if not isinstance(df.index, pd.RangeIndex):
        df = df.reset_index()
    df.columns = [str(c) for c in df.columns]
    for col in df.columns:
        s = df[col]
        if isinstance(s.dtype, pd.PeriodDtype):
            df[col] = s.astype(str)
        elif isinstance(s.dtype, pd.DatetimeTZDtype):
            df[col] = s.dt.tz_localize(None)
        elif s.dtype == object:
            df[col] = s.map(_cell)
    return df


def _format_sheet(ws: Worksheet, df: pd.DataFrame) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    if len(df.columns):
        ws.auto_filter.ref = ws.dimensions
    sample = df.head(500)
    for i, col in enumerate(df.columns, start=1):
        widths = [_display_width(col)] + [_display_width(v) for v in sample[col].tolist()]
        ws.column_dimensions[get_column_letter(i)].width = min(
            MAX_WIDTH, max(MIN_WIDTH, max(widths) + 2)
        )


def write_excel(tables: Mapping[str, pd.DataFrame], path: str | os.PathLike[str]) -> Path:
    """Write each table to its own sheet of the workbook ``path`` (``.xlsx``); returns the path.

    Sheet names are the keys (made valid for Excel). The file is written to a temporary
    file in the same folder and moved into place only when complete.
    """
    path = Path(path)
    if not tables:
        raise ParameterError("No tables to write to Excel.")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ParameterError(f"An Excel file name must end in .xlsx, not '{path.name}'.")
    for name, table in tables.items():
        if not isinstance(table, pd.DataFrame):
            raise ParameterError(f"Table '{name}' is a {type(table).__name__}, not a DataFrame.")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise JxError(f"Cannot create the folder {folder}: {err.strerror or err}.") from None

    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp.xlsx", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        taken: set[str] = set()
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, table in tables.items():
                df = _prepare(table)
                sheet = sheet_name(name, taken)
                df.to_excel(writer, sheet_name=sheet, index=False)
                _format_sheet(writer.sheets[sheet], df)
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, OSError) and not isinstance(err, JxError):
            raise JxError(f"Cannot write {path}: {err.strerror or err}.") from err
        raise
    return path
