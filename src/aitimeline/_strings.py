r"""String tests over a column's distinct values, at C speed, with Python's meaning (private).

Layer: beside the columnar index (``_index``), which caches the Arrow array of a category
column's distinct values and asks this module one question per distinct value. pyarrow is
imported when a string test first runs, never by ``import aitimeline``.

The laws (each is a differential test against the per-event definition):

- ``contains``, ``startswith``, ``endswith``: Arrow's ``match_substring``, ``starts_with``
  and ``ends_with`` compare UTF-8 bytes, and on valid strings a byte substring, prefix or
  suffix is a code-point one, so the answers are Python's ``in``, ``str.startswith`` and
  ``str.endswith`` (case-sensitive, as Python's are).
- ``matches``: the answer is Python's ``re.search(pattern, value) is not None``. Arrow's RE2
  gives that answer when the pattern is :func:`portable` and every value is printable ASCII
  (``' '`` to ``'~'``: no newline, so ``$`` and ``.`` agree, and ``\d``, ``\w``, ``\s``,
  ``\b`` mean the same ASCII classes in both); otherwise Python's ``re`` runs once per
  distinct value. Either way the answer is ``re``'s: the fast path is an optimisation.

>>> matches_table(("alpha", "Beta", "gamma"), "^[ab]", None).tolist()
[True, False, False]
>>> portable(r"o1|o3"), portable(r"(a)\1"), portable("a{,2}")
(True, False, False)
"""

from __future__ import annotations

import functools
import os
import re
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from aitimeline import _textcells

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "TextOp",
    "any_literal_table",
    "bool_array",
    "compile_pattern",
    "literal_regex",
    "matches_table",
    "on_threads",
    "portable",
    "printable_ascii",
    "string_array",
    "text_table",
]

Bools: TypeAlias = npt.NDArray[np.bool_]
TextOp: TypeAlias = Literal["contains", "startswith", "endswith"]

_NOT_PRINTABLE = r"[^ -~]"
"""An RE2 class of every character outside printable ASCII."""
_UNSAFE_SYNTAX = ("{,", "[:", ":]", "[[", "--", "&&", "~~", "||", "\\B")
"""Text whose meaning differs between ``re`` and RE2 although both accept it: Python reads
``a{,2}`` as ``a{0,2}`` and RE2 as literal text; RE2 reads ``[[:alpha:]]`` as a POSIX class
(and Python may read sets with ``[[``, ``--``, ``&&``, ``~~``, ``||`` anew one day);
``\\B`` matches the empty string in RE2 and not in ``re`` (before Python 3.14)."""


def bool_array(found: pa.BooleanArray) -> Bools:
    """Return an Arrow boolean array (no nulls: the tested values never are) as numpy bools.

    The bits are unpacked by :func:`numpy.unpackbits`, several times faster than
    ``to_numpy`` for a boolean array.
    """
    if found.null_count:
        found = found.fill_null(fill_value=False)
    bits = np.frombuffer(found.buffers()[1], dtype=np.uint8)
    end = found.offset + len(found)
    out: Bools = np.unpackbits(bits, count=end, bitorder="little")[found.offset :].view(bool)
    return out


