"""Pin the public API: what ``aitimeline`` and its public modules export.

An accidental export, or a lost one, fails here (as in httpx's test_exported_members). Adding a
public name is a one-line edit of the expected set below; adding a public module is one entry
in ``EXPECTED_MODULE_ALL``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import aitimeline

EXPECTED_ALL = frozenset(
    {
        "Allen",
        "ApproxPolicy",
        "ArrayLag",
        "AsOf",
        "COUNTRY_CODES",
        "CatchUp",
        "CatchUpPairs",
        "Censored",
        "ChipHours",
        "Counts",
        "DailyPoint",
        "DateClaim",
        "DayRange",
        "EVENT_KINDS",
        "Event",
        "ExportControl",
        "FALSE_",
        "Founding",
        "Frontier",
        "FrontierLag",
        "FrontierStep",
        "Hardware",
        "IPO",
        "Investment",
        "Lag",
        "MAX_DATE",
        "MIN_DATE",
        "MONTH_DAYS",
        "Milestone",
        "Money",
        "Pair",
        "Parameters",
        "Policy",
        "Precision",
        "Predicate",
        "PriceChange",
        "Publication",
        "REGIONS",
        "RelativeWhen",
        "Release",
        "Score",
        "Source",
        "Span",
        "Statement",
        "TRUE_",
        "Timeline",
        "TimelineError",
        "Training",
        "Truth",
        "When",
        "all_",
        "any_",
        "catch_up",
        "catch_up_pairs",
        "col",
        "datasets",
        "days",
        "definitely",
        "engines",
        "exceptions",
        "frontier",
        "frontier_lag",
        "frontier_lag_arrays",
        "io",
        "is_a",
        "lag",
        "months",
        "possibly",
        "relations",
        "scan",
        "tagged",
        "weeks",
    }
)
"""Every name in ``aitimeline.__all__``."""

EXPECTED_MODULE_ALL: dict[str, frozenset[str]] = {
    "aitimeline.datasets": frozenset(
        {
            "ai_race",
        }
    ),
    "aitimeline.engines": frozenset(
        {
            "compile_predicate",
            "connect",
            "scan",
            "to_sql",
        }
    ),
    "aitimeline.exceptions": frozenset(
        {
            "ContradictionError",
            "DataFileError",
            "DateError",
            "DateParseError",
            "DuplicateIdError",
            "InvalidEventError",
            "MetricError",
            "NaiveDatetimeError",
            "PlotError",
            "QueryError",
            "TimelineError",
            "UnknownFieldError",
            "UnknownIdError",
        }
    ),
    "aitimeline.io": frozenset(
        {
            "FORMAT",
            "JSONValue",
            "LoadSummary",
            "LoadedTable",
            "ROW_COLUMNS",
            "dumps",
            "event_from_dict",
            "event_from_row",
            "event_to_dict",
            "event_to_row",
            "format_table",
            "loads",
            "parquet_schema",
            "read_csv",
            "read_epoch_csv",
            "read_json",
            "read_lmarena_csv",
            "read_long_scores",
            "read_parquet",
            "row_columns",
            "write_csv",
            "write_json",
            "write_parquet",
        }
    ),
    "aitimeline.plot": frozenset(
        {
            "KIND_STYLES",
            "KindStyle",
            "MergedLabel",
            "OKABE_ITO",
            "PlacedLabel",
            "THEMES",
            "Theme",
            "TimelineLayout",
            "default_label",
            "default_priority",
            "frontier",
            "lag",
            "layout",
            "save",
            "timeline",
        }
    ),
    "aitimeline.strategies": frozenset(
        {
            "dates",
            "events",
            "money",
            "predicates",
            "sources",
            "spans",
            "timelines",
            "whens",
        }
    ),
}
"""Every public module (no leading underscore) and the names in its ``__all__``."""

NOT_IMPORTED_BY_PACKAGE = (
    "hypothesis",
    "matplotlib",
    "pandas",
    "polars",
    "pyarrow",
    "ibis",
    "duckdb",
    "pyspark",
)
"""Optional or development-only packages that ``import aitimeline`` must not load."""

SRC = Path(aitimeline.__file__).resolve().parents[1]


def all_order_key(name: str) -> tuple[int, str]:
    """Sort as ruff's RUF022 does: SCREAMING_CASE, then CamelCase, then everything else."""
    if name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def public_modules() -> list[str]:
    """Return the public modules and subpackages of aitimeline found in the source tree."""
    return sorted(
        f"aitimeline.{info.name}"
        for info in pkgutil.iter_modules(aitimeline.__path__)
        if not info.name.startswith("_")
    )


