"""Laws of lags and frontiers, against brute-force references on small random inputs."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from aitimeline import Score, When, col, frontier, frontier_lag, lag
from aitimeline.metrics import frontier_lag_arrays
from aitimeline.strategies import whens

Points = list[tuple[int, float]]

# Few distinct days and values, so that ties on a day and equal scores are common.
points = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 12).map(lambda n: n / 4)), max_size=12
)
nonempty_points = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 12).map(lambda n: n / 4)),
    min_size=1,
    max_size=12,
)
tolerances = st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.3])
finite_whens = whens().filter(lambda w: not (w.is_open_start or w.is_open_end))


# -- references -------------------------------------------------------------------------------


def ref_records(scores: Points) -> list[int]:
    """Return the indices of the scores that raise the running maximum, in date order."""
    order = sorted(range(len(scores)), key=lambda i: (scores[i][0], -scores[i][1], i))
    best = -math.inf
    out = []
    for i in order:
        if scores[i][1] > best:
            out.append(i)
            best = scores[i][1]
    return out


def ref_catch_up(
    lead: Points, follow: Points, tol: float, lo: int, hi: int, as_of: int
) -> tuple[list[tuple[int, int, float]], list[tuple[int, int]]]:
    """Epoch's loop, literally: pairs (leader, follower, lag) and censored (leader, age)."""
    li = [i for i, (d, _) in enumerate(lead) if d <= as_of]
    fi = [j for j, (d, _) in enumerate(follow) if d <= as_of]
    records = [li[k] for k in ref_records([lead[i] for i in li])]
    ordered = sorted(fi, key=lambda j: (follow[j][0], -follow[j][1], j))
    pairs: list[tuple[int, int, float]] = []
    censored: list[tuple[int, int]] = []
    winner = -math.inf  # the score of the follower paired last (Epoch's open_winner_score)
    for i in records:
        day, value = lead[i]
        inside = lo <= day <= hi
        first = next((j for j in ordered if value - tol <= follow[j][1]), None)
        if first is None:
            if inside:
                censored.append((i, as_of - day))
            continue
        if follow[first][0] < day or value - tol <= winner:
            continue
        winner = follow[first][1]
        if inside:
            pairs.append((i, first, float(follow[first][0] - day)))
    return pairs, censored


def ref_daily(
    lead: Points, follow: Points, tol: float, lo: int, hi: int, as_of: int
) -> list[tuple[float | None, bool]]:
    """The daily lag by its definition: per day, (lag or None, censored)."""
    lead = [p for p in lead if p[0] <= as_of]
    follow = [p for p in follow if p[0] <= as_of]
    first_day = min(d for d, _ in lead)

    def best(scores: Points, t: int) -> float | None:
        values = [v for d, v in scores if d <= t]
        return max(values) if values else None

    def lead_at(t: int) -> float:
        value = best(lead, t)
        assert value is not None  # t is on or after the first leader score
        return value

    out: list[tuple[float | None, bool]] = []
    for d in range(lo, hi + 1):
        if best(lead, d) is None:
            out.append((None, False))
            continue
        f = best(follow, d)
        if f is None:
            out.append((None, True))
            continue
        level = [t for t in range(first_day, d + 1) if lead_at(t) - tol <= f]
        out.append((float(d - max(level)), False) if level else (None, True))
    return out


def arrays(scores: Points) -> tuple[list[int], list[float]]:
    """Split points into days and values."""
    return [d for d, _ in scores], [v for _, v in scores]


# -- lag --------------------------------------------------------------------------------------


@given(finite_whens, finite_whens, st.data())
def test_lag_contains_every_completion_difference(a: When, b: When, data: st.DataObject) -> None:
    """Contain every difference between a day of b and a day of a, and attain both ends."""
    result = lag(a, b)
    da = data.draw(st.integers(a.earliest_ordinal, a.latest_ordinal))
    db = data.draw(st.integers(b.earliest_ordinal, b.latest_ordinal))
    assert result.contains(db - da)
    assert (b.earliest_ordinal - a.latest_ordinal, b.latest_ordinal - a.earliest_ordinal) == (
        result.days
    )


@given(finite_whens, finite_whens)
def test_lag_is_antisymmetric(a: When, b: When) -> None:
    """Give lag(a, b) == -lag(b, a), and negated bounds."""
    assert lag(a, b) == -lag(b, a)
    assert lag(a, b).bounds == -lag(b, a).bounds


@given(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)), st.integers(-400, 400))
def test_lag_of_exact_days_is_one_number(day: dt.date, n: int) -> None:
    """Give exactly the difference in days between two exact days."""
    other = day + dt.timedelta(days=n)
    result = lag(When.coerce(day), When.coerce(other))
    assert result.is_exact
    assert (n, n) == result.days


# -- frontier methods against the references --------------------------------------------------


@given(nonempty_points, points, tolerances, st.integers(0, 40), st.integers(0, 40))
def test_catch_up_equals_reference(
    lead: Points, follow: Points, tol: float, a: int, b: int
) -> None:
    """Pair and censor exactly as Epoch's loop does, on any window."""
    lo, hi = min(a, b), max(a, b)
    as_of = max(d for d, _ in lead + follow)
    found = frontier_lag_arrays(*arrays(lead), *arrays(follow), tolerance=tol, start=lo, end=hi)
    pairs, censored = ref_catch_up(lead, follow, tol, lo, hi, as_of)
    got = list(
        zip(
            found.leader_index.tolist(),
            found.follower_index.tolist(),
            found.lag_days.tolist(),
            strict=True,
        )
    )
    assert pairs == got
    assert censored == list(
        zip(found.censored_index.tolist(), found.censored_age.tolist(), strict=True)
    )


