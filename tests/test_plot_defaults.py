"""The defaults of aitimeline.plot tell the story: laws on what is drawn, through public APIs.

* The automatic window is the shortest span holding 80 % of the point events, padded by 3 %;
  ``window="all"`` shows every event.
* The legend names only the kinds drawn in view, and sits outside the data: below the axes
  with a layout engine, above every label row without one.
* Only the kinds the lanes show best are drawn by default (``plot.DEFAULT_KINDS``), every
  kind when the events hold none of them; ``kinds="all"`` or a list chooses.
* Periods are bars, not shading, unless ``shade=True``; their names are not cut.
* Export controls are marked by action, each action its own shape.
* ``focus=`` tags win label room first; lag brackets on a timeline are in date order and
  read in whole weeks.
* The frontier names its series at the line ends, ticks each year over long spans and
  annotates the models asked for; ``headline`` writes the title, subtitle and source line.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import attrs
import matplotlib.dates as mdates
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from aitimeline import (
    Event,
    ExportControl,
    Release,
    Span,
    Timeline,
    col,
    lag,
    plot,
)
from aitimeline.datasets import ai_race
from aitimeline.events import registered_kind
from aitimeline.exceptions import PlotError


def _figure(
    width: float = 12.0, height: float = 6.0, layout: Literal["constrained"] | None = None
) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(width, height), dpi=100, layout=layout)
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _num(day: dt.date) -> float:
    """Return the matplotlib date number of the start of *day*."""
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return float(mdates.date2num(moment))  # type: ignore[no-untyped-call]  # untyped in matplotlib


def _releases(days: list[int]) -> Timeline:
    start = dt.date(2020, 1, 1).toordinal()
    return Timeline(
        Release(
            id=f"r{i}",
            when=dt.date.fromordinal(start + d).isoformat(),
            title=f"M{i}",
            model=f"M{i}",
            country="US",
        )
        for i, d in enumerate(days)
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 3000), min_size=20, max_size=80))
def test_auto_window_is_the_shortest_span_holding_most_events(days: list[int]) -> None:
    """The automatic view holds 80 % of the point events, and no shorter span does."""
    _, ax = _figure()
    plot.timeline(_releases(days), ax=ax)
    lo, hi = ax.get_xlim()
    start = _num(dt.date(2020, 1, 1))
    xs = np.sort(np.asarray(days, dtype=np.float64) + start)
    k = int(np.ceil(0.8 * len(xs)))
    best = float(np.min(xs[k - 1 :] - xs[: len(xs) - k + 1]))
    inside = int(np.sum((xs >= lo) & (xs <= hi)))
    assert k <= inside
    pad = 0.03 * max(best, 30.0)
    full_lo, full_hi = (
        xs[0] - 0.03 * max(xs[-1] - xs[0], 30.0),
        xs[-1] + 0.03 * max(xs[-1] - xs[0], 30.0),
    )
    assert hi - lo <= best + 2 * pad + 1e-6
    assert full_lo - 1e-6 <= lo
    assert hi <= full_hi + 1e-6


def test_window_all_shows_every_event_and_few_events_are_all_shown() -> None:
    """window="all" spans every event; so does the default for under 20 point events."""
    days = [0, 10, 20, 2500, *range(30, 60)]
    _, ax = _figure()
    plot.timeline(_releases(days), ax=ax, window="all")
    lo, hi = ax.get_xlim()
    start = _num(dt.date(2020, 1, 1))
    assert lo <= start <= start + 2500 <= hi
    _, ax2 = _figure()
    plot.timeline(_releases([0, 10, 2500]), ax=ax2)
    lo2, hi2 = ax2.get_xlim()
    assert lo2 <= start <= start + 2500 <= hi2
    _, ax3 = _figure()
    plot.timeline(_releases(days), ax=ax3)
    result = plot.layout(ax3)
    assert "r3" in result.outside
    assert ax3.get_xlim()[1] < start + 2500


def test_legend_names_only_kinds_in_view_and_sits_outside_the_data() -> None:
    """With a layout engine the legend hangs below the axes; it names the kinds in view."""
    fig, ax = _figure(layout="constrained")
    race = ai_race()
    plot.timeline(race, ax=ax, window=("2024-09-01", "2025-02-28"))
    fig.canvas.draw()
    legend = ax.get_legend()
    assert legend is not None
    assert legend.get_window_extent().y1 <= ax.get_window_extent().y0
    names = {t.get_text() for t in legend.get_texts()}
    assert "IPO" not in names  # no IPO in those months
    assert "Release" in names
    _, ax2 = _figure()
    plot.timeline(race, ax=ax2)
    result = plot.layout(ax2)
    legend2 = ax2.get_legend()
    assert legend2 is not None
    box = legend2.get_window_extent()
    assert all(p.box[3] <= box.y0 for p in result.labels)


def _legend_names(ax: Axes) -> set[str]:
    legend = ax.get_legend()
    assert legend is not None
    return {t.get_text() for t in legend.get_texts()}


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ("auto", set(plot.DEFAULT_KINDS)),
        ("all", None),
        (["statement", "policy"], {"statement", "policy"}),
    ],
)
def test_kinds_default_to_what_the_lanes_show_best(
    kinds: Literal["auto", "all"] | list[str], expected: set[str] | None
) -> None:
    """Draw the default kinds' events only, unless asked for all or for a list of kinds."""
    race = ai_race()
    _, ax = _figure()
    plot.timeline(race, ax=ax, kinds=kinds, window="all")
    result = plot.layout(ax)
    ids = {p.id for p in result.labels} | set(result.dropped) | set(result.outside)
    ids |= {i for m in result.merged for i in m.ids}
    drawn_kinds = {race[i].kind for i in ids if i in race}
    wanted = {e.kind for e in race} if expected is None else expected
    assert drawn_kinds <= wanted
    assert wanted & {e.kind for e in race} <= drawn_kinds
    if kinds == "auto":
        assert "Statement" not in _legend_names(ax)
    if kinds == "all":
        assert "Statement" in _legend_names(ax)


