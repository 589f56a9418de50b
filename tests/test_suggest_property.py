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
        ranks = [(fix.needs_licensor, not fix.appliable, fix.cost) for fix in item.fixes]
        assert ranks == sorted(ranks), "fixes the user can make alone first, cheapest first"
        for fix in item.fixes:
            for change in fix.changes:
                if change.kind == "replace" and change.to:  # a named replacement is a curated license of its kind
                    assert change.to in kb.advice.replacements[project.works[change.work].type], (fix, text)
            if not fix.appliable:
                continue
            fixed = parse_project(dump_project(apply_changes(project, item.index, fix.changes), kb), kb)
            report = analyze(fixed, kb)
            assert report.releases[item.index].compliant, (fix, text)
            assert all(result.compliant for result in report.releases[len(project.releases):]), (fix, text)
            assert all(fixed.works[w].license == project.works[w].license  # no declared license is relabelled
                       for w in set(fixed.works) & set(project.works)), (fix, text)
            assert fix.licenses, "a compliant release can go under some license"
            for lic, _ in fix.licenses[:3]:
                report = analyze(with_release_license(fixed, item.index, lic), kb)
                assert report.releases[item.index].compliant, (fix, lic, text)
        if item.compliant:
            assert not item.fixes
