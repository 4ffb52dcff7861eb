"""Unit tests of predicates: each node, reprs, JSON forms and bad input."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from _factories import IPO_2026, O1, QWQ, R1
from aitimeline import (
    FALSE_,
    TRUE_,
    DayRange,
    Predicate,
    Span,
    Timeline,
    Truth,
    When,
    all_,
    any_,
    col,
    days,
    definitely,
    is_a,
    months,
    possibly,
    tagged,
    weeks,
)
from aitimeline._events import IPO, Event, ExportControl, Money, Parameters, Release, Score
from aitimeline._query import And, Not, Or
from aitimeline.exceptions import QueryError, TimelineError, UnknownFieldError

# The releases are the record's (tests/_factories.py); the ban, the IPO dated to a year and the
# score dated to a month give date tests their UNKNOWN answers.
BAN = ExportControl(
    id="us-chip-ban",
    when=Span("2022-10-07"),
    title="US chip export ban",
    issuer="BIS",
    action="ban",
    country="US",
)
ECI = Score(id="r1-eci", when="2025-02", title="R1 ECI", model="R1", metric="eci", value=131.5)
RACE = Timeline([O1, QWQ, R1, BAN, IPO_2026, ECI])


def truths(p: Predicate) -> dict[str, Truth]:
    """Return the truth of *p* per event id of RACE, checking both evaluation paths agree."""
    per_event = {e.id: p(e) for e in RACE}
    assert tuple(per_event.values()) == RACE.truth(p)
    return per_event


# -- field comparisons --------------------------------------------------------------------------


def test_equality_on_a_text_field() -> None:
    """Compare a field with ``==``; an event with no country is FALSE."""
    assert {"qwq-32b-preview", "deepseek-r1", "minimax-ipo"} == {
        k for k, v in truths(col("country") == "CN").items() if v is Truth.TRUE
    }
    assert Truth.FALSE == (col("country") == "CN")(ECI)


def test_inequality_is_false_where_the_value_is_missing() -> None:
    """Make ``!=`` FALSE for an event without the field, while ``~(==)`` is TRUE for it."""
    assert Truth.FALSE == (col("country") != "CN")(ECI)
    assert Truth.TRUE == (~(col("country") == "CN"))(ECI)


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (col("parameters") > 100_000_000_000, {"deepseek-r1"}),
        (col("parameters") >= Parameters("32.5B"), {"qwq-32b-preview", "deepseek-r1"}),
        (col("parameters") < 100_000_000_000, {"qwq-32b-preview"}),
        (col("parameters") <= 32_500_000_000, {"qwq-32b-preview"}),
        (col("value") > 100, {"r1-eci"}),
        (col("title") < "E", {"deepseek-r1"}),
        (col("open_weights") == True, {"qwq-32b-preview", "deepseek-r1"}),  # noqa: E712 - builds a predicate
    ],
)
def test_order_comparisons(p: Predicate, expected: set[str]) -> None:
    """Order numbers, typed parameter counts and text; missing values are never selected."""
    assert expected == {k for k, v in truths(p).items() if v is Truth.TRUE}


def test_isin_on_scalars_and_collections() -> None:
    """Test membership of a value, and of any element of a collection field."""
    assert {"openai-o1-preview", "us-chip-ban"} == set(RACE.where(col("country").isin(["US"])).ids)
    assert {"deepseek-r1", "openai-o1-preview"} == set(
        RACE.where(col("actors").isin(["DeepSeek", "OpenAI"])).ids
    )


def test_contains_on_text_and_collections() -> None:
    """Find a substring in text fields and an element in collection fields."""
    assert ("deepseek-r1",) == RACE.where(col("title").contains("Seek")).ids
    assert ("qwq-32b-preview",) == RACE.where(col("actors").contains("Alibaba")).ids


def test_is_a_and_tagged() -> None:
    """Select by kind (class or kind name) and by tag, including tags implied by a release."""
    assert ("openai-o1-preview", "qwq-32b-preview", "deepseek-r1") == RACE.where(is_a(Release)).ids
    assert is_a(Release) == is_a("release")
    assert 6 == len(RACE.where(is_a(Event)))
    assert ("qwq-32b-preview", "deepseek-r1") == RACE.where(tagged("open-weights")).ids


# -- temporal tests -----------------------------------------------------------------------------


def test_before_is_three_valued() -> None:
    """Give TRUE, FALSE or UNKNOWN for ``before`` depending on each date's bounds."""
    got = truths(col("when").before("2025-02-15"))
    assert Truth.UNKNOWN == got["r1-eci"]  # some day in February 2025
    assert Truth.TRUE == got["openai-o1-preview"]
    assert Truth.FALSE == got["minimax-ipo"]
    assert Truth.FALSE == got["us-chip-ban"]  # still in force: it never ends


