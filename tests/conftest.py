"""Shared fixtures: paths of the corpus, a CLI runner, the default report built once per run."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

CORPUS = Path(__file__).parent / "corpus"
# the corpus holds broken notebooks and files for the tests to read, not tests (nor cells for nbval)
collect_ignore = ["corpus"]
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


DEFAULT_REPORT_SECONDS = 900  # the default report, with the rest of the suite on the other core


@pytest.fixture(scope="session")
def default_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default report (every seed document, 500 paths), built once per run by the command line.

    With ``--pdf`` when Chromium is found (the browser tests read the PDFs). Under pytest-xdist
    the first worker to need it builds it in the run's shared temporary folder while holding a
    file lock; the other worker waits and reads the same report. It is built over an earlier
    report's folder (an ``index.html`` and a ``stale.html``), which it must replace as a whole.
    """
    from jxforecast.report.pdf import find_chromium

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder of this run that every worker shares
    out, failed = shared / "default-report" / "reports", shared / "default-report.failed"
    with (shared / "default-report.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if failed.is_file():
            pytest.fail(f"building the default report failed on the other worker: {failed.read_text()}")
        if not (out / "dashboard_000.html").is_file():
            out.mkdir(parents=True, exist_ok=True)
            (out / "index.html").write_text("old report")  # an earlier report: replaced as a whole
            (out / "stale.html").write_text("old report")
            env = dict(os.environ)
            env.pop("JXFORECAST_DATA", None)
            chromium = find_chromium()
            pdf = ["--pdf"] if chromium is not None else []
            if chromium is not None:
                env["JXFORECAST_CHROMIUM"] = str(chromium)
            done = subprocess.run(
                [sys.executable, "-c", "from jxforecast.cli import app; app()", "report", "--out", str(out),
                 *pdf, "--n-paths", "500"],
                capture_output=True, text=True, timeout=DEFAULT_REPORT_SECONDS, cwd=out.parent, env=env,
            )
            if done.returncode != 0:
                failed.write_text(done.stdout[-2000:] + done.stderr[-3000:])
                pytest.fail(failed.read_text())
    return out
