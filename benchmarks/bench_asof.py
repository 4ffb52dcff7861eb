"""Time as-of joins against polars ``join_asof`` and pandas ``merge_asof`` at 10^5 and 10^6 events.

Two synthetic timelines of *n* events each (the generator of ``_harness``: ~11 years, ten
countries) are joined backward, by country and without ``by``; every library gets the same
rows, sorted by day as it needs (outside the timing). aitimeline's time is
``left.as_of(right, by=...)`` with its index columns built (the first call, which builds
them, is reported on its own line); ours and polars are timed in turn, call for call, so that
a busy machine slows both alike. The matches are checked equal to pandas' on exact dates.
With 10% of the dates fuzzy (month precision) the peers have no answer to give: they are
timed on the rows' earliest days, and aitimeline also finds every candidate match.

Targets at 10^6 events: <= 1x polars on exact dates; <= 2x polars with 10% fuzzy dates.

Run: ``python benchmarks/bench_asof.py`` (or ``make bench``). ``--sizes 1e5`` picks sizes;
``--quick`` runs only up to 10^5. The exit status is the number of targets missed.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd
import polars as pl

import aitimeline as at
from _harness import (
    Table,
    alternate,
    best,
    check,
    chosen_sizes,
    once,
    size_arguments,
    synthetic_columns,
)

TARGETS = {
    "as_of by country": ("polars", 1.0),
    "as_of": ("polars", 1.0),
    "as_of by country, 10% fuzzy": ("polars", 2.0),
    "as_of, 10% fuzzy": ("polars", 2.0),
}


def frames(columns: dict[str, list[str]]) -> tuple[pd.DataFrame, pl.DataFrame]:
    """Return the pandas and polars frames of *columns*, sorted by day (earliest day if fuzzy)."""
    df = pd.DataFrame({k: columns[k] for k in ("id", "country")})
    df["day"] = pd.to_datetime([w if len(w) == 10 else f"{w}-01" for w in columns["when"]])
    df = df.sort_values(["day", "id"], kind="stable", ignore_index=True)
    return df, pl.from_pandas(df).with_columns(pl.col("day").cast(pl.Date))


Data = tuple[at.Timeline, at.Timeline, pd.DataFrame, pd.DataFrame, pl.DataFrame, pl.DataFrame]


def time_join(n: int, name: str, by: str | None, data: Data, results: Table) -> None:
    """Time one join (ours, polars, pandas) and check the matches against pandas'."""
    left, right, l_pd, r_pd, l_pl, r_pl = data
    first = once(lambda: left.as_of(right, by=by))
    results.add(n, f"{name} (first call: index)", "", first, float("nan"))

    def ours() -> object:
        return left.as_of(right, by=by)

    def polars() -> pl.DataFrame:
        return l_pl.join_asof(r_pl, on="day", by=by, strategy="backward", check_sortedness=False)

    def pandas() -> pd.DataFrame:
        return pd.merge_asof(l_pd, r_pd, on="day", by=by, direction="backward")

    repeats = 9 if n >= 10**6 else 15
    times = dict(zip(("ours", "polars"), alternate(ours, polars, repeats), strict=True))
    times["pandas"] = best(pandas, budget=1.0 if n >= 10**6 else 0.3, max_runs=7)
    table = left.as_of(right, by=by)
    if "fuzzy" not in name:
        expected = pandas().set_index("id")["match_id"]
        got = pd.Series(table.match_ids(), index=list(left.ids))
        same = expected.reindex(got.index).fillna("-").eq(got.fillna("-")).all()
        check(bool(same), f"{name}: matches against pandas.merge_asof")
        check(not table.ambiguous.any(), f"{name}: exact dates are never ambiguous")
    else:  # the candidate sets themselves are built on first read; count them when small
        counts = table.n_candidates if n <= 10**5 else None
        sets = "" if counts is None else f", {int(counts.sum()):,} candidates (max {counts.max()})"
        print(f"{n:>9}  {name}: {int(table.ambiguous.sum()):,} ambiguous rows{sets}")
    results.add(n, name, "polars", times["ours"], times["polars"])
    results.add(n, name, "pandas", times["ours"], times["pandas"])


def run_size(n: int, results: Table) -> None:
    """Time each join at size *n*, appending (n, operation, peer, ours, theirs) to *results*."""
    for fuzzy in (0.0, 0.1):
        left_cols = synthetic_columns(n, seed=1, fuzzy=fuzzy)
        right_cols = synthetic_columns(n, seed=2, fuzzy=fuzzy)
        left, right = at.Timeline.from_columns(left_cols), at.Timeline.from_columns(right_cols)
        (l_pd, l_pl), (r_pd, r_pl) = frames(left_cols), frames(right_cols)
        r_pd = r_pd.rename(columns={"id": "match_id"})
        r_pl = r_pl.rename({"id": "match_id"})
        data = (left, right, l_pd, r_pd, l_pl, r_pl)
        suffix = ", 10% fuzzy" if fuzzy else ""
        for by in ("country", None):
            time_join(n, f"as_of{' by country' if by else ''}{suffix}", by, data, results)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark at each size and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_arguments(parser, [10**5, 10**6])
    args = parser.parse_args(argv)
    sizes = chosen_sizes(args)
    print(
        f"aitimeline {at.__name__}; pandas {pd.__version__}; polars {pl.__version__}; "
        f"numpy {np.__version__}; python {sys.version.split()[0]}"
    )
    results = Table(TARGETS)
    started = time.perf_counter()
    for n in sizes:
        run_size(n, results)
    missed = results.report()
    print(f"total {time.perf_counter() - started:.1f}s; {missed} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
