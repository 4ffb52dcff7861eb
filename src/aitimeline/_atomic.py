"""Write a file all at once or not at all.

:func:`write_atomic` writes the bytes to a new temporary file in the target's folder, flushes
them to disk, and only then renames it over the target (:func:`os.replace`, atomic on POSIX and
Windows within one file system). A write that fails part-way (an encoding error, a full disk,
an interrupt) removes the temporary file and leaves the target as it was: a reader sees either
the old file or the new one, never a truncated mix.

The new file gets the permissions of the file it replaces, or the process's default ones
(``0o666`` less the umask) for a new file; a symbolic link is written through, as
:meth:`pathlib.Path.write_bytes` does, so the link stays a link.
"""

from __future__ import annotations

import contextlib
import os
import stat
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Final

__all__ = ["replacing", "write_atomic", "write_pieces", "write_text_atomic"]


def _fsync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file to disk, where the system allows it."""
    if os.name != "posix":  # pragma: no cover - Windows cannot open a directory
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a directory
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a temporary file beside *path*; on a clean exit, replace *path* by it atomically.

    For writers that stream (Parquet, large files): what is written to the yielded stream
    becomes the file at *path* only when the ``with`` block ends without an exception; on any
    exception the temporary file is removed and *path* is left as it was.

    Raises:
        OSError: as for :func:`write_atomic`.
    """
    target = Path(path).resolve()
    folder = target.parent
    temp = folder / f".{target.name}.{uuid.uuid4().hex}.tmp"
    # O_EXCL: never open a file someone else made; mode 0o666 is narrowed by the umask.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags, 0o666)
    except FileNotFoundError as error:  # name the file asked for, not the temporary one
        msg = f"cannot write {target.name}: the folder {folder} does not exist"
        raise FileNotFoundError(error.errno, msg, str(target)) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            temp.chmod(stat.S_IMODE(target.stat().st_mode))
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at *path* by *data* atomically.

    Raises:
        OSError: the folder is missing or not writable, or the disk is full; the file at
            *path*, if any, is then unchanged and no temporary file is left behind.
    """
    with replacing(path) as stream:
        stream.write(data)


_FLUSH_BEHIND: Final = 4 << 20
"""How many bytes :func:`write_pieces` writes before it has the system start writing them out."""


def write_pieces(path: str | os.PathLike[str], pieces: Iterable[bytes | memoryview]) -> None:
    """Replace the file at *path* by *pieces* one after the other, atomically (see above).

    For large files made a piece at a time: every few megabytes, the system is told to start
    writing what was written so far to disk (``posix_fadvise(..., POSIX_FADV_DONTNEED)``,
    where the system has it: Linux then starts the writeback without waiting for it, and
    keeps the pages, still dirty, in its cache), so that the ``fsync`` :func:`replacing` ends
    with finds little left to write and flushes the disk's cache once. An exception from
    *pieces* leaves the file at *path* as it was.

    Raises:
        OSError: as for :func:`write_atomic`.
    """
    advise = getattr(os, "posix_fadvise", None)  # not on macOS or Windows: fsync does it all
    with replacing(path) as stream:
        start = end = 0
        for piece in pieces:
            stream.write(piece)
            end += len(piece)
            if advise is not None and end - start >= _FLUSH_BEHIND:
                stream.flush()  # into the system's hands, then on its way to disk
                with contextlib.suppress(OSError):  # a hint: the closing fsync is the promise
                    advise(stream.fileno(), start, end - start, os.POSIX_FADV_DONTNEED)
                start = end


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace the file at *path* by *text* encoded as UTF-8, atomically (see above).

    Raises:
        UnicodeEncodeError: *text* holds a lone surrogate, which UTF-8 cannot encode; nothing
            is written.
        OSError: as for :func:`write_atomic`.
    """
    write_atomic(path, text.encode("utf-8"))
