"""Time timeline queries against pandas and polars on synthetic timelines of 10^3 to 10^6 events.

Every query runs in this process on the same data, prepared the best way each library allows
(pandas: datetime64 dates and categorical or string columns, whichever is faster; polars: a
Date column and strings). Times are the best of several runs; the printed ratio is
aitimeline's time over the peer's (below 1: aitimeline is faster). Targets at 10^6 events:

- compound filter (country, kind, 100-day date range): <= 0.5x polars
- date-range query (100 days): <= 0.05x pandas
- counts by country per quarter: <= 1x pandas
- building the timeline from columns or a DataFrame: <= 3x building the pandas DataFrame

Run: ``python benchmarks/bench_query.py`` (or ``make bench``). ``--sizes 1000 10000`` picks
sizes; ``--quick`` runs only up to 10^5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

import aitimeline as at
from _harness import (
    Table,
    best,
    check,
    chosen_sizes,
    pandas_frame,
    polars_frame,
    size_arguments,
    synthetic_columns,
)
from aitimeline._events import Release

QUERY_START = dt.date(2024, 1, 1)
QUERY_END = QUERY_START + dt.timedelta(days=99)  # 100 days, both ends inclusive
TARGETS = {
    "compound filter": ("polars", 0.5),
    "date range": ("pandas", 0.05),
    "counts country x quarter": ("pandas", 1.0),
    "build from columns (sorted)": ("pandas", 3.0),
    "build from columns (shuffled)": ("pandas", 3.0),
    "build from DataFrame": ("pandas", 3.0),
}


def run_size(n: int, results: Table) -> None:  # noqa: PLR0915 - one benchmark, read top to bottom
    """Time every query at size *n*, appending (n, query, peer, ours, theirs) to *results*."""
    columns = synthetic_columns(n)
    shuffled = synthetic_columns(n, shuffled=True)
    a, b = QUERY_START.isoformat(), QUERY_END.isoformat()
    ts_a, ts_b = pd.Timestamp(QUERY_START), pd.Timestamp(QUERY_END)

    # -- building ------------------------------------------------------------------------
    budget = 1.0 if n >= 10**6 else 0.3
    t_pd_build = best(lambda: pd.DataFrame(columns), budget=budget, max_runs=5)
    t_build = best(lambda: at.Timeline.from_columns(columns), budget=budget, max_runs=5)
    results.add(n, "build from columns (sorted)", "pandas", t_build, t_pd_build)
    t_pd_shuf = best(lambda: pd.DataFrame(shuffled), budget=budget, max_runs=5)
    t_shuf = best(lambda: at.Timeline.from_columns(shuffled), budget=budget, max_runs=5)
    results.add(n, "build from columns (shuffled)", "pandas", t_shuf, t_pd_shuf)
    raw = pd.DataFrame(columns)
    t_from_df = best(lambda: at.Timeline.from_pandas(raw), budget=budget, max_runs=5)
    results.add(n, "build from DataFrame", "pandas", t_from_df, t_pd_build)

    tl = at.Timeline.from_columns(columns)
    df_str = pandas_frame(columns, categorical=False)
    df_cat = pandas_frame(columns, categorical=True)
    pl_df = polars_frame(columns)

    # one-time index columns, built lazily on first use (reported, not part of query times)
    compound = (at.col("country") == "CN") & at.is_a(Release) & at.col("when").between(a, b)
    start = time.perf_counter()
    tl.where(compound)
    t_index = time.perf_counter() - start
    results.add(n, "first compound query (builds index)", "", t_index, float("nan"))

    # -- compound filter -----------------------------------------------------------------
    t_ours = best(lambda: tl.where(compound))

    def pandas_compound(df: pd.DataFrame) -> pd.DataFrame:
        mask = (df["country"] == "CN") & (df["kind"] == "release")
        return df[mask & (df["day"] >= ts_a) & (df["day"] <= ts_b)]

    def polars_compound() -> pl.DataFrame:
        return pl_df.filter(
            (pl.col("country") == "CN")
            & (pl.col("kind") == "release")
            & pl.col("day").is_between(QUERY_START, QUERY_END)
        )

    t_pd = min(best(lambda: pandas_compound(df_str)), best(lambda: pandas_compound(df_cat)))
    t_pl = best(polars_compound)
    sizes = {len(tl.where(compound)), len(pandas_compound(df_str)), len(polars_compound())}
    check(len(sizes) == 1, f"compound filter sizes {sizes}")
    results.add(n, "compound filter", "polars", t_ours, t_pl)
    results.add(n, "compound filter", "pandas", t_ours, t_pd)

    # -- date range ----------------------------------------------------------------------
    t_ours = best(lambda: tl.between(a, b))

    def pandas_range() -> pd.DataFrame:
        return df_str[(df_str["day"] >= ts_a) & (df_str["day"] <= ts_b)]

    def polars_range() -> pl.DataFrame:
        return pl_df.filter(pl.col("day").is_between(QUERY_START, QUERY_END))

    sizes = {len(tl.between(a, b)), len(pandas_range()), len(polars_range())}
    check(len(sizes) == 1, f"date range sizes {sizes}")
    results.add(n, "date range", "pandas", t_ours, best(pandas_range))
    results.add(n, "date range", "polars", t_ours, best(polars_range))

    # -- counts by country per quarter ---------------------------------------------------
    tl.counts(by="country", every="quarter")  # index columns built once, as above
    t_ours = best(lambda: tl.counts(by="country", every="quarter"))

    def pandas_counts(df: pd.DataFrame) -> pd.Series[Any]:
        return df.groupby(["country", df["day"].dt.to_period("Q")], observed=True).size()

    def polars_counts() -> pl.DataFrame:
        quarter = pl.col("day").dt.truncate("1q").alias("quarter")
        return pl_df.group_by("country", quarter).len()

    counts = tl.counts(by="country", every="quarter")
    check(sum(map(sum, counts.low)) == int(pandas_counts(df_str).sum()) == n, "count totals")
    t_pd = min(best(lambda: pandas_counts(df_str)), best(lambda: pandas_counts(df_cat)))
    results.add(n, "counts country x quarter", "pandas", t_ours, t_pd)
    results.add(n, "counts country x quarter", "polars", t_ours, best(polars_counts))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark at each size and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_arguments(parser, [10**3, 10**4, 10**5, 10**6])
    sizes = chosen_sizes(parser.parse_args(argv))
    print(
        f"aitimeline {at.__name__}; pandas {pd.__version__}; polars {pl.__version__}; "
        f"numpy {np.__version__}; python {sys.version.split()[0]}"
    )
    results = Table(TARGETS)
    started = time.perf_counter()
    for n in sizes:
        run_size(n, results)
    missed = results.report()
    print(f"total {time.perf_counter() - started:.1f}s; targets missed: {missed}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
