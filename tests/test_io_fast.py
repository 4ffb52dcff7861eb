r"""The fast JSON and CSV paths give the careful paths' bytes, timelines and messages.

Laws:

- Writing: for any timeline from cells (texts holding quotes, backslashes, commas, line ends,
  every control character, non-ASCII) and any view of it, ``dumps`` (Arrow, ``_jsonwrite``)
  is ``json.dumps(doc, ensure_ascii=False, indent=..., allow_nan=False)`` of the events'
  ``event_to_dict``, whether each kind's rows are joined apart or all rows at once, a slice
  at a time; ``write_json`` writes those bytes and a line end. ``escaped`` is the ``json``
  module's string escape; distinct codes found by hashing are those found by sorting. CSV
  joined slice by slice is the ``csv`` module's text.
- Reading: for any document, reading it in one parse (``_jsonfast``) gives the timeline and
  metadata the careful reader gives, and a bad document (a key twice at any depth, a
  constant, an unknown key or kind, a bad value, a null) the careful reader's message, with
  text columns read into Arrow or not, whatever the number of events looked at for keys.
  ``pair_count`` is the number of ``key: value`` pairs a JSON parser sees.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline.io as aio
import aitimeline.strategies as ats
from aitimeline import (
    Predicate,
    Timeline,
    _csvcols,
    _jsoncols,
    _jsonfast,
    _jsonwrite,
    _store,
    _textcells,
    col,
    possibly,
)
from aitimeline._cellfields import _first_rows_hashed
from aitimeline._csvcols import csv_bytes, csv_text
from aitimeline._events import event_to_dict
from aitimeline._jsonwrite import escaped
from aitimeline._store import RowStore
from aitimeline._textcells import ARROW_ROWS, is_text_array
from aitimeline._types import JSONValue
from aitimeline.exceptions import DataFileError

_RELEASES = col("kind") == "release"
PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)

_CONTROL = [chr(c) for c in range(1, 0x20)]
_PIECES = st.sampled_from(
    ["a", ",", '"', "\\", ":", "\r\n", " ", "é", "中", "\u2028", "😀", "\x7f", *_CONTROL]
)
_TEXT = st.lists(_PIECES, max_size=6).map("".join)


@st.composite
def _tricky(draw: st.DrawFn) -> Timeline:
    """A timeline from cells whose titles, models and notes hold what escaping is about."""
    n = draw(st.integers(1, 8))
    kinds = [draw(st.sampled_from(["", "event", "release", "policy"])) for _ in range(n)]
    columns = {
        "kind": kinds,
        "id": [f"ev-{i}" for i in range(n)],
        "when": [draw(st.sampled_from(["2024", "2024-03", "2024-03-05", "2023~"])) for _ in kinds],
        "title": [draw(_TEXT.filter(str.strip)) for _ in kinds],
        "note": [draw(_TEXT) for _ in kinds],
        "country": [draw(st.sampled_from(["", "US", "CN"])) for _ in kinds],
        "model": [draw(_TEXT.filter(str.strip)) if k == "release" else "" for k in kinds],
    }
    return Timeline.from_columns(columns)


_INDENTS = st.sampled_from([None, 0, 1, 2, 4])
"""The indents of the JSON text: None is one line, 0 lines without padding."""


def _expected(tl: Timeline, indent: int | None, metadata: dict[str, Any] | None) -> str:
    """Return the JSON text as the json module writes it, one ``event_to_dict`` per event."""
    doc: dict[str, Any] = {"format": aio.FORMAT}
    if metadata is not None:
        doc["metadata"] = metadata
    doc["events"] = [event_to_dict(e) for e in tl]
    return json.dumps(doc, ensure_ascii=False, indent=indent, allow_nan=False)


@PROPERTY
@given(_tricky(), ats.predicates(max_leaves=3), _INDENTS, st.booleans())
def test_json_text_is_the_json_modules(
    tl: Timeline, p: Predicate, indent: int | None, with_metadata: bool
) -> None:
    """Write json.dumps' text from a row store's columns, for the timeline and a view.

    Indented or on one line (indent None), as ``json.dumps`` lays either out.
    """
    metadata: dict[str, JSONValue] | None = None
    if with_metadata:
        metadata = {"name": "t", "notes": ["a\nb", {"k": 1.5}]}
    for timeline in (tl, tl.where(possibly(p))):
        expected = _expected(timeline, indent, metadata)
        assert aio.dumps(timeline, metadata=metadata, indent=indent) == expected


@PROPERTY
@given(_tricky(), ats.predicates(max_leaves=3))
def test_json_written_again_is_the_json_modules(tl: Timeline, p: Predicate) -> None:
    """Write json.dumps' text each time a timeline or a view of it is written, at any indent.

    The join's parts are made once per store and indent, and kept.
    """
    for indent in (2, None, 4, 0, 2, None, 1):
        for timeline in (tl, tl.where(possibly(p)), tl):
            assert aio.dumps(timeline, indent=indent) == _expected(timeline, indent, None)


@PROPERTY
@given(_tricky(), _INDENTS)
def test_write_json_writes_the_text_and_a_line_end(tl: Timeline, indent: int | None) -> None:
    """Write the UTF-8 bytes of dumps and a line end, and read them back as the timeline."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "t.json"
        aio.write_json(tl, target, indent=indent)
        assert target.read_bytes() == (aio.dumps(tl, indent=indent) + "\n").encode("utf-8")
        assert aio.read_json(target).timeline == tl


