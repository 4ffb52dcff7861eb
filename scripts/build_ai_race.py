"""Build the bundled AI-race record, ``src/aitimeline/datasets/ai_race.json``, from ``data/``.

The record's source of truth is the plain data in ``data/`` (see ``data/README.md``):

* ``data/record.toml``: the dataset's name, description and the articles it draws on;
* ``data/events/<id>.toml``: one curated event per file, in the ``aitimeline/1`` JSON form
  written as TOML (the article events, each with its sources and date claims);
* ``data/export_controls.csv``: the export-control record, 2018-2026, one row per act; rows
  whose ``same_as`` names a curated event are merged into it (its id is kept);
* ``data/epoch_frontier.csv``: every US and Chinese model that set a new ECI record within its
  country, *derived* here from the bundled Epoch AI table, with ``data/epoch_ids.csv`` naming
  the ids of those that are curated events already (merged, id kept) or need a better id.

Every malformed file stops the build with the file, row (or key), field, value and what was
expected. Usage (with aitimeline importable, e.g. after ``make venv``)::

    python scripts/build_ai_race.py            # rewrite the JSON file and epoch_frontier.csv
    python scripts/build_ai_race.py --check    # exit 1 if either is out of date or data is bad
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from aitimeline import (
    DateClaim,
    Event,
    ExportControl,
    Policy,
    Release,
    Source,
    Span,
    Timeline,
    When,
)
from aitimeline._epoch import COUNTRY_NAMES
from aitimeline._events import EXPORT_ACTIONS, ExportAction, event_from_dict
from aitimeline.exceptions import TimelineError
from aitimeline.io import JSONValue, dumps

ROOT: Final = Path(__file__).resolve().parents[1]
DATA: Final = ROOT / "data"
OUT: Final = ROOT / "src" / "aitimeline" / "datasets" / "ai_race.json"
ECI: Final = (
    ROOT / "src" / "aitimeline" / "datasets" / "epoch" / "epoch_capabilities_index_2026-04.csv.gz"
)
ECI_SNAPSHOT: Final = "2026-04"

ARTICLE_TAG: Final = "article"
EXPORT_TAG: Final = "export-control-record"
EPOCH_TAG: Final = "epoch-frontier"
FRONTIER_COUNTRIES: Final = ("US", "CN")

_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_ROW_ID: Final = re.compile(r"[a-z0-9][a-z0-9_]*")
_SLUG: Final = re.compile(r"[a-z0-9][a-z0-9-]*")
_PUBLISHER: Final = re.compile(r"\(([^()]+)\)(?:\s*\[[^\]]*\])?\s*$")

EXPORT_COLUMNS: Final = [
    "id",
    "same_as",
    "title",
    "kind",
    "actor",
    "country",
    "announced",
    "in_force_start",
    "in_force_end",
    "supersedes",
    "amends",
    "action",
    "target",
    "summary",
    "source_title",
    "source_url",
    "source_published",
    "quote",
    "confidence",
    "notes",
]
EXPORT_KINDS: Final = {
    "export_control": "",
    "entity_listing": "entity-list",
    "policy": "",
    "investment_rule": "outbound-investment",
    "countermeasure": "countermeasure",
}
ACTIONS: Final[dict[str, ExportAction]] = {
    "ban": "ban",
    "tighten": "tighten",
    "lift": "lift",
    "licence": "licence",
}
CONFIDENCE: Final = {"verified": "", "single-source": "single-source"}
FRONTIER_COLUMNS: Final = [
    "country",
    "release_date",
    "id",
    "model_version",
    "model",
    "eci",
    "organization",
    "countries",
    "accessibility",
]
ID_COLUMNS: Final = ("model_version", "id")


class DataError(Exception):
    """A data file in ``data/`` that does not say what the build expects."""


def bad(path: Path, where: str, field: str, value: object, expected: str) -> DataError:
    """Return the error for *field* = *value* at *where* (a row or key) of *path*."""
    return DataError(f"{_rel(path)}, {where}, field {field!r}={value!r}: expected {expected}")


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------------------
# Reading the files


def read_toml(path: Path) -> dict[str, Any]:
    """Return the table of a TOML file, or a DataError naming the line of a syntax error."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        msg = f"{_rel(path)}: not valid TOML ({exc})"
        raise DataError(msg) from None
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"{_rel(path)}: cannot be read ({exc})"
        raise DataError(msg) from None


