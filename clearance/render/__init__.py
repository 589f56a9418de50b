"""Renderers: one module per output format.

A format is a module of this package plus one entry in `FORMATS` (format name ->
module name). The module defines, for each command it can render, a function
`check(runs, options)`, `explain(runs, options)` or `suggest(runs, options)` that
returns the whole output as text. Modules are imported only when their format is
asked for, so that a plain `clearance check` loads no renderer it does not use."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from clearance.exceptions import InputError

if TYPE_CHECKING:  # `clearance --version` imports this package (escape) and needs no model
    from clearance.model import Project

FORMATS = {"text": "text", "json": "json_doc", "sarif": "sarif", "markdown": "markdown", "html": "html"}
COMMANDS = ("check", "explain", "suggest")


@dataclass(frozen=True)
class Run:
    """What one command found in one project file: `source` is the path exactly as given on the
    command line; `result` is a `Report` (check), a list of `ReleaseConflicts` (explain) or a
    list of `ReleaseSuggestions` (suggest)."""

    source: str
    project: Project
    result: Any


@dataclass(frozen=True)
class RenderOptions:
    """How to render: `verbose` shows whole explanation chains; `colour` adds ANSI colours
    (only ever set when writing to a terminal without NO_COLOR)."""

    verbose: bool = False
    colour: bool = False


Renderer = Callable[[list[Run], RenderOptions], str]


def _module(format_name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[format_name]}")


def renderer(format_name: str, command: str) -> Renderer:
    """The function that renders `command`'s runs in `format_name`; `InputError` when that format
    does not render that command."""
    module = _module(format_name)
    function = getattr(module, command, None)
    if function is None:
        supported = [name for name in FORMATS if hasattr(_module(name), command)]
        raise InputError(f"--format {format_name} is not available for {command}",
                         hint=f"one of: {', '.join(supported)}")
    return function
