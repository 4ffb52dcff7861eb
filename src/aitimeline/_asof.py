"""As-of joins on the columns: pair each event with the latest (or next) event of another timeline.

**The law.** An event is placed by the day it happens (a period: the day it starts), one
unknown day of ``[earliest, latest]`` when its date is fuzzy. A *completion* gives every event
of both timelines one of its possible days. In a completion, going ``backward`` the match of
a left event on day *d* is, among the right events of its group on or before *d* (strictly
before when ``allow_exact`` is false), the one on the latest day; events tied on that day
break the tie by **timeline order** (the order of ``(when.sort_key(), id)``: earliest
possible day first, then the latest possible day, so a day-exact event comes before a fuzzy
one that starts on the same day) and the **last** of them wins, as ``pandas.merge_asof``
picks the last of tied rows. Going ``forward`` the match is the right event on the earliest
day on or after *d* (strictly after), and the **first** of the tied events in timeline order
wins. A fuzzy event that may land on the same day as an exact one ties with it in the
completions that put it there, and timeline order decides: going backward a month-dated
event that starts on that day comes after the exact one and wins; going forward an event
that starts earlier comes first and wins.

- ``candidates`` is every right event that is the match in at least one completion, in
  timeline order. With exact dates on both sides it is just the match.
- ``match`` is the match among right events *certainly* on the right side of the left event
  (backward: the last in timeline order whose latest day is on or before the left event's
  earliest; forward: the first whose earliest day is on or after its latest): for exact dates
  the event ``pandas.merge_asof`` picks, ties included. It is always a candidate.
- ``ambiguous``: more than one candidate, or candidates but no certain match.

**Computation** (:mod:`aitimeline._asof_join`): O(n log n) on the index's arrays, with
group codes from the category column of *by*; exact dates through a (group, day) table,
fuzzy ones through searches on (group, day) keys. The result, :class:`AsOfTable`, keeps
arrays (the match and ambiguity of every row, and the candidate sets of ambiguous rows as CSR
offsets and indices, built when first read) and builds :class:`AsOf` records only when one
is read. The sides prepared for a join (left runs, right order and lookups, group codes) are
kept beside the date and category columns they came from, and serve the next join of the
same timelines (the first join pays for them).
"""

from __future__ import annotations

import html
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Final, Protocol, TypeAlias, TypeVar, overload

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._asof_join import Groups, Joined, LeftRows, join_arrays
from aitimeline._asof_right import Right
from aitimeline._display import card, table
from aitimeline._events import Event
from aitimeline._index import CategoryColumn, Index, TemporalColumn
from aitimeline._query import col, known_fields
from aitimeline.exceptions import QueryError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AsOf", "AsOfTable", "as_of_table"]

Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]

_SHORT: Final = 10
"""Tables up to this long have the repr of a tuple of :class:`AsOf`."""


@attrs.frozen(repr=False)
class AsOf:
    """One event paired with the latest (or next) event of another timeline.

    With exact dates ``match`` is the event ``pandas.merge_asof`` would pick. With fuzzy dates
    ``match`` is the last (first, going forward) event that is *certainly* on the right side,
    and ``candidates`` lists every event that is the match in at least one completion of the
    dates, ties on a day broken by timeline order (see :meth:`Timeline.as_of
    <aitimeline.Timeline.as_of>`); ``ambiguous`` tells whether the answer depends on the
    fuzzy dates.
    """

    event: Event
    """The event of the left timeline."""
    match: Event | None
    """The event of the other timeline it pairs with; None if none certainly does."""
    candidates: tuple[Event, ...]
    """Every event that may be the match, in timeline order."""

    @property
    def ambiguous(self) -> bool:
        """Whether more than one event may be the match, or a match may or may not exist."""
        return len(self.candidates) > 1 or (self.match is None and bool(self.candidates))

    def _repr_html_(self) -> str:
        """Return a small HTML card: the event, its match and the other candidates."""
        return card(
            "AsOf",
            [
                ("event", f"{self.event.id} ({self.event.when})"),
                ("match", "none" if self.match is None else f"{self.match.id} ({self.match.when})"),
                ("candidates", ", ".join(c.id for c in self.candidates) or "none"),
                ("ambiguous", "yes" if self.ambiguous else "no"),
            ],
        )

    def __repr__(self) -> str:
        """Return ``AsOf(event id -> match id)``."""
        match = "None" if self.match is None else repr(self.match.id)
        extra = f", candidates={[c.id for c in self.candidates]!r}" if self.ambiguous else ""
        return f"AsOf({self.event.id!r} -> {match}{extra})"


