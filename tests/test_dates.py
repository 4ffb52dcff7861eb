"""Unit tests of the date layer: parsing, formatting, constructors and bad input."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from aitimeline import (
    ApproxPolicy,
    DayRange,
    Precision,
    RelativeWhen,
    Span,
    Truth,
    When,
    days,
    months,
    relations,
    weeks,
)
from aitimeline.dates import MAX_DATE, MIN_DATE, Allen
from aitimeline.exceptions import (
    ContradictionError,
    DateError,
    DateParseError,
    NaiveDatetimeError,
    TimelineError,
)

D = pendulum.Date

PARSED = [
    ("2024-09-12", D(2024, 9, 12), D(2024, 9, 12), Precision.DAY),
    ("2024-W37", D(2024, 9, 9), D(2024, 9, 15), Precision.WEEK),
    ("2024-09", D(2024, 9, 1), D(2024, 9, 30), Precision.MONTH),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), Precision.MONTH),
    ("2024-Q4", D(2024, 10, 1), D(2024, 12, 31), Precision.QUARTER),
    ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31), Precision.QUARTER),
    ("2024-H2", D(2024, 7, 1), D(2024, 12, 31), Precision.HALF),
    ("2024", D(2024, 1, 1), D(2024, 12, 31), Precision.YEAR),
    ("2020s", D(2020, 1, 1), D(2029, 12, 31), Precision.DECADE),
    ("202X", D(2020, 1, 1), D(2029, 12, 31), Precision.DECADE),
    ("2024-09-10/2024-09-20", D(2024, 9, 10), D(2024, 9, 20), Precision.DAY),
    ("2024-09/2024-11", D(2024, 9, 1), D(2024, 11, 30), Precision.MONTH),
    ("../2025-01", MIN_DATE, D(2025, 1, 31), Precision.MONTH),
    ("2025-01/..", D(2025, 1, 1), MAX_DATE, Precision.MONTH),
    ("/2025-01", MIN_DATE, D(2025, 1, 31), Precision.MONTH),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision"), PARSED)
def test_parse_accepted_forms(text: str, earliest: D, latest: D, precision: Precision) -> None:
    """Each accepted form parses to the calendar bounds and precision it names."""
    w = When.parse(text)
    assert (earliest, latest, precision) == (w.earliest, w.latest, w.precision)


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain"),
    [
        ("2024-09~", True, False),
        ("2024?", False, True),
        ("2024-09%", True, True),
        ("2024", False, False),
    ],
)
def test_parse_qualifiers(text: str, approximate: bool, uncertain: bool) -> None:
    """~, ? and % set the approximate and uncertain flags and do not move the bounds."""
    w = When.parse(text)
    assert (approximate, uncertain) == (w.approximate, w.uncertain)
    assert When.parse(text.rstrip("~?%")).earliest == w.earliest
    assert text == w.to_edtf()


def test_parse_dates_and_datetimes() -> None:
    """Dates are exact days; aware datetimes give their UTC day; naive midnight is a day."""
    assert When.day(2024, 9, 12) == When.parse(dt.date(2024, 9, 12))
    assert When.day(2024, 9, 12) == When.parse(pendulum.date(2024, 9, 12))
    evening_in_california = dt.datetime(
        2024, 9, 12, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=-7))
    )
    assert When.day(2024, 9, 13) == When.parse(evening_in_california)
    assert When.day(2024, 9, 13) == When.parse("2024-09-12T20:00:00-07:00")
    assert When.day(2024, 9, 12) == When.parse(dt.datetime(2024, 9, 12))  # noqa: DTZ001


def test_naive_datetime_with_time_is_rejected() -> None:
    """A naive datetime with a time of day is refused with a message saying how to fix it."""
    with pytest.raises(NaiveDatetimeError, match="Attach a timezone"):
        When.parse(dt.datetime(2024, 9, 12, 10, 30))  # noqa: DTZ001
    with pytest.raises(NaiveDatetimeError, match="2024-09-12T10:30"):
        When.parse("2024-09-12T10:30")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("2024-02-30", "day 30"),
        ("2024-13", "month 13"),
        ("2024-Q5", "quarter Q5"),
        ("2024-H3", "half H3"),
        ("2024-W54", "ISO week W54"),
        ("2025/2024", "inverted"),
        ("2024-09-1x", "character 10"),
        ("September 2024", "character 1"),
        ("", "empty"),
        ("2024/2025/2026", "one '/'"),
        ("0000", "year 0000"),
    ],
)
def test_parse_errors_quote_input_place_and_forms(text: str, where: str) -> None:
    """Malformed, impossible and inverted input raises DateParseError saying what and where."""
    with pytest.raises(DateParseError) as info:
        When.parse(text)
    message = str(info.value)
    assert repr(text) in message
    assert where in message
    assert "Accepted forms: 2024-09-12 (day)" in message
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, TimelineError)


def test_parse_rejects_other_types() -> None:
    """Only strings, dates and Whens are parsed."""
    with pytest.raises(DateParseError, match="int"):
        When.parse(2024)  # type: ignore[arg-type]


def test_constructors_match_parse() -> None:
    """The named constructors build the same values as the text forms."""
    assert When.parse("2024-09-12") == When.day(2024, 9, 12)
    assert When.parse("2024-W37") == When.week(2024, 37)
    assert When.parse("2024-09~") == When.month(2024, 9, approximate=True)
    assert When.parse("2024-Q4") == When.quarter(2024, 4)
    assert When.parse("2024-H2") == When.half(2024, 2)
    assert When.parse("2015") == When.year(2015)
    assert When.parse("2020s") == When.decade(2020)
    assert When.parse("2024-09-10/2024-09-20") == When.between("2024-09-10", "2024-09-20")


@pytest.mark.parametrize(
    "build",
    [
        lambda: When.day(2024, 2, 30),
        lambda: When.week(2024, 60),
        lambda: When.month(2024, 0),
        lambda: When.quarter(2024, 5),
        lambda: When.half(2024, 0),
        lambda: When.year(10000),
        lambda: When.decade(2024),
        lambda: When.between(None, None),
        lambda: When(D(2024, 2, 1), D(2024, 1, 1), Precision.DAY),
        lambda: When(D(2024, 2, 1), D(2024, 3, 1), "fortnight"),
        lambda: When(dt.datetime(2024, 1, 1, tzinfo=dt.UTC), D(2024, 1, 2), Precision.DAY),
    ],
)
def test_constructors_reject_bad_values(build: object) -> None:
    """Impossible components, inverted bounds and unknown precisions raise DateError."""
    assert callable(build)
    with pytest.raises(DateError):
        build()


def test_to_edtf_and_describe() -> None:
    """Formatting gives the EDTF text, the friendly label and an English description.

    Quarters and halves are written with the EDTF level-2 codes (33..36, 40..41) and a week,
    which EDTF has no code for, as its days; ``format()`` keeps the friendly labels.
    """
    cases = {
        "2024-09-12": ("2024-09-12", "12 September 2024"),
        "2024-W37": ("2024-09-09/2024-09-15", "week 37 of 2024"),
        "2024-09": ("2024-09", "September 2024"),
        "2024-Q4": ("2024-36", "Q4 2024"),
        "2024-H2": ("2024-41", "H2 2024"),
        "2015": ("2015", "2015"),
        "202X": ("202X", "the 2020s"),
        "2024-09~": ("2024-09~", "about September 2024"),
        "2024?": ("2024?", "2024 (uncertain)"),
        "../2025-01": ("../2025-01", "on or before January 2025"),
        "2025-01-20/..": ("2025-01-20/..", "on or after 20 January 2025"),
        "2024-09/2024-11": ("2024-09/2024-11", "between September 2024 and November 2024"),
    }
    for text, (edtf, description) in cases.items():
        w = When.parse(text)
        assert edtf == w.to_edtf() == str(w)
        assert text == w.format()
        assert description == w.describe()
        shown = edtf if When.parse(edtf) == w else text
        assert f"When.parse({shown!r})" == repr(w)


def test_week_of_the_iso_year_formats_with_the_iso_year() -> None:
    """A week that starts in December of the previous year keeps its ISO year."""
    w = When.week(2021, 1)  # Monday 4 January 2021
    assert D(2021, 1, 4) == w.earliest
    assert "2021-W01" == w.format()
    assert "2021-01-04/2021-01-10" == w.to_edtf()
    assert When.week(2020, 53) == When.parse("2020-W53")


def test_relative_a_week_before_qwq() -> None:
    """Resolve "a week before QwQ (28 Nov 2024)" to 21 Nov, keeping the statement."""
    w = When.relative("2024-11-28", "a week", before=True)
    assert isinstance(w, RelativeWhen)
    assert D(2024, 11, 21) == w.earliest == w.latest
    assert "1 week before 2024-11-28" == w.statement()
    assert "1 week before 2024-11-28 (21 November 2024)" == w.describe()
    assert When.parse("2024-11-21") == w.resolved()
    assert When.parse("2024-11-21") != w
    # the actual release (20 Nov) is possible only if "a week" is taken loosely
    assert Truth.FALSE == w.same_day("2024-11-20")
    loose = When.relative("2024-11-28", "a week", before=True, qualifier="about", slack=2)
    assert Truth.UNKNOWN == loose.same_day("2024-11-20")
    assert loose.approximate


def test_relative_less_than_three_months_after_o1() -> None:
    """'Less than three months after o1' admits QwQ's 77 days and rules out day 92."""
    w = When.relative("2024-09-12", "three months", qualifier="less_than")
    assert (D(2024, 9, 12), D(2024, 12, 11)) == (w.earliest, w.latest)
    assert Truth.TRUE == When.parse("2024-11-28").during(Span(w.earliest, w.latest))
    assert Truth.FALSE == w.overlaps("2024-12-12")
    assert repr(w) == "When.relative(When.parse('2024-09-12'), '3 months', qualifier='less_than')"


