"""SARIF 2.1.0: valid against the official schema, one run, correct lines, stable fingerprints."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from clearance.cli import app

from examples import PAPER_CASES

SCHEMA_FILE = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "2b19d2358baef0251d7d24e208d05ffabf1b2a3ab5e1b3a816066fc57fd4a7e8"
runner = CliRunner()


@pytest.fixture(scope="module")
def validator():
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256  # the vendored copy is unchanged
    return jsonschema.Draft7Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def sarif(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, [*args, "--format", "sarif"])
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def paper_log():
    return sarif("check", *[str(case.path) for case in PAPER_CASES])


def test_every_paper_case_in_one_valid_run(validator, paper_log):
    code, log = paper_log
    assert code == 1  # some cases are not compliant
    validator.validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    assert {a["location"]["uri"] for a in run["artifacts"]} == {str(case.path) for case in PAPER_CASES}
    driver = run["tool"]["driver"]
    assert driver["name"] == "clearance" and driver["version"]
    used = {result["ruleId"] for result in run["results"]}
    assert [rule["id"] for rule in driver["rules"]] == sorted(used)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_results_match_the_check_and_point_at_the_declaring_line(paper_log):
    _, log = paper_log
    results = log["runs"][0]["results"]
    for case in PAPER_CASES:
        mine = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == str(case.path)]
        errors = {(r["ruleId"], r["properties"]["work"]) for r in mine if r["level"] == "error"}
        assert errors == {(code, work) for code, work, _ in case.errors}
        lines = case.path.read_text(encoding="utf-8").splitlines()
        for result in mine:
            region = result["locations"][0]["physicalLocation"]["region"]
            text = lines[region["startLine"] - 1][region["startColumn"] - 1:]
            work = result["properties"]["work"]
            assert text.startswith((work, f'"{work}"', f"'{work}'")), (case.name, work, text)
        levels = {r["level"] for r in mine}
        assert levels <= {"error", "warning", "note"}


def test_fingerprints_are_stable_and_distinct(paper_log):
    _, log = paper_log
    _, again = sarif("check", *[str(case.path) for case in PAPER_CASES])
    assert again == log
    prints = [r["partialFingerprints"]["clearance/v1"] for r in log["runs"][0]["results"]]
    assert len(prints) == len(set(prints))


def test_uri_is_the_path_as_given(tmp_path, monkeypatch, validator):
    folder = tmp_path / "repo" / "ml"
    folder.mkdir(parents=True)
    (folder / "project.yaml").write_text(PAPER_CASES[0].path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    _, log = sarif("check", "ml/project.yaml")
    validator.validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"ml/project.yaml"}


def test_waived_results_carry_a_suppression(tmp_path, validator):
    case = next(case for case in PAPER_CASES if case.name == "IV(a)")
    path = tmp_path / "waived.yaml"
    path.write_text(case.path.read_text(encoding="utf-8") + "waivers:\n  - code: rights-not-granted\n"
                    "    work: MaskFormer\n    reason: bought a commercial license\n", encoding="utf-8")
    code, log = sarif("check", str(path))
    assert code == 0
    validator.validate(log)
    suppressed = [r for r in log["runs"][0]["results"] if "suppressions" in r]
    assert [(r["ruleId"], r["properties"]["work"]) for r in suppressed] == [("rights-not-granted", "MaskFormer")]
    assert suppressed[0]["suppressions"][0]["justification"] == "bought a commercial license"


def test_explain_as_sarif(validator):
    case = next(case for case in PAPER_CASES if case.name == "II(a)")
    code, log = sarif("explain", str(case.path))
    assert code == 1
    validator.validate(log)
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"license-incompatible"}
    assert all(r["level"] == "error" for r in log["runs"][0]["results"])


def test_suggest_refuses_sarif_clearly():
    result = runner.invoke(app, ["suggest", str(PAPER_CASES[0].path), "--format", "sarif"])
    assert result.exit_code == 2 and "--format sarif is not available for suggest" in result.output


def test_works_read_from_a_bom_or_a_card_point_at_that_file(validator):
    fixtures = Path(__file__).parent / "fixtures"
    bom = fixtures / "bom" / "llama-finetune.cdx.json"
    _, log = sarif("check", str(bom))
    validator.validate(log)
    results = log["runs"][0]["results"]
    assert results
    lines = bom.read_text(encoding="utf-8").splitlines()
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == str(bom)
        assert "bom-ref" in lines[physical["region"]["startLine"] - 1]
    _, log = sarif("check", str(fixtures / "hub" / "llama-adapter"), "--hf-cache", str(fixtures / "hf-cache"))
    validator.validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris and all(uri.endswith("README.md") for uri in uris)
