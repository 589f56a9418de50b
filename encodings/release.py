"""Encodes one release of a project: a one-hot license variable per work, the
declared licenses, the triggered license terms, intended licenses, and the
rights the activities and the release need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import z3

from clearance.encodings.labels import Label
from clearance.encodings.proliferation import Proliferation, reachable_licenses
from clearance.encodings.terms import (
    all_of,
    any_of,
    boolean,
    constant,
    exactly_one,
    holds,
    implies,
    model_size,
    negation,
    true_constants,
)
from clearance.graph import ProjectGraph, Trigger
from clearance.knowledge_base import KnowledgeBase
from clearance.model import License, Release, Term

# Leave out what cannot matter (issue 16): term constraints that hold whatever the licenses, and
# the variable and declaration of a reused work under one license that no other constraint names.
# Off, every such constraint is built as before; tests/test_chain_pruning.py compares the two.
PRUNE = True


def needed_rights(lic: License, policy: str, form: str) -> tuple[str, ...]:
    """The rights a release with `policy` and `form` needs from a component under `lic`."""
    if policy == "personal":
        return ("use",)
    rights = ["use"]
    if form != "saas" or lic.saas_is_distribution:
        rights.append("distribute")
        if not lic.direct_licensing:
            rights.append("sublicense")
    if policy == "sell":
        rights.append("commercial-use")
    return tuple(rights)


def distributes(lic: License, release: Release) -> bool:
    """True when the release hands copies (or, where the license says so, network access) to others."""
    return release.policy != "personal" and (release.form != "saas" or lic.saas_is_distribution)


@dataclass
class ReleaseEncoding:
    """The tracked constraints of one release, over one-hot license variables."""

    graph: ProjectGraph
    kb: KnowledgeBase
    release: Release
    works: list[str]
    domains: dict[str, tuple[str, ...]]
    variables: dict[tuple[str, str], z3.BoolRef]
    background: list[z3.BoolRef]
    constraints: dict[Label, z3.BoolRef]
    scope: list[str]
    _one_of: dict[tuple[str, frozenset[str]], z3.BoolRef] = field(default_factory=dict)
    proliferation: Proliferation | None = None
    # Reused works under one declared license whose variable and declaration are not made until a
    # constraint names them (`is_license`); those never named keep their license as a constant.
    deferred: set[str] = field(default_factory=set)

    def is_license(self, work: str, license_id: str) -> z3.BoolRef:
        """The variable that holds when `work` is under `license_id` (false outside its domain)."""
        if work in self.deferred:
            self._declare(work)
        found = self.variables.get((work, license_id))
        return constant(False) if found is None else found

    def _declare(self, work: str) -> None:
        """Make the variable and the tracked declaration of a reused work."""
        self.deferred.discard(work)
        variables, exactly_one = _one_hot(work, self.domains[work])
        self.variables.update(zip(((work, lic) for lic in self.domains[work]), variables, strict=True))
        if exactly_one is not None:
            self.background.append(exactly_one)
        declared = self.graph.project.works[work]
        self.constraints[Label("fact", work, detail=declared.license)] = self.one_of(work, declared.alternatives)

    def settle(self) -> None:
        """The reused works no constraint named: each is under its one declared license, a constant
        (no variable, no declaration to track: it cannot take part in any conflict)."""
        for work in sorted(self.deferred):
            (declared,) = self.graph.project.works[work].alternatives
            self.domains[work] = (declared,)
            self.variables[(work, declared)] = constant(True)
        self.deferred.clear()

    def one_of(self, work: str, license_ids) -> z3.BoolRef:
        """Holds when `work` is under one of `license_ids`."""
        key = (work, frozenset(license_ids))
        if key not in self._one_of:
            self._one_of[key] = any_of([self.is_license(work, lic) for lic in self.domains[work] if lic in key[1]])
        return self._one_of[key]

    def license_in(self, model: z3.ModelRef, work: str) -> str | None:
        """The license of `work` in `model` (asks the model of this work's variables only; a work
        with one possible license needs no question)."""
        if len(self.domains[work]) == 1:
            return self.domains[work][0]
        for lic in self.domains[work]:
            if holds(model, self.variables[(work, lic)]):
                return lic
        return None

    def chosen(self, model: z3.ModelRef) -> dict[str, str]:
        """Each work's license in `model`. Where the variables that may have to be asked (of the works
        with a choice) are fewer than the model's constants, they are asked; otherwise the model is
        read once (a lineage of thousands of works, asked once per license of each, made that most
        of the analysis). Both give the same licenses."""
        if sum(len(domain) for work in self.works if len(domain := self.domains[work]) > 1) < model_size(model):
            return {work: lic for work in self.works if (lic := self.license_in(model, work)) is not None}
        true = self._true_names(model)
        return {work: lic for work in self.works if (lic := self._license_among(work, true)) is not None}

    @staticmethod
    def _true_names(model: z3.ModelRef) -> frozenset[str]:
        """The license variables true in `model` (the model's other constants, the tracking
        indicators among them, are not asked for their value)."""
        return true_constants(model, "license[")

    def _license_among(self, work: str, true: frozenset[str]) -> str | None:
        """The license of `work` when exactly the Boolean constants named in `true` hold (any other
        is false, as model completion makes it). The one-hot encoding (`_one_hot`): one license
        needs no variable, two share one."""
        domain = self.domains[work]
        if len(domain) == 1:
            return domain[0]
        if len(domain) == 2:
            return domain[0] if _variable_name(work, domain[0]) in true else domain[1]
        return next((lic for lic in domain if _variable_name(work, lic) in true), None)


def _variable_name(work: str, license_id: str) -> str:
    return f"license[{work}]={license_id}"


def encode_release(graph: ProjectGraph, kb: KnowledgeBase, release: Release,
                   open_works: frozenset[str] = frozenset(), open_release: bool = False) -> ReleaseEncoding:
    """Build the tracked constraints of `release` over the works it is made from.

    Reused works in `open_works` may take any license once their declaration is set
    aside (suggestions use this to look for a replacement); their declaration still holds.
    With `open_release`, the released work may take any license (to rank release licenses)."""
    project = graph.project
    works = graph.ancestry(release.work)
    order = kb.risk_order()
    relaxed = kb.vocabulary.preferred_unrestricted
    encoding = ReleaseEncoding(graph, kb, release, works, {}, {}, [], {}, [])
    domains, constraints = encoding.domains, encoding.constraints
    prune = PRUNE and not open_works and not open_release
    proliferation = Proliferation(graph, kb, domains, _reachable(graph, kb, release, works) if prune else None)
    encoding.proliferation = proliferation
    for work in works:
        if graph.is_original(work):
            if work in open_works:
                domains[work] = tuple(order)
            else:
                # The declared alternatives, plus one unrestricted license so that dropping the
                # declaration (as an explanation does) leaves the work free rather than impossible.
                declared = sorted(project.works[work].alternatives, key=kb.risk_rank.__getitem__)
                domains[work] = tuple(dict.fromkeys((*declared, relaxed)))
        elif open_release and work == release.work:
            domains[work] = tuple(order)
        else:
            wanted = (project.steps[work].license, release.license if work == release.work else None)
            possible = proliferation.possible_licenses(work, tuple(lic for lic in wanted
                                                                   if lic and not kb.is_unknown(lic)))
            domains[work] = tuple(lic for lic in order if lic in possible)
        if prune and graph.is_original(work) and work != release.work and len(project.works[work].alternatives) == 1:
            encoding.deferred.add(work)
            continue
        if open_release and work == release.work and not graph.is_original(work):
            variables, exactly_one = _open_one_hot(encoding, work)
        else:
            variables, exactly_one = _one_hot(work, domains[work])
        encoding.variables.update(zip(((work, lic) for lic in domains[work]), variables, strict=True))
        if exactly_one is not None:
            encoding.background.append(exactly_one)
        if graph.is_original(work):
            constraints[Label("fact", work, detail=project.works[work].license)] = \
                encoding.one_of(work, project.works[work].alternatives)
            continue
        for trigger in proliferation.triggers_into(work):
            _encode_trigger(encoding, trigger)
        step = project.steps[work]
        if step.license and kb.is_unknown(step.license):
            # Made and then put under a license nobody knows: whoever receives it gets unknown terms,
            # so no release it reaches can be compliant, whatever its own sources allow.
            constraints[Label("unknown", work, release.work)] = constant(False)
        elif step.license:
            constraints[Label("intended", work, detail=step.license)] = encoding.is_license(work, step.license)
    original_licenses = {w: project.works[w].alternatives for w in works if graph.is_original(w)}
    encoding.scope = graph.scope(release.work, original_licenses)
    _encode_release_goals(encoding)
    encoding.settle()
    return encoding


def _reachable(graph: ProjectGraph, kb: KnowledgeBase, release: Release, works: list[str]) -> frozenset[str]:
    """Every license a derived work of this release can take (`reachable_licenses`)."""
    project = graph.project
    base = {kb.vocabulary.preferred_unrestricted, *([release.license] if release.license else [])}
    for work in works:
        if graph.is_original(work):
            base.update(project.works[work].alternatives)
        elif project.steps[work].license:
            base.add(project.steps[work].license)
    return reachable_licenses(kb, base)


def _one_hot(work: str, domain: tuple[str, ...]) -> tuple[list[z3.BoolRef], z3.BoolRef | None]:
    """One Boolean per license of `domain`, exactly one of them true, and the constraint that
    says so. One license needs no variable and two need one (a reused work under one declared
    license is the common case, by the thousand): thousands of pseudo-Boolean constraints
    cost more to build through z3's Python API than everything else."""
    if len(domain) == 1:
        return [constant(True)], None
    if len(domain) == 2:
        first = boolean(_variable_name(work, domain[0]))
        return [first, negation(first)], None
    variables = [boolean(_variable_name(work, lic)) for lic in domain]
    return variables, exactly_one(variables)


