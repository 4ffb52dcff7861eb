"""Pack measured labels into levels so that no two label boxes overlap.

This module is pure numpy and Python: it knows nothing about matplotlib, dates or events.
The caller measures each label once (its box width and height, in any unit, usually display
pixels), gives its anchor on the x axis and a priority, and :func:`pack` returns a
:class:`Layout`: for every label either a placement (left edge and level) or the fact that it
was dropped, plus ``+k`` markers standing for groups of dropped labels.

How it works: labels are placed one at a time, the most important first (ties by position,
then by input order, so the result is deterministic). Each level keeps a sorted list of
disjoint occupied intervals; a label goes to the lowest level that has a free gap for its box
within its allowed horizontal range, found with a binary search (a sweep with a heap of free
levels would do the same for one priority class; the sorted levels also handle labels of
different priorities placed out of x order). With *stems* (the leader line
from the mark up to the label) a label's anchor is also reserved on every level below its own,
so no stem crosses another label, and a label cannot go above a level where its stem would be
blocked. A label that fits on no level is dropped; labels processed later (lower priority)
never displace it. Runtime is O(n · levels · log n).

With ``merge_size`` the dropped labels are grouped by position and each group gets a ``+k``
marker where one fits beside its anchor. With ``merge_all`` every dropped label is counted by
some marker whenever any marker fits: a group whose marker finds no room beside its anchor
gets one without a stem a little to the side, or else joins the nearest marker placed.

With ``max_shift > 0`` a label may slide sideways, keeping its anchor under its box, to the
free position nearest its preferred one (already placed labels never move): fewer levels and
fewer drops for dense timelines. With ``max_shift = 0`` every label sits exactly at its
preferred position, and on uniform priorities the number of levels used is the optimum (first
fit by left edge colours an interval graph with as many colours as its largest clique).

>>> layout = pack([0.0, 5.0, 30.0], widths=[20.0, 20.0, 20.0], heights=[10.0, 10.0, 10.0])
>>> [(p.key, p.x, p.level) for p in layout.placements]
[('0', 0.0, 1), ('1', 5.0, 0), ('2', 30.0, 0)]
>>> layout.levels
2

:func:`spread` is the arithmetic of a density strip, for a lane with too many events to label
or mark one by one: each item adds a weight of 1 spread evenly over its extent (a point adds
it to one bin), so fuzzy positions are counted honestly and the weights of all bins add up to
the number of items that fall inside them.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._spread import DensityStrip, as_vector, spread
from aitimeline._validation import Named, one_of, optional, satisfies
from aitimeline.exceptions import InvalidEventError, PlotError

if TYPE_CHECKING:
    from attrs import AttrsInstance

__all__ = [
    "Align",
    "DensityStrip",
    "Layout",
    "Merge",
    "PackOptions",
    "Placement",
    "check_options",
    "pack",
    "spread",
]

Align = Literal["left", "center", "right", "inward"]
"""Where a label's box sits relative to its anchor: starting, centred or ending there; or
``"inward"``: starting there in the left half of the bounds, ending there in the right half, so
every label reads towards the middle and labels near either edge keep room to stack."""

_ALIGN_FRACTION: dict[str, float] = {"left": 0.0, "center": 0.5, "right": 1.0}


def _to_int_tuple(values: Sequence[int]) -> tuple[int, ...]:
    """Return *values* as a sorted tuple of distinct ints."""
    return tuple(sorted({int(v) for v in values}))


def _to_str_tuple(values: Sequence[str]) -> tuple[str, ...]:
    """Return *values* as a tuple of strings, in the order given."""
    return tuple(str(v) for v in values)


def _to_placements(values: Sequence[Placement]) -> tuple[Placement, ...]:
    """Return *values* as a tuple of placements sorted by input index."""
    return tuple(sorted(values, key=lambda p: p.index))


def _to_merges(values: Sequence[Merge]) -> tuple[Merge, ...]:
    """Return *values* as a tuple of merge markers sorted by anchor, then first member."""
    return tuple(sorted(values, key=lambda m: (m.anchor, m.members)))


@attrs.frozen
class Placement:
    """Where one label was put."""

    index: int
    """Position of the label in the input sequences."""
    key: str
    """The caller's name for the label (an event id), or ``str(index)``."""
    anchor: float
    """The x the label belongs to (where its mark and stem are)."""
    x: float
    """Left edge of the label's box."""
    width: float
    """Width of the box, as measured by the caller."""
    height: float
    """Height of the box, as measured by the caller."""
    level: int
    """Row the box sits on, 0 nearest the marks."""
    priority: float
    """Priority the label was packed with (higher is placed first)."""
    preferred: float
    """Left edge the box would have had under the alignment, before any shift."""
    span: int = 1
    """Number of levels the box takes, from :attr:`level` up (a label of two lines: 2)."""

    @property
    def right(self) -> float:
        """Right edge of the label's box."""
        return self.x + self.width

    @property
    def shift(self) -> float:
        """Signed distance the box moved from its preferred position (positive: right)."""
        return self.x - self.preferred


