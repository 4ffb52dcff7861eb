"""Time lags over arrays and catch-up pairs against numpy and polars on synthetic timelines.

Every operation runs in this process on the same data; times are the best of several runs
(the first call, which builds the index columns it reads, is reported on its own row). The
printed ratio is aitimeline's time over the peer's (below 1: aitimeline is faster). Targets
at 10^6 events (about 10^5 leaders and 10^5 pairs):

- ``catch_up_pairs`` warm: <= 1x polars (filters, then ``join_asof`` forward on the day)
- ``lags`` over 10^5 pairs of positions: <= 1x numpy (day ordinals gathered and subtracted)

The peers hold exact days (polars and numpy have no fuzzy dates), so the data are exact
days; a second catch-up row with 10% of the dates known only to the month has no peer.

Run: ``python benchmarks/bench_lags.py`` (or ``make bench``). ``--sizes 10000 100000`` picks
sizes; ``--quick`` runs only up to 10^5.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
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
    "catch_up_pairs (warm)": ("polars", 1.0),
    "lags, positions": ("numpy", 1.0),
    "lags, ids (vs a polars join)": ("polars", 1.0),
}
LEADERS = ("US", "GB", "FR", "DE")
PAIRS = 10**5
Ints = npt.NDArray[np.int64]


def catch_up(tl: at.Timeline) -> at.CatchUpPairs:
    """Pair each release of the four leader countries with the next Chinese release."""
    return at.catch_up_pairs(
        tl,
        leader=at.col("country").isin(LEADERS),
        follower=at.col("country") == "CN",
        where=at.is_a(at.Release),
    )


def polars_catch_up(df: pl.DataFrame) -> pl.DataFrame:
    """Return leader, follower and lag in days: the same pairing as a forward as-of join."""
    releases = df.filter(pl.col("kind") == "release")
    leaders = releases.filter(pl.col("country").is_in(LEADERS)).sort("day", "id")
    followers = (
        releases.filter(pl.col("country") == "CN")
        .sort("day", "id")
        .select(pl.col("day"), pl.col("id").alias("follower"), pl.col("day").alias("f_day"))
    )
    pairs = leaders.join_asof(followers, on="day", strategy="forward")
    return pairs.select(
        "id", "follower", (pl.col("f_day") - pl.col("day")).dt.total_days().alias("lag")
    )


def side_by_side(
    ours: Callable[[], object], theirs: Callable[[], object], rounds: int = 5
) -> tuple[float, float]:
    """Return the best times of *ours* and *theirs*, timed in alternation.

    A busy machine then slows both alike.
    """
    times = [(best(ours, budget=0.1), best(theirs, budget=0.1)) for _ in range(rounds)]
    return min(t[0] for t in times), min(t[1] for t in times)


def run_size(n: int, results: Table) -> None:
    """Time every operation at size *n*, appending (n, operation, peer, ours, theirs)."""
    columns = synthetic_columns(n)
    tl = at.Timeline.from_columns(columns)
    df = pl.DataFrame(columns).with_columns(pl.col("when").str.to_date("%Y-%m-%d").alias("day"))

    # -- catch_up_pairs --------------------------------------------------------------------
    results.add(n, "catch_up_pairs (first call)", "", once(lambda: catch_up(tl)), float("nan"))
    ours = catch_up(tl)
    theirs = polars_catch_up(df)
    matched = theirs.filter(pl.col("follower").is_not_null())
    check(len(ours.pairs) == matched.height, "the number of pairs")
    check(len(ours.censored_leaders) == theirs.height - matched.height, "the censored leaders")
    check(list(ours.lag_days) == matched["lag"].cast(pl.Float64).to_list(), "the lags")
    sample = random.Random(1).sample(range(len(ours.pairs)), min(50, len(ours.pairs)))
    check(
        [(ours.pairs[k].leader.id, ours.pairs[k].follower.id) for k in sample]
        == [(matched["id"][k], matched["follower"][k]) for k in sample],
        "the paired ids",
    )
    results.add(
        n,
        "catch_up_pairs (warm)",
        "polars",
        *side_by_side(lambda: catch_up(tl), lambda: polars_catch_up(df)),
    )
    fuzzy = at.Timeline.from_columns(synthetic_columns(n, fuzzy=0.1))
    catch_up(fuzzy)
    results.add(n, "catch_up_pairs, 10% months (warm)", "", best(lambda: catch_up(fuzzy)), np.nan)

    # -- lags over arrays ------------------------------------------------------------------
    kinds = np.array(columns["kind"])
    usable = np.flatnonzero(kinds != "policy")  # a policy dates from its in_force, unset here
    rng = np.random.default_rng(0)
    size = min(PAIRS, n)
    a_pos = np.sort(rng.choice(usable, size))  # positions in the timeline (sorted ids = rows)
    b_pos = rng.choice(usable, size)
    ids = np.array(tl.ids)
    a_ids, b_ids = ids[a_pos].tolist(), ids[b_pos].tolist()
    day = np.array([at.When.coerce(w).earliest_ordinal for w in columns["when"]])
    last = day.copy()

    def numpy_lags(a: Ints, b: Ints) -> tuple[Ints, Ints]:
        return last[b] - day[a], day[b] - last[a]  # the peer's own lo/hi: exact days here

    results.add(
        n,
        "lags, ids (first call)",
        "",
        once(lambda: at.lags(a_ids, b_ids, timeline=tl)),
        float("nan"),
    )
    found = at.lags(a_pos, b_pos, timeline=tl)
    check(found.lo.tolist() == numpy_lags(a_pos, b_pos)[1].tolist(), "the lags")
    check(found.lo.tolist() == at.lags(a_ids, b_ids, timeline=tl).lo.tolist(), "ids and rows")
    t_numpy = best(lambda: numpy_lags(a_pos, b_pos))
    results.add(
        n, "lags, positions", "numpy", best(lambda: at.lags(a_pos, b_pos, timeline=tl)), t_numpy
    )
    results.add(n, "lags, ids", "numpy", best(lambda: at.lags(a_ids, b_ids, timeline=tl)), t_numpy)
    pairs = pl.DataFrame({"a": a_ids, "b": b_ids})  # the peer's ids are in a frame already
    days = pl.DataFrame({"id": ids.tolist(), "first": day, "last": last})

    def polars_lags() -> pl.DataFrame:
        """Look both ids up with two left joins, then subtract the days (the same lo/hi)."""
        a = days.rename({"id": "a", "first": "a_first", "last": "a_last"})
        b = days.rename({"id": "b", "first": "b_first", "last": "b_last"})
        joined = pairs.join(a, on="a", how="left", maintain_order="left").join(
            b, on="b", how="left", maintain_order="left"
        )
        return joined.select(
            lo=pl.col("b_first") - pl.col("a_last"), hi=pl.col("b_last") - pl.col("a_first")
        )

    check(polars_lags()["lo"].to_list() == found.lo.tolist(), "polars' lags of ids")
    results.add(
        n,
        "lags, ids (vs a polars join)",
        "polars",
        *alternate(lambda: at.lags(a_ids, b_ids, timeline=tl), polars_lags),
    )
    events = [tl[int(k)] for k in a_pos[:1000]]
    results.add(
        min(n, 1000),
        "lags, 10^3 built events",
        "",
        best(lambda: at.lags(events, events[::-1])),
        float("nan"),
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark at each size and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_arguments(parser, [10**4, 10**5, 10**6])
    args = parser.parse_args(argv)
    sizes = chosen_sizes(args)
    print(f"polars {pl.__version__}; numpy {np.__version__}; python {sys.version.split()[0]}")
    results = Table(TARGETS)
    started = time.perf_counter()
    for n in sizes:
        run_size(n, results)
    missed = results.report()
    print(f"total {time.perf_counter() - started:.1f}s; {missed} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
