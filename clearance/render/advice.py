"""Renders what `explain` and `suggest` found, as text or deterministic JSON."""

from __future__ import annotations

import json

from clearance.explain import ReleaseConflicts
from clearance.model import Project
from clearance.render.escape import json_text, shown
from clearance.render.report import DISCLAIMER
from clearance.suggest import ReleaseSuggestions
from clearance.wording import FORMS, POLICIES, released_as

SHOWN_CHOICES = 20
SHOWN_FIX_LICENSES = 4


def _dumps(data: dict) -> str:
    return json_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def _heading(project: Project, index: int) -> str:
    release = project.releases[index]
    form = released_as(release.form, project.type_of(release.work))
    return f"Release of {release.work}, {POLICIES[release.policy]} {form}"


def explain_json(project: Project, explained: list[ReleaseConflicts]) -> str:
    """The clearance.reasons/1 document."""
    return _dumps({
        "format": "clearance.reasons/1",
        "project": project.name,
        "releases": [{"work": item.release.work, "policy": item.release.policy, "form": item.release.form,
                      "conflicts": len(item.conflicts), "capped": item.capped} for item in explained],
        "conflicts": [conflict.to_json() for item in explained for conflict in item.conflicts],
        "disclaimer": DISCLAIMER,
    })


def explain_text(project: Project, explained: list[ReleaseConflicts]) -> str:
    """Every conflict, numbered within its release, as a chain of reasons."""
    lines = [f"Project: {project.name}", ""]
    for index, item in enumerate(explained):
        count = len(item.conflicts)
        if not count:
            lines += [f"{_heading(project, index)}: no conflict", ""]
            continue
        more = " (the first ones: there may be more, raise --max)" if item.capped else ""
        lines.append(f"{_heading(project, index)}: {count} conflict{'s' if count > 1 else ''}{more}")
        for number, conflict in enumerate(item.conflicts, 1):
            more = f" (and {len(conflict.group) - 1} more like {conflict.work})" if conflict.group else ""
            lines.append(f"  {number}. [{conflict.code}] {conflict.message}{more}")
            for sentence in conflict.because:
                lines.append(f"       - {sentence}")
        lines.append("")
    lines.append(DISCLAIMER)
    return "\n".join(shown(line) for line in lines) + "\n"


def suggest_json(project: Project, found: list[ReleaseSuggestions]) -> str:
    """The clearance.suggest/1 document; fixes carry the number `--apply` takes."""
    releases = []
    number = 0
    for item in found:
        fixes = []
        for fix in item.fixes:
            number += 1
            fixes.append({"number": number, **fix.to_json()})
        releases.append({
            "work": item.work, "compliant": item.compliant,
            "licenses": [{"license": lic, "risk": risk} for lic, risk in item.licenses],
            "fixes": fixes,
            "choices": [{"kind": kind, "work": work, "license": lic} for kind, work, lic in item.choices],
        })
    return _dumps({"format": "clearance.suggest/1", "project": project.name, "releases": releases,
                   "disclaimer": DISCLAIMER})


def _change_text(change) -> str:
    work = f"{change.work} and {len(change.also)} more like it" if change.also else change.work
    if change.kind == "replace":
        return f"replace {work} by {change.why}, e.g. one under {change.to}"
    if change.kind == "drop":
        return f"drop {work} (and what is made from it alone)"
    if change.kind == "choose":
        return f"use {change.work} under {change.to}"
    if change.kind == "license":
        return f"license {change.work} under {change.to}" if change.to else f"leave the license of {change.work} open"
    if change.kind == "policy":
        return f"make the release {POLICIES[change.to]} instead"
    return f"release it {FORMS[change.to]} instead"


def suggest_text(project: Project, found: list[ReleaseSuggestions], shown_licenses: int = 10) -> str:
    """Licenses, fixes and choices per release, for people."""
    lines = [f"Project: {project.name}", ""]
    number = 0
    for item in found:
        verdict = "COMPLIANT" if item.compliant else "NOT COMPLIANT"
        lines.append(f"{_heading(project, item.index)}: {verdict}")
        if item.licenses:
            lines.append(f"  It can be released under {len(item.licenses)} licenses; the least risky:")
            for lic, risk in item.licenses[:shown_licenses]:
                lines.append(f"    {lic:<28} risk {risk}")
        elif not item.compliant:
            lines.append("  No license makes it compliant as it stands.")
        if item.fixes:
            lines.append("  Fixes, cheapest first (apply one with --apply N --output FILE):")
        for fix in item.fixes:
            number += 1
            lines.append(f"    {number}. (cost {fix.cost}) " + "; ".join(_change_text(c) for c in fix.changes))
            if fix.licenses:
                names = ", ".join(lic for lic, _ in fix.licenses[:SHOWN_FIX_LICENSES])
                hidden = len(fix.licenses) - SHOWN_FIX_LICENSES
                lines.append(f"       then releasable under {names}" + (f" and {hidden} more" if hidden > 0 else ""))
        if not item.compliant and not item.fixes:
            lines.append("  No fix within the choices clearance can change was found.")
        if item.choices:
            lines.append("  Least-risk choices left open:")
            for kind, work, lic in item.choices[:SHOWN_CHOICES]:
                what = "pick the alternative" if kind == "choose" else "license"
                lines.append(f"    {work}: {what} {lic}")
            if len(item.choices) > SHOWN_CHOICES:
                lines.append(f"    ... and {len(item.choices) - SHOWN_CHOICES} more (see --format json)")
        lines.append("")
    lines.append(DISCLAIMER)
    return "\n".join(shown(line) for line in lines) + "\n"


def change_text(change) -> str:
    """One change of a fix in words ('replace X by ...'), for the other renderers."""
    return _change_text(change)
