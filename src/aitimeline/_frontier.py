"""How far one group's frontier trails another's, from score events.

:func:`frontier` is the running maximum of a metric over a group of
:class:`~aitimeline.Score` events, as a step function of the day. :func:`frontier_lag`
measures how far a follower group's frontier trails a leader group's, by Epoch AI's methods
(formulas in its docstring), on arrays (:func:`~aitimeline.metrics.frontier_lag_arrays`) in
O(n log n). Nothing reads a clock: the day the data is taken as of is an argument.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from aitimeline._dates import MONTH_DAYS, DateLike, When
from aitimeline._display import card, table
from aitimeline._events import Event, Score
from aitimeline._frontier_arrays import (
    ArrayLag,
    Method,
    _check_method,
    _check_tolerance,
    _order,
    _records,
    frontier_lag_arrays,
)
from aitimeline._gaps import (
    GapRule,
    LevelPoint,
    VerticalGap,
    rule_name,
    vertical_gap_arrays,
)
from aitimeline._lags import (
    Censored,
    LagStats,
    Pair,
    _as_date,
    _as_timeline,
    _censored,
    _deprecated_censored,
    _group,
    _pairs_frame,
    _to_when,
    lag,
)
from aitimeline._query import Predicate, col, is_a
from aitimeline._timeline import Timeline
from aitimeline._validation import argument, within
from aitimeline.exceptions import MetricError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DailyPoint",
    "Frontier",
    "FrontierLag",
    "FrontierStep",
    "Transform",
    "frontier",
    "frontier_lag",
]

Transform: TypeAlias = Callable[[npt.NDArray[np.float64]], npt.ArrayLike]
"""A score transform: called once with the float64 array of values, returns an array as long."""

_IntArray: TypeAlias = npt.NDArray[np.int64]
_FloatArray: TypeAlias = npt.NDArray[np.float64]


# --------------------------------------------------------------------------------------------
# Score events -> arrays


def _neg_log_error(values: _FloatArray) -> _FloatArray:
    """Return ``-ln(1 - x)``, Epoch's scale for accuracies (it stretches the top end)."""
    out: _FloatArray = -np.log1p(-values)
    return out


_TRANSFORMS: dict[str, Callable[[_FloatArray], _FloatArray]] = {"neg_log_error": _neg_log_error}


def _transform_name(transform: str | Transform | None) -> str | None:
    if transform is None or isinstance(transform, str):
        return transform
    name = getattr(transform, "__name__", None)
    return name if isinstance(name, str) else repr(transform)


def _transform_function(transform: object) -> Transform:
    if isinstance(transform, str):
        fn = _TRANSFORMS.get(transform)
        if fn is None:
            msg = (
                f"transform={transform!r} is not a known transform; expected one of "
                f"{sorted(_TRANSFORMS)}, a callable taking and returning a numpy array, or None"
            )
            raise MetricError(msg)
        return fn
    if not callable(transform):
        msg = f"transform={transform!r} is neither a transform name nor a callable"
        raise MetricError(msg)
    return transform


def _apply_transform(
    values: _FloatArray, events: tuple[Score, ...], transform: str | Transform | None
) -> _FloatArray:
    if transform is None:
        return values
    fn = _transform_function(transform)
    name = _transform_name(transform)
    if transform == "neg_log_error":
        bad = (values < 0) | (values >= 1)
        if bad.any():
            e = events[int(np.flatnonzero(bad)[0])]
            msg = (
                f"transform='neg_log_error' needs accuracies in [0, 1), but score {e.id!r} has "
                f"value={e.value!r} ({int(bad.sum())} such scores); divide percentages by 100 "
                "and leave out perfect scores"
            )
            raise MetricError(msg)
    out = np.asarray(fn(values), dtype=np.float64)
    if out.shape != values.shape:
        msg = (
            f"transform {name!r} returned an array of shape {out.shape}; expected "
            f"{values.shape}, one value per score"
        )
        raise MetricError(msg)
    bad = ~np.isfinite(out)
    if bad.any():
        e = events[int(np.flatnonzero(bad)[0])]
        msg = (
            f"transform {name!r} made score {e.id!r} (value={e.value!r}) NaN or infinite; "
            "leave that score out or choose another transform"
        )
        raise MetricError(msg)
    return out


