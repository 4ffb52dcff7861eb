"""Lags over arrays of instants, read from a timeline's date index: :func:`lags`.

The law is the scalar one, element by element: ``lags(a, b)[i] == lag(a[i], b[i])``, the
range ``[b.earliest - a.latest, b.latest - a.earliest]`` in whole days, and
``-lags(a, b)`` holds the days of ``lags(b, a)``. What is new is where the days come from:
for a timeline (or ids looked up in one) they are the day-ordinal bounds its columnar index
already holds (``Timeline._index.temporal("when")``), so no event is built until an element
is read. Both days of an event sit in one int64 (two int32), so positions cost one gather a
side; ids become positions in one hash join of the store's ids (``Store.locate``). Events
that stand for something else than their ``when`` (a date that is a Span, counted from its
start; a kind that holds over a period, counted from ``in_force``) are few, and are read
one by one through the same rule as :func:`~aitimeline.lag`.

:class:`LazyTuple` is the sequence the columnar results hand out: a tuple whose items are
built when first read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeAlias, TypeGuard, TypeVar, overload

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._dates import MONTH_DAYS, Span, When
from aitimeline._display import card
from aitimeline._events import Event
from aitimeline._index import TYPE_FIELD, TemporalColumn
from aitimeline._lags import Lag, LagStats, _to_when, has_period, lag
from aitimeline._timeline import Timeline
from aitimeline.exceptions import MetricError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LagArray", "LazyTuple", "instant_bounds", "lags", "last_day", "one_by_one"]

Ints: TypeAlias = npt.NDArray[np.int64]
Floats: TypeAlias = npt.NDArray[np.float64]
Bools: TypeAlias = npt.NDArray[np.bool_]
T_co = TypeVar("T_co", covariant=True)

_SCALARS = (Event, When, Span, str, dt.date)
"""What one instant can be (see :data:`~aitimeline.metrics.Instant`)."""


class LazyTuple(Sequence[T_co]):
    """A tuple whose items are built the first time they are read, then kept.

    Length, indexing, slicing (a plain tuple), iteration, ``==`` (with a tuple or another
    LazyTuple), hash and repr are those of the tuple of its items.

    >>> squares = LazyTuple(3, lambda i: i * i)
    >>> len(squares), squares[-1], squares[:2], squares == (0, 1, 4)
    (3, 4, (0, 1), True)
    """

    __slots__ = ("_built", "_make", "_n")

    def __init__(self, n: int, make: Callable[[int], T_co]) -> None:
        """Hold *n* items, item *i* being ``make(i)``."""
        self._n = n
        self._make = make
        self._built: dict[int, T_co] = {}

    def __len__(self) -> int:
        """Return the number of items."""
        return self._n

    @overload
    def __getitem__(self, key: int) -> T_co: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[T_co, ...]: ...
    def __getitem__(self, key: int | slice) -> T_co | tuple[T_co, ...]:
        """Return item *key* (built now if it was not), or a tuple for a slice."""
        if isinstance(key, slice):
            return tuple(self[i] for i in range(*key.indices(self._n)))
        k = operator.index(key)
        if k < 0:
            k += self._n
        if not 0 <= k < self._n:
            msg = f"index {key} is out of range for {self._n} items"
            raise IndexError(msg)
        item = self._built.get(k)
        if item is None:
            item = self._built[k] = self._make(k)
        return item

    def __iter__(self) -> Iterator[T_co]:
        """Yield the items in order."""
        return (self[i] for i in range(self._n))

    def __eq__(self, other: object) -> bool:
        """Return whether *other* (a tuple or a LazyTuple) holds equal items."""
        if not isinstance(other, tuple | LazyTuple):
            return NotImplemented
        return len(self) == len(other) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        """Return the hash of the tuple of the items."""
        return hash(tuple(self))

    def __repr__(self) -> str:
        """Return the repr of the tuple of the items."""
        return repr(tuple(self))

    def __reduce__(self) -> tuple[type[tuple[T_co, ...]], tuple[tuple[T_co, ...]]]:
        """Pickle as the tuple of the items (the recipe that builds them is a closure)."""
        return (tuple, (tuple(self),))


# --------------------------------------------------------------------------------------------
# Day bounds from the index


@attrs.frozen(eq=False)
class _Days:
    """What the metrics read of one date column: each event's instant, ready to gather."""

    one_by_one: Bools
    """The events whose instant is not their ``when`` (a Span date, a kind with a period)."""
    some: bool
    """Whether there is any such event."""
    pairs: Ints
    """One int64 per event holding two int32: the first and last day of its ``when`` (every
    day ordinal fits), both -1 for the events read one by one. One gather of 8 bytes an
    element fetches both days (:func:`_gather`); a negative pair flags an event."""


