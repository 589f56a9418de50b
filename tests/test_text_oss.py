"""Open-source, data and older Creative Commons licenses read from their texts (issue 11): each file records
the text it was checked against, and each scenario quotes the clause its verdict rests on."""

from __future__ import annotations

import pytest
from test_text_cc import _check, _codes, _errors
from test_text_gpl import PROGRAM_WITH_APACHE as PROGRAM

OSS_FILES = ["CC-BY-2.0", "CC-BY-2.5", "CC-BY-NC-2.0", "MS-PL", "NCSA", "PostgreSQL", "OFL-1.1", "LPPL-1.3c",
             "etalab-2.0", "CDLA-Permissive-1.0", "EPL-1.0", "EUPL-1.1", "EUPL-1.2"]


@pytest.mark.parametrize("license_id", OSS_FILES)
def test_each_file_was_checked_against_its_text(kb, license_id):
    lic = kb.licenses[license_id]
    assert lic.text_checked is not None and lic.text_checked.date == "2026-12-01", license_id
    assert lic.text_checked.url.startswith("https://github.com/"), license_id
    assert "not re-read" not in (lic.notes or ""), license_id
    # no departure whose two readings give the same value (it would select nothing)
    assert all(d.values["text"] != d.values["paper"] for d in lic.departures), license_id


ADAPTED = """
works:
  source: {{type: {kind}, license: {license}}}
  extra:  {{type: {kind}, license: CC0-1.0}}
steps:
  adapted: {{activity: {activity}, inputs: [source, extra]}}
release: {{work: adapted, policy: {policy}, license: {target}{form}}}
"""


def _adapted(kb, license_id: str, target: str, kind: str = "data", activity: str = "augment",
             policy: str = "share", form: str = "", reading: str = "text"):
    return _check(kb, f"reading: {reading}\n" + ADAPTED.format(license=license_id, target=target, kind=kind,
                                                               activity=activity, policy=policy, form=form))


@pytest.mark.parametrize("license_id", ["CC-BY-2.0", "CC-BY-2.5"])
def test_cc_by_2_adaptations_need_credit_not_a_license(kb, license_id):
    # CC BY 2.0/2.5 s.4(a): "this does not require the Collective Work apart from the Work itself to be made
    # subject to the terms of this License"; s.4(b): "a credit identifying the use of the Work in the Derivative
    # Work". The text sets no license condition on a Derivative Work; the paper's chart reading does.
    result = _adapted(kb, license_id, "MIT")
    assert result.compliant
    assert {"include-license", "include-notice"} <= _codes(result, "source")
    paper = _adapted(kb, license_id, "MIT", reading="paper")
    assert ("cannot-relicense", "source") in _errors(paper)
    assert "apart from the Work itself" in kb.get(license_id).clauses["compatible"]


def test_cc_by_nc_2_training_a_model_to_sell_needs_commercial_use(kb):
    # CC BY-NC 2.0 s.4(b): "You may not exercise any of the rights granted to You in Section 3 above in any
    # manner that is primarily intended for or directed toward commercial advantage"; training reproduces (3(a)).
    project = ("works:\n  corpus: {type: data, license: CC-BY-NC-2.0}\n  base: {type: model, license: MIT}\n"
               "steps:\n  tuned: {activity: finetune, inputs: [base], data: [corpus]}\n"
               "release: {work: tuned, policy: sell}\n")
    assert _errors(_check(kb, project)) == {("rights-not-granted", "corpus")}
    assert "directed toward commercial advantage" in kb.get("CC-BY-NC-2.0").terms["train"].clause
    assert not _errors(_check(kb, "reading: paper\n" + project))


def test_cc_by_nc_2_prompts_for_a_sold_generation_need_commercial_use(kb):
    # CC BY-NC 2.0 s.4(b) binds "any of the rights granted to You in Section 3": prompting a generator with the
    # Work reproduces it (s.3(a)) for the sold result.
    project = ("works:\n  prompts: {type: data, license: CC-BY-NC-2.0}\n  generator: {type: model, license: MIT}\n"
               "steps:\n  images: {activity: generate, inputs: [generator], data: [prompts], type: data}\n"
               "release: {work: images, policy: sell}\n")
    assert _errors(_check(kb, project)) == {("rights-not-granted", "prompts")}
    assert "any of the rights granted to You in Section 3" in kb.get("CC-BY-NC-2.0").terms["use"].clause
    assert not _errors(_check(kb, "reading: paper\n" + project))


