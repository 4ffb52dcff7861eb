r"""CSV written a slice at a time, and files written a piece at a time, flushed behind.

Laws:

- ``csv_bytes`` is the ``csv`` module's text whichever way each slice of rows is put
  together: by Arrow's CSV writer when no cell of the slice needs quotes, by Arrow's string
  joins otherwise (slices of any size, mixed in one file).
- Arrow's CSV writer (quoting style ``"none"``) refuses a row exactly when the ``csv`` module
  would quote one of its cells, and otherwise writes the module's bytes.
- A cell too long to read back is refused with the ``csv`` module's message, in whatever
  slice it lies, and the file written before stays as it was, with no temporary file left.
- ``write_pieces(path, pieces)`` leaves ``b"".join(pieces)`` at *path*, however many flushes
  ran behind the writes; when *pieces* raises, *path* is unchanged.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline as at
from aitimeline import _atomic, _csvcols, _textcells
from aitimeline._atomic import write_pieces
from aitimeline._csvcols import csv_bytes, csv_text
from aitimeline.exceptions import InvalidEventError

PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)

_PLAIN = st.text(st.sampled_from("ab é中😀 ;:|\t"), max_size=5)  # nothing to quote
_QUOTED = st.sampled_from(["a,b", 'say "hi"', "two\r\nlines", "cr\ronly", "lf\nonly"])


@st.composite
def _mixed(draw: st.DrawFn) -> at.Timeline:
    """A timeline from cells, some of whose titles and models need quotes, most not."""
    n = draw(st.integers(1, 9))
    kinds = [draw(st.sampled_from(["", "event", "release"])) for _ in range(n)]
    title = _PLAIN.filter(str.strip) | _QUOTED
    columns = {
        "kind": kinds,
        "id": [f"ev-{i}" for i in range(n)],
        "when": [
            draw(st.sampled_from(["2024", "2024-03-05", "2023~", "2020/2021"])) for _ in kinds
        ],
        "title": [draw(title) for _ in kinds],
        "country": [draw(st.sampled_from(["", "US", "CN"])) for _ in kinds],
        "model": [draw(title) if k == "release" else "" for k in kinds],
    }
    return at.Timeline.from_columns(columns)


def _spied(made: list[str]) -> dict[str, Callable[..., memoryview]]:
    """Return the two ways of making a slice's rows, each noting its name in *made*."""
    ways: dict[str, Callable[..., memoryview]] = {
        "_written": _csvcols._written,
        "_joined_rows": _csvcols._joined_rows,
    }

    def spy(name: str) -> Callable[..., memoryview]:
        def way(*args: Any) -> memoryview:
            rows = ways[name](*args)  # Arrow's writer refuses a slice with a cell to quote
            made.append(name)
            return rows

        return way

    return {name: spy(name) for name in ways}


@PROPERTY
@given(_mixed(), st.integers(1, 4), st.booleans(), st.booleans())
def test_csv_slices_by_either_writer_are_the_csv_modules(
    tl: at.Timeline, rows: int, whole: bool, threads: bool
) -> None:
    """Write the csv module's bytes whether Arrow's writer or its joins made each slice.

    The slices made one after the other, or ahead on threads.
    """
    view = tl if whole else tl.where(at.col("country") != "CN")
    made: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_csvcols, "_SLICE", rows)
        patch.setattr(_textcells, "PARALLEL_ROWS", 0 if threads else 1 << 62)
        for name, way in _spied(made).items():
            patch.setattr(_csvcols, name, way)
        assert csv_bytes(view) == csv_text(view).encode("utf-8")
    assert len(made) == -(-len(view) // rows)  # one way per slice


@PROPERTY
@given(st.lists(st.text(st.sampled_from('ab ,"\r\n\té;|'), max_size=4), min_size=2, max_size=4))
def test_arrows_writer_refuses_exactly_the_cells_the_csv_module_quotes(cells: list[str]) -> None:
    """Write a row by Arrow's writer exactly when the csv module quotes none of its cells."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    expected = buffer.getvalue()
    columns = [pa.array([cell]) for cell in cells]
    names = [f"c{i}" for i in range(len(cells))]
    try:
        written = bytes(_csvcols._written(columns, names)).decode("utf-8")
    except pa.ArrowInvalid:
        assert '"' in expected  # refused: the csv module quotes some cell
    else:
        assert written == expected  # the csv module's bytes, nothing quoted


def test_plain_slices_take_arrows_writer_and_quoted_ones_the_joins() -> None:
    """Send a slice with no cell to quote to Arrow's writer, and one with such a cell to joins."""
    tl = at.Timeline.from_columns(
        {"id": ["a", "b"], "when": ["2024", "2025"], "title": ["plain", "with, comma"]}
    )
    made: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_csvcols, "_SLICE", 1)
        for name, way in _spied(made).items():
            patch.setattr(_csvcols, name, way)
        assert csv_bytes(tl) == csv_text(tl).encode("utf-8")
    assert made == ["_written", "_joined_rows"]


