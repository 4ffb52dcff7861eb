"""The timeline's artists whose vertical position follows the plan made at draw time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import numpy as np
import numpy.typing as npt
from matplotlib.collections import Collection, LineCollection, PathCollection, PolyCollection
from matplotlib.ticker import FixedLocator

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase

Planner: TypeAlias = Callable[["RendererBase | None"], None]
"""What a part of a timeline calls before it is drawn: the label artist's ``refresh``."""


class _PlannedLines(LineCollection):
    """Lines of a timeline whose y follows the layout: they ask for it before drawing."""

    planner: Planner | None = None

    def draw(self, renderer: RendererBase) -> None:
        """Make sure the timeline is laid out for *renderer*, then draw."""
        if self.planner is not None:
            self.planner(renderer)
        super().draw(renderer)


class _PlannedPolys(PolyCollection):
    """Polygons of a timeline whose y follows the layout: they ask for it before drawing."""

    planner: Planner | None = None

    def draw(self, renderer: RendererBase) -> None:
        """Make sure the timeline is laid out for *renderer*, then draw."""
        if self.planner is not None:
            self.planner(renderer)
        super().draw(renderer)


class _LaneLocator(FixedLocator):
    """Ticks at the lanes' baselines, wherever the layout puts them when they are asked for."""

    planner: Planner | None = None

    def __call__(self) -> Sequence[float]:
        """Return the baselines in data units, laying the timeline out first if needed."""
        if self.planner is not None:
            self.planner(None)
        return super().__call__()


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

    def follow(self, planner: Planner) -> None:
        """Make every part, and the lane ticks, ask *planner* for the layout before drawing."""
        colls: list[Any] = [c for c, _, _ in self.marks] + [c for c, _, _, _ in self.strips]
        colls += [self.lanes, self.shade, self.starts, self.references]
        colls += [self.bars[0]] if self.bars is not None else []
        for coll in colls:
            if coll is not None:
                coll.planner = planner
        locator = self.ax.yaxis.get_major_locator()
        if isinstance(locator, _LaneLocator):
            locator.planner = planner

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
