"""Unit tests for ``aitimeline.io``: the JSON and CSV files, and what bad files report."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import attrs
import pytest

import _factories as race
import aitimeline as at
from aitimeline import io
from aitimeline.exceptions import DataFileError, TimelineError

# The record's releases (tests/_factories.py), titled and sourced as a file would give them.
O1 = attrs.evolve(
    race.O1,
    title="OpenAI o1-preview released",
    sources=(at.Source(publisher="The Economist", key="A000", published="2025-01-23"),),
)
QWQ = attrs.evolve(race.QWQ, title="QwQ-32B-Preview released")
BAN = at.ExportControl(
    id="us-chip-export-ban-2022",
    when="2022-10-07",
    title="US bans advanced chip exports to China",
    issuer="US Commerce BIS",
    action="ban",
    target="CN",
    in_force=at.Span("2022-10-07"),
)
TIMELINE = at.Timeline([QWQ, O1, BAN])

GOOD_EVENT = '{"kind": "event", "id": "chatgpt", "when": "2022-11-30", "title": "ChatGPT"}'


def write(tmp_path: Path, text: str | bytes, name: str = "events.json") -> Path:
    """Write *text* (or bytes) to a file under *tmp_path* and return its path."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def document(*events: str) -> str:
    """Return an aitimeline/1 document with one event object per line, from line 3 on."""
    body = ",\n".join(events)
    return '{"format": "aitimeline/1",\n"events": [\n' + body + "\n]}\n"


def load_error(path: Path, reader: str = "json") -> str:
    """Return the message of the DataFileError that reading *path* raises."""
    read = io.read_json if reader == "json" else io.read_csv
    with pytest.raises(DataFileError) as info:
        read(path)
    return str(info.value)


# -- round trips on fixed data ---------------------------------------------------------------


def test_json_round_trip(tmp_path: Path) -> None:
    """Write a timeline as JSON and read back an equal timeline."""
    path = tmp_path / "t.json"
    io.write_json(TIMELINE, path)
    assert TIMELINE == io.read_json(path).timeline
    assert path.read_text(encoding="utf-8").endswith("}\n")


def test_json_document_shape() -> None:
    """Write the format tag, the metadata, then the events in timeline order."""
    doc = json.loads(io.dumps(TIMELINE, metadata={"name": "test"}))
    assert ["format", "metadata", "events"] == list(doc)
    assert "aitimeline/1" == doc["format"]
    assert {"name": "test"} == doc["metadata"]
    assert [e.id for e in TIMELINE] == [e["id"] for e in doc["events"]]


def test_json_reads_bytes_with_bom() -> None:
    """Accept UTF-8 bytes, with or without a byte-order mark."""
    data = io.dumps(TIMELINE).encode("utf-8")
    assert TIMELINE == io.loads(data).timeline
    assert TIMELINE == io.loads(b"\xef\xbb\xbf" + data).timeline
    assert TIMELINE == io.loads("\ufeff" + data.decode("utf-8")).timeline


def test_json_keeps_unicode_readable() -> None:
    """Write non-ASCII text as itself, not as escapes."""
    event = at.Event(id="x", when="2015", title="幻方量化 founded")
    assert "幻方量化" in io.dumps([event])


def test_csv_round_trip(tmp_path: Path) -> None:
    """Write a timeline as CSV and read back an equal timeline."""
    path = tmp_path / "t.csv"
    io.write_csv(TIMELINE, path)
    assert TIMELINE == io.read_csv(path).timeline


def test_csv_columns_are_those_of_the_kinds_that_hold_a_value(tmp_path: Path) -> None:
    """Write the columns of the kinds present that hold a value, in ROW_COLUMNS order.

    The core columns (those of ``to_pandas``) are written even when empty; a column left out
    reads back as empty cells.
    """
    path = tmp_path / "t.csv"
    io.write_csv(TIMELINE, path)
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    used = [c for c in io.row_columns(["release", "export_control"]) if c in TIMELINE.to_columns()]
    assert header == used
    assert {"kind", "id", "when", "title", "actors", "country", "tags"} <= set(header)
    assert "company" not in header
    assert io.read_csv(path).timeline == TIMELINE


def test_format_table() -> None:
    """Show date, precision, country, kind and title, one line per event in date order."""
    expected = [
        "date        precision  country  kind            title",
        "----------  ---------  -------  --------------  --------------------------------------",
        "2022-10-07  day                 export_control  US bans advanced chip exports to China",
        "2024-09-12  day        US       release         OpenAI o1-preview released",
        "2024-11-28  day        CN       release         QwQ-32B-Preview released",
    ]
    assert "\n".join(expected) == io.format_table(TIMELINE)


def test_format_table_shows_periods() -> None:
    """Show a period as start and end, with the precision of its start."""
    ban = at.Event(id="ban", when=at.Span("2022-10", "2025-12-08"), title="Ban")
    assert "2022-10 → 2025-12-08  month" == io.format_table([ban]).splitlines()[2][:27]


# -- bad JSON files: one test per case ---------------------------------------------------------


