r"""The CSV form read and written column by column: no event is built on either side.

Layer: after ``_timeline``, beside ``_result``; :mod:`aitimeline.io` calls it.

**Reading** (:func:`read_columns`): the text is split into columns by Arrow's CSV reader
(``pyarrow.csv``) -- without quoting when the text has no quote character, so that the two
parsers cannot differ; with quoting when the cells it finds, written back as the ``csv``
module writes them, are the text byte for byte (the module reads its own output as those
cells); else by the standard library's ``csv`` module -- and the columns, Arrow's string
arrays as they are (a column with no text dropped), make a row store
(``Timeline.from_columns``'s), whose rows are then checked column-wise, per distinct
``(kind, cell)`` (``aitimeline._cellfields``). When every row makes an event, that
store is the timeline read. When anything is wrong (a row of the wrong length, a bad cell, an
id used twice, text that is not CSV), :func:`read_columns` returns None and the caller reads
the file row by row, which names the first bad row in file order with the message it always
gave: the slow path runs only on files that fail. A file's bytes are split undecoded (Arrow's
reader checks every cell's UTF-8, as decoding does), and its cells are checked on a thread
while its rows are sorted into the store.

**Writing** (:func:`csv_bytes`): the cells are taken by position from the store's Arrow text
columns (a row store's cells as given, as text; built events' rows, made once per store) and
put together, a slice of rows at a time on threads (one a core), into the bytes the ``csv`` module
writes (``QUOTE_MINIMAL``, ``"\r\n"`` line ends): a cell holding a comma, a quote, ``\r`` or
``\n`` is quoted with its quotes doubled, every other cell is written as it is. A slice with no
such cell is written by Arrow's CSV writer unquoted (``quoting_style="none"``: its
``"needed"`` quotes every string, so it cannot give those bytes when a cell needs quotes);
any other slice by Arrow's string joins of the quoted cells. When a column holds a lone surrogate
(Arrow refuses it) or a cell too long to read back, the text is written row-major by the
``csv`` module instead (:func:`csv_text`), which refuses the first such cell in row order.
The columns written are those of ``to_pandas``: the core ones (``_frame.CORE_COLUMNS``) always,
the other columns of the events' kinds when some cell in them is not empty (a column left out
reads back as empty cells, so the file reads back to the same timeline).
"""

from __future__ import annotations

import csv
import gc
import io as _stdio
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Final, cast

import numpy as np

from aitimeline._cellfields import CellFields
from aitimeline._events import Event, event_from_row, row_columns
from aitimeline._frame import table_arrow, table_columns
from aitimeline._store import Cells, RowStore, Store
from aitimeline._textcells import (
    beside,
    is_text_array,
    ordered_map,
    text_bytes,
    text_offsets,
    threads_pay,
)
from aitimeline._timeline import Timeline
from aitimeline.exceptions import DataFileError, InvalidEventError, TimelineError

if TYPE_CHECKING:
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["csv_bytes", "csv_chunks", "csv_text", "read_columns", "surrogate_text"]

_SURROGATE: Final = re.compile("[\ud800-\udfff]")


_LONE_CR: Final = re.compile(b"\r(?!\n)")
_KEPT: Final = frozenset({"kind", "id", "when", "title"})
"""Columns kept even when empty: read_columns and the store look at them."""


def surrogate_text(field: str, text: str) -> str:
    """Say that *field*'s *text* holds a lone surrogate, which UTF-8 cannot store."""
    char = _SURROGATE.search(text)
    code = f"U+{ord(char[0]):04X}" if char else "a surrogate"
    return (
        f"field {field!r}: {_short_text(text)} holds a lone surrogate ({code}), which is not "
        "Unicode text and cannot be stored as UTF-8; expected text without lone surrogates "
        "(decode the source bytes with its real encoding, or drop the character)"
    )


def _short_text(text: str) -> str:
    shown = text if len(text) <= 40 else text[:39] + "…"
    return ascii(shown)


