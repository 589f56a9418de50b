"""Turns tracked labels (an unsat core) into short sentences in the user's terms."""

from __future__ import annotations

from clearance.encodings import Label
from clearance.encodings.release import ReleaseEncoding
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
        if label.kind == "need":
            said = [f"{release.work} is {POLICIES[release.policy]} {self._form(release)}, which needs "
                    f"{RIGHTS[label.detail]} for {label.work}"]
            if lic_id:
                said.append(self.grants_no(lic_id, label.detail))
            return said
        if label.kind == "activity-need":
            said = [f"{self.how(label)}, which needs {RIGHTS[label.detail]}"]
            if lic_id:
                said.append(self.grants_no(lic_id, label.detail))
            return said
        if label.kind == "forbidden":
            said = [self.how(label)]
            if lic_id:
                term = self.kb.licenses[lic_id].terms[label.detail]
                said.append(f"{lic_id} forbids {TERM_NAMES[label.detail]} ({term.clause})")
            return said
        if label.kind == "no-share":
            said = [self.how(label)]
            if lic_id:
                term = self.kb.licenses[lic_id].terms[label.detail]
                said.append(f"under {lic_id}, the result of {TERM_NAMES[label.detail]} may not be shared "
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
