"""Temporal predicates: a date field related to a constant date or period.

Evaluated per event and vectorised over the index's bounds.

Layer: the query layer, above the nodes of ``_predicates``. Each relation is three-valued:
TRUE when every completion of the fuzzy dates satisfies it, FALSE when none does. The
vectorised forms work on the normalised day bounds of ``_index`` (start and end ranges, and
whether the value is an instant), so they agree with :meth:`When.before` and co. row by row.

An event passed as the other date stands for its period where it holds over one (an export
control's ``in_force``), per :func:`~aitimeline._periods.as_period`; ``between`` needs single
days and refuses such an event, naming the field.

>>> from aitimeline._dates import Span, When
>>> Relation("when", "during", Span(When.parse("2024-01"), When.parse("2024-12")))
col('when').during(Span('2024-01', '2024-12'))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._dates import DayRange, Span, Truth, When
from aitimeline._field_preds import text_contains
from aitimeline._fields import (
    column_field,
    day_range,
    field_value,
    temporal_from_json_as,
    temporal_json,
    temporal_operand,
    temporal_repr,
    when_from_json_as,
    when_operand,
)
from aitimeline._index import MISSING, Bounds, Index, TemporalColumn, bounds_of
from aitimeline._predicates import (
    FALSE_CODE,
    Codes,
    Predicate,
    graded,
    json_get,
    json_op,
    json_str,
)
from aitimeline._records import Event
from aitimeline._types import JSON
from aitimeline.exceptions import QueryError

__all__ = [
    "RELATIONS",
    "Between",
    "Rel",
    "Relation",
    "Within",
    "between",
    "contains",
    "relation",
    "within",
]

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
    return graded(np.asarray(x[2] < y[1]), np.asarray(x[3] < y[0]))


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
    return graded(possible, certain)


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
    return graded(near <= hi, far <= lo)


# --------------------------------------------------------------------------------------------
# The nodes


Rel: TypeAlias = Literal["before", "after", "during", "overlaps", "contains"]
RELATIONS: Final = ("before", "after", "during", "overlaps", "contains")


def _temporal_value(event: Event, field: str) -> When | Span | None:
    got = field_value(event, field)
    if got is MISSING:
        return None
    if not isinstance(got, When | Span):
        msg = f"the event's {field}={got!r} ({type(got).__name__}) is not a date"
        raise QueryError(msg)
    return got


@json_op(*RELATIONS)
@attrs.frozen(repr=False)
class Relation(Predicate):
    """A three-valued temporal relation between a date field and a constant date."""

    field: str
    relation: Rel
    other: When | Span

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:
        field = json_str(data, "field", where)
        if op == "contains" and "value" in data:  # an element or a substring, or a date
            return contains(field, data["value"])
        other = temporal_from_json_as(json_get(data, "date", where), where=f"{where}.date")
        if op == "contains":
            return contains(field, other)
        return relation(field, op, other)

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
            out = np.where(column.present, out, FALSE_CODE).astype(np.int8)
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
        return {"op": self.relation, "field": self.field, "date": temporal_json(self.other)}

    def __repr__(self) -> str:
        """Return ``col('field').relation(date)``."""
        return f"col({self.field!r}).{self.relation}({temporal_repr(self.other)})"


def _range_span(start: When, end: When) -> Span:
    return Span(
        When.day(start.earliest.year, start.earliest.month, start.earliest.day),
        When.day(end.latest.year, end.latest.month, end.latest.day),
    )


@json_op("between")
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

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        field = json_str(data, "field", where)
        start = when_from_json_as(json_get(data, "start", where), where=f"{where}.start")
        end = when_from_json_as(json_get(data, "end", where), where=f"{where}.end")
        return between(field, start, end)

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
            "start": temporal_json(self.start),
            "end": temporal_json(self.end),
        }

    def __repr__(self) -> str:
        """Return ``col('field').between(start, end)``."""
        return (
            f"col({self.field!r}).between({temporal_repr(self.start)}, {temporal_repr(self.end)})"
        )


@json_op("within")
@attrs.frozen(repr=False)
class Within(Predicate):
    """TRUE where the date is at most *duration* days from *of* (0 when they share a day).

    The distance between two days is the number of days from one to the other; between a
    period and a day it is measured to the period's nearest day. With fuzzy dates or a fuzzy
    duration (``months(3)`` is 89 to 92 days) the answer is TRUE when every completion is near
    enough, FALSE when none is.
    """

    field: str
    duration: DayRange = attrs.field(converter=day_range)
    of: When | Span

    @classmethod
    def _from_json(cls, op: str, data: Mapping[str, JSON], where: str) -> Predicate:  # noqa: ARG003
        field = json_str(data, "field", where)
        days = json_get(data, "days", where)
        ok = isinstance(days, list) and len(days) == 2 and all(type(d) is int for d in days)
        if not ok or not isinstance(days, list):
            msg = f"{where}.days={days!r} is not [lo, hi] whole days"
            raise QueryError(msg)
        lo, hi = int(str(days[0])), int(str(days[1]))
        if lo > hi:
            msg = f"{where}.days={days!r} is inverted; expected lo <= hi"
            raise QueryError(msg)
        anchor = temporal_from_json_as(json_get(data, "of", where), where=f"{where}.of")
        return within(field, DayRange(lo, hi), of=anchor)

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
            out = np.where(column.present, out, FALSE_CODE).astype(np.int8)
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
            "of": temporal_json(self.of),
        }

    def __repr__(self) -> str:
        """Return ``col('field').within(DayRange(lo, hi), of=date)``."""
        return f"col({self.field!r}).within({self.duration!r}, of={temporal_repr(self.of)})"


# --------------------------------------------------------------------------------------------
# Builders (the column methods and the JSON readers both use them)


def _temporal_field(field: str, test: str) -> str:
    name, family = column_field(field)
    if family != "temporal":
        msg = f"col({name!r}).{test}() needs a date field; {name!r} holds {family} values"
        raise QueryError(msg)
    return name


def relation(field: str, rel: str, other: object) -> Predicate:
    """Return ``col(field).<rel>(other)`` for *rel* one of :data:`RELATIONS`.

    An event as *other* stands for its period where it holds over one (``in_force``).

    Raises:
        QueryError: the field holds no dates, *rel* is not a relation, or *other* is not a
            date (or is an event whose period is not known).
    """
    if rel not in RELATIONS:
        msg = f"relation={rel!r} is not one of {', '.join(RELATIONS)}"
        raise QueryError(msg)
    name = _temporal_field(field, rel)
    return Relation(name, rel, temporal_operand(other, what=rel))  # type: ignore[arg-type]  # rel is checked


def contains(field: str, value: object) -> Predicate:
    """Return ``col(field).contains(value)``: what "contains" means follows the field's family.

    A substring on text, an element on collections, date containment on dates.
    """
    name, family = column_field(field)
    if family == "temporal":
        return Relation(name, "contains", temporal_operand(value, what="contains"))
    return text_contains(name, family, value)


def between(field: str, start: object, end: object) -> Predicate:
    """Return ``col(field).between(start, end)``: both ends inclusive, each a single date.

    Raises:
        QueryError: an end is not a single date (a period, or an event that holds over one:
            the message names its period field), or the range is empty.
    """
    name = _temporal_field(field, "between")
    return Between(name, when_operand(start, what="start"), when_operand(end, what="end"))


def within(field: str, duration: object, *, of: object) -> Predicate:
    """Return ``col(field).within(duration, of=of)``; an event *of* stands for its period."""
    name = _temporal_field(field, "within")
    return Within(name, day_range(duration), temporal_operand(of, what="of"))
