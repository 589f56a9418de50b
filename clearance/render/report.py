"""Renders a `Report` as text for people or as deterministic JSON."""

from __future__ import annotations

import json

from clearance.analysis import Report
from clearance.collector import without_collector
from clearance.findings import SEVERITIES
from clearance.graph import PATH_HEAD
from clearance.render.escape import json_text, shown
from clearance.wording import FORMS, POLICIES, chain

DISCLAIMER = ("clearance reports potential license risks; it is not legal advice. "
              "Check the findings with counsel before you rely on them.")
HEADINGS = {"error": "Errors", "warning": "Warnings", "notice": "Notices",
            "restriction": "Obligations and restrictions"}


REPORT_FORMAT = "clearance.report/2"  # supersedes clearance.render.report/1 (docs/json.md)


def release_key(release) -> dict:
    """What identifies a release, stably: two releases of one work differ in policy, form or
    intended license (a release's index is its place in the file, which an edit can change)."""
    return {"work": release.work, "policy": release.policy, "form": release.form, "license": release.license}


def report_json(report: Report) -> dict:
    """The clearance.report/2 object: the same project gives the same object. Each release has its
    `index` and `key`, its own determined `licenses` and its findings' count; each finding names
    its release by `release_index` and `release_key`."""
    releases, findings = [], []
    for index, result in enumerate(report.releases):
        key = release_key(result.release)
        releases.append({"index": index, "key": key, "work": result.release.work, "policy": result.release.policy,
                         "form": result.release.form, "license": result.license,
                         "intended_license": result.release.license, "compliant": result.compliant,
                         "licenses": dict(sorted(result.licenses.items())), "findings": len(result.findings),
                         "conflicts_capped": result.conflicts_capped})
        findings += [{**finding.to_json(), "release_index": index, "release_key": key}
                     for finding in result.findings]
    return {
        "format": REPORT_FORMAT,
        "project": report.project.name,
        "compliant": report.compliant,
        "releases": releases,
        "licenses": report.licenses,  # of /1: the first release that reaches each work; see releases[].licenses
        "findings": findings,
        "disclaimer": DISCLAIMER,
    }


@without_collector
def render_json(report: Report) -> str:
    """JSON text with sorted keys, so the bytes depend on nothing but the project."""
    return json_text(json.dumps(report_json(report), indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


@without_collector
def render_text(report: Report) -> str:
    """A report a compliance officer reads without a manual."""
    lines = [f"Project: {report.project.name}", ""]
    if not report.releases:
        lines.append("No release is planned: add a 'release' section to check one.")
    for result in report.releases:
        release = result.release
        verdict = "COMPLIANT" if result.compliant else "NOT COMPLIANT"
        lines.append(f"Release of {release.work}, {POLICIES[release.policy]} {FORMS[release.form]}: {verdict}")
        lines.append(f"  License of {release.work}: {result.license or 'none can be determined (conflict)'}")
        derived = {w: lic for w, lic in result.licenses.items() if w != release.work}
        if derived:
            lines.append("  Licenses of intermediate works:")
            for work, lic in derived.items():
                lines.append(f"    {work}: {lic or 'none can be determined (conflict)'}")
        for severity in SEVERITIES:
            group = [f for f in result.findings if f.severity == severity]
            if not group:
                continue
            lines.append(f"  {HEADINGS[severity]} ({len(group)}):")
            by_work: dict[str, list] = {}
            for finding in group:
                by_work.setdefault(finding.work, []).append(finding)
            for work, items in by_work.items():
                lines.append(f"    {work} ({items[0].license}):")
                for finding in items:
                    more = f" (and {len(finding.group) - 1} more like {work})" if finding.group else ""
                    waived = f" (waived: {finding.waiver.reason})" if finding.waiver else ""
                    lines.append(f"      [{finding.code}] {finding.message}{more}{waived}")
                    if severity == "error":
                        if len(finding.path) > 1:
                            lines.append(f"        path: {chain(finding.path, finding.path_elided, PATH_HEAD)}")
                        for sentence in finding.because:
                            lines.append(f"        because {sentence}")
        if result.conflicts_capped:
            lines.append("  (the license conflicts listed may not be all of them: see clearance explain --max)")
        lines.append("")
    lines.append(DISCLAIMER)
    return "\n".join(shown(line) for line in lines) + "\n"  # no id can start a line or drive the terminal