def test_relative_open_ended_and_month_clamping() -> None:
    """more_than / at_least leave one side open; month offsets clamp to month ends."""
    assert When.relative("2024-01-31", "1 month").earliest == D(2024, 2, 29)
    w = When.relative("2024-09", "2 weeks", qualifier="more_than")
    assert (D(2024, 9, 16), MAX_DATE) == (w.earliest, w.latest)
    w = When.relative("2024-09", "1 year", before=True, qualifier="at_least")
    assert (MIN_DATE, D(2023, 9, 30)) == (w.earliest, w.latest)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"offset": "soon"}, "not an offset"),
        ({"offset": -3}, "negative"),
        ({"offset": 3, "qualifier": "roughly"}, "not a qualifier"),
        ({"offset": 3, "qualifier": "about", "slack": -1}, "negative"),
        ({"offset": 0, "qualifier": "less_than"}, "allows no day"),
    ],
)
def test_relative_rejects_bad_arguments(kwargs: dict[str, object], match: str) -> None:
    """Bad offsets, qualifiers and slack raise DateError naming the argument."""
    with pytest.raises(DateError, match=match):
        When.relative("2024-09-12", **kwargs)  # type: ignore[arg-type]


def test_refine() -> None:
    """refine() intersects two claims and rejects claims that share no day."""
    assert When.parse("2024-09-12") == When.parse("2024-09").refine("2024-09-12")
    assert When.parse("2024-10/2024-11") == When.parse("2024-Q4").refine("2024-09/2024-11")
    with pytest.raises(ContradictionError, match="share no day"):
        When.parse("2024-09").refine("2024-11")


