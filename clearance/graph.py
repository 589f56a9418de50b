"""The project graph (section 3.2 of the paper): works are nodes, each edge a
work given to a step, with its role (mix, sub, aux) and the license term it
triggers. Also activity proliferation and the release scope."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project


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
    by activity proliferation, one of its mix-works (recursively)."""

    work: str
    edge: Edge


class ProjectGraph:
    """The dependency graph of a project, with the traversals the analysis needs."""

    def __init__(self, project: Project, kb: KnowledgeBase) -> None:
        self.project = project
        self.kb = kb
        graph = nx.DiGraph()
        graph.add_nodes_from(sorted(project.works))
        graph.add_nodes_from(sorted(project.steps))
        for step in project.steps.values():
            rule = kb.vocabulary.activities[step.activity]
            for given in step.inputs:
                edge = Edge(given.work, step.id, given.role, given.slot,
                            rule.term_for(given.slot, given.role), step.activity)
                graph.add_edge(given.work, step.id, edge=edge)
        self.graph = graph

    def is_original(self, work_id: str) -> bool:
        """True for a reused work (declared license), false for a step's result."""
        return work_id in self.project.works

    def edges_into(self, work_id: str) -> list[Edge]:
        """The edges of the step that makes `work_id`, in a stable order."""
        edges = [data["edge"] for _, _, data in self.graph.in_edges(work_id, data=True)]
        return sorted(edges, key=lambda e: e.source)

    @cached_property
    def _mix_parts(self) -> dict[str, tuple[str, ...]]:
        parts: dict[str, tuple[str, ...]] = {}
        for node in nx.lexicographical_topological_sort(self.graph):
            found = [node]
            for edge in self.edges_into(node):
                if edge.role == "mix":
                    found.extend(parts[edge.source])
            parts[node] = tuple(dict.fromkeys(found))
        return parts

    def mix_closure(self, work_id: str) -> tuple[str, ...]:
        """`work_id` and its mix-works, recursively (activity proliferation)."""
        return self._mix_parts[work_id]

    def triggers_into(self, work_id: str) -> list[Trigger]:
        """Every (work, edge) whose license term the step making `work_id` triggers."""
        return [Trigger(part, edge) for edge in self.edges_into(work_id) for part in self.mix_closure(edge.source)]

    def ancestry(self, work_id: str) -> list[str]:
        """`work_id` and every work it is made from, by any role, in topological order."""
        nodes = nx.ancestors(self.graph, work_id) | {work_id}
        return [n for n in nx.lexicographical_topological_sort(self.graph.subgraph(nodes))]

    def carries(self, edge: Edge, license_ids: tuple[str, ...]) -> bool:
        """True when the edge's source goes into the result: a mix- or sub-work, or an
        aux-work whose license defines the result as a derivative (e.g. OpenRAIL distillation)."""
        if edge.role in ("mix", "sub"):
            return True
        return any(self.kb.licenses[lic].terms[edge.term].result == "derivative" for lic in license_ids)

    def scope(self, work_id: str, licenses: dict[str, tuple[str, ...]]) -> list[str]:
        """The works released with `work_id`: itself and what it carries, recursively."""
        seen = {work_id}
        order = [work_id]
        for node in order:
            for edge in self.edges_into(node):
                if edge.source not in seen and self.carries(edge, licenses.get(edge.source, ())):
                    seen.add(edge.source)
                    order.append(edge.source)
        return sorted(seen)

    def path(self, source: str, target: str) -> list[str]:
        """A shortest chain of works from `source` to `target`."""
        try:
            return nx.shortest_path(self.graph, source, target)
        except nx.NetworkXNoPath:
            return [source, target]
