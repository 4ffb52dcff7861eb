"""A columnar index over a timeline's events, built lazily one column at a time (private).

Layer: after ``_events``, before ``_query``. The index knows nothing about predicates; it turns
the values of one field across all events into numpy arrays that predicates evaluate on:

- :class:`TemporalColumn` for ``When``/``Span`` fields: day-ordinal bounds of the start and the
  end, normalised as :mod:`aitimeline._dates` does (every bound is attained by a completion).
- :class:`CategoryColumn` for any hashable field: integer codes into the distinct values
  (:class:`Distinct`, which ranks them in sorted order when an order comparison first asks),
  so a test runs once per distinct value and reaches the rows by one gather.
- :class:`MultiColumn` for collection fields (``tags``, ``actors``): codes into the distinct
  collections, whose elements are held once each (CSR), so a test of elements runs once per
  distinct collection.

Missing values (an event of a kind without the field, or a field set to None) are kept apart:
code -1, or ``present`` False.
"""

from __future__ import annotations

import bisect
import enum
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Final, TypeAlias, cast

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._dates import Span, When
from aitimeline._strings import (
    TextOp,
    any_literal_table,
    bool_array,
    matches_table,
    portable,
    printable_ascii,
    string_array,
    text_table,
)
from aitimeline._types import CategoryCodes

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "MISSING",
    "CategoryColumn",
    "Column",
    "Distinct",
    "Index",
    "MultiColumn",
    "TemporalColumn",
    "bounds_of",
]

Ints: TypeAlias = npt.NDArray[np.int64]
Codes: TypeAlias = CategoryCodes
Bools: TypeAlias = npt.NDArray[np.bool_]
Bounds: TypeAlias = tuple[int, int, int, int, bool]
"""(start_lo, start_hi, end_lo, end_hi, is_instant) in day ordinals, normalised."""


class _Missing(enum.Enum):
    MISSING = "missing"

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing.MISSING
"""The value of a field an event does not have."""

TYPE_FIELD: Final = "@type"
"""Pseudo-field whose values are the events' classes (for ``is_a``)."""


def bounds_of(value: When | Span) -> Bounds:
    """Return the normalised ordinal bounds of *value*, as ``_dates`` computes them.

    >>> bounds_of(When.parse("2024-09-12"))
    (739141, 739141, 739141, 739141, True)
    >>> bounds_of(Span("2024-09", "2024-10"))
    (739130, 739159, 739160, 739190, False)
    """
    return value.ordinal_bounds()


def is_missing(value: object) -> bool:
    """Return whether *value* stands for a missing field value."""
    return value is MISSING or value is None


def factorize(values: Sequence[object]) -> tuple[Codes, list[object]]:
    """Return codes (-1 for missing) and the distinct values in order of first appearance.

    The distinct values are found by ``dict.fromkeys`` and the codes read through the dict
    with ``map``, both at C speed; Python code runs once per distinct value, not per row.

    >>> codes, uniques = factorize(["CN", None, "US", "CN"])
    >>> codes.tolist(), uniques
    ([0, -1, 1, 0], ['CN', 'US'])
    """
    codes, kept, _ = _factorize(values)
    return codes, kept


def _factorize(values: Sequence[object]) -> tuple[Codes, list[object], dict[object, int]]:
    """Return :func:`factorize`'s codes and values, and each value's code."""
    lookup: dict[object, int] = dict.fromkeys(values, -1)
    kept: list[object] = []
    for v in lookup:  # setting a key's value while iterating is allowed (the size is fixed)
        if not is_missing(v):
            lookup[v] = len(kept)
            kept.append(v)
    codes = np.fromiter(map(lookup.__getitem__, values), dtype=np.int32, count=len(values))
    lookup.pop(None, None)
    lookup.pop(MISSING, None)
    return codes, kept, lookup


