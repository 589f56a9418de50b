"""What the commands share: output formats, common options, error handling, loading."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from clearance.exceptions import ClearanceError, InputError


class Format(str, Enum):
    text = "text"
    json = "json"
    html = "html"


# Arguments and options several commands share.
FILE = typer.Argument(..., help="a project file")
FORMAT = typer.Option(Format.text, "--format", help="text, json or html")
TIMEOUT = typer.Option(60.0, "--timeout", help="seconds the solver may take for one question")
QUIET = typer.Option(False, "--quiet", "-q", help="no progress display on stderr")
HF_CACHE = typer.Option(None, "--hf-cache", help="the Hugging Face cache where referenced cards are looked up "
                        "(default: HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub)")
WORK_TYPE = typer.Option(None, "--type", help="read a card as a 'model' or 'data' card")
ONLINE = typer.Option(False, "--online", help="fetch cards missing from the cache from the Hugging Face Hub "
                      "(needs clearance[hub]; never the default)")


def load_input(file: Path, kb, hf_cache: Path | None = None, work_type: str | None = None, online: bool = False):
    """The project at `file`: a project file, a card or card folder, a CycloneDX or SPDX 3 BOM."""
    from clearance.sources.detect import load_any
    choice(work_type, ("model", "data"), "--type")
    return load_any(file, kb, hf_cache, work_type, online)


def fail(error: ClearanceError) -> None:
    """Print `error` on one line and exit with its code."""
    typer.echo(f"clearance: {error}", err=True)
    raise typer.Exit(error.exit_code)


def choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value is not None and value not in allowed:
        raise InputError(f"unknown {what} '{value}'", hint=f"one of: {', '.join(allowed)}")
    return value


def load_with_releases(file: Path, timeout: float, hf_cache: Path | None = None):
    """The knowledge base, the project (which must plan a release) and the solver settings."""
    from clearance.knowledge_base import load_knowledge_base
    from clearance.solver import SolverSettings
    if timeout <= 0:
        raise InputError("--timeout must be a positive number of seconds")
    kb = load_knowledge_base()
    project = load_input(file, kb, hf_cache)
    if not project.releases:
        raise InputError("the project plans no release", str(file), hint="add a 'release' section")
    return kb, project, SolverSettings(timeout=timeout)
