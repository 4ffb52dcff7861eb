"""The cells of a CSV table as the Epoch readers see them: a file, its rows, its errors.

:class:`File` holds one table's header and rows and builds the errors that name them (file,
row, column, value); the functions read one cell each (a date, an exact number, a parameter
count, an accessibility wording, a list of organisations or countries) and :class:`Ids` gives
rows unique slug ids. :mod:`aitimeline._epoch` composes them into the table readers.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Final, ParamSpec, TypeVar

from aitimeline._dates import When
from aitimeline._events import Parameters, Source
from aitimeline._result import Input, LoadSummary, input_name, read_input
from aitimeline._types import JSONValue
from aitimeline._vocab import COUNTRY_CODES, COUNTRY_NAMES, REGIONS
from aitimeline.exceptions import DataFileError, DateError, InvalidEventError

__all__ = [
    "GROUPS",
    "Countries",
    "File",
    "Ids",
    "access",
    "base",
    "clean",
    "date",
    "extra_column",
    "number",
    "open_weights",
    "parameters",
    "provenance",
    "score_tags",
    "scored_rows",
    "slug",
    "source",
    "split",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

_OPEN: Final = frozenset(
    {
        "Open weights (unrestricted)",
        "Open weights (restricted use)",
        "Open weights (non-commercial)",
    }
)
_CLOSED: Final = frozenset({"API access", "Hosted access (no API)", "Unreleased"})
GROUPS: Final = {"Open weights": True, "Closed weights": False}

_EPOCH_URL: Final = "https://epoch.ai/data/ai-models"
_DECIMAL: Final = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A decimal number in ASCII digits (``float`` and ``Decimal`` also take other scripts' digits,
underscores, ``nan`` and ``inf``)."""
_FLOAT_NOISE: Final = Decimal(2) ** -50
"""How far (relative) a Parameters cell may be from a whole number and still be read as it."""
_MAX_EXPONENT: Final = 4000
"""The largest power of ten read in a number cell (Python's ints print up to 4,300 digits)."""

# --------------------------------------------------------------------------------------------
# Small parsers


def slug(text: str) -> str:
    """Return *text* as a slug: lower-case letters, digits and single hyphens.

    >>> slug("GPT-4 (original)"), slug("Claude 3.5 Sonnet"), slug("o1 preview")
    ('gpt-4-original', 'claude-3-5-sonnet', 'o1-preview')
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def split(cell: str) -> tuple[str, ...]:
    """Split a comma-joined cell and drop repeats and blanks, keeping the first order."""
    seen: dict[str, None] = {}
    for part in cell.split(","):
        name = " ".join(part.split())
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def clean(cell: str | None) -> str:
    return " ".join((cell or "").split())


class File:
    """One CSV file's header and rows, and errors that name them."""

    def __init__(self, source: Input, name: str | None = None, cite: Source | None = None) -> None:
        self.name = input_name(source, name)
        self.cite = cite
        """The source every event cites, if the caller gave one; else set by :func:`source`."""
        self.file_name = PurePath(self.name).name.removesuffix(".gz")
        """The base name, without a ``.gz`` suffix (what the events' sources cite)."""
        data = read_input(source, self.name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            msg = (
                f"{self.name}, line {line}: byte 0x{data[error.start]:02x} at offset "
                f"{error.start} is not UTF-8; expected a UTF-8 CSV file (re-save it as UTF-8)"
            )
            raise DataFileError(msg, path=self.name, line=line) from error
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, None)
            numbered = list(enumerate(reader, start=2))
        except csv.Error as error:
            line = reader.line_num
            msg = (
                f"{self.name}, line {line}: not valid CSV ({error}); "
                "expected a table of comma-separated values"
            )
            raise DataFileError(msg, path=self.name, line=line) from error
        if header is None:
            msg = f"{self.name}, line 1: the file is empty; expected a CSV table with a header row"
            raise DataFileError(msg, path=self.name, line=1)
        self.header = [" ".join(h.split()) for h in header]
        kept = [(n, r) for n, r in numbered if any(cell.strip() for cell in r)]
        self.rows = [r for _, r in kept]
        self.numbers = [n for n, _ in kept]
        """Each row's number in the file, counting every CSV record (the header is row 1)."""
        self.column = {h: i for i, h in reversed(list(enumerate(self.header)))}
        self.used: set[str] = set()

    def has(self, column: str) -> bool:
        return column in self.column

    def first_of(self, *columns: str) -> str | None:
        return next((c for c in columns if c in self.column), None)

    def require(self, table: str, columns: Sequence[str], hint: str = "") -> None:
        missing = [c for c in columns if c not in self.column]
        if missing:
            what = f"looks like an Epoch {table} table but has" if table else "has"
            msg = (
                f"{self.name}, row 1 (the header): {what} no column {missing[0]!r} (columns found: "
                f"{', '.join(self.header)}); "
                f"{hint or 'the file may be truncated or from an unsupported vintage'}"
            )
            raise DataFileError(msg, path=self.name, line=1, field=missing[0])

    def cell(self, row: Sequence[str], column: str) -> str:
        self.used.add(column)
        i = self.column[column]
        return row[i].strip() if i < len(row) else ""

    def error(self, line: int, column: str, value: str, expected: str) -> DataFileError:
        msg = (
            f"{self.name}, row {line}, column {column!r}: value {value!r} is invalid; "
            f"expected {expected}"
        )
        return DataFileError(msg, path=self.name, line=line, field=column, value=value)

    def ignored(self) -> tuple[str, ...]:
        """Return the columns not read: unused names, repeats, and unnamed cells with values."""
        out = [h for h in dict.fromkeys(self.header) if h and h not in self.used]
        for i, h in enumerate(self.header):
            if h and self.column[h] != i and self._filled(i):
                out.append(f"{h} (column {i + 1}, repeated)")
        width = max((len(r) for r in self.rows), default=0)
        out.extend(
            f"column {i + 1} (no header)"
            for i in range(width)
            if (i >= len(self.header) or not self.header[i]) and self._filled(i)
        )
        return tuple(out)

    def _filled(self, i: int) -> bool:
        """Tell whether any row holds a value in column *i* (counted from 0)."""
        return any(i < len(r) and r[i].strip() for r in self.rows)

    def record_error(self, line: int, label: str, error: InvalidEventError) -> DataFileError:
        """Return a record's refusal of a value as an error naming this file and row."""
        return DataFileError(
            f"{self.name}, row {line} ({label}): {error}", path=self.name, line=line
        )

    def built(
        self, line: int, label: str, kind: Callable[_P, _R], /, *args: _P.args, **kw: _P.kwargs
    ) -> _R:
        """Return ``kind(*args, **kw)``; a value the record refuses is an error naming the row.

        *label* names the row in the message (the model, and the metric where a row gives
        several events).
        """
        try:
            return kind(*args, **kw)
        except InvalidEventError as error:
            raise self.record_error(line, label, error) from None

    def summary(self, table: str, n_events: int, **left_out: Sequence[str]) -> LoadSummary:
        """Return what was read: rows, events, the rows left out and the columns not used."""
        return LoadSummary(
            self.name, table, len(self.rows), n_events, ignored_columns=self.ignored(), **left_out
        )


