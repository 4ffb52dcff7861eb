"""Fuzzy dates, periods, day ranges and Kleene three-valued logic.

A :class:`When` is one unknown day known to lie in ``[earliest, latest]`` (inclusive), with the
:class:`Precision` its source stated. A :class:`Span` is a period that holds on every day from
its start to its end, each end itself a :class:`When`; ``end=None`` means still in force.
Comparisons between them are three-valued (:class:`Truth`): ``TRUE`` when every completion of the
fuzzy dates satisfies the relation, ``FALSE`` when none does, ``UNKNOWN`` otherwise.

Days are UTC calendar days. Time is discrete: an instant on day *d* occupies ``[d, d + 1)`` and a
span ``[s, e]`` occupies ``[s, e + 1)``, which is how Allen's thirteen interval relations are
applied (:func:`relations`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import itertools
import math
import re
from collections.abc import Iterator
from typing import Final, Literal, TypeAlias

import attrs
import pendulum

from aitimeline.exceptions import (
    ContradictionError,
    DateError,
    DateParseError,
    NaiveDatetimeError,
)

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "MONTH_DAYS",
    "Allen",
    "ApproxPolicy",
    "DateLike",
    "DayRange",
    "Precision",
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

MIN_DATE: Final = pendulum.Date(1, 1, 1)
"""Sentinel for a date range open at its start (``"../2025-01"``)."""
MAX_DATE: Final = pendulum.Date(9999, 12, 31)
"""Sentinel for a date range open at its end (``"2025-01/.."``, a span still in force)."""
MIN_ORDINAL: Final = MIN_DATE.toordinal()
MAX_ORDINAL: Final = MAX_DATE.toordinal()
MONTH_DAYS: Final = 365.2425 / 12
"""Days in the mean Gregorian month, used to express day counts in months."""


# --------------------------------------------------------------------------------------------
# Truth


class Truth(enum.Enum):
    """A Kleene (strong) three-valued truth value.

    ``&`` is the minimum and ``|`` the maximum of ``FALSE < UNKNOWN < TRUE``; ``~`` swaps TRUE
    and FALSE and keeps UNKNOWN. ``bool`` values mix in freely. The law of excluded middle does
    not hold: ``Truth.UNKNOWN | ~Truth.UNKNOWN`` is ``UNKNOWN``. ``bool(Truth.UNKNOWN)`` raises
    :class:`TypeError`, so an unknown answer is never silently taken as a yes or a no.

    >>> Truth.TRUE & Truth.UNKNOWN
    Truth.UNKNOWN
    >>> Truth.FALSE & Truth.UNKNOWN
    Truth.FALSE
    >>> Truth.UNKNOWN | True
    Truth.TRUE
    """

    FALSE = 0
    UNKNOWN = 1
    TRUE = 2

    @property
    def code(self) -> int:
        """Return the integer code (FALSE 0, UNKNOWN 1, TRUE 2) that vectorised code uses."""
        code: int = self.value
        return code

    @classmethod
    def from_code(cls, code: int) -> Truth:
        """Return the truth value with integer *code* (0, 1 or 2)."""
        if code not in (0, 1, 2):
            msg = f"code={code!r} is not a truth code; expected 0 (FALSE), 1 (UNKNOWN) or 2 (TRUE)"
            raise ValueError(msg)
        return _TRUTH_BY_CODE[code]

    @classmethod
    def of(cls, value: bool | Truth) -> Truth:  # noqa: FBT001 - converting a bool is the point
        """Return *value* as a :class:`Truth` (``True`` becomes ``TRUE``)."""
        if isinstance(value, Truth):
            return value
        return Truth.TRUE if value else Truth.FALSE

    def __and__(self, other: Truth | bool) -> Truth:
        """Return the Kleene conjunction."""
        code = _truth_code(other)
        if code is None:
            return NotImplemented
        return _TRUTH_BY_CODE[min(self.value, code)]

    __rand__ = __and__

    def __or__(self, other: Truth | bool) -> Truth:
        """Return the Kleene disjunction."""
        code = _truth_code(other)
        if code is None:
            return NotImplemented
        return _TRUTH_BY_CODE[max(self.value, code)]

    __ror__ = __or__

    def __invert__(self) -> Truth:
        """Return the Kleene negation."""
        return _TRUTH_BY_CODE[2 - self.value]

    def __bool__(self) -> bool:
        """Return True for TRUE and False for FALSE; raise TypeError for UNKNOWN."""
        if self is Truth.UNKNOWN:
            msg = (
                "the truth value of Truth.UNKNOWN is undefined; test .is_true or .is_possible, "
                "or compare with Truth.TRUE explicitly"
            )
            raise TypeError(msg)
        return self is Truth.TRUE

    def __repr__(self) -> str:
        """Return ``Truth.NAME``."""
        return f"Truth.{self.name}"

    @property
    def is_true(self) -> bool:
        """Whether this is TRUE."""
        return self is Truth.TRUE

    @property
    def is_false(self) -> bool:
        """Whether this is FALSE."""
        return self is Truth.FALSE

    @property
    def is_unknown(self) -> bool:
        """Whether this is UNKNOWN."""
        return self is Truth.UNKNOWN

    @property
    def is_possible(self) -> bool:
        """Whether this is not FALSE (TRUE or UNKNOWN)."""
        return self is not Truth.FALSE


_TRUTH_BY_CODE: Final = (Truth.FALSE, Truth.UNKNOWN, Truth.TRUE)


def _truth_code(value: object) -> int | None:
    if isinstance(value, Truth):
        return value.code
    if isinstance(value, bool):
        return 2 if value else 0
    return None


def _truth_from(possible: bool, certain: bool) -> Truth:  # noqa: FBT001 - internal helper
    if certain:
        return Truth.TRUE
    return Truth.UNKNOWN if possible else Truth.FALSE


# --------------------------------------------------------------------------------------------
# Precision and calendar units


class Precision(enum.IntEnum):
    """The calendar unit a source stated a date in, finest first."""

    DAY = 0
    WEEK = 1
    MONTH = 2
    QUARTER = 3
    HALF = 4
    YEAR = 5
    DECADE = 6


def _to_precision(value: Precision | int | str) -> Precision:
    if isinstance(value, str):
        try:
            return Precision[value.upper()]
        except KeyError:
            names = ", ".join(p.name.lower() for p in Precision)
            msg = f"precision={value!r} is not a precision; expected one of {names}"
            raise DateError(msg) from None
    try:
        return Precision(value)
    except ValueError:
        msg = f"precision={value!r} is not a precision; expected 0..6 or a Precision member"
        raise DateError(msg) from None


def _to_date(value: object) -> pendulum.Date:
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


def _from_ordinal(ordinal: int) -> pendulum.Date:
    ordinal = min(max(ordinal, MIN_ORDINAL), MAX_ORDINAL)
    return pendulum.Date.fromordinal(ordinal)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _unit(d: dt.date, precision: Precision) -> tuple[pendulum.Date, pendulum.Date]:
    """Return the first and last day of the calendar unit of *precision* that holds *d*."""
    y, m = d.year, d.month
    if precision is Precision.DAY:
        day = _to_date(d)
        return day, day
    if precision is Precision.WEEK:
        monday = d.toordinal() - d.weekday()
        return _from_ordinal(monday), _from_ordinal(monday + 6)
    if precision is Precision.MONTH:
        first_month, months_in_unit = m, 1
    elif precision is Precision.QUARTER:
        first_month, months_in_unit = 3 * ((m - 1) // 3) + 1, 3
    elif precision is Precision.HALF:
        first_month, months_in_unit = 1 if m <= 6 else 7, 6
    elif precision is Precision.YEAR:
        first_month, months_in_unit = 1, 12
    else:
        start_year = max(10 * (y // 10), 1)
        return pendulum.Date(start_year, 1, 1), pendulum.Date(10 * (y // 10) + 9, 12, 31)
    last_month = first_month + months_in_unit - 1
    return pendulum.Date(y, first_month, 1), pendulum.Date(y, last_month, _last_day(y, last_month))


def _format_unit(d: dt.date, precision: Precision) -> str:
    """Return the ISO/EDTF text of the unit of *precision* that holds *d*."""
    y = f"{d.year:04d}"
    if precision is Precision.DAY:
        return f"{y}-{d.month:02d}-{d.day:02d}"
    if precision is Precision.WEEK:
        iso_year, iso_week, _ = d.isocalendar()
        return f"{iso_year:04d}-W{iso_week:02d}"
    if precision is Precision.MONTH:
        return f"{y}-{d.month:02d}"
    if precision is Precision.QUARTER:
        return f"{y}-Q{(d.month - 1) // 3 + 1}"
    if precision is Precision.HALF:
        return f"{y}-H{1 if d.month <= 6 else 2}"
    if precision is Precision.YEAR:
        return y
    return f"{y[:3]}X"


_MONTH_NAMES: Final = tuple(calendar.month_name)


def _describe_unit(d: dt.date, precision: Precision) -> str:
    if precision is Precision.DAY:
        return f"{d.day} {_MONTH_NAMES[d.month]} {d.year}"
    if precision is Precision.WEEK:
        iso_year, iso_week, _ = d.isocalendar()
        return f"week {iso_week} of {iso_year}"
    if precision is Precision.MONTH:
        return f"{_MONTH_NAMES[d.month]} {d.year}"
    if precision is Precision.QUARTER:
        return f"Q{(d.month - 1) // 3 + 1} {d.year}"
    if precision is Precision.HALF:
        return f"H{1 if d.month <= 6 else 2} {d.year}"
    if precision is Precision.YEAR:
        return str(d.year)
    return f"the {10 * (d.year // 10)}s"


# --------------------------------------------------------------------------------------------
# Parsing

_ACCEPTED_FORMS: Final = (
    "2024-09-12 (day), 2024-W37 (ISO week), 2024-09 (month), 2024-Q4 (quarter), "
    "2024-H2 (half), 2024 (year), 2020s or 202X (decade), a trailing ~ (approximate), "
    "? (uncertain) or % (both), A/B for 'some day from A to B' with .. for an open end "
    "(../2025-01, 2025-01/..), an aware ISO datetime (2024-09-12T18:00:00+00:00), "
    "or a datetime.date"
)

_SINGLE: Final = re.compile(
    r"""
    (?P<year>\d{4})
    (?:
        -(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?
      | -[Qq](?P<quarter>\d+)
      | -[Hh](?P<half>\d+)
      | -[Ww](?P<week>\d+)
    )?
    """,
    re.VERBOSE,
)
_DECADE: Final = re.compile(r"(?P<decade>\d{3})(?:[Xx]|0s)")
_DATETIME: Final = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_QUALIFIERS: Final = {"~": (True, False), "?": (False, True), "%": (True, True)}


def _parse_error(text: str, reason: str) -> DateParseError:
    return DateParseError(
        f"cannot parse {text!r} as a date: {reason}. Accepted forms: {_ACCEPTED_FORMS}"
    )


def _parse_datetime(text: str, whole: str) -> When:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise _parse_error(
            whole, f"{text!r} looks like a datetime but is not valid ISO 8601"
        ) from None
    return _when_from_datetime(value)


def _when_from_datetime(value: dt.datetime) -> When:
    if value.tzinfo is None or value.utcoffset() is None:
        if value.time() == dt.time(0):
            return When.day(value.year, value.month, value.day)
        msg = (
            f"{value.isoformat()!r} is a naive datetime (no timezone) with a time of day, so its "
            "calendar day is ambiguous. Attach a timezone (e.g. '+00:00' or tzinfo=UTC), "
            "or pass just the date"
        )
        raise NaiveDatetimeError(msg)
    utc = value.astimezone(dt.UTC)
    return When.day(utc.year, utc.month, utc.day)


def _check(text: str, *, ok: bool, reason: str) -> None:
    if not ok:
        raise _parse_error(text, reason)


def _parse_single(part: str, whole: str) -> When:
    """Parse one date expression without '/' (qualifier included)."""
    body = part
    approximate = uncertain = False
    if body and body[-1] in _QUALIFIERS:
        approximate, uncertain = _QUALIFIERS[body[-1]]
        body = body[:-1]
    if _DATETIME.match(body):
        if approximate or uncertain:
            raise _parse_error(whole, "qualifiers (~ ? %) do not apply to a datetime")
        return _parse_datetime(body, whole)
    if match := _DECADE.fullmatch(body):
        start = int(match["decade"]) * 10
        _check(whole, ok=start >= 10, reason=f"decade {body!r} is before year 1")
        return When.decade(start, approximate=approximate, uncertain=uncertain)
    match = _SINGLE.fullmatch(body)
    if match is None:
        prefix = _SINGLE.match(body)
        pos = prefix.end() if prefix else 0
        where = (
            f"at character {pos + 1} ({body[pos : pos + 1]!r})" if pos < len(body) else "at the end"
        )
        in_part = f" of {part!r}" if part != whole else ""
        raise _parse_error(whole, f"no accepted form matches: reading stopped {where}{in_part}")
    return _parse_calendar(match, part, whole, approximate=approximate, uncertain=uncertain)


def _parse_calendar(
    match: re.Match[str], part: str, whole: str, *, approximate: bool, uncertain: bool
) -> When:
    """Build the When that a match of ``_SINGLE`` names, checking every component's range."""
    year = int(match["year"])
    _check(whole, ok=year >= 1, reason="year 0000 is not a calendar year")
    flags = {"approximate": approximate, "uncertain": uncertain}
    if match["quarter"] is not None:
        q = int(match["quarter"])
        _check(whole, ok=1 <= q <= 4, reason=f"quarter Q{q} in {part!r} is not in Q1..Q4")
        return When.quarter(year, q, **flags)
    if match["half"] is not None:
        h = int(match["half"])
        _check(whole, ok=h in (1, 2), reason=f"half H{h} in {part!r} is not H1 or H2")
        return When.half(year, h, **flags)
    if match["week"] is not None:
        w = int(match["week"])
        weeks_in_year = dt.date(year, 12, 28).isocalendar()[1]
        _check(
            whole,
            ok=1 <= w <= weeks_in_year,
            reason=f"ISO week W{w} in {part!r} is not in W01..W{weeks_in_year}",
        )
        return When.week(year, w, **flags)
    if match["month"] is None:
        return When.year(year, **flags)
    month = int(match["month"])
    _check(whole, ok=1 <= month <= 12, reason=f"month {month} in {part!r} is not in 01..12")
    if match["day"] is None:
        return When.month(year, month, **flags)
    day = int(match["day"])
    last = _last_day(year, month)
    _check(
        whole,
        ok=1 <= day <= last,
        reason=f"day {day} in {part!r} is not in 01..{last} ({_MONTH_NAMES[month]} {year})",
    )
    return When.day(year, month, day, **flags)


def _parse_text(text: str) -> When:
    stripped = text.strip()
    if not stripped:
        raise _parse_error(text, "the text is empty")
    if "/" not in stripped:
        return _parse_single(stripped, text)
    parts = stripped.split("/")
    if len(parts) != 2:
        raise _parse_error(text, f"an interval has one '/', this has {len(parts) - 1}")
    lo_text, hi_text = (p.strip() for p in parts)
    lo = None if lo_text in ("", "..") else _parse_single(lo_text, text)
    hi = None if hi_text in ("", "..") else _parse_single(hi_text, text)
    if lo is None and hi is None:
        raise _parse_error(text, "an interval needs at least one known end")
    if lo is not None and hi is not None and lo.earliest > hi.latest:
        reason = (
            f"the interval is inverted: it starts with {lo_text!r} ({lo.earliest}) after "
            f"it ends with {hi_text!r} ({hi.latest}); write the earlier end first"
        )
        raise _parse_error(text, reason)
    return When.between(lo, hi)


# --------------------------------------------------------------------------------------------
# Relations (shared by When and Span)

_Bounds: TypeAlias = tuple[int, int, int, int, bool]
"""(start_lo, start_hi, end_lo, end_hi, is_instant) in day ordinals; ends inclusive."""


class Allen(enum.Enum):
    """Allen's thirteen basic relations between two intervals ``x`` and ``y``.

    Applied to day-granular intervals: an instant on day *d* is ``[d, d + 1)`` and a span
    from day *s* to day *e* is ``[s, e + 1)``. So two instants on consecutive days *meet*.
    """

    PRECEDES = "precedes"
    """x ends before y starts, with at least one day between."""
    MEETS = "meets"
    """x's last day is the day before y's first day."""
    OVERLAPS = "overlaps"
    """x starts first, they share days, y ends last."""
    FINISHED_BY = "finished-by"
    """x starts first, they end on the same day."""
    CONTAINS = "contains"
    """x starts before and ends after y."""
    STARTS = "starts"
    """They start on the same day, x ends first."""
    EQUALS = "equals"
    """Same first and last day."""
    STARTED_BY = "started-by"
    """They start on the same day, y ends first."""
    DURING = "during"
    """y starts before and ends after x."""
    FINISHES = "finishes"
    """y starts first, they end on the same day."""
    OVERLAPPED_BY = "overlapped-by"
    """y starts first, they share days, x ends last."""
    MET_BY = "met-by"
    """y's last day is the day before x's first day."""
    PRECEDED_BY = "preceded-by"
    """y ends before x starts, with at least one day between."""

    @property
    def converse(self) -> Allen:
        """Return the relation of y to x."""
        return _CONVERSE[self]

    def __repr__(self) -> str:
        """Return ``Allen.NAME``."""
        return f"Allen.{self.name}"


_CONVERSE: Final = dict(zip(list(Allen), reversed(list(Allen)), strict=True))

# Variables: 0 = x.start, 1 = x.end, 2 = y.start, 3 = y.end (inclusive day ordinals).
# A constraint (i, j, c) means v[i] - v[j] <= c. "a < b" on integers is "a - b <= -1".
_LT: Final = -1
_ALLEN_CONSTRAINTS: Final[dict[Allen, tuple[tuple[int, int, int], ...]]] = {
    Allen.PRECEDES: ((1, 2, -2),),  # x.e + 1 < y.s
    Allen.MEETS: ((1, 2, -1), (2, 1, 1)),  # x.e + 1 == y.s
    Allen.OVERLAPS: ((0, 2, _LT), (2, 1, 0), (1, 3, _LT)),
    Allen.FINISHED_BY: ((0, 2, _LT), (1, 3, 0), (3, 1, 0)),
    Allen.CONTAINS: ((0, 2, _LT), (3, 1, _LT)),
    Allen.STARTS: ((0, 2, 0), (2, 0, 0), (1, 3, _LT)),
    Allen.EQUALS: ((0, 2, 0), (2, 0, 0), (1, 3, 0), (3, 1, 0)),
    Allen.STARTED_BY: ((0, 2, 0), (2, 0, 0), (3, 1, _LT)),
    Allen.DURING: ((2, 0, _LT), (1, 3, _LT)),
    Allen.FINISHES: ((2, 0, _LT), (1, 3, 0), (3, 1, 0)),
    Allen.OVERLAPPED_BY: ((2, 0, _LT), (0, 3, 0), (3, 1, _LT)),
    Allen.MET_BY: ((3, 0, -1), (0, 3, 1)),
    Allen.PRECEDED_BY: ((3, 0, -2),),
}
_ZERO: Final = 4  # the reference node of the difference-constraint graph


def _feasible(x: _Bounds, y: _Bounds, extra: tuple[tuple[int, int, int], ...]) -> bool:
    """Whether some completion of x and y satisfies the difference constraints *extra*."""
    inf = math.inf
    dist = [[inf] * 5 for _ in range(5)]
    for i in range(5):
        dist[i][i] = 0

    def add(i: int, j: int, c: float) -> None:
        # v[i] - v[j] <= c  is an edge j -> i of weight c
        dist[j][i] = min(dist[j][i], c)

    for offset, (s_lo, s_hi, e_lo, e_hi, instant) in ((0, x), (2, y)):
        s, e = offset, offset + 1
        add(s, _ZERO, s_hi)
        add(_ZERO, s, -s_lo)
        add(e, _ZERO, e_hi)
        add(_ZERO, e, -e_lo)
        add(s, e, 0)  # start <= end
        if instant:
            add(e, s, 0)
    for i, j, c in extra:
        add(i, j, c)
    for k in range(5):
        dk = dist[k]
        for i in range(5):
            dik = dist[i][k]
            if dik == inf:
                continue
            di = dist[i]
            for j in range(5):
                di[j] = min(di[j], dik + dk[j])
    return all(dist[i][i] >= 0 for i in range(5))


def _relation_set(x: _Bounds, y: _Bounds) -> frozenset[Allen]:
    return frozenset(r for r, cons in _ALLEN_CONSTRAINTS.items() if _feasible(x, y, cons))


def _truth_of_set(found: frozenset[Allen], wanted: frozenset[Allen]) -> Truth:
    return _truth_from(possible=bool(found & wanted), certain=found <= wanted)


_BEFORE: Final = frozenset({Allen.PRECEDES, Allen.MEETS})
_DURING: Final = frozenset({Allen.DURING, Allen.STARTS, Allen.FINISHES, Allen.EQUALS})
_CONTAINS: Final = frozenset({Allen.CONTAINS, Allen.STARTED_BY, Allen.FINISHED_BY, Allen.EQUALS})


def _before(x: _Bounds, y: _Bounds) -> Truth:
    # x's last day < y's first day. Bounds are normalised (see _span_bounds), so the extreme
    # values of x.end and y.start are attained by some completion.
    return _truth_from(possible=x[2] < y[1], certain=x[3] < y[0])


class _Temporal:
    """Relation methods shared by :class:`When` and :class:`Span`."""

    __slots__ = ()

    def ordinal_bounds(self) -> _Bounds:
        """Return ``(start_lo, start_hi, end_lo, end_hi, is_instant)`` as day ordinals.

        Ends are inclusive days. For an instant the start and end are the same unknown day in
        ``[earliest, latest]``; for a span they are independent except that the start is not
        after the end, and the bounds are normalised so each is reached by some completion.
        This is what vectorised code needs to reproduce every relation.
        """
        raise NotImplementedError

    def sort_key(self) -> tuple[int, ...]:
        """Return a total-order key that extends "definitely before"."""
        raise NotImplementedError

    def before(self, other: TemporalLike) -> Truth:
        """Return whether this ends on a day before *other* starts.

        >>> When.parse("2024-09").before("2024-11-28")
        Truth.TRUE
        >>> When.parse("2024-Q4").before("2024-11-28")
        Truth.UNKNOWN
        """
        return _before(self.ordinal_bounds(), _coerce(other).ordinal_bounds())

    def after(self, other: TemporalLike) -> Truth:
        """Return whether this starts on a day after *other* ends (``other.before(self)``)."""
        return _before(_coerce(other).ordinal_bounds(), self.ordinal_bounds())

    def overlaps(self, other: TemporalLike) -> Truth:
        """Return whether this and *other* share at least one day.

        >>> When.parse("2024-09").overlaps("2024-Q3")
        Truth.UNKNOWN
        """
        x, y = self.ordinal_bounds(), _coerce(other).ordinal_bounds()
        return ~(_before(x, y) | _before(y, x))

    def same_day(self, other: TemporalLike) -> Truth:
        """Return whether this and *other* are the same day (or the same period, for spans)."""
        found = _relation_set(self.ordinal_bounds(), _coerce(other).ordinal_bounds())
        return _truth_of_set(found, frozenset({Allen.EQUALS}))

    def during(self, other: TemporalLike) -> Truth:
        """Return whether every day of this lies within *other*.

        >>> ban = Span("2022-10-07")   # still in force
        >>> When.parse("2025-06").during(ban)
        Truth.TRUE
        """
        found = _relation_set(self.ordinal_bounds(), _coerce(other).ordinal_bounds())
        return _truth_of_set(found, _DURING)

    def contains(self, other: TemporalLike) -> Truth:
        """Return whether every day of *other* lies within this."""
        found = _relation_set(self.ordinal_bounds(), _coerce(other).ordinal_bounds())
        return _truth_of_set(found, _CONTAINS)

    def in_period(self, period: TemporalLike) -> Truth:
        """Return whether this lies within *period*, read as every day it names.

        A stated period ("in November", "in Q4 2024") is a range of days, not one unknown day:
        an instant known to the day lies within its month (TRUE), a month-dated one within its
        quarter (TRUE), one wholly outside is FALSE and one that straddles an edge is UNKNOWN.
        That is not :meth:`same_day`, where both sides are single unknown days. A
        :class:`Span` as *period* is used as the period it holds over, fuzzy ends included.

        >>> When.parse("2024-11-28").in_period("2024-11")
        Truth.TRUE
        >>> When.parse("2024-11-28").same_day("2024-11")
        Truth.UNKNOWN
        >>> When.parse("2024-11").in_period("2024-Q4"), When.parse("2024-Q4").in_period("2024-11")
        (Truth.TRUE, Truth.UNKNOWN)
        >>> When.parse("2025-09-30").in_period("2025-10")
        Truth.FALSE
        """
        return self.during(_as_period(_coerce(period)))


def relations(a: TemporalLike, b: TemporalLike) -> frozenset[Allen]:
    """Return every Allen relation of *a* to *b* that some completion of their dates realises.

    >>> sorted(r.value for r in relations("2024-09-12", "2024-09-13"))
    ['meets']
    >>> sorted(r.value for r in relations("2024-09", "2024-09-20"))
    ['equals', 'meets', 'met-by', 'preceded-by', 'precedes']
    """
    return _relation_set(_coerce(a).ordinal_bounds(), _coerce(b).ordinal_bounds())


# --------------------------------------------------------------------------------------------
# When


@attrs.frozen(repr=False, order=False)
class ApproxPolicy:
    """How many days to widen a date marked approximate (``~`` or ``%``), per precision.

    Approximate dates are never widened implicitly: pass a policy to :meth:`When.widened`.

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


_Qualifier: TypeAlias = Literal["exactly", "about", "less_than", "at_most", "more_than", "at_least"]
_QUALIFIER_NAMES: Final = ("exactly", "about", "less_than", "at_most", "more_than", "at_least")
_OFFSET: Final = re.compile(
    r"(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*"
    r"(?P<unit>day|week|month|year)s?",
    re.IGNORECASE,
)
_NUMBER_WORDS: Final = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def _parse_offset(offset: str | int) -> tuple[int, str]:
    """Return (count, unit) for an offset such as "3 months", "a week" or 8 (days)."""
    if isinstance(offset, int):
        if offset < 0:
            msg = f"offset={offset!r} is negative; pass a positive count and before=True"
            raise DateError(msg)
        return offset, "day"
    match = _OFFSET.fullmatch(offset.strip())
    if match is None:
        msg = (
            f"offset={offset!r} is not an offset; expected a count and a unit such as "
            "'8 days', 'a week', '3 months', 'two years', or an int number of days"
        )
        raise DateError(msg)
    n = match["n"].lower()
    return (int(n) if n.isdigit() else _NUMBER_WORDS[n]), match["unit"].lower()


def _shift(d: pendulum.Date, count: int, unit: str, sign: int) -> pendulum.Date:
    if d in (MIN_DATE, MAX_DATE):
        return d  # an open end stays open
    try:
        if unit in ("day", "week"):
            return _from_ordinal(d.toordinal() + sign * count * (7 if unit == "week" else 1))
        months_ = count * (12 if unit == "year" else 1)
        return d.add(months=months_) if sign > 0 else d.subtract(months=months_)
    except (OverflowError, ValueError):
        return MAX_DATE if sign > 0 else MIN_DATE


def _when_field(value: When | str | dt.date) -> When:
    return When.coerce(value)


@attrs.frozen(repr=False, order=False)
class When(_Temporal):
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

    def __attrs_post_init__(self) -> None:
        """Reject inverted bounds."""
        if self.earliest > self.latest:
            msg = (
                f"earliest={self.earliest} is after latest={self.latest}; "
                "a When needs earliest <= latest"
            )
            raise DateError(msg)

    # -- constructors ------------------------------------------------------------------------

    @staticmethod
    def day(
        year: int, month: int, day: int, *, approximate: bool = False, uncertain: bool = False
    ) -> When:
        """Return the exact day *year*-*month*-*day*.

        >>> When.day(2024, 9, 12).to_edtf()
        '2024-09-12'
        """
        try:
            d = pendulum.Date(year, month, day)
        except (ValueError, TypeError) as exc:
            msg = f"When.day({year!r}, {month!r}, {day!r}) is not a calendar day: {exc}"
            raise DateError(msg) from None
        return When(d, d, Precision.DAY, approximate=approximate, uncertain=uncertain)

    @staticmethod
    def week(year: int, week: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return ISO week *week* of ISO year *year* (Monday to Sunday)."""
        try:
            monday = dt.date.fromisocalendar(year, week, 1)
        except (ValueError, TypeError) as exc:
            msg = f"When.week({year!r}, {week!r}) is not an ISO week: {exc}"
            raise DateError(msg) from None
        first, last = _unit(monday, Precision.WEEK)
        return When(first, last, Precision.WEEK, approximate=approximate, uncertain=uncertain)

    @staticmethod
    def month(year: int, month: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return some day of *month* in *year*.

        >>> When.month(2024, 9)
        When.parse('2024-09')
        """
        return When._unit_of(
            year, month, Precision.MONTH, approximate, uncertain, f"month={month!r}"
        )

    @staticmethod
    def quarter(
        year: int, quarter: int, *, approximate: bool = False, uncertain: bool = False
    ) -> When:
        """Return some day of calendar quarter *quarter* (Q1 = January to March) of *year*."""
        if quarter not in (1, 2, 3, 4):
            msg = f"quarter={quarter!r} is not a quarter; expected 1, 2, 3 or 4 (Q1 = Jan-Mar)"
            raise DateError(msg)
        return When._unit_of(year, 3 * quarter - 2, Precision.QUARTER, approximate, uncertain, "")

    @staticmethod
    def half(year: int, half: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return some day of half-year *half* (H1 = January to June) of *year*."""
        if half not in (1, 2):
            msg = f"half={half!r} is not a half-year; expected 1 (Jan-Jun) or 2 (Jul-Dec)"
            raise DateError(msg)
        return When._unit_of(year, 6 * half - 5, Precision.HALF, approximate, uncertain, "")

    @staticmethod
    def year(year: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return some day of *year*.

        >>> When.year(2015).describe()
        '2015'
        """
        return When._unit_of(year, 1, Precision.YEAR, approximate, uncertain, "")

    @staticmethod
    def decade(year: int, *, approximate: bool = False, uncertain: bool = False) -> When:
        """Return some day of the decade starting in *year* (2020 for the 2020s)."""
        if year % 10 or not 10 <= year <= 9990:
            msg = f"year={year!r} does not start a decade; pass a multiple of 10 from 10 to 9990"
            raise DateError(msg)
        return When._unit_of(year, 1, Precision.DECADE, approximate, uncertain, "")

    @staticmethod
    def _unit_of(
        year: int,
        month: int,
        precision: Precision,
        approximate: bool,  # noqa: FBT001 - private helper
        uncertain: bool,  # noqa: FBT001 - private helper
        what: str,
    ) -> When:
        if not _is_int_in(year, 1, 9999):
            msg = f"year={year!r} is not a year; expected an int from 1 to 9999"
            raise DateError(msg)
        if not _is_int_in(month, 1, 12):
            msg = f"{what or f'month={month!r}'} is not a month; expected an int from 1 to 12"
            raise DateError(msg)
        first, last = _unit(dt.date(year, month, 1), precision)
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
        ends = [w for w in (lo, hi) if w is not None]
        earliest = MIN_DATE if lo is None else lo.earliest
        latest = MAX_DATE if hi is None else hi.latest
        if earliest > latest:
            msg = f"When.between({a!r}, {b!r}) is inverted: {earliest} is after {latest}"
            raise DateError(msg)
        return When(
            earliest,
            latest,
            min(w.precision for w in ends),
            approximate=any(w.approximate for w in ends),
            uncertain=any(w.uncertain for w in ends),
        )

    @staticmethod
    def parse(value: str | dt.date | When) -> When:
        """Read a date expression (ISO 8601 / EDTF level 0-1 forms, quarters, halves, weeks).

        Accepts ``2024-09-12``, ``2024-W37``, ``2024-09``, ``2024-Q4``, ``2024-H2``, ``2024``,
        ``2020s``/``202X``, a trailing qualifier ``~`` (approximate), ``?`` (uncertain) or
        ``%`` (both), intervals ``A/B`` meaning *some day from A to B* with ``..`` for an open
        end, aware ISO datetimes (their UTC day), and ``datetime.date`` objects.

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
            return _when_from_datetime(value)
        if isinstance(value, dt.date):
            return When.day(value.year, value.month, value.day)
        return _parse_text(_require_text(value))

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
        count, unit = _parse_offset(offset)
        if qualifier not in _QUALIFIER_NAMES:
            msg = f"qualifier={qualifier!r} is not a qualifier; expected one of {_QUALIFIER_NAMES}"
            raise DateError(msg)
        if slack < 0:
            msg = f"slack={slack!r} is negative; expected a number of days >= 0"
            raise DateError(msg)
        lo, hi = _relative_bounds(anchor_when, count, unit, -1 if before else 1, qualifier, slack)
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
        """Whether the range has no known start (``../X``)."""
        return self.earliest == MIN_DATE

    @property
    def is_open_end(self) -> bool:
        """Whether the range has no known end (``X/..``)."""
        return self.latest == MAX_DATE

    @property
    def width_days(self) -> int:
        """Return how many days the instant may be on."""
        return self.latest_ordinal - self.earliest_ordinal + 1

    def _qualifier(self) -> str:
        if self.approximate and self.uncertain:
            return "%"
        if self.approximate:
            return "~"
        return "?" if self.uncertain else ""

    def _is_unit(self) -> bool:
        if self.is_open_start or self.is_open_end:
            return False
        return _unit(self.earliest, self.precision) == (self.earliest, self.latest)

    def to_edtf(self) -> str:
        """Return the EDTF (ISO 8601-2) text; ``When.parse(w.to_edtf()) == w``.

        The round trip holds for every When whose bounds fall on its precision's calendar
        units, which is every When that :meth:`parse` and the constructors make. A
        :class:`RelativeWhen` formats as its resolved bounds.

        >>> When.parse("2024-H2~").to_edtf()
        '2024-H2~'
        >>> When.parse("2020s").to_edtf()
        '202X'
        """
        q = self._qualifier()
        if self._is_unit():
            return _format_unit(self.earliest, self.precision) + q
        lo = ".." if self.is_open_start else self._format_end(self.earliest, start=True) + q
        hi = ".." if self.is_open_end else self._format_end(self.latest, start=False) + q
        return f"{lo}/{hi}"

    def _end_precision(self, d: pendulum.Date, *, start: bool) -> Precision:
        """Return the finest precision, no finer than this one, whose unit starts (ends) at *d*.

        ``2024-W52/2025-01`` has week precision but ends on a month's last day, not a
        Sunday: formatting that end as a month keeps the round trip exact.
        """
        for precision in Precision:
            if precision < self.precision:
                continue
            first, last = _unit(d, precision)
            if d == (first if start else last):
                return precision
        return Precision.DAY

    def _format_end(self, d: pendulum.Date, *, start: bool) -> str:
        return _format_unit(d, self._end_precision(d, start=start))

    def __str__(self) -> str:
        """Return the EDTF text."""
        return self.to_edtf()

    def __repr__(self) -> str:
        """Return ``When.parse('...')``."""
        return f"When.parse({self.to_edtf()!r})"

    def describe(self) -> str:
        """Return an English description such as ``'September 2024'`` or ``'about Q4 2024'``.

        >>> When.parse("2024-09-10/2024-09-20").describe()
        'between 10 September 2024 and 20 September 2024'
        """
        if self._is_unit():
            text = _describe_unit(self.earliest, self.precision)
        elif self.is_open_start and self.is_open_end:
            text = "at an unknown time"
        elif self.is_open_start:
            text = f"on or before {self._describe_end(self.latest, start=False)}"
        elif self.is_open_end:
            text = f"on or after {self._describe_end(self.earliest, start=True)}"
        else:
            lo = self._describe_end(self.earliest, start=True)
            hi = self._describe_end(self.latest, start=False)
            text = f"between {lo} and {hi}"
        if self.approximate:
            text = f"about {text}"
        if self.uncertain:
            text = f"{text} (uncertain)"
        return text

    def _describe_end(self, d: pendulum.Date, *, start: bool) -> str:
        return _describe_unit(d, self._end_precision(d, start=start))

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
        return When(
            self.earliest,
            self.latest,
            self.precision,
            approximate=self.approximate,
            uncertain=self.uncertain,
        )

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


# --------------------------------------------------------------------------------------------
# Span


def _optional_when(value: When | str | dt.date | None) -> When | None:
    return None if value is None else When.coerce(value)


@attrs.frozen(repr=False, order=False)
class Span(_Temporal):
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
        """Read ``START/END`` with single-date ends; ``..`` or an empty END means in force.

        >>> Span.parse("2022-10-07/..").is_open
        True
        """
        parts = text.strip().split("/")
        if len(parts) != 2:
            msg = f"cannot parse {text!r} as a span: expected START/END (END may be '..')"
            raise DateParseError(msg)
        end = parts[1].strip()
        return Span(When.parse(parts[0]), None if end in ("", "..") else When.parse(end))

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

    def to_edtf(self) -> str:
        """Return ``START/END`` in EDTF, ``..`` for an end still open.

        Raises:
            DateError: an end is itself a range with no single EDTF form.
        """
        ends = [self.start] if self.end is None else [self.start, self.end]
        for w in ends:
            if "/" in w.to_edtf():
                msg = f"span end {w.to_edtf()!r} is a range; EDTF cannot nest it in an interval"
                raise DateError(msg)
        return f"{self.start.to_edtf()}/{'..' if self.end is None else self.end.to_edtf()}"

    def __str__(self) -> str:
        """Return ``START → END`` (``in force`` when open)."""
        end = "in force" if self.end is None else self.end.to_edtf()
        return f"{self.start.to_edtf()} \N{RIGHTWARDS ARROW} {end}"

    def __repr__(self) -> str:
        """Return ``Span('start', 'end')``."""
        if self.end is None:
            return f"Span({self.start.to_edtf()!r})"
        return f"Span({self.start.to_edtf()!r}, {self.end.to_edtf()!r})"

    def describe(self) -> str:
        """Return an English description such as ``'from 7 October 2022, still in force'``."""
        if self.end is None:
            return f"from {self.start.describe()}, still in force"
        return f"from {self.start.describe()} to {self.end.describe()}"

    def sort_key(self) -> tuple[int, ...]:
        """Return a total-order key that extends "definitely before" (see :meth:`When.sort_key`)."""
        end_key = (MAX_ORDINAL,) * 6 if self.end is None else self.end.sort_key()
        first = (self.start.earliest_ordinal, self.latest.toordinal(), 1)
        return (*first, *self.start.sort_key(), *end_key)

    def ordinal_bounds(self) -> _Bounds:
        """Return the normalised start and end bounds as day ordinals (see :class:`When`)."""
        s_lo, s_hi = self.start.earliest_ordinal, self.start.latest_ordinal
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
        if self.end is None:
            msg = f"{self!r} is still in force; its duration is not known"
            raise DateError(msg)
        s_lo, s_hi, e_lo, e_hi, _ = self.ordinal_bounds()
        return DayRange(max(e_lo - s_hi, 0) + 1, e_hi - s_lo + 1)


Temporal: TypeAlias = When | Span
"""Anything with a place on the timeline: an instant or a period."""
DateLike: TypeAlias = When | str | dt.date
"""What date arguments accept: a When, a string for :meth:`When.parse`, or a date."""
TemporalLike: TypeAlias = When | Span | str | dt.date
"""What relation arguments accept."""


def _coerce(value: TemporalLike) -> When | Span:
    if isinstance(value, When | Span):
        return value
    return When.parse(value)


def _as_period(value: When | Span) -> Span:
    """Return *value* read as the period of every day it names (a Span is one already)."""
    if isinstance(value, Span):
        return value
    first = When(value.earliest, value.earliest, Precision.DAY)
    last = When(value.latest, value.latest, Precision.DAY)
    return Span(first, last)


def _is_int_in(value: object, lo: int, hi: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def _require_text(value: object) -> str:
    if isinstance(value, str):
        return value
    msg = (
        f"cannot parse {value!r} ({type(value).__name__}) as a date; "
        f"expected a string or a date. Accepted forms: {_ACCEPTED_FORMS}"
    )
    raise DateParseError(msg)


def _relative_bounds(
    anchor: When, count: int, unit: str, sign: int, qualifier: str, slack: int
) -> tuple[int, int]:
    """Return the ordinal bounds of a relative statement (see :meth:`When.relative`)."""
    a0, a1 = anchor.earliest, anchor.latest
    s0, s1 = _shift(a0, count, unit, sign).toordinal(), _shift(a1, count, unit, sign).toordinal()
    if qualifier in ("exactly", "about"):
        pad = slack if qualifier == "about" else 0
        return s0 - pad, s1 + pad
    if qualifier == "less_than" and count == 0:
        msg = (
            f"'less than 0 {unit}s' from {anchor.to_edtf()} allows no day; use qualifier='exactly'"
        )
        raise DateError(msg)
    strict = sign if qualifier in ("less_than", "more_than") else 0  # one day further out
    if qualifier in ("less_than", "at_most"):
        near = (a0 if sign > 0 else a1).toordinal()
        far = (s1 if sign > 0 else s0) - strict
    else:
        far = MAX_ORDINAL if sign > 0 else MIN_ORDINAL
        near = (s0 if sign > 0 else s1) + strict
    lo, hi = sorted((near, far))
    return lo, hi


# --------------------------------------------------------------------------------------------
# DayRange


def _check_range(instance: DayRange, _attribute: attrs.Attribute[int], hi: int) -> None:
    if instance.lo > hi:
        msg = f"DayRange(lo={instance.lo}, hi={hi}) is inverted; expected lo <= hi"
        raise DateError(msg)


_UNITS: Final = ("days", "weeks", "months")


@attrs.frozen(repr=False, order=False)  # order=False: keep our Truth-valued comparisons
class DayRange:
    """A number of days known to lie in ``[lo, hi]``; a single value when ``lo == hi``.

    Comparisons with ``<``, ``<=``, ``>``, ``>=`` return :class:`Truth`, so
    ``lag < weeks(13)`` may be UNKNOWN; ``==`` is structural. Conversions never round:
    weeks are 7 days and months :data:`MONTH_DAYS` (365.2425 / 12) days; only :meth:`format`
    rounds, to the digits asked.

    >>> r = DayRange(32, 90)
    >>> r.format("weeks")
    '4.6\N{EN DASH}12.9 weeks'
    >>> r < weeks(13)
    Truth.TRUE
    >>> r < weeks(10)
    Truth.UNKNOWN
    """

    lo: int = attrs.field(converter=int)
    """The fewest days."""
    hi: int = attrs.field(converter=int, validator=_check_range)
    """The most days."""

    @staticmethod
    def exact(n: int) -> DayRange:
        """Return exactly *n* days."""
        return DayRange(n, n)

    @property
    def days(self) -> tuple[int, int]:
        """Return ``(lo, hi)`` in days."""
        return (self.lo, self.hi)

    @property
    def weeks(self) -> tuple[float, float]:
        """Return ``(lo, hi)`` in weeks of 7 days, unrounded."""
        return (self.lo / 7, self.hi / 7)

    @property
    def months(self) -> tuple[float, float]:
        """Return ``(lo, hi)`` in mean Gregorian months of 365.2425 / 12 days, unrounded."""
        return (self.lo / MONTH_DAYS, self.hi / MONTH_DAYS)

    @property
    def is_exact(self) -> bool:
        """Whether the range is one value."""
        return self.lo == self.hi

    def contains(self, n_days: int) -> bool:
        """Return whether *n_days* lies in the range."""
        return self.lo <= n_days <= self.hi

    def format(self, unit: str = "weeks", digits: int = 1) -> str:
        """Return e.g. ``'11.0 weeks'`` or ``'4.6-12.9 weeks'`` (with an en dash), rounded.

        Args:
            unit: ``"days"`` (shown as whole days), ``"weeks"`` or ``"months"``.
            digits: decimal places for weeks and months.
        """
        if unit not in _UNITS:
            msg = f"unit={unit!r} is not a unit; expected one of {_UNITS}"
            raise DateError(msg)
        if unit == "days":
            text = str(self.lo) if self.is_exact else f"{self.lo}\N{EN DASH}{self.hi}"
            return f"{text} day{'' if self.days == (1, 1) else 's'}"
        lo, hi = self.weeks if unit == "weeks" else self.months
        text = f"{lo:.{digits}f}" if self.is_exact else f"{lo:.{digits}f}\N{EN DASH}{hi:.{digits}f}"
        return f"{text} {unit}"

    def __str__(self) -> str:
        """Return the range in weeks with one decimal."""
        return self.format("weeks")

    def __repr__(self) -> str:
        """Return ``DayRange(lo, hi)``."""
        return f"DayRange({self.lo}, {self.hi})"

    def __neg__(self) -> DayRange:
        """Return the range with its sign flipped."""
        return DayRange(-self.hi, -self.lo)

    def __add__(self, other: DayRange | int) -> DayRange:
        """Return the range of sums."""
        if isinstance(other, int):
            return DayRange(self.lo + other, self.hi + other)
        if isinstance(other, DayRange):
            return DayRange(self.lo + other.lo, self.hi + other.hi)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: DayRange | int) -> DayRange:
        """Return the range of differences."""
        if isinstance(other, int | DayRange):
            return self + (-other)
        return NotImplemented

    def _compare(self, o: DayRange, *, strict: bool) -> Truth:
        if strict:
            return _truth_from(possible=self.lo < o.hi, certain=self.hi < o.lo)
        return _truth_from(possible=self.lo <= o.hi, certain=self.hi <= o.lo)

    def __lt__(self, other: DayRange) -> Truth:
        """Return whether every value is less than every value of *other*, as a Truth."""
        if not isinstance(other, DayRange):
            return NotImplemented
        return self._compare(other, strict=True)

    def __le__(self, other: DayRange) -> Truth:
        """Return ``<=`` as a Truth."""
        if not isinstance(other, DayRange):
            return NotImplemented
        return self._compare(other, strict=False)

    def __gt__(self, other: DayRange) -> Truth:
        """Return ``>`` as a Truth."""
        if not isinstance(other, DayRange):
            return NotImplemented
        return other._compare(self, strict=True)

    def __ge__(self, other: DayRange) -> Truth:
        """Return ``>=`` as a Truth."""
        if not isinstance(other, DayRange):
            return NotImplemented
        return other._compare(self, strict=False)


def days(n: int) -> DayRange:
    """Return exactly *n* days.

    >>> days(77).format("weeks")
    '11.0 weeks'
    """
    return DayRange(n, n)


def weeks(n: float) -> DayRange:
    """Return *n* weeks of 7 days (a fractional number of days widens to the whole days around it).

    >>> weeks(13)
    DayRange(91, 91)
    >>> weeks(1.5)
    DayRange(10, 11)
    """
    total = n * 7
    return DayRange(math.floor(total), math.ceil(total))


@functools.cache
def _month_window_lengths(n: int) -> tuple[int, int]:
    lengths = [
        _last_day(year, month) for year, month in itertools.product(range(2000, 2400), range(1, 13))
    ]
    cycle = lengths + lengths[:n]  # the Gregorian calendar repeats every 400 years
    window = sum(cycle[:n])
    lo = hi = window
    for i in range(1, len(lengths)):
        window += cycle[i + n - 1] - cycle[i - 1]
        lo, hi = min(lo, window), max(hi, window)
    return lo, hi


def months(n: int) -> DayRange:
    """Return the range of lengths of *n* consecutive calendar months.

    "Three months" is 89 to 92 days depending on which months; the honest duration is that
    range, so ``lag < months(3)`` is UNKNOWN for a lag of 90 days.

    >>> months(1)
    DayRange(28, 31)
    >>> months(3)
    DayRange(89, 92)
    >>> months(12)
    DayRange(365, 366)
    """
    if not _is_int_in(n, 0, 1200):
        msg = f"n={n!r} is not a whole number of months from 0 to 1200"
        raise DateError(msg)
    if n == 0:
        return DayRange(0, 0)
    return DayRange(*_month_window_lengths(n))
