"""Command-line interface: a thin shell over the library.

Every expected mistake (`jxforecast.errors.JxError`) is printed as one line on
stderr with exit code 2; no traceback.
"""

from __future__ import annotations

import functools
import json
import math
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup
from typer.exceptions import Abort

from jxforecast.errors import JxError, JxWarning
from jxforecast.inputs import read_month, read_number, read_year
from jxforecast.typing import (
    CHECK_FORMATS,
    LANGS,
    OUTCOME_VINTAGES,
    OUTPUT_FORMATS,
    REGION_LEVELS,
    AsOf,
    OutputFormat,
)

if TYPE_CHECKING:
    import pandas as pd

    from jxforecast.targets.target import Target

# pandas, the data layer and the models are imported by the commands that use them, so that
# `jxforecast --help` and a mistyped option answer at once


out = Console(width=None if sys.stdout.isatty() else 200)
WRAPPED = {"quote": 60, "source_url": 48, "note": 40, "detail": 30}
F = TypeVar("F", bound=Callable[..., Any])

SheetOpt = Annotated[
    str | None,
    typer.Option("--sheet", help="Excel sheet of --data files: name or number from 1 (default: the first with data)."),
]
DataOpt = Annotated[
    list[Path] | None,
    typer.Option("--data", help="Extra observations (CSV/Excel, long or yearbook layout) added on top."),
]


def _year(name: str) -> Callable[[str], int]:
    return lambda value: read_year(value, name)


def _number(name: str) -> Callable[[str], float]:
    return lambda value: read_number(value, name)


def _month(name: str) -> Callable[[str], int]:
    return lambda value: read_month(value, name)


class OneLineErrors(TyperGroup):
    """Every error a user can cause ends as one ``error:`` line on stderr.

    Typer's usage errors (exit 2), the library's `JxError` (2), a file the system refuses (2)
    and Ctrl-C (130, "interrupted"); the command's own result otherwise.
    """

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        """Run the command; every error becomes one ``error:`` line and an exit code."""
        # every command prints each result's caveats itself: the Python warnings would repeat them
        warnings.simplefilter("ignore", JxWarning)
        code: int
        try:
            result = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                  standalone_mode=False, windows_expand_args=windows_expand_args, **extra)
            code = result if isinstance(result, int) else 0
            if code == 130:
                _error("interrupted; nothing was written over (a report is replaced only when complete).")
        except UsageError as exc:
            message = exc.format_message().replace("Value error, ", "")
            if "Invalid value for" in message and ": --" in message:  # our readers name the option themselves
                message = message.split(": ", 1)[1]
            if exc.ctx is not None and exc.ctx.command.name and not isinstance(exc, NoArgsIsHelpError):
                message = f"{exc.ctx.command_path.split(' ', 1)[-1]}: {message}"
            _error(message)
            code = 2
        except NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx is not None else str(exc))
            code = 2
        except JxError as exc:
            _error(str(exc))
            code = 2
        except (KeyboardInterrupt, Abort):
            _error("interrupted; nothing was written over (a report is replaced only when complete).")
            code = 130
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _error(f"{where}{exc.strerror or exc}.")
            code = 2
        if not standalone_mode:
            return code
        sys.exit(code)


def _error(message: str) -> None:
    text = " ".join(str(message).split())
    typer.echo(f"error: {text if len(text) <= 400 else text[:397] + '…'}", err=True)


app = typer.Typer(
    cls=OneLineErrors, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="How likely is a plan target to be met?",
)
data_app = typer.Typer(no_args_is_help=True, help="Browse the historical series.")
targets_app = typer.Typer(no_args_is_help=True, help="The targets of the plan documents and their outcomes.")
app.add_typer(data_app, name="data")
app.add_typer(targets_app, name="targets")