@attrs.frozen
class Merge:
    """A ``+k`` marker that stands for *k* nearby dropped labels."""

    members: tuple[int, ...] = attrs.field(converter=_to_int_tuple)
    """Input indices of the dropped labels it stands for (sorted)."""
    keys: tuple[str, ...] = attrs.field(converter=_to_str_tuple)
    """Keys of those labels, in the order of :attr:`members`."""
    anchor: float
    """The x of the marker's stem: the anchor of its most important member."""
    x: float
    """Left edge of the marker's box."""
    width: float
    """Width of the marker's box."""
    height: float
    """Height of the marker's box."""
    level: int
    """Row the marker sits on."""
    stem: bool = True
    """Whether a leader line joins the marker to :attr:`anchor` (False: it sits beside it)."""

    @property
    def text(self) -> str:
        """The marker's text, ``"+k"``."""
        return f"+{len(self.members)}"

    @property
    def right(self) -> float:
        """Right edge of the marker's box."""
        return self.x + self.width


@attrs.frozen
class Layout:
    """The result of :func:`pack`: placed labels, dropped labels and ``+k`` markers."""

    placements: tuple[Placement, ...] = attrs.field(converter=_to_placements)
    """Every placed label, in input order."""
    dropped: tuple[int, ...] = attrs.field(converter=_to_int_tuple)
    """Input indices of labels that did not fit (sorted), merged or not."""
    merged: tuple[Merge, ...] = attrs.field(converter=_to_merges)
    """``+k`` markers for groups of dropped labels that could themselves be placed."""
    keys: tuple[str, ...] = attrs.field(converter=_to_str_tuple)
    """The key of every input label, in input order."""
    row_height: float
    """Height of one level: the tallest label."""
    row_gap: float
    """Vertical space between two levels."""

    @property
    def n_labels(self) -> int:
        """Number of labels given to :func:`pack`."""
        return len(self.keys)

    @property
    def levels(self) -> int:
        """Number of levels in use (0 when nothing was placed)."""
        used = [p.level + p.span - 1 for p in self.placements] + [m.level for m in self.merged]
        return 1 + max(used) if used else 0

    @property
    def dropped_keys(self) -> tuple[str, ...]:
        """Keys of the dropped labels, in input order."""
        return tuple(self.keys[i] for i in self.dropped)

    @property
    def pitch(self) -> float:
        """Vertical distance from one level's bottom to the next one's."""
        return self.row_height + self.row_gap

    def placement(self, index: int) -> Placement | None:
        """Return the placement of the label at input *index*, or None if it was dropped.

        Args:
            index: Position of the label in the input sequences.

        Returns:
            The placement, or None.
        """
        pos = bisect.bisect_left([p.index for p in self.placements], index)
        if pos < len(self.placements) and self.placements[pos].index == index:
            return self.placements[pos]
        return None

    def level_bottom(self, level: int) -> float:
        """Return the y of the bottom of *level*, with level 0 at y = 0.

        Args:
            level: A level number.

        Returns:
            ``level * pitch``.
        """
        return level * self.pitch

    def boxes(self) -> npt.NDArray[np.float64]:
        """Return every drawn box (labels, then ``+k`` markers) as rows ``x0, y0, x1, y1``.

        Returns:
            An array of shape ``(n, 4)``; y is measured from the bottom of level 0.
        """
        rows = [
            (p.x, self.level_bottom(p.level), p.right, self.level_bottom(p.level) + p.height)
            for p in self.placements
        ] + [
            (m.x, self.level_bottom(m.level), m.right, self.level_bottom(m.level) + m.height)
            for m in self.merged
        ]
        return np.array(rows, dtype=np.float64).reshape(-1, 4)


