"""One reader result for every reader, and DataFileError for every input that is not a file."""

from __future__ import annotations

import gzip
import io as stdio
import os
import pickle
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import aitimeline as at
from aitimeline import io
from aitimeline.exceptions import DataFileError

Reader = Callable[[Path], io.ReadResult]

READERS: dict[str, Reader] = {
    "read_json": io.read_json,
    "read_csv": io.read_csv,
    "read_epoch_csv": io.read_epoch_csv,
    "read_long_scores": lambda p: io.read_long_scores(p, metric="pts"),
    "read_lmarena_csv": io.read_lmarena_csv,
}
"""Every reader of aitimeline.io, as a function of a path alone."""

TIMELINE = at.Timeline(
    [
        at.Event(id="chatgpt", when="2022-11-30", title="ChatGPT", country="US"),
        at.Release(id="r1", when="2025-01-20", title="R1", model="DeepSeek-R1", country="CN"),
    ]
)

VALID: dict[str, str] = {
    "read_json": io.dumps(TIMELINE, metadata={"name": "t"}),
    "read_csv": "kind,id,when,title\nevent,a,2024,A\n",
    "read_epoch_csv": "Model,Publication date,Organization,Country (of organization),"
    "Model accessibility\nGPT-4,2023-03-14,OpenAI,United States of America,API access\n",
    "read_long_scores": "date,model,value\n2024-01-01,m,3\n",
    "read_lmarena_csv": "snapshot_date,model,elo\n2024-01-01,m,1200\n",
}
"""A small valid file for each reader."""


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_returns_a_read_result(reader: str, tmp_path: Path) -> None:
    """Return a ReadResult whose summary names the file and counts its events."""
    path = tmp_path / "data.csv"
    path.write_text(VALID[reader], encoding="utf-8")
    result = READERS[reader](path)
    assert isinstance(result, io.ReadResult)
    assert str(path) == result.summary.path
    assert len(result.timeline) == result.summary.events == len(result) >= 1


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_reads_gzip_and_streams(reader: str, tmp_path: Path) -> None:
    """Read a gzip copy and a binary stream of a file to the same events as the file."""
    path = tmp_path / "data.csv"
    path.write_text(VALID[reader], encoding="utf-8")
    packed = tmp_path / "data.csv.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    expected = READERS[reader](path).timeline
    assert expected == READERS[reader](packed).timeline
    with path.open("rb") as stream:
        assert expected == READERS[reader](stream).timeline  # type: ignore[arg-type]


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_missing_file_is_a_data_file_error(reader: str, tmp_path: Path) -> None:
    """Raise DataFileError (not OSError) naming the path, for a path that does not exist."""
    path = tmp_path / "nothing.csv"
    with pytest.raises(DataFileError, match="no such file") as info:
        READERS[reader](path)
    assert str(path) == info.value.path


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_directory_is_a_data_file_error(reader: str, tmp_path: Path) -> None:
    """Raise DataFileError for a directory."""
    with pytest.raises(DataFileError, match="directory") as info:
        READERS[reader](tmp_path)
    assert str(tmp_path) == info.value.path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_fifo_is_refused_without_blocking(reader: str, tmp_path: Path) -> None:
    """Refuse a named pipe with no writer at once: a blocking read would hang forever."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            READERS[reader](fifo)
        except DataFileError as error:
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "the reader blocked on a FIFO"
    assert 1 == len(errors)
    assert "FIFO" in str(errors[0])


@pytest.mark.parametrize("reader", sorted(READERS))
def test_corrupt_gzip_is_a_data_file_error(reader: str, tmp_path: Path) -> None:
    """Report a truncated gzip file as such, not as a crash of the decompressor."""
    path = tmp_path / "data.csv.gz"
    path.write_bytes(gzip.compress(VALID[reader].encode())[:-12])
    with pytest.raises(DataFileError, match="corrupt or truncated gzip"):
        READERS[reader](path)


def test_a_text_stream_is_a_data_file_error() -> None:
    """Ask for a binary stream when given a text one."""
    with pytest.raises(DataFileError, match="binary mode"):
        io.read_csv(stdio.StringIO("kind,id,when,title\n"), name="t.csv")  # type: ignore[arg-type]


def test_epoch_error_attributes_name_row_column_and_value(tmp_path: Path) -> None:
    """Fill path, line, field and value where the reader knows them."""
    path = tmp_path / "models.csv"
    path.write_text(
        VALID["read_epoch_csv"] + "Qwen,2024-13-01,Alibaba,China,API access\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError) as info:
        io.read_epoch_csv(path)
    error = info.value
    assert (str(path), 3, "Publication date", "2024-13-01") == (
        error.path,
        error.line,
        error.field,
        error.value,
    )
    assert all(str(v) in str(error) for v in (error.path, error.line, error.field, error.value))


def test_duplicate_id_error_attributes(tmp_path: Path) -> None:
    """Name the id field and the repeated id on a duplicate."""
    path = tmp_path / "t.csv"
    path.write_text("kind,id,when,title\nevent,a,2024,A\nevent,a,2025,B\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        io.read_csv(path)
    assert (str(path), 3, "id", "a") == (
        info.value.path,
        info.value.line,
        info.value.field,
        info.value.value,
    )


def test_data_file_error_keeps_its_attributes_through_pickle() -> None:
    """Pickle the attributes with the message (for errors crossing process boundaries)."""
    error = DataFileError("f, row 2: bad", path="f", line=2, field="when", value="x")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object, just written
    assert (str(error), "f", 2, "when", "x") == (
        str(copy),
        copy.path,
        copy.line,
        copy.field,
        copy.value,
    )


def test_data_file_error_attributes_are_optional() -> None:
    """Keep raising with a message alone working: every attribute defaults to None."""
    error = DataFileError("message")
    assert (None, None, None, None) == (error.path, error.line, error.field, error.value)


def test_result_answers_as_its_timeline() -> None:
    """Delegate len, iteration, in, [id], ids, where and partition to the timeline."""
    result = io.loads(VALID["read_json"])
    tl = result.timeline
    p = at.col("country") == "US"
    assert (len(tl), list(tl), tl.ids) == (len(result), list(result), result.ids)
    assert "r1" in result
    assert "nothing" not in result
    assert tl["r1"] is result["r1"]
    assert tl.where(p) == result.where(p)
    assert tl.partition(p) == result.partition(p)
    assert {"name": "t"} == dict(result.metadata)


def test_result_metadata_is_read_only() -> None:
    """Refuse to change the metadata of a frozen result."""
    result = io.loads(VALID["read_json"])
    with pytest.raises(TypeError):
        result.metadata["name"] = "changed"  # type: ignore[index]


def test_loaded_table_is_a_deprecated_alias() -> None:
    """Keep io.LoadedTable working, with a DeprecationWarning pointing at ReadResult."""
    with pytest.warns(DeprecationWarning, match="ReadResult"):
        alias = io.LoadedTable
    assert alias is io.ReadResult
    with pytest.raises(AttributeError):
        _ = io.NoSuchName


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this platform")
def test_a_device_is_refused() -> None:
    """Refuse a character device (reading /dev/zero would never end)."""
    with pytest.raises(DataFileError, match="is a device; expected the path of a regular"):
        io.read_csv("/dev/null")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets on this platform")
def test_a_socket_is_refused(tmp_path: Path) -> None:
    """Refuse a Unix socket file, naming what it is."""
    path = tmp_path / "s.csv"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(DataFileError, match=r"cannot open|is a socket") as info:
            io.read_epoch_csv(path)
    assert str(path) == info.value.path


def test_summary_names_what_was_left_out() -> None:
    """Report the rows left out, ten by name, and unknown country names."""
    summary = io.LoadSummary(
        "t.csv", "models", 14, 2, undated=[f"m{i}" for i in range(12)], unknown_countries=["X"]
    )
    text = str(summary)
    assert "t.csv: models table, 14 rows -> 2 events" in text
    assert "12 rows without a date (not loaded): m0, m1" in text
    assert "m9, …" in text
    assert "unknown country names: X" in text
