"""Read and write timelines: the ``aitimeline/1`` JSON format and a flat CSV form.

Loading never executes anything: files are parsed as JSON or CSV text and every value is
checked against its field's type. A file that cannot be loaded raises
:class:`~aitimeline.exceptions.DataFileError` naming the file, the line (JSON) or row (CSV),
the field, the value and what was expected; the underlying error, if any, is its
``__cause__``.

**The JSON format** (``"format": "aitimeline/1"``) is one UTF-8 object::

    {
      "format": "aitimeline/1",
      "metadata": {"name": "ai_race", ...},        (optional, free-form, ignored on reading)
      "events": [
        {"kind": "release", "id": "deepseek-r1", "when": "2025-01-20",
         "title": "...", "country": "CN", "tags": ["open-weights", "reasoning"],
         "sources": [{"key": "A000", "publisher": "The Economist", ...}],
         "date_claims": [{"when": "2025-01", "source": 0, "wording": "in January"}],
         "model": "DeepSeek-R1", "parameters": 671000000000, ...},
        ...
      ]
    }

Each event object holds ``kind`` (a key of :data:`~aitimeline.events.EVENT_KINDS`) and that kind's
fields; fields at their defaults may be left out, unknown keys are errors. Values:

* dates (``when``, ``published``, a claim's ``when``): EDTF text such as ``"2024-09-12"``,
  ``"2024-09"``, ``"2024-Q4"``, ``"2015"``, ``"2024-09~"`` or ``"2024-09-10/2024-09-20"``; a
  range whose ends are not calendar units is ``{"earliest", "latest", "precision",
  "approximate", "uncertain"}``; a relative date is ``{"anchor", "offset", "direction",
  "qualifier", "slack", "resolved"}`` (``resolved`` is checked against the statement);
* periods (``when`` of a period, ``in_force``): ``{"start": DATE, "end": DATE or null}``
  (null: still in force);
* money: ``{"amount": "619000000", "currency": "USD"}`` (the amount a decimal string);
  parameters and chip-hours: integers; decimals (``first_day_change``): strings;
* a date claim's ``source``: an index into the event's ``sources``, or a source object.

Events are written in timeline order (by date, then id). Duplicate ids, duplicate keys in an
object, ``NaN`` and unknown format versions are errors.

**The CSV form** has a header row and one row per event, with the columns of
:data:`ROW_COLUMNS` that the events' kinds use (see
:func:`event_to_row` for how cells are written). It carries every field, so it is
lossless too; ``sources`` and ``date_claims`` cells hold the same JSON lists as above.

>>> import aitimeline as at
>>> tl = at.Timeline([at.Event(id="chatgpt", when="2022-11-30", title="ChatGPT launched")])
>>> print(dumps(tl, indent=None))
{"format": "aitimeline/1", "events": [{"kind": "event", "id": "chatgpt",
 "when": "2022-11-30", "title": "ChatGPT launched"}]}
>>> loads(dumps(tl)).timeline == tl
True

Every reader returns a :class:`ReadResult` (``.timeline``, ``.summary``, ``.metadata``),
which also answers ``len``, iteration, ``in``, ``[id]``, ``.ids``, ``.where`` and
``.partition`` as its timeline does. Readers take a path or a binary file-like object, and
read gzip-compressed files (``.json.gz``, ``.csv.gz``) as they are. A path that is missing or
not a regular file (a directory, a FIFO) is a :class:`~aitimeline.exceptions.DataFileError`
raised before anything is read.
"""

from __future__ import annotations

import csv
import io as _stdio
import itertools
import json
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from typing import Final

from aitimeline._arrow import schema as parquet_schema
from aitimeline._atomic import replacing, write_pieces
from aitimeline._csvcols import csv_bytes, csv_chunks, csv_header, read_columns
from aitimeline._csvcols import surrogate_text as _surrogate_text
from aitimeline._dates import Span
from aitimeline._events import (
    ROW_COLUMNS,
    Event,
    JSONValue,
    event_from_dict,
    event_from_row,
    event_to_dict,
    event_to_row,
    row_columns,
)
from aitimeline._jsoncols import dump_document, json_items, lone_surrogate, read_items
from aitimeline._jsonfast import read_fast
from aitimeline._jsonwrite import json_chunks
from aitimeline._result import Input, LoadSummary, ReadResult, input_name, read_input
from aitimeline._store import RowStore
from aitimeline._timeline import Timeline
from aitimeline.exceptions import DataFileError, InvalidEventError

