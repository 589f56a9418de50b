"""What a determined license means to a reader: whether the components impose it, or leave the
choice to whoever releases the work; and, when a conflict blocks the determination, the license the
largest consistent part of the license terms requires (MaxSAT), marked as conflicting.

A term that names the licenses its result may take (`relicense: same` or `compatible`) imposes a
license. One that only rules out licenses unable to carry the component's terms (`relicense:
with-use-restrictions`, or the licenses that refuse the terms it carries) limits the choice but
imposes none; a silent or permissive term (`relicense: any`) leaves it free. The analysis picks the
least risky license either way, so a work nothing imposes a license on comes out under the
Unlicense: that is the least restrictive choice, not a license anyone has to use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clearance.graph import ProjectGraph, Trigger
from clearance.knowledge_base import KnowledgeBase
from clearance.model import License, Term

if TYPE_CHECKING:
    from clearance.analysis import ReleaseAnalysis
    from clearance.encodings import Label


@dataclass(frozen=True)
class Determined:
    """The determined license of one derived work, as a reader needs it.

    license: the least risky license the work can be under (or, with `conflicting`, the one the
    largest consistent part of the terms requires); None when nothing can be said.
    imposed: the components' terms fix the license (to one license or a list of compatible ones).
    least_restrictive: the least restrictive license the components allow for it.
    limited: the choice is limited to licenses that can carry the components' use restrictions.
    conflicting: the terms conflict, and `license` is what their largest consistent part requires.
    intended: the project names the license it intends for the work (its step's or its release's).
    alternatives: with `conflicting`, the other licenses equally large consistent parts require."""

    license: str | None
    imposed: bool
    least_restrictive: str | None
    limited: bool = False
    conflicting: bool = False
    intended: bool = False
    alternatives: tuple[str, ...] = ()

    @property
    def free(self) -> bool:
        """True when nothing imposes a license and the project names none: `license` is only the least
        restrictive choice."""
        return self.license is not None and not (self.imposed or self.conflicting or self.intended)

    def to_json(self) -> dict:
        """The fields a release's JSON object carries (docs/json.md)."""
        return {"license_imposed": self.imposed, "least_restrictive": self.least_restrictive,
                "license_conflicting": self.conflicting, "conflicting_alternatives": list(self.alternatives)}


def imposes(kb: KnowledgeBase, lic: License, term: Term) -> bool:
    """True when `term` of `lic` names the licenses its result may take (same or compatible), rather
    than only ruling out those that cannot carry the work's terms."""
    if term.parts:
        return any(imposes(kb, part, part_term) for part, part_term in term.parts)
    return kb.allowed_results(lic, term) is not None and term.relicense in ("same", "compatible")


def determine(graph: ProjectGraph, kb: KnowledgeBase, triggers: Iterable[Trigger], chosen: dict[str, str],
              work: str, conflicting: tuple[str, ...] = (), order: list[str] | None = None,
              intended: bool = False) -> Determined:
    """How the license of derived `work` is determined, given the license `chosen` for every work (a
    trigger's work without one counts as imposing nothing). With `conflicting`, the work's terms
    conflict, and `conflicting` holds what their largest consistent part requires, then the licenses
    equally large parts require. `order` is the
    knowledge base's risk order (passed in by a caller that asks for many works); `intended`, that the
    project names the license it intends for the work."""
    result_type = graph.project.type_of(work)
    allowed: set[str] | None = None
    excluded: set[str] = set()
    imposed = False
    for trigger in triggers:
        lic_id = chosen.get(trigger.work)
        if lic_id is None:
            continue
        lic = kb.licenses[lic_id]
        term = lic.terms[trigger.edge.term].for_result_type(result_type)
        imposed = imposed or imposes(kb, lic, term)
        found = kb.allowed_results(lic, term)
        if found is not None:
            allowed = set(found) if allowed is None else allowed & found
        excluded |= kb.excluded_results(lic, term)
    order = order or kb.risk_order()
    least = next((lic for lic in order if (allowed is None or lic in allowed) and lic not in excluded), None)
    if conflicting:
        return Determined(conflicting[0], imposed, least, allowed is not None, True, intended, conflicting[1:])
    return Determined(chosen.get(work), imposed, least, allowed is not None, False, intended)


def phrase(determined: Determined | None) -> str:
    """The words a report puts after a release's verdict: 'under GPL-3.0-only', 'no license imposed:
    your choice; least restrictive: Unlicense', or the conflicting license."""
    if determined is None or determined.license is None:
        return "no license can be determined (conflict)"
    lic = determined.license
    if determined.conflicting:
        return f"under {lic}, conflicting (no license can be determined)"
    if determined.imposed:
        return f"under {lic}"
    choice = "your choice of a license that carries the use restrictions" if determined.limited else "your choice"
    if determined.intended:
        return f"under {lic} (no license imposed: {choice})"
    return f"no license imposed: {choice}; least restrictive: {determined.least_restrictive or lic}"


def release_phrase(result) -> str:
    """How a release's license reads after its verdict (`result` a clearance.analysis.ReleaseResult): its
    determination's `phrase`, or, for a reused work released as it is, 'under' its own license."""
    if result.determination is None:
        return f"under {result.license}" if result.license else "no license can be determined (conflict)"
    return phrase(result.determination)