def _day(event: Event) -> int:
    """Return the day a score counts from: the last day its date allows (it exists by then)."""
    return _to_when(event, "score").latest_ordinal


@attrs.frozen(eq=False)
class _Scores:
    """Score events with their day ordinals and (transformed) values, in matching order."""

    events: tuple[Score, ...]
    days: _IntArray
    score: _FloatArray


def _score_arrays(
    events: tuple[Score, ...],
    transform: str | Transform | None,
    *,
    collapse_variants: bool,
) -> _Scores:
    raw = np.array([e.value for e in events], dtype=np.float64)
    bad = ~np.isfinite(raw)
    if bad.any():
        e = events[int(np.flatnonzero(bad)[0])]
        msg = (
            f"score {e.id!r} ({e.model!r}, metric={e.metric!r}) has value={e.value!r}; "
            f"scores must be finite ({int(bad.sum())} are not): drop or fix them"
        )
        raise MetricError(msg)
    score = _apply_transform(raw, events, transform)
    days = np.array([_day(e) for e in events], dtype=np.int64)
    if collapse_variants and events:
        # The best score per model; on ties the earliest day, then timeline order.
        models = np.array([e.model for e in events], dtype=object)
        order = np.lexsort((days, -score, models))
        first = np.ones(order.size, dtype=bool)
        first[1:] = models[order][1:] != models[order][:-1]
        keep = np.sort(order[first])
        events = tuple(events[i] for i in keep.tolist())
        days, score = days[keep], score[keep]
    return _Scores(events, days, score)


def _scores_of(
    scores: Timeline | Iterable[Event], metric: str, predicate: Predicate | None, name: str
) -> tuple[Score, ...]:
    tl = _as_timeline(scores)
    chosen = tl.where(is_a(Score) & (col("metric") == metric))
    if not chosen:
        metrics = sorted({e.metric for e in tl if isinstance(e, Score)})
        msg = (
            f"no Score event has metric={metric!r} among {len(tl)} events; the metrics "
            f"present are {metrics}"
        )
        raise MetricError(msg)
    if predicate is not None:
        chosen = _group(chosen, predicate, name)
    return tuple(e for e in chosen if isinstance(e, Score))


# --------------------------------------------------------------------------------------------
# frontier


@attrs.frozen(repr=False)
class FrontierStep:
    """A score that raised a group's frontier."""

    day: pendulum.Date
    """The day it counts from (the last day its date allows)."""
    value: float
    """Its value, after the transform."""
    event: Score
    """The score event."""

    def __repr__(self) -> str:
        """Return e.g. ``<FrontierStep 2024-09-12 0.81 openai-o1>``."""
        return f"<FrontierStep {self.day} {self.value:.4g} {self.event.id}>"


@attrs.frozen(repr=False)
class Frontier:
    """The running maximum of a metric over a group, as a step function of the day.

    The frontier on day *d* is the highest value among the group's scores dated on or before
    *d*. ``steps`` are the scores that raised it, in date order, values strictly increasing;
    of several scores on one day only the highest is a step.
    """

    metric: str
    """The metric."""
    transform: str | None
    """The transform's name, or None."""
    steps: tuple[FrontierStep, ...]
    """The record-setting scores, in date order."""

    def at(self, day: DateLike) -> float | None:
        """Return the frontier's value on *day* (None before its first step).

        Args:
            day: A day; a fuzzy date counts as its last possible day.

        Returns:
            The best value dated on or before *day*, or None.
        """
        d = When.coerce(day).latest_ordinal
        i = bisect.bisect_right([s.day.toordinal() for s in self.steps], d)
        return self.steps[i - 1].value if i else None

    def __repr__(self) -> str:
        """Return e.g. ``<Frontier 'eci': 12 steps, 2023-03-14 … 2025-08-07, best 150.3>``."""
        if not self.steps:
            return f"<Frontier {self.metric!r}: no steps>"
        first, last = self.steps[0], self.steps[-1]
        return (
            f"<Frontier {self.metric!r}: {len(self.steps)} steps, {first.day} "
            f"\N{HORIZONTAL ELLIPSIS} {last.day}, best {last.value:.4g}>"
        )

    def _repr_html_(self) -> str:
        """Return an HTML table of the steps."""
        rows = [[st.day, f"{st.value:.4g}", st.event.id, st.event.model] for st in self.steps]
        return table(repr(self), ["day", "value", "id", "model"], rows)

    def to_pandas(self) -> pd.DataFrame:
        """Return one row per step: ``day``, ``value``, ``id`` and ``model``."""
        import pandas as pd  # noqa: PLC0415 - pandas is optional; import it only when asked for

        return pd.DataFrame(
            {
                "day": [s.day for s in self.steps],
                "value": [s.value for s in self.steps],
                "id": [s.event.id for s in self.steps],
                "model": [s.event.model for s in self.steps],
            }
        )


