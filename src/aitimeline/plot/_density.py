"""Density strips: lanes with too many events for one marker each."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt
from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerBase
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Transform

from aitimeline._dates import MONTH_DAYS
from aitimeline._events import Event
from aitimeline._layout import DensityStrip, spread
from aitimeline.plot._keys import _Lane, _lane_labels, _Marks
from aitimeline.plot._measure import _Sizes
from aitimeline.plot._parts import _Parts, _PlannedPolys
from aitimeline.plot._style import Theme, _blend

if TYPE_CHECKING:
    from matplotlib.axes import Axes


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


def _density_threshold(density: object) -> float:
    """Return the number of events above which a lane becomes a density strip.

    *density* is checked by :class:`~aitimeline.plot._options.TimelineOptions` first.
    """
    if density is True:
        return 0.0
    if density is False:
        return math.inf
    if density == "auto":
        return float(_DENSITY_THRESHOLD)
    return float(density) if isinstance(density, int) else math.inf


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


def _density_label(strips: Sequence[tuple[int, DensityStrip]]) -> str:
    """Return what the strips' colour counts: "events per week (0-340)", with an en dash."""
    unit = strips[0][1].unit
    peak = max(s.peak for _, s in strips)
    return f"events per {unit} (0\N{EN DASH}{_count_text(peak)})"


def _density_key(strips: Sequence[tuple[int, DensityStrip]], theme: Theme) -> _DensityKey:
    """Return the legend entry of the strips, labelled by :func:`_density_label`."""
    return _DensityKey(_density_cmap(theme), _density_label(strips))


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
        coll = _PlannedPolys(
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
