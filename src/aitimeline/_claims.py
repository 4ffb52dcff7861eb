"""The leaves of the check algebra: dates, order, lags, firsts and typed facts.

Every leaf is sound and complete against the completions of fuzzy dates: TRUE when every
completion makes the statement true, FALSE when none does, UNKNOWN otherwise; so narrowing a
date in the record never flips a definite answer. Dates relative to the article ("last
Friday", "last month", "this week") resolve against the publication date of the claim's
source; where a check takes an event id, ``"@article"`` stands for that publication date.

>>> import aitimeline as at
>>> race = at.datasets.ai_race()
>>> lag_is("deepseek-r1-lite-preview", "qwq-32b-preview", "equals", "a week").evaluate(race).truth
Truth.TRUE
>>> on_date("glm-4-6", "in", "2025-10").evaluate(race).truth
Truth.FALSE
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

import attrs
import pendulum

from aitimeline._calendar import unit_bounds
from aitimeline._checks import (
    ARTICLE,
    Check,
    Evidence,
    Outcome,
    _check_choice,
    _check_event_id,
    _check_ref,
    _check_text,
    _Context,
    _dated,
    _interval_truth,
    _is_predicate,
    _Unsettled,
)
from aitimeline._dates import MAX_DATE, MIN_DATE, Precision, Span, Truth, When
from aitimeline._events import ChipHours, Event, Money, Parameters
from aitimeline._quantities import scaled
from aitimeline._query import Predicate
from aitimeline._readings import COMPARISONS, DEFAULT
from aitimeline.exceptions import ClaimError, DateParseError

__all__ = [
    "PHRASES",
    "FactIs",
    "FirstAmong",
    "InForce",
    "LagIs",
    "LargestAmong",
    "OnDate",
    "Order",
    "RatioIs",
    "SamePeriod",
    "fact",
    "first_among",
    "in_force",
    "lag_is",
    "largest_among",
    "on_date",
    "order",
    "ratio",
    "resolve_phrase",
    "same_period",
]

_RELATIONS: Final = ("in", "before", "after", "by", "since")
_UNITS: Final = {
    "day": Precision.DAY,
    "week": Precision.WEEK,
    "month": Precision.MONTH,
    "quarter": Precision.QUARTER,
    "year": Precision.YEAR,
}
_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PHRASES: Final = (
    "today",
    "yesterday",
    "this week",
    "last week",
    "this month",
    "earlier this month",
    "last month",
    "this year",
    "earlier this year",
    "last year",
    *(f"last {d}" for d in _WEEKDAYS),
)
"""The article-relative periods :func:`resolve_phrase` reads."""


def _check_period(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if isinstance(value, str) and " ".join(value.lower().split()) in PHRASES:
        return
    try:
        When.parse(value)  # type: ignore[arg-type]
    except DateParseError:
        msg = (
            f"{type(instance).__name__}.{attribute.name}={value!r} is neither a date "
            f"('2024-11', '2024-Q4', '2022') nor a phrase relative to the article {PHRASES}"
        )
        raise ClaimError(msg) from None


def _check_amount(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{type(instance).__name__}.{attribute.name}={value!r} is not a duration text"
        raise ClaimError(msg)
    DEFAULT.amount(value)


# -- dates -------------------------------------------------------------------------------------


def resolve_phrase(phrase: str, published: When) -> When:
    """Return the period *phrase* ("last Friday", "last month", ...) names for an article.

    The phrase is resolved from each end of the publication date and the results joined,
    so a source dated only to a month gives a range.

    >>> resolve_phrase("last Friday", When.parse("2026-01-21")).to_edtf()
    '2026-01-16'
    >>> resolve_phrase("last month", When.parse("2025-12-01/2025-12-17")).to_edtf()
    '2025-11'

    Raises:
        ClaimError: the phrase is not one of :data:`PHRASES`.
    """
    key = " ".join(phrase.lower().split())
    if key not in PHRASES:
        msg = f"phrase={phrase!r} is not an article-relative period; expected one of {PHRASES}"
        raise ClaimError(msg)
    first, _ = _resolve_on(key, published.earliest)
    _, last = _resolve_on(key, published.latest)
    precision = Precision.DAY if key.startswith("earlier") else _phrase_precision(key)
    return When(first, last, precision)


def _phrase_precision(key: str) -> Precision:
    for word, precision in (("week", Precision.WEEK), ("month", Precision.MONTH)):
        if key.endswith(word):
            return precision
    return Precision.YEAR if key.endswith("year") else Precision.DAY


def _resolve_on(key: str, d: pendulum.Date) -> tuple[pendulum.Date, pendulum.Date]:
    if key == "today":
        return d, d
    if key == "yesterday":
        return (day := d.subtract(days=1)), day
    if key.startswith("last ") and key[5:] in _WEEKDAYS:
        back = (d.weekday() - _WEEKDAYS.index(key[5:]) - 1) % 7 + 1
        return (day := d.subtract(days=back)), day
    unit = _phrase_precision(key)
    if key.startswith("last"):
        step = {Precision.WEEK: {"weeks": 1}, Precision.MONTH: {"months": 1}}.get(
            unit, {"years": 1}
        )
        return unit_bounds(d.subtract(**step), unit)
    first, last = unit_bounds(d, unit)
    return (first, d) if key.startswith("earlier") else (first, last)


@attrs.frozen
class OnDate(Check, op="date"):
    """An event happened in, before, after, by or since a stated period.

    The period is read as every day it names; *by* is on or before its last day and *since*
    on or after its first.
    """

    event: str = attrs.field(validator=_check_event_id)
    """The event id."""
    relation: str = attrs.field(validator=_check_choice(_RELATIONS))
    """One of ``in``, ``before``, ``after``, ``by``, ``since``."""
    period: str = attrs.field(validator=_check_period)
    """A date expression (``'2024-11'``) or an article-relative phrase (``'last Friday'``)."""

    def _period(self, ctx: _Context) -> When:
        key = " ".join(self.period.lower().split())
        if key not in PHRASES:
            return When.parse(self.period)
        if ctx.published is None:
            msg = f"the source has no publication date, so {self.period!r} cannot be resolved"
            raise _Unsettled(msg)
        return resolve_phrase(key, ctx.published)

    def _outcome(self, ctx: _Context) -> Outcome:
        label, when, evidence = ctx.instant(self.event)
        period = self._period(ctx)
        lo, hi = period.earliest, period.latest
        target = {
            "in": When(lo, hi, Precision.DAY),
            "before": When(MIN_DATE, lo.subtract(days=1), Precision.DAY),
            "after": When(hi.add(days=1), MAX_DATE, Precision.DAY),
            "by": When(MIN_DATE, hi, Precision.DAY),
            "since": When(lo, MAX_DATE, Precision.DAY),
        }[self.relation]
        meaning = {
            "in": str(lo) if lo == hi else f"{lo} to {hi}",
            "before": f"on or before {lo.subtract(days=1)}",
            "after": f"on or after {hi.add(days=1)}",
            "by": f"on or before {hi}",
            "since": f"on or after {lo}",
        }[self.relation]
        word = (
            "on" if self.relation == "in" and period.precision is Precision.DAY else self.relation
        )
        phrase = f"{word} {period.describe()}"
        if " ".join(self.period.lower().split()) in PHRASES:
            said = self.period if self.relation == "in" else f"{self.relation} {self.period}"
            phrase = f"{said} ({period.describe()})"
        detail = (
            f"{label} is dated {when.describe()} ({when.precision.name.lower()}); "
            f"'{phrase}' means {meaning}"
        )
        return Outcome(when.in_period(target), detail, (evidence,))

    def event_ids(self) -> frozenset[str]:
        """Return the event read."""
        return frozenset({self.event})


@attrs.frozen
class SamePeriod(Check, op="same_period"):
    """Two dated things fell in the same calendar unit ("the same month that Qwen launched")."""

    first: str = attrs.field(validator=_check_ref)
    """An event id or ``'@article'``."""
    second: str = attrs.field(validator=_check_ref)
    """An event id or ``'@article'``."""
    unit: str = attrs.field(validator=_check_choice(tuple(_UNITS)))
    """``day``, ``week``, ``month``, ``quarter`` or ``year``."""

    def _outcome(self, ctx: _Context) -> Outcome:
        a_label, a, ea = ctx.instant(self.first)
        b_label, b, eb = ctx.instant(self.second)
        precision = _UNITS[self.unit]
        ka = (unit_bounds(a.earliest, precision)[0], unit_bounds(a.latest, precision)[0])
        kb = (unit_bounds(b.earliest, precision)[0], unit_bounds(b.latest, precision)[0])
        if ka[0] == ka[1] == kb[0] == kb[1]:
            truth = Truth.TRUE
        elif ka[1] < kb[0] or kb[1] < ka[0]:
            truth = Truth.FALSE
        else:
            truth = Truth.UNKNOWN
        detail = (
            f"{a_label} is dated {a.describe()} and {b_label} {b.describe()}; "
            f"the claim puts them in the same {self.unit}"
        )
        return Outcome(truth, detail, (ea, eb))

    def event_ids(self) -> frozenset[str]:
        """Return the events read."""
        return frozenset({self.first, self.second} - {ARTICLE})


@attrs.frozen
class Order(Check, op="order"):
    """*first* happened on a day before *then*."""

    first: str = attrs.field(validator=_check_ref)
    """An event id or ``'@article'``."""
    then: str = attrs.field(validator=_check_ref)
    """An event id or ``'@article'``."""

    def _outcome(self, ctx: _Context) -> Outcome:
        a_label, a, ea = ctx.instant(self.first)
        b_label, b, eb = ctx.instant(self.then)
        gap = a.until(b)
        if gap.lo >= 0:
            apart = f"{b_label} comes {gap.format('days')} after {a_label}"
        elif gap.hi < 0:
            apart = f"{b_label} comes {(-gap).format('days')} before {a_label}"
        else:
            apart = f"{gap.format('days')} from {a_label} to {b_label}"
        detail = f"{a_label} is dated {a.describe()} and {b_label} {b.describe()}: {apart}"
        return Outcome(a.before(b), detail, (ea, eb))

    def event_ids(self) -> frozenset[str]:
        """Return the events read."""
        return frozenset({self.first, self.then} - {ARTICLE})


@attrs.frozen
class LagIs(Check, op="lag"):
    """*end* came a stated amount of time after *start* ("less than three months after o1").

    The lag is the range of day differences over every completion of the two dates; the
    reading says which day counts the words admit (see :meth:`Reading.admitted_days`).
    """

    start: str = attrs.field(validator=_check_ref)
    """The earlier event id (or ``'@article'``)."""
    end: str = attrs.field(validator=_check_ref)
    """The later event id (or ``'@article'``)."""
    comparison: str = attrs.field(validator=_check_choice(COMPARISONS))
    """How the amount is compared: ``about``, ``less_than``, ``more_than``, ``equals``, ..."""
    amount: str = attrs.field(validator=_check_amount)
    """The amount in words: ``'a week'``, ``'a few days'``, ``'three months'``, ``'8 days'``."""

    def _outcome(self, ctx: _Context) -> Outcome:
        a_label, a, ea = ctx.instant(self.start)
        b_label, b, eb = ctx.instant(self.end)
        gap = a.until(b)
        lo, hi = ctx.reading.admitted_days(self.comparison, self.amount)
        truth = _interval_truth(gap.lo, gap.hi, lo, hi)
        detail = (
            f"{gap.format('days')} from {a_label} ({a.describe()}) to {b_label} "
            f"({b.describe()}); {ctx.reading.describe(self.comparison, self.amount)} "
            f"under the {ctx.reading.name} reading"
        )
        return Outcome(truth, detail, (ea, eb))

    def event_ids(self) -> frozenset[str]:
        """Return the events read."""
        return frozenset({self.start, self.end} - {ARTICLE})


def _members(ctx: _Context, among: Predicate, exclude: str) -> list[tuple[Event, Truth]]:
    out: list[tuple[Event, Truth]] = []
    for event in ctx.timeline:
        if event.id == exclude:
            continue
        member = among(event)
        if member is not Truth.FALSE:
            out.append((event, member))
    return out


@attrs.frozen
class FirstAmong(Check, op="first"):
    """*event* happened before every other event *among* matches ("the first to ...")."""

    event: str = attrs.field(validator=_check_event_id)
    """The event said to be first."""
    among: Predicate = attrs.field(validator=_is_predicate)
    """Which events it is said to be first among (the event itself need not match)."""

    def _outcome(self, ctx: _Context) -> Outcome:
        label, when, evidence = ctx.instant(self.event)
        truth = Truth.TRUE
        rivals: list[tuple[Event, Truth]] = []
        for other, member in _members(ctx, self.among, self.event):
            ahead = when.before(other.when)
            part = ~member | ahead
            truth &= part
            if part is not Truth.TRUE:
                rivals.append((other, part))
        if not rivals:
            detail = (
                f"{label} ({when.describe()}) precedes every other event matching {self.among!r}"
            )
            return Outcome(truth, detail, (evidence,))
        shown = sorted(rivals, key=lambda r: r[0].when.sort_key())[:3]
        names = ", ".join(f"{e.id} ({e.when.describe()})" for e, _ in shown)
        detail = f"{label} is dated {when.describe()}; not definitely earlier: {names}"
        extra = tuple(
            Evidence(e.id, "date", _dated(e.when)) for e, _ in shown if isinstance(e.when, When)
        )
        return Outcome(truth, detail, (evidence, *extra))

    def event_ids(self) -> frozenset[str]:
        """Return the event said to be first."""
        return frozenset({self.event})


# -- quantities --------------------------------------------------------------------------------


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        msg = f"value={value!r} is not a number; expected a decimal string such as '685e9'"
        raise ClaimError(msg)
    try:
        out = Decimal(str(value).replace(",", "").replace("_", ""))
    except InvalidOperation:
        msg = f"value={value!r} is not a number; expected a decimal string such as '685e9'"
        raise ClaimError(msg) from None
    if not out.is_finite():
        msg = f"value={value!r} is not a finite number"
        raise ClaimError(msg)
    return out


def _read_fact(event: Event, path: str) -> tuple[Decimal, str]:
    """Return the number at *path* of *event* and its currency ('' if not money)."""
    value: object = event
    for name in path.split("."):
        if not (attrs.has(type(value)) and name in attrs.fields_dict(type(value))):  # type: ignore[arg-type]
            msg = f"the record has no {path} for {event.id} (a {event.kind} record)"
            raise _Unsettled(msg)
        value = getattr(value, name)
        if value is None:
            msg = f"the record has no {path} for {event.id}"
            raise _Unsettled(msg)
    if isinstance(value, Parameters):
        return Decimal(value.count), ""
    if isinstance(value, ChipHours):
        return Decimal(value.hours), ""
    if isinstance(value, Money):
        return value.amount, value.currency
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return Decimal(str(value)), ""
    msg = f"{event.id}.{path} is {value!r}, not a number"
    raise ClaimError(msg)


def _show(value: Decimal, unit: str) -> str:
    text = ("-" if value < 0 else "") + scaled(value.normalize())
    return f"{text} {unit}".rstrip()


def _bounds_text(lo: Decimal, hi: Decimal, shape: str, unit: str) -> str:
    if lo == hi:
        return f"exactly {_show(lo, unit)}"
    if not lo.is_finite():
        return f"{'up to' if shape[1] == ']' else 'under'} {_show(hi, unit)}"
    if not hi.is_finite():
        return f"{'at least' if shape[0] == '[' else 'over'} {_show(lo, unit)}"
    return f"{_show(lo, unit)} to {_show(hi, unit)}{' (not the top)' if shape[1] == ')' else ''}"


def _admits(value: Decimal, lo: Decimal, hi: Decimal, shape: str) -> bool:
    low_ok = value >= lo if shape[0] == "[" else value > lo
    high_ok = value <= hi if shape[1] == "]" else value < hi
    return low_ok and high_ok


@attrs.frozen
class FactIs(Check, op="fact"):
    """A typed fact of an event compares with a stated value ("just 2,000 chips").

    *field* is a path into the record: ``parameters``, ``training.chips``, ``raised``,
    ``first_day_change``. *scale* multiplies the record's value before comparing (say, 2 bytes
    per parameter to compare a parameter count with a file size), explained by *derived*.
    """

    event: str = attrs.field(validator=_check_event_id)
    """The event id."""
    field: str = attrs.field(validator=_check_text)
    """The field path."""
    comparison: str = attrs.field(validator=_check_choice(COMPARISONS))
    """How the stated value is compared."""
    value: Decimal = attrs.field(converter=_to_decimal)
    """The stated value, as stated ("2000", "685e9", "13.5e9")."""
    unit: str = attrs.field(default="", validator=_check_text)
    """The unit: a currency code for money (checked against the record), else a label."""
    scale: Decimal = attrs.field(default=Decimal(1), converter=_to_decimal)
    """A factor applied to the record's value before comparing."""
    derived: str = attrs.field(default="", validator=_check_text)
    """How the scaled value is derived, in words (shown in the explanation)."""

    def _outcome(self, ctx: _Context) -> Outcome:
        event = ctx.event(self.event)
        raw, currency = _read_fact(event, self.field)
        evidence = Evidence(self.event, self.field, _show(raw, currency))
        if currency and self.unit and currency != self.unit:
            msg = (
                f"the record states {self.event}'s {self.field} as {_show(raw, currency)}, "
                f"not in {self.unit}; convert one of them to compare"
            )
            raise _Unsettled(msg)
        got = raw * self.scale
        lo, hi, shape = ctx.reading.admitted_values(self.comparison, self.value)
        truth = Truth.of(_admits(got, lo, hi, shape))
        unit = self.unit
        how = f" ({self.derived})" if self.derived else ""
        said = f"{self.comparison.replace('_', ' ')} {_show(self.value, unit)}"
        detail = (
            f"record: {self.field} of {self.event} is {_show(got, unit)}{how}; "
            f"'{said}' admits {_bounds_text(lo, hi, shape, unit)} under the {ctx.reading.name} "
            "reading"
        )
        return Outcome(truth, detail, (evidence,))

    def event_ids(self) -> frozenset[str]:
        """Return the event read."""
        return frozenset({self.event})


