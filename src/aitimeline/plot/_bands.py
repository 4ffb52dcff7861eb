"""Periods in force: their bars, shading and start lines; reference lines."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt
from matplotlib import colors as mcolors

from aitimeline._dates import Span
from aitimeline._events import Event
from aitimeline.plot._keys import _Reference, _style_key, default_priority
from aitimeline.plot._parts import _Parts, _PlannedLines, _PlannedPolys
from aitimeline.plot._style import KindStyle, Theme, _blend

if TYPE_CHECKING:
    from matplotlib.axes import Axes


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
    colour = styles[_style_key(event)].color
    return _Band(
        event.id,
        " ".join(label_fn(event).split()),  # one line: a bar's row holds one
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
    shade = _PlannedPolys(
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
    starts = _PlannedLines(
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
    lines = _PlannedLines(
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
