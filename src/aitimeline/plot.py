"""Draw timelines, lags and frontiers with matplotlib; save them deterministically.

This is the only module of aitimeline that imports matplotlib; import it on its own::

    from aitimeline import plot

    ax = plot.timeline(race, lanes="country")   # draws on plt.gca(), or on ax=...
    plot.layout(ax).dropped                      # ids whose label did not fit
    plot.save(ax.figure, "race.svg")             # byte-identical for the same input

What is drawn, and why:

* Each lane (by country, by default) is a horizontal baseline. An event dated to the day is a
  filled marker; one known only to a month, quarter or year is a bar over ``[earliest,
  latest]`` with a hollow marker in its middle, so the drawing never claims more precision than
  the record has. Colours and marker shapes both encode the kind of event (Okabe-Ito colours,
  which stay distinct under the common colour-vision deficiencies; the shapes make the legend
  readable in greyscale too).
* A period in force (an event whose date is a :class:`~aitimeline.Span`, or an export control's
  ``in_force``) is a shaded band behind the lanes. An uncertain end fades over its possible
  days; an open end (still in force) fades out towards the right edge.
* Labels are laid out when the figure is drawn, with the text measured for the renderer in use
  (sizes are cached), by :func:`aitimeline._layout.pack`: no two labels overlap, no leader line
  crosses a label, and when a lane is full the least important labels are dropped or merged into
  ``+k`` markers. :func:`layout` returns the result as data.
* Marks are drawn as a few collections, not one artist per event, so 10,000 events draw in a
  fraction of a second. In SVG output each event's marker carries the event id, and
  :func:`save` turns it into ``<g id="...">`` with a ``<title>`` tooltip.
* A lane with more events than can be marked one by one (more than 10,000 by default, see
  *density*) is drawn as a density strip: one histogram per lane, its colour the number of
  events per day, week, month or year, with a fuzzy date's event split evenly over the bins
  its range covers. Only its most important events keep a marker and are offered a label.

Library code here never calls ``plt.show()``, ``plt.figure()``, ``savefig`` (except in
:func:`save`, whose job it is) or ``plt.style.use``; without *ax* it draws on ``plt.gca()``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import math
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, cast

import attrs
import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import numpy.typing as npt
from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib.collections import Collection, LineCollection, PathCollection, PolyCollection
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter
from matplotlib.transforms import Bbox, IdentityTransform, Transform

from aitimeline._dates import MONTH_DAYS, DateLike, Span, When
from aitimeline._events import Event
from aitimeline._layout import Align, DensityStrip, Layout, pack, spread
from aitimeline._timeline import Timeline
from aitimeline._vocab import COUNTRY_LABELS
from aitimeline.exceptions import PlotError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure, SubFigure

    from aitimeline._metrics import FrontierLag, Lag

__all__ = [
    "KIND_STYLES",
    "OKABE_ITO",
    "THEMES",
    "KindStyle",
    "MergedLabel",
    "PlacedLabel",
    "Theme",
    "TimelineLayout",
    "default_label",
    "default_priority",
    "frontier",
    "lag",
    "layout",
    "save",
    "timeline",
]

# --------------------------------------------------------------------------------------------
# Palette, kinds and themes

OKABE_ITO: Final[Mapping[str, str]] = MappingProxyType(
    {
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
        "black": "#000000",
    }
)
"""The Okabe-Ito palette: eight colours that stay distinct for colour-blind readers."""

_INK: Final = "ink"
"""A colour name meaning "the theme's foreground" (black on light, white on dark)."""


@attrs.frozen
class KindStyle:
    """How events of one kind are drawn: a colour, a marker shape and a legend name."""

    color: str
    """A matplotlib colour, or ``"ink"`` for the theme's foreground colour."""
    marker: str
    """A filled matplotlib marker (``"o"``, ``"s"``, ``"^"``, ``"D"``, ``"X"``, ...)."""
    label: str
    """The name shown in the legend."""


KIND_STYLES: Final[Mapping[str, KindStyle]] = MappingProxyType(
    {
        "release": KindStyle(OKABE_ITO["blue"], "o", "Release"),
        "export_control": KindStyle(OKABE_ITO["vermillion"], "X", "Export control"),
        "policy": KindStyle(OKABE_ITO["reddish_purple"], "s", "Policy"),
        "ipo": KindStyle(OKABE_ITO["bluish_green"], "^", "IPO"),
        "founding": KindStyle(OKABE_ITO["orange"], "D", "Founding"),
        "statement": KindStyle(OKABE_ITO["sky_blue"], "v", "Statement"),
        "milestone": KindStyle(OKABE_ITO["yellow"], "*", "Milestone"),
        "hardware": KindStyle(_INK, "d", "Hardware"),
        "score": KindStyle(OKABE_ITO["sky_blue"], "p", "Score"),
        "publication": KindStyle(_INK, "h", "Publication"),
        "investment": KindStyle(OKABE_ITO["bluish_green"], "P", "Investment"),
        "price_change": KindStyle(OKABE_ITO["vermillion"], "<", "Price change"),
        "event": KindStyle("#8C8C8C", ">", "Other"),
    }
)
"""The style of each kind of event; kinds not listed get the next unused shape, in grey."""

_SPARE_MARKERS: Final = ("8", "H", ">", "<", "d", "p", "h")


@attrs.frozen
class Theme:
    """The colours a plot uses besides the kind palette."""

    background: str
    """Axes (and, when a theme is chosen, figure) background."""
    foreground: str
    """Text, ticks and the ``"ink"`` kind colour."""
    muted: str
    """Secondary text: ``+k`` markers, reference lines, leader lines."""
    rule: str
    """Lane baselines and grid lines."""


THEMES: Final[Mapping[str, Theme]] = MappingProxyType(
    {
        "light": Theme(background="#FFFFFF", foreground="#1A1A1A", muted="#767676", rule="#D9D9D9"),
        "dark": Theme(background="#121417", foreground="#E8E8E8", muted="#9A9A9A", rule="#3A3F45"),
    }
)
"""The built-in themes; ``theme=None`` takes every colour from the rcParams instead."""

ThemeName: TypeAlias = Literal["light", "dark"]
LaneKey: TypeAlias = str | Callable[[Event], object] | None
Priority: TypeAlias = Callable[[Event], float] | Mapping[str, float] | None
Labeller: TypeAlias = Callable[[Event], str] | str | None


def _theme(name: ThemeName | Theme | None) -> Theme:
    """Return the theme called *name*, or one built from the rcParams for None."""
    if isinstance(name, Theme):
        return name
    if name is None:
        fg = mcolors.to_hex(mpl.rcParams["text.color"])
        bg = mpl.rcParams["axes.facecolor"]
        bg = "#FFFFFF" if mcolors.same_color(bg, "none") else mcolors.to_hex(bg)
        return Theme(
            background=bg,
            foreground=fg,
            muted=_blend(fg, bg, 0.55),
            rule=_blend(fg, bg, 0.18),
        )
    if name not in THEMES:
        msg = f"theme={name!r} is not a theme; expected one of {sorted(THEMES)} or None"
        raise PlotError(msg)
    return THEMES[name]


def _blend(a: str, b: str, weight: float) -> str:
    """Return the colour *weight* of the way from *b* to *a*."""
    ra, rb = mcolors.to_rgb(a), mcolors.to_rgb(b)
    r, g, bl = (weight * x + (1 - weight) * y for x, y in zip(ra, rb, strict=True))
    return mcolors.to_hex((r, g, bl))


def _kind_styles(kinds: Iterable[str], theme: Theme) -> dict[str, KindStyle]:
    """Return a style for every kind in *kinds*, resolving ``"ink"`` against *theme*."""
    styles: dict[str, KindStyle] = {}
    used = {s.marker for s in KIND_STYLES.values()}
    spare = iter(m for m in _SPARE_MARKERS if m not in used)
    for kind in sorted(set(kinds)):
        style = KIND_STYLES.get(kind)
        if style is None:
            marker = next(spare, "o")
            style = KindStyle("#8C8C8C", marker, kind.replace("_", " ").capitalize())
        if style.color == _INK:
            style = attrs.evolve(style, color=theme.foreground)
        styles[kind] = style
    return styles


# --------------------------------------------------------------------------------------------
# Labels and priorities


def _shorten(text: str, limit: int) -> str:
    """Return *text* cut at a word boundary to at most *limit* characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-(")
    return cut + "\N{HORIZONTAL ELLIPSIS}"


def _plain_name(text: str) -> str:
    """Return *text* without a trailing parenthetical: ``"Zhipu AI (Z.ai)"`` -> ``"Zhipu AI"``."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).strip() or text


def _name_of(event: Event, field: str) -> str:
    """Return a short name from *field*, or the main actor when the field is long or empty."""
    value = getattr(event, field, "")
    name = _plain_name(value) if isinstance(value, str) else ""
    if name and len(name) <= 28:
        return name
    return _plain_name(event.actors[0]) if event.actors else name


def default_label(event: Event) -> str:
    """Return a short label: a release's model, "X IPO", "X founded", a chip, else the title.

    Args:
        event: Any event.

    Returns:
        At most 34 characters (longer titles are cut at a word, with an ellipsis).

    >>> from aitimeline._events import IPO, Release
    >>> default_label(Release(id="r1", when="2025-01-20", title="R1 released", model="R1"))
    'R1'
    >>> default_label(IPO(id="z", when="2026-01-08", title="Zhipu lists", company="Zhipu AI (Z)"))
    'Zhipu AI IPO'
    """
    kind = event.kind
    if kind in ("release", "hardware"):
        name = getattr(event, "model", "") or getattr(event, "chip", "")
        if isinstance(name, str) and name:
            return _shorten(name, 34)
    if kind == "ipo":
        return _shorten(f"{_name_of(event, 'company')} IPO", 34)
    if kind == "founding":
        return _shorten(f"{_name_of(event, 'organisation')} founded", 34)
    return _shorten(event.title, 34)


_KIND_PRIORITY: Final[Mapping[str, float]] = MappingProxyType(
    {
        "release": 3.0,
        "export_control": 3.0,
        "ipo": 3.0,
        "policy": 2.0,
        "founding": 2.0,
        "hardware": 1.5,
        "investment": 1.5,
        "milestone": 1.5,
        "statement": 1.0,
        "publication": 1.0,
        "score": 0.5,
        "price_change": 0.5,
    }
)


def default_priority(event: Event) -> float:
    """Return how much *event*'s label matters: by kind, plus one for the tag ``frontier``.

    Releases, export controls and IPOs rank first (3), then policies and foundings (2),
    hardware, investments and milestones (1.5), statements and publications (1), the rest
    lower. Ties are deliberate: among equals the layout packs the most labels.

    Args:
        event: Any event.

    Returns:
        A number; higher labels are placed first and dropped last.
    """
    return _KIND_PRIORITY.get(event.kind, 0.0) + (1.0 if "frontier" in event.tags else 0.0)


def _priority_fn(priority: Priority) -> Callable[[Event], float]:
    """Return a function giving each event's priority."""
    if priority is None:
        return default_priority
    if callable(priority):
        return priority
    table = dict(priority)

    def lookup(event: Event) -> float:
        if event.id in table:
            return float(table[event.id])
        return float(table.get(event.kind, default_priority(event)))

    return lookup


def _label_fn(label: Labeller) -> Callable[[Event], str]:
    """Return a function giving each event's label text."""
    if label is None:
        return default_label
    if callable(label):
        return label
    name = label

    def attribute(event: Event) -> str:
        value = getattr(event, name, None)
        return default_label(event) if value in (None, "") else str(value)

    return attribute


# --------------------------------------------------------------------------------------------
# Lanes

_COUNTRY_NAMES: Final[Mapping[str, str]] = COUNTRY_LABELS
_OTHER: Final = "Other"


def _lane_fn(lanes: LaneKey) -> Callable[[Event], str]:
    """Return a function giving each event's lane name."""
    if lanes is None:
        return lambda _event: ""
    if callable(lanes):
        return lambda event: _OTHER if (v := lanes(event)) is None else str(v)
    name = lanes

    def attribute(event: Event) -> str:
        value = event.kind if name == "kind" else getattr(event, name, None)
        if value is None or value == "":
            return _OTHER
        if name == "country" and isinstance(value, str):
            return _COUNTRY_NAMES.get(value, value)
        if name == "kind" and isinstance(value, str):
            return _kind_styles([value], THEMES["light"])[value].label
        return str(value)

    return attribute


def _lane_order(
    names: Sequence[str], order: Sequence[str] | None, max_lanes: int
) -> tuple[list[str], dict[str, str]]:
    """Return the lanes top to bottom and how each name maps onto them (extra ones -> Other)."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    lead = ("United States", "China")
    if order is None:
        ranked = sorted(
            counts,
            key=lambda n: (n == _OTHER, lead.index(n) if n in lead else 2, -counts[n], n),
        )
    else:
        given = [str(o) for o in order]
        given = [_COUNTRY_NAMES.get(o, o) for o in given]
        ranked = [n for n in given if n in counts] + sorted(
            (n for n in counts if n not in given), key=lambda n: (n == _OTHER, -counts[n], n)
        )
    if len(ranked) > max_lanes:
        kept = [n for n in ranked if n != _OTHER][: max(max_lanes - 1, 1)]
        mapping = {n: (n if n in kept else _OTHER) for n in ranked}
        return [*kept, _OTHER], mapping
    return ranked, {n: n for n in ranked}


# --------------------------------------------------------------------------------------------
# Text measurement (once per string, font and dpi)


@functools.lru_cache(maxsize=32)
def _glyphs(fname: str, size: float, dpi: float) -> dict[str, tuple[Any, float]]:
    """Return the (empty, filled lazily) table char -> (glyph index, advance in px)."""
    del fname, size, dpi
    return {}


def _hinting_flag() -> Any:  # noqa: ANN401 - an ft2font.LoadFlags, untyped across versions
    """Return the glyph-loading flags Agg uses (so advances match what is drawn)."""
    from matplotlib.backends.backend_agg import get_hinting_flag  # noqa: PLC0415 - lazy backend

    return get_hinting_flag()  # type: ignore[no-untyped-call]  # untyped in matplotlib


def _text_widths(texts: Sequence[str], prop: FontProperties, dpi: float) -> npt.NDArray[np.float64]:
    """Return the width in pixels of each text in *prop* at *dpi*, an upper bound on its ink.

    Sums the glyph advances (hinted and unhinted, whichever is larger) and the kerning, from a
    per-character cache: ~1,000 times faster than laying the string out with FreeType each
    time, and never narrower than what Agg, SVG or PDF draw (plus a 1 px and 2 % margin).
    """
    fname = findfont(prop)
    size = float(prop.get_size_in_points())
    font = get_font(fname)
    table = _glyphs(fname, size, dpi)
    flags = _hinting_flag()
    ready = False
    kerning = _kerning_mode()
    em = size * dpi / 72.0
    out = np.empty(len(texts), dtype=np.float64)
    for k, text in enumerate(texts):
        total = 0.0
        prev: Any = 0
        for char in text:
            glyph: tuple[Any, float] | None = table.get(char)
            if glyph is None:
                if not ready:
                    font.set_size(size, dpi)
                    ready = True
                index: Any = font.get_char_index(ord(char))
                if index == 0 and char not in "\t\n":
                    glyph = (index, em)
                else:
                    g = font.load_char(ord(char), flags=flags)
                    glyph = (index, max(g.horiAdvance / 64.0, g.linearHoriAdvance / 65536.0))
                table[char] = glyph
            if prev and glyph[0]:
                if not ready:
                    font.set_size(size, dpi)
                    ready = True
                total += font.get_kerning(prev, glyph[0], kerning) / 64.0
            total += glyph[1]
            prev = glyph[0]
        out[k] = total
    return out * 1.02 + 1.0


def _kerning_mode() -> Any:  # noqa: ANN401 - an ft2font.Kerning, untyped across versions
    """Return FreeType's default kerning mode, across matplotlib versions."""
    from matplotlib import ft2font  # noqa: PLC0415 - only needed to measure

    kerning = getattr(ft2font, "Kerning", None)
    if kerning is not None:
        return kerning.DEFAULT
    return getattr(ft2font, "KERNING_DEFAULT", 0)  # matplotlib < 3.10


