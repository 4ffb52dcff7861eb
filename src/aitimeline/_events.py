"""Typed, sourced event records: what happened, when, and who says so.

Every event is an immutable attrs record with an ``id`` (a slug such as ``"deepseek-r1"``), a
``when`` (a :class:`~aitimeline.When` instant or a :class:`~aitimeline.Span` period), a title,
the actors involved, a country, tags, the :class:`Source` objects that report it and the
:class:`DateClaim` each source makes about its date. The verified date is ``when``; what each
source said (``"in September"``, ``"a week before that"``) is kept beside it, never dropped.

Kinds of event are subclasses of :class:`Event` that add typed fields: :class:`Release`,
:class:`ExportControl`, :class:`IPO`, :class:`Policy`, :class:`Founding`, :class:`Score`,
:class:`Statement`, :class:`Publication`, :class:`Milestone`, :class:`Hardware`,
:class:`PriceChange` and :class:`Investment`. Each has a ``kind`` name (``"release"``,
``"export_control"``, ...), and :data:`EVENT_KINDS` maps the names back to the classes.

Amounts that a bare number would leave ambiguous are typed: :class:`Money` (an exact decimal
amount and an ISO 4217 currency), :class:`Parameters` (a model's parameter count) and
:class:`ChipHours` (accelerator-hours of training compute).

>>> from aitimeline import When
>>> r1 = Release(
...     id="deepseek-r1", when="2025-01-20", title="DeepSeek-R1 released", model="DeepSeek-R1",
...     country="CN", capabilities={"reasoning"}, open_weights=True,
...     parameters=Parameters("671B"), active_parameters=Parameters("37B"),
... )
>>> r1.kind, sorted(r1.all_tags)
('release', ['open-weights', 'reasoning'])
>>> str(r1.parameters), r1.when.precision.name
('671B', 'DAY')

Two plain representations are shared by every reader and writer in the package:

* :func:`event_to_dict` / :func:`event_from_dict`: the JSON object of one event (the
  ``aitimeline/1`` file format of :mod:`aitimeline.io` is a list of these);
* :func:`event_to_row` / :func:`event_from_row`: one flat row of strings with the columns
  :data:`ROW_COLUMNS` (the CSV form, and the pandas form of ``Timeline.to_pandas``).

Both are lossless: ``event_from_dict(event_to_dict(e)) == e`` and
``event_from_row(event_to_row(e), where=...) == e`` for every event.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, ClassVar, Final, Literal, NoReturn, TypeAlias, TypeVar

import attrs
import pendulum

from aitimeline._dates import RelativeWhen, Span, When
from aitimeline.exceptions import DateError, InvalidEventError, TimelineError

__all__ = [
    "COUNTRY_CODES",
    "EVENT_KINDS",
    "EXPORT_ACTIONS",
    "IPO",
    "REGIONS",
    "RELEASE_STAGES",
    "ROW_COLUMNS",
    "ChipHours",
    "DateClaim",
    "Event",
    "ExportAction",
    "ExportControl",
    "Founding",
    "Hardware",
    "Investment",
    "JSONValue",
    "Milestone",
    "Money",
    "Parameters",
    "Policy",
    "PriceChange",
    "Publication",
    "Release",
    "Score",
    "Source",
    "Statement",
    "Training",
    "event_from_dict",
    "event_from_row",
    "event_to_dict",
    "event_to_row",
    "row_columns",
]

JSONValue: TypeAlias = "bool | int | float | str | list[JSONValue] | dict[str, JSONValue] | None"
"""A value that :func:`json.dumps` writes and :func:`json.loads` returns."""

# --------------------------------------------------------------------------------------------
# Vocabularies

COUNTRY_CODES: Final = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
    """.split()  # noqa: SIM905 - a block of codes is easier to check than 249 quoted strings
)
"""The 249 officially assigned ISO 3166-1 alpha-2 country codes (``"US"``, ``"CN"``, ``"GB"``)."""

REGIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "EU": "the European Union",
        "INTL": "an international organisation, or several countries acting together",
    }
)
"""Codes other than countries that ``Event.country`` accepts, with what each stands for."""

_COUNTRY_HINTS: Final = {"UK": "GB", "EL": "GR", "USA": "US", "PRC": "CN", "CHN": "CN"}

ExportAction: TypeAlias = Literal["ban", "tighten", "lift", "licence"]
"""What an export control does: impose a ban, tighten, lift, or set licensing terms."""
EXPORT_ACTIONS: Final[tuple[str, ...]] = ("ban", "tighten", "lift", "licence")
"""The values :attr:`ExportControl.action` accepts."""

ReleaseStage: TypeAlias = Literal["announced", "preview", "released"]
"""How far a release got: shown but not usable, usable as a preview, or generally available."""
RELEASE_STAGES: Final[tuple[str, ...]] = ("announced", "preview", "released")
"""The values :attr:`Release.stage` accepts."""

_SLUG: Final = re.compile(r"[a-z0-9][a-z0-9-]*")
_KEY: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

# --------------------------------------------------------------------------------------------
# Validation helpers


def _short(value: object, limit: int = 80) -> str:
    """Return ``repr(value)``, cut to *limit* characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _owner(instance: object) -> str:
    """Name the record being built, with its id when it has one."""
    if isinstance(instance, _Named):
        return str(instance)
    name = type(instance).__name__
    event_id = getattr(instance, "id", None)
    return f"{name}(id={event_id!r})" if isinstance(event_id, str) else name


@attrs.frozen
class _Named:
    """Stands for a record not built yet, so its errors name it as the built one's would."""

    cls: str
    id: object

    def __str__(self) -> str:
        return f"{self.cls}(id={self.id!r})" if isinstance(self.id, str) else self.cls


def _reject(instance: object, name: str, value: object, expected: str) -> NoReturn:
    msg = f"{_owner(instance)}: {name}={_short(value)} is invalid; expected {expected}"
    raise InvalidEventError(msg)


