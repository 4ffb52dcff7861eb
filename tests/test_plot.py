"""Tests of aitimeline.plot: what is drawn, where labels go, and what is saved."""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text

from aitimeline import (
    IPO,
    Event,
    ExportControl,
    Release,
    Span,
    Timeline,
    When,
    _report,
    catch_up,
    col,
    lag,
    plot,
)
from aitimeline._layout import DensityStrip, spread
from aitimeline.datasets import ai_race
from aitimeline.exceptions import PlotError

DENSITY_LABELS = 60
"""How many events of a density strip keep a marker and are offered a label, as documented
under *density* of :func:`aitimeline.plot.timeline`."""


def _offset() -> float:
    """Return what to add to a date ordinal to get matplotlib's date number."""
    day = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    number = mdates.date2num(day)  # type: ignore[no-untyped-call]  # untyped in matplotlib
    return float(number) - day.toordinal()


OFFSET = _offset()
"""What to add to a date ordinal to get matplotlib's date number (its days since 1970)."""


@runtime_checkable
class EventMarks(Protocol):
    """A collection of event markers drawn by plot.timeline or plot.frontier.

    Each carries ``event_ids``, the id of the event of each of its markers, in order; they are
    found with ``findobj`` (their gids are ``aitimeline-KIND-day`` or ``-range``).
    """

    event_ids: tuple[str, ...]


def _start(when: When | Span) -> When:
    """Return the instant an event is drawn at: its date, or its period's start."""
    return when.start if isinstance(when, Span) else when


def _figure(width: float = 10.0, height: float = 5.0) -> tuple[Figure, Axes]:
    """Return a figure with an Agg canvas and one axes (not registered with pyplot)."""
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _small() -> Timeline:
    """Return a small race: exact and fuzzy releases, an IPO and a ban still in force."""
    reasoning = [  # id, day, model, country
        ("o1-preview", "2024-09-12", "o1-preview", "US"),
        ("qwq", "2024-11-28", "QwQ-32B-Preview", "CN"),
        ("r1", "2025-01-20", "DeepSeek-R1", "CN"),
    ]
    return Timeline(
        [
            *(
                Release(id=i, when=d, title=f"{m} released", model=m, country=c, tags={"reasoning"})
                for i, d, m, c in reasoning
            ),
            Release(id="ernie", when="2023-03", title="ERNIE Bot", model="ERNIE", country="CN"),
            IPO(id="zhipu-ipo", when="2026-01-08", title="Zhipu lists", company="Zhipu AI"),
            ExportControl(
                id="ban",
                when="2022-10-07",
                title="US bans chip exports",
                country="US",
                issuer="BIS",
                action="ban",
                in_force=Span("2022-10-07"),
            ),
        ]
    )


def _hex(colour: object) -> str:
    """Return the first colour of a matplotlib colour or colour array as ``#rrggbb``."""
    rgba = np.asarray(colour, dtype=np.float64).reshape(-1, 4)[0]
    return to_hex((float(rgba[0]), float(rgba[1]), float(rgba[2])))


def _marks(ax: Axes) -> list[PathCollection]:
    """Return the event-marker collections on *ax*, found through ``findobj``."""
    found = ax.findobj(lambda a: isinstance(a, PathCollection) and isinstance(a, EventMarks))
    return [c for c in found if isinstance(c, PathCollection)]


def _ids(marks: PathCollection) -> tuple[str, ...]:
    """Return the event id of each marker of an event-marker collection."""
    assert isinstance(marks, EventMarks)
    return marks.event_ids


def _drawn_texts(ax: Axes) -> list[Text]:
    """Draw *ax*'s figure and return the label texts the timeline drew."""
    fig = ax.figure.figure
    fig.canvas.draw()
    return list(plot.layout(ax).texts)


def _overlaps(texts: Sequence[Text], renderer: object) -> list[tuple[str, str]]:
    """Return the pairs of texts whose rendered boxes share interior points."""
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]  # type: ignore[arg-type]
    return [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes, 2)
        if p.x0 < q.x1 and q.x0 < p.x1 and p.y0 < q.y1 and q.y0 < p.y1
    ]


# --------------------------------------------------------------------------------------------
# Conventions


def test_draws_on_the_axes_given_without_a_new_figure() -> None:
    """timeline() returns the axes it was given and opens no pyplot figure."""
    before = plt.get_fignums()
    fig, ax = _figure()
    assert ax is plot.timeline(_small(), ax=ax)
    assert before == plt.get_fignums()
    assert fig is ax.figure


def test_uses_the_current_axes_without_ax() -> None:
    """Without ax, timeline() draws on plt.gca()."""
    ax = plt.gca()
    assert ax is plot.timeline(_small())
    assert [1] == plt.get_fignums()


def test_import_of_the_package_does_not_import_plot() -> None:
    """aitimeline/__init__.py does not import the plot module (it imports matplotlib)."""
    source = (Path(plot.__file__).parents[1] / "__init__.py").read_text(encoding="utf-8")
    assert re.search(r"\bplot\b", source.split('"""', 2)[-1]) is None


def test_kwargs_reach_the_marker_collections() -> None:
    """Extra keyword arguments are passed to the marker collections."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax, alpha=0.4)
    assert {0.4} == {c.get_alpha() for c in _marks(ax)}


# --------------------------------------------------------------------------------------------
# What is drawn


def test_markers_are_coloured_by_kind() -> None:
    """Each kind's day-precise markers are filled with its palette colour."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax, theme="light")
    filled = {
        (c.get_gid() or "").split("-")[1]: _hex(c.get_facecolor())
        for c in _marks(ax)
        if (c.get_gid() or "").endswith("-day")
    }
    assert {
        "release": plot.KIND_STYLES["release"].color.lower(),
        "ipo": plot.KIND_STYLES["ipo"].color.lower(),
        "export_control": plot.KIND_STYLES["export_control"].color.lower(),
    } == filled


