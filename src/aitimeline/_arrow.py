"""The columnar layout of events: an Arrow schema, and events to and from Arrow tables (private).

Parquet files and the query engines (:mod:`aitimeline.engines`) use this layout. One row per
event, in the order given; the columns hold the same fields as the ``aitimeline/1`` JSON form:

* ``kind``, ``id``: strings; ``countries``: ``list<string>`` (``country`` is its first).
* every date field (``when``, ``in_force``): its JSON form as text in a column of its own name
  (``"2024-09"``, or a JSON object for a period, a relative date or a range), which is what
  reading uses, and beside it the bounds that queries use: ``<field>_earliest`` and
  ``<field>_latest`` (the first and last day it may touch), ``<field>_start_latest`` and
  ``<field>_end_earliest`` (a period's latest start and earliest end; for an instant they
  equal latest and earliest), ``<field>_instant``, and for instants ``<field>_precision``
  (``"month"``), ``<field>_approximate`` and ``<field>_uncertain``. Bounds are Arrow
  ``date32``, normalised as :meth:`When.ordinal_bounds` normalises them.
* ``sources``: ``list<struct<publisher, title, published, url, quote, key>>``;
  ``date_claims``: ``list<struct<when, source, source_record, wording>>`` where ``source`` is
  an index into the row's sources and ``source_record`` a source of its own.
* text fields: strings; lists and tag sets: ``list<string>``; booleans, whole numbers
  (parameter counts, chip-hours), floats; decimals as their text; money as
  ``struct<amount, currency>``; ``training`` as a struct of its fields.
* ``all_tags``: ``list<string>``, the derived tag set that :func:`~aitimeline.tagged` asks
  (the tags as given plus a release's capabilities and ``open-weights``); written for the
  engines, checked against the event on reading, never read as data.
* a field of another kind is null. Kinds share a column when their field has the same name and
  type; otherwise the later kind's column is ``<kind>_<field>`` (``milestone_value``).

>>> import aitimeline as at
>>> e = at.Event(id="chatgpt", when="2022-11", title="ChatGPT launched", country="US")
>>> table = to_arrow([e])
>>> table.column("when_earliest")[0].as_py(), table.column("when_latest")[0].as_py()
(datetime.date(2022, 11, 1), datetime.date(2022, 11, 30))
>>> from_arrow(table) == [e]
True
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from aitimeline._dates import Span, When
from aitimeline._events import (
    EVENT_KINDS,
    Event,
    JSONValue,
    Source,
    Training,
    event_from_dict,
    event_to_dict,
)
from aitimeline.exceptions import DataFileError, InvalidEventError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "BOUNDS",
    "column_of",
    "columns_of",
    "date_text",
    "from_arrow",
    "schema",
    "to_arrow",
]

BOUNDS: Final = ("earliest", "start_latest", "end_earliest", "latest")
"""Suffixes of a date field's bound columns, in the order of ``When.ordinal_bounds``."""

_EPOCH: Final = dt.date(1970, 1, 1).toordinal()
_BASE: Final = frozenset(f.name for f in attrs.fields(Event))


def _json_text(value: JSONValue) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def date_text(value: JSONValue) -> str:
    """A date's text: its EDTF string when that is its JSON form, else the JSON object."""
    return value if isinstance(value, str) else _json_text(value)


def _date_json(text: str, where: str, field: str) -> JSONValue:
    if not text.lstrip().startswith("{"):
        return text
    try:
        loaded: JSONValue = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"{where}: field {field!r}={text!r}: expected a date or a JSON date object ({exc})"
        raise DataFileError(msg) from None
    return loaded


# --------------------------------------------------------------------------------------------
# The schema


@attrs.frozen
class _Field:
    """How one event field is laid out: its column, Arrow type and category."""

    name: str
    column: str
    category: str
    """One of temporal, text, decimal, list, bool, int, float, money, training, sources, claims,
    or json (any other field type: its JSON form as text)."""


