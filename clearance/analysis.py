"""The analysis: license determination and release validation on Z3 (the paper's
three phases), every finding of Table 1, per release."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import z3

from clearance.collector import without_collector
from clearance.determination import Determined, determine, largest_consistent
from clearance.encodings import Label, ReleaseEncoding, encode_release
from clearance.encodings.proliferation import reached_terms
from clearance.encodings.release import distributes
from clearance.findings import RESTRICTION_CODES, Finding, fold_unknown, one_per_cause
from clearance.graph import ProjectGraph
from clearance.grouping import Grouping, group_project
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project, Release
from clearance.reasons import Explainer
from clearance.solver import SolverSettings, TrackedProblem, fresh_context
from clearance.waivers import apply_waivers, unused_waivers
from clearance.wording import POLICIES, RIGHTS, TERM_NAMES, made_from, released_as

GOAL_CODES = {"need": "rights-not-granted", "activity-need": "rights-not-granted", "forbidden": "rights-not-granted",
              "no-share": "cannot-share", "intended": "cannot-relicense", "release-license": "cannot-relicense",
              "unknown": "license-unknown"}
DEFAULT_MUS_CAP = 50


@dataclass
class ReleaseResult:
    """The outcome of one release: its verdict, licenses and findings."""

    release: Release
    license: str | None
    licenses: dict[str, str | None]
    findings: list[Finding]
    conflicts_capped: bool = False
    # How each derived work's license is determined (clearance/determination.py).
    determined: dict[str, Determined] = field(default_factory=dict)

    @property
    def determination(self) -> Determined | None:
        """How the released work's license is determined (None for a reused work released as it is)."""
        return self.determined.get(self.release.work)

    @property
    def compliant(self) -> bool:
        """True when no finding is an error (that no waiver accepts)."""
        return not any(f.blocks for f in self.findings)


@dataclass
class Report:
    """The analysis of a whole project."""

    project: Project
    releases: list[ReleaseResult] = field(default_factory=list)

    @property
    def reading(self) -> str:
        """The reading of the license texts the analysis used (text or paper)."""
        return self.project.reading

    @property
    def compliant(self) -> bool:
        """True when every release is compliant."""
        return all(result.compliant for result in self.releases)

    @property
    def licenses(self) -> dict[str, str | None]:
        """The determined license of every derived work (first release that reaches it)."""
        merged: dict[str, str | None] = {}
        for result in self.releases:
            for work, lic in result.licenses.items():
                merged.setdefault(work, lic)
        return dict(sorted(merged.items()))

    @property
    def findings(self) -> list[Finding]:
        """Every finding, release by release."""
        return [f for result in self.releases for f in result.findings]