def test_one_marker_per_event_in_few_collections() -> None:
    """Every event gets exactly one marker, drawn by one collection per kind and precision."""
    tl = _small()
    _, ax = _figure()
    plot.timeline(tl, ax=ax)
    ids = [i for c in _marks(ax) for i in _ids(c)]
    assert sorted(tl.ids) == sorted(ids)
    assert 4 == len(_marks(ax))


def test_coarse_dates_are_bars_over_their_range() -> None:
    """A month-precise event is a bar from its first day to the end of its last day."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax)
    bars = next(c for c in ax.collections if c.get_gid() == "aitimeline-ranges")
    assert isinstance(bars, LineCollection)
    (segment,) = bars.get_segments()
    march = When.month(2023, 3)
    offset = OFFSET
    assert [march.earliest_ordinal + offset, march.latest_ordinal + 1 + offset] == list(
        segment[:, 0]
    )
    hollow = next(c for c in _marks(ax) if (c.get_gid() or "").endswith("-range"))
    assert ("ernie",) == _ids(hollow)


def test_open_period_is_a_band_that_fades_out() -> None:
    """A ban still in force is shaded from its start to the right edge, fading at the end."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax, shade=True)
    shade = next(c for c in ax.collections if c.get_gid() == "aitimeline-periods")
    assert isinstance(shade, PolyCollection)
    xs = [np.asarray(p.vertices)[:, 0] for p in shade.get_paths()]
    offset = OFFSET
    start = When.day(2022, 10, 7).earliest_ordinal + offset
    lo, hi = ax.get_xlim()
    assert start == pytest.approx(min(x.min() for x in xs))
    assert hi == pytest.approx(max(x.max() for x in xs))
    alphas = np.asarray(shade.get_facecolor(), dtype=np.float64)[:, 3]
    assert alphas[-1] < alphas[0] / 5
    assert all(a >= b for a, b in itertools.pairwise(alphas[1:]))
    assert lo < start


def test_lanes_put_united_states_first_then_china() -> None:
    """With lanes="country" the US lane is on top, China next, others in one lane."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax)
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert ["United States", "China", "Other"] == names
    ys = list(ax.get_yticks())
    assert ys == sorted(ys, reverse=True)


def test_lanes_by_a_function_and_no_lanes() -> None:
    """Lanes may come from a function of the event, or be None for one unnamed lane."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax, lanes=lambda e: e.kind)
    assert {"release", "ipo", "export_control"} == {t.get_text() for t in ax.get_yticklabels()}
    _, ax2 = _figure()
    plot.timeline(_small(), ax=ax2, lanes=None)
    assert [] == [t.get_text() for t in ax2.get_yticklabels()]


def test_today_and_reference_lines() -> None:
    """today= and reference= draw one dashed line each, labelled in the periods strip."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax, today="2026-01-20", reference=["r1"])
    refs = next(c for c in ax.collections if c.get_gid() == "aitimeline-references")
    assert isinstance(refs, LineCollection)
    assert 2 == len(refs.get_segments())
    texts = {p.text for p in plot.layout(ax).labels if p.lane == "periods"}
    assert {"today", "DeepSeek-R1"} <= texts


def test_legend_lists_the_kinds_shown() -> None:
    """The legend names each kind drawn, plus date ranges and periods in force."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax)
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert ["Release", "Export control", "IPO"] == labels[:3]
    assert "in force" in labels


