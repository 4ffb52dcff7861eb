"""The timeline's labels are real matplotlib artists, and its layout follows the view.

Laws checked here, through public matplotlib APIs only (``findobj``, ``get_children``,
``set``, ``savefig``, ``set_xlim``):

* every label the layout reports is a visible :class:`~matplotlib.text.Text` that
  ``fig.findobj(Text)`` finds, built once and moved, never rebuilt, by later draws;
* a label restyled with ``set()`` keeps its style through later draws and re-layouts;
* ``bbox_inches="tight"`` and ``Figure.get_tightbbox`` include every label;
* no artist of the timeline draws before the others to move them (no negative zorder);
* changing the view limits and drawing again lays the labels out for the new view (only
  events in view are labelled, still without overlaps) and re-bins density strips for it.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Sequence
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from aitimeline import ExportControl, Release, Timeline, _report, plot
from aitimeline.datasets import ai_race


def _figure(width: float = 12.0, height: float = 6.0) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _renderer(fig: Figure) -> RendererAgg:
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]  # untyped in matplotlib
    assert isinstance(renderer, RendererAgg)
    return renderer


def _overlaps(texts: Sequence[Text], renderer: RendererAgg) -> list[tuple[str, str]]:
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    return [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes, 2)
        if p.x0 < q.x1 and q.x0 < p.x1 and p.y0 < q.y1 and q.y0 < p.y1
    ]


def _crowd(n: int, days: int = 3 * 365) -> Timeline:
    """Return *n* day-precise releases spread evenly over *days*, in two countries."""
    start = dt.date(2022, 1, 1).toordinal()
    return Timeline(
        Release(
            id=f"r{i}",
            when=dt.date.fromordinal(start + i * days // n).isoformat(),
            title=f"Model {i}",
            model=f"Model {i}",
            country="US" if i % 2 else "CN",
        )
        for i in range(n)
    )


def test_every_label_is_a_text_that_findobj_finds() -> None:
    """Each placed label is a visible Text that fig.findobj(Text) finds, with its text."""
    fig, ax = _figure()
    plot.timeline(ai_race(), ax=ax)
    result = plot.layout(ax)
    found = {id(t) for t in fig.findobj(Text)}
    assert result.labels
    for placed in result.labels:
        text = result.text(placed.id)
        assert text is not None
        assert id(text) in found
        assert text.get_visible()
        assert placed.text == text.get_text()
    assert all(id(t) in found for t in result.texts)


def _label_texts(fig: Figure) -> dict[str, int]:
    """Return the id() of each label text by gid (labels and period names)."""
    return {
        gid: id(t)
        for t in fig.findobj(Text)
        if (gid := t.get_gid()) is not None and gid.startswith(("label-", "period-"))
    }


def test_texts_are_built_once_and_moved() -> None:
    """A label's Text is made the first time it is placed, then kept and moved, not rebuilt."""
    fig, ax = _figure()
    plot.timeline(ai_race(), ax=ax)
    first = plot.layout(ax)
    before = _label_texts(fig)
    assert {f"label-{p.id}" for p in first.labels if p.lane != "periods"} <= set(before)
    fig.set_size_inches(9, 7)
    fig.canvas.draw()
    second = plot.layout(ax)
    after = _label_texts(fig)
    assert before.items() <= after.items()  # the same objects under the same gids
    common = {p.id for p in first.labels} & {p.id for p in second.labels}
    assert common
    for event_id in common:
        assert first.text(event_id) is second.text(event_id)


def test_restyled_labels_keep_their_style_through_a_relayout() -> None:
    """A label restyled with set() keeps colour and weight after a re-layout."""
    fig, ax = _figure()
    plot.timeline(ai_race(), ax=ax)
    result = plot.layout(ax)
    chosen = result.labels[0].id
    text = result.text(chosen)
    assert text is not None
    text.set(color="#FF00FF", fontweight="bold")
    fig.set_size_inches(14, 7)
    fig.canvas.draw()
    again = plot.layout(ax).text(chosen)
    assert again is text
    assert "#ff00ff" == to_hex(text.get_color())
    assert "bold" == text.get_fontweight()


def test_tight_bounding_box_includes_every_label() -> None:
    """The figure's tight bounding box holds every label drawn."""
    fig, ax = _figure()
    plot.timeline(ai_race(), ax=ax)
    fig.canvas.draw()
    renderer = _renderer(fig)
    tight = fig.get_tightbbox(renderer)
    assert tight is not None
    shown = [t.get_window_extent(renderer) for t in plot.layout(ax).texts]
    inches = Bbox.union(shown).transformed(fig.dpi_scale_trans.inverted())
    assert tight.x0 <= inches.x0 + 1e-6
    assert inches.x1 <= tight.x1 + 1e-6
    assert tight.y0 <= inches.y0 + 1e-6
    assert inches.y1 <= tight.y1 + 1e-6
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_no_part_of_a_timeline_draws_early_to_move_the_others() -> None:
    """No planner artist sits below everything to move the other artists mid-draw."""
    _, ax = _figure()
    plot.timeline(ai_race(), ax=ax)
    assert all(child.get_zorder() >= 0 for child in ax.get_children())


