"""Hypothesis strategies for aitimeline values, for your own property tests.

Like ``hypothesis.extra``: install the ``strategies`` extra (``pip install
aitimeline[strategies]``) and compose these with your own.

>>> from aitimeline import strategies as ats
>>> from hypothesis import given
>>> @given(ats.whens())
... def test_round_trip(w):
...     assert When.from_text(w.describe()) == w
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any, Final, Literal, Union, get_args, get_origin, get_type_hints

import attrs
from hypothesis import strategies as st

from aitimeline._calendar import unit_bounds
from aitimeline._dates import DayRange, Precision, Span, When
from aitimeline._events import (
    COUNTRY_CODES,
    EVENT_KINDS,
    EXPORT_ACTIONS,
    REGIONS,
    RELEASE_STAGES,
    ChipHours,
    DateClaim,
    Event,
    Money,
    Parameters,
    Source,
    Training,
)
from aitimeline._kinds import field_codecs
from aitimeline._query import (
    FALSE_,
    TRUE_,
    Predicate,
    all_,
    any_,
    col,
    definitely,
    is_a,
    possibly,
    tagged,
)
from aitimeline._records import OPTIONAL_SLUG, SLUG_ITEMS, check_country
from aitimeline._timeline import Timeline
from aitimeline.exceptions import InvalidEventError

__all__ = ["dates", "events", "money", "predicates", "sources", "spans", "timelines", "whens"]

_FIRST = dt.date(1990, 1, 1)
_LAST = dt.date(2039, 12, 31)


def dates(min_value: dt.date = _FIRST, max_value: dt.date = _LAST) -> st.SearchStrategy[dt.date]:
    """Return calendar days between *min_value* and *max_value* (default 1990 to 2039)."""
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def _unit_whens(draw: st.DrawFn, days: st.SearchStrategy[dt.date]) -> When:
    d = draw(days)
    precision = draw(st.sampled_from(Precision))
    first, last = unit_bounds(d, precision)  # the day, ISO week, month, ... holding d
    return When(
        first, last, precision, approximate=draw(st.booleans()), uncertain=draw(st.booleans())
    )


@st.composite
def _interval_whens(draw: st.DrawFn, days: st.SearchStrategy[dt.date], *, open_ends: bool) -> When:
    a, b = draw(_unit_whens(days)), draw(_unit_whens(days))
    lo, hi = (a, b) if a.earliest <= b.latest else (b, a)  # b before a: swapping orders them
    if open_ends:
        which = draw(st.sampled_from(("start", "end", "neither")))
        if which == "start":
            return When.between(None, hi)
        if which == "end":
            return When.between(lo, None)
    return When.between(lo, hi)


def whens(
    *,
    min_value: dt.date = _FIRST,
    max_value: dt.date = _LAST,
    exact: bool | None = None,
    open_ends: bool = True,
) -> st.SearchStrategy[When]:
    """Return Whens of every precision and form that :meth:`When.parse` reads.

    Args:
        min_value: the earliest day drawn (bounds of coarse units may reach beyond it).
        max_value: the latest day drawn.
        exact: True for single days only, False for ranges only, None for both.
        open_ends: whether ranges open at one end (``../2025-01``) may be drawn.
    """
    days = dates(min_value, max_value)
    exact_days = days.map(lambda d: When.day(d.year, d.month, d.day))
    if exact is True:
        return exact_days
    fuzzy = st.one_of(_unit_whens(days), _interval_whens(days, open_ends=open_ends))
    if exact is False:
        return fuzzy.filter(lambda w: not w.is_exact)
    return st.one_of(exact_days, fuzzy)


@st.composite
def spans(
    draw: st.DrawFn,
    *,
    min_value: dt.date = _FIRST,
    max_value: dt.date = _LAST,
    open_end: bool | None = None,
) -> Span:
    """Return Spans whose ends are Whens without open bounds; *open_end* None draws both kinds."""
    start = draw(whens(min_value=min_value, max_value=max_value, open_ends=False))
    is_open = draw(st.booleans()) if open_end is None else open_end
    if is_open:
        return Span(start)
    first = dt.date.fromordinal(max(start.earliest_ordinal, min_value.toordinal()))
    later = whens(min_value=min(first, max_value), max_value=max_value, open_ends=False)
    end = draw(later.filter(lambda e: e.latest >= start.earliest))
    return Span(start, end)


# -- event records (aitimeline._events) ---------------------------------------------------------

_TEXTS = st.text(max_size=30)
_NAMES = st.text(min_size=1, max_size=20).filter(str.strip)
_SLUGS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
_CODES = st.sampled_from(sorted(COUNTRY_CODES | set(REGIONS)))
_CURRENCIES = ("USD", "HKD", "CNY", "EUR", "GBP", "JPY", "CHF")
_CAPABILITIES = ("reasoning", "vision", "coding", "agent", "chat", "long-context")
_OFFSETS = ("1 day", "8 days", "a week", "two weeks", "3 months", "a year")
_QUALIFIERS = ("exactly", "about", "less_than", "at_most", "more_than", "at_least")


def money(*, currencies: Sequence[str] = _CURRENCIES) -> st.SearchStrategy[Money]:
    """Return :class:`~aitimeline.Money` with exact amounts (whole, or up to 4 decimal places).

    Args:
        currencies: the ISO 4217 codes to draw from.
    """
    whole = st.integers(min_value=-(10**13), max_value=10**13).map(Decimal)
    fractional = st.decimals(
        min_value=Decimal(-(10**9)), max_value=Decimal(10**9), places=4, allow_nan=False
    )
    return st.builds(Money, st.one_of(whole, fractional), st.sampled_from(list(currencies)))


@st.composite
def sources(draw: st.DrawFn) -> Source:
    """Return :class:`~aitimeline.Source` records, with and without the optional fields."""
    return Source(
        publisher=draw(_NAMES),
        title=draw(_TEXTS),
        published=draw(st.none() | whens()),
        url=draw(st.just("") | _SLUGS.map(lambda s: f"https://example.org/{s}")),
        quote=draw(_TEXTS),
        key=draw(st.just("") | st.from_regex(r"A[0-9]{3}", fullmatch=True)),
    )


def _relative_whens() -> st.SearchStrategy[When]:
    return st.builds(
        When.relative,
        whens(open_ends=False),
        st.sampled_from(_OFFSETS),
        before=st.booleans(),
        qualifier=st.sampled_from(_QUALIFIERS),
        slack=st.integers(min_value=0, max_value=10),
    )


@st.composite
def _claims(draw: st.DrawFn, event_sources: tuple[Source, ...]) -> tuple[DateClaim, ...]:
    fresh = sources()
    source = st.sampled_from(event_sources) | fresh if event_sources else fresh
    claim = st.builds(DateClaim, whens() | _relative_whens(), source, _TEXTS)
    return tuple(draw(st.lists(claim, max_size=3)))


@st.composite
def _parameters(draw: st.DrawFn) -> dict[str, Parameters | None]:
    counts = st.integers(min_value=1, max_value=2 * 10**12)
    total = draw(st.none() | counts)
    if total is None:
        return {"parameters": None, "active_parameters": draw(st.none() | counts.map(Parameters))}
    active = draw(st.none() | st.integers(min_value=1, max_value=total).map(Parameters))
    return {"parameters": Parameters(total), "active_parameters": active}


@st.composite
def _trainings(draw: st.DrawFn) -> Training:
    counts = st.integers(min_value=1, max_value=10**14)
    chips = draw(st.none() | st.integers(min_value=1, max_value=10**6))
    chip_type = draw(_TEXTS)
    hours = draw(st.none() | counts.map(ChipHours))
    cost = draw(st.none() | money())
    tokens = draw(st.none() | counts)
    if (chips, chip_type, hours, cost, tokens) == (None, "", None, None, None):
        chips = 1
    return Training(chips=chips, chip_type=chip_type, chip_hours=hours, cost=cost, tokens=tokens)


@st.composite
def _interval_fields(draw: st.DrawFn) -> dict[str, float | None]:
    numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
    low, value, high = sorted(draw(st.lists(numbers, min_size=3, max_size=3)))
    return {
        "ci_low": draw(st.none() | st.just(low)),
        "value": value,
        "ci_high": draw(st.none() | st.just(high)),
    }


_JOINT: Final = (
    (frozenset({"value", "ci_low", "ci_high"}), _interval_fields),
    (frozenset({"parameters", "active_parameters"}), _parameters),
)
"""Fields a kind's validation ties together, drawn jointly wherever a kind has them all."""

