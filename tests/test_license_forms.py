"""Every license a user can declare (issue 11): the Hugging Face Hub's ids, deprecated SPDX ids,
licenses nobody knows (never compliant), custom licenses, and AND / WITH expressions, each
giving the verdict its text gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.analysis import analyze
from clearance.cli import app
from clearance.sources.project_file import parse_project

from examples import EXAMPLES

runner = CliRunner()
PICKER = Path(__file__).resolve().parent / "data" / "hf-license-ids.txt"
HUB_IDS = [line for line in PICKER.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def findings(kb, text: str) -> list[tuple[bool, set[str]]]:
    """(compliant, error codes) of each release of the project `text`."""
    report = analyze(parse_project(text, kb), kb)
    return [(result.compliant, {f.code for f in result.findings if f.is_error}) for result in report.releases]


def run(tmp_path: Path, text: str, *args: str):
    path = tmp_path / "project.yaml"
    path.write_text(text, encoding="utf-8")
    return runner.invoke(app, [*args[:1], str(path), *args[1:]])


# -- Hugging Face ids ---------------------------------------------------------------------------------


def test_the_picker_list_is_the_hubs_83_ids():
    assert len(HUB_IDS) == len(set(HUB_IDS)) == 83


def test_the_id_map_covers_the_picker_exactly(kb):
    mapped = {m.name.casefold() for m in kb.id_map.values() if "hugging-face" in m.origin}
    extra = mapped - {i.casefold() for i in HUB_IDS}
    assert {i.casefold() for i in HUB_IDS} <= mapped
    assert extra == {"open-mdw"}  # the Hub's OpenMDW filter tag, not a picker id


@pytest.mark.parametrize("hub_id", HUB_IDS)
def test_every_hub_id_resolves_to_one_license(kb, hub_id):
    (license_id,) = kb.resolve(hub_id).alternatives
    assert license_id in kb.licenses


def test_licenses_lists_the_hub_ids_as_aliases():
    result = runner.invoke(app, ["licenses", "--format", "json"])
    assert result.exit_code == 0
    aliases = {name.casefold() for lic in json.loads(result.stdout) for name in (lic["id"], *lic["aliases"])}
    assert {i.casefold() for i in HUB_IDS} <= aliases


@pytest.mark.parametrize("name, expected", [("openrail", "OpenRAIL"), ("cc-by-nc-sa-3.0", "CC-BY-NC-SA-3.0"),
                                            ("apple-ascl", "Apple-Sample-Code"), ("openmdw-1.0", "OpenMDW-1.0"),
                                            ("deepfloyd-if-license", "DeepFloyd-IF")])
def test_licenses_show_takes_a_hub_id(name, expected):
    result = runner.invoke(app, ["licenses", "show", name])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{expected}: ")


def test_unversioned_families_read_conservatively(kb):
    # The most restrictive Creative Commons license: no commercial use, no adaptation shared.
    cc = kb.describe("cc")
    assert not cc.grants("commercial-use") and not cc.terms["amalgamate"].shareable
    assert kb.describe("gpl").id == "GPL-3.0-only" and kb.describe("lgpl").id == "LGPL-3.0-only"
    assert "declare the exact one" in kb.resolve("gpl").notes[0]


@pytest.mark.parametrize("deprecated, current", [("GPL-3.0", "GPL-3.0-only"), ("GPL-2.0+", "GPL-2.0-or-later"),
                                                 ("LGPL-2.1+", "LGPL-2.1-or-later"), ("AGPL-3.0", "AGPL-3.0-only")])
def test_deprecated_spdx_ids_resolve_with_a_note(kb, deprecated, current):
    resolution = kb.resolve(deprecated)
    assert resolution.alternatives == (current,)
    assert any("deprecated SPDX id" in note for note in resolution.notes)
    shown = runner.invoke(app, ["licenses", "show", deprecated])
    assert "deprecated SPDX id" in shown.stdout


def test_a_deprecated_id_with_an_exception_reads_as_with(kb):
    assert kb.resolve("GPL-2.0-with-classpath-exception").alternatives == (
        "GPL-2.0-only WITH Classpath-exception-2.0",)


# -- licenses nobody knows ----------------------------------------------------------------------------

UNKNOWN_FORMS = ["unknown", "other", "NOASSERTION"]


def _unknown_project(declared: str) -> str:
    return (f"works:\n  base: {{type: model, license: {declared}}}\n  data: {{type: data, license: CC0-1.0}}\n"
            "steps:\n  tuned: {activity: finetune, inputs: [base], data: [data]}\n"
            "release:\n  - {work: tuned, policy: personal}\n  - {work: tuned, policy: sell, form: saas}\n"
            "  - {work: base, policy: personal}\n")


@pytest.mark.parametrize("declared", [*UNKNOWN_FORMS, "other, license_name: qwen-research"])
def test_an_unknown_license_is_never_compliant(kb, tmp_path, declared):
    for compliant, codes in findings(kb, _unknown_project(declared)):
        assert not compliant and "license-unknown" in codes
    result = run(tmp_path, _unknown_project(declared), "check", "--format", "json")
    assert result.exit_code == 1
    messages = [f["message"] for f in json.loads(result.stdout)["findings"] if f["code"] == "license-unknown"]
    assert len(messages) == 3  # every release the work reaches
    assert all("declare it" in message for message in messages)
    if "license_name" in declared:
        assert "'qwen-research' is not declared" in messages[0]


def test_an_unknown_license_is_reached_through_an_aux_use_too(kb):
    text = ("works:\n  teacher: {type: model, license: unknown}\n  student: {type: model, license: MIT}\n"
            "steps:\n  distilled: {activity: distill, inputs: [teacher], data: [student]}\n"
            "release: {work: distilled, policy: personal}\n")
    ((compliant, codes),) = findings(kb, text)
    assert not compliant and "license-unknown" in codes


def test_none_means_all_rights_reserved(kb):
    ((compliant, codes),) = findings(kb, "works:\n  a: {type: data, license: NONE}\nrelease: {work: a, policy: "
                                         "personal}\n")
    assert not compliant and codes == {"rights-not-granted"}


# -- custom licenses ----------------------------------------------------------------------------------

EXAMPLE = EXAMPLES / "everyday" / "custom-research-model-license.yaml"


def test_the_custom_license_example_is_used(kb):
    project = parse_project(EXAMPLE.read_text(encoding="utf-8"), kb)
    assert project.works["AcmeLM-7B"].alternatives == ("LicenseRef-Acme-Research-1.0",)
    report = analyze(project, kb)
    shared, sold = report.releases
    assert shared.compliant and shared.license == "LicenseRef-Acme-Research-1.0"
    # "Section 1: Research Purposes exclude any commercial use"
    assert not sold.compliant
    assert {(f.code, f.right) for f in sold.findings if f.is_error} == {("rights-not-granted", "commercial-use")}


def _custom(rights_use: str = "{granted: true, clause: 'Section 1'}") -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    return text.replace('use: {granted: true, clause: "Section 2(a): use the Model for Research Purposes"}',
                        f"use: {rights_use}")


def test_a_bad_custom_license_is_refused_at_its_line(tmp_path):
    text = _custom("{granted: yes please}")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if "yes please" in row)
    for command in ("check", "validate"):
        result = run(tmp_path, text, command)
        assert result.exit_code == 2
        assert f"project.yaml:{line}: license 'LicenseRef-Acme-Research-1.0': rights.use: needs" in result.stderr


def test_a_custom_license_id_starts_with_licenseref(tmp_path):
    result = run(tmp_path, EXAMPLE.read_text(encoding="utf-8").replace("LicenseRef-Acme-Research-1.0:", "Acme:"),
                 "validate")
    assert result.exit_code == 2 and "a custom license id starts with LicenseRef-" in result.stderr


def test_a_folder_of_custom_licenses(tmp_path):
    import yaml
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    folder = tmp_path / "company-licenses"
    folder.mkdir()
    (lic_id, definition), = data.pop("licenses").items()
    (folder / f"{lic_id}.yaml").write_text(yaml.safe_dump(definition), encoding="utf-8")
    project = tmp_path / "project.yaml"
    project.write_text(yaml.safe_dump(data), encoding="utf-8")
    without = runner.invoke(app, ["check", str(project), "--format", "json"])
    assert without.exit_code == 1 and '"license-unknown"' in without.stdout
    with_folder = runner.invoke(app, ["check", str(project), "--licenses", str(folder), "--format", "json"])
    assert with_folder.exit_code == 1 and '"license-unknown"' not in with_folder.stdout
    assert '"right": "commercial-use"' in with_folder.stdout
    (folder / f"{lic_id}.yaml").write_text(yaml.safe_dump({**definition, "family": "liberal"}), encoding="utf-8")
    broken = runner.invoke(app, ["validate", str(project), "--licenses", str(folder)])
    assert broken.exit_code == 2 and f"{lic_id}.yaml:" in broken.stderr and "'liberal' is not a family" in broken.stderr


# -- AND ----------------------------------------------------------------------------------------------


def test_and_grants_a_right_only_when_every_part_does(kb):
    # CC BY-NC 4.0 s.2(a)(1)(A): "reproduce and Share the Licensed Material, in whole or in part, for
    # NonCommercial purposes only" -- under MIT AND CC-BY-NC-4.0, selling is not granted.
    text = "works:\n  a: {type: data, license: MIT AND CC-BY-NC-4.0}\nrelease: {work: a, policy: sell}\n"
    ((compliant, codes),) = findings(kb, text)
    assert not compliant and codes == {"rights-not-granted"}
    ((compliant, _),) = findings(kb, text.replace("sell", "share"))
    assert compliant


def test_and_joins_the_obligations(kb):
    text = ("works:\n  a: {type: software, license: MIT AND Apache-2.0}\n"
            "release: {work: a, policy: share, form: binary}\n")
    report = analyze(parse_project(text, kb), kb)
    (result,) = report.releases
    assert result.compliant
    lic = kb.for_project(parse_project(text, kb)).licenses["Apache-2.0 AND MIT"]
    # MIT: "The above copyright notice and this permission notice shall be included"; Apache-2.0 s.4(a)-(d).
    assert set(lic.distribution_obligations) == {"include-license", "include-notice"}
    assert lic.grants("patent")  is False  # MIT grants no patent right, so both together do not


def test_and_relicensing_must_satisfy_every_part(kb):
    # GPL-3.0 s.5(c): "license the entire work, as a whole, under this License"; CC BY-SA 4.0 lists GPLv3
    # as a BY-SA Compatible License. A fine-tune of a GPL-3.0-only AND CC-BY-SA-4.0 model may go under
    # GPL-3.0-only, never under MIT.
    text = ("works:\n  a: {type: model, license: GPL-3.0-only AND CC-BY-SA-4.0}\n"
            "steps:\n  b: {activity: finetune, inputs: [a], license: LICENSE}\n"
            "release: {work: b, policy: share}\n")
    ((compliant, _),) = findings(kb, text.replace("LICENSE", "GPL-3.0-only"))
    assert compliant
    ((compliant, codes),) = findings(kb, text.replace("LICENSE", "MIT"))
    assert not compliant and codes == {"cannot-relicense"}


def test_or_of_and_is_a_choice_between_combined_licenses(kb):
    text = "works:\n  a: {type: data, license: (MIT OR CC-BY-NC-4.0) AND CC-BY-4.0}\nrelease: {work: a, policy: sell}\n"
    project = parse_project(text, kb)
    assert project.works["a"].alternatives == ("CC-BY-4.0 AND MIT", "CC-BY-4.0 AND CC-BY-NC-4.0")
    ((compliant, _),) = findings(kb, text)
    assert compliant  # the licensee chooses CC-BY-4.0 AND MIT


# -- WITH ---------------------------------------------------------------------------------------------

def _linked(library_license: str, release_license: str = "MIT") -> str:
    return (f"works:\n  app: {{type: software, license: MIT}}\n  lib: {{type: software, license: {library_license}}}\n"
            f"steps:\n  program: {{activity: combine, inputs: [app, lib], license: {release_license}}}\n"
            "release: {work: program, policy: sell, form: binary}\n")


@pytest.mark.parametrize("base, exception", [("GPL-2.0-only", "Classpath-exception-2.0"),
                                             ("GPL-3.0-or-later", "GCC-exception-3.1"),
                                             ("GPL-3.0-or-later", "Bison-exception-2.2")])
def test_with_an_exception_linking_leaves_the_program_free(kb, base, exception):
    # Classpath: "permission to link this library with independent modules to produce an executable,
    # regardless of the license terms of these independent modules, and to copy and distribute the
    # resulting executable under terms of your choice". GCC 3.1 s.1: "You may then convey such a
    # combination under terms of your choice". Bison: "you may create a larger work that contains part or
    # all of the Bison parser skeleton and distribute that work under terms of your choice".
    ((compliant, codes),) = findings(kb, _linked(base))
    assert not compliant and codes == {"cannot-relicense"}  # the GPL alone: the whole work under the GPL
    ((compliant, codes),) = findings(kb, _linked(f"{base} WITH {exception}"))
    assert compliant, codes


def test_classpath_does_not_free_a_modified_library(kb):
    # "An independent module is a module which is not derived from or based on this library."
    text = ("works:\n  lib: {type: software, license: GPL-2.0-only WITH Classpath-exception-2.0}\n"
            "steps:\n  patched: {activity: modify, inputs: [lib], license: MIT}\n"
            "release: {work: patched, policy: sell, form: binary}\n")
    ((compliant, codes),) = findings(kb, text)
    assert not compliant and codes == {"cannot-relicense"}


@pytest.mark.parametrize("base, exception", [("Apache-2.0", "LLVM-exception"),
                                             ("GPL-3.0-only", "Autoconf-exception-3.0")])
def test_with_a_tool_exception_the_output_is_explicitly_free(kb, base, exception):
    # LLVM: "you may redistribute such embedded portions in such Object form without complying with the
    # conditions of Sections 4(a), 4(b) and 4(d)"; Autoconf 3.0 s.1: "You have permission to propagate
    # output of Autoconf, even if such propagation would otherwise violate the terms of GPLv3".
    def project(license_id: str) -> str:
        return (f"works:\n  tool: {{type: software, license: {license_id}}}\n"
                "steps:\n  output: {activity: generate, inputs: [tool], type: software, license: MIT}\n"
                "release: {work: output, policy: sell, form: binary}\n")

    with_exception = parse_project(project(f"{base} WITH {exception}"), kb)
    (result,) = analyze(with_exception, kb).releases
    assert result.compliant
    assert not [f for f in result.findings if f.code == "rights-not-explicit"]
    term = kb.for_project(with_exception).licenses[f"{base} WITH {exception}"].terms["generate"]
    assert term.result == "independent" and term.clause.startswith(exception)


def test_an_exception_names_its_base_licenses(kb):
    for exception in kb.exceptions.values():
        assert exception.applies_to and all(base in kb.licenses for base in exception.applies_to)
        assert all(change["clause"] for change in exception.terms.values())


# -- the license files of issue 11 --------------------------------------------------------------------

NEW_FILES = ["OpenRAIL", "OpenMDW-1.0", "OpenMDW-1.1", "Apple-Sample-Code", "Apple-AMLR", "DeepFloyd-IF",
             "FAIR-NC-Research", "H-Research", "Intel-Research", "Grok-2-Community", "CC-BY-2.0", "CC-BY-2.5",
             "CC-BY-NC-2.0", "CC-BY-NC-3.0", "CC-BY-NC-ND-3.0", "CC-BY-NC-SA-2.0", "CC-BY-NC-SA-3.0", "EUPL-1.1",
             "EUPL-1.2", "MS-PL", "NCSA", "PostgreSQL", "OFL-1.1", "LPPL-1.3c", "etalab-2.0", "CDLA-Permissive-1.0",
             "EPL-1.0"]


@pytest.mark.parametrize("license_id", NEW_FILES)
def test_each_new_file_says_how_its_text_was_read(kb, license_id):
    """Checked against the vocabulary by the loader; here: it records the text it was checked against,
    or its notes say the text was not (re-)read and how it is read instead."""
    lic = kb.licenses[license_id]
    unread = any(word in (lic.notes or "") for word in ("not re-read", "could not be retrieved"))
    assert lic.text_checked is not None or unread or "Transcribed from the BigScience file" in (lic.notes or ""), \
        license_id
    assert not (lic.text_checked is not None and unread), f"{license_id}: checked, yet its notes say it was not read"
