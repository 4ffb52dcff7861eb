"""Epoch AI's other gap definitions: level-averaged, area-between-curves and vertical gaps.

:func:`~aitimeline.frontier_lag` dispatches here for ``method="level"`` and ``method="area"``;
:meth:`~aitimeline.FrontierLag.vertical` uses :func:`vertical_gap_arrays`. Everything works on
the two groups' *records* (the scores that raised each group's running maximum, at most one a
day), in date order, so values increase strictly along them. Write :math:`T_G(s)` for the first
day group *G*'s frontier reaches level *s*.

**Level-averaged ("horizontal") gap** (Epoch AI, October 2025, open versus closed on ECI): over
*levels* evenly spaced values *s* between the larger of the two groups' first records and the
smaller of their best, the leader record that first reached *s* is matched by the first
follower record (by date) that either reaches *s* or is level with that leader record under the
tolerance; the gap at *s* is the follower's day minus the leader's, negative gaps kept.

**Area between curves** (Epoch AI, 2024 report, its secondary estimate): the mean over *s* in
``(floor, top]`` of :math:`T_F(s) - T_L(s)`, the area between the two groups' date-of-level
curves divided by the range of levels. *top* is the follower's first record above the leader's
highest record below the follower's best (Epoch's truncation); levels the leader has not reached
by then are dated at its last record below them, as in Epoch's code.

**Tolerance rules.** A follower value *F* is level with a leader value *L* under a number *t*
when ``L - t <= F``; under :class:`Significance` when a two-sided z-test at *alpha* finds no
significant difference, ``L - F <= z(1 - alpha/2) * sqrt(se_L**2 + se_F**2)``, each standard
error read from the score's interval as ``(ci_high - ci_low) / (2 z((1 + level) / 2))``; under
:class:`Overlap` when the intervals overlap, ``ci_low_L <= ci_high_F``. A score without an
interval has a standard error of 0.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from aitimeline._events import Score
from aitimeline._validation import argument, within
from aitimeline.exceptions import MetricError

__all__ = [
    "GapRule",
    "LevelPoint",
    "Overlap",
    "Significance",
    "VerticalGap",
    "area_gap_arrays",
    "level_gap_arrays",
    "month_summary",
    "record_positions",
    "vertical_gap_arrays",
]

_IntArray: TypeAlias = npt.NDArray[np.int64]
_FloatArray: TypeAlias = npt.NDArray[np.float64]
_BoolArray: TypeAlias = npt.NDArray[np.bool_]

_CHUNK = 1 << 22
"""Cells of a leader-by-follower mask computed at once (bounds the memory of rule matching)."""


def _check_probability(value: float, name: str) -> float:
    argument(
        name,
        value,
        within(0, 1, open_ends=True),
        "a probability strictly between 0 and 1",
        error=MetricError,
    )
    return float(value)


@attrs.frozen
class Significance:
    """Level when a two-sided z-test at *alpha* finds no significant difference.

    >>> rule = Significance(alpha=0.05, level=0.90)
    >>> round(rule.z_critical, 3), round(rule.z_interval, 3)
    (1.96, 1.645)
    """

    alpha: float = attrs.field(default=0.05, converter=float)
    """The test's size (Epoch: 0.05)."""
    level: float = attrs.field(default=0.90, converter=float)
    """The confidence level of the scores' intervals (the ECI files carry 90% intervals)."""

    def __attrs_post_init__(self) -> None:
        """Check that both are probabilities."""
        _check_probability(self.alpha, "alpha")
        _check_probability(self.level, "level")

    @property
    def z_critical(self) -> float:
        """Return ``z(1 - alpha / 2)``."""
        return NormalDist().inv_cdf(1 - self.alpha / 2)

    @property
    def z_interval(self) -> float:
        """Return ``z((1 + level) / 2)``: an interval is this many standard errors each side."""
        return NormalDist().inv_cdf((1 + self.level) / 2)

    def __str__(self) -> str:
        """Return e.g. ``'z-test alpha=0.05'``."""
        return f"z-test alpha={self.alpha:g}"


@attrs.frozen
class Overlap:
    """Level when the follower's interval reaches the leader's (``ci_low_L <= ci_high_F``)."""

    def __str__(self) -> str:
        """Return ``'interval overlap'``."""
        return "interval overlap"


GapRule: TypeAlias = float | Significance | Overlap
"""What ``tolerance`` may be: a number in score units, or a rule using the scores' intervals."""


def rule_name(rule: GapRule) -> str:
    """Return a short label for a tolerance: the number, or the rule's text."""
    return f"{rule:g}" if isinstance(rule, float | int) else str(rule)


