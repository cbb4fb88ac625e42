"""Build the HTML report: assess once, render every page in parallel, swap the folder in.

`build_report` assesses every target once, then renders every page into a scratch folder
``<out_dir>.tmp-XXXX`` and swaps it into place only when all pages are written, so
``reports/`` is always either the previous complete report or the new one.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from jxforecast.errors import JxError, JxWarning
from jxforecast.report.dashboard import Job, assess_jobs, dashboard_jobs, keep_items
from jxforecast.report.index import Page, doc_label, index_html
from jxforecast.typing import Lang

if TYPE_CHECKING:
    from jxforecast.feasibility.batch import BatchItem
    from jxforecast.report.kernels import KernelPool

# (document, position of the job in its dashboard, job)
_Entry = tuple[str, int, Job]


def _render(page: Page, out_dir: Path, kernels: KernelPool | None = None) -> str:
    from jxforecast.report.render import notebook_path, run_notebook

    run_notebook(notebook_path(page.kind), out_dir, page.parameters, name=page.name, kernels=kernels)
    return page.name


# what the report's notebooks import: each warm kernel imports them as it starts, while the
# targets are assessed, instead of during its first page
PAGE_MODULES = (
    "pandas", "matplotlib.pyplot", "IPython.display", "jxforecast.feasibility", "jxforecast.labels",
    "jxforecast.i18n", "jxforecast.report.charts", "jxforecast.report.dashboard", "jxforecast.report.excel",
    "jxforecast.report.fonts", "jxforecast.report.params", "jxforecast.report.render", "jxforecast.report.tables",
)


def _prepare_pages(kernels: KernelPool, count: int) -> None:
    """Start *count* warm kernels, import what rendering a page needs here and make the pages' base font.

    Runs in a thread beside the assessments, which leave this process idle.
    """
    kernels.prestart(count)
    try:
        from jxforecast.report.fonts import prepare_page_fonts

        prepare_page_fonts()
    except Exception:  # noqa: BLE001 - the first page reports a missing font package
        pass
    try:
        import nbconvert  # noqa: F401
        import papermill  # noqa: F401

        from jxforecast.report.kernels import register_warm_engine

        register_warm_engine()
    except Exception:  # noqa: BLE001 - the first page reports a missing library
        pass


def _run_pages(pages: list[Page], out_dir: Path, scheduler: str | None, workers: int, progress: bool,
               kernels: KernelPool | None = None) -> None:
    """Render pages in parallel with `run_jobs`; each page's one-line error is recorded on it.

    Locally, threads each drive one warm kernel of *kernels* (a `KernelPool`), or without
    one start a kernel per page. On a Dask scheduler every page has a kernel of its own and
    the workers must see *out_dir* (a shared file system).
    """
    from jxforecast.report.batch import run_jobs

    if not pages:
        return
    if scheduler is None:
        # a closure runs in threads: the work happens in the notebook kernels (subprocesses)
        def func(page: Page) -> str:
            return _render(page, out_dir, kernels)
    else:
        func = functools.partial(_render, out_dir=out_dir)
    results = run_jobs(func, pages, scheduler=scheduler, workers=workers, progress=progress, desc="pages")
    for page, res in zip(pages, results, strict=True):
        if not res.ok:
            page.error = _error_text(res.error)


@functools.lru_cache(maxsize=4)
def _observations(data_path: str) -> pd.DataFrame:
    """The user's data on top of the embedded data, read once per worker process."""
    from jxforecast.data.loader import load_observations

    return load_observations(data_path)


