"""Event markers and range bars, drawn as a few collections; lane baselines."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import matplotlib as mpl
import numpy as np
import numpy.typing as npt
from matplotlib import colors as mcolors
from matplotlib.collections import PathCollection
from matplotlib.markers import MarkerStyle
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import IdentityTransform

from aitimeline._events import Event
from aitimeline.plot._keys import _Marks, _style_key, _tooltip
from aitimeline.plot._parts import Planner, _LaneLocator, _Parts, _PlannedLines
from aitimeline.plot._style import KindStyle, Theme

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase


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
        self.planner: Planner | None = None

    def draw(self, renderer: RendererBase) -> None:
        """Draw (laid out first, on a timeline); for SVG, tag each marker with its event id."""
        if self.planner is not None:
            self.planner(renderer)
        svg = _is_svg(renderer)
        if svg:
            self.set_urls([_URL_PREFIX + urllib.parse.quote(i) for i in self.event_ids])
        try:
            super().draw(renderer)
        finally:
            if svg:
                self.set_urls([None])


_URL_PREFIX: Final = "#aitimeline-event:"
"""The link an event marker carries in SVG output, before its (quoted) id."""
_MORE_PREFIX: Final = "#aitimeline-more:"
"""The link a ``+k`` marker carries in SVG output, before the labels it hides (quoted)."""


def _is_svg(renderer: RendererBase) -> bool:
    """Return whether *renderer* writes SVG (possibly wrapped in a mixed-mode renderer)."""
    from matplotlib.backends.backend_svg import RendererSVG  # noqa: PLC0415 - lazy backend

    inner = getattr(renderer, "_renderer", renderer)
    return isinstance(renderer, RendererSVG) or isinstance(inner, RendererSVG)


_HIDDEN: Final = 0
"""An event without a marker: it is counted in a density strip."""


_SHOWN: Final = 1
"""An event with a marker."""


_IF_LABELLED: Final = 2
"""An event of a density strip offered a label: it has a marker while its label is drawn."""


def _draw_lanes(
    ax: Axes, order: list[str], bases: Sequence[float], theme: Theme, parts: _Parts
) -> None:
    """Draw each lane's baseline and name it on the y axis."""
    lines = _PlannedLines(
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

    ax.yaxis.set_major_locator(_LaneLocator(list(bases) if shown else []))
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
        bars = _PlannedLines(
            [[(a[i], y[i]), (b[i], y[i])] for i in idx.tolist()],
            colors=[
                mcolors.to_rgba(styles[_style_key(events[i])].color, 0.45) for i in idx.tolist()
            ],
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
    kind_of = np.array([_style_key(e) for e in events], dtype=object)
    for kind in sorted(set(kind_of.tolist())):
        style = styles[kind]
        path = _marker_path(style.marker)
        for exact in (True, False):
            idx = np.flatnonzero((kind_of == kind) & (marks.exact == exact) & shown)
            if idx.size == 0:
                continue
            glyph = style.marker.startswith("$")  # a thin glyph: its own colour for an edge
            options: dict[str, Any] = {
                "facecolors": style.color if exact else theme.background,
                "edgecolors": style.color if glyph or not exact else theme.background,
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
