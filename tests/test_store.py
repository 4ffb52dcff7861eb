"""A row store serves every field from its cells as the built events would.

Laws checked here:

* **values = built values**: for any cells (generated timelines of every kind, with cells
  changed to bad or odd ones) and every known field, ``RowStore.values(f)`` equals
  ``[field_value(e, f) for e in events]`` over the events the same cells make, in timeline
  order; where some row makes no event, both raise the same error (type and message).
* **checks are column-wise**: the rows :meth:`CellFields.bad_rows` marks are exactly the rows
  whose cells make no event.
* **views from columns**: ``to_columns``/``to_pandas`` of any view, of built events or of a row
  store, equal what one ``event_to_row`` per event gave (same columns, dtypes and values).
* **CSV by columns**: reading a CSV text column-wise gives the timeline, summary or error of
  the row-by-row reader; writing from the columns writes the text one row per event wrote.
* **plain dates**: ``YYYY-MM-DD``, ``YYYY-MM`` and ``YYYY`` read in bulk have the bounds and
  precision ``When.parse`` gives; every other text (invalid days included) is left to it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline.io as aio
import aitimeline.strategies as ats
from _factories import csv_by_rows, odd_columns
from aitimeline import Predicate, Timeline, When, possibly
from aitimeline._cellfields import text_codes
from aitimeline._datecells import plain_dates
from aitimeline._events import ROW_COLUMNS, event_to_row
from aitimeline._fields import field_value, known_fields
from aitimeline._frame import CORE_COLUMNS
from aitimeline._index import TYPE_FIELD
from aitimeline._result import LoadSummary
from aitimeline._store import RowStore
from aitimeline.exceptions import InvalidEventError, TimelineError

RACE_COLUMNS = {
    "kind": ["event", "release"],
    "id": ["chatgpt", "deepseek-r1"],
    "when": ["2022-11-30", "2025-01"],
    "title": ["ChatGPT", "R1"],
    "country": ["US", "CN"],
    "model": ["", "DeepSeek-R1"],
    "open_weights": ["", "true"],
    "tags": ["chat", "open-weights; reasoning"],
}
PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=80)

ODD_CELLS = (
    "",
    "x",
    "us",
    "US",
    "CN; US",
    "US; US",
    "true",
    "false",
    "maybe",
    "0",
    "-1",
    "1.5",
    "1e400",
    "7B",
    "700B",
    "$1M",
    "[",
    '["a"]',
    "{}",
    '[{"publisher": "P"}]',
    '[{"when": "2024", "source": 3}]',
    '{"chips": 0}',
    "open-weights",
    "reasoning; open-weights",
    "ban",
    "preview",
    "2024-13",
    "Bad Slug",
)
FIELDS = (*sorted(known_fields()), TYPE_FIELD, "no_such_field")


def _store(columns: dict[str, list[Any]]) -> RowStore:
    store = Timeline.from_columns(columns)._store
    assert isinstance(store, RowStore)
    return store


def _eager(columns: dict[str, list[Any]], field: str) -> list[object] | TimelineError:
    store = _store(columns)
    try:
        events = store.events(None)
    except TimelineError as exc:
        return exc
    if field == TYPE_FIELD:
        return [type(e) for e in events]
    return [field_value(e, field) for e in events]


def _lazy(columns: dict[str, list[Any]], field: str) -> list[object] | TimelineError:
    try:
        return list(_store(columns).values(field))
    except TimelineError as exc:
        return exc


def _same(a: list[object] | TimelineError, b: list[object] | TimelineError) -> bool:
    if isinstance(a, TimelineError) or isinstance(b, TimelineError):
        return type(a) is type(b) and str(a) == str(b)
    return a == b


def _cells() -> st.SearchStrategy[dict[str, list[Any]]]:
    return odd_columns(ODD_CELLS)


@PROPERTY
@given(_cells(), st.sampled_from(FIELDS))
def test_every_field_is_served_as_the_built_events_hold_it(
    columns: dict[str, list[Any]], field: str
) -> None:
    """Serve any field from the cells with the built events' values, or their error."""
    eager, lazy = _eager(columns, field), _lazy(columns, field)
    assert _same(eager, lazy), (eager, lazy)