def test_widening_is_explicit() -> None:
    """Approximate dates keep their bounds until a policy is applied."""
    w = When.parse("2024-09~")
    assert (D(2024, 9, 1), D(2024, 9, 30)) == (w.earliest, w.latest)
    wide = w.widened(ApproxPolicy(month=15))
    assert (D(2024, 8, 17), D(2024, 10, 15)) == (wide.earliest, wide.latest)
    assert When.parse("2024-09?") == When.parse("2024-09?").widened(ApproxPolicy(month=15))
    assert (
        When.parse("2024-09?").widened(ApproxPolicy(month=1, uncertain_too=True)).width_days == 32
    )
    assert "ApproxPolicy(month=15)" == repr(ApproxPolicy(month=15))
    with pytest.raises(DateError, match="negative"):
        ApproxPolicy(day=-1)


def test_properties_and_completions() -> None:
    """Reading helpers report exactness, openness, width and each possible day."""
    w = When.parse("2024-09-29/2024-10-02")
    assert not w.is_exact
    assert w.width_days == 4
    assert [D(2024, 9, 29), D(2024, 9, 30), D(2024, 10, 1), D(2024, 10, 2)] == list(w.completions())
    assert When.parse("../2025").is_open_start
    assert When.parse("2025/..").is_open_end
    with pytest.raises(DateError, match="open-ended"):
        list(When.parse("2025/..").completions())