def _open_one_hot(encoding: ReleaseEncoding, work: str) -> tuple[list[z3.BoolRef], z3.BoolRef | None]:
    """`_one_hot` for a released work that may take any license (`open_release`), with one
    variable per class of licenses that no constraint tells apart: the licenses each term into the
    work allows and excludes, under each license of the work it comes from, are the only
    constraints on the work's own license. Two licenses of a class are both possible or both not,
    so asking whether one of them is changes nothing, and a domain of every license (dozens)
    needs a handful of variables. A class's variable is named after its first license."""
    kb = encoding.kb
    sets: dict[frozenset[str], None] = {}
    for trigger in encoding.proliferation.triggers_into(work):
        for *_, allowed, excluded in _term_sets(encoding, trigger):  # the sets `_encode_trigger` constrains by
            if allowed is not None:
                sets[allowed] = None
            sets[excluded] = None
    member_of: dict[str, list[int]] = {}  # license -> the sets it is in
    for number, found in enumerate(sets):
        for lic_id in found:
            member_of.setdefault(lic_id, []).append(number)
    classes: dict[tuple, list[str]] = {}
    for lic_id in encoding.domains[work]:
        signature = (kb.is_unknown(lic_id), *member_of.get(lic_id, ()))
        classes.setdefault(signature, []).append(lic_id)
    firsts = [members[0] for members in classes.values()]
    variables, exactly_one = _one_hot(work, tuple(firsts))
    of_class = {lic_id: variable for members, variable in zip(classes.values(), variables, strict=True)
                for lic_id in members}
    return [of_class[lic_id] for lic_id in encoding.domains[work]], exactly_one