def test_auto_kinds_fall_back_to_every_kind() -> None:
    """A timeline holding none of the default kinds is drawn whole, not as an empty chart."""
    race = ai_race()
    statements = race.where(col("kind") == "statement")
    _, ax = _figure()
    plot.timeline(statements, ax=ax, window="all")
    assert {"Statement"} == _legend_names(ax) - {"in force", "date known to the month or year"}


def test_kinds_must_be_a_list_or_a_keyword() -> None:
    """Refuse a lone kind name given as a string, naming the choices."""
    with pytest.raises(PlotError, match="kinds='release' is invalid; expected 'auto', 'all' or a"):
        plot.timeline(ai_race(), ax=_figure()[1], kinds="release")


def test_kinds_must_be_registered() -> None:
    """A kind name the registry does not know is refused, as storage and queries refuse it."""
    message = "timeline(): kinds=('release', 'rumour') is invalid; expected 'auto', 'all' or"
    with pytest.raises(PlotError, match=re.escape(message)):
        plot.timeline(ai_race(), ax=_figure()[1], kinds=["release", "rumour"])


@attrs.frozen(kw_only=True)
class Rumour(Event):
    """A user-defined kind: a rumour of a model, for the registry tests."""

    KIND = "rumour"
    model: str = ""


@attrs.frozen(kw_only=True)
class Leak(Event):
    """A second user-defined kind."""

    KIND = "leak"


def _style_of(ax: Axes, kind: str) -> tuple[str, tuple[tuple[float, float], ...]]:
    """Return the colour and marker outline of the day-precise marks of *kind* on *ax*."""
    (marks,) = ax.findobj(lambda a: a.get_gid() == f"aitimeline-{kind}-day")
    assert isinstance(marks, PathCollection)
    (path,) = marks.get_paths()
    outline = np.asarray(path.vertices, dtype=np.float64).round(3)
    r, g, b, _ = np.asarray(marks.get_facecolor(), dtype=np.float64).reshape(-1, 4)[0].tolist()
    return to_hex((r, g, b)), tuple((float(x), float(y)) for x, y in outline)


def test_a_registered_kind_gets_its_own_colour_and_marker() -> None:
    """Kinds registered with registered_kind are drawn, named in the legend, each distinctly."""
    ban = ExportControl(
        id="b", when="2024-02-10", title="B", country="US", issuer="BIS", action="ban"
    )
    events = [
        Release(id="r", when="2024-01-10", title="R", model="R", country="US"),
        ban,
        Rumour(id="x", when="2024-03-10", title="GPT-6 soon", model="GPT-6", country="US"),
        Leak(id="y", when="2024-04-10", title="Weights leaked", country="CN"),
    ]
    with registered_kind(Rumour), registered_kind(Leak):
        _, ax = _figure()
        plot.timeline(Timeline(events), ax=ax, kinds="all", window="all")
        styles = [_style_of(ax, k) for k in ("release", "export_control", "rumour", "leak")]
        names = _legend_names(ax)
    assert {"Release", "Export control", "Rumour", "Leak"} <= names
    assert len(set(styles)) == len(styles)
    assert "#8c8c8c" not in {colour for colour, _ in styles[2:]}  # not the grey of "Other"