def _split_plain(source: str | bytes, header: list[str]) -> dict[str, Cells] | None:
    """Split quote-free CSV *source* (text, or its UTF-8 bytes) with Arrow's reader, or None."""
    import pyarrow.csv as pcsv  # noqa: PLC0415 - pyarrow loads when used

    if len(set(header)) != len(header):
        return None
    return _arrow_split(
        source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source,
        header,
        pcsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
    )


def _arrow_split(data: bytes, header: list[str], parse: object) -> dict[str, Cells] | None:
    """Split CSV *data* by Arrow's reader with *parse* options: each column one string array.

    The columns are handed to the store as Arrow holds them (no Python object per cell).
    None if Arrow refuses the text or finds another header.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above
    import pyarrow.csv as pcsv  # noqa: PLC0415 - as above

    options = pcsv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        table = pcsv.read_csv(  # blocks are slices of the bytes: no copy, no Python call
            pa.BufferReader(pa.py_buffer(data)),
            parse_options=parse,
            convert_options=options,
        )
    except (pa.ArrowInvalid, UnicodeError):
        return None
    if table.column_names != header:
        return None
    limit = csv.field_size_limit()
    for column in table.columns:  # the csv module refuses a longer cell: it names it
        if (  # UTF-8 bytes >= characters: count the characters only when the bytes are many
            len(column)
            and pc.max(pc.binary_length(column)).as_py() > limit
            and pc.max(pc.utf8_length(column)).as_py() > limit
        ):
            return None
    return {  # a column with no text reads as an absent one: no offsets kept for it
        name: _one_array(table.column(name))
        for name in header
        if name in _KEPT or any(_has_text(chunk) for chunk in table.column(name).chunks)
    }


def _one_array(column: pa.ChunkedArray) -> pa.Array:
    """Return a column's chunks as one array (large strings past 2 GiB of text)."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    if column.num_chunks == 1:
        return column.chunk(0)
    try:
        return column.combine_chunks()
    except pa.ArrowInvalid:  # pragma: no cover - more than 2 GiB in one column
        return column.cast(pa.large_string()).combine_chunks()


def _split_arrow_quoted(source: str | bytes, header: list[str]) -> dict[str, Cells] | None:
    """Split quoted CSV *source* (text, or UTF-8 bytes) by Arrow's reader if it reads as ``csv``.

    Arrow's parser is laxer than ``csv.reader(strict=True)`` (it reads ``"a"b`` as ``ab``),
    so its cells are accepted only when writing them back as the ``csv`` module writes
    (minimal quoting, the file's own line end) gives the text again, byte for byte: the
    ``csv`` module reads its own output as those cells. Other files (every cell quoted, mixed
    line ends) return None and are split by the ``csv`` module.
    """
    import pyarrow.csv as pcsv  # noqa: PLC0415 - pyarrow loads when used

    if len(set(header)) != len(header):
        return None
    try:
        data = source.encode("utf-8") if isinstance(source, str) else source
    except UnicodeError:  # a lone surrogate: the csv module reads the text
        return None
    if b"\r" in data and _LONE_CR.search(data):
        return None
    eol = "\r\n" if b"\r\n" in data else "\n"
    columns = _arrow_split(
        data,
        header,
        pcsv.ParseOptions(newlines_in_values=True, double_quote=True, ignore_empty_lines=False),
    )
    if columns is None or not _writes_back(columns, header, data, eol):
        return None
    return columns


