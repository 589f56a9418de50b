"""The project graph (section 3.2 of the paper): works are nodes, each edge a
work given to a step, with its role (mix, sub, aux) and the license term it
triggers. Also activity proliferation and the release scope."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project

PATH_HEAD, PATH_TAIL = 4, 4


def lexicographic_order(after: dict[str, Iterable[str]]) -> list[str]:
    """A topological order of the graph `after` (node -> the nodes that come after it), taking the
    smallest ready node first (Kahn's algorithm); nodes on a cycle, and after one, are left out."""
    waiting = dict.fromkeys(after, 0)
    for targets in after.values():
        for target in targets:
            waiting[target] += 1
    ready = [node for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        node = heapq.heappop(ready)
        order.append(node)
        for target in after[node]:
            waiting[target] -= 1
            if waiting[target] == 0:
                heapq.heappush(ready, target)
    return order


@dataclass(frozen=True)
class Edge:
    """A work (`source`) given to the step that makes `target`."""

    source: str
    target: str
    role: str
    slot: str
    term: str
    activity: str


@dataclass(frozen=True)
class Trigger:
    """A work whose license term an edge triggers: the edge's source itself or,
    by activity proliferation, one of its mix-works (recursively). A reused work whose term reaches
    the result only through what was made with it (a generator whose output a model is trained on)
    lists the edges it was given through in `vias`: the term applies under the licenses whose term
    for one of those edges `reaches` this one. No vias: it applies under every license."""

    work: str
    edge: Edge
    vias: tuple[Edge, ...] = ()


class ProjectGraph:
    """The dependency graph of a project, with the traversals the analysis needs."""

    def __init__(self, project: Project, kb: KnowledgeBase) -> None:
        self.project = project
        self.kb = kb
        # Plain adjacency: a check needs only these traversals, and importing networkx
        # would cost more than the whole analysis of a small project.
        self._in: dict[str, dict[str, Edge]] = {work: {} for work in (*project.works, *project.steps)}
        self._out: dict[str, dict[str, Edge]] = {work: {} for work in self._in}
        for step in project.steps.values():
            rule = kb.vocabulary.activities[step.activity]
            for given in step.inputs:
                edge = Edge(given.work, step.id, given.role, given.slot,
                            rule.term_for(given.slot, given.role), step.activity)
                self._in[step.id][given.work] = edge
                self._out[given.work][step.id] = edge
        self._into: dict[str, list[Edge]] = {}
        self._reach_memo: dict[str, tuple[tuple[str, Edge], ...]] = {}
        self._reacher_memo: dict[str, tuple[str, ...]] = {}
        self._toward: dict[str, tuple[dict[str, str], dict[str, int]]] = {}
        self._cuts: dict[tuple[str, int], dict[str, str]] = {}

    def predecessors(self, work_id: str) -> list[str]:
        """The works given to the step that makes `work_id`, sorted."""
        return sorted(self._in[work_id])

    def successors(self, work_id: str) -> list[str]:
        """The steps `work_id` is given to, sorted."""
        return sorted(self._out[work_id])

    def is_original(self, work_id: str) -> bool:
        """True for a reused work (declared license), false for a step's result."""
        return work_id in self.project.works

    def edges_into(self, work_id: str) -> list[Edge]:
        """The edges of the step that makes `work_id`, in a stable order."""
        if work_id not in self._into:
            self._into[work_id] = sorted(self._in[work_id].values(), key=lambda e: e.source)
        return self._into[work_id]

    def edges_out_of(self, work_id: str) -> list[Edge]:
        """The edges from `work_id` to the steps that use it, in a stable order."""
        return sorted(self._out[work_id].values(), key=lambda e: e.target)

    def mix_inputs(self, work_id: str) -> list[str]:
        """The works embedded in `work_id` as mix-works (activity proliferation reaches them)."""
        return [edge.source for edge in self.edges_into(work_id) if edge.role == "mix"]

    def ancestry(self, work_id: str) -> list[str]:
        """`work_id` and every work it is made from, by any role, in topological order."""
        nodes = {work_id}
        frontier = [work_id]
        while frontier:
            node = frontier.pop()
            for previous in self._in[node]:
                if previous not in nodes:
                    nodes.add(previous)
                    frontier.append(previous)
        return lexicographic_order({node: [s for s in self._out[node] if s in nodes] for node in nodes})

    def carries(self, edge: Edge, license_ids: tuple[str, ...]) -> bool:
        """True when the edge's source goes into the result: a mix- or sub-work, or an
        aux-work whose license defines the result as a derivative (e.g. OpenRAIL distillation)."""
        if edge.role in ("mix", "sub"):
            return True
        return any(self.kb.licenses[lic].terms[edge.term].result == "derivative" for lic in license_ids)

    def scope(self, work_id: str, licenses: dict[str, tuple[str, ...]]) -> list[str]:
        """The works released with `work_id`: itself and what it carries, recursively, including a
        reused work whose term reaches a result it was not given to and makes it a derivative."""
        seen = {work_id}
        order = [work_id]
        for node in order:
            result_type = self.project.type_of(node)
            for edge in self.edges_into(node):
                if edge.source not in seen and self.carries(edge, licenses.get(edge.source, ())):
                    seen.add(edge.source)
                    order.append(edge.source)
                for part, via in self.reach_sources(edge.source):
                    if part not in seen and any(
                            self.reaches(lic, via, edge.term)
                            and self.kb.licenses[lic].terms[edge.term].for_result_type(result_type).result
                            == "derivative" for lic in licenses.get(part, ())):
                        seen.add(part)
                        order.append(part)
        return sorted(seen)

    def reaches(self, license_id: str, via: Edge, term_name: str) -> bool:
        """True when, under `license_id`, the term `via` triggers carries its work on into what is made
        from via's result by `term_name` (a model trained on a model's output: Gemma s.1.1(e)(iii))."""
        term = self.kb.licenses[license_id].terms[via.term].for_result_type(self.project.type_of(via.target))
        return term_name in term.reaches

    @cached_property
    def _reachers(self) -> frozenset[str]:
        """The reused works with an alternative license one of whose terms reaches further."""
        reaching = self.kb.reaching_licenses
        return frozenset(work_id for work_id, work in self.project.works.items()
                         if reaching.intersection(work.alternatives))

    def reach_sources(self, work_id: str) -> tuple[tuple[str, Edge], ...]:
        """(reused work, via) for each reused work whose term may reach what is made from `work_id`:
        it, or a work it is mixed into, was given through `via` (not as a mix-work) to the step
        making `work_id` or a work mixed into it. Only works under a license whose terms reach are
        listed (memoised, no recursion); whether a term does reach is `reaches`."""
        if not self._reachers:
            return ()
        memo = self._reach_memo

        def value(node: str) -> tuple[tuple[str, Edge], ...]:
            found: dict[tuple[str, Edge], None] = {}
            for via in self.edges_into(node):
                if via.role == "mix":
                    found.update(dict.fromkeys(memo[via.source]))
                else:
                    found.update(dict.fromkeys((part, via) for part in self._reacher_parts(via.source)))
            return tuple(found)

        return self.over_mix_inputs(memo, work_id, value)

    def _reacher_parts(self, work_id: str) -> tuple[str, ...]:
        """`work_id` and its mix-works, recursively, that are reused works whose license may reach."""
        memo = self._reacher_memo

        def value(node: str) -> tuple[str, ...]:
            found = dict.fromkeys([node] if node in self._reachers else [])
            for source in self.mix_inputs(node):
                found.update(dict.fromkeys(memo[source]))
            return tuple(found)

        return self.over_mix_inputs(memo, work_id, value)

    def over_mix_inputs(self, memo: dict[str, Any], work_id: str, value: Callable[[str], Any]) -> Any:
        """`memo[work_id]`, after filling `memo` for `work_id` and every work mixed into it,
        recursively, mix-inputs first: `value(node)` may read `memo` for the node's mix-inputs.
        Each node is computed once per memo, without recursion (a long chain of mixes is deep)."""
        stack = [work_id]
        while stack:
            node = stack[-1]
            if node in memo:
                stack.pop()
                continue
            pending = [source for source in self.mix_inputs(node) if source not in memo]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            memo[node] = value(node)
        return memo[work_id]

    def path(self, source: str, target: str) -> tuple[tuple[str, ...], int]:
        """A shortest chain of works from `source` to `target`, and how many works were left out of
        its middle: a chain longer than PATH_HEAD + PATH_TAIL keeps only its ends, so that a
        lineage thousands of steps deep does not make every finding as long as the lineage."""
        toward, distance = self._paths_to(target)
        if source not in toward:
            return (source, target), 0
        head = [source]
        while len(head) < PATH_HEAD + PATH_TAIL and head[-1] != target:
            head.append(toward[head[-1]])
        if head[-1] == target:
            return tuple(head), 0
        head = head[:PATH_HEAD]
        tail = [self._at_distance(source, PATH_TAIL - 1, target)]
        while tail[-1] != target:
            tail.append(toward[tail[-1]])
        return (*head, *tail), distance[source] + 1 - PATH_HEAD - PATH_TAIL

    def _paths_to(self, target: str) -> tuple[dict[str, str], dict[str, int]]:
        """Breadth-first from `target` against the edges: each work's next hop toward it and distance."""
        if target not in self._toward:
            toward, distance = {target: target}, {target: 0}
            frontier = [target]
            while frontier:
                following = []
                for node in frontier:
                    for previous in sorted(self._in[node]):
                        if previous not in toward:
                            toward[previous], distance[previous] = node, distance[node] + 1
                            following.append(previous)
                frontier = following
            self._toward[target] = (toward, distance)
        return self._toward[target]

    def _at_distance(self, source: str, steps: int, target: str) -> str:
        """The work on `source`'s chain toward `target` that is `steps` from the target (memoised)."""
        toward, distance = self._paths_to(target)
        memo = self._cuts.setdefault((target, steps), {})
        pending = []
        node = source
        while node not in memo and distance[node] > steps:
            pending.append(node)
            node = toward[node]
        found = memo.get(node, node)
        for visited in pending:
            memo[visited] = found
        return found
