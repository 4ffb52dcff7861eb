"""What each event becomes on a timeline: its label, priority, lane, position and periods."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, TypeAlias

import matplotlib.dates as mdates
import numpy as np
import numpy.typing as npt

from aitimeline._dates import DateLike, Span, When
from aitimeline._events import Event
from aitimeline._vocab import COUNTRY_LABELS
from aitimeline.exceptions import PlotError
from aitimeline.plot._style import THEMES, Theme, _kind_styles

if TYPE_CHECKING:
    pass


LaneKey: TypeAlias = str | Callable[[Event], object] | None


Priority: TypeAlias = Callable[[Event], float] | Mapping[str, float] | None


Labeller: TypeAlias = Callable[[Event], str] | str | None


_LINE: Final = 34
"""A label longer than this many characters is written on two lines."""


def _two_lines(text: str, limit: int = _LINE) -> str:
    """Return *text* whole, broken at the space that best balances two lines when it is long.

    A label is never cut: one longer than *limit* characters (and without a line break of
    its own) is written on two lines of about equal length, which the layout gives two rows.

    >>> print(_two_lines("BIS rescinds the AI Diffusion Rule and issues guidance on Huawei"))
    BIS rescinds the AI Diffusion
    Rule and issues guidance on Huawei
    """
    if len(text) <= limit or "\n" in text:
        return text
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: (max(i, len(text) - i - 1), i))
    return f"{text[:cut]}\n{text[cut + 1 :]}"


def _plain_name(text: str) -> str:
    """Return *text* without a trailing parenthetical: ``"Zhipu AI (Z.ai)"`` -> ``"Zhipu AI"``."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).strip() or text


def _name_of(event: Event, field: str) -> str:
    """Return a short name from *field*, or the main actor when the field is long or empty."""
    value = getattr(event, field, "")
    name = _plain_name(value) if isinstance(value, str) else ""
    if name and len(name) <= 28:
        return name
    return _plain_name(event.actors[0]) if event.actors else name


def default_label(event: Event) -> str:
    """Return a short label: a release's model, "X IPO", "X founded", a chip, else the title.

    Args:
        event: Any event.

    Returns:
        The label, never cut: on a timeline's lanes, a label longer than 34 characters is
        written on two lines.

    >>> from aitimeline._events import IPO, Release
    >>> default_label(Release(id="r1", when="2025-01-20", title="R1 released", model="R1"))
    'R1'
    >>> default_label(IPO(id="z", when="2026-01-08", title="Zhipu lists", company="Zhipu AI (Z)"))
    'Zhipu AI IPO'
    """
    kind = event.kind
    if kind in ("release", "hardware"):
        name = getattr(event, "model", "") or getattr(event, "chip", "")
        if isinstance(name, str) and name:
            return name
    if kind == "ipo":
        return f"{_name_of(event, 'company')} IPO"
    if kind == "founding":
        return f"{_name_of(event, 'organisation')} founded"
    return event.title


_KIND_PRIORITY: Final[Mapping[str, float]] = MappingProxyType(
    {
        "release": 3.0,
        "export_control": 3.0,
        "ipo": 3.0,
        "policy": 2.0,
        "founding": 2.0,
        "hardware": 1.5,
        "investment": 1.5,
        "milestone": 1.5,
        "statement": 1.0,
        "publication": 1.0,
        "score": 0.5,
        "price_change": 0.5,
    }
)


def default_priority(event: Event) -> float:
    """Return how much *event*'s label matters: by kind, plus one for the tag ``frontier``.

    Releases, export controls and IPOs rank first (3), then policies and foundings (2),
    hardware, investments and milestones (1.5), statements and publications (1), the rest
    lower. Ties are deliberate: among equals the layout packs the most labels.

    Args:
        event: Any event.

    Returns:
        A number; higher labels are placed first and dropped last.
    """
    return _KIND_PRIORITY.get(event.kind, 0.0) + (1.0 if "frontier" in event.tags else 0.0)


_ACTION_STYLES: Final[Mapping[str, str]] = MappingProxyType(
    {"tighten": "export_tighten", "lift": "export_lift", "licence": "export_licence"}
)


def _style_key(event: Event) -> str:
    """Return the key of *event*'s style in ``KIND_STYLES``: its kind, or an action's.

    Export controls are keyed by action; a ban keeps ``"export_control"``.
    """
    if event.kind == "export_control":
        return _ACTION_STYLES.get(str(getattr(event, "action", "ban")), "export_control")
    return event.kind


def _priority_fn(priority: Priority) -> Callable[[Event], float]:
    """Return a function giving each event's priority."""
    if priority is None:
        return default_priority
    if callable(priority):
        return priority
    table = dict(priority)

    def lookup(event: Event) -> float:
        if event.id in table:
            return float(table[event.id])
        return float(table.get(event.kind, default_priority(event)))

    return lookup


