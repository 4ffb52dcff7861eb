"""Differential tests of the engines: the same algebra in memory, on DuckDB and on Spark.

Every test runs once per backend: DuckDB (embedded) always, Spark in local mode when Java and
PySpark are present (marker ``spark``; ``.ci/run`` installs Java). Timelines go through a
Parquet file, so the columnar layout is what the engines read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ibis")
pytest.importorskip("duckdb")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline as at
from _engines import scan_of
from aitimeline import engines, strategies
from aitimeline._query import Compare
from aitimeline.engines._compile import FALSE, TRUE, compile_predicate
from aitimeline.engines._scan import Scan
from aitimeline.exceptions import MetricError, QueryError

_SPARK = pytest.mark.spark


def _codes(scan: Scan, predicates: list[at.Predicate]) -> dict[str, list[int]]:
    """Return each event's truth codes (FALSE 0, UNKNOWN 1, TRUE 2), one query for all."""
    t = scan.table
    columns = {}
    for i, p in enumerate(predicates):
        e = compile_predicate(t, p)
        columns[f"p{i}"] = e.fill_null(TRUE).cast("int8") + e.fill_null(FALSE).cast("int8")
    rows = scan.backend.to_pyarrow(t.select("id", **columns)).to_pylist()
    return {r["id"]: [r[f"p{i}"] for i in range(len(predicates))] for r in rows}


def _memory_codes(tl: at.Timeline, predicates: list[at.Predicate]) -> dict[str, list[int]]:
    truths = [tl.truth(p) for p in predicates]
    return {e.id: [t[i].code for t in truths] for i, e in enumerate(tl)}


def _ids(part: at.Timeline | Scan) -> list[str]:
    if isinstance(part, Scan):
        return sorted(part.to_arrow().column("id").to_pylist())
    return sorted(part.ids)


_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_SETTINGS
@given(
    tl=strategies.timelines(),
    predicates=st.lists(strategies.predicates(), min_size=1, max_size=8),
)
def test_truth_agrees_with_memory(
    con: Any,
    folder: Path,
    tl: at.Timeline,
    predicates: list[at.Predicate],
) -> None:
    """Give every event the same truth for every predicate as the in-memory evaluation."""
    assert _memory_codes(tl, predicates) == _codes(scan_of(tl, con, folder), predicates)


@_SETTINGS
@given(tl=strategies.timelines(), p=strategies.predicates())
def test_partition_agrees_with_memory(
    con: Any,
    folder: Path,
    tl: at.Timeline,
    p: at.Predicate,
) -> None:
    """Split into the same TRUE, FALSE and UNKNOWN parts as in memory, and agree on where."""
    scan = scan_of(tl, con, folder)
    assert [_ids(part) for part in tl.partition(p)] == [_ids(part) for part in scan.partition(p)]
    assert _ids(tl.exclude(p)) == _ids(scan.exclude(p))
    assert _ids(tl.where(~p)) == _ids(scan.where(~p))
    assert _ids(tl.where(at.possibly(p))) == _ids(scan.where(at.possibly(p)))


@_SETTINGS
@given(
    tl=strategies.timelines(),
    by=st.sampled_from([None, "country", "tags", "kind", "preview"]),
    every=st.sampled_from(["month", "quarter", "year"]),
)
def test_counts_agree_with_memory(
    con: Any,
    folder: Path,
    tl: at.Timeline,
    by: str | None,
    every: Any,
) -> None:
    """Count the same low, high and uncertain events per group and bucket as in memory."""
    assert tl.counts(by=by, every=every) == scan_of(tl, con, folder).counts(by=by, every=every)


@_SETTINGS
@given(tl=strategies.timelines(), p=strategies.predicates(max_leaves=3))
def test_first_last_and_groups_agree(
    con: Any,
    folder: Path,
    tl: at.Timeline,
    p: at.Predicate,
) -> None:
    """Find the same first and last events, and the same groups, as in memory."""
    scan = scan_of(tl, con, folder)
    assert (tl.first(p), tl.last(p)) == (scan.first(p), scan.last(p))
    groups = scan.group_by("country")
    assert list(tl.group_by("country")) == list(groups)
    assert {k: sorted(v.ids) for k, v in tl.group_by("country").items()} == {
        k: _ids(v) for k, v in groups.items()
    }


def _lag_summary(result: at.FrontierLag) -> tuple[object, ...]:
    pairs = [(p.leader.id, p.follower.id, *p.lag.days) for p in result.pairs]
    series = [(str(p.day), p.lag_days, p.censored) for p in result.series]
    censored = [c.leader.id for c in result.censored_leaders]
    return (str(result.start), str(result.end), str(result.as_of), pairs, series, censored)


