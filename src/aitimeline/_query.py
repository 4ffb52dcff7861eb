"""Predicates over events: immutable values that evaluate to :class:`Truth` (the facade).

Build them from :func:`col` comparisons, :func:`is_a`, :func:`tagged` and the temporal tests on
``col("when")``, and combine them with ``&``, ``|`` and ``~``. Every predicate

- evaluates one event to a :class:`Truth` (``p(event)`` or ``p.evaluate(event)``), three-valued
  because dates may be fuzzy;
- evaluates a whole timeline at once over its columnar index (an int8 array of truth codes,
  FALSE 0, UNKNOWN 1, TRUE 2; ``&`` is the minimum, ``|`` the maximum, ``~`` is ``2 - x``);
- is a frozen attrs value: equal, hashable, with a readable repr and a JSON form
  (:meth:`Predicate.to_dict`, :func:`Predicate.from_dict`).

>>> p = (col("country") == "CN") & tagged("reasoning") & col("when").before("2025-01-20")
>>> p
(col('country') == 'CN') & tagged('reasoning') & col('when').before('2025-01-20')
>>> Predicate.from_dict(p.to_dict()) == p
True

A comparison on a value an event does not have (a field of another kind of event, or a field
set to None) is FALSE, and so is its negation's inner test: ``col("parameters") > 0`` is FALSE for
an IPO, and ``~(col("parameters") > 0)`` is TRUE for it.

The query layer's rooms, bottom up: ``_fields`` (the field registry read from the kind
registry, and operand checks), ``_predicates`` (the base class with its JSON op registry,
and Kleene logic), ``_field_preds`` (comparisons, ``isin``, ``contains``, kinds and tags),
``_temporal_preds`` (date relations, per event
and vectorised), ``_columns`` (:func:`col`). This module gathers their names, so that
``from aitimeline._query import Relation`` keeps working; the public door is
:mod:`aitimeline.query`.
"""

from __future__ import annotations

from aitimeline._columns import Column, col
from aitimeline._field_preds import Compare, Contains, IsA, IsIn, Op, Tagged, is_a, tagged
from aitimeline._fields import (
    TAGS_FIELD,
    Scalar,
    TemporalArg,
    field_value,
    kinds,
    known_fields,
)
from aitimeline._predicates import (
    FALSE_,
    TRUE_,
    And,
    Codes,
    Const,
    Definitely,
    Not,
    Or,
    Possibly,
    Predicate,
    all_,
    any_,
    definitely,
    possibly,
)
from aitimeline._temporal_preds import RELATIONS, Between, Rel, Relation, Within

__all__ = [
    "FALSE_",
    "RELATIONS",
    "TAGS_FIELD",
    "TRUE_",
    "And",
    "Between",
    "Codes",
    "Column",
    "Compare",
    "Const",
    "Contains",
    "Definitely",
    "IsA",
    "IsIn",
    "Not",
    "Op",
    "Or",
    "Possibly",
    "Predicate",
    "Rel",
    "Relation",
    "Scalar",
    "Tagged",
    "TemporalArg",
    "Within",
    "all_",
    "any_",
    "col",
    "definitely",
    "field_value",
    "is_a",
    "kinds",
    "known_fields",
    "possibly",
    "tagged",
]
