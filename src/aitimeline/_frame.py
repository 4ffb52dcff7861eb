"""The DataFrame form of a timeline: reading a table's cells, and writing the derived dates.

``Timeline.to_pandas`` writes the row form's cells plus two derived columns, ``earliest`` and
``latest`` (:data:`DERIVED_COLUMNS`); ``Timeline.from_pandas`` reads the cells back. Derived
columns are never data: a cell of theirs that disagrees with ``when`` is refused
(:func:`check_derived`), so an edit to them is never silently ignored. Rows are named in
messages by the DataFrame's index label, and by the event id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import numpy as np
import numpy.typing as npt

from aitimeline._events import ROW_COLUMNS
from aitimeline._store import Store
from aitimeline._textcells import take_columns, text_offsets
from aitimeline.exceptions import InvalidEventError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "CORE_COLUMNS",
    "DERIVED_COLUMNS",
    "check_derived",
    "frame_cells",
    "frame_of",
    "table_arrow",
    "table_columns",
]

Ints: TypeAlias = npt.NDArray[np.int64]
Texts: TypeAlias = npt.NDArray[np.object_]
RowLabel: TypeAlias = Callable[[int], str]

CORE_COLUMNS: Final = ("kind", "id", "when", "title", "actors", "country", "tags")
"""Columns :meth:`Timeline.to_columns` always writes, even when every cell is empty."""
DERIVED_COLUMNS: Final = ("earliest", "latest")
"""Columns :meth:`Timeline.to_pandas` adds, derived from ``when``."""
_EPOCH_ORDINAL: Final = 719163
"""``datetime.date(1970, 1, 1).toordinal()``: day 0 of numpy's datetime64."""