def test_window_leaves_out_events_outside_it() -> None:
    """window= keeps the events that may fall inside it and periods that overlap it."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax, window=("2024-01", None))
    ids = {i for c in _marks(ax) for i in _ids(c)}
    assert {"o1-preview", "qwq", "r1", "zhipu-ipo", "ban"} == ids
    offset = OFFSET
    assert When.day(2024, 1, 1).earliest_ordinal + offset == ax.get_xlim()[0]


def test_dark_theme_and_rcparams() -> None:
    """theme="dark" colours the background; theme=None takes it from the rcParams."""
    _, ax = _figure()
    plot.timeline(_small(), ax=ax, theme="dark")
    assert plot.THEMES["dark"].background.lower() == to_hex(ax.get_facecolor())
    with mpl.rc_context({"axes.facecolor": "#FFFFEE", "text.color": "#112233"}):
        _, ax2 = _figure()
        plot.timeline(_small(), ax=ax2)
        texts = _drawn_texts(ax2)
    assert "#ffffee" == to_hex(ax2.get_facecolor())
    assert {"#112233"} == {to_hex(t.get_color()) for t in texts if t.get_fontstyle() != "italic"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"theme": "sepia"}, "theme='sepia'"),
        ({"reference": ["nope"]}, "reference='nope'"),
        ({"window": ("2025", "2024")}, "ends before it starts"),
        ({"max_levels": -1}, "max_levels=-1"),
        ({"max_lanes": 0}, "max_lanes=0"),
        ({"density": "always"}, "density='always'"),
        ({"density": -1}, "density=-1"),
    ],
)
def test_bad_options_raise_plot_error(kwargs: dict[str, object], message: str) -> None:
    """Invalid options raise PlotError naming the value."""
    _, ax = _figure()
    with pytest.raises(PlotError, match=re.escape(message)):
        plot.timeline(_small(), ax=ax, **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Labels


def test_layout_reports_placed_and_dropped_labels() -> None:
    """plot.layout() accounts for every lane label: placed or dropped, never both."""
    tl = ai_race()
    _, ax = _figure(8, 4)
    plot.timeline(tl, ax=ax, kinds="all")
    result = plot.layout(ax)
    banded = {e.id for e in tl if getattr(e, "in_force", None) is not None}
    lane_ids = {p.id for p in result.labels if p.lane != "periods"}
    assert set() == lane_ids & set(result.dropped)
    assert {e.id for e in tl} - banded <= lane_ids | set(result.dropped) | set(result.outside)
    assert result.dropped
    assert all(len(m.ids) >= 1 for m in result.merged)


def test_no_levels_drops_every_lane_label() -> None:
    """With max_levels=0 every lane label is dropped, and the layout says so."""
    tl = _small()
    _, ax = _figure()
    plot.timeline(tl, ax=ax, max_levels=0, bands=False)
    result = plot.layout(ax)
    assert sorted(tl.ids) == sorted(result.dropped)
    assert () == result.labels


def test_priority_keeps_the_chosen_label() -> None:
    """A label given a higher priority is kept when its neighbour must go."""
    events = [
        Release(id=f"m{i}", when=f"2024-05-{10 + i:02d}", title="x", model=f"Model {i}")
        for i in range(8)
    ]
    _, ax = _figure(6, 3)
    plot.timeline(Timeline(events), ax=ax, lanes=None, max_levels=1, priority={"m5": 9})
    result = plot.layout(ax)
    assert result.label("m5") is not None
    assert "m5" not in result.dropped


def test_layout_of_the_bundled_dataset_has_no_overlapping_text() -> None:
    """On the bundled dataset no two drawn labels overlap, as measured by the renderer."""
    fig, ax = _figure(13, 6.5)
    fig.set_layout_engine("constrained")
    plot.timeline(ai_race(), ax=ax, today="2026-01-20")
    texts = _drawn_texts(ax)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    assert len(texts) > 20
    assert [] == _overlaps(texts, renderer)


@pytest.mark.parametrize("dpi", [72, 100, 150])
def test_measured_widths_bound_the_rendered_text(dpi: float) -> None:
    """Each label's laid-out box holds the text Agg renders (the measure is never narrower)."""
    labels = [
        "DeepSeek-R1",
        "WWW iii",
        "Qwen3-235B-A22B",
        "o1-preview",
        "ÉTÉ \N{EN DASH} x",
        "$5 $",
    ]
    events = [
        Release(id=f"m{k}", when=f"2024-0{k + 1}-01", title=m, model=m, country="US")
        for k, m in enumerate(labels)
    ]
    fig = Figure(figsize=(14, 4), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    plot.timeline(Timeline(events), ax=ax, window="all")
    texts = _drawn_texts(ax)
    result = plot.layout(ax)
    assert len(labels) == len(result.labels)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for label, text in zip(result.labels, texts, strict=True):
        assert label.text == text.get_text()
        extent = text.get_window_extent(renderer)
        x0, _, x1, _ = label.box
        assert x0 <= extent.x0
        assert extent.x1 <= x1


@st.composite
def _timelines(draw: st.DrawFn) -> Timeline:
    """Draw up to 60 releases (clustered dates, varied label lengths) and up to 4 bans."""
    n = draw(st.integers(1, 60))
    days = draw(st.lists(st.integers(0, 400), min_size=n, max_size=n))
    name = st.text("abcdefgwiWM -", min_size=1, max_size=30).map(lambda t: t.strip() or "x")
    names = draw(st.lists(name, min_size=n, max_size=n))
    countries = draw(st.lists(st.sampled_from(["US", "CN", "FR"]), min_size=n, max_size=n))
    precise = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    start = When.day(2024, 1, 1).earliest
    events: list[Event] = []
    for i in range(n):
        day = start.add(days=days[i])
        when = day.isoformat() if precise[i] else day.isoformat()[:7]
        events.append(
            Release(
                id=f"e{i}",
                when=when,
                title=names[i],
                model=names[i],
                country=countries[i],
            )
        )
    bans = draw(st.lists(st.tuples(st.integers(-60, 400), st.integers(1, 500)), max_size=4))
    for k, (begin, length) in enumerate(bans):
        first = start.add(days=begin)
        end = None if length > 300 else first.add(days=length).isoformat()[:7]
        events.append(
            ExportControl(
                id=f"ban{k}",
                when=first.isoformat(),
                title=f"Ban {names[k % n]}",
                country="US",
                issuer="BIS",
                action="ban",
                in_force=Span(first.isoformat(), end),
            )
        )
    return Timeline(events)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _timelines(),
    st.sampled_from([(6.0, 3.0), (10.0, 5.0), (8.0, 2.0)]),
    st.sampled_from([None, "2024-06-01"]),
)
def test_generated_timelines_never_overlap_labels(
    tl: Timeline, size: tuple[float, float], today: str | None
) -> None:
    """On generated timelines no two drawn labels overlap; every drop is reported and counted."""
    fig, ax = _figure(*size)
    plot.timeline(tl, ax=ax, today=today)
    texts = _drawn_texts(ax)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    assert [] == _overlaps(texts, renderer)
    result = plot.layout(ax)
    shown = {p.id for p in result.labels}
    assert {e.id for e in tl} <= shown | set(result.dropped) | set(result.outside)
    assert set(result.dropped) == _merged_ids(result) | set(result.unmarked)
    lane_drops = {i for i in result.dropped if not i.startswith("ban") and i != "today"}
    assert set() == lane_drops & set(result.unmarked)
    plt.close("all")


def test_layout_follows_the_figure_size() -> None:
    """Resizing the figure lays the labels out again for the new size."""
    fig, ax = _figure(14, 6)
    plot.timeline(ai_race(), ax=ax)
    wide = plot.layout(ax)
    fig.set_size_inches(6, 6)
    fig.canvas.draw()
    narrow = plot.layout(ax)
    assert len(narrow.labels) < len(wide.labels)
    assert len(narrow.dropped) > len(wide.dropped)


def test_layout_without_a_timeline_raises() -> None:
    """plot.layout() on axes with no timeline raises PlotError."""
    _, ax = _figure()
    with pytest.raises(PlotError, match="holds no timeline"):
        plot.layout(ax)


