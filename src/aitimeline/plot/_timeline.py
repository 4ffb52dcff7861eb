"""The axes-level :func:`timeline` and :func:`layout`."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
import numpy.typing as npt
from matplotlib.artist import Artist

from aitimeline._dates import DateLike, Span
from aitimeline._events import Event
from aitimeline._layout import check_options
from aitimeline._timeline import Timeline
from aitimeline.exceptions import PlotError
from aitimeline.plot._bands import _band, _draw_bands, _draw_references, _strip_items
from aitimeline.plot._density import (
    _dense_lane,
    _density_key,
    _density_strips,
    _density_threshold,
    _DensityKey,
    _draw_density,
    _strip_half,
)
from aitimeline.plot._keys import (
    Labeller,
    LaneKey,
    Priority,
    _bands,
    _date_offset,
    _in_window,
    _label_fn,
    _Lane,
    _lane_fn,
    _lane_labels,
    _lane_order,
    _Marks,
    _priority_fn,
    _Reference,
    _references,
    _style_key,
    _window,
    _x_limits,
)
from aitimeline.plot._labels import _TimelineLabels
from aitimeline.plot._legend import _legend, _legend_handles, _legend_shape
from aitimeline.plot._marks import _HIDDEN, _IF_LABELLED, _SHOWN, _draw_lanes, _draw_marks
from aitimeline.plot._measure import _sizes
from aitimeline.plot._options import TimelineOptions, _to_kinds
from aitimeline.plot._parts import _Parts
from aitimeline.plot._result import TimelineLayout
from aitimeline.plot._style import (
    Theme,
    ThemeName,
    _axes,
    _axes_width_pt,
    _kind_styles,
    _root,
    _style_axes,
    _theme,
)
from aitimeline.plot._view import _Viewer

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.legend import Legend
    from matplotlib.text import Text


def timeline(
    tl: Timeline | Iterable[Event],
    *,
    lanes: LaneKey = "country",
    ax: Axes | None = None,
    window: tuple[DateLike | None, DateLike | None] | Literal["auto", "all"] | None = "auto",
    today: DateLike | None = None,
    reference: Mapping[str, DateLike] | Iterable[str] | None = None,
    priority: Priority = None,
    label: Labeller = None,
    theme: ThemeName | Theme | None = None,
    lane_order: Sequence[str] | None = None,
    max_lanes: int = 3,
    max_levels: int = 6,
    bands: bool = True,
    shade: bool = False,
    focus: Iterable[str] = (),
    legend: bool = True,
    merge: bool = True,
    density: bool | int | Literal["auto"] = "auto",
    kinds: Iterable[str] | Literal["auto", "all"] = "auto",
    **kwargs: Any,  # noqa: ANN401 - forwarded to the marker collections
) -> Axes:
    """Draw events as a timeline in lanes, with labels that never overlap.

    The vertical layout is planned when the figure is drawn, for its actual size: periods
    in force get a strip of named bars at the top, the first lane's labels stack up from its
    baseline and every other lane's down from its own, lag brackets go in a strip at the
    bottom, and spare height spreads the lanes and label rows apart.

    Args:
        tl: A :class:`~aitimeline.Timeline` or any iterable of events.
        lanes: What to split lanes by: an event attribute (``"country"``, ``"kind"``, any
            field), a function of the event, or None for a single lane. With ``"country"``
            the United States and China come first.
        ax: The axes to draw on (default: ``plt.gca()``).
        window: ``(start, end)`` days to show (either may be None for "from the data");
            events entirely outside are left out, periods are cut at the edges. The default,
            ``"auto"``, shows where the events are dense: the shortest span holding 80 % of
            the events dated to a point (periods in force aside), padded by 3 % each side
            and widened to any reference line; with fewer than 20 such events, or with
            ``"all"`` (or None), the whole span. Events outside an automatic view are kept:
            pan or zoom out to see them.
        today: Draw a "today" line on this day (the library never reads the clock).
        reference: Reference lines: a mapping of label to day, or event ids (labelled with
            the event's label).
        priority: Label priority: a function of the event, or a mapping from event id or kind
            name to a number (others get :func:`default_priority`). Higher labels are placed
            first and dropped last.
        label: Label text: a function of the event, an attribute name, or None for
            :func:`default_label`.
        theme: ``"light"``, ``"dark"``, a :class:`Theme`, or None to take colours from the
            rcParams (and so from any style sheet in use).
        lane_order: Lane names (or country codes), top first; others follow.
        max_lanes: Lanes beyond this many are merged into one ``"Other"`` lane.
        max_levels: Most label rows next to a lane.
        bands: Draw periods in force (spans, export controls' ``in_force``) as named bars in
            rows above the lanes, each from its start to its end (a period still in force
            fades out at the right edge).
        shade: Also shade the lanes where periods are in force (lightly: overlapping
            periods do not darken it), with a line at each start.
        focus: Tags whose events' labels come first (for example ``("reasoning",)``), before
            frontier releases and then the rest: each adds 10 to the priority.
        legend: Draw a legend of the kinds shown.
        merge: Count dropped labels in ``+k`` markers (every one of them, where any marker
            fits; else under the lane's name).
        density: Which lanes to draw as density strips instead of one marker per event:
            ``"auto"`` those with more than 10,000 events (periods in force not counted),
            True every lane, False none, an int *n* those with more than *n*. A strip is one
            histogram per lane, coloured by the number of events per day, week, month or
            year (the finest bin at least 2.5 points wide, for the view and the axes' width
            at this call), with a legend entry "events per week (0-k)". Each event adds a
            weight of 1: an event dated to the day to its day's bin, a fuzzy one split
            evenly over the days from its earliest to its latest (an open end stops at the
            edge of the view), so the weights of a strip add up to its number of events,
            less what a *window* cuts off (:attr:`TimelineLayout.density`). The 60 events
            of highest priority (ties spread over time) keep their markers and are offered
            labels; the others' labels are reported as dropped and counted by one ``+k``
            under the lane's name. Periods in force are drawn as usual.
        kinds: The kinds of event to draw (names as in :data:`KIND_STYLES`'s keys, or the
            events' ``kind``). The default, ``"auto"``, draws the kinds the lanes show best,
            :data:`DEFAULT_KINDS` (releases, hardware, IPOs and export controls), when the
            events hold any of them, and every kind otherwise; ``"all"`` draws every kind.
        **kwargs: Passed to the marker collections (for example ``alpha``, ``zorder``).

    Returns:
        The axes drawn on; :func:`layout` returns where the labels went.

    Raises:
        PlotError: An option is out of range or a lane key is not an attribute name.
    """
    kinds = _checked(max_levels, max_lanes, density, _to_kinds(kinds), theme)
    threshold = _density_threshold(density)
    ax = _axes(ax)
    th = _theme(theme)
    offset = _date_offset()
    span = _window(None if isinstance(window, str) else window, offset)
    events = _in_window(_of_kinds(tuple(tl), kinds), span, offset)
    marks = _Marks(events, offset)
    band_list = _bands(events) if bands else []
    refs = _references(reference, today, events, offset)
    banded = {e.id for e, _ in band_list}
    free = ~np.fromiter((e.id in banded for e in events), dtype=bool, count=len(events))
    lo, hi = _view(marks, (band_list, refs, free), span, offset, auto=window == "auto")
    anchors = marks.anchors(lo, hi)

    order, lane_index = _lane_indices(events, lanes, lane_order, max_lanes)
    sizes = _sizes()
    prio_fn = _focus(_priority_fn(priority), focus)
    label_fn = _label_fn(label)
    period_fn = label_fn if label is not None else _period_label
    styles = _kind_styles({_style_key(e) for e in events}, th)

    lane_labels, marked, dense = _lane_table(
        order, lane_index, free, events, anchors, (prio_fn, label_fn), th, threshold
    )
    strips = _density_strips(dense, order, marks, (lo, hi), _axes_width_pt(ax), offset)
    drawn = [_band(e, s, styles, th, period_fn, (lo, hi), offset) for e, s in band_list]
    strip = _strip_items(drawn, band_list, refs, th)

    handles: list[Artist] = []
    if legend and events:
        in_view = (anchors >= lo) & (anchors <= hi)
        handles = _legend_handles(
            events, marks, styles, band_list, th, (marked != _HIDDEN) & in_view
        )
        if strips:
            handles.append(_density_key(strips, th))
    ncols, _ = _legend_shape(handles, sizes, _axes_width_pt(ax))
    _style_axes(ax, th, theme_given=theme is not None)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0.0, 1.0)
    parts = _Parts(ax, lane_index)
    provisional = [1.0 - (k + 1) / (len(order) + 1) for k in range(len(order))]
    if shade:
        _draw_bands(ax, drawn, parts)
    _draw_references(ax, refs, th, parts)
    _draw_lanes(ax, order, provisional, th, parts)
    _draw_density(ax, strips, th, parts)
    _draw_marks(ax, events, marks, anchors, (provisional, marked), styles, th, parts, kwargs)
    half = _strip_half(sizes) * _root(ax).dpi / 72.0 / max(float(ax.bbox.height), 1.0)
    parts.apply(provisional, 1.0, 0.0, [1.0] * len(drawn), half)
    artist = _TimelineLabels(
        lane_labels,
        strip,
        parts,
        sizes,
        th,
        max_levels=max_levels,
        merge=merge,
        lane_names=tuple(order),
        density=tuple(s for _, s in strips),
    )
    viewer = _Viewer(
        ax, parts, (dense, order, marks), (band_list, strip, styles, th), period_fn, offset
    )
    _attach(ax, artist, viewer, (lo, hi))
    if handles:
        viewer.key = _density_text(_legend(ax, handles, ncols, th, sizes), handles)
    return ax


def _checked(
    max_levels: int, max_lanes: int, density: object, kinds: tuple[str, ...] | str, theme: object
) -> tuple[str, ...] | str:
    """Check :func:`timeline`'s options with :class:`TimelineOptions`; return *kinds*."""
    options = {
        "max_levels": max_levels,
        "max_lanes": max_lanes,
        "density": density,
        "kinds": kinds,
        "theme": theme,
    }
    check_options(TimelineOptions, "timeline()", options)
    return kinds


DEFAULT_KINDS: Final = ("release", "hardware", "ipo", "export_control")
"""The kinds :func:`timeline` draws by default: one-day events whose short labels read well in
the lanes, and the export controls, whose periods in force are the bars above them. Statements,
policies, milestones, publications, scores, investments, foundings and price changes crowd the
lanes with long labels; pass ``kinds="all"`` (or a list) to draw them."""


def _of_kinds(events: tuple[Event, ...], kinds: Iterable[str] | str) -> tuple[Event, ...]:
    """Return the *events* of the *kinds* asked for (see :func:`timeline`)."""
    if kinds == "all":
        return events
    if kinds == "auto":
        chosen = tuple(e for e in events if e.kind in DEFAULT_KINDS)
        return chosen or events
    wanted = frozenset(kinds)
    return tuple(e for e in events if e.kind in wanted)


def _period_label(event: Event) -> str:
    """Return a period's name in full: its bar's row has room for it (no ellipsis)."""
    return event.title


def _view(
    marks: _Marks,
    extra: tuple[Sequence[tuple[Event, Span]], Sequence[_Reference], npt.NDArray[np.bool_]],
    span: tuple[float | None, float | None],
    offset: float,
    *,
    auto: bool,
) -> tuple[float, float]:
    """Return the x limits: the window given, else the data's span or its dense part."""
    band_list, refs, free = extra
    lo, hi = _x_limits(marks, list(band_list), list(refs), offset)
    lo, hi = (lo if span[0] is None else span[0]), (hi if span[1] is None else span[1])
    return _dense_window(marks, free, refs, (lo, hi)) if auto else (lo, hi)


_DENSE_SHARE: Final = 0.8
"""The share of point events the automatic window holds."""
_DENSE_MIN: Final = 20
"""Below this many point events the automatic window is the whole span."""


def _dense_window(
    marks: _Marks,
    free: npt.NDArray[np.bool_],
    refs: Sequence[_Reference],
    full: tuple[float, float],
) -> tuple[float, float]:
    """Return the automatic view: the shortest span holding 80 % of the point events.

    Events that are periods in force (not *free*) do not count (a ban's start years before the story
    would stretch it); the span is padded by 3 % each side, widened to every reference line
    and kept within *full*.
    """
    xs = np.sort(marks.anchors(*full)[np.isfinite(marks.lo) & free])
    if len(xs) < _DENSE_MIN:
        return full
    k = math.ceil(_DENSE_SHARE * len(xs))
    widths = xs[k - 1 :] - xs[: len(xs) - k + 1]
    i = int(np.argmin(widths))
    lo, hi = float(xs[i]), float(xs[i + k - 1])
    for r in refs:
        lo, hi = min(lo, r.x), max(hi, r.x)
    pad = 0.03 * max(hi - lo, 30.0)
    return max(full[0], lo - pad), min(full[1], hi + pad)


def _density_text(legend: Legend, handles: list[Artist]) -> Text | None:
    """Return the legend's text of the density strips' entry, or None without one."""
    keys = [t for h, t in zip(handles, legend.texts, strict=True) if isinstance(h, _DensityKey)]
    return keys[0] if keys else None


def _focus(prio_fn: Callable[[Event], float], focus: Iterable[str]) -> Callable[[Event], float]:
    """Return *prio_fn* raised by 10 for events with any of the *focus* tags."""
    tags = frozenset(focus)
    if not tags:
        return prio_fn

    def raised(event: Event) -> float:
        return prio_fn(event) + (10.0 if tags & set(event.tags) else 0.0)

    return raised


def _attach(ax: Axes, artist: _TimelineLabels, viewer: _Viewer, view: tuple[float, float]) -> None:
    """Add the label artist to *ax*; have the parts ask it for the layout, and it *viewer*."""

    def on_view(lo: float, hi: float) -> None:
        viewer(lo, hi)
        if viewer.strips:
            artist.density = viewer.strips

    artist.on_view = on_view
    artist.seen_view(*view)
    ax.add_artist(artist)
    artist.parts.follow(artist.refresh)


def _lane_indices(
    events: Sequence[Event], lanes: LaneKey, lane_order: Sequence[str] | None, max_lanes: int
) -> tuple[list[str], npt.NDArray[np.int64]]:
    """Return the lanes top to bottom and the index of each event's lane."""
    lane_of = _lane_fn(lanes)
    names = [lane_of(e) for e in events]
    order, mapping = _lane_order(names, lane_order, max_lanes)
    position = {n: order.index(mapping[n]) for n in mapping}
    index = np.fromiter((position[n] for n in names), dtype=np.int64, count=len(names))
    return order, index


def _lane_table(
    order: Sequence[str],
    lane_index: npt.NDArray[np.int64],
    free: npt.NDArray[np.bool_],
    events: Sequence[Event],
    anchors: npt.NDArray[np.float64],
    fns: tuple[Callable[[Event], float], Callable[[Event], str]],
    theme: Theme,
    threshold: float,
) -> tuple[list[_Lane], npt.NDArray[np.int8], list[tuple[int, npt.NDArray[np.intp]]]]:
    """Return each lane's label data, how each event is marked, and the dense lanes.

    A lane with more than *threshold* events that are *free* (not periods in force) is dense:
    drawn as a density strip, its events without markers (:data:`_HIDDEN`) except those
    offered a label, which are marked while their label is drawn (:data:`_IF_LABELLED`).
    """
    prio_fn, label_fn = fns
    lanes: list[_Lane] = []
    marked = np.full(len(events), _SHOWN, dtype=np.int8)
    dense: list[tuple[int, npt.NDArray[np.intp]]] = []
    for k, name in enumerate(order):
        members = np.flatnonzero((lane_index == k) & free)
        if len(members) > threshold:
            lane, offered = _dense_lane(name, members, events, anchors, prio_fn, label_fn, theme)
            marked[members] = _HIDDEN
            marked[offered] = _IF_LABELLED
            dense.append((k, members))
        else:
            lane = _lane_labels(name, members.tolist(), events, anchors, prio_fn, label_fn, theme)
        lanes.append(lane)
    return lanes, marked, dense


def _labels_artist(ax: Axes) -> _TimelineLabels | None:
    """Return the label artist :func:`timeline` added to *ax*, or None."""
    found = [a for a in ax.get_children() if isinstance(a, _TimelineLabels)]
    return found[-1] if found else None


def layout(ax: Axes) -> TimelineLayout:
    """Return where the labels of the timeline on *ax* went, and which were dropped.

    The layout depends on the figure's size and dpi, so it is computed when the figure is
    drawn; if *ax* has not been drawn since it changed, this draws it (without rendering).

    Args:
        ax: Axes that :func:`timeline` drew on.

    Returns:
        The labels placed (with their boxes in display pixels), the ids dropped and the
        ``+k`` markers.

    Raises:
        PlotError: *ax* holds no timeline.
    """
    artist = _labels_artist(ax)
    if artist is None:
        msg = "ax holds no timeline; draw one with plot.timeline(tl, ax=ax) first"
        raise PlotError(msg)
    if artist.last is None or artist.stale:
        _root(ax).draw_without_rendering()
    artist.refresh()
    assert artist.last is not None  # noqa: S101 - refresh() always sets it
    return artist.last
