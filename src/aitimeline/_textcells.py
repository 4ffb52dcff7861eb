"""Columns of text cells held as Arrow string arrays, and the tests a row store runs on them.

Layer: beside ``_strings`` (numpy, and pyarrow loaded when used); ``_cellfields`` and
``_store`` read a row store's text columns through it. A column whose cells are all ``str``
(or None) is held as one Arrow string array (:func:`text_array`): about 4 bytes of offset and
the UTF-8 bytes a cell, where an object array holds a pointer and a Python ``str`` (about 60
bytes more). Any other column (a number, a NaN, ``bytes`` among the cells) stays an object
array, read cell by cell as before.

**Same reading as Python's.** A null cell (None) reads as the empty text, as
``cell_text(None)`` does; the tests here give per cell what the Python test gives on that
text: :func:`failed_text` is ``not text.strip()`` (with :data:`PY_SPACE`, the characters
``str.strip`` removes), :func:`failed_match` is ``not re.fullmatch(pattern, text)`` for an
ASCII pattern that RE2 reads as Python does (character classes, ``*``, ``+``).
"""

from __future__ import annotations

import collections
import itertools
import os
import threading
from collections.abc import Callable, Generator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Final, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "ARROW_ROWS",
    "PARALLEL_ROWS",
    "PY_SPACE",
    "CellArray",
    "beside",
    "failed_blank",
    "failed_match",
    "failed_text",
    "is_text_array",
    "ordered_map",
    "parallel_map",
    "plain_texts",
    "release_unused",
    "take_cells",
    "take_columns",
    "text_array",
    "text_bytes",
    "text_codes_arrow",
    "text_offsets",
    "threads_pay",
]

Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]
_T = TypeVar("_T")
_R = TypeVar("_R")
CellArray: TypeAlias = "npt.NDArray[np.object_] | pa.Array"
"""A column's cells: an object array, or an Arrow array."""

ARROW_ROWS: Final = 4096
"""From this many rows a column of text is held in Arrow (below it, its object array is
cheaper to make, and Arrow's pool is left alone): memory matters for large tables only."""

PY_SPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
"""Every character ``str.isspace`` (and so ``str.strip``) takes for white space.

>>> "".join(c for c in map(chr, range(0x3001)) if c.isspace()) == PY_SPACE
True
"""


def is_text_array(cells: object) -> bool:
    """Tell whether *cells* is an Arrow array of strings (a column held in Arrow)."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    return isinstance(cells, pa.Array) and (
        pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type)
    )


def text_array(values: Sequence[object] | npt.NDArray[np.generic]) -> pa.Array | None:
    """Return *values* as an Arrow string array if every cell is ``str`` or None, else None.

    One pass at C speed (``pyarrow.array`` infers the type: ``bytes``, numbers and NaN make
    it refuse or infer another type). None cells are nulls; a column of only None is not
    held in Arrow (nothing to save).

    >>> text_array(["a", None]).to_pylist(), text_array(["a", 1]), text_array(["a", b"b"])
    (['a', None], None, None)
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    if len(values) == 0:
        return None
    if isinstance(values, np.ndarray) and values.dtype.kind not in "OU":
        return None  # numbers: their text is cell_text's, not Arrow's
    try:
        array = pa.array(values, from_pandas=False)
    except (pa.ArrowException, UnicodeError, OverflowError, TypeError, ValueError):
        return None
    if isinstance(array, pa.ChunkedArray):  # past 2 GiB of text
        array = array.cast(pa.large_string()).combine_chunks()
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return array
    return None


def plain_texts(cells: pa.Array) -> pa.Array:
    """Return *cells* with every null made the empty text (what ``cell_text(None)`` reads)."""
    return cells.fill_null("") if cells.null_count else cells


