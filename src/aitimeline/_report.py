"""Build the AI-race report: two charts, a lag table and a page that shows them together.

:func:`build_report` is what ``python -m aitimeline report --out DIR`` (and ``make demo``)
runs. From the bundled dataset (:func:`aitimeline.datasets.ai_race`) and Epoch AI's
Capabilities Index (the snapshot bundled in the package, :func:`aitimeline.datasets.eci`, or
the newest table in a folder given with ``--data DIR`` or ``$AITIMELINE_DATA``) it writes:

- ``ai_race_timeline.png`` / ``.svg``: US and Chinese events in two lanes, the export controls
  shaded behind them, the IPOs, and the reasoning-model race with its lag brackets;
- ``eci_gap.png`` / ``.svg``: the US and Chinese ECI frontiers and the daily gap between them;
- ``gap_sensitivity.png`` / ``.svg``: China's gap to the US under each of Epoch AI's methods,
  tolerances, snapshots and windows (:func:`aitimeline.epoch.gap_sensitivity`; needs pandas,
  and is left out with a note on the page without it);
- ``lags.md``: the reasoning-race lags and the ECI gap summary, as Markdown tables;
- ``factcheck.html``: the articles' claims checked against the record;
- ``index.html``: a static page (no script, no network) showing all of it, with relative links,
  the charts as SVG (hover an event for its tooltip), readable on a phone's width.

This module sits between :mod:`aitimeline.plot` and the command line; it is the only place
that saves figures to files.
"""

from __future__ import annotations

import html
import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, TextIO

import attrs

from aitimeline._atomic import write_text_atomic
from aitimeline._epoch import read_epoch_csv
from aitimeline._events import Event, Release, Score
from aitimeline._factcheck import FACTCHECK_FILE, verdict_counts, write_factcheck
from aitimeline._html import PAGE_CSS, chart_html, html_table, md_table
from aitimeline._metrics import (
    CatchUp,
    FrontierLag,
    Lag,
    Method,
    catch_up,
    frontier_lag,
    lag,
)
from aitimeline._query import col
from aitimeline._timeline import Timeline
from aitimeline.exceptions import DataFileError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "DATA_ENV",
    "ECI_FILE",
    "ECI_PATTERNS",
    "REASONING_PAIRS",
    "SENSITIVITY_FILE",
    "SHORT_LABELS",
    "SOURCE_LINE",
    "TIMELINE_FILE",
    "TIMELINE_KINDS",
    "TIMELINE_WINDOW",
    "LagRow",
    "Report",
    "build_report",
    "compute_report",
    "eci_figure",
    "eci_gap",
    "eci_scores",
    "find_data_dir",
    "first_reasoning",
    "index_html",
    "lags_markdown",
    "reasoning_lags",
    "sensitivity_figure",
    "timeline_figure",
]

DATA_ENV: Final = "AITIMELINE_DATA"
"""The environment variable naming a folder of Epoch AI data to use instead of the bundled one."""

ECI_PATTERNS: Final = ("epoch_capabilities_index_*.csv*", "eci_scores_*.csv*")
"""File names the ECI table is looked for under in a data folder (``.csv`` or ``.csv.gz``), in
order; the newest match of a pattern wins."""

REASONING_PAIRS: Final = (
    ("openai-o1-preview", "qwq-32b-preview"),
    ("openai-o1-preview", "deepseek-r1-lite-preview"),
    ("openai-o1-preview", "deepseek-r1"),
    ("openai-o1", "deepseek-r1"),
)
"""The ``(leader, follower)`` ids of the reasoning-race lags in the table and on the chart.

A pair is shown when both events are in the dataset (full o1, ``openai-o1``, may be absent).
"""

