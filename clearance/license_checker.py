"""The checks of one license file against the closed vocabulary (licenses/vocabulary.yaml): every
key, value and term of the file, each problem reported with its file and key, and the checks across
files (names, `compatible`). `clearance.knowledge_base` builds the knowledge base with them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from clearance.model import RIGHTS, Departure, Grant, License, Term, TextChecked
from clearance.vocabulary import Vocabulary

LICENSE_KEYS = {
    "id", "name", "version", "url", "aliases", "family", "copyleft", "types", "public", "revocable",
    "direct_licensing", "permits_further_restrictions", "saas_is_distribution", "source_required_for",
    "compatible", "clauses", "rights", "distribution_obligations", "distribution_clause", "terms",
    "departures", "notes", "text_checked", "carries", "refuses",
}
OPTIONAL_KEYS = {"departures", "notes", "clauses", "text_checked", "carries", "refuses"}
BOOL_KEYS = ("copyleft", "public", "revocable", "direct_licensing", "permits_further_restrictions",
             "saas_is_distribution")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TERM_KEYS = {"reaches", "result", "relicense", "shareable", "permitted", "restrictions", "obligations", "clause",
             "by_result_type", "note", "needs_for"}


class LicenseChecker:
    """Collects the problems of one license file."""

    def __init__(self, vocabulary: Vocabulary, source: str, problems: list[str],
                 locate: Callable[[str], int | None] | None = None) -> None:
        self.vocabulary = vocabulary
        self.source = source
        self.problems = problems
        self.locate = locate  # key path -> line, for files a user wrote (FILE:LINE)
        # (key, activity, id of the raw term) -> (the raw term, kept so its id stays its own; its Term)
        self._terms: dict[tuple[str, str, int], tuple[Any, Term | None]] = {}

    def problem(self, key: str, message: str) -> None:
        line = self.locate(key) if self.locate else None
        where = f"{self.source}:{line}" if line else self.source
        self.problems.append(f"{where}: {key}: {message}")

    def members(self, key: str, values: Any, allowed: tuple[str, ...] | dict) -> tuple[str, ...]:
        if not isinstance(values, list):
            self.problem(key, "must be a list")
            return ()
        for value in values:
            if value not in allowed:
                self.problem(key, f"'{value}' is not in the vocabulary ({', '.join(allowed)})")
        return tuple(values)

    def term(self, key: str, activity: str, raw: Any) -> Term | None:
        """The Term at `key`. A file's other reading shares the terms no departure changes (the
        same raw mapping): each is checked and built once, and both readings hold that Term."""
        known = self._terms.get((key, activity, id(raw)))
        if known is not None and known[0] is raw:
            return known[1]
        term = self._term(key, activity, raw)
        self._terms[(key, activity, id(raw))] = (raw, term)
        return term

    def _term(self, key: str, activity: str, raw: Any) -> Term | None:
        if not isinstance(raw, dict):
            self.problem(key, "must be a mapping")
            return None
        for extra in sorted(set(raw) - TERM_KEYS):
            self.problem(f"{key}.{extra}", "unknown key")
        vocabulary = self.vocabulary
        result = raw.get("result")
        if result not in vocabulary.result_kinds:
            self.problem(f"{key}.result", f"'{result}' is not a result kind")
        relicense = raw.get("relicense", "any")
        if relicense not in vocabulary.relicense_modes:
            self.problem(f"{key}.relicense", f"'{relicense}' is not a relicense mode")
        if result in ("independent", "undefined") and relicense != "any":
            self.problem(f"{key}.relicense", f"a {result} result cannot restrict relicensing")
        clause = raw.get("clause")
        if not isinstance(clause, str) or not clause.strip():
            self.problem(f"{key}.clause", "every term cites its clause")
        for flag in ("shareable", "permitted"):
            if not isinstance(raw.get(flag, True), bool):
                self.problem(f"{key}.{flag}", "must be true or false")
        needs_for: dict[str, tuple[str, ...]] = {}
        for policy, rights in (raw.get("needs_for") or {}).items():
            if policy not in vocabulary.policies:
                self.problem(f"{key}.needs_for.{policy}", "not a release policy")
                continue
            needs_for[policy] = self.members(f"{key}.needs_for.{policy}", rights, vocabulary.rights)
        overrides: dict[str, Term] = {}
        for work_type, sub in (raw.get("by_result_type") or {}).items():
            if work_type not in vocabulary.work_types:
                self.problem(f"{key}.by_result_type.{work_type}", "not a work type")
                continue
            merged = {k: v for k, v in raw.items() if k != "by_result_type"} | (sub or {})
            override = self.term(f"{key}.by_result_type.{work_type}", activity, merged)
            if override:
                overrides[work_type] = override
        return Term(
            activity=activity, result=result, relicense=relicense, clause=clause or "",
            shareable=raw.get("shareable", True), permitted=raw.get("permitted", True),
            restrictions=self.members(f"{key}.restrictions", raw.get("restrictions", []), vocabulary.restrictions),
            obligations=self.members(f"{key}.obligations", raw.get("obligations", []), vocabulary.obligations),
            by_result_type=overrides, note=raw.get("note"), needs_for=needs_for,
            reaches=self.members(f"{key}.reaches", raw.get("reaches", []), tuple(vocabulary.term_activities)))

    def text_checked(self, raw: Any) -> TextChecked | None:
        """The optional record of the text the file was checked against: {url, date, version}."""
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.problem("text_checked", "must be a mapping {url, date, version}")
            return None
        for extra in sorted(set(raw) - {"url", "date", "version"}):
            self.problem(f"text_checked.{extra}", "unknown key (url, date, version)")
        url, date, version = raw.get("url"), raw.get("date"), raw.get("version")
        if isinstance(date, datetime.date):  # YAML reads an unquoted 2026-12-01 as a date
            date = date.isoformat()
        if not isinstance(url, str) or not url.startswith("http"):
            self.problem("text_checked.url", "the URL of the text that was read")
        if not isinstance(date, str) or not _ISO_DATE.fullmatch(date):
            self.problem("text_checked.date", "the date it was read: YYYY-MM-DD")
        if version is not None and not isinstance(version, str):
            self.problem("text_checked.version", "a string, quoted")
        return TextChecked(str(url), str(date), None if version is None else str(version))

    def license(self, raw: Any, expected_id: str, departures: tuple[Departure, ...] = ()) -> License | None:
        if not isinstance(raw, dict):
            self.problem("(top)", "a license file is a mapping")
            return None
        for missing in sorted(LICENSE_KEYS - OPTIONAL_KEYS - set(raw)):
            self.problem(missing, "missing")
        for extra in sorted(set(raw) - LICENSE_KEYS):
            self.problem(extra, "unknown key")
        if raw.get("id") != expected_id:
            self.problem("id", f"'{raw.get('id')}' does not match the file name '{expected_id}'")
        vocabulary = self.vocabulary
        if raw.get("family") not in vocabulary.families:
            self.problem("family", f"'{raw.get('family')}' is not a family")
        for flag in BOOL_KEYS:
            if not isinstance(raw.get(flag), bool):
                self.problem(flag, "must be true or false")
        if not isinstance(raw.get("url"), str) or not raw.get("url", "").startswith("http"):
            self.problem("url", "every license has a URL")
        clauses = raw.get("clauses") or {}
        for flag in ("revocable", "direct_licensing", "saas_is_distribution", "source_required_for", "carries",
                     "refuses"):
            if raw.get(flag) and flag not in clauses:
                self.problem(f"clauses.{flag}", f"'{flag}' is set and must cite its clause")
        rights: dict[str, Grant] = {}
        raw_rights = raw.get("rights") or {}
        for right in RIGHTS:
            grant = raw_rights.get(right)
            if not isinstance(grant, dict) or not isinstance(grant.get("granted"), bool) \
                    or not str(grant.get("clause") or "").strip():
                self.problem(f"rights.{right}", "needs {granted: true|false, clause: ...}")
                continue
            rights[right] = Grant(grant["granted"], grant["clause"])
        for extra in sorted(set(raw_rights) - set(RIGHTS)):
            self.problem(f"rights.{extra}", "not a right of the vocabulary")
        terms: dict[str, Term] = {}
        raw_terms = raw.get("terms") or {}
        for activity in vocabulary.term_activities:
            if activity not in raw_terms:
                self.problem(f"terms.{activity}", "missing (write result: undefined where the license is silent)")
                continue
            term = self.term(f"terms.{activity}", activity, raw_terms[activity])
            if term:
                terms[activity] = term
        for extra in sorted(set(raw_terms) - set(vocabulary.term_activities)):
            self.problem(f"terms.{extra}", "not a term activity of the vocabulary")
        version = raw.get("version")
        return License(
            id=str(raw.get("id")), name=str(raw.get("name", "")), version=None if version is None else str(version),
            url=str(raw.get("url", "")), aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            family=str(raw.get("family")), copyleft=bool(raw.get("copyleft")),
            types=self.members("types", raw.get("types", []), vocabulary.work_types),
            public=bool(raw.get("public")), revocable=bool(raw.get("revocable")),
            direct_licensing=bool(raw.get("direct_licensing")),
            permits_further_restrictions=bool(raw.get("permits_further_restrictions")),
            saas_is_distribution=bool(raw.get("saas_is_distribution")),
            source_required_for=self.members("source_required_for", raw.get("source_required_for", []),
                                             vocabulary.forms),
            compatible=tuple(raw.get("compatible") or ()), clauses=dict(clauses), rights=rights,
            distribution_obligations=self.members("distribution_obligations",
                                                  raw.get("distribution_obligations", []), vocabulary.obligations),
            distribution_clause=str(raw.get("distribution_clause", "")), terms=terms,
            departures=departures, notes=raw.get("notes"),
            text_checked=self.text_checked(raw.get("text_checked")),
            carries=self.members("carries", raw.get("carries", []), vocabulary.carried_terms),
            refuses=self.members("refuses", raw.get("refuses", []), vocabulary.carried_terms))


def check_cross_references(licenses: dict[str, License], vocabulary: Vocabulary, problems: list[str]) -> None:
    """The problems across the license files of one reading: a name of two licenses, a `compatible`
    license the knowledge base does not hold, an unknown preferred unrestricted license."""
    seen: dict[str, str] = {}
    for lic in licenses.values():
        for name in (lic.id, *lic.aliases):
            folded = name.casefold()
            if folded in seen and seen[folded] != lic.id:
                problems.append(f"{lic.id}.yaml: aliases: '{name}' is also a name of {seen[folded]}")
            seen.setdefault(folded, lic.id)
        for other in lic.compatible:
            if other not in licenses:
                problems.append(f"{lic.id}.yaml: compatible: '{other}' is not a license of the knowledge base")
    if vocabulary.preferred_unrestricted not in licenses:
        problems.append(f"vocabulary.yaml: preferred_unrestricted: '{vocabulary.preferred_unrestricted}' is unknown")
