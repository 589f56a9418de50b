"""Activity proliferation without enumerating it: the works whose license terms
a step triggers (its inputs and, recursively, their mix-works), keeping only the
ones whose possible licenses say something about that term, and the licenses a
derived work can possibly need.

Each work is visited once per (term, result type), so a lineage of thousands of
fine-tunes costs linear time when its terms are silent or permissive, and a
diamond ladder never has its paths enumerated."""

from __future__ import annotations

from collections.abc import Callable

from clearance.graph import Edge, ProjectGraph, Trigger
from clearance.knowledge_base import KnowledgeBase


class Proliferation:
    """The triggers of each step, over the license domains known so far (filled in topological order)."""

    def __init__(self, graph: ProjectGraph, kb: KnowledgeBase, domains: dict[str, tuple[str, ...]],
                 reachable: frozenset[str] | None = None) -> None:
        self.graph, self.kb, self.domains = graph, kb, domains
        # The licenses a derived work can take at all (`reachable_licenses`); None: any license.
        self.reachable = reachable
        self._closures: dict[tuple[str, str], dict[str, tuple[tuple[str, Edge | None], ...]]] = {}
        self._triggers: dict[str, list[Trigger]] = {}

    def speaks(self, work: str, term_name: str, result_type: str) -> bool:
        """True when some license `work` may be under says something about `term_name`: it limits the
        result's license, forbids the activity or sharing its result, or lacks a right it needs.
        Excluding licenses no derived work can take says nothing (Apache-2.0 excludes GPL-2.0
        results: in a lineage where no work can be under GPL-2.0, every Apache-2.0 model would
        otherwise reach every later step, a quadratic number of constraints that always hold)."""
        for lic_id in self.domains[work]:
            lic = self.kb.licenses[lic_id]
            term = lic.terms[term_name].for_result_type(result_type)
            # Rights needed under some policy count: the triggers do not depend on the release.
            needs = {*self.kb.vocabulary.term_activities[term_name], *(r for rs in term.needs_for.values() for r in rs)}
            if (not term.permitted or not term.shareable or self.kb.allowed_results(lic, term) is not None
                    or self._excludes(lic, term) or not all(lic.grants(right) for right in needs)):
                return True
        return False

    def _excludes(self, lic, term) -> bool:
        excluded = self.kb.excluded_results(lic, term)
        return bool(excluded) and (self.reachable is None or not excluded.isdisjoint(self.reachable))

    def applies(self, trigger: Trigger, license_id: str) -> bool:
        """True when the trigger's term applies under `license_id`: always for a work the edge holds,
        and for a work that reaches through `vias` when its term for one of them reaches this one."""
        return not trigger.vias or any(self.graph.reaches(license_id, via, trigger.edge.term) for via in trigger.vias)

    def _reaching(self, part: str, via: Edge, term_name: str, result_type: str) -> bool:
        return (any(self.graph.reaches(lic_id, via, term_name) for lic_id in self.domains[part])
                and self.speaks(part, term_name, result_type))

    def _closure(self, work: str, term_name: str, result_type: str) -> tuple[tuple[str, Edge | None], ...]:
        """`work` and its mix-works, recursively, that speak about the term, each with None; and each
        reused work whose term reaches the term through what was made with it, with the edge it was
        given through (memoised, no recursion)."""
        memo = self._closures.setdefault((term_name, result_type), {})

        def value(node: str) -> tuple[tuple[str, Edge | None], ...]:
            found = dict.fromkeys([(node, None)] if self.speaks(node, term_name, result_type) else [])
            for source in self.graph.mix_inputs(node):
                found.update(dict.fromkeys(memo[source]))
            found.update(dict.fromkeys((part, via) for part, via in self.graph.reach_sources(node)
                                       if self._reaching(part, via, term_name, result_type)))
            return tuple(found)

        return self.graph.over_mix_inputs(memo, work, value)

    def triggers_into(self, work: str) -> list[Trigger]:
        """The (work, edge) pairs whose license term the step making `work` triggers and that say
        something about it. A work reached by several edges with the same term counts once: held
        by one of them, it applies under every license; otherwise through all the edges it reaches by."""
        if work not in self._triggers:
            result_type = self.graph.project.type_of(work)
            found: dict[tuple[str, str], Trigger] = {}
            for edge in self.graph.edges_into(work):
                for part, via in self._closure(edge.source, edge.term, result_type):
                    known = found.get((part, edge.term))
                    if known is None or (via is None and known.vias):
                        found[(part, edge.term)] = Trigger(part, edge, () if via is None else (via,))
                    elif via is not None and known.vias and via not in known.vias:
                        found[(part, edge.term)] = Trigger(part, known.edge, (*known.vias, via))
            self._triggers[work] = list(found.values())
        return self._triggers[work]

    def possible_licenses(self, work: str, extra: tuple[str, ...] = ()) -> set[str]:
        """The licenses a derived work can need: the least restrictive one (the vocabulary's
        preferred unrestricted license), `extra`, and every license a triggered term may require.
        Under any other license the work would be unconstrained, and the unrestricted license
        serves it at least as well, downstream too."""
        possible = {self.kb.vocabulary.preferred_unrestricted, *extra}
        result_type = self.graph.project.type_of(work)
        for trigger in self.triggers_into(work):
            for lic_id in self.domains[trigger.work]:
                if not self.applies(trigger, lic_id):
                    continue
                lic = self.kb.licenses[lic_id]
                allowed = self.kb.allowed_results(lic, lic.terms[trigger.edge.term].for_result_type(result_type))
                if allowed is not None:
                    possible |= allowed
        return possible