TIMELINE_FILE: Final = "ai_race_timeline"
"""The stem of the timeline chart's files (``.png`` and ``.svg``)."""
ECI_FILE: Final = "eci_gap"
"""The stem of the ECI gap chart's files."""
SENSITIVITY_FILE: Final = "gap_sensitivity"
"""The stem of the sensitivity chart's files."""
_FIGSIZE: Final = MappingProxyType(
    {TIMELINE_FILE: (16.0, 6.2), ECI_FILE: (11.0, 7.4), SENSITIVITY_FILE: (10.0, 8.5)}
)
"""Each chart's size in inches: the figure's, and the aspect ratio the page reserves for it."""
TIMELINE_WINDOW: Final = ("2022-07-01", "2026-01-31")
"""The period the timeline chart shows: from the first US chip export ban to the IPOs."""
TIMELINE_KINDS: Final = ("release", "export_control", "ipo", "hardware")
"""The kinds of event the timeline chart shows (statements and milestones would crowd it)."""
SHORT_LABELS: Final = MappingProxyType(
    {
        "deepseek-r1-lite-preview": "R1-Lite-Preview",
        "qwq-32b-preview": "QwQ-32B",
        "deepseek-v3": "V3",
        "deepseek-v3-base-weights": "V3 weights",
        "gemini-2-flash-thinking": "Gemini Flash Thinking",
        "openai-o3-announced": "o3 (announced)",
        "us-chip-export-ban-2022": "Chip export ban",
        "us-chip-controls-2023": "Controls tightened",
        "us-chip-controls-2024-12": "HBM and SME controls",
        "ai-diffusion-rule": "AI diffusion rule",
        "h200-ban-lifted": "H200 sales allowed",
        "h200-licensing-rule": "H200 licensing rule",
        # periods in force: their bars have room for a short name, not for the full title
        "us-ymtc-entity-list-2022": "YMTC and 35 others on the Entity List",
        "cn-gallium-germanium-controls-2023": "China: gallium and germanium controls",
        "cn-graphite-controls-2023": "China: graphite controls",
        "cn-antimony-controls-2024": "China: antimony controls",
        "cn-us-ban-gallium-germanium-antimony-2024": "China bans gallium etc. to the US",
        "us-foundry-due-diligence-rule-2025": "Foundry due-diligence rule",
        "us-zhipu-sophgo-entity-list-2025": "Zhipu and Sophgo on the Entity List",
        "cn-rare-earth-controls-2025-04": "China: rare-earth controls",
        "us-h20-mi308-licence-requirement-2025": "H20 and MI308 licence requirement",
        "us-veu-revocation-china-fabs-2025": "VEU status revoked for fabs in China",
        "us-bis-affiliates-rule-2025": "Affiliates Rule",
        "cn-rare-earth-controls-2025-10": "China: October rare-earth controls",
        "cn-oct2025-controls-suspension-2025": "China suspends its October controls",
        "cn-us-ban-suspension-2025": "China suspends its ban to the US",
        "us-affiliates-rule-suspension-2025": "Affiliates Rule suspended",
    }
)
"""Short chart labels for events whose default label is long (others keep theirs)."""
SOURCE_LINE: Final = "Source: Epoch AI (CC-BY 4.0); aitimeline"
"""The source line under the report's charts."""


# --------------------------------------------------------------------------------------------
# Finding the data