@PROPERTY
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=12))
def test_escaped_is_the_json_modules_escape(text: str) -> None:
    """Escape a text as json.dumps(ensure_ascii=False) does, inside the quotes."""
    assert escaped(pa.array([text, ""])).to_pylist() == [
        json.dumps(text, ensure_ascii=False)[1:-1],
        "",
    ]


@PROPERTY
@given(_tricky(), st.integers(1, 3))
def test_csv_joined_by_slices_is_the_csv_modules(tl: Timeline, rows: int) -> None:
    """Write the csv module's bytes when the rows are joined a few at a time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_csvcols, "_SLICE", rows)
        patch.setattr(_textcells, "PARALLEL_ROWS", 0)  # the slices made on threads
        assert csv_bytes(tl) == csv_text(tl).encode("utf-8")


# -- reading ----------------------------------------------------------------------------------


def _both(text: str, *, arrow: bool = False, sample: int = 1000) -> tuple[object, object]:
    """Return what the fast-first reader and the careful one make of *text* (or their error).

    *arrow*: the fast reader reads text columns straight into Arrow whatever the size;
    *sample*: how many events it looks at for the keys in use.
    """
    out: list[object] = []
    for by_columns in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_jsonfast, "_SAMPLE", sample)
            if arrow and by_columns:
                patch.setattr(_jsonfast, "ARROW_EVENTS", 0)
                patch.setattr(_store, "ARROW_ROWS", 0)
            try:
                result = aio._loads(text, "t.json", by_columns=by_columns)
            except DataFileError as exc:
                out.append(("error", str(exc)))
            else:
                out.append((result.timeline, result.metadata))
    return out[0], out[1]


@PROPERTY
@given(ats.timelines(events=ats.events()), st.booleans(), st.sampled_from([1, 2, 1000]))
def test_reading_in_one_parse_is_the_careful_reading(
    tl: Timeline, arrow: bool, sample: int
) -> None:
    """Read any written document as the careful reader does, as the timeline written.

    Fuzzy dates, sources and claims; with *arrow*, text columns read straight into Arrow;
    keys the first *sample* events lack found by reading all.
    """
    text = aio.dumps(tl, metadata={"a:b": {"c": 'd:\\"'}})
    fast, careful = _both(text, arrow=arrow, sample=sample)
    assert fast == careful
    assert fast[0] == tl  # type: ignore[index]


@PROPERTY
@given(_tricky(), st.sampled_from([None, 2]))
def test_text_read_into_arrow_is_the_careful_reading(tl: Timeline, indent: int | None) -> None:
    """Read quotes, backslashes, control characters and non-ASCII text into Arrow as written."""
    text = aio.dumps(tl, indent=indent)
    fast, careful = _both(text, arrow=True)
    assert fast == careful
    assert fast[0] == tl  # type: ignore[index]
    with pytest.MonkeyPatch.context() as patch:  # in one parse, every column held in Arrow
        patch.setattr(_jsonfast, "ARROW_EVENTS", 0)
        patch.setattr(_store, "ARROW_ROWS", 0)
        result = _jsonfast.read_fast(text.encode(), text, "t.json", (lambda *_: None, _no_lines))
    assert result is not None
    assert result.timeline == tl
    store = result.timeline._store
    assert isinstance(store, RowStore)
    assert all(map(is_text_array, store._columns.values()))


@PROPERTY
@given(_tricky())
def test_a_plain_document_is_read_in_one_parse(tl: Timeline) -> None:
    """Read a document of plain events by the fast path, as the timeline written."""
    text = aio.dumps(tl)
    result = _jsonfast.read_fast(text.encode(), text, "t.json", (lambda *_: None, _no_lines))
    assert result is not None
    assert result.timeline == tl


def _no_lines(text: str, name: str) -> tuple[dict[str, object], list[tuple[int, object]]]:
    raise AssertionError((text, name))  # a good document never asks for its lines


_EVENT = '{"kind": "event", "id": "e%d", "when": "2024-03", "title": "T: \\"%d\\""}'


def _after_three(event: str, top: str = "") -> str:
    """Return a document of three good events and then *event*, *top* keys before the format."""
    events = ",\n".join([_EVENT % (i, i) for i in range(3)] + [event])
    return f'{{{top}"format": "aitimeline/1", "events": [\n{events}\n]}}'


@pytest.mark.parametrize(
    "event",
    [
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "title": "B"}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "id": "x"}',
        (
            '{"kind": "event", "id": "x", "when": {"earliest": "2024", "earliest": "2025"}, '
            '"title": "A"}'
        ),
        '{"kind": "event", "id": "x", "when": "2024", "title": "A\\\\", "title": "B"}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "rank": NaN}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "colour": "red"}',
        '{"kind": "gadget", "id": "x", "when": "2024", "title": "A"}',
        '{"kind": "event", "id": "x", "when": "2024-13", "title": "A"}',
        '{"kind": "event", "id": "e1", "when": "2024", "title": "A"}',
        '{"kind": "event", "id": "x", "when": "2024", "title": 5}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "\\ud800"}',
        '["not", "an", "object"]',
        '{"kind": "event", "id": "x", "when": "2024", "title": null}',
        '{"kind": null, "id": "x", "when": "2024", "title": "A"}',
        '{"id": "x", "when": "2024", "title": "A"}',
        '{"kind": 1, "id": "x", "when": "2024", "title": "A"}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "model": "m"}',
        '{"kind": "event", "id": "x", "when": "\\u0000absent", "title": "A"}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "country": ["US"]}',
        '{"kind": "event", "id": "x", "when": {"earliest": "2024"}, "title": "A", "title": "B"}',
    ],
)
@pytest.mark.parametrize("top", ["", '"metadata": {"k": 1, "k": 2}, ', '"format": "x", '])
@pytest.mark.parametrize(("arrow", "sample"), [(False, 1000), (True, 1000), (True, 2)])
def test_a_bad_document_gets_the_careful_readers_message(
    event: str, top: str, arrow: bool, sample: int
) -> None:
    """Refuse a bad document with the message the careful reader gives, at the same line."""
    fast, careful = _both(_after_three(event, top), arrow=arrow, sample=sample)
    assert fast == careful
    assert fast[0] == "error"  # type: ignore[index]


@pytest.mark.parametrize(
    ("event", "title"),
    [
        ('{"kind": "event", "id": "x", "when": "2024", "title": "\\u0000absent"}', "\x00absent"),
        ('{"kind": "event", "when": "2024", "title": "\\u0000", "id": "x"}', "\x00"),
        ('{"kind": "release", "id": "x", "when": "2024~", "title": "é", "model": "m"}', "é"),
    ],
)
@pytest.mark.parametrize(("arrow", "sample"), [(False, 1000), (True, 1000), (True, 2)])
def test_an_odd_good_event_reads_as_the_careful_reader_reads_it(
    event: str, title: str, arrow: bool, sample: int
) -> None:
    """Read a text like the reader's own stand-in for a key left out, keys in another order."""
    fast, careful = _both(_after_three(event), arrow=arrow, sample=sample)
    assert fast == careful
    assert fast[0]["x"].title == title  # type: ignore[index]


