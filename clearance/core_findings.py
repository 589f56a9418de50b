"""The errors of one release, each from a minimal unsat core: a conflict among licenses (a core
without a goal), or a goal the licenses do not allow (Table 1), worded for a reader."""

from __future__ import annotations

from clearance.encodings import Label, ReleaseEncoding
from clearance.findings import Finding
from clearance.graph import ProjectGraph
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Release, Step, Work
from clearance.reasons import Explainer
from clearance.wording import POLICIES, RIGHTS, TERM_NAMES, released_as

GOAL_CODES = {"need": "rights-not-granted", "activity-need": "rights-not-granted", "forbidden": "rights-not-granted",
              "no-share": "cannot-share", "intended": "cannot-relicense", "release-license": "cannot-relicense",
              "unknown": "license-unknown"}
# The goals whose finding is about the work the goal names, not about the most restrictive component.
ABOUT_THE_GOALS_WORK = ("need", "activity-need", "forbidden", "no-share", "unknown")


class CoreFindings:
    """Turns the minimal cores of one release's analysis into findings, naming the licenses `explainer` knows."""

    def __init__(self, encoding: ReleaseEncoding, graph: ProjectGraph, kb: KnowledgeBase, release: Release,
                 explainer: Explainer) -> None:
        self.encoding, self.graph, self.kb, self.release, self.explainer = encoding, graph, kb, release, explainer

    def errors(self, conflicts: list[list[Label]], failed: list[tuple[Label, list[Label]]]) -> list[Finding]:
        """The finding of every conflict, then of every failed goal (with its core)."""
        return ([self.conflict(core) for core in conflicts]
                + [self.goal(goal, core) for goal, core in failed])

    def conflict(self, core: list[Label]) -> Finding:
        """The conflict among licenses a core without a goal stands for."""
        explainer = self.explainer
        components = _components(core)
        at = max((label.target for label in core if label.kind == "term"),
                 key=lambda w: self.encoding.works.index(w))
        work = self._blame(components) if components else at
        names = ", ".join(f"{w} ({explainer.license_of(w)})" for w in components)
        message = f"{at} cannot be licensed: the licenses of {names} conflict"
        path, elided = self.graph.path(work, self.release.work)
        return Finding("license-incompatible", self.release.work, work, explainer.license_of(work), message,
                       tuple(components), path, explainer.because(core), at=at, path_elided=elided,
                       core=tuple(core))

    def goal(self, goal: Label, core: list[Label]) -> Finding:
        """The finding of `goal` failing, with `core` (the goal and the labels it cannot hold with)."""
        components = _components(core)
        release = self.release
        if goal.kind in ABOUT_THE_GOALS_WORK:
            work = goal.work
        else:
            work = self._blame(components) if components else goal.work
        lic = self.explainer.license_of(work)
        right = goal.detail if goal.kind in ("need", "activity-need") else None
        activity = goal.detail if goal.kind in ("forbidden", "no-share") else None
        at = goal.target or None if goal.kind != "intended" else goal.work
        path, elided = self.graph.path(work, release.work)
        return Finding(GOAL_CODES[goal.kind], release.work, work, lic, self._goal_message(goal, work, lic),
                       tuple(components), path, self.explainer.because(core),
                       right=right, activity=activity, at=at, path_elided=elided, core=tuple(core))

    def _goal_message(self, goal: Label, work: str, lic: str | None) -> str:
        """What the finding of a failed goal says, `work` (under `lic`) being the work it is about."""
        release, project = self.release, self.graph.project
        if goal.kind == "need":
            form = released_as(release.form, project.type_of(release.work))
            return (f"{lic} of {work} does not grant {RIGHTS[goal.detail]}, which releasing {release.work} "
                    f"({POLICIES[release.policy]} {form}) needs")
        if goal.kind == "activity-need":
            return f"{lic} of {work} does not grant {RIGHTS[goal.detail]}, which making {goal.target} needs"
        if goal.kind == "forbidden":
            return f"{lic} of {work} forbids {TERM_NAMES[goal.detail]}, which making {goal.target} does"
        if goal.kind == "no-share":
            return (f"{lic} of {work} does not allow sharing the result of {TERM_NAMES[goal.detail]} "
                    f"({goal.target}), and {release.work} is {POLICIES[release.policy]}")
        if goal.kind == "unknown":
            return unknown_license_message(project.works.get(work) or project.steps[work], release.work)
        return f"{goal.work} cannot be licensed {goal.detail}: the licenses it is made from do not allow it"

    def _blame(self, components: list[str]) -> str:
        """The component whose license is the most restrictive among `components`."""
        rank = self.kb.risk_rank
        return max(components, key=lambda w: (rank.get(self.explainer.license_of(w) or "", -1), w))


def _components(core: list[Label]) -> list[str]:
    """The works whose declared license is in `core`."""
    return sorted({label.work for label in core if label.kind == "fact"})


def unknown_license_message(work: Work | Step, release: str) -> str:
    """What license-unknown says: whose license is unknown, and what to declare."""
    declared = getattr(work, "unknown_because", None) or (
        f"license: other, and the license_name '{work.license_name}' is not declared"
        if getattr(work, "license_name", None)
        else "declared as unknown, other or NOASSERTION")
    return (f"the license of {work.id} is unknown ({declared}), so {release} cannot be checked: declare it as a "
            f"known license id (see 'clearance licenses'), or define it under 'licenses:' in the project file "
            f"(or in --licenses DIR) and name it with license_name")