_CATEGORY: Final[Mapping[str, str]] = {
    "str": "text",
    "ExportAction": "text",
    "ReleaseStage": "text",
    "str | None": "text",
    "Decimal | None": "decimal",
    "When | Span": "temporal",
    "When": "temporal",
    "When | None": "temporal",
    "Span | None": "temporal",
    "tuple[str, ...]": "list",
    "frozenset[str]": "list",
    "bool": "bool",
    "bool | None": "bool",
    "int | None": "int",
    "Parameters | None": "int",
    "ChipHours | None": "int",
    "float": "float",
    "float | None": "float",
    "Money | None": "money",
    "Training | None": "training",
    "tuple[Source, ...]": "sources",
    "tuple[DateClaim, ...]": "claims",
}


def _category(field: attrs.Attribute[Any]) -> str:
    """Return the field's category; a type without a line above is kept as its JSON text."""
    return _CATEGORY.get(str(field.type), "json")


def _layout() -> tuple[dict[str, tuple[_Field, ...]], dict[str, str]]:
    """Return each kind's fields with their columns, and each column's category."""
    kinds: dict[str, tuple[_Field, ...]] = {}
    columns: dict[str, str] = {}
    for kind, cls in EVENT_KINDS.items():
        fields = []
        for field in attrs.fields(cls):
            category = _category(field)
            column = field.name
            if columns.get(column, category) != category:
                column = f"{kind}_{field.name}"
            columns.setdefault(column, category)
            fields.append(_Field(field.name, column, category))
        kinds[kind] = tuple(fields)
    return kinds, columns


_KINDS, _COLUMNS = _layout()


def columns_of(kind: str) -> Mapping[str, str]:
    """Return the column of each field of *kind*, by field name.

    >>> columns_of("milestone")["value"], columns_of("score")["value"]
    ('milestone_value', 'value')
    """
    return {f.name: f.column for f in _KINDS[kind]}


def column_of(field: str) -> dict[str, tuple[str, str]]:
    """Return ``{kind: (column, category)}`` for every kind that has *field*.

    >>> sorted(set(column_of("value").values()))
    [('milestone_value', 'decimal'), ('value', 'float')]
    """
    return {
        kind: (f.column, f.category)
        for kind, fields in _KINDS.items()
        for f in fields
        if f.name == field
    }


def _source_type() -> pa.DataType:
    import pyarrow as pa  # noqa: PLC0415 - pyarrow is imported when the layout is used

    return pa.struct([(f.name, pa.string()) for f in attrs.fields(Source)])


def _arrow_type(category: str) -> pa.DataType:
    import pyarrow as pa  # noqa: PLC0415 - as above

    money = pa.struct([("amount", pa.string()), ("currency", pa.string())])
    simple: dict[str, pa.DataType] = {
        "text": pa.string(),
        "decimal": pa.string(),
        "json": pa.string(),
        "temporal": pa.string(),
        "list": pa.list_(pa.string()),
        "bool": pa.bool_(),
        "int": pa.int64(),
        "float": pa.float64(),
        "money": money,
        "sources": pa.list_(_source_type()),
    }
    if category in simple:
        return simple[category]
    if category == "training":
        kinds = {"chips": pa.int64(), "chip_hours": pa.int64(), "tokens": pa.int64()}
        inner = [(f.name, kinds.get(f.name, pa.string())) for f in attrs.fields(Training)]
        return pa.struct([(n, money if n == "cost" else t) for n, t in inner])
    claim = [
        ("when", pa.string()),
        ("source", pa.int32()),
        ("source_record", _source_type()),
        ("wording", pa.string()),
    ]
    return pa.list_(pa.struct(claim))


DERIVED_TAGS: Final = "all_tags"
"""The column of the derived tag set (:attr:`Event.all_tags`), which engines query."""


