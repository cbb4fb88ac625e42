"""Write tables to one Excel workbook, atomically.

`write_excel` writes every table to its own sheet (frozen, bold header row, an auto-filter
and column widths fitted to the text, Chinese characters counted double) into a temporary
file in the destination folder, and only then moves it over ``path`` with `os.replace`. A
failure at any point removes the temporary file and leaves an existing ``path`` untouched:
a reader never sees a half-written workbook.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from jxforecast.errors import JxError, ParameterError
from jxforecast.i18n import render, translate

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
    with _atomic_workbook(path) as tmp:
        taken: set[str] = set()
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, table in tables.items():
                df = _prepare(table)
                sheet = sheet_name(name, taken)
                df.to_excel(writer, sheet_name=sheet, index=False)
                _format_sheet(writer.sheets[sheet], df)
    return path


@contextmanager
def _atomic_workbook(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write the workbook to, moved over ``path`` when complete.

    A failure removes it and leaves ``path`` as it was; a system error becomes one `JxError` sentence.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise JxError(f"Cannot create the folder {folder}: {err.strerror or err}.") from None
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp.xlsx", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, OSError) and not isinstance(err, JxError):
            raise JxError(f"Cannot write {path}: {err.strerror or err}.") from err
        raise


# ----------------------------------------------------------------------------- the dashboard's workbook
PROBABILITY_FORMAT = '[>0.99]">99%";[<0.01]"<1%";0%'
"""Whole per cent, and ``>99%`` / ``<1%`` beyond what a finite simulation resolves (the cell keeps the number)."""
_BOOK_KEYS = (
    "target_id", "indicator", "quote", "year", "as_of", "probability", "probability_strict", "verdict", "quantity",
    "median", "lo", "hi", "outcome", "met", "evidence", "region", "operator", "value", "required", "n_obs", "note",
    "figure", "period", "unit", "vintage", "source_quality", "derived", "source_url", "source_quote", "item",
    "text",
)
"""The workbook's columns; the header of ``key`` is the word ``book_<key>`` of the catalogue (`jxforecast.i18n`)."""
_SHEET_KEYS = ("summary", "assessments", "sources", "notes")
"""The sheets; the name of each is the word ``sheet_<key>`` of the catalogue."""


def value_format(row: Any, lang: str = "zh") -> str:
    """The Excel number format of a value of *row*'s target: ``0.0"%"``, ``+0.0" pp"``, ``#,##0"亿元"``.

    Values of growth rates and shares are stored as the percentages they are (4.7 for
    4.7 %), so the format only adds the sign: the cell keeps the number.
    """
    from jxforecast.feasibility.quantity import digits_for, is_gap, unit_text

    if row.measure in ("level", "ytd_level"):
        d = 0 if row.value is None or abs(row.value) >= 100 else 1
    else:
        d = digits_for(row)
    number = "#,##0" + ("." + "0" * d if d else "")
    unit = unit_text(row, lang).replace('"', "")
    if is_gap(row):
        return f'+{number}"{unit}";-{number}"{unit}";{number}"{unit}"'
    return f'{number}"{unit}"' if unit else number


def outcome_format(row: Any, lang: str = "zh") -> str:
    """The number format of an outcome: that of an in-step goal is the indicator's own growth, in per cent."""
    from jxforecast.feasibility.quantity import is_gap

    return '#,##0.0"%"' if is_gap(row) else value_format(row, lang)


def _style_book_sheet(ws: Worksheet, headers: list[str], widths: Mapping[str, int] | None = None) -> None:
    """Bold header on a grey band, frozen first row (and first column), filters, widths fitting Chinese."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "B2"
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E7ECF2")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    for i, head in enumerate(headers, start=1):
        letter = get_column_letter(i)
        values = [ws.cell(row=r, column=i).value for r in range(2, min(ws.max_row, 300) + 1)]
        fitted = max([_display_width(head)] + [_display_width(v) for v in values]) + 2
        width = (widths or {}).get(head, min(MAX_WIDTH, max(MIN_WIDTH, fitted)))
        ws.column_dimensions[letter].width = width
        if width < fitted:  # long text wraps inside its column
            for r in range(2, ws.max_row + 1):
                ws.cell(row=r, column=i).alignment = Alignment(wrap_text=True, vertical="top")


def _colour_rules(ws: Worksheet, column: int, colours: Mapping[str, str]) -> None:
    """Conditional formatting: the text of column *column* in its colour (as on the page)."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if ws.max_row < 2:
        return
    letter = get_column_letter(column)
    cells = f"{letter}2:{letter}{ws.max_row}"
    for text, colour in colours.items():
        escaped = text.replace('"', '""')
        ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{escaped}"'],
                                                        font=Font(color="FF" + colour.lstrip("#").upper(), bold=True)))


def _write_rows(ws: Worksheet, headers: list[str], rows: list[list[Any]]) -> None:
    ws.append(headers)
    for row in rows:
        ws.append([None if isinstance(v, float) and math.isnan(v) else v for v in row])