def _label_fn(label: Labeller) -> Callable[[Event], str]:
    """Return a function giving each event's label text."""
    if label is None:
        return default_label
    if callable(label):
        return label
    name = label

    def attribute(event: Event) -> str:
        value = getattr(event, name, None)
        return default_label(event) if value in (None, "") else str(value)

    return attribute


_COUNTRY_NAMES: Final[Mapping[str, str]] = COUNTRY_LABELS


_OTHER: Final = "Other"


def _lane_fn(lanes: LaneKey) -> Callable[[Event], str]:
    """Return a function giving each event's lane name."""
    if lanes is None:
        return lambda _event: ""
    if callable(lanes):
        return lambda event: _OTHER if (v := lanes(event)) is None else str(v)
    name = lanes

    def attribute(event: Event) -> str:
        value = event.kind if name == "kind" else getattr(event, name, None)
        if value is None or value == "":
            return _OTHER
        if name == "country" and isinstance(value, str):
            return _COUNTRY_NAMES.get(value, value)
        if name == "kind" and isinstance(value, str):
            return _kind_styles([value], THEMES["light"])[value].label
        return str(value)

    return attribute


def _lane_order(
    names: Sequence[str], order: Sequence[str] | None, max_lanes: int
) -> tuple[list[str], dict[str, str]]:
    """Return the lanes top to bottom and how each name maps onto them (extra ones -> Other)."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    lead = ("United States", "China")
    if order is None:
        ranked = sorted(
            counts,
            key=lambda n: (n == _OTHER, lead.index(n) if n in lead else 2, -counts[n], n),
        )
    else:
        given = [str(o) for o in order]
        given = [_COUNTRY_NAMES.get(o, o) for o in given]
        ranked = [n for n in given if n in counts] + sorted(
            (n for n in counts if n not in given), key=lambda n: (n == _OTHER, -counts[n], n)
        )
    if len(ranked) > max_lanes:
        kept = [n for n in ranked if n != _OTHER][: max(max_lanes - 1, 1)]
        mapping = {n: (n if n in kept else _OTHER) for n in ranked}
        return [*kept, _OTHER], mapping
    return ranked, {n: n for n in ranked}


def _date_offset() -> float:
    """Return what to add to a date ordinal to get a matplotlib date number."""
    day = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    number = mdates.date2num(day)  # type: ignore[no-untyped-call]  # untyped in matplotlib
    return float(number) - day.toordinal()


def _instant(when: When | Span) -> When:
    """Return the instant an event is drawn at (a span's start)."""
    return when.start if isinstance(when, Span) else when


class _Lane:
    """The labels of one lane: anchors (date numbers), texts, ids, priorities, colours.

    A lane drawn as a density strip (*dense*) offers only its most important labels to the
    layout; *extra* holds the ids of its other events, whose labels are dropped outright.
    """

    __slots__ = ("anchors", "colors", "dense", "extra", "ids", "name", "priority", "texts")

    def __init__(
        self,
        name: str,
        anchors: npt.NDArray[np.float64],
        texts: list[str],
        ids: list[str],
        priority: npt.NDArray[np.float64],
        colors: list[str],
        *,
        dense: bool = False,
        extra: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.anchors = anchors
        self.texts = texts
        self.ids = ids
        self.priority = priority
        self.colors = colors
        self.dense = dense
        self.extra = extra


class _Marks:
    """Per-event arrays used to draw a timeline."""

    def __init__(self, events: Sequence[Event], offset: float) -> None:
        n = len(events)
        self.lo = np.empty(n)
        self.hi = np.empty(n)
        self.exact = np.zeros(n, dtype=bool)
        for i, event in enumerate(events):
            w = _instant(event.when)
            self.lo[i] = np.nan if w.is_open_start else w.earliest_ordinal + offset
            self.hi[i] = np.nan if w.is_open_end else w.latest_ordinal + 1 + offset
            self.exact[i] = w.is_exact
        self.hi[self.exact] = self.lo[self.exact]

    def limits(self) -> tuple[float, float]:
        """Return the smallest and largest finite date numbers."""
        both = np.concatenate([self.lo, self.hi])
        both = both[np.isfinite(both)]
        if both.size == 0:
            return 0.0, 1.0
        return float(both.min()), float(both.max())

    def anchors(self, lo: float, hi: float) -> npt.NDArray[np.float64]:
        """Return the x of each event's marker, with open ends clamped to ``[lo, hi]``."""
        a = np.where(np.isfinite(self.lo), self.lo, lo)
        b = np.where(np.isfinite(self.hi), self.hi, hi)
        out: npt.NDArray[np.float64] = np.where(self.exact, a, (a + b) / 2)
        return out


def _tooltip(event: Event) -> str:
    """Return the hover text of an event in SVG output."""
    return f"{event.title} \N{EM DASH} {event.when.describe()}"


def _bands(events: Sequence[Event]) -> list[tuple[Event, Span]]:
    """Return the periods in force: events dated by a Span, and ``in_force`` spans."""
    found: list[tuple[Event, Span]] = []
    for event in events:
        if isinstance(event.when, Span):
            found.append((event, event.when))
            continue
        in_force = getattr(event, "in_force", None)
        if isinstance(in_force, Span):
            found.append((event, in_force))
    return found


def _lane_labels(
    name: str,
    members: list[int],
    events: Sequence[Event],
    anchors: npt.NDArray[np.float64],
    prio_fn: Callable[[Event], float],
    label_fn: Callable[[Event], str],
    theme: Theme,
) -> _Lane:
    """Return the label data of one lane."""
    return _Lane(
        name,
        anchors[members] if members else np.empty(0),
        [_two_lines(label_fn(events[i])) for i in members],
        [events[i].id for i in members],
        np.array([prio_fn(events[i]) for i in members], dtype=np.float64),
        [theme.foreground] * len(members),
    )


class _Reference:
    """A reference line: a day and its label."""

    __slots__ = ("key", "text", "x")

    def __init__(self, key: str, text: str, x: float) -> None:
        self.key = key
        self.text = text
        self.x = x


def _references(
    reference: Mapping[str, DateLike] | Iterable[str] | None,
    today: DateLike | None,
    events: Sequence[Event],
    offset: float,
) -> list[_Reference]:
    """Return the reference lines asked for."""
    refs: list[_Reference] = []
    by_id = {e.id: e for e in events}
    if isinstance(reference, Mapping):
        for text, day in reference.items():
            w = When.coerce(day)
            refs.append(_Reference(f"ref-{len(refs)}", str(text), _mid(w, offset)))
    elif reference is not None:
        for key in reference:
            if key not in by_id:
                known = ", ".join(sorted(by_id)[:5])
                msg = f"reference={key!r} is not an event id of this timeline (ids: {known}, ...)"
                raise PlotError(msg)
            event = by_id[key]
            refs.append(_Reference(key, default_label(event), _mid(_instant(event.when), offset)))
    if today is not None:
        refs.append(_Reference("today", "today", _mid(When.coerce(today), offset)))
    return refs


def _window(
    window: tuple[DateLike | None, DateLike | None] | None, offset: float
) -> tuple[float | None, float | None]:
    """Return the x range of a window: its first day's start and its last day's end."""
    if window is None:
        return None, None
    try:
        start, end = window
    except (TypeError, ValueError):
        msg = f"window={window!r} must be a pair (start, end); use None for an open side"
        raise PlotError(msg) from None
    lo = None if start is None else When.coerce(start).earliest_ordinal + offset
    hi = None if end is None else When.coerce(end).latest_ordinal + 1 + offset
    if lo is not None and hi is not None and hi <= lo:
        msg = f"window={window!r} ends before it starts; give (start, end) in date order"
        raise PlotError(msg)
    return lo, hi


def _in_window(
    events: tuple[Event, ...], span: tuple[float | None, float | None], offset: float
) -> tuple[Event, ...]:
    """Return the events that may fall inside the window, or whose period overlaps it."""
    lo, hi = span
    if lo is None and hi is None:
        return events
    lo_day = -math.inf if lo is None else lo - offset
    hi_day = math.inf if hi is None else hi - offset

    def inside(event: Event) -> bool:
        w = _instant(event.when)
        if w.latest_ordinal + 1 > lo_day and w.earliest_ordinal < hi_day:
            return True
        period = event.when if isinstance(event.when, Span) else getattr(event, "in_force", None)
        if isinstance(period, Span):
            end = math.inf if period.end is None else period.end.latest_ordinal + 1
            return end > lo_day and period.start.earliest_ordinal < hi_day
        return False

    return tuple(e for e in events if inside(e))


def _mid(w: When, offset: float) -> float:
    """Return the x of an instant: its day, or the middle of its range."""
    if w.is_exact:
        return w.earliest_ordinal + offset
    return (w.earliest_ordinal + w.latest_ordinal + 1) / 2 + offset


def _x_limits(
    marks: _Marks, bands: list[tuple[Event, Span]], refs: list[_Reference], offset: float
) -> tuple[float, float]:
    """Return the x range to show: every mark, band start and reference line, padded."""
    lo, hi = marks.limits()
    for _, span in bands:
        if not span.start.is_open_start:
            lo = min(lo, span.start.earliest_ordinal + offset)
    for r in refs:
        lo, hi = min(lo, r.x), max(hi, r.x)
    width = max(hi - lo, 30.0)
    return lo - 0.03 * width, hi + 0.03 * width
