"""The JSON objects of a row store's events, made from its columns, not event by event.

Layer: beside ``_csvcols``; :func:`aitimeline.io.dumps` calls it for a timeline built from
cells. ``event_to_dict`` writes each field through its codec, leaving out fields at their
default. Here each group of columns a kind reads together (``_cellfields.KindInfo.groups``) is
written once per distinct combination of its cells: one probe event (a good row of the kind
with those cells put in) is built and written, and the keys of the group's fields are taken
from it. A plain text field (``id``, ``title``, ``model``) is its cell's text. The objects are
then put together row by row in the order ``event_to_dict`` writes the fields, so the JSON
text is the same as from the built events (a differential test checks it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np

from aitimeline._cellfields import CellFields, KindInfo, first_rows, opaque
from aitimeline._codec import TEXT, Codec, FieldError, json_cell
from aitimeline._datecells import plain_dates
from aitimeline._events import Event, event_from_row, event_to_dict
from aitimeline._kinds import field_codecs, kind_class
from aitimeline._store import RowStore
from aitimeline._timeline import Timeline
from aitimeline.exceptions import TimelineError

if TYPE_CHECKING:
    import numpy.typing as npt

    from aitimeline._types import JSONValue

    Ints = npt.NDArray[np.int64]

__all__ = [
    "ESCAPED_SURROGATE",
    "SKIP",
    "Cells",
    "Coded",
    "Texts",
    "dump_document",
    "good_timeline",
    "indented",
    "json_columns",
    "json_items",
    "json_table",
    "json_texts",
    "lone_surrogate",
    "read_items",
]

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
SKIP: Final = object()
"""Stands for a field left out of an object (at its default)."""
_MISSING_CELL: Final = "\x00missing"
"""Stands for a cell not converted yet (no cell holds a NUL)."""


def json_items(store: RowStore, pos: npt.NDArray[np.int64] | None) -> list[dict[str, JSONValue]]:
    """Return ``event_to_dict`` of the events at positions *pos* (None: all), from the cells.

    Raises:
        InvalidEventError: a row makes no event (the first in timeline order, as building
            the events raises).
    """
    out: list[dict[str, JSONValue] | None] = [None] * store.n
    for rows, part in json_table(store):
        if isinstance(part, list):
            items = part
        else:
            keys, table = part
            items = [
                {k: v for k, v in zip(keys, item, strict=True) if v is not SKIP}
                for item in zip(*table, strict=True)
            ]
        for i, item in zip(rows.tolist(), items, strict=True):
            out[i] = item
    chosen = out if pos is None else [out[i] for i in pos.tolist()]
    return [item for item in chosen if item is not None]


def indented(indent: int | None) -> tuple[list[str], Callable[[object, int], str]]:
    """Return the padding of depths 0 to 3 and a writer of one JSON value at a depth.

    ``value(item, level)`` is *item* as ``json.dumps(..., ensure_ascii=False, indent=indent,
    allow_nan=False)`` writes it at depth *level*: a text through the C string encoder,
    anything else through the encoder, its inner lines indented past *level* (*indent* None:
    on one line, no padding).
    """
    encoder = json.JSONEncoder(ensure_ascii=False, indent=indent, allow_nan=False)
    quote = json.encoder.encode_basestring
    pad = [" " * ((indent or 0) * level) for level in range(4)]

    def value(item: object, level: int) -> str:
        if isinstance(item, str):
            return str(quote(item))
        return encoder.encode(item).replace("\n", "\n" + pad[level])

    return pad, value


def dump_document(
    doc: dict[str, JSONValue],
    indent: int | None,
    rows: tuple[RowStore, npt.NDArray[np.int64] | None] | None = None,
) -> str:
    """Return ``json.dumps(doc, ensure_ascii=False, indent=indent, allow_nan=False)``.

    With an indent, the standard encoder runs in Python; here each event's keys and text
    values go through its C string encoder, other values through the encoder itself, and the
    lines are put together as it would put them. With *rows* (a row store and positions),
    the events are those of the store, written from its columns (``_jsoncols.json_texts``).
    """
    events = doc.get("events")
    if indent is None or not isinstance(events, list) or not (events or rows):
        return json.dumps(doc, ensure_ascii=False, indent=indent, allow_nan=False)
    quote = json.encoder.encode_basestring
    pad, value = indented(indent)

    def event(item: JSONValue) -> str:
        if not isinstance(item, dict) or not item:
            return pad[2] + value(item, 2)
        lines = [f"{pad[3]}{quote(k)}: {value(v, 3)}" for k, v in item.items()]
        return f"{pad[2]}{{\n" + ",\n".join(lines) + f"\n{pad[2]}}}"

    head = [f"{pad[1]}{quote(k)}: {value(v, 1)}" for k, v in doc.items() if k != "events"]
    if rows is None:
        body = ",\n".join(map(event, events))
    else:
        texts = json_texts(*rows, lambda v: value(v, 3), pad[3])
        opening, closing = f"{pad[2]}{{\n", f"\n{pad[2]}}}"
        body = opening + f"{closing},\n{opening}".join(texts) + closing
    head.append(f'{pad[1]}"events": [\n{body}\n{pad[1]}]')
    return "{\n" + ",\n".join(head) + "\n}"


def json_texts(
    store: RowStore, pos: npt.NDArray[np.int64] | None, value: Callable[[object], str], pad: str
) -> list[str]:
    """Return each event's JSON object as text, as :func:`dump_document` writes an item of a list.

    *value* writes a JSON value (a key's, at the depth of the object's keys), *pad* is the
    indentation of the object's keys; the object's own braces are indented by the caller.
    Each value is written once per distinct object (probed values are shared by the rows).

    Raises:
        InvalidEventError: as :func:`json_items`.
    """
    quote = json.encoder.encode_basestring
    out: list[str] = [""] * store.n
    for rows, part in json_table(store):
        if isinstance(part, list):
            texts = [_object_text(item, value, pad) for item in part]
        else:
            keys, table = part
            columns = [
                _column_texts(f"{pad}{quote(key)}: ", values, value)
                for key, values in zip(keys, table, strict=True)
            ]
            if any("" in column for column in columns):  # some values left out
                texts = [",\n".join(filter(None, row)) for row in zip(*columns, strict=True)]
            else:
                texts = list(map(",\n".join, zip(*columns, strict=True)))
        for i, text in zip(rows.tolist(), texts, strict=True):
            out[i] = text
    return out if pos is None else [out[i] for i in pos.tolist()]


def _column_texts(head: str, values: list[object], value: Callable[[object], str]) -> list[str]:
    """Return each row's ``key: value`` line (*head* then the value), "" where left out.

    Text is quoted by the C encoder; other values are written once per distinct object.
    """
    if SKIP not in values and set(map(type, values)) <= {str}:
        return list(map(head.__add__, map(json.encoder.encode_basestring, values)))  # type: ignore[arg-type]
    objects = dict(zip(map(id, values), values, strict=True))
    written = {k: "" if v is SKIP else head + value(v) for k, v in objects.items()}
    return list(map(written.__getitem__, map(id, values)))


def _object_text(item: dict[str, JSONValue], value: Callable[[object], str], pad: str) -> str:
    quote = json.encoder.encode_basestring
    return ",\n".join(f"{pad}{quote(k)}: {value(v)}" for k, v in item.items())


def json_table(
    store: RowStore,
) -> list[
    tuple[npt.NDArray[np.int64], tuple[list[str], list[list[object]]] | list[dict[str, JSONValue]]]
]:
    """Return, per kind, its rows and its JSON keys with a value per row (or ``SKIP``).

    A user kind with checks of its own gives its built events' objects instead.
    """
    fields = store.fields
    fields.check()
    out: list[
        tuple[
            npt.NDArray[np.int64], tuple[list[str], list[list[object]]] | list[dict[str, JSONValue]]
        ]
    ] = []
    for name, rows in fields.by_kind():
        kind = fields.kind_of(name)
        if kind is None or opaque(kind.cls):  # pragma: no cover - user kinds' own checks
            out.append((rows, [event_to_dict(store.event(i)) for i in rows.tolist()]))
            continue
        out.append((rows, _kind_table(store, kind, rows)))
    return out


def _kind_table(
    store: RowStore, kind: KindInfo, rows: npt.NDArray[np.int64]
) -> tuple[list[str], list[list[object]]]:
    """Return the JSON keys of the rows of one kind, in order, and a value per row each.

    The values of :func:`_kind_columns`, spread to the rows (``SKIP``: left out).
    """
    table: list[list[object]] = [[kind.cls.KIND] * len(rows)]
    columns = _kind_columns(store, kind, rows)
    for spec in columns.values():
        if isinstance(spec, Texts):
            texts = store.fields.texts(spec.name)
            cells = [texts[i] for i in rows.tolist()]
            table.append([SKIP if c == spec.default else c for c in cells])
        else:
            table.append([spec.values[k] for k in spec.codes.tolist()])
    return ["kind", *columns], table


@attrs.frozen
class Texts:
    """A plain text field's values: the cells of column *name*, left out at *default*."""

    name: str
    default: str | None


