"""What every reader returns, and how every reader opens its input.

Every reader of :mod:`aitimeline.io` and :mod:`aitimeline.datasets` returns a
:class:`ReadResult`: the events as a :class:`~aitimeline.Timeline`, a :class:`LoadSummary` of
what was read and what was left out, and the file's metadata (the ``metadata`` object of an
``aitimeline/1`` file; the provenance of an Epoch table). For convenience a result behaves as
its timeline for the common read-only operations: ``len``, iteration in date order, ``in``,
``result[id]``, ``.ids``, ``.where(p)`` and ``.partition(p)``; anything else is on
``.timeline``. A result is not equal to a timeline: compare ``result.timeline``.

Inputs are opened by :func:`read_input`, which refuses anything but a regular file *before*
reading it (a directory, a FIFO, a device): opening never blocks, and a missing file is a
:class:`~aitimeline.exceptions.DataFileError`, never a raw :class:`OSError`. Gzip-compressed
input (``.csv.gz``, recognised by its magic bytes) is decompressed in memory; a binary
file-like object is read as it is.
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import IO, Final

import attrs

from aitimeline._events import Event, JSONValue
from aitimeline._query import Predicate
from aitimeline._timeline import Timeline
from aitimeline.exceptions import DataFileError

__all__ = ["Input", "LoadSummary", "ReadResult", "input_name", "read_input"]

Input = str | os.PathLike[str] | IO[bytes]
"""What a reader accepts: a path, or a binary file-like object (read to its end, not closed)."""

_GZIP_MAGIC: Final = b"\x1f\x8b"


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class LoadSummary:
    """What a reader made of a file: how many rows, how many events, and what it left out."""

    path: str
    """The file read (or the name given to a file-like input)."""
    table: str
    """The kind of table recognised: ``"models"``, ``"eci"``, ``"eci-scores"``,
    ``"benchmarks"``, ``"long"`` (Epoch and long score tables), ``"json"`` or ``"csv"``
    (aitimeline's own formats)."""
    rows: int
    """Data rows (CSV) or event objects (JSON) in the file."""
    events: int
    """Events made from them."""
    undated: tuple[str, ...] = attrs.field(default=(), converter=_names)
    """Names of the rows with no date (not events: an event needs a date)."""
    unscored: tuple[str, ...] = attrs.field(default=(), converter=_names)
    """Names of the rows of a score table with no score."""
    unknown_countries: tuple[str, ...] = attrs.field(default=(), converter=_names)
    """Country names with no ISO code in :data:`~aitimeline._epoch.COUNTRY_NAMES` (those rows
    get no country)."""
    ignored_columns: tuple[str, ...] = attrs.field(default=(), converter=_names)
    """Columns the reader does not use."""

    def __str__(self) -> str:
        """Return a short report, naming the rows left out."""
        lines = [f"{self.path}: {self.table} table, {self.rows} rows -> {self.events} events"]
        for label, names in (
            ("without a date", self.undated),
            ("without a score", self.unscored),
        ):
            if names:
                shown = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
                lines.append(f"  {len(names)} rows {label} (not loaded): {shown}")
        if self.unknown_countries:
            lines.append(f"  unknown country names: {', '.join(self.unknown_countries)}")
        return "\n".join(lines)


def _frozen_metadata(value: Mapping[str, JSONValue] | None) -> Mapping[str, JSONValue]:
    """Return a read-only copy of *value* (a shallow copy: frozen is shallow)."""
    return MappingProxyType(dict(value or {}))


@attrs.frozen
class ReadResult:
    """The events read from a file, what was left out, and the file's metadata.

    >>> import aitimeline as at
    >>> tl = at.Timeline([at.Event(id="chatgpt", when="2022-11-30", title="ChatGPT")])
    >>> result = at.io.loads(at.io.dumps(tl, metadata={"name": "demo"}))
    >>> result.timeline == tl, dict(result.metadata), len(result), result["chatgpt"].title
    (True, {'name': 'demo'}, 1, 'ChatGPT')
    """

    timeline: Timeline
    """The events, as a :class:`~aitimeline.Timeline`."""
    summary: LoadSummary
    """Counts, and the names of the rows that could not become events."""
    metadata: Mapping[str, JSONValue] = attrs.field(
        factory=dict, converter=_frozen_metadata, hash=False
    )
    """The file's metadata: an ``aitimeline/1`` file's ``metadata`` object, or the provenance
    of a table (``publisher``, ``title``, ``url``, ``licence``, ``snapshot``, ``file``).
    Read-only."""

    def __len__(self) -> int:
        """Return the number of events."""
        return len(self.timeline)

    def __iter__(self) -> Iterator[Event]:
        """Iterate over the events in timeline order."""
        return iter(self.timeline)

    def __contains__(self, item: object) -> bool:
        """Tell whether an event, or an event id, is in the timeline."""
        return item in self.timeline

    def __getitem__(self, event_id: str) -> Event:
        """Return the event with this id (:class:`~aitimeline.exceptions.UnknownIdError`)."""
        return self.timeline[event_id]

    @property
    def ids(self) -> tuple[str, ...]:
        """The event ids, in timeline order."""
        return self.timeline.ids

    def where(self, predicate: Predicate) -> Timeline:
        """Return the events for which *predicate* is TRUE (see :meth:`Timeline.where`)."""
        return self.timeline.where(predicate)

    def partition(self, predicate: Predicate) -> tuple[Timeline, Timeline, Timeline]:
        """Split the events by *predicate* (see :meth:`Timeline.partition`)."""
        return self.timeline.partition(predicate)


def input_name(source: Input, name: str | None = None) -> str:
    """Return what to call *source* in messages: *name*, its path, or a file object's name."""
    if name is not None:
        return name
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    found = getattr(source, "name", None)
    return found if isinstance(found, str) else "<stream>"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _read_path(path: str | os.PathLike[str], name: str) -> bytes:
    """Read a regular file's bytes, refusing anything else without blocking on it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        msg = f"{name}: no such file; expected the path of a data file"
        raise DataFileError(msg, path=name) from None
    except IsADirectoryError:
        msg = f"{name}: is a directory; expected the path of a data file"
        raise DataFileError(msg, path=name) from None
    except OSError as error:
        msg = f"{name}: cannot open the file ({error.strerror or error})"
        raise DataFileError(msg, path=name) from None
    # The descriptor is checked, not the path: nothing can swap the file in between.
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        msg = f"{name}: is {_kind(mode)}; expected the path of a regular data file"
        raise DataFileError(msg, path=name)
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError as error:
            msg = f"{name}: cannot read the file ({error.strerror or error})"
            raise DataFileError(msg, path=name) from None


def read_input(source: Input, name: str) -> bytes:
    """Return the bytes of *source*, decompressed if it is gzip data.

    Args:
        source: A path (only a regular file is opened) or a binary file-like object.
        name: What to call it in error messages.

    Raises:
        DataFileError: the path is missing, is not a regular file, cannot be read, or holds
            gzip data that is corrupt or truncated.
    """
    if isinstance(source, (str, os.PathLike)):
        data = _read_path(source, name)
    else:
        read: object = source.read()  # a text stream gives str, whatever its annotation says
        if not isinstance(read, bytes):
            msg = f"{name}: the file object gave {type(read).__name__}; open it in binary mode"
            raise DataFileError(msg, path=name)
        data = read
    if data.startswith(_GZIP_MAGIC):
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            msg = f"{name}: corrupt or truncated gzip data ({error}); expected a whole .gz file"
            raise DataFileError(msg, path=name) from None
    return data