def test_a_long_cell_in_a_later_slice_is_refused_and_the_old_file_stays(tmp_path: Path) -> None:
    """Refuse a cell too long to read back in the third slice, leaving the old file as it was."""
    path = tmp_path / "t.csv"
    old = at.Timeline([at.Event(id="old", when="2020", title="old")])
    at.io.write_csv(old, path)
    before = path.read_bytes()
    long = "x" * (csv.field_size_limit() + 1)
    tl = at.Timeline.from_columns(
        {"id": ["a", "b", "c"], "when": ["2024", "2024", "2024"], "title": ["t", "t", long]}
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_csvcols, "_SLICE", 1)
        with pytest.raises(InvalidEventError, match=r"'c', column 'title'.*write_json"):
            at.io.write_csv(tl, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


@settings(deadline=None, max_examples=40)
@given(st.lists(st.binary(max_size=40), max_size=12), st.integers(1, 64), st.booleans())
def test_pieces_flushed_behind_are_the_file(pieces: list[bytes], every: int, hint: bool) -> None:
    """Leave the pieces joined at the path, however often they were flushed behind.

    Where the system takes the hint, it is given each stretch written once, in order, after
    *every* bytes or more; where it has none (macOS, Windows), the closing fsync does it all.
    """
    advised: list[tuple[int, int]] = []
    real = getattr(os, "posix_fadvise", None)

    def spy(fd: int, offset: int, length: int, advice: int) -> None:
        advised.append((offset, length))
        if real is not None:
            real(fd, offset, length, advice)

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(_atomic, "_FLUSH_BEHIND", every)
        if hint:
            patch.setattr(os, "posix_fadvise", spy, raising=False)
            dontneed = getattr(os, "POSIX_FADV_DONTNEED", 4)  # Linux's value where it has none
            patch.setattr(os, "POSIX_FADV_DONTNEED", dontneed, raising=False)
        else:
            patch.delattr(os, "posix_fadvise", raising=False)
        path = Path(folder) / "f.bin"
        path.write_bytes(b"old")
        write_pieces(path, [memoryview(p) if len(p) % 2 else p for p in pieces])
        assert path.read_bytes() == b"".join(pieces)
        assert [p.name for p in Path(folder).iterdir()] == ["f.bin"]
    ends = [offset + length for offset, length in advised]
    assert [offset for offset, _ in advised] == [0, *ends][: len(advised)]  # one after another
    assert all(length >= every for _, length in advised)
    assert sum(length for _, length in advised) <= len(b"".join(pieces))
    assert hint or not advised


def test_pieces_that_fail_leave_the_old_file(tmp_path: Path) -> None:
    """Leave the old file and no temporary one when the pieces raise after some were flushed."""
    path = tmp_path / "f.bin"
    path.write_bytes(b"old")

    def pieces() -> Iterator[bytes]:
        yield b"x" * 100
        yield b"y" * 100
        msg = "the third piece"
        raise ValueError(msg)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_atomic, "_FLUSH_BEHIND", 10)
        with pytest.raises(ValueError, match="the third piece"):
            write_pieces(path, pieces())
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]