def _merged_ids(result: plot.TimelineLayout) -> set[str]:
    """Return the ids that some ``+k`` marker of *result* counts."""
    return {i for m in result.merged for i in m.ids}


def test_every_dropped_label_is_counted_by_a_plus_marker() -> None:
    """Each dropped lane label is counted by exactly one drawn "+k" marker, lone ones too."""
    tl = ai_race()
    fig, ax = _figure(8, 4)
    plot.timeline(tl, ax=ax)
    result = plot.layout(ax)
    texts = {t.get_text() for t in _drawn_texts(ax)}
    assert result.dropped
    assert () == result.unmarked
    assert set(result.dropped) == _merged_ids(result)
    counted = [i for m in result.merged for i in m.ids]
    assert len(counted) == len(set(counted))
    assert {m.text for m in result.merged} <= texts
    for m in result.merged:  # every marker says what it counts: "+3 more" ("+3 more periods")
        suffix = " more periods" if m.lane == "periods" and m.level == -1 else " more"
        assert f"+{len(m.ids)}{suffix}" == m.text
    del fig


def test_a_lone_dropped_label_gets_a_plus_one() -> None:
    """A single label that does not fit is counted by a "+1 more" marker, not dropped silently."""
    events = [
        Release(id="a", when="2024-05-10", title="a", model="A", country="US"),
        Release(id="b", when="2024-05-11", title="b", model="Another long name", country="US"),
        Release(id="c", when="2024-09-01", title="c", model="C", country="US"),
    ]
    _, ax = _figure(6, 3)
    plot.timeline(Timeline(events), ax=ax, max_levels=1, priority={"a": 9})
    result = plot.layout(ax)
    assert ("b",) == result.dropped
    (marker,) = result.merged
    assert (("b",), "+1 more", 0) == (marker.ids, marker.text, marker.level)
    assert "+1 more" in {t.get_text() for t in _drawn_texts(ax)}


def test_merge_false_reports_drops_without_markers() -> None:
    """With merge=False dropped labels are reported but no "+k" is drawn."""
    _, ax = _figure(8, 4)
    plot.timeline(ai_race(), ax=ax, merge=False)
    result = plot.layout(ax)
    assert result.dropped
    assert () == result.merged
    assert result.dropped == result.unmarked
    assert not any(t.get_text().startswith("+") for t in _drawn_texts(ax))


def test_labels_with_no_room_are_counted_under_the_lane_name() -> None:
    """When no row is free, a lane's dropped labels are counted by a "+k" under its name."""
    tl = _small()
    _, ax = _figure()
    plot.timeline(tl, ax=ax, max_levels=0, bands=False)
    result = plot.layout(ax)
    by_lane = {m.lane: m for m in result.merged}
    assert {"United States", "China", "Other"} == set(by_lane)
    assert ("ban", "o1-preview") == by_lane["United States"].ids
    assert {"qwq", "r1", "ernie"} == set(by_lane["China"].ids)
    assert {-1} == {m.level for m in result.merged}
    assert all(m.box[2] <= ax.bbox.x0 for m in result.merged)
    assert {"+1 more", "+2 more", "+3 more"} <= {t.get_text() for t in _drawn_texts(ax)}


def test_report_timeline_marks_every_label_it_drops() -> None:
    """The report's timeline places or counts every label; none overlaps (renderer-measured)."""
    fig = _report.timeline_figure(_report.compute_report())
    FigureCanvasAgg(fig)
    fig.savefig(io.BytesIO(), format="png", dpi=150)
    (ax,) = fig.axes
    result = plot.layout(ax)
    placed = {p.id for p in result.labels}
    for event_id in ("gemini-2-flash-thinking", "deepseek-v3-base-weights", "zhipu-ipo"):
        assert event_id in placed or event_id in _merged_ids(result)
    assert () == result.unmarked
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    assert [] == _overlaps(result.texts, renderer)
    lags = [p.text for p in result.labels if p.lane == "lags"]
    assert "o1-preview \N{RIGHTWARDS ARROW} QwQ-32B-Preview: 11 weeks" in lags


# --------------------------------------------------------------------------------------------
# Periods in force, lanes and the vertical plan


def _bans(n: int) -> Timeline:
    """Return two releases and *n* overlapping export bans, all still in force."""
    bans: list[Event] = [
        ExportControl(
            id=f"ban-{k}",
            when=f"2023-{k + 1:02d}-10",
            title=f"Ban number {k}",
            country="US",
            issuer="BIS",
            action="ban",
            in_force=Span(f"2023-{k + 1:02d}-10"),
        )
        for k in range(n)
    ]
    releases: list[Event] = [
        Release(id="a", when="2023-03-01", title="A", model="Model A", country="US"),
        Release(id="b", when="2024-03-01", title="B", model="Model B", country="CN"),
    ]
    return Timeline(releases + bans)


def _shade_alphas(ax: Axes) -> np.ndarray:
    """Return the opacity of every slice of the full-height periods shade."""
    shade = next(c for c in ax.collections if c.get_gid() == "aitimeline-periods")
    return np.asarray(shade.get_facecolor(), dtype=np.float64)[:, 3]


def test_overlapping_periods_do_not_darken_the_shade() -> None:
    """Six overlapping bans shade no darker than one: the shade is their maximum, not a stack."""
    _, one = _figure()
    plot.timeline(_bans(1), ax=one, shade=True)
    _, six = _figure()
    plot.timeline(_bans(6), ax=six, shade=True)
    assert _shade_alphas(one).max() == pytest.approx(_shade_alphas(six).max())
    assert _shade_alphas(six).max() <= 0.1


