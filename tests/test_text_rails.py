"""Gemma and the OpenRAIL family read from their texts (the default text reading): a derivative may go
under another license only with the use restrictions as an enforceable provision, outputs are not
derivatives, and a model trained on outputs is one. Each scenario quotes the clause it rests on."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml
from test_text_cc import _check, _codes, _errors

from clearance.analysis import analyze
from clearance.exceptions import KnowledgeBaseError
from clearance.knowledge_base import load_knowledge_base
from clearance.sources.project_file import parse_project

OPENRAILS = ("CreativeML-OpenRAIL-M", "BigScience-BLOOM-RAIL-1.0", "BigScience-OpenRAIL-M", "OpenRAIL++-M",
             "OpenRAIL")

FINE_TUNE = """
{reading}works:
  base: {{type: model, license: {base}}}
steps:
  tuned: {{activity: finetune, inputs: [base]}}
release: {{work: tuned, policy: share, license: {license}}}
"""


def _fine_tune(kb, base: str, license_id: str, reading: str = ""):
    return _check(kb, FINE_TUNE.format(base=base, license=license_id,
                                       reading=f"reading: {reading}\n" if reading else ""))




def test_a_gemma_fine_tune_may_go_under_apache_with_the_use_restrictions_passed_on(kb):
    # Gemma s.3.1: "You must include the use restrictions referenced in Section 3.2 as an enforceable
    # provision in any agreement (e.g., license agreement, terms of use, etc.) governing the use and/or
    # distribution of Gemma or Model Derivatives"; "may provide additional or different terms and conditions
    # ... for any such Model Derivatives as a whole".
    result = _fine_tune(kb, "Gemma", "Apache-2.0")
    assert result.compliant
    assert {"pass-on-terms", "use-restrictions"} <= _codes(result, "base")
    passed_on = next(f for f in result.findings if f.code == "pass-on-terms")
    assert any("as an enforceable provision" in sentence for sentence in passed_on.because)
    assert "as an enforceable provision" in kb.licenses["Gemma"].terms["amalgamate"].clause


@pytest.mark.parametrize("license_id", ["CC0-1.0", "Unlicense", "PDDL-1.0", "WTFPL"])
def test_a_gemma_fine_tune_cannot_go_under_a_public_domain_dedication(kb, license_id: str):
    # Gemma s.3.1 (the use restrictions "as an enforceable provision"); CC0 s.2 waives every right
    # "unconditionally", the Unlicense lets anyone use the work "for any purpose": nothing can carry them.
    result = _fine_tune(kb, "Gemma", license_id)
    assert _errors(result) == {("cannot-relicense", "base")}
    error = next(f for f in result.findings if f.is_error)
    assert any("must carry its use restrictions" in sentence for sentence in error.because)
    departure = next(d for d in kb.licenses[license_id].departures if d.key == "permits_further_restrictions")
    assert departure.values == {"text": False, "paper": True}


def test_the_paper_reading_lets_the_unlicense_carry_use_restrictions(kb):
    # The paper, section 3.3: "we prioritize using Unlicense for intermediate results once they are
    # relicensable", use-restricted ones included (case III).
    assert _fine_tune(kb, "Gemma", "Unlicense", reading="paper").compliant


@pytest.mark.parametrize("base", ["Gemma", *OPENRAILS])
def test_a_derivative_cannot_go_under_the_gpl(kb, base: str):
    # OpenRAIL s.4(a): "Use-based restrictions as referenced in paragraph 5 MUST be included as an
    # enforceable provision by You in any type of legal agreement (e.g. a license)"; GPL-3.0 s.10: "You may
    # not impose any further restrictions on the exercise of the rights granted or affirmed under this License".
    result = _fine_tune(kb, base, "GPL-3.0-only")
    assert _errors(result) == {("cannot-relicense", "base")}


@pytest.mark.parametrize("base", OPENRAILS)
def test_an_openrail_derivative_may_go_under_mit_with_its_restrictions(kb, base: str):
    # OpenRAIL s.4, closing paragraph: "may provide additional or different license terms and conditions -
    # respecting paragraph 4.a. - for use, reproduction, or Distribution of Your modifications, or for any such
    # Derivatives of the Model as a whole".
    result = _fine_tune(kb, base, "MIT")
    assert result.compliant
    assert "pass-on-terms" in _codes(result, "base")
    assert "MUST be included as an enforceable provision" in kb.licenses[base].terms["amalgamate"].clause


COPY = """
works:
  weights: {{type: model, license: {base}}}
