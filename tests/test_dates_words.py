"""Dates in words: ``When.from_text`` reads what people write and what ``describe`` writes."""

from __future__ import annotations

import pytest
from hypothesis import given

from aitimeline import Precision, When
from aitimeline.dates import Reading
from aitimeline.exceptions import DateError, DateParseError
from aitimeline.strategies import whens


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("12 September 2024", "2024-09-12"),
        ("Sept. 12, 2024", "2024-09-12"),
        ("September 12th, 2024", "2024-09-12"),
        ("12 Sep 2024", "2024-09-12"),
        ("September 2024", "2024-09"),
        ("Sept 2024", "2024-09"),
        ("Q4 2024", "2024-36"),
        ("2024 Q4", "2024-36"),
        ("H2 2024", "2024-41"),
        ("week 37 of 2024", "2024-09-09/2024-09-15"),
        ("2024", "2024"),
        ("the 2020s", "202X"),
        ("early 2025", "2025-01/2025-04"),
        ("mid-2023", "2023-05/2023-08"),
        ("late 2023", "2023-09/2023-12"),
        ("late September 2024", "2024-09-21/2024-09-30"),
        ("early February 2024", "2024-02-01/2024-02-10"),
        ("before 2025-01-20", "../2025-01-19"),
        ("before 2025", "../2024"),
        ("after March 2024", "2024-04/.."),
        ("on or before January 2025", "../2025-01"),
        ("on or after 20 January 2025", "2025-01-20/.."),
        ("between September 2024 and November 2024", "2024-09/2024-11"),
        ("about September 2024", "2024-09~"),
        ("2024 (uncertain)", "2024?"),
        ("about Q4 2024 (uncertain)", "2024-36%"),
        ("at an unknown time", "../.."),
        ("on or after 7 October 2022 (end unknown)", "2022-10-07/"),
        ("  Sept.   12,  2024 ", "2024-09-12"),
        ("2024-Q4", "2024-36"),  # every form When.parse reads
    ],
)
def test_from_text_reads_what_people_write(text: str, edtf: str) -> None:
    """Each wording names the documented days, never a guessed single day."""
    assert edtf == When.from_text(text).to_edtf()


def test_parse_stays_strict() -> None:
    """``When.parse`` does not read words; ``from_text`` is the explicit, lenient reader."""
    for text in ("12 September 2024", "early 2025", "before 2025-01-20"):
        with pytest.raises(DateParseError):
            When.parse(text)
        When.from_text(text)


def test_reading_policy_sets_early_mid_late() -> None:
    """The policy's ranges are used as given, and can be marked approximate."""
    halves = Reading(early_year=(1, 6), late_year=(7, 12), approximate=True)
    w = When.from_text("early 2025", reading=halves)
    assert "2025-01~/2025-06~" == w.to_edtf()
    assert Precision.MONTH == w.precision
    assert "2024-09-21/2024-09-30" == When.from_text("late September 2024").to_edtf()
    # February has no 31st: "late" ends on its last day
    assert "2023-02-21/2023-02-28" == When.from_text("late February 2023").to_edtf()


@pytest.mark.parametrize(
    "bad",
    [{"early_year": (0, 4)}, {"mid_year": (8, 5)}, {"late_month": (21, 32)}],
)
def test_reading_policy_rejects_impossible_parts(bad: dict[str, tuple[int, int]]) -> None:
    """A part outside months 1..12 or days 1..31, or inverted, is refused."""
    with pytest.raises(DateError):
        Reading(**bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "empty"),
        ("sometime soon", "Forms read"),
        ("31 February 2024", "not a day of february"),
        ("early week 37 of 2024", "applies to a month or a year"),
        ("Q5 2024", "quarter 5"),
        ("between 2025 and 2024", "write the earlier first"),
        ("Smarch 2024", "not an English month name"),
    ],
)
def test_from_text_errors_say_what_is_wrong(text: str, phrase: str) -> None:
    """Unreadable wording raises DateParseError quoting it and saying why."""
    with pytest.raises(DateParseError) as info:
        When.from_text(text)
    assert repr(text) in str(info.value)
    assert phrase in str(info.value)


@given(whens())
def test_from_text_reads_describe_back(w: When) -> None:
    """``When.from_text(w.describe()) == w`` for every When the strategies draw."""
    assert w == When.from_text(w.describe())


@given(whens())
def test_parse_reads_format_back_for_units(w: When) -> None:
    """The friendly label of a calendar unit (``2024-Q4``, ``2024-W37``) parses back equal."""
    if w.ends is None:
        assert w == When.parse(w.format())
