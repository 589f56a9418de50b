"""Licenses synthesized from expressions: `A AND B` (every part applies) and `A WITH E`
(a license exception, licenses/exceptions/*.yaml, changes some terms of A).

AND: a right is granted only when every part grants it; obligations, restrictions and the
forms needing source are joined; a result must satisfy every part, so its allowed licenses
are the intersection of what each part allows (and the combination itself, which carries
every part). The parts are kept on the license and on each term, so that
`KnowledgeBase.allowed_results` and the explanations can name them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from clearance.model import RIGHTS, Departure, Grant, License, Term

EXCEPTION_KEYS = {"id", "name", "url", "aliases", "applies_to", "terms", "adds_compatible", "text_checked",
                  "notes"}
RESULT_ORDER = ("undefined", "independent", "copy", "derivative")
RELICENSE_ORDER = ("any", "with-use-restrictions", "compatible", "same")


@dataclass(frozen=True)
class LicenseException:
    """A license exception (SPDX): the license terms it replaces, each citing its clause."""

    id: str
    name: str
    url: str
    aliases: tuple[str, ...]
    applies_to: tuple[str, ...]
    terms: dict[str, dict[str, Any]]
    adds_compatible: tuple[str, ...] = ()
    notes: str | None = None


def check_exception(raw: Any, expected_id: str, checker) -> LicenseException | None:
    """Check one exception file with the license checker `checker` (its vocabulary and problems)."""
    if not isinstance(raw, dict):
        checker.problem("(top)", "an exception file is a mapping")
        return None
    for missing in sorted({"id", "name", "url", "applies_to", "terms"} - set(raw)):
        checker.problem(missing, "missing")
    for extra in sorted(set(raw) - EXCEPTION_KEYS):
        checker.problem(extra, "unknown key")
    if raw.get("id") != expected_id:
        checker.problem("id", f"'{raw.get('id')}' does not match the file name '{expected_id}'")
    if not str(raw.get("url", "")).startswith("http"):
        checker.problem("url", "every exception has a URL")
    checker.text_checked(raw.get("text_checked"))
    terms: dict[str, dict[str, Any]] = {}
    for activity, change in (raw.get("terms") or {}).items():
        key = f"terms.{activity}"
        if activity not in checker.vocabulary.term_activities:
            checker.problem(key, "not a term activity of the vocabulary")
            continue
        if not isinstance(change, dict) or not str(change.get("clause") or "").strip():
            checker.problem(key, "an exception's change is a mapping that cites its clause")
            continue
        # Checked as the term it makes of a term that is a derivative under the same license.
        checker.term(key, activity, {"result": "derivative", "relicense": "same", **change})
        terms[activity] = dict(change)
    return LicenseException(
        id=str(raw.get("id")), name=str(raw.get("name", "")), url=str(raw.get("url", "")),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        applies_to=tuple(str(a) for a in raw.get("applies_to") or ()), terms=terms,
        adds_compatible=tuple(str(a) for a in raw.get("adds_compatible") or ()), notes=raw.get("notes"))


def _changed(term: Term, change: dict[str, Any], exception: LicenseException) -> Term:
    fields = {key: value for key, value in change.items() if key in ("result", "relicense", "shareable", "permitted")}
    for key in ("restrictions", "obligations"):
        if key in change:
            fields[key] = tuple(change[key])
    clause = f"{exception.id}: {change['clause']} (in place of: {term.clause})"
    return replace(term, clause=clause, note=change.get("note", term.note), **fields)


def with_exception(kb, base: License, exception: LicenseException) -> License:
    """`base WITH exception`: the base license with the exception's terms in place of its own."""
    from clearance.exceptions import InputError
    if base.parts or base.id not in exception.applies_to:
        raise InputError(f"{exception.id} is an exception to {', '.join(exception.applies_to)}, not to {base.id}")
    terms = {}
    for activity, term in base.terms.items():
        change = exception.terms.get(activity)
        if change is None:
            terms[activity] = term
            continue
        overrides = {kind: _changed(sub, change, exception) for kind, sub in term.by_result_type.items()}
        terms[activity] = replace(_changed(term, change, exception), by_result_type=overrides)
    compatible = tuple(dict.fromkeys((*base.compatible, *(c for c in exception.adds_compatible
                                                          if c in kb.licenses and c != base.id))))
    return replace(base, id=f"{base.id} WITH {exception.id}", name=f"{base.name} with the {exception.name}",
                   aliases=(), terms=terms, compatible=compatible,
                   notes=f"{base.id} as changed by {exception.id} ({exception.url}). {exception.notes or ''}".strip())


