"""An immutable, date-sorted collection of events with a columnar index.

A :class:`Timeline` holds events sorted by ``(event.when.sort_key(), event.id)``, with unique
ids. It never changes after it is built: every operation returns a new timeline, and timelines
derived from one another share their storage and index (a filtered timeline is a list of
positions into its parent's storage).

Queries (:meth:`Timeline.where`, :meth:`Timeline.partition`, ...) run on a columnar index built
lazily, one column at a time, the first time a predicate needs it: numpy arrays of day ordinals
for dates, integer codes for values and bitsets for tags. Because the timeline is sorted by
the earliest possible day, a date range narrows the rows to look at with a binary search before
anything else is evaluated.
"""

from __future__ import annotations

import difflib
import gc
import html
import json
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, overload

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._dates import Span, Truth, When
from aitimeline._events import ROW_COLUMNS, Event, event_from_row, event_to_row
from aitimeline._index import (
    MISSING,
    TYPE_FIELD,
    CategoryColumn,
    Column,
    Index,
    MultiColumn,
    TemporalColumn,
    bounds_of,
    factorize,
)
from aitimeline._query import (
    TRUE_,
    Predicate,
    col,
    field_value,
    kinds,
    known_fields,
)
from aitimeline.exceptions import (
    DuplicateIdError,
    InvalidEventError,
    QueryError,
    TimelineError,
    UnknownIdError,
)

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["AsOf", "Counts", "Timeline"]

Ints: TypeAlias = npt.NDArray[np.int64]
Objects: TypeAlias = npt.NDArray[np.object_]

_SHOWN: Final = 20
"""How many rows ``str`` and ``_repr_html_`` show at each end of a long timeline."""
_DERIVED_COLUMNS: Final = ("earliest", "latest")
"""Columns :meth:`Timeline.to_pandas` adds and :meth:`Timeline.from_pandas` ignores."""
_EPOCH_ORDINAL: Final = 719163
"""``datetime.date(1970, 1, 1).toordinal()``: day 0 of numpy's datetime64."""


def _sort_key(event: Event) -> tuple[tuple[int, ...], str]:
    return (event.when.sort_key(), event.id)


def _duplicate_error(event_id: str, first: object, second: object) -> DuplicateIdError:
    return DuplicateIdError(
        f"id={event_id!r} is used by two events ({first} and {second}); "
        "every event in a timeline needs its own id"
    )


# --------------------------------------------------------------------------------------------
# Storage: sorted events, or sorted rows of cells materialised on demand


class _Store:
    """A sorted, id-unique sequence of events that timelines view into."""

    __slots__ = ("_index", "_position", "ids", "n")

    def __init__(self, ids: Objects) -> None:
        self.ids = ids
        self.n = len(ids)
        self._position: dict[str, int] | None = None
        self._index: Index | None = None

    def event(self, i: int) -> Event:
        raise NotImplementedError

    def events(self, pos: Ints | None) -> list[Event]:
        rows = range(self.n) if pos is None else pos.tolist()
        return [self.event(i) for i in rows]

    def values(self, field: str) -> Sequence[object]:
        if field == TYPE_FIELD:
            return [type(e) for e in self.events(None)]
        return [field_value(e, field) for e in self.events(None)]

    def prebuilt(self) -> dict[tuple[str, str], Column]:
        return {}

    @property
    def position(self) -> dict[str, int]:
        if self._position is None:
            self._position = {event_id: i for i, event_id in enumerate(self.ids.tolist())}
        return self._position

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = Index(self.n, self.values, self.prebuilt())
        return self._index


class _EventStore(_Store):
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
        return self._events[i]

    def events(self, pos: Ints | None) -> list[Event]:
        if pos is None:
            return list(self._events)
        events = self._events
        return [events[i] for i in pos.tolist()]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from pandas  # noqa: PLR0124
        return ""
    return value if isinstance(value, str) else str(value)


