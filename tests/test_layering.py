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
    "_types": 1,  # shared type aliases
    "_vocab": 2,  # country/region codes and closed word lists: the one country table
    "_validation": 4,  # the validator combinators and our message
    "_atomic": 5,  # write a file whole or not at all: used by every writer
    "_truth": 10,  # the date layer, 10-19: Kleene logic first
    "_calendar": 11,  # precisions, the unit table, sentinels, ApproxPolicy
    "_ranges": 12,  # DayRange
    "_relations": 12,  # Allen's relations on day bounds
    "_offsets": 12,  # relative statements ("a week before")
    "_edtf": 13,  # EDTF text
    "_wording": 14,  # dates in words
    "_when": 15,  # When, RelativeWhen
    "_span": 16,  # Span
    "_dates": 17,  # the facade of the date layer: re-exports, relations()
    "dates": 19,  # the public front door of the date layer
    "_quantities": 20,  # the record layer, 20-26: Money, Parameters, ChipHours
    "_codec": 21,  # the JSON and cell forms of every value (dates, numbers, nested records)
    "_records": 22,  # Source, DateClaim, Event, Training
    "_kinds": 23,  # the other kinds and the one kind registry
    "_event_codec": 24,  # an event's JSON object and flat row
    "_periods": 24,  # the period rule: which date or period an event stands for
    "_events": 25,  # the facade of the record layer
    "_strings": 26,  # string tests over distinct values (Arrow compute, Python re semantics)
    "_textcells": 26,  # a row store's text columns held as Arrow strings, and their tests
    "_index": 26,  # the columnar index: after _events, before _query
    "_arrow": 27,  # the Arrow layout: events only, below _timeline (which wraps it)
    "events": 29,  # the public front door of the record layer
    "_fields": 30,  # the query layer, 30-39: fields (from the kind registry) and operands
    "_predicates": 31,  # the predicate base, its JSON op registry, Kleene logic
    "_field_preds": 32,  # comparisons, isin, contains, kinds and tags
    "_temporal_preds": 33,  # date relations, per event and vectorised
    "_columns": 34,  # col() and the column reference
    "_query": 35,  # the facade of the query layer
    "query": 39,  # the public front door of the query layer
    "_datecells": 16,  # plain date cells read in bulk with numpy, beside When.parse
    "_cellfields": 40,  # a row store's fields read column-wise, per distinct cells
    "_store": 41,  # the timeline layer, 40-44: the event and row stores that timelines view into
    "_counts": 42,  # Counts and the bucketing of fuzzy dates
    "_join_arrays": 41,  # searches, range spreads and range maxima on int arrays
    "_asof_right": 42,  # the right side of the as-of join: its order and lookups
    "_asof_join": 42,  # the as-of join on arrays of day ranges (the kernel)
    "_asof": 42,  # AsOf, AsOfTable and Timeline.as_of's join
    "_groups": 42,  # group_by and first/last from the index's codes
    "_frame": 42,  # the DataFrame form of a timeline: cells in, derived date columns out
    "_timeline": 43,
    "_result": 45,  # what every reader returns, and how it opens its input
    "_csvcols": 45,  # the CSV form read and written column by column
    "_jsoncols": 45,  # the JSON objects of a row store's events, from its columns
    "_jsonfast": 46,  # a JSON document read in one parse, its events as columns in bulk
    "_jsonwrite": 46,  # a row store's events as indented JSON text, put together by Arrow
    "_display": 5,  # compact HTML cards and tables for notebooks' _repr_html_
    "_frontier_arrays": 46,  # the catch-up and daily kernels on arrays, beside _gaps'
    "_lags": 48,  # Lag, lag, the LagStats mixin and the pieces results share
    "_lag_arrays": 49,  # lags over arrays from the date index, LagArray, LazyTuple
    "_catch_up": 49,  # catch_up and catch_up_pairs on the columns
    "_frontier": 50,  # frontiers and frontier lags from score events
    "_metrics": 55,  # a shim re-exporting _lags, _frontier and _frontier_arrays
    "metrics": 59,  # the public front door of the metrics layer
    "_gaps": 45,  # the level, area and vertical gap kernels, below _metrics' dispatch
    "_readings": 55,  # what vague words admit: values passed to checks
    "_checks": 57,  # the check algebra: base, combinators, JSON registry
    "_claims": 60,
    "_verdicts": 65,  # claims, verdicts, checking many claims
    "claims": 70,
    "_epoch_cells": 69,  # an Epoch table's file, rows, cells and the errors naming them
    "_epoch": 70,  # the Epoch and long-score table readers
    "io": 70,
    "datasets": 70,
    "strategies": 70,
    "engines": 85,  # Ibis over DuckDB and Spark: imported only when used
    "_spread": 79,  # the density-strip arithmetic (pure numpy), below _layout
    "_layout": 80,
    "plot": 80,  # a package (plot/_style.py, ...): its modules share the layer
    "epoch": 75,  # reproduce Epoch's figures and the sensitivity table: after io and datasets
    "_html": 84,  # the report pages' style sheet, tables and chart figures
    "_factcheck": 85,  # the report's fact-check page
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
        ("from aitimeline.plot._style import Theme", "aitimeline.plot._timeline", 0),
        ("from aitimeline._layout import pack", "aitimeline.plot._labels", 0),
        ("from aitimeline._report import Report", "aitimeline.plot._frontier", 1),
        ("from aitimeline.plot._marks import _EventMarks", "aitimeline._timeline", 1),
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
