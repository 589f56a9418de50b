"""`clearance graph FILE --format dot|mermaid|svg`: the lineage alone, with licenses."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from clearance.cli.common import TIMEOUT_SECONDS, File, Timeout, check_timeout, fail
from clearance.exceptions import ClearanceError


class GraphFormat(str, Enum):
    dot = "dot"
    mermaid = "mermaid"
    svg = "svg"


def graph_command(
    file: File,
    output: GraphFormat = typer.Option(GraphFormat.svg, "--format", help="dot, mermaid or svg"),
    check: bool = typer.Option(False, "--check", help="also check the releases: show the licenses determined "
                               "for derived works and outline the works and paths of errors in red"),
    timeout: Timeout = TIMEOUT_SECONDS,
) -> None:
    """Draw the lineage of a project: which work feeds which, in which role, under which license."""
    from clearance.knowledge_base import load_knowledge_base
    from clearance.render.lineage import Marks, lineage_of, marks_of
    from clearance.sources.project_file import load_project
    try:
        check_timeout(timeout)
        kb = load_knowledge_base()
        project = load_project(file, kb)
        licenses, marks, free = {}, Marks(), frozenset()
        if check:
            from clearance.analysis import analyze
            from clearance.solver import SolverSettings
            report = analyze(project, kb, SolverSettings(timeout=timeout))
            from clearance.render.summary import free_works
            licenses, marks, free = report.licenses, marks_of(report), free_works(report)
    except ClearanceError as error:
        fail(error)
    lineage = lineage_of(project, kb, licenses, free)
    if output == GraphFormat.dot:
        from clearance.render.dot import lineage_dot
        sys.stdout.write(lineage_dot(lineage, marks))
    elif output == GraphFormat.mermaid:
        from clearance.render.mermaid import lineage_mermaid
        sys.stdout.write(lineage_mermaid(lineage, marks))
    else:
        from clearance.render.svg import lineage_svg
        sys.stdout.write(lineage_svg(lineage, marks))
