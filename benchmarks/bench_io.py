"""Time building, DataFrames, CSV and JSON, and memory, against pandas and polars.

Every operation runs in this process on the same synthetic columns (``_harness``), ours and
the peer's timed alternately; the printed ratio is aitimeline's time over the peer's (below 1:
aitimeline is faster). Results are checked equal (ids, row counts) before they are reported.
Targets at 10^6 events (issue 15):

- building the timeline from columns: <= 3x ``pandas.DataFrame(columns)`` (also at 10^3)
- ``to_pandas`` whole, and of a 10% view: <= 1x polars (``to_pandas``, filter + ``to_pandas``)
- ``read_csv`` / ``read_json``: <= 3x polars (ours validates every cell); writing: <= 1x
- first query on a field outside the date index (``model``): reported, no peer
- peak memory of a process that builds the columns, the table and runs the first query:
  <= 1.5x polars doing the same (each in a fresh ``spawn`` process)

Run: ``python benchmarks/bench_io.py`` (``--sizes 1000 100000``; ``--quick``: up to 10^5;
``--files``: the CSV and JSON rows only).
Figures at 10^6 are noisy while other work runs: read them as indicative.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    "build from columns": ("pandas", 3.0),
    "to_pandas (whole)": ("polars", 1.0),
    "to_pandas (10% view)": ("polars", 1.0),
    "read_csv": ("polars", 3.0),
    "write_csv": ("polars", 1.0),
    "read_json": ("polars", 3.0),
    "write_json": ("polars", 1.0),
    "write_json (one line)": ("polars", 1.0),
    "peak memory after first query": ("polars", 1.5),
}


def _ours_memory(n: int) -> None:
    """Build the columns and the timeline, and run a first query (in a child process)."""
    columns = synthetic_columns(n)
    tl = at.Timeline.from_columns(columns)
    tl.where((at.col("country") == "CN") & (at.col("kind") == "release"))


def _polars_memory(n: int) -> None:
    """Build the columns and the polars table, and run the same query (in a child process)."""
    columns = synthetic_columns(n)
    df = pl.DataFrame(columns).with_columns(pl.col("when").str.to_date("%Y-%m", strict=False))
    df.filter((pl.col("country") == "CN") & (pl.col("kind") == "release"))


def _high_water(fn: Callable[[], object], queue: Any) -> None:  # noqa: ANN401 - an mp queue
    fn()
    status = Path("/proc/self/status")
    if status.exists():  # VmHWM starts afresh at exec; ru_maxrss keeps the parent's peak
        line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
        queue.put(int(line.split()[1]) * 1024)
    else:  # pragma: no cover - not Linux
        queue.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def peak_memory(fn: Callable[[], object]) -> int:
    """Return the peak resident memory, in bytes, of a fresh ``spawn`` process running *fn*."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_high_water, args=(fn, queue))
    proc.start()
    peak = int(queue.get())
    proc.join()
    return peak


def run_size(n: int, results: Table, folder: Path, *, files_only: bool = False) -> None:
    """Time every operation at size *n* (*files_only*: CSV and JSON), appending to *results*."""
    columns = synthetic_columns(n)
    budget = 1.0 if n >= 10**6 else 0.3
    runs = 3 if n >= 10**6 else 50
    tl = at.Timeline.from_columns(columns)
    df = pl.DataFrame(columns)
    if not files_only:
        run_frames(n, results, (columns, tl, df), budget=budget, runs=runs)
    run_files(n, results, folder, (columns, tl, df))
    if not files_only:
        ours = peak_memory(functools.partial(_ours_memory, n))
        peer = peak_memory(functools.partial(_polars_memory, n))
        results.add(n, "peak memory after first query", "polars", ours / 2**30, peer / 2**30)