# Epoch AI importers live in aitimeline._epoch; re-export them here (add to __all__ as well):
# --- read_epoch_csv: re-export from aitimeline._epoch below this line ---
# isort: split
from aitimeline._epoch import (
    read_epoch_csv,
    read_lmarena_csv,
    read_long_scores,
)

# --- end of re-exports ---

__all__ = [
    "FORMAT",
    "ROW_COLUMNS",
    "JSONValue",
    "LoadSummary",
    "ReadResult",
    "dumps",
    "event_from_dict",
    "event_from_row",
    "event_to_dict",
    "event_to_row",
    "format_table",
    "loads",
    "parquet_schema",
    "read_csv",
    "read_epoch_csv",
    "read_json",
    "read_lmarena_csv",
    "read_long_scores",
    "read_parquet",
    "row_columns",
    "write_csv",
    "write_json",
    "write_parquet",
]

FORMAT: Final = "aitimeline/1"
"""The format tag that :func:`write_json` writes and :func:`read_json` reads."""

_TOP_KEYS: Final = ("format", "metadata", "events")
_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_BRACKETS: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)

StrPath = str | os.PathLike[str]


def __getattr__(name: str) -> object:
    """Resolve the deprecated alias ``LoadedTable`` (now :class:`ReadResult`), with a warning."""
    if name == "LoadedTable":
        warnings.warn(
            "aitimeline.io.LoadedTable is deprecated; use aitimeline.io.ReadResult, which every "
            "reader now returns",
            DeprecationWarning,
            stacklevel=2,
        )
        return ReadResult
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


# --------------------------------------------------------------------------------------------
# JSON


def dumps(
    events: Iterable[Event],
    *,
    metadata: Mapping[str, JSONValue] | None = None,
    indent: int | None = 2,
) -> str:
    r"""Return the ``aitimeline/1`` JSON text of *events* (a timeline or any iterable).

    Args:
        events: The events, written in the order given (a timeline's order is by date).
        metadata: Free-form information about the file (name, licence, how it was made),
            written under ``"metadata"`` and ignored by :func:`loads`.
        indent: Spaces per indentation level; None writes one line.

    Raises:
        InvalidEventError: a text holds a lone surrogate (such as ``"\\ud800"``), which is
            not Unicode text and cannot be written as UTF-8; the message names the event and
            the field. :func:`loads` refuses such text too, so what loads also saves.
    """
    return b"".join(_json_chunks(events, metadata, indent)).decode("utf-8")


def _json_chunks(
    events: Iterable[Event], metadata: Mapping[str, JSONValue] | None, indent: int | None
) -> Iterable[bytes | memoryview]:
    """Return the UTF-8 bytes of :func:`dumps` as pieces."""
    doc: dict[str, JSONValue] = {"format": FORMAT}
    if metadata is not None:
        doc["metadata"] = dict(metadata)
    store = events._store if isinstance(events, Timeline) else None  # noqa: SLF001
    if isinstance(events, Timeline) and isinstance(store, RowStore) and len(events):
        # a row store's events: their objects written from the columns, by Arrow
        chunks = json_chunks(doc, indent, store, events._pos)  # noqa: SLF001 - the positions
        if chunks is not None:
            return chunks
        if indent is not None:  # a lone surrogate somewhere: the columns written in Python
            doc["events"] = []
            text = dump_document(doc, indent, (store, events._pos))  # noqa: SLF001 - as above
            if not _SURROGATE.search(text):
                return [text.encode("utf-8")]
    items = _json_items(events)
    doc["events"] = list(items)
    text = dump_document(doc, indent)
    if _SURROGATE.search(text):
        _refuse_surrogates(items, metadata)
    return [text.encode("utf-8")]


def _json_items(events: Iterable[Event]) -> list[dict[str, JSONValue]]:
    """Return the JSON objects of *events*: from the columns of a timeline built from cells."""
    if isinstance(events, Timeline):
        store = events._store  # noqa: SLF001 - the storage written
        if isinstance(store, RowStore):
            return json_items(store, events._pos)  # noqa: SLF001 - as above
    return [event_to_dict(e) for e in events]


