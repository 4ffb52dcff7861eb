"""The date layer's names, low-level ones included: ``from aitimeline.dates import ...``.

:mod:`aitimeline` exports what a notebook needs (``When``, ``Span``, ``Truth``, ...); this module
keeps every public name of the date layer in one place, including the building blocks that
vectorised and storage code use: the unit table, the end forms of a range, the reading policy
for dates in words, and the EDTF writers.

>>> from aitimeline.dates import When, to_label
>>> to_label(When.parse("2024-36"))
'2024-Q4'
"""

from __future__ import annotations

from aitimeline._calendar import (
    MAX_DATE,
    MIN_DATE,
    MONTH_DAYS,
    UNITS,
    ApproxPolicy,
    EndForm,
    EndState,
    Precision,
    Unit,
)
from aitimeline._dates import (
    OPEN_ALWAYS,
    UNKNOWN_DAY,
    DateLike,
    RelativeWhen,
    Span,
    Temporal,
    TemporalLike,
    When,
    relations,
)
from aitimeline._edtf import ACCEPTED_FORMS, to_edtf, to_label
from aitimeline._ranges import DayRange, days, months, weeks
from aitimeline._relations import Allen
from aitimeline._truth import Truth
from aitimeline._wording import READ_FORMS, Reading, describe

__all__ = [
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
]
