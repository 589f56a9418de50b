"""Determined licenses a person can read (issue 10 s.3): a work no component imposes a license on is
never headlined under the Unlicense, and a conflict still names the license the largest consistent part
of the terms requires, marked as conflicting. Each scenario quotes the clause it rests on."""

from __future__ import annotations

import json

import pytest
import z3
from typer.testing import CliRunner

import clearance.determination as determination
from clearance.analysis import analyze
from clearance.cli import app
from clearance.exceptions import InconclusiveError
from clearance.sources.project_file import parse_project

from examples import EXAMPLES

MERGE = EXAMPLES / "everyday" / "merge-mit-apache.yaml"
FREE = "no license imposed: your choice; least restrictive: Unlicense"
runner = CliRunner()


def _run(*args: str) -> str:
    return runner.invoke(app, [str(arg) for arg in args]).output


def test_a_merge_of_mit_and_apache_models_is_not_headlined_under_the_unlicense():
    # MIT: "The above copyright notice and this permission notice shall be included in all copies or
    # substantial portions of the Software"; Apache-2.0 s.4: "You may ... provide additional or different
    # license terms and conditions ... for any such Derivative Works as a whole". Neither names the
    # merge's license, but both notices travel with it.
    text = _run("check", MERGE)
    headline = text.splitlines()[2]
    assert FREE in headline and "under Unlicense" not in text
    travels = text.splitlines()[3]
    assert "travel with its components" in travels
    assert "model-a (MIT): include the license text" in travels and "model-b (Apache-2.0)" in travels
    assert FREE in _run("check", MERGE, "--format", "markdown")
    html = _run("check", MERGE, "--format", "html")
    assert f"<b>{FREE}</b>" in html and "travel with its components" in html
    release = json.loads(_run("check", MERGE, "--format", "json"))["releases"][0]
    assert (release["license"], release["license_imposed"], release["least_restrictive"],
            release["license_conflicting"]) == ("Unlicense", False, "Unlicense", False)
    assert "your choice" in _run("graph", MERGE, "--check", "--format", "mermaid")
    assert FREE in _run("notice", MERGE)


GPL_MERGE = """
works:
  a: {type: software, license: GPL-3.0-only}
  b: {type: software, license: MIT}
steps:
  merged: {activity: merge, inputs: [a, b]}
release: {work: merged, policy: share}
"""


def test_a_license_a_component_imposes_is_headlined(kb):
    # GPL-3.0 s.5(c): "You must license the entire work, as a whole, under this License to anyone who
    # comes into possession of a copy."
    result = analyze(parse_project(GPL_MERGE, kb), kb).releases[0]
    assert result.license == "GPL-3.0-only"
    assert result.determination.imposed and not result.determination.free


INTENDED = """
works:
  a: {type: model, license: MIT}
steps:
  tuned: {activity: finetune, inputs: [a], license: Apache-2.0}
release: {work: tuned, policy: share}
"""


def test_intended_license_wording(kb, tmp_path):
    # MIT: "the rights to use, copy, modify, merge, publish, distribute, sublicense": the project may put
    # the fine-tune under Apache-2.0; nothing imposes that, the project chose it.
    path = tmp_path / "intended.yaml"
    path.write_text(INTENDED)
    headline = _run("check", path).splitlines()[2]
    assert "under Apache-2.0 (no license imposed: your choice)" in headline


PAPER_CONFLICTS = [("case2a-moe-saas.yaml", "experts"), ("case4b-distill-and-fuse-nlp.yaml", "fused")]


@pytest.mark.parametrize(("name", "work"), PAPER_CONFLICTS)
def test_a_conflict_reports_the_license_its_largest_consistent_part_requires(name, work):
    # GPL-3.0 s.10: "You may not impose any further restrictions on the exercise of the rights granted or
    # affirmed under this License": the use restrictions conflict with the GPL-3.0 the work must take.
    path = EXAMPLES / "paper" / name
    document = _run("check", path, "--format", "json")
    release = json.loads(document)["releases"][0]
    assert (release["work"], release["license"], release["license_conflicting"]) == (work, "GPL-3.0-only", True)
    assert release["licenses"][work] is None and release["conflicting_licenses"] == {work: "GPL-3.0-only"}
    assert release["conflicting_alternatives"] == []  # no part as large requires another license
    text = _run("check", path)
    assert f"{work}, sold" in text and "under GPL-3.0-only, conflicting" in text
    assert "license conflicting: the largest consistent part of the license terms requires GPL-3.0-only" in text
    assert _run("check", path, "--format", "json") == document  # deterministic


def test_equally_large_consistent_parts_are_all_named():
    # Llama 3.1 s.1(b)(i): "provide a copy of this Agreement with any such Llama Materials" (the fine-tune
    # stays under it); CC BY-NC 4.0 s.3(a)(4): the Adapter's License must not prevent compliance with this
    # Public License (BY-NC-SA or BY-NC-ND). Each term alone is as large a consistent part as the other.
    path = EXAMPLES / "everyday" / "llama31-finetune-nc-api.yaml"
    release = json.loads(_run("check", path, "--format", "json"))["releases"][0]
    assert release["license_conflicting"]
    assert {release["license"], *release["conflicting_alternatives"]} == {"CC-BY-NC-4.0", "Llama-3.1"}
    assert "an equally large part requires" in _run("check", path)


def test_an_optimizer_that_cannot_decide_is_inconclusive(kb, monkeypatch):
    # The solver's `unknown` is never read as an answer (exit code 3).
    project = parse_project((EXAMPLES / "paper" / "case2a-moe-saas.yaml").read_text(), kb)
    monkeypatch.setattr(determination, "FROM_CONFLICTS", False)  # else the conflicts' hitting sets answer
    monkeypatch.setattr(z3.Optimize, "check", lambda self, *args: z3.unknown)
    with pytest.raises(InconclusiveError):
        analyze(project, kb)


def test_a_bom_concludes_no_license_that_nothing_imposes():
    # MIT and Apache-2.0 s.4 let the merge go under any terms: the BOM's concluded license would be the
    # least restrictive choice, not a conclusion, so it is left out; the declared licenses stay.
    for output in ("cyclonedx", "spdx"):
        bom = _run("export", MERGE, "--format", output)
        assert "Unlicense" not in bom and "Apache-2.0" in bom, output
    gpl = _run("export", EXAMPLES / "paper" / "case1b-corpus-with-translator.yaml", "--format", "cyclonedx")
    assert "concluded" in gpl and "GPL-3.0-only" in gpl
