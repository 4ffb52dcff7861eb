"""Durations known to lie in a range of days: :class:`DayRange`, ``days``, ``weeks``, ``months``."""

from __future__ import annotations

import functools
import itertools
import math
from typing import Final

import attrs

from aitimeline._calendar import MONTH_DAYS, is_int_in, last_day
from aitimeline._truth import Truth, truth_from
from aitimeline.exceptions import DateError

__all__ = ["DayRange", "days", "months", "weeks"]


def _check_range(instance: DayRange, _attribute: attrs.Attribute[int], hi: int) -> None:
    if instance.lo > hi:
        msg = f"DayRange(lo={instance.lo}, hi={hi}) is inverted; expected lo <= hi"
        raise DateError(msg)


_UNITS: Final = ("days", "weeks", "months")


@attrs.frozen(repr=False, order=False)  # order=False: keep our Truth-valued comparisons
class DayRange:
    """A number of days known to lie in ``[lo, hi]``; a single value when ``lo == hi``.

    Comparisons with ``<``, ``<=``, ``>``, ``>=`` return :class:`Truth`, so
    ``lag < weeks(13)`` may be UNKNOWN; ``==`` is structural. Conversions never round:
    weeks are 7 days and months :data:`MONTH_DAYS` (365.2425 / 12) days; only :meth:`format`
    rounds, to the digits asked.

    >>> r = DayRange(32, 90)
    >>> r.format("weeks")
    '4.6\N{EN DASH}12.9 weeks'
    >>> r < weeks(13)
    Truth.TRUE
    >>> r < weeks(10)
    Truth.UNKNOWN
    """

    lo: int = attrs.field(converter=int)
    """The fewest days."""
    hi: int = attrs.field(converter=int, validator=_check_range)
    """The most days."""

    @staticmethod
    def exact(n: int) -> DayRange:
        """Return exactly *n* days."""
        return DayRange(n, n)

    @property
    def days(self) -> tuple[int, int]:
        """Return ``(lo, hi)`` in days."""
        return (self.lo, self.hi)

    @property
    def weeks(self) -> tuple[float, float]:
        """Return ``(lo, hi)`` in weeks of 7 days, unrounded."""
        return (self.lo / 7, self.hi / 7)

    @property
    def months(self) -> tuple[float, float]:
        """Return ``(lo, hi)`` in mean Gregorian months of 365.2425 / 12 days, unrounded."""
        return (self.lo / MONTH_DAYS, self.hi / MONTH_DAYS)

    @property
    def is_exact(self) -> bool:
        """Whether the range is one value."""
        return self.lo == self.hi

    def contains(self, n_days: int) -> bool:
        """Return whether *n_days* lies in the range."""
        return self.lo <= n_days <= self.hi

    def format(self, unit: str = "weeks", digits: int = 1) -> str:
        """Return e.g. ``'11.0 weeks'`` or ``'4.6-12.9 weeks'`` (with an en dash), rounded.

        Args:
            unit: ``"days"`` (shown as whole days), ``"weeks"`` or ``"months"``.
            digits: decimal places for weeks and months.
        """
        if unit not in _UNITS:
            msg = f"unit={unit!r} is not a unit; expected one of {_UNITS}"
            raise DateError(msg)
        if unit == "days":
            text = str(self.lo) if self.is_exact else f"{self.lo}\N{EN DASH}{self.hi}"
            return f"{text} day{'' if self.days == (1, 1) else 's'}"
        lo, hi = self.weeks if unit == "weeks" else self.months
        text = f"{lo:.{digits}f}" if self.is_exact else f"{lo:.{digits}f}\N{EN DASH}{hi:.{digits}f}"
        return f"{text} {unit}"

    def __str__(self) -> str:
        """Return the range in weeks with one decimal."""
        return self.format("weeks")

    def __repr__(self) -> str:
        """Return ``DayRange(lo, hi)``."""
        return f"DayRange({self.lo}, {self.hi})"

    def __neg__(self) -> DayRange:
        """Return the range with its sign flipped."""
        return DayRange(-self.hi, -self.lo)

    def __add__(self, other: DayRange | int) -> DayRange:
        """Return the range of sums."""
        if isinstance(other, int):
            return DayRange(self.lo + other, self.hi + other)
        if isinstance(other, DayRange):
            return DayRange(self.lo + other.lo, self.hi + other.hi)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: DayRange | int) -> DayRange:
        """Return the range of differences."""
        if isinstance(other, int | DayRange):
            return self + (-other)
        return NotImplemented

    def _compare(self, o: DayRange, *, strict: bool) -> Truth:
        if strict:
            return truth_from(possible=self.lo < o.hi, certain=self.hi < o.lo)
        return truth_from(possible=self.lo <= o.hi, certain=self.hi <= o.lo)

    def __lt__(self, other: DayRange) -> Truth:
        """Return whether every value is less than every value of *other*, as a Truth."""
        if not isinstance(other, DayRange):
            return NotImplemented
        return self._compare(other, strict=True)

    def __le__(self, other: DayRange) -> Truth:
        """Return ``<=`` as a Truth."""
        if not isinstance(other, DayRange):
            return NotImplemented
        return self._compare(other, strict=False)

    def __gt__(self, other: DayRange) -> Truth:
        """Return ``>`` as a Truth."""
        if not isinstance(other, DayRange):
            return NotImplemented
        return other._compare(self, strict=True)

    def __ge__(self, other: DayRange) -> Truth:
        """Return ``>=`` as a Truth."""
        if not isinstance(other, DayRange):
            return NotImplemented
        return other._compare(self, strict=False)


def days(n: int) -> DayRange:
    """Return exactly *n* days.

    >>> days(77).format("weeks")
    '11.0 weeks'
    """
    return DayRange(n, n)


def weeks(n: float) -> DayRange:
    """Return *n* weeks of 7 days (a fractional number of days widens to the whole days around it).

    >>> weeks(13)
    DayRange(91, 91)
    >>> weeks(1.5)
    DayRange(10, 11)
    """
    total = n * 7
    return DayRange(math.floor(total), math.ceil(total))


@functools.cache
def _month_window_lengths(n: int) -> tuple[int, int]:
    lengths = [
        last_day(year, month) for year, month in itertools.product(range(2000, 2400), range(1, 13))
    ]
    cycle = lengths + lengths[:n]  # the Gregorian calendar repeats every 400 years
    window = sum(cycle[:n])
    lo = hi = window
    for i in range(1, len(lengths)):
        window += cycle[i + n - 1] - cycle[i - 1]
        lo, hi = min(lo, window), max(hi, window)
    return lo, hi


def months(n: int) -> DayRange:
    """Return the range of lengths of *n* consecutive calendar months.

    "Three months" is 89 to 92 days depending on which months; the honest duration is that
    range, so ``lag < months(3)`` is UNKNOWN for a lag of 90 days.

    >>> months(1)
    DayRange(28, 31)
    >>> months(3)
    DayRange(89, 92)
    >>> months(12)
    DayRange(365, 366)
    """
    if not is_int_in(n, 0, 1200):
        msg = f"n={n!r} is not a whole number of months from 0 to 1200"
        raise DateError(msg)
    if n == 0:
        return DayRange(0, 0)
    return DayRange(*_month_window_lengths(n))
