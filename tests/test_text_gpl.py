"""The GPL-2.0 and LGPL family read from their texts: each scenario quotes the clause it rests on."""

from __future__ import annotations

from test_text_cc import _check, _errors

PROGRAM_WITH_APACHE = """
works:
  program: {{type: software, license: {program}}}
  library: {{type: software, license: {library}}}
steps:
  app: {{activity: combine, inputs: [program, library]}}
release: {{work: app, policy: share}}
"""


def test_apache_code_in_a_gpl2_only_program_is_incompatible(kb):
    # GPL-2.0 s.6: "You may not impose any further restrictions on the recipients' exercise of the rights
    # granted herein"; Apache-2.0 s.3: "any patent licenses granted to You under this License for that Work
    # shall terminate as of the date such litigation is filed", s.9: "only if You agree to indemnify".
    for library in ("Apache-2.0", "ECL-2.0"):
        result = _check(kb, PROGRAM_WITH_APACHE.format(program="GPL-2.0-only", library=library))
        assert _errors(result) == {("license-incompatible", "program")}, library
        conflict = next(f for f in result.findings if f.code == "license-incompatible")
        assert set(conflict.works) == {"program", "library"}
        assert any("patent termination" in sentence for sentence in conflict.because)
        # No license can be determined; the largest consistent part of the terms keeps GPL-2.0's s.2(b)
        # ("licensed as a whole at no charge to all third parties under the terms of this License").
        assert result.licenses["app"] is None
        assert result.license == "GPL-2.0-only" and result.determination.conflicting


def test_apache_code_in_a_gpl3_program_is_fine(kb):
    # GPL-3.0 s.7 lets a work carry such terms; the FSF counts Apache-2.0 as compatible with GPLv3.
    result = _check(kb, PROGRAM_WITH_APACHE.format(program="GPL-3.0-only", library="Apache-2.0"))
    assert result.compliant
    assert result.license == "GPL-3.0-only"


def test_a_gpl2_or_later_program_with_apache_code_goes_to_version_3(kb):
    # GPL-2.0 s.9: "If the Program specifies a version number of this License which applies to it and
    # "any later version", you have the option of following the terms and conditions either of that
    # version or of any later version".
    result = _check(kb, PROGRAM_WITH_APACHE.format(program="GPL-2.0-or-later", library="Apache-2.0"))
    assert result.compliant
    assert result.license in ("GPL-3.0-only", "GPL-3.0-or-later")


def test_a_gpl2_or_later_program_with_mit_code_keeps_version_2(kb):
    result = _check(kb, PROGRAM_WITH_APACHE.format(program="GPL-2.0-or-later", library="MIT"))
    assert result.compliant
    assert result.license.startswith("GPL-2.0")  # version 2 stays available without Apache code


def test_apache_code_modified_into_an_lgpl21_library_goes_to_gpl3(kb):
    # LGPL-2.1 s.10: "You may not impose any further restrictions"; s.3 lets the Library go under the
    # ordinary GPL, and "If a newer version than version 2 ... has appeared, then you can specify that version".
    text = PROGRAM_WITH_APACHE.format(program="LGPL-2.1-only", library="Apache-2.0").replace("combine", "modify")
    result = _check(kb, text)
    assert result.compliant
    assert result.license in ("GPL-3.0-only", "GPL-3.0-or-later")


TRANSLATED = """
works:
  program: {{type: software, license: {license}}}
  translator: {{type: model, license: MIT}}
steps:
  ported: {{activity: translate, inputs: [program], using: [translator], type: software}}
release: {{work: ported, policy: share, license: MIT}}
"""


def test_a_gpl2_program_translated_and_released_under_mit_fails(kb):
    # GPL-2.0 s.0: "(Hereinafter, translation is included without limitation in the term "modification".)"
    for license_id in ("GPL-2.0-only", "GPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later"):
        result = _check(kb, TRANSLATED.format(license=license_id))
        assert ("cannot-relicense", "program") in _errors(result), license_id
        lic = kb.get(license_id)
        assert "translation is included without limitation" in lic.terms["embed"].clause


def test_a_gpl2_program_translated_stays_under_gpl2(kb):
    result = _check(kb, TRANSLATED.format(license="GPL-2.0-only").replace("share, license: MIT}", "share}"))
    assert result.compliant
    assert result.license == "GPL-2.0-only"


MODIFIED_LIBRARY = """
works:
  library: {{type: software, license: {library}}}
  patch:   {{type: software, license: GPL-3.0-or-later}}
steps:
  patched: {{activity: modify, inputs: [library, patch]}}
release: {{work: patched, policy: share, license: {release}}}
"""


def test_an_lgpl3_only_library_does_not_go_into_an_or_later_work(kb):
    # LGPL-3.0 s.6: the "or any later version" option exists only "If the Library as you received it
    # specifies that a certain numbered version of the GNU Lesser General Public License "or any later
    # version" applies to it".
    result = _check(kb, MODIFIED_LIBRARY.format(library="LGPL-3.0-only", release="GPL-3.0-or-later"))
    assert _errors(result) == {("cannot-relicense", "library")}
    assert "GPL-3.0-or-later" not in kb.get("LGPL-3.0-only").compatible
    fine = _check(kb, MODIFIED_LIBRARY.format(library="LGPL-3.0-only", release="GPL-3.0-only"))
    assert fine.compliant
    later = _check(kb, MODIFIED_LIBRARY.format(library="LGPL-3.0-or-later", release="GPL-3.0-or-later"))
    assert later.compliant


EMBEDDED = """
works:
  program: {{type: software, license: {license}}}
  encoder: {{type: model, license: MIT}}
steps:
  embedded: {{activity: embed, inputs: [program], using: [encoder]}}
release: {{work: embedded, policy: share{intended}}}
"""


def test_a_gpl3_program_embedded_is_a_work_based_on_it(kb):
    # GPL-3.0 s.0: "To "modify" a work means to copy from or adapt all or part of the work in a fashion
    # requiring copyright permission, other than the making of an exact copy. The resulting work is called
    # a "modified version" of the earlier work or a work "based on" the earlier work"; s.5(c): "You must
    # license the entire work, as a whole, under this License".
    for license_id in ("GPL-3.0-only", "GPL-3.0-or-later", "AGPL-3.0-only", "AGPL-3.0-or-later"):
        kept = _check(kb, EMBEDDED.format(license=license_id, intended=""))
        assert kept.compliant and kept.license in (license_id, license_id.replace("-or-later", "-only")), license_id
        assert kept.determination.imposed
        assert {"state-changes", "include-license", "include-notice"} <= {
            f.code for f in kept.findings if f.work == "program"}, license_id
        assert "rights-not-explicit" not in {f.code for f in kept.findings}, license_id
        relicensed = _check(kb, EMBEDDED.format(license=license_id, intended=", license: MIT"))
        assert ("cannot-relicense", "program") in _errors(relicensed), license_id
        assert "copy from or adapt all or part of the work" in kb.get(license_id).terms["embed"].clause


def test_the_paper_reading_keeps_gpl3_silent_on_embedding(kb):
    # The paper's reference data leaves GPL-3.0 undefined on embedding: a departure with both values.
    paper = kb.under("paper")
    assert paper.get("GPL-3.0-only").terms["embed"].result == "undefined"
    departure = next(d for d in kb.get("GPL-3.0-only").departures if d.key == "terms.embed")
    assert departure.values["paper"]["result"] == "undefined" and departure.values["text"]["result"] == "derivative"
