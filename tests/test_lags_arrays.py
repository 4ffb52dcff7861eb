"""Lags over arrays and catch-up on the columns, held to the per-event definitions.

Every columnar path here is compared with the scalar :func:`~aitimeline.lag` and with a
brute-force catch-up written event by event, on generated timelines whose dates are fuzzy
(every precision, Spans, periods in force) and stored both as events and as lazy cells.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline as at
from aitimeline import Event, Lag, Predicate, Release, Timeline, Truth, When, col, lag, lags, tagged
from aitimeline._catch_up import _reaching
from aitimeline._lag_arrays import LazyTuple
from aitimeline._lags import _to_when
from aitimeline.exceptions import MetricError, UnknownIdError
from aitimeline.metrics import LagArray
from aitimeline.strategies import timelines

US, CN = col("country") == "US", col("country") == "CN"
T = TypeVar("T")
laws = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""Generated timelines are slow to draw; 60 each keeps this file to seconds on a busy machine."""


@st.composite
def stored_timelines(draw: st.DrawFn, min_size: int = 1) -> Timeline:
    """Return a generated timeline, as built events or as lazy cells (the two stores)."""
    tl = draw(timelines(min_size=min_size))
    return Timeline.from_columns(tl.to_columns()) if draw(st.booleans()) else tl


def outcome(fn: Callable[..., T], *args: object, **kwargs: object) -> T | type[MetricError]:
    """Return what *fn* returns, or the MetricError class if it refuses (as both must)."""
    try:
        return fn(*args, **kwargs)
    except MetricError:
        return MetricError


# -- lags over arrays ---------------------------------------------------------------------------


@laws
@given(stored_timelines(), st.data())
def test_lags_of_ids_equal_lag_of_each_pair(tl: Timeline, data: st.DataObject) -> None:
    """``lags(a, b, timeline=tl)[i] == lag(tl[a[i]], tl[b[i]])``, or both refuse."""
    ids = st.sampled_from(tl.ids)
    a = data.draw(st.lists(ids, max_size=8))
    b = data.draw(st.lists(ids, min_size=len(a), max_size=len(a)))
    each = [outcome(lag, tl[x], tl[y]) for x, y in zip(a, b, strict=True)]
    found = outcome(lags, a, b, timeline=tl)
    if MetricError in each:
        assert found is MetricError
        return
    assert isinstance(found, LagArray)
    assert each == list(found)
    days = [q.days for q in each if isinstance(q, Lag)]
    assert days == list(zip(found.lo.tolist(), found.hi.tolist(), strict=True))
    where = {event_id: k for k, event_id in enumerate(tl.ids)}
    positions = [np.array([where[x] for x in side], dtype=np.int64) for side in (a, b)]
    by_position = lags(*positions, timeline=tl)
    assert days == list(zip(by_position.lo.tolist(), by_position.hi.tolist(), strict=True))


@laws
@given(stored_timelines(), st.data())
def test_lags_in_a_view_read_its_own_positions_and_ids(tl: Timeline, data: st.DataObject) -> None:
    """In a filtered view, positions count its events and ids outside it are unknown.

    Positions may be negative (from the end) and of any integer type; a position out of range
    is refused as by position one at a time.
    """
    view = tl.exclude(US)
    if not len(view):
        return
    n = len(view)
    positions = st.integers(min_value=-n, max_value=n - 1)
    a = data.draw(st.lists(positions, min_size=1, max_size=8))
    b = data.draw(st.lists(positions, min_size=len(a), max_size=len(a)))
    each = [outcome(lag, view[x], view[y]) for x, y in zip(a, b, strict=True)]
    dtype = data.draw(st.sampled_from((np.int64, np.int32, np.int16)))
    found = outcome(lags, np.array(a, dtype=dtype), np.array(b, dtype=dtype), timeline=view)
    by_id = outcome(lags, [view[x].id for x in a], [view[y].id for y in b], timeline=view)
    if MetricError in each:
        assert found is MetricError
        assert by_id is MetricError
        return
    assert isinstance(found, LagArray)
    assert isinstance(by_id, LagArray)
    assert each == list(found)
    assert each == list(by_id)
    assert found.lo.dtype == np.int64
    assert found.hi.dtype == np.int64
    outside = [e.id for e in tl if e.id not in view]
    if outside:
        with pytest.raises(UnknownIdError, match=outside[0]):
            lags([view[0].id, outside[0]], "2025", timeline=view)
    for bad in (n, -n - 1):
        with pytest.raises(MetricError, match=f"a\\[1\\]={bad} is not a position"):
            lags(np.array([0, bad]), "2025", timeline=view)


