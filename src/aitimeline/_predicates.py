"""Predicate nodes over event fields: the base class, Kleene logic, comparisons, kinds, tags.

Layer: the query layer, above the field registry (``_fields``). Every node is a frozen attrs
value that evaluates one event to a :class:`Truth` (:meth:`Predicate.evaluate`) and a whole
columnar index to truth codes (:meth:`Predicate.codes`: an int8 array, FALSE 0, UNKNOWN 1,
TRUE 2; ``&`` is the minimum, ``|`` the maximum, ``~`` is ``2 - x``).

Each node class registers the JSON ``op`` names it reads with :func:`json_op`, as kinds
register in ``_kinds``: :meth:`Predicate.from_dict` looks the op up in that one table, so no
module reaches up to find the readers. The temporal nodes (``_temporal_preds``) register
theirs when defined; the facade ``aitimeline._query`` imports every node module.

>>> p = all_(is_a("release"), tagged("reasoning"))
>>> p
is_a('release') & tagged('reasoning')
>>> Predicate.from_dict(p.to_dict()) == p
True
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar, Final, Literal, TypeAlias, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._codec import Family, FieldError, check_depth
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
from aitimeline._records import Event
from aitimeline._types import JSON, TruthCodes
from aitimeline.exceptions import QueryError

__all__ = [
    "FALSE_",
    "TRUE_",
    "And",
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
    "Tagged",
    "all_",
    "any_",
    "compare",
    "crisp",
    "definitely",
    "graded",
    "is_a",
    "isin",
    "json_get",
    "json_op",
    "json_str",
    "possibly",
    "tagged",
    "text_contains",
]

Codes: TypeAlias = TruthCodes
"""Truth codes per row: FALSE 0, UNKNOWN 1, TRUE 2."""
Reader: TypeAlias = "Callable[[str, Mapping[str, JSON], str], Predicate]"
"""Reads one node from its JSON object: ``(op, data, where) -> Predicate``."""

FALSE_CODE: Final = np.int8(0)
TRUE_CODE: Final = np.int8(2)


def crisp(mask: npt.NDArray[np.bool_]) -> Codes:
    """Return TRUE where *mask* holds, else FALSE."""
    codes: Codes = mask.astype(np.int8) * TRUE_CODE
    return codes


def graded(possible: npt.NDArray[np.bool_], certain: npt.NDArray[np.bool_]) -> Codes:
    """Return TRUE where *certain*, UNKNOWN where only *possible*, else FALSE."""
    # certain implies possible, so the sum is 0, 1 or 2
    codes: Codes = possible.astype(np.int8) + certain.astype(np.int8)
    return codes


# --------------------------------------------------------------------------------------------
# The JSON op registry

_READERS: dict[str, Reader] = {}

_P = TypeVar("_P", bound="type[Predicate]")


def json_op(*ops: str) -> Callable[[_P], _P]:
    """Register a node class as the reader of the JSON objects whose ``op`` is one of *ops*.

    A class decorator, applied above ``@attrs.frozen``; the class's ``_from_json`` classmethod
    reads the object. A later registration of an op replaces an earlier one (the temporal
    ``contains`` reads both the element and the date form).
    """

    def register(cls: _P) -> _P:
        for op in ops:
            _READERS[op] = cls._from_json
        return cls

    return register


def json_get(data: Mapping[str, JSON], key: str, where: str) -> JSON:
    """Return ``data[key]``, or raise a QueryError naming *where* and the missing key."""
    if key not in data:
        msg = f"{where}: missing key {key!r} in {dict(data)!r}"
        raise QueryError(msg)
    return data[key]


def json_str(data: Mapping[str, JSON], key: str, where: str) -> str:
    """Return ``data[key]`` if it is a string, else raise a QueryError naming where."""
    value = json_get(data, key, where)
    if not isinstance(value, str):
        msg = f"{where}.{key}={value!r} is not a string"
        raise QueryError(msg)
    return value


def _read(data: object, *, where: str) -> Predicate:
    if not isinstance(data, Mapping):
        msg = f"{where}={data!r} is not a predicate; expected a JSON object with an 'op' key"
        raise QueryError(msg)
    op = json_str(data, "op", where)
    reader = _READERS.get(op)
    if reader is None:
        msg = f"{where}: unknown op={op!r}; expected one of {', '.join(_READERS)}"
        raise QueryError(msg)
    return reader(op, data, f"{where}[{op}]")


# --------------------------------------------------------------------------------------------
# The base class and Kleene logic


@attrs.frozen(repr=False)
class Predicate(abc.ABC):
    """A test of one event with a three-valued answer; combine with ``&``, ``|`` and ``~``.

    Predicates are immutable values: ``==`` and ``hash`` are structural, so they can be dict
    keys and set members. They have no truth value of their own (``bool(p)`` raises).
    """

    def __call__(self, event: Event) -> Truth:
        """Return the truth of this predicate for *event*."""
        return self.evaluate(event)

    @abc.abstractmethod
    def evaluate(self, event: Event) -> Truth:
        """Return the truth of this predicate for *event*.

        Raises:
            QueryError: the event's value cannot be compared as the predicate asks.
        """

    @abc.abstractmethod
    def _codes(self, ix: Index) -> Codes:
        """Return the truth code of every row of *ix*."""

    def _rows(self, ix: Index) -> tuple[int, int]:
        """Return ``(lo, hi)`` such that every row outside ``lo:hi`` is FALSE."""
        return (0, ix.n)

    def _true_rows(self, ix: Index) -> tuple[int, int] | None:  # noqa: ARG002 - the default
        """Return ``(lo, hi)`` if the TRUE rows are exactly ``lo:hi`` (known without a scan)."""
        return None

    def codes(self, ix: Index) -> Codes:
        """Return the truth code of every row of *ix* (FALSE 0, UNKNOWN 1, TRUE 2).

        Raises:
            QueryError: a value cannot be compared as the predicate asks.
        """
        lo, hi = self._rows(ix)
        lo, hi = max(lo, 0), min(hi, ix.n)
        if lo == 0 and hi == ix.n:
            return self._codes(ix)
        out = np.zeros(ix.n, dtype=np.int8)
        if lo < hi:
            out[lo:hi] = self._codes(ix.slice(lo, hi))
        return out

    @abc.abstractmethod
    def to_dict(self) -> dict[str, JSON]:
        """Return the JSON form: a dict of JSON values with an ``"op"`` key."""

    @staticmethod
    def from_dict(data: Mapping[str, JSON]) -> Predicate:
        """Return the predicate whose JSON form is *data* (as :meth:`to_dict` returns it).

        Raises:
            QueryError: *data* is not a predicate's JSON form (the message names the key).
            UnknownFieldError: it names a field no event kind has.
        """
        try:
            check_depth(data, "predicate")
        except FieldError as e:
            msg = f"predicate: {e.expected}; this one nests deeper"
            raise QueryError(msg) from None
        return _read(data, where="predicate")

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:
        """Read a node of this class from its JSON object (see :func:`json_op`)."""
        msg = f"{where}: {cls.__name__} has no JSON reader for op={op!r}; data={dict(data)!r}"
        raise QueryError(msg)

    def __and__(self, other: object) -> Predicate:
        """Return the Kleene conjunction (``TRUE`` only where both are)."""
        if not isinstance(other, Predicate):
            return NotImplemented
        return all_(self, other)

    def __or__(self, other: object) -> Predicate:
        """Return the Kleene disjunction."""
        if not isinstance(other, Predicate):
            return NotImplemented
        return any_(self, other)

    def __invert__(self) -> Predicate:
        """Return the Kleene negation (UNKNOWN stays UNKNOWN)."""
        return Not(self)

    def __bool__(self) -> bool:
        """Raise: a predicate is a question, not an answer."""
        msg = (
            f"{self!r} has no truth value of its own; evaluate it on an event (p(event)) "
            "or filter a timeline (tl.where(p))"
        )
        raise TypeError(msg)

    def _paren(self) -> str:
        return repr(self)


@json_op("const")
@attrs.frozen(repr=False)
class Const(Predicate):
    """A predicate with the same answer for every event (:data:`TRUE_`, :data:`FALSE_`)."""

    truth: Truth

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        truth = json_str(data, "truth", where)
        try:
            return cls(Truth[truth.upper()])
        except KeyError:
            msg = f"{where}.truth={truth!r} is not one of 'true', 'false', 'unknown'"
            raise QueryError(msg) from None

    def evaluate(self, event: Event) -> Truth:  # noqa: ARG002 - the answer ignores the event
        """Return the constant."""
        return self.truth

    def _codes(self, ix: Index) -> Codes:
        return np.full(ix.n, self.truth.code, dtype=np.int8)

    def _rows(self, ix: Index) -> tuple[int, int]:
        return (0, 0) if self.truth is Truth.FALSE else (0, ix.n)

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "const", "truth": "true"}`` (or false, unknown)."""
        return {"op": "const", "truth": self.truth.name.lower()}

    def __repr__(self) -> str:
        """Return ``TRUE_``, ``FALSE_`` or ``Const(Truth.UNKNOWN)``."""
        if self.truth is Truth.TRUE:
            return "TRUE_"
        if self.truth is Truth.FALSE:
            return "FALSE_"
        return f"Const({self.truth!r})"


