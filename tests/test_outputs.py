"""--output (atomic, never over an input, --force to replace), several files per run, the
format registry, and the text report read at a glance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.atomic import write_atomic
from clearance.cli import app
from clearance.exceptions import InputError
from clearance.render import FORMATS

from examples import EXAMPLES, PAPER_CASES

runner = CliRunner()
PAPER = sorted((EXAMPLES / "paper").glob("*.yaml"))
CASE = {case.name: case for case in PAPER_CASES}


def test_atomic_write_replaces_only_when_forced(tmp_path):
    target = tmp_path / "out.txt"
    write_atomic(target, "one\n")
    assert target.read_text() == "one\n"
    with pytest.raises(InputError, match="exists"):
        write_atomic(target, "two\n")
    write_atomic(target, "two\n", force=True)
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left behind


def test_atomic_write_never_replaces_an_input(tmp_path):
    source = tmp_path / "project.yaml"
    source.write_text("works: {}\n")
    with pytest.raises(InputError, match="refusing to overwrite the input file"):
        write_atomic(tmp_path / "." / "project.yaml", "x", [source], force=True)
    assert source.read_text() == "works: {}\n"


def test_a_failed_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "missing-folder" / "out.txt"
    with pytest.raises(InputError, match="cannot write the output"):
        write_atomic(target, "x")


@pytest.mark.parametrize("fmt", ["json", "sarif", "markdown", "text"])
def test_output_file_holds_what_stdout_would(tmp_path, fmt):
    path = str(CASE["IV(a)"].path)
    shown = runner.invoke(app, ["check", path, "--format", fmt])
    target = tmp_path / f"report.{fmt}"
    written = runner.invoke(app, ["check", path, "--format", fmt, "--output", str(target)])
    assert written.exit_code == shown.exit_code == 1
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == shown.stdout
    again = runner.invoke(app, ["check", path, "--format", fmt, "--output", str(target)])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(app, ["check", path, "--format", fmt, "-o", str(target), "--force"]).exit_code == 1


def test_output_refuses_the_project_file_itself(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(CASE["III"].path.read_text())
    before = path.read_bytes()
    result = runner.invoke(app, ["check", str(path), "--output", str(path), "--force"])
    assert result.exit_code == 2 and "refusing to overwrite the input file" in result.output
    assert path.read_bytes() == before


def test_every_paper_example_in_one_run_exits_with_the_worst():
    result = subprocess.run([sys.executable, "-m", "clearance", "check", *map(str, PAPER)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.count("File: ") == len(PAPER)
    for path in PAPER:
        assert f"File: {path}" in result.stdout
    compliant = [case for case in PAPER_CASES if case.compliant]
    alone = runner.invoke(app, ["check", *(str(case.path) for case in compliant)])
    assert alone.exit_code == 0


def test_several_files_json_is_an_array_in_the_given_order():
    paths = [str(CASE["III"].path), str(CASE["I(a)"].path)]
    data = json.loads(runner.invoke(app, ["check", *paths, "--format", "json"]).stdout)
    assert [item["file"] for item in data] == paths
    assert [item["compliant"] for item in data] == [True, False]
    single = json.loads(runner.invoke(app, ["check", paths[0], "--format", "json"]).stdout)
    assert "file" not in single and {k: v for k, v in data[0].items() if k != "file"} == single


def test_a_bad_file_among_several_is_reported_and_the_rest_checked(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("works:\n  a: {type: data, license: CC-BY-NC-4}\n")
    result = subprocess.run([sys.executable, "-m", "clearance", "check", str(CASE["III"].path), str(bad)],
                            capture_output=True, text=True)
    assert result.returncode == 2  # invalid input is the worst
    assert f"clearance: {bad}:2:" in result.stderr and "COMPLIANT" in result.stdout


def test_explain_and_suggest_take_several_files():
    paths = [str(CASE["II(b)"].path), str(CASE["III"].path)]
    explained = runner.invoke(app, ["explain", *paths])
    assert explained.exit_code == 1 and explained.stdout.count("File: ") == 2
    suggested = json.loads(runner.invoke(app, ["suggest", *paths, "--format", "json"]).stdout)
    assert [item["file"] for item in suggested] == paths


def test_every_format_renders_check_and_is_deterministic():
    path = str(CASE["I(b)"].path)
    for fmt in FORMATS:
        first = runner.invoke(app, ["check", path, "--format", fmt])
        assert first.exit_code == 1, (fmt, first.output)
        assert runner.invoke(app, ["check", path, "--format", fmt]).stdout == first.stdout
    assert runner.invoke(app, ["check", path, "--format", "pdf"]).exit_code == 2


def test_text_report_summary_first_and_one_cause_one_finding():
    text = runner.invoke(app, ["check", str(CASE["I(b)"].path)]).stdout
    lines = text.splitlines()
    assert lines[2].startswith("NOT COMPLIANT: bundle, sold as weights, under GPL-3.0-only (3 errors")
    assert "[cannot-share]" in text and "does not grant the right to distribute" not in text.split("Notices")[0]
    assert "because" in text and "fix:" in text
    verbose = runner.invoke(app, ["check", str(CASE["I(b)"].path), "--verbose"]).stdout
    assert verbose.count("because") > text.count("because")


def test_an_error_in_several_releases_is_shown_once(tmp_path):
    path = tmp_path / "four.yaml"
    path.write_text("works:\n  nc: {type: data, license: CC-BY-NC-4.0}\n  img: {type: data, license: MIT}\n"
                    "steps:\n  a: {activity: combine, inputs: [nc, img]}\n"
                    "release:\n" + "".join(f"  - {{work: a, policy: sell, form: {form}}}\n"
                                           for form in ("raw", "binary", "saas"))
                    + "  - {work: a, policy: share}\n", encoding="utf-8")
    text = runner.invoke(app, ["check", str(path)]).stdout
    assert text.count("[rights-not-granted]") == 1
    assert "in: a, a, a" not in text and "sold as files" in text and "shared as files" in text
    summary = [line for line in text.splitlines() if line.startswith(("COMPLIANT", "NOT COMPLIANT"))]
    assert len(summary) == 4


def test_type_mismatch_once_per_license_and_a_notice_for_software_licenses_on_models(tmp_path):
    path = tmp_path / "mit.yaml"
    path.write_text("works:\n" + "".join(f"  m{i}: {{type: model, license: MIT}}\n" for i in range(3))
                    + "  d: {type: data, license: MIT}\n"
                    "steps:\n  merged: {activity: merge, inputs: [m0, m1, m2, d]}\n"
                    "release: {work: merged, policy: share}\n", encoding="utf-8")
    data = json.loads(runner.invoke(app, ["check", str(path), "--format", "json"]).stdout)
    mismatches = [f for f in data["findings"] if f["code"] == "license-type-mismatch"]
    assert sorted((f["severity"], tuple(f["works"])) for f in mismatches) == [
        ("notice", ("m0", "m1", "m2")), ("warning", ("d",))]


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from clearance.cli.common import colour_wanted

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colour_wanted(None) is True
    assert colour_wanted(Path("report.txt")) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert colour_wanted(None) is False


def test_piped_text_has_no_escape_codes():
    env = {**os.environ, "NO_COLOR": ""}
    result = subprocess.run([sys.executable, "-m", "clearance", "check", str(CASE["I(a)"].path)],
                            capture_output=True, text=True, env=env)
    assert "\x1b[" not in result.stdout


def test_colour_marks_verdicts_and_codes_when_asked():
    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.render import RenderOptions
    from clearance.render.check_text import render
    from clearance.sources.project_file import load_project
    kb = load_knowledge_base()
    report = analyze(load_project(CASE["I(a)"].path, kb), kb)
    coloured = render(report, RenderOptions(colour=True))
    assert "\x1b[31mNOT COMPLIANT\x1b[0m" in coloured and "\x1b[31m[rights-not-granted]\x1b[0m" in coloured
    assert "\x1b[" not in render(report, RenderOptions(colour=False))