class _Level:
    """The occupied parts of one level.

    ``starts``/``ends`` hold the union of all obstacles as disjoint closed intervals with
    gaps between them (a box widened by the gap on each side, a stem widened by the stem
    gap); a new box may touch an obstacle but not enter it. ``core_starts``/``core_ends``
    hold the boxes themselves, which a stem from a higher level must not enter.
    """

    __slots__ = ("core_ends", "core_starts", "ends", "starts")

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.core_starts: list[float] = []
        self.core_ends: list[float] = []

    def fit(self, lo: float, hi: float, preferred: float, width: float) -> float | None:
        """Return the free left edge in ``[lo, hi]`` nearest *preferred*, or None."""
        starts, ends = self.starts, self.ends
        n = len(starts)
        k = bisect.bisect_right(ends, lo)
        if lo == hi:  # a fixed position: only the gap around lo can hold it
            return lo if k == n or starts[k] - width >= lo else None
        best: float | None = None
        best_distance = math.inf
        while True:
            gap_lo = ends[k - 1] if k > 0 else -math.inf
            if gap_lo > hi:
                break
            a = max(gap_lo, lo)
            b = hi if k == n else min(hi, starts[k] - width)
            if a <= b:
                x = a if preferred < a else min(preferred, b)
                distance = abs(x - preferred)
                if distance < best_distance:
                    best, best_distance = x, distance
                if x >= preferred:
                    break
            if k >= n:
                break
            k += 1
        return best

    def blocks(self, start: float, end: float) -> bool:
        """Return whether a box enters the open interval ``(start, end)`` (a stem)."""
        k = bisect.bisect_right(self.core_ends, start)
        if k >= len(self.core_starts):
            return False
        return self.core_starts[k] < end

    def add_obstacle(self, start: float, end: float) -> None:
        """Add the closed interval ``[start, end]`` to the union of obstacles."""
        starts, ends = self.starts, self.ends
        k = bisect.bisect_left(ends, start)
        j = k
        while j < len(starts) and starts[j] <= end:
            start = min(start, starts[j])
            end = max(end, ends[j])
            j += 1
        starts[k:j] = [start]
        ends[k:j] = [end]

    def add_box(self, x: float, width: float, gap: float) -> None:
        """Occupy the box ``[x, x + width]``, which must be free, keeping *gap* around it."""
        k = bisect.bisect_left(self.core_starts, x)
        self.core_starts.insert(k, x)
        self.core_ends.insert(k, x + width)
        self.add_obstacle(x - gap, x + width + gap)


def _count(lo: int) -> Callable[[object], bool]:
    """Return a test for a whole number (a Python or numpy int, not a bool) >= *lo*."""
    return lambda v: isinstance(v, int | np.integer) and not isinstance(v, bool) and bool(v >= lo)


def _number(v: object) -> bool:
    """Tell whether *v* is a real number (not a bool, not NaN)."""
    if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating):
        return False
    return not math.isnan(v)


def _finite_pair(least: float | None) -> Callable[[object], bool]:
    """Return a test for a pair of finite numbers, each >= *least* (or ordered, for None)."""

    def test(v: object) -> bool:
        if not (isinstance(v, tuple | list) and len(v) == 2 and all(_number(x) for x in v)):
            return False
        a, b = (float(x) for x in v)
        if not (math.isfinite(a) and math.isfinite(b)):
            return False
        return a <= b if least is None else min(a, b) >= least

    return test


