"""The knowledge base: every license file checks against the vocabulary, the
paper's Table 2 is covered under its own names, and a broken file is reported
with its file and key, all problems at once."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from clearance.exceptions import KnowledgeBaseError, UnknownLicenseError
from clearance.knowledge_base import DATA_FILES, NOT_LICENSE_FILES, load_knowledge_base
from clearance.model import RIGHTS

TABLE_2 = [
    "Apache-2.0", "Unlicense", "MIT", "AFL-3.0", "GPL-3.0", "AGPL-3.0", "LGPL-3.0", "LGPL-2.1", "BSD-3-Clause",
    "BSD-3-Clause-Clear", "BSD-2-Clause", "Artistic-2.0", "WTFPL-2.0", "OSL-3.0", "ECL-2.0",
    "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-4.0",
    "PDDL", "C-UDA", "LGPL-LR", "GFDL",
    "OpenRAIL++", "CreativeML-OpenRAIL-M", "BigScience-BLOOM-RAIL-1.0", "Llama2", "OPT-175B", "SEER",
]
ALSO_REQUIRED = [
    "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-or-later", "LGPL-2.1-or-later", "LGPL-3.0-or-later",
    "AGPL-3.0-or-later", "MPL-2.0", "EPL-2.0", "ISC", "BSL-1.0", "Zlib", "CC-BY-3.0", "CC-BY-SA-3.0",
    "ODC-By-1.0", "ODbL-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "BigScience-OpenRAIL-M",
    "BigCode-OpenRAIL-M", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma", "mrl", "mnpl",
]
HUB_IDS = ["creativeml-openrail-m", "llama3.1", "cc-by-nc-4.0", "apache-2.0", "openrail++", "gpl-3.0"]


def test_at_least_55_licenses(kb):
    assert len(kb.licenses) >= 55


@pytest.mark.parametrize("name", TABLE_2 + ALSO_REQUIRED + HUB_IDS)
def test_every_required_license_resolves(kb, name):
    assert kb.get(name).id


def test_names_match_case_insensitively(kb):
    assert kb.get("cc-by-nc-sa-4.0").id == "CC-BY-NC-SA-4.0"
    assert kb.get("lgpl-lr").id == kb.get("LGPL-LR").id


def test_unknown_license_has_a_did_you_mean(kb):
    with pytest.raises(UnknownLicenseError, match="did you mean CC-BY-NC-4.0"):
        kb.get("CC-BY-NC-4")


def test_every_license_is_complete(kb):
    for lic in kb.licenses.values():
        assert lic.url.startswith("http"), lic.id
        assert set(lic.rights) == set(RIGHTS), lic.id
        assert all(grant.clause for grant in lic.rights.values()), lic.id
        assert set(lic.terms) == set(kb.vocabulary.term_activities), lic.id
        assert all(term.clause for term in lic.terms.values()), lic.id
        assert all(other in kb.licenses for other in lic.compatible), lic.id


def test_aliases_are_unique(kb):
    seen: dict[str, str] = {}
    for lic in kb.licenses.values():
        for name in {n.casefold() for n in (lic.id, *lic.aliases)}:
            assert seen.setdefault(name, lic.id) == lic.id, name


def test_file_names_match_ids():
    folder = resources.files("clearance.licenses")
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml") and entry.name not in DATA_FILES + NOT_LICENSE_FILES:
            assert yaml.safe_load(entry.read_text(encoding="utf-8"))["id"] == entry.name[:-5]


def test_one_way_compatibilities_of_the_issue(kb):
    assert "GPL-3.0-only" in kb.get("CC-BY-SA-4.0").compatible
    assert {"CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0"} <= set(kb.get("CC-BY-4.0").compatible)
    assert "CC-BY-NC-SA-4.0" in kb.get("CC-BY-NC-4.0").compatible
    assert "AGPL-3.0-only" in kb.get("GPL-3.0").compatible
    # The paper treats AGPL-3.0 and GPL-3.0 as compatible both ways; AGPL s.13 keeps the AGPL part under it.
    assert "GPL-3.0-only" in kb.under("paper").get("AGPL-3.0").compatible
    assert "GPL-3.0-only" not in kb.get("AGPL-3.0").compatible
    assert "GPL-2.0-only" in kb.get("LGPL-2.1").compatible


def test_every_problem_is_reported_with_file_and_key(tmp_path: Path):
    source = Path(str(resources.files("clearance.licenses")))
    for entry in source.glob("*.yaml"):
        shutil.copy(entry, tmp_path / entry.name)
    mit = yaml.safe_load((tmp_path / "MIT.yaml").read_text())
    mit["family"] = "liberal"
    mit["rights"]["use"] = {"granted": "yes"}
    del mit["terms"]["train"]
    (tmp_path / "MIT.yaml").write_text(yaml.safe_dump(mit))
    gpl = yaml.safe_load((tmp_path / "GPL-3.0-only.yaml").read_text())
    gpl["compatible"] = ["No-Such-License"]
    gpl["aliases"] = ["mit"]
    (tmp_path / "GPL-3.0-only.yaml").write_text(yaml.safe_dump(gpl))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tmp_path)
    problems = "\n".join(caught.value.problems)
    assert "MIT.yaml: family: 'liberal' is not a family" in problems
    assert "MIT.yaml: rights.use" in problems
    assert "MIT.yaml: terms.train: missing" in problems
    assert "GPL-3.0-only.yaml: compatible: 'No-Such-License'" in problems
    assert "is also a name of GPL-3.0-only" in problems
    assert len(caught.value.problems) >= 5


def test_interpretation_page_is_current(kb):
    from clearance.interpretation import render

    page = Path(__file__).resolve().parent.parent / "docs" / "interpretation.md"
    regenerate = "run: python -m clearance.interpretation > docs/interpretation.md"
    assert page.read_text(encoding="utf-8") == render(kb), regenerate


def test_expression_resolution_is_memoised_per_distinct_string(kb, monkeypatch):
    """Issue 16: a large project names a few expressions thousands of times; each distinct string
    goes through the SPDX parser once per knowledge base, and errors are raised every time."""
    import dataclasses

    import clearance.knowledge_base as module

    calls: list[str] = []
    real = module.resolve
    monkeypatch.setattr(module, "resolve", lambda base, text: calls.append(text) or real(base, text))
    fresh = dataclasses.replace(kb)
    strings = ("MIT OR Apache-2.0", "apache-2.0", "MIT AND CC-BY-4.0", "CC0-1.0")
    results = [fresh.alternatives(strings[index % len(strings)]) for index in range(400)]
    assert sorted(calls) == sorted(strings)
    assert results[:4] == [real(kb, text).alternatives for text in strings]
    assert fresh.resolve("MIT AND CC-BY-4.0") is fresh.resolve("MIT AND CC-BY-4.0")
    for _ in range(2):
        with pytest.raises(UnknownLicenseError):
            fresh.alternatives("NO-SUCH-LICENSE")
    assert calls.count("NO-SUCH-LICENSE") == 2


def test_a_did_you_mean_hint_is_searched_for_only_when_it_is_read(kb, monkeypatch):
    # The card reader reads an unknown id as a custom license and drops the error: the difflib
    # search for its hint was 85 % of building an audit's project.
    import pickle

    calls: list[str] = []
    monkeypatch.setattr(type(kb), "suggest", lambda self, name: calls.append(name) or "did you mean X?")
    with pytest.raises(UnknownLicenseError) as caught:
        kb.get("apache2")
    assert calls == []
    assert str(caught.value) == "unknown license 'apache2' (did you mean X?)" and calls == ["apache2"]
    again = pickle.loads(pickle.dumps(caught.value))  # as a worker process sends it
    assert (type(again), again.hint, str(again)) == (UnknownLicenseError, "did you mean X?", str(caught.value))
