"""`suggest --apply`: the project file with one fix applied, as text, checked before
anything is written. The text is an edit of the user's own file
(clearance/sources/project_edit.py); it is read back through the loader, must describe
exactly the project the fix was verified on, and its release is checked again."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from clearance.analysis import release_compliant
from clearance.changes import apply_changes
from clearance.exceptions import InputError
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Permission, Project
from clearance.solver import SolverSettings
from clearance.suggest import Fix, ReleaseSuggestions, numbered_fix


@dataclass(frozen=True)
class Applied:
    """A fix written into the text of a project file. `compliant` is the verdict on the release in
    the written file as it stands; `pending` the permissions it still has to obtain (the release
    is compliant once they are recorded as obtained)."""

    number: int
    index: int
    fix: Fix
    text: str
    compliant: bool
    pending: tuple[Permission, ...]


def _unplaced(item):
    """`item` without where the file says it (line, column)."""
    names = {f.name for f in fields(item)}
    return replace(item, **{name: None for name in ("line", "column") if name in names})


def _comparable(project: Project) -> tuple:
    """What the project says, without where it says it, notes, or the order of a step's inputs."""
    works = {key: _unplaced(work) for key, work in project.works.items()}
    steps = {key: replace(_unplaced(step), inputs=tuple(sorted(step.inputs, key=lambda g: (g.work, g.slot))))
             for key, step in project.steps.items()}
    releases = tuple(_unplaced(release) for release in project.releases)
    permissions = tuple(replace(p, line=None, note=None) for p in project.permissions)
    waivers = tuple(_unplaced(waiver) for waiver in project.waivers)
    return project.name, works, steps, releases, permissions, waivers


def as_if_obtained(project: Project) -> Project:
    """`project` with every requested permission taken as obtained."""
    works = dict(project.works)
    for permission in project.permissions:
        work = works[permission.work]
        works[permission.work] = replace(work, granted=tuple(dict.fromkeys((*work.granted, *permission.rights))))
    return replace(project, works=works,
                   permissions=tuple(replace(p, status="obtained") for p in project.permissions))


def apply_fix(text: str, project: Project, found: list[ReleaseSuggestions], number: int, kb: KnowledgeBase,
              settings: SolverSettings | None = None) -> Applied:
    """The text of the project file `text` (which describes `project`) with fix `number` applied,
    read back and checked. Raises `InputError` when the fix cannot be written faithfully."""
    from clearance.sources.project_edit import edit_project_text
    from clearance.sources.project_file import parse_project
    index, fix = numbered_fix(found, number)
    if not fix.appliable:
        raise InputError(f"fix {number} names no license for a replacement, so it cannot be written",
                         hint="find a source under a license that grants what is missing, then declare it")
    edited = edit_project_text(text, project, index, fix.changes)
    reread = parse_project(edited, kb, project.source)
    expected = apply_changes(project, index, fix.changes, permissions_obtained=False)
    if _comparable(reread) != _comparable(expected):
        raise InputError(f"fix {number} could not be written faithfully into {project.source}; nothing was written",
                         hint="please report this")
    obtained = as_if_obtained(reread)
    added = range(len(project.releases), len(reread.releases))
    if not all(release_compliant(obtained, kb, at, settings) for at in (index, *added)):
        raise InputError(f"fix {number} did not survive being written out; nothing was written",
                         hint="please report this")
    compliant = all(release_compliant(reread, kb, at, settings) for at in (index, *added))
    pending = tuple(p for p in reread.permissions if p.status != "obtained")
    return Applied(number, index, fix, edited, compliant, pending)
