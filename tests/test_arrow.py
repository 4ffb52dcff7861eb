"""The Arrow/Parquet columnar layout: lossless round trips and errors that name the cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

import aitimeline as at
from aitimeline import io, strategies
from aitimeline._arrow import column_of, from_arrow, schema, to_arrow
from aitimeline.exceptions import DataFileError


@settings(max_examples=60, deadline=None)
@given(tl=strategies.timelines(events=strategies.events()))
def test_arrow_round_trip_is_lossless(tl: at.Timeline) -> None:
    """Read back from Arrow exactly the events written, every kind and field included."""
    assert tl == at.Timeline.from_arrow(tl.to_arrow())


@settings(max_examples=15, deadline=None)
@given(tl=strategies.timelines(events=strategies.events()))
def test_parquet_round_trip_is_lossless(
    tl: at.Timeline, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Read back from a Parquet file exactly the timeline written."""
    path = tmp_path_factory.mktemp("pq") / "t.parquet"
    io.write_parquet(tl, path)
    assert tl == io.read_parquet(path).timeline


@settings(max_examples=60, deadline=None)
@given(tl=strategies.timelines())
def test_bounds_are_the_ordinal_bounds(tl: at.Timeline) -> None:
    """Store each date's normalised bounds as date32 columns, in timeline order."""
    table = to_arrow(tl)
    for event, row in zip(tl, table.to_pylist(), strict=True):
        s_lo, s_hi, e_lo, e_hi, instant = event.when.ordinal_bounds()
        days = [row[f"when_{b}"] for b in ("earliest", "start_latest", "end_earliest", "latest")]
        assert [s_lo, s_hi, e_lo, e_hi] == [d.toordinal() for d in days]
        assert instant == row["when_instant"]


def test_schema_is_typed() -> None:
    """Type the columns: dates as date32, tags as lists, sources as lists of structs."""
    s = schema()
    assert pa.date32() == s.field("when_earliest").type
    assert pa.list_(pa.string()) == s.field("tags").type
    assert pa.types.is_struct(s.field("sources").type.value_type)
    assert pa.int64() == s.field("parameters").type
    assert pa.float64() == s.field("value").type
    assert {"score": ("value", "float"), "milestone": ("milestone_value", "decimal")} == (
        column_of("value")
    )


def test_reads_a_table_without_date_text() -> None:
    """Rebuild instants from their bound columns when the ``when`` text is left out."""
    tl = at.Timeline(
        [at.Event(id="a", when="2024-09", title="A"), at.Event(id="b", when="2025", title="B")]
    )
    table = to_arrow(tl).drop_columns(["when"])
    assert tl == at.Timeline(from_arrow(table))


def _table(**changes: object) -> pa.Table:
    tl = at.Timeline(
        [
            at.Release(id="r1", when="2024-09", title="R", model="M", country="CN"),
            at.Event(id="e1", when="2024-10-01", title="E"),
        ]
    )
    table = to_arrow(tl)
    for name, values in changes.items():
        index = table.column_names.index(name)
        table = table.set_column(index, name, pa.array(values, type=table.schema.field(name).type))
    return table


@pytest.mark.parametrize(
    ("table", "pattern"),
    [
        (
            _table(when=["2024-13", "2024-10-01"]),
            r"t\.parquet, row 1: event 'r1': field 'when'='2024-13'",
        ),
        (_table(title=["R", ""]), r"row 2: event 'e1'.*title"),
        (_table(model=["M", "X"]), r"row 2: column 'model'='X' is set, but kind 'event' has no"),
        (_table(kind=["release", "gizmo"]), r"row 2: field 'kind'='gizmo': expected one of"),
        (
            _table(when_earliest=[dt.date(2024, 9, 2), dt.date(2024, 10, 1)]),
            r"row 1: field 'when_earliest'='2024-09-02' disagrees with when; expected '2024-09-01'",
        ),
    ],
)
def test_bad_rows_name_the_cell(tmp_path: Path, table: pa.Table, pattern: str) -> None:
    """Name the file, the row, the field and the value of a cell that makes no event."""
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    with pytest.raises(DataFileError, match=pattern):
        io.read_parquet(path)