def test_span() -> None:
    """A span holds throughout; an open span is in force through MAX_DATE."""
    ban = Span("2022-10-07")
    assert ban.is_open
    assert MAX_DATE == ban.latest
    assert Truth.TRUE == When.parse("2025-06").during(ban)
    assert Truth.UNKNOWN == When.parse("2022-10").during(ban)
    assert Truth.FALSE == When.parse("2022-09").during(ban)
    lifted = Span("2022-10-07", "2025-12-08")
    assert Truth.TRUE == lifted.contains("2024")
    assert "from 7 October 2022, still in force" == ban.describe()
    assert "Span('2022-10-07', '2025-12-08')" == repr(lifted)
    assert "2022-10-07/2025-12-08" == lifted.to_edtf()
    assert lifted == Span.parse(lifted.to_edtf())
    assert ban == Span.parse("2022-10-07/..")
    assert DayRange(1159, 1159) == lifted.duration()
    with pytest.raises(DateError, match="before start"):
        Span("2025", "2024")
    with pytest.raises(DateError, match="still in force"):
        ban.duration()
    with pytest.raises(DateError, match="range"):
        Span("2024-09/2024-10", "2025").to_edtf()
    with pytest.raises(DateParseError, match="START/END"):
        Span.parse("2024")


def test_relations_examples() -> None:
    """Allen relations on day-granular intervals: consecutive days meet."""
    assert frozenset({Allen.MEETS}) == relations("2024-09-12", "2024-09-13")
    assert frozenset({Allen.PRECEDES}) == relations("2024-09-12", "2024-09-14")
    assert frozenset({Allen.DURING}) == relations("2024-09-12", Span("2024-09-01", "2024-09-30"))
    assert frozenset({Allen.STARTS}) == relations("2024-09-01", Span("2024-09-01", "2024-09-30"))
    assert Allen.CONTAINS == Allen.DURING.converse
    assert "Allen.MEETS" == repr(Allen.MEETS)


def test_sort_key_is_total_across_kinds() -> None:
    """Whens and Spans sort together without a fuzzy <."""
    items = [Span("2024-09"), When.parse("2024-Q3"), When.parse("2024-09-12"), When.parse("2024")]
    ordered = sorted(items, key=lambda x: x.sort_key())
    assert [
        When.parse("2024"),
        When.parse("2024-Q3"),
        Span("2024-09"),
        When.parse("2024-09-12"),
    ] == ordered


def test_dayrange() -> None:
    """Day ranges convert without rounding, format with stated rounding, and compare to Truth."""
    r = When.parse("2024-09-12").until("2024-11-28")
    assert DayRange(77, 77) == r == days(77)
    assert (11.0, 11.0) == r.weeks
    assert "11.0 weeks" == str(r)
    assert "77 days" == r.format("days")
    assert "2.5 months" == r.format("months")
    fuzzy = When.parse("2024-09").until("2024-11-28")
    assert "8.4\N{EN DASH}12.6 weeks" == str(fuzzy)
    assert "59\N{EN DASH}88 days" == fuzzy.format("days")
    assert Truth.TRUE == (fuzzy < weeks(13))
    assert Truth.TRUE == (fuzzy < months(3))
    assert Truth.UNKNOWN == (days(90) < months(3))
    assert Truth.FALSE == (fuzzy > weeks(13))
    assert DayRange(-88, -59) == -fuzzy
    assert DayRange(60, 89) == fuzzy + 1 == 1 + fuzzy
    assert DayRange(58, 87) == fuzzy - days(1)
    assert fuzzy.contains(70)
    assert "1 day" == days(1).format("days")
    with pytest.raises(DateError, match="inverted"):
        DayRange(3, 1)
    with pytest.raises(DateError, match="unit"):
        r.format("fortnights")
    with pytest.raises(DateError, match="months"):
        months(-1)
    assert DayRange(0, 0) == months(0)
    assert NotImplemented == r.__lt__(3)  # type: ignore[operator]


def test_truth_helpers() -> None:
    """Truth converts from bools and codes and reports possibility."""
    assert Truth.TRUE == Truth.of(True)  # noqa: FBT003
    assert Truth.UNKNOWN == Truth.from_code(1)
    assert Truth.UNKNOWN.is_possible
    assert not Truth.FALSE.is_possible
    assert Truth.UNKNOWN.is_unknown
    assert Truth.FALSE.is_false
    assert "Truth.UNKNOWN" == repr(Truth.UNKNOWN)
    with pytest.raises(ValueError, match="truth code"):
        Truth.from_code(3)
    assert NotImplemented == Truth.TRUE.__and__(3)  # type: ignore[operator]