def friendly(func: F) -> F:
    """Turn expected errors into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except JxError as exc:
            _error(str(exc))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer():
            return f"{int(value):,d}" if abs(value) >= 10_000 else str(int(value))
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return str(value)


def _format(fmt: str) -> OutputFormat:
    """The ``--format`` of a listing command, or `JxError` naming the choices."""
    if fmt in OUTPUT_FORMATS:
        return fmt
    raise JxError(f"--format must be {', '.join(OUTPUT_FORMATS[:-1])} or {OUTPUT_FORMATS[-1]}, not '{fmt}'.")


def print_table(df: pd.DataFrame, title: str | None = None, fmt: str = "table") -> None:
    """Print a DataFrame as a rich table, CSV or JSON lines (`JxError` for another format)."""
    fmt = _format(fmt)
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
        return
    if fmt == "json":
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, indent=1) + "\n")
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in df.columns:
        width = WRAPPED.get(str(column))
        table.add_column(str(column), overflow="fold", no_wrap=width is None, max_width=width)
    for row in df.itertuples(index=False):
        table.add_row(*(_fmt(v) for v in row))
    out.print(table)


FormatOpt = Annotated[str, typer.Option("--format", help="table, csv or json.")]


@data_app.command("list")
@friendly
def data_list(data: DataOpt = None, sheet: SheetOpt = None, fmt: FormatOpt = "table") -> None:
    """List every series: region, indicator, measure, periods covered."""
    from jxforecast.data import list_series, load_observations

    print_table(list_series(load_observations(data, sheet=sheet)), "Available series", fmt)


@data_app.command("show")
@friendly
def data_show(
    region: str,
    indicator: str,
    measure: Annotated[str, typer.Option(help="yoy_real, yoy_nominal, level, share, rate, ytd_*.")] = "yoy_real",
    freq: Annotated[str, typer.Option(help="A (annual) or M (year-to-date monthly).")] = "A",
    vintage: Annotated[str, typer.Option(help="latest, first, or a vintage label.")] = "latest",
    as_of: Annotated[
        int | None,
        typer.Option("--as-of", parser=_year("--as-of"), help="Real-time: what was known early in AS_OF+1."),
    ] = None,
    data: DataOpt = None,
    sheet: SheetOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Show one series with the source of every figure."""
    from jxforecast.data import load_observations, select

    rows = select(region, indicator, measure, freq, vintage, as_of, load_observations(data, sheet=sheet))
    if rows.empty:
        raise JxError(f"No {measure} figures for {region} {indicator} (freq {freq}); see `jxforecast data list`.")
    cols = ["period", "value", "unit", "vintage", "derived", "source_quality", "source_url", "quote"]
    print_table(rows[cols], f"{region} · {indicator} · {measure}", fmt)


@data_app.command("template")
@friendly
def data_template(
    region: str,
    indicator: str,
    measure: Annotated[
        str | None,
        typer.Option(
            help=(
                "yoy_real, yoy_nominal, level, share, rate (default: what a bare target number of the indicator "
                "means)."
            ),
        ),
    ] = None,
    first: Annotated[int, typer.Option(help="First year column.")] = 2010,
    last: Annotated[int, typer.Option(help="Last year column.")] = 2025,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="Write the CSV here (default: standard output)."),
    ] = None,
) -> None:
    """A ready-to-fill CSV for one series (yearbook layout) that --data accepts."""
    from jxforecast.data.files import series_template
    from jxforecast.data.schema import MEASURES
    from jxforecast.registry import default_measure, get_indicator

    info = get_indicator(indicator)
    measure = measure or default_measure(indicator)
    if measure not in MEASURES:
        raise JxError(f"Unknown measure '{measure}'. Valid measures: {', '.join(MEASURES)}.")
    unit = "pct" if measure in ("yoy_real", "yoy_nominal", "rate", "cagr") else info.unit
    table = series_template(region, indicator, measure, unit, first, last)
    if out_file is None:
        table.to_csv(sys.stdout, index=False)
        return
    if out_file.exists():
        raise JxError(f"{out_file} already exists; choose another name (nothing was written).")
    tmp = out_file.with_name(out_file.name + ".tmp")
    table.to_csv(tmp, index=False, encoding="utf-8")
    tmp.replace(out_file)
    typer.echo(f"Template written to {out_file}: fill the years you have, the vintage and the source_url, "
               f"then pass it with --data {out_file}.")


