"""How far one group's frontier trails another's, on plain numpy arrays.

:func:`frontier_lag_arrays` is the engine under :func:`~aitimeline.frontier_lag`: day ordinals
and (transformed) scores in, indices into them out (an :class:`ArrayLag`). Every method runs in
O(n log n) for a number tolerance: sorts, running maxima and binary searches, no Python loop
over scores. A tolerance rule is not monotone in the follower's value, so it is tested on
every pair of a leader record and a follower score (catch-up) or frontier step (daily), in
chunks of bounded memory. The
formulas are in :func:`~aitimeline.frontier_lag`'s docstring (catch-up and daily) and in
``aitimeline._gaps`` (level and area).
"""

from __future__ import annotations

import math
from typing import Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._gaps import (
    GapRule,
    Overlap,
    Significance,
    _bounds,
    _first_level,
    _level_mask,
    area_gap_arrays,
    level_gap_arrays,
)
from aitimeline._validation import argument, within
from aitimeline.exceptions import MetricError

__all__ = ["ArrayLag", "Method", "frontier_lag_arrays"]

Method: TypeAlias = Literal["catch-up", "daily", "level", "area"]
"""The ways :func:`frontier_lag` measures a gap (``"level"`` and ``"area"``: see ``_gaps``)."""

_METHODS: tuple[str, ...] = ("catch-up", "daily", "level", "area")
_IntArray: TypeAlias = npt.NDArray[np.int64]
_FloatArray: TypeAlias = npt.NDArray[np.float64]


_Bounds: TypeAlias = tuple[_FloatArray, _FloatArray]
_CHUNK = 1 << 22
"""Cells of a leader-record-by-follower-record mask computed at once (daily method, rules)."""

_EMPTY_INT: _IntArray = np.zeros(0, dtype=np.int64)
_EMPTY_BOOL: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)


def _order(days: _IntArray, values: _FloatArray) -> _IntArray:
    """Return the order by day, then value descending, then input position (stable)."""
    order: _IntArray = np.lexsort((-values, days)).astype(np.int64)
    return order


def _records(values_sorted: _FloatArray) -> npt.NDArray[np.bool_]:
    """Return which sorted scores raise the running maximum (strictly)."""
    if values_sorted.size == 0:
        return _EMPTY_BOOL
    running = np.maximum.accumulate(values_sorted)
    flags: npt.NDArray[np.bool_] = np.empty(values_sorted.size, dtype=bool)
    flags[0] = True
    flags[1:] = values_sorted[1:] > running[:-1]
    return flags


@attrs.frozen(eq=False)
class ArrayLag:
    """What :func:`frontier_lag_arrays` found, as numpy arrays of indices into its inputs.

    ``method="catch-up"``: leader score ``leader_index[i]`` was reached by follower score
    ``follower_index[i]`` after ``lag_days[i]`` days. ``method="daily"``: one entry per day of
    ``days``: the lag (NaN where undefined), whether the day is censored, the best follower
    score by that day and the leader record it has not reached (-1 for none). For both,
    ``censored_index`` are the leader records no follower score reaches, aged
    ``censored_age`` days at *as_of*.
    """

    method: str
    """``"catch-up"`` or ``"daily"``."""
    leader_index: _IntArray
    """Catch-up: the paired leader records. Daily: per day, the unreached leader record."""
    follower_index: _IntArray
    """Catch-up: the follower scores that reached them. Daily: per day, the best follower."""
    lag_days: _FloatArray
    """Catch-up: each pair's lag. Daily: each day's lag, NaN where undefined."""
    censored_index: _IntArray
    """Leader records (in the window, for catch-up) that no follower score reaches."""
    censored_age: _IntArray
    """Their age in days at *as_of*."""
    days: _IntArray
    """Daily: the day ordinals of the window (empty for catch-up)."""
    censored_days: npt.NDArray[np.bool_]
    """Daily: the days on which the follower is below the whole leader frontier."""
    start: int
    """First day ordinal of the window."""
    end: int
    """Last day ordinal of the window."""
    as_of: int
    """The day ordinal the data was taken as of."""
    levels: _FloatArray = attrs.field(factory=lambda: np.zeros(0))
    """Level: the levels, one per entry of ``leader_index`` (empty for the other methods)."""


