"""The fast paths of a DataFrame's columns: blank columns read from offsets, parallel takes.

Laws checked here:

* **blank from offsets**: :func:`aitimeline._frame._blank` tells that every cell of a string
  array is ``""`` exactly when a pass over the cells does (slices and large strings
  included), and declines (None) when some cell is null.
* **parallel takes**: a view's ``to_pandas`` and ``to_columns`` are the same whether its
  columns are taken one after another or on several threads.
* **one pool**: ``parallel_map`` is ``map`` (a task on the pool that maps again runs its items
  in turn, with no deadlock); ``ordered_map`` makes a few results ahead of its caller, not
  all, and cancels what its caller leaves; a forked child makes a pool of its own.
* **beside**: ``beside(task, main)`` returns main's answer, and raises the task's error
  before main's.
"""

from __future__ import annotations

import os
import random
import threading
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline.strategies as ats
from aitimeline import Predicate, Timeline, _frame, _index, _store, _textcells, possibly

PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)


@PROPERTY
@given(
    cells=st.lists(st.sampled_from(["", "", "a", "é", None]), max_size=12),
    start=st.integers(min_value=0, max_value=12),
    length=st.integers(min_value=0, max_value=12),
    large=st.booleans(),
)
def test_blank_is_read_from_the_offsets(
    cells: list[str | None], start: int, length: int, large: bool
) -> None:
    """Tell an all-empty array (a slice of one too) from its offsets, as a pass would."""
    array = pa.array(cells, pa.large_string() if large else pa.string()).slice(start, length)
    found = _frame._blank(array)
    if array.null_count:
        assert found is None
        return
    assert found is (not pc.any(pc.not_equal(array, "")).as_py())


def test_blank_reads_chunks_and_declines_nulls() -> None:
    """Read each chunk of a chunked array; leave arrays with nulls to a pass over the cells."""
    assert _frame._blank(pa.chunked_array([["", ""], [""]])) is True
    assert _frame._blank(pa.chunked_array([["", ""], ["", "a"]])) is False
    assert _frame._blank(pa.chunked_array([["", ""], ["", None]])) is None
    assert _frame._blank(pa.chunked_array([], pa.string())) is True
    assert _frame._blank(pa.array(["", None])) is None
    assert _frame._blank(pa.array([1, 2])) is None
    assert _frame._blank(pa.array([], pa.string())) is True


@PROPERTY
@given(ats.timelines(events=ats.events()), ats.predicates(max_leaves=3))
def test_columns_taken_on_threads_are_those_taken_in_turn(tl: Timeline, p: Predicate) -> None:
    """Give a view the same frame and columns whether its columns are taken in parallel."""
    lazy = Timeline.from_columns(tl.to_columns())
    for timeline in (tl.where(possibly(p)), lazy.where(possibly(p))):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_textcells, "PARALLEL_ROWS", 1 << 62)
            one_by_one = timeline.to_pandas()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_textcells, "PARALLEL_ROWS", 0)
            patch.setattr(os, "cpu_count", lambda: 4)  # threads even on one core
            threaded = timeline.to_pandas()
        pd.testing.assert_frame_equal(one_by_one, threaded)
        assert list(one_by_one.columns) == [*timeline.to_columns(), *_frame.DERIVED_COLUMNS]


@PROPERTY
@given(ats.timelines(events=ats.events(), min_size=2), st.randoms(use_true_random=False))
def test_rows_sorted_on_threads_are_those_sorted_in_turn(tl: Timeline, rng: random.Random) -> None:
    """Build the same store from shuffled rows whether its columns are taken in parallel."""
    columns = tl.to_columns()
    order = list(range(len(tl)))
    rng.shuffle(order)
    shuffled = {name: [cells[i] for i in order] for name, cells in columns.items()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_store, "ARROW_ROWS", 0)  # the Arrow store at any size
        patch.setattr(_textcells, "PARALLEL_ROWS", 0)
        patch.setattr(os, "cpu_count", lambda: 4)
        threaded = Timeline.from_columns(shuffled)
        assert threaded.ids == tl.ids
        assert threaded.to_columns() == columns
    assert Timeline.from_columns(shuffled) == tl