def reachable_licenses(kb: KnowledgeBase, base: set[str]) -> frozenset[str]:
    """Every license a derived work can take when its domain is built from `base` (the unrestricted
    license, the intended licenses, the licenses reused works may be under): `base` and, again and
    again, every license a term of one of them allows for a result (`Proliferation.possible_licenses`
    adds no other). The closure of a set is the union of its members' closures, each memoised."""
    return frozenset().union(*(kb.reachable_from(license_id) for license_id in base))


Reached = dict[str, dict[tuple[str, str], tuple[Edge, bool, bool]]]


def reached_terms(graph: ProjectGraph, works: list[str], in_scope: Callable[[str], bool],
                  reaches: Callable[[str, Edge, str], bool] | None = None) -> Reached:
    """For each work: every (term, result type) some step triggers on it, directly or through
    the mix-works it is part of, with the first edge that does, whether a step whose result
    is in the release scope does, and whether it is reached only through what was made with the
    work: `reaches(work, edge, term)` says when the work's term for `edge` carries it into what is
    made from the edge's result by `term` (Gemma s.1.1(e)(iii)). One pass over the works in
    reverse topological order."""
    reached: Reached = {}
    members = set(works)
    for work in reversed(works):
        found: dict[tuple[str, str], tuple[Edge, bool, bool]] = {}
        for edge in graph.edges_out_of(work):
            if edge.target not in members:
                continue
            _note(found, (edge.term, graph.project.type_of(edge.target)), edge, in_scope(edge.target), False)
            if edge.role == "mix":
                for other_key, (other_edge, other_scoped, other_through) in reached[edge.target].items():
                    _note(found, other_key, other_edge, other_scoped, other_through)
        if reaches is not None:
            for edge, _, _ in list(found.values()):
                for other_key, (other_edge, other_scoped, _) in reached.get(edge.target, {}).items():
                    if reaches(work, edge, other_key[0]):
                        _note(found, other_key, other_edge, other_scoped, True)
        reached[work] = found
    return reached


def _note(found: dict[tuple[str, str], tuple[Edge, bool, bool]], key: tuple[str, str], edge: Edge, scoped: bool,
          through: bool) -> None:
    """Record that `key` is reached by `edge` (the first edge that does is kept)."""
    first, was_scoped, was_through = found.get(key, (edge, False, through))
    found[key] = (first, was_scoped or scoped, was_through)
