"""Money-level goals checked against the nominal levels that were later published.

For every region with a series of published GDP levels (Zhejiang, Jiaxing) and every origin
``as_of`` from 2012, the level one to five years ahead is forecast as a level goal is
(`assess` on a synthetic goal "GDP ≥ the published level", so that the goal's probability
is one minus the PIT of the published figure), and compared with the level first published
for that year.  Prints, by horizon: forecasts, median absolute error of the median in per
cent, coverage of the 80 % interval and the mean PIT (0.5 when the median is unbiased).
Run: ``python bench/money_levels.py`` (about a minute).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import jxforecast as jx
from jxforecast.errors import JxError, JxWarning
from jxforecast.feasibility import assess, build_target

REGIONS = ("zhejiang", "jiaxing")

# the caveats are in each result; a benchmark prints its table, not one warning per assessment
warnings.simplefilter("ignore", JxWarning)


def first_levels(data: pd.DataFrame, region: str) -> dict[int, float]:
    """The first-published GDP level of each year (100 million yuan)."""
    levels = jx.load_series(region, "gdp", "level", vintage="first", data=data)
    return {p.year: float(v) for p, v in levels.dropna().items()}


def main(n_paths: int = 2000) -> None:
    data = jx.load_observations()
    rows = []
    for region in REGIONS:
        levels = first_levels(data, region)
        for as_of in range(2012, max(levels)):
            for h in range(1, 6):
                year = as_of + h
                if year not in levels:
                    continue
                target = build_target(region, "gdp", year, op=">=", value=levels[year], measure="level",
                                      data=data)
                try:
                    a = assess(target, as_of=as_of, n_paths=n_paths, seed=0, data=data)
                except JxError:
                    continue
                lo, hi = np.quantile(a.paths, [0.1, 0.9])
                rows.append({"region": region, "as_of": as_of, "horizon": h, "published": levels[year],
                             "median": a.median, "inside_80": lo <= levels[year] <= hi,
                             "pit": float(np.mean(a.paths < levels[year]))})
    df = pd.DataFrame(rows)
    df["abs_error_pct"] = 100 * (df["median"] / df["published"] - 1).abs()
    table = df.groupby("horizon").agg(forecasts=("pit", "size"), median_abs_error_pct=("abs_error_pct", "median"),
                                      coverage_80=("inside_80", "mean"), mean_pit=("pit", "mean"))
    print(table.round(3).to_string())
    print(f"all: {len(df)} forecasts, coverage of the 80% interval {df['inside_80'].mean():.0%}, "
          f"mean PIT {df['pit'].mean():.2f}")


if __name__ == "__main__":
    main()
