"""A row store holding its text columns in Arrow answers as one holding Python objects.

Laws checked here:

* **Arrow = objects = events**: for generated timelines (every kind, fuzzy dates) with cells
  changed to bad or odd ones, a store whose text columns are Arrow string arrays, a store of
  the same cells as object arrays and the built events give the same value of every field,
  the same ``to_columns``, ids and events, and the same error (type and message: the first
  bad row) where some row makes no event.
* **None is empty, as before**: a None cell reads as ``""`` in every field; an empty or None
  id, and an empty or None date, are refused with the messages of the object store.
* **mixed columns fall back**: a column with a non-text cell (a number, NaN, bytes) stays an
  object array and reads as ``cell_text`` of each cell.
* **tests at C speed = Python tests**: the Arrow forms of ``not text.strip()``, the slug test
  and ``text_codes`` give per cell what the Python ones give, for any text.
* **quoted CSV by Arrow = csv module**: when Arrow's split of quoted CSV is taken, its cells
  are the ``csv`` module's; the ``csv`` module's own output is always taken.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from operator import not_
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline.strategies as ats
from _factories import odd_columns
from aitimeline import Timeline, col
from aitimeline._cellfields import (
    _ARROW_TEST,
    CellFields,
    _first_rows_hashed,
    first_rows,
    text_codes,
)
from aitimeline._csvcols import _split_arrow_quoted, _split_quoted, read_columns
from aitimeline._fields import field_value, known_fields
from aitimeline._frame import DERIVED_COLUMNS
from aitimeline._index import TYPE_FIELD
from aitimeline._store import RowStore, as_cells
from aitimeline._textcells import (
    PY_SPACE,
    failed_blank,
    failed_match,
    failed_text,
    text_array,
    text_codes_arrow,
)
from aitimeline._vocab import SLUG
from aitimeline.exceptions import InvalidEventError, TimelineError

PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)
FIELDS = (*sorted(known_fields()), TYPE_FIELD, "no_such_field")
ODD_CELLS = ("", None, " ", "x", "us", "CN; US", "true", "maybe", "7B", "[", "2024-13", "Bad Slug")


@contextmanager
def _arrow_from(rows: int) -> Iterator[None]:
    """Hold text columns in Arrow from *rows* rows on (1: always) while the block runs."""
    with mock.patch("aitimeline._store.ARROW_ROWS", rows):
        yield


def _store(columns: dict[str, list[Any]], *, arrow: bool) -> RowStore:
    with _arrow_from(1 if arrow else 10**9):
        store = Timeline.from_columns(columns)._store
    assert isinstance(store, RowStore)
    return store


def _outcome(store: RowStore, field: str) -> list[object] | str:
    try:
        return list(store.values(field))
    except TimelineError as exc:
        return f"{type(exc).__name__}: {exc}"


def _built(store: RowStore, field: str) -> list[object] | str:
    try:
        events = store.events(None)
    except TimelineError as exc:
        return f"{type(exc).__name__}: {exc}"
    if field == TYPE_FIELD:
        return [type(e) for e in events]
    return [field_value(e, field) for e in events]


def _error(columns: dict[str, list[Any]], *, arrow: bool) -> str | None:
    try:
        _store(columns, arrow=arrow)
    except TimelineError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _cells() -> st.SearchStrategy[dict[str, list[Any]]]:
    return odd_columns(ODD_CELLS)


@PROPERTY
@given(_cells(), st.sampled_from(FIELDS))
def test_arrow_objects_and_events_serve_every_field_alike(
    columns: dict[str, list[Any]], field: str
) -> None:
    """Serve a field from Arrow columns as from object columns and as the built events."""
    arrow, objects = _store(columns, arrow=True), _store(columns, arrow=False)
    assert not isinstance(arrow.ids, np.ndarray)
    assert isinstance(objects.ids, np.ndarray)
    expected = _built(objects, field)
    assert _outcome(arrow, field) == expected
    assert _outcome(objects, field) == expected
    assert _built(arrow, field) == expected
    assert arrow.fields.bad_rows().tolist() == objects.fields.bad_rows().tolist()


@PROPERTY
@given(_cells(), st.randoms(use_true_random=False))
def test_checks_of_the_input_rows_are_the_stores(
    columns: dict[str, list[Any]], rnd: random.Random
) -> None:
    """Mark the rows bad that the store's own checks mark, from the cells in input order.

    ``CellFields.adopt``: ``read_csv`` checks a file's cells while its store is built.
    """
    order = list(range(len(columns["id"])))
    rnd.shuffle(order)
    shuffled = {name: [cells[i] for i in order] for name, cells in columns.items()}
    try:
        expected = _store(shuffled, arrow=True).fields.bad_rows().tolist()
        store = _store(shuffled, arrow=True)
    except TimelineError:
        return  # the ids or dates are refused while the store is built
    n = len(order)
    with _arrow_from(1):
        cells = {k: as_cells(k, v, n) for k, v in shuffled.items() if k not in DERIVED_COLUMNS}
    store.fields.adopt(CellFields(cells, None, n, store.event))
    assert store.fields.bad_rows().tolist() == expected


@PROPERTY
@given(ats.timelines(events=ats.events()))
def test_arrow_stores_write_and_list_what_events_do(tl: Timeline) -> None:
    """Give the ids, events, ``to_columns`` and ``to_pandas`` of the events, from Arrow."""
    columns = tl.to_columns()
    with _arrow_from(1):
        read = Timeline.from_columns(columns)
    assert read.ids == tl.ids
    assert read.to_columns() == columns
    assert list(read) == list(tl)
    assert read.to_pandas().equals(tl.to_pandas())
    store = read._store
    assert store.locate(list(tl.ids)).tolist() == list(range(len(tl)))
    assert store.id_arrow() is store.ids or not len(tl)


@PROPERTY
@given(_cells(), st.sampled_from(["id", "when"]), st.sampled_from(["", None, "2024-13", "a-b"]))
def test_ids_and_dates_are_refused_alike(
    columns: dict[str, list[Any]], name: str, cell: str | None
) -> None:
    """Refuse an empty, None, repeated or bad id or date with the object store's message."""
    columns[name][-1] = cell
    assert _error(columns, arrow=True) == _error(columns, arrow=False)
    columns[name][0] = columns[name][-1]
    assert _error(columns, arrow=True) == _error(columns, arrow=False)


