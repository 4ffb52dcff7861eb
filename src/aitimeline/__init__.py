"""aitimeline: the AI race as a typed, sourced timeline.

Fuzzy dates with three-valued comparisons, immutable sourced event records, a query algebra,
interval-valued lags and frontiers, and timeline plots (in :mod:`aitimeline.plot`, which is the
only module that imports matplotlib).

``import aitimeline as at`` gives what a notebook needs; every layer's low-level names live in
its public module (:mod:`aitimeline.dates`, :mod:`aitimeline.events`, :mod:`aitimeline.query`,
:mod:`aitimeline.metrics`). The few that used to be exported here still resolve, with a
:class:`DeprecationWarning` naming their new home.
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing
import warnings as _warnings

from aitimeline import (
    claims,
    datasets,
    dates,
    engines,
    events,
    exceptions,
    io,
    metrics,
    query,
)
from aitimeline._dates import (
    ApproxPolicy,
    DayRange,
    Precision,
    RelativeWhen,
    Span,
    Truth,
    When,
    days,
    months,
    relations,
    weeks,
)
from aitimeline._events import (
    IPO,
    ChipHours,
    DateClaim,
    Event,
    ExportControl,
    Founding,
    Hardware,
    Investment,
    Milestone,
    Money,
    Parameters,
    Policy,
    PriceChange,
    Publication,
    Release,
    Score,
    Source,
    Statement,
    Training,
)
from aitimeline._gaps import GapRule, Overlap, Significance, VerticalGap
from aitimeline._metrics import (
    CatchUp,
    CatchUpPairs,
    Frontier,
    FrontierLag,
    Lag,
    catch_up,
    catch_up_pairs,
    frontier,
    frontier_lag,
    lag,
    lags,
)
from aitimeline._query import (
    FALSE_,
    TRUE_,
    Predicate,
    all_,
    any_,
    col,
    definitely,
    is_a,
    possibly,
    tagged,
)
from aitimeline._timeline import AsOf, AsOfTable, Counts, Timeline
from aitimeline.engines import scan
from aitimeline.exceptions import TimelineError

__all__ = [
    "FALSE_",
    "IPO",
    "TRUE_",
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
    "Founding",
    "Frontier",
    "FrontierLag",
    "GapRule",
    "Hardware",
    "Investment",
    "Lag",
    "Milestone",
    "Money",
    "Overlap",
    "Parameters",
    "Policy",
    "Precision",
    "Predicate",
    "PriceChange",
    "Publication",
    "RelativeWhen",
    "Release",
    "Score",
    "Significance",
    "Source",
    "Span",
    "Statement",
    "Timeline",
    "TimelineError",
    "Training",
    "Truth",
    "VerticalGap",
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
]


def _version() -> str:
    # importlib.metadata costs more to import than some layers: read it on first use only
    import importlib.metadata  # noqa: PLC0415

    try:
        return importlib.metadata.version(__name__)
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "0+unknown"


if _typing.TYPE_CHECKING:
    __version__: str
    """The installed distribution's version (``"0+unknown"`` from an uninstalled tree)."""

_MOVED: dict[str, str] = {
    "COUNTRY_CODES": "aitimeline.events",
    "EVENT_KINDS": "aitimeline.events",
    "REGIONS": "aitimeline.events",
    "MAX_DATE": "aitimeline.dates",
    "MIN_DATE": "aitimeline.dates",
    "MONTH_DAYS": "aitimeline.dates",
    "Allen": "aitimeline.dates",
    "ArrayLag": "aitimeline.metrics",
    "Censored": "aitimeline.metrics",
    "DailyPoint": "aitimeline.metrics",
    "FrontierStep": "aitimeline.metrics",
    "LevelPoint": "aitimeline.metrics",
    "Pair": "aitimeline.metrics",
    "frontier_lag_arrays": "aitimeline.metrics",
}
"""Low-level names that moved from the package root to a public submodule (deprecated here)."""


# Type checkers see no root attribute for a moved name, so they flag its use.
if not _typing.TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        """Resolve ``__version__`` lazily, and a moved name from its new module, warning."""
        if name == "__version__":
            version = globals()["__version__"] = _version()
            return version
        home = _MOVED.get(name)
        if home is None:
            msg = f"module {__name__!r} has no attribute {name!r}"
            raise AttributeError(msg)
        _warnings.warn(
            f"aitimeline.{name} is deprecated; import it from {home} (from {home} import {name})",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(_importlib.import_module(home), name)