@_SETTINGS
@given(
    tl=strategies.timelines(min_size=1, max_size=16),
    method=st.sampled_from(["catch-up", "daily"]),
    tolerance=st.sampled_from([0.0, 15.0]),
)
def test_frontier_lag_agrees_to_the_day(
    con: Any,
    folder: Path,
    tl: at.Timeline,
    method: Any,
    tolerance: float,
) -> None:
    """Pair the same records, with the same lags and daily gaps, as frontier_lag in memory."""
    kwargs: dict[str, Any] = {
        "metric": "eci",
        "leader": at.col("country") == "US",
        "follower": at.col("country") != "US",
        "method": method,
        "tolerance": tolerance,
    }
    try:
        expected = at.frontier_lag(tl, **kwargs)
    except MetricError:
        with pytest.raises(MetricError):
            scan_of(tl, con, folder).frontier_lag(**kwargs)
        return
    assert _lag_summary(expected) == _lag_summary(scan_of(tl, con, folder).frontier_lag(**kwargs))


def test_collect_and_between(con: Any, folder: Path) -> None:
    """Collect a filtered scan into the timeline the in-memory query gives."""
    race = at.datasets.ai_race()
    scan = scan_of(race, con, folder)
    p = (at.col("country") == "CN") & at.is_a(at.Release)
    assert race.where(p) == scan.where(p).collect()
    assert race.between("2024-09", "2025-01") == scan.between("2024-09", "2025-01").collect()
    assert len(race.where(p)) == len(scan.where(p))


def test_collect_refuses_a_large_pull(con: Any, folder: Path) -> None:
    """Refuse to build more events than the limit, naming the operation."""
    scan = scan_of(at.datasets.ai_race(), con, folder)
    with pytest.raises(QueryError, match=r"collect\(\) would build"):
        scan.collect(limit=3)


def test_unsupported_tests_raise_query_errors(con: Any, folder: Path) -> None:
    """Raise a QueryError that names the test the engine cannot run."""
    scan = scan_of(at.datasets.ai_race(), con, folder)
    with pytest.raises(QueryError, match="dates are fuzzy"):
        scan.where(Compare("when", "<", at.When.parse("2024")))
    with pytest.raises(QueryError, match="do not compare"):
        scan.where(Compare("parameters", "<", "7B"))
    with pytest.raises(QueryError, match="as_of cannot run in an engine here"):
        scan.as_of(scan)
    with pytest.raises(QueryError, match="cannot group by 'when'"):
        scan.group_by("when")
    with pytest.raises(QueryError, match="transform"):
        scan.frontier_lag(
            metric="eci",
            leader=at.col("country") == "US",
            follower=at.col("country") == "CN",
            transform=lambda v: v,
        )


def test_to_sql_reads_like_sql() -> None:
    """Show the SQL of a predicate: UNKNOWN as NULL, missing values as FALSE."""
    sql = (at.col("when").before("2025-01-20") & at.tagged("reasoning")).to_sql()
    assert '"when_latest" < MAKE_DATE(2025, 1, 20)' in sql
    assert "CAST(NULL AS BOOLEAN)" in sql
    assert "ARRAY_CONTAINS" in at.tagged("reasoning").to_sql(dialect="pyspark").upper()


def test_scan_rejects_an_unknown_backend() -> None:
    """Name the backends that exist when given another."""
    with pytest.raises(QueryError, match="not a known engine"):
        engines.scan(at.Timeline(), backend="oracle")


def test_frontier_lag_dates_a_period_by_its_start(con: Any, folder: Path) -> None:
    """Count a period-dated score from its start's last day, which may pass the period's end."""
    start, end = at.When.parse("2023-01"), at.When.parse("2023-01-01")
    tl = at.Timeline(
        [
            at.Score(
                id="s1",
                when=at.Span(start, end),
                title="S1",
                model="A",
                metric="eci",
                value=1.0,
                country="US",
            ),
            at.Score(
                id="s2",
                when="2023-02-01",
                title="S2",
                model="B",
                metric="eci",
                value=2.0,
                country="CN",
            ),
        ]
    )
    kwargs: dict[str, Any] = {
        "metric": "eci",
        "leader": at.col("country") == "US",
        "follower": at.col("country") != "US",
    }
    expected = at.frontier_lag(tl, **kwargs)
    assert _lag_summary(expected) == _lag_summary(scan_of(tl, con, folder).frontier_lag(**kwargs))