@laws
@given(stored_timelines())
def test_lags_are_antisymmetric(tl: Timeline) -> None:
    """``-lags(a, b)`` holds the days of ``lags(b, a)``; from timelines and from events."""
    backwards = Timeline(list(tl))  # the same events, another store
    forward = outcome(lags, tl, list(reversed(backwards.events)))
    if forward is MetricError:
        assert outcome(lags, list(reversed(backwards.events)), tl) is MetricError
        return
    assert isinstance(forward, LagArray)
    back = lags(list(reversed(backwards.events)), tl)
    assert (-forward).lo.tolist() == back.lo.tolist()
    assert (-forward).hi.tolist() == back.hi.tolist()
    assert list(-forward) == list(back)


@laws
@given(stored_timelines(), st.sampled_from(["2024-06-30", "2025", "2023-Q1"]))
def test_one_instant_pairs_with_every_element(tl: Timeline, day: str) -> None:
    """A single instant on one side is paired with each element of the other."""
    each = [outcome(lag, e, day) for e in tl]
    found = outcome(lags, tl, day)
    if MetricError in each:
        assert found is MetricError
        return
    assert isinstance(found, LagArray)
    assert each == list(found)
    assert len(tl) == len(found)


def test_lags_read_dates_and_events_too() -> None:
    """Accept Whens, date strings and dates without a timeline, and mixed events and ids."""
    found = lags(["2024-09-12", When.month(2024, 11)], ["2024-11-28", "2025-01-20"])
    assert [(77, 77), (51, 80)] == list(zip(found.lo.tolist(), found.hi.tolist(), strict=True))
    tl = Timeline([Event(id="a-1", when="2024-09-12", title="a")])
    assert [0] == lags([tl["a-1"]], ["a-1"], timeline=tl).lo.tolist()


def test_lag_array_statistics_slices_and_frame() -> None:
    """Summarise the middles; slice, pick and negate as arrays; write a frame."""
    found = lags(["2024-01-01", "2024-01", "2024-03-01"], "2024-04-01")
    assert [91, 61, 31] == found.lo.tolist()
    assert [91, 91, 31] == found.hi.tolist()
    assert [True, False, True] == found.is_exact.tolist()
    assert [False, True, False] == found.contains(70).tolist()
    assert pytest.approx(76 / at.dates.MONTH_DAYS) == found.median_months
    assert found.summary()["max"] == found.max_months
    assert [31] == found[2:].lo.tolist()
    assert [91, 31] == found[np.array([True, False, True])].lo.tolist()
    assert found[-1] == lag("2024-03-01", "2024-04-01")
    assert found[1:][0] == lag("2024-01", "2024-04-01")
    frame = found.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert ["lag_days_lo", "lag_days_hi", "lag_months"] == list(frame.columns)
    assert (13.0, 13.0) == (found.weeks[0][0], found.weeks[1][0])
    assert "<LagArray: 3 lags" in repr(found)
    assert "LagArray" in found._repr_html_()
    with pytest.raises(IndexError, match="out of range"):
        found[3]