def short_phrase(determined: Determined | None) -> str:
    """The determined license in a table cell or a lineage box: 'GPL-3.0-only', 'your choice
    (least restrictive: Unlicense)', 'GPL-3.0-only (conflicting)' or 'none (conflict)'."""
    if determined is None or determined.license is None:
        return "none (conflict)"
    if determined.conflicting:
        return f"{determined.license} (conflicting)"
    if not determined.free:
        return determined.license
    return f"your choice (least restrictive: {determined.least_restrictive or determined.license})"


TIES = 4  # correction sets asked for, so that equally large consistent parts are all seen
FROM_CONFLICTS = True  # take the correction sets from a complete enumeration of conflicts (False: always the optimizer)


def largest_consistent(analysis: ReleaseAnalysis, works: set[str]) -> dict[str, tuple[str, ...]]:
    """The license of each of `works` (derived works whose terms conflict) that the largest consistent
    part of the knowledge requires: the least risky license under what `largest_parts` keeps. Each
    work gets its license first, then the other licenses equally large parts require."""
    knowledge = analysis.knowledge()
    licenses: dict[str, list[str]] = {}
    for dropped in largest_parts(analysis):
        chosen = analysis.least_risk([label for label in knowledge if label not in set(dropped)])
        for work in sorted(works):
            if work in chosen and work in analysis.encoding.domains and chosen[work] not in licenses.get(work, []):
                licenses.setdefault(work, []).append(chosen[work])
    return {work: tuple(found_licenses) for work, found_licenses in licenses.items()}


def determined_licenses(analysis: ReleaseAnalysis, chosen: dict[str, str],
                        undetermined: set[str]) -> dict[str, Determined]:
    """How each derived work of `analysis` (after its phases) has its license determined, `chosen` being the
    least risky licenses; for the `undetermined` works (their terms conflict), the license the largest
    consistent part of the terms requires (MaxSAT over the tracked labels)."""
    graph, kb, release = analysis.graph, analysis.kb, analysis.release
    conflicting = largest_consistent(analysis, undetermined) if undetermined else {}
    proliferation, order, steps = analysis.encoding.proliferation, kb.risk_order(), graph.project.steps
    first = {work: licenses[0] for work, licenses in conflicting.items()}
    return {work: determine(graph, kb, proliferation.triggers_into(work),
                            {**chosen, **first} if work in undetermined else chosen, work,
                            conflicting.get(work, ()) if work in undetermined else (), order,
                            bool(steps[work].license or (work == release.work and release.license)))
            for work in analysis.encoding.works if not graph.is_original(work)
            and (work in chosen or work in conflicting)}


def largest_parts(analysis: ReleaseAnalysis, from_conflicts: bool | None = None) -> list[tuple[Label, ...]]:
    """The term labels to drop for the largest consistent parts of the knowledge (at most TIES, each
    sorted, in sorted order; [] when the declarations alone conflict): MaxSAT over the tracked term
    labels, the declarations held. Terms that impose a license count before those that only limit
    the choice (a correction set drops as few imposing terms as it can, then as few others), as the
    paper determines a license by proliferation first and checks the other terms against it.
    Equally large parts (ties) are ordered by the labels they drop, so the answer does not depend on
    the optimizer's search.

    When the analysis found every conflict (its enumeration was not capped), the correction sets
    are the minimal hitting sets of the conflicts (clearance/solver/hitting.py), with no solver call;
    otherwise, when that search is too large, or with `from_conflicts` False (by default
    FROM_CONFLICTS), z3's Optimize finds them (a seeded optimizer; `unknown` raises). They differ only
    with more than TIES equally large parts: the hitting sets keep the first TIES in sorted order,
    the optimizer the first TIES its search meets."""
    from clearance.solver.hitting import minimal_hitting_sets
    from clearance.solver.optimize import WeightedProblem
    knowledge = analysis.knowledge()
    in_conflict = {label for core in analysis.conflicts for label in core if label.kind == "term"}
    # With every conflict found, the terms outside them hold together with the declarations.
    soft_terms = [label for label in knowledge if label.kind == "term"
                  and (analysis.capped or label in in_conflict)]
    imposing = {label for label in soft_terms if _imposing(analysis, label)}
    heavy = len(soft_terms) - len(imposing) + 1
    soft = {label: heavy if label in imposing else 1 for label in soft_terms}
    exact = FROM_CONFLICTS if from_conflicts is None else from_conflicts
    found = minimal_hitting_sets(analysis.conflicts, soft, TIES) if exact and not analysis.capped else None
    if found is None:
        hard = [label for label in knowledge if label not in soft]
        found = WeightedProblem(analysis.problem).correction_sets(hard, soft, TIES)
    best = min((cost for _, cost in found), default=0)
    return sorted(tuple(sorted(dropped)) for dropped, cost in found if cost == best)


def _imposing(analysis: ReleaseAnalysis, label) -> bool:
    """True when some license the label's work may be under imposes a license through its term."""
    kb, graph = analysis.kb, analysis.graph
    result_type = graph.project.type_of(label.target)
    return any(imposes(kb, kb.licenses[lic], kb.licenses[lic].terms[label.detail].for_result_type(result_type))
               for lic in analysis.encoding.domains[label.work])


def conflict_note(determined: Determined | None) -> str | None:
    """The line that says what a conflicting license is, or None when the license is not conflicting."""
    if determined is None or not determined.conflicting or determined.license is None:
        return None
    also = f" (an equally large part requires {', '.join(determined.alternatives)})" if determined.alternatives else ""
    return (f"license conflicting: the largest consistent part of the license terms requires {determined.license}"
            f"{also}; the conflict below keeps it from holding")
