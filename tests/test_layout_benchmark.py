"""The layout benchmark runs and prints one row per shape and size (a small size: the real numbers are
in docs/benchmarks.md). Run as the docs say, from the repository root as a module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_layout_benchmark_prints_a_row_per_shape():
    result = subprocess.run([sys.executable, "-m", "benchmarks.layout", "--sizes", "20", "--repeat", "1",
                             "--shapes", "corpus,chain"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| shape |") and len(lines) == 4
    assert lines[2].startswith("| corpus | 20 |") and lines[3].startswith("| chain | 20 |")
    assert all(float(cell) >= 0 for line in lines[2:] for cell in line.strip("|").split("|")[4:])