def _steps(data: _Scores) -> tuple[FrontierStep, ...]:
    order = _order(data.days, data.score)
    rec = order[_records(data.score[order])]
    return tuple(
        FrontierStep(
            pendulum.Date.fromordinal(int(data.days[i])), float(data.score[i]), data.events[i]
        )
        for i in rec.tolist()
    )


def _before(events: tuple[Score, ...], cutoff: pendulum.Date | None) -> tuple[Score, ...]:
    if cutoff is None:
        return events
    last = cutoff.toordinal()
    return tuple(e for e in events if _day(e) <= last)


def frontier(
    scores: Timeline | Iterable[Event],
    *,
    metric: str,
    group: Predicate | None = None,
    transform: str | Transform | None = None,
    collapse_variants: bool = False,
    as_of: DateLike | None = None,
) -> Frontier:
    """Return the running maximum of *metric* over a group's scores, as a step function.

    Args:
        scores: Events; only :class:`~aitimeline.Score` events with this *metric* count.
        metric: The metric, such as ``"eci"``.
        group: A predicate the scores must satisfy (TRUE); None for every score.
        transform: ``"neg_log_error"`` (``-ln(1 - accuracy)``), a callable taking and
            returning a numpy array, or None.
        collapse_variants: Keep only the best score per ``model`` (one of several
            reasoning-effort rows, say).
        as_of: Leave out scores dated after this day.

    Returns:
        A :class:`Frontier`.

    Raises:
        MetricError: no score has the metric, or the transform fails or is unknown.
    """
    events = _before(_scores_of(scores, metric, group, "group"), _as_date(as_of, "as_of", end=True))
    data = _score_arrays(events, transform, collapse_variants=collapse_variants)
    return Frontier(metric, _transform_name(transform), _steps(data))


# --------------------------------------------------------------------------------------------
# frontier_lag


@attrs.frozen(repr=False)
class DailyPoint:
    """One day of a daily frontier lag."""

    day: pendulum.Date
    """The day."""
    lag_days: int | None
    """Days since the leader frontier was last level with the follower; None if undefined."""
    censored: bool
    """Whether the follower is below every leader record (or has no score yet) on this day."""
    follower: Score | None
    """The best follower score released by this day."""
    leader: Score | None
    """The leader record the follower has not reached (None when level or undefined)."""

    def __repr__(self) -> str:
        """Return e.g. ``<DailyPoint 2024-10-01: 12 days>``."""
        what = "censored" if self.censored else "no lag"
        return (
            f"<DailyPoint {self.day}: {what if self.lag_days is None else f'{self.lag_days} days'}>"
        )


