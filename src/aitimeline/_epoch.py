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

import re
from collections.abc import Sequence
from typing import Final

from aitimeline import _epoch_cells as cells
from aitimeline._dates import When
from aitimeline._events import Event, Release, Score, Source
from aitimeline._result import Input, LoadSummary, ReadResult
from aitimeline._timeline import Timeline
from aitimeline._vocab import COUNTRY_NAMES
from aitimeline.exceptions import DataFileError

__all__ = [
    "COUNTRY_NAMES",
    "read_epoch_csv",
    "read_lmarena_csv",
    "read_long_scores",
]


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

_ELO_CI: Final = re.compile(r'^"?\+(\d+(?:\.\d+)?)/-(\d+(?:\.\d+)?)"?$')


# --------------------------------------------------------------------------------------------
# Table readers


def _read_models(file: cells.File) -> tuple[list[Event], LoadSummary]:
    country_col = file.first_of(*_COUNTRY_COLUMNS) or _COUNTRY_COLUMNS[0]
    file.require(
        "models",
        ["Model", "Publication date", "Organization", country_col, "Model accessibility"],
    )
    large = "large" in file.file_name.lower()
    title = "Large-Scale AI Models" if large else "Notable AI Models"
    source = cells.source(file, f"{title} ({file.file_name})")
    countries = cells.Countries()
    params_col = file.first_of("Parameters")
    dated: list[tuple[int, list[str], str, When]] = []
    undated: list[str] = []
    for line, row in zip(file.numbers, file.rows, strict=True):
        name = cells.clean(file.cell(row, "Model"))
        when = cells.date(file, row, line, "Publication date")
        if when is None:
            undated.append(name or f"row {line}")
        else:
            dated.append((line, row, name, when))
    ids = cells.Ids([cells.base(n, line) for line, _, n, _ in dated], [w for *_, w in dated]).ids
    events: list[Event] = []
    for event_id, (line, row, name, when) in zip(ids, dated, strict=True):
        codes = countries.codes(file.cell(row, country_col))
        domains = (
            {cells.slug(d) for d in cells.split(file.cell(row, "Domain"))}
            if file.has("Domain")
            else set()
        )
        tags = {d for d in domains if d}
        if file.has("Frontier model") and file.cell(row, "Frontier model") == "True":
            tags.add("frontier-model")
        confidence = file.cell(row, "Confidence") if file.has("Confidence") else ""
        event = file.built(
            line,
            f"{name!r}",
            Release,
            id=event_id,
            when=when,
            title=f"{name} released",
            model=name or event_id,
            actors=cells.split(file.cell(row, "Organization")),
            countries=codes,
            tags=tags,
            open_weights=cells.access(file.cell(row, "Model accessibility")),
            parameters=cells.parameters(file, row, line, params_col),
            sources=(source,),
            note=f"Epoch AI confidence: {confidence}" if confidence else "",
        )
        events.append(event)
    summary = file.summary(
        "models",
        len(events),
        undated=undated,
        unknown_countries=sorted(countries.unknown),
    )
    return events, summary


