"""Predicates over events: immutable values that evaluate to :class:`Truth`.

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
"""

from __future__ import annotations

import abc
import datetime as dt
import difflib
import functools
import importlib
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Final, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._dates import DayRange, Precision, Span, Truth, When
from aitimeline._events import ChipHours, Event, Parameters
from aitimeline._index import (
    MISSING,
    TYPE_FIELD,
    Bounds,
    Index,
    TemporalColumn,
    bounds_of,
)
from aitimeline.exceptions import DateError, QueryError, UnknownFieldError

__all__ = [
    "FALSE_",
    "TRUE_",
    "And",
    "Between",
    "Column",
    "Compare",
    "Const",
    "Contains",
    "Definitely",
    "IsA",
    "IsIn",
    "Not",
    "Or",
    "Possibly",
    "Predicate",
    "Relation",
    "Tagged",
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

Codes: TypeAlias = npt.NDArray[np.int8]
"""Truth codes per row: FALSE 0, UNKNOWN 1, TRUE 2."""
JSON: TypeAlias = str | int | float | bool | list["JSON"] | dict[str, "JSON"] | None
Scalar: TypeAlias = str | int | float | bool
"""The values a field may be compared with (plus dates, for date fields)."""
TemporalArg: TypeAlias = When | Span | str | dt.date
"""What the temporal tests accept: a When, a Span, a date string or a date."""

_FALSE: Final = np.int8(0)
_UNKNOWN: Final = np.int8(1)
_TRUE: Final = np.int8(2)


def _crisp(mask: npt.NDArray[np.bool_]) -> Codes:
    codes: Codes = mask.astype(np.int8) * _TRUE
    return codes


def _graded(possible: npt.NDArray[np.bool_], certain: npt.NDArray[np.bool_]) -> Codes:
    # certain implies possible, so the sum is 0, 1 or 2
    codes: Codes = possible.astype(np.int8) + certain.astype(np.int8)
    return codes


# --------------------------------------------------------------------------------------------
# Fields


Family: TypeAlias = Literal["temporal", "text", "number", "bool", "multi", "other"]


@functools.cache
def _family_of_annotation(annotation: str) -> Family:
    parts = {p.strip() for p in annotation.replace("Optional[", "").rstrip("]").split("|")}
    parts.discard("None")
    if parts & {"When", "Span", "Temporal", "RelativeWhen"}:
        return "temporal"
    if any(p.startswith(("tuple[", "frozenset[", "Tuple[", "FrozenSet[")) for p in parts):
        return "multi"
    if parts == {"bool"}:
        return "bool"
    if parts and parts <= {"int", "float", "Decimal", "decimal.Decimal", "Parameters", "ChipHours"}:
        return "number"
    if parts == {"str"}:
        return "text"
    return "other"


def _annotation_text(annotation: object) -> str:
    if isinstance(annotation, str):
        return annotation
    name = getattr(annotation, "__name__", None)
    return (
        name
        if isinstance(name, str) and not getattr(annotation, "__args__", None)
        else str(annotation).replace("typing.", "")
    )


def _event_classes() -> list[type[Event]]:
    seen: list[type[Event]] = []
    todo: list[type[Event]] = [Event]
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return seen


def known_fields() -> dict[str, Family]:
    """Return every field name an event kind has, with the family of values it holds."""
    return _fields_of(tuple(_event_classes()))


@functools.cache
def _fields_of(classes: tuple[type[Event], ...]) -> dict[str, Family]:
    fields: dict[str, Family] = {"kind": "text"}
    for cls in classes:
        if not attrs.has(cls):
            continue
        for a in attrs.fields(cls):
            family = _family_of_annotation(_annotation_text(a.type))
            previous = fields.get(a.name)
            fields[a.name] = family if previous in (None, family) else "other"
    return fields


def _field_family(name: object) -> Family:
    if not isinstance(name, str):
        msg = f"field name {name!r} ({type(name).__name__}) is not a string"
        raise QueryError(msg)
    fields = known_fields()
    family = fields.get(name)
    if family is None:
        near = difflib.get_close_matches(name, list(fields), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
        msg = (
            f"field={name!r} is not a field of any event kind{hint} "
            f"Known fields: {', '.join(sorted(fields))}"
        )
        raise UnknownFieldError(msg)
    return family


def kinds() -> dict[str, type[Event]]:
    """Return every event kind string with its class (subclasses defined later included)."""
    out: dict[str, type[Event]] = {}
    for cls in _event_classes():
        kind = _class_kind(cls)
        if kind is not None:
            out.setdefault(kind, cls)
    return out


def _class_kind(cls: type[Event]) -> str | None:
    kind = cls.__dict__.get("KIND", getattr(cls, "KIND", None))
    return kind if isinstance(kind, str) else None


def _kind_class(kind: str) -> type[Event]:
    table = kinds()
    cls = table.get(kind)
    if cls is None:
        msg = f"kind={kind!r} is not an event kind; expected one of {', '.join(sorted(table))}"
        raise QueryError(msg)
    return cls


def _unwrap(value: object) -> object:
    """Return the number inside a typed quantity (Parameters, ChipHours), else *value*."""
    if isinstance(value, Parameters):
        return value.count
    if isinstance(value, ChipHours):
        return value.hours
    return value


def field_value(event: object, field: str) -> object:
    """Return what predicates see of *event*'s *field*: MISSING if absent or None.

    Typed quantities compare as numbers: ``Parameters('671B')`` is seen as 671000000000.
    """
    value = getattr(event, field, MISSING)
    return MISSING if value is None else _unwrap(value)


# --------------------------------------------------------------------------------------------
# Temporal values and their JSON form


def _plain(w: When) -> When:
    if type(w) is When:
        return w
    return When(w.earliest, w.latest, w.precision, approximate=w.approximate, uncertain=w.uncertain)


def _temporal(value: object, *, what: str) -> When | Span:
    if isinstance(value, Span):
        end = None if value.end is None else _plain(value.end)
        return Span(_plain(value.start), end)
    if isinstance(value, When):
        return _plain(value)
    when = getattr(value, "when", None)  # an event: use its date
    if isinstance(when, When | Span):
        return _temporal(when, what=what)
    if isinstance(value, str | dt.date):
        try:
            return When.parse(value)
        except DateError as e:
            msg = f"{what}={value!r} is not a date: {e}"
            raise QueryError(msg) from None
    msg = (
        f"{what}={value!r} ({type(value).__name__}) is not a date; "
        "expected a When, Span, date or string"
    )
    raise QueryError(msg)


def _when(value: object, *, what: str) -> When:
    t = _temporal(value, what=what)
    if isinstance(t, Span):
        msg = f"{what}={t!r} is a Span; expected a single date"
        raise QueryError(msg)
    return t


def _when_to_json(w: When) -> JSON:
    text = w.to_edtf()
    try:
        if When.parse(text) == w:
            return text
    except DateError:
        pass
    return {
        "earliest": w.earliest.isoformat(),
        "latest": w.latest.isoformat(),
        "precision": w.precision.name.lower(),
        "approximate": w.approximate,
        "uncertain": w.uncertain,
    }


def _temporal_to_json(t: When | Span) -> JSON:
    if isinstance(t, Span):
        return {
            "start": _when_to_json(t.start),
            "end": None if t.end is None else _when_to_json(t.end),
        }
    return _when_to_json(t)


def _when_from_json(data: JSON, *, where: str) -> When:
    if isinstance(data, str):
        return _when(data, what=where)
    if isinstance(data, dict):
        try:
            return When(
                dt.date.fromisoformat(str(data["earliest"])),
                dt.date.fromisoformat(str(data["latest"])),
                Precision[str(data["precision"]).upper()],
                approximate=bool(data.get("approximate", False)),
                uncertain=bool(data.get("uncertain", False)),
            )
        except (KeyError, ValueError, TypeError) as e:
            msg = f"{where}={data!r} is not a date ({e}); expected an EDTF string"
            raise QueryError(msg) from None
    msg = f"{where}={data!r} is not a date; expected an EDTF string"
    raise QueryError(msg)


def _temporal_from_json(data: JSON, *, where: str) -> When | Span:
    if isinstance(data, dict) and "start" in data:
        end = data.get("end")
        try:
            return Span(
                _when_from_json(data["start"], where=f"{where}.start"),
                None if end is None else _when_from_json(end, where=f"{where}.end"),
            )
        except DateError as e:
            msg = f"{where}={data!r} is not a span: {e}"
            raise QueryError(msg) from None
    return _when_from_json(data, where=where)


def _temporal_repr(t: When | Span) -> str:
    if isinstance(t, Span):
        return repr(t)
    text = t.to_edtf()
    return repr(text) if When.parse(text) == t else repr(t)


# --------------------------------------------------------------------------------------------
# Vectorised temporal relations on normalised bounds (see _dates._bounds)

_Side: TypeAlias = tuple[
    npt.NDArray[np.int64] | int,
    npt.NDArray[np.int64] | int,
    npt.NDArray[np.int64] | int,
    npt.NDArray[np.int64] | int,
    npt.NDArray[np.bool_] | bool,
]


def _side(column: TemporalColumn) -> _Side:
    return (column.s_lo, column.s_hi, column.e_lo, column.e_hi, column.instant)


def _v_before(x: _Side, y: _Side) -> Codes:
    """Every day of x is before every day of y."""
    return _graded(np.asarray(x[2] < y[1]), np.asarray(x[3] < y[0]))


def _v_overlaps(x: _Side, y: _Side) -> Codes:
    """X and y share a day: not (x before y or y before x)."""
    out: Codes = 2 - np.maximum(_v_before(x, y), _v_before(y, x))
    return out


def _v_during(x: _Side, y: _Side) -> Codes:
    """Every day of x lies in y (Allen during, starts, finishes or equals)."""
    xs_lo, xs_hi, xe_lo, xe_hi, _ = x
    ys_lo, ys_hi, ye_lo, ye_hi, y_instant = y
    certain = np.asarray((xs_lo >= ys_hi) & (xe_hi <= ye_lo))
    # y a span: some completion of x fits in y's widest completion [ys_lo, ye_hi]
    lo = np.maximum(xe_lo, ys_lo)
    in_span = (np.maximum(xs_lo, ys_lo) <= xs_hi) & (lo <= np.minimum(xe_hi, ye_hi))
    # y an instant on one day d: x must be that single day
    in_day = lo <= np.minimum(xs_hi, ys_hi)
    possible = np.asarray(np.where(y_instant, in_day, in_span))
    return _graded(possible, certain)


def _s_within(x: Bounds, y: Bounds, lo: int, hi: int) -> Truth:
    """Return whether x lies within [lo, hi] days of y (day distance, 0 when they share a day)."""
    near = max(0, y[0] - x[3], x[0] - y[3])
    far = max(0, y[1] - x[2], x[1] - y[2])
    if far <= lo:
        return Truth.TRUE
    return Truth.UNKNOWN if near <= hi else Truth.FALSE


def _v_within(x: _Side, y: Bounds, lo: int, hi: int) -> Codes:
    near = np.maximum(0, np.maximum(y[0] - np.asarray(x[3]), np.asarray(x[0]) - y[3]))
    far = np.maximum(0, np.maximum(y[1] - np.asarray(x[2]), np.asarray(x[1]) - y[2]))
    return _graded(near <= hi, far <= lo)


# --------------------------------------------------------------------------------------------
# Predicates


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

    def to_sql(self, *, dialect: str = "duckdb") -> str:
        """Return the SQL condition this predicate compiles to (UNKNOWN is NULL).

        The condition is over the columns of the Parquet layout
        (:func:`aitimeline.io.parquet_schema`); ``WHERE condition`` keeps the TRUE events.
        *dialect* is an Ibis backend name: ``"duckdb"``, ``"pyspark"``, ``"postgres"``...
        Needs the extra ``aitimeline[engines]``.

        >>> print((col("country") == "CN").to_sql())
        COALESCE("country" = 'CN', FALSE)
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
        return _from_json(data, where="predicate")

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


def _json_scalar(value: object, *, what: str) -> Scalar:
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    msg = (
        f"{what}={value!r} ({type(value).__name__}) cannot be compared with; "
        "expected a string, a number or a bool"
    )
    raise QueryError(msg)


@attrs.frozen(repr=False)
class Const(Predicate):
    """A predicate with the same answer for every event (:data:`TRUE_`, :data:`FALSE_`)."""

    truth: Truth

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
class And(Predicate):
    """TRUE where every part is TRUE, FALSE where any is FALSE, else UNKNOWN."""

    parts: tuple[Predicate, ...] = attrs.field(converter=_parts)

    def evaluate(self, event: Event) -> Truth:
        """Return the Kleene conjunction of the parts, stopping at the first FALSE."""
        out = Truth.TRUE
        for p in self.parts:
            out &= p.evaluate(event)
            if out is Truth.FALSE:
                break
        return out

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

    def _codes(self, ix: Index) -> Codes:
        out = np.full(ix.n, _TRUE, dtype=np.int8)
        for p in self.parts:
            np.minimum(out, p.codes(ix), out=out)
        return out

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "and", "args": [...]}``."""
        return {"op": "and", "args": [p.to_dict() for p in self.parts]}

    def __repr__(self) -> str:
        """Return the parts joined by ``&``."""
        return " & ".join(p._paren() for p in self.parts)  # noqa: SLF001 - same protocol

    def _paren(self) -> str:
        return f"({self!r})"


@attrs.frozen(repr=False)
class Or(Predicate):
    """TRUE where any part is TRUE, FALSE where every part is FALSE, else UNKNOWN."""

    parts: tuple[Predicate, ...] = attrs.field(converter=_parts)

    def evaluate(self, event: Event) -> Truth:
        """Return the Kleene disjunction of the parts, stopping at the first TRUE."""
        out = Truth.FALSE
        for p in self.parts:
            out |= p.evaluate(event)
            if out is Truth.TRUE:
                break
        return out

    def _rows(self, ix: Index) -> tuple[int, int]:
        spans = [p._rows(ix) for p in self.parts]  # noqa: SLF001 - same protocol
        spans = [(a, b) for a, b in spans if a < b]
        if not spans:
            return (0, 0)
        return (min(a for a, _ in spans), max(b for _, b in spans))

    def _codes(self, ix: Index) -> Codes:
        out = np.zeros(ix.n, dtype=np.int8)
        for p in self.parts:
            np.maximum(out, p.codes(ix), out=out)
        return out

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "or", "args": [...]}``."""
        return {"op": "or", "args": [p.to_dict() for p in self.parts]}

    def __repr__(self) -> str:
        """Return the parts joined by ``|``."""
        return " | ".join(p._paren() for p in self.parts)  # noqa: SLF001 - same protocol

    def _paren(self) -> str:
        return f"({self!r})"


@attrs.frozen(repr=False)
class Not(Predicate):
    """The Kleene negation: TRUE and FALSE swap, UNKNOWN stays UNKNOWN."""

    part: Predicate

    def evaluate(self, event: Event) -> Truth:
        """Return the negation of the part."""
        return ~self.part.evaluate(event)

    def _codes(self, ix: Index) -> Codes:
        out: Codes = _TRUE - self.part.codes(ix)
        return out

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "not", "arg": {...}}``."""
        return {"op": "not", "arg": self.part.to_dict()}

    def __repr__(self) -> str:
        """Return ``~part``."""
        return f"~{self.part._paren()}"  # noqa: SLF001 - same protocol


@attrs.frozen(repr=False)
class Possibly(Predicate):
    """TRUE where the part is TRUE or UNKNOWN, else FALSE."""

    part: Predicate

    def evaluate(self, event: Event) -> Truth:
        """Return TRUE unless the part is FALSE."""
        return Truth.of(self.part.evaluate(event).is_possible)

    def _rows(self, ix: Index) -> tuple[int, int]:
        return self.part._rows(ix)  # noqa: SLF001 - same protocol

    def _codes(self, ix: Index) -> Codes:
        return _crisp(self.part.codes(ix) > 0)

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "possibly", "arg": {...}}``."""
        return {"op": "possibly", "arg": self.part.to_dict()}

    def __repr__(self) -> str:
        """Return ``possibly(part)``."""
        return f"possibly({self.part!r})"


@attrs.frozen(repr=False)
class Definitely(Predicate):
    """TRUE where the part is TRUE, else FALSE (UNKNOWN becomes FALSE)."""

    part: Predicate

    def evaluate(self, event: Event) -> Truth:
        """Return TRUE only if the part is TRUE."""
        return Truth.of(self.part.evaluate(event).is_true)

    def _rows(self, ix: Index) -> tuple[int, int]:
        return self.part._rows(ix)  # noqa: SLF001 - same protocol

    def _true_rows(self, ix: Index) -> tuple[int, int] | None:
        return self.part._true_rows(ix)  # noqa: SLF001 - same protocol

    def _codes(self, ix: Index) -> Codes:
        return _crisp(self.part.codes(ix) == _TRUE)

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "definitely", "arg": {...}}``."""
        return {"op": "definitely", "arg": self.part.to_dict()}

    def __repr__(self) -> str:
        """Return ``definitely(part)``."""
        return f"definitely({self.part!r})"


