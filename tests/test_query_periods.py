"""The period rule in temporal predicates: an event that holds over a period is that period.

DESIGN.md: an event that holds over a period (an export control's ``in_force``) is used as
that period wherever a period is asked for, or refused with an error that names the period
field; never silently as its announcement day. Laws pinned here, per event and vectorised:

- every temporal test given such an event builds the same predicate as given its period;
- where a single date is asked for (``between``), the event is refused, naming the field;
- an event whose kind holds over a period it does not give is refused, naming the field;
- an event with no period field stands for its date, as before.
"""

from __future__ import annotations

from typing import ClassVar

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitimeline import Span, Timeline, Truth, When, col, datasets, weeks
from aitimeline import strategies as ats
from aitimeline._events import Event, ExportControl, Policy, Release, registered_kind
from aitimeline._periods import as_instant, as_period, period_field
from aitimeline._query import Predicate
from aitimeline.exceptions import MetricError, QueryError

BAN_ID = "us-chip-export-ban-2022"

ANNOUNCED = When.parse("2022-10-07")
BAN = ExportControl(
    id="us-chip-ban",
    when=ANNOUNCED,
    title="US chip export ban",
    issuer="BIS",
    action="ban",
    country="US",
    in_force=Span("2022-10-21", "2025-01-15"),
)
UNKNOWN_PERIOD = attrs.evolve(BAN, id="ban-period-unknown", in_force=None)
INSIDE = Release(id="inside", when="2023-06-01", title="Inside the period", model="m")
ON_THE_DAY = Release(id="on-the-day", when="2022-10-07", title="Announced the same day", model="n")
TL = Timeline([BAN, INSIDE, ON_THE_DAY])

RELATIONS = ("before", "after", "during", "overlaps", "contains")


def sizes(tl: Timeline, p: Predicate) -> list[int]:
    """Return the sizes of the TRUE, FALSE and UNKNOWN parts, checking per-event agrees."""
    parts = tl.partition(p)
    per_event = [sum(1 for e in tl if p(e) is t) for t in (Truth.TRUE, Truth.FALSE, Truth.UNKNOWN)]
    assert per_event == [len(part) for part in parts]
    return [len(part) for part in parts]


def test_the_issue_example_uses_the_period_not_the_announcement() -> None:
    """``during(race[ban])`` answers as ``during(ban.in_force)``, not as its announcement day."""
    race = datasets.ai_race()
    ban = race[BAN_ID]
    assert isinstance(ban, ExportControl)
    assert ban.in_force is not None
    by_event = sizes(race, col("when").during(ban))
    assert sizes(race, col("when").during(ban.in_force)) == by_event
    assert sizes(race, col("when").during(ban.when)) != by_event  # the old, silent answer


@pytest.mark.parametrize("relation", RELATIONS)
def test_every_relation_takes_the_period(relation: str) -> None:
    """Each temporal test given the event is the same predicate as given its ``in_force``."""
    assert BAN.in_force is not None
    by_event = getattr(col("when"), relation)(BAN)
    assert by_event == getattr(col("when"), relation)(BAN.in_force)
    assert Predicate.from_dict(by_event.to_dict()) == by_event  # JSON keeps the period


def test_within_measures_to_the_period() -> None:
    """``within(d, of=event)`` is measured to the period: a day inside it is at distance 0."""
    p = col("when").within(weeks(1), of=BAN)
    assert p == col("when").within(weeks(1), of=BAN.in_force)
    assert p(INSIDE) is Truth.TRUE  # eight months after the announcement, inside the period
    # the announcement day is 14 days before the period starts: more than a week away
    assert sizes(TL, p) == [1, 2, 0]


def test_a_day_inside_the_period_is_during_the_event() -> None:
    """A release in the period is during the ban; one on the announcement day is not."""
    p = col("when").during(BAN)
    assert p(INSIDE) is Truth.TRUE
    assert p(ON_THE_DAY) is Truth.FALSE  # announced on 7 October, in force from 21 October
    assert col("when").before(BAN)(ON_THE_DAY) is Truth.TRUE


