"""One way to validate: a few combinators that build attrs validators with our messages.

Layer: the lowest, beside ``exceptions`` and ``_vocab``. Every record field is checked by a
validator built here, and every refusal reads the same way::

    Release(id='x'): model='' is invalid; expected a non-empty string

The combinators:

- :func:`satisfies` -- a test of the value and what was expected when it fails;
- :func:`optional` -- None passes, anything else goes to the inner validator;
- :func:`each` -- every item of a collection passes a test (the message names the item);
- :func:`one_of` -- the value is one of a few choices;
- :func:`interval` -- a number (not a bool) within inclusive bounds, optionally whole;
- :func:`instance` -- an instance of a class (with an example of one in the message).

Function arguments are checked the same way, without an owner: :func:`argument` with a test
such as :func:`within`, raising the caller's error class (``MetricError`` for the metrics)::

    tolerance=-0.1 is invalid; expected a finite number >= 0

>>> import attrs
>>> @attrs.frozen
... class Box:
...     size: int = attrs.field(validator=interval(1, None, whole=True, expected="a count"))
>>> Box(0)
Traceback (most recent call last):
...
aitimeline.exceptions.InvalidEventError: Box: size=0 is invalid; expected a count
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Collection
from typing import Any, NoReturn, TypeAlias

import attrs

from aitimeline._vocab import COUNTRY_CODES, REGIONS, SLUG, country_hint
from aitimeline.exceptions import InvalidEventError, TimelineError

__all__ = [
    "Named",
    "Validator",
    "argument",
    "country_code",
    "each",
    "instance",
    "interval",
    "one_of",
    "optional",
    "owner",
    "reject",
    "satisfies",
    "short",
    "within",
]

Validator: TypeAlias = Callable[[Any, "attrs.Attribute[Any]", Any], None]
"""What attrs calls to check a field: ``validator(instance, attribute, value)``."""


def short(value: object, limit: int = 80) -> str:
    """Return ``repr(value)``, cut to *limit* characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@attrs.frozen
class Named:
    """Stands for a record not built yet, so its errors name it as the built one's would."""

    cls: str
    id: object

    def __str__(self) -> str:
        """Return ``Cls(id='x')``, or ``Cls`` without an id."""
        return f"{self.cls}(id={self.id!r})" if isinstance(self.id, str) else self.cls


def owner(instance: object) -> str:
    """Name the record being built, with its id when it has one."""
    if isinstance(instance, Named):
        return str(instance)
    name = type(instance).__name__
    event_id = getattr(instance, "id", None)
    return f"{name}(id={event_id!r})" if isinstance(event_id, str) else name


def reject(instance: object, name: str, value: object, expected: str) -> NoReturn:
    """Raise the one error every check raises: owner, field, value and what was expected."""
    msg = f"{owner(instance)}: {name}={short(value)} is invalid; expected {expected}"
    raise InvalidEventError(msg)


def satisfies(test: Callable[[Any], bool], expected: str, *, alias: bool = False) -> Validator:
    """Return a validator that rejects a value for which *test* is false.

    Args:
        test: The property a good value has.
        expected: What the message says was expected.
        alias: Name the field by its constructor alias (``country`` for ``_country``).
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not test(value):
            name = (attribute.alias or attribute.name) if alias else attribute.name
            reject(instance, name, value, expected)

    return check


def optional(inner: Validator) -> Validator:
    """Return a validator that lets None through and checks anything else with *inner*."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def each(test: Callable[[Any], bool], expected: Callable[[object], str]) -> Validator:
    """Return a validator that checks every item of a collection with *test*.

    The message shows the whole collection and ``expected(item)`` for the first bad item.
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        items = value if isinstance(value, (tuple, frozenset, list)) else (value,)
        for item in items:
            if not test(item):
                reject(instance, attribute.name, value, expected(item))

    return check


def one_of(choices: Collection[str]) -> Validator:
    """Return a validator accepting exactly the strings in *choices*."""
    return satisfies(
        lambda v: isinstance(v, str) and v in choices, f"one of {', '.join(map(repr, choices))}"
    )


def interval(
    lo: float | None, hi: float | None, *, whole: bool = False, expected: str
) -> Validator:
    """Return a validator for a number (never a bool) with ``lo <= value <= hi``.

    A bound of None is open; *whole* asks for an ``int``. NaN and infinities are refused.
    """

    def test(value: object) -> bool:
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or value - value != 0:
            return False
        return (lo is None or value >= lo) and (hi is None or value <= hi)

    return satisfies(test, expected)


def instance(kind: type, example: str = "") -> Validator:
    """Return a validator accepting an instance of *kind*."""
    such = f" such as {example}" if example else ""
    return satisfies(lambda v: isinstance(v, kind), f"a {kind.__name__}{such}")


def country_code(instance: object, name: str, value: object) -> None:
    """Check one country or region code (None passes), suggesting the likely one."""
    if value is None or (isinstance(value, str) and (value in COUNTRY_CODES or value in REGIONS)):
        return
    fixed = country_hint(value) if isinstance(value, str) else None
    hint = f" (did you mean {fixed!r}?)" if fixed else ""
    regions = ", ".join(repr(r) for r in REGIONS)
    reject(
        instance,
        name,
        value,
        f"an upper-case ISO 3166-1 alpha-2 code such as 'US' or 'CN', one of the regions "
        f"{regions}, or None{hint}",
    )


def is_slug(value: object) -> bool:
    """Tell whether *value* is a slug such as ``'deepseek-r1'``."""
    return isinstance(value, str) and SLUG.fullmatch(value) is not None


def is_text(value: object) -> bool:
    """Tell whether *value* is a string with something besides blanks."""
    return isinstance(value, str) and bool(value.strip())


def matches(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    """Return a test for a string that *pattern* matches in full."""
    return lambda v: isinstance(v, str) and pattern.fullmatch(v) is not None


def argument(
    name: str,
    value: object,
    test: Callable[[Any], bool],
    expected: str,
    *,
    error: type[TimelineError],
) -> None:
    """Check a function's argument as a validator checks a field, raising *error*.

    >>> from aitimeline.exceptions import MetricError
    >>> argument("levels", 1, within(2, None, whole=True), "an integer >= 2", error=MetricError)
    Traceback (most recent call last):
    ...
    aitimeline.exceptions.MetricError: levels=1 is invalid; expected an integer >= 2
    """
    if not test(value):
        msg = f"{name}={short(value)} is invalid; expected {expected}"
        raise error(msg)


def within(
    lo: float | None, hi: float | None, *, whole: bool = False, open_ends: bool = False
) -> Callable[[object], bool]:
    """Return a test for a finite real number (numpy's too, never a bool) in ``[lo, hi]``.

    A bound of None is open; *open_ends* leaves the given bounds out (``(lo, hi)``); *whole*
    asks for an integral value.
    """

    def test(value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return False
        v = float(value)
        if not math.isfinite(v) or (whole and not v.is_integer()):
            return False
        if open_ends:
            return (lo is None or v > lo) and (hi is None or v < hi)
        return (lo is None or v >= lo) and (hi is None or v <= hi)

    return test
