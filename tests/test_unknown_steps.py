"""A made work declared under a license nobody knows (a Hub card saying `license: unknown` over a
known base): its recipients get unknown terms, so a release reaching it is license-unknown. It is
not a relicensing the sources forbid (cannot-relicense), and its license is not a guess."""

from __future__ import annotations

from clearance.analysis import analyze
from clearance.findings import error_codes
from clearance.knowledge_base import UNKNOWN_LICENSE, load_knowledge_base
from clearance.sources.project_file import parse_project

KB = load_knowledge_base()


def result_of(text: str):
    [result] = analyze(parse_project(text, KB), KB).releases
    return result


def test_an_intermediate_declared_unknown_makes_the_release_license_unknown() -> None:
    result = result_of("""
project: p
works:
  base: {type: model, license: Apache-2.0}
steps:
  mid: {activity: finetune, inputs: [base], license: unknown}
  top: {activity: finetune, inputs: [mid], license: Apache-2.0}
release: {work: top, policy: share}
""")
    assert not result.compliant
    assert error_codes(result.findings) == {"license-unknown"}
    [finding] = [f for f in result.findings if f.is_error]
    assert finding.work == "mid" and "the license of mid is unknown" in finding.message
    assert result.licenses["mid"] == UNKNOWN_LICENSE


def test_a_release_under_an_unknown_license_is_license_unknown() -> None:
    result = result_of("""
project: p
works:
  base: {type: model, license: Apache-2.0}
steps:
  mid: {activity: finetune, inputs: [base], license: unknown}
release: {work: mid, policy: share}
""")
    assert error_codes(result.findings) == {"license-unknown"}
    [finding] = [f for f in result.findings if f.is_error]
    assert "released under a license nobody knows" in " ".join(finding.because)


def test_a_known_intended_license_is_still_checked() -> None:
    result = result_of("""
project: p
works:
  base: {type: model, license: CC-BY-NC-4.0}
steps:
  mid: {activity: finetune, inputs: [base], license: MIT}
release: {work: mid, policy: share}
""")
    assert "cannot-relicense" in error_codes(result.findings)
