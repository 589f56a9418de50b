"""The analysis: license determination and release validation on Z3 (the paper's
three phases), every finding of Table 1, per release. The least risky licenses are chosen in
clearance/least_risk.py; the findings are worded in clearance/core_findings.py (errors, from minimal
cores) and clearance/graph_findings.py (warnings, notices and restrictions, from the graph and the
chosen licenses)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from clearance.collector import without_collector
from clearance.core_findings import ABOUT_THE_GOALS_WORK, CoreFindings
from clearance.determination import Determined, determined_licenses
from clearance.encodings import Label, ReleaseEncoding, encode_release
from clearance.findings import Finding, fold_unknown, one_per_cause
from clearance.graph import ProjectGraph
from clearance.graph_findings import graph_findings
from clearance.grouping import Grouping, group_project
from clearance.knowledge_base import KnowledgeBase
from clearance.least_risk import least_risk
from clearance.model import Project, Release
from clearance.reasons import Explainer
from clearance.solver import SolverSettings, TrackedProblem, fresh_context
from clearance.waivers import apply_waivers, unused_waivers

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
    """Runs the three phases for one release: license determination (the conflicts among licenses),
    release validation (the goals that fail) and the least risky licenses; then collects its findings."""

    def __init__(self, graph: ProjectGraph, kb: KnowledgeBase, release: Release, settings: SolverSettings,
                 cap: int = DEFAULT_MUS_CAP) -> None:
        self.graph, self.kb, self.release, self.cap = graph, kb, release, cap
        self.encoding: ReleaseEncoding = encode_release(graph, kb, release)
        self.problem = TrackedProblem(self.encoding.background, self.encoding.constraints, settings)
        self.conflicts: list[list[Label]] = []
        self.failed: list[tuple[Label, list[Label]]] = []
        self.capped = False
        # The terms of works under a license nobody knows, when the knowledge conflicts (below,
        # `_separate_conflicts`): they take no part in determining licenses.
        self.set_aside: set[Label] = set()
        self.chosen: dict[str, str] = {}
        self.explainer = Explainer(self.encoding, {})

    def run(self, determinations: bool = True, errors_only: bool = False) -> ReleaseResult:
        """Determine licenses, validate the release, and collect every finding; without
        `determinations`, the result says not how each license is determined (`determined`). With
        `errors_only`, the result holds the errors alone (no other finding, no licenses): the same
        errors, the least risky licenses being determined only if their wording names one."""
        self.is_compliant()  # first, so that a verdict asked before `run` leaves the same solver history
        labels = self.problem.labels
        usable = self._separate_conflicts([label for label in labels if not label.is_goal])
        granted = self._check_goals(usable, [label for label in labels if label.is_goal])
        undetermined = {label.target for core in self.conflicts for label in core if label.kind == "term"}
        undetermined |= {label.target for label in self.set_aside}
        if errors_only:
            # No solver question comes between here and the wording's first need of a determined
            # license, so the third phase then runs in the solver state it runs in below.
            known = _Later(lambda: self._known(usable + granted, undetermined)[1],
                           self._known_without_solving(undetermined))
            self.explainer = Explainer(self.encoding, known)
            errors = self._errors()
            known.close()  # its function holds this analysis: no cycle keeps the solver alive for the collector
            return ReleaseResult(self.release, None, {}, errors, self.capped, {})
        chosen, known = self._known(usable + granted, undetermined)
        licenses = {work: known[work] for work in self.encoding.works if not self.graph.is_original(work)}
        self.chosen, self.explainer = chosen, Explainer(self.encoding, known)
        findings = self._findings(chosen)
        determined = determined_licenses(self, chosen, undetermined) if determinations else {}
        headline = determined.get(self.release.work)
        lic = headline.license if headline else licenses.get(self.release.work, chosen.get(self.release.work))
        return ReleaseResult(self.release, lic, licenses, findings, self.capped, determined)

    def _known(self, labels: list[Label], undetermined: set[str]) -> tuple[dict[str, str], dict[str, str | None]]:
        """(the least risky license of each work under `labels`, the licenses the wording names: those,
        but none for an `undetermined` made work, and its own for a made work declared unknown)."""
        chosen = self._least_risk(labels)
        known: dict[str, str | None] = dict(chosen)
        known.update({work: chosen.get(work) for work in self.encoding.works if not self.graph.is_original(work)})
        known.update(self._known_without_solving(undetermined))
        return chosen, known

    def _known_without_solving(self, undetermined: set[str]) -> dict[str, str | None]:
        """The entries of `_known`'s licenses that do not come from the least risky choices: a made
        work declared unknown has its own license, another `undetermined` made work none."""
        known: dict[str, str | None] = {work: None for work in self.encoding.works
                                        if work in undetermined and not self.graph.is_original(work)}
        known.update(self._declared_unknown())
        return known

    def _findings(self, chosen: dict[str, str]) -> list[Finding]:
        """Every finding of the release once (after the phases), in report order: the errors of the
        cores (one per cause), and what the graph and the `chosen` licenses tell."""
        others = graph_findings(self.encoding, self.graph, self.kb, self.release, chosen)
        return self._errors(others)

    def _errors(self, others: list[Finding] = ()) -> list[Finding]:
        """The errors of the cores, one per cause, with `others` (none of them an error), folded
        and in report order. A graph finding is never an error and folds into a license-unknown
        error without removing one, so the errors are the same with or without them."""
        errors = self._core_findings().errors(self.conflicts, self.failed)
        findings = fold_unknown(one_per_cause(errors) + list(others), self.kb.is_unknown)
        unique = {(f.code, f.work, f.right, f.activity, f.at): f for f in sorted(findings, key=Finding.sort_key)}
        return sorted(unique.values(), key=Finding.sort_key)

    def _core_findings(self) -> CoreFindings:
        """The findings of cores, worded with the licenses known so far."""
        return CoreFindings(self.encoding, self.graph, self.kb, self.release, self.explainer)

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
            return self._core_findings().conflict(core)
        return self._core_findings().goal(max(goals), core)

    def knowledge(self) -> list[Label]:
        """The declarations and terms license determination works with (after `run`): every one,
        but the terms of a license nobody knows when the knowledge conflicts (`set_aside`)."""
        return [label for label in self.problem.labels if not label.is_goal and label not in self.set_aside]

    def _separate_conflicts(self, knowledge: list[Label]) -> list[Label]:
        """License determination: every conflict among declared licenses and triggered terms
        (each a minimal core), and the knowledge that remains usable without them.

        When the knowledge conflicts, the terms of works under a license nobody knows are set
        aside first. Read as granting nothing and keeping every result under its unknown terms,
        such a license "conflicts" with every other license along every path its terms reach:
        those conflicts are its one license-unknown error, not facts about the known licenses;
        enumerating them is exponential in the paths, and dropping every term they hold would
        hide the conflicts among the known licenses (a Llama fine-tune declared Apache-2.0 is
        cannot-relicense whatever else it was trained on). The works those terms reach are
        undetermined, as the targets of conflicting terms are."""
        if self.problem.is_sat(knowledge):
            return knowledge
        self.set_aside = self._unknown_terms(knowledge)
        if self.set_aside:
            knowledge = [label for label in knowledge if label not in self.set_aside]
        self.conflicts, self.capped = self.problem.muses(knowledge, self.cap)
        dropped = {label for core in self.conflicts for label in core if label.kind == "term"}
        usable = [label for label in knowledge if label not in dropped]
        while not self.problem.is_sat(usable):
            core = self.problem.minimal_core(usable)
            self.conflicts.append(core)
            usable = [label for label in usable if label not in core or label.kind != "term"]
        return usable

    def _unknown_terms(self, knowledge: list[Label]) -> set[Label]:
        """The term labels of reused works whose every declared alternative is a license nobody knows."""
        works = self.graph.project.works
        unknown = {work for work in {label.work for label in knowledge if label.kind == "fact"}
                   if all(self.kb.is_unknown(lic) for lic in works[work].alternatives)}
        return {label for label in knowledge if label.kind == "term" and label.work in unknown}

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
                    cores[term] = [label for label in self._goal_core(usable, goal) if label != goal]
                # The same constraint fails with the same labels: that core, with this goal, is minimal too.
                self.failed.append((goal, sorted([*cores[term], goal])))
        while not self.problem.is_sat(usable + granted):
            # Goals that hold one by one but not together: a choice among alternatives conflicts.
            goal, core = self._first_to_fail(usable, sorted(granted))
            granted.remove(goal)
            self.failed.append((goal, core))
        return granted

    def _first_to_fail(self, usable: list[Label], goals: list[Label]) -> tuple[Label, list[Label]]:
        """Of `goals` (sorted), which hold one by one but not all together with `usable`: the goal
        whose addition to the goals before it fails first, with its core among them (`_goal_core`).
        It is the largest goal of every minimal core of those goals, found by the answers of
        checks alone (a binary search), never by which core z3 gives."""
        low, high = 0, len(goals) - 1  # goals[:high + 1] fail together; goals[:low] hold
        while low < high:
            middle = (low + high) // 2
            if self.problem.is_sat(usable + goals[:middle + 1]):
                low = middle + 1
            else:
                high = middle
        return goals[low], self._goal_core(usable + goals[:low], goals[low])

    def _goal_core(self, usable: list[Label], goal: Label) -> list[Label]:
        """A minimal core of the failing `goal` with the `usable` knowledge, whose works are the
        licenses' doing, not z3's choice (so the same in any z3 context).

        A goal about its own work names that work whatever the core (clearance/core_findings.py).
        A goal that names the most restrictive work of its core (cannot-relicense) has the works of
        its core chosen first: the declarations are left out one by one for as long as the goal
        still fails without them, those of a license nobody knows first (a known license that stops
        the goal is an error of its own, which would otherwise fold into the unknown one's), then
        the least restrictive (by risk; of equal licenses, the last by work). Every minimal core of
        what remains holds exactly the declarations that remain. So where two works each stop the
        goal (Llama models on two paths into a merge), the error names the more restrictive one,
        of equals the first by work."""
        if goal.kind in ABOUT_THE_GOALS_WORK:
            return self.problem.minimal_core([*usable, goal], any_core_serves=True)
        rank, unknown = self.kb.risk_rank, self.kb.is_unknown
        kept = list(usable)
        # Of equal licenses, the last by work is left out first (a stable sort of the reversed labels).
        facts = sorted(sorted((label for label in usable if label.kind == "fact"), reverse=True),
                       key=lambda label: (not unknown(label.detail), rank.get(label.detail, -1)))
        for fact in facts:
            without = [label for label in kept if label != fact]
            if not self.problem.is_sat([*without, goal]):
                kept = without
        return self.problem.minimal_core([*kept, goal], any_core_serves=True)

    def least_risk(self, labels: list[Label]) -> dict[str, str]:
        """Each work's license under `labels`: the least risky choice, decided in topological order."""
        return self._least_risk(labels)

    def _least_risk(self, labels: list[Label]) -> dict[str, str]:
        """The third phase (clearance/least_risk.py), reached by `run` and `least_risk` through this one method."""
        return least_risk(self.encoding, self.graph, self.problem, labels)


class _Later(Mapping):
    """A mapping made the first time it is read (by `make`), until it is closed. The entries of
    `known`, which `make` would give the same values, are read without making it: the wording
    of most errors names no license that only the third phase determines."""

    def __init__(self, make: Callable[[], dict], known: dict | None = None) -> None:
        self._make: Callable[[], dict] | None = make
        self._made: dict | None = None
        self._known = known or {}

    def close(self) -> None:
        """Drop `make`; reading the mapping afterwards is an error unless it was made."""
        self._make = None

    @property
    def _mapping(self) -> dict:
        if self._made is None:
            if self._make is None:
                raise RuntimeError("read after the analysis ended")
            self._made = self._make()
        return self._made

    def __getitem__(self, key):
        if key in self._known and self._made is None:
            return self._known[key]
        return self._mapping[key]

    def __iter__(self):
        return iter(self._mapping)

    def __len__(self) -> int:
        return len(self._mapping)


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
            today: date | None = None, findings_when_compliant: bool = True, determinations: bool = True,
            errors_only: bool = False) -> Report:
    """Analyse every release of `project`. With `group`, interchangeable works are analysed once
    (clearance/grouping.py); every finding then lists all the works it stands for. `progress`
    is told which release is being analysed. The project's waivers apply on `today` (by default,
    the date of the run). Without `findings_when_compliant`, a release found compliant by its first
    check gets no findings of the analysis (an audit reads only the verdict of those); the others,
    and every verdict, are as with it. Without `determinations`, no release result says how its
    licenses are determined (`ReleaseResult.determined`; an audit reads only the errors), and
    its findings are the same. With `errors_only`, each release result holds its errors alone
    (no warnings, notices or restrictions of the analysis, no determined licenses): the same errors."""
    settings = settings or SolverSettings()
    if not settings.reuse_context:
        fresh_context()  # the answer must not depend on what this process analysed before
    elif determinations or not errors_only:
        # Only the errors are certified the same as a fresh context's (clearance/solver/tracked.py).
        raise ValueError("a reused context serves analyze(..., errors_only=True, determinations=False) alone")
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
            result = analysis.run(determinations, errors_only)
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
