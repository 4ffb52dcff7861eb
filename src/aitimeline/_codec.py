"""The text and data forms of values: how each field type moves to JSON and to a CSV cell.

Layer: after ``_dates`` and ``_quantities``, before the records. One :class:`Codec` per value
type -- dates, spans, text, lists of text, bools, numbers, decimals, money, quantities and
nested records -- with what it expects, written once. Record fields carry their codec in
``attrs.field(metadata=...)`` (see :func:`meta`); the event forms (``_event_codec``), the
predicate JSON (``_query``) and the storage layer all read values through here, so a date has
one JSON form everywhere.

Readers are strict and consistent: JSON objects with a duplicate key, JSON nested deeper than
:data:`MAX_DEPTH`, non-bool flags and non-string precisions are refused, with the path of the
bad value, never read as something else.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType, NoneType
from typing import Any, Final, Literal, NoReturn, TypeAlias, TypeVar, get_args, get_origin

import attrs
import pendulum

from aitimeline._dates import Precision, RelativeWhen, Span, When
from aitimeline._quantities import ChipHours, Money, Parameters, scaled
from aitimeline._types import JSONValue
from aitimeline.exceptions import DateError, InvalidEventError, TimelineError

__all__ = [
    "BOOL",
    "CODEC_KEY",
    "DECIMAL",
    "FLOAT",
    "INT",
    "MAX_DEPTH",
    "MISSING",
    "MONEY",
    "SPAN",
    "TEMPORAL",
    "TEXT",
    "TEXT_SET",
    "TEXT_TUPLE",
    "WHEN",
    "Codec",
    "Family",
    "FieldError",
    "bad",
    "check_depth",
    "codec_for_type",
    "codec_of",
    "loads",
    "meta",
    "optional",
    "record",
    "record_from_json",
    "record_to_json",
    "records",
    "temporal_from_json",
    "temporal_to_json",
]

Family: TypeAlias = Literal["temporal", "text", "number", "bool", "multi", "other"]
"""How queries compare a field's values: dates, text, numbers, bools, collections, or other."""

MAX_DEPTH: Final = 64
"""How deeply JSON may nest in a cell or a predicate: deeper input is refused, not recursed."""


class FieldError(Exception):
    """A plain value that does not fit a field (internal; turned into InvalidEventError)."""

    def __init__(self, path: str, value: object, expected: str) -> None:
        """Record where (*path*), what (*value*) and what was *expected*."""
        super().__init__(path, value, expected)
        self.path = path
        self.value = value
        self.expected = expected


def bad(path: str, value: object, expected: str) -> NoReturn:
    """Raise the FieldError for *value* at *path*."""
    raise FieldError(path, value, expected)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Final = _Missing()
"""Stands for a required key that is absent."""


