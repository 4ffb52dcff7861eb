"""Counting events per calendar bucket, honest about fuzzy dates: :class:`Counts`.

An event is counted by the day it happens (a period by its start). ``low`` counts the events
that certainly fall in a bucket; ``high`` adds those that may (their date range crosses a
bucket boundary). :func:`count` does the tally on the index's date column, with numpy
(``bincount`` and a difference array for the events that span several buckets).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._display import table
from aitimeline._index import TemporalColumn
from aitimeline.exceptions import QueryError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Counts", "Every", "bucket_label", "count"]

Ints: TypeAlias = npt.NDArray[np.int64]

_EPOCH_ORDINAL: Final = 719163
"""``datetime.date(1970, 1, 1).toordinal()``: day 0 of numpy's datetime64."""
_MAX_FINITE: Final = 3_000_000
"""Day ordinals at or above this (year 8214 on) are treated as open ends (``MAX_DATE``)."""
_MIN_FINITE: Final = 1
"""Day ordinals at or below this (1 January of year 1) are treated as open ends (``MIN_DATE``)."""

GroupRows: TypeAlias = tuple[tuple[Hashable, ...], Ints] | list[tuple[Hashable, Ints]]
"""Group keys and a group code per row (a scalar field), or the rows of each group."""

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


def bucket_label(b: int, every: Every) -> str:
    """Name bucket *b* (months, quarters or years since 1970): ``2024-03``, ``2024-Q1``..."""
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

    def _repr_html_(self) -> str:
        """Return an HTML table: one row per group, one column per bucket, ``low`` or a range."""

        def shown(lo: int, hi: int) -> str:
            return str(lo) if lo == hi else f"{lo}\N{EN DASH}{hi}"

        rows = [
            [("(none)" if g is None else g), *(shown(a, b) for a, b in zip(lo, hi, strict=True))]
            for g, lo, hi in zip(self.groups, self.low, self.high, strict=True)
        ]
        return table(repr(self), [self.by or "group", *self.buckets], rows)

    def __repr__(self) -> str:
        """Return a short summary."""
        total = sum(map(sum, self.low))
        return (
            f"<Counts by={self.by!r} every={self.every!r}: {len(self.groups)} groups, "
            f"{len(self.buckets)} buckets, {total} events placed, {sum(self.uncertain)} uncertain>"
        )


def count(when: TemporalColumn, group_rows: GroupRows, by: str | None, every: Every) -> Counts:
    """Count the rows of *when* per bucket of size *every* and per group (see :class:`Counts`).

    Args:
        when: The date column of the index, one entry per event.
        group_rows: ``(keys, code per row)`` for a scalar field, or ``[(key, rows)]`` for a
            collection field, where an event counts once in each of its values' groups.
        by: The field grouped by, for the result's label.
        every: ``"month"``, ``"quarter"`` or ``"year"``.

    Raises:
        QueryError: an unknown bucket size.
    """
    if every not in _EVERY:
        msg = f"every={every!r} is not a bucket size; expected one of {', '.join(_EVERY)}"
        raise QueryError(msg)
    b_lo = _buckets(when.s_lo, every)
    b_hi = b_lo if when.width == 0 else _buckets(when.s_hi, every)
    placed = b_lo == b_hi if when.width else None
    # the buckets shown: from the first to the last one an event may fall in, open ends aside
    finite = (when.s_lo > _MIN_FINITE) & (when.s_hi < _MAX_FINITE)
    ends = [b_lo[finite], b_hi[finite]]
    if placed is not None:
        ends.append(b_lo[placed])
    edges = np.concatenate(ends) if len(when.s_lo) else np.zeros(0, dtype=np.int64)
    first = int(edges.min()) if len(edges) else 0
    width = int(edges.max()) - first + 1 if len(edges) else 0
    labels = tuple(bucket_label(b, every) for b in range(first, first + width))
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