def _granted(graph: ProjectGraph, work: str) -> tuple[str, ...]:
    """The rights an obtained permission grants for `work` beyond its license (none for a made work)."""
    reused = graph.project.works.get(work)
    return reused.granted if reused else ()


def _term_sets(encoding: ReleaseEncoding, trigger: Trigger) -> Iterator[
        tuple[str, License, Term, frozenset[str] | None, frozenset[str]]]:
    """For each license of the trigger's source work under which its term applies: (that license's
    id, the license, its term for the target's type, the licenses the result may be under (None:
    any), the licenses it may not be under)."""
    kb = encoding.kb
    result_type = encoding.graph.project.type_of(trigger.edge.target)
    for lic_id in encoding.domains[trigger.work]:
        if encoding.proliferation.applies(trigger, lic_id):
            lic = kb.licenses[lic_id]
            term = lic.terms[trigger.edge.term].for_result_type(result_type)
            yield lic_id, lic, term, kb.allowed_results(lic, term), kb.excluded_results(lic, term)


def _encode_trigger(encoding: ReleaseEncoding, trigger: Trigger) -> None:
    kb, graph = encoding.kb, encoding.graph
    edge, work = trigger.edge, trigger.work
    allowed_parts, forbidden, needs = [], [], {}
    # Pruning: a part that every license the target can take satisfies always holds, and is left out.
    target_domain = frozenset(encoding.domains[edge.target]) if PRUNE else None
    for lic_id, lic, term, allowed, excluded in _term_sets(encoding, trigger):
        if allowed is not None and (target_domain is None or not target_domain <= allowed):
            allowed_parts.append(implies(encoding.is_license(work, lic_id), encoding.one_of(edge.target, allowed)))
        if excluded and (target_domain is None or not target_domain.isdisjoint(excluded)):
            allowed_parts.append(implies(encoding.is_license(work, lic_id),
                                            negation(encoding.one_of(edge.target, excluded))))
        if not term.permitted:
            forbidden.append(negation(encoding.is_license(work, lic_id)))
        for right in kb.activity_needs(term, encoding.release.policy):
            if not lic.grants(right) and right not in _granted(graph, work):
                needs.setdefault(right, []).append(negation(encoding.is_license(work, lic_id)))
    constraints = encoding.constraints
    if allowed_parts or target_domain is None:
        constraints[Label("term", work, edge.target, edge.term, edge)] = all_of(allowed_parts)
    if forbidden:
        constraints[Label("forbidden", work, edge.target, edge.term, edge)] = all_of(forbidden)
    for right, parts in sorted(needs.items()):
        constraints[Label("activity-need", work, edge.target, right, edge)] = all_of(parts)


