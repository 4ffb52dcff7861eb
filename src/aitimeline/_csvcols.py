r"""The CSV form read and written column by column: no event is built on either side.

Layer: after ``_timeline``, beside ``_result``; :mod:`aitimeline.io` calls it.

**Reading** (:func:`read_columns`): the text is split into columns -- by Arrow's CSV reader
(``pyarrow.csv``) when the text has no quote character and no blank line, so that the two
parsers cannot differ, else by the standard library's ``csv`` module -- and the columns make
a row store (``Timeline.from_columns``'s), whose rows are then checked column-wise, per
distinct ``(kind, cell)`` (``aitimeline._cellfields``). When every row makes an event, that
store is the timeline read. When anything is wrong (a row of the wrong length, a bad cell, an
id used twice, text that is not CSV), :func:`read_columns` returns None and the caller reads
the file row by row, which names the first bad row in file order with the message it always
gave: the slow path runs only on files that fail.

**Writing** (:func:`csv_bytes`): the cells are taken by position from the store's Arrow text
columns (a row store's cells as given, as text; built events' rows, made once per store) and
put together by Arrow's string kernels into the bytes the ``csv`` module writes
(``QUOTE_MINIMAL``, ``"\r\n"`` line ends): a cell holding a comma, a quote, ``\r`` or ``\n`` is
quoted with its quotes doubled, every other cell is written as it is. Arrow's own CSV writer
quotes every string, so it cannot give those bytes. When a column holds a lone surrogate
(Arrow refuses it) or a cell too long to read back, the text is written row-major by the
``csv`` module instead (:func:`csv_text`), which refuses the first such cell in row order.
"""

from __future__ import annotations

import csv
import gc
import io as _stdio
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Final

import numpy as np

from aitimeline._events import row_columns
from aitimeline._frame import table_arrow, table_columns
from aitimeline._store import RowStore
from aitimeline._timeline import Timeline
from aitimeline.exceptions import InvalidEventError, TimelineError

if TYPE_CHECKING:
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["csv_bytes", "csv_chunks", "csv_text", "read_columns", "surrogate_text"]

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_SAMPLE: Final = 1_000
"""How many cells of a column are looked at to tell whether its cells repeat."""


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


def _split_plain(text: str, header: list[str]) -> dict[str, npt.NDArray[np.object_]] | None:
    """Split quote-free CSV text with Arrow's reader; None if Arrow refuses it."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.csv as pcsv  # noqa: PLC0415 - as above

    if len(set(header)) != len(header):
        return None
    options = pcsv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        table = pcsv.read_csv(
            _stdio.BytesIO(text.encode("utf-8", "surrogatepass")),
            parse_options=pcsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
            convert_options=options,
        )
    except (pa.ArrowInvalid, UnicodeError):
        return None
    if table.column_names != header:
        return None
    empty = np.full(table.num_rows, "", dtype=object)
    return {name: _objects(table.column(name), empty) for name in header}


def _objects(column: pa.ChunkedArray, empty: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """Return the cells of a string column as Python text, one object per distinct cell.

    A column whose cells repeat (kinds, dates, countries) is read through its dictionary:
    fewer objects to make, and later hashing (``text_codes``) reuses each one's hash. The
    columns with no text at all share *empty* (the store never writes into its columns).
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    if not len(column) or pc.max(pc.binary_length(column)).as_py() == 0:  # an unused column
        return empty
    sample = column.slice(0, _SAMPLE).to_pylist()
    if len(set(sample)) * 2 > len(sample):  # mostly distinct (ids, titles): read directly
        return column.to_numpy()  # type: ignore[no-any-return]
    coded = pc.dictionary_encode(column).combine_chunks()
    distinct = coded.dictionary.to_numpy(zero_copy_only=False)
    return distinct[coded.indices.to_numpy()]  # type: ignore[no-any-return]


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


def read_columns(text: str, header: list[str], name: str) -> Timeline | None:
    """Return the timeline of CSV *text* (its *header* checked) when every row is good.

    Returns None when any row is not: the caller then reads the file row by row for the
    message (see the module).
    """
    plain = '"' not in text and "\x00" not in text  # then both parsers read it alike
    columns = _split_plain(text, header) if plain else _split_quoted(text, header)
    if columns is None:
        return None
    kinds = columns.get("kind")
    if kinds is not None and "" in set(kinds.tolist()):  # the row reader refuses an empty kind
        return None

    def label(r: int) -> str:
        return f"{name}, row {r + 2}"

    try:
        timeline = Timeline._from_cells(columns, lazy=True, label=label, copy=False)  # noqa: SLF001
        store = timeline._store  # noqa: SLF001 - the row store just built
        bad = store.fields.bad_rows()  # type: ignore[attr-defined]
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


