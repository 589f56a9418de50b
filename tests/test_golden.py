"""The paper's five case studies: the engine computes what the paper reports."""

from __future__ import annotations

import pytest

from clearance.analysis import analyze
from clearance.sources.project_file import load_project

from examples import PAPER_CASES, PaperCase


def detail(finding) -> str | None:
    return finding.right or finding.activity if finding.code != "license-incompatible" else None


@pytest.fixture(scope="module", params=PAPER_CASES, ids=lambda case: case.name)
def outcome(request, kb):
    case: PaperCase = request.param
    return case, analyze(load_project(case.path, kb), kb)


def test_verdict(outcome):
    case, report = outcome
    assert report.compliant is case.compliant


def test_determined_licenses(outcome):
    case, report = outcome
    assert {work: report.licenses.get(work) for work in case.licenses} == case.licenses


def test_a_conflict_still_reports_the_license_its_largest_consistent_part_requires(outcome):
    # Issue 10 s.3: MaxSAT over the tracked labels; II(a) and IV(b) give GPL-3.0, marked as conflicting.
    case, report = outcome
    conflicting = {work: d.license for result in report.releases for work, d in result.determined.items()
                   if d.conflicting}
    assert case.conflicting.items() <= conflicting.items()
    # Only a work whose license a conflict blocks gets a conflicting license.
    assert all(result.licenses.get(work, "") is None for result in report.releases
               for work, d in result.determined.items() if d.conflicting)
    for result in report.releases:
        if result.release.work in case.conflicting:
            assert result.license == case.conflicting[result.release.work]
            assert result.determination.conflicting and result.licenses[result.release.work] is None


def test_errors_are_exactly_the_papers(outcome):
    case, report = outcome
    errors = {(f.code, f.work, detail(f)) for f in report.findings if f.is_error}
    assert errors == case.errors


@pytest.mark.parametrize("severity", ["warning", "notice", "restriction"])
def test_reported_findings_are_present(outcome, severity):
    case, report = outcome
    expected = {"warning": case.warnings, "notice": case.notices, "restriction": case.restrictions}[severity]
    found = {(f.code, f.work) for f in report.findings if f.severity == severity}
    assert expected <= found


def test_every_error_is_explained_and_traced(outcome):
    _, report = outcome
    for finding in report.findings:
        if finding.is_error:
            assert finding.because, finding
            assert finding.path[0] == finding.work and finding.path[-1] == finding.release
            assert finding.work in finding.works or finding.code == "cannot-share"


def test_no_duplicate_findings(outcome):
    _, report = outcome
    keys = [(f.release, f.code, f.work, f.right, f.activity, f.at) for f in report.findings]
    assert len(keys) == len(set(keys))
