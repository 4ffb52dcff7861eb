"""The right side of the as-of join: its rows by group, and the lookups searches need (private).

:class:`Right` orders the right rows by (group, timeline order) as (group, day) keys, and
builds on first use what :mod:`aitimeline._asof_join` searches: the exact days' first and
last rows, the fuzzy rows by width class and by latest day, running win counts, and count
tables over (group, day) cells that answer many searches with one gather. Everything in it
depends on the right rows and group codes alone, so one :class:`Right` serves every join
against the same side (:mod:`aitimeline._asof` keeps it beside the date column).
"""

from __future__ import annotations

import functools
from typing import Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from aitimeline._join_arrays import group_order, search, sparse_table, suffix_min

__all__ = ["GRID_QUERIES", "SHIFT", "K", "Right"]

Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]

SHIFT: Final = 23
K: Final = 1 << SHIFT
"""The key range of one group: every day ordinal (below 2**22) and its neighbours fit in it."""
GRID_QUERIES = 4
"""Count tables answer searches of keys searched by at least one query per this many keys."""


class Right:
    """The right rows ordered by (group, timeline order), with the lookups the join needs.

    The exact-day and fuzzy-row lookups are built on first use: a join of exact dates needs
    none of them.
    """

    def __init__(
        self, lo: Ints, hi: Ints, groups: Ints | None, n_groups: int, *, grid: tuple[int, int]
    ) -> None:
        """Order rows (earliest days *lo*, latest *hi*) by group code, below *n_groups*.

        *grid* (cells per row, floor) bounds the (group, day) count tables (see
        :meth:`_use_grid`).
        """
        days = (int(lo[0]), int(lo[-1])) if len(lo) else (0, 0)  # timeline order: the range
        perm = None if groups is None else group_order(groups)
        counts = None if groups is None else np.bincount(groups, minlength=n_groups)
        if perm is not None:
            lo, hi = lo.take(perm), hi.take(perm)  # take: 3x faster than [] on a strided column
        self.perm = perm
        """The right row at each sorted position (None: the rows are in order)."""
        if counts is None:  # columns of a wider array: copied once, every pass reads less
            lo, hi = np.ascontiguousarray(lo), np.ascontiguousarray(hi)
        self.fuzzy: Bools = lo != hi
        self.any_fuzzy = bool(self.fuzzy.any())
        self.n_groups = n_groups
        """How many group codes there are (some may have no row)."""
        if counts is None:
            self.lo_k: Ints = lo
            self.hi_k: Ints = hi
            self.group_start: Ints = np.array([0, len(lo)], dtype=np.int64)
        else:
            # in group order the group keys are runs: no gather of the codes is needed
            base = np.repeat(np.arange(n_groups, dtype=np.int64) << SHIFT, counts)
            self.lo_k = base + lo
            """(group, earliest day) keys, increasing."""
            self.hi_k = self.lo_k
            """(group, latest day) keys."""
            if self.any_fuzzy:
                base += hi
                self.hi_k = base
            self.group_start = np.zeros(n_groups + 1, dtype=np.int64)
            np.cumsum(counts, out=self.group_start[1:])
            """The first sorted position of each group code, and the total at the end."""
        self._counts: dict[int, tuple[Ints, Ints]] = {}
        self._cells: dict[tuple[int, str], tuple[Ints, Ints]] = {}
        self._grid = self._use_grid(days, *grid) if len(lo) else None

    def _use_grid(
        self, days: tuple[int, int], cells: int, floor: int
    ) -> tuple[int, int, int] | None:
        """Return (first day, days, groups) of the (group, day) count tables, if they are few.

        The tables answer searches through cumulative counts over (group, day) cells; there
        are at most *cells* per row, or *floor*. They span this side's days alone (*days*:
        its first and last earliest day) with a day of margin on either side: a query of a
        day beyond them (still >= 0, as every ordinal is) counts as before or after every key
        of its group.
        """
        first = days[0] - 1
        width = self.last_day(days[1]) + 1 - first + 1
        small = first >= 0 and self.n_groups * width <= max(cells * len(self.lo_k), floor)
        return (first, width, self.n_groups) if small else None

    @property
    def gridded(self) -> bool:
        """Whether searches go through the (group, day) count tables."""
        return self._grid is not None

    def ss(self, keys: Ints, queries: Ints, side: Literal["left", "right"]) -> Ints:
        """Return ``np.searchsorted(keys, queries, side)`` for (group, day) keys."""
        grid = self._grid
        if grid is None or (
            id(keys) not in self._counts and len(queries) * GRID_QUERIES < len(keys)
        ):  # a count table costs a pass over the keys: few queries search them instead
            return search(keys, queries, side)
        first, width, groups = grid
        known = self._cells.get((id(queries), side))
        if known is None:
            cell = (queries & (K - 1)) - first if groups > 1 else queries - first
            if side == "right":
                cell += 1
            np.clip(cell, 0, width, out=cell)
            if groups > 1:
                cell += (queries >> SHIFT) * width
            self._cells[id(queries), side] = (queries, cell)  # queries kept: id stays theirs
        else:
            cell = known[1]
        found = self._counts.get(id(keys))
        if found is None:
            lead = int(np.searchsorted(keys, 0))  # sentinels below every key
            real = keys[lead:]
            cells = (real >> SHIFT) * width + (real & (K - 1)) - first
            cum = np.full(groups * width + 1, lead, dtype=np.int64)
            cum[1:] += np.cumsum(np.bincount(cells, minlength=groups * width))
            found = self._counts[id(keys)] = (cum, keys)  # keys kept: their id stays theirs
        out: Ints = found[0].take(cell)
        return out

    def forget_queries(self) -> None:
        """Drop the cells of the queries searched so far (the next chunk has its own)."""
        self._cells.clear()

    def rows(self, pos: Ints) -> Ints:
        """Return the right rows at sorted positions *pos* (-1 stays -1)."""
        if self.perm is None:
            return pos
        out: Ints = self.perm.take(pos)
        out[pos < 0] = -1
        return out

    @functools.cached_property
    def exact_days(self) -> tuple[Ints, Ints, Ints, Ints]:
        """Return the exact days' lookups, each led by a sentinel below every key.

        They are: the distinct (group, day) keys of the exact rows, increasing; per day its
        first and its last exact row (sorted positions); per day the last key of the run of
        consecutive exact days it is in.
        """
        first_e, last_e, days = self._exact_blocks()
        brk = np.ones(len(days), dtype=bool)
        brk[1:] = days[1:] != days[:-1] + 1
        starts = np.flatnonzero(brk)
        run_last = days[np.append(starts[1:] - 1, len(days) - 1)] if len(days) else days
        run_end = np.repeat(run_last, np.diff(np.append(starts, len(days))))
        lead = np.array([-1], dtype=np.int64)
        return (
            np.concatenate([lead, days]),
            np.concatenate([lead, first_e]),
            np.concatenate([lead, last_e]),
            np.concatenate([lead, run_end]),
        )

    def _exact_blocks(self) -> tuple[Ints, Ints, Ints]:
        """Return per (group, day) with exact rows its first and last exact row, and its key.

        The rows of one (group, earliest day) are a block of sorted positions; fuzzy rows
        (few) may sit anywhere in it, so the first exact row is the block's first unless
        that is fuzzy, then the one after its run of consecutive fuzzy positions (the last
        exact row: the block's last, or the one before its run).
        """
        lo_k, fz = self.lo_k, self.fz
        n = len(lo_k)
        new = np.empty(n, dtype=bool)
        new[0] = True
        np.not_equal(lo_k[1:], lo_k[:-1], out=new[1:])
        start = np.flatnonzero(new).astype(np.int64)
        stop = np.append(start[1:], n)
        first, last = start, stop - 1
        if len(fz):
            gap = fz - np.arange(len(fz))  # constant along a run of consecutive positions
            k = np.minimum(np.searchsorted(fz, start), len(fz) - 1)
            first = np.where(fz[k] == start, gap[k] + np.searchsorted(gap, gap[k], "right"), start)
            k = np.minimum(np.searchsorted(fz, last), len(fz) - 1)
            last = np.where(fz[k] == last, gap[k] + np.searchsorted(gap, gap[k], "left") - 1, last)
        keep = first < stop  # a day with an exact row
        return first[keep], last[keep], lo_k.take(start[keep])

    @functools.cached_property
    def fz(self) -> Ints:
        """The sorted positions of the fuzzy rows (increasing, so ordered by earliest day)."""
        return np.flatnonzero(self.fuzzy).astype(np.int64)

    @functools.cached_property
    def classes(self) -> tuple[tuple[Ints, Ints, int], ...]:
        """Fuzzy rows by width class (powers of two): positions, earliest-day keys, widest."""
        fz = self.fz
        width = self.hi_k.take(fz) - self.lo_k.take(fz)
        cls_of = np.frexp(width.astype(np.float64))[1]
        out = []
        for c in np.unique(cls_of).tolist():
            members = fz[cls_of == c]
            out.append((members, self.lo_k[members], int(width[cls_of == c].max())))
        return tuple(out)

    def last_day(self, last_start: int) -> int:
        """Return the latest day of every right row, given the latest earliest day."""
        fz = self.fz
        if not len(fz):
            return last_start
        return max(last_start, int((self.hi_k.take(fz) & (K - 1)).max()))

    def last_ending(self, keys: Ints) -> Ints:
        """Return, per (group, day) key, the last sorted position whose latest key is <= it.

        That is the last exact row on or before the key's day, or the last fuzzy row ending
        by then, whichever comes later (-1: none).
        """
        if not self.any_fuzzy:
            m = self.ss(self.hi_k, keys, "right")
            m -= 1
            return m
        days, _, last_e, _ = self.exact_days
        _, fz_key = self.by_hi
        m = last_e.take(self.ss(days, keys, "right") - 1)  # days lead with a sentinel
        out: Ints = np.maximum(m, self.fz_last.take(self.ss(fz_key, keys, "right")), out=m)
        return out

    @functools.cached_property
    def fz_last(self) -> Ints:
        """The last sorted position among the fuzzy rows by latest day up to each (-1 first)."""
        out = np.full(len(self.fz) + 1, -1, dtype=np.int64)
        np.maximum.accumulate(self.by_hi[0], out=out[1:])
        return out

    @functools.cached_property
    def by_hi(self) -> tuple[Ints, Ints]:
        """The fuzzy rows ordered by latest day, and their latest-day keys."""
        fzh = self.fz[np.argsort(self.hi_k[self.fz], kind="stable")]
        return fzh, self.hi_k[fzh]

    @functools.cached_property
    def fz_lo(self) -> Ints:
        """The earliest-day keys of the fuzzy rows (increasing)."""
        return self.lo_k[self.fz]

    @functools.cached_property
    def late_wins(self) -> tuple[Bools, Ints, Ints]:
        """Per fuzzy row: whether it wins its first day backward, and more.

        Also the first later day with no exact row, and the running count of the wins (for
        counts over windows).
        """
        day, hit = self.day_of(self.fz_lo)
        beats = ~hit | (self.fz > self.exact_days[2][day])
        won = np.zeros(len(beats) + 1, dtype=np.int64)
        np.cumsum(beats, out=won[1:])
        return beats, self.first_open(self.fz_lo + 1), won

    @functools.cached_property
    def least_hi(self) -> Ints:
        """Per sorted position, the row of least (latest day, position) from there on."""
        by_hi = np.argsort(self.hi_k, kind="stable").astype(np.int64)
        rank = np.empty_like(by_hi)
        rank[by_hi] = np.arange(len(by_hi), dtype=np.int64)
        out: Ints = by_hi[suffix_min(rank)]
        return out

    @functools.cached_property
    def class_of(self) -> npt.NDArray[np.int8]:
        """Per sorted position, the width class of a fuzzy row (-1: exact).

        Kept with the side: one byte a row (there are at most 23 classes of widths below
        2**22 days).
        """
        out = np.full(len(self.lo_k), -1, dtype=np.int8)
        for k, (members, _, _) in enumerate(self.classes):
            out[members] = k
        return out

    @functools.cached_property
    def class_reach(self) -> list[tuple[list[Ints], Ints]]:
        """Per width class: a range-maximum table of latest-day keys, and running win counts."""
        out = []
        for members, _, _ in self.classes:
            won = np.zeros(len(members) + 1, dtype=np.int64)
            np.cumsum(self.wins_forward[members], out=won[1:])
            out.append((sparse_table(self.hi_k[members]), won))
        return out

    @functools.cached_property
    def wins_forward(self) -> Bools:
        """Per sorted position: whether a fuzzy row wins its first day forward."""
        day, hit = self.day_of(self.fz_lo)
        out = np.zeros(len(self.lo_k), dtype=bool)
        out[self.fz] = ~hit | (self.fz < self.exact_days[1][day])
        return out

    def day_of(self, keys: Ints) -> tuple[Ints, Bools]:
        """Return, per key, the index of its exact day and whether that day is one."""
        days = self.exact_days[0]
        i = np.minimum(self.ss(days, keys, "left"), len(days) - 1)
        return i, days[i] == keys

    def first_open(self, keys: Ints) -> Ints:
        """Return, per (group, day) key, the first key on or after it with no exact row."""
        j, hit = self.day_of(keys)
        return np.where(hit, self.exact_days[3][j] + 1, keys)
