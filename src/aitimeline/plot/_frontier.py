"""Frontiers drawn as step lines, with the gap and the daily lag."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import matplotlib.dates as mdates
import numpy as np
import numpy.typing as npt
from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform

from aitimeline._dates import MONTH_DAYS
from aitimeline._layout import check_options
from aitimeline.exceptions import PlotError
from aitimeline.plot._keys import _date_offset, _tooltip, default_label
from aitimeline.plot._marks import _EventMarks, _marker_path
from aitimeline.plot._notes import _ModelNotes, _step_segments
from aitimeline.plot._options import ThemeOption
from aitimeline.plot._style import (
    OKABE_ITO,
    Theme,
    ThemeName,
    _axes,
    _date_axis,
    _legend_box,
    _paint,
    _theme,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from aitimeline._metrics import FrontierLag


def frontier(
    result: FrontierLag,
    ax: Axes | None = None,
    *,
    lag_ax: Axes | Literal[False] | None = None,
    leader: str = "Leader",
    follower: str = "Follower",
    theme: ThemeName | Theme | None = None,
    annotate: Iterable[str] | int = 0,
    **kwargs: Any,  # noqa: ANN401 - forwarded to both step lines
) -> Axes:
    """Draw a leader's and a follower's frontiers as step lines, the gap between them shaded.

    Each series is named at the end of its line (no legend needed for them). When the
    frontier spans more than 30 months, the date axis has a tick each 1 January, labelled
    with the year.

    The daily lag (how long ago the leader's frontier was where the follower's is now) goes on
    *lag_ax*: by default a second y axis on the right, drawn as a light area so the two
    scales are not confused; pass an axes of your own (a panel below, with a shared x) or
    False for none. Days where the follower is below every leader record are censored: the
    lag there is at least the value drawn, and is hatched.

    Args:
        result: What :func:`~aitimeline.frontier_lag` returns.
        ax: The axes for the frontiers (default: ``plt.gca()``).
        lag_ax: Where to draw the daily lag; None for a twin axis, False for none.
        leader: Name of the leader group, written at the end of its line.
        follower: Name of the follower group, written at the end of its line.
        theme: As for :func:`timeline`.
        annotate: Models to name at their points: event ids, or a number *n* for the *n*
            steps of each frontier that raised it most (each step is the first model to
            reach its level).
        **kwargs: Passed to both step lines (for example ``linewidth``).

    Returns:
        The frontier axes.

    Raises:
        PlotError: Neither frontier has a step.
    """
    ax = _axes(ax)
    check_options(ThemeOption, "frontier()", {"theme": theme})
    th = _theme(theme)
    if theme is not None:
        _paint(ax, th)
    offset = _date_offset()
    lead = result.leader_frontier.steps
    foll = result.follower_frontier.steps
    if not lead and not foll:
        msg = "result has no frontier steps to draw; are there scores in the window?"
        raise PlotError(msg)
    start = min([s.day for s in (*lead, *foll)] + [result.start]).toordinal() + offset
    end = result.end.toordinal() + 1 + offset
    grid = np.arange(math.floor(start), math.ceil(end) + 1, dtype=np.float64)
    lead_y = _step_values(lead, grid, offset)
    foll_y = _step_values(foll, grid, offset)
    blue, orange = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
    options: dict[str, Any] = {"linewidth": 2.0, "where": "post"}
    options.update(kwargs)
    ax.step(grid, lead_y, color=blue, label=leader, **options)
    ax.step(grid, foll_y, color=orange, label=follower, **options)
    gap = np.isfinite(lead_y) & np.isfinite(foll_y) & (lead_y > foll_y)
    ax.fill_between(
        grid,
        np.where(gap, foll_y, np.nan),
        np.where(gap, lead_y, np.nan),
        step="post",
        color=orange,
        alpha=0.15,
        linewidth=0,
        label="gap",
    )
    _frontier_points(ax, lead, offset, blue, th)
    _frontier_points(ax, foll, offset, orange, th)
    _end_labels(ax, grid, ((lead_y, leader, blue), (foll_y, follower, orange)))
    _annotate(ax, (lead, foll), (blue, orange), annotate, offset, float(grid[-1]))
    _frame(ax, result, grid, th)
    handles, labels = ax.get_legend_handles_labels()
    legend_ax = ax
    if lag_ax is not False and result.series:
        target = ax.twinx() if lag_ax is None else lag_ax
        if theme is not None:
            _paint(target, th, background=lag_ax is not None)
        extra = _daily_lag(target, result, offset, th, twin=lag_ax is None)
        if lag_ax is None:  # one legend for both scales, on the twin, which is drawn on top
            handles += extra
            labels += [str(h.get_label()) for h in extra]
            legend_ax = target
        else:
            target.legend(handles=extra, loc="best", **_legend_box(th))
            if grid[-1] - grid[0] > _YEARLY_DAYS:
                _year_axis(target)
    if legend_ax is ax:  # the lines are named at their ends: the legend keeps the gap only
        keep = [i for i, h in enumerate(handles) if not isinstance(h, Line2D)]
        handles, labels = [handles[i] for i in keep], [labels[i] for i in keep]
    legend_ax.legend(handles, labels, loc="upper left", **_legend_box(th))
    return ax


def _frame(ax: Axes, result: FrontierLag, grid: npt.NDArray[np.float64], th: Theme) -> None:
    """Label the score axis, set the date axis and draw the quiet frame of a frontier."""
    ax.set_ylabel(result.metric + (f" ({result.transform})" if result.transform else ""))
    ax.set_xlim(grid[0], grid[-1])
    ax.xaxis_date()
    _date_axis(ax)
    if grid[-1] - grid[0] > _YEARLY_DAYS:
        _year_axis(ax)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(visible=True, axis="y", color=th.rule, linewidth=0.6)
    ax.set_axisbelow(True)


_YEARLY_DAYS: Final = 30 * MONTH_DAYS
"""Above this span the frontier's date axis ticks each year (with months as minor ticks)."""