def test_each_period_gets_a_named_bar_at_its_start() -> None:
    """Each period's name sits at its start (right of it, or left at the edge), in the axes."""
    tl = _bans(6)
    fig, ax = _figure()
    plot.timeline(tl, ax=ax, today="2024-06-01", shade=True)
    fig.canvas.draw()
    result = plot.layout(ax)
    names = {p.id: p for p in result.labels if p.lane == "periods"}
    assert {f"ban-{k}" for k in range(6)} | {"today"} == set(names)
    offset = OFFSET
    box = ax.bbox
    rows: list[int] = []
    days: list[float] = []
    for event in tl:
        if event.kind != "export_control":
            continue
        label = names[event.id]
        day = _start(event.when).earliest_ordinal + offset
        start = ax.transData.transform((day, 0))[0]
        assert label.text == event.title
        x0, y0, x1, y1 = label.box
        assert abs(x0 - start) <= 3 or abs(x1 - start) <= 3
        assert box.x0 <= x0
        assert x1 <= box.x1
        assert box.y0 <= y0
        assert y1 <= box.y1
        rows.append(label.level)
        days.append(day)
    assert 6 == len(set(rows))
    (bars,) = [c for c in fig.findobj(PolyCollection) if c.get_gid() == "aitimeline-period-bars"]
    assert isinstance(bars, PolyCollection)
    bar_starts = {round(float(np.min(np.asarray(p.vertices)[:, 0])), 3) for p in bars.get_paths()}
    px_starts = ax.transData.transform(np.column_stack([days, np.zeros(6)]))[:, 0]
    assert {round(float(x), 3) for x in px_starts} <= bar_starts
    starts = next(c for c in ax.collections if c.get_gid() == "aitimeline-period-starts")
    assert isinstance(starts, LineCollection)
    assert days == [float(seg[0, 0]) for seg in starts.get_segments()]


def test_lanes_are_well_apart() -> None:
    """The first two baselines are at least four marker widths apart; markers never touch."""
    fig, ax = _figure(10, 4)
    plot.timeline(_small(), ax=ax)
    result = plot.layout(ax)
    marker_px = min(math.sqrt(float(c.get_sizes()[0])) for c in _marks(ax)) * fig.dpi / 72
    assert 3 == len(result.baselines)
    gaps = -np.diff(result.baselines)
    assert np.all(gaps >= 4 * marker_px)
    ticks = ax.transData.transform(np.column_stack([np.zeros(3), ax.get_yticks()]))[:, 1]
    assert result.baselines == pytest.approx(tuple(ticks))
    marks = _marks(ax)[0]
    y = marks.get_offset_transform().transform(marks.get_offsets())[:, 1]
    assert set(np.round(y, 6)) <= set(np.round(result.baselines, 6))


def _empty_bands(ax: Axes, result: plot.TimelineLayout) -> list[float]:
    """Return the heights of horizontal bands of the axes that hold no label or baseline."""
    box = ax.bbox
    legend = ax.get_legend()
    spans = [(b[1], b[3]) for b in (p.box for p in result.labels)]
    spans += [(m.box[1], m.box[3]) for m in result.merged if m.level >= 0]
    spans += [(y - 4, y + 4) for y in result.baselines]
    spans += [(box.y0 - 1, box.y0)]
    if legend is not None:
        spans.append((legend.get_window_extent().y0, box.y1))
    spans.sort()
    gaps, reach = [], spans[0][1]
    for lo, hi in spans[1:]:
        gaps.append(max(lo - reach, 0.0))
        reach = max(reach, hi)
    return gaps


def test_lanes_follow_the_axes_height() -> None:
    """A taller axes moves the lanes further apart instead of leaving the extra height empty."""
    seps = []
    for height in (4.0, 8.0):
        fig, ax = _figure(14, height)
        plot.timeline(_small(), ax=ax)
        result = plot.layout(ax)
        seps.append(result.baselines[0] - result.baselines[1])
        del fig
    assert seps[1] > 2 * seps[0]


def test_a_busy_timeline_leaves_no_large_empty_band() -> None:
    """On the bundled race no horizontal band without labels takes a sixth of the axes."""
    fig, ax = _figure(16, 4.8)
    plot.timeline(ai_race(), ax=ax, window=("2022-06", None), max_lanes=2)
    result = plot.layout(ax)
    assert max(_empty_bands(ax, result)) <= ax.bbox.height / 6
    del fig


def test_date_axis_names_the_year_at_the_first_tick() -> None:
    """The first tick label in view names its year, even when the axis starts mid-year."""
    fig, ax = _figure()
    plot.timeline(_small(), ax=ax, window=("2024-06", "2025-03"))
    fig.canvas.draw()
    lo, hi = ax.get_xlim()
    shown = [
        t.get_text()
        for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
        if lo <= x <= hi
    ]
    assert "2024" in shown[0]
    assert shown[0].startswith("Jul")


# --------------------------------------------------------------------------------------------
# Density strips


@functools.cache
def _day(n: int) -> When:
    """Return the day *n* days after 1 January 2023 (cached: big timelines reuse days)."""
    return When.coerce(When.day(2023, 1, 1).earliest.add(days=n))