@functools.lru_cache(maxsize=32)
def _line_height(fname: str, size: float, dpi: float) -> float:
    """Return the height in pixels of one line of text (ascender to descender)."""
    font = get_font(fname)
    font.set_size(size, dpi)
    font.set_text("lpÉgjy|", 0.0)
    height = font.get_width_height()[1] / 64.0
    descent = font.get_descent() / 64.0
    return max(height + descent, size * dpi / 72.0 * 1.2)


# --------------------------------------------------------------------------------------------
# Dates on the x axis


def _date_offset() -> float:
    """Return what to add to a date ordinal to get a matplotlib date number."""
    day = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    number = mdates.date2num(day)  # type: ignore[no-untyped-call]  # untyped in matplotlib
    return float(number) - day.toordinal()


def _instant(when: When | Span) -> When:
    """Return the instant an event is drawn at (a span's start)."""
    return when.start if isinstance(when, Span) else when


# --------------------------------------------------------------------------------------------
# The layout, as data


@attrs.frozen
class PlacedLabel:
    """A label that was drawn, with its box in display pixels at the last draw."""

    id: str
    """The event id."""
    lane: str
    """The lane it is in (``""`` without lanes, ``"periods"`` for the periods strip's names
    of bands and reference lines, ``"lags"`` for lag brackets)."""
    text: str
    """The text drawn."""
    level: int
    """Its row above the lane's baseline, 0 nearest."""
    box: tuple[float, float, float, float]
    """``(x0, y0, x1, y1)`` in display pixels, as laid out (text plus padding)."""


@attrs.frozen
class MergedLabel:
    """A ``+k`` marker standing for labels that did not fit."""

    ids: tuple[str, ...]
    """The ids of the events it stands for."""
    lane: str
    """Its lane."""
    text: str
    """``"+k"``."""
    level: int
    """Its row; -1 for a count written under the lane's name, when no marker fitted."""
    box: tuple[float, float, float, float]
    """``(x0, y0, x1, y1)`` in display pixels."""


def _to_labels(values: Iterable[PlacedLabel]) -> tuple[PlacedLabel, ...]:
    return tuple(values)


def _to_merged(values: Iterable[MergedLabel]) -> tuple[MergedLabel, ...]:
    return tuple(values)


