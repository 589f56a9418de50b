"""The closed vocabulary of the knowledge base (licenses/vocabulary.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearance.model import ROLES, ActivityRule


@dataclass(frozen=True)
class Vocabulary:
    """Every value a license file or a project file may use."""

    rights: tuple[str, ...]
    work_types: tuple[str, ...]
    forms: tuple[str, ...]
    policies: tuple[str, ...]
    term_activities: dict[str, tuple[str, ...]]
    result_kinds: tuple[str, ...]
    relicense_modes: tuple[str, ...]
    restrictions: tuple[str, ...]
    obligations: tuple[str, ...]
    families: dict[str, int]
    preferred_unrestricted: str
    activities: dict[str, ActivityRule]
    carried_terms: tuple[str, ...] = ()
    embedding_terms: tuple[str, ...] = ()


def build_vocabulary(raw: Any, problems: list[str], source: str) -> Vocabulary:
    """Build the vocabulary from its parsed YAML, adding any problem to `problems`."""
    def keys(name: str) -> tuple[str, ...]:
        value = raw.get(name)
        if isinstance(value, dict):
            return tuple(value)
        if isinstance(value, list):
            return tuple(value)
        problems.append(f"{source}: '{name}' is missing or not a list/mapping")
        return ()

    term_activities = {name: tuple(spec.get("needs", ())) for name, spec in (raw.get("term_activities") or {}).items()}
    activities: dict[str, ActivityRule] = {}
    for name, spec in (raw.get("activities") or {}).items():
        terms = dict(spec.get("terms") or {})
        for role in ROLES:
            if terms.get(role) not in term_activities:
                problems.append(f"{source}: activities.{name}.terms.{role}: '{terms.get(role)}' is not a term activity")
        for slot in ("using", "data"):
            if spec.get(slot) not in term_activities:
                problems.append(f"{source}: activities.{name}.{slot}: '{spec.get(slot)}' is not a term activity")
        if spec.get("inputs") not in ROLES:
            problems.append(f"{source}: activities.{name}.inputs: '{spec.get('inputs')}' is not a role")
        activities[name] = ActivityRule(name, spec.get("inputs", "mix"), terms,
                                        spec.get("using", "use"), spec.get("data", "use"))
    families = raw.get("families") or {}
    embedding_terms = tuple(raw.get("embedding_terms") or ())
    for name in embedding_terms:
        if name not in term_activities:
            problems.append(f"{source}: embedding_terms: '{name}' is not a term activity")
    return Vocabulary(
        rights=keys("rights"), work_types=keys("work_types"), forms=keys("forms"), policies=keys("policies"),
        term_activities=term_activities, result_kinds=keys("result_kinds"),
        relicense_modes=keys("relicense_modes"), restrictions=keys("restrictions"),
        obligations=keys("obligations"), families=dict(families),
        preferred_unrestricted=str(raw.get("preferred_unrestricted", "")), activities=activities,
        carried_terms=tuple(raw.get("carried_terms") or ()), embedding_terms=embedding_terms)