def _encode_strings(values: Sequence[object]) -> tuple[Codes, pa.Array] | None:
    """Return codes and the distinct strings of *values* through Arrow, or None.

    None unless every value is a string or None (Arrow's dictionary encoding is then
    Python's equality of strings); first appearance orders the distinct values, as in
    :func:`factorize`.
    """
    if len(values) == 0 or type(values[0]) is not str:
        return None
    import pyarrow as pa  # noqa: PLC0415 - loaded for the first string column
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    try:
        array = pa.array(values, type=pa.string())
    except (pa.ArrowException, UnicodeError, OverflowError):  # not all text, or too much of it
        return None
    encoded = pc.dictionary_encode(array)
    codes = encoded.indices.fill_null(-1).to_numpy().astype(np.int32, copy=False)
    return codes, encoded.dictionary


@attrs.frozen(eq=False)
class TemporalColumn:
    """Day-ordinal bounds of a When/Span field, one row per event."""

    s_lo: Ints
    s_hi: Ints
    e_lo: Ints
    e_hi: Ints
    instant: Bools
    present: Bools
    sorted_start: bool
    """Whether ``s_lo`` is non-decreasing (true for ``when`` in timeline order)."""
    width: int
    """An upper bound of ``s_hi - s_lo`` over present rows."""
    reach: int
    """An upper bound of ``e_hi - s_lo`` over present rows."""
    exact_days: bool
    """Whether every row is present and an instant on one known day (``s_lo == e_hi``)."""

    @classmethod
    def build(cls, values: Sequence[object]) -> TemporalColumn:
        """Return the column for *values* (When, Span or missing), factorising repeats."""
        codes, uniques = factorize(values)
        table = np.zeros((len(uniques) + 1, 5), dtype=np.int64)
        for k, v in enumerate(uniques, start=1):
            if not isinstance(v, When | Span):
                msg = f"value {v!r} is not a When or Span"
                raise TypeError(msg)
            table[k] = bounds_of(v)
        rows = table[codes + 1]
        present = codes >= 0
        return cls.from_arrays(
            rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3], rows[:, 4].astype(bool), present
        )

    @classmethod
    def from_arrays(
        cls, s_lo: Ints, s_hi: Ints, e_lo: Ints, e_hi: Ints, instant: Bools, present: Bools
    ) -> TemporalColumn:
        """Return the column for normalised bound arrays, computing its summary facts.

        Each bound array is made contiguous (a no-op for one that is): the columns of a
        ``(n, 5)`` table are strided views, and every full pass over a strided column costs
        about twice as much as over a contiguous one.
        """
        s_lo, s_hi, e_lo, e_hi = (np.ascontiguousarray(a) for a in (s_lo, s_hi, e_lo, e_hi))
        n = len(s_lo)
        sorted_start = bool(n < 2 or (bool(present.all()) and bool((s_lo[1:] >= s_lo[:-1]).all())))
        if n and bool(present.any()):
            width = int((s_hi - s_lo)[present].max())
            reach = int((e_hi - s_lo)[present].max())
        else:
            width = reach = 0
        exact = bool(present.all()) and bool(instant.all()) and reach == 0
        return cls(s_lo, s_hi, e_lo, e_hi, instant, present, sorted_start, width, reach, exact)

    def take(self, pos: Ints) -> TemporalColumn:
        """Return the rows at *pos* (increasing positions keep ``sorted_start``)."""
        return TemporalColumn(
            self.s_lo[pos],
            self.s_hi[pos],
            self.e_lo[pos],
            self.e_hi[pos],
            self.instant[pos],
            self.present[pos],
            self.sorted_start,
            self.width,
            self.reach,
            self.exact_days,
        )

    def slice(self, lo: int, hi: int) -> TemporalColumn:
        """Return rows ``lo:hi`` as views."""
        return TemporalColumn(
            self.s_lo[lo:hi],
            self.s_hi[lo:hi],
            self.e_lo[lo:hi],
            self.e_hi[lo:hi],
            self.instant[lo:hi],
            self.present[lo:hi],
            self.sorted_start,
            self.width,
            self.reach,
            self.exact_days,
        )


def _sorted_or_none(uniques: list[object]) -> list[object] | None:
    try:
        return sorted(uniques)  # type: ignore[type-var]  # any mutually orderable values
    except TypeError:
        return None