@attrs.frozen(repr=False)
class FrontierLag(LagStats):
    """How far a follower group's frontier trails a leader group's; see :func:`frontier_lag`.

    ``pairs`` (catch-up method) or ``series`` (daily method) hold the detail. The statistics
    are in months of 365.2425 / 12 days, over the pairs' lags (the middle of each range) or
    over the days with a lag, and NaN when there is nothing to summarise.
    """

    metric: str
    """The metric compared."""
    method: str
    """``"catch-up"`` or ``"daily"``."""
    tolerance: GapRule
    """How far below the leader (after the transform) still counts as level, or the rule."""
    transform: str | None
    """The transform's name, or None."""
    start: pendulum.Date
    """First day of the window."""
    end: pendulum.Date
    """Last day of the window."""
    as_of: pendulum.Date
    """The day the data is taken as of; censored ages are measured to it."""
    leader_frontier: Frontier
    """The leader group's frontier."""
    follower_frontier: Frontier
    """The follower group's frontier."""
    pairs: tuple[Pair[Score], ...]
    """Catch-up: each leader record paired with the follower score that reached it."""
    censored_leaders: tuple[Censored[Score], ...]
    """Leader records no follower score reached by *as_of*, with their age (never dropped)."""
    series: tuple[DailyPoint, ...]
    """Daily: one point per day of the window, in date order."""
    levels: tuple[LevelPoint, ...] = ()
    """Level: one point per level, lowest first."""
    area_days: float | None = None
    """Area: the mean horizontal distance between the curves, in days (None if undefined)."""
    month_days: float = MONTH_DAYS
    """The length of a month in days for the statistics (Epoch: 365 / 12, 30.5 or 30)."""

    @property
    def lag_days(self) -> tuple[float, ...]:
        """Return the lags the statistics summarise, in days."""
        if self.method == "daily":
            return tuple(float(p.lag_days) for p in self.series if p.lag_days is not None)
        if self.method == "level":
            return tuple(float(p.lag_days) for p in self.levels)
        if self.method == "area":
            return () if self.area_days is None else (self.area_days,)
        return tuple(p.lag.midpoint_days for p in self.pairs)

    @property
    def censored_days(self) -> int:
        """Return how many days of the window are censored (daily method)."""
        return sum(p.censored for p in self.series)

    def _month_length(self) -> float:
        return self.month_days

    @property
    def censored(self) -> tuple[Censored[Score], ...]:
        """Deprecated: the same as :attr:`censored_leaders`."""
        _deprecated_censored(self)
        return self.censored_leaders

    def vertical(self) -> VerticalGap:
        """Return the score gap ``L(d) - F(d)`` between the frontiers on each day of the window.

        Only days on which both frontiers exist count; in the (transformed) score's units.
        """
        lead, follow = self.leader_frontier.steps, self.follower_frontier.steps
        days, gap = vertical_gap_arrays(
            np.array([s.day.toordinal() for s in lead], dtype=np.int64),
            np.array([s.value for s in lead], dtype=np.float64),
            np.array([s.day.toordinal() for s in follow], dtype=np.int64),
            np.array([s.value for s in follow], dtype=np.float64),
            self.start.toordinal(),
            self.end.toordinal(),
        )
        return VerticalGap(
            self.metric, tuple(pendulum.Date.fromordinal(d) for d in days.tolist()), gap
        )

    def __str__(self) -> str:
        """Return a one-line summary."""
        s = self.summary()
        size = {
            "catch-up": f"{len(self.pairs)} pairs",
            "daily": f"{len(self.series)} days",
            "level": f"{len(self.levels)} levels",
            "area": "area between curves",
        }[self.method]
        return (
            f"{self.method} lag on {self.metric!r} ({size}, tolerance "
            f"{rule_name(self.tolerance)}): "
            f"mean {s['mean']:.1f} months, median {s['median']:.1f} "
            f"(min {s['min']:.1f}, max {s['max']:.1f}); {len(self.censored_leaders)} censored"
        )

    def __repr__(self) -> str:
        """Return a one-line summary in angle brackets (never the detail)."""
        return f"<FrontierLag {self}>"

    def _repr_html_(self) -> str:
        """Return a small HTML card: the method, window, statistics and sizes."""
        s = self.summary()
        return card(
            f"FrontierLag: {self.method} on {self.metric!r}",
            [
                ("window", f"{self.start} \N{EN DASH} {self.end} (as of {self.as_of})"),
                ("tolerance", rule_name(self.tolerance)),
                ("transform", self.transform or "none"),
                ("mean", f"{s['mean']:.1f} months"),
                ("median", f"{s['median']:.1f} months"),
                ("min \N{EN DASH} max", f"{s['min']:.1f} \N{EN DASH} {s['max']:.1f} months"),
                ("lags", len(self.lag_days)),
                ("censored leaders", len(self.censored_leaders)),
                ("leader frontier", f"{len(self.leader_frontier.steps)} steps"),
                ("follower frontier", f"{len(self.follower_frontier.steps)} steps"),
            ],
        )

    def to_pandas(self) -> pd.DataFrame:
        """Return the pairs then the censored leaders (catch-up), or the daily series."""
        if self.method == "catch-up":
            return _pairs_frame(self.pairs, self.censored_leaders)
        import pandas as pd  # noqa: PLC0415 - pandas is optional; import it only when asked for

        if self.method in {"level", "area"}:
            return pd.DataFrame(
                {
                    "level": [p.level for p in self.levels],
                    "leader": [p.leader.id for p in self.levels],
                    "follower": [p.follower.id for p in self.levels],
                    "lag_days": [p.lag_days for p in self.levels],
                    "lag_months": [p.lag_days / self.month_days for p in self.levels],
                }
            )

        return pd.DataFrame(
            {
                "day": [p.day for p in self.series],
                "lag_days": [p.lag_days for p in self.series],
                "lag_months": [
                    None if p.lag_days is None else p.lag_days / MONTH_DAYS for p in self.series
                ],
                "censored": [p.censored for p in self.series],
                "follower": [None if p.follower is None else p.follower.id for p in self.series],
                "leader": [None if p.leader is None else p.leader.id for p in self.series],
            }
        )