def read_csv(path: Path, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Return ``(row number, cells)`` per data row (the header is row 1); check the header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"{_rel(path)}: cannot be read ({exc})"
        raise DataError(msg) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if header != list(columns):
        raise bad(path, "row 1", "header", ",".join(header), f"the columns {','.join(columns)}")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if len(cells) != len(columns):
            raise bad(path, f"row {number}", "cells", len(cells), f"{len(columns)} cells")
        rows.append((number, dict(zip(columns, cells, strict=True))))
    return rows


def load_events(folder: Path) -> list[Event]:
    """Return the curated events, one per ``<id>.toml`` file, tagged as article events."""
    events = []
    for path in sorted(folder.glob("*.toml")):
        data = read_toml(path)
        if data.get("id") != path.stem:
            raise bad(path, "key id", "id", data.get("id"), f"the file's name, {path.stem!r}")
        try:
            event = event_from_dict(data, where=_rel(path))
        except TimelineError as exc:
            raise DataError(str(exc)) from None
        events.append(attrs.evolve(event, tags=event.tags | {ARTICLE_TAG}))
    return events


# --------------------------------------------------------------------------------------------
# Export controls


def _day(path: Path, number: int, field: str, value: str) -> When:
    if not _ISO_DAY.fullmatch(value):
        raise bad(path, f"row {number}", field, value, "a day such as 2022-10-07")
    try:
        return When.parse(value)
    except TimelineError as exc:
        raise bad(path, f"row {number}", field, value, f"a real day ({exc})") from None


def _in_force(path: Path, number: int, row: Mapping[str, str]) -> Span | None:
    """Return the row's period in force: blank end = a one-off act, ``open`` = still in force."""
    end_cell = row["in_force_end"]
    if not end_cell:
        if row["in_force_start"]:
            raise bad(path, f"row {number}", "in_force_end", "", "a day or 'open' with a start")
        return None
    start = _day(path, number, "in_force_start", row["in_force_start"] or row["announced"])
    end = None if end_cell == "open" else _day(path, number, "in_force_end", end_cell)
    if end is not None and end.latest < start.earliest:
        raise bad(path, f"row {number}", "in_force_end", end_cell, f"a day on or after {start}")
    return Span(start, end)


def _choice(path: Path, number: int, field: str, value: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    if value not in allowed:
        raise bad(path, f"row {number}", field, value, f"one of {allowed}")
    return value


def _export_source(path: Path, number: int, row: Mapping[str, str]) -> Source:
    match = _PUBLISHER.search(row["source_title"])
    publisher = match.group(1) if match else row["source_url"].split("/")[2]
    try:
        return Source(
            key=row["id"],
            publisher=publisher,
            title=row["source_title"],
            published=row["source_published"] or None,
            url=row["source_url"],
            quote=row["quote"],
        )
    except TimelineError as exc:
        raise bad(path, f"row {number}", "source", row["source_url"], str(exc)) from None


class ExportRecord:
    """The rows of ``export_controls.csv``, checked, as events and merges into curated ones."""

    def __init__(self, path: Path, curated: Mapping[str, Event]) -> None:
        """Read and check every row; resolve row ids to library ids."""
        self.path = path
        self.rows = read_csv(path, EXPORT_COLUMNS)
        self.ids: dict[str, str] = {}
        for number, row in self.rows:
            if not _ROW_ID.fullmatch(row["id"]) or row["id"] in self.ids:
                raise bad(path, f"row {number}", "id", row["id"], "a new lower_snake_case id")
            same = row["same_as"]
            if same and same not in curated:
                raise bad(path, f"row {number}", "same_as", same, "the id of a curated event")
            self.ids[row["id"]] = same or row["id"].replace("_", "-")
        self.curated = curated

    def _links(self, number: int, field: str, cell: str) -> tuple[str, ...]:
        out = []
        for item in filter(None, (s.strip() for s in cell.split(";"))):
            if item not in self.ids:
                raise bad(self.path, f"row {number}", field, item, "the id of another row")
            out.append(self.ids[item])
        return tuple(out)

    def events(self) -> tuple[list[Event], dict[str, Event]]:
        """Return the new events and the curated events with the rows merged into them."""
        new: list[Event] = []
        merged: dict[str, Event] = {}
        for number, row in self.rows:
            event = self._event(number, row)
            if row["same_as"]:
                merged[event.id] = event
            else:
                new.append(event)
        self._check_ends(new + list(merged.values()))
        return new, merged

    def _event(self, number: int, row: Mapping[str, str]) -> Event:
        path, where = self.path, f"row {number}"
        kind = _choice(path, number, "kind", row["kind"], EXPORT_KINDS)
        confidence = _choice(path, number, "confidence", row["confidence"], CONFIDENCE)
        action = row["action"]
        if action:
            _choice(path, number, "action", action, EXPORT_ACTIONS)
        elif kind in ("export_control", "entity_listing"):
            raise bad(path, where, "action", "", f"one of {list(EXPORT_ACTIONS)} for a {kind}")
        announced = _day(path, number, "announced", row["announced"])
        in_force = _in_force(path, number, row)
        ended = self._links(number, "supersedes", row["supersedes"])
        links = {
            "amends": self._links(number, "amends", row["amends"]),
            "lifts": ended if action == "lift" else (),
            "supersedes": () if action == "lift" else ended,
        }
        tags = {EXPORT_TAG} | {t for t in (EXPORT_KINDS[kind], CONFIDENCE[confidence]) if t}
        source = _export_source(path, number, row)
        note = " ".join(p for p in (row["summary"], row["notes"] and f"Notes: {row['notes']}") if p)
        library_id = self.ids[row["id"]]
        try:
            if row["same_as"]:
                return self._merge(self.curated[library_id], announced, in_force, source, links)
            common: dict[str, Any] = {
                "id": library_id,
                "when": announced,
                "title": row["title"],
                "actors": tuple(a.strip() for a in row["actor"].split(";") if a.strip()),
                "country": row["country"],
                "tags": tags,
                "sources": (source,),
                "date_claims": (DateClaim(announced, source, "announced"),),
                "note": note,
                "in_force": in_force,
                **links,
            }
            if action:
                target = row["target"] or None
                return ExportControl(
                    issuer=row["actor"], action=ACTIONS[action], target=target, **common
                )
            return Policy(issuer=row["actor"], instrument=kind.replace("_", " "), **common)
        except TimelineError as exc:
            msg = f"{_rel(path)}, {where}: {exc}"
            raise DataError(msg) from None

    def _merge(
        self,
        event: Event,
        announced: When,
        in_force: Span | None,
        source: Source,
        links: Mapping[str, tuple[str, ...]],
    ) -> Event:
        changes: dict[str, Any] = {
            "tags": event.tags | {EXPORT_TAG},
            "sources": (*event.sources, source),
            "date_claims": (*event.date_claims, DateClaim(announced, source, "announced")),
        }
        if isinstance(event, ExportControl | Policy):
            changes.update(in_force=in_force, **{k: v for k, v in links.items() if v})
        return attrs.evolve(event, **changes)

    def _check_ends(self, events: Sequence[Event]) -> None:
        """Check that what a row lifts or supersedes stops being in force when the row starts."""
        by_id = {e.id: e for e in events}
        for number, row in self.rows:
            event = by_id[self.ids[row["id"]]]
            ended = (*getattr(event, "lifts", ()), *getattr(event, "supersedes", ()))
            start = _day(self.path, number, "announced", row["announced"])
            if row["in_force_start"]:
                start = _day(self.path, number, "in_force_start", row["in_force_start"])
            for other_id in ended:
                span = getattr(by_id[other_id], "in_force", None)
                end = None if span is None else span.end
                if end is None or end != start:
                    raise bad(
                        self.path,
                        f"row {number}",
                        "supersedes",
                        row["supersedes"],
                        f"an event whose in_force ends on {start} (when this one starts), "
                        f"but {other_id!r} has in_force={span}",
                    )


# --------------------------------------------------------------------------------------------
# Epoch AI frontier releases


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _codes(cell: str) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for name in (n.strip() for n in cell.split(",")):
        if name in COUNTRY_NAMES:
            out.setdefault(COUNTRY_NAMES[name], None)
    return tuple(out)


def read_ids(path: Path) -> dict[str, str]:
    """Return the model version -> event id table of ``epoch_ids.csv``."""
    out: dict[str, str] = {}
    for number, row in read_csv(path, ID_COLUMNS):
        if not _SLUG.fullmatch(row["id"]):
            raise bad(path, f"row {number}", "id", row["id"], "a slug such as 'openai-o1'")
        if row["model_version"] in out:
            raise bad(path, f"row {number}", "model_version", row["model_version"], "a new one")
        out[row["model_version"]] = row["id"]
    return out


def frontier_rows(eci: Path, ids: Mapping[str, str]) -> list[dict[str, str]]:
    """Return one row per model that set a new ECI record within the US or China, by date.

    A model's countries are its organisations' countries; it is in a country's lane when that
    country is among them. Rows are taken in date order (ties: higher score, then version); a
    row sets a record when its score is above every earlier score in its lane.
    """
    with gzip.open(eci, "rt", encoding="utf-8", newline="") as stream:
        table = list(csv.DictReader(stream))
    scored = [r for r in table if r["Release date"] and r["ECI Score"]]
    scored.sort(key=lambda r: (r["Release date"], -float(r["ECI Score"]), r["Model version"]))
    out = []
    for country in FRONTIER_COUNTRIES:
        best = float("-inf")
        for r in scored:
            codes = _codes(r["Country"])
            if country not in codes or float(r["ECI Score"]) <= best:
                continue
            best = float(r["ECI Score"])
            model = r["Model name"] or r["Model version"]
            out.append(
                {
                    "country": country,
                    "release_date": r["Release date"],
                    "id": ids.get(r["Model version"], _slug(model)),
                    "model_version": r["Model version"],
                    "model": model,
                    "eci": f"{best:.1f}",
                    "organization": r["Organization"],
                    "countries": ";".join(codes),
                    "accessibility": r["Model accessibility"],
                }
            )
    return out


def frontier_csv(rows: Iterable[Mapping[str, str]]) -> str:
    """Return the CSV text of the frontier rows (LF line endings)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, FRONTIER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


EPOCH_SOURCE: Final = Source(
    key="epoch-eci",
    publisher="Epoch AI",
    title=f"Epoch Capabilities Index (snapshot {ECI_SNAPSHOT}), CC-BY 4.0",
    url="https://epoch.ai/benchmarks/eci",
)
_OPEN: Final = {
    "Open weights (unrestricted)": True,
    "Open weights (restricted use)": True,
    "Open weights (non-commercial)": True,
    "API access": False,
    "Hosted access (no API)": False,
    "Unreleased": False,
}


def frontier_events(
    rows: Sequence[Mapping[str, str]], curated: Mapping[str, Event], path: Path
) -> tuple[list[Event], dict[str, Event]]:
    """Return the frontier releases not yet curated, and the curated ones they merge into."""
    new: dict[str, Event] = {}
    merged: dict[str, Event] = {}
    for number, row in enumerate(rows, start=2):
        source = attrs.evolve(
            EPOCH_SOURCE,
            quote=f"{row['model_version']}, released {row['release_date']}, ECI {row['eci']}",
        )
        day = _day(path, number, "release_date", row["release_date"])
        claim = DateClaim(day, source, "Release date")
        lane = f"new {row['country']} ECI record ({row['eci']})"
        if row["id"] in new or row["id"] in merged:
            continue  # a record in both lanes (a US-Chinese collaboration): one event
        if row["id"] in curated:
            event = curated[row["id"]]
            if not isinstance(event, Release):
                raise bad(path, f"row {number}", "id", row["id"], "the id of a Release")
            merged[row["id"]] = attrs.evolve(
                event,
                tags=event.tags | {EPOCH_TAG},
                sources=(*event.sources, source),
                date_claims=(*event.date_claims, claim),
            )
            continue
        try:
            new[row["id"]] = Release(
                id=row["id"],
                when=day,
                title=f"{row['model']} released: {lane}",
                actors=tuple(dict.fromkeys(o.strip() for o in row["organization"].split(","))),
                countries=tuple(row["countries"].split(";")),
                tags={EPOCH_TAG},
                sources=(source,),
                date_claims=(claim,),
                model=row["model"],
                open_weights=_OPEN.get(row["accessibility"]),
                note=f"Epoch AI model version {row['model_version']}; {lane}.",
            )
        except TimelineError as exc:
            msg = f"{_rel(path)}, row {number}: {exc}"
            raise DataError(msg) from None
    return list(new.values()), merged


# --------------------------------------------------------------------------------------------
# Building


@attrs.frozen
class Built:
    """What the build writes: the JSON text and the derived frontier CSV."""

    json: str
    frontier: str


def build(data: Path = DATA, eci: Path = ECI) -> Built:
    """Return the record's JSON text and the frontier CSV built from *data* and *eci*."""
    meta = read_toml(data / "record.toml")
    for key in ("name", "description", "articles"):
        if key not in meta:
            raise bad(data / "record.toml", f"key {key}", key, None, "a value")
    curated = {e.id: e for e in load_events(data / "events")}
    record = ExportRecord(data / "export_controls.csv", curated)
    controls, control_merges = record.events()
    curated.update(control_merges)
    rows = frontier_rows(eci, read_ids(data / "epoch_ids.csv"))
    releases, release_merges = frontier_events(rows, curated, data / "epoch_frontier.csv")
    curated.update(release_merges)
    try:
        timeline = Timeline([*curated.values(), *controls, *releases])
    except TimelineError as exc:
        msg = f"{_rel(data)}: {exc}"
        raise DataError(msg) from None
    metadata: dict[str, JSONValue] = {
        "name": meta["name"],
        "description": meta["description"],
        "generated_by": "scripts/build_ai_race.py",
        "sources": "data/ (see data/README.md)",
        "tags": {
            ARTICLE_TAG: "a curated event from data/events/ (the articles' events)",
            EXPORT_TAG: "an act of data/export_controls.csv (new, or merged into a curated one)",
            EPOCH_TAG: "a new US or Chinese ECI record, derived from Epoch AI's table",
        },
        "epoch": f"Epoch AI, Epoch Capabilities Index, snapshot {ECI_SNAPSHOT}, CC-BY 4.0",
        "articles": meta["articles"],
    }
    return Built(dumps(timeline, metadata=metadata) + "\n", frontier_csv(rows))


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with --check, compare) the record and the frontier CSV; return the status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the data folder to read")
    parser.add_argument("--out", type=Path, default=OUT, help="the JSON file to write")
    parser.add_argument("--check", action="store_true", help="only check the files are current")
    args = parser.parse_args(argv)
    try:
        built = build(args.data)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    targets = {args.out: built.json, args.data / "epoch_frontier.csv": built.frontier}
    if args.check:
        stale = [p for p, text in targets.items() if _read(p) != text]
        for path in stale:
            print(f"{path} is out of date; run python scripts/build_ai_race.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({text.count(chr(10))} lines)")
    return 0


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


if __name__ == "__main__":
    sys.exit(main())
