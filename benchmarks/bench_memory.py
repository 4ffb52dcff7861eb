"""Memory and time of a timeline in memory at 10^6 and 10^7 events, beside pandas and polars.

1. Memory after the first query. Each library runs in a fresh process: it imports itself and
   runs the job once on 1,000 events (lazy imports, thread pools), the process's resident
   memory is read (the baseline), then the job generates the columns
   (``_harness.synthetic_columns_numpy``, the distributions of ``synthetic_columns`` drawn with
   numpy), builds its table (``Timeline.from_columns``; the DataFrames of
   ``bench_query.py``: pandas with datetime64 days and categorical country and kind, polars
   with a Date column), lets go of the input columns and runs the compound query of
   ``bench_query.py`` once. Reported: the process's peak resident memory (interpreter,
   libraries and input columns included, as a user's process would hold them) and the
   retained size (resident memory after the query, the table and the answer alive, minus the
   baseline). Target: retained <= 1.5x polars. The libraries' own estimates (polars
   ``estimated_size``, pandas ``memory_usage(deep=True)``) are printed beside, as a check.
2. Time. One process holds the three tables built from the same columns and times the
   compound filter, the date range and the counts by country x quarter, ours and each peer's
   called in turn (best of several), after a first call that builds the index columns
   (reported apart). Target: <= 1x the best peer for each.

The growth of each figure per 10x (10^6 -> 10^7) is printed. At 10^7 the machine needs about
6 GiB free (the time process holds the input columns and all three tables).

Run: ``python benchmarks/bench_memory.py`` (or ``make bench``). ``--sizes 1e5 1e6`` picks sizes;
``--quick`` runs at 10^5 only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import itertools
import math
import sys
import time
from collections.abc import Callable
from typing import Any

from _harness import (
    Memory,
    Table,
    alternate,
    check,
    chosen_sizes,
    memory,
    mib,
    once,
    pandas_frame,
    polars_frame,
    size_arguments,
    synthetic_columns_numpy,
)

QUERY_START = dt.date(2024, 1, 1)
QUERY_END = QUERY_START + dt.timedelta(days=99)  # 100 days, both ends inclusive, as bench_query
MEMORY_TARGET = 1.5
TARGETS = {
    "compound filter": ("polars", 1.0),
    "date range": ("pandas", 1.0),
    "counts country x quarter": ("pandas", 1.0),
}
LIBRARIES = ("aitimeline", "pandas", "polars")
REPEATS = 5
WARM_N = 1_000
"""Each memory process runs its job on this many events first, before its baseline."""

# -- the queries, one per library (the libraries are imported lazily: see hold()) ------------


def ours_compound(tl: Any) -> Any:  # noqa: ANN401 - a Timeline; aitimeline is imported lazily
    """The compound filter of bench_query.py: country, kind and a 100-day range."""
    import aitimeline as at  # noqa: PLC0415

    when = at.col("when").between(QUERY_START.isoformat(), QUERY_END.isoformat())
    return tl.where((at.col("country") == "CN") & at.is_a("release") & when)


def pandas_compound(df: Any) -> Any:  # noqa: ANN401 - a DataFrame, pandas imported lazily
    """The compound filter with boolean masks."""
    import pandas as pd  # noqa: PLC0415

    day = df["day"]
    mask = (df["country"] == "CN") & (df["kind"] == "release")
    return df[mask & (day >= pd.Timestamp(QUERY_START)) & (day <= pd.Timestamp(QUERY_END))]


def polars_compound(df: Any) -> Any:  # noqa: ANN401 - a DataFrame, polars imported lazily
    """The compound filter as one polars expression."""
    import polars as pl  # noqa: PLC0415

    return df.filter(
        (pl.col("country") == "CN")
        & (pl.col("kind") == "release")
        & pl.col("day").is_between(QUERY_START, QUERY_END)
    )


def build(library: str, columns: dict[str, list[str]]) -> Any:  # noqa: ANN401 - any table
    """Return *library*'s table of *columns*."""
    if library == "pandas":
        return pandas_frame(columns, categorical=True)
    if library == "polars":
        return polars_frame(columns)
    import aitimeline as at  # noqa: PLC0415

    return at.Timeline.from_columns(columns)


COMPOUND: dict[str, Callable[[Any], Any]] = {
    "aitimeline": ours_compound,
    "pandas": pandas_compound,
    "polars": polars_compound,
}


def hold(library: str, n: int) -> tuple[object, object]:
    """Build *library*'s table of *n* events, drop the input, query once; return what is kept."""
    columns = synthetic_columns_numpy(n)
    table = build(library, columns)
    del columns
    return table, COMPOUND[library](table)


def measure_memory(n: int) -> dict[str, Memory]:
    """Return each library's :class:`Memory` at *n* events, each in a fresh process."""
    imports = {"aitimeline": ["aitimeline"], "pandas": ["pandas"], "polars": ["polars"]}
    return {
        lib: memory(
            functools.partial(hold, lib, n), imports[lib], functools.partial(hold, lib, WARM_N)
        )
        for lib in LIBRARIES
    }