_SLICE: Final = 1 << 17
"""How many rows are joined into one piece of text (pieces are joined on two threads)."""


def csv_chunks(timeline: Timeline) -> Iterator[bytes | memoryview]:
    """Return the bytes of :func:`csv_bytes` as pieces to write one after the other.

    Every cell is checked before this returns. The rows are then joined by Arrow a slice at a
    time, on two threads (Arrow's kernels run without the GIL), while the pieces already made
    are written: each piece is a view of an Arrow buffer, so the text is copied once, to the
    file.

    Raises:
        InvalidEventError: as :func:`csv_text`.
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
    kinds = pc.unique(kind).to_pylist()
    if "" in kinds:
        cells["kind"] = pc.if_else(pc.equal(kind, ""), pa.scalar("event", kind.type), kind)
        kinds = [k or "event" for k in kinds]
    columns = row_columns(set(kinds))
    head = (",".join(columns) + _EOL).encode("utf-8")  # column names need no quotes
    if not len(timeline):
        return iter([head])
    present = [cells[name] for name in columns if name in cells]
    if any(map(_too_long, present)):
        return iter([csv_text(timeline).encode("utf-8")])  # it names the first long cell
    quoted = [_quoted(column) for column in present]
    size = sum(_data_size(column) for column in quoted) + len(timeline) * (len(columns) + 2)
    # 32-bit offsets while the text fits them (no cast, a faster join), else 64-bit ones
    text = pa.string() if size < 2**31 - 1 else pa.large_string()
    parts: list[pa.Array | pa.Scalar] = []
    absent = 0  # absent columns since the last present one: their commas go in one scalar
    found = iter(quoted)
    for name in columns:
        if name not in cells:
            absent += 1
            continue
        if absent:
            parts.append(pa.scalar("," * (absent - 1), text))
            absent = 0
        parts.append(next(found).cast(text))
    if absent:  # the trailing commas and the line end, after the separator of the last cell
        parts.append(pa.scalar("," * (absent - 1) + _EOL, text))
    else:  # no trailing comma: the line end goes on the last cell
        parts[-1] = pc.binary_join_element_wise(parts[-1], pa.scalar(_EOL, text), "")
    return _joined(head, parts, len(timeline), pa.scalar(",", text))


def _too_long(column: pa.Array) -> bool:
    """Tell whether a cell of string *column* is longer than the ``csv`` reader reads."""
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    limit = csv.field_size_limit()
    return bool(  # UTF-8 bytes >= characters: count the characters only when the bytes are many
        pc.max(pc.binary_length(column)).as_py() > limit
        and pc.max(pc.utf8_length(column)).as_py() > limit
    )


def _joined(
    head: bytes, parts: list[pa.Array | pa.Scalar], n: int, comma: pa.Scalar
) -> Iterator[bytes | memoryview]:
    """Yield *head*, then the rows of *parts* (cells and scalars) joined, slice by slice."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    def rows(start: int) -> memoryview:
        sliced = [p.slice(start, _SLICE) if hasattr(p, "slice") else p for p in parts]
        joined = pc.binary_join_element_wise(*sliced, comma)
        width = np.int64 if pa.types.is_large_string(joined.type) else np.int32
        offsets = np.frombuffer(joined.buffers()[1], dtype=width)[joined.offset :]
        first, last = int(offsets[0]), int(offsets[len(joined)])
        return memoryview(joined.buffers()[2])[first:last]

    yield head
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield from pool.map(rows, range(0, n, _SLICE))


def _data_size(column: pa.Array) -> int:
    """Return how many bytes of text the cells of string *column* hold."""
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    return int(pc.sum(pc.binary_length(column)).as_py() or 0)


def _quoted(column: pa.Array) -> pa.Array:
    """Return each cell of *column* as the ``csv`` module writes it (``QUOTE_MINIMAL``)."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    data = memoryview(column.buffers()[2] or b"").tobytes()  # the cells' bytes, and maybe more
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
    columns = row_columns(set(cells["kind"].tolist()))
    n = len(timeline)
    empty = np.full(n, "", dtype=object)
    table = [cells.get(c, empty) for c in columns]
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
