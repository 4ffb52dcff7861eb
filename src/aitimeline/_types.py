"""Type aliases shared by several modules, named once so they cannot disagree.

Layer: the lowest, beside ``exceptions``; it imports nothing of the package.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = ["JSON", "CategoryCodes", "JSONValue", "TruthCodes"]

JSONValue: TypeAlias = "bool | int | float | str | list[JSONValue] | dict[str, JSONValue] | None"
"""A value that :func:`json.dumps` writes and :func:`json.loads` returns."""

JSON: TypeAlias = JSONValue
"""The same alias under the short name the query layer used (kept so old imports still work)."""

TruthCodes: TypeAlias = npt.NDArray[np.int8]
"""One three-valued truth per row: FALSE 0, UNKNOWN 1, TRUE 2 (what predicates evaluate to)."""

CategoryCodes: TypeAlias = npt.NDArray[np.int32]
"""One position per row into a column's distinct values; -1 where the value is missing."""
