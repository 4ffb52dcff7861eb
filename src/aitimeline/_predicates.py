"""Predicates: the base class, its JSON op registry, and Kleene logic.

Layer: the query layer, above the field registry (``_fields``). Every node is a frozen attrs
value that evaluates one event to a :class:`Truth` (:meth:`Predicate.evaluate`) and a whole
columnar index to truth codes (:meth:`Predicate.codes`: an int8 array, FALSE 0, UNKNOWN 1,
TRUE 2; ``&`` is the minimum, ``|`` the maximum, ``~`` is ``2 - x``).

Each node class registers the JSON ``op`` names it reads with :func:`json_op`, as kinds
register in ``_kinds``: :meth:`Predicate.from_dict` looks the op up in that one table, so no
module reaches up to find the readers. The field nodes (``_field_preds``) and the temporal
ones (``_temporal_preds``) register theirs when defined; the package imports them all.

>>> p = all_(TRUE_, ~FALSE_)
>>> p
TRUE_ & ~FALSE_
>>> Predicate.from_dict(p.to_dict()) == p
True
"""

from __future__ import annotations

import abc
import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar, Final, TypeAlias, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._codec import FieldError, check_depth
from aitimeline._dates import Truth
from aitimeline._index import Index
from aitimeline._records import Event
from aitimeline._types import JSON, TruthCodes
from aitimeline.exceptions import QueryError

__all__ = [
    "FALSE_",
    "FALSE_CODE",
    "TRUE_",
    "TRUE_CODE",
    "And",
    "Codes",
    "Const",
    "Definitely",
    "Not",
    "Or",
    "Possibly",
    "Predicate",
    "Table",
    "all_",
    "any_",
    "crisp",
    "definitely",
    "graded",
    "json_get",
    "json_op",
    "json_str",
    "possibly",
]

Codes: TypeAlias = TruthCodes
"""Truth codes per row: FALSE 0, UNKNOWN 1, TRUE 2."""
Table: TypeAlias = tuple[str, npt.NDArray[np.bool_]]
"""A crisp test of one category column: the field, and TRUE per distinct value (in code order,
with a trailing False for a missing value), as :meth:`Predicate._table` returns it."""
Reader: TypeAlias = "Callable[[str, Mapping[str, JSON], str], Predicate]"
"""Reads one node from its JSON object: ``(op, data, where) -> Predicate``."""

FALSE_CODE: Final = np.int8(0)
TRUE_CODE: Final = np.int8(2)


