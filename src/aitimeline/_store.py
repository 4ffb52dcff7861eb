"""Where a timeline's events live: a sorted tuple of events, or sorted rows of cells.

A :class:`Store` is a sorted, id-unique sequence of events that timelines view into (a
filtered timeline is a list of positions into its parent's store). :class:`EventStore` holds
built events; :class:`RowStore` holds the flat row form of ``event_to_row`` (columns of cells
from ``Timeline.from_columns`` or ``from_pandas``) and builds each event the first time it is
read.

**Lazy and eager agree.** A query on a row store never reads a raw cell as a field's value:
the value a query sees is always the value the built event has, for every field of every
kind (``aitimeline._cellfields`` reads them column-wise, one event per distinct key of the
cells a field is read from). Before a row store answers its first query on a field, every
row is checked column-wise; a row that makes no event is refused with the error building it
raises (the first such row in timeline order), so ``country="us"`` is refused, an int title
``1`` is the text ``"1"``. Ids and dates are read straight from the cells, at build time.

**A column of text is an Arrow string array** (``aitimeline._textcells``), ids and dates
included: about 4 bytes of offset plus the UTF-8 text a cell, where an object array keeps a
pointer and a Python ``str`` (some 70 bytes for an id or a title) alive as long as the
store. Ids are checked, dates factorized and rows sorted by Arrow kernels, and
:meth:`Store.arrow_cells` hands the column out with no Python object made (``to_pandas``,
the CSV writer). A column with any other cell (a number, NaN, ``bytes``) stays an object
array, read cell by cell; either way every field reads as ``cell_text`` of the cell (None
is the empty text). The columns are held in timeline order (taken once when the input was
not sorted); :attr:`RowStore.order` keeps each position's input row, for messages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeAlias, TypeVar, cast

import numpy as np
import numpy.typing as npt

from aitimeline._cellfields import CellFields, cell_text
from aitimeline._datecells import plain_dates
from aitimeline._dates import Span, When
from aitimeline._events import ROW_COLUMNS, Event, event_from_row, event_to_row
from aitimeline._index import (
    TYPE_FIELD,
    Column,
    Index,
    TemporalColumn,
    bounds_of,
    factorize,
)
from aitimeline._query import field_value
from aitimeline._textcells import (
    ARROW_ROWS,
    beside,
    is_text_array,
    plain_texts,
    release_unused,
    take_cells,
    take_columns,
    text_array,
    threads_pay,
)
from aitimeline.exceptions import DuplicateIdError, InvalidEventError, TimelineError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "EventStore",
    "RowStore",
    "Store",
    "as_cells",
    "build_row_store",
    "cell_text",
    "row_number",
]

Ints: TypeAlias = npt.NDArray[np.int64]
Objects: TypeAlias = npt.NDArray[np.object_]
Bools: TypeAlias = npt.NDArray[np.bool_]
Cells: TypeAlias = "npt.NDArray[np.object_] | pa.Array"
"""A column's cells: an Arrow string array when every cell is text (or None), else an object
array (which the cyclic garbage collector does not traverse)."""
_T = TypeVar("_T")
RowLabel: TypeAlias = Callable[[int], str]
"""Names input row *r* (0-based) in messages: ``row 5`` for columns, the index label for pandas."""


def row_number(r: int) -> str:
    """Name input row *r* (0-based) the way CSV readers do: ``row 1`` is the first."""
    return f"row {r + 1}"


def _sort_key(event: Event) -> tuple[tuple[int, ...], str]:
    return (event.when.sort_key(), event.id)


def _duplicate_error(event_id: str, first: object, second: object) -> DuplicateIdError:
    return DuplicateIdError(
        f"id={event_id!r} is used by two events ({first} and {second}); "
        "every event in a timeline needs its own id"
    )


class Store:
    """A sorted, id-unique sequence of events that timelines view into."""

    __slots__ = ("_arrow", "_index", "_kept", "_position", "_sorter", "_texts", "ids", "n")

    def __init__(self, ids: Objects | pa.Array) -> None:
        self.ids = ids
        self.n = len(ids)
        self._position: dict[str, int] | None = None
        self._sorter: Ints | None = None
        self._index: Index | None = None
        self._texts: dict[str, Objects | None] = {}
        self._arrow: dict[str, pa.Array | None] = {}
        self._kept: dict[Hashable, object] = {}

    def kept(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """Return ``make()``, made once per store for *key* (a store never changes).

        For what a layer above prepares from the whole store and uses again (a writer's
        parts): *key* names the layer and what the result depends on beside the store.
        """
        if key not in self._kept:
            self._kept[key] = make()
        return cast("_T", self._kept[key])

    def text_cells(self, name: str) -> Objects | None:
        """Return column *name* of the row form as text, in timeline order (kept).

        None when the store has no such column, or (built events) no event a cell in it.
        """
        raise NotImplementedError

    def arrow_cells(self, name: str) -> pa.Array | None:
        """Return :meth:`text_cells` as an Arrow string array, made once per column."""
        if name not in self._arrow:
            cells = self.text_cells(name)  # a row store's all-text column leaves its Arrow form
        if name not in self._arrow:
            import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

            self._arrow[name] = None if cells is None else pa.array(cells.tolist(), pa.string())
        return self._arrow[name]

    def id_list(self, pos: Ints | None = None) -> list[str]:
        """Return the ids at positions *pos* (None: all) in timeline order, as Python text."""
        ids = self.ids
        if isinstance(ids, np.ndarray):
            return (ids if pos is None else ids[pos]).tolist()  # type: ignore[no-any-return]
        import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

        return (ids if pos is None else ids.take(pa.array(pos))).to_pylist()  # type: ignore[no-any-return]

    def id_arrow(self) -> pa.Array:
        """Return the ids in timeline order as an Arrow string array, made once per store.

        A row store holds its ids in Arrow already: they are returned as they are.
        """
        if not isinstance(self.ids, np.ndarray):
            return self.ids
        if "\0id" not in self._arrow:
            import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

            self._arrow["\0id"] = pa.array(self.ids.tolist(), pa.string())
        ids = self._arrow["\0id"]
        assert ids is not None  # noqa: S101 - set just above
        return ids

    def locate(self, ids: Sequence[str] | pa.Array) -> Ints:
        """Return the position of each of *ids* in timeline order, -1 for an id not held.

        One hash join in Arrow (``pyarrow.compute.index_in``), not a lookup per id. The hash
        table is built on the smaller side: for a few ids among many events, on the distinct
        ids asked for, which every id of the store then probes.
        """
        import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
        import pyarrow.compute as pc  # noqa: PLC0415

        wanted = ids if isinstance(ids, pa.Array) else pa.array(list(ids), pa.string())
        if 2 * len(wanted) >= self.n:
            found = pc.index_in(wanted, value_set=self.id_arrow())
            return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        encoded = wanted.dictionary_encode()
        hit = pc.index_in(self.id_arrow(), value_set=encoded.dictionary)
        rows = np.flatnonzero(hit.is_valid().to_numpy(zero_copy_only=False))
        position = np.full(len(encoded.dictionary) + 1, -1, dtype=np.int64)  # last: a null id
        position[hit.drop_null().to_numpy()] = rows
        codes = encoded.indices.fill_null(len(encoded.dictionary)).to_numpy(zero_copy_only=False)
        return position[np.asarray(codes, dtype=np.int64)]

    def event(self, i: int) -> Event:
        """Return the *i*-th event in timeline order."""
        raise NotImplementedError

    def events(self, pos: Ints | None) -> list[Event]:
        """Return the events at positions *pos* (None: every event)."""
        rows = range(self.n) if pos is None else pos.tolist()
        return [self.event(i) for i in rows]

    def values(self, field: str) -> Sequence[object]:
        """Return what predicates see of *field*, one value per event in timeline order."""
        if field == TYPE_FIELD:
            return [type(e) for e in self.events(None)]
        return [field_value(e, field) for e in self.events(None)]

    def prebuilt(self) -> dict[tuple[str, str], Column]:
        """Return index columns built with the store (the dates of a row store)."""
        return {}

    def find(self, event_id: str) -> int | None:
        """Return the position of *event_id* in timeline order, or None if not held.

        Ids held in Arrow are searched by bisection in their sorted order (found once by
        Arrow: 8 bytes a row, no Python object per id), about 20 reads of one id each;
        others through :attr:`position`.
        """
        ids = self.ids
        if isinstance(ids, np.ndarray) or self._position is not None:
            return self.position.get(event_id)
        if self._sorter is None:
            import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

            self._sorter = np.asarray(pc.array_sort_indices(ids).to_numpy(), dtype=np.int64)
        sorter = self._sorter
        lo, hi = 0, len(sorter)
        while lo < hi:  # Python's order of str is Arrow's byte order of UTF-8
            mid = (lo + hi) // 2
            if ids[int(sorter[mid])].as_py() < event_id:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(sorter) and ids[int(sorter[lo])].as_py() == event_id:
            return int(sorter[lo])
        return None

    @property
    def position(self) -> dict[str, int]:
        """Map each id to its position."""
        if self._position is None:
            self._position = {event_id: i for i, event_id in enumerate(self.id_list())}
        return self._position

    @property
    def index(self) -> Index:
        """Return the columnar index, built one column at a time as queries need it."""
        if self._index is None:
            self._index = Index(self.n, self.values, self.prebuilt())
        return self._index


class EventStore(Store):
    """Built events, sorted by date then id."""

    __slots__ = ("_events",)

    def __init__(self, events: Iterable[Event]) -> None:
        ordered = sorted(_events_only(events), key=_sort_key)
        super().__init__(np.array([e.id for e in ordered], dtype=object))
        position: dict[str, int] = {}
        for i, e in enumerate(ordered):
            if e.id in position:
                raise _duplicate_error(e.id, repr(ordered[position[e.id]].title), repr(e.title))
            position[e.id] = i
        self._position = position
        self._events = tuple(ordered)

    def event(self, i: int) -> Event:
        """Return the *i*-th event."""
        return self._events[i]

    def events(self, pos: Ints | None) -> list[Event]:
        """Return the events at positions *pos* (None: every event)."""
        if pos is None:
            return list(self._events)
        events = self._events
        return [events[i] for i in pos.tolist()]

    def text_cells(self, name: str) -> Objects | None:
        """Return column *name* of the events' rows (``event_to_row``), built once per store."""
        if not self._texts:
            rows = [event_to_row(e) for e in self._events]
            for column in ROW_COLUMNS:
                cells = np.fromiter((r[column] for r in rows), dtype=object, count=len(rows))
                self._texts[column] = cells if any(cells.tolist()) else None
        return self._texts.get(name)


