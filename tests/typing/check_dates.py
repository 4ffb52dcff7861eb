"""Static checks of the date layer's public types: mypy verifies each assert_type.

This file is type-checked only (``make typecheck``); pytest does not collect it.
"""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import pendulum

import aitimeline as at
from aitimeline import dates


def check_when() -> None:
    """Constructors return When; relations return Truth; bounds are pendulum dates."""
    w = at.When.parse("2024-09")
    assert_type(w, at.When)
    assert_type(at.When.parse(dt.date(2024, 9, 12)), at.When)
    assert_type(at.When.day(2024, 9, 12), at.When)
    assert_type(at.When.between("2024-09", None), at.When)
    assert_type(at.When.relative(w, "a week", before=True), at.RelativeWhen)
    assert_type(w.earliest, pendulum.Date)
    assert_type(w.precision, at.Precision)
    assert_type(w.before("2024-11-28"), at.Truth)
    assert_type(w.during(at.Span("2022-10-07")), at.Truth)
    assert_type(at.relations(w, "2024"), frozenset[at.dates.Allen])
    assert_type(w.sort_key(), tuple[int, ...])
    assert_type(w.until("2024-11-28"), at.DayRange)
    assert_type(w.to_edtf(), str)
    assert_type(w.format(), str)
    assert_type(w.ends, tuple[dates.EndForm, dates.EndForm] | None)
    assert_type(at.When.from_text("early 2025"), at.When)
    assert_type(at.When.from_text("mid-2023", reading=dates.Reading(mid_year=(6, 7))), at.When)
    assert_type(at.Span.parse("2022-10-07/").is_end_unknown, bool)
    assert_type(str(at.Precision.MONTH), str)


def check_truth_and_ranges() -> None:
    """Kleene operators stay Truth; DayRange comparisons are Truth, not bool."""
    t = at.Truth.TRUE & at.Truth.UNKNOWN
    assert_type(t, at.Truth)
    assert_type(t | True, at.Truth)
    assert_type(~t, at.Truth)
    r = at.weeks(11)
    assert_type(r < at.months(3), at.Truth)
    assert_type(r.weeks, tuple[float, float])
    assert_type(r.days, tuple[int, int])
    assert_type(-r + at.days(1), at.DayRange)
