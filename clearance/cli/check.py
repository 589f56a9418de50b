"""`clearance check FILE`: is each planned release allowed?"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from clearance.cli.common import FILE, FORMAT, QUIET, TIMEOUT, Format, choice, fail
from clearance.exceptions import ClearanceError, InputError
from clearance.progress import Progress


def check_command(
    file: Path = FILE,
    output: Format = FORMAT,
    policy: str = typer.Option(None, "--policy", help="override every release's policy: personal, share, sell"),
    form: str = typer.Option(None, "--form", help="override every release's form: raw, binary, saas"),
    license_name: str = typer.Option(None, "--license", help="override every release's intended license"),
    timeout: float = TIMEOUT,
    quiet: bool = QUIET,
) -> None:
    """Check whether each planned release is allowed; exit 1 when one is not."""
    from dataclasses import replace

    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.render.report import render_json, render_text
    from clearance.solver import SolverSettings
    from clearance.sources.project_file import load_project
    try:
        with Progress(not quiet) as progress:
            if timeout <= 0:
                raise InputError("--timeout must be a positive number of seconds")
            kb = load_knowledge_base()
            choice(policy, kb.vocabulary.policies, "policy")
            choice(form, kb.vocabulary.forms, "form")
            intended = kb.get(license_name).id if license_name else None
            progress.update(f"reading {file}")
            project = load_project(file, kb)
            if not project.releases:
                raise InputError("the project plans no release", str(file), hint="add a 'release' section")
            releases = tuple(replace(r, policy=policy or r.policy, form=form or r.form,
                                     license=intended or r.license) for r in project.releases)
            report = analyze(replace(project, releases=releases), kb, SolverSettings.for_command(timeout),
                             progress=progress.update)
    except ClearanceError as error:
        fail(error)
    sys.stdout.write(render_json(report) if output == Format.json else render_text(report))
    raise typer.Exit(0 if report.compliant else 1)
