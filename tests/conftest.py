"""Shared fixtures: paths of the corpus and a CLI runner."""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """The disk cache of the run (fits, embedded tables) is the checkout's own, not the user's.

    One folder per checkout under the system's temporary folder, shared by the xdist workers
    and the processes and kernels they start (they inherit the variable); a fresh clone
    starts with an empty one.
    """
    checkout = hashlib.blake2b(str(ROOT).encode(), digest_size=6).hexdigest()
    os.environ.setdefault("JXFORECAST_CACHE", str(Path(tempfile.gettempdir()) / f"jxforecast-tests-{checkout}"))


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
