"""The progress display: nothing on a pipe or when quiet; one line, then cleared, on a terminal."""

from __future__ import annotations

import io
import time

from clearance import progress as progress_module
from clearance.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal():
    stream = io.StringIO()
    with Progress(True, stream) as progress:
        progress.update("working")
    assert stream.getvalue() == ""


def test_silent_when_quiet():
    stream = Terminal()
    with Progress(False, stream) as progress:
        progress.update("working")
    assert stream.getvalue() == ""


def test_quick_runs_show_nothing():
    stream = Terminal()
    with Progress(True, stream) as progress:
        progress.update("working")
    assert stream.getvalue() == ""


def test_long_runs_show_the_phase_then_clear_it(monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    monkeypatch.setattr(progress_module, "REFRESH", 0.01)
    stream = Terminal()
    with Progress(True, stream) as progress:
        progress.update("checking release 1 of 1 (corpus)")
        deadline = time.monotonic() + 5
        while "corpus" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    text = stream.getvalue()
    assert "clearance: checking release 1 of 1 (corpus)" in text
    assert text.endswith("\r") and "\n" not in text