@attrs.frozen
class RatioIs(Check, op="ratio"):
    """The ratio of two typed facts compares with a stated value ("about a tenth of")."""

    event: str = attrs.field(validator=_check_event_id)
    """The event whose fact is the numerator."""
    field: str = attrs.field(validator=_check_text)
    """The numerator's field path."""
    other: str = attrs.field(validator=_check_event_id)
    """The event whose fact is the denominator."""
    other_field: str = attrs.field(validator=_check_text)
    """The denominator's field path."""
    comparison: str = attrs.field(validator=_check_choice(COMPARISONS))
    """How the stated ratio is compared."""
    value: Decimal = attrs.field(converter=_to_decimal)
    """The stated ratio ("0.1" for "a tenth")."""

    def _outcome(self, ctx: _Context) -> Outcome:
        top, top_currency = _read_fact(ctx.event(self.event), self.field)
        bottom, bottom_currency = _read_fact(ctx.event(self.other), self.other_field)
        evidence = (
            Evidence(self.event, self.field, _show(top, top_currency)),
            Evidence(self.other, self.other_field, _show(bottom, bottom_currency)),
        )
        if top_currency != bottom_currency or bottom == 0:
            msg = (
                f"{self.event}'s {self.field} ({_show(top, top_currency)}) and {self.other}'s "
                f"{self.other_field} ({_show(bottom, bottom_currency)}) have no ratio"
            )
            raise _Unsettled(msg)
        ratio = top / bottom
        lo, hi, shape = ctx.reading.admitted_values(self.comparison, self.value)
        said = f"{self.comparison.replace('_', ' ')} {_show(self.value, '')}"
        detail = (
            f"record: {_show(top, top_currency)} ({self.event} {self.field}) / "
            f"{_show(bottom, bottom_currency)} ({self.other} {self.other_field}) = "
            f"{ratio:.3f}; '{said}' admits {_bounds_text(lo, hi, shape, '')} under the "
            f"{ctx.reading.name} reading"
        )
        return Outcome(Truth.of(_admits(ratio, lo, hi, shape)), detail, evidence)

    def event_ids(self) -> frozenset[str]:
        """Return the two events read."""
        return frozenset({self.event, self.other})


