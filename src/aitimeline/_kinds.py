"""The kinds of event, and the one registry every layer reads to know them.

Layer: after ``_records``. A kind is an :class:`~aitimeline.Event` subclass with a ``KIND``
name, registered with :func:`register_kind` when it is defined; :data:`EVENT_KINDS` is a
read-only view of the registry. Storage (JSON, CSV, pandas), queries (``is_a``, ``col``),
strategies and plots look kinds and their fields' codecs up here, and nowhere else: a class
that is not registered is refused by all of them, one that is registered works in all.

A user-defined kind registers the same way, for good or for a block:

>>> import attrs
>>> from aitimeline import Event
>>> @attrs.frozen(kw_only=True)
... class Rumour(Event):
...     KIND = "rumour"
...     model: str = ""
>>> with registered_kind(Rumour):
...     "rumour" in EVENT_KINDS
True
>>> "rumour" in EVENT_KINDS
False

Each field's codec comes from ``attrs.field(metadata=...)`` (the built-in kinds) or, for a
field without one, from its resolved type (``str``, ``int | None``, ``When``, ``Money``...);
a field of a type no codec handles makes :func:`register_kind` refuse the kind.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import ClassVar, Final, TypeVar

import attrs

from aitimeline._codec import (
    BOOL,
    CODEC_KEY,
    DECIMAL,
    FLOAT,
    MONEY,
    PARAMETERS,
    SPAN,
    TEXT,
    TEXT_SET,
    TEXT_TUPLE,
    Codec,
    Family,
    codec_for_type,
    meta,
    optional,
    record,
)
from aitimeline._dates import Span
from aitimeline._quantities import Money, Parameters
from aitimeline._records import (
    ACTION,
    BOOL_CHECK,
    CHOICE,
    FLOAT_CHECK,
    OPTIONAL_BOOL,
    OPTIONAL_DECIMAL,
    OPTIONAL_FLOAT,
    OPTIONAL_SLUG,
    OPTIONAL_SPAN,
    PREVIEW,
    REQUIRED_TEXT,
    SLUG_ITEMS,
    STAGE,
    TEXT_CHECK,
    TEXT_ITEMS,
    Event,
    Training,
    check_country,
    optional_instance,
    to_figure,
    to_ids,
    to_names,
    to_percent_change,
    to_tags,
)
from aitimeline._validation import owner, reject
from aitimeline._vocab import ExportAction, ReleaseStage
from aitimeline.exceptions import InvalidEventError

__all__ = [
    "EVENT_KINDS",
    "IPO",
    "ExportControl",
    "Founding",
    "Hardware",
    "Investment",
    "Milestone",
    "Policy",
    "PriceChange",
    "Publication",
    "Release",
    "Score",
    "Statement",
    "field_codecs",
    "field_families",
    "kind_class",
    "register_kind",
    "registered_kind",
    "unregister_kind",
]

# --------------------------------------------------------------------------------------------
# The registry

_REGISTRY: dict[str, type[Event]] = {}
_CODECS: dict[type[Event], Mapping[str, Codec]] = {}

EVENT_KINDS: Final[Mapping[str, type[Event]]] = MappingProxyType(_REGISTRY)
"""Every registered kind name and its class, in registration order (a read-only view):
``EVENT_KINDS["release"] is Release``."""

_KIND_NAME: Final = re.compile(r"[a-z][a-z0-9_]*")

_E = TypeVar("_E", bound=Event)


def _codecs(cls: type[Event]) -> dict[str, Codec]:
    """Return the codec of each public field of *cls*, from metadata or the resolved type."""
    fields = attrs.fields(cls)
    if any(CODEC_KEY not in f.metadata for f in fields if not f.name.startswith("_")):
        try:
            fields = attrs.fields(attrs.resolve_types(cls))
        except NameError as exc:
            msg = (
                f"{cls.__name__}: cannot resolve the field types ({exc}); define the class "
                "where its annotations' names are importable"
            )
            raise InvalidEventError(msg) from None
    out: dict[str, Codec] = {}
    for field in fields:
        if field.name.startswith("_"):  # constructor-only (country=, preview=)
            continue
        found = field.metadata.get(CODEC_KEY) or codec_for_type(field.type)
        if not isinstance(found, Codec):
            msg = (
                f"{cls.__name__}.{field.name}: a field of type {field.type!r} has no JSON and "
                "CSV form; use str, bool, int, float, Decimal, When, Span, Money, Parameters, "
                "ChipHours, tuple[str, ...] or frozenset[str] (or X | None), or give it "
                "attrs.field(metadata=aitimeline._codec.meta(codec))"
            )
            raise InvalidEventError(msg)
        out[field.name] = found
    return out


def register_kind(cls: type[_E]) -> type[_E]:
    """Register the event kind *cls* (a decorator), so every layer reads and writes it.

    Raises:
        InvalidEventError: *cls* is not an attrs subclass of Event with a ``KIND`` name of
            lower-case letters, digits and underscores, its name is taken by another class,
            or a field has a type with no codec.
    """
    if "__attrs_attrs__" not in vars(cls) or not issubclass(cls, Event):
        msg = f"register_kind({cls!r}): expected an attrs subclass of Event"
        raise InvalidEventError(msg)
    kind = cls.__dict__.get("KIND")
    if not (isinstance(kind, str) and _KIND_NAME.fullmatch(kind)):
        msg = (
            f"{cls.__name__}: KIND={kind!r} is invalid; expected its own kind name of "
            "lower-case letters, digits and underscores, such as 'rumour'"
        )
        raise InvalidEventError(msg)
    taken = _REGISTRY.get(kind)
    if taken is not None and taken is not cls:
        msg = f"{cls.__name__}: kind {kind!r} is already {taken.__name__}'s"
        raise InvalidEventError(msg)
    _CODECS[cls] = MappingProxyType(_codecs(cls))
    _REGISTRY[kind] = cls
    return cls


def unregister_kind(cls: type[Event]) -> None:
    """Remove the kind *cls* from the registry (built-in kinds stay)."""
    if cls in _BUILT_IN:
        msg = f"{cls.__name__} is a built-in kind; it cannot be unregistered"
        raise InvalidEventError(msg)
    if _REGISTRY.get(cls.KIND) is cls:
        del _REGISTRY[cls.KIND]
    _CODECS.pop(cls, None)


@contextlib.contextmanager
def registered_kind(cls: type[_E]) -> Iterator[type[_E]]:
    """Register *cls* for the duration of a ``with`` block (tests, one-off analyses)."""
    register_kind(cls)
    try:
        yield cls
    finally:
        unregister_kind(cls)


def kind_class(kind: object) -> type[Event] | None:
    """Return the registered class of the kind name *kind*, or None."""
    return _REGISTRY.get(kind) if isinstance(kind, str) else None


def field_codecs(cls: type[Event]) -> Mapping[str, Codec]:
    """Return the codec of each public field of the registered kind *cls*.

    Raises:
        InvalidEventError: *cls* is not registered (so it cannot be stored and read back).
    """
    found = _CODECS.get(cls)
    if found is None or _REGISTRY.get(cls.KIND) is not cls:
        msg = (
            f"{cls.__name__} (kind {cls.KIND!r}) is not in EVENT_KINDS, so it cannot be "
            f"stored and read back; register it with register_kind, or use one of "
            f"{sorted(_REGISTRY)}"
        )
        raise InvalidEventError(msg)
    return found


def field_families() -> dict[str, Family]:
    """Return each field name of the registered kinds with the family queries compare it as.

    A name two kinds give different families is ``'other'``. A new dict on every call.
    """
    out: dict[str, Family] = {}
    for codecs in _CODECS.values():
        for name, codec in codecs.items():
            previous = out.get(name)
            out[name] = codec.family if previous in (None, codec.family) else "other"
    return out


register_kind(Event)


# --------------------------------------------------------------------------------------------
# The kinds


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class Release(Event):
    """A model release, announcement or preview.

    ``tags`` are kept as given; :attr:`all_tags` (what :func:`~aitimeline.tagged` reads) adds
    the capabilities, and ``'open-weights'`` when ``open_weights=True``, so tag queries find
    them. A tag ``'open-weights'`` on a release whose weights are not open is rejected.
    ``stage`` says how far it got (``'announced'``, ``'preview'``, ``'released'``);
    ``preview=True`` is accepted as ``stage='preview'``.

    >>> qwq = Release(id="qwq-32b-preview", when="2024-11-28", title="QwQ-32B-Preview",
    ...               model="QwQ-32B-Preview", capabilities="reasoning", open_weights=True,
    ...               parameters=Parameters("32.5B"), preview=True)
    >>> sorted(qwq.all_tags), sorted(qwq.tags), qwq.stage, qwq.parameters
    (['open-weights', 'reasoning'], [], 'preview', Parameters('32.5B'))
    """

    KIND: ClassVar[str] = "release"

    model: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """The model's name, such as ``'DeepSeek-R1'``."""
    family: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The model family, such as ``'Qwen'`` or ``'Llama'``."""
    capabilities: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_tags, validator=SLUG_ITEMS, metadata=meta(TEXT_SET)
    )
    """What it can do: ``'reasoning'``, ``'vision'``, ``'coding'``, ``'agent'``, ``'chat'``..."""
    open_weights: bool | None = attrs.field(
        default=None, validator=OPTIONAL_BOOL, metadata=meta(optional(BOOL))
    )
    """Whether anyone may download the weights (None when unknown)."""
    licence: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The licence of the weights, such as ``'MIT'`` or ``'Apache-2.0'``."""
    parameters: Parameters | None = attrs.field(
        default=None,
        validator=optional_instance(Parameters, "Parameters('671B')"),
        metadata=meta(optional(PARAMETERS)),
    )
    """Total parameters."""
    active_parameters: Parameters | None = attrs.field(
        default=None,
        validator=optional_instance(Parameters, "Parameters('37B')"),
        metadata=meta(optional(PARAMETERS)),
    )
    """Parameters active per token (mixture-of-experts models)."""
    stage: ReleaseStage = attrs.field(default="released", validator=STAGE, metadata=meta(CHOICE))
    """How far it got: ``'announced'`` (shown, not usable: catch-up never starts from one),
    ``'preview'`` (usable as a preview or experiment) or ``'released'``."""
    _preview: bool | None = attrs.field(
        default=None, alias="preview", eq=False, repr=False, validator=PREVIEW
    )
    """The constructor's ``preview=``, an older spelling of ``stage='preview'`` (then None)."""
    based_on: tuple[str, ...] = attrs.field(
        default=(), converter=to_ids, validator=SLUG_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """Ids of the events releasing the models this one was built on."""
    distilled_from: tuple[str, ...] = attrs.field(
        default=(), converter=to_ids, validator=SLUG_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """Ids of the events releasing the models whose outputs trained this one."""
    training: Training | None = attrs.field(
        default=None,
        validator=optional_instance(Training, "Training(chips=2048)"),
        metadata=meta(optional(record(Training))),
    )
    """How it was trained, when known."""

    @property
    def preview(self) -> bool:
        """Return whether it is not (yet) generally available: ``stage != 'released'``."""
        return self.stage != "released"

    @property
    def all_tags(self) -> frozenset[str]:
        """Return the given tags plus the capabilities and ``'open-weights'`` if open."""
        return self.tags | self.capabilities | ({"open-weights"} if self.open_weights else set())

    def __attrs_post_init__(self) -> None:
        """Check the parameter counts and the open-weights tag; fold ``preview=`` into stage."""
        super().__attrs_post_init__()
        if self._preview is not None:
            if self._preview and self.stage == "released":
                object.__setattr__(self, "stage", "preview")
            elif not self._preview and self.stage != "released":
                reject(self, "preview", self._preview, f"agreement with stage={self.stage!r}")
            object.__setattr__(self, "_preview", None)
        if (
            self.parameters is not None
            and self.active_parameters is not None
            and self.active_parameters > self.parameters
        ):
            msg = (
                f"{owner(self)}: active_parameters={self.active_parameters!r} exceeds "
                f"parameters={self.parameters!r}; active parameters are a subset of the total"
            )
            raise InvalidEventError(msg)
        if "open-weights" in self.tags and self.open_weights is not True:
            msg = (
                f"{owner(self)}: tags include 'open-weights' but open_weights="
                f"{self.open_weights!r}; pass open_weights=True or drop the tag"
            )
            raise InvalidEventError(msg)


@attrs.frozen(kw_only=True, repr=False)
class Enactment(Event):
    """An act in force over a period, which may amend, lift or supersede earlier acts.

    The base of :class:`ExportControl` and :class:`Policy`, not a kind itself: it has no
    ``KIND`` and is not registered. Its fields come before those of each kind.
    """

    in_force: Span | None = attrs.field(
        default=None, validator=OPTIONAL_SPAN, metadata=meta(optional(SPAN))
    )
    """The period it was (or is still) in force; ``Span(start)`` when not yet lifted."""
    amends: tuple[str, ...] = attrs.field(
        default=(), converter=to_ids, validator=SLUG_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """Ids of the events it amends (extends or changes, leaving them in force)."""
    lifts: tuple[str, ...] = attrs.field(
        default=(), converter=to_ids, validator=SLUG_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """Ids of the events it lifts or suspends (their ``in_force`` ends when this starts)."""
    supersedes: tuple[str, ...] = attrs.field(
        default=(), converter=to_ids, validator=SLUG_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """Ids of the events it replaces or revokes as a whole (their ``in_force`` ends here)."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class ExportControl(Enactment):
    """A rule that bans, tightens, lifts or licenses exports (of chips, tools, models)."""

    KIND: ClassVar[str] = "export_control"

    issuer: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """The authority that issued it, such as ``'US Commerce BIS'``."""
    action: ExportAction = attrs.field(validator=ACTION, metadata=meta(CHOICE))
    """What it does: ``'ban'``, ``'tighten'``, ``'lift'`` or ``'licence'``."""
    target: str | None = attrs.field(
        default=None, validator=check_country, metadata=meta(optional(TEXT))
    )
    """The country or region the exports are controlled to (a code, as for ``country``)."""
    items: tuple[str, ...] = attrs.field(
        default=(), converter=to_names, validator=TEXT_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """What it controls, such as ``'advanced AI chips'`` or ``'H200'``."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class IPO(Event):
    """A company's initial public offering (its first trading day)."""

    KIND: ClassVar[str] = "ipo"

    company: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """The company listed."""
    exchange: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The exchange, such as ``'HKEX'``."""
    ticker: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The ticker symbol, such as ``'0100.HK'``."""
    raised: Money | None = attrs.field(
        default=None,
        validator=optional_instance(Money, "Money('619000000', 'USD')"),
        metadata=meta(optional(MONEY)),
    )
    """The amount the offering raised."""
    offer_price: Money | None = attrs.field(
        default=None,
        validator=optional_instance(Money, "Money('165', 'HKD')"),
        metadata=meta(optional(MONEY)),
    )
    """The price per share at the offering."""
    market_cap: Money | None = attrs.field(
        default=None,
        validator=optional_instance(Money, "Money('13.5e9', 'USD')"),
        metadata=meta(optional(MONEY)),
    )
    """Market capitalisation at the close of the first day."""
    first_day_change: Decimal | None = attrs.field(
        default=None,
        converter=to_percent_change,
        validator=OPTIONAL_DECIMAL,
        metadata=meta(optional(DECIMAL)),
    )
    """Percentage change of the close on the first day against the offer price (109 = +109%)."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class Policy(Enactment):
    """A government plan, law, regulation or executive order (not an export control)."""

    KIND: ClassVar[str] = "policy"

    issuer: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """Who issued it, such as ``'State Council of China'``."""
    instrument: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """What kind of act it is: ``'plan'``, ``'regulation'``, ``'executive order'``..."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class Founding(Event):
    """The founding, incorporation or launch of an organisation or lab."""

    KIND: ClassVar[str] = "founding"

    organisation: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """The organisation founded."""
    founders: tuple[str, ...] = attrs.field(
        default=(), converter=to_names, validator=TEXT_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """Its founders."""
    parent: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The organisation it was spun out of, if any."""
    location: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """Where it is based (a city)."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class Score(Event):
    """A model's result on a benchmark or leaderboard, optionally with a confidence interval."""

    KIND: ClassVar[str] = "score"

    model: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """The model scored."""
    metric: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """What was measured, such as ``'pass_rate'``, ``'eci'`` or ``'rank'``."""
    value: float = attrs.field(validator=FLOAT_CHECK, metadata=meta(FLOAT))
    """The result (finite)."""
    ci_low: float | None = attrs.field(
        default=None, validator=OPTIONAL_FLOAT, metadata=meta(optional(FLOAT))
    )
    """The lower end of the confidence interval."""
    ci_high: float | None = attrs.field(
        default=None, validator=OPTIONAL_FLOAT, metadata=meta(optional(FLOAT))
    )
    """The upper end of the confidence interval."""
    benchmark: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The benchmark or leaderboard, such as ``'Aider Polyglot'``."""
    unit: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The unit of *value*, such as ``'%'`` ('' for none)."""
    release: str | None = attrs.field(
        default=None, validator=OPTIONAL_SLUG, metadata=meta(optional(TEXT))
    )
    """The id of the :class:`Release` event of the model scored, when the table names one."""

    def __attrs_post_init__(self) -> None:
        """Check that the confidence interval is ordered and holds the value."""
        super().__attrs_post_init__()
        low = self.value if self.ci_low is None else self.ci_low
        high = self.value if self.ci_high is None else self.ci_high
        if not low <= self.value <= high:
            msg = (
                f"{owner(self)}: ci_low={self.ci_low!r}, value={self.value!r}, "
                f"ci_high={self.ci_high!r} are out of order; expected ci_low <= value <= ci_high"
            )
            raise InvalidEventError(msg)


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class Statement(Event):
    """Something a person said or wrote: who said it, and the words."""

    KIND: ClassVar[str] = "statement"

    speaker: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """Who said it."""
    quote: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """What was said, verbatim unless *paraphrase* is set."""
    paraphrase: bool = attrs.field(default=False, validator=BOOL_CHECK, metadata=meta(BOOL))
    """Whether *quote* is a paraphrase (reported speech) rather than the speaker's words."""
    venue: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """Where it was said: a tweet, an interview, a conference."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class Publication(Event):
    """A paper, report or study being published."""

    KIND: ClassVar[str] = "publication"

    publisher: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """Who published it."""
    document: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The document's title."""
    authors: tuple[str, ...] = attrs.field(
        default=(), converter=to_names, validator=TEXT_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """Its authors, as credited."""
    identifier: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """An identifier such as an arXiv id or DOI."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class Milestone(Event):
    """A notable threshold or moment: a user count reached, a market move, an inauguration."""

    KIND: ClassVar[str] = "milestone"

    subject: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """What reached the milestone, such as ``'ChatGPT monthly users'``."""
    value: Decimal | None = attrs.field(
        default=None,
        converter=to_figure,
        validator=OPTIONAL_DECIMAL,
        metadata=meta(optional(DECIMAL)),
    )
    """The figure, exact (None when there is none)."""
    unit: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The unit of *value*, such as ``'users'`` or ``'USD'``."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class Hardware(Event):
    """An accelerator or chip product being launched or shipped."""

    KIND: ClassVar[str] = "hardware"

    chip: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """The product, such as ``'H800'``."""
    vendor: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """Its maker, such as ``'Nvidia'``."""
    derived_from: str = attrs.field(default="", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The product it is a variant of, such as ``'H100'``."""
    market: str | None = attrs.field(
        default=None, validator=check_country, metadata=meta(optional(TEXT))
    )
    """The market it is made for, when it is made for one (a code, as for ``country``)."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class PriceChange(Event):
    """A change in what a model costs to use through an API."""

    KIND: ClassVar[str] = "price_change"

    model: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """The model priced."""
    input_price: Money | None = attrs.field(
        default=None,
        validator=optional_instance(Money, "Money('0.27', 'USD')"),
        metadata=meta(optional(MONEY)),
    )
    """Price of input tokens, per *per*."""
    output_price: Money | None = attrs.field(
        default=None,
        validator=optional_instance(Money, "Money('1.10', 'USD')"),
        metadata=meta(optional(MONEY)),
    )
    """Price of output tokens, per *per*."""
    per: str = attrs.field(default="1M tokens", validator=TEXT_CHECK, metadata=meta(TEXT))
    """The quantity the prices are for."""


@register_kind
@attrs.frozen(kw_only=True, repr=False)
class Investment(Event):
    """Money committed to a company or project: a funding round, a joint venture."""

    KIND: ClassVar[str] = "investment"

    recipient: str = attrs.field(validator=REQUIRED_TEXT, metadata=meta(TEXT))
    """The company or project receiving it."""
    investors: tuple[str, ...] = attrs.field(
        default=(), converter=to_names, validator=TEXT_ITEMS, metadata=meta(TEXT_TUPLE)
    )
    """Who invests."""
    amount: Money | None = attrs.field(
        default=None,
        validator=optional_instance(Money, "Money('500e9', 'USD')"),
        metadata=meta(optional(MONEY)),
    )
    """The amount committed."""


_BUILT_IN: Final = frozenset(_REGISTRY.values())
