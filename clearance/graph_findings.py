"""The warnings, notices and restrictions of one release (Table 1), read off the project graph and the
licenses the analysis chose: what a license is (copyleft, revocable, not public, written for another
type of work), what releasing under it asks for, and what the terms reached through the graph add."""

from __future__ import annotations

from typing import Any

from clearance.encodings import ReleaseEncoding
from clearance.encodings.proliferation import reached_terms
from clearance.encodings.release import distributes
from clearance.findings import RESTRICTION_CODES, Finding
from clearance.graph import Edge, ProjectGraph
from clearance.knowledge_base import KnowledgeBase
from clearance.model import License, Release
from clearance.wording import TERM_NAMES, made_from, released_as

_NOTICE_OBLIGATIONS = ("include-license", "include-notice", "state-changes")


def graph_findings(encoding: ReleaseEncoding, graph: ProjectGraph, kb: KnowledgeBase, release: Release,
                   chosen: dict[str, str]) -> list[Finding]:
    """Every warning, notice and restriction of `release`, each work under its license in `chosen`."""
    return _GraphFindings(encoding, graph, kb, release, chosen).collect()


class _GraphFindings:
    """Collects the findings of one release in order: those of each reused work's license, then one
    per license and mismatched work type, then those of the terms the graph reaches."""

    def __init__(self, encoding: ReleaseEncoding, graph: ProjectGraph, kb: KnowledgeBase, release: Release,
                 chosen: dict[str, str]) -> None:
        self.encoding, self.graph, self.kb, self.release, self.chosen = encoding, graph, kb, release, chosen
        self.scope = set(encoding.scope)
        self.found: list[Finding] = []

    def collect(self) -> list[Finding]:
        """The findings, in the order they are found."""
        mismatched: dict[tuple[str, str], list[str]] = {}
        for work in sorted(self.scope):
            if not self._chosen_original(work):
                continue
            lic = self.kb.licenses[self.chosen[work]]
            self._of_license(work, lic)
            work_type = self.graph.project.works[work].type
            if work_type not in lic.types:
                mismatched.setdefault((lic.id, work_type), []).append(work)
        for (lic_id, work_type), works in sorted(mismatched.items()):
            self.found.append(self._type_mismatch(self.kb.licenses[lic_id], work_type, works))
        graph, chosen = self.graph, self.chosen
        reached = reached_terms(graph, self.encoding.works, self.scope.__contains__,
                                lambda work, edge, term: graph.is_original(work) and work in chosen
                                and graph.reaches(chosen[work], edge, term))
        for part in self.encoding.works:
            if self._chosen_original(part):
                lic = self.kb.licenses[chosen[part]]
                for (term_name, result_type), (edge, scoped, through) in sorted(reached[part].items()):
                    self._of_term(part, lic, term_name, result_type, edge, scoped, through)
        return self.found

    def _chosen_original(self, work: str) -> bool:
        """Whether `work` is a reused work the analysis chose a license for."""
        return self.graph.is_original(work) and work in self.chosen

    def _add(self, code: str, work: str, lic_id: str, message: str, because: tuple[str, ...],
             **extra: Any) -> None:
        """Record a finding about `work` (under `lic_id`), with its path to the released work."""
        path, elided = self.graph.path(work, self.release.work)
        self.found.append(Finding(code, self.release.work, work, lic_id, message, (work,), path, because,
                                  path_elided=elided, **extra))

    def _of_license(self, work: str, lic: License) -> None:
        """What the license of a reused work is, and what releasing under it asks for."""
        release, project = self.release, self.graph.project
        fact = f"{work} is licensed {lic.id}"
        if lic.copyleft:
            self._add("copyleft", work, lic.id, f"{lic.id} of {work} is a copyleft license",
                      (fact, f"{lic.id} is copyleft ({lic.family})"))
        if lic.revocable:
            self._add("revocable", work, lic.id, f"the rights {lic.id} grants for {work} are revocable",
                      (fact, f"{lic.id}: {lic.clauses.get('revocable', 'the grant is not irrevocable')}"))
        if not lic.public:
            self._add("not-public", work, lic.id, f"{lic.id} of {work} is not a public license",
                      (fact, f"{lic.id} is not publicly offered"))
        if release.policy != "personal" and release.form in lic.source_required_for:
            form = released_as(release.form, project.type_of(release.work))
            self._add("disclose-source", work, lic.id,
                      f"{lic.id} of {work} requires the source of {release.work} to be offered when it is released "
                      f"{form}",
                      (fact, f"{lic.id}: {lic.clauses.get('source_required_for', '')}",
                       f"{release.work} is released {form}"))
        if distributes(lic, release):
            for obligation in lic.distribution_obligations:
                if obligation in _NOTICE_OBLIGATIONS:
                    self._add(obligation, work, lic.id, _obligation_text(obligation, work, lic.id),
                              (fact, f"{lic.id}: {lic.distribution_clause}"))

    def _of_term(self, part: str, lic: License, term_name: str, result_type: str, edge: Edge, scoped: bool,
                 through: bool) -> None:
        """What a term of `part`'s license, reached through `edge`, adds: a right it does not
        explicitly grant, its restrictions, and (within the release's scope) its obligations."""
        term = lic.terms[term_name].for_result_type(result_type)
        how = made_from(edge.source, edge.target, edge.activity, edge.role, edge.term)
        if part != edge.source:
            how = f"{part} {'went into' if through else 'is part of'} {edge.source}, and {how}"
        because = (f"{part} is licensed {lic.id}", how, f"{lic.id}: {term.clause}")
        if term.result == "undefined":
            self._add("rights-not-explicit", part, lic.id,
                      f"{lic.id} of {part} does not explicitly grant {TERM_NAMES[term_name]} ({edge.target})",
                      because, activity=term_name)
        for restriction in term.restrictions:
            self._add(RESTRICTION_CODES[restriction], part, lic.id,
                      _restriction_text(restriction, self.release.work, part, lic.id), because)
        if part in self.scope and scoped and distributes(lic, self.release):
            for obligation in term.obligations:
                if obligation != "disclose-source":
                    self._add(obligation, part, lic.id, _obligation_text(obligation, part, lic.id), because)

    def _type_mismatch(self, lic: License, work_type: str, works: list[str]) -> Finding:
        """One finding per license and work type, whatever the number of works under it. A software
        license on a model is the paper's own case for it, and common: a notice, not a warning."""
        shown = ", ".join(works[:3]) + (f" and {len(works) - 3} more" if len(works) > 3 else "")
        one, many = {"data": ("a dataset", "datasets"), "model": ("a model", "models")}.get(
            work_type, (work_type, work_type))
        verb, kind = ("is", one) if len(works) == 1 else ("are", many)
        path, elided = self.graph.path(works[0], self.release.work)
        because = (f"{works[0]} is licensed {lic.id}", f"{lic.id} is written for {', '.join(lic.types)}",
                   f"{works[0]} is {work_type}")
        level = "notice" if work_type == "model" and "software" in lic.types else None
        return Finding("license-type-mismatch", self.release.work, works[0], lic.id,
                       f"{lic.id} is written for {', '.join(lic.types)}, but {shown} {verb} {kind}", tuple(works),
                       path, because, path_elided=elided, group=tuple(works) if len(works) > 1 else (), level=level)


def _restriction_text(restriction: str, released: str, work: str, lic_id: str) -> str:
    """What a restriction of `lic_id` (on `work`) asks of the released work."""
    return {
        "use-behavioral": f"{released} must comply with the use restrictions of {lic_id} ({work})",
        "runtime": f"{released} must comply with the runtime restrictions of {lic_id} ({work})",
        "pass-on-terms": f"whoever receives {released} must get the terms of {lic_id} ({work}) and its use policy",
        "attribution-display": f"{released} must display the attribution {lic_id} asks for ({work})",
        "name-prefix": f"a model made from {work} and made available must be named as {lic_id} says",
        "user-threshold": f"above the user threshold of {lic_id} ({work}) a separate license is needed",
    }[restriction]


def _obligation_text(obligation: str, work: str, lic_id: str) -> str:
    """What an obligation of `lic_id` on distributing `work` asks for."""
    return {
        "state-changes": f"state the changes made to {work}, as {lic_id} requires",
        "include-license": f"include the license text of {work} ({lic_id})",
        "include-notice": f"keep the copyright, attribution and other notices of {work} ({lic_id})",
    }[obligation]