@attrs.frozen
class PackOptions:
    """The options of :func:`pack` and what each must be (checked by :func:`check_options`)."""

    max_levels: int = attrs.field(validator=satisfies(_count(0), "an int >= 0"))
    gap: float = attrs.field(
        validator=satisfies(lambda v: _number(v) and 0 < v < math.inf, "a finite number > 0")
    )
    row_gap: float = attrs.field(
        validator=satisfies(lambda v: _number(v) and 0 <= v < math.inf, "a finite number >= 0")
    )
    align: str = attrs.field(validator=one_of((*_ALIGN_FRACTION, "inward")))
    max_shift: float = attrs.field(
        validator=satisfies(lambda v: _number(v) and v >= 0, "a number >= 0 (math.inf: no limit)")
    )
    bounds: tuple[float, float] | None = attrs.field(
        validator=optional(satisfies(_finite_pair(None), "two finite numbers (lo, hi), lo <= hi"))
    )
    stem_gap: float = attrs.field(
        validator=satisfies(lambda v: _number(v) and 0 <= v < math.inf, "a finite number >= 0")
    )
    merge_size: tuple[float, float] | None = attrs.field(
        validator=optional(satisfies(_finite_pair(0.0), "(width, height), finite and >= 0"))
    )
    merge_min: int = attrs.field(validator=satisfies(_count(1), "an int >= 1"))


def check_options(spec: type[AttrsInstance], owner: str, values: Mapping[str, object]) -> None:
    """Check the arguments *values* of *owner* with the validators of the fields of *spec*.

    The validators are :mod:`aitimeline._validation`'s combinators, so the message reads as
    every other refusal of the library does, naming the function::

        pack(): gap=0.0 is invalid; expected a finite number > 0

    Args:
        spec: An attrs class with one validated field per argument (e.g. :class:`PackOptions`).
        owner: The function's name, as the message shows it (``"pack()"``).
        values: The arguments, by name; each field of *spec* must have one.

    Raises:
        PlotError: The first argument its validator refuses.
    """
    named = Named(owner, None)
    for field in attrs.fields(spec):
        if field.validator is None:
            continue
        try:
            field.validator(named, field, values[field.name])
        except InvalidEventError as error:
            raise PlotError(str(error)) from None


