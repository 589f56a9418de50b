"""The lineage of a project as the graph renderers draw it (SVG, DOT, Mermaid): one node per work,
labelled with its license and coloured by the license's family, one link per work given to a step,
and the works and links that the errors of a report rest on."""

from __future__ import annotations

from dataclasses import dataclass, field

from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project

UNDETERMINED = "undetermined"  # the family shown for a derived work whose license is in conflict
CHOICE = "choice"  # a reused work offered under several licenses of different families


@dataclass(frozen=True)
class Node:
    """A reused work (`kind` "work") or the result of a step (`kind` "step")."""

    id: str
    kind: str
    type: str
    license: str
    family: str
    activity: str | None = None
    released: bool = False

    @property
    def subtitle(self) -> str:
        """The second line of the node's label: its license, and for a step the activity that made it."""
        return f"{self.activity}: {self.license}" if self.activity else self.license


@dataclass(frozen=True)
class Link:
    """A work (`source`) given to the step that makes `target`, in a role (mix, sub, aux)."""

    source: str
    target: str
    role: str
    activity: str


@dataclass(frozen=True)
class Marks:
    """What the errors of a report point at: works (with the codes of their errors) and links."""

    works: dict[str, tuple[str, ...]] = field(default_factory=dict)
    links: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Lineage:
    """Nodes in a stable order (reused works, then steps, each by id) and links in the order of the steps."""

    title: str
    nodes: tuple[Node, ...]
    links: tuple[Link, ...]


def _family(kb: KnowledgeBase, license_ids: tuple[str, ...]) -> str:
    families = {kb.licenses[lic].family for lic in license_ids if lic in kb.licenses}
    if len(families) == 1:
        return families.pop()
    return CHOICE if families else UNDETERMINED


def lineage_of(project: Project, kb: KnowledgeBase, licenses: dict[str, str | None] | None = None,
               free: frozenset[str] = frozenset()) -> Lineage:
    """The lineage of `project`; `licenses` are the determined licenses of derived works (a report's),
    where a work missing from it shows the license its step intends, if any. A work in `free` has no
    license imposed on it: it shows 'your choice' (coloured as its least restrictive license)."""
    licenses = licenses or {}
    released = {release.work for release in project.releases}
    nodes = []
    for work in sorted(project.works.values(), key=lambda w: w.id):
        shown = " OR ".join(work.alternatives) if work.alternatives else work.license
        nodes.append(Node(work.id, "work", work.type, shown, _family(kb, work.alternatives or (work.license,)),
                          released=work.id in released))
    for step in sorted(project.steps.values(), key=lambda s: s.id):
        if step.id in licenses:
            lic = licenses[step.id]
            shown, family = (lic, _family(kb, (lic,))) if lic else ("no license (conflict)", UNDETERMINED)
            if lic and step.id in free:
                shown = "your choice"
        elif step.license:
            shown, family = step.license, _family(kb, (step.license,))
        else:
            shown, family = "derived", UNDETERMINED
        nodes.append(Node(step.id, "step", step.type, shown, family, step.activity, step.id in released))
    links = {}
    for step in sorted(project.steps.values(), key=lambda s: s.id):
        for given in step.inputs:
            links.setdefault((given.work, step.id, given.role), Link(given.work, step.id, given.role, step.activity))
    return Lineage(project.name, tuple(nodes), tuple(links.values()))


def marks_of(report) -> Marks:
    """The works each error of `report` (a clearance.analysis.Report) rests on, and the links of its path."""
    works: dict[str, set[str]] = {}
    steps: set[tuple[str, str]] = set()
    for finding in report.findings:
        if not finding.is_error:
            continue
        for work in {finding.work, *finding.works, *finding.group, *((finding.at,) if finding.at else ())}:
            works.setdefault(work, set()).add(finding.code)
        path = finding.path
        for source, target in zip(path, path[1:], strict=False):
            steps.add((source, target))
        if len(path) > 1:  # the other works of a group stand where the first one does
            steps.update((member, path[1]) for member in finding.group)
    return Marks({work: tuple(sorted(codes)) for work, codes in sorted(works.items())}, frozenset(steps))
