"""Execute a report notebook with papermill and turn it into a self-contained HTML page.

`run_notebook` runs the notebook in a scratch folder next to ``out_dir``, exports HTML with
the code hidden and every chart embedded as a base64 PNG, and only then moves both files
into ``out_dir`` with `os.replace`: a reader never sees a half-written page.  A failing cell
leaves ``<name>.failed.ipynb`` (the partially executed notebook) in ``out_dir`` and raises a
`JxError` whose one-line message is the cell's error (and ``<name>.kernel.log``, what the
kernel process itself printed, which otherwise stays out of the terminal).
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jxforecast.errors import JxError
from jxforecast.report.fonts import embed_cjk_font
from jxforecast.report.kernels import KernelPool, quiet_kernel_options, register_warm_engine

# the repository's notebooks/ (editable install), or jxforecast/_notebooks in a wheel
_HERE = Path(__file__).resolve()
NOTEBOOK_DIR = next((d for d in (_HERE.parents[2] / "notebooks", _HERE.parents[1] / "_notebooks") if d.is_dir()),
                    _HERE.parents[2] / "notebooks")
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
_EXTRA_CSS = (
    "<style>body{max-width:1100px;margin:auto;padding:0 8px}"
    ".jp-OutputArea-output img{max-width:100%;height:auto}"
    ".jp-RenderedHTMLCommon table{display:block;overflow-x:auto}"
    # printing a page (A4): no scroll boxes; a long table starts under its heading and runs on over pages with
    # its header repeated, rows and charts kept whole, every column on the page; no input prompts
    "@media print{@page{size:A4;margin:14mm}body{max-width:none;padding:0;font-size:10pt}"
    ".jp-RenderedHTMLCommon table{display:table;overflow:visible;font-size:8pt;width:100%!important;"
    "table-layout:auto!important}"
    ".jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{padding:2px 3px!important}"
    "thead{display:table-header-group}"
    ".jp-OutputArea-child,.jp-Cell,.jp-Cell-outputWrapper{break-inside:auto!important;page-break-inside:auto!important}"
    ".jp-OutputArea-output img{max-width:100%;page-break-inside:avoid}"
    "tr,img{page-break-inside:avoid;break-inside:avoid}"
    "h1,h2,h3,.jp-MarkdownCell{page-break-after:avoid;break-after:avoid}"
    ".jp-InputPrompt,.jp-OutputPrompt{display:none}}</style>"
)


@dataclass(frozen=True)
class RenderResult:
    """The executed notebook and its HTML page, both in the output folder."""

    ipynb: Path
    html: Path


def notebook_path(name: str) -> Path:
    """One of the package's report notebooks by name (``feasibility``, ``plan_dashboard``...)."""
    path = NOTEBOOK_DIR / f"{name.removesuffix('.ipynb')}.ipynb"
    if not path.is_file():
        names = sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb"))
        raise JxError(f"No report notebook '{name}'; notebooks: {', '.join(names)}.")
    return path


def _one_line(text: str, limit: int = 2000) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))  # ANSI colours of IPython tracebacks
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fig_to_png(fig: Any, dpi: int = 110) -> bytes:
    """PNG bytes of a matplotlib figure (what the notebooks display, so pages embed every chart)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def failure_message(err: BaseException, notebook: str) -> str:
    """One line naming the notebook, the failing cell and its error (``ename: evalue``)."""
    ename = getattr(err, "ename", None)
    evalue = getattr(err, "evalue", None)
    cell = getattr(err, "exec_count", None)
    where = f"{notebook}" + (f", cell [{cell}]" if cell is not None else "")
    if ename is not None:
        return _one_line(f"{where}: {ename}: {evalue}")
    return _one_line(f"{where}: {type(err).__name__}: {err}")


# nbconvert's lab template with the two scripts it loads from a CDN left out (require.js for
# widgets, MathJax for formulas): the pages use neither, and they must open without a network
_PAGE_TEMPLATE = (
    "{%- extends 'index.html.j2' -%}\n"
    "{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}\n"
    "{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}\n"
)


_EXPORTERS = threading.local()


def _exporter() -> Any:
    """The HTML exporter of the calling thread: its templates are compiled once, not for every page."""
    exporter = getattr(_EXPORTERS, "exporter", None)
    if exporter is None:
        import jinja2
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(template_name="lab", template_file="jxforecast_page.html.j2",
                                extra_loaders=[jinja2.DictLoader({"jxforecast_page.html.j2": _PAGE_TEMPLATE})])
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        exporter.embed_images = True
        _EXPORTERS.exporter = exporter
    return exporter


def to_html(nb: Any, title: str | None = None) -> str:
    """A self-contained HTML page of an executed notebook.

    Code hidden, images inline, phone-friendly, nothing loaded from the network.
    """
    exporter = _exporter()
    resources = {"metadata": {"name": title}} if title else {}
    # a cell tagged remove-cell (a notebook's bilingual introduction) is for the notebook's reader, not the page
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if "remove-cell" not in c.get("metadata", {}).get("tags", [])]
    body: str = exporter.from_notebook_node(nb, resources=resources)[0]
    head = VIEWPORT + _EXTRA_CSS
    if 'name="viewport"' in body:
        head = _EXTRA_CSS
    return body.replace("<head>", "<head>\n" + head, 1)


def _parameter_names(notebook: Path) -> set[str]:
    """Names assigned in the notebook's cell tagged ``parameters``."""
    import ast

    import nbformat

    names: set[str] = set()
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            names |= {t.id for node in tree.body if isinstance(node, ast.Assign)
                      for t in node.targets if isinstance(t, ast.Name)}
    return names


