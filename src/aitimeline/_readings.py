"""Readings: what an article's vague words admit, as explicit values passed to a check.

An article says "a week before", "a few days later", "just 2,000 chips" or "almost 700
gigabytes". None of these is a number, and honest readers differ on what they allow. A
:class:`Reading` is one such reader, written down: for each vague duration the range of days it
admits, and for numbers how much rounding, "about" and "almost" allow. Three readings ship,
ordered from the narrowest to the widest: :data:`STRICT`, :data:`DEFAULT` and :data:`LENIENT`.
A reading is a value handed to :func:`aitimeline.claims.check`; there is no global setting.

Every law that claims rely on follows from one property: for each phrase and comparison, the
set of values a reading admits is an interval, and a wider reading's interval contains a
narrower one's. So a claim TRUE under :data:`STRICT` is TRUE under the others, and a claim
FALSE under :data:`LENIENT` is FALSE under the others.

>>> DEFAULT.amount("a week")
DayRange(5, 9)
>>> STRICT.amount("a week"), LENIENT.amount("a few days")
(DayRange(7, 7), DayRange(1, 10))
>>> DEFAULT.admitted_days("less_than", "three months")
(0, 91)
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Final, Literal, TypeAlias

import attrs

from aitimeline._dates import DayRange, months
from aitimeline.exceptions import ClaimError

__all__ = [
    "COMPARISONS",
    "DEFAULT",
    "LENIENT",
    "READINGS",
    "STRICT",
    "VAGUE_DURATIONS",
    "Comparison",
    "Reading",
    "parse_amount",
    "reading_named",
]

Comparison: TypeAlias = Literal[
    "equals", "about", "almost", "just", "less_than", "at_most", "more_than", "at_least"
]
"""How a stated amount is compared: ``equals`` a (possibly rounded) value, ``about`` it,
``almost`` it (a little under), ``just`` it (an emphatic "only": read as ``equals``), or one
of the four inequalities."""
COMPARISONS: Final[tuple[str, ...]] = (
    "equals",
    "about",
    "almost",
    "just",
    "less_than",
    "at_most",
    "more_than",
    "at_least",
)

VAGUE_DURATIONS: Final[tuple[str, ...]] = (
    "a day",
    "a few days",
    "a week",
    "a few weeks",
    "weeks",
    "shortly",
    "a month",
    "a few months",
    "a year",
)
"""The vague durations a :class:`Reading` gives a range of days for."""

_NUMBER_WORDS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_COUNT: Final = re.compile(r"(?P<n>\d+|[a-z]+)\s+(?P<unit>day|week|month|year)s?")
_UNIT_DAYS: Final = {"day": 1, "week": 7}


def _check_range(instance: object, attribute: attrs.Attribute[DayRange], value: object) -> None:
    if not isinstance(value, DayRange) or value.lo < 0:
        msg = (
            f"{type(instance).__name__}.{attribute.name}={value!r} is not a range of days "
            ">= 0; pass a DayRange such as DayRange(5, 9)"
        )
        raise ClaimError(msg)


def _check_fraction(instance: object, attribute: attrs.Attribute[Decimal], value: object) -> None:
    if not isinstance(value, Decimal) or not Decimal(0) <= value < Decimal(1):
        msg = (
            f"{type(instance).__name__}.{attribute.name}={value!r} is not a fraction; "
            "expected a Decimal from 0 (inclusive) to 1 (exclusive)"
        )
        raise ClaimError(msg)


def _to_decimal(value: Decimal | str | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _range(value: DayRange | tuple[int, int] | int) -> DayRange:
    if isinstance(value, DayRange):
        return value
    if isinstance(value, int):
        return DayRange(value, value)
    return DayRange(*value)


@attrs.frozen(kw_only=True)
class Reading:
    """One way of reading vague words: what each admits, written down.

    Durations are ranges of days. ``about`` widens a stated amount by a fraction of itself,
    ``almost`` admits a value up to a fraction under it, and ``rounding`` says how many
    units of a round number's last stated digit it admits either side ("2,000" is stated to
    the thousand: ``rounding=0.5`` admits 1,500 to 2,500; ``0`` admits only 2,000).
    ``generous`` says whether "less than three months" is read against the longest three
    months (91 or 92 days) rather than the shortest (89).
    """

    name: str = attrs.field()
    """The reading's name, shown in every verdict it produces."""
    a_day: DayRange = attrs.field(converter=_range, validator=_check_range)
    """Days admitted by "a day" ("the next day", "a day later")."""
    a_few_days: DayRange = attrs.field(converter=_range, validator=_check_range)
    """Days admitted by "a few days"."""
    a_week: DayRange = attrs.field(converter=_range, validator=_check_range)
    """Days admitted by "a week"."""
    a_few_weeks: DayRange = attrs.field(converter=_range, validator=_check_range)
    """Days admitted by "a few weeks"."""
    weeks: DayRange = attrs.field(converter=_range, validator=_check_range)
    """Days admitted by "weeks", "a matter of weeks", "within weeks"."""
    shortly: DayRange = attrs.field(converter=_range, validator=_check_range)
    """Days admitted by "shortly (after)", "soon after"."""
    a_month: DayRange = attrs.field(converter=_range, validator=_check_range)
    """Days admitted by "a month"."""
    a_few_months: DayRange = attrs.field(converter=_range, validator=_check_range)
    """Days admitted by "a few months"."""
    a_year: DayRange = attrs.field(converter=_range, validator=_check_range)
    """Days admitted by "a year" ("a year ago", "a year after")."""
    about: Decimal = attrs.field(converter=_to_decimal, validator=_check_fraction)
    """The fraction "about N" admits either side of N."""
    almost: Decimal = attrs.field(converter=_to_decimal, validator=_check_fraction)
    """The fraction under N that "almost N" admits (N itself is not "almost N")."""
    rounding: Decimal = attrs.field(converter=_to_decimal, validator=_check_fraction)
    """Units of a round number's last stated digit admitted either side (0 to 1)."""
    generous: bool = attrs.field(default=True)
    """Whether "less/more than N months" compares with the widest reading of N months."""

    def amount(self, text: str) -> DayRange:
        """Return the days an amount such as ``'a week'`` or ``'three months'`` admits.

        Counted amounts are read exactly, whatever the reading: "8 days" is 8,
        "3 weeks" 21, "three months" the 89 to 92 days three calendar months last, and
        "2 years" 730 to 731.

        Raises:
            ClaimError: the text is neither a vague duration nor a count of days, weeks,
                months or years.
        """
        key = " ".join(text.lower().split())
        vague = {
            "a day": self.a_day,
            "a few days": self.a_few_days,
            "a week": self.a_week,
            "a few weeks": self.a_few_weeks,
            "weeks": self.weeks,
            "a matter of weeks": self.weeks,
            "shortly": self.shortly,
            "a month": self.a_month,
            "a few months": self.a_few_months,
            "a year": self.a_year,
        }
        if key in vague:
            return vague[key]
        return parse_amount(text)

    def admitted_days(self, comparison: str, amount: str) -> tuple[int, float]:
        """Return the ``(lo, hi)`` day counts (``hi`` may be ``inf``) a lag claim admits.

        ``about`` widens the amount by :attr:`about`; ``less_than`` and ``at_most`` admit
        zero days up to the amount; ``more_than`` and ``at_least`` from the amount on.
        ``equals`` and ``just`` admit the amount itself. ``almost`` is under the amount.

        Raises:
            ClaimError: an unknown comparison or amount.
        """
        span = self.amount(amount)
        vague = " ".join(amount.lower().split()) in (*VAGUE_DURATIONS, "a matter of weeks")
        # A vague amount's range is already the reading's; a counted one ("three months")
        # is read against its longest or shortest calendar length as *generous* says.
        generous = self.generous or vague
        near, far = (span.hi, span.lo) if generous else (span.lo, span.hi)
        if comparison in ("equals", "just"):
            return (span.lo, span.hi)
        if comparison == "about":
            return (
                math.floor(span.lo * (1 - self.about)),
                math.ceil(span.hi * (1 + self.about)),
            )
        if comparison == "almost":
            return (math.floor(span.lo * (1 - self.almost)), max(span.hi - 1, 0))
        if comparison == "less_than":
            return (0, near - 1)
        if comparison == "at_most":
            return (0, near)
        if comparison == "more_than":
            return (far + 1, math.inf)
        if comparison == "at_least":
            return (far, math.inf)
        msg = f"comparison={comparison!r} is not a comparison; expected one of {COMPARISONS}"
        raise ClaimError(msg)

    def admitted_values(self, comparison: str, stated: Decimal) -> tuple[Decimal, Decimal, str]:
        """Return ``(lo, hi, shape)`` of the values a quantity claim admits.

        *shape* says which ends are included: ``'[]'``, ``'(]'``, ``'[)'`` or ``'()'``,
        with ``lo``/``hi`` of ``-inf``/``inf`` for an open side. A round number is read to
        its last non-zero digit: "2,000" is stated to the thousand, "685bn" to the billion,
        "13.5bn" to the hundred million.

        Raises:
            ClaimError: an unknown comparison.
        """
        inf = Decimal("Infinity")
        step = round_step(stated)
        slack = self.rounding * step
        if comparison in ("equals", "just"):
            return (stated - slack, stated + slack, "[]")
        if comparison == "about":
            pad = max(slack, abs(stated) * self.about)
            return (stated - pad, stated + pad, "[]")
        if comparison == "almost":
            return (stated - abs(stated) * self.almost, stated, "[)")
        if comparison == "less_than":
            return (-inf, stated, "()")
        if comparison == "at_most":
            return (-inf, stated, "(]")
        if comparison == "more_than":
            return (stated, inf, "()")
        if comparison == "at_least":
            return (stated, inf, "[)")
        msg = f"comparison={comparison!r} is not a comparison; expected one of {COMPARISONS}"
        raise ClaimError(msg)

    def describe(self, comparison: str, amount: str) -> str:
        """Return e.g. ``"'a week' reads as 5-9 days"`` for a lag claim's words."""
        lo, hi = self.admitted_days(comparison, amount)
        words = amount if comparison == "equals" else f"{comparison.replace('_', ' ')} {amount}"
        if hi == math.inf:
            return f"'{words}' reads as {lo} days or more"
        text = str(lo) if lo == hi else f"{lo}\N{EN DASH}{int(hi)}"
        return f"'{words}' reads as {text} day{'' if (lo, hi) == (1, 1) else 's'}"


