r"""The indented JSON text of a row store's events, put together by Arrow's string kernels.

Layer: after ``_jsoncols``; :func:`aitimeline.io.dumps` and :func:`~aitimeline.io.write_json`
call it for a timeline built from cells.

The text is ``json.dumps(doc, ensure_ascii=False, indent=indent, allow_nan=False)``, byte for
byte (``_jsoncols.dump_document`` builds the same text in Python). Each event is lines of
``"key": value`` at the depth of the object's keys, in the order ``event_to_dict`` writes
them, fields at their default left out. Here the lines are made a key at a time for all the
rows of a kind (``_jsoncols.kind_columns``):

- a plain text field (``id``, ``title``, ``model``) is its cells as Arrow strings, escaped
  as the ``json`` module escapes with ``ensure_ascii=False`` (``\\``, ``"`` and the control
  characters below U+0020, nothing else) by ``replace_substring``, once per character the
  column holds, and put between the key and a closing quote; a cell at the field's default
  is a null, which the join leaves out;
- any other value is written by the ``json`` encoder once per distinct value (a date, a
  country list, a probe's object) and spread to its rows by ``take``.

The lines of a row are joined by ``binary_join_element_wise`` (nulls skipped), the kinds'
rows put back in the timeline's order by ``take``, and the text is handed out as views of
Arrow's buffers: no Python string per event or per value. A lone surrogate (Arrow refuses
it) returns None: the caller writes the text the slower way, which names it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from typing import TYPE_CHECKING, Final

import numpy as np

from aitimeline._jsoncols import SKIP, Coded, Texts, indented, json_columns
from aitimeline._store import RowStore

if TYPE_CHECKING:
    import numpy.typing as npt
    import pyarrow as pa

    from aitimeline._types import JSONValue

    Ints = npt.NDArray[np.int64]

__all__ = ["escaped", "json_chunks"]

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_SLICE: Final = 1 << 17
"""How many events are taken into one piece of text (pieces are made on two threads)."""
_ESCAPES: Final = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"} | {
    "\b": "\\b",
    "\f": "\\f",
}


def json_chunks(
    doc: dict[str, JSONValue], indent: int, store: RowStore, pos: npt.NDArray[np.int64] | None
) -> Iterator[bytes | memoryview] | None:
    """Return the UTF-8 bytes of ``dump_document(doc, indent, (store, pos))`` as pieces.

    *doc* holds the document's keys but ``events`` (written last, as the store's events at
    positions *pos*). None when a text holds a lone surrogate (see the module).

    Raises:
        InvalidEventError: a row makes no event (as ``_jsoncols.json_items``).
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    quote = json.encoder.encode_basestring
    pad, value = indented(indent)
    head = [f"{pad[1]}{quote(k)}: {value(v, 1)}" for k, v in doc.items() if k != "events"]
    prefix = "{\n" + "".join(line + ",\n" for line in head) + f'{pad[1]}"events": [\n'
    suffix = f"\n{pad[1]}]\n}}"
    if _SURROGATE.search(prefix):
        return None
    try:
        rows, picked = _event_texts(store, pos, lambda v: value(v, 3), pad[2:4])
    except (UnicodeError, pa.ArrowInvalid):  # a lone surrogate
        return None
    return chain([prefix.encode("utf-8")], _pieces(rows, picked), [suffix.encode("utf-8")])


def _pieces(rows: pa.Array, picked: npt.NDArray[np.int64]) -> Iterator[memoryview]:
    r"""Yield the texts of *rows* at positions *picked*, a slice at a time, the last ``,\n`` cut.

    The slices are taken on two threads (Arrow runs without the GIL) while the caller writes
    those already made.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    def piece(start: int) -> memoryview:
        return _data(rows.take(pa.array(picked[start : start + _SLICE])))

    starts = range(0, len(picked), _SLICE)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for start, data in zip(starts, pool.map(piece, starts), strict=True):
            yield data if start + _SLICE < len(picked) else data[: len(data) - 2]


def _data(rows: pa.Array) -> memoryview:
    """Return the bytes of the cells of string array *rows*, one after the other."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    width = np.int64 if pa.types.is_large_string(rows.type) else np.int32
    offsets = np.frombuffer(rows.buffers()[1], dtype=width)[rows.offset :]
    first, last = int(offsets[0]), int(offsets[len(rows)])
    return memoryview(rows.buffers()[2] or b"")[first:last]


