"""The record layer's names, low-level ones included: ``from aitimeline.events import ...``.

:mod:`aitimeline` exports the records a notebook builds and reads (``Event``, ``Release``,
``ExportControl``, ``Money``...); this module keeps every public name of the record layer in
one place, including the kind registry (:data:`EVENT_KINDS`, :func:`register_kind`), the
vocabularies (:data:`COUNTRY_CODES`, :data:`REGIONS`) and the period rule
(:func:`period_field`, :func:`as_period`, :func:`as_instant`).

>>> from aitimeline.events import EVENT_KINDS, ExportControl, period_field
>>> EVENT_KINDS["export_control"] is ExportControl, period_field(ExportControl)
(True, 'in_force')
"""

from __future__ import annotations

from aitimeline._events import (
    COUNTRY_CODES,
    EVENT_KINDS,
    EXPORT_ACTIONS,
    IPO,
    REGIONS,
    RELEASE_STAGES,
    ChipHours,
    DateClaim,
    Event,
    ExportAction,
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
    register_kind,
    registered_kind,
    unregister_kind,
)
from aitimeline._periods import as_instant, as_period, period_field

__all__ = [
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
]
