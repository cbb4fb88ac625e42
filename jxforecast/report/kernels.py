"""Jupyter kernels for the report notebooks: quiet ones, and warm ones that render many pages.

Quiet
    A kernel's process prints start-up and shutdown chatter ("Kernel is running over TCP
    without encryption", "KeyboardInterrupt caught in kernel") straight to the terminal of
    whoever renders the report. `kernel_manager_class` starts kernels whose own stdout and
    stderr go to a log file instead (``log_path``); cells' output is not affected, it
    travels over the kernel protocol into the notebook.

Warm
    Starting a kernel and importing pandas, matplotlib, statsmodels and jxforecast costs
    about two seconds of CPU, more than drawing a target page. `KernelPool` keeps one
    kernel per rendering thread; papermill runs each notebook in it through the
    ``jxforecast-warm`` engine (papermill's nbclient engine, minus the shutdown, writing the
    executed notebook once at the end instead of at every cell's start and end).
    Between notebooks the kernel's namespace is cleared (``%reset -f``), figures are
    closed, pandas options and matplotlib rcParams go back to their defaults and the
    execution counter back to 1 (the history database is off), so the executed
    notebooks look as if each had had a kernel of its own. What survives the reset (the
    modules, their caches) is then frozen out of the garbage collector (`gc.freeze`):
    ``%reset`` collects garbage twice, and over the whole heap of pandas, matplotlib and
    statsmodels that took 0.25 s a page; over one page's objects it takes milliseconds
    (a frozen object that later ends up in a reference cycle is kept until the kernel
    ends). Each kernel keeps one client (its channels open, checked ready once) for all
    its notebooks: a new client's readiness check waits 0.2 s a page for the kernel's
    broadcast channel. What is *not* reset: imported modules and their caches (the point:
    loaded data, the engine's memo), environment variables, the working directory, logging.
    The report's notebooks set everything they rely on; a notebook that changes process
    state for the next one should not be rendered with a pool. A kernel that died, timed
    out or failed to reset is shut down and replaced by a fresh one for the next notebook;
    a kernel started ahead (`KernelPool.prestart`) that does not answer when its first
    notebook comes is replaced by one started then.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WARM_ENGINE = "jxforecast-warm"
RESET_CODE = """\
get_ipython().run_line_magic("reset", "-f")
import gc as _gc, sys as _sys, warnings as _warnings
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
    _sys.modules["matplotlib"].rcdefaults()
