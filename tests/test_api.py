"""The Python API refuses what the command line refuses: `clearance.check` takes a path, a
mapping (a project document) or a `Project` built in code, and validates each by the project
file's rules, raising `ClearanceError` subclasses."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import clearance
from clearance import ClearanceError, InputError
from clearance.model import Input, Project, Release, Step, Work
from clearance.solver import SolverSettings

from examples import PAPER_CASES

DOC = {"works": {"a": {"type": "data", "license": "MIT"}, "b": {"type": "data", "license": "CC-BY-NC-4.0"}},
       "steps": {"c": {"activity": "combine", "inputs": ["a", "b"]}},
       "release": {"work": "c", "policy": "sell"}}


def built() -> Project:
    works = {"a": Work("a", "data", "MIT", ("MIT",)), "b": Work("b", "data", "CC-BY-NC-4.0", ("CC-BY-NC-4.0",))}
    steps = {"c": Step("c", "combine", (Input("a", "mix", "inputs"), Input("b", "mix", "inputs")), "data")}
    return Project("built", works, steps, (Release("c", "sell", "raw"),))


def test_a_path_a_mapping_and_a_project_give_the_same_verdict(tmp_path: Path) -> None:
    case = PAPER_CASES[0]
    assert clearance.check(case.path).compliant is case.compliant
    assert clearance.check(str(case.path)).compliant is case.compliant
    assert clearance.check(DOC).compliant is False
    assert clearance.check(built()).compliant is False
    assert [f.code for f in clearance.check(DOC).findings] == [f.code for f in clearance.check(built()).findings]


def changed(**what) -> Project:
    project = built()
    return replace(project, **what)


BAD_PROJECTS = [
    ("no release", changed(releases=()), "the project plans no release"),
    ("unknown policy", changed(releases=(Release("c", "steal", "raw"),)), "unknown policy 'steal'"),
    ("unknown form", changed(releases=(Release("c", "sell", "cloud"),)), "unknown form 'cloud'"),
    ("unknown license", changed(works={**built().works, "a": Work("a", "data", "MITT", ("MITT",))}),
     "unknown license 'MITT'"),
    ("unknown activity", changed(steps={"c": replace(built().steps["c"], activity="bake")}), "unknown activity"),
    ("undefined input", changed(steps={"c": replace(built().steps["c"], inputs=(Input("z", "mix", "inputs"),))}),
     "uses undefined work 'z'"),
    ("release of an undefined work", changed(releases=(Release("zz", "sell", "raw"),)), "release of undefined work"),
    ("cycle", changed(steps={"c": Step("c", "combine", (Input("d", "mix", "inputs"),), "data"),
                             "d": Step("d", "combine", (Input("c", "mix", "inputs"),), "data")}),
     "the steps form a cycle"),
    ("a work that is also a step", changed(steps={"a": Step("a", "copy", (Input("b", "mix", "inputs"),), "data"),
                                                  **built().steps}), "is both a work and a step"),
    ("a work under another id", changed(works={**built().works, "x": Work("y", "data", "MIT", ("MIT",))}),
     "is not a Work of that id"),
]


@pytest.mark.parametrize("name, project, message", BAD_PROJECTS, ids=[case[0] for case in BAD_PROJECTS])
def test_a_project_built_in_code_is_validated(name: str, project: Project, message: str) -> None:
    with pytest.raises(InputError, match=message):
        clearance.check(project)


@pytest.mark.parametrize("document, message", [
    ({**DOC, "release": {"work": "c", "policy": "steal"}}, "unknown policy 'steal'"),
    ({k: v for k, v in DOC.items() if k != "release"}, "the project plans no release"),
    ({**DOC, "works": {1.5: {"type": "data", "license": "MIT"}}}, "a key must be text"),
    ({**DOC, "steps": {"c": {"activity": "combine", "inputs": [1.5]}}}, "must be a non-empty string, not a number"),
    ({**DOC, "extra": 1}, "unknown key 'extra'"),
    ([1, 2], "takes a path, a mapping or a Project, not list"),
])
def test_a_mapping_is_validated(document, message: str) -> None:
    with pytest.raises(InputError, match=message):
        clearance.check(document)


def test_a_path_is_validated_as_the_cli_does(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("works:\n  a: {type: data, license: MIT}\n", encoding="utf-8")
    with pytest.raises(InputError, match="the project plans no release"):
        clearance.check(path)
    with pytest.raises(InputError, match="no such file"):
        clearance.check(tmp_path / "absent.yaml")


def test_other_arguments_and_settings_are_clearance_errors() -> None:
    with pytest.raises(ClearanceError, match="takes a path, a mapping or a Project"):
        clearance.check(42)
    with pytest.raises(InputError, match="the timeout must be a positive number"):
        clearance.check(DOC, SolverSettings(timeout=float("nan")))