_OPS: Final[dict[str, Callable[[object, object], bool]]] = {
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


@attrs.frozen(repr=False)
class Compare(Predicate):
    """A comparison of a field's value with a constant; FALSE where the value is missing."""

    field: str
    op: Op
    value: Scalar | When | Span

    def evaluate(self, event: Event) -> Truth:
        """Return the comparison's result for *event* (FALSE if it lacks the value)."""
        got = field_value(event, self.field)
        if got is MISSING:
            return Truth.FALSE
        try:
            return Truth.of(bool(_OPS[self.op](got, self.value)))
        except TypeError:
            raise _compare_error(self.field, self.value, got, self.op) from None

    def _codes(self, ix: Index) -> Codes:
        column = ix.category(self.field)
        codes = column.codes
        if self.op in ("==", "!="):
            c = column.lookup.get(self.value)
            if self.op == "==":
                return _crisp(codes == c) if c is not None else np.zeros(ix.n, dtype=np.int8)
            present = codes >= 0
            return _crisp(present & (codes != c)) if c is not None else _crisp(present)
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
        return _crisp(mask)

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "==", "field": ..., "value": ...}``."""
        value: JSON
        if isinstance(self.value, When | Span):
            return {"op": self.op, "field": self.field, "date": _temporal_to_json(self.value)}
        value = self.value
        return {"op": self.op, "field": self.field, "value": value}

    def __repr__(self) -> str:
        """Return ``col('field') op value``."""
        value = (
            _temporal_repr(self.value) if isinstance(self.value, When | Span) else repr(self.value)
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


@attrs.frozen(repr=False)
class IsIn(Predicate):
    """TRUE where the field's value is one of *values* (for collections: any element is)."""

    field: str
    values: frozenset[Scalar] = attrs.field(converter=_frozen_values)

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
        if _field_family(self.field) == "multi":
            return _crisp(ix.multi(self.field).has_any(list(self.values)))
        column = ix.category(self.field)
        return _crisp(column.rows(column.table(lambda v: v in self.values)))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "isin", "field": ..., "values": [...]}`` (values sorted)."""
        values: list[JSON] = list(_sorted_values(self.values))
        return {"op": "isin", "field": self.field, "values": values}

    def __repr__(self) -> str:
        """Return ``col('field').isin([...])``."""
        return f"col({self.field!r}).isin({list(_sorted_values(self.values))!r})"


def _sorted_values(values: frozenset[Scalar]) -> list[Scalar]:
    return sorted(values, key=lambda v: (type(v).__name__, v))


@attrs.frozen(repr=False)
class Contains(Predicate):
    """TRUE where a text field contains a substring, or a collection field holds an element."""

    field: str
    value: Scalar

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
        if _field_family(self.field) == "multi":
            return _crisp(ix.multi(self.field).has_any([self.value]))
        column = ix.category(self.field)

        def test(v: object) -> bool:
            if isinstance(v, str) and not isinstance(self.value, str):
                return False
            try:
                return self.value in v  # type: ignore[operator]  # TypeError caught
            except TypeError:
                raise _compare_error(self.field, self.value, v, "contains") from None

        return _crisp(column.rows(column.table(test)))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "contains", "field": ..., "value": ...}``."""
        return {"op": "contains", "field": self.field, "value": self.value}

    def __repr__(self) -> str:
        """Return ``col('field').contains(value)``."""
        return f"col({self.field!r}).contains({self.value!r})"