release: {{work: weights, policy: share, license: Apache-2.0}}
"""


@pytest.mark.parametrize("base", ["Gemma", *OPENRAILS])
def test_the_weights_themselves_stay_under_their_license(kb, base: str):
    # Gemma s.3.1 and OpenRAIL s.4 allow other terms only for "your modifications, or for any such Model
    # Derivatives [Derivatives of the Model] as a whole"; a copy goes with "a copy of this Agreement [License]".
    result = _check(kb, COPY.format(base=base))
    assert _errors(result) == {("cannot-relicense", "weights")}
    assert analyze(parse_project("reading: paper\n" + COPY.format(base=base), kb), kb).compliant


def test_gemma_binds_its_recipients_directly_and_is_not_revocable_at_will(kb):
    # Gemma preamble: "By using, reproducing, modifying, distributing ... Model Derivatives including via any
    # Hosted Service ... you agree to be bound by this Agreement"; s.4.5: "Google may terminate this Agreement
    # if you are in breach of any term of this Agreement".
    gemma = kb.licenses["Gemma"]
    assert gemma.direct_licensing and not gemma.rights["sublicense"].granted and not gemma.revocable
    result = _check(kb, FINE_TUNE.format(base="Gemma", license="Apache-2.0", reading="").replace(
        "policy: share", "policy: sell, form: saas"))
    assert result.compliant
    assert "revocable" not in _codes(result, "base")
    paper = kb.under("paper").licenses["Gemma"]
    assert paper.revocable and paper.rights["sublicense"].granted and not paper.direct_licensing


GENERATE = """
works:
  sd: {{type: model, license: {base}}}
steps:
  images: {{activity: generate, inputs: [sd], type: data}}
release: {{work: images, policy: sell, license: {license}}}
"""


@pytest.mark.parametrize("base", ["CreativeML-OpenRAIL-M", "OpenRAIL++-M", "Gemma"])
def test_generated_output_may_be_sold_under_any_license_with_the_use_restrictions(kb, base: str):
    # CreativeML Open RAIL-M s.6: "Except as set forth herein, Licensor claims no rights in the Output You
    # generate using the Model. You are accountable for the Output you generate and its subsequent uses. No use
    # of the output can contravene any provision as stated in the License." Gemma s.1.1(e): "For clarity,
    # Outputs are not deemed Model Derivatives".
    for license_id in ("CC0-1.0", "GPL-3.0-only"):
        result = _check(kb, GENERATE.format(base=base, license=license_id))
        assert result.compliant, license_id
        assert "use-restrictions" in _codes(result, "sd")
        assert "pass-on-terms" not in _codes(result, "sd")
    claims = kb.licenses[base].terms["generate"].clause
    assert "claims no rights in the Output" in claims or "claims no rights in Outputs" in claims
    # The paper (Findings 3): responsible-AI restrictions on generated content may lead "to further
    # GPL-compatibility issues": the output is a derivative that must carry them.
    paper = GENERATE.format(base=base, license="GPL-3.0-only")
    result = analyze(parse_project("reading: paper\n" + paper, kb), kb).releases[0]
    assert _errors(result) == {("cannot-relicense", "sd")}


LLAMA_SERVICE = """
{reading}works:
  llama: {{type: model, license: Llama-3.1}}
steps:
  tuned: {{activity: finetune, inputs: [llama]}}
release: {{work: tuned, policy: sell, form: saas}}
"""


def test_a_llama_fine_tune_served_as_an_api_needs_no_sublicense(kb):
    # Llama 3.1 preamble: "By clicking “I Accept” below or by using or distributing any portion or element
    # of the Llama Materials, you agree to be bound by this Agreement"; s.1(b)(i): "(A) provide a copy of this
    # Agreement with any such Llama Materials": every user holds the Agreement with Meta.
    result = _check(kb, LLAMA_SERVICE.format(reading=""))
    assert result.compliant
    assert not {f for f in result.findings if f.right == "sublicense"}
    paper = _check(kb, LLAMA_SERVICE.format(reading="reading: paper\n"))
    assert ("rights-not-granted", "llama") in _errors(paper)
    assert any(f.right == "sublicense" for f in paper.findings if f.is_error)


LLAMA_SHARED = """
works:
  llama: {type: model, license: Llama-3.1}
