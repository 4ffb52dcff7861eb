"""The plain forms of an event: its JSON object and its flat row of strings.

Layer: after ``_kinds``. Two plain representations are shared by every reader and writer in
the package:

* :func:`event_to_dict` / :func:`event_from_dict`: the JSON object of one event (the
  ``aitimeline/1`` file format of :mod:`aitimeline.io` is a list of these);
* :func:`event_to_row` / :func:`event_from_row`: one flat row of strings with the columns
  :func:`row_columns` (the CSV form, and the pandas form of ``Timeline.to_pandas``).

Both are lossless: ``event_from_dict(event_to_dict(e)) == e`` and
``event_from_row(event_to_row(e), where=...) == e`` for every event of a registered kind.
Each field's value goes through the codec the kind registry gives it (``_codec``).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeAlias

import attrs

from aitimeline._codec import (
    BOOL,
    MISSING,
    TEXT,
    Codec,
    FieldError,
    bad,
    cell_json,
    codec_of,
    items_cell,
    json_cell,
    optional,
    record,
    record_from_json,
    records,
    when_from_json,
    when_to_json,
)
from aitimeline._kinds import EVENT_KINDS, Release, field_codecs, kind_class
from aitimeline._records import DateClaim, Event, Source
from aitimeline._types import JSONValue
from aitimeline._validation import short
from aitimeline.exceptions import InvalidEventError, TimelineError

__all__ = [
    "ROW_COLUMNS",
    "event_from_dict",
    "event_from_row",
    "event_to_dict",
    "event_to_row",
    "row_columns",
    "row_fields",
]

_SOURCE: Final = record(Source)
_SOURCES: Final = records(Source)
_LEGACY: Final[Mapping[str, Codec]] = {"country": optional(TEXT), "preview": BOOL}
"""Constructor arguments that are not fields, read from JSON keys and row columns: the
one-country form ``country`` (every kind) and ``preview`` (releases, for ``stage``)."""


def _claim_to_json(claim: DateClaim, sources: tuple[Source, ...]) -> dict[str, JSONValue]:
    out: dict[str, JSONValue] = {"when": when_to_json(claim.when)}
    out["source"] = (
        sources.index(claim.source) if claim.source in sources else _SOURCE.to_json(claim.source)
    )
    if claim.wording:
        out["wording"] = claim.wording
    return out


def _claim_from_json(value: object, sources: list[Source], path: str) -> DateClaim:
    if not isinstance(value, dict):
        bad(path, value, "a date-claim object such as {'when': '2024-09', 'source': 0}")
    names = ["when", "source", "wording"]
    for key in value:
        if key not in names:
            near = difflib.get_close_matches(str(key), names, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            bad(f"{path}.{key}", value[key], f"no such field; DateClaim has {names}{hint}")
    for name in ("when", "source"):
        if name not in value:
            bad(f"{path}.{name}", MISSING, "a value: the field is required")
    source = value["source"]
    if isinstance(source, int) and not isinstance(source, bool):
        if not 0 <= source < len(sources):
            bad(
                f"{path}.source",
                source,
                f"an index into this event's {len(sources)} sources (0 to {len(sources) - 1}), "
                "or a source object",
            )
        claim_source = sources[source]
    else:
        claim_source = record_from_json(Source, source, f"{path}.source")
    when = when_from_json(value["when"], f"{path}.when")
    wording = TEXT.from_json(value.get("wording", ""), f"{path}.wording")
    return DateClaim(when, claim_source, wording)


def _load_claims(value: object, sources: list[Source], path: str) -> list[DateClaim]:
    if not isinstance(value, list):
        bad(path, value, "a list of date-claim objects")
    return [_claim_from_json(item, sources, f"{path}[{i}]") for i, item in enumerate(value)]


def _load_sources(value: object, path: str) -> list[Source]:
    loaded = _SOURCES.from_json(value, path)
    assert isinstance(loaded, list)  # noqa: S101 - the codec returns a list
    return loaded


def _kind_class(kind: object, path: str) -> type[Event]:
    if kind is MISSING:
        bad(path, kind, f"one of {list(EVENT_KINDS)}")
    cls = kind_class(kind)
    if cls is None:
        near = difflib.get_close_matches(str(kind), list(EVENT_KINDS), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        bad(path, kind, f"a known kind, one of {list(EVENT_KINDS)}{hint}")
    return cls


def _id_of(data: object) -> object:
    """Return the ``id`` of a would-be event object, if it has one."""
    return data.get("id") if isinstance(data, Mapping) else None


def _located(where: str, event_id: object, error: FieldError, noun: str) -> str:
    prefix = f"{where}: " if where else ""
    if isinstance(event_id, str):
        prefix += f"event {event_id!r}: "
    if error.value is MISSING:
        return f"{prefix}{noun} {error.path!r} is missing; expected {error.expected}"
    if not error.path:
        return f"{prefix}{error.expected}"
    return f"{prefix}{noun} {error.path!r}={short(error.value)}: expected {error.expected}"


def event_to_dict(event: Event) -> dict[str, JSONValue]:
    """Return the JSON object of *event*: its kind, then every field not at its default.

    Dates are EDTF strings (``"2024-09"``) where that form is exact, else objects; spans are
    ``{"start": ..., "end": ...}``; money is ``{"amount": "619000000", "currency": "USD"}``;
    quantities are ints; decimals are strings; a date claim names its source by index into the
    event's ``sources`` when it is one of them. :func:`event_from_dict` reads it back.

    Raises:
        InvalidEventError: the event's class is not a registered kind (:data:`EVENT_KINDS`).

    >>> e = Event(id="chatgpt", when="2022-11-30", title="ChatGPT launched", country="US")
    >>> event_to_dict(e)
    {'kind': 'event', 'id': 'chatgpt', 'when': '2022-11-30', 'title': 'ChatGPT launched',
     'country': 'US'}
    """
    cls = type(event)
    codecs = field_codecs(cls)
    out: dict[str, JSONValue] = {"kind": event.kind}
    for field in _public_fields(cls):
        value = getattr(event, field.name)
        if field.default is not attrs.NOTHING and value == field.default:
            continue
        if field.name == "countries":  # one country: the older, simpler "country" key
            out.update({"country": value[0]} if len(value) == 1 else {"countries": list(value)})
        elif field.name == "date_claims":
            out[field.name] = [_claim_to_json(c, event.sources) for c in value]
        else:
            out[field.name] = codecs[field.name].to_json(value)
    return out


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
            bad(str(key), data[key], f"one of the fields of kind {cls.KIND!r}: {names}{hint}")
    for field in _public_fields(cls):
        if field.default is attrs.NOTHING and field.name not in data:
            bad(field.name, MISSING, f"a value: kind {cls.KIND!r} requires it")


def _build(cls: type[Event], kwargs: Mapping[str, Any], given: object) -> Event:
    try:
        return cls(**kwargs)
    except TimelineError as exc:
        bad("", given, str(exc))


def _event_from_json(data: object) -> Event:
    if not isinstance(data, Mapping):
        bad("", data, f"an event object, not {type(data).__name__} {short(data)}")
    cls = _kind_class(data.get("kind", MISSING), "kind")
    codecs = field_codecs(cls)
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
        else:
            kwargs[name] = codecs[name].from_json(value, name)
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
    except FieldError as exc:
        raise InvalidEventError(_located(where, _id_of(data), exc, "field")) from None


# -- flat rows -------------------------------------------------------------------------------

_TRAILING: Final = ("note", "sources", "date_claims")
"""Base fields placed at the end of a row: long free text and nested lists."""


_Column: TypeAlias = "tuple[str, attrs.Attribute[Any], attrs.Attribute[Any] | None, Codec]"


def _row_fields(cls: type[Event]) -> list[_Column]:
    """Return ``(column, field, inner field, codec)`` for each column of *cls*, in order."""
    codecs = field_codecs(cls)
    fields = _public_fields(cls)
    ordered = [f for f in fields if f.name not in _TRAILING]
    ordered += [f for name in _TRAILING for f in fields if f.name == name]
    out: list[_Column] = []
    for field in ordered:
        codec = codecs[field.name]
        if field.name == "countries":  # the main country, then all of them when several
            out.extend((name, field, None, codec) for name in ("country", "countries"))
        elif codec.nested is None:
            out.append((field.name, field, None, codec))
        else:
            out.extend(
                (f"{field.name}.{inner.name}", field, inner, codec_of(inner))
                for inner in attrs.fields(codec.nested)
            )
    return out


row_fields: Final = _row_fields
"""Return ``(column, field, inner field, codec)`` for each row column of a kind, in order."""


@functools.cache
def _columns_of(classes: tuple[type[Event], ...]) -> tuple[str, ...]:
    base = [column for column, *_ in _row_fields(Event)]
    head, tail = base[: -len(_TRAILING)], base[-len(_TRAILING) :]
    extra: list[str] = []
    for cls in classes:
        for column, *_ in _row_fields(cls):
            if column not in base and column not in extra:
                extra.append(column)
    return ("kind", *head, *extra, *tail)


def _all_columns() -> tuple[str, ...]:
    """Return the columns of every registered kind (an immutable tuple, cached per registry)."""
    return _columns_of(tuple(EVENT_KINDS.values()))


ROW_COLUMNS: Final[tuple[str, ...]] = _all_columns()
"""The columns of the flat row form of the built-in kinds, in order: ``kind``, the common
fields, every kind's own fields (a record field such as ``training`` becomes
``training.chips``, ``training.cost``...), then ``note``, ``sources`` and ``date_claims``.
:func:`row_columns` adds those of kinds registered later."""


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
    every = _all_columns()
    if kinds is None:
        return every
    used = {"kind", *(column for column, *_ in _row_fields(Event))}
    for kind in kinds:
        try:
            cls = _kind_class(kind, "kinds")
        except FieldError as exc:
            msg = f"kinds contains {kind!r}; expected {exc.expected}"
            raise InvalidEventError(msg) from None
        used.update(column for column, *_ in _row_fields(cls))
    return tuple(c for c in every if c in used)


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

    >>> from aitimeline import Parameters, Release
    >>> row = event_to_row(Release(id="qwq", when="2024-11", title="QwQ", model="QwQ",
    ...                            capabilities="reasoning", parameters=Parameters("32.5B")))
    >>> row["kind"], row["when"], row["capabilities"], row["parameters"], row["stage"]
    ('release', '2024-11', 'reasoning', '32.5B', 'released')
    """
    cls = type(event)
    field_codecs(cls)  # refuse an unregistered kind
    row = dict.fromkeys(_all_columns(), "")
    row["kind"] = event.kind
    for column, field, inner, codec in _row_fields(cls):
        value = getattr(event, field.name)
        if inner is not None:
            if value is not None:
                row[column] = codec.to_cell(getattr(value, inner.name))
        elif field.name == "date_claims":
            claims: list[JSONValue] = [_claim_to_json(c, event.sources) for c in value]
            row[column] = json_cell(claims) if value else ""
        elif field.name == "sources":
            row[column] = _SOURCES.to_cell(value) if value else ""
        elif column == "country":
            row[column] = value[0] if value else ""
        elif column == "countries":
            row[column] = items_cell(value) if len(value) > 1 else ""
        else:
            row[column] = codec.to_cell(value)
    return row


