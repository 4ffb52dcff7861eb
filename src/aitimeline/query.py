"""The query layer's names: ``from aitimeline.query import ...``.

:mod:`aitimeline` exports the builders a notebook uses (:func:`col`, :func:`is_a`,
:func:`tagged`, :func:`possibly`...); this module adds the column reference type and the
field registry queries read (:func:`known_fields`, :func:`kinds`), both built from the one
kind registry.

>>> from aitimeline.query import col, known_fields
>>> known_fields()["in_force"]
'temporal'
>>> col("tags").isin(["reasoning"])
tagged('reasoning')
"""

from __future__ import annotations

from aitimeline._query import (
    FALSE_,
    TRUE_,
    Column,
    Predicate,
    all_,
    any_,
    col,
    definitely,
    is_a,
    kinds,
    known_fields,
    possibly,
    tagged,
)

__all__ = [
    "FALSE_",
    "TRUE_",
    "Column",
    "Predicate",
    "all_",
    "any_",
    "col",
    "definitely",
    "is_a",
    "kinds",
    "known_fields",
    "possibly",
    "tagged",
]
