"""Trust fixes of the date layer (issue 12): each test failed before its fix.

Non-ASCII digits are refused, every bad input raises a TimelineError subclass that names the
value, and ``str(Precision.MONTH)`` is a word.
"""

from __future__ import annotations

import pytest

from aitimeline import Precision, Span, When
from aitimeline.exceptions import DateError, DateParseError, TimelineError


@pytest.mark.parametrize(
    "text",
    [
        "\u0662\u0660\u0662\u0664-\u0660\u0669",  # Arabic-Indic digits: 2024-09
        "\uff12\uff10\uff12\uff14-09",  # full-width digits
        "2024-\u0969",  # a Devanagari 3 as the month
        "\u0662\u0660\u0662\u0664-09-12T10:00:00+00:00",
    ],
)
def test_non_ascii_digits_are_refused(text: str) -> None:
    """``When.parse("٢٠٢٤-٠٩")`` was September 2024; digits must be ASCII, and the error says so."""
    with pytest.raises(DateParseError, match="ASCII"):
        When.parse(text)
    with pytest.raises(DateParseError, match="ASCII"):
        When.from_text(text)


def test_non_ascii_digits_in_an_offset_are_refused() -> None:
    """An offset of "٣ months" is not three months."""
    with pytest.raises(DateError, match="is not an offset"):
        When.relative("2024-09", "\u0663 months")


@pytest.mark.parametrize(
    "text",
    ["2024-Q" + "9" * 4301, "2024-H" + "1" * 5000, "2024-W" + "0" * 4400 + "1"],
)
def test_huge_digit_runs_are_parse_errors(text: str) -> None:
    """Python's 4,300-digit int limit raised a bare ValueError; now a short DateParseError."""
    with pytest.raises(DateParseError) as info:
        When.parse(text)
    message = str(info.value)
    assert text[:20] in message
    assert f"({len(text)} characters)" in message
    assert len(message) < 1000


def test_huge_offset_counts_are_date_errors() -> None:
    """A long count in an offset raised ValueError from int(); now a DateError naming it."""
    with pytest.raises(DateError, match="count above"):
        When.relative("2024-09", "9" * 5000 + " days")


@pytest.mark.parametrize(
    "text", ["9999-12-31T23:00:00-05:00", "0001-01-01T01:00:00+05:00", "0001-01-01T00:00:00+00:01"]
)
def test_datetimes_whose_utc_day_leaves_the_calendar(text: str) -> None:
    """These raised OverflowError from astimezone; now a DateParseError naming the text."""
    with pytest.raises(DateParseError) as info:
        When.parse(text)
    assert repr(text) in str(info.value)
    assert "outside the years 0001 to 9999" in str(info.value)


@pytest.mark.parametrize("value", [None, 2024, 3.5, b"2024", ["2024", "2025"]])
def test_span_parse_of_a_non_string(value: object) -> None:
    """``Span.parse(None)`` raised AttributeError; now a DateParseError naming the value."""
    with pytest.raises(DateParseError) as info:
        Span.parse(value)  # type: ignore[arg-type]  # the point: a wrong type
    assert repr(value) in str(info.value)
    assert isinstance(info.value, TimelineError)


@pytest.mark.parametrize(
    ("kwargs", "phrase"),
    [
        ({"slack": "2"}, "whole number of days"),
        ({"slack": 1.5}, "whole number of days"),
        ({"slack": True}, "whole number of days"),
    ],
)
def test_relative_slack_of_the_wrong_type(kwargs: dict[str, object], phrase: str) -> None:
    """A slack that is not an int raised TypeError from ``<``; now a DateError."""
    with pytest.raises(DateError, match=phrase):
        When.relative("2024-09", "a week", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("offset", [None, 2.5, True, b"3 days"])
def test_relative_offset_of_the_wrong_type(offset: object) -> None:
    """An offset that is neither text nor an int raises a DateError naming it."""
    with pytest.raises(DateError, match="offset="):
        When.relative("2024-09", offset)  # type: ignore[arg-type]


def test_precision_prints_as_a_word() -> None:
    """``str(Precision.MONTH)`` was ``'2'`` (IntEnum); it is the unit's name."""
    assert "month" == str(Precision.MONTH)
    assert "decade" == f"{Precision.DECADE}"
    assert 2 == int(Precision.MONTH)
    assert Precision.MONTH == Precision(2)


def test_precision_of_a_bool_is_refused() -> None:
    """``precision=True`` was read as WEEK (True == 1); a bool is not a precision."""
    with pytest.raises(DateError, match="precision=True"):
        When(When.day(2024, 9, 9).earliest, When.day(2024, 9, 15).earliest, precision=True)
