"""Minimal hitting sets of a family of conflicts, cheapest first, in pure Python.

When every minimal unsatisfiable subset (MUS) of a set of labels is known, the minimal correction
sets over its soft labels are exactly the minimal hitting sets of the MUSes: the hard labels and
the soft labels outside a set C hold together iff C takes at least one soft label out of every
MUS. This answers what `WeightedProblem.correction_sets` asks a MaxSMT optimizer, without one.

The search is an exact branch and bound with a node budget: past the budget it gives up (None),
and the caller asks the optimizer instead, so a huge family can never blow up."""

from __future__ import annotations

from bisect import insort
from collections.abc import Hashable, Iterable, Mapping

NODE_BUDGET = 2000  # search nodes (~10 us each); the paper's conflicts take under 10, a hub audit's up to ~200

Found = list[tuple[list[Hashable], int]]


def minimal_hitting_sets(conflicts: Iterable[Iterable[Hashable]], weights: Mapping[Hashable, int], limit: int,
                         budget: int | None = None) -> Found | None:
    """The `limit` cheapest subset-minimal sets of labels of `weights` that hit every conflict, each
    with its cost (the sum of its weights, all positive), by cost then by the sorted labels.

    Labels of a conflict that `weights` does not name are hard: they cannot be dropped. Like
    `correction_sets`, returns [] when nothing needs dropping (no conflict) and when nothing can
    help (a conflict made only of hard labels). Ties are ordered by their sorted labels, so with
    more than `limit` sets of one cost the first ones in that order are given (an optimizer's pick
    among them would depend on its search). None when the search would take more than `budget`
    nodes (by default NODE_BUDGET): the caller must then answer some other way."""
    if limit <= 0:
        return []
    family = _reduced(conflicts, weights)
    if not family or not all(family):
        return []
    search = _Search(family, weights, limit, NODE_BUDGET if budget is None else budget)
    if not search.run(frozenset(), frozenset(), 0):
        return None
    return [(sorted(labels), cost) for cost, labels in search.found]


def _reduced(conflicts: Iterable[Iterable[Hashable]], weights: Mapping[Hashable, int]) -> list[frozenset]:
    """The conflicts' soft labels, without repeats and without supersets of others (hitting the
    smaller one hits them), in a fixed order."""
    sets = sorted({frozenset(label for label in conflict if label in weights) for conflict in conflicts},
                  key=lambda labels: (len(labels), sorted(labels)))
    kept: list[frozenset] = []
    for labels in sets:
        if not any(smaller <= labels for smaller in kept):
            kept.append(labels)
    return kept


class _Search:
    """Depth-first branch and bound over (chosen, excluded) labels.

    Each node branches on an unhit conflict: branch i chooses its i-th candidate and excludes the
    candidates before it, so every hitting set lies under exactly one branch and none is met twice."""

    def __init__(self, family: list[frozenset], weights: Mapping[Hashable, int], limit: int, budget: int) -> None:
        self.family, self.weights, self.limit, self.budget = family, weights, limit, budget
        self.nodes = 0
        self.found: list[tuple[int, tuple]] = []  # (cost, sorted labels), the best `limit` so far

    def run(self, chosen: frozenset, excluded: frozenset, cost: int) -> bool:
        """Search below one node; False when the node budget ran out."""
        self.nodes += 1
        if self.nodes > self.budget:
            return False
        unhit = [labels for labels in self.family if not labels & chosen]
        if not self._minimal(chosen):
            return True  # a chosen label no longer needed stays unneeded below: never minimal
        if not unhit:
            self._record(chosen, cost)
            return True
        candidates = [labels - excluded for labels in unhit]
        if not all(candidates) or cost + self._lower_bound(candidates) > self._threshold():
            return True
        branch = min(candidates, key=len)
        before: set[Hashable] = set()
        for label in sorted(branch):
            if not self.run(chosen | {label}, excluded | before, cost + self.weights[label]):
                return False
            before.add(label)
        return True

    def _minimal(self, chosen: frozenset) -> bool:
        """True when every chosen label is the only chosen one in some conflict."""
        private = {next(iter(hit)) for hit in (labels & chosen for labels in self.family) if len(hit) == 1}
        return len(private) == len(chosen)

    def _lower_bound(self, candidates: list[frozenset]) -> int:
        """A cost every completion must add: disjoint conflicts need one label each."""
        bound, used = 0, set()
        for labels in sorted(candidates, key=len):
            if used.isdisjoint(labels):
                used |= labels
                bound += min(self.weights[label] for label in labels)
        return bound

    def _threshold(self) -> float:
        """The cost above which nothing more can be among the best `limit`."""
        return self.found[-1][0] if len(self.found) >= self.limit else float("inf")

    def _record(self, chosen: frozenset, cost: int) -> None:
        insort(self.found, (cost, tuple(sorted(chosen))))
        del self.found[self.limit:]