def test_between_is_inclusive_and_crisp() -> None:
    """Include both ends of ``between`` and read month strings as their whole month."""
    p = col("when").between("2024-09", "2024-11")
    assert Truth.TRUE == p(O1)
    assert Truth.TRUE == p(QWQ)
    assert Truth.FALSE == p(R1)
    assert Truth.UNKNOWN == col("when").between("2026-01-01", "2026-06-30")(IPO_2026)
    edge = col("when").between("2024-11-28", "2024-11-28")
    assert Truth.TRUE == edge(QWQ)


def test_during_and_contains_with_a_span() -> None:
    """Test whether a date lies in a period in force, and whether a period contains a date."""
    assert Truth.TRUE == col("when").during(BAN.when)(R1)
    assert Truth.TRUE == col("when").contains("2025-06")(BAN)
    assert Truth.FALSE == col("when").contains("2021")(BAN)


def test_overlaps_and_after() -> None:
    """Share a day with ``overlaps``; start after with ``after``."""
    assert Truth.TRUE == col("when").overlaps("2024")(BAN)
    assert Truth.UNKNOWN == col("when").overlaps("2025-02-12")(ECI)
    assert Truth.TRUE == col("when").overlaps("2024-09-12")(O1)
    assert Truth.TRUE == col("when").after("2024-12-31")(R1)


@pytest.mark.parametrize(
    ("duration", "anchor", "expected"),
    [
        (days(53), "2024-11-28", Truth.TRUE),  # R1 is 53 days after QwQ
        (days(52), "2024-11-28", Truth.FALSE),
        (weeks(8), "2024-11", Truth.UNKNOWN),  # 51 to 80 days from November
        (months(2), "2024-11-28", Truth.TRUE),  # 59 to 62 days
        (DayRange(50, 60), "2024-11-25", Truth.UNKNOWN),  # 56 days, bound 50..60
        (0, "2025-01-20", Truth.TRUE),
        (0, "2025-01", Truth.UNKNOWN),
    ],
)
def test_within(duration: DayRange | int, anchor: str, expected: Truth) -> None:
    """Measure day distance to the anchor against a possibly fuzzy duration."""
    assert expected == col("when").within(duration, of=anchor)(R1)


def test_within_an_event_uses_its_date() -> None:
    """Accept an event as the anchor of ``within``."""
    assert col("when").within(days(53), of=QWQ) == col("when").within(days(53), of="2024-11-28")


def test_within_agrees_with_every_completion() -> None:
    """Answer TRUE only if every pair of completions is near enough, FALSE only if none is."""
    a, b = When.parse("2024-09"), When.parse("2024-W46")
    event = Event(id="e", when=a, title="e")
    for lo in range(30, 80, 7):
        answer = col("when").within(DayRange(lo, lo + 3), of=b)(event)
        gaps = [
            abs(x.toordinal() - y.toordinal()) for x in a.completions() for y in b.completions()
        ]
        if answer is Truth.TRUE:
            assert max(gaps) <= lo
        elif answer is Truth.FALSE:
            assert min(gaps) > lo + 3
        else:
            assert min(gaps) <= lo + 3
            assert max(gaps) > lo


# -- combinators --------------------------------------------------------------------------------


def test_kleene_combinators() -> None:
    """Combine with Kleene logic: FALSE & UNKNOWN is FALSE, TRUE | UNKNOWN is TRUE."""
    unknown = col("when").before("2025-02-15")
    assert Truth.FALSE == (unknown & FALSE_)(ECI)
    assert Truth.TRUE == (unknown | TRUE_)(ECI)
    assert Truth.UNKNOWN == (~unknown)(ECI)
    assert Truth.TRUE == possibly(unknown)(ECI)
    assert Truth.FALSE == definitely(unknown)(ECI)


def test_and_or_flatten() -> None:
    """Flatten nested conjunctions and disjunctions into one n-ary node."""
    p, q, r = col("country") == "US", tagged("reasoning"), is_a(IPO)
    assert And((p, q, r)) == (p & q) & r
    assert And((p, q, r)) == p & (q & r)
    assert Or((p, q, r)) == (p | q) | r
    assert Not(p) == ~p