def _writes_back(columns: dict[str, Cells], header: list[str], data: bytes, eol: str) -> bool:
    """Tell whether *columns*, written as the ``csv`` module writes them, are *data*."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    head = (",".join(header) + eol).encode("utf-8")
    if "id" not in columns or not data.startswith(head):
        return False
    if not len(columns["id"]):
        return len(data) == len(head)
    small = len(data) + len(eol) < 2**31  # the rows fit 32-bit offsets: no cast
    text = pa.string() if small else pa.large_string()
    parts: list[pa.Array | pa.Scalar] = []
    absent = 0  # empty columns since the last array: their commas go in one scalar
    for name in header:
        if name != "id" and (name not in columns or not _has_text(columns[name])):
            absent += 1
            continue
        if absent:
            parts.append(pa.scalar("," * (absent - 1), text))
            absent = 0
        parts.append(_quoted(cast("pa.Array", columns[name]).cast(text)))
    end = pa.scalar("," * absent + eol, text)  # the trailing commas and the line end
    parts[-1] = pc.binary_join_element_wise(parts[-1], end, pa.scalar("", text))
    rows = pc.binary_join_element_wise(*parts, pa.scalar(",", text)) if len(parts) > 1 else parts[0]
    body = text_bytes(rows)
    rest = memoryview(data)[len(head) :]
    if len(body) != len(rest):  # the last line may lack its line end
        if data.endswith(eol.encode()) or len(body) != len(rest) + len(eol):
            return False
        body = body[: len(rest)]
    step = 1 << 24  # compared as bytes, a slice at a time (memoryview's == goes by element)
    return all(
        body[i : i + step].tobytes() == rest[i : i + step].tobytes()
        for i in range(0, len(rest), step)
    )


def _has_text(column: Cells) -> bool:
    """Tell whether a string column holds any character (its offsets say, without a scan)."""
    array = cast("pa.Array", column)
    if not len(array):
        return False
    offsets = text_offsets(array)
    return bool(offsets[-1] != offsets[0])


def _split_quoted(text: str, header: list[str]) -> dict[str, npt.NDArray[np.object_]] | None:
    """Split CSV text with the ``csv`` module; None if a row is not CSV or has a gap."""
    reader = csv.reader(_stdio.StringIO(text, newline=""), strict=True)
    enabled = gc.isenabled()
    gc.disable()  # a million young lists would start a collection each few thousand
    try:
        rows = list(reader)
    except csv.Error:
        return None
    finally:
        if enabled:
            gc.enable()
    if not rows or rows[0] != header:
        return None
    body = rows[1:]
    width = len(header)
    if any(len(row) != width for row in body):  # blank rows too: their numbers count
        return None
    n = len(body)
    return {
        name: np.fromiter((row[j] for row in body), dtype=object, count=n)
        for j, name in enumerate(header)
    }


def _any_empty(cells: Cells) -> bool:
    """Tell whether a column has an empty cell."""
    if isinstance(cells, np.ndarray):
        return "" in set(cells.tolist())
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    return bool(pc.any(pc.equal(cells, "")).as_py())


def csv_header(body: str | bytes, name: str) -> list[str]:
    """Return the header row of CSV *body* (text, or UTF-8 bytes without a byte order mark).

    Only the first line is decoded when it has no quote (else the header may go on past it).

    Raises:
        DataFileError: the header is not CSV, or the file is empty.
        UnicodeDecodeError: the bytes read are not UTF-8.
    """
    if isinstance(body, str):
        first_line = body[: body.find("\n") + 1] or body
        text = body if '"' in first_line else first_line
    else:
        first_bytes = body[: body.find(b"\n") + 1] or body
        text = (body if b'"' in first_bytes else first_bytes).decode("utf-8")
    reader = csv.reader(_stdio.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        msg = f"{name}, row 1: the header is not valid CSV: {exc}"
        raise DataFileError(msg, path=name, line=1) from exc
    if header is None:
        msg = f"{name}: the file is empty; expected a header row such as kind,id,when,title"
        raise DataFileError(msg, path=name)
    return header


def _holds(source: str | bytes, char: str) -> bool:
    """Tell whether text or UTF-8 bytes *source* hold the ASCII character *char*."""
    return char in source if isinstance(source, str) else char.encode("ascii") in source


def read_columns(source: str | bytes, header: list[str], name: str) -> Timeline | None:
    """Return the timeline of CSV *source* (its *header* checked) when every row is good.

    *source* is the text, or its bytes (UTF-8, no byte order mark): they are never decoded
    whole when Arrow's reader splits them, which refuses a cell that is not UTF-8 (as
    decoding does: the row reader's decoding then names the byte).

    Returns None when any row is not: the caller then reads the file row by row for the
    message (see the module).
    """
    columns: dict[str, Cells] | None = None
    if not _holds(source, "\x00"):  # Arrow's parser when it reads as the csv module
        quoted = _holds(source, '"')
        split = _split_arrow_quoted if quoted else _split_plain
        columns = split(source, header)
        if columns is None and not quoted:
            return None
    if columns is None:
        try:
            decoded = source if isinstance(source, str) else source.decode("utf-8")
        except UnicodeDecodeError:
            return None
        columns = _split_quoted(decoded, header)
    if columns is None:
        return None
    kinds = columns.get("kind")
    if kinds is not None and _any_empty(kinds):  # the row reader refuses an empty kind
        return None
    return _checked_timeline(columns, name)


def _file_fields(columns: dict[str, Cells], n: int, label: Callable[[int], str]) -> CellFields:
    """Return the column-wise reader of *columns*' cells in file order (*label* names rows)."""

    def build(r: int) -> Event:
        return event_from_row(fields.row(r), where=label(r))

    fields = CellFields(columns, None, n, build)
    return fields


