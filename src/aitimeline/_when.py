"""One fuzzy day: :class:`When` and :class:`RelativeWhen` ("a week before X").

A :class:`When` is one unknown day known to lie in ``[earliest, latest]`` (inclusive), with the
:class:`~aitimeline.dates.Precision` its source stated. Comparisons are three-valued
(:class:`~aitimeline.Truth`). Periods (:class:`~aitimeline.Span`) live in ``_span``, and
``_dates`` is the facade of the date layer that re-exports both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TypeAlias

import attrs
import pendulum

from aitimeline import _edtf, _wording
from aitimeline._calendar import (
    MAX_DATE,
    MIN_DATE,
    ApproxPolicy,
    EndForm,
    Precision,
)
from aitimeline._calendar import checked_day as _checked_day
from aitimeline._calendar import checked_unit as _checked_unit
from aitimeline._calendar import checked_week as _checked_week
from aitimeline._calendar import from_ordinal as _from_ordinal
from aitimeline._calendar import to_date as _to_date
from aitimeline._calendar import to_precision as _to_precision
from aitimeline._offsets import Qualifier as _Qualifier
from aitimeline._offsets import resolve as _resolve
from aitimeline._ranges import DayRange
from aitimeline._relations import Bounds as _Bounds
from aitimeline._relations import TemporalBase as _TemporalBase
from aitimeline._wording import Reading
from aitimeline.exceptions import ContradictionError, DateError, DateParseError

__all__ = ["DateLike", "RelativeWhen", "When", "coerce", "require_text"]


def _default_ends(w: When) -> tuple[EndForm, EndForm] | None:
    return _edtf.default_ends(
        w.earliest, w.latest, w.precision, approximate=w.approximate, uncertain=w.uncertain
    )


def _parses_back(text: str, w: When) -> bool:
    try:
        return When.parse(text) == w
    except DateError:
        return False


def _plain(p: _edtf.Parsed | When, ends: tuple[EndForm, EndForm] | None) -> When:
    """Return a plain When with the bounds and qualifiers of *p* and the end forms *ends*."""
    return When(
        p.earliest,
        p.latest,
        p.precision,
        approximate=p.approximate,
        uncertain=p.uncertain,
        ends=ends,
    )


def _from_parsed(p: _edtf.Parsed) -> When:
    return _plain(p, p.ends)


@attrs.frozen(repr=False, order=False)
class When(_TemporalBase):
    """One unknown day known to lie in ``[earliest, latest]``, as precise as its source.

    Build one with :meth:`parse` or a constructor such as :meth:`month`; the attrs constructor
    takes the bounds directly. ``==`` and ``hash`` are structural. There is deliberately no ``<``:
    comparisons are three-valued (:meth:`before`), and sorting uses :meth:`sort_key`.

    >>> w = When.parse("2024-09")
    >>> w.earliest, w.latest, w.precision
    (Date(2024, 9, 1), Date(2024, 9, 30), <Precision.MONTH: 2>)
    >>> w.to_edtf()
    '2024-09'
    """

    earliest: pendulum.Date = attrs.field(converter=_to_date)
    """The first day the instant may be on (``MIN_DATE`` when open)."""
    latest: pendulum.Date = attrs.field(converter=_to_date)
    """The last day the instant may be on (``MAX_DATE`` when open)."""
    precision: Precision = attrs.field(converter=_to_precision)
    """The calendar unit the source stated the date in."""
    approximate: bool = attrs.field(default=False, kw_only=True)
    """Whether the source gave the date as approximate (EDTF ``~``)."""
    uncertain: bool = attrs.field(default=False, kw_only=True)
    """Whether the source was unsure of the date (EDTF ``?``)."""
    ends: tuple[EndForm, EndForm] | None = attrs.field(
        default=attrs.Factory(_default_ends, takes_self=True), kw_only=True
    )
    """How each end of a range was stated (None for one calendar unit such as ``2024-09``).

    By default it follows from the bounds: a bound on :data:`MIN_DATE`/:data:`MAX_DATE` that
    is not part of a unit is open, and each other end takes the finest precision, no finer
    than :attr:`precision`, whose unit starts (ends) there. :meth:`parse` keeps what the text
    said, so ``1984~/2004-06`` is written back as it was read.
    """

    def __attrs_post_init__(self) -> None:
        """Reject inverted bounds, and end forms the bounds do not fit."""
        if self.earliest > self.latest:
            msg = (
                f"earliest={self.earliest} is after latest={self.latest}; "
                "a When needs earliest <= latest"
            )
            raise DateError(msg)
        if self.ends is not None and (
            problems := _edtf.end_problems(self.earliest, self.latest, self.ends)
        ):
            msg = f"ends={self.ends!r} do not fit the bounds: {'; '.join(problems)}"
            raise DateError(msg)

    def bounds_of(self, other: object) -> _Bounds:
        """Return the bounds of *other*, read with :meth:`parse` unless a When or Span."""
        return coerce(other).ordinal_bounds()

    # -- constructors ------------------------------------------------------------------------

    @staticmethod
    def day(
        year: int, month: int, day: int, *, approximate: bool = False, uncertain: bool = False
    ) -> When:
        """Return the exact day *year*-*month*-*day*.

        >>> When.day(2024, 9, 12).to_edtf()
        '2024-09-12'
        """
        d = _checked_day(year, month, day)
        return When(d, d, Precision.DAY, approximate=approximate, uncertain=uncertain)

    @staticmethod
    def week(year: int, week: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return ISO week *week* of ISO year *year* (Monday to Sunday)."""
        first, last = _checked_week(year, week)
        return When(first, last, Precision.WEEK, approximate=approximate, uncertain=uncertain)

    @staticmethod
    def month(year: int, month: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return some day of *month* in *year*.

        >>> When.month(2024, 9)
        When.parse('2024-09')
        """
        return When._unit_of(
            year, month, Precision.MONTH, f"month={month!r}", approximate, uncertain
        )

    @staticmethod
    def quarter(
        year: int, quarter: int, *, approximate: bool = False, uncertain: bool = False
    ) -> When:
        """Return some day of calendar quarter *quarter* (Q1 = January to March) of *year*."""
        if quarter not in (1, 2, 3, 4):
            msg = f"quarter={quarter!r} is not a quarter; expected 1, 2, 3 or 4 (Q1 = Jan-Mar)"
            raise DateError(msg)
        return When._unit_of(year, 3 * quarter - 2, Precision.QUARTER, "", approximate, uncertain)

    @staticmethod
    def half(year: int, half: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return some day of half-year *half* (H1 = January to June) of *year*."""
        if half not in (1, 2):
            msg = f"half={half!r} is not a half-year; expected 1 (Jan-Jun) or 2 (Jul-Dec)"
            raise DateError(msg)
        return When._unit_of(year, 6 * half - 5, Precision.HALF, "", approximate, uncertain)

    @staticmethod
    def year(year: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return some day of *year*.

        >>> When.year(2015).describe()
        '2015'
        """
        return When._unit_of(year, 1, Precision.YEAR, "", approximate, uncertain)

    @staticmethod
    def decade(year: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return some day of the decade starting in *year* (2020 for the 2020s)."""
        if year % 10 or not 10 <= year <= 9990:
            msg = f"year={year!r} does not start a decade; pass a multiple of 10 from 10 to 9990"
            raise DateError(msg)
        return When._unit_of(year, 1, Precision.DECADE, "", approximate, uncertain)

    @staticmethod
    def _unit_of(
        year: int,
        month: int,
        precision: Precision,
        what: str,
        approximate: bool,  # noqa: FBT001 - private helper
        uncertain: bool,  # noqa: FBT001 - private helper
    ) -> When:
        first, last = _checked_unit(year, month, precision, what)
        return When(first, last, precision, approximate=approximate, uncertain=uncertain)

    @staticmethod
    def between(a: DateLike | None, b: DateLike | None) -> When:
        """Return some day from the start of *a* to the end of *b* (``None``: an open end).

        The precision is the finer of the two ends; the result is approximate (uncertain) if
        either end is.

        >>> When.between("2024-09-10", "2024-09-20").to_edtf()
        '2024-09-10/2024-09-20'
        >>> When.between(None, "2025-01").describe()
        'on or before January 2025'
        """
        lo = None if a is None else When.coerce(a)
        hi = None if b is None else When.coerce(b)
        if lo is None and hi is None:
            msg = "When.between(None, None) has no known end; give at least one"
            raise DateError(msg)
        earliest = MIN_DATE if lo is None else lo.earliest
        latest = MAX_DATE if hi is None else hi.latest
        if earliest > latest:
            msg = f"When.between({a!r}, {b!r}) is inverted: {earliest} is after {latest}"
            raise DateError(msg)
        return _from_parsed(_edtf.interval(lo, hi, open_start=True, open_end=True))

    @staticmethod
    def parse(value: str | dt.date | When) -> When:
        """Read a date expression strictly: ISO 8601 and EDTF (see ``docs/dates.md``).

        Accepts ``2024-09-12``, ``2024-09``, ``2024``, ``2024-XX``, ``202X``/``2020s``,
        ``20XX``, quarters ``2024-36``/``2024-Q4``, halves ``2024-41``/``2024-H2``, weeks
        ``2024-W37``, a trailing qualifier ``~`` (approximate), ``?`` (uncertain) or ``%``
        (both), intervals ``A/B`` meaning *some day from A to B* (each end qualified on its
        own) with ``..`` for an open end and an empty end for an unknown one, aware ISO
        datetimes (their UTC day), and ``datetime.date`` objects. Digits are ASCII only.
        For dates in words, use :meth:`from_text`.

        Raises:
            DateParseError: the text matches no accepted form, names an impossible date, or
                is an inverted interval. The message quotes the input and lists the forms.
            NaiveDatetimeError: a datetime with a time of day but no timezone.

        >>> When.parse("2024-Q4").describe()
        'Q4 2024'
        >>> When.parse("../2025-01").to_edtf()
        '../2025-01'
        """
        if isinstance(value, When):
            return value
        if isinstance(value, dt.datetime):
            return _from_parsed(_edtf.from_datetime(value))
        if isinstance(value, dt.date):
            return When.day(value.year, value.month, value.day)
        return _from_parsed(_edtf.parse(require_text(value)))

    @staticmethod
    def from_text(value: str, *, reading: Reading | None = None) -> When:
        """Read a date written in words, such as ``'Sept. 12, 2024'`` or ``'early 2025'``.

        This is the lenient reader; :meth:`parse` stays strict. It reads what
        :meth:`describe` writes (``When.from_text(w.describe()) == w``), day, month, week,
        quarter, half, year and decade wordings, ``about X``, ``X (uncertain)``, ``before X``,
        ``after X``, ``on or before X``, ``on or after X``, ``between X and Y``, and every
        form :meth:`parse` reads. "early", "mid" and "late" name the parts of a year or month
        that *reading* sets (see :class:`Reading`), never a guessed day.

        Raises:
            DateParseError: the text is none of these forms; the message lists them.

        >>> When.from_text("Sept. 12, 2024").to_edtf()
        '2024-09-12'
        >>> When.from_text("mid-2023").describe()
        'between May 2023 and August 2023'
        >>> When.from_text("before 2025-01-20").to_edtf()
        '../2025-01-19'
        """
        return _from_parsed(_wording.read(value, Reading() if reading is None else reading))

    @staticmethod
    def coerce(value: DateLike) -> When:
        """Return *value* if it is a When, else :meth:`parse` it."""
        return value if isinstance(value, When) else When.parse(value)

    @staticmethod
    def relative(
        anchor: DateLike,
        offset: str | int,
        *,
        before: bool = False,
        qualifier: _Qualifier = "exactly",
        slack: int = 0,
    ) -> RelativeWhen:
        """Resolve a statement such as "a week before X" or "less than three months after X".

        The result is a :class:`RelativeWhen`: a When whose bounds come from interval arithmetic
        on the anchor's bounds, keeping the anchor, offset and qualifier it was stated with.
        Day and week offsets move by whole days; month and year offsets by calendar months
        (pendulum clamps the 31st to the month's last day). For an anchor ``[a0, a1]`` and an
        offset ``+o`` after it:

        ===============  ================================
        qualifier        bounds
        ===============  ================================
        ``exactly``      ``[a0 + o, a1 + o]``
        ``about``        ``[a0 + o - slack, a1 + o + slack]`` and marked approximate
        ``less_than``    ``[a0, a1 + o - 1 day]``
        ``at_most``      ``[a0, a1 + o]``
        ``more_than``    ``[a0 + o + 1 day, ..]``
        ``at_least``     ``[a0 + o, ..]``
        ===============  ================================

        and mirrored with ``before=True``. *slack* (days) is the explicit widening policy for
        ``about``; it defaults to none.

        >>> qwq = When.parse("2024-11-28")
        >>> When.relative(qwq, "a week", before=True).to_edtf()
        '2024-11-21'
        >>> When.relative("2024-09-12", "three months", qualifier="less_than").to_edtf()
        '2024-09-12/2024-12-11'
        """
        anchor_when = When.coerce(anchor)
        anchor_bounds = (anchor_when.earliest, anchor_when.latest, anchor_when.to_edtf())
        count, unit, lo, hi = _resolve(anchor_bounds, offset, before, qualifier, slack)
        return RelativeWhen(
            _from_ordinal(lo),
            _from_ordinal(hi),
            anchor_when.precision,
            approximate=anchor_when.approximate or qualifier == "about",
            uncertain=anchor_when.uncertain,
            anchor=anchor_when,
            offset=f"{count} {unit}{'' if count == 1 else 's'}",
            direction="before" if before else "after",
            qualifier=qualifier,
            slack=slack,
        )

    # -- reading -----------------------------------------------------------------------------

    @property
    def earliest_ordinal(self) -> int:
        """Return ``earliest.toordinal()``."""
        return self.earliest.toordinal()

    @property
    def latest_ordinal(self) -> int:
        """Return ``latest.toordinal()``."""
        return self.latest.toordinal()

    @property
    def is_exact(self) -> bool:
        """Whether the day is known (earliest == latest)."""
        return self.earliest == self.latest

    @property
    def is_open_start(self) -> bool:
        """Whether the range has no known start: open (``../X``) or unknown (``/X``)."""
        return self.ends is not None and not self.ends[0].is_known

    @property
    def is_open_end(self) -> bool:
        """Whether the range has no known end: open (``X/..``) or unknown (``X/``)."""
        return self.ends is not None and not self.ends[1].is_known

    @property
    def is_unknown_start(self) -> bool:
        """Whether the start is stated as unknown (EDTF ``/X``), rather than open (``../X``)."""
        return self.ends is not None and self.ends[0].state == "unknown"

    @property
    def is_unknown_end(self) -> bool:
        """Whether the end is stated as unknown (EDTF ``X/``), rather than open (``X/..``)."""
        return self.ends is not None and self.ends[1].state == "unknown"

    @property
    def width_days(self) -> int:
        """Return how many days the instant may be on."""
        return self.latest_ordinal - self.earliest_ordinal + 1

    def to_edtf(self) -> str:
        """Return the EDTF (ISO 8601-2) text; ``When.parse(w.to_edtf()) == w``.

        Only forms that EDTF defines are written: a quarter is ``2024-36`` (level 2 code
        33..36), a half-year ``2024-41`` (40, 41), a decade ``202X``; EDTF has no week, so a
        week is written as its days (``2024-09-09/2024-09-15``) and reads back with day
        precision. Each end of a range keeps the precision and qualifier it was stated with.
        The round trip holds for every When without week precision whose bounds fall on its
        precision's units; :meth:`format` writes the friendly forms (``2024-Q4``).

        >>> When.parse("2024-H2~").to_edtf()
        '2024-41~'
        >>> When.parse("2020s").to_edtf()
        '202X'
        >>> When.parse("1984~/2004-06").to_edtf()
        '1984~/2004-06'
        """
        return _edtf.to_edtf(self)

    def format(self) -> str:
        """Return the short friendly text: ``2024-Q4``, ``2024-H2``, ``2024-W37`` (not EDTF).

        :meth:`parse` reads it back.

        >>> When.parse("2024-36").format()
        '2024-Q4'
        """
        return _edtf.to_label(self)

    def __str__(self) -> str:
        """Return the EDTF text."""
        return self.to_edtf()

    def __repr__(self) -> str:
        """Return ``When.parse('...')``, or the constructor call if EDTF cannot say it."""
        for text in (self.to_edtf(), self.format()):
            if _parses_back(text, self):
                return f"When.parse({text!r})"
        flags = "".join(
            f", {name}=True" for name in ("approximate", "uncertain") if getattr(self, name)
        )
        return (
            f"When({self.earliest!r}, {self.latest!r}, {self.precision.name!r}{flags}"
            f"{'' if self.ends == _default_ends(self) else f', ends={self.ends!r}'})"
        )

    def describe(self) -> str:
        """Return an English description such as ``'September 2024'`` or ``'about Q4 2024'``.

        :meth:`from_text` reads it back.

        >>> When.parse("2024-09-10/2024-09-20").describe()
        'between 10 September 2024 and 20 September 2024'
        """
        return _wording.describe(self)

    def sort_key(self) -> tuple[int, ...]:
        """Return a total-order key that extends "definitely before".

        If ``a.before(b)`` is TRUE then ``a.sort_key() < b.sort_key()``. Keys order first by the
        earliest possible day, then the latest, so sorting never needs a fuzzy ``<``.
        """
        return (
            self.earliest_ordinal,
            self.latest_ordinal,
            0,
            int(self.precision),
            int(self.approximate),
            int(self.uncertain),
        )

    def ordinal_bounds(self) -> _Bounds:
        """Return ``(earliest, latest, earliest, latest, True)`` as day ordinals."""
        lo, hi = self.earliest_ordinal, self.latest_ordinal
        return (lo, hi, lo, hi, True)

    # -- deriving ----------------------------------------------------------------------------

    def refine(self, other: DateLike) -> When:
        """Return the days both claims allow: the intersection of the two ranges.

        The result takes the finer precision and keeps a qualifier only if both claims carry it.

        Raises:
            ContradictionError: the claims share no day.

        >>> When.parse("2024-09").refine("2024-09-12").to_edtf()
        '2024-09-12'
        """
        o = When.coerce(other)
        lo, hi = max(self.earliest, o.earliest), min(self.latest, o.latest)
        if lo > hi:
            msg = (
                f"{self.to_edtf()!r} ({self.earliest}..{self.latest}) and {o.to_edtf()!r} "
                f"({o.earliest}..{o.latest}) share no day, so one of the claims is wrong"
            )
            raise ContradictionError(msg)
        return When(
            lo,
            hi,
            min(self.precision, o.precision),
            approximate=self.approximate and o.approximate,
            uncertain=self.uncertain and o.uncertain,
        )

    def widened(self, policy: ApproxPolicy) -> When:
        """Return this date padded on both sides by *policy* if it is marked approximate.

        Dates not marked approximate (or uncertain, with ``policy.uncertain_too``) come back
        unchanged. Open ends stay open.
        """
        if not (self.approximate or (policy.uncertain_too and self.uncertain)):
            return self
        pad = policy.pad(self.precision)
        if pad == 0:
            return self
        lo = self.earliest if self.is_open_start else _from_ordinal(self.earliest_ordinal - pad)
        hi = self.latest if self.is_open_end else _from_ordinal(self.latest_ordinal + pad)
        return When(lo, hi, self.precision, approximate=self.approximate, uncertain=self.uncertain)

    def until(self, other: DateLike) -> DayRange:
        """Return the range of days from this instant to *other*.

        ``[other.earliest - self.latest, other.latest - self.earliest]``: every difference
        between a completion of *other* and one of this.

        >>> str(When.parse("2024-09-12").until("2024-11-28"))
        '11.0 weeks'
        >>> When.parse("2024-09").until("2024-11-28").days
        (59, 88)
        """
        o = When.coerce(other)
        return DayRange(
            o.earliest_ordinal - self.latest_ordinal, o.latest_ordinal - self.earliest_ordinal
        )

    def completions(self) -> Iterator[pendulum.Date]:
        """Yield every day the instant may be on, in order.

        Raises:
            DateError: the range is open, so it has no finite list of days.
        """
        if self.is_open_start or self.is_open_end:
            msg = f"{self.to_edtf()!r} is open-ended; it has no finite list of completions"
            raise DateError(msg)
        for ordinal in range(self.earliest_ordinal, self.latest_ordinal + 1):
            yield pendulum.Date.fromordinal(ordinal)


@attrs.frozen(repr=False, order=False)
class RelativeWhen(When):
    """A :class:`When` stated relative to another date ("a week before X").

    Its bounds are resolved from the anchor (see :meth:`When.relative`); it keeps what was
    said so a reader can check the arithmetic. It is never equal to a plain When.
    """

    anchor: When = attrs.field(kw_only=True)
    """The date the statement is relative to."""
    offset: str = attrs.field(kw_only=True)
    """The offset as stated, normalised (``'1 week'``, ``'3 months'``)."""
    direction: str = attrs.field(kw_only=True)
    """``'before'`` or ``'after'`` the anchor."""
    qualifier: str = attrs.field(kw_only=True)
    """One of exactly, about, less_than, at_most, more_than, at_least."""
    slack: int = attrs.field(default=0, kw_only=True)
    """Days of widening applied for ``about``."""

    def resolved(self) -> When:
        """Return the plain When with these bounds and qualifiers."""
        return _plain(self, _default_ends(self))

    def statement(self) -> str:
        """Return the statement in words, e.g. ``'less than 3 months after 2024-09-12'``."""
        q = "" if self.qualifier == "exactly" else self.qualifier.replace("_", " ") + " "
        return f"{q}{self.offset} {self.direction} {self.anchor.to_edtf()}"

    def __repr__(self) -> str:
        """Return a call that rebuilds this value."""
        args = [repr(self.anchor), repr(self.offset)]
        if self.direction == "before":
            args.append("before=True")
        if self.qualifier != "exactly":
            args.append(f"qualifier={self.qualifier!r}")
        if self.slack:
            args.append(f"slack={self.slack}")
        return f"When.relative({', '.join(args)})"

    def describe(self) -> str:
        """Return the statement and what it resolves to."""
        return f"{self.statement()} ({self.resolved().describe()})"


DateLike: TypeAlias = When | str | dt.date
"""What date arguments accept: a When, a string for :meth:`When.parse`, or a date."""


def coerce(value: object) -> _TemporalBase:
    """Return *value* if it is a date or a period, else read it with :meth:`When.parse`."""
    if isinstance(value, _TemporalBase):
        return value
    return When.parse(value)  # type: ignore[arg-type]  # parse checks it


def require_text(value: object) -> str:
    if isinstance(value, str):
        return value
    msg = (
        f"cannot parse {value!r} ({type(value).__name__}) as a date; "
        f"expected a string or a date. Accepted forms: {_edtf.ACCEPTED_FORMS}"
    )
    raise DateParseError(msg)