class ReleaseAnalysis:
    """Runs the three phases for one release."""

    def __init__(self, graph: ProjectGraph, kb: KnowledgeBase, release: Release, settings: SolverSettings,
                 cap: int = DEFAULT_MUS_CAP) -> None:
        self.graph, self.kb, self.release, self.cap = graph, kb, release, cap
        self.encoding: ReleaseEncoding = encode_release(graph, kb, release)
        self.problem = TrackedProblem(self.encoding.background, self.encoding.constraints, settings)
        self.conflicts: list[list[Label]] = []
        self.failed: list[tuple[Label, list[Label]]] = []
        self.capped = False
        self.chosen: dict[str, str] = {}
        self.explainer = Explainer(self.encoding, {})

    def run(self) -> ReleaseResult:
        """Determine licenses, validate the release, and collect every finding."""
        self.is_compliant()  # first, so that a verdict asked before `run` leaves the same solver history
        labels = self.problem.labels
        knowledge = [label for label in labels if not label.is_goal]
        usable = self._separate_conflicts(knowledge)
        granted = self._check_goals(usable, [label for label in labels if label.is_goal])
        chosen = self._least_risk(usable + granted)
        undetermined = {label.target for core in self.conflicts for label in core if label.kind == "term"}
        licenses = {work: (None if work in undetermined else chosen.get(work))
                    for work in self.encoding.works if not self.graph.is_original(work)}
        licenses.update(self._declared_unknown())
        explainer = Explainer(self.encoding, {**chosen, **licenses})
        self.chosen, self.explainer = chosen, explainer
        findings = fold_unknown(one_per_cause(self._errors(explainer)) + self._other_findings(chosen),
                                self.kb.is_unknown)
        unique = {(f.code, f.work, f.right, f.activity, f.at): f for f in sorted(findings, key=Finding.sort_key)}
        ordered = sorted(unique.values(), key=Finding.sort_key)
        determined = self._determined(chosen, undetermined)
        headline = determined.get(self.release.work)
        lic = headline.license if headline else licenses.get(self.release.work, chosen.get(self.release.work))
        return ReleaseResult(self.release, lic, licenses, ordered, self.capped, determined)

    def _determined(self, chosen: dict[str, str], undetermined: set[str]) -> dict[str, Determined]:
        """How each derived work's license is determined; under a conflict, the license the largest
        consistent part of the terms requires (MaxSAT over the tracked labels)."""
        conflicting = largest_consistent(self, undetermined) if undetermined else {}
        proliferation, order, steps = self.encoding.proliferation, self.kb.risk_order(), self.graph.project.steps
        first = {work: licenses[0] for work, licenses in conflicting.items()}
        return {work: determine(self.graph, self.kb, proliferation.triggers_into(work),
                                {**chosen, **first} if work in undetermined else chosen, work,
                                conflicting.get(work, ()) if work in undetermined else (), order,
                                bool(steps[work].license or (work == self.release.work and self.release.license)))
                for work in self.encoding.works if not self.graph.is_original(work)
                and (work in chosen or work in conflicting)}

    def _declared_unknown(self) -> dict[str, str]:
        """The made works declared under a license nobody knows: that is their license (whatever
        their sources would allow, their recipients get unknown terms)."""
        steps = self.graph.project.steps
        return {work: steps[work].license for work in self.encoding.works
                if work in steps and steps[work].license and self.kb.is_unknown(steps[work].license)}

    def is_compliant(self) -> bool:
        """The verdict alone: every license, term and goal can hold together."""
        return self.problem.is_sat(self.problem.labels)

    def finding_for(self, core: list[Label]) -> Finding:
        """The error a minimal unsat core stands for (after `run`): a failed goal, or a
        conflict among licenses when the core holds no goal."""
        goals = [label for label in core if label.is_goal]
        if not goals:
            return self._conflict_finding(core, self.explainer)
        return self._goal_finding(max(goals), core, self.explainer)

    def _separate_conflicts(self, knowledge: list[Label]) -> list[Label]:
        """License determination: every conflict among declared licenses and triggered terms
        (each a minimal core), and the knowledge that remains usable without them."""
        if self.problem.is_sat(knowledge):
            return knowledge
        self.conflicts, self.capped = self.problem.muses(knowledge, self.cap)
        dropped = {label for core in self.conflicts for label in core if label.kind == "term"}
        usable = [label for label in knowledge if label not in dropped]
        while not self.problem.is_sat(usable):
            core = self.problem.minimal_core(usable)
            self.conflicts.append(core)
            usable = [label for label in usable if label not in core or label.kind != "term"]
        return usable

    def _check_goals(self, usable: list[Label], goals: list[Label]) -> list[Label]:
        """Release validation: each goal alone against the usable knowledge, then all together."""
        if self.problem.is_sat(usable + goals):
            return list(goals)  # the common case: one check instead of one per goal
        with self.problem.holding(usable):
            granted = self.problem.each_satisfiable(goals)
        cores: dict[int, list[Label]] = {}  # a goal's core, without it, by its constraint's term
        for goal in goals:
            if goal not in granted:
                term = self.problem.same_as(goal)
                if term not in cores:
                    cores[term] = [label for label in self.problem.minimal_core([*usable, goal]) if label != goal]
                # The same constraint fails with the same labels: that core, with this goal, is minimal too.
                self.failed.append((goal, sorted([*cores[term], goal])))
        while not self.problem.is_sat(usable + granted):
            # Goals that hold one by one but not together: a choice among alternatives conflicts.
            core = self.problem.minimal_core(usable + granted)
            goal = max(label for label in core if label.is_goal)
            granted.remove(goal)
            self.failed.append((goal, core))
        return granted

    def least_risk(self, labels: list[Label]) -> dict[str, str]:
        """Each work's license under `labels`: the least risky choice, decided in topological order."""
        return self._least_risk(labels)

    def _least_risk(self, labels: list[Label]) -> dict[str, str]:
        """Each work's license: the least risky choice, decided in topological order (lexicographic)."""
        encoding, problem = self.encoding, self.problem
        if not problem.is_sat(labels):
            return {}
        model = problem.model()  # invariant: satisfies `labels` and the choices made so far
        with problem.holding(labels):
            for work in encoding.works:
                model = self._least_risk_of(work, model)
        return encoding.chosen(model)

    def _least_risk_of(self, work: str, model: z3.ModelRef) -> z3.ModelRef:
        """Fix `work` to its least risky license that can hold with the choices made so far."""
        encoding, problem = self.encoding, self.problem
        domain = encoding.domains[work]
        if len(domain) == 1:
            return model  # nothing to choose (and nothing to read from the model)
        if self.graph.is_original(work):
            # A reused work is pinned by its declaration unless it offers a choice.
            declared = [lic for lic in domain if lic in self.graph.project.works[work].alternatives]
            if len(declared) == 1:
                return model
            domain = tuple(declared)
        # The model bounds the search from above; most works end up under the first license.
        low, high = 0, domain.index(encoding.license_in(model, work))
        while low < high:
            middle = low if low == 0 and high > 1 else (low + high) // 2
            if problem.is_sat([], [encoding.one_of(work, domain[: middle + 1])]):
                high, model = middle, problem.model()
            else:
                low = middle + 1
        problem.add(encoding.is_license(work, domain[low]))
        return model

    def _errors(self, explainer: Explainer) -> list[Finding]:
        findings = []
        for core in self.conflicts:
            findings.append(self._conflict_finding(core, explainer))
        for goal, core in self.failed:
            findings.append(self._goal_finding(goal, core, explainer))
        return findings

    def _components(self, core: list[Label]) -> list[str]:
        return sorted({label.work for label in core if label.kind == "fact"})

    def _blame(self, components: list[str], explainer: Explainer) -> str:
        """The component whose license is the most restrictive among `components`."""
        rank = self.kb.risk_rank
        return max(components, key=lambda w: (rank.get(explainer.license_of(w) or "", -1), w))

    def _conflict_finding(self, core: list[Label], explainer: Explainer) -> Finding:
        components = self._components(core)
        at = max((label.target for label in core if label.kind == "term"),
                 key=lambda w: self.encoding.works.index(w))
        work = self._blame(components, explainer) if components else at
        names = ", ".join(f"{w} ({explainer.license_of(w)})" for w in components)
        message = f"{at} cannot be licensed: the licenses of {names} conflict"
        path, elided = self.graph.path(work, self.release.work)
        return Finding("license-incompatible", self.release.work, work, explainer.license_of(work), message,
                       tuple(components), path, explainer.because(core), at=at, path_elided=elided,
                       core=tuple(core))

    def _goal_finding(self, goal: Label, core: list[Label], explainer: Explainer) -> Finding:
        code = GOAL_CODES[goal.kind]
        components = self._components(core)
        release = self.release
        if goal.kind in ("need", "activity-need", "forbidden", "no-share", "unknown"):
            work = goal.work
        else:
            work = self._blame(components, explainer) if components else goal.work
        lic = explainer.license_of(work)
        right = goal.detail if goal.kind in ("need", "activity-need") else None
        activity = goal.detail if goal.kind in ("forbidden", "no-share") else None
        if goal.kind == "need":
            form = released_as(release.form, self.graph.project.type_of(release.work))
            message = (f"{lic} of {work} does not grant {RIGHTS[goal.detail]}, which releasing {release.work} "
                       f"({POLICIES[release.policy]} {form}) needs")
        elif goal.kind == "activity-need":
            message = f"{lic} of {work} does not grant {RIGHTS[goal.detail]}, which making {goal.target} needs"
        elif goal.kind == "forbidden":
            message = f"{lic} of {work} forbids {TERM_NAMES[goal.detail]}, which making {goal.target} does"
        elif goal.kind == "no-share":
            message = (f"{lic} of {work} does not allow sharing the result of {TERM_NAMES[goal.detail]} "
                       f"({goal.target}), and {release.work} is {POLICIES[release.policy]}")
        elif goal.kind == "unknown":
            message = unknown_license_message(self.graph.project.works.get(work) or self.graph.project.steps[work],
                                              release.work)
        else:
            message = f"{goal.work} cannot be licensed {goal.detail}: the licenses it is made from do not allow it"
        at = goal.target or None if goal.kind != "intended" else goal.work
        path, elided = self.graph.path(work, release.work)
        return Finding(code, release.work, work, lic, message, tuple(components), path, explainer.because(core),
                       right=right, activity=activity, at=at, path_elided=elided, core=tuple(core))

    def _other_findings(self, chosen: dict[str, str]) -> list[Finding]:
        """Warnings, notices and restrictions (Table 1): read off the graph and the chosen licenses."""
        kb, graph, release = self.kb, self.graph, self.release
        project = graph.project
        scope = set(self.encoding.scope)
        found: list[Finding] = []
        mismatched: dict[tuple[str, str], list[str]] = {}

        def add(code: str, work: str, lic_id: str, message: str, because: tuple[str, ...], **extra) -> None:
            path, elided = graph.path(work, release.work)
            found.append(Finding(code, release.work, work, lic_id, message, (work,), path, because,
                                 path_elided=elided, **extra))

        for work in sorted(scope):
            if not graph.is_original(work) or work not in chosen:
                continue
            lic = kb.licenses[chosen[work]]
            fact = f"{work} is licensed {lic.id}"
            if lic.copyleft:
                add("copyleft", work, lic.id, f"{lic.id} of {work} is a copyleft license",
                    (fact, f"{lic.id} is copyleft ({lic.family})"))
            if lic.revocable:
                add("revocable", work, lic.id, f"the rights {lic.id} grants for {work} are revocable",
                    (fact, f"{lic.id}: {lic.clauses.get('revocable', 'the grant is not irrevocable')}"))
            if not lic.public:
                add("not-public", work, lic.id, f"{lic.id} of {work} is not a public license",
                    (fact, f"{lic.id} is not publicly offered"))
            work_type = project.works[work].type
            if work_type not in lic.types:
                mismatched.setdefault((lic.id, work_type), []).append(work)
            if release.policy != "personal" and release.form in lic.source_required_for:
                add("disclose-source", work, lic.id,
                    f"{lic.id} of {work} requires the source of {release.work} to be offered when it is released "
                    f"{released_as(release.form, project.type_of(release.work))}",
                    (fact, f"{lic.id}: {lic.clauses.get('source_required_for', '')}",
                     f"{release.work} is released {released_as(release.form, project.type_of(release.work))}"))
            if distributes(lic, release):
                for obligation in lic.distribution_obligations:
                    if obligation in ("include-license", "include-notice", "state-changes"):
                        add(obligation, work, lic.id, _obligation_text(obligation, work, lic.id),
                            (fact, f"{lic.id}: {lic.distribution_clause}"))
        for (lic_id, work_type), works in sorted(mismatched.items()):
            found.append(self._type_mismatch(kb.licenses[lic_id], work_type, works))
        reached = reached_terms(graph, self.encoding.works, scope.__contains__,
                                lambda work, edge, term: graph.is_original(work) and work in chosen
                                and graph.reaches(chosen[work], edge, term))
        for part in self.encoding.works:
            if not graph.is_original(part) or part not in chosen:
                continue
            lic = kb.licenses[chosen[part]]
            for (term_name, result_type), (edge, scoped, through) in sorted(reached[part].items()):
                term = lic.terms[term_name].for_result_type(result_type)
                how = made_from(edge.source, edge.target, edge.activity, edge.role, edge.term)
                if part != edge.source:
                    how = f"{part} {'went into' if through else 'is part of'} {edge.source}, and {how}"
                because = (f"{part} is licensed {lic.id}", how, f"{lic.id}: {term.clause}")
                if term.result == "undefined":
                    add("rights-not-explicit", part, lic.id,
                        f"{lic.id} of {part} does not explicitly grant {TERM_NAMES[term_name]} ({edge.target})",
                        because, activity=term_name)
                for restriction in term.restrictions:
                    code = RESTRICTION_CODES[restriction]
                    add(code, part, lic.id, _restriction_text(restriction, release.work, part, lic.id), because)
                if part in scope and scoped and distributes(lic, release):
                    for obligation in term.obligations:
                        if obligation != "disclose-source":
                            add(obligation, part, lic.id, _obligation_text(obligation, part, lic.id), because)
        return found


    def _type_mismatch(self, lic, work_type: str, works: list[str]) -> Finding:
        """One finding per license and work type, whatever the number of works under it. A software
        license on a model is the paper's own case for it, and common: a notice, not a warning."""
        shown = ", ".join(works[:3]) + (f" and {len(works) - 3} more" if len(works) > 3 else "")
        one, many = {"data": ("a dataset", "datasets"), "model": ("a model", "models")}.get(
            work_type, (work_type, work_type))
        verb, kind = ("is", one) if len(works) == 1 else ("are", many)
        path, elided = self.graph.path(works[0], self.release.work)
        because = (f"{works[0]} is licensed {lic.id}", f"{lic.id} is written for {', '.join(lic.types)}",
                   f"{works[0]} is {work_type}")
        level = "notice" if work_type == "model" and "software" in lic.types else None
        return Finding("license-type-mismatch", self.release.work, works[0], lic.id,
                       f"{lic.id} is written for {', '.join(lic.types)}, but {shown} {verb} {kind}", tuple(works),
                       path, because, path_elided=elided, group=tuple(works) if len(works) > 1 else (), level=level)