@PROPERTY
@given(_cells())
def test_bad_rows_are_the_rows_that_make_no_event(columns: dict[str, list[Any]]) -> None:
    """Mark exactly the rows whose cells make no event."""
    store = _store(columns)
    expected = []
    for i in range(store.n):
        try:
            store.event(i)
        except InvalidEventError:
            expected.append(True)
        else:
            expected.append(False)
    assert expected == store.fields.bad_rows().tolist()


def test_a_bad_cell_anywhere_refuses_every_field_as_building_does() -> None:
    """Refuse a query on country when a later row's model is blank, as iteration does."""
    columns = {
        "kind": ["event", "release"],
        "id": ["a", "b"],
        "when": ["2024-01", "2024-02"],
        "title": ["A", "B"],
        "model": ["", " "],
        "country": ["US", "CN"],
    }
    store = _store(columns)
    with pytest.raises(InvalidEventError, match=r"row 2: event 'b': .*model=' '") as caught:
        store.values("country")
    with pytest.raises(InvalidEventError) as built:
        list(Timeline.from_columns(columns))
    assert str(caught.value) == str(built.value)


def test_a_text_field_is_served_without_building_events() -> None:
    """Read model from its cells' text: no event is built for a text field."""
    n = 2_000
    columns = {
        "kind": ["release"] * n,
        "id": [f"r{i}" for i in range(n)],
        "when": ["2024-01-02"] * n,
        "title": [f"title {i}" for i in range(n)],
        "model": [f"m{i % 7}" for i in range(n)],
    }
    store = _store(columns)
    expected = [f"m{int(event_id[1:]) % 7}" for event_id in store.id_list()]
    assert expected == list(store.values("model"))
    assert len(store._cache) <= 1


def test_text_codes_key_on_text_not_on_equal_values() -> None:
    """Give 1, 1.0 and True (one dict key) the codes of their texts: '1', '1', 'true'."""
    codes, texts = text_codes([1, 1.0, True, None, ""])
    assert ["1", "true", ""] == texts
    assert [0, 0, 1, 2, 2] == codes.tolist()


# -- to_columns and to_pandas of any view, from the columns -----------------------------------


def _by_events(tl: Timeline) -> dict[str, list[str]]:
    """Return the columns as they were made before: one ``event_to_row`` per event."""
    rows = [event_to_row(e) for e in tl]
    return {
        name: [r[name] for r in rows]
        for name in ROW_COLUMNS
        if name in CORE_COLUMNS or any(r[name] for r in rows)
    }


def _frame_by_events(tl: Timeline) -> pd.DataFrame:
    when = tl._index.temporal("when")
    df = pd.DataFrame(_by_events(tl))
    df["earliest"] = (when.s_lo - 719163).astype("datetime64[D]").astype("datetime64[s]")
    df["latest"] = (when.e_hi - 719163).astype("datetime64[D]").astype("datetime64[s]")
    return df


@PROPERTY
@given(ats.timelines(events=ats.events()), ats.predicates(max_leaves=3))
def test_columns_and_frames_of_views_are_those_of_their_events(tl: Timeline, p: Predicate) -> None:
    """Take a view's cells by position, as its events' rows give them (whole or filtered)."""
    lazy = Timeline.from_columns(tl.to_columns())
    for timeline in (tl, tl.where(possibly(p)), lazy, lazy.where(possibly(p))):
        assert _by_events(timeline) == timeline.to_columns()
        pd.testing.assert_frame_equal(_frame_by_events(timeline), timeline.to_pandas())


# -- CSV read and written column-wise ---------------------------------------------------------


