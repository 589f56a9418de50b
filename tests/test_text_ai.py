"""AI model licenses read from their texts (default text reading): research-only grants, outputs, distribution
to recipients licensed directly, and the training bans. Each scenario quotes the clause its verdict rests on."""

from __future__ import annotations

import pytest

from clearance.analysis import analyze
from clearance.sources.project_file import parse_project

# Files read against their published text (text_checked), and the one whose text could not be found.
CHECKED = ["OpenMDW-1.0", "DeepFloyd-IF", "FAIR-NC-Research", "Intel-Research", "Grok-2-Community",
           "Apple-AMLR", "Apple-Sample-Code"]
NOT_FOUND = ["H-Research"]


def _check(kb, text: str):
    return analyze(parse_project(text, kb), kb).releases[0]


def _errors(result) -> set[tuple[str, str, str | None]]:
    return {(f.code, f.work, f.right) for f in result.findings if f.is_error}


def _codes(result, work: str) -> set[str]:
    return {f.code for f in result.findings if f.work == work}


FINETUNE = """
works:
  base: {{type: model, license: {license}}}
  data: {{type: data, license: CC0-1.0}}
steps:
  tuned: {{activity: finetune, inputs: [base], data: [data]}}
release: {{work: tuned, policy: {policy}}}
"""

GENERATED = """
works:
  generator: {{type: model, license: {license}}}
  student:   {{type: model, license: MIT}}
steps:
  synthetic: {{activity: generate, inputs: [generator], type: data}}
  tuned:     {{activity: finetune, inputs: [student], data: [synthetic]}}
release: {{work: tuned, policy: {policy}}}
"""


@pytest.mark.parametrize("license_id", CHECKED)
def test_each_checked_file_records_its_text(kb, license_id):
    lic = kb.licenses[license_id]
    assert lic.text_checked is not None and lic.text_checked.url.startswith("https://")
    assert lic.text_checked.date == "2026-12-01" and lic.text_checked.version
    assert "could not be retrieved" not in (lic.notes or "") and "not re-read" not in (lic.notes or "")


def test_a_text_that_could_not_be_found_says_so(kb):
    for license_id in NOT_FOUND:
        lic = kb.licenses[license_id]
        assert lic.text_checked is None and "could not be retrieved" in lic.notes
        assert all("'" not in grant.clause for grant in lic.rights.values())  # nothing is shown as a quote


@pytest.mark.parametrize("license_id, clause", [
    # DeepFloyd s.1(a): "to reproduce, distribute, and create derivative works of the Software solely for your
    # non-commercial research purposes".
    ("DeepFloyd-IF", "solely for your non-commercial research purposes"),
    # FAIR NC s.1(b)(i): "You will not use the Research Materials or any outputs or results of the Research
    # Materials in connection with any commercial uses".
    ("FAIR-NC-Research", "in connection with any commercial uses"),
    # Apple AMLR s.1: "“Research Purposes” does not include any commercial exploitation, product development or
    # use in any commercial product or service".
    ("Apple-AMLR", "does not include any commercial exploitation"),
])
def test_a_research_only_fine_tune_sold_lacks_commercial_use(kb, license_id, clause):
    sold = _check(kb, FINETUNE.format(license=license_id, policy="sell"))
    assert _errors(sold) == {("rights-not-granted", "base", "commercial-use")}
    assert clause in kb.get(license_id).rights["commercial-use"].clause
    shared = _check(kb, FINETUNE.format(license=license_id, policy="share"))
    assert shared.compliant, license_id  # recipients take the license directly: no sublicense needed
    assert "include-license" in _codes(shared, "base")


def test_deepfloyd_follows_the_paper_reading_of_opt_under_paper(kb):
    # The paper reads OPT-175B, whose text DeepFloyd follows, as granting no redistribution and derivatives
    # as not shareable.
    result = _check(kb, "reading: paper\n" + FINETUNE.format(license="DeepFloyd-IF", policy="share"))
    assert not result.compliant
    assert ("cannot-share", "base", None) in _errors(result)
    assert "revocable" in _codes(result, "base")  # s.7(b): "at any time upon notice"
    assert "at any time upon notice" in kb.get("DeepFloyd-IF").clauses["revocable"]