def _check_slug(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not (isinstance(value, str) and _SLUG.fullmatch(value)):
        _reject(
            instance,
            attribute.name,
            value,
            "a slug of lower-case letters, digits and hyphens that starts with a letter or "
            "digit, such as 'deepseek-r1'",
        )


def _check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        _reject(instance, attribute.name, value, "a string ('' when unknown)")


def _check_required_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not (isinstance(value, str) and value.strip()):
        _reject(instance, attribute.name, value, "a non-empty string")


def _check_country(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_code(instance, attribute.alias or attribute.name, value)


def _check_preview(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        _reject(instance, attribute.alias or "preview", value, "True or False")


def _check_code(instance: object, name: str, value: object) -> None:
    if value is None or (isinstance(value, str) and (value in COUNTRY_CODES or value in REGIONS)):
        return
    hint = ""
    if isinstance(value, str):
        fixed = _COUNTRY_HINTS.get(value.upper(), value.upper())
        if fixed in COUNTRY_CODES or fixed in REGIONS:
            hint = f" (did you mean {fixed!r}?)"
    regions = ", ".join(repr(r) for r in REGIONS)
    _reject(
        instance,
        name,
        value,
        f"an upper-case ISO 3166-1 alpha-2 code such as 'US' or 'CN', one of the regions "
        f"{regions}, or None{hint}",
    )


def _check_countries(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):  # pragma: no cover - the converter ensures it
        _reject(instance, attribute.name, value, "a tuple of country codes")
    for item in value:
        _check_code(instance, attribute.name, item)
    if len(set(value)) != len(value):
        _reject(instance, attribute.name, value, "each country once (the main one first)")


def _check_stage(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in RELEASE_STAGES:
        _reject(instance, attribute.name, value, f"one of {', '.join(map(repr, RELEASE_STAGES))}")


def _check_optional_slug(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_slug(instance, attribute, value)


def _check_text_items(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, (tuple, frozenset)):  # pragma: no cover - the converter ensures it
        _reject(instance, attribute.name, value, "a tuple of strings")
    for item in value:
        if not (isinstance(item, str) and item.strip()):
            _reject(instance, attribute.name, value, f"non-empty strings, not {item!r}")


def _check_slug_items(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, (tuple, frozenset)):  # pragma: no cover - the converter ensures it
        _reject(instance, attribute.name, value, "a collection of slugs")
    for item in value:
        if not (isinstance(item, str) and _SLUG.fullmatch(item)):
            _reject(
                instance,
                attribute.name,
                value,
                f"slugs of lower-case letters, digits and hyphens (such as 'open-weights'), "
                f"not {item!r}",
            )


def _check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        _reject(instance, attribute.name, value, "True or False")


def _check_optional_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        _reject(instance, attribute.name, value, "True, False or None (unknown)")


def _check_optional_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        _reject(instance, attribute.name, value, "a positive whole number (int) or None")


def _check_float(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
        _reject(instance, attribute.name, value, "a finite number (not NaN or infinity)")


def _check_optional_float(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_float(instance, attribute, value)


def _finite(value: float) -> bool:
    return value - value == 0


def _check_optional_decimal(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None and not (isinstance(value, Decimal) and value.is_finite()):
        _reject(instance, attribute.name, value, "a finite Decimal or None")


def _check_url(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or (value and not value.startswith(("https://", "http://"))):
        _reject(instance, attribute.name, value, "'' or an absolute URL starting with https://")


def _check_key(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or (value and not _KEY.fullmatch(value)):
        _reject(instance, attribute.name, value, "'' or a short key such as 'A000'")


def _check_optional_when(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, When):
        _reject(instance, attribute.name, value, "a When or None")


def _check_optional_span(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Span):
        _reject(instance, attribute.name, value, "a Span (the period in force) or None")


def _check_action(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in EXPORT_ACTIONS:
        _reject(instance, attribute.name, value, f"one of {', '.join(map(repr, EXPORT_ACTIONS))}")


def _check_sources(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    for item in value if isinstance(value, tuple) else (value,):
        if not isinstance(item, Source):
            _reject(instance, attribute.name, value, f"Source objects, not {_short(item)}")


def _check_claims(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    for item in value if isinstance(value, tuple) else (value,):
        if not isinstance(item, DateClaim):
            _reject(instance, attribute.name, value, f"DateClaim objects, not {_short(item)}")


def _optional_instance(kind: type, example: str) -> Callable[[object, Any, object], None]:
    """Return a validator accepting None or an instance of *kind*."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, kind):
            expected = f"a {kind.__name__} such as {example}, or None"
            _reject(instance, attribute.name, value, expected)

    return check


# --------------------------------------------------------------------------------------------
# Converters (named, one per field family; attrs and mypy read their signatures)


def _text_tuple(value: Iterable[str] | str, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        msg = f"{name}={_short(value)} is invalid; expected a tuple of strings"
        raise InvalidEventError(msg) from None


def _text_set(value: Iterable[str] | str, name: str) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset((value,))
    try:
        return frozenset(value)
    except TypeError:
        msg = f"{name}={_short(value)} is invalid; expected a set of strings"
        raise InvalidEventError(msg) from None


def _to_actors(value: Iterable[str] | str) -> tuple[str, ...]:
    """Make ``actors`` a tuple; a single string is one actor."""
    return _text_tuple(value, "actors")


def _to_names(value: Iterable[str] | str) -> tuple[str, ...]:
    """Make a list of names (authors, founders, investors, items) a tuple."""
    return _text_tuple(value, "names")


def _to_countries(value: Iterable[str] | str) -> tuple[str, ...]:
    """Make ``countries`` a tuple; a single string is one country."""
    return _text_tuple(value, "countries")


def _to_ids(value: Iterable[str] | str) -> tuple[str, ...]:
    """Make a list of event ids a tuple; a single string is one id."""
    return _text_tuple(value, "ids")


def _to_tags(value: Iterable[str] | str) -> frozenset[str]:
    """Make ``tags`` (or ``capabilities``) a frozenset; a single string is one tag."""
    return _text_set(value, "tags")


def _to_sources(value: Iterable[Source] | Source) -> tuple[Source, ...]:
    """Make ``sources`` a tuple; a single Source is one source."""
    if isinstance(value, Source):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        msg = f"sources={_short(value)} is invalid; expected a tuple of Source"
        raise InvalidEventError(msg) from None


def _to_claims(value: Iterable[DateClaim] | DateClaim) -> tuple[DateClaim, ...]:
    """Make ``date_claims`` a tuple; a single DateClaim is one claim."""
    if isinstance(value, DateClaim):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        msg = f"date_claims={_short(value)} is invalid; expected a tuple of DateClaim"
        raise InvalidEventError(msg) from None


def _to_temporal(value: When | Span | str | dt.date) -> When | Span:
    """Return *value* if it is a When or Span, else parse it as a When."""
    if isinstance(value, (When, Span)):
        return value
    try:
        return When.parse(value)
    except DateError as exc:
        msg = f"when={_short(value)} is not a date: {exc}"
        raise InvalidEventError(msg) from None


def _to_when(value: When | str | dt.date) -> When:
    """Return *value* if it is a When, else parse it."""
    try:
        return When.coerce(value)
    except DateError as exc:
        msg = f"when={_short(value)} is not a date: {exc}"
        raise InvalidEventError(msg) from None


def _to_optional_when(value: When | str | dt.date | None) -> When | None:
    """Return None, a When, or *value* parsed as a When."""
    if value is None:
        return None
    try:
        return When.coerce(value)
    except DateError as exc:
        msg = f"published={_short(value)} is not a date: {exc}"
        raise InvalidEventError(msg) from None


def _decimal(value: Decimal | int | str, name: str) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            # str() first: a float becomes the decimal it prints as (0.1 -> '0.1'), not its
            # binary expansion; True and None are rejected.
            result = Decimal(str(value).replace("_", "").strip())
        except InvalidOperation:
            result = Decimal("NaN")
        if isinstance(value, bool):
            result = Decimal("NaN")
    if not result.is_finite():
        msg = f"{name}={_short(value)} is invalid; expected a finite decimal such as '619000000'"
        raise InvalidEventError(msg)
    return result


def _to_amount(value: Decimal | int | str) -> Decimal:
    """Return an exact Decimal for a money amount (a str, int or Decimal)."""
    return _decimal(value, "amount")


def _to_percent_change(value: Decimal | int | str | None) -> Decimal | None:
    """Return None or the exact Decimal of a percentage change."""
    return None if value is None else _decimal(value, "first_day_change")


def _to_figure(value: Decimal | int | str | None) -> Decimal | None:
    """Return None or the exact Decimal of a milestone's figure."""
    return None if value is None else _decimal(value, "value")


# --------------------------------------------------------------------------------------------
# Quantities

_SCALES: Final = (("T", 12), ("B", 9), ("M", 6))
_SUFFIX_EXPONENT: Final = {"K": 3, "M": 6, "B": 9, "T": 12}
_NUMBER: Final = r"(?P<number>\d[\d,_]*(?:\.\d+)?|\.\d+)\s*(?P<suffix>[KkMmBbTt])?"


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


def _scaled(value: Decimal) -> str:
    """Format ``abs(value)`` with a T/B/M suffix when it is that large ("5.576M")."""
    magnitude = abs(value)
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
            f"{what}={_short(value)} is invalid; "
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
        return _scaled(Decimal(self.count))

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
        return f"{_scaled(Decimal(self.hours))} chip-hours"

    def __repr__(self) -> str:
        """Return ``ChipHours('2.788M')``."""
        return f"ChipHours({_scaled(Decimal(self.hours))!r})"


_SYMBOLS: Final = {"USD": "$", "HKD": "HK$", "CNY": "CN¥", "EUR": "€", "GBP": "£", "JPY": "JP¥"}
_BY_SYMBOL: Final = {symbol: code for code, symbol in _SYMBOLS.items()}
_MONEY: Final = re.compile(
    r"(?P<sign>-)?\s*(?P<symbol>HK\$|CN¥|JP¥|\$|€|£)?\s*" + _NUMBER + r"(?:\s+(?P<code>[A-Z]{3}))?"
)


def _check_currency(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not (isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value)):
        _reject(instance, attribute.name, value, "an ISO 4217 code of three capitals, e.g. 'USD'")


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
        return Money(-amount if match["sign"] else amount, code)

    def __str__(self) -> str:
        """Return the short form, e.g. ``'$619M'`` or ``'1.2M CHF'``."""
        sign = "-" if self.amount < 0 else ""
        symbol = _SYMBOLS.get(self.currency)
        if symbol is None:
            return f"{sign}{_scaled(self.amount)} {self.currency}"
        return f"{sign}{symbol}{_scaled(self.amount)}"

    def __repr__(self) -> str:
        """Return ``Money('619000000', 'USD')``."""
        return f"Money({str(self.amount)!r}, {self.currency!r})"


# --------------------------------------------------------------------------------------------
# Sources and date claims


def _compact_repr(record: attrs.AttrsInstance) -> str:
    """Return ``Name(field=value, ...)`` listing only the fields that differ from defaults."""
    parts = []
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if field.default is not attrs.NOTHING and value == field.default:
            continue
        parts.append(f"{field.name}={value!r}")
    return f"{type(record).__name__}({', '.join(parts)})"


@attrs.frozen(kw_only=True, repr=False)
class Source:
    """A document that reports an event: an article, a press release, a filing, a post.

    >>> Source(publisher="The Economist", key="A000", published="2025-01-23")
    Source(publisher='The Economist', published=When.parse('2025-01-23'), key='A000')
    """

    publisher: str = attrs.field(validator=_check_required_text)
    """Who published it: a newspaper, a company, an agency, a person."""
    title: str = attrs.field(default="", validator=_check_text)
    """The document's title ('' when it has none)."""
    published: When | None = attrs.field(
        default=None, converter=_to_optional_when, validator=_check_optional_when
    )
    """When it was published, as precisely as known (None when unknown)."""
    url: str = attrs.field(default="", validator=_check_url)
    """Where to read it ('' when not online)."""
    quote: str = attrs.field(default="", validator=_check_text)
    """The passage that reports the event, verbatim."""
    key: str = attrs.field(default="", validator=_check_key)
    """A short reference key, such as ``'A000'`` for the first seed article."""

    def __repr__(self) -> str:
        """List the fields that are set."""
        return _compact_repr(self)


@attrs.frozen(repr=False)
class DateClaim:
    """What one source says about when an event happened, in its own words and precision.

    >>> claim = DateClaim("2024-09", Source(publisher="The Economist"), "in September")
    >>> claim.when.describe()
    'September 2024'
    """

    when: When = attrs.field(converter=_to_when)
    """The date as the source states it: ``"September"`` is month precision, and a relative
    wording ("a week before that") is a :class:`~aitimeline.RelativeWhen`."""
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    """The source that makes the claim."""
    wording: str = attrs.field(default="", validator=_check_text)
    """The source's words for the date, e.g. ``'released in September'``."""

    def __repr__(self) -> str:
        """List the fields that are set."""
        return _compact_repr(self)


# --------------------------------------------------------------------------------------------
# Events


@attrs.frozen(kw_only=True, repr=False)
class Event:
    """Something that happened: the base record, and the kind ``"event"`` for anything else.

    Every kind of event shares these fields. All are keyword-only; ``when`` accepts a
    :class:`~aitimeline.When`, a :class:`~aitimeline.Span`, a date or a string for
    :meth:`When.parse`. Change one with :func:`attrs.evolve`, which validates again.

    Raises:
        InvalidEventError: a field has a value it cannot hold; the message names the field,
            the value and what was expected.

    >>> e = Event(id="chatgpt", when="2022-11-30", title="ChatGPT launched", country="US")
    >>> e
    Event(id='chatgpt', when=When.parse('2022-11-30'), title='ChatGPT launched', country='US')
    >>> import attrs
    >>> attrs.evolve(e, when="2022-11").when.describe()
    'November 2022'
    """

    KIND: ClassVar[str] = "event"

    id: str = attrs.field(validator=_check_slug)
    """A stable slug naming the event, such as ``'deepseek-r1'``."""
    when: When | Span = attrs.field(converter=_to_temporal)
    """The verified date: an instant (:class:`~aitimeline.When`) or a period in force
    (:class:`~aitimeline.Span`)."""
    title: str = attrs.field(validator=_check_required_text)
    """A one-line description."""
    actors: tuple[str, ...] = attrs.field(
        default=(), converter=_to_actors, validator=_check_text_items
    )
    """The organisations or people who acted, main actor first."""
    countries: tuple[str, ...] = attrs.field(
        default=(), converter=_to_countries, validator=_check_countries
    )
    """Where the actors are based, main actor's first: ISO 3166-1 alpha-2 codes (``'US'``,
    ``'CN'``) or regions in :data:`REGIONS` (``'EU'``, ``'INTL'``); ``()`` when unknown."""
    _country: str | None = attrs.field(
        default=None, alias="country", eq=False, repr=False, validator=_check_country
    )
    """The constructor's ``country=``: the one-country form of ``countries``, folded into it
    when the event is built (then None, so :func:`attrs.evolve` never passes a stale one)."""
    tags: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_tags, validator=_check_slug_items
    )
    """Free slugs for filtering, such as ``'reasoning'`` or ``'open-weights'``."""
    sources: tuple[Source, ...] = attrs.field(
        default=(), converter=_to_sources, validator=_check_sources
    )
    """The documents that report the event."""
    date_claims: tuple[DateClaim, ...] = attrs.field(
        default=(), converter=_to_claims, validator=_check_claims
    )
    """What each source says about the date; they may disagree with ``when`` and each other."""
    note: str = attrs.field(default="", validator=_check_text)
    """Free text: caveats, discrepancies, context."""

    @property
    def kind(self) -> str:
        """Return the kind name, such as ``'release'``; :data:`EVENT_KINDS` maps it back."""
        return self.KIND

    def __attrs_post_init__(self) -> None:
        """Fold ``country=`` into ``countries``, refusing a country that is not the first."""
        given = self._country
        if given is None:
            return
        if not self.countries:
            object.__setattr__(self, "countries", (given,))
        elif self.countries[0] != given:
            _reject(
                self,
                "country",
                given,
                f"the first of countries={self.countries!r} (country is the main one); pass "
                "countries alone to change them",
            )
        object.__setattr__(self, "_country", None)

    @property
    def country(self) -> str | None:
        """Return the main country, the first of :attr:`countries` (None when unknown)."""
        return self.countries[0] if self.countries else None

    @property
    def all_tags(self) -> frozenset[str]:
        """Return the tags as given plus those derived from typed fields (what queries see).

        For a plain event this is :attr:`tags`; a :class:`Release` adds its capabilities and
        ``'open-weights'`` when its weights are open. :func:`~aitimeline.tagged` reads it.
        """
        return self.tags

    def __repr__(self) -> str:
        """List the fields that are set, counting sources and claims rather than showing them."""
        parts = []
        fields = attrs.fields(type(self))
        for field in sorted(fields, key=lambda f: f.name in ("sources", "date_claims", "note")):
            value = getattr(self, field.name)
            if field.default is not attrs.NOTHING and value == field.default:
                continue
            if field.name == "countries" and len(value) == 1:
                parts.append(f"country={value[0]!r}")
            elif field.name == "sources":
                parts.append(f"sources=<{len(value)}>")
            elif field.name == "date_claims":
                parts.append(f"date_claims=<{len(value)}>")
            elif isinstance(value, frozenset):
                parts.append(f"{field.name}={{{', '.join(map(repr, sorted(value)))}}}")
            else:
                parts.append(f"{field.name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


@attrs.frozen(kw_only=True, repr=False)
class Training:
    """Facts about how a model was trained; every field is optional but one must be given.

    >>> str(Training(chips=2048, chip_type="H800", cost=Money("5576000", "USD")).cost)
    '$5.576M'
    """

    chips: int | None = attrs.field(default=None, validator=_check_optional_count)
    """How many accelerators the run used (at most, if the source says "up to")."""
    chip_type: str = attrs.field(default="", validator=_check_text)
    """The accelerator model, such as ``'H800'`` or ``'H100'``."""
    chip_hours: ChipHours | None = attrs.field(
        default=None, validator=_optional_instance(ChipHours, "ChipHours('2.788M')")
    )
    """The compute spent, in accelerator-hours."""
    cost: Money | None = attrs.field(
        default=None, validator=_optional_instance(Money, "Money('5576000', 'USD')")
    )
    """The estimated cost of the run."""
    tokens: int | None = attrs.field(default=None, validator=_check_optional_count)
    """How many tokens the model was trained on."""

    def __attrs_post_init__(self) -> None:
        """Reject a record with no facts (use ``training=None`` instead)."""
        if attrs.astuple(self, recurse=False) == (None, "", None, None, None):
            msg = "Training() holds no facts; pass at least one field, or use training=None"
            raise InvalidEventError(msg)

    def __repr__(self) -> str:
        """List the fields that are set."""
        return _compact_repr(self)


@attrs.frozen(kw_only=True, repr=False)
class Release(Event):
    """A model release, announcement or preview.

    ``tags`` are kept as given; :attr:`all_tags` (what :func:`~aitimeline.tagged` reads) adds
    the capabilities, and ``'open-weights'`` when ``open_weights=True``, so tag queries find
    them. A tag ``'open-weights'`` on a release whose weights are not open is rejected.
    ``stage`` says how far it got (``'announced'``, ``'preview'``, ``'released'``);
    ``preview=True`` is accepted as ``stage='preview'``.

    >>> qwq = Release(id="qwq-32b-preview", when="2024-11-28", title="QwQ-32B-Preview",
    ...               model="QwQ-32B-Preview", capabilities="reasoning", open_weights=True,
    ...               parameters=Parameters("32.5B"), preview=True)
    >>> sorted(qwq.all_tags), sorted(qwq.tags), qwq.stage, qwq.parameters
    (['open-weights', 'reasoning'], [], 'preview', Parameters('32.5B'))
    """

    KIND: ClassVar[str] = "release"

    model: str = attrs.field(validator=_check_required_text)
    """The model's name, such as ``'DeepSeek-R1'``."""
    family: str = attrs.field(default="", validator=_check_text)
    """The model family, such as ``'Qwen'`` or ``'Llama'``."""
    capabilities: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_tags, validator=_check_slug_items
    )
    """What it can do: ``'reasoning'``, ``'vision'``, ``'coding'``, ``'agent'``, ``'chat'``..."""
    open_weights: bool | None = attrs.field(default=None, validator=_check_optional_bool)
    """Whether anyone may download the weights (None when unknown)."""
    licence: str = attrs.field(default="", validator=_check_text)
    """The licence of the weights, such as ``'MIT'`` or ``'Apache-2.0'``."""
    parameters: Parameters | None = attrs.field(
        default=None, validator=_optional_instance(Parameters, "Parameters('671B')")
    )
    """Total parameters."""
    active_parameters: Parameters | None = attrs.field(
        default=None, validator=_optional_instance(Parameters, "Parameters('37B')")
    )
    """Parameters active per token (mixture-of-experts models)."""
    stage: ReleaseStage = attrs.field(default="released", validator=_check_stage)
    """How far it got: ``'announced'`` (shown, not usable: catch-up never starts from one),
    ``'preview'`` (usable as a preview or experiment) or ``'released'``."""
    _preview: bool | None = attrs.field(
        default=None, alias="preview", eq=False, repr=False, validator=_check_preview
    )
    """The constructor's ``preview=``, an older spelling of ``stage='preview'`` (then None)."""
    based_on: tuple[str, ...] = attrs.field(
        default=(), converter=_to_ids, validator=_check_slug_items
    )
    """Ids of the events releasing the models this one was built on."""
    distilled_from: tuple[str, ...] = attrs.field(
        default=(), converter=_to_ids, validator=_check_slug_items
    )
    """Ids of the events releasing the models whose outputs trained this one."""
    training: Training | None = attrs.field(
        default=None, validator=_optional_instance(Training, "Training(chips=2048)")
    )
    """How it was trained, when known."""

    @property
    def preview(self) -> bool:
        """Return whether it is not (yet) generally available: ``stage != 'released'``."""
        return self.stage != "released"

    @property
    def all_tags(self) -> frozenset[str]:
        """Return the given tags plus the capabilities and ``'open-weights'`` if open."""
        return self.tags | self.capabilities | ({"open-weights"} if self.open_weights else set())

    def __attrs_post_init__(self) -> None:
        """Check the parameter counts and the open-weights tag; fold ``preview=`` into stage."""
        super().__attrs_post_init__()
        if self._preview is not None:
            if self._preview and self.stage == "released":
                object.__setattr__(self, "stage", "preview")
            elif not self._preview and self.stage != "released":
                _reject(self, "preview", self._preview, f"agreement with stage={self.stage!r}")
            object.__setattr__(self, "_preview", None)
        if (
            self.parameters is not None
            and self.active_parameters is not None
            and self.active_parameters > self.parameters
        ):
            msg = (
                f"{_owner(self)}: active_parameters={self.active_parameters!r} exceeds "
                f"parameters={self.parameters!r}; active parameters are a subset of the total"
            )
            raise InvalidEventError(msg)
        if "open-weights" in self.tags and self.open_weights is not True:
            msg = (
                f"{_owner(self)}: tags include 'open-weights' but open_weights="
                f"{self.open_weights!r}; pass open_weights=True or drop the tag"
            )
            raise InvalidEventError(msg)


@attrs.frozen(kw_only=True, repr=False)
class ExportControl(Event):
    """A rule that bans, tightens, lifts or licenses exports (of chips, tools, models)."""

    KIND: ClassVar[str] = "export_control"

    issuer: str = attrs.field(validator=_check_required_text)
    """The authority that issued it, such as ``'US Commerce BIS'``."""
    action: ExportAction = attrs.field(validator=_check_action)
    """What it does: ``'ban'``, ``'tighten'``, ``'lift'`` or ``'licence'``."""
    target: str | None = attrs.field(default=None, validator=_check_country)
    """The country or region the exports are controlled to (a code, as for ``country``)."""
    items: tuple[str, ...] = attrs.field(
        default=(), converter=_to_names, validator=_check_text_items
    )
    """What it controls, such as ``'advanced AI chips'`` or ``'H200'``."""
    in_force: Span | None = attrs.field(default=None, validator=_check_optional_span)
    """The period it was (or is still) in force; ``Span(start)`` when not yet lifted."""
    amends: tuple[str, ...] = attrs.field(
        default=(), converter=_to_ids, validator=_check_slug_items
    )
    """Ids of the events it amends (extends or changes, leaving them in force)."""
    lifts: tuple[str, ...] = attrs.field(default=(), converter=_to_ids, validator=_check_slug_items)
    """Ids of the events it lifts or suspends (their ``in_force`` ends when this starts)."""
    supersedes: tuple[str, ...] = attrs.field(
        default=(), converter=_to_ids, validator=_check_slug_items
    )
    """Ids of the events it replaces or revokes as a whole (their ``in_force`` ends here)."""


@attrs.frozen(kw_only=True, repr=False)
class IPO(Event):
    """A company's initial public offering (its first trading day)."""

    KIND: ClassVar[str] = "ipo"

    company: str = attrs.field(validator=_check_required_text)
    """The company listed."""
    exchange: str = attrs.field(default="", validator=_check_text)
    """The exchange, such as ``'HKEX'``."""
    ticker: str = attrs.field(default="", validator=_check_text)
    """The ticker symbol, such as ``'0100.HK'``."""
    raised: Money | None = attrs.field(
        default=None, validator=_optional_instance(Money, "Money('619000000', 'USD')")
    )
    """The amount the offering raised."""
    offer_price: Money | None = attrs.field(
        default=None, validator=_optional_instance(Money, "Money('165', 'HKD')")
    )
    """The price per share at the offering."""
    market_cap: Money | None = attrs.field(
        default=None, validator=_optional_instance(Money, "Money('13.5e9', 'USD')")
    )
    """Market capitalisation at the close of the first day."""
    first_day_change: Decimal | None = attrs.field(
        default=None, converter=_to_percent_change, validator=_check_optional_decimal
    )
    """Percentage change of the close on the first day against the offer price (109 = +109%)."""


@attrs.frozen(kw_only=True, repr=False)
class Policy(Event):
    """A government plan, law, regulation or executive order (not an export control)."""

    KIND: ClassVar[str] = "policy"

    issuer: str = attrs.field(default="", validator=_check_text)
    """Who issued it, such as ``'State Council of China'``."""
    instrument: str = attrs.field(default="", validator=_check_text)
    """What kind of act it is: ``'plan'``, ``'regulation'``, ``'executive order'``..."""
    in_force: Span | None = attrs.field(default=None, validator=_check_optional_span)
    """The period it was (or is still) in force."""
    amends: tuple[str, ...] = attrs.field(
        default=(), converter=_to_ids, validator=_check_slug_items
    )
    """Ids of the events it amends (extends or changes, leaving them in force)."""
    lifts: tuple[str, ...] = attrs.field(default=(), converter=_to_ids, validator=_check_slug_items)
    """Ids of the events it lifts or suspends (their ``in_force`` ends when this starts)."""
    supersedes: tuple[str, ...] = attrs.field(
        default=(), converter=_to_ids, validator=_check_slug_items
    )
    """Ids of the events it replaces or revokes as a whole (their ``in_force`` ends here)."""


@attrs.frozen(kw_only=True, repr=False)
class Founding(Event):
    """The founding, incorporation or launch of an organisation or lab."""

    KIND: ClassVar[str] = "founding"

    organisation: str = attrs.field(validator=_check_required_text)
    """The organisation founded."""
    founders: tuple[str, ...] = attrs.field(
        default=(), converter=_to_names, validator=_check_text_items
    )
    """Its founders."""
    parent: str = attrs.field(default="", validator=_check_text)
    """The organisation it was spun out of, if any."""
    location: str = attrs.field(default="", validator=_check_text)
    """Where it is based (a city)."""


@attrs.frozen(kw_only=True, repr=False)
class Score(Event):
    """A model's result on a benchmark or leaderboard, optionally with a confidence interval."""

    KIND: ClassVar[str] = "score"

    model: str = attrs.field(validator=_check_required_text)
    """The model scored."""
    metric: str = attrs.field(validator=_check_required_text)
    """What was measured, such as ``'pass_rate'``, ``'eci'`` or ``'rank'``."""
    value: float = attrs.field(validator=_check_float)
    """The result (finite)."""
    ci_low: float | None = attrs.field(default=None, validator=_check_optional_float)
    """The lower end of the confidence interval."""
    ci_high: float | None = attrs.field(default=None, validator=_check_optional_float)
    """The upper end of the confidence interval."""
    benchmark: str = attrs.field(default="", validator=_check_text)
    """The benchmark or leaderboard, such as ``'Aider Polyglot'``."""
    unit: str = attrs.field(default="", validator=_check_text)
    """The unit of *value*, such as ``'%'`` ('' for none)."""
    release: str | None = attrs.field(default=None, validator=_check_optional_slug)
    """The id of the :class:`Release` event of the model scored, when the table names one."""

    def __attrs_post_init__(self) -> None:
        """Check that the confidence interval is ordered and holds the value."""
        super().__attrs_post_init__()
        low = self.value if self.ci_low is None else self.ci_low
        high = self.value if self.ci_high is None else self.ci_high
        if not low <= self.value <= high:
            msg = (
                f"{_owner(self)}: ci_low={self.ci_low!r}, value={self.value!r}, "
                f"ci_high={self.ci_high!r} are out of order; expected ci_low <= value <= ci_high"
            )
            raise InvalidEventError(msg)


@attrs.frozen(kw_only=True, repr=False)
class Statement(Event):
    """Something a person said or wrote: who said it, and the words."""

    KIND: ClassVar[str] = "statement"

    speaker: str = attrs.field(validator=_check_required_text)
    """Who said it."""
    quote: str = attrs.field(default="", validator=_check_text)
    """What was said, verbatim unless *paraphrase* is set."""
    paraphrase: bool = attrs.field(default=False, validator=_check_bool)
    """Whether *quote* is a paraphrase (reported speech) rather than the speaker's words."""
    venue: str = attrs.field(default="", validator=_check_text)
    """Where it was said: a tweet, an interview, a conference."""


@attrs.frozen(kw_only=True, repr=False)
class Publication(Event):
    """A paper, report or study being published."""

    KIND: ClassVar[str] = "publication"

    publisher: str = attrs.field(validator=_check_required_text)
    """Who published it."""
    document: str = attrs.field(default="", validator=_check_text)
    """The document's title."""
    authors: tuple[str, ...] = attrs.field(
        default=(), converter=_to_names, validator=_check_text_items
    )
    """Its authors, as credited."""
    identifier: str = attrs.field(default="", validator=_check_text)
    """An identifier such as an arXiv id or DOI."""


@attrs.frozen(kw_only=True, repr=False)
class Milestone(Event):
    """A notable threshold or moment: a user count reached, a market move, an inauguration."""

    KIND: ClassVar[str] = "milestone"

    subject: str = attrs.field(default="", validator=_check_text)
    """What reached the milestone, such as ``'ChatGPT monthly users'``."""
    value: Decimal | None = attrs.field(
        default=None, converter=_to_figure, validator=_check_optional_decimal
    )
    """The figure, exact (None when there is none)."""
    unit: str = attrs.field(default="", validator=_check_text)
    """The unit of *value*, such as ``'users'`` or ``'USD'``."""


@attrs.frozen(kw_only=True, repr=False)
class Hardware(Event):
    """An accelerator or chip product being launched or shipped."""

    KIND: ClassVar[str] = "hardware"

    chip: str = attrs.field(validator=_check_required_text)
    """The product, such as ``'H800'``."""
    vendor: str = attrs.field(default="", validator=_check_text)
    """Its maker, such as ``'Nvidia'``."""
    derived_from: str = attrs.field(default="", validator=_check_text)
    """The product it is a variant of, such as ``'H100'``."""
    market: str | None = attrs.field(default=None, validator=_check_country)
    """The market it is made for, when it is made for one (a code, as for ``country``)."""


@attrs.frozen(kw_only=True, repr=False)
class PriceChange(Event):
    """A change in what a model costs to use through an API."""

    KIND: ClassVar[str] = "price_change"

    model: str = attrs.field(validator=_check_required_text)
    """The model priced."""
    input_price: Money | None = attrs.field(
        default=None, validator=_optional_instance(Money, "Money('0.27', 'USD')")
    )
    """Price of input tokens, per *per*."""
    output_price: Money | None = attrs.field(
        default=None, validator=_optional_instance(Money, "Money('1.10', 'USD')")
    )
    """Price of output tokens, per *per*."""
    per: str = attrs.field(default="1M tokens", validator=_check_text)
    """The quantity the prices are for."""


@attrs.frozen(kw_only=True, repr=False)
class Investment(Event):
    """Money committed to a company or project: a funding round, a joint venture."""

    KIND: ClassVar[str] = "investment"

    recipient: str = attrs.field(validator=_check_required_text)
    """The company or project receiving it."""
    investors: tuple[str, ...] = attrs.field(
        default=(), converter=_to_names, validator=_check_text_items
    )
    """Who invests."""
    amount: Money | None = attrs.field(
        default=None, validator=_optional_instance(Money, "Money('500e9', 'USD')")
    )
    """The amount committed."""


EVENT_KINDS: Final[Mapping[str, type[Event]]] = MappingProxyType(
    {
        cls.KIND: cls
        for cls in (
            Event,
            Release,
            ExportControl,
            IPO,
            Policy,
            Founding,
            Score,
            Statement,
            Publication,
            Milestone,
            Hardware,
            PriceChange,
            Investment,
        )
    }
)
"""Every kind name and its class, in a fixed order: ``EVENT_KINDS["release"] is Release``."""


# --------------------------------------------------------------------------------------------
# Plain forms: JSON values and flat rows


class _FieldError(Exception):
    """A plain value that does not fit a field (internal; turned into InvalidEventError)."""

    def __init__(self, path: str, value: object, expected: str) -> None:
        super().__init__(path, value, expected)
        self.path = path
        self.value = value
        self.expected = expected


def _bad(path: str, value: object, expected: str) -> NoReturn:
    raise _FieldError(path, value, expected)


_WHEN_EXPECTED: Final = (
    "a date such as '2024-09-12', '2024-09', '2024-Q4', '2024' or '2024-09-10/2024-09-20', "
    "or an object with earliest/latest/precision or anchor/offset"
)


def _when_to_json(value: When) -> JSONValue:
    if isinstance(value, RelativeWhen):
        out: dict[str, JSONValue] = {
            "anchor": _when_to_json(value.anchor),
            "offset": value.offset,
            "direction": value.direction,
            "qualifier": value.qualifier,
        }
        if value.slack:
            out["slack"] = value.slack
        out["resolved"] = _when_to_json(value.resolved())
        return out
    text = value.to_edtf()
    try:
        if When.parse(text) == value:
            return text
    except DateError:
        pass
    return {
        "earliest": value.earliest.isoformat(),
        "latest": value.latest.isoformat(),
        "precision": value.precision.name.lower(),
        "approximate": value.approximate,
        "uncertain": value.uncertain,
    }


def _iso_day(value: object, path: str) -> pendulum.Date:
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return pendulum.Date(day.year, day.month, day.day)
    _bad(path, value, "a day in YYYY-MM-DD form")


def _when_from_json(value: object, path: str) -> When:
    if isinstance(value, str):
        try:
            return When.parse(value)
        except DateError as exc:
            _bad(path, value, f"a date ({exc})")
    if isinstance(value, dict) and "anchor" in value:
        return _relative_from_json(value, path)
    if isinstance(value, dict) and {"earliest", "latest", "precision"} <= value.keys():
        unknown = value.keys() - {"earliest", "latest", "precision", "approximate", "uncertain"}
        if unknown:
            _bad(f"{path}.{min(unknown)}", value, "no other keys in a date object")
        flags = {k: value.get(k, False) for k in ("approximate", "uncertain")}
        for k, flag in flags.items():
            if not isinstance(flag, bool):
                _bad(f"{path}.{k}", flag, "true or false")
        try:
            return When(
                _iso_day(value["earliest"], f"{path}.earliest"),
                _iso_day(value["latest"], f"{path}.latest"),
                value["precision"],
                approximate=flags["approximate"],
                uncertain=flags["uncertain"],
            )
        except DateError as exc:
            _bad(path, value, f"a valid date range ({exc})")
    _bad(path, value, _WHEN_EXPECTED)


def _relative_from_json(value: dict[str, object], path: str) -> When:
    allowed = {"anchor", "offset", "direction", "qualifier", "slack", "resolved"}
    if unknown := value.keys() - allowed:
        _bad(f"{path}.{min(unknown)}", value, f"only the keys {sorted(allowed)}")
    anchor = _when_from_json(value["anchor"], f"{path}.anchor")
    offset, direction = value.get("offset"), value.get("direction", "after")
    qualifier, slack = value.get("qualifier", "exactly"), value.get("slack", 0)
    if not isinstance(offset, str):
        _bad(f"{path}.offset", offset, "an offset such as '1 week' or '3 months'")
    if direction not in ("before", "after"):
        _bad(f"{path}.direction", direction, "'before' or 'after'")
    if not isinstance(qualifier, str):
        _bad(f"{path}.qualifier", qualifier, "a qualifier such as 'exactly' or 'less_than'")
    if isinstance(slack, bool) or not isinstance(slack, int):
        _bad(f"{path}.slack", slack, "a whole number of days")
    try:
        result = When.relative(
            anchor,
            offset,
            before=direction == "before",
            qualifier=qualifier,  # type: ignore[arg-type]  # checked by When.relative
            slack=slack,
        )
    except DateError as exc:
        _bad(path, value, f"a valid relative date ({exc})")
    if "resolved" in value:
        resolved = _when_from_json(value["resolved"], f"{path}.resolved")
        if resolved != result.resolved():
            _bad(
                f"{path}.resolved",
                value["resolved"],
                f"{_when_to_json(result.resolved())!r}, which the statement resolves to "
                "(fix the statement, or drop 'resolved' to recompute it)",
            )
    return result


def _span_to_json(value: Span) -> JSONValue:
    return {
        "start": _when_to_json(value.start),
        "end": None if value.end is None else _when_to_json(value.end),
    }


def _span_from_json(value: object, path: str) -> Span:
    if not (isinstance(value, dict) and "start" in value and value.keys() <= {"start", "end"}):
        _bad(path, value, "a period object such as {'start': '2022-10-07', 'end': null}")
    start = _when_from_json(value["start"], f"{path}.start")
    end_value = value.get("end")
    end = None if end_value is None else _when_from_json(end_value, f"{path}.end")
    try:
        return Span(start, end)
    except DateError as exc:
        _bad(path, value, f"a valid period ({exc})")


def _temporal_to_json(value: When | Span) -> JSONValue:
    return _span_to_json(value) if isinstance(value, Span) else _when_to_json(value)


def _temporal_from_json(value: object, path: str) -> When | Span:
    if isinstance(value, dict) and "start" in value:
        return _span_from_json(value, path)
    return _when_from_json(value, path)


def _json_cell(value: JSONValue) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _cell_json(text: str, path: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        _bad(path, text, f"valid JSON ({exc.msg} at character {exc.pos + 1})")


def _date_cell(value: JSONValue) -> str:
    """A date's cell: its EDTF text when that is its whole JSON form, else the JSON object."""
    return value if isinstance(value, str) else _json_cell(value)


def _date_uncell(text: str, path: str) -> object:
    return _cell_json(text, path) if text.lstrip().startswith("{") else text


def _items_cell(items: Iterable[str]) -> str:
    """Join strings with ``'; '``, or write a JSON list when that would not read back."""
    items = list(items)
    joined = "; ".join(items)
    plain = all(i and i == i.strip() and ";" not in i for i in items)
    return joined if plain and not joined.startswith("[") else _json_cell(list(items))


def _items_uncell(text: str, path: str) -> list[object]:
    if not text.strip():
        return []
    if text.lstrip().startswith("["):
        value = _cell_json(text, path)
        if not isinstance(value, list):  # pragma: no cover - '[' starts a list
            _bad(path, text, "a JSON list")
        return value
    return [part.strip() for part in text.split(";")]


@attrs.frozen
class _Codec:
    """How one field type moves to and from JSON values and CSV cells."""

    expected: str
    to_json: Callable[[Any], JSONValue]
    from_json: Callable[[object, str], Any]
    to_cell: Callable[[Any], str]
    from_cell: Callable[[str, str], Any]


def _codec(
    expected: str,
    to_json: Callable[[Any], JSONValue],
    from_json: Callable[[object, str], Any],
    to_cell: Callable[[Any], str] | None = None,
    from_cell: Callable[[str, str], Any] | None = None,
) -> _Codec:
    return _Codec(
        expected,
        to_json,
        from_json,
        to_cell or (lambda v: _json_cell(to_json(v))),
        from_cell or (lambda text, path: from_json(_cell_json(text, path), path)),
    )


def _optional(codec: _Codec) -> _Codec:
    """Allow None (JSON null, an empty cell) besides the values of *codec*."""
    return _Codec(
        f"{codec.expected}, or null",
        lambda v: None if v is None else codec.to_json(v),
        lambda v, p: None if v is None else codec.from_json(v, p),
        lambda v: "" if v is None else codec.to_cell(v),
        lambda t, p: None if not t.strip() else codec.from_cell(t, p),
    )


def _load_text(value: object, path: str) -> str:
    if not isinstance(value, str):
        _bad(path, value, "a string")
    return value


def _load_bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        _bad(path, value, "true or false")
    return value


def _uncell_bool(text: str, path: str) -> bool:
    lowered = text.strip().lower()
    if lowered not in ("true", "false"):
        _bad(path, text, "'true' or 'false'")
    return lowered == "true"


def _load_int(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _bad(path, value, "a whole number")
    return value


def _uncell_int(text: str, path: str) -> int:
    if not re.fullmatch(r"\s*-?\d+\s*", text):
        _bad(path, text, "a whole number such as '2048'")
    return int(text)


def _load_float(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _bad(path, value, "a number")
    return float(value)


def _uncell_float(text: str, path: str) -> float:
    try:
        return float(text)
    except ValueError:
        _bad(path, text, "a number such as '48.4'")


def _load_decimal(value: object, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        _bad(path, value, "a decimal number, written as a string such as '109.5'")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        _bad(path, value, "a decimal number, written as a string such as '109.5'")
    return result


def _money_to_json(value: Money) -> JSONValue:
    return {"amount": str(value.amount), "currency": value.currency}


def _load_money(value: object, path: str) -> Money:
    expected = "a money object such as {'amount': '619000000', 'currency': 'USD'} or '$619M'"
    try:
        if isinstance(value, str):
            return Money.parse(value)
        if isinstance(value, dict) and value.keys() == {"amount", "currency"}:
            amount, currency = value["amount"], value["currency"]
            if isinstance(amount, (str, int)) and not isinstance(amount, bool):
                return Money(amount, currency)
    except InvalidEventError as exc:
        _bad(path, value, f"{expected} ({exc})")
    _bad(path, value, expected)


def _uncell_money(text: str, path: str) -> Money:
    return _load_money(text, path)


def _quantity_codec(cls: type[Parameters | ChipHours], example: str) -> _Codec:
    attribute = attrs.fields(cls)[0].name

    def load(value: object, path: str) -> Any:  # noqa: ANN401 - Parameters or ChipHours
        if isinstance(value, (int, str)) and not isinstance(value, bool):
            try:
                return cls(value)
            except InvalidEventError as exc:
                _bad(path, value, f"a positive whole number or {example!r} ({exc})")
        _bad(path, value, f"a positive whole number or a text such as {example!r}")

    return _codec(
        f"a count such as {example!r}",
        lambda v: getattr(v, attribute),
        load,
        lambda v: _scaled(Decimal(getattr(v, attribute))),
        load,
    )


def _load_items(value: object, path: str) -> list[str]:
    if not isinstance(value, list):
        _bad(path, value, "a list of strings")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            _bad(f"{path}[{i}]", item, "a string")
    return value


def _uncell_items(text: str, path: str) -> list[str]:
    return _load_items(_items_uncell(text, path), path)


def _source_to_json(value: Source) -> JSONValue:
    return _record_to_json(value)


def _load_source(value: object, path: str) -> Source:
    return _record_from_json(Source, value, path)


def _load_sources(value: object, path: str) -> list[Source]:
    if not isinstance(value, list):
        _bad(path, value, "a list of source objects")
    return [_load_source(item, f"{path}[{i}]") for i, item in enumerate(value)]


_TEXT: Final = _codec("a string", lambda v: v, _load_text, lambda v: v, lambda t, _p: t)
_WHEN: Final = _codec(
    _WHEN_EXPECTED,
    _when_to_json,
    _when_from_json,
    lambda v: _date_cell(_when_to_json(v)),
    lambda t, p: _when_from_json(_date_uncell(t, p), p),
)
_SPAN: Final = _codec(
    "a period object such as {'start': '2022-10-07', 'end': null}", _span_to_json, _span_from_json
)
_TEMPORAL: Final = _codec(
    f"{_WHEN_EXPECTED}, or a period object with start/end",
    _temporal_to_json,
    _temporal_from_json,
    lambda v: _date_cell(_temporal_to_json(v)),
    lambda t, p: _temporal_from_json(_date_uncell(t, p), p),
)
_TEXT_TUPLE: Final = _codec("a list of strings", list, _load_items, _items_cell, _uncell_items)
_TEXT_SET: Final = _codec(
    "a list of slugs", sorted, _load_items, lambda v: _items_cell(sorted(v)), _uncell_items
)
_BOOL: Final = _codec(
    "true or false", lambda v: v, _load_bool, lambda v: "true" if v else "false", _uncell_bool
)
_INT: Final = _codec("a whole number", lambda v: v, _load_int, str, _uncell_int)
_FLOAT: Final = _codec("a number", lambda v: v, _load_float, repr, _uncell_float)
_DECIMAL: Final = _codec(
    "a decimal number such as '109.5'",
    str,
    _load_decimal,
    str,
    _load_decimal,
)
_MONEY_CODEC: Final = _codec(
    "a money object such as {'amount': '619000000', 'currency': 'USD'}",
    _money_to_json,
    _load_money,
    str,
    _uncell_money,
)
_SOURCES: Final = _codec(
    "a list of source objects", lambda v: [_source_to_json(s) for s in v], _load_sources
)
_SOURCE: Final = _codec("a source object", _source_to_json, _load_source)

_CODECS: Final[Mapping[str, _Codec]] = MappingProxyType(
    {
        "str": _TEXT,
        "ExportAction": _TEXT,
        "ReleaseStage": _TEXT,
        "str | None": _optional(_TEXT),
        "When | Span": _TEMPORAL,
        "When": _WHEN,
        "When | None": _optional(_WHEN),
        "Span | None": _optional(_SPAN),
        "tuple[str, ...]": _TEXT_TUPLE,
        "frozenset[str]": _TEXT_SET,
        "bool": _BOOL,
        "bool | None": _optional(_BOOL),
        "int | None": _optional(_INT),
        "float": _FLOAT,
        "float | None": _optional(_FLOAT),
        "Decimal | None": _optional(_DECIMAL),
        "Money | None": _optional(_MONEY_CODEC),
        "Parameters | None": _optional(_quantity_codec(Parameters, "671B")),
        "ChipHours | None": _optional(_quantity_codec(ChipHours, "2.788M")),
        "Source": _SOURCE,
        "tuple[Source, ...]": _SOURCES,
    }
)
"""The codec of every field type, keyed by the annotation as written in the class."""

_R = TypeVar("_R", bound=attrs.AttrsInstance)

_NESTED: Final[Mapping[str, type[attrs.AttrsInstance]]] = MappingProxyType(
    {"Training | None": Training}
)
"""Optional record fields: a JSON object, and one column per inner field in a row."""


def _codec_of(field: attrs.Attribute[Any]) -> _Codec:
    return _CODECS[str(field.type)]  # annotations are strings (PEP 563)


def _record_to_json(record: attrs.AttrsInstance) -> dict[str, JSONValue]:
    """Return the JSON object of a Source or Training: the fields that differ from defaults."""
    out: dict[str, JSONValue] = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if field.default is not attrs.NOTHING and value == field.default:
            continue
        out[field.name] = _codec_of(field).to_json(value)
    return out


def _check_keys(value: object, cls: type[attrs.AttrsInstance], path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        _bad(path, value, f"a {cls.__name__} object")
    names = [f.name for f in attrs.fields(cls)]
    for key in value:
        if key not in names:
            near = difflib.get_close_matches(str(key), names, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            _bad(f"{path}.{key}", value[key], f"no such field; {cls.__name__} has {names}{hint}")
    for field in attrs.fields(cls):
        if field.default is attrs.NOTHING and field.name not in value:
            _bad(f"{path}.{field.name}", _MISSING, "a value: the field is required")
    return value


def _record_from_json(cls: type[_R], value: object, path: str) -> _R:
    data = _check_keys(value, cls, path)
    kwargs = {}
    for field in attrs.fields(cls):
        if field.name in data:
            value = data[field.name]
            kwargs[field.name] = _codec_of(field).from_json(value, f"{path}.{field.name}")
    try:
        return cls(**kwargs)
    except TimelineError as exc:
        _bad(path, value, f"a valid {cls.__name__} ({exc})")


def _claim_to_json(claim: DateClaim, sources: tuple[Source, ...]) -> dict[str, JSONValue]:
    out: dict[str, JSONValue] = {"when": _when_to_json(claim.when)}
    out["source"] = (
        sources.index(claim.source) if claim.source in sources else _source_to_json(claim.source)
    )
    if claim.wording:
        out["wording"] = claim.wording
    return out


def _claim_from_json(value: object, sources: list[Source], path: str) -> DateClaim:
    if not isinstance(value, dict):
        _bad(path, value, "a date-claim object such as {'when': '2024-09', 'source': 0}")
    data = _check_keys(value, DateClaim, path)
    source = data["source"]
    if isinstance(source, int) and not isinstance(source, bool):
        if not 0 <= source < len(sources):
            _bad(
                f"{path}.source",
                source,
                f"an index into this event's {len(sources)} sources (0 to {len(sources) - 1}), "
                "or a source object",
            )
        claim_source = sources[source]
    else:
        claim_source = _load_source(source, f"{path}.source")
    when = _when_from_json(data["when"], f"{path}.when")
    wording = _load_text(data.get("wording", ""), f"{path}.wording")
    return DateClaim(when, claim_source, wording)


def _load_claims(value: object, sources: list[Source], path: str) -> list[DateClaim]:
    if not isinstance(value, list):
        _bad(path, value, "a list of date-claim objects")
    return [_claim_from_json(item, sources, f"{path}[{i}]") for i, item in enumerate(value)]


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Final = _Missing()


def _kind_class(kind: object, path: str) -> type[Event]:
    if kind is _MISSING:
        _bad(path, kind, f"one of {list(EVENT_KINDS)}")
    cls = EVENT_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        near = difflib.get_close_matches(str(kind), list(EVENT_KINDS), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        _bad(path, kind, f"a known kind, one of {list(EVENT_KINDS)}{hint}")
    return cls


def _registered(event: Event) -> type[Event]:
    cls = type(event)
    if EVENT_KINDS.get(event.kind) is not cls:
        msg = (
            f"{cls.__name__} (kind {event.kind!r}) is not in EVENT_KINDS, so it cannot be "
            f"stored and read back; use one of {sorted(EVENT_KINDS)}"
        )
        raise InvalidEventError(msg)
    return cls


def _id_of(data: object) -> object:
    """Return the ``id`` of a would-be event object, if it has one."""
    return data.get("id") if isinstance(data, Mapping) else None


def _located(where: str, event_id: object, error: _FieldError, noun: str) -> str:
    prefix = f"{where}: " if where else ""
    if isinstance(event_id, str):
        prefix += f"event {event_id!r}: "
    if error.value is _MISSING:
        return f"{prefix}{noun} {error.path!r} is missing; expected {error.expected}"
    if not error.path:
        return f"{prefix}{error.expected}"
    return f"{prefix}{noun} {error.path!r}={_short(error.value)}: expected {error.expected}"


def event_to_dict(event: Event) -> dict[str, JSONValue]:
    """Return the JSON object of *event*: its kind, then every field not at its default.

    Dates are EDTF strings (``"2024-09"``) where that form is exact, else objects; spans are
    ``{"start": ..., "end": ...}``; money is ``{"amount": "619000000", "currency": "USD"}``;
    quantities are ints; decimals are strings; a date claim names its source by index into the
    event's ``sources`` when it is one of them. :func:`event_from_dict` reads it back.

    Raises:
        InvalidEventError: the event's class is not in :data:`EVENT_KINDS`.

    >>> e = Event(id="chatgpt", when="2022-11-30", title="ChatGPT launched", country="US")
    >>> event_to_dict(e)
    {'kind': 'event', 'id': 'chatgpt', 'when': '2022-11-30', 'title': 'ChatGPT launched',
     'country': 'US'}
    """
    cls = _registered(event)
    out: dict[str, JSONValue] = {"kind": event.kind}
    for field in _public_fields(cls):
        value = getattr(event, field.name)
        if field.default is not attrs.NOTHING and value == field.default:
            continue
        if field.name == "countries":  # one country: the older, simpler "country" key
            out.update({"country": value[0]} if len(value) == 1 else {"countries": list(value)})
        elif field.name == "date_claims":
            out[field.name] = [_claim_to_json(c, event.sources) for c in value]
        elif str(field.type) in _NESTED:
            out[field.name] = _record_to_json(value)
        else:
            out[field.name] = _codec_of(field).to_json(value)
    return out


_LEGACY: Final[Mapping[str, _Codec]] = MappingProxyType(
    {"country": _optional(_TEXT), "preview": _BOOL}
)
"""Constructor arguments that are not fields, read from JSON keys and row columns: the
one-country form ``country`` (every kind) and ``preview`` (releases, for ``stage``)."""


def _legacy_names(cls: type[Event]) -> list[str]:
    return ["country", *(["preview"] if issubclass(cls, Release) else [])]


def _public_fields(cls: type[Event]) -> list[attrs.Attribute[Any]]:
    """Return the fields of *cls* that plain forms hold (not the constructor-only ones)."""
    return [f for f in attrs.fields(cls) if not f.name.startswith("_")]


def _check_event_keys(data: Mapping[str, object], cls: type[Event]) -> None:
    """Reject keys that are not fields of *cls* and missing required fields."""
    names = [f.name for f in _public_fields(cls)] + _legacy_names(cls)
    for key in data:
        if key != "kind" and key not in names:
            near = difflib.get_close_matches(str(key), names, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            _bad(str(key), data[key], f"one of the fields of kind {cls.KIND!r}: {names}{hint}")
    for field in _public_fields(cls):
        if field.default is attrs.NOTHING and field.name not in data:
            _bad(field.name, _MISSING, f"a value: kind {cls.KIND!r} requires it")


def _build(cls: type[Event], kwargs: Mapping[str, Any], given: object) -> Event:
    try:
        return cls(**kwargs)
    except TimelineError as exc:
        _bad("", given, str(exc))


def _event_from_json(data: object) -> Event:
    if not isinstance(data, Mapping):
        _bad("", data, f"an event object, not {type(data).__name__} {_short(data)}")
    cls = _kind_class(data.get("kind", _MISSING), "kind")
    _check_event_keys(data, cls)
    sources = _load_sources(data.get("sources", []), "sources")
    kwargs: dict[str, object] = {"sources": sources}
    for name in _legacy_names(cls):
        if name in data:
            kwargs[name] = _LEGACY[name].from_json(data[name], name)
    for field in _public_fields(cls):
        name = field.name
        if name not in data or name == "sources":
            continue
        value = data[name]
        if name == "date_claims":
            kwargs[name] = _load_claims(value, sources, name)
        elif str(field.type) in _NESTED:
            nested = _NESTED[str(field.type)]
            kwargs[name] = None if value is None else _record_from_json(nested, value, name)
        else:
            kwargs[name] = _codec_of(field).from_json(value, name)
    return _build(cls, kwargs, data)


def event_from_dict(data: Mapping[str, object], *, where: str = "") -> Event:
    """Build an event from its JSON object (see :func:`event_to_dict`).

    The ``kind`` key picks the class in :data:`EVENT_KINDS`; other keys are that class's
    fields. Unknown keys are errors (they would be lost), as are missing required fields.
    Nothing is evaluated: values are only read and checked.

    Args:
        data: The object, as :func:`json.loads` returns it.
        where: Where the object came from, such as ``"events.json, line 12"``; it starts
            every error message.

    Raises:
        InvalidEventError: a key, value or type is wrong; the message names *where*, the
            event id, the field (``sources[1].published``), the value and what was expected.

    >>> event_from_dict({"kind": "event", "id": "chatgpt", "when": "2022-11-30",
    ...                  "title": "ChatGPT launched"})
    Event(id='chatgpt', when=When.parse('2022-11-30'), title='ChatGPT launched')
    >>> event_from_dict({"kind": "event", "id": "x", "when": "2022-13", "title": "X"},
    ...                 where="a.json, line 3")
    Traceback (most recent call last):
    ...
    aitimeline.exceptions.InvalidEventError: a.json, line 3: event 'x': field 'when'='2022-13': ...
    """
    try:
        return _event_from_json(data)
    except _FieldError as exc:
        raise InvalidEventError(_located(where, _id_of(data), exc, "field")) from None


# -- flat rows -------------------------------------------------------------------------------

_TRAILING: Final = ("note", "sources", "date_claims")
"""Base fields placed at the end of a row: long free text and nested lists."""


_Column: TypeAlias = "tuple[str, attrs.Attribute[Any], attrs.Attribute[Any] | None]"


def _row_fields(cls: type[Event]) -> list[_Column]:
    """Return ``(column, field, inner field)`` for each column of *cls*, in column order."""
    fields = _public_fields(cls)
    ordered = [f for f in fields if f.name not in _TRAILING]
    ordered += [f for name in _TRAILING for f in fields if f.name == name]
    out: list[_Column] = []
    for field in ordered:
        nested = _NESTED.get(str(field.type))
        if field.name == "countries":  # the main country, then all of them when several
            out.extend((name, field, None) for name in ("country", "countries"))
        elif nested is None:
            out.append((field.name, field, None))
        else:
            inners = attrs.fields(nested)
            out.extend((f"{field.name}.{inner.name}", field, inner) for inner in inners)
    return out


def _all_columns() -> tuple[str, ...]:
    base = [column for column, _, _ in _row_fields(Event)]
    head, tail = base[: -len(_TRAILING)], base[-len(_TRAILING) :]
    extra: list[str] = []
    for cls in EVENT_KINDS.values():
        for column, _, _ in _row_fields(cls):
            if column not in base and column not in extra:
                extra.append(column)
    return ("kind", *head, *extra, *tail)


ROW_COLUMNS: Final[tuple[str, ...]] = _all_columns()
"""The columns of the flat row form, in order: ``kind``, the common fields, every kind's own
fields (a record field such as ``training`` becomes ``training.chips``, ``training.cost``...),
then ``note``, ``sources`` and ``date_claims``."""


def row_columns(kinds: Iterable[str] | None = None) -> tuple[str, ...]:
    """Return the columns of :data:`ROW_COLUMNS` that events of *kinds* use, in order.

    ``kind`` and the columns every event has always come first. With *kinds* None, return
    every column.

    Raises:
        InvalidEventError: a name in *kinds* is not a kind.

    >>> row_columns(["event"])
    ('kind', 'id', 'when', 'title', 'actors', 'country', 'countries', 'tags', 'note', 'sources',
     'date_claims')
    """
    if kinds is None:
        return ROW_COLUMNS
    used = {"kind", *(column for column, _, _ in _row_fields(Event))}
    for kind in kinds:
        try:
            cls = _kind_class(kind, "kinds")
        except _FieldError as exc:
            msg = f"kinds contains {kind!r}; expected {exc.expected}"
            raise InvalidEventError(msg) from None
        used.update(column for column, _, _ in _row_fields(cls))
    return tuple(c for c in ROW_COLUMNS if c in used)


def event_to_row(event: Event) -> dict[str, str]:
    """Return *event* as one flat row of strings, keyed by every column of :data:`ROW_COLUMNS`.

    This is the CSV form (:func:`aitimeline.io.write_csv`) and the pandas form
    (``Timeline.to_pandas``). Columns the event's kind lacks are ``""``, as are fields that
    are None. Cells are plain where a spreadsheet can show them plainly:

    * dates: EDTF text (``2024-09``); a period, or a relative date, is its JSON object;
    * lists of names and tags: joined with ``"; "`` (a JSON list if a name has a ``;``);
    * an empty cell is ``""`` in a text field and None (or the default) in any other;
    * booleans: ``true``/``false``; numbers: as Python prints them; money: ``$619M``;
      parameters and chip-hours: ``671B``, ``2.788M`` (exact);
    * ``sources`` and ``date_claims``: the JSON lists of :func:`event_to_dict`.

    Raises:
        InvalidEventError: the event's class is not in :data:`EVENT_KINDS`.

    >>> row = event_to_row(Release(id="qwq", when="2024-11", title="QwQ", model="QwQ",
    ...                            capabilities="reasoning", parameters=Parameters("32.5B")))
    >>> row["kind"], row["when"], row["capabilities"], row["parameters"], row["stage"]
    ('release', '2024-11', 'reasoning', '32.5B', 'released')
    """
    cls = _registered(event)
    row = dict.fromkeys(ROW_COLUMNS, "")
    row["kind"] = event.kind
    for column, field, inner in _row_fields(cls):
        value = getattr(event, field.name)
        if inner is not None:
            if value is not None:
                row[column] = _codec_of(inner).to_cell(getattr(value, inner.name))
        elif field.name == "date_claims":
            claims: list[JSONValue] = [_claim_to_json(c, event.sources) for c in value]
            row[column] = _json_cell(claims) if value else ""
        elif field.name == "sources":
            row[column] = _SOURCES.to_cell(value) if value else ""
        elif column == "country":
            row[column] = value[0] if value else ""
        elif column == "countries":
            row[column] = _items_cell(value) if len(value) > 1 else ""
        else:
            row[column] = _codec_of(field).to_cell(value)
    return row


def _check_columns(row: Mapping[str, str], cls: type[Event], own: set[str]) -> None:
    """Reject unknown columns, and values in columns that *cls* has no field for."""
    for column, cell in row.items():
        if column == "preview" and issubclass(cls, Release):
            continue
        if column not in ROW_COLUMNS:
            near = difflib.get_close_matches(str(column), ROW_COLUMNS, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            _bad(str(column), cell, f"a known column; this is not one{hint}")
        if cell and column != "kind" and column not in own:
            _bad(column, cell, f"an empty cell: kind {cls.KIND!r} has no field {column!r}")


def _nested_from_cells(
    cls: type[Event], columns: list[_Column], row: Mapping[str, str]
) -> dict[str, object]:
    """Build the record fields (``training``) from their ``name.inner`` columns."""
    values: dict[str, dict[str, object]] = {}
    for column, field, inner in columns:
        cell = row.get(column, "")
        if inner is not None and cell:
            values.setdefault(field.name, {})[inner.name] = _codec_of(inner).from_cell(cell, column)
    out: dict[str, object] = {}
    for name, kwargs in values.items():
        record = _NESTED[str(attrs.fields_dict(cls)[name].type)]
        try:
            out[name] = record(**kwargs)
        except TimelineError as exc:
            _bad(name, kwargs, f"a valid {name} record ({exc})")
    return out


def _event_from_cells(row: Mapping[str, str]) -> Event:
    cls = _kind_class(row.get("kind") or _MISSING, "kind")
    columns = _row_fields(cls)
    _check_columns(row, cls, {column for column, _, _ in columns})
    sources: list[Source] = []
    if row.get("sources"):
        sources = _load_sources(_cell_json(row["sources"], "sources"), "sources")
    kwargs: dict[str, object] = {"sources": sources, **_nested_from_cells(cls, columns, row)}
    for column, field, inner in columns:
        cell = row.get(column, "")
        if inner is not None or column == "sources":
            continue
        if not cell:
            if field.default is attrs.NOTHING:
                _bad(column, _MISSING, f"a value: kind {cls.KIND!r} requires it")
            if str(field.type) == "str":
                kwargs[column] = ""  # an empty text cell is '', whatever the default
        elif column == "date_claims":
            kwargs[column] = _load_claims(_cell_json(cell, column), sources, column)
        elif column == "country":
            kwargs[column] = cell
        else:
            kwargs[column] = _codec_of(field).from_cell(cell, column)
    if row.get("preview") and issubclass(cls, Release):
        kwargs["preview"] = _uncell_bool(row["preview"], "preview")
    return _build(cls, kwargs, row)


def _is_blank(cell: object) -> bool:
    """Tell whether a cell is missing: None, or a float NaN (pandas' missing value)."""
    return cell is None or (isinstance(cell, float) and cell != cell)  # noqa: PLR0124 - NaN test


def event_from_row(row: Mapping[str, str | None], *, where: str) -> Event:
    """Build an event from a flat row of strings (see :func:`event_to_row`).

    Keys must be columns of :data:`ROW_COLUMNS` (missing ones count as empty); ``None`` and
    a float NaN (pandas' missing value) count as empty cells. An empty cell leaves the field
    at its default, and a non-empty cell in a column that the row's kind lacks is an error, so
    no value is dropped silently.

    Args:
        row: The cells, keyed by column name.
        where: Where the row came from, such as ``"events.csv, row 5"``; it starts every
            error message.

    Raises:
        InvalidEventError: an unknown column, a missing required value, or a cell that does
            not read as its field's type; the message names *where*, the event id, the
            column, the value and what was expected.
    """
    cells: dict[str, str] = {}
    try:
        for column, cell in row.items():
            if _is_blank(cell):
                cell = ""  # noqa: PLW2901 - a missing cell reads as an empty one
            if not isinstance(cell, str):
                _bad(str(column), cell, "a string cell")
            cells[str(column)] = cell
        return _event_from_cells(cells)
    except _FieldError as exc:
        event_id = cells.get("id") or None
        raise InvalidEventError(_located(where, event_id, exc, "column")) from None
