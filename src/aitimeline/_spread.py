"""The arithmetic of a density strip: items spread evenly over the bins they cover.

Pure numpy, like :mod:`aitimeline._layout` (which re-exports these names): a lane with too
many events to label or mark one by one is drawn as one histogram, each item adding a weight
of 1 spread evenly over its extent (a point adds it to one bin), so fuzzy positions are
counted honestly and the weights of all bins add up to the number of items inside them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline.exceptions import PlotError

__all__ = ["DensityStrip", "as_vector", "spread"]


def as_vector(name: str, values: npt.ArrayLike, n: int | None) -> npt.NDArray[np.float64]:
    """Return *values* as a finite float vector of length *n*, or raise PlotError."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        msg = f"{name} has shape {array.shape}; expected a flat sequence of numbers"
        raise PlotError(msg)
    if n is not None and len(array) != n:
        msg = f"{name} has {len(array)} values but anchors has {n}; give one value per label"
        raise PlotError(msg)
    if not np.all(np.isfinite(array)):
        bad = int(np.flatnonzero(~np.isfinite(array))[0])
        msg = f"{name}[{bad}]={array[bad]!r} is not finite; expected a finite number"
        raise PlotError(msg)
    return array


def _to_float_tuple(values: Sequence[float] | npt.NDArray[np.float64]) -> tuple[float, ...]:
    """Return *values* as a tuple of floats, in the order given."""
    return tuple(float(v) for v in np.asarray(values, dtype=np.float64).ravel())


@attrs.frozen
class DensityStrip:
    """One lane drawn as a histogram of its events instead of one mark per event.

    Bin *j* is ``[edges[j], edges[j + 1])``; ``weights[j]`` is how many events fall in it, an
    event whose position is a range counting in every bin the range covers, in proportion
    (see :func:`spread`). Weights are floats for that reason.
    """

    lane: str
    """The lane's name."""
    unit: str
    """What one bin is (``"day"``, ``"week"``, ``"month"`` or ``"year"`` on a timeline)."""
    edges: tuple[float, ...] = attrs.field(converter=_to_float_tuple)
    """Bin edges, increasing, one more than :attr:`weights` (matplotlib date numbers on a
    timeline: :func:`matplotlib.dates.num2date` turns them into dates)."""
    weights: tuple[float, ...] = attrs.field(converter=_to_float_tuple)
    """The weight in each bin: events, or fractions of events, that fall in it."""
    events: int
    """How many events the strip stands for."""

    @property
    def total(self) -> float:
        """The weight of all bins: :attr:`events`, less what falls outside the edges."""
        return math.fsum(self.weights)

    @property
    def peak(self) -> float:
        """The largest weight of any bin (0 without bins)."""
        return max(self.weights, default=0.0)


def spread(
    starts: npt.ArrayLike, stops: npt.ArrayLike, edges: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Return the weight each bin gets when every item adds 1, spread evenly over its extent.

    Item *i* covers ``[starts[i], stops[i])`` and adds to each bin ``[edges[j], edges[j+1])``
    the fraction of that extent inside the bin. An item with ``stops[i] == starts[i]`` is a
    point and adds 1 to the bin that holds it. Weight outside ``[edges[0], edges[-1])`` is not
    counted, so the weights add up to the number of items inside the edges. Runs in
    ``O((n + m) log n)`` for *n* items and *m* bins: the cumulative weight left of each edge
    is a sum of ramps, evaluated with sorted prefix sums.

    Args:
        starts: Where each item begins.
        stops: Where each item ends (``>= starts``; equal for a point).
        edges: Bin edges, strictly increasing, at least two.

    Returns:
        One weight per bin, ``len(edges) - 1`` of them.

    Raises:
        PlotError: The sequences hold non-finite numbers, differ in length, an item ends
            before it starts, or the edges are not increasing.

    >>> spread([0.0, 2.0, 5.0], [4.0, 2.0, 5.0], [0.0, 2.0, 4.0, 6.0]).tolist()
    [0.5, 1.5, 1.0]
    """
    start = as_vector("starts", starts, None)
    stop = as_vector("stops", stops, len(start))
    edge = as_vector("edges", edges, None)
    if len(edge) < 2 or np.any(np.diff(edge) <= 0):
        msg = f"edges has {len(edge)} values; expected at least two, strictly increasing"
        raise PlotError(msg)
    if np.any(stop < start):
        bad = int(np.flatnonzero(stop < start)[0])
        msg = (
            f"stops[{bad}]={float(stop[bad])!r} is before starts[{bad}]={float(start[bad])!r}; "
            "give each item's end at or after its start"
        )
        raise PlotError(msg)
    origin = edge[0]  # measure from the first edge: smaller numbers, less cancellation
    x = edge - origin
    point = stop == start
    points = np.sort(start[point] - origin)
    left = np.searchsorted(points, x, side="left").astype(np.float64)  # points < x
    a = start[~point] - origin
    b = stop[~point] - origin
    slope = 1.0 / (b - a)
    below = left + _ramps(a, slope, x) - _ramps(b, slope, x)
    out: npt.NDArray[np.float64] = np.diff(below)
    return out


def _ramps(
    at: npt.NDArray[np.float64], slope: npt.NDArray[np.float64], x: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Return ``sum(slope[i] * (x - at[i]) for at[i] < x)`` at each x."""
    order = np.argsort(at, kind="stable")
    at_sorted = at[order]
    k = np.searchsorted(at_sorted, x, side="left")
    rate = np.concatenate([[0.0], np.cumsum(slope[order])])
    moment = np.concatenate([[0.0], np.cumsum(slope[order] * at_sorted)])
    out: npt.NDArray[np.float64] = x * rate[k] - moment[k]
    return out
