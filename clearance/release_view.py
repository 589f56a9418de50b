"""One release seen on its own: the sub-project of its lineage, and a key that is the
same for two releases whose lineages have the same shape and licenses (whatever the
ids). `suggest` works out each distinct key once and renames the result for the
other releases that share it: a hub releasing 10,000 fine-tunes of three base models
on a handful of dataset licenses asks the solver about a few dozen releases."""

from __future__ import annotations

from dataclasses import replace

from clearance.model import Project


def lineage(project: Project, work: str) -> list[str]:
    """`work` and everything it is made from, depth first in the order the steps list their inputs."""
    order, seen, pending = [], {work}, [work]
    while pending:
        node = pending.pop()
        order.append(node)
        step = project.steps.get(node)
        for given in reversed(step.inputs if step else ()):
            if given.work not in seen:
                seen.add(given.work)
                pending.append(given.work)
    return order


def release_view(project: Project, index: int) -> tuple[Project, list[str], tuple]:
    """The sub-project of release `index` (its lineage; the release first, then every other release
    of a work in that lineage, which a fix must not take away), its lineage in canonical order, and
    the key of its shape: the types, licenses, forms, activities, roles and releases, without ids."""
    release = project.releases[index]
    order = lineage(project, release.work)
    inside = set(order)
    position = {node: number for number, node in enumerate(order)}
    others = tuple(planned for at, planned in enumerate(project.releases) if at != index and planned.work in inside)
    released = {planned.work for planned in others}
    shape = []
    for node in order:
        if node in project.works:
            work = project.works[node]
            shape.append(("work", work.type, work.alternatives, work.form, work.granted, node in released))
        else:
            step = project.steps[node]
            inputs = tuple((position[given.work], given.role, given.slot) for given in step.inputs)
            shape.append(("step", step.activity, step.type, step.form, step.license, inputs, node in released))
    releases = tuple((position[p.work], p.policy, p.form, p.license) for p in (release, *others))
    permissions = tuple(p for p in project.permissions if p.work in inside)
    sub = replace(project, works={k: v for k, v in project.works.items() if k in inside},
                  steps={k: v for k, v in project.steps.items() if k in inside},
                  releases=(release, *others), permissions=permissions, waivers=())
    return sub, order, (tuple(shape), releases)
