"""Pin the public API: what ``aitimeline`` and its public modules export.

An accidental export, or a lost one, fails here (as in httpx's test_exported_members). Adding a
public name is a one-line edit of the expected set below; adding a public module is one entry
in ``EXPECTED_MODULE_ALL``.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import json
import os
import pkgutil
import subprocess
import sys
import types
import warnings
from pathlib import Path

import pytest

import aitimeline

EXPECTED_ALL = frozenset(
    {
        "ApproxPolicy",
        "AsOf",
        "AsOfTable",
        "CatchUp",
        "CatchUpPairs",
        "ChipHours",
        "Counts",
        "DateClaim",
        "DayRange",
        "Event",
        "ExportControl",
        "FALSE_",
        "Founding",
        "Frontier",
        "GapRule",
        "Overlap",
        "Significance",
        "VerticalGap",
        "FrontierLag",
        "Hardware",
        "IPO",
        "Investment",
        "Lag",
        "Milestone",
        "Money",
        "Parameters",
        "Policy",
        "Precision",
        "Predicate",
        "PriceChange",
        "Publication",
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
        "claims",
        "col",
        "datasets",
        "dates",
        "days",
        "definitely",
        "engines",
        "events",
        "exceptions",
        "frontier",
        "frontier_lag",
        "io",
        "is_a",
        "lag",
        "lags",
        "metrics",
        "months",
        "possibly",
        "query",
        "relations",
        "scan",
        "tagged",
        "weeks",
    }
)
"""Every name in ``aitimeline.__all__``."""

MOVED: dict[str, str] = {
    "Allen": "aitimeline.dates",
    "ArrayLag": "aitimeline.metrics",
    "COUNTRY_CODES": "aitimeline.events",
    "Censored": "aitimeline.metrics",
    "DailyPoint": "aitimeline.metrics",
    "EVENT_KINDS": "aitimeline.events",
    "FrontierStep": "aitimeline.metrics",
    "LevelPoint": "aitimeline.metrics",
    "MAX_DATE": "aitimeline.dates",
    "MIN_DATE": "aitimeline.dates",
    "MONTH_DAYS": "aitimeline.dates",
    "Pair": "aitimeline.metrics",
    "REGIONS": "aitimeline.events",
    "frontier_lag_arrays": "aitimeline.metrics",
}
"""Low-level names once exported by the root: they resolve there with a DeprecationWarning."""

DESIGN_NAMES = (
    "When",
    "Span",
    "Truth",
    "Timeline",
    "col",
    "is_a",
    "tagged",
    "possibly",
    "definitely",
    "Release",
    "lag",
    "catch_up",
    "frontier_lag",
    "datasets",
    "io",
)
"""The root names DESIGN.md's public surface uses: they must resolve without a warning."""

