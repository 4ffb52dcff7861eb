r"""An ``aitimeline/1`` document read in one C parse, its events turned into columns in bulk.

Layer: after ``_jsoncols``; :func:`aitimeline.io.loads` tries it first.

The careful reader (``io._read_document``) decodes each event on its own to know its line and
to refuse a key given twice, which costs a Python call per object. Line numbers are only
needed for messages, and a file with something to say is read again that way. So here:

- **One parse.** ``json.loads`` reads the document (``NaN`` and ``Infinity`` refused).
- **Duplicate keys, cheaply.** A JSON object keeps the last of a repeated key, so a document
  has a key twice exactly when its text holds more ``key: value`` pairs than the objects
  parsed have keys. The pairs are the colons outside strings: counted by
  :func:`pair_count` with numpy over the UTF-8 bytes (a quote escaped with a backslash does
  not open or close a string), or at once by ``bytes.count`` when the text's colons are as
  many as the keys (then none is inside a string and no key is repeated).
- **Columns in bulk.** From :data:`ARROW_EVENTS` events on, the keys whose values in the
  first events are text (kind, id, dates, title...) are read from every event object at once
  by Arrow, as a struct of strings (a null stands for a key left out; the values read are
  counted against the keys given, so a null value sends the document to the next way). Any
  other key's values are taken with ``map(dict.get, ...)``, into Arrow when they are all
  text. A text field's values are its cells; a date's are made cells once per distinct text;
  other values once per distinct ``(kind, type, value)`` (``_jsoncols._Cells``), anything
  else (lists, objects) one value at a time.

Whenever something is off (a parse error, a repeated key, a kind or key unknown, a value that
does not make a cell, a lone surrogate, a row that makes no event), :func:`parse` or
:func:`columns_of` returns None and the caller reads the document the careful way, which
gives the message it always gave.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable
from itertools import chain, repeat
from typing import TYPE_CHECKING, Final

import numpy as np

from aitimeline._jsoncols import ESCAPED_SURROGATE, Cells, good_timeline
from aitimeline._kinds import kind_class
from aitimeline._result import LoadSummary, ReadResult
from aitimeline._textcells import ARROW_ROWS
from aitimeline._timeline import Timeline

if TYPE_CHECKING:
    from typing import TypeAlias

    import numpy.typing as npt
    import pyarrow as pa

    from aitimeline._events import Event

    _Objects: TypeAlias = npt.NDArray[np.object_]
    _Array: TypeAlias = _Objects | list[object]

__all__ = ["pair_count", "parse", "read_fast"]

_MISSING: Final = object()
"""Stands for a key an event does not have."""
_ABSENT: Final = "\x00absent"
"""Stands for a key an event does not have, as text (a value that is this text is counted as
absent: the key counts then fall short and the careful reader reads the document)."""
ARROW_EVENTS = ARROW_ROWS
"""From this many events on, text columns are read straight into Arrow (a setting for tests)."""
_SAMPLE: Final = 1_000
"""How many events are looked at for the keys in use (all are, when one has another key)."""
_CHUNK: Final = 1 << 22
"""How many bytes :func:`pair_count` looks at in one numpy pass (bounds its memory)."""


class _ConstantError(ValueError):
    """``NaN`` or ``Infinity`` in the text: the careful reader names it."""


def _no_constant(name: str) -> object:
    raise _ConstantError(name)


def parse(text: str) -> tuple[dict[str, object], list[dict[str, object]], int] | None:
    """Return the top-level object of *text*, its events and the keys of the top-level objects.

    The keys counted are the top level's and those of objects in its values but ``events``.
    None when the text is not JSON the careful reader would accept as it is: a parse error, a
    constant, a value nested too deeply, a top level that is not an object, ``events`` that
    is not a list (a repeated key is found by :func:`read_fast`, an event that is not an
    object by :func:`_columns`).
    """
    try:
        top = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return None
    if not isinstance(top, dict) or not isinstance(top.get("events"), list):
        return None
    events: list[dict[str, object]] = top["events"]
    keys = len(top) + _nested_keys([v for k, v in top.items() if k != "events"])
    return top, events, keys


def read_fast(
    data: str | bytes,
    text: str,
    name: str,
    careful: tuple[
        Callable[[dict[str, object], str], None],
        Callable[[str, str], tuple[dict[str, object], list[tuple[int, object]]]],
    ],
) -> ReadResult | None:
    """Read a good document *text* (from *data*) in one parse, its events as columns.

    *careful* is the careful reader's check of the top-level object (it raises its messages)
    and its reader of located events (called only to name a line). None when the careful
    reader must read the document (see the module).
    """
    check_top, located = careful
    enabled = gc.isenabled()
    gc.disable()  # a million new objects would start a full collection over and over
    try:
        parsed = parse(text)
        built = None if parsed is None else _columns(parsed[1])
    finally:
        if enabled:
            gc.enable()
    if parsed is None or built is None:
        return None
    top, events, keys = parsed
    columns, nested, given = built
    keys += given + nested
    raw = data if isinstance(data, bytes) else text.encode("utf-8", "surrogatepass")
    if raw.count(b":") != keys and pair_count(raw) != keys:  # a key given twice
        return None
    top["events"] = len(events)
    check_top(top, name)  # what the careful reader checks next
    maybe = b"\\u" in raw or not (isinstance(data, bytes) or text.isascii())
    if maybe and ESCAPED_SURROGATE.search(text):  # raw ones only in text not from bytes
        return None

    n = len(events)
    del parsed, events, built  # the objects read: no longer needed once in columns
    kept = [raw]  # the text, kept (not as str) until an event's line is asked for

    def lines() -> list[int]:  # each event's line, for the label of its row
        found = event_lines(kept[0])
        if found is None or len(found) != n:  # pragma: no cover - as a fallback
            found = [line for line, _item in located(kept[0].decode("utf-8-sig"), name)[1]]
        kept.clear()
        return found

    timeline = _timeline(columns, name, lines)
    if timeline is None:
        return None
    metadata = top.get("metadata", {})
    summary = LoadSummary(name, "json", n, len(timeline))
    return ReadResult(timeline, summary, metadata if isinstance(metadata, dict) else {})


def _timeline(
    columns: dict[str, _Array], name: str, lines: Callable[[], list[int]]
) -> Timeline | None:
    """Return the timeline of the row cells *columns*; None if a row makes no event.

    *lines* gives each event's line, called only for a message.
    """
    if not {"id", "when", "title"} <= columns.keys():
        return None
    found: list[list[int]] = []

    def label(r: int) -> str:
        if not found:
            found.append(lines())
        return f"{name}, line {found[0][r]}"

    return good_timeline(columns, label)


def _nested_keys(values: list[object]) -> int:
    """Return how many keys the objects in *values* hold, at any depth."""
    count = 0
    stack = list(values)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _outside(data: bytes) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    """Return the bytes of JSON text *data* and where they are outside strings.

    An escaped backslash or quote is blanked first (same length: offsets are kept).
    """
    if b"\\" in data:
        data = data.replace(b"\\\\", b"__").replace(b'\\"', b"__")
    buffer = np.frombuffer(data, dtype=np.uint8)
    outside = np.empty(len(buffer), dtype=bool)
    odd = 0
    for start in range(0, len(buffer), _CHUNK):
        quotes = buffer[start : start + _CHUNK] == ord('"')
        parity = np.bitwise_xor.accumulate(quotes.view(np.uint8)) ^ odd
        outside[start : start + _CHUNK] = (parity == 0) & ~quotes
        odd = int(parity[-1]) if len(parity) else odd
    return buffer, outside


def event_lines(data: bytes) -> list[int] | None:
    r"""Return the line of each event object of the valid ``aitimeline/1`` document *data*.

    An event opens at a ``{`` three levels deep inside the ``events`` list (the only list two
    levels deep; ``metadata`` is an object). None if *data* is not such a document.

    >>> event_lines(b'{"metadata": {"a": [{"b": 1}]}, "events": [\n{"c": "{"},\n\n{}]}')
    [2, 4]
    """
    buffer, outside = _outside(data)
    marks = np.flatnonzero(outside & np.isin(buffer, list(b"{}[]")))
    opens = np.isin(buffer[marks], list(b"{["))
    depth = np.cumsum(np.where(opens, 1, -1))  # after each bracket
    second = marks[opens & (depth == 2)]  # the containers two levels deep
    lists = second[buffer[second] == ord("[")]
    if len(lists) != 1:
        return None
    events = marks[opens & (depth == 3) & (buffer[marks] == ord("{")) & (marks > lists[0])]
    ends = second[second > lists[0]]  # an object two deep after the list ends the search
    if len(ends):
        events = events[events < ends[0]]
    newlines = np.flatnonzero(buffer == ord("\n"))
    return (np.searchsorted(newlines, events) + 1).tolist()  # type: ignore[no-any-return]


def pair_count(data: bytes) -> int:
    r"""Return how many ``key: value`` pairs the JSON text *data* holds: its colons outside strings.

    >>> pair_count(b'{"a:b": 1, "c\\":": {"d": ":"}}')
    3
    """
    if b"\\" in data:  # an escaped backslash, then an escaped quote: neither delimits a string
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    buffer = np.frombuffer(data, dtype=np.uint8)
    count, odd = 0, 0  # pairs so far; whether a string is open at the chunk's start
    for start in range(0, len(buffer), _CHUNK):
        chunk = buffer[start : start + _CHUNK]
        quotes = np.flatnonzero(chunk == ord('"'))
        colons = np.flatnonzero(chunk == ord(":"))
        inside = (np.searchsorted(quotes, colons) + odd) & 1  # an odd number of quotes before
        count += len(colons) - int(np.count_nonzero(inside))
        odd = (odd + len(quotes)) & 1
    return count


def _columns(events: list[dict[str, object]]) -> tuple[dict[str, _Array], int, int] | None:
    """Return the row cells of the event objects by column; None if an object is not plain.

    With the cells come how many keys the objects inside the events' values hold, and how
    many keys the events hold.
    """
    try:  # an item that is not an object is refused here
        given = sum(map(dict.__len__, events))
    except TypeError:
        return None
    arrow = len(events) >= ARROW_EVENTS
    keys = dict.fromkeys(chain.from_iterable(events[:_SAMPLE]))  # in the order first seen
    read = _text_struct(events, keys) if arrow else {}
    found_kinds = _kinds(events, read.get("kind"), arrow=arrow)
    if found_kinds is None:
        return None
    kind_cells, owners = found_kinds
    for sample in (True, False):
        if not sample:  # a key the first events do not have: all keys, in order
            keys, read = dict.fromkeys(chain.from_iterable(events)), {}
        keys.pop("kind", None)
        cells, out, counts = Cells(), {"kind": kind_cells}, [len(events), 0]
        for key in keys:
            found = _arrow_column(cells, key, (events, read.get(key)), owners) if arrow else None
            if found is None:
                found = _column(cells, key, events, owners)
            if found is None:
                return None
            out[key], present, nested = found
            counts[0] += present
            counts[1] += nested
        if counts[0] == given:
            return out, counts[1], given
    return None  # pragma: no cover - every key is a column once all are read


def _kinds(
    events: list[dict[str, object]], read: pa.Array | None, *, arrow: bool
) -> tuple[_Array, tuple[list[type[Event]], npt.NDArray[np.intp]]] | None:
    """Return the kind cells of the events and their classes, with a class code per event.

    *read* is the kinds if read already (null: missing or null). The cells are an Arrow
    string array with *arrow*. None when a kind is missing, not text or unknown.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    kinds: list[object] = []
    kind_array = read
    if kind_array is None:
        try:
            kinds = list(map(dict.get, events, repeat("kind")))
            kind_array = pa.array(kinds, pa.string())
        except (pa.ArrowException, UnicodeError):
            return None
    if kind_array.null_count:  # a kind missing or null
        return None
    coded = pc.dictionary_encode(kind_array)
    found = [kind_class(k) for k in coded.dictionary.to_pylist()]
    classes = [cls for cls in found if cls is not None]
    if len(classes) < len(found):
        return None
    codes = coded.indices.to_numpy().astype(np.intp)
    names = [c.KIND for c in classes]
    if names != coded.dictionary.to_pylist():  # a kind named otherwise than its class
        return np.array(names, dtype=object)[codes], (classes, codes)
    return (kind_array if arrow or read is not None else _objects(kinds)), (classes, codes)


def _text_struct(events: list[dict[str, object]], keys: Iterable[str]) -> dict[str, pa.Array]:
    """Return the values of the keys whose sampled values are text, read in one pass.

    Arrow reads the event objects as a struct of strings (a key an event lacks, or a null,
    is a null; other keys are not read); {} when a value is not text (the keys are then
    read one at a time). The caller counts the values read against the keys given: a null
    value makes them fall short.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    sample = events[:_SAMPLE]
    texts = [k for k in keys if all(type(e.get(k, "")) is str for e in sample)]
    if not texts:
        return {}
    try:
        read = pa.array(events, pa.struct([(k, pa.string()) for k in texts]))
    except (pa.ArrowException, UnicodeError, TypeError, ValueError, OverflowError):
        return {}  # a value that is not text (or a lone surrogate, or past 2 GiB)
    if not isinstance(read, pa.StructArray):  # pragma: no cover - past 2 GiB: chunked
        return {}
    return {k: read.field(i) for i, k in enumerate(texts)}


def _arrow_column(
    cells: Cells,
    key: str,
    found: tuple[list[dict[str, object]], pa.Array | None],
    owners: tuple[list[type[Event]], npt.NDArray[np.intp]],
) -> tuple[_Array, int, int] | None:
    """Return :func:`_column` of a key whose values are all text, as an Arrow string array.

    *found* is the events and the key's values if read already (null: absent or null,
    counted by the caller), else None: the values are read into Arrow in one pass (which
    refuses any value that is not text), an event without the key holding the text
    :data:`_ABSENT` there. Cells of absent values are ``""``. A text that is its own cell
    (``id``, ``title``, ``model``, ``country``) is kept as it is; any other (a date) is made a
    cell once per distinct text. None when a value is not text (or null), or the cells
    depend on the kind: :func:`_column` reads the key then.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    classes, codes = owners
    events, array = found
    if array is None:
        try:
            values = list(map(dict.get, events, repeat(key), repeat(_ABSENT)))
            array = pa.array(values, pa.string())
        except (pa.ArrowException, UnicodeError, TypeError, ValueError, OverflowError):
            return None  # a value that is not text (or a lone surrogate, or past 2 GiB)
        if not isinstance(array, pa.StringArray) or array.null_count:
            return None  # a null (or a chunked array): read the careful way
        absent = pc.equal(array, _ABSENT)
    else:
        absent = pc.is_null(array)
    missing = int(pc.sum(absent).as_py() or 0)
    kinds: list[int] = list(range(len(classes)))
    if missing:
        lacking = np.asarray(absent.to_numpy(zero_copy_only=False), dtype=bool)
        kinds = np.unique(codes[~lacking]).tolist()
    present = len(array) - missing
    if all(cells.is_text(classes[k], key) for k in kinds):  # the text is the cell
        if missing:
            array = pc.if_else(absent, "", array)
        return array, present, 0
    coded = pc.dictionary_encode(array)  # dates...: a cell per distinct text
    texts = coded.dictionary.to_pylist()
    made = [[cells.of(classes[k], key, t) if t != _ABSENT else "" for t in texts] for k in kinds]
    if any(None in m for m in made) or any(m != made[0] for m in made):
        return None  # a bad value, or the cell depends on the kind
    if made[0] == texts and not missing:  # a plain date's cell is its text
        return array, present, 0
    spread = pa.array(made[0], pa.string()).take(coded.indices)
    return (spread.fill_null("") if spread.null_count else spread), present, 0


