"""Time label layout and timeline drawing, against the plain matplotlib way, in one run.

Uses private helpers of aitimeline.plot on purpose (the per-lane layout search, the date
offset), to time exactly the parts the targets name.

1. Layout of 1,000 labels whose sizes are already measured: ``_layout.pack`` alone, and the
   best-of-six search ``plot.timeline`` runs per lane. Target: <= 50 ms.
2. Overlapping label pairs at 200 events: the matplotlib gallery's fixed stem heights
   against ``plot.timeline`` (both measured with the renderer). Target: 0 for ours.
3. 10,000 events drawn and saved as PNG with ``plot.timeline`` + ``plot.save``, against a
   naive loop of one ``annotate`` per event (the gallery recipe). Target: <= 2 s. (Two lanes
   of about 5,000 events each: under the density threshold, so these are markers.)
4. 100,000 events (two lanes, ever more frequent) drawn and saved as PNG as density strips,
   the default above 10,000 events a lane, against the same events as markers
   (``density=False``) in the same run. Target: <= 3 s for the strips.
5. A zoom of the 10,000-event timeline (the view narrowed to a tenth, as a live backend's
   zoom does with ``set_xlim``) redrawn with Agg: the labels are laid out again for the
   new view. Target: <= 0.3 s.

Times are the best of a few runs; ratios are naive / ours. Run with ``make bench`` or
``python benchmarks/bench_plot.py``; ``--image PATH`` also writes the 100,000-event figure
(the picture in docs/plotting.md: ``--image docs/img/plotting_density.png``).
"""

# ruff: noqa: SLF001 - times private helpers of aitimeline.plot on purpose
from __future__ import annotations

import argparse
import itertools
import math
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import matplotlib as mpl

mpl.use("Agg")

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

from _harness import best_of, chosen_sizes, size_arguments
from aitimeline import plot
from aitimeline._dates import When
from aitimeline._events import Release
from aitimeline._layout import pack
from aitimeline._timeline import Timeline
from aitimeline.plot import _keys as p_keys
from aitimeline.plot import _measure as p_measure
from aitimeline.plot import _plan as p_plan

LAYOUT_N = 1_000
OVERLAP_N = 200
DRAW_N = 10_000
DENSITY_N = 100_000
DAYS = 3 * 365


def synthetic(n: int, seed: int, *, growing: bool = False) -> Timeline:
    """Return *n* releases over three years in two lanes, a tenth of them month-precise.

    Evenly spread and shared between the lanes; or, *growing*, ever more frequent (the rate
    rises linearly from zero) with China's share rising from 30 % to 60 %.
    """
    rng = np.random.default_rng(seed)
    start = When.day(2023, 1, 1).earliest
    if growing:
        days = np.sort((DAYS * np.sqrt(rng.random(n))).astype(np.int64))
    else:
        days = np.sort(rng.integers(0, DAYS, n))
    events = []
    for i, d in enumerate(days.tolist()):
        day = start.add(days=d)
        when = day.isoformat()[:7] if i % 10 == 0 else day.isoformat()
        name = f"Model-{i} {'XL' * int(rng.integers(0, 3))}".strip()
        draw = rng.random()
        us = draw >= 0.3 + 0.3 * d / DAYS if growing else draw < 0.5
        events.append(
            Release(
                id=f"m{i}",
                when=when,
                title=name,
                model=name,
                country="US" if us else "CN",
            )
        )
    return Timeline(events)


