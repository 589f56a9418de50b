"""`clearance import PATH... -o project.yaml`: the project file equivalent to cards, card folders
and BOMs, commented with where each work came from."""

from __future__ import annotations

from pathlib import Path

import typer

from clearance.cli.common import HfCache, Overwrite, WorkType, fail, load_input
from clearance.exceptions import ClearanceError


def import_command(
    paths: list[Path] = typer.Argument(..., help="cards, card folders, cache repositories, CycloneDX or SPDX 3 files"),
    destination: Path = typer.Option(..., "--output", "-o", help="the project file to write"),
    force: Overwrite = False,
    hf_cache: HfCache = None,
    work_type: WorkType = None,
) -> None:
    """Write the project file equivalent to the given metadata; `clearance check` on it gives the
    same verdicts as on the paths themselves."""
    from clearance.atomic import check_destination, write_atomic
    from clearance.knowledge_base import load_knowledge_base
    from clearance.sources.merge import merge_projects
    from clearance.sources.project_file import parse_project
    from clearance.sources.project_writer import dump_commented
    try:
        check_destination(destination, paths, force)
        kb = load_knowledge_base()
        projects = [load_input(path, kb, hf_cache, work_type) for path in paths]
        project = merge_projects(projects)
        text = dump_commented(project, kb, [str(p) for p in paths])
        parse_project(text, kb, str(destination))  # what is written must read back
        write_atomic(destination, text, paths, force)
    except ClearanceError as error:
        fail(error)
    typer.echo(f"wrote {destination}: {len(project.works)} works, {len(project.steps)} steps, "
               f"{len(project.releases)} release(s); check it with: clearance check {destination}")