def _level_mask(
    lv: _FloatArray,
    llo: _FloatArray,
    lhi: _FloatArray,
    fv: _FloatArray,
    flo: _FloatArray,
    fhi: _FloatArray,
    rule: GapRule,
) -> _BoolArray:
    """Return ``mask[i, j]``: whether follower *j* is level with leader *i* under *rule*."""
    lcol, fcol = lv[:, None], fv[None, :]
    if isinstance(rule, Significance):
        z = rule.z_interval
        lse, fse = (lhi - llo) / (2 * z), (fhi - flo) / (2 * z)
        se = np.hypot(lse[:, None], fse[None, :])
        out: _BoolArray = (lcol - fcol) <= rule.z_critical * se
        return out | (fcol >= lcol)
    if isinstance(rule, Overlap):
        over: _BoolArray = (llo[:, None] <= fhi[None, :]) | (fcol >= lcol)
        return over
    near: _BoolArray = lcol - float(rule) <= fcol
    return near


def _first_level(
    lv: _FloatArray,
    llo: _FloatArray,
    lhi: _FloatArray,
    fv: _FloatArray,
    flo: _FloatArray,
    fhi: _FloatArray,
    rule: GapRule,
) -> _IntArray:
    """Return, per leader value, the first position in *fv* level with it (``len(fv)``: none).

    A number or :class:`Overlap` is one binary search per leader value; :class:`Significance`
    tests every pair, in chunks of at most ``_CHUNK`` cells.
    """
    n = fv.size
    if isinstance(rule, float | int):
        # Records increase, so the first one level with L is the first one >= L - t.
        first: _IntArray = np.searchsorted(fv, lv - float(rule), side="left").astype(np.int64)
        return first
    out = np.full(lv.size, n, dtype=np.int64)
    if n == 0:
        return out
    if isinstance(rule, Overlap):
        # Level with L when F >= L or ci_high_F >= ci_low_L: the first position where either
        # running maximum reaches its bound, by binary search, whatever the order of *fv*.
        by_value = np.searchsorted(np.maximum.accumulate(fv), lv, side="left")
        by_high = np.searchsorted(np.maximum.accumulate(fhi), llo, side="left")
        overlap: _IntArray = np.minimum(by_value, by_high).astype(np.int64)
        return overlap
    step = max(1, _CHUNK // n)
    for a in range(0, lv.size, step):
        mask = _level_mask(
            lv[a : a + step], llo[a : a + step], lhi[a : a + step], fv, flo, fhi, rule
        )
        hit = mask.any(axis=1)
        out[a : a + step] = np.where(hit, mask.argmax(axis=1), n)
    return out


def record_positions(days: _IntArray, values: _FloatArray) -> _IntArray:
    """Return the positions of the scores that raised the running maximum, in date order.

    Order by day, then value descending, then input position; a score is a record when it is
    strictly above every earlier one, so of several on one day only the highest counts.

    >>> record_positions(np.array([3, 1, 2, 2]), np.array([5.0, 1.0, 4.0, 0.5])).tolist()
    [1, 2, 0]
    """
    if days.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((-values, days)).astype(np.int64)
    v = values[order]
    keep = np.empty(v.size, dtype=bool)
    keep[0] = True
    keep[1:] = v[1:] > np.maximum.accumulate(v)[:-1]
    out: _IntArray = order[keep]
    return out


@attrs.frozen(eq=False)
class LevelArrays:
    """What :func:`level_gap_arrays` found: one entry per level."""

    levels: _FloatArray
    """The levels, evenly spaced."""
    leader_index: _IntArray
    """Per level, the leader score (input position) that first reached it."""
    follower_index: _IntArray
    """Per level, the follower score that matched it."""
    lag_days: _FloatArray
    """Per level, the follower's day minus the leader's (negative when the follower was first)."""


def _bounds(
    values: _FloatArray, low: _FloatArray | None, high: _FloatArray | None
) -> tuple[_FloatArray, _FloatArray]:
    lo = values if low is None else np.where(np.isfinite(low), low, values)
    hi = values if high is None else np.where(np.isfinite(high), high, values)
    return lo.astype(np.float64), hi.astype(np.float64)


def level_gap_arrays(
    leader_days: _IntArray,
    leader_values: _FloatArray,
    follower_days: _IntArray,
    follower_values: _FloatArray,
    *,
    tolerance: GapRule = 0.0,
    levels: int = 100,
    leader_bounds: tuple[_FloatArray, _FloatArray] | None = None,
    follower_bounds: tuple[_FloatArray, _FloatArray] | None = None,
) -> LevelArrays:
    """Return the level-averaged gap's matches (formulas in the module docstring).

    Args:
        leader_days: Day ordinals of the leader group's scores.
        leader_values: Their values.
        follower_days: Day ordinals of the follower group's scores.
        follower_values: Their values.
        tolerance: A number >= 0, :class:`Significance` or :class:`Overlap`.
        levels: How many evenly spaced levels, >= 2 (Epoch: 100).
        leader_bounds: ``(ci_low, ci_high)`` arrays (NaN for none), for the rules.
        follower_bounds: Likewise for the follower group.

    Returns:
        A :class:`LevelArrays`; empty when the groups' ranges of values do not overlap.

    Runs in O(n log n + levels log n) for a number; a rule compares every leader record with
    every follower record (records are few: about ln n for scores in random order).

    >>> r = level_gap_arrays(np.array([0, 10]), np.array([1.0, 2.0]),
    ...                      np.array([5, 30]), np.array([1.5, 2.0]), levels=3)
    >>> r.levels.tolist(), r.lag_days.tolist()
    ([1.5, 1.75, 2.0], [-5.0, 20.0, 20.0])
    """
    argument(
        "levels",
        levels,
        within(2, None, whole=True),
        "an integer >= 2 (Epoch uses 100)",
        error=MetricError,
    )
    lrec = record_positions(leader_days, leader_values)
    frec = record_positions(follower_days, follower_values)
    empty = np.zeros(0, dtype=np.int64)
    if lrec.size == 0 or frec.size == 0:
        return LevelArrays(np.zeros(0), empty, empty, np.zeros(0))
    rd, rv = leader_days[lrec], leader_values[lrec]
    fd, fv = follower_days[frec], follower_values[frec]
    lo, hi = max(rv[0], fv[0]), min(rv[-1], fv[-1])
    if lo > hi:
        return LevelArrays(np.zeros(0), empty, empty, np.zeros(0))
    grid = np.linspace(lo, hi, int(levels))
    ell = np.searchsorted(rv, grid, side="left")  # the leader record that first reached s
    reach = np.searchsorted(fv, grid, side="left")  # the first follower record reaching s
    llo, lhi = _bounds(leader_values, *(leader_bounds or (None, None)))
    flo, fhi = _bounds(follower_values, *(follower_bounds or (None, None)))
    first = _first_level(rv, llo[lrec], lhi[lrec], fv, flo[frec], fhi[frec], tolerance)
    match = np.minimum(reach, first[ell])
    return LevelArrays(
        levels=grid,
        leader_index=lrec[ell],
        follower_index=frec[match],
        lag_days=(fd[match] - rd[ell]).astype(np.float64),
    )


@attrs.frozen
class AreaGap:
    """What :func:`area_gap_arrays` found."""

    days: float
    """The mean horizontal distance, in days (NaN when undefined)."""
    floor: float
    """The lowest level."""
    top: float
    """The highest level (Epoch's truncation)."""


def _date_of_level(rd: _IntArray, rv: _FloatArray, s: _FloatArray) -> _FloatArray:
    """Return the day of the first record >= s; past the last record, the last record's day."""
    i = np.minimum(np.searchsorted(rv, s, side="left"), rv.size - 1)
    out: _FloatArray = rd[i].astype(np.float64)
    return out


def area_gap_arrays(
    leader_days: _IntArray,
    leader_values: _FloatArray,
    follower_days: _IntArray,
    follower_values: _FloatArray,
    *,
    floor: float | None = None,
) -> AreaGap:
    """Return the area between the two date-of-level curves over the range of levels, in days.

    Args:
        leader_days: Day ordinals of the leader group's scores.
        leader_values: Their values.
        follower_days: Day ordinals of the follower group's scores.
        follower_values: Their values.
        floor: The lowest level (Epoch: the benchmark's random-chance score); default the
            lower of the two groups' first records.

    Returns:
        An :class:`AreaGap`; NaN days when no leader record lies below the follower's best.

    >>> area_gap_arrays(np.array([0, 10]), np.array([1.0, 2.0]),
    ...                 np.array([5, 30]), np.array([1.5, 2.5]), floor=1.0).days
    11.666666666666666
    """
    lrec = record_positions(leader_days, leader_values)
    frec = record_positions(follower_days, follower_values)
    nan = math.nan
    if lrec.size == 0 or frec.size == 0:
        return AreaGap(nan, nan, nan)
    rd, rv = leader_days[lrec], leader_values[lrec]
    fd, fv = follower_days[frec], follower_values[frec]
    base = float(min(rv[0], fv[0]) if floor is None else floor)
    # The leader's highest record the follower has passed; the floor counts as one, at the
    # leader's first day, as in Epoch's code.
    below = np.concatenate([[base], rv])
    below = below[below < fv[-1]]
    if below.size == 0:
        return AreaGap(nan, base, nan)
    t = int(np.searchsorted(fv, below.max(), side="right"))
    top = float(fv[t])
    kept = rv <= top
    krd = np.concatenate([rd[:1], rd[kept]])  # the floor, at the leader's first day
    krv = np.concatenate([[base], rv[kept]])
    cuts = np.unique(np.concatenate([[base, top], krv, fv[: t + 1]]))
    cuts = cuts[(cuts >= base) & (cuts <= top)]
    mid = (cuts[1:] + cuts[:-1]) / 2
    width = np.diff(cuts)
    gap = _date_of_level(fd[: t + 1], fv[: t + 1], mid) - _date_of_level(krd, krv, mid)
    return AreaGap(float(np.sum(width * gap) / (top - base)), base, top)


@attrs.frozen(eq=False)
class VerticalGap:
    """The score difference between the two frontiers, day by day: ``L(d) - F(d)``.

    Defined on the days of the window when both frontiers exist; positive when the leader is
    ahead. Summaries are in the (transformed) score's units.
    """

    metric: str
    """The metric compared."""
    days: tuple[pendulum.Date, ...] = attrs.field(repr=False)
    """The days with both frontiers, in order."""
    gap: _FloatArray = attrs.field(repr=False)
    """``L(d) - F(d)`` on each day."""

    def summary(self, percentiles: tuple[float, ...] = (5.0, 95.0)) -> dict[str, float]:
        """Return ``mean``, ``median``, ``min``, ``max`` and ``p5``, ``p95`` of the gap."""
        return _stats(self.gap, percentiles)

    def __str__(self) -> str:
        """Return a one-line summary."""
        s = self.summary()
        return (
            f"vertical gap on {self.metric!r} ({len(self.days)} days): mean {s['mean']:.1f}, "
            f"90% of days {s['p5']:.1f} to {s['p95']:.1f}"
        )


def _stats(values: _FloatArray, percentiles: tuple[float, ...]) -> dict[str, float]:
    keys = ["mean", "median", "min", "max", *(f"p{p:g}" for p in percentiles)]
    if values.size == 0:
        return dict.fromkeys(keys, math.nan)
    out = {
        "mean": float(values.mean()),
        "median": float(np.median(values)),
        "min": float(values.min()),
        "max": float(values.max()),
    }
    for p in percentiles:
        out[f"p{p:g}"] = float(np.percentile(values, p))
    return out


def month_summary(
    days: _FloatArray, month_days: float, percentiles: tuple[float, ...] = (5.0, 95.0)
) -> dict[str, float]:
    """Return mean, median, min, max and the *percentiles* (``"p5"``...) of *days*, in months.

    >>> month_summary(np.array([30.5, 61.0]), 30.5)["p95"]
    1.95
    """
    return _stats(np.asarray(days, dtype=np.float64) / month_days, percentiles)


def vertical_gap_arrays(
    leader_days: _IntArray,
    leader_values: _FloatArray,
    follower_days: _IntArray,
    follower_values: _FloatArray,
    start: int,
    end: int,
) -> tuple[_IntArray, _FloatArray]:
    """Return the days of ``[start, end]`` with both frontiers and ``L(d) - F(d)`` on each.

    >>> d, g = vertical_gap_arrays(np.array([0]), np.array([3.0]), np.array([2]),
    ...                            np.array([1.0]), 0, 3)
    >>> d.tolist(), g.tolist()
    ([2, 3], [2.0, 2.0])
    """
    days = np.arange(start, end + 1, dtype=np.int64)

    def level(d: _IntArray, v: _FloatArray) -> _FloatArray:
        if d.size == 0:
            return np.full(days.size, np.nan)
        order = np.argsort(d, kind="stable")
        run = np.maximum.accumulate(v[order])
        i = np.searchsorted(d[order], days, side="right") - 1
        out: _FloatArray = np.where(i >= 0, run[np.maximum(i, 0)], np.nan)
        return out

    gap = level(leader_days, leader_values) - level(follower_days, follower_values)
    ok = np.isfinite(gap)
    return days[ok], gap[ok]


@attrs.frozen
class LevelPoint:
    """One level of a level-averaged gap: who reached it first, who matched it, how much later."""

    level: float
    """The level (after the transform)."""
    leader: Score
    """The leader record that first reached the level."""
    follower: Score
    """The first follower record that reached it or was level with that leader record."""
    lag_days: int
    """The follower's day minus the leader's; negative when the follower was first."""
