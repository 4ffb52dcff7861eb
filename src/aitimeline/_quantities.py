"""Typed quantities: exact amounts a bare number would leave ambiguous.

Layer: after ``_validation``, before ``_codec``. :class:`Money` is an exact decimal amount in
an ISO 4217 currency, :class:`Parameters` a model's parameter count and :class:`ChipHours`
accelerator-hours of compute. Each reads a short text (``'$619M'``, ``'671B'``,
``'2.788M'``) and writes it back exactly; numbers are read with ASCII digits only.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

import attrs

from aitimeline._validation import matches, satisfies, short
from aitimeline.exceptions import InvalidEventError

__all__ = ["ChipHours", "Money", "Parameters", "scaled", "to_decimal"]


def to_decimal(value: Decimal | int | str, name: str) -> Decimal:
    """Return *value* as an exact, finite Decimal (a float reads as the decimal it prints as)."""
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            # str() first: a float becomes the decimal it prints as (0.1 -> '0.1'), not its
            # binary expansion; True and None are rejected.
            text = str(value).replace("_", "").strip()
            result = Decimal(text) if text.isascii() else Decimal("NaN")  # ASCII digits only
        except InvalidOperation:
            result = Decimal("NaN")
        if isinstance(value, bool):
            result = Decimal("NaN")
    if not result.is_finite():
        msg = f"{name}={short(value)} is invalid; expected a finite decimal such as '619000000'"
        raise InvalidEventError(msg)
    return result


def _to_amount(value: Decimal | int | str) -> Decimal:
    """Return an exact Decimal for a money amount (a str, int or Decimal)."""
    return to_decimal(value, "amount")


_SCALES: Final = (("T", 12), ("B", 9), ("M", 6))
_SUFFIX_EXPONENT: Final = {"K": 3, "M": 6, "B": 9, "T": 12}
_NUMBER: Final = r"(?P<number>[0-9][0-9,_]*(?:\.[0-9]+)?|\.[0-9]+)\s*(?P<suffix>[KkMmBbTt])?"


def _shift10(value: Decimal, places: int) -> Decimal:
    """Return ``value * 10**places`` exactly (no context rounding)."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - callers pass finite values
        return value
    return Decimal((sign, digits, exponent + places))