@attrs.frozen(repr=False)
class IsA(Predicate):
    """TRUE where the event is of a kind (a subclass counts: a kind's subkinds are that kind)."""

    kind: str

    def evaluate(self, event: Event) -> Truth:
        """Return whether *event* is an instance of the kind's class."""
        return Truth.of(isinstance(event, _kind_class(self.kind)))

    def _codes(self, ix: Index) -> Codes:
        cls = _kind_class(self.kind)
        column = ix.category(TYPE_FIELD)
        return _crisp(
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
    """TRUE where the event's tags include *tag*."""

    tag: str

    def evaluate(self, event: Event) -> Truth:
        """Return whether *tag* is among the event's tags."""
        return Truth.of(self.tag in event.tags)

    def _codes(self, ix: Index) -> Codes:
        return _crisp(ix.multi("tags").has_any([self.tag]))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "tagged", "tag": ...}``."""
        return {"op": "tagged", "tag": self.tag}

    def __repr__(self) -> str:
        """Return ``tagged('tag')``."""
        return f"tagged({self.tag!r})"


Rel: TypeAlias = Literal["before", "after", "during", "overlaps", "contains"]
_RELATIONS: Final = ("before", "after", "during", "overlaps", "contains")


def _temporal_value(event: Event, field: str) -> When | Span | None:
    got = field_value(event, field)
    if got is MISSING:
        return None
    if not isinstance(got, When | Span):
        msg = f"the event's {field}={got!r} ({type(got).__name__}) is not a date"
        raise QueryError(msg)
    return got


@attrs.frozen(repr=False)
class Relation(Predicate):
    """A three-valued temporal relation between a date field and a constant date."""

    field: str
    relation: Rel
    other: When | Span

    def evaluate(self, event: Event) -> Truth:
        """Return the relation's truth for the event's date (FALSE if it has none)."""
        got = _temporal_value(event, self.field)
        if got is None:
            return Truth.FALSE
        method: Callable[[When | Span], Truth] = getattr(got, self.relation)
        return method(self.other)

    def _codes(self, ix: Index) -> Codes:
        column = ix.temporal(self.field)
        x, y = _side(column), bounds_of(self.other)
        if self.relation == "before":
            out = _v_before(x, y)
        elif self.relation == "after":
            out = _v_before(y, x)
        elif self.relation == "during":
            out = _v_during(x, y)
        elif self.relation == "contains":
            out = _v_during(y, x)
        else:
            out = _v_overlaps(x, y)
        if not column.present.all():
            out = np.where(column.present, out, _FALSE).astype(np.int8)
        return np.broadcast_to(out, (ix.n,)).astype(np.int8, copy=False)

    def _rows(self, ix: Index) -> tuple[int, int]:
        column = ix.temporal(self.field)
        if not column.sorted_start:
            return (0, ix.n)
        s_lo = column.s_lo
        ys_lo, ys_hi, ye_lo, ye_hi, _ = bounds_of(self.other)
        if self.relation == "before":  # x.e_lo < y.s_hi needs s_lo < ys_hi
            return (0, int(np.searchsorted(s_lo, ys_hi, "left")))
        if self.relation == "after":  # ye_lo < x.s_hi <= s_lo + width
            return (int(np.searchsorted(s_lo, ye_lo - column.width, "right")), ix.n)
        # during, overlaps, contains: x starts no later than y's last day, ends no earlier
        # than y's first (during: starts no earlier than y's first possible start)
        hi = int(np.searchsorted(s_lo, ys_hi if self.relation == "contains" else ye_hi, "right"))
        if self.relation == "during":
            lo = int(np.searchsorted(s_lo, ys_lo - column.width, "left"))
        elif self.relation == "contains":
            lo = int(np.searchsorted(s_lo, ye_lo - column.reach, "left"))
        else:
            lo = int(np.searchsorted(s_lo, ys_lo - column.reach, "left"))
        return (lo, hi)

    def _true_rows(self, ix: Index) -> tuple[int, int] | None:
        column = ix.temporal(self.field)
        if not (column.sorted_start and column.exact_days):
            return None
        # every row is one known day d = s_lo, in order
        s_lo = column.s_lo
        ys_lo, ys_hi, ye_lo, ye_hi, _ = bounds_of(self.other)
        if self.relation == "before":  # d < ys_lo
            return (0, int(np.searchsorted(s_lo, ys_lo, "left")))
        if self.relation == "after":  # ye_hi < d
            return (int(np.searchsorted(s_lo, ye_hi, "right")), ix.n)
        if self.relation == "contains":  # the other lies within day d: ye_hi <= d <= ys_lo
            lo, hi = ye_hi, ys_lo
        else:  # during, overlaps: ys_hi <= d <= ye_lo
            lo, hi = ys_hi, ye_lo
        start = int(np.searchsorted(s_lo, lo, "left"))
        return (start, max(start, int(np.searchsorted(s_lo, hi, "right"))))

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": relation, "field": ..., "date": ...}``."""
        return {"op": self.relation, "field": self.field, "date": _temporal_to_json(self.other)}

    def __repr__(self) -> str:
        """Return ``col('field').relation(date)``."""
        return f"col({self.field!r}).{self.relation}({_temporal_repr(self.other)})"