def _events_only(items: Iterable[object]) -> list[Event]:
    out: list[Event] = []
    for e in items:
        if not isinstance(e, Event):
            msg = f"{e!r} ({type(e).__name__}) is not an Event; a timeline holds events"
            raise TypeError(msg)
        out.append(e)
    return out


class RowStore(Store):
    """Rows of cells in the flat row form, sorted, materialised into events when read."""

    __slots__ = ("_cache", "_columns", "_fields", "_label", "_prebuilt", "_rows")

    def __init__(
        self,
        columns: dict[str, Cells],
        order: Ints | None,
        prebuilt: dict[tuple[str, str], Column],
        label: RowLabel = row_number,
    ) -> None:
        """Hold *columns*, in timeline order, whose position *i* was input row ``order[i]``."""
        super().__init__(columns["id"])
        self._columns = columns
        self._rows = order
        self._prebuilt = prebuilt
        self._label = label
        self._cache: dict[int, Event] = {}  # sparse: a young list of n slots costs every gc pass
        self._fields = CellFields(columns, order, self.n, self.event)

    @property
    def order(self) -> Ints | None:
        """The input row of each position (None: the rows were already in order)."""
        return self._rows

    @property
    def fields(self) -> CellFields:
        """The column-wise reader of the cells (checks and field values)."""
        return self._fields

    def column(self, name: str) -> list[object] | None:
        """Return a column's cells in timeline order, or None if absent."""
        cells = self._fields.cells(name)
        if cells is None:
            return None
        out: list[object] = cells.tolist() if isinstance(cells, np.ndarray) else cells.to_pylist()
        return out

    def cells(self, name: str, pos: Ints | None) -> Cells | None:
        """Return a column's cells at positions *pos* (None: all), or None if absent."""
        cells = self._columns.get(name)
        if cells is None or pos is None:
            return cells
        return take_cells(cells, pos)

    def text_cells(self, name: str) -> Objects | None:
        """Return a column's cells as text (``cell_text``) in timeline order, kept."""
        if name not in self._texts:
            cells = self.cells(name, None)
            if cells is not None and not isinstance(cells, np.ndarray):
                arrow = self.arrow_cells(name)
                assert arrow is not None  # noqa: S101 - an Arrow column
                texts = np.asarray(arrow.to_numpy(zero_copy_only=False), dtype=object)
            elif cells is not None:
                texts = self._object_texts(name, cells)
            else:
                texts = None
            self._texts[name] = texts
        return self._texts[name]

    def _object_texts(self, name: str, cells: Objects) -> Objects:
        """Return an object column's texts; an all-text one leaves its Arrow form too."""
        arrow = text_array(cells)  # all text (the common case): Arrow reads it at C speed
        if arrow is not None and arrow.null_count == 0:
            self._arrow[name] = arrow
            return cells
        return np.fromiter(map(cell_text, cells.tolist()), dtype=object, count=self.n)

    def arrow_cells(self, name: str) -> pa.Array | None:
        """Return a column's cells as Arrow text in timeline order, made once per column.

        A column held in Arrow is returned as it is (nulls made empty): no Python object.
        """
        if name not in self._arrow:
            cells = self._columns.get(name)
            if cells is not None and not isinstance(cells, np.ndarray):
                self._arrow[name] = plain_texts(cells)
        return super().arrow_cells(name)

    def event(self, i: int) -> Event:
        """Return the *i*-th event, building it from its cells the first time."""
        event = self._cache.get(i)
        if event is None:
            r = i if self._rows is None else int(self._rows[i])
            row = self._fields.row(i)
            event = self._cache[i] = event_from_row(row, where=self._label(r))
        return event

    def prebuilt(self) -> dict[tuple[str, str], Column]:
        """Return the dates, read when the store was built."""
        return self._prebuilt

    @property
    def index(self) -> Index:
        """Return the columnar index; each column built hands Arrow's temporaries back."""
        if self._index is None:
            n = self.n
            self._index = Index(n, self.values, self.prebuilt(), lambda: release_unused(n))
        return self._index

    def values(self, field: str) -> Sequence[object]:
        """Return what predicates see of *field*: the built events' values, never raw cells.

        Every row is checked first (column-wise, see ``aitimeline._cellfields``): a row that
        makes no event is refused as building it refuses it.
        """
        if field == "id":
            self._fields.check()
            return self.id_list()
        return self._fields.values(field)