def on_threads(kernel: Callable[[pa.Array], pa.BooleanArray], array: pa.Array) -> Bools:
    """Return ``kernel(array)`` as numpy bools, on a slice of *array* per core when it is long.

    Arrow's string kernels (RE2 included) let go of the GIL, so the slices are tested at
    once; below ``_textcells.PARALLEL_ROWS`` values (or on one core) in one call.
    """
    workers = os.cpu_count() or 1
    if len(array) < _textcells.PARALLEL_ROWS or workers < 2:
        return bool_array(kernel(array))
    step = -(-len(array) // workers)
    parts = [array.slice(start, step) for start in range(0, len(array), step)]
    found = _textcells.parallel_map(kernel, parts, len(array))
    return np.concatenate([bool_array(f) for f in found])


def string_array(values: tuple[object, ...]) -> pa.Array | None:
    """Return *values* as an Arrow string array if every one is a ``str`` UTF-8 can hold.

    None if a value is not a string (or the values are none), or a string holds a lone
    surrogate, which UTF-8 cannot encode: the caller then tests each value in Python.
    """
    import pyarrow as pa  # noqa: PLC0415 - loaded on the first string test

    if not values or set(map(type, values)) != {str}:
        return None
    try:
        return pa.array(values, type=pa.large_string())
    except (UnicodeError, pa.ArrowException):
        return None


def printable_ascii(array: pa.Array) -> bool:
    """Return whether every string of *array* is printable ASCII (``' '`` to ``'~'``)."""
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    return not pc.any(pc.match_substring_regex(array, _NOT_PRINTABLE)).as_py()


def text_table(values: tuple[object, ...], array: pa.Array | None, op: TextOp, text: str) -> Bools:
    """Return, per value, whether it is a string that *op* (contains, ...) *text*.

    A value that is not a string gives False (a text test never holds of a number); *array*
    is :func:`string_array` of *values*, or None to test each value in Python.
    """
    if array is not None:
        import pyarrow.compute as pc  # noqa: PLC0415 - as above

        kernel = {"contains": pc.match_substring, "startswith": pc.starts_with}.get(
            op, pc.ends_with
        )
        return on_threads(lambda part: kernel(part, text), array)
    test = _PYTHON_TESTS[op]
    return np.fromiter(
        (isinstance(v, str) and test(v, text) for v in values), dtype=bool, count=len(values)
    )


_PYTHON_TESTS: dict[str, Callable[[str, str], bool]] = {
    "contains": lambda v, t: t in v,
    "startswith": str.startswith,
    "endswith": str.endswith,
}


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Return Python's compiled *pattern*, with its meaning today.

    A ``FutureWarning`` (a set such as ``[[:alpha:]]`` that may mean something else in a
    later Python) is silenced: ``re`` reads it as it always has, and so does this library.

    Raises:
        re.error: *pattern* is not a regular expression.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return re.compile(pattern)


@functools.lru_cache(maxsize=256)
def portable(pattern: str) -> bool:
    """Return whether RE2 (Arrow, DuckDB) reads *pattern* as Python's ``re`` does on ASCII text.

    That is: the pattern is ASCII, Python reads it, it has none of the text the two read
    differently (``{,``, POSIX classes), and RE2 accepts it (RE2 refuses
    backreferences, lookarounds, possessive and atomic groups, verbose mode).
    """
    if not pattern.isascii() or any(s in pattern for s in _UNSAFE_SYNTAX):
        return False
    try:
        compile_pattern(pattern)
    except re.error:
        return False
    import pyarrow as pa  # noqa: PLC0415 - as above
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    try:
        pc.match_substring_regex(pa.array([""], type=pa.large_string()), pattern)
    except pa.ArrowException:
        return False
    return True


def matches_table(values: tuple[object, ...], pattern: str, array: pa.Array | None) -> Bools:
    """Return, per value, whether it is a string in which Python's ``re.search`` finds *pattern*.

    RE2 runs on *array* when that gives the same answer: *array* is :func:`string_array` of
    *values* if every value is :func:`printable_ascii`, else None, and the pattern must be
    :func:`portable`. Otherwise ``re`` runs on each value.

    Raises:
        re.error: *pattern* is not a regular expression.
    """
    if array is not None and portable(pattern):
        import pyarrow.compute as pc  # noqa: PLC0415 - as above

        return on_threads(lambda part: pc.match_substring_regex(part, pattern), array)
    search = compile_pattern(pattern).search
    return np.fromiter(
        (isinstance(v, str) and search(v) is not None for v in values),
        dtype=bool,
        count=len(values),
    )


def literal_regex(op: TextOp, text: str) -> str | None:
    r"""Return an RE2 pattern that holds of a string exactly where *op* (contains...) *text* does.

    Every character but an ASCII letter or digit is written as ``\x{...}``, so no character
    of *text* is read as syntax. None for text RE2 cannot hold (a lone surrogate).

    >>> literal_regex("startswith", "o1-mini")
    '^o1\\x{2d}mini'
    """
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return None
    body = "".join(c if c.isascii() and c.isalnum() else f"\\x{{{ord(c):x}}}" for c in text)
    if op == "startswith":
        return f"^{body}"
    if op == "endswith":
        return f"{body}\\z"
    return body


def any_literal_table(array: pa.Array, regexes: list[str]) -> Bools:
    """Return, per string of *array*, whether one of *regexes* (:func:`literal_regex`) holds.

    One pass of RE2 over the strings for all of them: what ``|`` of several text tests of
    one field costs.
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    pattern = "|".join(f"(?:{r})" for r in regexes)
    return on_threads(lambda part: pc.match_substring_regex(part, pattern), array)
