"""Parallel jobs: the local spawn process pool and a Dask distributed cluster (jxforecast.report.batch)."""

from __future__ import annotations

import functools
import math
import operator
import warnings

import pytest

from jxforecast.errors import JxError, ParameterError
from jxforecast.report import batch
from jxforecast.report.batch import JobResult, call_job, run_jobs


def test_local_pool_keeps_order_isolates_failures_and_is_deterministic():
    """One spawn pool (its start-up is the slow part): cheap jobs, a failing one, two real assessments.

    The assessments made in worker processes equal the same calls made here (same seed).
    """
    from jxforecast.feasibility import assess

    targets = _targets()
    jobs = [functools.partial(math.sqrt, 16), functools.partial(math.sqrt, -1)]
    jobs += [functools.partial(assess, t, n_paths=500, seed=0) for t in targets]
    jobs += [functools.partial(math.sqrt, 9)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = run_jobs(operator.call, jobs, workers=2, progress=False)
        direct = [assess(t, n_paths=500, seed=0) for t in targets]
    assert [r.ok for r in results] == [True, False, True, True, True], [r.error for r in results]
    assert results[0].value == 4.0 and results[4].value == 3.0
    failed = results[1]
    assert failed.value is None
    assert failed.error == "ValueError: math domain error" and failed.error_type == "ValueError"
    with pytest.raises(JxError, match="math domain error"):
        failed.unwrap()
    assert results[0].unwrap() == 4.0
    for r, d in zip(results[2:4], direct):
        assert r.value.target == d.target
        assert r.value.probability == d.probability
        assert r.value.probability_strict == d.probability_strict
        assert r.value.median == d.median
        assert r.value.paths.tolist() == d.paths.tolist()


def test_serial_threads_and_empty():
    assert run_jobs(operator.neg, [], progress=False) == []
    assert run_jobs(operator.neg, [1, 2], workers=1, progress=True) == [
        JobResult(True, -1),
        JobResult(True, -2),
    ]
    offset = 10
    # a closure cannot be pickled for the process pool: it runs in threads instead
    results = run_jobs(lambda x: x + offset, [1, 2, 3], workers=2, progress=False)
    assert [r.value for r in results] == [11, 12, 13]


def test_jx_error_message_is_kept_as_is():
    def fails(_):
        raise ParameterError("n_paths must be positive.")

    result = call_job(fails, None)
    assert not result.ok and result.error == "n_paths must be positive."
    assert result.error_type == "ParameterError"


def test_bad_parameters():
    with pytest.raises(ParameterError):
        run_jobs(math.sqrt, [1], workers=0)
    with pytest.raises(ParameterError):
        run_jobs("sqrt", [1])
    with pytest.raises(ParameterError, match="tcp://"):
        run_jobs(math.sqrt, [1], scheduler="127.0.0.1:8786")


def test_unreachable_scheduler(monkeypatch):
    monkeypatch.setattr(batch, "CONNECT_TIMEOUT", "0.5s")
    with pytest.raises(JxError, match="Cannot reach the Dask scheduler"):
        run_jobs(math.sqrt, [1], scheduler="tcp://127.0.0.1:9", progress=False)


def test_dask_cluster(dask_address):
    results = run_jobs(math.sqrt, [9, -4, 25, 9], scheduler=dask_address, progress=True)
    assert [r.value for r in results] == [3.0, None, 5.0, 3.0]  # identical jobs are not merged
    assert not results[1].ok and "math domain error" in results[1].error
    assert run_jobs(math.sqrt, [], scheduler=dask_address) == []


def _targets():
    from jxforecast.feasibility import build_target

    return [
        build_target("jiaxing", "gdp", 2024, text="增长6%左右"),
        build_target("jiaxing", "gdp", 2023, text="增长6.5%左右"),
    ]