def _row_error(where: str, column: str, value: object, expected: str) -> InvalidEventError:
    return InvalidEventError(f"{where}, column {column!r}: {value!r} is not {expected}")


def _parse_when_cell(cell: str, *, where: str) -> When | Span:
    if cell.lstrip().startswith("{"):
        probe = {"kind": "event", "id": "probe", "title": "probe", "when": cell}
        return event_from_row(probe, where=where).when
    try:
        return When.parse(cell)
    except TimelineError as e:
        raise _row_error(where, "when", cell, f"a date ({e})") from None


def as_cells(name: str, values: object, n: int | None, *, copy: bool = True) -> Cells:
    """Return a column's cells, checking that it is a sequence of length *n*.

    Cells that are all text (or None) become an Arrow string array (``_textcells``), one
    pass at C speed, from :data:`ARROW_ROWS` cells on; any other column a copy as an object
    array. An object array the
    caller will not change (a reader's own) is kept without a copy when *copy* is False, and
    an Arrow string array is kept as it is (Arrow arrays do not change).
    """
    if is_text_array(values):
        arrow = cast("pa.Array", values)
        if n is not None and len(arrow) != n:
            msg = f"column {name!r} has {len(arrow)} cells; the other columns have {n}"
            raise InvalidEventError(msg)
        return arrow
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | np.ndarray):
        msg = f"column {name!r} is {type(values).__name__}; expected a sequence of cells"
        raise InvalidEventError(msg)
    if n is not None and len(values) != n:
        msg = f"column {name!r} has {len(values)} cells; the other columns have {n}"
        raise InvalidEventError(msg)
    arrow = None
    if len(values) >= ARROW_ROWS and isinstance(values, list | tuple | np.ndarray):
        arrow = text_array(values)
    if arrow is not None:
        release_unused(len(arrow))  # the buffers Arrow grew while it read the cells
        return arrow
    if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1:
        return values.copy() if copy else values  # the caller may change its array later
    items = values.tolist() if isinstance(values, np.ndarray) else values
    return np.fromiter(items, dtype=object, count=len(items))


