"""`suggest`: release licenses ranked by risk and minimal fixes ranked by cost,
each of which checks clean when applied; `--apply` writes a compliant project."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from clearance.analysis import analyze, release_compliant
from clearance.changes import Change, apply_changes, with_release_license
from clearance.cli import app
from clearance.risk import risk_score
from clearance.sources.project_file import load_project, parse_project
from clearance.sources.project_writer import dump_project
from clearance.suggest import fixed_project, suggest

from examples import EXAMPLES, PAPER_CASES

runner = CliRunner()
ALL_EXAMPLES = sorted(EXAMPLES.glob("*/*.yaml"))


@pytest.fixture(scope="module")
def suggested(kb):
    return {path.name: (load_project(path, kb), suggest(load_project(path, kb), kb)) for path in ALL_EXAMPLES}


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.stem)
def test_every_suggested_release_license_checks_clean(kb, suggested, path):
    project, found = suggested[path.name]
    kb = kb.under(project.reading)
    for item in found:
        risks = [risk for _, risk in item.licenses]
        assert risks == sorted(risks)
        for lic, risk in item.licenses:
            assert risk == risk_score(kb.for_project(project).licenses[lic], kb.advice)  # a custom license too
            report = analyze(with_release_license(project, item.index, lic), kb)
            assert report.releases[item.index].compliant, (item.work, lic)


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.stem)
def test_no_compliant_release_license_is_left_out(kb, suggested, path):
    project, found = suggested[path.name]
    for item in found:
        listed = {lic for lic, _ in item.licenses}
        for lic in sorted(set(kb.licenses) - listed):
            changed = with_release_license(project, item.index, lic)
            assert not release_compliant(changed, kb, item.index), (item.work, lic)


@pytest.mark.parametrize("case", [c for c in PAPER_CASES if not c.compliant], ids=lambda c: c.name)
def test_every_fix_makes_the_release_compliant(kb, suggested, case):
    project, found = suggested[case.file]
    fixes = [(item.index, fix) for item in found for fix in item.fixes]
    assert fixes, "a non-compliant paper case gets at least one fix"
    for index, fix in fixes:
        if not fix.appliable:
            continue
        fixed = parse_project(dump_project(apply_changes(project, index, fix.changes), kb), kb)
        report = analyze(fixed, kb)
        assert report.releases[index].compliant, fix
        assert all(result.compliant for result in report.releases[len(project.releases):]), fix  # added releases
        for lic, _ in fix.licenses:  # the licenses the fixed release could then go under
            assert analyze(with_release_license(fixed, index, lic), kb).releases[index].compliant, (fix, lic)
    # Fixes the user can make alone come first, then those that need the licensor; cheapest first in each.
    ranks = [(fix.needs_licensor, not fix.appliable, fix.cost) for item in found for fix in item.fixes]
    assert ranks == sorted(ranks)


def test_fixes_are_minimal(kb, suggested):
    """No fix holds a smaller fix of the same release: each is a minimal set of changes."""
    for _project, found in suggested.values():
        for item in found:
            sets = [set(fix.changes) for fix in item.fixes]
            for one in sets:
                assert not any(other < one for other in sets), item.fixes


def test_corpus_fixes_name_what_is_missing(kb, suggested):
    project, [item] = suggested["case1a-corpus-combination.yaml"]
    replaces = {c.work: c for fix in item.fixes for c in fix.changes if c.kind == "replace"}
    assert replaces["arXiv"].why == "a source of this data that grants commercial use"
    assert replaces["FreeLaw"].why == "a source of this data that grants the right to distribute"
    assert Change("policy", "corpus", "personal") in {c for fix in item.fixes for c in fix.changes}


def test_relicense_variant_suggests_a_compatible_license(kb, suggested):
    project, [item] = suggested["case5-variant-wikimedia-relicense.yaml"]
    assert [lic for lic, _ in item.licenses] == ["CC-BY-SA-4.0", "GPL-3.0-only", "GPL-3.0-or-later"]
    assert item.fixes[0].changes == (Change("license", "Wikimedia-augmented", "CC-BY-SA-4.0"),)


def test_compliant_release_gets_least_risk_choices(kb, suggested):
    project, [item] = suggested["case3-generation-pipeline.yaml"]
    assert item.compliant and not item.fixes
    assert item.licenses[0] == ("Unlicense", 0)
    assert ("derived", "videos", "Unlicense") in item.choices


def test_dual_licensed_work_gets_a_choice(kb):
    text = """
