"""Where the embedded data lives: ``jxforecast/_data`` in a wheel, ``data/`` in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding the embedded tables (indicators, regions, observations, targets)."""
    wheel = _PACKAGE / "_data"
    return wheel if wheel.is_dir() else _PACKAGE.parent / "data"


def embedded_path(name: str) -> Path:
    """Path of one embedded file, e.g. ``embedded_path("targets.csv")``."""
    return data_dir() / name