def dashboard_workbook(path: str | os.PathLike[str], summary: pd.DataFrame, table: pd.DataFrame,
                       assessments: Mapping[Any, Any], data: pd.DataFrame | None, params: Mapping[str, Any],
                       lang: str = "zh") -> Path:
    """The dashboard's workbook as an analyst builds it, written atomically to *path*.

    Four sheets, headers in *lang*: the summary (probabilities as per cent, medians,
    intervals and outcomes as numbers with their unit, verdict and outcome coloured by
    conditional formatting), every assessment with its requirement and notes, the figures
    behind them with their sources, and notes (method, data as of, the command that
    reproduces the workbook).

    Parameters
    ----------
    summary
        `jxforecast.report.dashboard.summary_table` of the dashboard.
    table
        `jxforecast.feasibility.batch_table` of its items (refusals included).
    assessments
        The assessments by ``(target_id, as_of)``; their history gives the sources sheet.
    data
        The observations the page used (None: the embedded data).
    params
        The dashboard's validated parameters (for the command that reproduces it).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from jxforecast.data.sources import QUALITIES
    from jxforecast.feasibility.quantity import (
        OUTCOME_COLOURS,
        OUTCOME_SYMBOLS,
        TargetRow,
        outcome_state,
        outcome_word,
        quantity_name,
    )
    from jxforecast.labels import check_lang, indicator_label, measure_label, region_label, verdict_label
    from jxforecast.report.params import history_for, reproduction
    from jxforecast.report.tables import VERDICT_COLOURS

    language = check_lang(lang)
    h = {k: translate(f"book_{k}", language) for k in _BOOK_KEYS}
    names = [translate(f"sheet_{k}", language) for k in _SHEET_KEYS]
    book = Workbook()

    # --- summary
    ws = book.active
    ws.title = names[0]
    done = summary[~summary["verdict"].isin(["refused", "failed"])]
    keys = ["target_id", "indicator", "quote", "as_of", "probability", "probability_strict", "verdict", "quantity",
            "median", "lo", "hi", "outcome", "met", "evidence"]
    heads = [h[k] for k in keys]
    rows, formats = [], []
    for rec in done.to_dict("records"):
        target = TargetRow.from_row(rec)
        state = rec.get("outcome_state") or outcome_state(rec.get("met"), rec.get("met_strict"))
        met = f"{OUTCOME_SYMBOLS[state]} {outcome_word(state, language)}" if state in OUTCOME_SYMBOLS else None
        rows.append([rec["target_id"], indicator_label(rec["indicator"], language), rec["quote"],
                     None if pd.isna(rec["as_of"]) else int(rec["as_of"]), rec["probability"],
                     rec["probability_strict"], verdict_label(str(rec["verdict"]), language),
                     rec.get("quantity") or quantity_name(target, language), rec["median"], rec["lo"], rec["hi"],
                     None if pd.isna(rec["outcome"]) else round(float(rec["outcome"]), 4), met,
                     rec.get("evidence") or None])
        formats.append((value_format(target, language), outcome_format(target, language)))
    _write_rows(ws, heads, rows)
    for r, (fmt, out_fmt) in enumerate(formats, start=2):
        for c in (5, 6):
            ws.cell(row=r, column=c).number_format = PROBABILITY_FORMAT
        for c in (9, 10, 11):
            ws.cell(row=r, column=c).number_format = fmt
        ws.cell(row=r, column=12).number_format = out_fmt
    _style_book_sheet(ws, heads, {h["quote"]: 30, h["evidence"]: 50, h["quantity"]: 22})
    _colour_rules(ws, 7, {verdict_label(v, language): c for v, c in VERDICT_COLOURS.items()})
    _colour_rules(ws, 13, {f"{OUTCOME_SYMBOLS[s]} {outcome_word(s, language)}": c  # type: ignore[arg-type]
                           for s, c in OUTCOME_COLOURS.items()})

    # --- every assessment, refusals included
    ws = book.create_sheet(names[1])
    keys = ["target_id", "region", "indicator", "year", "operator", "value", "quote", "as_of", "probability",
            "probability_strict", "verdict", "median", "lo", "hi", "required", "outcome", "met", "n_obs", "note"]
    heads = [h[k] for k in keys]
    rows, formats = [], []
    for rec in table.to_dict("records"):
        target = TargetRow.from_row(rec)
        state = outcome_state(rec.get("met_tolerant"), rec.get("met_strict"))
        rows.append([rec["target_id"], region_label(str(rec["region"]), language),
                     indicator_label(str(rec["indicator"]), language), rec["year"], rec["operator"],
                     rec["value"], " ".join(str(rec["quote"] or "").split()),
                     None if pd.isna(rec["as_of"]) else int(rec["as_of"]),
                     rec.get("probability"), rec.get("probability_strict"),
                     verdict_label(str(rec["verdict"]), language) if rec["verdict"] not in ("refused", "failed")
                     else translate("not assessed", language) if rec["verdict"] == "refused"
                     else translate("failed", language),
                     *[None if pd.isna(rec.get(k)) else round(float(rec[k]), 4)
                       for k in ("median", "lo", "hi", "required", "outcome")],
                     f"{OUTCOME_SYMBOLS[state]} {outcome_word(state, language)}" if state else None,
                     None if pd.isna(rec.get("n_obs")) else int(rec["n_obs"]), rec.get("note") or None])
        formats.append((value_format(target, language), outcome_format(target, language)))
    _write_rows(ws, heads, rows)
    for r, (fmt, out_fmt) in enumerate(formats, start=2):
        for c in (9, 10):
            ws.cell(row=r, column=c).number_format = PROBABILITY_FORMAT
        for c in (6, 12, 13, 14):
            ws.cell(row=r, column=c).number_format = fmt
        ws.cell(row=r, column=16).number_format = out_fmt
        ws.cell(row=r, column=15).number_format = '0.00"%"'
    _style_book_sheet(ws, heads, {h["quote"]: 30, h["note"]: 50})
    _colour_rules(ws, 11, {verdict_label(v, language): c for v, c in VERDICT_COLOURS.items()})
    _colour_rules(ws, 17, {f"{OUTCOME_SYMBOLS[s]} {outcome_word(s, language)}": c  # type: ignore[arg-type]
                           for s, c in OUTCOME_COLOURS.items()})

    # --- the figures behind every assessment, with their sources
    ws = book.create_sheet(names[2])
    keys = ["target_id", "region", "indicator", "period", "figure", "unit", "vintage", "source_quality", "derived",
            "source_url", "source_quote"]
    heads = [h[k] for k in keys]
    rows = []
    for (target_id, _as_of), a in assessments.items():
        history = history_for(a, data)
        sources = series_sources_table(history)
        unit = measure_label(str(history.attrs.get("measure") or a.target.measure), language, a.target.unit)
        region = history.attrs.get("borrowed_from") or a.target.region
        for (_, src), value in zip(sources.iterrows(), history.to_numpy(), strict=True):
            quality = str(src["source_quality"])
            rows.append([target_id, region_label(str(region), language), indicator_label(a.target.indicator,
                         language), str(src["period"]), float(value), unit, str(src["vintage"]),
                         (translate(f"quality_{quality}", language) if language == "zh" and quality in QUALITIES
                          else quality),
                         translate("yes", language) if bool(src["derived"]) else None, src["source_url"],
                         " ".join(str(src["quote"] or "").split()) or None])
    _write_rows(ws, heads, rows)
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=5).number_format = "#,##0.0#"
        link = ws.cell(row=r, column=10)
        if isinstance(link.value, str) and link.value.startswith(("http://", "https://")):
            link.hyperlink = link.value
            link.font = Font(color="1F4E9A", underline="single")
    _style_book_sheet(ws, heads, {h["source_url"]: 40, h["source_quote"]: 60})

    # --- notes: method, data as of, the command that reproduces it
    ws = book.create_sheet(names[3])
    vintages = [int(v) for v in (data["vintage"] if data is not None else []) if str(v).isdigit()]
    as_of = sorted({int(k[1]) for k in assessments if str(k[1]).isdigit()})
    command = reproduction("plan_dashboard", params, data).replace("**", "").replace("`", "")
    data_path = Path(str(params["data_path"])).name if params.get("data_path") else None
    n_rows = 0 if data is None else len(data)
    data_text = (render("{n} figures, with {path}", {"n": n_rows, "path": data_path}, language) if data_path
                 else render("{n} figures (the embedded data)", {"n": n_rows}, language))
    notes = [
        (h["item"], h["text"]),
        (translate("note_document", language), str(params.get("doc", ""))),
        (translate("note_method", language), translate("book_method", language)),
        (translate("note_assessed_as_of", language), ", ".join(str(y) for y in as_of)),
        (translate("note_data_as_of", language), str(max(vintages)) if vintages else ""),
        (translate("note_data", language), data_text),
        (translate("note_paths", language), f"{params.get('n_paths', '')} (seed {params.get('seed', '')})"),
        (translate("note_command", language), command),
    ]
    for item in notes:
        ws.append(list(item))
    _style_book_sheet(ws, [h["item"], h["text"]], {h["item"]: 24, h["text"]: 110})
    ws.freeze_panes = "A2"
    return _save_book(book, path)


def series_sources_table(history: pd.Series) -> pd.DataFrame:
    """`jxforecast.data.loader.series_sources`, one row per figure of *history*."""
    from jxforecast.data.loader import series_sources

    return series_sources(history)


def _save_book(book: Any, path: str | os.PathLike[str]) -> Path:
    """Save an openpyxl workbook to *path* atomically (temporary file, then rename)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ParameterError(f"An Excel file name must end in .xlsx, not '{path.name}'.")
    with _atomic_workbook(path) as tmp:
        book.save(tmp)
    return path
