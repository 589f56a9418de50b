"""A license nobody knows in a lineage that conflicts: its terms take no part in the conflicts, so
they neither hide the conflicts among the known licenses nor cost an enumeration of every path
they reach; and a release put under a license nobody knows stays license-unknown."""

from __future__ import annotations

from clearance.analysis import ReleaseAnalysis, analyze
from clearance.findings import error_codes
from clearance.graph import ProjectGraph
from clearance.grouping import group_project
from clearance.knowledge_base import load_knowledge_base
from clearance.solver import SolverSettings
from clearance.sources.project_file import parse_project

KB = load_knowledge_base()

# A fine-tune of Llama 3.1 on data nobody knows the license of, then LoRAs declared Apache-2.0,
# then a merge with a Llama merge: the unknown data's terms (read as keeping every result under
# them) meet Llama's along every path, 50 conflicts and more.
LINEAGE = """
project: llama lineage with unknown data
works:
  llama-8b: {type: model, license: Llama-3.1}
  llama-70b: {type: model, license: Llama-3.1}
  llama-8b-instruct: {type: model, license: Llama-3.1}
  mystery: {type: data, license: unknown}
  public: {type: data, license: CC-BY-4.0}
steps:
  tuned: {activity: finetune, inputs: [llama-8b], data: [mystery]}
  lora1: {activity: finetune, inputs: [tuned], license: Apache-2.0}
  lora2: {activity: finetune, inputs: [lora1], data: [public], license: Apache-2.0}
  lora3: {activity: finetune, inputs: [lora2], license: Apache-2.0}
  merged: {activity: merge, inputs: [llama-70b, llama-8b, llama-8b-instruct], license: Llama-3.1}
  final: {activity: merge, inputs: [lora3, merged]}
release: {work: final, policy: share}
"""


def analysis_of(text: str) -> ReleaseAnalysis:
    project = group_project(parse_project(text, KB)).project
    kb = KB.under(project.reading).for_project(project)
    analysis = ReleaseAnalysis(ProjectGraph(project, kb), kb, project.releases[0], SolverSettings())
    analysis.run()
    return analysis


def test_the_unknown_license_does_not_hide_a_known_conflict() -> None:
    # Llama-3.1.yaml, terms.amalgamate, Section 1(b)(i): "If you distribute or make available the
    # Llama Materials (or any derivative works thereof) ... you shall (A) provide a copy of this
    # Agreement with any such Llama Materials": a fine-tune stays under the Llama license, so
    # lora1 declared Apache-2.0 is cannot-relicense, whatever else it was trained on.
    [result] = analyze(parse_project(LINEAGE, KB), KB).releases
    errors = [f for f in result.findings if f.is_error]
    assert {(f.code, f.work) for f in errors} >= {("license-unknown", "mystery"), ("cannot-relicense", "llama-8b")}


def test_its_conflicts_are_not_enumerated_path_by_path() -> None:
    analysis = analysis_of(LINEAGE)
    assert not analysis.capped
    assert analysis.set_aside and all(label.work == "mystery" for label in analysis.set_aside)
    assert all(label.work != "mystery" for core in analysis.conflicts for label in core)
    assert analysis.problem.checks < 200  # the enumeration through every path took 900 and was cut at 50


def test_what_its_terms_reach_is_undetermined() -> None:
    [result] = analyze(parse_project(LINEAGE, KB), KB).releases
    assert result.licenses["tuned"] is None  # trained on data nobody knows the license of


def test_a_known_lineage_is_enumerated_as_before() -> None:
    analysis = analysis_of(LINEAGE.replace("license: unknown", "license: CC-BY-NC-4.0"))
    assert not analysis.set_aside


def test_a_release_put_under_a_license_nobody_knows_is_license_unknown() -> None:
    # The work may be under CC-BY-SA-3.0, but its release under a license nobody knows gives its
    # recipients unknown terms (the same label as the work's own unknown alternative: it used to
    # replace the release's goal, and the release passed).
    [result] = analyze(parse_project("""
project: p
works:
  w0: {type: software, license: unknown OR CC-BY-SA-3.0}
release: {work: w0, policy: personal, license: unknown}
""", KB), KB).releases
    assert not result.compliant
    assert "license-unknown" in error_codes(result.findings)