def _checked_timeline(columns: dict[str, Cells], name: str) -> Timeline | None:
    """Return the timeline of a file's *columns* if every row makes an event, else None.

    From :func:`~aitimeline._textcells.threads_pay` rows held in Arrow, the cells are
    checked in file order on a thread while the rows are sorted into the store (Arrow's
    kernels let go of the GIL), and the store takes the answer.
    """

    def label(r: int) -> str:
        return f"{name}, row {r + 2}"

    n = len(columns["id"])
    early = None
    if threads_pay(n) and all(map(is_text_array, columns.values())):
        early = _file_fields(columns, n, label)

    def build() -> Timeline:
        return Timeline._from_cells(columns, lazy=True, label=label, copy=False)  # noqa: SLF001

    try:
        timeline = build() if early is None else beside(early.bad_rows, build)
        fields = cast("RowStore", timeline._store).fields  # noqa: SLF001 - the store just built
        if early is not None:
            fields.adopt(early)
        bad = fields.bad_rows()
    except TimelineError:
        return None
    return None if bad.any() else timeline


_EOL: Final = "\r\n"
_NEEDS_QUOTES: Final = '[,"\r\n]'
"""What makes the ``csv`` module quote a cell (``QUOTE_MINIMAL``, ``"\r\n"`` line ends)."""


def csv_bytes(timeline: Timeline) -> bytes:
    """Return the UTF-8 bytes of :func:`csv_text`, put together by Arrow (see the module).

    Raises:
        InvalidEventError: as :func:`csv_text`.
    """
    return b"".join(csv_chunks(timeline))


_SLICE: Final = 1 << 16
"""How many rows are joined into one piece of text (pieces are made on threads; 4 MB at 10^6
events: the writer waits less for the first and the disk for the last than with 8 MB)."""


class _TooLongError(Exception):
    """A cell of a slice is longer than the ``csv`` reader reads (``csv_text`` names it)."""


