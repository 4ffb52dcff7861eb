"""Periods: :class:`Span`, a period that holds on every day from its start to its end.

Each end is a :class:`~aitimeline.When`; ``end=None`` means still in force. A span ``[s, e]``
occupies the days ``[s, e + 1)``, which is how Allen's relations are applied to it.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeAlias

import attrs
import pendulum

from aitimeline import _edtf
from aitimeline._calendar import MAX_DATE, MAX_ORDINAL, MIN_DATE, Precision
from aitimeline._ranges import DayRange
from aitimeline._relations import Bounds as _Bounds
from aitimeline._relations import TemporalBase as _TemporalBase
from aitimeline._when import When, coerce, require_text
from aitimeline.exceptions import DateError, DateParseError

__all__ = ["OPEN_ALWAYS", "UNKNOWN_DAY", "Span", "Temporal", "TemporalLike"]


OPEN_ALWAYS: When = When(MIN_DATE, MAX_DATE, Precision.DAY, ends=(_edtf.OPEN, _edtf.OPEN))
"""``When.parse("../..")``: no bound on either side; as a span's start, "since always"."""
UNKNOWN_DAY: When = When(MIN_DATE, MAX_DATE, Precision.DAY, ends=(_edtf.UNKNOWN, _edtf.UNKNOWN))
"""A day nobody knows; a span's end (or start) stated as unknown (EDTF: empty)."""


def _when_field(value: When | str | dt.date) -> When:
    return When.coerce(value)


def _optional_when(value: When | str | dt.date | None) -> When | None:
    return None if value is None else When.coerce(value)


