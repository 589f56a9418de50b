"""The risk score of putting a release under a license (docs/suggestions.md).

The score adds what the license asks of the people the release reaches: how far
its copyleft reaches, whether it forbids commercial use or distribution, whether
its rights can be revoked, whether it carries use restrictions, whether it is a
public license, and how many obligations distribution brings. Lower is safer."""

from __future__ import annotations

from clearance.model import License

COPYLEFT_SCOPE = {"weak-copyleft": 2, "copyleft": 4, "network-copyleft": 5}
WEIGHTS = {"no-commercial-use": 6, "no-distribution": 8, "revocable": 3, "use-restrictions": 3, "not-public": 2,
           "obligation": 1}


def risk_parts(lic: License) -> dict[str, int]:
    """Each part of the risk score of `lic` that is not zero."""
    parts: dict[str, int] = {}
    if lic.copyleft:
        parts["copyleft"] = COPYLEFT_SCOPE.get(lic.family, COPYLEFT_SCOPE["copyleft"])
    flags = {
        "no-commercial-use": not lic.grants("commercial-use"),
        "no-distribution": not lic.grants("distribute"),
        "revocable": lic.revocable,
        "use-restrictions": any(term.restrictions for term in lic.terms.values()),
        "not-public": not lic.public,
    }
    parts.update({name: WEIGHTS[name] for name, present in flags.items() if present})
    if lic.distribution_obligations:
        parts["obligations"] = WEIGHTS["obligation"] * len(lic.distribution_obligations)
    return parts


def risk_score(lic: License) -> int:
    """The risk score of `lic`: the sum of its parts."""
    return sum(risk_parts(lic).values())
