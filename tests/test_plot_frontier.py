"""plot.frontier: two frontiers as step lines, the gap, the daily lag and named models.

Checked through public matplotlib APIs (``findobj``, ``get_window_extent``): the lines and
their names, the lag panel (censored days hatched, with the lower bound), one legend, the
year ticks, and the models' names placed where they cross no line and no other label.
"""

from __future__ import annotations

import datetime as dt
import itertools

import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from aitimeline import Event, FrontierLag, Score, Timeline, _report, col, frontier_lag, plot


def _x(day: dt.date) -> float:
    """Return matplotlib's date number of *day* (its days since 1970)."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]  # untyped in matplotlib


def _figure(width: float = 10.0, height: float = 5.0) -> tuple[Figure, Axes]:
    """Return a figure with an Agg canvas and one axes (not registered with pyplot)."""
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _scores() -> Timeline:
    """Return a few ECI scores of US and Chinese models."""
    rows = [
        ("us-a", "2024-01-10", 100.0, "US"),
        ("us-b", "2024-06-01", 120.0, "US"),
        ("cn-a", "2024-03-01", 95.0, "CN"),
        ("cn-b", "2024-09-01", 110.0, "CN"),
        ("cn-c", "2024-12-01", 121.0, "CN"),
    ]
    return Timeline(
        Score(id=i, when=d, title=i, model=i, metric="eci", value=v, country=c)
        for i, d, v, c in rows
    )


def test_frontier_draws_two_steps_a_gap_and_the_daily_lag() -> None:
    """plot.frontier() draws leader and follower step lines, shades the gap, adds the lag."""
    result = _daily()
    fig, ax = _figure()
    assert ax is plot.frontier(result, ax=ax, leader="US", follower="China")
    assert ["US", "China"] == [line.get_label() for line in ax.lines]
    assert any(c.get_label() == "gap" for c in ax.collections)
    twins = [a for a in fig.axes if a is not ax]
    assert 1 == len(twins)
    assert twins[0].collections
    ids = {i for c in fig.findobj(PathCollection) for i in getattr(c, "event_ids", ())}
    assert {"us-a", "us-b", "cn-a", "cn-b", "cn-c"} == ids


def test_frontier_on_a_panel_of_its_own() -> None:
    """lag_ax= puts the daily lag on the axes given; False leaves it out."""
    result = _daily()
    fig = Figure()
    top, bottom = fig.subplots(2, 1, sharex=True)
    plot.frontier(result, ax=top, lag_ax=bottom)
    assert bottom.collections
    assert 2 == len(fig.axes)
    fig2 = Figure()
    ax = fig2.subplots()
    plot.frontier(result, ax=ax, lag_ax=False)
    assert [ax] == fig2.axes


def _daily(scores: Timeline | None = None) -> FrontierLag:
    """Return the daily frontier lag of China to the US, by default of :func:`_scores`.

    With :func:`_scores`, China is censored until September 2024.
    """
    return frontier_lag(
        _scores() if scores is None else scores,
        metric="eci",
        leader=col("country") == "US",
        follower=col("country") == "CN",
        method="daily",
        as_of="2025-01-31",
    )


def test_frontier_shows_censored_days_as_a_hatched_band_with_a_lower_bound() -> None:
    """Censored days get a hatched full-height band, and the lag's lower bound with arrows."""
    result = _daily()
    fig = Figure()
    top, bottom = fig.subplots(2, 1, sharex=True)
    plot.frontier(result, ax=top, lag_ax=bottom)
    censored = [_x(p.day) for p in result.series if p.censored]
    assert censored
    band = next(c for c in bottom.collections if c.get_gid() == "aitimeline-censored")
    assert isinstance(band, PolyCollection)
    assert "///" == band.get_hatch()
    (verts,) = [np.asarray(p.vertices) for p in band.get_paths()]
    assert [censored[0], censored[-1] + 1] == [verts[:, 0].min(), verts[:, 0].max()]
    assert [0.0, 1.0] == [verts[:, 1].min(), verts[:, 1].max()]
    (bound,) = [line for line in bottom.lines if line.get_gid() == "aitimeline-lag-bound"]
    xs, ys = (np.asarray(v, dtype=np.float64) for v in bound.get_data())
    first = _x(dt.date(2024, 1, 10))
    shown = np.isfinite(ys)
    assert xs[shown].tolist() == censored
    assert ys[shown] == pytest.approx((xs[shown] - first) / (365.2425 / 12))
    arrows = [t for t in bottom.texts if t.get_gid() == "aitimeline-lag-bound-arrow"]
    assert 2 == len(arrows)
    legend = bottom.get_legend()
    assert legend is not None
    assert [
        "lag (months)",
        "not yet matched (censored)",
        "lag at least (time since the leader's first record)",
    ] == [t.get_text() for t in legend.get_texts()]
    assert ys[shown].max() <= bottom.get_ylim()[1]


def test_frontier_twin_axis_has_one_legend_on_top() -> None:
    """With the default twin axis, one legend (on the twin, drawn last) names everything."""
    fig, ax = _figure()
    plot.frontier(_daily(), ax=ax, leader="US", follower="China")
    (twin,) = [a for a in fig.axes if a is not ax]
    assert ax.get_legend() is None
    legend = twin.get_legend()
    assert legend is not None
    assert ["US", "China", "gap", "lag (months)", "not yet matched (censored)"] == [
        t.get_text() for t in legend.get_texts()
    ][:5]
    assert legend.get_frame_on()


