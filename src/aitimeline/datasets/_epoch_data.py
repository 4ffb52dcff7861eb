"""Epoch AI's tables, shipped as package data, and their refresh from epoch.ai with pooch.

Each loader reads one bundled snapshot (``aitimeline/datasets/epoch/*.csv.gz``) with
:func:`~aitimeline.io.read_epoch_csv` and returns its :class:`~aitimeline.io.ReadResult`.
Every event cites one :class:`~aitimeline.Source` that names the table, the snapshot date
(``published``), the licence and where Epoch AI publishes it; the result's ``metadata`` holds
the same provenance as keys (``publisher``, ``title``, ``url``, ``published``, ``licence``,
``snapshot``, ``file``). Each file is read once; later calls return the same immutable result.

No loader touches the network. :func:`fetch_epoch` does, only when called: it downloads the
current table from Epoch's published URL with pooch, checks it, and keeps it in the user cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import tomllib
import uuid
import warnings
import zipfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal

import attrs

from aitimeline._atomic import write_atomic
from aitimeline._dates import When
from aitimeline._epoch import read_epoch_csv
from aitimeline._events import JSONValue, Source
from aitimeline._result import ReadResult
from aitimeline.exceptions import DataFileError

__all__ = [
    "EPOCH_SNAPSHOTS",
    "EpochSnapshot",
    "SnapshotWarning",
    "eci",
    "eci_scores",
    "epoch_models",
    "fetch_epoch",
    "gsm1k_2024",
    "open_models_2024",
]

_PACKAGE: Final = "aitimeline.datasets"


class SnapshotWarning(UserWarning):
    """:func:`fetch_epoch` could not get a fresh table and returned an older copy instead."""


@attrs.frozen
class EpochSnapshot:
    """One Epoch AI table shipped with aitimeline: what it is, when it was taken, its licence."""

    key: str
    """The name :func:`fetch_epoch` and :data:`EPOCH_SNAPSHOTS` know it by."""
    file: str
    """The bundled file, under ``aitimeline/datasets/epoch/``."""
    title: str
    """The table's title, as Epoch AI names it."""
    snapshot: str
    """When the copy was taken (EDTF: ``"2026-04"``, ``"2026-02-08"``)."""
    page: str
    """The page where Epoch AI publishes the table."""
    licence: str
    """The licence the data are shared under."""
    download: str = ""
    """The URL :func:`fetch_epoch` downloads the current table from ('' if it is frozen)."""
    member: str = ""
    """The file to take out of the download when it is a zip archive ('' for a CSV)."""

    def source(self) -> Source:
        """Return the source every event of this table cites (with date and licence)."""
        return Source(
            publisher="Epoch AI",
            title=f"{self.title}, snapshot {self.snapshot} ({self.licence})",
            published=When.parse(self.snapshot),
            url=self.page,
        )

    def provenance(self) -> dict[str, JSONValue]:
        """Return the keys this table adds to a result's metadata."""
        return {"licence": self.licence, "snapshot": self.snapshot, "dataset": self.key}


def _snapshots() -> Mapping[str, EpochSnapshot]:
    """Read the table of bundled snapshots, ``epoch/snapshots.toml``, keyed as it is."""
    text = resources.files(_PACKAGE).joinpath("epoch", "snapshots.toml").read_text("utf-8")
    return MappingProxyType(
        {key: EpochSnapshot(key=key, **fields) for key, fields in tomllib.loads(text).items()}
    )


EPOCH_SNAPSHOTS: Final[Mapping[str, EpochSnapshot]] = _snapshots()
"""The bundled Epoch AI tables by key: ``eci``, ``eci-scores``, ``notable``,
``open-models-2024`` and ``gsm1k-2024``."""

FetchTable = Literal["eci", "notable"]


@functools.cache
def _bundled(key: str) -> ReadResult:
    """Read a bundled snapshot once; the result is immutable, so every call shares it."""
    snap = EPOCH_SNAPSHOTS[key]
    resource = resources.files(_PACKAGE).joinpath("epoch", snap.file)
    with resource.open("rb") as stream:
        result = read_epoch_csv(
            stream, name=f"aitimeline/datasets/epoch/{snap.file}", source=snap.source()
        )
    return attrs.evolve(result, metadata={**result.metadata, **snap.provenance()})