def schema() -> pa.Schema:
    """Return the Arrow schema of the columnar layout (every kind's columns).

    >>> s = schema()
    >>> s.field("when_earliest").type, s.field("tags").type
    (DataType(date32[day]), ListType(list<item: string>))
    """
    import pyarrow as pa  # noqa: PLC0415 - as above

    out: list[pa.Field] = [pa.field("kind", pa.string(), nullable=False)]
    for column, category in _COLUMNS.items():
        out.append(pa.field(column, _arrow_type(category), nullable=column != "id"))
        if category == "temporal":
            out.extend(pa.field(f"{column}_{b}", pa.date32()) for b in BOUNDS)
            out.append(pa.field(f"{column}_instant", pa.bool_()))
            out.append(pa.field(f"{column}_precision", pa.string()))
            out.append(pa.field(f"{column}_approximate", pa.bool_()))
            out.append(pa.field(f"{column}_uncertain", pa.bool_()))
    out.append(pa.field(DERIVED_TAGS, pa.list_(pa.string())))
    return pa.schema(out)


# --------------------------------------------------------------------------------------------
# Events to Arrow


def _default_json(field: attrs.Attribute[Any]) -> JSONValue:
    default = field.default
    if default is attrs.NOTHING or default is None:
        return None
    if isinstance(default, tuple | frozenset):
        return sorted(default)
    if isinstance(default, str | bool | int | float):
        return default
    return None  # pragma: no cover - every default is one of the above


_DEFAULTS: Final[Mapping[tuple[str, str], JSONValue]] = {
    (kind, f.name): _default_json(f) for kind, cls in EVENT_KINDS.items() for f in attrs.fields(cls)
}


def _source_cell(value: JSONValue) -> dict[str, str | None]:
    data = value if isinstance(value, dict) else {}
    out: dict[str, str | None] = {f.name: None for f in attrs.fields(Source)}
    for key, item in data.items():
        out[key] = date_text(item) if key == "published" else str(item)
    return out


def _cell(category: str, value: JSONValue) -> object:
    """Return the Arrow (Python) value of a field's JSON value."""
    if value is None:
        return None
    if category == "temporal":
        return date_text(value)
    if category == "json":
        return _json_text(value)
    if category == "sources":
        return [_source_cell(s) for s in value] if isinstance(value, list) else None
    if category == "claims":
        claims = []
        for claim in value if isinstance(value, list) else []:
            c = claim if isinstance(claim, dict) else {}
            source = c.get("source")
            claims.append(
                {
                    "when": date_text(c["when"]),
                    "source": source if isinstance(source, int) else None,
                    "source_record": None if isinstance(source, int) else _source_cell(source),
                    "wording": c.get("wording", ""),
                }
            )
        return claims
    if category == "training" and isinstance(value, dict):
        return {f.name: value.get(f.name) for f in attrs.fields(Training)}
    return value


def _bounds(value: object) -> tuple[tuple[int, int, int, int], bool, When | None]:
    assert isinstance(value, When | Span)  # noqa: S101 - a temporal field holds one
    s_lo, s_hi, e_lo, e_hi, instant = value.ordinal_bounds()
    return (s_lo, s_hi, e_lo, e_hi), instant, value if isinstance(value, When) else None


def _bound_cells(cells: dict[str, list[object]], column: str, raw: When | Span) -> None:
    """Append the day bounds, instant flag, precision and qualifiers of a date's columns."""
    bounds, instant, when = _bounds(raw)
    for suffix, ordinal in zip(BOUNDS, (bounds[0], bounds[1], bounds[2], bounds[3]), strict=True):
        cells[f"{column}_{suffix}"].append(ordinal - _EPOCH)
    cells[f"{column}_instant"].append(instant)
    cells[f"{column}_precision"].append(when and when.precision.name.lower())
    cells[f"{column}_approximate"].append(when and when.approximate)
    cells[f"{column}_uncertain"].append(when and when.uncertain)


