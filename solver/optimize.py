"""Optimisation over tracked labels (MaxSMT with z3's Optimize): minimal correction
sets ranked by cost, and options ranked by weight."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import z3

from clearance.solver.factory import decided
from clearance.solver.tracked import TrackedProblem


class WeightedProblem:
    """The labels of a `TrackedProblem`, asked optimisation questions in fresh optimizers."""

    def __init__(self, problem: TrackedProblem, extra: Sequence[z3.BoolRef] = ()) -> None:
        self.problem = problem
        self.extra = list(extra)
        self.checks = 0

    def _optimizer(self, hard: Iterable[Hashable], soft: Iterable[Hashable] = ()) -> z3.Optimize:
        problem = self.problem
        optimizer = problem.settings.optimizer()
        optimizer.add(*problem.background, *self.extra)
        for label in [*hard, *soft]:
            optimizer.add(z3.Implies(problem.indicator[label], problem.constraints[label]))
        for label in hard:
            optimizer.add(problem.indicator[label])
        return optimizer

    def _check(self, optimizer: z3.Optimize) -> bool:
        self.checks += 1
        self.problem.settings.bound(optimizer)
        return decided(optimizer.check(), optimizer)

    def correction_sets(self, hard: Sequence[Hashable], soft: Mapping[Hashable, int],
                        limit: int) -> list[tuple[list[Hashable], int]]:
        """The minimal correction sets of `soft` given `hard`, cheapest first, at most `limit`.

        A correction set is a set of soft labels whose removal makes everything else hold
        together; each one found is blocked (at least one of its labels must then hold), so
        the next optimum is another set, and minimal: a cheaper subset would have been found
        first. Returns each set with its cost; [] when `hard` alone cannot hold."""
        hard = list(hard)
        optimizer = self._optimizer(hard, soft)
        indicator = self.problem.indicator
        for label, weight in soft.items():
            optimizer.add_soft(indicator[label], weight)
        found: list[tuple[list[Hashable], int]] = []
        while len(found) < limit and self._check(optimizer):
            model = optimizer.model()
            relaxed = sorted(label for label in soft if z3.is_false(model.eval(indicator[label], True)))
            if not relaxed:
                break
            found.append((relaxed, sum(soft[label] for label in relaxed)))
            optimizer.add(z3.Or([indicator[label] for label in relaxed]))
        return found

    def ranked(self, hard: Sequence[Hashable], options: Mapping[str, z3.BoolRef], option_constraints:
               Sequence[z3.BoolRef], weights: Mapping[str, int]) -> list[str]:
        """Every option that can hold together with `hard`, from the lowest weight up.

        `options` are choice variables, exactly one of which holds (`option_constraints`);
        each optimum is the lightest remaining option, which is then excluded. Ties are
        broken by the order of `options`."""
        names = list(options)
        tie = {name: index for index, name in enumerate(names)}
        optimizer = self._optimizer(hard)
        optimizer.add(*option_constraints)
        scale = len(names) + 1
        optimizer.minimize(z3.Sum([z3.If(options[name], weights[name] * scale + tie[name], 0) for name in names]))
        ranking: list[str] = []
        while self._check(optimizer):
            model = optimizer.model()
            chosen = next(name for name in names if z3.is_true(model.eval(options[name], True)))
            ranking.append(chosen)
            optimizer.add(z3.Not(options[chosen]))
        return ranking
