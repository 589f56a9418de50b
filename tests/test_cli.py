"""The command line: exit codes, formats, and never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from clearance import __version__
from clearance.cli import app

from examples import EXAMPLES, PAPER_CASES

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_licenses_json_lists_every_license():
    result = run("licenses", "--format", "json")
    data = json.loads(result.output)
    assert len(data) >= 55
    assert {"id", "name", "aliases", "family", "types"} <= set(data[0])


def test_licenses_show():
    result = run("licenses", "show", "LGPL-LR")
    assert result.exit_code == 0 and "LGPLLR" in result.output and "departure" in result.output
    assert run("licenses", "show", "no-such").exit_code == 2


@pytest.mark.parametrize("case", PAPER_CASES, ids=lambda c: c.name)
def test_validate_and_check_every_paper_example(case):
    assert run("validate", str(case.path)).exit_code == 0
    result = run("check", str(case.path))
    assert result.exit_code == (0 if case.compliant else 1)
    assert "not legal advice" in result.output


@pytest.mark.parametrize("path", sorted((EXAMPLES / "everyday").glob("*.yaml")), ids=lambda p: p.stem)
def test_everyday_examples_check(path):
    assert run("check", str(path)).exit_code in (0, 1)


def test_check_json_contract_and_determinism(tmp_path):
    case = PAPER_CASES[0]
    first = run("check", str(case.path), "--format", "json")
    data = json.loads(first.output)
    assert data["format"] == "clearance.report/3"
    key = {"work": "corpus", "policy": "sell", "form": "raw", "license": None}
    assert data["releases"][0] == {"index": 0, "key": key, "work": "corpus", "policy": "sell", "form": "raw",
                                   "license": "LGPLLR", "intended_license": None, "compliant": False,
                                   "licenses": case.licenses, "findings": len(data["findings"]),
                                   "conflicts_capped": False, "license_imposed": True,
                                   "least_restrictive": "LGPLLR", "license_conflicting": False,
                                   "conflicting_alternatives": [], "conflicting_licenses": {}}
    assert all(f["release_index"] == 0 and f["release_key"] == key for f in data["findings"])
    finding = next(f for f in data["findings"] if f["code"] == "rights-not-granted" and f["work"] == "arXiv")
    assert finding["path"] == ["arXiv", "arXiv-translated", "corpus"]
    assert finding["right"] == "commercial-use" and finding["works"] == ["arXiv"] and finding["because"]
    # Reordering the keys of the file changes nothing in the output.
    text = case.path.read_text()
    head, works_and_rest = text.split("works:", 1)
    works, rest = works_and_rest.split("steps:", 1)
    lines = [line for line in works.splitlines() if line.strip()]
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text("release:" + rest.split("release:", 1)[1] + "steps:" + rest.split("release:", 1)[0]
                        + "works:\n" + "\n".join(reversed(lines)) + "\n" + head)
    again = run("check", str(shuffled), "--format", "json")
    assert again.output == first.output


def test_what_if_options_override_releases():
    path = str(EXAMPLES / "paper" / "case4a-distill-and-fuse.yaml")
    assert run("check", path).exit_code == 1
    assert run("check", path, "--policy", "personal").exit_code == 0
    assert run("check", path, "--policy", "publish").exit_code == 2
    assert run("check", path, "--license", "MIT").exit_code == 1


@pytest.mark.parametrize("args", [["check", "missing.yaml"], ["validate", "/"], ["check"], ["bogus"]])
def test_bad_usage_is_exit_2_without_traceback(args):
    result = subprocess.run([sys.executable, "-m", "clearance", *args], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout


def test_invalid_file_message_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("works:\n  a: {type: data, license: CC-BY-NC-4}\n")
    result = subprocess.run([sys.executable, "-m", "clearance", "check", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stderr and "did you mean CC-BY-NC-4.0" in result.stderr


@pytest.mark.parametrize("command, extra", [("check", "clearance[hub]"), ("audit", "'clearance[cluster]'")])
def test_help_names_the_extra_to_install(command: str, extra: str):
    """typer reads help texts as rich markup, where an unescaped '[hub]' vanishes as a style."""
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "300", "NO_COLOR": "1"})
    assert result.exit_code == 0 and extra in result.output