def _refuse_surrogates(
    items: list[dict[str, JSONValue]], metadata: Mapping[str, JSONValue] | None
) -> None:
    for item in items:
        found = lone_surrogate(item)
        if found is not None:
            msg = f"event {item.get('id')!r}: {_surrogate_text(*found)}"
            raise InvalidEventError(msg)
    found = lone_surrogate(dict(metadata or {}))
    field, text = found or ("metadata", "")
    msg = f"metadata: {_surrogate_text(field, text)}"
    raise InvalidEventError(msg)


def write_json(
    events: Iterable[Event],
    path: StrPath,
    *,
    metadata: Mapping[str, JSONValue] | None = None,
    indent: int | None = 2,
) -> None:
    """Write *events* to *path* in the ``aitimeline/1`` JSON format (UTF-8).

    The file is written whole or not at all: the text goes to a temporary file in the same
    folder, which then replaces *path* atomically, so a failed write leaves an existing file
    as it was.

    Args:
        events: A timeline or any iterable of events.
        path: The file to write (replaced if it exists).
        metadata: Free-form information about the file, see :func:`dumps`.
        indent: Spaces per indentation level: one key a line, easy to read and to compare
            in version control. None writes the document on one line, a fifth to a
            quarter smaller (:func:`read_json` reads either; its messages then name line 1
            and the event's id).

    Raises:
        InvalidEventError: a text cannot be written as UTF-8 (see :func:`dumps`); nothing is
            written.
        OSError: the folder is missing or not writable; nothing is written.
    """
    chunks = _json_chunks(events, metadata, indent)  # refused text raises before the file opens
    write_pieces(path, itertools.chain(chunks, [b"\n"]))


def read_json(path: Input, *, name: str | None = None) -> ReadResult:
    """Read a timeline from an ``aitimeline/1`` JSON file (gzip-compressed or not).

    Args:
        path: The file, or a binary file-like object.
        name: What to call it in error messages (default: its path or ``name`` attribute).

    Returns:
        A :class:`ReadResult`: the timeline, a summary and the file's ``metadata`` object.

    Raises:
        DataFileError: the path is missing or not a regular file; the file is not UTF-8, not
            valid JSON, has another format version, or an event has an unknown kind, a missing
            or unknown field, a value of the wrong type, a bad date, or an id used twice. The
            message names the file, the line of the event, the field and the value.
    """
    label = input_name(path, name)
    return loads(read_input(path, label), name=label)


def loads(data: str | bytes, *, name: str = "<string>") -> ReadResult:
    """Read a timeline from ``aitimeline/1`` JSON text (or UTF-8 bytes).

    Args:
        data: The JSON document.
        name: What to call the document in error messages, such as its file name.

    Returns:
        A :class:`ReadResult` whose ``metadata`` is the document's ``metadata`` object.

    Raises:
        DataFileError: as for :func:`read_json`.
    """
    return _loads(data, name)


def _loads(data: str | bytes, name: str, *, by_columns: bool = True) -> ReadResult:
    """Read the document column-wise when every object is good, else one object at a time."""
    text = _decode(data, name) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    fast = read_fast(data, text, name, (_check_top, _read_document)) if by_columns else None
    if fast is not None:
        return fast
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        msg = (
            f"{name}, line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}; "
            'expected an object such as {"format": "aitimeline/1", "events": [...]}'
        )
        raise DataFileError(msg, path=name, line=exc.lineno) from exc
    except RecursionError as exc:
        raise _too_deep(text, name) from exc
    except ValueError as exc:  # an integer over Python's digit limit
        raise _bad_number(text, name, exc) from exc
    top, located = _read_document(text, name)
    _check_top(top, name)
    metadata = top.get("metadata", {})
    timeline = read_items(text, located, name) if by_columns else None
    if timeline is not None:  # every object is good: no event was built
        summary = LoadSummary(name, "json", len(located), len(timeline))
        return ReadResult(timeline, summary, metadata if isinstance(metadata, dict) else {})
    events: list[Event] = []  # some object is bad: read one by one for the first one's message
    first_line: dict[str, int] = {}
    for line, item in located:
        event = _event_at(item, line, name)
        _check_unique(event.id, line, first_line, name, "line")
        events.append(event)
    metadata = top.get("metadata", {})
    summary = LoadSummary(name, "json", len(located), len(events))
    return ReadResult(Timeline(events), summary, metadata if isinstance(metadata, dict) else {})


