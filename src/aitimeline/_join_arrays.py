"""Array primitives of the as-of join: searches, range spreads and range maxima (private).

Pure numpy on int64 arrays, with no knowledge of dates or events; :mod:`aitimeline._asof_join`
builds the join from them.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = ["group_order", "range_max", "search", "sparse_table", "spread", "suffix_min"]

Ints: TypeAlias = npt.NDArray[np.int64]


def spread(starts: Ints, stops: Ints) -> tuple[Ints, Ints]:
    """Return (range number, position) for every position of the ranges ``[start, stop)``.

    >>> which, pos = spread(np.array([3, 0, 5]), np.array([5, 0, 6]))
    >>> which.tolist(), pos.tolist()
    ([0, 0, 2], [3, 4, 5])
    """
    counts = np.maximum(stops - starts, 0)
    which = np.repeat(np.arange(len(starts), dtype=np.int64), counts)
    ends = np.cumsum(counts)
    pos = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
    pos += np.repeat(starts - (ends - counts), counts)
    return which, pos


def search(keys: Ints, queries: Ints, side: Literal["left", "right"]) -> Ints:
    return np.searchsorted(keys, queries, side).astype(np.int64, copy=False)


def suffix_min(values: Ints) -> Ints:
    out: Ints = np.minimum.accumulate(values[::-1])[::-1]
    return out


def group_order(groups: Ints) -> Ints | None:
    """Return the stable order of rows by group (None: already in order)."""
    if len(groups) < 2 or bool((groups[1:] >= groups[:-1]).all()):
        return None
    top = int(groups.max())
    # small integer types sort by radix (one pass per byte)
    kind = np.uint8 if top < 1 << 8 else np.uint16 if top < 1 << 16 else np.int64
    return np.argsort(groups.astype(kind), kind="stable").astype(np.int64, copy=False)


def range_max(tops: list[Ints], starts: Ints, stops: Ints) -> Ints:
    """Return the maximum of ``tops[0][start:stop]`` per range (-1 for an empty one).

    *tops* is a sparse table: ``tops[k][i]`` is the maximum of ``tops[0][i:i + 2**k]``.

    >>> values = np.array([3, 9, 4, 1])
    >>> range_max(sparse_table(values), np.array([0, 2, 3]), np.array([4, 4, 3])).tolist()
    [9, 4, -1]
    """
    size = stops - starts
    out = np.full(len(starts), -1, dtype=np.int64)
    filled = np.flatnonzero(size > 0)
    if not len(filled):
        return out
    level = np.frexp(size[filled].astype(np.float64))[1] - 1  # floor(log2(size))
    lo, hi = starts[filled], stops[filled] - (1 << level)
    best = np.empty(len(filled), dtype=np.int64)
    for k in np.unique(level).tolist():
        at = level == k
        best[at] = np.maximum(tops[k][lo[at]], tops[k][hi[at]])
    out[filled] = best
    return out


def sparse_table(values: Ints) -> list[Ints]:
    """Return the levels of a range-maximum table over *values* (O(n log n))."""
    tops = [values]
    width = 1
    while 2 * width <= len(values):
        prev = tops[-1]
        tops.append(np.maximum(prev[: len(prev) - width], prev[width:]))
        width *= 2
    return tops
