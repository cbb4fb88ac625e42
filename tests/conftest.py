"""Shared fixtures: paths of the corpus and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _no_user_data_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the embedded data unless they set JXFORECAST_DATA themselves."""
    monkeypatch.delenv("JXFORECAST_DATA", raising=False)