def _to_ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _to_floats(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def _to_strips(values: Iterable[DensityStrip]) -> tuple[DensityStrip, ...]:
    return tuple(values)


@attrs.frozen
class TimelineLayout:
    """Where :func:`timeline` put every label at the last draw, and what it left out."""

    labels: tuple[PlacedLabel, ...] = attrs.field(converter=_to_labels)
    """The labels drawn, lane by lane."""
    dropped: tuple[str, ...] = attrs.field(converter=_to_ids)
    """Ids of events whose label did not fit; each is counted by a ``+k`` marker in
    :attr:`merged` (unless the timeline was drawn with ``merge=False``)."""
    merged: tuple[MergedLabel, ...] = attrs.field(converter=_to_merged)
    """``+k`` markers."""
    lanes: tuple[str, ...] = attrs.field(converter=_to_ids)
    """Lane names, top to bottom."""
    baselines: tuple[float, ...] = attrs.field(converter=_to_floats, default=())
    """The y of each lane's baseline in display pixels, top to bottom."""
    density: tuple[DensityStrip, ...] = attrs.field(converter=_to_strips, default=())
    """The lanes drawn as density strips (see *density* of :func:`timeline`), top to bottom:
    each one's bins and the weight of events in each. Their events' labels, except the few
    offered to the layout, are in :attr:`dropped`, counted by one ``+k`` under the lane's
    name."""

    @property
    def unmarked(self) -> tuple[str, ...]:
        """Ids of dropped labels that no ``+k`` marker counts (empty unless ``merge=False``)."""
        counted = {i for m in self.merged for i in m.ids}
        return tuple(i for i in self.dropped if i not in counted)

    def label(self, event_id: str) -> PlacedLabel | None:
        """Return the drawn label of *event_id*, or None.

        Args:
            event_id: An event id.

        Returns:
            The label, or None when it was dropped or the event is not on the plot.
        """
        return next((p for p in self.labels if p.id == event_id), None)


# --------------------------------------------------------------------------------------------
# Artists


class _EventMarks(PathCollection):
    """Event markers; in SVG output each carries its event id (a link that :func:`save` reads)."""

    def __init__(
        self,
        paths: Sequence[Any],
        *,
        ids: Sequence[str],
        tooltips: Sequence[str],
        **kwargs: Any,  # noqa: ANN401 - forwarded to PathCollection
    ) -> None:
        super().__init__(paths, **kwargs)
        self.event_ids: tuple[str, ...] = tuple(ids)
        self.tooltips: tuple[str, ...] = tuple(tooltips)

    def draw(self, renderer: RendererBase) -> None:
        """Draw; for the SVG renderer, tag each marker with its event id."""
        svg = _is_svg(renderer)
        if svg:
            self.set_urls([_URL_PREFIX + urllib.parse.quote(i) for i in self.event_ids])
        try:
            super().draw(renderer)
        finally:
            if svg:
                self.set_urls([None])


_URL_PREFIX: Final = "#aitimeline-event:"


def _is_svg(renderer: RendererBase) -> bool:
    """Return whether *renderer* writes SVG (possibly wrapped in a mixed-mode renderer)."""
    from matplotlib.backends.backend_svg import RendererSVG  # noqa: PLC0415 - lazy backend

    inner = getattr(renderer, "_renderer", renderer)
    return isinstance(renderer, RendererSVG) or isinstance(inner, RendererSVG)


class _Lane:
    """The labels of one lane: anchors (date numbers), texts, ids, priorities, colours.

    A lane drawn as a density strip (*dense*) offers only its most important labels to the
    layout; *extra* holds the ids of its other events, whose labels are dropped outright.
    """

    __slots__ = ("anchors", "colors", "dense", "extra", "ids", "name", "priority", "texts")

    def __init__(
        self,
        name: str,
        anchors: npt.NDArray[np.float64],
        texts: list[str],
        ids: list[str],
        priority: npt.NDArray[np.float64],
        colors: list[str],
        *,
        dense: bool = False,
        extra: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.anchors = anchors
        self.texts = texts
        self.ids = ids
        self.priority = priority
        self.colors = colors
        self.dense = dense
        self.extra = extra


class _Band:
    """A period in force, in date numbers clamped to the view.

    It rises from nothing at *s_lo* to full at *s_hi* (over the possible first days), is
    full to *e_lo* and falls to nothing at *e_hi* (over the possible last days, or towards the
    right edge when it is still in force).
    """

    __slots__ = ("colour", "e_hi", "e_lo", "key", "s_hi", "s_lo", "text", "text_colour")

    def __init__(
        self,
        key: str,
        text: str,
        colour: str,
        text_colour: str,
        bounds: tuple[float, float, float, float],
    ) -> None:
        self.key = key
        self.text = text
        self.colour = colour
        self.text_colour = text_colour
        self.s_lo, self.s_hi, self.e_lo, self.e_hi = bounds

    def opacity(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Return the band's opacity (0 to 1) at each date number in *x*."""
        ones = np.ones_like(x)
        rise = (
            ones
            if self.s_hi <= self.s_lo
            else np.clip((x - self.s_lo) / (self.s_hi - self.s_lo), 0.0, 1.0)
        )
        fall = (
            ones
            if self.e_hi <= self.e_lo
            else np.clip((self.e_hi - x) / (self.e_hi - self.e_lo), 0.0, 1.0)
        )
        out: npt.NDArray[np.float64] = np.where(
            (x >= self.s_lo) & (x <= self.e_hi), np.minimum(rise, fall), 0.0
        )
        return out

    def edges(self, steps: int) -> npt.NDArray[np.float64]:
        """Return the x where the drawn opacity may change: slices of each fading end."""
        return np.unique(
            np.concatenate(
                [
                    np.linspace(self.s_lo, self.s_hi, steps + 1),
                    np.linspace(self.e_lo, self.e_hi, steps + 1),
                ]
            )
        )


_FADE_STEPS: Final = 24
"""Slices a fading end of a band is drawn with."""
_SHADE_ALPHA: Final = 0.07
"""Opacity of the light full-height shade while any period of a colour is in force."""
_BAR_ALPHA: Final = 0.16
"""Opacity of a period's bar in the periods strip."""
_STRIP_ROWS: Final = 8
"""Most rows of the periods strip (one per overlapping period or reference line)."""


def _slices(
    bands: Sequence[_Band], alpha: float
) -> tuple[list[tuple[float, float]], list[tuple[float, float, float, float]]]:
    """Return x runs and colours shading where any band of each colour is in force.

    Bands of one colour are composited by their maximum, not stacked: however many overlap,
    the shade is never darker than one band. Runs of equal opacity are merged.
    """
    runs: list[tuple[float, float]] = []
    colours: list[tuple[float, float, float, float]] = []
    groups: dict[str, list[_Band]] = {}
    for band in bands:
        groups.setdefault(band.colour, []).append(band)
    for colour, group in groups.items():
        edges = np.unique(np.concatenate([b.edges(_FADE_STEPS) for b in group]))
        if len(edges) < 2:
            continue
        mids = (edges[:-1] + edges[1:]) / 2
        level = np.max(np.stack([b.opacity(mids) for b in group]), axis=0)
        k = 0
        while k < len(mids):
            j = k
            while j + 1 < len(mids) and level[j + 1] == level[k]:
                j += 1
            if level[k] > 0:
                runs.append((float(edges[k]), float(edges[j + 1])))
                colours.append(mcolors.to_rgba(colour, alpha * float(level[k])))
            k = j + 1
    return runs, colours


class _StripItem:
    """A label of the periods strip: a band's name at its start, or a reference line's."""

    __slots__ = ("band", "colour", "key", "priority", "text", "x")

    def __init__(
        self, key: str, text: str, x: float, colour: str, priority: float, band: _Band | None
    ) -> None:
        self.key = key
        self.text = text
        self.x = x
        self.colour = colour
        self.priority = priority
        self.band = band


class _Rows:
    """Where a lane's label levels are, in display pixels."""

    __slots__ = ("base", "offset", "pitch", "row", "up")

    def __init__(self, base: float, offset: float, pitch: float, row: float, *, up: bool) -> None:
        self.base = base
        self.offset = offset
        self.pitch = pitch
        self.row = row
        self.up = up

    def bottom(self, level: int) -> float:
        """Return the y of the bottom of a box on *level*."""
        if self.up:
            return self.base + self.offset + level * self.pitch
        return self.base - self.offset - level * self.pitch - self.row

    def near(self, level: int) -> float:
        """Return the y of the edge of a box on *level* that faces the baseline."""
        return self.bottom(level) if self.up else self.bottom(level) + self.row


@attrs.frozen
class _Sizes:
    """Sizes in points."""

    label: float
    """Label font size."""
    marker: float
    """Marker diameter."""
    offset: float
    """From a baseline to the near edge of its first label row."""
    row_gap: float
    """Between two label rows."""
    gap: float
    """Between two labels on a row."""
    pad: float
    """Around a label's text, inside its box."""
    lane_sep: float
    """Least distance between the first two baselines (their labels face away)."""
    lane_gap: float
    """Least space between a lane's lowest labels and the next baseline."""
    margin: float
    """Least space between blocks (periods strip, lanes, lag strip) and the axes' edges."""
    stem_gap: float = 2.0
    """Least space between a leader line and a label it passes."""


def _sizes() -> _Sizes:
    """Return the sizes a timeline uses, from the rcParams."""
    label = float(FontProperties(size="small").get_size_in_points())
    marker = max(5.0, 0.85 * float(mpl.rcParams["lines.markersize"]))
    return _Sizes(
        label=label,
        marker=marker,
        offset=marker / 2 + 4.0,
        row_gap=1.5,
        gap=5.0,
        pad=1.0,
        lane_sep=2.6 * label * 1.2 + marker,
        lane_gap=1.4 * label * 1.2 + marker,
        margin=marker / 2 + 3.0,
    )


_CANDIDATES: Final[tuple[tuple[Align, float], ...]] = (
    ("inward", 0.0),
    ("inward", 4.0),
    ("left", 0.0),
    ("left", 4.0),
    ("right", 0.0),
    ("right", 4.0),
)
"""Alignments and shifts (in gaps) tried for a lane with leader lines; the best layout wins."""
_CANDIDATE_LIMIT: Final = 400
"""Above this many labels in a lane, only the first candidate is tried: such a lane is full
whichever way its labels lean, and one layout of 1,000 labels takes ~15 ms, six take ~90."""


def _best_pack(
    anchors: npt.NDArray[np.float64],
    widths: npt.NDArray[np.float64],
    heights: npt.NDArray[np.float64],
    priority: npt.NDArray[np.float64],
    *,
    keys: Sequence[str],
    max_levels: int,
    gap: float,
    row_gap: float,
    bounds: tuple[float, float],
    stems: bool,
    stem_gap: float = 0.0,
    merge_size: tuple[float, float] | None,
    merge_all: bool = False,
) -> Layout:
    """Lay out one lane under a few alignments and shifts; return the best layout.

    Each candidate is a complete, overlap-free layout in which no label was dropped in favour
    of a less important one. The best places the most labels of the highest priority, then of
    the next, and so on; then uses fewer levels; then comes first in :data:`_CANDIDATES`.
    With *merge_all* every dropped label is counted by a ``+k`` marker wherever one fits.
    """
    if stems:
        candidates = _CANDIDATES[:1] if len(anchors) > _CANDIDATE_LIMIT else _CANDIDATES
    else:
        candidates = (("left", math.inf),)
    tiers = np.unique(priority)[::-1]
    best: Layout | None = None
    best_score: tuple[int, ...] = ()
    for align, shift in candidates:
        if best is not None and not best.dropped:
            break
        result = pack(
            anchors,
            widths,
            heights,
            priority,
            keys=keys,
            max_levels=max_levels,
            gap=gap,
            row_gap=row_gap,
            align=align,
            max_shift=shift * gap,
            bounds=bounds,
            stems=stems,
            stem_gap=stem_gap,
            merge_size=merge_size,
            merge_min=1 if merge_all else 2,
            merge_all=merge_all,
        )
        kept = np.array([p.priority for p in result.placements])
        score = (*(int(np.sum(kept == t)) for t in tiers), -result.levels)
        if best is None or score > best_score:
            best, best_score = result, score
    assert best is not None  # noqa: S101 - there is always a candidate
    return best


class _Bracket:
    """A lag drawn as a bracket in the lag strip."""

    __slots__ = ("color", "ids", "text", "x0", "x1")

    def __init__(self, x0: float, x1: float, text: str, color: str, ids: tuple[str, ...]) -> None:
        self.x0 = x0
        self.x1 = x1
        self.text = text
        self.color = color
        self.ids = ids


@attrs.frozen
class _Plan:
    """The vertical plan of a timeline at one draw, in display pixels (y up)."""

    levels: tuple[int, ...]
    """Label rows each lane may use."""
    strip_rows: int
    """Rows of the periods strip."""
    bracket_rows: int
    """Rows of the lag strip."""
    pitch: float
    """Distance between two label rows of a lane (stretched to use spare height)."""
    strip_top: float
    """Top of the periods strip (and of the shading)."""
    bases: tuple[float, ...]
    """Each lane's baseline, top to bottom."""
    lanes_bottom: float
    """Bottom of the last lane's labels (and of the shading)."""
    bracket_top: float
    """Top of the lag strip."""


def _plan(
    *,
    top: float,
    bottom: float,
    levels: Sequence[int],
    strip_rows: int,
    bracket_rows: int,
    pitch: float,
    strip_pitch: float,
    bracket_pitch: float,
    sizes: _Sizes,
    px: float,
    max_stretch: float = 1.8,
) -> _Plan:
    """Plan where the blocks of a timeline go between *top* and *bottom*.

    Top to bottom: the periods strip, the first lane's labels (stacking up from it), its
    baseline, the next baseline, that lane's labels (stacking down), further lanes likewise,
    the lag strip.

    When the height falls short, the lane with most label rows gives one up, repeatedly, down
    to one row per lane; then the lag strip and the periods strip give up rows down to one;
    then all of them down to none. Spare height first spreads label rows apart (up to
    *max_stretch* times their pitch, using at most 60 % of it), then is shared by the gaps
    between blocks, the gap between the first two baselines counting double, so the lanes
    follow the axes' height.
    """
    n = len(levels)
    lv = list(levels)
    offset, margin = sizes.offset * px, sizes.margin * px
    sep, lane_gap = sizes.lane_sep * px, sizes.lane_gap * px

    def need() -> float:
        h = strip_rows * strip_pitch + bracket_rows * bracket_pitch + 2 * margin
        h += sum(offset + v * pitch for v in lv)
        return h + (sep if n >= 2 else 0.0) + lane_gap * max(n - 2, 0)

    slack = (top - bottom) - need()
    for floor in (1, 0):  # first down to one row everywhere, then to none
        while slack < 0 and any(v > floor for v in lv):
            k = max(range(n), key=lambda i: (lv[i], i))
            lv[k] -= 1
            slack += pitch
        while slack < 0 and bracket_rows > floor:
            bracket_rows -= 1
            slack += bracket_pitch
        while slack < 0 and strip_rows > floor:
            strip_rows -= 1
            slack += strip_pitch
    slack = max(slack, 0.0)
    rows = sum(lv)
    stretch = min(rows * pitch * (max_stretch - 1), 0.6 * slack) if rows else 0.0
    p = pitch + (stretch / rows if rows else 0.0)
    slack -= stretch
    unit = slack / (2 + (2 if n >= 2 else 0) + max(n - 2, 0))
    y = top - strip_rows * strip_pitch
    strip_top = top
    y -= margin + unit
    bases: list[float] = []
    for k in range(n):
        if k == 0:
            y -= offset + lv[0] * p
            bases.append(y)
            if n >= 2:
                y -= sep + 2 * unit
            continue
        if k >= 2:
            y -= lane_gap + unit
        bases.append(y)
        y -= offset + lv[k] * p
    lanes_bottom = y
    return _Plan(
        levels=tuple(lv),
        strip_rows=strip_rows,
        bracket_rows=bracket_rows,
        pitch=p,
        strip_top=strip_top,
        bases=tuple(bases),
        lanes_bottom=lanes_bottom,
        bracket_top=y - margin - unit,
    )


_Bars: TypeAlias = tuple[LineCollection, npt.NDArray[np.float64], npt.NDArray[np.float64]]


class _Parts:
    """The timeline's artists whose vertical position follows the plan made at draw time.

    Their y is in axes coordinates (x in data), so they need no data limits on y.
    """

    def __init__(self, ax: Axes, lane_index: npt.NDArray[np.int64]) -> None:
        self.ax = ax
        self.lane_index = lane_index
        self.marks: list[tuple[PathCollection, npt.NDArray[np.int64], npt.NDArray[np.float64]]] = []
        self.bars: _Bars | None = None
        self.bar_index: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)
        self.lanes: LineCollection | None = None
        self.shade: PolyCollection | None = None
        self.shade_runs: list[tuple[float, float]] = []
        self.starts: LineCollection | None = None
        self.references: LineCollection | None = None
        self.reference_xs: list[float] = []
        self.strips: list[
            tuple[PolyCollection, int, npt.NDArray[np.float64], npt.NDArray[np.float64]]
        ] = []
        self.applied: tuple[float, ...] = ()
        self.optional: list[tuple[Collection, npt.NDArray[np.intp], list[str], float]] = []

    def watch(
        self, coll: Collection, optional: npt.NDArray[np.bool_], ids: list[str], size: float
    ) -> None:
        """Hide the markers (or bars) of *coll* flagged *optional* until :meth:`reveal`.

        *size* is a marker's area, or a bar's line width, when shown.
        """
        if not optional.any():
            return
        where = np.flatnonzero(optional)
        self.optional.append((coll, where, [ids[i] for i in where.tolist()], size))
        self.reveal(set())

    def reveal(self, labelled: set[str]) -> None:
        """Show the optional markers and bars of the events in *labelled*, hide the others."""
        for coll, where, ids, size in self.optional:
            now = np.array([size if i in labelled else 0.0 for i in ids])
            if isinstance(coll, LineCollection):
                n = len(coll.get_paths())
                widths = np.broadcast_to(np.asarray(coll.get_linewidth()), (n,)).copy()
                if not np.array_equal(widths[where], now):
                    widths[where] = now
                    coll.set_linewidth(widths.tolist())
            elif isinstance(coll, PathCollection):
                n = len(np.asarray(coll.get_offsets()))
                sizes = np.broadcast_to(coll.get_sizes(), (n,)).copy()
                if not np.array_equal(sizes[where], now):
                    sizes[where] = now
                    coll.set_sizes(sizes)

    def apply(
        self,
        bases: Sequence[float],
        top: float,
        bottom: float,
        starts: Sequence[float],
        half: float = 0.0,
    ) -> None:
        """Move everything to the baselines *bases* and shading ``[bottom, top]`` (axes units).

        *starts* holds, per band, the top of its start line; *half* is half the height of a
        density strip. Nothing is touched when the plan is unchanged, so a draw does not mark
        the figure stale again.
        """
        key = (*bases, top, bottom, *starts, half, *self.ax.get_ylim())
        if key == self.applied:
            return
        self.applied = key
        y = np.asarray(bases, dtype=np.float64)
        for strip, k, a, b in self.strips:
            verts = np.empty((len(a), 4, 2))
            verts[:, :, 0] = np.column_stack([a, b, b, a])
            verts[:, :, 1] = np.array([-half, -half, half, half]) + y[k]
            strip.set_verts(cast("Sequence[Any]", verts))  # an (n, 4, 2) array: the fast path
        for coll, idx, xs in self.marks:
            coll.set_offsets(np.column_stack([xs, y[self.lane_index[idx]]]))
        if self.bars is not None:
            bars, a, b = self.bars
            ys = y[self.lane_index[self.bar_index]]
            bars.set_segments(
                list(np.stack([np.column_stack([a, ys]), np.column_stack([b, ys])], 1))
            )
        if self.lanes is not None:
            self.lanes.set_segments([np.array([(0.0, v), (1.0, v)]) for v in y.tolist()])
        if self.shade is not None:
            self.shade.set_verts(
                [[(a, bottom), (b, bottom), (b, top), (a, top)] for a, b in self.shade_runs]
            )
        if self.starts is not None:
            segments = self.starts.get_segments()
            self.starts.set_segments(
                [
                    np.array([(s[0, 0], t), (s[0, 0], bottom)])
                    for s, t in zip(segments, starts, strict=True)
                ]
            )
        if self.references is not None:
            self.references.set_segments(
                [np.array([(x, top), (x, bottom)]) for x in self.reference_xs]
            )
        locator = self.ax.yaxis.get_major_locator()
        if isinstance(locator, FixedLocator) and len(getattr(locator, "locs", ())) == len(y):
            lo, hi = self.ax.get_ylim()
            locator.locs = lo + y * (hi - lo)  # type: ignore[attr-defined]  # not in the stubs


class _Frame:
    """What one draw of a timeline measures once: sizes in pixels, its room, date to pixel."""

    __slots__ = ("bottom", "box", "pitch", "px", "row", "top", "transform")

    def __init__(
        self,
        *,
        px: float,
        row: float,
        pitch: float,
        box: tuple[float, float, float, float],
        top: float,
        bottom: float,
        transform: Transform,
    ) -> None:
        self.px = px
        self.row = row
        self.pitch = pitch
        self.box = box
        self.top = top
        self.bottom = bottom
        self.transform = transform

    @property
    def dpi(self) -> float:
        """The renderer's dots per inch."""
        return 72.0 * self.px

    @property
    def bounds(self) -> tuple[float, float]:
        """The axes' left and right edges."""
        return self.box[0], self.box[2]

    def to_px(self, xs: Sequence[float] | npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Return the display x of date numbers *xs*."""
        values = np.asarray(xs, dtype=np.float64)
        out: npt.NDArray[np.float64] = self.transform.transform(
            np.column_stack([values, np.zeros(len(values))])
        )[:, 0]
        return out


_Measured: TypeAlias = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], float]
"""A lane's label anchors and widths in pixels, and the width of its ``+k`` markers."""
_StripBoxes: TypeAlias = tuple[
    npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]
]
"""Per periods-strip item: its box's left edge and width, and its text's left edge."""


class _TimelineLabels(Artist):
    """Plans the timeline's height and lays out its labels at draw time, for the renderer."""

    def __init__(
        self,
        lanes: list[_Lane],
        strip: list[_StripItem],
        parts: _Parts,
        sizes: _Sizes,
        theme: Theme,
        *,
        max_levels: int,
        merge: bool,
        lane_names: tuple[str, ...],
        density: tuple[DensityStrip, ...] = (),
    ) -> None:
        super().__init__()
        self.density = density
        self.lanes = lanes
        self.strip = strip
        self.parts = parts
        self.sizes = sizes
        self.theme = theme
        self.max_levels = max_levels
        self.merge = merge
        self.lane_names = lane_names
        self.brackets: list[_Bracket] = []
        self.last: TimelineLayout | None = None
        self.plan: _Plan | None = None
        self._texts: list[Text] = []
        self._stems: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._bracket_lines: list[tuple[list[tuple[float, float]], str]] = []
        self._bars: tuple[list[list[tuple[float, float]]], list[Any]] = ([], [])
        self._axes_y: tuple[list[float], float, float, list[float], float] = (
            [],
            1.0,
            0.0,
            [],
            0.0,
        )
        self._fresh = False
        self._compact = False
        self._extent = Bbox.null()
        self.set_zorder(3.0)
        self.set_in_layout(False)

    # The layout ------------------------------------------------------------------------------

    def _font(self, *, italic: bool = False) -> FontProperties:
        return FontProperties(size=self.sizes.label, style="italic" if italic else "normal")

    def _frame(self, renderer: RendererBase) -> _Frame:
        """Return what this draw measures once: sizes in pixels, the room, date to pixel."""
        axes = self.axes
        assert axes is not None  # noqa: S101 - set by add_artist before any draw
        px = _px(renderer)
        s = self.sizes
        row = _line_height(findfont(self._font()), s.label, 72.0 * px) + 2 * s.pad * px
        bbox = axes.bbox
        top = float(bbox.y1) - s.margin * px
        legend = axes.get_legend()
        if legend is not None and legend.get_visible():
            top = min(top, float(legend.get_window_extent(renderer).y0) - s.margin * px)
        return _Frame(
            px=px,
            row=row,
            pitch=row + s.row_gap * px,
            box=(float(bbox.x0), float(bbox.y0), float(bbox.x1), float(bbox.y1)),
            top=top,
            bottom=float(bbox.y0) + s.margin * px,
            transform=axes.transData,
        )

    def _lay_lane(self, f: _Frame, k: int, measured: _Measured, levels: int) -> Layout:
        """Lay out lane *k* on at most *levels* rows, ``+k`` markers counting what is dropped."""
        s = self.sizes
        anchors, widths, plus = measured
        merge = self.merge and not self.lanes[k].dense  # a strip's drops: one "+k" by its name
        return _best_pack(
            anchors,
            widths,
            np.full(len(anchors), f.row),
            self.lanes[k].priority,
            keys=self.lanes[k].ids,
            max_levels=levels,
            gap=s.gap * f.px,
            row_gap=s.row_gap * f.px,
            bounds=f.bounds,
            stems=True,
            stem_gap=s.stem_gap * f.px,
            merge_size=(plus, f.row) if merge else None,
            merge_all=merge,
        )

    def compute(self, renderer: RendererBase) -> None:
        """Plan the height and lay out every label for *renderer*; rebuild texts and lines."""
        f = self._frame(renderer)
        s = self.sizes
        prop = self._font()
        measured: list[_Measured] = [
            (
                f.to_px(lane.anchors),
                _text_widths(lane.texts, prop, f.dpi) + 2 * s.pad * f.px,
                float(_text_widths([f"+{max(len(lane.texts), 9)}"], prop, f.dpi)[0])
                + 2 * s.pad * f.px,
            )
            for lane in self.lanes
        ]
        lanes = [self._lay_lane(f, k, m, self.max_levels) for k, m in enumerate(measured)]
        strip_boxes = self._strip_boxes(f, compact=False)
        strip = self._pack_strip(f, strip_boxes, _STRIP_ROWS)
        brackets = self._pack_brackets(f, 6)

        def plan_for(strip_rows: int) -> _Plan:
            return _plan(
                top=f.top,
                bottom=f.bottom,
                levels=[r.levels for r in lanes],
                strip_rows=strip_rows,
                bracket_rows=brackets[0].levels if brackets is not None else 0,
                pitch=f.pitch,
                strip_pitch=f.pitch,
                bracket_pitch=f.pitch + 4 * f.px,
                sizes=s,
                px=f.px,
            )

        plan = plan_for(strip.levels)
        short = plan.strip_rows < strip.levels or any(
            v < r.levels for v, r in zip(plan.levels, lanes, strict=True)
        )
        self._compact = False
        if short and strip.levels > 1:  # short of height: names only, packed tighter, no bars
            compact_boxes = self._strip_boxes(f, compact=True)
            compact = self._pack_strip(f, compact_boxes, _STRIP_ROWS)
            if compact.levels < strip.levels or plan.strip_rows < strip.levels:
                self._compact = True
                strip, strip_boxes = compact, compact_boxes
                plan = plan_for(strip.levels)
        lanes = [
            self._lay_lane(f, k, m, plan.levels[k])
            if plan.levels[k] < lanes[k].levels
            else lanes[k]
            for k, m in enumerate(measured)
        ]
        if plan.strip_rows < strip.levels:
            strip = self._pack_strip(f, strip_boxes, plan.strip_rows)
        if brackets is not None and plan.bracket_rows < brackets[0].levels:
            brackets = self._pack_brackets(f, plan.bracket_rows)
        self._build(f, plan, lanes, (strip, strip_boxes), brackets)

    def _build(
        self,
        f: _Frame,
        plan: _Plan,
        lanes: list[Layout],
        strip: tuple[Layout, _StripBoxes],
        brackets: tuple[Layout, npt.NDArray[np.float64]] | None,
    ) -> None:
        """Turn the layouts into texts, lines and bars where *plan* puts them; record it all."""
        self.plan = plan
        self._texts, self._stems, self._bracket_lines = [], [], []
        placed: list[PlacedLabel] = []
        merged: list[MergedLabel] = []
        dropped: list[str] = []
        starts = self._draw_strip(f, strip, plan, placed, merged, dropped)
        for k, result in enumerate(lanes):
            rows = _Rows(plan.bases[k], self.sizes.offset * f.px, plan.pitch, f.row, up=k == 0)
            self._draw_lane(k, result, rows, f.px, placed, merged, dropped)
        if brackets is not None:
            self._draw_brackets(f, brackets, plan.bracket_top, placed, dropped)
        _, y0, _, y1 = f.box
        height = (y1 - y0) or 1.0
        self._axes_y = (
            [(b - y0) / height for b in plan.bases],
            (plan.strip_top - y0) / height,
            (plan.lanes_bottom - y0) / height,
            [(t - y0) / height for t in starts],
            _strip_half(self.sizes) * f.px / height,
        )
        self.last = TimelineLayout(
            labels=placed,
            dropped=dropped,
            merged=merged,
            lanes=self.lane_names,
            baselines=plan.bases,
            density=self.density,
        )
        self._fresh = True

    def apply(self) -> None:
        """Move the marks, lanes and shading to where the last :meth:`compute` planned them."""
        axes = self.axes
        if axes is None or self.plan is None:
            return
        bases, top, bottom, starts, half = self._axes_y
        self.parts.apply(bases, top, bottom, starts, half)
        if self.parts.optional and self.last is not None:
            self.parts.reveal({p.id for p in self.last.labels})

    # Lanes -----------------------------------------------------------------------------------

    def _draw_lane(
        self,
        k: int,
        result: Layout,
        rows: _Rows,
        px: float,
        placed: list[PlacedLabel],
        merged: list[MergedLabel],
        dropped: list[str],
    ) -> None:
        """Add one lane's labels, ``+k`` markers and leader lines."""
        lane = self.lanes[k]
        reach = max(self.sizes.marker / 2, _strip_half(self.sizes) if lane.dense else 0.0)
        clearance = (reach + 1) * px
        stem_from = rows.base + (clearance if rows.up else -clearance)
        for p in result.placements:
            y0 = rows.bottom(p.level)
            placed.append(
                PlacedLabel(
                    p.key,
                    lane.name,
                    lane.texts[p.index],
                    p.level,
                    (p.x, y0, p.right, y0 + p.height),
                )
            )
            text = self._make_text(lane.texts[p.index], p.x, y0, px, lane.colors[p.index])
            text.set_gid(f"label-{lane.ids[p.index]}")
            self._texts.append(text)
            self._stems.append(((p.anchor, stem_from), (p.anchor, rows.near(p.level))))
        counted: set[str] = set()
        for m in result.merged:
            y0 = rows.bottom(m.level)
            merged.append(
                MergedLabel(m.keys, lane.name, m.text, m.level, (m.x, y0, m.right, y0 + m.height))
            )
            self._texts.append(self._make_text(m.text, m.x, y0, px, self.theme.muted))
            counted.update(m.keys)
            if m.stem:
                self._stems.append(((m.anchor, stem_from), (m.anchor, rows.near(m.level))))
        dropped.extend(result.dropped_keys)
        dropped.extend(lane.extra)
        if not self.merge:
            return
        homeless = tuple(key for key in (*result.dropped_keys, *lane.extra) if key not in counted)
        if homeless:  # no marker fitted anywhere in the lane, or a strip's: under its name
            row = rows.row
            merged.append(self._count(lane.name, homeless, rows.base - row / 2 - 1 * px, px))

    def _count(self, name: str, ids: tuple[str, ...], top: float, px: float) -> MergedLabel:
        """Add a ``+k`` left of the axes, its top at *top*, for labels no marker counts.

        For a lane it goes under the lane's name; for the periods strip, beside its top row.
        """
        axes = self.axes
        assert axes is not None  # noqa: S101 - set by add_artist
        s = self.sizes
        prop = self._font()
        label = f"+{len(ids)}"
        width = float(_text_widths([label], prop, 72.0 * px)[0]) + 2 * s.pad * px
        row = _line_height(findfont(prop), s.label, 72.0 * px) + 2 * s.pad * px
        right = float(axes.bbox.x0) - 4 * px
        self._texts.append(self._make_text(label, right - width, top - row, px, self.theme.muted))
        return MergedLabel(ids, name, label, -1, (right - width, top - row, right, top))

    def _make_text(
        self, label: str, x: float, y: float, px: float, colour: str, *, italic: bool = False
    ) -> Text:
        """Return a text whose box (with padding) has its lower left corner at (x, y) pixels."""
        return Text(
            x + self.sizes.pad * px,
            y + self.sizes.pad * px,
            label,
            color=colour,
            fontproperties=self._font(italic=italic),
            ha="left",
            va="bottom",
            transform=IdentityTransform(),
            parse_math=False,
        )

    # The periods strip -----------------------------------------------------------------------

    def _strip_boxes(self, f: _Frame, *, compact: bool) -> _StripBoxes:
        """Return per strip item: its row box's left edge and width, and its text's left edge.

        A band's box runs from its start to its end (a period still in force: to the right
        edge) and holds its name, written right of the start, or left of it when it would
        not fit; a reference line's box holds its label beside the line. *compact* boxes hold
        only the names (no bars are drawn), so bands share rows.
        """
        n = len(self.strip)
        if n == 0:
            empty = np.empty(0)
            return empty, empty, empty
        s = self.sizes
        prop = self._font(italic=True)
        widths = _text_widths([item.text for item in self.strip], prop, f.dpi) + 2 * s.pad * f.px
        xs = f.to_px([item.x for item in self.strip])
        ends = f.to_px([item.band.e_hi if item.band is not None else item.x for item in self.strip])
        nudge = 2 * f.px
        x0, x1 = f.bounds
        right = xs + nudge + widths <= x1
        text_x = np.where(right, xs + nudge, xs - nudge - widths)
        text_x = np.clip(text_x, x0, np.maximum(x1 - widths, x0))
        if compact:
            ends = xs
        left = np.maximum(np.minimum(text_x, xs), x0)
        end = np.minimum(np.maximum(text_x + widths, ends), x1)
        return left, np.maximum(end - left, 0.0), text_x

    def _pack_strip(self, f: _Frame, boxes: _StripBoxes, rows: int) -> Layout:
        """Pack the strip's boxes into rows, each exactly where it is; count the rest as "+k"."""
        left, width, _ = boxes
        s = self.sizes
        prop = self._font(italic=True)
        plus = float(_text_widths([f"+{max(len(left), 9)}"], prop, f.dpi)[0]) + 2 * s.pad * f.px
        return pack(
            left,
            width,
            np.full(len(left), f.row),
            np.array([item.priority for item in self.strip], dtype=np.float64),
            keys=[item.key for item in self.strip],
            max_levels=rows,
            gap=s.gap * f.px,
            row_gap=s.row_gap * f.px,
            align="left",
            bounds=f.bounds,
            stems=False,
            merge_size=(plus, f.row) if self.merge else None,
            merge_min=1,
            merge_all=self.merge,
        )

    def _draw_strip(
        self,
        f: _Frame,
        strip: tuple[Layout, _StripBoxes],
        plan: _Plan,
        placed: list[PlacedLabel],
        merged: list[MergedLabel],
        dropped: list[str],
    ) -> list[float]:
        """Add the strip's names and period bars; return the top of each band's start line."""
        result, (_, _, text_x) = strip
        s = self.sizes
        prop = self._font(italic=True)
        widths = _text_widths([item.text for item in self.strip], prop, f.dpi)
        polys: list[list[tuple[float, float]]] = []
        colours: list[Any] = []
        band_top: dict[str, float] = {}
        for p in result.placements:
            item = self.strip[p.index]
            y1 = plan.strip_top - p.level * f.pitch
            y0 = y1 - f.row
            x = float(text_x[p.index])
            w = float(widths[p.index]) + 2 * s.pad * f.px
            placed.append(PlacedLabel(item.key, "periods", item.text, p.level, (x, y0, x + w, y1)))
            self._texts.append(self._make_text(item.text, x, y0, f.px, item.colour, italic=True))
            if item.band is not None:
                band_top[item.key] = y1
            if item.band is not None and not self._compact:
                runs, fills = _slices([item.band], _BAR_ALPHA)
                for (a, b), fill in zip(runs, fills, strict=True):
                    xa, xb = f.to_px([a, b]).tolist()
                    polys.append([(xa, y0), (xb, y0), (xb, y1), (xa, y1)])
                    colours.append(fill)
        for m in result.merged:
            y1 = plan.strip_top - m.level * f.pitch
            box = (m.x, y1 - f.row, m.right, y1)
            merged.append(MergedLabel(m.keys, "periods", m.text, m.level, box))
            self._texts.append(self._make_text(m.text, m.x, y1 - f.row, f.px, self.theme.muted))
        dropped.extend(result.dropped_keys)
        counted = {key for m in result.merged for key in m.keys}
        homeless = tuple(key for key in result.dropped_keys if key not in counted)
        if homeless and self.merge:  # no row had room for a marker: count them in the margin
            merged.append(self._count("periods", homeless, plan.strip_top, f.px))
        self._bars = (polys, colours)
        return [
            band_top.get(item.key, plan.strip_top) for item in self.strip if item.band is not None
        ]

    # The lag strip ---------------------------------------------------------------------------

    def _pack_brackets(self, f: _Frame, rows: int) -> tuple[Layout, npt.NDArray[np.float64]] | None:
        """Pack the lag brackets (each as wide as its span and its label) into rows.

        Returns:
            The layout and, per bracket, its two ends and middle in pixels; None without any.
        """
        if not self.brackets:
            return None
        s = self.sizes
        x0 = f.to_px([b.x0 for b in self.brackets])
        x1 = f.to_px([b.x1 for b in self.brackets])
        widths = _text_widths([b.text for b in self.brackets], self._font(), f.dpi)
        widths = widths + 2 * s.pad * f.px
        mid = (x0 + x1) / 2
        left = np.maximum(np.minimum(x0, mid - widths / 2), f.bounds[0])
        right = np.minimum(np.maximum(x1, mid + widths / 2), f.bounds[1])
        n = len(self.brackets)
        result = pack(
            left,
            np.maximum(right - left, 0.0),
            np.full(n, f.row + 4 * f.px),
            -np.arange(n, dtype=np.float64),
            keys=[str(i) for i in range(n)],
            max_levels=min(rows, n),
            gap=s.gap * f.px,
            row_gap=s.row_gap * f.px,
            align="left",
            bounds=f.bounds,
            stems=False,
        )
        return result, np.column_stack([x0, x1, mid])

    def _draw_brackets(
        self,
        f: _Frame,
        brackets: tuple[Layout, npt.NDArray[np.float64]],
        top: float,
        placed: list[PlacedLabel],
        dropped: list[str],
    ) -> None:
        """Add each placed bracket's lines and label, its row counted down from *top*."""
        result, ends = brackets
        s = self.sizes
        prop = self._font()
        tick = 4 * f.px
        pitch = f.pitch + tick
        for p in result.placements:
            b = self.brackets[p.index]
            x0, x1, mid = (float(v) for v in ends[p.index])
            y = top - (p.level + 1) * pitch + s.row_gap * f.px
            line_y = y + tick / 2
            for segment in (
                [(x0, line_y + tick / 2), (x0, line_y - tick / 2)],
                [(x0, line_y), (x1, line_y)],
                [(x1, line_y + tick / 2), (x1, line_y - tick / 2)],
            ):
                self._bracket_lines.append((segment, b.color))
            text = Text(
                mid,
                y + tick + s.pad * f.px,
                b.text,
                color=b.color,
                fontproperties=prop,
                ha="center",
                va="bottom",
                transform=IdentityTransform(),
                parse_math=False,
            )
            text.set_gid("lag-" + "-".join(b.ids) if b.ids else None)
            self._texts.append(text)
            placed.append(
                PlacedLabel(
                    "\N{RIGHTWARDS ARROW}".join(b.ids),
                    "lags",
                    b.text,
                    p.level,
                    (p.x, y, p.right, y + p.height),
                )
            )
        dropped.extend(
            "\N{RIGHTWARDS ARROW}".join(self.brackets[i].ids) or str(i) for i in result.dropped
        )

    # Drawing ---------------------------------------------------------------------------------

    def draw(self, renderer: RendererBase) -> None:
        """Draw the period bars, leader lines, brackets and texts laid out for *renderer*."""
        if not self.get_visible():
            return
        if not self._fresh:  # drawn without its planner: lay out, too late to move marks
            self.compute(renderer)
        self._fresh = False
        figure = self.get_figure()
        if figure is None:
            return
        renderer.open_group("aitimeline-labels", gid=self.get_gid())
        polys, colours = self._bars
        if polys:
            bars = PolyCollection(
                polys,
                facecolors=colours,
                edgecolors="none",
                antialiaseds=False,
                transform=IdentityTransform(),
            )
            bars.set_figure(figure)
            bars.draw(renderer)
        if self._stems:
            lines = LineCollection(
                self._stems,
                colors=self.theme.muted,
                linewidths=0.6,
                alpha=0.7,
                transform=IdentityTransform(),
            )
            lines.set_figure(figure)
            lines.draw(renderer)
        if self._bracket_lines:
            brackets = LineCollection(
                [seg for seg, _ in self._bracket_lines],
                colors=[c for _, c in self._bracket_lines],
                linewidths=1.1,
                transform=IdentityTransform(),
            )
            brackets.set_figure(figure)
            brackets.draw(renderer)
        for text in self._texts:
            text.set_figure(figure)
            text.draw(renderer)
        boxes = [Bbox.from_extents(*p.box) for p in self.last.labels] if self.last else []
        self._extent = Bbox.union(boxes) if boxes else Bbox.null()
        renderer.close_group("aitimeline-labels")
        self.stale = False

    def get_window_extent(self, renderer: RendererBase | None = None) -> Bbox:
        """Return the box around the labels drawn last."""
        del renderer
        return self._extent

    @property
    def texts(self) -> list[Text]:
        """The label texts drawn last (labels, ``+k`` markers, period names, lag labels)."""
        return list(self._texts)

    @property
    def bar_polygons(self) -> list[list[tuple[float, float]]]:
        """The period bars of the strip drawn last, in display pixels."""
        return list(self._bars[0])


class _Planner(Artist):
    """Plans a timeline for the renderer before anything else on the axes is drawn.

    It sits below every other artist (lowest zorder), so the marks, lanes, shading and lane
    names it moves are drawn where the plan puts them, in the same draw.
    """

    def __init__(self, labels: _TimelineLabels) -> None:
        super().__init__()
        self.labels = labels
        self.set_zorder(-1000.0)
        self.set_in_layout(False)

    def draw(self, renderer: RendererBase) -> None:
        """Lay the timeline out for *renderer* and move its parts into place."""
        if self.labels.axes is not None and self.labels.get_visible():
            self.labels.compute(renderer)
            self.labels.apply()
        self.stale = False

    def get_window_extent(self, renderer: RendererBase | None = None) -> Bbox:
        """Return an empty box: the planner draws nothing."""
        del renderer
        return Bbox.null()


# --------------------------------------------------------------------------------------------
# Timelines


def _px(renderer: RendererBase) -> float:
    """Return how many display pixels one point is for *renderer*."""
    return float(np.asarray(renderer.points_to_pixels(1.0)))


def _axes(ax: Axes | None) -> Axes:
    """Return *ax*, or the current axes of pyplot."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # noqa: PLC0415 - pyplot only when no axes is given

    return plt.gca()


def _root(ax: Axes) -> Figure:
    """Return the top-level figure *ax* is drawn in."""
    return ax.figure.figure


class _Marks:
    """Per-event arrays used to draw a timeline."""

    def __init__(self, events: Sequence[Event], offset: float) -> None:
        n = len(events)
        self.lo = np.empty(n)
        self.hi = np.empty(n)
        self.exact = np.zeros(n, dtype=bool)
        for i, event in enumerate(events):
            w = _instant(event.when)
            self.lo[i] = np.nan if w.is_open_start else w.earliest_ordinal + offset
            self.hi[i] = np.nan if w.is_open_end else w.latest_ordinal + 1 + offset
            self.exact[i] = w.is_exact
        self.hi[self.exact] = self.lo[self.exact]

    def limits(self) -> tuple[float, float]:
        """Return the smallest and largest finite date numbers."""
        both = np.concatenate([self.lo, self.hi])
        both = both[np.isfinite(both)]
        if both.size == 0:
            return 0.0, 1.0
        return float(both.min()), float(both.max())

    def anchors(self, lo: float, hi: float) -> npt.NDArray[np.float64]:
        """Return the x of each event's marker, with open ends clamped to ``[lo, hi]``."""
        a = np.where(np.isfinite(self.lo), self.lo, lo)
        b = np.where(np.isfinite(self.hi), self.hi, hi)
        out: npt.NDArray[np.float64] = np.where(self.exact, a, (a + b) / 2)
        return out


def _tooltip(event: Event) -> str:
    """Return the hover text of an event in SVG output."""
    return f"{event.title} \N{EM DASH} {event.when.describe()}"


def _bands(events: Sequence[Event]) -> list[tuple[Event, Span]]:
    """Return the periods in force: events dated by a Span, and ``in_force`` spans."""
    found: list[tuple[Event, Span]] = []
    for event in events:
        if isinstance(event.when, Span):
            found.append((event, event.when))
            continue
        in_force = getattr(event, "in_force", None)
        if isinstance(in_force, Span):
            found.append((event, in_force))
    return found


def _validate(max_levels: int, max_lanes: int) -> None:
    if max_levels < 0:
        msg = f"max_levels={max_levels!r} must be an int >= 0"
        raise PlotError(msg)
    if max_lanes < 1:
        msg = f"max_lanes={max_lanes!r} must be an int >= 1"
        raise PlotError(msg)


def timeline(
    tl: Timeline | Iterable[Event],
    *,
    lanes: LaneKey = "country",
    ax: Axes | None = None,
    window: tuple[DateLike | None, DateLike | None] | None = None,
    today: DateLike | None = None,
    reference: Mapping[str, DateLike] | Iterable[str] | None = None,
    priority: Priority = None,
    label: Labeller = None,
    theme: ThemeName | Theme | None = None,
    lane_order: Sequence[str] | None = None,
    max_lanes: int = 3,
    max_levels: int = 6,
    bands: bool = True,
    legend: bool = True,
    merge: bool = True,
    density: bool | int | Literal["auto"] = "auto",
    **kwargs: Any,  # noqa: ANN401 - forwarded to the marker collections
) -> Axes:
    """Draw events as a timeline in lanes, with labels that never overlap.

    The vertical layout is planned when the figure is drawn, for its actual size: periods
    in force get a strip of named bars at the top, the first lane's labels stack up from its
    baseline and every other lane's down from its own, lag brackets go in a strip at the
    bottom, and spare height spreads the lanes and label rows apart.

    Args:
        tl: A :class:`~aitimeline.Timeline` or any iterable of events.
        lanes: What to split lanes by: an event attribute (``"country"``, ``"kind"``, any
            field), a function of the event, or None for a single lane. With ``"country"``
            the United States and China come first.
        ax: The axes to draw on (default: ``plt.gca()``).
        window: ``(start, end)`` days to show (either may be None for "from the data");
            events entirely outside are left out, periods are cut at the edges.
        today: Draw a "today" line on this day (the library never reads the clock).
        reference: Reference lines: a mapping of label to day, or event ids (labelled with
            the event's label).
        priority: Label priority: a function of the event, or a mapping from event id or kind
            name to a number (others get :func:`default_priority`). Higher labels are placed
            first and dropped last.
        label: Label text: a function of the event, an attribute name, or None for
            :func:`default_label`.
        theme: ``"light"``, ``"dark"``, a :class:`Theme`, or None to take colours from the
            rcParams (and so from any style sheet in use).
        lane_order: Lane names (or country codes), top first; others follow.
        max_lanes: Lanes beyond this many are merged into one ``"Other"`` lane.
        max_levels: Most label rows next to a lane.
        bands: Draw periods in force (spans, export controls' ``in_force``): a light shade
            behind the lanes (overlapping periods do not darken it) and a named bar each.
        legend: Draw a legend of the kinds shown.
        merge: Count dropped labels in ``+k`` markers (every one of them, where any marker
            fits; else under the lane's name).
        density: Which lanes to draw as density strips instead of one marker per event:
            ``"auto"`` those with more than 10,000 events (periods in force not counted),
            True every lane, False none, an int *n* those with more than *n*. A strip is one
            histogram per lane, coloured by the number of events per day, week, month or
            year (the finest bin at least 2.5 points wide, for the view and the axes' width
            at this call), with a legend entry "events per week (0-k)". Each event adds a
            weight of 1: an event dated to the day to its day's bin, a fuzzy one split
            evenly over the days from its earliest to its latest (an open end stops at the
            edge of the view), so the weights of a strip add up to its number of events,
            less what a *window* cuts off (:attr:`TimelineLayout.density`). The 60 events
            of highest priority (ties spread over time) keep their markers and are offered
            labels; the others' labels are reported as dropped and counted by one ``+k``
            under the lane's name. Periods in force are drawn as usual.
        **kwargs: Passed to the marker collections (for example ``alpha``, ``zorder``).

    Returns:
        The axes drawn on; :func:`layout` returns where the labels went.

    Raises:
        PlotError: An option is out of range or a lane key is not an attribute name.
    """
    _validate(max_levels, max_lanes)
    threshold = _density_threshold(density)
    ax = _axes(ax)
    th = _theme(theme)
    offset = _date_offset()
    span = _window(window, offset)
    events = _in_window(tuple(tl), span, offset)
    marks = _Marks(events, offset)
    band_list = _bands(events) if bands else []
    refs = _references(reference, today, events, offset)
    lo, hi = _x_limits(marks, band_list, refs, offset)
    lo, hi = (lo if span[0] is None else span[0]), (hi if span[1] is None else span[1])
    anchors = marks.anchors(lo, hi)

    order, lane_index = _lane_indices(events, lanes, lane_order, max_lanes)
    sizes = _sizes()
    prio_fn = _priority_fn(priority)
    label_fn = _label_fn(label)
    banded = {e.id for e, _ in band_list}
    styles = _kind_styles({e.kind for e in events}, th)
    free = ~np.fromiter((e.id in banded for e in events), dtype=bool, count=len(events))

    lane_labels, marked, dense = _lane_table(
        order, lane_index, free, events, anchors, (prio_fn, label_fn), th, threshold
    )
    strips = _density_strips(dense, order, marks, (lo, hi), _axes_width_pt(ax), offset)
    drawn = [_band(e, s, styles, th, label_fn, (lo, hi), offset) for e, s in band_list]
    strip = _strip_items(drawn, band_list, refs, th)

    handles: list[Artist] = []
    if legend and events:
        handles = _legend_handles(events, marks, styles, band_list, th, marked != _HIDDEN)
        if strips:
            handles.append(_density_key(strips, th))
    ncols, _ = _legend_shape(handles, sizes, _axes_width_pt(ax))
    _style_axes(ax, th, theme_given=theme is not None)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0.0, 1.0)
    parts = _Parts(ax, lane_index)
    provisional = [1.0 - (k + 1) / (len(order) + 1) for k in range(len(order))]
    _draw_bands(ax, drawn, parts)
    _draw_references(ax, refs, th, parts)
    _draw_lanes(ax, order, provisional, th, parts)
    _draw_density(ax, strips, th, parts)
    _draw_marks(ax, events, marks, anchors, (provisional, marked), styles, th, parts, kwargs)
    half = _strip_half(sizes) * _root(ax).dpi / 72.0 / max(float(ax.bbox.height), 1.0)
    parts.apply(provisional, 1.0, 0.0, [1.0] * len(drawn), half)
    artist = _TimelineLabels(
        lane_labels,
        strip,
        parts,
        sizes,
        th,
        max_levels=max_levels,
        merge=merge,
        lane_names=tuple(order),
        density=tuple(s for _, s in strips),
    )
    ax.add_artist(artist)
    ax.add_artist(_Planner(artist))
    if handles:
        _legend(ax, handles, ncols, th, sizes)
    return ax


def _lane_indices(
    events: Sequence[Event], lanes: LaneKey, lane_order: Sequence[str] | None, max_lanes: int
) -> tuple[list[str], npt.NDArray[np.int64]]:
    """Return the lanes top to bottom and the index of each event's lane."""
    lane_of = _lane_fn(lanes)
    names = [lane_of(e) for e in events]
    order, mapping = _lane_order(names, lane_order, max_lanes)
    position = {n: order.index(mapping[n]) for n in mapping}
    index = np.fromiter((position[n] for n in names), dtype=np.int64, count=len(names))
    return order, index


def _lane_table(
    order: Sequence[str],
    lane_index: npt.NDArray[np.int64],
    free: npt.NDArray[np.bool_],
    events: Sequence[Event],
    anchors: npt.NDArray[np.float64],
    fns: tuple[Callable[[Event], float], Callable[[Event], str]],
    theme: Theme,
    threshold: float,
) -> tuple[list[_Lane], npt.NDArray[np.int8], list[tuple[int, npt.NDArray[np.intp]]]]:
    """Return each lane's label data, how each event is marked, and the dense lanes.

    A lane with more than *threshold* events that are *free* (not periods in force) is dense:
    drawn as a density strip, its events without markers (:data:`_HIDDEN`) except those
    offered a label, which are marked while their label is drawn (:data:`_IF_LABELLED`).
    """
    prio_fn, label_fn = fns
    lanes: list[_Lane] = []
    marked = np.full(len(events), _SHOWN, dtype=np.int8)
    dense: list[tuple[int, npt.NDArray[np.intp]]] = []
    for k, name in enumerate(order):
        members = np.flatnonzero((lane_index == k) & free)
        if len(members) > threshold:
            lane, offered = _dense_lane(name, members, events, anchors, prio_fn, label_fn, theme)
            marked[members] = _HIDDEN
            marked[offered] = _IF_LABELLED
            dense.append((k, members))
        else:
            lane = _lane_labels(name, members.tolist(), events, anchors, prio_fn, label_fn, theme)
        lanes.append(lane)
    return lanes, marked, dense


def _lane_labels(
    name: str,
    members: list[int],
    events: Sequence[Event],
    anchors: npt.NDArray[np.float64],
    prio_fn: Callable[[Event], float],
    label_fn: Callable[[Event], str],
    theme: Theme,
) -> _Lane:
    """Return the label data of one lane."""
    return _Lane(
        name,
        anchors[members] if members else np.empty(0),
        [label_fn(events[i]) for i in members],
        [events[i].id for i in members],
        np.array([prio_fn(events[i]) for i in members], dtype=np.float64),
        [theme.foreground] * len(members),
    )


# --------------------------------------------------------------------------------------------
# Density strips

_DENSITY_THRESHOLD: Final = 10_000
"""With ``density="auto"``, lanes with more events than this are drawn as density strips.

Not lower: 10,000 events are still drawn as markers (in well under 2 s), whether in one lane
or shared among lanes."""
_DENSITY_LABELS: Final = 60
"""How many events of a density strip keep a marker and are offered a label."""
_DENSITY_UNITS: Final[tuple[tuple[str, float], ...]] = (
    ("day", 1.0),
    ("week", 7.0),
    ("month", MONTH_DAYS),
    ("year", 12 * MONTH_DAYS),
)
"""The bins a density strip may use, with their (typical) length in days, finest first."""
_DENSITY_BIN_PT: Final = 2.5
"""The narrowest bin a density strip uses, in points: the finest unit at least this wide."""
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
"""The ordinal of numpy's datetime64 day 0."""


_HIDDEN: Final = 0
"""An event without a marker: it is counted in a density strip."""
_SHOWN: Final = 1
"""An event with a marker."""
_IF_LABELLED: Final = 2
"""An event of a density strip offered a label: it has a marker while its label is drawn."""


def _density_threshold(density: object) -> float:
    """Return the number of events above which a lane becomes a density strip."""
    if density is True:
        return 0.0
    if density is False:
        return math.inf
    if density == "auto":
        return float(_DENSITY_THRESHOLD)
    if isinstance(density, int) and density >= 0:
        return float(density)
    msg = (
        f"density={density!r} is not a density option; expected 'auto', True (every lane), "
        "False (none) or an int >= 0 (lanes with more events than that)"
    )
    raise PlotError(msg)


def _strip_half(sizes: _Sizes) -> float:
    """Return half the height of a density strip, in points: clear of the first label row."""
    return min(0.8 * sizes.marker, sizes.offset - 1.5)


def _offered(
    priority: npt.NDArray[np.float64], anchors: npt.NDArray[np.float64], n: int
) -> npt.NDArray[np.intp]:
    """Return the positions of the *n* labels a density strip offers to the layout, sorted.

    The highest priorities first; from the last tier that does not fit whole, labels evenly
    spaced along the lane (by rank in time), so that ties do not all come from one end.
    """
    if len(priority) <= n:
        return np.arange(len(priority))
    chosen: list[npt.NDArray[np.intp]] = []
    left = n
    for tier in np.unique(priority)[::-1].tolist():
        if left == 0:
            break
        members = np.flatnonzero(priority == tier)
        if len(members) <= left:
            chosen.append(members)
            left -= len(members)
            continue
        by_x = members[np.lexsort((members, anchors[members]))]
        picks = np.rint(np.linspace(0, len(by_x) - 1, left)).astype(np.intp)
        chosen.append(by_x[picks])
        left = 0
    return np.sort(np.concatenate(chosen))


def _dense_lane(
    name: str,
    members: npt.NDArray[np.intp],
    events: Sequence[Event],
    anchors: npt.NDArray[np.float64],
    prio_fn: Callable[[Event], float],
    label_fn: Callable[[Event], str],
    theme: Theme,
) -> tuple[_Lane, npt.NDArray[np.intp]]:
    """Return the label data of a lane drawn as a density strip, and the events it offers.

    Only :data:`_DENSITY_LABELS` events, the most important, are offered to the layout; the
    ids of the rest are the lane's *extra*, dropped without being laid out.
    """
    priority = np.fromiter(
        (prio_fn(events[i]) for i in members.tolist()), dtype=np.float64, count=len(members)
    )
    pick = _offered(priority, anchors[members], _DENSITY_LABELS)
    offered = members[pick]
    lane = _lane_labels(name, offered.tolist(), events, anchors, prio_fn, label_fn, theme)
    rest = np.ones(len(members), dtype=bool)
    rest[pick] = False
    lane.dense = True
    lane.extra = tuple(events[i].id for i in members[rest].tolist())
    return lane, offered


def _calendar_edges(unit: str, first: int, last: int) -> npt.NDArray[np.int64]:
    """Return the day ordinals where *unit* bins start, from *first* or before to *last* or after.

    ISO weeks start on Monday; months and years on their first day.
    """
    if unit == "day":
        return np.arange(first, last + 1, dtype=np.int64)
    if unit == "week":
        monday = first - (first - 1) % 7  # ordinal 1, 1 January of year 1, was a Monday
        return monday + 7 * np.arange(-(-(last - monday) // 7) + 1, dtype=np.int64)
    code = "M" if unit == "month" else "Y"
    lo = np.datetime64(first - _EPOCH_ORDINAL, "D").astype(f"datetime64[{code}]")
    hi = np.datetime64(last - 1 - _EPOCH_ORDINAL, "D").astype(f"datetime64[{code}]") + 1
    days = np.arange(lo, hi + 1).astype("datetime64[D]").astype(np.int64)
    out: npt.NDArray[np.int64] = days + _EPOCH_ORDINAL
    return out


def _density_bins(
    view: tuple[float, float], width_pt: float, offset: float
) -> tuple[str, npt.NDArray[np.float64]]:
    """Return the finest unit of bins at least :data:`_DENSITY_BIN_PT` wide, and its edges.

    The edges are date numbers, the first at or before the *view*'s start, the last at or
    after its end.
    """
    lo, hi = view
    per_day = width_pt / max(hi - lo, 1.0)
    unit = next(
        (u for u, days in _DENSITY_UNITS if days * per_day >= _DENSITY_BIN_PT),
        _DENSITY_UNITS[-1][0],
    )
    first, last = math.floor(lo - offset), math.ceil(hi - offset)
    edges = _calendar_edges(unit, first, max(last, first + 1)).astype(np.float64) + offset
    return unit, edges


def _density_strips(
    dense: Sequence[tuple[int, npt.NDArray[np.intp]]],
    order: Sequence[str],
    marks: _Marks,
    view: tuple[float, float],
    width_pt: float,
    offset: float,
) -> list[tuple[int, DensityStrip]]:
    """Return, per dense lane (its index and members), the weight of its events in each bin.

    An event dated to the day is a point in its day's bin; a fuzzy one is spread evenly from
    the start of its earliest day to the end of its latest (an open end stops at the view's
    edge), so that each event adds 1 in all (:func:`aitimeline._layout.spread`).
    """
    if not dense:
        return []
    unit, edges = _density_bins(view, width_pt, offset)
    lo, hi = math.floor(view[0]), math.ceil(view[1])
    out: list[tuple[int, DensityStrip]] = []
    for k, members in dense:
        start = marks.lo[members]
        stop = marks.hi[members]
        start = np.where(np.isfinite(start), start, lo)
        stop = np.maximum(np.where(np.isfinite(stop), stop, hi), start)
        weights = spread(start, stop, edges)
        weights[np.abs(weights) < 1e-9] = 0.0  # rounding left over in empty bins
        out.append((k, DensityStrip(order[k], unit, edges, weights, len(members))))
    return out


def _density_cmap(theme: Theme) -> mcolors.Colormap:
    """Return the colours of a density strip: from a light tint of the ink to the ink."""
    return mcolors.LinearSegmentedColormap.from_list(
        "aitimeline-density",
        [_blend(theme.foreground, theme.background, 0.12), theme.foreground],
    )


def _count_text(value: float) -> str:
    """Return a bin weight for the legend: "340", "1,204", "2.5"."""
    return f"{value:,.0f}" if value >= 10 or value == round(value) else f"{value:.2g}"


class _DensityKey(Patch):
    """The legend entry of density strips: a small colour ramp and what the colour counts."""

    def __init__(self, cmap: mcolors.Colormap, label: str) -> None:
        super().__init__(label=label)
        self.cmap = cmap


class _DensityHandler(HandlerBase):
    """Draws a :class:`_DensityKey` as a ramp of a few steps, lightest (fewest) on the left."""

    steps = 5

    def create_artists(
        self,
        legend: Legend,
        orig_handle: Artist,
        xdescent: float,
        ydescent: float,
        width: float,
        height: float,
        fontsize: float,
        trans: Transform,
    ) -> Sequence[Artist]:
        """Return the rectangles of the ramp, in the legend's handle box."""
        del legend, fontsize
        cmap = orig_handle.cmap if isinstance(orig_handle, _DensityKey) else None
        step = width / self.steps
        return [
            Rectangle(
                (-xdescent + j * step, -ydescent),
                step,
                height,
                facecolor=cmap((j + 0.5) / self.steps) if cmap is not None else "none",
                edgecolor="none",
                transform=trans,
            )
            for j in range(self.steps)
        ]


def _density_key(strips: Sequence[tuple[int, DensityStrip]], theme: Theme) -> _DensityKey:
    """Return the legend entry of the strips: "events per week (0-340)", with an en dash."""
    unit = strips[0][1].unit
    peak = max(s.peak for _, s in strips)
    return _DensityKey(_density_cmap(theme), f"events per {unit} (0\N{EN DASH}{_count_text(peak)})")


def _draw_density(
    ax: Axes, strips: Sequence[tuple[int, DensityStrip]], theme: Theme, parts: _Parts
) -> None:
    """Draw each strip as one collection of its non-empty bins, coloured by weight.

    One colour scale, from 0 to the fullest bin of any strip, serves every lane; empty bins
    are not drawn, so the lightest tint always means "some".
    """
    if not strips:
        return
    cmap = _density_cmap(theme)
    norm = mcolors.Normalize(0.0, max(s.peak for _, s in strips) or 1.0)
    for k, strip in strips:
        weights = np.asarray(strip.weights)
        edges = np.asarray(strip.edges)
        full = np.flatnonzero(weights > 0)
        coll = PolyCollection(
            [],
            cmap=cmap,
            norm=norm,
            edgecolors="none",
            antialiaseds=False,
            zorder=2.0,
            transform=ax.get_xaxis_transform(),
        )
        coll.set_array(weights[full])
        coll.set_gid(f"aitimeline-density-{k}")
        coll.set_label(f"_density {strip.lane}")
        ax.add_collection(coll, autolim=False)
        parts.strips.append((coll, k, edges[full], edges[full + 1]))


class _Reference:
    """A reference line: a day and its label."""

    __slots__ = ("key", "text", "x")

    def __init__(self, key: str, text: str, x: float) -> None:
        self.key = key
        self.text = text
        self.x = x


def _references(
    reference: Mapping[str, DateLike] | Iterable[str] | None,
    today: DateLike | None,
    events: Sequence[Event],
    offset: float,
) -> list[_Reference]:
    """Return the reference lines asked for."""
    refs: list[_Reference] = []
    by_id = {e.id: e for e in events}
    if isinstance(reference, Mapping):
        for text, day in reference.items():
            w = When.coerce(day)
            refs.append(_Reference(f"ref-{len(refs)}", str(text), _mid(w, offset)))
    elif reference is not None:
        for key in reference:
            if key not in by_id:
                known = ", ".join(sorted(by_id)[:5])
                msg = f"reference={key!r} is not an event id of this timeline (ids: {known}, ...)"
                raise PlotError(msg)
            event = by_id[key]
            refs.append(_Reference(key, default_label(event), _mid(_instant(event.when), offset)))
    if today is not None:
        refs.append(_Reference("today", "today", _mid(When.coerce(today), offset)))
    return refs


def _window(
    window: tuple[DateLike | None, DateLike | None] | None, offset: float
) -> tuple[float | None, float | None]:
    """Return the x range of a window: its first day's start and its last day's end."""
    if window is None:
        return None, None
    try:
        start, end = window
    except (TypeError, ValueError):
        msg = f"window={window!r} must be a pair (start, end); use None for an open side"
        raise PlotError(msg) from None
    lo = None if start is None else When.coerce(start).earliest_ordinal + offset
    hi = None if end is None else When.coerce(end).latest_ordinal + 1 + offset
    if lo is not None and hi is not None and hi <= lo:
        msg = f"window={window!r} ends before it starts; give (start, end) in date order"
        raise PlotError(msg)
    return lo, hi


def _in_window(
    events: tuple[Event, ...], span: tuple[float | None, float | None], offset: float
) -> tuple[Event, ...]:
    """Return the events that may fall inside the window, or whose period overlaps it."""
    lo, hi = span
    if lo is None and hi is None:
        return events
    lo_day = -math.inf if lo is None else lo - offset
    hi_day = math.inf if hi is None else hi - offset

    def inside(event: Event) -> bool:
        w = _instant(event.when)
        if w.latest_ordinal + 1 > lo_day and w.earliest_ordinal < hi_day:
            return True
        period = event.when if isinstance(event.when, Span) else getattr(event, "in_force", None)
        if isinstance(period, Span):
            end = math.inf if period.end is None else period.end.latest_ordinal + 1
            return end > lo_day and period.start.earliest_ordinal < hi_day
        return False

    return tuple(e for e in events if inside(e))


def _mid(w: When, offset: float) -> float:
    """Return the x of an instant: its day, or the middle of its range."""
    if w.is_exact:
        return w.earliest_ordinal + offset
    return (w.earliest_ordinal + w.latest_ordinal + 1) / 2 + offset


def _x_limits(
    marks: _Marks, bands: list[tuple[Event, Span]], refs: list[_Reference], offset: float
) -> tuple[float, float]:
    """Return the x range to show: every mark, band start and reference line, padded."""
    lo, hi = marks.limits()
    for _, span in bands:
        if not span.start.is_open_start:
            lo = min(lo, span.start.earliest_ordinal + offset)
    for r in refs:
        lo, hi = min(lo, r.x), max(hi, r.x)
    width = max(hi - lo, 30.0)
    return lo - 0.03 * width, hi + 0.03 * width


def _band(
    event: Event,
    span: Span,
    styles: Mapping[str, KindStyle],
    theme: Theme,
    label_fn: Callable[[Event], str],
    view: tuple[float, float],
    offset: float,
) -> _Band:
    """Return how a period in force is drawn, clamped to the *view*.

    In force for certain from the start of its latest possible first day to the end of its
    earliest possible last day; possibly over the rest of each range; a period still in
    force fades out over the last eighth of the view after its start.
    """
    lo, hi = view
    s_lo = lo if span.start.is_open_start else span.start.earliest_ordinal + offset
    s_hi = lo if span.start.is_open_start else span.start.latest_ordinal + offset
    if span.end is None or span.end.is_open_end:
        e_lo = max(s_hi, hi - 0.12 * (hi - s_hi))
        e_hi = hi
    else:
        e_lo = span.end.earliest_ordinal + 1 + offset
        e_hi = span.end.latest_ordinal + 1 + offset
    s_lo, s_hi, e_lo, e_hi = (min(max(v, lo), hi) for v in (s_lo, s_hi, e_lo, e_hi))
    colour = styles[event.kind].color
    return _Band(
        event.id,
        label_fn(event),
        colour,
        _blend(colour, theme.foreground, 0.8),
        (s_lo, s_hi, e_lo, e_hi),
    )


def _strip_items(
    bands: list[_Band],
    band_list: list[tuple[Event, Span]],
    refs: list[_Reference],
    theme: Theme,
) -> list[_StripItem]:
    """Return the labels of the periods strip: band names and reference lines."""
    items = [
        _StripItem(b.key, b.text, b.s_lo, b.text_colour, default_priority(e) + 1.0, b)
        for b, (e, _) in zip(bands, band_list, strict=True)
    ]
    items += [
        _StripItem(r.key, r.text, r.x, theme.muted, 10.0 if r.key == "today" else 5.0, None)
        for r in refs
    ]
    return items


def _axes_width_pt(ax: Axes) -> float:
    """Return the width of *ax* in points at the figure's current size."""
    fig = _root(ax)
    return float(ax.get_position().width * fig.get_size_inches()[0] * 72.0)


def _style_axes(ax: Axes, theme: Theme, *, theme_given: bool) -> None:
    """Set up a date x axis, lane ticks on the left and quiet spines."""
    if theme_given:
        _paint(ax, theme)
    ax.xaxis_date()
    _date_axis(ax)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(visible=True, axis="x", color=theme.rule, linewidth=0.6, zorder=0)
    ax.grid(visible=False, axis="y")
    ax.set_axisbelow(True)


def _paint(ax: Axes, theme: Theme, *, background: bool = True) -> None:
    """Colour *ax* (and its figure) with a theme chosen explicitly: background, ticks, spines."""
    if background:
        ax.set_facecolor(theme.background)
        fig = ax.get_figure()
        if fig is not None:
            fig.set_facecolor(theme.background)
    ax.tick_params(colors=theme.foreground, which="both")
    ax.xaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_color(theme.foreground)
    for spine in ax.spines.values():
        spine.set_color(theme.muted)


def _legend_box(theme: Theme) -> dict[str, Any]:
    """Return legend options: small text on a box of the background, which hides what is under."""
    return {
        "frameon": True,
        "facecolor": theme.background,
        "edgecolor": "none",
        "framealpha": 0.85,
        "fontsize": "small",
        "labelcolor": theme.foreground,
    }


class _DateFormatter(mdates.ConciseDateFormatter):
    """Concise date labels ("Jul", "2024", "Sep"), with the year always at the first tick.

    :class:`~matplotlib.dates.ConciseDateFormatter` names the year only at year boundaries,
    so an axis starting in July never says which year; here the first tick in view gets the
    year (and the month, for ticks at day level) on a second line.
    """

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        """Return the concise labels, the first tick in view completed with its year."""
        concise = super().format_ticks(values)  # type: ignore[no-untyped-call]  # untyped in matplotlib
        labels = [str(v) for v in concise]
        first = 0
        axis = self.axis
        if axis is not None:
            lo, hi = sorted(axis.get_view_interval())
            inside = [i for i, v in enumerate(values) if lo <= v <= hi]
            if not inside:
                return labels
            first = inside[0]
        if not labels:
            return labels
        day = mdates.num2date(values[first])  # type: ignore[no-untyped-call]  # untyped in matplotlib
        label = labels[first]
        if str(day.year) in label:
            return labels
        if day.strftime("%b") in label:
            extra = day.strftime("%Y")
        elif label == day.strftime("%d"):
            extra = day.strftime("%b %Y")
        else:
            extra = day.strftime("%d %b %Y")
        labels[first] = f"{label}\n{extra}"
        return labels


def _date_axis(ax: Axes) -> None:
    """Put concise date ticks on the x axis, the first one naming its year."""
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]  # untyped in matplotlib
    formatter = _DateFormatter(locator, show_offset=False)  # type: ignore[no-untyped-call]  # untyped in matplotlib
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


def _draw_lanes(
    ax: Axes, order: list[str], bases: Sequence[float], theme: Theme, parts: _Parts
) -> None:
    """Draw each lane's baseline and name it on the y axis."""
    lines = LineCollection(
        [[(0.0, y), (1.0, y)] for y in bases],
        colors=theme.rule,
        linewidths=1.0,
        transform=ax.transAxes,
        zorder=1.0,
    )
    lines.set_gid("aitimeline-lanes")
    ax.add_collection(lines, autolim=False)
    parts.lanes = lines
    shown = list(order) if any(order) else []

    def name(_value: float, pos: int | None) -> str:
        return shown[pos] if pos is not None and 0 <= pos < len(shown) else ""

    ax.yaxis.set_major_locator(FixedLocator(list(bases) if shown else []))
    ax.yaxis.set_major_formatter(FuncFormatter(name))
    for tick in ax.get_yticklabels():
        tick.set_fontweight("bold")
        tick.set_color(theme.foreground)


def _draw_marks(
    ax: Axes,
    events: Sequence[Event],
    marks: _Marks,
    anchors: npt.NDArray[np.float64],
    where: tuple[Sequence[float], npt.NDArray[np.int8]],
    styles: Mapping[str, KindStyle],
    theme: Theme,
    parts: _Parts,
    kwargs: Mapping[str, Any],
) -> None:
    """Draw the events marked: ranges as bars, then markers, one collection per kind and style.

    *where* holds the lanes' baselines and how each event is marked (see :func:`_lane_table`):
    the markers and bars of events marked only while labelled start with size 0 and
    :meth:`_Parts.reveal` shows them once the layout is known.
    """
    bases, marked = where
    shown = marked != _HIDDEN
    optional = marked == _IF_LABELLED
    y = np.asarray(bases, dtype=np.float64)[parts.lane_index] if len(events) else np.empty(0)
    transform = ax.get_xaxis_transform()
    ranged = ~marks.exact & shown
    if ranged.any():
        x_lo, x_hi = np.nanmin(anchors), np.nanmax(anchors)
        a = np.where(np.isfinite(marks.lo), marks.lo, x_lo)
        b = np.where(np.isfinite(marks.hi), marks.hi, x_hi)
        idx = np.flatnonzero(ranged)
        bars = LineCollection(
            [[(a[i], y[i]), (b[i], y[i])] for i in idx.tolist()],
            colors=[mcolors.to_rgba(styles[events[i].kind].color, 0.45) for i in idx.tolist()],
            linewidths=3.5,
            capstyle="butt",
            zorder=2.0,
            transform=transform,
        )
        bars.set_gid("aitimeline-ranges")
        ax.add_collection(bars, autolim=False)
        parts.bars = (bars, a[idx], b[idx])
        parts.bar_index = idx
        parts.watch(bars, optional[idx], [events[i].id for i in idx.tolist()], 3.5)
    size = _marker_area(float(mpl.rcParams["lines.markersize"]))
    kind_of = np.array([e.kind for e in events], dtype=object)
    for kind in sorted(set(kind_of.tolist())):
        style = styles[kind]
        path = _marker_path(style.marker)
        for exact in (True, False):
            idx = np.flatnonzero((kind_of == kind) & (marks.exact == exact) & shown)
            if idx.size == 0:
                continue
            options: dict[str, Any] = {
                "facecolors": style.color if exact else theme.background,
                "edgecolors": theme.background if exact else style.color,
                "linewidths": 0.6 if exact else 1.3,
                "zorder": 2.5,
            }
            options.update(kwargs)
            ids = [events[i].id for i in idx.tolist()]
            coll = _EventMarks(
                (path,),
                ids=ids,
                tooltips=[_tooltip(events[i]) for i in idx.tolist()],
                sizes=np.full(1, size),
                offsets=np.column_stack([anchors[idx], y[idx]]),
                offset_transform=transform,
                **options,
            )
            coll.set_transform(IdentityTransform())
            coll.set_gid(f"aitimeline-{kind}-{'day' if exact else 'range'}")
            coll.set_label(f"_{style.label}")
            ax.add_collection(coll, autolim=False)
            parts.marks.append((coll, idx, anchors[idx]))
            parts.watch(coll, optional[idx], ids, size)


def _marker_area(markersize: float) -> float:
    """Return a scatter marker area (points squared) for a marker *markersize* points across."""
    return (0.95 * markersize) ** 2


def _marker_path(marker: str) -> Any:  # noqa: ANN401 - a matplotlib Path
    """Return the path of a marker, scaled to 1 point (as scatter does)."""
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


def _draw_bands(ax: Axes, bands: list[_Band], parts: _Parts) -> None:
    """Shade where periods are in force, lightly and never darker for overlaps; mark starts.

    The shade of each colour is the maximum of its periods' opacities (fading over uncertain
    ends, and out at an open end), so ten overlapping bans look like one. A line at each
    start runs from the period's bar in the strip down through the lanes.
    """
    if not bands:
        return
    transform = ax.get_xaxis_transform()
    runs, colours = _slices(bands, _SHADE_ALPHA)
    shade = PolyCollection(
        [[(a, 0.0), (b, 0.0), (b, 1.0), (a, 1.0)] for a, b in runs],
        facecolors=colours,
        edgecolors="none",
        antialiaseds=False,
        zorder=0.5,
        transform=transform,
    )
    shade.set_gid("aitimeline-periods")
    ax.add_collection(shade, autolim=False)
    parts.shade, parts.shade_runs = shade, runs
    starts = LineCollection(
        [[(b.s_lo, 0.0), (b.s_lo, 1.0)] for b in bands],
        colors=[mcolors.to_rgba(b.colour, 0.55) for b in bands],
        linewidths=0.8,
        zorder=0.6,
        transform=transform,
    )
    starts.set_gid("aitimeline-period-starts")
    ax.add_collection(starts, autolim=False)
    parts.starts = starts


def _draw_references(ax: Axes, refs: list[_Reference], theme: Theme, parts: _Parts) -> None:
    """Draw dashed reference lines across the lanes."""
    if not refs:
        return
    lines = LineCollection(
        [[(r.x, 0.0), (r.x, 1.0)] for r in refs],
        colors=theme.muted,
        linewidths=0.9,
        linestyles=(0, (4, 3)),
        zorder=1.5,
        transform=ax.get_xaxis_transform(),
    )
    lines.set_gid("aitimeline-references")
    ax.add_collection(lines, autolim=False)
    parts.references = lines
    parts.reference_xs = [r.x for r in refs]


def _legend_handles(
    events: Sequence[Event],
    marks: _Marks,
    styles: Mapping[str, KindStyle],
    bands: list[tuple[Event, Span]],
    theme: Theme,
    shown: npt.NDArray[np.bool_],
) -> list[Artist]:
    """Return legend handles: the kinds of markers shown (most frequent first), ranges, periods."""
    counts: dict[str, int] = {}
    for i in np.flatnonzero(shown).tolist():
        kind = events[i].kind
        counts[kind] = counts.get(kind, 0) + 1
    kinds = sorted(counts, key=lambda k: (-counts[k], k))
    size = 0.95 * float(mpl.rcParams["lines.markersize"])
    handles: list[Artist] = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=styles[k].marker,
            markersize=size,
            markerfacecolor=styles[k].color,
            markeredgecolor=theme.background,
            markeredgewidth=0.6,
            label=styles[k].label,
        )
        for k in kinds
    ]
    if (~marks.exact & shown).any():
        handles.append(
            Line2D(
                [],
                [],
                color=mcolors.to_rgba(theme.muted, 0.6),
                linewidth=3.5,
                marker="o",
                markersize=size,
                markerfacecolor=theme.background,
                markeredgecolor=theme.muted,
                markeredgewidth=1.3,
                label="date known to the month or year",
            )
        )
    if bands:
        kind = bands[0][0].kind
        handles.append(Patch(facecolor=mcolors.to_rgba(styles[kind].color, 0.18), label="in force"))
    return handles


