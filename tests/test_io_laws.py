"""Property tests: every event survives the JSON, CSV, dict and row forms unchanged."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aitimeline import DateClaim, Event, Money, Source, Timeline, When
from aitimeline import strategies as ats
from aitimeline.io import (
    JSONValue,
    dumps,
    event_from_dict,
    event_from_row,
    event_to_dict,
    event_to_row,
    loads,
    read_csv,
    write_csv,
)

# Generated events are large; the default deadline is about runtime, not correctness.
SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def timelines(max_size: int = 6) -> st.SearchStrategy[Timeline]:
    """Return timelines of generated events with distinct ids."""
    ids = st.uuids().map(lambda u: f"e-{u.hex[:12]}")
    return st.lists(ats.events(ids=ids), max_size=max_size, unique_by=lambda e: e.id).map(Timeline)


@SLOW
@given(ats.events())
def test_dict_round_trip(event: Event) -> None:
    """Read back an equal event from its JSON object."""
    assert event == event_from_dict(event_to_dict(event))


@SLOW
@given(ats.events())
def test_row_round_trip(event: Event) -> None:
    """Read back an equal event from its flat row of strings."""
    assert event == event_from_row(event_to_row(event), where="row")


@SLOW
@given(timelines())
def test_json_round_trip(timeline: Timeline) -> None:
    """Read back an equal timeline from its JSON text, compact or indented."""
    assert timeline == loads(dumps(timeline)).timeline
    assert timeline == loads(dumps(timeline, indent=None).encode("utf-8")).timeline


@SLOW
@given(timelines())
def test_csv_round_trip(timeline: Timeline) -> None:
    """Read back an equal timeline from its CSV file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        write_csv(timeline, path)
        assert timeline == read_csv(path).timeline


@st.composite
def odd_whens(draw: st.DrawFn) -> When:
    """Return Whens whose bounds are not on their precision's calendar units."""
    start = draw(st.dates(dt.date(1990, 1, 1), dt.date(2039, 12, 31)))
    width = draw(st.integers(min_value=0, max_value=400))
    end = start + dt.timedelta(days=width)
    precision = draw(st.sampled_from(["week", "month", "quarter", "year"]))
    return When(start, end, precision, approximate=draw(st.booleans()))


@SLOW
@given(odd_whens(), ats.money())
def test_odd_dates_and_money_round_trip(when: When, money: Money) -> None:
    """Keep dates that EDTF cannot express exactly, and exact money amounts."""
    source = Source(publisher="P", published=when)
    event = Event(id="x", when=when, title="X", date_claims=[DateClaim(when, source)])
    assert event == event_from_dict(event_to_dict(event))
    assert event == event_from_row(event_to_row(event), where="row")
    assert money == Money.parse(str(money))


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=10)
METADATA = st.dictionaries(
    st.text(max_size=8),
    st.recursive(
        JSON_SCALARS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
        max_leaves=6,
    ),
    max_size=4,
)


@SLOW
@given(timelines(max_size=3), METADATA)
def test_json_metadata_round_trip(timeline: Timeline, metadata: dict[str, JSONValue]) -> None:
    """Read back the metadata written with a timeline (loads used to drop it)."""
    result = loads(dumps(timeline, metadata=metadata))
    assert metadata == dict(result.metadata)
    assert timeline == result.timeline
    assert len(timeline) == result.summary.events == result.summary.rows


@SLOW
@given(timelines(max_size=3))
def test_csv_reads_the_same_from_gzip_and_from_a_stream(timeline: Timeline) -> None:
    """Read a CSV file, its gzip copy and a stream of its bytes to one timeline."""
    import gzip  # noqa: PLC0415
    import io as stdio  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        write_csv(timeline, path)
        packed = Path(folder) / "events.csv.gz"
        packed.write_bytes(gzip.compress(path.read_bytes()))
        assert timeline == read_csv(packed).timeline
        assert timeline == read_csv(stdio.BytesIO(path.read_bytes()), name="x.csv").timeline
