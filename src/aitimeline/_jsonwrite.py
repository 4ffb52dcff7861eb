r"""The JSON text of a row store's events, put together by Arrow's string kernels.

Layer: after ``_jsoncols``; :func:`aitimeline.io.dumps` and :func:`~aitimeline.io.write_json`
call it for a timeline built from cells.

The text is ``json.dumps(doc, ensure_ascii=False, indent=indent, allow_nan=False)``, byte for
byte, indented or on one line (``_jsoncols.dump_document`` builds the indented text in
Python). Each event is members ``"key": value`` (lines at the depth of the object's keys, or
one after the other on one line), in the order ``event_to_dict`` writes them, fields at
their default left out. The keys of all kinds (``_jsoncols.json_columns``) are
put in one order that keeps each kind's, and each key gives one argument of an Arrow join
over the rows (``binary_join_element_wise``), made a slice of rows at a time:

- a plain text field (``id``, ``title``, ``model``) is its cells as Arrow strings, escaped
  as the ``json`` module escapes with ``ensure_ascii=False`` (``\\``, ``"`` and the control
  characters below U+0020, nothing else) by ``replace_substring``, once per character the
  slice holds, between constant texts (the key, the quotes); where a row's cell is at the
  field's default, or its kind has no such field, the line is ``""``;
- any other value is written by the ``json`` encoder once per distinct value (a date, a
  country list, a probe's object) and spread to its rows by ``take``.

The slices are joined on threads (one a core, for long timelines) while the caller writes
those made, and handed out as views of Arrow's buffers: no Python string per event or value.
What the join takes is made once per store and indent and kept with it (``Store.kept``): a
timeline, or any view of it, written again makes only the text.
When the kinds' keys cannot share an order (or a kind has checks of its own), each kind's rows
are joined apart and put back in the timeline's order by ``take``. A lone surrogate (Arrow
refuses it) returns None: the caller writes the text the slower way, which names it.
"""

from __future__ import annotations

import graphlib
import itertools
import json
import re
from collections.abc import Callable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs
import numpy as np

from aitimeline._jsoncols import SKIP, Coded, Texts, indented, json_columns
from aitimeline._store import RowStore
from aitimeline._textcells import ordered_map, parallel_map, text_bytes

if TYPE_CHECKING:
    import numpy.typing as npt
    import pyarrow as pa

    from aitimeline._types import JSONValue

Ints: TypeAlias = "npt.NDArray[np.int64]"
Codes: TypeAlias = "npt.NDArray[np.integer[Any]]"
"""A code per row: int32 while made, the smallest int type once kept (see _compact)."""

__all__ = ["escaped", "json_chunks"]

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_PAIRS: Final = 1 << 12
"""Coded lines next to each other are made one when they have at most this many pairs."""
_SLICE: Final = 1 << 16
"""How many events are taken into one piece of text (pieces are made on threads, as CSV's)."""
_ESCAPES: Final = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"} | {
    "\b": "\\b",
    "\f": "\\f",
}


def _layout(indent: int | None) -> tuple[list[str], list[str]]:
    """Return what ``json.dumps`` puts after an opening bracket, and between two members.

    Per depth 0 to 3: indented, a line end and the depth's padding, and a comma before that;
    on one line (*indent* None), nothing and ``", "``.
    """
    if indent is None:
        return [""] * 4, [", "] * 4
    breaks = ["\n" + " " * (indent * level) for level in range(4)]
    return breaks, ["," + b for b in breaks]


@attrs.frozen
class _Frame:
    """How ``json.dumps`` frames each event's object, at the depth of the events' list."""

    opening: str
    """From the brace to the first key (``"{"``, then a line end and the keys' padding)."""
    comma: str
    """Between two keys (``","``, then a line end and the keys' padding; one line: ``", "``)."""
    closing: str
    """From the last value to the brace (a line end and the object's padding, then ``"}"``)."""
    between: str
    """Between two objects (``","``, then a line end and their padding; one line: ``", "``)."""

    @classmethod
    def of(cls, indent: int | None) -> _Frame:
        """Return the frame of ``json.dumps`` with *indent*."""
        breaks, commas = _layout(indent)
        return cls("{" + breaks[3], commas[3], breaks[2] + "}", commas[2])


