"""The hub benchmark's memory reading: with `--jobs`, the audit's workers are not its own children
(they are the forkserver's), so the peak is summed over the whole process tree (runner.tree_rss)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from benchmarks.hub import runner

# A parent that starts a child holding 64 MiB, then waits: the tree holds both.
TREE = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c",
    "import sys, time; block = bytearray(64 << 20); print('ready', flush=True); time.sleep(30)"],
    stdout=subprocess.PIPE, text=True)
child.stdout.readline()
print("ready", flush=True)
child.wait()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_tree_rss_counts_the_processes_under_the_child():
    parent = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "ready"
        (child,) = [pid for pid, ppid in runner._parents().items() if ppid == parent.pid]
        below = runner.tree_rss(child)
        assert below >= 64 << 20  # the child's block
        assert runner.tree_rss(parent.pid) > below  # the parent's own pages, and the child's
    finally:
        for pid, ppid in runner._parents().items():
            if ppid == parent.pid:
                os.kill(pid, signal.SIGTERM)
        parent.wait(timeout=10)
    assert runner.tree_rss(parent.pid) == 0  # ended: nothing to count


def test_verdict_reads_the_tree_peak_against_the_memory_target():
    measure = runner.Measure(1_000_000, wall_seconds=200.0, peak_rss=1 << 30, peak_tree_rss=5 << 30)
    assert "misses 4 GiB" in runner.verdict([measure])
    measure.peak_tree_rss = 2 << 30
    assert "meets 4 GiB" in runner.verdict([measure]) and "meets 5 min" in runner.verdict([measure])
