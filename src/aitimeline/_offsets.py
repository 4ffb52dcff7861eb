"""Offsets in words ("a week", "three months") and the bounds of dates stated relative to another.

``When.relative`` resolves "less than three months after X" by interval arithmetic on X's bounds;
the arithmetic lives here, on day ordinals, so it needs no date class.
"""

from __future__ import annotations

import re
from typing import Final, Literal, TypeAlias

import pendulum

from aitimeline._calendar import (
    MAX_DATE,
    MAX_ORDINAL,
    MIN_DATE,
    MIN_ORDINAL,
    from_ordinal,
    is_int_in,
)
from aitimeline.exceptions import DateError

__all__ = [
    "QUALIFIER_NAMES",
    "Qualifier",
    "parse_offset",
    "relative_bounds",
    "resolve",
    "shift",
]

_MAX_COUNT: Final = 1_000_000
"""The largest offset count read; a longer one is beyond any calendar (and Python's int limit)."""

Qualifier: TypeAlias = Literal["exactly", "about", "less_than", "at_most", "more_than", "at_least"]
QUALIFIER_NAMES: Final = ("exactly", "about", "less_than", "at_most", "more_than", "at_least")
_OFFSET: Final = re.compile(
    r"(?P<n>[0-9]+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*"
    r"(?P<unit>day|week|month|year)s?",
    re.IGNORECASE,
)
_NUMBER_WORDS: Final = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def parse_offset(offset: str | int) -> tuple[int, str]:
    """Return (count, unit) for an offset such as "3 months", "a week" or 8 (days)."""
    if isinstance(offset, bool) or not isinstance(offset, int | str):
        msg = f"offset={offset!r} is a {type(offset).__name__}; expected text such as '3 months'"
        raise DateError(msg)
    if isinstance(offset, int):
        if offset < 0:
            msg = f"offset={offset!r} is negative; pass a positive count and before=True"
            raise DateError(msg)
        return offset, "day"
    match = _OFFSET.fullmatch(offset.strip())
    if match is None:
        msg = (
            f"offset={offset!r} is not an offset; expected a count and a unit such as "
            "'8 days', 'a week', '3 months', 'two years', or an int number of days"
        )
        raise DateError(msg)
    n = match["n"].lower()
    if n.isdigit() and (len(n) > 7 or int(n) > _MAX_COUNT):
        msg = f"offset={offset!r} has a count above {_MAX_COUNT:,}; no calendar reaches that far"
        raise DateError(msg)
    return (int(n) if n.isdigit() else _NUMBER_WORDS[n]), match["unit"].lower()


def shift(d: pendulum.Date, count: int, unit: str, sign: int) -> pendulum.Date:
    """Return *d* moved *count* units forward (*sign* 1) or back (-1), clamped to the calendar."""
    if d in (MIN_DATE, MAX_DATE):
        return d  # an open end stays open
    try:
        if unit in ("day", "week"):
            return from_ordinal(d.toordinal() + sign * count * (7 if unit == "week" else 1))
        months_ = count * (12 if unit == "year" else 1)
        return d.add(months=months_) if sign > 0 else d.subtract(months=months_)
    except (OverflowError, ValueError):
        return MAX_DATE if sign > 0 else MIN_DATE


def relative_bounds(
    anchor: tuple[pendulum.Date, pendulum.Date, str],
    count: int,
    unit: str,
    sign: int,
    qualifier: str,
    slack: int,
) -> tuple[int, int]:
    """Return the ordinal bounds of a relative statement (see ``When.relative``).

    *anchor* is the anchor's earliest day, latest day and text.
    """
    a0, a1, anchor_text = anchor
    s0, s1 = shift(a0, count, unit, sign).toordinal(), shift(a1, count, unit, sign).toordinal()
    if qualifier in ("exactly", "about"):
        pad = slack if qualifier == "about" else 0
        return s0 - pad, s1 + pad
    if qualifier == "less_than" and count == 0:
        msg = f"'less than 0 {unit}s' from {anchor_text} allows no day; use qualifier='exactly'"
        raise DateError(msg)
    strict = sign if qualifier in ("less_than", "more_than") else 0  # one day further out
    if qualifier in ("less_than", "at_most"):
        near = (a0 if sign > 0 else a1).toordinal()
        far = (s1 if sign > 0 else s0) - strict
    else:
        far = MAX_ORDINAL if sign > 0 else MIN_ORDINAL
        near = (s0 if sign > 0 else s1) + strict
    lo, hi = sorted((near, far))
    return lo, hi


def resolve(
    anchor: tuple[pendulum.Date, pendulum.Date, str],
    offset: object,
    before: bool,  # noqa: FBT001 - mirrors When.relative
    qualifier: object,
    slack: object,
) -> tuple[int, str, int, int]:
    """Check the arguments of ``When.relative``; return (count, unit, lo, hi) in ordinals."""
    count, unit = parse_offset(offset)  # type: ignore[arg-type]  # parse_offset checks it
    if qualifier not in QUALIFIER_NAMES:
        msg = f"qualifier={qualifier!r} is not a qualifier; expected one of {QUALIFIER_NAMES}"
        raise DateError(msg)
    if not is_int_in(slack, 0, 10**6):
        what = "negative" if is_int_in(slack, -(10**6), -1) else "not a whole number of days"
        msg = f"slack={slack!r} is {what}; expected a number of days from 0 to 1,000,000"
        raise DateError(msg)
    lo, hi = relative_bounds(anchor, count, unit, -1 if before else 1, str(qualifier), slack)
    return count, unit, lo, hi