def _read(text: str, *, by_columns: bool) -> tuple[Timeline, LoadSummary] | str:
    try:
        result = aio._read_csv_text(text, "t.csv", by_columns=by_columns)
    except TimelineError as exc:
        return f"{type(exc).__name__}: {exc}"
    return result.timeline, result.summary


@PROPERTY
@given(_cells(), st.booleans())
def test_reading_csv_by_columns_gives_the_rows_answer(
    columns: dict[str, list[Any]], quoted: bool
) -> None:
    """Read a CSV file column-wise into the timeline (or the error) the row reader gives."""
    columns = {k: [str(c) for c in v] for k, v in columns.items()}
    if quoted:
        columns["note"] = ['say "hi"'] * len(columns["id"])
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(list(columns))
    writer.writerows(zip(*columns.values(), strict=True))
    text = stream.getvalue()
    assert _read(text, by_columns=False) == _read(text, by_columns=True)


@PROPERTY
@given(ats.timelines(events=ats.events()), ats.predicates(max_leaves=3))
def test_writing_csv_by_columns_writes_what_the_rows_wrote(tl: Timeline, p: Predicate) -> None:
    """Write the same CSV text from the columns as from one row per event, for any view."""
    lazy = Timeline.from_columns(tl.to_columns())
    for timeline in (tl, tl.where(possibly(p)), lazy, lazy.where(possibly(p))):
        assert csv_by_rows(timeline) == aio._csv_text(timeline)


# -- plain dates read in bulk ------------------------------------------------------------------

_DIGITS = st.text("0123456789", min_size=1, max_size=4)


@st.composite
def _date_texts(draw: st.DrawFn) -> str:
    year = draw(st.integers(0, 9999).map(lambda y: f"{y:04d}") | _DIGITS)
    month = draw(st.integers(0, 13).map(lambda m: f"{m:02d}") | _DIGITS)
    day = draw(st.integers(0, 32).map(lambda d: f"{d:02d}") | _DIGITS)
    form = draw(st.sampled_from(["y", "ym", "ymd", "odd"]))
    if form == "odd":
        return draw(st.text("0123456789-~?%QW/. ", max_size=11))
    return "-".join([year, month, day][: len(form)])


@PROPERTY
@given(st.lists(_date_texts(), max_size=30))
def test_plain_dates_have_the_bounds_when_parse_gives(texts: list[str]) -> None:
    """Read each plain date as When.parse does; leave every other text (invalid too) to it."""
    read, first, last, precision = plain_dates(texts)
    for text, ok, lo, hi, unit in zip(
        texts, read.tolist(), first.tolist(), last.tolist(), precision.tolist(), strict=True
    ):
        try:
            when = When.parse(text)
        except TimelineError:
            assert not ok, text
            continue
        if ok:
            assert (when.earliest_ordinal, when.latest_ordinal) == (lo, hi), text
            assert (0, unit, 0, 0) == when.sort_key()[2:], text
        else:
            # a parsed text left to the parser is no plain date: "2024-33" is a quarter
            assert not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?", text), text


def test_an_invalid_plain_day_is_refused_with_the_parsers_message() -> None:
    """Refuse 2023-02-29 at build, as When.parse refuses it, naming the row."""
    columns = {"id": ["a", "b"], "when": ["2024-02-29", "2023-02-29"], "title": ["A", "B"]}
    with pytest.raises(InvalidEventError, match=r"row 2: event 'b'.*'2023-02-29'.*01\.\.28"):
        Timeline.from_columns(columns)


def test_writing_csv_refuses_cells_that_make_no_event() -> None:
    """Refuse to write a row store whose cells make no event, as iterating it refuses."""
    columns = {"id": ["a"], "when": ["2024"], "title": ["A"], "country": ["us"]}
    tl = Timeline.from_columns(columns)
    with pytest.raises(InvalidEventError, match=r"row 1: event 'a'.*'us'"):
        aio._csv_text(tl)