TRUE_: Final = Const(Truth.TRUE)
"""The predicate that is TRUE for every event."""
FALSE_: Final = Const(Truth.FALSE)
"""The predicate that is FALSE for every event."""


def _parts(parts: Iterable[object]) -> tuple[Predicate, ...]:
    out: list[Predicate] = []
    for p in parts:
        if not isinstance(p, Predicate):
            msg = (
                f"{p!r} ({type(p).__name__}) is not a predicate; "
                "build one with col(), is_a(), tagged()"
            )
            raise QueryError(msg)
        out.append(p)
    return tuple(out)


@attrs.frozen(repr=False)
class _Junction(Predicate):
    """The shared shape of :class:`And` and :class:`Or`: two or more parts, joined."""

    parts: tuple[Predicate, ...] = attrs.field(converter=_parts)

    OP: ClassVar[str]
    """The JSON op and the symbol the repr joins the parts with."""
    SYMBOL: ClassVar[str]
    IDENTITY: ClassVar[Truth]
    """The answer with no parts; the other answer stops the evaluation early."""

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:
        args = json_get(data, "args", where)
        if not isinstance(args, list):
            msg = f"{where}.args={args!r} is not a list of predicates"
            raise QueryError(msg)
        parts = [_read(a, where=f"{where}.args[{i}]") for i, a in enumerate(args)]
        if len(parts) < 2:
            msg = f"{where}.args has {len(parts)} predicates; {op!r} needs at least 2"
            raise QueryError(msg)
        return cls(tuple(parts))

    def evaluate(self, event: Event) -> Truth:
        """Return the Kleene conjunction (And) or disjunction (Or), stopping when decided."""
        conjunction, out = self.IDENTITY is Truth.TRUE, self.IDENTITY
        for p in self.parts:
            truth = p.evaluate(event)
            out = (out & truth) if conjunction else (out | truth)
            if out is ~self.IDENTITY:  # FALSE decides a conjunction, TRUE a disjunction
                break
        return out

    def _codes(self, ix: Index) -> Codes:
        join = np.minimum if self.IDENTITY is Truth.TRUE else np.maximum
        out = np.full(ix.n, self.IDENTITY.code, dtype=np.int8)
        for p in self.parts:
            join(out, p.codes(ix), out=out)
        return out

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "and", "args": [...]}`` (or ``"or"``)."""
        return {"op": self.OP, "args": [p.to_dict() for p in self.parts]}

    def __repr__(self) -> str:
        """Return the parts joined by ``&`` (or ``|``)."""
        return f" {self.SYMBOL} ".join(p._paren() for p in self.parts)  # noqa: SLF001 - same protocol

    def _paren(self) -> str:
        return f"({self!r})"


@json_op("and")
@attrs.frozen(repr=False)
class And(_Junction):
    """TRUE where every part is TRUE, FALSE where any is FALSE, else UNKNOWN."""

    OP: ClassVar[str] = "and"
    SYMBOL: ClassVar[str] = "&"
    IDENTITY: ClassVar[Truth] = Truth.TRUE

    def _rows(self, ix: Index) -> tuple[int, int]:
        lo, hi = 0, ix.n
        for p in self.parts:
            a, b = p._rows(ix)  # noqa: SLF001 - a predicate's own protocol
            lo, hi = max(lo, a), min(hi, b)
        return (lo, hi)

    def _true_rows(self, ix: Index) -> tuple[int, int] | None:
        lo, hi = 0, ix.n
        for p in self.parts:
            rows = p._true_rows(ix)  # noqa: SLF001 - same protocol
            if rows is None:
                return None
            lo, hi = max(lo, rows[0]), min(hi, rows[1])
        return (lo, max(lo, hi))


@json_op("or")
@attrs.frozen(repr=False)
class Or(_Junction):
    """TRUE where any part is TRUE, FALSE where every part is FALSE, else UNKNOWN."""

    OP: ClassVar[str] = "or"
    SYMBOL: ClassVar[str] = "|"
    IDENTITY: ClassVar[Truth] = Truth.FALSE

    def _rows(self, ix: Index) -> tuple[int, int]:
        spans = [p._rows(ix) for p in self.parts]  # noqa: SLF001 - same protocol
        spans = [(a, b) for a, b in spans if a < b]
        if not spans:
            return (0, 0)
        return (min(a for a, _ in spans), max(b for _, b in spans))


@json_op("not")
@attrs.frozen(repr=False)
class Not(Predicate):
    """The Kleene negation: TRUE and FALSE swap, UNKNOWN stays UNKNOWN."""

    part: Predicate

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        return cls(_read(json_get(data, "arg", where), where=f"{where}.arg"))

    def evaluate(self, event: Event) -> Truth:
        """Return the negation of the part."""
        return ~self.part.evaluate(event)

    def _codes(self, ix: Index) -> Codes:
        out: Codes = TRUE_CODE - self.part.codes(ix)
        return out

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "not", "arg": {...}}``."""
        return {"op": "not", "arg": self.part.to_dict()}

    def __repr__(self) -> str:
        """Return ``~part``."""
        return f"~{self.part._paren()}"  # noqa: SLF001 - same protocol