def to_arrow(events: Iterable[Event]) -> pa.Table:
    """Return the Arrow table of *events*, one row each in the order given.

    Raises:
        InvalidEventError: an event's class is not in :data:`EVENT_KINDS`.
    """
    import pyarrow as pa  # noqa: PLC0415 - as above

    target = schema()
    cells: dict[str, list[object]] = {name: [] for name in target.names}
    for rows, event in enumerate(events, start=1):
        data = event_to_dict(event)
        if "country" in data:  # the JSON form's short key for a single country
            data["countries"] = [data.pop("country")]
        kind = event.kind
        cells["kind"].append(kind)
        for f in _KINDS[kind]:
            value = data.get(f.name, _DEFAULTS[kind, f.name])
            cells[f.column].append(_cell(f.category, value))
            if f.category == "temporal" and (raw := getattr(event, f.name)) is not None:
                _bound_cells(cells, f.column, raw)
        cells[DERIVED_TAGS].append(sorted(event.all_tags))
        for values in cells.values():
            if len(values) < rows:
                values.append(None)
    arrays = []
    for field in target:
        values = cells[field.name]
        if field.type == pa.date32():
            arrays.append(pa.array(values, type=pa.int32()).cast(pa.date32()))
        else:
            arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=target)


# --------------------------------------------------------------------------------------------
# Arrow to events


def _check_schema(table: pa.Table, name: str) -> None:
    import pyarrow as pa  # noqa: PLC0415 - as above

    target = schema()
    for required in ("kind", "id"):
        if required not in table.column_names:
            msg = (
                f"{name}: column {required!r} is missing; expected the aitimeline columnar "
                f"layout (columns {', '.join(target.names[:6])}, ...)"
            )
            raise DataFileError(msg)
    if "when" not in table.column_names and "when_earliest" not in table.column_names:
        msg = f"{name}: column 'when' is missing; expected 'when' or the when_* bound columns"
        raise DataFileError(msg)
    for column in table.column_names:
        if column not in target.names:
            msg = (
                f"{name}: column {column!r} is not part of the layout; expected only "
                f"columns of aitimeline's schema (see aitimeline.io.parquet_schema())"
            )
            raise DataFileError(msg)
        want = target.field(column).type
        got = table.schema.field(column).type
        if got != want and not (pa.types.is_null(got) or _compatible(got, want)):
            msg = f"{name}: column {column!r} has type {got}; expected {want}"
            raise DataFileError(msg)


def _compatible(got: pa.DataType, want: pa.DataType) -> bool:
    import pyarrow as pa  # noqa: PLC0415 - as above

    pairs = (
        (pa.types.is_string, pa.types.is_large_string),
        (pa.types.is_string, pa.types.is_dictionary),
        (pa.types.is_list, pa.types.is_large_list),
    )
    return any(a(want) and b(got) for a, b in pairs)


def _source_json(cell: Mapping[str, object], where: str, field: str) -> dict[str, JSONValue]:
    out: dict[str, JSONValue] = {}
    for key, value in cell.items():
        if value is None:
            continue
        if key == "published" and isinstance(value, str):
            out[key] = _date_json(value, where, f"{field}.published")
        else:
            out[key] = value  # type: ignore[assignment]  # checked by event_from_dict
    return out


def _claims_json(value: list[Mapping[str, Any]], where: str) -> list[JSONValue]:
    out: list[JSONValue] = []
    for i, claim in enumerate(value):
        path = f"date_claims[{i}]"
        item: dict[str, JSONValue] = {
            "when": _date_json(claim["when"] or "", where, f"{path}.when")
        }
        record = claim.get("source_record")
        if claim.get("source") is not None:
            item["source"] = claim["source"]
        elif record is not None:
            item["source"] = _source_json(record, where, f"{path}.source")
        if claim.get("wording"):
            item["wording"] = claim["wording"]
        out.append(item)
    return out


def _field_json(f: _Field, value: Any, where: str) -> JSONValue:  # noqa: ANN401 - Arrow's values
    if f.category == "temporal":
        return _date_json(value, where, f.name)
    if f.category == "json":
        try:
            loaded: JSONValue = json.loads(value)
        except json.JSONDecodeError as exc:
            msg = f"{where}: field {f.name!r}={value!r}: expected JSON text ({exc})"
            raise DataFileError(msg) from None
        return loaded
    if f.category == "sources":
        return [_source_json(s, where, f"{f.name}[{i}]") for i, s in enumerate(value)]
    if f.category == "claims":
        return _claims_json(value, where)
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v is not None}
    if isinstance(value, dt.date):  # pragma: no cover - no date32 field holds event data
        return value.isoformat()
    return value  # type: ignore[no-any-return]  # a JSON scalar or list, checked on building