class Distinct:
    """The distinct values of a category column, in first-appearance order.

    What is derived from them is computed on first use and kept here, shared by every view
    (:meth:`CategoryColumn.take`, :meth:`CategoryColumn.slice`) of the column: the rank of
    each value in sorted order (for order comparisons and sorted groups), and the values as
    an Arrow string array (for string tests at C speed).
    """

    __slots__ = ("_cache", "_lookup", "_values")

    def __init__(
        self,
        values: tuple[object, ...] | None,
        lookup: dict[object, int] | None = None,
        strings: pa.Array | None = None,
    ) -> None:
        """Hold *values* (or their Arrow *strings*, read when first asked) and *lookup*."""
        self._values = values
        self._lookup = lookup
        self._cache: dict[str, object] = {}
        if strings is not None:
            self._cache["strings"] = strings

    @property
    def values(self) -> tuple[object, ...]:
        """The distinct values (made Python objects on first use if held in Arrow)."""
        if self._values is None:
            self._values = tuple(self.strings().to_pylist())  # type: ignore[union-attr]  # held
        return self._values

    @property
    def lookup(self) -> dict[object, int]:
        """Each value's position, found by hash as ``in`` does."""
        if self._lookup is None:
            self._lookup = {v: k for k, v in enumerate(self.values)}
        return self._lookup

    def __len__(self) -> int:
        """Return how many distinct values there are."""
        if self._values is None:
            return len(self.strings())  # type: ignore[arg-type]  # held
        return len(self._values)

    def rank(self) -> Ints | None:
        """Return each value's position in sorted order, or None if they are not orderable.

        Strings sort through Arrow (its byte order of UTF-8 is Python's code-point order);
        other values through :func:`sorted`.
        """
        if "rank" not in self._cache:
            self._cache["rank"] = self._rank()
        rank = self._cache["rank"]
        return rank if isinstance(rank, np.ndarray) else None

    def _rank(self) -> Ints | None:
        n = len(self)
        array = self.strings()
        if array is not None:
            import pyarrow.compute as pc  # noqa: PLC0415 - loaded on the first string sort

            order = pc.array_sort_indices(array).to_numpy().astype(np.int64)
        else:
            try:
                order = np.array(
                    sorted(range(n), key=self.values.__getitem__),  # type: ignore[arg-type]
                    dtype=np.int64,
                )
            except TypeError:
                return None
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n, dtype=np.int64)
        return rank

    def in_order(self) -> tuple[object, ...]:
        """Return the values sorted (first-appearance order if they are not orderable)."""
        found = self._cache.get("in_order")
        if found is None:
            rank = self.rank()
            if rank is None:
                found = self.values
            else:
                order = np.empty(len(rank), dtype=np.int64)
                order[rank] = np.arange(len(rank), dtype=np.int64)
                found = tuple(map(self.values.__getitem__, order.tolist()))
            self._cache["in_order"] = found
        return found  # type: ignore[return-value]  # cached above

    def strings(self) -> pa.Array | None:
        """Return the values as an Arrow string array, or None unless all are strings."""
        if "strings" not in self._cache:
            self._cache["strings"] = string_array(self.values)
        return self._cache["strings"]

    def ascii_strings(self) -> pa.Array | None:
        """Return :meth:`strings` if every value is printable ASCII, else None."""
        if "ascii" not in self._cache:
            array = self.strings()
            self._cache["ascii"] = array if array is not None and printable_ascii(array) else None
        return self._cache["ascii"]

    def table(self, test: Callable[[object], bool]) -> Bools:
        """Return ``test(value)`` per value, with a trailing False for missing."""
        return np.array([bool(test(v)) for v in self.values] + [False], dtype=bool)

    def text_table(self, op: TextOp, text: str) -> Bools:
        """Return, per value, whether it is a string that *op* (contains, ...) *text*."""
        strings = self.strings()
        return text_table(self.values if strings is None else (), strings, op, text)

    def matches_table(self, pattern: str) -> Bools:
        """Return, per value, whether it is a string where ``re.search(pattern)`` finds one."""
        ascii_strings = self.ascii_strings()
        if ascii_strings is not None and portable(pattern):
            return matches_table((), pattern, ascii_strings)
        return matches_table(self.values, pattern, None)

    def any_literal_table(self, regexes: list[str]) -> Bools | None:
        """Return, per value, whether one of *regexes* (literal tests) holds; None off ASCII.

        The values must be printable ASCII (:meth:`ascii_strings`): then RE2 answers a
        literal test (:func:`~aitimeline._strings.literal_regex`) as Python does.
        """
        ascii_strings = self.ascii_strings()
        return None if ascii_strings is None else any_literal_table(ascii_strings, regexes)

    def code_of(self, value: object) -> int | None:
        """Return the position of *value*, or None if it is not one of the values."""
        if self._lookup is None and self._values is None and type(value) is str:
            import pyarrow.compute as pc  # noqa: PLC0415 - the values are held in Arrow

            k = pc.index(self.strings(), value).as_py()
            return None if k < 0 else int(k)
        return self.lookup.get(value)

    def member_table(self, values: Iterable[object]) -> Bools:
        """Return, per value (and a trailing False), whether it is one of *values*."""
        out = np.zeros(len(self) + 1, dtype=bool)
        wanted = list(values)
        if self._lookup is None and self._values is None:
            import pyarrow as pa  # noqa: PLC0415 - the values are held in Arrow
            import pyarrow.compute as pc  # noqa: PLC0415 - as above

            texts = [v for v in wanted if type(v) is str]  # no other value equals a string
            if texts:
                found = pc.is_in(self.strings(), value_set=pa.array(texts, type=pa.string()))
                out[:-1] = bool_array(found)
            return out
        hits = [k for k in map(self.lookup.get, wanted) if k is not None]
        out[hits] = True
        return out


