"""Properties of as-of joins: the vectorised join against a brute force and against pandas.

The law (``aitimeline._asof``): in a completion of the dates, the match going backward is the
right event on the latest day on or before the left event's day, ties going to the last in
timeline order (forward: the earliest day on or after, ties to the first). ``candidates``
are the events that are the match in at least one completion; ``match`` is the last (first)
event in timeline order that is certainly on the right side.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import weakref
from typing import Literal

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aitimeline import Span, Timeline, When, _asof, _asof_join, col
from aitimeline._asof import AsOfTable
from aitimeline._events import Event

LAWS = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=300)
FIRST = dt.date(2024, 9, 1).toordinal()
Direction = Literal["backward", "forward"]


def day(k: int) -> dt.date:
    """Return the day *k* days after 2024-09-01."""
    return dt.date.fromordinal(FIRST + k)


def fuzzy(lo: int, width: int) -> When:
    """Return the When of the days ``lo .. lo + width`` (an exact day for width 0)."""
    if width == 0:
        return When.parse(day(lo).isoformat())
    return When.parse(f"{day(lo).isoformat()}/{day(lo + width).isoformat()}")


@st.composite
def small_dates(draw: st.DrawFn) -> When | Span:
    """Draw a date in a week: mostly exact days, some ranges and some periods."""
    lo = draw(st.integers(min_value=0, max_value=6))
    width = draw(st.sampled_from((0, 0, 0, 1, 2, 3)))
    start = fuzzy(lo, width)
    if draw(st.integers(min_value=0, max_value=4)):
        return start
    return Span(start, fuzzy(lo + width + draw(st.integers(min_value=0, max_value=3)), 0))


@st.composite
def small_timeline(draw: st.DrawFn, prefix: str, max_size: int) -> Timeline:
    """Draw a timeline of up to *max_size* events in two countries (or none)."""
    n = draw(st.integers(min_value=0, max_value=max_size))
    return Timeline(
        Event(
            id=f"{prefix}{i}",
            when=draw(small_dates()),
            title=f"{prefix}{i}",
            country=draw(st.sampled_from(("US", "CN", None))),
        )
        for i in range(n)
    )


def start_days(e: Event) -> tuple[int, int]:
    """Return the first and last day *e* may start on."""
    lo, hi, *_ = e.when.ordinal_bounds()
    return lo, hi


Row = tuple[str, str | None, tuple[str, ...]]


def brute_force(
    left: Timeline, right: Timeline, by: str | None, direction: Direction, *, allow_exact: bool
) -> list[Row]:
    """Return (event, match, candidates) per left event by enumerating every completion."""
    shift = 0 if allow_exact else 1
    rights = list(right)
    out: list[Row] = []
    for x in left:
        group = [k for k, y in enumerate(rights) if by is None or y.country == x.country]
        a, b = start_days(x)
        spans = [start_days(rights[k]) for k in group]
        winners: set[int] = set()
        for d in range(a, b + 1):
            for days in itertools.product(*(range(lo, hi + 1) for lo, hi in spans)):
                if direction == "backward":
                    sides = [(v, k) for v, k in zip(days, group, strict=True) if v <= d - shift]
                    if sides:
                        winners.add(max(sides)[1])  # latest day, then last in timeline order
                else:
                    sides = [(v, k) for v, k in zip(days, group, strict=True) if v >= d + shift]
                    if sides:
                        winners.add(min(sides)[1])  # earliest day, then first in order
        if direction == "backward":
            certain = [k for k, (_, hi) in zip(group, spans, strict=True) if hi <= a - shift]
            match = max(certain) if certain else None
        else:
            certain = [k for k, (lo, _) in zip(group, spans, strict=True) if lo >= b + shift]
            match = min(certain) if certain else None
        out.append(
            (
                x.id,
                None if match is None else rights[match].id,
                tuple(rights[k].id for k in sorted(winners)),
            )
        )
    return out


# Tie rules the docs state, as fixed examples: an exact event and a fuzzy one on the same day.
_EXACT_AND_MONTH = (
    Timeline([Event(id="x", when="2024-09-01", title="x")]),
    Timeline(
        [
            Event(id="exact", when="2024-09-01", title="e"),
            Event(id="month", when="2024-09", title="m"),
        ]
    ),
)


# A fuzzy event ending before the left day that may still be later than the certain match.
_STRADDLE = (
    Timeline([Event(id="x", when=fuzzy(5, 0), title="x")]),
    Timeline(
        [Event(id="j", when=fuzzy(1, 3), title="j"), Event(id="m", when=fuzzy(3, 0), title="m")]
    ),
)
# A fuzzy event ordered before a period that starts on its first day (periods sort after).
_BEFORE_PERIOD = (
    Timeline([Event(id="x", when=fuzzy(2, 0), title="x")]),
    Timeline(
        [
            Event(id="p", when=Span(fuzzy(2, 0), fuzzy(9, 0)), title="p"),
            Event(id="f", when=fuzzy(2, 1), title="f"),
        ]
    ),
)


@LAWS
@given(
    left=small_timeline("a", 5),
    right=small_timeline("b", 5),
    by=st.sampled_from((None, "country")),
    direction=st.sampled_from(("backward", "forward")),
    allow_exact=st.booleans(),
)
@example(
    left=_EXACT_AND_MONTH[0],
    right=_EXACT_AND_MONTH[1],
    by=None,
    direction="backward",
    allow_exact=True,
)
@example(
    left=_EXACT_AND_MONTH[0],
    right=_EXACT_AND_MONTH[1],
    by=None,
    direction="forward",
    allow_exact=True,
)
@example(left=_STRADDLE[0], right=_STRADDLE[1], by=None, direction="backward", allow_exact=True)
@example(
    left=_BEFORE_PERIOD[0],
    right=_BEFORE_PERIOD[1],
    by=None,
    direction="forward",
    allow_exact=True,
)
def test_as_of_equals_brute_force(
    left: Timeline, right: Timeline, by: str | None, direction: Direction, allow_exact: bool
) -> None:
    """Find every completion's match as candidates, and the certain match, as the law says."""
    expected = brute_force(left, right, by, direction, allow_exact=allow_exact)
    with pytest.MonkeyPatch.context() as patch:  # several chunks of left rows
        patch.setattr(_asof_join, "_CHUNK", 2)
        chunked = left.as_of(right, by=by, direction=direction, allow_exact=allow_exact)
        assert list(chunked.ambiguous) == [p.ambiguous for p in chunked]
    with pytest.MonkeyPatch.context() as patch:  # binary searches, not count tables
        patch.setattr(_asof_join, "GRID_CELLS", 0)
        patch.setattr(_asof_join, "GRID_FLOOR", -1)
        searched = left.as_of(right, by=by, direction=direction, allow_exact=allow_exact)
        assert list(searched.ambiguous) == [p.ambiguous for p in searched]
    table = left.as_of(right, by=by, direction=direction, allow_exact=allow_exact)
    assert table == chunked
    assert table == searched
    found = [
        (p.event.id, None if p.match is None else p.match.id, tuple(c.id for c in p.candidates))
        for p in table
    ]
    assert expected == found
    assert [len(c) > 1 or (m is None and bool(c)) for _, m, c in expected] == list(table.ambiguous)
    assert [len(c) for _, _, c in expected] == table.n_candidates.tolist()
    assert [m for _, m, _ in expected] == table.match_ids().tolist()


