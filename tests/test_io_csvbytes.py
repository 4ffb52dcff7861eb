r"""``read_csv`` reads a file's bytes as decoding it whole and reading it row by row does.

Law: for any bytes (a byte order mark or not, ``\r\n`` or ``\n`` line ends, quoted cells,
bytes that are not UTF-8 anywhere, ids used twice far apart, empty ids, ids that are no slug,
blank titles), ``read_csv`` gives the timeline and summary, or the error type and message, of
the reference reader: the whole file decoded (``utf-8-sig``, whose error names the first bad
byte), its header checked, then every row built as an event (``_read_csv_rows``). The fast
reader decodes only the header line and lets Arrow's reader check the cells' UTF-8.
"""

from __future__ import annotations

import csv
import io as stdio
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline.io as aio
from aitimeline import Timeline
from aitimeline._csvcols import csv_header
from aitimeline._result import LoadSummary
from aitimeline._store import RowStore
from aitimeline._textcells import ARROW_ROWS
from aitimeline.exceptions import TimelineError

PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=80)

_BAD_BYTES = ["\udcff", "\udced\udca0\udc80", "\udcc3", "\udce2\udc82", "\udcc0\udc80"]
"""Bytes that are not UTF-8 (0xff, a surrogate's bytes, cut sequences, an overlong NUL), held
as the surrogates ``surrogateescape`` turns back into them."""

_HEADERS = [
    ["kind", "id", "when", "title"],
    ["kind", "id", "when", "title", "country", "model"],
    ["id", "title", "kind", "when", "note"],
    ["kind", "id", "when", "title", "bogus"],  # refused: the header's message
]
_CELLS = {
    "kind": st.sampled_from(["event", "release", "policy", "", "nokind"]),
    "id": st.sampled_from(["a", "b", "c", "ev-1", "x9", "", "Bad", "-x", "a b"]),
    "when": st.sampled_from(["2024", "2024-03", "2023-11-05", "2024~", "", "soon"]),
    "title": st.sampled_from(["A", "B c", "", " ", "x,y", 'say "hi"', "é", "two\nlines", "\u3000"]),
    "country": st.sampled_from(["", "US", "CN", "xx"]),
    "model": st.sampled_from(["", "m-1", "GPT 4"]),
    "note": st.sampled_from(["", "n", "a\r\nb", ",", "中文"]),
    "bogus": st.just("b"),
}


def _reference(data: bytes, name: str) -> tuple[Timeline, LoadSummary] | str:
    """Read *data* the way ``read_csv`` always did: decoded whole, then row by row."""
    try:
        text = aio._decode(data, name)
        header = csv_header(text, name)
        aio._check_header(header, name)
        result = aio._read_csv_rows(text, header, name)
    except TimelineError as exc:
        return f"{type(exc).__name__}: {exc}"
    return result.timeline, result.summary


def _read(data: bytes, name: str, *, threads: bool = False) -> tuple[Timeline, LoadSummary] | str:
    """Read *data* with ``read_csv`` (*threads*: the threaded checks, however few the rows)."""
    with mock.patch("aitimeline._textcells.PARALLEL_ROWS", 0 if threads else 1 << 62):
        try:
            result = aio.read_csv(stdio.BytesIO(data), name=name)
        except TimelineError as exc:
            return f"{type(exc).__name__}: {exc}"
    return result.timeline, result.summary


@st.composite
def _files(draw: st.DrawFn) -> bytes:
    """CSV bytes: good rows mostly, with the faults the readers must name alike."""
    header = draw(st.sampled_from(_HEADERS))
    n = draw(st.integers(0, 6))
    rows = [[draw(_CELLS[c]) for c in header] for _ in range(n)]
    if n and draw(st.booleans()):  # mostly good rows: distinct slugs, dates, titles
        for i, row in enumerate(rows):
            good = {"kind": "event", "id": f"ev-{i}", "when": "2024-05", "title": f"t {i}"}
            for j, column in enumerate(header):
                row[j] = good.get(column, row[j])
    stream = stdio.StringIO(newline="")
    eol = draw(st.sampled_from(["\r\n", "\n"]))
    csv.writer(stream, lineterminator=eol).writerows([header, *rows])
    text = stream.getvalue()
    if text and draw(st.booleans()):  # a byte that is not UTF-8 somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(_BAD_BYTES)) + text[at:]
    if draw(st.booleans()) and text.endswith(eol):
        text = text.removesuffix(eol)  # no line end after the last row
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.encode("utf-8", "surrogateescape")


@PROPERTY
@given(_files())
def test_read_csv_of_bytes_is_the_row_readers(data: bytes) -> None:
    """Give the timeline or the message of decoding the file whole and reading row by row.

    With the cells checked on a thread while the store is built, or after it.
    """
    expected = _reference(data, "f.csv")
    assert _read(data, "f.csv") == expected
    assert _read(data, "f.csv", threads=True) == expected


def _big_file(n: int, *, bom: bool = False) -> list[str]:
    lines = ["kind,id,when,title,country"]
    lines += [f"event,ev-{i:05d},2024-{1 + i % 12:02d},title {i},US" for i in range(n)]
    if bom:
        lines[0] = "\ufeff" + lines[0]
    return [*lines, ""]


@pytest.mark.parametrize(
    ("row", "cell", "eol", "bom"),
    [
        (None, None, "\r\n", False),
        (None, None, "\n", True),
        (4900, "event,ev-00007,2024-01,late twin,US", "\r\n", False),  # an id used twice
        (4500, "event,,2024-01,no id,US", "\n", False),
        (0, "event,,2024-01,no id and ids ascending,US", "\r\n", False),
        (2, "event,ev-00000,2024-01,a twin next to its first,US", "\r\n", False),
        (3000, "event,Ev-x,2024-01,no slug,US", "\r\n", True),
        (4200, "event,ev-x,2024-01,\u3000,US", "\r\n", False),  # a blank title
        (4999, 'event,ev-x,2024-01,"quoted, cell",US', "\r\n", False),
        (2500, "event,ev-x,2024-01,caf\udce9,US", "\n", True),  # latin-1, not UTF-8
    ],
)
def test_a_large_file_reads_as_row_by_row(
    row: int | None, cell: str | None, eol: str, *, bom: bool
) -> None:
    """Read past ``ARROW_ROWS`` rows (the hashed paths) as the row reader, a fault far in."""
    n = ARROW_ROWS + 1000
    lines = _big_file(n, bom=bom)
    if row is not None and cell is not None:
        lines[row + 1] = cell
    data = eol.join(lines).encode("utf-8", "surrogateescape")
    read = _read(data, "big.csv", threads=True)
    assert read == _reference(data, "big.csv")
    if row is None:  # a good file is read column-wise: no event built
        assert not isinstance(read, str)
        assert isinstance(read[0]._store, RowStore)
