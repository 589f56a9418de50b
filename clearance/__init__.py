"""clearance: license-compliance analysis for machine-learning projects.

It reports potential license risks; it is not legal advice."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def check(project, settings=None):
    """Analyse a project (a path to a project file, or a `Project`) and return its `Report`."""
    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.model import Project
    from clearance.sources.project_file import load_project

    kb = load_knowledge_base()
    if not isinstance(project, Project):
        project = load_project(Path(project), kb)
    return analyze(project, kb, settings)


__all__ = ["__version__", "check"]