def _restriction_text(restriction: str, released: str, work: str, lic_id: str) -> str:
    return {
        "use-behavioral": f"{released} must comply with the use restrictions of {lic_id} ({work})",
        "runtime": f"{released} must comply with the runtime restrictions of {lic_id} ({work})",
        "pass-on-terms": f"whoever receives {released} must get the terms of {lic_id} ({work}) and its use policy",
        "attribution-display": f"{released} must display the attribution {lic_id} asks for ({work})",
        "name-prefix": f"a model made from {work} and made available must be named as {lic_id} says",
        "user-threshold": f"above the user threshold of {lic_id} ({work}) a separate license is needed",
    }[restriction]


def unknown_license_message(work, release: str) -> str:
    """What license-unknown says: whose license is unknown, and what to declare."""
    declared = getattr(work, "unknown_because", None) or (
        f"license: other, and the license_name '{work.license_name}' is not declared"
        if getattr(work, "license_name", None)
        else "declared as unknown, other or NOASSERTION")
    return (f"the license of {work.id} is unknown ({declared}), so {release} cannot be checked: declare it as a "
            f"known license id (see 'clearance licenses'), or define it under 'licenses:' in the project file "
            f"(or in --licenses DIR) and name it with license_name")


def _obligation_text(obligation: str, work: str, lic_id: str) -> str:
    return {
        "state-changes": f"state the changes made to {work}, as {lic_id} requires",
        "include-license": f"include the license text of {work} ({lic_id})",
        "include-notice": f"keep the copyright, attribution and other notices of {work} ({lic_id})",
    }[obligation]


