"""The label artist of a timeline: plans its height and lays out labels at draw time."""

from __future__ import annotations

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
from aitimeline.plot._measure import _line_height, _px, _Sizes, _text_widths
from aitimeline.plot._parts import _Parts
from aitimeline.plot._plan import _best_pack, _Bracket, _Frame, _Plan, _plan, _Rows
from aitimeline.plot._result import MergedLabel, PlacedLabel, TimelineLayout
from aitimeline.plot._style import Theme

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase


_Measured: TypeAlias = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], float]
"""A lane's label anchors and widths in pixels, and the width of its ``+k`` markers."""


_StripBoxes: TypeAlias = tuple[
    npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]
]
"""Per periods-strip item: its box's left edge and width, and its text's left edge."""


class _TimelineLabels(Artist):
    """Plans the timeline's height and lays out its labels at draw time, for the renderer."""

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
        self._texts: list[Text] = []
        self._stems: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._bracket_lines: list[tuple[list[tuple[float, float]], str]] = []
        self._bars: tuple[list[list[tuple[float, float]]], list[Any]] = ([], [])
        self._axes_y: tuple[list[float], float, float, list[float], float] = (
            [],
            1.0,
            0.0,
            [],
            0.0,
        )
        self._fresh = False
        self._compact = False
        self._extent = Bbox.null()
        self.set_zorder(3.0)
        self.set_in_layout(False)

    # The layout ------------------------------------------------------------------------------

    def _font(self, *, italic: bool = False) -> FontProperties:
        return FontProperties(size=self.sizes.label, style="italic" if italic else "normal")

    def _frame(self, renderer: RendererBase) -> _Frame:
        """Return what this draw measures once: sizes in pixels, the room, date to pixel."""
        axes = self.axes
        assert axes is not None  # noqa: S101 - set by add_artist before any draw
        px = _px(renderer)
        s = self.sizes
        row = _line_height(findfont(self._font()), s.label, 72.0 * px) + 2 * s.pad * px
        bbox = axes.bbox
        top = float(bbox.y1) - s.margin * px
        legend = axes.get_legend()
        if legend is not None and legend.get_visible():
            top = min(top, float(legend.get_window_extent(renderer).y0) - s.margin * px)
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
        anchors, widths, plus = measured
        merge = self.merge and not self.lanes[k].dense  # a strip's drops: one "+k" by its name
        return _best_pack(
            anchors,
            widths,
            np.full(len(anchors), f.row),
            self.lanes[k].priority,
            keys=self.lanes[k].ids,
            max_levels=levels,
            gap=s.gap * f.px,
            row_gap=s.row_gap * f.px,
            bounds=f.bounds,
            stems=True,
            stem_gap=s.stem_gap * f.px,
            merge_size=(plus, f.row) if merge else None,
            merge_all=merge,
        )

    def compute(self, renderer: RendererBase) -> None:
        """Plan the height and lay out every label for *renderer*; rebuild texts and lines."""
        f = self._frame(renderer)
        s = self.sizes
        prop = self._font()
        measured: list[_Measured] = [
            (
                f.to_px(lane.anchors),
                _text_widths(lane.texts, prop, f.dpi) + 2 * s.pad * f.px,
                float(_text_widths([f"+{max(len(lane.texts), 9)}"], prop, f.dpi)[0])
                + 2 * s.pad * f.px,
            )
            for lane in self.lanes
        ]
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
        self._build(f, plan, lanes, (strip, strip_boxes), brackets)

    def _build(
        self,
        f: _Frame,
        plan: _Plan,
        lanes: list[Layout],
        strip: tuple[Layout, _StripBoxes],
        brackets: tuple[Layout, npt.NDArray[np.float64]] | None,
    ) -> None:
        """Turn the layouts into texts, lines and bars where *plan* puts them; record it all."""
        self.plan = plan
        self._texts, self._stems, self._bracket_lines = [], [], []
        placed: list[PlacedLabel] = []
        merged: list[MergedLabel] = []
        dropped: list[str] = []
        starts = self._draw_strip(f, strip, plan, placed, merged, dropped)
        for k, result in enumerate(lanes):
            rows = _Rows(plan.bases[k], self.sizes.offset * f.px, plan.pitch, f.row, up=k == 0)
            self._draw_lane(k, result, rows, f.px, placed, merged, dropped)
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
        )
        self._fresh = True

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
        rows: _Rows,
        px: float,
        placed: list[PlacedLabel],
        merged: list[MergedLabel],
        dropped: list[str],
    ) -> None:
        """Add one lane's labels, ``+k`` markers and leader lines."""
        lane = self.lanes[k]
        reach = max(self.sizes.marker / 2, _strip_half(self.sizes) if lane.dense else 0.0)
        clearance = (reach + 1) * px
        stem_from = rows.base + (clearance if rows.up else -clearance)
        for p in result.placements:
            y0 = rows.bottom(p.level)
            placed.append(
                PlacedLabel(
                    p.key,
                    lane.name,
                    lane.texts[p.index],
                    p.level,
                    (p.x, y0, p.right, y0 + p.height),
                )
            )
            text = self._make_text(lane.texts[p.index], p.x, y0, px, lane.colors[p.index])
            text.set_gid(f"label-{lane.ids[p.index]}")
            self._texts.append(text)
            self._stems.append(((p.anchor, stem_from), (p.anchor, rows.near(p.level))))
        counted: set[str] = set()
        for m in result.merged:
            y0 = rows.bottom(m.level)
            merged.append(
                MergedLabel(m.keys, lane.name, m.text, m.level, (m.x, y0, m.right, y0 + m.height))
            )
            self._texts.append(self._make_text(m.text, m.x, y0, px, self.theme.muted))
            counted.update(m.keys)
            if m.stem:
                self._stems.append(((m.anchor, stem_from), (m.anchor, rows.near(m.level))))
        dropped.extend(result.dropped_keys)
        dropped.extend(lane.extra)
        if not self.merge:
            return
        homeless = tuple(key for key in (*result.dropped_keys, *lane.extra) if key not in counted)
        if homeless:  # no marker fitted anywhere in the lane, or a strip's: under its name
            row = rows.row
            merged.append(self._count(lane.name, homeless, rows.base - row / 2 - 1 * px, px))

    def _count(self, name: str, ids: tuple[str, ...], top: float, px: float) -> MergedLabel:
        """Add a ``+k`` left of the axes, its top at *top*, for labels no marker counts.

        For a lane it goes under the lane's name; for the periods strip, beside its top row.
        """
        axes = self.axes
        assert axes is not None  # noqa: S101 - set by add_artist
        s = self.sizes
        prop = self._font()
        label = f"+{len(ids)}"
        width = float(_text_widths([label], prop, 72.0 * px)[0]) + 2 * s.pad * px
        row = _line_height(findfont(prop), s.label, 72.0 * px) + 2 * s.pad * px
        right = float(axes.bbox.x0) - 4 * px
        self._texts.append(self._make_text(label, right - width, top - row, px, self.theme.muted))
        return MergedLabel(ids, name, label, -1, (right - width, top - row, right, top))

    def _make_text(
        self, label: str, x: float, y: float, px: float, colour: str, *, italic: bool = False
    ) -> Text:
        """Return a text whose box (with padding) has its lower left corner at (x, y) pixels."""
        return Text(
            x + self.sizes.pad * px,
            y + self.sizes.pad * px,
            label,
            color=colour,
            fontproperties=self._font(italic=italic),
            ha="left",
            va="bottom",
            transform=IdentityTransform(),
            parse_math=False,
        )

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
        plus = float(_text_widths([f"+{max(len(left), 9)}"], prop, f.dpi)[0]) + 2 * s.pad * f.px
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
            self._texts.append(self._make_text(item.text, x, y0, f.px, item.colour, italic=True))
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
            merged.append(MergedLabel(m.keys, "periods", m.text, m.level, box))
            self._texts.append(self._make_text(m.text, m.x, y1 - f.row, f.px, self.theme.muted))
        dropped.extend(result.dropped_keys)
        counted = {key for m in result.merged for key in m.keys}
        homeless = tuple(key for key in result.dropped_keys if key not in counted)
        if homeless and self.merge:  # no row had room for a marker: count them in the margin
            merged.append(self._count("periods", homeless, plan.strip_top, f.px))
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
        prop = self._font()
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
            text = Text(
                mid,
                y + tick + s.pad * f.px,
                b.text,
                color=b.color,
                fontproperties=prop,
                ha="center",
                va="bottom",
                transform=IdentityTransform(),
                parse_math=False,
            )
            text.set_gid("lag-" + "-".join(b.ids) if b.ids else None)
            self._texts.append(text)
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

    def draw(self, renderer: RendererBase) -> None:
        """Draw the period bars, leader lines, brackets and texts laid out for *renderer*."""
        if not self.get_visible():
            return
        if not self._fresh:  # drawn without its planner: lay out, too late to move marks
            self.compute(renderer)
        self._fresh = False
        figure = self.get_figure()
        if figure is None:
            return
        renderer.open_group("aitimeline-labels", gid=self.get_gid())
        polys, colours = self._bars
        if polys:
            bars = PolyCollection(
                polys,
                facecolors=colours,
                edgecolors="none",
                antialiaseds=False,
                transform=IdentityTransform(),
            )
            bars.set_figure(figure)
            bars.draw(renderer)
        if self._stems:
            lines = LineCollection(
                self._stems,
                colors=self.theme.muted,
                linewidths=0.6,
                alpha=0.7,
                transform=IdentityTransform(),
            )
            lines.set_figure(figure)
            lines.draw(renderer)
        if self._bracket_lines:
            brackets = LineCollection(
                [seg for seg, _ in self._bracket_lines],
                colors=[c for _, c in self._bracket_lines],
                linewidths=1.1,
                transform=IdentityTransform(),
            )
            brackets.set_figure(figure)
            brackets.draw(renderer)
        for text in self._texts:
            text.set_figure(figure)
            text.draw(renderer)
        boxes = [Bbox.from_extents(*p.box) for p in self.last.labels] if self.last else []
        self._extent = Bbox.union(boxes) if boxes else Bbox.null()
        renderer.close_group("aitimeline-labels")
        self.stale = False

    def get_window_extent(self, renderer: RendererBase | None = None) -> Bbox:
        """Return the box around the labels drawn last."""
        del renderer
        return self._extent

    @property
    def texts(self) -> list[Text]:
        """The label texts drawn last (labels, ``+k`` markers, period names, lag labels)."""
        return list(self._texts)

    @property
    def bar_polygons(self) -> list[list[tuple[float, float]]]:
        """The period bars of the strip drawn last, in display pixels."""
        return list(self._bars[0])


class _Planner(Artist):
    """Plans a timeline for the renderer before anything else on the axes is drawn.

    It sits below every other artist (lowest zorder), so the marks, lanes, shading and lane
    names it moves are drawn where the plan puts them, in the same draw.
    """

    def __init__(self, labels: _TimelineLabels) -> None:
        super().__init__()
        self.labels = labels
        self.set_zorder(-1000.0)
        self.set_in_layout(False)

    def draw(self, renderer: RendererBase) -> None:
        """Lay the timeline out for *renderer* and move its parts into place."""
        if self.labels.axes is not None and self.labels.get_visible():
            self.labels.compute(renderer)
            self.labels.apply()
        self.stale = False

    def get_window_extent(self, renderer: RendererBase | None = None) -> Bbox:
        """Return an empty box: the planner draws nothing."""
        del renderer
        return Bbox.null()