def _crowd(counts: Mapping[str, int], *, days: int = 3 * 365) -> Timeline:
    """Return *counts[country]* releases per country, evenly over *days*; every 10th fuzzy."""
    events: list[Event] = []
    for country, n in counts.items():
        for i in range(n):
            day = _day(i * days // n)
            when = When.month(day.earliest.year, day.earliest.month) if i % 10 == 5 else day
            name = f"{country.lower()}-{i}"
            events.append(Release(id=name, when=when, title=name, model=name, country=country))
    return Timeline(events)


def _strips(ax: Axes) -> list[PolyCollection]:
    """Return the density strips on *ax*, top lane first."""
    found = [c for c in ax.collections if (c.get_gid() or "").startswith("aitimeline-density-")]
    return [c for c in found if isinstance(c, PolyCollection)]


def _brute_histogram(
    events: Sequence[Event], edges: Sequence[float], view: tuple[float, float]
) -> np.ndarray:
    """Spread each event over its days one by one (open ends cut at the view), then bin them."""
    offset = OFFSET
    lo, hi = math.floor(view[0]), math.ceil(view[1])
    days: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for event in events:
        w = _start(event.when)
        first = lo if w.is_open_start else w.earliest_ordinal + offset
        stop = hi if w.is_open_end else w.latest_ordinal + 1 + offset
        cells = np.arange(first, stop, dtype=np.float64)
        days.append(cells)
        weights.append(np.full(len(cells), 1.0 / len(cells)))
    cells, share = np.concatenate(days), np.concatenate(weights)
    inside = cells < edges[-1]  # np.histogram's last bin is closed; a strip's is not
    counts, _ = np.histogram(cells[inside], bins=edges, weights=share[inside])
    return counts


def test_density_is_chosen_above_the_threshold_only() -> None:
    """With density="auto" a lane of 10,001 events is a strip; one of 10,000 keeps markers."""
    tl = _crowd({"US": 10_001, "CN": 10_000})
    _, ax = _figure()
    plot.timeline(tl, ax=ax, window="all")
    (strip,) = _strips(ax)
    assert "aitimeline-density-0" == strip.get_gid()
    marked = [i for c in _marks(ax) for i in _ids(c)]
    china = [e.id for e in tl if e.country == "CN"]
    assert set(china) <= set(marked)
    assert 10_000 + DENSITY_LABELS == len(marked)
    (density,) = plot.layout(ax).density
    assert ("United States", 10_001) == (density.lane, density.events)


def test_density_false_on_a_big_timeline_draws_every_marker() -> None:
    """density=False keeps one marker per event however many there are, and lays labels out."""
    tl = _crowd({"US": 10_001, "CN": 10})
    fig, ax = _figure()
    plot.timeline(tl, ax=ax, window="all", density=False)
    assert [] == _strips(ax)
    assert sorted(tl.ids) == sorted(i for c in _marks(ax) for i in _ids(c))
    result = plot.layout(ax)
    assert () == result.density
    assert result.labels
    assert {e.id for e in tl} == {p.id for p in result.labels} | set(result.dropped) | set(
        result.outside
    )
    assert [] == _overlaps(_drawn_texts(ax), fig.canvas.get_renderer())  # type: ignore[attr-defined]


def _mixed() -> Timeline:
    """Return events of every precision in two lanes: days, weeks, months, quarters, an open end."""
    whens = [
        "2024-01-03",
        "2024-01-03",
        "2024-02-29",
        "2024-W10",
        "2024-03",
        "2024-Q2",
        "2024-05~",
        "2024-H2",
        "2024-12-31",
        "2025-01",
        "2024-06-15/2024-07-20",
        "2024-10/..",
    ]
    return Timeline(
        Release(
            id=f"e{i}",
            when=w,
            title=f"e{i}",
            model=f"Model {i}",
            country=("US", "CN")[i % 2],
        )
        for i, w in enumerate(whens)
    )


@pytest.mark.parametrize("window", [None, ("2024-03-10", "2024-11-20")])
def test_density_weights_add_up_to_the_events(window: tuple[str, str] | None) -> None:
    """Each strip's bins hold its events' weight, fuzzy ones split by day, as brute force finds."""
    tl = _mixed()
    _, ax = _figure()
    plot.timeline(tl, ax=ax, density=True, window=window)
    result = plot.layout(ax)
    strips = _strips(ax)
    assert 2 == len(strips) == len(result.density)
    first, last = (When.parse(w) for w in window or ("2024-01-01", "2025-12-31"))
    for k, (drawn, density) in enumerate(zip(strips, result.density, strict=True)):
        lane = [
            e
            for e in tl
            if e.country == ("US", "CN")[k]
            and e.when.latest >= first.earliest
            and e.when.earliest <= last.latest
        ]
        expected = _brute_histogram(lane, density.edges, ax.get_xlim())
        weights = np.asarray(density.weights)
        assert expected == pytest.approx(weights, abs=1e-9)
        values = np.asarray(drawn.get_array(), dtype=np.float64)
        assert weights[weights > 0] == pytest.approx(values)
        lefts = [float(np.asarray(p.vertices)[:, 0].min()) for p in drawn.get_paths()]
        full = np.flatnonzero(weights > 0)
        assert np.asarray(density.edges)[full].tolist() == lefts
        assert len(lane) == density.events
        if window is None:
            assert len(lane) == pytest.approx(values.sum())
            assert len(lane) == pytest.approx(density.total)
        else:
            assert density.total < len(lane)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-20, 120), st.integers(0, 60)), min_size=1, max_size=40),
    st.sets(st.integers(-10, 130), min_size=2, max_size=30),
)
def test_spread_matches_a_brute_force_histogram(
    items: list[tuple[int, int]], cuts: set[int]
) -> None:
    """spread() gives each bin what splitting every item into unit cells and binning them gives."""
    edges = np.array(sorted(cuts), dtype=np.float64)
    starts = np.array([a for a, _ in items], dtype=np.float64)
    stops = starts + np.array([w for _, w in items], dtype=np.float64)
    pieces: list[np.ndarray] = []
    shares: list[np.ndarray] = []
    for a, b in zip(starts, stops, strict=True):
        unit_cells = np.arange(a, b) if b > a else np.array([a])
        pieces.append(unit_cells)
        shares.append(np.full(len(unit_cells), 1.0 / len(unit_cells)))
    cells, share = np.concatenate(pieces), np.concatenate(shares)
    inside = cells < edges[-1]  # np.histogram's last bin is closed; spread()'s is not
    expected, _ = np.histogram(cells[inside], bins=edges, weights=share[inside])
    assert expected == pytest.approx(spread(starts, stops, edges), abs=1e-9)