def _rising(ids: Cells, n: int) -> Bools | None:
    """Return, for ids held in Arrow without a null, whether each is above the one before.

    One comparison of the column with itself shifted, which both :func:`_check_ids` and
    :func:`_id_order` read (ids in ascending order are distinct, and sorted within dates).
    None for ids held as objects or holding a null.
    """
    if isinstance(ids, np.ndarray) or ids.null_count or n < 2:
        return None
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    above = pc.greater(ids.slice(1), ids.slice(0, n - 1))
    return np.asarray(above.to_numpy(zero_copy_only=False), dtype=bool)


def _check_ids(ids: Cells, n: int, label: RowLabel, rising: Bools | None = None) -> None:
    """Reject duplicate and empty ids, naming the rows.

    Ids in ascending order (*rising*: :func:`_rising`) are distinct, and none is empty when
    the first is not. Others held in Arrow are counted and searched by Arrow kernels; the
    rows are named from Python objects only when an id is wrong.
    """
    if rising is not None and rising.all() and ids[0].as_py() != "":
        return
    if not isinstance(ids, np.ndarray):
        import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

        distinct = len(pc.unique(ids))  # a hash table: faster than count_distinct
        empty = ids.null_count > 0 or bool(pc.any(pc.equal(ids, "")).as_py())
        if distinct == n and not empty:
            return
        ids = np.asarray(ids.to_numpy(zero_copy_only=False), dtype=object)
    distinct_ids = set(ids.tolist())
    if len(distinct_ids) != n:
        seen: dict[object, int] = {}
        for r, event_id in enumerate(ids.tolist()):
            if event_id in seen:
                raise _duplicate_error(str(event_id), label(seen[event_id]), label(r))
            seen[event_id] = r
    for bad in ("", None):
        if bad in distinct_ids:
            r = next(r for r, v in enumerate(ids.tolist()) if v is bad or v == bad)
            msg = f"{label(r)}, column 'id': the id is empty; every event needs one"
            raise InvalidEventError(msg)