def _year_axis(ax: Axes) -> None:
    """Tick each 1 January, labelled with the year, and each month with a minor tick."""
    ax.xaxis.set_major_locator(mdates.YearLocator())  # type: ignore[no-untyped-call]  # untyped in matplotlib
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))  # type: ignore[no-untyped-call]  # untyped in matplotlib
    ax.xaxis.set_minor_locator(mdates.MonthLocator())  # type: ignore[no-untyped-call]  # untyped in matplotlib


def _end_labels(
    ax: Axes,
    grid: npt.NDArray[np.float64],
    series: Sequence[tuple[npt.NDArray[np.float64], str, str]],
) -> None:
    """Name each series just right of its last value, in its colour, kept apart vertically."""
    ends = [
        (float(ys[np.isfinite(ys)][-1]), name, colour)
        for ys, name, colour in series
        if np.isfinite(ys).any()
    ]
    ends.sort(key=lambda e: e[0])
    for k, (y, name, colour) in enumerate(ends):
        text = ax.annotate(
            name,
            (float(grid[-1]), y),
            xytext=(6, -5 if k == 0 and len(ends) > 1 else 5 if len(ends) > 1 else 0),
            textcoords="offset points",
            va="center",
            ha="left",
            color=colour,
            fontweight="bold",
            annotation_clip=False,
        )
        text.set_parse_math(False)
        text.set_gid("aitimeline-series-label")


def _annotate(
    ax: Axes,
    frontiers: tuple[Sequence[Any], Sequence[Any]],
    colours: tuple[str, str],
    annotate: Iterable[str] | int,
    offset: float,
    end: float,
) -> None:
    """Name the chosen models at their frontier points (see *annotate* of :func:`frontier`).

    The names are placed when the figure is drawn, clear of both lines, their points, each
    other, the series names and the legend (:class:`~aitimeline.plot._notes._ModelNotes`).
    """
    chosen: list[tuple[Any, str]] = []
    for steps, colour in zip(frontiers, colours, strict=True):
        if isinstance(annotate, int):
            rises = [
                (s.value - (steps[i - 1].value if i else s.value), i) for i, s in enumerate(steps)
            ]
            picks = sorted(i for _, i in sorted(rises, reverse=True)[:annotate] if i)
            chosen += [(steps[i], colour) for i in picks]
        else:
            wanted = set(annotate)
            chosen += [(s, colour) for s in steps if s.event.id in wanted]
    notes: list[tuple[Text, tuple[float, float]]] = []
    for step, colour in chosen:
        model = getattr(step.event, "model", "")
        text = Text(
            0.0,
            0.0,
            model if isinstance(model, str) and model else default_label(step.event),
            fontsize="small",
            color=colour,
            parse_math=False,
        )
        text.set_gid(f"aitimeline-model-{step.event.id}")
        notes.append((text, (step.day.toordinal() + offset, step.value)))
    if not notes:
        return
    segments = np.concatenate(
        [
            _step_segments(
                [s.day.toordinal() + offset for s in steps], [s.value for s in steps], end
            )
            for steps in frontiers
        ]
    )
    points = np.array(
        [(s.day.toordinal() + offset, s.value) for steps in frontiers for s in steps],
        dtype=np.float64,
    ).reshape(-1, 2)
    ax.add_artist(_ModelNotes(notes, segments, points))


def _step_values(
    steps: Sequence[Any], grid: npt.NDArray[np.float64], offset: float
) -> npt.NDArray[np.float64]:
    """Return the frontier's value on each day of *grid* (NaN before its first step)."""
    out = np.full(grid.shape, np.nan)
    if not steps:
        return out
    days = np.array([s.day.toordinal() + offset for s in steps])
    values = np.array([s.value for s in steps], dtype=np.float64)
    k = np.searchsorted(days, grid, side="right") - 1
    out[k >= 0] = values[k[k >= 0]]
    return out