def _check_columns(row: Mapping[str, str], cls: type[Event], own: set[str]) -> None:
    """Reject unknown columns, and values in columns that *cls* has no field for."""
    every = _all_columns()
    for column, cell in row.items():
        if column == "preview" and issubclass(cls, Release):
            continue
        if column not in every:
            near = difflib.get_close_matches(str(column), every, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            bad(str(column), cell, f"a known column; this is not one{hint}")
        if cell and column != "kind" and column not in own:
            bad(column, cell, f"an empty cell: kind {cls.KIND!r} has no field {column!r}")


def _nested_from_cells(
    cls: type[Event], columns: list[_Column], row: Mapping[str, str]
) -> dict[str, object]:
    """Build the record fields (``training``) from their ``name.inner`` columns."""
    values: dict[str, dict[str, object]] = {}
    nested: dict[str, type[attrs.AttrsInstance]] = {}
    for column, field, inner, codec in columns:
        cell = row.get(column, "")
        if inner is not None and cell:
            values.setdefault(field.name, {})[inner.name] = codec.from_cell(cell, column)
            inner_cls = field_codecs(cls)[field.name].nested
            if inner_cls is not None:
                nested[field.name] = inner_cls
    out: dict[str, object] = {}
    for name, kwargs in values.items():
        try:
            out[name] = nested[name](**kwargs)
        except TimelineError as exc:
            bad(name, kwargs, f"a valid {name} record ({exc})")
    return out


def _event_from_cells(row: Mapping[str, str]) -> Event:
    cls = _kind_class(row.get("kind") or MISSING, "kind")
    columns = _row_fields(cls)
    _check_columns(row, cls, {column for column, *_ in columns})
    sources: list[Source] = []
    if row.get("sources"):
        sources = _load_sources(cell_json(row["sources"], "sources"), "sources")
    kwargs: dict[str, object] = {"sources": sources, **_nested_from_cells(cls, columns, row)}
    for column, field, inner, codec in columns:
        cell = row.get(column, "")
        if inner is not None or column == "sources":
            continue
        if not cell:
            if field.default is attrs.NOTHING:
                bad(column, MISSING, f"a value: kind {cls.KIND!r} requires it")
            if codec is TEXT:
                kwargs[column] = ""  # an empty text cell is '', whatever the default
        elif column == "date_claims":
            kwargs[column] = _load_claims(cell_json(cell, column), sources, column)
        elif column == "country":
            kwargs[column] = cell
        else:
            kwargs[column] = codec.from_cell(cell, column)
    if row.get("preview") and issubclass(cls, Release):
        kwargs["preview"] = BOOL.from_cell(row["preview"], "preview")
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
                bad(str(column), cell, "a string cell")
            cells[str(column)] = cell
        return _event_from_cells(cells)
    except FieldError as exc:
        event_id = cells.get("id") or None
        raise InvalidEventError(_located(where, event_id, exc, "column")) from None
