"""The check algebra: Kleene expressions over a timeline, with outcomes that show their work.

A :class:`Check` is an immutable, hashable value with a JSON form (like a predicate). Evaluated
against a :class:`~aitimeline.Timeline` under a :class:`~aitimeline.claims.Reading`, it gives an
:class:`Outcome`: a :class:`~aitimeline.Truth`, one plain sentence with the numbers it used, and
the evidence (events, dates with their precision, typed facts). Checks combine with ``&``,
``|`` and ``~`` (strong Kleene). The leaves live in :mod:`aitimeline._claims`; each registers
its JSON ``op`` where it is defined.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import ClassVar, Final

import attrs

from aitimeline._dates import Span, Truth, When
from aitimeline._events import Event
from aitimeline._query import Predicate
from aitimeline._readings import DEFAULT, Reading
from aitimeline._timeline import Timeline
from aitimeline._types import JSON
from aitimeline.exceptions import ClaimError, TimelineError

__all__ = ["ARTICLE", "AllOf", "AnyOf", "Check", "Evidence", "Not", "Outcome"]

ARTICLE: Final = "@article"
"""Stands for the publication date of the claim's source wherever a check takes an event id."""
_SLUG: Final = re.compile(r"[a-z0-9][a-z0-9-]*")
_REGISTRY: Final[dict[str, type[Check]]] = {}

# --------------------------------------------------------------------------------------------
# Evidence and outcomes


@attrs.frozen
class Evidence:
    """One thing from the record that a verdict used: an event's date or a typed fact."""

    event: str
    """The event id (or ``'@article'`` for the source's publication date)."""
    fact: str
    """What was read: ``'date'`` or a field path such as ``'training.chips'``."""
    value: str
    """The value as the record states it, with its precision (``'2024-11-28 (day)'``)."""


def _evidence_tuple(value: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(value)


def _is_check(instance: object, attribute: attrs.Attribute[Check], value: object) -> None:
    if not isinstance(value, Check):
        msg = f"{type(instance).__name__}.{attribute.name}={value!r} is not a check"
        raise ClaimError(msg)


def _is_predicate(instance: object, attribute: attrs.Attribute[Predicate], value: object) -> None:
    if not isinstance(value, Predicate):
        msg = f"{type(instance).__name__}.{attribute.name}={value!r} is not a predicate"
        raise ClaimError(msg)


@attrs.frozen
class Outcome:
    """What a check found: a truth value, one sentence with the numbers, and the evidence."""

    truth: Truth
    """The Kleene truth of the check."""
    detail: str
    """What was computed and what the words admit, in one sentence (no verdict word)."""
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidence_tuple)
    """The events and facts used."""


@attrs.frozen
class _Context:
    timeline: Timeline
    reading: Reading
    published: When | None

    def event(self, event_id: str) -> Event:
        return self.timeline[event_id]  # UnknownIdError names the id and the nearest ids

    def instant(self, ref: str) -> tuple[str, When, Evidence]:
        """Return a label, the date and the evidence for an event id or ``@article``."""
        if ref == ARTICLE:
            if self.published is None:
                msg = "the source has no publication date, so '@article' cannot be resolved"
                raise _Unsettled(msg)
            return "the article", self.published, Evidence(ARTICLE, "date", _dated(self.published))
        when = self.event(ref).when
        if isinstance(when, Span):
            msg = (
                f"event {ref!r} holds over a period ({when}); an order or lag needs an instant, "
                "so check its in_force period with in_force() instead"
            )
            raise ClaimError(msg)
        return ref, when, Evidence(ref, "date", _dated(when))


class _Unsettled(Exception):  # noqa: N818 - internal signal, turned into an UNKNOWN outcome
    """The record (or the source) lacks what a check needs; the message says what."""


def _dated(when: When) -> str:
    return f"{when.to_edtf()} ({when.precision.name.lower()})"


def _interval_truth(lo: float, hi: float, a: float, b: float) -> Truth:
    """Return whether every value of [lo, hi] lies in [a, b] (TRUE), none does (FALSE)."""
    if a <= lo and hi <= b:
        return Truth.TRUE
    if hi < a or lo > b:
        return Truth.FALSE
    return Truth.UNKNOWN


# --------------------------------------------------------------------------------------------
# The algebra


