"""Differential tests of the engines: the same algebra in memory and on DuckDB through Ibis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

ibis = pytest.importorskip("ibis")
pytest.importorskip("duckdb")

from hypothesis import HealthCheck, given, settings  # noqa: E402 - after the skips

import aitimeline as at  # noqa: E402
from aitimeline import engines, strategies  # noqa: E402
from aitimeline.engines._scan import Scan  # noqa: E402

_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def con() -> Iterator[object]:
    """One DuckDB connection for the module."""
    connection = engines.connect("duckdb")
    yield connection
    connection.disconnect()


def _ids(tl: at.Timeline | Scan) -> list[str]:
    if isinstance(tl, Scan):
        return sorted(tl.to_arrow().column("id").to_pylist())
    return sorted(tl.ids)


@_SETTINGS
@given(tl=strategies.timelines(), p=strategies.predicates())
def test_partition_agrees_with_memory(con: object, tl: at.Timeline, p: at.Predicate) -> None:
    """Compute the same TRUE, FALSE and UNKNOWN parts on DuckDB as in memory."""
    scan = engines.scan(tl, backend=con)
    expected = [_ids(part) for part in tl.partition(p)]
    assert expected == [_ids(part) for part in scan.partition(p)]
