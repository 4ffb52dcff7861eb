"""The legend of a timeline: the kinds drawn, ranges and periods."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
import numpy.typing as npt
from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation

from aitimeline._dates import Span
from aitimeline._events import Event
from aitimeline.plot._density import _DensityHandler, _DensityKey
from aitimeline.plot._keys import _Marks, _style_key
from aitimeline.plot._measure import _Sizes, _text_widths
from aitimeline.plot._style import KindStyle, Theme, _root

if TYPE_CHECKING:
    from matplotlib.axes import Axes


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
        kind = _style_key(events[i])
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
        kind = _style_key(bands[0][0])
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
    """Put the legend outside the data: under the date axis, or above the lanes.

    With a layout engine (``layout="constrained"``) it hangs below the tick labels (two
    lines: the first tick names its year), left-aligned with the axes, and the engine makes
    room for it. Without one there may be no room below the axes, so it goes in a strip at
    the top of the axes, which the label layout keeps clear.
    """
    options: dict[str, Any] = {
        "handles": handles,
        "handler_map": {_DensityKey: _DensityHandler()},
        "loc": "upper left",
        "ncols": ncols,
        "frameon": False,
        "fontsize": sizes.label,
        "handlelength": 1.2,
        "handletextpad": 0.4,
        "columnspacing": 1.2,
        "borderaxespad": 0.2,
        "labelspacing": 0.3,
        "labelcolor": theme.foreground,
    }
    if _root(ax).get_layout_engine() is None:
        return ax.legend(bbox_to_anchor=(0.0, 1.0), **options)
    drop_pt = (
        float(mpl.rcParams["xtick.major.size"])
        + float(mpl.rcParams["xtick.major.pad"])
        + 2.4 * float(FontProperties(size=mpl.rcParams["xtick.labelsize"]).get_size_in_points())
        + 2.0
    )
    anchor = ax.transAxes + ScaledTranslation(0.0, -drop_pt / 72.0, _root(ax).dpi_scale_trans)
    return ax.legend(bbox_to_anchor=(0.0, 0.0), bbox_transform=anchor, **options)