def _clean_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    # papermill writes the values into Python source; Paths become strings
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in parameters.items()}


def run_notebook(
    notebook: Path | str,
    out_dir: Path | str,
    parameters: dict[str, Any] | None = None,
    name: str | None = None,
    kernel: str = "python3",
    lang: str = "zh",
    timeout: int = 600,
    kernels: KernelPool | None = None,
) -> RenderResult:
    """Execute *notebook* with *parameters*; write ``<name>.ipynb`` and ``<name>.html`` to *out_dir*.

    Parameters
    ----------
    notebook
        A notebook file, or the name of one of the package's notebooks (``feasibility``).
    out_dir
        Folder for the results (created if missing).
    parameters
        Injected by papermill after the cell tagged ``parameters``.
    name
        File stem of the results (default: the notebook's stem).
    kernel
        Jupyter kernel; ``python3`` runs the current interpreter.
    lang
        ``zh`` or ``en``: passed to the notebook as ``lang`` unless *parameters* sets it, and
        used as the HTML page's language.
    timeout
        Seconds one cell may run.
    kernels
        Run in this thread's warm kernel of a `KernelPool` (many pages, one kernel each
        thread) instead of a kernel of its own; *kernel* is then the pool's.

    Raises
    ------
    JxError
        One line with the failing cell's error; ``<name>.failed.ipynb`` is kept in *out_dir*.
    """
    import nbformat
    import papermill as pm

    notebook = Path(notebook)
    if not notebook.suffix:
        notebook = notebook_path(str(notebook))
    if not notebook.is_file():
        raise JxError(f"Notebook not found: {notebook}.")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = name or notebook.stem
    params = _clean_parameters(dict(parameters or {}))
    if "lang" in _parameter_names(notebook):
        params.setdefault("lang", lang)
    lang = params["lang"] if params.get("lang") in ("zh", "en") else lang

    scratch = Path(tempfile.mkdtemp(prefix=f".{stem}.", dir=out_dir.resolve().parent))
    try:
        executed = scratch / f"{stem}.ipynb"
        kernel_log, log_start = scratch / "kernel.log", 0
        try:
            if kernels is None:
                options = quiet_kernel_options(kernel_log)
            else:  # this thread's warm kernel: its log is shared by the pages it ran before
                km, kc, kernel_log = kernels.kernel()
                log_start = kernel_log.stat().st_size if kernel_log.is_file() else 0
                options = {"engine_name": register_warm_engine(), "km": km, "kc": kc}
                kernel = kernels.kernel_name
            for attempt in (1, 2):
                try:
                    pm.execute_notebook(
                        str(notebook), str(executed), parameters=params, kernel_name=kernel, progress_bar=False,
                        log_output=False, execution_timeout=timeout, **options,
                    )
                    break
                except RuntimeError as err:
                    # a fresh kernel that died before its first reply ran nothing (a port taken by
                    # another kernel starting at the same moment): start it once more
                    if attempt == 2 or kernels is not None or "died before replying to kernel_info" not in str(err):
                        raise
        except Exception as err:  # a failing cell; or the kernel died, is missing, the notebook unreadable
            if executed.exists():
                os.replace(executed, out_dir / f"{stem}.failed.ipynb")
            if kernel_log.is_file() and kernel_log.stat().st_size > log_start:
                with kernel_log.open("rb") as fh:
                    fh.seek(log_start)
                    (out_dir / f"{stem}.kernel.log").write_bytes(fh.read())
            if isinstance(err, JxError):
                raise
            raise JxError(failure_message(err, notebook.name)) from None
        nb = nbformat.read(executed, as_version=4)
        html = to_html(nb, title=stem)
        html = re.sub(r"<html( lang=\"[^\"]*\")?>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', html, count=1)
        html = embed_cjk_font(html)
        page = scratch / f"{stem}.html"
        page.write_text(html, encoding="utf-8")
        result = RenderResult(out_dir / f"{stem}.ipynb", out_dir / f"{stem}.html")
        os.replace(executed, result.ipynb)
        os.replace(page, result.html)
        for stale in (out_dir / f"{stem}.failed.ipynb", out_dir / f"{stem}.kernel.log"):
            stale.unlink(missing_ok=True)
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def notebook_parameters(path: str | Path) -> list[str]:
    """The names a notebook's ``parameters`` cell defines (papermill's own inspection)."""
    import papermill as pm

    return list(pm.inspect_notebook(str(path)))
