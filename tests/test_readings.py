"""The two readings: the loader builds each license as each reading says, a project or the
command line chooses, and the report names the reading it used."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from clearance.exceptions import KnowledgeBaseError
from clearance.knowledge_base import load_knowledge_base
from clearance.sources.project_file import parse_project

from examples import EXAMPLES

runner = CliRunner()
SHARE_LLAMA = """
works:
  llama: {type: model, license: Llama-2}
steps:
  tuned: {activity: finetune, inputs: [llama]}
release: {work: tuned, policy: share}
"""


def test_every_departure_gives_both_values_and_the_body_holds_the_used_one(kb):
    for reading in ("text", "paper"):
        other = kb.under(reading)
        assert other.reading == reading and other.under("text").licenses == kb.licenses
    for lic in kb.licenses.values():
        for departure in lic.departures:
            assert set(departure.values) == {"text", "paper"}, (lic.id, departure.key)
            assert departure.keys


def test_a_departure_whose_used_value_is_not_the_body_is_refused(tmp_path: Path):
    source = Path(str(resources.files("clearance.licenses")))
    for entry in source.glob("*.yaml"):
        shutil.copy(entry, tmp_path / entry.name)
    llama = tmp_path / "Llama-2.yaml"
    llama.write_text(llama.read_text().replace("      text: true\n      paper: false", "      text: false\n"
                                               "      paper: true"), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tmp_path)
    assert any("Llama-2.yaml: departures[1].values." in problem for problem in caught.value.problems)


def test_the_project_file_chooses_the_reading(kb):
    assert parse_project(SHARE_LLAMA, kb).reading == "text"
    assert parse_project("reading: paper\n" + SHARE_LLAMA, kb).reading == "paper"


def test_an_unknown_reading_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text("reading: papers\n" + SHARE_LLAMA, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "unknown reading 'papers'" in result.output
    path.write_text(SHARE_LLAMA, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--reading", "both"])
    assert result.exit_code == 2 and "unknown reading 'both'" in result.output


@pytest.mark.parametrize("command", ["check", "explain", "suggest"])
def test_the_option_overrides_the_file(tmp_path: Path, command: str):
    """Llama 2 preamble: 'by using or distributing any portion or element of the Llama Materials, you
    agree to be bound by this Agreement', so under the text reading the recipients of a shared
    fine-tune hold their own license; the paper (case IV(b)) reads 'no sublicense right'."""
    path = tmp_path / "p.yaml"
    path.write_text("reading: paper\n" + SHARE_LLAMA, encoding="utf-8")
    assert runner.invoke(app, [command, str(path)]).exit_code == 1
    assert runner.invoke(app, [command, str(path), "--reading", "text"]).exit_code == 0


def test_the_report_names_its_reading(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text(SHARE_LLAMA, encoding="utf-8")
    text = runner.invoke(app, ["check", str(path)]).output
    assert "Reading: text (the license texts, where they are explicit)" in text
    data = json.loads(runner.invoke(app, ["check", str(path), "--format", "json", "--reading", "paper"]).output)
    assert data["reading"] == "paper"


def test_paper_examples_declare_the_paper_reading(kb):
    for path in sorted((EXAMPLES / "paper").glob("*.yaml")):
        assert parse_project(path.read_text(encoding="utf-8"), kb).reading == "paper", path.name
