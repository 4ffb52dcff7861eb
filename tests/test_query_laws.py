"""Properties of predicates and timeline queries: algebra, partition, agreement, JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from aitimeline import (
    Span,
    Timeline,
    Truth,
    When,
    col,
    definitely,
    possibly,
)
from aitimeline import strategies as ats
from aitimeline._events import Event, Release, event_to_row
from aitimeline._query import Predicate

QUERY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@st.composite
def timeline_and_subsets(draw: st.DrawFn) -> tuple[Timeline, Timeline, Timeline, Timeline]:
    """Draw a timeline and three sub-timelines built afresh from subsets of its events."""
    base = draw(ats.timelines(max_size=10))
    events = list(base)

    def subset() -> Timeline:
        keep = draw(st.lists(st.booleans(), min_size=len(events), max_size=len(events)))
        return Timeline(e for e, k in zip(events, keep, strict=True) if k)

    return base, subset(), subset(), subset()


# -- per-event and vectorised evaluation --------------------------------------------------------


@QUERY
@given(ats.timelines(), ats.predicates())
def test_vectorised_agrees_with_per_event(tl: Timeline, p: Predicate) -> None:
    """Evaluate every predicate tree to the same truths per event and over the index."""
    expected = tuple(p(e) for e in tl)
    assert expected == tl.truth(p)


@QUERY
@given(ats.timelines(), ats.predicates())
def test_views_agree_with_fresh_timelines(tl: Timeline, p: Predicate) -> None:
    """Evaluate a predicate on a filtered view as on a timeline rebuilt from its events."""
    view = tl.where(definitely(col("country") != "FR"))
    assert Timeline(view).truth(p) == view.truth(p)


@QUERY
@given(ats.timelines(), ats.predicates())
def test_column_built_timelines_agree(tl: Timeline, p: Predicate) -> None:
    """Evaluate a predicate on a timeline built from row columns as on the events themselves."""
    rebuilt = Timeline.from_columns(tl.to_columns())
    assert tl.ids == rebuilt.ids
    assert tl.truth(p) == rebuilt.truth(p)
    assert tl == rebuilt


@QUERY
@given(ats.timelines(), ats.predicates())
def test_where_keeps_exactly_the_true_events(tl: Timeline, p: Predicate) -> None:
    """Keep in ``where(p)`` exactly the events that ``p`` evaluates TRUE for, in order."""
    assert tuple(e.id for e in tl if p(e) is Truth.TRUE) == tl.where(p).ids


# -- algebra of where ---------------------------------------------------------------------------


@QUERY
@given(ats.timelines(), ats.predicates(max_leaves=4), ats.predicates(max_leaves=4))
def test_where_and_is_intersection(tl: Timeline, p: Predicate, q: Predicate) -> None:
    """Select with ``p & q`` what ``p`` and ``q`` both select."""
    assert tl.where(p) & tl.where(q) == tl.where(p & q)


@QUERY
@given(ats.timelines(), ats.predicates(max_leaves=4), ats.predicates(max_leaves=4))
def test_where_or_is_union(tl: Timeline, p: Predicate, q: Predicate) -> None:
    """Select with ``p | q`` what ``p`` or ``q`` selects."""
    assert tl.where(p) | tl.where(q) == tl.where(p | q)


@QUERY
@given(ats.timelines(), ats.predicates())
def test_partition_is_exact(tl: Timeline, p: Predicate) -> None:
    """Split a timeline into TRUE, FALSE and UNKNOWN parts that are disjoint and cover it."""
    true, false, unknown = tl.partition(p)
    assert len(tl) == len(true) + len(false) + len(unknown)
    assert tl == true | false | unknown
    assert true == tl.where(p)
    assert false == tl.where(~p)
    assert true | unknown == tl.where(possibly(p))
    assert tl.exclude(p) == false | unknown


@QUERY
@given(ats.timelines(), ats.predicates())
def test_double_negation_and_de_morgan(tl: Timeline, p: Predicate) -> None:
    """Select the same events with ``~~p`` as with ``p``, and obey De Morgan's laws."""
    q = col("country") == "US"
    assert tl.where(p) == tl.where(~~p)
    assert tl.where(~(p & q)) == tl.where(~p | ~q)
    assert tl.where(~(p | q)) == tl.where(~p & ~q)


