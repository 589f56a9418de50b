"""Turns tracked labels (an unsat core) into short sentences in the user's terms."""

from __future__ import annotations

from clearance.encodings import Label
from clearance.encodings.release import ReleaseEncoding, distributes, needed_rights
from clearance.wording import POLICIES, RIGHTS, TERM_NAMES, made_from, released_as


class Explainer:
    """Renders labels of one release as sentences, given the best-known licenses."""

    def __init__(self, encoding: ReleaseEncoding, licenses: dict[str, str | None]) -> None:
        self.encoding = encoding
        self.kb = encoding.kb
        self.project = encoding.graph.project
        self.licenses = licenses

    def license_of(self, work: str) -> str | None:
        """The license a work is known to have (declared, or determined)."""
        if work in self.project.works:
            alternatives = self.project.works[work].alternatives
            return alternatives[0] if len(alternatives) == 1 else self.licenses.get(work)
        return self.licenses.get(work)

    def how(self, label: Label) -> str:
        """How the label's work reaches its target."""
        edge = label.edge
        text = made_from(edge.source, edge.target, edge.activity, edge.role, edge.term)
        if label.work != edge.source:
            vias = next((trigger.vias for trigger in self.encoding.proliferation.triggers_into(edge.target)
                         if trigger.work == label.work and trigger.edge == edge), ())
            if vias:  # the work reaches the result through what was made with it (Term.reaches)
                via = vias[0]
                made = made_from(via.source, via.target, via.activity, via.role, via.term)
                held = f"{label.work} is part of {via.source}, and " if via.source != label.work else ""
                text = f"{held}{made}, and {text}"
            else:
                text = f"{label.work} is part of {edge.source}, and {text}"
        return text

    def effect(self, lic_id: str, label: Label) -> str:
        """What a term of `lic_id` requires of the result."""
        lic = self.kb.licenses[lic_id]
        term = lic.terms[label.detail].for_result_type(self.project.type_of(label.target))
        clause = f" ({term.clause})"
        if term.relicense == "same":
            return f"under {lic_id}, the result of {TERM_NAMES[term.activity]} must stay under {lic_id}{clause}"
        if term.relicense == "compatible":
            names = ", ".join([lic_id, *lic.compatible])
            return f"under {lic_id}, the result of {TERM_NAMES[term.activity]} must be under one of {names}{clause}"
        if term.relicense == "with-use-restrictions":
            return (f"under {lic_id}, the result of {TERM_NAMES[term.activity]} must carry its use restrictions, "
                    f"so it cannot be under a license that cannot carry them (one that forbids further restrictions, "
                    f"or a waiver that leaves no condition to carry them){clause}")
        excluded = self.kb.excluded_results(lic, term)
        if excluded:
            carried = " and ".join(term_name.replace("-", " ") for term_name in lic.carries)
            return (f"under {lic_id}, the result of {TERM_NAMES[term.activity]} keeps its {carried} terms "
                    f"({lic.clauses.get('carries', '')}), which {', '.join(sorted(excluded))} refuse as further "
                    f"restrictions")
        return f"under {lic_id}, {TERM_NAMES[term.activity]} leaves the result free{clause}"

    def grants_no(self, lic_id: str, right: str) -> str:
        """'CC-BY-NC-SA-4.0 grants no commercial use (clause)'."""
        what = RIGHTS[right].replace("the right", "right").replace("a patent", "patent")
        return f"{lic_id} grants no {what} ({self.kb.licenses[lic_id].rights[right].clause})"

    def breaking(self, label: Label) -> list[str]:
        """The licenses under which a goal on one work fails: the work's known license when the goal
        fails under it, else (a work offering a choice, whose chosen license meets this goal but not
        another one of the same core) each declared alternative the goal fails under."""
        lic_id = self.license_of(label.work)
        if lic_id and self._breaks(lic_id, label):
            return [lic_id]
        work = self.project.works.get(label.work)
        failing = [alt for alt in work.alternatives if self._breaks(alt, label)] if work else []
        return failing or ([lic_id] if lic_id else [])

    def _breaks(self, lic_id: str, label: Label) -> bool:
        """True when the goal `label` fails for its work under `lic_id` (as encodings/release.py says)."""
        lic, release = self.kb.licenses[lic_id], self.encoding.release
        work = self.project.works.get(label.work)
        granted = work.granted if work else ()
        if label.kind == "need":
            needed = needed_rights(lic, release.policy, release.form)
            return label.detail in needed and not lic.grants(label.detail) and label.detail not in granted
        term = lic.terms[label.edge.term].for_result_type(self.project.type_of(label.target))
        if label.kind == "activity-need":
            needed = self.kb.activity_needs(term, release.policy)
            return label.detail in needed and not lic.grants(label.detail) and label.detail not in granted
        if label.kind == "forbidden":
            return not term.permitted
        return label.kind == "no-share" and not term.shareable and distributes(lic, release)

    def _form(self, release) -> str:
        return released_as(release.form, self.project.type_of(release.work))

    def sentences(self, label: Label) -> list[str]:
        """The sentences for one label."""
        release = self.encoding.release
        if label.kind == "fact":
            return [f"{label.work} is licensed {label.detail}"]
        if label.kind == "intended":
            return [f"{label.work} is intended to be licensed {label.detail}"]
        if label.kind == "release-license":
            return [f"{label.work} is to be released under {label.detail}"]
        if label.kind == "unknown":
            return [f"nobody knows the license of {label.work}, and {release.work} is made from it: "
                    f"a license that is not known grants nothing"]
        lic_id = self.license_of(label.work)
        if label.kind == "term":
            said = [self.how(label)]
            if lic_id:
                said.append(self.effect(lic_id, label))
            return said
        breaking = self.breaking(label)
        if label.kind == "need":
            said = [f"{release.work} is {POLICIES[release.policy]} {self._form(release)}, which needs "
                    f"{RIGHTS[label.detail]} for {label.work}"]
            return said + [self.grants_no(lic, label.detail) for lic in breaking]
        if label.kind == "activity-need":
            said = [f"{self.how(label)}, which needs {RIGHTS[label.detail]}"]
            return said + [self.grants_no(lic, label.detail) for lic in breaking]
        if label.kind == "forbidden":
            said = [self.how(label)]
            for lic in breaking:
                term = self.kb.licenses[lic].terms[label.detail]
                said.append(f"{lic} forbids {TERM_NAMES[label.detail]} ({term.clause})")
            return said
        if label.kind == "no-share":
            said = [self.how(label)]
            for lic in breaking:
                term = self.kb.licenses[lic].terms[label.detail]
                said.append(f"under {lic}, the result of {TERM_NAMES[label.detail]} may not be shared "
                            f"({term.clause})")
            said.append(f"{release.work} is {POLICIES[release.policy]} {self._form(release)}")
            return said
        return [label.name]

    def because(self, core: list[Label]) -> tuple[str, ...]:
        """The sentences of a whole core: facts first, then how works flow, then what is asked."""
        order = {"fact": 0, "term": 1, "intended": 2, "activity-need": 3, "forbidden": 3, "no-share": 4,
                 "need": 5, "release-license": 6, "unknown": 7}
        said: list[str] = []
        for label in sorted(core, key=lambda lab: (order.get(lab.kind, 9), lab)):
            for sentence in self.sentences(label):
                if sentence not in said:
                    said.append(sentence)
        return tuple(said)
