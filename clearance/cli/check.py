"""`clearance check FILE`: is each planned release allowed?"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from clearance.cli.common import FILE, FORMAT, LICENSES, QUIET, TIMEOUT, Format, choice, fail, knowledge_base
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
    licenses: Path = LICENSES,
) -> None:
    """Check whether each planned release is allowed; exit 1 when one is not."""
    from dataclasses import replace

    from clearance.analysis import analyze
    from clearance.render.report import render_json, render_text
    from clearance.solver import SolverSettings
    from clearance.sources.project_file import load_project
    try:
        with Progress(not quiet) as progress:
            if timeout <= 0:
                raise InputError("--timeout must be a positive number of seconds")
            kb = knowledge_base(licenses)
            choice(policy, kb.vocabulary.policies, "policy")
            choice(form, kb.vocabulary.forms, "form")
            progress.update(f"reading {file}")
            project = load_project(file, kb)
            if not project.releases:
                raise InputError("the project plans no release", str(file), hint="add a 'release' section")
            # --license may name the project's own custom license, or an AND / WITH expression.
            intended = kb.for_project(project).describe(license_name) if license_name else None
            added = {intended.id: intended} if intended else {}
            releases = tuple(replace(r, policy=policy or r.policy, form=form or r.form,
                                     license=intended.id if intended else r.license) for r in project.releases)
            project = replace(project, releases=releases, licenses={**project.licenses, **added})
            report = analyze(project, kb, SolverSettings(timeout=timeout), progress=progress.update)
    except ClearanceError as error:
        fail(error)
    sys.stdout.write(render_json(report) if output == Format.json else render_text(report))
    raise typer.Exit(0 if report.compliant else 1)