works:
  lib: {type: software, license: GPL-3.0-only OR MIT}
  app-code: {type: software, license: Apache-2.0}
steps:
  app: {activity: combine, inputs: [lib, app-code]}
release: {work: app, policy: sell, form: binary}
"""
    [item] = suggest(parse_project(text, kb), kb)
    assert ("choose", "lib", "MIT") in item.choices


@pytest.mark.parametrize("case", [c for c in PAPER_CASES if not c.compliant], ids=lambda c: c.name)
def test_apply_writes_a_project_that_checks_clean(kb, tmp_path, case):
    fixed = tmp_path / "fixed.yaml"
    result = runner.invoke(app, ["suggest", str(case.path), "--apply", "1", "--output", str(fixed)])
    assert result.exit_code == 0, result.output
    check = runner.invoke(app, ["check", str(fixed)])
    assert check.exit_code == 0, check.output


def test_writer_round_trips_every_example(kb):
    for path in ALL_EXAMPLES:
        project = load_project(path, kb)
        again = parse_project(dump_project(project, kb), kb, project.source)
        strip = {"line": None}
        assert {k: replace(w, **strip) for k, w in again.works.items()} == \
            {k: replace(w, **strip) for k, w in project.works.items()}
        assert {k: replace(s, **strip) for k, s in again.steps.items()} == \
            {k: replace(s, **strip) for k, s in project.steps.items()}
        assert [replace(r, **strip) for r in again.releases] == [replace(r, **strip) for r in project.releases]


def test_cli_json(kb):
    path = EXAMPLES / "paper" / "case2b-moe-noderivs.yaml"
    result = runner.invoke(app, ["suggest", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["format"] == "clearance.suggest/1"
    [release] = data["releases"]
    assert release["work"] == "experts" and release["compliant"] is False
    assert [fix["number"] for fix in release["fixes"]] == list(range(1, len(release["fixes"]) + 1))
    kinds = {change["kind"] for fix in release["fixes"] for change in fix["changes"]}
    assert {"serve-instead", "replace", "drop", "policy", "move-to-aux", "seek-permission"} <= kinds
    assert runner.invoke(app, ["suggest", str(path), "--format", "json"]).output == result.output


def test_cli_apply_errors(tmp_path):
    path = EXAMPLES / "paper" / "case2b-moe-noderivs.yaml"
    result = runner.invoke(app, ["suggest", str(path), "--apply", "99", "--output", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and "there is no fix 99" in result.output
    result = runner.invoke(app, ["suggest", str(path), "--apply", "1"])
    assert result.exit_code == 2 and "--apply needs --output FILE or --in-place" in result.output
    # Without --apply, --output is where the report goes; the input file itself is never overwritten.
    result = runner.invoke(app, ["suggest", str(path), "--output", str(path)])
    assert result.exit_code == 2 and "refusing to overwrite the input file" in result.output


def test_fixed_project_numbers_fixes_from_one(kb, suggested):
    project, found = suggested["case2b-moe-noderivs.yaml"]
    index, first = fixed_project(project, found, 1)
    assert index == 0
    assert first.releases[0].form == "saas"


def test_releases_of_the_same_shape_share_one_answer_that_holds_for_each(kb):
    """A hub of fine-tunes: each release's fixes (worked out once per lineage shape, then renamed)
    make that very release compliant when applied to the whole project."""
    from benchmarks.generate import dump, releases
    from clearance.release_view import release_view
    project = parse_project(dump(releases(24)), kb)
    keys = {release_view(project, index)[2] for index in range(len(project.releases))}
    assert len(keys) < len(project.releases)  # some releases share a shape
    found = suggest(project, kb, max_fixes=3)
    assert [item.work for item in found] == [release.work for release in project.releases]
    for item in found:
        assert item.compliant == release_compliant(project, kb, item.index)
        for fix in item.fixes[:2]:
            assert all(work in project.works or work in project.steps for c in fix.changes for work in c.works)
            fixed = apply_changes(project, item.index, fix.changes)
            assert release_compliant(fixed, kb, item.index), (item.work, fix)
