"""jxforecast: the chance that a plan target is met, and what meeting it would take."""

from jxforecast.data import list_series, load_observations, load_series, read_observations, series_sources
from jxforecast.errors import JxError
from jxforecast.registry import get_indicator, get_region, indicators, regions

__version__ = "0.1.0"

__all__ = [
    "JxError",
    "get_indicator",
    "get_region",
    "indicators",
    "list_series",
    "load_observations",
    "load_series",
    "read_observations",
    "regions",
    "series_sources",
]