def test_frontier_dark_theme_colours_both_axes() -> None:
    """theme="dark" colours the frontier panel and the lag panel, and the legend text."""
    fig = Figure()
    top, bottom = fig.subplots(2, 1, sharex=True)
    plot.frontier(_daily(), ax=top, lag_ax=bottom, theme="dark")
    dark = plot.THEMES["dark"]
    assert [dark.background.lower()] * 2 == [to_hex(a.get_facecolor()) for a in (top, bottom)]
    legend = top.get_legend()
    assert legend is not None
    assert {dark.foreground.lower()} == {to_hex(t.get_color()) for t in legend.get_texts()}


def test_frontier_panels_share_one_frame_style() -> None:
    """The lag panel hides the same spines as the frontier panel: no lone right spine."""
    fig = Figure()
    top, bottom = fig.subplots(2, 1, sharex=True)
    plot.frontier(_daily(), ax=top, lag_ax=bottom)
    for ax in (top, bottom):
        assert {"left": True, "bottom": True, "top": False, "right": False} == {
            side: spine.get_visible() for side, spine in ax.spines.items()
        }


def test_frontier_date_axis_names_the_first_year() -> None:
    """The frontier's first date tick in view names its year."""
    fig, ax = _figure()
    plot.frontier(_daily(), ax=ax, lag_ax=False)
    fig.canvas.draw()
    lo, hi = ax.get_xlim()
    shown = [
        t.get_text()
        for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
        if lo <= x <= hi and t.get_text()
    ]
    assert "2024" in shown[0]
    assert shown[0] != "2024"


def test_frontier_names_lines_at_their_ends_ticks_years_and_annotates() -> None:
    """Series names sit right of the last point; yearly ticks over long spans; models named."""
    scores = Timeline(
        [
            _score("us-a", "2022-01-10", 100.0, "US", "Alpha"),
            _score("us-b", "2023-05-01", 120.0, "US", "Beta"),
            _score("us-c", "2024-11-01", 140.0, "US", "Gamma"),
            _score("cn-a", "2022-09-01", 95.0, "CN", "Delta"),
            _score("cn-b", "2024-03-01", 118.0, "CN", "Epsilon"),
        ]
    )
    result = _daily(scores)
    fig, ax = _figure()
    plot.frontier(result, ax=ax, lag_ax=False, leader="US", follower="China", annotate=["cn-b"])
    fig.canvas.draw()
    ends = [t for t in ax.texts if t.get_gid() == "aitimeline-series-label"]
    assert ["China", "US"] == [t.get_text() for t in ends]
    right = ax.get_window_extent().x1
    assert all(t.get_window_extent().x0 >= right - 1 for t in ends)
    legend = ax.get_legend()
    assert legend is not None
    assert ["gap"] == [t.get_text() for t in legend.get_texts()]
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels
    assert all(len(label) == 4 and label.isdigit() for label in labels)
    named = [t.get_text() for t in fig.findobj(Text) if _is_note(t)]
    assert ["Epsilon"] == named


def _is_note(artist: object) -> bool:
    """Tell whether *artist* is a model's name placed by plot.frontier."""
    return isinstance(artist, Text) and (artist.get_gid() or "").startswith("aitimeline-model-")


def _step_boxes(ax: Axes) -> list[Bbox]:
    """Return each segment of the axes' step lines (drawn "steps-post") as a box in pixels."""
    boxes: list[Bbox] = []
    for line in ax.get_lines():
        xy = ax.transData.transform(np.asarray(line.get_xydata(), dtype=np.float64))
        xy = xy[np.isfinite(xy).all(axis=1)]
        for (x0, y0), (x1, y1) in itertools.pairwise(xy.tolist()):
            boxes.append(Bbox([[x0, y0], [x1, y0]]))  # along, then up or down
            boxes.append(Bbox([[x1, min(y0, y1)], [x1, max(y0, y1)]]))
    return boxes


def test_frontier_model_names_cross_no_line_and_no_label() -> None:
    """In the report's ECI chart, no model name (measured) touches a line or another label."""
    fig = _report.eci_figure(_report.compute_report())
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    ax = fig.axes[0]
    notes = [t for t in fig.findobj(_is_note) if isinstance(t, Text) and t.get_visible()]
    assert len(notes) >= 3
    boxes = [t.get_window_extent() for t in notes]
    assert all(ax.bbox.contains(b.x0, b.y0) and ax.bbox.contains(b.x1, b.y1) for b in boxes)
    lines = _step_boxes(ax)
    assert [] == [
        (t.get_text(), line.bounds)
        for t, box in zip(notes, boxes, strict=True)
        for line in lines
        if box.overlaps(line)
    ]
    others = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text() and t not in notes]
    assert [] == [
        (t.get_text(), o.get_text())
        for t, box in zip(notes, boxes, strict=True)
        for o in others
        if box.overlaps(o.get_window_extent())
    ]
    assert not any(x.overlaps(y) for x, y in itertools.combinations(boxes, 2))


def _score(event_id: str, when: str, value: float, country: str, model: str) -> Event:
    """Return an ECI score of *model*."""
    return Score(
        id=event_id,
        when=when,
        title=f"{model}: {value}",
        model=model,
        metric="eci",
        value=value,
        country=country,
    )