def _event_texts(
    store: RowStore,
    pos: npt.NDArray[np.int64] | None,
    value: Callable[[object], str],
    pads: list[str],
) -> tuple[pa.Array, Ints]:
    r"""Return each event's object text and where each event of the timeline is in it.

    An object's braces are indented by ``pads[0]``, its keys by ``pads[1]``; ``",\n"`` ends it.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    quote = json.encoder.encode_basestring
    outer, inner = pads
    text = pa.large_string()  # 64-bit offsets: the whole text may pass 2 GiB
    nothing = pa.scalar("", text)
    closing = pa.scalar(f"\n{outer}}},\n", text)

    def part(
        found: tuple[Ints, str, dict[str, Texts | Coded] | list[dict[str, JSONValue]]],
    ) -> pa.Array:
        rows, kind, columns = found
        if isinstance(columns, list):  # a user kind's own objects
            texts = [
                ",\n".join(f"{inner}{quote(k)}: {value(v)}" for k, v in item.items())
                for item in columns
            ]
            joined = pa.array(texts, text)
            opening = pa.scalar(f"{outer}{{\n", text)
        else:  # every kind's object has an id, a date and a title after its kind
            lines = [
                _lines(f"{inner}{quote(key)}: ", column, rows, value, store)
                for key, column in columns.items()
            ]
            joined = pc.binary_join_element_wise(
                *lines, pa.scalar(",\n", text), null_handling="skip"
            )
            opening = pa.scalar(f'{outer}{{\n{inner}"kind": {quote(kind)},\n', text)
        return pc.binary_join_element_wise(opening, joined, closing, nothing)

    kinds = json_columns(store)
    with ThreadPoolExecutor(max_workers=2) as pool:  # a kind's rows on each thread
        parts = list(pool.map(part, kinds))
    chosen = np.concatenate([rows for rows, _kind, _columns in kinds])
    where = np.empty(store.n, dtype=np.int64)
    where[chosen] = np.arange(len(chosen))
    return pa.concat_arrays(parts), where if pos is None else where[pos]


def _lines(
    head: str,
    column: Texts | Coded,
    rows: npt.NDArray[np.int64],
    value: Callable[[object], str],
    store: RowStore,
) -> pa.Array:
    """Return the ``key: value`` line of each row (*head* then the value), null where left out."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    text = pa.large_string()
    if isinstance(column, Texts):
        cells = store.arrow_cells(column.name)
        if cells is None:  # pragma: no cover - a text field's column is stored
            cells = pa.array([""] * store.n, pa.string())
        cells = cells.take(pa.array(rows)).cast(text)
        lines = pc.binary_join_element_wise(
            pa.scalar(head + '"', text), escaped(cells), pa.scalar('"', text), pa.scalar("", text)
        )
        if column.default is None:
            return lines
        return pc.if_else(pc.equal(cells, column.default), pa.scalar(None, text), lines)
    written = [None if v is SKIP else head + value(v) for v in column.values]
    return pa.array(written, text).take(pa.array(column.codes))


def escaped(cells: pa.Array) -> pa.Array:
    r"""Return each text of string array *cells* as the ``json`` module writes it, unquoted.

    >>> import pyarrow as pa
    >>> escaped(pa.array(['a"b\\', "é\n\x01"])).to_pylist()
    ['a\\"b\\\\', 'é\\n\\u0001']
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    data = np.frombuffer(cells.buffers()[2] or b"", dtype=np.uint8)
    found = np.unique(data[(data < 0x20) | (data == ord('"')) | (data == ord("\\"))]).tolist()
    chars = sorted(map(chr, found), key=lambda c: c != "\\")  # backslashes first
    for char in chars:
        escape = _ESCAPES.get(char, f"\\u{ord(char):04x}")
        cells = pc.replace_substring(cells, char, escape)
    return cells
