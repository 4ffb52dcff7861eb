"""The vertical plan of a timeline and the per-lane label layout search."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from matplotlib.transforms import Transform

from aitimeline._layout import Align, Layout, Merge, pack
from aitimeline.plot._measure import _Sizes

if TYPE_CHECKING:
    pass


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


def _more_text(count: int) -> str:
    """Return what a marker standing for *count* hidden labels reads: ``"+3 more"``."""
    return f"+{count} more"


_Segment: TypeAlias = tuple[tuple[float, float], tuple[float, float]]


def _cluster_lines(
    xs: npt.NDArray[np.float64],
    marker: Merge,
    rows: _Rows,
    start: float,
    px: float,
    below: Sequence[tuple[float, float]],
) -> list[_Segment]:
    """Return the lines joining a ``+k more`` marker to the marks of the labels it hides.

    A bracket spans the hidden labels' anchors *xs* just beyond the marks (*start* is the y
    where leader lines begin), with a short tick at each end towards the marks, and a line
    rises from it to the marker's near edge: from the marker's own anchor when it has a
    stem (the layout kept that line free), else straight up at the x nearest the marker's
    middle that lies over the bracket and under the marker and crosses none of the boxes
    *below* it (``(x0, x1)`` of the labels on the rows between). A marker on the first row
    beside its bracket gets a slanting line (no label lies between them); one higher up with
    no such x sits beside its bracket without a line. One hidden label gets no bracket.
    """
    step = 1.5 * px
    y = start + (step if rows.up else -step)
    near = rows.near(marker.level)
    lo, hi = (float(xs.min()), float(xs.max())) if len(xs) else (marker.anchor, marker.anchor)
    lines: list[_Segment] = []
    if hi > lo:
        lines += [((lo, start), (lo, y)), ((lo, y), (hi, y)), ((hi, start), (hi, y))]
    foot = y if hi > lo else start
    if marker.stem:
        return [*lines, ((marker.anchor, foot), (marker.anchor, near))]
    a, b = max(lo, marker.x + step), min(hi, marker.right - step)
    if a > b and marker.level == 0:  # beside the bracket, with no label between: a slant
        foot_x = min(max((marker.x + marker.right) / 2, lo), hi)
        top_x = min(max(foot_x, marker.x + step), marker.right - step)
        return [*lines, ((foot_x, foot), (top_x, near))]
    if a > b:
        return lines
    blocked = sorted((x0, x1) for x0, x1 in below if x0 <= b and x1 >= a)
    middle = (marker.x + marker.right) / 2
    free: list[float] = []
    edge = a
    for x0, x1 in [*blocked, (b, b)]:
        if x0 > edge:  # (edge, x0) is clear: the x nearest the middle, a little inside it
            margin = min(step, (x0 - edge) / 2)
            free.append(min(max(middle, edge + margin), x0 - margin))
        edge = max(edge, x1)
    if not free:
        return lines
    x = min(free, key=lambda v: (abs(v - middle), v))
    return [*lines, ((x, foot), (x, near))]


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
    spans: npt.NDArray[np.intp] | None = None,
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
            spans=spans,
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


def _shrink(
    rows: tuple[list[int], int, int], fits: Callable[[list[int], int, int], bool]
) -> tuple[list[int], int, int]:
    """Give up rows until the plan *fits*, least needed first.

    Label rows of the fullest lane go first, down to one row a lane; then bracket rows and
    period rows, down to one; then all of them, down to none.
    """
    lv, brackets, strip = list(rows[0]), rows[1], rows[2]
    for floor in (1, 0):
        while not fits(lv, brackets, strip) and any(v > floor for v in lv):
            k = max(range(len(lv)), key=lambda i: (lv[i], i))
            lv[k] -= 1
        while not fits(lv, brackets, strip) and brackets > floor:
            brackets -= 1
        while not fits(lv, brackets, strip) and strip > floor:
            strip -= 1
    return lv, brackets, strip


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
    baseline, the lag brackets (with two lanes or more: between the first two baselines, next
    to the events they join, the gap widened to hold them), the next baseline, that lane's
    labels (stacking down), further lanes likewise; with one lane the lag strip goes last.

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
    marker = sizes.marker * px

    def between(brackets: int) -> float:
        """The gap between the first two baselines, holding the brackets."""
        return max(sep, marker + 2 * margin + brackets * bracket_pitch)

    def need(lanes: Sequence[int], brackets: int, strip: int) -> float:
        h = strip * strip_pitch + 2 * margin + sum(offset + v * pitch for v in lanes)
        if n >= 2:
            return h + between(brackets) + lane_gap * (n - 2)
        return h + brackets * bracket_pitch

    lv, bracket_rows, strip_rows = _shrink(
        (lv, bracket_rows, strip_rows), lambda *rows: need(*rows) <= top - bottom
    )
    slack = max((top - bottom) - need(lv, bracket_rows, strip_rows), 0.0)
    rows = sum(lv)
    stretch = min(rows * pitch * (max_stretch - 1), 0.6 * slack) if rows else 0.0
    p = pitch + (stretch / rows if rows else 0.0)
    slack -= stretch
    unit = slack / (2 + (2 if n >= 2 else 0) + max(n - 2, 0))
    y = top - strip_rows * strip_pitch
    strip_top = top
    y -= margin + unit
    bases: list[float] = []
    bracket_top = 0.0
    for k in range(n):
        if k == 0:
            y -= offset + lv[0] * p
            bases.append(y)
            if n >= 2:
                gap = between(bracket_rows) + 2 * unit
                bracket_top = y - (gap - bracket_rows * bracket_pitch) / 2
                y -= gap
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
        bracket_top=bracket_top if n >= 2 else y - margin - unit,
    )


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