if "pandas" in _sys.modules:
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        _sys.modules["pandas"].reset_option("all")
_gc.collect()  # the page's cycles (figures), now unreachable
_gc.freeze()  # what is left (modules, caches) stays out of later collections
del _gc, _sys, _warnings
get_ipython().execution_count = 1
"""

_CLASSES: dict[str, type] = {}
_LOCK = threading.Lock()


def _shut_down(km: Any) -> None:
    """Shut a kernel down and free its resources, best effort (a kernel already gone is fine)."""
    from jupyter_core.utils import run_sync

    try:
        if run_sync(km.is_alive)():
            run_sync(km.shutdown_kernel)(now=True)
        run_sync(km.cleanup_resources)()
    except Exception:  # noqa: BLE001 - best effort: the caller reports what matters
        pass


def kernel_manager_class() -> type:
    """A `jupyter_client.AsyncKernelManager` whose kernel writes its stdout/stderr to ``log_path``."""
    with _LOCK:
        if "km" not in _CLASSES:
            from jupyter_client.manager import AsyncKernelManager
            from traitlets import Unicode

            class LoggedKernelManager(AsyncKernelManager):
                log_path = Unicode("", help="File receiving the kernel process's stdout and stderr.").tag(
                    config=True)

                async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
                    if not self.log_path:
                        return await super()._async_launch_kernel(kernel_cmd, **kw)
                    with open(self.log_path, "ab") as log:  # the child keeps its own copy of the descriptor
                        kw.setdefault("stdout", log)
                        kw.setdefault("stderr", log)
                        return await super()._async_launch_kernel(kernel_cmd, **kw)

            _CLASSES["km"] = LoggedKernelManager
        return _CLASSES["km"]


def quiet_kernel_options(log_path: str | Path) -> dict[str, Any]:
    """Papermill ``execute_notebook`` keywords for a fresh kernel that logs to *log_path*."""
    from traitlets.config import Config

    km_class = kernel_manager_class()
    return {"kernel_manager_class": km_class, "config": Config({km_class.__name__: {"log_path": str(log_path)}})}


def register_warm_engine() -> str:
    """Register the ``jxforecast-warm`` papermill engine (once) and return its name."""
    with _LOCK:
        if "engine" in _CLASSES:
            return WARM_ENGINE
        from jupyter_core.utils import run_sync
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.engines import NBClientEngine, papermill_engines

        class WarmClient(PapermillNotebookClient):
            """Runs a notebook in a kernel it was handed; afterwards resets the kernel and lets it live."""

            kc: Any  # nbclient's kernel client: the pool's, ready and kept open between notebooks

            def __init__(self, nb_man: Any, kc: Any = None, **kw: Any) -> None:
                super().__init__(nb_man, **kw)
                self.kc = kc  # nbclient starts (and waits for) a client of its own only without one
                if kc is not None:
                    kc.allow_stdin = False

            def execute(self, **kwargs: Any) -> Any:
                finished = False
                try:
                    result = super().execute(**kwargs)
                    finished = True  # cells may have failed, but the kernel answered to the end
                    return result
                finally:
                    self._reset_or_shut_down(finished)

            def _reset_or_shut_down(self, finished: bool) -> None:
                kc, self.kc = self.kc, None
                clean = False
                try:
                    if kc is not None and finished and run_sync(self.km.is_alive)():
                        reply = run_sync(kc.execute_interactive)(
                            RESET_CODE, silent=True, store_history=False, timeout=60, output_hook=lambda msg: None)
                        clean = reply["content"].get("status") == "ok"
                except Exception:  # noqa: BLE001 - a kernel that cannot reset is replaced
                    clean = False
                if not clean:  # timed out, died, or would carry state over: the next page gets a new kernel
                    if kc is not None:
                        kc.stop_channels()
                    try:
                        run_sync(self.km.shutdown_kernel)(now=True)
                    except Exception:  # noqa: BLE001 - already gone; never hide the page's own error
                        pass

        class WarmEngine(NBClientEngine):
            """papermill's nbclient engine with `WarmClient`: needs ``km`` and ``kc``, a kernel and its ready client."""

            @classmethod
            def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                         stdout_file: Any = None, stderr_file: Any = None, start_timeout: int = 60,
                                         execution_timeout: int | None = None, **kwargs: Any) -> Any:
                from papermill.engines import logger
                from papermill.utils import merge_kwargs, remove_args

                kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
                final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                                     kernel_name=kernel_name, log=logger, log_output=log_output,
                                     stdout_file=stdout_file, stderr_file=stderr_file)
                # papermill writes the whole notebook (charts included) when each cell starts and
                # ends: dozens of writes a page, a tenth of rendering it. Here it is written once,
                # when the notebook completes or fails (papermill's notebook_complete, which runs
                # either way, and its error report), so a failed page still leaves its notebook.
                nb_man.save = lambda **_: None
                try:
                    return WarmClient(nb_man, **final).execute()
                finally:
                    del nb_man.save  # papermill's own save again, for notebook_complete

        papermill_engines.register(WARM_ENGINE, WarmEngine)
        _CLASSES["engine"] = WarmEngine
    return WARM_ENGINE


def preload(modules: Sequence[str]) -> None:
    """Import *modules* (those that fail are passed over) and freeze what they hold out of the collector.

    Run in a pool's kernel as it starts (``--IPKernelApp.exec_lines``), before its first
    notebook: it binds no name in the kernel's namespace and prints nothing.
    """
    import gc
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the page that needs it reports the error
            pass
    gc.collect()
    gc.freeze()