def run_frames(
    n: int,
    results: Table,
    data: tuple[dict[str, list[str]], at.Timeline, pl.DataFrame],
    *,
    budget: float,
    runs: int,
) -> None:
    """Time building the timeline and its DataFrames at size *n* (the columns, tl and df)."""
    columns, tl, df = data
    # -- building ------------------------------------------------------------------------
    t_pd = best(lambda: pd.DataFrame(columns), budget=budget, max_runs=runs)
    t_ours = best(lambda: at.Timeline.from_columns(columns), budget=budget, max_runs=runs)
    results.add(n, "build from columns", "pandas", t_ours, t_pd)

    t_first = once(lambda: tl.where(at.col("model") == "model-5"))
    results.add(n, "first query on model (no index yet)", "", t_first, float("nan"))

    # -- DataFrames ----------------------------------------------------------------------
    t_first = once(tl.to_pandas)
    results.add(n, "to_pandas (whole, first call)", "", t_first, float("nan"))
    repeats = max(runs, 9)  # in turn, the same number of calls each (as the files' rows)
    t_ours, t_pl = alternate(tl.to_pandas, df.to_pandas, repeats)
    check(sorted(tl.to_pandas()["id"]) == sorted(df["id"].to_list()), "to_pandas ids")
    results.add(n, "to_pandas (whole)", "polars", t_ours, t_pl)

    view = tl.where(at.col("country") == "CN")
    t_ours, t_pl = alternate(
        view.to_pandas, lambda: df.filter(pl.col("country") == "CN").to_pandas(), repeats
    )
    ours_ids = sorted(view.to_pandas()["id"])
    check(ours_ids == sorted(df.filter(pl.col("country") == "CN")["id"]), "10% view ids")
    results.add(n, "to_pandas (10% view)", "polars", t_ours, t_pl)


def run_files(
    n: int,
    results: Table,
    folder: Path,
    data: tuple[dict[str, list[str]], at.Timeline, pl.DataFrame],
) -> None:
    """Time writing and reading CSV and JSON files of the columns, tl and df in *folder*.

    Writing is timed warm (ours and polars in turn, best of a few), its first call apart;
    a first ``write_json`` runs on a timeline nothing was asked of yet.
    """
    columns, tl, df = data
    # -- CSV ---------------------------------------------------------------------------
    repeats = 5 if n >= 10**6 else 7  # the disk is noisy: the best of five calls each
    ours_csv, peer_csv = folder / f"ours-{n}.csv", folder / f"peer-{n}.csv"
    t_first = once(lambda: at.io.write_csv(tl, ours_csv))  # the rows checked, cells to Arrow
    results.add(n, "write_csv (first call)", "", t_first, float("nan"))
    t_ours, t_pl = alternate(
        lambda: at.io.write_csv(tl, ours_csv), lambda: df.write_csv(peer_csv), repeats
    )
    results.add(n, "write_csv", "polars", t_ours, t_pl)
    t_ours, t_pl = alternate(  # in turn, best of a few, as read_json
        lambda: at.io.read_csv(ours_csv), lambda: pl.read_csv(peer_csv, infer_schema=False), repeats
    )
    check(at.io.read_csv(ours_csv).timeline.ids == tl.ids, "read_csv ids")
    check(pl.read_csv(peer_csv, infer_schema=False).height == n, "polars read_csv rows")
    results.add(n, "read_csv", "polars", t_ours, t_pl)

    # -- JSON ----------------------------------------------------------------------------
    ours_json, peer_json = folder / f"ours-{n}.json", folder / f"peer-{n}.json"
    fresh = at.Timeline.from_columns(columns)  # nothing made yet: the first call's own cost
    t_first = once(lambda: at.io.write_json(fresh, ours_json))
    results.add(n, "write_json (first call)", "", t_first, float("nan"))
    t_ours, t_pl = alternate(
        lambda: at.io.write_json(tl, ours_json), lambda: df.write_json(peer_json), repeats
    )
    results.add(n, "write_json", "polars", t_ours, t_pl)
    ours_line = folder / f"ours-{n}-line.json"  # one line, as polars writes it
    t_ours, t_pl = alternate(
        lambda: at.io.write_json(tl, ours_line, indent=None),
        lambda: df.write_json(peer_json),
        repeats,
    )
    results.add(n, "write_json (one line)", "polars", t_ours, t_pl)
    t_ours, t_pl = alternate(
        lambda: at.io.read_json(ours_json), lambda: pl.read_json(peer_json), repeats
    )
    check(at.io.read_json(ours_json).timeline.ids == tl.ids, "read_json ids")
    check(pl.read_json(peer_json).height == n, "polars read_json rows")
    results.add(n, "read_json", "polars", t_ours, t_pl)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark at each size and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_arguments(parser, [10**3, 10**4, 10**5, 10**6])
    parser.add_argument("--files", action="store_true", help="CSV and JSON rows only")
    args = parser.parse_args(argv)
    sizes = chosen_sizes(args)
    print(
        f"pandas {pd.__version__}; polars {pl.__version__}; numpy {np.__version__}; "
        f"python {sys.version.split()[0]} (memory rows: GiB, not seconds)"
    )
    results = Table(TARGETS)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            run_size(n, results, Path(folder), files_only=args.files)
    missed = results.report(unit="s")
    print(f"total {time.perf_counter() - started:.1f}s; targets missed: {missed}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
