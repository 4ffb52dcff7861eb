"""The arguments of the plot functions and what each must be, as validated attrs fields.

Each public function checks its options with :func:`aitimeline._layout.check_options` against
one of these classes, whose validators are :mod:`aitimeline._validation`'s combinators, so a
refusal reads like every other in the library::

    timeline(): max_levels=-1 is invalid; expected an int >= 0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from aitimeline._kinds import EVENT_KINDS
from aitimeline._validation import Validator, satisfies
from aitimeline.plot._style import THEMES, Theme


def _whole(lo: int) -> Validator:
    """Return a validator for an ``int`` (not a bool) >= *lo*."""
    return satisfies(
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= lo, f"an int >= {lo}"
    )


def _is_theme(value: object) -> bool:
    """Tell whether *value* names a built-in theme, is a :class:`Theme`, or is None."""
    return value is None or isinstance(value, Theme) or (isinstance(value, str) and value in THEMES)


THEME_CHOICES: Final = f"one of {', '.join(map(repr, sorted(THEMES)))}, a Theme, or None"
"""What *theme* may be."""


def _is_density(value: object) -> bool:
    """Tell whether *value* is a density option: "auto", True, False or an int >= 0."""
    if isinstance(value, bool):
        return True
    return value == "auto" or (isinstance(value, int) and value >= 0)


def _is_kinds(value: object) -> bool:
    """Tell whether *value* is "auto", "all" or a collection of registered kind names."""
    if isinstance(value, str):
        return value in ("auto", "all")
    if not isinstance(value, tuple | list | set | frozenset):
        return False
    return all(isinstance(k, str) and k in EVENT_KINDS for k in value)


def _to_kinds(kinds: Iterable[str] | str) -> tuple[str, ...] | str:
    """Return *kinds* as a keyword or a tuple, so that checking it does not consume it."""
    return kinds if isinstance(kinds, str) else tuple(kinds)


@attrs.frozen
class TimelineOptions:
    """The options of :func:`aitimeline.plot.timeline` that have a range."""

    max_levels: int = attrs.field(validator=_whole(0))
    max_lanes: int = attrs.field(validator=_whole(1))
    density: object = attrs.field(
        validator=satisfies(
            _is_density,
            "'auto', True (every lane), False (none) or an int >= 0 (lanes with more events "
            "than that)",
        )
    )
    kinds: object = attrs.field(
        validator=satisfies(
            _is_kinds,
            "'auto', 'all' or a list of kind names registered in aitimeline.events.EVENT_KINDS",
        )
    )
    theme: object = attrs.field(validator=satisfies(_is_theme, THEME_CHOICES))


@attrs.frozen
class ThemeOption:
    """The *theme* of :func:`~aitimeline.plot.frontier`, :func:`~aitimeline.plot.headline`..."""

    theme: object = attrs.field(validator=satisfies(_is_theme, THEME_CHOICES))
