"""The report notebooks as committed: thin shells, parameters first, saved with outputs for nbval.

Their saved outputs are compared cell by cell by nbval in the same run (``notebooks`` is a
test path, with ``--nbval-lax`` and the sanitize file in ``pyproject.toml``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KINDS = {"feasibility", "plan_dashboard", "explore", "track_record"}


def test_all_four_notebooks_present():
    assert {p.stem for p in NOTEBOOKS} == KINDS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_then_validation(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    names = {t.id for node in ast.parse(code[0].source).body for t in node.targets}
    assert "lang" in names
    assert f'validate_parameters("{path.stem}"' in code[1].source  # validated before any work


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_thin_shell(path):
    """No modelling in cells: no model library imported, no functions beyond the display helper."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module = getattr(node, "module", None) or node.names[0].name
                assert not module.startswith(("statsmodels", "scipy", "numpy")), module
            if isinstance(node, ast.FunctionDef):
                assert node.name == "show"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_with_outputs_and_no_errors(path):
    nb = nbformat.read(path, as_version=4)
    checked = [c for c in nb.cells if c.cell_type == "code" and "NBVAL_CHECK_OUTPUT" in c.source]
    assert checked and all(c.outputs for c in checked)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error"
            assert "Traceback" not in str(out.get("text", ""))