def _plain(value: Decimal, *, grouping: bool = False) -> str:
    """Format *value* in fixed point without trailing fractional zeros."""
    text = format(value, ",f" if grouping else "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def scaled(value: Decimal) -> str:
    """Format ``abs(value)`` with a T/B/M suffix when it is that large ("5.576M")."""
    magnitude = value.copy_abs()  # exact: abs() would round to the context precision
    for suffix, places in _SCALES:
        if magnitude >= _shift10(Decimal(1), places):
            return _plain(_shift10(magnitude, -places)) + suffix
    return _plain(magnitude, grouping=True)


def _read_number(number: str, suffix: str | None) -> Decimal:
    value = Decimal(number.replace(",", "").replace("_", ""))
    if suffix:
        value = _shift10(value, _SUFFIX_EXPONENT[suffix.upper()])
    return Decimal(format(value, "f"))  # plain digits: '619000000', not '6.19E+8'


def _count(value: object, what: str, example: str) -> int:
    """Return a positive int from an int or a text such as ``'671B'`` or ``'2.788M'``."""
    if isinstance(value, str):
        match = re.fullmatch(_NUMBER, value.strip())
        number = _read_number(match["number"], match["suffix"]) if match else None
        if number is None or number != number.to_integral_value() or number <= 0:
            msg = (
                f"{what}={value!r} is invalid; expected a positive whole number, or a text "
                f"such as {example!r}"
            )
            raise InvalidEventError(msg)
        return int(number)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        msg = (
            f"{what}={short(value)} is invalid; "
            f"expected a positive int or a text such as {example!r}"
        )
        raise InvalidEventError(msg)
    return value


def _to_parameter_count(value: int | str) -> int:
    """Read a parameter count: an int, or a text such as ``'671B'`` or ``'32.5B'``."""
    return _count(value, "count", "671B")


def _to_hours(value: int | str) -> int:
    """Read a number of chip-hours: an int, or a text such as ``'2.788M'``."""
    return _count(value, "hours", "2.788M")


@attrs.frozen(order=True, repr=False)
class Parameters:
    """The number of parameters (weights) of a model.

    Build one from an int or a text with a K/M/B/T suffix; ``str`` gives the short form.

    >>> Parameters("671B").count
    671000000000
    >>> str(Parameters(32_500_000_000)), Parameters("1T") > Parameters("671B")
    ('32.5B', True)
    """

    count: int = attrs.field(converter=_to_parameter_count)
    """How many parameters, exactly."""

    def __str__(self) -> str:
        """Return the short form, e.g. ``'671B'``."""
        return scaled(Decimal(self.count))

    def __repr__(self) -> str:
        """Return ``Parameters('671B')``."""
        return f"Parameters({str(self)!r})"


@attrs.frozen(order=True, repr=False)
class ChipHours:
    """Accelerator-hours (GPU- or TPU-hours) of compute, e.g. a training run's budget.

    >>> str(ChipHours("2.788M")), ChipHours(30_840_000).hours
    ('2.788M chip-hours', 30840000)
    """

    hours: int = attrs.field(converter=_to_hours)
    """How many chip-hours, exactly."""

    def __str__(self) -> str:
        """Return the short form, e.g. ``'2.788M chip-hours'``."""
        return f"{scaled(Decimal(self.hours))} chip-hours"

    def __repr__(self) -> str:
        """Return ``ChipHours('2.788M')``."""
        return f"ChipHours({scaled(Decimal(self.hours))!r})"


_SYMBOLS: Final = {"USD": "$", "HKD": "HK$", "CNY": "CN¥", "EUR": "€", "GBP": "£", "JPY": "JP¥"}
_BY_SYMBOL: Final = {symbol: code for code, symbol in _SYMBOLS.items()}
_MONEY: Final = re.compile(
    r"(?P<sign>-)?\s*(?P<symbol>HK\$|CN¥|JP¥|\$|€|£)?\s*" + _NUMBER + r"(?:\s+(?P<code>[A-Z]{3}))?"
)


_check_currency: Final = satisfies(
    matches(re.compile("[A-Z]{3}")), "an ISO 4217 code of three capitals, e.g. 'USD'"
)


@attrs.frozen(repr=False)
class Money:
    """An exact amount of money in one currency.

    The amount is a :class:`~decimal.Decimal` (pass a str, int or Decimal: no float rounding);
    the currency an ISO 4217 code. ``str`` gives a readable short form that :meth:`parse`
    reads back exactly.

    >>> raised = Money("619000000", "USD")
    >>> str(raised), str(Money("4.35e9", "HKD")), str(Money(534_700, "USD"))
    ('$619M', 'HK$4.35B', '$534,700')
    >>> Money.parse("$13.5B") == Money("13500000000", "USD")
    True
    """

    amount: Decimal = attrs.field(converter=_to_amount)
    """The amount, exact."""
    currency: str = attrs.field(validator=_check_currency)
    """The ISO 4217 currency code, such as ``'USD'``, ``'HKD'`` or ``'CNY'``."""

    @staticmethod
    def parse(text: str) -> Money:
        """Read ``'$619M'``, ``'HK$4.35B'``, ``'-$590B'``, ``'1.2M CHF'`` or ``'619000000 USD'``.

        Suffixes K, M, B and T scale by a thousand, million, billion and trillion.

        Raises:
            InvalidEventError: the text is not an amount with a currency.
        """
        match = _MONEY.fullmatch(text.strip())
        if match is None or (match["symbol"] is None) == (match["code"] is None):
            msg = (
                f"cannot read {text!r} as money; expected a currency symbol or code and an "
                "amount, such as '$619M', 'HK$4.35B' or '619000000 USD'"
            )
            raise InvalidEventError(msg)
        amount = _read_number(match["number"], match["suffix"])
        code = match["code"] or _BY_SYMBOL[match["symbol"]]
        return Money(amount.copy_negate() if match["sign"] else amount, code)

    def __str__(self) -> str:
        """Return the short form, e.g. ``'$619M'`` or ``'1.2M CHF'``."""
        sign = "-" if self.amount < 0 else ""
        symbol = _SYMBOLS.get(self.currency)
        if symbol is None:
            return f"{sign}{scaled(self.amount)} {self.currency}"
        return f"{sign}{symbol}{scaled(self.amount)}"

    def __repr__(self) -> str:
        """Return ``Money('619000000', 'USD')``."""
        return f"Money({str(self.amount)!r}, {self.currency!r})"
