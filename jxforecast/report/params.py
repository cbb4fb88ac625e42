"""Validate and coerce the parameters of the report notebooks before any work is done.

papermill guesses the type of ``-p name value`` from the command line: ``-p target 6``
arrives as the integer 6, ``-p value "6"`` as the string ``"6"``, ``-p as_of None`` as the
string ``"None"``.  `validate_parameters` turns each parameter into the type its notebook
expects and checks names against the registry, so that a wrong parameter stops the notebook
in its first cell with one sentence (`ParameterError`, `UnknownNameError`) instead of a
traceback deep inside the models.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, overload

from jxforecast.errors import ParameterError, UnknownNameError
from jxforecast.i18n import N_
from jxforecast.typing import LANGS as _LANGS
from jxforecast.typing import NOTEBOOK_KINDS, Lang, NotebookKind

if TYPE_CHECKING:
    import pandas as pd

    from jxforecast.feasibility.assessment import Assessment
    from jxforecast.targets.target import Target

LANGS = _LANGS
KINDS: tuple[NotebookKind, ...] = NOTEBOOK_KINDS

# ----------------------------------------------------------------------------- coercion
_NONE = {"", "none", "null"}  # "nan" is not "no value": a number parameter refuses it


def _is_none(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    return isinstance(x, str) and x.strip().lower() in _NONE


@overload
def _str(name: str, x: Any, optional: Literal[True] = True) -> str | None: ...
@overload
def _str(name: str, x: Any, optional: Literal[False]) -> str: ...
def _str(name: str, x: Any, optional: bool = True) -> str | None:
    if _is_none(x):
        if optional:
            return None
        raise ParameterError(f"Parameter '{name}' is required.")
    if isinstance(x, bool):
        raise ParameterError(f"Parameter '{name}' must be text, not {x}.")
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return str(x).strip()


@overload
def _float(name: str, x: Any, optional: Literal[True] = True) -> float | None: ...
@overload
def _float(name: str, x: Any, optional: Literal[False]) -> float: ...
def _float(name: str, x: Any, optional: bool = True) -> float | None:
    if isinstance(x, float) and math.isnan(x):
        raise ParameterError(f"Parameter '{name}' must be a finite number, not nan.")
    if _is_none(x):
        if optional:
            return None
        raise ParameterError(f"Parameter '{name}' is required.")
    if isinstance(x, bool):
        raise ParameterError(f"Parameter '{name}' must be a number, not {x}.")
    try:
        value = float(str(x).strip().rstrip("%")) if isinstance(x, str) else float(x)
    except (TypeError, ValueError):
        raise ParameterError(f"Parameter '{name}' must be a number, not '{x}'.") from None
    if not math.isfinite(value):
        raise ParameterError(f"Parameter '{name}' must be a finite number, not '{x}'.")
    return value


@overload
def _int(name: str, x: Any, optional: Literal[True] = True, lo: int | None = None,
         hi: int | None = None) -> int | None: ...
@overload
def _int(name: str, x: Any, optional: Literal[False], lo: int | None = None, hi: int | None = None) -> int: ...
def _int(name: str, x: Any, optional: bool = True, lo: int | None = None, hi: int | None = None) -> int | None:
    number = _float(name, x) if optional else _float(name, x, optional=False)
    if number is None:
        return None
    if not number.is_integer():
        raise ParameterError(f"Parameter '{name}' must be a whole number, not '{x}'.")
    value = int(number)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ParameterError(f"Parameter '{name}' must be between {lo} and {hi}, not {value}.")
    return value


def _year(name: str, x: Any) -> int | None:
    return _int(name, x, lo=1949, hi=2100)


def _lang(x: Any) -> Lang:
    value = (_str("lang", x) or "zh").lower()
    if value not in LANGS:
        raise ParameterError(f"Parameter 'lang' must be one of {', '.join(LANGS)}, not '{value}'.")
    return value


def _n_paths(x: Any) -> int:
    value = _int("n_paths", x, optional=False)
    if not 100 <= value <= 1_000_000:
        raise ParameterError(f"Parameter 'n_paths' must be between 100 and 1,000,000, not {value}.")
    return value


def _seed(x: Any) -> int:
    value = _int("seed", 0 if _is_none(x) else x, optional=False)
    if value < 0:
        raise ParameterError(f"Parameter 'seed' must be zero or positive, not {value}.")
    return value


def _data_path(x: Any, name: str = "data_path") -> str | None:
    value = _str(name, x)
    if value is None:
        return None
    if not Path(value).expanduser().is_file():
        raise ParameterError(f"Parameter '{name}': no such file '{value}'.")
    return str(Path(value).expanduser())


def _target_from_file(target_id: str, target_file: str | None) -> Target:
    from jxforecast.targets.catalogue import get_target, load_targets, targets_from_table

    if target_file is None:
        return get_target(target_id)
    table = load_targets(target_file)
    rows = table[table["target_id"] == target_id]
    if rows.empty:
        raise UnknownNameError(f"Unknown target id '{target_id}' in {target_file}.")
    return targets_from_table(rows)[0]


def _out_path(name: str, x: Any) -> str | None:
    value = _str(name, x)
    if value is None:
        return None
    parent = Path(value).expanduser().resolve().parent
    if not parent.is_dir():
        raise ParameterError(f"Parameter '{name}': folder '{parent}' does not exist.")
    return str(Path(value).expanduser())


def _extra_regions(data_path: str | None) -> tuple[str, ...]:
    if data_path is None:
        return ()
    from jxforecast.data.loader import load_observations

    return tuple(load_observations(data_path)["region"].unique())


def _region(x: Any, extra: tuple[str, ...] = ()) -> str:
    from jxforecast.registry import get_region

    value = _str("region", x, optional=False)
    get_region(value, extra=extra)
    return value


def _indicator(x: Any, region: str | None = None) -> str:
    """A registered indicator; the error lists the indicators that have data for *region*."""
    import difflib

    from jxforecast.data.loader import list_series
    from jxforecast.registry import indicators

    value = _str("indicator", x, optional=False)
    if value in indicators():
        return value
    series = list_series()
    if region is not None:
        series = series[series["region"] == region]
    with_data = sorted(set(series["indicator"]))
    close = difflib.get_close_matches(value, sorted(indicators()), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    where = f" for {region}" if region else ""
    raise UnknownNameError(
        f"Unknown indicator '{value}'{hint}; indicators with data{where}: {', '.join(with_data)}."
    )


def _doc(x: Any, target_file: str | None = None) -> str:
    """A seed document prefix ('003'), a full file name, or 'all'."""
    from jxforecast.targets.catalogue import load_targets

    value = _str("doc", x) or "all"
    if isinstance(x, int) or value.isdigit():
        value = value.zfill(3)
    if value == "all":
        return value
    load_targets(target_file, doc=value)  # raises UnknownNameError listing the documents
    return value


def _ids(name: str, x: Any) -> list[str] | None:
    if _is_none(x):
        return None
    if isinstance(x, (list, tuple)):
        items = [str(v).strip() for v in x]
    else:
        items = [s.strip() for s in str(x).replace(";", ",").split(",")]
    items = [s for s in items if s]
    return items or None


# ----------------------------------------------------------------------------- kinds
def _feasibility(p: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["lang"] = _lang(p.get("lang"))
    out["n_paths"] = _n_paths(p.get("n_paths", 2000))
    out["seed"] = _seed(p.get("seed", 0))
    out["data_path"] = _data_path(p.get("data_path"))
    out["target_id"] = _str("target_id", p.get("target_id"))
    out["target_file"] = _data_path(p.get("target_file"), "target_file")
    out["as_of"] = _year("as_of", p.get("as_of"))
    out["assessments_path"] = _str("assessments_path", p.get("assessments_path"))
    out["ytd_period"] = _int("ytd_period", p.get("ytd_period"), lo=1, hi=11)
    out["ytd_value"] = _float("ytd_value", p.get("ytd_value"))
    if (out["ytd_period"] is None) != (out["ytd_value"] is None):
        raise ParameterError("Parameters 'ytd_period' and 'ytd_value' go together: give both or neither.")
    out["op"] = _str("op", p.get("op"))
    out["value"] = _float("value", p.get("value"))
    out["value_high"] = _float("value_high", p.get("value_high"))
    raw = p.get("announced")
    out["announced"] = "none" if isinstance(raw, str) and raw.strip().lower() == "none" else _float("announced", raw)
    text = _str("target", p.get("target", "增长6%左右"))
    if out["target_id"] is not None:
        t = _target_from_file(out["target_id"], out["target_file"])
        out.update(region=t.region, indicator=t.indicator, year=t.year, target=None, op=None, value=None,
                   value_high=None)
    else:
        extra = _extra_regions(out["data_path"])
        out["region"] = _region(p.get("region", "jiaxing"), extra)
        out["indicator"] = _indicator(p.get("indicator", "gdp"), out["region"])
        out["year"] = _year("year", p.get("year"))
        if out["op"] is None and out["value"] is None and out["value_high"] is not None:
            raise ParameterError("Parameter 'value_high' needs 'value' (and 'op', e.g. range or ensure_strive).")
        if out["op"] is None and out["value"] is not None:
            out["op"] = "~"  # a plain figure, as in a plan ("增长7%"): about that value
        if out["op"] is not None:
            from jxforecast.targets.target import OPERATORS

            if out["op"] not in OPERATORS:
                raise ParameterError(f"Parameter 'op' must be one of {', '.join(OPERATORS)}, not '{out['op']}'.")
            if out["value"] is None and out["op"] != "sync":
                raise ParameterError(f"Parameter 'op' = '{out['op']}' needs 'value'.")
            text = None  # an explicit operator and value replace the default wording
        elif text is None:
            raise ParameterError("No target given: set 'target' (e.g. 增长6%左右) or 'op' and 'value'.")
        out["target"] = text
    if out["as_of"] is not None and out["year"] is not None and out["as_of"] >= out["year"]:
        raise ParameterError(f"Parameter 'as_of' ({out['as_of']}) must be before the target year ({out['year']}).")
    return out


def _plan_dashboard(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc": _doc(p.get("doc", "all"), _data_path(p.get("target_file"), "target_file")),
        "target_file": _data_path(p.get("target_file"), "target_file"),
        "as_of": _as_of_mode(p.get("as_of")),
        "core_only": _bool("core_only", p.get("core_only", True)),
        "n_paths": _n_paths(p.get("n_paths", 2000)),
        "seed": _seed(p.get("seed", 0)),
        "lang": _lang(p.get("lang")),
        "data_path": _data_path(p.get("data_path")),
        "excel_path": _out_path("excel_path", p.get("excel_path")),
        "csv_path": _out_path("csv_path", p.get("csv_path")),
        "max_charts": _int("max_charts", p.get("max_charts", 12), lo=0, hi=100),
        "assessments_path": _str("assessments_path", p.get("assessments_path")),
    }


def _explore(p: dict[str, Any]) -> dict[str, Any]:
    data_path = _data_path(p.get("data_path"))
    extra = _extra_regions(data_path)
    regions = _ids("regions", p.get("regions", "china,zhejiang,jiaxing")) or ["jiaxing"]
    regions = [_region(r, extra) for r in regions]
    indicators = [_indicator(i) for i in (_ids("indicators", p.get("indicators", "gdp")) or ["gdp"])]
    measure = _str("measure", p.get("measure"))
    if measure is not None:
        from jxforecast.data.schema import MEASURES

        if measure not in MEASURES:
            raise UnknownNameError(f"Unknown measure '{measure}'. Valid measures: {', '.join(MEASURES)}.")
    return {
        "regions": regions,
        "indicators": indicators,
        "measure": measure,
        "as_of": _year("as_of", p.get("as_of")),
        "lang": _lang(p.get("lang")),
        "data_path": data_path,
    }


def _track_record(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc": _doc(p.get("doc", "all")),
        "region": None if _is_none(p.get("region")) else _region(p.get("region")),
        "core_only": _bool("core_only", p.get("core_only", True)),
        "n_paths": _n_paths(p.get("n_paths", 1000)),
        "seed": _seed(p.get("seed", 0)),
        "lang": _lang(p.get("lang")),
        "data_path": _data_path(p.get("data_path")),
    }


def _bool(name: str, x: Any) -> bool:
    if isinstance(x, bool):
        return x
    if isinstance(x, (int, float)) and x in (0, 1):
        return bool(x)
    if isinstance(x, str) and x.strip().lower() in ("true", "yes", "1", "false", "no", "0"):
        return x.strip().lower() in ("true", "yes", "1")
    raise ParameterError(f"Parameter '{name}' must be True or False, not '{x}'.")


def _as_of_mode(x: Any) -> int | str | None:
    """``None`` (each target as of when its plan was written), ``'latest'``, or a year."""
    if isinstance(x, str) and x.strip().lower() == "latest":
        return "latest"
    return _year("as_of", x)


_VALIDATORS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "feasibility": _feasibility,
    "plan_dashboard": _plan_dashboard,
    "explore": _explore,
    "track_record": _track_record,
}


_NOTEBOOK_NAMES = {"In", "Out", "exit", "quit", "get_ipython", "open"}


def unknown_parameters(params: Mapping[str, Any], namespace: Mapping[str, Any]) -> list[str]:
    """Names a notebook's namespace holds beyond its parameters.

    That is what papermill injected under a misspelt name (``-p taget 7``), since only the
    parameters cell and the injected cell have run when the parameters are validated.
    """
    import types

    return sorted(
        name for name, value in namespace.items()
        if not name.startswith("_") and name not in params and name not in _NOTEBOOK_NAMES
        and not isinstance(value, (types.ModuleType, types.FunctionType, type))
    )


def validate_parameters(kind: str, params: Mapping[str, Any],
                        namespace: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Check and coerce the parameters of notebook *kind*; return them as a new dict.

    Parameters
    ----------
    kind
        ``feasibility``, ``plan_dashboard``, ``explore`` or ``track_record``.
    params
        The notebook's parameters as papermill injected them (strings, ints, ``"None"``...).
        Missing parameters take the notebook's defaults.
    namespace
        The notebook's ``globals()``: a name in it that is not a parameter is an unknown
        parameter (a misspelling papermill would otherwise only warn about).

    Raises
    ------
    ParameterError, UnknownNameError
        With one sentence naming the parameter and the valid choices.
    """
    install_notebook_errors()
    if kind not in _VALIDATORS:
        raise ParameterError(f"Unknown notebook kind '{kind}'; use one of {', '.join(KINDS)}.")
    if namespace is not None:
        unknown = unknown_parameters(params, namespace)
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], list(params), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ParameterError(f"Unknown parameter '{unknown[0]}'{hint}; the {kind} notebook takes "
                                 f"{', '.join(params)}.")
    return _VALIDATORS[kind](dict(params))


