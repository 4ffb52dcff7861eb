"""Time the query algebra on engines: Parquet through DuckDB (10^6 to 10^8 events) and Spark.

The data is synthetic, in aitimeline's columnar layout, written to Parquet in chunks of 10^7
rows (memory stays bounded while generating): exact days over ~11 years with one event in ten
dated to the month, 10 countries, 4 kinds, 0 to 2 tags of 3.

The query is a compound filter (country, kind, tag and a date range, with fuzzy dates) and
then counts by kind x month, through the public API::

    at.scan(path).where(p).counts(by="kind", every="month")

against the same query hand-written in DuckDB SQL on the same file (the TRUE rows of the same
filter, grouped by kind and first and last possible month). Target: <= 1.3x the hand-written
SQL at every size from 10^6 (below, the fixed cost of building and compiling the Ibis
expression, some 20 to 60 ms, dominates). The first call and the peak RSS of each are
measured in a fresh process; the warm times are the best of three, ours and the SQL's called
in turn in one process. The growth of time and memory per 10x is printed. Spark (local[2])
runs the same public query at 10^6 and 10^7 events, as a record of absolute times.

Run: ``python benchmarks/bench_engines.py`` (or ``make bench``). ``--sizes 1e6 1e7`` picks the
DuckDB sizes, ``--spark-sizes`` Spark's (``--spark-sizes`` with no value skips Spark);
``--quick`` runs DuckDB at 10^5 only, and Spark not at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import itertools
import multiprocessing as mp
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import aitimeline as at
from _harness import (
    COUNTRIES,
    FIRST_DAY,
    KINDS,
    QUICK_LIMIT,
    SPAN_DAYS,
    TAGS,
    Table,
    alternate,
    best_of,
    check,
    chosen_sizes,
    mib,
    once,
    peak_now,
    size_arguments,
)

CHUNK = 10_000_000
OPERATION = "at.scan().where().counts()"
PEER = "SQL"
TARGET = 1.3
EPOCH = dt.date(1970, 1, 1).toordinal()
PREDICATE = (
    (at.col("country") == "CN")
    & at.is_a("release")
    & at.tagged("reasoning")
    & at.col("when").between("2019-01", "2023-06")
)
HAND_SQL = """
SELECT kind,
       (year(when_earliest) - 1970) * 12 + month(when_earliest) - 1 AS m_lo,
       (year(when_start_latest) - 1970) * 12 + month(when_start_latest) - 1 AS m_hi,
       count(*) AS n
FROM read_parquet('{path}')
WHERE countries[1] = 'CN' AND kind = 'release' AND list_contains(tags, 'reasoning')
  AND when_earliest >= DATE '2019-01-01' AND when_latest <= DATE '2023-06-30'