EXPECTED_MODULE_ALL: dict[str, frozenset[str]] = {
    "aitimeline.epoch": frozenset(
        {
            "CHINA",
            "CLOSED_WEIGHTS",
            "DATA_FILES",
            "FIGURES",
            "FINETUNED_2024",
            "NOT_OPEN_WEIGHTS",
            "OPEN_WEIGHTS",
            "US",
            "Reproduction",
            "gap_sensitivity",
            "load",
            "not_finetuned",
            "read",
            "reproduce",
            "scores_2024",
        }
    ),
    "aitimeline.claims": frozenset(
        {
            "ARTICLE",
            "AllOf",
            "AnyOf",
            "CLAIMS_FORMAT",
            "COMPARISONS",
            "Check",
            "CheckedClaims",
            "Claim",
            "DEFAULT",
            "Evidence",
            "FactIs",
            "FirstAmong",
            "InForce",
            "LENIENT",
            "LagIs",
            "LargestAmong",
            "Not",
            "OnDate",
            "Order",
            "Outcome",
            "PHRASES",
            "READINGS",
            "RatioIs",
            "Reading",
            "STRICT",
            "SamePeriod",
            "VAGUE_DURATIONS",
            "Verdict",
            "check",
            "claims_from_dict",
            "claims_to_dict",
            "dumps_claims",
            "fact",
            "first_among",
            "in_force",
            "lag_is",
            "largest_among",
            "loads_claims",
            "on_date",
            "order",
            "ratio",
            "read_claims",
            "reading_named",
            "resolve_phrase",
            "same_period",
            "write_claims",
        }
    ),
    "aitimeline.datasets": frozenset(
        {
            "EPOCH_SNAPSHOTS",
            "EpochSnapshot",
            "SnapshotWarning",
            "ai_race",
            "eci",
            "eci_scores",
            "epoch_models",
            "fetch_epoch",
            "gsm1k_2024",
            "open_models_2024",
            "article_claims",
        }
    ),
    "aitimeline.dates": frozenset(
        {
            "ACCEPTED_FORMS",
            "MAX_DATE",
            "MIN_DATE",
            "MONTH_DAYS",
            "OPEN_ALWAYS",
            "READ_FORMS",
            "UNITS",
            "UNKNOWN_DAY",
            "Allen",
            "ApproxPolicy",
            "DateLike",
            "DayRange",
            "EndForm",
            "EndState",
            "Precision",
            "Reading",
            "RelativeWhen",
            "Span",
            "Temporal",
            "TemporalLike",
            "Truth",
            "Unit",
            "When",
            "days",
            "describe",
            "months",
            "relations",
            "to_edtf",
            "to_label",
            "weeks",
        }
    ),
    "aitimeline.events": frozenset(
        {
            "COUNTRY_CODES",
            "EVENT_KINDS",
            "EXPORT_ACTIONS",
            "IPO",
            "REGIONS",
            "RELEASE_STAGES",
            "ChipHours",
            "DateClaim",
            "Event",
            "ExportAction",
            "ExportControl",
            "Founding",
            "Hardware",
            "Investment",
            "Milestone",
            "Money",
            "Parameters",
            "Policy",
            "PriceChange",
            "Publication",
            "Release",
            "Score",
            "Source",
            "Statement",
            "Training",
            "as_instant",
            "as_period",
            "period_field",
            "register_kind",
            "registered_kind",
            "unregister_kind",
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
            "ClaimError",
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
            "ROW_COLUMNS",
            "ReadResult",
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
    "aitimeline.metrics": frozenset(
        {
            "ArrayLag",
            "CatchUp",
            "CatchUpPairs",
            "Censored",
            "DailyPoint",
            "Frontier",
            "FrontierLag",
            "FrontierStep",
            "GapRule",
            "Lag",
            "LagArray",
            "LagStats",
            "LevelPoint",
            "Method",
            "Overlap",
            "Pair",
            "Significance",
            "Transform",
            "VerticalGap",
            "catch_up",
            "catch_up_pairs",
            "frontier",
            "frontier_lag",
            "frontier_lag_arrays",
            "lag",
            "lags",
        }
    ),
    "aitimeline.plot": frozenset(
        {
            "DEFAULT_KINDS",
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
            "headline",
            "lag",
            "layout",
            "save",
            "sensitivity",
            "timeline",
        }
    ),
    "aitimeline.query": frozenset(
        {
            "FALSE_",
            "TRUE_",
            "Column",
            "Predicate",
            "all_",
            "any_",
            "col",
            "definitely",
            "is_a",
            "kinds",
            "known_fields",
            "possibly",
            "tagged",
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


@pytest.mark.parametrize(("name", "home"), sorted(MOVED.items()))
def test_moved_name_warns_and_resolves_from_its_home(name: str, home: str) -> None:
    """Resolve a moved name at the root with a DeprecationWarning naming its new module."""
    assert name not in aitimeline.__all__
    assert name in importlib.import_module(home).__all__
    with pytest.warns(DeprecationWarning, match=rf"aitimeline\.{name} is deprecated.*{home}"):
        value = getattr(aitimeline, name)
    assert value is getattr(importlib.import_module(home), name)


def test_design_names_resolve_without_warnings() -> None:
    """Use DESIGN.md's public names from the root with warnings as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in DESIGN_NAMES:
            assert getattr(aitimeline, name) is not None
        for name in aitimeline.__all__:
            getattr(aitimeline, name)


def test_unknown_root_name_is_an_attribute_error() -> None:
    """Raise AttributeError (not a warning) for a name the root never had."""
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        getattr(aitimeline, "no_such_name")  # noqa: B009 - the dynamic lookup is the test


def test_version_is_the_distribution_version() -> None:
    """Expose ``__version__``: the installed distribution's version string."""
    assert aitimeline.__version__ == importlib.metadata.version("aitimeline")
    from aitimeline import __version__  # noqa: PLC0415 - the from-import form, too

    assert __version__ == aitimeline.__version__


def test_version_from_an_uninstalled_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fall back to ``0+unknown`` when the distribution is not installed."""

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert "0+unknown" == aitimeline._version()


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