def test_json_malformed(tmp_path: Path) -> None:
    """Report malformed JSON with the file, line and column."""
    path = write(tmp_path, document(GOOD_EVENT, '{"kind": "event", "id": "x",, }'))
    message = load_error(path)
    assert message.startswith(f"{path}, line 4, column 29: not valid JSON: ")
    assert "Expecting property name" in message


def test_json_missing_field(tmp_path: Path) -> None:
    """Report a missing required field with the file, the event's line and the field."""
    path = write(
        tmp_path,
        document(
            GOOD_EVENT, '{"kind": "release", "id": "o1", "when": "2024-09-12", "title": "o1"}'
        ),
    )
    assert (
        f"{path}, line 4: event 'o1': field 'model' is missing; "
        "expected a value: kind 'release' requires it"
    ) == load_error(path)


def test_json_unknown_kind(tmp_path: Path) -> None:
    """Report an unknown kind, listing the known ones and the nearest."""
    path = write(
        tmp_path, document('{"kind": "relase", "id": "o1", "when": "2024", "title": "o1"}')
    )
    message = load_error(path)
    assert message.startswith(
        f"{path}, line 3: event 'o1': field 'kind'='relase': expected a known"
    )
    assert "(did you mean 'release'?)" in message


def test_json_bad_date(tmp_path: Path) -> None:
    """Report a date that does not parse, with the value and the accepted forms."""
    path = write(
        tmp_path,
        document(GOOD_EVENT, '{"kind": "event", "id": "x", "when": "2024-13-01", "title": "X"}'),
    )
    message = load_error(path)
    assert message.startswith(
        f"{path}, line 4: event 'x': field 'when'='2024-13-01': expected a date"
    )
    assert "Accepted forms" in message


def test_json_duplicate_id(tmp_path: Path) -> None:
    """Report an id used twice, with the lines of both events."""
    path = write(tmp_path, document(GOOD_EVENT, GOOD_EVENT.replace("ChatGPT", "Again")))
    assert (
        f"{path}, line 4: event id 'chatgpt' is already used by the event at line 3; "
        "expected every event to have its own id"
    ) == load_error(path)


def test_json_wrong_type(tmp_path: Path) -> None:
    """Report a value of the wrong JSON type with the field, value and expected type."""
    path = write(tmp_path, document('{"kind": "event", "id": "x", "when": "2024", "title": 42}'))
    assert f"{path}, line 3: event 'x': field 'title'=42: expected a string" == load_error(path)


def test_json_not_utf8(tmp_path: Path) -> None:
    """Report a file that is not UTF-8 with the line and offset of the first bad byte."""
    text = document(GOOD_EVENT.replace("ChatGPT", "Caf\xe9"))
    path = write(tmp_path, text.encode("latin-1"))
    message = load_error(path)
    assert message.startswith(f"{path}, line 3: byte 0xe9 at offset ")
    assert "is not UTF-8; expected a UTF-8 text file" in message


def test_json_unknown_format_version(tmp_path: Path) -> None:
    """Report a format version this release cannot read, and how to fix it."""
    path = write(tmp_path, document(GOOD_EVENT).replace("aitimeline/1", "aitimeline/2"))
    assert (
        f"{path}, line 1: format='aitimeline/2' is not supported; expected 'aitimeline/1' "
        "(upgrade aitimeline to read it)"
    ) == load_error(path)


def test_json_missing_format(tmp_path: Path) -> None:
    """Report a document without the format tag (probably not an aitimeline file)."""
    path = write(tmp_path, '{"events": []}')
    assert 'has no "format" key' in load_error(path)


def test_json_duplicate_key(tmp_path: Path) -> None:
    """Report a key given twice in one event (JSON parsers would keep only the last)."""
    path = write(
        tmp_path, document(GOOD_EVENT, GOOD_EVENT.replace('"title"', '"id": "y", "title"'))
    )
    assert f"{path}, line 4: event 2 has the key 'id' twice; expected it once" == load_error(path)


def test_json_nan(tmp_path: Path) -> None:
    """Reject NaN, which Python's json reads but JSON does not allow."""
    event = '{"kind": "score", "id": "s", "when": "2024", "title": "S", "model": "m", '
    event += '"metric": "eci", "value": NaN}'
    message = load_error(write(tmp_path, document(event)))
    assert "line 3: event 1: NaN is not a JSON number; expected finite numbers only" in message


def test_json_top_level_not_an_object(tmp_path: Path) -> None:
    """Report a document that is a list rather than the format object."""
    path = write(tmp_path, f"[{GOOD_EVENT}]")
    assert "the document is list" in load_error(path)


def test_json_events_not_a_list(tmp_path: Path) -> None:
    """Report an ``events`` value that is not a list."""
    path = write(tmp_path, '{"format": "aitimeline/1", "events": {"id": "x"}}')
    assert "expected a list of event objects" in load_error(path)