_COUNTS = st.integers(min_value=1, max_value=10**14)
_BY_TYPE: Final[dict[object, st.SearchStrategy[Any]]] = {
    bool: st.booleans(),
    int: st.integers(min_value=-(10**9), max_value=10**9),
    float: st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    Decimal: st.decimals(min_value=-100, max_value=10**9, places=3, allow_nan=False),
    When: st.deferred(whens),
    Span: st.deferred(spans),
    Money: st.deferred(money),
    Parameters: _COUNTS.map(Parameters),
    ChipHours: _COUNTS.map(ChipHours),
    Training: st.deferred(_trainings),
}
"""What a field of each (non-text) type draws; decimals from -100, as a percentage change."""

_TEXT_BY_VALIDATOR: Final[dict[int, st.SearchStrategy[str]]] = {
    id(SLUG_ITEMS): _SLUGS,
    id(OPTIONAL_SLUG): _SLUGS,
    id(check_country): _CODES,
}
"""The text a field with one of these validators draws (alone or as items): ids, codes."""


def _for_type(
    tp: object, where: str, text: st.SearchStrategy[str], items: st.SearchStrategy[str]
) -> st.SearchStrategy[Any]:
    """Return the strategy for values of the resolved type *tp* (unions, Literals included).

    A ``str`` draws *text*; a ``tuple[str, ...]`` or ``frozenset[str]`` draws *items*.
    """
    if tp is str:
        return text
    if tp == tuple[str, ...]:
        return st.lists(items, max_size=3, unique=True).map(tuple)
    if tp == frozenset[str]:
        return st.frozensets(items, max_size=3)
    if tp in _BY_TYPE:
        return _BY_TYPE[tp]
    if get_origin(tp) is Literal:
        return st.sampled_from(get_args(tp))
    if get_origin(tp) in (Union, UnionType):
        drawn = st.one_of(
            [_for_type(a, where, text, items) for a in get_args(tp) if a is not NoneType]
        )
        return st.none() | drawn if NoneType in get_args(tp) else drawn
    msg = f"{where}: strategies cannot draw values of type {tp!r}; give the field a plain type"
    raise InvalidEventError(msg)


