"""A second opinion: the release semantics of clearance, evaluated by brute force in plain Python.

No Z3 here, and nothing from the engine (clearance.encodings, clearance.solver, clearance.analysis,
clearance.core_findings, clearance.graph): only the domain model and the knowledge base. Every constraint is a Python
predicate over an assignment of one license to each work of a release's ancestry, and every
question ("can these constraints hold together?") is answered by enumerating assignments.
That is exponential, so it is meant for small projects over a small knowledge base
(`KnowledgeBase.restricted`); the semantics do not depend on the size of the knowledge base.

The semantics, per release (encodings/release.py, clearance/graph.py, clearance/analysis.py and the
findings it words in clearance/core_findings.py and clearance/graph_findings.py):

- Each work of the release's ancestry has exactly one license. A reused work may take one of its
  declared alternatives (its `fact`) or, when the fact is set aside, the vocabulary's preferred
  unrestricted license; a step's result may take any license of the knowledge base. Domains are
  ordered least risky first (`KnowledgeBase.risk_order`; a reused work's alternatives too, then the
  preferred license): the determined licenses are the first solution in that order.
- Each step input triggers, on its source and on every work in the source's mix closure (activity
  proliferation), the term the step's activity gives the input's slot and role. For the
  license L of such a trigger and the result W: `term` W's license is one L's term allows;
  `forbidden` L permits the activity; `activity-need` L grants each right the activity needs.
- `intended`: a step's result is under its intended license. `release-license`: the released
  work is under the release's license (a reused work: its copy term allows that license).
- The release scope is the released work and what it carries: mix- and sub-works, and aux-works
  that are reused works with an alternative whose term for the edge makes a derivative.
  `need`: each reused work in scope grants the rights the release needs; `no-share` (unless the
  release is personal): no trigger in scope, into a result in scope, has a term that forbids
  sharing under a license that counts the release as distribution.
- Knowledge is the facts and terms; goals are the rest. A release is compliant when knowledge
  and goals can all hold together.
- Error codes: `license-incompatible` when the knowledge cannot hold without the terms of reused
  works under a license nobody knows (what conflicts only through them is their license-unknown).
  The usable knowledge is then the knowledge without those terms and without every term that
  takes part in some conflict (some minimal unsatisfiable subset) of what is left; the targets of
  both are undetermined. Each goal that cannot hold alongside the usable knowledge gives its code.
  If the goals that hold one by one cannot hold together, the engine drops some of them (which
  ones depends on its search): `Evaluation.explains` states what any valid choice looks like.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from clearance.knowledge_base import KnowledgeBase
from clearance.model import RIGHTS, Input, License, Project, Release, Term

KNOWLEDGE_KINDS = ("fact", "term")
CODES = {"need": "rights-not-granted", "activity-need": "rights-not-granted", "forbidden": "rights-not-granted",
         "no-share": "cannot-share", "intended": "cannot-relicense", "release-license": "cannot-relicense",
         "unknown": "license-unknown"}
INCOMPATIBLE = "license-incompatible"
Assignment = Mapping[str, str]


@dataclass(frozen=True)
class Rule:
    """One named constraint over the licenses of `works`; `name` is (kind, work, target, detail)."""

    name: tuple[str, str, str, str]
    works: tuple[str, ...]
    holds: Callable[[Assignment], bool] = field(compare=False, hash=False)

    @property
    def kind(self) -> str:
        """fact, term, intended, release-license, forbidden, activity-need, need, no-share or unknown."""
        return self.name[0]

    @property
    def code(self) -> str:
        """The error code of a goal that cannot hold."""
        return CODES[self.kind]


def needed_rights(lic: License, policy: str, form: str) -> set[str]:
    """The rights a release (policy, form) needs from a reused work in its scope under `lic`."""
    if policy == "personal":
        return {"use"}
    needed = {"use"}
    if form != "saas" or lic.saas_is_distribution:
        needed.add("distribute")
        if not lic.direct_licensing:
            needed.add("sublicense")
    if policy == "sell":
        needed.add("commercial-use")
    return needed


def counts_as_distribution(lic: License, release: Release) -> bool:
    """True when the release hands the work on under `lic` (SaaS only where the license says so)."""
    return release.policy != "personal" and (release.form != "saas" or lic.saas_is_distribution)


class ReleaseProblem:
    """The works of one release's ancestry, their license domains, and every rule."""

    def __init__(self, project: Project, kb: KnowledgeBase, release: Release) -> None:
        kb = kb.for_project(project)  # the project's custom licenses and its AND / WITH ones
        self.project, self.kb, self.release = project, kb, release
        self.order = self._ancestry(release.work)
        risk = kb.risk_order()
        relaxed = kb.vocabulary.preferred_unrestricted
        self.domains = {work: (tuple(dict.fromkeys((*sorted(project.works[work].alternatives, key=risk.index),
                                                    relaxed)))
                               if work in project.works else tuple(risk)) for work in self.order}
        rules: dict[tuple[str, str, str, str], Rule] = {}
        for rule in self._rules():
            rules.setdefault(rule.name, rule)  # the same name always means the same predicate
        self.rules = [rule for rule in rules.values() if not self._always_holds(rule)]
        self.derived = [work for work in self.order if work in project.steps]

    # -- the graph -------------------------------------------------------------------------------------

    def _ancestry(self, work: str) -> list[str]:
        """`work` and everything it is made from, in lexicographic topological order."""
        found, todo = {work}, [work]
        while todo:
            for given in self._inputs(todo.pop()):
                if given.work not in found:
                    found.add(given.work)
                    todo.append(given.work)
        waiting = {node: sum(1 for _ in self._inputs(node)) for node in found}
        ready = [node for node, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        order = []
        while ready:
            node = heapq.heappop(ready)
            order.append(node)
            for user in sorted(found):
                if any(given.work == node for given in self._inputs(user)):
                    waiting[user] -= 1
                    if waiting[user] == 0:
                        heapq.heappush(ready, user)
        return order

    def _inputs(self, work: str) -> tuple[Input, ...]:
        return self.project.steps[work].inputs if work in self.project.steps else ()

    def term_of(self, work: str, slot: str, role: str) -> str:
        """The term activity the step making `work` triggers on an input in `slot` playing `role`."""
        return self.kb.vocabulary.activities[self.project.steps[work].activity].term_for(slot, role)

    def mix_closure(self, work: str) -> set[str]:
        """`work` and the works mixed into it, recursively."""
        closure = {work}
        for given in self._inputs(work):
            if given.role == "mix":
                closure |= self.mix_closure(given.work)
        return closure

    def reach_sources(self, work: str) -> list[tuple[str, tuple[str, str]]]:
        """(reused work, (term, result)) for each reused work given, itself or as a mix-work of what was
        given, not as a mix-work, to the step making a work of `work`'s mix closure: its term for that
        input may reach what is made from `work` (Term.reaches)."""
        return [(part, (self.term_of(inner, given.slot, given.role), inner))
                for inner in sorted(self.mix_closure(work)) for given in self._inputs(inner) if given.role != "mix"
                for part in sorted(self.mix_closure(given.work)) if part in self.project.works]

    def reaches(self, lic_id: str, via: tuple[str, str], activity: str) -> bool:
        """True when `lic_id`'s term for `via` (term, result) carries its work on into `activity`."""
        term, result = via
        return activity in self.kb.licenses[lic_id].terms[term].for_result_type(self.project.type_of(result)).reaches

    def applies(self, lic_id: str, vias: tuple[tuple[str, str], ...], activity: str) -> bool:
        """A trigger's term applies under `lic_id`: always without vias, else when one of them reaches."""
        return not vias or any(self.reaches(lic_id, via, activity) for via in vias)

    def triggers(self, work: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        """(part, term activity, vias) for every license term the step making `work` triggers: vias are
        empty for a part the input holds, else the inputs through which the part's term may reach."""
        found: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        for given in self._inputs(work):
            activity = self.term_of(work, given.slot, given.role)
            for part in sorted(self.mix_closure(given.work)):
                found[(part, activity)] = ()
        for given in self._inputs(work):
            activity = self.term_of(work, given.slot, given.role)
            for part, via in self.reach_sources(given.work):
                vias = found.get((part, activity))
                if vias is None or (vias and via not in vias):
                    found[(part, activity)] = (*(vias or ()), via)
        return [(part, activity, vias) for (part, activity), vias in found.items()]

    def scope(self) -> set[str]:
        """The released work and what it carries into the release, recursively."""
        kb, project = self.kb, self.project
        scope, todo = {self.release.work}, [self.release.work]
        while todo:
            work = todo.pop()
            for given in self._inputs(work):
                term = self.term_of(work, given.slot, given.role)
                carried = given.role in ("mix", "sub") or (
                    given.work in project.works
                    and any(kb.licenses[lic].terms[term].result == "derivative"
                            for lic in project.works[given.work].alternatives))
                if carried and given.work not in scope:
                    scope.add(given.work)
                    todo.append(given.work)
                for part, via in self.reach_sources(given.work):
                    if part not in scope and any(
                            self.reaches(lic, via, term)
                            and self._term(lic, term, work)[1].result == "derivative"
                            for lic in project.works[part].alternatives):
                        scope.add(part)
                        todo.append(part)
        return scope

    # -- the rules --------------------------------------------------------------------------------------

    def _term(self, lic_id: str, activity: str, result: str) -> tuple[License, Term]:
        lic = self.kb.licenses[lic_id]
        return lic, lic.terms[activity].for_result_type(self.project.type_of(result))

    def _rules(self) -> Iterable[Rule]:
        project, release = self.project, self.release
        for work in self.order:
            if work in project.works:
                declared = project.works[work].alternatives
                yield Rule(("fact", work, "", project.works[work].license), (work,),
                           lambda a, w=work, d=declared: a[w] in d)
                continue
            for part, activity, vias in self.triggers(work):
                yield Rule(("term", part, work, activity), (part, work),
                           lambda a, p=part, w=work, t=activity, v=vias:
                           not self.applies(a[p], v, t) or self._allows(a[p], t, w, a[w]))
                yield Rule(("forbidden", part, work, activity), (part,),
                           lambda a, p=part, w=work, t=activity, v=vias:
                           not self.applies(a[p], v, t) or self._term(a[p], t, w)[1].permitted)
                for right in RIGHTS:
                    # The activity is in the name: a part can reach `work` by two edges whose activities
                    # need different rights (used directly, and mixed into another input).
                    yield Rule(("activity-need", part, work, f"{activity}: {right}"), (part,),
                               lambda a, p=part, w=work, t=activity, r=right, v=vias:
                               not self.applies(a[p], v, t) or self._activity_grants(a[p], t, w, r))
            intended = project.steps[work].license
            if intended and self.kb.is_unknown(intended):
                # Put under a license nobody knows: whoever receives it gets unknown terms.
                yield Rule(("unknown", work, release.work, ""), (work,), lambda a: False)
            elif intended:
                yield Rule(("intended", work, "", intended), (work,), lambda a, w=work, i=intended: a[w] == i)
        target = release.work
        if release.license and self.kb.is_unknown(release.license):
            step = project.steps.get(target)
            if not (step and step.license and self.kb.is_unknown(step.license)):  # not said above already
                yield Rule(("unknown", target, target, ""), (target,), lambda a: False)
        elif release.license:
            if target in project.works:
                yield Rule(("release-license", target, "", release.license), (target,),
                           lambda a: self._copy_allows(a[target], release.license))
            else:
                yield Rule(("release-license", target, "", release.license), (target,),
                           lambda a: a[target] == release.license)
        scope = self.scope()
        for work in sorted(scope & set(project.works)):
            for right in RIGHTS:
                yield Rule(("need", work, target, right), (work,),
                           lambda a, w=work, r=right: self._grants_needed(a[w], r))
        for work in self.order:
            # `unknown`: a reused work the release reaches is not under a license nobody knows.
            if work in project.works and any(self.kb.is_unknown(lic) for lic in project.works[work].alternatives):
                yield Rule(("unknown", work, target, ""), (work,), lambda a, w=work: not self.kb.is_unknown(a[w]))
        if release.policy == "personal":
            return
        for work in self.order:
            if work not in scope or work in project.works:
                continue
            for part, activity, vias in self.triggers(work):
                if part in scope:
                    yield Rule(("no-share", part, work, activity), (part,),
                               lambda a, p=part, w=work, t=activity, v=vias:
                               not self.applies(a[p], v, t) or self._may_share(a[p], t, w))

    def _allows(self, lic_id: str, activity: str, result: str, result_license: str) -> bool:
        lic, term = self._term(lic_id, activity, result)
        allowed = self.kb.allowed_results(lic, term)
        excluded = self.kb.excluded_results(lic, term)
        return (allowed is None or result_license in allowed) and result_license not in excluded

    def _activity_grants(self, lic_id: str, activity: str, result: str, right: str) -> bool:
        lic, term = self._term(lic_id, activity, result)
        return right not in self.kb.activity_needs(term, self.release.policy) or lic.grants(right)

    def _copy_allows(self, lic_id: str, wanted: str) -> bool:
        lic = self.kb.licenses[lic_id]
        allowed = self.kb.allowed_results(lic, lic.terms["copy"])
        return (allowed is None or wanted in allowed) and wanted not in self.kb.excluded_results(lic, lic.terms["copy"])

    def _grants_needed(self, lic_id: str, right: str) -> bool:
        lic = self.kb.licenses[lic_id]
        return right not in needed_rights(lic, self.release.policy, self.release.form) or lic.grants(right)

    def _may_share(self, lic_id: str, activity: str, result: str) -> bool:
        lic, term = self._term(lic_id, activity, result)
        return term.shareable or not counts_as_distribution(lic, self.release)

    def _always_holds(self, rule: Rule) -> bool:
        """True for a rule no assignment breaks: leaving it out changes no answer."""
        return all(rule.holds(assignment) for assignment in _assignments(rule.works, self.domains))


def _assignments(works: tuple[str, ...], domains: Mapping[str, tuple[str, ...]]) -> Iterable[dict[str, str]]:
    if not works:
        yield {}
        return
    for rest in _assignments(works[1:], domains):
        for value in domains[works[0]]:
            yield {works[0]: value, **rest}


class _Schedule:
    """When each rule can be checked (once its last work in `order` has a license), and which
    works still matter after each position (for memoisation)."""

    def __init__(self, problem: ReleaseProblem, rules: Iterable[Rule]) -> None:
        order = problem.order
        position = {work: index for index, work in enumerate(order)}
        self.at: list[list[Rule]] = [[] for _ in order]
        last = dict.fromkeys(order, -1)
        for rule in rules:
            checked = max(position[work] for work in rule.works)
            self.at[checked].append(rule)
            for work in rule.works:
                last[work] = max(last[work], checked)
        self.live = [tuple(work for work in order[: index + 1] if last[work] > index) for index in range(len(order))]


def first_solution(problem: ReleaseProblem, rules: Iterable[Rule]) -> dict[str, str] | None:
    """The first assignment (in the order of `problem.order`, each domain in its order) under which
    every rule holds, or None. Depth-first, each rule checked as soon as its works have licenses,
    failed states remembered; the first solution found is the lexicographically least."""
    order, domains = problem.order, problem.domains
    schedule = _Schedule(problem, rules)
    failed: set[tuple] = set()
    assignment: dict[str, str] = {}

    def search(index: int) -> bool:
        """Extend the assignment from position `index`; True once every work has a license."""
        if index == len(order):
            return True
        key = (index, tuple(assignment[work] for work in schedule.live[index - 1])) if index else (0,)
        if key in failed:
            return False
        work = order[index]
        for value in domains[work]:
            assignment[work] = value
            if all(rule.holds(assignment) for rule in schedule.at[index]) and search(index + 1):
                return True
        del assignment[work]
        failed.add(key)
        return False

    return dict(assignment) if search(0) else None


def satisfiable(problem: ReleaseProblem, rules: Iterable[Rule]) -> bool:
    """True when some assignment satisfies every rule in `rules`."""
    return first_solution(problem, rules) is not None


def minimal_violations(problem: ReleaseProblem, rules: Iterable[Rule]) -> list[frozenset[tuple]]:
    """The subset-minimal sets of rule names some assignment breaks (the minimal correction sets:
    a rule takes part in some minimal unsatisfiable subset exactly when it is in one of them).
    Dynamic programming over `problem.order`: for each value of the works that still matter,
    the minimal sets broken so far."""
    rules = list(rules)
    schedule = _Schedule(problem, rules)
    states: dict[tuple, set[frozenset]] = {(): {frozenset()}}
    for index, work in enumerate(problem.order):
        before = schedule.live[index - 1] if index else ()
        grown: dict[tuple, set[frozenset]] = defaultdict(set)
        for key, broken_sets in states.items():
            assignment = dict(zip(before, key, strict=True))
            for value in problem.domains[work]:
                assignment[work] = value
                broken = frozenset(rule.name for rule in schedule.at[index] if not rule.holds(assignment))
                grown[tuple(assignment[live] for live in schedule.live[index])].update(
                    previous | broken for previous in broken_sets)
        states = {key: _minimal(sets) for key, sets in grown.items()}
    return sorted(_minimal(set().union(*states.values())), key=sorted)


def _minimal(sets: set[frozenset]) -> set[frozenset]:
    return {one for one in sets if not any(other < one for other in sets)}


@dataclass
class Evaluation:
    """What the semantics say of one release."""

    problem: ReleaseProblem
    compliant: bool
    incompatible: bool
    usable: list[Rule]
    failed_alone: list[Rule]
    granted: list[Rule]
    jointly: bool
    undetermined: set[str]

    @property
    def required_codes(self) -> set[str]:
        """The error codes every valid analysis reports."""
        return ({INCOMPATIBLE} if self.incompatible else set()) | {goal.code for goal in self.reported_alone}

    @property
    def reported_alone(self) -> list[Rule]:
        """The goals failing alone that the report names: a need to distribute a work whose license
        also forbids sharing a result made from it (a failing no-share goal) is the same cause,
        reported once, as cannot-share."""
        unshareable = {goal.name[1] for goal in self.failed_alone if goal.kind == "no-share"}
        return [goal for goal in self.failed_alone
                if not (goal.kind == "need" and goal.name[3] == "distribute" and goal.name[1] in unshareable)]

    def explains(self, codes: set[str]) -> bool:
        """True when `codes` can be the error codes of the release.

        They hold the required codes. If the goals that hold one by one also hold together, there is
        nothing more. Otherwise the analysis drops some of those goals (at least until the rest hold
        together) and adds their codes: `codes` may add only codes of such goals, and dropping every
        such goal whose code is in `codes` must let the others hold with the usable knowledge."""
        required = self.required_codes
        if self.jointly:
            return codes == required
        if not required <= codes <= required | {goal.code for goal in self.granted}:
            return False
        # A no-share goal that fails (alone, or dropped: cannot-share in `codes`) carries the need to
        # distribute its work with it: a dropped need folds into cannot-share (one cause, one finding),
        # as it does when both fail alone (`reported_alone`).
        unshareable = {goal.name[1] for goal in self.failed_alone if goal.kind == "no-share"} | (
            {goal.name[1] for goal in self.granted if goal.kind == "no-share"} if "cannot-share" in codes else set())
        kept = [goal for goal in self.granted if goal.code not in codes
                and not (goal.kind == "need" and goal.name[3] == "distribute" and goal.name[1] in unshareable)]
        return satisfiable(self.problem, self.usable + kept)

    def licenses(self) -> dict[str, str | None] | None:
        """Each derived work's license: the least risky choice, work by work in topological order, under
        the usable knowledge and the granted goals; None for the targets of conflicting terms.
        None overall when the granted goals do not hold together (the choice would depend on
        which goals the analysis drops)."""
        if not self.jointly:
            return None
        chosen = first_solution(self.problem, self.usable + self.granted)
        assert chosen is not None
        steps, kb = self.problem.project.steps, self.problem.kb
        # A work declared under a license nobody knows has that license, whatever its sources allow.
        return {work: steps[work].license if steps[work].license and kb.is_unknown(steps[work].license)
                else None if work in self.undetermined else chosen[work] for work in self.problem.derived}


def evaluate(project: Project, kb: KnowledgeBase, release: Release) -> Evaluation:
    """Evaluate `release` of `project` by brute force, under the project's reading."""
    problem = ReleaseProblem(project, kb.under(project.reading), release)
    knowledge = [rule for rule in problem.rules if rule.kind in KNOWLEDGE_KINDS]
    goals = [rule for rule in problem.rules if rule.kind not in KNOWLEDGE_KINDS]
    incompatible = not satisfiable(problem, knowledge)
    usable, undetermined = knowledge, set()
    if incompatible:
        # The terms of reused works under a license nobody knows take no part in the conflicts;
        # the works they reach are undetermined.
        unknown = {work for work, declared in project.works.items()
                   if declared.alternatives and all(kb.is_unknown(lic) for lic in declared.alternatives)}
        set_aside = [rule for rule in knowledge if rule.kind == "term" and rule.name[1] in unknown]
        known = [rule for rule in knowledge if rule not in set_aside]
        in_conflict = {name for names in minimal_violations(problem, known) for name in names if name[0] == "term"}
        usable = [rule for rule in known if rule.name not in in_conflict]
        undetermined = {name[2] for name in in_conflict} | {rule.name[2] for rule in set_aside}
        # What conflicts only through those terms is the unknown license's license-unknown error.
        incompatible = bool(in_conflict) or not satisfiable(problem, known)
    failed_alone = [goal for goal in goals if not satisfiable(problem, [*usable, goal])]
    granted = [goal for goal in goals if goal not in failed_alone]
    return Evaluation(problem, satisfiable(problem, problem.rules), incompatible, usable, failed_alone, granted,
                      satisfiable(problem, usable + granted), undetermined)