@json_op("possibly")
@attrs.frozen(repr=False)
class Possibly(Predicate):
    """TRUE where the part is TRUE or UNKNOWN, else FALSE."""

    part: Predicate

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        return cls(_read(json_get(data, "arg", where), where=f"{where}.arg"))

    def evaluate(self, event: Event) -> Truth:
        """Return TRUE unless the part is FALSE."""
        return Truth.of(self.part.evaluate(event).is_possible)

    def _rows(self, ix: Index) -> tuple[int, int]:
        return self.part._rows(ix)  # noqa: SLF001 - same protocol

    def _codes(self, ix: Index) -> Codes:
        return crisp(self.part.codes(ix) > 0)

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "possibly", "arg": {...}}``."""
        return {"op": "possibly", "arg": self.part.to_dict()}

    def __repr__(self) -> str:
        """Return ``possibly(part)``."""
        return f"possibly({self.part!r})"


@json_op("definitely")
@attrs.frozen(repr=False)
class Definitely(Predicate):
    """TRUE where the part is TRUE, else FALSE (UNKNOWN becomes FALSE)."""

    part: Predicate

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        return cls(_read(json_get(data, "arg", where), where=f"{where}.arg"))

    def evaluate(self, event: Event) -> Truth:
        """Return TRUE only if the part is TRUE."""
        return Truth.of(self.part.evaluate(event).is_true)

    def _rows(self, ix: Index) -> tuple[int, int]:
        return self.part._rows(ix)  # noqa: SLF001 - same protocol

    def _true_rows(self, ix: Index) -> tuple[int, int] | None:
        return self.part._true_rows(ix)  # noqa: SLF001 - same protocol

    def _codes(self, ix: Index) -> Codes:
        return crisp(self.part.codes(ix) == TRUE_CODE)

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "definitely", "arg": {...}}``."""
        return {"op": "definitely", "arg": self.part.to_dict()}

    def __repr__(self) -> str:
        """Return ``definitely(part)``."""
        return f"definitely({self.part!r})"


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

    def _codes(self, ix: Index) -> Codes:
        column = ix.category(self.field)
        codes = column.codes
        if self.op in ("==", "!="):
            c = column.lookup.get(self.value)
            if self.op == "==":
                return crisp(codes == c) if c is not None else np.zeros(ix.n, dtype=np.int8)
            present = codes >= 0
            return crisp(present & (codes != c)) if c is not None else crisp(present)
        try:
            if self.op == "<":
                mask = (codes >= 0) & (codes < column.cut(self.value, right=False))
            elif self.op == "<=":
                mask = (codes >= 0) & (codes < column.cut(self.value, right=True))
            elif self.op == ">":
                mask = codes >= column.cut(self.value, right=True)
            else:
                mask = codes >= column.cut(self.value, right=False)
        except TypeError:
            got = next((v for v in column.distinct if not _comparable(v, self.value)), "?")
            raise _compare_error(self.field, self.value, got, self.op) from None
        return crisp(mask)

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

    def _codes(self, ix: Index) -> Codes:
        if field_family(self.field) == "multi":
            return crisp(ix.multi(self.field).has_any(list(self.values)))
        column = ix.category(self.field)
        return crisp(column.rows(column.table(lambda v: v in self.values)))

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

    def _codes(self, ix: Index) -> Codes:
        if field_family(self.field) == "multi":
            return crisp(ix.multi(self.field).has_any([self.value]))
        column = ix.category(self.field)

        def test(v: object) -> bool:
            if isinstance(v, str) and not isinstance(self.value, str):
                return False
            try:
                return self.value in v  # type: ignore[operator]  # TypeError caught
            except TypeError:
                raise _compare_error(self.field, self.value, v, "contains") from None

        return crisp(column.rows(column.table(test)))

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

    def _codes(self, ix: Index) -> Codes:
        cls = kind_class(self.kind)
        column = ix.category(TYPE_FIELD)
        return crisp(
            column.rows(column.table(lambda t: isinstance(t, type) and issubclass(t, cls)))
        )

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


def possibly(p: Predicate) -> Predicate:
    """Return the predicate that is TRUE where *p* is TRUE or UNKNOWN."""
    return Possibly(_parts([p])[0])


def definitely(p: Predicate) -> Predicate:
    """Return the predicate that is TRUE only where *p* is TRUE (UNKNOWN becomes FALSE)."""
    return Definitely(_parts([p])[0])


def all_(*predicates: Predicate) -> Predicate:
    """Return the conjunction of *predicates*, flattening nested ones; ``TRUE_`` if none."""
    parts: list[Predicate] = []
    for p in _parts(predicates):
        parts.extend(p.parts if isinstance(p, And) else (p,))
    if not parts:
        return TRUE_
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def any_(*predicates: Predicate) -> Predicate:
    """Return the disjunction of *predicates*, flattening nested ones; ``FALSE_`` if none."""
    parts: list[Predicate] = []
    for p in _parts(predicates):
        parts.extend(p.parts if isinstance(p, Or) else (p,))
    if not parts:
        return FALSE_
    return parts[0] if len(parts) == 1 else Or(tuple(parts))