def test_all_and_any_of_nothing() -> None:
    """Return TRUE_ for an empty ``all_`` and FALSE_ for an empty ``any_``."""
    assert TRUE_ == all_()
    assert FALSE_ == any_()
    p = tagged("reasoning")
    assert p == all_(p)
    assert p == any_(p)


def test_operators_reject_foreign_operands() -> None:
    """Return NotImplemented for a non-predicate, so Python raises TypeError."""
    p = tagged("reasoning")
    assert NotImplemented == p.__and__("x")
    assert NotImplemented == p.__or__("x")
    with pytest.raises(TypeError):
        _ = p & 1


def test_predicates_have_no_truth_value() -> None:
    """Raise TypeError on ``bool(predicate)`` and on ``bool(col(...))``."""
    with pytest.raises(TypeError, match="no truth value"):
        bool(tagged("reasoning"))
    with pytest.raises(TypeError, match="no truth value"):
        bool(col("country"))


def test_predicates_are_hashable_values() -> None:
    """Compare and hash predicates structurally."""
    a = (col("country") == "CN") & tagged("reasoning")
    b = (col("country") == "CN") & tagged("reasoning")
    assert a == b
    assert hash(a) == hash(b)
    assert 1 == len({a, b})
    assert a != ((col("country") == "US") & tagged("reasoning"))


# -- reprs and JSON -----------------------------------------------------------------------------

REPRS = [
    (col("country") == "CN", "col('country') == 'CN'"),
    (col("parameters") > 10, "col('parameters') > 10"),
    (col("country").isin(["US", "CN"]), "col('country').isin(['CN', 'US'])"),
    (col("title").contains("R1"), "col('title').contains('R1')"),
    (is_a(Release), "is_a('release')"),
    (tagged("reasoning"), "tagged('reasoning')"),
    (col("when").before("2025-01-20"), "col('when').before('2025-01-20')"),
    (col("when").during(Span("2022-10-07")), "col('when').during(Span('2022-10-07'))"),
    (col("when").between("2024-09", "2024-11"), "col('when').between('2024-09', '2024-11')"),
    (
        col("when").within(days(30), of="2024-09-12"),
        "col('when').within(DayRange(30, 30), of='2024-09-12')",
    ),
    (TRUE_, "TRUE_"),
    (FALSE_, "FALSE_"),
    (
        ~(tagged("a") | tagged("b")) & possibly(tagged("c")),
        "~(tagged('a') | tagged('b')) & possibly(tagged('c'))",
    ),
    (definitely(col("country") == "CN"), "definitely(col('country') == 'CN')"),
]


@pytest.mark.parametrize(("p", "expected"), REPRS)
def test_repr(p: Predicate, expected: str) -> None:
    """Show a predicate as the expression that builds it."""
    assert expected == repr(p)


@pytest.mark.parametrize(("p", "_text"), REPRS)
def test_json_round_trip_of_each_node(p: Predicate, _text: str) -> None:
    """Rebuild each node from its JSON form."""
    assert p == Predicate.from_dict(json.loads(json.dumps(p.to_dict())))


def test_json_form_is_readable() -> None:
    """Write dates as EDTF strings and nodes as small objects."""
    p = (col("country") == "CN") & col("when").before("2025-01-20")
    assert {
        "op": "and",
        "args": [
            {"op": "==", "field": "country", "value": "CN"},
            {"op": "before", "field": "when", "date": "2025-01-20"},
        ],
    } == p.to_dict()


def test_json_keeps_dates_that_edtf_cannot_write() -> None:
    """Round-trip a date range whose ends have no EDTF form of the stated precision."""
    odd = When(When.parse("2024-09-03").earliest, When.parse("2024-10-17").latest, "month")
    p = col("when").before(odd)
    assert p == Predicate.from_dict(json.loads(json.dumps(p.to_dict())))


# -- bad input ----------------------------------------------------------------------------------


