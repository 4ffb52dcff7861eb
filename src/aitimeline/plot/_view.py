"""What a timeline redoes for a new view (zoom or pan): density bins and periods' ends."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.colors as mcolors
import numpy as np
import numpy.typing as npt

from aitimeline._dates import Span
from aitimeline._events import Event
from aitimeline._layout import DensityStrip
from aitimeline.plot._bands import _SHADE_ALPHA, _band, _slices, _StripItem
from aitimeline.plot._density import _density_label, _density_strips
from aitimeline.plot._keys import _Marks
from aitimeline.plot._parts import _Parts
from aitimeline.plot._style import KindStyle, Theme, _axes_width_pt

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text


class _Viewer:
    """Re-bins the density strips and re-clamps the periods for the view ``[lo, hi]``.

    Called by the label artist when the x limits change, before it lays the labels out, so
    that a zoom shows finer bins (the finest unit at least 2.5 points wide for the new
    span) and a period still in force fades out at the new right edge.
    """

    def __init__(
        self,
        ax: Axes,
        parts: _Parts,
        density: tuple[Sequence[tuple[int, npt.NDArray[np.intp]]], Sequence[str], _Marks],
        periods: tuple[
            Sequence[tuple[Event, Span]], Sequence[_StripItem], Mapping[str, KindStyle], Theme
        ],
        label_fn: Callable[[Event], str],
        offset: float,
    ) -> None:
        self.ax = ax
        self.parts = parts
        self.dense, self.order, self.marks = density
        self.band_list, self.items, self.styles, self.theme = periods
        self.label_fn = label_fn
        self.offset = offset
        self.strips: tuple[DensityStrip, ...] = ()
        self.key: Text | None = None
        """The legend's text for the density strips, which names the unit and the range."""

    def __call__(self, lo: float, hi: float) -> None:
        """Redo the bins and periods for the view ``[lo, hi]`` (date numbers)."""
        self._rebin(lo, hi)
        self._periods(lo, hi)
        self.parts.applied = ()  # the next apply moves everything again

    def _rebin(self, lo: float, hi: float) -> None:
        if not self.dense:
            return
        width = _axes_width_pt(self.ax)
        strips = _density_strips(self.dense, self.order, self.marks, (lo, hi), width, self.offset)
        peak = max(s.peak for _, s in strips) or 1.0
        for index, (_, strip) in enumerate(strips):
            coll, k, _, _ = self.parts.strips[index]
            weights = np.asarray(strip.weights)
            edges = np.asarray(strip.edges)
            full = np.flatnonzero(weights > 0)
            coll.set_array(weights[full])
            coll.set_norm(mcolors.Normalize(0.0, peak))
            self.parts.strips[index] = (coll, k, edges[full], edges[full + 1])
        self.strips = tuple(s for _, s in strips)
        if self.key is not None:  # the legend names the new unit and colour range
            self.key.set_text(_density_label(strips))

    def _periods(self, lo: float, hi: float) -> None:
        if not self.band_list:
            return
        bands = [
            _band(e, s, self.styles, self.theme, self.label_fn, (lo, hi), self.offset)
            for e, s in self.band_list
        ]
        by_key = {b.key: b for b in bands}
        for item in self.items:
            if item.band is not None and item.key in by_key:
                item.band = by_key[item.key]
                item.x = item.band.s_lo
        if self.parts.shade is not None:
            runs, colours = _slices(bands, _SHADE_ALPHA)
            self.parts.shade_runs = runs
            self.parts.shade.set_facecolor(colours)
        if self.parts.starts is not None:
            self.parts.starts.set_segments([[(b.s_lo, 0.0), (b.s_lo, 1.0)] for b in bands])