def test_zoom_lays_the_labels_out_for_the_new_view() -> None:
    """After set_xlim and a redraw, only events in view are labelled, without overlaps."""
    fig, ax = _figure()
    plot.timeline(_crowd(600), ax=ax)
    fig.canvas.draw()
    full = plot.layout(ax)
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo + 0.45 * (hi - lo), lo + 0.55 * (hi - lo))
    fig.canvas.draw()
    zoomed = plot.layout(ax)
    x0, x1 = ax.bbox.x0, ax.bbox.x1
    assert zoomed.labels
    assert {p.id for p in zoomed.labels} != {p.id for p in full.labels}
    lanes = [p for p in zoomed.labels if p.lane not in {"periods", "lags"}]
    for placed in lanes:
        assert x0 - 1 <= placed.box[0]
        assert placed.box[2] <= x1 + 1
    assert [] == _overlaps(list(zoomed.texts), _renderer(fig))
    in_view = set(zoomed.dropped) | {p.id for p in lanes}
    assert len(in_view) < len(full.dropped) + len(full.labels)


def test_zoom_rebins_density_strips_for_the_visible_range() -> None:
    """A zoomed density strip uses finer bins that cover the new view."""
    fig, ax = _figure()
    plot.timeline(_crowd(2_000), ax=ax, density=True)
    fig.canvas.draw()
    (before, *_) = plot.layout(ax).density
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo + 0.45 * (hi - lo), lo + 0.50 * (hi - lo))
    fig.canvas.draw()
    (after, *_) = plot.layout(ax).density
    assert before.unit != after.unit
    edges = np.asarray(after.edges)
    assert edges[0] <= ax.get_xlim()[0] + 1e-9
    assert ax.get_xlim()[1] - 1e-9 <= edges[-1]
    assert len(edges) - 1 == len(after.weights)
    assert after.total < before.total


def _density_entry(ax: Axes) -> str:
    """Return the legend's entry for the density strips ("events per week (0-12)")."""
    legend = ax.get_legend()
    assert legend is not None
    (entry,) = [t.get_text() for t in legend.get_texts() if t.get_text().startswith("events per")]
    return entry


def _density_norms(fig: Figure) -> set[tuple[float, float]]:
    """Return the colour ranges of the density strips' collections."""
    strips = fig.findobj(lambda a: (a.get_gid() or "").startswith("aitimeline-density-"))
    assert strips
    return {c.get_clim() for c in strips if isinstance(c, PolyCollection)}


def test_zoom_updates_the_density_legend_and_colour_scale() -> None:
    """After a zoom, the density legend names the new bin and range, as the colours use it."""
    fig, ax = _figure()
    plot.timeline(_crowd(2_000), ax=ax, density=True)
    fig.canvas.draw()
    before = _density_entry(ax)
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo + 0.45 * (hi - lo), lo + 0.50 * (hi - lo))
    fig.canvas.draw()
    after = _density_entry(ax)
    strips = plot.layout(ax).density
    peak = max(s.peak for s in strips)
    assert before != after
    assert after.startswith(f"events per {strips[0].unit} (0\N{EN DASH}")
    assert after.endswith(f"{peak:,.0f})" if peak >= 10 or peak == round(peak) else ")")
    assert {(0.0, peak)} == _density_norms(fig)
    ax.set_xlim(lo, hi)  # and back
    fig.canvas.draw()
    assert before == _density_entry(ax)


def test_plus_markers_list_their_hidden_labels_in_the_svg_title(tmp_path: Path) -> None:
    """Each "+k" in SVG is a group whose <title> names the k labels it hides."""
    fig = Figure(figsize=(8, 4), dpi=72)  # the dpi SVG is drawn at: the same layout
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    plot.timeline(_crowd(120), ax=ax, window="all")
    path = plot.save(fig, tmp_path / "crowd.svg")
    result = plot.layout(ax)
    markers = list(result.merged)
    assert markers
    svg = path.read_text(encoding="utf-8")
    titles = re.findall(r'<g class="aitimeline-more"><title>([^<]*)</title>', svg)
    assert len(markers) == len(titles)
    labels = {f"r{i}": f"Model {i}" for i in range(120)}
    for marker, title in zip(markers, titles, strict=True):
        count = len(marker.ids)
        assert title.startswith(f"{count} more label{'s' if count != 1 else ''} hidden here: ")
        assert {labels[i] for i in marker.ids} == set(title.split(": ", 1)[1].split("; "))


