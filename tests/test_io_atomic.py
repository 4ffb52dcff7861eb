"""Writers replace a file whole or not at all, and what loads also saves (issue 12)."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import aitimeline as at
from aitimeline import io
from aitimeline.exceptions import DataFileError, InvalidEventError

Writer = Callable[[at.Timeline, Path], None]
WRITERS: dict[str, Writer] = {"write_json": io.write_json, "write_csv": io.write_csv}
READ: dict[str, Callable[[Path], io.ReadResult]] = {
    "write_json": io.read_json,
    "write_csv": io.read_csv,
}

GOOD = at.Timeline(
    [
        at.Event(id="a", when="2024-01-02", title="A"),
        at.Event(id="b", when="2024-03-04", title="B"),
    ]
)
# The second event cannot be encoded: before the fix, write_csv left row "a" only.
BAD = at.Timeline(
    [
        at.Event(id="a", when="2024-01-02", title="A"),
        at.Event(id="z", when="2025-01-01", title="lone \ud800 surrogate"),
    ]
)


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, writer: str) -> None:
    """A failed write leaves the old file and no temporary."""
    path = tmp_path / f"t.{writer[6:]}"
    WRITERS[writer](GOOD, path)
    before = path.read_bytes()
    with pytest.raises(InvalidEventError, match=r"'z'.*title.*U\+D800"):
        WRITERS[writer](BAD, path)
    assert path.read_bytes() == before
    assert READ[writer](path).timeline == GOOD
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_interrupted_write_leaves_the_old_file(
    tmp_path: Path, writer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupted write leaves the old file."""
    path = tmp_path / "t.out"
    WRITERS[writer](GOOD, path)
    before = path.read_bytes()

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        WRITERS[writer](at.Timeline([GOOD["a"]]), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.out"]


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_write_keeps_permissions_and_writes_through_a_link(tmp_path: Path, writer: str) -> None:
    """A write keeps permissions and writes through a link."""
    target = tmp_path / "real.out"
    WRITERS[writer](GOOD, target)
    target.chmod(0o640)
    link = tmp_path / "link.out"
    link.symlink_to(target)
    WRITERS[writer](GOOD.where(at.col("id") == "a"), link)
    assert link.is_symlink()
    assert (target.stat().st_mode & 0o777) == 0o640
    assert READ[writer](target).ids == ("a",)


def test_a_lone_surrogate_is_refused_on_loading_with_line_and_field() -> None:
    """A lone surrogate is refused on loading with line and field."""
    text = (
        '{"format": "aitimeline/1",\n "events": [\n  {"kind": "event", "id": "a", '
        '"when": "2024", "title": "x\\ud800"}]}'
    )
    with pytest.raises(DataFileError, match=r"^t\.json, line 3: event 'a', field 'title'") as info:
        io.loads(text, name="t.json")
    assert (info.value.line, info.value.field) == (3, "title")


def test_a_surrogate_pair_is_text_and_round_trips(tmp_path: Path) -> None:
    """A surrogate pair is text and round trips."""
    tl = at.Timeline([at.Event(id="a", when="2024", title="emoji \U0001f600")])
    escaped = io.dumps(tl).replace("\U0001f600", "\\ud83d\\ude00")  # a pair, not lone
    assert "\\ud83d" in escaped
    assert io.loads(escaped).timeline == tl
    io.write_csv(tl, tmp_path / "t.csv")
    assert io.read_csv(tmp_path / "t.csv").timeline == tl


def test_csv_writes_only_what_it_reads_back(tmp_path: Path) -> None:
    """Csv writes only what it reads back."""
    limit = csv.field_size_limit()
    path = tmp_path / "t.csv"
    longest = at.Timeline([at.Event(id="a", when="2024", title="x" * limit)])
    io.write_csv(longest, path)
    assert io.read_csv(path).timeline == longest
    too_long = at.Timeline([at.Event(id="a", when="2024", title="x" * (limit + 1))])
    with pytest.raises(InvalidEventError, match=r"'a', column 'title'.*write_json"):
        io.write_csv(too_long, path)
    assert io.read_csv(path).timeline == longest
    io.write_json(too_long, tmp_path / "t.json")
    assert io.read_json(tmp_path / "t.json").timeline == too_long


def test_json_nested_too_deep_is_a_data_file_error_naming_the_line() -> None:
    """Json nested too deep is a data file error naming the line."""
    text = '{"format": "aitimeline/1",\n"events": [\n' + "[" * 1000 + "]" * 1000 + "]}"
    with pytest.raises(DataFileError, match=r"^deep\.json, line 3, column 1000: .*1002 levels"):
        io.loads(text, name="deep.json")


def test_json_integer_over_python_limit_is_a_data_file_error() -> None:
    """Json integer over python limit is a data file error."""
    text = '{"format": "aitimeline/1",\n"events": [],\n"metadata": {"n": ' + "9" * 5000 + "}}"
    with pytest.raises(DataFileError, match=r"^big\.json, line 3: a number of 5000 digits"):
        io.loads(text, name="big.json")


@pytest.mark.parametrize("write", ["write_json", "write_csv"])
def test_a_missing_folder_is_named_with_the_file(tmp_path: Path, write: str) -> None:
    """Refuse a path in a folder that does not exist, naming the file and the folder."""
    target = tmp_path / "no-such-folder" / "t.data"
    tl = at.Timeline([at.Event(id="a", when="2024", title="A")])
    with pytest.raises(
        FileNotFoundError, match=r"cannot write t\.data: the folder .*no-such-folder does not exist"
    ) as caught:
        getattr(at.io, write)(tl, target)
    assert caught.value.filename == str(target)
    assert not (tmp_path / "no-such-folder").exists()
