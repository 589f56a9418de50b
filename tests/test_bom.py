"""CycloneDX and SPDX 3 documents, `clearance import` and `clearance export`: the same project,
the same verdict, whatever it was written in; import and export round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.analysis import analyze
from clearance.cli import app
from clearance.render.cyclonedx import export_cyclonedx, validate
from clearance.render.spdx3 import export_spdx
from clearance.sources.detect import load_any
from clearance.sources.project_file import load_project, parse_project
from clearance.sources.project_writer import dump_commented

from examples import EXAMPLES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CACHE = FIXTURES / "hf-cache"
BOM = FIXTURES / "bom"
LOADABLE = ["hub/llama-finetune-apache", "hub/llama-finetune-llama", "hub/llama-adapter", "hub/mistral-merge",
            "hub/gemma-gguf", "bom/llama-finetune.cdx.json", "bom/llama-finetune.spdx.json"]
REFUSED = ["hub/missing-base", "hub/qwen-finetune"]  # a license nobody knows (see test_hub.py)
runner = CliRunner()


def verdict(project, kb) -> tuple:
    report = analyze(project, kb)
    return ([r.compliant for r in report.releases], report.licenses,
            sorted((f.code, f.work, f.release) for f in report.findings))


def shape(project) -> tuple:
    """What the analysis reads of a project (not where it came from)."""
    works = {w.id: (w.type, w.alternatives, w.form) for w in project.works.values()}
    steps = {s.id: (s.activity, s.inputs, s.type, s.form, s.license) for s in project.steps.values()}
    return works, steps, [(r.work, r.policy, r.form, r.license) for r in project.releases]


@pytest.mark.parametrize("bom", ["llama-finetune.cdx.json", "llama-finetune.spdx.json"])
def test_a_bom_gives_the_verdict_of_its_project_file(kb, bom):
    by_hand = load_project(BOM / "llama-finetune.yaml", kb)
    read = load_any(BOM / bom, kb)
    assert shape(read) == shape(by_hand)
    assert verdict(read, kb) == verdict(by_hand, kb)
    assert not read.works["OpenAssistant/oasst1"].origin.path.endswith(".yaml")
    assert read.works["OpenAssistant/oasst1"].origin.element and read.works["OpenAssistant/oasst1"].origin.line


def test_cyclonedx_library_drops_model_card_and_nothing_else_clearance_reads():
    """cyclonedx-python-lib drops a component's `modelCard` (clearance reads it from the JSON) and
    its `data` (the dataset's contents and governance, which say nothing of licenses or lineage);
    everything else of the fixture survives the library's reading."""
    from cyclonedx.model.bom import Bom
    from cyclonedx.output.json import JsonV1Dot6
    raw = json.loads((BOM / "llama-finetune.cdx.json").read_text())
    out = json.loads(JsonV1Dot6(Bom.from_json(raw)).output_as_string())
    dropped: set[str] = set()

    def compare(given, kept, where: str) -> bool:
        if isinstance(given, dict):
            if not isinstance(kept, dict):
                return False
            for key, value in given.items():
                if key not in kept:
                    dropped.add(key)
                elif not compare(value, kept[key], f"{where}.{key}"):
                    return False
            return True
        if isinstance(given, list):  # components pair up by bom-ref, other items by equality
            if not isinstance(kept, list):
                return False
            keyed = {k.get("bom-ref"): k for k in kept if isinstance(k, dict) and "bom-ref" in k}
            return all(compare(i, keyed.get(i["bom-ref"]), where) if isinstance(i, dict) and "bom-ref" in i
                       else any(i == k for k in kept) for i in given)
        return given == kept

    from datetime import datetime
    given, kept = raw["metadata"].pop("timestamp"), out["metadata"].pop("timestamp")
    assert datetime.fromisoformat(given.replace("Z", "+00:00")) == datetime.fromisoformat(kept)
    raw.pop("serialNumber"), out.pop("serialNumber")
    assert compare(raw["metadata"], out["metadata"], "metadata")
    assert compare(raw["components"], out["components"], "components")
    assert dropped == {"modelCard", "data"}
    deps = {d["ref"]: set(d.get("dependsOn", [])) for d in out["dependencies"]}
    assert all(deps[d["ref"]] == set(d["dependsOn"]) for d in raw["dependencies"])


def test_export_is_valid_deterministic_and_carries_licenses_and_findings(kb):
    project = load_any(FIXTURES / "hub" / "llama-finetune-apache", kb, CACHE)
    report = analyze(project, kb)
    text = export_cyclonedx(project, report)
    assert validate(text) is None
    broken = json.loads(text)
    broken["components"][0]["type"] = "weights"
    assert validate(json.dumps(broken)) is not None  # the validator can fail
    assert text == export_cyclonedx(load_any(FIXTURES / "hub" / "llama-finetune-apache", kb, CACHE), report)
    data = json.loads(text)
    root = data["metadata"]["component"]
    acknowledged = {(lic["license"].get("id") or lic["license"].get("name"), lic["license"]["acknowledgement"])
                    for lic in root["licenses"]}
    assert ("Apache-2.0", "declared") in acknowledged
    assert root["pedigree"]["ancestors"][0]["name"] == "Llama-3.1-8B-Instruct"
    assert root["modelCard"]["modelParameters"]["datasets"] == [{"ref": "OpenAssistant/oasst1"}]
    assert any("[rights-not-granted]" in a["text"] or "[cannot-relicense]" in a["text"] for a in data["annotations"])
    spdx = export_spdx(project, report)
    assert spdx == export_spdx(project, report)
    graph = json.loads(spdx)["@graph"]
    kinds = {e.get("relationshipType") for e in graph if e["type"] == "Relationship"}
    assert {"hasDeclaredLicense", "ancestorOf", "trainedOn"} <= kinds
    assert any(e["type"] == "Annotation" and e["annotationType"] == "review" for e in graph)


@pytest.mark.parametrize("fixture", LOADABLE)
def test_import_export_import_round_trips(kb, fixture, tmp_path):
    path = FIXTURES / fixture
    original = load_any(path, kb, CACHE)
    imported = tmp_path / "project.yaml"
    result = runner.invoke(app, ["import", str(path), "--hf-cache", str(CACHE), "-o", str(imported)])
    assert result.exit_code == 0, result.output
    assert "# from " in imported.read_text()
    from_file = load_project(imported, kb)
    assert shape(from_file) == shape(original)
    assert verdict(from_file, kb) == verdict(original, kb)
    for exporter, name in ((export_cyclonedx, "bom.cdx.json"), (export_spdx, "bom.spdx.json")):
        (tmp_path / name).write_text(exporter(from_file, analyze(from_file, kb)))
        assert shape(load_any(tmp_path / name, kb)) == shape(original), name
    assert validate((tmp_path / "bom.cdx.json").read_text()) is None


@pytest.mark.parametrize("fixture", REFUSED)
def test_import_keeps_a_license_nobody_knows_unknown(fixture, tmp_path):
    """A license nobody knows is imported as the unknown license: check says no (license-unknown)
    on the card and on the project file import wrote alike."""
    args = [str(FIXTURES / fixture), "--hf-cache", str(CACHE)]
    checked = runner.invoke(app, ["check", *args, "--format", "json"])
    imported = runner.invoke(app, ["import", *args, "-o", str(tmp_path / "p.yaml")])
    assert imported.exit_code == 0, imported.output
    rechecked = runner.invoke(app, ["check", str(tmp_path / "p.yaml"), "--format", "json"])
    assert checked.exit_code == rechecked.exit_code == 1
    for result in (checked, rechecked):
        assert '"code": "license-unknown"' in result.stdout


@pytest.mark.parametrize("example", sorted((EXAMPLES / "paper").glob("*.yaml"))[:6], ids=lambda p: p.stem)
def test_export_then_import_keeps_any_project(kb, example, tmp_path):
    project = load_project(example, kb)
    for exporter, name in ((export_cyclonedx, "bom.cdx.json"), (export_spdx, "bom.spdx.json")):
        (tmp_path / name).write_text(exporter(project))
        assert shape(load_any(tmp_path / name, kb)) == shape(project), name
    assert validate((tmp_path / "bom.cdx.json").read_text()) is None


def test_import_never_overwrites_unless_forced(tmp_path):
    target = tmp_path / "project.yaml"
    target.write_text("mine\n")
    args = ["import", str(FIXTURES / "hub" / "gemma-gguf"), "--hf-cache", str(CACHE), "-o", str(target)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2 and "--force" in refused.stderr and target.read_text() == "mine\n"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0 and "gemma" in target.read_text()


def test_export_command_writes_each_format(tmp_path):
    for fmt in ("cyclonedx", "spdx"):
        result = runner.invoke(app, ["export", str(BOM / "llama-finetune.yaml"), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)


def test_commented_project_reads_back(kb):
    project = load_any(FIXTURES / "hub" / "mistral-merge", kb, CACHE)
    text = dump_commented(project, kb, ["x"])
    assert shape(parse_project(text, kb)) == shape(project)