def json_chunks(
    doc: dict[str, JSONValue],
    indent: int | None,
    store: RowStore,
    pos: npt.NDArray[np.int64] | None,
) -> Iterator[bytes | memoryview] | None:
    """Return the UTF-8 bytes of ``json.dumps`` of *doc* (with *indent*), in pieces.

    *doc* holds the document's keys but ``events`` (written last, as the store's events at
    positions *pos*, which must be some). None when a text holds a lone surrogate (see the
    module).

    Raises:
        InvalidEventError: a row makes no event (as ``_jsoncols.json_items``).
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    quote = json.encoder.encode_basestring
    _pad, value = indented(indent)
    breaks, commas = _layout(indent)
    frame = _Frame.of(indent)
    head = [f"{quote(k)}: {value(v, 1)}" for k, v in doc.items() if k != "events"]
    prefix = "{" + breaks[1] + "".join(line + commas[1] for line in head)
    prefix += '"events": [' + breaks[2]
    suffix = breaks[1] + "]" + breaks[0] + "}"
    if _SURROGATE.search(prefix):
        return None
    found: list[_Kinds] = []

    def made() -> Callable[[Ints], memoryview] | None:
        found.append(json_columns(store))
        return _merged(store, found[0], lambda v: value(v, 3), frame)

    try:
        # the join's parts are kept with the store: writing it again makes only the text
        merged = store.kept(("json", indent), made)
        if merged is not None:  # every row's text made in one join, a slice at a time
            picked = np.arange(store.n, dtype=np.int64) if pos is None else pos
            pieces: Iterator[memoryview] = _pieces(merged, picked, frame)
        else:
            kinds = found[0] if found else json_columns(store)
            rows, where = _event_texts(store, kinds, pos, lambda v: value(v, 3), frame)
            pieces = _pieces(lambda p: text_bytes(rows.take(pa.array(p))), where, frame)
    except (UnicodeError, pa.ArrowInvalid):  # a lone surrogate
        return None
    return chain([prefix.encode("utf-8")], pieces, [suffix.encode("utf-8")])


def _pieces(
    texts: Callable[[Ints], memoryview], picked: npt.NDArray[np.int64], frame: _Frame
) -> Iterator[memoryview]:
    """Yield the texts of the rows at positions *picked*, a slice at a time.

    *texts* makes the bytes of the rows at some positions, each object followed by what
    comes between two (``frame.between``), which is cut after the last. The slices are made
    on threads (Arrow runs without the GIL) while the caller writes those already made.
    """
    cut = len(frame.between.encode("utf-8"))

    def piece(start: int) -> memoryview:
        return texts(picked[start : start + _SLICE])

    starts = range(0, len(picked), _SLICE)
    for start, data in zip(starts, ordered_map(piece, starts, len(picked)), strict=True):
        yield data if start + _SLICE < len(picked) else data[: len(data) - cut]


def _event_texts(
    store: RowStore,
    kinds: list[tuple[Ints, str, dict[str, Texts | Coded] | list[dict[str, JSONValue]]]],
    pos: npt.NDArray[np.int64] | None,
    value: Callable[[object], str],
    frame: _Frame,
) -> tuple[pa.Array, Ints]:
    """Return each event's object text and where each event of the timeline is in it.

    Each object is framed by *frame* and followed by ``frame.between``.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    quote = json.encoder.encode_basestring
    text = pa.large_string()  # 64-bit offsets: the whole text may pass 2 GiB
    nothing = pa.scalar("", text)
    closing = pa.scalar(frame.closing + frame.between, text)

    def part(
        found: tuple[Ints, str, dict[str, Texts | Coded] | list[dict[str, JSONValue]]],
    ) -> pa.Array:
        rows, kind, columns = found
        if isinstance(columns, list):  # a user kind's own objects
            texts = [
                frame.comma.join(f"{quote(k)}: {value(v)}" for k, v in item.items())
                for item in columns
            ]
            joined = pa.array(texts, text)
            opening = pa.scalar(frame.opening, text)
        else:  # every kind's object has an id, a date and a title after its kind
            lines = [
                _lines(f"{quote(key)}: ", column, rows, value, store)
                for key, column in columns.items()
            ]
            joined = pc.binary_join_element_wise(
                *lines, pa.scalar(frame.comma, text), null_handling="skip"
            )
            opening = pa.scalar(f'{frame.opening}"kind": {quote(kind)}{frame.comma}', text)
        return pc.binary_join_element_wise(opening, joined, closing, nothing)

    parts = parallel_map(part, kinds, store.n)  # a kind's rows on each thread
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

    for char in _to_escape(cells):
        escape = _ESCAPES.get(char, f"\\u{ord(char):04x}")
        cells = pc.replace_substring(cells, char, escape)
    return cells


