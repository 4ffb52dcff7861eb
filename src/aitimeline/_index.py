"""A columnar index over a timeline's events, built lazily one column at a time (private).

Layer: after ``_events``, before ``_query``. The index knows nothing about predicates; it turns
the values of one field across all events into numpy arrays that predicates evaluate on:

- :class:`TemporalColumn` for ``When``/``Span`` fields: day-ordinal bounds of the start and the
  end, normalised as :mod:`aitimeline._dates` does (every bound is attained by a completion).
- :class:`CategoryColumn` for any hashable field: integer codes into the distinct values, which
  are sorted when they can be, so order comparisons become integer comparisons.
- :class:`MultiColumn` for collection fields (``tags``, ``actors``): a bitset per row.

Missing values (an event of a kind without the field, or a field set to None) are kept apart:
code -1, or ``present`` False.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Sequence
from typing import Final, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._dates import Span, When
from aitimeline._types import CategoryCodes

__all__ = [
    "MISSING",
    "CategoryColumn",
    "Column",
    "Index",
    "MultiColumn",
    "TemporalColumn",
    "bounds_of",
]

Ints: TypeAlias = npt.NDArray[np.int64]
Codes: TypeAlias = CategoryCodes
Bools: TypeAlias = npt.NDArray[np.bool_]
Bits: TypeAlias = npt.NDArray[np.uint64]
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

    >>> codes, uniques = factorize(["CN", None, "US", "CN"])
    >>> codes.tolist(), uniques
    ([0, -1, 1, 0], ['CN', 'US'])
    """
    lookup: dict[object, int] = {}
    setdefault = lookup.setdefault
    codes = np.array([setdefault(v, len(lookup)) for v in values], dtype=np.int32)
    uniques = list(lookup)
    if not any(is_missing(u) for u in uniques):
        return codes, uniques
    remap = np.empty(len(uniques) + 1, dtype=np.int32)
    kept: list[object] = []
    for k, u in enumerate(uniques):
        remap[k] = -1 if is_missing(u) else len(kept)
        if not is_missing(u):
            kept.append(u)
    return remap[codes], kept


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
        """Return the column for normalised bound arrays, computing its summary facts."""
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


@attrs.frozen(eq=False)
class CategoryColumn:
    """Codes into the distinct values of a field; -1 for a missing value."""

    codes: Codes
    distinct: tuple[object, ...]
    """The distinct values, sorted when ``ordered``."""
    lookup: dict[object, int]
    ordered: bool
    """Whether ``distinct`` is sorted, so that code order is value order."""

    @classmethod
    def build(cls, values: Sequence[object]) -> CategoryColumn:
        """Return the column for *values*, sorting the distinct values if they are orderable."""
        codes, uniques = factorize(values)
        return cls.from_codes(codes, uniques)

    @classmethod
    def from_codes(cls, codes: Codes, uniques: list[object]) -> CategoryColumn:
        """Return the column for codes into *uniques* (first-appearance order is fine)."""
        ordered = _sorted_or_none(uniques)
        if ordered is not None and ordered != uniques:
            rank = {v: k for k, v in enumerate(ordered)}
            remap = np.array([rank[v] for v in uniques] + [-1], dtype=np.int32)
            codes = remap[codes]  # code -1 picks the appended -1
            uniques = ordered
        lookup = {v: k for k, v in enumerate(uniques)}
        return cls(codes, tuple(uniques), lookup, ordered is not None)

    def take(self, pos: Ints) -> CategoryColumn:
        """Return the rows at *pos*."""
        return CategoryColumn(self.codes[pos], self.distinct, self.lookup, self.ordered)

    def slice(self, lo: int, hi: int) -> CategoryColumn:
        """Return rows ``lo:hi`` as views."""
        return CategoryColumn(self.codes[lo:hi], self.distinct, self.lookup, self.ordered)

    def table(self, test: Callable[[object], bool]) -> Bools:
        """Return ``test(value)`` per distinct value, with a trailing False for missing."""
        return np.array([bool(test(v)) for v in self.distinct] + [False], dtype=bool)

    def rows(self, table: Bools) -> Bools:
        """Map a per-value table (from :meth:`table`) onto the rows."""
        return table[self.codes]  # code -1 reads the trailing False

    def cut(self, value: object, *, right: bool) -> int:
        """Return the insertion point of *value* among the sorted distinct values.

        Raises:
            TypeError: *value* cannot be ordered against the values.
        """
        if not self.ordered:
            msg = "the values are not mutually orderable"
            raise TypeError(msg)
        find = bisect.bisect_right if right else bisect.bisect_left
        return int(find(self.distinct, value))  # type: ignore[call-overload]  # orderable


@attrs.frozen(eq=False)
class MultiColumn:
    """A bitset over the distinct elements of a collection field, one row per event."""

    bits: Bits
    """Shape ``(rows, words)``; bit ``k`` of word ``k // 64`` marks element ``distinct[k]``."""
    distinct: tuple[object, ...]
    lookup: dict[object, int]
    present: Bools

    @classmethod
    def build(cls, values: Sequence[object]) -> MultiColumn:
        """Return the column for collection *values*, factorising repeated collections."""
        codes, uniques = factorize(values)
        elements: dict[object, int] = {}
        for collection in uniques:
            for item in _items(collection):
                elements.setdefault(item, len(elements))
        ordered = _sorted_or_none(list(elements))
        if ordered is not None:
            elements = {v: k for k, v in enumerate(ordered)}
        words = max(1, -(-len(elements) // 64))
        table = np.zeros((len(uniques) + 1, words), dtype=np.uint64)
        for k, collection in enumerate(uniques):
            for item in _items(collection):
                c = elements[item]
                table[k, c >> 6] |= np.uint64(1 << (c & 63))
        return cls(table[codes], tuple(elements), elements, codes >= 0)

    def take(self, pos: Ints) -> MultiColumn:
        """Return the rows at *pos*."""
        return MultiColumn(self.bits[pos], self.distinct, self.lookup, self.present[pos])

    def slice(self, lo: int, hi: int) -> MultiColumn:
        """Return rows ``lo:hi`` as views."""
        return MultiColumn(self.bits[lo:hi], self.distinct, self.lookup, self.present[lo:hi])

    def has_any(self, items: Sequence[object]) -> Bools:
        """Return, per row, whether the collection holds at least one of *items*."""
        mask = np.zeros(self.bits.shape[1], dtype=np.uint64)
        for item in items:
            c = self.lookup.get(item)
            if c is not None:
                mask[c >> 6] |= np.uint64(1 << (c & 63))
        if not mask.any():
            return np.zeros(len(self.bits), dtype=bool)
        hit: Bools = ((self.bits & mask) != 0).any(axis=1)
        return hit


def _items(collection: object) -> tuple[object, ...]:
    if isinstance(collection, tuple | frozenset | set | list):
        return tuple(collection)
    msg = f"value {collection!r} is not a collection"
    raise TypeError(msg)


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
    ) -> None:
        """Index *n* rows whose field values *values* returns."""
        self.n = n
        self._cache: dict[tuple[str, str], Column] = dict(prebuilt or {})

        def derive(kind: str, field: str) -> Column:
            if kind == "temporal":
                return TemporalColumn.build(values(field))
            if kind == "category":
                return CategoryColumn.build(values(field))
            return MultiColumn.build(values(field))

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