def parse_amount(text: str) -> DayRange:
    """Return the days a counted amount such as ``'8 days'`` or ``'three months'`` lasts.

    >>> parse_amount("three months"), parse_amount("1 year"), parse_amount("2 weeks")
    (DayRange(89, 92), DayRange(365, 366), DayRange(14, 14))

    Raises:
        ClaimError: the text is not a count and a unit.
    """
    match = _COUNT.fullmatch(" ".join(text.lower().split()))
    word = match["n"] if match else ""
    if match is None or not (word.isdigit() or word in _NUMBER_WORDS):
        msg = (
            f"amount={text!r} is not a duration; expected a count and a unit ('8 days', "
            f"'three months', '1 year') or one of {VAGUE_DURATIONS}"
        )
        raise ClaimError(msg)
    n = int(word) if word.isdigit() else _NUMBER_WORDS[word]
    unit = match["unit"]
    if unit in _UNIT_DAYS:
        return DayRange.exact(n * _UNIT_DAYS[unit])
    return months(n * (12 if unit == "year" else 1))


def round_step(stated: Decimal) -> Decimal:
    """Return the place value of the last non-zero digit of *stated* (its rounding step).

    >>> round_step(Decimal(2000)), round_step(Decimal("13.5E9")), round_step(Decimal(109))
    (Decimal('1E+3'), Decimal('1E+8'), Decimal('1'))
    """
    if stated == 0:
        return Decimal(1)
    exponent = stated.normalize().as_tuple().exponent
    if not isinstance(exponent, int):  # pragma: no cover - NaN and infinities are rejected earlier
        return Decimal(1)
    return Decimal(1).scaleb(exponent)