def _depth(value: object, limit: int) -> int:
    """Return how deeply lists and objects nest in *value*, stopping past *limit*."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            todo.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def check_depth(value: object, path: str) -> None:
    """Refuse *value* when it nests deeper than :data:`MAX_DEPTH`."""
    if _depth(value, MAX_DEPTH) > MAX_DEPTH:
        bad(path, "…", f"JSON nested at most {MAX_DEPTH} levels deep")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            msg = f"duplicate key {key!r}"
            raise ValueError(msg)
        out[key] = value
    return out


def loads(text: str, path: str) -> object:
    """Read JSON *text* strictly: no duplicate keys, no NaN, nesting at most MAX_DEPTH."""
    opening = re.match(r"[\s\[{]*", text)
    if opening is not None and opening.group().count("[") + opening.group().count("{") > MAX_DEPTH:
        bad(path, text[:20] + "…", f"JSON nested at most {MAX_DEPTH} levels deep")
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        bad(path, text, f"valid JSON ({exc.msg} at character {exc.pos + 1})")
    except (ValueError, RecursionError) as exc:
        reason = "too deeply nested" if isinstance(exc, RecursionError) else str(exc)
        bad(path, text if len(text) < 80 else text[:79] + "…", f"valid JSON ({reason})")
    check_depth(value, path)
    return value


def _no_constant(name: str) -> NoReturn:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


# --------------------------------------------------------------------------------------------
# Dates

_WHEN_EXPECTED: Final = (
    "a date such as '2024-09-12', '2024-09', '2024-Q4', '2024' or '2024-09-10/2024-09-20', "
    "or an object with earliest/latest/precision or anchor/offset"
)


def when_to_json(value: When) -> JSONValue:
    if isinstance(value, RelativeWhen):
        out: dict[str, JSONValue] = {
            "anchor": when_to_json(value.anchor),
            "offset": value.offset,
            "direction": value.direction,
            "qualifier": value.qualifier,
        }
        if value.slack:
            out["slack"] = value.slack
        out["resolved"] = when_to_json(value.resolved())
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


def _precision(value: object, path: str) -> Precision:
    names = [p.name.lower() for p in Precision]
    if isinstance(value, str) and value.lower() in names:
        return Precision[value.upper()]
    bad(path, value, f"a valid date range (a precision name, one of {names})")


def _iso_day(value: object, path: str) -> pendulum.Date:
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return pendulum.Date(day.year, day.month, day.day)
    bad(path, value, "a day in YYYY-MM-DD form")


def when_from_json(value: object, path: str) -> When:
    if isinstance(value, str):
        try:
            return When.parse(value)
        except DateError as exc:
            bad(path, value, f"a date ({exc})")
    if isinstance(value, dict) and "anchor" in value:
        return _relative_from_json(value, path)
    if isinstance(value, dict) and {"earliest", "latest", "precision"} <= value.keys():
        unknown = value.keys() - {"earliest", "latest", "precision", "approximate", "uncertain"}
        if unknown:
            bad(f"{path}.{min(unknown)}", value, "no other keys in a date object")
        flags = {k: value.get(k, False) for k in ("approximate", "uncertain")}
        for k, flag in flags.items():
            if not isinstance(flag, bool):
                bad(f"{path}.{k}", flag, "true or false")
        try:
            return When(
                _iso_day(value["earliest"], f"{path}.earliest"),
                _iso_day(value["latest"], f"{path}.latest"),
                _precision(value["precision"], f"{path}.precision"),
                approximate=flags["approximate"],
                uncertain=flags["uncertain"],
            )
        except DateError as exc:
            bad(path, value, f"a valid date range ({exc})")
    bad(path, value, _WHEN_EXPECTED)


def _relative_from_json(value: dict[str, object], path: str) -> When:
    allowed = {"anchor", "offset", "direction", "qualifier", "slack", "resolved"}
    if unknown := value.keys() - allowed:
        bad(f"{path}.{min(unknown)}", value, f"only the keys {sorted(allowed)}")
    anchor = when_from_json(value["anchor"], f"{path}.anchor")
    offset, direction = value.get("offset"), value.get("direction", "after")
    qualifier, slack = value.get("qualifier", "exactly"), value.get("slack", 0)
    if not isinstance(offset, str):
        bad(f"{path}.offset", offset, "an offset such as '1 week' or '3 months'")
    if direction not in ("before", "after"):
        bad(f"{path}.direction", direction, "'before' or 'after'")
    if not isinstance(qualifier, str):
        bad(f"{path}.qualifier", qualifier, "a qualifier such as 'exactly' or 'less_than'")
    if isinstance(slack, bool) or not isinstance(slack, int):
        bad(f"{path}.slack", slack, "a whole number of days")
    try:
        result = When.relative(
            anchor,
            offset,
            before=direction == "before",
            qualifier=qualifier,  # type: ignore[arg-type]  # checked by When.relative
            slack=slack,
        )
    except DateError as exc:
        bad(path, value, f"a valid relative date ({exc})")
    if "resolved" in value:
        resolved = when_from_json(value["resolved"], f"{path}.resolved")
        if resolved != result.resolved():
            bad(
                f"{path}.resolved",
                value["resolved"],
                f"{when_to_json(result.resolved())!r}, which the statement resolves to "
                "(fix the statement, or drop 'resolved' to recompute it)",
            )
    return result


def _span_to_json(value: Span) -> JSONValue:
    return {
        "start": when_to_json(value.start),
        "end": None if value.end is None else when_to_json(value.end),
    }


def _span_from_json(value: object, path: str) -> Span:
    if not (isinstance(value, dict) and "start" in value and value.keys() <= {"start", "end"}):
        bad(path, value, "a period object such as {'start': '2022-10-07', 'end': null}")
    start = when_from_json(value["start"], f"{path}.start")
    end_value = value.get("end")
    end = None if end_value is None else when_from_json(end_value, f"{path}.end")
    try:
        return Span(start, end)
    except DateError as exc:
        bad(path, value, f"a valid period ({exc})")


def temporal_to_json(value: When | Span) -> JSONValue:
    return _span_to_json(value) if isinstance(value, Span) else when_to_json(value)


def temporal_from_json(value: object, path: str) -> When | Span:
    if isinstance(value, dict) and "start" in value:
        return _span_from_json(value, path)
    return when_from_json(value, path)


# --------------------------------------------------------------------------------------------
# Cells


def json_cell(value: JSONValue) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def cell_json(text: str, path: str) -> object:
    return loads(text, path)


def _date_cell(value: JSONValue) -> str:
    """A date's cell: its EDTF text when that is its whole JSON form, else the JSON object."""
    return value if isinstance(value, str) else json_cell(value)


