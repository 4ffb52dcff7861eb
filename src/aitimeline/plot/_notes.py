"""Names of chosen models beside their frontier points, placed clear of lines and labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
from matplotlib.artist import Artist
from matplotlib.text import Text
from matplotlib.transforms import Bbox, IdentityTransform

from aitimeline.plot._measure import _px

if TYPE_CHECKING:
    from matplotlib.axes._base import _AxesBase
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure, SubFigure


_Spot: TypeAlias = tuple[float, float, Literal["left", "right"], Literal["bottom", "top"]]


def _spots() -> tuple[_Spot, ...]:
    """Return above right, above left, below right, below left, at 6, 16 and 28 points."""
    out: list[_Spot] = []
    for dy in (6.0, -6.0, 16.0, -16.0, 28.0, -28.0):
        va: Literal["bottom", "top"] = "bottom" if dy > 0 else "top"
        out += [(4.0, dy, "left", va), (-4.0, dy, "right", va)]
    return tuple(out)


_SPOTS: Final = _spots()
"""Where a note may go, tried in order: offsets in points from its point, and alignments."""


_HALF_LINE: Final = 1.5
"""Half a frontier line's width and a little air, in points: a note keeps this far from it."""


_POINT: Final = 3.0
"""The radius of a frontier point's marker, in points: a note does not cover a point."""


def _step_segments(
    days: Sequence[float], values: Sequence[float], end: float
) -> npt.NDArray[np.float64]:
    """Return the segments ``x0, y0, x1, y1`` of a frontier drawn as steps (post) to *end*."""
    rows: list[tuple[float, float, float, float]] = []
    for k, (x, y) in enumerate(zip(days, values, strict=True)):
        right = days[k + 1] if k + 1 < len(days) else end
        rows.append((x, y, right, y))
        if k + 1 < len(days):
            rows.append((right, y, right, values[k + 1]))
    return np.array(rows, dtype=np.float64).reshape(-1, 4)


class _ModelNotes(Artist):
    """Model names at frontier points, each put where it crosses no line, point or label.

    Like the timeline's labels, the texts are built once, returned by :meth:`get_children`
    (``fig.findobj(Text)`` finds them, ``set()`` restyles them) and moved when drawn: for the
    renderer in use, each note takes the first of :data:`_SPOTS` (above right of its point,
    above left, below right, ... farther away) where its box, measured by the renderer,
    enters no segment of either frontier, no frontier point, no note placed before it, no
    series name and no legend, and stays inside the axes; with no such spot, the one with
    the fewest clashes.
    """

    def __init__(
        self,
        notes: Sequence[tuple[Text, tuple[float, float]]],
        segments: npt.NDArray[np.float64],
        points: npt.NDArray[np.float64],
    ) -> None:
        super().__init__()
        self.notes = list(notes)
        self.segments = segments
        self.points = points
        for text, _ in self.notes:
            text.set_transform(IdentityTransform())
        self.set_zorder(3.5)

    def get_children(self) -> list[Artist]:
        """Return the note texts."""
        return [text for text, _ in self.notes]

    def set_figure(self, fig: Figure | SubFigure) -> None:
        """Set the figure of this artist and of every note."""
        super().set_figure(fig)
        for child in self.get_children():
            child.set_figure(fig)

    def _obstacles(self, ax: _AxesBase, renderer: RendererBase | None, px: float) -> list[Bbox]:
        """Return, in pixels, the frontier segments and points, series names and the legend."""
        pad = _HALF_LINE * px
        boxes: list[Bbox] = []
        if len(self.segments):
            a = ax.transData.transform(self.segments[:, :2])
            b = ax.transData.transform(self.segments[:, 2:])
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            boxes += [
                Bbox([[x0 - pad, y0 - pad], [x1 + pad, y1 + pad]])
                for (x0, y0), (x1, y1) in zip(lo, hi, strict=True)
            ]
        r = _POINT * px
        boxes += (
            [Bbox([[x - r, y - r], [x + r, y + r]]) for x, y in ax.transData.transform(self.points)]
            if len(self.points)
            else []
        )
        others = [
            t for t in ax.texts if t.get_gid() == "aitimeline-series-label" and t.get_visible()
        ]
        boxes += [t.get_window_extent(renderer) for t in others]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            boxes.append(legend.get_window_extent(renderer))
        return boxes

    def place(self, renderer: RendererBase | None) -> None:
        """Move every note to its first free spot for *renderer* (None: the figure's own)."""
        ax = self.axes
        figure = self.get_figure(root=True)
        if ax is None or figure is None:
            return
        dpi = float(figure.dpi)
        px = _px(renderer) if renderer is not None else dpi / 72.0
        obstacles = self._obstacles(ax, renderer, px)
        frame = ax.bbox
        for text, xy in self.notes:
            x, y = (float(v) for v in ax.transData.transform(xy))
            best: tuple[int, int] | None = None
            for k, (dx, dy, ha, va) in enumerate(_SPOTS):
                text.set_position((x + dx * px, y + dy * px))
                text.set_horizontalalignment(ha)
                text.set_verticalalignment(va)
                box = text.get_window_extent(renderer)
                clashes = sum(1 for o in obstacles if box.overlaps(o))
                clashes += (
                    0 if frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1) else 1
                )
                if best is None or clashes < best[0]:
                    best = (clashes, k)
                if clashes == 0:
                    break
            assert best is not None  # noqa: S101 - _SPOTS is not empty
            dx, dy, ha, va = _SPOTS[best[1]]
            text.set_position((x + dx * px, y + dy * px))
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            obstacles.append(text.get_window_extent(renderer))

    def draw(self, renderer: RendererBase) -> None:
        """Place the notes for *renderer* and draw them."""
        if not self.get_visible():
            return
        self.place(renderer)
        for text, _ in self.notes:
            text.draw(renderer)
        self.stale = False

    def get_window_extent(self, renderer: RendererBase | None = None) -> Bbox:
        """Return the box around the notes, as placed for *renderer*."""
        self.place(renderer)
        boxes = [t.get_window_extent(renderer) for t, _ in self.notes if t.get_visible()]
        return Bbox.union(boxes) if boxes else Bbox.null()

    def get_tightbbox(self, renderer: RendererBase | None = None) -> Bbox:
        """Return the box around the notes (so ``bbox_inches="tight"`` includes them)."""
        return self.get_window_extent(renderer)