def date(file: File, row: Sequence[str], line: int, column: str) -> When | None:
    text = file.cell(row, column)
    if not text:
        return None
    try:
        return When.parse(text)
    except (DateError, ValueError, OverflowError) as error:
        # DateError: unreadable, or a time without a timezone; the others are a date parser's
        # own failures (a year too large for the calendar), reported here with row and column.
        expected = f"a date such as 2024-09-12 ({error})"
        raise file.error(line, column, text, expected) from error


def _decimal(file: File, row: Sequence[str], line: int, column: str) -> Decimal | None:
    """Read a number cell exactly: ASCII digits, thousands commas, an exponent; or None."""
    cell = file.cell(row, column)
    text = cell.replace(",", "")
    if not text:
        return None
    if not _DECIMAL.fullmatch(text):
        raise file.error(line, column, cell, "a number in ASCII digits such as 1234.5")
    value = Decimal(text)
    if value and abs(value.adjusted()) > _MAX_EXPONENT:
        raise file.error(line, column, cell, f"a number between 1e-{_MAX_EXPONENT} and 1e+4000")
    return value


def number(file: File, row: Sequence[str], line: int, column: str) -> float | None:
    value = _decimal(file, row, line, column)
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise file.error(line, column, file.cell(row, column), "a number below 1.8e308")
    return number


def parameters(file: File, row: Sequence[str], line: int, column: str | None) -> Parameters | None:
    """Read a Parameters cell: a positive whole number, allowing float rounding noise."""
    if column is None:
        return None
    try:
        value = _decimal(file, row, line, column)
    except DataFileError as error:
        expected = "a positive whole number of parameters such as 175000000000"
        raise file.error(line, column, file.cell(row, column), expected) from error
    if value is None:
        return None
    whole = value.to_integral_value()
    exact = value == whole or abs(value - whole) <= whole * _FLOAT_NOISE
    if not exact or whole <= 0:
        expected = "a positive whole number of parameters such as 175000000000"
        raise file.error(line, column, file.cell(row, column), expected)
    return Parameters(int(whole))


def access(text: str) -> bool | None:
    if text in _OPEN:
        return True
    if text in _CLOSED:
        return False
    return None


