"""Predicate nodes that test one field's value: comparisons, ``isin``, text tests, kinds, tags.

Layer: the query layer, above the base class and Kleene logic (``_predicates``). Each node
evaluates per event and over the columnar index's category and multi-value columns, and
registers the JSON ``op`` names it reads (:func:`~aitimeline._predicates.json_op`). The
builders at the end (:func:`compare`, :func:`isin`, :func:`is_a`, :func:`tagged`) check the
operand against the field's family; ``col()`` and the JSON readers both call them.

>>> compare("country", "==", "CN")
col('country') == 'CN'
>>> isin("tags", ["reasoning"]) == tagged("reasoning")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Final, Literal, TypeAlias

import attrs
import numpy as np

from aitimeline._codec import Family
from aitimeline._dates import Span, Truth, When
from aitimeline._fields import (
    TAGS_FIELD,
    Scalar,
    column_field,
    field_family,
    field_value,
    json_scalar,
    kind_class,
    kind_name,
    scalar_operand,
    tag_name,
    temporal_from_json_as,
    temporal_json,
    temporal_repr,
)
from aitimeline._index import MISSING, TYPE_FIELD, Index
from aitimeline._predicates import Codes, Predicate, Table, crisp, json_get, json_op, json_str
from aitimeline._records import Event
from aitimeline._strings import compile_pattern, literal_regex
from aitimeline._types import JSON
from aitimeline.exceptions import QueryError

__all__ = [
    "OPS",
    "Compare",
    "Contains",
    "IsA",
    "IsIn",
    "Op",
    "Tagged",
    "TextTest",
    "compare",
    "is_a",
    "isin",
    "tagged",
    "text_contains",
    "text_test",
]

# --------------------------------------------------------------------------------------------
# The nodes


OPS: Final[dict[str, Callable[[object, object], bool]]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]  # checked at build time, TypeError caught
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}
Op: TypeAlias = Literal["==", "!=", "<", "<=", ">", ">="]


def _compare_error(field: str, value: object, got: object, op: str) -> QueryError:
    return QueryError(
        f"cannot evaluate col({field!r}) {op} {value!r}: the event's {field}={got!r} "
        f"({type(got).__name__}) does not compare with {type(value).__name__}"
    )


@json_op(*OPS)
@attrs.frozen(repr=False)
class Compare(Predicate):
    """A comparison of a field's value with a constant; FALSE where the value is missing."""

    field: str
    op: Op
    value: Scalar | When | Span

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:
        field = json_str(data, "field", where)
        if "date" in data:
            value: object = temporal_from_json_as(data["date"], where=f"{where}.date")
        else:
            value = json_get(data, "value", where)
        return compare(field, op, value)

    def evaluate(self, event: Event) -> Truth:
        """Return the comparison's result for *event* (FALSE if it lacks the value)."""
        got = field_value(event, self.field)
        if got is MISSING:
            return Truth.FALSE
        try:
            return Truth.of(bool(OPS[self.op](got, self.value)))
        except TypeError:
            raise _compare_error(self.field, self.value, got, self.op) from None

    def _table(self, ix: Index) -> Table:
        column = ix.category(self.field)
        if self.op in ("==", "!="):
            c = column.values.code_of(self.value)
            table = np.full(len(column.values) + 1, self.op == "!=", dtype=bool)
            if c is not None:
                table[c] = self.op == "=="
            table[-1] = False  # a missing value is FALSE either way
            return (self.field, table)
        try:
            return (self.field, column.order_table(self.op, self.value))
        except TypeError:
            got = next((v for v in column.distinct if not _comparable(v, self.value)), "?")
            raise _compare_error(self.field, self.value, got, self.op) from None

    def _codes(self, ix: Index) -> Codes:
        return _table_codes(ix, self._table(ix))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "==", "field": ..., "value": ...}``."""
        value: JSON
        if isinstance(self.value, When | Span):
            return {"op": self.op, "field": self.field, "date": temporal_json(self.value)}
        value = self.value
        return {"op": self.op, "field": self.field, "value": value}

    def __repr__(self) -> str:
        """Return ``col('field') op value``."""
        value = (
            temporal_repr(self.value) if isinstance(self.value, When | Span) else repr(self.value)
        )
        return f"col({self.field!r}) {self.op} {value}"

    def _paren(self) -> str:
        return f"({self!r})"


def _table_codes(ix: Index, found: Table | None) -> Codes:
    """Return the truth codes of a per-value table (from a node's ``_table``) on the rows."""
    assert found is not None  # noqa: S101 - the caller's node has a table for this field
    field, table = found
    return crisp(ix.category(field).rows(table))


def _comparable(a: object, b: object) -> bool:
    try:
        _ = a < b  # type: ignore[operator]  # probing
    except TypeError:
        return False
    return True


def _frozen_values(values: Iterable[object]) -> frozenset[Scalar]:
    return frozenset(values)  # type: ignore[arg-type]  # validated by isin()


@json_op("isin")
@attrs.frozen(repr=False)
class IsIn(Predicate):
    """TRUE where the field's value is one of *values* (for collections: any element is)."""

    field: str
    values: frozenset[Scalar] = attrs.field(converter=_frozen_values)

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        field = json_str(data, "field", where)
        values = json_get(data, "values", where)
        if not isinstance(values, list):
            msg = f"{where}.values={values!r} is not a list"
            raise QueryError(msg)
        return isin(field, values)

    def evaluate(self, event: Event) -> Truth:
        """Return whether the event's value (or one of its elements) is in the set."""
        got = field_value(event, self.field)
        if got is MISSING:
            return Truth.FALSE
        if isinstance(got, tuple | frozenset | list | set):
            return Truth.of(any(x in self.values for x in got))
        try:
            return Truth.of(got in self.values)
        except TypeError:  # an unhashable value
            raise _compare_error(self.field, sorted(self.values, key=repr), got, "in") from None

    def _table(self, ix: Index) -> Table | None:
        if field_family(self.field) == "multi":
            return None
        return (self.field, ix.category(self.field).values.member_table(self.values))

    def _codes(self, ix: Index) -> Codes:
        if field_family(self.field) == "multi":
            return crisp(ix.multi(self.field).has_any(list(self.values)))
        return _table_codes(ix, self._table(ix))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "isin", "field": ..., "values": [...]}`` (values sorted)."""
        values: list[JSON] = list(_sorted_values(self.values))
        return {"op": "isin", "field": self.field, "values": values}

    def __repr__(self) -> str:
        """Return ``col('field').isin([...])``."""
        return f"col({self.field!r}).isin({list(_sorted_values(self.values))!r})"


def _sorted_values(values: frozenset[Scalar]) -> list[Scalar]:
    return sorted(values, key=lambda v: (type(v).__name__, v))


@json_op("tagged")
@attrs.frozen(repr=False)
class Contains(Predicate):
    """TRUE where a text field contains a substring, or a collection field holds an element."""

    field: str
    value: Scalar

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        return tagged(json_str(data, "tag", where))

    def evaluate(self, event: Event) -> Truth:
        """Return whether the event's value contains the constant."""
        got = field_value(event, self.field)
        if got is MISSING:
            return Truth.FALSE
        if isinstance(got, str) and not isinstance(self.value, str):
            return Truth.FALSE
        try:
            return Truth.of(self.value in got)  # type: ignore[operator]  # TypeError caught
        except TypeError:
            raise _compare_error(self.field, self.value, got, "contains") from None

    def _literal(self) -> tuple[str, str] | None:
        if field_family(self.field) == "multi" or not isinstance(self.value, str):
            return None
        found = literal_regex("contains", self.value)
        return None if found is None else (self.field, found)

    def _table(self, ix: Index) -> Table | None:
        if field_family(self.field) == "multi":
            return None
        values = ix.category(self.field).values
        if isinstance(self.value, str) and values.strings() is not None:
            return (self.field, np.append(values.text_table("contains", self.value), False))

        def test(v: object) -> bool:
            if isinstance(v, str) and not isinstance(self.value, str):
                return False
            try:
                return self.value in v  # type: ignore[operator]  # TypeError caught
            except TypeError:
                raise _compare_error(self.field, self.value, v, "contains") from None

        return (self.field, values.table(test))

    def _codes(self, ix: Index) -> Codes:
        if field_family(self.field) == "multi":
            return crisp(ix.multi(self.field).has_any([self.value]))
        return _table_codes(ix, self._table(ix))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "contains", "field": ..., "value": ...}`` (``tagged`` for tags)."""
        if self.field == TAGS_FIELD and isinstance(self.value, str):
            return {"op": "tagged", "tag": self.value}
        return {"op": "contains", "field": self.field, "value": self.value}

    def __repr__(self) -> str:
        """Return ``col('field').contains(value)``, or ``tagged('tag')``."""
        if self.field == TAGS_FIELD and isinstance(self.value, str):
            return f"tagged({self.value!r})"
        return f"col({self.field!r}).contains({self.value!r})"


TextOp: TypeAlias = Literal["startswith", "endswith", "matches"]
_TEXT_OPS: Final = ("startswith", "endswith", "matches")


@json_op(*_TEXT_OPS)
@attrs.frozen(repr=False)
class TextTest(Predicate):
    """TRUE where a text field's value starts with, ends with, or matches (a regex) *text*.

    Case-sensitive, as Python's ``str`` methods are (for a case-insensitive match, use
    ``matches("(?i)...")``). ``matches`` is Python's ``re.search``: the pattern may match
    anywhere in the value (anchor it with ``^`` and ``$``). FALSE where the value is missing
    or is not text.
    """

    field: str
    op: TextOp
    text: str

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:
        key = "pattern" if op == "matches" else "value"
        return text_test(json_str(data, "field", where), op, json_str(data, key, where))

    def evaluate(self, event: Event) -> Truth:
        """Return whether the event's value is text that passes the test."""
        got = field_value(event, self.field)
        if not isinstance(got, str):
            return Truth.FALSE
        if self.op == "matches":
            return Truth.of(compile_pattern(self.text).search(got) is not None)
        return Truth.of(
            got.startswith(self.text) if self.op == "startswith" else got.endswith(self.text)
        )

    def _literal(self) -> tuple[str, str] | None:
        if self.op == "matches":
            return None
        found = literal_regex(self.op, self.text)
        return None if found is None else (self.field, found)

    def _table(self, ix: Index) -> Table:
        values = ix.category(self.field).values
        if self.op == "matches":
            table = values.matches_table(self.text)
        else:
            table = values.text_table(self.op, self.text)
        return (self.field, np.append(table, False))

    def _codes(self, ix: Index) -> Codes:
        return _table_codes(ix, self._table(ix))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "startswith", "field": ..., "value": ...}`` (``pattern`` for matches)."""
        key = "pattern" if self.op == "matches" else "value"
        return {"op": self.op, "field": self.field, key: self.text}

    def __repr__(self) -> str:
        """Return ``col('field').startswith('text')`` (or endswith, matches)."""
        return f"col({self.field!r}).{self.op}({self.text!r})"


@json_op("is_a")
@attrs.frozen(repr=False)
class IsA(Predicate):
    """TRUE where the event is of a kind (a subclass counts: a kind's subkinds are that kind)."""

    kind: str

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        return is_a(json_str(data, "kind", where))

    def evaluate(self, event: Event) -> Truth:
        """Return whether *event* is an instance of the kind's class."""
        return Truth.of(isinstance(event, kind_class(self.kind)))

    def _table(self, ix: Index) -> Table:
        cls = kind_class(self.kind)
        values = ix.category(TYPE_FIELD).values
        return (TYPE_FIELD, values.table(lambda t: isinstance(t, type) and issubclass(t, cls)))

    def _codes(self, ix: Index) -> Codes:
        return _table_codes(ix, self._table(ix))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "is_a", "kind": ...}``."""
        return {"op": "is_a", "kind": self.kind}

    def __repr__(self) -> str:
        """Return ``is_a('kind')``."""
        return f"is_a({self.kind!r})"


@attrs.frozen(repr=False)
class Tagged(Predicate):
    """TRUE where the event's tags, with those derived from its fields, include *tag*.

    It reads :attr:`Event.all_tags`: a release's capabilities and ``'open-weights'`` count.
    """

    tag: str

    def evaluate(self, event: Event) -> Truth:
        """Return whether *tag* is among the event's tags."""
        return Truth.of(self.tag in event.all_tags)

    def _codes(self, ix: Index) -> Codes:
        return crisp(ix.multi("all_tags").has_any([self.tag]))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "tagged", "tag": ...}``."""
        return {"op": "tagged", "tag": self.tag}

    def __repr__(self) -> str:
        """Return ``tagged('tag')``."""
        return f"tagged({self.tag!r})"


# --------------------------------------------------------------------------------------------
# Builders of these nodes (the column methods and the JSON readers both use them)


def compare(field: str, op: str, value: object) -> Predicate:
    """Return ``col(field) op value``, the operand checked against the field's family.

    Raises:
        QueryError: *op* is not a comparison, or *value* does not compare with the field.
        UnknownFieldError: no event kind has *field*.
    """
    name, family = column_field(field)
    if op not in OPS:
        msg = f"op={op!r} is not a comparison; expected one of {', '.join(OPS)}"
        raise QueryError(msg)
    return Compare(name, op, scalar_operand(name, family, op, value))  # type: ignore[arg-type]  # op is checked


def isin(field: str, values: Iterable[object]) -> Predicate:
    """Return ``col(field).isin(values)``: the value (or for collections, an element) is one.

    Raises:
        QueryError: *values* is a single string, holds a value of the wrong type, or the field
            holds dates.
    """
    name, family = column_field(field)
    if isinstance(values, str | bytes):
        msg = f"col({name!r}).isin({values!r}) needs a collection of values, not a string"
        raise QueryError(msg)
    if family == "multi":
        items = frozenset(json_scalar(v, what=f"col({name!r}).isin value") for v in values)
    elif family == "temporal":
        msg = f"col({name!r}).isin(...) is not available on dates; use .between() or |"
        raise QueryError(msg)
    else:
        items = frozenset(scalar_operand(name, family, "in", v) for v in values)  # type: ignore[misc]
    if family == "multi" and len(items) == 1:
        (item,) = items  # one element: the same question as contains(item)
        return Contains(name, item)
    return IsIn(name, items)


def text_contains(field: str, family: Family, value: object) -> Predicate:
    """Return ``col(field).contains(value)`` for a text or collection field.

    Raises:
        QueryError: the field holds neither text nor several values, or *value* is not a
            scalar.
    """
    if family not in ("text", "multi", "other"):
        msg = f"col({field!r}).contains({value!r}): field {field!r} holds {family} values"
        raise QueryError(msg)
    return Contains(field, json_scalar(value, what=f"col({field!r}).contains value"))


def text_test(field: str, op: str, text: object) -> Predicate:
    """Return ``col(field).startswith(text)`` (or ``endswith``, ``matches``) for a text field.

    Raises:
        QueryError: the field does not hold text, *text* is not a string, *op* is not one of
            the three, or (for ``matches``) *text* is not a regular expression Python reads.
        UnknownFieldError: no event kind has *field*.
    """
    name, family = column_field(field)
    if op not in _TEXT_OPS:
        msg = f"op={op!r} is not a text test; expected one of {', '.join(_TEXT_OPS)}"
        raise QueryError(msg)
    if family not in ("text", "other"):
        msg = f"col({name!r}).{op}({text!r}): field {name!r} holds {family} values, not text"
        raise QueryError(msg)
    if not isinstance(text, str):
        msg = f"col({name!r}).{op}({text!r}): expected a string, not {type(text).__name__}"
        raise QueryError(msg)
    if op == "matches":
        try:
            compile_pattern(text)
        except re.error as e:
            msg = f"col({name!r}).matches({text!r}): not a regular expression: {e}"
            raise QueryError(msg) from None
    return TextTest(name, op, text)  # type: ignore[arg-type]  # op is checked


def is_a(kind: type[Event] | str) -> Predicate:
    """Return the predicate "the event is a *kind*" (a class such as Release, or its kind string).

    Raises:
        QueryError: *kind* is not an event kind.
    """
    return IsA(kind_name(kind))


def tagged(tag: str) -> Predicate:
    """Return the predicate "the event has tag *tag*", among its derived tags (``all_tags``).

    It is the same predicate as ``col("tags").contains(tag)`` and ``col("tags").isin([tag])``:
    equal, with the same hash and JSON.
    """
    return Contains(TAGS_FIELD, tag_name(tag))
