"""Loads the license knowledge base (licenses/*.yaml), checks every file
against the closed vocabulary (clearance/license_checker.py), and answers lookups
by id, alias or SPDX expression. Every problem is reported, each with its file and key."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from clearance.advice import Advice, build_advice
from clearance.combination import LicenseException, check_exception
from clearance.exceptions import InputError, KnowledgeBaseError, UnknownLicenseError
from clearance.expressions import Resolution, resolve
from clearance.kb_snapshot import read_snapshot
from clearance.license_checker import LicenseChecker, check_cross_references
from clearance.model import DEFAULT_READING, READINGS, License, Term
from clearance.readings import parse_departures, under_reading
from clearance.risk import risk_score
from clearance.vocabulary import Vocabulary, build_vocabulary

if TYPE_CHECKING:
    from license_expression import Licensing

# The license of a work nobody knows the license of (`unknown`, `other`, NOASSERTION): it grants
# nothing, and every release it reaches gets the error license-unknown.
UNKNOWN_LICENSE = "LicenseRef-clearance-unknown"
# Files of licenses/ that are not license files.
NOT_LICENSE_FILES = ("vocabulary.yaml", "id-map.yaml")
_INVALID = object()  # a file that is not valid YAML (already reported)
# Files of the knowledge base folder that are not licenses.
DATA_FILES = ("vocabulary.yaml", "policy.yaml", "replacements.yaml")

@dataclass(frozen=True)
class IdMapping:
    """One entry of licenses/id-map.yaml: a name (a Hugging Face Hub id, a deprecated SPDX id)
    and the license or expression it reads as, with why."""

    name: str
    target: str
    note: str | None
    origin: str


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Every license clearance knows, with lookups by id, alias and expression."""

    vocabulary: Vocabulary
    licenses: dict[str, License]
    reading: str = DEFAULT_READING
    # reading -> the licenses as that reading builds them (this one's `licenses` among them)
    readings: dict[str, dict[str, License]] = field(default_factory=dict, compare=False, repr=False)
    advice: Advice | None = None  # the cost model and curated replacements (policy.yaml, replacements.yaml)
    exceptions: dict[str, LicenseException] = field(default_factory=dict)
    id_map: dict[str, IdMapping] = field(default_factory=dict)  # keyed by the casefolded name

    def under(self, reading: str) -> KnowledgeBase:
        """The same knowledge base under `reading` (text or paper): each license as that reading says.
        (A project's own licenses are added after this, by `for_project`.) One per reading, so that
        what it memoises serves every analysis under that reading."""
        if reading == self.reading:
            return self
        if reading not in self.readings:
            raise InputError(f"unknown reading '{reading}'", hint=f"one of: {', '.join(READINGS)}")
        found = self._under.get(reading)
        if found is None:
            found = self._under[reading] = replace(self, licenses=self.readings[reading], reading=reading)
        return found

    @cached_property
    def _under(self) -> dict[str, KnowledgeBase]:
        return {}

    @cached_property
    def reaching_licenses(self) -> frozenset[str]:
        """The licenses one of whose terms carries a work on into what is made from its result (`reaches`)."""
        return frozenset(lic.id for lic in self.licenses.values()
                         if any(term.reaches or any(sub.reaches for sub in term.by_result_type.values())
                                for term in lic.terms.values()))

    # Cached on the instance (not in a module-level cache, which would keep every knowledge base alive).
    @cached_property
    def names(self) -> dict[str, str]:
        """Every name (casefolded) that stands for one license: ids, aliases, id-map entries."""
        index: dict[str, str] = {}
        for lic in self.licenses.values():
            for name in (lic.id, *lic.aliases):
                index.setdefault(name.casefold(), lic.id)
        for key, mapping in self.id_map.items():
            if mapping.target in self.licenses:
                index.setdefault(key, mapping.target)
        return index

    @cached_property
    def exception_names(self) -> dict[str, str]:
        """Every name (casefolded) of a license exception."""
        return {name.casefold(): exc.id for exc in self.exceptions.values() for name in (exc.id, *exc.aliases)}

    @cached_property
    def licensing(self) -> Licensing:
        """The expression parser (license-expression) that knows these licenses and exceptions."""
        from clearance.expressions import _licensing
        return _licensing(self)

    def get(self, name: str) -> License:
        """The license called `name` (an id or alias, any case); raises `UnknownLicenseError`."""
        license_id = self.names.get(name.casefold())
        if license_id is None:
            raise UnknownLicenseError(f"unknown license '{name}'", hint=lambda: self.suggest(name))
        return self.licenses[license_id]

    def exception(self, name: str) -> LicenseException:
        """The license exception called `name`; raises `UnknownLicenseError`."""
        exception_id = self.exception_names.get(name.casefold())
        if exception_id is None:
            import difflib
            close = difflib.get_close_matches(name.casefold(), list(self.exception_names), n=1, cutoff=0.6)
            hint = (f"did you mean {self.exception_names[close[0]]}?" if close
                    else f"known exceptions: {', '.join(sorted(self.exceptions))}")
            raise UnknownLicenseError(f"unknown license exception '{name}'", hint=hint)
        return self.exceptions[exception_id]

    def suggest(self, name: str) -> str | None:
        """A did-you-mean hint for an unknown license name."""
        import difflib
        close = difflib.get_close_matches(name.casefold(), list(self.names), n=3, cutoff=0.6)
        ids = list(dict.fromkeys(self.licenses[self.names[c]].id for c in close))
        return f"did you mean {' or '.join(ids)}?" if ids else "see 'clearance licenses'"

    @cached_property
    def _resolutions(self) -> dict[str, Resolution]:
        """expression -> its resolution: a large project names the same few expressions thousands
        of times (a new knowledge base from `including` or `under` starts with an empty one)."""
        return {}

    def resolve(self, expression: str) -> Resolution:
        """An SPDX expression (ids, aliases, Hugging Face ids; OR, AND, WITH): the alternatives the
        licensee chooses from, the licenses synthesized for AND and WITH (not yet in this knowledge
        base: add them with `including`), and notes on the names it used. Memoised per distinct
        string (errors are not: they are raised anew); the result is shared, so do not change it."""
        found = self._resolutions.get(expression)
        if found is None:
            found = self._resolutions[expression] = resolve(self, expression)
        return found

    def alternatives(self, expression: str) -> tuple[str, ...]:
        """The canonical ids of an SPDX expression whose alternatives (OR) the licensee chooses from;
        an alternative that is an AND or WITH is a synthesized license (see `resolve`)."""
        return self.resolve(expression).alternatives

    def describe(self, name: str) -> License:
        """The license a name or an expression of one alternative stands for, synthesized if need be."""
        resolution = self.resolve(name)
        if len(resolution.alternatives) != 1:
            raise InputError(f"'{name}' is a choice between {', '.join(resolution.alternatives)}",
                             hint="show one of them")
        (license_id,) = resolution.alternatives
        return resolution.synthesized.get(license_id) or self.licenses[license_id]

    def including(self, licenses: dict[str, License]) -> KnowledgeBase:
        """This knowledge base with `licenses` added (custom and synthesized ones); itself when it
        holds them all already."""
        if all(self.licenses.get(lic_id) is lic for lic_id, lic in licenses.items()):
            return self
        return replace(self, licenses={**self.licenses, **licenses})

    def for_project(self, project) -> KnowledgeBase:
        """The knowledge base a project is analysed with: this one, the licenses the project adds,
        and any AND / WITH license its works name that a reader of cards or BOMs left unsynthesized
        (a synthesized id is the expression it stands for)."""
        kb = self.including(project.licenses)
        named = {lic for work in project.works.values() for lic in work.alternatives}
        named |= {step.license for step in project.steps.values() if step.license}
        named |= {release.license for release in project.releases if release.license}
        synthesized: dict[str, License] = {}
        for license_id in sorted(named - set(kb.licenses)):
            synthesized.update(kb.resolve(license_id).synthesized)
        return kb.including(synthesized)

    def is_unknown(self, license_id: str) -> bool:
        """True for the license of a work nobody knows the license of (or an AND that has it)."""
        lic = self.licenses.get(license_id)
        return license_id == UNKNOWN_LICENSE or bool(lic and any(part.id == UNKNOWN_LICENSE for part in lic.parts))

    def names_of(self, license_id: str) -> list[IdMapping]:
        """The id-map entries (Hugging Face ids, deprecated ids) that read as `license_id`."""
        return [m for m in self.id_map.values() if m.target == license_id]

    def restricted(self, ids: Iterable[str]) -> KnowledgeBase:
        """A knowledge base holding only the licenses named in `ids` (ids or aliases) and the
        vocabulary's preferred unrestricted license, which is always kept. `compatible` references
        to dropped licenses are dropped, so `allowed_results` and `risk_order` name kept licenses only.

        The analysis is generic in the knowledge base, so a small one gives the same semantics over
        fewer choices (the brute-force reference evaluator of the tests relies on this)."""
        keep = {self.get(name).id for name in ids} | {self.vocabulary.preferred_unrestricted}

        def restrict(licenses: dict[str, License]) -> dict[str, License]:
            return {lic_id: replace(lic, compatible=tuple(other for other in lic.compatible if other in keep))
                    for lic_id, lic in licenses.items() if lic_id in keep}

        readings = {reading: restrict(licenses) for reading, licenses in self.readings.items()}
        advice = self.advice.restricted(keep) if self.advice else None
        id_map = {key: m for key, m in self.id_map.items() if m.target in keep}
        return replace(self, licenses=readings.get(self.reading) or restrict(self.licenses), readings=readings,
                       advice=advice, id_map=id_map)

    def risk_order(self) -> list[str]:
        """License ids from least to most risky: the vocabulary's preferred license first, then by
        family, non-copyleft before copyleft, fewer obligations first, then by id."""
        return list(self._risk_order)

    @cached_property
    def _risk_order(self) -> tuple[str, ...]:
        families = self.vocabulary.families

        def risk(license_id: str) -> tuple:
            lic = self.licenses[license_id]
            return (license_id != self.vocabulary.preferred_unrestricted, families[lic.family], lic.copyleft,
                    lic.revocable, len(lic.distribution_obligations), license_id)

        return tuple(sorted(self.licenses, key=risk))

    @cached_property
    def release_ranking(self) -> tuple[tuple[str, int], ...]:
        """(license, risk score) of every license a release may be put under, least risk first
        (ties: `risk_order`): all but the licenses nobody knows, which are never suggested. The
        score is clearance/risk.py's, from the policy's weights."""
        order = [lic for lic in self._risk_order if not self.is_unknown(lic)]
        scores = {lic: risk_score(self.licenses[lic], self.advice) for lic in order}
        # A stable sort: licenses of equal score stay in risk order.
        return tuple((lic, scores[lic]) for lic in sorted(order, key=scores.__getitem__))

    @cached_property
    def risk_rank(self) -> dict[str, int]:
        """Each license id's position in `risk_order` (0 is the least risky)."""
        return {license_id: rank for rank, license_id in enumerate(self._risk_order)}

    def activity_needs(self, term: Term, policy: str) -> tuple[str, ...]:
        """The rights the activity of `term` needs when the release it leads to has `policy`."""
        needs = self.vocabulary.term_activities[term.activity]
        extra = tuple(right for right in term.needs_for.get(policy, ()) if right not in needs)
        return needs + extra

    def excluded_results(self, lic: License, term: Term) -> frozenset[str]:
        """The licenses a result of `term` may not be under because it holds the work with the terms
        its license carries (Apache-2.0 patent termination), which those licenses refuse (GPL-2.0 s.6)."""
        if not lic.carries or term.activity not in self.vocabulary.embedding_terms:
            return frozenset()
        refusers = self._refusers
        return frozenset().union(*(refusers.get(carried, ()) for carried in lic.carries)) - {lic.id}

    @cached_property
    def _refusers(self) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for other in self.licenses.values():
            for refused in other.refuses:
                found.setdefault(refused, set()).add(other.id)
        return {carried: frozenset(ids) for carried, ids in found.items()}

    def reachable_from(self, license_id: str) -> frozenset[str]:
        """`license_id` and, again and again, every license a term of one of them allows a result
        of any work type to be put under (memoised per license)."""
        found = self._reachable.get(license_id)
        if found is None:
            seen, pending = {license_id}, [license_id]
            types = self.vocabulary.work_types
            while pending:
                lic = self.licenses[pending.pop()]
                for term in lic.terms.values():
                    for result_type in types:
                        for other in self.allowed_results(lic, term.for_result_type(result_type)) or ():
                            if other not in seen:
                                seen.add(other)
                                pending.append(other)
            found = self._reachable[license_id] = frozenset(seen)
        return found

    @cached_property
    def _reachable(self) -> dict[str, frozenset[str]]:
        return {}

    @cached_property
    def _allowed(self) -> dict[tuple[str, int], tuple[Term, frozenset[str] | None]]:
        """(license id, id of the term) -> (the term, kept alive so its id stays its own; its answer)."""
        return {}

    def allowed_results(self, lic: License, term: Term) -> frozenset[str] | None:
        """The licenses a result of `term` may be put under; None when any license will do
        (memoised per license and term: an analysis asks the same few thousands of times)."""
        key = (lic.id, id(term))
        found = self._allowed.get(key)
        if found is None or found[0] is not term:
            found = self._allowed[key] = (term, self._allowed_results(lic, term))
        return found[1]

    def _allowed_results(self, lic: License, term: Term) -> frozenset[str] | None:
        if term.parts:
            # AND: what every part allows, and the combination itself (it carries every part).
            bounded = [found for part, part_term in term.parts
                       if (found := self.allowed_results(part, part_term)) is not None]
            return frozenset.intersection(*bounded) | {lic.id} if bounded else None
        if term.result in ("independent", "undefined") or term.relicense == "any":
            return None
        if term.relicense == "same":
            return frozenset({lic.id})
        if term.relicense == "compatible":
            return frozenset({lic.id, *lic.compatible})
        return frozenset(other.id for other in self.licenses.values()
                         if other.permits_further_restrictions or other.id == lic.id)


