"""Kleene (strong) three-valued logic: the :class:`Truth` of a comparison between fuzzy dates."""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["Truth", "truth_from"]


class Truth(enum.Enum):
    """A Kleene (strong) three-valued truth value.

    ``&`` is the minimum and ``|`` the maximum of ``FALSE < UNKNOWN < TRUE``; ``~`` swaps TRUE
    and FALSE and keeps UNKNOWN. ``bool`` values mix in freely. The law of excluded middle does
    not hold: ``Truth.UNKNOWN | ~Truth.UNKNOWN`` is ``UNKNOWN``. ``bool(Truth.UNKNOWN)`` raises
    :class:`TypeError`, so an unknown answer is never silently taken as a yes or a no.

    >>> Truth.TRUE & Truth.UNKNOWN
    Truth.UNKNOWN
    >>> Truth.FALSE & Truth.UNKNOWN
    Truth.FALSE
    >>> Truth.UNKNOWN | True
    Truth.TRUE
    """

    FALSE = 0
    UNKNOWN = 1
    TRUE = 2

    @property
    def code(self) -> int:
        """Return the integer code (FALSE 0, UNKNOWN 1, TRUE 2) that vectorised code uses."""
        code: int = self.value
        return code

    @classmethod
    def from_code(cls, code: int) -> Truth:
        """Return the truth value with integer *code* (0, 1 or 2)."""
        if code not in (0, 1, 2):
            msg = f"code={code!r} is not a truth code; expected 0 (FALSE), 1 (UNKNOWN) or 2 (TRUE)"
            raise ValueError(msg)
        return _TRUTH_BY_CODE[code]

    @classmethod
    def of(cls, value: bool | Truth) -> Truth:  # noqa: FBT001 - converting a bool is the point
        """Return *value* as a :class:`Truth` (``True`` becomes ``TRUE``)."""
        if isinstance(value, Truth):
            return value
        return Truth.TRUE if value else Truth.FALSE

    def __and__(self, other: Truth | bool) -> Truth:
        """Return the Kleene conjunction."""
        code = _truth_code(other)
        if code is None:
            return NotImplemented
        return _TRUTH_BY_CODE[min(self.value, code)]

    __rand__ = __and__

    def __or__(self, other: Truth | bool) -> Truth:
        """Return the Kleene disjunction."""
        code = _truth_code(other)
        if code is None:
            return NotImplemented
        return _TRUTH_BY_CODE[max(self.value, code)]

    __ror__ = __or__

    def __invert__(self) -> Truth:
        """Return the Kleene negation."""
        return _TRUTH_BY_CODE[2 - self.value]

    def __bool__(self) -> bool:
        """Return True for TRUE and False for FALSE; raise TypeError for UNKNOWN."""
        if self is Truth.UNKNOWN:
            msg = (
                "the truth value of Truth.UNKNOWN is undefined; test .is_true or .is_possible, "
                "or compare with Truth.TRUE explicitly"
            )
            raise TypeError(msg)
        return self is Truth.TRUE

    def __repr__(self) -> str:
        """Return ``Truth.NAME``."""
        return f"Truth.{self.name}"

    @property
    def is_true(self) -> bool:
        """Whether this is TRUE."""
        return self is Truth.TRUE

    @property
    def is_false(self) -> bool:
        """Whether this is FALSE."""
        return self is Truth.FALSE

    @property
    def is_unknown(self) -> bool:
        """Whether this is UNKNOWN."""
        return self is Truth.UNKNOWN

    @property
    def is_possible(self) -> bool:
        """Whether this is not FALSE (TRUE or UNKNOWN)."""
        return self is not Truth.FALSE


_TRUTH_BY_CODE: Final = (Truth.FALSE, Truth.UNKNOWN, Truth.TRUE)


def _truth_code(value: object) -> int | None:
    if isinstance(value, Truth):
        return value.code
    if isinstance(value, bool):
        return 2 if value else 0
    return None


def truth_from(possible: bool, certain: bool) -> Truth:  # noqa: FBT001 - internal helper
    if certain:
        return Truth.TRUE
    return Truth.UNKNOWN if possible else Truth.FALSE
