"""A plan the project has never seen: its targets read from the text, its place settled, its report built.

`plan_targets` extracts the assessable targets of a plan document and settles its region:
the one given, the registry region the text names, or the place the text says it is from
when the user's data has figures for it; otherwise one `JxError` sentence asks for
``--region`` and ``--data``.  `build_plan_report` writes them as a target file and builds
the same report the seed documents get (`build_report`: dashboard, target pages, workbook).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from jxforecast.errors import JxError
from jxforecast.report.build import ReportResult, build_report


def _data_regions(data: pd.DataFrame | None) -> set[str]:
    """Region ids that have figures: the registry's and those of the user's data."""
    from jxforecast.registry import regions

    known = set(regions())
    if data is not None and "region" in data:
        known |= {str(r) for r in data["region"].unique()}
    return known


def _ask(path: Path, place: str | None) -> JxError:
    """The one sentence that asks for --region and --data."""
    if place:
        return JxError(f"{path.name} is about {place}, a place jxforecast has no figures for: give its region id "
                       f"with --region and its figures with --data (`jxforecast data template REGION gdp` writes "
                       "a file to fill in).")
    return JxError(f"{path.name} does not say which place it is about: give its region id with --region, and its "
                   "figures with --data if jxforecast does not know the place.")


def plan_region(path: Path, text: str, region: str | None, data: pd.DataFrame | None) -> str:
    """Settle the region of a plan document.

    Parameters
    ----------
    path
        The document (for the messages).
    text
        Its text.
    region
        The region the user gave, or None.
    data
        The observations the assessment will use (embedded and the user's), or None.

    Returns
    -------
    str
        The region id: the one given, the registry region the text names, or the place
        the text says it is from when ``data`` has figures under its name.

    Raises
    ------
    JxError
        When no region with figures can be settled: one sentence naming ``--region`` and ``--data``.
    """
    from jxforecast.targets.extract.normaliser import normalise
    from jxforecast.targets.extract.structure import detect_region, self_name

    known = _data_regions(data)
    if region:
        if region not in known:
            raise JxError(f"jxforecast has no figures for region '{region}': give them with --data (the file's "
                          f"region column saying '{region}'; `jxforecast data template {region} gdp` writes one).")
        return region
    norm = normalise(text).text
    found = detect_region(norm)
    if found:
        return found
    place = self_name(norm)
    if place:
        for name in (place, place.rstrip("省市区县州盟旗")):
            if name in known:
                return name
    raise _ask(path, place)


def plan_targets(path: Path, text: str, *, region: str | None = None, year: int | None = None,
                 data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The assessable targets of a plan document, in the layout of a target file.

    Parameters
    ----------
    path
        The document (its name is the ``source_doc``).
    text
        Its text.
    region, year
        As given by the user, or None to read them from the text.
    data
        The observations the assessment will use, or None.

    Returns
    -------
    pandas.DataFrame
        Classified targets with a number (``status == "ok"``), region settled.

    Raises
    ------
    JxError
        No assessable target, no plan year, or no region (see `plan_region`).
    """
    from jxforecast.targets.catalogue import TARGET_COLUMNS
    from jxforecast.targets.extract import extract_targets

    place = plan_region(path, text, region, data)
    table = extract_targets(text, region=place, year=year, source=path.name)
    table = table[(table["indicator"] != "unclassified") & (table["status"] == "ok")].reset_index(drop=True)
    if table.empty:
        raise JxError(f"No assessable targets found in {path.name}.")
    if table["year"].isna().any():
        raise JxError(f"{path.name}: the plan year could not be read from the text; pass --year.")
    table = table.assign(region=place, target_id=[f"{path.stem}-{i:02d}" for i in range(1, len(table) + 1)])
    return table.reindex(columns=TARGET_COLUMNS)


def build_plan_report(path: Path, text: str, out_dir: str | Path, *, region: str | None = None,
                      year: int | None = None, data_path: str | Path | None = None,
                      **options: Any) -> ReportResult:
    """Build the report of a plan document: dashboard, target pages and workbook, as for the seeds.

    Parameters
    ----------
    path, text
        The document and its text.
    out_dir
        The report folder (replaced as a whole, as by `build_report`); the extracted
        targets are kept beside the pages as ``targets_<name>.csv``.
    region, year
        As given by the user, or None to read them from the text.
    data_path
        The user's observations (CSV/Excel), or None.
    **options
        Passed to `build_report` (``n_paths``, ``seed``, ``lang``, ``scheduler``, ...).

    Returns
    -------
    ReportResult
        What was written.
    """
    from jxforecast.data.loader import load_observations

    data = load_observations(data_path) if data_path is not None else load_observations()
    table = plan_targets(path, text, region=region, year=year, data=data)
    with tempfile.TemporaryDirectory(prefix="jxforecast-plan-") as scratch:
        target_file = Path(scratch) / f"targets_{path.stem}.csv"
        table.to_csv(target_file, index=False)
        result = build_report(out_dir, target_file=target_file, data_path=data_path, **options)
        shutil.copyfile(target_file, Path(out_dir) / target_file.name)
    return result