def _read_eci(file: cells.File, *, per_version: bool) -> tuple[list[Event], LoadSummary]:
    if per_version:
        table, title = "eci", "Epoch Capabilities Index"
        name_col, value_col, date_col, country_col = (
            "Model version",
            "ECI Score",
            "Release date",
            "Country",
        )
    else:
        table, title = "eci-scores", "ECI scores"
        name_col, value_col, date_col = "Model", "eci", "date"
        country_col = file.first_of(*_COUNTRY_COLUMNS) or "Country (of organization)"
    required = [name_col, value_col, date_col, "Organization", country_col, "Model accessibility"]
    if per_version:
        required.append("Model name")
    file.require(table, required)
    source = cells.source(file, f"{title} ({file.file_name})")
    countries = cells.Countries()
    rows, undated, unscored = cells.scored_rows(file, name_col, date_col, [value_col])
    kept = [(line, row, name, when, scored[0][1]) for line, row, name, when, scored in rows]
    ids = cells.Ids(
        [cells.base(n, line, "eci") for line, _, n, _, _ in kept], [w for _, _, _, w, _ in kept]
    ).ids
    events: list[Event] = []
    for event_id, (line, row, name, when, value) in zip(ids, kept, strict=True):
        codes = countries.codes(file.cell(row, country_col))
        access = cells.access(file.cell(row, "Model accessibility"))
        if not per_version and file.has("Accessibility group"):
            access = cells.GROUPS.get(file.cell(row, "Accessibility group"), access)
        model = cells.clean(file.cell(row, "Model name")) if per_version else name
        display = cells.clean(file.cell(row, "Display name")) if file.has("Display name") else ""
        ci_low = cells.number(file, row, line, "eci_ci_low") if file.has("eci_ci_low") else None
        ci_high = cells.number(file, row, line, "eci_ci_high") if file.has("eci_ci_high") else None
        event = file.built(
            line,
            f"{name!r}",
            Score,
            id=event_id,
            when=when,
            title=f"{display or name}: ECI {value:.1f}",
            model=model or name,
            metric="eci",
            value=value,
            ci_low=ci_low,
            ci_high=ci_high,
            benchmark="Epoch Capabilities Index",
            actors=cells.split(file.cell(row, "Organization")),
            countries=codes,
            tags=cells.score_tags(open_weights=access),
            sources=(source,),
            note=f"model version {name}" if per_version else "",
        )
        events.append(event)
    summary = file.summary(
        table,
        len(events),
        undated=undated,
        unscored=unscored,
        unknown_countries=sorted(countries.unknown),
    )
    return events, summary


def _elo_interval(
    file: cells.File, row: Sequence[str], value: float
) -> tuple[float | None, float | None]:
    if not file.has("LMSys Elo 95% CI"):
        return None, None
    match = _ELO_CI.match(file.cell(row, "LMSys Elo 95% CI"))
    if match is None:
        return None, None
    return value - float(match.group(2)), value + float(match.group(1))