def _safe_load(text: str):
    """Safe YAML loading, with libyaml when PyYAML has it (ten times faster: start-up time)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


def load_knowledge_base(folder: str | Path | None = None, reading: str = DEFAULT_READING) -> KnowledgeBase:
    """Load and check the knowledge base (the shipped one, or the one in `folder`) under `reading`
    (text or paper; both are checked); raise `KnowledgeBaseError` listing every problem."""
    return _load(None if folder is None else str(folder)).under(reading)


@cache
def _load(folder_name: str | None) -> KnowledgeBase:
    if folder_name is not None:
        return build_knowledge_base(Path(folder_name), {})
    # The shipped files come from the build's snapshot while they are unchanged (kb_snapshot.py).
    # Only the installed package's own snapshot is trusted: a folder of the user's is always parsed.
    folder = resources.files("clearance.licenses")
    return build_knowledge_base(folder, read_snapshot(folder))


def build_knowledge_base(folder: Any, parsed: dict[str, Any]) -> KnowledgeBase:
    """Check the license files of `folder` and build the knowledge base; `parsed` holds files
    already parsed (by name), which get exactly the same checks as freshly parsed YAML."""

    def read(entry, name: str) -> Any:
        if name in parsed:
            return parsed[name]
        try:
            return _safe_load(entry.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append(f"{name}: invalid YAML: {exc}")
            return _INVALID

    problems: list[str] = []
    raw_vocabulary = read(folder.joinpath("vocabulary.yaml"), "vocabulary.yaml")
    vocabulary = build_vocabulary(raw_vocabulary, problems, "vocabulary.yaml")
    readings: dict[str, dict[str, License]] = {reading: {} for reading in READINGS}
    entries = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".yaml")
                      and entry.name not in DATA_FILES + NOT_LICENSE_FILES), key=lambda entry: entry.name)
    for entry in entries:
        raw = read(entry, entry.name)
        if raw is _INVALID:
            continue
        checker = LicenseChecker(vocabulary, entry.name, problems)
        departures = parse_departures(raw, checker.problem) if isinstance(raw, dict) else ()
        body = checker.license(raw, entry.name[: -len(".yaml")], departures)
        for reading in READINGS:
            version = under_reading(raw, departures, reading) if body else raw
            # A file whose body already holds this reading is built once.
            lic = body if version is raw else checker.license(version, entry.name[: -len(".yaml")], departures)
            if lic:
                readings[reading][lic.id] = lic
    for licenses in readings.values():
        check_cross_references(licenses, vocabulary, problems)
    licenses = readings[DEFAULT_READING]
    advice = build_advice(*(read(folder.joinpath(name), name) if folder.joinpath(name).is_file() else None
                            for name in DATA_FILES[1:]), licenses, vocabulary.work_types, problems)
    exceptions = _load_exceptions(folder.joinpath("exceptions"), vocabulary, licenses, problems, read)
    kb = KnowledgeBase(vocabulary, licenses, DEFAULT_READING, readings, advice, exceptions)
    if folder.joinpath("id-map.yaml").is_file():
        raw_map = read(folder.joinpath("id-map.yaml"), "id-map.yaml")
        kb = replace(kb, id_map=_load_id_map(kb, None if raw_map is _INVALID else raw_map, problems))
    if problems:
        raise KnowledgeBaseError(list(dict.fromkeys(problems)))
    return kb


def _load_exceptions(folder, vocabulary: Vocabulary, licenses: dict[str, License],
                     problems: list[str], read: Callable[[Any, str], Any]) -> dict[str, LicenseException]:
    """licenses/exceptions/*.yaml: the license exceptions WITH may apply."""
    if not folder.is_dir():
        return {}
    found: dict[str, LicenseException] = {}
    for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name):
        name = f"exceptions/{entry.name}"
        checker = LicenseChecker(vocabulary, name, problems)
        raw = read(entry, name)
        exception = None if raw is _INVALID else check_exception(raw, entry.name[: -len(".yaml")], checker)
        if exception is None:
            continue
        for base in (*exception.applies_to, *exception.adds_compatible):
            if base not in licenses:
                problems.append(f"{name}: '{base}' is not a license of the knowledge base")
        found[exception.id] = exception
    return found


def _load_id_map(kb: KnowledgeBase, raw: Any, problems: list[str]) -> dict[str, IdMapping]:
    """licenses/id-map.yaml: names (Hugging Face Hub ids, deprecated SPDX ids) -> license or
    expression. Every target must resolve; a name may not also name another license."""
    if not isinstance(raw, dict):
        problems.append("id-map.yaml: a mapping of sections (hugging-face, deprecated-spdx) is expected")
        return {}
    entries: dict[str, IdMapping] = {}
    for origin, section in raw.items():
        for name, spec in (section or {}).items():
            if not isinstance(spec, dict) or not isinstance(spec.get("license"), str) \
                    or set(spec) - {"license", "note"}:
                problems.append(f"id-map.yaml: {origin}.{name}: needs license: ID-or-expression (and a note)")
                continue
            folded = str(name).casefold()
            mapping = IdMapping(str(name), spec["license"], spec.get("note"), str(origin))
            earlier = entries.get(folded)
            if earlier is not None:
                # A Hub id that is also a deprecated SPDX id (gpl-3.0, GPL-3.0): one entry, both notes.
                if earlier.target != mapping.target:
                    problems.append(f"id-map.yaml: {origin}.{name}: also listed as {earlier.origin}.{earlier.name}")
                notes = "; ".join(n for n in (earlier.note, mapping.note) if n) or None
                mapping = IdMapping(earlier.name, earlier.target, notes, f"{earlier.origin}, {origin}")
            entries[folded] = mapping
    mapped = replace(kb, id_map=entries)
    for mapping in entries.values():
        where = f"id-map.yaml: {mapping.origin}.{mapping.name}"
        owner = kb.names.get(mapping.name.casefold())
        if owner is not None and owner != mapping.target:
            problems.append(f"{where}: '{mapping.name}' is already a name of {owner}, not of {mapping.target}")
        try:
            resolve(mapped, mapping.target)
        except InputError as exc:
            problems.append(f"{where}: {exc.message}")
    return entries
