"""`clearance export PATH --format cyclonedx|spdx`: the project as a CycloneDX 1.6 ML-BOM or an
SPDX 3.0.1 document, with declared and concluded licenses, lineage and findings."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from clearance.cli.common import TIMEOUT_SECONDS, HfCache, Input, Overwrite, Timeout, check_timeout, fail, load_input
from clearance.exceptions import ClearanceError


class BomFormat(str, Enum):
    cyclonedx = "cyclonedx"
    spdx = "spdx"


def export_command(
    file: Input,
    bom_format: BomFormat = typer.Option(..., "--format", help="cyclonedx (1.6 JSON) or spdx (3.0.1 JSON-LD)"),
    destination: Path = typer.Option(None, "--output", "-o", help="write here instead of standard output"),
    force: Overwrite = False,
    hf_cache: HfCache = None,
    timeout: Timeout = TIMEOUT_SECONDS,
) -> None:
    """Export the project, its licenses (declared and concluded), lineage and findings as a BOM."""
    from clearance.analysis import analyze
    from clearance.atomic import check_destination, write_atomic
    from clearance.knowledge_base import load_knowledge_base
    from clearance.solver import SolverSettings
    try:
        if destination is not None:
            check_destination(destination, [file], force)
        check_timeout(timeout)
        kb = load_knowledge_base()
        project = load_input(file, kb, hf_cache)
        report = analyze(project, kb, SolverSettings(timeout=timeout)) if project.releases else None
        if bom_format == BomFormat.cyclonedx:
            from clearance.render.cyclonedx import export_cyclonedx
            text = export_cyclonedx(project, report)
        else:
            from clearance.render.spdx3 import export_spdx
            text = export_spdx(project, report)
        if destination is not None:
            write_atomic(destination, text, [file], force)
    except ClearanceError as error:
        fail(error)
    if destination is None:
        sys.stdout.write(text)