# --------------------------------------------------------------------------------------------
# The columnar result


class _Side(Protocol):
    """What the join reads of a timeline: its length, its events by position, its ids."""

    def __len__(self) -> int: ...
    def __getitem__(self, key: int, /) -> Event: ...
    @property
    def ids(self) -> tuple[str, ...]: ...


class AsOfTable(Sequence[AsOf]):
    """The pairs of an as-of join, one per left event, kept as arrays.

    It reads like the tuple of :class:`AsOf` records it stands for (length, indexing, slicing,
    iteration, ``==`` with such a tuple); a record and its events are built only when read.
    The arrays answer without building any: :meth:`match_ids`, :attr:`ambiguous`,
    :attr:`n_candidates`, :meth:`to_pandas`.
    """

    __slots__ = ("_joined", "_left", "_right", "_slot")

    def __init__(self, left: _Side, right: _Side, joined: Joined) -> None:
        """Wrap the join *joined* of timeline *left* to timeline *right*."""
        self._left = left
        self._right = right
        self._joined = joined
        self._slot: Ints | None = None

    @property
    def _slots(self) -> Ints:
        """Per left row, its place among the ambiguous rows, or -1."""
        if self._slot is None:
            rows = self._joined.csr[0]
            slot = np.full(len(self), -1, dtype=np.int64)
            slot[rows] = np.arange(len(rows), dtype=np.int64)
            self._slot = slot
        return self._slot

    # -- the sequence of records -------------------------------------------------------------

    def __len__(self) -> int:
        """Return the number of pairs (the left timeline's length)."""
        return len(self._joined.match)

    def _candidate_rows(self, i: int) -> list[int]:
        s = int(self._slots[i])
        if s < 0:
            m = int(self._joined.match[i])
            return [] if m < 0 else [m]
        _, offsets, indices = self._joined.csr
        lo, hi = offsets[s : s + 2].tolist()
        return indices[lo:hi].tolist()  # type: ignore[no-any-return]

    def _record(self, i: int) -> AsOf:
        m = int(self._joined.match[i])
        right = self._right
        candidates = tuple(right[j] for j in self._candidate_rows(i))
        return AsOf(self._left[i], None if m < 0 else right[m], candidates)

    @overload
    def __getitem__(self, key: int) -> AsOf: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[AsOf, ...]: ...
    def __getitem__(self, key: int | slice) -> AsOf | tuple[AsOf, ...]:
        """Return the pair of the *key*-th left event, or a tuple of pairs for a slice.

        Raises:
            IndexError: a position out of range.
        """
        n = len(self)
        if isinstance(key, slice):
            return tuple(self._record(i) for i in range(*key.indices(n)))
        k = int(key) + n if key < 0 else int(key)
        if not 0 <= k < n:
            msg = f"position {key} is out of range for {n} as-of pairs"
            raise IndexError(msg)
        return self._record(k)

    def __iter__(self) -> Iterator[AsOf]:
        """Yield the pairs in the left timeline's order."""
        return (self._record(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        """Return whether *other* (a table, tuple or list of pairs) holds the same pairs."""
        if not isinstance(other, AsOfTable | tuple | list):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        """Return the hash of the tuple of pairs (equal to that tuple's)."""
        return hash(tuple(self))

    # -- columns -----------------------------------------------------------------------------

    @property
    def match_positions(self) -> Ints:
        """Per left event, the position of its match in the right timeline, or -1."""
        out: Ints = self._joined.match.copy()
        return out

    @property
    def ambiguous(self) -> Bools:
        """Per left event, whether the match depends on fuzzy dates (see :attr:`AsOf.ambiguous`)."""
        out: Bools = self._joined.ambiguous.copy()
        return out

    @property
    def n_candidates(self) -> Ints:
        """Per left event, how many right events may be its match."""
        out: Ints = (self._joined.match >= 0).astype(np.int64)
        rows, offsets, _ = self._joined.csr
        out[rows] = np.diff(offsets)
        return out

    def candidate_positions(self, i: int) -> Ints:
        """Return the right positions of the candidates of the *i*-th left event."""
        return np.asarray(self._candidate_rows(int(i)), dtype=np.int64)

    def match_ids(self) -> npt.NDArray[np.object_]:
        """Return, per left event, the id of its match (None where there is none)."""
        ids = np.asarray(self._right.ids, dtype=object)
        match = self._joined.match
        out = np.full(len(match), None, dtype=object)
        found = match >= 0
        out[found] = ids[match[found]]
        return out

    def to_pandas(self, *, candidates: bool = False) -> pd.DataFrame:
        """Return a DataFrame: ``id``, ``match_id``, ``ambiguous``, ``n_candidates``.

        Args:
            candidates: Add a ``candidates`` column holding each row's candidate ids as a list.
        """
        import pandas as pd  # noqa: PLC0415 - pandas loads only when asked

        data: dict[str, object] = {
            "id": pd.Series(np.asarray(self._left.ids, dtype=object), dtype="str"),
            "match_id": pd.Series(self.match_ids(), dtype="str"),
            "ambiguous": self.ambiguous,
            "n_candidates": self.n_candidates,
        }
        if candidates:
            ids = np.asarray(self._right.ids, dtype=object)
            data["candidates"] = [ids[self._candidate_rows(i)].tolist() for i in range(len(self))]
        return pd.DataFrame(data)

    # -- display -----------------------------------------------------------------------------

    def __repr__(self) -> str:
        """Return the tuple's repr for a short table, else a one-line summary."""
        n = len(self)
        if n <= _SHORT:
            return repr(tuple(self))
        matched = int((self._joined.match >= 0).sum())
        amb = int(self._joined.ambiguous.sum())
        return f"<AsOfTable: {n:,} pairs, {matched:,} matched, {amb:,} ambiguous>"

    def _repr_html_(self) -> str:
        """Return an HTML table of the first and last pairs."""
        outer = self

        class _Rows(Sequence[tuple[str, str, str, str]]):
            def __len__(self) -> int:
                return len(outer)

            @overload
            def __getitem__(self, i: int) -> tuple[str, str, str, str]: ...
            @overload
            def __getitem__(self, i: slice) -> Sequence[tuple[str, str, str, str]]: ...
            def __getitem__(
                self, i: int | slice
            ) -> tuple[str, str, str, str] | Sequence[tuple[str, str, str, str]]:
                if isinstance(i, slice):
                    return [self[k] for k in range(*i.indices(len(self)))]
                pair = outer[i]
                match = "none" if pair.match is None else pair.match.id
                shown = ", ".join(c.id for c in pair.candidates) if pair.ambiguous else ""
                return (pair.event.id, match, shown, "yes" if pair.ambiguous else "")

        title = html.unescape(repr(self)) if len(self) > _SHORT else f"AsOfTable: {len(self)} pairs"
        return table(title, ["event", "match", "candidates", "ambiguous"], _Rows())


# --------------------------------------------------------------------------------------------
# The join of two timelines


class _Prepared:
    """The sides prepared for joins, kept beside the date columns they were built from.

    A :class:`TemporalColumn` belongs to one timeline's index (a view has its own), and its
    arrays never change: what a join builds from one (the left runs, the right side's order
    and lookups) is kept with it, weakly, so that it lives as long as the column. A key also
    names the group codes (a pinned object's id: the category columns they came from) and
    every setting the build read.
    """

    def __init__(
        self,
        left: TemporalColumn,
        right: TemporalColumn,
        groups: tuple[CategoryColumn, CategoryColumn] | None,
    ) -> None:
        self._columns = (left, right)
        self._groups = groups

    def _key(self, side: str, key: tuple[object, ...]) -> tuple[object, ...]:
        if self._groups is None:
            return (side, None, *key)
        mine, theirs = self._groups  # left codes come from both sides' values; right: theirs
        return (side, (id(mine), id(theirs)) if side == "left" else id(theirs), *key)

    def left(self, key: tuple[object, ...], build: Callable[[], LeftRows], /) -> LeftRows:
        """Return the left rows of *key*, built by *build* if there are none."""
        kept = _LEFT.setdefault(self._columns[0], {})
        return _kept(kept, self._key("left", key), lambda: (self._groups, build()))[1]

    def right(self, key: tuple[object, ...], build: Callable[[], Right], /) -> Right:
        """Return the right side of *key*, built by *build* if there is none."""
        kept = _RIGHT.setdefault(self._columns[1], {})
        return _kept(kept, self._key("right", key), lambda: (self._groups, build()))[1]


KEPT: Final = 4
"""At most this many prepared sides (and group codes) are kept per column: the latest ones.

A left timeline joined to many others in turn would otherwise keep something of each."""

_K = TypeVar("_K")
_V = TypeVar("_V")


def _kept(kept: dict[_K, _V], key: _K, make: Callable[[], _V]) -> _V:
    """Return ``kept[key]``, made by *make* if missing (dropping the oldest beyond KEPT)."""
    found = kept.get(key)
    if found is None:
        while len(kept) >= KEPT:
            del kept[next(iter(kept))]
        found = kept[key] = make()
    return found


_Pins: TypeAlias = tuple[CategoryColumn, CategoryColumn] | None
_LEFT: weakref.WeakKeyDictionary[TemporalColumn, dict[tuple[object, ...], tuple[_Pins, LeftRows]]]
_LEFT = weakref.WeakKeyDictionary()
"""Per date column, the left rows prepared from it (with the category columns keyed by id)."""
_RIGHT: weakref.WeakKeyDictionary[TemporalColumn, dict[tuple[object, ...], tuple[_Pins, Right]]]
_RIGHT = weakref.WeakKeyDictionary()
"""Per date column, the right sides prepared from it."""
_CODES: weakref.WeakKeyDictionary[CategoryColumn, dict[int, tuple[CategoryColumn, Groups]]]
_CODES = weakref.WeakKeyDictionary()
"""Per left category column, by the right one's id: the group codes of both and their count."""


def _check_by(by: str) -> None:
    """Raise unless events can be grouped by field *by*."""
    family = known_fields().get(by)
    if family is None:
        col(by)  # raises UnknownFieldError with near matches
    if family == "temporal":
        msg = f"cannot join by {by!r}: it is a date; join on dates with as_of itself"
        raise QueryError(msg)
    if family == "multi":
        msg = f"cannot join by {by!r}: it holds several values per event"
        raise QueryError(msg)


def _by_codes(mine: CategoryColumn, theirs: CategoryColumn) -> Groups:
    """Return group codes shared by both sides (a value only one side has: its own), kept."""
    kept = _CODES.setdefault(mine, {})
    return _kept(kept, id(theirs), lambda: (theirs, _group_codes(mine, theirs)))[1]


def _group_codes(mine: CategoryColumn, theirs: CategoryColumn) -> Groups:
    n = len(theirs.distinct)
    r_codes = theirs.codes.astype(np.int64)
    r_codes[r_codes < 0] = n  # events without a value pair with each other
    table_l = [theirs.lookup.get(v, n + 1) for v in mine.distinct]
    l_map = np.array([*table_l, n], dtype=np.int64)  # code -1 reads the trailing n
    l_codes = l_map[mine.codes]
    n_groups = max(int(l_codes.max(initial=0)), int(r_codes.max(initial=0))) + 1
    return l_codes, r_codes, n_groups


def as_of_table(
    left: _Side,
    right: _Side,
    left_index: Index,
    right_index: Index,
    *,
    by: str | None,
    direction: str,
    allow_exact: bool,
) -> AsOfTable:
    """Join *left* to *right* as-of (see :meth:`Timeline.as_of <aitimeline.Timeline.as_of>`).

    Raises:
        QueryError: an unknown direction, or *by* a date or collection field.
        UnknownFieldError: *by* is no field of any event kind.
    """
    if direction not in ("backward", "forward"):
        msg = f"direction={direction!r} is not 'backward' or 'forward'"
        raise QueryError(msg)
    mine, theirs = left_index.temporal("when"), right_index.temporal("when")
    if by is None:
        groups = categories = None
    else:
        _check_by(by)
        categories = (left_index.category(by), right_index.category(by))
        groups = _by_codes(*categories)
    joined = join_arrays(
        (mine.s_lo, mine.s_hi),
        (theirs.s_lo, theirs.s_hi),
        "backward" if direction == "backward" else "forward",
        allow_exact=allow_exact,
        groups=groups,
        exact_starts=mine.width == 0 and theirs.width == 0,
        memo=_Prepared(mine, theirs, categories),
    )
    return AsOfTable(left, right, joined)
