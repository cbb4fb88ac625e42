"""Write the README's figure: Jiaxing's 2024 GDP target (003-01) as it looked early in 2024.

Run: .venv/bin/python scripts/make_readme_figure.py   (writes docs/_static/fan_003-01.png)
"""

from __future__ import annotations

import warnings
from pathlib import Path

import jxforecast as jx
from jxforecast.report.charts import fan_chart, fig_to_png_bytes
from jxforecast.report.fonts import use_cjk_font

OUT = Path(__file__).resolve().parents[1] / "docs" / "_static" / "fan_003-01.png"


def main() -> None:
    use_cjk_font()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jx.JxWarning)
        a = jx.assess(jx.get_target("003-01"), as_of=2023, seed=0)
    history = jx.load_series("jiaxing", "gdp", "yoy_real", as_of=2023)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(fig_to_png_bytes(fan_chart(a, history, lang="en"), dpi=110))
    print(f"{OUT} written")


if __name__ == "__main__":
    main()