def test_between_refuses_the_event_and_names_the_field() -> None:
    """``between`` needs single dates: a period-bearing end is refused, naming ``in_force``."""
    with pytest.raises(QueryError, match=r"start: event 'us-chip-ban'.*in_force.*\.when"):
        col("when").between(BAN, "2025")
    with pytest.raises(QueryError, match=r"end: event 'us-chip-ban'.*in_force"):
        col("when").between("2020", BAN)
    assert col("when").between(ANNOUNCED, "2025") == col("when").between("2022-10-07", "2025")


@pytest.mark.parametrize("relation", RELATIONS)
def test_an_unknown_period_is_refused_naming_the_field(relation: str) -> None:
    """A kind that holds over a period, with the period not given, is refused by name."""
    with pytest.raises(QueryError, match=r"ban-period-unknown.*in_force is None.*\.when"):
        getattr(col("when"), relation)(UNKNOWN_PERIOD)
    with pytest.raises(QueryError, match="in_force is None"):
        col("when").within(weeks(1), of=UNKNOWN_PERIOD)
    # the announcement day is still available, explicitly
    assert getattr(col("when"), relation)(UNKNOWN_PERIOD.when) is not None


def test_an_event_dated_by_a_span_is_that_span() -> None:
    """An event whose own date is a period stands for it (its ``in_force`` may be unset)."""
    dated = attrs.evolve(UNKNOWN_PERIOD, when=Span("2022-10-07", "2023-10-17"))
    assert col("when").during(dated) == col("when").during(dated.when)
    with pytest.raises(QueryError, match=r"holds over a period \(when="):
        col("when").between(dated, "2025")


def test_an_event_without_a_period_field_is_its_date() -> None:
    """A release stands for its date, as before the rule."""
    assert col("when").after(INSIDE) == col("when").after(INSIDE.when)
    assert col("when").between(ON_THE_DAY, INSIDE) == col("when").between(
        "2022-10-07", "2023-06-01"
    )


def test_the_period_field_is_read_from_the_kind() -> None:
    """The period field is the kind's Span field: built-in and user-defined kinds alike."""
    assert period_field(ExportControl) == "in_force"
    assert period_field(Policy) == "in_force"
    assert period_field(Release) is None
    assert period_field(Event) is None

    @attrs.frozen(kw_only=True)
    class Embargo(Event):
        KIND: ClassVar[str] = "embargo"
        lasting: Span | None = None

    embargo = Embargo(id="e", when="2024-01", title="An embargo", lasting=Span("2024-02"))
    with registered_kind(Embargo):
        assert period_field(Embargo) == "lasting"
        assert col("when").overlaps(embargo) == col("when").overlaps(Span("2024-02"))


def test_as_instant_and_as_period_raise_the_callers_error() -> None:
    """The helpers raise the error class the caller's layer uses (lag: MetricError)."""
    assert as_period(BAN, what="x", error=MetricError) == BAN.in_force
    assert as_instant(INSIDE, what="x", error=MetricError) == INSIDE.when
    with pytest.raises(MetricError, match=r"lag: event 'us-chip-ban'.*in_force"):
        as_instant(BAN, what="lag", error=MetricError)


@settings(max_examples=60, deadline=None)
@given(
    event=ats.events(kinds=["export_control", "policy", "release", "event"]),
    relation=st.sampled_from(RELATIONS),
)
def test_an_event_argument_is_its_period_or_refused(event: Event, relation: str) -> None:
    """For any event: the test given it equals the test given its period, or it is refused."""
    build = getattr(col("when"), relation)
    field = period_field(type(event))
    period = None if field is None else getattr(event, field)
    if field is not None and period is None and not isinstance(event.when, Span):
        with pytest.raises(QueryError, match=field):
            build(event)
        return
    expected = event.when if field is None or isinstance(event.when, Span) else period
    assert build(event) == build(expected)
