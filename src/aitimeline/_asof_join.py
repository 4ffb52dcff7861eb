"""The as-of join on arrays of day ranges: the kernel behind ``Timeline.as_of`` (private).

The law it computes is stated in :mod:`aitimeline._asof`. A left row's answer depends on its
(group, earliest, latest) alone: left rows are joined once per distinct one (runs, in timeline
order) and the answers gathered, candidate sets included. Exact dates go through a small
(group, day) table: a running maximum (forward: minimum) over the days of each group gives
every left row its match in O(n + groups x days); a wide day range falls back to binary
searches. Fuzzy dates go through searches on (group, day) keys (cumulative counts over the
(group, day) cells for keys searched often), in index ranges whose union is exactly the
candidate set (the derivation is in :func:`join_arrays`); left rows run in chunks so that
temporaries stay small. Every row's match and ambiguity come at once; the candidate sets (CSR
arrays) the first time they are asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final, Literal, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from aitimeline._join_arrays import group_order, range_max, search, sparse_table, spread, suffix_min

__all__ = ["Direction", "Joined", "join_arrays"]

Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]
Direction: TypeAlias = Literal["backward", "forward"]

_SHIFT: Final = 23
_K: Final = 1 << _SHIFT
"""The key range of one group: every day ordinal (below 2**22) and its neighbours fit in it."""
DENSE_CELLS = 4
"""Exact dates join through a (group, day) table of up to this many cells per row ..."""
DENSE_FLOOR = 1 << 16
"""... or of up to this many cells (module settings only so that tests can turn it off)."""
GRID_CELLS = 1
"""Fuzzy dates search through (group, day) count tables of up to this many cells per row ..."""
GRID_FLOOR = 1 << 16
"""... or of up to this many cells (settings only so that tests can turn the tables off)."""
GRID_QUERIES = 4
"""... for keys searched by at least one query per this many keys."""

PairsFn: TypeAlias = "Callable[[], tuple[Ints, Ints]]"
CsrFn: TypeAlias = "Callable[[Ints], tuple[Ints, Ints]]"


class Joined:
    """The as-of join of two sequences of day ranges, as arrays.

    The match and the ambiguity of every left row are computed at once; the candidate sets of
    the ambiguous rows (CSR arrays) the first time they are asked for.
    """

    def __init__(
        self,
        match: Ints,
        ambiguous: Bools,
        pairs: PairsFn | None = None,
        *,
        csr: CsrFn | None = None,
    ) -> None:
        """Hold *match* and *ambiguous* per left row.

        *pairs* lists the candidate pairs; or *csr* gives the offsets and candidates of the
        ambiguous rows it is given, in order.
        """
        self.match = match
        """Per left row, the right row of its certain match, or -1."""
        self.ambiguous = ambiguous
        """Per left row, whether it has a candidate other than its match."""
        self._pairs = pairs
        self._csr = csr

    @functools.cached_property
    def csr(self) -> tuple[Ints, Ints, Ints]:
        """Return (ambiguous rows, offsets, right rows), a CSR of the candidate sets.

        The candidates of ``rows[i]`` are ``indices[offsets[i]:offsets[i + 1]]``, in
        timeline order.
        """
        rows = np.flatnonzero(self.ambiguous).astype(np.int64)
        if self._csr is not None and len(rows):
            offsets, indices = self._csr(rows)
            self._csr = None
            return rows, offsets, indices
        if self._pairs is None or not len(rows):
            return rows, np.zeros(len(rows) + 1, dtype=np.int64), np.zeros(0, dtype=np.int64)
        left, right = self._pairs()
        self._pairs = None  # let go of the windows the pairs came from
        keep = self.ambiguous[left]
        left, right = left[keep], right[keep]
        width = int(right.max(initial=0)) + 1
        order = np.argsort(left * width + right, kind="stable")  # merges sorted runs
        counts = np.bincount(left, minlength=len(self.match))[rows]
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return rows, offsets, right[order]


class _Right:
    """The right rows ordered by (group, timeline order), with the lookups the join needs.

    The exact-day and fuzzy-row lookups are built on first use: a join of exact dates needs
    none of them.
    """

    def __init__(self, lo: Ints, hi: Ints, groups: Ints | None, n_groups: int) -> None:
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
        if counts is None:
            self.lo_k: Ints = lo
            self.hi_k: Ints = hi
            self.group_start: Ints = np.array([0, len(lo)], dtype=np.int64)
            return
        # in group order the group keys are runs: no gather of the codes is needed
        base = np.repeat(np.arange(n_groups, dtype=np.int64) << _SHIFT, counts)
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

    def use_grid(self, first: int, last: int, groups: int) -> None:
        """Answer searches through cumulative counts over (group, day) cells if they are few.

        Every key and query of the join has a day in ``[first, last]`` (queries beyond count
        as before or after every key of their group) and a group below *groups*.
        """
        width = last - first + 1
        small = first >= 0 and groups * width <= max(GRID_CELLS * len(self.lo_k), GRID_FLOOR)
        self._grid = (first, width, groups) if small else None
        self._counts: dict[int, tuple[Ints, Ints]] = {}
        self._cells: dict[tuple[int, str], tuple[Ints, Ints]] = {}

    @property
    def gridded(self) -> bool:
        """Whether searches go through the (group, day) count tables."""
        return getattr(self, "_grid", None) is not None

    def ss(self, keys: Ints, queries: Ints, side: Literal["left", "right"]) -> Ints:
        """Return ``np.searchsorted(keys, queries, side)`` for (group, day) keys."""
        grid = getattr(self, "_grid", None)
        if grid is None or (
            id(keys) not in self._counts and len(queries) * GRID_QUERIES < len(keys)
        ):  # a count table costs a pass over the keys: few queries search them instead
            return search(keys, queries, side)
        first, width, groups = grid
        known = self._cells.get((id(queries), side))
        if known is None:
            cell = (queries & (_K - 1)) - first if groups > 1 else queries - first
            if side == "right":
                cell += 1
            np.clip(cell, 0, width, out=cell)
            if groups > 1:
                cell += (queries >> _SHIFT) * width
            self._cells[id(queries), side] = (queries, cell)  # queries kept: id stays theirs
        else:
            cell = known[1]
        found = self._counts.get(id(keys))
        if found is None:
            lead = int(np.searchsorted(keys, 0))  # sentinels below every key
            real = keys[lead:]
            cells = (real >> _SHIFT) * width + (real & (_K - 1)) - first
            cum = np.full(groups * width + 1, lead, dtype=np.int64)
            cum[1:] += np.cumsum(np.bincount(cells, minlength=groups * width))
            found = self._counts[id(keys)] = (cum, keys)  # keys kept: their id stays theirs
        out: Ints = found[0].take(cell)
        return out

    def forget_queries(self) -> None:
        """Drop the cells of the queries searched so far (the next chunk has its own)."""
        if hasattr(self, "_cells"):
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
        return max(last_start, int((self.hi_k.take(fz) & (_K - 1)).max()))

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
    def class_of(self) -> Ints:
        """Per sorted position, the width class of a fuzzy row (-1: exact)."""
        out = np.full(len(self.lo_k), -1, dtype=np.int64)
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


def join_arrays(
    l_lo: Ints,
    l_hi: Ints,
    l_group: Ints | None,
    r_lo: Ints,
    r_hi: Ints,
    r_group: Ints | None,
    direction: Direction,
    *,
    allow_exact: bool,
    exact_starts: bool = False,
) -> Joined:
    """Join left day ranges to right ones as-of, by group codes, under the module's law.

    Rows are in timeline order on each side (``r_lo`` non-decreasing);
    group codes are non-negative ints (None: one group).
    Going backward, left thresholds ``t`` lie in ``[A, B] = [lo - s, hi - s]`` (``s`` is 1
    when exact matches are not allowed); a right row *j* is the match of a completion where
    it sits on day *v* and ``t = max(v, A)`` exactly when the last right row *m(t)* with
    ``hi <= t`` is *j* or earlier, or starts before *v*. Working that through, the candidates
    of a left row are the certain match ``m = m(A)``, the fuzzy rows with
    ``lo[m] < hi < A``, for every exact day *v* in ``[A, B]`` its last exact row, and the
    fuzzy rows that can sit on a day of ``[A, B]`` not taken by a later exact row (one that
    starts on *v* after its exact rows, or covers a day with no exact row). Going forward
    (``[A, B] = [lo + s, hi + s]``) they are the rows from the first that starts after *B*
    up to the least ``(hi, row)`` among rows starting on or after *B*, the first exact row
    of each exact day in ``[A, B]``, and the fuzzy rows that can sit in ``[A, B]`` (all but
    those starting on *B* after an exact row of *B*). *exact_starts* says that every ``lo``
    is its ``hi`` on both sides (known from the columns), sparing the check.
    """
    n_l = len(l_lo)
    if not len(r_lo) or not n_l:
        return Joined(np.full(n_l, -1, dtype=np.int64), np.zeros(n_l, dtype=bool))
    step = (-1 if direction == "backward" else 1) * (0 if allow_exact else 1)
    if not exact_starts:  # columns of a wider array: copied once, read several times below
        l_lo, l_hi = np.ascontiguousarray(l_lo), np.ascontiguousarray(l_hi)
    left_exact = exact_starts or bool((l_lo == l_hi).all())
    if exact_starts or (left_exact and bool((r_lo == r_hi).all())):
        found = _dense_match(l_lo + step if step else l_lo, l_group, r_lo, r_group, direction)
        if found is not None:
            return Joined(found, np.zeros(n_l, dtype=bool))
    if l_group is None or r_group is None:
        l_group = r_group = None
        n_groups = 1
    else:
        n_groups = int(max(l_group.max(), r_group.max())) + 1
    right = _Right(r_lo, r_hi, r_group, n_groups)
    distinct = _distinct(l_lo, l_hi, l_group, n_groups)
    right.use_grid(
        min(int(r_lo[0]), int(l_lo[0]) + step) - 1,  # both in timeline order
        max(right.last_day(int(r_lo[-1])), int(l_hi.max()) + step) + 1,
        n_groups,
    )
    if distinct is None:
        return _join_rows(right, (l_lo, l_hi, l_group), direction, step, exact=left_exact)
    cell, u_lo, u_hi, u_group = distinct
    inner = _join_rows(right, (u_lo, u_hi, u_group), direction, step, exact=left_exact)
    return Joined(inner.match.take(cell), inner.ambiguous.take(cell), csr=_expand(inner, cell))


DISTINCT_SHARE = 0.5
"""Left rows are joined once per distinct (group, earliest, latest) if there are at most this
many distinct ones per row (a setting only so that tests can force or forbid it)."""


def _distinct(
    lo: Ints, hi: Ints, group: Ints | None, n_groups: int
) -> tuple[Ints, Ints, Ints, Ints | None] | None:
    """Return each left row's cell, and per cell its (earliest, latest, group); None: too many.

    A left row's match, ambiguity and candidates depend on its (group, earliest, latest)
    alone. In timeline order rows of equal (earliest, latest) are runs; the cells are
    (group, run) pairs, numbered group first so that their keys increase.
    """
    n = len(lo)
    lo, hi = np.ascontiguousarray(lo), np.ascontiguousarray(hi)  # read twice each below
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(lo[1:], lo[:-1], out=new[1:])
    new[1:] |= hi[1:] != hi[:-1]
    starts = np.flatnonzero(new)
    runs = len(starts)
    if runs * n_groups > DISTINCT_SHARE * n:
        return None
    # run numbers by repeating each as often as its run is long: a fill, cheaper than a cumsum
    cell = np.repeat(np.arange(runs, dtype=np.int64), np.diff(starts, append=n))
    u_lo, u_hi = lo[starts], hi[starts]
    if group is None:
        return cell, u_lo, u_hi, None
    cell += group * runs
    u_group = np.repeat(np.arange(n_groups, dtype=np.int64), runs)
    return cell, np.tile(u_lo, n_groups), np.tile(u_hi, n_groups), u_group


def _expand(inner: Joined, cell: Ints) -> CsrFn:
    """Return the function that turns the cells' candidate sets into the rows' ones."""

    def expand(rows: Ints) -> tuple[Ints, Ints]:
        c_rows, c_off, c_idx = inner.csr
        slot = np.full(len(inner.match), -1, dtype=np.int64)
        slot[c_rows] = np.arange(len(c_rows), dtype=np.int64)
        k = slot.take(cell.take(rows))
        starts, stops = c_off.take(k), c_off.take(k + 1)
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(stops - starts, out=offsets[1:])
        return offsets, c_idx.take(spread(starts, stops)[1])

    return expand


def _join_rows(
    right: _Right,
    left: tuple[Ints, Ints, Ints | None],
    direction: Direction,
    step: int,
    *,
    exact: bool,
) -> Joined:
    """Join the left rows (lo, hi, group) to the prepared right rows (see join_arrays)."""
    l_lo, l_hi, group = left
    # sorted queries make binary searches cache-friendly; grid lookups do not need them
    l_perm = None if group is None or right.gridded else group_order(group)
    if l_perm is not None and group is not None:
        l_lo, l_hi, group = l_lo[l_perm], l_hi[l_perm], group[l_perm]
    q_a, q_b = _queries(l_lo, l_hi, group, step, exact=exact)
    start = right.group_start if direction == "backward" else right.group_start[1:]
    edge = start[:1] if group is None else start.take(group)
    match_pos, amb, pairs = _in_chunks(
        right, (q_a, q_b, edge), direction, exact=exact and not right.any_fuzzy
    )
    match = right.rows(match_pos)
    if l_perm is not None:
        match, amb = _unsort(match, l_perm), _unsort(amb, l_perm)
    if pairs is None:
        return Joined(match, amb)
    sorted_pairs = pairs

    def original_pairs() -> tuple[Ints, Ints]:
        rows, pos = sorted_pairs()
        return (rows if l_perm is None else l_perm[rows]), right.rows(pos)

    return Joined(match, amb, original_pairs)


_CHUNK: Final = 1 << 15
"""Left rows are joined this many at a time: small temporaries stay in cache and are reused."""


def _in_chunks(
    right: _Right, queries: tuple[Ints, Ints, Ints], direction: Direction, *, exact: bool
) -> tuple[Ints, Bools, PairsFn | None]:
    """Run the backward or forward join over chunks of left rows; concatenate the answers."""
    q_a, q_b, edge = queries
    step = _backward if direction == "backward" else _forward
    matches, ambiguous, thunks = [], [], []
    for lo in range(0, len(q_a), _CHUNK):
        part = slice(lo, lo + _CHUNK)
        e = edge if len(edge) == 1 else edge[part]
        m, amb, pairs = step(right, q_a[part], q_b[part], e, exact=exact)
        right.forget_queries()
        matches.append(m)
        ambiguous.append(amb)
        if pairs is not None:
            thunks.append((lo, pairs))
    if not thunks:
        return np.concatenate(matches), np.concatenate(ambiguous), None

    def collected() -> tuple[Ints, Ints]:
        found = [(rows + lo, pos) for lo, thunk in thunks for rows, pos in [thunk()]]
        return _collect(found)

    return np.concatenate(matches), np.concatenate(ambiguous), collected


_A = TypeVar("_A", bound=np.generic)


def _unsort(values: npt.NDArray[_A], perm: Ints) -> npt.NDArray[_A]:
    out = np.empty_like(values)
    out[perm] = values
    return out


def _queries(
    lo: Ints, hi: Ints, group: Ints | None, step: int, *, exact: bool
) -> tuple[Ints, Ints]:
    """Return the (group, day) keys of the left thresholds ``[lo + step, hi + step]``."""
    if group is None:
        q_a = np.ascontiguousarray(lo, dtype=np.int64) + step
        return q_a, q_a if exact else np.ascontiguousarray(hi, dtype=np.int64) + step
    q_a = group * _K
    q_b = q_a if exact else q_a.copy()
    q_a += lo
    q_a += step
    if not exact:
        q_b += hi
        q_b += step
    return q_a, q_b


def _dense_match(
    days: Ints, l_group: Ints | None, r_days: Ints, r_group: Ints | None, direction: Direction
) -> Ints | None:
    """Return the match of exact days through a (group, day) table, or None if it is too big.

    Going backward, each cell holds the last right row on that day, and a running maximum
    along the days turns it into the last right row on or before it (forward: the first on
    or after, a running minimum from the end). O(n + groups x days).
    """
    lo, hi = int(days[0]), int(days[-1])  # timeline order: non-decreasing
    width = hi - lo + 1
    groups = 1 if l_group is None or r_group is None else int(max(l_group.max(), r_group.max())) + 1
    if groups * width > max(DENSE_CELLS * (len(days) + len(r_days)), DENSE_FLOOR):
        return None
    n_r = len(r_days)
    backward = direction == "backward"
    if r_group is None:  # one group: search the right days for every day of the table
        cells = np.arange(lo, hi + 1, dtype=np.int64)
        table = np.searchsorted(r_days, cells, "right" if backward else "left").astype(np.int64)
        if backward:
            table -= 1
        else:
            table[table == n_r] = -1
    else:  # the rows outside [lo, hi] are a prefix and a suffix: right days are in order
        start = 0 if backward else int(np.searchsorted(r_days, lo, "left"))
        stop = int(np.searchsorted(r_days, hi, "right")) if backward else n_r
        cell = r_days[start:stop] - lo
        if backward:  # rows before lo are before every left day: the group's first cell
            np.maximum(cell, 0, out=cell)
        else:
            np.minimum(cell, width - 1, out=cell)
        cell += r_group[start:stop] * width
        table = np.full(groups * width, -1 if backward else n_r, dtype=np.int64)
        rows = np.arange(start, stop, dtype=np.int64)
        (np.maximum if backward else np.minimum).at(table, cell, rows)
        grid = table.reshape(groups, width)
        if backward:
            np.maximum.accumulate(grid, axis=1, out=grid)
        else:
            flipped = grid[:, ::-1]
            np.minimum.accumulate(flipped, axis=1, out=flipped)
            table[table == n_r] = -1
    key = days - lo
    if l_group is not None:
        key += l_group * width
    match: Ints = table.take(key)
    return match


def _collect(parts: list[tuple[Ints, Ints]]) -> tuple[Ints, Ints]:
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))


def _backward(
    right: _Right, q_a: Ints, q_b: Ints, start: Ints, *, exact: bool
) -> tuple[Ints, Bools, PairsFn | None]:
    lo_k, hi_k, fuzzy = right.lo_k, right.hi_k, right.fuzzy
    m = right.last_ending(q_a)
    has = m >= start  # start: the first sorted position of the row's group
    m[~has] = -1
    if exact:
        return m, np.zeros(len(m), dtype=bool), None
    mm = np.maximum(m, 0)
    base = (q_a >> _SHIFT) << _SHIFT  # the group's first key
    days, _, last_e, _ = right.exact_days
    # W2: fuzzy rows with lo[m] < hi < A
    fzh, fzh_key = right.by_hi
    s2 = right.ss(fzh_key, np.where(has, lo_k[mm], base), "right")
    e2 = np.where(has, right.ss(fzh_key, q_a, "left"), s2)
    # W3: the last exact row of each exact day in [A, B]
    s3, e3 = right.ss(days, q_a, "left"), right.ss(days, q_b, "right")
    # W4: fuzzy rows starting in [A, B]; one wins on its first day v unless a later exact row
    # is there (beats), or on a later day of its range up to B with no exact row (free)
    fz_lo = right.fz_lo
    s4, e4 = right.ss(fz_lo, q_a, "left"), right.ss(fz_lo, q_b, "right")
    beats, free, won = right.late_wins
    # W5: fuzzy rows starting before A that reach the first day >= A with no exact row
    o = right.first_open(q_a)
    open_rows = o <= q_b
    w5 = []
    busy5 = np.zeros(len(q_a), dtype=bool)
    for members, keys, widest in right.classes:
        s5 = right.ss(keys, np.maximum(o - widest, base), "left")
        e5 = np.where(open_rows, right.ss(keys, q_a, "left"), s5)
        busy5 |= e5 > s5
        w5.append((members, s5, e5))
    # ambiguous: a candidate besides m; W2 and W3 hold only candidates, W4 those that beat
    amb = (e2 - s2) > (has & fuzzy[mm] & (hi_k[mm] < q_a))
    amb |= (e3 - s3) > (has & ~fuzzy[mm] & (hi_k[mm] >= q_a))
    amb |= won[e4] > won[s4]
    maybe = np.flatnonzero(~amb & ((e4 > s4) | busy5))
    if len(maybe):
        late = _late_fuzzy(right, maybe, (s4, e4, beats, free), q_b, (o, w5), m)
        amb[_collect(late)[0]] = True

    def pairs() -> tuple[Ints, Ints]:
        rows = np.flatnonzero(amb).astype(np.int64)
        mr = m[rows]
        parts = [(rows[mr >= 0], mr[mr >= 0])]
        which, i = spread(s2[rows], e2[rows])
        parts.append((rows[which], fzh[i]))
        which, i = spread(s3[rows], e3[rows])
        parts.append((rows[which], last_e[i]))
        parts += _late_fuzzy(right, rows, (s4, e4, beats, free), q_b, (o, w5), m)
        rows_all, pos_all = _collect(parts)
        first = len(parts[0][0])
        dup = np.zeros(len(rows_all), dtype=bool)
        dup[first:] = pos_all[first:] == m[rows_all[first:]]
        return rows_all[~dup], pos_all[~dup]

    return m, amb, pairs


def _late_fuzzy(
    right: _Right,
    rows: Ints,
    w4: tuple[Ints, Ints, Bools, Ints],
    q_b: Ints,
    w5: tuple[Ints, list[tuple[Ints, Ints, Ints]]],
    m: Ints,
) -> list[tuple[Ints, Ints]]:
    """Return the backward candidates of *rows* among fuzzy rows that can sit on or after A.

    The certain match *m* is left out (it is a candidate of its own).
    """
    hi_k = right.hi_k
    s4, e4, beats, free = w4
    which, i = spread(s4[rows], e4[rows])
    p = right.fz[i]
    ok = beats[i] | (free[i] <= np.minimum(hi_k[p], q_b[rows[which]]))
    parts = [(rows[which[ok]], p[ok])]
    o, classes = w5
    for members, s5, e5 in classes:
        which, i = spread(s5[rows], e5[rows])
        p = members[i]
        r = rows[which]
        ok = (hi_k[p] >= o[r]) & (p != m[r])
        parts.append((r[ok], p[ok]))
    return parts


def _forward(
    right: _Right, q_a: Ints, q_b: Ints, stop: Ints, *, exact: bool
) -> tuple[Ints, Bools, PairsFn | None]:
    lo_k, hi_k, fuzzy = right.lo_k, right.hi_k, right.fuzzy
    c = right.ss(lo_k, q_b, "left")
    has = c < stop  # stop: past the last sorted position of the row's group
    c[~has] = -1
    none = np.zeros(len(c), dtype=bool)
    if exact:
        return c, none, None
    cc = np.maximum(c, 0)
    base = (q_a >> _SHIFT) << _SHIFT  # the group's first key
    days, first_e, _, _ = right.exact_days
    # F1: rows after B up to the least (hi, row) among rows starting on or after B
    kn = right.least_hi[cc]
    hn = hi_k[kn]
    s1 = right.ss(lo_k, q_b, "right")
    e1 = np.where(lo_k[kn] == hn, kn + 1, right.ss(lo_k, hn, "left"))
    e1 = np.where(has, np.maximum(e1, s1), s1)
    # F3: the first exact row of each exact day in [A, B]
    s3, e3 = right.ss(days, q_a, "left"), right.ss(days, q_b, "right")
    # F4: fuzzy rows that can sit in [A, B]
    f4 = []
    for members, keys, widest in right.classes:
        s4 = right.ss(keys, np.maximum(q_a - widest, base), "left")
        e4 = right.ss(keys, q_b, "right")
        f4.append((members, s4, e4))
    # ambiguous: a candidate besides c. F1 and F3 hold only candidates; in F4 the rows that
    # start before B need only reach A (a range maximum), those on B must win their first day
    c_at_b = has & fuzzy[cc] & (lo_k[cc] == q_b)
    amb = (e1 - s1) > (has & (lo_k[cc] > q_b))
    amb |= (e3 - s3) > (has & ~fuzzy[cc] & (lo_k[cc] == q_b))
    for k, (_, keys, _) in enumerate(right.classes):
        tops, won = right.class_reach[k]
        s4, e4 = f4[k][1], f4[k][2]
        before_b = right.ss(keys, q_b, "left")
        amb |= range_max(tops, s4, before_b) >= q_a
        amb |= won[e4] - won[before_b] > (c_at_b & (right.class_of[cc] == k))
    if not amb.any():
        return c, amb, None

    def pairs() -> tuple[Ints, Ints]:
        rows = np.flatnonzero(amb).astype(np.int64)
        parts = []
        which, i = spread(s1[rows], e1[rows])
        parts.append((rows[which], i))
        which, i = spread(s3[rows], e3[rows])
        parts.append((rows[which], first_e[i]))
        wins_at = right.wins_forward
        qa, qb = q_a[rows], q_b[rows]
        for members, s4, e4 in f4:
            which, i = spread(s4[rows], e4[rows])
            p = members[i]
            ok = (hi_k[p] >= qa[which]) & ((lo_k[p] < qb[which]) | wins_at[p])
            parts.append((rows[which[ok]], p[ok]))
        return _collect(parts)

    return c, amb, pairs