def _when_codes(when: Cells) -> tuple[npt.NDArray[np.int32], list[object]]:
    """Return a code per row for its date cell (-1: None) and the distinct cells."""
    if isinstance(when, np.ndarray):
        return factorize(when.tolist())
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    encoded = pc.dictionary_encode(when)  # nulls stay null: code -1
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
    return codes, encoded.dictionary.to_pylist()


def _id_order(
    ids: Cells, rank: Ints, n: int, label: RowLabel, rising: Bools | None = None
) -> Ints | None:
    """Return the positions that sort the rows by (*rank*, id); None if they are in order.

    *rising* (:func:`_rising`), if given, says where an id is above the one before it.
    """
    step = np.diff(rank)
    ties = np.flatnonzero(step == 0)
    if isinstance(ids, np.ndarray):
        try:
            in_order = bool((step >= 0).all()) and bool((ids[ties + 1] > ids[ties]).all())
            by_id = None if in_order else np.argsort(ids.astype(str))
        except TypeError:
            r = next(r for r, v in enumerate(ids) if not isinstance(v, str))
            raise _row_error(label(r), "id", ids[r], "a string") from None
    else:  # Arrow's byte order of UTF-8 is Python's code-point order
        import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
        import pyarrow.compute as pc  # noqa: PLC0415

        in_order = bool((step >= 0).all()) and (
            not len(ties)
            or (
                bool(rising[ties].all())
                if rising is not None
                else bool(
                    pc.all(
                        pc.greater(ids.take(pa.array(ties + 1)), ids.take(pa.array(ties)))
                    ).as_py()
                )
            )
        )
        if not in_order:  # ids compared within a date rank only
            table = pa.table({"rank": rank, "id": ids})
            keys = [("rank", "ascending"), ("id", "ascending")]
            return np.asarray(pc.sort_indices(table, sort_keys=keys).to_numpy(), dtype=np.int64)
        by_id = None
    if by_id is None:
        return None
    key = np.empty(n, dtype=np.int64)
    key[by_id] = np.arange(n)
    key += rank * n  # (rank, id) as one integer; ids are distinct
    return np.argsort(key).astype(np.int64)