def frame_cells(
    df: pd.DataFrame, columns: Mapping[str, str] | None, kind: str | None
) -> tuple[dict[str, npt.NDArray[Any] | pa.Array], list[str], RowLabel]:
    """Return a table's cells keyed by row-form column, the column names, and a row namer.

    Args:
        df: The table.
        columns: Renames, DataFrame column to row-form column.
        kind: The kind of every row, for a table without a kind column.

    Raises:
        InvalidEventError: a rename of a column the table lacks, two columns renamed to one,
            or *kind* given for a table with a kind column.
    """
    renames = dict(columns or {})
    missing = [c for c in renames if c not in df.columns]
    if missing:
        msg = f"columns={renames!r} renames {missing[0]!r}, which the DataFrame lacks"
        raise InvalidEventError(msg)
    names = [renames.get(str(c), str(c)) for c in df.columns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        msg = f"two DataFrame columns would both be read as {twice[0]!r}; rename one"
        raise InvalidEventError(msg)
    # NaN cells (pandas' missing value) count as empty, as None does
    cells = {name: _series_cells(df.iloc[:, i]) for i, name in enumerate(names)}
    if kind is not None:
        if "kind" in cells:
            msg = f"kind={kind!r} is given but the table has a kind column; use one or other"
            raise InvalidEventError(msg)
        cells = {"kind": np.full(len(df), kind, dtype=object), **cells}
    labels = df.index.tolist()

    def label(r: int) -> str:
        return f"row {labels[r]!r}" if isinstance(labels[r], str) else f"row {labels[r]}"

    return cells, names, label


def _series_cells(series: pd.Series[Any]) -> npt.NDArray[Any] | pa.Array:
    """Return a column's cells: pandas' text dtype (NaN for missing) as Arrow, else objects.

    A ``str`` column (``pd.StringDtype`` whose missing value is NaN, pandas' default for
    text) is read by Arrow with its missing cells as nulls, which read as empty, as NaN
    does; no Python object is made. Any other column is its object array (an all-text one
    becomes Arrow in ``as_cells``).
    """
    import pandas as pd  # noqa: PLC0415 - pandas is optional
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    dtype = series.dtype
    nan_missing = getattr(dtype, "na_value", pd.NA) is not pd.NA  # pandas >= 2.3's "str"
    if isinstance(dtype, pd.StringDtype) and nan_missing and len(series):
        try:
            array = pa.array(series, from_pandas=True)
        except (pa.ArrowException, UnicodeError):  # pragma: no cover - a str column is text
            array = None
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        if array is not None and (
            pa.types.is_string(array.type) or pa.types.is_large_string(array.type)
        ):
            return array
    return series.to_numpy(dtype=object)


def check_derived(
    df: pd.DataFrame,
    names: list[str],
    label: RowLabel,
    derived: Mapping[str, Ints],
    order: Ints | None,
) -> None:
    """Refuse ``earliest``/``latest`` cells that disagree with the dates read from ``when``.

    Args:
        df: The table read.
        names: Its columns' row-form names.
        label: Names a row of *df* by position.
        derived: The day ordinals of each derived column, in timeline order.
        order: The input row of each timeline position (None: the same).

    Raises:
        InvalidEventError: a given (not blank) cell differs from the derived day.
    """
    import pandas as pd  # noqa: PLC0415 - pandas is optional

    for name, days in derived.items():
        if name not in names:
            continue
        given = pd.to_datetime(df.iloc[:, names.index(name)], errors="coerce")
        day = given.to_numpy().astype("datetime64[D]")
        by_row = np.empty(len(days), dtype=np.int64)
        by_row[np.arange(len(days)) if order is None else order] = days
        wrong = np.flatnonzero(~np.isnat(day) & (day.astype(np.int64) + _EPOCH_ORDINAL != by_row))
        if len(wrong):
            r = int(wrong[0])
            expected = np.int64(by_row[r] - _EPOCH_ORDINAL).astype("datetime64[D]")
            event_id = df.iloc[r, names.index("id")]
            msg = (
                f"{label(r)}: event {event_id!r}, column {name!r}: {str(day[r])!r} disagrees "
                f"with the date in 'when', which gives {str(expected)!r}; {name!r} is derived "
                "from 'when', so edit 'when' (or drop the column)"
            )
            raise InvalidEventError(msg)


def table_columns(store: Store, pos: Ints | None) -> dict[str, Texts]:
    """Return the row-form columns of the events at positions *pos* of *store* (None: all).

    The cells are taken by position from the store's text columns (a row store's cells as
    given, as text; the rows of built events, made once per store), never from events one
    by one. The columns are those of :data:`ROW_COLUMNS` in order: the core ones
    (:data:`CORE_COLUMNS`) always, the others when some cell in them is not empty.
    """
    n = store.n if pos is None else len(pos)
    out: dict[str, Texts] = {}
    for name in ROW_COLUMNS:
        cells = store.text_cells(name)
        if cells is not None and pos is not None:
            cells = cells[pos]
        if cells is not None and (name in CORE_COLUMNS or (cells != "").any()):
            out[name] = cells
        elif name in CORE_COLUMNS:
            out[name] = np.full(n, "", dtype=object)
    return out


def table_arrow(store: Store, pos: Ints | None) -> dict[str, pa.Array]:
    """Return the columns of :func:`table_columns` as Arrow strings (each made once per store).

    A column whose every cell is ``""`` (known from its offsets, without a pass) is not taken:
    a core one is *n* empty strings, another is left out. A view's other columns are taken
    by its positions, on several threads when they are long (``_textcells.take_columns``).
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    n = store.n if pos is None else len(pos)
    found = {name: store.arrow_cells(name) for name in ROW_COLUMNS}
    full = {name: c for name, c in found.items() if c is not None and _blank(c) is not True}
    if pos is not None:
        full = take_columns(full, pos)
    out: dict[str, pa.Array] = {}
    for name in ROW_COLUMNS:
        cells = full.get(name)
        if cells is not None:
            blank = _blank(cells)
            if blank is None:  # nulls: only a pass over the cells tells
                blank = not pc.any(pc.not_equal(cells, "")).as_py()
            if name in CORE_COLUMNS or not blank:
                out[name] = cells
                continue
        if name in CORE_COLUMNS:  # n empty strings: every offset 0, no characters
            offsets = pa.py_buffer(np.zeros(n + 1, dtype=np.int32))
            out[name] = pa.StringArray.from_buffers(n, offsets, pa.py_buffer(b""))
    return out


def _blank(cells: pa.Array | pa.ChunkedArray) -> bool | None:
    """Return whether every cell is ``""``, read from the offsets; None if some is null."""
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    if isinstance(cells, pa.ChunkedArray):
        found = [_blank(chunk) for chunk in cells.chunks]
        return None if None in found else all(found)
    if cells.null_count or not isinstance(cells, pa.StringArray | pa.LargeStringArray):
        return None
    if not len(cells):
        return True
    offsets = text_offsets(cells)  # a slice's own
    return bool(offsets[0] == offsets[-1])


def frame_of(columns: Mapping[str, pa.Array], first: Ints, last: Ints) -> pd.DataFrame:
    """Return the DataFrame of a timeline's cells plus its derived ``earliest``/``latest``.

    The text columns come from Arrow (``pa.Table.to_pandas``); the two date columns are the
    day ordinals made seconds since 1970 in one ``(2, n)`` array, which pandas holds as the
    block of both (datetime64[s]) without a copy.
    """
    import pandas as pd  # noqa: PLC0415 - pandas is optional
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

    if not len(first):  # no rows: the columns pandas makes of no cells
        df = pd.DataFrame({name: [] for name in columns})
        for name in DERIVED_COLUMNS:
            df[name] = np.zeros(0, dtype="datetime64[s]")
        return df
    days = np.empty((2, len(first)), dtype=np.int64)
    np.subtract(first, _EPOCH_ORDINAL, out=days[0])
    np.subtract(last, _EPOCH_ORDINAL, out=days[1])
    days *= 86_400
    dates = pd.DataFrame(days.view("datetime64[s]").T, columns=list(DERIVED_COLUMNS), copy=False)
    cells: pd.DataFrame = pa.table(dict(columns)).to_pandas()
    return pd.concat([cells, dates], axis=1)