GROUP BY ALL
"""


def _chunk(start: int, n: int, rng: np.random.Generator) -> pa.Table:
    """Return rows start..start+n of the synthetic data as an Arrow table in the layout."""
    first = FIRST_DAY.toordinal() - EPOCH
    day = np.sort(rng.integers(0, SPAN_DAYS, n)).astype(np.int32) + first
    month = rng.random(n) < 0.1
    dates = day.astype("datetime64[D]")
    month_start = dates.astype("datetime64[M]").astype("datetime64[D]").astype(np.int32)
    month_end = (dates.astype("datetime64[M]") + 1).astype("datetime64[D]").astype(np.int32) - 1
    earliest = np.where(month, month_start, day)
    latest = np.where(month, month_end, day)
    ids = pc.binary_join_element_wise(
        "e", pc.cast(pa.array(np.arange(start, start + n)), pa.string()), ""
    )
    n_tags = rng.integers(0, 3, n)
    offsets = np.concatenate([[0], np.cumsum(n_tags)]).astype(np.int32)
    tag_values = pa.array(TAGS).take(pa.array(rng.integers(0, len(TAGS), int(offsets[-1]))))
    date32 = pa.date32()
    return pa.table(
        {
            "kind": pa.array(KINDS).take(pa.array(rng.integers(0, len(KINDS), n))),
            "id": ids,
            "when_earliest": pa.array(earliest).cast(date32),
            "when_start_latest": pa.array(latest).cast(date32),
            "when_end_earliest": pa.array(earliest).cast(date32),
            "when_latest": pa.array(latest).cast(date32),
            "when_instant": pa.array(np.ones(n, dtype=bool)),
            "when_precision": pa.array(np.where(month, "month", "day")),
            "countries": pa.ListArray.from_arrays(
                pa.array(np.arange(n + 1, dtype=np.int32)),
                pa.array(COUNTRIES).take(pa.array(rng.integers(0, len(COUNTRIES), n))),
            ),
            "tags": pa.ListArray.from_arrays(pa.array(offsets), tag_values),
        }
    )


def write_events(path: Path, n: int, *, seed: int = 0) -> None:
    """Write *n* synthetic events to *path* in chunks of at most 10^7 rows."""
    rng = np.random.default_rng(seed)
    writer = None
    try:
        for start in range(0, n, CHUNK):
            table = _chunk(start, min(CHUNK, n - start), rng)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table, row_group_size=1_000_000)
    finally:
        if writer is not None:
            writer.close()


def _public(path: str, backend: str) -> tuple[int, ...]:
    counts = at.scan(path, backend=backend).where(PREDICATE).counts(by="kind", every="month")
    return tuple(v for row in counts.low for v in row)


def _hand(path: str, _backend: str) -> tuple[int, ...]:
    import duckdb  # noqa: PLC0415 - the peer

    rows = duckdb.connect().execute(HAND_SQL.format(path=path)).fetchall()
    placed = {(k, lo): n for k, lo, hi, n in rows if lo == hi}
    if not placed:
        return ()
    first, last = min(m for _, m in placed), max(m for _, m in placed)
    kinds = sorted({k for k, _ in placed})
    return tuple(placed.get((k, m), 0) for k in kinds for m in range(first, last + 1))


def _child(
    job: Callable[[str, str], tuple[int, ...]],
    path: str,
    backend: str,
    repeat: int,
    out: Any,  # noqa: ANN401 - a multiprocessing connection
) -> None:
    answers: list[tuple[int, ...]] = []
    # the first call: imports, connection, Spark session start
    first = once(lambda: answers.append(job(path, backend)))
    warm = best_of(functools.partial(job, path, backend), repeat) if repeat else first
    out.send((min(warm, first), first, peak_now() / 2**20, hash(answers[0])))


def measure(
    job: Callable[[str, str], tuple[int, ...]], path: Path, backend: str = "duckdb", repeat: int = 3
) -> tuple[float, float, float, int]:
    """Run *job* in a fresh process: (best warm seconds, first call, peak MiB, answer hash)."""
    ctx = mp.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(job, str(path), backend, repeat, send))
    process.start()
    result: tuple[float, float, float, int] = receive.recv()
    process.join()
    return result


def main() -> None:
    """Run the benchmark and print one line per size, then the growth per 10x."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_arguments(parser, [10**6, 10**7, 10**8])
    parser.add_argument(
        "--spark-sizes", nargs="*", type=lambda t: int(float(t)), default=[10**6, 10**7]
    )
    args = parser.parse_args()
    duck_sizes = chosen_sizes(args)
    spark_sizes = [n for n in args.spark_sizes if not args.quick or n <= QUICK_LIMIT]
    folder = Path(tempfile.mkdtemp(prefix="aitimeline-bench-"))
    table = Table({OPERATION: (PEER, TARGET)}, target_size=10**6)
    memory: list[tuple[int, float, float, float, float]] = []
    try:
        for n in sorted({*duck_sizes, *spark_sizes}):
            path = folder / f"events-{n}.parquet"
            start = time.perf_counter()
            write_events(path, n)
            print(
                f"n={n:.0e}: wrote {mib(path.stat().st_size)} of Parquet "
                f"in {time.perf_counter() - start:.1f} s"
            )
            if n in duck_sizes:
                _, ours_first, ours_mem, ours_hash = measure(_public, path, repeat=0)
                _, peer_first, peer_mem, peer_hash = measure(_hand, path, repeat=0)
                check(ours_hash == peer_hash, f"counts at n={n:.0e}, public API vs SQL")
                # warm times side by side in this process, so that a busy machine slows both
                public, hand = (
                    functools.partial(_public, str(path), "duckdb"),
                    functools.partial(_hand, str(path), "duckdb"),
                )
                public(), hand()
                ours, peer = alternate(public, hand, repeats=3)
                table.add(n, OPERATION, PEER, ours, peer)
                table.add(n, f"{OPERATION} first call", "", ours_first, float("nan"))
                table.add(n, "hand-written SQL first call", "", peer_first, float("nan"))
                print(
                    f"  duckdb  peak memory: ours {ours_mem:,.0f} MiB, "
                    f"hand-written SQL {peer_mem:,.0f} MiB; same counts"
                )
                memory.append((n, ours, ours_mem, peer, peer_mem))
            if n in spark_sizes:
                spark, spark_first, spark_mem, _ = measure(_public, path, "pyspark", repeat=1)
                table.add(n, f"{OPERATION} on Spark local[2]", "", spark, float("nan"))
                table.add(n, "Spark first call (session start)", "", spark_first, float("nan"))
                print(f"  spark   driver peak memory {spark_mem:,.0f} MiB")
            path.unlink()
        missed = table.report(unit="s")
        for (n0, t0, m0, p0, _), (n1, t1, m1, p1, _) in itertools.pairwise(memory):
            factor = np.log10(n1 / n0)
            print(
                f"growth per 10x from {n0:.0e} to {n1:.0e}: time x{(t1 / t0) ** (1 / factor):.1f} "
                f"(SQL x{(p1 / p0) ** (1 / factor):.1f}), "
                f"peak memory x{(m1 / m0) ** (1 / factor):.2f}"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if missed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