def test_spread_rejects_bad_input() -> None:
    """spread() names an item that ends before it starts, and edges that do not increase."""
    with pytest.raises(PlotError, match=r"stops\[1\]=1.0 is before starts\[1\]=2.0"):
        spread([0.0, 2.0], [1.0, 1.0], [0.0, 5.0])
    with pytest.raises(PlotError, match="strictly increasing"):
        spread([0.0], [1.0], [0.0, 0.0])


def test_a_strip_is_one_artist_per_lane_not_per_event() -> None:
    """However many events, each dense lane adds one strip and at most a few dozen markers."""
    counts = {"US": 3_000, "CN": 2_000, "FR": 1_000}
    _, ax = _figure()
    plot.timeline(_crowd(counts), ax=ax, window="all", density=True)
    strips = _strips(ax)
    assert ["aitimeline-density-0", "aitimeline-density-1", "aitimeline-density-2"] == [
        c.get_gid() for c in strips
    ]
    assert len(ax.get_children()) < 40
    assert len([i for c in _marks(ax) for i in _ids(c)]) <= 3 * DENSITY_LABELS
    assert [3_000, 2_000, 1_000] == [d.events for d in plot.layout(ax).density]


def test_density_labels_never_overlap_and_every_drop_is_counted() -> None:
    """A strip's labels do not overlap (measured); the rest are dropped, one "+k" per lane."""
    tl = _crowd({"US": 12_000, "CN": 11_000})
    fig, ax = _figure(12, 6)
    plot.timeline(tl, ax=ax, window="all", priority={"us-777": 9.0})
    texts = _drawn_texts(ax)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    assert [] == _overlaps(texts, renderer)
    result = plot.layout(ax)
    assert result.label("us-777") is not None
    placed = {p.id for p in result.labels}
    assert 20 <= len(placed) <= 2 * DENSITY_LABELS
    assert set() == placed & set(result.dropped)
    assert {e.id for e in tl} == placed | set(result.dropped)
    by_lane = {m.lane: m for m in result.merged}
    assert {"United States", "China"} == set(by_lane)
    assert {-1} == {m.level for m in result.merged}
    assert set(result.dropped) == _merged_ids(result)
    assert f"+{12_000 - len(placed & {e.id for e in tl if e.country == 'US'})} more" == (
        by_lane["United States"].text
    )
    lefts = sorted(p.box[0] for p in result.labels if p.lane == "China")
    middle = (ax.bbox.x0 + ax.bbox.x1) / 2
    assert lefts[0] < middle < lefts[-1]
    shown = {
        i
        for c in _marks(ax)
        for i, size in zip(_ids(c), np.broadcast_to(c.get_sizes(), len(_ids(c))), strict=True)
        if size > 0
    }
    assert placed == shown


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_timelines(), st.sampled_from([(6.0, 3.0), (10.0, 5.0)]))
def test_generated_density_strips_never_overlap_labels(
    tl: Timeline, size: tuple[float, float]
) -> None:
    """With every lane a strip, no two drawn labels overlap and every event is accounted for."""
    fig, ax = _figure(*size)
    plot.timeline(tl, ax=ax, window="all", density=True, today="2024-06-01")
    texts = _drawn_texts(ax)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    assert [] == _overlaps(texts, renderer)
    result = plot.layout(ax)
    assert {e.id for e in tl} <= {p.id for p in result.labels} | set(result.dropped)
    lanes = {e.country for e in tl if e.kind == "release"}
    assert len(lanes) == len(result.density)
    strips = sum(d.events for d in result.density)
    assert sum(1 for e in tl if e.kind == "release") == strips
    assert strips == pytest.approx(sum(d.total for d in result.density))
    plt.close("all")


