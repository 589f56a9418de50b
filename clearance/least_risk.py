"""The third phase of the analysis: each work's least risky license, decided work by work in
topological order (a lexicographic optimum), each choice kept for the works after it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearance.encodings import Label, ReleaseEncoding
from clearance.graph import ProjectGraph
from clearance.solver import TrackedProblem

if TYPE_CHECKING:
    import z3


def least_risk(encoding: ReleaseEncoding, graph: ProjectGraph, problem: TrackedProblem,
               labels: list[Label]) -> dict[str, str]:
    """Each work's license under `labels`: the least risky choice, decided in topological order
    (none when `labels` cannot hold). The choices stay asserted on `problem` only while deciding."""
    if not problem.is_sat(labels):
        return {}
    model = problem.model()  # invariant: satisfies `labels` and the choices made so far
    with problem.holding(labels):
        for work in encoding.works:
            model = _least_risk_of(encoding, graph, problem, work, model)
    return encoding.chosen(model)


def _least_risk_of(encoding: ReleaseEncoding, graph: ProjectGraph, problem: TrackedProblem, work: str,
                   model: z3.ModelRef) -> z3.ModelRef:
    """Fix `work` to its least risky license that can hold with the choices made so far."""
    domain = encoding.domains[work]
    if len(domain) == 1:
        return model  # nothing to choose (and nothing to read from the model)
    if graph.is_original(work):
        # A reused work is pinned by its declaration unless it offers a choice.
        declared = [lic for lic in domain if lic in graph.project.works[work].alternatives]
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
