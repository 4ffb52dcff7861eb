"""The front of the query layer: :func:`col` and the column reference it returns.

Layer: the top of the query layer, above every node module; its methods only name the
builders of ``_field_preds`` and ``_temporal_preds``, which check operands the same way the
JSON readers do.

>>> col("country") == "CN"
col('country') == 'CN'
>>> col("tags").contains("reasoning")
tagged('reasoning')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from aitimeline._codec import Family
from aitimeline._dates import DayRange, When
from aitimeline._field_preds import compare, isin, text_test
from aitimeline._fields import TemporalArg, column_field
from aitimeline._predicates import Predicate
from aitimeline._records import Event
from aitimeline._temporal_preds import between, contains, relation, within

__all__ = ["Column", "col"]


class Column:
    """A reference to an event field; its comparisons and tests build predicates.

    ``col("country") == "CN"`` is a :class:`Predicate`, not a bool, so a column reference is
    not hashable and is never used as a value itself.

    >>> col("country") == "CN"
    col('country') == 'CN'
    >>> col("when").between("2024-09-01", "2024-11-30")
    col('when').between('2024-09-01', '2024-11-30')
    """

    __slots__ = ("family", "name")
    __hash__ = None  # type: ignore[assignment]  # == builds a predicate, so no hashing

    def __init__(self, name: str) -> None:
        """Refer to field *name* (``tags`` reads the derived tags, ``all_tags``).

        Raises:
            UnknownFieldError: no event kind has that field.
        """
        self.name: str
        self.family: Family
        self.name, self.family = column_field(name)

    def __repr__(self) -> str:
        """Return ``col('name')``."""
        return f"col({self.name!r})"

    def __bool__(self) -> bool:
        """Raise: a column reference is not a value."""
        msg = f"{self!r} has no truth value; compare it (col(...) == value) to build a predicate"
        raise TypeError(msg)

    # -- comparisons -------------------------------------------------------------------------

    def __eq__(self, value: object) -> Predicate:  # type: ignore[override]  # builds a predicate
        """Return the predicate ``field == value``."""
        return compare(self.name, "==", value)

    def __ne__(self, value: object) -> Predicate:  # type: ignore[override]  # builds a predicate
        """Return the predicate ``field != value`` (FALSE where the value is missing)."""
        return compare(self.name, "!=", value)

    def __lt__(self, value: object) -> Predicate:
        """Return the predicate ``field < value``."""
        return compare(self.name, "<", value)

    def __le__(self, value: object) -> Predicate:
        """Return the predicate ``field <= value``."""
        return compare(self.name, "<=", value)

    def __gt__(self, value: object) -> Predicate:
        """Return the predicate ``field > value``."""
        return compare(self.name, ">", value)

    def __ge__(self, value: object) -> Predicate:
        """Return the predicate ``field >= value``."""
        return compare(self.name, ">=", value)

    def isin(self, values: Iterable[object]) -> Predicate:
        """Return the predicate "the value is one of *values*" (collections: any element).

        Raises:
            QueryError: *values* is a single string, or holds a value of the wrong type.
        """
        return isin(self.name, values)

    def contains(self, value: object) -> Predicate:
        """Return the predicate "the value contains *value*".

        What "contains" means follows the field's family:

        - text fields (``title``, ``model``): *value* is a **substring**;
        - collection fields (``tags``, ``actors``, ``countries``): *value* is an **element**
          (``col("tags").contains(t)`` is :func:`tagged` ``(t)``: ``tags`` in a query means
          the derived tags, :attr:`Event.all_tags`);
        - date fields (``when``): every day of *value* lies **within** the event's date (an
          event as *value* stands for its period where it holds over one, ``in_force``).
        """
        return contains(self.name, value)

    def startswith(self, prefix: str) -> Predicate:
        """Return the predicate "the value is text that starts with *prefix*" (case-sensitive).

        Raises:
            QueryError: the field does not hold text, or *prefix* is not a string.
        """
        return text_test(self.name, "startswith", prefix)

    def endswith(self, suffix: str) -> Predicate:
        """Return the predicate "the value is text that ends with *suffix*" (case-sensitive).

        Raises:
            QueryError: the field does not hold text, or *suffix* is not a string.
        """
        return text_test(self.name, "endswith", suffix)

    def matches(self, pattern: str) -> Predicate:
        """Return the predicate "the regular expression *pattern* matches in the text".

        Python's ``re.search``: the pattern may match anywhere (anchor it with ``^``, ``$``);
        case-sensitive unless it starts with ``(?i)``. In memory the answer is always
        Python's; an engine runs it only if its regex dialect reads it alike (the Queries
        page lists when).

        Raises:
            QueryError: the field does not hold text, or *pattern* is not a regular expression.
        """
        return text_test(self.name, "matches", pattern)

    # -- temporal tests ----------------------------------------------------------------------
    # An event as the other date stands for its period where it holds over one (an export
    # control's in_force), never for its announcement day: see aitimeline._periods.

    def before(self, other: TemporalArg) -> Predicate:
        """Return the predicate "every day of the date is before *other*"."""
        return relation(self.name, "before", other)

    def after(self, other: TemporalArg) -> Predicate:
        """Return the predicate "every day of the date is after *other*"."""
        return relation(self.name, "after", other)

    def during(self, other: TemporalArg) -> Predicate:
        """Return the predicate "every day of the date lies within *other*" (e.g. a Span)."""
        return relation(self.name, "during", other)

    def overlaps(self, other: TemporalArg) -> Predicate:
        """Return the predicate "the date shares a day with *other*"."""
        return relation(self.name, "overlaps", other)

    def between(
        self, start: When | str | dt.date | Event, end: When | str | dt.date | Event
    ) -> Predicate:
        """Return the predicate "the date lies from *start*'s first to *end*'s last day".

        Both ends are inclusive; strings parse as :class:`When`, so
        ``between("2024-09", "2024-11")`` covers 1 September to 30 November.

        Raises:
            QueryError: an end is not a single date (a period, or an event that holds over
                one: the message names its period field), or the range is empty.
        """
        return between(self.name, start, end)

    def within(self, duration: DayRange | int, *, of: object) -> Predicate:
        """Return the predicate "the date is at most *duration* from *of*".

        Args:
            duration: A :class:`DayRange` (``days(30)``, ``weeks(3)``, ``months(3)``) or days.
            of: An event (its period where it holds over one, else its date), a When, a Span
                or a date string.
        """
        return within(self.name, duration, of=of)


def col(name: str) -> Column:
    """Return a reference to the event field *name*, to compare and test.

    Raises:
        UnknownFieldError: no event kind has that field (the message lists near names).
    """
    return Column(name)
