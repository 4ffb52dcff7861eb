"""As-of joins: pair each event with the latest (or next) event of another timeline.

:class:`AsOf` is one pairing; :func:`as_of_rows` finds the pairings on arrays of day ordinals,
honest about fuzzy dates (see ``Timeline.as_of``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._display import card
from aitimeline._events import Event

__all__ = ["AsOf", "as_of_rows"]

Ints: TypeAlias = npt.NDArray[np.int64]


@attrs.frozen(repr=False)
class AsOf:
    """One event paired with the latest (or next) event of another timeline.

    With exact dates ``match`` is the event ``pandas.merge_asof`` would pick. With fuzzy dates
    ``match`` is the last (first, going forward) event that is *certainly* on the right side,
    and ``candidates`` lists every event that is the match in at least one completion of the
    dates (a superset); ``ambiguous`` tells whether the answer depends on the fuzzy dates.
    """

    event: Event
    """The event of the left timeline."""
    match: Event | None
    """The event of the other timeline it pairs with; None if none certainly does."""
    candidates: tuple[Event, ...]
    """Every event that may be the match, in timeline order."""

    @property
    def ambiguous(self) -> bool:
        """Whether more than one event may be the match, or a match may or may not exist."""
        return len(self.candidates) > 1 or (self.match is None and bool(self.candidates))

    def _repr_html_(self) -> str:
        """Return a small HTML card: the event, its match and the other candidates."""
        return card(
            "AsOf",
            [
                ("event", f"{self.event.id} ({self.event.when})"),
                ("match", "none" if self.match is None else f"{self.match.id} ({self.match.when})"),
                ("candidates", ", ".join(c.id for c in self.candidates) or "none"),
                ("ambiguous", "yes" if self.ambiguous else "no"),
            ],
        )

    def __repr__(self) -> str:
        """Return ``AsOf(event id -> match id)``."""
        match = "None" if self.match is None else repr(self.match.id)
        extra = f", candidates={[c.id for c in self.candidates]!r}" if self.ambiguous else ""
        return f"AsOf({self.event.id!r} -> {match}{extra})"


def as_of_rows(
    e_lo: Ints,
    e_hi: Ints,
    o_lo: Ints,
    o_hi: Ints,
    direction: str,
    *,
    allow_exact: bool,
) -> Iterator[tuple[int, int, list[int]]]:
    """Yield (left row, match index or -1, candidate indices) for each left row.

    ``o_lo`` is sorted (timeline order); ``o_hi`` need not be.
    """
    n_o = len(o_lo)
    width = int((o_hi - o_lo).max()) if n_o else 0
    # suffix minimum of o_hi: non-decreasing, so the last j with o_hi[j] <= x is a search
    sufmin = np.minimum.accumulate(o_hi[::-1])[::-1]
    shift = 0 if allow_exact else 1
    if direction == "backward":
        match = np.searchsorted(sufmin, e_lo - shift, "right") - 1
        reach = np.searchsorted(o_lo, e_hi - shift, "right")
        for r in range(len(e_lo)):
            j = int(match[r])
            end = int(reach[r])
            if j < 0:  # nothing certainly before: every possible one is a candidate
                yield r, j, list(range(end))
                continue
            floor = int(o_lo[j])  # the certain match starts no earlier than this
            start = int(np.searchsorted(o_lo, floor - width, "left"))
            yield r, j, [c for c in range(start, end) if o_hi[c] >= floor]
    else:
        match = np.searchsorted(o_lo, e_hi + shift, "left")
        for r in range(len(e_lo)):
            j = int(match[r])
            lowest = int(e_lo[r]) + shift
            end = n_o if j >= n_o else int(np.searchsorted(o_lo, int(sufmin[j]), "right"))
            start = int(np.searchsorted(o_lo, lowest - width, "left"))
            yield r, (j if j < n_o else -1), [c for c in range(start, end) if o_hi[c] >= lowest]
