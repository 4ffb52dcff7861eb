"""Calendar units: :class:`Precision`, the one table of what each unit spans and is called.

Every question about a precision (the first and last day of the unit holding a day, its EDTF
text, its friendly label, its English words) is answered by one row of :data:`UNITS`, so a
new precision is one new row, not a branch in several if-chains.

Also here: the open-end sentinels, :class:`EndForm` (how one end of a range was stated), and
:class:`ApproxPolicy` (how far to widen an approximate date, per precision).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Callable
from typing import Final, Literal, TypeAlias, TypeGuard

import attrs
import pendulum

from aitimeline.exceptions import DateError

__all__ = [
    "MAX_DATE",
    "MAX_ORDINAL",
    "MIN_DATE",
    "MIN_ORDINAL",
    "MONTH_DAYS",
    "MONTH_NAMES",
    "UNITS",
    "ApproxPolicy",
    "EndForm",
    "EndState",
    "Precision",
    "checked_day",
    "checked_unit",
    "checked_week",
    "from_ordinal",
    "is_int_in",
    "last_day",
    "to_date",
    "to_precision",
    "unit_bounds",
]

MIN_DATE: Final = pendulum.Date(1, 1, 1)
"""The first day a date range can hold; an open start (``"../2025-01"``) reaches back to it."""
MAX_DATE: Final = pendulum.Date(9999, 12, 31)
"""The last day a date range can hold; an open end (``"2025-01/.."``) reaches up to it."""
MIN_ORDINAL: Final = MIN_DATE.toordinal()
MAX_ORDINAL: Final = MAX_DATE.toordinal()
MONTH_DAYS: Final = 365.2425 / 12
"""Days in the mean Gregorian month, used to express day counts in months."""
MONTH_NAMES: Final = tuple(calendar.month_name)
"""``MONTH_NAMES[m]`` is the English name of month *m* (1-12)."""

_DayPair: TypeAlias = tuple[pendulum.Date, pendulum.Date]


class Precision(enum.IntEnum):
    """The calendar unit a source stated a date in, finest first.

    >>> str(Precision.MONTH)
    'month'
    """

    DAY = 0
    WEEK = 1
    MONTH = 2
    QUARTER = 3
    HALF = 4
    YEAR = 5
    DECADE = 6

    def __str__(self) -> str:
        """Return the lower-case name (``'month'``), not the integer code."""
        return self.name.lower()

    def __format__(self, spec: str) -> str:
        """Format the lower-case name, so f-strings agree with :func:`str`."""
        return format(str(self), spec)


def to_precision(value: Precision | int | str) -> Precision:
    """Return *value* as a :class:`Precision` (a member, its code, or its name)."""
    if isinstance(value, str):
        try:
            return Precision[value.upper()]
        except KeyError:
            names = ", ".join(p.name.lower() for p in Precision)
            msg = f"precision={value!r} is not a precision; expected one of {names}"
            raise DateError(msg) from None
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"precision={value!r} is not a precision; expected 0..6 or a Precision member"
        raise DateError(msg)
    try:
        return Precision(value)
    except ValueError:
        msg = f"precision={value!r} is not a precision; expected 0..6 or a Precision member"
        raise DateError(msg) from None


def to_date(value: object) -> pendulum.Date:
    """Return *value* (a date, not a datetime) as a ``pendulum.Date``."""
    if isinstance(value, dt.datetime):
        msg = (
            f"{value!r} is a datetime; When bounds are calendar days. "
            "Pass value.date(), or use When.parse(value) to take its UTC day"
        )
        raise DateError(msg)
    if isinstance(value, pendulum.Date):
        return value
    if isinstance(value, dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    msg = f"{value!r} is a {type(value).__name__}; expected a datetime.date or pendulum.Date"
    raise DateError(msg)


def from_ordinal(ordinal: int) -> pendulum.Date:
    """Return the day of *ordinal*, clamped to ``[MIN_DATE, MAX_DATE]``."""
    ordinal = min(max(ordinal, MIN_ORDINAL), MAX_ORDINAL)
    return pendulum.Date.fromordinal(ordinal)


def last_day(year: int, month: int) -> int:
    """Return the number of days in *month* of *year*."""
    return calendar.monthrange(year, month)[1]


def is_int_in(value: object, lo: int, hi: int) -> TypeGuard[int]:
    """Return whether *value* is an int (not a bool) from *lo* to *hi*."""
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def checked_day(year: object, month: object, day: object) -> pendulum.Date:
    """Return the day *year*-*month*-*day*, or raise DateError saying why it is none."""
    try:
        return pendulum.Date(year, month, day)  # type: ignore[arg-type]  # checked here
    except (ValueError, TypeError) as exc:
        msg = f"When.day({year!r}, {month!r}, {day!r}) is not a calendar day: {exc}"
        raise DateError(msg) from None


def checked_week(year: object, week: object) -> _DayPair:
    """Return the Monday and Sunday of ISO week *week* of *year*, or raise DateError."""
    try:
        monday = dt.date.fromisocalendar(year, week, 1)  # type: ignore[arg-type]  # checked here
    except (ValueError, TypeError) as exc:
        msg = f"When.week({year!r}, {week!r}) is not an ISO week: {exc}"
        raise DateError(msg) from None
    return _week_bounds(monday)


def checked_unit(year: object, month: object, precision: Precision, what: str) -> _DayPair:
    """Return the unit of *precision* holding *year*-*month*-01, checking both are in range."""
    if not is_int_in(year, 1, 9999):
        msg = f"year={year!r} is not a year; expected an int from 1 to 9999"
        raise DateError(msg)
    if not is_int_in(month, 1, 12):
        msg = f"{what or f'month={month!r}'} is not a month; expected an int from 1 to 12"
        raise DateError(msg)
    return unit_bounds(dt.date(year, month, 1), precision)


# --------------------------------------------------------------------------------------------
# The unit table


def _months(first_of: Callable[[int], int], count: int) -> Callable[[dt.date], _DayPair]:
    """Return the bounds rule of a unit of *count* months starting at month ``first_of(m)``."""

    def bounds(d: dt.date) -> _DayPair:
        y, first = d.year, first_of(d.month)
        last = first + count - 1
        return pendulum.Date(y, first, 1), pendulum.Date(y, last, last_day(y, last))

    return bounds


def _day_bounds(d: dt.date) -> _DayPair:
    day = to_date(d)
    return day, day


def _week_bounds(d: dt.date) -> _DayPair:
    monday = d.toordinal() - d.weekday()
    return from_ordinal(monday), from_ordinal(monday + 6)


def _decade_bounds(d: dt.date) -> _DayPair:
    start = 10 * (d.year // 10)
    return pendulum.Date(max(start, 1), 1, 1), pendulum.Date(start + 9, 12, 31)


def _iso_day(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _iso_week(d: dt.date) -> str:
    iso_year, iso_week, _ = d.isocalendar()
    return f"{iso_year:04d}-W{iso_week:02d}"


def _week_interval(d: dt.date) -> str:
    first, last = _week_bounds(d)
    return f"{_iso_day(first)}/{_iso_day(last)}"


def _week_words(d: dt.date) -> str:
    iso_year, iso_week, _ = d.isocalendar()
    return f"week {iso_week} of {iso_year:04d}"


def _quarter(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _half(d: dt.date) -> int:
    return 1 if d.month <= 6 else 2


@attrs.frozen
class Unit:
    """What one precision's calendar unit spans and how it is written."""

    bounds: Callable[[dt.date], _DayPair]
    """The first and last day of the unit that holds a day."""
    edtf: Callable[[dt.date], str]
    """Its EDTF (ISO 8601-2) text; a week, which EDTF has no code for, is its day interval."""
    label: Callable[[dt.date], str]
    """Its short friendly label: ``2024-W37``, ``2024-Q4``, ``2024-H2`` (not EDTF)."""
    words: Callable[[dt.date], str]
    """Its English words: ``'week 37 of 2024'``, ``'Q4 2024'``."""


