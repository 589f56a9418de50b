"""Writes a `Project` as a new project file (format version 1), from the model
alone: what a generated or imported project is written as. To change a file the
user wrote, `clearance.sources.project_edit` edits its text instead."""

from __future__ import annotations

import yaml

from clearance.knowledge_base import KnowledgeBase
from clearance.model import DEFAULT_READING, Project, Step


def _inputs(step: Step, kb: KnowledgeBase) -> dict[str, list]:
    rule = kb.vocabulary.activities[step.activity]
    defaults = {"inputs": rule.inputs_role, "using": "aux", "data": "aux"}
    slots: dict[str, list] = {}
    for given in step.inputs:
        item = given.work if given.role == defaults[given.slot] else {"work": given.work, "role": given.role}
        slots.setdefault(given.slot, []).append(item)
    return slots


def project_data(project: Project, kb: KnowledgeBase) -> dict:
    """The plain data of a project file describing `project`."""
    works = {}
    for work in project.works.values():
        fields: dict = {"type": work.type, "license": work.license}
        if work.license_name:  # `license: other` naming a custom license (or one nobody declared)
            fields.update(license="other", license_name=work.license_name)
        if work.form != "raw":
            fields["form"] = work.form
        if work.name:
            fields["name"] = work.name
        if work.url:
            fields["url"] = work.url
        works[work.id] = fields
    steps = {}
    for step in project.steps.values():
        fields = {"activity": step.activity, **_inputs(step, kb), "type": step.type}
        if step.form != "raw":
            fields["form"] = step.form
        if step.license:
            fields["license"] = step.license
        steps[step.id] = fields
    releases = []
    for release in project.releases:
        fields = {"work": release.work, "policy": release.policy, "form": release.form}
        if release.license:
            fields["license"] = release.license
        releases.append(fields)
    data: dict = {"project": project.name}
    if project.reading != DEFAULT_READING:
        data["reading"] = project.reading
    if project.definitions:
        data["licenses"] = project.definitions
    data["works"] = works
    if steps:
        data["steps"] = steps
    if releases:
        data["release"] = releases[0] if len(releases) == 1 else releases
    if project.permissions:
        data["permissions"] = [{"work": p.work, "grants": list(p.rights), "status": p.status,
                                **({"note": p.note} if p.note else {})} for p in project.permissions]
    return data


def dump_project(project: Project, kb: KnowledgeBase) -> str:
    """The project file text of `project`: loading it gives the same project back."""
    return yaml.safe_dump(project_data(project, kb), sort_keys=False, allow_unicode=True, width=120)


def _where(origin) -> str | None:
    if origin is None:
        return None
    text = origin.path + (f":{origin.line}" if origin.line else "")
    return text + (f" (element {origin.element})" if origin.element else "")


def _entry(key: str, fields: dict, comments: list[str]) -> list[str]:
    lines = [f"  # {' '.join(c.split())}" for c in comments]
    text = yaml.safe_dump({key: fields}, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100000)
    return lines + ["  " + line for line in text.rstrip("\n").split("\n")]


def dump_commented(project: Project, kb: KnowledgeBase, sources: list[str],
                   notes: dict[str, str] | None = None) -> str:
    """The project file of `project` with a comment above each work and step saying where it came
    from (card, config or BOM file and element) and, from `notes`, why a license is unknown."""
    data = project_data(project, kb)
    notes = notes or {}
    out = ["# Written by clearance import from: " + ", ".join(sources),
           "# Check it with: clearance check THIS-FILE", yaml.safe_dump({"project": data["project"]},
                                                                       allow_unicode=True, width=100000).rstrip(),
           "works:"]
    for work_id, fields in data["works"].items():
        where = _where(project.works[work_id].origin)
        out += _entry(work_id, fields, [c for c in (where and f"from {where}", notes.get(work_id)) if c])
    if data.get("steps"):
        out.append("steps:")
        for step_id, fields in data["steps"].items():
            where = _where(project.steps[step_id].origin)
            out += _entry(step_id, fields, [c for c in (where and f"from {where}", notes.get(step_id)) if c])
    if "release" in data:
        releases = data["release"] if isinstance(data["release"], list) else [data["release"]]
        out.append(yaml.safe_dump({"release": releases}, sort_keys=False, allow_unicode=True,
                                  default_flow_style=None, width=100000).rstrip())
    return "\n".join(out) + "\n"
