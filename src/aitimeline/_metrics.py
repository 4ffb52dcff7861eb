"""Lags between events, and how far one group's frontier trails another's.

Everything here is interval-honest about fuzzy dates and never reads a clock: where a result
depends on "today" (the age of a record nobody has matched yet), the day is an argument.

**Event lags.** :func:`lag` is the time from instant *a* to instant *b* as a range of whole
days, ``[b.earliest - a.latest, b.latest - a.earliest]``; one number when both are exact days.
:func:`catch_up` finds the first leader event and the first follower event with a capability
and the lag between them; :func:`catch_up_pairs` pairs *each* leader event with the first
follower event on or after it.

**Frontiers.** :func:`frontier` is the running maximum of a metric over a group of
:class:`~aitimeline.Score` events, as a step function of the day. :func:`frontier_lag` measures
how far a follower group's frontier trails a leader group's, by Epoch AI's two methods
(formulas in its docstring). :func:`frontier_lag_arrays` is the same computation on plain numpy
arrays; both run in O(n log n) (sorts, running maxima and binary searches, no Python loop over
scores).

Months are mean Gregorian months of :data:`~aitimeline.dates.MONTH_DAYS` = 365.2425 / 12 days;
nothing is rounded except when formatted for display.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Generic, Literal, TypeAlias, TypeVar

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from aitimeline._dates import MONTH_DAYS, DateLike, DayRange, Span, Truth, When
from aitimeline._events import Event, Release, Score
from aitimeline._gaps import (
    GapRule,
    LevelPoint,
    Overlap,
    Significance,
    VerticalGap,
    area_gap_arrays,
    level_gap_arrays,
    month_summary,
    rule_name,
    vertical_gap_arrays,
)
from aitimeline._query import Predicate, col, is_a, tagged
from aitimeline._timeline import Timeline
from aitimeline.exceptions import MetricError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ArrayLag",
    "CatchUp",
    "CatchUpPairs",
    "Censored",
    "DailyPoint",
    "Frontier",
    "FrontierLag",
    "FrontierStep",
    "Lag",
    "Method",
    "Pair",
    "Transform",
    "catch_up",
    "catch_up_pairs",
    "frontier",
    "frontier_lag",
    "frontier_lag_arrays",
    "lag",
]

Method: TypeAlias = Literal["catch-up", "daily", "level", "area"]
"""The ways :func:`frontier_lag` measures a gap (``"level"`` and ``"area"``: see ``_gaps``)."""
Transform: TypeAlias = Callable[[npt.NDArray[np.float64]], npt.ArrayLike]
"""A score transform: called once with the float64 array of values, returns an array as long."""
Instant: TypeAlias = Event | When | Span | DateLike
"""What :func:`lag` accepts: an event (its date), a When, a Span (its start) or a date."""

E_co = TypeVar("E_co", bound=Event, covariant=True)
"""The kind of event a pair or a censored record holds."""
_E = TypeVar("_E", bound=Event)

_METHODS: tuple[str, ...] = ("catch-up", "daily", "level", "area")
_IntArray: TypeAlias = npt.NDArray[np.int64]
_FloatArray: TypeAlias = npt.NDArray[np.float64]


# --------------------------------------------------------------------------------------------
# Lag


def _to_when(value: object, name: str) -> When:
    """Return the instant *value* stands for (an event's date, a span's start)."""
    if isinstance(value, Event):
        value = value.when
    if isinstance(value, Span):
        return value.start
    if isinstance(value, When):
        return value
    if isinstance(value, str | dt.date):
        return When.coerce(value)
    msg = (
        f"{name}={value!r} is not an instant; expected an event, a When, a Span, "
        "a date string or a datetime.date"
    )
    raise MetricError(msg)


def _lag_bounds(lag: Lag) -> DayRange:
    return lag.start.until(lag.end)


@attrs.frozen(repr=False, order=False)  # order=False: comparisons return Truth
class Lag:
    """The time from one instant to another, as a range of whole days.

    Built on :class:`~aitimeline.DayRange`: ``bounds`` is
    ``[end.earliest - start.latest, end.latest - start.earliest]``, every difference between a
    possible day of *end* and a possible day of *start*; a single value when both are exact.
    Negative when *end* comes first. Comparisons (``<``, ``<=``, ``>``, ``>=``) with another
    Lag or a DayRange (``days(n)``, ``weeks(n)``, ``months(n)``) return
    :class:`~aitimeline.Truth`, UNKNOWN when the ranges overlap; ``==`` is structural.

    >>> q = lag("2024-09-12", "2024-11-28")
    >>> str(q), q.days
    ('11.0 weeks', (77, 77))
    >>> str(lag("2024-09", "2024-11-28"))
    '8.4\N{EN DASH}12.6 weeks'
    >>> from aitimeline import weeks
    >>> q < weeks(13), lag("2024-09", "2024-11-28") < weeks(10)
    (Truth.TRUE, Truth.UNKNOWN)
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


def _months(days: _FloatArray) -> dict[str, float]:
    if days.size == 0:
        nan = math.nan
        return {"mean": nan, "median": nan, "min": nan, "max": nan}
    m = days / MONTH_DAYS
    return {
        "mean": float(m.mean()),
        "median": float(np.median(m)),
        "min": float(m.min()),
        "max": float(m.max()),
    }


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


@attrs.frozen
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