def _field(field: attrs.Attribute[Any], tp: object, where: str) -> st.SearchStrategy[Any]:
    """Return the strategy for one field, from its validator, its type and whether required.

    A required text is a name (never empty); ids and country codes follow their validators.
    """
    special = _TEXT_BY_VALIDATOR.get(id(field.validator))
    if special is not None:
        return _for_type(tp, where, special, special)
    required = field.default is attrs.NOTHING
    return _for_type(tp, where, _NAMES if required else _TEXTS, _NAMES)


def _kind_fields(cls: type[Event]) -> st.SearchStrategy[dict[str, object]]:
    """Return the kind's own fields, drawn from the kind registry's view of them.

    Every field :func:`~aitimeline._kinds.field_codecs` lists beyond Event's is drawn: from
    its validator (ids, country codes), else its resolved type; fields whose values the kind
    ties together (a score and its interval, total and active parameters) are drawn jointly.
    """
    own = [n for n in field_codecs(cls) if n not in _EVENT_FIELDS]
    hints = get_type_hints(cls)
    fields = attrs.fields_dict(cls)
    parts: list[st.SearchStrategy[dict[str, Any]]] = []
    for names, joint in _JOINT:
        if names <= set(own):
            parts.append(joint())
            own = [n for n in own if n not in names]
    single = {n: _field(fields[n], hints[n], f"{cls.__name__}.{n}") for n in own}
    parts.append(st.fixed_dictionaries(single))
    return st.tuples(*parts).map(lambda dicts: {k: v for d in dicts for k, v in d.items()})


_EVENT_FIELDS: Final = frozenset(field_codecs(Event))


@st.composite
def _events(
    draw: st.DrawFn,
    kinds: tuple[tuple[type[Event], st.SearchStrategy[dict[str, object]]], ...],
    ids: st.SearchStrategy[str],
) -> Event:
    cls, own = draw(st.sampled_from(kinds))
    event_sources = tuple(draw(st.lists(sources(), max_size=2)))
    tags = st.frozensets(_SLUGS.filter(lambda t: t != "open-weights"), max_size=3)
    fields: dict[str, Any] = draw(own)
    return cls(
        id=draw(ids),
        when=draw(whens() | spans()),
        title=draw(_NAMES),
        actors=tuple(draw(st.lists(_NAMES, max_size=3))),
        countries=tuple(draw(st.lists(_CODES, max_size=3, unique=True))),
        tags=draw(tags),
        sources=event_sources,
        date_claims=draw(_claims(event_sources)),
        note=draw(_TEXTS),
        **fields,
    )