def _range_span(start: When, end: When) -> Span:
    return Span(
        When.day(start.earliest.year, start.earliest.month, start.earliest.day),
        When.day(end.latest.year, end.latest.month, end.latest.day),
    )


@attrs.frozen(repr=False)
class Between(Predicate):
    """TRUE where every day of the date lies from *start*'s first day to *end*'s last day.

    The range ``[start.earliest, end.latest]`` is crisp, so a September date is TRUE for
    ``between("2024-09-01", "2024-11-30")`` and a 2024 date is UNKNOWN for it.
    """

    field: str
    start: When
    end: When
    _relation: Relation = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        """Reject an empty range; keep the equivalent ``during`` relation."""
        if self.end.latest < self.start.earliest:
            msg = (
                f"between({self.start.to_edtf()!r}, {self.end.to_edtf()!r}) is empty: "
                "the end is before the start; swap them"
            )
            raise QueryError(msg)
        relation = Relation(self.field, "during", _range_span(self.start, self.end))
        object.__setattr__(self, "_relation", relation)

    @property
    def span(self) -> Span:
        """Return the crisp span from the start's first day to the end's last day."""
        other = self._relation.other
        assert isinstance(other, Span)  # noqa: S101 - built as a Span above
        return other

    def evaluate(self, event: Event) -> Truth:
        """Return whether the event's date lies within the range."""
        got = _temporal_value(event, self.field)
        return Truth.FALSE if got is None else got.during(self.span)

    def _codes(self, ix: Index) -> Codes:
        return self._relation._codes(ix)  # noqa: SLF001 - same protocol

    def _rows(self, ix: Index) -> tuple[int, int]:
        return self._relation._rows(ix)  # noqa: SLF001 - same protocol

    def _true_rows(self, ix: Index) -> tuple[int, int] | None:
        return self._relation._true_rows(ix)  # noqa: SLF001 - same protocol

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "between", "field": ..., "start": ..., "end": ...}``."""
        return {
            "op": "between",
            "field": self.field,
            "start": _when_to_json(self.start),
            "end": _when_to_json(self.end),
        }

    def __repr__(self) -> str:
        """Return ``col('field').between(start, end)``."""
        return (
            f"col({self.field!r}).between({_temporal_repr(self.start)}, {_temporal_repr(self.end)})"
        )


def _day_range(value: object) -> DayRange:
    if isinstance(value, DayRange):
        r = value
    elif isinstance(value, int) and not isinstance(value, bool):
        r = DayRange(value, value)
    elif isinstance(value, dt.timedelta):
        r = DayRange(value.days, value.days)
    else:
        msg = (
            f"duration={value!r} is not a duration; "
            "expected a DayRange (days(n), weeks(n)) or int days"
        )
        raise QueryError(msg)
    if r.lo < 0:
        msg = f"duration={r!r} is negative; within() needs a distance of zero or more days"
        raise QueryError(msg)
    return r


@attrs.frozen(repr=False)
class Within(Predicate):
    """TRUE where the date is at most *duration* days from *of* (0 when they share a day).

    The distance between two days is the number of days from one to the other; between a
    period and a day it is measured to the period's nearest day. With fuzzy dates or a fuzzy
    duration (``months(3)`` is 89 to 92 days) the answer is TRUE when every completion is near
    enough, FALSE when none is.
    """

    field: str
    duration: DayRange = attrs.field(converter=_day_range)
    of: When | Span

    def evaluate(self, event: Event) -> Truth:
        """Return whether the event's date lies within the duration of the anchor."""
        got = _temporal_value(event, self.field)
        if got is None:
            return Truth.FALSE
        return _s_within(bounds_of(got), bounds_of(self.of), self.duration.lo, self.duration.hi)

    def _codes(self, ix: Index) -> Codes:
        column = ix.temporal(self.field)
        out = _v_within(_side(column), bounds_of(self.of), self.duration.lo, self.duration.hi)
        if not column.present.all():
            out = np.where(column.present, out, _FALSE).astype(np.int8)
        return out

    def _rows(self, ix: Index) -> tuple[int, int]:
        column = ix.temporal(self.field)
        if not column.sorted_start:
            return (0, ix.n)
        ys_lo, _, _, ye_hi, _ = bounds_of(self.of)
        d = self.duration.hi
        hi = int(np.searchsorted(column.s_lo, ye_hi + d, "right"))
        lo = int(np.searchsorted(column.s_lo, ys_lo - d - column.reach, "left"))
        return (lo, hi)

    def to_dict(self) -> dict[str, JSON]:
        """Return ``{"op": "within", "field": ..., "days": [lo, hi], "of": ...}``."""
        return {
            "op": "within",
            "field": self.field,
            "days": [self.duration.lo, self.duration.hi],
            "of": _temporal_to_json(self.of),
        }

    def __repr__(self) -> str:
        """Return ``col('field').within(DayRange(lo, hi), of=date)``."""
        return f"col({self.field!r}).within({self.duration!r}, of={_temporal_repr(self.of)})"