def _ordinal(value: DateLike | None, name: str, *, end: bool) -> int | None:
    day = _as_date(value, name, end=end)
    return None if day is None else day.toordinal()


def frontier_lag(
    scores: Timeline | Iterable[Event],
    *,
    metric: str,
    leader: Predicate,
    follower: Predicate,
    tolerance: GapRule = 0.0,
    transform: str | Transform | None = None,
    method: Method = "catch-up",
    start: DateLike | None = None,
    end: DateLike | None = None,
    as_of: DateLike | None = None,
    collapse_variants: bool = False,
    levels: int = 100,
    month_days: float = MONTH_DAYS,
    keep_negative: bool = False,
    floor: float | None = None,
) -> FrontierLag:
    r"""Measure how far the follower group's frontier trails the leader group's on a metric.

    Each score counts from the last day its date allows (the day by which it certainly
    exists). Values are transformed first (*transform*), then compared with *tolerance*: a
    follower value *F* is level with a leader value *L* when ``L - tolerance <= F``, or, for
    a rule, when :class:`~aitimeline.Significance` finds *F* not significantly below *L* (a
    z-test on the standard errors read from ``ci_low``/``ci_high``) or the intervals overlap
    (:class:`~aitimeline.Overlap`); a score at or above *L* is always level. Write
    :math:`L(t)` and :math:`F(t)` for the two frontiers, the best leader and follower value
    dated on or before day *t*.

    ``method="catch-up"`` (Epoch AI, "How far behind are open models?", 2024): take the leader
    *records* (the scores that raised :math:`L`) in date order. For each, find the first
    follower score, by date, that is level with it (``L_record - tolerance <= F``; under a
    rule, the earliest score the rule accepts, which need not be a follower record). Pair the two
    and measure

    .. math:: \mathrm{lag} = \mathrm{day}(\text{follower}) - \mathrm{day}(\text{record}),

    unless that follower is dated before the record (the follower group was never behind it),
    or it was already paired with an earlier record (a follower score that overtakes several
    leader records at once is paired with the first only, as in Epoch's code, where such a
    record is skipped because it "has already been matched by a better open model"). Only
    records dated in ``[start, end]`` are reported, but the frontier is built from every score.
    Records no follower score reaches by *as_of* are ``censored`` with their age
    ``as_of - day(record)``, a lower bound on their lag; they are never dropped.

    ``method="daily"`` (Epoch AI, ECI data insights, 2025-26): for each day *d* in
    ``[start, end]``,

    .. math:: \mathrm{lag}(d) = d - \max\{t \le d : L(t) - \mathrm{tolerance} \le F(d)\},

    0 when the follower is level on day *d*; *t* ranges over the days on which the leader
    frontier exists. Under a rule, "level" compares the leader record in force on day *t*
    with the follower's best score by day *d* (the frontier's step), intervals included.
    Days with no such *t* (the follower is below every leader record, or has no score yet)
    are censored: their lag is None, they are left out of the statistics, and
    ``censored_days`` counts them. Days before the leader's first score have no lag either.

    ``method="level"`` (Epoch AI, October 2025, open versus closed on ECI): the gap averaged
    over *levels* evenly spaced values between the groups' overlapping first and best records,
    not over days; at each level the leader record that first reached it is matched by the
    first follower record that reaches the level or is level with that record (*tolerance* may
    be a rule here: :class:`~aitimeline.Significance` for Epoch's z-test on the scores'
    intervals, or :class:`~aitimeline.Overlap`); negative gaps are kept. Only scores dated in
    ``[start, end]`` count. ``method="area"`` (the 2024 report's secondary estimate): the area
    between the two groups' date-of-level curves from *floor* up, divided by the range of
    levels. ``levels`` holds the detail; the formulas are in ``aitimeline._gaps``.

    All methods run in O(n log n) for a number tolerance, on arrays
    (:func:`frontier_lag_arrays`); a rule tests every leader record against every follower
    score (catch-up) or follower frontier step (daily), in bounded chunks.

    Args:
        scores: Events; only :class:`~aitimeline.Score` events with this *metric* count.
        metric: The metric, such as ``"eci"`` or ``"MMLU"``.
        leader: Predicate selecting the leading group's scores (TRUE), such as
            ``col("country") == "US"``.
        follower: Predicate selecting the following group's scores.
        tolerance: How far below the leader still counts as level, in transformed units, >= 0;
            or a rule, :class:`~aitimeline.Significance` or :class:`~aitimeline.Overlap`.
        transform: ``"neg_log_error"`` (``-ln(1 - accuracy)``, as Epoch uses for accuracy
            benchmarks), a callable taking and returning a numpy array, or None.
        method: ``"catch-up"``, ``"daily"``, ``"level"`` or ``"area"``.
        start: First day of the window (default: the first score).
        end: Last day of the window (default: *as_of*).
        as_of: The day the data is taken as of: later scores are left out and censored ages
            run to it (default: the last score's day; never the clock).
        collapse_variants: Keep only the best score per ``model`` in each group first, so
            that model versions (reasoning-effort rows, say) count as one model.
        levels: ``method="level"``: how many levels (Epoch: 100).
        month_days: Days in a month for the statistics: 365.2425 / 12 (default), 365 / 12
            (Epoch 2024), 30.5 (Epoch 2025) or 30 (Epoch's area estimate).
        keep_negative: ``method="catch-up"``: also pair a record with a follower dated before
            it, with a negative lag, as Epoch's code does.
        floor: ``method="area"``: the lowest level (Epoch: the random-chance score); default
            the lower of the groups' first records.

    Returns:
        A :class:`FrontierLag`.

    Raises:
        MetricError: no score has the metric, the leader group is empty, a value is NaN or
            infinite, the tolerance is negative, the transform or method is unknown, or the
            window is empty.
    """
    tol = _check_tolerance(tolerance)
    _check_method(method)
    if transform is not None:
        _transform_function(transform)
    cutoff = _as_date(as_of, "as_of", end=True)
    tl = _as_timeline(scores)
    leaders = _before(_scores_of(tl, metric, leader, "leader"), cutoff)
    followers = _before(_scores_of(tl, metric, follower, "follower"), cutoff)
    if not leaders:
        msg = (
            f"leader={leader!r} matches none of the scores with metric={metric!r}"
            f"{'' if cutoff is None else f' dated by {cutoff}'}; a frontier lag needs at "
            "least one leader score"
        )
        raise MetricError(msg)
    lead = _score_arrays(leaders, transform, collapse_variants=collapse_variants)
    follow = _score_arrays(followers, transform, collapse_variants=collapse_variants)
    found = frontier_lag_arrays(
        lead.days,
        lead.score,
        follow.days,
        follow.score,
        tolerance=tol,
        method=method,
        start=_ordinal(start, "start", end=False),
        end=_ordinal(end, "end", end=True),
        as_of=None if cutoff is None else cutoff.toordinal(),
        levels=levels,
        keep_negative=keep_negative,
        floor=floor,
        leader_bounds=_interval_arrays(lead, transform),
        follower_bounds=_interval_arrays(follow, transform),
    )
    as_of_day = pendulum.Date.fromordinal(found.as_of)
    name = _transform_name(transform)
    return FrontierLag(
        metric=metric,
        method=method,
        tolerance=tol,
        transform=name,
        start=pendulum.Date.fromordinal(found.start),
        end=pendulum.Date.fromordinal(found.end),
        as_of=as_of_day,
        leader_frontier=Frontier(metric, name, _steps(lead)),
        follower_frontier=Frontier(metric, name, _steps(follow)),
        pairs=_frontier_pairs(found, lead, follow),
        censored_leaders=tuple(
            _censored(lead.events[i], as_of_day, float(lead.score[i]))
            for i in found.censored_index.tolist()
        ),
        series=_series(found, lead, follow),
        levels=_level_points(found, lead, follow),
        area_days=float(found.lag_days[0]) if method == "area" and found.lag_days.size else None,
        month_days=_check_month(month_days),
    )