@attrs.frozen
class CatchUpPairs:
    """Each leader event paired with the first follower event on or after it."""

    pairs: tuple[Pair[Event], ...]
    """One pair per matched leader event, in the leaders' date order."""
    censored: tuple[Censored[Event], ...]
    """Leader events with no follower event on or after them, aged to *as_of*."""
    as_of: pendulum.Date
    """The day the censored ages are measured to."""

    @property
    def lag_days(self) -> tuple[float, ...]:
        """Return each pair's lag in days (the middle of its range)."""
        return tuple(p.lag.midpoint_days for p in self.pairs)

    def _stat(self, name: str) -> float:
        return _months(np.asarray(self.lag_days, dtype=np.float64))[name]

    @property
    def mean_months(self) -> float:
        """Return the mean pair lag in months (NaN when there are no pairs)."""
        return self._stat("mean")

    @property
    def median_months(self) -> float:
        """Return the median pair lag in months (NaN when there are no pairs)."""
        return self._stat("median")

    @property
    def min_months(self) -> float:
        """Return the shortest pair lag in months (NaN when there are no pairs)."""
        return self._stat("min")

    @property
    def max_months(self) -> float:
        """Return the longest pair lag in months (NaN when there are no pairs)."""
        return self._stat("max")

    def to_pandas(self) -> pd.DataFrame:
        """Return one row per pair, then one per censored leader."""
        return _pairs_frame(self.pairs, self.censored)


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


# --------------------------------------------------------------------------------------------
# Frontier kernels on arrays


_EMPTY_INT: _IntArray = np.zeros(0, dtype=np.int64)
_EMPTY_BOOL: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)


def _order(days: _IntArray, values: _FloatArray) -> _IntArray:
    """Return the order by day, then value descending, then input position (stable)."""
    order: _IntArray = np.lexsort((-values, days)).astype(np.int64)
    return order


def _records(values_sorted: _FloatArray) -> npt.NDArray[np.bool_]:
    """Return which sorted scores raise the running maximum (strictly)."""
    if values_sorted.size == 0:
        return _EMPTY_BOOL
    running = np.maximum.accumulate(values_sorted)
    flags: npt.NDArray[np.bool_] = np.empty(values_sorted.size, dtype=bool)
    flags[0] = True
    flags[1:] = values_sorted[1:] > running[:-1]
    return flags


@attrs.frozen(eq=False)
class ArrayLag:
    """What :func:`frontier_lag_arrays` found, as numpy arrays of indices into its inputs.

    ``method="catch-up"``: leader score ``leader_index[i]`` was reached by follower score
    ``follower_index[i]`` after ``lag_days[i]`` days. ``method="daily"``: one entry per day of
    ``days``: the lag (NaN where undefined), whether the day is censored, the best follower
    score by that day and the leader record it has not reached (-1 for none). For both,
    ``censored_index`` are the leader records no follower score reaches, aged
    ``censored_age`` days at *as_of*.
    """

    method: str
    """``"catch-up"`` or ``"daily"``."""
    leader_index: _IntArray
    """Catch-up: the paired leader records. Daily: per day, the unreached leader record."""
    follower_index: _IntArray
    """Catch-up: the follower scores that reached them. Daily: per day, the best follower."""
    lag_days: _FloatArray
    """Catch-up: each pair's lag. Daily: each day's lag, NaN where undefined."""
    censored_index: _IntArray
    """Leader records (in the window, for catch-up) that no follower score reaches."""
    censored_age: _IntArray
    """Their age in days at *as_of*."""
    days: _IntArray
    """Daily: the day ordinals of the window (empty for catch-up)."""
    censored_days: npt.NDArray[np.bool_]
    """Daily: the days on which the follower is below the whole leader frontier."""
    start: int
    """First day ordinal of the window."""
    end: int
    """Last day ordinal of the window."""
    as_of: int
    """The day ordinal the data was taken as of."""
    levels: _FloatArray = attrs.field(factory=lambda: np.zeros(0))
    """Level: the levels, one per entry of ``leader_index`` (empty for the other methods)."""