def _items(cell: str, *, where: str) -> tuple[str, ...]:
    """Read a list cell as :func:`event_to_row` writes it (``a; b``, or a JSON list)."""
    if not cell.strip():
        return ()
    if cell.lstrip().startswith("["):
        try:
            items = json.loads(cell)
        except json.JSONDecodeError:
            msg = f"{where}: {cell!r} is not a JSON list"
            raise InvalidEventError(msg) from None
        return tuple(str(i) for i in items)
    return tuple(part.strip() for part in cell.split(";"))


def _timeline(value: object) -> Timeline:
    if not isinstance(value, Timeline):
        msg = f"other={value!r} is not a Timeline"
        raise QueryError(msg)
    return value


def _events_only(items: Iterable[object]) -> list[Event]:
    out: list[Event] = []
    for e in items:
        if not isinstance(e, Event):
            msg = f"{e!r} ({type(e).__name__}) is not an Event; a timeline holds events"
            raise TypeError(msg)
        out.append(e)
    return out


def _predicate(p: object) -> Predicate:
    if not isinstance(p, Predicate):
        msg = (
            f"{p!r} ({type(p).__name__}) is not a predicate; build one with col(), is_a(), tagged()"
        )
        raise QueryError(msg)
    return p


class _RowStore(_Store):
    """Rows of cells in the flat row form, sorted, materialised into events when read."""

    __slots__ = ("_cache", "_columns", "_prebuilt", "_rows")

    def __init__(
        self,
        columns: dict[str, tuple[object, ...]],
        ids: Objects,
        order: Ints | None,
        prebuilt: dict[tuple[str, str], Column],
    ) -> None:
        super().__init__(ids if order is None else ids[order])
        self._columns = columns
        self._rows = order
        self._prebuilt = prebuilt
        self._cache: list[Event | None] = [None] * self.n

    def column(self, name: str) -> list[object] | None:
        """Return a column's cells in timeline order, or None if absent."""
        cells = self._columns.get(name)
        if cells is None:
            return None
        if self._rows is None:
            return list(cells)
        return np.asarray(cells, dtype=object)[self._rows].tolist()  # type: ignore[no-any-return]

    def event(self, i: int) -> Event:
        event = self._cache[i]
        if event is None:
            r = i if self._rows is None else int(self._rows[i])
            row = {name: _cell(cells[r]) for name, cells in self._columns.items()}
            row["kind"] = row.get("kind") or "event"
            event = self._cache[i] = event_from_row(row, where=f"row {r + 1}")
        return event

    def prebuilt(self) -> dict[tuple[str, str], Column]:
        return self._prebuilt

    def values(self, field: str) -> Sequence[object]:
        fast = self._fast_values(field)
        return super().values(field) if fast is None else fast

    def _fast_values(self, field: str) -> Sequence[object] | None:
        """Read the fields that the cells hold verbatim without building events."""
        if field == "id":
            return self.ids.tolist()  # type: ignore[no-any-return]
        if field in ("title", "country"):
            cells = self.column(field)
            if cells is None:
                return None if field == "title" else [MISSING] * self.n
            if field == "title":
                return cells
            return [_cell(c) or MISSING for c in cells]
        if field in ("kind", TYPE_FIELD):
            return self._kinds(as_types=field == TYPE_FIELD)
        if field == "actors":
            cells = self.column("actors")
            if cells is None:
                return [()] * self.n
            return _map_unique(cells, lambda c: _items(_cell(c), where="actors"))
        if field == "tags":
            return self._tags()
        return None

    def _kinds(self, *, as_types: bool) -> list[object]:
        cells = self.column("kind")
        if cells is None:
            return [Event if as_types else "event"] * self.n
        table = kinds()

        def kind(cell: object) -> object:
            name = _cell(cell) or "event"
            cls = table.get(name)
            if cls is None:
                r = cells.index(cell)
                expected = ", ".join(sorted(table))
                where, expected = f"row {r + 1}", f"an event kind ({expected})"
                raise _row_error(where, "kind", cell, expected)
            return cls if as_types else name

        return _map_unique(cells, kind)

    def _tags(self) -> list[object]:
        # Release copies capabilities into tags and adds "open-weights" when open_weights.
        names = ("kind", "tags", "capabilities", "open_weights")
        parts = [self.column(name) or [""] * self.n for name in names]

        def tags(key: tuple[object, object, object, object]) -> frozenset[str]:
            kind, tag_cell, capability_cell, open_cell = map(_cell, key)
            out = set(_items(tag_cell, where="tags"))
            if kind == "release":
                out |= set(_items(capability_cell, where="capabilities"))
                if open_cell.strip().lower() == "true":
                    out.add("open-weights")
            return frozenset(out)

        return _map_unique(list(zip(*parts, strict=True)), tags)


