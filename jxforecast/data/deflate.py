"""Real growth from nominal growth and consumer prices, for comparisons on one basis.

Official practice judges "incomes in step with growth" (城乡居民收入与经济增长同步) by real
income growth against real GDP growth.  Incomes are published in current prices, so
their real growth is ``100·((1 + n/100) / (1 + π/100) − 1)`` with ``π`` the consumer
price inflation of the same year: the region's own where published, else its province's,
else the nation's (each year says whose it used).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from jxforecast.data.loader import load_series
from jxforecast.errors import UnknownNameError
from jxforecast.i18n import N_
from jxforecast.registry import get_region


def cpi_for(region: str, data: pd.DataFrame, as_of: int | None = None) -> tuple[pd.Series, dict[int, str]]:
    """CPI inflation by year for ``region``, and whose figure each year is.

    Years the region publishes no CPI for are filled from its ancestors (province, nation).
    """
    values: dict[int, float] = {}
    whose: dict[int, str] = {}
    where: str | None = region
    extra = tuple(data["region"].unique())
    while where is not None:
        try:
            s = load_series(where, "cpi", "rate", as_of=as_of, data=data)
        except UnknownNameError:
            s = pd.Series(dtype=float)
        for p, v in s.dropna().items():
            assert isinstance(p, pd.Period)  # load_series: a PeriodIndex
            if p.year not in values:
                values[p.year], whose[p.year] = float(v), where
        try:
            where = get_region(where, extra=extra).parent
        except UnknownNameError:
            where = None
    index = pd.PeriodIndex([str(y) for y in sorted(values)], freq="Y", name="period")
    return pd.Series([values[y] for y in sorted(values)], index=index, name=f"{region}.cpi.rate"), whose


def deflate(nominal: pd.Series, cpi: pd.Series) -> pd.Series:
    """Real growth (%) from nominal growth (%) and CPI inflation (%) of the same years.

    Years without both are left out.
    """
    common = nominal.dropna().index.intersection(cpi.dropna().index)
    real = 100 * ((1 + nominal[common] / 100) / (1 + cpi[common] / 100) - 1)
    real.name = str(nominal.name).replace("yoy_nominal", "yoy_real_deflated")
    real.attrs = dict(nominal.attrs)
    return real


def describe_cpi(whose: dict[int, str], years: Iterable[int], region: str) -> str:
    """Whose CPI deflated which years, in a few words."""
    used = {whose[y] for y in years if y in whose}
    if used == {region}:
        return N_("{region}'s CPI").format(region=region)
    others = sorted(used - {region})
    if region in used and len(others) == 1:
        return N_("{region}'s CPI where published, else {where}'s").format(region=region, where=others[0])
    if len(others) == 1:
        return N_("{where}'s CPI ({region} publishes none for those years)").format(where=others[0], region=region)
    if region in used and len(others) == 2:
        return N_("{region}'s CPI where published, else {where}'s or {other}'s").format(
            region=region, where=others[0], other=others[1])
    if len(others) == 2:
        return N_("{where}'s or {other}'s CPI ({region} publishes none for those years)").format(
            where=others[0], other=others[1], region=region)
    joined = " or ".join(f"{r}'s" for r in others)  # more than two stand-ins: never in the data, the names as they are
    if region in used:
        return f"{region}'s CPI where published, else {joined}"
    return f"{joined} CPI ({region} publishes none for those years)"