def _column(
    cells: Cells,
    key: str,
    events: list[dict[str, object]],
    owners: tuple[list[type[Event]], npt.NDArray[np.intp]],
) -> tuple[_Array, int, int] | None:
    """Return the cells of *key* for every event ("" where it is absent); None if one is bad.

    With them come how many events have the key and how many keys the objects in its values
    hold.
    """
    classes, codes = owners
    values, types, missing = _values(events, key)
    if types == {str} and not missing and all(cells.is_text(c, key) for c in classes):
        return values, len(values), 0  # ids, titles, models: the text is the cell (as_cells)
    out = _objects(values)
    present, kinds = _present(out, codes, missing, len(classes))
    if types == {str} and all(cells.is_text(classes[k], key) for k in kinds):
        return out, len(values) - missing, 0  # the text is the cell
    rows = np.flatnonzero(present)
    if types == {str}:  # dates...: a cell per distinct (kind, text), if the kind matters
        items = out[rows].tolist() if missing else values
        memo: dict[object, object] = {}  # each distinct text, as one object
        shared = np.fromiter(map(memo.setdefault, items, items), object, len(items))
        texts = list(memo)
        made = [[cells.of(classes[k], key, t) for t in texts] for k in kinds]
        if any(None in m for m in made):
            return None
        if all(m == made[0] for m in made):  # the same cell whatever the kind
            if made[0] == texts and not missing:  # a plain date's cell is its text
                return values, len(rows), 0
            cell_of = dict(zip(texts, made[0], strict=True))
            shared = np.fromiter(map(cell_of.__getitem__, items), object, len(items))
            out[rows] = shared
            return out, len(rows), 0
    nested = 0
    for r in rows.tolist():  # numbers, lists and objects: one at a time (scalars memoised)
        value = values[r]
        cell = cells.of(classes[codes[r]], key, value)
        if cell is None:
            return None
        if type(value) in (list, dict):
            nested += _nested_keys([value])
        out[r] = cell
    return out, len(rows), nested


def _present(
    out: _Objects, codes: npt.NDArray[np.intp], missing: int, n_classes: int
) -> tuple[npt.NDArray[np.bool_], list[int]]:
    """Return which events have the key, and the kinds (codes) of those, blanking the others."""
    if not missing:
        return np.ones(len(out), dtype=bool), list(range(n_classes))
    present: npt.NDArray[np.bool_] = out != _MISSING
    out[~present] = ""
    return present, np.unique(codes[present]).tolist()


def _values(events: list[dict[str, object]], key: str) -> tuple[list[object], set[type], int]:
    """Return each event's value of *key*, their types and how many events lack the key."""
    values = list(map(dict.get, events, repeat(key), repeat(_MISSING)))
    types = set(map(type, values))
    missing = values.count(_MISSING) if object in types else 0
    types.discard(object)
    return values, types, missing


def _objects(items: list[object]) -> _Objects:
    """Return *items* as a one-dimensional object array (lists stay objects, not rows)."""
    return np.fromiter(items, dtype=object, count=len(items))
