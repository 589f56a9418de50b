"""The risk score of putting a release under a license (docs/suggestions.md).

The score adds what the license asks of the people the release reaches: how far
its copyleft reaches, whether it forbids commercial use or distribution, whether
its rights can be revoked, whether it carries use restrictions, whether it is a
public license, and how many obligations distribution brings. Lower is safer.
The weights are data (licenses/policy.yaml, `risk`), read by the knowledge base."""

from __future__ import annotations

from clearance.advice import Advice
from clearance.model import License


def risk_parts(lic: License, advice: Advice) -> dict[str, int]:
    """Each part of the risk score of `lic` that is not zero, weighted by `advice.risk`."""
    weights = advice.risk
    parts: dict[str, int] = {}
    if lic.copyleft:
        parts["copyleft"] = advice.copyleft.get(lic.family, advice.copyleft["other"])
    flags = {
        "no-commercial-use": not lic.grants("commercial-use"),
        "no-distribution": not lic.grants("distribute"),
        "revocable": lic.revocable,
        "use-restrictions": any(term.restrictions for term in lic.terms.values()),
        "not-public": not lic.public,
    }
    parts.update({name: weights[name] for name, present in flags.items() if present})
    if lic.distribution_obligations:
        parts["obligations"] = weights["obligation"] * len(lic.distribution_obligations)
    return {name: value for name, value in parts.items() if value}


def risk_score(lic: License, advice: Advice) -> int:
    """The risk score of `lic`: the sum of its parts."""
    return sum(risk_parts(lic, advice).values())
