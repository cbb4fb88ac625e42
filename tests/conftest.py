"""Shared fixtures: paths of the corpus and a CLI runner."""

from __future__ import annotations

import warnings
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


@pytest.fixture(scope="session")
def dask_address():
    """The address of a Dask LocalCluster (threads in this process) started for the tests."""
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=False,
            protocol="tcp://",
            host="127.0.0.1",
            dashboard_address=None,
        )
    try:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address
    finally:
        cluster.close()