def text_codes_arrow(cells: pa.Array) -> tuple[npt.NDArray[np.signedinteger], list[str]]:
    """Return a code per cell for its text and the distinct texts in order of first use.

    As ``_cellfields.text_codes`` does for Python cells: None and ``""`` share a code.

    >>> import pyarrow as pa
    >>> codes, texts = text_codes_arrow(pa.array(["b", None, "b", ""]))
    >>> codes.tolist(), texts
    ([0, 1, 0, 1], ['b', ''])
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    encoded = pc.dictionary_encode(plain_texts(cells))
    codes: npt.NDArray[np.signedinteger] = encoded.indices.to_numpy(zero_copy_only=False)
    return codes, encoded.dictionary.to_pylist()  # Arrow's 32-bit codes, not copied


def release_unused(n: int) -> None:
    """Hand the memory Arrow's pool keeps from freed arrays back to the system.

    Building a column (``pyarrow.array`` grows its buffers) and reading one (hash tables,
    dictionaries, masks) free many megabytes that Arrow's allocator (mimalloc or jemalloc)
    keeps for reuse: at 10^6 rows about 70 MiB, half again what the store holds. A row store
    calls this once its build, or a first query's checks and index columns, are done, if it
    has *n* >= :data:`ARROW_ROWS` rows (for fewer, the call costs more than it hands back).
    """
    if n < ARROW_ROWS:
        return
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    pa.default_memory_pool().release_unused()


def _failed(passed: pa.Array) -> Bools | None:
    """Return where *passed* is False, or None when every cell passed."""
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    if pc.all(passed).as_py() is not False:
        return None
    failed: Bools = ~np.asarray(passed.to_numpy(zero_copy_only=False), dtype=bool)
    return failed


def failed_text(cells: pa.Array) -> Bools | None:
    r"""Return where a cell's text is blank (``not text.strip()``), or None if none is.

    >>> import pyarrow as pa
    >>> failed_text(pa.array(["a", " \u3000", None, " b "])).tolist()
    [False, True, True, False]
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    cells = plain_texts(cells)
    offsets, _values = _text_buffers(cells)
    # a cell starting with a printable ASCII character is not blank, an empty one is; the
    # regex reads the others (a search for some character that is not a space: it stops at
    # the first one)
    return _failed_beyond(
        cells,
        _starts_in(cells, _PRINTABLE) | (offsets[1:] == offsets[:-1]),
        lambda rest: pc.match_substring_regex(rest, f"[^{_re2_class(PY_SPACE)}]"),
        offsets[1:] == offsets[:-1],
    )


def failed_match(
    cells: pa.Array, pattern: str, chars: str | None = None, first: str | None = None
) -> Bools | None:
    r"""Return where a cell's text does not wholly match the ASCII regex *pattern*, or None.

    *chars* and *first*, if given, say that a text made only of the characters *chars*
    whose first character is one of *first* matches: cells of that form (bytes looked up in
    a table, no regex) pass, and the regex reads the others.

    >>> import pyarrow as pa
    >>> failed_match(pa.array(["ab", "a\nb", None]), "[a-z]+").tolist()
    [False, True, True]
    >>> letters = "abcdefghijklmnopqrstuvwxyz"
    >>> failed_match(pa.array(["ab", "-a", ""]), "[a-z][a-z-]*", letters + "-", letters).tolist()
    [False, True, True]
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - pyarrow loads when used

    cells = plain_texts(cells)
    sure = None
    if chars is not None and first is not None:
        sure = _starts_in(cells, _byte_table(first)) & _only(cells, _byte_table(chars))
    # RE2 without flags: ^ and $ are the ends of the text, and no class here holds a newline
    whole = f"^(?:{pattern})$"
    return _failed_beyond(cells, sure, lambda rest: pc.match_substring_regex(rest, whole))


def _byte_table(chars: str) -> Bools:
    """Return a table of the 256 byte values: True for the ASCII characters *chars*."""
    table = np.zeros(256, dtype=bool)
    table[list(chars.encode("ascii"))] = True
    return table


_PRINTABLE: Final = _byte_table("".join(map(chr, range(0x21, 0x7F))))
"""The printable ASCII characters: none of them is a space (``str.isspace``)."""


def text_offsets(cells: pa.Array) -> npt.NDArray[np.signedinteger]:
    """Return the offsets of string array *cells* into its data (one more than its cells).

    The offsets are Arrow's own (32 or 64 bits), not copied; a slice's are its own.

    >>> import pyarrow as pa
    >>> text_offsets(pa.array(["ab", "", "c", "de"]).slice(1, 2)).tolist()
    [2, 2, 3]
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    width = np.int64 if pa.types.is_large_string(cells.type) else np.int32
    offsets: npt.NDArray[np.signedinteger] = np.frombuffer(cells.buffers()[1], dtype=width)
    return offsets[cells.offset : cells.offset + len(cells) + 1]