# --------------------------------------------------------------------------------------------
# Builders


class Column:
    """A reference to an event field; its comparisons and tests build predicates.

    ``col("country") == "CN"`` is a :class:`Predicate`, not a bool, so a column reference is
    not hashable and is never used as a value itself.

    >>> col("country") == "CN"
    col('country') == 'CN'
    >>> col("when").between("2024-09-01", "2024-11-30")
    col('when').between('2024-09-01', '2024-11-30')
    """

    __slots__ = ("family", "name")
    __hash__ = None  # type: ignore[assignment]  # == builds a predicate, so no hashing

    def __init__(self, name: str) -> None:
        """Refer to field *name*.

        Raises:
            UnknownFieldError: no event kind has that field.
        """
        self.name = name
        self.family: Family = _field_family(name)

    def __repr__(self) -> str:
        """Return ``col('name')``."""
        return f"col({self.name!r})"

    def __bool__(self) -> bool:
        """Raise: a column reference is not a value."""
        msg = f"{self!r} has no truth value; compare it (col(...) == value) to build a predicate"
        raise TypeError(msg)

    # -- comparisons -------------------------------------------------------------------------

    def _scalar(self, value: object, op: str) -> Scalar | When | Span:
        family = self.family
        if family == "multi":
            msg = (
                f"col({self.name!r}) holds several values; {op} {value!r} is ambiguous. "
                f"Use col({self.name!r}).contains(x) or .isin([...])"
            )
            raise QueryError(msg)
        if family == "temporal":
            if op not in ("==", "!=", "in"):
                msg = (
                    f"col({self.name!r}) {op} {value!r}: dates have no fuzzy order; use "
                    f".before(), .after() or .between() (three-valued)"
                )
                raise QueryError(msg)
            return _temporal(value, what=f"col({self.name!r}) {op} value")
        scalar = _json_scalar(_unwrap(value), what=f"col({self.name!r}) {op} value")
        expected = {"text": (str,), "number": (int, float), "bool": (bool,)}.get(family)
        mismatched = expected is not None and not isinstance(scalar, expected)
        if mismatched or (family == "number" and isinstance(scalar, bool)):
            msg = (
                f"col({self.name!r}) {op} {value!r}: field {self.name!r} holds "
                f"{family} values, not {type(value).__name__}"
            )
            raise QueryError(msg)
        return scalar

    def _compare(self, op: Op, value: object) -> Predicate:
        return Compare(self.name, op, self._scalar(value, op))

    def __eq__(self, value: object) -> Predicate:  # type: ignore[override]  # builds a predicate
        """Return the predicate ``field == value``."""
        return self._compare("==", value)

    def __ne__(self, value: object) -> Predicate:  # type: ignore[override]  # builds a predicate
        """Return the predicate ``field != value`` (FALSE where the value is missing)."""
        return self._compare("!=", value)

    def __lt__(self, value: object) -> Predicate:
        """Return the predicate ``field < value``."""
        return self._compare("<", value)

    def __le__(self, value: object) -> Predicate:
        """Return the predicate ``field <= value``."""
        return self._compare("<=", value)

    def __gt__(self, value: object) -> Predicate:
        """Return the predicate ``field > value``."""
        return self._compare(">", value)

    def __ge__(self, value: object) -> Predicate:
        """Return the predicate ``field >= value``."""
        return self._compare(">=", value)

    def isin(self, values: Iterable[object]) -> Predicate:
        """Return the predicate "the value is one of *values*" (collections: any element).

        Raises:
            QueryError: *values* is a single string, or holds a value of the wrong type.
        """
        if isinstance(values, str | bytes):
            msg = f"col({self.name!r}).isin({values!r}) needs a collection of values, not a string"
            raise QueryError(msg)
        if self.family == "multi":
            items = frozenset(
                _json_scalar(v, what=f"col({self.name!r}).isin value") for v in values
            )
        elif self.family == "temporal":
            msg = f"col({self.name!r}).isin(...) is not available on dates; use .between() or |"
            raise QueryError(msg)
        else:
            items = frozenset(self._scalar(v, "in") for v in values)  # type: ignore[misc]
        return IsIn(self.name, items)

    def contains(self, value: object) -> Predicate:
        """Return the predicate "the value contains *value*".

        A substring for text fields, an element for collection fields (``tags``, ``actors``),
        and for date fields: every day of *value* lies within the event's date.
        """
        if self.family == "temporal":
            return Relation(self.name, "contains", _temporal(value, what="contains"))
        if self.family not in ("text", "multi", "other"):
            msg = (
                f"col({self.name!r}).contains({value!r}): "
                f"field {self.name!r} holds {self.family} values"
            )
            raise QueryError(msg)
        return Contains(self.name, _json_scalar(value, what=f"col({self.name!r}).contains value"))

    # -- temporal tests ----------------------------------------------------------------------

    def _temporal_field(self, test: str) -> None:
        if self.family != "temporal":
            msg = (
                f"col({self.name!r}).{test}() needs a date field; "
                f"{self.name!r} holds {self.family} values"
            )
            raise QueryError(msg)

    def _relation(self, relation: Rel, other: TemporalArg) -> Predicate:
        self._temporal_field(relation)
        return Relation(self.name, relation, _temporal(other, what=relation))

    def before(self, other: TemporalArg) -> Predicate:
        """Return the predicate "every day of the date is before *other*"."""
        return self._relation("before", other)

    def after(self, other: TemporalArg) -> Predicate:
        """Return the predicate "every day of the date is after *other*"."""
        return self._relation("after", other)

    def during(self, other: TemporalArg) -> Predicate:
        """Return the predicate "every day of the date lies within *other*" (e.g. a Span)."""
        return self._relation("during", other)

    def overlaps(self, other: TemporalArg) -> Predicate:
        """Return the predicate "the date shares a day with *other*"."""
        return self._relation("overlaps", other)

    def between(self, start: When | str | dt.date, end: When | str | dt.date) -> Predicate:
        """Return the predicate "the date lies from *start*'s first to *end*'s last day".

        Both ends are inclusive; strings parse as :class:`When`, so
        ``between("2024-09", "2024-11")`` covers 1 September to 30 November.

        Raises:
            QueryError: an end is not a date, or the range is empty.
        """
        self._temporal_field("between")
        return Between(self.name, _when(start, what="start"), _when(end, what="end"))

    def within(self, duration: DayRange | int, *, of: object) -> Predicate:
        """Return the predicate "the date is at most *duration* from *of*".

        Args:
            duration: A :class:`DayRange` (``days(30)``, ``weeks(3)``, ``months(3)``) or days.
            of: An event (its date is used), a When, a Span or a date string.
        """
        self._temporal_field("within")
        return Within(self.name, _day_range(duration), _temporal(of, what="of"))