_DAYS: weakref.WeakKeyDictionary[TemporalColumn, _Days] = weakref.WeakKeyDictionary()
"""Per date column of an index, its :class:`_Days`. A column never changes, so neither does
what is read from it; the entry goes when the column does."""


def _days(tl: Timeline) -> _Days:
    ix = tl._index  # noqa: SLF001 - the metrics read the timeline's own index
    when = ix.temporal("when")
    found = _DAYS.get(when)
    if found is None:
        kinds = ix.category(TYPE_FIELD)
        periods = [
            code
            for code, kind in enumerate(kinds.distinct)
            if isinstance(kind, type) and issubclass(kind, Event) and has_period(kind)
        ]
        mask = ~when.instant | np.isin(kinds.codes, periods)
        table = np.empty((len(mask), 2), dtype=np.int32)  # ordinals are below 2**22
        table[:, 0] = when.s_lo
        table[:, 1] = when.s_hi
        table[mask] = -1
        found = _DAYS[when] = _Days(mask, bool(mask.any()), table.view(np.int64).reshape(-1))
    return found


def _gather(days: _Days, rows: Ints | None) -> tuple[Ints, Bools | None]:
    """Return the pairs of *rows* (None: all), and which are flagged if any is.

    ``np.take`` checks every position (a negative one counts from the end), raising
    IndexError for one out of range.
    """
    pairs = days.pairs if rows is None else days.pairs.take(rows)
    flagged = pairs < 0 if days.some and len(pairs) and int(pairs.min()) < 0 else None
    return pairs, flagged