@attrs.frozen
class Coded:
    """A field's values as distinct values (``SKIP``: left out) and a code per row."""

    values: list[object]
    codes: npt.NDArray[np.int64]


def json_columns(
    store: RowStore,
) -> list[tuple[npt.NDArray[np.int64], str, dict[str, Texts | Coded] | list[dict[str, JSONValue]]]]:
    """Return, per kind, its rows, its name and the values of its JSON keys in order.

    The keys (kind aside) map to :class:`Texts` or :class:`Coded` values; a user kind with
    checks of its own gives its built events' objects instead.
    """
    fields = store.fields
    fields.check()
    out: list[
        tuple[npt.NDArray[np.int64], str, dict[str, Texts | Coded] | list[dict[str, JSONValue]]]
    ] = []
    for name, rows in fields.by_kind():
        kind = fields.kind_of(name)
        if kind is None or opaque(kind.cls):  # pragma: no cover - user kinds' own checks
            out.append((rows, name, [event_to_dict(store.event(i)) for i in rows.tolist()]))
            continue
        out.append((rows, kind.cls.KIND, _kind_columns(store, kind, rows)))
    return out


def _kind_columns(
    store: RowStore, kind: KindInfo, rows: npt.NDArray[np.int64]
) -> dict[str, Texts | Coded]:
    """Return the values of the JSON keys of one kind's rows, in order (as ``_kind_table``)."""
    fields = store.fields
    template = fields.row(int(rows[0]))
    present = set(fields.present())
    values: dict[str, Texts | Coded] = {}
    for group in kind.groups:
        names = list(dict.fromkeys(kind.fields[c][0].name for c in group))
        given = tuple(c for c in group if c in present)
        field, codec = kind.fields[group[0]]
        if len(group) == 1 and codec is TEXT and field.converter is None and given:
            default = None if field.default is attrs.NOTHING else field.default
            values[field.name] = Texts(group[0], default)
            continue
        if given == ("when",):
            values["when"] = _when_coded(fields, template, rows)
            continue
        if given:
            first, inverse = first_rows(fields.keys(given, rows))
        else:
            first, inverse = np.zeros(1, dtype=np.int64), np.zeros(len(rows), dtype=np.int64)
        written = [_probe(fields, template, given, i) for i in rows[first].tolist()]
        for name in names:
            for key in ("country", "countries") if name == "countries" else (name,):
                values[key] = Coded([d.get(key, SKIP) for d in written], inverse)
    return {k: values[k] for k in _order(kind.cls) if k in values}