def _read_dates(
    texts: list[str], codes: npt.NDArray[np.int32], ids: Cells, label: RowLabel
) -> tuple[npt.NDArray[np.int64], list[tuple[int, ...]]]:
    """Return the bounds (k x 5) and sort keys of the distinct date *texts*.

    Plain calendar units are read in bulk (``_datecells``); the others by ``When.parse``. A
    text that is no date is refused naming the first row that holds it (*codes*: the distinct
    text of each row).
    """
    read, first, last, precision = plain_dates(texts)
    bounds = np.empty((len(texts), 5), dtype=np.int64)
    bounds[:, 0] = bounds[:, 2] = first
    bounds[:, 1] = bounds[:, 3] = last
    bounds[:, 4] = 1
    zeros = [0] * len(texts)
    keys: list[tuple[int, ...]] = list(
        zip(first.tolist(), last.tolist(), zeros, precision.tolist(), zeros, zeros, strict=True)
    )
    for k in np.flatnonzero(~read).tolist():
        try:
            parsed = _parse_when_cell(texts[k], where="when")
        except InvalidEventError as e:
            r = int(np.argmax(codes == k))
            msg = f"{label(r)}: event {_cell_at(ids, r)!r}: {e}"
            raise InvalidEventError(msg) from None
        bounds[k] = bounds_of(parsed)
        keys[k] = parsed.sort_key()
    return bounds, keys


def build_row_store(cells: dict[str, Cells], n: int, label: RowLabel = row_number) -> RowStore:
    """Check the ids and dates of the rows, sort them, and return their store.

    Kinds and the other cells are checked when first read (by a query or as an event).
    *label* names a row in messages.
    """
    ids = cells["id"]
    rising = _rising(ids, n)
    check = functools.partial(_check_ids, ids, n, label, rising)
    if (
        isinstance(ids, np.ndarray)
        or not threads_pay(n)
        or (rising is not None and rising.all())  # ascending: no hash table to build
    ):
        check()
        store = _ordered_store(cells, n, label, rising)
    else:  # Arrow's hash table of the ids lets go of the GIL: built beside the dates' work
        # an id's error comes first, as when ids are checked first
        store = beside(check, lambda: _ordered_store(cells, n, label, rising))
    release_unused(n)  # the buffers Arrow grew and the hash tables of the checks
    return store


def _ordered_store(
    cells: dict[str, Cells], n: int, label: RowLabel, rising: Bools | None
) -> RowStore:
    """Read the dates of the rows, sort the rows by (date, id), and return their store."""
    ids = cells["id"]
    when_codes, when_values = _when_codes(cells["when"])
    if (when_codes < 0).any():
        r = int(np.argmax(when_codes < 0))
        expected = f"a date; the cell is empty (event {_cell_at(ids, r)!r})"
        raise _row_error(label(r), "when", "", expected)
    bounds, keys = _read_dates([cell_text(v) for v in when_values], when_codes, ids, label)
    # rank the distinct dates by sort key, then order the rows by (rank, id)
    rank_of = np.empty(len(keys), dtype=np.int64)
    dense, previous = -1, None
    for i in sorted(range(len(keys)), key=keys.__getitem__):
        if keys[i] != previous:  # dates with one sort key share a rank: ids break the tie
            dense, previous = dense + 1, keys[i]
        rank_of[i] = dense
    rank = rank_of[when_codes]
    order = _id_order(ids, rank, n, label, rising) if n > 1 else None
    codes = when_codes if order is None else when_codes[order]
    instants = bool(bounds[:, 4].all())
    s_lo, s_hi = bounds[:, 0][codes], bounds[:, 1][codes]
    # an instant's start and end bounds are one array each: share them
    e_lo, e_hi = (s_lo, s_hi) if instants else (bounds[:, 2][codes], bounds[:, 3][codes])
    when = TemporalColumn.from_arrays(
        s_lo, s_hi, e_lo, e_hi, bounds[:, 4].astype(bool)[codes], np.ones(n, bool)
    )
    ordered = cells if order is None else take_columns(cells, order)
    return RowStore(ordered, order, {("temporal", "when"): when}, label)


def _cell_at(cells: Cells, r: int) -> object:
    """Return cell *r* of a column as given (None for an Arrow null)."""
    return cells[r] if isinstance(cells, np.ndarray) else cells[r].as_py()
