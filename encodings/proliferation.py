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
        self._closures: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
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

    def _closure(self, work: str, term_name: str, result_type: str) -> tuple[str, ...]:
        """`work` and its mix-works, recursively, that speak about the term (memoised, no recursion)."""
        memo = self._closures.setdefault((term_name, result_type), {})
        stack = [work]
        while stack:
            node = stack[-1]
            if node in memo:
                stack.pop()
                continue
            inputs = self.graph.mix_inputs(node)
            pending = [source for source in inputs if source not in memo]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            found = dict.fromkeys([node] if self.speaks(node, term_name, result_type) else [])
            for source in inputs:
                found.update(dict.fromkeys(memo[source]))
            memo[node] = tuple(found)
        return memo[work]

    def triggers_into(self, work: str) -> list[Trigger]:
        """The (work, edge) pairs whose license term the step making `work` triggers and that say
        something about it. A work reached by several edges with the same term counts once."""
        if work not in self._triggers:
            result_type = self.graph.project.type_of(work)
            seen: set[tuple[str, str]] = set()
            found = []
            for edge in self.graph.edges_into(work):
                for part in self._closure(edge.source, edge.term, result_type):
                    if (part, edge.term) not in seen:
                        seen.add((part, edge.term))
                        found.append(Trigger(part, edge))
            self._triggers[work] = found
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
                lic = self.kb.licenses[lic_id]
                allowed = self.kb.allowed_results(lic, lic.terms[trigger.edge.term].for_result_type(result_type))
                if allowed is not None:
                    possible |= allowed
        return possible


def reachable_licenses(kb: KnowledgeBase, base: set[str]) -> frozenset[str]:
    """Every license a derived work can take when its domain is built from `base` (the unrestricted
    license, the intended licenses, the licenses reused works may be under): `base` and, again and
    again, every license a term of one of them allows for a result (`Proliferation.possible_licenses`
    adds no other)."""
    found, pending = set(base), list(base)
    types = kb.vocabulary.work_types
    while pending:
        lic = kb.licenses[pending.pop()]
        for term in lic.terms.values():
            for result_type in types:
                allowed = kb.allowed_results(lic, term.for_result_type(result_type))
                for other in allowed or ():
                    if other not in found:
                        found.add(other)
                        pending.append(other)
    return frozenset(found)


def reached_terms(graph: ProjectGraph, works: list[str], in_scope: Callable[[str], bool]
                  ) -> dict[str, dict[tuple[str, str], tuple[Edge, bool]]]:
    """For each work: every (term, result type) some step triggers on it, directly or through
    the mix-works it is part of, with the first edge that does and whether a step whose result
    is in the release scope does. One pass over the works in reverse topological order."""
    reached: dict[str, dict[tuple[str, str], tuple[Edge, bool]]] = {}
    members = set(works)
    for work in reversed(works):
        found: dict[tuple[str, str], tuple[Edge, bool]] = {}
        for edge in graph.edges_out_of(work):
            if edge.target not in members:
                continue
            key = (edge.term, graph.project.type_of(edge.target))
            first, scoped = found.get(key, (edge, False))
            found[key] = (first, scoped or in_scope(edge.target))
            if edge.role == "mix":
                for other_key, (other_edge, other_scoped) in reached[edge.target].items():
                    first, scoped = found.get(other_key, (other_edge, False))
                    found[other_key] = (first, scoped or other_scoped)
        reached[work] = found
    return reached
