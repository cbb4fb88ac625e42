"""Fit the long-horizon growth model and measure its multi-year errors.

    python scripts/fit_long_run.py PANEL_FOLDER [--out data/long_run.json]

``PANEL_FOLDER`` holds ``city_gdp_outcomes.csv`` (columns ``region, year, measure, value``
and optionally ``quality_flag``; the ``yoy_real`` rows are used, screened as the
target–outcome model screens them).  The model (`jxforecast.models.longrun`) is fitted on
every city; its errors are measured out of sample twice and stored with it, for the pages:

- ``panel_5y``: parameters and error quantiles learned on origins 2002–2011, applied to
  origins 2012–2018 (five years ahead, every city); the shipped model is learned on
  origins 2008–2022;
- ``china_5y`` / ``china_10y``: China's real GDP growth (not in the panel), every origin
  with five (ten) later years, with the model fitted on the whole panel;

each beside two simple references: the last figure carried forward (``last``) and the mean
of the last five years (``mean5``).  Prints the table.  About 20 seconds.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def _reference(histories: dict[str, pd.Series], h: int, origins: range, how: str) -> pd.DataFrame:
    from jxforecast.models.longrun import robust_trend, spread

    rows = []
    for key, y in histories.items():
        years = {int(p.year if hasattr(p, "year") else p): float(v) for p, v in y.dropna().items()}
        for origin in origins:
            past = [years[t] for t in range(origin - 4, origin + 1) if t in years]
            future = [years.get(origin + k) for k in range(1, h + 1)]
            future = [v for v in future if v is not None]
            if origin not in years or len(past) < 3 or h - len(future) > h // 4:
                continue
            try:
                trend = robust_trend(y, origin)
            except Exception:
                continue
            forecast = years[origin] if how == "last" else float(np.mean(past))
            err = float(np.mean(future)) - forecast
            rows.append({"key": key, "origin": origin, "horizon": h, "error": err, "z": err / spread(trend, forecast)})
    return pd.DataFrame(rows)


def _scores(errs: pd.DataFrame, model, h: int) -> dict[str, float]:
    if errs.empty:
        return {"n": 0}
    q = model.errors(h)
    lo, hi = np.interp([0.1, 0.9], np.linspace(0.005, 0.995, len(q)), q)
    inside = (errs["z"] >= lo) & (errs["z"] <= hi)
    return {"n": int(len(errs)), "mae": float(errs["error"].abs().mean()),
            "rmse": float(np.sqrt((errs["error"] ** 2).mean())), "bias": float(errs["error"].mean()),
            "coverage_80": float(inside.mean())}


def main() -> None:
    from jxforecast.data.loader import load_series
    from jxforecast.models.gaps import panel_histories
    from jxforecast.models.longrun import average_errors, fit_long_run

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("panel", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "long_run.json")
    args = parser.parse_args()
    outcomes = pd.read_csv(args.panel / "city_gdp_outcomes.csv")
    histories = {k: v for k, v in panel_histories(outcomes).items()}
    china = {"china": load_series("china", "gdp", "yoy_real")}

    early = fit_long_run(histories, origins=range(2002, 2012))
    model = fit_long_run(histories)
    table = []
    tests = [("panel_5y", histories, 5, range(2012, 2019), early),
             ("china_5y", china, 5, range(2005, 2020), model),
             ("china_10y", china, 10, range(2005, 2015), model)]
    for name, hist, h, origins, fitted in tests:
        errs = average_errors(hist, fitted, range(h, h + 1), origins)
        model.backtest[name] = _scores(errs, fitted, h)
        table.append({"test": name, "method": "damped robust trend", **model.backtest[name]})
        for how in ("last", "mean5"):
            ref = _reference(hist, h, origins, how)
            model.backtest[f"{name}_{how}"] = _scores(ref, fitted, h)
            table.append({"test": name, "method": how, **model.backtest[f"{name}_{how}"]})
    model.backtest["fit"] = {"regions": float(len(histories)), "slope_weight": model.slope_weight,
                             "fade": model.fade, "persistence": model.persistence}
    args.out.write_text(json.dumps(model.to_dict(), indent=1), encoding="utf-8")
    pd.set_option("display.width", 160)
    print(pd.DataFrame(table).round(3).to_string(index=False))
    print(f"slope weight {model.slope_weight}, fade {model.fade}, persistence {model.persistence}; horizons {sorted(model.quantiles)}; "
          f"written to {args.out}")


if __name__ == "__main__":
    main()
