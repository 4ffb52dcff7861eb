"""Typed, sourced event records: what happened, when, and who says so.

Layer: after ``_codec``; the kind registry (``_kinds``) and the event forms
(``_event_codec``) build on it, and ``aitimeline._events`` gathers them.

Every event is an immutable attrs record with an ``id`` (a slug such as ``"deepseek-r1"``), a
``when`` (a :class:`~aitimeline.When` instant or a :class:`~aitimeline.Span` period), a title,
the actors involved, a country, tags, the :class:`Source` objects that report it and the
:class:`DateClaim` each source makes about its date. The verified date is ``when``; what each
source said (``"in September"``, ``"a week before that"``) is kept beside it, never dropped.

Kinds of event are subclasses of :class:`Event` that add typed fields: :class:`Release`,
:class:`ExportControl`, :class:`IPO`, :class:`Policy`, :class:`Founding`, :class:`Score`,
:class:`Statement`, :class:`Publication`, :class:`Milestone`, :class:`Hardware`,
:class:`PriceChange` and :class:`Investment`. Each has a ``kind`` name (``"release"``,
``"export_control"``, ...), and :data:`EVENT_KINDS` maps the names back to the classes.

Amounts that a bare number would leave ambiguous are typed: :class:`Money` (an exact decimal
amount and an ISO 4217 currency), :class:`Parameters` (a model's parameter count) and
:class:`ChipHours` (accelerator-hours of training compute).

Every field carries its codec (its JSON and CSV forms, and the family queries compare it as)
in ``attrs.field(metadata=...)``; every field is checked by a validator built from the
combinators of ``_validation``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar, Final

import attrs

from aitimeline._codec import (
    CHIP_HOURS,
    INT,
    MONEY,
    TEMPORAL,
    TEXT,
    TEXT_SET,
    TEXT_TUPLE,
    WHEN,
    Codec,
    meta,
    optional,
    record,
    records,
)
from aitimeline._dates import Span, When
from aitimeline._quantities import ChipHours, Money, to_decimal
from aitimeline._validation import (
    Validator,
    country_code,
    each,
    interval,
    is_slug,
    is_text,
    matches,
    one_of,
    reject,
    satisfies,
    short,
)
from aitimeline._validation import optional as maybe
from aitimeline._vocab import EXPORT_ACTIONS, KEY, RELEASE_STAGES
from aitimeline.exceptions import DateError, InvalidEventError

__all__ = ["DateClaim", "Event", "Source", "Training"]

# --------------------------------------------------------------------------------------------
# Validators, each built from the combinators

_SLUG_CHECK: Final = satisfies(
    is_slug,
    "a slug of lower-case letters, digits and hyphens that starts with a letter or digit, "
    "such as 'deepseek-r1'",
)
OPTIONAL_SLUG: Final = maybe(_SLUG_CHECK)
TEXT_CHECK: Final = satisfies(lambda v: isinstance(v, str), "a string ('' when unknown)")
REQUIRED_TEXT: Final = satisfies(is_text, "a non-empty string")
TEXT_ITEMS: Final = each(is_text, lambda item: f"non-empty strings, not {item!r}")
SLUG_ITEMS: Final = each(
    is_slug,
    lambda item: (
        f"slugs of lower-case letters, digits and hyphens (such as 'open-weights'), not {item!r}"
    ),
)
BOOL_CHECK: Final = satisfies(lambda v: isinstance(v, bool), "True or False")
PREVIEW: Final = maybe(satisfies(lambda v: isinstance(v, bool), "True or False", alias=True))
OPTIONAL_BOOL: Final = maybe(
    satisfies(lambda v: isinstance(v, bool), "True, False or None (unknown)")
)
_OPTIONAL_COUNT: Final = maybe(
    interval(1, None, whole=True, expected="a positive whole number (int) or None")
)
FLOAT_CHECK: Final = interval(None, None, expected="a finite number (not NaN or infinity)")
OPTIONAL_FLOAT: Final = maybe(FLOAT_CHECK)
OPTIONAL_DECIMAL: Final = maybe(
    satisfies(lambda v: isinstance(v, Decimal) and v.is_finite(), "a finite Decimal or None")
)
_URL: Final = satisfies(
    lambda v: isinstance(v, str) and (not v or v.startswith(("https://", "http://"))),
    "'' or an absolute URL starting with https://",
)
_KEY_CHECK: Final = satisfies(
    lambda v: isinstance(v, str) and (not v or matches(KEY)(v)), "'' or a short key such as 'A000'"
)
_OPTIONAL_WHEN: Final = maybe(satisfies(lambda v: isinstance(v, When), "a When or None"))
OPTIONAL_SPAN: Final = maybe(
    satisfies(lambda v: isinstance(v, Span), "a Span (the period in force) or None")
)
STAGE: Final = one_of(RELEASE_STAGES)
ACTION: Final = one_of(EXPORT_ACTIONS)


def check_country(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    country_code(instance, attribute.alias or attribute.name, value)


def _check_countries(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):  # pragma: no cover - the converter ensures it
        reject(instance, attribute.name, value, "a tuple of country codes")
    for item in value:
        country_code(instance, attribute.name, item)
    if len(set(value)) != len(value):
        reject(instance, attribute.name, value, "each country once (the main one first)")


def optional_instance(kind: type, example: str) -> Validator:
    """Return a validator accepting None or an instance of *kind*."""
    return maybe(
        satisfies(lambda v: isinstance(v, kind), f"a {kind.__name__} such as {example}, or None")
    )


CHOICE: Final[Codec] = attrs.evolve(TEXT, family="other")
"""A closed word list (an export action, a release stage): text, queried as a plain value."""

CLAIMS: Final[Codec] = attrs.evolve(TEXT_TUPLE, expected="a list of date claims")
"""The marker codec of ``date_claims``: the event forms write each claim with its source's
index, which needs the event's sources (``_event_codec`` handles the field itself)."""