def _join(texts: list[tuple[str, str]]) -> str:
    return "; ".join(f"{lic_id}: {text}" for lic_id, text in texts if text)


def _union(groups) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def _combined_term(parts: list[License], terms: list[Term], activity: str) -> Term:
    return Term(
        activity=activity,
        result=max((t.result for t in terms), key=RESULT_ORDER.index),
        relicense=max((t.relicense for t in terms), key=RELICENSE_ORDER.index),
        clause=_join([(lic.id, t.clause) for lic, t in zip(parts, terms, strict=True)]),
        shareable=all(t.shareable for t in terms), permitted=all(t.permitted for t in terms),
        restrictions=_union(t.restrictions for t in terms), obligations=_union(t.obligations for t in terms),
        reaches=_union(t.reaches for t in terms),
        needs_for={policy: _union(t.needs_for.get(policy, ()) for t in terms)
                   for policy in sorted({policy for t in terms for policy in t.needs_for})},
        parts=tuple(zip(parts, terms, strict=True)))


def _grant(parts: list[License], right: str) -> Grant:
    def holds(lic: License) -> bool:
        # A part that licenses recipients directly needs no sublicense right to be passed on.
        return lic.grants(right) or (right == "sublicense" and lic.direct_licensing)

    missing = [lic for lic in parts if not holds(lic)]
    if missing:
        return Grant(False, _join([(lic.id, lic.rights[right].clause) for lic in missing]))
    return Grant(True, _join([(lic.id, lic.rights[right].clause) for lic in parts]))


def combined_license(kb, parts: list[License]) -> License:
    """`A AND B AND ...`: one license whose every right, term and obligation is all the parts'."""
    families = kb.vocabulary.families
    terms = {}
    for activity in kb.vocabulary.term_activities:
        own = [lic.terms[activity] for lic in parts]
        term = _combined_term(parts, own, activity)
        types = sorted({kind for t in own for kind in t.by_result_type})
        overrides = {kind: _combined_term(parts, [t.for_result_type(kind) for t in own], activity) for kind in types}
        terms[activity] = replace(term, by_result_type=overrides)
    clauses: dict[str, str] = {}
    for flag in sorted({flag for lic in parts for flag in lic.clauses}):
        clauses[flag] = _join([(lic.id, lic.clauses[flag]) for lic in parts if flag in lic.clauses])
    return License(
        id=" AND ".join(lic.id for lic in parts), name=" and ".join(lic.name for lic in parts), version=None,
        url=parts[0].url, aliases=(), family=max((lic.family for lic in parts), key=lambda f: families[f]),
        copyleft=any(lic.copyleft for lic in parts), types=_union(lic.types for lic in parts),
        public=all(lic.public for lic in parts), revocable=any(lic.revocable for lic in parts),
        direct_licensing=all(lic.direct_licensing for lic in parts),
        permits_further_restrictions=all(lic.permits_further_restrictions for lic in parts),
        saas_is_distribution=any(lic.saas_is_distribution for lic in parts),
        source_required_for=_union(lic.source_required_for for lic in parts), compatible=(),
        clauses=clauses, rights={right: _grant(parts, right) for right in RIGHTS},
        distribution_obligations=_union(lic.distribution_obligations for lic in parts),
        distribution_clause=_join([(lic.id, lic.distribution_clause) for lic in parts]), terms=terms,
        departures=tuple(Departure(f"{lic.id}: {d.key}", d.text, d.paper, d.used)
                         for lic in parts for d in lic.departures),
        carries=_union(lic.carries for lic in parts), refuses=_union(lic.refuses for lic in parts),
        notes="Every part applies (AND): a right only where every part grants it, every part's obligations "
              "and restrictions, and a result under a license every part allows.",
        parts=tuple(parts))
