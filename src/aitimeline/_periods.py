"""Which date an event stands for when it is used as a date: the period rule.

Layer: the record layer, after the kind registry. Some kinds hold over a period besides the
day they were announced: an export control or a policy is in force over ``in_force``. The
rule (DESIGN.md): *such an event is used as that period wherever a period is asked for, or
refused with an error that names the period field; never silently as its announcement day.*

- :func:`as_period` is what a temporal test (``before``, ``during``, ``within(of=...)``...)
  uses: the period where the event has one, its ``when`` otherwise;
- :func:`as_instant` is what a single date is asked for with (an end of ``between``, a lag):
  it refuses a period-bearing event and names the field, so the caller picks ``.when`` (the
  announcement) or ``.in_force.start`` explicitly.

A kind's period field is any public field besides ``when`` whose declared type is a
:class:`~aitimeline.Span` (``Span | None``), read from its attrs fields (no cache: it is
asked once per predicate built, never per row).

>>> from aitimeline._kinds import ExportControl, Release
>>> period_field(ExportControl), period_field(Release)
('in_force', None)
"""

from __future__ import annotations

import typing

import attrs

from aitimeline._dates import Span, When
from aitimeline._records import Event
from aitimeline.exceptions import InvalidEventError, TimelineError

__all__ = ["as_instant", "as_period", "period_field"]


def _admits_span(declared: object) -> bool:
    return declared is Span or any(arg is Span for arg in typing.get_args(declared))


def period_field(cls: type[Event]) -> str | None:
    """Return the name of the field that holds the period a kind is in force over, or None.

    Raises:
        InvalidEventError: the field types of *cls* cannot be resolved.
    """
    try:
        fields = attrs.fields(attrs.resolve_types(cls))
    except NameError as exc:
        msg = f"{cls.__name__}: cannot resolve the field types ({exc})"
        raise InvalidEventError(msg) from None
    for field in fields:
        if field.name != "when" and not field.name.startswith("_") and _admits_span(field.type):
            return str(field.name)
    return None


def as_period(event: Event, *, what: str, error: type[TimelineError]) -> When | Span:
    """Return the date or period *event* stands for where a period is asked for.

    Its period field (``in_force``) when its kind has one, its ``when`` otherwise.

    Raises:
        TimelineError: (of class *error*) the kind holds over a period the event does not
            give (its period field is None); the message names the field and what to pass.
    """
    name = period_field(type(event))
    if name is None or isinstance(event.when, Span):
        return event.when
    period = getattr(event, name)
    if not isinstance(period, Span):
        msg = (
            f"{what}: event {event.id!r} ({type(event).__name__}) holds over a period, but its "
            f"{name} is {period!r}; pass {name}= a Span to the event, or its .when to mean "
            "the announcement day"
        )
        raise error(msg)
    return period


def as_instant(event: Event, *, what: str, error: type[TimelineError]) -> When:
    """Return the single date *event* stands for where one day (range) is asked for.

    Raises:
        TimelineError: (of class *error*) the event holds over a period (its ``when`` is a
            Span, or its kind has a period field such as ``in_force``): the message names
            the field and the explicit choices (``.when`` or ``.<field>.start``).
    """
    name = "when" if isinstance(event.when, Span) else period_field(type(event))
    if name is None and isinstance(event.when, When):
        return event.when
    msg = (
        f"{what}: event {event.id!r} ({type(event).__name__}) holds over a period "
        f"({name}={getattr(event, str(name))!r}) and a single date is asked for here; pass "
        f"its .{name}.start for the day it took force, or its .when for the day it was "
        "announced"
    )
    if name == "when":
        msg = (
            f"{what}: event {event.id!r} ({type(event).__name__}) holds over a period "
            f"(when={event.when!r}) and a single date is asked for here; pass its "
            ".when.start or .when.end"
        )
    raise error(msg)
