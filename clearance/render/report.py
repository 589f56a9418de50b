"""The JSON of a `Report` (deterministic), and the words the reports share. The text report is
clearance/render/check_text.py."""

from __future__ import annotations

import json

from clearance.analysis import Report
from clearance.collector import without_collector

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