def test_bad_columns_are_errors(tmp_path: Path) -> None:
    """Reject a missing id, an unknown column, a mistyped column and a file that is not Parquet."""
    cases = {
        "noid.parquet": _table().drop_columns(["id"]),
        "extra.parquet": _table().append_column("colour", pa.array(["red", "blue"])),
        "typed.parquet": _table().set_column(3, "when_earliest", pa.array(["x", "y"])),
    }
    messages = {
        "noid.parquet": r"noid\.parquet: column 'id' is missing",
        "extra.parquet": r"column 'colour' is not part of the layout",
        "typed.parquet": r"column 'when_earliest' has type string; expected date32",
    }
    for name, table in cases.items():
        pq.write_table(table, tmp_path / name)
        with pytest.raises(DataFileError, match=messages[name]):
            io.read_parquet(tmp_path / name)
    (tmp_path / "text.parquet").write_text("kind,id\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"text\.parquet: not a Parquet file"):
        io.read_parquet(tmp_path / "text.parquet")


def test_duplicate_ids_are_errors(tmp_path: Path) -> None:
    """Name both rows of an id used twice."""
    path = tmp_path / "dup.parquet"
    pq.write_table(_table(id=["x", "x"]), path)
    with pytest.raises(
        DataFileError, match=r"row 2: event id 'x' is already used by the event at row 1"
    ):
        io.read_parquet(path)


def test_read_parquet_returns_a_read_result(tmp_path: Path) -> None:
    """Return a ReadResult whose summary counts the rows, and refuse a missing file by name."""
    path = tmp_path / "race.parquet"
    tl = at.Timeline(from_arrow(_table()))
    io.write_parquet(tl, path)
    result = io.read_parquet(path)
    assert result.timeline == tl
    assert (result.summary.rows, result.summary.events) == (2, 2)
    with pytest.raises(DataFileError, match=r"gone\.parquet: no such file"):
        io.read_parquet(tmp_path / "gone.parquet")


def test_countries_and_derived_tags_are_columns() -> None:
    """Store every country as a list and the derived tags (capabilities, open weights)."""
    release = at.Release(
        id="r",
        when="2025-01-20",
        title="R1",
        model="R1",
        countries=("CN", "US"),
        capabilities=frozenset({"reasoning"}),
        open_weights=True,
    )
    row = to_arrow([release]).to_pylist()[0]
    assert row["countries"] == ["CN", "US"]
    assert row["all_tags"] == sorted(release.all_tags) == ["open-weights", "reasoning"]


def test_derived_tags_that_disagree_are_errors(tmp_path: Path) -> None:
    """Refuse an all_tags cell that is not the event's derived tag set, naming the row."""
    path = tmp_path / "t.parquet"
    pq.write_table(_table(all_tags=[["vision"], []]), path)
    with pytest.raises(DataFileError, match=r"row 1: column 'all_tags'=\['vision'\] disagrees"):
        io.read_parquet(path)


def test_a_failed_parquet_write_leaves_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Leave an existing file as it was, and no temporary file, when the write fails."""
    path = tmp_path / "t.parquet"
    io.write_parquet(at.Timeline(from_arrow(_table())), path)
    before = path.read_bytes()

    def fail(_table: pa.Table, where: object, **_kwargs: object) -> None:
        # write half a file where asked (the path itself, were the writer not atomic)
        if isinstance(where, Path | str):
            Path(where).write_bytes(b"PAR1")
        else:
            where.write(b"PAR1")  # type: ignore[attr-defined]
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", fail)
    with pytest.raises(OSError, match="disk full"):
        io.write_parquet([at.Event(id="x", when="2024", title="X")], path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]
