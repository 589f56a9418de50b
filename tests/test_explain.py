"""`explain`: every independent conflict, each a minimal unsatisfiable set of
tracked constraints, rendered as a short chain of reasons."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from clearance.encodings import encode_release
from clearance.explain import explain
from clearance.graph import ProjectGraph
from clearance.solver import SolverSettings, TrackedProblem
from clearance.sources.project_file import load_project, parse_project

from examples import PAPER_CASES

NON_COMPLIANT = [case for case in PAPER_CASES if not case.compliant]
runner = CliRunner()


def _problem(project, kb, release):
    kb = kb.under(project.reading)
    encoding = encode_release(ProjectGraph(project, kb), kb, release)
    problem = TrackedProblem(encoding.background, encoding.constraints, SolverSettings())
    return problem, {label.name: label for label in problem.labels}


@pytest.mark.parametrize("case", NON_COMPLIANT, ids=lambda c: c.name)
def test_explain_gives_the_papers_errors(kb, case):
    project = load_project(case.path, kb)
    conflicts = [c for item in explain(project, kb) for c in item.conflicts]
    found = {(c.code, c.work, c.right or c.activity) for c in conflicts}
    assert case.errors <= found
    for conflict in conflicts:
        assert conflict.because and len(conflict.because) <= 8, conflict


@pytest.mark.parametrize("case", NON_COMPLIANT, ids=lambda c: c.name)
def test_every_conflict_is_a_minimal_unsatisfiable_set(kb, case):
    project = load_project(case.path, kb)
    for item in explain(project, kb):
        problem, by_name = _problem(project, kb, item.release)
        for conflict in item.conflicts:
            mus = [by_name[name] for name in conflict.labels]
            assert not problem.is_sat(mus)
            for label in mus:
                assert problem.is_sat([other for other in mus if other != label]), (conflict.labels, label)


@pytest.mark.parametrize("case", NON_COMPLIANT, ids=lambda c: c.name)
def test_relicensing_any_listed_work_to_cc0_resolves_its_conflict(kb, case):
    project = load_project(case.path, kb)
    for index, item in enumerate(explain(project, kb)):
        for conflict in item.conflicts:
            for work in conflict.works:
                changed = replace(project, works={**project.works, work: replace(
                    project.works[work], license="CC0-1.0", alternatives=("CC0-1.0",))})
                problem, by_name = _problem(changed, kb, changed.releases[index])
                # A constraint the new license no longer makes (e.g. no right is missing) is gone.
                kept = [by_name[name] for name in conflict.labels
                        if name in by_name and not name.startswith(f"fact:{work}:")]
                # No declaration to track when no other constraint names the work: it is then a
                # constant under CC0-1.0 (encodings.release.PRUNE).
                fact = [by_name[name] for name in (f"fact:{work}:CC0-1.0",) if name in by_name]
                assert problem.is_sat([*kept, *fact]), (conflict.labels, work)


TWO_CONFLICTS = """
reading: paper   # under the text reading CC-BY-ND s.2(a)(1)(A) lets the unmodified laws be shared
works:
  papers: {type: data, license: CC-BY-NC-4.0}
  laws:   {type: data, license: CC-BY-ND-4.0}
  wiki:   {type: data, license: CC-BY-4.0}
steps:
  corpus: {activity: combine, inputs: [papers, laws, wiki]}
release: {work: corpus, policy: sell, form: raw}
"""

ONE_CONFLICT = """
works:
  papers: {type: data, license: CC-BY-NC-4.0}
  wiki:   {type: data, license: CC-BY-4.0}
steps:
  corpus: {activity: combine, inputs: [papers, wiki]}
