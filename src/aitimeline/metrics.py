"""The metrics layer's names, low-level ones included: ``from aitimeline.metrics import ...``.

:mod:`aitimeline` exports what a notebook asks (:func:`lag`, :func:`catch_up`,
:func:`frontier_lag` and their results); this module keeps every public name of lags,
frontiers and gap methods in one place, including lags over arrays (:func:`lags` and its
:class:`LagArray`), the statistics every result shares (:class:`LagStats`), the array kernel
(:func:`frontier_lag_arrays` and its :class:`ArrayLag`) and the element types of results
(:class:`Pair`, :class:`Censored`, :class:`DailyPoint`, :class:`FrontierStep`,
:class:`LevelPoint`).

>>> from aitimeline.metrics import frontier_lag_arrays
>>> frontier_lag_arrays([0, 100], [1.0, 2.0], [50, 150], [1.0, 2.0]).lag_days.tolist()
[50.0, 50.0]
"""

from __future__ import annotations

from aitimeline._gaps import GapRule, LevelPoint, Overlap, Significance, VerticalGap
from aitimeline._metrics import (
    ArrayLag,
    CatchUp,
    CatchUpPairs,
    Censored,
    DailyPoint,
    Frontier,
    FrontierLag,
    FrontierStep,
    Lag,
    LagArray,
    LagStats,
    Method,
    Pair,
    Transform,
    catch_up,
    catch_up_pairs,
    frontier,
    frontier_lag,
    frontier_lag_arrays,
    lag,
    lags,
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
]