def _legend_shape(handles: Sequence[Artist], sizes: _Sizes, width_pt: float) -> tuple[int, int]:
    """Return the columns and rows a legend needs to fit *width_pt* points."""
    if not handles:
        return 0, 0
    labels = [str(h.get_label()) for h in handles]
    text = _text_widths(labels, FontProperties(size=sizes.label), 72.0)
    entry = text + sizes.label * (1.2 + 0.4 + 1.2)
    for ncols in range(len(labels), 0, -1):
        rows = math.ceil(len(labels) / ncols)
        columns = [entry[c::ncols].max() for c in range(ncols)]
        if sum(columns) + sizes.label <= width_pt:
            return ncols, rows
    return 1, len(labels)


def _legend(ax: Axes, handles: list[Artist], ncols: int, theme: Theme, sizes: _Sizes) -> Legend:
    """Put the legend in the strip above the lanes."""
    return ax.legend(
        handles=handles,
        handler_map={_DensityKey: _DensityHandler()},
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=ncols,
        frameon=False,
        fontsize=sizes.label,
        handlelength=1.2,
        handletextpad=0.4,
        columnspacing=1.2,
        borderaxespad=0.2,
        labelspacing=0.3,
        labelcolor=theme.foreground,
    )


# --------------------------------------------------------------------------------------------
# The layout of a drawn timeline


