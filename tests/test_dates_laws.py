"""Laws of the date layer, checked against brute-force enumeration of completions."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aitimeline import (
    ApproxPolicy,
    DayRange,
    Precision,
    Span,
    Truth,
    When,
    months,
    relations,
)
from aitimeline.dates import Allen
from aitimeline.exceptions import ContradictionError
from aitimeline.strategies import spans, whens

TRUTHS = list(Truth)
BASE = dt.date(2024, 2, 20).toordinal()  # a window that crosses the end of a leap February
WINDOW = 7


# -- Kleene logic ------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), list(itertools.product(TRUTHS, repeat=2)))
def test_kleene_binary_laws(a: Truth, b: Truth) -> None:
    """& and | are commutative, obey De Morgan and absorption, and match min/max of codes."""
    assert a & b == b & a
    assert a | b == b | a
    assert ~(a & b) == (~a | ~b)
    assert ~(a | b) == (~a & ~b)
    assert a & (a | b) == a
    assert a | (a & b) == a
    assert Truth.from_code(min(a.code, b.code)) == a & b
    assert Truth.from_code(max(a.code, b.code)) == a | b


@pytest.mark.parametrize(("a", "b", "c"), list(itertools.product(TRUTHS, repeat=3)))
def test_kleene_ternary_laws(a: Truth, b: Truth, c: Truth) -> None:
    """& and | are associative and distribute over each other."""
    assert (a & b) & c == a & (b & c)
    assert (a | b) | c == a | (b | c)
    assert a & (b | c) == (a & b) | (a & c)
    assert a | (b & c) == (a | b) & (a | c)


@pytest.mark.parametrize("a", TRUTHS)
def test_kleene_unary_laws(a: Truth) -> None:
    """Double negation, identities and annihilators hold; bools mix in on either side."""
    assert ~~a == a
    assert a & Truth.TRUE == a
    assert a | Truth.FALSE == a
    assert a & Truth.FALSE == Truth.FALSE
    assert a | Truth.TRUE == Truth.TRUE
    assert (a & True) == a == (True & a)
    assert (a | False) == a == (False | a)


def test_excluded_middle_does_not_hold() -> None:
    """Excluded middle fails: p | ~p is UNKNOWN for an unknown p; nothing rewrites it."""
    assert Truth.UNKNOWN == Truth.UNKNOWN | ~Truth.UNKNOWN
    assert Truth.UNKNOWN == Truth.UNKNOWN & ~Truth.UNKNOWN


def test_bool_of_unknown_raises() -> None:
    """bool() works on TRUE and FALSE and refuses UNKNOWN."""
    assert bool(Truth.TRUE) is True
    assert bool(Truth.FALSE) is False
    with pytest.raises(TypeError, match="UNKNOWN"):
        bool(Truth.UNKNOWN)


# -- brute-force completions ------------------------------------------------------------------


def _ord(n: int) -> pendulum.Date:
    return pendulum.Date.fromordinal(BASE + n)


@st.composite
def small_whens(draw: st.DrawFn) -> When:
    """Whens with arbitrary (not calendar-aligned) bounds inside a one-week window."""
    lo = draw(st.integers(0, WINDOW - 1))
    hi = draw(st.integers(lo, WINDOW - 1))
    return When(_ord(lo), _ord(hi), draw(st.sampled_from(Precision)))


@st.composite
def small_spans(draw: st.DrawFn) -> Span:
    """Spans with fuzzy ends inside the window, sometimes still in force."""
    start = draw(small_whens())
    if draw(st.booleans()):
        return Span(start)
    end = draw(small_whens().filter(lambda e: e.latest >= start.earliest))
    return Span(start, end)


small_temporals = st.one_of(small_whens(), small_spans())


def completions(x: When | Span) -> Iterator[tuple[int, int]]:
    """Yield every concrete (first day, last day) of x, as ordinals; in force = far future."""
    if isinstance(x, When):
        for d in range(x.earliest_ordinal, x.latest_ordinal + 1):
            yield d, d
        return
    ends = (
        range(BASE + 10 * WINDOW, BASE + 10 * WINDOW + 1)
        if x.end is None
        else range(x.end.earliest_ordinal, x.end.latest_ordinal + 1)
    )
    for s in range(x.start.earliest_ordinal, x.start.latest_ordinal + 1):
        for e in ends:
            if s <= e:
                yield s, e


def allen(x: tuple[int, int], y: tuple[int, int]) -> Allen:
    """Return the Allen relation of two concrete day intervals [s, e] (as [s, e + 1))."""
    (s1, e1), (s2, e2) = (x[0], x[1] + 1), (y[0], y[1] + 1)
    if e1 < s2:
        return Allen.PRECEDES
    if e1 == s2:
        return Allen.MEETS
    if e2 < s1:
        return Allen.PRECEDED_BY
    if e2 == s1:
        return Allen.MET_BY
    if s1 == s2:
        return Allen.EQUALS if e1 == e2 else (Allen.STARTS if e1 < e2 else Allen.STARTED_BY)
    if e1 == e2:
        return Allen.FINISHES if s1 > s2 else Allen.FINISHED_BY
    if s1 < s2:
        return Allen.CONTAINS if e1 > e2 else Allen.OVERLAPS
    return Allen.DURING if e1 < e2 else Allen.OVERLAPPED_BY


def brute_truth(
    a: When | Span, b: When | Span, holds: Callable[[tuple[int, int], tuple[int, int]], bool]
) -> Truth:
    """Return TRUE if *holds* for every pair of completions, FALSE if for none, else UNKNOWN."""
    results = {holds(x, y) for x in completions(a) for y in completions(b)}
    if results == {True}:
        return Truth.TRUE
    return Truth.FALSE if results == {False} else Truth.UNKNOWN


CONCRETE: dict[str, Callable[[tuple[int, int], tuple[int, int]], bool]] = {
    "before": lambda x, y: x[1] < y[0],
    "after": lambda x, y: y[1] < x[0],
    "overlaps": lambda x, y: x[0] <= y[1] and y[0] <= x[1],
    "during": lambda x, y: y[0] <= x[0] and x[1] <= y[1],
    "contains": lambda x, y: x[0] <= y[0] and y[1] <= x[1],
    "same_day": lambda x, y: x == y,
}


@given(small_temporals, small_temporals)
def test_relations_sound_and_complete(a: When | Span, b: When | Span) -> None:
    """relations(a, b) is exactly the set of Allen relations realised by some completion."""
    expected = {allen(x, y) for x in completions(a) for y in completions(b)}
    assert expected == set(relations(a, b))


@pytest.mark.parametrize("name", sorted(CONCRETE))
@given(a=small_temporals, b=small_temporals)
def test_truth_relations_match_completions(name: str, a: When | Span, b: When | Span) -> None:
    """Each Truth-valued relation is TRUE/FALSE/UNKNOWN exactly as the completions say."""
    expected = brute_truth(a, b, CONCRETE[name])
    assert expected == getattr(a, name)(b)


@given(whens(exact=True), whens(exact=True))
def test_exact_days_agree_with_plain_comparison(a: When, b: When) -> None:
    """For exact days the relations are crisp and agree with comparing the dates."""
    assert Truth.of(a.earliest < b.earliest) == a.before(b)
    assert Truth.of(a.earliest > b.earliest) == a.after(b)
    assert Truth.of(a.earliest == b.earliest) == a.same_day(b)
    assert Truth.of(a.earliest == b.earliest) == a.overlaps(b)


@given(st.one_of(whens(), spans()), st.one_of(whens(), spans()))
def test_converse(a: When | Span, b: When | Span) -> None:
    """before/after, during/contains and Allen relations are converses of each other."""
    assert a.before(b) == b.after(a)
    assert a.during(b) == b.contains(a)
    assert a.overlaps(b) == b.overlaps(a)
    assert {r.converse for r in relations(a, b)} == set(relations(b, a))


@st.composite
def refinements(draw: st.DrawFn) -> tuple[When, When]:
    """A small When and a narrower claim about it: their intersection is never empty."""
    a = draw(small_whens())
    lo = draw(st.integers(a.earliest_ordinal, a.latest_ordinal))
    hi = draw(st.integers(lo, a.latest_ordinal))
    c = When(
        _ord(draw(st.integers(0, lo - BASE))),
        _ord(draw(st.integers(hi - BASE, WINDOW - 1))),
        draw(st.sampled_from(Precision)),
    )
    return a, a.refine(c)


@given(refinements(), small_temporals)
def test_refinement_never_flips_a_definite_answer(pair: tuple[When, When], b: When | Span) -> None:
    """Narrowing a date by refine() keeps every TRUE and FALSE answer."""
    a, narrowed = pair
    assert narrowed.earliest >= a.earliest
    assert narrowed.latest <= a.latest
    for name in CONCRETE:
        before, after = getattr(a, name)(b), getattr(narrowed, name)(b)
        if not before.is_unknown:
            assert before == after


def test_refine_contradiction_is_an_error() -> None:
    """Claims with no day in common cannot be refined into one."""
    with pytest.raises(ContradictionError):
        When.parse("2024-09").refine("2024-10")


@given(st.one_of(whens(), spans()), st.one_of(whens(), spans()))
def test_sort_key_extends_definitely_before(a: When | Span, b: When | Span) -> None:
    """If a is definitely before b, a sorts first."""
    if a.before(b).is_true:
        assert a.sort_key() < b.sort_key()


@given(whens())
def test_edtf_round_trip(w: When) -> None:
    """Parsing the EDTF text of a When gives back an equal When with an equal hash.

    EDTF has no week: a week-precision When comes back with the same days and qualifiers
    but day precision (its friendly label, ``format()``, keeps the week).
    """
    again = When.parse(w.to_edtf())
    if w.precision is Precision.WEEK:
        same = ("earliest", "latest", "approximate", "uncertain")
        assert all(getattr(w, f) == getattr(again, f) for f in same)
        return
    assert w == again
    assert hash(w) == hash(again)


@given(whens(), whens())
def test_structural_equality(a: When, b: When) -> None:
    """== compares every field; equal values hash alike."""
    fields = ("earliest", "latest", "precision", "approximate", "uncertain", "ends")
    assert (a == b) == all(getattr(a, f) == getattr(b, f) for f in fields)
    if a == b:
        assert hash(a) == hash(b)


@given(st.one_of(whens(), spans()))
def test_immutable(x: When | Span) -> None:
    """Assigning to a field raises; attrs.evolve makes a changed copy instead."""
    name = attrs.fields(type(x))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(x, name, None)


@given(small_whens(), small_whens())
def test_until_contains_every_completion_difference_and_is_tight(a: When, b: When) -> None:
    """a.until(b) is exactly the range of (day of b - day of a) over all completions."""
    diffs = [
        y - x
        for x in range(a.earliest_ordinal, a.latest_ordinal + 1)
        for y in range(b.earliest_ordinal, b.latest_ordinal + 1)
    ]
    assert DayRange(min(diffs), max(diffs)) == a.until(b)
    assert -a.until(b) == b.until(a)


@given(
    st.tuples(st.integers(-30, 30), st.integers(0, 10)),
    st.tuples(st.integers(-30, 30), st.integers(0, 10)),
)
def test_dayrange_comparisons_match_brute_force(x: tuple[int, int], y: tuple[int, int]) -> None:
    """<, <=, >, >= on DayRange are the Kleene answer over every pair of values."""
    r, s = DayRange(x[0], x[0] + x[1]), DayRange(y[0], y[0] + y[1])
    pairs = [(i, j) for i in range(r.lo, r.hi + 1) for j in range(s.lo, s.hi + 1)]

    def brute(op: Callable[[int, int], bool]) -> Truth:
        results = {op(i, j) for i, j in pairs}
        return Truth.of(results.pop()) if len(results) == 1 else Truth.UNKNOWN

    assert brute(lambda i, j: i < j) == (r < s)
    assert brute(lambda i, j: i <= j) == (r <= s)
    assert brute(lambda i, j: i > j) == (r > s)
    assert brute(lambda i, j: i >= j) == (r >= s)


QUALIFIED: dict[str, Callable[[int, int], bool]] = {
    # (days from the anchor day to the stated day, offset in days) -> whether it fits
    "exactly": lambda d, o: d == o,
    "less_than": lambda d, o: 0 <= d < o,
    "at_most": lambda d, o: 0 <= d <= o,
}


@pytest.mark.parametrize("qualifier", sorted(QUALIFIED))
@given(anchor=small_whens(), offset=st.integers(1, 20), before=st.booleans())
def test_relative_bounds_are_every_possible_day(
    qualifier: str, anchor: When, offset: int, before: bool
) -> None:
    """A relative date's bounds are exactly the days some anchor completion allows."""
    sign = -1 if before else 1
    possible = [
        x + sign * d
        for x in range(anchor.earliest_ordinal, anchor.latest_ordinal + 1)
        for d in range(offset + 1)
        if QUALIFIED[qualifier](d, offset)
    ]
    w = When.relative(anchor, offset, before=before, qualifier=qualifier)  # type: ignore[arg-type]
    assert (min(possible), max(possible)) == (w.earliest_ordinal, w.latest_ordinal)


@given(whens(open_ends=False), st.integers(0, 40))
def test_widening_contains_the_original(w: When, pad: int) -> None:
    """A widened date contains the original, and only approximate dates move."""
    policy = ApproxPolicy(day=pad, week=pad, month=pad, quarter=pad, half=pad, year=pad, decade=pad)
    wide = w.widened(policy)
    assert wide.earliest <= w.earliest
    assert wide.latest >= w.latest
    assert (w.precision, w.approximate, w.uncertain) == (
        wide.precision,
        wide.approximate,
        wide.uncertain,
    )
    if not w.approximate:
        assert w == wide


@given(st.integers(1, 36))
def test_months_is_the_range_of_calendar_month_runs(n: int) -> None:
    """months(n) spans the shortest and longest n consecutive calendar months (brute force)."""
    lengths = []
    for year, month in itertools.product(range(2000, 2401), range(1, 13)):
        start = dt.date(year, month, 1)
        end_month = month - 1 + n
        end = dt.date(year + end_month // 12, end_month % 12 + 1, 1)
        lengths.append((end - start).days)
    assert DayRange(min(lengths), max(lengths)) == months(n)