def _date_uncell(text: str, path: str) -> object:
    return cell_json(text, path) if text.lstrip().startswith("{") else text


def items_cell(items: Iterable[str]) -> str:
    """Join strings with ``'; '``, or write a JSON list when that would not read back."""
    items = list(items)
    joined = "; ".join(items)
    plain = all(i and i == i.strip() and ";" not in i for i in items)
    return joined if plain and not joined.startswith("[") else json_cell(list(items))


def _items_uncell(text: str, path: str) -> list[object]:
    if not text.strip():
        return []
    if text.lstrip().startswith("["):
        value = cell_json(text, path)
        if not isinstance(value, list):  # pragma: no cover - '[' starts a list
            bad(path, text, "a JSON list")
        return value
    return [part.strip() for part in text.split(";")]


# --------------------------------------------------------------------------------------------
# Codecs


@attrs.frozen
class Codec:
    """How one field type moves to and from JSON values and CSV cells, and how it is queried."""

    expected: str
    """What a good value looks like, for messages."""
    family: Family
    """How queries compare the values (the query layer reads it from here)."""
    to_json: Callable[[Any], JSONValue]
    from_json: Callable[[object, str], Any]
    to_cell: Callable[[Any], str]
    from_cell: Callable[[str, str], Any]
    nested: type[attrs.AttrsInstance] | None = None
    """The record class of a nested record field (a row gives it one column per inner field)."""


def codec(
    expected: str,
    family: Family,
    to_json: Callable[[Any], JSONValue],
    from_json: Callable[[object, str], Any],
    to_cell: Callable[[Any], str] | None = None,
    from_cell: Callable[[str, str], Any] | None = None,
) -> Codec:
    """Return a codec; a missing cell form writes the JSON form as a JSON text."""
    return Codec(
        expected,
        family,
        to_json,
        from_json,
        to_cell or (lambda v: json_cell(to_json(v))),
        from_cell or (lambda text, path: from_json(cell_json(text, path), path)),
    )


def optional(inner: Codec) -> Codec:
    """Allow None (JSON null, an empty cell) besides the values of *inner*."""
    return Codec(
        f"{inner.expected}, or null",
        inner.family,
        lambda v: None if v is None else inner.to_json(v),
        lambda v, p: None if v is None else inner.from_json(v, p),
        lambda v: "" if v is None else inner.to_cell(v),
        lambda t, p: None if not t.strip() else inner.from_cell(t, p),
        inner.nested,
    )


CODEC_KEY: Final = "aitimeline.codec"
"""The ``attrs.field(metadata=...)`` key under which a record field carries its Codec."""


def meta(field_codec: Codec) -> dict[str, Codec]:
    """Return the metadata that gives a field its codec: ``attrs.field(metadata=meta(TEXT))``."""
    return {CODEC_KEY: field_codec}


def codec_of(field: attrs.Attribute[Any]) -> Codec:
    """Return the codec a field carries in its metadata.

    Raises:
        KeyError: the field carries none (a kind is checked for that when it is registered).
    """
    found = field.metadata[CODEC_KEY]
    assert isinstance(found, Codec)  # noqa: S101 - meta() is the only writer
    return found


def _load_text(value: object, path: str) -> str:
    if not isinstance(value, str):
        bad(path, value, "a string")
    return value


def _load_bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        bad(path, value, "true or false")
    return value