def eci() -> ReadResult:
    """Return Epoch AI's Capabilities Index per model version (snapshot 2026-04, CC-BY 4.0).

    One :class:`~aitimeline.Score` (metric ``"eci"``) per scored model version.

    >>> result = eci()
    >>> result.metadata["snapshot"], result.metadata["licence"], result.summary.table
    ('2026-04', 'CC-BY 4.0', 'eci')
    >>> source = next(iter(result)).sources[0]
    >>> source.publisher, source.published.to_edtf(), source.url
    ('Epoch AI', '2026-04', 'https://epoch.ai/benchmarks/eci')
    """
    return _bundled("eci")


def eci_scores() -> ReadResult:
    """Return Epoch AI's ECI per model with 90% intervals (snapshot 2026-02-08, CC-BY 4.0).

    >>> eci_scores().summary.table
    'eci-scores'
    """
    return _bundled("eci-scores")


def epoch_models() -> ReadResult:
    """Return Epoch AI's Notable AI Models (snapshot 2026-01, CC-BY 4.0) as releases.

    The bundled copy keeps the columns the reader uses (model, organisation, date, domain,
    parameters, confidence, country, accessibility, frontier flag).

    >>> models = epoch_models()
    >>> models.summary.table, models["deepseek-r1"].country, models["gpt-4-5"].actors
    ('models', 'CN', ('OpenAI',))
    """
    return _bundled("notable")


def open_models_2024() -> ReadResult:
    """Return the benchmark inputs of Epoch AI's 2024 "How far behind are open models?".

    One :class:`~aitimeline.Score` per model and benchmark (MMLU, GPQA, BBH, LMSys Elo, ...),
    tagged ``open-weights`` or ``closed-weights``.

    >>> open_models_2024().summary.table
    'benchmarks'
    """
    return _bundled("open-models-2024")


def gsm1k_2024() -> ReadResult:
    """Return the GSM1k inputs of the same 2024 report (metrics ``"GSM1k"`` and ``"GSM8k"``).

    >>> sorted({s.metric for s in gsm1k_2024()})
    ['GSM1k', 'GSM8k']
    """
    return _bundled("gsm1k-2024")


# --------------------------------------------------------------------------------------------
# Refresh


