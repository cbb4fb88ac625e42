"""Assembly: candidates -> output rows in the layout of ``data/targets.csv``.

Each candidate gives one row per indicator, with the measure and basis chosen
from its kind, its wording flags and the indicator; the quote is cut from the
original text.  A target stated twice (lead and body of a report) is kept once,
and rows get their ``target_id`` from the document's label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from jxforecast.targets.documents import document_label
from jxforecast.targets.extract.candidate import UNCLASSIFIED, Candidate, SentenceContext, join_notes
from jxforecast.targets.extract.indicator import fuzzy_indicator, indicator_meta
from jxforecast.targets.extract.lexicon import lexicon
from jxforecast.targets.extract.normaliser import Normalised
from jxforecast.targets.extract.structure import Document

if TYPE_CHECKING:
    from jxforecast.registry import Indicator

COLUMNS = [
    "target_id", "source_doc", "region", "year", "base_year", "indicator", "measure", "operator",
    "value", "value_high", "unit", "basis", "reference", "status", "responsible", "quote", "note",
    "start", "end", "year_source",
]
Row = dict[str, Any]
_LEX = lexicon()


def _growth_measure(c: Candidate, meta: Indicator | None, quote_norm: str) -> tuple[str, str]:
    """Measure and basis of a growth rate."""
    ind_basis = meta.basis if meta else None
    measure = "cagr" if c.cagr else ("yoy_real" if ind_basis == "real" else "yoy_nominal")
    if meta is None:
        measure = "cagr" if c.cagr else ("yoy_real" if "增加值" in quote_norm else "yoy_nominal")
    basis: str = ind_basis if ind_basis in ("real", "nominal") else ("real" if measure == "yoy_real" else "nominal")
    if meta is not None and ind_basis == "none" and meta.unit in ("pct", "pct_of_gdp"):
        measure, basis = "change_pct", "none"
    return measure, basis


def _pct_measure(c: Candidate, meta: Indicator | None, quote_norm: str) -> tuple[str, str, str]:
    """Measure, basis and unit of a percentage."""
    if c.operator == "sync" or (c.growth and not c.decline):
        return (*_growth_measure(c, meta, quote_norm), c.unit)
    if c.decline:
        return "change_pct", "none", c.unit
    if c.rate_word or (meta and meta.id in _LEX.rate_indicators):
        return "rate", "none", c.unit
    if (meta is not None and meta.basis in ("real", "nominal") and meta.unit not in ("pct", "pct_of_gdp")
            and not any(word in quote_norm for word in ("比重", "占", "率", "比例"))):
        # a percentage of an aggregate with a real or nominal growth rate ("生产总值确保6%") is its growth
        return (*_growth_measure(c, meta, quote_norm), c.unit)
    return "share", "none", "pct_of_gdp" if meta is not None and meta.unit == "pct_of_gdp" else c.unit


def finish_measure(c: Candidate, meta: Indicator | None, quote_norm: str,
                   note: str) -> tuple[str | None, str, str, str]:
    """Measure, unit, basis and note of a candidate about one indicator.

    Parameters
    ----------
    c
        The qualified candidate.
    meta
        The indicator's registry entry (None when unclassified).
    quote_norm
        The normalised quote.
    note
        The candidate's note so far.

    Returns
    -------
    tuple
        ``(measure, unit, basis, note)``.
    """
    ind_basis = meta.basis if meta else None
    if c.kind == "blank":
        return c.measure, c.unit, meta.basis if meta else "none", note
    if c.measure == "multiple":
        return c.measure, c.unit, ind_basis or "none", note
    if c.kind == "pct":
        measure, basis, unit = _pct_measure(c, meta, quote_norm)
        return measure, unit, basis, note
    if c.kind == "pp":
        return "level", c.unit, "none", join_notes(note, "change in percentage points")
    return "level", c.unit, "nominal" if c.unit in _LEX.money_units else "none", note


def plan_horizon(ctx: SentenceContext, doc: Document) -> tuple[int | None, int | None]:
    """Target year and base year of a target: annual, or multi-year by its wording.

    A five-year plan's goals count from its base year.  In an annual plan a goal is
    annual unless its sentence or section sets a later year (到2027年, 通过三年时间,
    “十四五”末); such a goal counts from the stated base (比2020年), else from the
    year before the plan, the last year known when it was written.

    Parameters
    ----------
    ctx
        The sentence's context.
    doc
        The document.

    Returns
    -------
    tuple
        ``(year, base_year)``; base_year None for an annual target.
    """
    year = ctx.year or doc.year
    base = ctx.base_year
    if base is None and year:
        if doc.five_year and doc.base_year and year > doc.base_year:
            base = doc.base_year
        elif not doc.five_year and doc.year and year > doc.year:
            base = doc.year - 1
    return year, base


def rows_of(c: Candidate, doc: Document, nz: Normalised, text: str) -> list[Row]:
    """Build the output rows of one candidate, one per indicator.

    Parameters
    ----------
    c
        The candidate, with indicator ids, quote extent and context.
    doc
        The document.
    nz
        The normalisation of ``text`` (for the quote's original offsets).
    text
        The original text.

    Returns
    -------
    list of dict
        Rows keyed by the columns of `COLUMNS` (target id and source set later).
    """
    ids, note = c.indicators, c.note
    if ids == (UNCLASSIFIED,) and c.phrase:
        guess = fuzzy_indicator(c.phrase)
        if guess:
            ids, note = (guess,), join_notes(note, "indicator matched by name similarity")
    s, e = nz.orig_span(c.quote_lo, c.quote_hi)
    ctx = c.context
    year, base = plan_horizon(ctx, doc)
    rows = []
    for ind_id in ids:
        meta = indicator_meta(ind_id) if ind_id != UNCLASSIFIED else None
        measure, unit, basis, row_note = finish_measure(c, meta, doc.text[c.quote_lo:c.quote_hi], note)
        rows.append({
            "operator": c.operator, "value": c.value, "value_high": c.value_high, "unit": unit,
            "status": c.status, "reference": c.reference, "note": join_notes(row_note, ctx.note),
            "measure": measure, "basis": basis, "indicator": ind_id, "quote": text[s:e], "start": s, "end": e,
            "region": doc.region or "", "year": year, "base_year": base,
            "year_source": f"horizon in the sentence ({ctx.year})" if ctx.year else (doc.year_how if year else ""),
            "responsible": doc.lines[c.line].responsible})
    return rows


def _drop_repeats(df: pd.DataFrame) -> pd.DataFrame:
    """One target stated twice (lead and body of a report): keep the first."""
    key = pd.Series(["|".join(str(v) for v in r) for r in
                     df[["indicator", "measure", "operator", "value", "value_high", "year"]].itertuples(index=False)])
    qkey = pd.Series([f"{q}|{v}" for q, v in zip(df["quote"], df["value"], strict=True)])
    dup = (key.duplicated() & (df["indicator"] != UNCLASSIFIED) & (df["status"] == "ok")) | (
        qkey.duplicated() & (df["indicator"] == UNCLASSIFIED))
    df = df[~dup].reset_index(drop=True)
    plain = df["note"].str.contains("plain number", regex=False) & (df["indicator"] != UNCLASSIFIED)
    if plain.any():
        seen: dict[tuple[Any, ...], list[Any]] = {}
        for i, r in df.iterrows():
            seen.setdefault((r.indicator, r.measure, r.value, r.year), []).append(i)
        drop = [i for i in df.index[plain]
                if len(seen[(df.at[i, "indicator"], df.at[i, "measure"], df.at[i, "value"], df.at[i, "year"])]) > 1]
        df = df.drop(index=drop).reset_index(drop=True)
    return df


def build_table(rows: list[Row], source: str) -> pd.DataFrame:
    """Build the output table: rows in text order, repeats dropped, ids and columns set.

    Parameters
    ----------
    rows
        Rows from `rows_of`.
    source
        Written to ``source_doc``; its label prefixes ``target_id``.

    Returns
    -------
    pandas.DataFrame
        Columns of `COLUMNS`; ``year``, ``base_year``, ``start``, ``end`` as ``Int64``.
    """
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    df = df.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    df = _drop_repeats(df)
    pre = document_label(source, default="doc")
    df["target_id"] = [f"{pre}-{i + 1:02d}" for i in range(len(df))]
    df["source_doc"] = source
    for col in COLUMNS:
        if col not in df:
            df[col] = None
    df = df[COLUMNS]
    for col in ("year", "base_year", "start", "end"):
        df[col] = pd.array(df[col].to_numpy(dtype=object), dtype="Int64")
    return df

