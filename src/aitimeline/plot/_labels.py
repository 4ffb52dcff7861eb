"""The label artist of a timeline: plans its height and lays out labels at draw time."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.text import Text
from matplotlib.transforms import Bbox, IdentityTransform

from aitimeline._layout import DensityStrip, Layout, pack
from aitimeline.plot._bands import _BAR_ALPHA, _STRIP_ROWS, _slices, _StripItem
from aitimeline.plot._density import _strip_half
from aitimeline.plot._keys import _Lane
from aitimeline.plot._marks import _MORE_PREFIX, _is_svg
from aitimeline.plot._measure import _block_widths, _line_height, _px, _Sizes, _text_widths
from aitimeline.plot._parts import _Parts
from aitimeline.plot._plan import (
    _best_pack,
    _Bracket,
    _cluster_lines,
    _Frame,
    _more_text,
    _Plan,
    _plan,
    _Rows,
)
from aitimeline.plot._result import MergedLabel, PlacedLabel, TimelineLayout
from aitimeline.plot._style import Theme

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure, SubFigure


_Measured: TypeAlias = tuple[
    npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.float64], float
]
"""A lane's labels in view (their positions in the lane), their anchors and widths in pixels,
and the width of its ``+k`` markers."""


_StripBoxes: TypeAlias = tuple[
    npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]
]
"""Per periods-strip item: its box's left edge and width, and its text's left edge."""


class _TimelineLabels(Artist):
    """The labels of a timeline: their texts, leader lines, period bars and lag brackets.

    Like matplotlib's :class:`~matplotlib.legend.Legend`, it builds its :class:`Text`
    objects once (every label that may be shown, hidden until placed), returns them from
    :meth:`get_children` (so ``fig.findobj(Text)`` finds them and users may restyle them with
    ``set()``), and moves them when it is drawn. The layout follows the figure: it is
    recomputed by :meth:`refresh` whenever the dpi, the axes' box or the view limits change
    (so zooming and panning re-lay out the labels), and the timeline's other parts (marks,
    lanes, shading, lane ticks) read the plan from it when they are drawn.
    """

    def __init__(
        self,
        lanes: list[_Lane],
        strip: list[_StripItem],
        parts: _Parts,
        sizes: _Sizes,
        theme: Theme,
        *,
        max_levels: int,
        merge: bool,
        lane_names: tuple[str, ...],
        density: tuple[DensityStrip, ...] = (),
    ) -> None:
        super().__init__()
        self.density = density
        self.lanes = lanes
        self.strip = strip
        self.parts = parts
        self.sizes = sizes
        self.theme = theme
        self.max_levels = max_levels
        self.merge = merge
        self.lane_names = lane_names
        self.brackets: list[_Bracket] = []
        self.last: TimelineLayout | None = None
        self.plan: _Plan | None = None
        self.on_view: Callable[[float, float], None] | None = None
        self._prop = self._font()
        self._lane_texts: list[dict[int, Text]] = [{} for _ in lanes]
        self._strip_texts = [
            self._new_text(item.text, item.colour, gid=f"period-{item.key}", italic=True)
            for item in strip
        ]
        self._bracket_texts: list[Text] = []
        self._plus: list[Text] = []
        self._texts: list[Text] = []
        self._stems: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._bracket_lines: list[tuple[list[tuple[float, float]], str]] = []
        self._bars: tuple[list[list[tuple[float, float]]], list[Any]] = ([], [])
        self._stem_lines = LineCollection(
            [], colors=theme.muted, linewidths=0.6, alpha=0.7, transform=IdentityTransform()
        )
        self._stem_lines.set_gid("aitimeline-leaders")
        self._bar_polys = PolyCollection(
            [], edgecolors="none", antialiaseds=False, transform=IdentityTransform()
        )
        self._bar_polys.set_gid("aitimeline-period-bars")
        self._bracket_coll = LineCollection([], linewidths=1.1, transform=IdentityTransform())
        self._bracket_coll.set_gid("aitimeline-lag-brackets")
        self._key: tuple[float, ...] | None = None
        self._view: tuple[float, float] | None = None
        self._busy = False
        self._axes_y: tuple[list[float], float, float, list[float], float] = (
            [],
            1.0,
            0.0,
            [],
            0.0,
        )
        self._compact = False
        self._plus_used = 0
        self._tips: list[str] = []
        self.set_zorder(3.0)
        self.set_clip_on(False)  # labels may sit in the margin ("+k" under a lane's name)

    # The artists ----------------------------------------------------------------------------

    def _lane_text(self, k: int, i: int) -> Text:
        """Return the text of label *i* of lane *k*, made the first time it is placed.

        Made once and kept (moved, shown and hidden by later layouts), so a restyled label
        keeps its style; a lane of 10,000 events does not pay for 10,000 texts up front.
        """
        text = self._lane_texts[k].get(i)
        if text is None:
            lane = self.lanes[k]
            text = self._new_text(lane.texts[i], lane.colors[i], gid=f"label-{lane.ids[i]}")
            self._lane_texts[k][i] = text
        return text

    def _new_text(self, label: str, colour: str, *, gid: str | None, italic: bool = False) -> Text:
        """Return a hidden text in display pixels, its lower left corner placed by the layout."""
        text = Text(
            0.0,
            0.0,
            label,
            color=colour,
            fontproperties=self._font(italic=True) if italic else self._prop,
            ha="left",
            va="bottom",
            transform=IdentityTransform(),
            parse_math=False,
            visible=False,
        )
        text.set_gid(gid)
        figure = self.get_figure(root=False)
        if figure is not None:
            text.set_figure(figure)
        return text

    def get_children(self) -> list[Artist]:
        """Return the period bars, leader lines, lag brackets and every label text."""
        texts = [lane[i] for lane in self._lane_texts for i in sorted(lane)]
        return [
            self._bar_polys,
            self._stem_lines,
            self._bracket_coll,
            *texts,
            *self._strip_texts,
            *self._bracket_texts,
            *self._plus,
        ]

    def set_figure(self, fig: Figure | SubFigure) -> None:
        """Set the figure of this artist and of every child."""
        super().set_figure(fig)
        for child in self.get_children():
            child.set_figure(fig)

    def add_bracket(self, bracket: _Bracket) -> None:
        """Add a lag bracket and its label text; the next draw makes room for it."""
        at = sum(1 for b in self.brackets if (b.x0, b.x1) <= (bracket.x0, bracket.x1))
        self.brackets.insert(at, bracket)  # in date order: the first row holds the earliest
        gid = "lag-" + "-".join(bracket.ids) if bracket.ids else None
        text = self._new_text(bracket.text, bracket.color, gid=gid)
        text.set_horizontalalignment("center")
        self._bracket_texts.insert(at, text)
        self._key = None
        self.stale = True

    def _show(self, text: Text, x: float, y: float) -> None:
        """Show *text* with its lower left corner (its box's, less padding) at (x, y) pixels."""
        text.set_position((x, y))
        text.set_visible(True)
        self._texts.append(text)

    def _more(self, label: str, ids: Sequence[str]) -> Text:
        """Return a ``+k`` text from the pool (grown as needed), its tooltip the hidden labels."""
        if len(self._plus) <= self._plus_used:
            self._plus.append(self._new_text(label, self.theme.muted, gid=None))
        text = self._plus[self._plus_used]
        self._plus_used += 1
        text.set_text(label)
        del self._tips[self._plus_used - 1 :]
        self._tips.append(_MORE_PREFIX + urllib.parse.quote("\n".join(ids)))
        return text

    # The layout ------------------------------------------------------------------------------

    def _font(self, *, italic: bool = False) -> FontProperties:
        return FontProperties(size=self.sizes.label, style="italic" if italic else "normal")

    def _frame(self, px: float, renderer: RendererBase | None) -> _Frame:
        """Return what this layout measures once: sizes in pixels, the room, date to pixel.

        A legend inside the axes (at the top) is kept clear of.
        """
        axes = self.axes
        assert axes is not None  # noqa: S101 - set by add_artist before any draw
        s = self.sizes
        row = _line_height(findfont(self._font()), s.label, 72.0 * px) + 2 * s.pad * px
        bbox = axes.bbox
        top = float(bbox.y1) - s.margin * px
        legend = axes.get_legend()
        if legend is not None and legend.get_visible():
            box = legend.get_window_extent(renderer)
            if box.y0 >= bbox.y0 and box.y0 < top:  # inside the axes: stay below it
                top = float(box.y0) - s.margin * px
        return _Frame(
            px=px,
            row=row,
            pitch=row + s.row_gap * px,
            box=(float(bbox.x0), float(bbox.y0), float(bbox.x1), float(bbox.y1)),
            top=top,
            bottom=float(bbox.y0) + s.margin * px,
            transform=axes.transData,
        )

    def _lay_lane(self, f: _Frame, k: int, measured: _Measured, levels: int) -> Layout:
        """Lay out lane *k* on at most *levels* rows, ``+k`` markers counting what is dropped."""
        s = self.sizes
        sub, anchors, widths, plus = measured
        merge = self.merge and not self.lanes[k].dense  # a strip's drops: one "+k" by its name
        ids = self.lanes[k].ids
        spans = np.array([self.lanes[k].texts[i].count("\n") + 1 for i in sub.tolist()])
        return _best_pack(
            anchors,
            widths,
            spans * f.row + (spans - 1) * s.row_gap * f.px,
            self.lanes[k].priority[sub],
            keys=[ids[i] for i in sub.tolist()],
            max_levels=levels,
            gap=s.gap * f.px,
            row_gap=s.row_gap * f.px,
            bounds=f.bounds,
            stems=True,
            stem_gap=s.stem_gap * f.px,
            merge_size=(plus, f.row) if merge else None,
            merge_all=merge,
            spans=spans,
        )

    def seen_view(self, lo: float, hi: float) -> None:
        """Record that the parts were built for the view ``[lo, hi]`` (no :attr:`on_view`)."""
        self._view = (float(lo), float(hi))

    def refresh(self, renderer: RendererBase | None = None) -> None:
        """Lay the timeline out again if the dpi, the axes' box or the view changed.

        Called when this artist or any part of the timeline is drawn, and by the lane
        ticks; without a *renderer* the figure's dpi gives the size of a point.
        """
        axes = self.axes
        figure = self.get_figure(root=True)
        if axes is None or figure is None or self._busy:
            return
        px = _px(renderer) if renderer is not None else float(figure.dpi) / 72.0
        lo, hi = (float(v) for v in axes.get_xlim())
        key = (round(px, 9), *(float(v) for v in axes.bbox.extents), lo, hi)
        if key == self._key:
            return
        self._busy = True
        try:
            if (lo, hi) != self._view:
                self._view = (lo, hi)
                if self.on_view is not None:
                    self.on_view(lo, hi)
            self.compute(px, renderer)
            self.apply()
            self._key = key
        finally:
            self._busy = False

    def _measure(self, f: _Frame, k: int) -> _Measured:
        """Return lane *k*'s labels in view, their anchors and widths in pixels, a "+k" width.

        A label whose text exists is measured as it now is (its own font and string), so a
        label restyled with ``set()`` still fits.
        """
        s = self.sizes
        lane = self.lanes[k]
        x0, x1 = f.bounds
        anchors = f.to_px(lane.anchors)
        sub = np.flatnonzero((anchors >= x0) & (anchors <= x1))
        widths = _block_widths([lane.texts[i] for i in sub.tolist()], self._prop, f.dpi)
        built = self._lane_texts[k]
        for j, i in enumerate(sub.tolist()):
            text = built.get(i)
            if text is None:
                continue
            prop = text.get_fontproperties()
            if prop != self._prop or text.get_text() != lane.texts[i]:
                widths[j] = _block_widths([text.get_text()], prop, f.dpi)[0]
        plus = float(_text_widths([_more_text(max(len(sub), 9))], self._font(), f.dpi)[0])
        return sub, anchors[sub], widths + 2 * s.pad * f.px, plus + 2 * s.pad * f.px

    def compute(self, px: float, renderer: RendererBase | None = None) -> None:
        """Plan the height and lay out every label for *px* pixels a point; move the texts."""
        f = self._frame(px, renderer)
        s = self.sizes
        measured = [self._measure(f, k) for k in range(len(self.lanes))]
        lanes = [self._lay_lane(f, k, m, self.max_levels) for k, m in enumerate(measured)]
        strip_boxes = self._strip_boxes(f, compact=False)
        strip = self._pack_strip(f, strip_boxes, _STRIP_ROWS)
        brackets = self._pack_brackets(f, 6)

        def plan_for(strip_rows: int) -> _Plan:
            return _plan(
                top=f.top,
                bottom=f.bottom,
                levels=[r.levels for r in lanes],
                strip_rows=strip_rows,
                bracket_rows=brackets[0].levels if brackets is not None else 0,
                pitch=f.pitch,
                strip_pitch=f.pitch,
                bracket_pitch=f.pitch + 4 * f.px,
                sizes=s,
                px=f.px,
            )

        plan = plan_for(strip.levels)
        short = plan.strip_rows < strip.levels or any(
            v < r.levels for v, r in zip(plan.levels, lanes, strict=True)
        )
        self._compact = False
        if short and strip.levels > 1:  # short of height: names only, packed tighter, no bars
            compact_boxes = self._strip_boxes(f, compact=True)
            compact = self._pack_strip(f, compact_boxes, _STRIP_ROWS)
            if compact.levels < strip.levels or plan.strip_rows < strip.levels:
                self._compact = True
                strip, strip_boxes = compact, compact_boxes
                plan = plan_for(strip.levels)
        lanes = [
            self._lay_lane(f, k, m, plan.levels[k])
            if plan.levels[k] < lanes[k].levels
            else lanes[k]
            for k, m in enumerate(measured)
        ]
        if plan.strip_rows < strip.levels:
            strip = self._pack_strip(f, strip_boxes, plan.strip_rows)
        if brackets is not None and plan.bracket_rows < brackets[0].levels:
            brackets = self._pack_brackets(f, plan.bracket_rows)
        subs = [(m[0], m[1]) for m in measured]
        self._build(f, plan, list(zip(lanes, subs, strict=True)), (strip, strip_boxes), brackets)

    def _build(
        self,
        f: _Frame,
        plan: _Plan,
        lanes: list[tuple[Layout, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]]],
        strip: tuple[Layout, _StripBoxes],
        brackets: tuple[Layout, npt.NDArray[np.float64]] | None,
    ) -> None:
        """Turn the layouts into texts, lines and bars where *plan* puts them; record it all."""
        self.plan = plan
        for text in self._texts:
            text.set_visible(False)
        self._texts, self._stems, self._bracket_lines = [], [], []
        self._plus_used = 0
        placed: list[PlacedLabel] = []
        merged: list[MergedLabel] = []
        dropped: list[str] = []
        outside: list[str] = []
        for k, (_, (in_view, _)) in enumerate(lanes):
            hidden = np.ones(len(self.lanes[k].ids), dtype=bool)
            hidden[in_view] = False
            outside.extend(self.lanes[k].ids[i] for i in np.flatnonzero(hidden).tolist())
        starts = self._draw_strip(f, strip, plan, placed, merged, dropped)
        for k, (result, lane_view) in enumerate(lanes):
            rows = _Rows(plan.bases[k], self.sizes.offset * f.px, plan.pitch, f.row, up=k == 0)
            self._draw_lane(k, result, lane_view, rows, f.px, (placed, merged, dropped))
        if brackets is not None:
            self._draw_brackets(f, brackets, plan.bracket_top, placed, dropped)
        _, y0, _, y1 = f.box
        height = (y1 - y0) or 1.0
        self._axes_y = (
            [(b - y0) / height for b in plan.bases],
            (plan.strip_top - y0) / height,
            (plan.lanes_bottom - y0) / height,
            [(t - y0) / height for t in starts],
            _strip_half(self.sizes) * f.px / height,
        )
        self.last = TimelineLayout(
            labels=placed,
            dropped=dropped,
            merged=merged,
            lanes=self.lane_names,
            baselines=plan.bases,
            density=self.density,
            outside=outside,
            texts=self._texts,
        )
        self._stem_lines.set_segments(self._stems)
        self._bracket_coll.set_segments([seg for seg, _ in self._bracket_lines])
        self._bracket_coll.set_color([c for _, c in self._bracket_lines])
        polys, colours = self._bars
        self._bar_polys.set_verts(polys)
        self._bar_polys.set_facecolor(colours)

    def apply(self) -> None:
        """Move the marks, lanes and shading to where the last :meth:`compute` planned them."""
        axes = self.axes
        if axes is None or self.plan is None:
            return
        bases, top, bottom, starts, half = self._axes_y
        self.parts.apply(bases, top, bottom, starts, half)
        if self.parts.optional and self.last is not None:
            self.parts.reveal({p.id for p in self.last.labels})

    # Lanes -----------------------------------------------------------------------------------

    def _draw_lane(
        self,
        k: int,
        result: Layout,
        in_view: tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]],
        rows: _Rows,
        px: float,
        out: tuple[list[PlacedLabel], list[MergedLabel], list[str]],
    ) -> None:
        """Show one lane's labels, ``+k more`` markers and leader lines.

        *in_view* holds the lane's labels in view (their positions in the lane) and their
        anchors in pixels. A marker is joined to the cluster it counts: a bracket over the
        marks of its hidden labels, and a line from the bracket up to the marker.
        """
        placed, merged, dropped = out
        sub, xs = in_view
        lane = self.lanes[k]
        pad = self.sizes.pad * px
        text_of = {i: " ".join(t.split()) for i, t in zip(lane.ids, lane.texts, strict=True)}
        reach = max(self.sizes.marker / 2, _strip_half(self.sizes) if lane.dense else 0.0)
        clearance = (reach + 1) * px
        stem_from = rows.base + (clearance if rows.up else -clearance)
        for p in result.placements:
            i = int(sub[p.index])
            y0 = rows.bottom(p.level if rows.up else p.level + p.span - 1)
            text = self._lane_text(k, i)
            placed.append(
                PlacedLabel(
                    p.key,
                    lane.name,
                    text.get_text(),
                    p.level,
                    (p.x, y0, p.right, y0 + p.height),
                )
            )
            self._show(text, p.x + pad, y0 + pad)
            self._stems.append(((p.anchor, stem_from), (p.anchor, rows.near(p.level))))
        counted: set[str] = set()
        boxes = [(b.x, b.right, b.level) for b in result.placements]
        boxes += [(b.x, b.right, b.level) for b in result.merged]
        for m in result.merged:
            y0 = rows.bottom(m.level)
            label = _more_text(len(m.keys))
            merged.append(
                MergedLabel(m.keys, lane.name, label, m.level, (m.x, y0, m.right, y0 + m.height))
            )
            more = self._more(label, [text_of.get(key, key) for key in m.keys])
            self._show(more, m.x + pad, y0 + pad)
            counted.update(m.keys)
            below = [(x0, x1) for x0, x1, level in boxes if level < m.level]
            lines = _cluster_lines(xs[list(m.members)], m, rows, stem_from, px, below)
            self._stems.extend(lines)
        dropped.extend(result.dropped_keys)
        dropped.extend(lane.extra)
        if not self.merge:
            return
        homeless = tuple(key for key in (*result.dropped_keys, *lane.extra) if key not in counted)
        if homeless:  # no marker fitted anywhere in the lane, or a strip's: under its name
            row = rows.row
            labels = [text_of.get(key, key) for key in homeless]
            merged.append(
                self._count(lane.name, (homeless, labels), rows.base - row / 2 - 1 * px, px)
            )

    def _count(
        self, name: str, hidden: tuple[tuple[str, ...], Sequence[str]], top: float, px: float
    ) -> MergedLabel:
        """Add a ``+k`` left of the axes, its top at *top*, for labels no marker counts.

        For a lane it goes under the lane's name; for the periods strip, beside its top row.
        It reads ``+k more`` (``+k more periods`` for the strip), so that it says what it
        counts; its SVG title lists the labels.
        """
        axes = self.axes
        assert axes is not None  # noqa: S101 - set by add_artist
        ids, labels = hidden
        s = self.sizes
        prop = self._font()
        label = _more_text(len(ids)) + (" periods" if name == "periods" else "")
        width = float(_text_widths([label], prop, 72.0 * px)[0]) + 2 * s.pad * px
        row = _line_height(findfont(prop), s.label, 72.0 * px) + 2 * s.pad * px
        right = float(axes.bbox.x0) - 4 * px
        more = self._more(label, labels)
        self._show(more, right - width + s.pad * px, top - row + s.pad * px)
        return MergedLabel(ids, name, label, -1, (right - width, top - row, right, top))

    # The periods strip -----------------------------------------------------------------------

    def _strip_boxes(self, f: _Frame, *, compact: bool) -> _StripBoxes:
        """Return per strip item: its row box's left edge and width, and its text's left edge.

        A band's box runs from its start to its end (a period still in force: to the right
        edge) and holds its name, written right of the start, or left of it when it would
        not fit; a reference line's box holds its label beside the line. *compact* boxes hold
        only the names (no bars are drawn), so bands share rows.
        """
        n = len(self.strip)
        if n == 0:
            empty = np.empty(0)
            return empty, empty, empty
        s = self.sizes
        prop = self._font(italic=True)
        widths = _text_widths([item.text for item in self.strip], prop, f.dpi) + 2 * s.pad * f.px
        xs = f.to_px([item.x for item in self.strip])
        ends = f.to_px([item.band.e_hi if item.band is not None else item.x for item in self.strip])
        nudge = 2 * f.px
        x0, x1 = f.bounds
        right = xs + nudge + widths <= x1
        text_x = np.where(right, xs + nudge, xs - nudge - widths)
        text_x = np.clip(text_x, x0, np.maximum(x1 - widths, x0))
        if compact:
            ends = xs
        left = np.maximum(np.minimum(text_x, xs), x0)
        end = np.minimum(np.maximum(text_x + widths, ends), x1)
        return left, np.maximum(end - left, 0.0), text_x

    def _pack_strip(self, f: _Frame, boxes: _StripBoxes, rows: int) -> Layout:
        """Pack the strip's boxes into rows, each exactly where it is; count the rest as "+k"."""
        left, width, _ = boxes
        s = self.sizes
        prop = self._font(italic=True)
        plus = float(_text_widths([_more_text(max(len(left), 9))], prop, f.dpi)[0])
        plus += 2 * s.pad * f.px
        return pack(
            left,
            width,
            np.full(len(left), f.row),
            np.array([item.priority for item in self.strip], dtype=np.float64),
            keys=[item.key for item in self.strip],
            max_levels=rows,
            gap=s.gap * f.px,
            row_gap=s.row_gap * f.px,
            align="left",
            bounds=f.bounds,
            stems=False,
            merge_size=(plus, f.row) if self.merge else None,
            merge_min=1,
            merge_all=self.merge,
        )

    def _draw_strip(
        self,
        f: _Frame,
        strip: tuple[Layout, _StripBoxes],
        plan: _Plan,
        placed: list[PlacedLabel],
        merged: list[MergedLabel],
        dropped: list[str],
    ) -> list[float]:
        """Add the strip's names and period bars; return the top of each band's start line."""
        result, (_, _, text_x) = strip
        s = self.sizes
        prop = self._font(italic=True)
        widths = _text_widths([item.text for item in self.strip], prop, f.dpi)
        polys: list[list[tuple[float, float]]] = []
        colours: list[Any] = []
        band_top: dict[str, float] = {}
        for p in result.placements:
            item = self.strip[p.index]
            y1 = plan.strip_top - p.level * f.pitch
            y0 = y1 - f.row
            x = float(text_x[p.index])
            w = float(widths[p.index]) + 2 * s.pad * f.px
            placed.append(PlacedLabel(item.key, "periods", item.text, p.level, (x, y0, x + w, y1)))
            self._show(self._strip_texts[p.index], x + s.pad * f.px, y0 + s.pad * f.px)
            if item.band is not None:
                band_top[item.key] = y1
            if item.band is not None and not self._compact:
                runs, fills = _slices([item.band], _BAR_ALPHA)
                for (a, b), fill in zip(runs, fills, strict=True):
                    xa, xb = f.to_px([a, b]).tolist()
                    polys.append([(xa, y0), (xb, y0), (xb, y1), (xa, y1)])
                    colours.append(fill)
        for m in result.merged:
            y1 = plan.strip_top - m.level * f.pitch
            box = (m.x, y1 - f.row, m.right, y1)
            label = _more_text(len(m.keys))
            merged.append(MergedLabel(m.keys, "periods", label, m.level, box))
            more = self._more(label, [self._strip_text(key) for key in m.keys])
            self._show(more, m.x + s.pad * f.px, y1 - f.row + s.pad * f.px)
        dropped.extend(result.dropped_keys)
        counted = {key for m in result.merged for key in m.keys}
        homeless = tuple(key for key in result.dropped_keys if key not in counted)
        if homeless and self.merge:  # no row had room for a marker: count them in the margin
            labels = [self._strip_text(key) for key in homeless]
            merged.append(self._count("periods", (homeless, labels), plan.strip_top, f.px))
        self._bars = (polys, colours)
        return [
            band_top.get(item.key, plan.strip_top) for item in self.strip if item.band is not None
        ]

    # The lag strip ---------------------------------------------------------------------------

    def _pack_brackets(self, f: _Frame, rows: int) -> tuple[Layout, npt.NDArray[np.float64]] | None:
        """Pack the lag brackets (each as wide as its span and its label) into rows.

        Returns:
            The layout and, per bracket, its two ends and middle in pixels; None without any.
        """
        if not self.brackets:
            return None
        s = self.sizes
        x0 = f.to_px([b.x0 for b in self.brackets])
        x1 = f.to_px([b.x1 for b in self.brackets])
        widths = _text_widths([b.text for b in self.brackets], self._font(), f.dpi)
        widths = widths + 2 * s.pad * f.px
        mid = (x0 + x1) / 2
        left = np.maximum(np.minimum(x0, mid - widths / 2), f.bounds[0])
        right = np.minimum(np.maximum(x1, mid + widths / 2), f.bounds[1])
        n = len(self.brackets)
        result = pack(
            left,
            np.maximum(right - left, 0.0),
            np.full(n, f.row + 4 * f.px),
            -np.arange(n, dtype=np.float64),
            keys=[str(i) for i in range(n)],
            max_levels=min(rows, n),
            gap=s.gap * f.px,
            row_gap=s.row_gap * f.px,
            align="left",
            bounds=f.bounds,
            stems=False,
        )
        return result, np.column_stack([x0, x1, mid])

    def _draw_brackets(
        self,
        f: _Frame,
        brackets: tuple[Layout, npt.NDArray[np.float64]],
        top: float,
        placed: list[PlacedLabel],
        dropped: list[str],
    ) -> None:
        """Add each placed bracket's lines and label, its row counted down from *top*."""
        result, ends = brackets
        s = self.sizes
        tick = 4 * f.px
        pitch = f.pitch + tick
        for p in result.placements:
            b = self.brackets[p.index]
            x0, x1, mid = (float(v) for v in ends[p.index])
            y = top - (p.level + 1) * pitch + s.row_gap * f.px
            line_y = y + tick / 2
            for segment in (
                [(x0, line_y + tick / 2), (x0, line_y - tick / 2)],
                [(x0, line_y), (x1, line_y)],
                [(x1, line_y + tick / 2), (x1, line_y - tick / 2)],
            ):
                self._bracket_lines.append((segment, b.color))
            self._show(self._bracket_texts[p.index], mid, y + tick + s.pad * f.px)
            placed.append(
                PlacedLabel(
                    "\N{RIGHTWARDS ARROW}".join(b.ids),
                    "lags",
                    b.text,
                    p.level,
                    (p.x, y, p.right, y + p.height),
                )
            )
        dropped.extend(
            "\N{RIGHTWARDS ARROW}".join(self.brackets[i].ids) or str(i) for i in result.dropped
        )

    # Drawing ---------------------------------------------------------------------------------

    def _strip_text(self, key: str) -> str:
        """Return the text of the periods-strip item *key*."""
        return next((item.text for item in self.strip if item.key == key), key)

    def draw(self, renderer: RendererBase) -> None:
        """Lay out for *renderer* if needed; draw the bars, leader lines, brackets and texts."""
        if not self.get_visible():
            return
        self.refresh(renderer)
        renderer.open_group("aitimeline-labels", gid=self.get_gid())
        for child in (self._bar_polys, self._stem_lines, self._bracket_coll):
            if len(child.get_paths()):
                child.draw(renderer)
        svg = _is_svg(renderer)
        for text, tip in zip(self._plus, self._tips, strict=False):
            text.set_url(tip if svg else None)  # the hidden labels, as a tooltip in SVG only
        for text in self._texts:
            text.draw(renderer)
        for text in self._plus:
            text.set_url(None)
        renderer.close_group("aitimeline-labels")
        self.stale = False

    def get_window_extent(self, renderer: RendererBase | None = None) -> Bbox:
        """Return the box around the texts shown, as laid out for *renderer*."""
        self.refresh(renderer)
        boxes = [t.get_window_extent(renderer) for t in self._texts if t.get_visible()]
        return Bbox.union(boxes) if boxes else Bbox.null()

    def get_tightbbox(self, renderer: RendererBase | None = None) -> Bbox:
        """Return the box around the texts shown (so ``bbox_inches="tight"`` includes them)."""
        return self.get_window_extent(renderer)

    @property
    def texts(self) -> list[Text]:
        """The texts shown by the last layout (labels, ``+k`` markers, period names, lags)."""
        return list(self._texts)

    @property
    def bar_polygons(self) -> list[list[tuple[float, float]]]:
        """The period bars of the strip drawn last, in display pixels."""
        return list(self._bars[0])