def test_unknown_field_names_the_field_and_near_matches() -> None:
    """Reject a field no event kind has, suggesting the closest names."""
    with pytest.raises(UnknownFieldError, match=r"field='countyr'.*did you mean 'country'"):
        col("countyr")


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: col("country") < 3, r"col\('country'\) < 3.*text values, not int"),
        (lambda: col("parameters") > "big", r"col\('parameters'\) > 'big'"),
        (lambda: col("when") < "2024", r"no fuzzy order; use .before\(\)"),
        (lambda: col("tags") == "reasoning", r"holds several values.*contains"),
        (lambda: col("country").before("2024"), r"needs a date field; 'country' holds text"),
        (lambda: col("country").isin("CN"), r"needs a collection of values, not a string"),
        (lambda: col("when").before("soon"), r"before='soon' is not a date"),
        (lambda: col("when").between("2025", "2024"), r"is empty: the end is before the start"),
        (lambda: col("when").within(-1, of="2024"), r"is negative"),
        (lambda: col("value") == Decimal("1.5"), r"cannot be compared with"),
        (lambda: is_a("rocket"), r"kind='rocket' is not an event kind"),
        (lambda: is_a(int), r"kind=<class 'int'> is not an event kind"),  # type: ignore[arg-type]
        (lambda: tagged(""), r"tag='' is not a tag"),
        (lambda: all_(tagged("a"), 1), r"1 \(int\) is not a predicate"),  # type: ignore[arg-type]
    ],
)
def test_bad_predicates_are_rejected(build: object, match: str) -> None:
    """Reject a bad comparison at build time, naming the field and the value."""
    assert callable(build)
    with pytest.raises(QueryError, match=match):
        build()


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({"field": "country"}, r"missing key 'op'"),
        ({"op": "xor", "args": []}, r"unknown op='xor'"),
        ({"op": "and", "args": [{"op": "const", "truth": "true"}]}, r"needs at least 2"),
        ({"op": "and", "args": "x"}, r"args='x' is not a list"),
        ({"op": "not", "arg": 3}, r"arg=3 is not a predicate"),
        ({"op": "==", "field": "nope", "value": 1}, r"field='nope' is not a field"),
        ({"op": "==", "field": "country"}, r"missing key 'value'"),
        ({"op": "before", "field": "when", "date": "whenever"}, r"is not a date"),
        ({"op": "const", "truth": "maybe"}, r"truth='maybe' is not one of"),
        ({"op": "within", "field": "when", "days": [5], "of": "2024"}, r"is not \[lo, hi\]"),
        ({"op": "isin", "field": "country", "values": "CN"}, r"values='CN' is not a list"),
        ({"op": "tagged", "tag": 7}, r"tag=7 is not a string"),
    ],
)
def test_malformed_json_is_rejected(data: dict[str, object], match: str) -> None:
    """Reject a malformed JSON predicate with a message naming the key and the value."""
    with pytest.raises(QueryError, match=match):
        Predicate.from_dict(data)  # type: ignore[arg-type]


def test_query_errors_are_timeline_errors() -> None:
    """Derive query errors from the library's root error and from ValueError/KeyError."""
    assert issubclass(QueryError, TimelineError)
    assert issubclass(QueryError, ValueError)
    assert issubclass(UnknownFieldError, KeyError)


def test_incomparable_event_value_raises_query_error() -> None:
    """Raise QueryError, not TypeError, when an event's value cannot be ordered."""
    ipo = IPO(id="x", when="2025", title="x", company="X", first_day_change=Decimal(109))
    assert Truth.TRUE == (col("first_day_change") > 100)(ipo)
    with pytest.raises(QueryError, match=r"raised=Money.*does not compare with int"):
        (col("raised") > 5)(
            IPO(id="y", when="2025", title="y", company="Y", raised=Money.parse("$1M"))
        )


def test_one_predicate_per_tag_question() -> None:
    """tagged(t), col("tags").contains(t) and col("tags").isin([t]) are one predicate."""
    a, b, c = (
        tagged("reasoning"),
        col("tags").contains("reasoning"),
        col("tags").isin(["reasoning"]),
    )
    assert a == b == c
    assert hash(a) == hash(b) == hash(c)
    assert a.to_dict() == b.to_dict() == c.to_dict()
    assert Predicate.from_dict(b.to_dict()) == a


def test_predicate_json_flags_are_strict() -> None:
    """``"approximate": "false"`` is refused, not read as true."""
    data = {
        "op": "before",
        "field": "when",
        "date": {
            "earliest": "2024-01-01",
            "latest": "2024-12-31",
            "precision": "year",
            "approximate": "false",
        },
    }
    with pytest.raises(QueryError, match="approximate"):
        Predicate.from_dict(data)  # type: ignore[arg-type]


def test_deeply_nested_predicate_json_is_a_query_error() -> None:
    """JSON nested ~500 deep is a QueryError, not a RecursionError."""
    data: dict[str, object] = {"op": "const", "truth": "true"}
    for _ in range(500):
        data = {"op": "not", "arg": data}
    with pytest.raises(QueryError, match="nest"):
        Predicate.from_dict(data)  # type: ignore[arg-type]
