r"""CSV written by Arrow's string kernels is the ``csv`` module's text, byte for byte.

The law: for any timeline (events built or cells given, any view of it), the bytes
``write_csv`` writes are the UTF-8 encoding of what ``csv.writer`` (``QUOTE_MINIMAL``,
``"\r\n"`` line ends) writes of the same cells: ``event_to_row`` of each built event, a
row store's cells as given (an empty kind written ``event``); reading them back gives the
same timeline. The cells are drawn to hold what quoting is about: commas, quotes, ``\r`` and
``\n``, leading and trailing spaces, non-ASCII text and empty cells.
"""

from __future__ import annotations

import csv
import io
import operator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline.io as aio
import aitimeline.strategies as ats
from _factories import csv_by_rows
from aitimeline import Predicate, Timeline, possibly
from aitimeline._cellfields import _ALL_PASS
from aitimeline._csvcols import csv_bytes, csv_text
from aitimeline._vocab import SLUG
from aitimeline.exceptions import InvalidEventError

PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)

_PIECES = st.sampled_from(["a", ",", '"', "\r", "\n", "\r\n", " ", "é", "中", "'", ";", "\t", "x"])
_TEXT = st.lists(_PIECES, max_size=6).map("".join)


def _by_rows(tl: Timeline) -> bytes:
    """Return the CSV bytes as the ``csv`` module writes them (``csv_by_rows``)."""
    return csv_by_rows(tl).encode("utf-8")


@st.composite
def _tricky(draw: st.DrawFn) -> Timeline:
    """A timeline from cells whose titles, models and notes need quoting (or not)."""
    n = draw(st.integers(0, 8))
    kinds = [draw(st.sampled_from(["", "event", "release"])) for _ in range(n)]
    titles = [draw(_TEXT.filter(str.strip)) for _ in range(n)]
    columns = {
        "kind": kinds,
        "id": [f"ev-{i}" for i in range(n)],
        "when": [draw(st.sampled_from(["2024", "2024-03", "2024-03-05"])) for _ in range(n)],
        "title": titles,
        "note": [draw(_TEXT) for _ in range(n)],
        "model": [draw(_TEXT.filter(str.strip)) if k == "release" else "" for k in kinds],
    }
    return Timeline.from_columns(columns)


@PROPERTY
@given(_tricky(), ats.predicates(max_leaves=3))
def test_csv_bytes_are_the_csv_modules(tl: Timeline, p: Predicate) -> None:
    """Write the bytes the csv module writes, for a timeline from cells and a view of it."""
    view = tl.where(possibly(p))
    for timeline in (tl, view):  # cells as given, written by the csv module
        assert aio._csv_text(timeline).encode("utf-8") == csv_text(timeline).encode("utf-8")
    built = Timeline(list(view))
    assert aio._csv_text(built).encode("utf-8") == _by_rows(built)


@PROPERTY
@given(ats.timelines(events=ats.events()))
def test_csv_bytes_of_any_events_are_the_csv_modules(tl: Timeline) -> None:
    """Write the csv module's bytes for built events of every kind, and read them back."""
    assert aio._csv_text(tl).encode("utf-8") == _by_rows(tl)
    assert aio._read_csv_text(aio._csv_text(tl), "t.csv").timeline == tl


@PROPERTY
@given(_tricky())
def test_written_file_reads_back(tl: Timeline) -> None:
    """Read back the bytes write_csv writes as the same timeline (empty kinds too)."""
    stream = io.BytesIO(csv_bytes(tl))
    assert aio.read_csv(stream, name="t.csv").timeline == tl


def test_a_long_cell_is_refused_naming_it(tmp_path: Path) -> None:
    """Refuse a cell longer than the csv reader reads, naming the event and column."""
    long = "x" * (csv.field_size_limit() + 1)
    tl = Timeline.from_columns(
        {"id": ["a", "b"], "when": ["2024", "2024"], "title": ["A", "B"], "note": ["", long]}
    )
    with pytest.raises(InvalidEventError, match=r"event 'b', column 'note'.*characters long"):
        aio.write_csv(tl, tmp_path / "t.csv")
    assert not (tmp_path / "t.csv").exists()


def test_a_lone_surrogate_is_refused_naming_it(tmp_path: Path) -> None:
    """Refuse a cell holding a lone surrogate, naming the event and the field."""
    tl = Timeline.from_columns(
        {"id": ["a", "b"], "when": ["2024", "2024"], "title": ["A", "B\ud800"]}
    )
    with pytest.raises(InvalidEventError, match=r"event 'b'.*'title'.*U\+D800"):
        aio.write_csv(tl, tmp_path / "t.csv")
    for indent in (None, 0, 2):  # JSON text indented or on one line, as the file is
        with pytest.raises(InvalidEventError, match=r"event 'b'.*'title'.*U\+D800"):
            aio.dumps(tl, indent=indent)
    with pytest.raises(InvalidEventError, match=r"event 'b'.*'title'.*U\+D800"):
        aio.write_json(tl, tmp_path / "t.json")
    assert not list(tmp_path.iterdir())  # nothing written


@PROPERTY
@given(st.lists(st.text("ab9-\n A.", max_size=4), max_size=6))
def test_whole_column_tests_agree_with_each_cells(texts: list[str]) -> None:
    """Pass a column at C speed exactly when every cell passes its test one by one."""
    assert _ALL_PASS["slug"](texts) == all(map(SLUG.fullmatch, texts))
    assert _ALL_PASS["blank"](texts) == all(map(operator.not_, texts))


@PROPERTY
@given(_tricky(), ats.predicates(max_leaves=3), st.sampled_from([None, 0, 1, 2, 4]))
def test_json_text_from_the_columns_is_the_events(
    tl: Timeline, p: Predicate, indent: int | None
) -> None:
    """Write the same JSON text from a row store's columns as from its built events."""
    for timeline in (tl, tl.where(possibly(p))):
        expected = aio.dumps(list(timeline), metadata={"name": "t"}, indent=indent)
        assert aio.dumps(timeline, metadata={"name": "t"}, indent=indent) == expected