@without_collector
def release_compliant(project: Project, kb: KnowledgeBase, index: int, settings: SolverSettings | None = None) -> bool:
    """The verdict on release number `index` of `project` alone (no findings): the same
    answer as `analyze(...).releases[index].compliant`, in one solver call."""
    fresh_context()
    kb = kb.under(project.reading).for_project(project)  # then its custom licenses and expressions'
    reduced = group_project(project).project
    graph = ProjectGraph(reduced, kb)
    return ReleaseAnalysis(graph, kb, reduced.releases[index], settings or SolverSettings()).is_compliant()


@without_collector
def analyze(project: Project, kb: KnowledgeBase, settings: SolverSettings | None = None,
            cap: int = DEFAULT_MUS_CAP, group: bool = True, progress: Callable[[str], None] | None = None,
            today: date | None = None, findings_when_compliant: bool = True) -> Report:
    """Analyse every release of `project`. With `group`, interchangeable works are analysed once
    (clearance/grouping.py); every finding then lists all the works it stands for. `progress`
    is told which release is being analysed. The project's waivers apply on `today` (by default,
    the date of the run). Without `findings_when_compliant`, a release found compliant by its first
    check gets no findings of the analysis (an audit reads only the verdict of those); the others,
    and every verdict, are as with it."""
    settings = settings or SolverSettings()
    fresh_context()  # the answer must not depend on what this process analysed before
    kb = kb.under(project.reading).for_project(project)  # then its custom licenses and expressions'
    grouping = group_project(project) if group else Grouping(project, {})
    graph = ProjectGraph(grouping.project, kb)
    report = Report(project)
    for number, release in enumerate(grouping.project.releases, 1):
        if progress:
            progress(f"checking release {number} of {len(project.releases)} ({release.work})")
        analysis = ReleaseAnalysis(graph, kb, release, settings, cap)
        if not findings_when_compliant and analysis.is_compliant():
            result = ReleaseResult(release, None, {}, [])
        else:
            result = analysis.run()
        if grouping.members:
            result.findings = [grouping.expand_finding(f) for f in result.findings]
            result.licenses = grouping.expand_licenses(result.licenses)
        result.findings += _metadata_findings(project, release.work)
        report.releases.append(result)
    if project.waivers:
        used: set = set()
        for result in report.releases:
            result.findings = apply_waivers(project, result.release, result.findings, today or date.today(), used)
        for result in report.releases:
            result.findings = sorted(result.findings + unused_waivers(project, result.release, used),
                                     key=Finding.sort_key)
    return report


def _metadata_findings(project: Project, release: str) -> list[Finding]:
    """Warnings a metadata reader raised about the metadata itself (a card and its adapter config
    disagreeing): shown on every release, as the analysis cannot tell which one they matter to."""
    found = []
    for code, work, message in project.source_warnings:
        lic = project.works[work].license if work in project.works else None
        found.append(Finding(code, release, work, lic, message, works=(work,)))
    return found
