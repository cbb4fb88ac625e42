"""Data layer: embedded observations, users' files, vintages and real-time cuts."""

from jxforecast.data.files import read_observations
from jxforecast.data.loader import list_series, load_observations, load_series, select, series_sources
from jxforecast.data.vintages import select_vintage

__all__ = [
    "list_series", "load_observations", "load_series", "read_observations", "select", "select_vintage",
    "series_sources",
]
