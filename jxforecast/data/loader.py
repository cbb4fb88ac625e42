"""Load observations (embedded + user files) and return series with provenance."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd

from jxforecast._diskcache import cached
from jxforecast._paths import embedded_path
from jxforecast.data.derive import derive_growth
from jxforecast.data.files import read_observations
from jxforecast.data.schema import KEY, MEASURES
from jxforecast.data.sources import source_title
from jxforecast.data.vintages import VintageChoice, select_vintage, select_vintages
from jxforecast.errors import DataError, ParameterError, UnknownNameError
from jxforecast.registry import get_indicator, get_region, indicators
from jxforecast.typing import PandasFreq

DataSource = str | Path | pd.DataFrame
ENV_VAR = "JXFORECAST_DATA"
PANDAS_FREQ: dict[str, PandasFreq] = {"A": "Y", "Q": "Q", "M": "M"}
# exact conversions to an indicator's registry unit (a figure published as 15111 persons is
# 1.5111 x 10k persons); figures in other units (yuan vs US dollars) are never converted
UNIT_FACTORS = {
    ("persons", "10k_persons"): 1e-4, ("10k_usd", "100m_usd"): 1e-4, ("10k_yuan", "100m_yuan"): 1e-4,
    ("yuan", "10k_yuan"): 1e-4, ("10k_yuan", "yuan"): 1e4, ("mw", "10k_kw"): 0.1,
}


def data_key(data: pd.DataFrame) -> str:
    """A digest of a frame's content (columns, dtypes, index and values) for keying caches.

    Two frames with the same content share a key whatever their identity; a frame changed in
    place gets a new one.  About 2 ms for the embedded observations.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr([(str(c), str(t)) for c, t in data.dtypes.items()]).encode())
    if len(data):
        digest.update(pd.util.hash_pandas_object(data, index=True).to_numpy().tobytes())
    return digest.hexdigest()


SERIES_MEMO_SIZE = 1024
_SERIES_MEMO: OrderedDict[tuple[str, str, str, str, str, str, int | None], pd.Series] = OrderedDict()
_SERIES_MEMO_LOCK = threading.Lock()


