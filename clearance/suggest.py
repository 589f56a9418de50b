"""Suggestions (`clearance suggest`), per release: the licenses it could be
released under, ranked by risk; the minimal fixes that make it compliant, ranked
by cost; and the least-risk license choices the user left open.

Every suggestion is checked before it is shown: a release license by the solver
with that license set, a fix by applying it to the project and checking the
release again (`--apply` also re-reads the file it writes and checks it)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from clearance.analysis import ReleaseAnalysis
from clearance.changes import CHANGE_COSTS, Change, apply_changes
from clearance.collector import without_collector
from clearance.encodings import Label, encode_release
from clearance.encodings.release import release_license_constraint, release_license_options
from clearance.exceptions import InputError
from clearance.findings import Finding
from clearance.graph import ProjectGraph
from clearance.grouping import Grouping, group_project
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project, Release
from clearance.risk import risk_score
from clearance.solver import SolverSettings, TrackedProblem
from clearance.solver.optimize import WeightedProblem
from clearance.wording import RIGHTS, TERM_NAMES

DEFAULT_MAX_FIXES = 10
RELAXABLE = {"fact": CHANGE_COSTS["replace"], "intended": CHANGE_COSTS["license"],
             "release-license": CHANGE_COSTS["license"]}
POLICY_ORDER = ("sell", "share", "personal")


@dataclass(frozen=True)
class Fix:
    """A set of changes that makes one release compliant, and its cost."""

    changes: tuple[Change, ...]
    cost: int
    licenses: tuple[tuple[str, int], ...] = ()

    def to_json(self) -> dict:
        """The JSON object of this fix (clearance.suggest/1): its changes, its cost, and the
        licenses the release could then go under, least risk first."""
        return {"changes": [change.to_json() for change in self.changes], "cost": self.cost,
                "licenses": [{"license": lic, "risk": risk} for lic, risk in self.licenses]}


@dataclass
class ReleaseSuggestions:
    """What `suggest` found for one release (the `index`-th of the project)."""

    index: int
    work: str
    compliant: bool
    licenses: list[tuple[str, int]] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    choices: list[tuple[str, str, str]] = field(default_factory=list)


class _Suggester:
    """Suggestions for the release number `index` of a project."""

    def __init__(self, full: Project, grouping: Grouping, kb: KnowledgeBase, graph: ProjectGraph, index: int,
                 settings: SolverSettings) -> None:
        self.full, self.grouping, self.project = full, grouping, grouping.project
        self.kb, self.graph, self.index, self.settings = kb, graph, index, settings
        self.release = self.project.releases[index]
        self.analysis = ReleaseAnalysis(graph, kb, self.release, settings)
        self.result = self.analysis.run()

    def suggestions(self, max_fixes: int) -> ReleaseSuggestions:
        compliant = self.result.compliant
        found = ReleaseSuggestions(self.index, self.release.work, compliant, self.release_licenses())
        if compliant:
            found.choices = self.choices()
        else:
            found.fixes = self.fixes(max_fixes)
        return found

    def release_licenses(self) -> list[tuple[str, int]]:
        """Every license the release could be put under as it stands, least risk first."""
        return ranked_release_licenses(self.graph, self.kb, self.release, self.settings)

    def choices(self) -> list[tuple[str, str, str]]:
        """The least-risk choices left open: an alternative of each dual-licensed work,
        and the license of each derived work."""
        chosen = self.analysis.chosen
        made: list[tuple[str, str, str]] = []
        for work in self.analysis.encoding.works:
            if self.graph.is_original(work):
                if len(self.project.works[work].alternatives) > 1 and work in chosen:
                    made.extend(("choose", member, chosen[work]) for member in self.grouping.stands_for(work))
            elif self.result.licenses.get(work):
                made.extend(("derived", member, self.result.licenses[work])
                            for member in self.grouping.stands_for(work))
        return sorted(made, key=lambda choice: (choice[0] == "derived", choice[1]))

    def fixes(self, max_fixes: int) -> list[Fix]:
        """Minimal fixes, cheapest first, each verified."""
        candidates: list[tuple[Change, ...]] = [(change,) for change in self._policy_and_form_changes()]
        problem = self.analysis.problem
        soft = {label: RELAXABLE[label.kind] for label in problem.labels if label.kind in RELAXABLE}
        hard = [label for label in problem.labels if label not in soft]
        for relaxed, _ in WeightedProblem(problem).correction_sets(hard, soft, max_fixes):
            candidates.extend(self._changes_for(relaxed))
        fixes: dict[tuple[Change, ...], Fix] = {}
        for changes in candidates:
            changes = tuple(sorted(changes))
            if changes in fixes:
                continue
            settled = self._settle_licenses(changes)
            licenses = None if settled is None else self._verified(settled)
            if licenses is not None:
                fixes[changes] = Fix(settled, sum(c.cost(self.project, self.index) for c in settled),
                                     tuple(licenses))
        ranked = sorted(fixes.values(), key=lambda fix: (fix.cost, len(fix.changes), fix.changes))
        return ranked[:max_fixes]

    def _policy_and_form_changes(self) -> list[Change]:
        release = self.release
        changes = [Change("policy", release.work, policy)
                   for policy in POLICY_ORDER[POLICY_ORDER.index(release.policy) + 1:]]
        changes += [Change("form", release.work, form) for form in self.kb.vocabulary.forms if form != release.form]
        return changes

    def _changes_for(self, relaxed: list[Label]) -> list[tuple[Change, ...]]:
        """The change sets a correction set stands for: each relaxed declaration becomes a
        replacement (or, second, the component dropped); each relaxed intention a new license."""
        licenses = [Change("license", label.work) for label in relaxed if label.kind != "fact"]
        works = [label.work for label in relaxed if label.kind == "fact"]
        variants = [tuple(licenses + [Change("drop", work, why=self._missing(work), also=self._others(work))
                                      for work in works])]
        if works:
            replacements = self._replacements(works, relaxed)
            if replacements is not None:
                variants.insert(0, tuple(licenses + replacements))
        return variants

    def _replacements(self, works: list[str], relaxed: list[Label]) -> list[Change] | None:
        """A license for each of `works` under which the release holds: the closest to its
        declared license (by family, then risk), chosen one work after the other."""
        encoding = encode_release(self.graph, self.kb, self.release, open_works=frozenset(works))
        problem = TrackedProblem(encoding.background, encoding.constraints, self.settings)
        names = {label.name for label in relaxed}
        labels = [label for label in problem.labels if label.name not in names and label.kind != "intended"
                  and label.kind != "release-license"]
        families = self.kb.vocabulary.families
        fixed, changes = [], []
        for work in works:
            current = self.kb.licenses[self.project.works[work].alternatives[0]]
            work_type = self.project.works[work].type
            candidates = sorted((lic for lic in self.kb.licenses.values()
                                 if work_type in lic.types and lic.id not in self.project.works[work].alternatives),
                                key=lambda lic: (abs(families[lic.family] - families[current.family]),
                                                 -_similarity(lic.id, current.id), risk_score(lic), lic.id))
            for lic in candidates:
                if problem.is_sat(labels, [*fixed, encoding.is_license(work, lic.id)]):
                    fixed.append(encoding.is_license(work, lic.id))
                    changes.append(Change("replace", work, lic.id, self._missing(work), self._others(work)))
                    break
            else:
                return None
        return changes

    def _others(self, work: str) -> tuple[str, ...]:
        return tuple(member for member in self.grouping.stands_for(work) if member != work)

    def _missing(self, work: str) -> str:
        """What a replacement of `work` must provide, in words."""
        needs = []
        for finding in self.result.findings:
            if not finding.is_error or work not in (finding.work, *finding.works):
                continue
            needs.append(_need_words(finding))
        kind = self.project.works[work].type
        return f"a source of this {kind} that " + " and ".join(sorted(set(needs)) or ["fits the others"])

    def _settle_licenses(self, changes: tuple[Change, ...]) -> tuple[Change, ...] | None:
        """Give each license change its value (the license the release then determines); None
        when the changes cannot apply."""
        open_changes = tuple(replace(c, to=None, also=()) if c.kind == "license" else replace(c, also=())
                             for c in changes)
        try:
            opened = apply_changes(self.project, self.index, open_changes)
        except InputError:
            return None
        if any(c.kind == "license" for c in changes):
            graph = ProjectGraph(opened, self.kb)
            result = ReleaseAnalysis(graph, self.kb, opened.releases[self.index], self.settings).run()
            determined = {**result.licenses, self.release.work: result.license}
            changes = tuple(replace(c, to=determined.get(c.work)) if c.kind == "license" else c for c in changes)
        return changes

    def _verified(self, changes: tuple[Change, ...]) -> list[tuple[str, int]] | None:
        """Apply `changes` to the whole project and check the release again: None when it is still
        not compliant, else the licenses it could then go under."""
        try:
            fixed = group_project(apply_changes(self.full, self.index, changes)).project
        except InputError:
            return None
        graph, release = ProjectGraph(fixed, self.kb), fixed.releases[self.index]
        if not ReleaseAnalysis(graph, self.kb, release, self.settings).is_compliant():
            return None
        return ranked_release_licenses(graph, self.kb, release, self.settings)


def ranked_release_licenses(graph: ProjectGraph, kb: KnowledgeBase, release: Release,
                            settings: SolverSettings) -> list[tuple[str, int]]:
    """Every license `release` could be put under, with its risk score, least risk first: z3's
    Optimize picks the least risky remaining license, which is then excluded, until none is left.
    The released work's own intended license is what a release license replaces. Each one is
    checked again with the very constraint `check --license` adds."""
    encoding = encode_release(graph, kb, replace(release, license=None), open_release=True)
    problem = TrackedProblem(encoding.background, encoding.constraints, settings)
    options, option_constraints = release_license_options(encoding)
    scores = {lic: risk_score(kb.licenses[lic]) for lic in options}
    labels = [label for label in problem.labels if not (label.kind == "intended" and label.work == release.work)]
    ranking = WeightedProblem(problem).ranked(labels, options, option_constraints, scores)
    return [(lic, scores[lic]) for lic in ranking
            if problem.is_sat(labels, [release_license_constraint(encoding, lic)])]


def _similarity(one: str, other: str) -> float:
    """How alike two license ids are (CC-BY-SA-4.0 is closer to CC-BY-NC-SA-4.0 than ODbL-1.0 is)."""
    return difflib.SequenceMatcher(None, one, other).ratio()


def _need_words(finding: Finding) -> str:
    if finding.right:
        return "grants " + RIGHTS[finding.right]
    if finding.code == "cannot-share" and finding.activity:
        return f"allows sharing the result of {TERM_NAMES[finding.activity]}"
    if finding.activity:
        return f"permits {TERM_NAMES[finding.activity]}"
    if finding.code == "cannot-relicense":
        return f"allows {finding.release} the intended license"
    return "is compatible with the other licenses"


@without_collector
def suggest(project: Project, kb: KnowledgeBase, settings: SolverSettings | None = None,
            max_fixes: int = DEFAULT_MAX_FIXES, progress: Callable[[str], None] | None = None
            ) -> list[ReleaseSuggestions]:
    """Suggestions for every release of `project`; `progress` is told which release is worked on."""
    kb = kb.for_project(project)  # its custom licenses and those its expressions make
    settings = settings or SolverSettings()
    grouping = group_project(project)
    graph = ProjectGraph(grouping.project, kb)
    found = []
    for index, release in enumerate(project.releases):
        if progress:
            progress(f"suggesting for release {index + 1} of {len(project.releases)} ({release.work})")
        found.append(_Suggester(project, grouping, kb, graph, index, settings).suggestions(max_fixes))
    return found


def fixed_project(project: Project, found: list[ReleaseSuggestions], number: int) -> tuple[int, Project]:
    """`project` with fix `number` applied (fixes numbered from 1 across releases, in order), and
    the index of the release the fix is for."""
    numbered = [(item.index, fix) for item in found for fix in item.fixes]
    if not 1 <= number <= len(numbered):
        raise InputError(f"there is no fix {number}",
                         hint=f"fixes are numbered 1 to {len(numbered)}" if numbered else "no fix was suggested")
    index, fix = numbered[number - 1]
    return index, apply_changes(project, index, fix.changes)
