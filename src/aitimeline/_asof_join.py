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
arrays) the first time they are asked for. What a side needs before any search (the left
runs, :class:`LeftRows`; the right order and lookups, :class:`~aitimeline._asof_right.Right`)
depends on that side alone, so a :class:`Memo` may keep it for the next join.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final, Literal, Protocol, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from aitimeline._asof_right import SHIFT, K, Right
from aitimeline._join_arrays import group_order, range_max, spread

__all__ = ["Direction", "Groups", "Joined", "LeftRows", "Memo", "join_arrays"]

Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]
Direction: TypeAlias = Literal["backward", "forward"]
_A = TypeVar("_A", bound=np.generic)

DENSE_CELLS = 4
"""Exact dates join through a (group, day) table of up to this many cells per row ..."""
DENSE_FLOOR = 1 << 16
"""... or of up to this many cells (module settings only so that tests can turn it off)."""
GRID_CELLS = 1
"""Fuzzy dates search through (group, day) count tables of up to this many cells per row ..."""
GRID_FLOOR = 1 << 16
"""... or of up to this many cells (settings only so that tests can turn the tables off)."""

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


class LeftRows:
    """The left rows of a join, and their distinct (group, earliest, latest) cells.

    A left row's match, ambiguity and candidates depend on its (group, earliest, latest)
    alone. In timeline order rows of equal (earliest, latest) are runs; if there are few
    (at most :data:`DISTINCT_SHARE` (group, run) cells per row), the join runs once per cell,
    numbered group first so that their keys increase, and its answers are gathered.
    """

    def __init__(self, lo: Ints, hi: Ints, group: Ints | None, n_groups: int) -> None:
        """Find the runs of rows (earliest days *lo*, latest *hi*, group codes *group*)."""
        n = len(lo)
        lo, hi = np.ascontiguousarray(lo), np.ascontiguousarray(hi)  # read twice each below
        self.rows = (lo, hi, group)
        """The rows' earliest days, latest days and group codes."""
        self.cells: tuple[Ints, Ints, Ints | None] | None = None
        """Per cell its earliest day, latest day and group code (None: a join per row)."""
        self._group = group
        new = np.empty(n, dtype=bool)
        new[:1] = True
        np.not_equal(lo[1:], lo[:-1], out=new[1:])
        new[1:] |= hi[1:] != hi[:-1]
        starts = np.flatnonzero(new)
        self._runs = runs = len(starts)
        self.lengths = np.diff(starts, append=n)
        """How many rows each run has."""
        if runs * n_groups > DISTINCT_SHARE * n:
            self.exact = bool((lo == hi).all())
            """Whether every row is on one known day."""
            return
        u_lo, u_hi = lo.take(starts), hi.take(starts)
        self.exact = bool((u_lo == u_hi).all())
        if group is None:
            self.cells = (u_lo, u_hi, None)
        else:
            u_group = np.repeat(np.arange(n_groups, dtype=np.int64), runs)
            self.cells = (np.tile(u_lo, n_groups), np.tile(u_hi, n_groups), u_group)

    @functools.cached_property
    def cell(self) -> Ints:
        """Per row, its cell."""
        # run numbers by repeating each as often as its run is long: a fill, not a cumsum
        cell = np.repeat(np.arange(self._runs, dtype=np.int64), self.lengths)
        if self._group is not None:
            cell += self._group * self._runs
        return cell

    def gather(self, values: npt.NDArray[_A]) -> npt.NDArray[_A]:
        """Return per row the value of its cell in *values* (one per cell)."""
        if self._group is None:
            return np.repeat(values, self.lengths)  # a fill per run: cheaper than a take
        return values.take(self.cell)


class Memo(Protocol):
    """Where prepared sides are kept between joins.

    A side's key (with the arrays of that side, and its group codes, which the memo knows)
    names what was built from them; every setting the build reads is in the key.
    """

    def left(self, key: tuple[object, ...], build: Callable[[], LeftRows], /) -> LeftRows:
        """Return the left rows of *key*, built by *build* if there are none."""
        ...

    def right(self, key: tuple[object, ...], build: Callable[[], Right], /) -> Right:
        """Return the right side of *key*, built by *build* if there is none."""
        ...


class _Fresh:
    """The memo that keeps nothing: every join prepares both sides."""

    def left(self, key: tuple[object, ...], build: Callable[[], LeftRows], /) -> LeftRows:
        del key
        return build()

    def right(self, key: tuple[object, ...], build: Callable[[], Right], /) -> Right:
        del key
        return build()


