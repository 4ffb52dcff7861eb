"""Laws of claims: soundness against completions, refinement, Kleene, reading order, round trips."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aitimeline import (
    ExportControl,
    Parameters,
    Precision,
    Release,
    Source,
    Span,
    Timeline,
    Training,
    Truth,
    When,
    is_a,
)
from aitimeline import claims as C  # noqa: N812 - short, as in "st"
from aitimeline._readings import COMPARISONS, VAGUE_DURATIONS
from aitimeline.exceptions import ClaimError
from aitimeline.strategies import whens

BASE = dt.date(2024, 2, 20).toordinal()  # the window crosses the end of a leap February
WINDOW = 75  # wide enough for lags of months, small enough to enumerate completions
IDS = ("a", "b", "c")
PUBLISHED = When.day(2024, 4, 10)
SOURCE = Source(publisher="Test", key="T1", published=PUBLISHED)
AMOUNTS = (*VAGUE_DURATIONS, "a matter of weeks", "8 days", "2 weeks", "one month", "two months")
RELEASES = is_a(Release)
PERIODS = ("2024-02", "2024-03", "2024-Q1", "2024-03-01/2024-03-20", "2024-W10", "last month")


def _day(n: int) -> pendulum.Date:
    return pendulum.Date.fromordinal(BASE + n)


@st.composite
def small_whens(draw: st.DrawFn) -> When:
    """Whens with arbitrary (not calendar-aligned) bounds inside the window."""
    lo = draw(st.integers(0, WINDOW - 1))
    hi = draw(st.integers(lo, min(lo + 20, WINDOW - 1)))
    return When(_day(lo), _day(hi), draw(st.sampled_from(Precision)))


@st.composite
def small_timelines(draw: st.DrawFn) -> Timeline:
    """Three releases with fuzzy dates and (sometimes) parameter and chip counts."""
    events = []
    for event_id in IDS:
        params = draw(st.none() | st.integers(1, 3000).map(lambda n: Parameters(n * 10**9)))
        chips = draw(st.none() | st.integers(1, 5000))
        events.append(
            Release(
                id=event_id,
                when=draw(small_whens()),
                title=f"Release {event_id}",
                model=event_id.upper(),
                parameters=params,
                training=None if chips is None else Training(chips=chips),
            )
        )
    return Timeline(events)


def _leaf_dates() -> st.SearchStrategy[C.Check]:
    ids = st.sampled_from(IDS)
    return st.one_of(
        st.builds(C.on_date, ids, st.sampled_from(("in", "before", "after", "by", "since")),
                  st.sampled_from(PERIODS)),
        st.builds(C.order, ids, ids),
        st.builds(C.same_period, ids, ids, st.sampled_from(("day", "week", "month", "quarter"))),
        st.builds(C.lag_is, ids, ids, st.sampled_from(COMPARISONS), st.sampled_from(AMOUNTS)),
        st.builds(C.first_among, ids, st.just(RELEASES)),
    )  # fmt: skip


def _leaf_facts() -> st.SearchStrategy[C.Check]:
    ids = st.sampled_from(IDS)
    values = st.sampled_from(("2000", "2048", "16000", "685e9", "1e9", "3000e9", "13.5e9"))
    return st.one_of(
        st.builds(C.fact, ids, st.sampled_from(("parameters", "training.chips")),
                  st.sampled_from(COMPARISONS), values),
        st.builds(C.ratio, ids, st.just("parameters"), ids, st.just("parameters"),
                  st.sampled_from(COMPARISONS), st.sampled_from(("0.1", "1", "2.5"))),
        st.builds(C.largest_among, ids, st.just("parameters"), st.just(RELEASES)),
    )  # fmt: skip


leaves = st.one_of(_leaf_dates(), _leaf_facts())


def positive_checks() -> st.SearchStrategy[C.Check]:
    """Checks built with & and | only (monotone in the reading)."""
    return st.recursive(
        leaves,
        lambda kids: st.one_of(
            st.builds(lambda a, b: a & b, kids, kids), st.builds(lambda a, b: a | b, kids, kids)
        ),
        max_leaves=4,
    )


def any_checks() -> st.SearchStrategy[C.Check]:
    """Checks built with &, | and ~."""
    return st.recursive(
        leaves,
        lambda kids: st.one_of(
            st.builds(lambda a, b: a & b, kids, kids),
            st.builds(lambda a, b: a | b, kids, kids),
            kids.map(lambda a: ~a),
        ),
        max_leaves=4,
    )


readings = st.sampled_from(C.READINGS)


def _truth(check: C.Check, tl: Timeline, reading: C.Reading = C.DEFAULT) -> Truth:
    return check.evaluate(tl, reading, published=PUBLISHED).truth


# -- soundness and completeness against completions --------------------------------------------


def brute(dates: list[When], holds: Callable[..., bool]) -> Truth:
    """Return TRUE if *holds* for every completion of *dates*, FALSE if for none."""
    ranges = [range(w.earliest.toordinal(), w.latest.toordinal() + 1) for w in dates]
    results = {holds(*combo) for combo in itertools.product(*ranges)}
    if results == {True}:
        return Truth.TRUE
    return Truth.FALSE if results == {False} else Truth.UNKNOWN


@given(small_whens(), small_whens())
def test_in_period_sound_and_complete(instant: When, period: When) -> None:
    """in_period is TRUE iff every completion lies in the period, FALSE iff none does."""
    lo, hi = period.earliest.toordinal(), period.latest.toordinal()
    assert brute([instant], lambda d: lo <= d <= hi) == instant.in_period(period)


@given(whens(open_ends=False), whens(open_ends=False))
def test_in_period_matches_interval_containment(instant: When, period: When) -> None:
    """On dates of every precision, in_period is containment (TRUE) or disjointness (FALSE)."""
    inside = period.earliest <= instant.earliest and instant.latest <= period.latest
    apart = instant.latest < period.earliest or period.latest < instant.earliest
    expected = Truth.TRUE if inside else Truth.FALSE if apart else Truth.UNKNOWN
    assert expected == instant.in_period(period)


@given(small_whens(), small_whens())
def test_in_period_is_not_same_day(instant: When, period: When) -> None:
    """A day inside a wider period is TRUE for in_period but never TRUE for same_day."""
    if instant.is_exact and not period.is_exact and instant.in_period(period).is_true:
        assert Truth.UNKNOWN == instant.same_day(period)


@given(small_timelines(), st.sampled_from(COMPARISONS), st.sampled_from(AMOUNTS), readings)
def test_lag_sound_and_complete(
    tl: Timeline, comparison: str, amount: str, reading: C.Reading
) -> None:
    """A lag check is TRUE iff every completion's day difference is admitted, FALSE iff none."""
    a, b = tl["a"].when, tl["b"].when
    assert isinstance(a, When)
    assert isinstance(b, When)
    lo, hi = reading.admitted_days(comparison, amount)
    expected = brute([a, b], lambda x, y: lo <= y - x <= hi)
    assert expected == _truth(C.lag_is("a", "b", comparison, amount), tl, reading)


