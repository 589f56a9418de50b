"""Renders a `Report` as text for people or as deterministic JSON."""

from __future__ import annotations

import json

from clearance.analysis import Report
from clearance.collector import without_collector
from clearance.findings import SEVERITIES
from clearance.graph import PATH_HEAD
from clearance.wording import FORMS, POLICIES, chain

DISCLAIMER = ("clearance reports potential license risks; it is not legal advice. "
              "Check the findings with counsel before you rely on them.")
HEADINGS = {"error": "Errors", "warning": "Warnings", "notice": "Notices",
            "restriction": "Obligations and restrictions"}


def report_json(report: Report) -> dict:
    """The clearance.render.report/1 object: the same project gives the same object."""
    return {
        "format": "clearance.render.report/1",
        "project": report.project.name,
        "compliant": report.compliant,
        "releases": [{"work": r.release.work, "policy": r.release.policy, "form": r.release.form,
                      "license": r.license, "compliant": r.compliant} for r in report.releases],
        "licenses": report.licenses,
        "findings": [f.to_json() for f in report.findings],
        "disclaimer": DISCLAIMER,
    }


@without_collector
def render_json(report: Report) -> str:
    """JSON text with sorted keys, so the bytes depend on nothing but the project."""
    return json.dumps(report_json(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


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
    return "\n".join(lines) + "\n"