def text_bytes(cells: pa.Array) -> memoryview:
    """Return the bytes of the cells of string array *cells*, one after the other (no copy).

    >>> import pyarrow as pa
    >>> bytes(text_bytes(pa.array(["ab", "", "c", "de"]).slice(1, 2)))
    b'c'
    """
    offsets = text_offsets(cells)
    return memoryview(cells.buffers()[2] or b"")[int(offsets[0]) : int(offsets[-1])]


def _text_buffers(cells: pa.Array) -> tuple[npt.NDArray[np.signedinteger], npt.NDArray[np.uint8]]:
    """Return the offsets of string array *cells* (:func:`text_offsets`) and all its bytes."""
    offsets = text_offsets(cells)
    data = cells.buffers()[2]
    values = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offsets, values


def _starts_in(cells: pa.Array, table: Bools) -> Bools:
    """Tell per cell (no nulls) whether its text has a first byte, and the byte is in *table*."""
    offsets, values = _text_buffers(cells)
    starts = offsets[:-1]
    if not values.size:
        return np.zeros(len(starts), dtype=bool)
    first: Bools = table[values[np.minimum(starts, values.size - 1)]]
    return first & (offsets[1:] > starts)


def _only(cells: pa.Array, table: Bools) -> Bools:
    """Tell per cell (no nulls) whether every byte of its text is in *table*."""
    offsets, values = _text_buffers(cells)
    body = values[offsets[0] : offsets[-1]]
    step = 1 << 18  # looked up a slice at a time into one small buffer: no large new array
    found = np.empty(min(step, body.size), dtype=bool)
    places = []
    for start in range(0, body.size, step):
        part = found[: min(step, body.size - start)]
        np.take(table, body[start : start + step], out=part)
        if not part.all():
            places.append(np.flatnonzero(~part) + (start + int(offsets[0])))
    outside = np.concatenate(places) if places else np.zeros(0, dtype=np.int64)
    good = np.ones(len(cells), dtype=bool)
    good[np.searchsorted(offsets, outside, side="right") - 1] = False  # the cells holding them
    return good


