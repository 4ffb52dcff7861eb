"""Deprecated home of the lag and frontier code; kept so that old imports keep working.

The code now lives in :mod:`aitimeline._lags` (event lags and catch-up),
:mod:`aitimeline._frontier` (frontiers and frontier lags from score events) and
:mod:`aitimeline._frontier_arrays` (the array kernels). This module only re-exports them.
"""

from __future__ import annotations

from aitimeline._frontier import (
    DailyPoint,
    Frontier,
    FrontierLag,
    FrontierStep,
    Transform,
    _day,
    frontier,
    frontier_lag,
)
from aitimeline._frontier_arrays import ArrayLag, Method, frontier_lag_arrays
from aitimeline._lags import (
    CatchUp,
    CatchUpPairs,
    Censored,
    Instant,
    Lag,
    LagStats,
    Pair,
    catch_up,
    catch_up_pairs,
    lag,
)

__all__ = [
    "ArrayLag",
    "CatchUp",
    "CatchUpPairs",
    "Censored",
    "DailyPoint",
    "Frontier",
    "FrontierLag",
    "FrontierStep",
    "Instant",
    "Lag",
    "LagStats",
    "Method",
    "Pair",
    "Transform",
    "_day",
    "catch_up",
    "catch_up_pairs",
    "frontier",
    "frontier_lag",
    "frontier_lag_arrays",
    "lag",
]
