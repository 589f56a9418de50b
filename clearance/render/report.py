"""The JSON of a `Report` (deterministic), and the words the reports share. The text report is
clearance/render/check_text.py."""

from __future__ import annotations

import json

from clearance.analysis import Report
from clearance.collector import without_collector
from clearance.render.escape import json_text

DISCLAIMER = ("clearance reports potential license risks; it is not legal advice. "
              "Check the findings with counsel before you rely on them.")
HEADINGS = {"error": "Errors", "warning": "Warnings", "notice": "Notices",
            "restriction": "Obligations and restrictions"}


REPORT_FORMAT = "clearance.report/3"  # supersedes clearance.report/2 and clearance.render.report/1 (docs/json.md)


def release_key(release) -> dict:
    """What identifies a release, stably: two releases of one work differ in policy, form or
    intended license (a release's index is its place in the file, which an edit can change)."""
    return {"work": release.work, "policy": release.policy, "form": release.form, "license": release.license}


def _determination_json(result) -> dict:
    """How the release's license is determined: whether its components impose it, the least restrictive
    license they allow, whether it is a conflicting one, and the conflicting license of each derived work."""
    determined = result.determination
    conflicting = {work: d.license for work, d in sorted(result.determined.items()) if d.conflicting}
    if determined is None:  # a reused work released as it is: under its own license
        return {"license_imposed": result.license is not None, "least_restrictive": result.license,
                "license_conflicting": False, "conflicting_alternatives": [], "conflicting_licenses": conflicting}
    return {**determined.to_json(), "conflicting_licenses": conflicting}


def report_json(report: Report) -> dict:
    """The clearance.report/3 object: the same project gives the same object. Each release has its
    `index` and `key`, its own determined `licenses` and its findings' count; each finding names
    its release by `release_index` and `release_key`."""
    releases, findings = [], []
    for index, result in enumerate(report.releases):
        key = release_key(result.release)
        releases.append({"index": index, "key": key, "work": result.release.work, "policy": result.release.policy,
                         "form": result.release.form, "license": result.license,
                         "intended_license": result.release.license, "compliant": result.compliant,
                         "licenses": dict(sorted(result.licenses.items())), "findings": len(result.findings),
                         "conflicts_capped": result.conflicts_capped, **_determination_json(result)})
        findings += [{**finding.to_json(), "release_index": index, "release_key": key}
                     for finding in result.findings]
    return {
        "format": REPORT_FORMAT,
        "project": report.project.name,
        "reading": report.reading,
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