def _when_coded(fields: CellFields, template: dict[str, str], rows: npt.NDArray[np.int64]) -> Coded:
    """Return the JSON ``when`` of each row, coded: a plain date's text, else a probe's value."""
    codes, texts = fields.codes("when")
    read = plain_dates(texts)[0]
    first, inverse = first_rows(codes[rows])
    used = codes[rows[first]]
    out: list[object] = [texts[c] for c in used.tolist()]
    for j, (c, r) in enumerate(zip(used.tolist(), first.tolist(), strict=True)):
        if not read[c]:  # a date that is not plain: its probe's value
            out[j] = _probe(fields, template, ("when",), int(rows[r]))["when"]
    return Coded(out, inverse.astype(np.int64))


def _probe(
    fields: CellFields, template: dict[str, str], given: tuple[str, ...], i: int
) -> dict[str, JSONValue]:
    """Return the JSON object of the kind's good row with the cells *given* of position *i*."""
    row = fields.row(i)
    return event_to_dict(event_from_row({**template, **{c: row[c] for c in given}}, where=""))


def _order(cls: type[Event]) -> list[str]:
    """Return the keys ``event_to_dict`` writes for kind *cls*, in its order (kind aside)."""
    order: list[str] = []
    for field in attrs.fields(cls):
        if not field.name.startswith("_"):
            order += ["country", "countries"] if field.name == "countries" else [field.name]
    return order


def lone_surrogate(value: object) -> tuple[str, str] | None:
    """Return the path and text of the first string in *value* holding a lone surrogate.

    The walk is iterative: a value nested as deep as the JSON decoder allows is fine.
    """
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return path, item
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                if _SURROGATE.search(key):
                    return f"{path}.{key}" if path else key, key
                stack.append((f"{path}.{key}" if path else key, child))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", child) for i, child in reversed(list(enumerate(item))))
    return None


# -- reading ----------------------------------------------------------------------------------

