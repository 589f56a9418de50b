"""Same input, same bytes: JSON output does not depend on the hash seed nor on the
order of the project file's keys, even when conflict enumeration stops at its budget
(which MUSes are found first then decides what the report says)."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

COPYLEFT = ("CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "GPL-3.0-only", "GPL-2.0-only", "AGPL-3.0-only", "ODbL-1.0",
            "CDLA-Sharing-1.0", "GFDL-1.3-only")
PAIRS = list(itertools.combinations(COPYLEFT, 2))[:8]  # enough independent conflicts to reach the budget
SEEDS = ("0", "1", "2")


def many_conflicts(shuffle: int | None) -> str:
    """A project whose release meets one license conflict per pair of copyleft sources, each
    made in its own step; with `shuffle`, its sections, works, steps and keys in a random order."""
    rng = random.Random(shuffle)
    works, steps = [], []
    for index, (first, second) in enumerate(PAIRS):
        works.append(f"  a{index}: {{type: data, license: {first}}}")
        works.append(f"  b{index}: {{license: {second}, type: data}}")
        steps.append(f"  m{index}: {{activity: augment, inputs: [a{index}, b{index}]}}")
    steps.append("  all: {activity: combine, inputs: [" + ", ".join(f"m{i}" for i in range(len(PAIRS))) + "]}")
    sections = [["works:", *works], ["steps:", *steps], ["release: {work: all, policy: share}"]]
    if shuffle is not None:
        for section in sections:
            body = section[1:]
            rng.shuffle(body)
            section[1:] = body
        rng.shuffle(sections)
    return "\n".join(line for section in sections for line in section) + "\n"


def run_json(command: str, path: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-m", "clearance", command, str(path), "--format", "json"],
                            capture_output=True, env=env, timeout=300)
    assert result.returncode == 1, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> list[Path]:
    paths = []
    for shuffle in (None, 1, 2):
        folder = tmp_path_factory.mktemp(f"order{shuffle}")
        path = folder / "many.yaml"  # one name: the report names the project after its file
        path.write_text(many_conflicts(shuffle))
        paths.append(path)
    return paths


@pytest.mark.parametrize("command", ["check", "explain", "suggest"])
def test_budget_limited_json_is_identical_across_hash_seeds_and_key_orders(projects, command):
    seeds = SEEDS if command != "suggest" else SEEDS[1:]  # suggest takes seconds a run: fewer runs
    runs = [run_json(command, projects[0], seed) for seed in seeds]
    runs += [run_json(command, path, seeds[-1]) for path in projects[1:] if command != "suggest" or path == projects[1]]
    assert runs[0] and all(output == runs[0] for output in runs[1:])


def test_the_project_is_budget_limited(projects):
    """The case above is the hard one: the enumeration really stops before it is complete."""
    assert b'"capped": true' in run_json("explain", projects[0], "0")
