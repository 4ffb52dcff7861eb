"""Time frontier_lag on 10^4 to 10^6 synthetic scores against a plain numpy reference.

Both sides get the same arrays in the same run. The reference is the bare algorithm, with no
input checks, no tie-break rules and no result object: a sort, a running maximum
(``np.maximum.accumulate``) and a binary search (``np.searchsorted``). The target is at most
2x the reference's time at 10^6 scores, and O(n log n) growth: the printed growth ratio
between sizes should stay near ``10 * log(10 n) / log(n)`` (about 11-12), far from 100.

Run with ``make bench`` or ``python benchmarks/bench_frontier.py``; ``--sizes 1e4 1e5`` picks
the sizes, ``--quick`` runs only up to 10^5.
"""

from __future__ import annotations

import argparse
import math
from typing import Literal

import numpy as np
import numpy.typing as npt
import pendulum

import aitimeline as at
from _harness import alternate, best_of, chosen_sizes, size_arguments, synthetic_scores
from aitimeline import Score

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

SIZES = (10_000, 100_000, 1_000_000)
REPEATS = 7
WINDOW_DAYS = 3_650
TOLERANCE = 0.02
EVENT_SIZE = 10_000


def reference_catch_up(ld: Ints, lv: Floats, fd: Ints, fv: Floats) -> Floats:
    """Lag of each leader record to the first follower score reaching it (bare numpy)."""
    lo = np.lexsort((-lv, ld))
    lvs = lv[lo]
    running = np.maximum.accumulate(lvs)
    rec = lo[np.concatenate(([True], lvs[1:] > running[:-1]))]
    fo = np.lexsort((-fv, fd))
    k = np.searchsorted(np.maximum.accumulate(fv[fo]), lv[rec] - TOLERANCE)
    ok = k < fo.size
    lags: Floats = (fd[fo[k[ok]]] - ld[rec[ok]]).astype(np.float64)
    return lags


def reference_daily(ld: Ints, lv: Floats, fd: Ints, fv: Floats) -> Floats:
    """Daily lag: days since the leader frontier was last within reach (bare numpy)."""
    lo = np.lexsort((-lv, ld))
    lvs = lv[lo]
    running = np.maximum.accumulate(lvs)
    keep = np.concatenate(([True], lvs[1:] > running[:-1]))
    rd, rv = ld[lo][keep], lvs[keep]
    fo = np.argsort(fd, kind="stable")
    best = np.maximum.accumulate(fv[fo])
    days = np.arange(WINDOW_DAYS)
    fi = np.searchsorted(fd[fo], days, side="right") - 1
    j = np.searchsorted(rd, days, side="right") - 1
    k = np.searchsorted(rv - TOLERANCE, best[np.maximum(fi, 0)], side="right")
    lag: Floats = np.where(k > j, 0.0, days - rd[np.minimum(k, rd.size - 1)] + 1.0)
    return lag


def event_level() -> None:
    """Time the full path from Score events, for information (no target)."""
    ld, lv, fd, fv = synthetic_scores(EVENT_SIZE, seed=7, span=WINDOW_DAYS)
    base = pendulum.Date(2015, 1, 1)
    events = [
        Score(
            id=f"{group}{i}",
            when=base.add(days=int(d)),
            title=f"{group}{i}",
            model=f"{group}{i}",
            metric="m",
            value=float(v),
            country=country,
        )
        for group, country, days, values in (("l", "US", ld, lv), ("f", "CN", fd, fv))
        for i, (d, v) in enumerate(zip(days, values, strict=True))
    ]
    tl = at.Timeline(events)
    us, cn = at.col("country") == "US", at.col("country") == "CN"
    seconds = best_of(
        lambda: at.frontier_lag(tl, metric="m", leader=us, follower=cn, tolerance=TOLERANCE)
    )
    print(
        f"\nfrontier_lag from {EVENT_SIZE:,} Score events "
        f"(predicates, arrays, result objects): {seconds * 1e3:.0f} ms"
    )


def timings(method: str, n: int) -> tuple[float, float]:
    """Return (ours, reference) seconds for *method* on *n* synthetic scores."""
    ld, lv, fd, fv = synthetic_scores(n, seed=n, span=WINDOW_DAYS)
    reference = reference_catch_up if method == "catch-up" else reference_daily
    kind: Literal["catch-up", "daily"] = "catch-up" if method == "catch-up" else "daily"
    return alternate(
        lambda: at.metrics.frontier_lag_arrays(
            ld, lv, fd, fv, tolerance=TOLERANCE, method=kind, start=0, end=WINDOW_DAYS - 1
        ),
        lambda: reference(ld, lv, fd, fv),
        REPEATS,
    )


def main() -> None:
    """Print times, ratios to the reference and growth between sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_arguments(parser, SIZES)
    sizes = chosen_sizes(parser.parse_args())
    print(f"{'method':<9} {'n':>10} {'ours ms':>9} {'numpy ms':>9} {'ratio':>6} {'growth':>7}")
    ratios: dict[str, float] = {}
    for method in ("catch-up", "daily"):
        previous: float | None = None
        for n in sizes:
            ours, ref = timings(method, n)
            growth = "" if previous is None else f"{ours / previous:7.1f}"
            print(
                f"{method:<9} {n:>10,} {ours * 1e3:9.1f} {ref * 1e3:9.1f} "
                f"{ours / ref:6.2f} {growth:>7}"
            )
            previous = ours
            ratios[method] = ours / ref
    if len(sizes) > 1:
        n_log_n = 10 * math.log(sizes[-1]) / math.log(sizes[-2])
        print(f"\nn log n growth per 10x: {n_log_n:.1f}; linear 10.0; quadratic 100")
    for method, ratio in ratios.items():
        verdict = "ok" if ratio <= 2.0 else "OVER TARGET"
        if sizes[-1] < SIZES[-1]:
            verdict = f"target applies at {SIZES[-1]:,}"
        print(
            f"{method} at {sizes[-1]:,}: {ratio:.2f}x the numpy reference (target <= 2x): {verdict}"
        )
    event_level()


if __name__ == "__main__":
    main()
