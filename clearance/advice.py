"""The data `suggest` ranks by, read from the knowledge base: the risk weights and
the cost model (licenses/policy.yaml) and the curated replacement licenses per work
type (licenses/replacements.yaml). Every key and value is checked on loading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearance.model import License

RISK_KEYS = ("no-commercial-use", "no-distribution", "revocable", "use-restrictions", "not-public", "obligation")
COPYLEFT_KEYS = ("weak-copyleft", "copyleft", "network-copyleft", "other")
CHANGE_KINDS = ("choose", "license", "serve-instead", "form", "replace", "move-to-aux", "separate-release", "drop",
                "seek-permission", "policy")
POLICY_STEPS = ("sell-share", "share-personal", "sell-personal")
# What a curated replacement must grant: it is a license a source is *offered* under for production use.
REPLACEMENT_RIGHTS = ("use", "modify", "distribute", "commercial-use")


@dataclass(frozen=True)
class Advice:
    """The risk weights, the cost of each change kind, and the curated replacements."""

    risk: dict[str, int]
    copyleft: dict[str, int]
    costs: dict[str, int]
    policy_costs: dict[tuple[str, str], int]
    needs_licensor: frozenset[str]
    replacements: dict[str, tuple[str, ...]]

    def change_cost(self, kind: str) -> int:
        """The cost of one change of `kind` (not a policy change)."""
        return self.costs[kind]

    def restricted(self, keep: set[str]) -> Advice:
        """The same advice with only the replacement licenses in `keep`."""
        replacements = {kind: tuple(lic for lic in ids if lic in keep) for kind, ids in self.replacements.items()}
        return Advice(self.risk, self.copyleft, self.costs, self.policy_costs, self.needs_licensor, replacements)


def _weights(raw: Any, keys: tuple[str, ...], where: str, problems: list[str]) -> dict[str, int]:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a mapping of {', '.join(keys)}")
        return {}
    for extra in sorted(set(raw) - set(keys)):
        problems.append(f"{where}.{extra}: unknown key")
    values = {}
    for key in keys:
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{where}.{key}: needs a whole number of at least 0")
            continue
        values[key] = value
    return values


def fit_for(lic: License, work_type: str) -> bool:
    """True when `lic` may be named as a replacement for a work of `work_type`: written for that
    kind of work (a software license for a model, as is common), public, irrevocable, and granting
    every right a production use needs."""
    written_for = work_type in lic.types or (work_type == "model" and "software" in lic.types)
    granted = all(lic.rights.get(right) is not None and lic.rights[right].granted for right in REPLACEMENT_RIGHTS)
    return written_for and lic.public and not lic.revocable and granted


def build_advice(policy: Any, replacements: Any, licenses: dict[str, License], work_types: tuple[str, ...],
                 problems: list[str]) -> Advice:
    """The advice from the parsed policy.yaml and replacements.yaml, adding every problem to `problems`."""
    policy = policy if isinstance(policy, dict) else {}
    for extra in sorted(set(policy) - {"risk", "costs", "needs-licensor"}):
        problems.append(f"policy.yaml: {extra}: unknown key")
    risk_raw = policy.get("risk") if isinstance(policy.get("risk"), dict) else {}
    risk = _weights({k: v for k, v in risk_raw.items() if k != "copyleft"}, RISK_KEYS, "policy.yaml: risk", problems)
    copyleft = _weights(risk_raw.get("copyleft"), COPYLEFT_KEYS, "policy.yaml: risk.copyleft", problems)
    costs_raw = policy.get("costs") if isinstance(policy.get("costs"), dict) else {}
    costs = _weights({k: v for k, v in costs_raw.items() if k != "policy"}, CHANGE_KINDS[:-1], "policy.yaml: costs",
                     problems)
    steps = _weights(costs_raw.get("policy"), POLICY_STEPS, "policy.yaml: costs.policy", problems)
    policy_costs = {tuple(step.split("-", 1)): cost for step, cost in steps.items()}
    needs = policy.get("needs-licensor")
    if not isinstance(needs, list) or any(kind not in CHANGE_KINDS for kind in needs):
        problems.append(f"policy.yaml: needs-licensor: a list of change kinds ({', '.join(CHANGE_KINDS)})")
        needs = []
    curated: dict[str, tuple[str, ...]] = {}
    replacements = replacements if isinstance(replacements, dict) else {}
    for work_type in work_types:
        ids = replacements.get(work_type)
        if not isinstance(ids, list):
            problems.append(f"replacements.yaml: {work_type}: needs a list of license ids")
            continue
        for lic_id in ids:
            if lic_id not in licenses:
                problems.append(f"replacements.yaml: {work_type}: '{lic_id}' is not a license of the knowledge base")
            elif not fit_for(licenses[lic_id], work_type):
                problems.append(f"replacements.yaml: {work_type}: '{lic_id}' is not fit to replace {work_type} "
                                "(wrong kind of work, not public, revocable, or a right missing)")
        curated[work_type] = tuple(lic for lic in ids if lic in licenses)
    for extra in sorted(set(replacements) - set(work_types)):
        problems.append(f"replacements.yaml: {extra}: not a work type")
    return Advice(risk, copyleft, costs, policy_costs, frozenset(needs), curated)
