"""Within-year nowcasts on history: interval width, coverage and Brier score by period.

Every region and year with a year-to-date GDP growth figure (China's quarterly releases
2008–2025, Zhejiang's and Jiaxing's where published) and the annual outcome is nowcast
from all the other years (2020–21 left out: base effects), as `assess(..., ytd=...)`
does.  Prints, for Q1, H1 and Q1–3: region-years, mean width of the 80 % interval of
annual growth, its coverage, the Brier score of "annual growth reaches the target (or the
prior guess)" and the median's mean absolute error.  Goals: widths shrink with the period;
coverage within 72–88 % at each.  Run: ``python bench/within_year.py`` (a few seconds).
"""

from __future__ import annotations

import jxforecast as jx
from jxforecast.models.nowcast import nowcast_backtest
from jxforecast.panel.nowcast import nowcast_histories


def main() -> None:
    table = nowcast_backtest(nowcast_histories(jx.load_observations()))
    table.index = table.index.map({3: "Q1", 6: "H1", 9: "Q1-3"})
    print(table.round(3).to_string())
    shrinks = bool((table["width"].diff().dropna() < 0).all())
    inside = bool(((table["coverage"] >= 0.72) & (table["coverage"] <= 0.88)).all())
    print(f"widths shrink with the period: {shrinks}; coverage within 72-88 % at each period: {inside}")


if __name__ == "__main__":
    main()