@pytest.mark.parametrize("license_id, clause", [
    # DeepFloyd s.2(a): not use "any data produced by the Software" "for (i) any commercial or production purposes".
    ("DeepFloyd-IF", "any data produced by the Software"),
    ("FAIR-NC-Research", "any outputs or results of the Research Materials"),
])
def test_outputs_of_a_research_only_model_may_not_feed_a_model_that_is_sold(kb, license_id, clause):
    sold = _check(kb, GENERATED.format(license=license_id, policy="sell"))
    assert ("rights-not-granted", "generator", "commercial-use") in _errors(sold)
    term = kb.get(license_id).terms["generate"]
    assert term.result == "independent" and clause in term.clause
    assert _check(kb, GENERATED.format(license=license_id, policy="share")).compliant


def test_apple_amlr_derivatives_must_be_identified(kb):
    # AMLR s.2: "all Model Derivatives must clearly be identified as such, including disclosure of modifications
    # and changes made to the Apple Machine Learning Research Model".
    result = _check(kb, FINETUNE.format(license="Apple-AMLR", policy="share"))
    assert {"state-changes", "include-license", "include-notice"} <= _codes(result, "base")
    assert "disclosure of modifications" in kb.get("Apple-AMLR").terms["amalgamate"].clause


def test_an_intel_research_model_may_not_be_fine_tuned(kb):
    # Intel s.2: "to use, reproduce, display, and distribute the Material solely for research purposes";
    # s.2.1: "Except as authorized above, You will not: (a) use Material in any other way".
    result = _check(kb, FINETUNE.format(license="Intel-Research", policy="personal"))
    assert ("rights-not-granted", "base", "modify") in _errors(result)
    assert "use Material in any other way" in kb.get("Intel-Research").rights["modify"].clause


def test_grok_outputs_may_not_train_another_model(kb):
    # xAI Community License s.2(b): "You may not use the Materials, derivatives, or outputs (including generated
    # data) to train, create, or improve any foundational, large language, or general-purpose AI models".
    result = _check(kb, GENERATED.format(license="Grok-2-Community", policy="personal"))
    assert not result.compliant
    assert "(including generated data) to train" in kb.get("Grok-2-Community").terms["train"].clause
    distilled = _check(kb, """
works:
  teacher: {type: model, license: Grok-2-Community}
  student: {type: model, license: MIT}
steps:
  small: {activity: distill, inputs: [teacher], using: [student]}
release: {work: small, policy: personal}
""")
    assert not distilled.compliant


def test_a_grok_fine_tune_may_be_sold_under_the_use_policy(kb):
    # s.2(a): "For commercial use solely if you and your affiliates abide by all of the guardrails provided in
    # xAI's Acceptable Use Policy".
    result = _check(kb, FINETUNE.format(license="Grok-2-Community", policy="sell"))
    assert result.compliant
    assert "use-restrictions" in _codes(result, "base")
    assert "abide by all of the guardrails" in kb.get("Grok-2-Community").rights["commercial-use"].clause


def test_openmdw_outputs_carry_nothing(kb):
    # OpenMDW-1.0: "This agreement does not impose any restrictions or obligations with respect to any use,
    # modification, or sharing of any outputs generated by using the Model Materials".
    result = _check(kb, GENERATED.format(license="OpenMDW-1.0", policy="sell"))
    assert result.compliant
    assert not _codes(result, "generator") - {"rights-not-explicit"}
    assert "outputs generated by using the Model Materials" in kb.get("OpenMDW-1.0").terms["generate"].clause
    # Version 1.0 ends the grant for a patent suit only; version 1.1 adds copyright.
    assert "infringe any patent, then" in kb.get("OpenMDW-1.0").clauses["revocable"]


def test_apple_sample_code_modified_and_sold_is_fine_but_grants_no_patent(kb):
    # "Apple grants you a personal, non-exclusive license ... to use, reproduce, modify and redistribute the Apple
    # Software, with or without modifications"; "no other rights or licenses ... including but not limited to any
    # patent rights".
    result = _check(kb, """
works:
  sample: {type: software, license: Apple-Sample-Code}
steps:
  app: {activity: modify, inputs: [sample], license: MIT}
release: {work: app, policy: sell, form: binary}
""")
    assert result.compliant
    lic = kb.get("Apple-Sample-Code")
    assert not lic.grants("patent") and "any patent rights" in lic.rights["patent"].clause
