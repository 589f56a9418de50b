"""clearance: license-compliance analysis for machine-learning projects.

It reports potential license risks; it is not legal advice."""

from __future__ import annotations

from clearance.exceptions import ClearanceError, InconclusiveError, InputError

__version__ = "0.1.0"


def check(project, settings=None):
    """Analyse a project and return its `Report`. `project` is a path (a project file, card, card
    folder or BOM, read as `clearance check` reads it), a mapping (a project document: what a
    project file's YAML reads as) or a `Project` built in code. Each is validated exactly as the
    command line validates a file, and must plan a release: a problem raises `InputError` (a
    `ClearanceError`), a solver timeout `InconclusiveError`."""
    import os
    from collections.abc import Mapping

    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.model import Project
    from clearance.sources.project_file import read_mapping, validate_project

    kb = load_knowledge_base()
    if isinstance(project, Project):
        project = validate_project(project, kb)
    elif isinstance(project, Mapping):
        project = read_mapping(dict(project), kb)
    elif isinstance(project, (str, os.PathLike)):
        from clearance.sources.detect import load_any
        project = load_any(project, kb)
    else:
        raise InputError(f"clearance.check takes a path, a mapping or a Project, not {type(project).__name__}")
    if not project.releases:
        raise InputError("the project plans no release", project.source, hint="add a 'release' section")
    return analyze(project, kb, settings)


__all__ = ["ClearanceError", "InconclusiveError", "InputError", "__version__", "check"]