def col(name: str) -> Column:
    """Return a reference to the event field *name*, to compare and test.

    Raises:
        UnknownFieldError: no event kind has that field (the message lists near names).
    """
    return Column(name)


def is_a(kind: type[Event] | str) -> Predicate:
    """Return the predicate "the event is a *kind*" (a class such as Release, or its kind string).

    Raises:
        QueryError: *kind* is not an event kind.
    """
    return IsA(_kind_name(kind))


def _kind_name(kind: object) -> str:
    if isinstance(kind, type):
        name = _class_kind(kind)
        if name is None or not issubclass(kind, Event):
            msg = f"kind={kind!r} is not an event kind; pass an Event subclass such as Release"
            raise QueryError(msg)
        return name
    if not isinstance(kind, str):
        msg = f"kind={kind!r} is not an event kind; pass a class or a kind string"
        raise QueryError(msg)
    _kind_class(kind)
    return kind


def tagged(tag: str) -> Predicate:
    """Return the predicate "the event has tag *tag*"."""
    return Tagged(_tag(tag))


def _tag(tag: object) -> str:
    if not isinstance(tag, str) or not tag:
        msg = f"tag={tag!r} is not a tag; expected a non-empty string"
        raise QueryError(msg)
    return tag


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


# --------------------------------------------------------------------------------------------
# JSON


