"""The HTML report: one dashboard per plan document, one page per assessed target, an index.

`build_report` assesses every target once, then renders every page into a scratch folder
``<out_dir>.tmp-XXXX`` and swaps it into place only when all pages are written, so
``reports/`` is always either the previous complete report or the new one.  The helpers
above it (`dashboard_items`, `summary_table`, `track_record_targets`, `brier_scores`) are
what the notebooks call.
"""

from __future__ import annotations

import functools
import html
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from jxforecast.errors import JxError

SEED_DOC = r"^\d{3}_"
SUMMARY_COLUMNS = ["target_id", "year", "indicator", "quote", "as_of", "probability", "probability_strict",
                   "verdict", "median", "interval", "outcome", "met", "evidence", "note"]


# ----------------------------------------------------------------------------- notebook helpers
def _core(table: pd.DataFrame) -> pd.DataFrame:
    from jxforecast.registry import indicators

    core = {k for k, v in indicators().items() if v.core}
    return table[table["indicator"].isin(core)]


def dashboard_targets(doc: str = "all", core_only: bool = True, target_file: str | Path | None = None):
    """The targets of one document (or of every seed document with ``doc="all"``).

    Returns ``(targets, multi_year)``: every assessable target (status ok), and the
    multi-year goals among them, which the dashboard also assesses on the latest data.
    """
    from jxforecast.targets.catalogue import load_targets, targets_from_table

    table = load_targets(target_file, doc=None if doc == "all" else doc)
    if doc == "all" and target_file is None:
        table = table[table["source_doc"].str.match(SEED_DOC)]
    if core_only:
        table = _core(table)
    table = table[table["status"] == "ok"]
    targets = targets_from_table(table)
    return targets, [t for t in targets if t.base_year is not None]


class Job(NamedTuple):
    """One assessment a dashboard makes.

    ``as_of`` is what `assess_many` takes: a year, ``None`` (as of when the plan was
    written) or ``"latest"``. ``extra`` marks a multi-year goal assessed again on the
    latest data: shown only when it can be assessed and is not the first one again.
    """

    target: Any
    as_of: int | str | None
    extra: bool = False


def dashboard_jobs(doc: str = "all", as_of: int | str | None = None, core_only: bool = True,
                   target_file: str | Path | None = None) -> list[Job]:
    """The assessments a dashboard makes, in its order.

    Every target at *as_of* (default: as of when its plan was written, see `planning_cut`);
    with ``as_of=None`` the multi-year goals once more on the latest data (``extra``).
    """
    targets, multi = dashboard_targets(doc, core_only=core_only, target_file=target_file)
    jobs = [Job(t, as_of) for t in targets]
    if as_of is None:
        jobs += [Job(t, "latest", extra=True) for t in multi]
    return jobs


def assess_jobs(jobs: Iterable[Job], n_paths: int = 2000, seed: int = 0, data=None) -> list:
    """One `BatchItem` per job, in order (see `keep_items` for what a dashboard shows)."""
    from jxforecast.feasibility.batch import assess_many

    return [assess_many([job.target], job.as_of, n_paths=n_paths, seed=seed, data=data)[0] for job in jobs]


def keep_items(items: list, jobs: list[Job]) -> list:
    """The items a dashboard shows: an ``extra`` one only if assessed and not a repeat.

    A five-year goal whose base year is also the latest year in the data would otherwise
    appear twice with the same numbers.
    """
    seen: set = set()
    kept = []
    for item, job in zip(items, jobs):
        if job.extra and (item.assessment is None or item.key in seen):
            continue
        seen.add(item.key)
        kept.append(item)
    return kept


def dashboard_items(params: dict[str, Any], data=None) -> list:
    """The `BatchItem` list behind a plan dashboard (validated ``plan_dashboard`` parameters).

    Read from ``params["assessments_path"]`` when the report builder saved them, else
    assessed here (`dashboard_jobs`, `assess_jobs`).
    """
    if params.get("assessments_path"):
        from jxforecast.report.saved import load_items, shared_parameters

        keys = dict(shared_parameters(params), doc=params["doc"], as_of=params["as_of"],
                    core_only=params["core_only"])
        return load_items(params["assessments_path"], keys)
    jobs = dashboard_jobs(params["doc"], params["as_of"], params["core_only"], params["target_file"])
    return keep_items(assess_jobs(jobs, params["n_paths"], params["seed"], data), jobs)