def csv_chunks(timeline: Timeline) -> Iterator[bytes | memoryview]:
    """Return the bytes of :func:`csv_bytes` as pieces to write one after the other.

    The rows are checked as building the events would before this returns; each slice of
    rows is then checked for cells too long to read back and written by Arrow's CSV writer
    (a slice with a cell to quote: quoted and joined by Arrow's string kernels), on threads
    (Arrow runs without the GIL) while the pieces already made are written: each piece is a
    view of an Arrow buffer, so the text is copied once more, to the file.

    Raises:
        InvalidEventError: as :func:`csv_text` -- a lone surrogate before the first piece, a
            cell too long to read back when its slice is reached (a writer then drops what it
            wrote, as :func:`~aitimeline._atomic.replacing` does).
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    store, pos = timeline._store, timeline._pos  # noqa: SLF001 - the storage written
    if isinstance(store, RowStore):  # write only what reads back, as building the events did
        store.fields.check()
    try:
        cells = table_arrow(store, pos)
    except UnicodeError:  # a lone surrogate: the csv module names it
        return iter([csv_text(timeline).encode("utf-8")])
    kind = cells["kind"]  # an empty kind is the plain event, written as event_to_row does
    kinds = _kinds(store, pos, kind)
    if "event" in kinds and pc.min(pc.binary_length(kind)).as_py() == 0:
        cells["kind"] = pc.if_else(pc.equal(kind, ""), pa.scalar("event", kind.type), kind)
    columns = [c for c in row_columns(set(kinds)) if c in cells]  # core, and those with text
    head = (",".join(columns) + _EOL).encode("utf-8")  # column names need no quotes
    if not len(timeline):
        return iter([head])
    return _joined(head, {name: cells[name] for name in columns}, timeline)


def _kinds(store: Store, pos: npt.NDArray[np.int64] | None, kind: pa.Array) -> list[str]:
    """Return the kinds of the rows at *pos* (None: all), the plain event's empty one as ``event``.

    A row store knows its kinds' codes (kept): no pass over the cells' text.
    """
    if isinstance(store, RowStore):
        codes, texts = store.fields.codes("kind")
        if pos is None:
            return texts
        return [texts[i] for i in np.flatnonzero(np.bincount(codes[pos], minlength=len(texts)))]
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    return [k or "event" for k in pc.unique(kind).to_pylist()]


def _joined(
    head: bytes, cells: dict[str, pa.Array], timeline: Timeline
) -> Iterator[bytes | memoryview]:
    r"""Yield *head*, then the rows of the string columns *cells*, slice by slice.

    A slice none of whose cells needs quotes is written by Arrow's CSV writer, which refuses
    a cell that does (quoting style ``"none"``: a comma, a quote, ``"\r"`` or ``"\n"``,
    what makes the ``csv`` module quote it); any other by Arrow's joins of the quoted cells.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    limit = csv.field_size_limit()
    names, columns = list(cells), list(cells.values())

    def rows(start: int) -> memoryview:
        sliced = [column.slice(start, _SLICE) for column in columns]
        if any(_too_long(column, limit) for column in sliced):
            raise _TooLongError
        if not any(column.null_count for column in sliced):
            try:
                return _written(sliced, names)
            except pa.ArrowInvalid:  # a cell to quote
                pass
        return _joined_rows([_quoted(column) for column in sliced])

    yield head
    try:
        yield from ordered_map(rows, range(0, len(timeline), _SLICE), len(timeline))
    except _TooLongError:  # the csv module names the first long cell, in row order
        csv_text(timeline)
        raise  # pragma: no cover - csv_text refuses what _too_long found


def _joined_rows(quoted: list[pa.Array]) -> memoryview:
    """Return the CSV rows of string columns whose cells are *quoted*, by Arrow's joins."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    size = sum(map(_data_size, quoted)) + len(quoted[0]) * (len(quoted) + 2)
    # 32-bit offsets while the text fits them (no cast, a faster join), else 64-bit ones
    text = pa.string() if size < 2**31 - 1 else pa.large_string()
    parts = [column.cast(text) for column in quoted]
    parts[-1] = pc.binary_join_element_wise(parts[-1], pa.scalar(_EOL, text), "")
    return text_bytes(pc.binary_join_element_wise(*parts, pa.scalar(",", text)))


def _written(columns: list[pa.Array], names: list[str]) -> memoryview:
    """Return the CSV rows of string *columns* none of whose cells needs quotes, by Arrow."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.csv as pa_csv  # noqa: PLC0415 - as above

    options = pa_csv.WriteOptions(
        include_header=False, batch_size=_SLICE, quoting_style="none", eol=_EOL
    )
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(pa.table(columns, names=names), sink, options)
    return memoryview(sink.getvalue())


