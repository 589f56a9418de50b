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
TIMEOUT = typer.Option(60.0, "--timeout", help="seconds the solver may take for one question")
QUIET = typer.Option(False, "--quiet", "-q", help="no progress display on stderr")
LICENSES = typer.Option(None, "--licenses", help="a folder of custom licenses, one <LicenseRef-id>.yaml each")


def fail(error: ClearanceError) -> None:
    """Print `error` on one line and exit with its code."""
    typer.echo(f"clearance: {error}", err=True)
    raise typer.Exit(error.exit_code)


def choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value is not None and value not in allowed:
        raise InputError(f"unknown {what} '{value}'", hint=f"one of: {', '.join(allowed)}")
    return value


def knowledge_base(licenses: Path | None = None):
    """The shipped knowledge base, with the custom licenses of the folder `licenses` (--licenses)."""
    from clearance.knowledge_base import load_knowledge_base
    kb = load_knowledge_base()
    if licenses is None:
        return kb
    from clearance.sources.license_files import with_license_folder
    return with_license_folder(kb, licenses)


def load_with_releases(file: Path, timeout: float, licenses: Path | None = None):
    """The knowledge base, the project (which must plan a release) and the solver settings."""
    from clearance.solver import SolverSettings
    from clearance.sources.project_file import load_project
    if timeout <= 0:
        raise InputError("--timeout must be a positive number of seconds")
    kb = knowledge_base(licenses)
    project = load_project(file, kb)
    if not project.releases:
        raise InputError("the project plans no release", str(file), hint="add a 'release' section")
    return kb, project, SolverSettings(timeout=timeout)