def _fmt(x: Any, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:.{digits}f}"


def summary_table(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The dashboard's table: target, quote, probability, verdict, median, interval, outcome, and
    how similar targets fared (``evidence``, in ``lang``) where the target–outcome model was used."""
    evidence = table["evidence_zh" if lang == "zh" else "evidence"] if "evidence" in table else None
    out = pd.DataFrame({
        "target_id": table["target_id"],
        "year": table["year"],
        "indicator": table["indicator"],
        "quote": table["quote"].astype(str).str.replace(r"\s+", " ", regex=True).str.strip(),
        "as_of": table["as_of"],
        "probability": pd.to_numeric(table["probability"], errors="coerce").round(3),
        "probability_strict": pd.to_numeric(table["probability_strict"], errors="coerce").round(3),
        "verdict": table["verdict"],
        "median": pd.to_numeric(table["median"], errors="coerce").round(2),
        "interval": [f"{_fmt(lo)} – {_fmt(hi)}" if _fmt(lo) else "" for lo, hi in zip(table["lo"], table["hi"])],
        "outcome": table["outcome"],
        "met": table["met_tolerant"],
        "evidence": evidence.fillna("") if evidence is not None else "",
        "note": table["note"].fillna(""),
    })
    return out.sort_values(["target_id", "as_of"], kind="stable").reset_index(drop=True)


def track_record_targets(doc: str = "all", region: str | None = None, core_only: bool = True, data=None):
    """Past targets whose outcome is in the data (optionally of one document or region)."""
    from jxforecast.targets.catalogue import load_targets, targets_from_table
    from jxforecast.targets.outcomes import outcomes_table

    table = load_targets(doc=None if doc == "all" else doc)
    if region is not None:
        table = table[table["region"] == region]
    if core_only:
        table = _core(table)
    table = table[table["status"] == "ok"]
    known = outcomes_table(table, data)
    return targets_from_table(table[table["target_id"].isin(known["target_id"])])


def brier_scores(p: Iterable[float], met: Iterable[bool]) -> dict[str, Any]:
    """Brier score of probabilities *p* against outcomes *met*, beside the base rate's.

    ``skill`` is ``1 - brier / brier_base_rate``: positive when the model beats always
    answering the share of targets met.
    """
    p = pd.Series(list(p), dtype=float)
    y = pd.Series(list(met), dtype=float)
    n = len(p)
    if n == 0:
        return {"n": 0, "base_rate": float("nan"), "brier": float("nan"), "brier_base_rate": float("nan"),
                "skill": float("nan")}
    base = float(y.mean())
    brier = float(((p - y) ** 2).mean())
    brier_base = float(((base - y) ** 2).mean())
    skill = 1 - brier / brier_base if brier_base > 0 else float("nan")
    return {"n": n, "base_rate": base, "brier": brier, "brier_base_rate": brier_base, "skill": skill}


# ----------------------------------------------------------------------------- jobs
@dataclass
class Page:
    """One page of the report and what the index says about it."""

    kind: str
    name: str
    parameters: dict[str, Any]
    doc: str = ""
    row: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def _render(page: Page, out_dir: Path, kernels: Any = None) -> str:
    from jxforecast.report.render import notebook_path, run_notebook

    run_notebook(notebook_path(page.kind), out_dir, page.parameters, name=page.name, kernels=kernels)
    return page.name


def _run_pages(pages: list[Page], out_dir: Path, scheduler: Any, workers: int, progress: bool,
               scratch: Path, fresh_kernels: bool = False) -> None:
    """Render pages in parallel with `run_jobs`; each page's one-line error is recorded on it.

    Locally, threads each drive one warm kernel (`KernelPool`, logs in *scratch*), or with
    *fresh_kernels* start a kernel per page. On a Dask scheduler every page has a kernel of
    its own and the workers must see *out_dir* (a shared file system).
    """
    from jxforecast.report.batch import run_jobs
    from jxforecast.report.kernels import KernelPool

    if not pages:
        return
    with KernelPool(scratch) as kernels:
        if scheduler is None:
            # a closure runs in threads: the work happens in the notebook kernels (subprocesses)
            def func(page: Page) -> str:
                return _render(page, out_dir, None if fresh_kernels else kernels)
        else:
            func = functools.partial(_render, out_dir=out_dir)
        results = run_jobs(func, pages, scheduler=scheduler, workers=workers, progress=progress, desc="pages")
    for page, res in zip(pages, results):
        if not res.ok:
            page.error = _error_text(res.error)


@functools.lru_cache(maxsize=4)
def _observations(data_path: str) -> pd.DataFrame:
    """The user's data on top of the embedded data, read once per worker process."""
    from jxforecast.data.loader import load_observations

    return load_observations(data_path)


def _assess_group(jobs: list[Job], n_paths: int, seed: int, data_path: str | None = None) -> list:
    """`assess_jobs` with the user's data file (a worker's share of the report's assessments)."""
    return assess_jobs(jobs, n_paths, seed, _observations(data_path) if data_path else None)


def _assess_all(jobs_by_doc: dict[str, list[Job]], n_paths: int, seed: int, data_path: str | None,
                scheduler: Any, workers: int, progress: bool) -> tuple[dict[str, list], list[str]]:
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
    groups: dict[tuple[str, str], list] = {}
    for entry in flat:
        target = entry[2].target
        groups.setdefault((target.region, target.indicator), []).append(entry)
    ordered = sorted(groups.values(), key=len, reverse=True)
    func = functools.partial(_assess_group, n_paths=n_paths, seed=seed, data_path=data_path)
    batches = [[job for _doc, _i, job in group] for group in ordered]
    results = run_jobs(func, batches, scheduler=scheduler, workers=workers, progress=progress, desc="assessments")
    if scheduler is None:
        results = [call_job(func, batch) if res.error_type == "BrokenProcessPool" else res
                   for batch, res in zip(batches, results)]
    found: dict[tuple[str, int], Any] = {}
    failures = []
    for group, res in zip(ordered, results):
        if not res.ok:
            names = ", ".join(sorted({str(job.target.target_id) for _doc, _i, job in group}))
            failures.append(f"assessments of {names}: {_error_text(res.error)}")
        for n, (doc, i, job) in enumerate(group):
            found[(doc, i)] = (res.value[n] if res.ok else BatchItem(
                job.target, planning_cut(job.target, job.as_of), error=_error_text(res.error)))
    out = {doc: keep_items([found[(doc, i)] for i in range(len(jobs))], jobs) for doc, jobs in jobs_by_doc.items()}
    return out, failures


def _error_text(error: Any) -> str:
    text = str(error) if error is not None else "failed"
    return " ".join(text.split())


def _doc_label(doc: str) -> str:
    return doc.split("_")[0] if doc[:3].isdigit() else Path(doc).stem


def _as_int(x: Any) -> int | None:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else int(value)


def _feasibility_pages(doc: str, items: list, common: dict[str, Any]) -> list[Page]:
    """One page per assessed item of *doc*; a refused item is a row of the index without a page."""
    from jxforecast.feasibility.batch import batch_table

    pages = []
    for item, row in zip(items, batch_table(items).to_dict("records")):
        row["doc"] = doc
        if item.assessment is None:
            pages.append(Page("feasibility", "", {}, doc, row, error=item.error))
            continue
        as_of = item.assessment.as_of
        params = dict(common, target_id=item.target.target_id, as_of=as_of)
        pages.append(Page("feasibility", f"target_{item.target.target_id}_asof{as_of}", params, doc, row))
    return pages


# ----------------------------------------------------------------------------- index
_LABELS = {
    "zh": {"title": "嘉兴计划目标可行性报告", "doc": "文件", "target": "目标", "year": "年份", "as_of": "截至",
           "probability": "概率", "verdict": "判断", "outcome": "结果", "dashboard": "总览",
           "refused": "历史数据不足，未评估", "failed": "生成失败", "note": "说明",
           "generated": "生成于", "seconds": "秒"},
    "en": {"title": "Plan target feasibility report", "doc": "Document", "target": "Target", "year": "Year",
           "as_of": "As of", "probability": "Probability", "verdict": "Verdict", "outcome": "Outcome",
           "dashboard": "dashboard", "refused": "too little history, not assessed", "failed": "page failed",
           "note": "Note", "generated": "generated", "seconds": "s"},
}


def _verdict_text(verdict: str, lang: str) -> str:
    """The verdict in the page's words: one vocabulary for every page (`report.labels`)."""
    from jxforecast.report.labels import verdict_label

    return str(verdict_label(verdict, lang))


def index_html(dashboards: list[Page], pages: list[Page], lang: str = "zh", seconds: float | None = None) -> str:
    """The report's index page: one table per document (target, probability, verdict)."""
    L = _LABELS[lang]
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(L['title'])}</title>",
        "<style>body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1000px;"
        "margin:auto;padding:0 10px}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}"
        "td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}"
        "td.num{text-align:right}.likely{color:#1a7f37}.attainable{color:#4d7c0f}.stretch{color:#b45309}"
        ".unlikely{color:#b91c1c}.muted{color:#777}.wrap{overflow-x:auto}"
        "@media print{@page{size:A4;margin:14mm}body{max-width:none;font-size:10pt}.wrap{overflow:visible}"
        "tr{page-break-inside:avoid}a{color:inherit;text-decoration:none}}</style></head><body>",
        f"<h1>{e(L['title'])}</h1>",
    ]
    for dash in dashboards:
        head = f"{L['doc']} {e(_doc_label(dash.doc))}"
        if dash.error is None:
            head += f' · <a href="{e(dash.name)}.html">{e(L["dashboard"])}</a>'
        else:
            head += f' · <span class="unlikely">{e(L["failed"])}: {e(dash.error)}</span>'
        parts.append(f"<h2>{head}</h2>")
        rows = [p for p in pages if p.doc == dash.doc]
        if not rows:
            continue
        parts.append('<div class="wrap"><table><tr>' + "".join(
            f"<th>{e(L[k])}</th>" for k in ("target", "year", "as_of", "probability", "verdict", "outcome")
        ) + "</tr>")
        for p in rows:
            r = p.row
            quote = " ".join(str(r.get("quote") or r.get("target_id")).split())
            label = f"{e(str(r.get('target_id')))} {e(quote)}"
            verdict = str(r.get("verdict") or "")
            if p.name and p.error is None:
                label = f'<a href="{e(p.name)}.html">{label}</a>'
            prob = r.get("probability")
            prob = "" if prob is None or (isinstance(prob, float) and math.isnan(prob)) else f"{100 * prob:.0f}%"
            if verdict == "refused":
                verdict_cell = f'<span class="muted" title="{e(str(r.get("note", "")))}">{e(L["refused"])}</span>'
            elif p.error is not None:
                verdict_cell = f'<span class="unlikely" title="{e(p.error)}">{e(L["failed"])}</span>'
            else:
                verdict_cell = f'<span class="{e(verdict)}">{e(_verdict_text(verdict, lang))}</span>'
            outcome = r.get("outcome")
            outcome = "" if outcome is None or (isinstance(outcome, float) and math.isnan(outcome)) else f"{outcome:g}"
            as_of = _as_int(r.get("as_of"))
            parts.append(
                f"<tr><td>{label}</td><td>{e(str(r.get('year', '')))}</td><td>{'' if as_of is None else as_of}</td>"
                f'<td class="num">{prob}</td><td>{verdict_cell}</td><td class="num">{outcome}</td></tr>'
            )
        parts.append("</table></div>")
    footer = time.strftime("%Y-%m-%d %H:%M")
    if seconds is not None:
        footer += f" · {seconds:.0f} {L['seconds']}"
    parts.append(f'<p class="muted">{e(L["generated"])} {footer} · jxforecast</p></body></html>')
    return "\n".join(parts)


