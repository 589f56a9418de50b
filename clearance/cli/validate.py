"""`clearance validate FILE`: load and check a project file."""

from __future__ import annotations

from pathlib import Path

import typer

from clearance.cli.common import LICENSES, fail, knowledge_base
from clearance.exceptions import ClearanceError


def validate_command(file: Path = typer.Argument(..., help="a project file"), licenses: Path = LICENSES) -> None:
    """Load and check a project file; print a short summary."""
    from clearance.sources.project_file import load_project
    try:
        project = load_project(file, knowledge_base(licenses))
    except ClearanceError as error:
        fail(error)
    typer.echo(f"{file}: valid project '{project.name}'")
    if project.licenses:
        typer.echo(f"  licenses it adds: {', '.join(sorted(project.licenses))}")
    typer.echo(f"  {len(project.works)} works, {len(project.steps)} steps, {len(project.releases)} releases")
    for work in project.works.values():
        typer.echo(f"  work {work.id}: {work.type}, {work.license}, {work.form}")
    for step in project.steps.values():
        given = ", ".join(f"{i.work} ({i.role})" for i in step.inputs)
        typer.echo(f"  step {step.id}: {step.activity} of {given}")
    for release in project.releases:
        typer.echo(f"  release {release.work}: {release.policy}, {release.form}"
                   + (f", under {release.license}" if release.license else ""))