class Countries:
    """Map Epoch country names (and, if *iso*, ISO codes) to codes, remembering the rest."""

    def __init__(self, *, iso: bool = False) -> None:
        self.unknown: Counter[str] = Counter()
        self.iso = iso

    def codes(self, cell: str) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for name in split(cell):
            code = COUNTRY_NAMES.get(name)
            if code is None and self.iso and (name in COUNTRY_CODES or name in REGIONS):
                code = name
            if code is None:
                self.unknown[name] += 1
            else:
                out.setdefault(code, None)
        return tuple(out)


class Ids:
    """Give each row a unique slug id, deterministically from the file's contents."""

    def __init__(self, bases: Sequence[str], dates: Sequence[When | None]) -> None:
        counts = Counter(bases)
        candidates = [
            f"{b}-{d.earliest.to_date_string()}" if counts[b] > 1 and d is not None else b
            for b, d in zip(bases, dates, strict=True)
        ]
        seen: Counter[str] = Counter()
        self.ids: list[str] = []
        for c in candidates:
            seen[c] += 1
            self.ids.append(c if seen[c] == 1 else f"{c}-{seen[c]}")


def base(name: str, line: int, suffix: str = "") -> str:
    stem = slug(name) or f"row-{line}"
    return f"{stem}-{suffix}" if suffix else stem


def source(file: File, title: str, publisher: str = "Epoch AI", url: str = _EPOCH_URL) -> Source:
    """Return the source every event of *file* cites: the caller's, else the table's own."""
    if file.cite is None:
        file.cite = Source(publisher=publisher, title=title, url=url)
    return file.cite


def provenance(file: File) -> dict[str, JSONValue]:
    """Return a result's metadata: who published the table, where, and the file read."""
    source = file.cite
    if source is None:
        return {"file": file.name}
    meta: dict[str, JSONValue] = {"publisher": source.publisher, "title": source.title}
    if source.url:
        meta["url"] = source.url
    if source.published is not None:
        meta["published"] = source.published.to_edtf()
    meta["file"] = file.name
    return meta


def scored_rows(
    file: File, name_col: str, date_col: str, value_cols: Sequence[str]
) -> tuple[list[tuple[int, list[str], str, When, list[tuple[str, float]]]], list[str], list[str]]:
    """Sort the rows of a score table into kept, undated and unscored.

    A row with no score in any of *value_cols* is unscored; a scored row with no date is
    undated (neither becomes an event, both are named in the summary). Kept rows come as
    ``(line, row, name, when, [(column, score), ...])``.
    """
    kept: list[tuple[int, list[str], str, When, list[tuple[str, float]]]] = []
    undated: list[str] = []
    unscored: list[str] = []
    for line, row in zip(file.numbers, file.rows, strict=True):
        name = clean(file.cell(row, name_col))
        when = date(file, row, line, date_col)
        values = [(c, number(file, row, line, c)) for c in value_cols]
        scored = [(c, v) for c, v in values if v is not None]
        if not scored:
            unscored.append(name or f"row {line}")
        elif when is None:
            undated.append(name or f"row {line}")
        else:
            kept.append((line, row, name, when, scored))
    return kept, undated, unscored


_LONG_EXTRAS: Final = {
    "country": ("country", "countries", "country (of organization)", "country (from organization)"),
    "organization": ("organization", "organisation", "organizations", "organisations", "org"),
    "open_weights": ("open weights", "open_weights", "model accessibility", "accessibility"),
}
"""The header names :func:`read_long_scores` recognises for each extra column (any case)."""

_YES: Final = frozenset({"true", "yes", "y", "1", "open", "open weights"})
_NO: Final = frozenset({"false", "no", "n", "0", "closed", "closed weights"})


def extra_column(file: File, given: str | None, kind: str) -> str | None:
    """Return the column to read for *kind*: the one named, else a recognised header, else None.

    A name given that is not in the header is an error; ``""`` reads no such column.
    """
    if given is not None:
        if given:
            file.require("", [given], f"pass {kind}=None to look for it, or '' to read none")
        return given or None
    known = _LONG_EXTRAS[kind]
    return next((h for h in file.header if h and h.lower() in known), None)


def open_weights(file: File, row: Sequence[str], line: int, column: str | None) -> bool | None:
    """Read an open-weights cell: yes/no, true/false, 1/0 or Epoch's accessibility wording."""
    if column is None:
        return None
    text = file.cell(row, column)
    if not text:
        return None
    if text in GROUPS:
        return GROUPS[text]
    known = access(text)
    if known is not None:
        return known
    if text.lower() in _YES:
        return True
    if text.lower() in _NO:
        return False
    expected = "true/false, yes/no, 1/0, open/closed, or Epoch's 'Model accessibility' wording"
    raise file.error(line, column, text, expected)


def score_tags(*, open_weights: bool | None) -> set[str]:
    tags: set[str] = set()
    if open_weights is not None:
        tags.add("open-weights" if open_weights else "closed-weights")
    return tags