@targets_app.command("list")
@friendly
def targets_list(
    doc: Annotated[str | None, typer.Option(help="Source document (file name or 3-digit prefix).")] = None,
    region: Annotated[str | None, typer.Option()] = None,
    year: Annotated[int | None, typer.Option(parser=_year("--year"))] = None,
    indicator: Annotated[str | None, typer.Option()] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A target file instead of the embedded one.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """List targets with their exact Chinese quote."""
    from jxforecast.targets import load_targets

    df = load_targets(file, doc=doc, region=region, year=year, indicator=indicator)
    cols = ["target_id", "region", "year", "indicator", "measure", "operator", "value", "value_high", "unit", "status",
            "quote"]
    print_table(df[cols] if fmt == "table" else df, f"{len(df)} targets", fmt)


@targets_app.command("outcomes")
@friendly
def targets_outcomes(
    tolerance: Annotated[float, typer.Option(help="Tolerance of '~' targets, in percentage points.")] = 0.5,
    vintage: Annotated[str, typer.Option(help="Outcome release: first (default) or latest.")] = "first",
    doc: Annotated[str | None, typer.Option(help="Only this source document.")] = None,
    data: DataOpt = None,
    sheet: SheetOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Every target whose outcome is in the data, met or missed (strict and tolerant)."""
    from jxforecast.data import load_observations
    from jxforecast.targets import load_targets, outcomes_table

    if not tolerance >= 0:  # also refuses nan
        raise JxError(f"--tolerance must be zero or positive, not {tolerance}.")
    if vintage not in OUTCOME_VINTAGES:  # another word would match no figure and find no outcome
        raise JxError(f"--vintage must be first or latest, not '{vintage}'.")
    fmt = _format(fmt)
    table = outcomes_table(load_targets(doc=doc), load_observations(data, sheet=sheet), tolerance, vintage)
    cols = ["target_id", "region", "year", "indicator", "operator", "value", "value_high", "outcome",
            "reference_outcome", "met_strict", "met_tolerant", "met_strive", "quote"]
    print_table(table[cols] if fmt == "table" else table, f"{len(table)} targets with a known outcome", fmt)
    if fmt == "table" and len(table):
        strict = table["met_strict"].astype(bool).mean()
        tolerant = table["met_tolerant"].astype(bool).mean()
        out.print(f"met: {strict:.0%} strictly, {tolerant:.0%} with ±{tolerance:g} pp tolerance on '~' targets")
    elif fmt == "table":
        out.print("No outcome in the data yet for these targets.")


def _assess_with_progress(targets: list[Target], as_of: AsOf, n_paths: int, seed: int,
                          data: pd.DataFrame | None = None) -> pd.DataFrame:
    from rich.progress import Progress

    from jxforecast.feasibility import assess_table

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("assessing targets", total=len(targets))
        return assess_table(targets, as_of=as_of, n_paths=n_paths, seed=seed, data=data,
                            progress=lambda _t: bar.advance(task))


REPORT_COLS = ["target_id", "year", "indicator", "operator", "value", "as_of", "probability", "verdict",
               "median", "lo", "hi", "outcome", "met_tolerant", "quote"]


@app.command("report")
@friendly
def report(
    plan_text: Annotated[
        Path | None,
        typer.Option("--plan-text", help="Extract the targets of a plan document and assess them."),
    ] = None,
    region: Annotated[str | None, typer.Option(help="Region of --plan-text (default: read from the text).")] = None,
    year: Annotated[
        int | None,
        typer.Option(parser=_year("--year"), help="Plan year of --plan-text (default: read from the text)."),
    ] = None,
    target_file: Annotated[
        Path | None,
        typer.Option("--target-file", help="Assess the targets of your own target file."),
    ] = None,
    all_indicators: Annotated[
        bool,
        typer.Option("--all", help="Also try document-specific indicators (most lack history)."),
    ] = False,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="Print the assessment tables in the terminal instead of rendering HTML."),
    ] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder of the HTML report.")] = Path("reports"),
    lang: Annotated[str, typer.Option(help="Labels: zh or en.")] = "zh",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address tcp://HOST:PORT (default: local processes)."),
    ] = None,
    n_paths: Annotated[int, typer.Option("--n-paths")] = 2000,
    seed: Annotated[int, typer.Option()] = 0,
    data: DataOpt = None,
    sheet: SheetOpt = None,
    doc: Annotated[
        list[str] | None,
        typer.Option("--doc", help="Only this source document (e.g. 003); repeat for several."),
    ] = None,
    fresh_kernels: Annotated[
        bool,
        typer.Option(
            "--fresh-kernels",
            help=(
                "Start a new Jupyter kernel for every page (slower) instead of reusing one kernel per worker, cleared "
                "between pages."
            ),
        ),
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help="Also print every dashboard to an A4 PDF beside its HTML (needs Chromium: apt install chromium).",
        ),
    ] = False,
) -> None:
    """The main job: an HTML report per seed document, each target as it looked when its plan was written."""
    import pandas as pd

    from jxforecast.data import load_observations
    from jxforecast.registry import indicators
    from jxforecast.targets import load_targets, targets_from_table

    if pdf and summary:
        raise JxError("--pdf prints the HTML report's dashboards; it does not go with --summary.")
    if lang not in LANGS:
        raise JxError(f"--lang must be zh or en, not '{lang}'.")
    if not summary:
        from jxforecast.report.build import build_report
        from jxforecast.report.plan import build_plan_report
        from jxforecast.targets.extract import read_plan_text

        if data and len(data) > 1:
            raise JxError("The HTML report takes one --data file; put several in one folder and set "
                          "JXFORECAST_DATA to it instead.")
        options: dict[str, Any] = dict(n_paths=n_paths, seed=seed, lang=lang, scheduler=scheduler,
                                       data_path=data[0] if data else None, fresh_kernels=fresh_kernels, pdf=pdf)
        if plan_text is not None:
            built = build_plan_report(plan_text, read_plan_text(plan_text), out_dir, region=region, year=year,
                                      **options)
        else:
            built = build_report(out_dir, docs=doc or None, target_file=target_file, **options)
        out.print(f"Report written: {built.index} ({built.pages} pages, {built.seconds:.0f} s)")
        for failure in built.failures:
            typer.echo(f"error: {failure}", err=True)
        if built.failures:
            raise typer.Exit(1)
        return
    obs = load_observations(data, sheet=sheet)
    if plan_text is not None:
        from jxforecast.report.plan import plan_targets
        from jxforecast.targets.extract import read_plan_text

        docs = {plan_text.name: plan_targets(plan_text, read_plan_text(plan_text), region=region, year=year,
                                             data=obs)}
    else:
        from jxforecast.report.build import report_documents

        # the documents of the HTML report: seed documents (or the target file's), --doc among them
        targets = load_targets(target_file)
        chosen = report_documents(targets, doc or None, own_file=target_file is not None)
        docs = {name: targets[targets["source_doc"] == name] for name in sorted(chosen)}
    core = {k for k, v in indicators().items() if v.core}
    for name, table in docs.items():
        if not all_indicators:
            table = table[table["indicator"].isin(core)]
        table = table[table["status"] == "ok"] if "status" in table else table
        goals = targets_from_table(table.reindex(columns=[c for c in table.columns if c not in ("start", "end")]))
        result = _assess_with_progress(goals, None, n_paths, seed, obs)
        multi = [g for g in goals if g.base_year is not None]
        if multi:  # multi-year goals: also as they stand on the latest data
            now = _assess_with_progress(multi, "latest", n_paths, seed, obs)
            result = pd.concat([result, now[now["verdict"] != "refused"]], ignore_index=True)
        assessed = result[result["verdict"] != "refused"].sort_values(["target_id", "as_of"], kind="stable")
        refused = result[result["verdict"] == "refused"]
        from jxforecast.feasibility.quantity import probability_text

        shown = assessed[REPORT_COLS].assign(probability=assessed["probability"].map(probability_text))
        print_table(shown, f"{name}: {len(assessed)} assessments, each as of when the plan was "
                    "written (multi-year goals also on the latest data)")
        if len(refused):
            print_table(refused[["target_id", "indicator", "note"]], f"{name}: {len(refused)} refused")


@app.command("run", context_settings={"allow_extra_args": False})
@friendly
def run(
    notebook: Annotated[
        str,
        typer.Argument(help="feasibility, plan_dashboard, explore, track_record, or a .ipynb path."),
    ],
    param: Annotated[
        list[str] | None,
        typer.Option("-p", "--param", help="name=value (repeatable), e.g. -p target=6.5"),
    ] = None,
    out_dir: Annotated[
        Path,
        typer.Option("--out", help="Folder for the executed .ipynb and .html."),
    ] = Path("reports/runs"),
    lang: Annotated[str, typer.Option(help="zh or en.")] = "zh",
) -> None:
    """Run one notebook with parameters (papermill) and render it to HTML with code hidden."""
    from jxforecast.report.render import notebook_parameters, notebook_path, run_notebook

    params = {}
    for item in param or []:
        if "=" not in item:
            raise JxError(f"Parameter '{item}' must look like name=value.")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    path = Path(notebook) if notebook.endswith(".ipynb") else notebook_path(notebook)
    if not path.is_file():
        raise JxError(f"{path}: notebook not found.")
    declared = notebook_parameters(path)
    unknown = [k for k in params if k not in declared]
    if unknown and declared:
        import difflib

        close = difflib.get_close_matches(unknown[0], list(declared), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise JxError(f"Unknown parameter '{unknown[0]}'{hint}; {path.name} takes {', '.join(declared)}.")
    result = run_notebook(path, out_dir, params, lang=lang)
    out.print(f"Written: {result.html} and {result.ipynb}")


@targets_app.command("extract")
@friendly
def targets_extract(
    file: Path,
    region: Annotated[str | None, typer.Option(help="Region id (default: read from the text).")] = None,
    year: Annotated[
        int | None,
        typer.Option(parser=_year("--year"), help="Plan year (default: read from the text)."),
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Read the targets of a Chinese plan document (UTF-8 or GBK text), each with its quote and offsets."""
    from jxforecast.targets.extract import extract_targets, read_plan_text

    table = extract_targets(read_plan_text(file), region=region, year=year, source=file.name)
    if table.empty:
        typer.echo(f"No targets found in {file}.", err=True)
        if fmt != "table":
            print_table(table, None, fmt)
        return
    cols = ["target_id", "region", "year", "indicator", "measure", "operator", "value", "value_high", "unit",
            "status", "quote"]
    print_table(table[cols] if fmt == "table" else table, f"{len(table)} targets in {file.name}", fmt)


@app.command("check")
@friendly
def check(
    region: Annotated[str, typer.Option(help="Region id, e.g. jiaxing.")] = "jiaxing",
    indicator: Annotated[str, typer.Option(help="Indicator id, e.g. gdp, retail, fai.")] = "gdp",
    year: Annotated[
        int | None,
        typer.Option(parser=_year("--year"), help="Target year (default: the year after the data ends)."),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(help="The target's wording, e.g. '增长6%左右', '6%以上', '>= 6'."),
    ] = None,
    op: Annotated[
        str | None,
        typer.Option("--op", help="Operator instead of --target: >=, <=, ~, range, ensure_strive, sync, level."),
    ] = None,
    value: Annotated[float | None, typer.Option(parser=_number("--value"), help="Target value (with --op).")] = None,
    value_high: Annotated[
        float | None,
        typer.Option("--value-high", parser=_number("--value-high"), help="Upper / strive value (with --op)."),
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option(help="yoy_real, yoy_nominal, level, share, rate, cagr, multiple (default from the registry)."),
    ] = None,
    base_year: Annotated[
        int | None,
        typer.Option("--base-year", parser=_year("--base-year"), help="Base year of a multi-year goal."),
    ] = None,
    target_id: Annotated[str | None, typer.Option("--target-id", help="An embedded target, e.g. 003-01.")] = None,
    announced: Annotated[
        str | None,
        typer.Option(
            "--announced",
            help="The target announced for the year, which informs the forecast: a number, or 'none' for the "
                 "time-series forecast alone (default: the plan's target in the catalogue, else the checked value).",
        ),
    ] = None,
    as_of: Annotated[
        int | None,
        typer.Option("--as-of", parser=_year("--as-of"), help="Use only what was known early in AS_OF+1."),
    ] = None,
    ytd_period: Annotated[
        int | None,
        typer.Option(
            "--ytd-period", parser=_month("--ytd-period"),
            help="Year-to-date period: last month (3, 6, 9) or Q1, H1, Q1-3.",
        ),
    ] = None,
    ytd_value: Annotated[
        float | None,
        typer.Option("--ytd-value", parser=_number("--ytd-value"), help="Year-to-date cumulative growth, %."),
    ] = None,
    tolerance: Annotated[float, typer.Option(help="Tolerance of '~' targets, percentage points.")] = 0.5,
    n_paths: Annotated[int, typer.Option("--n-paths", help="Simulated paths.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same numbers).")] = 0,
    data: DataOpt = None,
    sheet: SheetOpt = None,
    region_level: Annotated[
        str | None,
        typer.Option(
            "--region-level",
            help="nation, province, city or district (default: the registry's; a region only in --data is a city).",
        ),
    ] = None,
    gap_model: Annotated[
        Path | None,
        typer.Option(
            "--gap-model",
            help="Target–outcome models refitted with 'jxforecast gap-model fit' (default: the shipped ones).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """How likely is a target to be met? Probability, verdict, interval and required growth."""
    from jxforecast.data import load_observations
    from jxforecast.feasibility import assess, build_target, format_assessment
    from jxforecast.models.gaps import load_gap_models

    if fmt not in CHECK_FORMATS:
        raise JxError(f"--format must be text or json, not '{fmt}'.")
    if (ytd_period is None) != (ytd_value is None):
        raise JxError("--ytd-period and --ytd-value go together.")
    if announced is not None and announced.strip().lower() != "none":
        announced = str(read_number(announced, "--announced"))
    obs = load_observations(data, sheet=sheet)
    if target_id is not None:
        from jxforecast.targets import get_target

        goal = get_target(target_id, tolerance)
    else:
        goal = build_target(
            region, indicator, year, text=target, op=op, value=value, value_high=value_high,
            measure=measure, base_year=base_year, tolerance=tolerance, as_of=as_of, data=obs,
        )
    ytd = (ytd_period, ytd_value) if ytd_period is not None and ytd_value is not None else None
    if region_level is not None and region_level not in REGION_LEVELS:
        raise JxError(f"--region-level must be nation, province, city or district, not '{region_level}'.")
    if region_level is None and data:
        from jxforecast.data.files import region_levels

        for path in data:
            region_level = region_levels(path, sheet).get(goal.region, region_level)
    models = load_gap_models(gap_model) if gap_model is not None else None
    result = assess(goal, as_of=as_of, ytd=ytd, n_paths=n_paths, seed=seed, data=obs,
                    region_level=region_level, gap_models=models, announced=announced)
    if fmt == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(format_assessment(result), highlight=False)


gap_app = typer.Typer(no_args_is_help=True, help="The target–outcome model learned from a panel of targets.")
app.add_typer(gap_app, name="gap-model")


@gap_app.command("fit")
@friendly
def gap_model_fit(
    targets: Annotated[
        Path,
        typer.Argument(
            help="Targets: CSV with region, year, target_value (region_level, province, city_code optional).",
        ),
    ],
    outcomes: Annotated[
        Path,
        typer.Argument(
            help="Outcomes: CSV with region, year, value (measure=yoy_real, quality_flag, city_code optional).",
        ),
    ],
    out_file: Annotated[
        Path,
        typer.Option("--out", help="Where to write the fitted models (JSON)."),
    ] = Path("gap_model.json"),
    no_combination: Annotated[
        bool,
        typer.Option("--no-combination", help="Skip learning the weights with the time-series forecasts (fast)."),
    ] = False,
    workers: Annotated[int, typer.Option(help="Worker processes for the time-series forecasts.")] = 2,
) -> None:
    """Refit the target–outcome models per as_of year from your own panel (same columns as the shipped panel)."""
    from tqdm import tqdm

    from jxforecast.data.files import read_table
    from jxforecast.feasibility.combine import fit_panel

    if out_file.exists() and out_file.is_dir():
        raise JxError(f"--out {out_file} is a folder; give a file name.")
    if workers < 1:
        raise JxError(f"--workers must be 1 or more, not {workers}.")
    frames = [read_table(path) for path in (targets, outcomes)]
    bar = tqdm(desc="time-series forecasts", unit="target", disable=no_combination)
    models, _ = fit_panel(frames[0], frames[1], combine=not no_combination, workers=workers,
                          progress=bar.update, fitted_on=f"{targets.name} and {outcomes.name}")
    bar.close()
    if not models.models:
        raise JxError("Too few target–outcome pairs to fit any year (30 pairs in 3 target years are needed).")
    models.save(out_file)
    first, last = min(models.models), max(models.models)
    typer.echo(f"{len(models.models)} models, as_of {first}–{last}, written to {out_file}: {models.fitted_on}")


def main() -> None:  # pragma: no cover - console entry point
    """Run the command line (the ``jxforecast`` console script)."""
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
