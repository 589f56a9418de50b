"""`clearance validate FILE`: load and check a project file."""

from __future__ import annotations

from clearance.cli.common import HfCache, Input, Licenses, echo, fail, knowledge_base, load_input
from clearance.exceptions import ClearanceError
from clearance.render.escape import shown


def validate_command(file: Input, hf_cache: HfCache = None, licenses: Licenses = None) -> None:
    """Load and check a project file; print a short summary."""
    try:
        project = load_input(file, knowledge_base(licenses), hf_cache)
    except ClearanceError as error:
        fail(error)
    lines = [f"{file}: valid project '{project.name}'",
             *([f"  licenses it adds: {', '.join(sorted(project.licenses))}"] if project.licenses else []),
             f"  {len(project.works)} works, {len(project.steps)} steps, {len(project.releases)} releases"]
    for work in project.works.values():
        lines.append(f"  work {work.id}: {work.type}, {work.license}, {work.form}")
    for step in project.steps.values():
        given = ", ".join(f"{i.work} ({i.role})" for i in step.inputs)
        lines.append(f"  step {step.id}: {step.activity} of {given}")
    for release in project.releases:
        lines.append(f"  release {release.work}: {release.policy}, {release.form}"
                     + (f", under {release.license}" if release.license else ""))
    echo("\n".join(shown(line) for line in lines))
