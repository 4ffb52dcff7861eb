"""How far one group's frontier trails another's, on plain numpy arrays.

:func:`frontier_lag_arrays` is the engine under :func:`~aitimeline.frontier_lag`: day ordinals
and (transformed) scores in, indices into them out (an :class:`ArrayLag`). Every method runs in
O(n log n): sorts, running maxima and binary searches, no Python loop over scores. The
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
    area_gap_arrays,
    level_gap_arrays,
)
from aitimeline.exceptions import MetricError

__all__ = ["ArrayLag", "Method", "frontier_lag_arrays"]

Method: TypeAlias = Literal["catch-up", "daily", "level", "area"]
"""The ways :func:`frontier_lag` measures a gap (``"level"`` and ``"area"``: see ``_gaps``)."""

_METHODS: tuple[str, ...] = ("catch-up", "daily", "level", "area")
_IntArray: TypeAlias = npt.NDArray[np.int64]
_FloatArray: TypeAlias = npt.NDArray[np.float64]


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
    t = float(tolerance)
    if not math.isfinite(t) or t < 0:
        msg = (
            f"tolerance={tolerance!r} is invalid; expected a finite number >= 0, in the units "
            "of the (transformed) scores, or a rule: Significance(...) or Overlap()"
        )
        raise MetricError(msg)
    return t


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
    O(n log n): two sorts, running maxima and binary searches.

    Args:
        leader_days: Day ordinals (``date.toordinal()``) of the leader group's scores.
        leader_values: Their values, finite.
        follower_days: Day ordinals of the follower group's scores.
        follower_values: Their values, finite.
        tolerance: How far below a leader value still counts as level, >= 0; for
            ``method="level"`` also a rule, :class:`~aitimeline.Significance` or
            :class:`~aitimeline.Overlap`.
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
    if not isinstance(tol, float):
        msg = (
            f"tolerance={tol} is a rule; method={method!r} takes a number (rules are for "
            "method='level')"
        )
        raise MetricError(msg)
    if method == "catch-up":
        found = _catch_up_kernel(
            ld[keep_l], lv[keep_l], fd[keep_f], fv[keep_f], tol, lo, hi, cutoff, keep_negative
        )
    else:
        found = _daily_kernel(ld[keep_l], lv[keep_l], fd[keep_f], fv[keep_f], tol, lo, hi, cutoff)
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
        return ArrayLag(
            method=name,
            leader_index=li,
            follower_index=fi,
            lag_days=lags,
            censored_index=_EMPTY_INT,
            censored_age=_EMPTY_INT,
            days=_EMPTY_INT,
            censored_days=_EMPTY_BOOL,
            start=lo,
            end=hi,
            as_of=as_of,
            levels=marks,
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
    tol: float,
    lo: int,
    hi: int,
    as_of: int,
    keep_negative: bool = False,  # noqa: FBT001, FBT002 - a private kernel's flag
) -> ArrayLag:
    """Pair leader records with the first follower score that reaches them (Epoch 2024).

    ``k[i]``, the first follower position (by date) whose running maximum reaches record *i*,
    never decreases with *i*. Record *i* is paired when it is the first record with its ``k``
    and that follower is not dated before it: a later record with the same ``k`` is level with
    a follower already paired (Epoch's ``open_winner_score`` rule), and a follower dated before
    the record means the follower group was never behind it.
    """
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
        running = np.maximum.accumulate(fv[forder])
        k = np.searchsorted(running, lv[rec] - tol, side="left")
        matched = k < fds.size
        first_of_k = np.ones(k.size, dtype=bool)
        first_of_k[1:] = k[1:] != k[:-1]
        not_ahead = fds[np.minimum(k, fds.size - 1)] >= ld[rec]
        pair = matched & first_of_k & (not_ahead | keep_negative) & in_window
    leaders = rec[pair]
    followers = forder[k[pair]] if fds.size else _EMPTY_INT
    lags = (fd[followers] - ld[leaders]).astype(np.float64)
    cens = rec[~matched & in_window]
    return ArrayLag(
        method="catch-up",
        leader_index=leaders,
        follower_index=followers,
        lag_days=lags,
        censored_index=cens,
        censored_age=(as_of - ld[cens]).astype(np.int64),
        days=_EMPTY_INT,
        censored_days=_EMPTY_BOOL,
        start=lo,
        end=hi,
        as_of=as_of,
    )


def _daily_kernel(
    ld: _IntArray,
    lv: _FloatArray,
    fd: _IntArray,
    fv: _FloatArray,
    tol: float,
    lo: int,
    hi: int,
    as_of: int,
) -> ArrayLag:
    """For each day, the days since the leader frontier was last level with the follower's."""
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
        running = np.maximum.accumulate(fvs)
        best_at = np.maximum.accumulate(np.where(_records(fvs), np.arange(fvs.size), 0))
        best = np.where(has_f, running[np.maximum(fi, 0)], -np.inf)
        follower_index = np.where(has_f, forder[best_at[np.maximum(fi, 0)]], -1)
    else:
        best = np.full(days.size, -np.inf)
        follower_index = np.full(days.size, -1, dtype=np.int64)
    # k: the first leader record with value - tolerance > F(d). The frontier was level with
    # the follower on every day before record k, so the follower is level today when k is
    # later than today's record (k > j), and otherwise the last level day is rd[k] - 1.
    k = np.searchsorted(rv - tol, best, side="right")
    level = has_f & has_l & (k > j)
    behind = has_f & has_l & ~level & (k > 0)
    censored = has_l & ~level & ~behind
    kk = np.minimum(k, rd.size - 1)
    lag = np.full(days.size, np.nan)
    lag[level] = 0.0
    lag[behind] = (days[behind] - rd[kk[behind]] + 1).astype(np.float64)
    leader_index = np.where(behind | censored, rec[kk], -1)
    reached = fvs.max(initial=-np.inf)
    unmatched = rec[rv - tol > reached]
    return ArrayLag(
        method="daily",
        leader_index=leader_index.astype(np.int64),
        follower_index=follower_index.astype(np.int64),
        lag_days=lag,
        censored_index=unmatched,
        censored_age=(as_of - ld[unmatched]).astype(np.int64),
        days=days,
        censored_days=censored,
        start=lo,
        end=hi,
        as_of=as_of,
    )