@attrs.frozen
class LargestAmong(Check, op="largest"):
    """*event*'s *field* exceeds that of every other event *among* matches.

    With *earlier*, only events definitely dated before it count ("bigger than anything
    previously released for free download").
    """

    event: str = attrs.field(validator=_check_event_id)
    """The event said to be the largest."""
    field: str = attrs.field(validator=_check_text)
    """The field path compared."""
    among: Predicate = attrs.field(validator=_is_predicate)
    """Which events it is compared with."""
    earlier: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    """Compare only with events dated before *event* ("previously")."""

    def _outcome(self, ctx: _Context) -> Outcome:
        event = ctx.event(self.event)
        mine, currency = _read_fact(event, self.field)
        truth, missing, top = Truth.TRUE, [], None
        for other, member in _members(ctx, self.among, self.event):
            inside = member & (other.when.before(event.when) if self.earlier else Truth.TRUE)
            if inside is Truth.FALSE:
                continue
            try:
                theirs, _ = _read_fact(other, self.field)
            except _Unsettled:
                truth &= ~inside | Truth.UNKNOWN
                missing.append(other.id)
                continue
            truth &= ~inside | Truth.of(mine > theirs)
            if top is None or theirs > top[1]:
                top = (other.id, theirs)
        detail = f"{self.event} has {self.field} {_show(mine, currency)}"
        if top is not None:
            detail += f"; the largest other is {top[0]} with {_show(top[1], currency)}"
        if missing and truth is Truth.UNKNOWN:
            detail += f"; the record lacks {self.field} for {', '.join(missing[:4])}"
        evidence = [Evidence(self.event, self.field, _show(mine, currency))]
        if top is not None:
            evidence.append(Evidence(top[0], self.field, _show(top[1], currency)))
        return Outcome(truth, detail, tuple(evidence))

    def event_ids(self) -> frozenset[str]:
        """Return the event said to be the largest."""
        return frozenset({self.event})