def _assess_group(jobs: list[Job], n_paths: int, seed: int, data_path: str | None = None) -> list[BatchItem]:
    """`assess_jobs` with the user's data file (a worker's share of the report's assessments).

    The caveats are shown on the pages beside each result, so their Python warnings are not
    printed by the worker.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JxWarning)
        return assess_jobs(jobs, n_paths, seed, _observations(data_path) if data_path else None)


def _assess_all(jobs_by_doc: dict[str, list[Job]], n_paths: int, seed: int, data_path: str | None,
                scheduler: str | None, workers: int,
                progress: bool) -> tuple[dict[str, list[BatchItem]], list[str]]:
    """Every dashboard's items, assessed once in parallel, and the one-line failures.

    Jobs on one indicator of one region go to one worker (the engine's memo serves the
    rare repeats of a series), the largest groups first. When worker processes cannot
    start — a script without an ``if __name__ == "__main__":`` guard, under the spawn
    start method — the assessments run in this process instead. A worker that fails
    otherwise (a bug, a lost worker) turns its targets into failed items.
    """
    from jxforecast.feasibility.batch import BatchItem, planning_cut
    from jxforecast.report.batch import call_job, run_jobs

    flat = [(doc, i, job) for doc, jobs in jobs_by_doc.items() for i, job in enumerate(jobs)]
    groups: dict[tuple[str, str], list[_Entry]] = {}
    for entry in flat:
        target = entry[2].target
        groups.setdefault((target.region, target.indicator), []).append(entry)
    ordered = sorted(groups.values(), key=len, reverse=True)
    func = functools.partial(_assess_group, n_paths=n_paths, seed=seed, data_path=data_path)
    batches = [[job for _doc, _i, job in group] for group in ordered]
    results = run_jobs(func, batches, scheduler=scheduler, workers=workers, progress=progress, desc="assessments")
    if scheduler is None:
        results = [call_job(func, batch) if res.error_type == "BrokenProcessPool" else res
                   for batch, res in zip(batches, results, strict=True)]
    found: dict[tuple[str, int], BatchItem] = {}
    failures = []
    for group, res in zip(ordered, results, strict=True):
        if not res.ok:
            names = ", ".join(sorted({str(job.target.target_id) for _doc, _i, job in group}))
            failures.append(f"assessments of {names}: {_error_text(res.error)}")
        for n, (doc, i, job) in enumerate(group):
            found[(doc, i)] = (res.value[n] if res.ok else BatchItem(
                job.target, planning_cut(job.target, job.as_of), error=_error_text(res.error)))
    out = {doc: keep_items([found[(doc, i)] for i in range(len(jobs))], jobs) for doc, jobs in jobs_by_doc.items()}
    return out, failures


def _error_text(error: object) -> str:
    text = str(error) if error is not None else "failed"
    return " ".join(text.split())


def _feasibility_pages(doc: str, items: list[BatchItem], common: dict[str, Any]) -> list[Page]:
    """One page per assessed item of *doc*; a refused item is a row of the index without a page."""
    from jxforecast.feasibility.batch import batch_table

    pages = []
    for item, record in zip(items, batch_table(items).to_dict("records"), strict=True):
        row = {str(k): v for k, v in record.items()}
        row["doc"] = doc
        if item.assessment is None:
            pages.append(Page("feasibility", "", {}, doc, row, error=item.error))
            continue
        as_of = item.assessment.as_of
        params = dict(common, target_id=item.target.target_id, as_of=as_of)
        pages.append(Page("feasibility", f"target_{item.target.target_id}_asof{as_of}", params, doc, row))
    return pages


@dataclass(frozen=True)
class ReportResult:
    """What `build_report` wrote: the index, the pages rendered, one line per failure."""

    index: Path
    pages: int
    failures: list[str]
    seconds: float

    @property
    def ok(self) -> bool:
        """Every page rendered and every assessment ran (refusals for short history are fine)."""
        return not self.failures


def report_documents(table: pd.DataFrame, docs: Iterable[str] | None, own_file: bool) -> list[str]:
    """The documents of *table* to report on.

    *docs* (3-digit prefixes or file names), or by default every seed document (every
    document of a user's target file, *own_file*).

    Raises `JxError` naming the documents when one of *docs* is none of them.
    """
    all_docs = sorted(str(d) for d in table["source_doc"].unique())
    if not own_file:
        all_docs = [d for d in all_docs if d[:3].isdigit() and d[3:4] == "_"]
    if docs is None:
        return all_docs
    chosen: list[str] = []
    for name in docs:
        d = str(name)
        match = [x for x in all_docs if x == d or x.startswith(f"{d.zfill(3) if d.isdigit() else d}_")]
        if not match:
            raise JxError(f"Unknown document '{d}'. Documents: {', '.join(all_docs)}.")
        chosen += [m for m in match if m not in chosen]
    return chosen


def build_report(
    out_dir: str | Path = "reports",
    docs: Iterable[str] | None = None,
    n_paths: int = 2000,
    seed: int = 0,
    lang: Lang = "zh",
    target_file: str | Path | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    quiet: bool = False,
    data_path: str | Path | None = None,
    fresh_kernels: bool = False,
    pdf: bool = False,
) -> ReportResult:
    """Render the whole HTML report into *out_dir*; return the index's path and the failures.

    First every dashboard's targets are assessed once, in parallel (`dashboard_jobs`; as
    of the year before an annual target, and for a multi-year goal as of its base year and
    on the latest data), and saved for the pages (`jxforecast.report.saved`). Then one
    ``plan_dashboard`` page per document (with its table as Excel and CSV) and one
    ``feasibility`` page per assessed target are rendered in parallel
    (``jxforecast.report.batch.run_jobs``) into ``<out_dir>.tmp-XXXX``, which then
    replaces *out_dir*.  A page that fails is listed in
    the index with its one-line error and in ``ReportResult.failures``; its partial
    notebook is kept as ``*.failed.ipynb``.

    Parameters
    ----------
    out_dir
        Where the report goes (replaced as a whole).
    docs
        Document prefixes or file names (default: every seed document, or every document
        of *target_file*).
    n_paths, seed
        As in `assess`.
    lang
        ``zh`` or ``en``.
    target_file
        A user's target file instead of the embedded catalogue.
    scheduler, workers
        Passed to ``run_jobs`` (default workers: the number of CPUs, at most 4).
    quiet
        No progress bars.
    data_path
        Your observations file (CSV/Excel) on top of the embedded data, for the
        assessments and every page.
    fresh_kernels
        Start a Jupyter kernel for every page instead of reusing one per worker thread
        (cleared between pages): slower, for when a page must not share a process.
    pdf
        Also print every dashboard to an A4 PDF beside its HTML (``dashboard_XXX.pdf``) with
        headless Chromium (`jxforecast.report.pdf`); checked before any work starts, so a
        machine without Chromium gets its `JxError` at once.
    """
    from jxforecast.report.params import validate_parameters
    from jxforecast.report.saved import save_items, shared_parameters
    from jxforecast.targets.catalogue import load_targets

    start = time.perf_counter()
    checked = validate_parameters("plan_dashboard", {"n_paths": n_paths, "seed": seed, "lang": lang})
    n_paths, seed, lang = checked["n_paths"], checked["seed"], checked["lang"]
    out_dir = Path(out_dir)
    check_report_folder(out_dir)
    chromium = None
    if pdf:
        from jxforecast.report.pdf import require_chromium

        chromium = require_chromium()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    if data_path is not None:
        from jxforecast.data.loader import load_observations

        load_observations(data_path)  # a bad file stops here, with its one sentence
    chosen = report_documents(load_targets(target_file), docs, own_file=target_file is not None)
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    tmp = Path(tempfile.mkdtemp(prefix=f"{out_dir.name}.tmp-", dir=out_dir.parent))
    kernels: KernelPool | None = None
    preparing: threading.Thread | None = None
    try:
        common: dict[str, Any] = {"n_paths": n_paths, "seed": seed, "lang": lang}
        if target_file is not None:
            common["target_file"] = str(Path(target_file).resolve())
        if data_path is not None:
            common["data_path"] = str(Path(data_path).expanduser().resolve())
        jobs = {d: dashboard_jobs(d, None, True, common.get("target_file")) for d in chosen}
        if scheduler is None and not fresh_kernels:
            from jxforecast.report.kernels import KernelPool

            kernels = KernelPool(tmp / ".kernels", preload=PAGE_MODULES)
            most_pages = len(chosen) + sum(len(j) for j in jobs.values())
            preparing = threading.Thread(target=_prepare_pages, args=(kernels, min(workers, most_pages)),
                                         name="jxforecast-prepare-pages", daemon=True)
            preparing.start()
        items, failures = _assess_all(jobs, n_paths, seed, common.get("data_path"), scheduler, workers, not quiet)
        saved = tmp / ".assessments"
        dashboards: list[Page] = []
        pages: list[Page] = []
        for d in chosen:
            stem = f"dashboard_{doc_label(d)}"
            path = save_items(items[d], saved / f"{stem}.json", dict(
                shared_parameters(common), doc=d, as_of=None, core_only=True))
            shared = dict(common, assessments_path=str(path))
            dashboards.append(Page("plan_dashboard", stem, dict(
                shared, doc=d, excel_path=str(tmp / f"{stem}.xlsx"), csv_path=str(tmp / f"{stem}.csv")), d))
            pages += _feasibility_pages(d, items[d], shared)
        # dashboards first: they are the longest pages
        rendered = dashboards + [p for p in pages if p.name]
        if preparing is not None:
            preparing.join()
        _run_pages(rendered, tmp, scheduler, workers, not quiet, kernels)
        if kernels is not None:
            kernels.close()
        shutil.rmtree(saved, ignore_errors=True)
        shutil.rmtree(tmp / ".kernels", ignore_errors=True)
        failures += [f"{p.name}: {p.error}" for p in rendered if p.error is not None]
        if chromium is not None:
            from jxforecast.report.pdf import pages_to_pdf

            printed = pages_to_pdf([tmp / f"{d.name}.html" for d in dashboards if d.error is None],
                                   workers=min(workers or 2, 2), chromium=chromium, landscape=True)
            failures += [f"{page.stem}.pdf: {error}" for page, error in printed.items() if error is not None]
        seconds = time.perf_counter() - start
        pdfs = frozenset(d.name for d in dashboards if (tmp / f"{d.name}.pdf").is_file())
        (tmp / "index.html").write_text(index_html(dashboards, pages, lang, seconds, pdfs), encoding="utf-8")
        swap_folder(tmp, out_dir)
    except BaseException:
        if preparing is not None:
            preparing.join()
        if kernels is not None:
            kernels.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ReportResult(out_dir / "index.html", len(rendered) - sum(p.error is not None for p in rendered),
                        failures, seconds)


def check_report_folder(out_dir: Path) -> None:
    """Refuse an output path that would replace something that is not a report.

    An existing file, or a non-empty folder without a report's ``index.html`` (nothing is
    touched).
    """
    from jxforecast.errors import ParameterError

    if out_dir.exists() and not out_dir.is_dir():
        raise ParameterError(f"{out_dir} is an existing file, not a report folder; choose another --out "
                             "(nothing was changed).")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "index.html").is_file():
        raise ParameterError(f"{out_dir} is a folder that does not hold a jxforecast report; choose a new or "
                             "empty folder for --out (nothing was changed).")


def swap_folder(new: Path, target: Path) -> None:
    """Put folder *new* in place of *target*: two renames, the old report removed afterwards."""
    old = None
    if target.exists():
        old = target.with_name(f"{target.name}.old-{os.getpid()}-{time.time_ns()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