def _split(pairs: Ints) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Return the first and last days held in *pairs*, as int32 views."""
    both = pairs.view(np.int32).reshape(-1, 2)
    return both[:, 0], both[:, 1]


def one_by_one(tl: Timeline) -> tuple[Bools, bool]:
    """Return which events of *tl* stand for another instant than their ``when``'s, and if any.

    They are the events dated by a Span and those of a kind that holds over a period; their
    instant is read from the event (:func:`instant_bounds`).
    """
    days = _days(tl)
    return days.one_by_one, days.some


def _last_true(flags: Bools) -> int:
    """Return the position of the last True in *flags* (-1 for none), reading from the end."""
    end, step = len(flags), 1 << 12
    while end > 0:
        start = max(0, end - step)
        found = np.flatnonzero(flags[start:end])
        if found.size:
            return start + int(found[-1])
        end, step = start, step * 2
    return -1


def last_day(tl: Timeline, rows: Bools, what: str) -> int:
    """Return the last day ordinal the instant of any event *rows* selects may fall on.

    The same as ``instant_bounds(tl, what, np.flatnonzero(rows))[1].max()``. A timeline is
    sorted by first day, and no date is wider than the column's ``width``: only the rows whose
    first day is within that width of the last selected row's can hold the maximum.
    """
    when = tl._index.temporal("when")  # noqa: SLF001 - its own index
    mask, some = one_by_one(tl)
    start = 0
    last = _last_true(rows)
    if when.sorted_start and last >= 0:
        # bisect reads a few cells; np.searchsorted would copy a strided column whole
        start = bisect.bisect_left(when.s_lo, when.s_lo[last] - when.width)
    window = rows[start:] & ~mask[start:] if some else rows[start:]
    fast = np.flatnonzero(window) + start
    found = int(when.s_hi[fast].max()) if fast.size else int(np.iinfo(np.int64).min)
    slow = np.flatnonzero(rows & mask) if some else fast[:0]
    if slow.size:
        found = max(found, *(_to_when(tl[r], what).latest_ordinal for r in slow.tolist()))
    return found


def instant_bounds(tl: Timeline, what: str, rows: Ints | None = None) -> tuple[Ints, Ints]:
    """Return, per event of *tl* in order, the first and last day of the instant it stands for.

    The instant is the one :func:`~aitimeline.lag` measures from: the ``when`` of most events,
    read from the date index; the start of a Span date, or of the period of a kind that holds
    over one (``in_force``), read event by event. With *rows*, only those positions are read.

    Raises:
        MetricError: an event of a kind that holds over a period does not give it.
    """
    pairs, flagged = _gather(_days(tl), rows)
    lo, hi = (half.astype(np.int64) for half in _split(pairs))
    if flagged is not None:
        _fill(tl, what, rows, (lo, hi), np.flatnonzero(flagged))
    return lo, hi


def _fill(tl: Timeline, what: str, rows: Ints | None, out: tuple[Ints, Ints], slow: Ints) -> None:
    """Write into *out* the days of the elements *slow*, read event by event."""
    lo, hi = out
    for k in slow.tolist():
        w = _to_when(tl[k if rows is None else int(rows[k])], what)
        lo[k], hi[k] = w.earliest_ordinal, w.latest_ordinal


def _rows_of_ids(tl: Timeline, ids: Sequence[str]) -> Ints:
    """Return the positions in *tl* of *ids*, in one hash join of the store's ids.

    Raises:
        UnknownIdError: an id is not in *tl* (the message lists near matches).
    """
    store, pos = tl._store, tl._pos  # noqa: SLF001 - the timeline's own store and view
    rows = store.locate(ids)
    if pos is not None and len(rows):  # store positions -> this view's (pos increases)
        at = np.minimum(np.searchsorted(pos, rows), len(pos) - 1)
        rows = np.where(pos.take(at) == rows, at, -1) if len(pos) else np.full_like(rows, -1)
    if len(rows) and int(rows.min()) < 0:
        tl[ids[int(np.argmin(rows))]]  # raises UnknownIdError with near matches
    return rows


Days: TypeAlias = npt.NDArray[np.int64] | npt.NDArray[np.int32]


@attrs.frozen(eq=False)
class _Side:
    """One side of :func:`lags`: day bounds per element and how to read element *i*."""

    lo: Days
    hi: Days
    read: Callable[[int], object]
    """Element *i* as an instant, for the scalar :class:`Lag` of that element."""
    scalar: bool = False


def _sides(a: object, b: object, timeline: Timeline | None) -> tuple[_Side, _Side]:
    """Return both sides of :func:`lags`; ids of both are looked up in one join."""
    if timeline is not None and _id_list(a) and _id_list(b):
        rows = _rows_of_ids(timeline, [*a, *b])
        k = len(a)
        return _rows_side(timeline, rows[:k], "a"), _rows_side(timeline, rows[k:], "b")
    return _side(a, timeline, "a"), _side(b, timeline, "b")


def _id_list(value: object) -> TypeGuard[list[str] | tuple[str, ...]]:
    """Tell whether *value* is a list or tuple of strings (ids, with a timeline)."""
    return isinstance(value, list | tuple) and set(map(type, value)) <= {str}


def _side(value: object, timeline: Timeline | None, name: str) -> _Side:
    if isinstance(value, _SCALARS):
        w = _to_when(value, name)
        one = np.array([w.earliest_ordinal]), np.array([w.latest_ordinal])
        return _Side(one[0], one[1], lambda _i: value, scalar=True)
    if isinstance(value, Timeline):
        lo, hi = instant_bounds(value, name)
        return _Side(lo, hi, value.__getitem__)
    if timeline is not None and isinstance(value, np.ndarray) and value.dtype.kind in "iu":
        return _rows_side(timeline, value, name)
    items = _items(value, name)
    if timeline is not None and set(map(type, items)) <= {str}:
        ids: list[str] = items  # type: ignore[assignment]  # checked just above
        rows = _rows_of_ids(timeline, ids)
        lo, hi = instant_bounds(timeline, name, rows)
        return _Side(lo, hi, lambda i: timeline[int(rows[i])])
    if timeline is not None:
        items = [timeline[x] if isinstance(x, str) else x for x in items]
    whens = [_to_when(x, f"{name}[{i}]") for i, x in enumerate(items)]
    lo = np.fromiter((w.earliest_ordinal for w in whens), dtype=np.int64, count=len(whens))
    hi = np.fromiter((w.latest_ordinal for w in whens), dtype=np.int64, count=len(whens))
    return _Side(lo, hi, items.__getitem__)


def _rows_side(tl: Timeline, value: npt.NDArray[np.integer], name: str) -> _Side:
    """Return the side of positions *value* in *tl*: its days in one gather of the pairs.

    Raises:
        MetricError: a position is outside ``[-len(tl), len(tl))``.
    """
    n = len(tl)
    if value.dtype == np.int64:  # np.take reads these as they are; others are checked first
        rows = value.reshape(-1).astype(np.int64, copy=False)
    else:
        rows = _positions(value, n, name)
    try:
        pairs, flagged = _gather(_days(tl), rows)
    except IndexError:
        _positions(value, n, name)  # raises MetricError naming the first one out of range
        raise
    lo: Days
    hi: Days
    lo, hi = _split(pairs)
    if flagged is not None:
        lo, hi = lo.astype(np.int64), hi.astype(np.int64)
        _fill(tl, name, rows, (lo, hi), np.flatnonzero(flagged))
    return _Side(lo, hi, lambda i: tl[int(rows[i])])  # a negative position counts from the end


def _positions(value: npt.NDArray[np.integer], n: int, name: str) -> Ints:
    rows: Ints = np.asarray(value, dtype=np.int64).reshape(-1)
    if rows.size and int(rows.min()) < 0:
        rows = np.where(rows < 0, rows + n, rows)
    if rows.size and (int(rows.min()) < 0 or int(rows.max()) >= n):
        k = int(np.argmax((rows < 0) | (rows >= n)))
        shown = int(value.reshape(-1)[k])
        msg = f"{name}[{k}]={shown} is not a position in a timeline of {n} events"
        raise MetricError(msg)
    return rows


def _items(value: object, name: str) -> list[object]:
    if isinstance(value, np.ndarray):
        listed: list[object] = value.tolist()
        return listed
    if isinstance(value, Iterable):
        return list(value)
    msg = (
        f"{name}={value!r} is neither an instant nor a collection of them; expected a "
        "Timeline, a sequence of events, ids (with timeline=), Whens or dates"
    )
    raise MetricError(msg)


# --------------------------------------------------------------------------------------------
# LagArray


@attrs.frozen(eq=False, repr=False)
class LagArray(LagStats):
    """Lags element by element, as two arrays of whole days: what :func:`lags` returns.

    ``lo[i]`` and ``hi[i]`` are the range of days of ``lag(a[i], b[i])``; indexing with an int
    gives that :class:`~aitimeline.Lag` (its two instants read then), with a slice or an
    array of positions or flags another LagArray. The statistics of
    :class:`~aitimeline.metrics.LagStats` run over the middles of the ranges.
    """

    lo: Ints
    """The shortest possible lag of each element, in days."""
    hi: Ints
    """The longest possible lag of each element, in days."""
    _starts: Callable[[int], object] = attrs.field(alias="starts")
    """Element *i*'s first instant, for its scalar Lag."""
    _ends: Callable[[int], object] = attrs.field(alias="ends")
    """Element *i*'s second instant."""

    def __len__(self) -> int:
        """Return the number of lags."""
        return len(self.lo)

    @overload
    def __getitem__(self, key: int) -> Lag: ...
    @overload
    def __getitem__(self, key: slice | npt.NDArray[np.integer] | Bools) -> LagArray: ...
    def __getitem__(self, key: int | slice | npt.NDArray[np.integer] | Bools) -> Lag | LagArray:
        """Return lag *key* as a Lag, or a LagArray of the lags a slice or an array picks."""
        if isinstance(key, int | np.integer):
            n = len(self)
            k = int(key) + n if key < 0 else int(key)
            if not 0 <= k < n:
                msg = f"index {key} is out of range for {n} lags"
                raise IndexError(msg)
            return lag(self._starts(k), self._ends(k))  # type: ignore[arg-type]  # instants
        pos = np.arange(len(self), dtype=np.int64)[key]
        starts, ends = self._starts, self._ends
        return LagArray(
            self.lo[pos],
            self.hi[pos],
            starts=lambda i: starts(int(pos[i])),
            ends=lambda i: ends(int(pos[i])),
        )

    def __iter__(self) -> Iterator[Lag]:
        """Yield each lag as a :class:`~aitimeline.Lag`."""
        return (self[i] for i in range(len(self)))

    def __neg__(self) -> LagArray:
        """Return the lags the other way round (``lags(b, a)``)."""
        return LagArray(-self.hi, -self.lo, starts=self._ends, ends=self._starts)

    @property
    def days(self) -> tuple[Ints, Ints]:
        """Return ``(lo, hi)`` in whole days."""
        return (self.lo, self.hi)

    @property
    def weeks(self) -> tuple[Floats, Floats]:
        """Return ``(lo, hi)`` in weeks of 7 days, unrounded."""
        return (self.lo / 7, self.hi / 7)

    @property
    def months(self) -> tuple[Floats, Floats]:
        """Return ``(lo, hi)`` in months of 365.2425 / 12 days, unrounded."""
        return (self.lo / MONTH_DAYS, self.hi / MONTH_DAYS)

    @property
    def midpoint_days(self) -> Floats:
        """Return the middle of each range in days (what the statistics use)."""
        out: Floats = (self.lo + self.hi) / 2
        return out

    @property
    def is_exact(self) -> Bools:
        """Return, per lag, whether it is one number of days."""
        out: Bools = self.lo == self.hi
        return out

    def contains(self, n_days: int) -> Bools:
        """Return, per lag, whether a lag of *n_days* is possible."""
        out: Bools = (self.lo <= n_days) & (n_days <= self.hi)
        return out

    @property
    def lag_days(self) -> tuple[float, ...]:
        """Return each lag's middle in days (what :meth:`summary` summarises)."""
        return tuple(self.midpoint_days.tolist())

    def _lag_array(self) -> Floats:
        return self.midpoint_days

    def to_pandas(self) -> pd.DataFrame:
        """Return one row per lag: ``lag_days_lo``, ``lag_days_hi`` and ``lag_months``."""
        import pandas as pd  # noqa: PLC0415 - pandas is optional; import it only when asked for

        return pd.DataFrame(
            {
                "lag_days_lo": self.lo,
                "lag_days_hi": self.hi,
                "lag_months": self.midpoint_days / MONTH_DAYS,
            }
        )

    def __repr__(self) -> str:
        """Return e.g. ``<LagArray: 3 lags, median 2.1 months, 1 exact>``."""
        return (
            f"<LagArray: {len(self)} lags, median {self.median_months:.1f} months, "
            f"{int(self.is_exact.sum())} exact>"
        )

    def _repr_html_(self) -> str:
        """Return a small HTML card: how many lags and their statistics in months."""
        s = self.summary()
        return card(
            "LagArray",
            [
                ("lags", len(self)),
                ("exact", int(self.is_exact.sum())),
                ("median", f"{s['median']:.1f} months"),
                ("min \N{EN DASH} max", f"{s['min']:.1f} \N{EN DASH} {s['max']:.1f} months"),
            ],
        )


