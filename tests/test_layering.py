"""Check that the modules of aitimeline import each other only downwards through the layers.

DESIGN.md orders the modules in layers; a module may import modules of lower layers (and its
own layer), never higher ones. Every import statement counts: at module level, inside
functions and classes, and under ``if TYPE_CHECKING:`` (a type-only dependency is still a
dependency). A new module gets one line in ``LAYER``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "aitimeline"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE

LAYER: dict[str, int] = {
    "exceptions": 0,  # anyone may import it
    "_dates": 10,
    "_events": 20,
    "_index": 25,  # the columnar index: after _events, before _query
    "_arrow": 35,  # the Arrow layout: events only, below _timeline (which wraps it)
    "_query": 30,
    "_timeline": 40,
    "_metrics": 50,
    "_claims": 60,
    "_epoch": 70,
    "io": 70,
    "datasets": 70,
    "strategies": 70,
    "engines": 85,  # Ibis over DuckDB and Spark: imported only when used
    "_layout": 80,
    "plot": 80,
    "_report": 90,
    "__main__": 100,
}
"""The layer of each top-level module or subpackage; a module imports nothing of a higher one.

Layers are numbered in tens so that a new module slots in with one line.
"""

ROOT = "__init__"
"""The component name used for the package root, ``aitimeline/__init__.py``."""

MATPLOTLIB_FROM = LAYER["plot"]
"""The lowest layer that may import matplotlib at all (``import aitimeline`` must not)."""


def module_name(path: Path) -> str:
    """Return the dotted module name of a file under ``SRC``."""
    parts = [PACKAGE, *path.relative_to(SRC).with_suffix("").parts]
    if parts[-1] == ROOT:
        parts.pop()
    return ".".join(parts)


def component(module: str) -> str:
    """Return the top-level module under the package that *module* belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT


def is_submodule(name: str) -> bool:
    """Tell whether ``aitimeline.<name>`` is a module or subpackage (existing or planned)."""
    return name in LAYER or (SRC / f"{name}.py").is_file() or (SRC / name / "__init__.py").is_file()


def imported_modules(tree: ast.AST, module: str, *, is_package: bool) -> list[tuple[int, str]]:
    """Return ``(line, target module)`` for every import of an aitimeline module in *tree*.

    ``from aitimeline import X`` names the submodule ``aitimeline.X`` when X is one, and the
    package root otherwise; relative imports are resolved against *module*.
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(
                (node.lineno, alias.name)
                for alias in node.names
                if alias.name == PACKAGE or alias.name.startswith(f"{PACKAGE}.")
            )
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, node.module] if node.module else package)
            else:
                base = node.module or ""
            if base == PACKAGE:
                found.extend(
                    (
                        node.lineno,
                        f"{PACKAGE}.{alias.name}" if is_submodule(alias.name) else PACKAGE,
                    )
                    for alias in node.names
                )
            elif base.startswith(f"{PACKAGE}."):
                found.append((node.lineno, base))
    return found


def layer_violations(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """Return one message for each import in *source* that breaks the layer order."""
    here = component(module)
    problems: list[str] = []
    for line, target in imported_modules(ast.parse(source), module, is_package=is_package):
        there = component(target)
        if there in {here, "exceptions"}:
            continue
        where = f"{module} line {line} imports {target}"
        if there == ROOT:
            if here != "__main__":
                problems.append(
                    f"{where}: import from the defining module (e.g. aitimeline._dates), "
                    "not the package root, which imports every layer"
                )
        elif here == ROOT:
            if there == "__main__":
                problems.append(f"{where}: the package root must not import the command line")
        elif here not in LAYER or there not in LAYER:
            unknown = here if here not in LAYER else there
            problems.append(f"{where}: module {unknown!r} has no layer; add it to LAYER")
        elif LAYER[there] > LAYER[here]:
            problems.append(
                f"{where}: layer {LAYER[here]} ({here}) may not import layer "
                f"{LAYER[there]} ({there}); move the code down or invert the dependency"
            )
    return problems


def matplotlib_imports(source: str) -> list[int]:
    """Return the lines of *source* that import matplotlib, anywhere in the module."""
    lines: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] == "matplotlib" for name in names):
            lines.append(node.lineno)
    return lines


SOURCES = sorted(SRC.rglob("*.py"))


def test_source_tree_found() -> None:
    """Find the package sources, so that the checks below do not pass on nothing."""
    assert (SRC / "__init__.py").is_file()
    assert len(SOURCES) >= 2


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_module_has_a_layer(path: Path) -> None:
    """Give every module of the package a place in the layer order."""
    here = component(module_name(path))
    assert here == ROOT or here in LAYER, f"{here!r} has no layer; add it to LAYER"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_layers(path: Path) -> None:
    """Import only modules of the same or lower layers (exceptions from anywhere)."""
    source = path.read_text(encoding="utf-8")
    problems = layer_violations(source, module_name(path), is_package=path.name == "__init__.py")
    assert [] == problems


BELOW_PLOT = [
    path
    for path in SOURCES
    if (here := component(module_name(path))) == ROOT or LAYER.get(here, 0) < MATPLOTLIB_FROM
]
"""The sources that may not import matplotlib (a module with no layer yet counts as low)."""


@pytest.mark.parametrize("path", BELOW_PLOT, ids=lambda p: str(p.relative_to(SRC)))
def test_matplotlib_only_in_plot_layer(path: Path) -> None:
    """Import matplotlib only from the plotting layer and above, never in lower layers."""
    assert [] == matplotlib_imports(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from aitimeline._dates import When", "aitimeline._events", 0),
        ("from aitimeline._query import col", "aitimeline._events", 1),
        ("import aitimeline._timeline", "aitimeline._dates", 1),
        ("def f():\n    from aitimeline import _metrics\n", "aitimeline._timeline", 1),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ._query import Q\n",
            "aitimeline._events",
            1,
        ),
        ("from . import _dates", "aitimeline._query", 0),
        ("from .exceptions import DateError", "aitimeline._dates", 0),
        ("from aitimeline import When", "aitimeline._events", 1),
        ("import aitimeline as at", "aitimeline.__main__", 0),
        ("from aitimeline.io import read_json", "aitimeline.datasets", 0),
        ("from aitimeline.plot import timeline", "aitimeline.io", 1),
        ("def f():\n    from aitimeline import plot\n", "aitimeline._report", 0),
        ("def f():\n    from aitimeline import plot\n", "aitimeline._events", 1),
        ("from aitimeline._nowhere import x", "aitimeline._dates", 1),
        ("import itertools\nfrom os import path", "aitimeline._dates", 0),
    ],
)
def test_checker_flags_upward_imports(source: str, module: str, expected: int) -> None:
    """Flag upward, root and unknown imports, at any depth, and let downward ones through."""
    assert expected == len(layer_violations(source, module))


def test_checker_resolves_relative_imports_in_packages() -> None:
    """Resolve ``from . import x`` in a subpackage's ``__init__`` against that subpackage."""
    assert [] == layer_violations("from . import _bundled", "aitimeline.datasets", is_package=True)
    assert [] == layer_violations("from .. import _dates", "aitimeline.datasets._bundled")
    assert 1 == len(layer_violations("from .. import plot", "aitimeline.datasets._bundled"))


def test_checker_finds_matplotlib_in_functions() -> None:
    """Find matplotlib imports inside functions as well as at module level."""
    source = (
        "import numpy\n"
        "def f():\n"
        "    import matplotlib.pyplot as plt\n"
        "    from matplotlib import colors\n"
    )
    assert [3, 4] == matplotlib_imports(source)
