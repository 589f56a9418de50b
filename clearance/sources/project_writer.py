"""Writes a `Project` back as a project file (format version 1), e.g. with a
suggested fix applied. Comments of the original file are not kept."""

from __future__ import annotations

import yaml

from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project, Step


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
    if project.definitions:
        data["licenses"] = project.definitions
    data["works"] = works
    if steps:
        data["steps"] = steps
    if releases:
        data["release"] = releases[0] if len(releases) == 1 else releases
    return data


def dump_project(project: Project, kb: KnowledgeBase) -> str:
    """The project file text of `project`: loading it gives the same project back."""
    return yaml.safe_dump(project_data(project, kb), sort_keys=False, allow_unicode=True, width=120)