def install_notebook_errors() -> None:
    """In IPython (JupyterLab, papermill), show the package's errors as their one sentence.

    No traceback through the library; the cell still fails, so Run All and papermill stop
    there.  Does nothing outside IPython.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "_jxforecast_errors", False):
        return
    from jxforecast.errors import JxError

    def one_line(self: Any, etype: type[BaseException], value: BaseException, tb: TracebackType | None,
                 tb_offset: int | None = None) -> list[str]:
        stb = [f"{etype.__name__}: {' '.join(str(value).split())}"]
        self._showtraceback(etype, value, stb)  # the error output: ename, evalue and this one line
        return stb

    shell.set_custom_exc((JxError,), one_line)
    shell._jxforecast_errors = True


# ----------------------------------------------------------------------------- notebook helpers
# The notebooks are thin shells: everything beyond a call and a display lives here.
def target_from_parameters(params: Mapping[str, Any], data: pd.DataFrame | None = None) -> Target:
    """The `Target` described by validated feasibility parameters (``target_id`` or wording/operator)."""
    from jxforecast.feasibility import build_target

    if params.get("target_id"):
        return _target_from_file(params["target_id"], params.get("target_file"))
    return build_target(
        params["region"], params["indicator"], params.get("year"), text=params.get("target"), op=params.get("op"),
        value=params.get("value"), value_high=params.get("value_high"), as_of=params.get("as_of"), data=data,
    )


def assess_from_parameters(params: Mapping[str, Any], data: pd.DataFrame | None = None) -> Assessment:
    """`assess` the target of validated feasibility parameters (year-to-date figures included)."""
    from jxforecast.feasibility import assess

    ytd = (params["ytd_period"], params["ytd_value"]) if params.get("ytd_period") is not None else None
    return assess(target_from_parameters(params, data), as_of=params.get("as_of"), ytd=ytd,
                  n_paths=params["n_paths"], seed=params["seed"], data=data, announced=params.get("announced"))


def history_measure(target: Target) -> str:
    """The series measure a target is read on (growth for multiples and average growth)."""
    if target.measure in ("cagr", "multiple", "change_pct"):
        return "yoy_real" if target.basis == "real" else "yoy_nominal"
    return target.measure


def history_for(assessment: Assessment, data: pd.DataFrame | None = None) -> pd.Series:
    """The indicator's history as known when the assessment was made, in the target's measure."""
    from jxforecast.data.loader import load_series

    t = assessment.target
    import numpy as np
    import pandas as pd

    used = getattr(assessment, "series", None) or {}
    if used.get("borrowed") and used.get("measure") == history_measure(t):
        from jxforecast.feasibility.inputs import from_scale, to_scale

        base = load_series(used["region"], t.indicator, used["measure"], as_of=assessment.as_of, data=data)
        moved = from_scale(to_scale(base, used["scale"]) + used["shift"], used["scale"])
        moved = pd.Series(np.asarray(moved, dtype=float), index=base.index, name=base.name)
        moved.attrs = {**base.attrs, "borrowed_from": used["region"], "borrowed_for": t.region}
        return moved
    return load_series(t.region, t.indicator, history_measure(t), as_of=assessment.as_of, data=data)


def assessment_for(params: Mapping[str, Any], data: pd.DataFrame | None = None) -> Assessment:
    """The feasibility page's `Assessment`: the report's saved one, or assessed here.

    With ``params["assessments_path"]`` (set by `build_report`) the item saved for
    ``(target_id, as_of)`` is returned, so the page shows its dashboard row's numbers;
    otherwise `assess_from_parameters`.
    """
    if not params.get("assessments_path"):
        return assess_from_parameters(params, data)
    from jxforecast.report.saved import load_items, shared_parameters

    if not params.get("target_id"):
        raise ParameterError("Parameter 'assessments_path' needs 'target_id'.")
    items = load_items(params["assessments_path"], shared_parameters(params))
    for item in items:
        if item.key == (params["target_id"], params.get("as_of")) and item.assessment is not None:
            assessment: Assessment = item.assessment
            return assessment
    raise ParameterError(
        f"No saved assessment of target {params['target_id']} as of {params.get('as_of')} in "
        f"'{params['assessments_path']}'."
    )


def data_checksum(data: pd.DataFrame) -> str:
    """sha256 of the observations used (their CSV serialisation, rows in a fixed order)."""
    import hashlib

    ordered = data.sort_values(list(data.columns[:6]), kind="stable").reset_index(drop=True)
    return hashlib.sha256(ordered.to_csv(index=False).encode("utf-8")).hexdigest()


def reproducibility(params: Mapping[str, Any], data: pd.DataFrame) -> dict[str, Any]:
    """Package versions, parameters and the data checksum for a notebook's footer."""
    versions = _versions()
    shown = dict(params)
    if shown.get("assessments_path"):  # a scratch file of the report run, gone once it is published
        shown["assessments_path"] = N_("saved by 'jxforecast report' (rerun with None: same numbers)")
    for key in ("excel_path", "csv_path"):  # written beside the page: its name, not the build's scratch folder
        if shown.get(key):
            shown[key] = Path(str(shown[key])).name
    return {"versions": versions, "parameters": shown, "data_rows": int(len(data)),
            "data_sha256": data_checksum(data)}


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("jxforecast", "statsmodels", "pandas", "numpy"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:  # pragma: no cover - not installed as a distribution
            versions[package] = "not installed"
    return versions


def reproduction(kind: str, params: Mapping[str, Any], data: pd.DataFrame | None = None, lang: Lang = "en") -> str:
    """How to reproduce a notebook page (Markdown), in ``lang``.

    The ``jxforecast run`` command with the page's validated parameters (scratch paths of a
    report run left out), the package version and the data the page used (figures, their
    newest vintage, and a user's file if any).
    """
    from jxforecast.i18n import render, translate

    pkg = _versions()["jxforecast"]
    shown = {k: v for k, v in params.items()
             if v is not None and k not in ("assessments_path", "csv_path", "excel_path")}
    args = " ".join(f"-p {k}={_quote(v)}" for k, v in shown.items())
    line = f"jxforecast run {kind} {args}".strip()
    lines = [render("**Reproduce**: `{command}` (jxforecast {version}).", {"command": line, "version": pkg}, lang)]
    if data is not None and len(data):
        vintages = _newest_vintage(data["vintage"])
        text = render("Data: {n} figures", {"n": len(data)}, lang)
        if vintages:
            text += render(", newest vintage {vintage}", {"vintage": vintages}, lang)
        text += (render(", with {path} on top", {"path": params["data_path"]}, lang) if params.get("data_path")
                 else translate(" (the embedded data)", lang))
        lines.append(text + translate(".", lang))
    return ("" if lang == "zh" else " ").join(lines)


def footer_tables(info: Mapping[str, Any], lang: Lang = "en") -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """`reproducibility` as a page shows it.

    The versions and the parameters as two-column tables (no index column), and the data line.
    """
    import pandas as pd

    from jxforecast.i18n import DASH, render, translate

    versions = pd.DataFrame({translate("package", lang): list(info["versions"]),
                             translate("version", lang): list(info["versions"].values())})
    def shown(value: Any) -> str:  # None as a dash; the note on saved assessments in the page's language
        return DASH if value is None else translate(value, lang) if isinstance(value, str) else str(value)

    parameters = pd.DataFrame({translate("name", lang): list(info["parameters"]),
                               translate("parameter", lang): [shown(v) for v in info["parameters"].values()]})
    data = render("data: {n} observations, sha256 {sha}", {"n": info["data_rows"], "sha": info["data_sha256"]}, lang)
    return versions, parameters, data


def _quote(value: Any) -> str:
    text = str(value)
    return f"'{text}'" if any(ch in text for ch in " %~<>|&;") else text


def _newest_vintage(values: Iterable[object]) -> int | None:
    """The newest numeric vintage among ``values`` (``final`` and ``undated`` ignored)."""
    numbers = [int(str(v)) for v in values if str(v).isdigit()]
    return max(numbers) if numbers else None
