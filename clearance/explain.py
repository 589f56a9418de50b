"""Every independent conflict of a project (`clearance explain`): the minimal
unsatisfiable subsets of each release's tracked constraints, each rendered as a
short chain of reasons from the components to the release choice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from clearance.analysis import DEFAULT_MUS_CAP, ReleaseAnalysis
from clearance.collector import without_collector
from clearance.findings import Finding
from clearance.graph import ProjectGraph
from clearance.grouping import group_project
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project, Release
from clearance.solver import SolverSettings


@dataclass(frozen=True)
class Conflict:
    """One minimal set of facts, license terms and release choices that cannot hold together."""

    release: str
    code: str
    work: str
    license: str | None
    message: str
    works: tuple[str, ...]
    because: tuple[str, ...]
    labels: tuple[str, ...]
    right: str | None = None
    activity: str | None = None
    group: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The JSON object of this conflict (clearance.reasons/1)."""
        data = {"release": self.release, "code": self.code, "work": self.work, "license": self.license,
                "message": self.message, "works": list(self.works), "because": list(self.because),
                "constraints": list(self.labels)}
        if self.right:
            data["right"] = self.right
        if self.activity:
            data["activity"] = self.activity
        if self.group:
            data["group"], data["count"] = list(self.group), len(self.group)
        return data


@dataclass
class ReleaseConflicts:
    """The conflicts of one release; `capped` when there may be more than were enumerated, and
    `stopped_by` the limit that stopped the enumeration: 'max' (`--max`) or 'budget' (`--budget`)."""

    release: Release
    conflicts: list[Conflict] = field(default_factory=list)
    capped: bool = False
    stopped_by: str | None = None


def _conflict(finding: Finding, labels: list) -> Conflict:
    return Conflict(finding.release, finding.code, finding.work, finding.license, finding.message,
                    finding.works, finding.because, tuple(label.name for label in labels), finding.right,
                    finding.activity, finding.group)


@without_collector
def explain(project: Project, kb: KnowledgeBase, settings: SolverSettings | None = None,
            cap: int = DEFAULT_MUS_CAP, progress: Callable[[str], None] | None = None) -> list[ReleaseConflicts]:
    """Enumerate the minimal unsatisfiable subsets of every release (at most `cap` each)."""
    settings = settings or SolverSettings()
    kb = kb.under(project.reading).for_project(project)  # then its custom licenses and expressions'
    grouping = group_project(project)
    graph = ProjectGraph(grouping.project, kb)
    explained = []
    for number, release in enumerate(grouping.project.releases, 1):
        if progress:
            progress(f"explaining release {number} of {len(project.releases)} ({release.work})")
        analysis = ReleaseAnalysis(graph, kb, release, settings, cap)
        analysis.run()  # determines the licenses the sentences name
        muses, capped = analysis.problem.muses(analysis.problem.labels, cap)
        conflicts = [(grouping.expand_finding(analysis.finding_for(mus)), mus) for mus in muses]
        conflicts.sort(key=lambda pair: (pair[0].sort_key(), [label.name for label in pair[1]]))
        explained.append(ReleaseConflicts(release, [_conflict(f, mus) for f, mus in conflicts], capped,
                                          analysis.problem.stopped_by if capped else None))
    return explained
