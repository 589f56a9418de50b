"""Waivers: a reviewed risk is accepted, stays visible, and no longer fails the check."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from clearance.analysis import analyze
from clearance.cli import app
from clearance.sources.project_file import parse_project

from examples import PAPER_CASES

runner = CliRunner()
CASE_4A = next(case for case in PAPER_CASES if case.name == "IV(a)")
WAIVER = ("waivers:\n"
          "  - code: rights-not-granted\n"
          "    work: MaskFormer\n"
          "    reason: a commercial license was bought from the authors (LEGAL-42)\n")


def waived_copy(tmp_path, extra: str = WAIVER):
    path = tmp_path / "project.yaml"
    path.write_text(CASE_4A.path.read_text() + extra)
    return path


def test_a_waiver_turns_exit_1_into_0_and_stays_visible(tmp_path):
    assert runner.invoke(app, ["check", str(CASE_4A.path)]).exit_code == 1
    path = waived_copy(tmp_path)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "rights-not-granted" in result.output and "waived" in result.output
    assert "LEGAL-42" in result.output
    data = json.loads(runner.invoke(app, ["check", str(path), "--format", "json"]).output)
    waived = [f for f in data["findings"] if "waived" in f]
    assert {(f["code"], f["work"]) for f in waived} == {("rights-not-granted", "MaskFormer")}
    assert waived[0]["waived"]["reason"].startswith("a commercial license")
    assert data["compliant"] is True


def test_waiver_scoped_to_one_release_waives_nothing_in_another(kb):
    text = ("works:\n  nc: {type: data, license: CC-BY-NC-4.0}\n  mit: {type: data, license: MIT}\n"
            "steps:\n  a: {activity: combine, inputs: [nc, mit]}\n  b: {activity: combine, inputs: [nc]}\n"
            "release:\n  - {work: a, policy: sell}\n  - {work: b, policy: sell}\n"
            "waivers:\n  - {code: rights-not-granted, work: nc, release: a, reason: licensed for a}\n")
    report = analyze(parse_project(text, kb), kb)
    verdicts = {r.release.work: r.compliant for r in report.releases}
    assert verdicts == {"a": True, "b": False}
    assert not any(f.waiver for r in report.releases if r.release.work == "b" for f in r.findings)


def test_expired_and_unused_waivers_are_warnings(kb):
    text = CASE_4A.path.read_text() + WAIVER + "    until: 2020-01-31\n" + (
        "  - {code: copyleft, work: Whisper, reason: not copyleft anyway}\n")
    project = parse_project(text, kb)
    report = analyze(project, kb, today=date(2021, 1, 1))
    assert not report.compliant  # the waiver expired: it waives nothing
    codes = {(f.code, f.work) for f in report.findings if f.severity == "warning"}
    assert {("waiver-expired", "MaskFormer"), ("waiver-unused", "Whisper")} <= codes
    before = analyze(project, kb, today=date(2020, 1, 31))
    assert before.compliant  # the last day of a waiver still waives


def test_waiver_of_a_group_covers_it_only_when_every_member_is_waived(kb):
    works = "".join(f"  src{i}: {{type: data, license: CC-BY-NC-4.0}}\n" for i in range(4))
    base = ("works:\n" + works + "steps:\n  corpus: {activity: combine, inputs: [src0, src1, src2, src3]}\n"
            "release: {work: corpus, policy: sell}\nwaivers:\n")
    one = "  - {code: rights-not-granted, work: src0, reason: licensed}\n"
    report = analyze(parse_project(base + one, kb), kb)
    assert not report.compliant
    every = "".join(f"  - {{code: rights-not-granted, work: src{i}, reason: licensed}}\n" for i in range(4))
    assert analyze(parse_project(base + every, kb), kb).compliant


BAD_WAIVERS = [
    ("  - {code: rights-not-granted, work: MaskFormer}\n", "a waiver has no 'reason'"),
    ("  - {code: right-not-granted, work: MaskFormer, reason: r}\n", "did you mean 'rights-not-granted'?"),
    ("  - {code: copyleft, work: MaskFromer, reason: r}\n", "undefined work 'MaskFromer'"),
    ("  - {code: copyleft, work: MaskFormer, reason: r, until: soon}\n", "must be a date, not 'soon'"),
    ("  - {code: copyleft, work: MaskFormer, reason: r, release: Whisper}\n", "which no release releases"),
    ("  - {code: copyleft, work: MaskFormer, reason: r, who: me}\n", "unknown key 'who' in a waiver"),
    ("  - {code: copyleft, work: MaskFormer, reason: ''}\n", "the reason of a waiver must be a non-empty string"),
    ("  {code: copyleft}\n", "'waivers' must be a list of waivers"),
]


@pytest.mark.parametrize("entry, message", BAD_WAIVERS, ids=[m for _, m in BAD_WAIVERS])
def test_bad_waivers_are_refused_with_file_and_line(tmp_path, entry, message):
    path = waived_copy(tmp_path, "waivers:\n" + entry)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    line = len(CASE_4A.path.read_text().splitlines()) + 2
    assert result.output.startswith(f"clearance: {path}:{line}:"), result.output
    assert message in result.output
