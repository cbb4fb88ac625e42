"""jxforecast: the chance that a plan target is met, and what meeting it would take.

The public API, in the order of the pipeline::

    import jxforecast as jx
    obs = jx.load_observations()                        # data
    target = jx.get_target("003-05")                    # targets (or jx.build_target(...))
    a = jx.assess(target, as_of=2023, seed=0)           # models → feasibility
    print(a.summary())                                  # reports

Every name but the errors is imported on first use, so that ``import jxforecast`` (and the
command line) stays quick: pandas, pandera, statsmodels come with the first function that
needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jxforecast._lazy import lazy_exports
from jxforecast.errors import (
    DataError,
    DataGapWarning,
    FallbackWarning,
    JxError,
    JxWarning,
    LongHorizonWarning,
    MethodNote,
    ModelError,
    ParameterError,
    ShortSeriesWarning,
    StaleDataWarning,
    TargetError,
    UnknownNameError,
)

if TYPE_CHECKING:  # pragma: no cover
    from jxforecast.data import list_series, load_observations, load_series, read_observations, series_sources
    from jxforecast.feasibility import (
        Assessment,
        AssessmentSet,
        VerdictBands,
        assess_many,
        assess_table,
        build_target,
    )
    from jxforecast.feasibility.assess import assess
    from jxforecast.registry import get_indicator, get_region, indicators, regions
    from jxforecast.targets.catalogue import get_target, load_targets

from jxforecast._version import __version__ as __version__

_LAZY = {
    "list_series": "jxforecast.data",
    "load_observations": "jxforecast.data",
    "load_series": "jxforecast.data",
    "read_observations": "jxforecast.data",
    "series_sources": "jxforecast.data",
    "get_indicator": "jxforecast.registry",
    "get_region": "jxforecast.registry",
    "indicators": "jxforecast.registry",
    "regions": "jxforecast.registry",
    "Assessment": "jxforecast.feasibility",
    "AssessmentSet": "jxforecast.feasibility",
    "VerdictBands": "jxforecast.feasibility",
    "assess": "jxforecast.feasibility",
    "assess_many": "jxforecast.feasibility",
    "assess_table": "jxforecast.feasibility",
    "build_target": "jxforecast.feasibility",
    "get_target": "jxforecast.targets.catalogue",
    "load_targets": "jxforecast.targets.catalogue",
}
_SUBPACKAGES = ("data", "feasibility", "models", "report", "targets", "registry")


if not TYPE_CHECKING:  # mypy checks every imported name against the imports above
    __getattr__ = lazy_exports(__name__, _LAZY, _SUBPACKAGES)


__all__ = [
    "Assessment",
    "AssessmentSet",
    "DataError",
    "DataGapWarning",
    "FallbackWarning",
    "JxError",
    "JxWarning",
    "LongHorizonWarning",
    "MethodNote",
    "ModelError",
    "ParameterError",
    "ShortSeriesWarning",
    "StaleDataWarning",
    "TargetError",
    "UnknownNameError",
    "VerdictBands",
    "assess",
    "assess_many",
    "assess_table",
    "build_target",
    "get_indicator",
    "get_region",
    "get_target",
    "indicators",
    "list_series",
    "load_observations",
    "load_series",
    "load_targets",
    "read_observations",
    "regions",
    "series_sources",
]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