def _check_arrays(
    days: npt.ArrayLike, values: npt.ArrayLike, name: str
) -> tuple[_IntArray, _FloatArray]:
    d = np.asarray(days, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    if d.ndim != 1 or v.shape != d.shape:
        msg = (
            f"{name}_days and {name}_values must be 1-D arrays of one length; "
            f"got shapes {d.shape} and {v.shape}"
        )
        raise MetricError(msg)
    bad = ~np.isfinite(v)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        msg = (
            f"{name}_values has {int(bad.sum())} NaN or infinite value(s), the first at index "
            f"{i} ({v[i]!r}); drop or fix them first"
        )
        raise MetricError(msg)
    return d, v


def _check_tolerance(tolerance: GapRule) -> GapRule:
    if isinstance(tolerance, Significance | Overlap):
        return tolerance
    t = float(tolerance)
    if not math.isfinite(t) or t < 0:
        msg = (
            f"tolerance={tolerance!r} is invalid; expected a finite number >= 0, in the units "
            "of the (transformed) scores, or a rule: Significance(...) or Overlap()"
        )
        raise MetricError(msg)
    return t


def _check_method(method: str) -> None:
    if method not in _METHODS:
        msg = f"method={method!r} is not a method; expected one of {_METHODS}"
        raise MetricError(msg)


def frontier_lag_arrays(
    leader_days: npt.ArrayLike,
    leader_values: npt.ArrayLike,
    follower_days: npt.ArrayLike,
    follower_values: npt.ArrayLike,
    *,
    tolerance: GapRule = 0.0,
    method: Method = "catch-up",
    start: int | None = None,
    end: int | None = None,
    as_of: int | None = None,
    levels: int = 100,
    keep_negative: bool = False,
    floor: float | None = None,
    leader_bounds: tuple[_FloatArray, _FloatArray] | None = None,
    follower_bounds: tuple[_FloatArray, _FloatArray] | None = None,
) -> ArrayLag:
    """Compute :func:`frontier_lag` on arrays of day ordinals and (transformed) scores.

    The formulas are those of :func:`frontier_lag`; scores dated after *as_of* are ignored.
    On one day the highest score counts; equal scores on one day keep input order. Runs in
    O(n log n): two sorts, running maxima and binary searches.

    Args:
        leader_days: Day ordinals (``date.toordinal()``) of the leader group's scores.
        leader_values: Their values, finite.
        follower_days: Day ordinals of the follower group's scores.
        follower_values: Their values, finite.
        tolerance: How far below a leader value still counts as level, >= 0; for
            ``method="level"`` also a rule, :class:`~aitimeline.Significance` or
            :class:`~aitimeline.Overlap`.
        method: ``"catch-up"``, ``"daily"``, ``"level"`` or ``"area"``.
        start: First day ordinal of the window (default: the first score).
        end: Last day ordinal of the window (default: *as_of*).
        as_of: The day ordinal the data is taken as of (default: the last score).
        levels: ``method="level"``: how many evenly spaced levels.
        keep_negative: ``method="catch-up"``: also pair a record with a follower dated
            before it, with a negative lag (as Epoch's code does).
        floor: ``method="area"``: the lowest level.
        leader_bounds: ``(ci_low, ci_high)`` of the leader scores, for a rule.
        follower_bounds: Likewise for the follower scores.

    Returns:
        An :class:`ArrayLag`; its indices point into the input arrays.

    Raises:
        MetricError: arrays of different lengths, a NaN or infinite value, a negative
            tolerance, an unknown method, no leader score by *as_of*, or an empty window.

    >>> r = frontier_lag_arrays([0, 10], [1.0, 2.0], [5, 30], [1.5, 2.0])
    >>> r.leader_index.tolist(), r.follower_index.tolist(), r.lag_days.tolist()
    ([0, 1], [0, 1], [5.0, 20.0])
    >>> frontier_lag_arrays([0, 10], [1.0, 2.0], [5, 30], [1.5, 2.0], method="daily",
    ...                     start=8, end=12).lag_days.tolist()
    [0.0, 0.0, 1.0, 2.0, 3.0]
    """
    ld, lv = _check_arrays(leader_days, leader_values, "leader")
    fd, fv = _check_arrays(follower_days, follower_values, "follower")
    tol = _check_tolerance(tolerance)
    _check_method(method)
    if ld.size == 0:
        msg = "the leader group has no scores; a frontier lag needs at least one leader score"
        raise MetricError(msg)
    cutoff = int(max(ld.max(), fd.max(initial=ld.max()))) if as_of is None else int(as_of)
    keep_l = np.flatnonzero(ld <= cutoff)
    keep_f = np.flatnonzero(fd <= cutoff)
    if keep_l.size == 0:
        msg = f"every leader score is dated after as_of (day ordinal {cutoff}); nothing to compare"
        raise MetricError(msg)
    lo = (
        int(min(ld[keep_l].min(), fd[keep_f].min(initial=ld[keep_l].min())))
        if start is None
        else int(start)
    )
    hi = cutoff if end is None else int(end)
    if lo > hi:
        msg = f"the window is empty: start (day ordinal {lo}) is after end (day ordinal {hi})"
        raise MetricError(msg)
    if method in {"level", "area"}:
        return _gap_kernel(
            method,
            ld,
            lv,
            fd,
            fv,
            window=(lo, hi, cutoff),
            tolerance=tol,
            levels=levels,
            floor=floor,
            bounds=(leader_bounds, follower_bounds),
        )
    if not isinstance(tol, float):
        msg = (
            f"tolerance={tol} is a rule; method={method!r} takes a number (rules are for "
            "method='level')"
        )
        raise MetricError(msg)
    if method == "catch-up":
        found = _catch_up_kernel(
            ld[keep_l], lv[keep_l], fd[keep_f], fv[keep_f], tol, lo, hi, cutoff, keep_negative
        )
    else:
        found = _daily_kernel(ld[keep_l], lv[keep_l], fd[keep_f], fv[keep_f], tol, lo, hi, cutoff)
    return attrs.evolve(
        found,
        leader_index=_remap(keep_l, found.leader_index),
        follower_index=_remap(keep_f, found.follower_index),
        censored_index=_remap(keep_l, found.censored_index),
    )


def _gap_kernel(
    method: str,
    ld: _IntArray,
    lv: _FloatArray,
    fd: _IntArray,
    fv: _FloatArray,
    *,
    window: tuple[int, int, int],
    tolerance: GapRule,
    levels: int,
    floor: float | None,
    bounds: tuple[tuple[_FloatArray, _FloatArray] | None, tuple[_FloatArray, _FloatArray] | None],
) -> ArrayLag:
    """Run the level or area kernel on the scores dated in the window (see ``_gaps``)."""
    lo, hi, as_of = window
    last = min(hi, as_of)
    kl = np.flatnonzero((ld >= lo) & (ld <= last))
    kf = np.flatnonzero((fd >= lo) & (fd <= last))

    def cut(
        b: tuple[_FloatArray, _FloatArray] | None, k: _IntArray
    ) -> tuple[_FloatArray, _FloatArray] | None:
        return None if b is None else (np.asarray(b[0])[k], np.asarray(b[1])[k])

    def result(
        name: str, li: _IntArray, fi: _IntArray, lags: _FloatArray, marks: _FloatArray
    ) -> ArrayLag:
        return ArrayLag(
            method=name,
            leader_index=li,
            follower_index=fi,
            lag_days=lags,
            censored_index=_EMPTY_INT,
            censored_age=_EMPTY_INT,
            days=_EMPTY_INT,
            censored_days=_EMPTY_BOOL,
            start=lo,
            end=hi,
            as_of=as_of,
            levels=marks,
        )

    if method == "area":
        area = area_gap_arrays(ld[kl], lv[kl], fd[kf], fv[kf], floor=floor)
        lags = np.array([area.days]) if math.isfinite(area.days) else np.zeros(0)
        return result("area", _EMPTY_INT, _EMPTY_INT, lags, np.array([area.floor, area.top]))
    found = level_gap_arrays(
        ld[kl],
        lv[kl],
        fd[kf],
        fv[kf],
        tolerance=tolerance,
        levels=levels,
        leader_bounds=cut(bounds[0], kl),
        follower_bounds=cut(bounds[1], kf),
    )
    return result(
        "level", kl[found.leader_index], kf[found.follower_index], found.lag_days, found.levels
    )


def _remap(kept: _IntArray, index: _IntArray) -> _IntArray:
    """Map positions in a kept subset back to the caller's array (-1 stays -1)."""
    if kept.size == 0:
        return np.full(index.size, -1, dtype=np.int64)
    out: _IntArray = np.where(index >= 0, kept[np.maximum(index, 0)], -1).astype(np.int64)
    return out


def _catch_up_kernel(
    ld: _IntArray,
    lv: _FloatArray,
    fd: _IntArray,
    fv: _FloatArray,
    tol: float,
    lo: int,
    hi: int,
    as_of: int,
    keep_negative: bool = False,  # noqa: FBT001, FBT002 - a private kernel's flag
) -> ArrayLag:
    """Pair leader records with the first follower score that reaches them (Epoch 2024).

    ``k[i]``, the first follower position (by date) whose running maximum reaches record *i*,
    never decreases with *i*. Record *i* is paired when it is the first record with its ``k``
    and that follower is not dated before it: a later record with the same ``k`` is level with
    a follower already paired (Epoch's ``open_winner_score`` rule), and a follower dated before
    the record means the follower group was never behind it.
    """
    lorder = _order(ld, lv)
    rec = lorder[_records(lv[lorder])]
    in_window = (ld[rec] >= lo) & (ld[rec] <= hi)
    forder = _order(fd, fv)
    fds = fd[forder]
    if fds.size == 0:
        pair = np.zeros(rec.size, dtype=bool)
        k = np.zeros(rec.size, dtype=np.int64)
        matched = pair
    else:
        running = np.maximum.accumulate(fv[forder])
        k = np.searchsorted(running, lv[rec] - tol, side="left")
        matched = k < fds.size
        first_of_k = np.ones(k.size, dtype=bool)
        first_of_k[1:] = k[1:] != k[:-1]
        not_ahead = fds[np.minimum(k, fds.size - 1)] >= ld[rec]
        pair = matched & first_of_k & (not_ahead | keep_negative) & in_window
    leaders = rec[pair]
    followers = forder[k[pair]] if fds.size else _EMPTY_INT
    lags = (fd[followers] - ld[leaders]).astype(np.float64)
    cens = rec[~matched & in_window]
    return ArrayLag(
        method="catch-up",
        leader_index=leaders,
        follower_index=followers,
        lag_days=lags,
        censored_index=cens,
        censored_age=(as_of - ld[cens]).astype(np.int64),
        days=_EMPTY_INT,
        censored_days=_EMPTY_BOOL,
        start=lo,
        end=hi,
        as_of=as_of,
    )


def _daily_kernel(
    ld: _IntArray,
    lv: _FloatArray,
    fd: _IntArray,
    fv: _FloatArray,
    tol: float,
    lo: int,
    hi: int,
    as_of: int,
) -> ArrayLag:
    """For each day, the days since the leader frontier was last level with the follower's."""
    lorder = _order(ld, lv)
    rec = lorder[_records(lv[lorder])]  # at most one per day: days and values strictly increase
    rd, rv = ld[rec], lv[rec]
    # Only the follower's best score by each day matters: a stable sort by day is enough, and
    # of equal best scores on one day the first in input order is kept.
    forder = np.argsort(fd, kind="stable").astype(np.int64)
    fds, fvs = fd[forder], fv[forder]
    days = np.arange(lo, hi + 1, dtype=np.int64)
    j = np.searchsorted(rd, days, side="right") - 1  # the leader record in force on day d
    fi = np.searchsorted(fds, days, side="right") - 1  # the last follower score by day d
    has_l, has_f = j >= 0, fi >= 0
    if fvs.size:
        running = np.maximum.accumulate(fvs)
        best_at = np.maximum.accumulate(np.where(_records(fvs), np.arange(fvs.size), 0))
        best = np.where(has_f, running[np.maximum(fi, 0)], -np.inf)
        follower_index = np.where(has_f, forder[best_at[np.maximum(fi, 0)]], -1)
    else:
        best = np.full(days.size, -np.inf)
        follower_index = np.full(days.size, -1, dtype=np.int64)
    # k: the first leader record with value - tolerance > F(d). The frontier was level with
    # the follower on every day before record k, so the follower is level today when k is
    # later than today's record (k > j), and otherwise the last level day is rd[k] - 1.
    k = np.searchsorted(rv - tol, best, side="right")
    level = has_f & has_l & (k > j)
    behind = has_f & has_l & ~level & (k > 0)
    censored = has_l & ~level & ~behind
    kk = np.minimum(k, rd.size - 1)
    lag = np.full(days.size, np.nan)
    lag[level] = 0.0
    lag[behind] = (days[behind] - rd[kk[behind]] + 1).astype(np.float64)
    leader_index = np.where(behind | censored, rec[kk], -1)
    reached = fvs.max(initial=-np.inf)
    unmatched = rec[rv - tol > reached]
    return ArrayLag(
        method="daily",
        leader_index=leader_index.astype(np.int64),
        follower_index=follower_index.astype(np.int64),
        lag_days=lag,
        censored_index=unmatched,
        censored_age=(as_of - ld[unmatched]).astype(np.int64),
        days=days,
        censored_days=censored,
        start=lo,
        end=hi,
        as_of=as_of,
    )


# --------------------------------------------------------------------------------------------
# Score events -> arrays


def _neg_log_error(values: _FloatArray) -> _FloatArray:
    """Return ``-ln(1 - x)``, Epoch's scale for accuracies (it stretches the top end)."""
    out: _FloatArray = -np.log1p(-values)
    return out


_TRANSFORMS: dict[str, Callable[[_FloatArray], _FloatArray]] = {"neg_log_error": _neg_log_error}


def _transform_name(transform: str | Transform | None) -> str | None:
    if transform is None or isinstance(transform, str):
        return transform
    name = getattr(transform, "__name__", None)
    return name if isinstance(name, str) else repr(transform)


def _transform_function(transform: object) -> Transform:
    if isinstance(transform, str):
        fn = _TRANSFORMS.get(transform)
        if fn is None:
            msg = (
                f"transform={transform!r} is not a known transform; expected one of "
                f"{sorted(_TRANSFORMS)}, a callable taking and returning a numpy array, or None"
            )
            raise MetricError(msg)
        return fn
    if not callable(transform):
        msg = f"transform={transform!r} is neither a transform name nor a callable"
        raise MetricError(msg)
    return transform


def _apply_transform(
    values: _FloatArray, events: tuple[Score, ...], transform: str | Transform | None
) -> _FloatArray:
    if transform is None:
        return values
    fn = _transform_function(transform)
    name = _transform_name(transform)
    if transform == "neg_log_error":
        bad = (values < 0) | (values >= 1)
        if bad.any():
            e = events[int(np.flatnonzero(bad)[0])]
            msg = (
                f"transform='neg_log_error' needs accuracies in [0, 1), but score {e.id!r} has "
                f"value={e.value!r} ({int(bad.sum())} such scores); divide percentages by 100 "
                "and leave out perfect scores"
            )
            raise MetricError(msg)
    out = np.asarray(fn(values), dtype=np.float64)
    if out.shape != values.shape:
        msg = (
            f"transform {name!r} returned an array of shape {out.shape}; expected "
            f"{values.shape}, one value per score"
        )
        raise MetricError(msg)
    bad = ~np.isfinite(out)
    if bad.any():
        e = events[int(np.flatnonzero(bad)[0])]
        msg = (
            f"transform {name!r} made score {e.id!r} (value={e.value!r}) NaN or infinite; "
            "leave that score out or choose another transform"
        )
        raise MetricError(msg)
    return out


def _day(event: Event) -> int:
    """Return the day a score counts from: the last day its date allows (it exists by then)."""
    return _to_when(event, "score").latest_ordinal


@attrs.frozen(eq=False)
class _Scores:
    """Score events with their day ordinals and (transformed) values, in matching order."""

    events: tuple[Score, ...]
    days: _IntArray
    score: _FloatArray


def _score_arrays(
    events: tuple[Score, ...],
    transform: str | Transform | None,
    *,
    collapse_variants: bool,
) -> _Scores:
    raw = np.array([e.value for e in events], dtype=np.float64)
    bad = ~np.isfinite(raw)
    if bad.any():
        e = events[int(np.flatnonzero(bad)[0])]
        msg = (
            f"score {e.id!r} ({e.model!r}, metric={e.metric!r}) has value={e.value!r}; "
            f"scores must be finite ({int(bad.sum())} are not): drop or fix them"
        )
        raise MetricError(msg)
    score = _apply_transform(raw, events, transform)
    days = np.array([_day(e) for e in events], dtype=np.int64)
    if collapse_variants and events:
        # The best score per model; on ties the earliest day, then timeline order.
        models = np.array([e.model for e in events], dtype=object)
        order = np.lexsort((days, -score, models))
        first = np.ones(order.size, dtype=bool)
        first[1:] = models[order][1:] != models[order][:-1]
        keep = np.sort(order[first])
        events = tuple(events[i] for i in keep.tolist())
        days, score = days[keep], score[keep]
    return _Scores(events, days, score)


def _scores_of(
    scores: Timeline | Iterable[Event], metric: str, predicate: Predicate | None, name: str
) -> tuple[Score, ...]:
    tl = _as_timeline(scores)
    chosen = tl.where(is_a(Score) & (col("metric") == metric))
    if not chosen:
        metrics = sorted({e.metric for e in tl if isinstance(e, Score)})
        msg = (
            f"no Score event has metric={metric!r} among {len(tl)} events; the metrics "
            f"present are {metrics}"
        )
        raise MetricError(msg)
    if predicate is not None:
        chosen = _group(chosen, predicate, name)
    return tuple(e for e in chosen if isinstance(e, Score))


# --------------------------------------------------------------------------------------------
# frontier


@attrs.frozen
class FrontierStep:
    """A score that raised a group's frontier."""

    day: pendulum.Date
    """The day it counts from (the last day its date allows)."""
    value: float
    """Its value, after the transform."""
    event: Score
    """The score event."""


@attrs.frozen
class Frontier:
    """The running maximum of a metric over a group, as a step function of the day.

    The frontier on day *d* is the highest value among the group's scores dated on or before
    *d*. ``steps`` are the scores that raised it, in date order, values strictly increasing;
    of several scores on one day only the highest is a step.
    """

    metric: str
    """The metric."""
    transform: str | None
    """The transform's name, or None."""
    steps: tuple[FrontierStep, ...]
    """The record-setting scores, in date order."""

    def at(self, day: DateLike) -> float | None:
        """Return the frontier's value on *day* (None before its first step).

        Args:
            day: A day; a fuzzy date counts as its last possible day.

        Returns:
            The best value dated on or before *day*, or None.
        """
        d = When.coerce(day).latest_ordinal
        i = bisect.bisect_right([s.day.toordinal() for s in self.steps], d)
        return self.steps[i - 1].value if i else None

    def to_pandas(self) -> pd.DataFrame:
        """Return one row per step: ``day``, ``value``, ``id`` and ``model``."""
        import pandas as pd  # noqa: PLC0415 - pandas is optional; import it only when asked for

        return pd.DataFrame(
            {
                "day": [s.day for s in self.steps],
                "value": [s.value for s in self.steps],
                "id": [s.event.id for s in self.steps],
                "model": [s.event.model for s in self.steps],
            }
        )


def _steps(data: _Scores) -> tuple[FrontierStep, ...]:
    order = _order(data.days, data.score)
    rec = order[_records(data.score[order])]
    return tuple(
        FrontierStep(
            pendulum.Date.fromordinal(int(data.days[i])), float(data.score[i]), data.events[i]
        )
        for i in rec.tolist()
    )


def _before(events: tuple[Score, ...], cutoff: pendulum.Date | None) -> tuple[Score, ...]:
    if cutoff is None:
        return events
    last = cutoff.toordinal()
    return tuple(e for e in events if _day(e) <= last)


def frontier(
    scores: Timeline | Iterable[Event],
    *,
    metric: str,
    group: Predicate | None = None,
    transform: str | Transform | None = None,
    collapse_variants: bool = False,
    as_of: DateLike | None = None,
) -> Frontier:
    """Return the running maximum of *metric* over a group's scores, as a step function.

    Args:
        scores: Events; only :class:`~aitimeline.Score` events with this *metric* count.
        metric: The metric, such as ``"eci"``.
        group: A predicate the scores must satisfy (TRUE); None for every score.
        transform: ``"neg_log_error"`` (``-ln(1 - accuracy)``), a callable taking and
            returning a numpy array, or None.
        collapse_variants: Keep only the best score per ``model`` (one of several
            reasoning-effort rows, say).
        as_of: Leave out scores dated after this day.

    Returns:
        A :class:`Frontier`.

    Raises:
        MetricError: no score has the metric, or the transform fails or is unknown.
    """
    events = _before(_scores_of(scores, metric, group, "group"), _as_date(as_of, "as_of", end=True))
    data = _score_arrays(events, transform, collapse_variants=collapse_variants)
    return Frontier(metric, _transform_name(transform), _steps(data))


# --------------------------------------------------------------------------------------------
# frontier_lag


@attrs.frozen
class DailyPoint:
    """One day of a daily frontier lag."""

    day: pendulum.Date
    """The day."""
    lag_days: int | None
    """Days since the leader frontier was last level with the follower; None if undefined."""
    censored: bool
    """Whether the follower is below every leader record (or has no score yet) on this day."""
    follower: Score | None
    """The best follower score released by this day."""
    leader: Score | None
    """The leader record the follower has not reached (None when level or undefined)."""


@attrs.frozen
class FrontierLag:
    """How far a follower group's frontier trails a leader group's; see :func:`frontier_lag`.

    ``pairs`` (catch-up method) or ``series`` (daily method) hold the detail. The statistics
    are in months of 365.2425 / 12 days, over the pairs' lags (the middle of each range) or
    over the days with a lag, and NaN when there is nothing to summarise.
    """

    metric: str
    """The metric compared."""
    method: str
    """``"catch-up"`` or ``"daily"``."""
    tolerance: GapRule
    """How far below the leader (after the transform) still counts as level, or the rule."""
    transform: str | None
    """The transform's name, or None."""
    start: pendulum.Date
    """First day of the window."""
    end: pendulum.Date
    """Last day of the window."""
    as_of: pendulum.Date
    """The day the data is taken as of; censored ages are measured to it."""
    leader_frontier: Frontier
    """The leader group's frontier."""
    follower_frontier: Frontier
    """The follower group's frontier."""
    pairs: tuple[Pair[Score], ...]
    """Catch-up: each leader record paired with the follower score that reached it."""
    censored: tuple[Censored[Score], ...]
    """Leader records no follower score reached by *as_of*, with their age (never dropped)."""
    series: tuple[DailyPoint, ...]
    """Daily: one point per day of the window, in date order."""
    levels: tuple[LevelPoint, ...] = ()
    """Level: one point per level, lowest first."""
    area_days: float | None = None
    """Area: the mean horizontal distance between the curves, in days (None if undefined)."""
    month_days: float = MONTH_DAYS
    """The length of a month in days for the statistics (Epoch: 365 / 12, 30.5 or 30)."""

    @property
    def lag_days(self) -> tuple[float, ...]:
        """Return the lags the statistics summarise, in days."""
        if self.method == "daily":
            return tuple(float(p.lag_days) for p in self.series if p.lag_days is not None)
        if self.method == "level":
            return tuple(float(p.lag_days) for p in self.levels)
        if self.method == "area":
            return () if self.area_days is None else (self.area_days,)
        return tuple(p.lag.midpoint_days for p in self.pairs)

    @property
    def censored_days(self) -> int:
        """Return how many days of the window are censored (daily method)."""
        return sum(p.censored for p in self.series)

    def summary(self, percentiles: Sequence[float] = ()) -> dict[str, float]:
        """Return ``{"mean", "median", "min", "max"}`` of the lags in months, and percentiles.

        Args:
            percentiles: Percentiles to add, such as ``(5, 95)`` (Epoch's "90% interval"),
                under the keys ``"p5"`` and ``"p95"``; linear interpolation, as numpy and
                pandas do by default.

        Returns:
            The statistics in months of :attr:`month_days` days; NaN when there is no lag.
        """
        return month_summary(
            np.asarray(self.lag_days, dtype=np.float64), self.month_days, tuple(percentiles)
        )

    def vertical(self) -> VerticalGap:
        """Return the score gap ``L(d) - F(d)`` between the frontiers on each day of the window.

        Only days on which both frontiers exist count; in the (transformed) score's units.
        """
        lead, follow = self.leader_frontier.steps, self.follower_frontier.steps
        days, gap = vertical_gap_arrays(
            np.array([s.day.toordinal() for s in lead], dtype=np.int64),
            np.array([s.value for s in lead], dtype=np.float64),
            np.array([s.day.toordinal() for s in follow], dtype=np.int64),
            np.array([s.value for s in follow], dtype=np.float64),
            self.start.toordinal(),
            self.end.toordinal(),
        )
        return VerticalGap(
            self.metric, tuple(pendulum.Date.fromordinal(d) for d in days.tolist()), gap
        )

    @property
    def mean_months(self) -> float:
        """Return the mean lag in months."""
        return self.summary()["mean"]

    @property
    def median_months(self) -> float:
        """Return the median lag in months."""
        return self.summary()["median"]

    @property
    def min_months(self) -> float:
        """Return the shortest lag in months."""
        return self.summary()["min"]

    @property
    def max_months(self) -> float:
        """Return the longest lag in months."""
        return self.summary()["max"]

    def __str__(self) -> str:
        """Return a one-line summary."""
        s = self.summary()
        size = {
            "catch-up": f"{len(self.pairs)} pairs",
            "daily": f"{len(self.series)} days",
            "level": f"{len(self.levels)} levels",
            "area": "area between curves",
        }[self.method]
        return (
            f"{self.method} lag on {self.metric!r} ({size}, tolerance "
            f"{rule_name(self.tolerance)}): "
            f"mean {s['mean']:.1f} months, median {s['median']:.1f} "
            f"(min {s['min']:.1f}, max {s['max']:.1f}); {len(self.censored)} censored"
        )

    def to_pandas(self) -> pd.DataFrame:
        """Return the pairs then the censored leaders (catch-up), or the daily series."""
        if self.method == "catch-up":
            return _pairs_frame(self.pairs, self.censored)
        import pandas as pd  # noqa: PLC0415 - pandas is optional; import it only when asked for

        if self.method in {"level", "area"}:
            return pd.DataFrame(
                {
                    "level": [p.level for p in self.levels],
                    "leader": [p.leader.id for p in self.levels],
                    "follower": [p.follower.id for p in self.levels],
                    "lag_days": [p.lag_days for p in self.levels],
                    "lag_months": [p.lag_days / self.month_days for p in self.levels],
                }
            )

        return pd.DataFrame(
            {
                "day": [p.day for p in self.series],
                "lag_days": [p.lag_days for p in self.series],
                "lag_months": [
                    None if p.lag_days is None else p.lag_days / MONTH_DAYS for p in self.series
                ],
                "censored": [p.censored for p in self.series],
                "follower": [None if p.follower is None else p.follower.id for p in self.series],
                "leader": [None if p.leader is None else p.leader.id for p in self.series],
            }
        )


def _ordinal(value: DateLike | None, name: str, *, end: bool) -> int | None:
    day = _as_date(value, name, end=end)
    return None if day is None else day.toordinal()


def frontier_lag(
    scores: Timeline | Iterable[Event],
    *,
    metric: str,
    leader: Predicate,
    follower: Predicate,
    tolerance: GapRule = 0.0,
    transform: str | Transform | None = None,
    method: Method = "catch-up",
    start: DateLike | None = None,
    end: DateLike | None = None,
    as_of: DateLike | None = None,
    collapse_variants: bool = False,
    levels: int = 100,
    month_days: float = MONTH_DAYS,
    keep_negative: bool = False,
    floor: float | None = None,
) -> FrontierLag:
    r"""Measure how far the follower group's frontier trails the leader group's on a metric.

    Each score counts from the last day its date allows (the day by which it certainly
    exists). Values are transformed first (*transform*), then compared with *tolerance*: a
    follower value *F* is level with a leader value *L* when ``L - tolerance <= F``. Write
    :math:`L(t)` and :math:`F(t)` for the two frontiers, the best leader and follower value
    dated on or before day *t*.

    ``method="catch-up"`` (Epoch AI, "How far behind are open models?", 2024): take the leader
    *records* (the scores that raised :math:`L`) in date order. For each, find the first
    follower score, by date, that is level with it, ``L_record - tolerance <= F``. Pair the two
    and measure

    .. math:: \mathrm{lag} = \mathrm{day}(\text{follower}) - \mathrm{day}(\text{record}),

    unless that follower is dated before the record (the follower group was never behind it),
    or it was already paired with an earlier record (a follower score that overtakes several
    leader records at once is paired with the first only, as in Epoch's code, where such a
    record is skipped because it "has already been matched by a better open model"). Only
    records dated in ``[start, end]`` are reported, but the frontier is built from every score.
    Records no follower score reaches by *as_of* are ``censored`` with their age
    ``as_of - day(record)``, a lower bound on their lag; they are never dropped.

    ``method="daily"`` (Epoch AI, ECI data insights, 2025-26): for each day *d* in
    ``[start, end]``,

    .. math:: \mathrm{lag}(d) = d - \max\{t \le d : L(t) - \mathrm{tolerance} \le F(d)\},

    0 when the follower is level on day *d*; *t* ranges over the days on which the leader
    frontier exists. Days with no such *t* (the follower is below every leader record, or has
    no score yet) are censored: their lag is None, they are left out of the statistics, and
    ``censored_days`` counts them. Days before the leader's first score have no lag either.

    ``method="level"`` (Epoch AI, October 2025, open versus closed on ECI): the gap averaged
    over *levels* evenly spaced values between the groups' overlapping first and best records,
    not over days; at each level the leader record that first reached it is matched by the
    first follower record that reaches the level or is level with that record (*tolerance* may
    be a rule here: :class:`~aitimeline.Significance` for Epoch's z-test on the scores'
    intervals, or :class:`~aitimeline.Overlap`); negative gaps are kept. Only scores dated in
    ``[start, end]`` count. ``method="area"`` (the 2024 report's secondary estimate): the area
    between the two groups' date-of-level curves from *floor* up, divided by the range of
    levels. ``levels`` holds the detail; the formulas are in ``aitimeline._gaps``.

    All methods run in O(n log n), on arrays (:func:`frontier_lag_arrays`).

    Args:
        scores: Events; only :class:`~aitimeline.Score` events with this *metric* count.
        metric: The metric, such as ``"eci"`` or ``"MMLU"``.
        leader: Predicate selecting the leading group's scores (TRUE), such as
            ``col("country") == "US"``.
        follower: Predicate selecting the following group's scores.
        tolerance: How far below the leader still counts as level, in transformed units, >= 0.
        transform: ``"neg_log_error"`` (``-ln(1 - accuracy)``, as Epoch uses for accuracy
            benchmarks), a callable taking and returning a numpy array, or None.
        method: ``"catch-up"`` or ``"daily"``.
        start: First day of the window (default: the first score).
        end: Last day of the window (default: *as_of*).
        as_of: The day the data is taken as of: later scores are left out and censored ages
            run to it (default: the last score's day; never the clock).
        collapse_variants: Keep only the best score per ``model`` in each group first, so
            that model versions (reasoning-effort rows, say) count as one model.
        levels: ``method="level"``: how many levels (Epoch: 100).
        month_days: Days in a month for the statistics: 365.2425 / 12 (default), 365 / 12
            (Epoch 2024), 30.5 (Epoch 2025) or 30 (Epoch's area estimate).
        keep_negative: ``method="catch-up"``: also pair a record with a follower dated before
            it, with a negative lag, as Epoch's code does.
        floor: ``method="area"``: the lowest level (Epoch: the random-chance score); default
            the lower of the groups' first records.

    Returns:
        A :class:`FrontierLag`.

    Raises:
        MetricError: no score has the metric, the leader group is empty, a value is NaN or
            infinite, the tolerance is negative, the transform or method is unknown, or the
            window is empty.
    """
    tol = _check_tolerance(tolerance)
    _check_method(method)
    if transform is not None:
        _transform_function(transform)
    cutoff = _as_date(as_of, "as_of", end=True)
    tl = _as_timeline(scores)
    leaders = _before(_scores_of(tl, metric, leader, "leader"), cutoff)
    followers = _before(_scores_of(tl, metric, follower, "follower"), cutoff)
    if not leaders:
        msg = (
            f"leader={leader!r} matches none of the scores with metric={metric!r}"
            f"{'' if cutoff is None else f' dated by {cutoff}'}; a frontier lag needs at "
            "least one leader score"
        )
        raise MetricError(msg)
    lead = _score_arrays(leaders, transform, collapse_variants=collapse_variants)
    follow = _score_arrays(followers, transform, collapse_variants=collapse_variants)
    found = frontier_lag_arrays(
        lead.days,
        lead.score,
        follow.days,
        follow.score,
        tolerance=tol,
        method=method,
        start=_ordinal(start, "start", end=False),
        end=_ordinal(end, "end", end=True),
        as_of=None if cutoff is None else cutoff.toordinal(),
        levels=levels,
        keep_negative=keep_negative,
        floor=floor,
        leader_bounds=_interval_arrays(lead, transform),
        follower_bounds=_interval_arrays(follow, transform),
    )
    as_of_day = pendulum.Date.fromordinal(found.as_of)
    name = _transform_name(transform)
    return FrontierLag(
        metric=metric,
        method=method,
        tolerance=tol,
        transform=name,
        start=pendulum.Date.fromordinal(found.start),
        end=pendulum.Date.fromordinal(found.end),
        as_of=as_of_day,
        leader_frontier=Frontier(metric, name, _steps(lead)),
        follower_frontier=Frontier(metric, name, _steps(follow)),
        pairs=_frontier_pairs(found, lead, follow),
        censored=tuple(
            _censored(lead.events[i], as_of_day, float(lead.score[i]))
            for i in found.censored_index.tolist()
        ),
        series=_series(found, lead, follow),
        levels=_level_points(found, lead, follow),
        area_days=float(found.lag_days[0]) if method == "area" and found.lag_days.size else None,
        month_days=_check_month(month_days),
    )


def _check_month(month_days: float) -> float:
    m = float(month_days)
    if not math.isfinite(m) or m <= 0:
        msg = f"month_days={month_days!r} is invalid; expected a positive number of days"
        raise MetricError(msg)
    return m


def _interval_arrays(
    data: _Scores, transform: str | Transform | None
) -> tuple[_FloatArray, _FloatArray]:
    """Return each score's interval bounds after the transform (its value where it has none)."""
    low = np.array([e.value if e.ci_low is None else e.ci_low for e in data.events], dtype=float)
    high = np.array([e.value if e.ci_high is None else e.ci_high for e in data.events], dtype=float)
    if transform is None or not data.events:
        return low, high
    fn = _transform_function(transform)
    return np.asarray(fn(low), dtype=float), np.asarray(fn(high), dtype=float)


def _level_points(found: ArrayLag, lead: _Scores, follow: _Scores) -> tuple[LevelPoint, ...]:
    if found.method != "level":
        return ()
    return tuple(
        LevelPoint(s, lead.events[i], follow.events[j], int(x))
        for s, i, j, x in zip(
            found.levels.tolist(),
            found.leader_index.tolist(),
            found.follower_index.tolist(),
            found.lag_days.tolist(),
            strict=True,
        )
    )


def _frontier_pairs(found: ArrayLag, lead: _Scores, follow: _Scores) -> tuple[Pair[Score], ...]:
    if found.method != "catch-up":
        return ()
    return tuple(
        Pair(
            lead.events[i],
            follow.events[j],
            lag(lead.events[i], follow.events[j]),
            float(lead.score[i]),
            float(follow.score[j]),
        )
        for i, j in zip(found.leader_index.tolist(), found.follower_index.tolist(), strict=True)
    )


def _series(found: ArrayLag, lead: _Scores, follow: _Scores) -> tuple[DailyPoint, ...]:
    if found.method != "daily":
        return ()
    points = zip(
        found.days.tolist(),
        found.lag_days.tolist(),
        found.censored_days.tolist(),
        found.follower_index.tolist(),
        found.leader_index.tolist(),
        strict=True,
    )
    return tuple(
        DailyPoint(
            day=pendulum.Date.fromordinal(d),
            lag_days=None if math.isnan(x) else int(x),
            censored=c,
            follower=None if f < 0 else follow.events[f],
            leader=None if li < 0 else lead.events[li],
        )
        for d, x, c, f, li in points
    )