def _too_long(column: pa.Array, limit: int) -> bool:
    """Tell whether a cell of string *column* is longer than *limit* characters."""
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    # UTF-8 bytes >= characters: count the characters only when the bytes are many
    return bool(
        np.diff(text_offsets(column)).max(initial=0) > limit
        and pc.max(pc.utf8_length(column)).as_py() > limit
    )


def _data_size(column: pa.Array) -> int:
    """Return how many bytes of text the cells of string *column* hold (from its offsets)."""
    offsets = text_offsets(column)
    return int(offsets[-1] - offsets[0])


def _quoted(column: pa.Array) -> pa.Array:
    """Return each cell of *column* as the ``csv`` module writes it (``QUOTE_MINIMAL``)."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    data = text_bytes(column).tobytes()  # the cells' own bytes (a slice's, not its buffer's)
    if not any(char in data for char in (b",", b'"', b"\r", b"\n")):
        return column
    needs = pc.match_substring_regex(column, _NEEDS_QUOTES)
    quote, nothing = pa.scalar('"', column.type), pa.scalar("", column.type)
    quoted = pc.binary_join_element_wise(
        quote, pc.replace_substring(column, '"', '""'), quote, nothing
    )
    return pc.if_else(needs, quoted, column)


def csv_text(timeline: Timeline) -> str:
    """Return the CSV text of *timeline*, written from its columns (see the module).

    Raises:
        InvalidEventError: a cell is longer than :func:`csv.field_size_limit` or holds a lone
            surrogate; the message names the event and the column. A timeline built from
            cells is checked first: a row that makes no event is refused as building it is.
    """
    store, pos = timeline._store, timeline._pos  # noqa: SLF001 - the storage written
    if isinstance(store, RowStore):  # write only what reads back, as building the events did
        store.fields.check()
    cells = table_columns(store, pos)
    cells["kind"] = np.where(cells["kind"] == "", "event", cells["kind"]).astype(object)
    columns = tuple(c for c in row_columns(set(cells["kind"].tolist())) if c in cells)
    table = [cells[c] for c in columns]
    _refuse_cells(columns, table, cells["id"])
    stream = _stdio.StringIO(newline="")
    # RFC 4180 line ends: with "\r\n" as the terminator, cells holding \r or \n get quoted.
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(zip(*(column.tolist() for column in table), strict=True))
    return stream.getvalue()


def _first(cells: list[str], test: Callable[[str], bool]) -> int | None:
    return next((r for r, cell in enumerate(cells) if test(cell)), None)


def _refuse_cells(
    columns: tuple[str, ...], table: list[npt.NDArray[np.object_]], ids: npt.NDArray[np.object_]
) -> None:
    """Refuse the first cell, in row order, too long to read back or not UTF-8 text."""
    limit = csv.field_size_limit()
    found: list[tuple[int, int, str]] = []  # (row, column, what)
    for j, cells in enumerate(table):
        texts = cells.tolist()
        joined = "".join(texts)
        if len(joined) > limit and max(map(len, texts)) > limit:
            r = _first(texts, lambda t: len(t) > limit)
            if r is not None:
                found.append((r, j, "long"))
        if _SURROGATE.search(joined):
            r = _first(texts, lambda t: _SURROGATE.search(t) is not None)
            if r is not None:
                found.append((r, j, "surrogate"))
    if not found:
        return
    r, j, what = min(found, key=lambda f: (f[0], f[1], f[2] != "long"))
    cell, column = str(table[j][r]), columns[j]
    if what == "long":
        msg = (
            f"event {ids[r]!r}, column {column!r}: the cell is {len(cell):,} characters long, "
            f"more than a CSV reader reads ({limit:,}, csv.field_size_limit()); expected "
            "shorter text, or write the events with write_json"
        )
        raise InvalidEventError(msg)
    msg = f"event {ids[r]!r}: {surrogate_text(column, cell)}"
    raise InvalidEventError(msg)