def lags(a: object, b: object, *, timeline: Timeline | None = None) -> LagArray:
    """Return the lag from each instant of *a* to the instant of *b* at the same position.

    ``lags(a, b)[i] == lag(a[i], b[i])``, and ``-lags(a, b)`` holds the days of
    ``lags(b, a)``. From a timeline, or ids looked up in *timeline*, the days are read from
    its date index without building an event (events are built only for the elements you
    read, and for the few dated by a period); other instants are read one by one. Positions
    (an integer numpy array, with *timeline*) skip even the id look-up.

    >>> from aitimeline import Event, Timeline
    >>> tl = Timeline([Event(id=f"e-{k}", when=w, title="t") for k, w in
    ...                enumerate(["2024-09-12", "2024-11", "2024-11-28", "2025-01-20"])])
    >>> found = lags(["e-0", "e-1"], ["e-2", "e-3"], timeline=tl)
    >>> found.lo.tolist(), found.hi.tolist()
    ([77, 51], [77, 80])
    >>> found[1] == lag(tl["e-1"], tl["e-3"])
    True
    >>> (-found).lo.tolist()
    [-77, -80]

    Args:
        a: Where each lag is measured from: a :class:`~aitimeline.Timeline` (its events in
            order), a sequence of events, of ids or a numpy array of positions (with
            *timeline*), of Whens, Spans, date strings or dates; or one instant, paired with
            every element of *b*.
        b: Where each lag is measured to, likewise; as long as *a* unless one is a single
            instant.
        timeline: Where to look ids up; without it, strings are dates.

    Returns:
        A :class:`LagArray`.

    Raises:
        MetricError: *a* and *b* differ in length, both are single instants (use
            :func:`~aitimeline.lag`), or an element is not an instant.
        UnknownIdError: an id is not in *timeline*.
    """
    start, end = _sides(a, b, timeline)
    if start.scalar and end.scalar:
        msg = "a and b are single instants; lags pairs collections, use lag(a, b) for two"
        raise MetricError(msg)
    if not (start.scalar or end.scalar) and len(start.lo) != len(end.lo):
        msg = (
            f"a holds {len(start.lo)} instants and b {len(end.lo)}; lags pairs them position "
            "by position, so both need the same length (or one a single instant)"
        )
        raise MetricError(msg)
    # days from the index are int32 (ordinals and their differences fit): subtract, then widen
    return LagArray(
        (end.lo - start.hi).astype(np.int64, copy=False),
        (end.hi - start.lo).astype(np.int64, copy=False),
        starts=start.read,
        ends=end.read,
    )
