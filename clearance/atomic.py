"""Atomic file writes: the text goes to a temporary file in the destination's own
folder, is flushed and fsynced, then renamed over the destination. Any failure
(a full disk, a killed process, a bad folder) leaves the destination as it was,
byte for byte, and removes the temporary file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

CHUNK = 1 << 16


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view[:CHUNK])
        view = view[written:]


def write_atomic(path: str | Path, text: str, mode: int | None = None) -> None:
    """Replace the file at `path` by `text` (UTF-8) atomically; `mode` sets its permission bits
    (by default those of the file it replaces, if any). A symlink at `path` is replaced by the
    file, never written through. Raises `OSError` with the destination untouched."""
    path = Path(path)
    if mode is None and path.exists() and not path.is_symlink():
        mode = path.stat().st_mode & 0o7777
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            _write_all(descriptor, text.encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.chmod(temporary, 0o644 if mode is None else mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable, where the platform allows
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
