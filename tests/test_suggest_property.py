"""Over generated projects: every license `suggest` ranks checks clean when set as
the release's license, and every fix it offers makes its release compliant."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from clearance.analysis import analyze
from clearance.changes import apply_changes, with_release_license
from clearance.knowledge_base import load_knowledge_base
from clearance.sources.project_file import parse_project
from clearance.sources.project_writer import dump_project
from clearance.suggest import suggest

from strategies import projects

KB = load_knowledge_base()


@settings(max_examples=80, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects(KB))
def test_every_suggestion_checks_clean(drawn):
    pool, text = drawn
    kb = KB.restricted(pool)
    project = parse_project(text, kb)
    for item in suggest(project, kb, max_fixes=4):
        for lic, _ in item.licenses:
            report = analyze(with_release_license(project, item.index, lic), kb)
            assert report.releases[item.index].compliant, (item.work, lic, text)
        for fix in item.fixes:
            fixed = parse_project(dump_project(apply_changes(project, item.index, fix.changes), kb), kb)
            assert analyze(fixed, kb).releases[item.index].compliant, (fix, text)
            assert fix.licenses, "a compliant release can go under some license"
            for lic, _ in fix.licenses[:3]:
                report = analyze(with_release_license(fixed, item.index, lic), kb)
                assert report.releases[item.index].compliant, (fix, lic, text)
        if item.compliant:
            assert not item.fixes
