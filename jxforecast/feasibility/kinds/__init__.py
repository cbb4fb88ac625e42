"""One module per target kind: simulated paths → the outcome distribution in the target's measure.

- `annual`: growth, a rate, a level or a share in the target year (with the announced
  target's evidence mixed in, `jxforecast.feasibility.combine`);
- `ytd`: an annual growth target checked within the year from year-to-date growth;
- `level`: a money level by a future year, in current or constant prices;
- `compound`: average growth (``cagr``) or a multiple (翻一番) over several years;
- `sync`: growth in step with GDP.

Each returns a `KindResult`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from jxforecast.feasibility.engine import PathForecast
from jxforecast.models.base import FloatArray

__all__ = ["KindResult", "shrunk_correlation", "year_on_year_changes"]


@dataclass
class KindResult:
    """What a target kind gives: paths, outcomes in the target's measure, and what is required.

    Attributes
    ----------
    forecast
        The paths and how they were made.
    outcomes
        One simulated outcome per path, in the target's measure.
    required
        What is still required (`jxforecast.feasibility.assessment.Requirement.from_dict`).
    horizon, n_obs
        Years from the last figure to the target year, and the figures modelled.
    basis
        ``real``, ``nominal`` or ``none``: the basis of the outcomes.
    """

    forecast: PathForecast
    outcomes: FloatArray
    required: dict[str, Any] | None
    horizon: int
    n_obs: int
    basis: str


def year_on_year_changes(a: pd.Series, b: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Both series' changes from one year to the next, over the consecutive years both have.

    These are the errors of a no-change forecast, i.e. their surprises (not their levels,
    which may share a trend).
    """
    common = a.dropna().index.intersection(b.dropna().index)
    steps = np.r_[False, np.diff([p.year for p in common]) == 1]
    return a[common].diff()[steps], b[common].diff()[steps]


def shrunk_correlation(raw: float, pairs: int, prior_pairs: float, limit: float) -> float:
    """A correlation from ``pairs`` observations shrunk toward 0 by ``prior_pairs``, within ±limit."""
    return float(np.clip(raw * pairs / (pairs + prior_pairs), -limit, limit))