def _to_escape(cells: pa.Array) -> list[str]:
    """Return the characters of string array *cells* that JSON escapes, backslashes first."""
    data = np.frombuffer(text_bytes(cells), dtype=np.uint8)  # a slice: its own bytes
    found = np.unique(data[(data < 0x20) | (data == ord('"')) | (data == ord("\\"))]).tolist()
    return sorted(map(chr, found), key=lambda c: c != "\\")


_Kinds: TypeAlias = list[
    tuple["Ints", str, dict[str, Texts | Coded] | list[dict[str, "JSONValue"]]]
]


def _merged(
    store: RowStore, kinds: _Kinds, value: Callable[[object], str], frame: _Frame
) -> Callable[[Ints], memoryview] | None:
    r"""Return a maker of the object texts of the rows at some positions, one join for all kinds.

    The keys of all kinds are put in one order that keeps each kind's (``graphlib``); each
    key gives the join its member for every row (the comma, the key and the value), ``""``
    where the row's kind has no such key or leaves it out (no nulls: Arrow joins faster so).
    A key whose value is never written is dropped; a text field every kind holds with no
    default is joined as its escaped cells between two constant texts (no line made). None
    when the kinds cannot share an order, a kind has objects of its own, or a key is a text
    field for one kind and coded for another (or its cells are not all text): the caller
    then joins each kind's rows on their own.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    order = _key_order(kinds)
    if order is None:
        return None
    quote = json.encoder.encode_basestring
    code = np.zeros(store.n, dtype=np.int32)  # each row's kind
    for k, (rows, _kind, _columns) in enumerate(kinds):
        code[rows] = k
    openings = [f'{frame.opening}"kind": {quote(kind)}' for _rows, kind, _c in kinds]
    parts: list[str | _Part] = [_Spread(pa.array(openings, pa.large_string()), code)]
    for key in order:
        part = _key_part(store, (kinds, code), key, f"{frame.comma}{quote(key)}: ", value)
        if part is None:
            return None
        parts += part
    parts.append(frame.closing + frame.between)
    merged = [_compact(part) for part in _fewer(parts)]  # kept with the store: codes small

    def texts(p: Ints) -> memoryview:
        text = pa.large_string()
        rows = _contiguous(p)
        columns = [pa.scalar(i, text) if isinstance(i, str) else i.at(rows) for i in merged]
        joined = pc.binary_join_element_wise(*columns, pa.scalar("", text))
        return text_bytes(joined)

    return texts


def _fewer(parts: list[str | _Part]) -> list[str | _Part]:
    """Return *parts* with fewer arguments for the join (each costs a step per row).

    Constant texts next to each other are made one, a constant text next to coded lines is
    put into them, and coded lines next to each other are made one coded line per pair when
    the pairs are few (lines ``""`` where none is written: joining is concatenating).
    """
    merged: list[str | _Part] = []
    for item in parts:
        last = merged[-1] if merged else None
        if isinstance(item, str) and isinstance(last, str):
            merged[-1] = last + item
        elif isinstance(item, str) and isinstance(last, _Spread):
            merged[-1] = last.around("", item)
        elif isinstance(item, _Spread) and isinstance(last, str):
            merged[-1] = item.around(last, "")
        elif (
            isinstance(item, _Spread)
            and isinstance(last, _Spread)
            and len(item.values) * len(last.values) <= _PAIRS
        ):
            merged[-1] = last.times(item)
        else:
            merged.append(item)
    return merged


def _compact(part: str | _Part) -> str | _Part:
    """Return *part* with its codes in the smallest int type that holds them, if coded."""
    if not isinstance(part, _Spread):
        return part
    width = np.min_scalar_type(max(len(part.values) - 1, 0))
    return _Spread(part.values, part.codes.astype(width, copy=False))


def _contiguous(p: Ints) -> Ints | slice:
    """Return positions *p* as a slice if they follow one another (no take then), else *p*."""
    if len(p) and int(p[-1]) - int(p[0]) == len(p) - 1 and bool(np.all(np.diff(p) == 1)):
        return slice(int(p[0]), int(p[-1]) + 1)
    return p


def _pick(cells: pa.Array, p: Ints | slice) -> pa.Array:
    """Return *cells* at positions *p* (a slice of them, or taken)."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    if isinstance(p, slice):
        return cells.slice(p.start, p.stop - p.start)
    return cells.take(pa.array(p))


