"""How many seed dashboard targets get a number, and how citable the figures behind them are.

Prints, for the five seed documents' dashboards (core indicators, each target as of when
its plan was written): targets assessed and refused (with the refusal), then the share of
the figures behind them whose source is official, press or secondary
(`jxforecast.data.sources`).  Run: ``python bench/coverage.py`` (about a minute).
"""

from __future__ import annotations

import warnings

import pandas as pd

from jxforecast.data import load_observations
from jxforecast.errors import JxWarning
from jxforecast.feasibility import assess_table
from jxforecast.feasibility.inputs import RELATED
from jxforecast.registry import get_region
from jxforecast.report.dashboard import SEED_DOC, dashboard_targets

# the caveats are in each result; a benchmark prints its table, not one warning per assessment
warnings.simplefilter("ignore", JxWarning)


def main() -> None:
    targets, _ = dashboard_targets("all")
    table = assess_table(targets, n_paths=2000)
    assessed = table["verdict"] != "refused"
    print(f"dashboard targets: {len(table)}; assessed {int(assessed.sum())}, refused {int((~assessed).sum())}")
    for row in table[~assessed].itertuples():
        print(f"  refused {row.target_id} {row.indicator}: {str(row.note)[:150]}")
    obs = load_observations()
    obs = obs[~obs["derived"]]
    used = set()
    for t in targets:
        region = t.region
        while region is not None:
            for ind in (t.indicator, RELATED.get(t.indicator)):
                if ind:
                    used.add((region, ind))
            region = get_region(region).parent
    rows = obs[[(r, i) in used for r, i in zip(obs["region"], obs["indicator"])]]
    share = rows["source_quality"].value_counts(normalize=True).reindex(["official", "press", "secondary"]).fillna(0)
    print(f"figures behind the dashboards: {len(rows)}; " + ", ".join(f"{k} {v:.0%}" for k, v in share.items())
          + f"; official or press {share['official'] + share['press']:.0%}")
    everything = obs["source_quality"].value_counts(normalize=True)
    print(f"all shipped figures: {len(obs)}; official or press {everything.get('official', 0) + everything.get('press', 0):.0%}")


if __name__ == "__main__":
    assert SEED_DOC
    main()
