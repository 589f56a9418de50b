"""Creative Commons read from the legal code (default text reading): NonCommercial training, sharing as a
service, ND material shared unmodified, and the licenses an adapter may choose. Each scenario quotes its clause."""

from __future__ import annotations

import pytest

from clearance.analysis import analyze
from clearance.sources.project_file import parse_project


def _check(kb, text: str):
    return analyze(parse_project(text, kb), kb).releases[0]


def _codes(result, work: str) -> set[str]:
    return {f.code for f in result.findings if f.work == work}


def _errors(result) -> set[tuple[str, str]]:
    return {(f.code, f.work) for f in result.findings if f.is_error}


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


RAG = """
works:
  Wikipedia: {type: data, license: CC-BY-SA-4.0}
  model:     {type: model, license: MIT}
steps:
  assistant: {activity: combine, inputs: [model, Wikipedia]}
release: {work: assistant, policy: sell, form: saas}
"""


def test_a_rag_service_serving_wikipedia_owes_attribution(kb):
    # CC BY-SA 4.0 s.1(k): Share includes "to make material available to the public including in ways that
    # members of the public may access the material from a place and at a time individually chosen by them";
    # s.3(a)(1): "If You Share the Licensed Material ... You must" retain the notices.
    result = _check(kb, RAG)
    assert result.compliant
    assert {"include-license", "include-notice"} <= _codes(result, "Wikipedia")
    assert kb.get("CC-BY-SA-4.0").saas_is_distribution
    assert "individually chosen by them" in kb.get("CC-BY-SA-4.0").clauses["saas_is_distribution"]


def test_cc_3_0_publicly_perform_covers_a_service(kb):
    # CC BY 3.0 s.1(h): Publicly Perform includes "to make available to the public Works in such a way that
    # members of the public may access these Works from a place and at a place individually chosen by them".
    result = _check(kb, RAG.replace("CC-BY-SA-4.0", "CC-BY-3.0"))
    assert {"include-license", "include-notice"} <= _codes(result, "Wikipedia")


ND_SHARED = """
works:
  corpus: {{type: data, license: {license}}}
  other:  {{type: data, license: CC0-1.0}}
steps:
  {step}
release: {{work: {released}, policy: share}}
"""


def test_unmodified_nd_material_and_collections_may_be_shared(kb):
    # CC BY-ND 4.0 s.2(a)(1)(A): "reproduce and Share the Licensed Material, in whole or in part"; only
    # s.2(a)(1)(B) "produce and reproduce, but not Share, Adapted Material" bars sharing. CC BY-NC-ND 4.0
    # s.2(a)(1)(A): "reproduce and Share the Licensed Material, in whole or in part, for NonCommercial
    # purposes only".
    for license_id in ("CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"):
        verbatim = _check(kb, ND_SHARED.format(license=license_id, step="copied: {activity: copy, inputs: [corpus]}",
                                               released="copied"))
        assert verbatim.compliant, license_id
        collection = _check(kb, ND_SHARED.format(license=license_id, released="both",
                                                 step="both: {activity: combine, inputs: [corpus, other]}"))
        assert collection.compliant, license_id
        assert {"include-license", "include-notice"} <= _codes(collection, "corpus")


def test_adapted_nd_material_may_not_be_shared(kb):
    for license_id in ("CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"):
        result = _check(kb, ND_SHARED.format(license=license_id, released="mixed",
                                             step="mixed: {activity: augment, inputs: [corpus, other]}"))
        assert ("cannot-share", "corpus") in {(f.code, f.work) for f in result.findings if f.is_error}, license_id


ADAPTED = """
works:
  corpus: {{type: data, license: {license}}}
  extra:  {{type: data, license: CC0-1.0}}
steps:
  adapted: {{activity: augment, inputs: [corpus, extra]}}
release: {{work: adapted, policy: share, license: {target}}}
"""