@given(nonempty_points, points, tolerances, st.integers(0, 40))
def test_catch_up_respects_as_of(lead: Points, follow: Points, tol: float, cut: int) -> None:
    """Leave out scores dated after as_of, and age censored records to it."""
    if min(d for d, _ in lead) > cut:
        lead = [(cut, 0.0), *lead]
    found = frontier_lag_arrays(*arrays(lead), *arrays(follow), tolerance=tol, as_of=cut)
    lo = min(d for d, _ in lead + follow if d <= cut)
    pairs, censored = ref_catch_up(lead, follow, tol, lo, cut, cut)
    got = zip(
        found.leader_index.tolist(),
        found.follower_index.tolist(),
        found.lag_days.tolist(),
        strict=True,
    )
    assert pairs == list(got)
    assert censored == list(
        zip(found.censored_index.tolist(), found.censored_age.tolist(), strict=True)
    )


@given(nonempty_points, points, tolerances, st.integers(0, 45), st.integers(0, 45))
def test_daily_equals_reference(lead: Points, follow: Points, tol: float, a: int, b: int) -> None:
    """Give each day's lag and censoring exactly as the definition does."""
    lo, hi = min(a, b), max(a, b)
    as_of = max([hi, *(d for d, _ in lead)])
    found = frontier_lag_arrays(
        *arrays(lead), *arrays(follow), tolerance=tol, method="daily", start=lo, end=hi, as_of=as_of
    )
    expected = ref_daily(lead, follow, tol, lo, hi, as_of)
    got = [
        (None if math.isnan(x) else x, c)
        for x, c in zip(found.lag_days.tolist(), found.censored_days.tolist(), strict=True)
    ]
    assert expected == got
    assert list(range(lo, hi + 1)) == found.days.tolist()


@given(nonempty_points, points, tolerances, st.integers(0, 45), st.integers(0, 45))
def test_daily_lag_is_never_negative_and_points_at_unreached_records(
    lead: Points, follow: Points, tol: float, a: int, b: int
) -> None:
    """Give lags >= 0, and a leader record above the follower on every day it trails."""
    lo, hi = min(a, b), max(a, b)
    found = frontier_lag_arrays(
        *arrays(lead), *arrays(follow), tolerance=tol, method="daily", start=lo, end=hi
    )
    lags = found.lag_days[~np.isnan(found.lag_days)]
    assert bool((lags >= 0).all())
    for day, x, li, fj in zip(
        found.days.tolist(),
        found.lag_days.tolist(),
        found.leader_index.tolist(),
        found.follower_index.tolist(),
        strict=True,
    ):
        if x > 0:
            assert lead[li][1] - tol > follow[fj][1]
            assert x == day - lead[li][0] + 1


# -- the event-level API agrees with the arrays -----------------------------------------------


def scores(lead: Points, follow: Points) -> list[Score]:
    """Return Score events: the leader group in the US, the follower group in China.

    Ids follow input order, so that the timeline's tie-break (by id) is the references' one.
    """
    base = pendulum.Date(2024, 1, 1)
    out = []
    for group, country, pts in (("l", "US", lead), ("f", "CN", follow)):
        for i, (d, v) in enumerate(pts):
            out.append(
                Score(
                    id=f"{group}{i:02d}",
                    when=base.add(days=d),
                    title=f"{group}{i:02d}",
                    model=f"{group}{i:02d}",
                    metric="m",
                    value=v,
                    country=country,
                )
            )
    return out


@given(nonempty_points)
def test_frontier_equals_running_maximum(lead: Points) -> None:
    """Step exactly where the brute-force running maximum rises, to the same values."""
    result = frontier(scores(lead, []), metric="m")
    expected = [(lead[i][0], lead[i][1]) for i in ref_records(lead)]
    got = [
        (s.day.toordinal() - pendulum.Date(2024, 1, 1).toordinal(), s.value) for s in result.steps
    ]
    assert expected == got
    for day in range(41):
        values = [v for d, v in lead if d <= day]
        at = result.at(pendulum.Date(2024, 1, 1).add(days=day))
        assert (max(values) if values else None) == at


@given(nonempty_points, points, tolerances)
def test_frontier_lag_on_events_equals_arrays(lead: Points, follow: Points, tol: float) -> None:
    """Pair the same events as the array kernel pairs indices."""
    result = frontier_lag(
        scores(lead, follow),
        metric="m",
        leader=col("country") == "US",
        follower=col("country") == "CN",
        tolerance=tol,
    )
    as_of = max(d for d, _ in lead + follow)
    lo = min(d for d, _ in lead + follow)
    pairs, censored = ref_catch_up(lead, follow, tol, lo, as_of, as_of)
    assert [(f"l{i:02d}", f"f{j:02d}", lag_) for i, j, lag_ in pairs] == [
        (p.leader.id, p.follower.id, p.lag.midpoint_days) for p in result.pairs
    ]
    assert [f"l{i:02d}" for i, _ in censored] == [c.leader.id for c in result.censored_leaders]