def test_all_matches_expected() -> None:
    """Export exactly the expected names from the package root."""
    assert sorted(EXPECTED_ALL) == sorted(aitimeline.__all__)


def test_all_is_sorted_without_duplicates() -> None:
    """Keep ``__all__`` sorted (constants, classes, functions) and free of duplicates."""
    assert sorted(aitimeline.__all__, key=all_order_key) == list(aitimeline.__all__)
    assert len(set(aitimeline.__all__)) == len(aitimeline.__all__)


@pytest.mark.parametrize("name", sorted(EXPECTED_ALL))
def test_exported_name_exists(name: str) -> None:
    """Resolve every exported name on the package."""
    assert hasattr(aitimeline, name)


def test_star_import_gives_all() -> None:
    """Bring exactly ``__all__`` into a namespace with ``from aitimeline import *``."""
    namespace: dict[str, object] = {}
    exec("from aitimeline import *", namespace)  # noqa: S102 - a fixed, trusted statement
    del namespace["__builtins__"]
    assert set(aitimeline.__all__) == set(namespace)


def test_public_names_are_exported() -> None:
    """List every public non-module name of the package in ``__all__`` (httpx style)."""
    unlisted = [
        name
        for name, value in vars(aitimeline).items()
        if not name.startswith("_")
        and name != "annotations"  # from __future__ import annotations
        and not isinstance(value, types.ModuleType)
        and name not in aitimeline.__all__
    ]
    assert [] == unlisted


def test_submodule_attributes_are_public_modules() -> None:
    """Expose as attributes only submodules that are pinned here (or private ones)."""
    exposed = {
        f"aitimeline.{name}"
        for name, value in vars(aitimeline).items()
        if isinstance(value, types.ModuleType) and not name.startswith("_")
    }
    assert set() == exposed - set(EXPECTED_MODULE_ALL)


def test_every_public_module_is_pinned() -> None:
    """Pin the ``__all__`` of every public module in the source tree."""
    assert sorted(EXPECTED_MODULE_ALL) == public_modules()


@pytest.mark.parametrize("module_name", sorted(EXPECTED_MODULE_ALL))
def test_public_module_all(module_name: str) -> None:
    """Export exactly the expected names, sorted, each resolvable, from a public module."""
    module = importlib.import_module(module_name)
    exported: list[str] = list(module.__all__)
    assert sorted(EXPECTED_MODULE_ALL[module_name]) == sorted(exported)
    assert sorted(exported, key=all_order_key) == exported
    assert len(set(exported)) == len(exported)
    assert [] == [name for name in exported if not hasattr(module, name)]


@pytest.mark.parametrize("module_name", sorted(EXPECTED_MODULE_ALL))
def test_public_module_defines_nothing_unlisted(module_name: str) -> None:
    """Prefix with ``_`` every class or function a public module defines but does not export."""
    module = importlib.import_module(module_name)
    unlisted = [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == module_name
        and name not in module.__all__
    ]
    assert [] == unlisted


def test_import_does_not_load_optional_dependencies() -> None:
    """Import aitimeline in a fresh interpreter without loading matplotlib, pandas and co."""
    code = (
        "import json, sys\n"
        "import aitimeline\n"
        f"banned = {NOT_IMPORTED_BY_PACKAGE!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.partition('.')[0] in banned)))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(  # noqa: S603 - runs this interpreter on fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert [] == json.loads(result.stdout)