@PROPERTY
@given(st.lists(st.integers(-1, 11), max_size=60), st.lists(st.booleans(), min_size=12))
def test_rows_of_a_few_codes_are_the_gathered_rows(codes: list[int], hits: list[bool]) -> None:
    """Compared code by code (a few hits) or gathered, the rows are ``table[codes]``."""
    column = _index.CategoryColumn.build([f"v{c}" if c >= 0 else None for c in codes])
    table = np.array([*hits[: len(column.values)], False])  # trailing False: a missing value
    assert column.rows(table).tolist() == table[column.codes].tolist()


@PROPERTY
@given(st.lists(st.integers(-50, 50), max_size=12), st.booleans())
def test_parallel_map_is_map_and_nested_calls_run_in_turn(items: list[int], nested: bool) -> None:
    """Give ``map``'s answer, in order, also when a task on the pool maps again (no deadlock)."""

    def square(x: int) -> int:
        return x * x

    def work(x: int) -> object:
        if nested:  # on a pool thread: the inner items run there, in turn
            return _textcells.parallel_map(square, list(range(x % 7)), rows=1 << 20)
        return square(x)

    expected = [work(x) for x in items]
    answer: list[object] = []
    runner = threading.Thread(
        target=lambda: answer.extend(_textcells.parallel_map(work, items, rows=1 << 20)),
        daemon=True,  # a deadlock would leave it waiting: the test fails instead of hanging
    )
    runner.start()
    runner.join(timeout=30)
    assert not runner.is_alive()
    assert answer == expected


def test_ordered_map_cancels_what_the_caller_leaves() -> None:
    """Cancel the items not yet begun when the caller stops reading (a writer that failed)."""
    started: list[int] = []

    def slow(x: int) -> int:
        started.append(x)
        time.sleep(0.01)
        return x

    results = _textcells.ordered_map(slow, list(range(200)), rows=1 << 20)
    assert next(results) == 0
    results.close()  # the writer stops: the generator's finally cancels the rest
    time.sleep(0.05)
    assert len(started) < 200


def test_ordered_map_makes_a_few_results_ahead_of_the_caller() -> None:
    """Make at most AHEAD results a thread ahead of the one read, in order, whatever is left."""
    started: list[int] = []
    workers = min(200, os.cpu_count() or 1)

    def noted(x: int) -> int:
        started.append(x)
        return x

    results = _textcells.ordered_map(noted, list(range(200)), rows=1 << 20)
    read = [next(results) for _ in range(3)]
    time.sleep(0.05)  # time enough to make everything, were it all submitted
    assert read == [0, 1, 2]
    if workers >= 2:
        assert len(started) <= 3 + _textcells.AHEAD * workers
    assert read + list(results) == list(range(200))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
def test_a_forked_child_makes_its_own_pool() -> None:
    """Map on threads in a child forked after the parent made its pool (whose threads it lacks)."""
    assert _textcells.parallel_map(abs, [-1, 2], rows=1 << 20) == [1, 2]  # the parent's pool
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            answer = _textcells.parallel_map(abs, [-3, 4], rows=1 << 20)
            os.write(write, b"ok" if answer == [3, 4] else b"wrong")
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as reply:
        said = reply.read()
    os.waitpid(child, 0)
    assert said == b"ok"


@pytest.mark.parametrize(
    ("task_fails", "main_fails"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_beside_returns_main_and_raises_the_tasks_error_first(
    task_fails: bool, main_fails: bool
) -> None:
    """Return main's answer; raise the task's error before main's, as if the task ran first."""

    def task() -> None:
        if task_fails:
            msg = "task"
            raise ValueError(msg)

    def main() -> int:
        if main_fails:
            msg = "main"
            raise KeyError(msg)
        return 7

    if task_fails:
        with pytest.raises(ValueError, match="task"):
            _textcells.beside(task, main)
    elif main_fails:
        with pytest.raises(KeyError, match="main"):
            _textcells.beside(task, main)
    else:
        assert _textcells.beside(task, main) == 7
