"""`clearance explain FILE...`: every independent conflict, release by release."""

from __future__ import annotations

from pathlib import Path

import typer

from clearance.cli.common import (
    BUDGET_CHECKS,
    TEXT,
    TIMEOUT_SECONDS,
    Budget,
    Files,
    Force,
    HfCache,
    Licenses,
    Output,
    Quiet,
    Reading,
    ReportFormat,
    Timeout,
    Verbose,
    command_settings,
    fail,
    load_with_releases,
    run_files,
)
from clearance.exceptions import InputError


def explain_command(
    files: Files,
    output_format: ReportFormat = TEXT,
    output: Output = None,
    force: Force = False,
    cap: int = typer.Option(50, "--max", help="at most this many conflicts per release"),
    budget: Budget = BUDGET_CHECKS,
    verbose: Verbose = False,
    timeout: Timeout = TIMEOUT_SECONDS,
    reading: Reading = None,
    quiet: Quiet = False,
    hf_cache: HfCache = None,
    licenses: Licenses = None,
) -> None:
    """List every independent conflict (minimal unsatisfiable set), release by release; exit 1 when
    there is one."""
    from clearance.explain import explain
    from clearance.render import Run
    if cap < 1:
        fail(InputError("--max must be at least 1"))
    try:
        settings = command_settings(timeout, budget)
    except InputError as error:
        fail(error)

    def analyse(file: Path, progress) -> Run:
        kb, project, _ = load_with_releases(file, timeout, hf_cache, settings=settings, reading=reading,
                                            licenses=licenses)
        return Run(str(file), project, explain(project, kb, settings, cap, progress=progress))

    run_files("explain", files, analyse, lambda run: 1 if any(item.conflicts for item in run.result) else 0,
              output_format, output, force, quiet, verbose)
