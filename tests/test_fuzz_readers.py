"""Fuzz every reader: whatever bytes come in, only a TimelineError naming the place comes out.

The law: for any input, each reader of :mod:`aitimeline.io` either returns a result or raises
a :class:`~aitimeline.exceptions.TimelineError` subclass whose message starts with the file's
name and says where the problem is (a line or a row; for a corrupt gzip container, the file
as a whole), never a bare ``ValueError``,
``RecursionError``, ``OverflowError``, ``UnicodeError`` or ``IndexError``.

Inputs are real files of each kind (an ``aitimeline/1`` document and CSV of a timeline with
every field, and the first rows of each bundled Epoch table) put through one to four
mutations: truncation, byte flips, inserted and deleted bytes, repeated and swapped lines,
numbers swapped for huge or odd ones, deep nesting and re-encoding in another codec.

The default profile runs Hypothesis' default of 100 cases per reader and mutation family;
``HYPOTHESIS_PROFILE=thorough`` runs 2,000 (see ``conftest.py``). Each case records its
outcome as a Hypothesis event: ``--hypothesis-show-statistics`` prints how many inputs were
read and how many were refused, by error type.
"""

from __future__ import annotations

import csv
import gzip
import io as stdio
from collections.abc import Callable
from importlib import resources
from typing import Final

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

import aitimeline as at
from aitimeline import io
from aitimeline.exceptions import TimelineError

NAME: Final = "fuzz-input"
"""The name every input is read under; every error message must start with it."""

Reader = Callable[[bytes], io.ReadResult]

READERS: Final[dict[str, Reader]] = {
    "loads": lambda data: io.loads(data, name=NAME),
    "read_json": lambda data: io.read_json(stdio.BytesIO(data), name=NAME),
    "read_csv": lambda data: io.read_csv(stdio.BytesIO(data), name=NAME),
    "read_epoch_csv": lambda data: io.read_epoch_csv(stdio.BytesIO(data), name=NAME),
    "read_long_scores": lambda data: io.read_long_scores(
        stdio.BytesIO(data), metric="pts", name=NAME
    ),
    "read_lmarena_csv": lambda data: io.read_lmarena_csv(stdio.BytesIO(data), name=NAME),
}

_TIMELINE: Final = at.Timeline(
    [
        at.Event(id="chatgpt", when="2022-11-30", title='ChatGPT, "launched"', country="US"),
        at.Release(
            id="r1",
            when="2025-01-20",
            title="R1",
            model="DeepSeek-R1",
            country="CN",
            parameters=at.Parameters("671B"),
            open_weights=True,
            tags={"open-weights", "reasoning"},
            sources=(at.Source(publisher="The Economist", title="R1"),),
        ),
        at.Score(
            id="gpt-4o-eci",
            when="2024-05~",
            title="GPT-4o: ECI 140",
            model="GPT-4o",
            metric="eci",
            value=140.5,
            ci_low=139.0,
            ci_high=142.0,
        ),
    ]
)


def _head(resource: str, rows: int = 6) -> bytes:
    """Return the header and first *rows* records of a bundled Epoch table, as CSV bytes."""
    packed = resources.files("aitimeline.datasets").joinpath("epoch", resource).read_bytes()
    reader = csv.reader(stdio.StringIO(gzip.decompress(packed).decode("utf-8-sig"), newline=""))
    out = stdio.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for _, record in zip(range(rows + 1), reader, strict=False):
        writer.writerow(record)
    return out.getvalue().encode("utf-8")


def _csv_of(timeline: at.Timeline) -> bytes:
    """Return the CSV form of *timeline* as write_csv writes it (without touching a disk)."""
    rows = [io.event_to_row(e) for e in timeline]
    columns = io.row_columns({e.kind for e in timeline})
    text = stdio.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row[c] for c in columns] for row in rows)
    return text.getvalue().encode("utf-8")


_LONG: Final = b"snapshot_date,model,elo\n2023-05-08,chatglm-6b,918.22\n2023-06-01,gpt-4,1200\n"

SEEDS: Final[dict[str, tuple[bytes, ...]]] = {
    "loads": (io.dumps(_TIMELINE, metadata={"name": "seed"}).encode(),),
    "read_json": (io.dumps(_TIMELINE, indent=None).encode(),),
    "read_csv": (_csv_of(_TIMELINE),),
    "read_epoch_csv": (
        _head("epoch_notable_ai_models_2026-01.csv.gz"),
        _head("eci_scores_2026-02-08.csv.gz"),
        _head("epoch_capabilities_index_2026-04.csv.gz"),
        _head("epoch_openmodels2024_benchmarks_with_model_accessibility.csv.gz"),
    ),
    "read_long_scores": (_LONG.replace(b"snapshot_date", b"date").replace(b"elo", b"value"),),
    "read_lmarena_csv": (_LONG,),
}

