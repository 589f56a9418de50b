"""Creative Commons read from the legal code (default text reading): each scenario quotes its clause."""

from __future__ import annotations

from clearance.analysis import analyze
from clearance.sources.project_file import parse_project


def _check(kb, text: str):
    return analyze(parse_project(text, kb), kb).releases[0]


def _codes(result, work: str) -> set[str]:
    return {f.code for f in result.findings if f.work == work}


NC_TRAINING = """
works:
  corpus: {{type: data, license: {license}}}
  base:   {{type: model, license: MIT}}
steps:
  tuned: {{activity: finetune, inputs: [base], data: [corpus]}}
release: {{work: tuned, policy: {policy}}}
"""


def test_a_model_trained_on_nc_data_and_sold_lacks_commercial_use(kb):
    # CC BY-NC 4.0 s.2(a)(1)(A): "reproduce and Share the Licensed Material, in whole or in part, for
    # NonCommercial purposes only"; training reproduces the material.
    for license_id in ("CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"):
        result = _check(kb, NC_TRAINING.format(license=license_id, policy="sell"))
        errors = [f for f in result.findings if f.is_error]
        assert [(f.code, f.work, f.right) for f in errors] == [("rights-not-granted", "corpus", "commercial-use")]
        assert "for NonCommercial purposes only" in kb.get(license_id).terms["train"].clause


def test_a_model_trained_on_nc_data_and_shared_free_is_fine(kb):
    result = _check(kb, NC_TRAINING.format(license="CC-BY-NC-4.0", policy="share"))
    assert result.compliant
    assert "rights-not-explicit" in _codes(result, "corpus")


def test_training_on_by_data_and_selling_needs_no_commercial_right(kb):
    result = _check(kb, NC_TRAINING.format(license="CC-BY-4.0", policy="sell"))
    assert result.compliant