UNITS: Final[dict[Precision, Unit]] = {
    Precision.DAY: Unit(
        _day_bounds, _iso_day, _iso_day, lambda d: f"{d.day} {MONTH_NAMES[d.month]} {d.year:04d}"
    ),
    Precision.WEEK: Unit(_week_bounds, _week_interval, _iso_week, _week_words),
    Precision.MONTH: Unit(
        _months(lambda m: m, 1),
        lambda d: f"{d.year:04d}-{d.month:02d}",
        lambda d: f"{d.year:04d}-{d.month:02d}",
        lambda d: f"{MONTH_NAMES[d.month]} {d.year:04d}",
    ),
    Precision.QUARTER: Unit(
        _months(lambda m: 3 * ((m - 1) // 3) + 1, 3),
        lambda d: f"{d.year:04d}-{32 + _quarter(d)}",  # EDTF level 2: 33..36 are Q1..Q4
        lambda d: f"{d.year:04d}-Q{_quarter(d)}",
        lambda d: f"Q{_quarter(d)} {d.year:04d}",
    ),
    Precision.HALF: Unit(
        _months(lambda m: 1 if m <= 6 else 7, 6),
        lambda d: f"{d.year:04d}-{39 + _half(d)}",  # EDTF level 2: 40 and 41 are the semesters
        lambda d: f"{d.year:04d}-H{_half(d)}",
        lambda d: f"H{_half(d)} {d.year:04d}",
    ),
    Precision.YEAR: Unit(
        _months(lambda _: 1, 12),
        lambda d: f"{d.year:04d}",
        lambda d: f"{d.year:04d}",
        lambda d: f"{d.year:04d}",
    ),
    Precision.DECADE: Unit(
        _decade_bounds,
        lambda d: f"{d.year:04d}"[:3] + "X",
        lambda d: f"{d.year:04d}"[:3] + "X",
        lambda d: f"the {10 * (d.year // 10)}s",
    ),
}
"""One row per precision: the single place that says what a unit spans and is called."""


def unit_bounds(d: dt.date, precision: Precision) -> _DayPair:
    """Return the first and last day of the calendar unit of *precision* that holds *d*."""
    return UNITS[precision].bounds(d)


# --------------------------------------------------------------------------------------------
# How the end of a range was stated

EndState: TypeAlias = Literal["known", "open", "unknown"]
"""A range end is a stated date, open (EDTF ``..``: no bound) or unknown (EDTF empty)."""


@attrs.frozen
class EndForm:
    """How one end of a date range was stated: a date of some precision, open, or unknown.

    An interval such as ``1984~/2004-06`` keeps one form per end, so that writing it back gives
    ``1984~/2004-06``, not ``1984-01~/2004-06~``. ``open`` (``..``) says the range has no bound
    on that side; ``unknown`` (an empty end, ``2022-10-07/``) says it has one that nobody knows.
    """

    state: EndState = "known"
    """``'known'``, ``'open'`` or ``'unknown'``."""
    precision: Precision = attrs.field(default=Precision.DAY, converter=to_precision)
    """The precision the end was stated in (meaningful when known)."""
    approximate: bool = False
    """Whether this end carries ``~`` (or ``%``)."""
    uncertain: bool = False
    """Whether this end carries ``?`` (or ``%``)."""

    @property
    def is_known(self) -> bool:
        """Whether the end is a stated date."""
        return self.state == "known"

    @property
    def qualifier(self) -> str:
        """Return the EDTF qualifier of this end: ``''``, ``'~'``, ``'?'`` or ``'%'``."""
        return qualifier_text(approximate=self.approximate, uncertain=self.uncertain)


def qualifier_text(*, approximate: bool, uncertain: bool) -> str:
    """Return the EDTF qualifier character for the two flags."""
    if approximate and uncertain:
        return "%"
    if approximate:
        return "~"
    return "?" if uncertain else ""


__all__ += ["Unit", "qualifier_text"]


# --------------------------------------------------------------------------------------------
# Widening policy


@attrs.frozen(repr=False, order=False)
class ApproxPolicy:
    """How many days to widen a date marked approximate (``~`` or ``%``), per precision.

    Approximate dates are never widened implicitly: pass a policy to ``When.widened``.

    >>> from aitimeline import When
    >>> policy = ApproxPolicy(day=3, month=15)
    >>> When.parse("2024-09~").widened(policy).to_edtf()
    '2024-08-17~/2024-10-15~'
    """

    day: int = attrs.field(default=0, kw_only=True)
    """Days of padding on each side of a day-precise approximate date."""
    week: int = attrs.field(default=0, kw_only=True)
    """Padding for week precision."""
    month: int = attrs.field(default=0, kw_only=True)
    """Padding for month precision."""
    quarter: int = attrs.field(default=0, kw_only=True)
    """Padding for quarter precision."""
    half: int = attrs.field(default=0, kw_only=True)
    """Padding for half-year precision."""
    year: int = attrs.field(default=0, kw_only=True)
    """Padding for year precision."""
    decade: int = attrs.field(default=0, kw_only=True)
    """Padding for decade precision."""
    uncertain_too: bool = attrs.field(default=False, kw_only=True)
    """Whether dates marked only uncertain (``?``) are widened as well."""

    def __attrs_post_init__(self) -> None:
        """Reject negative padding."""
        for p in Precision:
            if self.pad(p) < 0:
                name = p.name.lower()
                msg = f"{name}={self.pad(p)!r} is negative; padding is a number of days >= 0"
                raise DateError(msg)

    def pad(self, precision: Precision) -> int:
        """Return the padding in days for *precision*."""
        value: int = getattr(self, precision.name.lower())
        return value

    def __repr__(self) -> str:
        """Return the non-zero paddings."""
        items = [f"{p.name.lower()}={self.pad(p)}" for p in Precision if self.pad(p)]
        if self.uncertain_too:
            items.append("uncertain_too=True")
        return f"ApproxPolicy({', '.join(items)})"