def test_where_not_is_not_the_complement_under_fuzzy_dates() -> None:
    """Leave out of both ``where(p)`` and ``where(~p)`` an event whose date may go either way."""
    o1 = Release(id="o1", when="2024-09", title="o1", model="o1", country="US")
    tl = Timeline([o1])
    p = col("when").before("2024-09-15")
    assert Truth.UNKNOWN == p(o1)
    assert 0 == len(tl.where(p))
    assert 0 == len(tl.where(~p))
    assert tl != tl.where(p) | tl.where(~p)
    assert tl == tl.exclude(p)


def test_p_or_not_p_is_not_rewritten_to_true() -> None:
    """Keep ``p | ~p`` UNKNOWN for a fuzzy date: excluded middle does not hold."""
    o1 = Release(id="o1", when="2024-09", title="o1", model="o1")
    p = col("when").before("2024-09-15")
    assert Truth.UNKNOWN == (p | ~p)(o1)
    assert () == Timeline([o1]).where(p | ~p).ids


# -- set algebra --------------------------------------------------------------------------------


@QUERY
@given(timeline_and_subsets())
def test_set_algebra_laws(tls: tuple[Timeline, Timeline, Timeline, Timeline]) -> None:
    """Obey commutativity, associativity, idempotence and the empty identity by id."""
    _, a, b, c = tls
    empty = Timeline()
    assert a | b == b | a
    assert a & b == b & a
    assert a ^ b == b ^ a
    assert (a | b) | c == a | (b | c)
    assert (a & b) & c == a & (b & c)
    assert (a ^ b) ^ c == a ^ (b ^ c)
    assert a == a | a
    assert a == a & a
    assert a == a | empty
    assert empty == a & empty
    assert a == a - empty
    assert empty == a - a
    assert (a - b) | (a & b) == a
    assert set(a.ids) - set(b.ids) == set((a - b).ids)


@QUERY
@given(ats.timelines(max_size=10), ats.predicates(max_leaves=3), ats.predicates(max_leaves=3))
def test_set_algebra_on_shared_storage(tl: Timeline, p: Predicate, q: Predicate) -> None:
    """Give the same results on views of one timeline as on timelines built afresh."""
    a, b = tl.where(possibly(p)), tl.where(possibly(q))
    fresh_a, fresh_b = Timeline(a), Timeline(b)
    assert fresh_a | fresh_b == a | b
    assert fresh_a & fresh_b == a & b
    assert fresh_a - fresh_b == a - b
    assert fresh_a ^ fresh_b == a ^ b


# -- JSON ---------------------------------------------------------------------------------------


@QUERY
@given(ats.predicates())
def test_json_round_trip(p: Predicate) -> None:
    """Rebuild every predicate from its JSON form, through a JSON string."""
    data = json.loads(json.dumps(p.to_dict()))
    assert p == Predicate.from_dict(data)


@QUERY
@given(ats.predicates())
def test_equal_predicates_hash_equal(p: Predicate) -> None:
    """Hash a predicate and its JSON-rebuilt copy alike, so they work as dict keys."""
    assert hash(p) == hash(Predicate.from_dict(p.to_dict()))
    assert {p: 1}[Predicate.from_dict(p.to_dict())] == 1


# -- as_of against pandas.merge_asof ------------------------------------------------------------


@st.composite
def exact_timeline(draw: st.DrawFn, prefix: str) -> Timeline:
    """Draw a timeline of exact days in a narrow range, with repeated days and two countries."""
    n = draw(st.integers(min_value=0, max_value=12))
    days = draw(st.lists(st.integers(min_value=0, max_value=30), min_size=n, max_size=n))
    countries = draw(st.lists(st.sampled_from(("US", "CN")), min_size=n, max_size=n))
    start = dt.date(2024, 9, 1).toordinal()
    return Timeline(
        Event(
            id=f"{prefix}{i}",
            when=When.parse(dt.date.fromordinal(start + d)),
            title=f"{prefix}{i}",
            country=c,
        )
        for i, (d, c) in enumerate(zip(days, countries, strict=True))
    )