def test_a_large_text_column_is_held_in_arrow_and_a_mixed_one_is_not() -> None:
    """Hold all-text columns in Arrow from ARROW_ROWS rows on; fall back on any other cell."""
    n = 5_000
    columns: dict[str, list[Any]] = {
        "id": [f"e{i}" for i in range(n)],
        "when": ["2024-01-02"] * n,
        "title": [f"title {i}" for i in range(n)],
        "country": ["US"] * (n - 1) + [None],
        "model": ["m"] * (n - 1) + [7],
        "tags": [math.nan] + ["x"] * (n - 1),
        "actors": [b"bytes"] + ["A"] * (n - 1),
    }
    store = Timeline.from_columns(columns)._store
    assert isinstance(store, RowStore)
    kinds = {name: isinstance(store.cells(name, None), np.ndarray) for name in columns}
    assert kinds == {
        "id": False,
        "when": False,
        "title": False,
        "country": False,
        "model": True,
        "tags": True,
        "actors": True,
    }
    first, last = store.locate([columns["id"][0], columns["id"][-1]]).tolist()
    assert store.column("country")[last] is None  # type: ignore[index]
    assert store.text_cells("country")[last] == ""  # type: ignore[index]
    assert store.text_cells("model")[last] == "7"  # type: ignore[index]
    assert store.text_cells("tags")[first] == ""  # type: ignore[index]
    assert store.text_cells("actors")[first] == "b'bytes'"  # type: ignore[index]
    arrow = store.arrow_cells("title")
    assert arrow is not None
    assert arrow.to_pylist() == [f"title {event_id[1:]}" for event_id in store.id_list()]


def test_a_slug_test_does_not_take_a_newline_for_a_cell_boundary() -> None:
    """Refuse an id holding a newline in a query, as building its event does."""
    columns = {"id": ["a\nb", "c"], "when": ["2024", "2025"], "title": ["A", "C"]}
    for arrow in (True, False):
        store = _store(columns, arrow=arrow)
        with pytest.raises(InvalidEventError) as built:
            store.event(0)
        with pytest.raises(InvalidEventError) as caught:
            Timeline._view(store, None).where(col("id") == "c")
        assert str(caught.value) == str(built.value)