def _labels_artist(ax: Axes) -> _TimelineLabels | None:
    """Return the label artist :func:`timeline` added to *ax*, or None."""
    found = [a for a in ax.get_children() if isinstance(a, _TimelineLabels)]
    return found[-1] if found else None


def layout(ax: Axes) -> TimelineLayout:
    """Return where the labels of the timeline on *ax* went, and which were dropped.

    The layout depends on the figure's size and dpi, so it is computed when the figure is
    drawn; if *ax* has not been drawn since it changed, this draws it (without rendering).

    Args:
        ax: Axes that :func:`timeline` drew on.

    Returns:
        The labels placed (with their boxes in display pixels), the ids dropped and the
        ``+k`` markers.

    Raises:
        PlotError: *ax* holds no timeline.
    """
    artist = _labels_artist(ax)
    if artist is None:
        msg = "ax holds no timeline; draw one with plot.timeline(tl, ax=ax) first"
        raise PlotError(msg)
    if artist.last is None or artist.stale:
        _root(ax).draw_without_rendering()
    assert artist.last is not None  # noqa: S101 - draw() always sets it
    return artist.last


# --------------------------------------------------------------------------------------------
# Lags


def _lag_items(result: object) -> list[tuple[Event | None, Event | None, Lag]]:
    """Return (leader, follower, lag) for a Lag, a pair-like object or a result with pairs."""
    from aitimeline._metrics import Lag  # noqa: PLC0415 - avoids a cycle at import time

    if isinstance(result, Lag):
        return [(None, None, result)]
    pairs = getattr(result, "pairs", None)
    if pairs is not None:
        return [item for p in pairs for item in _lag_items(p)]
    leader, follower = getattr(result, "leader", None), getattr(result, "follower", None)
    found = getattr(result, "lag", None)
    if isinstance(found, Lag):
        return [
            (
                leader if isinstance(leader, Event) else None,
                follower if isinstance(follower, Event) else None,
                found,
            )
        ]
    if isinstance(result, Iterable) and not isinstance(result, str | bytes):
        return [item for r in result for item in _lag_items(r)]
    msg = (
        f"result={result!r} has no lag to draw; expected a Lag, a CatchUp (with a follower), "
        "a Pair, or a result with .pairs"
    )
    raise PlotError(msg)


