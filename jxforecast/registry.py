"""The indicator and region registry: one table each, read by every layer.

``data/indicators.csv`` gives each indicator its id, Chinese and English
names, unit, direction (is higher better?), basis (real or nominal growth)
and synonyms; ``data/regions.csv`` lists the regions and their parents.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

import pandas as pd

from jxforecast._paths import embedded_path
from jxforecast.errors import DataError, UnknownNameError
from jxforecast.typing import BASES, DIRECTIONS
from jxforecast.typing import Basis as Basis
from jxforecast.typing import Direction as Direction


@dataclass(frozen=True)
class Indicator:
    """One economic indicator of the registry."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    direction: Direction
    basis: Basis
    group: str
    synonyms: tuple[str, ...]
    core: bool = True

    @property
    def higher_is_better(self) -> bool:
        """True when a higher outcome is better (growth), False for CPI or unemployment."""
        return self.direction == "higher"


@dataclass(frozen=True)
class Region:
    """A region: country, province, city or district."""

    id: str
    name_zh: str
    name_en: str
    level: str
    parent: str | None


def _text_rows(name: str) -> list[dict[str, str]]:
    """The rows of an embedded CSV file, every cell as text (an empty cell is ``""``)."""
    df = pd.read_csv(embedded_path(name), dtype=str, keep_default_na=False)
    return [{str(k): str(v) for k, v in row.items()} for row in df.to_dict("records")]


def _direction(row: dict[str, str]) -> Direction:
    if (value := row["direction"]) in DIRECTIONS:
        return value
    raise DataError(f"indicators.csv, indicator '{row['id']}': direction '{value}' is not one of "
                    f"{', '.join(DIRECTIONS)}.")


def _basis(row: dict[str, str]) -> Basis:
    if (value := row["basis"]) in BASES:
        return value
    raise DataError(f"indicators.csv, indicator '{row['id']}': basis '{value}' is not one of {', '.join(BASES)}.")


@cache
def indicators() -> dict[str, Indicator]:
    """All registered indicators by id."""
    return {
        r["id"]: Indicator(
            id=r["id"],
            name_zh=r["name_zh"],
            name_en=r["name_en"],
            unit=r["unit"],
            direction=_direction(r),
            basis=_basis(r),
            group=r["group"],
            synonyms=tuple(s for s in r["synonyms"].split("|") if s),
            core=r["core"] == "true",
        )
        for r in _text_rows("indicators.csv")
    }


@cache
def regions() -> dict[str, Region]:
    """All regions known to the embedded data, by id."""
    return {
        r["id"]: Region(r["id"], r["name_zh"], r["name_en"], r["level"], r["parent"] or None)
        for r in _text_rows("regions.csv")
    }


MAX_LISTED = 30  # longer lists of valid names are pointed to, not printed


def _unknown(kind: str, name: str, valid: list[str]) -> UnknownNameError:
    shown = name if len(name) <= 60 else name[:57] + "…"
    close = difflib.get_close_matches(name, valid, n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    if len(valid) <= MAX_LISTED:
        listing = f" Valid {kind}s: {', '.join(valid)}."
    else:
        where = "jxforecast data list" if kind == "region" else "data/indicators.csv or jxforecast data list"
        listing = f" {len(valid)} {kind}s are known; see {where}."
    return UnknownNameError(f"Unknown {kind} '{shown}'.{hint}{listing}")


def get_indicator(indicator_id: str) -> Indicator:
    """Return the registered indicator, or raise `UnknownNameError` listing the valid ids."""
    table = indicators()
    if indicator_id not in table:
        raise _unknown("indicator", indicator_id, sorted(table))
    return table[indicator_id]


def get_region(region_id: str, extra: tuple[str, ...] = ()) -> Region:
    """Return a region; regions added by a user's data file are accepted through ``extra``."""
    table = regions()
    if region_id in table:
        return table[region_id]
    if region_id in extra:
        return Region(region_id, region_id, region_id, "user", None)
    raise _unknown("region", region_id, sorted(set(table) | set(extra)))


def default_measure(indicator: str) -> str:
    """The measure a bare number refers to: real or nominal growth, a rate, a share or a level."""
    info = get_indicator(indicator)
    if info.basis == "real":
        return "yoy_real"
    if info.basis == "nominal":
        return "yoy_nominal"
    if info.unit == "pct":
        return "rate"
    if info.unit == "pct_of_gdp":
        return "share"
    return "level"