def _map_unique(values: Sequence[Any], fn: Callable[[Any], object]) -> list[object]:
    codes, uniques = factorize(values)
    mapped = [fn(u) for u in uniques]
    return [mapped[c] for c in codes.tolist()]


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


def _as_cells(name: str, values: object, n: int | None) -> tuple[object, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | np.ndarray):
        msg = f"column {name!r} is {type(values).__name__}; expected a sequence of cells"
        raise InvalidEventError(msg)
    cells = tuple(values.tolist() if isinstance(values, np.ndarray) else values)
    if n is not None and len(cells) != n:
        msg = f"column {name!r} has {len(cells)} cells; the other columns have {n}"
        raise InvalidEventError(msg)
    return cells


# --------------------------------------------------------------------------------------------
# Results


@attrs.frozen(repr=False)
class AsOf:
    """One event paired with the latest (or next) event of another timeline.

    With exact dates ``match`` is the event ``pandas.merge_asof`` would pick. With fuzzy dates
    ``match`` is the last (first, going forward) event that is *certainly* on the right side,
    and ``candidates`` lists every event that is the match in at least one completion of the
    dates (a superset); ``ambiguous`` tells whether the answer depends on the fuzzy dates.
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

    def __repr__(self) -> str:
        """Return ``AsOf(event id -> match id)``."""
        match = "None" if self.match is None else repr(self.match.id)
        extra = f", candidates={[c.id for c in self.candidates]!r}" if self.ambiguous else ""
        return f"AsOf({self.event.id!r} -> {match}{extra})"


Every: TypeAlias = Literal["month", "quarter", "year"]
_EVERY: Final = ("month", "quarter", "year")


def _bucket(ordinals: Ints, every: Every) -> Ints:
    """Return the month, quarter or year number (since 1970) of each day ordinal."""
    months = (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[M]")
    m = months.astype(np.int64)
    if every == "month":
        return m
    return m // 3 if every == "quarter" else m // 12


def _buckets(ordinals: Ints, every: Every) -> Ints:
    """Return :func:`_bucket` of many ordinals, through a table of the days they span."""
    if len(ordinals) == 0:
        return np.zeros(0, dtype=np.int64)
    lo, hi = int(ordinals.min()), int(ordinals.max())
    if hi - lo > max(len(ordinals), 1000):
        return _bucket(ordinals, every)
    table = _bucket(np.arange(lo, hi + 1, dtype=np.int64), every)
    out: Ints = table[ordinals - lo]
    return out


def _tally(
    codes: Ints,
    groups: int,
    b_lo: Ints,
    b_hi: Ints,
    placed: npt.NDArray[np.bool_] | None,
    first: int,
    width: int,
) -> tuple[Ints, Ints, Ints]:
    """Return low and high counts (groups x width, flattened) and uncertain counts per group."""
    if width == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(groups, dtype=np.int64)
    cells = groups * width
    if placed is None:  # every start is one known day
        low = np.bincount(codes * width + (b_lo - first), minlength=cells)
        return low, low, np.zeros(groups, dtype=np.int64)
    sure = placed
    low = np.bincount(codes[sure] * width + (b_lo[sure] - first), minlength=cells)
    spread = ~sure
    diff = np.zeros((groups, width + 1), dtype=np.int64)
    g = codes[spread]
    np.add.at(diff, (g, np.clip(b_lo[spread] - first, 0, width)), 1)
    np.add.at(diff, (g, np.clip(b_hi[spread] - first + 1, 0, width)), -1)
    high = low + np.cumsum(diff, axis=1)[:, :width].reshape(-1)
    return low, high, np.bincount(g, minlength=groups)


def _bucket_label(b: int, every: Every) -> str:
    if every == "year":
        return str(1970 + b)
    if every == "quarter":
        year, q = divmod(b, 4)
        return f"{1970 + year}-Q{q + 1}"
    year, m = divmod(b, 12)
    return f"{1970 + year}-{m + 1:02d}"


@attrs.frozen(repr=False)
class Counts:
    """Event counts per group and calendar bucket, honest about fuzzy dates.

    An event is counted by the day it happens (a period by its start). ``low[g][b]`` counts
    the events of group ``g`` that certainly fall in bucket ``b``; ``high[g][b]`` adds those
    that may (their date range crosses a bucket boundary). For exact dates the two agree.
    ``uncertain[g]`` is how many events of group ``g`` could not be placed in one bucket.
    """

    by: str | None
    """The field grouped by (None: one group, ``None``)."""
    every: Every
    """The bucket size."""
    groups: tuple[Hashable, ...]
    """The group keys, sorted (None last: events without a value)."""
    buckets: tuple[str, ...]
    """The bucket labels, in order: ``'2024-09'``, ``'2024-Q3'`` or ``'2024'``."""
    low: tuple[tuple[int, ...], ...]
    """Events certainly in each bucket, per group."""
    high: tuple[tuple[int, ...], ...]
    """Events possibly in each bucket, per group."""
    uncertain: tuple[int, ...]
    """Events per group whose date spans more than one bucket."""

    def __getitem__(self, key: tuple[Hashable, str]) -> tuple[int, int]:
        """Return ``(low, high)`` for ``(group, bucket)``; (0, 0) for a bucket with no events.

        Raises:
            KeyError: the group is not one of :attr:`groups`.
        """
        group, bucket = key
        if group not in self.groups:
            msg = f"group={group!r} is not one of {list(self.groups)!r}"
            raise KeyError(msg)
        g = self.groups.index(group)
        if bucket not in self.buckets:
            return (0, 0)
        b = self.buckets.index(bucket)
        return (self.low[g][b], self.high[g][b])

    def definite(self) -> dict[tuple[Hashable, str], int]:
        """Return the non-zero certain counts keyed by ``(group, bucket)``."""
        return {
            (g, b): n
            for g, row in zip(self.groups, self.low, strict=True)
            for b, n in zip(self.buckets, row, strict=True)
            if n
        }

    def to_pandas(self) -> pd.DataFrame:
        """Return a long table with columns *by* (or ``group``), ``bucket``, ``low``, ``high``."""
        import pandas as pd  # noqa: PLC0415 - pandas is optional

        rows = [
            (g, b, lo, hi)
            for g, los, his in zip(self.groups, self.low, self.high, strict=True)
            for b, lo, hi in zip(self.buckets, los, his, strict=True)
            if hi
        ]
        return pd.DataFrame(rows, columns=[self.by or "group", "bucket", "low", "high"])

    def __repr__(self) -> str:
        """Return a short summary."""
        total = sum(map(sum, self.low))
        return (
            f"<Counts by={self.by!r} every={self.every!r}: {len(self.groups)} groups, "
            f"{len(self.buckets)} buckets, {total} events placed, {sum(self.uncertain)} uncertain>"
        )


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

    _store: _Store
    _pos: Ints | None
    _ix: Index | None

    def __init__(self, events: Iterable[Event] = ()) -> None:
        """Sort *events* by date then id, rejecting duplicate ids."""
        object.__setattr__(self, "_store", _EventStore(events))
        object.__setattr__(self, "_pos", None)
        object.__setattr__(self, "_ix", None)

    @classmethod
    def _view(cls, store: _Store, pos: Ints | None) -> Timeline:
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
        column, first reads it. Pass ``lazy=False`` to build and check every event now.

        Args:
            columns: Cells keyed by column name (see ``ROW_COLUMNS``); ``id``, ``when`` and
                ``title`` are required, ``kind`` defaults to ``"event"``. None or NaN cells
                count as empty.
            lazy: Whether to defer building the event records.

        Raises:
            InvalidEventError: an unknown or missing column, columns of different lengths, an
                empty id, or a cell that is not a date (with ``lazy=False``: any bad cell);
                the message names the row and column.
            DuplicateIdError: two rows share an id.
        """
        unknown = [c for c in columns if c not in ROW_COLUMNS and c not in _DERIVED_COLUMNS]
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
        cells: dict[str, tuple[object, ...]] = {}
        for name, values in columns.items():
            if name in _DERIVED_COLUMNS:
                continue
            cells[name] = _as_cells(name, values, n)
            n = len(cells[name])
        collecting = gc.isenabled()
        gc.disable()  # bulk allocation: the cyclic collector would rescan the columns often
        try:
            store = _build_row_store(cells, n or 0)
        finally:
            if collecting:
                gc.enable()
        timeline = cls._view(store, None)
        if not lazy:
            store.events(None)
        return timeline

    @classmethod
    def from_pandas(cls, df: pd.DataFrame, *, lazy: bool = True) -> Timeline:
        """Build a timeline from a DataFrame in the form :meth:`to_pandas` writes.

        The columns ``earliest`` and ``latest`` that :meth:`to_pandas` adds are ignored.

        Raises:
            InvalidEventError: as :meth:`from_columns`.
            DuplicateIdError: two rows share an id.
        """
        # NaN cells (pandas' missing value) count as empty, as None does
        columns = {
            str(name): df[name].to_numpy(dtype=object)
            for name in df.columns
            if str(name) not in _DERIVED_COLUMNS
        }
        return cls.from_columns(columns, lazy=lazy)

    def to_columns(self) -> dict[str, list[str]]:
        """Return the events as columns of cells (``event_to_row``), dropping empty columns.

        The core columns (kind, id, when, title, actors, country, tags) are always present.
        """
        store = self._store
        if isinstance(store, _RowStore) and self._pos is None:
            out = {}
            for name in ROW_COLUMNS:
                cells = store.column(name)
                if cells is not None:
                    out[name] = [_cell(c) for c in cells]
            return out
        rows = [event_to_row(e) for e in self]
        core = ROW_COLUMNS[:7]
        return {
            name: [r[name] for r in rows]
            for name in ROW_COLUMNS
            if name in core or any(r[name] for r in rows)
        }

    def to_pandas(self) -> pd.DataFrame:
        """Return a DataFrame of the events: one row each, in date order.

        The columns are the cells of ``event_to_row`` (all strings, lossless: empty columns
        dropped), plus ``earliest`` and ``latest``: the first and last possible day of each
        date (of a period: its first possible start and last possible end) as datetime64.
        ``Timeline.from_pandas(tl.to_pandas()) == tl``.
        """
        import pandas as pd  # noqa: PLC0415 - pandas is optional

        df = pd.DataFrame(self.to_columns())
        when = self._index.temporal("when")
        df["earliest"] = (
            (when.s_lo - _EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[s]")
        )
        df["latest"] = (when.e_hi - _EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[s]")
        return df

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
        i = self._store.position.get(event_id)
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
        ids = self._store.ids if self._pos is None else self._store.ids[self._pos]
        return tuple(ids.tolist())

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
        found = self.where(p)
        return found[0] if found else None

    def last(self, p: Predicate = TRUE_) -> Event | None:
        """Return the last event in date order for which *p* is TRUE, or None."""
        found = self.where(p)
        return found[-1] if found else None

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

    # -- grouping and counting ---------------------------------------------------------------

    def _groups(self, key: str) -> list[tuple[Hashable, Ints]]:
        """Return (value, rows) per distinct value of field *key*, sorted, None last."""
        family = self._family(key)
        ix = self._index
        out: list[tuple[Hashable, Ints]] = []
        if family == "multi":
            multi: MultiColumn = ix.multi(key)
            for value in multi.distinct:
                rows = np.flatnonzero(multi.has_any([value]))
                if len(rows):
                    out.append((value, rows))
            empty = np.flatnonzero(~(multi.bits != 0).any(axis=1))
            if len(empty):
                out.append((None, empty))
            return out
        category: CategoryColumn = ix.category(key)
        codes = category.codes
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(-1, len(category.distinct) + 1))
        for code in range(len(category.distinct)):
            rows = np.sort(order[bounds[code + 1] : bounds[code + 2]])
            if len(rows):
                value = category.distinct[code]
                out.append((value, rows))
        missing = order[bounds[0] : bounds[1]]
        if len(missing):
            out.append((None, np.sort(missing)))
        return out

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
        if every not in _EVERY:
            msg = f"every={every!r} is not a bucket size; expected one of {', '.join(_EVERY)}"
            raise QueryError(msg)
        when: TemporalColumn = self._index.temporal("when")
        b_lo = _buckets(when.s_lo, every)
        b_hi = b_lo if when.width == 0 else _buckets(when.s_hi, every)
        placed = b_lo == b_hi if when.width else None
        # the buckets shown: from the first to the last one an event may fall in, open ends aside
        finite = (when.s_lo > _MIN_FINITE) & (when.s_hi < _MAX_FINITE)
        ends = [b_lo[finite], b_hi[finite]]
        if placed is not None:
            ends.append(b_lo[placed])
        edges = np.concatenate(ends) if len(self) else np.zeros(0, dtype=np.int64)
        first = int(edges.min()) if len(edges) else 0
        width = int(edges.max()) - first + 1 if len(edges) else 0
        labels = tuple(_bucket_label(b, every) for b in range(first, first + width))
        group_rows = self._group_codes(by)
        if isinstance(group_rows, tuple):
            keys, codes = group_rows
            low, high, uncertain = _tally(codes, len(keys), b_lo, b_hi, placed, first, width)
        else:  # a collection field: an event counts once in each of its values' groups
            keys = tuple(k for k, _ in group_rows)
            low_rows, high_rows, unc = [], [], []
            for _, rows in group_rows:
                lo, hi, un = _tally(
                    np.zeros(len(rows), dtype=np.int64),
                    1,
                    b_lo[rows],
                    b_hi[rows],
                    None if placed is None else placed[rows],
                    first,
                    width,
                )
                low_rows.append(lo)
                high_rows.append(hi)
                unc.append(int(un[0]))
            empty = np.zeros(0, dtype=np.int64)
            low = np.concatenate(low_rows) if low_rows else empty
            high = np.concatenate(high_rows) if high_rows else empty
            uncertain = np.array(unc, dtype=np.int64)
        return Counts(
            by,
            every,
            keys,
            labels,
            tuple(tuple(r) for r in low.reshape(len(keys), width).tolist()),
            tuple(tuple(r) for r in high.reshape(len(keys), width).tolist()),
            tuple(np.asarray(uncertain).tolist()),
        )

    def _group_codes(
        self, by: str | None
    ) -> tuple[tuple[Hashable, ...], Ints] | list[tuple[Hashable, Ints]]:
        """Return (group keys, group code per row) for a scalar field, or rows per group."""
        if by is None:
            return ((None,), np.zeros(len(self), dtype=np.int64))
        family = self._family(by)
        if family == "multi":
            return self._groups(by)
        category = self._index.category(by)
        codes = category.codes.astype(np.int64)
        used = np.bincount(codes + 1, minlength=len(category.distinct) + 1)
        keys: list[Hashable] = [v for v, k in zip(category.distinct, used[1:], strict=True) if k]
        remap = np.full(len(category.distinct) + 1, -1, dtype=np.int64)
        remap[np.flatnonzero(used[1:]) + 1] = np.arange(len(keys))
        codes = remap[codes + 1]
        if used[0]:
            codes[codes < 0] = len(keys)
            keys.append(None)
        return (tuple(keys), codes)

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
    ) -> tuple[AsOf, ...]:
        """Pair each event with the latest (or next) event of *other*, like ``merge_asof``.

        ``backward`` pairs an event with the last event of *other* on or before its day
        (strictly before if not *allow_exact*); ``forward`` with the first on or after it.
        Events are placed by the day they happen (periods: the day they start). With *by*,
        only events with equal values of that field pair up.

        For exact dates the match is the one ``pandas.merge_asof`` picks (on ties, the last
        of the tied events going backward, the first going forward, in timeline order). For
        fuzzy dates the match is only taken from events certainly on the right side, and
        :attr:`AsOf.candidates` lists every event that may be the match.

        Raises:
            QueryError: an unknown direction, or *by* a date or collection field.
        """
        other = _timeline(other)
        if direction not in ("backward", "forward"):
            msg = f"direction={direction!r} is not 'backward' or 'forward'"
            raise QueryError(msg)
        left: list[tuple[Hashable, Ints]]
        right: dict[Hashable, Ints]
        if by is None:
            left = [(None, np.arange(len(self), dtype=np.int64))]
            right = {None: np.arange(len(other), dtype=np.int64)}
        else:
            if known_fields().get(by) == "multi":
                msg = f"cannot join by {by!r}: it holds several values per event"
                raise QueryError(msg)
            left = self._groups(by)
            right = dict(other._groups(by))  # noqa: SLF001 - same class
        mine = self._index.temporal("when")
        theirs = other._index.temporal("when")  # noqa: SLF001 - same class
        results: dict[int, AsOf] = {}
        for key, rows in left:
            candidates = right.get(key)
            if candidates is None or len(candidates) == 0:
                for r in rows.tolist():
                    results[r] = AsOf(self[r], None, ())
                continue
            o_lo, o_hi = theirs.s_lo[candidates], theirs.s_hi[candidates]
            for r, pick, cand in _as_of_rows(
                mine.s_lo[rows], mine.s_hi[rows], o_lo, o_hi, direction, allow_exact=allow_exact
            ):
                event = self[int(rows[r])]
                match = None if pick < 0 else other[int(candidates[pick])]
                results[int(rows[r])] = AsOf(
                    event, match, tuple(other[int(candidates[c])] for c in cand)
                )
        return tuple(results[i] for i in range(len(self)))

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


