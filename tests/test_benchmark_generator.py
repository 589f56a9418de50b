"""The benchmark generator writes valid, deterministic project files of each shape."""

from __future__ import annotations

import subprocess
import sys

import pytest

from clearance.analysis import analyze
from clearance.grouping import group_project
from clearance.sources.project_file import load_project

from examples import EXAMPLES

ROOT = EXAMPLES.parent


def generate(shape: str, size: int, path) -> bytes:
    # `-m` from the repository root: the root joins sys.path only after start-up, so the
    # `encodings/` folder cannot shadow the standard library's module.
    subprocess.run([sys.executable, "-m", "benchmarks.generate", shape, str(size), "-o", str(path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    return path.read_bytes()


@pytest.mark.parametrize(("shape", "size", "works", "steps"), [("corpus", 40, 44, 8), ("chain", 12, 13, 12),
                                                               ("diamond", 3, 2, 6)])
def test_each_shape_loads_analyses_and_is_deterministic(kb, tmp_path, shape, size, works, steps):
    first = generate(shape, size, tmp_path / "a.yaml")
    assert generate(shape, size, tmp_path / "b.yaml") == first
    project = load_project(tmp_path / "a.yaml", kb)
    assert (len(project.works), len(project.steps)) == (works, steps)
    report = analyze(project, kb)
    assert report.releases and all(result.license for result in report.releases)
    if shape == "corpus":
        assert len(group_project(project).project.works) < len(project.works)
