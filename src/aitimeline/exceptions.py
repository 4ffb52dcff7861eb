"""Exceptions raised by aitimeline.

Every error the library raises on purpose derives from :class:`TimelineError`, and each
subclass also derives from the builtin exception it refines, so ``except ValueError`` keeps
working for callers who do not know about this library::

    TimelineError(Exception)
    ├── DateError(TimelineError, ValueError)
    │   ├── DateParseError            a date expression that cannot be read
    │   ├── NaiveDatetimeError        a datetime with no timezone
    │   └── ContradictionError        two date claims with no day in common
    ├── InvalidEventError(TimelineError, ValueError)   a record field with a bad value
    ├── DuplicateIdError(TimelineError, ValueError)    two events with one id
    ├── UnknownIdError(TimelineError, KeyError)        no event with that id
    ├── DataFileError(TimelineError, ValueError)       a file that cannot be loaded
    ├── QueryError(TimelineError, ValueError)          a predicate that cannot be built or run
    │   └── UnknownFieldError(QueryError, KeyError)    a predicate on a field no event has
    ├── MetricError(TimelineError, ValueError)         a lag or frontier that cannot be computed
    ├── ClaimError(TimelineError, ValueError)          a claim, check or reading that is invalid
    └── PlotError(TimelineError, ValueError)           a plot that cannot be drawn

Messages say what was given, what was expected and how to fix it.
"""

from __future__ import annotations

__all__ = [
    "ClaimError",
    "ContradictionError",
    "DataFileError",
    "DateError",
    "DateParseError",
    "DuplicateIdError",
    "InvalidEventError",
    "MetricError",
    "NaiveDatetimeError",
    "PlotError",
    "QueryError",
    "TimelineError",
    "UnknownFieldError",
    "UnknownIdError",
]


class TimelineError(Exception):
    """Root of every error aitimeline raises on purpose."""


class DateError(TimelineError, ValueError):
    """A date, period or duration that is invalid."""


class DateParseError(DateError):
    """A date expression that cannot be parsed.

    The message quotes the input, says where reading failed and lists the accepted forms.
    """


class NaiveDatetimeError(DateError):
    """A :class:`datetime.datetime` with a time of day but no timezone."""


class ContradictionError(DateError):
    """Two date claims about one instant that share no day."""


class InvalidEventError(TimelineError, ValueError):
    """An event record built with a field value it cannot hold."""


class DuplicateIdError(TimelineError, ValueError):
    """Two events in one timeline share an id."""


class UnknownIdError(TimelineError, KeyError):
    """A lookup by an id that no event in the timeline has."""

    def __str__(self) -> str:
        """Return the message as written (KeyError would show its repr)."""
        return str(self.args[0]) if self.args else ""


class DataFileError(TimelineError, ValueError):
    """A file (JSON, CSV, an Epoch table) that cannot be loaded.

    The message names the file, the line or row, the field, the value and what was expected;
    the same facts are attributes, for code that handles the error (each None when the reader
    does not know it, e.g. no line for a missing file).

    >>> error = DataFileError("t.csv, row 3, column 'when': ...", path="t.csv", line=3,
    ...                       field="when", value="2024-13")
    >>> error.path, error.line, error.field, error.value
    ('t.csv', 3, 'when', '2024-13')
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
        value: str | None = None,
    ) -> None:
        """Keep the message and the facts it states."""
        super().__init__(message)
        self.path = path
        """The file (or the name it was given), if known."""
        self.line = line
        """The line (JSON) or row (CSV, the header is row 1) of the bad value, if known."""
        self.field = field
        """The field or column of the bad value, if known."""
        self.value = value
        """The bad value as text, if known."""

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle the attributes too (an exception pickles only its args by default)."""
        fields = {"path": self.path, "line": self.line, "field": self.field, "value": self.value}
        return (_data_file_error, (str(self), fields))


def _data_file_error(message: str, fields: dict[str, str | int | None]) -> DataFileError:
    error = DataFileError(message)
    for name, value in fields.items():
        setattr(error, name, value)
    return error


class QueryError(TimelineError, ValueError):
    """A predicate that cannot be built, serialised or evaluated."""


class UnknownFieldError(QueryError, KeyError):
    """A predicate on a field that the events do not have."""

    def __str__(self) -> str:
        """Return the message as written (KeyError would show its repr)."""
        return str(self.args[0]) if self.args else ""


class MetricError(TimelineError, ValueError):
    """A lag or frontier that cannot be computed from the inputs given."""


class ClaimError(TimelineError, ValueError):
    """A claim, check, reading or claims file that is invalid (the message says where)."""


class PlotError(TimelineError, ValueError):
    """A plot that cannot be drawn from the inputs given."""
