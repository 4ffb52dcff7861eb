"""Time text predicates, first queries on tags and models, and group_by + first/last vs polars.

Every query runs in this process on the same synthetic events (``_harness``), each library's
data prepared outside the timing (polars and pandas: the columns as strings, tags as a list
column for polars and as the ``;``-joined text for pandas). Warm times are the best of
several runs; a *first* query builds a fresh timeline each time, so its time includes the
index column it reads (reported beside the warm time). The printed ratio is aitimeline's
time over the peer's. Targets at 10^6 events: <= 1x polars, warm. The 5-way OR is also
timed against polars' ``str.contains_any`` (peer ``pl-any``: Aho-Corasick, one pass for
all words), which no query of five ``contains`` is asked to match.

Run: ``python benchmarks/bench_predicates.py`` (or ``make bench``). ``--sizes 1000 10000``
picks sizes; ``--quick`` runs only up to 10^5.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
import polars as pl

import aitimeline as at
from _harness import Table, best, check, chosen_sizes, once, size_arguments, synthetic_columns

WORDS = ("number 1", "number 22", "number 333", "number 4444", "number 55555")
PREFIX = "event number 99"
REGEX = "^event number [0-9]+7$"
TARGETS = {
    "5-way OR of title.contains": ("polars", 1.0),
    "title.startswith": ("polars", 1.0),
    "title.matches (regex)": ("polars", 1.0),
    "tags.contains (warm)": ("polars", 1.0),
    "model.isin (warm)": ("polars", 1.0),
    "group_by country + first/last (warm)": ("polars", 1.0),
}


def _first_and_last(tl: at.Timeline) -> dict[object, tuple[str, str]]:
    out = {}
    for key, group in tl.group_by("country").items():
        first, last = group.first(), group.last()
        assert first is not None  # noqa: S101 - a group is never empty
        assert last is not None  # noqa: S101 - as above
        out[key] = (first.id, last.id)
    return out


def run_size(n: int, results: Table) -> None:
    """Time every query at size *n*, appending rows to *results*."""
    columns = synthetic_columns(n, tags=True, fuzzy=0.1)
    tl = at.Timeline.from_columns(columns)
    ordered = tl.to_columns()  # the peers hold the rows in the timeline's order (first/last)
    pdf = pd.DataFrame(ordered)
    pl_df = pl.DataFrame(ordered).with_columns(
        pl.col("tags").str.split(";").list.eval(pl.element().filter(pl.element() != "")),
        pl.when(pl.col("model") == "").then(None).otherwise(pl.col("model")).alias("model"),
    )

    def time_three(
        name: str,
        ours: Callable[[], int],
        polars: Callable[[], int],
        pandas: Callable[[], int],
    ) -> None:
        sizes = {ours(), polars(), pandas()}
        check(len(sizes) == 1, f"{name} sizes {sizes}")
        t_ours = best(ours)
        results.add(n, name, "polars", t_ours, best(polars))
        results.add(n, name, "pandas", t_ours, best(pandas))

    # -- text --------------------------------------------------------------------------------
    words = at.any_(*(at.col("title").contains(w) for w in WORDS))
    any_word = pl.col("title").str.contains_any(list(WORDS))
    t_ac = best(lambda: pl_df.filter(any_word).height)
    check(pl_df.filter(any_word).height == len(tl.where(words)), "contains_any size")
    results.add(n, "5-way OR of title.contains", "pl-any", best(lambda: tl.where(words)), t_ac)
    time_three(
        "5-way OR of title.contains",
        lambda: len(tl.where(words)),
        lambda: (
            pl_df.filter(
                pl.any_horizontal(pl.col("title").str.contains(w, literal=True) for w in WORDS)
            ).height
        ),
        lambda: int(
            np.logical_or.reduce([pdf["title"].str.contains(w, regex=False) for w in WORDS]).sum()
        ),
    )
    time_three(
        "title.startswith",
        lambda: len(tl.where(at.col("title").startswith(PREFIX))),
        lambda: pl_df.filter(pl.col("title").str.starts_with(PREFIX)).height,
        lambda: int(pdf["title"].str.startswith(PREFIX).sum()),
    )
    time_three(
        "title.matches (regex)",
        lambda: len(tl.where(at.col("title").matches(REGEX))),
        lambda: pl_df.filter(pl.col("title").str.contains(REGEX)).height,
        lambda: int(pdf["title"].str.contains(re.compile(REGEX)).sum()),
    )

    # -- first queries on tags and on model (a fresh timeline each: the index is built) -------
    tags = at.col("tags").contains("reasoning")
    named = [m for m in columns["model"] if m]  # four models that some release has
    models = at.col("model").isin([named[k * (len(named) - 1) // 3] for k in range(4)])
    for name, p, polars, pandas in (
        (
            "tags.contains",
            tags,
            lambda: pl_df.filter(pl.col("tags").list.contains("reasoning")).height,
            lambda: int(pdf["tags"].str.contains("reasoning", regex=False).sum()),
        ),
        (
            "model.isin",
            models,
            lambda: pl_df.filter(pl.col("model").is_in(list(models.values))).height,  # type: ignore[attr-defined]
            lambda: int(pdf["model"].isin(list(models.values)).sum()),  # type: ignore[attr-defined]
        ),
    ):
        found = polars()  # type: ignore[no-untyped-call]  # the lambdas above
        check(len(tl.where(p)) == found > 0, f"{name}: rows found, as polars finds them")
        fresh = at.Timeline.from_columns(columns)
        t_first = once(lambda fresh=fresh, p=p: fresh.where(p))  # type: ignore[misc]
        results.add(n, f"{name} (first query, builds the column)", "", t_first, float("nan"))
        time_three(f"{name} (warm)", lambda p=p: len(tl.where(p)), polars, pandas)  # type: ignore[misc]

    # -- group_by country then first/last ------------------------------------------------------
    def polars_groups() -> dict[object, tuple[str, str]]:
        found = pl_df.group_by("country").agg(
            pl.col("id").first().alias("first"), pl.col("id").last().alias("last")
        )
        return {r["country"]: (r["first"], r["last"]) for r in found.iter_rows(named=True)}

    def pandas_groups() -> dict[object, tuple[str, str]]:
        found = pdf.groupby("country", sort=True)["id"].agg(["first", "last"])
        return {k: (r["first"], r["last"]) for k, r in found.iterrows()}

    fresh = at.Timeline.from_columns(columns)
    t_first = once(lambda: _first_and_last(fresh))
    results.add(n, "group_by country + first/last (first call)", "", t_first, float("nan"))
    check(_first_and_last(tl) == polars_groups() == pandas_groups(), "group_by first/last")
    t_ours = best(lambda: _first_and_last(tl))
    results.add(n, "group_by country + first/last (warm)", "polars", t_ours, best(polars_groups))
    results.add(n, "group_by country + first/last (warm)", "pandas", t_ours, best(pandas_groups))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark at each size and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_arguments(parser, [10**3, 10**4, 10**5, 10**6])
    args = parser.parse_args(argv)
    sizes = chosen_sizes(args)
    print(
        f"pandas {pd.__version__}; polars {pl.__version__}; numpy {np.__version__}; "
        f"python {sys.version.split()[0]}"
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