@cache
def _embedded_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The embedded observations as published and with derived growth, read once per release.

    Validation and derivation cost about 0.3 s (and pandera's import); the result is kept on
    disk keyed by the embedded files and the code (`jxforecast._diskcache`).
    """
    def build() -> tuple[pd.DataFrame, pd.DataFrame]:
        published = read_observations(embedded_path("observations.csv"))
        return published, _with_derived(published)

    return cached("observations", build)


def _embedded_published() -> pd.DataFrame:
    return _embedded_tables()[0]


def _embedded() -> pd.DataFrame:
    return _embedded_tables()[1]


def _with_derived(obs: pd.DataFrame) -> pd.DataFrame:
    """The observations with growth rates derived from levels appended (`jxforecast.data.derive`)."""
    derived = derive_growth(obs)
    return pd.concat([obs, derived], ignore_index=True) if len(derived) else obs


def _env_files() -> list[Path]:
    folder = os.environ.get(ENV_VAR)
    if not folder:
        return []
    path = Path(folder)
    if not path.is_dir():
        raise DataError(f"{ENV_VAR}={folder}: not a folder.")
    return sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))


def load_observations(extra: DataSource | Iterable[DataSource] | None = None,
                      sheet: str | int | None = None) -> pd.DataFrame:
    """The embedded observations with users' figures on top.

    Parameters
    ----------
    extra
        A file (CSV/Excel, long or yearbook layout), a DataFrame already read, or
        several of them.  Files in the folder named by ``JXFORECAST_DATA`` are added
        too.  A user's row replaces an embedded row with the same key.  Nominal growth
        rates derived from published levels are appended (``derived=True``, see
        `jxforecast.data.derive`).
    sheet
        For Excel files: the sheet name or number (from 1); default: the first sheet whose
        header looks like observations.

    Returns
    -------
    pandas.DataFrame
        All observations, one row per key.
    """
    if extra is None:
        sources: list[DataSource] = []
    elif isinstance(extra, (str, Path, pd.DataFrame)):
        sources = [extra]
    else:
        sources = list(extra)
    frames = [_embedded_published()]
    for source in [*_env_files(), *sources]:
        frames.append(source if isinstance(source, pd.DataFrame) else read_observations(source, sheet=sheet))
    if len(frames) == 1:
        # a new frame over the cached data: a caller adding or dropping columns (or, with
        # pandas' copy-on-write, changing values) leaves the cache of every later call alone
        return _embedded().copy(deep=False)
    combined = pd.concat(frames, ignore_index=True)
    return _with_derived(combined.drop_duplicates(subset=KEY, keep="last").reset_index(drop=True))


def select(
    region: str,
    indicator: str,
    measure: str = "yoy_real",
    freq: str = "A",
    vintage: VintageChoice = "latest",
    as_of: int | None = None,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The rows of one series with their provenance (one per period); see `load_series`."""
    obs = load_observations() if data is None else data
    get_region(region, extra=tuple(obs["region"].unique()))
    get_indicator(indicator)
    if measure not in MEASURES:
        raise UnknownNameError(f"Unknown measure '{measure}'. Valid measures: {', '.join(MEASURES)}.")
    if freq not in ("A", "Q", "M"):
        raise ParameterError(f"freq must be A, Q or M, not '{freq}'.")
    rows = obs[
        (obs["region"] == region)
        & (obs["indicator"] == indicator)
        & (obs["measure"] == measure)
        & (obs["freq"] == freq)
    ]
    return select_vintage(rows, vintage, as_of)


def _in_unit(rows: pd.DataFrame, unit: str) -> pd.DataFrame:
    """A level series' rows converted to ``unit`` where exact (`UNIT_FACTORS`), one unit kept."""
    if rows.empty:
        return rows
    factor = [UNIT_FACTORS.get((u, unit), 1.0) for u in rows["unit"]]
    rows = rows.assign(value=rows["value"] * factor, unit=[unit if f != 1.0 else u for f, u in
                                                           zip(factor, rows["unit"], strict=True)])
    other = sorted(set(rows["unit"]) - {unit})
    if other:  # a level in another currency or unit cannot be put on one axis with the rest
        rows = rows[rows["unit"] == unit] if (rows["unit"] == unit).any() else rows[rows["unit"] == other[0]]
    return rows


def select_all(data: pd.DataFrame, freq: str = "A", vintage: VintageChoice = "latest",
               as_of: int | None = None) -> pd.DataFrame:
    """The rows `load_series` uses, for every series of one frequency in one pass.

    Parameters
    ----------
    data
        Observations from `load_observations`.
    freq, vintage, as_of
        As in `load_series`.

    Returns
    -------
    pandas.DataFrame
        The observation columns, one row per series and period, levels in their indicator's
        unit: for each (region, indicator, measure) exactly the rows behind
        ``load_series(region, indicator, measure, freq, vintage, as_of, data)`` (registry
        checks aside: indicators the registry does not know are left out).
    """
    known = set(indicators())
    rows = data[(data["freq"] == freq) & data["indicator"].isin(known)]
    rows = select_vintages(rows, vintage, as_of)
    levels = rows["measure"].isin(["level", "ytd_level"])
    if not levels.any():
        return rows
    # `_in_unit` for every level series at once
    lv = rows[levels]
    own = lv["indicator"].map({i: get_indicator(i).unit for i in set(lv["indicator"])})
    factor = [UNIT_FACTORS.get((u, o), 1.0) for u, o in zip(lv["unit"], own, strict=True)]
    unit = lv["unit"].where(pd.Series([f == 1.0 for f in factor], index=lv.index), own)
    lv = lv.assign(value=lv["value"] * factor, unit=unit)
    group = [lv["region"], lv["indicator"], lv["measure"]]
    is_own = unit == own
    has_own = is_own.groupby(group).transform("any")
    first_other = unit.where(~is_own).groupby(group).transform("min")
    lv = lv[is_own.where(has_own, unit == first_other)]
    out: pd.DataFrame = pd.concat([rows[~levels], lv])
    return out.sort_values(["region", "indicator", "freq", "measure", "period"], kind="stable")


def load_series(
    region: str,
    indicator: str,
    measure: str = "yoy_real",
    freq: str = "A",
    vintage: VintageChoice = "latest",
    as_of: int | None = None,
    data: pd.DataFrame | None = None,
) -> pd.Series:
    """One series as a float `pandas.Series` with a `PeriodIndex`.

    Levels published in a smaller unit of the same kind (persons, 万美元) are converted to the
    indicator's unit (`UNIT_FACTORS`); levels in an incompatible unit (yuan for a US-dollar
    indicator) are left out when figures in the indicator's unit exist.

    Parameters
    ----------
    region, indicator
        Registry ids, e.g. ``"jiaxing"``, ``"gdp"``.
    measure
        ``yoy_real`` (default), ``yoy_nominal``, ``level``, ``share``, ``rate``, or a
        ``ytd_*`` measure with ``freq="M"``.
    freq
        ``"A"`` annual, ``"Q"`` quarterly, ``"M"`` monthly (year-to-date figures).
    vintage
        ``"latest"``, ``"first"`` or an exact vintage label; see `jxforecast.data.vintages`.
    as_of
        Real-time cut: what was known early in ``as_of + 1``.
    data
        Observations from `load_observations` (default: the embedded data).  Series are
        kept for the process by the data's content digest (`data_key`) and the arguments:
        loading one again costs a copy.

    Returns
    -------
    pandas.Series
        Values by period; ``series.attrs["sources"]`` holds each period's vintage,
        source_url, quote, derived flag and source quality as records (`series_sources` makes a table of
        them).  Gaps are left out, never filled.
    """
    obs = load_observations() if data is None else data
    key = (data_key(obs), region, indicator, measure, freq, str(vintage), as_of)
    with _SERIES_MEMO_LOCK:
        stored = _SERIES_MEMO.get(key)
        if stored is not None:
            _SERIES_MEMO.move_to_end(key)
    if stored is not None:
        return stored.copy()  # values and attrs of its own: a caller may change them
    series = _load_series(region, indicator, measure, freq, vintage, as_of, obs)
    with _SERIES_MEMO_LOCK:
        _SERIES_MEMO[key] = series.copy()
        while len(_SERIES_MEMO) > SERIES_MEMO_SIZE:
            _SERIES_MEMO.popitem(last=False)
    return series


def clear_series_memo() -> None:
    """Empty the per-process memo of `load_series`."""
    with _SERIES_MEMO_LOCK:
        _SERIES_MEMO.clear()


def _load_series(region: str, indicator: str, measure: str, freq: str, vintage: VintageChoice,
                 as_of: int | None, data: pd.DataFrame) -> pd.Series:
    """`load_series` without the memo."""
    rows = select(region, indicator, measure, freq, vintage, as_of, data)
    unit = get_indicator(indicator).unit
    if measure in ("level", "ytd_level"):
        rows = _in_unit(rows, unit)
    pandas_freq = PANDAS_FREQ[freq]
    index = pd.PeriodIndex(rows["period"], freq=pandas_freq, name="period")
    series = pd.Series(rows["value"].to_numpy(dtype=float), index=index, name=f"{region}.{indicator}.{measure}")
    # records, not a DataFrame: pandas compares attrs when combining series
    series.attrs["sources"] = rows[["period", "vintage", "source_url", "quote", "derived",
                                    "source_quality"]].assign(title=[source_title(n) for n in rows["note"]]
                                                              ).to_dict("records")
    series.attrs["unit"] = rows["unit"].iloc[0] if len(rows) else get_indicator(indicator).unit
    return series


def series_sources(series: pd.Series) -> pd.DataFrame:
    """The provenance of a series from `load_series`, one row per figure.

    Columns: period, vintage, source_url, quote, derived, source_quality (official, press
    or secondary; see `jxforecast.data.sources`) and title (the page's title where the
    figure's note names it, else empty).
    """
    table = pd.DataFrame(series.attrs.get("sources", []),
                         columns=["period", "vintage", "source_url", "quote", "derived", "source_quality", "title"])
    return table.assign(title=table["title"].fillna(""))


def list_series(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per available series: region, indicator, freq, measure, first/last period, count."""
    obs = load_observations() if data is None else data
    grouped = obs.groupby(["region", "indicator", "freq", "measure"])
    return grouped.agg(
        first=("period", "min"), last=("period", "max"), periods=("period", "nunique"), rows=("value", "size")
    ).reset_index()