def test_tie_rules_of_an_exact_and_a_fuzzy_event() -> None:
    """Break a same-day tie by timeline order: the month-dated event comes after the exact one."""
    left, right = _EXACT_AND_MONTH
    assert ("exact", "month") == right.ids
    (back,) = left.as_of(right)
    assert "exact" == back.match.id  # type: ignore[union-attr]
    assert ("exact", "month") == tuple(c.id for c in back.candidates)
    (ahead,) = left.as_of(right, direction="forward")
    assert "exact" == ahead.match.id  # type: ignore[union-attr]
    assert not ahead.ambiguous  # on 09-01 "exact" comes first; later days are later
    later = Timeline([Event(id="x", when="2024-09-02", title="x")])
    (back,) = later.as_of(right)  # no exact event on 09-02: "month" may be the later one
    assert ("exact", "month") == tuple(c.id for c in back.candidates)


def test_exact_dates_have_no_candidate_sets() -> None:
    """Give every row of exact dates its match alone, however many events share its day."""
    right = Timeline(Event(id=f"r{i}", when="2024-09-01", title="r") for i in range(25))
    left = Timeline(Event(id=f"l{i}", when="2024-09-01", title="l") for i in range(3))
    table = left.as_of(right)
    assert ["r9"] * 3 == table.match_ids().tolist()  # ids sort as text: r9 is the last
    assert not table.ambiguous.any()
    assert [1, 1, 1] == table.n_candidates.tolist()
    forward = left.as_of(right, direction="forward")
    assert ["r0"] * 3 == forward.match_ids().tolist()


@st.composite
def exact_timeline(draw: st.DrawFn, prefix: str) -> Timeline:
    """Draw up to 60 exact-dated events over 20 days in three countries."""
    n = draw(st.integers(min_value=1, max_value=60))
    days = draw(st.lists(st.integers(min_value=0, max_value=20), min_size=n, max_size=n))
    countries = draw(st.lists(st.sampled_from(("US", "CN", "FR")), min_size=n, max_size=n))
    return Timeline(
        Event(id=f"{prefix}{i:02d}", when=day(d).isoformat(), title="t", country=c)
        for i, (d, c) in enumerate(zip(days, countries, strict=True))
    )