@attrs.frozen
class InForce(Check, op="in_force"):
    """A rule or control held (its ``in_force`` period covered) a date, or the article's date."""

    event: str = attrs.field(validator=_check_event_id)
    """The export control or policy."""
    at: str = attrs.field(validator=_check_ref)
    """A date expression or ``'@article'``."""

    def _outcome(self, ctx: _Context) -> Outcome:
        event = ctx.event(self.event)
        span = getattr(event, "in_force", None)
        if span is None and isinstance(event.when, Span):
            span = event.when
        if not isinstance(span, Span):
            msg = f"the record has no in_force period for {self.event}"
            raise _Unsettled(msg)
        if self.at == ARTICLE:
            label, day, ea = ctx.instant(ARTICLE)
        else:
            label, day = self.at, When.parse(self.at)
            ea = Evidence(ARTICLE, "date", _dated(day))
        detail = f"{self.event} was in force {span.describe()}; {label} is {day.describe()}"
        evidence = (Evidence(self.event, "in_force", str(span)), ea)
        return Outcome(day.during(span), detail, evidence)

    def event_ids(self) -> frozenset[str]:
        """Return the event read."""
        return frozenset({self.event})


# --------------------------------------------------------------------------------------------
# Factories


def on_date(event: str, relation: str, period: str) -> Check:
    """Return "*event* happened *relation* *period*" (in, before, after, by, since)."""
    return OnDate(event, relation, period)


