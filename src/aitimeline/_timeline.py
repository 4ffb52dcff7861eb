"""An immutable, date-sorted collection of events with a columnar index.

A :class:`Timeline` holds events sorted by ``(event.when.sort_key(), event.id)``, with unique
ids. It never changes after it is built: every operation returns a new timeline, and timelines
derived from one another share their storage and index (a filtered timeline is a list of
positions into its parent's storage, ``aitimeline._store``).

Queries (:meth:`Timeline.where`, :meth:`Timeline.partition`, ...) run on a columnar index built
lazily, one column at a time, the first time a predicate needs it: numpy arrays of day ordinals
for dates, integer codes for values and bitsets for tags. Because the timeline is sorted by
the earliest possible day, a date range narrows the rows to look at with a binary search before
anything else is evaluated. A timeline built from cells answers exactly as one built from the
same events (``aitimeline._store`` says how).
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, overload

import numpy as np
import numpy.typing as npt

from aitimeline._asof import AsOf, AsOfTable, as_of_table
from aitimeline._counts import Counts, Every, count
from aitimeline._dates import Truth, When
from aitimeline._events import ROW_COLUMNS, Event
from aitimeline._frame import (
    DERIVED_COLUMNS,
    check_derived,
    frame_cells,
    frame_of,
    table_arrow,
    table_columns,
)
from aitimeline._groups import category_codes, category_groups, multi_groups, true_row
from aitimeline._index import Index
from aitimeline._query import TRUE_, Predicate, col, known_fields
from aitimeline._store import (
    Cells,
    EventStore,
    RowStore,
    Store,
    as_cells,
    build_row_store,
    row_number,
)
from aitimeline.exceptions import DuplicateIdError, InvalidEventError, QueryError, UnknownIdError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["AsOf", "AsOfTable", "Counts", "Timeline"]

Ints: TypeAlias = npt.NDArray[np.int64]

_SHOWN: Final = 20
"""How many rows ``str`` and ``_repr_html_`` show at each end of a long timeline."""
_PREFER: Final = ("left", "right", "error")


def _duplicate_error(event_id: str, first: object, second: object) -> DuplicateIdError:
    return DuplicateIdError(
        f"id={event_id!r} is used by two events ({first} and {second}); "
        "every event in a timeline needs its own id"
    )


def _timeline(value: object) -> Timeline:
    if not isinstance(value, Timeline):
        msg = f"other={value!r} is not a Timeline"
        raise QueryError(msg)
    return value


def _predicate(p: object) -> Predicate:
    if not isinstance(p, Predicate):
        msg = (
            f"{p!r} ({type(p).__name__}) is not a predicate; build one with col(), is_a(), tagged()"
        )
        raise QueryError(msg)
    return p


# --------------------------------------------------------------------------------------------
# Timeline


class Timeline:
    """An immutable collection of events, sorted by date then id, with unique ids.

    Build one from any iterable of events; iteration yields them in date order and
    ``timeline[id]`` looks one up by id.

    >>> from aitimeline._events import Release
    >>> tl = Timeline([
    ...     Release(id="deepseek-r1", when="2025-01-20", title="R1", model="R1", country="CN"),
    ...     Release(id="openai-o1", when="2024-12-05", title="o1", model="o1", country="US"),
    ... ])
    >>> tl.ids
    ('openai-o1', 'deepseek-r1')
    >>> tl["deepseek-r1"].country
    'CN'

    Args:
        events: The events, in any order.

    Raises:
        DuplicateIdError: Two events share an id.
    """

    __slots__ = ("_ix", "_pos", "_store")

    _store: Store
    _pos: Ints | None
    _ix: Index | None

    def __init__(self, events: Iterable[Event] = ()) -> None:
        """Sort *events* by date then id, rejecting duplicate ids."""
        object.__setattr__(self, "_store", EventStore(events))
        object.__setattr__(self, "_pos", None)
        object.__setattr__(self, "_ix", None)

    @classmethod
    def _view(cls, store: Store, pos: Ints | None) -> Timeline:
        self = cls.__new__(cls)
        if pos is not None and len(pos) == store.n:
            pos = None
        object.__setattr__(self, "_store", store)
        object.__setattr__(self, "_pos", pos)
        object.__setattr__(self, "_ix", None)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        """Refuse: a timeline never changes."""
        msg = f"Timeline is immutable; cannot set {name!r}: build a new timeline instead"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        """Refuse: a timeline never changes."""
        msg = f"Timeline is immutable; cannot delete {name!r}"
        raise AttributeError(msg)

    # -- building from tables ----------------------------------------------------------------

    @classmethod
    def from_columns(
        cls, columns: Mapping[str, Sequence[str | None] | npt.NDArray[Any]], *, lazy: bool = True
    ) -> Timeline:
        """Build a timeline from columns of cells in the flat row form of ``event_to_row``.

        Ids and dates are read and checked at once. The events themselves are built from their
        cells the first time they are read (``lazy=True``), so building a large timeline costs
        about as much as building a DataFrame; a bad cell elsewhere (an unknown kind, a
        country that is not a code) is reported when its event, or a query that reads its
        column, first reads it. Either way the answers are those of the built events: a query
        never sees a raw cell. Pass ``lazy=False`` to build and check every event now.

        Args:
            columns: Cells keyed by column name (see ``ROW_COLUMNS``); ``id``, ``when`` and
                ``title`` are required, ``kind`` defaults to ``"event"``. None or NaN cells
                count as empty; other non-text cells are read as their ``str``.
            lazy: Whether to defer building the event records.

        Raises:
            InvalidEventError: an unknown or missing column, columns of different lengths, an
                empty id, or a cell that is not a date (with ``lazy=False``: any bad cell);
                the message names the row, the event id and the column.
            DuplicateIdError: two rows share an id.
        """
        return cls._from_cells(columns, lazy=lazy, label=row_number)

    @classmethod
    def _from_cells(
        cls,
        columns: Mapping[str, Sequence[object] | npt.NDArray[Any]],
        *,
        lazy: bool,
        label: Callable[[int], str],
        copy: bool = True,
    ) -> Timeline:
        unknown = [c for c in columns if c not in ROW_COLUMNS and c not in DERIVED_COLUMNS]
        if unknown:
            near = difflib.get_close_matches(str(unknown[0]), ROW_COLUMNS, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            msg = f"column {unknown[0]!r} is not a column of the row form{hint}"
            raise InvalidEventError(msg)
        for required in ("id", "when", "title"):
            if required not in columns:
                msg = f"column {required!r} is missing; the row form needs id, when and title"
                raise InvalidEventError(msg)
        n: int | None = None
        cells: dict[str, Cells] = {}
        for name, values in columns.items():
            if name in DERIVED_COLUMNS:
                continue
            cells[name] = as_cells(name, values, n, copy=copy)
            n = len(cells[name])
        store = build_row_store(cells, n or 0, label)
        timeline = cls._view(store, None)
        if not lazy:
            store.events(None)
        return timeline

    @classmethod
    def from_pandas(
        cls,
        df: pd.DataFrame,
        *,
        lazy: bool = True,
        columns: Mapping[str, str] | None = None,
        kind: str | None = None,
    ) -> Timeline:
        """Build a timeline from a DataFrame in the form :meth:`to_pandas` writes.

        Cells are read as :meth:`from_columns` reads them, with what ``pandas.read_csv`` makes
        of the row form undone: a whole float (``16000.0``, a column of whole numbers with
        gaps) reads as the integer ``16000``, a bool as ``true``/``false``, NaN as empty.

        The columns ``earliest`` and ``latest`` that :meth:`to_pandas` adds are derived from
        ``when``, never read as data: where a cell of theirs is given and differs from what
        ``when`` gives, the row is refused (edit ``when`` instead). Messages name rows by the
        DataFrame's index label and the event id.

        >>> import pandas as pd
        >>> table = pd.DataFrame({"name": ["ChatGPT"], "date": ["2022-11-30"], "id": ["chatgpt"]})
        >>> tl = Timeline.from_pandas(table, columns={"name": "title", "date": "when"},
        ...                           kind="event")
        >>> tl["chatgpt"].title
        'ChatGPT'

        Args:
            df: The table.
            lazy: Whether to defer building the event records (see :meth:`from_columns`).
            columns: Renames, DataFrame column to row-form column, e.g.
                ``{"date": "when"}``; columns not named keep their names.
            kind: The kind of every row, for a table without a ``kind`` column.

        Raises:
            InvalidEventError: as :meth:`from_columns`; also a *kind* given for a table that
                has a kind column, two columns renamed to one, or an ``earliest`` or
                ``latest`` cell that disagrees with ``when``.
            DuplicateIdError: two rows share an id.
        """
        cells, names, label = frame_cells(df, columns, kind)
        timeline = cls._from_cells(cells, lazy=lazy, label=label)
        if {"earliest", "latest"} & set(names):
            store = timeline._store  # noqa: SLF001 - same class
            when = timeline._index.temporal("when")  # noqa: SLF001 - same class
            order = store.order if isinstance(store, RowStore) else None
            check_derived(df, names, label, {"earliest": when.s_lo, "latest": when.e_hi}, order)
        return timeline

    def to_columns(self) -> dict[str, list[str]]:
        """Return the events as columns of cells (``event_to_row``), dropping empty columns.

        The core columns (kind, id, when, title, actors, country, tags) are always present.
        A timeline built from cells, and any view of it, writes its cells back as they were
        given (as text: see :meth:`from_pandas`), taken by position, without building its
        events; the cells of built events are ``event_to_row``'s, made once per storage.
        """
        columns = table_columns(self._store, self._pos)
        return {name: cells.tolist() for name, cells in columns.items()}

    def to_pandas(self) -> pd.DataFrame:
        """Return a DataFrame of the events: one row each, in date order.

        The columns are the cells of ``event_to_row`` (all strings, lossless: empty columns
        dropped), plus ``earliest`` and ``latest``: the first and last possible day of each
        date (of a period: its first possible start and last possible end) as datetime64.
        ``Timeline.from_pandas(tl.to_pandas()) == tl``.
        """
        when, pos = self._store.index.temporal("when"), self._pos  # two gathers, not a view's index
        first, last = (when.s_lo, when.e_hi) if pos is None else (when.s_lo[pos], when.e_hi[pos])
        return frame_of(table_arrow(self._store, pos), first, last)

    def to_arrow(self) -> pa.Table:
        """Return the events as an Arrow table in the columnar layout, in timeline order.

        ``Timeline.from_arrow(tl.to_arrow()) == tl``; see :func:`aitimeline.io.write_parquet`.
        """
        from aitimeline._arrow import to_arrow  # noqa: PLC0415 - pyarrow loads when used

        return to_arrow(self)

    @classmethod
    def from_arrow(cls, table: pa.Table, *, name: str = "<table>") -> Timeline:
        """Build a timeline from an Arrow table in the columnar layout (:meth:`to_arrow`).

        Raises:
            DataFileError: a column or a row does not fit the layout (the message names the
                row, the field and the value).
            DuplicateIdError: two rows share an id.
        """
        from aitimeline._arrow import from_arrow  # noqa: PLC0415 - as above

        return cls(from_arrow(table, name=name))

    # -- sequence protocol -------------------------------------------------------------------

    def __len__(self) -> int:
        """Return the number of events."""
        return self._store.n if self._pos is None else len(self._pos)

    def __iter__(self) -> Iterator[Event]:
        """Yield the events in date order."""
        return iter(self._store.events(self._pos))

    def __reversed__(self) -> Iterator[Event]:
        """Yield the events latest first."""
        return reversed(self._store.events(self._pos))

    def __bool__(self) -> bool:
        """Return whether the timeline has events."""
        return len(self) > 0

    @overload
    def __getitem__(self, key: str) -> Event: ...
    @overload
    def __getitem__(self, key: int) -> Event: ...
    def __getitem__(self, key: str | int) -> Event:
        """Return the event with id *key*, or for an int the *key*-th event in date order.

        Raises:
            UnknownIdError: No event has that id (the message lists near matches).
            IndexError: An int position out of range.
        """
        if isinstance(key, str):
            i = self._locate(key)
            if i is None:
                raise UnknownIdError(self._unknown_id_message(key))
            return self._store.event(i)
        if isinstance(key, bool) or not isinstance(key, int | np.integer):
            msg = f"key={key!r} is neither an event id (str) nor a position (int)"
            raise TypeError(msg)
        n = len(self)
        k = int(key) + n if key < 0 else int(key)
        if not 0 <= k < n:
            msg = f"position {key} is out of range for a timeline of {n} events"
            raise IndexError(msg)
        return self._store.event(k if self._pos is None else int(self._pos[k]))

    def get(self, event_id: str, default: Event | None = None) -> Event | None:
        """Return the event with id *event_id*, or *default*."""
        i = self._locate(event_id)
        return default if i is None else self._store.event(i)

    def _locate(self, event_id: str) -> int | None:
        """Return the store position of *event_id* if this timeline holds it."""
        i = self._store.find(event_id)
        if i is None or self._pos is None:
            return i
        j = int(np.searchsorted(self._pos, i))
        return i if j < len(self._pos) and self._pos[j] == i else None

    def _unknown_id_message(self, event_id: str) -> str:
        ids = self.ids
        near = difflib.get_close_matches(event_id, ids, n=5, cutoff=0.6)
        if not near:
            lowered = event_id.lower()
            near = [i for i in ids if lowered in i.lower()][:5]
        hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
        return f"no event has id={event_id!r} in this timeline of {len(self)} events{hint}"

    def __contains__(self, item: object) -> bool:
        """Return whether *item* (an id, or an event) is in the timeline."""
        if isinstance(item, str):
            return self._locate(item) is not None
        if not isinstance(item, Event):
            return False
        i = self._locate(item.id)
        return i is not None and self._store.event(i) == item

    @property
    def ids(self) -> tuple[str, ...]:
        """The event ids, in date order."""
        return tuple(self._store.id_list(self._pos))

    @property
    def events(self) -> tuple[Event, ...]:
        """The events, in date order."""
        return tuple(self._store.events(self._pos))

    # -- equality ----------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        """Return whether both hold the same events."""
        if not isinstance(other, Timeline):
            return NotImplemented
        if len(self) != len(other):
            return False
        if self._store is other._store:
            a, b = self._pos, other._pos
            return a is b or a is None or b is None or bool(np.array_equal(a, b))
        if self.ids != other.ids:
            return False
        return self.events == other.events

    def __hash__(self) -> int:
        """Return a hash of the ids (equal timelines have equal ids)."""
        return hash(self.ids)

    # -- the index ---------------------------------------------------------------------------

    @property
    def _index(self) -> Index:
        ix = self._ix
        if ix is None:
            base = self._store.index
            ix = base if self._pos is None else base.take(self._pos)
            object.__setattr__(self, "_ix", ix)
        return ix

    def _select(self, rows: Ints) -> Timeline:
        """Return the timeline of this one's rows *rows* (increasing positions)."""
        pos = rows if self._pos is None else self._pos[rows]
        return Timeline._view(self._store, pos)

    def _codes(self, p: Predicate) -> npt.NDArray[np.int8]:
        return _predicate(p).codes(self._index)

    def truth(self, p: Predicate) -> tuple[Truth, ...]:
        """Return the truth of *p* for each event, in date order (vectorised)."""
        return tuple(Truth.from_code(c) for c in self._codes(p).tolist())

    # -- filtering ---------------------------------------------------------------------------

    def where(self, p: Predicate) -> Timeline:
        """Return the events for which *p* is TRUE (as SQL's WHERE does).

        UNKNOWN counts as not selected; use ``where(possibly(p))`` to keep those too.

        Raises:
            QueryError: *p* cannot be evaluated on these events.
        """
        p = _predicate(p)
        ix = self._index
        exact = p._true_rows(ix)  # noqa: SLF001 - the predicate protocol
        if exact is not None:
            return self._select(np.arange(exact[0], exact[1], dtype=np.int64))
        lo, hi = p._rows(ix)  # noqa: SLF001 - the predicate protocol
        lo, hi = max(lo, 0), min(hi, ix.n)
        if lo >= hi:
            return self._select(np.zeros(0, dtype=np.int64))
        found = p._table(ix) if hi - lo == ix.n else None  # noqa: SLF001 - as above
        if found is not None:  # a crisp test of one column: its rows, read without truth codes
            return self._select(np.flatnonzero(ix.category(found[0]).rows(found[1])))
        codes = p._codes(ix.slice(lo, hi))  # noqa: SLF001 - the predicate protocol
        rows = np.flatnonzero(codes == Truth.TRUE.code)
        return self._select(rows + lo if lo else rows)

    def exclude(self, p: Predicate) -> Timeline:
        """Return the events for which *p* is not TRUE: the complement of ``where(p)``.

        Unlike ``where(~p)``, this keeps the events for which *p* is UNKNOWN.
        """
        codes = self._codes(p)
        return self._select(np.flatnonzero(codes != Truth.TRUE.code))

    def partition(self, p: Predicate) -> tuple[Timeline, Timeline, Timeline]:
        """Return the events for which *p* is TRUE, FALSE and UNKNOWN, as three timelines."""
        codes = self._codes(p)
        return (
            self._select(np.flatnonzero(codes == Truth.TRUE.code)),
            self._select(np.flatnonzero(codes == Truth.FALSE.code)),
            self._select(np.flatnonzero(codes == Truth.UNKNOWN.code)),
        )

    def between(self, start: When | str, end: When | str) -> Timeline:
        """Return the events whose dates lie from *start*'s first day to *end*'s last day.

        The same as ``where(col("when").between(start, end))``: both ends inclusive, and
        events that may fall outside the range (a date known only to the year) are left out.
        """
        return self.where(col("when").between(start, end))

    def first(self, p: Predicate = TRUE_) -> Event | None:
        """Return the first event in date order for which *p* is TRUE, or None.

        With fuzzy dates "first" is by the timeline's order (earliest possible day first),
        which never puts an event after one it is certainly before.
        """
        k = true_row(self._index, _predicate(p), last=False)
        return None if k is None else self[k]

    def last(self, p: Predicate = TRUE_) -> Event | None:
        """Return the last event in date order for which *p* is TRUE, or None."""
        k = true_row(self._index, _predicate(p), last=True)
        return None if k is None else self[k]

    # -- set algebra -------------------------------------------------------------------------

    def _positions(self) -> Ints:
        return np.arange(self._store.n, dtype=np.int64) if self._pos is None else self._pos

    def _combine(self, other: Timeline, how: str) -> Timeline:
        if self._store is other._store:
            a, b = self._positions(), other._positions()
            if how == "|":
                pos = np.union1d(a, b)
            elif how == "&":
                pos = np.intersect1d(a, b, assume_unique=True)
            elif how == "-":
                pos = np.setdiff1d(a, b, assume_unique=True)
            else:
                pos = np.setxor1d(a, b, assume_unique=True)
            return Timeline._view(self._store, pos.astype(np.int64))
        mine = {e.id: e for e in self}
        theirs = {e.id: e for e in other}
        for event_id in mine.keys() & theirs.keys():
            if mine[event_id] != theirs[event_id]:
                raise _duplicate_error(event_id, repr(mine[event_id]), repr(theirs[event_id]))
        if how == "|":
            keep = [*mine.values(), *(e for k, e in theirs.items() if k not in mine)]
        elif how == "&":
            keep = [e for k, e in mine.items() if k in theirs]
        elif how == "-":
            keep = [e for k, e in mine.items() if k not in theirs]
        else:
            keep = [e for k, e in mine.items() if k not in theirs]
            keep += [e for k, e in theirs.items() if k not in mine]
        return Timeline(keep)

    def __or__(self, other: object) -> Timeline:
        """Return the events in either timeline (by id).

        Raises:
            DuplicateIdError: the timelines hold different events under one id.
        """
        if not isinstance(other, Timeline):
            return NotImplemented
        return self._combine(other, "|")

    def __and__(self, other: object) -> Timeline:
        """Return the events in both timelines (by id)."""
        if not isinstance(other, Timeline):
            return NotImplemented
        return self._combine(other, "&")

    def __sub__(self, other: object) -> Timeline:
        """Return the events of this timeline that the other lacks (by id)."""
        if not isinstance(other, Timeline):
            return NotImplemented
        return self._combine(other, "-")

    def __xor__(self, other: object) -> Timeline:
        """Return the events in exactly one of the timelines (by id)."""
        if not isinstance(other, Timeline):
            return NotImplemented
        return self._combine(other, "^")

    def merge(
        self, other: Timeline, *, prefer: Literal["left", "right", "error"] = "error"
    ) -> Timeline:
        """Return the events of both timelines, choosing which to keep where an id is in both.

        ``merge(other)`` is ``self | other``: an id that both hold with different events is
        an error. With ``prefer="left"`` this timeline's event is kept, with
        ``prefer="right"`` the other's (to add your own events to the bundled record, or to
        correct some of its events). An event both hold unchanged is kept once, and
        ``a.merge(b, prefer="left") == b.merge(a, prefer="right")``.

        >>> from aitimeline._events import Event
        >>> race = Timeline([Event(id="chatgpt", when="2022-11-30", title="ChatGPT")])
        >>> mine = Timeline([Event(id="chatgpt", when="2022-11-30", title="ChatGPT launched")])
        >>> race.merge(mine, prefer="right")["chatgpt"].title
        'ChatGPT launched'

        Args:
            other: The timeline to merge in.
            prefer: ``"left"`` (keep this timeline's event), ``"right"`` (keep *other*'s) or
                ``"error"``.

        Raises:
            DuplicateIdError: ``prefer="error"`` and both hold different events under one id.
            QueryError: *other* is not a timeline, or *prefer* is not one of the three.
        """
        other = _timeline(other)
        if prefer not in _PREFER:
            msg = f"prefer={prefer!r} is not one of {', '.join(map(repr, _PREFER))}"
            raise QueryError(msg)
        if prefer == "error":
            return self | other
        winner, loser = (self, other) if prefer == "left" else (other, self)
        return winner | (loser - loser.where(col("id").isin(winner.ids)))

    # -- grouping and counting ---------------------------------------------------------------

    def _groups(self, key: str) -> list[tuple[Hashable, Ints]]:
        """Return (value, rows) per distinct value of field *key*, sorted, None last."""
        if self._family(key) == "multi":
            return multi_groups(self._index.multi(key))
        return category_groups(self._index.category(key))

    def group_by(self, key: str | Callable[[Event], Hashable]) -> dict[Hashable, Timeline]:
        """Return a timeline per value of *key*, keys sorted (None last: no value).

        Args:
            key: A field name (an event with several values in a collection field such as
                ``actors`` or ``tags`` goes into each of their groups), or a function of an
                event returning a hashable key.

        Raises:
            UnknownFieldError: no event kind has that field.
            QueryError: the field is a date (group dates with :meth:`counts`).
        """
        if callable(key):
            groups: dict[Hashable, list[int]] = {}
            for i, event in enumerate(self):
                groups.setdefault(key(event), []).append(i)
            keys = sorted(groups, key=_group_order)
            return {k: self._select(np.array(groups[k], dtype=np.int64)) for k in keys}
        return {value: self._select(rows) for value, rows in self._groups(key)}

    def counts(self, by: str | None = None, every: Every = "quarter") -> Counts:
        """Count events per calendar bucket (and per value of *by*), honest about fuzzy dates.

        An event counts in a bucket by the day it happens (a period: the day it starts). Its
        ``low`` count takes only events whose possible days all fall in that bucket; ``high``
        adds those whose possible days cross into it, and ``uncertain`` says how many could
        not be placed. So "2024-Q4" counts a December 2024 release in both, and a release dated
        "2024" only in ``high`` (of all four quarters of 2024).

        Args:
            by: A field to group by (None for one group).
            every: ``"month"``, ``"quarter"`` (calendar quarters, Q1 = Jan-Mar) or ``"year"``.

        Raises:
            QueryError: an unknown bucket size, or a date field as *by*.
        """
        return count(self._index.temporal("when"), self._group_codes(by), by, every)

    def _group_codes(
        self, by: str | None
    ) -> tuple[tuple[Hashable, ...], Ints] | list[tuple[Hashable, Ints]]:
        """Return (group keys, group code per row) for a scalar field, or rows per group."""
        if by is None:
            return ((None,), np.zeros(len(self), dtype=np.int64))
        if self._family(by) == "multi":
            return self._groups(by)
        return category_codes(self._index.category(by))

    def _family(self, key: str) -> str:
        family = known_fields().get(key)
        if family is None:
            col(key)  # raises UnknownFieldError with near matches
        if family == "temporal":
            msg = f"cannot group by {key!r}: dates are fuzzy; use counts(every=...) instead"
            raise QueryError(msg)
        return str(family)

    # -- as-of joins -------------------------------------------------------------------------

    def as_of(
        self,
        other: Timeline,
        *,
        by: str | None = None,
        direction: Literal["backward", "forward"] = "backward",
        allow_exact: bool = True,
    ) -> AsOfTable:
        """Pair each event with the latest (or next) event of *other*, like ``merge_asof``.

        ``backward`` pairs an event with the last event of *other* on or before its day
        (strictly before if not *allow_exact*); ``forward`` with the first on or after it.
        Events are placed by the day they happen (periods: the day they start). With *by*,
        only events with equal values of that field pair up.

        Events on the same day tie by timeline order: going backward the last of them is the
        match, going forward the first, as ``pandas.merge_asof`` picks on exact dates. For
        fuzzy dates the match is only taken from events certainly on the right side, and
        :attr:`AsOf.candidates` lists every event that is the match in at least one
        completion of the dates (the law is in ``aitimeline._asof``). The result is an
        :class:`AsOfTable`: a sequence of :class:`AsOf` built from arrays, in O(n log n).

        Raises:
            QueryError: an unknown direction, or *by* a date or collection field.
        """
        other = _timeline(other)
        return as_of_table(
            self,
            other,
            self._index,
            other._index,  # noqa: SLF001 - same class
            by=by,
            direction=direction,
            allow_exact=allow_exact,
        )

    # -- display -----------------------------------------------------------------------------

    def __repr__(self) -> str:
        """Return ``<Timeline: n events, first date … last date>``."""
        n = len(self)
        if n == 0:
            return "<Timeline: 0 events>"
        noun = "event" if n == 1 else "events"
        return f"<Timeline: {n} {noun}, {self[0].when} \N{HORIZONTAL ELLIPSIS} {self[-1].when}>"

    def _table_rows(self) -> tuple[list[tuple[str, str, str, str, str]], int]:
        """Return display rows (date, id, kind, country, title) and how many were skipped."""
        n = len(self)
        shown = list(range(n)) if n <= 3 * _SHOWN else [*range(_SHOWN), *range(n - _SHOWN, n)]
        rows = []
        for k in shown:
            e = self[k]
            rows.append((str(e.when), e.id, e.kind, e.country or "", e.title))
        return rows, n - len(shown)

    def __str__(self) -> str:
        """Return a text table of the events (the first and last 20 of a long timeline)."""
        rows, skipped = self._table_rows()
        header = ("date", "id", "kind", "country", "title")
        widths = [max([len(h)] + [len(r[c]) for r in rows]) for c, h in enumerate(header[:-1])]

        def line(r: tuple[str, ...]) -> str:
            cells = [v.ljust(w) for v, w in zip(r[:-1], widths, strict=False)]
            return "  ".join([*cells, r[-1]]).rstrip()

        out = [repr(self), line(header)]
        for k, r in enumerate(rows):
            if skipped and k == _SHOWN:
                out.append(f"\N{HORIZONTAL ELLIPSIS} {skipped} more events \N{HORIZONTAL ELLIPSIS}")
            out.append(line(r))
        return "\n".join(out)

    def _repr_html_(self) -> str:
        """Return an HTML table for Jupyter notebooks."""
        rows, skipped = self._table_rows()
        esc = html.escape
        head = "".join(f"<th>{h}</th>" for h in ("date", "id", "kind", "country", "title"))
        body = []
        for k, r in enumerate(rows):
            if skipped and k == _SHOWN:
                body.append(
                    f'<tr><td colspan="5">\N{HORIZONTAL ELLIPSIS} {skipped} more events</td></tr>'
                )
            body.append("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in r) + "</tr>")
        return (
            f"<div><p>{esc(repr(self))}</p>"
            f'<table class="aitimeline"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )


def _group_order(key: object) -> tuple[int, str, object]:
    if key is None:
        return (2, "", "")
    try:
        _ = [key, key].sort()  # probing orderability
    except TypeError:
        return (1, type(key).__name__, repr(key))
    return (0, type(key).__name__, key)