def pack(
    anchors: npt.ArrayLike,
    widths: npt.ArrayLike,
    heights: npt.ArrayLike,
    priorities: npt.ArrayLike | None = None,
    *,
    keys: Sequence[str] | None = None,
    max_levels: int = 4,
    gap: float = 4.0,
    row_gap: float = 2.0,
    align: Align = "left",
    max_shift: float = 0.0,
    bounds: tuple[float, float] | None = None,
    stems: bool = True,
    stem_gap: float = 0.0,
    merge_size: tuple[float, float] | None = None,
    merge_min: int = 2,
    merge_all: bool = False,
    spans: npt.ArrayLike | None = None,
) -> Layout:
    """Place labels on levels so that no two boxes overlap; drop what does not fit.

    Args:
        anchors: The x each label belongs to.
        widths: Measured width of each label's box (same unit as *anchors*).
        heights: Measured height of each label's box.
        priorities: Importance of each label; higher is placed first and is never dropped in
            favour of a lower one. Defaults to all equal.
        keys: A name for each label (for example an event id); defaults to the index.
        max_levels: Number of levels available; labels that fit on none are dropped.
        gap: Minimum horizontal space between two boxes on one level (> 0).
        row_gap: Vertical space between levels (only used to report box positions).
        align: Preferred box position: starting at (``"left"``), centred on or ending at
            (``"right"``) the anchor, or ``"inward"`` (left in the left half of the bounds, or
            of the anchors' range without bounds; right in the right half).
        max_shift: How far a box may slide from its preferred position to find room. It never
            slides past its anchor (the anchor stays under the box); 0 keeps every box in place.
        bounds: ``(lo, hi)``: boxes must lie inside; a box that would stick out is moved in
            first (this does not count as a shift). Labels wider than the bounds are dropped.
        stems: Reserve each label's anchor on the levels below it, so no leader line from a
            mark to its label crosses another label.
        stem_gap: Minimum horizontal space between a stem and a box it passes (>= 0); with 0
            a stem may run along a box's edge.
        merge_size: ``(width, height)`` of a ``"+k"`` marker; when given, nearby dropped
            labels are grouped and each group gets a marker where one fits.
        merge_min: Smallest group that gets a ``"+k"`` marker (a lone dropped label's mark
            speaks for itself).
        merge_all: Count every dropped label in some marker where any marker fits: a group
            whose marker has no room beside its anchor gets one without a stem within one
            marker width and gap to either side, or else joins the nearest placed marker
            (whose box must then be wide enough for the larger count). Use ``merge_min=1``
            with it so that lone dropped labels are counted too.
        spans: How many levels each label takes (a whole number >= 1; default 1): a label
            of two lines takes two, its box on both at the same x. Its height should be at
            most ``span * row_height + (span - 1) * row_gap``; the row height is the tallest
            label per level it takes.

    Returns:
        The layout.

    Raises:
        PlotError: If the sequences differ in length, hold non-finite numbers, a width or
            height is negative, or an option is out of range.

    >>> layout = pack([0, 1, 2], [10, 10, 10], [5, 5, 5], [0, 2, 1], max_levels=1)
    >>> [p.key for p in layout.placements], layout.dropped
    (['1'], (0, 2))
    """
    anchor = as_vector("anchors", anchors, None)
    n = len(anchor)
    width = as_vector("widths", widths, n)
    height = as_vector("heights", heights, n)
    priority = np.zeros(n) if priorities is None else as_vector("priorities", priorities, n)
    span = np.ones(n) if spans is None else as_vector("spans", spans, n)
    if np.any((span < 1) | (span != np.round(span))):
        bad = int(np.flatnonzero((span < 1) | (span != np.round(span)))[0])
        value = float(span[bad])
        msg = f"spans[{bad}]={value!r} is not a whole number >= 1 (the levels a label takes)"
        raise PlotError(msg)
    level_span = span.astype(np.intp)
    for name, array in (("widths", width), ("heights", height)):
        if np.any(array < 0):
            bad = int(np.flatnonzero(array < 0)[0])
            msg = f"{name}[{bad}]={array[bad]!r} is negative; a measured size is >= 0"
            raise PlotError(msg)
    options = {
        "max_levels": max_levels,
        "gap": gap,
        "row_gap": row_gap,
        "align": align,
        "max_shift": max_shift,
        "bounds": bounds,
        "stem_gap": stem_gap,
        "merge_size": merge_size,
        "merge_min": merge_min,
    }
    check_options(PackOptions, "pack()", options)
    names = [str(i) for i in range(n)] if keys is None else [str(k) for k in keys]
    if len(names) != n:
        msg = f"keys has {len(names)} values but anchors has {n}; give one key per label"
        raise PlotError(msg)

    fraction = _fractions(anchor, align, bounds)
    preferred = anchor - fraction * width
    sweep = _sweep(anchor, preferred, align, bounds, stems=stems)
    order = np.lexsort((np.arange(n), sweep, -priority))
    packer = _Packer(max_levels, gap, max_shift, bounds, stems=stems, stem_gap=stem_gap)
    placements: list[Placement] = []
    dropped: list[int] = []
    for i in order.tolist():
        spot = packer.place(
            float(anchor[i]), float(preferred[i]), float(width[i]), int(level_span[i])
        )
        if spot is None:
            dropped.append(i)
            continue
        x, level = spot
        placements.append(
            Placement(
                index=i,
                key=names[i],
                anchor=float(anchor[i]),
                x=x,
                width=float(width[i]),
                height=float(height[i]),
                level=level,
                priority=float(priority[i]),
                preferred=float(preferred[i]),
                span=int(level_span[i]),
            )
        )
    merges: list[Merge] = []
    if merge_size is not None and dropped:
        merges = _merge(
            packer,
            merge_min=merge_min,
            dropped=dropped,
            anchor=anchor,
            priority=priority,
            names=names,
            merge_size=merge_size,
            fraction=fraction,
            merge_all=merge_all,
        )
    per_level = (height - (span - 1) * row_gap) / span
    row_height = max([float(per_level.max()) if n else 0.0] + [m.height for m in merges])
    return Layout(
        placements=placements,
        dropped=dropped,
        merged=merges,
        keys=names,
        row_height=row_height,
        row_gap=row_gap,
    )


