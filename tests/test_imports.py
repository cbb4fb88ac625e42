"""Imports that cost what they are used for: the package and its CLI's help load no heavy library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("pandas", "pandera", "statsmodels", "scipy", "matplotlib", "papermill", "dask")


def _imported_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    probe = f"{code}\nimport sys\nprint()\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          env=None if env is None else {**os.environ, **env})
    return done.stdout.splitlines()[-1].split() if done.stdout.strip() else []


def test_importing_the_package_and_the_cli_loads_no_heavy_library() -> None:
    assert _imported_after("import jxforecast") == []
    assert _imported_after("import jxforecast.cli") == []
    helped = "from jxforecast.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    assert _imported_after(helped) == []


def test_lazy_names_still_resolve() -> None:
    import jxforecast as jx

    assert "load_series" in dir(jx)
    assert jx.get_indicator("gdp").id == "gdp"
    assert callable(jx.data.vintages.publication_year)
    loaded = _imported_after("import jxforecast as jx\njx.load_observations()")
    assert "pandas" in loaded
    assert not {"statsmodels", "scipy", "matplotlib"} & set(loaded)


def test_the_embedded_tables_come_from_the_disk_cache_without_pandera(tmp_path: Path) -> None:
    env = {"JXFORECAST_CACHE": str(tmp_path)}
    read = "import jxforecast as jx\njx.load_observations()\njx.load_targets()"
    assert "pandera" in _imported_after(read, env)  # the first process validates and writes
    assert _imported_after(read, env) == ["pandas"]


def test_a_page_reading_saved_assessments_needs_no_model_library(tmp_path: Path) -> None:
    """What a report page imports, and the assessments it reads back: no statsmodels, no scipy.stats."""
    from jxforecast.feasibility import assess_many
    from jxforecast.report.build import PAGE_MODULES
    from jxforecast.report.saved import save_items
    from jxforecast.targets import get_target

    path = save_items(assess_many([get_target("003-01")], n_paths=200, seed=0), tmp_path / "items.json",
                      {"n_paths": 200, "seed": 0, "data_path": None, "target_file": None})
    page = (f"import {', '.join(PAGE_MODULES)}\nfrom jxforecast.report.saved import load_items\n"
            f"from jxforecast.feasibility import attainable_values, model_table, scenario_curve\n"
            f"items = load_items({str(path)!r}, {{'n_paths': 200, 'seed': 0, 'data_path': None, 'target_file': None}})\n"
            "a = items[0].assessment\nscenario_curve(a)\nattainable_values(a)\nmodel_table(a)")
    loaded = _imported_after(page)
    assert {"pandas", "matplotlib"} <= set(loaded)
    assert "statsmodels" not in loaded
    probe = _imported_after(page + "\nimport sys\nassert 'scipy.stats' not in sys.modules, 'scipy.stats'")
    assert "pandas" in probe


def test_a_submodule_never_shadows_the_function_it_exports() -> None:
    """``feasibility.assess`` and ``models.backtest`` are modules and exported functions: imported first, the
    modules must not take the functions' place (the exports are bound lazily)."""
    code = ("import jxforecast.models.backtest, jxforecast.feasibility.assess, jxforecast.feasibility.batch\n"
            "import jxforecast as jx, jxforecast.feasibility as f, jxforecast.models as m\n"
            "from jxforecast.models import backtest\n"
            "from types import ModuleType\n"
            "values = [jx.assess, f.assess, m.backtest, backtest] + [getattr(p, n) for p in (jx, f, m) for n in p.__all__]\n"
            "assert not [v for v in values if isinstance(v, ModuleType)], values\n"
            "assert callable(jx.assess) and callable(backtest)")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