def test_by_adaptations_may_go_under_any_license_that_keeps_attribution(kb):
    # CC BY 4.0 s.3(a)(4): "the Adapter's License You apply must not prevent recipients of the Adapted
    # Material from complying with this Public License"; CC's adapter's-license chart allows BY-ND and BY-NC-ND.
    for target in ("MIT", "BSD-3-Clause", "Apache-2.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "CC-BY-SA-4.0"):
        assert _check(kb, ADAPTED.format(license="CC-BY-4.0", target=target)).compliant, target


def test_by_nc_adaptations_may_go_under_by_nc_nd(kb):
    # CC BY-NC 4.0 s.3(a)(4): "The Adapter's License You apply must not prevent recipients of the Adapted
    # Material from complying with this Public License"; CC's adapter's-license chart lists BY-NC-ND for BY-NC.
    assert _check(kb, ADAPTED.format(license="CC-BY-NC-4.0", target="CC-BY-NC-ND-4.0")).compliant
    refused = _check(kb, ADAPTED.format(license="CC-BY-NC-4.0", target="MIT"))
    assert ("cannot-relicense", "corpus") in {(f.code, f.work) for f in refused.findings if f.is_error}


NC_ROUTES = {
    # CC BY-NC 4.0 s.1(i): "NonCommercial means not primarily intended for or directed towards commercial
    # advantage or monetary compensation"; s.2(a)(1)(A): "reproduce and Share the Licensed Material, in whole
    # or in part, for NonCommercial purposes only"; s.2(a)(1)(B): "produce, reproduce, and Share Adapted
    # Material for NonCommercial purposes only". Each route reproduces the NC material for a result sold.
    "embed": """
works:
  corpus: {type: data, license: CC-BY-NC-4.0}
  mt:     {type: model, license: MIT}
steps:
  translated: {activity: translate, inputs: [corpus], using: [mt]}
release: {work: translated, policy: sell}
""",
    "combine": """
works:
  corpus: {type: data, license: CC-BY-NC-4.0}
  other:  {type: data, license: CC0-1.0}
steps:
  collection: {activity: combine, inputs: [corpus, other]}
release: {work: collection, policy: sell}
""",
    "fine-tune data": """
works:
  corpus: {type: data, license: CC-BY-NC-4.0}
  base:   {type: model, license: MIT}
steps:
  tuned: {activity: finetune, inputs: [base], data: [corpus]}
release: {work: tuned, policy: sell}
""",
    "generate-then-train": """
works:
  corpus:    {type: data, license: CC-BY-NC-4.0}
  generator: {type: model, license: Apache-2.0}
  base:      {type: model, license: MIT}
steps:
  synthetic: {activity: generate, inputs: [generator], data: [corpus], type: data}
  tuned:     {activity: finetune, inputs: [base], data: [synthetic]}
release: {work: tuned, policy: sell}
""",
    "distill": """
works:
  corpus:  {type: data, license: CC-BY-NC-4.0}
  teacher: {type: model, license: Apache-2.0}
steps:
  student: {activity: distill, inputs: [teacher], data: [corpus]}
release: {work: student, policy: sell}
""",
    "RAG service": """
works:
  corpus: {type: data, license: CC-BY-NC-4.0}
  model:  {type: model, license: MIT}
steps:
  assistant: {activity: combine, inputs: [model, corpus]}
release: {work: assistant, policy: sell, form: saas}
""",
}


@pytest.mark.parametrize("route", sorted(NC_ROUTES))
def test_every_route_that_reproduces_nc_material_for_a_sold_result_lacks_commercial_use(kb, route):
    for license_id in ("CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"):
        text = NC_ROUTES[route].replace("CC-BY-NC-4.0", license_id)
        sold = _check(kb, text)
        assert ("rights-not-granted", "corpus", "commercial-use") in {
            (f.code, f.work, f.right) for f in sold.findings if f.is_error}, (route, license_id)
        if license_id != "CC-BY-NC-ND-4.0" or route not in ("embed",):
            shared = _check(kb, text.replace("policy: sell", "policy: share"))
            assert "commercial-use" not in {f.right for f in shared.findings if f.is_error}, (route, license_id)


def test_the_paper_reading_keeps_nc_silent_on_generation_and_distillation(kb):
    # Paper case IV(a): "the CC licenses do not define the terms for the materials used for distillation".
    paper = kb.under("paper")
    for term in ("use", "generate", "distill", "train"):
        assert not paper.get("CC-BY-NC-4.0").terms[term].needs_for, term
        assert kb.get("CC-BY-NC-4.0").terms[term].needs_for == {"sell": ("commercial-use",)}, term
        assert "for NonCommercial purposes only" in kb.get("CC-BY-NC-4.0").terms[term].clause


def test_the_paper_reading_keeps_no_redistribution_for_nd(kb):
    # Paper, case I(a): "the redistribution rights of final work are not granted to comply with FreeLaw's
    # CC-BY-ND-4.0 license"; the text reading grants sharing unmodified material (s.2(a)(1)(A)).
    paper = kb.under("paper")
    for license_id in ("CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"):
        assert not paper.get(license_id).grants("distribute"), license_id
        assert kb.get(license_id).grants("distribute"), license_id
        assert "reproduce and Share the Licensed Material, in whole or in part" in \
            kb.get(license_id).rights["distribute"].clause + kb.get(license_id).rights["use"].clause, license_id
    assert "CC-BY-NC-ND-4.0" not in paper.get("CC-BY-NC-4.0").compatible
