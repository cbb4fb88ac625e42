"""Layers that only look down: the package's imports, read from the source, never climb.

The pipeline's folders are layers, lowest first (`LAYERS`).  A module may import from its
own layer or a lower one, never a higher one, whether at the top of the file, inside a
function or under ``TYPE_CHECKING``; and the modules' top-level imports form no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jxforecast

PACKAGE = Path(jxforecast.__file__).parent
LAYERS: list[set[str]] = [
    {"typing", "errors", "_version", "_paths", "_jsonio", "_diskcache", "_lazy", "inputs"},  # leaves
    {"registry"},  # the indicators and regions
    {"labels", "i18n", "caveats"},  # words and notes
    {"data"},  # observations, vintages, sources
    {"targets"},  # Target, catalogue, semantics, outcomes, extraction
    {"models"},  # fit and simulate from what they are handed
    {"panel"},  # the evidence models learn from, assembled from data and targets
    {"feasibility"},  # assess: inputs → forecast → kinds → combine
    {"report"},  # pages, dashboards, workbooks
    {"cli", "__main__", "__init__"},  # the shells
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path, module: str, top_level_only: bool = False) -> list[tuple[str, int]]:
    """``(imported module, line)`` for every import of the package in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: list[tuple[str, int]] = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base.split(".")[0] != "jxforecast":
                continue
            for alias in node.names:  # `from jxforecast.feasibility import goals` imports a module
                sub = f"{base}.{alias.name}"
                is_module = (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py").is_file() or \
                    (PACKAGE.parent / Path(*sub.split("."))).is_dir()
                found.append((sub if is_module else base, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.split(".")[0] == "jxforecast"]
    return found


def _modules() -> dict[str, Path]:
    return {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_folder_has_a_layer() -> None:
    assert {_layer(m) for m in _modules()} <= set(RANK)


def test_no_import_climbs_to_a_higher_layer() -> None:
    climbs = []
    for module, path in _modules().items():
        for imported, line in _imports(path, module):
            if imported != "jxforecast" and RANK[_layer(imported)] > RANK[_layer(module)]:
                climbs.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {imported}")
            elif imported == "jxforecast" and _layer(module) not in LAYERS[-1]:
                climbs.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports the package's top")
    assert climbs == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles a depth-first walk of ``graph`` meets."""
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1  # on the walk's path
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2  # done

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_top_level_imports_form_no_cycle() -> None:
    modules = _modules()
    graph = {m: {i for i, _ in _imports(p, m, top_level_only=True) if i in modules and i != m}
             for m, p in modules.items()}
    assert _cycles(graph) == []
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_check_sees_a_climb(tmp_path: Path) -> None:
    """The walker reads imports inside functions and under TYPE_CHECKING too."""
    source = tmp_path / "probe.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from jxforecast.report import build\n"
                      "def f():\n    from jxforecast.feasibility.assess import assess\n", encoding="utf-8")
    found = {m for m, _ in _imports(source, "jxforecast.models.probe")}
    assert {"jxforecast.report.build", "jxforecast.feasibility.assess"} <= found