@attrs.frozen
class Check(abc.ABC):
    """A statement about a timeline with a three-valued answer; combine with ``&``, ``|``, ``~``."""

    op: ClassVar[str] = ""
    """The check's name in its JSON form."""

    def __init_subclass__(cls, *, op: str = "", **kwargs: object) -> None:
        """Register a leaf or combinator under its JSON *op*."""
        super().__init_subclass__(**kwargs)
        op = op or cls.__dict__.get("op", "")  # attrs' slotted copy carries the op over
        if op:
            cls.op = op
            _REGISTRY[op] = cls  # attrs' slotted copy registers last, and wins

    def evaluate(
        self, timeline: Timeline, reading: Reading = DEFAULT, *, published: When | None = None
    ) -> Outcome:
        """Return the outcome of this check against *timeline* under *reading*.

        *published* is the publication date of the source, for ``'@article'`` and phrases
        such as ``'last Friday'``.

        Raises:
            UnknownIdError: the check names an event the timeline lacks (the message lists
                the nearest ids).
            ClaimError: the check asks something of an event that it cannot answer.
        """
        return self._run(_Context(timeline, reading, published))

    def _run(self, ctx: _Context) -> Outcome:
        try:
            out = self._outcome(ctx)
        except _Unsettled as missing:
            return Outcome(Truth.UNKNOWN, str(missing))
        if out.truth is not Truth.UNKNOWN or isinstance(self, AllOf | AnyOf | Not):
            return out
        fuzzy = [
            f"{'the article' if e.event == ARTICLE else e.event} ({e.value})"
            for e in out.evidence
            if e.fact == "date" and ("/" in e.value or not e.value.endswith("(day)"))
        ]
        if not fuzzy:
            return out
        need = f"; settling it needs a more precise date for {', '.join(fuzzy)}"
        return attrs.evolve(out, detail=out.detail + need)

    @abc.abstractmethod
    def _outcome(self, ctx: _Context) -> Outcome: ...

    def to_dict(self) -> dict[str, JSON]:
        """Return the JSON form: a dict with an ``"op"`` key and the fields that are set."""
        out: dict[str, JSON] = {"op": self.op}
        for field in attrs.fields(type(self)):
            value = getattr(self, field.name)
            if field.default is attrs.NOTHING or value != field.default:
                out[field.name] = _to_json(value)
        return out

    @abc.abstractmethod
    def event_ids(self) -> frozenset[str]:
        """Return the ids of the events the check reads."""

    @staticmethod
    def from_dict(data: object, *, where: str = "check") -> Check:
        """Return the check whose JSON form is *data* (as :meth:`to_dict` returns it).

        Raises:
            ClaimError: *data* is not a check's JSON form; the message names the path,
                the key and the value.
        """
        return _from_dict(data, where)

    def __and__(self, other: object) -> Check:
        """Return the Kleene conjunction."""
        if not isinstance(other, Check):
            return NotImplemented
        return AllOf(_flatten(AllOf, (self, other)))

    def __or__(self, other: object) -> Check:
        """Return the Kleene disjunction."""
        if not isinstance(other, Check):
            return NotImplemented
        return AnyOf(_flatten(AnyOf, (self, other)))

    def __invert__(self) -> Check:
        """Return the Kleene negation (UNKNOWN stays UNKNOWN)."""
        return Not(self)

    def __bool__(self) -> bool:
        """Raise: a check is a question, not an answer."""
        msg = f"{self!r} has no truth value of its own; evaluate it against a timeline"
        raise TypeError(msg)


def _flatten(cls: type[AllOf | AnyOf], parts: tuple[Check, ...]) -> tuple[Check, ...]:
    out: list[Check] = []
    for part in parts:
        out.extend(part.parts if isinstance(part, cls) else (part,))
    return tuple(out)


