"""Plain date cells read in bulk: ``YYYY-MM-DD``, ``YYYY-MM`` and ``YYYY`` without a parser.

Layer: after ``_dates``; ``_store`` calls it when it builds a row store. Most date cells are
plain calendar units. :func:`plain_dates` reads those of a list of texts with numpy: the
digits are checked and converted on a fixed-width array, and each date's first and last day
come from ``datetime64`` arithmetic. Every other text (an EDTF qualifier, a quarter, a
range, an invalid day such as ``2023-02-29``, year ``0000``) is left for
:meth:`When.parse`, which reads it or refuses it with its own message.

**Same bounds as the parser.** For every text :func:`plain_dates` reads, the first and last
day and the precision are those of ``When.parse(text)`` (a differential test checks it on
generated texts, invalid ones included).
"""

from __future__ import annotations

from typing import Final, TypeAlias

import numpy as np
import numpy.typing as npt

from aitimeline._calendar import Precision

__all__ = ["plain_dates"]

Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]

_EPOCH_ORDINAL: Final = 719163
"""``datetime.date(1970, 1, 1).toordinal()``: day 0 of numpy's datetime64."""
_ZERO: Final = ord("0")
_DASH: Final = ord("-")
_FORMS: Final = (  # length, digit positions, precision
    (10, (0, 1, 2, 3, 5, 6, 8, 9), Precision.DAY),
    (7, (0, 1, 2, 3, 5, 6), Precision.MONTH),
    (4, (0, 1, 2, 3), Precision.YEAR),
)


def plain_dates(texts: list[str]) -> tuple[Bools, Ints, Ints, Ints]:
    """Return which *texts* are plain dates, and their first day, last day and precision.

    The days are proleptic Gregorian ordinals (``date.toordinal``); entries of texts that are
    not plain dates are 0.

    >>> read, first, last, precision = plain_dates(["2024-02", "2024-02-29", "2023-02-29", "Q"])
    >>> read.tolist(), first.tolist()[:2], last.tolist()[:2], precision.tolist()[:2]
    ([True, True, False, False], [738917, 738945], [738945, 738945], [2, 0])
    """
    k = len(texts)
    read = np.zeros(k, dtype=bool)
    first = np.zeros(k, dtype=np.int64)
    last = np.zeros(k, dtype=np.int64)
    precision = np.zeros(k, dtype=np.int64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=k)
    for length, digits, unit in _FORMS:
        at = np.flatnonzero(lengths == length)
        if not len(at):
            continue
        chars = np.array([texts[i] for i in at.tolist()], dtype=f"<U{length}")
        points = chars.view(np.uint32).reshape(len(at), length).astype(np.int64) - _ZERO
        ok = ((points[:, list(digits)] >= 0) & (points[:, list(digits)] <= 9)).all(axis=1)
        if length > 4:
            ok &= points[:, 4] == _DASH - _ZERO
        if length > 7:
            ok &= points[:, 7] == _DASH - _ZERO
        year = points[:, 0] * 1000 + points[:, 1] * 100 + points[:, 2] * 10 + points[:, 3]
        month = points[:, 5] * 10 + points[:, 6] if length > 4 else np.ones(len(at), np.int64)
        day = points[:, 8] * 10 + points[:, 9] if length > 7 else np.ones(len(at), np.int64)
        ok &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
        year, month, day = np.where(ok, year, 1), np.where(ok, month, 1), np.where(ok, day, 1)
        months = (year - 1970) * 12 + (month - 1)  # datetime64[M] counts from 1970-01
        start = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        if unit is Precision.DAY:
            end_of_month = (months + 1).astype("datetime64[M]").astype("datetime64[D]")
            ok &= day <= end_of_month.astype(np.int64) - start
            lo = hi = start + day - 1
        elif unit is Precision.MONTH:
            lo = start
            hi = (months + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) - 1
        else:
            lo = start
            hi = (months + 12).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) - 1
        read[at] = ok
        first[at] = np.where(ok, lo + _EPOCH_ORDINAL, 0)
        last[at] = np.where(ok, hi + _EPOCH_ORDINAL, 0)
        precision[at] = int(unit)
    precision[~read] = 0
    return read, first, last, precision
