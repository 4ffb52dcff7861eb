"""The fields predicates read, and the values they may be compared with.

Layer: the bottom of the query layer. Every field name and the family of its values come from
the one kind registry (``_kinds``): a field carries its codec, and the codec its family. This
module also checks the operands of a comparison (a scalar of the field's family, a date, a
kind, a tag), so the builders (:func:`~aitimeline._columns.col`) and the JSON readers of the
predicate nodes refuse the same things with the same messages.

>>> known_fields()["country"]
'text'
>>> field_family("parameters")
'number'
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from typing import Final, TypeAlias

from aitimeline._codec import Family, FieldError, temporal_from_json, temporal_to_json
from aitimeline._dates import DayRange, Span, When
from aitimeline._index import MISSING
from aitimeline._kinds import EVENT_KINDS, field_families
from aitimeline._periods import as_instant, as_period
from aitimeline._quantities import ChipHours, Parameters
from aitimeline._records import Event
from aitimeline._types import JSON
from aitimeline.exceptions import DateError, QueryError, UnknownFieldError

__all__ = [
    "TAGS_FIELD",
    "Scalar",
    "TemporalArg",
    "column_field",
    "day_range",
    "field_family",
    "field_value",
    "json_scalar",
    "kind_class",
    "kind_name",
    "kinds",
    "known_fields",
    "scalar_operand",
    "tag_name",
    "temporal_from_json_as",
    "temporal_json",
    "temporal_operand",
    "temporal_repr",
    "when_from_json_as",
    "when_operand",
]

Scalar: TypeAlias = str | int | float | bool
"""The values a field may be compared with (plus dates, for date fields)."""
TemporalArg: TypeAlias = When | Span | str | dt.date | Event
"""What the temporal tests accept: a When, a Span, a date string, a date or an event."""

TAGS_FIELD: Final = "all_tags"
"""What ``tags`` means in a query: the tags as given plus those derived from typed fields
(:attr:`Event.all_tags`), so ``col("tags").contains(t)`` is ``tagged(t)``."""

_DERIVED: Final[dict[str, Family]] = {"country": "text", "all_tags": "multi", "preview": "bool"}
"""Properties that predicates read like fields: the main country (the first of ``countries``),
the tags with those derived from typed fields, and whether a release is not yet released."""


# --------------------------------------------------------------------------------------------
# Fields and kinds


def known_fields() -> dict[str, Family]:
    """Return every field name a registered event kind has, with the family of its values.

    The kind registry (``_kinds``) is the one source: each field's family comes from the
    codec its ``attrs.field(metadata=...)`` carries. A new dict on every call.
    """
    fields: dict[str, Family] = {"kind": "text", **_DERIVED}
    for name, family in field_families().items():
        previous = fields.get(name)
        fields[name] = family if previous in (None, family) else "other"
    return fields


def field_family(name: object) -> Family:
    """Return the family of field *name*.

    Raises:
        QueryError: *name* is not a string.
        UnknownFieldError: no registered kind has that field (the message lists near names).
    """
    if not isinstance(name, str):
        msg = f"field name {name!r} ({type(name).__name__}) is not a string"
        raise QueryError(msg)
    fields = known_fields()
    family = fields.get(name)
    if family is None:
        near = difflib.get_close_matches(name, list(fields), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
        msg = (
            f"field={name!r} is not a field of any event kind{hint} "
            f"Known fields: {', '.join(sorted(fields))}"
        )
        raise UnknownFieldError(msg)
    return family


def column_field(name: object) -> tuple[str, Family]:
    """Return the field a query reads for the column *name*, with its family.

    ``tags`` reads the derived tags (:data:`TAGS_FIELD`); every other name is itself.

    Raises:
        QueryError: *name* is not a string.
        UnknownFieldError: no registered kind has that field.
    """
    family = field_family(name)
    return (TAGS_FIELD if name == "tags" else str(name), family)


def kinds() -> dict[str, type[Event]]:
    """Return every registered event kind string with its class (a new dict)."""
    return dict(EVENT_KINDS)


def kind_class(kind: str) -> type[Event]:
    """Return the registered class of the kind string *kind*.

    Raises:
        QueryError: *kind* is not a registered kind.
    """
    table = kinds()
    cls = table.get(kind)
    if cls is None:
        msg = f"kind={kind!r} is not an event kind; expected one of {', '.join(sorted(table))}"
        raise QueryError(msg)
    return cls


def kind_name(kind: object) -> str:
    """Return the kind string of *kind* (a registered Event subclass or its kind string).

    Raises:
        QueryError: *kind* is neither.
    """
    if isinstance(kind, type):
        found = kind.__dict__.get("KIND", getattr(kind, "KIND", None))
        if not isinstance(found, str) or not issubclass(kind, Event):
            msg = f"kind={kind!r} is not an event kind; pass an Event subclass such as Release"
            raise QueryError(msg)
        return found
    if not isinstance(kind, str):
        msg = f"kind={kind!r} is not an event kind; pass a class or a kind string"
        raise QueryError(msg)
    kind_class(kind)
    return kind


def tag_name(tag: object) -> str:
    """Return *tag* if it is a tag (a non-empty string).

    Raises:
        QueryError: it is not.
    """
    if not isinstance(tag, str) or not tag:
        msg = f"tag={tag!r} is not a tag; expected a non-empty string"
        raise QueryError(msg)
    return tag


def _unwrap(value: object) -> object:
    """Return the number inside a typed quantity (Parameters, ChipHours), else *value*."""
    if isinstance(value, Parameters):
        return value.count
    if isinstance(value, ChipHours):
        return value.hours
    return value


def field_value(event: object, field: str) -> object:
    """Return what predicates see of *event*'s *field*: MISSING if absent or None.

    Typed quantities compare as numbers: ``Parameters('671B')`` is seen as 671000000000.
    """
    value = getattr(event, field, MISSING)
    return MISSING if value is None else _unwrap(value)


# --------------------------------------------------------------------------------------------
# Scalar operands


def json_scalar(value: object, *, what: str) -> Scalar:
    """Return *value* if it is a JSON scalar a field may be compared with.

    Raises:
        QueryError: it is not (a finite float, an int, a string or a bool).
    """
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    msg = (
        f"{what}={value!r} ({type(value).__name__}) cannot be compared with; "
        "expected a string, a number or a bool"
    )
    raise QueryError(msg)


def scalar_operand(field: str, family: Family, op: str, value: object) -> Scalar | When | Span:
    """Return *value* as the operand of ``col(field) op value`` for a field of *family*.

    Raises:
        QueryError: the field holds several values, dates are ordered with ``<``, or *value*
            is not of the field's family.
    """
    if family == "multi":
        msg = (
            f"col({field!r}) holds several values; {op} {value!r} is ambiguous. "
            f"Use col({field!r}).contains(x) or .isin([...])"
        )
        raise QueryError(msg)
    if family == "temporal":
        if op not in ("==", "!=", "in"):
            msg = (
                f"col({field!r}) {op} {value!r}: dates have no fuzzy order; use "
                f".before(), .after() or .between() (three-valued)"
            )
            raise QueryError(msg)
        return temporal_operand(value, what=f"col({field!r}) {op} value")
    scalar = json_scalar(_unwrap(value), what=f"col({field!r}) {op} value")
    expected = {"text": (str,), "number": (int, float), "bool": (bool,)}.get(family)
    mismatched = expected is not None and not isinstance(scalar, expected)
    if mismatched or (family == "number" and isinstance(scalar, bool)):
        msg = (
            f"col({field!r}) {op} {value!r}: field {field!r} holds "
            f"{family} values, not {type(value).__name__}"
        )
        raise QueryError(msg)
    return scalar


def day_range(value: object) -> DayRange:
    """Return *value* (a DayRange, int days or a timedelta) as a non-negative DayRange.

    Raises:
        QueryError: it is not a duration, or it is negative.
    """
    if isinstance(value, DayRange):
        r = value
    elif isinstance(value, int) and not isinstance(value, bool):
        r = DayRange(value, value)
    elif isinstance(value, dt.timedelta):
        r = DayRange(value.days, value.days)
    else:
        msg = (
            f"duration={value!r} is not a duration; "
            "expected a DayRange (days(n), weeks(n)) or int days"
        )
        raise QueryError(msg)
    if r.lo < 0:
        msg = f"duration={r!r} is negative; within() needs a distance of zero or more days"
        raise QueryError(msg)
    return r


# --------------------------------------------------------------------------------------------
# Temporal operands and their JSON form


def _plain(w: When) -> When:
    if type(w) is When:
        return w
    return When(w.earliest, w.latest, w.precision, approximate=w.approximate, uncertain=w.uncertain)


def temporal_operand(value: object, *, what: str) -> When | Span:
    """Return the date or period *value* stands for in a temporal test.

    An event stands for its period where it holds over one (an export control's
    ``in_force``: see :func:`~aitimeline._periods.as_period`), else for its date; a string or
    a ``datetime.date`` is parsed as a :class:`When`.

    Raises:
        QueryError: *value* is not a date, or an event's period is not known.
    """
    if isinstance(value, Span):
        end = None if value.end is None else _plain(value.end)
        return Span(_plain(value.start), end)
    if isinstance(value, When):
        return _plain(value)
    if isinstance(value, Event):
        return temporal_operand(as_period(value, what=what, error=QueryError), what=what)
    when = getattr(value, "when", None)  # a record with a date of its own
    if isinstance(when, When | Span):
        return temporal_operand(when, what=what)
    if isinstance(value, str | dt.date):
        try:
            return When.parse(value)
        except DateError as e:
            msg = f"{what}={value!r} is not a date: {e}"
            raise QueryError(msg) from None
    msg = (
        f"{what}={value!r} ({type(value).__name__}) is not a date; "
        "expected a When, Span, date, string or event"
    )
    raise QueryError(msg)


def when_operand(value: object, *, what: str) -> When:
    """Return the single date *value* stands for (an end of ``between``).

    Raises:
        QueryError: *value* is a period, or an event that holds over one (the message names
            its period field), or not a date.
    """
    if isinstance(value, Event):
        value = as_instant(value, what=what, error=QueryError)
    return _single(temporal_operand(value, what=what), value, what=what)


def _single(t: When | Span, given: object, *, what: str) -> When:
    if isinstance(t, Span):
        msg = f"{what}={given!r} is a period; expected a single date"
        raise QueryError(msg)
    return t


def temporal_json(t: When | Span) -> JSON:
    """Return the one JSON form (``_codec``) of a date or period operand."""
    return temporal_to_json(temporal_operand(t, what="date"))


def temporal_from_json_as(data: JSON, *, where: str) -> When | Span:
    """Read a date or period in the one JSON form of ``_codec``.

    Raises:
        QueryError: *data* is not a date's or a period's JSON form (the message names where).
    """
    try:
        return temporal_operand(temporal_from_json(data, where), what=where)
    except FieldError as e:
        msg = f"{e.path or where}={e.value!r} is not a date; expected {e.expected}"
        raise QueryError(msg) from None


def when_from_json_as(data: JSON, *, where: str) -> When:
    """Read a single date in the one JSON form of ``_codec``.

    Raises:
        QueryError: *data* is a period, or not a date.
    """
    return _single(temporal_from_json_as(data, where=where), data, what=where)


def temporal_repr(t: When | Span) -> str:
    """Return the repr of a date operand: its EDTF text when that reads back as the same date."""
    if isinstance(t, Span):
        return repr(t)
    text = t.to_edtf()
    return repr(text) if When.parse(text) == t else repr(t)