_JSON_OPS: Final = (
    "const",
    "and",
    "or",
    "not",
    "possibly",
    "definitely",
    "is_a",
    "tagged",
    *_OPS,
    "isin",
    "contains",
    *_RELATIONS,
    "between",
    "within",
)


def _get(data: Mapping[str, JSON], key: str, where: str) -> JSON:
    if key not in data:
        msg = f"{where}: missing key {key!r} in {dict(data)!r}"
        raise QueryError(msg)
    return data[key]


def _str(data: Mapping[str, JSON], key: str, where: str) -> str:
    value = _get(data, key, where)
    if not isinstance(value, str):
        msg = f"{where}.{key}={value!r} is not a string"
        raise QueryError(msg)
    return value


def _sub(data: JSON, where: str) -> Predicate:
    if not isinstance(data, dict):
        msg = f"{where}={data!r} is not a predicate; expected a JSON object with an 'op' key"
        raise QueryError(msg)
    return _from_json(data, where=where)


def _from_json(data: object, *, where: str) -> Predicate:  # noqa: C901, PLR0912, PLR0915 - one branch per node
    if not isinstance(data, Mapping):
        msg = f"{where}={data!r} is not a predicate; expected a JSON object with an 'op' key"
        raise QueryError(msg)
    op = _str(data, "op", where)
    if op not in _JSON_OPS:
        msg = f"{where}: unknown op={op!r}; expected one of {', '.join(_JSON_OPS)}"
        raise QueryError(msg)
    where = f"{where}[{op}]"
    if op == "const":
        truth = _str(data, "truth", where)
        try:
            return Const(Truth[truth.upper()])
        except KeyError:
            msg = f"{where}.truth={truth!r} is not one of 'true', 'false', 'unknown'"
            raise QueryError(msg) from None
    if op in ("and", "or"):
        args = _get(data, "args", where)
        if not isinstance(args, list):
            msg = f"{where}.args={args!r} is not a list of predicates"
            raise QueryError(msg)
        parts = [_sub(a, f"{where}.args[{i}]") for i, a in enumerate(args)]
        if len(parts) < 2:
            msg = f"{where}.args has {len(parts)} predicates; '{op}' needs at least 2"
            raise QueryError(msg)
        return And(tuple(parts)) if op == "and" else Or(tuple(parts))
    if op in ("not", "possibly", "definitely"):
        part = _sub(_get(data, "arg", where), f"{where}.arg")
        if op == "not":
            return Not(part)
        return Possibly(part) if op == "possibly" else Definitely(part)
    if op == "is_a":
        return is_a(_str(data, "kind", where))
    if op == "tagged":
        return tagged(_str(data, "tag", where))
    field = _str(data, "field", where)
    column = col(field)
    if op in _OPS:
        if "date" in data:
            value: object = _temporal_from_json(data["date"], where=f"{where}.date")
        else:
            value = _get(data, "value", where)
        return column._compare(op, value)  # type: ignore[arg-type]  # noqa: SLF001 - op is checked
    if op == "isin":
        values = _get(data, "values", where)
        if not isinstance(values, list):
            msg = f"{where}.values={values!r} is not a list"
            raise QueryError(msg)
        return column.isin(values)
    if op == "contains" and "value" in data:
        return column.contains(data["value"])
    if op in _RELATIONS:
        other = _temporal_from_json(_get(data, "date", where), where=f"{where}.date")
        if op == "contains":
            return column.contains(other)
        return column._relation(op, other)  # type: ignore[arg-type]  # noqa: SLF001 - op is checked
    if op == "between":
        start = _when_from_json(_get(data, "start", where), where=f"{where}.start")
        end = _when_from_json(_get(data, "end", where), where=f"{where}.end")
        return column.between(start, end)
    if op == "within":
        days = _get(data, "days", where)
        ok = isinstance(days, list) and len(days) == 2 and all(type(d) is int for d in days)
        if not ok or not isinstance(days, list):
            msg = f"{where}.days={days!r} is not [lo, hi] whole days"
            raise QueryError(msg)
        lo, hi = int(str(days[0])), int(str(days[1]))
        if lo > hi:
            msg = f"{where}.days={days!r} is inverted; expected lo <= hi"
            raise QueryError(msg)
        anchor = _temporal_from_json(_get(data, "of", where), where=f"{where}.of")
        return column.within(DayRange(lo, hi), of=anchor)
    msg = f"{where}: op={op!r} is not read here"  # pragma: no cover - _JSON_OPS lists all
    raise QueryError(msg)