def lag(
    result: object,
    ax: Axes | None = None,
    *,
    unit: Literal["days", "weeks", "months"] = "weeks",
    digits: int | None = None,
    text: str | None = None,
    y: float | None = None,
    color: str | None = None,
    **kwargs: Any,  # noqa: ANN401 - forwarded to the bracket's line
) -> Axes:
    """Draw lags as brackets labelled with their length ("11.0 weeks", or a range when fuzzy).

    The length reads as ``str(DayRange)`` does ("11.0 weeks", "8.4-12.6 weeks") unless
    *unit* or *digits* say otherwise. On an axes that holds a :func:`timeline`, the brackets
    go into a strip below the lanes, packed so that none overlaps another, and are labelled
    "leader → follower: 11.0 weeks".
    On any other axes each lag is a bracket at height *y* between its two dates, with the
    possible days of each end shown as whiskers.

    Args:
        result: A :class:`~aitimeline.Lag`, a ``CatchUp``/``Pair`` (anything with ``leader``,
            ``follower`` and ``lag``), a result with ``pairs``, or an iterable of these.
        ax: The axes (default: ``plt.gca()``).
        unit: ``"days"``, ``"weeks"`` or ``"months"``.
        digits: Decimal places of the length (default: those of
            :meth:`~aitimeline.DayRange.format`, one).
        text: The label to use instead of the computed one (one lag only).
        y: Height of the bracket on axes without a timeline (default 0).
        color: Colour of brackets and labels (default: the theme's foreground).
        **kwargs: Passed to the bracket lines (axes without a timeline).

    Returns:
        The axes drawn on.

    Raises:
        PlotError: *result* holds no lag (for example a censored ``CatchUp``).
    """
    ax = _axes(ax)
    items = _lag_items(result)
    if not items:
        msg = f"result={result!r} holds no lag to draw (censored, or no pairs)"
        raise PlotError(msg)
    artist = _labels_artist(ax)
    colour = color or str(mpl.rcParams["text.color"]) if artist is None else color
    offset = _date_offset()
    for leader, follower, span in items:
        length = span.bounds.format(unit) if digits is None else span.bounds.format(unit, digits)
        if leader is not None and follower is not None:
            label = (
                f"{default_label(leader)} \N{RIGHTWARDS ARROW} {default_label(follower)}: {length}"
            )
        else:
            label = length
        label = text if text is not None and len(items) == 1 else label
        x0 = _mid(span.start, offset)
        x1 = _mid(span.end, offset)
        if artist is not None:
            _add_bracket(
                ax, artist, x0, x1, label, colour or artist.theme.foreground, leader, follower
            )
        else:
            _draw_bracket(ax, span, x0, x1, label, 0.0 if y is None else y, colour, offset, kwargs)
    return ax