@attrs.frozen(repr=False, order=False)
class Span(_TemporalBase):
    """A period that holds on every day from *start* to *end*; ``end=None``: still in force.

    Each end is a :class:`When`, so "from October 2022 until some day in 2025" is
    ``Span("2022-10", "2025")``. A span still in force holds through :data:`MAX_DATE`.

    >>> ban = Span("2022-10-07", "2025-12-08")
    >>> ban.contains("2024-09")
    Truth.TRUE
    >>> ban.overlaps("2025-12")   # some day in December: before or after the 8th?
    Truth.UNKNOWN
    """

    start: When = attrs.field(converter=_when_field)
    """The first day of the period (possibly fuzzy)."""
    end: When | None = attrs.field(default=None, converter=_optional_when)
    """The last day of the period (possibly fuzzy), or None while still in force."""

    def __attrs_post_init__(self) -> None:
        """Reject an end that is definitely before the start."""
        if self.end is not None and self.end.latest < self.start.earliest:
            msg = (
                f"end={self.end.to_edtf()!r} is before start={self.start.to_edtf()!r}; "
                "a span ends on or after the day it starts"
            )
            raise DateError(msg)

    @staticmethod
    def parse(text: str) -> Span:
        """Read ``START/END`` with single-date ends.

        An END of ``..`` is open: the period is still in force. An empty END is unknown: the
        period ended on some day nobody knows (EDTF keeps the two apart). A START of ``..``
        is open (the period held from before any record); an empty START is unknown.

        >>> Span.parse("2022-10-07/..").is_open
        True
        >>> Span.parse("2022-10-07/").is_open, Span.parse("2022-10-07/").is_end_unknown
        (False, True)
        """
        parts = require_text(text).strip().split("/")
        if len(parts) != 2:
            msg = f"cannot parse {text!r} as a span: expected START/END (END may be '..' or empty)"
            raise DateParseError(msg)
        start, end = (p.strip() for p in parts)
        if not (start or end):
            msg = f"cannot parse {text!r} as a span: both ends are empty; give at least one"
            raise DateParseError(msg)
        ends = {"": UNKNOWN_DAY, "..": OPEN_ALWAYS}
        return Span(
            ends.get(start) or When.parse(start),
            None if end == ".." else ends.get(end) or When.parse(end),
        )

    @property
    def earliest(self) -> pendulum.Date:
        """Return the earliest day the period may start."""
        return self.start.earliest

    @property
    def latest(self) -> pendulum.Date:
        """Return the latest day the period may end (``MAX_DATE`` if still in force)."""
        return MAX_DATE if self.end is None else self.end.latest

    @property
    def is_open(self) -> bool:
        """Whether the period is still in force (no end)."""
        return self.end is None

    @property
    def is_open_start(self) -> bool:
        """Whether the period held from before any record (EDTF ``../END``)."""
        return self.start == OPEN_ALWAYS

    @property
    def is_start_unknown(self) -> bool:
        """Whether the period started on a day nobody knows (EDTF ``/END``)."""
        return self.start == UNKNOWN_DAY

    @property
    def is_end_unknown(self) -> bool:
        """Whether the period ended on a day nobody knows (EDTF ``START/``), not in force."""
        return self.end == UNKNOWN_DAY

    def to_edtf(self) -> str:
        """Return ``START/END`` in EDTF: ``..`` for an open end, nothing for an unknown one.

        Raises:
            DateError: an end is itself a range with no single EDTF form.

        >>> Span.parse("2022-10-07/").to_edtf()
        '2022-10-07/'
        """
        return f"{_span_end(self.start, 'start')}/{_span_end(self.end, 'end')}"

    def __str__(self) -> str:
        """Return ``START → END`` (``in force`` when open, ``?`` when unknown)."""
        start = _span_end(self.start, "start", strict=False) or "?"
        end = "in force" if self.end is None else _span_end(self.end, "end", strict=False) or "?"
        return f"{start} \N{RIGHTWARDS ARROW} {end}"

    def __repr__(self) -> str:
        """Return ``Span('start', 'end')``, or ``Span.parse('...')`` for open or unknown ends."""
        if self.is_open_start or self.is_start_unknown or self.is_end_unknown:
            return f"Span.parse({self.to_edtf()!r})"
        if self.end is None:
            return f"Span({self.start.to_edtf()!r})"
        return f"Span({self.start.to_edtf()!r}, {self.end.to_edtf()!r})"

    def describe(self) -> str:
        """Return an English description such as ``'from 7 October 2022, still in force'``."""
        start = (
            "an open start"
            if self.is_open_start
            else "an unknown day"
            if self.is_start_unknown
            else self.start.describe()
        )
        if self.end is None:
            return f"from {start}, still in force"
        end = "an unknown day" if self.is_end_unknown else self.end.describe()
        return f"from {start} to {end}"

    def bounds_of(self, other: object) -> _Bounds:
        """Return the bounds of *other*, read with :meth:`When.parse` unless a When or Span."""
        return coerce(other).ordinal_bounds()

    def sort_key(self) -> tuple[int, ...]:
        """Return a total-order key that extends "definitely before" (see :meth:`When.sort_key`)."""
        end_key = (MAX_ORDINAL,) * 6 if self.end is None else self.end.sort_key()
        first = (self.start.earliest_ordinal, self.latest.toordinal(), 1)
        return (*first, *self.start.sort_key(), *end_key)

    def ordinal_bounds(self) -> _Bounds:
        """Return the normalised start and end bounds as day ordinals (see :class:`When`)."""
        s_lo, s_hi = self.start.earliest_ordinal, self.start.latest_ordinal
        if self.is_open_start:
            s_hi = s_lo  # held from the first day of the calendar
        if self.end is None:
            e_lo = e_hi = MAX_ORDINAL
        else:
            e_lo, e_hi = self.end.earliest_ordinal, self.end.latest_ordinal
        # Normalise so that every bound is attained by a completion with start <= end.
        return (s_lo, min(s_hi, e_hi), max(e_lo, s_lo), e_hi, False)

    def duration(self) -> DayRange:
        """Return how many days the period lasts (first and last day included).

        Raises:
            DateError: the period is still in force.
        """
        if self.end is None or self.is_end_unknown or self.is_open_start:
            what = "is still in force" if self.end is None else "has an open or unknown end"
            msg = f"{self!r} {what}; its duration is not known"
            raise DateError(msg)
        s_lo, s_hi, e_lo, e_hi, _ = self.ordinal_bounds()
        return DayRange(max(e_lo - s_hi, 0) + 1, e_hi - s_lo + 1)


Temporal: TypeAlias = When | Span
"""Anything with a place on the timeline: an instant or a period."""
TemporalLike: TypeAlias = When | Span | str | dt.date
"""What relation arguments accept."""


def _span_end(w: When | None, which: str, *, strict: bool = True) -> str:
    if w is None:
        return ".."
    if w == OPEN_ALWAYS:
        return ".."
    if w == UNKNOWN_DAY:
        return ""
    text = w.to_edtf()
    if strict and "/" in text:
        msg = f"span {which} {text!r} is a range; EDTF cannot nest it in an interval"
        raise DateError(msg)
    return text