def _event_at(item: object, line: int, name: str) -> Event:
    """Return the event of the object *item* at *line*, or raise the careful reader's error."""
    where = f"{name}, line {line}"
    if not isinstance(item, dict):
        msg = f"{where}: the event is {_short_json(item)}; expected an event object {{...}}"
        raise DataFileError(msg, path=name, line=line, value=_short_json(item))
    found = lone_surrogate(item)
    if found is not None:
        msg = f"{where}: event {item.get('id')!r}, {_surrogate_text(*found)}"
        raise DataFileError(msg, path=name, line=line, field=found[0], value=ascii(found[1]))
    try:
        event = event_from_dict(item, where=where)
    except InvalidEventError as exc:
        raise DataFileError(str(exc), path=name, line=line) from exc
    except RecursionError as exc:
        msg = f"{where}: event {item.get('id')!r} is nested too deeply to read"
        raise DataFileError(msg, path=name, line=line) from exc
    return event


def _short_json(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except RecursionError:
        return f"a deeply nested {type(value).__name__}"
    return text if len(text) <= 40 else text[:39] + "…"


def _too_deep(text: str, name: str) -> DataFileError:
    """Return the error for a document nested deeper than the decoder can follow.

    The message points at the first bracket of the deepest nesting.
    """
    depth, deepest, at = 0, 0, 0
    for match in _BRACKETS.finditer(text):
        bracket = match.group()
        if bracket in {"[", "{"}:
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        elif bracket in {"]", "}"}:
            depth -= 1
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    msg = (
        f"{name}, line {line}, column {column}: the JSON is nested {deepest} levels deep, too "
        "deep to read; expected an aitimeline/1 document (its values nest a few levels)"
    )
    return DataFileError(msg, path=name, line=line)


_LONG_INT: Final = re.compile(r"-?\d{4000,}")


def _bad_number(text: str, name: str, error: ValueError) -> DataFileError:
    """Return the error for a number that Python refuses to read (over 4,300 digits)."""
    match = _LONG_INT.search(text)
    at = match.start() if match else 0
    line = text.count("\n", 0, at) + 1
    digits = len(match.group().lstrip("-")) if match else 0
    msg = (
        f"{name}, line {line}: a number of {digits} digits cannot be read ({error}); "
        "expected numbers of at most 4,300 digits"
    )
    return DataFileError(msg, path=name, line=line, value=f"{digits} digits")


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (
            f"{name}, line {line}: byte 0x{data[exc.start]:02x} at offset {exc.start} is not "
            "UTF-8; expected a UTF-8 text file (re-save it as UTF-8)"
        )
        raise DataFileError(msg, path=name, line=line) from exc


def _check_unique(
    event_id: str, line: int, first_line: dict[str, int], name: str, unit: str
) -> None:
    if event_id in first_line:
        msg = (
            f"{name}, {unit} {line}: event id {event_id!r} is already used by the event at "
            f"{unit} {first_line[event_id]}; expected every event to have its own id"
        )
        raise DataFileError(msg, path=name, line=line, field="id", value=event_id)
    first_line[event_id] = line


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _no_constants(name: str) -> object:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


class _Lines:
    """Map character offsets to line numbers, for offsets that only grow."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def at(self, pos: int) -> int:
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _read_document(text: str, name: str) -> tuple[dict[str, object], list[tuple[int, object]]]:
    """Split a valid JSON document into its top-level keys and its located events.

    Returns the top-level object (with ``events`` replaced by the number of events, when it is
    a list) and ``(line, event object)`` for each item of ``events``.
    """
    decoder = json.JSONDecoder(object_pairs_hook=_unique_pairs, parse_constant=_no_constants)
    lines = _Lines(text)

    def skip(pos: int) -> int:
        match = _WHITESPACE.match(text, pos)
        return match.end() if match else pos

    def value_at(pos: int, what: str) -> tuple[object, int]:
        return _decode_at(decoder, text, pos, where=(name, lines.at(pos), what))

    pos = skip(0)
    if text[pos] != "{":
        value, _ = value_at(pos, "the document")
        msg = (
            f"{name}, line {lines.at(pos)}: the document is {type(value).__name__} "
            f"{str(value)[:40]!r}; expected an object such as "
            '{"format": "aitimeline/1", "events": [...]}'
        )
        raise DataFileError(msg, path=name)
    top: dict[str, object] = {}
    located: list[tuple[int, object]] = []
    pos = skip(pos + 1)
    while text[pos] != "}":
        key_line = lines.at(pos)
        key, pos = decoder.raw_decode(text, pos)
        if key in top:
            msg = f"{name}, line {key_line}: the key {key!r} appears twice; expected it once"
            raise DataFileError(msg, path=name)
        pos = skip(skip(pos) + 1)  # the colon
        if key == "events" and text[pos] == "[":
            pos = skip(pos + 1)
            while text[pos] != "]":
                line = lines.at(pos)
                item, pos = value_at(pos, f"event {len(located) + 1}")
                located.append((line, item))
                pos = skip(pos)
                pos = skip(pos + 1) if text[pos] == "," else pos
            top[key] = len(located)
            pos += 1
        else:
            top[key], pos = value_at(pos, f"the value of {key!r}")
        pos = skip(pos)
        pos = skip(pos + 1) if text[pos] == "," else pos
    return top, located


def _decode_at(
    decoder: json.JSONDecoder, text: str, pos: int, *, where: tuple[str, int, str]
) -> tuple[object, int]:
    """Decode the JSON value at *pos*; *where* is the file, the line and what the value is."""
    name, line, what = where
    try:
        return decoder.raw_decode(text, pos)
    except _DuplicateKeyError as exc:
        msg = f"{name}, line {line}: {what} has the key {exc.key!r} twice; expected it once"
        raise DataFileError(msg, path=name, line=line) from exc
    except RecursionError as exc:
        raise _too_deep(text, name) from exc
    except ValueError as exc:
        msg = f"{name}, line {line}: {what}: {exc}; expected finite numbers only"
        raise DataFileError(msg, path=name, line=line) from exc


def _check_top(top: dict[str, object], name: str) -> None:
    _check_top_keys(top, name)
    found = lone_surrogate(top.get("metadata"))
    if found is not None:
        msg = f"{name}, line 1: metadata, {_surrogate_text(*found)}"
        raise DataFileError(msg, path=name, line=1, field=found[0], value=ascii(found[1]))


def _check_top_keys(top: dict[str, object], name: str) -> None:
    fmt = top.get("format")
    if fmt is None:
        msg = (
            f'{name}, line 1: the document has no "format" key; expected '
            f'"format": "{FORMAT}" (is this an aitimeline file?)'
        )
        raise DataFileError(msg, path=name)
    if fmt != FORMAT:
        newer = isinstance(fmt, str) and fmt.startswith("aitimeline/")
        fix = "upgrade aitimeline to read it" if newer else "is this an aitimeline file?"
        msg = f"{name}, line 1: format={fmt!r} is not supported; expected {FORMAT!r} ({fix})"
        raise DataFileError(msg, path=name)
    if "events" not in top:
        msg = f'{name}, line 1: the document has no "events" key; expected a list of events'
        raise DataFileError(msg, path=name)
    if not isinstance(top["events"], int):
        msg = f'{name}, line 1: "events" is {top["events"]!r}; expected a list of event objects'
        raise DataFileError(msg, path=name)
    for key in top:
        if key not in _TOP_KEYS:
            msg = f"{name}, line 1: unknown top-level key {key!r}; expected only {_TOP_KEYS}"
            raise DataFileError(msg, path=name)
    if not isinstance(top.get("metadata", {}), dict):
        msg = f'{name}, line 1: "metadata" is {top["metadata"]!r}; expected an object'
        raise DataFileError(msg, path=name)


# --------------------------------------------------------------------------------------------
# CSV


def write_csv(events: Iterable[Event], path: StrPath) -> None:
    """Write *events* to *path* as CSV (UTF-8), one row per event.

    The header holds the columns of :data:`ROW_COLUMNS` that the events' kinds use and
    that hold a value in some row (``kind``, ``id``, ``when``, ``title``, ``actors``,
    ``country`` and ``tags`` always: the columns of ``Timeline.to_pandas``); see
    :func:`event_to_row` for the cells. :func:`read_csv` reads it back to an equal timeline.
    The file is written whole or not at all (see :func:`write_json`).

    Raises:
        InvalidEventError: a cell holds a lone surrogate (not UTF-8 text, see :func:`dumps`)
            or is longer than :func:`read_csv` can read back (:func:`csv.field_size_limit`,
            131,072 characters by default: write such events with :func:`write_json`); the
            message names the event and the column, and nothing is written.
        OSError: the folder is missing or not writable; nothing is written.
    """
    timeline = events if isinstance(events, Timeline) else Timeline(events)
    chunks = csv_chunks(timeline)  # a lone surrogate is refused here, before the file opens
    write_pieces(path, chunks)


def _csv_text(events: Iterable[Event]) -> str:
    timeline = events if isinstance(events, Timeline) else Timeline(events)
    return csv_bytes(timeline).decode("utf-8")


def read_csv(path: Input, *, name: str | None = None) -> ReadResult:
    """Read a timeline from a CSV file written by :func:`write_csv` (or by hand).

    The header must name columns of :data:`ROW_COLUMNS` (in any order, any
    subset that includes ``kind``, ``id``, ``when`` and ``title``). Empty cells take the
    field's default.

    Args:
        path: The file (gzip-compressed or not), or a binary file-like object.
        name: What to call it in error messages (default: its path or ``name`` attribute).

    Returns:
        A :class:`ReadResult` (a CSV file has no metadata: ``.metadata`` is empty).

    Raises:
        DataFileError: the path is missing or not a regular file; the file is not UTF-8, the
            header has an unknown or repeated column, a row has the wrong number of cells, a
            cell does not read as its field, or an id is used twice. The message names the
            file, the row (the header is row 1) and its line, the column and the value.
    """
    name = input_name(path, name)
    return _read_csv_text(read_input(path, name), name)


_BOM: Final = b"\xef\xbb\xbf"
"""The UTF-8 byte order mark, which ``utf-8-sig`` drops."""


def _read_csv_text(source: str | bytes, name: str, *, by_columns: bool = True) -> ReadResult:
    """Read CSV *source*: column-wise when every row is good, else row by row (the messages).

    Bytes (UTF-8, after a byte order mark or not) are decoded whole only to read them row by
    row: Arrow's reader checks that every cell is UTF-8 as decoding does (see ``_csvcols``).
    """
    body = source.removeprefix(_BOM) if isinstance(source, bytes) else source
    try:
        header = csv_header(body, name)
        _check_header(header, name)
    except (DataFileError, UnicodeDecodeError):
        if isinstance(source, bytes):
            _decode(source, name)  # bytes that are not UTF-8 are named first
        raise
    timeline = read_columns(body, header, name) if by_columns else None
    if timeline is not None:  # every row is good: no event was built
        return ReadResult(timeline, LoadSummary(name, "csv", len(timeline), len(timeline)))
    text = _decode(source, name) if isinstance(source, bytes) else source
    return _read_csv_rows(text, header, name)  # some row is bad: read row by row


def _read_csv_rows(text: str, header: list[str], name: str) -> ReadResult:
    """Read CSV *text* (whose *header* is good) row by row: the first bad row's message."""
    reader = csv.reader(_stdio.StringIO(text, newline=""), strict=True)
    next(reader)
    events: list[Event] = []
    first_row: dict[str, int] = {}
    number, line = 1, reader.line_num + 1
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            msg = f"{name}, row {number + 1} (line {line}): not valid CSV: {exc}"
            raise DataFileError(msg, path=name, line=number + 1) from exc
        if cells is None:
            break
        number += 1
        where = f"{name}, row {number} (line {line})"
        line = reader.line_num + 1
        if not cells:
            continue
        if len(cells) != len(header):
            msg = f"{where}: the row has {len(cells)} cells; expected {len(header)}, one per column"
            raise DataFileError(msg, path=name, line=number)
        try:
            event = event_from_row(dict(zip(header, cells, strict=True)), where=where)
        except InvalidEventError as exc:
            raise DataFileError(str(exc), path=name, line=number) from exc
        _check_unique(event.id, number, first_row, name, "row")
        events.append(event)
    return ReadResult(Timeline(events), LoadSummary(name, "csv", number - 1, len(events)))


def _check_header(header: list[str], name: str) -> None:
    seen: set[str] = set()
    for column in header:
        if column in seen:
            msg = f"{name}, row 1: the column {column!r} appears twice; expected each once"
            raise DataFileError(msg, path=name, line=1, value=column)
        seen.add(column)
        if column not in ROW_COLUMNS:
            msg = (
                f"{name}, row 1: unknown column {column!r}; expected columns of "
                f"aitimeline.io.ROW_COLUMNS such as {', '.join(ROW_COLUMNS[:6])}, ..."
            )
            raise DataFileError(msg, path=name, line=1, value=column)
    missing = [c for c in ("kind", "id", "when", "title") if c not in seen]
    if missing:
        msg = f"{name}, row 1: the header lacks the column(s) {missing}; every event needs them"
        raise DataFileError(msg, path=name, line=1)


# --------------------------------------------------------------------------------------------
# Text table


def format_table(events: Iterable[Event]) -> str:
    """Return the events as an aligned text table: date, precision, country, kind, title.

    The date is the EDTF form of ``when`` (a period shows ``start → end``); the precision
    is the calendar unit of the date (of its start, for a period).

    >>> import aitimeline as at
    >>> print(format_table([at.Event(id="chatgpt", when="2022-11-30", title="ChatGPT",
    ...                              country="US")]))
    date        precision  country  kind   title
    ----------  ---------  -------  -----  -------
    2022-11-30  day        US       event  ChatGPT
    """
    header = ("date", "precision", "country", "kind", "title")
    rows = [header]
    for event in events:
        when = event.when
        start = when.start if isinstance(when, Span) else when
        rows.append(
            (str(when), start.precision.name.lower(), event.country or "", event.kind, event.title)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    rule = tuple("-" * w for w in widths)
    lines = []
    for row in (rows[0], rule, *rows[1:]):
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Parquet: the columnar layout of aitimeline._arrow


def write_parquet(events: Iterable[Event], path: StrPath) -> None:
    """Write *events* to a Parquet file in the columnar layout (lossless, like JSON).

    Dates are stored both as their text and as ``date32`` bounds (``when_earliest``,
    ``when_latest``, ...), which engines query; see :func:`parquet_schema`.

    >>> import tempfile, aitimeline as at
    >>> tl = at.Timeline([at.Event(id="chatgpt", when="2022-11", title="ChatGPT")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_parquet(tl, f"{d}/race.parquet")
    ...     read_parquet(f"{d}/race.parquet").timeline == tl
    True
    """
    import pyarrow.parquet as pq  # noqa: PLC0415 - pyarrow loads when used

    from aitimeline._arrow import to_arrow  # noqa: PLC0415 - as above

    table = to_arrow(events)
    with replacing(path) as stream:  # a failed write leaves an existing file intact
        pq.write_table(table, stream)


def read_parquet(path: StrPath) -> ReadResult:
    """Read a timeline from a Parquet file in the columnar layout.

    Returns:
        A :class:`ReadResult`, as every reader returns: ``.timeline`` holds the events.

    Raises:
        DataFileError: the file is missing or not Parquet, a column is unknown or mistyped, or
            a row does not make an event; the message names the file, the row, the field and
            value.
    """
    import pyarrow as pa  # noqa: PLC0415 - as above
    import pyarrow.parquet as pq  # noqa: PLC0415 - as above

    from aitimeline._arrow import from_arrow  # noqa: PLC0415 - as above

    try:
        table = pq.read_table(os.fspath(path))
    except FileNotFoundError as exc:
        msg = f"{path}: no such file; expected a Parquet file written by write_parquet"
        raise DataFileError(msg, path=os.fspath(path)) from exc
    except IsADirectoryError as exc:
        msg = f"{path}: is a directory; expected a Parquet file written by write_parquet"
        raise DataFileError(msg, path=os.fspath(path)) from exc
    except pa.ArrowInvalid as exc:
        msg = f"{path}: not a Parquet file ({exc}); expected a file written by write_parquet"
        raise DataFileError(msg) from exc
    first: dict[str, int] = {}
    events = from_arrow(table, name=str(path))
    for row, event in enumerate(events, start=1):
        _check_unique(event.id, row, first, f"{path}, row", "row")
    summary = LoadSummary(str(path), "parquet", table.num_rows, len(events))
    return ReadResult(Timeline(events), summary)
