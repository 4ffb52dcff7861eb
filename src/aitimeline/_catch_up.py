"""First-mover gaps between two groups of events: :func:`catch_up` and :func:`catch_up_pairs`.

Both choose their candidates, then the leader and follower groups, with predicates evaluated
on the timeline's columnar index, and match the groups on the day-ordinal bounds the index
holds (:func:`~aitimeline._lag_arrays.instant_bounds`): a running maximum and a binary search
for the pairs, minima for the first events. No event is built until a result element is read
(except the few that may be first, which :class:`CatchUp` holds).

The definitions are per event (``lag(leader, follower)`` for each pair; the first follower
not definitely before a leader), and the tests hold the columnar code to them on generated
timelines with fuzzy dates.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from aitimeline._dates import DateLike, Truth, When
from aitimeline._display import card, table
from aitimeline._events import Event, Release
from aitimeline._lag_arrays import LazyTuple, instant_bounds, last_day
from aitimeline._lags import (
    Censored,
    Lag,
    LagStats,
    Pair,
    _as_date,
    _as_timeline,
    _deprecated_censored,
    _pairs_frame,
    _to_when,
    lag,
)
from aitimeline._query import Predicate, col, is_a, tagged
from aitimeline._timeline import Timeline
from aitimeline.exceptions import MetricError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CatchUp", "CatchUpPairs", "catch_up", "catch_up_pairs"]

Ints: TypeAlias = npt.NDArray[np.int64]


# --------------------------------------------------------------------------------------------
# catch_up on events


@functools.cache
def _not_announced() -> Predicate:
    """Return the test every candidate passes: an announcement is not a release.

    Catch-up never starts from (or ends at) one. Built once: predicates are immutable values.
    """
    return ~(is_a(Release) & (col("stage") == "announced"))


def _announces(tl: Timeline) -> bool:
    """Return whether any event of *tl* is an announcement (else the test above is TRUE)."""
    return "announced" in tl._index.category("stage").lookup  # noqa: SLF001 - its own index


def _predicate(value: object, name: str) -> Predicate:
    """Return *value* if it is a predicate; refuse anything else, naming the argument."""
    if not isinstance(value, Predicate):
        msg = (
            f"{name}={value!r} is not a predicate; build one with aitimeline.col(...), "
            "e.g. col('country') == 'US'"
        )
        raise MetricError(msg)
    return value


@attrs.frozen(eq=False)
class _Groups:
    """The timeline, and as positions in it the candidates, the leaders and the followers."""

    tl: Timeline
    candidates: npt.NDArray[np.bool_]
    """Which events are candidates."""
    leaders: Ints
    followers: Ints


def _split_groups(
    timeline: Timeline | Iterable[Event],
    leader: Predicate,
    follower: Predicate,
    capability: str | None,
    where: Predicate | None,
) -> _Groups:
    """Return the candidates, the leader group and the follower group; refuse no leaders.

    Every predicate is evaluated once on the timeline's own index (its columns are kept
    between calls), the same truth per event as filtering one after the other.
    """
    tl = _as_timeline(timeline)
    lead, follow = _predicate(leader, "leader"), _predicate(follower, "follower")
    tests = [_not_announced()] if _announces(tl) else []
    if where is not None:
        tests.append(_predicate(where, "where"))
    if capability is not None:
        tests.append(tagged(capability))  # a release's capabilities are among its tags
    ix = tl._index  # noqa: SLF001 - the metrics read the timeline's own index
    true = Truth.TRUE.code
    kept = (
        functools.reduce(operator.and_, tests).codes(ix) == true
        if tests
        else np.ones(ix.n, dtype=bool)
    )
    leaders = np.flatnonzero(kept & (lead.codes(ix) == true))
    if not leaders.size:
        msg = (
            f"no leader event matches leader={leader!r} with capability={capability!r} and "
            f"where={where!r} among {int(kept.sum())} candidate events; check the predicate "
            "and the tags"
        )
        raise MetricError(msg)
    followers = np.flatnonzero(kept & (follow.codes(ix) == true))
    return _Groups(tl, kept, leaders, followers)


def _last_day(groups: _Groups) -> pendulum.Date:
    """Return the last day any candidate event may fall on (the default *as_of*)."""
    return pendulum.Date.fromordinal(last_day(groups.tl, groups.candidates, "event"))


def _first(tl: Timeline, rows: Ints) -> tuple[When, tuple[Event, ...]]:
    """Return the honest date of the first event of *rows* and every event that may be first.

    The first day is ``min(day of e)`` over the events; with fuzzy dates it lies in
    ``[min earliest, min latest]``. An event may be first if its earliest day is on or before
    that ``min latest``; only those events are built.
    """
    lo, hi = instant_bounds(tl, "event", rows)
    first, last = int(lo.min()), int(hi.min())
    possible = tuple(tl[int(rows[i])] for i in np.flatnonzero(lo <= last).tolist())
    if len(possible) == 1:
        return _to_when(possible[0], "event"), possible
    a, b = pendulum.Date.fromordinal(first), pendulum.Date.fromordinal(last)
    when = When.between(When.day(a.year, a.month, a.day), When.day(b.year, b.month, b.day))
    return when, possible


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
    groups = _split_groups(timeline, leader, follower, capability, where)
    lead_when, lead_possible = _first(groups.tl, groups.leaders)
    if not groups.followers.size:
        day = _as_date(as_of, "as_of", end=True) or _last_day(groups)
        age = Lag(lead_when, When.coerce(day))
        return CatchUp(lead_possible[0], None, None, lead_possible, (), day, age)
    follow_when, follow_possible = _first(groups.tl, groups.followers)
    return CatchUp(
        lead_possible[0],
        follow_possible[0],
        Lag(lead_when, follow_when),
        lead_possible,
        follow_possible,
    )


def _reaching(prefix: Ints, days: Ints) -> Ints:
    """Return ``np.searchsorted(prefix, days, side="left")`` for a non-decreasing *prefix*.

    Days are few beside the events (a decade is 3,653 of them): when so, search each day of
    their range once and read the answers from that table, about 15 times faster than a
    binary search per event.
    """
    if not days.size:
        return np.zeros(0, dtype=np.int64)
    first, last = int(days.min()), int(days.max())
    if last - first > 4 * days.size:
        out: Ints = np.searchsorted(prefix, days, side="left")
        return out
    table = np.searchsorted(prefix, np.arange(first, last + 1, dtype=np.int64), side="left")
    found: Ints = table[days - first]
    return found


@attrs.frozen(repr=False)
class CatchUpPairs(LagStats):
    """Each leader event paired with the first follower event on or after it.

    ``pairs`` and ``censored_leaders`` are sequences that build their events when read (a
    :class:`~aitimeline._lag_arrays.LazyTuple`, equal to the tuple of its items); the
    statistics are computed from the day bounds, without building any.
    """

    pairs: Sequence[Pair[Event]]
    """One pair per matched leader event, in the leaders' date order."""
    censored_leaders: Sequence[Censored[Event]]
    """Leader events with no follower event on or after them, aged to *as_of*."""
    as_of: pendulum.Date
    """The day the censored ages are measured to."""
    _midpoints: npt.NDArray[np.float64] | None = attrs.field(
        default=None, eq=False, repr=False, alias="midpoints"
    )
    """Each pair's lag in days, the middle of its range (None: read from the pairs)."""

    @property
    def censored(self) -> Sequence[Censored[Event]]:
        """Deprecated: the same as :attr:`censored_leaders`."""
        _deprecated_censored(self)
        return self.censored_leaders

    @property
    def lag_days(self) -> tuple[float, ...]:
        """Return each pair's lag in days (the middle of its range)."""
        return tuple(self._lag_array().tolist())

    def _lag_array(self) -> npt.NDArray[np.float64]:
        if self._midpoints is not None:
            return self._midpoints
        return np.array([p.lag.midpoint_days for p in self.pairs], dtype=np.float64)

    def __repr__(self) -> str:
        """Return e.g. ``<CatchUpPairs: 3 pairs, median 2.1 months, 1 censored, as of …>``."""
        return (
            f"<CatchUpPairs: {len(self.pairs)} pairs, median {self.median_months:.1f} months, "
            f"{len(self.censored_leaders)} censored, as of {self.as_of}>"
        )

    def _repr_html_(self) -> str:
        """Return an HTML table of the pairs, then the censored leaders (only rows shown)."""
        matched = len(self.pairs)

        def row(k: int) -> list[object]:
            if k < matched:
                p = self.pairs[k]
                return [p.leader.id, p.leader.when, p.follower.id, p.follower.when, p.lag]
            c = self.censored_leaders[k - matched]
            return [c.leader.id, c.leader.when, "(none yet)", "", f"\u2265 {c.age}"]

        rows = LazyTuple(matched + len(self.censored_leaders), row)
        return table(repr(self), ["leader", "date", "follower", "date", "lag"], rows)

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
    groups = _split_groups(timeline, leader, follower, capability, where)
    day = _as_date(as_of, "as_of", end=True) or _last_day(groups)
    # Followers in timeline order are sorted by sort key; for a leader, the first follower
    # whose latest day is on or after the leader's earliest day is the first one not
    # definitely before it: a binary search on the running maximum of their latest days.
    tl, leaders, followers = groups.tl, groups.leaders, groups.followers
    l_lo, l_hi = instant_bounds(tl, "leader", leaders)
    f_lo, f_hi = instant_bounds(tl, "follower", followers)
    found = _reaching(np.maximum.accumulate(f_hi), l_lo) if f_hi.size else None
    matched = np.zeros(l_lo.size, dtype=bool) if found is None else found < f_hi.size
    paired, censored = np.flatnonzero(matched), np.flatnonzero(~matched)
    follows = np.zeros(0, dtype=np.int64) if found is None else found[paired]
    since = When.day(day.year, day.month, day.day)

    def pair(k: int) -> Pair[Event]:
        first, then = tl[int(leaders[paired[k]])], tl[int(followers[follows[k]])]
        return Pair(first, then, lag(first, then))

    def unmatched(k: int) -> Censored[Event]:
        first = tl[int(leaders[censored[k]])]
        return Censored(first, day, lag(first, since))

    return CatchUpPairs(
        LazyTuple(paired.size, pair),
        LazyTuple(censored.size, unmatched),
        day,
        midpoints=(f_lo[follows] - l_hi[paired] + f_hi[follows] - l_lo[paired]) / 2,
    )
