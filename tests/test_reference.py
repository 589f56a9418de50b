"""The reference evaluator (tests/reference.py): independent of the engine, right on hand-checked
cases, and the differential comparison has teeth (it fails on seeded engine bugs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_differential import KB, check_agreement

import clearance.core_findings
import clearance.encodings.release
from clearance.analysis import ReleaseAnalysis
from clearance.sources.project_file import parse_project

from examples import EXAMPLES
from reference import evaluate, minimal_violations, needed_rights

TESTS = Path(__file__).resolve().parent


def test_reference_uses_neither_z3_nor_the_engine() -> None:
    """Importing the reference loads no Z3, no networkx and no engine module."""
    code = ("import sys, reference; engine = ('z3', 'networkx', 'clearance.encodings', 'clearance.solver', "
            "'clearance.analysis', 'clearance.core_findings', 'clearance.graph'); "
            "print(sorted(m for m in sys.modules if m.startswith(engine)))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=TESTS, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_needed_rights_follow_policy_form_and_license() -> None:
    """Personal use needs use only; sharing needs distribution (and sublicensing unless recipients are
    licensed directly); selling adds commercial use; SaaS is distribution only where the license says so."""
    llama, gpl, agpl = KB.under("paper").get("Llama-2"), KB.get("GPL-3.0-only"), KB.get("AGPL-3.0-only")
    assert needed_rights(llama, "personal", "raw") == {"use"}
    assert needed_rights(llama, "share", "raw") == {"use", "distribute", "sublicense"}
    assert needed_rights(KB.get("Llama-2"), "share", "raw") == {"use", "distribute"}  # text: licensed directly
    assert needed_rights(gpl, "sell", "binary") == {"use", "distribute", "commercial-use"}
    assert needed_rights(gpl, "share", "saas") == {"use"}
    assert needed_rights(agpl, "share", "saas") == {"use", "distribute"}


CONFLICT = """
works:
  lib:  {type: software, license: GPL-3.0-only}
  text: {type: data, license: CC-BY-NC-SA-4.0}
  free: {type: data, license: MIT}
steps:
  mixed: {activity: amalgamate, inputs: [lib, text, free]}
release: {work: mixed, policy: share}
"""


def test_a_copyleft_conflict_by_hand() -> None:
    """GPL-3.0 and CC-BY-NC-SA-4.0 amalgamated: the result must stay under each, which cannot be. The
    one minimal way out drops either term or either declaration; the result is undetermined."""
    kb = KB.restricted(["GPL-3.0-only", "CC-BY-NC-SA-4.0", "MIT"])
    project = parse_project(CONFLICT, kb)
    evaluation = evaluate(project, kb, project.releases[0])
    assert evaluation.incompatible and not evaluation.compliant
    knowledge = [rule for rule in evaluation.problem.rules if rule.kind in ("fact", "term")]
    assert sorted(minimal_violations(evaluation.problem, knowledge)) == sorted(
        frozenset({name}) for name in [("fact", "lib", "", "GPL-3.0-only"), ("fact", "text", "", "CC-BY-NC-SA-4.0"),
                                       ("term", "lib", "mixed", "amalgamate"),
                                       ("term", "text", "mixed", "amalgamate")])
    assert evaluation.undetermined == {"mixed"}
    assert evaluation.licenses() == {"mixed": None}
    assert evaluation.required_codes == {"license-incompatible"}


def test_least_risk_license_by_hand() -> None:
    """MIT and CC-BY-4.0 data combined and shared: the result may be anything, and the least risky
    license is the preferred one (Unlicense)."""
    text = ("works:\n  a: {type: data, license: MIT}\n  b: {type: data, license: CC-BY-4.0}\n"
            "steps:\n  c: {activity: combine, inputs: [a, b]}\nrelease: {work: c, policy: share}\n")
    kb = KB.restricted(["MIT", "CC-BY-4.0"])
    project = parse_project(text, kb)
    evaluation = evaluate(project, kb, project.releases[0])
    assert evaluation.compliant and evaluation.licenses() == {"c": "Unlicense"}
    assert evaluation.explains(set()) and not evaluation.explains({"cannot-share"})


def _share_llama() -> tuple[tuple[str, ...], str]:
    return ("Llama-2", "MIT"), ("reading: paper\nworks:\n  m: {type: model, license: Llama-2}\n"
                                "release: {work: m, policy: share}\n")


def _example(name: str) -> tuple[tuple[str, ...], str]:
    return tuple(KB.licenses), (EXAMPLES / "paper" / name).read_text(encoding="utf-8")


def _no_sublicense_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    original = clearance.encodings.release.needed_rights
    monkeypatch.setattr(clearance.encodings.release, "needed_rights",
                        lambda lic, policy, form: tuple(r for r in original(lic, policy, form) if r != "sublicense"))


def _no_share_reads_as_rights(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(clearance.core_findings.GOAL_CODES, "no-share", "rights-not-granted")


def _derived_license_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    original = ReleaseAnalysis._least_risk

    def wrong(self: ReleaseAnalysis, labels: list) -> dict[str, str]:
        """The engine's choice, with every derived work put under MIT."""
        chosen = original(self, labels)
        return {work: ("MIT" if work in self.graph.project.steps else lic) for work, lic in chosen.items()}

    monkeypatch.setattr(ReleaseAnalysis, "_least_risk", wrong)


SEEDED_BUGS = [
    ("sharing needs no sublicense right", _no_sublicense_needed, _share_llama, "verdict"),
    ("cannot-share reported as rights-not-granted", _no_share_reads_as_rights,
     lambda: _example("case1b-corpus-with-translator.yaml"), "codes"),
    ("a derived work's license is not the least risky", _derived_license_changed,
     lambda: _example("case3-generation-pipeline.yaml"), "licenses"),
]


@pytest.mark.parametrize("seed, case, part", [bug[1:] for bug in SEEDED_BUGS], ids=[bug[0] for bug in SEEDED_BUGS])
def test_the_comparison_catches_a_seeded_engine_bug(monkeypatch, seed, case, part) -> None:
    """Each part of the comparison (verdict, codes, licenses) fails on an engine with a seeded bug,
    and passes on the same project without it."""
    pool, text = case()
    check_agreement(pool, text)
    seed(monkeypatch)
    with pytest.raises(AssertionError, match=part):
        check_agreement(pool, text)