def bench_layout() -> None:
    """Time pack() on 1,000 pre-measured labels, alone and as the plot's best-of-six."""
    rng = np.random.default_rng(1)
    anchors = np.sort(rng.uniform(0, 1200, LAYOUT_N))
    widths = rng.uniform(30, 120, LAYOUT_N)
    heights = np.full(LAYOUT_N, 12.0)
    priority = rng.integers(0, 3, LAYOUT_N).astype(np.float64)
    keys = [str(i) for i in range(LAYOUT_N)]

    def one() -> object:
        return pack(anchors, widths, heights, priority, max_levels=8, bounds=(0.0, 1200.0))

    def six() -> object:
        return p_plan._best_pack(
            anchors,
            widths,
            heights,
            priority,
            keys=keys,
            max_levels=8,
            gap=5.0,
            row_gap=2.0,
            bounds=(0.0, 1200.0),
            stems=True,
            merge_size=(20.0, 12.0),
            merge_all=True,
        )

    def six_small() -> object:
        n = p_plan._CANDIDATE_LIMIT
        return p_plan._best_pack(
            anchors[:n],
            widths[:n],
            heights[:n],
            priority[:n],
            keys=keys[:n],
            max_levels=8,
            gap=5.0,
            row_gap=2.0,
            bounds=(0.0, float(anchors[n - 1])),
            stems=True,
            merge_size=(20.0, 12.0),
            merge_all=True,
        )

    t_one = best_of(one, 5)
    t_six = best_of(six, 3)
    t_small = best_of(six_small, 3)
    placed = len(pack(anchors, widths, heights, priority, max_levels=8).placements)
    print(
        f"layout of {LAYOUT_N} labels, 8 levels: pack() {t_one * 1e3:.1f} ms ({placed} placed); "
        f"as plot.timeline lays out a lane of {LAYOUT_N} {t_six * 1e3:.1f} ms "
        f"[target <= 50 ms]; best of six candidates for a lane of "
        f"{p_plan._CANDIDATE_LIMIT} {t_small * 1e3:.1f} ms"
    )