_TEXT = st.text(
    st.sampled_from([*PY_SPACE, "a", "z", "-", "0", "9", "Z", "é", "\u200b", "\x00", "~", "!"]),
    max_size=5,
)


@PROPERTY
@given(st.lists(_TEXT | st.none(), min_size=1, max_size=12), st.integers(0, 3))
def test_arrow_tests_are_the_python_tests(cells: list[str | None], skip: int) -> None:
    """Give ``not text.strip()``, the slug test and the text codes per cell, as Python does.

    Also on a slice of a column (its offsets start past its buffers' start), and with the
    slug test's table of the characters a slug is made of (``_cellfields``).
    """
    texts = ["" if c is None else c for c in cells]
    array = pa.array(cells, pa.string())
    blank = failed_text(array)
    assert (blank.tolist() if blank is not None else [False] * len(texts)) == [
        not t.strip() for t in texts
    ]
    filled = failed_blank(array)
    assert (filled.tolist() if filled is not None else [False] * len(texts)) == list(
        map(bool, texts)
    )
    for slug in (failed_match(array, SLUG.pattern), _ARROW_TEST["slug"](array)):
        assert (slug.tolist() if slug is not None else [False] * len(texts)) == [
            SLUG.fullmatch(t) is None for t in texts
        ]
    part, part_texts = array.slice(skip), texts[skip:]
    tests = ((failed_text, str.strip), (_ARROW_TEST["slug"], SLUG.fullmatch), (failed_blank, not_))
    for test, python in tests:
        failed = test(part)
        assert (failed.tolist() if failed is not None else [False] * len(part_texts)) == [
            not python(t) for t in part_texts
        ]
    codes, distinct = text_codes_arrow(array)
    expected_codes, expected_texts = text_codes(cells)
    assert distinct == expected_texts
    assert codes.tolist() == expected_codes.tolist()


_IDS = st.lists(st.sampled_from(["a", "b", "c", "d", "", "e-1", "Z"]), min_size=2, max_size=8)


@PROPERTY
@given(_IDS, st.lists(st.sampled_from(["2024", "2023-05", "", "soon", "2024~"]), min_size=8))
def test_ids_checked_on_a_thread_fail_as_checked_first(ids: list[str], dates: list[str]) -> None:
    """Raise the error of checking the ids first, then the dates, or order the rows alike.

    With the ids' hash table built on a thread beside the dates' work or not, and the ids
    held in Arrow or as objects.
    """
    columns = {"id": ids, "when": dates[: len(ids)], "title": ["t"] * len(ids)}

    def read(*, threads: bool, arrow: bool) -> list[str] | str:
        with (
            _arrow_from(1 if arrow else 10**9),
            mock.patch("aitimeline._textcells.PARALLEL_ROWS", 0 if threads else 1 << 62),
        ):
            try:
                tl = Timeline.from_columns(columns)
            except TimelineError as exc:
                return f"{type(exc).__name__}: {exc}"
        return list(tl.ids)  # in (date, id) order

    expected = read(threads=False, arrow=False)
    assert read(threads=True, arrow=True) == expected
    assert read(threads=False, arrow=True) == expected


@pytest.mark.parametrize("bad", [[], [0], [29_000, 29_001], [32_767, 32_768, 39_999]])
def test_the_slug_test_reads_long_columns_slice_by_slice(bad: list[int]) -> None:
    """Find every cell that is no slug in a column of more bytes than one slice of lookups."""
    ids = [f"ev-{i:05d}" for i in range(40_000)]  # 9 bytes a cell: 360,000 bytes in all
    for i in bad:
        ids[i] = f"Ev_{i}" if i % 2 else f"ev {i}"
    for cells in (pa.array(ids), pa.array(["x", *ids]).slice(1)):
        failed = _ARROW_TEST["slug"](cells)
        found = [] if failed is None else np.flatnonzero(failed).tolist()
        assert found == bad


