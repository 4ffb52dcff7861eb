"""Allen's interval relations between fuzzy day intervals, decided by difference constraints.

A date or period is reduced to its *bounds* ``(start_lo, start_hi, end_lo, end_hi, is_instant)``
in day ordinals (ends inclusive). Whether some completion realises a relation is a feasibility
question over four integer variables with difference constraints, answered by Floyd-Warshall
on a five-node graph (the fifth node is zero).
"""

from __future__ import annotations

import enum
import math
from typing import Final, TypeAlias

from aitimeline._truth import Truth, truth_from

__all__ = [
    "BEFORE",
    "CONTAINS",
    "DURING",
    "Allen",
    "Bounds",
    "TemporalBase",
    "before",
    "relation_set",
    "truth_of_set",
]

Bounds: TypeAlias = tuple[int, int, int, int, bool]
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


def _feasible(x: Bounds, y: Bounds, extra: tuple[tuple[int, int, int], ...]) -> bool:
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


def relation_set(x: Bounds, y: Bounds) -> frozenset[Allen]:
    return frozenset(r for r, cons in _ALLEN_CONSTRAINTS.items() if _feasible(x, y, cons))


def truth_of_set(found: frozenset[Allen], wanted: frozenset[Allen]) -> Truth:
    return truth_from(possible=bool(found & wanted), certain=found <= wanted)


BEFORE: Final = frozenset({Allen.PRECEDES, Allen.MEETS})
DURING: Final = frozenset({Allen.DURING, Allen.STARTS, Allen.FINISHES, Allen.EQUALS})
CONTAINS: Final = frozenset({Allen.CONTAINS, Allen.STARTED_BY, Allen.FINISHED_BY, Allen.EQUALS})


def before(x: Bounds, y: Bounds) -> Truth:
    # x's last day < y's first day. Bounds are normalised (see _span_bounds), so the extreme
    # values of x.end and y.start are attained by some completion.
    return truth_from(possible=x[2] < y[1], certain=x[3] < y[0])


class TemporalBase:
    """Relation methods shared by ``When`` and ``Span``.

    A subclass gives its own bounds (:meth:`ordinal_bounds`) and those of an argument
    (:meth:`bounds_of`, which reads text and dates); each relation is decided on the bounds.
    """

    __slots__ = ()

    def ordinal_bounds(self) -> Bounds:
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

    def bounds_of(self, other: object) -> Bounds:
        """Return the bounds of *other* (a date, period, text or ``datetime.date``)."""
        raise NotImplementedError

    def before(self, other: object) -> Truth:
        """Return whether this ends on a day before *other* starts.

        >>> from aitimeline import Span, When
        >>> When.parse("2024-09").before("2024-11-28")
        Truth.TRUE
        >>> When.parse("2024-Q4").before("2024-11-28")
        Truth.UNKNOWN
        """
        return before(self.ordinal_bounds(), self.bounds_of(other))

    def after(self, other: object) -> Truth:
        """Return whether this starts on a day after *other* ends (``other.before(self)``)."""
        return before(self.bounds_of(other), self.ordinal_bounds())

    def overlaps(self, other: object) -> Truth:
        """Return whether this and *other* share at least one day.

        >>> from aitimeline import When
        >>> When.parse("2024-09").overlaps("2024-Q3")
        Truth.UNKNOWN
        """
        x, y = self.ordinal_bounds(), self.bounds_of(other)
        return ~(before(x, y) | before(y, x))

    def same_day(self, other: object) -> Truth:
        """Return whether this and *other* are the same day (or the same period, for spans)."""
        found = relation_set(self.ordinal_bounds(), self.bounds_of(other))
        return truth_of_set(found, frozenset({Allen.EQUALS}))

    def during(self, other: object) -> Truth:
        """Return whether every day of this lies within *other*.

        >>> from aitimeline import Span, When
        >>> ban = Span("2022-10-07")   # still in force
        >>> When.parse("2025-06").during(ban)
        Truth.TRUE
        """
        found = relation_set(self.ordinal_bounds(), self.bounds_of(other))
        return truth_of_set(found, DURING)

    def contains(self, other: object) -> Truth:
        """Return whether every day of *other* lies within this."""
        found = relation_set(self.ordinal_bounds(), self.bounds_of(other))
        return truth_of_set(found, CONTAINS)

    def in_period(self, period: object) -> Truth:
        """Return whether this lies within *period*, read as every day it names.

        A stated period ("in November", "in Q4 2024") is a range of days, not one unknown day:
        an instant known to the day lies within its month (TRUE), a month-dated one within its
        quarter (TRUE), one wholly outside is FALSE and one that straddles an edge is UNKNOWN.
        That is not :meth:`same_day`, where both sides are single unknown days. A
        :class:`~aitimeline.Span` as *period* is used as the period it holds over, fuzzy ends
        included.

        >>> from aitimeline import When
        >>> When.parse("2024-11-28").in_period("2024-11")
        Truth.TRUE
        >>> When.parse("2024-11-28").same_day("2024-11")
        Truth.UNKNOWN
        >>> When.parse("2024-11").in_period("2024-Q4"), When.parse("2024-Q4").in_period("2024-11")
        (Truth.TRUE, Truth.UNKNOWN)
        >>> When.parse("2025-09-30").in_period("2025-10")
        Truth.FALSE
        """
        bounds = self.bounds_of(period)
        if bounds[4]:
            # An instant's bounds are one unknown day in [earliest, latest]; as a period it is
            # every one of those days: fixed ends at earliest and latest.
            bounds = (bounds[0], bounds[0], bounds[3], bounds[3], False)
        found = relation_set(self.ordinal_bounds(), bounds)
        return truth_of_set(found, DURING)
