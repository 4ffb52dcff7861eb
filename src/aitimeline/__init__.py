"""aitimeline: the AI race as a typed, sourced timeline.

Fuzzy dates with three-valued comparisons, immutable sourced event records, a query algebra,
interval-valued lags and frontiers, and timeline plots (in :mod:`aitimeline.plot`, which is the
only module that imports matplotlib).
"""

from __future__ import annotations

from aitimeline import exceptions
from aitimeline._dates import (
    MAX_DATE,
    MIN_DATE,
    MONTH_DAYS,
    Allen,
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
from aitimeline.exceptions import TimelineError

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "MONTH_DAYS",
    "Allen",
    "ApproxPolicy",
    "DayRange",
    "Precision",
    "RelativeWhen",
    "Span",
    "TimelineError",
    "Truth",
    "When",
    "days",
    "exceptions",
    "months",
    "relations",
    "weeks",
]