@PROPERTY
@given(st.lists(st.integers(-3, 5) | st.sampled_from([2**40, -(2**62)]), max_size=30))
def test_first_rows_by_hash_are_those_by_sort(values: list[int]) -> None:
    """Give each code's first row in order of first use and each row's rank, hashed or sorted."""
    codes = np.array(values, dtype=np.int64)
    first, rank = _first_rows_hashed(codes)
    order = list(dict.fromkeys(values))
    assert first.tolist() == [values.index(v) for v in order]
    assert rank.tolist() == [order.index(v) for v in values]
    if len(codes):
        by_sort = first_rows(codes)  # below ARROW_ROWS rows: numpy's sort
        assert by_sort[0].tolist() == first.tolist()
        assert by_sort[1].tolist() == rank.tolist()


def test_text_array_takes_only_text() -> None:
    """Take str and None cells; refuse numbers, NaN, bytes and a column of only None."""
    assert text_array(np.array(["a", "b"])) is not None
    for refused in (["a", 1], ["a", math.nan], [b"a", "b"], [None, None], [], np.arange(3)):
        assert text_array(refused) is None


_CELL = st.text(st.sampled_from('ab ,"\r\n'), max_size=4)


@PROPERTY
@given(
    st.lists(st.lists(_CELL, min_size=5, max_size=5), max_size=5),
    st.sampled_from(["\r\n", "\n"]),
    st.permutations(["kind", "id", "when", "title", "model"]),
)
def test_quoted_csv_split_by_arrow_is_the_csv_modules(
    rows: list[list[str]], eol: str, header: list[str]
) -> None:
    """Take Arrow's split only when it is the csv module's; always for the module's output."""
    stream = io.StringIO(newline="")
    csv.writer(stream, lineterminator=eol).writerows([header, *rows])
    written = stream.getvalue()
    for text in (written, written.replace('"', ""), re.sub(r'"(\w)', r'"\1"', written)):
        arrow = _split_arrow_quoted(text, header)
        if arrow is None:
            continue
        objects = _split_quoted(text, header)
        assert objects is not None
        assert {k: pa.array(v).to_pylist() for k, v in arrow.items()} == {
            k: v.tolist() for k, v in objects.items() if k in arrow
        }
        assert all(not any(v.tolist()) for k, v in objects.items() if k not in arrow)
    if not any("\r" in c for row in rows for c in row):  # a lone \r goes to the csv module
        assert _split_arrow_quoted(written, header) is not None


def test_a_quoted_csv_file_is_read_into_arrow_columns() -> None:
    """Read a file with quoted cells into Arrow columns, as the csv module reads it."""
    text = 'kind,id,when,title\r\nevent,a,2024-01-01,"x, ""y"""\r\nevent,b,2024-02,"two\nlines"\r\n'
    timeline = read_columns(text, ["kind", "id", "when", "title"], "f.csv")
    assert timeline is not None
    store = timeline._store
    assert isinstance(store, RowStore)
    assert not isinstance(store.cells("title", None), np.ndarray)
    assert [e.title for e in timeline] == ['x, "y"', "two\nlines"]


@PROPERTY
@given(ats.timelines(), st.lists(st.text(max_size=6), max_size=5))
def test_find_is_the_position_of_an_id(tl: Timeline, extra: list[str]) -> None:
    """Find each id of an Arrow store by bisection where ``position`` holds it, else None."""
    with _arrow_from(1):
        read = Timeline.from_columns(tl.to_columns()) if len(tl) else tl
    store = read._store
    for event_id in [*tl.ids, *extra]:
        assert store.find(event_id) == store.position.get(event_id)
        assert (event_id in read) == (event_id in tl.ids)


@PROPERTY
@given(_cells())
def test_a_str_frame_reads_as_its_object_frame(columns: dict[str, list[Any]]) -> None:
    """Read pandas' ``str`` columns (NaN for missing) through Arrow as their object cells."""
    frame = pd.DataFrame(columns).astype("str").where(pd.DataFrame(columns).notna())
    objects = frame.astype(object)

    def read(df: pd.DataFrame) -> tuple[dict[str, list[str]], list[str]] | str:
        try:
            tl = Timeline.from_pandas(df)
            return tl.to_columns(), [repr(e) for e in tl]
        except TimelineError as exc:
            return f"{type(exc).__name__}: {exc}"

    assert read(frame) == read(objects)
