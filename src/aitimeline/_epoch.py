"""Read Epoch AI's public tables (and any long table of scores) into events.

:func:`read_epoch_csv` recognises a table by its columns, whatever their order and whichever
name a column has in that vintage of the data:

- **models** tables ("Notable AI Models", "Large-Scale AI Models"): one
  :class:`~aitimeline.Release` per row. The country column is ``Country (of organization)``
  (2026) or ``Country (from Organization)`` (2025).
- **ECI** tables: ``epoch_capabilities_index`` (one row per model *version*, column
  ``ECI Score``) and ``eci_scores`` (one row per model, with a 90% interval): one
  :class:`~aitimeline.Score` with metric ``"eci"`` per scored row.
- **benchmark** tables of Epoch's 2024 report "How far behind are open models?" (columns
  ``System``, ``Date``, ``Open/Closed`` and one column per benchmark): one Score per row and
  benchmark, with the benchmark's column name as the metric (``"MMLU"``, ``"GPQA"``, ...).

What every row becomes:

- organisations and countries are comma-joined in Epoch's tables, often with repeats; they are
  split and deduplicated in order. ``actors`` lists the organisations; ``countries`` their
  ISO 3166-1 codes in order (``"INTL"`` for Epoch's ``Multinational``), so ``country`` is the
  first and ``col("countries").contains("CN")`` finds a US-Chinese collaboration too;
- ``Model accessibility`` is mapped to open weights as Epoch does: ``Open weights
  (unrestricted)``, ``(restricted use)`` and ``(non-commercial)`` are open; ``API access``,
  ``Hosted access (no API)`` and ``Unreleased`` are not; blank or ``Unknown`` is unknown.
  Releases get ``open_weights``; scores get the tag ``open-weights`` or ``closed-weights``;
- ids are slugs of the model name (``"gpt-4o"``; scores add the metric, ``"gpt-4o-eci"``).
  Names that slug alike get the row's date appended, then ``-2``, ``-3`` in row order, so ids
  are unique and do not depend on anything but the file.

Rows without a date, and rows of score tables without a score, cannot become events; they are
listed by name in :attr:`ReadResult.summary <aitimeline.io.ReadResult.summary>`, never dropped
silently. Columns the reader does
not use are ignored and listed in the summary's ``ignored_columns``, and so are a repeated
column name (the first column of that name is read; the repeat is listed as
``"Name (column 7, repeated)"``) and cells beyond the header or under a blank header name
(``"column 12 (no header)"``), when any row holds a value there. A missing required column,
an unreadable date or number, or a file that is not an Epoch table raises
:class:`DataFileError` naming the file, the row and the column (also as the error's ``path``,
``line``, ``field`` and ``value``).

Numbers are read exactly or refused: a score is a finite decimal number in ASCII digits
(``1,234.5`` is read as 1234.5); a ``Parameters`` cell is a positive whole number
(``175000000000``, ``1.75e11``, ``175000000000.0``). Epoch's tables are exported from
floating-point values, so a cell within float rounding of a whole number (relative
difference at most 2**-50, e.g. ``256999999.99999997``) is read as that number; any
other cell (``1.9``, ``-5``, ``0``, ``nan``, ``inf``, ``abc``) raises :class:`DataFileError`.

Every reader takes a path (``.csv`` or ``.csv.gz``) or a binary file-like object, and returns a
:class:`~aitimeline.io.ReadResult` whose ``metadata`` is the table's provenance; pass
``source=`` to say which :class:`~aitimeline.Source` every event cites (the bundled snapshots
of :mod:`aitimeline.datasets` name the snapshot date and the licence there).

:func:`read_long_scores` turns any long ``(date, model, value)`` table into scores, and
:func:`read_lmarena_csv` applies it to the Chatbot Arena history.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Final

from aitimeline._dates import When
from aitimeline._events import Event, Parameters, Release, Score, Source
from aitimeline._result import Input, LoadSummary, ReadResult, input_name, read_input
from aitimeline._timeline import Timeline
from aitimeline._types import JSONValue
from aitimeline._vocab import COUNTRY_NAMES
from aitimeline.exceptions import DataFileError, DateError, InvalidEventError

__all__ = [
    "COUNTRY_NAMES",
    "read_epoch_csv",
    "read_lmarena_csv",
    "read_long_scores",
]


_OPEN: Final = frozenset(
    {
        "Open weights (unrestricted)",
        "Open weights (restricted use)",
        "Open weights (non-commercial)",
    }
)
_CLOSED: Final = frozenset({"API access", "Hosted access (no API)", "Unreleased"})
_GROUPS: Final = {"Open weights": True, "Closed weights": False}

_COUNTRY_COLUMNS: Final = ("Country (of organization)", "Country (from Organization)", "Country")
_BENCHMARKS: Final = (
    "MMLU",
    "GPQA",
    "BBH",
    "HELM MMLU",
    "GSM8k",
    "GSM1k",
    "SEAL Coding",
    "SEAL Instruction Following",
    "SEAL Math",
    "LMSys Elo",
)
"""Score columns of the 2024 open-models tables; each becomes a metric of the same name."""

_EPOCH_URL: Final = "https://epoch.ai/data/ai-models"
_ELO_CI: Final = re.compile(r'^"?\+(\d+(?:\.\d+)?)/-(\d+(?:\.\d+)?)"?$')
_DECIMAL: Final = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A decimal number in ASCII digits (``float`` and ``Decimal`` also take other scripts' digits,
underscores, ``nan`` and ``inf``)."""
_FLOAT_NOISE: Final = Decimal(2) ** -50
"""How far (relative) a Parameters cell may be from a whole number and still be read as it."""
_MAX_EXPONENT: Final = 4000
"""The largest power of ten read in a number cell (Python's ints print up to 4,300 digits)."""