def _strip_in(days: int) -> tuple[DensityStrip, tuple[float, float]]:
    """Return the density strip drawn for a view of *days* days from 6 March 2024, 700 pt wide.

    The axes fill a figure 700 points wide; the events are spread over the view.
    """
    first = dt.date(2024, 3, 6)
    fig = Figure(figsize=(700 / 72, 2))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    events = [
        Release(
            id=f"e{k}",
            when=(first + dt.timedelta(days=k * days // 20)).isoformat(),
            title="e",
            model="e",
        )
        for k in range(20)
    ]
    last = first + dt.timedelta(days=days - 1)
    plot.timeline(Timeline(events), ax=ax, density=True, window=(first, last), legend=False)
    (strip,) = plot.layout(ax).density
    lo, hi = ax.get_xlim()
    return strip, (float(lo), float(hi))


def test_density_bins_follow_the_span_and_width() -> None:
    """The bin is the finest unit at least 2.5 points wide; weeks start on Mondays."""
    units = [_strip_in(days)[0].unit for days in (60, 3 * 365, 10 * 365, 40 * 365)]
    assert ["day", "week", "month", "year"] == units
    weeks, (start, end) = _strip_in(365)
    assert "week" == weeks.unit
    edges = [dt.date.fromordinal(round(x - OFFSET)) for x in weeks.edges]
    assert {0} == {d.weekday() for d in edges}
    assert weeks.edges[0] <= start < weeks.edges[1]
    assert weeks.edges[-1] >= end
    months, _ = _strip_in(3650)
    assert {1} == {dt.date.fromordinal(round(x - OFFSET)).day for x in months.edges}
    assert 122 == len(months.edges)  # 1 March 2024 to 1 April 2034: every month the view touches


def test_density_legend_names_the_bin() -> None:
    """The legend says what the strip's colour counts: events per bin, up to the fullest bin."""
    _, ax = _figure()
    plot.timeline(_mixed(), ax=ax, window="all", density=True)
    legend = ax.get_legend()
    assert legend is not None
    peak = max(d.peak for d in plot.layout(ax).density)
    unit = plot.layout(ax).density[0].unit
    labels = [t.get_text() for t in legend.get_texts()]
    count = f"{peak:,.0f}" if peak >= 10 or peak == round(peak) else f"{peak:.2g}"
    assert f"events per {unit} (0\N{EN DASH}{count})" in labels


def test_density_svg_is_byte_identical(tmp_path: Path) -> None:
    """A timeline with density strips saves the same SVG twice, labelled events tagged."""

    def save(name: str) -> bytes:
        fig, ax = _figure()
        plot.timeline(_crowd({"US": 400, "CN": 300}), ax=ax, window="all", density=True)
        return plot.save(fig, tmp_path / name).read_bytes()

    first = save("a.svg")
    assert first == save("b.svg")
    assert b'class="aitimeline-event"' in first


# --------------------------------------------------------------------------------------------
# Lags and frontiers


def test_lag_on_a_timeline_adds_a_labelled_bracket() -> None:
    """plot.lag() on a timeline packs "leader → follower: 11 weeks" between their two lanes."""
    tl = _small()
    _, ax = _figure()
    plot.timeline(tl, ax=ax)
    first = catch_up(
        tl, capability="reasoning", leader=col("country") == "US", follower=col("country") == "CN"
    )
    assert ax is plot.lag(first, ax=ax)
    result = plot.layout(ax)
    labels = [p for p in result.labels if p.lane == "lags"]
    assert ["o1-preview \N{RIGHTWARDS ARROW} QwQ-32B-Preview: 11 weeks"] == [p.text for p in labels]
    us, china = result.baselines[:2]  # the leader's lane above, the follower's below
    assert china < labels[0].box[1] < labels[0].box[3] < us
    for p in result.labels:
        if p.lane not in ("lags", "periods"):
            assert p.box[3] <= labels[0].box[1] or labels[0].box[3] <= p.box[1]


def test_lag_on_plain_axes_draws_a_bracket_with_fuzzy_ends() -> None:
    """On plain axes a fuzzy lag is a bracket labelled with its range, ends as whiskers."""
    _, ax = _figure()
    span = lag("2024-09", "2024-11-28")
    plot.lag(span, ax=ax, y=1.0)
    texts = [t.get_text() for t in ax.texts]
    assert ["8.4\N{EN DASH}12.6 weeks"] == texts
    assert 4 == len(ax.lines)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "11.0 weeks"),
        ({"digits": 0}, "11 weeks"),
        ({"digits": 2}, "11.00 weeks"),
        ({"unit": "days"}, "77 days"),
        ({"unit": "months"}, "2.5 months"),
    ],
)
def test_lag_formats_like_dayrange_unless_told(kwargs: dict[str, object], expected: str) -> None:
    """By default a lag reads as str(DayRange) ("11.0 weeks"); digits= and unit= change it."""
    span = lag("2024-09-12", "2024-11-28")
    _, ax = _figure()
    plot.lag(span, ax=ax, **kwargs)  # type: ignore[arg-type]
    assert [expected] == [t.get_text() for t in ax.texts]
    if not kwargs:
        assert str(span.bounds) == ax.texts[0].get_text()


def test_lag_of_a_censored_result_raises() -> None:
    """A catch-up with no follower has no lag to draw."""
    first = catch_up(
        _small(),
        capability="reasoning",
        leader=col("country") == "US",
        follower=col("country") == "FR",
    )
    assert first.censored
    with pytest.raises(PlotError, match="no lag"):
        plot.lag(first, ax=_figure()[1])


def _svg(tmp_path: Path, name: str) -> bytes:
    """Draw the bundled race and save it as SVG; return the bytes."""
    fig, ax = _figure(12, 6)
    plot.timeline(ai_race(), ax=ax, today="2026-01-20", window="all", kinds="all")
    return plot.save(fig, tmp_path / name).read_bytes()


def test_svg_is_byte_identical_for_the_same_input(tmp_path: Path) -> None:
    """Saving the same timeline twice gives the same SVG bytes."""
    assert _svg(tmp_path, "a.svg") == _svg(tmp_path, "b.svg")


def test_svg_tags_every_event_with_its_id_and_a_title(tmp_path: Path) -> None:
    """Each event's marker is a <g id=EVENT-ID> with a <title> tooltip in the saved SVG."""
    svg = _svg(tmp_path, "race.svg").decode("utf-8")
    race = ai_race()
    for event in race:
        assert f'<g id="{event.id}" class="aitimeline-event"' in svg
    assert "<title>DeepSeek-R1 (and R1-Zero) released" in svg
    assert "#aitimeline-event:" not in svg
    assert "<dc:date>" not in svg


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_save_writes_raster_and_pdf(tmp_path: Path, suffix: str) -> None:
    """plot.save() writes PNG and PDF by suffix, the same bytes twice."""
    fig, ax = _figure()
    plot.timeline(_small(), ax=ax)
    first = plot.save(fig, tmp_path / f"a{suffix}").read_bytes()
    second = plot.save(fig, tmp_path / f"b{suffix}").read_bytes()
    assert first == second
    assert len(first) > 1000


def test_save_rejects_an_unknown_suffix(tmp_path: Path) -> None:
    """An unknown file suffix raises PlotError listing the formats."""
    fig, _ = _figure()
    with pytest.raises(PlotError, match=r"suffix '\.docx'"):
        plot.save(fig, tmp_path / "a.docx")


def test_marker_colours_stay_distinct() -> None:
    """The main kinds have distinct colours and distinct marker shapes."""
    main = ["release", "export_control", "policy", "ipo", "founding", "statement", "milestone"]
    colours = [to_rgba(plot.KIND_STYLES[k].color) for k in main]
    shapes = [plot.KIND_STYLES[k].marker for k in main]
    assert len(set(colours)) == len(main)
    assert len(set(shapes)) == len(main)
    assert np.all(np.isfinite(np.array(colours)))