@pytest.mark.parametrize(
    "event",
    [
        '{"kind": "release", "id": "x", "when": "2024", "title": "A", "model": null}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "note": null}',
        '{"kind": "event", "id": "x", "when": null, "title": "A"}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "note": "late"}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "tags": ["a"]}',
        '{"kind": "event", "id": "x", "when": "2024", "title": "A", "country": "US"}',
    ],
)
@pytest.mark.parametrize(("arrow", "sample"), [(False, 1000), (True, 1000), (True, 2)])
def test_a_null_or_a_late_key_reads_as_the_careful_reader_reads_it(
    event: str, arrow: bool, sample: int
) -> None:
    """Read a null, or a key the first events lack, as the careful reader does."""
    text = _after_three(event)
    assert _both(text, arrow=arrow, sample=sample)[0] == _both(text)[1]


def test_a_good_document_with_colons_and_escapes_reads() -> None:
    """Read colons and escaped quotes inside strings without taking them for keys."""
    events = ",\n".join(_EVENT % (i, i) for i in range(3))
    text = f'{{"format": "aitimeline/1", "metadata": {{"a:": "\\\\"}}, "events": [{events}]}}'
    fast, careful = _both(text)
    assert fast == careful
    assert [e.title for e in fast[0]] == ['T: "0"', 'T: "1"', 'T: "2"']  # type: ignore[index]