def _check_ref(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not (isinstance(value, str) and (value == ARTICLE or _SLUG.fullmatch(value))):
        msg = (
            f"{type(instance).__name__}.{attribute.name}={value!r} is not an event id; expected "
            f"a slug such as 'deepseek-r1' or {ARTICLE!r}"
        )
        raise ClaimError(msg)


def _check_text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{type(instance).__name__}.{attribute.name}={value!r} is not text; expected a string"
        raise ClaimError(msg)


def _check_event_id(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not (isinstance(value, str) and _SLUG.fullmatch(value)):
        msg = (
            f"{type(instance).__name__}.{attribute.name}={value!r} is not an event id; "
            "expected a slug such as 'deepseek-r1'"
        )
        raise ClaimError(msg)


def _check_choice(
    choices: tuple[str, ...],
) -> Callable[[object, attrs.Attribute[str], object], None]:
    def check(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
        if value not in choices:
            msg = f"{type(instance).__name__}.{attribute.name}={value!r}; expected one of {choices}"
            raise ClaimError(msg)

    return check


# -- combinators -------------------------------------------------------------------------------


def _to_parts(value: Iterable[Check]) -> tuple[Check, ...]:
    parts = tuple(value)
    if len(parts) < 2 or not all(isinstance(p, Check) for p in parts):
        msg = f"parts={value!r}; a combination needs two or more checks"
        raise ClaimError(msg)
    return parts


def _join(outcomes: list[Outcome], word: str) -> str:
    return f" {word} ".join(f"({o.detail})" if len(outcomes) > 1 else o.detail for o in outcomes)


@attrs.frozen
class AllOf(Check, op="and"):
    """Every part holds (Kleene ``&``)."""

    parts: tuple[Check, ...] = attrs.field(converter=_to_parts)
    """The parts, two or more."""

    def _outcome(self, ctx: _Context) -> Outcome:
        outs = [p._run(ctx) for p in self.parts]  # noqa: SLF001 - same algebra
        truth = Truth.TRUE
        for o in outs:
            truth &= o.truth
        return Outcome(truth, _join(outs, "and"), tuple(e for o in outs for e in o.evidence))

    def event_ids(self) -> frozenset[str]:
        """Return every event read."""
        return frozenset().union(*(p.event_ids() for p in self.parts))


@attrs.frozen
class AnyOf(Check, op="or"):
    """Some part holds (Kleene ``|``)."""

    parts: tuple[Check, ...] = attrs.field(converter=_to_parts)
    """The parts, two or more."""

    def _outcome(self, ctx: _Context) -> Outcome:
        outs = [p._run(ctx) for p in self.parts]  # noqa: SLF001 - same algebra
        truth = Truth.FALSE
        for o in outs:
            truth |= o.truth
        return Outcome(truth, _join(outs, "or"), tuple(e for o in outs for e in o.evidence))

    def event_ids(self) -> frozenset[str]:
        """Return every event read."""
        return frozenset().union(*(p.event_ids() for p in self.parts))


@attrs.frozen
class Not(Check, op="not"):
    """The part does not hold (Kleene ``~``: UNKNOWN stays UNKNOWN)."""

    part: Check = attrs.field(validator=_is_check)
    """The negated check."""

    def _outcome(self, ctx: _Context) -> Outcome:
        out = self.part._run(ctx)  # noqa: SLF001 - same algebra
        return Outcome(~out.truth, f"{out.detail}; the claim says this is not so", out.evidence)

    def event_ids(self) -> frozenset[str]:
        """Return the events read."""
        return self.part.event_ids()

    def __invert__(self) -> Check:
        """Return the part itself (double negation holds in Kleene logic)."""
        return self.part


# --------------------------------------------------------------------------------------------
# JSON


def _to_json(value: object) -> JSON:
    if isinstance(value, Check | Predicate):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str | bool):
        return value
    msg = f"{value!r} has no JSON form in a check"  # pragma: no cover - fields are typed
    raise ClaimError(msg)


def _from_json(annotation: object, value: object, where: str) -> object:
    text = str(annotation)
    if text == "Check":
        return _from_dict(value, where)
    if text.startswith("tuple[Check"):
        if not isinstance(value, list):
            msg = f"{where}={value!r}; expected a list of checks"
            raise ClaimError(msg)
        return tuple(_from_dict(v, f"{where}[{i}]") for i, v in enumerate(value))
    if text == "Predicate":
        try:
            return Predicate.from_dict(value)  # type: ignore[arg-type]
        except (TimelineError, TypeError, AttributeError) as exc:
            msg = f"{where}={value!r} is not a predicate: {exc}"
            raise ClaimError(msg) from None
    if text == "bool" and not isinstance(value, bool):
        msg = f"{where}={value!r}; expected true or false"
        raise ClaimError(msg)
    if text == "str" and not isinstance(value, str):
        msg = f"{where}={value!r}; expected a string"
        raise ClaimError(msg)
    return value


def _from_dict(data: object, where: str) -> Check:
    if not isinstance(data, Mapping):
        msg = f"{where}={data!r} is not a check; expected an object with an 'op' key"
        raise ClaimError(msg)
    cls = _REGISTRY.get(data.get("op"))  # type: ignore[arg-type]
    if cls is None:
        msg = f"{where}.op={data.get('op')!r} is not a check; expected one of {sorted(_REGISTRY)}"
        raise ClaimError(msg)
    fields = attrs.fields_dict(cls)
    for key in data:
        if key != "op" and key not in fields:
            msg = f"{where}.{key}: not a field of a {cls.op!r} check; expected {sorted(fields)}"
            raise ClaimError(msg)
    kwargs: dict[str, object] = {}
    for name, field in fields.items():
        if name in data:
            kwargs[name] = _from_json(field.type, data[name], f"{where}.{name}")
        elif field.default is attrs.NOTHING:
            msg = f"{where}.{name} is missing; a {cls.op!r} check needs it"
            raise ClaimError(msg)
    try:
        return cls(**kwargs)
    except (ClaimError, TypeError) as exc:
        msg = f"{where}: {exc}"
        raise ClaimError(msg) from None
