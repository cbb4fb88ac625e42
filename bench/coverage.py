"""How many seed dashboard targets get a number, and how citable the figures behind them are.

Prints, for the five seed documents' dashboards (core indicators, each target as of when
its plan was written): targets assessed and refused (with the refusal), then the share of
the figures behind them whose source is official, press or secondary
(`jxforecast.data.sources`), overall and by region (goals: China 95 %, Zhejiang 80 %,
overall 75 % official or press).  Run: ``python bench/coverage.py`` (about a minute).
"""

from __future__ import annotations

import warnings

from jxforecast.data import load_observations
from jxforecast.data.sources import quality_shares
from jxforecast.errors import JxWarning
from jxforecast.feasibility import assess_table
from jxforecast.feasibility.inputs import figures_behind
from jxforecast.report.dashboard import SEED_DOC, dashboard_targets

# the caveats are in each result; a benchmark prints its table, not one warning per assessment
warnings.simplefilter("ignore", JxWarning)
GOALS = {"china": 0.95, "zhejiang": 0.80}
OVERALL_GOAL = 0.75


def _line(label: str, qualities: list[str], goal: float | None = None) -> str:
    share = quality_shares(qualities)
    cited = share["official"] + share["press"]
    aim = f" (goal {goal:.0%}{', met' if cited >= goal else ''})" if goal is not None else ""
    return (f"{label}: {len(qualities)} figures; " + ", ".join(f"{k} {v:.0%}" for k, v in share.items())
            + f"; official or press {cited:.1%}{aim}")


def main() -> None:
    targets, _ = dashboard_targets("all")
    table = assess_table(targets, n_paths=2000)
    assessed = table["verdict"] != "refused"
    print(f"dashboard targets: {len(table)}; assessed {int(assessed.sum())}, refused {int((~assessed).sum())}")
    for row in table[~assessed].itertuples():
        print(f"  refused {row.target_id} {row.indicator}: {str(row.note)[:150]}")
    obs = load_observations()
    rows = figures_behind(targets, obs)
    print(_line("figures behind the dashboards", list(rows["source_quality"]), OVERALL_GOAL))
    for region, group in rows.groupby("region", sort=True):
        print("  " + _line(str(region), list(group["source_quality"]), GOALS.get(str(region))))
    everything = obs[~obs["derived"]]
    print(_line("all shipped figures", list(everything["source_quality"])))


if __name__ == "__main__":
    assert SEED_DOC
    main()