def overlapping_pairs(texts: Sequence[Text], fig: Figure) -> int:
    """Return how many pairs of drawn texts overlap, measured with the renderer."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in texts if t.get_text()]
    return sum(
        1
        for p, q in itertools.combinations(boxes, 2)
        if p.x0 < q.x1 and q.x0 < p.x1 and p.y0 < q.y1 and q.y0 < p.y1
    )


def gallery(tl: Timeline, ax: Axes) -> list[Text]:
    """Draw *tl* as the matplotlib gallery does: fixed cycling stem heights, one annotate each."""
    offset = p_keys._date_offset()
    xs = [p_keys._instant(e.when).earliest_ordinal + offset for e in tl]
    levels = np.tile([-5, 5, -3, 3, -1, 1], math.ceil(len(xs) / 6))[: len(xs)]
    ax.vlines(xs, 0, levels, color="tab:red")
    ax.plot(xs, np.zeros(len(xs)), "-o", color="k", markerfacecolor="w")
    texts: list[Text] = []
    for x, level, event in zip(xs, levels, tl, strict=True):
        texts.append(
            ax.annotate(
                getattr(event, "model", event.title),
                xy=(x, level),
                xytext=(-3, np.sign(level) * 3),
                textcoords="offset points",
                horizontalalignment="right",
                verticalalignment="bottom" if level > 0 else "top",
            )
        )
    ax.xaxis_date()
    return texts


def bench_overlaps() -> None:
    """Count overlapping label pairs at 200 events: gallery recipe against plot.timeline."""
    tl = synthetic(OVERLAP_N, 2)
    fig = Figure(figsize=(12, 6))
    FigureCanvasAgg(fig)
    texts = gallery(tl, fig.subplots())
    fig.canvas.draw()
    naive = overlapping_pairs(texts, fig)
    fig2 = Figure(figsize=(12, 6))
    FigureCanvasAgg(fig2)
    ax = fig2.subplots()
    plot.timeline(tl, ax=ax)
    fig2.canvas.draw()
    ours = overlapping_pairs(plot.layout(ax).texts, fig2)
    shown = len(plot.layout(ax).labels)
    print(
        f"overlapping label pairs at {OVERLAP_N} events: gallery {naive}, "
        f"plot.timeline {ours} ({shown} labels shown, the rest reported as dropped)"
    )


def bench_draw() -> None:
    """Time 10,000 events drawn and saved as PNG, against one annotate per event."""
    tl = synthetic(DRAW_N, 3)
    prop = FontProperties(size="small")
    p_measure._text_widths(["warm up"], prop, 100.0)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        drawn: list[Axes] = []

        def ours() -> None:
            fig = Figure(figsize=(12, 6), dpi=100)
            ax = fig.subplots()
            plot.timeline(tl, ax=ax, window="all")
            plot.save(fig, folder / "ours.png")
            drawn[:] = [ax]

        def naive() -> None:
            fig = Figure(figsize=(12, 6), dpi=100)
            FigureCanvasAgg(fig)
            gallery(tl, fig.subplots())
            fig.savefig(folder / "naive.png")

        t_ours = best_of(ours, 3)
        t_naive = best_of(naive, 1)
    strips = len(plot.layout(drawn[0]).density)
    print(
        f"{DRAW_N} events drawn and saved as PNG: plot.timeline {t_ours:.2f} s "
        f"[target <= 2 s] ({strips} density strips: every event a marker); "
        f"one annotate per event {t_naive:.2f} s; ratio {t_naive / t_ours:.1f}x"
    )


def bench_density(image: Path | None) -> None:
    """Time 100,000 events drawn and saved as PNG: density strips against markers."""
    tl = synthetic(DENSITY_N, 4, growing=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def draw(density: bool | Literal["auto"], path: Path) -> Figure:  # noqa: FBT001 - local
            fig = Figure(figsize=(12, 6), dpi=100)
            ax = fig.subplots()
            plot.timeline(tl, ax=ax, density=density, window="all")
            plot.save(fig, path)
            return fig

        t_strips = best_of(lambda: draw("auto", folder / "strips.png"), 3)
        t_marks = best_of(lambda: draw(False, folder / "marks.png"), 2)  # noqa: FBT003
        fig = draw("auto", image or folder / "strips.png")
    result = plot.layout(fig.axes[0])
    strips = ", ".join(
        f"{d.lane} {d.events:,} events in {len(d.weights)} {d.unit}s (weight {d.total:,.6f})"
        for d in result.density
    )
    print(
        f"{DENSITY_N:,} events drawn and saved as PNG: density strips {t_strips:.2f} s "
        f"[target <= 3 s]; the same as markers (density=False) {t_marks:.2f} s; "
        f"ratio {t_marks / t_strips:.1f}x; {strips}; {len(result.labels)} labels shown"
    )
    if image is not None:
        print(f"wrote {image}")


def bench_zoom() -> None:
    """Time the redraw of a 10,000-event timeline after a zoom to a tenth of its span."""
    tl = synthetic(DRAW_N, 3)
    fig = Figure(figsize=(12, 6), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    plot.timeline(tl, ax=ax, window="all")
    fig.canvas.draw()
    lo, hi = ax.get_xlim()
    views = itertools.cycle([(lo + f * (hi - lo), lo + (f + 0.1) * (hi - lo)) for f in (0.2, 0.5)])

    def zoom() -> None:
        ax.set_xlim(*next(views))
        fig.canvas.draw()

    t_zoom = best_of(zoom, 5)
    shown = len(plot.layout(ax).labels)
    print(
        f"zoom redraw of {DRAW_N} events (view a tenth of the span): {t_zoom:.3f} s "
        f"[target <= 0.3 s]; {shown} labels laid out for the new view"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--image", type=Path, help="also write the 100,000-event figure here")
    sizes = (LAYOUT_N, OVERLAP_N, DRAW_N, DENSITY_N)
    # --sizes runs the steps of those event counts; every step is at most 10^5 (--quick)
    size_arguments(parser, sorted(sizes))
    args = parser.parse_args()
    chosen = chosen_sizes(args)
    steps: list[tuple[int, Callable[[], None]]] = [
        (LAYOUT_N, bench_layout),
        (OVERLAP_N, bench_overlaps),
        (DRAW_N, bench_draw),
        (DENSITY_N, lambda: bench_density(args.image)),
        (DRAW_N, bench_zoom),
    ]
    for n, step in steps:
        if n in chosen:
            step()
