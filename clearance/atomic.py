"""Writing a file the user asked for, atomically: a temporary file in the same
folder, flushed to disk, then renamed over the destination. A reader never sees
half a file, and a failed write leaves what was there untouched."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from clearance.exceptions import InputError


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or (first.exists() and second.exists()
                                                        and os.path.samefile(first, second))
    except OSError:
        return False


def check_destination(destination: Path, protected: Iterable[Path] = (), force: bool = False) -> None:
    """Refuse to write `destination` when it is one of the `protected` files (the inputs of the
    run, which are never overwritten), a folder, or an existing file without `force`."""
    for path in protected:
        if _same_file(destination, Path(path)):
            raise InputError(f"refusing to overwrite the input file {path}", str(destination),
                             hint="write the output to another file")
    if destination.is_dir():
        raise InputError("the output is a folder", str(destination), hint="give a file name")
    if destination.exists() and not force:
        raise InputError("the output file exists", str(destination), hint="pass --force to replace it")


def write_atomic(destination: str | Path, text: str, protected: Iterable[Path] = (), force: bool = False) -> None:
    """Write `text` (UTF-8) to `destination` through a temporary file and a rename.

    Raises `InputError` (exit 2) when the destination is refused (see `check_destination`)
    or cannot be written."""
    with open_atomic(destination, protected, force) as stream:
        stream.write(text)


@contextmanager
def open_atomic(destination: str | Path, protected: Iterable[Path] = (), force: bool = False) -> Iterator[TextIO]:
    """A text stream (UTF-8) whose content replaces `destination` when the block ends without an
    error, through a temporary file and a rename (for output written as it streams); on an error
    the destination is left as it was. Raises `InputError` as `write_atomic` does."""
    destination = Path(destination)
    check_destination(destination, protected, force)
    folder = destination.parent
    handle, temporary = None, None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            handle = None
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if destination.exists():  # keep the permissions of the file being replaced
            os.chmod(temporary, destination.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, destination)
        temporary = None
        _sync_folder(folder)
    except OSError as error:
        raise InputError(f"cannot write the output: {error.strerror or error}", str(destination)) from None
    finally:
        if handle is not None:
            os.close(handle)
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows opening a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
