"""Fuzzy dates and periods: :class:`When`, :class:`RelativeWhen` and :class:`Span`.

A :class:`When` is one unknown day known to lie in ``[earliest, latest]`` (inclusive), with the
:class:`Precision` its source stated. A :class:`Span` is a period that holds on every day from
its start to its end, each end itself a :class:`When`; ``end=None`` means still in force.
Comparisons between them are three-valued (:class:`Truth`): ``TRUE`` when every completion of the
fuzzy dates satisfies the relation, ``FALSE`` when none does, ``UNKNOWN`` otherwise.

Days are UTC calendar days. Time is discrete: an instant on day *d* occupies ``[d, d + 1)`` and a
span ``[s, e]`` occupies ``[s, e + 1)``, which is how Allen's thirteen interval relations are
applied (:func:`relations`).

The date layer's rooms, lowest first: ``_truth`` (Kleene logic), ``_calendar`` (precisions,
the unit table, sentinels, :class:`ApproxPolicy`), ``_ranges`` (:class:`DayRange`),
``_relations`` (Allen's relations), ``_offsets`` (relative statements), ``_edtf`` (EDTF text),
``_wording`` (dates in words), ``_when`` (:class:`When`, :class:`RelativeWhen`) and ``_span``
(:class:`Span`). This module is their facade: it re-exports their names and adds
:func:`relations`.
"""

from __future__ import annotations

from aitimeline._calendar import (
    MAX_DATE,
    MIN_DATE,
    MONTH_DAYS,
    ApproxPolicy,
    EndForm,
    Precision,
)
from aitimeline._ranges import DayRange, days, months, weeks
from aitimeline._relations import Allen
from aitimeline._relations import relation_set as _relation_set
from aitimeline._span import OPEN_ALWAYS, UNKNOWN_DAY, Span, Temporal, TemporalLike
from aitimeline._truth import Truth
from aitimeline._when import DateLike, RelativeWhen, When, coerce
from aitimeline._wording import Reading

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "MONTH_DAYS",
    "OPEN_ALWAYS",
    "UNKNOWN_DAY",
    "Allen",
    "ApproxPolicy",
    "DateLike",
    "DayRange",
    "EndForm",
    "Precision",
    "Reading",
    "RelativeWhen",
    "Span",
    "Temporal",
    "TemporalLike",
    "Truth",
    "When",
    "days",
    "months",
    "relations",
    "weeks",
]


def relations(a: TemporalLike, b: TemporalLike) -> frozenset[Allen]:
    """Return every Allen relation of *a* to *b* that some completion of their dates realises.

    >>> sorted(r.value for r in relations("2024-09-12", "2024-09-13"))
    ['meets']
    >>> sorted(r.value for r in relations("2024-09", "2024-09-20"))
    ['equals', 'meets', 'met-by', 'preceded-by', 'precedes']
    """
    return _relation_set(coerce(a).ordinal_bounds(), coerce(b).ordinal_bounds())