def find_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the folder of Epoch AI tables to use instead of the bundled snapshot, if any.

    That is *data_dir* if given, else the folder named by the ``AITIMELINE_DATA`` environment
    variable, else None: the report then uses the snapshot bundled in the package.

    Args:
        data_dir: The folder, if the caller names one.

    Returns:
        The folder (which exists), or None for the bundled data.

    Raises:
        DataFileError: the folder given (or named by ``AITIMELINE_DATA``) is not a folder.
    """
    if data_dir is not None:
        return _existing(Path(data_dir), "data_dir")
    if env := os.environ.get(DATA_ENV):
        return _existing(Path(env), DATA_ENV)
    return None


def _existing(folder: Path, what: str) -> Path:
    if not folder.is_dir():
        msg = (
            f"{what}={str(folder)!r} is not a folder; point it at the folder holding "
            f"Epoch AI's {ECI_PATTERNS[0]}"
        )
        raise DataFileError(msg, path=str(folder))
    return folder


def _eci_file(folder: Path) -> Path:
    """Return the newest ECI table in *folder*."""
    for pattern in ECI_PATTERNS:
        found = sorted(folder.glob(pattern))
        if found:
            return found[-1]
    msg = (
        f"no ECI table in {folder}: expected a file named {' or '.join(ECI_PATTERNS)} "
        "(Epoch AI, epoch.ai/data); pass --data DIR or set "
        f"{DATA_ENV} to the folder that has it (or neither, for the bundled snapshot)"
    )
    raise DataFileError(msg, path=str(folder))


# --------------------------------------------------------------------------------------------
# What the report computes


@attrs.frozen
class LagRow:
    """One line of the lag table: a leader event, a follower event and the lag between."""

    label: str
    """What the line measures, e.g. ``"o1-preview → QwQ-32B-Preview"``."""
    leader: Event
    """The event the lag is measured from."""
    follower: Event
    """The event the lag is measured to."""
    lag: Lag
    """From the leader's date to the follower's."""


def _name(event: Event) -> str:
    """Return a short name for *event*: the model of a release or score, else the title."""
    if isinstance(event, Release | Score):
        return event.model
    return event.title


def reasoning_lags(race: Timeline) -> tuple[LagRow, ...]:
    """Return the lags of the reasoning-model race between the US and China.

    One row per pair in :data:`REASONING_PAIRS` whose two events are in *race* (o1-preview to
    QwQ-32B-Preview, to DeepSeek-R1-Lite-Preview; o1 to DeepSeek-R1), then the first US to the
    first Chinese reasoning model as :func:`~aitimeline.catch_up` finds them.

    Args:
        race: The AI-race timeline (:func:`aitimeline.datasets.ai_race`).

    Returns:
        The rows, in the order above.
    """
    rows = [
        LagRow(f"{_name(x)} \N{RIGHTWARDS ARROW} {_name(y)}", x, y, lag(x, y))
        for x, y in ((race[a], race[b]) for a, b in REASONING_PAIRS if a in race and b in race)
    ]
    first = first_reasoning(race)
    if first.follower is not None and first.lag is not None:
        label = (
            f"first US reasoning model ({_name(first.leader)}) \N{RIGHTWARDS ARROW} "
            f"first Chinese one ({_name(first.follower)})"
        )
        rows.append(LagRow(label, first.leader, first.follower, first.lag))
    return tuple(rows)


def first_reasoning(race: Timeline) -> CatchUp:
    """Return the first US and the first Chinese reasoning model, and the lag between them.

    Args:
        race: The AI-race timeline.

    Returns:
        :func:`~aitimeline.catch_up` with the capability ``"reasoning"``.
    """
    return catch_up(
        race,
        capability="reasoning",
        leader=col("country") == "US",
        follower=col("country") == "CN",
    )


def eci_scores(data_dir: str | os.PathLike[str] | None = None) -> tuple[Timeline, str]:
    """Read Epoch's Capabilities Index: the bundled snapshot, or the newest in a data folder.

    Args:
        data_dir: A folder of Epoch AI tables to use instead of the bundled snapshot (default:
            ``$AITIMELINE_DATA`` if set, see :func:`find_data_dir`).

    Returns:
        The ECI :class:`~aitimeline.Score` events and a label of what was read (the file name,
        with the snapshot's date and licence for the bundled one).

    Raises:
        DataFileError: the folder or the table is missing or unreadable.
    """
    folder = find_data_dir(data_dir)
    if folder is None:
        from aitimeline.datasets import eci  # noqa: PLC0415 - reads package data on demand

        result = eci()
        file = Path(str(result.metadata["file"])).name
        label = f"{file}, bundled snapshot {result.metadata['snapshot']}, CC-BY 4.0"
        return result.timeline, label
    path = _eci_file(folder)
    return read_epoch_csv(path).timeline, path.name


def eci_gap(scores: Timeline, *, method: Method = "daily") -> FrontierLag:
    """Return how far China's ECI frontier trails the US's (Epoch AI's methods).

    Keeps each model's best version (reasoning-effort rows collapse) and compares the
    frontier of Chinese models with that of US models with :func:`~aitimeline.frontier_lag`.

    Args:
        scores: ECI scores, as :func:`eci_scores` returns them.
        method: ``"daily"`` (the gap on every day) or ``"catch-up"`` (each US record and the
            first Chinese model to reach it).

    Returns:
        The frontier lag; its ``summary()`` is in months.

    Raises:
        MetricError: there is no US score.
    """
    return frontier_lag(
        scores,
        metric="eci",
        leader=col("country") == "US",
        follower=col("country") == "CN",
        method=method,
        collapse_variants=True,
    )


@attrs.frozen
class Report:
    """What the report shows, computed before anything is drawn or written."""

    race: Timeline
    """The AI-race timeline."""
    lags: tuple[LagRow, ...]
    """The reasoning-race lags."""
    gap: FrontierLag
    """The daily ECI frontier gap, China behind the US."""
    records: FrontierLag
    """The same by the catch-up method: each US record and the first Chinese model to reach it."""
    eci_source: str
    """The file name of the ECI table read."""
    verdicts: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    """Per reading of vague words, how many article claims are TRUE, FALSE and UNKNOWN."""
    sensitivity: pd.DataFrame | None = None
    """China's gap to the US under each choice of :func:`aitimeline.epoch.gap_sensitivity`
    (the US leader set), or None when pandas is not installed."""


def compute_report(data_dir: str | os.PathLike[str] | None = None) -> Report:
    """Load the data and compute everything the report shows.

    Args:
        data_dir: A folder of Epoch AI data (default: the bundled snapshot, see
            :func:`find_data_dir`).

    Returns:
        A :class:`Report`.

    Raises:
        DataFileError: the data folder or the ECI table is missing or unreadable.
    """
    from aitimeline.datasets import ai_race  # noqa: PLC0415 - loaded only when a report is made

    scores, source = eci_scores(data_dir)
    race = ai_race()
    return Report(
        race=race,
        lags=reasoning_lags(race),
        gap=eci_gap(scores),
        records=eci_gap(scores, method="catch-up"),
        eci_source=source,
        verdicts=verdict_counts(race),
        sensitivity=_sensitivity_table(),
    )


def _sensitivity_table() -> pd.DataFrame | None:
    """Return the China-vs-US sensitivity table on the bundled snapshots, or None without pandas."""
    try:
        import pandas as pd  # noqa: PLC0415, F401 - optional: the report says so when it is missing
    except ImportError:
        return None
    from aitimeline.epoch import gap_sensitivity  # noqa: PLC0415 - imports pandas

    return gap_sensitivity("china-vs-us", leaders=("US",))


# --------------------------------------------------------------------------------------------
# Markdown and HTML


def _fmt_months(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.1f}"


def _lag_cells(row: LagRow) -> tuple[str, ...]:
    lo, hi = row.lag.days
    days = f"{lo}" if lo == hi else f"{lo}\N{EN DASH}{hi}"
    return (
        row.label,
        str(row.leader.when),
        str(row.follower.when),
        days,
        row.lag.format("weeks"),
        row.lag.format("months"),
    )


_LAG_HEADER: Final = ("lag", "from", "to", "days", "weeks", "months")
_GAP_HEADER: Final = ("statistic", "months")
_RECORD_HEADER: Final = ("US record", "date", "first Chinese model at its level", "date", "months")


def _record_cells(records: FrontierLag) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (
            _name(p.leader),
            str(p.leader.when),
            _name(p.follower),
            str(p.follower.when),
            p.lag.format("months"),
        )
        for p in records.pairs
    ]
    rows.extend(
        (
            _name(c.leader),
            str(c.leader.when),
            "(none yet)",
            "",
            f"at least {c.age.format('months')}",
        )
        for c in records.censored_leaders
    )
    return rows


def _records_note(records: FrontierLag) -> str:
    return (
        "The same data by the catch-up method (Epoch AI, 2024): each score that raised the US "
        "frontier, and the first Chinese model to reach it. Records no Chinese model has "
        f"reached by {records.as_of} are listed with their age, a lower bound on their lag."
    )


def _gap_cells(gap: FrontierLag) -> list[tuple[str, str]]:
    s = gap.summary()
    return [(name, _fmt_months(s[name])) for name in ("mean", "median", "min", "max")]


def _gap_note(gap: FrontierLag, source: str) -> str:
    return (
        f"Epoch Capabilities Index ({source}), best version of each model, daily method: for "
        f"each day from {gap.start} to {gap.end}, the time since the US frontier was last at "
        f"or below the best Chinese score so far. {len(gap.lag_days)} days have a lag; "
        f"{gap.censored_days} days are censored (no Chinese score yet, or every Chinese score "
        "below the whole US frontier so far) and left out of the statistics. A month is "
        "365.2425 / 12 days."
    )


def lags_markdown(report: Report) -> str:
    """Return the lag table and the ECI gap summary as Markdown.

    Args:
        report: What :func:`compute_report` returns.

    Returns:
        The text of ``lags.md``.
    """
    lines = [
        "# The AI race: how far behind",
        "",
        "## The reasoning-model race",
        "",
        "Lags from a US release to a Chinese one. A lag is the range of whole days between",
        "every possible day of the two events (one number when both dates are exact days);",
        "weeks are 7 days and months 365.2425 / 12 days, rounded to one decimal when shown.",
        "",
        *md_table(_LAG_HEADER, [_lag_cells(r) for r in report.lags]),
        "",
        "## China's gap to the US on Epoch's Capabilities Index",
        "",
        _gap_note(report.gap, report.eci_source),
        "",
        *md_table(_GAP_HEADER, _gap_cells(report.gap)),
        "",
        _records_note(report.records),
        "",
        *md_table(_RECORD_HEADER, _record_cells(report.records)),
        "",
    ]
    return "\n".join(lines)


_TIMELINE_CAPTION: Final = (
    "US and Chinese events in two lanes; the US export controls in force as bars above them; "
    "the reasoning-model race with its lags."
)
_ECI_ALT: Final = "US and Chinese ECI frontiers and the daily gap between them"
_TIMELINE_ALT: Final = (
    "Timeline of US and Chinese model releases, chips and IPOs in two lanes, with the US "
    "export controls in force as bars above them and lag brackets for the reasoning race"
)


def _sensitivity_section(report: Report) -> str:
    table = report.sensitivity
    if table is None:
        return """<p class="note">The sensitivity chart needs pandas: install
<code>aitimeline[pandas]</code> and run the report again.</p>"""
    lo, hi = float(table["mean_months"].min()), float(table["mean_months"].max())
    caption = (
        f"China's mean gap to the US frontier under {len(table)} combinations of Epoch AI's "
        f"choices (method, tolerance, snapshot, window), on the snapshots bundled with "
        f"aitimeline: from {lo:.1f} to {hi:.1f} months. Each dot is a mean, each line the 5th "
        "to 95th percentile; the dashed line is Epoch AI's published figure."
    )
    alt = "The gap estimate under each combination of choices"
    return chart_html(SENSITIVITY_FILE, alt, caption, _FIGSIZE[SENSITIVITY_FILE])


def _verdict_rows(report: Report) -> list[tuple[str, ...]]:
    return [(name, *(str(n) for n in counts.values())) for name, counts in report.verdicts.items()]


def index_html(report: Report) -> str:
    """Return the static page that shows the charts and the tables together.

    Args:
        report: What :func:`compute_report` returns.

    Returns:
        The text of ``index.html``: no scripts, no external resources, relative links only;
        the charts are SVG documents that scale with the page, so it reads on a phone too.
    """
    esc = html.escape
    n = len(report.race)
    verdicts = ""
    if report.verdicts:
        verdicts = html_table(("reading", "TRUE", "FALSE", "UNKNOWN"), _verdict_rows(report))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>The AI race: US and China</title>
<style>{PAGE_CSS}</style>
</head>
<body>
<h1>The AI race: US and China</h1>
<p class="note">Made by aitimeline from its bundled dataset ({n} sourced events) and
Epoch AI's data (CC-BY 4.0, epoch.ai/data). Hover an event in a chart for its details.</p>
<nav><a href="#timeline">Timeline</a> <a href="#reasoning">Reasoning race</a>
<a href="#eci">ECI gap</a> <a href="#sensitivity">Sensitivity</a>
<a href="#factcheck">Fact check</a> <a href="lags.md">Tables as Markdown</a></nav>

<h2 id="timeline">Timeline</h2>
{chart_html(TIMELINE_FILE, _TIMELINE_ALT, _TIMELINE_CAPTION, _FIGSIZE[TIMELINE_FILE])}

<h2 id="reasoning">The reasoning-model race</h2>
{html_table(_LAG_HEADER, [_lag_cells(r) for r in report.lags])}

<h2 id="eci">China's gap to the US on Epoch's Capabilities Index</h2>
{chart_html(ECI_FILE, _ECI_ALT, esc(_gap_note(report.gap, report.eci_source)), _FIGSIZE[ECI_FILE])}
{html_table(_GAP_HEADER, _gap_cells(report.gap))}
<p>{esc(_records_note(report.records))}</p>
{html_table(_RECORD_HEADER, _record_cells(report.records))}

<h2 id="sensitivity">How much the gap depends on the method</h2>
{_sensitivity_section(report)}

<h2 id="factcheck">Fact check</h2>
<p>What the seed articles claim, checked against the record; the verdicts under each reading
of vague words (the <a href="{FACTCHECK_FILE}">fact check page</a> quotes every claim):</p>
{verdicts}

<p class="note">The same tables as Markdown: <a href="lags.md">lags.md</a>.</p>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Charts


def _short_label(event: Event) -> str:
    from aitimeline import plot  # noqa: PLC0415 - plot imports matplotlib

    return SHORT_LABELS.get(event.id, plot.default_label(event))


def timeline_figure(report: Report) -> Figure:
    """Draw the AI-race timeline: two lanes, export controls shaded, the reasoning race.

    Shows the events of :data:`TIMELINE_KINDS` in :data:`TIMELINE_WINDOW`, US and Chinese
    lanes, the reasoning-race events' labels first, and one lag bracket per pair of
    :func:`reasoning_lags`.

    Args:
        report: What :func:`compute_report` returns.

    Returns:
        A new figure (not registered with pyplot, so nothing needs closing).
    """
    from matplotlib.figure import Figure  # noqa: PLC0415 - matplotlib is imported lazily

    from aitimeline import plot  # noqa: PLC0415 - plot imports matplotlib

    fig = Figure(figsize=_FIGSIZE[TIMELINE_FILE], layout="constrained")
    ax = fig.subplots()
    shown = report.race.where(
        col("country").isin(["US", "CN"])
        & col("kind").isin(TIMELINE_KINDS)
        & col("when").between(*TIMELINE_WINDOW)
    )
    race_ids = {e.id for row in report.lags for e in (row.leader, row.follower)}
    priority = {
        **dict.fromkeys(race_ids, 12.0),
        "gemini-2-flash-thinking": 11.0,  # the second US reasoning model, the race's context
        "deepseek-v3": 11.0,
        "ipo": 10.0,
    }
    plot.timeline(
        shown,
        lanes="country",
        ax=ax,
        window=TIMELINE_WINDOW,
        max_lanes=2,
        priority=priority,
        focus=("reasoning",),
        label=_short_label,
    )
    drawn: set[tuple[str, str]] = set()
    for row in report.lags:  # the first-mover row may repeat a pair: draw each pair once
        pair = (row.leader.id, row.follower.id)
        if pair not in drawn:
            drawn.add(pair)
            plot.lag(row, ax=ax)
    plot.headline(
        fig,
        _timeline_title(report),
        subtitle="US and Chinese model releases, chips and IPOs, with US export controls "
        "in force (bars) and the reasoning race (brackets), "
        f"{TIMELINE_WINDOW[0][:4]}\N{EN DASH}{TIMELINE_WINDOW[1][:4]}",
        source=SOURCE_LINE,
    )
    return fig


def _timeline_title(report: Report) -> str:
    """Return the point of the timeline: how soon China's first reasoning model followed."""
    first = first_reasoning(report.race)
    if first.follower is None or first.lag is None:
        return "The AI race between the United States and China"
    weeks = first.lag.bounds.format("weeks", 0)
    return (
        f"China's first reasoning model came {weeks} after {_name(first.leader)}, "
        "under tightening US export controls"
    )


def eci_figure(report: Report) -> Figure:
    """Draw the ECI frontiers of the US and China and the daily gap.

    Args:
        report: What :func:`compute_report` returns.

    Returns:
        A new figure (not registered with pyplot).
    """
    from matplotlib.figure import Figure  # noqa: PLC0415 - matplotlib is imported lazily

    from aitimeline import plot  # noqa: PLC0415 - plot imports matplotlib

    fig = Figure(figsize=_FIGSIZE[ECI_FILE], layout="constrained")
    ax, lag_ax = fig.subplots(2, 1, sharex=True, height_ratios=(2.2, 1))
    plot.frontier(report.gap, ax=ax, lag_ax=lag_ax, leader="US", follower="China", annotate=2)
    ax.set_ylabel("ECI (best model so far)")
    lag_ax.set_ylabel("months behind")
    s = report.gap.summary()
    plot.headline(
        fig,
        f"China's best models trail the US frontier by about {_fmt_months(s['median'])} months",
        subtitle="Top: Epoch Capabilities Index (ECI) of each country's best model so far. "
        "Bottom: months since the US was at China's level",
        source=SOURCE_LINE,
    )
    return fig


def sensitivity_figure(table: pd.DataFrame) -> Figure:
    """Draw China's gap to the US under each choice of Epoch AI's (``Report.sensitivity``).

    Args:
        table: What :func:`aitimeline.epoch.gap_sensitivity` returns for ``"china-vs-us"``.

    Returns:
        A new figure (not registered with pyplot).
    """
    from matplotlib.figure import Figure  # noqa: PLC0415 - matplotlib is imported lazily

    from aitimeline import plot  # noqa: PLC0415 - plot imports matplotlib

    fig = Figure(figsize=_FIGSIZE[SENSITIVITY_FILE], layout="constrained")
    plot.sensitivity(table, ax=fig.subplots())
    lo, hi = table["mean_months"].min(), table["mean_months"].max()
    plot.headline(
        fig,
        f"Depending on the method, China trails the US by {lo:.0f} to {hi:.0f} months",
        subtitle="Mean gap on Epoch's Capabilities Index under each method, tolerance,\n"
        "snapshot and window; lines: 5th to 95th percentile",
        source=SOURCE_LINE,
    )
    return fig


def _save(fig: Figure, stem: Path) -> list[Path]:
    """Save *fig* as PNG and as deterministic SVG; return the two paths."""
    from aitimeline import plot  # noqa: PLC0415 - plot imports matplotlib

    return [
        plot.save(fig, stem.with_suffix(".png"), dpi=150),
        plot.save(fig, stem.with_suffix(".svg")),
    ]


# --------------------------------------------------------------------------------------------
# The report


def build_report(
    out_dir: str | os.PathLike[str],
    *,
    data_dir: str | os.PathLike[str] | None = None,
    progress: TextIO | None = None,
) -> list[Path]:
    """Write the AI-race report into *out_dir* and return the files written.

    Args:
        out_dir: The folder to write into; created (with its parents) if missing. Files of the
            same names in it are replaced.
        data_dir: A folder of Epoch AI data (default: the bundled snapshot, see
            :func:`find_data_dir`).
        progress: Where to write one line per step (default: ``sys.stderr``).

    Returns:
        The paths written: the timeline PNG and SVG, the ECI chart PNG and SVG, the sensitivity
        chart PNG and SVG (when pandas is installed), ``lags.md``, ``factcheck.html`` and
        ``index.html``, in that order.

    Raises:
        DataFileError: the data folder or a table in it is missing or unreadable.
        OSError: *out_dir* cannot be created or written to.
    """
    log = sys.stderr if progress is None else progress
    out = Path(out_dir)

    def say(text: str) -> None:
        log.write(f"report: {text}\n")
        log.flush()

    folder = find_data_dir(data_dir)
    if folder is not None:
        _eci_file(folder)  # fail on missing data, then on an unwritable folder, before the work
    out.mkdir(parents=True, exist_ok=True)
    where = "the package" if folder is None else folder
    say(f"reading the bundled dataset and Epoch AI data from {where}")
    report = compute_report(folder)
    say(
        f"{len(report.race)} events, {len(report.lags)} reasoning-race lags, "
        f"ECI gap over {len(report.gap.series)} days from {report.eci_source}"
    )
    written: list[Path] = []
    say("drawing the timeline")
    written += _save(timeline_figure(report), out / TIMELINE_FILE)
    say("drawing the ECI frontier gap")
    written += _save(eci_figure(report), out / ECI_FILE)
    if report.sensitivity is not None:
        say("drawing the gap under each method")
        written += _save(sensitivity_figure(report.sensitivity), out / SENSITIVITY_FILE)
    md = out / "lags.md"
    write_text_atomic(md, lags_markdown(report))
    written.append(md)
    say("checking the articles' claims against the record")
    written.append(write_factcheck(out))
    page = out / "index.html"
    write_text_atomic(page, index_html(report))
    written.append(page)
    say(f"wrote {len(written)} files to {out}")
    return written
