"""Lags between events: how long one instant, or one group, took to reach another.

Everything here is interval-honest about fuzzy dates and never reads a clock: where a result
depends on "today" (the age of a leader nobody has matched yet), the day is an argument.

:func:`lag` is the time from instant *a* to instant *b* as a range of whole days,
``[b.earliest - a.latest, b.latest - a.earliest]``; one number when both are exact days.
:func:`~aitimeline.lags` (``aitimeline._lag_arrays``) is the same over arrays, and
:func:`~aitimeline.catch_up` and :func:`~aitimeline.catch_up_pairs` (``aitimeline._catch_up``)
the first-mover gaps between two groups.

Comparisons: ``==`` and ``!=`` tell whether two lags (or a lag and a
:class:`~aitimeline.DayRange`) are the same range of days, a plain bool, as for any value;
``<``, ``<=``, ``>``, ``>=`` and :meth:`Lag.equals` ask about the unknown true lag and return a
:class:`~aitimeline.Truth`, UNKNOWN when the ranges overlap.

Results share :class:`LagStats` (mean, median, min and max in months, and
:meth:`~LagStats.summary`). Naming: ``censored`` is a flag (CatchUp, DailyPoint) and
``censored_leaders`` the list of leaders nobody matched (CatchUpPairs, FrontierLag; their old
``censored`` list still works, with a DeprecationWarning).

Months are mean Gregorian months of :data:`~aitimeline.MONTH_DAYS` = 365.2425 / 12 days;
nothing is rounded except when formatted for display.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar, overload

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from aitimeline._dates import MONTH_DAYS, DateLike, DayRange, Span, Truth, When
from aitimeline._display import card
from aitimeline._events import Event
from aitimeline._gaps import month_summary
from aitimeline._periods import as_period, period_field
from aitimeline._query import Predicate
from aitimeline._timeline import Timeline
from aitimeline.exceptions import DateError, MetricError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Censored",
    "Instant",
    "Lag",
    "LagStats",
    "Pair",
    "lag",
]

Instant: TypeAlias = Event | When | Span | DateLike
"""What :func:`lag` accepts: an event (its date), a When, a Span (its start) or a date."""

E_co = TypeVar("E_co", bound=Event, covariant=True)
"""The kind of event a pair or a censored record holds."""
_E = TypeVar("_E", bound=Event)


# --------------------------------------------------------------------------------------------
# Lag


_ID_LIKE = re.compile(r"(?=[^-]*[a-z])[a-z0-9][a-z0-9._]*(?:-[a-z0-9._]+)+", re.IGNORECASE)
"""Text shaped like an event id (``openai-o1-preview``): words joined by hyphens, a letter in
the first; a date that fails to parse in this shape gets a hint to look the event up."""


_PERIOD_FIELDS: weakref.WeakKeyDictionary[type[Event], str | None] = weakref.WeakKeyDictionary()
"""Each kind's period field, read once per class (reading it resolves the class's types)."""


def has_period(kind: type[Event]) -> bool:
    """Return whether events of *kind* hold over a period (``in_force``): see ``_periods``."""
    try:
        return _PERIOD_FIELDS[kind] is not None
    except KeyError:
        name = _PERIOD_FIELDS[kind] = period_field(kind)
        return name is not None


def _to_when(value: object, name: str) -> When:
    """Return the instant *value* stands for (an event's date, a span's start).

    An event that holds over a period (an export control's ``in_force``) stands for that
    period, so a lag is measured from the day it took force, never from its announcement; one
    whose period is unknown is refused, naming the field (the period rule of the query layer).
    """
    if isinstance(value, Event):
        if isinstance(value.when, When) and not has_period(type(value)):
            return value.when
        value = as_period(value, what=name, error=MetricError)
    if isinstance(value, Span):
        return value.start
    if isinstance(value, When):
        return value
    if isinstance(value, str) and _ID_LIKE.fullmatch(value.strip()):
        try:
            return When.coerce(value)
        except DateError:
            msg = (
                f"{name}={value!r} is not a date; it looks like an event id: look the event up "
                f"first, e.g. timeline[{value!r}], and pass the event"
            )
            raise MetricError(msg) from None
    if isinstance(value, str | dt.date):
        return When.coerce(value)
    msg = (
        f"{name}={value!r} is not an instant; expected an event, a When, a Span, "
        "a date string or a datetime.date"
    )
    raise MetricError(msg)


def _lag_bounds(lag: Lag) -> DayRange:
    return lag.start.until(lag.end)


@attrs.frozen(repr=False, eq=False, order=False)  # comparisons: see the class docstring
class Lag:
    """The time from one instant to another, as a range of whole days.

    Built on :class:`~aitimeline.DayRange`: ``bounds`` is
    ``[end.earliest - start.latest, end.latest - start.earliest]``, every difference between a
    possible day of *end* and a possible day of *start*; a single value when both are exact.
    Negative when *end* comes first.

    Comparisons with another Lag or a DayRange (``days(n)``, ``weeks(n)``, ``months(n)``) come
    in two families, each consistent: ``==`` and ``!=`` compare the *ranges* and return a bool
    (two lags are equal when their ranges of days are; ``lag == weeks(1)`` is True for a lag
    of exactly 7 days; the hash is the range's), while ``<``, ``<=``, ``>``, ``>=`` and
    :meth:`equals` ask about the unknown true number of days and return a
    :class:`~aitimeline.Truth`, UNKNOWN when the ranges overlap.

    >>> q = lag("2024-09-12", "2024-11-28")
    >>> str(q), q.days
    ('11.0 weeks', (77, 77))
    >>> str(lag("2024-09", "2024-11-28"))
    '8.4\N{EN DASH}12.6 weeks'
    >>> from aitimeline import weeks
    >>> q < weeks(13), lag("2024-09", "2024-11-28") < weeks(10)
    (Truth.TRUE, Truth.UNKNOWN)
    >>> q == weeks(11), q.equals(weeks(11)), lag("2024-09", "2024-11-28").equals(weeks(11))
    (True, Truth.TRUE, Truth.UNKNOWN)
    """

    start: When
    """Where the lag is measured from."""
    end: When
    """Where it is measured to."""
    bounds: DayRange = attrs.field(init=False, default=attrs.Factory(_lag_bounds, takes_self=True))
    """The range of whole days from *start* to *end*."""

    @property
    def days(self) -> tuple[int, int]:
        """Return ``(lo, hi)`` in whole days."""
        return self.bounds.days

    @property
    def weeks(self) -> tuple[float, float]:
        """Return ``(lo, hi)`` in weeks of 7 days, unrounded."""
        return self.bounds.weeks

    @property
    def months(self) -> tuple[float, float]:
        """Return ``(lo, hi)`` in months of 365.2425 / 12 days, unrounded."""
        return self.bounds.months

    @property
    def is_exact(self) -> bool:
        """Whether the lag is one number of days (both ends exact days)."""
        return self.bounds.is_exact

    @property
    def midpoint_days(self) -> float:
        """Return the middle of the range in days (what summary statistics use)."""
        return (self.bounds.lo + self.bounds.hi) / 2

    def contains(self, n_days: int) -> bool:
        """Return whether a lag of *n_days* is possible."""
        return self.bounds.contains(n_days)

    def format(self, unit: str = "weeks", digits: int = 1) -> str:
        """Return the lag as text, e.g. ``'11.0 weeks'`` or ``'4.6\N{EN DASH}12.9 weeks'``.

        Args:
            unit: ``"days"``, ``"weeks"`` or ``"months"`` (365.2425 / 12 days).
            digits: Decimal places, rounded half-even; days are always whole.

        Returns:
            The value, or the ``lo\N{EN DASH}hi`` range, and the unit.
        """
        return self.bounds.format(unit, digits)

    def __str__(self) -> str:
        """Return the lag in weeks with one decimal."""
        return self.format("weeks")

    def __repr__(self) -> str:
        """Return e.g. ``<Lag 77 days (11.0 weeks): 2024-09-12 → 2024-11-28>``."""
        days = self.bounds.format("days")
        return (
            f"<Lag {days} ({self.format('weeks')}): {self.start} \N{RIGHTWARDS ARROW} {self.end}>"
        )

    def _repr_html_(self) -> str:
        """Return a small HTML card: the range in days, weeks and months, and its two ends."""
        return card(
            f"Lag {self.format('weeks')}",
            [
                ("days", self.bounds.format("days")),
                ("months", self.format("months")),
                ("from", self.start),
                ("to", self.end),
            ],
        )

    def __eq__(self, other: object) -> bool:
        """Return whether *other* (a Lag or a DayRange) is the same range of days."""
        if not isinstance(other, Lag | DayRange):
            return NotImplemented
        return self.bounds == _range_of(other)

    def __ne__(self, other: object) -> bool:
        """Return whether *other* is a different range of days."""
        if not isinstance(other, Lag | DayRange):
            return NotImplemented
        return self.bounds != _range_of(other)

    def __hash__(self) -> int:
        """Return the hash of the range (equal lags and ranges hash alike)."""
        return hash(self.bounds)

    def equals(self, other: Lag | DayRange) -> Truth:
        """Return whether the true lag equals *other*'s, as a Truth.

        TRUE when both are the same single number of days, FALSE when the ranges do not
        overlap, UNKNOWN otherwise.
        """
        return (self <= other) & (self >= other)

    def __neg__(self) -> Lag:
        """Return the lag the other way round (from *end* to *start*)."""
        return Lag(self.end, self.start)

    def __lt__(self, other: Lag | DayRange) -> Truth:
        """Return whether every possible value is below every value of *other*, as a Truth."""
        if not isinstance(other, Lag | DayRange):
            return NotImplemented
        return self.bounds < _range_of(other)

    def __le__(self, other: Lag | DayRange) -> Truth:
        """Return ``<=`` as a Truth."""
        if not isinstance(other, Lag | DayRange):
            return NotImplemented
        return self.bounds <= _range_of(other)

    def __gt__(self, other: Lag | DayRange) -> Truth:
        """Return ``>`` as a Truth."""
        if not isinstance(other, Lag | DayRange):
            return NotImplemented
        return self.bounds > _range_of(other)

    def __ge__(self, other: Lag | DayRange) -> Truth:
        """Return ``>=`` as a Truth."""
        if not isinstance(other, Lag | DayRange):
            return NotImplemented
        return self.bounds >= _range_of(other)


def _range_of(value: Lag | DayRange) -> DayRange:
    return value.bounds if isinstance(value, Lag) else value


def lag(a: Instant, b: Instant) -> Lag:
    """Return the lag from *a* to *b*.

    Args:
        a: Where to measure from: an event (its ``when``; a period counts from its start), a
            :class:`~aitimeline.When`, a :class:`~aitimeline.Span`, a date string or a date.
        b: Where to measure to, likewise.

    Returns:
        ``[b.earliest - a.latest, b.latest - a.earliest]`` days; ``lag(a, b) == -lag(b, a)``.

    Raises:
        MetricError: *a* or *b* is not an instant.

    >>> lag("2024-11-20", "2024-11-28").format("days")
    '8 days'
    >>> lag("2024-11-28", "2024-11-20").days
    (-8, -8)
    """
    return Lag(_to_when(a, "a"), _to_when(b, "b"))


# --------------------------------------------------------------------------------------------
# Shared result pieces


def _as_date(value: DateLike | None, name: str, *, end: bool) -> pendulum.Date | None:
    """Return the first (or, with *end*, the last) day of *value*."""
    if value is None:
        return None
    try:
        w = When.coerce(value)
    except (TypeError, ValueError) as error:
        msg = f"{name}={value!r} is not a date: {error}"
        raise MetricError(msg) from None
    return w.latest if end else w.earliest


class _Statistic:
    """One statistic of :meth:`LagStats.summary` (``"mean"``...) read as a property."""

    def __init__(self, key: str, doc: str) -> None:
        self.key = key
        self.__doc__ = doc

    @overload
    def __get__(self, instance: None, owner: type) -> _Statistic: ...
    @overload
    def __get__(self, instance: LagStats, owner: type) -> float: ...
    def __get__(self, instance: LagStats | None, owner: type) -> _Statistic | float:
        """Return the statistic of *instance*'s lags (the descriptor itself on the class)."""
        return self if instance is None else instance.summary()[self.key]


class LagStats:
    """Statistics over a result's lags, in months: shared by the catch-up and frontier results.

    A result provides :attr:`lag_days` (the lags it summarises, in days) and may set
    ``month_days``; the statistics are NaN when there is no lag to summarise.
    """

    __slots__ = ()

    @property
    def lag_days(self) -> tuple[float, ...]:
        """Return the lags the statistics summarise, in days."""
        raise NotImplementedError

    def _lag_array(self) -> npt.NDArray[np.float64]:
        """Return :attr:`lag_days` as a float array (array results return theirs as is)."""
        return np.asarray(self.lag_days, dtype=np.float64)

    def _month_length(self) -> float:
        """Return the days in a month for the statistics (mean Gregorian by default)."""
        return MONTH_DAYS

    def summary(self, percentiles: Sequence[float] = ()) -> dict[str, float]:
        """Return ``{"mean", "median", "min", "max"}`` of the lags in months, and percentiles.

        Args:
            percentiles: Percentiles to add, such as ``(5, 95)`` (Epoch's "90% interval"),
                under the keys ``"p5"`` and ``"p95"``; linear interpolation, as numpy and
                pandas do by default.

        Returns:
            The statistics in months; NaN when there is no lag.
        """
        return month_summary(self._lag_array(), self._month_length(), tuple(percentiles))

    mean_months = _Statistic("mean", "The mean lag in months (NaN when there is none).")
    median_months = _Statistic("median", "The median lag in months (NaN when there is none).")
    min_months = _Statistic("min", "The shortest lag in months (NaN when there is none).")
    max_months = _Statistic("max", "The longest lag in months (NaN when there is none).")


def _deprecated_censored(owner: object) -> None:
    warnings.warn(
        f"{type(owner).__name__}.censored as the list of unmatched leaders is deprecated; use "
        ".censored_leaders (censored will become a flag, as on CatchUp and DailyPoint)",
        DeprecationWarning,
        stacklevel=3,
    )


@attrs.frozen
class Pair(Generic[E_co]):
    """A leader event and the follower event that caught up with it."""

    leader: E_co
    """The event that got there first (a release, or a frontier score)."""
    follower: E_co
    """The event that caught up."""
    lag: Lag
    """From the leader's date to the follower's."""
    leader_value: float | None = None
    """The leader's score after the transform (frontier pairs only)."""
    follower_value: float | None = None
    """The follower's score after the transform (frontier pairs only)."""

    def __repr__(self) -> str:
        """Return e.g. ``<Pair openai-o1-preview → deepseek-r1-lite-preview: 9.9 weeks>``."""
        return f"<Pair {self.leader.id} \N{RIGHTWARDS ARROW} {self.follower.id}: {self.lag}>"


@attrs.frozen
class Censored(Generic[E_co]):
    """A leader event no follower has caught up with by *as_of*: its lag is at least *age*."""

    leader: E_co
    """The unmatched leader event."""
    as_of: pendulum.Date
    """The day the age is measured to."""
    age: Lag
    """From the leader's date to *as_of*: a lower bound on the eventual lag."""
    value: float | None = None
    """The leader's score after the transform (frontier records only)."""

    def __repr__(self) -> str:
        """Return e.g. ``<Censored gpt-4o: at least 8.6 weeks by 2024-07-01>``."""
        return f"<Censored {self.leader.id}: at least {self.age} by {self.as_of}>"


def _censored(leader: _E, as_of: pendulum.Date, value: float | None = None) -> Censored[_E]:
    return Censored(leader, as_of, lag(leader, When.coerce(as_of)), value)


def _pairs_frame(pairs: Sequence[Pair[Event]], censored: Sequence[Censored[Event]]) -> pd.DataFrame:
    import pandas as pd  # noqa: PLC0415 - pandas is optional; import it only when asked for

    rows: list[dict[str, object]] = [
        {
            "leader": p.leader.id,
            "leader_date": str(p.leader.when),
            "leader_value": p.leader_value,
            "follower": p.follower.id,
            "follower_date": str(p.follower.when),
            "follower_value": p.follower_value,
            "lag_days_lo": p.lag.days[0],
            "lag_days_hi": p.lag.days[1],
            "lag_months": p.lag.midpoint_days / MONTH_DAYS,
            "censored": False,
        }
        for p in pairs
    ]
    rows.extend(
        {
            "leader": c.leader.id,
            "leader_date": str(c.leader.when),
            "leader_value": c.value,
            "follower": None,
            "follower_date": None,
            "follower_value": None,
            "lag_days_lo": c.age.days[0],
            "lag_days_hi": None,
            "lag_months": None,
            "censored": True,
        }
        for c in censored
    )
    columns = [
        "leader",
        "leader_date",
        "leader_value",
        "follower",
        "follower_date",
        "follower_value",
        "lag_days_lo",
        "lag_days_hi",
        "lag_months",
        "censored",
    ]
    return pd.DataFrame(rows, columns=columns)


def _as_timeline(events: Timeline | Iterable[Event]) -> Timeline:
    return events if isinstance(events, Timeline) else Timeline(events)


def _group(tl: Timeline, predicate: object, name: str) -> Timeline:
    """Return the events of *tl* for which *predicate* is TRUE; refuse a non-predicate."""
    if not isinstance(predicate, Predicate):
        msg = (
            f"{name}={predicate!r} is not a predicate; build one with aitimeline.col(...), "
            "e.g. col('country') == 'US'"
        )
        raise MetricError(msg)
    return tl.where(predicate)