def _cache_dir(cache_dir: str | os.PathLike[str] | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    import pooch  # noqa: PLC0415 - the network stack is imported only when a refresh is asked

    return Path(pooch.os_cache("aitimeline")) / "epoch"


def _csv_bytes(download: Path, snap: EpochSnapshot) -> bytes:
    """Return the CSV of *download*: the file itself, or the member of a zip archive."""
    data = download.read_bytes()
    if not snap.member:
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(snap.member)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        msg = (
            f"{snap.download}: not a zip archive holding {snap.member} ({error}); "
            "the download is corrupt or Epoch AI changed the archive"
        )
        raise DataFileError(msg, path=snap.download, field=snap.member) from None


def _retrieved_source(snap: EpochSnapshot, day: str, url: str) -> Source:
    """Return the source of a copy downloaded on *day* from *url*."""
    return attrs.evolve(
        snap.source(),
        title=f"{snap.title}, retrieved {day} ({snap.licence})",
        published=When.parse(day),
        url=url,
    )


def _retrieved(result: ReadResult, snap: EpochSnapshot, day: str) -> ReadResult:
    """Return *result* with the metadata of a downloaded copy (its day, not a snapshot's)."""
    meta = {**result.metadata, **snap.provenance(), "retrieved": day}
    del meta["snapshot"]
    return attrs.evolve(result, metadata=meta)


def _fallback(snap: EpochSnapshot, cached: Path, reason: str) -> ReadResult:
    """Return the last good cached table, else the bundled snapshot, with a warning."""
    if cached.is_file():
        with contextlib.suppress(DataFileError):
            day = dt.datetime.fromtimestamp(cached.stat().st_mtime, tz=dt.UTC).date().isoformat()
            source = _retrieved_source(snap, day, snap.download)
            result = read_epoch_csv(cached, source=source)
            warnings.warn(
                f"{reason}; using the copy of {snap.key!r} cached on {day} ({cached})",
                SnapshotWarning,
                stacklevel=3,
            )
            return _retrieved(result, snap, day)
    warnings.warn(
        f"{reason}; using the bundled snapshot of {snap.key!r} dated {snap.snapshot}",
        SnapshotWarning,
        stacklevel=3,
    )
    return _bundled(snap.key)


def fetch_epoch(
    table: FetchTable = "eci",
    *,
    url: str | None = None,
    known_hash: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    progressbar: bool = False,
    timeout: float = 30.0,
) -> ReadResult:
    """Download Epoch AI's current table, keep it in the user cache, and read it.

    The table is downloaded with `pooch <https://www.fatiando.org/pooch>`_ into a new file
    beside the cached copy, checked against *known_hash* when one is given (Epoch updates its
    tables daily, so there is no fixed hash by default), then read with
    :func:`~aitimeline.io.read_epoch_csv`; only a download that reads as the expected table
    replaces the cached copy, so a corrupt or truncated download never replaces a good one.

    When the download fails (no network, server down, bad hash, unreadable table) a
    :class:`SnapshotWarning` says why, and the last good cached copy is returned, else the
    bundled snapshot (the warning names its date). Nothing touches the network unless this
    function is called.

    Args:
        table: ``"eci"`` (the ECI per model version, from Epoch's ``benchmark_data.zip``) or
            ``"notable"`` (Notable AI Models).
        url: Download from here instead of Epoch AI's published URL (a mirror; tests).
        known_hash: The expected hash, as pooch takes it (``"sha256:..."``, or a bare SHA256).
        cache_dir: Where to keep the table (default: the user cache,
            ``pooch.os_cache("aitimeline")/epoch``).
        progressbar: Show a progress bar while downloading (needs ``tqdm``).
        timeout: Seconds to wait for the server.

    Returns:
        A :class:`~aitimeline.io.ReadResult` whose metadata says where the data came from:
        ``retrieved`` (the download's date) and ``url`` for a fresh table, or the snapshot's
        date for a fallback.

    Raises:
        ValueError: *table* is not one of the tables that Epoch AI publishes live.
    """
    snap = EPOCH_SNAPSHOTS.get(table)
    if snap is None or not snap.download:
        live = sorted(k for k, s in EPOCH_SNAPSHOTS.items() if s.download)
        msg = f"table={table!r} cannot be fetched; expected one of {live}"
        raise ValueError(msg)
    import pooch  # noqa: PLC0415 - the network stack is imported only when a refresh is asked
    import requests  # noqa: PLC0415 - pooch's own HTTP client, for its errors

    source_url = url or snap.download
    folder = _cache_dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    cached = folder / snap.file.removesuffix(".gz").replace(f"_{snap.snapshot}", "")
    part_name = f".{cached.name}.{uuid.uuid4().hex}.part"
    part = folder / part_name
    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    source = _retrieved_source(snap, today, source_url)
    try:
        pooch.retrieve(
            source_url,
            known_hash=known_hash,
            fname=part_name,
            path=folder,
            downloader=pooch.HTTPDownloader(progressbar=progressbar, timeout=timeout),
        )
        data = _csv_bytes(part, snap)
        result = read_epoch_csv(io.BytesIO(data), name=source_url, source=source)
        expected = "eci" if snap.key == "eci" else "models"
        if result.summary.table != expected:
            msg = f"{source_url}: a {result.summary.table} table; expected a {expected} table"
            raise DataFileError(msg, path=source_url)
        # Only a download that reads as the table replaces the cache, atomically.
        write_atomic(cached, data)
        part.unlink(missing_ok=True)
    except (requests.RequestException, OSError, ValueError) as error:
        # ValueError covers pooch's hash mismatch and DataFileError (an unreadable table).
        part.unlink(missing_ok=True)
        return _fallback(snap, cached, f"could not refresh {snap.key!r} from {source_url}: {error}")
    return _retrieved(result, snap, today)