def to_percent_change(value: Decimal | int | str | None) -> Decimal | None:
    """Return None or the exact Decimal of a percentage change."""
    return None if value is None else to_decimal(value, "first_day_change")


def to_figure(value: Decimal | int | str | None) -> Decimal | None:
    """Return None or the exact Decimal of a milestone's figure."""
    return None if value is None else to_decimal(value, "value")


# --------------------------------------------------------------------------------------------
# Converters (named, one per field family; attrs and mypy read their signatures)


def _text_tuple(value: Iterable[str] | str, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        msg = f"{name}={short(value)} is invalid; expected a tuple of strings"
        raise InvalidEventError(msg) from None


def _text_set(value: Iterable[str] | str, name: str) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset((value,))
    try:
        return frozenset(value)
    except TypeError:
        msg = f"{name}={short(value)} is invalid; expected a set of strings"
        raise InvalidEventError(msg) from None


def _to_actors(value: Iterable[str] | str) -> tuple[str, ...]:
    """Make ``actors`` a tuple; a single string is one actor."""
    return _text_tuple(value, "actors")


def to_names(value: Iterable[str] | str) -> tuple[str, ...]:
    """Make a list of names (authors, founders, investors, items) a tuple."""
    return _text_tuple(value, "names")


def _to_countries(value: Iterable[str] | str) -> tuple[str, ...]:
    """Make ``countries`` a tuple; a single string is one country."""
    return _text_tuple(value, "countries")


def to_ids(value: Iterable[str] | str) -> tuple[str, ...]:
    """Make a list of event ids a tuple; a single string is one id."""
    return _text_tuple(value, "ids")


def to_tags(value: Iterable[str] | str) -> frozenset[str]:
    """Make ``tags`` (or ``capabilities``) a frozenset; a single string is one tag."""
    return _text_set(value, "tags")


def _to_sources(value: Iterable[Source] | Source) -> tuple[Source, ...]:
    """Make ``sources`` a tuple; a single Source is one source."""
    if isinstance(value, Source):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        msg = f"sources={short(value)} is invalid; expected a tuple of Source"
        raise InvalidEventError(msg) from None


def _to_claims(value: Iterable[DateClaim] | DateClaim) -> tuple[DateClaim, ...]:
    """Make ``date_claims`` a tuple; a single DateClaim is one claim."""
    if isinstance(value, DateClaim):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        msg = f"date_claims={short(value)} is invalid; expected a tuple of DateClaim"
        raise InvalidEventError(msg) from None


def _to_temporal(value: When | Span | str | dt.date) -> When | Span:
    """Return *value* if it is a When or Span, else parse it as a When."""
    if isinstance(value, (When, Span)):
        return value
    try:
        return When.parse(value)
    except DateError as exc:
        msg = f"when={short(value)} is not a date: {exc}"
        raise InvalidEventError(msg) from None


def _to_when(value: When | str | dt.date) -> When:
    """Return *value* if it is a When, else parse it."""
    try:
        return When.coerce(value)
    except DateError as exc:
        msg = f"when={short(value)} is not a date: {exc}"
        raise InvalidEventError(msg) from None


def _to_optional_when(value: When | str | dt.date | None) -> When | None:
    """Return None, a When, or *value* parsed as a When."""
    if value is None:
        return None
    try:
        return When.coerce(value)
    except DateError as exc:
        msg = f"published={short(value)} is not a date: {exc}"
        raise InvalidEventError(msg) from None


# --------------------------------------------------------------------------------------------
# Sources and date claims


def _compact_repr(record: attrs.AttrsInstance) -> str:
    """Return ``Name(field=value, ...)`` listing only the fields that differ from defaults."""
    parts = []
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if field.default is not attrs.NOTHING and value == field.default:
            continue
        parts.append(f"{field.name}={value!r}")
    return f"{type(record).__name__}({', '.join(parts)})"


@attrs.frozen(kw_only=True, repr=False)
class Source:
    """A document that reports an event: an article, a press release, a filing, a post.

    >>> Source(publisher="The Economist", key="A000", published="2025-01-23")
    Source(publisher='The Economist', published=When.parse('2025-01-23'), key='A000')
    """

    publisher: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """Who published it: a newspaper, a company, an agency, a person."""
    title: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The document's title ('' when it has none)."""
    published: When | None = attrs.field(
        default=None,
        converter=_to_optional_when,
        validator=_OPTIONAL_WHEN,
        metadata=meta(optional(WHEN)),
    )
    """When it was published, as precisely as known (None when unknown)."""
    url: str = attrs.field(default="", validator=_URL, metadata=meta(TEXT))
    """Where to read it ('' when not online)."""
    quote: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The passage that reports the event, verbatim."""
    key: str = attrs.field(default="", validator=_KEY_CHECK, metadata=meta(TEXT))
    """A short reference key, such as ``'A000'`` for the first seed article."""

    def __repr__(self) -> str:
        """List the fields that are set."""
        return _compact_repr(self)


@attrs.frozen(repr=False)
class DateClaim:
    """What one source says about when an event happened, in its own words and precision.

    >>> claim = DateClaim("2024-09", Source(publisher="The Economist"), "in September")
    >>> claim.when.describe()
    'September 2024'
    """

    when: When = attrs.field(converter=_to_when, metadata=meta(WHEN))
    """The date as the source states it: ``"September"`` is month precision, and a relative
    wording ("a week before that") is a :class:`~aitimeline.RelativeWhen`."""
    source: Source = attrs.field(
        validator=attrs.validators.instance_of(Source), metadata=meta(record(Source))
    )
    """The source that makes the claim."""
    wording: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The source's words for the date, e.g. ``'released in September'``."""

    def __repr__(self) -> str:
        """List the fields that are set."""
        return _compact_repr(self)


_SOURCES_CHECK: Final = each(
    lambda v: isinstance(v, Source), lambda item: f"Source objects, not {short(item)}"
)
_CLAIMS_CHECK: Final = each(
    lambda v: isinstance(v, DateClaim), lambda item: f"DateClaim objects, not {short(item)}"
)


# --------------------------------------------------------------------------------------------
# Events


@attrs.frozen(kw_only=True, repr=False)
class Event:
    """Something that happened: the base record, and the kind ``"event"`` for anything else.

    Every kind of event shares these fields. All are keyword-only; ``when`` accepts a
    :class:`~aitimeline.When`, a :class:`~aitimeline.Span`, a date or a string for
    :meth:`When.parse`. Change one with :func:`attrs.evolve`, which validates again.

    Raises:
        InvalidEventError: a field has a value it cannot hold; the message names the field,
            the value and what was expected.

    >>> e = Event(id="chatgpt", when="2022-11-30", title="ChatGPT launched", country="US")
    >>> e
    Event(id='chatgpt', when=When.parse('2022-11-30'), title='ChatGPT launched', country='US')
    >>> import attrs
    >>> attrs.evolve(e, when="2022-11").when.describe()
    'November 2022'
    """

    KIND: ClassVar[str] = "event"

    id: str = attrs.field(validator=_SLUG_CHECK, metadata=meta(TEXT))
    """A stable slug naming the event, such as ``'deepseek-r1'``."""
    when: When | Span = attrs.field(converter=_to_temporal, metadata=meta(TEMPORAL))
    """The verified date: an instant (:class:`~aitimeline.When`) or a period in force
    (:class:`~aitimeline.Span`)."""
    title: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """A one-line description."""
    actors: tuple[str, ...] = attrs.field(
        default=(), converter=_to_actors, validator=TEXT_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """The organisations or people who acted, main actor first."""
    countries: tuple[str, ...] = attrs.field(
        default=(), converter=_to_countries, validator=_check_countries, metadata=meta(TEXT_TUPLE)
    )
    """Where the actors are based, main actor's first: ISO 3166-1 alpha-2 codes (``'US'``,
    ``'CN'``) or regions in :data:`REGIONS` (``'EU'``, ``'INTL'``); ``()`` when unknown."""
    _country: str | None = attrs.field(
        default=None, alias="country", eq=False, repr=False, validator=check_country
    )
    """The constructor's ``country=``: the one-country form of ``countries``, folded into it
    when the event is built (then None, so :func:`attrs.evolve` never passes a stale one)."""
    tags: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_tags, validator=SLUG_ITEMS, metadata=meta(TEXT_SET)
    )
    """Free slugs for filtering, such as ``'reasoning'`` or ``'open-weights'``."""
    sources: tuple[Source, ...] = attrs.field(
        default=(), converter=_to_sources, validator=_SOURCES_CHECK, metadata=meta(records(Source))
    )
    """The documents that report the event."""
    date_claims: tuple[DateClaim, ...] = attrs.field(
        default=(), converter=_to_claims, validator=_CLAIMS_CHECK, metadata=meta(CLAIMS)
    )
    """What each source says about the date; they may disagree with ``when`` and each other."""
    note: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """Free text: caveats, discrepancies, context."""

    @property
    def kind(self) -> str:
        """Return the kind name, such as ``'release'``; :data:`EVENT_KINDS` maps it back."""
        return self.KIND

    def __attrs_post_init__(self) -> None:
        """Fold ``country=`` into ``countries``, refusing a country that is not the first."""
        given = self._country
        if given is None:
            return
        if not self.countries:
            object.__setattr__(self, "countries", (given,))
        elif self.countries[0] != given:
            reject(
                self,
                "country",
                given,
                f"the first of countries={self.countries!r} (country is the main one); pass "
                "countries alone to change them",
            )
        object.__setattr__(self, "_country", None)

    @property
    def country(self) -> str | None:
        """Return the main country, the first of :attr:`countries` (None when unknown)."""
        return self.countries[0] if self.countries else None

    @property
    def all_tags(self) -> frozenset[str]:
        """Return the tags as given plus those derived from typed fields (what queries see).

        For a plain event this is :attr:`tags`; a :class:`Release` adds its capabilities and
        ``'open-weights'`` when its weights are open. :func:`~aitimeline.tagged` reads it.
        """
        return self.tags

    def __repr__(self) -> str:
        """List the fields that are set, counting sources and claims rather than showing them."""
        parts = []
        fields = attrs.fields(type(self))
        for field in sorted(fields, key=lambda f: f.name in ("sources", "date_claims", "note")):
            value = getattr(self, field.name)
            if field.default is not attrs.NOTHING and value == field.default:
                continue
            if field.name == "countries" and len(value) == 1:
                parts.append(f"country={value[0]!r}")
            elif field.name == "sources":
                parts.append(f"sources=<{len(value)}>")
            elif field.name == "date_claims":
                parts.append(f"date_claims=<{len(value)}>")
            elif isinstance(value, frozenset):
                parts.append(f"{field.name}={{{', '.join(map(repr, sorted(value)))}}}")
            else:
                parts.append(f"{field.name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


@attrs.frozen(kw_only=True, repr=False)
class Training:
    """Facts about how a model was trained; every field is optional but one must be given.

    >>> str(Training(chips=2048, chip_type="H800", cost=Money("5576000", "USD")).cost)
    '$5.576M'
    """

    chips: int | None = attrs.field(
        default=None, validator=_OPTIONAL_COUNT, metadata=meta(optional(INT))
    )
    """How many accelerators the run used (at most, if the source says "up to")."""
    chip_type: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The accelerator model, such as ``'H800'`` or ``'H100'``."""
    chip_hours: ChipHours | None = attrs.field(
        default=None,
        validator=optional_instance(ChipHours, "ChipHours('2.788M')"),
        metadata=meta(optional(CHIP_HOURS)),
    )
    """The compute spent, in accelerator-hours."""
    cost: Money | None = attrs.field(
        default=None,
        validator=optional_instance(Money, "Money('5576000', 'USD')"),
        metadata=meta(optional(MONEY)),
    )
    """The estimated cost of the run."""
    tokens: int | None = attrs.field(
        default=None, validator=_OPTIONAL_COUNT, metadata=meta(optional(INT))
    )
    """How many tokens the model was trained on."""

    def __attrs_post_init__(self) -> None:
        """Reject a record with no facts (use ``training=None`` instead)."""
        if attrs.astuple(self, recurse=False) == (None, "", None, None, None):
            msg = "Training() holds no facts; pass at least one field, or use training=None"
            raise InvalidEventError(msg)

    def __repr__(self) -> str:
        """List the fields that are set."""
        return _compact_repr(self)