_MAX_FINITE: Final = 3_000_000
"""Day ordinals at or above this (year 8214 on) are treated as open ends (``MAX_DATE``)."""
_MIN_FINITE: Final = 1
"""Day ordinals at or below this (1 January of year 1) are treated as open ends (``MIN_DATE``)."""


def _group_order(key: object) -> tuple[int, str, object]:
    if key is None:
        return (2, "", "")
    try:
        _ = [key, key].sort()  # probing orderability
    except TypeError:
        return (1, type(key).__name__, repr(key))
    return (0, type(key).__name__, key)


def _as_of_rows(
    e_lo: Ints,
    e_hi: Ints,
    o_lo: Ints,
    o_hi: Ints,
    direction: str,
    *,
    allow_exact: bool,
) -> Iterator[tuple[int, int, list[int]]]:
    """Yield (left row, match index or -1, candidate indices) for each left row.

    ``o_lo`` is sorted (timeline order); ``o_hi`` need not be.
    """
    n_o = len(o_lo)
    width = int((o_hi - o_lo).max()) if n_o else 0
    # suffix minimum of o_hi: non-decreasing, so the last j with o_hi[j] <= x is a search
    sufmin = np.minimum.accumulate(o_hi[::-1])[::-1]
    shift = 0 if allow_exact else 1
    if direction == "backward":
        match = np.searchsorted(sufmin, e_lo - shift, "right") - 1
        reach = np.searchsorted(o_lo, e_hi - shift, "right")
        for r in range(len(e_lo)):
            j = int(match[r])
            end = int(reach[r])
            if j < 0:  # nothing certainly before: every possible one is a candidate
                yield r, j, list(range(end))
                continue
            floor = int(o_lo[j])  # the certain match starts no earlier than this
            start = int(np.searchsorted(o_lo, floor - width, "left"))
            yield r, j, [c for c in range(start, end) if o_hi[c] >= floor]
    else:
        match = np.searchsorted(o_lo, e_hi + shift, "left")
        for r in range(len(e_lo)):
            j = int(match[r])
            lowest = int(e_lo[r]) + shift
            end = n_o if j >= n_o else int(np.searchsorted(o_lo, int(sufmin[j]), "right"))
            start = int(np.searchsorted(o_lo, lowest - width, "left"))
            yield r, (j if j < n_o else -1), [c for c in range(start, end) if o_hi[c] >= lowest]