@given(small_timelines(), st.sampled_from(("day", "week", "month", "quarter")))
def test_same_period_sound_and_complete(tl: Timeline, unit: str) -> None:
    """same_period is TRUE iff every completion pair shares the calendar unit."""
    a, b = tl["a"].when, tl["b"].when
    assert isinstance(a, When)
    assert isinstance(b, When)

    def key(ordinal: int) -> tuple[int, ...]:
        d = dt.date.fromordinal(ordinal)
        return {
            "day": (ordinal,),
            "week": ((ordinal - 1) // 7,),  # ordinal 1 is a Monday
            "month": (d.year, d.month),
            "quarter": (d.year, (d.month - 1) // 3),
        }[unit]

    expected = brute([a, b], lambda x, y: key(x) == key(y))
    assert expected == _truth(C.same_period("a", "b", unit), tl)


@given(small_timelines(), st.sampled_from(PERIODS), st.sampled_from(("in", "before", "after")))
def test_on_date_sound_and_complete(tl: Timeline, period: str, relation: str) -> None:
    """on_date is TRUE iff every completion satisfies the relation to the stated period."""
    p = C.resolve_phrase(period, PUBLISHED) if period in C.PHRASES else When.parse(period)
    lo, hi = p.earliest.toordinal(), p.latest.toordinal()
    test = {"in": lambda d: lo <= d <= hi, "before": lambda d: d < lo, "after": lambda d: d > hi}
    when = tl["a"].when
    assert isinstance(when, When)
    assert brute([when], test[relation]) == _truth(C.on_date("a", relation, period), tl)


# -- refinement, Kleene, readings ----------------------------------------------------------------


@st.composite
def refinements(draw: st.DrawFn, tl: Timeline) -> Timeline:
    """Return *tl* with each date narrowed to a random sub-range."""
    events = []
    for event in tl:
        w = event.when
        assert isinstance(w, When)
        lo = draw(st.integers(w.earliest.toordinal(), w.latest.toordinal()))
        hi = draw(st.integers(lo, w.latest.toordinal()))
        narrow = When(pendulum.Date.fromordinal(lo), pendulum.Date.fromordinal(hi), w.precision)
        events.append(attrs.evolve(event, when=narrow))
    return Timeline(events)


@given(st.data(), small_timelines(), any_checks(), readings)
def test_refinement_never_flips(
    data: st.DataObject, tl: Timeline, check: C.Check, reading: C.Reading
) -> None:
    """Narrowing dates keeps TRUE as TRUE and FALSE as FALSE."""
    before = _truth(check, tl, reading)
    after = _truth(check, data.draw(refinements(tl)), reading)
    if before is not Truth.UNKNOWN:
        assert before == after


@given(small_timelines(), any_checks(), any_checks(), readings)
def test_kleene_combinators(tl: Timeline, p: C.Check, q: C.Check, reading: C.Reading) -> None:
    """~ flips TRUE and FALSE and keeps UNKNOWN; & and | are Kleene min and max."""
    tp, tq = _truth(p, tl, reading), _truth(q, tl, reading)
    assert ~tp == _truth(~p, tl, reading)
    assert tp & tq == _truth(p & q, tl, reading)
    assert tp | tq == _truth(p | q, tl, reading)


@given(small_timelines(), positive_checks())
def test_readings_are_ordered(tl: Timeline, check: C.Check) -> None:
    """TRUE under strict stays TRUE looser; FALSE under lenient stays FALSE stricter."""
    strict, default, lenient = (_truth(check, tl, r) for r in C.READINGS)
    if strict.is_true:
        assert (Truth.TRUE, Truth.TRUE) == (default, lenient)
    if default.is_true:
        assert Truth.TRUE == lenient
    if lenient.is_false:
        assert (Truth.FALSE, Truth.FALSE) == (default, strict)
    if default.is_false:
        assert Truth.FALSE == strict


@given(st.sampled_from(COMPARISONS), st.sampled_from(AMOUNTS))
def test_reading_day_ranges_nest(comparison: str, amount: str) -> None:
    """Each looser reading admits a superset of the day counts of a stricter one."""
    ranges = [r.admitted_days(comparison, amount) for r in C.READINGS]
    for (lo1, hi1), (lo2, hi2) in itertools.pairwise(ranges):
        assert lo2 <= lo1
        assert hi1 <= hi2


@given(st.sampled_from(COMPARISONS), st.decimals(min_value=1, max_value=10**12, places=0))
def test_reading_value_ranges_nest(comparison: str, value: Decimal) -> None:
    """Each looser reading admits a superset of the values of a stricter one."""
    ranges = [r.admitted_values(comparison, value)[:2] for r in C.READINGS]
    for (lo1, hi1), (lo2, hi2) in itertools.pairwise(ranges):
        assert lo2 <= lo1
        assert hi1 <= hi2


# -- values: JSON, equality, batch -------------------------------------------------------------


@given(any_checks())
def test_check_json_round_trip(check: C.Check) -> None:
    """A check's JSON form reads back to an equal check with the same hash."""
    back = C.Check.from_dict(check.to_dict())
    assert check == back
    assert hash(check) == hash(back)


@given(small_timelines(), st.lists(any_checks(), min_size=1, max_size=4), readings)
def test_claims_round_trip_and_batch(
    tl: Timeline, checks: list[C.Check], reading: C.Reading
) -> None:
    """Claims survive JSON with equal verdicts, and the batch equals per-claim evaluation."""
    claims = [C.Claim(f"c{i}", f"claim number {i}", SOURCE, c) for i, c in enumerate(checks)]
    back = C.loads_claims(C.dumps_claims(claims))
    assert tuple(claims) == back
    batch = C.check(claims, tl, reading)
    assert [c.evaluate(tl, reading) for c in claims] == list(batch)
    assert list(batch) == list(C.check(back, tl, reading))


def test_span_event_refused_for_lags() -> None:
    """An event that holds over a period is refused where an instant is needed."""
    ban = ExportControl(id="ban", when=Span("2022-10-07"), title="Ban", issuer="BIS", action="ban")
    tl = Timeline([ban])
    with pytest.raises(ClaimError, match="holds over a period"):
        C.order("ban", "@article").evaluate(tl, published=PUBLISHED)