STRICT: Final = Reading(
    name="strict",
    a_day=1,
    a_few_days=(3, 5),
    a_week=7,
    a_few_weeks=(21, 35),
    weeks=(14, 56),
    shortly=(0, 7),
    a_month=(28, 31),
    a_few_months=(89, 153),
    a_year=(365, 366),
    about=Decimal(0),
    almost=Decimal("0.03"),
    rounding=Decimal(0),
    generous=False,
)
"""The narrowest shipped reading: words taken at their dictionary value, numbers as written."""

DEFAULT: Final = Reading(
    name="default",
    a_day=1,
    a_few_days=(2, 7),
    a_week=(5, 9),
    a_few_weeks=(14, 42),
    weeks=(7, 90),
    shortly=(0, 14),
    a_month=(25, 35),
    a_few_months=(60, 183),
    a_year=(335, 396),
    about=Decimal("0.1"),
    almost=Decimal("0.05"),
    rounding=Decimal("0.5"),
)
"""A careful editor's reading: round numbers rounded, "a week" give or take two days."""

LENIENT: Final = Reading(
    name="lenient",
    a_day=(0, 2),
    a_few_days=(1, 10),
    a_week=(4, 10),
    a_few_weeks=(10, 60),
    weeks=(7, 120),
    shortly=(0, 31),
    a_month=(21, 42),
    a_few_months=(45, 240),
    a_year=(300, 430),
    about=Decimal("0.25"),
    almost=Decimal("0.1"),
    rounding=Decimal("0.99"),
)
"""The widest shipped reading: anything a charitable reader would let pass."""

READINGS: Final = (STRICT, DEFAULT, LENIENT)
"""The shipped readings, narrowest first."""


def reading_named(name: str | Reading) -> Reading:
    """Return the shipped reading called *name* (a :class:`Reading` passes through).

    Raises:
        ClaimError: no shipped reading has that name.
    """
    if isinstance(name, Reading):
        return name
    for reading in READINGS:
        if reading.name == name:
            return reading
    names = ", ".join(r.name for r in READINGS)
    msg = f"reading={name!r} is not a shipped reading; expected one of {names}"
    raise ClaimError(msg)
