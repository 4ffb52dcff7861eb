"""Grouping rows by a field's codes, and the first or last row a predicate holds for (private).

Layer: the timeline layer, beside ``_counts``; it reads the columnar index (``_index``) and
the predicate protocol (``_query``), and builds no event.

The laws (tests/test_query_groups.py checks each against a brute-force grouping of events):

- :func:`category_groups` lists ``(value, rows)`` once per value that occurs, values sorted
  (in order of first appearance where they cannot be ordered), the rows without a value
  last under the key None; every row is in exactly one group, and each group's rows
  increase. One stable argsort of the rows' sorted-value ranks finds them all.
- :func:`multi_groups` does the same for a collection field: a row is in the group of each
  of its elements, and in the None group if it has none (or lacks the field).
- :func:`category_codes` numbers the groups of :func:`category_groups` ``0, 1, ...`` in the
  same order and gives each row its group's number.
- :func:`true_row` is the position of the first (or last) row where the predicate is TRUE,
  None if there is none.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from aitimeline._index import CategoryColumn, Index, MultiColumn
from aitimeline._query import Predicate

__all__ = ["category_codes", "category_groups", "multi_groups", "true_row"]

Ints: TypeAlias = npt.NDArray[np.int64]
Groups: TypeAlias = list[tuple[Hashable, Ints]]


def _small(keys: Ints, size: int) -> npt.NDArray[np.integer]:
    """Return *keys* (all below *size*) in the narrowest integer type: radix-sortable."""
    for dtype in (np.uint8, np.uint16):
        if size <= np.iinfo(dtype).max + 1:
            return keys.astype(dtype)
    return keys


def _split(keys: Ints, size: int, labels: Sequence[Hashable], rows: Ints | None) -> Groups:
    """Return ``(labels[k], rows with key k)`` for each key k that occurs, in key order."""
    order = np.argsort(_small(keys, size), kind="stable")
    if rows is not None:
        order = rows[order]
    counts = np.bincount(keys, minlength=size)
    ends = np.cumsum(counts)
    return [
        (labels[k], order[ends[k] - counts[k] : ends[k]]) for k in np.flatnonzero(counts).tolist()
    ]


def _ranks(column: CategoryColumn) -> tuple[Ints, tuple[Hashable, ...]]:
    """Return each row's group key (missing: the last) and the label of each key."""
    distinct = column.values
    rank = distinct.rank()
    n = len(distinct)
    if rank is None:
        rank = np.arange(n, dtype=np.int64)
    keys: Ints = np.append(rank, n)[column.codes]  # code -1 reads the appended n
    labels: tuple[Hashable, ...] = (*distinct.in_order(), None)
    return keys, labels


def category_groups(column: CategoryColumn) -> Groups:
    """Return ``(value, rows)`` per value of a scalar field, values sorted, None last."""
    distinct = column.values
    n = len(distinct)
    if n >= np.iinfo(np.uint16).max:  # many values: sort by rank, one pass more
        keys, labels = _ranks(column)
        return _split(keys, len(labels), labels, None)
    # Codes as uint16 put a missing value (-1) at 65535, after every code: no pass to shift.
    small = column.codes.astype(np.uint16)
    order = np.argsort(small, kind="stable")  # radix sort: linear in the rows
    counts = np.bincount(small, minlength=np.iinfo(np.uint16).max + 1)
    ends = np.cumsum(counts)
    rank = distinct.rank()
    by_value = range(n) if rank is None else np.argsort(rank).tolist()
    out: Groups = [
        (distinct.values[k], order[ends[k] - counts[k] : ends[k]]) for k in by_value if counts[k]
    ]
    if counts[-1]:
        out.append((None, order[ends[-1] - counts[-1] :]))
    return out


def category_codes(column: CategoryColumn) -> tuple[tuple[Hashable, ...], Ints]:
    """Return the group keys of :func:`category_groups` and each row's group number."""
    keys, labels = _ranks(column)
    used = np.bincount(keys, minlength=len(labels)) > 0
    number: Ints = np.cumsum(used) - 1
    found = tuple(labels[k] for k in np.flatnonzero(used).tolist())
    return found, number[keys]


def multi_groups(column: MultiColumn) -> Groups:
    """Return ``(element, rows)`` per element of a collection field, sorted; None: no element."""
    rows, elements = column.pairs()
    out = _split(elements, len(column.distinct), column.distinct, rows)
    has = np.zeros(len(column.codes), dtype=bool)
    has[rows] = True
    empty = np.flatnonzero(~has)
    if len(empty):
        out.append((None, empty))
    return out


def true_row(ix: Index, p: Predicate, *, last: bool) -> int | None:
    """Return the first (or *last*) row of *ix* where *p* is TRUE, or None."""
    exact = p._true_rows(ix)  # noqa: SLF001 - the predicate protocol
    if exact is not None:
        lo, hi = exact
        return None if lo >= hi else (hi - 1 if last else lo)
    lo, hi = p._rows(ix)  # noqa: SLF001 - the predicate protocol
    lo, hi = max(lo, 0), min(hi, ix.n)
    if lo >= hi:
        return None
    hit = p._codes(ix.slice(lo, hi)) == 2  # noqa: SLF001 - TRUE's code
    if not hit.any():
        return None
    k = len(hit) - 1 - int(np.argmax(hit[::-1])) if last else int(np.argmax(hit))
    return lo + k
