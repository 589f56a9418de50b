"""Several inputs (cards, BOMs) read into one project: the union of their works and steps, and
all their releases. A work two inputs describe differently is an error, not a silent choice."""

from __future__ import annotations

from clearance.exceptions import InputError
from clearance.model import Project


def merge_projects(projects: list[Project]) -> Project:
    """One project holding every work, step and release of `projects`."""
    if len(projects) == 1:
        return projects[0]
    works, steps, releases, warnings = {}, {}, [], []
    for project in projects:
        for table, items in ((works, project.works), (steps, project.steps)):
            for key, item in items.items():
                if key in table and table[key] != item:
                    raise InputError(f"'{key}' is described differently by two inputs", project.source,
                                     hint="import them into separate project files")
                table.setdefault(key, item)
        releases += [r for r in project.releases if r not in releases]
        warnings += [w for w in project.source_warnings if w not in warnings]
    clash = set(works) & set(steps)
    if clash:
        raise InputError(f"'{sorted(clash)[0]}' is a reused work in one input and made in another")
    return Project(name=" + ".join(p.name for p in projects), works=works, steps=steps, releases=tuple(releases),
                   source=projects[0].source, source_warnings=tuple(warnings))