def _failed_beyond(
    cells: pa.Array,
    known: Bools | None,
    passed: Callable[[pa.Array], pa.Array],
    fails: Bools | None = None,
) -> Bools | None:
    """Return where *passed* (a kernel) fails a cell, None if it fails none.

    The kernel runs only on the cells whose answer is not *known*: a known cell fails when
    *fails* says so (None: known cells pass).
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    if known is None or not len(cells):
        return _failed(passed(cells))
    rest = np.flatnonzero(~known)
    failed_rest = _failed(passed(cells.take(pa.array(rest)))) if len(rest) else None
    if failed_rest is None and (fails is None or not fails.any()):
        return None
    failed = np.zeros(len(cells), dtype=bool) if fails is None else fails.copy()
    if failed_rest is not None:
        failed[rest[failed_rest]] = True
    return failed


def failed_blank(cells: pa.Array) -> Bools | None:
    """Return where a cell is not empty (a cell with no field must be blank), or None.

    >>> import pyarrow as pa
    >>> failed_blank(pa.array(["", None, "x"])).tolist()
    [False, False, True]
    """
    offsets, _values = _text_buffers(plain_texts(cells))
    failed: Bools = offsets[1:] != offsets[:-1]  # a cell of some bytes: read from the offsets
    return failed if failed.any() else None


def _re2_class(chars: str) -> str:
    r"""Return *chars* as the body of an RE2 character class (``\x{...}`` escapes)."""
    return "".join(f"\\x{{{ord(c):x}}}" for c in chars)


PARALLEL_ROWS = 1 << 15
"""Columns are taken on several threads for at least this many rows (a setting for tests)."""


def threads_pay(rows: int) -> bool:
    """Tell whether work over *rows* rows is worth a second thread (two cores or more)."""
    return rows >= PARALLEL_ROWS and (os.cpu_count() or 1) >= 2


def parallel_map(fn: Callable[[_T], _R], items: Sequence[_T], rows: int) -> list[_R]:
    """Return ``[fn(item) for item in items]``, on up to one thread a core for long work.

    For Arrow kernels, which let go of the GIL: threads are used when the calls read
    :data:`PARALLEL_ROWS` rows or more (*rows*) and the machine has two cores or more. They
    are the threads of one pool, one a core, made on first use (starting two threads costs
    about 0.7 ms, a tenth of taking 10^5 rows of a table); a forked process makes its own. A
    call made on one of the pool's threads runs its items there, one after the other (a
    task waiting on tasks behind it in the same pool could wait for ever).
    """
    return list(ordered_map(fn, items, rows))


def ordered_map(
    fn: Callable[[_T], _R], items: Sequence[_T], rows: int
) -> Generator[_R, None, None]:
    """Yield ``fn(item)`` for each item in turn, made ahead on threads as :func:`parallel_map`.

    For a writer: it uses each result while the later ones are being made. At most
    :data:`AHEAD` results a thread are made ahead of the one the caller waits for (a fast
    maker does not fill memory with a whole file while the disk takes it); items not yet
    begun when the caller stops are cancelled.
    """
    workers = min(len(items), os.cpu_count() or 1)
    if not threads_pay(rows) or workers < 2 or getattr(_ON_POOL, "yes", False):
        yield from map(fn, items)
        return
    pool = _pool()
    rest = iter(items)
    made = collections.deque(
        pool.submit(fn, item) for item in itertools.islice(rest, AHEAD * workers)
    )
    try:
        while made:
            result = made.popleft().result()
            for item in itertools.islice(rest, 1):  # the next item, while the caller uses this
                made.append(pool.submit(fn, item))
            yield result
    finally:
        for future in made:
            future.cancel()


def beside(task: Callable[[], object], main: Callable[[], _R]) -> _R:
    """Return ``main()``, run here while *task* runs on a thread of its own.

    For Arrow work that lets go of the GIL. *task*'s error, if any, is raised first (before
    *main*'s), as when it runs first. The thread is its own, not the pool's: *task* may map
    on the pool's threads (:func:`parallel_map`).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(task)
        try:
            result = main()
        except Exception:
            running.result()
            raise
        running.result()
    return result


AHEAD: Final = 2
"""How many results a thread :func:`ordered_map` makes ahead of the one its caller waits for."""


_ON_POOL = threading.local()
"""``yes`` on the pool's own threads."""
_POOL: list[ThreadPoolExecutor] = []
"""The pool of :func:`parallel_map`, once made (in this process)."""
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Return the pool of :func:`parallel_map`, one thread a core, made on first use."""
    with _POOL_LOCK:
        if not _POOL:
            _POOL.append(
                ThreadPoolExecutor(
                    max_workers=os.cpu_count() or 1,
                    thread_name_prefix="aitimeline",
                    initializer=_ON_POOL.__setattr__,
                    initargs=("yes", True),
                )
            )
        return _POOL[0]


def _forget_pool() -> None:
    """In a forked child: the parent's threads are not there, so the next use makes a pool."""
    global _POOL_LOCK  # noqa: PLW0603 - a lock held by a parent's thread stays held in a child
    _POOL.clear()
    _POOL_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(after_in_child=_forget_pool)


def take_cells(cells: CellArray, pos: Ints, rows: pa.Array | None = None) -> CellArray:
    """Return the cells at positions *pos* (*rows*: *pos* as an Arrow array, if made)."""
    if isinstance(cells, np.ndarray):
        return cells[pos]
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    return cells.take(pa.array(pos) if rows is None else rows)


def take_columns(columns: Mapping[str, CellArray], pos: Ints) -> dict[str, CellArray]:
    """Return each column's cells at positions *pos* (object arrays and Arrow arrays alike).

    Arrow's take lets go of the GIL: long columns are taken on threads (:func:`parallel_map`).
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    rows = pa.array(pos)
    taken = parallel_map(
        lambda cells: take_cells(cells, pos, rows), list(columns.values()), len(pos)
    )
    return dict(zip(columns, taken, strict=True))