def test_json_event_not_an_object(tmp_path: Path) -> None:
    """Report an item of ``events`` that is not an object."""
    path = write(tmp_path, document(GOOD_EVENT, '"chatgpt"'))
    assert f'{path}, line 4: the event is "chatgpt"; expected an event object' in load_error(path)


def test_json_unknown_top_level_key(tmp_path: Path) -> None:
    """Report a top-level key other than format, metadata and events."""
    path = write(tmp_path, '{"format": "aitimeline/1", "events": [], "evnts": []}')
    assert "unknown top-level key 'evnts'" in load_error(path)


def test_bad_file_errors_are_value_errors(tmp_path: Path) -> None:
    """Raise DataFileError, a TimelineError and ValueError, with the cause attached."""
    path = write(tmp_path, document('{"kind": "event", "id": "x", "when": "2024", "title": 42}'))
    with pytest.raises(TimelineError) as info:
        io.read_json(path)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value.__cause__, at.exceptions.InvalidEventError)


def test_json_never_evaluates(tmp_path: Path) -> None:
    """Read code-like text as plain strings: loading never executes anything."""
    path = write(
        tmp_path,
        document('{"kind": "event", "id": "x", "when": "2024", "title": "__import__(\'os\')"}'),
    )
    assert "__import__('os')" == io.read_json(path)["x"].title


# -- bad CSV files --------------------------------------------------------------------------------

HEADER = "kind,id,when,title\n"


def test_csv_bad_date(tmp_path: Path) -> None:
    """Report a bad date cell with the file, row, line, column and value."""
    path = write(tmp_path, HEADER + "event,a,2024,A\nevent,b,2024-02-30,B\n", "e.csv")
    message = load_error(path, "csv")
    assert message.startswith(f"{path}, row 3 (line 3): event 'b': column 'when'='2024-02-30': ")


def test_csv_row_numbers_count_records(tmp_path: Path) -> None:
    """Count rows as records and report the line a multi-line record starts on."""
    text = HEADER + 'event,a,2024,"two\nlines"\nevent,Bad,2024,B\n'
    path = write(tmp_path, text, "e.csv")
    assert load_error(path, "csv").startswith(f"{path}, row 3 (line 4): event 'Bad': ")


def test_csv_duplicate_id(tmp_path: Path) -> None:
    """Report an id used twice, with the rows of both."""
    path = write(tmp_path, HEADER + "event,a,2024,A\nevent,a,2025,B\n", "e.csv")
    assert f"{path}, row 3: event id 'a' is already used by the event at row 2" in load_error(
        path, "csv"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "kind,id,when,title,colour\n",
            "{path}, row 1: unknown column 'colour'",
            id="unknown column",
        ),
        pytest.param(
            "kind,id,when\nevent,a,2024\n", "lacks the column(s) ['title']", id="missing column"
        ),
        pytest.param(
            HEADER + "event,a,2024\n",
            "{path}, row 2 (line 2): the row has 3 cells; expected 4",
            id="ragged row",
        ),
        pytest.param(
            "kind,id,when,title,model\nevent,a,2024,A,o1\n",
            "column 'model'='o1': expected an empty cell",
            id="a value in another kind's column",
        ),
        pytest.param(
            (HEADER + "event,a,2024,Caf\xe9\n").encode("latin-1"),
            "{path}, line 2: byte 0xe9",
            id="not UTF-8",
        ),
        pytest.param("", "the file is empty", id="empty file"),
    ],
)
def test_csv_errors_name_the_file_row_and_problem(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    """Report a bad CSV file: unknown, missing or misplaced columns, ragged rows, bad bytes."""
    path = write(tmp_path, content, "e.csv")
    assert expected.format(path=path) in load_error(path, "csv")


def test_csv_skips_blank_lines(tmp_path: Path) -> None:
    """Ignore blank lines between rows."""
    path = write(tmp_path, HEADER + "event,a,2024,A\n\nevent,b,2025,B\n", "e.csv")
    assert ("a", "b") == io.read_csv(path).ids


# -- the table command ---------------------------------------------------------------------------


def test_table_command_prints_the_dataset() -> None:
    """Print the bundled dataset as a header, a rule and one line per event."""
    from aitimeline.__main__ import main  # noqa: PLC0415 - the command line is the top layer

    out = StringIO()
    assert 0 == main(["table"], out=out)
    lines = out.getvalue().splitlines()
    assert 2 + len(at.datasets.ai_race()) == len(lines)
    assert lines[2].startswith("2015        year       CN       founding")


def test_table_command_reads_a_file(tmp_path: Path) -> None:
    """Print a JSON or CSV file given on the command line; a bad file exits with status 2."""
    from aitimeline.__main__ import main  # noqa: PLC0415 - the command line is the top layer

    path = tmp_path / "t.csv"
    io.write_csv(TIMELINE, path)
    out = StringIO()
    assert 0 == main(["table", str(path)], out=out)
    assert io.format_table(TIMELINE) + "\n" == out.getvalue()
    bad = write(tmp_path, '{"format": "aitimeline/9", "events": []}')
    assert 2 == main(["table", str(bad)], out=StringIO())