def _check_month(month_days: float) -> float:
    positive = within(0, None, open_ends=True)
    argument("month_days", month_days, positive, "a positive number of days", error=MetricError)
    return float(month_days)


def _interval_arrays(
    data: _Scores, transform: str | Transform | None
) -> tuple[_FloatArray, _FloatArray]:
    """Return each score's interval bounds after the transform (its value where it has none)."""
    low = np.array([e.value if e.ci_low is None else e.ci_low for e in data.events], dtype=float)
    high = np.array([e.value if e.ci_high is None else e.ci_high for e in data.events], dtype=float)
    if transform is None or not data.events:
        return low, high
    fn = _transform_function(transform)
    return np.asarray(fn(low), dtype=float), np.asarray(fn(high), dtype=float)


def _level_points(found: ArrayLag, lead: _Scores, follow: _Scores) -> tuple[LevelPoint, ...]:
    if found.method != "level":
        return ()
    return tuple(
        LevelPoint(s, lead.events[i], follow.events[j], int(x))
        for s, i, j, x in zip(
            found.levels.tolist(),
            found.leader_index.tolist(),
            found.follower_index.tolist(),
            found.lag_days.tolist(),
            strict=True,
        )
    )


def _frontier_pairs(found: ArrayLag, lead: _Scores, follow: _Scores) -> tuple[Pair[Score], ...]:
    if found.method != "catch-up":
        return ()
    return tuple(
        Pair(
            lead.events[i],
            follow.events[j],
            lag(lead.events[i], follow.events[j]),
            float(lead.score[i]),
            float(follow.score[j]),
        )
        for i, j in zip(found.leader_index.tolist(), found.follower_index.tolist(), strict=True)
    )


def _series(found: ArrayLag, lead: _Scores, follow: _Scores) -> tuple[DailyPoint, ...]:
    if found.method != "daily":
        return ()
    points = zip(
        found.days.tolist(),
        found.lag_days.tolist(),
        found.censored_days.tolist(),
        found.follower_index.tolist(),
        found.leader_index.tolist(),
        strict=True,
    )
    return tuple(
        DailyPoint(
            day=pendulum.Date.fromordinal(d),
            lag_days=None if math.isnan(x) else int(x),
            censored=c,
            follower=None if f < 0 else follow.events[f],
            leader=None if li < 0 else lead.events[li],
        )
        for d, x, c, f, li in points
    )
