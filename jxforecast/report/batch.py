"""Run many independent jobs in parallel: a local process pool or an existing Dask cluster.

``run_jobs(func, jobs)`` calls ``func(job)`` for every job and returns one `JobResult` per
job, in job order. A job that raises does not stop the others: its result has
``ok=False`` and ``error`` holds the one-line message (a `JxError`'s sentence as is, any
other exception as ``"Type: message"``).

- ``scheduler=None``: a local ``ProcessPoolExecutor`` with the ``spawn`` start method
  (safe with threads, same on every platform). ``func`` and the jobs must be picklable:
  module-level functions, ``functools.partial`` of them, builtins. A function that cannot
  be pickled (a closure, a lambda) runs in a thread pool instead, which suits jobs that
  spend their time in subprocesses (notebook kernels). ``workers=1`` runs the jobs one
  after the other in this process.
- ``scheduler="tcp://HOST:PORT"``: the jobs are submitted to the Dask distributed
  scheduler at that address (``dask.distributed.Client(scheduler)``); the cluster is
  used, not started or stopped.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from jxforecast.errors import JxError, ParameterError

SCHEME_PREFIXES = ("tcp://", "tls://", "inproc://", "ws://", "wss://", "ucx://")
CONNECT_TIMEOUT = "15s"


@dataclass(frozen=True)
class JobResult:
    """The outcome of one job: ``value`` when ``ok``, else the ``error`` message."""

    ok: bool
    value: Any = None
    error: str | None = None
    error_type: str | None = None

    def unwrap(self) -> Any:
        """The value, or `JxError` with the job's message when the job failed."""
        if not self.ok:
            raise JxError(self.error or "The job failed.")
        return self.value


def error_message(err: BaseException) -> str:
    """One line: a `JxError`'s sentence as is; otherwise ``"Type: message"``."""
    text = " ".join(str(err).split())
    if isinstance(err, JxError):
        return text or type(err).__name__
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _failure(err: BaseException) -> JobResult:
    return JobResult(ok=False, value=None, error=error_message(err), error_type=type(err).__name__)


def call_job(func: Callable[[Any], Any], job: Any) -> JobResult:
    """Run ``func(job)`` and wrap its value or its exception (what every worker executes)."""
    try:
        return JobResult(ok=True, value=func(job))
    except Exception as err:  # noqa: BLE001 - one failing job must not end the batch
        return _failure(err)


def _picklable(*objects: Any) -> bool:
    try:
        for obj in objects:
            pickle.dumps(obj)
    except Exception:  # noqa: BLE001 - PicklingError, AttributeError, TypeError...
        return False
    return True


class _Progress:
    """A tqdm bar on stderr, or nothing."""

    def __init__(self, total: int, enabled: bool, desc: str) -> None:
        self.bar = None
        if enabled and total:
            try:
                from tqdm.auto import tqdm

                self.bar = tqdm(total=total, desc=desc, unit="job", file=sys.stderr, leave=False)
            except ImportError:  # pragma: no cover - tqdm comes with papermill
                self.bar = None

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_jobs(
    func: Callable[[Any], Any],
    jobs: Sequence[Any],
    scheduler: str | None = None,
    workers: int = 2,
    progress: bool = True,
    desc: str = "jobs",
) -> list[JobResult]:
    """Call ``func(job)`` for every job in parallel; one `JobResult` per job, in job order.

    Parameters
    ----------
    func
        Called with one job. For the local process pool it must be picklable.
    jobs
        The jobs (any picklable objects).
    scheduler
        ``None`` for a local process pool, or the address of a running Dask scheduler
        (``"tcp://127.0.0.1:8786"``).
    workers
        Processes of the local pool (ignored with a scheduler).
    progress
        Show a progress bar on stderr.
    desc
        The progress bar's label.
    """
    jobs = list(jobs)
    if not callable(func):
        raise ParameterError(f"run_jobs needs a function, not {type(func).__name__}.")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"workers must be a whole number of at least 1, not {workers!r}.")
    if scheduler is not None and not isinstance(scheduler, str):
        raise ParameterError(
            f"scheduler must be an address such as tcp://127.0.0.1:8786, not {scheduler!r}."
        )
    if (
        scheduler is not None
        and scheduler.strip()
        and scheduler.strip().lower() not in ("none", "local")
    ):
        address = scheduler.strip()
        if not address.startswith(SCHEME_PREFIXES):
            raise ParameterError(f"Scheduler address '{address}' must look like tcp://HOST:PORT.")
        return _run_dask(func, jobs, address, progress, desc)
    if not jobs:
        return []
    if workers == 1 or len(jobs) == 1:
        return _run_serial(func, jobs, progress, desc)
    if _picklable(func, *jobs):
        context = multiprocessing.get_context("spawn")
        pool: cf.Executor = cf.ProcessPoolExecutor(
            max_workers=min(workers, len(jobs)), mp_context=context
        )
    else:
        pool = cf.ThreadPoolExecutor(
            max_workers=min(workers, len(jobs)), thread_name_prefix="jxjob"
        )
    return _run_pool(pool, func, jobs, progress, desc)


def _run_serial(func: Callable[[Any], Any], jobs: list[Any], progress: bool, desc: str) -> list[JobResult]:
    bar = _Progress(len(jobs), progress, desc)
    results = []
    try:
        for job in jobs:
            results.append(call_job(func, job))
            bar.advance()
    finally:
        bar.close()
    return results


def _run_pool(
    pool: cf.Executor, func: Callable[[Any], Any], jobs: list[Any], progress: bool, desc: str
) -> list[JobResult]:
    results: list[JobResult | None] = [None] * len(jobs)
    bar = _Progress(len(jobs), progress, desc)
    try:
        with pool:
            futures = {pool.submit(call_job, func, job): i for i, job in enumerate(jobs)}
            try:
                for fut in cf.as_completed(futures):
                    i = futures[fut]
                    try:
                        results[i] = fut.result()
                    except Exception as err:  # noqa: BLE001 - broken pool, unpicklable result
                        results[i] = _failure(err)
                    bar.advance()
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise
    finally:
        bar.close()
    return [r if r is not None else JobResult(False, error="The job did not run.") for r in results]


def _run_dask(
    func: Callable[[Any], Any], jobs: list[Any], address: str, progress: bool, desc: str
) -> list[JobResult]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise JxError(
            "Running on a Dask cluster needs the package distributed: pip install 'dask[distributed]'."
        ) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as err:  # noqa: BLE001 - OSError, TimeoutError, CommClosedError...
        raise JxError(
            f"Cannot reach the Dask scheduler at {address}: {error_message(err)}."
        ) from None
    results: list[JobResult | None] = [None] * len(jobs)
    bar = _Progress(len(jobs), progress, desc)
    try:
        if not jobs:
            return []
        futures = [client.submit(call_job, func, job, pure=False) for job in jobs]
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for fut in as_completed(futures, loop=client.loop):
                i = index[fut.key]
                try:
                    results[i] = fut.result()
                except Exception as err:  # noqa: BLE001 - worker died, (de)serialisation failed
                    results[i] = _failure(err)
                bar.advance()
        except BaseException:
            client.cancel(futures)
            raise
    finally:
        bar.close()
        client.close()
    return [r if r is not None else JobResult(False, error="The job did not run.") for r in results]
