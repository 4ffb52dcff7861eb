"""A lazy, engine-backed timeline: the query algebra pushed down to DuckDB, Spark, ... (private).

A :class:`Scan` wraps an Ibis table in the columnar layout of :mod:`aitimeline._arrow`.
Filters compose into one SQL query; results come back only when asked for, and every
operation either runs in the engine and returns a small answer (counts, a first event, group
keys, frontier records) or is an explicit pull (:meth:`Scan.collect` with a row limit,
:meth:`Scan.to_arrow`). Nothing silently reads a whole table into Python.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Final

import attrs
import ibis
import ibis.expr.types as ir
import numpy as np
import numpy.typing as npt

from aitimeline._arrow import column_of, from_arrow
from aitimeline._counts import Every, bucket_label
from aitimeline._dates import DateLike, When
from aitimeline._frontier import _day as score_day
from aitimeline._metrics import FrontierLag, Method, Transform, frontier_lag
from aitimeline._query import TRUE_, Predicate, col, definitely, is_a
from aitimeline._timeline import Counts, Timeline
from aitimeline.engines._compile import (
    FALSE,
    TRUE,
    compile_predicate,
    compile_true,
    derived_column,
)
from aitimeline.exceptions import MetricError, QueryError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    from ibis.backends import BaseBackend

__all__ = ["COLLECT_LIMIT", "Scan", "connect", "scan"]

COLLECT_LIMIT: Final = 1_000_000
"""The most rows :meth:`Scan.collect` builds into events unless told otherwise."""

_EVERY: Final = ("month", "quarter", "year")
_MIN_FINITE: Final = 1
_MAX_FINITE: Final = 3_000_000


def _day(ordinal: int) -> ir.DateScalar:
    return ibis.literal(dt.date.fromordinal(ordinal), type="date")


def connect(backend: str | BaseBackend = "duckdb") -> BaseBackend:
    """Return an Ibis connection: DuckDB in memory, Spark in local mode, or the one given.

    ``"duckdb"`` starts an embedded DuckDB; ``"pyspark"`` (or ``"spark"``) gets or starts a
    SparkSession on ``local[2]`` (the environment variable ``AITIMELINE_SPARK_MASTER`` changes
    the master).

    Raises:
        QueryError: an unknown backend name.
    """
    if not isinstance(backend, str):
        return backend
    if backend == "duckdb":
        return ibis.duckdb.connect()
    if backend in ("pyspark", "spark"):
        from pyspark.sql import SparkSession  # noqa: PLC0415 - Spark starts only when asked

        session = (
            SparkSession.builder.master(os.environ.get("AITIMELINE_SPARK_MASTER", "local[2]"))
            .appName("aitimeline")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        return ibis.pyspark.connect(session)
    msg = (
        f"backend={backend!r} is not a known engine; pass 'duckdb', 'pyspark' or an Ibis "
        "connection (ibis.postgres.connect(...), ibis.bigquery.connect(...))"
    )
    raise QueryError(msg)


def scan(
    source: str | os.PathLike[str] | ir.Table | Timeline | pa.Table,
    *,
    backend: str | BaseBackend | None = None,
) -> Scan:
    """Return a lazy timeline over a Parquet file, an Ibis table or an in-memory table.

    Args:
        source: A Parquet file (or glob) in the columnar layout
            (:func:`aitimeline.io.write_parquet`), an Ibis table with those columns, a
            :class:`~aitimeline.Timeline` or an Arrow table.
        backend: ``"duckdb"`` (the default: embedded, out of core on Parquet), ``"pyspark"``
            (local mode), or an Ibis connection. An Ibis table runs on its own backend.

    Raises:
        QueryError: an unknown backend.
    """
    if isinstance(source, ir.Table):
        con = ibis.get_backend(source) if backend is None else connect(backend)
        return Scan(source, con)
    con = connect("duckdb" if backend is None else backend)
    if isinstance(source, str | os.PathLike):
        return Scan(con.read_parquet(os.fspath(source)), con)
    table = source.to_arrow() if isinstance(source, Timeline) else source
    return Scan(ibis.memtable(table), con)


def _pull_error(operation: str, rows: int, limit: int) -> QueryError:
    return QueryError(
        f"{operation} would build {rows:,} events in memory, more than limit={limit:,}; "
        "narrow the scan with where()/between() first, raise the limit, or use "
        "to_arrow()/to_pandas() for columns"
    )


@attrs.frozen(eq=False, repr=False)
class Scan:
    """A lazy timeline in an engine: filters compose into SQL; answers come back small."""

    table: ir.Table
    """The Ibis table expression (the layout's columns, filtered)."""
    backend: BaseBackend = attrs.field(repr=False)
    """The connection that runs it."""

    # -- filters -----------------------------------------------------------------------------

    def _expr(self, p: Predicate) -> ir.BooleanValue:
        return compile_predicate(self.table, p)

    def _filtered(self, condition: ir.BooleanValue) -> Scan:
        return Scan(self.table.filter(condition), self.backend)

    def where(self, p: Predicate) -> Scan:
        """Return the events for which *p* is TRUE (SQL ``WHERE p``).

        The condition is written with negations pushed to the leaves, so that an engine can
        push plain comparisons into the scan of a Parquet file.
        """
        return self._filtered(compile_true(self.table, p))

    def exclude(self, p: Predicate) -> Scan:
        """Return the events for which *p* is not TRUE (``WHERE p IS NOT TRUE``)."""
        return self._filtered(~self._expr(p).fill_null(FALSE))

    def partition(self, p: Predicate) -> tuple[Scan, Scan, Scan]:
        """Return the events for which *p* is TRUE, FALSE and UNKNOWN (NULL)."""
        e = self._expr(p)
        return (
            self.where(p),
            self._filtered((~e).fill_null(FALSE)),
            # not e.isnull(): Ibis renders NOT (x) IS NULL, which SQL reads as NOT ((x) IS NULL)
            self._filtered(e.fill_null(TRUE) & (~e).fill_null(TRUE)),
        )

    def between(self, start: When | str, end: When | str) -> Scan:
        """Return the events whose dates lie from *start*'s first day to *end*'s last day."""
        return self.where(col("when").between(start, end))

    # -- answers -----------------------------------------------------------------------------

    def _scalar(self, expr: ir.Scalar) -> Any:  # noqa: ANN401 - a Python value of any type
        """Return the value of a scalar expression (through Arrow: pandas is not needed)."""
        return self.backend.to_pyarrow(expr).as_py()

    def count(self) -> int:
        """Return the number of events, counted by the engine."""
        return int(self._scalar(self.table.count()))

    def __len__(self) -> int:
        """Return the number of events, as :meth:`count` does."""
        return self.count()

    def to_sql(self) -> str:
        """Return the SQL the engine runs for this scan."""
        return str(ibis.to_sql(self.table, dialect=self.backend.name))

    def to_arrow(self) -> pa.Table:
        """Return the rows as an Arrow table in the columnar layout (an explicit pull)."""
        return self.backend.to_pyarrow(self.table)

    def to_pandas(self) -> pd.DataFrame:
        """Return the rows as a DataFrame of the layout's columns (an explicit pull)."""
        df: pd.DataFrame = self.to_arrow().to_pandas()
        return df

    def collect(self, *, limit: int = COLLECT_LIMIT) -> Timeline:
        """Return the events as an in-memory :class:`~aitimeline.Timeline`.

        Raises:
            QueryError: more than *limit* rows match (nothing is pulled then).
        """
        rows = self.count()
        if rows > limit:
            raise _pull_error("collect()", rows, limit)
        return Timeline(from_arrow(self.to_arrow(), name="scan"))

    def _ends(self, p: Predicate, *, last: bool) -> Timeline:
        """Return the events tied for the earliest (latest) first possible day where *p*."""
        found = self.where(p).table
        day = found.when_earliest
        edge = self._scalar(day.max() if last else day.min())
        if edge is None or (isinstance(edge, float) and math.isnan(edge)):
            return Timeline()
        tied = Scan(found.filter(day == edge), self.backend)
        return tied.collect()

    def first(self, p: Predicate = TRUE_) -> Any:  # noqa: ANN401 - an Event or None
        """Return the first event in timeline order for which *p* is TRUE, or None."""
        tied = self._ends(p, last=False)
        return tied[0] if tied else None

    def last(self, p: Predicate = TRUE_) -> Any:  # noqa: ANN401 - an Event or None
        """Return the last event in timeline order for which *p* is TRUE, or None."""
        tied = self._ends(p, last=True)
        return tied[-1] if tied else None

    # -- groups ------------------------------------------------------------------------------

    def _key(self, key: str) -> tuple[ir.Column, str]:
        if key == "kind":
            return self.table.kind, "text"
        if (found := derived_column(self.table, key)) is not None:
            return found
        places = {v for v in column_of(key).values() if v[0] in self.table.columns}
        if not places:
            col(key)  # an unknown field raises UnknownFieldError with near matches
            msg = f"cannot group by {key!r}: the table has no column for it"
            raise QueryError(msg)
        if len(places) > 1:
            msg = f"cannot group by {key!r}: kinds store it in different columns {sorted(places)}"
            raise QueryError(msg)
        column, category = places.pop()
        if category in ("temporal", "sources", "claims", "money", "training"):
            msg = f"cannot group by {key!r}: it holds {category} values; use counts(every=...)"
            raise QueryError(msg)
        return self.table[column], category

    def _keys(self, key: str) -> list[Hashable]:
        column, category = self._key(key)
        if category == "list":
            values = self.table.select(k=column.unnest()).distinct()
            empty = self.table.filter(column.length().fill_null(0) == 0).count()
            keys: list[Hashable] = sorted(self.backend.to_pyarrow(values).column("k").to_pylist())
            return keys + ([None] if self._scalar(empty) else [])
        found = self.backend.to_pyarrow(self.table.select(k=column).distinct())
        present = [k for k in found.column("k").to_pylist() if k is not None]
        missing = len(present) < found.num_rows
        return [*sorted(present), *([None] if missing else [])]

    def group_by(self, key: str) -> dict[Hashable, Scan]:
        """Return a lazy scan per value of *key*, keys sorted (None last: no value).

        Only the distinct keys are read; each group is the scan filtered to its key.
        """
        column, category = self._key(key)
        out: dict[Hashable, Scan] = {}
        for value in self._keys(key):
            if category == "list":
                cond = (
                    column.length().fill_null(0) == 0
                    if value is None
                    else column.contains(value).fill_null(FALSE)
                )
            else:
                missing = column.isnull()  # noqa: PD003 - Ibis, not pandas
                cond = missing if value is None else (column == value).fill_null(FALSE)
            out[value] = self._filtered(cond)
        return out

    def counts(self, by: str | None = None, every: Every = "quarter") -> Counts:
        """Count events per calendar bucket (and value of *by*), as :meth:`Timeline.counts`.

        The engine groups by key and first and last possible month; only those groups (a few
        per month) come back, and the low and high counts are finished from them.
        """
        if every not in _EVERY:
            msg = f"every={every!r} is not a bucket size; expected one of {', '.join(_EVERY)}"
            raise QueryError(msg)
        t = self.table
        lo, hi = t.when_earliest, t.when_start_latest
        months: dict[str, Any] = {
            "m_lo": (lo.year() - 1970) * 12 + lo.month() - 1,
            "m_hi": (hi.year() - 1970) * 12 + hi.month() - 1,
            "finite": (lo > _day(_MIN_FINITE)) & (hi < _day(_MAX_FINITE)),
            "exact": lo == hi,
        }
        if by is None:
            parts = [t.select(g=ibis.null("string"), **months)]
        else:
            column, category = self._key(by)
            if category == "list":
                tagged = t.filter(column.length().fill_null(0) > 0)
                bare = t.filter(column.length().fill_null(0) == 0)
                parts = [
                    tagged.select(g=column, **months).unnest("g"),
                    bare.select(g=ibis.null(column.type().value_type), **months),
                ]
            else:
                parts = [t.select(g=column, **months)]
        rows = parts[0] if len(parts) == 1 else parts[0].union(parts[1])
        grouped = rows.group_by(["g", "m_lo", "m_hi", "finite", "exact"]).agg(n=rows.count())
        data = self.backend.to_pyarrow(grouped).to_pydict()
        return _finish_counts(by, every, data)

    # -- metrics -----------------------------------------------------------------------------

    def frontier_lag(
        self,
        *,
        metric: str,
        leader: Predicate,
        follower: Predicate,
        tolerance: float = 0.0,
        transform: str | Transform | None = None,
        method: Method = "catch-up",
        start: DateLike | None = None,
        end: DateLike | None = None,
        as_of: DateLike | None = None,
    ) -> FrontierLag:
        """Return :func:`aitimeline.frontier_lag` computed from the frontiers' records.

        The engine keeps each group's scores of *metric*, takes the best score per day and the
        running maximum over earlier days as a window function, and returns only the scores
        that raised a frontier (the records). Catch-up pairs and daily gaps depend on the
        scores only through those records (the first score to reach a level is a record), so
        the pairing on the records, in memory, gives the answer of the whole table.

        Raises:
            QueryError: *transform* is a callable (it may not keep the order of values).
            MetricError: as :func:`aitimeline.frontier_lag`.
        """
        if transform is not None and not isinstance(transform, str):
            msg = (
                f"frontier_lag(transform={transform!r}) cannot run in an engine: a callable "
                "may reorder values; pass a transform name or None"
            )
            raise QueryError(msg)
        cutoff = None if as_of is None else When.coerce(as_of).latest
        scores = self.where(is_a("score") & (col("metric") == metric)).table
        groups = [
            scores.filter(compile_predicate(scores, definitely(p))) for p in (leader, follower)
        ]
        # A score counts from the last day its start allows; for an instant that is
        # when_start_latest, but a period's start may run past its end, which the stored bounds
        # clip. Instants are reduced to their records here; periods (few) are all brought back.
        instants = [g.filter(g.when_instant.fill_null(TRUE)) for g in groups]
        if cutoff is not None:
            instants = [g.filter(g.when_start_latest <= cutoff) for g in instants]
        periods = [g.filter(~g.when_instant.fill_null(TRUE)) for g in groups]
        both = instants[0].union(instants[1])
        span = self.backend.to_pyarrow(
            both.aggregate(first=both.when_start_latest.min(), last=both.when_start_latest.max())
        ).to_pylist()[0]
        parts = [*(_records(g) for g in instants), *periods]
        table = self.backend.to_pyarrow(
            functools.reduce(lambda a, b: a.union(b, distinct=True), parts)
        )
        events = Timeline(from_arrow(table, name="frontier records"))
        period_days = [
            dt.date.fromordinal(score_day(e)) for e in events if not isinstance(e.when, When)
        ]
        if period_days and cutoff is not None:
            period_days = [d for d in period_days if d <= cutoff]
        if period_days:
            known = [d for d in (span["first"], span["last"]) if d is not None]
            span = {"first": min([*known, *period_days]), "last": max([*known, *period_days])}
        if span["first"] is None:
            msg = f"no score with metric={metric!r} is in the leader or follower group"
            raise MetricError(msg)
        return frontier_lag(
            events,
            metric=metric,
            leader=leader,
            follower=follower,
            tolerance=tolerance,
            transform=transform,
            method=method,
            start=span["first"] if start is None else start,
            end=end,
            as_of=span["last"] if as_of is None else as_of,
        )

    def as_of(
        self,
        other: Scan,
        *,
        by: str | None = None,
        direction: str = "backward",
        allow_exact: bool = True,
    ) -> ir.Table:
        """Return the as-of join of this scan to *other* as a lazy Ibis table.

        The pairing is :meth:`Timeline.as_of <aitimeline.Timeline.as_of>`'s on exact dates:
        each event gets the last event of *other* on or before its day (``forward``: the
        first on or after it; strictly, if not *allow_exact*), events on one day ordered as
        a timeline orders them (qualifiers, then id). The engine ranks *other*'s events per
        group and carries the rank forward with a running maximum (minimum) over the union
        of both sides ordered by day, a window function every engine runs; nothing is pulled.
        The table has columns ``id``, ``match_id`` (null: no match) and ``ambiguous``
        (always false here), in no particular order.

        Raises:
            QueryError: *other* is not a scan on the same connection, an unknown direction,
                *by* a collection field, or an event whose start is not one exact day (a
                fuzzy date or a period: the candidate sets of fuzzy dates are computed in
                memory only; narrow both scans and join the collected timelines).
        """
        if getattr(other, "backend", None) is not self.backend:  # a scan on this connection
            msg = f"as_of(other={other!r}) needs a Scan on the same connection as {self!r}"
            raise QueryError(msg)
        if direction not in ("backward", "forward"):
            msg = f"direction={direction!r} is not 'backward' or 'forward'"
            raise QueryError(msg)
        for side, name in ((self, "left"), (other, "right")):
            t = side.table
            fuzzy = t.filter(
                (t.when_earliest != t.when_start_latest).fill_null(TRUE)
                | ~t.when_instant.fill_null(FALSE)
            )
            if (found := int(side._scalar(fuzzy.count()))) > 0:  # noqa: SLF001 - same class
                msg = (
                    f"as_of cannot run in an engine here: {found:,} events of the {name} scan "
                    "are not instants on one exact day (fuzzy dates or periods need candidate "
                    "sets, computed in memory only); narrow the scans with where() and join "
                    "the collected timelines: scan.collect().as_of(other.collect())"
                )
                raise QueryError(msg)
        backward = direction == "backward"
        # on one day, other's events come before (not allow_exact: after) the event joined
        parts = [
            _as_of_side(self, by, side=1, rank=False),
            _as_of_side(other, by, side=0 if allow_exact else 2, rank=True),
        ]
        both = parts[0].union(parts[1])
        order = ["d", "s"] if backward else [ibis.desc("d"), "s"]
        window = ibis.window(group_by=["g", "gm"], order_by=order, rows=(None, 0))
        carried = both.rank.max() if backward else both.rank.min()
        found = both.mutate(found=carried.over(window)).filter(both.s == 1)
        ranked = parts[1]
        joined = found.left_join(
            ranked,
            [found.g == ranked.g, found.gm == ranked.gm, found.found == ranked.rank],
            rname="{name}_match",
        )
        return joined.select(
            id=joined.eid, match_id=joined.eid_match, ambiguous=ibis.literal(value=False)
        )

    def __repr__(self) -> str:
        """Return ``<Scan on duckdb>``."""
        return f"<Scan on {self.backend.name}>"


def _as_of_side(scan: Scan, by: str | None, *, side: int, rank: bool) -> ir.Table:
    """Return one side of an as-of join: group, day, side order, id and the rank in its group."""
    t = scan.table
    # events without a value of *by* pair with each other, as in memory: key "" and flag
    if by is None:
        group: ir.Value = ibis.literal("")
        missing: ir.Value = ibis.literal(value=False)
    else:
        column, category = scan._key(by)  # noqa: SLF001 - this module's class
        if category == "list":
            msg = f"cannot join by {by!r}: it holds several values per event"
            raise QueryError(msg)
        group = column.cast("string").fill_null("")
        missing = column.isnull()  # noqa: PD003 - Ibis, not pandas
    keys = t.select(
        g=group,
        gm=missing,
        d=t.when_earliest,
        s=ibis.literal(side, type="int8"),
        a=t.when_approximate.fill_null(FALSE),
        u=t.when_uncertain.fill_null(FALSE),
        eid=t.id,
    )
    # timeline order on one exact day: qualifiers (approximate, then uncertain), then id
    order = ["d", "a", "u", "eid"]
    if rank:
        number = ibis.row_number().over(ibis.window(group_by=["g", "gm"], order_by=order))
        return keys.mutate(rank=number.cast("int64")).drop("a", "u")
    return keys.mutate(rank=ibis.null("int64")).drop("a", "u")


def _records(scores: ir.Table) -> ir.Table:
    """Return the scores that raised the running maximum: the best of a day above all before."""
    day = scores.when_start_latest
    daily = scores.group_by(d=day).agg(best=scores.value.max())
    window = ibis.window(order_by="d", rows=(None, -1))
    prior = daily.mutate(before=daily.best.max().over(window))
    rising = prior.filter(
        prior.before.isnull()  # noqa: PD003 - Ibis, not pandas
        | (prior.best > prior.before)
    )
    joined = scores.inner_join(rising, [day == rising.d, scores.value == rising.best])
    return joined.select(*scores.columns)


def _bucket(months: npt.NDArray[np.int64], every: str) -> npt.NDArray[np.int64]:
    if every == "month":
        return months
    out: npt.NDArray[np.int64] = months // (3 if every == "quarter" else 12)
    return out


def _sort_keys(values: list[Any]) -> list[Hashable]:
    present = sorted({v for v in values if v is not None})
    return [*present, *([None] if None in values else [])]


def _finish_counts(by: str | None, every: Every, data: dict[str, list[Any]]) -> Counts:
    """Return the :class:`Counts` of grouped rows (key, first/last month, flags, count)."""
    n = np.asarray(data["n"], dtype=np.int64)
    b_lo = _bucket(np.asarray(data["m_lo"], dtype=np.int64), every)
    b_hi = _bucket(np.asarray(data["m_hi"], dtype=np.int64), every)
    finite = np.asarray(data["finite"], dtype=bool)
    fuzzy = not all(data["exact"])
    placed = b_lo == b_hi
    ends = [b_lo[finite], b_hi[finite], *([b_lo[placed]] if fuzzy else [])]
    edges = np.concatenate(ends) if len(n) else np.zeros(0, dtype=np.int64)
    first = int(edges.min()) if len(edges) else 0
    width = int(edges.max()) - first + 1 if len(edges) else 0
    keys = [None] if by is None else _sort_keys(data["g"])
    if by is None:
        codes = np.zeros(len(n), dtype=np.int64)
    else:
        lookup = {k: i for i, k in enumerate(keys)}
        codes = np.asarray([lookup[g] for g in data["g"]], dtype=np.int64)
    groups = len(keys)
    low = np.zeros((groups, width + 1), dtype=np.int64)
    diff = np.zeros((groups, width + 1), dtype=np.int64)
    uncertain = np.zeros(groups, dtype=np.int64)
    if width:
        sure = placed
        np.add.at(low, (codes[sure], b_lo[sure] - first), n[sure])
        spread = ~sure
        g = codes[spread]
        np.add.at(diff, (g, np.clip(b_lo[spread] - first, 0, width)), n[spread])
        np.add.at(diff, (g, np.clip(b_hi[spread] - first + 1, 0, width)), -n[spread])
        np.add.at(uncertain, g, n[spread])
    high = low[:, :width] + np.cumsum(diff, axis=1)[:, :width]
    return Counts(
        by,
        every,
        tuple(keys),
        tuple(bucket_label(b, every) for b in range(first, first + width)),
        tuple(tuple(r) for r in low[:, :width].tolist()),
        tuple(tuple(r) for r in high.tolist()),
        tuple(uncertain.tolist()),
    )
