"""Lags drawn as brackets, on a timeline or on plain axes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import matplotlib as mpl

from aitimeline._events import Event
from aitimeline.exceptions import PlotError
from aitimeline.plot._keys import _date_offset, _mid, default_label
from aitimeline.plot._labels import _TimelineLabels
from aitimeline.plot._plan import _Bracket
from aitimeline.plot._style import _axes
from aitimeline.plot._timeline import _labels_artist

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from aitimeline._metrics import Lag


def _lag_items(result: object) -> list[tuple[Event | None, Event | None, Lag]]:
    """Return (leader, follower, lag) for a Lag, a pair-like object or a result with pairs."""
    from aitimeline._metrics import Lag  # noqa: PLC0415 - avoids a cycle at import time

    if isinstance(result, Lag):
        return [(None, None, result)]
    pairs = getattr(result, "pairs", None)
    if pairs is not None:
        return [item for p in pairs for item in _lag_items(p)]
    leader, follower = getattr(result, "leader", None), getattr(result, "follower", None)
    found = getattr(result, "lag", None)
    if isinstance(found, Lag):
        return [
            (
                leader if isinstance(leader, Event) else None,
                follower if isinstance(follower, Event) else None,
                found,
            )
        ]
    if isinstance(result, Iterable) and not isinstance(result, str | bytes):
        return [item for r in result for item in _lag_items(r)]
    msg = (
        f"result={result!r} has no lag to draw; expected a Lag, a CatchUp (with a follower), "
        "a Pair, or a result with .pairs"
    )
    raise PlotError(msg)


def lag(
    result: object,
    ax: Axes | None = None,
    *,
    unit: Literal["days", "weeks", "months"] = "weeks",
    digits: int | None = None,
    text: str | None = None,
    y: float | None = None,
    color: str | None = None,
    **kwargs: Any,  # noqa: ANN401 - forwarded to the bracket's line
) -> Axes:
    """Draw lags as brackets labelled with their length ("11.0 weeks", or a range when fuzzy).

    The length reads as ``str(DayRange)`` does ("11.0 weeks", "8.4-12.6 weeks") unless
    *unit* or *digits* say otherwise. On an axes that holds a :func:`timeline`, the brackets
    go between the first two lanes (the leader's and the follower's, by default the United
    States and China; below a single lane), in date order, packed so that none overlaps another,
    and are labelled in whole units, "leader → follower: 11 weeks" ("8-13 weeks" when
    fuzzy), unless *digits* says otherwise.
    On any other axes each lag is a bracket at height *y* between its two dates, with the
    possible days of each end shown as whiskers.

    Args:
        result: A :class:`~aitimeline.Lag`, a ``CatchUp``/``Pair`` (anything with ``leader``,
            ``follower`` and ``lag``), a result with ``pairs``, or an iterable of these.
        ax: The axes (default: ``plt.gca()``).
        unit: ``"days"``, ``"weeks"`` or ``"months"``.
        digits: Decimal places of the length (default: those of
            :meth:`~aitimeline.DayRange.format`, one).
        text: The label to use instead of the computed one (one lag only).
        y: Height of the bracket on axes without a timeline (default 0).
        color: Colour of brackets and labels (default: the theme's foreground).
        **kwargs: Passed to the bracket lines (axes without a timeline).

    Returns:
        The axes drawn on.

    Raises:
        PlotError: *result* holds no lag (for example a censored ``CatchUp``).
    """
    ax = _axes(ax)
    items = _lag_items(result)
    if not items:
        msg = f"result={result!r} holds no lag to draw (censored, or no pairs)"
        raise PlotError(msg)
    artist = _labels_artist(ax)
    colour = color or str(mpl.rcParams["text.color"]) if artist is None else color
    offset = _date_offset()
    for leader, follower, span in items:
        places = (0 if artist is not None else None) if digits is None else digits
        length = span.bounds.format(unit) if places is None else span.bounds.format(unit, places)
        if leader is not None and follower is not None:
            label = (
                f"{default_label(leader)} \N{RIGHTWARDS ARROW} {default_label(follower)}: {length}"
            )
        else:
            label = length
        label = text if text is not None and len(items) == 1 else label
        x0 = _mid(span.start, offset)
        x1 = _mid(span.end, offset)
        if artist is not None:
            _add_bracket(
                ax, artist, x0, x1, label, colour or artist.theme.foreground, leader, follower
            )
        else:
            _draw_bracket(ax, span, x0, x1, label, 0.0 if y is None else y, colour, offset, kwargs)
    return ax


def _add_bracket(
    ax: Axes,
    artist: _TimelineLabels,
    x0: float,
    x1: float,
    label: str,
    colour: str,
    leader: Event | None,
    follower: Event | None,
) -> None:
    """Register a bracket with the timeline's label artist; the next draw makes room for it."""
    ids = tuple(e.id for e in (leader, follower) if e is not None)
    artist.add_bracket(_Bracket(x0, x1, label, colour, ids))
    ax.stale = True


def _draw_bracket(
    ax: Axes,
    span: Lag,
    x0: float,
    x1: float,
    label: str,
    y: float,
    colour: str | None,
    offset: float,
    kwargs: Mapping[str, Any],
) -> None:
    """Draw one lag as a bracket at height *y*, with whiskers over each end's possible days."""
    options: dict[str, Any] = {"color": colour, "linewidth": 1.2}
    options.update(kwargs)
    (line,) = ax.plot([x0, x1], [y, y], **options)
    c = line.get_color()
    ax.plot([x0, x0], [y, y], marker="|", markersize=8, color=c, linestyle="none")
    ax.plot([x1, x1], [y, y], marker="|", markersize=8, color=c, linestyle="none")
    for w in (span.start, span.end):
        if not w.is_exact:
            a = w.earliest_ordinal + offset
            b = w.latest_ordinal + 1 + offset
            ax.plot([a, b], [y, y], color=c, alpha=0.3, linewidth=5, solid_capstyle="butt")
    ax.annotate(
        label,
        ((x0 + x1) / 2, y),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        va="bottom",
        color=c,
        fontsize="small",
        annotation_clip=False,
    ).set_parse_math(False)
    ax.xaxis_date()