def _middle(anchor: npt.NDArray[np.float64], bounds: tuple[float, float] | None) -> float:
    """Return the x that splits left from right for ``align="inward"``."""
    if bounds is not None:
        return (bounds[0] + bounds[1]) / 2
    return float(anchor.min() + anchor.max()) / 2 if len(anchor) else 0.0


def _fractions(
    anchor: npt.NDArray[np.float64], align: Align, bounds: tuple[float, float] | None
) -> npt.NDArray[np.float64]:
    """Return, per label, the fraction of its width that lies left of its anchor."""
    if align == "inward":
        return np.where(anchor > _middle(anchor, bounds), 1.0, 0.0)
    return np.full(len(anchor), _ALIGN_FRACTION[align])


def _sweep(
    anchor: npt.NDArray[np.float64],
    preferred: npt.NDArray[np.float64],
    align: Align,
    bounds: tuple[float, float] | None,
    *,
    stems: bool,
) -> npt.NDArray[np.float64]:
    """Return the key that orders labels of equal priority.

    Without stems: left to right by box, which is first fit along an interval order (it uses
    the fewest levels). With stems, a label must stack above its neighbours on the side its text
    extends to, so that its stem passes beside their boxes: left-aligned labels go right to
    left by anchor, right-aligned ones left to right, and inward ones from the middle out.
    """
    if not stems or align == "center":
        return preferred
    if align == "left":
        return -anchor
    if align == "right":
        return anchor
    return np.abs(anchor - _middle(anchor, bounds))


class _Packer:
    """The levels of one layout and the rule for putting a box on them."""

    def __init__(
        self,
        max_levels: int,
        gap: float,
        max_shift: float,
        bounds: tuple[float, float] | None,
        *,
        stems: bool,
        stem_gap: float,
    ) -> None:
        self.levels = [_Level() for _ in range(max_levels)]
        self.gap = gap
        self.max_shift = max_shift
        self.bounds = bounds
        self.stems = stems
        self.stem_gap = stem_gap

    def place(
        self, anchor: float, preferred: float, width: float, span: int = 1
    ) -> tuple[float, int] | None:
        """Occupy the lowest *span* levels with room for the box; return ``(x, level)``."""
        preferred, lo, hi = self._range(anchor, preferred, width)
        if lo > hi:
            return None
        stem_lo, stem_hi = anchor - self.stem_gap, anchor + self.stem_gap
        for level_no, level in enumerate(self.levels):
            if level_no + span > len(self.levels):
                return None
            x = level.fit(lo, hi, preferred, width)
            if x is not None and span > 1:
                x = self._fit_above(level_no, span, (lo, hi, preferred, width), x)
            if x is not None:
                for taken in self.levels[level_no : level_no + span]:
                    taken.add_box(x, width, self.gap)
                if self.stems:
                    for lower in self.levels[:level_no]:
                        lower.add_obstacle(stem_lo, stem_hi)
                return x, level_no
            if self.stems and level.blocks(stem_lo, stem_hi):
                return None
        return None

    def _range(self, anchor: float, preferred: float, width: float) -> tuple[float, float, float]:
        """Return the preferred left edge moved inside the bounds, and the range it may take."""
        if self.bounds is not None:
            b_lo, b_hi = self.bounds
            preferred = min(max(preferred, b_lo), b_hi - width)
            lo = max(anchor - width, preferred - self.max_shift, b_lo)
            hi = min(anchor, preferred + self.max_shift, b_hi - width)
        else:
            lo = max(anchor - width, preferred - self.max_shift)
            hi = min(anchor, preferred + self.max_shift)
        return preferred, lo, hi

    def _fit_above(
        self, level_no: int, span: int, box: tuple[float, float, float, float], first: float
    ) -> float | None:
        """Return an x free on all of levels ``level_no .. level_no + span - 1``, or None.

        Tries *first* (the nearest free x of the lowest level), then the nearest free x of
        each level above; the box is *box*'s ``(lo, hi, preferred, width)``.
        """
        lo, hi, preferred, width = box
        taken = self.levels[level_no : level_no + span]
        tries = [first]
        tries += [x for lv in taken[1:] if (x := lv.fit(lo, hi, preferred, width)) is not None]
        for x in tries:
            if all(lv.fit(x, x, x, width) is not None for lv in taken):
                return x
        return None

    def place_free(self, anchor: float, width: float, reach: float) -> tuple[float, int] | None:
        """Occupy the lowest level with room for a stemless box within *reach* of *anchor*.

        The box's left edge lies in ``[anchor - reach - width, anchor + reach]``, as near as
        possible to centring the box on *anchor*. Stems already placed are obstacles on every
        level they cross, so the box enters none; no stem of its own is reserved.
        """
        lo, hi = anchor - reach - width, anchor + reach
        if self.bounds is not None:
            lo, hi = max(lo, self.bounds[0]), min(hi, self.bounds[1] - width)
        if lo > hi:
            return None
        preferred = min(max(anchor - width / 2, lo), hi)
        for level_no, level in enumerate(self.levels):
            x = level.fit(lo, hi, preferred, width)
            if x is not None:
                level.add_box(x, width, self.gap)
                return x, level_no
        return None


