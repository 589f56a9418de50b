"""Suggestions (`clearance suggest`), per release: the licenses it could be
released under, ranked by risk; the minimal fixes that make it compliant, ranked
by cost; and the least-risk license choices the user left open.

Every suggestion is checked before it is shown: a release license by the solver
with that license set, a fix by applying it to the project and checking the
release again (`--apply` also re-reads the file it writes and checks it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from clearance.analysis import ReleaseAnalysis
from clearance.changes import Change, apply_changes, given_is_tool_only, separable_step
from clearance.collector import without_collector
from clearance.encodings import Label, encode_release
from clearance.exceptions import InputError
from clearance.findings import Finding
from clearance.graph import ProjectGraph
from clearance.grouping import Grouping, group_project
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project
from clearance.release_licenses import ranked_release_licenses
from clearance.release_view import release_view
from clearance.solver import SolverSettings, TrackedProblem
from clearance.solver.optimize import WeightedProblem
from clearance.wording import RIGHTS, TERM_NAMES

DEFAULT_MAX_FIXES = 10
POLICY_ORDER = ("sell", "share", "personal")
SERVE_FORM = "saas"
# Goals a permission from the licensor can lift: a right the license does not grant.
PERMISSION_GOALS = ("need", "activity-need")


@dataclass(frozen=True)
class Fix:
    """A set of changes that makes one release compliant, and its cost. `needs_licensor` when a
    change needs someone else to agree (ranked after every fix the user can make alone);
    `appliable` when `--apply` can write it (a replacement that names no license cannot be)."""

    changes: tuple[Change, ...]
    cost: int
    licenses: tuple[tuple[str, int], ...] = ()
    needs_licensor: bool = False

    @property
    def appliable(self) -> bool:
        """True when every change can be written into the project file."""
        return all(change.to is not None for change in self.changes if change.kind == "replace")

    def to_json(self) -> dict:
        """The JSON object of this fix (clearance.suggest/1): its changes, its cost, whether it needs
        the licensor, and the licenses the release could then go under, least risk first."""
        return {"changes": [change.to_json() for change in self.changes], "cost": self.cost,
                "needs_licensor": self.needs_licensor, "appliable": self.appliable,
                "licenses": [{"license": lic, "risk": risk} for lic, risk in self.licenses]}


@dataclass
class ReleaseSuggestions:
    """What `suggest` found for one release (the `index`-th of the project). `stopped_by` names
    the limit that cut the search short, if one did: `--max-fixes`, the solver-check budget."""

    index: int
    work: str
    compliant: bool
    licenses: list[tuple[str, int]] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    choices: list[tuple[str, str, str]] = field(default_factory=list)
    stopped_by: str | None = None


class _Suggester:
    """Suggestions for the release number `index` of a project."""

    def __init__(self, full: Project, grouping: Grouping, kb: KnowledgeBase, graph: ProjectGraph, index: int,
                 settings: SolverSettings) -> None:
        self.full, self.grouping, self.project = full, grouping, grouping.project
        self.kb, self.graph, self.index, self.settings = kb, graph, index, settings
        self.release = self.project.releases[index]
        self.analysis = ReleaseAnalysis(graph, kb, self.release, settings)
        self.result = self.analysis.run()
        self.stopped_by: str | None = "budget" if self.analysis.problem.stopped_by == "budget" else None

    def suggestions(self, max_fixes: int) -> ReleaseSuggestions:
        compliant = self.result.compliant
        found = ReleaseSuggestions(self.index, self.release.work, compliant, self.release_licenses())
        if compliant:
            found.choices = self.choices()
        else:
            found.fixes = self.fixes(max_fixes)
        found.stopped_by = self.stopped_by
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
        """Minimal fixes, those the user can make alone first, cheapest first, each verified."""
        advice = self.kb.advice
        candidates: list[tuple[Change, ...]] = [(change,) for change in self._policy_and_form_changes()]
        problem = self.analysis.problem
        relaxable = {"fact": advice.change_cost("replace"), "intended": advice.change_cost("license"),
                     "release-license": advice.change_cost("license")}
        soft = {label: relaxable[label.kind] for label in problem.labels if label.kind in relaxable}
        hard = [label for label in problem.labels if label not in soft]
        sets = WeightedProblem(problem).correction_sets(hard, soft, max_fixes)
        if len(sets) >= max_fixes:
            self.stopped_by = "max-fixes"
        for relaxed, _ in sets:
            candidates.extend(self._changes_for(relaxed))
        permission = self._permission()
        if permission:
            candidates.append(permission)
        fixes: dict[tuple[Change, ...], Fix] = {}
        for changes in candidates:
            changes = tuple(sorted(changes))
            if changes in fixes:
                continue
            settled = self._settle_licenses(changes)
            licenses = None if settled is None else self._verified(settled)
            if licenses is not None:
                fixes[changes] = Fix(settled, sum(c.cost(self.project, self.index, advice) for c in settled),
                                     tuple(licenses), any(c.kind in advice.needs_licensor for c in settled))
        ranked = sorted(fixes.values(), key=_rank)
        return _minimal(ranked)[:max_fixes]

    def _policy_and_form_changes(self) -> list[Change]:
        release = self.release
        changes = [Change("policy", release.work, policy)
                   for policy in POLICY_ORDER[POLICY_ORDER.index(release.policy) + 1:]]
        changes += [Change("serve-instead" if form == SERVE_FORM else "form", release.work, form)
                    for form in self.kb.vocabulary.forms if form != release.form]
        return changes

    def _changes_for(self, relaxed: list[Label]) -> list[tuple[Change, ...]]:
        """The change sets a correction set stands for. Each relaxed declaration becomes, in turn for
        all of them: a replacement, the work used as a tool only, the part shipped on its own, the
        work dropped; each relaxed intention a new license."""
        licenses = [Change("license", label.work) for label in relaxed if label.kind != "fact"]
        works = [label.work for label in relaxed if label.kind == "fact"]
        if not works:
            return [tuple(licenses)]
        variants = [tuple(licenses + [Change("drop", work, why=self._missing(work), also=self._others(work))
                                      for work in works])]
        moved = [change for work in works if (change := self._move(work))]
        if len(moved) == len(works):
            variants.append(tuple(licenses + sorted(set(moved))))
        separate = [change for work in works if (change := self._separate(work))]
        if len(separate) == len(works):
            variants.append(tuple(licenses + separate))
        replacements = self._replacements(works, relaxed)
        if replacements is not None:
            variants.insert(0, tuple(licenses + replacements))
        return variants

    def _move(self, work: str) -> Change | None:
        """Use as a tool only the work nearest the release, on the way from `work`, that can leave the
        step it goes into with something else in it (e.g. the training corpus, not each source)."""
        path, elided = self.graph.path(work, self.release.work)
        if elided:
            return None
        for part, whole in reversed(list(zip(path, path[1:], strict=False))):
            step = self.project.steps[whole]
            if any(given.work == part and given.slot != "using" for given in step.inputs) \
                    and not given_is_tool_only(step, part):
                return Change("move-to-aux", part, also=self._others(part) if part == work else ())
        return None

    def _separate(self, work: str) -> Change | None:
        """Ship on its own the part that holds `work` and is combined, separably, into the release."""
        path, elided = self.graph.path(work, self.release.work)
        if elided:
            return None
        for part, whole in zip(path, path[1:], strict=False):
            if separable_step(self.project, part) == whole:
                return Change("separate-release", part, whole, also=self._others(part) if part == work else ())
        return None

    def _permission(self) -> tuple[Change, ...] | None:
        """Ask the licensor of each work whose license lacks a right the release needs: the works
        and rights of every failed need (a permission cannot lift a conflict between licenses)."""
        missing: dict[str, set[str]] = {}
        for finding in self.result.findings:
            if not finding.is_error:
                continue
            if finding.code != "rights-not-granted" or not finding.right or finding.work not in self.project.works:
                return None
            missing.setdefault(finding.work, set()).add(finding.right)
        if not missing:
            return None
        return tuple(Change("seek-permission", work, also=self._others(work),
                            rights=tuple(sorted(rights))) for work, rights in sorted(missing.items()))

    def _replacements(self, works: list[str], relaxed: list[Label]) -> list[Change] | None:
        """A license for each of `works` under which the release holds, from the curated licenses of
        its kind (licenses/replacements.yaml) in their order; when none fits but some license of the
        knowledge base would, a replacement that names none."""
        encoding = encode_release(self.graph, self.kb, self.release, open_works=frozenset(works))
        problem = TrackedProblem(encoding.background, encoding.constraints, self.settings)
        names = {label.name for label in relaxed}
        labels = [label for label in problem.labels if label.name not in names and label.kind != "intended"
                  and label.kind != "release-license"]
        fixed, changes = [], []
        for work in works:
            declared = self.project.works[work]
            curated = [lic for lic in self.kb.advice.replacements.get(declared.type, ())
                       if lic in self.kb.licenses and lic not in declared.alternatives]
            named = next((lic for lic in curated if problem.is_sat(labels, [*fixed, encoding.is_license(work, lic)])),
                         None)
            if named is not None:
                fixed.append(encoding.is_license(work, named))
            elif not problem.is_sat(labels, fixed):
                return None
            changes.append(Change("replace", work, named, self._missing(work, named is None), self._others(work),
                                  self._needed_rights(work)))
        return changes

    def _others(self, work: str) -> tuple[str, ...]:
        return tuple(member for member in self.grouping.stands_for(work) if member != work)

    def _needed_rights(self, work: str) -> tuple[str, ...]:
        return tuple(sorted({f.right for f in self.result.findings if f.is_error and f.right and f.work == work}))

    def _missing(self, work: str, unnamed: bool = False) -> str:
        """What a replacement of `work` must provide, in words."""
        needs = []
        for finding in self.result.findings:
            if not finding.is_error or work not in (finding.work, *finding.works):
                continue
            needs.append(_need_words(finding))
        kind = self.project.works[work].type
        what = " and ".join(sorted(set(needs)) or ["fits the others"])
        if unnamed:
            return f"a source of this {kind} under a license that " + what
        return f"a source of this {kind} that " + what

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
            conflicting = result.determination is not None and result.determination.conflicting
            determined = {**result.licenses, self.release.work: None if conflicting else result.license}
            changes = tuple(replace(c, to=determined.get(c.work)) if c.kind == "license" else c for c in changes)
        return changes

    def _verified(self, changes: tuple[Change, ...]) -> list[tuple[str, int]] | None:
        """Apply `changes` to the whole project and check the release again (and any release the fix
        adds): None when one is still not compliant, else the licenses the release could then go
        under. A replacement that names no license was verified by the solver over every license."""
        if any(change.kind == "replace" and change.to is None for change in changes):
            return []
        try:
            fixed = group_project(apply_changes(self.full, self.index, changes)).project
        except InputError:
            return None
        graph = ProjectGraph(fixed, self.kb)
        added = range(len(self.project.releases), len(fixed.releases))
        for index in (self.index, *added):
            if not ReleaseAnalysis(graph, self.kb, fixed.releases[index], self.settings).is_compliant():
                return None
        return ranked_release_licenses(graph, self.kb, fixed.releases[self.index], self.settings)


def _minimal(ranked: list[Fix]) -> list[Fix]:
    """The fixes that hold no smaller fix of the list (a superset of a fix is not a fix of its own)."""
    kept: list[Fix] = []
    for fix in sorted(ranked, key=lambda fix: len(fix.changes)):
        if not any(set(other.changes) < set(fix.changes) for other in kept):
            kept.append(fix)
    return [fix for fix in ranked if fix in kept]


def _need_words(finding: Finding) -> str:
    if finding.right:
        return "grants " + RIGHTS[finding.right]
    if finding.code == "cannot-share" and finding.activity:
        return f"allows sharing the result of {TERM_NAMES[finding.activity]}"
    if finding.activity:
        return f"permits {TERM_NAMES[finding.activity]}"
    if finding.code == "cannot-relicense":
        return "allows the intended license of the release"
    return "is compatible with the other licenses"


@without_collector
def suggest(project: Project, kb: KnowledgeBase, settings: SolverSettings | None = None,
            max_fixes: int = DEFAULT_MAX_FIXES, progress: Callable[[str], None] | None = None
            ) -> list[ReleaseSuggestions]:
    """Suggestions for every release of `project`; `progress` is told which release is worked on.
    Each release is worked out on the sub-project of its lineage; releases whose lineages have the
    same shape and licenses share one answer, renamed (clearance/release_view.py)."""
    settings = settings or SolverSettings()
    kb = kb.under(project.reading).for_project(project)  # then its custom licenses and expressions'
    found: list[ReleaseSuggestions] = []
    known: dict[tuple, tuple[list[str], ReleaseSuggestions]] = {}
    for index, release in enumerate(project.releases):
        if progress:
            progress(f"suggesting for release {index + 1} of {len(project.releases)} ({release.work})")
        sub, order, key = release_view(project, index)
        if key in known:
            first_order, first = known[key]
            found.append(_renamed(first, dict(zip(first_order, order, strict=True)), index))
            continue
        grouping = group_project(sub)
        graph = ProjectGraph(grouping.project, kb)
        item = _Suggester(sub, grouping, kb, graph, 0, settings).suggestions(max_fixes)
        item.index = index
        known[key] = (order, item)
        found.append(item)
    return found


def _renamed(item: ReleaseSuggestions, names: dict[str, str], index: int) -> ReleaseSuggestions:
    """The suggestions of a release of the same shape as `item`'s, its works renamed by `names`,
    ordered again as they would be ordered for it."""
    def change(c: Change) -> Change:
        return replace(c, work=names[c.work], also=tuple(names[w] for w in c.also),
                       to=names.get(c.to, c.to) if c.kind == "separate-release" else c.to)

    fixes = [replace(fix, changes=tuple(sorted(change(c) for c in fix.changes))) for fix in item.fixes]
    fixes.sort(key=_rank)
    choices = sorted(((kind, names[work], lic) for kind, work, lic in item.choices),
                     key=lambda choice: (choice[0] == "derived", choice[1]))
    return replace(item, index=index, work=names[item.work], fixes=fixes, choices=choices)


def _rank(fix: Fix) -> tuple:
    """The order of fixes: those the user can make alone first, then cheapest first."""
    return fix.needs_licensor, not fix.appliable, fix.cost, len(fix.changes), fix.changes


def numbered_fix(found: list[ReleaseSuggestions], number: int) -> tuple[int, Fix]:
    """Fix `number` (fixes numbered from 1 across releases, in order) and the index of its release."""
    numbered = [(item.index, fix) for item in found for fix in item.fixes]
    if not 1 <= number <= len(numbered):
        raise InputError(f"there is no fix {number}",
                         hint=f"fixes are numbered 1 to {len(numbered)}" if numbered else "no fix was suggested")
    return numbered[number - 1]


def fixed_project(project: Project, found: list[ReleaseSuggestions], number: int,
                  permissions_obtained: bool = True) -> tuple[int, Project]:
    """`project` with fix `number` applied, and the index of the release the fix is for."""
    index, fix = numbered_fix(found, number)
    return index, apply_changes(project, index, fix.changes, permissions_obtained)
