"""Lags between events: how long one instant, or one group, took to reach another.

Everything here is interval-honest about fuzzy dates and never reads a clock: where a result
depends on "today" (the age of a leader nobody has matched yet), the day is an argument.

:func:`lag` is the time from instant *a* to instant *b* as a range of whole days,
``[b.earliest - a.latest, b.latest - a.earliest]``; one number when both are exact days.
:func:`catch_up` finds the first leader event and the first follower event with a capability
and the lag between them; :func:`catch_up_pairs` pairs *each* leader event with the first
follower event on or after it.

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
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

import attrs
import numpy as np
import pendulum

from aitimeline._dates import MONTH_DAYS, DateLike, DayRange, Span, Truth, When
from aitimeline._display import card, table
from aitimeline._events import Event, Release
from aitimeline._gaps import month_summary
from aitimeline._periods import as_period
from aitimeline._query import Predicate, col, is_a, tagged
from aitimeline._timeline import Timeline
from aitimeline.exceptions import DateError, MetricError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CatchUp",
    "CatchUpPairs",
    "Censored",
    "Instant",
    "Lag",
    "LagStats",
    "Pair",
    "catch_up",
    "catch_up_pairs",
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


def _to_when(value: object, name: str) -> When:
    """Return the instant *value* stands for (an event's date, a span's start).

    An event that holds over a period (an export control's ``in_force``) stands for that
    period, so a lag is measured from the day it took force, never from its announcement; one
    whose period is unknown is refused, naming the field (the period rule of the query layer).
    """
    if isinstance(value, Event):
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
        days = np.asarray(self.lag_days, dtype=np.float64)
        return month_summary(days, self._month_length(), tuple(percentiles))

    @property
    def mean_months(self) -> float:
        """Return the mean lag in months (NaN when there is none)."""
        return self.summary()["mean"]

    @property
    def median_months(self) -> float:
        """Return the median lag in months (NaN when there is none)."""
        return self.summary()["median"]

    @property
    def min_months(self) -> float:
        """Return the shortest lag in months (NaN when there is none)."""
        return self.summary()["min"]

    @property
    def max_months(self) -> float:
        """Return the longest lag in months (NaN when there is none)."""
        return self.summary()["max"]


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


# --------------------------------------------------------------------------------------------
# catch_up on events


def _as_timeline(events: Timeline | Iterable[Event]) -> Timeline:
    return events if isinstance(events, Timeline) else Timeline(events)


def _candidates(tl: Timeline, capability: str | None, where: Predicate | None) -> Timeline:
    # An announcement is not a release: catch-up never starts from (or ends at) one.
    tl = tl.where(~(is_a(Release) & (col("stage") == "announced")))
    if where is not None:
        tl = _select(tl, where)
    if capability is not None:
        tl = tl.where(tagged(capability))  # a release's capabilities are among its tags
    return tl


def _group(tl: Timeline, predicate: object, name: str) -> Timeline:
    if not isinstance(predicate, Predicate):
        msg = (
            f"{name}={predicate!r} is not a predicate; build one with aitimeline.col(...), "
            "e.g. col('country') == 'US'"
        )
        raise MetricError(msg)
    return _select(tl, predicate)


def _split_groups(
    timeline: Timeline | Iterable[Event],
    leader: Predicate,
    follower: Predicate,
    capability: str | None,
    where: Predicate | None,
) -> tuple[Timeline, Timeline, Timeline]:
    """Return the candidates, the leader group and the follower group; refuse no leaders."""
    tl = _candidates(_as_timeline(timeline), capability, where)
    leaders = _group(tl, leader, "leader")
    followers = _group(tl, follower, "follower")
    if not leaders:
        msg = (
            f"no leader event matches leader={leader!r} with capability={capability!r} and "
            f"where={where!r} among {len(tl)} candidate events; check the predicate and the tags"
        )
        raise MetricError(msg)
    return tl, leaders, followers


def _select(tl: Timeline, predicate: Predicate) -> Timeline:
    """Return the events for which *predicate* is TRUE."""
    return tl.where(predicate)


def _last_day(tl: Timeline) -> pendulum.Date:
    """Return the last day any event of *tl* may fall on (the default *as_of*)."""
    return max(_to_when(e, "event").latest for e in tl)


def _first(events: tuple[Event, ...]) -> tuple[When, tuple[Event, ...]]:
    """Return the honest date of the first of *events* and every event that may be first.

    The first day is ``min(day of e)`` over the events; with fuzzy dates it lies in
    ``[min earliest, min latest]``. An event may be first if its earliest day is on or before
    that ``min latest``.
    """
    whens = [_to_when(e, "event") for e in events]
    lo = min(w.earliest for w in whens)
    hi = min(w.latest for w in whens)
    possible = tuple(e for e, w in zip(events, whens, strict=True) if w.earliest <= hi)
    if len(possible) == 1:
        return _to_when(possible[0], "event"), possible
    return When.between(
        When.day(lo.year, lo.month, lo.day), When.day(hi.year, hi.month, hi.day)
    ), possible


@attrs.frozen(repr=False)
class CatchUp:
    """The first leader event with a capability, the first follower one, and the lag between.

    When fuzzy dates leave the order open, ``leader``/``follower`` is the candidate with the
    smallest :meth:`~aitimeline.When.sort_key` (earliest possible day, then latest), every
    event that could be first is in ``leader_candidates``/``follower_candidates``, and ``lag``
    runs between the honest dates of "the first one", whichever it is: from
    ``[min earliest, min latest]`` of the leader events to the same of the follower events.
    """

    leader: Event
    """The first leader event (see the class docstring for ties and fuzzy dates)."""
    follower: Event | None
    """The first follower event, or None if no follower has the capability (censored)."""
    lag: Lag | None
    """From the first leader date to the first follower date; None when censored."""
    leader_candidates: tuple[Event, ...]
    """Every leader event that may be the first."""
    follower_candidates: tuple[Event, ...]
    """Every follower event that may be the first (empty when censored)."""
    as_of: pendulum.Date | None = None
    """When censored: the day its age is measured to."""
    age: Lag | None = None
    """When censored: the time from the first leader date to *as_of*, a lower bound on the lag."""

    @property
    def censored(self) -> bool:
        """Whether no follower event has the capability yet."""
        return self.follower is None

    @property
    def is_certain(self) -> bool:
        """Whether the first leader and first follower are each the only possible one."""
        return len(self.leader_candidates) == 1 and len(self.follower_candidates) <= 1

    def __str__(self) -> str:
        """Return e.g. ``'openai-o1-preview → deepseek-r1-lite-preview: 9.9 weeks'``."""
        if self.lag is None or self.follower is None:
            age = "" if self.age is None else f", {self.age} so far"
            return f"{self.leader.id} \N{RIGHTWARDS ARROW} (no follower yet{age})"
        return f"{self.leader.id} \N{RIGHTWARDS ARROW} {self.follower.id}: {self.lag}"

    def __repr__(self) -> str:
        """Return e.g. ``<CatchUp openai-o1-preview → deepseek-r1-lite-preview: 9.9 weeks>``."""
        return f"<CatchUp {self}>"

    def _repr_html_(self) -> str:
        """Return a small HTML card: leader, follower, lag, and how certain the pairing is."""
        rows: list[tuple[str, object]] = [
            ("leader", f"{self.leader.id} ({self.leader.when})"),
            (
                "follower",
                "none yet"
                if self.follower is None
                else f"{self.follower.id} ({self.follower.when})",
            ),
        ]
        if self.lag is not None:
            rows += [("lag", self.lag), ("days", self.lag.bounds.format("days"))]
        if self.age is not None:
            rows += [("age (censored)", self.age), ("as of", self.as_of)]
        rows.append(("certain", "yes" if self.is_certain else "no (fuzzy dates)"))
        return card("CatchUp", rows)

    def to_pandas(self) -> pd.DataFrame:
        """Return a one-row DataFrame (leader, follower, lag in days and months)."""
        pairs = (
            ()
            if self.follower is None or self.lag is None
            else (Pair(self.leader, self.follower, self.lag),)
        )
        censored = (
            ()
            if self.age is None or self.as_of is None
            else (Censored(self.leader, self.as_of, self.age),)
        )
        return _pairs_frame(pairs, censored)


def catch_up(
    timeline: Timeline | Iterable[Event],
    *,
    leader: Predicate,
    follower: Predicate,
    capability: str | None = None,
    where: Predicate | None = None,
    as_of: DateLike | None = None,
) -> CatchUp:
    """Return how long the follower group took to match the leader group's first event.

    The candidates are the events that have *capability* (in a release's ``capabilities`` or
    in ``tags``) and satisfy *where* (TRUE, as in :meth:`Timeline.where`); give either or both.
    Announcements (releases with ``stage="announced"``) are never candidates.
    The leader group is the candidates where *leader* is TRUE, the follower group those where
    *follower* is TRUE.

    "First" is honest about fuzzy dates: the first event's day is ``min(day)`` over the group,
    known to lie in ``[min earliest, min latest]``; the lag runs between those two ranges.
    When several events may be first, the one with the smallest sort key is reported and all
    of them are listed (see :class:`CatchUp`).

    Args:
        timeline: The events (a :class:`~aitimeline.Timeline` or any iterable of events).
        leader: Predicate selecting the group that moves first, e.g. ``col("country") == "US"``.
        follower: Predicate selecting the group that catches up.
        capability: A capability such as ``"reasoning"``.
        where: A predicate the events must satisfy, instead of or as well as *capability*.
        as_of: For a censored result (no follower event), the day its age is measured to
            (default: the last day any candidate event may fall on; never the clock).

    Returns:
        A :class:`CatchUp`; ``follower`` and ``lag`` are None when no follower event matches.

    Raises:
        MetricError: no leader event matches, or an argument has the wrong type.
    """
    tl, leader_group, follower_group = _split_groups(timeline, leader, follower, capability, where)
    leaders, followers = leader_group.events, follower_group.events
    lead_when, lead_possible = _first(leaders)
    if not followers:
        day = _as_date(as_of, "as_of", end=True) or _last_day(tl)
        age = Lag(lead_when, When.coerce(day))
        return CatchUp(lead_possible[0], None, None, lead_possible, (), day, age)
    follow_when, follow_possible = _first(followers)
    return CatchUp(
        lead_possible[0],
        follow_possible[0],
        Lag(lead_when, follow_when),
        lead_possible,
        follow_possible,
    )


@attrs.frozen(repr=False)
class CatchUpPairs(LagStats):
    """Each leader event paired with the first follower event on or after it."""

    pairs: tuple[Pair[Event], ...]
    """One pair per matched leader event, in the leaders' date order."""
    censored_leaders: tuple[Censored[Event], ...]
    """Leader events with no follower event on or after them, aged to *as_of*."""
    as_of: pendulum.Date
    """The day the censored ages are measured to."""

    @property
    def censored(self) -> tuple[Censored[Event], ...]:
        """Deprecated: the same as :attr:`censored_leaders`."""
        _deprecated_censored(self)
        return self.censored_leaders

    @property
    def lag_days(self) -> tuple[float, ...]:
        """Return each pair's lag in days (the middle of its range)."""
        return tuple(p.lag.midpoint_days for p in self.pairs)

    def __repr__(self) -> str:
        """Return e.g. ``<CatchUpPairs: 3 pairs, median 2.1 months, 1 censored, as of …>``."""
        return (
            f"<CatchUpPairs: {len(self.pairs)} pairs, median {self.median_months:.1f} months, "
            f"{len(self.censored_leaders)} censored, as of {self.as_of}>"
        )

    def _repr_html_(self) -> str:
        """Return an HTML table of the pairs, then the censored leaders."""
        rows: list[list[object]] = [
            [p.leader.id, p.leader.when, p.follower.id, p.follower.when, p.lag] for p in self.pairs
        ]
        rows += [
            [c.leader.id, c.leader.when, "(none yet)", "", f"\u2265 {c.age}"]
            for c in self.censored_leaders
        ]
        header = ["leader", "date", "follower", "date", "lag"]
        return table(repr(self), header, rows)

    def to_pandas(self) -> pd.DataFrame:
        """Return one row per pair, then one per censored leader."""
        return _pairs_frame(self.pairs, self.censored_leaders)


def catch_up_pairs(
    timeline: Timeline | Iterable[Event],
    *,
    leader: Predicate,
    follower: Predicate,
    capability: str | None = None,
    where: Predicate | None = None,
    as_of: DateLike | None = None,
) -> CatchUpPairs:
    """Pair each leader event with the first follower event on or after it.

    Candidates and groups are chosen as in :func:`catch_up`. For each leader event *l* (in
    date order), the follower events that are not definitely before it
    (``f.before(l)`` is not TRUE) are the possible answers; the first of them by sort key is
    paired with *l*, and the pair's lag is ``lag(l, f)``, whose range may reach below zero when
    the two dates overlap. Leader events with no such follower are censored.

    Args:
        timeline: The events.
        leader: Predicate selecting the leading group.
        follower: Predicate selecting the following group.
        capability: A capability such as ``"reasoning"``.
        where: A predicate the events must satisfy.
        as_of: The day censored leaders are aged to (default: the last day any candidate
            event may fall on; never the clock).

    Returns:
        A :class:`CatchUpPairs`.

    Raises:
        MetricError: no leader event matches.
    """
    tl, leader_group, follower_group = _split_groups(timeline, leader, follower, capability, where)
    leaders, followers = leader_group.events, follower_group.events
    day = _as_date(as_of, "as_of", end=True) or _last_day(tl)
    # Followers sorted by sort key; for a leader, the first follower whose latest day is on or
    # after the leader's earliest day is the first one not definitely before it. That index is
    # a binary search on the running maximum of the followers' latest days.
    ordered = sorted(followers, key=lambda e: (e.when.sort_key(), e.id))
    latest = np.array([_to_when(e, "f").latest_ordinal for e in ordered], dtype=np.int64)
    prefix = np.maximum.accumulate(latest) if latest.size else latest
    pairs: list[Pair[Event]] = []
    censored: list[Censored[Event]] = []
    for event in leaders:
        start = _to_when(event, "leader").earliest_ordinal
        i = int(np.searchsorted(prefix, start, side="left"))
        if i < len(ordered):
            pairs.append(Pair(event, ordered[i], lag(event, ordered[i])))
        else:
            censored.append(_censored(event, day))
    return CatchUpPairs(tuple(pairs), tuple(censored), day)