@LAWS
@given(
    left=exact_timeline("a"),
    right=exact_timeline("b"),
    by=st.sampled_from((None, "country")),
    direction=st.sampled_from(("backward", "forward")),
    allow_exact=st.booleans(),
)
def test_as_of_equals_pandas_merge_asof(
    left: Timeline, right: Timeline, by: str | None, direction: Direction, allow_exact: bool
) -> None:
    """Pick on exact dates what ``pandas.merge_asof`` picks, ties and groups included."""

    def frame(tl: Timeline, name: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "day": pd.to_datetime([str(e.when) for e in tl]),
                "country": [e.country for e in tl],
                name: list(tl.ids),
            }
        )

    merged = pd.merge_asof(
        frame(left, "id"),
        frame(right, "match_id"),
        on="day",
        by=by,
        direction=direction,
        allow_exact_matches=allow_exact,
    )
    expected = [None if pd.isna(v) else v for v in merged["match_id"]]
    table = left.as_of(right, by=by, direction=direction, allow_exact=allow_exact)
    assert expected == table.match_ids().tolist()
    assert not table.ambiguous.any()
    with pytest.MonkeyPatch.context() as patch:  # the sorted search, not the day table
        patch.setattr(_asof_join, "DENSE_FLOOR", -1)
        patch.setattr(_asof_join, "DENSE_CELLS", 0)
        searched = left.as_of(right, by=by, direction=direction, allow_exact=allow_exact)
    assert expected == searched.match_ids().tolist()


@LAWS
@given(
    left=small_timeline("a", 8),
    right=small_timeline("b", 5),
    by=st.sampled_from((None, "country")),
    direction=st.sampled_from(("backward", "forward")),
    allow_exact=st.booleans(),
)
def test_distinct_left_rows_join_once(
    left: Timeline, right: Timeline, by: str | None, direction: Direction, allow_exact: bool
) -> None:
    """Join each distinct (group, earliest, latest) once: the same answer as row by row."""
    expected = brute_force(left, right, by, direction, allow_exact=allow_exact)
    tables = []
    for share in (float("inf"), -1.0):  # always once per distinct left date, never
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_asof_join, "DISTINCT_SHARE", share)
            tables.append(left.as_of(right, by=by, direction=direction, allow_exact=allow_exact))
    once, rows = tables
    assert once == rows
    assert [len(c) for _, _, c in expected] == once.n_candidates.tolist()
    found = [tuple(c.id for c in p.candidates) for p in once]
    assert [c for _, _, c in expected] == found
    assert list(once.ambiguous) == list(rows.ambiguous)


def pairs_of(table: AsOfTable) -> list[Row]:
    """Return (event, match, candidates) per pair of *table*, as :func:`brute_force` does."""
    return [
        (p.event.id, None if p.match is None else p.match.id, tuple(c.id for c in p.candidates))
        for p in table
    ]


Call = tuple[int, int, str | None, Direction, bool]


@LAWS
@given(
    base=small_timeline("a", 8),
    r1=small_timeline("b", 5),
    r2=small_timeline("c", 5),
    calls=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=4),
            st.integers(min_value=0, max_value=4),
            st.sampled_from((None, "country")),
            st.sampled_from(("backward", "forward")),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_prepared_sides_serve_only_their_own_columns(
    base: Timeline, r1: Timeline, r2: Timeline, calls: list[Call]
) -> None:
    """Answer every join as on fresh timelines, whatever joins were prepared before.

    A side prepared for one join (left runs, right order and lookups, group codes) is kept
    with its date column: two views of one store, two right timelines with other countries
    and a timeline joined to itself must each get their own.
    """
    us = col("country") == "US"
    sides = [base, base.where(us), base.exclude(us), r1, r2]
    for i, j, by, direction, allow_exact in calls:
        left, right = sides[i], sides[j]
        table = left.as_of(right, by=by, direction=direction, allow_exact=allow_exact)
        fresh = Timeline(left.events).as_of(
            Timeline(right.events), by=by, direction=direction, allow_exact=allow_exact
        )
        assert pairs_of(fresh) == pairs_of(table)
        assert fresh.ambiguous.tolist() == table.ambiguous.tolist()


def test_prepared_sides_go_with_their_timelines() -> None:
    """Keep a prepared side no longer than the timeline whose date column it was built from."""
    left, right = _STRADDLE[0], Timeline(_STRADDLE[1].events)
    column = weakref.ref(right._index.temporal("when"))
    for by in (None, "country"):
        assert left.as_of(right, by=by) == left.as_of(right, by=by)  # built, then reused
    assert column() in _asof._RIGHT
    del right
    gc.collect()
    assert column() is None


def test_a_column_keeps_a_few_prepared_sides() -> None:
    """Keep the latest few sides per column: a timeline joined to many others holds few."""
    left = Timeline(
        Event(id=f"l{i}", when=fuzzy(i % 7, 3), title="l", country="US") for i in range(9)
    )
    countries = ("US", "CN", "FR", "GB")
    rights = [
        Timeline(
            Event(id=f"r{k}-{i}", when=fuzzy(i, k % 3), title="r", country=countries[(i + k) % 4])
            for i in range(3)
        )
        for k in range(3 * _asof.KEPT)
    ]
    column = left._index.temporal("when")
    category = left._index.category("country")
    for right in rights:
        fresh = Timeline(left.events).as_of(Timeline(right.events), by="country")
        assert pairs_of(fresh) == pairs_of(left.as_of(right, by="country"))
    assert len(_asof._LEFT[column]) == _asof.KEPT
    assert len(_asof._CODES[category]) == _asof.KEPT