def test_lags_refuse_what_cannot_be_paired() -> None:
    """Different lengths, two single instants, a non-instant and an unknown id."""
    with pytest.raises(MetricError, match="same length"):
        lags(["2024-01-01"], ["2024-01-02", "2024-01-03"])
    with pytest.raises(MetricError, match=r"use lag\(a, b\)"):
        lags("2024-01-01", "2024-01-02")
    with pytest.raises(MetricError, match="neither an instant nor a collection"):
        lags(3, ["2024-01-01"])
    tl = Timeline([Event(id="a-1", when="2024-09-12", title="a")])
    with pytest.raises(UnknownIdError, match="a-2"):
        lags(["a-1", "a-2"], "2025", timeline=tl)
    with pytest.raises(MetricError, match="not a position in a timeline of 1 events"):
        lags(np.array([0, 1]), "2025", timeline=tl)
    assert [0, 0] == lags(np.array([0, -1]), "2024-09-12", timeline=tl).lo.tolist()
    with pytest.raises(MetricError, match="looks like an event id"):
        lags(["a-1"], "2025")


def test_a_lazy_tuple_is_its_tuple() -> None:
    """Compare, hash, slice and show as the tuple of its items, building each once."""
    built: list[int] = []

    def make(i: int) -> int:
        built.append(i)
        return i * 10

    items = LazyTuple(4, make)
    assert [] == built
    assert 30 == items[-1]
    assert (10, 20) == items[1:3]
    assert items == (0, 10, 20, 30)
    assert (0, 10, 20, 30) == items
    assert items != (0, 10, 20)
    assert hash((0, 10, 20, 30)) == hash(items)
    assert "(0, 10, 20, 30)" == repr(items)
    assert sorted(built) == [0, 1, 2, 3]
    assert 20 in items
    assert (0, 10, 20, 30) == pickle.loads(pickle.dumps(items))  # noqa: S301 - our own bytes
    with pytest.raises(IndexError):
        items[4]


# -- catch-up on the columns ----------------------------------------------------------------


def ref_groups(
    tl: Timeline, capability: str | None, where: Predicate | None = None
) -> tuple[list[Event], list[Event], list[Event]]:
    """Return the candidates, leaders and followers, chosen event by event."""
    candidates = [
        e
        for e in tl
        if not (isinstance(e, Release) and e.stage == "announced")
        and (capability is None or tagged(capability)(e) is Truth.TRUE)
        and (where is None or where(e) is Truth.TRUE)
    ]
    leaders = [e for e in candidates if US(e) is Truth.TRUE]
    followers = [e for e in candidates if CN(e) is Truth.TRUE]
    return candidates, leaders, followers


def ref_catch_up_pairs(
    tl: Timeline, capability: str | None, as_of: str | None, where: Predicate | None
) -> tuple[list[tuple[str, str, tuple[int, int]]], list[tuple[str, tuple[int, int]]], object]:
    """Pair each leader with the first follower (by sort key) not definitely before it."""
    candidates, leaders, followers = ref_groups(tl, capability, where)
    if not leaders:
        raise MetricError
    day = (
        max(_to_when(e, "e").latest for e in candidates)
        if as_of is None
        else When.coerce(as_of).latest
    )
    ordered = sorted(followers, key=lambda e: (e.when.sort_key(), e.id))
    pairs, censored = [], []
    for first in leaders:
        start = _to_when(first, "leader")
        possible = [f for f in ordered if _to_when(f, "f").before(start) is not Truth.TRUE]
        if possible:
            pairs.append((first.id, possible[0].id, lag(first, possible[0]).days))
        else:
            censored.append((first.id, lag(first, When.coerce(day)).days))
    return pairs, censored, day


capabilities = st.sampled_from([None, "reasoning", "vision"])
as_ofs = st.sampled_from([None, "2026-01-01", "2025-06"])
wheres = st.sampled_from([None, at.is_a(Release), col("when").before("2024-07-01")])


