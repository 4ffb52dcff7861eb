"""The layout of a drawn timeline, as data: labels placed, dropped and merged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from aitimeline._layout import DensityStrip

if TYPE_CHECKING:
    from matplotlib.text import Text


@attrs.frozen
class PlacedLabel:
    """A label that was drawn, with its box in display pixels at the last draw."""

    id: str
    """The event id."""
    lane: str
    """The lane it is in (``""`` without lanes, ``"periods"`` for the periods strip's names
    of bands and reference lines, ``"lags"`` for lag brackets)."""
    text: str
    """The text drawn."""
    level: int
    """Its row above the lane's baseline, 0 nearest."""
    box: tuple[float, float, float, float]
    """``(x0, y0, x1, y1)`` in display pixels, as laid out (text plus padding)."""


@attrs.frozen
class MergedLabel:
    """A ``+k`` marker standing for labels that did not fit."""

    ids: tuple[str, ...]
    """The ids of the events it stands for."""
    lane: str
    """Its lane."""
    text: str
    """``"+k"``."""
    level: int
    """Its row; -1 for a count written under the lane's name, when no marker fitted."""
    box: tuple[float, float, float, float]
    """``(x0, y0, x1, y1)`` in display pixels."""


def _to_labels(values: Iterable[PlacedLabel]) -> tuple[PlacedLabel, ...]:
    return tuple(values)


def _to_merged(values: Iterable[MergedLabel]) -> tuple[MergedLabel, ...]:
    return tuple(values)


def _to_ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _to_floats(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def _to_texts(values: Iterable[Text]) -> tuple[Text, ...]:
    return tuple(values)


def _to_strips(values: Iterable[DensityStrip]) -> tuple[DensityStrip, ...]:
    return tuple(values)


@attrs.frozen
class TimelineLayout:
    """Where :func:`timeline` put every label at the last draw, and what it left out."""

    labels: tuple[PlacedLabel, ...] = attrs.field(converter=_to_labels)
    """The labels drawn, lane by lane."""
    dropped: tuple[str, ...] = attrs.field(converter=_to_ids)
    """Ids of events whose label did not fit; each is counted by a ``+k`` marker in
    :attr:`merged` (unless the timeline was drawn with ``merge=False``)."""
    merged: tuple[MergedLabel, ...] = attrs.field(converter=_to_merged)
    """``+k`` markers."""
    lanes: tuple[str, ...] = attrs.field(converter=_to_ids)
    """Lane names, top to bottom."""
    baselines: tuple[float, ...] = attrs.field(converter=_to_floats, default=())
    """The y of each lane's baseline in display pixels, top to bottom."""
    density: tuple[DensityStrip, ...] = attrs.field(converter=_to_strips, default=())
    """The lanes drawn as density strips (see *density* of :func:`timeline`), top to bottom:
    each one's bins and the weight of events in each. Their events' labels, except the few
    offered to the layout, are in :attr:`dropped`, counted by one ``+k`` under the lane's
    name."""
    outside: tuple[str, ...] = attrs.field(converter=_to_ids, default=(), kw_only=True)
    """Ids of events whose marker is outside the view (left or right of the x limits): not
    laid out, neither placed nor dropped. Zoom or pan to see them."""
    texts: tuple[Text, ...] = attrs.field(
        converter=_to_texts, default=(), eq=False, repr=False, kw_only=True
    )
    """The matplotlib texts drawn (labels, ``+k`` markers, period names, lag labels), in the
    order of :attr:`labels` then the markers: restyle them with ``set()``. A label's text
    has the gid ``"label-EVENT-ID"`` (``"period-EVENT-ID"`` in the periods strip); see
    :meth:`text`. Not compared by ``==``."""

    @property
    def unmarked(self) -> tuple[str, ...]:
        """Ids of dropped labels that no ``+k`` marker counts (empty unless ``merge=False``)."""
        counted = {i for m in self.merged for i in m.ids}
        return tuple(i for i in self.dropped if i not in counted)

    def text(self, event_id: str) -> Text | None:
        """Return the matplotlib text of *event_id*'s label, or None when it is not drawn.

        Args:
            event_id: An event id.

        Returns:
            The :class:`~matplotlib.text.Text`, which ``set()`` restyles.
        """
        gids = (f"label-{event_id}", f"period-{event_id}")
        return next((t for t in self.texts if t.get_gid() in gids), None)

    def label(self, event_id: str) -> PlacedLabel | None:
        """Return the drawn label of *event_id*, or None.

        Args:
            event_id: An event id.

        Returns:
            The label, or None when it was dropped or the event is not on the plot.
        """
        return next((p for p in self.labels if p.id == event_id), None)