def _when_from_bounds(row: Mapping[str, Any], where: str) -> JSONValue:
    if not row.get("when_instant", True) or row.get("when_precision") is None:
        msg = f"{where}: field 'when' is null; expected the date's text (periods need it)"
        raise DataFileError(msg)
    earliest, latest = row.get("when_earliest"), row.get("when_latest")
    if not isinstance(earliest, dt.date) or not isinstance(latest, dt.date):
        msg = f"{where}: fields 'when' and 'when_earliest'/'when_latest' are null; expected a date"
        raise DataFileError(msg)
    return {
        "earliest": earliest.isoformat(),
        "latest": latest.isoformat(),
        "precision": row["when_precision"],
        "approximate": bool(row.get("when_approximate")),
        "uncertain": bool(row.get("when_uncertain")),
    }


def _row_event(row: Mapping[str, Any], where: str) -> Event:
    kind = row["kind"]
    fields = _KINDS.get(kind) if isinstance(kind, str) else None
    if fields is None:
        msg = f"{where}: field 'kind'={kind!r}: expected one of {list(EVENT_KINDS)}"
        raise DataFileError(msg)
    own = {f.column for f in fields}
    for column, category in _COLUMNS.items():
        if column not in own and row.get(column) is not None:
            msg = (
                f"{where}: column {column!r}={row[column]!r} is set, but kind {kind!r} has no "
                f"such field; expected null ({category})"
            )
            raise DataFileError(msg)
    data: dict[str, object] = {"kind": kind}
    for f in fields:
        value = row.get(f.column)
        if value is None and f.name == "when" and "when_earliest" in row:
            value = date_text(_when_from_bounds(row, where))
        if value is not None:
            data[f.name] = _field_json(f, value, where)
    try:
        event = event_from_dict(data, where=where)
    except InvalidEventError as exc:
        raise DataFileError(str(exc)) from exc
    _check_bounds(event, row, where)
    stored = row.get(DERIVED_TAGS)
    if stored is not None and frozenset(stored) != event.all_tags:
        msg = (
            f"{where}: column {DERIVED_TAGS!r}={sorted(stored)!r} disagrees with the tags, "
            f"capabilities and open weights of the event; expected {sorted(event.all_tags)!r} "
            "(the column is derived: leave it null to have it ignored)"
        )
        raise DataFileError(msg)
    return event


def _check_bounds(event: Event, row: Mapping[str, Any], where: str) -> None:
    """Reject stored bounds that disagree with the date they are derived from."""
    for f in _KINDS[event.kind]:
        if f.category != "temporal" or f.column == "date_claims":
            continue
        value = getattr(event, f.name)
        if value is None:
            continue
        bounds, _, _ = _bounds(value)
        for suffix, ordinal in zip(BOUNDS, bounds, strict=True):
            stored = row.get(f"{f.column}_{suffix}")
            if stored is not None and stored.toordinal() != ordinal:
                expected = dt.date.fromordinal(ordinal).isoformat()
                msg = (
                    f"{where}: field '{f.column}_{suffix}'={stored.isoformat()!r} disagrees "
                    f"with {f.name}; expected {expected!r}"
                )
                raise DataFileError(msg)


def from_arrow(table: pa.Table, *, name: str = "<table>", first_row: int = 1) -> list[Event]:
    """Return the events of an Arrow table in the columnar layout, in row order.

    Args:
        table: A table with the columns of :func:`schema` (any subset holding ``kind``, ``id``
            and the dates).
        name: What to call the table in error messages, such as its file name.
        first_row: The number of the table's first row in messages (rows count from 1).

    Raises:
        DataFileError: a column is unknown or of the wrong type, or a row does not make an
            event; the message names the table, the row, the field and the value.
    """
    _check_schema(table, name)
    events: list[Event] = []
    for batch in table.to_batches(max_chunksize=65_536):
        for row in batch.to_pylist():
            where = f"{name}, row {first_row + len(events)}"
            events.append(_row_event(row, where))
    return events
