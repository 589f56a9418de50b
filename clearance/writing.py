"""Writing an output file atomically: a temporary file beside it, then a rename, so that a reader
never sees half a file and a failed write leaves the old file as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from clearance.exceptions import InputError


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError as error:
        if "temporary" in locals() and os.path.exists(temporary):
            os.unlink(temporary)
        raise InputError(f"cannot write: {error.strerror or error}", str(path)) from None
