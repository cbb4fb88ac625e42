"""What one assessment knows and what it finds along the way.

`assess` builds one `Context` per target: the inputs decided once (the target, ``as_of``,
the data, the level of government, the announced target, the fitted models) and the
caveats every stage raises, in the order a reader should see them.  Stages read it and
record on it (`note`, `note_first`) instead of passing lists of sentences down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from jxforecast.feasibility.announced import Announced
from jxforecast.models.base import FloatArray
from jxforecast.models.gaps import Combination, GapModelSet
from jxforecast.models.provincial import ProvincialModel
from jxforecast.targets.target import Target
from jxforecast.typing import Level


@dataclass
class Context:
    """One assessment's inputs and the caveats and evidence its stages collect.

    Attributes
    ----------
    target, as_of, ytd, n_paths, seed, data
        What is assessed, with what is known up to ``as_of`` (``ytd``: month and growth).
    level, raw_level
        The target–outcome model's level (``nation``, ``province``, ``city``) and the region's own
        (``district`` is read as ``city`` by the model).
    announced
        The announced target of the year (`jxforecast.feasibility.announced`).
    gap_models, provincial
        The target–outcome models of GDP targets and the provincial spreads and gaps.
    caveats
        The notes raised so far, in order.
    """

    target: Target
    as_of: int
    data: pd.DataFrame
    n_paths: int
    seed: int
    level: Level
    raw_level: str
    announced: Announced
    gap_models: GapModelSet
    provincial: ProvincialModel
    ytd: tuple[int, float] | None = None
    caveats: list[str] = field(default_factory=list)
    # found along the way
    series: dict[str, Any] | None = None
    """The modelled series: region, measure, scale, shift, borrowed, data_end."""
    announced_used: Announced | None = None
    """The announced target, when the forecast read it."""
    evidence: Any = None
    """How similar targets fared: the target–outcome component (`jxforecast.feasibility.combine.GapEvidence`)
    or the provinces' gaps of the indicator (`jxforecast.models.provincial.IndicatorGaps`); its ``to_dict``."""
    combination: Combination | None = None
    mixture_outcomes: FloatArray | None = None
    components: dict[str, dict[str, Any]] = field(default_factory=dict)

    def note(self, *caveats: str) -> None:
        """Record caveats after those raised so far."""
        self.caveats.extend(caveats)

    def note_first(self, caveat: str) -> None:
        """Record a caveat ahead of all others (stale data: beside the verdict)."""
        self.caveats.insert(0, caveat)
