"""Palettes, kind styles and themes, and the quiet axes style every plot shares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs
import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib import colors as mcolors

from aitimeline._kinds import EVENT_KINDS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


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
        "export_tighten": KindStyle(OKABE_ITO["vermillion"], "H", "Controls tightened"),
        "export_lift": KindStyle(
            OKABE_ITO["bluish_green"], "$\N{HEAVY CHECK MARK}$", "Controls lifted"
        ),
        "export_licence": KindStyle(OKABE_ITO["orange"], "8", "Licensing rule"),
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
"""The style of each built-in kind of event; another registered kind gets a colour and a
marker no listed kind uses (in the order kinds were registered).

Export controls are styled by their action: a ban as ``"export_control"``, the others as
``"export_tighten"``, ``"export_lift"`` (a check mark: trade allowed again) and
``"export_licence"``."""


_SPARE_MARKERS: Final = ("o", "s", "^", "D", "v", "P", "X", "*", "p", "h", "<", ">", "8", "H", "d")
"""Filled markers for kinds without a style of their own, in the order they are handed out."""


_SPARE_COLOURS: Final = tuple(
    OKABE_ITO[c]
    for c in ("reddish_purple", "sky_blue", "orange", "bluish_green", "blue", "vermillion")
)
"""Colours for kinds without a style of their own (the Okabe-Ito palette, black and yellow
left out: they read as the ink and vanish on white)."""


def _spare_styles() -> dict[str, KindStyle]:
    """Return a style for every registered kind :data:`KIND_STYLES` does not list.

    Read from the kind registry (:data:`aitimeline._kinds.EVENT_KINDS`), in registration
    order, so a kind keeps its style from chart to chart whatever else is drawn: the n-th such
    kind gets the n-th colour-and-marker pair that no styled kind uses (markers first, then
    colours), so no two kinds share both.
    """
    taken = {(s.color, s.marker) for s in KIND_STYLES.values()}
    free = (
        (colour, marker)
        for colour in _SPARE_COLOURS
        for marker in _SPARE_MARKERS
        if (colour, marker) not in taken
    )
    return {
        kind: KindStyle(*next(free), kind.replace("_", " ").capitalize())
        for kind in EVENT_KINDS
        if kind not in KIND_STYLES
    }


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
    return THEMES[name]  # checked by the caller (plot._options)


def _blend(a: str, b: str, weight: float) -> str:
    """Return the colour *weight* of the way from *b* to *a*."""
    ra, rb = mcolors.to_rgb(a), mcolors.to_rgb(b)
    r, g, bl = (weight * x + (1 - weight) * y for x, y in zip(ra, rb, strict=True))
    return mcolors.to_hex((r, g, bl))


def _kind_styles(kinds: Iterable[str], theme: Theme) -> dict[str, KindStyle]:
    """Return a style for every kind in *kinds*, resolving ``"ink"`` against *theme*.

    A kind :data:`KIND_STYLES` does not list takes its style from :func:`_spare_styles` if it
    is registered, else a grey circle.
    """
    spare = _spare_styles()
    styles: dict[str, KindStyle] = {}
    for kind in sorted(set(kinds)):
        style = KIND_STYLES.get(kind) or spare.get(kind)
        if style is None:
            style = KindStyle("#8C8C8C", "o", kind.replace("_", " ").capitalize())
        if style.color == _INK:
            style = attrs.evolve(style, color=theme.foreground)
        styles[kind] = style
    return styles


def _axes(ax: Axes | None) -> Axes:
    """Return *ax*, or the current axes of pyplot."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # noqa: PLC0415 - pyplot only when no axes is given

    return plt.gca()


def _root(ax: Axes) -> Figure:
    """Return the top-level figure *ax* is drawn in."""
    return ax.figure.figure


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