def test_cc_by_nc_2_adaptations_keep_the_noncommercial_limit(kb):
    assert _adapted(kb, "CC-BY-NC-2.0", "CC-BY-NC-ND-4.0").compliant
    assert ("cannot-relicense", "source") in _errors(_adapted(kb, "CC-BY-NC-2.0", "MIT"))


def test_cc_by_nc_3_adaptations_may_go_under_nc_nd(kb):
    # CC BY-NC 3.0 s.4(a): "this does not require the Collection apart from the Work itself to be made subject
    # to the terms of this License"; s.4(b): "You may not exercise any of the rights granted to You in Section 3
    # above in any manner that is primarily intended for or directed toward commercial advantage". No clause
    # names the license of an Adaptation (unlike the ShareAlike licenses' s.4(b)): any license that keeps the
    # NonCommercial limit will do, BY-NC-ND among them. The paper's chart reading lists BY-NC and BY-NC-SA only.
    assert _adapted(kb, "CC-BY-NC-3.0", "CC-BY-NC-ND-4.0").compliant
    assert ("cannot-relicense", "source") in _errors(_adapted(kb, "CC-BY-NC-3.0", "CC-BY-NC-ND-4.0", reading="paper"))
    assert ("cannot-relicense", "source") in _errors(_adapted(kb, "CC-BY-NC-3.0", "MIT"))


@pytest.mark.parametrize("library", ["MS-PL", "EPL-1.0"])
def test_patent_termination_makes_ms_pl_and_epl_incompatible_with_gpl2(kb, library):
    # MS-PL s.3(B): "your patent license from such contributor to the software ends automatically";
    # EPL-1.0 s.7: "such Recipient's rights granted under Section 2(b) shall terminate"; GPL-2.0 s.6:
    # "You may not impose any further restrictions on the recipients' exercise of the rights granted herein".
    result = _check(kb, PROGRAM.format(program="GPL-2.0-only", library=library))
    assert _errors(result) == {("license-incompatible", "program")}
    assert "patent-termination" in kb.get(library).carries
    carried = kb.get(library).clauses["carries"]
    assert "shall terminate" in carried or "ends automatically" in carried


@pytest.mark.parametrize("program", ["GPL-3.0-only", "GPL-3.0-or-later", "AGPL-3.0-only"])
@pytest.mark.parametrize("library", ["MS-PL", "EPL-1.0"])
def test_source_that_stays_under_its_own_license_cannot_join_a_gpl3_work(kb, library, program):
    # EPL-1.0 s.3: in source code form "it must be made available under this Agreement"; MS-PL s.3(D): source
    # code form "only under this license"; GPL-3.0 s.5(c): "You must license the entire work, as a whole, under
    # this License". A permissive program may hold the same library.
    result = _check(kb, PROGRAM.format(program=program, library=library))
    assert _errors(result) == {("license-incompatible", "program")}, (library, program)
    assert "source-license" in kb.get(library).carries and "source-license" in kb.get(program).refuses
    assert "entire work, as a whole" in kb.get(program).clauses["refuses"]
    assert _check(kb, PROGRAM.format(program="MIT", library=library)).compliant


def test_ms_pl_source_stays_under_ms_pl(kb):
    # MS-PL s.3(D): "If you distribute any portion of the software in source code form, you may do so only under
    # this license by including a complete copy of this license with your distribution."
    result = _adapted(kb, "MS-PL", "MIT", kind="software", activity="modify")
    assert ("cannot-relicense", "source") in _errors(result)
    assert _adapted(kb, "MS-PL", "MS-PL", kind="software", activity="modify").compliant


def test_epl_1_derivatives_may_take_the_new_version(kb):
    # EPL-1.0 s.7: "after a new version of the Agreement is published, Contributor may elect to distribute the
    # Program (including its Contributions) under the new version"; s.3: source "must be made available under
    # this Agreement".
    assert _adapted(kb, "EPL-1.0", "EPL-2.0", kind="software", activity="modify").compliant
    assert ("cannot-relicense", "source") in _errors(_adapted(kb, "EPL-1.0", "MIT", kind="software",
                                                              activity="modify"))


@pytest.mark.parametrize("license_id", ["NCSA", "PostgreSQL"])
def test_permissive_notice_licenses_relicense_and_keep_the_notice(kb, license_id):
    # NCSA: "Redistributions of source code must retain the above copyright notice, this list of conditions and
    # the following disclaimers"; PostgreSQL: "provided that the above copyright notice and this paragraph and the
    # following two paragraphs appear in all copies".
    result = _adapted(kb, license_id, "Apache-2.0", kind="software", activity="modify", policy="sell")
    assert result.compliant
    assert {"include-license", "include-notice"} <= _codes(result, "source")


