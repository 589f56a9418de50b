"""What the commands share: output formats, common options, error handling, loading."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from clearance.exceptions import ClearanceError, InputError


class Format(str, Enum):
    text = "text"
    json = "json"


# Arguments and options several commands share.
FILE = typer.Argument(..., help="a project file")
FORMAT = typer.Option(Format.text, "--format", help="text or json")
TIMEOUT = typer.Option(60.0, "--timeout", help="seconds the whole command may take (exit 3 when exceeded)")
BUDGET = typer.Option(2000, "--budget", help="solver checks an enumeration of conflicts may spend, per release")
QUIET = typer.Option(False, "--quiet", "-q", help="no progress display on stderr")


def fail(error: ClearanceError) -> None:
    """Print `error` on one line and exit with its code."""
    typer.echo(f"clearance: {error}", err=True)
    raise typer.Exit(error.exit_code)


def choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value is not None and value not in allowed:
        raise InputError(f"unknown {what} '{value}'", hint=f"one of: {', '.join(allowed)}")
    return value


def load_with_releases(file: Path, timeout: float, budget: int | None = None):
    """The knowledge base, the project (which must plan a release) and the solver settings: the
    deadline of the whole command is `timeout` seconds from now."""
    from clearance.knowledge_base import load_knowledge_base
    from clearance.solver import SolverSettings
    from clearance.sources.project_file import load_project
    if timeout <= 0:
        raise InputError("--timeout must be a positive number of seconds")
    if budget is not None and budget < 1:
        raise InputError("--budget must be at least 1")
    settings = SolverSettings.for_command(timeout, *(() if budget is None else (budget,)))
    kb = load_knowledge_base()
    project = load_project(file, kb)
    if not project.releases:
        raise InputError("the project plans no release", str(file), hint="add a 'release' section")
    return kb, project, settings
