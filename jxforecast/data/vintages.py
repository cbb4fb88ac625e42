"""Vintages: which release of a figure to use, and real-time (``as_of``) data.

A figure's *vintage* is the year of the publication that reported it, or
``final`` for a final-verified figure (最终核实数), or ``undated``.  For
ordering, a ``final`` figure for year Y counts as published in Y+2 (final
verification follows the preliminary release by about a year) and an
``undated`` one as published in Y+1 — a first release, ranked below a dated
one of the same year.

``as_of=Y`` is what an economist had in hand early in Y+1, when the Y+1 plan
was written: periods up to Y, each in the latest vintage published no later
than Y+1.  So the first release for Y, and earlier years as revised by then.
"""

from __future__ import annotations

import pandas as pd

from jxforecast.typing import VintageChoice as VintageChoice

_KIND_RANK = {"undated": 0, "final": 2}


def publication_year(vintage: pd.Series, period: pd.Series) -> pd.Series:
    """The year each figure became public (see the module docstring)."""
    year = pd.to_numeric(period.str[:4]).astype(int)
    numeric = pd.to_numeric(vintage, errors="coerce")
    out = numeric.where(numeric.notna(), year + 1)
    out = out.where(vintage != "final", year + 2)
    return out.astype(int)


def _rank(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(
        _pub=publication_year(df["vintage"], df["period"]),
        _kind=df["vintage"].map(_KIND_RANK).fillna(1).astype(int),
    )


def select_vintage(df: pd.DataFrame, vintage: VintageChoice = "latest", as_of: int | None = None) -> pd.DataFrame:
    """Keep one row per period.

    Parameters
    ----------
    df
        Observation rows of one series (one region, indicator, freq, measure).
    vintage
        ``"latest"`` (default), ``"first"`` (first releases) or an exact vintage
        label such as ``"2022"`` or ``"final"``.
    as_of
        Real-time cut: periods up to ``as_of``, published no later than ``as_of + 1``;
        within that, ``vintage`` picks the release.

    Returns
    -------
    pandas.DataFrame
        One row per period, sorted by period.
    """
    if df.empty:
        return df
    ranked = _rank(df)
    ranked = _pick(_real_time(ranked, as_of), ["period"], vintage)
    return ranked.drop(columns=["_pub", "_kind"]).sort_values("period", kind="stable")


SERIES_KEY = ["region", "indicator", "freq", "measure"]


def _real_time(ranked: pd.DataFrame, as_of: int | None) -> pd.DataFrame:
    """Ranked rows of periods up to ``as_of`` published no later than ``as_of + 1`` (all with None)."""
    if as_of is None:
        return ranked
    year = pd.to_numeric(ranked["period"].str[:4])
    return ranked[(year <= as_of) & (ranked["_pub"] <= as_of + 1)]


def _pick(ranked: pd.DataFrame, keys: list[str], vintage: VintageChoice) -> pd.DataFrame:
    """The release ``vintage`` picks for each ``keys`` group of ranked rows (a stable sort keeps row order)."""
    if vintage == "latest":
        return ranked.sort_values([*keys, "_pub", "_kind"], kind="stable").groupby(keys).tail(1)
    if vintage == "first":
        first_kind = ranked["_kind"].map({1: 0, 0: 1, 2: 2})
        return (
            ranked.assign(_first=first_kind)
            .sort_values([*keys, "_pub", "_first"], kind="stable")
            .groupby(keys)
            .head(1)
            .drop(columns="_first")
        )
    return ranked[ranked["vintage"] == str(vintage)]


def select_vintages(df: pd.DataFrame, vintage: VintageChoice = "latest", as_of: int | None = None) -> pd.DataFrame:
    """`select_vintage` applied to every series of ``df`` at once (one sort, one groupby).

    Parameters
    ----------
    df
        Observation rows of any number of series.
    vintage, as_of
        As in `select_vintage`.

    Returns
    -------
    pandas.DataFrame
        One row per series and period: within each series (`SERIES_KEY`) the rows
        `select_vintage` keeps for it, sorted by series and period.
    """
    if df.empty:
        return df
    ranked = _rank(df)
    periods = [*SERIES_KEY, "period"]
    # a stable sort of the whole table keeps, within each series, the order a sort of that
    # series alone gives: ties stay in the order of the rows
    ranked = _pick(_real_time(ranked, as_of), periods, vintage)
    ranked = ranked[ranked[periods].notna().all(axis=1)]
    return ranked.drop(columns=["_pub", "_kind"]).sort_values(periods, kind="stable")
