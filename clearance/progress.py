"""A one-line progress display on stderr for runs longer than a second; silent
when stderr is not a terminal or the user asked for quiet."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from clearance.render.escape import shown

DELAY = 1.0  # seconds before anything is shown
REFRESH = 0.2


class Progress:
    """Shows the current phase (`update`) once the run has lasted `DELAY` seconds."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.started = time.monotonic()
        self.message = ""
        self.shown = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def update(self, message: str) -> None:
        """Set the phase shown next."""
        with self._lock:
            self.message = message

    def _run(self) -> None:
        while not self._stop.wait(REFRESH):
            if time.monotonic() - self.started >= DELAY:
                self._draw()

    def _draw(self) -> None:
        with self._lock:
            if self.message == self.shown:
                return
            elapsed = time.monotonic() - self.started
            line = f"clearance: {shown(self.message)} ({elapsed:.0f} s)"
            self.stream.write("\r" + line.ljust(len(self.shown) + 20)[:120])
            self.stream.flush()
            self.shown = self.message

    def close(self) -> None:
        """Stop and clear the line."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.shown:
            self.stream.write("\r" + " " * 120 + "\r")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