@QUERY
@pytest.mark.parametrize("direction", ["backward", "forward"])
@pytest.mark.parametrize("allow_exact", [True, False])
@pytest.mark.parametrize("by", [None, "country"])
@given(left=exact_timeline("a"), right=exact_timeline("b"))
def test_as_of_equals_merge_asof(
    direction: str, allow_exact: bool, by: str | None, left: Timeline, right: Timeline
) -> None:
    """Pair exact-dated events as ``pandas.merge_asof`` does, ties included."""
    pd = pytest.importorskip("pandas")
    assume(len(left) > 0)

    def frame(tl: Timeline, name: str) -> object:
        return pd.DataFrame(
            {
                "day": pd.Series([str(e.when) for e in tl], dtype="str").astype("datetime64[ns]"),
                "country": pd.Series([e.country for e in tl], dtype="str"),
                name: pd.Series(list(tl.ids), dtype="str"),
            }
        )

    left_df, right_df = frame(left, "left_id"), frame(right, "right_id")
    merged = pd.merge_asof(
        left_df,
        right_df,
        on="day",
        by=by,
        direction=direction,
        allow_exact_matches=allow_exact,
    )
    expected = [None if pd.isna(v) else v for v in merged["right_id"]]
    pairs = left.as_of(right, by=by, direction=direction, allow_exact=allow_exact)  # type: ignore[arg-type]
    assert expected == [None if m.match is None else m.match.id for m in pairs]
    assert list(left.ids) == [m.event.id for m in pairs]


@QUERY
@given(ats.timelines(max_size=8), ats.timelines(max_size=8))
def test_as_of_candidates_contain_every_completion_match(left: Timeline, right: Timeline) -> None:
    """List among the candidates the match of the two extreme completions, and the certain match."""
    for pair in left.as_of(right):
        if pair.match is not None:
            assert pair.match in pair.candidates
            assert pair.match.when.after(pair.event.when) is not Truth.TRUE
        for c in pair.candidates:
            assert _start(c.when)[0] <= _start(pair.event.when)[1]


def _start(w: When | Span) -> tuple[int, int]:
    start = w.start if isinstance(w, Span) else w
    return (start.earliest_ordinal, start.latest_ordinal)


@QUERY
@given(ats.timelines(max_size=8))
@example(  # two distinct dates with one sort key: their order is by id, from rows too
    Timeline(
        [
            Event(id="0", when=When.parse("2023-01-01~"), title="a"),
            Event(id="1", when=When.parse("2023-01-01/2023-01-01~"), title="a"),
        ]
    )
)
def test_row_round_trip_keeps_the_timeline(tl: Timeline) -> None:
    """Rebuild a timeline from its rows, shuffled, as the same timeline."""
    rows = [event_to_row(e) for e in reversed(tl)]
    columns = {
        name: [r[name] for r in rows]
        for name in (rows[0] if rows else {"id": 0, "when": 0, "title": 0})
    }
    assert tl == Timeline.from_columns(columns)


RELATIONS = ("before", "after", "during", "overlaps", "contains")
LO, HI = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
NARROW_DATES = st.one_of(
    ats.whens(min_value=LO, max_value=HI), ats.spans(min_value=LO, max_value=HI)
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(NARROW_DATES, min_size=1, max_size=15),
    st.sampled_from(RELATIONS),
    NARROW_DATES,
)
def test_temporal_relations_agree_with_the_date_layer(
    dates: list[When | Span], relation: str, other: When | Span
) -> None:
    """Compute each temporal relation over the index exactly as When/Span methods do."""
    tl = Timeline(Event(id=f"e{i}", when=d, title="t") for i, d in enumerate(dates))
    p = getattr(col("when"), relation)(other)
    assert tuple(getattr(e.when, relation)(other) for e in tl) == tl.truth(p)
    assert tuple(e.id for e in tl if p(e) is Truth.TRUE) == tl.where(p).ids
    assert tuple(e.id for e in tl if p(e) is not Truth.FALSE) == tl.where(possibly(p)).ids