def _bans() -> Timeline:
    events: list[Event] = [
        Release(id="m", when="2023-06-01", title="M", model="M", country="US"),
        ExportControl(
            id="ban",
            when="2022-10-07",
            title="US bans exports of advanced AI chips and chipmaking tools to China (2022)",
            country="US",
            issuer="BIS",
            action="ban",
            in_force=Span("2022-10-07", "2024-01-01"),
        ),
        ExportControl(
            id="tighten",
            when="2023-10-17",
            title="Tightened",
            country="US",
            issuer="BIS",
            action="tighten",
        ),
        ExportControl(
            id="lift", when="2025-07-15", title="Lifted", country="US", issuer="BIS", action="lift"
        ),
        ExportControl(
            id="licence",
            when="2026-01-13",
            title="Licensing",
            country="US",
            issuer="BIS",
            action="licence",
        ),
    ]
    return Timeline(events)


def test_periods_are_bars_with_full_names_and_shading_only_when_asked() -> None:
    """No lane shading by default; the period's bar ends where it ends; its name is whole."""
    fig, ax = _figure()
    plot.timeline(_bans(), ax=ax)
    fig.canvas.draw()
    gids = {c.get_gid() for c in ax.collections}
    assert "aitimeline-periods" not in gids
    assert "aitimeline-period-starts" not in gids
    result = plot.layout(ax)
    (name,) = [p for p in result.labels if p.lane == "periods"]
    assert name.text.endswith("(2022)")
    (bars,) = [
        c
        for c in fig.findobj(lambda a: a.get_gid() == "aitimeline-period-bars")
        if hasattr(c, "get_paths")
    ]
    right = max(float(np.max(np.asarray(p.vertices)[:, 0])) for p in bars.get_paths())
    end = float(ax.transData.transform((_num(dt.date(2024, 1, 2)), 0))[0])
    assert right == pytest.approx(end, abs=1.0)
    _, shaded = _figure()
    plot.timeline(_bans(), ax=shaded, shade=True)
    assert "aitimeline-periods" in {c.get_gid() for c in shaded.collections}


def test_export_controls_are_marked_by_action() -> None:
    """A ban, a tightening, a lift and a licensing rule each get their own marker shape."""
    _, ax = _figure()
    plot.timeline(_bans(), ax=ax, window="all")
    shapes: dict[str, bytes] = {}
    for coll in ax.collections:
        gid = coll.get_gid() or ""
        if isinstance(coll, PathCollection) and gid.startswith("aitimeline-export"):
            (path,) = coll.get_paths()
            shapes[gid] = np.asarray(path.vertices).round(3).tobytes()
    assert 4 == len(shapes)
    assert 4 == len(set(shapes.values()))
    styles = plot.KIND_STYLES
    assert 4 == len(
        {
            styles[k].marker
            for k in ("export_control", "export_tighten", "export_lift", "export_licence")
        }
    )


def test_focus_tags_win_label_room_first() -> None:
    """On a crowded lane the labels of the focus tag are placed before the others."""
    start = dt.date(2024, 1, 1).toordinal()
    events = [
        Release(
            id=f"r{i}",
            when=dt.date.fromordinal(start + i).isoformat(),
            title=f"Model {i}",
            model=f"Model number {i}",
            country="US",
            tags={"reasoning"} if i % 10 == 0 else set(),
        )
        for i in range(60)
    ]
    _, ax = _figure(8, 3)
    plot.timeline(Timeline(events), ax=ax, focus=("reasoning",), max_levels=2, window="all")
    placed = {p.id for p in plot.layout(ax).labels}
    assert {f"r{i}" for i in range(0, 60, 10)} <= placed


def test_lag_brackets_are_in_date_order_and_in_whole_weeks() -> None:
    """Brackets added late-first are still stacked earliest first, labelled "N weeks"."""
    race = ai_race()
    _, ax = _figure()
    plot.timeline(race, ax=ax, window=("2024-06", "2025-06"))
    plot.lag(lag("2024-12-01", "2025-02-01"), ax=ax)
    plot.lag(lag("2024-09-12", "2024-11-28"), ax=ax)
    result = plot.layout(ax)
    brackets = [p for p in result.labels if p.lane == "lags"]
    assert ["11 weeks", "9 weeks"] == [p.text for p in sorted(brackets, key=lambda p: p.level)]


def test_headline_writes_title_subtitle_and_source() -> None:
    """headline() sets a bold suptitle, a left subtitle and a source supxlabel."""
    fig, ax = _figure(layout="constrained")
    plot.timeline(ai_race(), ax=ax)
    assert fig is plot.headline(fig, "The point", subtitle="What is drawn", source="Source: X")
    fig.canvas.draw()
    texts = {t.get_text(): t for t in fig.findobj(Text) if t.get_visible()}
    assert texts["The point"].get_fontweight() == "bold"
    assert ax.get_title(loc="left") == "What is drawn"
    source = texts["Source: X"]
    assert source.get_window_extent().y1 <= ax.get_window_extent().y0