release: {work: corpus, policy: sell, form: raw}
"""


def test_two_independent_conflicts_are_both_listed(kb):
    [item] = explain(parse_project(TWO_CONFLICTS, kb), kb)
    found = sorted((c.code, c.work, c.right) for c in item.conflicts)
    assert found == [("rights-not-granted", "laws", "distribute"), ("rights-not-granted", "papers", "commercial-use")]
    assert not item.capped


def test_one_conflict_is_listed_once(kb):
    [item] = explain(parse_project(ONE_CONFLICT, kb), kb)
    assert [(c.code, c.work, c.works) for c in item.conflicts] == [("rights-not-granted", "papers", ("papers",))]
    assert item.conflicts[0].because == (
        "papers is licensed CC-BY-NC-4.0",
        "corpus is sold as files, which needs commercial use for papers",
        "CC-BY-NC-4.0 grants no commercial use (Section 1(i): NonCommercial; "
        "Section 2(a)(1)(A)-(B): “for NonCommercial purposes only”)",
    )


def test_a_compliant_project_has_no_conflict(kb):
    text = ONE_CONFLICT.replace("CC-BY-NC-4.0", "CC-BY-4.0")
    assert [item.conflicts for item in explain(parse_project(text, kb), kb)] == [[]]


def test_cli_json_and_cap(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(TWO_CONFLICTS)
    result = runner.invoke(app, ["explain", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["format"] == "clearance.reasons/1"
    assert [c["work"] for c in data["conflicts"]] == ["laws", "papers"]
    assert {"release", "code", "works", "because"} <= set(data["conflicts"][0])
    assert data["releases"] == [{"work": "corpus", "policy": "sell", "form": "raw", "conflicts": 2, "capped": False,
                                 "stopped_by": None}]
    capped = runner.invoke(app, ["explain", str(path), "--max", "1"])
    assert capped.exit_code == 1 and "1 conflict (the first ones: there may be more, raise --max)" in capped.output
    capped = runner.invoke(app, ["explain", str(path), "--budget", "1", "--format", "json"])
    assert json.loads(capped.output)["releases"][0]["stopped_by"] == "budget"
    capped = runner.invoke(app, ["explain", str(path), "--budget", "1"])
    assert "the solver-check budget ran out before the search was complete, raise --budget" in capped.output
    again = runner.invoke(app, ["explain", str(path), "--format", "json"])
    assert again.output == result.output


def test_cli_compliant_project_exits_zero(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(ONE_CONFLICT.replace("CC-BY-NC-4.0", "CC-BY-4.0"))
    result = runner.invoke(app, ["explain", str(path)])
    assert result.exit_code == 0 and "no conflict" in result.output


def test_cli_rejects_a_bad_cap(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(ONE_CONFLICT)
    result = runner.invoke(app, ["explain", str(path), "--max", "0"])
    assert result.exit_code == 2 and "--max" in result.output


# Under the paper's reading CC-BY-NC-ND-4.0 grants no redistribution at all; the text reading lets its
# unmodified material be shared (s.2(a)(1)(A)), and then both alternatives fail only on cannot-share.
DUAL_ND = """
reading: paper
works:
  scans: {type: data, license: "CC-BY-NC-ND-3.0 OR CC-BY-NC-ND-4.0"}
steps:
  mixed: {activity: amalgamate, inputs: [scans]}
release: {work: mixed, policy: share}
"""


def test_a_choice_between_licenses_names_the_one_each_right_is_missing_under(kb):
    """Neither alternative grants both rights (3.0 no modify, 4.0 no distribute): the reasons name
    the alternative each right is missing under, not the chosen license for both."""
    from clearance.analysis import analyze

    [result] = analyze(parse_project(DUAL_ND, kb), kb).releases
    because = [sentence for f in result.findings if f.is_error for sentence in f.because]
    assert any(s.startswith("CC-BY-NC-ND-3.0 grants no right to modify") for s in because), because
    assert any(s.startswith("CC-BY-NC-ND-4.0 grants no right to distribute") for s in because), because
    assert not any(s.startswith(("CC-BY-NC-ND-4.0 grants no right to modify",
                                 "CC-BY-NC-ND-3.0 grants no right to distribute")) for s in because), because
