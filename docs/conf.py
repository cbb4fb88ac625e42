"""Sphinx configuration of the jxforecast documentation (``make docs``)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jxforecast  # noqa: E402

project = "jxforecast"
author = "jxforecast developers"
copyright = "2026, jxforecast developers"
version = release = jxforecast.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

# the example notebooks are rendered with the outputs they are stored with (the test suite
# re-runs them with nbval); they are copied here so that the site shows them as pages
EXAMPLES = Path(__file__).parent / "examples"
EXAMPLES.mkdir(exist_ok=True)
NOTEBOOKS = {
    "feasibility": "One target: the forecast, the probability, what it would take",
    "plan_dashboard": "One plan document: every target on one page",
    "explore": "The data: series, vintages and sources",
    "track_record": "The track record: how the probabilities fared against outcomes",
}
for name, title in NOTEBOOKS.items():
    # a report page hides its bilingual introduction (tag remove-cell); the site gives each a title
    notebook = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    notebook["cells"].insert(0, {"cell_type": "markdown", "id": f"{name}-site-title", "metadata": {},
                                 "source": [f"# {title}\n"]})
    (EXAMPLES / f"{name}.ipynb").write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
(EXAMPLES / "index.md").write_text(
    "# Example notebooks\n\nThe four notebooks of `notebooks/`, as stored (each re-run by the test suite). "
    "Rerun one with papermill, e.g. `papermill notebooks/feasibility.ipynb out.ipynb -p target_id 003-05`.\n\n"
    + "".join(f"- {{doc}}`{title} <{name}>`\n" for name, title in NOTEBOOKS.items())
    + "\n```{toctree}\n:hidden:\n\n" + "".join(f"{name}\n" for name in NOTEBOOKS) + "```\n",
    encoding="utf-8")
nb_execution_mode = "off"
nb_output_stderr = "remove"
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

autodoc_typehints = "none"  # the signatures show them; numpydoc sections describe them
autodoc_member_order = "bysource"
autosummary_generate = False
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

html_theme = "pydata_sphinx_theme"
html_title = "jxforecast"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
}
html_static_path: list[str] = []