Groups: TypeAlias = tuple[Ints, Ints, int]
"""Group codes of the left and right rows, and how many codes there are (all below it)."""


def join_arrays(
    left: tuple[Ints, Ints],
    right: tuple[Ints, Ints],
    direction: Direction,
    *,
    allow_exact: bool,
    groups: Groups | None = None,
    exact_starts: bool = False,
    memo: Memo | None = None,
) -> Joined:
    """Join left day ranges to right ones as-of, by group codes, under the module's law.

    Each side is (earliest days, latest days), rows in timeline order (earliest days
    non-decreasing); *groups* has non-negative group codes (None: one group). *memo* keeps
    the sides prepared for the join (the left runs, the right side's order and lookups).
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
    (l_lo, l_hi), (r_lo, r_hi) = left, right
    n_l = len(l_lo)
    if not len(r_lo) or not n_l:
        return Joined(np.full(n_l, -1, dtype=np.int64), np.zeros(n_l, dtype=bool))
    step = (-1 if direction == "backward" else 1) * (0 if allow_exact else 1)
    l_group, r_group, n_groups = (None, None, 1) if groups is None else groups
    if exact_starts:
        found = _dense_match(l_lo + step if step else l_lo, l_group, r_lo, r_group, direction)
        if found is not None:
            return Joined(found, np.zeros(n_l, dtype=bool))
    memo = memo or _Fresh()
    rows = memo.left((n_groups, DISTINCT_SHARE), lambda: LeftRows(l_lo, l_hi, l_group, n_groups))
    grid = (GRID_CELLS, GRID_FLOOR)
    prepared = memo.right(
        (n_groups, *grid), lambda: Right(r_lo, r_hi, r_group, n_groups, grid=grid)
    )
    if not exact_starts and rows.exact and not prepared.any_fuzzy:
        found = _dense_match(l_lo + step if step else l_lo, l_group, r_lo, r_group, direction)
        if found is not None:
            return Joined(found, np.zeros(n_l, dtype=bool))
    if rows.cells is None:
        return _join_rows(prepared, rows.rows, direction, step, exact=rows.exact)
    inner = _join_rows(prepared, rows.cells, direction, step, exact=rows.exact)
    match, ambiguous = rows.gather(inner.match), rows.gather(inner.ambiguous)
    return Joined(match, ambiguous, csr=_expand(inner, rows))


DISTINCT_SHARE = 0.5
"""Left rows are joined once per distinct (group, earliest, latest) if there are at most this
many distinct ones per row (a setting only so that tests can force or forbid it)."""


def _expand(inner: Joined, rows: LeftRows) -> CsrFn:
    """Return the function that turns the cells' candidate sets into the rows' ones."""

    def expand(which: Ints) -> tuple[Ints, Ints]:
        c_rows, c_off, c_idx = inner.csr
        slot = np.full(len(inner.match), -1, dtype=np.int64)
        slot[c_rows] = np.arange(len(c_rows), dtype=np.int64)
        k = slot.take(rows.cell.take(which))
        starts, stops = c_off.take(k), c_off.take(k + 1)
        offsets = np.zeros(len(which) + 1, dtype=np.int64)
        np.cumsum(stops - starts, out=offsets[1:])
        return offsets, c_idx.take(spread(starts, stops)[1])

    return expand


def _join_rows(
    right: Right,
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
    right: Right, queries: tuple[Ints, Ints, Ints], direction: Direction, *, exact: bool
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
    q_a = group * K
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
    right: Right, q_a: Ints, q_b: Ints, start: Ints, *, exact: bool
) -> tuple[Ints, Bools, PairsFn | None]:
    lo_k, hi_k, fuzzy = right.lo_k, right.hi_k, right.fuzzy
    m = right.last_ending(q_a)
    has = m >= start  # start: the first sorted position of the row's group
    m[~has] = -1
    if exact:
        return m, np.zeros(len(m), dtype=bool), None
    mm = np.maximum(m, 0)
    base = (q_a >> SHIFT) << SHIFT  # the group's first key
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
    right: Right,
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
    right: Right, q_a: Ints, q_b: Ints, stop: Ints, *, exact: bool
) -> tuple[Ints, Bools, PairsFn | None]:
    lo_k, hi_k, fuzzy = right.lo_k, right.hi_k, right.fuzzy
    c = right.ss(lo_k, q_b, "left")
    has = c < stop  # stop: past the last sorted position of the row's group
    c[~has] = -1
    none = np.zeros(len(c), dtype=bool)
    if exact:
        return c, none, None
    cc = np.maximum(c, 0)
    base = (q_a >> SHIFT) << SHIFT  # the group's first key
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