def _key_order(kinds: _Kinds) -> list[str] | None:
    """Return the keys of all kinds in one order that keeps each kind's; None if none does."""
    graph: dict[str, set[str]] = {}  # each key with those that come before it
    for _rows, _kind, columns in kinds:
        if isinstance(columns, list):  # a user kind's own objects
            return None
        keys = list(columns)
        for key in keys:
            graph.setdefault(key, set())
        for before, key in itertools.pairwise(keys):
            graph[key].add(before)
    try:
        return list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError:  # pragma: no cover - kinds in conflicting orders
        return None


def _key_part(
    store: RowStore,
    found: tuple[_Kinds, Codes],
    key: str,
    head: str,
    value: Callable[[object], str],
) -> list[str | _Part] | None:
    """Return what the join takes for *key*: constant texts and columns (see :func:`_merged`).

    *found* is the kinds' columns and each row's kind; *head* the line up to the value.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    kinds, code = found
    specs = {
        k: columns[key]
        for k, (_r, _n, columns) in enumerate(kinds)
        if isinstance(columns, dict) and key in columns
    }
    texts = [spec for spec in specs.values() if isinstance(spec, Texts)]
    if len(texts) == len(specs):
        fields = {(spec.name, spec.default) for spec in texts}
        cells = store.arrow_cells(next(iter(fields))[0]) if len(fields) == 1 else None
        if cells is None or cells.null_count:
            return None
        default = next(iter(fields))[1]
        if len(specs) == len(kinds) and default is None:
            return [head + '"', _Escaped(cells), '"']
        lacking = None
        if len(specs) < len(kinds):
            lacking = np.isin(code, [k for k in range(len(kinds)) if k not in specs])
        return _framed(head, cells, default, lacking) or [_Line(head, cells, default, lacking)]
    if texts:
        return None
    written: list[str] = [] if len(specs) == len(kinds) else [""]  # no such key
    starts: list[int] = []
    for spec in specs.values():
        assert isinstance(spec, Coded)  # noqa: S101 - not Texts, as just seen
        starts.append(len(written))
        written += ["" if v is SKIP else head + value(v) for v in spec.values]
    if not any(written):
        return []
    spread = np.zeros(store.n, dtype=np.int32)
    for (k, spec), start in zip(specs.items(), starts, strict=True):
        spread[kinds[k][0]] = spec.codes + start  # type: ignore[union-attr]
    return [_Spread(pa.array(written, pa.large_string()), spread)]


def _framed(
    head: str, cells: pa.Array, default: str | None, lacking: npt.NDArray[np.bool_] | None
) -> list[str | _Part]:
    """Return a text field's lines as escaped cells between coded heads and quotes.

    A row has its line unless its kind lacks the field (*lacking*) or its cell is the
    *default*; a row without one must have an empty cell (so that it adds nothing), which
    a field left out has. [] when that does not hold, or the default is another text: the
    caller makes the lines then.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    if default not in (None, ""):
        return []
    empty = np.asarray(pc.equal(cells, "").to_numpy(zero_copy_only=False), dtype=bool)
    has = np.ones(len(cells), dtype=bool) if lacking is None else ~lacking
    if default == "":
        has &= ~empty
    if not (has | empty).all():  # pragma: no cover - a field left out has an empty cell
        return []
    codes = has.astype(np.int32)
    text = pa.large_string()
    return [
        _Spread(pa.array(["", head + '"'], text), codes),
        _Escaped(cells),
        _Spread(pa.array(["", '"'], text), codes),
    ]