_KEYS = st.text(st.sampled_from(["a", ":", '"', "\\", " ", "é", "\n"]), max_size=4)
_JSON: st.SearchStrategy[JSONValue] = st.recursive(
    st.none() | st.booleans() | st.integers() | _KEYS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=12,
)


@PROPERTY
@given(_JSON, st.sampled_from([None, 1]))
def test_pair_count_is_the_parsers(value: object, indent: int | None) -> None:
    """Count the pairs a JSON parser sees: the colons outside strings."""
    pairs = 0

    def hook(items: list[tuple[str, object]]) -> dict[str, object]:
        nonlocal pairs
        pairs += len(items)
        return dict(items)

    data = json.dumps(value, indent=indent, ensure_ascii=False).encode("utf-8")
    json.loads(data, object_pairs_hook=hook)
    assert _jsonfast.pair_count(data) == pairs


@PROPERTY
@given(_tricky(), st.sampled_from([None, 1, 2]), _JSON)
def test_event_lines_are_the_careful_readers(
    tl: Timeline, indent: int | None, extra: JSONValue
) -> None:
    """Find each event's line where the careful reader finds it, whatever the metadata."""
    text = aio.dumps(tl, indent=indent, metadata={"extra": extra, "list": [{"a": "{["}]})
    careful = [line for line, _item in aio._read_document(text, "t.json")[1]]
    assert _jsonfast.event_lines(text.encode("utf-8")) == careful