def _add_bracket(
    ax: Axes,
    artist: _TimelineLabels,
    x0: float,
    x1: float,
    label: str,
    colour: str,
    leader: Event | None,
    follower: Event | None,
) -> None:
    """Register a bracket with the timeline's label artist; the next draw makes room for it."""
    ids = tuple(e.id for e in (leader, follower) if e is not None)
    artist.brackets.append(_Bracket(x0, x1, label, colour, ids))
    artist.stale = True
    ax.stale = True


def _draw_bracket(
    ax: Axes,
    span: Lag,
    x0: float,
    x1: float,
    label: str,
    y: float,
    colour: str | None,
    offset: float,
    kwargs: Mapping[str, Any],
) -> None:
    """Draw one lag as a bracket at height *y*, with whiskers over each end's possible days."""
    options: dict[str, Any] = {"color": colour, "linewidth": 1.2}
    options.update(kwargs)
    (line,) = ax.plot([x0, x1], [y, y], **options)
    c = line.get_color()
    ax.plot([x0, x0], [y, y], marker="|", markersize=8, color=c, linestyle="none")
    ax.plot([x1, x1], [y, y], marker="|", markersize=8, color=c, linestyle="none")
    for w in (span.start, span.end):
        if not w.is_exact:
            a = w.earliest_ordinal + offset
            b = w.latest_ordinal + 1 + offset
            ax.plot([a, b], [y, y], color=c, alpha=0.3, linewidth=5, solid_capstyle="butt")
    ax.annotate(
        label,
        ((x0 + x1) / 2, y),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        va="bottom",
        color=c,
        fontsize="small",
        annotation_clip=False,
    ).set_parse_math(False)
    ax.xaxis_date()