def _frontier_points(
    ax: Axes, steps: Sequence[Any], offset: float, colour: str, theme: Theme
) -> None:
    """Mark each score that raised a frontier, with its event id in SVG output."""
    if not steps:
        return
    events = [s.event for s in steps]
    coll = _EventMarks(
        (_marker_path("o"),),
        ids=[e.id for e in events],
        tooltips=[f"{_tooltip(e)}: {s.value:g}" for e, s in zip(events, steps, strict=True)],
        sizes=np.full(1, 22.0),
        offsets=np.column_stack(
            [[s.day.toordinal() + offset for s in steps], [s.value for s in steps]]
        ),
        offset_transform=ax.transData,
        facecolors=colour,
        edgecolors=theme.background,
        linewidths=0.6,
        zorder=3.0,
    )
    coll.set_transform(IdentityTransform())
    ax.add_collection(coll, autolim=True)


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Return the ``(start, stop)`` index ranges where *mask* is true."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _daily_lag(
    ax: Axes, result: FrontierLag, offset: float, theme: Theme, *, twin: bool
) -> list[Artist]:
    """Draw the daily lag in months, and censored days as a hatched band with a lower bound.

    On a censored day the follower is below every leader record (or has no score yet), so
    the lag is unknown but at least the time since the leader's first record: that bound is
    drawn as a dashed line with arrows pointing up, over a hatched band across the panel.

    Returns:
        The legend handles of what was drawn.
    """
    days = np.array([p.day.toordinal() + offset for p in result.series], dtype=np.float64)
    months = np.array(
        [np.nan if p.lag_days is None else p.lag_days / MONTH_DAYS for p in result.series]
    )
    censored = np.array([p.censored for p in result.series], dtype=bool)
    colour = theme.muted
    handles: list[Artist] = [
        ax.fill_between(
            days,
            0,
            np.where(censored, np.nan, months),
            step="post",
            color=colour,
            alpha=0.22 if twin else 0.35,
            linewidth=0,
            label="lag (months)",
        )
    ]
    bound = np.full(days.shape, np.nan)
    if censored.any():
        runs = _runs(censored)
        band = PolyCollection(
            [
                [(days[a], 0), (days[b - 1] + 1, 0), (days[b - 1] + 1, 1), (days[a], 1)]
                for a, b in runs
            ],
            facecolors="none",
            edgecolors=mcolors.to_rgba(colour, 0.5),
            hatch="///",
            linewidths=0,
            transform=ax.get_xaxis_transform(),
            zorder=0.8,
            label="not yet matched (censored)",
        )
        band.set_gid("aitimeline-censored")
        ax.add_collection(band, autolim=False)
        handles.append(band)
        steps = result.leader_frontier.steps
        if steps:
            first = steps[0].day.toordinal() + offset
            bound = np.where(censored & (days >= first), (days - first) / MONTH_DAYS, np.nan)
        if np.isfinite(bound).any():
            (line,) = ax.plot(
                days,
                bound,
                color=theme.foreground,
                linewidth=1.2,
                linestyle=(0, (4, 2)),
                label="lag at least (time since the leader's first record)",
            )
            line.set_gid("aitimeline-lag-bound")
            handles.append(line)
            _bound_arrows(ax, days, bound, runs, theme.foreground)
    ax.set_ylabel("lag behind leader (months)", color=colour)
    ax.tick_params(axis="y", colors=colour)
    values = np.concatenate([months, bound])
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    ax.set_ylim(0, (top or 1.0) * (3.0 if twin else 1.15))
    ax.spines["top"].set_visible(False)
    if not twin:  # a panel of its own: the same quiet frame as the frontier panel
        ax.spines["right"].set_visible(False)
        ax.xaxis_date()
        _date_axis(ax)
        ax.grid(visible=True, axis="y", color=theme.rule, linewidth=0.6)
        ax.set_axisbelow(True)
    return handles


def _bound_arrows(
    ax: Axes,
    days: npt.NDArray[np.float64],
    bound: npt.NDArray[np.float64],
    runs: list[tuple[int, int]],
    colour: str,
) -> None:
    """Point up from the lower bound in the middle and at the end of each censored run."""
    for a, b in runs:
        known = [i for i in range(a, b) if np.isfinite(bound[i])]
        if not known:
            continue
        for i in sorted({known[len(known) // 2], known[-1]}):
            arrow = ax.annotate(
                "",
                xy=(days[i], bound[i]),
                xytext=(0, 14),
                textcoords="offset points",
                arrowprops={"arrowstyle": "<|-", "color": colour, "linewidth": 1.0},
                annotation_clip=False,
            )
            arrow.set_gid("aitimeline-lag-bound-arrow")