# --------------------------------------------------------------------------------------------
# Results


# --------------------------------------------------------------------------------------------
# Small parsers


def _slug(text: str) -> str:
    """Return *text* as a slug: lower-case letters, digits and single hyphens.

    >>> _slug("GPT-4 (original)"), _slug("Claude 3.5 Sonnet"), _slug("o1 preview")
    ('gpt-4-original', 'claude-3-5-sonnet', 'o1-preview')
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _split(cell: str) -> tuple[str, ...]:
    """Split a comma-joined cell and drop repeats and blanks, keeping the first order."""
    seen: dict[str, None] = {}
    for part in cell.split(","):
        name = " ".join(part.split())
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def _clean(cell: str | None) -> str:
    return " ".join((cell or "").split())


class _File:
    """One CSV file's header and rows, and errors that name them."""

    def __init__(self, source: Input, name: str | None = None, cite: Source | None = None) -> None:
        self.name = input_name(source, name)
        self.cite = cite
        """The source every event cites, if the caller gave one; else set by :func:`_source`."""
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

    def summary(self, table: str, n_events: int, **left_out: Sequence[str]) -> LoadSummary:
        """Return what was read: rows, events, the rows left out and the columns not used."""
        return LoadSummary(
            self.name, table, len(self.rows), n_events, ignored_columns=self.ignored(), **left_out
        )


def _date(file: _File, row: Sequence[str], line: int, column: str) -> When | None:
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


def _decimal(file: _File, row: Sequence[str], line: int, column: str) -> Decimal | None:
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


def _number(file: _File, row: Sequence[str], line: int, column: str) -> float | None:
    value = _decimal(file, row, line, column)
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise file.error(line, column, file.cell(row, column), "a number below 1.8e308")
    return number


def _parameters(
    file: _File, row: Sequence[str], line: int, column: str | None
) -> Parameters | None:
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


def _access(text: str) -> bool | None:
    if text in _OPEN:
        return True
    if text in _CLOSED:
        return False
    return None


class _Countries:
    """Map Epoch country names to codes, remembering the names it cannot map."""

    def __init__(self) -> None:
        self.unknown: Counter[str] = Counter()

    def codes(self, cell: str) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for name in _split(cell):
            code = COUNTRY_NAMES.get(name)
            if code is None:
                self.unknown[name] += 1
            else:
                out.setdefault(code, None)
        return tuple(out)


class _Ids:
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


def _base(name: str, line: int, suffix: str = "") -> str:
    slug = _slug(name) or f"row-{line}"
    return f"{slug}-{suffix}" if suffix else slug


def _source(file: _File, title: str, publisher: str = "Epoch AI", url: str = _EPOCH_URL) -> Source:
    """Return the source every event of *file* cites: the caller's, else the table's own."""
    if file.cite is None:
        file.cite = Source(publisher=publisher, title=title, url=url)
    return file.cite


def _provenance(file: _File) -> dict[str, JSONValue]:
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


# --------------------------------------------------------------------------------------------
# Table readers