def _uncell_bool(text: str, path: str) -> bool:
    lowered = text.strip().lower()
    if lowered not in ("true", "false"):
        bad(path, text, "'true' or 'false'")
    return lowered == "true"


_MAX_DIGITS: Final = 4000
"""The longest whole number read (Python refuses to convert beyond 4,300 digits)."""


def _load_int(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        bad(path, value, "a whole number")
    return value


def _uncell_int(text: str, path: str) -> int:
    if not re.fullmatch(r"\s*-?[0-9]{1,4000}\s*", text):
        bad(path, text, f"a whole number such as '2048' (ASCII digits, at most {_MAX_DIGITS})")
    return int(text)


def _load_float(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        bad(path, value, "a number")
    try:
        return float(value)
    except OverflowError:
        bad(path, value, "a number within the range of a float")


def _uncell_float(text: str, path: str) -> float:
    if not text.isascii():
        bad(path, text, "a number such as '48.4' (ASCII digits)")
    try:
        return float(text)
    except ValueError:
        bad(path, text, "a number such as '48.4'")


def _load_decimal(value: object, path: str) -> Decimal:
    expected = "a decimal number, written as a string such as '109.5'"
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        bad(path, value, expected)
    text = str(value)
    if not text.isascii():
        bad(path, value, f"{expected} (ASCII digits)")
    try:
        result = Decimal(text)
    except InvalidOperation:
        bad(path, value, expected)
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
        bad(path, value, f"{expected} ({exc})")
    bad(path, value, expected)


def _quantity(cls: type[Parameters | ChipHours], example: str) -> Codec:
    attribute = attrs.fields(cls)[0].name

    def load(value: object, path: str) -> Any:  # noqa: ANN401 - Parameters or ChipHours
        if isinstance(value, (int, str)) and not isinstance(value, bool):
            try:
                return cls(value)
            except (InvalidEventError, ValueError) as exc:
                bad(path, value, f"a positive whole number or {example!r} ({exc})")
        bad(path, value, f"a positive whole number or a text such as {example!r}")

    return codec(
        f"a count such as {example!r}",
        "number",
        lambda v: getattr(v, attribute),
        load,
        lambda v: scaled(Decimal(getattr(v, attribute))),
        load,
    )


def _load_items(value: object, path: str) -> list[str]:
    if not isinstance(value, list):
        bad(path, value, "a list of strings")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            bad(f"{path}[{i}]", item, "a string")
    return value


def _uncell_items(text: str, path: str) -> list[str]:
    return _load_items(_items_uncell(text, path), path)


TEXT: Final = codec("a string", "text", lambda v: v, _load_text, lambda v: v, lambda t, _p: t)
WHEN: Final = codec(
    _WHEN_EXPECTED,
    "temporal",
    when_to_json,
    when_from_json,
    lambda v: _date_cell(when_to_json(v)),
    lambda t, p: when_from_json(_date_uncell(t, p), p),
)
SPAN: Final = codec(
    "a period object such as {'start': '2022-10-07', 'end': null}",
    "temporal",
    _span_to_json,
    _span_from_json,
)
TEMPORAL: Final = codec(
    f"{_WHEN_EXPECTED}, or a period object with start/end",
    "temporal",
    temporal_to_json,
    temporal_from_json,
    lambda v: _date_cell(temporal_to_json(v)),
    lambda t, p: temporal_from_json(_date_uncell(t, p), p),
)
# Read back as the field's own type, so a field without a converter round-trips too.
TEXT_TUPLE: Final = codec(
    "a list of strings",
    "multi",
    list,
    lambda v, p: tuple(_load_items(v, p)),
    items_cell,
    lambda t, p: tuple(_uncell_items(t, p)),
)
TEXT_SET: Final = codec(
    "a list of slugs",
    "multi",
    sorted,
    lambda v, p: frozenset(_load_items(v, p)),
    lambda v: items_cell(sorted(v)),
    lambda t, p: frozenset(_uncell_items(t, p)),
)
BOOL: Final = codec(
    "true or false",
    "bool",
    lambda v: v,
    _load_bool,
    lambda v: "true" if v else "false",
    _uncell_bool,
)
INT: Final = codec("a whole number", "number", lambda v: v, _load_int, str, _uncell_int)
FLOAT: Final = codec("a number", "number", lambda v: v, _load_float, repr, _uncell_float)
DECIMAL: Final = codec(
    "a decimal number such as '109.5'", "number", str, _load_decimal, str, _load_decimal
)
MONEY: Final = codec(
    "a money object such as {'amount': '619000000', 'currency': 'USD'}",
    "other",
    _money_to_json,
    _load_money,
    str,
    _load_money,
)
PARAMETERS: Final = _quantity(Parameters, "671B")
CHIP_HOURS: Final = _quantity(ChipHours, "2.788M")


# --------------------------------------------------------------------------------------------
# Records nested in records (sources, a release's training)

_R = TypeVar("_R", bound=attrs.AttrsInstance)


def record_to_json(value: attrs.AttrsInstance) -> dict[str, JSONValue]:
    """Return the JSON object of a nested record: the fields that differ from defaults."""
    out: dict[str, JSONValue] = {}
    for field in attrs.fields(type(value)):
        item = getattr(value, field.name)
        if field.default is not attrs.NOTHING and item == field.default:
            continue
        out[field.name] = codec_of(field).to_json(item)
    return out


def _check_keys(value: object, cls: type[attrs.AttrsInstance], path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        bad(path, value, f"a {cls.__name__} object")
    names = [f.name for f in attrs.fields(cls)]
    for key in value:
        if key not in names:
            near = difflib.get_close_matches(str(key), names, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            bad(f"{path}.{key}", value[key], f"no such field; {cls.__name__} has {names}{hint}")
    for field in attrs.fields(cls):
        if field.default is attrs.NOTHING and field.name not in value:
            bad(f"{path}.{field.name}", MISSING, "a value: the field is required")
    return value


def record_from_json(cls: type[_R], value: object, path: str) -> _R:
    """Build a nested record of class *cls* from its JSON object."""
    data = _check_keys(value, cls, path)
    kwargs = {}
    for field in attrs.fields(cls):
        if field.name in data:
            item = data[field.name]
            kwargs[field.name] = codec_of(field).from_json(item, f"{path}.{field.name}")
    try:
        return cls(**kwargs)
    except TimelineError as exc:
        bad(path, value, f"a valid {cls.__name__} ({exc})")


def record(cls: type[attrs.AttrsInstance]) -> Codec:
    """Return the codec of a nested record of class *cls* (a JSON object of its fields)."""
    return Codec(
        f"a {cls.__name__} object",
        "other",
        record_to_json,
        lambda v, p: record_from_json(cls, v, p),
        lambda v: json_cell(record_to_json(v)),
        lambda t, p: record_from_json(cls, cell_json(t, p), p),
        cls,
    )


def records(cls: type[attrs.AttrsInstance]) -> Codec:
    """Return the codec of a list of nested records of class *cls*."""

    def load(value: object, path: str) -> list[Any]:
        if not isinstance(value, list):
            bad(path, value, f"a list of {cls.__name__.lower()} objects")
        return [record_from_json(cls, item, f"{path}[{i}]") for i, item in enumerate(value)]

    return codec(
        f"a list of {cls.__name__.lower()} objects",
        "multi",
        lambda v: [record_to_json(item) for item in v],
        load,
    )


# --------------------------------------------------------------------------------------------
# Codecs of a user-defined kind's fields, from the field's (resolved) type

_BY_TYPE: Final[Mapping[object, Codec]] = MappingProxyType(
    {
        str: TEXT,
        bool: BOOL,
        int: INT,
        float: FLOAT,
        Decimal: DECIMAL,
        When: WHEN,
        Span: SPAN,
        Money: MONEY,
        Parameters: PARAMETERS,
        ChipHours: CHIP_HOURS,
        tuple[str, ...]: TEXT_TUPLE,
        frozenset[str]: TEXT_SET,
    }
)


def codec_for_type(tp: object) -> Codec | None:
    """Return the codec of a field of type *tp* (a type object, ``X | None`` allowed), or None."""
    if get_origin(tp) is not None and NoneType in get_args(tp):
        rest = tuple(a for a in get_args(tp) if a is not NoneType)
        inner = codec_for_type(rest[0]) if len(rest) == 1 else None
        return None if inner is None else optional(inner)
    if set(get_args(tp)) == {When, Span}:
        return TEMPORAL
    try:
        return _BY_TYPE.get(tp)
    except TypeError:  # an unhashable annotation
        return None