steps:
  tuned: {activity: finetune, inputs: [llama]}
release: {work: tuned, policy: share}
"""


@pytest.mark.parametrize(("code", "quote"), [
    # s.1(b)(i): "(A) provide a copy of this Agreement with any such Llama Materials"
    ("pass-on-terms", "provide a copy of this Agreement"),
    # s.1(b)(i): "(B) prominently display “Built with Llama”"
    ("attribution-display", "Built with Llama"),
    # s.1(b)(i): "you shall also include “Llama” at the beginning of any such AI model name"
    ("name-prefix", "at the beginning of any such AI model name"),
    # s.2: "if ... the monthly active users ... is greater than 700 million monthly active users in the
    # preceding calendar month, you must request a license from Meta"
    ("user-threshold", "700 million"),
])
def test_each_llama_obligation_reaches_the_report(kb, code: str, quote: str):
    result = _check(kb, LLAMA_SHARED)
    assert result.compliant
    found = [f for f in result.findings if f.code == code and f.work == "llama"]
    assert found and found[0].severity == "restriction", code
    llama = kb.licenses["Llama-3.1"]
    cited = " ".join((*found[0].because, llama.rights["commercial-use"].clause))
    assert quote in cited, (code, found[0].because)


GENERATE_THEN_TRAIN = """
works:
  generator: {{type: model, license: {generator}}}
  base: {{type: model, license: Apache-2.0}}
steps:
  synthetic: {{activity: generate, inputs: [generator], type: data}}
  student: {{activity: finetune, inputs: [base], data: [synthetic]}}
release: {{work: student, policy: share, license: {license}}}
"""


@pytest.mark.parametrize("generator", ["Gemma", "CreativeML-OpenRAIL-M", "BigScience-OpenRAIL-M"])
def test_a_model_trained_on_generated_output_keeps_the_generators_terms(kb, generator: str):
    # Gemma s.1.1(e): Model Derivatives include "(iii) any other machine learning model which is created by
    # transfer of patterns of the ... Output of Gemma ... including ... methods based on the generation of
    # synthetic data Outputs by Gemma for training that model"; OpenRAIL s.1 "Derivatives of the Model":
    # "methods based on the generation of synthetic data by the Model for training the other model".
    refused = _check(kb, GENERATE_THEN_TRAIN.format(generator=generator, license="CC0-1.0"))
    assert _errors(refused) == {("cannot-relicense", "generator")}
    error = next(f for f in refused.findings if f.is_error)
    assert error.path == ("generator", "synthetic", "student")
    assert any("synthetic data" in sentence for sentence in error.because)
    allowed = _check(kb, GENERATE_THEN_TRAIN.format(generator=generator, license="Apache-2.0"))
    assert allowed.compliant
    assert {"pass-on-terms", "include-license"} <= _codes(allowed, "generator")
    # The generated data itself is no derivative ("For clarity, Outputs are not deemed Model Derivatives").
    assert allowed.licenses["synthetic"] == kb.vocabulary.preferred_unrestricted


def test_the_paper_reading_loses_the_generators_terms_through_its_output(kb):
    # The paper reads generated content as a derivative that carries the use restrictions, and its
    # Unlicense intermediate result (section 3.3) as able to carry them; it has no case of training on it.
    paper = "reading: paper\n" + GENERATE_THEN_TRAIN.format(generator="Gemma", license="CC0-1.0")
    assert analyze(parse_project(paper, kb), kb).releases[0].compliant


def test_reaches_names_term_activities_of_the_vocabulary(tmp_path: Path):
    source = Path(str(resources.files("clearance.licenses")))
    shutil.copytree(source, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    mit = yaml.safe_load((tmp_path / "MIT.yaml").read_text())
    mit["terms"]["generate"]["reaches"] = ["teach"]
    (tmp_path / "MIT.yaml").write_text(yaml.safe_dump(mit))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tmp_path)
    assert any("MIT.yaml: terms.generate.reaches: 'teach' is not in the vocabulary" in problem
               for problem in caught.value.problems)