@PROPERTY
@given(ats.timelines(events=ats.events()), st.booleans(), st.integers(1, 3), _INDENTS)
def test_json_joined_by_kinds_or_at_once_is_the_json_modules(
    tl: Timeline, merged: bool, rows: int, indent: int | None
) -> None:
    """Write json.dumps' text whether each kind's rows are joined apart or all rows at once.

    Every kind (fuzzy dates, sources, claims), a view, and slices of a few events.
    """
    from_cells = Timeline.from_columns(tl.to_columns())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_jsonwrite, "_SLICE", rows)
        patch.setattr(_textcells, "PARALLEL_ROWS", 0)  # the slices made on threads
        patch.setattr(_jsoncols, "first_rows", _first_rows_hashed)  # at any size
        if not merged:
            patch.setattr(_jsonwrite, "_merged", lambda *_: None)
        for timeline in (from_cells, from_cells.where(_RELEASES)):
            assert aio.dumps(timeline, indent=indent) == _expected(timeline, indent, None)


@PROPERTY
@given(_tricky(), ats.predicates(max_leaves=3), st.integers(1, 3))
def test_json_taken_by_slices_is_the_json_modules(tl: Timeline, p: Predicate, rows: int) -> None:
    """Write json.dumps' text when the events are taken a few at a time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_jsonwrite, "_SLICE", rows)
        patch.setattr(_textcells, "PARALLEL_ROWS", 0)  # the slices made on threads
        for timeline in (tl, tl.where(possibly(p))):
            assert aio.dumps(timeline) == _expected(timeline, 2, None)


@PROPERTY
@given(ats.timelines(events=ats.events()), _INDENTS)
def test_json_of_any_kind_from_cells_is_the_json_modules(tl: Timeline, indent: int | None) -> None:
    """Write json.dumps' text from cells of every kind (fuzzy dates, sources, claims)."""
    from_cells = Timeline.from_columns(tl.to_columns())
    assert aio.dumps(from_cells, indent=indent) == _expected(from_cells, indent, None)
    assert aio.loads(aio.dumps(from_cells)).timeline == tl


@PROPERTY
@given(_tricky(), st.sampled_from([None, 2]))
def test_rows_read_in_one_parse_are_named_by_their_lines(tl: Timeline, indent: int | None) -> None:
    """Name each row read by the line of its event, as the careful reader does."""
    text = aio.dumps(tl, indent=indent)
    read = aio.loads(text.encode("utf-8"), name="t.json").timeline
    careful = [line for line, _item in aio._read_document(text, "t.json")[1]]
    events = aio._read_document(text, "t.json")[1]
    store = read._store
    by_id = {item["id"]: line for line, item in events}  # type: ignore[index]
    assert sorted(careful) == sorted(by_id.values())
    for r in range(len(tl)):
        row_id = store.fields.row(r)["id"]  # type: ignore[attr-defined]
        assert store._label(r) == f"t.json, line {by_id[row_id]}"  # type: ignore[attr-defined]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=8)
@given(ats.timelines(min_size=1))
def test_a_long_document_reads_its_text_columns_into_arrow(tl: Timeline) -> None:
    """From ARROW_ROWS events on, text columns go to Arrow: the same timeline, the same values.

    The events of *tl* are repeated under new ids until the document is long enough, and read
    by the one-parse path and by the careful one.
    """
    copies = -(-ARROW_ROWS // len(tl))
    columns = tl.to_columns()
    long = {name: list(cells) * copies for name, cells in columns.items()}
    long["id"] = [f"{event_id}-{k}" for k in range(copies) for event_id in columns["id"]]
    big = Timeline.from_columns(long)
    fast, careful = _both(aio.dumps(big))
    assert fast == careful
    read = fast[0]  # type: ignore[index]
    assert read == big
    store = read._store  # read in one parse: a row store, its text columns held in Arrow
    assert isinstance(store, RowStore)
    assert is_text_array(store.id_arrow())
    assert is_text_array(store._columns["title"])