@laws
@given(stored_timelines(), capabilities, as_ofs, wheres)
def test_catch_up_pairs_equal_the_per_event_definition(
    tl: Timeline, capability: str | None, as_of: str | None, where: Predicate | None
) -> None:
    """Pairs, lags, censored ages and as_of agree with the brute force, or both refuse."""
    expected = outcome(ref_catch_up_pairs, tl, capability, as_of, where)
    found = outcome(
        at.catch_up_pairs,
        tl,
        leader=US,
        follower=CN,
        capability=capability,
        as_of=as_of,
        where=where,
    )
    if not isinstance(expected, tuple):
        assert found is MetricError
        return
    assert isinstance(found, at.CatchUpPairs)
    pairs, censored, day = expected
    assert pairs == [(p.leader.id, p.follower.id, p.lag.days) for p in found.pairs]
    assert censored == [(c.leader.id, c.age.days) for c in found.censored_leaders]
    assert day == found.as_of
    assert [(lo + hi) / 2 for *_, (lo, hi) in pairs] == list(found.lag_days)
    assert found.pairs == tuple(found.pairs)


def ref_first(events: list[Event]) -> tuple[tuple[int, int], list[str]]:
    """Return the honest first day range of *events* and the ids that may be first."""
    whens = [_to_when(e, "e") for e in events]
    lo, hi = min(w.earliest for w in whens), min(w.latest for w in whens)
    possible = [e.id for e, w in zip(events, whens, strict=True) if w.earliest <= hi]
    return (lo.toordinal(), hi.toordinal()), possible


@laws
@given(stored_timelines(), capabilities)
def test_catch_up_equals_the_per_event_definition(tl: Timeline, capability: str | None) -> None:
    """The first leader and follower, their candidates and the lag agree with the brute force."""
    found = outcome(at.catch_up, tl, leader=US, follower=CN, capability=capability)
    candidates, leaders, followers = ref_groups(tl, capability)
    try:
        (lead, lead_ids), follow = ref_first(leaders), (ref_first(followers) if followers else None)
        if follow is None:  # censored: aged to the last day of any candidate
            max(_to_when(e, "e").latest for e in candidates)
    except (MetricError, ValueError):
        assert found is MetricError
        return
    assert isinstance(found, at.CatchUp)
    assert lead_ids == [e.id for e in found.leader_candidates]
    assert lead_ids[0] == found.leader.id
    if follow is None:
        assert found.censored
        return
    (f_range, f_ids) = follow
    assert f_ids == [e.id for e in found.follower_candidates]
    assert found.lag is not None
    assert (f_range[0] - lead[1], f_range[1] - lead[0]) == found.lag.days


def test_catch_up_pairs_builds_no_event_until_one_is_read() -> None:
    """Match on the index: of a timeline of cells, only one event per distinct key is built."""
    days = pd.date_range("2024-01-01", periods=40, freq="7D").strftime("%Y-%m-%d").tolist()
    rows = {
        "id": [f"ev-{k}" for k in range(40)],
        "kind": ["event"] * 40,
        "when": days,
        "title": ["t"] * 40,
        "country": ["US", "CN"] * 20,
    }
    tl = Timeline.from_columns(rows)
    built = tl._store._cache  # type: ignore[attr-defined]  # the events the row store has built
    result = at.catch_up_pairs(tl, leader=US, follower=CN)
    assert len(built) <= 2  # one per (kind, country), to read the served fields
    assert [7.0] * 20 == list(result.lag_days)
    assert pendulum.Date(2024, 9, 30) == result.as_of  # 2024-01-01 + 39 weeks
    assert ("ev-2", "ev-3") == (result.pairs[1].leader.id, result.pairs[1].follower.id)
    assert len(built) <= 4


@given(
    st.lists(st.integers(0, 60), max_size=30),
    st.lists(st.integers(-5, 70), max_size=30),
    st.integers(0, 10_000),
)
def test_the_day_table_search_equals_a_binary_search(
    latest: list[int], days: list[int], offset: int
) -> None:
    """Find, through a table of the days, what np.searchsorted finds, in both regimes."""
    prefix = np.maximum.accumulate(np.array(latest, dtype=np.int64)) if latest else np.zeros(0)
    keys = np.array(days, dtype=np.int64)
    wide = np.append(keys, keys.max(initial=0) + offset)  # a range far wider than the keys
    for k in (keys, wide):
        expected = np.searchsorted(prefix.astype(np.int64), k, side="left")
        assert expected.tolist() == _reaching(prefix.astype(np.int64), k).tolist()
