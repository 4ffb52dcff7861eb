"""Compile predicates to Ibis boolean expressions with SQL's three-valued logic (private).

The algebra's Kleene logic is SQL's: TRUE and FALSE are booleans and UNKNOWN is NULL, so
``&``, ``|`` and ``~`` compile to ``AND``, ``OR`` and ``NOT`` unchanged. A test on a value an
event does not have is FALSE, never NULL (``COALESCE(model = 'R1', FALSE)``); only a fuzzy
date yields NULL. ``possibly(p)`` is ``p IS NOT FALSE`` (``COALESCE(p, TRUE)``) and
``definitely(p)`` is ``p IS TRUE`` (``COALESCE(p, FALSE)``).

Temporal relations compare the date bound columns of :mod:`aitimeline._arrow` with constant
days, by the same formulas as the vectorised evaluation in :mod:`aitimeline._query`.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable
from typing import Any, Final, TypeAlias

import ibis
import ibis.expr.types as ir

from aitimeline._arrow import BOUNDS, DERIVED_TAGS, column_of, date_text
from aitimeline._calendar import MAX_ORDINAL, MIN_ORDINAL
from aitimeline._dates import Span, When
from aitimeline._events import EVENT_KINDS
from aitimeline._field_preds import TextTest
from aitimeline._query import (
    And,
    Between,
    Compare,
    Const,
    Contains,
    Definitely,
    IsA,
    IsIn,
    Not,
    Or,
    Possibly,
    Predicate,
    Relation,
    Tagged,
    Within,
)
from aitimeline._strings import portable
from aitimeline.exceptions import QueryError

__all__ = ["FALSE", "TRUE", "compile_predicate", "compile_true", "graded", "null_bool"]

Bool: TypeAlias = ir.BooleanValue
_Side: TypeAlias = tuple[Any, Any, Any, Any, Any]
"""(start_lo, start_hi, end_lo, end_hi, instant): columns or constants."""


def null_bool() -> Bool:
    """Return a boolean NULL: UNKNOWN."""
    return ibis.null("boolean")


TRUE: Final[Bool] = ibis.literal(value=True, type="boolean")
"""SQL TRUE."""
FALSE: Final[Bool] = ibis.literal(value=False, type="boolean")
"""SQL FALSE."""


def graded(possible: Bool, certain: Bool, *, absent: Bool | None = None) -> Bool:
    """Return TRUE where *certain*, UNKNOWN (NULL) where only *possible*, else FALSE.

    Rows where *absent* holds (the date is missing) are FALSE.
    """
    cases = [(certain, TRUE), (possible, null_bool())]
    if absent is not None:
        cases.insert(0, (absent, FALSE))
    return ibis.cases(*cases, else_=FALSE)


def _day(ordinal: int) -> ir.DateScalar:
    clamped = min(max(ordinal, MIN_ORDINAL), MAX_ORDINAL)
    return ibis.literal(dt.date.fromordinal(clamped), type="date")


def _const_side(value: When | Span) -> _Side:
    s_lo, s_hi, e_lo, e_hi, instant = value.ordinal_bounds()
    return (s_lo, s_hi, e_lo, e_hi, instant)


class _Compiler:
    """Compile predicate trees against one Ibis table of the columnar layout."""

    def __init__(self, table: ir.Table) -> None:
        self.table = table
        self.names = frozenset(table.columns)
        self.dispatch: dict[type, Callable[[Any], Bool]] = {
            Const: self._const,
            And: self._and,
            Or: self._or,
            Not: lambda p: ~self.compile(p.part),
            Possibly: lambda p: self.compile(p.part).fill_null(TRUE),
            Definitely: lambda p: self.compile(p.part).fill_null(FALSE),
            Compare: self._compare,
            IsIn: self._isin,
            Contains: self._contains,
            TextTest: self._text,
            IsA: self._is_a,
            Tagged: self._tagged,
            Relation: self._relation,
            Between: lambda p: self._relation(Relation(p.field, "during", p.span)),
            Within: self._within,
        }

    def compile(self, p: Predicate) -> Bool:
        handler = self.dispatch.get(type(p))
        if handler is None:
            msg = (
                f"cannot compile {p!r} ({type(p).__name__}) for an engine; the predicates "
                "that compile are the nodes of aitimeline's query algebra"
            )
            raise QueryError(msg)
        return handler(p)

    # -- columns -----------------------------------------------------------------------------

    def _column(self, column: str, field: str) -> ir.Column:
        if column not in self.names:
            msg = (
                f"the table has no column {column!r}, which a test of field {field!r} needs; "
                "expected a table in aitimeline's columnar layout"
            )
            raise QueryError(msg)
        return self.table[column]

    def _columns(self, field: str) -> list[tuple[str, str]]:
        """Return the distinct (column, category) pairs that hold *field*, present or not."""
        if field == "kind":
            return [("kind", "text")]
        found = sorted(set(column_of(field).values()))
        return [(c, cat) for c, cat in found if c in self.names] or found[:1]

    def _any(self, field: str, test: Callable[[ir.Column, str], Bool | None]) -> Bool:
        """OR of *test* over the columns of *field*; a None test is FALSE for that column."""
        parts = [
            result.fill_null(FALSE)
            for column, category in self._present(field)
            if (result := test(column, category)) is not None
        ]
        return functools.reduce(operator.or_, parts) if parts else FALSE

    def _present(self, field: str) -> list[tuple[ir.Column, str]]:
        """Return the columns of the table that hold *field*, with their categories."""
        if (found := derived_column(self.table, field)) is not None:
            return [found]
        # a kind absent from this table has no column: no row has the value
        return [(self.table[c], cat) for c, cat in self._columns(field) if c in self.names]

    def _tagged(self, p: Tagged) -> Bool:
        return self._tag(p.tag)

    def _tag(self, tag: str) -> Bool:
        # Queries on tags ask the derived set (a release's capabilities and open weights count),
        # as tagged() does; a table written before that column existed holds only the tags.
        column = DERIVED_TAGS if DERIVED_TAGS in self.names else "tags"
        return self._has(self._column(column, "tags"), tag)

    # -- logic -------------------------------------------------------------------------------

    def _const(self, p: Const) -> Bool:
        return null_bool() if p.truth.code == 1 else TRUE if p.truth.code == 2 else FALSE

    def _and(self, p: And) -> Bool:
        parts = [self.compile(part) for part in p.parts]
        return functools.reduce(operator.and_, parts) if parts else TRUE

    def _or(self, p: Or) -> Bool:
        parts = [self.compile(part) for part in p.parts]
        return functools.reduce(operator.or_, parts) if parts else FALSE

    # -- values ------------------------------------------------------------------------------

    def _compare(self, p: Compare) -> Bool:
        if isinstance(p.value, When | Span):
            return self._compare_date(p)
        value = p.value

        def test(column: ir.Column, category: str) -> Bool | None:
            operand = _operand(column, category, value)
            if operand is None:
                if p.op in ("==", "!="):
                    return column.notnull() if p.op == "!=" else None
                msg = (
                    f"cannot compile {p!r}: field {p.field!r} holds {category} values, which "
                    f"do not compare with {type(value).__name__} {value!r}"
                )
                raise QueryError(msg)
            return _OPERATORS[p.op](operand, value)

        return self._any(p.field, test)

    def _compare_date(self, p: Compare) -> Bool:
        if p.op not in ("==", "!="):
            msg = (
                f"cannot compile {p!r}: dates are fuzzy and have no order; use before(), "
                "after() or between()"
            )
            raise QueryError(msg)
        assert isinstance(p.value, When | Span)  # noqa: S101 - checked by the caller
        text = date_text(p.to_dict()["date"])
        parts = []
        for name in sorted({c for c, _ in self._columns(p.field)}):
            column = self._column(name, p.field)
            test = column == text if p.op == "==" else column != text
            parts.append(test.fill_null(FALSE))
        return functools.reduce(operator.or_, parts)

    def _isin(self, p: IsIn) -> Bool:
        def test(column: ir.Column, category: str) -> Bool | None:
            if category == "list":
                tests = [
                    self._has(column, v) for v in sorted(x for x in p.values if isinstance(x, str))
                ]
                return functools.reduce(operator.or_, tests) if tests else None
            values = [v for v in p.values if _operand(column, category, v) is not None]
            if not values:
                return None
            return _operand(column, category, values[0]).isin(values)  # type: ignore[union-attr]

        return self._any(p.field, test)

    def _contains(self, p: Contains) -> Bool:
        value = p.value
        if p.field in ("tags", DERIVED_TAGS) and isinstance(value, str):
            return self._tag(value)

        def test(column: ir.Column, category: str) -> Bool | None:
            if category == "list":
                return self._has(column, value) if isinstance(value, str) else None
            if category == "text":
                return column.contains(value) if isinstance(value, str) else None
            msg = f"cannot compile {p!r}: field {p.field!r} holds {category} values, not text"
            raise QueryError(msg)

        return self._any(p.field, test)

    def _text(self, p: TextTest) -> Bool:
        if p.op == "matches":
            _check_portable(p)

        def test(column: ir.Column, category: str) -> Bool | None:
            if category != "text":
                return None  # a text test never holds of a number (as in memory)
            if p.op == "startswith":
                return column.startswith(p.text)
            if p.op == "endswith":
                return column.endswith(p.text)
            return column.re_search(p.text)

        return self._any(p.field, test)

    def _has(self, column: ir.Column, value: str) -> Bool:
        return column.contains(value).fill_null(FALSE)

    def _is_a(self, p: IsA) -> Bool:
        cls = EVENT_KINDS.get(p.kind)
        if cls is None:
            msg = f"kind={p.kind!r} is not an event kind; expected one of {list(EVENT_KINDS)}"
            raise QueryError(msg)
        kinds = sorted(k for k, c in EVENT_KINDS.items() if issubclass(c, cls))
        return self._column("kind", "kind").isin(kinds)

    # -- dates -------------------------------------------------------------------------------

    def _side(self, field: str) -> tuple[_Side, Bool | None]:
        """Return the bound columns of a date field and a test that the field is absent."""
        pairs = [c for c, cat in self._columns(field) if cat == "temporal"]
        if not pairs:
            msg = f"field {field!r} is not a date; temporal tests need a date field"
            raise QueryError(msg)
        base = pairs[0]
        cols = [self._column(f"{base}_{b}", field) for b in BOUNDS]
        instant = self._column(f"{base}_instant", field)
        absent = None if field == "when" else cols[0].isnull()  # every event has a when
        return (cols[0], cols[1], cols[2], cols[3], instant), absent

    def _relation(self, p: Relation) -> Bool:
        x, absent = self._side(p.field)
        y = _const_side(p.other)
        if p.relation == "before":
            parts = _before_parts(x, y)
        elif p.relation == "after":
            parts = _before_parts(y, x)
        elif p.relation == "during":
            parts = _during(x, y)
        elif p.relation == "contains":
            parts = _during(y, x)
        else:
            parts = _overlaps(x, y)
        return graded(*parts, absent=absent)

    def _within(self, p: Within) -> Bool:
        x, absent = self._side(p.field)
        y0, y1, y2, y3, _ = _const_side(p.of)
        lo, hi = p.duration.lo, p.duration.hi
        # near <= hi, far <= lo, with near = max(0, y0 - x3, x0 - y3) and far alike
        possible = (x[3] >= _day(y0 - hi)) & (x[0] <= _day(y3 + hi))
        certain = (x[2] >= _day(y1 - lo)) & (x[1] <= _day(y2 + lo))
        return graded(possible, certain, absent=absent)


_CLASS_ESCAPES: Final = ("\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B")


def _check_portable(p: TextTest) -> None:
    """Refuse a regex an engine's dialect may read unlike Python's ``re``.

    A pattern compiles when RE2 reads it as ``re`` does on ASCII text (:func:`portable`)
    and it has no ``$`` (before a final newline in ``re``, only at the end in RE2) and no
    class escape (Unicode classes in ``re``, ASCII ones in RE2 and Java).
    """
    text = p.text
    if portable(text) and "$" not in text and not any(e in text for e in _CLASS_ESCAPES):
        return
    msg = (
        f"cannot compile {p!r} for an engine: the pattern may match differently there than "
        "in Python's re; engines take ASCII patterns that RE2 reads, without $, "
        "backreferences or class escapes (\\d, \\w, \\s, \\b); write the class out, e.g. [0-9]"
    )
    raise QueryError(msg)


def _val(v: Any) -> Any:  # noqa: ANN401 - a column or an ordinal
    return _day(v) if isinstance(v, int) and not isinstance(v, bool) else v


def _pair(x: _Side, y: _Side) -> tuple[list[Any], list[Any]]:
    return [_val(v) for v in x[:4]], [_val(v) for v in y[:4]]


def _before_parts(x: _Side, y: _Side) -> tuple[Bool, Bool]:
    """Return (possible, certain) that every day of x is before every day of y."""
    (_, _, xe_lo, xe_hi), (ys_lo, ys_hi, _, _) = _pair(x, y)
    return xe_lo < ys_hi, xe_hi < ys_lo


def _overlaps(x: _Side, y: _Side) -> tuple[Bool, Bool]:
    """X and y share a day: neither is before the other."""
    p1, c1 = _before_parts(x, y)
    p2, c2 = _before_parts(y, x)
    return ~(c1 | c2), ~p1 & ~p2


def _during(x: _Side, y: _Side) -> tuple[Bool, Bool]:
    """Every day of x lies in y (Allen during, starts, finishes or equals)."""
    (xs_lo, xs_hi, xe_lo, xe_hi), (ys_lo, ys_hi, ye_lo, ye_hi) = _pair(x, y)
    certain = (xs_lo >= ys_hi) & (xe_hi <= ye_lo)
    lo = ibis.greatest(xe_lo, ys_lo)
    in_span = (ibis.greatest(xs_lo, ys_lo) <= xs_hi) & (lo <= ibis.least(xe_hi, ye_hi))
    in_day = lo <= ibis.least(xs_hi, ys_hi)
    y_instant = y[4]
    if isinstance(y_instant, bool):
        possible = in_day if y_instant else in_span
    else:
        possible = ibis.ifelse(y_instant, in_day, in_span)
    return possible, certain


_OPERATORS: Final[dict[str, Callable[[Any, Any], Bool]]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}

_NUMERIC: Final = frozenset({"int", "float", "decimal"})


def _operand(column: ir.Column, category: str, value: object) -> ir.Column | None:
    """Return the column as it compares with *value*, or None if they cannot compare."""
    if category == "text":
        return column if isinstance(value, str) else None
    if category == "bool":
        return column if isinstance(value, bool) else None
    if category in _NUMERIC:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return None
        return column.cast("float64") if category == "decimal" else column
    return None


class _TrueCompiler(_Compiler):
    """Compile the test "p is TRUE" for a WHERE clause, in the form engines push down best.

    Negations are pushed to the leaves (``~a`` is TRUE where *a* is FALSE), so every leaf
    appears un-negated and may be NULL where it is not TRUE: a WHERE clause drops NULL as it
    drops FALSE, and AND and OR are monotone. A leaf is then a plain comparison
    (``model = 'R1'``, ``when_latest < DATE '2025-01-20'``) that an engine can push into a
    Parquet scan, without the COALESCE and CASE of the three-valued form.
    """

    def __init__(self, table: ir.Table) -> None:
        super().__init__(table)
        self.three = _Compiler(table)
        self.dispatch.update(
            {
                Not: lambda p: (~self.three.compile(p.part)).fill_null(FALSE),
                Possibly: lambda p: self.three.compile(p.part).fill_null(TRUE),
                Definitely: lambda p: self.compile(p.part),
                Const: lambda p: TRUE if p.truth.code == 2 else FALSE,
            }
        )

    def _any(self, field: str, test: Callable[[ir.Column, str], Bool | None]) -> Bool:
        parts = [
            result
            for column, category in self._present(field)
            if (result := test(column, category)) is not None
        ]
        return functools.reduce(operator.or_, parts) if parts else FALSE

    def _has(self, column: ir.Column, value: str) -> Bool:
        return column.contains(value)

    def _relation(self, p: Relation) -> Bool:
        x, _ = self._side(p.field)
        y = _const_side(p.other)
        parts = {
            "before": lambda: _before_parts(x, y),
            "after": lambda: _before_parts(y, x),
            "during": lambda: _during(x, y),
            "contains": lambda: _during(y, x),
            "overlaps": lambda: _overlaps(x, y),
        }[p.relation]()
        return parts[1]  # certain: NULL where the date is missing, dropped as FALSE is

    def _within(self, p: Within) -> Bool:
        x, _ = self._side(p.field)
        _, y1, y2, _, _ = _const_side(p.of)
        lo = p.duration.lo
        return (x[2] >= _day(y1 - lo)) & (x[1] <= _day(y2 + lo))


def derived_column(table: ir.Table, field: str) -> tuple[ir.Column, str] | None:
    """Return the expression and category of a derived field (a property of events), or None.

    ``country`` is the first of ``countries`` (NULL when there are none); ``preview`` is
    ``stage != 'released'`` (NULL for kinds without a stage).
    """
    if field == "country" and "countries" in table.columns:
        countries = table["countries"]
        # guarded: Spark's ANSI mode refuses an index past the end instead of giving NULL
        first = (countries.length() > 0).ifelse(countries[0], ibis.null("string"))
        return first, "text"
    if field == "preview" and "stage" in table.columns:
        return table["stage"] != "released", "bool"
    return None


def compile_true(table: ir.Table, p: Predicate) -> Bool:
    """Return a condition that holds where *p* is TRUE, for ``WHERE`` only (NULL means not).

    Raises:
        QueryError: as :func:`compile_predicate`.
    """
    return _TrueCompiler(table).compile(p)


def compile_predicate(table: ir.Table, p: Predicate) -> Bool:
    """Return the Ibis boolean expression of *p* over *table* (NULL where UNKNOWN).

    Raises:
        QueryError: *p* uses a test that has no SQL form here, or the table lacks a column.
    """
    return _Compiler(table).compile(p)
