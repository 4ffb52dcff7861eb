"""What every benchmark shares: synthetic data, timing, peak memory and the ratio table.

Benchmarks are scripts (``python benchmarks/bench_x.py``); this module sits beside them, so
``import _harness`` works when one runs. Every ratio is aitimeline's time over the peer's,
both measured in the same process on the same data (below 1: aitimeline is faster).
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing as mp
import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

COUNTRIES = ("US", "CN", "GB", "FR", "DE", "KR", "JP", "IL", "CA", "IN")
KINDS = ("release", "event", "policy", "milestone")
TAGS = ("reasoning", "open-weights", "multimodal")
FIRST_DAY = dt.date(2015, 1, 1)
SPAN_DAYS = 4_000


def synthetic_columns(
    n: int, *, seed: int = 0, shuffled: bool = False, fuzzy: float = 0.0, tags: bool = False
) -> dict[str, list[str]]:
    """Return *n* events as row-form columns: days over ~11 years, 10 countries, 4 kinds.

    Args:
        n: How many events.
        seed: The random seed.
        shuffled: Whether the rows come in random order rather than date order.
        fuzzy: The share of events dated to the month ("2024-03") rather than the day.
        tags: Whether to add a ``tags`` column (0 to 2 of :data:`TAGS`, ";"-separated).
    """
    rng = random.Random(seed)
    days = sorted(rng.randrange(SPAN_DAYS) for _ in range(n))
    order = list(range(n))
    if shuffled:
        rng.shuffle(order)
    first = FIRST_DAY.toordinal()
    date_text = {d: dt.date.fromordinal(first + d).isoformat() for d in set(days)}
    when = [date_text[d] if rng.random() >= fuzzy else date_text[d][:7] for d in days]
    kinds = [rng.choice(KINDS) for _ in range(n)]
    columns = {
        "id": [f"ev-{i:07d}" for i in order],
        "kind": [kinds[i] for i in order],
        "when": [when[i] for i in order],
        "country": [rng.choice(COUNTRIES) for _ in order],
        "title": [f"event number {i}" for i in order],
        "model": [f"model-{i}" if kinds[i] == "release" else "" for i in order],
    }
    if tags:
        columns["tags"] = [";".join(rng.sample(TAGS, rng.randrange(3))) for _ in order]
    return columns


def check(condition: bool, what: str) -> None:  # noqa: FBT001 - a plain check
    """Stop the benchmark if the libraries disagree on a result."""
    if not condition:
        msg = f"results differ: {what}"
        raise RuntimeError(msg)


def best(fn: Callable[[], object], *, budget: float = 0.3, max_runs: int = 200) -> float:
    """Return the best wall time of *fn* over repeated runs within about *budget* seconds."""
    gc.collect()
    times: list[float] = []
    deadline = time.perf_counter() + budget
    while len(times) < max_runs and (len(times) < 3 or time.perf_counter() < deadline):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def once(fn: Callable[[], object]) -> float:
    """Return the wall time of one call of *fn* (a first-call cost: nothing cached yet)."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _child(fn: Callable[[], object], queue: Any) -> None:  # noqa: ANN401 - an mp queue
    fn()
    queue.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def peak_rss(fn: Callable[[], object]) -> int:
    """Return the peak resident memory, in bytes, of a fresh process that runs *fn*.

    *fn* must be a module-level function (it is pickled to a ``spawn`` child), so the figure
    includes the interpreter and the libraries *fn* imports, as a user's process would.
    """
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, queue))
    proc.start()
    peak = int(queue.get())
    proc.join()
    return peak


@dataclass
class Table:
    """Rows of (size, operation, peer, ours, theirs) and the targets they are held to."""

    targets: dict[str, tuple[str, float]] = field(default_factory=dict)
    """Operation -> (peer, largest acceptable ratio) at :attr:`target_size` and above."""
    target_size: int = 10**6
    rows: list[tuple[int, str, str, float, float]] = field(default_factory=list)

    def add(self, n: int, operation: str, peer: str, ours: float, theirs: float) -> None:
        """Record one measurement; *peer* empty for a figure with no peer (theirs is nan)."""
        self.rows.append((n, operation, peer, ours, theirs))

    def report(self, unit: str = "ms") -> int:
        """Print the table of times and ratios; return how many targets were missed."""
        scale = {"ms": 1e3, "s": 1.0}[unit]
        head = f"{'events':>9}  {'operation':<44} {'peer':<7} {'ours':>11} {'peer':>11}"
        print(f"{head} {'ratio':>9}")
        missed = 0
        for n, operation, peer, ours, theirs in self.rows:
            if not peer:
                print(f"{n:>9}  {operation:<44} {'':<7} {ours * scale:>9.2f}{unit}")
                continue
            ratio = ours / theirs
            target = self.targets.get(operation)
            mark = ""
            if target is not None and target[0] == peer and n >= self.target_size:
                ok = ratio <= target[1]
                mark = f"  target <= {target[1]}x: {'met' if ok else 'MISSED'}"
                missed += not ok
            print(
                f"{n:>9}  {operation:<44} {peer:<7} {ours * scale:>9.3f}{unit} "
                f"{theirs * scale:>9.3f}{unit} {ratio:>8.3f}x{mark}"
            )
        return missed