def test_ofl_fonts_stay_under_the_ofl_but_documents_do_not(kb):
    # OFL-1.1 condition 5: "must be distributed entirely under this license, and must not be distributed under any
    # other license. The requirement for fonts to remain under this license does not apply to any document created
    # using the Font Software."
    assert ("cannot-relicense", "source") in _errors(_adapted(kb, "OFL-1.1", "MIT", kind="software",
                                                              activity="modify"))
    document = ("works:\n  font: {type: software, license: OFL-1.1}\n"
                "steps:\n  poster: {activity: generate, inputs: [font], type: data, license: CC-BY-4.0}\n"
                "release: {work: poster, policy: sell}\n")
    assert _check(kb, document).compliant
    assert "does not apply to any document" in kb.get("OFL-1.1").terms["generate"].clause


def test_lppl_derived_works_state_their_changes_and_aggregation_is_free(kb):
    # LPPL-1.3c clause 6(b): "prominent notices detailing the nature of the changes"; clause 11: "nor does this
    # license place any restrictions on aggregating such works with the Work by any means".
    modified = _adapted(kb, "LPPL-1.3c", "LPPL-1.3c", kind="software", activity="modify")
    assert modified.compliant and "state-changes" in _codes(modified, "source")
    assert kb.get("LPPL-1.3c").terms["combine"].result == "independent"
    assert "aggregating such works" in kb.get("LPPL-1.3c").terms["combine"].clause


def test_etalab_data_may_be_sold_under_any_license_with_its_source_named(kb):
    # Licence Ouverte 2.0: "à des fins commerciales ou non"; "Sous réserve de : mentionner la paternité de
    # l'« Information » : sa source ... et la date de dernière mise à jour".
    result = _adapted(kb, "etalab-2.0", "LicenseRef-clearance-none", policy="sell")
    assert result.compliant
    assert "include-notice" in _codes(result, "source")
    assert "mentionner la paternité" in kb.get("etalab-2.0").distribution_clause


def test_cdla_permissive_results_are_free_and_data_may_take_another_license(kb):
    # CDLA-Permissive-1.0 s.3.4: "This Agreement imposes no obligations or restrictions on Your Use or Publication
    # of Results"; s.3.1(a): Data may be Published "under a license of Your choice" with the Agreement's text.
    trained = ("works:\n  corpus: {type: data, license: CDLA-Permissive-1.0}\n  base: {type: model, license: MIT}\n"
               "steps:\n  tuned: {activity: finetune, inputs: [base], data: [corpus]}\n"
               "release: {work: tuned, policy: sell}\n")
    result = _check(kb, trained)
    assert result.compliant and not _codes(result, "corpus") & {"include-license", "include-notice"}
    copied = ("works:\n  corpus: {type: data, license: CDLA-Permissive-1.0}\n"
              "steps:\n  copied: {activity: copy, inputs: [corpus]}\n"
              "release: {work: copied, policy: share, license: CC-BY-4.0}\n")
    result = _check(kb, copied)
    assert result.compliant and "include-license" in _codes(result, "corpus")


@pytest.mark.parametrize(("license_id", "compatible", "not_compatible"), [
    ("EUPL-1.1", "GPL-2.0-only", "GPL-3.0-only"), ("EUPL-1.2", "GPL-3.0-only", "MIT")])
def test_eupl_derivatives_may_go_under_a_licence_of_its_appendix(kb, license_id, compatible, not_compatible):
    # EUPL Article 5, Compatibility clause: Derivative Works "can be done under the terms of this Compatible
    # Licence"; Appendix 1.1: "GNU General Public License (GNU GPL) v. 2"; 1.2: "GNU General Public License (GPL)
    # v. 2, v. 3". GPL v. 3 is not in the 1.1 Appendix.
    assert _adapted(kb, license_id, compatible, kind="software", activity="modify").compliant
    refused = _adapted(kb, license_id, not_compatible, kind="software", activity="modify")
    assert ("cannot-relicense", "source") in _errors(refused)


def test_eupl_counts_a_service_as_distribution(kb):
    # EUPL-1.2 Article 1: Distribution includes "providing access to its essential functionalities"; Article 5,
    # Provision of Source Code: "the Licensee will provide a machine-readable copy of the Source Code".
    result = _adapted(kb, "EUPL-1.2", "EUPL-1.2", kind="software", activity="modify", form=", form: saas")
    assert "disclose-source" in _codes(result, "source")
    assert "essential functionalities" in kb.get("EUPL-1.2").clauses["saas_is_distribution"]
