"""suggest against check on a hub of many releases (issue 15: suggest within 3x of check).

Generates `releases N` (benchmarks/generate.py), runs `clearance check` and `clearance suggest`
on it as separate processes, and prints the CPU time of each (user + system of the child, which
a loaded machine does not inflate as it does wall time) and their ratio.

Usage: `python -m benchmarks.suggest_releases [--size 10000] [--timeout 1200]`."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import generate


def _measure(command: list[str], timeout: float) -> tuple[float, float, int]:
    """CPU seconds and wall seconds of one process, and its exit code."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return cpu, wall, done.returncode


def main(argv: list[str] | None = None) -> int:
    """Measure check and suggest on `releases --size`; print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--timeout", type=float, default=1200.0)
    args = parser.parse_args(argv)
    executable = shutil.which("clearance") or sys.exit("benchmarks: the clearance command is not installed")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"releases-{args.size}.yaml"
        generate.write("releases", args.size, path)
        rows = []
        for name in ("check", "suggest"):
            command = [executable, name, str(path), "-q", "--timeout", str(args.timeout)]
            rows.append((name, *_measure(command, args.timeout + 60)))
    print(f"| command on releases {args.size} | CPU s | wall s | exit |")
    print("|---|---|---|---|")
    for name, cpu, wall, code in rows:
        print(f"| {name} | {cpu:.1f} | {wall:.1f} | {code} |")
    print(f"\nsuggest / check (CPU): {rows[1][1] / rows[0][1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