class KernelPool:
    """One warm kernel per thread, shut down by `close` (or leaving the ``with`` block).

    Parameters
    ----------
    log_dir
        Folder for the kernels' own logs (``kernel-N.log``).
    kernel
        Kernel name (``python3``: the current interpreter).
    preload
        Modules every kernel imports as it starts (`preload`), before its first notebook.
    ready_timeout
        Seconds a kernel has to answer its first client.
    """

    def __init__(self, log_dir: str | Path, kernel: str = "python3", preload: Sequence[str] = (),
                 ready_timeout: float = 60.0) -> None:
        self.log_dir = Path(log_dir)
        self.kernel_name = kernel
        self.preload = tuple(preload)
        self.ready_timeout = ready_timeout
        self._local = threading.local()
        self._all: list[Any] = []
        self._clients: list[Any] = []
        self._spare: list[tuple[Any, Path]] = []
        self._lock = threading.Lock()
        self._count = itertools.count(1)

    def _start(self) -> tuple[Any, Path]:
        """A started kernel (its manager, registered for `close`) and its log file; `JxError` if it cannot start."""
        from jupyter_core.utils import run_sync

        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_dir / f"kernel-{next(self._count)}.log"
        km = kernel_manager_class()(kernel_name=self.kernel_name, log_path=str(log))
        # no history database: each notebook starts again at execution count 1
        arguments = ["--HistoryManager.enabled=False"]
        if self.preload:
            arguments.append(f"--IPKernelApp.exec_lines=__import__({__name__!r}, fromlist=['preload'])"
                             f".preload({self.preload!r})")
        try:
            run_sync(km.start_kernel)(extra_arguments=arguments)
        except Exception as err:
            try:
                run_sync(km.cleanup_resources)()
            except Exception:  # noqa: BLE001 - the start error is the one to report
                pass
            raise self._start_error(err) from None
        with self._lock:
            self._all.append(km)
        return km, log

    def _start_error(self, err: BaseException) -> Exception:
        from jxforecast.errors import JxError

        return JxError(f"Cannot start the Jupyter kernel '{self.kernel_name}': "
                       f"{' '.join(str(err).split()) or type(err).__name__}.")

    def prestart(self, count: int) -> None:
        """Start *count* kernels now (they import `preload` meanwhile); threads then take one each.

        A kernel that cannot start is left to `kernel`, which reports it.
        """
        for _ in range(count):
            try:
                km, log = self._start()
            except Exception:  # noqa: BLE001 - kernel() starts one again and raises its error
                return
            with self._lock:
                self._spare.append((km, log))

    def kernel(self) -> tuple[Any, Any, Path]:
        """The calling thread's kernel manager, its ready client and its log file (started if missing or dead)."""
        from jupyter_core.utils import run_sync

        km = getattr(self._local, "km", None)
        kc = getattr(self._local, "kc", None)
        if km is not None and kc is not None and kc.channels_running and run_sync(km.is_alive)():
            return km, kc, self._local.log
        if km is not None:  # alive with its client stopped, or dead: start afresh
            _shut_down(km)
        old, self._local.km, self._local.kc = getattr(self._local, "kc", None), None, None
        if old is not None:
            try:
                old.stop_channels()
            except Exception:  # noqa: BLE001 - its kernel is gone already
                pass
        with self._lock:
            spare = self._spare.pop(0) if self._spare else None
        if spare is not None and not run_sync(spare[0].is_alive)():
            spare = None  # died while waiting: close() cleans it up
        km, log = spare if spare is not None else self._start()
        while True:
            kc = None
            try:
                kc = km.client()
                kc.start_channels()
                run_sync(kc.wait_for_ready)(timeout=self.ready_timeout)
                break
            except Exception as err:
                if kc is not None:
                    kc.stop_channels()
                _shut_down(km)
                if spare is None:
                    raise self._start_error(err) from None  # the start error is the one to report
                # a kernel started ahead that does not answer (seen once on a machine under heavy
                # load): one kernel started now takes its place
                spare = None
                km, log = self._start()
        self._local.km, self._local.kc, self._local.log = km, kc, log
        with self._lock:
            self._clients.append(kc)
        return km, kc, log

    def close(self) -> None:
        """Shut every kernel down."""
        with self._lock:
            kms, self._all = self._all, []
            kcs, self._clients = self._clients, []
            self._spare = []
        for kc in kcs:
            try:
                kc.stop_channels()
            except Exception:  # noqa: BLE001 - best effort at the end of a report
                pass
        for km in kms:
            _shut_down(km)

    def __enter__(self) -> KernelPool:
        """The pool itself; its kernels are shut down on leaving the block."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Shut every kernel of the pool down."""
        self.close()