FEW_CODES = 4
"""Up to this many codes, a column's rows are found by comparing codes, not by a gather:
one comparison of 10^6 int32 codes costs about a fifth of the gather (measured)."""


@attrs.frozen(eq=False)
class CategoryColumn:
    """Codes into the distinct values of a field; -1 for a missing value.

    Codes follow first appearance; the sorted order of the values is found when an order
    comparison or a grouping first asks for it (:meth:`Distinct.rank`).
    """

    codes: Codes
    values: Distinct
    start: int | None = None
    """Set where every value is distinct (ids, titles): the codes are then
    ``start, start + 1, ...``, and :meth:`rows` reads a table without a gather."""

    @classmethod
    def build(cls, values: Sequence[object]) -> CategoryColumn:
        """Return the column for *values* (strings are encoded by Arrow, others by a dict)."""
        encoded = _encode_strings(values)
        if encoded is not None:
            codes, distinct = encoded[0], Distinct(None, None, encoded[1])
        else:
            codes, uniques, lookup = _factorize(values)
            distinct = Distinct(tuple(uniques), lookup)
        unique = len(distinct) == len(codes) and bool(
            np.array_equal(codes, np.arange(len(codes), dtype=codes.dtype))
        )
        return cls(codes, distinct, 0 if unique else None)

    @classmethod
    def from_codes(cls, codes: Codes, uniques: list[object]) -> CategoryColumn:
        """Return the column for codes into *uniques* (in any order)."""
        return cls(codes, Distinct(tuple(uniques)))

    @property
    def distinct(self) -> tuple[object, ...]:
        """The distinct values, in code order."""
        return self.values.values

    @property
    def lookup(self) -> dict[object, int]:
        """Each distinct value's code."""
        return self.values.lookup

    @property
    def ordered(self) -> bool:
        """Whether the values are mutually orderable."""
        return self.values.rank() is not None

    def take(self, pos: Ints) -> CategoryColumn:
        """Return the rows at *pos*."""
        return CategoryColumn(self.codes[pos], self.values)

    def slice(self, lo: int, hi: int) -> CategoryColumn:
        """Return rows ``lo:hi`` as views."""
        start = None if self.start is None else self.start + lo
        return CategoryColumn(self.codes[lo:hi], self.values, start)

    def table(self, test: Callable[[object], bool]) -> Bools:
        """Return ``test(value)`` per distinct value, with a trailing False for missing."""
        return self.values.table(test)

    def rows(self, table: Bools) -> Bools:
        """Map a per-value table (one more entry, False, for missing) onto the rows."""
        if self.start is not None:  # code k is row k - start: the table is the rows
            return table[self.start : self.start + len(self.codes)]
        if not table[-1] and np.count_nonzero(table) <= FEW_CODES:  # isin of a few values
            out = np.zeros(len(self.codes), dtype=bool)
            for code in np.flatnonzero(table).tolist():
                out |= self.codes == code
            return out
        gathered: Bools = table[self.codes]  # code -1 reads the trailing False
        return gathered

    def order_table(self, op: str, value: object) -> Bools:
        """Return, per distinct value (and a trailing False), whether ``value' op value``.

        *op* is ``<``, ``<=``, ``>`` or ``>=``; the sorted values are bisected once.

        Raises:
            TypeError: *value* cannot be ordered against the values.
        """
        rank = self.values.rank()
        if rank is None:
            msg = "the values are not mutually orderable"
            raise TypeError(msg)
        in_order = self.values.in_order()
        right = op in ("<=", ">")
        find = bisect.bisect_right if right else bisect.bisect_left
        cut = int(find(in_order, value))  # type: ignore[call-overload]  # orderable
        below = rank < cut
        return np.append(below if op in ("<", "<=") else ~below, False)