ODD_NUMBERS: Final = (
    "9" * 4301,
    "1" + "0" * 5000,
    "1e400",
    "-1e400",
    "1e-400",
    "1e999999999",
    "nan",
    "NaN",
    "inf",
    "-0",
    "0",
    "-5",
    "1.9",
    "\u0663\u0663",  # Arabic-Indic digits
    "1_000",
    "0x10",
    "",
)
CODECS: Final = ("utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "utf-8-sig", "utf-7")


@st.composite
def _mutation(draw: st.DrawFn, data: bytes) -> bytes:  # noqa: C901 - one branch per family
    """Return *data* changed once, by a mutation drawn from the families above."""
    size = len(data)
    at_ = draw(st.integers(0, size))
    family = draw(
        st.sampled_from(
            ["truncate", "flip", "insert", "delete", "lines", "number", "nest", "codec", "cells"]
        )
    )
    event(f"mutation: {family}")
    if family == "truncate":
        return data[:at_]
    if family == "flip" and size:
        i = min(at_, size - 1)
        return data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1 :]
    if family == "insert":
        return data[:at_] + draw(st.binary(min_size=1, max_size=8)) + data[at_:]
    if family == "delete":
        return data[:at_] + data[at_ + draw(st.integers(1, 16)) :]
    if family == "lines":
        lines = data.split(b"\n")
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        if draw(st.booleans()):
            lines.insert(j, lines[i])
        return b"\n".join(lines)
    if family == "number":
        text = data.decode("utf-8", "replace")
        digits = [i for i, c in enumerate(text) if c.isdigit()]
        if not digits:
            return data
        i = draw(st.sampled_from(digits))
        j = i
        while j < len(text) and (text[j].isdigit() or text[j] in ".e+-"):
            j += 1
        return (text[:i] + draw(st.sampled_from(ODD_NUMBERS)) + text[j:]).encode()
    if family == "nest":
        depth = draw(st.sampled_from([10, 400, 999, 1000, 1500, 5000]))
        opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}")]))
        return data[:at_] + opener * depth + b"1" + closer * depth + data[at_:]
    if family == "codec":
        codec = draw(st.sampled_from(CODECS))
        return data.decode("utf-8", "replace").encode(codec, "replace")
    if family == "cells":
        cell = draw(st.sampled_from(['"', '""', ",", "\r", "\x00", "\ufeff", "x" * 140_000]))
        return data[:at_] + cell.encode("utf-8", "surrogatepass") + data[at_:]
    return data


@st.composite
def inputs(draw: st.DrawFn, reader: str) -> bytes:
    """Return a seed of *reader* put through one to four mutations."""
    data = draw(st.sampled_from(SEEDS[reader]))
    for _ in range(draw(st.integers(1, 4))):
        data = draw(_mutation(data))
    if draw(st.integers(0, 9)) == 0:
        data = gzip.compress(data, mtime=0)  # the readers take .gz as it is
    return data


def _outcome(text: str) -> None:
    """Count an outcome in Hypothesis' statistics (outside a Hypothesis test, nothing)."""
    if currently_in_test_context():
        event(text)


def check(reader: str, data: bytes) -> None:
    """Read *data*; a refusal must be a TimelineError that names the input and a place."""
    try:
        result = READERS[reader](data)
    except TimelineError as error:
        _outcome(f"refused: {type(error).__name__}")
        message = str(error)
        assert message.startswith(NAME), message
        # The place is a line or a row; a broken gzip container is the whole file.
        assert " line " in message or " row " in message or "gzip" in message, message
    else:
        _outcome("read")
        assert result.summary.events == len(result.timeline)


fuzz = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("reader", sorted(READERS))
@fuzz
@given(data=st.data())
def test_only_timeline_errors_escape_the_readers(reader: str, data: st.DataObject) -> None:
    """A real file of the reader's kind, mutated: read, or refused by name and place."""
    check(reader, data.draw(inputs(reader)))


@pytest.mark.parametrize("reader", sorted(READERS))
@fuzz
@given(blob=st.binary(max_size=300))
def test_arbitrary_bytes_are_refused_by_name(reader: str, blob: bytes) -> None:
    """Any bytes at all: read, or refused by name and place."""
    check(reader, blob)


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xef\xbb\xbf",
        b"\x1f\x8b" + b"\x00" * 8,
        b"[" * 100_000,
        b'{"format": "aitimeline/1", "events": [' + b"[" * 1000 + b"]" * 1000 + b"]}",
        b'{"format": "aitimeline/1", "events": [], "metadata": {"n": ' + b"9" * 5000 + b"}}",
        (
            b'{"format": "aitimeline/1", "events": [{"kind": "event", "id": "a", "when": "2024", '
            b'"title": "\\ud800"}]}'
        ),
        b"kind,id,when,title\r\nevent,a,2024," + b"x" * 140_000 + b"\r\n",
        b"kind,id,when,title,model,parameters\nrelease,a,2024,A,M," + b"9" * 4301 + b"\n",
        (
            b"Model,Publication date,Organization,Country (of organization),Model accessibility,"
            b"Parameters\nM,2024-01-01T10:00,O,China,API access,inf\n"
        ),
    ],
    ids=lambda data: repr(data[:24]),
)
def test_known_escapes_are_refused_by_name(reader: str, data: bytes) -> None:
    """The inputs that fuzzing first found escaping (issue 12), against every reader."""
    check(reader, data)