def _check_ids(ids: tuple[object, ...], n: int) -> None:
    """Reject duplicate and empty ids, naming the rows."""
    distinct = set(ids)
    if len(distinct) != n:
        seen: dict[object, int] = {}
        for r, event_id in enumerate(ids):
            if event_id in seen:
                raise _duplicate_error(str(event_id), f"row {seen[event_id] + 1}", f"row {r + 1}")
            seen[event_id] = r
    for bad in ("", None):
        if bad in distinct:
            r = ids.index(bad)
            msg = f"row {r + 1}, column 'id': the id is empty; every event needs one"
            raise InvalidEventError(msg)


def _build_row_store(cells: dict[str, tuple[object, ...]], n: int) -> _RowStore:
    """Check the ids and dates of the rows, sort them, and return their store.

    Kinds and the other cells are checked when first read (by a query or as an event).
    """
    ids = cells["id"]
    _check_ids(ids, n)
    when_codes, when_values = factorize(cells["when"])
    if (when_codes < 0).any():
        r = int(np.argmax(when_codes < 0))
        where = f"row {r + 1}"
        raise _row_error(where, "when", "", "a date; the cell is empty")
    parsed: list[When | Span] = []
    for k, value in enumerate(when_values):
        try:
            parsed.append(_parse_when_cell(_cell(value), where="when"))
        except InvalidEventError as e:
            r = int(np.argmax(when_codes == k))
            msg = f"row {r + 1}: {e}"
            raise InvalidEventError(msg) from None
    # rank the distinct dates by sort key, then order the rows by (rank, id)
    keys = [w.sort_key() for w in parsed]
    rank_of = np.empty(len(parsed), dtype=np.int64)
    rank_of[sorted(range(len(parsed)), key=keys.__getitem__)] = np.arange(len(parsed))
    rank = rank_of[when_codes]
    id_array = np.empty(n, dtype=object)
    id_array[:] = ids
    order: Ints | None = None
    if n > 1:
        step = np.diff(rank)
        ties = np.flatnonzero(step == 0)
        try:
            in_order = bool((step >= 0).all()) and bool((id_array[ties + 1] > id_array[ties]).all())
            if not in_order:
                by_id = np.argsort(id_array.astype(str))
                key = np.empty(n, dtype=np.int64)
                key[by_id] = np.arange(n)
                key += rank * n  # (rank, id) as one integer; ids are distinct
                order = np.argsort(key).astype(np.int64)
        except TypeError:
            r = next(r for r, v in enumerate(ids) if not isinstance(v, str))
            where = f"row {r + 1}"
            raise _row_error(where, "id", ids[r], "a string") from None
    bounds = np.array([bounds_of(w) for w in parsed], dtype=np.int64).reshape(-1, 5)
    rows = bounds[when_codes] if order is None else bounds[when_codes[order]]
    when = TemporalColumn.from_arrays(
        rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3], rows[:, 4].astype(bool), np.ones(n, bool)
    )
    return _RowStore(cells, id_array, order, {("temporal", "when"): when})
