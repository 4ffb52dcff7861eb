"""What every benchmark shares: synthetic data, timing, memory, options and the ratio table.

Benchmarks are scripts (``python benchmarks/bench_x.py``); this module sits beside them, so
``import _harness`` works when one runs. Every ratio is aitimeline's time over the peer's,
both measured in the same process on the same data (below 1: aitimeline is faster); memory is
measured in a fresh process per library (:func:`peak_rss`, :func:`memory`). Every script
takes ``--sizes`` and ``--quick`` (:func:`size_arguments`), which ``make bench BENCH_ARGS=...``
passes on.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import datetime as dt
import gc
import importlib
import multiprocessing as mp
import random
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

COUNTRIES = ("US", "CN", "GB", "FR", "DE", "KR", "JP", "IL", "CA", "IN")
KINDS = ("release", "event", "policy", "milestone")
TAGS = ("reasoning", "agent", "multimodal")
"""Tags with no rule attached (a release tagged "open-weights" must say open_weights=true)."""
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


def synthetic_columns_numpy(
    n: int, *, seed: int = 0, shuffled: bool = False, fuzzy: float = 0.0, tags: bool = False
) -> dict[str, list[str]]:
    """Return *n* events drawn as :func:`synthetic_columns` draws them, generated with numpy.

    The same columns and distributions (uniform days over :data:`SPAN_DAYS`, kinds, countries,
    0 to 2 distinct tags in random order, one date in ``1 / fuzzy`` cut to its month), but
    not the same rows: the random streams differ. About ten times faster, for 10^7 events.
    Cells that repeat (kinds, countries, dates, tags) share one ``str`` object each, as
    :func:`synthetic_columns` shares its dates; ids, titles and models are distinct objects.
    """
    rng = np.random.default_rng(seed)
    days = np.sort(rng.integers(0, SPAN_DAYS, n))
    order = rng.permutation(n) if shuffled else np.arange(n)
    distinct, where = np.unique(days, return_inverse=True)
    day_text = np.datetime_as_string(np.datetime64(FIRST_DAY, "D") + distinct).astype(object)
    month_text = np.array([text[:7] for text in day_text], dtype=object)
    when = np.where(rng.random(n) >= fuzzy, day_text[where], month_text[where])
    kinds = np.array(KINDS, dtype=object)[rng.integers(0, len(KINDS), n)]
    model = np.full(n, "", dtype=object)
    released = np.flatnonzero(kinds == "release")
    model[released] = [f"model-{i}" for i in released.tolist()]
    positions = order.tolist()
    columns = {
        "id": [f"ev-{i:07d}" for i in positions],
        "kind": kinds[order].tolist(),
        "when": when[order].tolist(),
        "country": np.array(COUNTRIES, dtype=object)[rng.integers(0, len(COUNTRIES), n)].tolist(),
        "title": [f"event number {i}" for i in positions],
        "model": model[order].tolist(),
    }
    if tags:
        singles = np.array(TAGS, dtype=object)
        pairs = np.array([f"{a};{b}" for a in TAGS for b in TAGS if a != b], dtype=object)
        count = rng.integers(0, 3, n)
        one, two = singles[rng.integers(0, len(singles), n)], pairs[rng.integers(0, len(pairs), n)]
        columns["tags"] = np.where(count == 0, "", np.where(count == 1, one, two)).tolist()
    return columns


def synthetic_scores(
    n: int, seed: int, *, span: int = 3_650
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.float64]
]:
    """Return leader and follower days and scores: rising trends, the follower behind.

    Half the *n* scores are the leader's, half the follower's, on days ``0 .. span - 1``;
    a score is its day in years plus normal noise, the follower's half a point lower.
    """
    rng = np.random.default_rng(seed)
    half = n // 2
    ld = rng.integers(0, span, half).astype(np.int64)
    fd = rng.integers(0, span, n - half).astype(np.int64)
    lv = ld / 365 + rng.normal(0, 1, half)
    fv = fd / 365 - 0.5 + rng.normal(0, 1, n - half)
    return ld, lv, fd, fv


def pandas_frame(columns: dict[str, list[str]], *, categorical: bool) -> pd.DataFrame:
    """Return the DataFrame pandas queries run on (dates parsed once, outside the timing).

    *categorical*: whether country and kind are categoricals rather than strings.
    """
    import pandas as pd  # noqa: PLC0415 - a peer, imported only by the benchmarks that use it

    df = pd.DataFrame(columns)
    df["day"] = pd.to_datetime(df["when"], format="%Y-%m-%d")
    if categorical:
        df["country"] = df["country"].astype("category")
        df["kind"] = df["kind"].astype("category")
    return df


def polars_frame(columns: dict[str, list[str]]) -> pl.DataFrame:
    """Return the polars DataFrame the polars queries run on (a ``Date`` column ``day``)."""
    import polars as pl  # noqa: PLC0415 - a peer, imported only by the benchmarks that use it

    df = pl.DataFrame(columns)
    return df.with_columns(pl.col("when").str.to_date("%Y-%m-%d").alias("day"))


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


def best_of(fn: Callable[[], object], repeats: int = 7) -> float:
    """Return the best wall time of exactly *repeats* calls of *fn*, in seconds."""
    gc.collect()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def alternate(
    ours: Callable[[], object], theirs: Callable[[], object], repeats: int = 7
) -> tuple[float, float]:
    """Return the best times of *ours* and *theirs*, called in turn *repeats* times each.

    Interleaving the calls makes a busy neighbour (other jobs on the machine) slow both alike,
    so the ratio holds better than that of two runs one after the other.
    """
    a, b = [], []
    for _ in range(repeats):
        a.append(best_of(ours, 1))
        b.append(best_of(theirs, 1))
    return min(a), min(b)


def _status_kib(field_name: str) -> int | None:
    """Return a ``/proc/self/status`` field in KiB (``VmRSS``, ``VmHWM``), or None off Linux."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1])
    return None