def _leaders(fig: Figure) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Return the timeline's leader lines (stems and ``+k more`` brackets) in pixels."""
    (lines,) = fig.findobj(lambda a: a.get_gid() == "aitimeline-leaders")
    assert isinstance(lines, LineCollection)
    return [((float(a), float(b)), (float(c), float(d))) for (a, b), (c, d) in lines.get_segments()]


def test_plus_markers_say_what_they_count_and_join_their_cluster() -> None:
    """A "+k more" marker is joined by a line to a bracket over the marks of what it hides.

    The bracket runs from the first to the last hidden label's date, and a line runs from
    the bracket to the marker's edge that faces the lane (always on the first row; higher
    up only where it crosses no label, which test_no_leader_or_bracket_enters_a_label checks).
    """
    fig, ax = _figure(8, 4)
    tl = _crowd(120)
    plot.timeline(tl, ax=ax, window="all", max_levels=4)
    fig.canvas.draw()
    result = plot.layout(ax)
    when = {e.id: e.when.earliest for e in tl}
    segments = _leaders(fig)
    markers = [m for m in result.merged if m.level >= 0]
    assert markers
    for m in markers:
        assert f"+{len(m.ids)} more" == m.text
        x0, y0, x1, y1 = m.box
        days = sorted(mdates.date2num(when[i]) for i in m.ids)  # type: ignore[no-untyped-call]  # untyped in matplotlib
        lo, hi = (float(ax.transData.transform((d, 0))[0]) for d in (days[0], days[-1]))
        ends = [s for s in segments if x0 - 1 <= s[1][0] <= x1 + 1 and s[1][1] in (y0, y1)]
        assert ends or m.level > 0, f"no line reaches the marker {m.text} at {m.box}"
        if len(m.ids) > 1:
            spans = [(a[0], b[0]) for a, b in segments if a[1] == b[1] and a[0] < b[0]]
            assert any(abs(a - lo) <= 2 and abs(b - hi) <= 2 for a, b in spans), (m.text, lo, hi)


def test_a_long_label_is_written_whole_on_two_lines() -> None:
    """A label too long for one line is never cut: it is drawn whole, on two lines."""
    title = "BIS rescinds the AI Diffusion Rule and issues guidance on Huawei Ascend chips"
    events = [
        ExportControl(
            id="rescind", when="2025-05-13", title=title, country="US", issuer="BIS", action="lift"
        ),
        Release(id="o3", when="2025-04-16", title="o3", model="o3", country="US"),
    ]
    fig, ax = _figure(12, 5)
    plot.timeline(Timeline(events), ax=ax, window="all", bands=False)
    fig.canvas.draw()
    result = plot.layout(ax)
    text = result.text("rescind")
    assert text is not None
    assert text.get_visible()
    assert title == " ".join(text.get_text().split())
    assert 2 == len(text.get_text().split("\n"))
    label = result.label("rescind")
    assert label is not None
    box = text.get_window_extent(_renderer(fig))
    x0, y0, x1, y1 = label.box
    assert (x0, y0) <= (box.x0, box.y0)
    assert (box.x1, box.y1) <= (x1 + 1e-6, y1 + 1e-6)
    assert [] == _overlaps([t for t in fig.findobj(Text) if t.get_visible()], _renderer(fig))


def test_no_label_of_the_record_is_cut() -> None:
    """No label drawn for the record ends with an ellipsis, however crowded the chart."""
    fig, ax = _figure(8, 4)
    plot.timeline(ai_race(), ax=ax, kinds="all", window="all")
    fig.canvas.draw()
    texts = [t.get_text() for t in fig.findobj(Text) if t.get_visible()]
    assert texts
    assert [] == [t for t in texts if t.rstrip().endswith(("\N{HORIZONTAL ELLIPSIS}", "..."))]


@pytest.mark.parametrize("dpi", [50, 110, 150])
def test_no_leader_or_bracket_enters_a_label(dpi: float) -> None:
    """On the report's timeline, no leader line, "+k more" bracket or line enters a label."""
    fig = _report.timeline_figure(_report.compute_report())
    fig.set_dpi(dpi)
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    result = plot.layout(fig.axes[0])
    boxes = [(p.text, p.box) for p in result.labels] + [(m.text, m.box) for m in result.merged]
    assert any(m.level >= 0 for m in result.merged)
    crossings = [
        (text, segment)
        for segment in _leaders(fig)
        for text, (x0, y0, x1, y1) in boxes
        if min(segment[0][0], segment[1][0]) < x1 - 0.5
        and max(segment[0][0], segment[1][0]) > x0 + 0.5
        and min(segment[0][1], segment[1][1]) < y1 - 0.5
        and max(segment[0][1], segment[1][1]) > y0 + 0.5
    ]
    assert [] == crossings