ESCAPED_SURROGATE: Final = re.compile(r"\\u[dD][89abAB]|\\u[dD][c-fC-F]|[\ud800-\udfff]")


def _cell(
    cls: type[Event], key: str, value: object, codecs: Mapping[str, Codec] | None = None
) -> str | None:
    """Return the row cell of JSON *value* under *key* for kind *cls*; None if not simple.

    *codecs* are ``field_codecs(cls)`` when the caller has them.
    """
    if key == "country":
        return value if isinstance(value, str) else None
    codec = (field_codecs(cls) if codecs is None else codecs).get(key)
    if codec is None or codec.nested is not None or key == "training":
        return None
    if key in ("sources", "date_claims"):
        return json_cell(value) if isinstance(value, list) and value else None
    if key == "when":
        if isinstance(value, str) and not value.lstrip().startswith("{"):
            return value
        return json_cell(value) if isinstance(value, dict) else None
    try:
        return codec.to_cell(codec.from_json(value, key))
    except (FieldError, TimelineError, TypeError, ValueError):
        return None


def _text_key(cls: type[Event], key: str) -> bool:
    """Tell whether *key*'s JSON text is its row cell as it is (``_cell`` of a text value)."""
    return key == "country" or field_codecs(cls).get(key) is TEXT


def _columns(located: list[tuple[int, object]]) -> dict[str, list[str]] | None:
    """Return the row cells of the event objects, by column; None if one is not plain."""
    n = len(located)
    kinds = [""] * n
    columns: dict[str, list[str]] = {"kind": kinds}
    cells = Cells()
    for r, (_line, item) in enumerate(located):
        cls = kind_class(item.get("kind")) if isinstance(item, dict) else None
        if cls is None or not isinstance(item, dict):
            return None
        for key, value in item.items():
            if key == "kind":
                continue
            cell = cells.of(cls, key, value)
            if cell is None:
                return None
            column = columns.get(key)
            if column is None:
                column = columns[key] = [""] * n
            column[r] = cell
        kinds[r] = cls.KIND
    return columns


class Cells:
    """``_cell`` of each value, worked out once per distinct scalar value of a key."""

    def __init__(self) -> None:
        self.cache: dict[tuple[object, ...], str | None] = {}
        self.plain: dict[tuple[type[Event], str], bool] = {}  # a text value its own cell?
        self.codecs: dict[type[Event], Mapping[str, Codec]] = {}  # field_codecs, once a kind

    def is_text(self, cls: type[Event], key: str) -> bool:
        """Tell whether a text value of *key* for kind *cls* is its own cell."""
        is_text = self.plain.get((cls, key))
        if is_text is None:
            is_text = self.plain[cls, key] = _text_key(cls, key)
        return is_text

    def of(self, cls: type[Event], key: str, value: object) -> str | None:
        if type(value) is str and self.is_text(cls, key):  # ids, titles, models: the text
            return value  # is the cell (not memoised)
        scalar = isinstance(value, str | int | float | bool) or value is None
        codecs = self.codecs.get(cls)
        if codecs is None:
            codecs = self.codecs[cls] = field_codecs(cls)
        if not scalar:
            return _cell(cls, key, value, codecs)
        memo = (cls, key, type(value), value)
        cell = self.cache.get(memo, _MISSING_CELL)
        if cell is _MISSING_CELL:
            cell = self.cache[memo] = _cell(cls, key, value, codecs)
        return cell


def read_items(text: str, located: list[tuple[int, object]], name: str) -> Timeline | None:
    """Return the timeline of the JSON event objects *located* (line, object), from columns.

    Returns None when any object is not plain (an unknown kind or key, a nested record, a
    lone surrogate, a value that does not read) or any row makes no event: the caller then
    reads the objects one by one, which names the first bad one as it always did.
    """
    if ESCAPED_SURROGATE.search(text):
        return None
    columns = _columns(located)
    if columns is None or not {"id", "when", "title"} <= columns.keys():
        return None
    lines = [line for line, _item in located]
    return good_timeline(columns, lambda r: f"{name}, line {lines[r]}")


def good_timeline(columns: Mapping[str, Any], label: Callable[[int], str]) -> Timeline | None:
    """Return the timeline of the row cells *columns* if every row makes an event, else None.

    *label* names row *r* in messages (the caller re-reads a bad document for its own).
    """
    try:
        timeline = Timeline._from_cells(columns, lazy=True, label=label, copy=False)  # noqa: SLF001
    except TimelineError:
        return None
    store = timeline._store  # noqa: SLF001 - the row store just built
    if not isinstance(store, RowStore) or store.fields.bad_rows().any():
        return None
    return timeline