def _read_benchmarks(file: cells.File) -> tuple[list[Event], LoadSummary]:
    file.require("benchmarks", ["System", "Date", "Open/Closed"])
    metrics = [m for m in _BENCHMARKS if file.has(m)]
    if not metrics:
        msg = (
            f"{file.name}, row 1 (the header): looks like an Epoch benchmarks table but has no "
            f"score column; expected at least one of {', '.join(_BENCHMARKS)}"
        )
        raise DataFileError(msg, path=file.name, line=1)
    source = cells.source(
        file, f"How far behind are open models? (2024), benchmark data ({file.file_name})"
    )
    rows, undated, unscored = cells.scored_rows(file, "System", "Date", metrics)
    kept = [
        (line, row, name, when, m, v) for line, row, name, when, scored in rows for m, v in scored
    ]
    ids = cells.Ids(
        [cells.base(n, line, cells.slug(m)) for line, _, n, _, m, _ in kept], [k[3] for k in kept]
    ).ids
    events: list[Event] = []
    for event_id, (line, row, name, when, metric, value) in zip(ids, kept, strict=True):
        access = {"Open": True, "Closed": False}.get(file.cell(row, "Open/Closed"))
        tags = cells.score_tags(open_weights=access)
        if file.has("Trust in benchmark results"):
            trust = file.cell(row, "Trust in benchmark results")
            if trust in {"-1", "-1.0"}:
                tags.add("untrusted")
            elif trust in {"1", "1.0"}:
                tags.add("trusted")
        low, high = _elo_interval(file, row, value) if metric == "LMSys Elo" else (None, None)
        event = file.built(
            line,
            f"{name!r}, {metric}",
            Score,
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
        events.append(event)
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
    file = cells.File(path, name, source)
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
    return ReadResult(Timeline(events), summary, cells.provenance(file))


def read_long_scores(
    path: Input,
    *,
    date: str = "date",
    model: str = "model",
    value: str = "value",
    metric: str,
    benchmark: str = "",
    publisher: str = "",
    country: str | None = None,
    organization: str | None = None,
    open_weights: str | None = None,
    name: str | None = None,
) -> ReadResult:
    """Read a long table, one ``(date, model, value)`` row per score, into Score events.

    Every row becomes a :class:`~aitimeline.Score` with the given *metric*, dated by the
    *date* column, with id ``<model>-<metric>-<date>`` (slugs). Three optional columns are
    kept too: a country column (country names or ISO 3166-1 alpha-2 codes, comma-separated)
    gives ``countries``, an organisation column gives ``actors``, and an open-weights column
    (``true``/``false``, ``yes``/``no``, ``1``/``0``, ``open``/``closed`` or Epoch's
    accessibility wording) gives the tag ``open-weights`` or ``closed-weights``, as the Epoch
    readers do. Each is found by a recognised header name (``country``, ``organization``,
    ``open weights``, ``model accessibility``, any case) unless named. Country names with no
    code are listed in the summary's ``unknown_countries``, and other columns in its
    ``ignored_columns``.

    Args:
        path: The CSV file (``.csv`` or ``.csv.gz``), or a binary file-like object.
        date: The column holding each score's date.
        model: The column naming the model.
        value: The column holding the score.
        metric: The metric the scores measure, such as ``"lmarena-elo"``.
        benchmark: The benchmark's name, if any.
        publisher: Who published the data (the events' source), if known.
        country: The column naming each model's countries (None: a recognised header;
            ``""``: none).
        organization: The column naming each model's organisations (None: a recognised
            header; ``""``: none).
        open_weights: The column telling whether the weights are open (None: a recognised
            header; ``""``: none).
        name: What to call the file in messages (default: its path or ``name`` attribute).

    Returns:
        A :class:`~aitimeline.io.ReadResult`; rows without a date or a value are named in its
        summary.

    Raises:
        DataFileError: the file is missing or not a regular file, a named column is missing,
            or a date, value or open-weights cell cannot be read.
    """
    file = cells.File(path, name)
    file.require(
        "", [date, model, value], "pass date=, model= and value= naming the table's columns"
    )
    country_col = cells.extra_column(file, country, "country")
    org_col = cells.extra_column(file, organization, "organization")
    open_col = cells.extra_column(file, open_weights, "open_weights")
    countries = cells.Countries(iso=True)
    stem = file.file_name.rsplit(".", 1)[0]
    source = cells.source(file, file.file_name, publisher=publisher or stem, url="")
    rows, undated, unscored = cells.scored_rows(file, model, date, [value])
    kept = [(line, row, name, when, scored[0][1]) for line, row, name, when, scored in rows]
    bases = [
        cells.base(f"{n} {metric} {w.earliest.to_date_string()}", line) for line, _, n, w, _ in kept
    ]
    ids = cells.Ids(bases, [None] * len(bases)).ids
    events: list[Event] = []
    for event_id, (line, row, label, when, number) in zip(ids, kept, strict=True):
        codes = countries.codes(file.cell(row, country_col)) if country_col else ()
        actors = cells.split(file.cell(row, org_col)) if org_col else ()
        access = cells.open_weights(file, row, line, open_col)
        event = file.built(
            line,
            f"{label!r}",
            Score,
            id=event_id,
            when=when,
            title=f"{label}: {metric} {number:g}",
            model=label or event_id,
            metric=metric,
            value=number,
            benchmark=benchmark,
            actors=actors,
            countries=codes,
            tags=cells.score_tags(open_weights=access),
            sources=(source,),
        )
        events.append(event)
    summary = file.summary(
        "long",
        len(events),
        undated=undated,
        unscored=unscored,
        unknown_countries=sorted(countries.unknown),
    )
    return ReadResult(Timeline(events), summary, cells.provenance(file))


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