@attrs.frozen
class _Spread:
    """Lines (or ``""``: none) spread to the store's rows by a code per row."""

    values: pa.Array
    codes: Codes

    def at(self, p: Ints | slice) -> pa.Array:
        import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

        return self.values.take(pa.array(self.codes[p]))

    def around(self, before: str, after: str) -> _Spread:
        """Return these lines with *before* and *after* put around each."""
        import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
        import pyarrow.compute as pc  # noqa: PLC0415 - as above

        text = pa.large_string()
        ends = [pa.scalar(before, text), self.values, pa.scalar(after, text)]
        joined = pc.binary_join_element_wise(*ends, pa.scalar("", text))
        return _Spread(joined, self.codes)

    def times(self, other: _Spread) -> _Spread:
        """Return these lines each followed by *other*'s, one code per pair."""
        import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

        pairs = [a + b for a in self.values.to_pylist() for b in other.values.to_pylist()]
        codes = self.codes * np.int32(len(other.values)) + other.codes
        return _Spread(pa.array(pairs, pa.large_string()), codes)


@attrs.frozen
class _Escaped:
    """A text field's cells, escaped as inside quotes."""

    cells: pa.Array
    plain: bool = attrs.field(init=False)
    """No cell holds a character to escape (looked at once: the parts are kept)."""

    @plain.default
    def _plain(self) -> bool:
        return not _to_escape(self.cells)

    def at(self, p: Ints | slice) -> pa.Array:
        import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

        cells = _pick(self.cells, p).cast(pa.large_string())
        return cells if self.plain else escaped(cells)


@attrs.frozen
class _Line:
    """A text field's line, ``""`` where its cell is the default or the row's kind lacks it."""

    head: str
    cells: pa.Array
    default: str | None
    lacking: npt.NDArray[np.bool_] | None

    def at(self, p: Ints | slice) -> pa.Array:
        import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
        import pyarrow.compute as pc  # noqa: PLC0415 - as above

        text = pa.large_string()
        cells = _pick(self.cells, p).cast(text)
        quoted = [pa.scalar(self.head + '"', text), escaped(cells), pa.scalar('"', text)]
        lines = pc.binary_join_element_wise(*quoted, pa.scalar("", text))
        none = pa.scalar("", text)
        if self.default is not None:
            lines = pc.if_else(pc.equal(cells, self.default), none, lines)
        if self.lacking is not None:
            lines = pc.if_else(pa.array(self.lacking[p]), none, lines)
        return lines


_Part: TypeAlias = _Spread | _Escaped | _Line