def release_license_constraint(encoding: ReleaseEncoding, license_id: str) -> z3.BoolRef:
    """Holds when the released work may be put under `license_id`."""
    kb, release = encoding.kb, encoding.release
    if not encoding.graph.is_original(release.work):
        return encoding.is_license(release.work, license_id)
    # Passing on a reused work under another license is a copy of it: its copy term decides.
    excluded = []
    for lic_id in encoding.domains[release.work]:
        lic = kb.licenses[lic_id]
        copy = lic.terms["copy"]
        allowed = kb.allowed_results(lic, copy)
        if (allowed is not None and license_id not in allowed) or license_id in kb.excluded_results(lic, copy):
            excluded.append(negation(encoding.is_license(release.work, lic_id)))
    return all_of(excluded)


def release_license_options(encoding: ReleaseEncoding) -> tuple[dict[str, z3.BoolRef], list[z3.BoolRef]]:
    """A fresh choice variable per license the release could be put under, and the constraints
    that exactly one is chosen and that the chosen one is allowed."""
    options = {lic: boolean(f"release-as[{encoding.release.work}]={lic}") for lic in encoding.kb.risk_order()
               if not encoding.kb.is_unknown(lic)}
    constraints = [exactly_one(list(options.values()))]
    constraints += [implies(var, release_license_constraint(encoding, lic)) for lic, var in options.items()]
    return options, constraints


def _encode_release_goals(encoding: ReleaseEncoding) -> None:
    kb, graph, release = encoding.kb, encoding.graph, encoding.release
    constraints = encoding.constraints
    if release.license and kb.is_unknown(release.license):
        # Released under a license nobody knows: its recipients get unknown terms (license-unknown).
        constraints[Label("unknown", release.work, release.work)] = constant(False)
    elif release.license:
        constraints[Label("release-license", release.work, detail=release.license)] = \
            release_license_constraint(encoding, release.license)
    scope = set(encoding.scope)
    for work in encoding.scope:
        if not graph.is_original(work):
            continue
        missing: dict[str, list[z3.BoolRef]] = {}
        granted = _granted(graph, work)
        for lic_id in encoding.domains[work]:
            lic = kb.licenses[lic_id]
            for right in needed_rights(lic, release.policy, release.form):
                if not lic.grants(right) and right not in granted:
                    missing.setdefault(right, []).append(negation(encoding.is_license(work, lic_id)))
        for right, parts in sorted(missing.items()):
            constraints[Label("need", work, release.work, right)] = all_of(parts)
    for work in encoding.works:
        # A license nobody knows: no release it reaches can be compliant (license-unknown).
        unknown = [lic for lic in encoding.domains[work] if graph.is_original(work) and kb.is_unknown(lic)]
        # The release itself put under a license nobody knows (above) is the stronger goal of the same label.
        if unknown and Label("unknown", work, release.work) not in constraints:
            constraints[Label("unknown", work, release.work)] = \
                all_of([negation(encoding.is_license(work, lic)) for lic in unknown])
    if release.policy == "personal":
        return
    for work in encoding.works:
        if work not in scope or graph.is_original(work):
            continue
        for trigger in encoding.proliferation.triggers_into(work):
            if trigger.work not in scope:
                continue
            result_type = graph.project.type_of(work)
            parts = []
            for lic_id in encoding.domains[trigger.work]:
                if not encoding.proliferation.applies(trigger, lic_id):
                    continue
                lic = kb.licenses[lic_id]
                term = lic.terms[trigger.edge.term].for_result_type(result_type)
                if not term.shareable and distributes(lic, release):
                    parts.append(negation(encoding.is_license(trigger.work, lic_id)))
            if parts:
                constraints[Label("no-share", trigger.work, work, trigger.edge.term, trigger.edge)] = all_of(parts)
