"""What the commands share: their common arguments and options, error handling, loading,
several files per run and where the output goes.

Each argument or option several commands have is declared once, below, as a type: a command's
parameter takes it with its default after `=` (`output: Output = None`), so that the name, help
and type are the same wherever it appears. An option only one command has is declared there."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from clearance.exceptions import ClearanceError, InputError
from clearance.render import FORMATS, RenderOptions, Run
from clearance.render.escape import shown

# typer reads help texts as rich markup: a bracket meant as text is escaped, "clearance\\[hub]".

# One member per renderer module (clearance/render/__init__.py): a new format needs no edit here.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)


class ListFormat(str, Enum):
    """The formats of listings (`clearance licenses`)."""

    text = "text"
    json = "json"


TEXT = Format["text"]  # the default report format
TIMEOUT_SECONDS = 60.0  # the default --timeout
BUDGET_CHECKS = 2000  # the default --budget

File = Annotated[Path, typer.Argument(help="a project file")]
Files = Annotated[list[Path], typer.Argument(help="one or more project files")]
Input = Annotated[Path, typer.Argument(help="a project file, card, card folder or BOM")]

ReportFormat = Annotated[Format, typer.Option("--format", help=f"the output format: {', '.join(FORMATS)}")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="write the output to this file (atomically) "
                                             "instead of stdout")]
Force = Annotated[bool, typer.Option("--force", help="let --output replace an existing file")]
Overwrite = Annotated[bool, typer.Option("--force", help="overwrite the output file if it exists")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="show every reason of each finding, not just the "
                                       "first")]
Timeout = Annotated[float, typer.Option("--timeout", help="seconds the whole command may take (exit 3 when "
                                        "exceeded)")]
Budget = Annotated[int, typer.Option("--budget", help="solver checks an enumeration of conflicts may spend, per "
                                     "release")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="no progress display on stderr")]
Reading = Annotated[str | None, typer.Option("--reading", help="text (the license texts, the default) or paper "
                                             "(the ModelGo paper's case-study reading); overrides the project "
                                             "file's 'reading'")]
HfCache = Annotated[Path | None, typer.Option("--hf-cache", help="the Hugging Face cache where referenced cards "
                                              "are looked up (default: HF_HUB_CACHE, HF_HOME/hub, "
                                              "~/.cache/huggingface/hub)")]
WorkType = Annotated[str | None, typer.Option("--type", help="read a card as a 'model' or 'data' card")]
Online = Annotated[bool, typer.Option("--online", help="fetch cards missing from the cache from the Hugging Face "
                                      "Hub (needs clearance\\[hub]; never the default)")]
Licenses = Annotated[Path | None, typer.Option("--licenses", help="a folder of custom licenses, one "
                                               "<LicenseRef-id>.yaml each")]

MAX_TIMEOUT = 1_000_000.0  # seconds (11 days): z3 takes milliseconds as a 32-bit number
TIMEOUT_MESSAGE = f"--timeout must be a positive number of seconds, at most {MAX_TIMEOUT:.0f}"


def check_timeout(timeout: float) -> float:
    """`timeout` when z3 can take it as --timeout; otherwise an `InputError`."""
    if not 0 < timeout <= MAX_TIMEOUT:  # also refuses nan, inf and 1e308
        raise InputError(TIMEOUT_MESSAGE)
    return timeout


def load_input(file: Path, kb, hf_cache: Path | None = None, work_type: str | None = None, online: bool = False):
    """The project at `file`: a project file, a card or card folder, a CycloneDX or SPDX 3 BOM."""
    from clearance.sources.detect import load_any
    choice(work_type, ("model", "data"), "--type")
    return load_any(file, kb, hf_cache, work_type, online)

# "Worst" exit code of several files: invalid input above inconclusive above "no" above fine.
_BADNESS = {0: 0, 1: 1, 3: 2, 2: 3}


def fail(error: ClearanceError) -> None:
    """Print `error` on one line and exit with its code."""
    typer.echo(f"clearance: {shown(str(error))}", err=True)
    raise typer.Exit(error.exit_code)


def echo(text: str) -> None:
    """Write `text` and a newline on stdout as every report is written. Not typer.echo: click writes
    UTF-8 where the output's encoding cannot show a character, and the command would exit 0; a
    failure to write (that encoding, a closed stdout, a full disk) is exit 2 in run_app (output.py)."""
    sys.stdout.write(text + "\n")


def worst(*codes: int) -> int:
    """The worst of several exit codes: 2 (invalid input), then 3 (inconclusive), then 1, then 0."""
    return max(codes, key=lambda code: _BADNESS.get(code, 3), default=0)


def choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    """`value` when it is one of `allowed` (or None); otherwise an `InputError`."""
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


def with_reading(project, reading: str | None):
    """`project` under the reading asked on the command line, if any (it overrides the file's)."""
    from dataclasses import replace

    from clearance.model import READINGS
    choice(reading, READINGS, "reading")
    return replace(project, reading=reading) if reading else project


def command_settings(timeout: float, budget: int | None = None):
    """The solver settings of one command: its deadline is `timeout` seconds from now (`--timeout`
    bounds the whole command, every file of it), and `budget` solver checks per enumeration."""
    from clearance.solver import SolverSettings
    check_timeout(timeout)
    if budget is not None and budget < 1:
        raise InputError("--budget must be at least 1")
    return SolverSettings.for_command(timeout, *(() if budget is None else (budget,)))


def load_with_releases(file: Path, timeout: float, hf_cache: Path | None = None, work_type: str | None = None,
                       online: bool = False, settings=None, reading: str | None = None,
                       licenses: Path | None = None):
    """The knowledge base, the project (which must plan a release; under `reading` when given)
    and the solver settings (`settings`, or those of a command that may take `timeout` seconds from now),
    with the custom licenses of the folder `licenses` (--licenses)."""
    settings = settings or command_settings(timeout)
    kb = knowledge_base(licenses)
    project = with_reading(load_input(file, kb, hf_cache, work_type, online), reading)
    if not project.releases:
        raise InputError("the project plans no release", str(file), hint="add a 'release' section")
    return kb, project, settings


def colour_wanted(output: Path | None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return output is None and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def run_files(command: str, files: list[Path], analyse: Callable[[Path, Callable[[str], None]], Run],
              exit_code: Callable[[Run], int], output_format: Format, output: Path | None, force: bool,
              quiet: bool, verbose: bool = False) -> None:
    """Analyse each file, render every run in one output, write it, and exit with the worst code.

    A file that cannot be read is reported on stderr (FILE:LINE:COL) and the others are still
    analysed; with one file the command stops there, as it always did."""
    from clearance.progress import Progress
    from clearance.render import renderer
    try:
        render = renderer(output_format.value, command)
        if output is not None:
            from clearance.atomic import check_destination  # only to write a file (tempfile...)
            check_destination(output, files, force)
    except ClearanceError as error:
        fail(error)
    runs: list[Run] = []
    code = 0
    for file in files:
        try:
            with Progress(not quiet) as progress:
                progress.update(f"reading {file}")
                run = analyse(file, progress.update)
        except ClearanceError as error:
            typer.echo(f"clearance: {shown(str(error))}", err=True)
            code = worst(code, error.exit_code)
            continue
        runs.append(run)
        code = worst(code, exit_code(run))
    if runs:
        text = render(runs, RenderOptions(verbose=verbose, colour=colour_wanted(output)))
        if output is None:
            sys.stdout.write(text)
        else:
            from clearance.atomic import write_atomic
            try:
                write_atomic(output, text, files, force)
            except ClearanceError as error:
                fail(error)
    raise typer.Exit(code)