@PROPERTY
@given(ats.timelines(events=ats.events()), ats.predicates(max_leaves=3))
def test_writing_json_by_columns_writes_what_the_events_wrote(tl: Timeline, p: Predicate) -> None:
    """Write the same JSON text from a row store's columns as from its built events."""
    lazy = Timeline.from_columns(tl.to_columns())
    for timeline in (lazy, lazy.where(possibly(p))):
        assert aio.dumps(list(timeline)) == aio.dumps(timeline)


@PROPERTY
@given(
    st.lists(ats.events(), max_size=4, unique_by=lambda e: e.id),
    st.none() | st.dictionaries(st.text(max_size=3), st.integers() | st.text(max_size=3)),
    st.none() | st.integers(0, 4),
)
def test_dumps_writes_what_json_dumps_writes(
    events: list[Any], metadata: dict[str, Any] | None, indent: int | None
) -> None:
    """Write the text json.dumps writes of the document, for any indent."""
    doc: dict[str, Any] = {"format": aio.FORMAT}
    if metadata is not None:
        doc["metadata"] = metadata
    doc["events"] = [aio.event_to_dict(e) for e in events]
    expected = json.dumps(doc, ensure_ascii=False, indent=indent, allow_nan=False)
    assert expected == aio.dumps(events, metadata=metadata, indent=indent)


@st.composite
def _json_text(draw: st.DrawFn) -> str:
    """Return an aitimeline/1 document of generated events, with some values changed."""
    events = draw(st.lists(ats.events(), max_size=5, unique_by=lambda e: e.id))
    items: list[dict[str, Any]] = [aio.event_to_dict(e) for e in events]
    odd: list[Any] = [*ODD_CELLS, 1, 1.5, True, None, [], ["US"], {}]
    for _ in range(draw(st.integers(0, 2))):
        if not items:
            break
        item = draw(st.sampled_from(items))
        key = draw(st.sampled_from(sorted(item)))
        item[key] = draw(st.sampled_from(odd))
    twice: bool = draw(st.booleans())
    if items and twice:
        items.append(dict(draw(st.sampled_from(items))))  # an id used twice
    return json.dumps({"format": aio.FORMAT, "events": items}, ensure_ascii=False, indent=2)


def _load(text: str, *, by_columns: bool) -> tuple[Timeline, LoadSummary] | str:
    try:
        result = aio._loads(text, "t.json", by_columns=by_columns)
    except TimelineError as exc:
        return f"{type(exc).__name__}: {exc}"
    return result.timeline, result.summary


@PROPERTY
@given(_json_text())
def test_reading_json_by_columns_gives_the_objects_answer(text: str) -> None:
    """Read a JSON document column-wise into the timeline (or error) one object at a time gives."""
    assert _load(text, by_columns=False) == _load(text, by_columns=True)


def test_a_plain_json_document_is_read_by_columns() -> None:
    """Read the bundled record's JSON column-wise: no event is built while reading."""
    race = Timeline.from_columns(RACE_COLUMNS)
    result = aio.loads(aio.dumps(race))
    store = result.timeline._store
    assert isinstance(store, RowStore)
    assert not store._cache
    assert race == result.timeline


@given(ats.timelines(), st.lists(st.text(max_size=6), max_size=5), st.booleans())
def test_locate_is_the_position_of_each_id(tl: Timeline, extra: list[str], rows: bool) -> None:
    """``Store.locate`` is ``position.get(id, -1)`` per id, for both kinds of store."""
    store = Timeline.from_columns(tl.to_columns())._store if rows and len(tl) else tl._store
    ids = [*store.id_list(), *extra]
    assert store.locate(ids).tolist() == [store.position.get(i, -1) for i in ids]
    assert store.id_arrow().to_pylist() == store.id_list()
    few = [*store.id_list()[::3], *store.id_list()[:2], *extra]  # repeats; under half the store
    assert store.locate(few).tolist() == [store.position.get(i, -1) for i in few]