def same_period(first: str, second: str, unit: str = "month") -> Check:
    """Return "*first* and *second* fell in the same *unit*"."""
    return SamePeriod(first, second, unit)


def order(first: str, then: str) -> Check:
    """Return "*first* happened before *then*"."""
    return Order(first, then)


def lag_is(start: str, end: str, comparison: str, amount: str) -> Check:
    """Return "*end* came *comparison* *amount* after *start*" ("less_than", "three months")."""
    return LagIs(start, end, comparison, amount)


def first_among(event: str, among: Predicate) -> Check:
    """Return "*event* came before every other event matching *among*"."""
    return FirstAmong(event, among)


def fact(
    event: str,
    field: str,
    comparison: str,
    value: Decimal | int | str,
    unit: str = "",
    *,
    scale: Decimal | int | str = 1,
    derived: str = "",
) -> Check:
    """Return "*event*'s *field* is *comparison* *value*".

    >>> fact("deepseek-v3", "training.chips", "just", 2000).to_dict()["value"]
    '2000'
    """
    return FactIs(event, field, comparison, _to_decimal(value), unit, _to_decimal(scale), derived)


def ratio(
    event: str,
    field: str,
    other: str,
    other_field: str,
    comparison: str,
    value: Decimal | int | str,
) -> Check:
    """Return "*event*'s *field* over *other*'s *other_field* is *comparison* *value*"."""
    return RatioIs(event, field, other, other_field, comparison, _to_decimal(value))


def largest_among(event: str, field: str, among: Predicate, *, earlier: bool = True) -> Check:
    """Return "*event*'s *field* exceeds every other (earlier) event's matching *among*"."""
    return LargestAmong(event, field, among, earlier)


def in_force(event: str, at: str = ARTICLE) -> Check:
    """Return "*event* was in force at *at*" (a date, or the article's date)."""
    return InForce(event, at)
