"""Grouping of interchangeable works, so that a corpus of 10,000 sources under a
dozen licenses is a small problem.

Two works are interchangeable when they feed the same step in the same role
and slot, are used by nothing else, and what they are made of is the same in
shape: the same declared licenses, types and forms, made by the same
activities from interchangeable works (or from the very same shared works,
e.g. one translation model). Each such work and everything made for it alone
(its private cone) is a renamed copy of the others'. The analysis keeps one
representative per group: every constraint of another member is a renamed copy
of one of the representative's, so any solution for the representative is one
for every member, and the verdict, the determined licenses and the findings are
the same as without grouping; each finding on a representative stands for the
same finding on every member (`members`). docs/benchmarks.md has the argument."""

from __future__ import annotations

from dataclasses import dataclass, replace

from clearance.findings import Finding
from clearance.model import Project


@dataclass(frozen=True)
class Grouping:
    """A project reduced to one representative per group, and what each node stands for."""

    project: Project
    members: dict[str, tuple[str, ...]]

    def stands_for(self, work: str) -> tuple[str, ...]:
        """Every work of the full project that `work` of the reduced project stands for."""
        return self.members.get(work, (work,))

    def expand_finding(self, finding: Finding) -> Finding:
        """`finding` on a representative, made to list every work it stands for."""
        group = tuple(member for work in (finding.group or (finding.work,)) for member in self.stands_for(work))
        works = tuple(sorted({member for work in finding.works for member in self.stands_for(work)}))
        return replace(finding, works=works, group=group if len(group) > 1 else ())

    def expand_licenses(self, licenses: dict[str, str | None]) -> dict[str, str | None]:
        """Determined licenses of the reduced project's works, given to every work they stand for."""
        return {member: lic for work, lic in licenses.items() for member in self.stands_for(work)}


def _consumers(project: Project) -> dict[str, list[tuple[str, str, str]]]:
    used: dict[str, list[tuple[str, str, str]]] = {node: [] for node in (*project.works, *project.steps)}
    for step in project.steps.values():
        for given in step.inputs:
            used[given.work].append((step.id, given.role, given.slot))
    return used


def _topological(project: Project) -> list[str]:
    """Works first, then steps such that every input comes before the step that uses it."""
    order, placed = list(project.works), set(project.works)
    pending = {step_id: {g.work for g in step.inputs if g.work in project.steps} for step_id, step in
               project.steps.items()}
    users: dict[str, list[str]] = {}
    for step_id, needs in pending.items():
        for need in needs:
            users.setdefault(need, []).append(step_id)
    ready = sorted(step_id for step_id, needs in pending.items() if not needs)
    while ready:
        step_id = ready.pop()
        order.append(step_id)
        placed.add(step_id)
        for user in users.get(step_id, ()):
            pending[user].discard(step_id)
            if not pending[user]:
                ready.append(user)
    return order


def group_project(project: Project) -> Grouping:
    """The project with each group of interchangeable works reduced to its representative."""
    consumers = _consumers(project)
    released = {release.work for release in project.releases}
    private = {node for node, uses in consumers.items() if len(uses) == 1 and node not in released}
    shapes: dict[tuple, int] = {}
    shape_of: dict[str, int] = {}
    order = _topological(project)
    for node in order:
        if node in project.works:
            work = project.works[node]
            key: tuple = ("work", work.type, work.alternatives, work.form)
        else:
            step = project.steps[node]
            parts = sorted((("shape", shape_of[g.work]) if g.work in private else ("id", g.work), g.role, g.slot)
                           for g in step.inputs)
            key = ("step", step.activity, step.type, step.form, step.license, tuple(parts))
        shape_of[node] = shapes.setdefault(key, len(shapes))
    groups: dict[tuple, list[str]] = {}
    for node in sorted(private):
        groups.setdefault((shape_of[node], consumers[node][0]), []).append(node)
    if all(len(nodes) < 2 for nodes in groups.values()):
        return Grouping(project, {})
    members: dict[str, list[str]] = {node: [node] for node in shape_of}
    removed: set[str] = set()
    position = {node: index for index, node in enumerate(order)}
    # Consumers before what they consume: a group inside a removed cone is already gone.
    for (_, (consumer, _, _)), nodes in sorted(groups.items(), key=lambda item: -position[item[0][1][0]]):
        if consumer in removed or len(nodes) < 2:
            continue
        representative, others = nodes[0], nodes[1:]
        for other in others:
            for mine, theirs in _pair_cones(project, private, shape_of, representative, other):
                members[mine].extend(members.pop(theirs))
                removed.add(theirs)
    works = {k: v for k, v in project.works.items() if k not in removed}
    steps = {k: v if not any(g.work in removed for g in v.inputs)
             else replace(v, inputs=tuple(g for g in v.inputs if g.work not in removed))
             for k, v in project.steps.items() if k not in removed}
    stands = {node: tuple(sorted(found)) for node, found in members.items() if len(found) > 1}
    return Grouping(replace(project, works=works, steps=steps), stands)


def _pair_cones(project: Project, private: set[str], shape_of: dict[str, int], mine: str,
                theirs: str) -> list[tuple[str, str]]:
    """The nodes of two interchangeable private cones, paired by shape, role and slot."""

    def private_inputs(node: str) -> list[str]:
        if node not in project.steps:
            return []
        inputs = [g for g in project.steps[node].inputs if g.work in private]
        return [g.work for g in sorted(inputs, key=lambda g: (shape_of[g.work], g.role, g.slot, g.work))]

    pairs, pending = [], [(mine, theirs)]
    while pending:
        left, right = pending.pop()
        pairs.append((left, right))
        pending.extend(zip(private_inputs(left), private_inputs(right), strict=True))
    return pairs