def _flatten(collections: list[object]) -> tuple[Ints, list[object]]:
    """Return the length of each collection and their elements, one after another.

    Raises:
        TypeError: a value is not a collection.
    """
    kinds = set(map(type, collections))
    if not kinds <= {tuple, frozenset, set, list}:
        bad = next(c for c in collections if type(c) not in (tuple, frozenset, set, list))
        msg = f"value {bad!r} is not a collection"
        raise TypeError(msg)
    sized = cast("list[tuple[object, ...]]", collections)  # checked above
    lengths = np.fromiter(map(len, sized), dtype=np.int64, count=len(sized))
    return lengths, list(itertools.chain.from_iterable(sized))


@attrs.frozen(eq=False)
class MultiColumn:
    """A collection field: each row's code into the distinct collections, and their elements.

    The elements of distinct collection ``k`` are the element codes
    ``items[offsets[k]:offsets[k + 1]]`` (a CSR layout), codes into :attr:`distinct`, the
    distinct elements (sorted when orderable). A test of elements runs once per element of a
    distinct collection, then reaches the rows through :attr:`codes`.
    """

    codes: Codes
    """Per row, its distinct collection; -1 where the field is missing."""
    offsets: Ints
    items: Ints
    owner: Ints
    """The distinct collection each entry of :attr:`items` belongs to."""
    distinct: tuple[object, ...]
    lookup: dict[object, int]

    @classmethod
    def build(cls, values: Sequence[object]) -> MultiColumn:
        """Return the column for collection *values*, factorising repeated collections."""
        codes, uniques = factorize(values)
        lengths, flat = _flatten(uniques)
        elements: dict[object, int] = dict.fromkeys(flat, 0)
        ordered = _sorted_or_none(list(elements))
        keys = list(elements) if ordered is None else ordered
        elements = {v: k for k, v in enumerate(keys)}
        items = np.fromiter(map(elements.__getitem__, flat), dtype=np.int64, count=len(flat))
        offsets = np.zeros(len(uniques) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        owner = np.repeat(np.arange(len(uniques), dtype=np.int64), lengths)
        return cls(codes, offsets, items, owner, tuple(keys), elements)

    @property
    def present(self) -> Bools:
        """Whether each row has the field."""
        out: Bools = self.codes >= 0
        return out

    def take(self, pos: Ints) -> MultiColumn:
        """Return the rows at *pos*."""
        return attrs.evolve(self, codes=self.codes[pos])

    def slice(self, lo: int, hi: int) -> MultiColumn:
        """Return rows ``lo:hi`` as views."""
        return attrs.evolve(self, codes=self.codes[lo:hi])

    def has_any(self, items: Iterable[object]) -> Bools:
        """Return, per row, whether the collection holds at least one of *items*."""
        wanted = np.zeros(len(self.distinct), dtype=bool)
        hits = [k for k in map(self.lookup.get, items) if k is not None]
        if not hits:
            return np.zeros(len(self.codes), dtype=bool)
        wanted[hits] = True
        per_collection = np.zeros(len(self.offsets), dtype=bool)  # a trailing False: missing
        per_collection[self.owner[wanted[self.items]]] = True
        out: Bools = per_collection[self.codes]
        return out

    def pairs(self) -> tuple[Ints, Ints]:
        """Return (row, element code) for every element of every row, rows increasing."""
        lengths = np.append(np.diff(self.offsets), 0)[self.codes]  # code -1 reads the 0
        rows = np.repeat(np.arange(len(self.codes), dtype=np.int64), lengths)
        firsts = np.append(self.offsets[:-1], 0)[self.codes]
        starts = np.repeat(firsts - np.cumsum(lengths) + lengths, lengths)
        at = starts + np.arange(len(rows), dtype=np.int64)
        return rows, self.items[at]


Column: TypeAlias = TemporalColumn | CategoryColumn | MultiColumn


class Index:
    """Columns over ``n`` events in timeline order, each built on first use and cached.

    A root index reads field values through *values* (a function of the field name returning
    one value per row, :data:`MISSING` where absent); a derived index (:meth:`take`,
    :meth:`slice`) gathers or slices its parent's columns.
    """

    __slots__ = ("_cache", "_derive", "n")

    def __init__(
        self,
        n: int,
        values: Callable[[str], Sequence[object]],
        prebuilt: dict[tuple[str, str], Column] | None = None,
        settle: Callable[[], None] | None = None,
    ) -> None:
        """Index *n* rows whose field values *values* returns.

        *settle*, if given, runs after each column is built (a row store hands back the
        memory its temporaries took).
        """
        self.n = n
        self._cache: dict[tuple[str, str], Column] = dict(prebuilt or {})

        def derive(kind: str, field: str) -> Column:
            column: Column
            if kind == "temporal":
                column = TemporalColumn.build(values(field))
            elif kind == "category":
                column = CategoryColumn.build(values(field))
            else:
                column = MultiColumn.build(values(field))
            if settle is not None:
                settle()
            return column

        self._derive: Callable[[str, str], Column] = derive

    @classmethod
    def _derived(cls, n: int, derive: Callable[[str, str], Column]) -> Index:
        self = cls.__new__(cls)
        self.n = n
        self._cache = {}
        self._derive = derive
        return self

    def _column(self, kind: str, field: str) -> Column:
        key = (kind, field)
        column = self._cache.get(key)
        if column is None:
            column = self._cache[key] = self._derive(kind, field)
        return column

    def temporal(self, field: str) -> TemporalColumn:
        """Return the temporal column of *field*."""
        column = self._column("temporal", field)
        assert isinstance(column, TemporalColumn)  # noqa: S101 - the cache key fixes the type
        return column

    def category(self, field: str) -> CategoryColumn:
        """Return the category column of *field*."""
        column = self._column("category", field)
        assert isinstance(column, CategoryColumn)  # noqa: S101 - the cache key fixes the type
        return column

    def multi(self, field: str) -> MultiColumn:
        """Return the multi-valued column of *field*."""
        column = self._column("multi", field)
        assert isinstance(column, MultiColumn)  # noqa: S101 - the cache key fixes the type
        return column

    def take(self, pos: Ints) -> Index:
        """Return an index over the rows at *pos* (increasing positions)."""
        parent = self
        return Index._derived(len(pos), lambda k, f: parent._column(k, f).take(pos))

    def slice(self, lo: int, hi: int) -> Index:
        """Return an index over rows ``lo:hi``, whose columns are views of this one's."""
        if lo == 0 and hi == self.n:
            return self
        parent = self
        return Index._derived(max(hi - lo, 0), lambda k, f: parent._column(k, f).slice(lo, hi))