def _merge(
    packer: _Packer,
    *,
    dropped: list[int],
    anchor: npt.NDArray[np.float64],
    priority: npt.NDArray[np.float64],
    names: list[str],
    merge_size: tuple[float, float],
    fraction: npt.NDArray[np.float64],
    merge_min: int,
    merge_all: bool,
) -> list[Merge]:
    """Group nearby dropped labels and place a ``+k`` marker for each group that fits.

    With *merge_all*, a group whose marker does not fit beside its anchor gets a stemless one
    nearby, or else joins the nearest marker placed.
    """
    width, height = merge_size
    reach = width + packer.gap
    by_x = sorted(dropped, key=lambda i: (anchor[i], i))
    groups: list[list[int]] = []
    for i in by_x:
        if groups and anchor[i] - anchor[groups[-1][0]] <= reach:
            groups[-1].append(i)
        else:
            groups.append([i])
    groups = [group for group in groups if len(group) >= merge_min]
    heads = [min(group, key=lambda i: (-priority[i], i)) for group in groups]
    order = sorted(range(len(groups)), key=lambda g: (-priority[heads[g]], anchor[heads[g]], g))
    merges: list[Merge] = []
    homeless: list[int] = []
    for g in order:
        head = heads[g]
        a = float(anchor[head])
        spot = packer.place(a, a - float(fraction[head]) * width, width)
        stem = packer.stems
        if spot is None and merge_all:
            spot = packer.place_free(a, width, reach)
            stem = False
        if spot is None:
            homeless.append(g)
            continue
        members = sorted(groups[g])
        merges.append(
            Merge(
                members=members,
                keys=[names[i] for i in members],
                anchor=a,
                x=spot[0],
                width=width,
                height=height,
                level=spot[1],
                stem=stem,
            )
        )
    if merge_all and homeless and merges:
        merges = _adopt(merges, [groups[g] for g in homeless], anchor, names)
    return merges


def _adopt(
    merges: list[Merge],
    groups: list[list[int]],
    anchor: npt.NDArray[np.float64],
    names: list[str],
) -> list[Merge]:
    """Add each group's labels to the marker nearest to it (ties: the one to the left)."""
    by_x = sorted(range(len(merges)), key=lambda k: (merges[k].anchor, k))
    xs = [merges[k].anchor for k in by_x]
    extra: dict[int, list[int]] = {}
    for group in groups:
        a = float(np.mean(anchor[group]))
        pos = bisect.bisect_left(xs, a)
        near = [p for p in (pos - 1, pos) if 0 <= p < len(xs)]
        best = min(near, key=lambda p: (abs(xs[p] - a), p))
        extra.setdefault(by_x[best], []).extend(group)
    out: list[Merge] = []
    for k, m in enumerate(merges):
        if k not in extra:
            out.append(m)
            continue
        members = sorted([*m.members, *extra[k]])
        out.append(attrs.evolve(m, members=members, keys=[names[i] for i in members]))
    return out