# ----------------------------------------------------------------------------- build
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


def build_report(
    out_dir: str | Path = "reports",
    docs: Iterable[str] | None = None,
    n_paths: int = 2000,
    seed: int = 0,
    lang: str = "zh",
    target_file: str | Path | None = None,
    scheduler: Any = None,
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
    table = load_targets(target_file)
    all_docs = sorted(table["source_doc"].unique())
    if target_file is None:
        all_docs = [d for d in all_docs if d[:3].isdigit() and d[3:4] == "_"]
    if docs is None:
        chosen = all_docs
    else:
        chosen = []
        for d in docs:
            d = str(d)
            match = [x for x in all_docs if x == d or x.startswith(f"{d.zfill(3) if d.isdigit() else d}_")]
            if not match:
                raise JxError(f"Unknown document '{d}'. Documents: {', '.join(all_docs)}.")
            chosen += [m for m in match if m not in chosen]
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    tmp = Path(tempfile.mkdtemp(prefix=f"{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        common: dict[str, Any] = {"n_paths": n_paths, "seed": seed, "lang": lang}
        if target_file is not None:
            common["target_file"] = str(Path(target_file).resolve())
        if data_path is not None:
            common["data_path"] = str(Path(data_path).expanduser().resolve())
        jobs = {d: dashboard_jobs(d, None, True, common.get("target_file")) for d in chosen}
        items, failures = _assess_all(jobs, n_paths, seed, common.get("data_path"), scheduler, workers, not quiet)
        saved = tmp / ".assessments"
        dashboards: list[Page] = []
        pages: list[Page] = []
        for d in chosen:
            stem = f"dashboard_{_doc_label(d)}"
            path = save_items(items[d], saved / f"{stem}.pkl", dict(
                shared_parameters(common), doc=d, as_of=None, core_only=True))
            shared = dict(common, assessments_path=str(path))
            dashboards.append(Page("plan_dashboard", stem, dict(
                shared, doc=d, excel_path=str(tmp / f"{stem}.xlsx"), csv_path=str(tmp / f"{stem}.csv")), d))
            pages += _feasibility_pages(d, items[d], shared)
        # dashboards first: they are the longest pages
        rendered = dashboards + [p for p in pages if p.name]
        _run_pages(rendered, tmp, scheduler, workers, not quiet, tmp / ".kernels", fresh_kernels)
        shutil.rmtree(saved, ignore_errors=True)
        shutil.rmtree(tmp / ".kernels", ignore_errors=True)
        failures += [f"{p.name}: {p.error}" for p in rendered if p.error is not None]
        if chromium is not None:
            from jxforecast.report.pdf import pages_to_pdf

            printed = pages_to_pdf([tmp / f"{d.name}.html" for d in dashboards if d.error is None],
                                   workers=min(workers, 2), chromium=chromium)
            failures += [f"{page.stem}.pdf: {error}" for page, error in printed.items() if error is not None]
        seconds = time.perf_counter() - start
        (tmp / "index.html").write_text(index_html(dashboards, pages, lang, seconds), encoding="utf-8")
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ReportResult(out_dir / "index.html", len(rendered) - sum(p.error is not None for p in rendered),
                        failures, seconds)


def check_report_folder(out_dir: Path) -> None:
    """Refuse an output path that would replace something that is not a report: an existing
    file, or a non-empty folder without a report's ``index.html`` (nothing is touched)."""
    from jxforecast.errors import ParameterError

    if out_dir.exists() and not out_dir.is_dir():
        raise ParameterError(f"{out_dir} is an existing file, not a report folder; choose another --out "
                             "(nothing was changed).")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "index.html").is_file():
        raise ParameterError(f"{out_dir} is a folder that does not hold a jxforecast report; choose a new or "
                             "empty folder for --out (nothing was changed).")


def _swap(new: Path, target: Path) -> None:
    """Put folder *new* in place of *target*: two renames, the old report removed afterwards."""
    old = None
    if target.exists():
        old = target.with_name(f"{target.name}.old-{os.getpid()}-{time.time_ns()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
