"""Time the level-averaged gap against a plain numpy reference, and the sensitivity table.

The level method (``frontier_lag_arrays(..., method="level")``) on 10^4 to 10^6 synthetic
scores is compared with the bare algorithm on the same arrays: a sort, a running maximum to
find each group's records, ``np.linspace`` for the levels and two binary searches
(``np.searchsorted``). Targets: at most 2x the reference at 10^6 scores, O(n log n) growth
(the printed ratio per 10x should stay near 11-12, far from 100), and
:func:`aitimeline.epoch.gap_sensitivity` over about 50 combinations on the ECI file in under
2 seconds.

Run with ``make bench`` or ``python benchmarks/bench_gaps.py``; ``--sizes 1e4 1e5`` picks the
sizes, ``--quick`` runs only up to 10^5.
"""

from __future__ import annotations

import argparse
import functools
import time

import numpy as np
import numpy.typing as npt

import aitimeline as at
from _harness import best_of, chosen_sizes, size_arguments, synthetic_scores
from aitimeline import epoch

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

SIZES = (10_000, 100_000, 1_000_000)
REPEATS = 7
WINDOW_DAYS = 3_650
LEVELS = 100


def _records(d: Ints, v: Floats) -> tuple[Ints, Floats]:
    order = np.lexsort((-v, d))
    vs = v[order]
    keep = np.concatenate(([True], vs[1:] > np.maximum.accumulate(vs)[:-1]))
    return d[order][keep], vs[keep]


def reference_level(ld: Ints, lv: Floats, fd: Ints, fv: Floats) -> Floats:
    """Gap at each of 100 levels, tolerance 0 (bare numpy)."""
    rd, rv = _records(ld, lv)
    sd, sv = _records(fd, fv)
    grid = np.linspace(max(rv[0], sv[0]), min(rv[-1], sv[-1]), LEVELS)
    lags: Floats = (sd[np.searchsorted(sv, grid)] - rd[np.searchsorted(rv, grid)]).astype(
        np.float64
    )
    return lags


def _ours(arrays: tuple[Ints, Floats, Ints, Floats]) -> object:
    return at.metrics.frontier_lag_arrays(*arrays, method="level", levels=LEVELS)


def main() -> None:
    """Print times, ratios to the reference, and growth per 10x; then the sensitivity table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_arguments(parser, SIZES)
    sizes = chosen_sizes(parser.parse_args())
    previous: tuple[float, float] | None = None
    print(f"{'n':>9} {'ours (s)':>10} {'numpy (s)':>10} {'ratio':>6} {'growth/10x (numpy)':>19}")
    for n in sizes:
        ld, lv, fd, fv = synthetic_scores(n, seed=n, span=WINDOW_DAYS)
        ours = at.metrics.frontier_lag_arrays(ld, lv, fd, fv, method="level", levels=LEVELS)
        assert ours.lag_days.tolist() == reference_level(ld, lv, fd, fv).tolist()  # noqa: S101
        arrays = (ld, lv, fd, fv)
        t_ours = best_of(functools.partial(_ours, arrays), REPEATS)
        t_ref = best_of(functools.partial(reference_level, *arrays), REPEATS)
        growth = (
            "" if previous is None else f"{t_ours / previous[0]:.1f} ({t_ref / previous[1]:.1f})"
        )
        print(f"{n:>9} {t_ours:>10.4f} {t_ref:>10.4f} {t_ours / t_ref:>6.2f} {growth:>19}")
        previous = (t_ours, t_ref)
    t = time.perf_counter()
    epoch.load("eci-scores-2026-02")
    epoch.load("eci-versions-2026-04")
    load_time = time.perf_counter() - t
    t = time.perf_counter()
    both = [epoch.gap_sensitivity(q) for q in ("open-vs-closed", "china-vs-us")]
    table_time = time.perf_counter() - t
    rows = sum(len(b) for b in both)
    print(
        f"gap_sensitivity: {rows} combinations in {table_time:.2f} s "
        f"({table_time / rows * 1000:.1f} ms each; loading both ECI files first took "
        f"{load_time:.2f} s); target under 2 s for about 50: "
        f"{'ok' if table_time / rows * 50 < 2 else 'SLOW'}"
    )


if __name__ == "__main__":
    main()
