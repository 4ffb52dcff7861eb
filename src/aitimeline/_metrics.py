"""Deprecated home of the lag and frontier code; kept so that old imports keep working.

The code now lives in :mod:`aitimeline._lags` (event lags), :mod:`aitimeline._lag_arrays`
(lags over arrays), :mod:`aitimeline._catch_up` (catch-up between groups),
:mod:`aitimeline._frontier` (frontiers and frontier lags from score events) and
:mod:`aitimeline._frontier_arrays` (the array kernels). This module only re-exports them.
"""

from __future__ import annotations

from aitimeline._catch_up import CatchUp, CatchUpPairs, catch_up, catch_up_pairs
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
from aitimeline._lag_arrays import LagArray, lags
from aitimeline._lags import Censored, Instant, Lag, LagStats, Pair, lag

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
    "LagArray",
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
    "lags",
]