def time_queries(n: int, table: Table, estimates: dict[str, int]) -> dict[str, float]:
    """Time the three queries at *n* events in this process; return every time by name.

    Also put in *estimates* what pandas and polars say their tables take, in bytes.
    """
    import pandas as pd  # noqa: PLC0415
    import polars as pl  # noqa: PLC0415

    columns = synthetic_columns_numpy(n)
    built: dict[str, Any] = {}
    times: dict[str, float] = {}
    for library in LIBRARIES:
        gc.collect()
        start = time.perf_counter()
        built[library] = build(library, columns)
        times[f"build {library}"] = time.perf_counter() - start
    del columns
    tl, df, pl_df = (built[lib] for lib in LIBRARIES)
    estimates["pandas"] = int(df.memory_usage(deep=True).sum())
    estimates["polars"] = int(pl_df.estimated_size())
    for peer in ("pandas", "polars"):
        ours, theirs = times["build aitimeline"], times[f"build {peer}"]
        table.add(n, "build the queried table", peer, ours, theirs)

    times["first compound query"] = once(lambda: ours_compound(tl))
    table.add(n, "first compound query (builds index)", "", times["first compound query"], math.nan)
    sizes = {len(ours_compound(tl)), len(pandas_compound(df)), len(polars_compound(pl_df))}
    check(len(sizes) == 1, f"compound filter sizes {sizes}")
    peer_compound = {
        "pandas": functools.partial(pandas_compound, df),
        "polars": functools.partial(polars_compound, pl_df),
    }
    for peer, compound in peer_compound.items():
        ours, theirs = alternate(functools.partial(ours_compound, tl), compound, REPEATS)
        table.add(n, "compound filter", peer, ours, theirs)
        times[f"compound filter {peer}"], times["compound filter"] = theirs, ours

    a, b = QUERY_START.isoformat(), QUERY_END.isoformat()
    ts_a, ts_b = pd.Timestamp(QUERY_START), pd.Timestamp(QUERY_END)

    def pandas_range() -> Any:  # noqa: ANN401 - a DataFrame
        return df[(df["day"] >= ts_a) & (df["day"] <= ts_b)]

    def polars_range() -> Any:  # noqa: ANN401 - a DataFrame
        return pl_df.filter(pl.col("day").is_between(QUERY_START, QUERY_END))

    check(len(tl.between(a, b)) == len(pandas_range()) == len(polars_range()), "date range sizes")
    for peer, in_range in (("pandas", pandas_range), ("polars", polars_range)):
        ours, theirs = alternate(lambda: tl.between(a, b), in_range, REPEATS)
        table.add(n, "date range", peer, ours, theirs)
        times[f"date range {peer}"], times["date range"] = theirs, ours

    def pandas_counts() -> Any:  # noqa: ANN401 - a Series
        return df.groupby(["country", df["day"].dt.to_period("Q")], observed=True).size()

    def polars_counts() -> object:
        return pl_df.group_by("country", pl.col("day").dt.truncate("1q").alias("quarter")).len()

    times["first counts"] = once(lambda: tl.counts(by="country", every="quarter"))
    table.add(n, "first counts (builds index)", "", times["first counts"], math.nan)
    counts = tl.counts(by="country", every="quarter")
    check(sum(map(sum, counts.low)) == int(pandas_counts().sum()) == n, "count totals")
    for peer, count in (("pandas", pandas_counts), ("polars", polars_counts)):
        ours, theirs = alternate(lambda: tl.counts(by="country", every="quarter"), count, REPEATS)
        table.add(n, "counts country x quarter", peer, ours, theirs)
        times[f"counts country x quarter {peer}"], times["counts country x quarter"] = theirs, ours
    return times


def report_memory(
    results: dict[int, dict[str, Memory]], estimates: dict[int, dict[str, int]]
) -> int:
    """Print the memory table; return how many targets were missed."""
    print(
        f"{'events':>9}  {'library':<11} {'peak':>10} {'retained':>10} {'own estimate':>13} "
        f"{'retained / polars':>18}"
    )
    missed = 0
    for n, by_library in results.items():
        polars = by_library["polars"].retained
        for library, m in by_library.items():
            estimate = estimates[n].get(library)
            ratio = m.retained / polars
            mark = ""
            if library == "aitimeline":
                ok = ratio <= MEMORY_TARGET
                missed += not ok
                mark = f"  target <= {MEMORY_TARGET}x: {'met' if ok else 'MISSED'}"
            print(
                f"{n:>9}  {library:<11} {mib(m.peak):>10} {mib(m.retained):>10} "
                f"{mib(estimate) if estimate is not None else '':>13} {ratio:>17.2f}x{mark}"
            )
    return missed


def report_growth(
    results: dict[int, dict[str, Memory]], times: dict[int, dict[str, float]]
) -> None:
    """Print each figure's growth per 10x between consecutive sizes."""
    for n0, n1 in itertools.pairwise(sorted(results)):
        per_10x = 1 / math.log10(n1 / n0)
        print(f"growth per 10x from {n0:.0e} to {n1:.0e}:")
        for library in LIBRARIES:
            m0, m1 = results[n0][library], results[n1][library]
            print(
                f"  {library:<11} peak memory x{(m1.peak / m0.peak) ** per_10x:.2f}, "
                f"retained x{(m1.retained / m0.retained) ** per_10x:.2f}"
            )
        for name in sorted(times[n0]):
            t0, t1 = times[n0][name], times[n1][name]
            print(f"  {name:<36} time x{(t1 / t0) ** per_10x:.1f}")


def main(argv: list[str] | None = None) -> int:
    """Run both parts at each size and print the tables; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_arguments(parser, [10**6, 10**7])
    sizes = chosen_sizes(parser.parse_args(argv))
    started = time.perf_counter()
    results: dict[int, dict[str, Memory]] = {}
    estimates: dict[int, dict[str, int]] = {}
    times: dict[int, dict[str, float]] = {}
    table = Table(TARGETS, target_size=min(sizes))
    for n in sizes:
        results[n] = measure_memory(n)
        estimates[n] = {}
        times[n] = time_queries(n, table, estimates[n])
        print(f"n={n:.0e} done after {time.perf_counter() - started:.0f} s", flush=True)
    missed = report_memory(results, estimates)
    missed += table.report()
    report_growth(results, times)
    print(f"total {time.perf_counter() - started:.1f}s")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
