"""Differential tests of ``Scan.as_of``: the as-of join in DuckDB and Spark against memory.

Each test runs on DuckDB (embedded) and, when Java and PySpark are present, on Spark in local
mode (marker ``spark``). Timelines go through a Parquet file, so the engines read the layout.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import pytest

pytest.importorskip("ibis")
pytest.importorskip("duckdb")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline as at
from _engines import scan_of
from aitimeline.exceptions import QueryError


@st.composite
def exact_timeline(draw: st.DrawFn, prefix: str) -> at.Timeline:
    """Draw up to 12 events on exact days of two weeks, some with qualifiers, in two countries."""
    n = draw(st.integers(min_value=0, max_value=12))
    first = dt.date(2024, 9, 1)
    events = []
    for i in range(n):
        day = first + dt.timedelta(days=draw(st.integers(min_value=0, max_value=13)))
        when = at.When.day(
            day.year,
            day.month,
            day.day,
            approximate=draw(st.booleans()),
            uncertain=draw(st.booleans()),
        )
        country = draw(st.sampled_from(("US", "CN", None)))
        events.append(at.Event(id=f"{prefix}{i}", when=when, title="t", country=country))
    return at.Timeline(events)


_SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_SETTINGS
@given(
    left=exact_timeline("a"),
    right=exact_timeline("b"),
    by=st.sampled_from((None, "country")),
    direction=st.sampled_from(("backward", "forward")),
    allow_exact=st.booleans(),
)
def test_as_of_agrees_with_memory(
    con: Any,
    folder: Path,
    left: at.Timeline,
    right: at.Timeline,
    by: str | None,
    direction: Literal["backward", "forward"],
    allow_exact: bool,
) -> None:
    """Pair every event with the match the in-memory join finds, ties included."""
    table = left.as_of(right, by=by, direction=direction, allow_exact=allow_exact)
    expected = dict(zip(left.ids, table.match_ids().tolist(), strict=True))
    joined = scan_of(left, con, folder).as_of(
        scan_of(right, con, folder), by=by, direction=direction, allow_exact=allow_exact
    )
    rows = con.to_pyarrow(joined).to_pylist()
    assert expected == {r["id"]: r["match_id"] for r in rows}
    assert not any(r["ambiguous"] for r in rows)


def test_as_of_refuses_fuzzy_dates_and_bad_arguments(con: Any, folder: Path) -> None:
    """Name what cannot be pushed down: fuzzy dates, a collection field, a foreign table."""
    exact = at.Timeline([at.Event(id="x", when="2024-09-01", title="x", tags=frozenset({"a"}))])
    fuzzy = at.Timeline([at.Event(id="y", when="2024-09", title="y")])
    a, b = scan_of(exact, con, folder), scan_of(fuzzy, con, folder)
    with pytest.raises(QueryError, match="1 events of the right scan are not instants"):
        a.as_of(b)
    with pytest.raises(QueryError, match="left scan"):
        b.as_of(a)
    with pytest.raises(QueryError, match="several values"):
        a.as_of(a, by="tags")
    with pytest.raises(QueryError, match="direction='sideways'"):
        a.as_of(a, direction="sideways")
    with pytest.raises(QueryError, match="needs a Scan on the same connection"):
        a.as_of(exact)  # type: ignore[arg-type]