def _array_lag(
    method: str,
    window: tuple[int, int, int],
    leader_days: _IntArray,
    *,
    leader_index: _IntArray,
    follower_index: _IntArray,
    lag_days: _FloatArray,
    censored_index: _IntArray = _EMPTY_INT,
    days: _IntArray = _EMPTY_INT,
    censored_days: npt.NDArray[np.bool_] = _EMPTY_BOOL,
    levels: _FloatArray | None = None,
) -> ArrayLag:
    """Return a kernel's ArrayLag: censored leaders are aged to *as_of* from their days."""
    lo, hi, as_of = window
    return ArrayLag(
        method=method,
        leader_index=leader_index,
        follower_index=follower_index,
        lag_days=lag_days,
        censored_index=censored_index,
        censored_age=(as_of - leader_days[censored_index]).astype(np.int64),
        days=days,
        censored_days=censored_days,
        start=lo,
        end=hi,
        as_of=as_of,
        levels=np.zeros(0) if levels is None else levels,
    )


def _check_arrays(
    days: npt.ArrayLike, values: npt.ArrayLike, name: str
) -> tuple[_IntArray, _FloatArray]:
    d = np.asarray(days, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    if d.ndim != 1 or v.shape != d.shape:
        msg = (
            f"{name}_days and {name}_values must be 1-D arrays of one length; "
            f"got shapes {d.shape} and {v.shape}"
        )
        raise MetricError(msg)
    bad = ~np.isfinite(v)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        msg = (
            f"{name}_values has {int(bad.sum())} NaN or infinite value(s), the first at index "
            f"{i} ({v[i]!r}); drop or fix them first"
        )
        raise MetricError(msg)
    return d, v


def _check_tolerance(tolerance: GapRule) -> GapRule:
    if isinstance(tolerance, Significance | Overlap):
        return tolerance
    argument(
        "tolerance",
        tolerance,
        within(0, None),
        "a finite number >= 0, in the units of the (transformed) scores, or a rule: "
        "Significance(...) or Overlap()",
        error=MetricError,
    )
    return float(tolerance)


def _check_method(method: str) -> None:
    if method not in _METHODS:
        msg = f"method={method!r} is not a method; expected one of {_METHODS}"
        raise MetricError(msg)


def frontier_lag_arrays(
    leader_days: npt.ArrayLike,
    leader_values: npt.ArrayLike,
    follower_days: npt.ArrayLike,
    follower_values: npt.ArrayLike,
    *,
    tolerance: GapRule = 0.0,
    method: Method = "catch-up",
    start: int | None = None,
    end: int | None = None,
    as_of: int | None = None,
    levels: int = 100,
    keep_negative: bool = False,
    floor: float | None = None,
    leader_bounds: tuple[_FloatArray, _FloatArray] | None = None,
    follower_bounds: tuple[_FloatArray, _FloatArray] | None = None,
) -> ArrayLag:
    """Compute :func:`frontier_lag` on arrays of day ordinals and (transformed) scores.

    The formulas are those of :func:`frontier_lag`; scores dated after *as_of* are ignored.
    On one day the highest score counts; equal scores on one day keep input order. Runs in
    O(n log n) for a number: two sorts, running maxima and binary searches.

    Args:
        leader_days: Day ordinals (``date.toordinal()``) of the leader group's scores.
        leader_values: Their values, finite.
        follower_days: Day ordinals of the follower group's scores.
        follower_values: Their values, finite.
        tolerance: How far below a leader value still counts as level, >= 0; or a rule,
            :class:`~aitimeline.Significance` or :class:`~aitimeline.Overlap` (read from the
            bounds; ignored by ``method="area"``).
        method: ``"catch-up"``, ``"daily"``, ``"level"`` or ``"area"``.
        start: First day ordinal of the window (default: the first score).
        end: Last day ordinal of the window (default: *as_of*).
        as_of: The day ordinal the data is taken as of (default: the last score).
        levels: ``method="level"``: how many evenly spaced levels.
        keep_negative: ``method="catch-up"``: also pair a record with a follower dated
            before it, with a negative lag (as Epoch's code does).
        floor: ``method="area"``: the lowest level.
        leader_bounds: ``(ci_low, ci_high)`` of the leader scores, for a rule.
        follower_bounds: Likewise for the follower scores.

    Returns:
        An :class:`ArrayLag`; its indices point into the input arrays.

    Raises:
        MetricError: arrays of different lengths, a NaN or infinite value, a negative
            tolerance, an unknown method, no leader score by *as_of*, or an empty window.

    >>> r = frontier_lag_arrays([0, 10], [1.0, 2.0], [5, 30], [1.5, 2.0])
    >>> r.leader_index.tolist(), r.follower_index.tolist(), r.lag_days.tolist()
    ([0, 1], [0, 1], [5.0, 20.0])
    >>> frontier_lag_arrays([0, 10], [1.0, 2.0], [5, 30], [1.5, 2.0], method="daily",
    ...                     start=8, end=12).lag_days.tolist()
    [0.0, 0.0, 1.0, 2.0, 3.0]
    """
    ld, lv = _check_arrays(leader_days, leader_values, "leader")
    fd, fv = _check_arrays(follower_days, follower_values, "follower")
    tol = _check_tolerance(tolerance)
    _check_method(method)
    if ld.size == 0:
        msg = "the leader group has no scores; a frontier lag needs at least one leader score"
        raise MetricError(msg)
    cutoff = int(max(ld.max(), fd.max(initial=ld.max()))) if as_of is None else int(as_of)
    keep_l = np.flatnonzero(ld <= cutoff)
    keep_f = np.flatnonzero(fd <= cutoff)
    if keep_l.size == 0:
        msg = f"every leader score is dated after as_of (day ordinal {cutoff}); nothing to compare"
        raise MetricError(msg)
    lo = (
        int(min(ld[keep_l].min(), fd[keep_f].min(initial=ld[keep_l].min())))
        if start is None
        else int(start)
    )
    hi = cutoff if end is None else int(end)
    if lo > hi:
        msg = f"the window is empty: start (day ordinal {lo}) is after end (day ordinal {hi})"
        raise MetricError(msg)
    if method in {"level", "area"}:
        return _gap_kernel(
            method,
            ld,
            lv,
            fd,
            fv,
            window=(lo, hi, cutoff),
            tolerance=tol,
            levels=levels,
            floor=floor,
            bounds=(leader_bounds, follower_bounds),
        )
    lb = _bounds(lv, *(leader_bounds or (None, None)))
    fb = _bounds(fv, *(follower_bounds or (None, None)))
    lbk, fbk = (lb[0][keep_l], lb[1][keep_l]), (fb[0][keep_f], fb[1][keep_f])
    if method == "catch-up":
        found = _catch_up_kernel(
            ld[keep_l],
            lv[keep_l],
            fd[keep_f],
            fv[keep_f],
            tol,
            (lo, hi, cutoff),
            keep_negative=keep_negative,
            bounds=(lbk, fbk),
        )
    else:
        found = _daily_kernel(
            ld[keep_l], lv[keep_l], fd[keep_f], fv[keep_f], tol, (lo, hi, cutoff), (lbk, fbk)
        )
    return attrs.evolve(
        found,
        leader_index=_remap(keep_l, found.leader_index),
        follower_index=_remap(keep_f, found.follower_index),
        censored_index=_remap(keep_l, found.censored_index),
    )


def _gap_kernel(
    method: str,
    ld: _IntArray,
    lv: _FloatArray,
    fd: _IntArray,
    fv: _FloatArray,
    *,
    window: tuple[int, int, int],
    tolerance: GapRule,
    levels: int,
    floor: float | None,
    bounds: tuple[tuple[_FloatArray, _FloatArray] | None, tuple[_FloatArray, _FloatArray] | None],
) -> ArrayLag:
    """Run the level or area kernel on the scores dated in the window (see ``_gaps``)."""
    lo, hi, as_of = window
    last = min(hi, as_of)
    kl = np.flatnonzero((ld >= lo) & (ld <= last))
    kf = np.flatnonzero((fd >= lo) & (fd <= last))

    def cut(
        b: tuple[_FloatArray, _FloatArray] | None, k: _IntArray
    ) -> tuple[_FloatArray, _FloatArray] | None:
        return None if b is None else (np.asarray(b[0])[k], np.asarray(b[1])[k])

    def result(
        name: str, li: _IntArray, fi: _IntArray, lags: _FloatArray, marks: _FloatArray
    ) -> ArrayLag:
        return _array_lag(
            name, window, ld, leader_index=li, follower_index=fi, lag_days=lags, levels=marks
        )

    if method == "area":
        area = area_gap_arrays(ld[kl], lv[kl], fd[kf], fv[kf], floor=floor)
        lags = np.array([area.days]) if math.isfinite(area.days) else np.zeros(0)
        return result("area", _EMPTY_INT, _EMPTY_INT, lags, np.array([area.floor, area.top]))
    found = level_gap_arrays(
        ld[kl],
        lv[kl],
        fd[kf],
        fv[kf],
        tolerance=tolerance,
        levels=levels,
        leader_bounds=cut(bounds[0], kl),
        follower_bounds=cut(bounds[1], kf),
    )
    return result(
        "level", kl[found.leader_index], kf[found.follower_index], found.lag_days, found.levels
    )


def _remap(kept: _IntArray, index: _IntArray) -> _IntArray:
    """Map positions in a kept subset back to the caller's array (-1 stays -1)."""
    if kept.size == 0:
        return np.full(index.size, -1, dtype=np.int64)
    out: _IntArray = np.where(index >= 0, kept[np.maximum(index, 0)], -1).astype(np.int64)
    return out


def _catch_up_kernel(
    ld: _IntArray,
    lv: _FloatArray,
    fd: _IntArray,
    fv: _FloatArray,
    tol: GapRule,
    window: tuple[int, int, int],
    *,
    keep_negative: bool = False,
    bounds: tuple[_Bounds, _Bounds] | None = None,
) -> ArrayLag:
    """Pair leader records with the first follower score level with them (Epoch 2024).

    ``k[i]`` is the first follower position, by date, level with record *i* under *tol*. For
    a number it is where the follower's running maximum first reaches ``L - tol``, found by
    binary search, and never decreases with *i*; a rule is not monotone in the follower's
    value, so every record is tested against every follower score (in chunks). Record *i* is
    paired when no earlier record has the same ``k`` and that follower is not dated before it:
    a later record with the same ``k`` is level with a follower already paired (Epoch's
    ``open_winner_score`` rule), and a follower dated before the record means the follower
    group was never behind it.
    """
    lo, hi, _ = window
    lorder = _order(ld, lv)
    rec = lorder[_records(lv[lorder])]
    in_window = (ld[rec] >= lo) & (ld[rec] <= hi)
    forder = _order(fd, fv)
    fds = fd[forder]
    if fds.size == 0:
        pair = np.zeros(rec.size, dtype=bool)
        k = np.zeros(rec.size, dtype=np.int64)
        matched = pair
    else:
        if isinstance(tol, float):
            running = np.maximum.accumulate(fv[forder])
            k = np.searchsorted(running, lv[rec] - tol, side="left").astype(np.int64)
        else:
            (llo, lhi), (flo, fhi) = bounds or (_bounds(lv, None, None), _bounds(fv, None, None))
            k = _first_level(lv[rec], llo[rec], lhi[rec], fv[forder], flo[forder], fhi[forder], tol)
        matched = k < fds.size
        first_of_k = np.zeros(k.size, dtype=bool)
        first_of_k[np.unique(k, return_index=True)[1]] = True
        not_ahead = fds[np.minimum(k, fds.size - 1)] >= ld[rec]
        pair = matched & first_of_k & (not_ahead | keep_negative) & in_window
    leaders = rec[pair]
    followers = forder[k[pair]] if fds.size else _EMPTY_INT
    lags = (fd[followers] - ld[leaders]).astype(np.float64)
    cens = rec[~matched & in_window]
    return _array_lag(
        "catch-up",
        window,
        ld,
        leader_index=leaders,
        follower_index=followers,
        lag_days=lags,
        censored_index=cens,
    )


def _last_level(
    rv: _FloatArray,
    rb: _Bounds,
    best: _IntArray,
    fv: _FloatArray,
    fb: _Bounds,
    j: _IntArray,
    tol: GapRule,
) -> _IntArray:
    """Return, per day, the last leader record ``r <= j`` level with that day's best follower.

    *best* is the position (into *fv*) of the follower's best score by each day, -1 for none;
    *j* the leader record in force, -1 for none; the answer is -1 where no record qualifies.
    For a number, records up to the first with ``value - tol > F`` are all level (values
    increase), so it is one binary search. A rule is tested on every pair of a leader record
    and a follower frontier step (the best score changes only at those), in chunks of steps.
    """
    out = np.full(j.size, -1, dtype=np.int64)
    has = (best >= 0) & (j >= 0)
    if not has.any():
        return out
    if isinstance(tol, float):
        k = np.searchsorted(rv - tol, fv[np.maximum(best, 0)], side="right")
        out[has] = np.minimum(k, j + 1)[has] - 1
        return out
    steps, col = np.unique(best[has], return_inverse=True)
    rows = np.flatnonzero(has)
    index = np.arange(rv.size, dtype=np.int64)[:, None]
    width = max(1, _CHUNK // max(rv.size, 1))
    for a in range(0, steps.size, width):
        s = steps[a : a + width]
        mask = _level_mask(rv, rb[0], rb[1], fv[s], fb[0][s], fb[1][s], tol)
        last = np.maximum.accumulate(np.where(mask, index, -1), axis=0)
        here = (col >= a) & (col < a + s.size)
        out[rows[here]] = last[j[rows[here]], col[here] - a]
    return out


def _daily_kernel(
    ld: _IntArray,
    lv: _FloatArray,
    fd: _IntArray,
    fv: _FloatArray,
    tol: GapRule,
    window: tuple[int, int, int],
    bounds: tuple[_Bounds, _Bounds] | None = None,
) -> ArrayLag:
    """For each day, the days since the leader frontier was last level with the follower's.

    With ``r`` the last leader record in force by day *d* that is level with the follower's
    best score by *d* (:func:`_last_level`): level when ``r`` is today's record, else the
    lag runs from the day before the next record, ``d - day(record r + 1) + 1``; censored
    when there is no such ``r``.
    """
    lo, hi, _ = window
    (llo, lhi), (flo, fhi) = bounds or (_bounds(lv, None, None), _bounds(fv, None, None))
    lorder = _order(ld, lv)
    rec = lorder[_records(lv[lorder])]  # at most one per day: days and values strictly increase
    rd, rv = ld[rec], lv[rec]
    # Only the follower's best score by each day matters: a stable sort by day is enough, and
    # of equal best scores on one day the first in input order is kept.
    forder = np.argsort(fd, kind="stable").astype(np.int64)
    fds, fvs = fd[forder], fv[forder]
    days = np.arange(lo, hi + 1, dtype=np.int64)
    j = np.searchsorted(rd, days, side="right") - 1  # the leader record in force on day d
    fi = np.searchsorted(fds, days, side="right") - 1  # the last follower score by day d
    has_l, has_f = j >= 0, fi >= 0
    if fvs.size:
        best_at = np.maximum.accumulate(np.where(_records(fvs), np.arange(fvs.size), 0))
        best = np.where(has_f, forder[best_at[np.maximum(fi, 0)]], -1).astype(np.int64)
    else:
        best = np.full(days.size, -1, dtype=np.int64)
    r = _last_level(rv, (llo[rec], lhi[rec]), best, fv, (flo, fhi), j, tol)
    level = has_f & has_l & (r == j)
    behind = has_f & has_l & ~level & (r >= 0)
    censored = has_l & ~level & ~behind
    nxt = np.minimum(r + 1, rd.size - 1)  # the record that ended the last level day
    lag = np.full(days.size, np.nan)
    lag[level] = 0.0
    lag[behind] = (days[behind] - rd[nxt[behind]] + 1).astype(np.float64)
    leader_index = np.where(behind | censored, rec[nxt], -1)
    fstep = forder[_records(fvs)]  # the follower frontier's steps
    unmatched = rec[_unreached(rv, (llo[rec], lhi[rec]), fv[fstep], (flo[fstep], fhi[fstep]), tol)]
    return _array_lag(
        "daily",
        window,
        ld,
        leader_index=leader_index.astype(np.int64),
        follower_index=best,
        lag_days=lag,
        censored_index=unmatched,
        days=days,
        censored_days=censored,
    )


def _unreached(
    rv: _FloatArray, rb: _Bounds, fv: _FloatArray, fb: _Bounds, tol: GapRule
) -> npt.NDArray[np.bool_]:
    """Return which leader records no follower score (of *fv*) is level with."""
    if isinstance(tol, float):
        out: npt.NDArray[np.bool_] = rv - tol > fv.max(initial=-np.inf)
        return out
    first = _first_level(rv, rb[0], rb[1], fv, fb[0], fb[1], tol)
    return first >= fv.size