def crisp(mask: npt.NDArray[np.bool_]) -> Codes:
    """Return TRUE where *mask* holds, else FALSE."""
    codes: Codes = np.multiply(mask, TRUE_CODE, dtype=np.int8)
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

    def _literal(self) -> tuple[str, str] | None:
        """Return ``(field, RE2 pattern)`` if this is a literal text test (contains, ...).

        On printable ASCII values RE2 answers the pattern as the test does, so ``|`` runs
        several literal tests of one field as one pattern, in one pass over the values.
        """
        return None

    def _table(self, ix: Index) -> Table | None:  # noqa: ARG002 - the default
        """Return this predicate as a :data:`Table` if it is a crisp test of one category column.

        ``&`` and ``|`` join the tables of one field before reading the rows: a test then
        costs one pass over the distinct values, and the rows are read once per field.
        """
        return None

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

    def to_sql(self, *, dialect: str = "duckdb") -> str:
        """Return the SQL condition this predicate compiles to (UNKNOWN is NULL).

        The condition is over the columns of the Parquet layout
        (:func:`aitimeline.io.parquet_schema`); ``WHERE condition`` keeps the TRUE events.
        *dialect* is an Ibis backend name: ``"duckdb"``, ``"pyspark"``, ``"postgres"``...
        Needs the extra ``aitimeline[engines]``.

        >>> from aitimeline.query import col
        >>> print((col("model") == "R1").to_sql())
        COALESCE("model" = 'R1', FALSE)
        """
        # The engines sit above this layer; they are loaded by name only when SQL is asked for.
        engines = importlib.import_module("aitimeline.engines")
        sql: str = engines.to_sql(self, dialect=dialect)
        return sql

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

    def _true_rows(self, ix: Index) -> tuple[int, int] | None:
        return (0, ix.n) if self.truth is Truth.TRUE else (0, 0)

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
        conjunction = self.IDENTITY is Truth.TRUE
        join = np.minimum if conjunction else np.maximum
        out = np.full(ix.n, self.IDENTITY.code, dtype=np.int8)
        tables: dict[str, npt.NDArray[np.bool_]] = {}
        parts = self.parts
        if not conjunction:
            parts = _fuse_literals(ix, parts, tables)
        for p in parts:
            found = p._table(ix)  # noqa: SLF001 - same protocol
            if found is None:
                join(out, p.codes(ix), out=out)
                continue
            field, table = found
            before = tables.get(field)
            if before is not None:
                table = (before & table) if conjunction else (before | table)
            tables[field] = table
        for field, table in tables.items():
            join(out, crisp(ix.category(field).rows(table)), out=out)
        return out

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "and", "args": [...]}`` (or ``"or"``)."""
        return {"op": self.OP, "args": [p.to_dict() for p in self.parts]}

    def __repr__(self) -> str:
        """Return the parts joined by ``&`` (or ``|``)."""
        return f" {self.SYMBOL} ".join(p._paren() for p in self.parts)  # noqa: SLF001 - same protocol

    def _paren(self) -> str:
        return f"({self!r})"


def _fuse_literals(
    ix: Index, parts: tuple[Predicate, ...], tables: dict[str, npt.NDArray[np.bool_]]
) -> tuple[Predicate, ...]:
    """Answer the literal text tests of ``|`` that share a field in one pass per field.

    Put the table of each such field in *tables*; return the parts left to evaluate.
    """
    literals: dict[str, list[tuple[int, str]]] = {}
    for k, p in enumerate(parts):
        literal = p._literal()  # noqa: SLF001 - same protocol
        if literal is not None:
            literals.setdefault(literal[0], []).append((k, literal[1]))
    done: set[int] = set()
    for field, tests in literals.items():
        if len(tests) < 2:  # one test gains nothing
            continue
        table = ix.category(field).values.any_literal_table([r for _, r in tests])
        if table is not None:
            tables[field] = np.append(table, False)
            done.update(k for k, _ in tests)
    return tuple(p for k, p in enumerate(parts) if k not in done)


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


@attrs.frozen(repr=False)
class _Unary(Predicate):
    """The shared shape of :class:`Not`, :class:`Possibly` and :class:`Definitely`."""

    part: Predicate

    OP: ClassVar[str]
    """The JSON op."""

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        return cls(_read(json_get(data, "arg", where), where=f"{where}.arg"))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "not", "arg": {...}}`` (or ``"possibly"``, ``"definitely"``)."""
        return {"op": self.OP, "arg": self.part.to_dict()}


@json_op("not")
@attrs.frozen(repr=False)
class Not(_Unary):
    """The Kleene negation: TRUE and FALSE swap, UNKNOWN stays UNKNOWN."""

    OP: ClassVar[str] = "not"

    def evaluate(self, event: Event) -> Truth:
        """Return the negation of the part."""
        return ~self.part.evaluate(event)

    def _codes(self, ix: Index) -> Codes:
        out: Codes = TRUE_CODE - self.part.codes(ix)
        return out

    def __repr__(self) -> str:
        """Return ``~part``."""
        return f"~{self.part._paren()}"  # noqa: SLF001 - same protocol


@json_op("possibly")
@attrs.frozen(repr=False)
class Possibly(_Unary):
    """TRUE where the part is TRUE or UNKNOWN, else FALSE."""

    OP: ClassVar[str] = "possibly"

    def evaluate(self, event: Event) -> Truth:
        """Return TRUE unless the part is FALSE."""
        return Truth.of(self.part.evaluate(event).is_possible)

    def _rows(self, ix: Index) -> tuple[int, int]:
        return self.part._rows(ix)  # noqa: SLF001 - same protocol

    def _codes(self, ix: Index) -> Codes:
        return crisp(self.part.codes(ix) > 0)

    def __repr__(self) -> str:
        """Return ``possibly(part)``."""
        return f"possibly({self.part!r})"


@json_op("definitely")
@attrs.frozen(repr=False)
class Definitely(_Unary):
    """TRUE where the part is TRUE, else FALSE (UNKNOWN becomes FALSE)."""

    OP: ClassVar[str] = "definitely"

    def evaluate(self, event: Event) -> Truth:
        """Return TRUE only if the part is TRUE."""
        return Truth.of(self.part.evaluate(event).is_true)

    def _rows(self, ix: Index) -> tuple[int, int]:
        return self.part._rows(ix)  # noqa: SLF001 - same protocol

    def _true_rows(self, ix: Index) -> tuple[int, int] | None:
        return self.part._true_rows(ix)  # noqa: SLF001 - same protocol

    def _codes(self, ix: Index) -> Codes:
        return crisp(self.part.codes(ix) == TRUE_CODE)

    def __repr__(self) -> str:
        """Return ``definitely(part)``."""
        return f"definitely({self.part!r})"


# --------------------------------------------------------------------------------------------
# Combinators


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
