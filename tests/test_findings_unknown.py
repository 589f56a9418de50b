"""One cause, one finding, for a license nobody knows (issue 11: license-unknown was noisy)."""

from __future__ import annotations

import json

from clearance.analysis import analyze
from clearance.findings import SEVERITY_OF
from clearance.knowledge_base import load_knowledge_base
from clearance.render.codes import CODES
from clearance.sources.project_file import parse_project

KB = load_knowledge_base()
PROJECT = """
project: unknown base
works:
  base: {type: model, license: unknown}
  data: {type: data, license: CC-BY-4.0}
steps:
  tuned: {activity: finetune, inputs: [base], data: [data], license: Apache-2.0}
release: {work: tuned, policy: share}
"""


def test_errors_and_notices_of_an_unknown_license_fold_into_license_unknown() -> None:
    [result] = analyze(parse_project(PROJECT, KB), KB).releases
    assert not result.compliant
    on_base = [f for f in result.findings if f.work == "base" and f.severity in ("error", "notice")]
    assert [f.code for f in on_base] == ["license-unknown"]
    [unknown] = on_base
    folded_codes = {code for code, _ in unknown.folded}
    # Read as granting nothing: no right to share it, and the intended Apache-2.0 is not allowed.
    assert {"rights-not-granted", "cannot-relicense"} <= folded_codes
    assert "copyleft" in folded_codes  # a notice about a license nobody knows is no fact of it
    assert any("also blocks the release" in sentence for sentence in unknown.because)
    assert json.dumps(unknown.to_json())  # the folded findings are in the JSON
    assert unknown.to_json()["folded"][0].keys() == {"code", "message"}


def test_restrictions_and_findings_on_known_licenses_stay() -> None:
    [result] = analyze(parse_project(PROJECT, KB), KB).releases
    # Findings on the known license are not folded (training on CC-BY-4.0 data: the text is silent).
    assert any(f.work == "data" and f.code == "rights-not-explicit" for f in result.findings)
    assert any(f.work == "base" and f.severity == "restriction" for f in result.findings)


def test_every_code_is_described() -> None:
    assert set(SEVERITY_OF) <= set(CODES)