def peak_now() -> int:
    """Return this process's peak resident memory so far, in bytes.

    ``VmHWM`` belongs to this process's own address space. ``ru_maxrss`` (the fallback off
    Linux) also keeps the high-water mark of the process it was forked from, so a child
    spawned by a large parent would report the parent's size.
    """
    kib = _status_kib("VmHWM")
    if kib is None:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux and BSD
    return kib * 1024


def rss_now() -> int:
    """Return this process's resident memory now, in bytes, after a collection.

    Memory freed but kept by the C allocator is handed back first (glibc ``malloc_trim``),
    so the figure is what the live objects hold, whatever the allocator's habits.
    """
    gc.collect()
    libc = ctypes.util.find_library("c")
    if libc is not None:
        trim = getattr(ctypes.CDLL(libc), "malloc_trim", None)
        if trim is not None:
            trim(0)
    kib = _status_kib("VmRSS")
    return (kib if kib is not None else 0) * 1024


def _child(fn: Callable[[], object], queue: Any) -> None:  # noqa: ANN401 - an mp queue
    fn()
    queue.put(peak_now())


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


@dataclass(frozen=True)
class Memory:
    """What a fresh process held while it ran a job, in bytes (see :func:`memory`)."""

    baseline: int
    """Resident memory of the interpreter with the job's libraries imported, before the job."""
    after: int
    """Resident memory after the job, while what it returned is still alive."""
    peak: int
    """The process's peak resident memory (interpreter, libraries, inputs and all)."""
    seconds: float
    """Wall time of the job."""

    @property
    def retained(self) -> int:
        """What the job's result holds: :attr:`after` minus :attr:`baseline`."""
        return self.after - self.baseline


def _memory_child(
    fn: Callable[[], object],
    imports: Sequence[str],
    warm: Callable[[], object] | None,
    queue: Any,  # noqa: ANN401 - an mp queue
) -> None:
    for name in imports:
        importlib.import_module(name)
    if warm is not None:
        warm()
    baseline = rss_now()
    start = time.perf_counter()
    kept = fn()
    seconds = time.perf_counter() - start
    after = rss_now()
    queue.put(Memory(baseline, after, peak_now(), seconds))
    del kept


def memory(
    fn: Callable[[], object],
    imports: Sequence[str] = (),
    warm: Callable[[], object] | None = None,
) -> Memory:
    """Run *fn* in a fresh process and return its :class:`Memory`.

    The child imports *imports* (module names), calls *warm* (the same job on a small input,
    so that modules imported lazily and one-time set-ups such as thread pools are in place)
    and measures its baseline; then it calls *fn*. What *fn* returns stays alive until the
    resident memory after it is measured, so *fn* returns what a user would keep (the table
    and the query's answer) and lets go of the rest (its input columns). *fn* and *warm*
    must be picklable (module-level functions, or ``functools.partial`` of them).
    """
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_memory_child, args=(fn, tuple(imports), warm, queue))
    proc.start()
    result: Memory = queue.get()
    proc.join()
    return result


def mib(n_bytes: float) -> str:
    """Format a byte count in MiB, as ``"1,234 MiB"``."""
    return f"{n_bytes / 2**20:,.0f} MiB"


QUICK_LIMIT = 10**5
"""The largest size ``--quick`` runs."""


def size_arguments(parser: argparse.ArgumentParser, default: Sequence[int]) -> None:
    """Add the options every benchmark takes: ``--sizes`` and ``--quick``.

    ``--sizes`` lists event counts (``1e6`` and ``1000000`` both work); ``--quick`` keeps the
    sizes up to 10^5, for a run of a few minutes at most (``make bench BENCH_ARGS=--quick``).
    """
    parser.add_argument(
        "--sizes",
        type=lambda text: int(float(text)),
        nargs="*",
        default=list(default),
        help=f"event counts to run (default: {' '.join(f'{s:g}' for s in default)})",
    )
    parser.add_argument("--quick", action="store_true", help="run only the sizes up to 10^5")


def chosen_sizes(args: argparse.Namespace) -> list[int]:
    """Return the sizes :func:`size_arguments` parsed, up to 10^5 with ``--quick``.

    With ``--quick``, a benchmark whose sizes are all larger runs at 10^5 alone, so that a
    quick run still runs every script once.
    """
    sizes: list[int] = args.sizes
    if not args.quick:
        return sizes
    return [n for n in sizes if n <= QUICK_LIMIT] or [QUICK_LIMIT]


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
