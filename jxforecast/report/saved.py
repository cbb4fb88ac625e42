"""Assessments computed once by the report builder and read by its pages.

`build_report` assesses every target of every dashboard once, in parallel, and saves
each document's `BatchItem` list with `save_items`; the dashboard and the target pages
of that document read them with `load_items` instead of assessing again. A page thus
shows exactly the numbers of its dashboard row, and the report costs one assessment per
target instead of two.

The file is JSON (`AssessmentSet.to_dict` with the simulated paths, which round-trips
exactly), written atomically into the report's scratch folder and removed before the
report is published; pages read it only during that run. Its header's version and
parameters are checked so that a page never shows numbers computed with other settings.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jxforecast.errors import ParameterError

FORMAT = "jxforecast-assessments-2"
SHARED = ("n_paths", "seed", "data_path", "target_file")


def shared_parameters(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters saved assessments must share with every page that reads them."""
    return {k: params.get(k) for k in SHARED}


def _version() -> str:
    from jxforecast._version import __version__

    return __version__


def save_items(items: Sequence[Any], path: str | Path, parameters: Mapping[str, Any]) -> Path:
    """Write *items* (`BatchItem` list) with the *parameters* they were computed with."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    from jxforecast.feasibility.batch import AssessmentSet

    payload = {"format": FORMAT, "version": _version(), "parameters": dict(parameters),
               "items": AssessmentSet(items).to_dict(paths=True)}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_items(path: str | Path, parameters: Mapping[str, Any]) -> list[Any]:
    """The items saved at *path*, checked against the *parameters* a page was given.

    Raises
    ------
    ParameterError
        The file is gone (the report that wrote it has finished: rerun the page without
        ``assessments_path``), is not a saved-assessments file, or was computed with other
        ``n_paths``/``seed``/package version.
    """
    path = Path(path)
    if not path.is_file():
        raise ParameterError(
            f"Parameter 'assessments_path': no such file '{path}' (saved assessments live only while "
            "'jxforecast report' runs; set assessments_path = None to assess here)."
        )
    try:
        with path.open(encoding="utf-8") as fh:
            payload = json.load(fh)
    except (OSError, ValueError):  # truncated or foreign file
        payload = None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ParameterError(f"Parameter 'assessments_path': '{path}' is not a file of saved assessments.")
    saved = payload["parameters"]
    if payload.get("version") != _version():
        raise ParameterError(
            f"Parameter 'assessments_path': '{path}' was written by jxforecast {payload.get('version')}, "
            f"this is {_version()}."
        )
    for name, value in parameters.items():
        if name in saved and saved[name] != value:
            raise ParameterError(
                f"Parameter '{name}' is {value!r} but the saved assessments in '{path}' used {saved[name]!r}."
            )
    from jxforecast.feasibility.batch import AssessmentSet

    return list(AssessmentSet.from_dict(payload["items"]))