# --------------------------------------------------------------------------------------------
# Frontiers


def frontier(
    result: FrontierLag,
    ax: Axes | None = None,
    *,
    lag_ax: Axes | Literal[False] | None = None,
    leader: str = "Leader",
    follower: str = "Follower",
    theme: ThemeName | Theme | None = None,
    **kwargs: Any,  # noqa: ANN401 - forwarded to both step lines
) -> Axes:
    """Draw a leader's and a follower's frontiers as step lines, the gap between them shaded.

    The daily lag (how long ago the leader's frontier was where the follower's is now) goes on
    *lag_ax*: by default a second y axis on the right, drawn as a light area so the two
    scales are not confused; pass an axes of your own (a panel below, with a shared x) or
    False for none. Days where the follower is below every leader record are censored: the
    lag there is at least the value drawn, and is hatched.

    Args:
        result: What :func:`~aitimeline.frontier_lag` returns.
        ax: The axes for the frontiers (default: ``plt.gca()``).
        lag_ax: Where to draw the daily lag; None for a twin axis, False for none.
        leader: Legend name of the leader group.
        follower: Legend name of the follower group.
        theme: As for :func:`timeline`.
        **kwargs: Passed to both step lines (for example ``linewidth``).

    Returns:
        The frontier axes.

    Raises:
        PlotError: Neither frontier has a step.
    """
    ax = _axes(ax)
    th = _theme(theme)
    if theme is not None:
        _paint(ax, th)
    offset = _date_offset()
    lead = result.leader_frontier.steps
    foll = result.follower_frontier.steps
    if not lead and not foll:
        msg = "result has no frontier steps to draw; are there scores in the window?"
        raise PlotError(msg)
    start = min([s.day for s in (*lead, *foll)] + [result.start]).toordinal() + offset
    end = result.end.toordinal() + 1 + offset
    grid = np.arange(math.floor(start), math.ceil(end) + 1, dtype=np.float64)
    lead_y = _step_values(lead, grid, offset)
    foll_y = _step_values(foll, grid, offset)
    blue, orange = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
    options: dict[str, Any] = {"linewidth": 2.0, "where": "post"}
    options.update(kwargs)
    ax.step(grid, lead_y, color=blue, label=leader, **options)
    ax.step(grid, foll_y, color=orange, label=follower, **options)
    gap = np.isfinite(lead_y) & np.isfinite(foll_y) & (lead_y > foll_y)
    ax.fill_between(
        grid,
        np.where(gap, foll_y, np.nan),
        np.where(gap, lead_y, np.nan),
        step="post",
        color=orange,
        alpha=0.15,
        linewidth=0,
        label="gap",
    )
    _frontier_points(ax, lead, offset, blue, th)
    _frontier_points(ax, foll, offset, orange, th)
    ax.set_ylabel(result.metric + (f" ({result.transform})" if result.transform else ""))
    ax.set_xlim(grid[0], grid[-1])
    ax.xaxis_date()
    _date_axis(ax)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(visible=True, axis="y", color=th.rule, linewidth=0.6)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    legend_ax = ax
    if lag_ax is not False and result.series:
        target = ax.twinx() if lag_ax is None else lag_ax
        if theme is not None:
            _paint(target, th, background=lag_ax is not None)
        extra = _daily_lag(target, result, offset, th, twin=lag_ax is None)
        if lag_ax is None:  # one legend for both scales, on the twin, which is drawn on top
            handles += extra
            labels += [str(h.get_label()) for h in extra]
            legend_ax = target
        else:
            target.legend(handles=extra, loc="best", **_legend_box(th))
    legend_ax.legend(handles, labels, loc="upper left", **_legend_box(th))
    return ax


def _step_values(
    steps: Sequence[Any], grid: npt.NDArray[np.float64], offset: float
) -> npt.NDArray[np.float64]:
    """Return the frontier's value on each day of *grid* (NaN before its first step)."""
    out = np.full(grid.shape, np.nan)
    if not steps:
        return out
    days = np.array([s.day.toordinal() + offset for s in steps])
    values = np.array([s.value for s in steps], dtype=np.float64)
    k = np.searchsorted(days, grid, side="right") - 1
    out[k >= 0] = values[k[k >= 0]]
    return out


def _frontier_points(
    ax: Axes, steps: Sequence[Any], offset: float, colour: str, theme: Theme
) -> None:
    """Mark each score that raised a frontier, with its event id in SVG output."""
    if not steps:
        return
    events = [s.event for s in steps]
    coll = _EventMarks(
        (_marker_path("o"),),
        ids=[e.id for e in events],
        tooltips=[f"{_tooltip(e)}: {s.value:g}" for e, s in zip(events, steps, strict=True)],
        sizes=np.full(1, 22.0),
        offsets=np.column_stack(
            [[s.day.toordinal() + offset for s in steps], [s.value for s in steps]]
        ),
        offset_transform=ax.transData,
        facecolors=colour,
        edgecolors=theme.background,
        linewidths=0.6,
        zorder=3.0,
    )
    coll.set_transform(IdentityTransform())
    ax.add_collection(coll, autolim=True)


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Return the ``(start, stop)`` index ranges where *mask* is true."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _daily_lag(
    ax: Axes, result: FrontierLag, offset: float, theme: Theme, *, twin: bool
) -> list[Artist]:
    """Draw the daily lag in months, and censored days as a hatched band with a lower bound.

    On a censored day the follower is below every leader record (or has no score yet), so
    the lag is unknown but at least the time since the leader's first record: that bound is
    drawn as a dashed line with arrows pointing up, over a hatched band across the panel.

    Returns:
        The legend handles of what was drawn.
    """
    days = np.array([p.day.toordinal() + offset for p in result.series], dtype=np.float64)
    months = np.array(
        [np.nan if p.lag_days is None else p.lag_days / MONTH_DAYS for p in result.series]
    )
    censored = np.array([p.censored for p in result.series], dtype=bool)
    colour = theme.muted
    handles: list[Artist] = [
        ax.fill_between(
            days,
            0,
            np.where(censored, np.nan, months),
            step="post",
            color=colour,
            alpha=0.22 if twin else 0.35,
            linewidth=0,
            label="lag (months)",
        )
    ]
    bound = np.full(days.shape, np.nan)
    if censored.any():
        runs = _runs(censored)
        band = PolyCollection(
            [
                [(days[a], 0), (days[b - 1] + 1, 0), (days[b - 1] + 1, 1), (days[a], 1)]
                for a, b in runs
            ],
            facecolors="none",
            edgecolors=mcolors.to_rgba(colour, 0.5),
            hatch="///",
            linewidths=0,
            transform=ax.get_xaxis_transform(),
            zorder=0.8,
            label="not yet matched (censored)",
        )
        band.set_gid("aitimeline-censored")
        ax.add_collection(band, autolim=False)
        handles.append(band)
        steps = result.leader_frontier.steps
        if steps:
            first = steps[0].day.toordinal() + offset
            bound = np.where(censored & (days >= first), (days - first) / MONTH_DAYS, np.nan)
        if np.isfinite(bound).any():
            (line,) = ax.plot(
                days,
                bound,
                color=theme.foreground,
                linewidth=1.2,
                linestyle=(0, (4, 2)),
                label="lag at least (time since the leader's first record)",
            )
            line.set_gid("aitimeline-lag-bound")
            handles.append(line)
            _bound_arrows(ax, days, bound, runs, theme.foreground)
    ax.set_ylabel("lag behind leader (months)", color=colour)
    ax.tick_params(axis="y", colors=colour)
    values = np.concatenate([months, bound])
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    ax.set_ylim(0, (top or 1.0) * (3.0 if twin else 1.15))
    ax.spines["top"].set_visible(False)
    if not twin:  # a panel of its own: the same quiet frame as the frontier panel
        ax.spines["right"].set_visible(False)
        ax.xaxis_date()
        _date_axis(ax)
        ax.grid(visible=True, axis="y", color=theme.rule, linewidth=0.6)
        ax.set_axisbelow(True)
    return handles


def _bound_arrows(
    ax: Axes,
    days: npt.NDArray[np.float64],
    bound: npt.NDArray[np.float64],
    runs: list[tuple[int, int]],
    colour: str,
) -> None:
    """Point up from the lower bound in the middle and at the end of each censored run."""
    for a, b in runs:
        known = [i for i in range(a, b) if np.isfinite(bound[i])]
        if not known:
            continue
        for i in sorted({known[len(known) // 2], known[-1]}):
            arrow = ax.annotate(
                "",
                xy=(days[i], bound[i]),
                xytext=(0, 14),
                textcoords="offset points",
                arrowprops={"arrowstyle": "<|-", "color": colour, "linewidth": 1.0},
                annotation_clip=False,
            )
            arrow.set_gid("aitimeline-lag-bound-arrow")


# --------------------------------------------------------------------------------------------
# Saving

_SVG_LINK: Final = re.compile(
    r'<a xlink:href="' + re.escape(_URL_PREFIX) + r'([^"]*)"[^>]*>(.*?)</a>', re.DOTALL
)
_SALT: Final = "aitimeline"


def save(
    fig: Figure | SubFigure,
    path: str | Path,
    *,
    dpi: float | None = None,
    **kwargs: Any,  # noqa: ANN401 - forwarded to Figure.savefig
) -> Path:
    """Save *fig* so that the same input always gives the same bytes; tag events in SVG.

    The format follows the file suffix. For SVG this fixes ``svg.hashsalt`` (the seed of the
    ids matplotlib writes) and leaves out the ``Date`` metadata; it then wraps each event
    marker in ``<g id="EVENT-ID" class="aitimeline-event">`` with a ``<title>`` (a tooltip in
    browsers). For PDF it leaves out the creation date; PNG output carries no date anyway.
    Equivalent by hand::

        with matplotlib.rc_context({"svg.hashsalt": "aitimeline"}):
            fig.savefig("out.svg", metadata={"Date": None})

    Args:
        fig: The figure (the root figure of a subfigure is saved).
        path: Where to write; the suffix (``.png``, ``.svg``, ``.pdf``) picks the format.
        dpi: Resolution for raster output (default: the rcParams' ``savefig.dpi``).
        **kwargs: Passed to :meth:`matplotlib.figure.Figure.savefig`.

    Returns:
        The path written.

    Raises:
        PlotError: The suffix is not a format matplotlib can write.
    """
    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    root = fig.figure
    supported = root.canvas.get_supported_filetypes()
    if fmt not in supported:
        msg = f"path={str(path)!r} has suffix {out.suffix!r}; use one of {sorted(supported)}"
        raise PlotError(msg)
    metadata: dict[str, Any] = {
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
    }.get(fmt, {})
    metadata.update(kwargs.pop("metadata", {}) or {})
    options: dict[str, Any] = {"format": fmt, "metadata": metadata or None}
    if dpi is not None:
        options["dpi"] = dpi
    options.update(kwargs)
    with mpl.rc_context({"svg.hashsalt": _SALT}):
        if fmt != "svg":
            root.savefig(out, **options)
            return out
        buffer = io.BytesIO()
        root.savefig(buffer, **options)
    out.write_text(_tag_svg(buffer.getvalue().decode("utf-8"), root), encoding="utf-8")
    return out


def _tag_svg(svg: str, fig: Figure) -> str:
    """Turn the marker links written for events into ``<g id=...>`` groups with a title."""
    tips: dict[str, str] = {}
    for coll in fig.findobj(_EventMarks):
        if isinstance(coll, _EventMarks):
            tips.update(zip(coll.event_ids, coll.tooltips, strict=True))
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        event_id = urllib.parse.unquote(html.unescape(match.group(1)))
        tip = html.escape(tips.get(event_id, event_id), quote=False)
        attr = html.escape(event_id)
        element_id = f' id="{attr}"' if event_id not in seen else ""
        seen.add(event_id)
        return (
            f'<g{element_id} class="aitimeline-event" data-event="{attr}">'
            f"<title>{tip}</title>{match.group(2)}</g>"
        )

    return _SVG_LINK.sub(replace, svg)