def events(
    *, kinds: Iterable[str] | None = None, ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Event]:
    """Return events of every kind, dated by a When or a Span, with sources and date claims.

    Every field is exercised: free text with any characters, fuzzy and relative date claims,
    money, parameter counts, training facts, periods in force.

    Args:
        kinds: the kind names to draw from (keys of ``EVENT_KINDS``); by default every kind
            registered when this is called, user-defined ones included. Each kind's own
            fields are drawn from the registry's view of them (validators, then types).
        ids: a strategy for the event ids; short random slugs by default.

    Raises:
        InvalidEventError: a name in *kinds* is not a kind.
    """
    chosen = tuple(EVENT_KINDS) if kinds is None else tuple(kinds)
    unknown = [k for k in chosen if k not in EVENT_KINDS]
    if unknown or not chosen:
        msg = (
            f"kinds={chosen!r} names no kind, or an unknown one ({unknown!r}); "
            f"expected some of {list(EVENT_KINDS)}"
        )
        raise InvalidEventError(msg)
    own = tuple((EVENT_KINDS[k], _kind_fields(EVENT_KINDS[k])) for k in chosen)
    return _events(own, _SLUGS if ids is None else ids)


# --------------------------------------------------------------------------------------------
# Timelines and predicates (the query layer)

_Q_FIRST = dt.date(2023, 1, 1)
_Q_LAST = dt.date(2025, 12, 31)
_Q_COUNTRIES = ("US", "CN", "FR")
_Q_TAGS = ("reasoning", "vision", "agent")
_Q_ACTORS = ("OpenAI", "DeepSeek", "Alibaba")
_Q_TITLES = ("alpha", "beta", "Gamma")
_Q_KINDS = ("event", "release", "ipo", "export_control", "score")
_Q_PARAMETERS = (7_000_000_000, 32_000_000_000, 671_000_000_000)
_Q_SCORES = (100.0, 120.5, 140.0)


def _query_dates() -> st.SearchStrategy[When | Span]:
    """Dates in 2023-2025 (coarse ones reach a little beyond), instants and periods."""
    instants = whens(min_value=_Q_FIRST, max_value=_Q_LAST)
    periods = spans(min_value=_Q_FIRST, max_value=_Q_LAST)
    return st.one_of(instants, periods)


@st.composite
def _query_event(draw: st.DrawFn, event_id: str) -> Event:
    kind = draw(st.sampled_from(_Q_KINDS))
    common: dict[str, Any] = {
        "id": event_id,
        "when": draw(_query_dates()),
        "title": draw(st.sampled_from(_Q_TITLES)),
        "actors": tuple(draw(st.lists(st.sampled_from(_Q_ACTORS), max_size=2, unique=True))),
        "countries": tuple(draw(st.lists(st.sampled_from(_Q_COUNTRIES), max_size=2, unique=True))),
        "tags": draw(st.frozensets(st.sampled_from(_Q_TAGS), max_size=2)),
    }
    extra: dict[str, Any] = {}
    if kind == "release":
        extra = {
            "model": "m",
            "capabilities": draw(st.frozensets(st.sampled_from(_Q_TAGS), max_size=1)),
            "open_weights": draw(st.none() | st.booleans()),
            "parameters": draw(st.none() | st.sampled_from(_Q_PARAMETERS).map(Parameters)),
            "stage": draw(st.sampled_from(RELEASE_STAGES)),
        }
    elif kind == "ipo":
        extra = {"company": "c"}
    elif kind == "export_control":
        extra = {
            "issuer": "BIS",
            "action": draw(st.sampled_from(EXPORT_ACTIONS)),
            "in_force": draw(st.none() | spans(min_value=_Q_FIRST, max_value=_Q_LAST)),
        }
    elif kind == "score":
        extra = {"model": "m", "metric": "eci", "value": draw(st.sampled_from(_Q_SCORES))}
    return EVENT_KINDS[kind](**common, **extra)


@st.composite
def _query_timeline(draw: st.DrawFn, min_size: int, max_size: int) -> Timeline:
    ids = draw(st.lists(_SLUGS, min_size=min_size, max_size=max_size, unique=True))
    return Timeline(draw(_query_event(event_id)) for event_id in ids)