def _scored_rows(
    file: _File, name_col: str, date_col: str, value_cols: Sequence[str]
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
        name = _clean(file.cell(row, name_col))
        when = _date(file, row, line, date_col)
        values = [(c, _number(file, row, line, c)) for c in value_cols]
        scored = [(c, v) for c, v in values if v is not None]
        if not scored:
            unscored.append(name or f"row {line}")
        elif when is None:
            undated.append(name or f"row {line}")
        else:
            kept.append((line, row, name, when, scored))
    return kept, undated, unscored


def _read_models(file: _File) -> tuple[list[Event], LoadSummary]:
    country_col = file.first_of(*_COUNTRY_COLUMNS) or _COUNTRY_COLUMNS[0]
    file.require(
        "models",
        ["Model", "Publication date", "Organization", country_col, "Model accessibility"],
    )
    large = "large" in file.file_name.lower()
    title = "Large-Scale AI Models" if large else "Notable AI Models"
    source = _source(file, f"{title} ({file.file_name})")
    countries = _Countries()
    params_col = file.first_of("Parameters")
    dated: list[tuple[int, list[str], str, When]] = []
    undated: list[str] = []
    for line, row in zip(file.numbers, file.rows, strict=True):
        name = _clean(file.cell(row, "Model"))
        when = _date(file, row, line, "Publication date")
        if when is None:
            undated.append(name or f"row {line}")
        else:
            dated.append((line, row, name, when))
    ids = _Ids([_base(n, line) for line, _, n, _ in dated], [w for *_, w in dated]).ids
    events: list[Event] = []
    for event_id, (line, row, name, when) in zip(ids, dated, strict=True):
        codes = countries.codes(file.cell(row, country_col))
        domains = (
            {_slug(d) for d in _split(file.cell(row, "Domain"))} if file.has("Domain") else set()
        )
        tags = {d for d in domains if d}
        if file.has("Frontier model") and file.cell(row, "Frontier model") == "True":
            tags.add("frontier-model")
        confidence = file.cell(row, "Confidence") if file.has("Confidence") else ""
        try:
            events.append(
                Release(
                    id=event_id,
                    when=when,
                    title=f"{name} released",
                    model=name or event_id,
                    actors=_split(file.cell(row, "Organization")),
                    countries=codes,
                    tags=tags,
                    open_weights=_access(file.cell(row, "Model accessibility")),
                    parameters=_parameters(file, row, line, params_col),
                    sources=(source,),
                    note=f"Epoch AI confidence: {confidence}" if confidence else "",
                )
            )
        except InvalidEventError as error:
            raise file.record_error(line, f"{name!r}", error) from None
    summary = file.summary(
        "models",
        len(events),
        undated=undated,
        unknown_countries=sorted(countries.unknown),
    )
    return events, summary


def _score_tags(*, open_weights: bool | None) -> set[str]:
    tags: set[str] = set()
    if open_weights is not None:
        tags.add("open-weights" if open_weights else "closed-weights")
    return tags


def _read_eci(file: _File, *, per_version: bool) -> tuple[list[Event], LoadSummary]:
    if per_version:
        name_col, value_col, date_col, country_col = (
            "Model version",
            "ECI Score",
            "Release date",
            "Country",
        )
        required = [
            name_col,
            value_col,
            date_col,
            "Organization",
            country_col,
            "Model accessibility",
            "Model name",
        ]
        table, title = "eci", "Epoch Capabilities Index"
    else:
        name_col, value_col, date_col = "Model", "eci", "date"
        country_col = file.first_of(*_COUNTRY_COLUMNS) or "Country (of organization)"
        required = [
            name_col,
            value_col,
            date_col,
            "Organization",
            country_col,
            "Model accessibility",
        ]
        table, title = "eci-scores", "ECI scores"
    file.require(table, required)
    source = _source(file, f"{title} ({file.file_name})")
    countries = _Countries()
    rows, undated, unscored = _scored_rows(file, name_col, date_col, [value_col])
    kept = [(line, row, name, when, scored[0][1]) for line, row, name, when, scored in rows]
    ids = _Ids(
        [_base(n, line, "eci") for line, _, n, _, _ in kept], [w for _, _, _, w, _ in kept]
    ).ids
    events: list[Event] = []
    for event_id, (line, row, name, when, value) in zip(ids, kept, strict=True):
        codes = countries.codes(file.cell(row, country_col))
        access = _access(file.cell(row, "Model accessibility"))
        if not per_version and file.has("Accessibility group"):
            access = _GROUPS.get(file.cell(row, "Accessibility group"), access)
        model = _clean(file.cell(row, "Model name")) if per_version else name
        display = _clean(file.cell(row, "Display name")) if file.has("Display name") else ""
        ci_low = _number(file, row, line, "eci_ci_low") if file.has("eci_ci_low") else None
        ci_high = _number(file, row, line, "eci_ci_high") if file.has("eci_ci_high") else None
        try:
            events.append(
                Score(
                    id=event_id,
                    when=when,
                    title=f"{display or name}: ECI {value:.1f}",
                    model=model or name,
                    metric="eci",
                    value=value,
                    ci_low=ci_low,
                    ci_high=ci_high,
                    benchmark="Epoch Capabilities Index",
                    actors=_split(file.cell(row, "Organization")),
                    countries=codes,
                    tags=_score_tags(open_weights=access),
                    sources=(source,),
                    note=f"model version {name}" if per_version else "",
                )
            )
        except InvalidEventError as error:
            raise file.record_error(line, f"{name!r}", error) from None
    summary = file.summary(
        table,
        len(events),
        undated=undated,
        unscored=unscored,
        unknown_countries=sorted(countries.unknown),
    )
    return events, summary


def _elo_interval(
    file: _File, row: Sequence[str], value: float
) -> tuple[float | None, float | None]:
    if not file.has("LMSys Elo 95% CI"):
        return None, None
    match = _ELO_CI.match(file.cell(row, "LMSys Elo 95% CI"))
    if match is None:
        return None, None
    return value - float(match.group(2)), value + float(match.group(1))


def _read_benchmarks(file: _File) -> tuple[list[Event], LoadSummary]:
    file.require("benchmarks", ["System", "Date", "Open/Closed"])
    metrics = [m for m in _BENCHMARKS if file.has(m)]
    if not metrics:
        msg = (
            f"{file.name}, row 1 (the header): looks like an Epoch benchmarks table but has no "
            f"score column; expected at least one of {', '.join(_BENCHMARKS)}"
        )
        raise DataFileError(msg, path=file.name, line=1)
    source = _source(
        file, f"How far behind are open models? (2024), benchmark data ({file.file_name})"
    )
    rows, undated, unscored = _scored_rows(file, "System", "Date", metrics)
    kept = [
        (line, row, name, when, m, v) for line, row, name, when, scored in rows for m, v in scored
    ]
    ids = _Ids([_base(n, line, _slug(m)) for line, _, n, _, m, _ in kept], [k[3] for k in kept]).ids
    events: list[Event] = []
    for event_id, (line, row, name, when, metric, value) in zip(ids, kept, strict=True):
        access = {"Open": True, "Closed": False}.get(file.cell(row, "Open/Closed"))
        tags = _score_tags(open_weights=access)
        if file.has("Trust in benchmark results"):
            trust = file.cell(row, "Trust in benchmark results")
            if trust in {"-1", "-1.0"}:
                tags.add("untrusted")
            elif trust in {"1", "1.0"}:
                tags.add("trusted")
        low, high = _elo_interval(file, row, value) if metric == "LMSys Elo" else (None, None)
        try:
            events.append(
                Score(
                    id=event_id,
                    when=when,
                    title=f"{name}: {metric} {value:g}",
                    model=name,
                    metric=metric,
                    value=value,
                    ci_low=low,
                    ci_high=high,
                    benchmark=metric,
                    tags=tags,
                    sources=(source,),
                )
            )
        except InvalidEventError as error:
            raise file.record_error(line, f"{name!r}, {metric}", error) from None
    summary = file.summary("benchmarks", len(events), undated=undated, unscored=unscored)
    return events, summary


def read_epoch_csv(
    path: Input, *, name: str | None = None, source: Source | None = None
) -> ReadResult:
    """Read an Epoch AI table (models, ECI, or 2024 open-models benchmarks) into events.

    The kind of table is recognised from its columns (see the module docstring): models
    tables become :class:`~aitimeline.Release` events, ECI and benchmark tables
    :class:`~aitimeline.Score` events.

    Args:
        path: The CSV file as downloaded from epoch.ai (any column order or vintage), also
            gzip-compressed (``.csv.gz``), or a binary file-like object.
        name: What to call the file in messages and in the summary (default: its path, or a
            file object's ``name``).
        source: The :class:`~aitimeline.Source` every event cites (default: Epoch AI, the
            table's title and the file name).

    Returns:
        A :class:`~aitimeline.io.ReadResult`: ``.timeline`` holds the events, ``.summary``
        counts the rows and names those left out (no date, no score), ``.metadata`` is the
        provenance (publisher, title, url, published, file).

    Raises:
        DataFileError: the file is missing, not a regular file, not an Epoch table, lacks a
            required column, or has an unreadable date or number (the message and the
            error's attributes name the row and column).
    """
    file = _File(path, name, source)
    if file.has("ECI Score"):
        events, summary = _read_eci(file, per_version=True)
    elif file.has("eci"):
        events, summary = _read_eci(file, per_version=False)
    elif file.has("System") and file.has("Open/Closed"):
        events, summary = _read_benchmarks(file)
    elif file.has("Model") and file.has("Publication date"):
        events, summary = _read_models(file)
    else:
        msg = (
            f"{file.name}, row 1 (the header): not an Epoch AI table; expected the columns of a "
            "models table "
            "('Model', 'Publication date', ...), an ECI table ('ECI Score' or 'eci', ...) or a "
            "benchmarks table ('System', 'Open/Closed', ...), but found: "
            f"{', '.join(file.header[:12])}{', …' if len(file.header) > 12 else ''}"
        )
        raise DataFileError(msg, path=file.name, line=1)
    return ReadResult(Timeline(events), summary, _provenance(file))


def read_long_scores(
    path: Input,
    *,
    date: str = "date",
    model: str = "model",
    value: str = "value",
    metric: str,
    benchmark: str = "",
    publisher: str = "",
    name: str | None = None,
) -> ReadResult:
    """Read a long table, one ``(date, model, value)`` row per score, into Score events.

    Every row becomes a :class:`~aitimeline.Score` with the given *metric*, dated by the
    *date* column, with id ``<model>-<metric>-<date>`` (slugs). Other columns are ignored.

    Args:
        path: The CSV file (``.csv`` or ``.csv.gz``), or a binary file-like object.
        date: The column holding each score's date.
        model: The column naming the model.
        value: The column holding the score.
        metric: The metric the scores measure, such as ``"lmarena-elo"``.
        benchmark: The benchmark's name, if any.
        publisher: Who published the data (the events' source), if known.
        name: What to call the file in messages (default: its path or ``name`` attribute).

    Returns:
        A :class:`~aitimeline.io.ReadResult`; rows without a date or a value are named in its
        summary.

    Raises:
        DataFileError: the file is missing or not a regular file, a named column is missing,
            or a date or value cannot be read.
    """
    file = _File(path, name)
    file.require(
        "", [date, model, value], "pass date=, model= and value= naming the table's columns"
    )
    stem = file.file_name.rsplit(".", 1)[0]
    source = _source(file, file.file_name, publisher=publisher or stem, url="")
    rows, undated, unscored = _scored_rows(file, model, date, [value])
    kept = [(line, name, when, scored[0][1]) for line, _, name, when, scored in rows]
    bases = [_base(f"{n} {metric} {w.earliest.to_date_string()}", line) for line, n, w, _ in kept]
    ids = _Ids(bases, [None] * len(bases)).ids
    events: list[Event] = []
    for event_id, (line, label, when, number) in zip(ids, kept, strict=True):
        try:
            events.append(
                Score(
                    id=event_id,
                    when=when,
                    title=f"{label}: {metric} {number:g}",
                    model=label or event_id,
                    metric=metric,
                    value=number,
                    benchmark=benchmark,
                    sources=(source,),
                )
            )
        except InvalidEventError as error:
            raise file.record_error(line, f"{label!r}", error) from None
    summary = file.summary("long", len(events), undated=undated, unscored=unscored)
    return ReadResult(Timeline(events), summary, _provenance(file))


def read_lmarena_csv(path: Input, *, name: str | None = None) -> ReadResult:
    """Read the Chatbot Arena history (``snapshot_date,model,elo``) into Score events.

    Each row is one model's overall Elo on one leaderboard snapshot: metric
    ``"lmarena-elo"``, dated by the snapshot.

    Args:
        path: The long CSV file (``.csv`` or ``.csv.gz``), or a binary file-like object.
        name: What to call the file in messages (default: its path or ``name`` attribute).

    Returns:
        A :class:`~aitimeline.io.ReadResult`.

    Raises:
        DataFileError: the file lacks one of the three columns, or has unreadable values.
    """
    return read_long_scores(
        path,
        date="snapshot_date",
        model="model",
        value="elo",
        metric="lmarena-elo",
        benchmark="Chatbot Arena (overall)",
        publisher="LMArena",
        name=name,
    )