def timelines(
    *, min_size: int = 0, max_size: int = 12, events: st.SearchStrategy[Event] | None = None
) -> st.SearchStrategy[Timeline]:
    """Return timelines with unique ids, whose values predicates often hit.

    By default the events come from a small universe (dates in 2023-2025 of every precision,
    instants and periods; countries US, CN, FR or none; a few tags, actors and titles; kinds
    event, release, ipo, export_control and score), so that :func:`predicates` find both
    matches and misses. Pass *events* to draw from your own strategy (ids are made unique).
    """
    if events is None:
        return _query_timeline(min_size, max_size)
    chosen = st.lists(events, min_size=min_size, max_size=max_size, unique_by=lambda e: e.id)
    return chosen.map(Timeline)


@st.composite
def _between(draw: st.DrawFn) -> Predicate:
    a = draw(whens(min_value=_Q_FIRST, max_value=_Q_LAST, open_ends=False))
    b = draw(whens(min_value=_Q_FIRST, max_value=_Q_LAST, open_ends=False))
    if b.latest < a.earliest:
        a, b = b, a
    return col("when").between(a, b)


@st.composite
def _within(draw: st.DrawFn) -> Predicate:
    lo = draw(st.integers(min_value=0, max_value=120))
    hi = lo + draw(st.integers(min_value=0, max_value=10))
    anchor = draw(_query_dates())
    return col("when").within(DayRange(lo, hi), of=anchor)


def _leaf_predicates() -> st.SearchStrategy[Predicate]:
    countries = st.sampled_from(_Q_COUNTRIES)
    relations = st.sampled_from(("before", "after", "during", "overlaps", "contains"))
    temporal = st.one_of(
        st.builds(lambda r, d: getattr(col("when"), r)(d), relations, _query_dates()),
        _between(),
        _within(),
        _query_dates().map(lambda d: col("in_force").overlaps(d)),
        _query_dates().map(lambda d: col("when") == d),
    )
    return st.one_of(
        temporal,
        st.sampled_from(_Q_KINDS).map(is_a),
        st.sampled_from(_Q_TAGS).map(tagged),
        countries.map(lambda c: col("country") == c),
        countries.map(lambda c: col("country") != c),
        st.sets(countries, max_size=2).map(lambda cs: col("country").isin(cs)),
        st.sampled_from(_Q_TITLES).map(lambda t: col("title") < t),
        st.sampled_from(_Q_TITLES).map(lambda t: col("title") >= t),
        st.sampled_from(("a", "G", "et")).map(lambda t: col("title").contains(t)),
        st.sampled_from(_Q_PARAMETERS).map(lambda n: col("parameters") > n),
        st.sampled_from(_Q_PARAMETERS).map(lambda n: col("parameters") <= n),
        st.sampled_from(_Q_SCORES).map(lambda v: col("value") >= v),
        st.booleans().map(lambda b: col("preview") == b),
        st.sampled_from(RELEASE_STAGES).map(lambda s: col("stage") == s),
        countries.map(lambda c: col("countries").contains(c)),
        st.sets(countries, max_size=2).map(lambda cs: col("countries").isin(cs)),
        st.sampled_from(_Q_TAGS).map(lambda t: col("tags").contains(t)),
        st.sampled_from(_Q_ACTORS).map(lambda a: col("actors").contains(a)),
        st.sets(st.sampled_from(_Q_ACTORS), max_size=2).map(lambda a: col("actors").isin(a)),
        st.sampled_from((TRUE_, FALSE_)),
    )


def _extend(children: st.SearchStrategy[Predicate]) -> st.SearchStrategy[Predicate]:
    pairs = st.tuples(children, children)
    groups = st.lists(children, max_size=3)
    return st.one_of(
        pairs.map(lambda t: t[0] & t[1]),
        pairs.map(lambda t: t[0] | t[1]),
        children.map(lambda p: ~p),
        children.map(possibly),
        children.map(definitely),
        groups.map(lambda ps: all_(*ps)),
        groups.map(lambda ps: any_(*ps)),
    )


def predicates(*, max_leaves: int = 8) -> st.SearchStrategy[Predicate]:
    """Return predicate trees over the fields of :func:`timelines`' default events.

    Leaves cover every node type: constants, comparisons (text, numbers, typed parameter
    counts, bools, dates), ``isin``, ``contains``, ``is_a``, ``tagged``, each temporal
    relation, ``between`` and ``within``, on ``when`` and on the optional ``in_force``; inner
    nodes ``&``, ``|``, ``~``, ``possibly``, ``definitely``, ``all_`` and ``any_``.
    """
    return st.recursive(_leaf_predicates(), _extend, max_leaves=max_leaves)
